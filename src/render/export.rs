//! The data behind the pages, for reuse: `/data/figures.csv`,
//! `/data/figures.json`, `/data/dossier.json` and `/data/timeline.json`.
//!
//! A newsroom that wants to chart the counts itself, check them against
//! another tracker or drop the timeline into TimelineJS should not have to
//! scrape HTML. Every figure is one row (or object) with every field, ids
//! and display names side by side, and the ledger's verdicts (whether it
//! stands, what it collides with); `dossier.json` holds every record;
//! `timeline.json` is in TimelineJS's JSON format. Links in the data are
//! absolute (the configured `base_url`), since the files travel. Like the
//! rest of `render`, this is a pure function of the model.

use std::io::{self, Write};

use serde::Serialize;

use super::{qualifier_str, status_str, value_text, Page, Views};
use crate::derive::TimelineItem;
use crate::diag::Diagnostic;
use crate::domain::{Count, Kind, Precision};
use crate::model::claim_bounds;
use crate::model::Value;

use crate::route::{DOSSIER_JSON, FIGURES_CSV, FIGURES_JSON, TIMELINE_JSON};

/// Every data file (paths relative to the output root, named in `route`), in the order `each_data_file` makes them.
pub const DATA_FILES: &[&str] = &[FIGURES_CSV, FIGURES_JSON, DOSSIER_JSON, TIMELINE_JSON];

/// One figure, flat: the CSV's row and the JSON's object. It borrows
/// what the model holds and owns only what it works out (URLs, dates,
/// the value as reported): each figure's record is made once for the CSV
/// and both JSON files (`record_files`), and most of its text is the
/// model's.
#[derive(Serialize, Debug, Clone)]
pub struct FigureRecord<'a> {
    pub id: &'a str,
    /// The figure's row in the ledger.
    pub url: String,
    pub measure: &'a str,
    pub measure_label: &'a str,
    pub group: &'a str,
    pub group_label: String,
    /// As reported: "more than 3,000", "40–50", "dozens".
    pub value: String,
    pub count: Option<Count>,
    pub min: Option<Count>,
    pub max: Option<Count>,
    pub qualifier: &'static str,
    /// What the claim allows, its qualifier read as the ledger reads it
    /// ("about" ±10 %, "nearly" up to 10 % under, "dozens" 24–199…);
    /// `allows_max` is empty when there is no upper bound.
    pub allows_min: Count,
    pub allows_max: Option<Count>,
    pub unit: Option<&'a str>,
    /// As written: `2022-01-07`, `2022-03` or `2022`.
    pub as_of: String,
    pub place: Option<&'a str>,
    pub place_name: Option<&'a str>,
    pub claimed_by: &'a str,
    pub claimed_by_name: &'a str,
    pub via: &'a [String],
    pub via_names: Vec<&'a str>,
    pub source: &'a str,
    pub source_title: &'a str,
    pub source_outlet: &'a str,
    pub source_published: String,
    pub source_url: Option<&'a str>,
    /// An archived copy of the source's report.
    pub source_archived: Option<&'a str>,
    pub source_reliability: Option<String>,
    pub words: Option<&'a str>,
    pub status: &'static str,
    /// When a retracted figure was withdrawn: `2022-01-10`.
    pub retracted_on: Option<String>,
    /// Counted in the ledger's headline.
    pub stands: bool,
    pub supersedes: &'a [String],
    pub superseded_by: Vec<&'a str>,
    pub relay_of: Option<&'a str>,
    pub relayed_by: Vec<&'a str>,
    /// Figures this one collides with.
    pub contested_with: Vec<&'a str>,
    pub credibility: Option<u8>,
    pub note: Option<&'a str>,
    pub briefing: &'a str,
    pub briefing_title: &'a str,
    pub briefing_url: String,
}

/// The CSV's columns, in order (the record's fields).
pub const CSV_COLUMNS: &[&str] = &[
    "id",
    "url",
    "measure",
    "measure_label",
    "group",
    "group_label",
    "value",
    "count",
    "min",
    "max",
    "qualifier",
    "allows_min",
    "allows_max",
    "unit",
    "as_of",
    "place",
    "place_name",
    "claimed_by",
    "claimed_by_name",
    "via",
    "via_names",
    "source",
    "source_title",
    "source_outlet",
    "source_published",
    "source_url",
    "source_archived",
    "source_reliability",
    "words",
    "status",
    "retracted_on",
    "stands",
    "supersedes",
    "superseded_by",
    "relay_of",
    "relayed_by",
    "contested_with",
    "credibility",
    "note",
    "briefing",
    "briefing_title",
    "briefing_url",
];

impl FigureRecord<'_> {
    /// Writes the record as the CSV's next row, field by field (`scratch`
    /// holds the fields that are not text already).
    fn write_csv<W: Write>(&self, w: &mut csv::Writer<W>, scratch: &mut String) -> csv::Result<()> {
        use std::fmt::Write as _;
        let text = |w: &mut csv::Writer<W>, x: &str| w.write_field(x);
        let opt = |w: &mut csv::Writer<W>, x: Option<&str>| w.write_field(x.unwrap_or_default());
        let num = |w: &mut csv::Writer<W>, scratch: &mut String, x: Option<Count>| {
            scratch.clear();
            if let Some(n) = x {
                let _ = write!(scratch, "{n}");
            }
            w.write_field(scratch.as_str())
        };
        let list =
            |w: &mut csv::Writer<W>, scratch: &mut String, x: &mut dyn Iterator<Item = &str>| {
                scratch.clear();
                for (i, s) in x.enumerate() {
                    if i > 0 {
                        scratch.push_str("; ");
                    }
                    scratch.push_str(s);
                }
                w.write_field(scratch.as_str())
            };
        text(w, self.id)?;
        text(w, &self.url)?;
        text(w, self.measure)?;
        text(w, self.measure_label)?;
        text(w, self.group)?;
        text(w, &self.group_label)?;
        text(w, &self.value)?;
        num(w, scratch, self.count)?;
        num(w, scratch, self.min)?;
        num(w, scratch, self.max)?;
        text(w, self.qualifier)?;
        num(w, scratch, Some(self.allows_min))?;
        num(w, scratch, self.allows_max)?;
        opt(w, self.unit)?;
        text(w, &self.as_of)?;
        opt(w, self.place)?;
        opt(w, self.place_name)?;
        text(w, self.claimed_by)?;
        text(w, self.claimed_by_name)?;
        list(w, scratch, &mut self.via.iter().map(String::as_str))?;
        list(w, scratch, &mut self.via_names.iter().copied())?;
        text(w, self.source)?;
        text(w, self.source_title)?;
        text(w, self.source_outlet)?;
        text(w, &self.source_published)?;
        opt(w, self.source_url)?;
        opt(w, self.source_archived)?;
        opt(w, self.source_reliability.as_deref())?;
        opt(w, self.words)?;
        text(w, self.status)?;
        opt(w, self.retracted_on.as_deref())?;
        text(w, if self.stands { "true" } else { "false" })?;
        list(w, scratch, &mut self.supersedes.iter().map(String::as_str))?;
        list(w, scratch, &mut self.superseded_by.iter().copied())?;
        opt(w, self.relay_of)?;
        list(w, scratch, &mut self.relayed_by.iter().copied())?;
        list(w, scratch, &mut self.contested_with.iter().copied())?;
        num(w, scratch, self.credibility.map(Count::from))?;
        opt(w, self.note)?;
        text(w, self.briefing)?;
        text(w, self.briefing_title)?;
        text(w, &self.briefing_url)?;
        // The row's end: no more fields.
        w.write_record(std::iter::empty::<&[u8]>())
    }
}

/// `/kazakhstan-2022/actors/x/` → `https://example.org/kazakhstan-2022/actors/x/`
fn absolute(v: &Views<'_>, url: &str) -> String {
    let c = &v.site.config;
    crate::route::absolute(&c.base_path, &c.base_url, url)
}

fn figure_record<'a>(v: &Views<'a>, fi: usize) -> FigureRecord<'a> {
    let site = v.site;
    let f = &*site.figures[fi];
    let ledger = &v.derived.ledger;
    let m = site.config.measure(&f.measure);
    let src = site.source(&f.source);
    let (count, min, max) = match f.value {
        Value::Count(n) => (Some(n), None, None),
        Value::Range { min, max } => (None, min, max),
    };
    let (lo, hi) = claim_bounds(&f.value, f.qualifier);
    let ids =
        |v: &[usize]| -> Vec<&'a str> { v.iter().map(|&j| site.figures[j].id.as_str()).collect() };
    FigureRecord {
        id: &f.id,
        url: absolute(v, &v.ledger_url(fi, &format!("fig-{}", f.id))),
        measure: &f.measure,
        measure_label: m.map_or(f.measure.as_str(), |m| m.label.as_str()),
        group: &f.group,
        group_label: site.config.group_label(&f.group),
        value: value_text(&f.value, f.qualifier),
        count,
        min,
        max,
        qualifier: qualifier_str(f.qualifier),
        allows_min: lo,
        allows_max: (hi != Count::MAX).then_some(hi),
        unit: m.and_then(|m| m.unit.as_deref()),
        as_of: f.as_of.iso(),
        place: f.place.as_deref(),
        place_name: f
            .place
            .as_deref()
            .map(|p| site.place(p).map_or(p, |x| x.name.as_str())),
        claimed_by: &f.claimed_by,
        claimed_by_name: v.actor_name(&f.claimed_by),
        via: &f.via,
        via_names: f.via.iter().map(|a| v.actor_name(a)).collect(),
        source: &f.source,
        source_title: src.map_or("", |s| s.title.as_str()),
        source_outlet: src.map_or("", |s| s.outlet.as_str()),
        source_published: src.map(|s| s.published.iso()).unwrap_or_default(),
        source_url: src.and_then(|s| s.url.as_deref()),
        source_archived: src.and_then(|s| s.archived.as_deref()),
        source_reliability: src.and_then(|s| s.reliability).map(String::from),
        words: f.words.as_deref(),
        status: status_str(f.status).0,
        retracted_on: f.retracted_on.map(|d| d.iso()),
        stands: ledger.stands(fi),
        supersedes: &f.supersedes,
        superseded_by: ids(&v.derived.superseded_by[fi]),
        relay_of: f.relay_of.as_deref(),
        relayed_by: ids(&v.derived.relayed_by[fi]),
        contested_with: ledger.contested.get(fi).map(|c| ids(c)).unwrap_or_default(),
        credibility: f.credibility,
        note: f.note.as_deref(),
        briefing: &f.briefing,
        briefing_title: site
            .briefing(&f.briefing)
            .map_or(f.briefing.as_str(), |b| b.title.as_str()),
        briefing_url: absolute(v, &v.url(Kind::Briefing, &f.briefing)),
    }
}

/// Every figure's index, in the ledger's order: measure, group, newest
/// first.
fn figure_order(v: &Views<'_>) -> Vec<usize> {
    let mut order: Vec<usize> = v
        .derived
        .ledger
        .measures
        .iter()
        .flat_map(|m| m.groups.iter().flat_map(|g| g.figures.iter().copied()))
        .collect();
    // Figures of a measure the ledger does not list (none today) still go out.
    let mut seen = vec![false; v.site.figures.len()];
    for &fi in &order {
        seen[fi] = true;
    }
    order.extend((0..v.site.figures.len()).filter(|&fi| !seen[fi]));
    order
}

/// A JSON array made one element at a time as it is written: what `make`
/// returns, an iterator, is walked anew each time the value is serialized,
/// so the elements are never all in memory at once.
struct Lazy<F>(F);

impl<F, I> Serialize for Lazy<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
}

/// The files made from the figures' records, outermost first (see
/// `nested`): `dossier.json` holds the array of `figures.json` byte for
/// byte, and `figures.csv` has the same records as rows. They are made
/// together, each record once, and the array's bytes go to both JSON
/// files as they are made (serialized twice, they were a third of the
/// data files' work, and each record was made three times).
const RECORD_FILES: [&str; 3] = [DOSSIER_JSON, FIGURES_JSON, FIGURES_CSV];

/// Where each of `RECORD_FILES` sits in a group's writers (and the JSON
/// files in a `Tee`'s).
const DOSSIER: usize = 0;
const FIGURES: usize = 1;
const CSV: usize = 2;

/// `dossier.json`, `figures.json` and `figures.csv`, into the writers of
/// those the sink took (`outs`, in the order of `RECORD_FILES`). The
/// records are borrowed from the model and made as they are written: a
/// large dossier's records are never all in memory at once, as JSON or
/// otherwise. The fields of `dossier.json`, in order: `dossier`,
/// `measures`, `groups`, `briefings`, `actors`, `places`, `sources`,
/// `figures`, `tags`, framed as `serde_json` frames a struct.
fn record_files(
    v: &Views<'_>,
    order: &[usize],
    outs: &mut [Option<&mut dyn Write>],
) -> Result<(), Failed> {
    let [dossier, figures, csv] = outs else {
        return Ok(());
    };
    let mut csv = reborrow(csv).map(|out| {
        let w = csv::WriterBuilder::new()
            .buffer_capacity(JSON_BUFFER)
            .from_writer(out);
        (w, String::new())
    });
    let mut tee = Tee::new([reborrow(dossier), reborrow(figures)]);
    let (to_dossier, to_figures) = (tee.outs[DOSSIER].is_some(), tee.outs[FIGURES].is_some());
    let failed = |tee: &Tee<'_>, error: io::Error| Failed {
        index: tee
            .failed
            .unwrap_or(if to_dossier { DOSSIER } else { FIGURES }),
        error,
    };
    if to_dossier {
        dossier_head(v, &mut tee).map_err(|e| failed(&tee, e))?;
    }
    if let Some((w, _)) = &mut csv {
        w.write_record(CSV_COLUMNS).map_err(Failed::csv)?;
    }
    let json = to_dossier || to_figures;
    tee.to([true, true]).map_err(|e| failed(&tee, e))?;
    for (i, &fi) in order.iter().enumerate() {
        let record = figure_record(v, fi);
        if json {
            let sep: &[u8] = if i == 0 { b"[" } else { b"," };
            let written = tee
                .write_all(sep)
                .and_then(|()| serde_json::to_writer(&mut tee, &record).map_err(io::Error::from));
            written.map_err(|e| failed(&tee, e))?;
        }
        if let Some((w, scratch)) = &mut csv {
            record.write_csv(w, scratch).map_err(Failed::csv)?;
        }
    }
    let tail = |tee: &mut Tee<'_>| -> io::Result<()> {
        tee.write_all(if order.is_empty() { b"[]" } else { b"]" })?;
        tee.to([false, true])?;
        tee.write_all(b"\n")?;
        tee.to([true, false])?;
        if to_dossier {
            dossier_tail(v, tee)?;
        }
        tee.flush()
    };
    if json {
        tail(&mut tee).map_err(|e| failed(&tee, e))?;
    }
    if let Some((mut w, _)) = csv {
        w.flush().map_err(|e| Failed {
            index: CSV,
            error: e,
        })?;
    }
    Ok(())
}

/// `dossier.json` up to its figures: `{"dossier":…,"sources":[…],"figures":`.
fn dossier_head(v: &Views<'_>, tee: &mut Tee<'_>) -> io::Result<()> {
    let site = v.site;
    let c = &site.config;
    tee.to([true, false])?;
    tee.write_all(b"{\"dossier\":")?;
    let meta = MetaJson {
        title: &c.title,
        description: &c.description,
        base_url: &c.base_url,
        language: &c.language,
        generator: format!("dossier {}", env!("CARGO_PKG_VERSION")),
    };
    serde_json::to_writer(&mut *tee, &meta)?;
    tee.write_all(b",\"measures\":")?;
    serde_json::to_writer(&mut *tee, &c.measures)?;
    tee.write_all(b",\"groups\":")?;
    serde_json::to_writer(&mut *tee, &c.groups)?;
    tee.write_all(b",\"briefings\":")?;
    let briefings = Lazy(|| site.briefings.iter().map(|b| briefing_json(v, b)));
    serde_json::to_writer(&mut *tee, &briefings)?;
    tee.write_all(b",\"actors\":")?;
    serde_json::to_writer(
        &mut *tee,
        &Lazy(|| site.actors.iter().map(|a| actor_json(v, a))),
    )?;
    tee.write_all(b",\"places\":")?;
    serde_json::to_writer(
        &mut *tee,
        &Lazy(|| site.places.iter().map(|p| place_json(v, p))),
    )?;
    tee.write_all(b",\"sources\":")?;
    serde_json::to_writer(
        &mut *tee,
        &Lazy(|| site.sources.iter().map(|x| source_json(v, x))),
    )?;
    tee.write_all(b",\"figures\":")
}

/// `dossier.json` after its figures: `,"tags":[…]}`, then a newline.
fn dossier_tail(v: &Views<'_>, tee: &mut Tee<'_>) -> io::Result<()> {
    tee.write_all(b",\"tags\":")?;
    let tags = Lazy(|| {
        v.site.tags.iter().map(|t| TagJson {
            slug: &t.slug,
            name: &t.name,
            url: v.canonical(crate::route::Route::Tag(&t.slug)),
        })
    });
    serde_json::to_writer(&mut *tee, &tags)?;
    tee.write_all(b"}\n")
}

/// The JSON of the record files, buffered, and written to the JSON files
/// it belongs to (`dossier.json` alone, or both for the figures' array),
/// in large pieces: the serializer makes many writes of a few bytes each.
struct Tee<'o> {
    /// `dossier.json` and `figures.json`, if the sink took them.
    outs: [Option<&'o mut dyn Write>; 2],
    /// Which of `outs` the buffered bytes go to.
    to: [bool; 2],
    buf: Vec<u8>,
    /// The file whose writer failed, if one did.
    failed: Option<usize>,
}

impl<'o> Tee<'o> {
    fn new(outs: [Option<&'o mut dyn Write>; 2]) -> Self {
        Tee {
            outs,
            to: [true, false],
            buf: Vec::with_capacity(JSON_BUFFER),
            failed: None,
        }
    }

    /// The bytes from here on go to these files (of those taken).
    fn to(&mut self, to: [bool; 2]) -> io::Result<()> {
        self.drain()?;
        self.to = to;
        Ok(())
    }

    /// Writes `bytes` to the files they go to.
    fn send(&mut self, bytes: &[u8]) -> io::Result<()> {
        for (i, out) in self.outs.iter_mut().enumerate() {
            if let (true, Some(out)) = (self.to[i], out) {
                out.write_all(bytes)
                    .inspect_err(|_| self.failed = Some(i))?;
            }
        }
        Ok(())
    }

    /// Sends the buffered bytes.
    fn drain(&mut self) -> io::Result<()> {
        let buf = std::mem::take(&mut self.buf);
        let sent = self.send(&buf);
        self.buf = buf;
        self.buf.clear();
        sent
    }
}

impl Write for Tee<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.write_all(bytes)?;
        Ok(bytes.len())
    }

    #[inline]
    fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        if bytes.len() <= self.buf.capacity() - self.buf.len() {
            self.buf.extend_from_slice(bytes);
            return Ok(());
        }
        self.drain()?;
        if bytes.len() < self.buf.capacity() {
            self.buf.extend_from_slice(bytes);
            Ok(())
        } else {
            self.send(bytes)
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        self.drain()?;
        for (i, out) in self.outs.iter_mut().enumerate() {
            if let Some(out) = out {
                out.flush().inspect_err(|_| self.failed = Some(i))?;
            }
        }
        Ok(())
    }
}

/// A writer of a group, for a while. Not `Option::as_deref_mut`: that
/// keeps the trait object's own lifetime, which `&mut` cannot shorten (it
/// is invariant), so the writer could be lent only for all of that lifetime.
fn reborrow<'s>(out: &'s mut Option<&mut dyn Write>) -> Option<&'s mut dyn Write> {
    match out {
        Some(w) => Some(&mut **w),
        None => None,
    }
}

/// A write of a group of files that failed: the file whose writer failed
/// (its place in the group), and why.
struct Failed {
    index: usize,
    error: io::Error,
}

impl Failed {
    fn csv(e: csv::Error) -> Failed {
        Failed {
            index: CSV,
            error: e.into(),
        }
    }
}

/// Why a group of files stopped: a sink's diagnostic, or the failed
/// writer of one of them (whose sink words the diagnostic).
enum Stop {
    Said(Diagnostic),
    Failed(Failed),
}

/// What writes a group of files, given the writers of those taken.
type WriteGroup<'w> = &'w mut dyn FnMut(&mut [Option<&mut dyn Write>]) -> Result<(), Failed>;

/// Hands each of `paths` to `sink`, each inside the writing of the one
/// before, so that `write` is called once with the writers of all those
/// the sink took (`outs` holds those of the paths before these; `None`
/// for one it did not take), or not at all if it took none. The files
/// end innermost first, so a sink that keeps them in the order they end
/// keeps them in the order of `DATA_FILES`.
fn nested(
    sink: &Sink<'_>,
    paths: &[&str],
    outs: &mut Vec<Option<&mut dyn Write>>,
    write: WriteGroup<'_>,
) -> Result<(), Stop> {
    let Some((&path, rest)) = paths.split_first() else {
        if outs.iter().all(Option::is_none) {
            return Ok(());
        }
        return write(outs).map_err(Stop::Failed);
    };
    let index = outs.len();
    let mut taken = false;
    let mut inner = None;
    let said = sink(path, &mut |out| {
        taken = true;
        let mut outs: Vec<Option<&mut dyn Write>> = outs.iter_mut().map(reborrow).collect();
        outs.push(Some(out));
        match nested(sink, rest, &mut outs, &mut *write) {
            Ok(()) => Ok(()),
            // This file's writer failed: its sink words the diagnostic.
            Err(Stop::Failed(f)) if f.index == index => Err(f.error),
            Err(stop) => {
                inner = Some(stop);
                Err(io::Error::other("another data file failed"))
            }
        }
    });
    // What stopped a file made inside this one is what stopped both.
    if let Some(stop) = inner {
        return Err(stop);
    }
    said.map_err(Stop::Said)?;
    if taken {
        return Ok(());
    }
    outs.push(None);
    let r = nested(sink, rest, outs, write);
    outs.pop();
    r
}

#[derive(Serialize)]
struct MetaJson<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    language: &'a str,
    generator: String,
}

#[derive(Serialize)]
struct BriefingJson<'a> {
    id: &'a str,
    url: String,
    title: &'a str,
    date: String,
    summary: Option<&'a str>,
    draft: bool,
    tags: &'a [String],
    actors: &'a [String],
    places: &'a [String],
    sources: &'a [String],
    events: Vec<EventJson<'a>>,
    figures: Vec<&'a str>,
    quotes: Vec<QuoteJson<'a>>,
    #[serde(flatten)]
    revisions: RevisionsJson,
    body_markdown: &'a str,
}

/// `updated` (or null) and `corrections` (newest first) of a record.
#[derive(Serialize)]
struct RevisionsJson {
    updated: Option<String>,
    corrections: Vec<CorrectionJson>,
}

#[derive(Serialize)]
struct CorrectionJson {
    date: String,
    text: String,
}

impl RevisionsJson {
    fn of(r: &crate::model::Revisions) -> RevisionsJson {
        RevisionsJson {
            updated: r.updated.map(|d| d.iso()),
            corrections: r
                .corrections
                .iter()
                .map(|c| CorrectionJson {
                    date: c.date.iso(),
                    text: c.text.clone(),
                })
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct EventJson<'a> {
    date: String,
    time: Option<&'a str>,
    place: Option<&'a str>,
    title: &'a str,
    sources: &'a [String],
}

#[derive(Serialize)]
struct QuoteJson<'a> {
    actor: &'a str,
    date: String,
    text: &'a str,
    source: &'a str,
}

#[derive(Serialize)]
struct ActorJson<'a> {
    id: &'a str,
    url: String,
    name: &'a str,
    kind: Option<crate::domain::ActorKind>,
    aliases: &'a [String],
    country: Option<&'a str>,
    part_of: Option<&'a str>,
    has_profile: bool,
    #[serde(flatten)]
    revisions: RevisionsJson,
    body_markdown: &'a str,
}

#[derive(Serialize)]
struct PlaceJson<'a> {
    id: &'a str,
    url: String,
    name: &'a str,
    kind: Option<crate::domain::PlaceKind>,
    within: Option<&'a str>,
    aliases: &'a [String],
    has_profile: bool,
    #[serde(flatten)]
    revisions: RevisionsJson,
    body_markdown: &'a str,
}

#[derive(Serialize)]
struct SourceJson<'a> {
    id: &'a str,
    url: String,
    title: &'a str,
    outlet: &'a str,
    short: Option<&'a str>,
    published: String,
    link: Option<&'a str>,
    archived: Option<&'a str>,
    language: Option<&'a str>,
    reliability: Option<String>,
    relays: &'a [String],
    note: Option<&'a str>,
    #[serde(flatten)]
    revisions: RevisionsJson,
    body_markdown: &'a str,
}

#[derive(Serialize)]
struct TagJson<'a> {
    slug: &'a str,
    name: &'a str,
    url: String,
}

fn briefing_json<'a>(v: &Views<'a>, b: &'a crate::model::Briefing) -> BriefingJson<'a> {
    let site = v.site;
    BriefingJson {
        id: &b.id,
        url: absolute(v, &v.url(Kind::Briefing, &b.id)),
        title: &b.title,
        date: b.date.iso(),
        summary: b.summary.as_deref(),
        draft: b.draft,
        tags: &b.tags,
        actors: &b.actors,
        places: &b.places,
        sources: &b.sources,
        events: b
            .events
            .iter()
            .map(|e| EventJson {
                date: e.date.iso(),
                time: e.time.as_deref(),
                place: e.place.as_deref(),
                title: &e.title,
                sources: &e.sources,
            })
            .collect(),
        figures: b
            .figures
            .iter()
            .map(|&fi| site.figures[fi].id.as_str())
            .collect(),
        quotes: b
            .quotes
            .iter()
            .map(|q| QuoteJson {
                actor: &q.actor,
                date: q.date.iso(),
                text: &q.text,
                source: &q.source,
            })
            .collect(),
        revisions: RevisionsJson::of(&b.revisions),
        body_markdown: &b.body,
    }
}

fn actor_json<'a>(v: &Views<'a>, a: &'a crate::model::Actor) -> ActorJson<'a> {
    ActorJson {
        id: &a.id,
        url: absolute(v, &v.url(Kind::Actor, &a.id)),
        name: &a.name,
        kind: a.kind,
        aliases: &a.aliases,
        country: a.country.as_deref(),
        part_of: a.part_of.as_deref(),
        has_profile: a.has_profile,
        revisions: RevisionsJson::of(&a.revisions),
        body_markdown: &a.body,
    }
}

fn place_json<'a>(v: &Views<'a>, p: &'a crate::model::Place) -> PlaceJson<'a> {
    PlaceJson {
        id: &p.id,
        url: absolute(v, &v.url(Kind::Place, &p.id)),
        name: &p.name,
        kind: p.kind,
        within: p.within.as_deref(),
        aliases: &p.aliases,
        has_profile: p.has_profile,
        revisions: RevisionsJson::of(&p.revisions),
        body_markdown: &p.body,
    }
}

fn source_json<'a>(v: &Views<'a>, s: &'a crate::model::Source) -> SourceJson<'a> {
    SourceJson {
        id: &s.id,
        url: absolute(v, &v.url(Kind::Source, &s.id)),
        title: &s.title,
        outlet: &s.outlet,
        short: s.short.as_deref(),
        published: s.published.iso(),
        link: s.url.as_deref(),
        archived: s.archived.as_deref(),
        language: s.language.as_deref(),
        reliability: s.reliability.map(String::from),
        relays: &s.relays,
        note: s.note.as_deref(),
        revisions: RevisionsJson::of(&s.revisions),
        body_markdown: &s.body,
    }
}

fn esc(s: &str) -> String {
    let mut buf = Vec::with_capacity(s.len());
    tera::escape_html(s, &mut buf).expect("writing to memory");
    String::from_utf8(buf).expect("escaped UTF-8 stays UTF-8")
}

fn link(url: &str, text: &str) -> String {
    format!("<a href=\"{}\">{}</a>", esc(url), esc(text))
}

/// HTML made in one buffer, escaped as it goes: a timeline event's text
/// has a handful of links, each of which would otherwise be a string of
/// its own, and each of its parts another.
#[derive(Default)]
struct Html(Vec<u8>);

impl Html {
    /// Markup, as it is.
    fn raw(&mut self, s: &str) -> &mut Self {
        self.0.extend_from_slice(s.as_bytes());
        self
    }

    /// Text, escaped.
    fn text(&mut self, s: &str) -> &mut Self {
        // Writing to memory cannot fail.
        let _ = tera::escape_html(s, &mut self.0);
        self
    }

    /// What `link` makes.
    fn link(&mut self, url: &str, text: &str) -> &mut Self {
        self.raw("<a href=\"")
            .text(url)
            .raw("\">")
            .text(text)
            .raw("</a>")
    }

    fn done(self) -> String {
        // Escaped UTF-8 stays UTF-8.
        String::from_utf8(self.0)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }
}

/// TimelineJS's date object: the parts the date gives, as strings. (The
/// fields of this and the other timeline types are in alphabetical order:
/// the file's bytes are those `serde_json` gives a map of them.)
#[derive(Serialize)]
struct TlDate {
    #[serde(skip_serializing_if = "Option::is_none")]
    day: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    month: Option<String>,
    year: String,
}

fn tl_date(d: &crate::domain::Date) -> TlDate {
    let j = d.0;
    let (day, month) = match d.1 {
        Precision::Day => (Some(j.day()), Some(j.month())),
        Precision::Month => (None, Some(j.month())),
        Precision::Year => (None, None),
    };
    TlDate {
        day: day.map(|x| x.to_string()),
        month: month.map(|x| x.to_string()),
        year: j.year().to_string(),
    }
}

/// A headline and its text, in HTML.
#[derive(Serialize)]
struct TlText {
    headline: String,
    text: String,
}

/// One event of the timeline: an event of a briefing, or a briefing.
#[derive(Serialize)]
struct TlEvent {
    #[serde(skip_serializing_if = "Option::is_none")]
    display_date: Option<String>,
    group: &'static str,
    start_date: TlDate,
    text: TlText,
    unique_id: String,
}

#[derive(Serialize)]
struct TlTitle {
    text: TlText,
}

/// The timeline in TimelineJS's JSON format: events and briefings, with
/// absolute links back to the dossier; each event made as it is written.
#[derive(Serialize)]
struct TimelineJson<E: Serialize> {
    events: E,
    title: TlTitle,
}

fn timeline_event(v: &Views<'_>, date: &crate::domain::Date, item: &TimelineItem) -> TlEvent {
    let site = v.site;
    match *item {
        TimelineItem::Event(bi, ei) => {
            let b = &site.briefings[bi];
            let e = &b.events[ei];
            let mut text = Html::default();
            if let Some(p) = &e.place {
                let pl = v.place_link(p);
                text.raw("<p>")
                    .link(&absolute(v, &pl.url), &pl.name)
                    .raw("</p>");
            }
            if !e.sources.is_empty() {
                text.raw("<p>Sources: ");
                for (i, s) in e.sources.iter().enumerate() {
                    if i > 0 {
                        text.raw("; ");
                    }
                    let l = v.source_link(s);
                    text.link(&absolute(v, &l.url), &l.name);
                }
                text.raw("</p>");
            }
            text.raw("<p>Briefing: ")
                .link(&absolute(v, &v.url(Kind::Briefing, &b.id)), &b.title)
                .raw("</p>");
            TlEvent {
                display_date: e.time.as_ref().map(|t| format!("{}, {}", date.long(), t)),
                group: "Events",
                start_date: tl_date(date),
                text: TlText {
                    headline: esc(&e.title),
                    text: text.done(),
                },
                unique_id: format!("event-{}-{}", b.id, ei + 1),
            }
        }
        TimelineItem::Briefing(bi) => {
            let b = &site.briefings[bi];
            let url = absolute(v, &v.url(Kind::Briefing, &b.id));
            let mut text = Html::default();
            if let Some(s) = &b.summary {
                text.raw("<p>").text(s).raw("</p>");
            }
            text.raw("<p>").link(&url, "Read the briefing").raw("</p>");
            TlEvent {
                display_date: None,
                group: "Briefings",
                start_date: tl_date(date),
                text: TlText {
                    headline: esc(&b.title),
                    text: text.done(),
                },
                unique_id: format!("briefing-{}", b.id),
            }
        }
    }
}

/// Writes `value` as JSON, then a newline.
///
/// The serializer writes into a buffer of its own, a concrete type: it
/// makes many writes of a few bytes each, and through `dyn Write` each
/// would be a call that cannot be inlined.
fn write_json<T: Serialize>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    let mut buffered = io::BufWriter::with_capacity(JSON_BUFFER, out);
    serde_json::to_writer(&mut buffered, value)?;
    buffered.write_all(b"\n")?;
    buffered.flush()
}

/// The buffer between the JSON serializer and a data file's writer.
const JSON_BUFFER: usize = 64 * 1024;

/// Writes one data file: its bytes go to the writer it is given.
pub type WriteData<'w> = &'w mut dyn FnMut(&mut dyn Write) -> io::Result<()>;

/// Where the data files go: given each one's path and the function that
/// writes it, a sink calls the function with a writer, or does not if it
/// does not want the file. It is called again while it writes a file:
/// the files of `RECORD_FILES` are written together, one inside the
/// other (see `nested`).
pub type Sink<'s> = dyn Fn(&str, WriteData<'_>) -> Result<(), Diagnostic> + 's;

/// The data files, as pages to write.
pub fn data_pages(v: &Views<'_>) -> Result<Vec<Page>, Diagnostic> {
    let pages = std::cell::RefCell::new(Vec::new());
    each_data_file(v, &|path, write| {
        let page = in_memory(path, write)?;
        pages.borrow_mut().push(page);
        Ok(())
    })?;
    Ok(pages.into_inner())
}

/// The one data file at `path`, made in memory (`serve` makes each on the
/// first request for it), or `None` if there is none there. The others
/// are not made.
pub fn data_file(v: &Views<'_>, path: &str) -> Option<Result<Vec<u8>, Diagnostic>> {
    let found = std::cell::RefCell::new(None);
    let r = each_data_file(v, &|p, write| {
        if p == path {
            let content = in_memory(p, write)?.content;
            *found.borrow_mut() = Some(content);
        }
        Ok(())
    });
    match r {
        Ok(()) => found.into_inner().map(Ok),
        Err(d) => Some(Err(d)),
    }
}

/// One data file, made in memory.
pub fn in_memory(path: &str, write: WriteData<'_>) -> Result<Page, Diagnostic> {
    let mut content = Vec::new();
    write(&mut content)
        .map_err(|e| Diagnostic::error(path, format!("cannot write {path}: {e}")))?;
    Ok(Page {
        path: path.into(),
        content,
    })
}

/// The data files: `sink` is given each one's path and the function that
/// writes it, and can stream it straight to disk (together they are
/// several times the size of the pages' text, and none is ever whole in
/// memory: records are made as they are written). They end in the order
/// of `DATA_FILES`.
pub fn each_data_file(v: &Views<'_>, sink: &Sink<'_>) -> Result<(), Diagnostic> {
    let order = figure_order(v);
    let mut outs = Vec::new();
    nested(sink, &RECORD_FILES, &mut outs, &mut |outs| {
        record_files(v, &order, outs)
    })
    .map_err(|stop| match stop {
        Stop::Said(d) => d,
        // Each file's failure is its sink's to word: this is not reached.
        Stop::Failed(f) => {
            let path = RECORD_FILES.get(f.index).copied().unwrap_or("data");
            Diagnostic::error(path, format!("cannot write {path}: {}", f.error))
        }
    })?;
    let c = &v.site.config;
    let timeline = TimelineJson {
        events: Lazy(|| {
            v.derived
                .timeline
                .iter()
                .map(|(date, item)| timeline_event(v, date, item))
        }),
        title: TlTitle {
            text: TlText {
                headline: esc(&c.title),
                text: format!(
                    "<p>{}</p><p>{}</p>",
                    esc(&c.description),
                    link(&c.base_url, "The dossier")
                ),
            },
        },
    };
    sink(TIMELINE_JSON, &mut |out| write_json(out, &timeline))
}
