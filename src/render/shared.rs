//! What many pages show, made once per build.
//!
//! A figure's view is shown on its briefing's page, on the ledger and on
//! the page of each record it names: at 10,000 briefings, five times or
//! more. Most of the cost of making it is its claim, worded (`claim`) and
//! as prose names it (`inline`, with where it stands); most of the rest is
//! its links (claimant, place, source, briefing), which events, quotes
//! and briefing pages show too. Those are made once, the first time a
//! page asks for them, and kept as Tera values, which are
//! reference-counted: a page's context takes them by cloning a pointer,
//! neither making nor converting them again. A figure's whole view is
//! kept too, as its typed struct (its strings Tera's, its links shared):
//! under a kilobyte, 16 MB more at the peak of a build of 10,000
//! briefings. As Tera's value tree it would take ~6 KiB, 115 MB, against
//! issue 9's memory goal: each page still builds that tree, from parts it
//! no longer makes. A briefing's list entry is smaller (~1.3 KiB as a
//! tree, 13 MB at 10,000) and listed a dozen times (its tags, the list,
//! the timeline, each record it names): it is kept as Tera's tree.
//!
//! A list shows each figure and briefing as a row of HTML, the same on
//! every page that lists it (`partials/figure_row.html`,
//! `partials/briefing_item.html`): ~5.5 pages a figure, a dozen lists a
//! briefing. Rendered by Tera once, with the view alone as its context,
//! a row is kept in the view (`row`), and the list's partial prints it
//! as it is; rendering the rows of every page instead was a fifth of a
//! build's time. A row that does not render alone (it needs more than
//! the view, or Tera fails on it) is left out, and the list's partial
//! includes the row partial as before: the page gives the same bytes, or
//! the same error at the same place. What a row shows is the view, so a
//! page that shows it has read what the view read; a row partial edited
//! in `serve` renders every page again (`Templates::affected_since`).
//!
//! So are a source's links (`partials/source_links.html`, after each of
//! its citations: some fifteen thousand includes at 1,000 briefings, 3%
//! of a build) and an event's citations (`partials/cites.html`, on four
//! pages an event), kept in the source's and the event's views, and the
//! site's header (`partials/header.html`), once for each section of the
//! navigation, kept in `page`. What the generator renders is kept as a
//! safe string: a template prints it as it is, where `| safe` would copy
//! it for every page that shows it. Each is kept for the whole build: at
//! 10,000 briefings, ~10 MB more at the peak (the events' citations most
//! of it).
//!
//! A page must still record what it read (see `reads`). What the making of
//! a shared value read is recorded once, the first time a recording view
//! (serve's) asks for it, and each page that shows the value then records
//! those keys as if it had made it itself. A build records nothing and
//! pays nothing for it.

use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use super::hash::{hash_of, Fed};
use super::reads::Read;
use super::{EventView, FigureView, Views};
use crate::model::Site;

/// The row partials: each a figure's or a briefing's row of a list,
/// rendered once per build.
pub(crate) const FIGURE_ROW: &str = "partials/figure_row.html";
pub(crate) const BRIEFING_ITEM: &str = "partials/briefing_item.html";
/// A source's links beside a citation: rendered once per build for each
/// source as a citation (`cite_ref`) and as a figure's source
/// (`source_ref`) names it, and kept in the view as `source_links`.
pub(crate) const SOURCE_LINKS: &str = "partials/source_links.html";
/// An event's citations: rendered once per build for each event that
/// has sources, and kept in its view as `cites`.
pub(crate) const CITES: &str = "partials/cites.html";
/// The site's header: the same on every page of a section of the
/// navigation, rendered once per section and kept in `page` as `header`.
pub(crate) const HEADER: &str = "partials/header.html";
pub(crate) const ROW_PARTIALS: [&str; 5] = [FIGURE_ROW, BRIEFING_ITEM, SOURCE_LINKS, CITES, HEADER];

/// The sections of the navigation (`page.section`), the empty one (pages
/// outside it) first: one header each.
pub(crate) const SECTIONS: [&str; 8] = [
    "",
    "briefings",
    "timeline",
    "casualties",
    "actors",
    "places",
    "sources",
    "search",
];

/// The templates a view renders its rows with, and which of the row
/// partials they have (a theme of its own may have neither).
pub(crate) struct Rows {
    tera: Arc<tera::Tera>,
    figure: bool,
    entry: bool,
    links: bool,
    cites: bool,
    header: bool,
}

impl Rows {
    pub(crate) fn new(tera: Arc<tera::Tera>, has: impl Fn(&str) -> bool) -> Rows {
        Rows {
            figure: has(FIGURE_ROW),
            entry: has(BRIEFING_ITEM),
            links: has(SOURCE_LINKS),
            cites: has(CITES),
            header: has(HEADER),
            tera,
        }
    }

    /// Whether these rows are rendered with `tera`.
    pub(crate) fn from(&self, tera: &Arc<tera::Tera>) -> bool {
        Arc::ptr_eq(&self.tera, tera)
    }

    /// Partial `name` rendered with `vars` alone; `None` if it fails (the
    /// page that includes it reports the error where it is).
    fn render<const N: usize>(
        &self,
        name: &str,
        vars: [(&'static str, tera::Value); N],
    ) -> Option<String> {
        let mut ctx = tera::Context::new();
        for (var, value) in vars {
            ctx.insert_value(var, value);
        }
        self.tera.render(name, &ctx).ok()
    }

    /// `render`, kept as a safe string: printed as it is.
    fn render_shared<const N: usize>(
        &self,
        name: &str,
        vars: [(&'static str, tera::Value); N],
    ) -> Option<Shared> {
        let text = self.render(name, vars)?;
        Some(Shared::new(tera::Value::safe_string(&text)))
    }

    /// A figure's row.
    fn figure(&self, view: &FigureView<'_>) -> Option<Shared> {
        if !self.figure {
            return None;
        }
        let value = tera::Value::try_from_serializable(view).ok()?;
        self.render_shared(FIGURE_ROW, [("f", value)])
    }

    /// A briefing's list entry, with its row when it renders.
    fn entry(&self, entry: tera::Value) -> tera::Value {
        if !self.entry {
            return entry;
        }
        let row = self.render(BRIEFING_ITEM, [("b", entry.clone())]);
        with_field(entry, "row", row)
    }

    /// A source as a citation or a figure names it, with its links
    /// (`source_links`) when they render.
    fn source(&self, source: tera::Value) -> tera::Value {
        let links = self.links(source.clone());
        with_field(source, "source_links", links)
    }

    /// A source's links, rendered with `source` as `s`.
    fn links(&self, source: tera::Value) -> Option<String> {
        if !self.links {
            return None;
        }
        self.render(SOURCE_LINKS, [("s", source)])
    }

    /// The header of the pages of `section`, rendered with `site` and a
    /// `page` that has only its `section`.
    fn header(&self, site: &Shared, section: &str) -> Option<Shared> {
        if !self.header {
            return None;
        }
        let mut page = tera::Map::new();
        page.insert("section".into(), tera::Value::normal_string(section));
        self.render_shared(
            HEADER,
            [
                ("site", site.0.value.clone()),
                ("page", tera::Value::from(page)),
            ],
        )
    }

    /// An event's citations, rendered; `None` if it has none.
    fn cites(&self, sources: &[Shared]) -> Option<Shared> {
        if !self.cites || sources.is_empty() {
            return None;
        }
        let value = tera::Value::try_from_serializable(sources).ok()?;
        self.render_shared(CITES, [("cites", value)])
    }
}

/// Map `view` with `text` as its field `key`, if any; `view` as it is if
/// not (a row that did not render is left out, not null). A view is a
/// struct, so always a map.
fn with_field(view: tera::Value, key: &'static str, text: Option<String>) -> tera::Value {
    let Some(text) = text else {
        return view;
    };
    match view.into_map() {
        Some(mut map) => {
            map.insert(key.into(), tera::Value::safe_string(&text));
            tera::Value::from(map)
        }
        None => tera::Value::none(),
    }
}

/// A view made once and shared, as Tera's value tree.
///
/// Tera's serializer takes it as it is (a clone of its root, which is a
/// reference count). Serve's hash of a context (`hash`) takes the view's
/// own hash, made the first time a page is hashed and kept beside it:
/// many pages show the same view, and walking it again for each would
/// cost a fifth of their hashing. Any other serializer (the tests, JSON)
/// gets its maps with their keys sorted: Tera's maps have no order of
/// their own, and equal views must serialize to equal bytes.
#[derive(Clone)]
pub struct Shared(Arc<Held>);

/// What a `Shared` points to.
struct Held {
    value: tera::Value,
    /// The value's hash (`hash::hash_of`), once a context was hashed.
    hash: OnceLock<u64>,
}

impl Shared {
    fn new(value: tera::Value) -> Shared {
        Shared(Arc::new(Held {
            value,
            hash: OnceLock::new(),
        }))
    }
}

impl Shared {
    /// The text of a shared string (`text`); empty for any other value.
    pub(crate) fn as_str(&self) -> &str {
        self.0.value.as_str().unwrap_or("")
    }
}

impl Serialize for Shared {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let ok = std::any::type_name::<S::Ok>();
        // Only Tera's own serializer makes Tera values.
        if ok == std::any::type_name::<tera::Value>() {
            self.0.value.serialize(s)
        } else if ok == std::any::type_name::<Fed>() {
            let held = &*self.0;
            s.serialize_u64(*held.hash.get_or_init(|| hash_of(&held.value)))
        } else {
            Sorted(&self.0.value).serialize(s)
        }
    }
}

/// A Tera value serialized with its maps' keys in order.
struct Sorted<'a>(&'a tera::Value);

impl Serialize for Sorted<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if let Some(map) = self.0.as_map() {
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            let mut m = s.serialize_map(Some(entries.len()))?;
            for (k, v) in entries {
                m.serialize_entry(k, &Sorted(v))?;
            }
            m.end()
        } else if let Some(items) = self.0.as_array() {
            let mut seq = s.serialize_seq(Some(items.len()))?;
            for v in items {
                seq.serialize_element(&Sorted(v))?;
            }
            seq.end()
        } else {
            // A scalar: outside Tera's serializer, Tera writes it as such.
            self.0.serialize(s)
        }
    }
}

/// A value made once for many pages, and the keys its making read (made
/// only when a recording view asks).
struct Cell<T> {
    value: OnceLock<T>,
    reads: OnceLock<Vec<Read>>,
}

impl<T> Default for Cell<T> {
    fn default() -> Self {
        Cell {
            value: OnceLock::new(),
            reads: OnceLock::new(),
        }
    }
}

impl<T: Clone> Cell<T> {
    /// The value (`get_ref`), cloned.
    fn get<'a>(&self, v: &Views<'a>, make: impl Fn(&Views<'a>) -> T) -> T {
        self.get_ref(v, make).clone()
    }
}

impl<T> Cell<T> {
    /// The value, made by `make` if no page made it yet. A recording `v`
    /// records what `make` reads, whoever made the value.
    fn get_ref<'a>(&self, v: &Views<'a>, make: impl Fn(&Views<'a>) -> T) -> &T {
        if v.reads.is_some() {
            // The value made while recording is the value: a recording
            // view reads what any view reads and makes the same thing.
            // Kept, it spares making it a second time.
            let mut made = None;
            let keys = self.reads.get_or_init(|| {
                let r = v.recording();
                made = Some(make(&r));
                r.reads()
            });
            v.replay(keys);
            if let Some(value) = made {
                return self.value.get_or_init(|| value);
            }
        }
        self.value.get_or_init(|| make(v))
    }
}

/// What a link can point to, each kind with links of its own.
#[derive(Clone, Copy)]
enum Linked {
    Actor,
    Place,
    Briefing,
    /// A source as a figure names it (`SourceLink`).
    Source,
    /// A source as an event or a quote cites it (`CiteView`).
    Cite,
    /// A tag, as a briefing's list entry shows it (`TagView`).
    Tag,
    /// A figure, as another figure's view names it (`figure_link`).
    Figure,
    /// A source as a briefing's page lists it: its links alone
    /// (`listed_links`).
    Listed,
}

/// The shared views of one model: each figure's claim, by index, and the
/// links to each record, by kind and id (the index of ids is made the
/// first time a page asks for a link).
pub(crate) struct SharedViews<'a> {
    claims: Box<[Cell<(Shared, Shared)>]>,
    /// Each figure's whole view, by index: a page takes it by cloning
    /// its strings' reference counts and its links' pointers.
    figures: Box<[Cell<FigureView<'a>>]>,
    /// Each briefing's list entry, by index, as Tera's value tree (~1.3
    /// KiB): lists, and the pages of the records it names, show it.
    entries: Box<[Cell<Shared>]>,
    /// Each event's view (as a figure's), by its place in the briefings'
    /// events, one briefing after another: briefing `bi`'s start at
    /// `event_starts[bi]`.
    events: Box<[Cell<EventView>]>,
    event_starts: Box<[usize]>,
    links: [OnceLock<Index<'a>>; 8],
    /// `site`, the same on every page.
    site: Cell<Shared>,
    /// The header of each section's pages (`SECTIONS`), if rendered.
    headers: [Cell<Option<Shared>>; SECTIONS.len()],
    /// The templates rows are rendered with, if any (`Views::with_rows`).
    pub(super) rows: Option<Rows>,
}

impl SharedViews<'_> {
    pub(crate) fn new(site: &Site) -> Self {
        let figures = site.figures.len();
        let mut event_starts = Vec::with_capacity(site.briefings.len());
        let mut events = 0;
        for b in &site.briefings {
            event_starts.push(events);
            events += b.events.len();
        }
        SharedViews {
            claims: (0..figures).map(|_| Cell::default()).collect(),
            figures: (0..figures).map(|_| Cell::default()).collect(),
            entries: (0..site.briefings.len()).map(|_| Cell::default()).collect(),
            events: (0..events).map(|_| Cell::default()).collect(),
            event_starts: event_starts.into(),
            links: Default::default(),
            site: Cell::default(),
            headers: Default::default(),
            rows: None,
        }
    }

    /// Lets go of every view, in parallel. At 100,000 briefings freeing
    /// them one by one took the main thread half a second after the last
    /// page, while the other core waited; rayon's threads are idle then.
    pub(crate) fn release(self) {
        fn each<T: Send>(views: Box<[T]>) {
            views
                .into_vec()
                .into_par_iter()
                .with_min_len(256)
                .for_each(drop);
        }
        let SharedViews {
            claims,
            figures,
            entries,
            events,
            links,
            ..
        } = self;
        rayon::join(
            || rayon::join(|| each(figures), || each(claims)),
            || {
                rayon::join(
                    || rayon::join(|| each(entries), || each(events)),
                    || links.into_par_iter().for_each(drop),
                )
            },
        );
    }
}

impl<'a> Views<'a> {
    /// Figure `fi`'s claim in words (`claim_text`) and as prose names it
    /// (`claim_html`), made once per build.
    pub(crate) fn shared_claim(&self, fi: usize) -> (Shared, Shared) {
        let make = |v: &Views<'_>| {
            let claim = v.claim_text(fi);
            let inline = v.claim_html_titled(fi, None, &claim);
            (text(&claim), text(&inline))
        };
        match self.shared.claims.get(fi) {
            Some(cell) => cell.get(self, make),
            // No such figure (`figure` would panic first): nothing to share.
            None => make(self),
        }
    }

    /// Figure `fi`'s view (`make_figure_view`) with its row, as the
    /// build keeps it: whichever of `shared_figure` and `figure_view_ref`
    /// a page calls first makes it.
    fn make_shared_figure(&self, fi: usize) -> FigureView<'a> {
        let mut view = self.make_figure_view(fi);
        view.row = self.shared.rows.as_ref().and_then(|r| r.figure(&view));
        view
    }

    /// Figure `fi`'s view, made once per build.
    pub(crate) fn shared_figure(&self, fi: usize) -> FigureView<'a> {
        let make = |v: &Views<'a>| v.make_shared_figure(fi);
        match self.shared.figures.get(fi) {
            Some(cell) => cell.get(self, make),
            // No such figure: `figure` panics in `make` as it always did.
            None => make(self),
        }
    }

    /// Figure `fi`'s view, made once per build, borrowed: a page that only
    /// shows it need not clone it. `None` if there is no such figure.
    pub(crate) fn figure_view_ref(&self, fi: usize) -> Option<&FigureView<'a>> {
        let cell = self.shared.figures.get(fi)?;
        Some(cell.get_ref(self, |v: &Views<'a>| v.make_shared_figure(fi)))
    }

    /// Event `ei` of briefing `bi` (`make_event_view`), made once per build.
    pub(crate) fn shared_event(&self, bi: usize, ei: usize) -> EventView {
        let make = |v: &Views<'_>| {
            let mut event = v.make_event_view(bi, ei);
            event.cites = v.shared.rows.as_ref().and_then(|r| r.cites(&event.sources));
            event
        };
        let cell = self.shared.event_starts.get(bi).and_then(|&start| {
            // An index past the briefing's events is not shared (`make`
            // fails on it as it always did). The count only places the
            // event; what it shows is read by `make`, which records it.
            let len = self.site.briefings.get(bi)?.events.len();
            (ei < len)
                .then(|| self.shared.events.get(start + ei))
                .flatten()
        });
        match cell {
            Some(cell) => cell.get(self, make),
            None => make(self),
        }
    }

    /// Briefing `bi`'s list entry (`briefing_item`), made once per build.
    pub fn briefing_entry(&self, bi: usize) -> Shared {
        let make = |v: &Views<'_>| {
            let item = tera::Value::try_from_serializable(&v.briefing_item(bi))
                .unwrap_or_else(|_| tera::Value::none());
            let item = match &v.shared.rows {
                Some(rows) => rows.entry(item),
                None => item,
            };
            Shared::new(item)
        };
        match self.shared.entries.get(bi) {
            Some(cell) => cell.get(self, make),
            None => make(self),
        }
    }

    /// `actor_link(id)`, made once per build.
    pub fn actor_ref(&self, id: &str) -> Shared {
        self.shared_link(Linked::Actor, id, &|v| value(&v.actor_link(id)))
    }

    /// `place_link(id)`, made once per build.
    pub fn place_ref(&self, id: &str) -> Shared {
        self.shared_link(Linked::Place, id, &|v| value(&v.place_link(id)))
    }

    /// `briefing_link(id)`, made once per build.
    pub fn briefing_ref(&self, id: &str) -> Shared {
        self.shared_link(Linked::Briefing, id, &|v| value(&v.briefing_link(id)))
    }

    /// `source_link(id)`, made once per build.
    pub fn source_ref(&self, id: &str) -> Shared {
        self.shared_link(Linked::Source, id, &|v| v.with_links(&v.source_link(id)))
    }

    /// `tag_view(slug)`, made once per build.
    pub fn tag_ref(&self, slug: &str) -> Shared {
        self.shared_link(Linked::Tag, slug, &|v| value(&v.tag_view(slug)))
    }

    /// `figure_link(id)`, made once per build.
    pub fn figure_ref(&self, id: &str) -> Shared {
        self.shared_link(Linked::Figure, id, &|v| value(&v.figure_link(id)))
    }

    /// The header of the pages of `section` (`Rows::header`), rendered
    /// once per build; `None` when it is not rendered.
    pub fn header(&self, section: &str) -> Option<Shared> {
        let rows = self.shared.rows.as_ref()?;
        let cell = self
            .shared
            .headers
            .get(SECTIONS.iter().position(|&s| s == section)?)?;
        cell.get(self, |v| rows.header(&v.site_ref(), section))
    }

    /// `site_view()`, made once per build.
    pub fn site_ref(&self) -> Shared {
        self.shared.site.get(self, |v| value(&v.site_view()))
    }

    /// `cite(id)`, made once per build.
    pub fn cite_ref(&self, id: &str) -> Shared {
        self.shared_link(Linked::Cite, id, &|v| v.with_links(&v.cite(id)))
    }

    /// The links of source `id` as a briefing's page lists it
    /// (`partials/source_links.html` with its `BriefingSource` as `s`),
    /// rendered once per build.
    ///
    /// Only the links are kept (a few hundred bytes, where the view as
    /// Tera's tree would be ~1.5 KiB, 7 MB at 10,000 briefings): the
    /// page makes the view, as cheaply as it did. `None` when they do not
    /// render alone (or no rows are rendered).
    pub fn listed_links(&self, id: &str) -> Option<Shared> {
        self.shared.rows.as_ref()?;
        let links = self.shared_link(Linked::Listed, id, &|v| {
            let text = v.shared.rows.as_ref().and_then(|rows| {
                let view = super::pages::briefing_source(v, id);
                rows.links(tera::Value::try_from_serializable(&view).ok()?)
            });
            Shared::new(text.map_or_else(tera::Value::none, |t| tera::Value::safe_string(&t)))
        });
        links.0.value.as_str().is_some().then_some(links)
    }

    /// A source's view, with its links rendered (`Rows::source`) when
    /// this view renders rows.
    fn with_links(&self, view: &impl Serialize) -> Shared {
        let value =
            tera::Value::try_from_serializable(view).unwrap_or_else(|_| tera::Value::none());
        Shared::new(match &self.shared.rows {
            Some(rows) => rows.source(value),
            None => value,
        })
    }

    /// The link to record `id` of a kind, made by `make` once. A link to
    /// a record that does not exist is made for the page alone.
    fn shared_link(&self, kind: Linked, id: &str, make: &dyn Fn(&Views<'_>) -> Shared) -> Shared {
        let site = self.site;
        // The index lists the model's ids as they are: what a link shows
        // is read by `make`, which records it.
        let cells = self.shared.links[kind as usize].get_or_init(|| {
            let ids: Vec<&'a str> = match kind {
                Linked::Actor => site.actors.iter().map(|x| x.id.as_str()).collect(),
                Linked::Place => site.places.iter().map(|x| x.id.as_str()).collect(),
                Linked::Briefing => site.briefings.iter().map(|x| x.id.as_str()).collect(),
                Linked::Source | Linked::Cite | Linked::Listed => {
                    site.sources.iter().map(|x| x.id.as_str()).collect()
                }
                Linked::Tag => site.tags.iter().map(|x| x.slug.as_str()).collect(),
                Linked::Figure => site.figures.iter().map(|x| x.id.as_str()).collect(),
            };
            ids.into_iter().map(|id| (id, Cell::default())).collect()
        });
        match cells.get(id) {
            Some(cell) => cell.get(self, make),
            None => make(self),
        }
    }
}

/// The shared links to the records of one kind, by id, hashed with
/// foldhash: ids are short, and a link is looked up for every one a page
/// shows; SipHash, the standard map's, guards against crafted keys, which
/// a dossier's own ids are not.
type Index<'a> = foldhash::HashMap<&'a str, Cell<Shared>>;

/// A view as Tera's value tree.
pub(crate) fn value(view: &impl Serialize) -> Shared {
    // A view is a struct: it always serializes as a map.
    Shared::new(tera::Value::try_from_serializable(view).unwrap_or_else(|_| tera::Value::none()))
}

fn text(s: &str) -> Shared {
    Shared::new(tera::Value::normal_string(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Two {
        b: u32,
        a: Vec<&'static str>,
    }

    #[test]
    fn other_serializers_see_sorted_keys() {
        let value = tera::Value::from_serializable(&Two { b: 2, a: vec!["x"] });
        let json = serde_json::to_string(&Shared::new(value)).unwrap();
        assert_eq!(json, r#"{"a":["x"],"b":2}"#);
    }

    /// The second page to show a claim takes it made, and still records
    /// what its making read: the claimant's name is in its words.
    #[test]
    fn every_page_that_shows_a_claim_records_its_reads() {
        let (site, _) = crate::model::fixture::site(&[
            (
                "sources/moh.md",
                "---\ntitle: Statement\noutlet: Ministry\npublished: 2022-01-06\n---\n",
            ),
            ("actors/ministry.md", "---\nname: The Ministry\n---\n"),
            (
                "briefings/b.md",
                "---\ntitle: B\ndate: 2022-01-07\nfigures:\n  - measure: killed\n    count: 18\n    as_of: 2022-01-06\n    claimed_by: ministry\n    source: moh\n---\nBody\n",
            ),
        ]);
        let derived = crate::derive::derive(&site);
        let v = Views::new(&site, &derived);
        let claimant = Read::Head(crate::domain::Kind::Actor, "ministry".into());
        for _ in 0..2 {
            let page = v.recording();
            let (claim, _) = page.shared_claim(0);
            let json = serde_json::to_string(&claim).unwrap();
            assert!(json.contains("The Ministry"), "{json}");
            let link = serde_json::to_string(&page.actor_ref("ministry")).unwrap();
            assert_eq!(
                link,
                r#"{"id":"ministry","name":"The Ministry","url":"/actors/ministry/"}"#
            );
            assert!(page.reads().contains(&claimant));
        }
        // A view that records nothing makes the claim as well.
        let (claim, _) = v.shared_claim(0);
        assert!(serde_json::to_string(&claim).unwrap().contains("18"));
    }

    /// Two views made apart hash alike when they are alike, whatever
    /// order Tera's maps keep their keys in.
    #[test]
    fn the_hash_takes_a_views_own_hash() {
        let two = |b| Shared::new(tera::Value::from_serializable(&Two { b, a: vec!["x"] }));
        assert_eq!(hash_of(&vec![two(2)]), hash_of(&vec![two(2)]));
        assert_ne!(hash_of(&vec![two(2)]), hash_of(&vec![two(3)]));
    }

    #[test]
    fn tera_takes_the_value_as_it_is() {
        let value = tera::Value::from_serializable(&Two { b: 2, a: vec!["x"] });
        let again = tera::Value::from_serializable(&vec![Shared::new(value.clone())]);
        assert_eq!(again.as_array().unwrap()[0], value);
    }
}
