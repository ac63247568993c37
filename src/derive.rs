//! Cross-references computed from the model.
//!
//! Pure functions: given a `Site`, what refers to each actor, place, source
//! and tag, the merged timeline, the log of changes (briefings published
//! and updated, corrections), and the casualty ledger (in `ledger`). Each
//! index is built in one pass over the records (no quadratic lookups), so
//! `serve` can re-run all of it on every keystroke.

use std::collections::HashMap;

use crate::domain::{Date, Kind};
use crate::model::{Revisions, Site};

/// What refers to one record, as indexes into the model's lists.
#[derive(Debug, Clone, Default)]
pub struct Backrefs {
    /// Indexes into `Site::briefings`, newest first.
    pub briefings: Vec<usize>,
    /// Indexes into `Site::figures`: figures this record claimed, rests on, or is the place of.
    pub figures: Vec<usize>,
    /// Figures relayed through this actor (`via`), or relayed by this source.
    pub figures_via: Vec<usize>,
    /// (briefing index, event index within it).
    pub events: Vec<(usize, usize)>,
    /// (briefing index, quote index within it).
    pub quotes: Vec<(usize, usize)>,
}

/// One entry of the timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimelineItem {
    /// (briefing index, event index)
    Event(usize, usize),
    Briefing(usize),
}

/// What happened to a page on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// A correction (its index into the record's `revisions.corrections`).
    Corrected(usize),
    /// `updated:`.
    Updated,
    /// A briefing's `date:`.
    Published,
}

/// One entry of the changes page: `kind` happened to record `index` (into
/// the model's list of `record`s) on `date`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    pub date: Date,
    pub kind: ChangeKind,
    pub record: Kind,
    pub index: usize,
}

#[derive(Debug, Clone)]
pub struct Derived {
    pub actors: HashMap<String, Backrefs>,
    pub places: HashMap<String, Backrefs>,
    pub sources: HashMap<String, Backrefs>,
    pub tags: HashMap<String, Vec<usize>>,
    /// Oldest first; events before the briefing of the same day.
    pub timeline: Vec<(Date, TimelineItem)>,
    /// Figure index → indexes of figures that supersede it.
    pub superseded_by: Vec<Vec<usize>>,
    /// Figure index → indexes of figures that relay it.
    pub relayed_by: Vec<Vec<usize>>,
    /// Place id → child place ids.
    pub children: HashMap<String, Vec<String>>,
    /// Newest first: every briefing published or updated, every record
    /// updated, every correction.
    pub changes: Vec<Change>,
    pub ledger: crate::ledger::Ledger,
}

pub(crate) fn derive(site: &Site) -> Derived {
    let mut actors: HashMap<String, Backrefs> = site
        .actors
        .iter()
        .map(|a| (a.id.clone(), Backrefs::default()))
        .collect();
    let mut places: HashMap<String, Backrefs> = site
        .places
        .iter()
        .map(|p| (p.id.clone(), Backrefs::default()))
        .collect();
    let mut sources: HashMap<String, Backrefs> = site
        .sources
        .iter()
        .map(|s| (s.id.clone(), Backrefs::default()))
        .collect();
    let mut tags: HashMap<String, Vec<usize>> = site
        .tags
        .iter()
        .map(|t| (t.slug.clone(), Vec::new()))
        .collect();
    let mut timeline = Vec::new();

    fn push_unique(v: &mut Vec<usize>, i: usize) {
        if v.last() != Some(&i) {
            v.push(i);
        }
    }

    for (bi, b) in site.briefings.iter().enumerate() {
        for a in &b.actors {
            if let Some(r) = actors.get_mut(a) {
                push_unique(&mut r.briefings, bi);
            }
        }
        for p in &b.places {
            if let Some(r) = places.get_mut(p) {
                push_unique(&mut r.briefings, bi);
            }
        }
        for s in &b.sources {
            if let Some(r) = sources.get_mut(s) {
                push_unique(&mut r.briefings, bi);
            }
        }
        for t in &b.tags {
            if let Some(v) = tags.get_mut(t) {
                push_unique(v, bi);
            }
        }
        for (ei, e) in b.events.iter().enumerate() {
            timeline.push((e.date, TimelineItem::Event(bi, ei)));
            if let Some(p) = e.place.as_ref().and_then(|p| places.get_mut(p)) {
                p.events.push((bi, ei));
            }
            for s in &e.sources {
                if let Some(r) = sources.get_mut(s) {
                    r.events.push((bi, ei));
                }
            }
        }
        for (qi, q) in b.quotes.iter().enumerate() {
            if let Some(r) = actors.get_mut(&q.actor) {
                r.quotes.push((bi, qi));
            }
            if let Some(r) = sources.get_mut(&q.source) {
                r.quotes.push((bi, qi));
            }
        }
        timeline.push((b.date, TimelineItem::Briefing(bi)));
    }
    // A figure's claimant and source list it; a place lists figures there;
    // intermediaries list what passed through them.
    for (fi, f) in site.figures.iter().enumerate() {
        if let Some(r) = actors.get_mut(&f.claimed_by) {
            r.figures.push(fi);
        }
        for v in &f.via {
            if let Some(r) = actors.get_mut(v) {
                r.figures_via.push(fi);
            }
        }
        if let Some(r) = sources.get_mut(&f.source) {
            r.figures.push(fi);
        }
        if let Some(r) = f.place.as_ref().and_then(|p| places.get_mut(p)) {
            r.figures.push(fi);
        }
    }
    // Actors and places also list the briefings their figures and quotes sit in.
    for r in actors
        .values_mut()
        .chain(places.values_mut())
        .chain(sources.values_mut())
    {
        for &fi in r.figures.iter().chain(&r.figures_via) {
            if let Some(&bi) = site.briefing_ix.get(&site.figures[fi].briefing) {
                r.briefings.push(bi);
            }
        }
        for &(bi, _) in r.quotes.iter().chain(&r.events) {
            r.briefings.push(bi);
        }
        r.briefings.sort_unstable();
        r.briefings.dedup();
    }
    // Oldest first; stable so that events keep the order they were written
    // in. A date known only to the month or the year opens its period (it
    // happened some time in it), before the period's days.
    let key = |d: &Date| (d.first_day(), std::cmp::Reverse(d.1));
    timeline.sort_by(|a, b| {
        key(&a.0).cmp(&key(&b.0)).then_with(|| {
            let rank = |t: &TimelineItem| matches!(t, TimelineItem::Briefing(_)) as u8;
            rank(&a.1).cmp(&rank(&b.1))
        })
    });

    let mut superseded_by = vec![Vec::new(); site.figures.len()];
    let mut relayed_by = vec![Vec::new(); site.figures.len()];
    for (fi, f) in site.figures.iter().enumerate() {
        for &t in f.supersedes.iter().filter_map(|id| site.figure_ix.get(id)) {
            superseded_by[t].push(fi);
        }
        if let Some(&t) = f.relay_of.as_ref().and_then(|id| site.figure_ix.get(id)) {
            relayed_by[t].push(fi);
        }
    }
    let mut children: HashMap<String, Vec<String>> = HashMap::new();
    for p in &site.places {
        if let Some(w) = &p.within {
            children.entry(w.clone()).or_default().push(p.id.clone());
        }
    }
    let ledger = crate::ledger::build(site);
    let changes = changes(site);
    Derived {
        actors,
        places,
        sources,
        tags,
        timeline,
        superseded_by,
        relayed_by,
        children,
        changes,
        ledger,
    }
}

/// The log of changes, newest first; on one day, corrections before
/// updates before publications, then in the model's order of records.
pub(crate) fn changes(site: &Site) -> Vec<Change> {
    let mut out = Vec::new();
    let mut add = |record: Kind, index: usize, published: Option<Date>, r: &Revisions| {
        if let Some(date) = published {
            out.push(Change {
                date,
                kind: ChangeKind::Published,
                record,
                index,
            });
        }
        if let Some(date) = r.updated {
            out.push(Change {
                date,
                kind: ChangeKind::Updated,
                record,
                index,
            });
        }
        for (ci, c) in r.corrections.iter().enumerate() {
            out.push(Change {
                date: c.date,
                kind: ChangeKind::Corrected(ci),
                record,
                index,
            });
        }
    };
    for (i, b) in site.briefings.iter().enumerate() {
        add(Kind::Briefing, i, Some(b.date), &b.revisions);
    }
    for (i, a) in site.actors.iter().enumerate() {
        add(Kind::Actor, i, None, &a.revisions);
    }
    for (i, p) in site.places.iter().enumerate() {
        add(Kind::Place, i, None, &p.revisions);
    }
    for (i, s) in site.sources.iter().enumerate() {
        add(Kind::Source, i, None, &s.revisions);
    }
    let rank = |c: &Change| match c.kind {
        ChangeKind::Corrected(ci) => (0, c.record, c.index, ci),
        ChangeKind::Updated => (1, c.record, c.index, 0),
        ChangeKind::Published => (2, c.record, c.index, 0),
    };
    out.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| rank(a).cmp(&rank(b))));
    out
}
