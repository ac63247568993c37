//! The pages that list records: briefings, actors, places and sources a
//! page at a time, the tags, and each tag's briefings.

use serde::Serialize;

use super::{page_of, paged, single, PageContext};
use crate::domain::{ActorKind, Kind, PlaceKind};
use crate::model::Source;
use crate::render::{paginate, LinkView, Shared, TagView, Views};
use crate::route::Route;

/// What `briefings.html` adds: one page of every briefing, newest first.
#[derive(Serialize)]
pub struct BriefingsPage {
    /// `BriefingItem`s, made once per build (`Views::briefing_entry`).
    pub briefings: Vec<Shared>,
}

/// What `actors.html` adds: one page of the actors.
#[derive(Serialize)]
pub struct ActorsPage<'v> {
    pub actors: Vec<ActorRow<'v>>,
}

/// An actor as the list shows it, with how much cites it.
#[derive(Serialize)]
pub struct ActorRow<'v> {
    pub id: &'v str,
    pub name: &'v str,
    pub url: String,
    pub kind: &'v Option<ActorKind>,
    pub aliases: &'v [String],
    pub has_profile: bool,
    /// How many briefings, figures and quotes name it.
    pub briefings: usize,
    pub figures: usize,
    pub quotes: usize,
}

/// What `places.html` adds: one page of the places.
#[derive(Serialize)]
pub struct PlacesPage<'v> {
    pub places: Vec<PlaceRow<'v>>,
}

/// A place as the list shows it.
#[derive(Serialize)]
pub struct PlaceRow<'v> {
    pub id: &'v str,
    pub name: &'v str,
    pub url: String,
    pub kind: &'v Option<PlaceKind>,
    pub within: Option<LinkView>,
    pub aliases: &'v [String],
    /// How many briefings, events and figures name it.
    pub briefings: usize,
    pub events: usize,
    pub figures: usize,
}

/// What `sources.html` adds: one page of the sources.
#[derive(Serialize)]
pub struct SourcesPage<'v> {
    pub sources: Vec<SourceRow<'v>>,
}

/// A source as the list shows it.
#[derive(Serialize)]
pub struct SourceRow<'v> {
    #[serde(flatten)]
    pub source: SourceFields<'v>,
    /// How many briefings and figures cite it.
    pub briefings: usize,
    pub figures: usize,
}

/// What the list of sources and a source's own page both show of it.
#[derive(Serialize)]
pub struct SourceFields<'v> {
    pub id: &'v str,
    pub title: &'v str,
    pub outlet: &'v str,
    pub url: String,
    pub published: String,
    pub published_long: String,
    pub link: &'v Option<String>,
    pub archived: &'v Option<String>,
    pub language: &'v Option<String>,
    pub reliability: Option<String>,
}

impl<'v> SourceFields<'v> {
    pub(super) fn of(v: &Views<'_>, s: &'v Source) -> SourceFields<'v> {
        SourceFields {
            id: &s.id,
            title: &s.title,
            outlet: &s.outlet,
            url: v.url(Kind::Source, &s.id),
            published: s.published.iso(),
            published_long: s.published.long(),
            link: &s.url,
            archived: &s.archived,
            language: &s.language,
            reliability: s.reliability.map(String::from),
        }
    }
}

/// What `tags.html` adds: every tag.
#[derive(Serialize)]
pub struct TagsPage {
    pub tags: Vec<TagView>,
}

/// What `tag.html` adds: the tag and one page of its briefings.
#[derive(Serialize)]
pub struct TagPage {
    pub tag: TagView,
    /// `BriefingItem`s, made once per build (`Views::briefing_entry`).
    pub briefings: Vec<Shared>,
}

pub(super) fn briefings<'v>(v: &'v Views<'_>, pi: usize) -> PageContext<'v, BriefingsPage> {
    let n = v.count(Kind::Briefing);
    let per = v.config().pagination;
    let body = BriefingsPage {
        briefings: page_of(n, pi, per)
            .map(|i| v.briefing_entry(v.listed(Kind::Briefing, i)))
            .collect(),
    };
    paged(
        v,
        "briefings",
        "Briefings",
        &v.route(Route::Briefings),
        "Every briefing, newest first.",
        (pi, n),
        body,
    )
}

pub(super) fn actors<'v>(v: &'v Views<'_>, pi: usize) -> PageContext<'v, ActorsPage<'v>> {
    let n = v.count(Kind::Actor);
    let actors = page_of(n, pi, v.config().pagination)
        .map(|i| {
            let a = v.actor(i);
            let r = v.backrefs(Kind::Actor, &a.id);
            ActorRow {
                id: &a.id,
                name: &a.name,
                url: v.url(Kind::Actor, &a.id),
                kind: &a.kind,
                aliases: &a.aliases,
                has_profile: a.has_profile,
                briefings: r.map_or(0, |r| r.briefings.len()),
                figures: r.map_or(0, |r| r.figures.len()),
                quotes: r.map_or(0, |r| r.quotes.len()),
            }
        })
        .collect();
    paged(
        v,
        "actors",
        "Actors",
        &v.route(Route::Actors),
        "Who acted, claimed and spoke.",
        (pi, n),
        ActorsPage { actors },
    )
}

pub(super) fn places<'v>(v: &'v Views<'_>, pi: usize) -> PageContext<'v, PlacesPage<'v>> {
    let n = v.count(Kind::Place);
    let places = page_of(n, pi, v.config().pagination)
        .map(|i| {
            let p = v.place(i);
            let r = v.backrefs(Kind::Place, &p.id);
            PlaceRow {
                id: &p.id,
                name: &p.name,
                url: v.url(Kind::Place, &p.id),
                kind: &p.kind,
                within: p.within.as_deref().map(|w| v.place_link(w)),
                aliases: &p.aliases,
                briefings: r.map_or(0, |r| r.briefings.len()),
                events: r.map_or(0, |r| r.events.len()),
                figures: r.map_or(0, |r| r.figures.len()),
            }
        })
        .collect();
    paged(
        v,
        "places",
        "Places",
        &v.route(Route::Places),
        "Where events happened and figures were counted.",
        (pi, n),
        PlacesPage { places },
    )
}

pub(super) fn sources<'v>(v: &'v Views<'_>, pi: usize) -> PageContext<'v, SourcesPage<'v>> {
    let n = v.count(Kind::Source);
    let sources = page_of(n, pi, v.config().pagination)
        .map(|i| {
            let s = v.source(i);
            let r = v.backrefs(Kind::Source, &s.id);
            SourceRow {
                source: SourceFields::of(v, s),
                briefings: r.map_or(0, |r| r.briefings.len()),
                figures: r.map_or(0, |r| r.figures.len()),
            }
        })
        .collect();
    paged(
        v,
        "sources",
        "Sources",
        &v.route(Route::Sources),
        "Every report cited, and what rests on it.",
        (pi, n),
        SourcesPage { sources },
    )
}

pub(super) fn tags<'v>(v: &'v Views<'_>) -> PageContext<'v, TagsPage> {
    let tags = v
        .tags()
        .into_iter()
        .map(|(slug, _)| v.tag_view(slug))
        .collect();
    single(
        v,
        "tags",
        "Tags",
        v.route(Route::Tags),
        "Briefings by topic.",
        TagsPage { tags },
    )
}

pub(super) fn tag<'v>(v: &'v Views<'_>, i: usize, pi: usize) -> PageContext<'v, TagPage> {
    let (slug, name) = v.tags()[i];
    let tag = v.tag_view(slug);
    let tagged = v.tagged(slug);
    let url = tag.url.clone();
    let briefings = paginate::slice(tagged, pi, v.config().pagination)
        .iter()
        .map(|&i| v.briefing_entry(i))
        .collect();
    paged(
        v,
        "tag",
        &format!("Tag: {name}"),
        &url,
        format!("Briefings tagged “{name}”."),
        (pi, tagged.len()),
        TagPage { tag, briefings },
    )
}
