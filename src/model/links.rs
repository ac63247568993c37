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
///
/// With `keep`, a doc whose links all resolve is marked so (`Doc::kept_links`)
/// under a key, and a doc marked under the same key is not checked again.
/// The key is enough: whether a doc's links resolve is a function of the
/// doc (a file read again is a new `Doc`, unmarked) and of the ids a link
/// can name, by kind (`resolve_link`, `figure`), the ids of files that
/// did not load, and the drafts left out, all of which the key is a
/// fingerprint of (`key`). A doc with an unknown link is never marked:
/// its messages are made again each time.
pub(super) fn check(
    site: &Site,
    docs: &[Doc],
    unloaded: &HashSet<String>,
    keep: bool,
    diags: &mut Vec<Diagnostic>,
) {
    let key = keep.then(|| key(site, unloaded));
    // Every id, for "did you mean": gathered on the first unknown link only.
    let ids: OnceLock<Vec<&str>> = OnceLock::new();
    let found: Vec<Vec<Diagnostic>> = docs
        .par_iter()
        .map(|d| {
            let Some(key) = key else {
                return doc_links(site, d, unloaded, &ids);
            };
            if d.kept_links.get::<()>(key).is_some() {
                return Vec::new();
            }
            let found = doc_links(site, d, unloaded, &ids);
            if found.is_empty() {
                d.kept_links.put(key, std::sync::Arc::new(()));
            }
            found
        })
        .collect();
    diags.extend(found.into_iter().flatten());
}

/// A fingerprint of what decides whether a link resolves: the ids of each
/// kind of record, the figures' explicit ids, the ids that did not load
/// and the drafts left out.
fn key(site: &Site, unloaded: &HashSet<String>) -> u64 {
    use super::refs::set_fingerprint;
    fn ids(ix: &foldhash::HashMap<String, usize>) -> impl Iterator<Item = &str> {
        ix.keys().map(String::as_str)
    }
    let explicit = (site.figures.iter())
        .filter(|f| f.explicit_id)
        .map(|f| f.id.as_str());
    [
        set_fingerprint("briefing", ids(&site.briefing_ix)),
        set_fingerprint("actor", ids(&site.actor_ix)),
        set_fingerprint("place", ids(&site.place_ix)),
        set_fingerprint("source", ids(&site.source_ix)),
        set_fingerprint("figure", explicit),
        set_fingerprint("unloaded", unloaded.iter().map(String::as_str)),
        set_fingerprint("draft", site.excluded_drafts.iter().map(String::as_str)),
    ]
    .into_iter()
    .fold(0, u64::wrapping_add)
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
