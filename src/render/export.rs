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

use serde::Serialize;

use super::{qualifier_str, status_str, value_text, Page, Views};
use crate::derive::TimelineItem;
use crate::diag::Diagnostic;
use crate::domain::{Count, Kind, Precision};
use crate::model::claim_bounds;
use crate::model::Value;

/// The paths written, relative to the output root.
pub const FIGURES_CSV: &str = "data/figures.csv";
pub const FIGURES_JSON: &str = "data/figures.json";
pub const DOSSIER_JSON: &str = "data/dossier.json";
pub const TIMELINE_JSON: &str = "data/timeline.json";

/// One figure, flat: the CSV's row and the JSON's object.
#[derive(Serialize, Debug, Clone)]
pub struct FigureRecord {
    pub id: String,
    /// The figure's row in the ledger.
    pub url: String,
    pub measure: String,
    pub measure_label: String,
    pub group: String,
    pub group_label: String,
    /// As reported: "more than 3,000", "40–50", "dozens".
    pub value: String,
    pub count: Option<Count>,
    pub min: Option<Count>,
    pub max: Option<Count>,
    pub qualifier: String,
    /// What the claim allows, its qualifier read as the ledger reads it
    /// ("about" ±10 %, "nearly" up to 10 % under, "dozens" 24–199…);
    /// `allows_max` is empty when there is no upper bound.
    pub allows_min: Count,
    pub allows_max: Option<Count>,
    pub unit: Option<String>,
    /// As written: `2022-01-07`, `2022-03` or `2022`.
    pub as_of: String,
    pub place: Option<String>,
    pub place_name: Option<String>,
    pub claimed_by: String,
    pub claimed_by_name: String,
    pub via: Vec<String>,
    pub via_names: Vec<String>,
    pub source: String,
    pub source_title: String,
    pub source_outlet: String,
    pub source_published: String,
    pub source_url: Option<String>,
    /// An archived copy of the source's report.
    pub source_archived: Option<String>,
    pub source_reliability: Option<String>,
    pub words: Option<String>,
    pub status: String,
    /// When a retracted figure was withdrawn: `2022-01-10`.
    pub retracted_on: Option<String>,
    /// Counted in the ledger's headline.
    pub stands: bool,
    pub supersedes: Vec<String>,
    pub superseded_by: Vec<String>,
    pub relay_of: Option<String>,
    pub relayed_by: Vec<String>,
    /// Figures this one collides with.
    pub contested_with: Vec<String>,
    pub credibility: Option<u8>,
    pub note: Option<String>,
    pub briefing: String,
    pub briefing_title: String,
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

impl FigureRecord {
    fn csv_row(&self) -> Vec<String> {
        let o = |x: &Option<String>| x.clone().unwrap_or_default();
        let n = |x: Option<Count>| x.map(|n| n.to_string()).unwrap_or_default();
        let list = |x: &[String]| x.join("; ");
        vec![
            self.id.clone(),
            self.url.clone(),
            self.measure.clone(),
            self.measure_label.clone(),
            self.group.clone(),
            self.group_label.clone(),
            self.value.clone(),
            n(self.count),
            n(self.min),
            n(self.max),
            self.qualifier.clone(),
            self.allows_min.to_string(),
            n(self.allows_max),
            o(&self.unit),
            self.as_of.clone(),
            o(&self.place),
            o(&self.place_name),
            self.claimed_by.clone(),
            self.claimed_by_name.clone(),
            list(&self.via),
            list(&self.via_names),
            self.source.clone(),
            self.source_title.clone(),
            self.source_outlet.clone(),
            self.source_published.clone(),
            o(&self.source_url),
            o(&self.source_archived),
            o(&self.source_reliability),
            o(&self.words),
            self.status.clone(),
            o(&self.retracted_on),
            self.stands.to_string(),
            list(&self.supersedes),
            list(&self.superseded_by),
            o(&self.relay_of),
            list(&self.relayed_by),
            list(&self.contested_with),
            self.credibility.map(|c| c.to_string()).unwrap_or_default(),
            o(&self.note),
            self.briefing.clone(),
            self.briefing_title.clone(),
            self.briefing_url.clone(),
        ]
    }
}

/// `/kazakhstan-2022/actors/x/` → `https://example.org/kazakhstan-2022/actors/x/`
fn absolute(v: &Views<'_>, url: &str) -> String {
    let c = &v.site.config;
    format!(
        "{}{}",
        c.base_url,
        url.strip_prefix(c.base_path.as_str()).unwrap_or(url)
    )
}

fn figure_record(v: &Views<'_>, fi: usize) -> FigureRecord {
    let site = v.site;
    let f = &site.figures[fi];
    let ledger = &v.derived.ledger;
    let m = site.config.measure(&f.measure);
    let src = site.source(&f.source);
    let (count, min, max) = match f.value {
        Value::Count(n) => (Some(n), None, None),
        Value::Range { min, max } => (None, min, max),
    };
    let (lo, hi) = claim_bounds(&f.value, f.qualifier);
    let ids =
        |v: &[usize]| -> Vec<String> { v.iter().map(|&j| site.figures[j].id.clone()).collect() };
    FigureRecord {
        id: f.id.clone(),
        url: absolute(v, &v.ledger_url(fi, &format!("fig-{}", f.id))),
        measure: f.measure.clone(),
        measure_label: m.map_or_else(|| f.measure.clone(), |m| m.label.clone()),
        group: f.group.clone(),
        group_label: site.config.group_label(&f.group),
        value: value_text(&f.value, f.qualifier),
        count,
        min,
        max,
        qualifier: qualifier_str(f.qualifier).into(),
        allows_min: lo,
        allows_max: (hi != Count::MAX).then_some(hi),
        unit: m.and_then(|m| m.unit.clone()),
        as_of: f.as_of.iso(),
        place: f.place.clone(),
        place_name: f.place.as_deref().map(|p| v.place_link(p).name),
        claimed_by: f.claimed_by.clone(),
        claimed_by_name: v.actor_link(&f.claimed_by).name,
        via: f.via.clone(),
        via_names: f.via.iter().map(|a| v.actor_link(a).name).collect(),
        source: f.source.clone(),
        source_title: src.map(|s| s.title.clone()).unwrap_or_default(),
        source_outlet: src.map(|s| s.outlet.clone()).unwrap_or_default(),
        source_published: src.map(|s| s.published.iso()).unwrap_or_default(),
        source_url: src.and_then(|s| s.url.clone()),
        source_archived: src.and_then(|s| s.archived.clone()),
        source_reliability: src.and_then(|s| s.reliability).map(String::from),
        words: f.words.clone(),
        status: status_str(f.status).0.into(),
        retracted_on: f.retracted_on.map(|d| d.iso()),
        stands: ledger.stands(fi),
        supersedes: f.supersedes.clone(),
        superseded_by: ids(&v.derived.superseded_by[fi]),
        relay_of: f.relay_of.clone(),
        relayed_by: ids(&v.derived.relayed_by[fi]),
        contested_with: ledger.contested.get(fi).map(|c| ids(c)).unwrap_or_default(),
        credibility: f.credibility,
        note: f.note.clone(),
        briefing: f.briefing.clone(),
        briefing_title: v.briefing_link(&f.briefing).name,
        briefing_url: absolute(v, &v.url(Kind::Briefing, &f.briefing)),
    }
}

/// Every figure, in the ledger's order: measure, group, newest first.
pub fn figure_records(v: &Views<'_>) -> Vec<FigureRecord> {
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
    order.into_iter().map(|fi| figure_record(v, fi)).collect()
}

fn figures_csv(records: &[FigureRecord]) -> Result<Vec<u8>, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(CSV_COLUMNS).map_err(|e| e.to_string())?;
    for r in records {
        w.write_record(r.csv_row()).map_err(|e| e.to_string())?;
    }
    w.into_inner().map_err(|e| e.to_string())
}

/// `dossier.json`: every record, borrowed from the model (a large
/// dossier's bodies are not copied into a JSON tree first).
#[derive(Serialize)]
struct DossierJson<'a> {
    dossier: MetaJson<'a>,
    measures: &'a [crate::config::Measure],
    groups: &'a std::collections::BTreeMap<String, String>,
    briefings: Vec<BriefingJson<'a>>,
    actors: Vec<ActorJson<'a>>,
    places: Vec<PlaceJson<'a>>,
    sources: Vec<SourceJson<'a>>,
    figures: &'a [FigureRecord],
    tags: Vec<TagJson<'a>>,
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

/// Every record of the dossier.
fn dossier_json<'a>(v: &Views<'a>, figures: &'a [FigureRecord]) -> DossierJson<'a> {
    let site = v.site;
    let c = &site.config;
    DossierJson {
        dossier: MetaJson {
            title: &c.title,
            description: &c.description,
            base_url: &c.base_url,
            language: &c.language,
            generator: format!("dossier {}", env!("CARGO_PKG_VERSION")),
        },
        measures: &c.measures,
        groups: &c.groups,
        briefings: site
            .briefings
            .iter()
            .map(|b| BriefingJson {
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
            })
            .collect(),
        actors: site
            .actors
            .iter()
            .map(|a| ActorJson {
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
            })
            .collect(),
        places: site
            .places
            .iter()
            .map(|p| PlaceJson {
                id: &p.id,
                url: absolute(v, &v.url(Kind::Place, &p.id)),
                name: &p.name,
                kind: p.kind,
                within: p.within.as_deref(),
                aliases: &p.aliases,
                has_profile: p.has_profile,
                revisions: RevisionsJson::of(&p.revisions),
                body_markdown: &p.body,
            })
            .collect(),
        sources: site
            .sources
            .iter()
            .map(|s| SourceJson {
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
            })
            .collect(),
        figures,
        tags: site
            .tags
            .iter()
            .map(|t| TagJson {
                slug: &t.slug,
                name: &t.name,
                url: absolute(v, &format!("{}tags/{}/", c.base_path, t.slug)),
            })
            .collect(),
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

/// TimelineJS's date object: the parts the date gives, as strings.
fn tl_date(d: &crate::domain::Date) -> serde_json::Value {
    let j = d.0;
    match d.1 {
        Precision::Day => serde_json::json!({
            "year": j.year().to_string(), "month": j.month().to_string(), "day": j.day().to_string(),
        }),
        Precision::Month => {
            serde_json::json!({"year": j.year().to_string(), "month": j.month().to_string()})
        }
        Precision::Year => serde_json::json!({"year": j.year().to_string()}),
    }
}

/// The timeline in TimelineJS's JSON format: events and briefings, with
/// absolute links back to the dossier.
fn timeline_json(v: &Views<'_>) -> serde_json::Value {
    let site = v.site;
    let mut events = Vec::new();
    for (date, item) in &v.derived.timeline {
        match *item {
            TimelineItem::Event(bi, ei) => {
                let b = &site.briefings[bi];
                let e = &b.events[ei];
                let mut text = String::new();
                if let Some(p) = &e.place {
                    let pl = v.place_link(p);
                    text.push_str(&format!("<p>{}</p>", link(&absolute(v, &pl.url), &pl.name)));
                }
                if !e.sources.is_empty() {
                    let srcs: Vec<String> = e
                        .sources
                        .iter()
                        .map(|s| {
                            let l = v.source_link(s);
                            link(&absolute(v, &l.url), &l.name)
                        })
                        .collect();
                    text.push_str(&format!("<p>Sources: {}</p>", srcs.join("; ")));
                }
                text.push_str(&format!(
                    "<p>Briefing: {}</p>",
                    link(&absolute(v, &v.url(Kind::Briefing, &b.id)), &b.title)
                ));
                let mut ev = serde_json::json!({
                    "start_date": tl_date(date),
                    "text": {"headline": esc(&e.title), "text": text},
                    "group": "Events",
                    "unique_id": format!("event-{}-{}", b.id, ei + 1),
                });
                if let Some(t) = &e.time {
                    ev["display_date"] = format!("{}, {}", date.long(), t).into();
                }
                events.push(ev);
            }
            TimelineItem::Briefing(bi) => {
                let b = &site.briefings[bi];
                let url = absolute(v, &v.url(Kind::Briefing, &b.id));
                let mut text = String::new();
                if let Some(s) = &b.summary {
                    text.push_str(&format!("<p>{}</p>", esc(s)));
                }
                text.push_str(&format!("<p>{}</p>", link(&url, "Read the briefing")));
                events.push(serde_json::json!({
                    "start_date": tl_date(date),
                    "text": {"headline": esc(&b.title), "text": text},
                    "group": "Briefings",
                    "unique_id": format!("briefing-{}", b.id),
                }));
            }
        }
    }
    serde_json::json!({
        "title": {
            "text": {
                "headline": esc(&site.config.title),
                "text": format!("<p>{}</p><p>{}</p>", esc(&site.config.description), link(&site.config.base_url, "The dossier")),
            },
        },
        "events": events,
    })
}

fn json_page<T: Serialize>(path: &str, value: &T) -> Result<Page, Diagnostic> {
    let mut content = serde_json::to_vec(value)
        .map_err(|e| Diagnostic::error(path, format!("cannot write the JSON: {e}")))?;
    content.push(b'\n');
    Ok(Page {
        path: path.into(),
        content,
    })
}

/// The data files, as pages to write.
pub fn data_pages(v: &Views<'_>) -> Result<Vec<Page>, Diagnostic> {
    let mut pages = Vec::new();
    each_data_page(v, &mut |p| {
        pages.push(p);
        Ok(())
    })?;
    Ok(pages)
}

/// The data files, each handed to `sink` as soon as it is made, so that a
/// build can write it and let it go before the next (together they are
/// several times the size of the pages' text).
pub fn each_data_page(
    v: &Views<'_>,
    sink: &mut dyn FnMut(Page) -> Result<(), Diagnostic>,
) -> Result<(), Diagnostic> {
    let records = figure_records(v);
    let csv = figures_csv(&records)
        .map_err(|e| Diagnostic::error(FIGURES_CSV, format!("cannot write the CSV: {e}")))?;
    sink(Page {
        path: FIGURES_CSV.into(),
        content: csv,
    })?;
    sink(json_page(FIGURES_JSON, &records)?)?;
    sink(json_page(DOSSIER_JSON, &dossier_json(v, &records))?)?;
    drop(records);
    sink(json_page(TIMELINE_JSON, &timeline_json(v))?)
}
