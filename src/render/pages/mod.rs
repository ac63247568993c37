//! The Tera context of each page, as typed structs.
//!
//! A page is listed cheaply as a `PageJob` (its path, template and
//! `PageKind`); its context is built only when it is rendered, so the
//! contexts of thousands of pages never coexist. Each kind of page has a
//! small function in a file of its concern (`home`, `briefing`, `lists`,
//! `records`, `timeline`, `changes`; the ledger's in `render::ledger`) that
//! returns a `#[derive(Serialize)]` struct borrowing from the model. The
//! struct is what templates see: `docs/templates.md` describes it field by
//! field, and `tests/contexts.rs` fails when the two drift apart. Contexts
//! read the model only through `Views`, so that `serve` knows what each
//! page depends on.

mod briefing;
mod changes;
mod home;
mod lists;
mod records;
mod timeline;

use std::borrow::Cow;

use serde::Serialize;
use tera::Context;

use super::ledger::LedgerPage;
use super::{paginate, FigureView, Paginator, Shared, Views};
use crate::derive::{Backrefs, Derived};
use crate::domain::Kind;
use crate::model::{Revisions, Site};
use crate::route::{self, Route};

pub(crate) use briefing::source as briefing_source;
pub use briefing::{BriefingPage, BriefingSource, BriefingView};
pub use changes::{ChangeDay, ChangesPage};
pub use home::{Counts, HomePage, HomeView};
pub use lists::{ActorRow, ActorsPage, PlaceRow, PlacesPage, SourceFields, SourceRow, SourcesPage};
pub use lists::{BriefingsPage, TagPage, TagsPage};
pub use records::{ActorPage, ActorView, PlacePage, PlaceView, SourcePage, SourceView};
pub use timeline::{TimelineDay, TimelineEntry, TimelinePage};

/// Which page to render: cheap to list, its context is built only when it
/// is rendered, so the contexts of thousands of pages never coexist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    Home,
    /// Page of the list, from 0 (as in every kind with a page).
    Briefings(usize),
    Briefing(usize),
    Timeline(usize),
    Casualties(usize),
    Actors(usize),
    /// The actor, and the page of what it lists.
    Actor(usize, usize),
    Places(usize),
    Place(usize, usize),
    Sources(usize),
    Source(usize, usize),
    Tags,
    /// The tag, and the page of its briefings.
    Tag(usize, usize),
    /// Page of `/changes/`, from 0.
    Changes(usize),
    NotFound,
}

/// A page to render: its output path, template and what it shows.
#[derive(Debug, Clone)]
pub struct PageJob {
    pub path: String,
    pub template: &'static str,
    pub kind: PageKind,
}

/// What every page has: `page`, about the page itself.
#[derive(Serialize)]
pub struct PageMeta<'v> {
    /// `home`, `briefing`, `actors`…: which kind of page.
    pub kind: &'v str,
    pub title: Cow<'v, str>,
    /// Root-relative URL of this page (of this page of a list).
    pub url: String,
    /// The same, absolute (`base_url`).
    pub canonical: String,
    pub description: Cow<'v, str>,
    /// The section of the site's navigation the page is in (`section`).
    pub section: &'static str,
    /// The kind the search index shows beside the page (`search_kind`).
    pub search_kind: &'static str,
    /// The site's header as `partials/header.html` renders it, made once
    /// per build for each section (see `shared`); none when the theme
    /// has no such partial, or when it needs more than `site` and
    /// `page.section` to render.
    pub header: Option<Shared>,
}

/// The section of the navigation a kind of page is in: a list and its
/// records are one section. Empty for pages outside the navigation.
///
/// `base.html` marks the current section by comparing this once per link,
/// where comparing `kind` took two comparisons for most links: every page
/// runs `base.html`, 17,000 times at 10,000 briefings.
fn section(kind: &str) -> &'static str {
    match kind {
        "briefings" | "briefing" => "briefings",
        "timeline" => "timeline",
        "casualties" => "casualties",
        "actors" | "actor" => "actors",
        "places" | "place" => "places",
        "sources" | "source" => "sources",
        "search" => "search",
        _ => "",
    }
}

/// What the search index shows as a page's kind, for the kinds it indexes
/// (a record's page); empty for the others. `base.html` reads it rather
/// than build a map of the four kinds on every page.
fn search_kind(kind: &str) -> &'static str {
    match kind {
        "briefing" => "Briefing",
        "actor" => "Actor",
        "place" => "Place",
        "source" => "Source",
        _ => "",
    }
}

/// A page's whole context: what every page has (`site`, `page`,
/// `paginator`) and what its kind adds (`body`, whose fields sit at the
/// top level beside them).
#[derive(Serialize)]
pub struct PageContext<'v, T> {
    /// `SiteView`, made once per build.
    pub site: Shared,
    pub page: PageMeta<'v>,
    /// Where this page sits in its list: one page of one unless paginated.
    pub paginator: Paginator,
    #[serde(flatten)]
    pub body: T,
}

/// The context of any page: one variant per kind, each the typed context
/// of its template. It serializes as the context itself.
#[derive(Serialize)]
#[serde(untagged)]
pub enum AnyPage<'v> {
    Home(PageContext<'v, HomePage<'v>>),
    Briefings(PageContext<'v, BriefingsPage>),
    Briefing(PageContext<'v, BriefingPage<'v>>),
    Timeline(PageContext<'v, TimelinePage>),
    Casualties(PageContext<'v, LedgerPage<'v>>),
    Actors(PageContext<'v, ActorsPage<'v>>),
    Actor(PageContext<'v, ActorPage<'v>>),
    Places(PageContext<'v, PlacesPage<'v>>),
    Place(PageContext<'v, PlacePage<'v>>),
    Sources(PageContext<'v, SourcesPage<'v>>),
    Source(PageContext<'v, SourcePage<'v>>),
    Tags(PageContext<'v, TagsPage>),
    Tag(PageContext<'v, TagPage>),
    Changes(PageContext<'v, ChangesPage>),
    NotFound(PageContext<'v, Bare>),
}

/// A figure's view as a page shows it: borrowed from the one made for the
/// build (`Views::figure_view_ref`), not cloned (42 fields, some twenty
/// reference counts, for each figure of each page). It serializes as the
/// view itself.
#[derive(Serialize, Clone)]
#[serde(untagged)]
pub enum ShownFigure<'v> {
    Kept(&'v FigureView<'v>),
    /// A figure the build has no view of (no such figure): made here.
    Made(Box<FigureView<'v>>),
}

impl<'v> ShownFigure<'v> {
    /// Figure `fi`'s view, as `Views::figure_view` makes it.
    pub fn of(v: &'v Views<'_>, fi: usize) -> ShownFigure<'v> {
        match v.figure_view_ref(fi) {
            Some(view) => ShownFigure::Kept(view),
            None => ShownFigure::Made(Box::new(v.figure_view(fi))),
        }
    }
}

/// Nothing beyond what every page has: `404.html`, and `search.html`
/// before `publish` adds its `search`.
#[derive(Serialize)]
pub struct Bare {}

/// A record's revisions as its page shows them: `updated`,
/// `updated_long` and `corrections`, beside the record's other fields.
#[derive(Serialize)]
pub struct Revised {
    /// `updated:` as `2022-01-10`, if given.
    pub updated: Option<String>,
    /// The same in words: `10 January 2022`.
    pub updated_long: Option<String>,
    pub corrections: Vec<super::CorrectionView>,
}

impl Revised {
    pub fn of(r: &Revisions) -> Revised {
        Revised {
            updated: r.updated.map(|d| d.iso()),
            updated_long: r.updated.map(|d| d.long()),
            corrections: corrections_view(r),
        }
    }
}

/// The corrections of a page, newest first.
pub(super) fn corrections_view(r: &Revisions) -> Vec<super::CorrectionView> {
    r.corrections
        .iter()
        .map(|c| super::CorrectionView {
            date: c.date.iso(),
            date_long: c.date.long(),
            text: c.text.clone(),
        })
        .collect()
}

/// What every page has, for a page of one (not a list cut into pages).
fn single<'v, T>(
    v: &Views<'_>,
    kind: &'v str,
    title: impl Into<Cow<'v, str>>,
    url: String,
    description: impl Into<Cow<'v, str>>,
    body: T,
) -> PageContext<'v, T> {
    // One page unless the page says otherwise (see `paginate`).
    let paginator = paginate::paginator(&url, 1, 1, 0);
    PageContext {
        site: v.site_ref(),
        page: meta(v, kind, title.into(), url, description.into()),
        paginator,
        body,
    }
}

fn meta<'v>(
    v: &Views<'_>,
    kind: &'v str,
    title: Cow<'v, str>,
    url: String,
    description: Cow<'v, str>,
) -> PageMeta<'v> {
    let config = v.config();
    let section = section(kind);
    PageMeta {
        kind,
        title,
        canonical: route::absolute(&config.base_path, &config.base_url, &url),
        url,
        description,
        section,
        search_kind: search_kind(kind),
        header: v.header(section),
    }
}

/// What every page has, for page `index` (from 0) of a list of `items`
/// entries whose first page is at `url`: the title and URL of that page,
/// and its `paginator`.
fn paged<'v, T>(
    v: &Views<'_>,
    kind: &'v str,
    title: &str,
    url: &str,
    description: impl Into<Cow<'v, str>>,
    (index, items): (usize, usize),
    body: T,
) -> PageContext<'v, T> {
    let pages = paginate::count(items, v.config().pagination);
    let number = index + 1;
    PageContext {
        site: v.site_ref(),
        page: meta(
            v,
            kind,
            paginate::title(title, number, pages).into(),
            route::paged(url, number),
            description.into(),
        ),
        paginator: paginate::paginator(url, number, pages, items),
        body,
    }
}

/// A Tera context from a typed one, built in one pass.
fn to_context<T: Serialize>(typed: &T) -> Context {
    // A struct always serializes as a map, so this cannot fail; were it
    // to, the template's first variable would be reported missing rather
    // than the build panicking.
    Context::from_serialize(typed).unwrap_or_default()
}

/// The context every page starts from: `site`, `page` (kind, title,
/// root-relative url, absolute canonical URL, description) and a
/// `paginator` of one page. For pages made outside this module (`search`).
pub fn ctx(v: &Views<'_>, kind: &str, title: &str, url: &str, description: &str) -> Context {
    to_context(&single(
        v,
        kind,
        title,
        url.to_string(),
        description,
        Bare {},
    ))
}

/// The typed context of one page.
pub fn typed_context<'v>(v: &'v Views<'_>, kind: PageKind) -> AnyPage<'v> {
    match kind {
        PageKind::Home => AnyPage::Home(home::context(v)),
        PageKind::Briefings(pi) => AnyPage::Briefings(lists::briefings(v, pi)),
        PageKind::Briefing(bi) => AnyPage::Briefing(briefing::context(v, bi)),
        PageKind::Timeline(pi) => AnyPage::Timeline(timeline::context(v, pi)),
        PageKind::Casualties(pi) => AnyPage::Casualties(casualties(v, pi)),
        PageKind::Actors(pi) => AnyPage::Actors(lists::actors(v, pi)),
        PageKind::Actor(i, pi) => AnyPage::Actor(records::actor(v, i, pi)),
        PageKind::Places(pi) => AnyPage::Places(lists::places(v, pi)),
        PageKind::Place(i, pi) => AnyPage::Place(records::place(v, i, pi)),
        PageKind::Sources(pi) => AnyPage::Sources(lists::sources(v, pi)),
        PageKind::Source(i, pi) => AnyPage::Source(records::source(v, i, pi)),
        PageKind::Tags => AnyPage::Tags(lists::tags(v)),
        PageKind::Tag(i, pi) => AnyPage::Tag(lists::tag(v, i, pi)),
        PageKind::Changes(pi) => AnyPage::Changes(changes::context(v, pi)),
        PageKind::NotFound => AnyPage::NotFound(single(
            v,
            "404",
            "Page not found",
            route::url_of_path(&v.config().base_path, route::NOT_FOUND),
            "",
            Bare {},
        )),
    }
}

/// The Tera context of one page.
pub fn page_context(v: &Views<'_>, kind: PageKind) -> Context {
    to_context(&typed_context(v, kind))
}

/// The Tera context of one page and, if `hash`, a hash of it: what `serve`
/// keeps of a context to tell whether a page must be rendered again. The
/// typed context is walked into the hasher (see `render::hash`), its
/// fields in the order they are declared and its lists in order, so equal
/// contexts hash equal.
pub fn hashed_context(v: &Views<'_>, kind: PageKind, hash: bool) -> (Context, Option<u64>) {
    let typed = typed_context(v, kind);
    let hash = hash.then(|| super::hash::hash_of(&typed));
    (to_context(&typed), hash)
}

/// `casualties.html`: page `pi` of the ledger (see `render::ledger`).
fn casualties<'v>(v: &'v Views<'_>, pi: usize) -> PageContext<'v, LedgerPage<'v>> {
    let per = v.config().pagination;
    paged(
        v,
        "casualties",
        "Casualty ledger",
        &v.route(Route::Casualties),
        "Every reported figure, with who claimed it, when, and on what source.",
        (pi, ledger_len(v.ledger())),
        super::ledger::page(v, paginate::window(pi, per)),
    )
}

/// How many pages `/changes/` takes (at least one), `per` entries a page
/// (the `pagination` setting, as for every other list).
pub fn changes_pages(derived: &Derived, per: usize) -> usize {
    derived.changes.len().div_ceil(per.max(1)).max(1)
}

/// How many entries the longest list of a record's page has (its
/// briefings, figures, figures relayed, events, quotes): what it paginates.
pub fn refs_len(r: Option<&Backrefs>) -> usize {
    r.map_or(0, |r| {
        [
            r.briefings.len(),
            r.figures.len(),
            r.figures_via.len(),
            r.events.len(),
            r.quotes.len(),
        ]
        .into_iter()
        .max()
        .unwrap_or(0)
    })
}

/// Positions `pi * per .. (pi + 1) * per` of a list of `len`, clamped.
fn page_of(len: usize, pi: usize, per: usize) -> std::ops::Range<usize> {
    let w = paginate::window(pi, per);
    w.start.min(len)..w.end.min(len)
}

/// How many figures the ledger lists, over all measures and groups.
pub fn ledger_len(measures: &[crate::derive::ledger::MeasureLedger]) -> usize {
    measures
        .iter()
        .flat_map(|m| &m.groups)
        .map(|g| g.figures.len())
        .sum()
}

/// Every page of the site, in a stable order.
pub fn page_jobs(site: &Site, derived: &Derived) -> Vec<PageJob> {
    let per = site.config.pagination;
    let mut jobs = vec![PageJob {
        path: Route::Home.path(1),
        template: "index.html",
        kind: PageKind::Home,
    }];
    // Every page of a list of `len` entries at `route`.
    let mut list =
        |route: Route<'_>, len: usize, template: &'static str, kind: &dyn Fn(usize) -> PageKind| {
            jobs.extend((0..paginate::count(len, per)).map(|i| PageJob {
                path: route.path(i + 1),
                template,
                kind: kind(i),
            }))
        };
    list(
        Route::Briefings,
        site.briefings.len(),
        "briefings.html",
        &PageKind::Briefings,
    );
    for (i, b) in site.briefings.iter().enumerate() {
        list(
            Route::Record(Kind::Briefing, &b.id),
            1,
            "briefing.html",
            &|_| PageKind::Briefing(i),
        );
    }
    list(
        Route::Timeline,
        derived.timeline.len(),
        "timeline.html",
        &PageKind::Timeline,
    );
    list(
        Route::Casualties,
        ledger_len(&derived.ledger.measures),
        "casualties.html",
        &PageKind::Casualties,
    );
    list(
        Route::Actors,
        site.actors.len(),
        "actors.html",
        &PageKind::Actors,
    );
    for (i, a) in site.actors.iter().enumerate() {
        let len = refs_len(derived.actors.get(&a.id));
        list(Route::Record(Kind::Actor, &a.id), len, "actor.html", &|p| {
            PageKind::Actor(i, p)
        });
    }
    list(
        Route::Places,
        site.places.len(),
        "places.html",
        &PageKind::Places,
    );
    for (i, p) in site.places.iter().enumerate() {
        let len = refs_len(derived.places.get(&p.id));
        list(Route::Record(Kind::Place, &p.id), len, "place.html", &|n| {
            PageKind::Place(i, n)
        });
    }
    list(
        Route::Sources,
        site.sources.len(),
        "sources.html",
        &PageKind::Sources,
    );
    for (i, s) in site.sources.iter().enumerate() {
        let len = refs_len(derived.sources.get(&s.id));
        list(
            Route::Record(Kind::Source, &s.id),
            len,
            "source.html",
            &|n| PageKind::Source(i, n),
        );
    }
    list(Route::Tags, 1, "tags.html", &|_| PageKind::Tags);
    for (i, t) in site.tags.iter().enumerate() {
        let len = derived.tags.get(&t.slug).map_or(0, Vec::len);
        list(Route::Tag(&t.slug), len, "tag.html", &|n| {
            PageKind::Tag(i, n)
        });
    }
    jobs.extend(
        (0..changes_pages(derived, site.config.pagination)).map(|i| PageJob {
            path: Route::Changes.path(i + 1),
            template: "changes.html",
            kind: PageKind::Changes(i),
        }),
    );
    jobs.push(PageJob {
        path: route::NOT_FOUND.into(),
        template: "404.html",
        kind: PageKind::NotFound,
    });
    jobs
}
