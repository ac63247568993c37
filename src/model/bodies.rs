//! A model whose records' bodies (and free fields) alone changed, without
//! building it again.
//!
//! Why: at 10,000 briefings the model, derive and the checks take hundreds
//! of milliseconds, and most edits while previewing touch a body, or a
//! title. Nothing in the model or in `derive` is computed from a body but
//! the body itself, so `serve` keeps the last model, puts the new bodies in
//! (`replace_body`) and runs again only the checks that read a body, on the
//! changed files alone (`check_links` here, `derive::body_checks`): the
//! same functions a full build runs over every file.
//!
//! The same holds for a few fields of the front matter, the free fields
//! (`FREE`): a briefing's `title` and `summary`, a source's `title`. Each
//! is copied into its record by `briefings`/`profiles` and read by no
//! other step of `model`, by nothing in `derive` and by no check (none of
//! those files names them), and none sorts a list. An edit that changes
//! only free fields (`free_fields_only`) is put in like a body
//! (`replace_body`); a renderer reads them through the record's head
//! (`render::reads`), whose key then moves.

use std::collections::HashSet;

use super::records::Site;
use crate::diag::Diagnostic;
use crate::load::{Doc, Front};

/// The free fields of each kind's front matter: top-level keys whose
/// values no step of `model` or `derive` reads but to copy into the
/// record made from the file.
const FREE: &[(crate::domain::Kind, &[&str])] = &[
    (crate::domain::Kind::Briefing, &["title", "summary"]),
    (crate::domain::Kind::Source, &["title"]),
];

fn free_keys(d: &Doc) -> &'static [&'static str] {
    FREE.iter()
        .find(|(k, _)| *k == d.kind)
        .map_or(&[], |(_, keys)| keys)
}

/// Whether `new` is `old` with at most its body and its free fields
/// changed: same kind, id and path; front matter of as many lines, the
/// lines that differ each a free key's (`title: …`), so that everything
/// else in the file keeps its line and column; and the parsed front matter
/// the same once the free fields are copied over (a line that only looks
/// like one key cannot hide another change).
pub(crate) fn free_fields_only(old: &Doc, new: &Doc) -> bool {
    if old.kind != new.kind || old.id != new.id || old.shown != new.shown {
        return false;
    }
    let (a, b) = (&old.text[..old.body_start], &new.text[..new.body_start]);
    if a == b {
        return true;
    }
    let keys = free_keys(new);
    if keys.is_empty() || a.lines().count() != b.lines().count() {
        return false;
    }
    let is_free = |line: &str| {
        keys.iter().any(|k| {
            line.strip_prefix(k)
                .is_some_and(|rest| rest.starts_with(':'))
        })
    };
    let lines_ok = a
        .lines()
        .zip(b.lines())
        .all(|(x, y)| x == y || (is_free(x) && is_free(y)));
    lines_ok && same_but_free(&old.front, &new.front)
}

/// The lines (1-based) of the front matter that differ between `old` and
/// `new` (of as many lines, as `free_fields_only` asks): a diagnostic
/// placed on one of them quotes a line that is no more, so the caller
/// keeps no such diagnostic.
pub(crate) fn front_lines_moved(old: &Doc, new: &Doc) -> Vec<usize> {
    let (a, b) = (&old.text[..old.body_start], &new.text[..new.body_start]);
    a.lines()
        .zip(b.lines())
        .enumerate()
        .filter(|(_, (x, y))| x != y)
        .map(|(i, _)| i + 1)
        .collect()
}

/// Whether two front matters are equal once the free fields of `new` are
/// copied into `old`.
fn same_but_free(old: &Front, new: &Front) -> bool {
    let mut old = old.clone();
    match (&mut old, new) {
        (Front::Briefing(o), Front::Briefing(n)) => {
            o.title.clone_from(&n.title);
            o.summary.clone_from(&n.summary);
        }
        (Front::Source(o), Front::Source(n)) => o.title.clone_from(&n.title),
        _ => {}
    }
    old == *new
}

/// Puts the body and the free fields of `d` into the record made from it
/// (as `briefings` and `profiles` copy them). `false` if no record of
/// `site` was made from `d` (the caller builds the model again). A
/// briefing left out as a draft has none to change: `true`.
pub(crate) fn replace_body(site: &mut Site, d: &Doc) -> bool {
    let body = d.body();
    let mine = |o: &super::Origin| o.file == d.shown;
    match &d.front {
        Front::Index(_) => set(&mut site.home.body, body, mine(&site.home.origin)),
        Front::Briefing(r) => match site.briefing_ix.get(&d.id) {
            Some(&i) => {
                let b = std::sync::Arc::make_mut(&mut site.briefings[i]);
                let ok = set(&mut b.body, body, b.id == d.id && mine(&b.origin));
                if ok {
                    b.title.clone_from(&r.title);
                    b.summary.clone_from(&r.summary);
                }
                ok
            }
            None => site.excluded_drafts.contains(&d.id),
        },
        Front::Actor(_) => match site.actors.iter_mut().find(|a| a.id == d.id) {
            Some(a) => set(&mut a.body, body, mine(&a.origin)),
            None => false,
        },
        Front::Place(_) => match site.places.iter_mut().find(|p| p.id == d.id) {
            Some(p) => set(&mut p.body, body, mine(&p.origin)),
            None => false,
        },
        Front::Source(r) => match site.sources.iter_mut().find(|s| s.id == d.id) {
            Some(s) => {
                let ok = set(&mut s.body, body, mine(&s.origin));
                if ok {
                    s.title.clone_from(&r.title);
                }
                ok
            }
            None => false,
        },
    }
}

fn set(slot: &mut crate::load::Body, body: &str, ok: bool) -> bool {
    if ok {
        *slot = body.into();
    }
    ok
}

/// Step 7 of `build` (every wiki link names a record) on `docs` alone.
pub(crate) fn check_links(
    site: &Site,
    docs: &[Doc],
    unloaded: &HashSet<String>,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    super::links::check(site, docs, unloaded, false, &mut diags);
    diags
}
