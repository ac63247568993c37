//! The page of one actor, place or source: the record, and a page of what
//! names it (briefings, figures, events, quotes; see `Views::record_refs`).

use serde::Serialize;

use super::{paged, refs_len, PageContext, Revised, SourceFields};
use crate::domain::{ActorKind, Kind, PlaceKind};
use crate::render::{LinkView, RecordRefs, Views};

/// What `actor.html` adds to every page's context.
#[derive(Serialize)]
pub struct ActorPage<'v> {
    pub actor: ActorView<'v>,
    pub refs: RecordRefs<'v>,
}

#[derive(Serialize)]
pub struct ActorView<'v> {
    pub id: &'v str,
    pub name: &'v str,
    pub url: String,
    pub kind: &'v Option<ActorKind>,
    pub aliases: &'v [String],
    pub country: Option<LinkView>,
    pub part_of: Option<LinkView>,
    /// Actors that are `part_of` this one.
    pub members: Vec<LinkView>,
    /// The profile as HTML.
    pub body: String,
    pub has_profile: bool,
    #[serde(flatten)]
    pub revised: Revised,
}

/// What `place.html` adds to every page's context.
#[derive(Serialize)]
pub struct PlacePage<'v> {
    pub place: PlaceView<'v>,
    pub refs: RecordRefs<'v>,
}

#[derive(Serialize)]
pub struct PlaceView<'v> {
    pub id: &'v str,
    pub name: &'v str,
    pub url: String,
    pub kind: &'v Option<PlaceKind>,
    pub aliases: &'v [String],
    pub within: Option<LinkView>,
    /// Places `within` this one.
    pub contains: Vec<LinkView>,
    pub body: String,
    pub has_profile: bool,
    #[serde(flatten)]
    pub revised: Revised,
}

/// What `source.html` adds to every page's context.
#[derive(Serialize)]
pub struct SourcePage<'v> {
    pub source: SourceView<'v>,
    pub refs: RecordRefs<'v>,
}

#[derive(Serialize)]
pub struct SourceView<'v> {
    #[serde(flatten)]
    pub source: SourceFields<'v>,
    /// Actors whose words the source relays.
    pub relays: Vec<LinkView>,
    pub note: &'v Option<String>,
    pub body: String,
    #[serde(flatten)]
    pub revised: Revised,
}

pub(super) fn actor<'v>(v: &'v Views<'_>, i: usize, pi: usize) -> PageContext<'v, ActorPage<'v>> {
    let a = v.actor(i);
    let url = v.url(Kind::Actor, &a.id);
    let refs = v.backrefs(Kind::Actor, &a.id);
    let actor = ActorView {
        id: &a.id,
        name: &a.name,
        url: url.clone(),
        kind: &a.kind,
        aliases: &a.aliases,
        country: a.country.as_deref().map(|p| v.place_link(p)),
        part_of: a.part_of.as_deref().map(|p| v.actor_link(p)),
        members: v
            .members(&a.id)
            .into_iter()
            .map(|x| v.actor_link(x))
            .collect(),
        body: v.markdown(v.body(Kind::Actor, &a.id)),
        has_profile: a.has_profile,
        revised: Revised::of(&a.revisions),
    };
    paged(
        v,
        "actor",
        &a.name,
        &url,
        format!("{}: briefings, claims and quotes.", a.name),
        (pi, refs_len(refs)),
        ActorPage {
            actor,
            refs: v.record_refs(refs, pi),
        },
    )
}

pub(super) fn place<'v>(v: &'v Views<'_>, i: usize, pi: usize) -> PageContext<'v, PlacePage<'v>> {
    let p = v.place(i);
    let url = v.url(Kind::Place, &p.id);
    let refs = v.backrefs(Kind::Place, &p.id);
    let place = PlaceView {
        id: &p.id,
        name: &p.name,
        url: url.clone(),
        kind: &p.kind,
        aliases: &p.aliases,
        within: p.within.as_deref().map(|w| v.place_link(w)),
        contains: v.children(&p.id).iter().map(|c| v.place_link(c)).collect(),
        body: v.markdown(v.body(Kind::Place, &p.id)),
        has_profile: p.has_profile,
        revised: Revised::of(&p.revisions),
    };
    paged(
        v,
        "place",
        &p.name,
        &url,
        format!("{}: events, briefings and figures.", p.name),
        (pi, refs_len(refs)),
        PlacePage {
            place,
            refs: v.record_refs(refs, pi),
        },
    )
}

pub(super) fn source<'v>(v: &'v Views<'_>, i: usize, pi: usize) -> PageContext<'v, SourcePage<'v>> {
    let s = v.source(i);
    let refs = v.backrefs(Kind::Source, &s.id);
    let source = SourceView {
        source: SourceFields::of(v, s),
        relays: s.relays.iter().map(|a| v.actor_link(a)).collect(),
        note: &s.note,
        body: v.markdown(v.body(Kind::Source, &s.id)),
        revised: Revised::of(&s.revisions),
    };
    let url = source.source.url.clone();
    paged(
        v,
        "source",
        &s.title,
        &url,
        format!("{} ({}, {}).", s.title, s.outlet, s.published.long()),
        (pi, refs_len(refs)),
        SourcePage {
            source,
            refs: v.record_refs(refs, pi),
        },
    )
}
