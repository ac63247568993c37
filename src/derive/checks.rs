//! Consistency checks on the claims (warnings; errors with `--strict`).
//!
//! The model guarantees that every reference to an actor, place or source
//! resolves; these checks look at what the claims say of each other, the
//! bookkeeping a reader of the ledger relies on:
//!
//! - a `supersedes` or `relay_of` that points nowhere, at the figure itself,
//!   or round in a circle;
//! - a relay whose number its original does not allow (given both
//!   qualifiers), or that counts another measure or group;
//! - a part above its whole: a group's count above `all` for the same
//!   measure, claimant, date and place (security forces killed > all killed);
//! - a figure as of a date after its source was published;
//! - a retracted figure left without a note in its briefing, and a
//!   withdrawal date (`retracted_on`) on a figure that is not retracted;
//! - a figure replaced by another (`supersedes`) whose status still says
//!   it stands;
//! - a page `updated` before it was published, or a correction dated
//!   before it was published or after its last update.
//! - prose that states a retracted or superseded figure's number without
//!   naming the figure (`prose_numbers`).
//!
//! They are pure: they read the model and return diagnostics located on the
//! offending key of the offending figure, like every other diagnostic.

use foldhash::{HashMap, HashMapExt};
use rayon::prelude::*;

use super::ledger::overlap;
use crate::derive::Derived;
use crate::diag::{did_you_mean, Diagnostic, Severity};
use crate::domain::{Date, Status};
use crate::load::{ByShown, Doc};
use crate::model::claim_bounds;
use crate::model::{qualifier_str, value_text};
use crate::model::{Figure, Origin, Revisions, Site, Value};

/// Where `key: value` sits in figure `f`'s item of its file's front matter.
fn locate(doc: &Doc, f: &Figure, key: &str, value: &str) -> Option<(usize, usize)> {
    let id = f.explicit_id.then_some(f.id.as_str());
    doc.locate_in_item(f.origin.line, key, value, id)
}

/// A warning on `key: value` of figure `f`.
fn warn_at(docs: &ByShown, f: &Figure, key: &str, value: &str, msg: String) -> Diagnostic {
    let mut d = Diagnostic::warning(&f.origin.file, msg);
    if let Some(doc) = docs.get(&f.origin.file) {
        d = match locate(doc, f, key, value) {
            Some((off, len)) => d.at_offset(&doc.text, off, len),
            None if f.origin.line > 0 => d.at(&doc.text, f.origin.line, 1, 1),
            None => d,
        };
    }
    d.severity = Severity::Warning;
    d
}

/// `count` as written, for locating it: `count: 18`, or `min: 40`.
fn value_key(f: &Figure) -> (&'static str, String) {
    match f.value {
        Value::Count(n) => ("count", n.to_string()),
        Value::Range { min: Some(n), .. } => ("min", n.to_string()),
        Value::Range { max: Some(n), .. } => ("max", n.to_string()),
        Value::Range { .. } => ("count", String::new()),
    }
}

/// "18 (Interior Ministry, 7 January 2022)"
fn claim(site: &Site, f: &Figure) -> String {
    let who = site
        .actor(&f.claimed_by)
        .map_or(f.claimed_by.as_str(), |a| a.name.as_str());
    format!(
        "{} ({who}, {})",
        value_text(&f.value, f.qualifier),
        f.as_of.long()
    )
}

/// Every check. They only read the model, so they run in parallel (the
/// figures too); the warnings come in the order of the checks, and of the
/// figures within each, as if they ran one by one.
pub(crate) fn check(site: &Site, derived: &Derived, all: &[Doc]) -> Vec<Diagnostic> {
    let docs = &ByShown::new(all);
    let (mut out, (rest, prose)) = rayon::join(
        || figure_checks(site, docs),
        || {
            rayon::join(
                || {
                    let mut out = Vec::new();
                    replaced_yet_standing(site, derived, docs, &mut out);
                    cycles(site, docs, &mut out);
                    parts_above_whole(site, docs, &mut out);
                    revisions(site, docs, &mut out);
                    out
                },
                || super::prose_numbers::check(site, derived, all),
            )
        },
    );
    out.extend(rest);
    out.extend(prose);
    out
}

/// The checks of one figure at a time, on every figure.
fn figure_checks(site: &Site, docs: &ByShown) -> Vec<Diagnostic> {
    let ids: Vec<&str> = site
        .figures
        .iter()
        .filter(|f| f.explicit_id)
        .map(|f| f.id.as_str())
        .collect();
    let found: Vec<Vec<Diagnostic>> = site
        .figures
        .par_iter()
        .map(|f| {
            let mut out = Vec::new();
            dangling_links(site, docs, &ids, f, &mut out);
            relay_differs(site, docs, f, &mut out);
            after_its_source(site, docs, f, &mut out);
            withdrawal_date_not_retracted(docs, f, &mut out);
            retracted_without_note(docs, f, &mut out);
            out
        })
        .collect();
    found.into_iter().flatten().collect()
}

/// `supersedes` and `relay_of` that point nowhere (`ids`: the figure ids
/// given, for "did you mean"), or at the figure itself.
fn dangling_links(
    site: &Site,
    docs: &ByShown,
    ids: &[&str],
    f: &Figure,
    out: &mut Vec<Diagnostic>,
) {
    let targets = f.supersedes.iter().map(|t| ("supersedes", t));
    for (key, t) in targets.chain(f.relay_of.iter().map(|t| ("relay_of", t))) {
        if site.figure(t).is_none() {
            let mut d = warn_at(
                docs,
                f,
                key,
                t,
                format!("`{key}` names `{t}`, but no figure has that id"),
            );
            d = match did_you_mean(t, ids.iter().copied()) {
                Some(near) => d.with_help(format!("did you mean `{near}`?")),
                None => d.with_help("give the earlier figure an `id:` and name it here"),
            };
            out.push(d);
        } else if t == &f.id {
            out.push(
                warn_at(
                    docs,
                    f,
                    key,
                    t,
                    format!("figure `{t}` names itself in `{key}`"),
                )
                .with_help(format!("`{key}` names an earlier figure, not this one")),
            );
        }
    }
}

/// A relay repeats its original's number, of the same measure and group.
fn relay_differs(site: &Site, docs: &ByShown, f: &Figure, out: &mut Vec<Diagnostic>) {
    if let Some(o) = f.relay_of.as_deref().and_then(|id| site.figure(id)) {
        if o.id != f.id {
            if (&o.measure, &o.group) != (&f.measure, &f.group) {
                out.push(
                    warn_at(
                        docs,
                        f,
                        "relay_of",
                        &o.id,
                        format!(
                            "figure `{}` relays `{}`, but counts {}/{} where its original counts {}/{}",
                            f.id, o.id, f.measure, f.group, o.measure, o.group
                        ),
                    )
                    .with_help("a relay repeats another claim: give it the original's `measure` and `group`"),
                );
            } else if !overlap(
                claim_bounds(&f.value, f.qualifier),
                claim_bounds(&o.value, o.qualifier),
            ) {
                let (key, value) = value_key(f);
                out.push(
                    warn_at(
                        docs,
                        f,
                        key,
                        &value,
                        format!(
                            "figure `{}` relays `{}`, but its value, {}, differs from the original's, {}, beyond what the qualifiers allow",
                            f.id,
                            o.id,
                            value_text(&f.value, f.qualifier),
                            claim(site, o)
                        ),
                    )
                    .with_help("a relay repeats another's number: check `count` and `qualifier`, or remove `relay_of` if this is a claim of its own"),
                );
            }
        }
    }
}

/// As of a date after its source was published.
fn after_its_source(site: &Site, docs: &ByShown, f: &Figure, out: &mut Vec<Diagnostic>) {
    if let Some(src) = site.source(&f.source) {
        if f.as_of.first_day() > src.published.0 {
            out.push(
                warn_at(
                    docs,
                    f,
                    "as_of",
                    &f.as_of.iso(),
                    format!(
                        "figure `{}` is as of {}, after its source `{}` was published ({})",
                        f.id,
                        f.as_of.long(),
                        src.id,
                        src.published.long()
                    ),
                )
                .with_help("a source cannot report a count from after its own publication: check `as_of` and `source`"),
            );
        }
    }
}

/// A withdrawal date on a figure that was not withdrawn.
fn withdrawal_date_not_retracted(docs: &ByShown, f: &Figure, out: &mut Vec<Diagnostic>) {
    if let (Some(d), false) = (f.retracted_on, f.status == Status::Retracted) {
        out.push(
            warn_at(
                docs,
                f,
                "retracted_on",
                &d.iso(),
                format!(
                    "figure `{}` was withdrawn on {}, but its status is not `retracted`",
                    f.id,
                    d.long()
                ),
            )
            .with_help("set `status: retracted`, or remove `retracted_on`"),
        );
    }
}

/// Withdrawn without a word.
fn retracted_without_note(docs: &ByShown, f: &Figure, out: &mut Vec<Diagnostic>) {
    if f.status == Status::Retracted && f.note.as_deref().is_none_or(|n| n.trim().is_empty()) {
        out.push(
            warn_at(
                docs,
                f,
                "status",
                "retracted",
                format!(
                    "briefing `{}` lists retracted figure `{}` without a note",
                    f.briefing, f.id
                ),
            )
            .with_help("say in the figure's `note` who withdrew it, when and why, so that readers are not left guessing"),
        );
    }
}

/// Replaced, but still marked as standing.
fn replaced_yet_standing(
    site: &Site,
    derived: &Derived,
    docs: &ByShown,
    out: &mut Vec<Diagnostic>,
) {
    for (fi, f) in site.figures.iter().enumerate() {
        let by = &derived.ledger.replaced_by[fi];
        if by.is_empty() || !matches!(f.status, Status::Current | Status::Disputed) {
            continue;
        }
        let status = match f.status {
            Status::Disputed => "disputed",
            _ => "current",
        };
        let successor = &site.figures[by[0]];
        out.push(
            warn_at(
                docs,
                f,
                "status",
                status,
                format!(
                    "figure `{}` is superseded by `{}`, but its status is `{status}`",
                    f.id, successor.id
                ),
            )
            .with_help(
                "set `status: superseded`; the ledger already leaves it out of the headline",
            ),
        );
    }
}

/// `supersedes` and `relay_of` chains that come back to where they started.
/// `supersedes` may name several figures, so this is a depth-first walk of
/// a graph, each ring reported once, at its member written first.
fn cycles(site: &Site, docs: &ByShown, out: &mut Vec<Diagnostic>) {
    for key in ["supersedes", "relay_of"] {
        let next = |fi: usize| -> Vec<usize> {
            let f = &site.figures[fi];
            let targets: Vec<&String> = if key == "supersedes" {
                f.supersedes.iter().collect()
            } else {
                f.relay_of.iter().collect()
            };
            targets
                .into_iter()
                .filter_map(|id| site.figure_ix.get(id).copied())
                .filter(|&t| t != fi)
                .collect()
        };
        // 0: unseen, 1: on the current walk, 2: done.
        let mut state = vec![0u8; site.figures.len()];
        for start in 0..site.figures.len() {
            if state[start] != 0 {
                continue;
            }
            state[start] = 1;
            let mut path = vec![start];
            let mut stack = vec![(next(start), 0usize)];
            while let Some((succ, k)) = stack.last_mut() {
                let Some(&t) = succ.get(*k) else {
                    stack.pop();
                    if let Some(fi) = path.pop() {
                        state[fi] = 2;
                    }
                    continue;
                };
                *k += 1;
                match state[t] {
                    0 => {
                        state[t] = 1;
                        path.push(t);
                        stack.push((next(t), 0));
                    }
                    1 => {
                        let at = path.iter().position(|&p| p == t).unwrap_or(0);
                        report_ring(site, docs, key, &path[at..], out);
                    }
                    _ => {}
                }
            }
        }
    }
}

/// One warning for a ring of figures, each naming the next, located on the
/// member written first.
fn report_ring(site: &Site, docs: &ByShown, key: &str, ring: &[usize], out: &mut Vec<Diagnostic>) {
    let Some(k) = (0..ring.len()).min_by_key(|&i| {
        let f: &Figure = &site.figures[ring[i]];
        (f.origin.file.clone(), f.origin.line)
    }) else {
        return;
    };
    let mut names: Vec<&str> = ring[k..]
        .iter()
        .chain(&ring[..k])
        .map(|&i| site.figures[i].id.as_str())
        .collect();
    let f = &site.figures[ring[k]];
    names.push(&f.id);
    let target = site.figures[ring[(k + 1) % ring.len()]].id.clone();
    out.push(
        warn_at(
            docs,
            f,
            key,
            &target,
            format!("`{key}` goes round in a circle: {}", names.join(" → ")),
        )
        .with_help(format!(
            "`{key}` names an earlier figure; remove the link that points forward"
        )),
    );
}

/// A group's count above `all` for the same measure, claimant, date and
/// place. Retracted figures and relays are left out: they are not claims.
fn parts_above_whole(site: &Site, docs: &ByShown, out: &mut Vec<Diagnostic>) {
    type Key<'a> = (&'a str, &'a str, Date, Option<&'a str>);
    let mut wholes: HashMap<Key<'_>, Vec<usize>> = HashMap::new();
    let counted = |f: &Figure| f.status != Status::Retracted && f.relay_of.is_none();
    for (fi, f) in site.figures.iter().enumerate() {
        if f.group == "all" && counted(f) {
            wholes
                .entry((&f.measure, &f.claimed_by, f.as_of, f.place.as_deref()))
                .or_default()
                .push(fi);
        }
    }
    for part in site
        .figures
        .iter()
        .filter(|f| f.group != "all" && counted(f))
    {
        let key = (
            part.measure.as_str(),
            part.claimed_by.as_str(),
            part.as_of,
            part.place.as_deref(),
        );
        let Some(list) = wholes.get(&key) else {
            continue;
        };
        let (plo, _) = claim_bounds(&part.value, part.qualifier);
        for &wi in list {
            let whole = &site.figures[wi];
            let (_, whi) = claim_bounds(&whole.value, whole.qualifier);
            if plo <= whi {
                continue;
            }
            let (k, v) = value_key(part);
            out.push(
                warn_at(
                    docs,
                    part,
                    k,
                    &v,
                    format!(
                        "figure `{}` ({} {}, {}) is above the whole it is part of: `{}` ({} {}, all), both by {} as of {}",
                        part.id,
                        value_text(&part.value, part.qualifier),
                        part.measure,
                        part.group,
                        whole.id,
                        value_text(&whole.value, whole.qualifier),
                        whole.measure,
                        site.actor(&part.claimed_by).map_or(part.claimed_by.as_str(), |a| a.name.as_str()),
                        part.as_of.long()
                    ),
                )
                .with_help(format!(
                    "a group cannot outnumber `all` for the same claimant, date and place; check both figures' `count`, `qualifier` ({} here, {} there) and `group`",
                    qualifier_str(part.qualifier),
                    qualifier_str(whole.qualifier)
                )),
            );
        }
    }
}

/// `updated:` before the page was published, and corrections dated before
/// it was published or after `updated:` (a correction updates the page).
fn revisions(site: &Site, docs: &ByShown, out: &mut Vec<Diagnostic>) {
    // (file, kind's name, the key and date it was published under, revisions)
    type Record<'a> = (&'a Origin, &'a str, Option<(&'a str, Date)>, &'a Revisions);
    let records = site
        .briefings
        .iter()
        .map(|b| -> Record<'_> { (&b.origin, "briefing", Some(("date", b.date)), &b.revisions) })
        .chain(site.sources.iter().map(|s| -> Record<'_> {
            (
                &s.origin,
                "source",
                Some(("published", s.published)),
                &s.revisions,
            )
        }))
        .chain(
            site.actors
                .iter()
                .map(|a| -> Record<'_> { (&a.origin, "actor", None, &a.revisions) }),
        )
        .chain(
            site.places
                .iter()
                .map(|p| -> Record<'_> { (&p.origin, "place", None, &p.revisions) }),
        );
    for (origin, what, published, r) in records {
        if r.updated.is_none() && r.corrections.is_empty() {
            continue;
        }
        let Some(doc) = docs.get(&origin.file) else {
            continue;
        };
        let warn = |off: Option<(usize, usize)>, msg: String| {
            let d = Diagnostic::warning(&doc.shown, msg);
            match off {
                Some((o, len)) => d.at_offset(&doc.text, o, len),
                None => d,
            }
        };
        if let (Some(u), Some((key, p))) = (r.updated, published) {
            if u.0 < p.0 {
                let iso = u.iso();
                out.push(
                    warn(
                        doc.locate(Some("updated"), &iso),
                        format!(
                            "this {what} is `updated` {}, before its `{key}` ({})",
                            u.long(),
                            p.long()
                        ),
                    )
                    .with_help(format!(
                        "`updated` is the day the {what} last changed after it was published: check both dates"
                    )),
                );
            }
        }
        for c in &r.corrections {
            let at = doc.correction_date_at(c.index);
            if let Some((key, p)) = published.filter(|(_, p)| c.date.0 < p.0) {
                out.push(
                    warn(
                        at,
                        format!(
                            "correction dated {} is before this {what}'s `{key}` ({})",
                            c.date.long(),
                            p.long()
                        ),
                    )
                    .with_help("a correction is made after publication: check its `date`"),
                );
            } else if let Some(u) = r.updated.filter(|u| c.date.0 > u.0) {
                out.push(
                    warn(
                        at,
                        format!(
                            "correction dated {} is after this {what}'s `updated` ({})",
                            c.date.long(),
                            u.long()
                        ),
                    )
                    .with_help(format!(
                        "a correction updates the {what}: set `updated: {}` (or later), or check the correction's `date`",
                        c.date.iso()
                    )),
                );
            }
        }
    }
}
