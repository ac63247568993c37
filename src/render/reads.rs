//! What a page context read: the one window onto the model for page code.
//!
//! Every page context is built through `Views`, and every read of the model
//! or the derived indexes that a context makes goes through an accessor
//! here that names what it reads as a `Read` key before returning it. A
//! view made with `Views::recording` keeps those keys, so that after a page
//! context is built the page's dependencies are known: recorded while it
//! was computed, never declared by hand. `serve` keeps each page's keys and
//! a fingerprint of each key's value (`Views::fingerprint`, a hash of the
//! very data the accessor hands out), and builds a page's context again
//! only when one of those fingerprints moved.
//!
//! Keys are as fine as the pages need them to be for an edit to touch few
//! pages: a record's fields apart from its body (`Head`, what links and
//! lists show) and its body (`Body`, shown on its own page only), one
//! figure, one tag, one window of the timeline. The fingerprints hash every
//! field of what they cover (the record types are destructured in full, so
//! a field added to the model cannot be forgotten here).
//!
//! Both halves are on `serve`'s path, so both are kept cheap: a key is
//! noted with its id borrowed from the model and owned once per page
//! (`Noted`), and after a rebuild each record head, figure and briefing id
//! is hashed once (`Heads`) and each body's hash is the one kept with it
//! (`load::Body`), so that the fingerprint of most keys is a lookup.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt::Write as _;
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use crate::config::Config;
use crate::derive::{Backrefs, Change, TimelineItem};
use crate::domain::{Date, Kind};
// The hasher of fingerprints (`crate::fingerprint`). At 10,000 briefings
// `serve` fingerprints some 160,000 keys after an edit that rebuilt the
// model; SipHash took three times as long.
use crate::fingerprint::{hasher, Hasher as Hasher64};
use crate::model::{Actor, Briefing, Figure, Place, Site, Source};

use super::Views;

/// One thing a page context read, named so that it can be read again.
/// Records are named by kind and id, list positions by index.
pub type Read = ReadOf<String>;

/// `Read`, over the type of the ids it holds: a recording view notes keys
/// whose ids borrow the model's (`Noted`), and owns them only once per key
/// and page, when it hands them over (`Views::reads`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ReadOf<S> {
    /// The configuration (base path, pagination, measures, language…).
    Config,
    /// The home page's file.
    Home,
    /// How many records of a kind there are (`Kind::Index`: figures).
    Count(Kind),
    /// The id of the record at a position of its list (site order).
    At(Kind, usize),
    /// Every field of a record but its body (absent records included).
    Head(Kind, S),
    /// A record's body.
    Body(Kind, S),
    /// One figure, by index.
    Figure(usize),
    /// What the ledger and derive say of one figure: what supersedes,
    /// relays, replaces and contests it, whether it stands.
    FigureStanding(usize),
    /// The index of the figure with this id, if any.
    FigureId(S),
    /// The page of the ledger that shows a figure.
    LedgerPage(usize),
    /// The ledger's layout: its measures, their groups and each group's
    /// figures, in order (not their headlines and charts: `LedgerTop`).
    Ledger,
    /// One group's headlines and chart, by measure and group position
    /// (which group that is, `Ledger` says): only the ledger page where
    /// the group starts shows them, so a figure's new count moves that
    /// page and not every page of the ledger.
    LedgerTop(usize, usize),
    /// The headlines as pages show them (`ledger::headline_views`): one key
    /// for a value that reads thousands of figures, fingerprinted by value.
    Headlines,
    /// What a wiki link target resolves to.
    Resolve(S),
    /// What links to a record (its backrefs).
    Backrefs(Kind, S),
    /// The places within a place.
    Children(S),
    /// The actors that are part of an actor.
    Members(S),
    /// A tag's name and how many briefings carry it.
    Tag(S),
    /// Every tag, in order.
    Tags,
    /// The briefings that carry a tag.
    Tagged(S),
    /// A window of the timeline (and its length).
    Timeline(Range<usize>),
    /// A window of `/changes/` (and its length).
    Changes(Range<usize>),
}

impl<S> ReadOf<S> {
    /// The same key with its id (if any) passed through `f`.
    fn map<T>(self, f: impl FnOnce(S) -> T) -> ReadOf<T> {
        use ReadOf::*;
        match self {
            Config => Config,
            Home => Home,
            Count(k) => Count(k),
            At(k, i) => At(k, i),
            Head(k, id) => Head(k, f(id)),
            Body(k, id) => Body(k, f(id)),
            Figure(fi) => Figure(fi),
            FigureStanding(fi) => FigureStanding(fi),
            FigureId(id) => FigureId(f(id)),
            LedgerPage(fi) => LedgerPage(fi),
            Ledger => Ledger,
            LedgerTop(m, g) => LedgerTop(m, g),
            Headlines => Headlines,
            Resolve(t) => Resolve(f(t)),
            Backrefs(k, id) => Backrefs(k, f(id)),
            Children(id) => Children(f(id)),
            Members(id) => Members(f(id)),
            Tag(slug) => Tag(f(slug)),
            Tags => Tags,
            Tagged(slug) => Tagged(f(slug)),
            Timeline(w) => Timeline(w),
            Changes(w) => Changes(w),
        }
    }
}

/// A key as a recording view notes it: its id borrowed from the model
/// where the model has it, so that noting a key allocates nothing (a page
/// reads thousands, many of them again and again).
pub(crate) type Noted<'a> = ReadOf<Cow<'a, str>>;

/// The id `found` in the model, else a copy of `id` (a record, figure or
/// tag that does not exist: the key is noted all the same).
fn known<'a>(found: Option<&'a str>, id: &str) -> Cow<'a, str> {
    found.map_or_else(|| Cow::Owned(id.to_string()), Cow::Borrowed)
}

/// The keys a recording view collected. A page reads the same key many
/// times: the set keeps one of each, hashed with foldhash (SipHash, the
/// standard one, was a tenth of `serve`'s first build). `Read::Config`,
/// read for every URL a page builds, is a flag rather than an insert.
#[derive(Default)]
pub(crate) struct Recorder<'a> {
    config: AtomicBool,
    keys: Mutex<HashSet<Noted<'a>, foldhash::fast::FixedState>>,
}

impl<'a> Recorder<'a> {
    /// The keys, their ids still borrowed from the model.
    pub(crate) fn take(self) -> Vec<Noted<'a>> {
        let keys = self.keys.into_inner().unwrap_or_else(|e| e.into_inner());
        let config = self.config.into_inner().then_some(ReadOf::Config);
        keys.into_iter().chain(config).collect()
    }
}

impl Read {
    /// The same key, its id borrowed.
    fn as_noted(&self) -> Noted<'_> {
        use ReadOf::*;
        fn b(s: &str) -> Cow<'_, str> {
            Cow::Borrowed(s)
        }
        match self {
            Config => Config,
            Home => Home,
            Count(k) => Count(*k),
            At(k, i) => At(*k, *i),
            Head(k, id) => Head(*k, b(id)),
            Body(k, id) => Body(*k, b(id)),
            Figure(fi) => Figure(*fi),
            FigureStanding(fi) => FigureStanding(*fi),
            FigureId(id) => FigureId(b(id)),
            LedgerPage(fi) => LedgerPage(*fi),
            Ledger => Ledger,
            LedgerTop(m, g) => LedgerTop(*m, *g),
            Headlines => Headlines,
            Resolve(t) => Resolve(b(t)),
            Backrefs(k, id) => Backrefs(*k, b(id)),
            Children(id) => Children(b(id)),
            Members(id) => Members(b(id)),
            Tag(slug) => Tag(b(slug)),
            Tags => Tags,
            Tagged(slug) => Tagged(b(slug)),
            Timeline(w) => Timeline(w.clone()),
            Changes(w) => Changes(w.clone()),
        }
    }
}

impl Noted<'_> {
    /// The key with its id owned.
    pub(crate) fn owned(self) -> Read {
        self.map(Cow::into_owned)
    }
}

/// A hasher that `Debug` output is written into, for the values whose
/// types implement `Debug` but not `Hash` (the configuration, the home
/// page: one key each).
struct DebugHasher<'h>(&'h mut Hasher64);

impl std::fmt::Write for DebugHasher<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.write(s.as_bytes());
        Ok(())
    }
}

/// Adds a value's `Debug` form to `h`.
fn debug(h: &mut Hasher64, value: &dyn std::fmt::Debug) {
    let _ = write!(DebugHasher(h), "{value:?}");
}

/// The fingerprint of a `Debug` value (`Debug` escapes every character of
/// a string: hashing is faster where the type allows it).
fn fp(value: &dyn std::fmt::Debug) -> u64 {
    let mut h = hasher();
    debug(&mut h, value);
    h.finish()
}

fn hashed(value: &impl Hash) -> u64 {
    let mut h = hasher();
    value.hash(&mut h);
    h.finish()
}

/// Bytes written into a hasher (a value serialized straight into it).
struct HashWriter<'h>(&'h mut Hasher64);

impl std::io::Write for HashWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A figure's value (`Value` does not derive `Hash`).
fn value(h: &mut Hasher64, v: &crate::model::Value) {
    match *v {
        crate::model::Value::Count(n) => (0u8, n).hash(h),
        crate::model::Value::Range { min, max } => (1u8, min, max).hash(h),
    }
}

fn origin(h: &mut Hasher64, o: &crate::model::Origin) {
    let crate::model::Origin { file, line } = o;
    (file, line).hash(h);
}

/// Every field of a briefing but its body.
fn briefing_head(b: &Briefing) -> u64 {
    let Briefing {
        id,
        title,
        date,
        summary,
        draft,
        tags,
        actors,
        places,
        sources,
        events,
        figures,
        quotes,
        revisions,
        body: _,
        body_line,
        origin: o,
    } = b;
    let mut h = hasher();
    (id, title, date, summary, draft, tags).hash(&mut h);
    (actors, places, sources, figures, body_line).hash(&mut h);
    (events, quotes, revisions).hash(&mut h);
    origin(&mut h, o);
    h.finish()
}

fn actor_head(a: &Actor) -> u64 {
    let Actor {
        id,
        name,
        kind,
        aliases,
        country,
        part_of,
        revisions,
        body: _,
        body_line,
        has_profile,
        origin: o,
    } = a;
    let mut h = hasher();
    (id, name, aliases, country, part_of, body_line, has_profile).hash(&mut h);
    (kind, revisions).hash(&mut h);
    origin(&mut h, o);
    h.finish()
}

fn place_head(p: &Place) -> u64 {
    let Place {
        id,
        name,
        kind,
        within,
        aliases,
        revisions,
        body: _,
        body_line,
        has_profile,
        origin: o,
    } = p;
    let mut h = hasher();
    (id, name, within, aliases, body_line, has_profile).hash(&mut h);
    (kind, revisions).hash(&mut h);
    origin(&mut h, o);
    h.finish()
}

fn source_head(s: &Source) -> u64 {
    let Source {
        id,
        title,
        outlet,
        short,
        published,
        url,
        archived,
        language,
        reliability,
        relays,
        note,
        revisions,
        body: _,
        body_line,
        origin: o,
    } = s;
    let mut h = hasher();
    (id, title, outlet, short, published, url).hash(&mut h);
    (archived, language, reliability, relays, note, body_line).hash(&mut h);
    revisions.hash(&mut h);
    origin(&mut h, o);
    h.finish()
}

fn figure(f: Option<&Figure>) -> u64 {
    let Some(f) = f else { return 0 };
    let Figure {
        id,
        explicit_id,
        briefing,
        measure,
        group,
        value: v,
        qualifier,
        as_of,
        place,
        claimed_by,
        source,
        via,
        words,
        status,
        retracted_on,
        supersedes,
        relay_of,
        credibility,
        note,
        origin: o,
    } = f;
    let mut h = hasher();
    (id, explicit_id, briefing, measure, group, as_of, place).hash(&mut h);
    (claimed_by, source, via, words, retracted_on, supersedes).hash(&mut h);
    (relay_of, credibility, note, qualifier, status).hash(&mut h);
    value(&mut h, v);
    origin(&mut h, o);
    h.finish()
}

/// The ledger whole: every field of every measure, group, headline and
/// chart (destructured, as the records are).
fn ledger(measures: &[crate::derive::ledger::MeasureLedger]) -> u64 {
    use crate::derive::ledger::{GroupLedger, MeasureLedger};
    let mut h = hasher();
    measures.len().hash(&mut h);
    for MeasureLedger { measure, groups } in measures {
        (measure, groups.len()).hash(&mut h);
        for GroupLedger {
            group,
            figures,
            headlines: _,
            chart: _,
        } in groups
        {
            (group, figures).hash(&mut h);
        }
    }
    h.finish()
}

/// One group's headlines and chart (see `Read::LedgerTop`).
fn ledger_top(g: Option<&crate::derive::ledger::GroupLedger>) -> u64 {
    use crate::derive::ledger::{Chart, GroupLedger, Headline, Point, Series};
    let Some(GroupLedger {
        group: _,
        figures: _,
        headlines,
        chart,
    }) = g
    else {
        return 0;
    };
    let mut h = hasher();
    headlines.len().hash(&mut h);
    for Headline {
        place,
        low,
        low_figure,
        high,
        high_figure,
        plain,
        as_of,
        figures,
    } in headlines
    {
        (place, low, low_figure, high, high_figure, plain, as_of).hash(&mut h);
        figures.hash(&mut h);
    }
    chart.is_some().hash(&mut h);
    if let Some(Chart {
        dates,
        max,
        series,
        omitted,
    }) = chart
    {
        (dates, max, omitted, series.len()).hash(&mut h);
        for Series {
            claimant,
            place,
            points,
            holds,
        } in series
        {
            (claimant, place, holds, points.len()).hash(&mut h);
            for Point {
                figure,
                x,
                value,
                range,
                retracted,
                stands,
            } in points
            {
                (figure, x, value, range, retracted, stands).hash(&mut h);
            }
        }
    }
    h.finish()
}

/// A window of the timeline, and its length.
fn timeline(ids: Ids<'_>, len: usize, items: &[(Date, TimelineItem)]) -> u64 {
    let mut h = hasher();
    (len, items.len()).hash(&mut h);
    for (date, item) in items {
        date.hash(&mut h);
        match *item {
            TimelineItem::Event(bi, ei) => (0u8, ids.of(bi), ei).hash(&mut h),
            TimelineItem::Briefing(bi) => (1u8, ids.of(bi)).hash(&mut h),
        }
    }
    h.finish()
}

/// A window of `/changes/`, and its length.
fn changes(ids: Ids<'_>, len: usize, items: &[Change]) -> u64 {
    use crate::derive::ChangeKind;
    let mut h = hasher();
    (len, items.len()).hash(&mut h);
    for Change {
        date,
        kind,
        record,
        index,
    } in items
    {
        (date, record).hash(&mut h);
        match record {
            Kind::Briefing => ids.of(*index).hash(&mut h),
            k => record_id(ids.site, *k, *index).hash(&mut h),
        }
        match *kind {
            ChangeKind::Corrected(i) => (0u8, i).hash(&mut h),
            ChangeKind::Updated => 1u8.hash(&mut h),
            ChangeKind::Published => 2u8.hash(&mut h),
        }
    }
    h.finish()
}

/// The window `w` of `items`, clamped to its length.
fn window<'a, T>(items: &'a [T], w: &Range<usize>) -> &'a [T] {
    &items[w.start.min(items.len())..w.end.min(items.len())]
}

/// The fingerprints of every record's head and of every figure, by
/// position, made at once (on every core) after a model is built: the
/// fingerprints of the `Head` and `Figure` keys are looked up here, and
/// `structure_fingerprint` hashes them all, so each is hashed once.
///
/// With them, by position too, what the keys that name a record by id
/// come to (`Body`, `FigureId`, `FigureStanding`) and a hash of each id:
/// a key that found its record at a position remembers it (`Hint`) and
/// next time checks the id's hash there, instead of hashing the id into
/// the model's index (SipHash) and chasing the record's pointers.
pub struct Heads {
    briefings: Vec<u64>,
    actors: Vec<u64>,
    places: Vec<u64>,
    sources: Vec<u64>,
    figures: Vec<u64>,
    /// The hash of each briefing's id (`Ids`).
    ids: Vec<u64>,
    /// The hash of each actor's, place's, source's and figure's id, in
    /// that order; empty for a list whose ids are not unique (a model with
    /// an error: no hint is then taken).
    other_ids: [Vec<u64>; 4],
    /// The fingerprint of each briefing's, actor's, place's and source's
    /// `Body` key, in that order.
    bodies: [Vec<u64>; 4],
    /// The fingerprint of each figure's `FigureStanding` key.
    standing: Vec<u64>,
}

/// Where a key that names a record by id found it last time (`Heads`):
/// its position and the hash of the id. The hash is taken once, when the
/// key is first fingerprinted. `Hint::default()` knows nothing.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Hint {
    at: u32,
    id: u64,
}

/// How the keys that list briefings hash each one: by a hash of its id,
/// looked up in `Heads::ids` after a rebuild, so that each id is hashed
/// once and not once per list that names it (some 150,000 times at 10,000
/// briefings); worked out on the spot without `Heads`, to the same value.
#[derive(Clone, Copy)]
struct Ids<'s> {
    site: &'s Site,
    prints: Option<&'s [u64]>,
}

impl Ids<'_> {
    /// The hash of the id of the briefing at position `bi` (0: none).
    fn of(&self, bi: usize) -> u64 {
        match self.prints {
            Some(prints) => prints.get(bi).copied().unwrap_or(0),
            None => id_print(briefing_id(self.site, bi)),
        }
    }
}

fn id_print(id: Option<&str>) -> u64 {
    id.map_or(0, |id| hashed(&id))
}

/// The id of the briefing at position `bi`: what a key hashes in place of
/// a position (see `briefing_ids`).
fn briefing_id(site: &Site, bi: usize) -> Option<&str> {
    site.briefings.get(bi).map(|b| b.id.as_str())
}

/// The id of the record of kind `k` at position `i`.
fn record_id(site: &Site, k: Kind, i: usize) -> Option<&str> {
    match k {
        Kind::Briefing => briefing_id(site, i),
        Kind::Actor => site.actors.get(i).map(|x| x.id.as_str()),
        Kind::Place => site.places.get(i).map(|x| x.id.as_str()),
        Kind::Source => site.sources.get(i).map(|x| x.id.as_str()),
        Kind::Index => None,
    }
}

/// Briefings named by position, hashed by id. Briefings are sorted by
/// date, so a date edit moves the position of every briefing between the
/// old date and the new one: a list of positions would move for every
/// actor, place, source and tag that names one of them, though none of
/// those pages shows anything new. A page that lists briefings it got
/// from such a key reads each with `Views::briefing`, which records the
/// briefing's `Head` by id and not its position.
fn briefing_ids(h: &mut Hasher64, ids: Ids<'_>, positions: impl ExactSizeIterator<Item = usize>) {
    positions.len().hash(h);
    for bi in positions {
        ids.of(bi).hash(h);
    }
}

fn backrefs(ids: Ids<'_>, b: Option<&Backrefs>) -> u64 {
    let Some(b) = b else { return 0 };
    let Backrefs {
        briefings,
        figures,
        figures_via,
        events,
        quotes,
    } = b;
    let mut h = hasher();
    briefing_ids(&mut h, ids, briefings.iter().copied());
    (figures, figures_via).hash(&mut h);
    for pairs in [events, quotes] {
        briefing_ids(&mut h, ids, pairs.iter().map(|&(bi, _)| bi));
        for (_, i) in pairs {
            i.hash(&mut h);
        }
    }
    h.finish()
}

fn tagged(ids: Ids<'_>, positions: Option<&Vec<usize>>) -> u64 {
    let mut h = hasher();
    positions.is_some().hash(&mut h);
    let positions = positions.map_or(&[][..], Vec::as_slice);
    briefing_ids(&mut h, ids, positions.iter().copied());
    h.finish()
}

/// What the ledger and derive say of figure `fi` (`Read::FigureStanding`).
fn standing(derived: &crate::derive::Derived, fi: usize) -> u64 {
    let l = &derived.ledger;
    hashed(&(
        derived.superseded_by.get(fi),
        derived.relayed_by.get(fi),
        l.contested.get(fi),
        l.standing.get(fi),
        l.replaced_by.get(fi),
    ))
}

/// The fingerprint of a `Body` key, from the body's hash if the record
/// exists.
fn body_print(hash: Option<u64>) -> u64 {
    hashed(&hash)
}

/// The fingerprint of a `FigureId` key, from the figure's index if there
/// is one.
fn figure_id_print(at: Option<&usize>) -> u64 {
    hashed(&at)
}

/// Which of `Heads::other_ids` holds kind `k` (`Kind::Index`: the
/// figures; briefings are in `Heads::ids`).
fn id_slot(k: Kind) -> usize {
    match k {
        Kind::Briefing | Kind::Actor => 0,
        Kind::Place => 1,
        Kind::Source => 2,
        Kind::Index => 3,
    }
}

/// Which of `Heads::bodies` holds kind `k` (not `Kind::Index`).
fn body_slot(k: Kind) -> usize {
    match k {
        Kind::Briefing | Kind::Index => 0,
        Kind::Actor => 1,
        Kind::Place => 2,
        Kind::Source => 3,
    }
}

impl<'a> Views<'a> {
    /// A view of the same model for one page, which records every key it
    /// reads; `reads` hands them over when the page context is built.
    pub fn recording(&self) -> Views<'a> {
        Views {
            site: self.site,
            derived: self.derived,
            ledger_pages: self.ledger_pages.clone(),
            reads: Some(Recorder::default()),
            headlines: self.headlines.clone(),
            shared: self.shared.clone(),
        }
    }

    /// The same view, recording nothing.
    fn untracked(&self) -> Views<'a> {
        Views {
            site: self.site,
            derived: self.derived,
            ledger_pages: self.ledger_pages.clone(),
            reads: None,
            headlines: self.headlines.clone(),
            shared: self.shared.clone(),
        }
    }

    /// A value many pages show whole, made once by `make` from an
    /// untracked view and read as one key, `Read::Headlines`, whose
    /// fingerprint hashes the value itself: a page depends on the value,
    /// not on the thousand reads that made it.
    pub(crate) fn headlines(
        &self,
        make: fn(&Views<'_>) -> Vec<super::ledger::HeadlineView>,
    ) -> &[super::ledger::HeadlineView] {
        self.read(|| ReadOf::Headlines);
        self.headlines.get_or_init(|| make(&self.untracked()))
    }

    /// The keys this view recorded (none unless made by `recording`).
    pub fn reads(self) -> Vec<Read> {
        self.noted().into_iter().map(Noted::owned).collect()
    }

    /// `reads`, with the ids borrowed from the model: a caller that keeps
    /// one copy of each key across pages (`serve`) owns each once, and not
    /// once per page that read it (two million keys at 10,000 briefings,
    /// of some 160,000 different ones).
    pub(crate) fn noted(self) -> Vec<Noted<'a>> {
        self.reads.map(Recorder::take).unwrap_or_default()
    }

    /// Notes the reads of a view made once and shown by many pages
    /// (`shared`), as if this page had made it.
    pub(crate) fn replay(&self, keys: &[Read]) {
        let Some(r) = &self.reads else { return };
        let mut noted = r.keys.lock().unwrap_or_else(|e| e.into_inner());
        for k in keys {
            match k {
                // The configuration is a flag, not a key in the set.
                ReadOf::Config => self.read_config(),
                k => {
                    // Copied only if the page had not read it: a page shows
                    // the same shared value again and again.
                    let seen: &HashSet<Noted<'_>, _> = &noted;
                    if !seen.contains(&k.as_noted()) {
                        noted.insert(k.clone().map(Cow::Owned));
                    }
                }
            }
        }
    }

    /// Notes a read; the key is only made when the view records.
    fn read(&self, key: impl FnOnce() -> Noted<'a>) {
        if let Some(r) = &self.reads {
            let key = key();
            r.keys.lock().unwrap_or_else(|e| e.into_inner()).insert(key);
        }
    }

    /// Notes a read of the configuration.
    fn read_config(&self) {
        if let Some(r) = &self.reads {
            // Read before written: most calls find the flag set, and a
            // read leaves the cache line shared.
            if !r.config.load(Ordering::Relaxed) {
                r.config.store(true, Ordering::Relaxed);
            }
        }
    }

    /// The value `key` names now, as a hash: a page that read `key` when
    /// the fingerprint was different must be built again.
    pub fn fingerprint(&self, key: &Read) -> u64 {
        self.fingerprint_in(None, key)
    }

    /// Every record's head and every figure, hashed (see `Heads`).
    pub fn heads(&self) -> Heads {
        use rayon::prelude::*;
        let (s, d) = (self.site, self.derived);
        // The ids of a list hinted only if they are unique: its index then
        // holds each position under its record's id.
        let ids = |unique: bool, ids: Vec<&str>| -> Vec<u64> {
            match unique {
                true => ids.into_par_iter().map(|id| id_print(Some(id))).collect(),
                false => Vec::new(),
            }
        };
        let bodies = |b: Vec<&crate::load::Body>| -> Vec<u64> {
            b.into_par_iter()
                .map(|b| body_print(Some(b.hash())))
                .collect()
        };
        Heads {
            briefings: s.briefings.par_iter().map(|b| briefing_head(b)).collect(),
            actors: s.actors.par_iter().map(actor_head).collect(),
            places: s.places.par_iter().map(place_head).collect(),
            sources: s.sources.par_iter().map(source_head).collect(),
            figures: s.figures.par_iter().map(|f| figure(Some(f))).collect(),
            ids: (s.briefings.par_iter())
                .map(|b| id_print(Some(&b.id)))
                .collect(),
            other_ids: [
                ids(
                    s.actor_ix.len() == s.actors.len(),
                    s.actors.iter().map(|x| x.id.as_str()).collect(),
                ),
                ids(
                    s.place_ix.len() == s.places.len(),
                    s.places.iter().map(|x| x.id.as_str()).collect(),
                ),
                ids(
                    s.source_ix.len() == s.sources.len(),
                    s.sources.iter().map(|x| x.id.as_str()).collect(),
                ),
                ids(
                    s.figure_ix.len() == s.figures.len(),
                    s.figures.iter().map(|x| x.id.as_str()).collect(),
                ),
            ],
            bodies: [
                bodies(s.briefings.iter().map(|x| &x.body).collect()),
                bodies(s.actors.iter().map(|x| &x.body).collect()),
                bodies(s.places.iter().map(|x| &x.body).collect()),
                bodies(s.sources.iter().map(|x| &x.body).collect()),
            ],
            standing: (0..s.figures.len())
                .into_par_iter()
                .map(|fi| standing(d, fi))
                .collect(),
        }
    }

    /// The ids' hashes of kind `k`'s list (`Kind::Index`: the figures), or
    /// none if they are not unique (or unknown).
    fn hinted_ids<'h>(&self, heads: &'h Heads, k: Kind) -> &'h [u64] {
        let s = self.site;
        match k {
            Kind::Briefing if s.briefing_ix.len() == heads.ids.len() => &heads.ids,
            Kind::Briefing => &[],
            k => &heads.other_ids[id_slot(k)],
        }
    }

    /// The position of record `id` of kind `k` (`Kind::Index`: figure
    /// `id`), found at `hint` if its id's hash is there, else in the
    /// model's index; and the hint for next time.
    fn position(&self, heads: &Heads, k: Kind, id: &str, hint: Hint) -> (Option<usize>, Hint) {
        let ids = self.hinted_ids(heads, k);
        if ids.is_empty() {
            return (self.index_of(k, id), hint);
        }
        let idh = match hint.id {
            0 => id_print(Some(id)),
            h => h,
        };
        if ids.get(hint.at as usize) == Some(&idh) {
            return (Some(hint.at as usize), hint);
        }
        let at = self.index_of(k, id);
        let at32 = at.and_then(|i| u32::try_from(i).ok());
        let hint = Hint {
            at: at32.unwrap_or(u32::MAX),
            id: idh,
        };
        (at, hint)
    }

    /// The position of record `id` of kind `k`, from the model's index.
    fn index_of(&self, k: Kind, id: &str) -> Option<usize> {
        let s = self.site;
        let ix = match k {
            Kind::Briefing => &s.briefing_ix,
            Kind::Actor => &s.actor_ix,
            Kind::Place => &s.place_ix,
            Kind::Source => &s.source_ix,
            Kind::Index => &s.figure_ix,
        };
        ix.get(id).copied()
    }

    /// `fingerprint_in` with `heads`, where a key that names a record by id
    /// (`Head`, `Body`, `FigureId`) looks for it first where `hint` says it
    /// was; and the hint for next time. The value is `fingerprint`'s.
    ///
    /// Why the hint is safe: a list is hinted only if its ids are unique
    /// (its index holds as many ids as it has records), so the record whose
    /// id hashes to the key's at the position hinted is the record of that
    /// id, unless two ids share a 64-bit hash, the same odds on which every
    /// fingerprint here stands.
    pub fn fingerprint_hinted(&self, heads: &Heads, key: &Read, hint: Hint) -> (u64, Hint) {
        match key {
            Read::Head(k, id) if *k != Kind::Index => {
                let (at, hint) = self.position(heads, *k, id, hint);
                let prints = match k {
                    Kind::Briefing => &heads.briefings,
                    Kind::Actor => &heads.actors,
                    Kind::Place => &heads.places,
                    _ => &heads.sources,
                };
                (at.and_then(|i| prints.get(i)).map_or(0, |&p| p), hint)
            }
            Read::Body(k, id) if *k != Kind::Index => {
                let (at, hint) = self.position(heads, *k, id, hint);
                let bodies = &heads.bodies[body_slot(*k)];
                let print = at.and_then(|i| bodies.get(i)).copied();
                (print.unwrap_or_else(|| body_print(None)), hint)
            }
            Read::FigureId(id) => {
                let (at, hint) = self.position(heads, Kind::Index, id, hint);
                (figure_id_print(at.as_ref()), hint)
            }
            key => (self.fingerprint_in(Some(heads), key), hint),
        }
    }

    /// `fingerprint`, with the heads and figures looked up in `heads` (made
    /// by `heads` from this model) if given.
    pub fn fingerprint_in(&self, heads: Option<&Heads>, key: &Read) -> u64 {
        let (site, derived) = (self.site, self.derived);
        let ids = Ids {
            site,
            prints: heads.map(|h| h.ids.as_slice()),
        };
        match (key, heads) {
            (Read::Head(k, id), Some(heads)) => {
                let (ix, prints) = match k {
                    Kind::Briefing => (&site.briefing_ix, &heads.briefings),
                    Kind::Actor => (&site.actor_ix, &heads.actors),
                    Kind::Place => (&site.place_ix, &heads.places),
                    Kind::Source => (&site.source_ix, &heads.sources),
                    Kind::Index => return 0,
                };
                return ix.get(id).and_then(|&i| prints.get(i)).map_or(0, |&p| p);
            }
            (Read::Figure(fi), Some(heads)) => {
                return heads.figures.get(*fi).map_or(0, |&p| p);
            }
            (Read::FigureStanding(fi), Some(heads)) => {
                if let Some(&p) = heads.standing.get(*fi) {
                    return p;
                }
            }
            (Read::At(k, i), Some(heads)) if *k != Kind::Index => {
                let ids = self.hinted_ids(heads, *k);
                if ids.len() == self.count_of(*k) {
                    return ids.get(*i).copied().unwrap_or(0);
                }
            }
            _ => {}
        }
        match key {
            Read::Config => fp(&site.config),
            Read::Home => fp(&site.home),
            Read::Count(k) => hashed(&self.count_of(*k)),
            Read::At(k, i) => id_print(record_id(site, *k, *i)),
            Read::Head(k, id) => match k {
                Kind::Briefing => site.briefing(id).map_or(0, briefing_head),
                Kind::Actor => site.actor(id).map_or(0, actor_head),
                Kind::Place => site.place(id).map_or(0, place_head),
                Kind::Source => site.source(id).map_or(0, source_head),
                Kind::Index => 0,
            },
            // The body's own hash, kept with it: worked out once per read
            // of its file, not on every rebuild.
            Read::Body(k, id) => body_print(self.body_of(*k, id).map(|(_, b)| b.hash())),
            Read::Figure(fi) => figure(site.figures.get(*fi).map(|f| &**f)),
            Read::FigureStanding(fi) => standing(derived, *fi),
            Read::FigureId(id) => figure_id_print(site.figure_ix.get(id)),
            Read::LedgerPage(fi) => hashed(&self.ledger_pages.get(*fi)),
            Read::Ledger => ledger(&derived.ledger.measures),
            Read::LedgerTop(m, g) => {
                ledger_top((derived.ledger.measures.get(*m)).and_then(|x| x.groups.get(*g)))
            }
            Read::Headlines => {
                // Serialized straight into the hasher: nothing here fails.
                let mut h = hasher();
                let untracked = self.untracked();
                let views = super::ledger::headline_views(&untracked);
                serde_json::to_writer(HashWriter(&mut h), &views).ok();
                h.finish()
            }
            Read::Resolve(t) => hashed(&site.resolve_link(t)),
            Read::Backrefs(k, id) => backrefs(ids, self.backrefs_of(*k, id)),
            Read::Children(id) => hashed(&derived.children.get(id)),
            Read::Members(id) => hashed(&self.members_of(id)),
            Read::Tag(slug) => hashed(&self.tag_of(slug)),
            Read::Tags => hashed(&site.tags),
            Read::Tagged(slug) => tagged(ids, derived.tags.get(slug)),
            Read::Timeline(w) => {
                let t = &derived.timeline;
                timeline(ids, t.len(), window(t, w))
            }
            Read::Changes(w) => {
                let c = &derived.changes;
                changes(ids, c.len(), window(c, w))
            }
        }
    }

    /// A fingerprint of the model but its bodies, for outputs that are
    /// not pages (the data files that carry no body), from its `heads`.
    /// What `derive` makes is a function of it (it reads no body). The
    /// bodies are not hashed: at 10,000 briefings that alone costs tens of
    /// milliseconds.
    pub fn structure_fingerprint(&self, heads: &Heads) -> u64 {
        let s = self.site;
        let Heads {
            briefings,
            actors,
            places,
            sources,
            figures,
            // Functions of the heads hashed here (ids), of the bodies
            // (not part of the structure) and of derive (a function of it).
            ids: _,
            other_ids: _,
            bodies: _,
            standing: _,
        } = heads;
        let mut h = hasher();
        (briefings, actors, places, sources, figures).hash(&mut h);
        let mut drafts: Vec<&String> = s.excluded_drafts.iter().collect();
        drafts.sort();
        drafts.hash(&mut h);
        debug(&mut h, &s.config);
        s.tags.hash(&mut h);
        let home = &s.home;
        (&home.title, &home.summary).hash(&mut h);
        origin(&mut h, &home.origin);
        h.finish()
    }

    fn count_of(&self, k: Kind) -> usize {
        let s = self.site;
        match k {
            Kind::Briefing => s.briefings.len(),
            Kind::Actor => s.actors.len(),
            Kind::Place => s.places.len(),
            Kind::Source => s.sources.len(),
            Kind::Index => s.figures.len(),
        }
    }

    /// A record's id (as the model holds it) and body.
    fn body_of(&self, k: Kind, id: &str) -> Option<(&'a str, &'a crate::load::Body)> {
        let s = self.site;
        match k {
            Kind::Briefing => s.briefing(id).map(|x| (x.id.as_str(), &x.body)),
            Kind::Actor => s.actor(id).map(|x| (x.id.as_str(), &x.body)),
            Kind::Place => s.place(id).map(|x| (x.id.as_str(), &x.body)),
            Kind::Source => s.source(id).map(|x| (x.id.as_str(), &x.body)),
            Kind::Index => Some(("", &s.home.body)),
        }
    }

    fn backrefs_of(&self, k: Kind, id: &str) -> Option<&'a Backrefs> {
        let d = self.derived;
        match k {
            Kind::Actor => d.actors.get(id),
            Kind::Place => d.places.get(id),
            Kind::Source => d.sources.get(id),
            _ => None,
        }
    }

    fn members_of(&self, id: &str) -> Vec<&'a str> {
        self.site
            .actors
            .iter()
            .filter(|x| x.part_of.as_deref() == Some(id))
            .map(|x| x.id.as_str())
            .collect()
    }

    fn tag_of(&self, slug: &str) -> (Option<&'a str>, usize) {
        let name = self
            .site
            .tags
            .iter()
            .find(|t| t.slug == slug)
            .map(|t| t.name.as_str());
        (name, self.derived.tags.get(slug).map_or(0, Vec::len))
    }

    // -- The accessors: each names what it reads, then returns it. --

    pub fn config(&self) -> &'a Config {
        self.read_config();
        &self.site.config
    }

    /// Sorts `items` by name as the dossier's language sorts words.
    pub fn collate<T>(&self, items: &mut [T], name: impl Fn(&T) -> &str) {
        self.read_config();
        let c = self.site.collator();
        items.sort_by(|a, b| c.compare(name(a), name(b)));
    }

    /// The home page's title and summary (its body: `body(Kind::Index, "")`).
    pub fn home(&self) -> (&'a str, Option<&'a str>) {
        self.read(|| ReadOf::Home);
        let h = &self.site.home;
        (&h.title, h.summary.as_deref())
    }

    pub fn count(&self, k: Kind) -> usize {
        self.read(|| ReadOf::Count(k));
        self.count_of(k)
    }

    /// A record's body (`Kind::Index`: the home page's).
    pub fn body(&self, k: Kind, id: &str) -> &'a str {
        let found = self.body_of(k, id);
        match k {
            Kind::Index => self.read(|| ReadOf::Home),
            _ => self.read(|| ReadOf::Body(k, known(found.map(|f| f.0), id))),
        }
        found.map_or("", |(_, b)| b.as_ref())
    }

    /// The briefing at position `bi`, every field but `body` (read it
    /// with `body`), read by id: for a position the page got from a key
    /// that hashes the briefings it names by id (`Backrefs`, `Tagged`, a
    /// timeline or `/changes/` window, a briefing's own page). A page that
    /// shows what is at a position of the list (a page of `/briefings/`,
    /// the newest on the home page) uses `briefing_at`, which also records
    /// the position.
    pub fn briefing(&self, bi: usize) -> &'a Briefing {
        let b = &self.site.briefings[bi];
        self.read(|| ReadOf::Head(Kind::Briefing, b.id.as_str().into()));
        b
    }

    /// Position `i` of kind `k`'s list, noted as read: for a page that
    /// shows what is at a position (a page of `/briefings/`, the newest on
    /// the home page), before it reads the record there.
    pub fn listed(&self, k: Kind, i: usize) -> usize {
        self.read(|| ReadOf::At(k, i));
        i
    }

    /// The briefing at position `bi`, if there is one.
    pub fn briefing_at(&self, bi: usize) -> Option<&'a Briefing> {
        self.read(|| ReadOf::At(Kind::Briefing, bi));
        let b = self.site.briefings.get(bi)?;
        self.read(|| ReadOf::Head(Kind::Briefing, b.id.as_str().into()));
        Some(b)
    }

    /// The briefing `id`, every field but `body`.
    pub fn briefing_by_id(&self, id: &str) -> Option<&'a Briefing> {
        let found = self.site.briefing(id);
        self.read(|| ReadOf::Head(Kind::Briefing, known(found.map(|x| x.id.as_str()), id)));
        found
    }

    pub fn actor(&self, i: usize) -> &'a Actor {
        let a = &self.site.actors[i];
        self.read(|| ReadOf::At(Kind::Actor, i));
        self.read(|| ReadOf::Head(Kind::Actor, a.id.as_str().into()));
        a
    }

    pub fn actor_by_id(&self, id: &str) -> Option<&'a Actor> {
        let found = self.site.actor(id);
        self.read(|| ReadOf::Head(Kind::Actor, known(found.map(|x| x.id.as_str()), id)));
        found
    }

    pub fn place(&self, i: usize) -> &'a Place {
        let p = &self.site.places[i];
        self.read(|| ReadOf::At(Kind::Place, i));
        self.read(|| ReadOf::Head(Kind::Place, p.id.as_str().into()));
        p
    }

    pub fn place_by_id(&self, id: &str) -> Option<&'a Place> {
        let found = self.site.place(id);
        self.read(|| ReadOf::Head(Kind::Place, known(found.map(|x| x.id.as_str()), id)));
        found
    }

    pub fn source(&self, i: usize) -> &'a Source {
        let s = &self.site.sources[i];
        self.read(|| ReadOf::At(Kind::Source, i));
        self.read(|| ReadOf::Head(Kind::Source, s.id.as_str().into()));
        s
    }

    pub fn source_by_id(&self, id: &str) -> Option<&'a Source> {
        let found = self.site.source(id);
        self.read(|| ReadOf::Head(Kind::Source, known(found.map(|x| x.id.as_str()), id)));
        found
    }

    pub fn figure(&self, fi: usize) -> &'a Figure {
        self.read(|| ReadOf::Figure(fi));
        &self.site.figures[fi]
    }

    /// The index of figure `id`.
    pub fn figure_index(&self, id: &str) -> Option<usize> {
        let found = self.site.figure_ix.get_key_value(id);
        self.read(|| ReadOf::FigureId(known(found.map(|(k, _)| k.as_str()), id)));
        found.map(|(_, &i)| i)
    }

    pub fn superseded_by(&self, fi: usize) -> &'a [usize] {
        self.read(|| ReadOf::FigureStanding(fi));
        self.derived
            .superseded_by
            .get(fi)
            .map_or(&[], Vec::as_slice)
    }

    pub fn relayed_by(&self, fi: usize) -> &'a [usize] {
        self.read(|| ReadOf::FigureStanding(fi));
        self.derived.relayed_by.get(fi).map_or(&[], Vec::as_slice)
    }

    pub fn contested_with(&self, fi: usize) -> &'a [usize] {
        self.read(|| ReadOf::FigureStanding(fi));
        self.derived
            .ledger
            .contested
            .get(fi)
            .map_or(&[], Vec::as_slice)
    }

    pub fn stands(&self, fi: usize) -> bool {
        self.read(|| ReadOf::FigureStanding(fi));
        self.derived.ledger.stands(fi)
    }

    pub fn replaced_by(&self, fi: usize) -> &'a [usize] {
        self.read(|| ReadOf::FigureStanding(fi));
        self.derived
            .ledger
            .replaced_by
            .get(fi)
            .map_or(&[], Vec::as_slice)
    }

    pub(crate) fn ledger_page(&self, fi: usize) -> usize {
        self.read(|| ReadOf::LedgerPage(fi));
        self.ledger_pages.get(fi).copied().unwrap_or(1)
    }

    /// The ledger's measures and groups, for their layout: a page that
    /// shows a group's headlines or chart reads them with `ledger_top`.
    pub fn ledger(&self) -> &'a [crate::derive::ledger::MeasureLedger] {
        self.read(|| ReadOf::Ledger);
        &self.derived.ledger.measures
    }

    /// Group `g` of measure `m` of the ledger, for its headlines and chart.
    pub fn ledger_top(&self, m: usize, g: usize) -> Option<&'a crate::derive::ledger::GroupLedger> {
        self.read(|| ReadOf::LedgerTop(m, g));
        self.derived.ledger.measures.get(m)?.groups.get(g)
    }

    pub fn resolve_link(&self, target: &str) -> Option<(Kind, &'a str)> {
        self.read(|| ReadOf::Resolve(target.to_string().into()));
        self.site.resolve_link(target)
    }

    pub fn backrefs(&self, k: Kind, id: &str) -> Option<&'a Backrefs> {
        let d = self.derived;
        let found = match k {
            Kind::Actor => d.actors.get_key_value(id),
            Kind::Place => d.places.get_key_value(id),
            Kind::Source => d.sources.get_key_value(id),
            _ => None,
        };
        self.read(|| ReadOf::Backrefs(k, known(found.map(|(k, _)| k.as_str()), id)));
        found.map(|(_, b)| b)
    }

    pub fn children(&self, id: &str) -> &'a [String] {
        let found = self.derived.children.get_key_value(id);
        self.read(|| ReadOf::Children(known(found.map(|(k, _)| k.as_str()), id)));
        found.map_or(&[], |(_, c)| c.as_slice())
    }

    /// The ids of the actors that are part of actor `id`.
    pub fn members(&self, id: &str) -> Vec<&'a str> {
        // The id looked up only when the view records: `check` and
        // `build` make no key.
        self.read(|| {
            let found = self.site.actor(id).map(|a| a.id.as_str());
            ReadOf::Members(known(found, id))
        });
        self.members_of(id)
    }

    /// A tag's name (if the tag exists) and how many briefings carry it.
    pub fn tag(&self, slug: &str) -> (Option<&'a str>, usize) {
        self.read(|| {
            let found = self.derived.tags.get_key_value(slug);
            ReadOf::Tag(known(found.map(|(k, _)| k.as_str()), slug))
        });
        self.tag_of(slug)
    }

    /// Every tag, in order: slug and name.
    pub fn tags(&self) -> Vec<(&'a str, &'a str)> {
        self.read(|| ReadOf::Tags);
        self.site
            .tags
            .iter()
            .map(|t| (t.slug.as_str(), t.name.as_str()))
            .collect()
    }

    pub fn tagged(&self, slug: &str) -> &'a [usize] {
        let found = self.derived.tags.get_key_value(slug);
        self.read(|| ReadOf::Tagged(known(found.map(|(k, _)| k.as_str()), slug)));
        found.map_or(&[], |(_, t)| t.as_slice())
    }

    /// The timeline's entries in `window` (clamped), and its length.
    pub fn timeline(&self, window: Range<usize>) -> (&'a [(Date, TimelineItem)], usize) {
        let t = &self.derived.timeline;
        let w = window.start.min(t.len())..window.end.min(t.len());
        self.read(|| ReadOf::Timeline(w.clone()));
        (&t[w], t.len())
    }

    /// The entries of `/changes/` in `window` (clamped), and their number.
    pub fn changes(&self, window: Range<usize>) -> (&'a [Change], usize) {
        let c = &self.derived.changes;
        let w = window.start.min(c.len())..window.end.min(c.len());
        self.read(|| ReadOf::Changes(w.clone()));
        (&c[w], c.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fixture;
    use crate::render::{page_context, page_jobs, Views};

    fn briefing(id: &str, title: &str, day: u32, actors: &str, body: &str) -> (String, String) {
        (
            format!("briefings/{id}.md"),
            format!("---\ntitle: \"{title}\"\ndate: 2022-01-{day:02}\nactors: [{actors}]\n---\n{body}\n"),
        )
    }

    fn dossier(a_title: &str, b_body: &str) -> Vec<(String, String)> {
        vec![
            (
                "actors/x.md".into(),
                "---\nname: \"X\"\n---\nProfile.\n".into(),
            ),
            (
                "actors/y.md".into(),
                "---\nname: \"Y\"\n---\nProfile.\n".into(),
            ),
            briefing("a", a_title, 1, "x", "About a."),
            briefing("b", "Bee", 5, "y", b_body),
            briefing("c", "Sea", 9, "y", "About c."),
        ]
    }

    /// Whether the page at `path` would be built again after the dossier
    /// went from `before` to `after`: whether a key it read moved.
    fn rebuilt(before: &[(String, String)], after: &[(String, String)], path: &str) -> bool {
        fn refs(f: &[(String, String)]) -> Vec<(&str, &str)> {
            f.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect()
        }
        let (site1, _) = fixture::site(&refs(before));
        let derived1 = crate::derive::derive(&site1);
        let (site2, _) = fixture::site(&refs(after));
        let derived2 = crate::derive::derive(&site2);
        let (v1, v2) = (Views::new(&site1, &derived1), Views::new(&site2, &derived2));
        let job = page_jobs(&site1, &derived1)
            .into_iter()
            .find(|j| j.path == path)
            .expect("the page exists");
        let recording = v1.recording();
        page_context(&recording, job.kind);
        let reads = recording.reads();
        assert!(!reads.is_empty());
        reads.iter().any(|k| v1.fingerprint(k) != v2.fingerprint(k))
    }

    #[test]
    fn a_page_that_shows_a_title_is_rebuilt_when_the_title_changes() {
        let before = dossier("Ay", "About b.");
        let after = dossier("Ay, retitled", "About b.");
        // The actor's page lists briefing a, with its title.
        assert!(rebuilt(&before, &after, "actors/x/index.html"));
        assert!(rebuilt(&before, &after, "briefings/a/index.html"));
        // Briefing b's neighbour is a (older), so b links a's title.
        assert!(rebuilt(&before, &after, "briefings/b/index.html"));
        // Actor y lists b and c only.
        assert!(!rebuilt(&before, &after, "actors/y/index.html"));
    }

    #[test]
    fn a_date_edit_leaves_the_pages_that_list_only_briefings_it_moves_past() {
        let before = dossier("Ay", "About b.");
        let mut after = before.clone();
        // a (1 January, the oldest) moves to 7 January, between c and b:
        // b's position in the list moves, but not what actor y shows.
        after[2] = briefing("a", "Ay", 7, "x", "About a.");
        assert!(rebuilt(&before, &after, "actors/x/index.html"));
        assert!(rebuilt(&before, &after, "briefings/index.html"));
        assert!(!rebuilt(&before, &after, "actors/y/index.html"));
    }

    #[test]
    fn a_body_edit_rebuilds_only_the_page_that_shows_the_body() {
        let before = dossier("Ay", "About b.");
        let after = dossier("Ay", "About b, and more.");
        assert!(rebuilt(&before, &after, "briefings/b/index.html"));
        for p in [
            "actors/x/index.html",
            "actors/y/index.html",
            "briefings/a/index.html",
            "briefings/c/index.html",
            "index.html",
            "briefings/index.html",
            "timeline/index.html",
        ] {
            assert!(!rebuilt(&before, &after, p), "{p}");
        }
    }

    /// Every key the pages of `files` read.
    fn all_reads(files: &[(&str, &str)]) -> Vec<Read> {
        let (site, _) = fixture::site(files);
        let derived = crate::derive::derive(&site);
        let v = Views::new(&site, &derived);
        let mut all = HashSet::new();
        for job in page_jobs(&site, &derived) {
            let r = v.recording();
            page_context(&r, job.kind);
            all.extend(r.reads());
        }
        // Keys of records and figures that are not there.
        all.extend([
            Read::Head(Kind::Actor, "nobody".into()),
            Read::Body(Kind::Place, "nowhere".into()),
            Read::FigureId("f-none".into()),
            Read::At(Kind::Briefing, 99),
            Read::FigureStanding(99),
        ]);
        all.into_iter().collect()
    }

    #[test]
    fn a_hinted_fingerprint_is_the_fingerprint_whatever_the_hint() {
        fn refs(f: &[(String, String)]) -> Vec<(&str, &str)> {
            f.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect()
        }
        let file = |p: &str, t: &str| (p.to_string(), t.to_string());
        let figure = "figures:\n  - {id: f-a, measure: killed, count: 3, as_of: 2022-01-01, claimed_by: x, source: s}\n";
        let b = vec![
            file("actors/x.md", "---\nname: \"X\"\n---\nProfile.\n"),
            file("actors/y.md", "---\nname: \"Y\"\n---\nProfile.\n"),
            file("places/p.md", "---\nname: \"P\"\n---\nA place.\n"),
            file(
                "sources/s.md",
                "---\ntitle: \"S\"\noutlet: \"O\"\npublished: 2022-01-01\n---\n",
            ),
            file(
                "briefings/a.md",
                &format!(
                    "---\ntitle: \"A\"\ndate: 2022-01-01\nactors: [x]\n{figure}---\nAbout [[p]].\n"
                ),
            ),
            file(
                "briefings/b.md",
                "---\ntitle: \"B\"\ndate: 2022-01-05\nactors: [y]\n---\nAbout b.\n",
            ),
            file(
                "briefings/c.md",
                "---\ntitle: \"C\"\ndate: 2022-01-09\nactors: [y]\n---\nAbout c.\n",
            ),
        ];
        // a moves past b and c, an actor comes before x and y: positions
        // move, so the hints taken before point at other records.
        let mut a = b.clone();
        a[4].1 = a[4].1.replace("2022-01-01\nactors", "2022-01-12\nactors");
        a.push(file("actors/w.md", "---\nname: \"W\"\n---\nNew.\n"));
        a.push(file(
            "briefings/d.md",
            "---\ntitle: \"D\"\ndate: 2022-01-03\nactors: [w]\n---\nAbout d.\n",
        ));
        let as_refs = refs;
        let mut keys = all_reads(&as_refs(&b));
        keys.extend(all_reads(&as_refs(&a)));
        let (site1, _) = fixture::site(&as_refs(&b));
        let derived1 = crate::derive::derive(&site1);
        let (site2, _) = fixture::site(&as_refs(&a));
        let derived2 = crate::derive::derive(&site2);
        let (v1, v2) = (Views::new(&site1, &derived1), Views::new(&site2, &derived2));
        let (h1, h2) = (v1.heads(), v2.heads());
        for k in &keys {
            let (p1, hint1) = v1.fingerprint_hinted(&h1, k, Hint::default());
            assert_eq!(p1, v1.fingerprint(k), "{k:?}");
            assert_eq!(v1.fingerprint_hinted(&h1, k, hint1).0, p1, "{k:?}");
            // The hint of the last model (a key's hint is only ever its
            // own), and one at every position.
            let (p2, hint2) = v2.fingerprint_hinted(&h2, k, hint1);
            assert_eq!(p2, v2.fingerprint(k), "{k:?}");
            assert_eq!(v2.fingerprint_in(Some(&h2), k), p2, "{k:?}");
            assert_eq!(v2.fingerprint_hinted(&h2, k, hint2).0, p2, "{k:?}");
            for at in 0..8 {
                let moved = Hint { at, ..hint2 };
                assert_eq!(v2.fingerprint_hinted(&h2, k, moved).0, p2, "{k:?} {at}");
            }
        }
    }

    #[test]
    fn only_a_recording_view_records() {
        let (site, _) = fixture::site(&[("actors/x.md", "---\nname: \"X\"\n---\n")]);
        let derived = crate::derive::derive(&site);
        let v = Views::new(&site, &derived);
        v.actor(0);
        assert!(v.reads().is_empty());
        let r = Views::new(&site, &derived).recording();
        r.actor(0);
        let mut reads = r.reads();
        reads.sort_by_key(|k| format!("{k:?}"));
        assert_eq!(
            reads,
            vec![
                Read::At(Kind::Actor, 0),
                Read::Head(Kind::Actor, "x".into())
            ]
        );
    }
}
