//! Wiki links: every `[[target]]` in every body names a record.
//!
//! The last validation step, since a link may name any record or figure:
//! it runs on the finished `Site`, with the links `load` found.

use std::collections::HashSet;

use super::records::Site;
use crate::diag::{did_you_mean, Diagnostic};
use crate::domain::Kind;
use crate::load::Doc;

/// Every `[[target]]` in every body names a record.
pub(super) fn check(
    site: &Site,
    docs: &[Doc],
    unloaded: &HashSet<String>,
    diags: &mut Vec<Diagnostic>,
) {
    let ids: Vec<&str> = site.all_ids().collect();
    for d in docs {
        if d.kind == Kind::Briefing && site.excluded_drafts.contains(&d.id) {
            continue;
        }
        for (target, range) in &d.wikilinks {
            let bare = target.rsplit('/').next().unwrap_or(target);
            let figure = site.figure(target).is_some_and(|f| f.explicit_id);
            if figure || site.resolve_link(target).is_some() || unloaded.contains(bare) {
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
                match did_you_mean(bare, ids.iter().copied()) {
                    Some(near) => e.with_help(format!("did you mean `[[{near}]]`?")),
                    None => e.with_help("a wiki link names a briefing, actor, place or source by its id (its file name), or a figure by its `id:`"),
                }
            };
            diags.push(e);
        }
    }
}
