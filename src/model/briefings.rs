//! Briefings, with their events, quotes and figures.
//!
//! Each briefing's references are checked, its tags slugged, and each of
//! its figures validated (`figure`): a figure that fails is left out, with
//! its errors, and the others still stand.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use super::records::{Briefing, Event, Figure, Origin, Quote, Revisions};
use super::refs::Refs;
use super::value::{thousands, Value, MAX_COUNT};
use crate::config::Config;
use crate::diag::{did_you_mean, Diagnostic};
use crate::domain::{is_valid_id, Kind};
use crate::load::{Doc, Front, RawBriefing, RawFigure};

/// The briefings of a build, and what they bring with them.
pub(super) struct Briefed {
    pub(super) briefings: Vec<Briefing>,
    /// Every valid figure, in the order of briefings and of each briefing's list.
    pub(super) figures: Vec<Figure>,
    /// Draft briefings left out of this build.
    pub(super) excluded_drafts: HashSet<String>,
    /// Tag slug → the name first written for it.
    pub(super) tag_names: BTreeMap<String, String>,
}

/// Step 3: the briefings (drafts only when asked for), their events,
/// figures and quotes.
pub(super) fn read(config: &Config, docs: &[Doc], drafts: bool, refs: &mut Refs<'_>) -> Briefed {
    let mut out = Briefed {
        briefings: Vec::new(),
        figures: Vec::new(),
        excluded_drafts: HashSet::new(),
        tag_names: BTreeMap::new(),
    };
    for d in docs.iter().filter(|d| d.kind == Kind::Briefing) {
        let Front::Briefing(r) = &d.front else {
            continue;
        };
        if r.draft && !drafts {
            out.excluded_drafts.insert(d.id.clone());
            continue;
        }
        let b = briefing(config, d, r, refs, &mut out.figures, &mut out.tag_names);
        out.briefings.push(b);
    }
    out
}

fn briefing(
    config: &Config,
    d: &Doc,
    r: &RawBriefing,
    refs: &mut Refs<'_>,
    figures: &mut Vec<Figure>,
    tag_names: &mut BTreeMap<String, String>,
) -> Briefing {
    for a in &r.actors {
        refs.actor(d, "actors", a);
    }
    for p in &r.places {
        refs.place(d, "places", p);
    }
    for s in &r.sources {
        refs.source(d, "sources", s);
    }
    let mut tags = Vec::new();
    for t in &r.tags {
        let slug = crate::slug::slugify(t);
        tag_names.entry(slug.clone()).or_insert_with(|| t.clone());
        if !tags.contains(&slug) {
            tags.push(slug);
        }
    }
    let events = r
        .events
        .iter()
        .enumerate()
        .map(|(i, e)| {
            if let Some(p) = &e.place {
                refs.place(d, &format!("events[{i}].place"), p);
            }
            for s in &e.sources {
                refs.source(d, &format!("events[{i}].sources"), s);
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
            refs.actor(d, &format!("quotes[{i}].actor"), &q.actor);
            refs.source(d, &format!("quotes[{i}].source"), &q.source);
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
    let mut fig_ix = Vec::new();
    for (n, f) in r.figures.iter().enumerate() {
        let line = item_lines.get(n).copied().unwrap_or(1);
        if let Some(fig) = figure(config, d, f, n, line, refs) {
            fig_ix.push(figures.len());
            figures.push(fig);
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
        figures: fig_ix,
        quotes,
        revisions: Revisions::new(r.updated, &r.corrections),
        body: Arc::from(d.body()),
        body_line: d.body_line(),
        origin: Origin {
            file: d.shown.clone(),
            line: 1,
        },
    }
}

/// One figure, validated: `None` when any check fails (each failure is
/// reported, in the order of the checks).
fn figure(
    config: &Config,
    d: &Doc,
    f: &RawFigure,
    n: usize,
    line: usize,
    refs: &mut Refs<'_>,
) -> Option<Figure> {
    // Each message is located at a key of this item: `figures[n].source`.
    let at = format!("figures[{n}]");
    let mut ok = known_measure(config, d, f, &at, refs);
    ok &= counts_in_bounds(d, f, &at, refs);
    let value = value(d, f, line, refs);
    ok &= value.is_some();
    ok &= credibility_on_scale(d, f, &at, refs);
    let group = f.group.clone().unwrap_or_else(|| "all".into());
    ok &= valid_group(d, &group, &at, refs);
    references(d, f, &at, refs);
    ok &= valid_figure_id(d, f, &at, refs);
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
fn known_measure(config: &Config, d: &Doc, f: &RawFigure, at: &str, refs: &mut Refs<'_>) -> bool {
    if config.measure(&f.measure).is_some() {
        return true;
    }
    let ids: Vec<&str> = config.measures.iter().map(|m| m.id.as_str()).collect();
    let mut e = d.error_at(
        Some(&format!("{at}.measure")),
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
    refs.diags.push(e);
    false
}

/// `count`, `min` and `max` are at most `MAX_COUNT`.
fn counts_in_bounds(d: &Doc, f: &RawFigure, at: &str, refs: &mut Refs<'_>) -> bool {
    let mut ok = true;
    for (key, n) in [("count", f.count), ("min", f.min), ("max", f.max)] {
        if let Some(n) = n.filter(|n| *n > MAX_COUNT) {
            refs.diags.push(
                d.error_at(
                    Some(&format!("{at}.{key}")),
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
                    refs.diags.push(at_line(format!(
                        "figure's `min` ({a}) is above its `max` ({b})"
                    )));
                    return None;
                }
            }
            Some(Value::Range { min, max })
        }
        (None, None, None) => {
            refs.diags.push(
                at_line("figure has no number: give `count`, or `min` and/or `max`".into())
                    .with_help(
                    "for a vague claim such as \"dozens\", give `min: 24` with `qualifier: dozens`",
                ),
            );
            None
        }
        _ => {
            refs.diags.push(at_line(
                "figure has both `count` and a range: give `count`, or `min`/`max`, not both"
                    .into(),
            ));
            None
        }
    }
}

/// `credibility`, when given, is on the Admiralty scale (1 to 6).
fn credibility_on_scale(d: &Doc, f: &RawFigure, at: &str, refs: &mut Refs<'_>) -> bool {
    match f.credibility {
        Some(c) if !(1..=6).contains(&c) => {
            refs.diags.push(
                d.error_at(Some(&format!("{at}.credibility")), &c.to_string(), format!("credibility {c} is out of range"))
                    .with_help("credibility is the Admiralty scale's number: 1 (confirmed) to 6 (cannot be judged)"),
            );
            false
        }
        _ => true,
    }
}

/// The group is a slug.
fn valid_group(d: &Doc, group: &str, at: &str, refs: &mut Refs<'_>) -> bool {
    if is_valid_id(group) {
        return true;
    }
    refs.diags.push(d.error_at(Some(&format!("{at}.group")), group, format!("`{group}` is not a valid group")).with_help("groups are slugs such as `security-forces`; declare a label for it under `groups:` in dossier.yaml".to_string()));
    false
}

/// The claimant, source, intermediaries and place name records.
fn references(d: &Doc, f: &RawFigure, at: &str, refs: &mut Refs<'_>) {
    refs.actor(d, &format!("{at}.claimed_by"), &f.claimed_by);
    refs.source(d, &format!("{at}.source"), &f.source);
    for v in &f.via {
        refs.actor(d, &format!("{at}.via"), v);
    }
    if let Some(p) = &f.place {
        refs.place(d, &format!("{at}.place"), p);
    }
}

/// The figure's `id:`, when given, is a slug.
fn valid_figure_id(d: &Doc, f: &RawFigure, at: &str, refs: &mut Refs<'_>) -> bool {
    match &f.id {
        Some(id) if !is_valid_id(id) => {
            refs.diags.push(
                d.error_at(
                    Some(&format!("{at}.id")),
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
