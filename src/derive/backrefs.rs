//! What refers to each record: the lists on its page.
//!
//! An actor's page lists the briefings that name it, the figures it claimed
//! or relayed, its quotes; a place's, the events and figures there and the
//! places within it; a figure's, those that supersede or relay it. Each
//! index is built in one pass over the records (no quadratic lookups).

use foldhash::{HashMap, HashMapExt};
use rayon::prelude::*;

use crate::model::Site;

/// What refers to one record, as indexes into the model's lists.
#[derive(Debug, Clone, Default)]
pub struct Backrefs {
    /// Indexes into `Site::briefings`, newest first.
    pub briefings: Vec<usize>,
    /// Indexes into `Site::figures`: figures this record claimed, rests on,
    /// or is the place of; newest `as_of` first, then in site order.
    pub figures: Vec<usize>,
    /// Figures relayed through this actor (`via`), or relayed by this source.
    pub figures_via: Vec<usize>,
    /// (briefing index, event index within it), oldest first, then in
    /// site order.
    pub events: Vec<(usize, usize)>,
    /// (briefing index, quote index within it).
    pub quotes: Vec<(usize, usize)>,
}

/// The backrefs of every actor, place and source, and the briefings of
/// every tag, by id.
pub(crate) struct RecordRefs {
    pub(crate) actors: HashMap<String, Backrefs>,
    pub(crate) places: HashMap<String, Backrefs>,
    pub(crate) sources: HashMap<String, Backrefs>,
    pub(crate) tags: HashMap<String, Vec<usize>>,
}

pub(crate) fn records(site: &Site) -> RecordRefs {
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
    // Actors and places also list the briefings their figures and quotes
    // sit in. Each record's lists are its own: they are finished in parallel.
    let briefing_of = briefing_of_figures(site);
    let finish = |r: &mut Backrefs| {
        for &fi in r.figures.iter().chain(&r.figures_via) {
            if let Some(bi) = briefing_of[fi] {
                r.briefings.push(bi);
            }
        }
        for &(bi, _) in r.quotes.iter().chain(&r.events) {
            r.briefings.push(bi);
        }
        r.briefings.sort_unstable();
        r.briefings.dedup();
        // Sorted here, once, as the record's page lists them: a page then
        // reads only the window it shows, not the date of every entry
        // (which would make it depend on every briefing's head).
        r.figures
            .sort_by_key(|&fi| (std::cmp::Reverse(site.figures[fi].as_of), fi));
        r.events
            .sort_by_key(|&(bi, ei)| site.briefings[bi].events[ei].date);
    };
    actors
        .par_iter_mut()
        .chain(places.par_iter_mut())
        .chain(sources.par_iter_mut())
        .for_each(|(_, r)| finish(r));
    RecordRefs {
        actors,
        places,
        sources,
        tags,
    }
}

/// Figure index → the index of the briefing it is written in.
fn briefing_of_figures(site: &Site) -> Vec<Option<usize>> {
    let mut of = vec![None; site.figures.len()];
    for (bi, b) in site.briefings.iter().enumerate() {
        for &fi in &b.figures {
            of[fi] = Some(bi);
        }
    }
    of
}

/// Figure index → the figures that supersede it, and those that relay it.
pub(crate) fn figures(site: &Site) -> (Vec<Vec<usize>>, Vec<Vec<usize>>) {
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
    (superseded_by, relayed_by)
}

/// Place id → the ids of the places within it.
pub(crate) fn children(site: &Site) -> HashMap<String, Vec<String>> {
    let mut children: HashMap<String, Vec<String>> = HashMap::new();
    for p in &site.places {
        if let Some(w) = &p.within {
            children.entry(w.clone()).or_default().push(p.id.clone());
        }
    }
    children
}
