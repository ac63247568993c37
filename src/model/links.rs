//! Wiki links: every `[[target]]` in every body names a record.
//!
//! The last validation step, since a link may name any record or figure:
//! it runs on the finished `Site`, with the links `load` found.

use std::collections::HashSet;
use std::sync::OnceLock;

use rayon::prelude::*;

use super::records::Site;
use crate::diag::{did_you_mean, Diagnostic};
use crate::domain::Kind;
use crate::load::Doc;

/// Every `[[target]]` in every body names a record. The docs are checked
/// in parallel; their messages come in the order of `docs`.
pub(super) fn check(
    site: &Site,
    docs: &[Doc],
    unloaded: &HashSet<String>,
    diags: &mut Vec<Diagnostic>,
) {
    // Every id, for "did you mean": gathered on the first unknown link only.
    let ids: OnceLock<Vec<&str>> = OnceLock::new();
    let found: Vec<Vec<Diagnostic>> = docs
        .par_iter()
        .map(|d| doc_links(site, d, unloaded, &ids))
        .collect();
    diags.extend(found.into_iter().flatten());
}

/// The unknown links of one doc.
fn doc_links<'a>(
    site: &'a Site,
    d: &Doc,
    unloaded: &HashSet<String>,
    ids: &OnceLock<Vec<&'a str>>,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    if d.kind == Kind::Briefing && site.excluded_drafts.contains(&d.id) {
        return diags;
    }
    for (target, range) in &d.wikilinks {
        if site.resolve_link(target).is_some() {
            continue;
        }
        let bare = target.rsplit('/').next().unwrap_or(target);
        if site.figure(target).is_some_and(|f| f.explicit_id) || unloaded.contains(bare) {
            continue;
        }
        let len = d.text[range.clone()].chars().count();
        let mut e = Diagnostic::error(&d.shown, format!("unknown link target `{target}`"))
            .at_offset(&d.text, range.start, len);
        e = if site.excluded_drafts.contains(bare) {
            e.with_help(format!(
                "`{bare}` is a draft: build with --drafts, or remove the link"
            ))
        } else {
            let ids = ids.get_or_init(|| site.all_ids().collect());
            match did_you_mean(bare, ids.iter().copied()) {
                Some(near) => e.with_help(format!("did you mean `[[{near}]]`?")),
                None => e.with_help("a wiki link names a briefing, actor, place or source by its id (its file name), or a figure by its `id:`"),
            }
        };
        diags.push(e);
    }
    diags
}
