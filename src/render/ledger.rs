//! The casualty ledger's views: what `casualties.html`, the home page's
//! headline figures and the step charts show of `crate::derive::ledger`.
//!
//! Chart geometry is computed here, in plain Rust, so that templates only
//! place ready-made coordinates and paths (no arithmetic in Tera), and so
//! that it can be tested without rendering a page. Each measure and group
//! gets its own chart with its own scale: counts run from a dozen to tens
//! of billions (damage in tenge), and one shared axis would flatten all
//! but the largest.

use std::sync::OnceLock;

use serde::{Serialize, Serializer};

use super::pages::ShownFigure;
use super::{shared, thousands, value_text, LinkView, Shared, Views};
use crate::derive::ledger::{Chart, GroupLedger, Headline};
use crate::domain::{Date, Precision};
use crate::route;

/// The Admiralty scale's words for a claim's credibility (1–6).
pub fn credibility_label(c: u8) -> &'static str {
    match c {
        1 => "confirmed",
        2 => "probably true",
        3 => "possibly true",
        4 => "doubtful",
        5 => "improbable",
        _ => "cannot be judged",
    }
}

/// The spread of a headline's claims, as a reader would say it: "16–19",
/// "more than 2,200", "nearly 1,000 to more than 2,200".
pub fn spread_text(v: &Views<'_>, h: &Headline) -> String {
    let fig = |fi: usize| {
        let f = v.figure(fi);
        value_text(&f.value, f.qualifier)
    };
    if h.figures.len() == 1 {
        return fig(h.figures[0]);
    }
    if h.plain {
        return if h.low == h.high {
            thousands(h.low)
        } else {
            format!("{}–{}", thousands(h.low), thousands(h.high))
        };
    }
    let (lo, hi) = (fig(h.low_figure), fig(h.high_figure));
    if h.low_figure == h.high_figure || lo == hi {
        lo
    } else {
        format!("{lo} to {hi}")
    }
}

fn anchor(measure: &str, group: &str) -> String {
    format!("{measure}-{group}")
}

/// The first figure of the ledger section that `anchor` names on the
/// casualties page (a measure `m-killed`, a group `killed-security-forces`,
/// or a figure's own id), so that a link written as `@/casualties/#anchor`
/// can go to the page of the paginated ledger that holds it.
pub(crate) fn anchor_figure(v: &Views<'_>, anchor_id: &str) -> Option<usize> {
    for m in v.ledger() {
        let first = m.groups.iter().find_map(|g| g.figures.first().copied());
        if anchor_id == format!("m-{}", m.measure) {
            return first;
        }
        for g in &m.groups {
            if anchor_id == anchor(&m.measure, &g.group) {
                return g.figures.first().copied();
            }
        }
    }
    v.figure_index(anchor_id)
}

/// A headline figure: the spread of the standing claims of one measure
/// and group at one place, ready to print.
#[derive(Serialize)]
pub struct HeadlineView {
    pub measure: String,
    pub measure_label: String,
    pub unit: Option<String>,
    /// Whether the measure counts people (`casualty: true`).
    pub casualty: bool,
    pub group: String,
    pub group_label: String,
    pub place: Option<LinkView>,
    /// As a reader would say it: "16–19", "more than 2,200".
    pub spread: String,
    /// Whether `spread` is long (over 12 characters), for the layout.
    pub long: bool,
    /// The lowest and highest counts among the claims.
    pub low: u64,
    pub high: u64,
    /// The newest claim's date.
    pub as_of: String,
    pub as_of_long: String,
    /// How many claims it spans.
    pub claims: usize,
    pub claimants: Vec<LinkView>,
    pub figures: Vec<LinkView>,
    /// The group on the ledger.
    pub url: String,
    /// The view as Tera's value tree, made the first time a page shows it
    /// (`Headlines`); not a field templates see.
    #[serde(skip)]
    pub(crate) tree: OnceLock<Shared>,
}

impl HeadlineView {
    /// The view as Tera's value tree, made once.
    fn shared(&self) -> Shared {
        self.tree.get_or_init(|| shared::value(self)).clone()
    }
}

/// The ledger's headlines as every page of the ledger shows them: the
/// same on each of its pages (193 at 10,000 briefings), each listing the
/// links to every figure it spans, thousands in all. Each headline is
/// converted to Tera's values once and shared (see `render::shared`), not
/// once a page. Made from `headline_views`, whose reads `Views` records as
/// one key, so sharing changes nothing of what a page records.
pub struct Headlines<'v>(pub &'v [HeadlineView]);

impl Serialize for Headlines<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(HeadlineView::shared))
    }
}

/// One headline, ready to print.
fn headline_view(v: &Views<'_>, measure: &str, g: &GroupLedger, h: &Headline) -> HeadlineView {
    let config = v.config();
    let m = config.measure(measure);
    let mut claimants: Vec<&str> = h
        .figures
        .iter()
        .map(|&fi| v.figure(fi).claimed_by.as_str())
        .collect();
    claimants.sort_unstable();
    claimants.dedup();
    let mut claimants: Vec<LinkView> = claimants.into_iter().map(|a| v.actor_link(a)).collect();
    v.collate(&mut claimants, |a| &a.name);
    let spread = spread_text(v, h);
    HeadlineView {
        measure: measure.to_string(),
        measure_label: m.map(|x| x.label.clone()).unwrap_or_default(),
        unit: m.and_then(|x| x.unit.clone()),
        casualty: m.is_some_and(|x| x.casualty),
        group: g.group.clone(),
        group_label: config.group_label(&g.group),
        place: h.place.as_deref().map(|p| v.place_link(p)),
        long: spread.chars().count() > 12,
        spread,
        low: h.low,
        high: h.high,
        as_of: h.as_of.iso(),
        as_of_long: h.as_of.long(),
        claims: h.figures.len(),
        claimants,
        figures: h
            .figures
            .iter()
            .map(|&fi| v.figure_link(&v.figure(fi).id))
            .collect(),
        url: v.ledger_url(
            g.figures.first().copied().unwrap_or(usize::MAX),
            &anchor(measure, &g.group),
        ),
        tree: OnceLock::new(),
    }
}

/// The home page's headline figures: for each casualty measure and group
/// with a standing claim, the spread at the broadest place. The same on
/// every page that shows them (the home page, every page of the ledger),
/// so made once per model (`Views::headlines`).
pub fn headline_views<'v>(v: &'v Views<'_>) -> &'v [HeadlineView] {
    v.headlines(compute_headlines)
}

fn compute_headlines(v: &Views<'_>) -> Vec<HeadlineView> {
    let mut out = Vec::new();
    for m in v.ledger() {
        if !v.config().measure(&m.measure).is_some_and(|x| x.casualty) {
            continue;
        }
        for g in &m.groups {
            if let Some(h) = g.headline() {
                out.push(headline_view(v, &m.measure, g, h));
            }
        }
    }
    out
}

/// What `casualties.html` adds to every page's context: one page of the
/// ledger.
#[derive(Serialize)]
pub struct LedgerPage<'v> {
    /// The measures with a group on this page.
    pub measures: Vec<MeasureView<'v>>,
    /// As on the home page.
    pub headlines: Headlines<'v>,
    pub data: DataLinks,
}

/// A measure (`killed`, `detained`…) and its groups on this page.
#[derive(Serialize)]
pub struct MeasureView<'v> {
    pub id: &'v str,
    /// `m-<measure>`.
    pub anchor: String,
    pub label: String,
    pub unit: Option<String>,
    pub casualty: bool,
    /// Whether it began on an earlier page.
    pub continued: bool,
    pub groups: Vec<GroupView<'v>>,
}

/// A group of a measure (`security-forces`…) and its claims on this page.
#[derive(Serialize)]
pub struct GroupView<'v> {
    pub id: &'v str,
    /// `<measure>-<group>`.
    pub anchor: String,
    pub label: String,
    /// Whether it began on an earlier page; its headlines, chart and
    /// counts are then absent (they are on the page where it begins).
    pub continued: bool,
    pub figures: Vec<ShownFigure<'v>>,
    #[serde(flatten)]
    pub top: Option<GroupTop>,
}

/// What the page where a group begins shows above its claims.
#[derive(Serialize)]
pub struct GroupTop {
    pub headlines: Vec<HeadlineView>,
    pub chart: Option<ChartView>,
    pub counts: GroupCounts,
}

/// How many of a group's claims (on all pages) are of each sort.
#[derive(Serialize)]
pub struct GroupCounts {
    pub claims: usize,
    pub standing: usize,
    pub retracted: usize,
    pub contested: usize,
    pub relays: usize,
}

/// The URLs of the data files.
#[derive(Serialize)]
pub struct DataLinks {
    pub figures_csv: String,
    pub figures_json: String,
    pub dossier_json: String,
    pub timeline_json: String,
}

/// The ledger page's context: every measure, every group, every claim,
/// their headlines and charts, and links to the data.
pub fn page<'v>(v: &'v Views<'_>, window: std::ops::Range<usize>) -> LedgerPage<'v> {
    let config = v.config();
    let base = config.base_path.as_str();
    // The figures of all measures and groups, in order, are one list that
    // pages cut into windows: a group cut by a page boundary is
    // `continued` on the next page (its headline and chart on the first).
    let mut offset = 0;
    let mut measures: Vec<MeasureView<'v>> = Vec::new();
    for (mi, m) in v.ledger().iter().enumerate() {
        let measure = config.measure(&m.measure);
        let label = measure.map_or_else(|| m.measure.clone(), |x| x.label.clone());
        let measure_start = offset;
        let mut groups: Vec<GroupView<'v>> = Vec::new();
        for (gi, g) in m.groups.iter().enumerate() {
            let (start, end) = (offset, offset + g.figures.len());
            offset = end;
            let shown = start.max(window.start)..end.min(window.end);
            if shown.is_empty() && !(g.figures.is_empty() && window.contains(&start)) {
                continue;
            }
            let group_label = config.group_label(&g.group);
            let continued = start < window.start;
            let figures: Vec<_> = g.figures[shown.start - start.min(shown.start)..]
                .iter()
                .take(shown.len())
                .map(|&fi| ShownFigure::of(v, fi))
                .collect();
            // The headline, counts and chart go where the group starts
            // (which alone looks at all its figures).
            let top = (!continued).then(|| {
                // Counted from the figures, not from a view of each: a
                // group can hold thousands.
                let count =
                    |p: &dyn Fn(usize) -> bool| g.figures.iter().filter(|&&fi| p(fi)).count();
                // The headlines and chart, read as this group's top (the
                // same group: `ledger` gave it).
                let top = v.ledger_top(mi, gi).unwrap_or(g);
                GroupTop {
                    headlines: top
                        .headlines
                        .iter()
                        .map(|h| headline_view(v, &m.measure, g, h))
                        .collect(),
                    chart: top
                        .chart
                        .as_ref()
                        .map(|ch| chart_view(v, &m.measure, &label, g, &group_label, ch)),
                    counts: GroupCounts {
                        claims: g.figures.len(),
                        standing: count(&|fi| v.stands(fi)),
                        retracted: count(&|fi| {
                            v.figure(fi).status == crate::domain::Status::Retracted
                        }),
                        contested: count(&|fi| !v.contested_with(fi).is_empty()),
                        relays: count(&|fi| v.figure(fi).relay_of.is_some()),
                    },
                }
            });
            groups.push(GroupView {
                id: &g.group,
                anchor: anchor(&m.measure, &g.group),
                label: group_label,
                continued,
                figures,
                top,
            });
        }
        if groups.is_empty() {
            continue;
        }
        measures.push(MeasureView {
            id: &m.measure,
            anchor: format!("m-{}", m.measure),
            label,
            unit: measure.and_then(|x| x.unit.clone()),
            casualty: measure.is_some_and(|x| x.casualty),
            continued: measure_start < window.start,
            groups,
        });
    }
    LedgerPage {
        measures,
        headlines: Headlines(headline_views(v)),
        data: DataLinks {
            figures_csv: route::url_of_path(base, route::FIGURES_CSV),
            figures_json: route::url_of_path(base, route::FIGURES_JSON),
            dossier_json: route::url_of_path(base, route::DOSSIER_JSON),
            timeline_json: route::url_of_path(base, route::TIMELINE_JSON),
        },
    }
}

// ---------------------------------------------------------------------------
// The step chart.

/// The chart's drawing box, in SVG user units (the SVG scales to its box).
pub const CHART_WIDTH: f64 = 640.0;
pub const CHART_HEIGHT: f64 = 250.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 34.0;
const RIGHT: f64 = 30.0;
/// Space between the axes and the first and last dates.
const PAD: f64 = 18.0;
/// How many line styles (colour and dash) the theme defines: `.s0`…`.s5`.
pub const SERIES_STYLES: usize = 6;

#[derive(Serialize, Clone)]
pub struct ChartView {
    pub id: String,
    pub title: String,
    pub desc: String,
    pub width: f64,
    pub height: f64,
    /// The plot area.
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
    /// Where the axes' labels go: y labels end at `ylabel_x`, x labels sit on `xlabel_y`.
    pub ylabel_x: f64,
    pub xlabel_y: f64,
    /// The bottom of the x axis's tick marks.
    pub xtick_end: f64,
    pub yticks: Vec<Tick>,
    pub xticks: Vec<Tick>,
    pub series: Vec<SeriesView>,
    pub has_retracted: bool,
    pub has_replaced: bool,
    pub has_ranges: bool,
    pub has_open: bool,
    /// Whether some claim is dated only to its month or year (a span).
    pub has_spans: bool,
    /// Claims not drawn (too many dates or claimants); the table has them.
    pub omitted: usize,
}

#[derive(Serialize, Clone)]
pub struct Tick {
    /// Position along its axis.
    pub at: String,
    pub label: String,
}

#[derive(Serialize, Clone)]
pub struct SeriesView {
    /// `s0`…`s5`: colour and dash pattern.
    pub class: String,
    pub name: String,
    pub actor: LinkView,
    pub place: Option<LinkView>,
    /// The step line.
    pub d: String,
    pub markers: Vec<Marker>,
}

#[derive(Serialize, Clone)]
pub struct Bar {
    /// y of the range's top and bottom.
    pub y1: String,
    pub y2: String,
}

#[derive(Serialize, Clone)]
pub struct Span {
    /// x of the period's first and last day.
    pub x1: String,
    pub x2: String,
}

#[derive(Serialize, Clone)]
pub struct Marker {
    pub x: String,
    pub y: String,
    /// `stands` (filled), `replaced` (hollow: superseded or otherwise not
    /// counted), `retracted` (crossed).
    pub kind: String,
    /// A closed range's ends, drawn as a bar.
    pub bar: Option<Bar>,
    /// A date known only to its month or year: the period it may fall in,
    /// drawn as a band at the claim's value.
    pub span: Option<Span>,
    /// The cross over a retracted claim's marker (path data).
    pub cross: Option<String>,
    /// An arrow up from the marker when the claim is open-ended ("more
    /// than 40", "at least 18", "dozens"): the value plotted is its floor.
    pub arrow: Option<String>,
    /// The tooltip: "Interior Ministry: 18, as of 7 January 2022 (superseded)".
    pub title: String,
    pub figure: String,
}

fn n1(x: f64) -> String {
    let s = format!("{x:.1}");
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

/// A round step for about `target` intervals up to `max`: 1, 2, 2.5 or 5
/// times a power of ten (never below 1: counts are whole).
pub fn nice_step(max: u64, target: u64) -> u64 {
    let raw = (max as f64 / target as f64).max(1.0);
    let mag = 10f64.powf(raw.log10().floor());
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        let step = m * mag;
        if step >= raw && step.fract() == 0.0 {
            return step as u64;
        }
    }
    (10.0 * mag) as u64
}

/// A short axis label: 950, 4,000, 1.5 m, 40 bn.
pub fn compact(n: u64) -> String {
    let short = |x: f64, unit: &str| {
        let s = format!("{x:.1}");
        format!("{} {unit}", s.strip_suffix(".0").unwrap_or(&s))
    };
    match n {
        0..=999_999 => thousands(n),
        1_000_000..=999_999_999 => short(n as f64 / 1e6, "m"),
        _ => short(n as f64 / 1e9, "bn"),
    }
}

/// Days from `t0` to `d` (negative before it).
fn days(t0: jiff::civil::Date, d: jiff::civil::Date) -> i64 {
    t0.until(d).map_or(0, |s| i64::from(s.get_days()))
}

/// The ticks of a time axis from `t0` to `t1`, as dates and labels: days
/// ("7 Jan") over a short span, weeks over a few months, months ("Mar 2022")
/// over a few years, years beyond; about eight at most. A month or year
/// axis also marks its first day when that is not a month's first, so
/// that a cluster of early claims has a date under it.
fn time_ticks(t0: jiff::civil::Date, t1: jiff::civil::Date) -> Vec<(jiff::civil::Date, String)> {
    let span = days(t0, t1).max(1);
    let day = |d: jiff::civil::Date| Date(d, Precision::Day).short();
    let mut out = Vec::new();
    if span <= 70 {
        let step = [1, 2, 7, 14]
            .into_iter()
            .find(|s| span / s <= 8)
            .unwrap_or(14);
        let mut d = t0;
        while d <= t1 {
            out.push((d, day(d)));
            let Ok(next) = d.checked_add(jiff::Span::new().days(step)) else {
                break;
            };
            d = next;
        }
        return out;
    }
    let months = span / 30;
    let (unit, step) = if months <= 36 {
        let step = [1, 2, 3, 6]
            .into_iter()
            .find(|s| months / s <= 8)
            .unwrap_or(6);
        (Precision::Month, step)
    } else {
        let years = span / 365;
        let step = [1, 2, 5, 10, 20, 50]
            .into_iter()
            .find(|s| years / s <= 8)
            .unwrap_or(100);
        (Precision::Year, step * 12)
    };
    let start = if unit == Precision::Year {
        t0.first_of_year()
    } else {
        t0.first_of_month()
    };
    let mut d = start;
    if d < t0 {
        // The axis does not start on a period's first day: mark its start.
        out.push((t0, day(t0)));
        d = d.checked_add(jiff::Span::new().months(1)).unwrap_or(t1);
        while unit == Precision::Year && d.month() != 1 && d < t1 {
            d = d.checked_add(jiff::Span::new().months(1)).unwrap_or(t1);
        }
    }
    let min_gap = span / 16;
    while d <= t1 {
        if out.last().is_none_or(|(p, _)| days(*p, d) >= min_gap) {
            out.push((d, Date(d, unit).short()));
        }
        let Ok(next) = d.checked_add(jiff::Span::new().months(step)) else {
            break;
        };
        d = next;
    }
    out
}

fn date_phrase(d: &Date) -> String {
    match d.1 {
        Precision::Day => format!("on {}", d.long()),
        _ => format!("in {}", d.long()),
    }
}

/// Lays a chart out: scales, ticks, one step line and markers per series,
/// and the text a screen reader gets instead (title and description).
pub fn chart_view(
    v: &Views<'_>,
    measure: &str,
    measure_label: &str,
    g: &GroupLedger,
    group_label: &str,
    ch: &Chart,
) -> ChartView {
    let step = nice_step(ch.max, 4);
    let ymax = (ch.max.div_ceil(step) * step).max(step);
    let ticks: Vec<u64> = (0..=ymax / step).map(|i| i * step).collect();
    let widest = ticks
        .iter()
        .map(|&t| compact(t).chars().count())
        .max()
        .unwrap_or(1);
    // Room for the y labels, also at the larger type of narrow screens.
    let left = 16.0 + 11.0 * widest as f64;
    let right = CHART_WIDTH - RIGHT;
    let bottom = CHART_HEIGHT - BOTTOM;
    let y = |val: u64| bottom - (bottom - TOP) * (val as f64 / ymax as f64);
    // Time to scale: from the first day any plotted date may mean to the
    // last (a claim dated "2022" spans the whole year).
    let t0 = ch
        .dates
        .iter()
        .map(Date::first_day)
        .min()
        .unwrap_or_default();
    let t1 = ch.dates.iter().map(|d| d.0).max().unwrap_or(t0);
    let span = days(t0, t1).max(1) as f64;
    let x =
        |d: jiff::civil::Date| left + PAD + (right - left - 2.0 * PAD) * days(t0, d) as f64 / span;
    let xticks = time_ticks(t0, t1)
        .into_iter()
        .map(|(d, label)| Tick {
            at: n1(x(d)),
            label,
        })
        .collect();
    let yticks = ticks
        .iter()
        .map(|&t| Tick {
            at: n1(y(t)),
            label: compact(t),
        })
        .collect();
    let several_places = ch.series.iter().any(|s| s.place != ch.series[0].place);
    let mut desc_parts = Vec::new();
    let mut series = Vec::new();
    let (mut has_retracted, mut has_replaced, mut has_ranges, mut has_open, mut has_spans) =
        (false, false, false, false, false);
    for (si, s) in ch.series.iter().enumerate() {
        let actor = v.actor_link(&s.claimant);
        let place = s.place.as_deref().map(|p| v.place_link(p));
        let name = match (&place, several_places) {
            (Some(p), true) => format!("{} ({})", actor.name, p.name),
            (None, true) => format!("{} (place not given)", actor.name),
            _ => actor.name.clone(),
        };
        let mut d = String::new();
        // Where the step line has got to.
        let mut line_x = left;
        let mut said = Vec::new();
        let mut markers = Vec::new();
        for p in &s.points {
            let f = v.figure(p.figure);
            // A day is a point; a month or a year is a span, the marker in
            // its middle: the step line stops where the period begins and
            // goes on from where it ends.
            let date = ch.dates[p.x];
            let (x1, x2) = (x(date.first_day()), x(date.0));
            let (px, py) = ((x1 + x2) / 2.0, y(p.value));
            let span = (!date.is_exact()).then(|| Span {
                x1: n1(x1),
                x2: n1(x2),
            });
            if !p.retracted {
                match (d.is_empty(), span.is_some()) {
                    (true, false) => d = format!("M{} {}", n1(px), n1(py)),
                    (true, true) => d = format!("M{} {}", n1(x2), n1(py)),
                    (false, false) => d.push_str(&format!(" H{} V{}", n1(px), n1(py))),
                    // The old count holds up to the period's start at most
                    // (never back in time), the new one from its end.
                    (false, true) if x1 > line_x => {
                        d.push_str(&format!(" H{} M{} {}", n1(x1), n1(x2), n1(py)))
                    }
                    (false, true) => d.push_str(&format!(" M{} {}", n1(x2), n1(py))),
                }
                line_x = if span.is_some() { x2 } else { px };
            }
            has_spans |= span.is_some();
            let state = if p.retracted {
                has_retracted = true;
                " (retracted)"
            } else if !p.stands {
                has_replaced = true;
                if f.relay_of.is_none() && f.status == crate::domain::Status::Superseded {
                    " (superseded)"
                } else {
                    " (not counted)"
                }
            } else {
                ""
            };
            let text = value_text(&f.value, f.qualifier);
            said.push(format!("{text} {}{state}", date_phrase(&f.as_of)));
            has_ranges |= p.range.is_some();
            let open =
                crate::model::claim_bounds(&f.value, f.qualifier).1 == crate::domain::Count::MAX;
            has_open |= open;
            markers.push(Marker {
                x: n1(px),
                y: n1(py),
                kind: if p.retracted {
                    "retracted"
                } else if p.stands {
                    "stands"
                } else {
                    "replaced"
                }
                .into(),
                bar: p.range.map(|(lo, hi)| Bar {
                    y1: n1(y(hi)),
                    y2: n1(y(lo)),
                }),
                span,
                cross: p.retracted.then(|| {
                    let r = 4.0;
                    format!(
                        "M{} {} L{} {} M{} {} L{} {}",
                        n1(px - r),
                        n1(py - r),
                        n1(px + r),
                        n1(py + r),
                        n1(px - r),
                        n1(py + r),
                        n1(px + r),
                        n1(py - r)
                    )
                }),
                arrow: open.then(|| {
                    format!(
                        "M{x} {a} V{b} M{l} {c} L{x} {b} L{r} {c}",
                        x = n1(px),
                        a = n1(py - 7.0),
                        b = n1(py - 17.0),
                        c = n1(py - 13.0),
                        l = n1(px - 3.5),
                        r = n1(px + 3.5)
                    )
                }),
                title: format!("{name}: {text}, as of {}{state}", f.as_of.long()),
                figure: f.id.clone(),
            });
        }
        if d.is_empty() {
            // Only retracted claims: no line, but a path all the same, so
            // that each series is one path.
            let p = &s.points[0];
            d = format!("M{} {}", n1(x(ch.dates[p.x].0)), n1(y(p.value)));
        } else if s.holds && s.points.last().is_some_and(|p| ch.dates[p.x].0 < t1) {
            d.push_str(&format!(" H{}", n1(x(t1))));
        }
        desc_parts.push(format!("{name}: {}.", said.join(", ")));
        series.push(SeriesView {
            class: format!("s{}", si % SERIES_STYLES),
            name,
            actor,
            place,
            d,
            markers,
        });
    }
    let first = &ch.dates[0];
    let last = &ch.dates[ch.dates.len() - 1];
    let mut desc = format!(
        "Step chart of {} ({}), one line per claimant, from {} to {}, time to scale; a claim dated only to its month or year is drawn across that period. {}",
        measure_label.to_lowercase(),
        group_label.to_lowercase(),
        first.long(),
        last.long(),
        desc_parts.join(" ")
    );
    if ch.omitted > 0 {
        desc.push_str(&format!(
            " {} older or less frequent claims are not drawn.",
            ch.omitted
        ));
    }
    desc.push_str(" Every claim is listed in the table below.");
    ChartView {
        id: format!("chart-{}", anchor(measure, &g.group)),
        title: format!("{measure_label}: {group_label}, claims over time"),
        desc,
        width: CHART_WIDTH,
        height: CHART_HEIGHT,
        left: left.round(),
        right,
        top: TOP,
        bottom,
        ylabel_x: left.round() - 8.0,
        xlabel_y: bottom + 20.0,
        xtick_end: bottom + 5.0,
        yticks,
        xticks,
        series,
        has_retracted,
        has_replaced,
        has_ranges,
        has_open,
        has_spans,
        omitted: ch.omitted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_ticks_are_days_weeks_months_or_years() {
        let d = |s: &str| s.parse::<jiff::civil::Date>().unwrap();
        let labels = |a: &str, b: &str| -> Vec<String> {
            time_ticks(d(a), d(b)).into_iter().map(|(_, l)| l).collect()
        };
        assert_eq!(
            labels("2022-01-06", "2022-01-09"),
            ["6 Jan", "7 Jan", "8 Jan", "9 Jan"]
        );
        assert_eq!(
            labels("2022-01-06", "2022-01-15"),
            ["6 Jan", "8 Jan", "10 Jan", "12 Jan", "14 Jan"]
        );
        // A year: every other month; an axis starting mid-month marks its start.
        assert_eq!(
            labels("2022-01-01", "2022-12-31"),
            ["Jan 2022", "Mar 2022", "May 2022", "Jul 2022", "Sep 2022", "Nov 2022"]
        );
        assert_eq!(
            labels("2022-01-06", "2022-05-31")[..2],
            ["6 Jan", "Feb 2022"]
        );
        assert_eq!(
            labels("2020-01-01", "2024-12-31"),
            ["2020", "2021", "2022", "2023", "2024"]
        );
    }

    #[test]
    fn steps_are_round() {
        assert_eq!(nice_step(19, 4), 5);
        assert_eq!(nice_step(238, 4), 100);
        assert_eq!(nice_step(5800, 4), 2000);
        assert_eq!(nice_step(3, 4), 1);
        assert_eq!(nice_step(40_000_000_000, 4), 10_000_000_000);
        assert_eq!(compact(40_000_000_000), "40 bn");
        assert_eq!(compact(1_500_000), "1.5 m");
        assert_eq!(compact(4000), "4,000");
    }
}
