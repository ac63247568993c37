//! Briefings, with their events, quotes and figures.
//!
//! Each briefing's references are checked, its tags slugged, and each of
//! its figures validated (`figure`): a figure that fails is left out, with
//! its errors, and the others still stand.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use super::records::{Briefing, Event, Figure, Origin, Quote, Revisions};
use super::refs::{Found, Known, Named, Refs};
use super::value::{thousands, Value, MAX_COUNT};
use crate::config::Config;
use crate::diag::{did_you_mean, Diagnostic};
use crate::domain::{is_valid_id, Kind};
use crate::load::{Doc, Front, RawBriefing, RawFigure};

/// The briefings of a build, and what they bring with them.
pub(super) struct Briefed {
    pub(super) briefings: Vec<Arc<Briefing>>,
    /// Every valid figure, in the order of briefings and of each briefing's list.
    pub(super) figures: Vec<Arc<Figure>>,
    /// Draft briefings left out of this build.
    pub(super) excluded_drafts: HashSet<String>,
    /// Tag slug → the name first written for it.
    pub(super) tag_names: BTreeMap<String, String>,
    /// A fingerprint of `figures`, from each briefing's kept one, when every
    /// briefing read was kept (`Site::figures_key`).
    pub(super) figures_key: Option<u64>,
}

/// One briefing file, read on its own.
pub(super) enum Read<'a> {
    Draft(&'a str),
    Briefing(Box<One<'a>>),
}

/// One briefing with its valid figures (`Briefing::figures` is filled in
/// once their place in the site's list is known), its tags as written
/// (slug, name), and what checking its references found.
pub(super) struct One<'a> {
    briefing: Arc<Briefing>,
    figures: Vec<Arc<Figure>>,
    tags: Vec<(String, Cow<'a, str>)>,
    found: Vec<Found<'a>>,
    /// A fingerprint of `figures`, when the `One` is kept.
    figures_key: Option<u64>,
    /// Where it is kept, when it is: `gather` puts back the briefing with
    /// its figures' place in the site's list set.
    kept: Option<Arc<KeptRead>>,
}

/// What one briefing doc was read into, kept with the doc (`Doc::kept_read`)
/// when the caller keeps docs between builds (`serve`): its `One`, owning
/// what the `One` borrowed from the doc.
///
/// The records are shared, not copied: a model made again from the same
/// docs holds the same `Arc`s. The briefing is the one `gather` last gave
/// the site (with `Briefing::figures` set), so that a briefing whose
/// figures keep their place is not copied either.
struct KeptRead {
    briefing: Mutex<Arc<Briefing>>,
    figures: Vec<Arc<Figure>>,
    /// A hash of `figures`, taken once per read of the file.
    figures_key: u64,
    tags: Vec<(String, String)>,
    found: Vec<KeptFound>,
}

/// A `refs::Found`, with its id copied (the doc is the one it is kept with).
enum KeptFound {
    Diag(Diagnostic),
    Unprofiled {
        what: &'static str,
        id: String,
        key: String,
    },
}

impl KeptRead {
    fn of(one: &One<'_>) -> KeptRead {
        KeptRead {
            briefing: Mutex::new(one.briefing.clone()),
            figures: one.figures.clone(),
            figures_key: crate::fingerprint::of(&one.figures),
            tags: (one.tags.iter())
                .map(|(slug, name)| (slug.clone(), name.to_string()))
                .collect(),
            found: (one.found.iter())
                .map(|f| match f {
                    Found::Diag(d) => KeptFound::Diag(d.clone()),
                    Found::Unprofiled { what, id, key, .. } => KeptFound::Unprofiled {
                        what,
                        id: id.to_string(),
                        key: key.clone(),
                    },
                })
                .collect(),
        }
    }

    /// The `One` it was copied from, for doc `d` (owning what it borrowed
    /// from the doc).
    fn one<'a>(self: &Arc<Self>, d: &'a Doc) -> One<'a> {
        // A poisoned lock still holds a whole `Arc`: a panic cannot leave
        // half of one.
        let briefing = self
            .briefing
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        One {
            kept: Some(self.clone()),
            briefing,
            figures: self.figures.clone(),
            figures_key: Some(self.figures_key),
            tags: (self.tags.iter())
                .map(|(slug, name)| (slug.clone(), Cow::Owned(name.clone())))
                .collect(),
            found: (self.found.iter())
                .map(|f| match f {
                    KeptFound::Diag(d) => Found::Diag(d.clone()),
                    KeptFound::Unprofiled { what, id, key } => Found::Unprofiled {
                        what,
                        id: Cow::Owned(id.clone()),
                        doc: d,
                        key: key.clone(),
                    },
                })
                .collect(),
        }
    }
}

/// Step 3: the briefings (drafts only when asked for), their events,
/// figures and quotes. Each briefing is read on its own, in parallel;
/// `gather` then puts them together.
///
/// With `keep`, each briefing's `One` is kept with its doc under that key,
/// and taken from there when the doc already holds one under it. The key
/// is enough: a `One` is a function of its doc (a file read again is a new
/// `Doc`, with nothing kept), of the measures the configuration declares
/// (`known_measure`, the only part of `config` read), of the ids a
/// reference may name (`known`), and of `drafts` (a draft left out is not
/// read at all); `keep` is a fingerprint of the measures and `known`
/// (`read_key`).
pub(super) fn read<'a>(
    config: &Config,
    docs: &'a [Doc],
    drafts: bool,
    known: &'a Known<'a>,
    keep: Option<u64>,
) -> Vec<Read<'a>> {
    docs.par_iter()
        .filter_map(|d| match &d.front {
            Front::Briefing(r) if d.kind == Kind::Briefing => Some((d, r)),
            _ => None,
        })
        .map(|(d, r)| {
            if r.draft && !drafts {
                return Read::Draft(&d.id);
            }
            let kept = keep.and_then(|key| d.kept_read.get::<KeptRead>(key));
            if let Some(kept) = kept {
                return Read::Briefing(Box::new(kept.one(d)));
            }
            let mut refs = Refs::new(known);
            let mut figures = Vec::new();
            let mut tags = Vec::new();
            let briefing = briefing(config, d, r, &mut refs, &mut figures, &mut tags);
            let mut one = One {
                briefing: Arc::new(briefing),
                figures,
                tags,
                found: refs.found,
                figures_key: None,
                kept: None,
            };
            if let Some(key) = keep {
                let kept = Arc::new(KeptRead::of(&one));
                one.figures_key = Some(kept.figures_key);
                d.kept_read.put(key, kept.clone());
                one.kept = Some(kept);
            }
            Read::Briefing(Box::new(one))
        })
        .collect()
}

/// The key `read` keeps each briefing's `One` under: a fingerprint of the
/// measures `config` declares and of the ids `known` holds.
pub(super) fn read_key(config: &Config, known: &Known<'_>) -> u64 {
    let measures: Vec<&str> = config.measures.iter().map(|m| m.id.as_str()).collect();
    crate::fingerprint::of(&(measures, known.fingerprint()))
}

/// The briefings read, put together in the order of `docs`, as if they
/// were read one by one: what their references found goes to `named`.
pub(super) fn gather<'a>(
    read: Vec<Read<'a>>,
    named: &mut Named<'a>,
    diags: &mut Vec<Diagnostic>,
) -> Briefed {
    let figures = read
        .iter()
        .map(|r| match r {
            Read::Briefing(one) => one.figures.len(),
            Read::Draft(_) => 0,
        })
        .sum();
    let mut out = Briefed {
        briefings: Vec::with_capacity(read.len()),
        figures: Vec::with_capacity(figures),
        excluded_drafts: HashSet::new(),
        tag_names: BTreeMap::new(),
        figures_key: None,
    };
    // Each briefing's figures' fingerprint, in order, with how many there
    // are: a fingerprint of the list they make together.
    let mut keys: Option<Vec<(u64, usize)>> = Some(Vec::with_capacity(read.len()));
    for r in read {
        let one = match r {
            Read::Draft(id) => {
                out.excluded_drafts.insert(id.to_string());
                continue;
            }
            Read::Briefing(one) => *one,
        };
        let One {
            mut briefing,
            figures,
            tags,
            found,
            figures_key,
            kept,
        } = one;
        keys = keys.and_then(|mut keys| {
            keys.push((figures_key?, figures.len()));
            Some(keys)
        });
        named.take(found, diags);
        for (slug, name) in tags {
            out.tag_names
                .entry(slug)
                .or_insert_with(|| name.into_owned());
        }
        let place = out.figures.len()..out.figures.len() + figures.len();
        if !briefing.figures.iter().copied().eq(place.clone()) {
            Arc::make_mut(&mut briefing).figures = place.collect();
            if let Some(kept) = kept {
                *kept.briefing.lock().unwrap_or_else(|p| p.into_inner()) = briefing.clone();
            }
        }
        out.figures.extend(figures);
        out.briefings.push(briefing);
    }
    out.figures_key = keys.map(|keys| crate::fingerprint::of(&keys));
    out
}

fn briefing<'a>(
    config: &Config,
    d: &'a Doc,
    r: &'a RawBriefing,
    refs: &mut Refs<'a>,
    figures: &mut Vec<Arc<Figure>>,
    tag_names: &mut Vec<(String, Cow<'a, str>)>,
) -> Briefing {
    for a in &r.actors {
        refs.actor(d, format_args!("actors"), a);
    }
    for p in &r.places {
        refs.place(d, format_args!("places"), p);
    }
    for s in &r.sources {
        refs.source(d, format_args!("sources"), s);
    }
    let mut tags = Vec::new();
    for t in &r.tags {
        let slug = crate::slug::slugify(t);
        if !tags.contains(&slug) {
            tag_names.push((slug.clone(), Cow::Borrowed(t)));
            tags.push(slug);
        }
    }
    let events = r
        .events
        .iter()
        .enumerate()
        .map(|(i, e)| {
            if let Some(p) = &e.place {
                refs.place(d, format_args!("events[{i}].place"), p);
            }
            for s in &e.sources {
                refs.source(d, format_args!("events[{i}].sources"), s);
            }
            Event {
                date: e.date,
                time: e.time.clone(),
                place: e.place.clone(),
                title: e.title.clone(),
                sources: e.sources.clone(),
                briefing: d.id.clone(),
            }
        })
        .collect();
    let quotes = r
        .quotes
        .iter()
        .enumerate()
        .map(|(i, q)| {
            refs.actor(d, format_args!("quotes[{i}].actor"), &q.actor);
            refs.source(d, format_args!("quotes[{i}].source"), &q.source);
            Quote {
                actor: q.actor.clone(),
                date: q.date,
                text: q.text.clone(),
                source: q.source.clone(),
                briefing: d.id.clone(),
            }
        })
        .collect();
    // Figures: located by the `- ` item that opens each in `figures:`.
    let item_lines = d.figure_item_lines(r.figures.len());
    for (n, f) in r.figures.iter().enumerate() {
        let line = item_lines.get(n).copied().unwrap_or(1);
        if let Some(fig) = figure(config, d, f, n, line, refs) {
            figures.push(Arc::new(fig));
        }
    }
    Briefing {
        id: d.id.clone(),
        title: r.title.clone(),
        date: r.date,
        summary: r.summary.clone(),
        draft: r.draft,
        tags,
        actors: r.actors.clone(),
        places: r.places.clone(),
        sources: r.sources.clone(),
        events,
        // Set once the figures' place in the site's list is known.
        figures: Vec::new(),
        quotes,
        revisions: Revisions::new(r.updated, &r.corrections),
        body: d.shared_body(),
        body_line: d.body_line(),
        origin: Origin {
            file: d.shown.clone(),
            line: 1,
        },
    }
}

/// One figure, validated: `None` when any check fails (each failure is
/// reported, in the order of the checks).
fn figure<'a>(
    config: &Config,
    d: &'a Doc,
    f: &'a RawFigure,
    n: usize,
    line: usize,
    refs: &mut Refs<'a>,
) -> Option<Figure> {
    // Each message is located at a key of this item, `figures[n].source`:
    // `n` is passed, and the path written only for a message.
    let mut ok = known_measure(config, d, f, n, refs);
    ok &= counts_in_bounds(d, f, n, refs);
    let value = value(d, f, line, refs);
    ok &= value.is_some();
    ok &= credibility_on_scale(d, f, n, refs);
    let group = f.group.clone().unwrap_or_else(|| "all".into());
    ok &= valid_group(d, &group, n, refs);
    references(d, f, n, refs);
    ok &= valid_figure_id(d, f, n, refs);
    if !ok {
        return None;
    }
    Some(Figure {
        id: f
            .id
            .clone()
            .unwrap_or_else(|| format!("{}-{}", d.id, n + 1)),
        explicit_id: f.id.is_some(),
        briefing: d.id.clone(),
        measure: f.measure.clone(),
        group,
        value: value?,
        qualifier: f.qualifier,
        as_of: f.as_of,
        place: f.place.clone(),
        claimed_by: f.claimed_by.clone(),
        source: f.source.clone(),
        via: f.via.clone(),
        words: f.words.clone(),
        status: f.status,
        retracted_on: f.retracted_on,
        supersedes: f.supersedes.clone(),
        relay_of: f.relay_of.clone(),
        credibility: f.credibility,
        note: f.note.clone(),
        origin: Origin {
            file: d.shown.clone(),
            line,
        },
    })
}

/// The measure is built in or declared in `dossier.yaml`.
fn known_measure(config: &Config, d: &Doc, f: &RawFigure, n: usize, refs: &mut Refs<'_>) -> bool {
    if config.measure(&f.measure).is_some() {
        return true;
    }
    let ids: Vec<&str> = config.measures.iter().map(|m| m.id.as_str()).collect();
    let mut e = d.error_at(
        Some(&format!("figures[{n}].measure")),
        &f.measure,
        format!("unknown measure `{}`", f.measure),
    );
    e = match did_you_mean(&f.measure, ids.iter().copied()) {
        Some(near) => e.with_help(format!("did you mean `{near}`?")),
        None => e.with_help(format!(
            "expected one of {}, or declare it under `measures:` in dossier.yaml",
            ids.iter()
                .map(|m| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    };
    refs.push(e);
    false
}

/// `count`, `min` and `max` are at most `MAX_COUNT`.
fn counts_in_bounds(d: &Doc, f: &RawFigure, item: usize, refs: &mut Refs<'_>) -> bool {
    let mut ok = true;
    for (key, n) in [("count", f.count), ("min", f.min), ("max", f.max)] {
        if let Some(n) = n.filter(|n| *n > MAX_COUNT) {
            refs.push(
                d.error_at(
                    Some(&format!("figures[{item}].{key}")),
                    &n.to_string(),
                    format!("`{key}` {n} is larger than any count dossier takes"),
                )
                .with_help(format!(
                    "counts go up to {} (a thousand trillion)",
                    thousands(MAX_COUNT)
                )),
            );
            ok = false;
        }
    }
    ok
}

/// The number: a `count`, or a range with `min` and/or `max` in order.
fn value(d: &Doc, f: &RawFigure, line: usize, refs: &mut Refs<'_>) -> Option<Value> {
    let at_line = |msg: String| Diagnostic::error(&d.shown, msg).at(&d.text, line, 1, 1);
    match (f.count, f.min, f.max) {
        (Some(c), None, None) => Some(Value::Count(c)),
        (None, min, max) if min.is_some() || max.is_some() => {
            if let (Some(a), Some(b)) = (min, max) {
                if a > b {
                    refs.push(at_line(format!(
                        "figure's `min` ({a}) is above its `max` ({b})"
                    )));
                    return None;
                }
            }
            Some(Value::Range { min, max })
        }
        (None, None, None) => {
            refs.push(
                at_line("figure has no number: give `count`, or `min` and/or `max`".into())
                    .with_help(
                    "for a vague claim such as \"dozens\", give `min: 24` with `qualifier: dozens`",
                ),
            );
            None
        }
        _ => {
            refs.push(at_line(
                "figure has both `count` and a range: give `count`, or `min`/`max`, not both"
                    .into(),
            ));
            None
        }
    }
}

/// `credibility`, when given, is on the Admiralty scale (1 to 6).
fn credibility_on_scale(d: &Doc, f: &RawFigure, n: usize, refs: &mut Refs<'_>) -> bool {
    match f.credibility {
        Some(c) if !(1..=6).contains(&c) => {
            refs.push(
                d.error_at(Some(&format!("figures[{n}].credibility")), &c.to_string(), format!("credibility {c} is out of range"))
                    .with_help("credibility is the Admiralty scale's number: 1 (confirmed) to 6 (cannot be judged)"),
            );
            false
        }
        _ => true,
    }
}

/// The group is a slug.
fn valid_group(d: &Doc, group: &str, n: usize, refs: &mut Refs<'_>) -> bool {
    if is_valid_id(group) {
        return true;
    }
    refs.push(d.error_at(Some(&format!("figures[{n}].group")), group, format!("`{group}` is not a valid group")).with_help("groups are slugs such as `security-forces`; declare a label for it under `groups:` in dossier.yaml".to_string()));
    false
}

/// The claimant, source, intermediaries and place name records.
fn references<'a>(d: &'a Doc, f: &'a RawFigure, n: usize, refs: &mut Refs<'a>) {
    refs.actor(d, format_args!("figures[{n}].claimed_by"), &f.claimed_by);
    refs.source(d, format_args!("figures[{n}].source"), &f.source);
    for v in &f.via {
        refs.actor(d, format_args!("figures[{n}].via"), v);
    }
    if let Some(p) = &f.place {
        refs.place(d, format_args!("figures[{n}].place"), p);
    }
}

/// The figure's `id:`, when given, is a slug.
fn valid_figure_id(d: &Doc, f: &RawFigure, n: usize, refs: &mut Refs<'_>) -> bool {
    match &f.id {
        Some(id) if !is_valid_id(id) => {
            refs.push(
                d.error_at(
                    Some(&format!("figures[{n}].id")),
                    id,
                    format!("`{id}` is not a valid figure id"),
                )
                .with_help(format!(
                    "ids are lowercase a-z, digits and hyphens, like `{}`",
                    crate::slug::slugify(id)
                )),
            );
            false
        }
        _ => true,
    }
}
