//! The casualty ledger: every figure, by measure and group.
//!
//! This is why the tool exists. Numbers are never facts here: each is a
//! claim by someone, as of a date, reported by a source, with a status. The
//! ledger groups the claims so that claims about the same thing sit side by
//! side, newest first, and computes what the pages need to say about them:
//!
//! - which claims *stand* (current or disputed, not a relay, not replaced by
//!   another figure), and the spread of the standing claims per place (the
//!   headline);
//! - which claims *collide* (same measure, group and place, as of days at
//!   most one apart, values that cannot both be true), so that they can be
//!   marked and shown next to each other;
//! - how each count moved: a chart's data, one series per claimant.
//!
//! Everything here is a pure function of the model; pixel geometry is the
//! renderer's business (`render::ledger`).

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use rayon::prelude::*;

use crate::domain::{Count, Date, Qualifier, Status};
use crate::model::{claim_bounds, Figure, Site, Value};

/// The most dates a chart plots (the latest ones); a longer history is
/// still complete in the table.
pub(crate) const CHART_MAX_DATES: usize = 40;
/// The most series a chart draws (the claimants with the most points).
pub(crate) const CHART_MAX_SERIES: usize = 8;

#[derive(Debug, Clone, Default)]
pub struct Ledger {
    pub measures: Vec<MeasureLedger>,
    /// Figure index → the figures it collides with (newest first).
    pub contested: Vec<Vec<usize>>,
    /// Figure index → whether it counts towards a headline.
    pub standing: Vec<bool>,
    /// Figure index → the figures that replace it (those not retracted).
    pub replaced_by: Vec<Vec<usize>>,
}

impl Ledger {
    pub fn is_contested(&self, fi: usize) -> bool {
        self.contested.get(fi).is_some_and(|c| !c.is_empty())
    }
    pub fn stands(&self, fi: usize) -> bool {
        self.standing.get(fi).copied().unwrap_or(false)
    }
}

#[derive(Debug, Clone)]
pub struct MeasureLedger {
    pub measure: String,
    pub groups: Vec<GroupLedger>,
}

#[derive(Debug, Clone)]
pub struct GroupLedger {
    pub group: String,
    /// Indexes into `Site::figures`: newest `as_of` first, with the claims
    /// that collide pulled together where the newest of them stands.
    pub figures: Vec<usize>,
    /// One headline per place with standing claims, the broadest place first.
    pub headlines: Vec<Headline>,
    /// How the count moved, when there is a movement to show.
    pub chart: Option<Chart>,
}

impl GroupLedger {
    /// The main headline: the broadest place's.
    pub fn headline(&self) -> Option<&Headline> {
        self.headlines.first()
    }
}

/// The spread of the claims that stand for one measure, group and place.
#[derive(Debug, Clone)]
pub struct Headline {
    pub place: Option<String>,
    /// The lowest value any standing claim allows for, and its figure.
    pub low: Count,
    pub low_figure: usize,
    /// The highest value any standing claim gives, and its figure.
    pub high: Count,
    pub high_figure: usize,
    /// Whether every standing claim is a plain number or closed range
    /// (then "16–19" says it all; otherwise the claims' own words are needed).
    pub plain: bool,
    /// The latest `as_of` among the standing claims.
    pub as_of: Date,
    /// Figures counted in the spread, newest first.
    pub figures: Vec<usize>,
}

/// A step chart's data: dates along x (evenly spaced), values up y.
#[derive(Debug, Clone)]
pub struct Chart {
    /// Distinct `as_of` dates of the plotted claims, oldest first.
    pub dates: Vec<Date>,
    /// The highest value plotted (range tops included).
    pub max: Count,
    pub series: Vec<Series>,
    /// Claims left out of the chart because of the caps (still in the table).
    pub omitted: usize,
}

/// One claimant's claims (at one place) over time.
#[derive(Debug, Clone)]
pub struct Series {
    pub claimant: String,
    pub place: Option<String>,
    /// Oldest first.
    pub points: Vec<Point>,
    /// Whether the last claim still stands: the line then runs on to the
    /// chart's last date.
    pub holds: bool,
}

#[derive(Debug, Clone)]
pub struct Point {
    pub figure: usize,
    /// Index into `Chart::dates`.
    pub x: usize,
    /// The value plotted.
    pub value: Count,
    /// A closed range's ends, drawn as a bar.
    pub range: Option<(Count, Count)>,
    pub retracted: bool,
    pub stands: bool,
}

/// Whether two claims can both be true.
pub(crate) fn overlap(a: (Count, Count), b: (Count, Count)) -> bool {
    a.0 <= b.1 && b.0 <= a.1
}

fn bounds_of(f: &Figure) -> (Count, Count) {
    claim_bounds(&f.value, f.qualifier)
}

/// Whether a number is given as is: an exact count or a closed range.
fn is_plain(f: &Figure) -> bool {
    match f.value {
        Value::Count(_) => f.qualifier == Qualifier::Exact,
        Value::Range { min, max } => {
            min.is_some() && max.is_some() && f.qualifier == Qualifier::Exact
        }
    }
}

/// Figure index → figures that replace it through `supersedes`, leaving
/// out replacements that were themselves retracted (a withdrawn figure
/// replaces nothing).
pub(crate) fn replaced_by(site: &Site) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); site.figures.len()];
    for (fi, f) in site.figures.iter().enumerate() {
        if f.status == Status::Retracted {
            continue;
        }
        for &t in f.supersedes.iter().filter_map(|id| site.figure_ix.get(id)) {
            if t != fi {
                out[t].push(fi);
            }
        }
    }
    out
}

/// Whether a figure counts towards a headline: a current or disputed claim
/// of its own (not a relay of another's) that no later figure replaces,
/// whatever its `status` says.
pub(crate) fn stands(site: &Site, replaced: &[Vec<usize>], fi: usize) -> bool {
    let f = &site.figures[fi];
    matches!(f.status, Status::Current | Status::Disputed)
        && f.relay_of.is_none()
        && replaced.get(fi).is_none_or(Vec::is_empty)
}

pub(crate) fn build(site: &Site) -> Ledger {
    let replaced = replaced_by(site);
    let standing: Vec<bool> = (0..site.figures.len())
        .map(|fi| stands(site, &replaced, fi))
        .collect();
    let contested = contested(site);
    let mut by_measure: HashMap<&str, Vec<usize>> = HashMap::new();
    for (fi, f) in site.figures.iter().enumerate() {
        by_measure.entry(f.measure.as_str()).or_default().push(fi);
    }
    let mut measures = Vec::new();
    for m in &site.config.measures {
        let Some(list) = by_measure.get(m.id.as_str()) else {
            continue;
        };
        let mut groups: Vec<GroupLedger> = Vec::new();
        let mut group_ix: HashMap<&str, usize> = HashMap::new();
        for &fi in list {
            let g = site.figures[fi].group.as_str();
            let i = *group_ix.entry(g).or_insert_with(|| {
                groups.push(GroupLedger {
                    group: g.to_string(),
                    figures: Vec::new(),
                    headlines: Vec::new(),
                    chart: None,
                });
                groups.len() - 1
            });
            groups[i].figures.push(fi);
        }
        // Each group is its own: they are finished in parallel.
        groups.par_iter_mut().for_each(|g| {
            g.figures = order(site, &g.figures, &contested);
            g.headlines = headlines(site, &g.figures, &standing);
            g.chart = chart(site, &g.figures, &standing);
        });
        // "all" first, then the groups by label.
        let collator = site.collator();
        groups.sort_by(|a, b| {
            (a.group != "all").cmp(&(b.group != "all")).then_with(|| {
                collator.compare(
                    &site.config.group_label(&a.group),
                    &site.config.group_label(&b.group),
                )
            })
        });
        measures.push(MeasureLedger {
            measure: m.id.clone(),
            groups,
        });
    }
    Ledger {
        measures,
        contested,
        standing,
        replaced_by: replaced,
    }
}

/// Newest first; a cluster of colliding claims is kept together, placed
/// where its newest member falls.
fn order(site: &Site, figures: &[usize], contested: &[Vec<usize>]) -> Vec<usize> {
    let newest_first = |a: &usize, b: &usize| {
        let (fa, fb) = (&site.figures[*a], &site.figures[*b]);
        fb.as_of.cmp(&fa.as_of).then_with(|| fa.id.cmp(&fb.id))
    };
    let mut sorted = figures.to_vec();
    sorted.sort_by(newest_first);
    let mut placed: HashSet<usize> = HashSet::new();
    let mut out = Vec::with_capacity(sorted.len());
    for &fi in &sorted {
        if !placed.insert(fi) {
            continue;
        }
        out.push(fi);
        if contested[fi].is_empty() {
            continue;
        }
        // The whole cluster (claims colliding with this one, and with those).
        let mut cluster = Vec::new();
        let mut stack = contested[fi].clone();
        while let Some(j) = stack.pop() {
            if placed.insert(j) {
                cluster.push(j);
                stack.extend(contested[j].iter().copied());
            }
        }
        cluster.sort_by(newest_first);
        out.extend(cluster);
    }
    out
}

/// How deep a place sits (a country 0, its cities 1, …); an unnamed place 0.
fn depth(site: &Site, place: Option<&str>) -> usize {
    let mut d = 0;
    let mut p = place.and_then(|id| site.place(id));
    while let Some(pl) = p {
        match pl.within.as_deref() {
            Some(w) if d < 16 => {
                d += 1;
                p = site.place(w);
            }
            _ => break,
        }
    }
    d
}

fn headlines(site: &Site, figures: &[usize], standing: &[bool]) -> Vec<Headline> {
    // In order of first appearance; `place_ix` finds a place's entry.
    let mut by_place: Vec<(Option<&str>, Vec<usize>)> = Vec::new();
    let mut place_ix: HashMap<Option<&str>, usize> = HashMap::new();
    for &fi in figures.iter().filter(|&&fi| standing[fi]) {
        let p = site.figures[fi].place.as_deref();
        let i = *place_ix.entry(p).or_insert_with(|| {
            by_place.push((p, Vec::new()));
            by_place.len() - 1
        });
        by_place[i].1.push(fi);
    }
    let mut out: Vec<Headline> = by_place
        .into_iter()
        .map(|(place, mut figs)| {
            figs.sort_by(|&a, &b| {
                site.figures[b]
                    .as_of
                    .cmp(&site.figures[a].as_of)
                    .then_with(|| site.figures[a].id.cmp(&site.figures[b].id))
            });
            let low_figure = *figs
                .iter()
                .min_by_key(|&&fi| {
                    (
                        site.figures[fi].value.stated().0,
                        site.figures[fi].id.as_str(),
                    )
                })
                .expect("non-empty");
            let high_figure = *figs
                .iter()
                .max_by_key(|&&fi| site.figures[fi].value.stated().1)
                .expect("non-empty");
            Headline {
                place: place.map(str::to_string),
                low: site.figures[low_figure].value.stated().0,
                low_figure,
                high: site.figures[high_figure].value.stated().1,
                high_figure,
                plain: figs.iter().all(|&fi| is_plain(&site.figures[fi])),
                as_of: figs
                    .iter()
                    .map(|&fi| site.figures[fi].as_of)
                    .max()
                    .expect("non-empty"),
                figures: figs,
            }
        })
        .collect();
    // Broadest place first; then the place with more claims, the later one.
    out.sort_by(|a, b| {
        depth(site, a.place.as_deref())
            .cmp(&depth(site, b.place.as_deref()))
            .then_with(|| a.place.is_none().cmp(&b.place.is_none()))
            .then_with(|| b.figures.len().cmp(&a.figures.len()))
            .then_with(|| b.as_of.cmp(&a.as_of))
            .then_with(|| a.place.cmp(&b.place))
    });
    out
}

/// A chart when the count moved: claims of their own (relays repeat
/// another's number and are left out) on at least two dates.
fn chart(site: &Site, figures: &[usize], standing: &[bool]) -> Option<Chart> {
    let mut plotted: Vec<usize> = figures
        .iter()
        .copied()
        .filter(|&fi| site.figures[fi].relay_of.is_none())
        .collect();
    let total = plotted.len();
    // Oldest first.
    plotted.sort_by(|&a, &b| {
        site.figures[a]
            .as_of
            .cmp(&site.figures[b].as_of)
            .then_with(|| site.figures[a].id.cmp(&site.figures[b].id))
    });
    let mut dates: Vec<Date> = plotted.iter().map(|&fi| site.figures[fi].as_of).collect();
    dates.dedup();
    if dates.len() < 2 {
        return None;
    }
    if dates.len() > CHART_MAX_DATES {
        dates.drain(..dates.len() - CHART_MAX_DATES);
        let first = dates[0];
        plotted.retain(|&fi| site.figures[fi].as_of >= first);
    }
    // Series: one per claimant and place, in order of first appearance;
    // `series_ix` finds a claimant's and place's series.
    let mut series: Vec<Series> = Vec::new();
    let mut series_ix: HashMap<(&str, Option<&str>), usize> = HashMap::new();
    for &fi in &plotted {
        let f = &site.figures[fi];
        let x = dates.binary_search(&f.as_of).expect("date listed");
        let (lo, hi) = f.value.stated();
        let point = Point {
            figure: fi,
            x,
            value: f.value.point(),
            range: (lo != hi).then_some((lo, hi)),
            retracted: f.status == Status::Retracted,
            stands: standing[fi],
        };
        let i = *series_ix
            .entry((&f.claimed_by, f.place.as_deref()))
            .or_insert_with(|| {
                series.push(Series {
                    claimant: f.claimed_by.clone(),
                    place: f.place.clone(),
                    points: Vec::new(),
                    holds: false,
                });
                series.len() - 1
            });
        series[i].points.push(point);
    }
    if series.len() > CHART_MAX_SERIES {
        // Keep the series with the most points (then the latest).
        let mut keep: Vec<usize> = (0..series.len()).collect();
        keep.sort_by(|&a, &b| {
            let last = |s: &Series| s.points.last().map(|p| p.x).unwrap_or(0);
            series[b]
                .points
                .len()
                .cmp(&series[a].points.len())
                .then_with(|| last(&series[b]).cmp(&last(&series[a])))
                .then(a.cmp(&b))
        });
        keep.truncate(CHART_MAX_SERIES);
        keep.sort_unstable();
        series = keep.into_iter().map(|i| series[i].clone()).collect();
    }
    for s in &mut series {
        s.holds = s.points.last().is_some_and(|p| p.stands);
    }
    let shown: usize = series.iter().map(|s| s.points.len()).sum();
    let max = series
        .iter()
        .flat_map(|s| &s.points)
        .map(|p| p.range.map_or(p.value, |r| r.1).max(p.value))
        .max()
        .unwrap_or(0);
    Some(Chart {
        dates,
        max,
        series,
        omitted: total - shown,
    })
}

/// Whether `a` replaces `b`, directly or through a chain of `supersedes`.
fn replaces(site: &Site, a: usize, b: usize) -> bool {
    // `supersedes` may name several figures: walk the graph, each figure
    // once, so that a cycle (warned about elsewhere) ends the walk.
    let mut seen = HashSet::new();
    let mut todo = vec![a];
    while let Some(cur) = todo.pop() {
        for &next in site.figures[cur]
            .supersedes
            .iter()
            .filter_map(|id| site.figure_ix.get(id))
        {
            if next == b {
                return true;
            }
            if seen.insert(next) {
                todo.push(next);
            }
        }
    }
    false
}

/// Claims collide when they count the same measure and group at the same
/// place, both are dated to the day and at most a day apart, and their
/// values (with their qualifiers) cannot both be true. Retracted claims
/// and relays do not collide (they are not claims of their own), nor does
/// a figure with the one it replaces (that is a correction, not a dispute).
/// Superseded claims do: two counts that disagreed on the day still did.
fn contested(site: &Site) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); site.figures.len()];
    let mut buckets: HashMap<(&str, &str, Option<&str>), Vec<usize>> = HashMap::new();
    for (fi, f) in site.figures.iter().enumerate() {
        if f.status == Status::Retracted || f.relay_of.is_some() || !f.as_of.is_exact() {
            continue;
        }
        buckets
            .entry((&f.measure, &f.group, f.place.as_deref()))
            .or_default()
            .push(fi);
    }
    for list in buckets.values_mut() {
        list.sort_by_key(|&fi| site.figures[fi].as_of);
        for (n, &a) in list.iter().enumerate() {
            let fa = &site.figures[a];
            // Sorted by date: stop once the dates are more than a day apart.
            for &b in &list[n + 1..] {
                let fb = &site.figures[b];
                if fa.as_of.days_until(&fb.as_of) > 1 {
                    break;
                }
                if overlap(bounds_of(fa), bounds_of(fb))
                    || replaces(site, a, b)
                    || replaces(site, b, a)
                {
                    continue;
                }
                out[a].push(b);
                out[b].push(a);
            }
        }
    }
    for v in &mut out {
        v.sort_by(|&a, &b| {
            site.figures[b]
                .as_of
                .cmp(&site.figures[a].as_of)
                .then_with(|| site.figures[a].id.cmp(&site.figures[b].id))
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_bounds_can_both_be_true() {
        // "Almost 6,000" is a fair relay of "some 5,800"; 8 and 12 collide.
        assert!(overlap(
            claim_bounds(&Value::Count(6000), Qualifier::Nearly),
            claim_bounds(&Value::Count(5800), Qualifier::About)
        ));
        assert!(!overlap((8, 8), (12, 12)));
    }
}
