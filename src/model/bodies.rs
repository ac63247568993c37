//! A model whose records' bodies alone changed, without building it again.
//!
//! Why: at 10,000 briefings the model, derive and the checks take ~180 ms,
//! and most edits while previewing touch a body alone. Nothing in the model
//! or in `derive` is computed from a body but the body itself, so `serve`
//! keeps the last model, puts the new bodies in (`replace_body`) and runs
//! again only the checks that read a body, on the changed files alone
//! (`check_links` here, `derive::body_checks`): the same functions a full
//! build runs over every file.

use std::collections::HashSet;

use super::records::Site;
use crate::diag::Diagnostic;
use crate::load::{Doc, Front};

/// Puts the body of `d` into the record made from it. `false` if no record
/// of `site` was made from `d` (the caller builds the model again). A
/// briefing left out as a draft has none to change: `true`.
pub(crate) fn replace_body(site: &mut Site, d: &Doc) -> bool {
    let body = d.body();
    let mine = |o: &super::Origin| o.file == d.shown;
    match &d.front {
        Front::Index(_) => set(&mut site.home.body, body, mine(&site.home.origin)),
        Front::Briefing(_) => match site.briefing_ix.get(&d.id) {
            Some(&i) => {
                let b = &mut site.briefings[i];
                set(&mut b.body, body, b.id == d.id && mine(&b.origin))
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
        Front::Source(_) => match site.sources.iter_mut().find(|s| s.id == d.id) {
            Some(s) => set(&mut s.body, body, mine(&s.origin)),
            None => false,
        },
    }
}

fn set(slot: &mut String, body: &str, ok: bool) -> bool {
    if ok {
        *slot = body.to_string();
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
    super::links::check(site, docs, unloaded, &mut diags);
    diags
}
