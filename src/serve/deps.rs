//! Which pages an edit can change.
//!
//! Building every page's context costs far more than rendering the few
//! that change (the contexts of a 1,000-briefing dossier take about 0.3 s
//! to build), so a content edit rebuilds only the pages that can read the
//! edited record. Each content file gets a fingerprint when it is parsed:
//! hashes of its text and of its "structural" front matter, the ids it
//! references and the ids its body wiki-links. Comparing the fingerprints
//! of the last good build with the new ones gives the plan:
//!
//! - a file added or removed, a briefing whose figures, tags, draft flag,
//!   `updated` or corrections changed, or any front-matter change of an
//!   actor, place or source (their names and fields show on many pages):
//!   every page;
//! - a briefing edited otherwise (title, date, summary, body, events,
//!   quotes, the records it lists): its page, the briefings before and
//!   after it (old and new order), the pages of every record it references
//!   before or after the edit, the pages whose bodies wiki-link it, and the
//!   pages that list or count everything (home, lists, timeline, ledger,
//!   and every page of `/changes/` when its title or date changed);
//! - an actor, place or source whose body alone changed: its own page;
//! - the home page's file: the home page.
//!
//! Pages outside the plan keep their bytes; pages inside it are rendered
//! again only if their context changed. The serve tests check the result
//! against a fresh `dossier build` after a sequence of edits of each kind.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::PathBuf;

use crate::domain::Kind;
use crate::load::{Doc, Front};

/// What a content file contributes to the dependency plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    pub kind: Kind,
    pub id: String,
    text: u64,
    structural: u64,
    /// Briefings: what a briefing item shows (title, date, summary).
    item: u64,
    /// Briefings: events, quotes and the records listed.
    listed: u64,
    /// Briefings: whether it has figures (the ledger shows its title).
    figures: bool,
    refs: Vec<String>,
    wiki: Vec<String>,
}

fn hash<T: Hash + ?Sized>(t: &T) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    t.hash(&mut h);
    h.finish()
}

/// The ids a body's `[[target]]` / `[[section/target|label]]` links name.
pub fn wiki_targets(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(i) = rest.find("[[") {
        rest = &rest[i + 2..];
        let Some(end) = rest.find("]]") else { break };
        let inner = &rest[..end];
        let target = inner.split('|').next().unwrap_or("").trim();
        let id = target.rsplit('/').next().unwrap_or(target);
        if !id.is_empty() && !out.iter().any(|x| x == id) {
            out.push(id.to_string());
        }
        rest = &rest[end + 2..];
    }
    out
}

impl Fingerprint {
    pub fn of(doc: &Doc) -> Fingerprint {
        let mut refs: Vec<String> = Vec::new();
        let (mut item, mut listed, mut figures) = (0, 0, false);
        let structural = match &doc.front {
            Front::Briefing(b) => {
                item = hash(&format!("{:?}|{:?}|{:?}", b.title, b.date, b.summary));
                listed = hash(&format!(
                    "{:?}|{:?}|{:?}|{:?}|{:?}",
                    b.events, b.quotes, b.actors, b.places, b.sources
                ));
                figures = !b.figures.is_empty();
                refs.extend(b.actors.iter().cloned());
                refs.extend(b.places.iter().cloned());
                refs.extend(b.sources.iter().cloned());
                for t in &b.tags {
                    refs.push(t.clone());
                    refs.push(crate::slug::slugify(t));
                }
                for e in &b.events {
                    refs.extend(e.place.iter().cloned());
                    refs.extend(e.sources.iter().cloned());
                }
                for f in &b.figures {
                    refs.push(f.claimed_by.clone());
                    refs.push(f.source.clone());
                    refs.extend(f.via.iter().cloned());
                    refs.extend(f.place.iter().cloned());
                }
                for q in &b.quotes {
                    refs.push(q.actor.clone());
                    refs.push(q.source.clone());
                }
                hash(&format!(
                    "{:?}|{:?}|{}|{:?}|{:?}",
                    b.figures, b.tags, b.draft, b.updated, b.corrections
                ))
            }
            Front::Actor(a) => {
                refs.extend(a.country.iter().cloned());
                refs.extend(a.part_of.iter().cloned());
                hash(&format!("{a:?}"))
            }
            Front::Place(p) => {
                refs.extend(p.within.iter().cloned());
                hash(&format!("{p:?}"))
            }
            Front::Source(s) => {
                refs.extend(s.relays.iter().cloned());
                hash(&format!("{s:?}"))
            }
            Front::Index(i) => hash(&format!("{i:?}")),
        };
        refs.sort();
        refs.dedup();
        Fingerprint {
            kind: doc.kind,
            id: doc.id.clone(),
            text: hash(&doc.text),
            structural,
            item,
            listed,
            figures,
            refs,
            wiki: wiki_targets(doc.body()),
        }
    }
}

/// The content of the last good build, as far as dependencies go.
#[derive(Debug, Default, Clone)]
pub struct Snapshot {
    pub files: HashMap<PathBuf, Fingerprint>,
    /// Briefing ids in site order (newest first).
    pub order: Vec<String>,
}

/// Which pages to rebuild.
#[derive(Debug, PartialEq, Eq)]
pub enum Plan {
    All,
    Pages(HashSet<String>),
}

/// In a plan's pages: every page of `/changes/` (how many there are is the
/// renderer's business).
pub const CHANGES_PAGES: &str = "changes/";

impl Plan {
    /// Whether the page at output path `p` is in the plan.
    pub fn wants(&self, p: &str) -> bool {
        match self {
            Plan::All => true,
            Plan::Pages(set) => {
                set.contains(p)
                    || (p.starts_with(CHANGES_PAGES) && set.contains(CHANGES_PAGES))
                    // Page 2 of a list changes when its first page does.
                    || crate::render::paginate::first_page_path(p).is_some_and(|f| set.contains(&f))
            }
        }
    }
}

fn page_of(kind: Kind, id: &str) -> String {
    match kind {
        Kind::Index => "index.html".into(),
        k => format!("{}/{id}/index.html", k.section()),
    }
}

/// Every page a referenced id could have (ids are unique across kinds;
/// tags have pages too).
fn pages_of_id(id: &str, out: &mut HashSet<String>) {
    for section in ["briefings", "actors", "places", "sources", "tags"] {
        out.insert(format!("{section}/{id}/index.html"));
    }
}

/// The pages that can change between two good builds.
pub fn plan(old: &Snapshot, new: &Snapshot) -> Plan {
    if old.files.len() != new.files.len() || old.files.keys().any(|k| !new.files.contains_key(k)) {
        return Plan::All;
    }
    let mut pages = HashSet::new();
    for (path, n) in &new.files {
        let o = &old.files[path];
        if o.text == n.text {
            continue;
        }
        if o.kind != n.kind || o.id != n.id {
            return Plan::All;
        }
        let structural = o.structural != n.structural;
        match n.kind {
            Kind::Index => {
                pages.insert("index.html".to_string());
            }
            Kind::Actor | Kind::Place | Kind::Source => {
                if structural {
                    return Plan::All;
                }
                pages.insert(page_of(n.kind, &n.id));
            }
            Kind::Briefing => {
                if structural {
                    return Plan::All;
                }
                // The body shows on the briefing's own page only.
                pages.insert(page_of(n.kind, &n.id));
                let item = o.item != n.item;
                let listed = o.listed != n.listed;
                if !item && !listed {
                    continue;
                }
                // Every page that lists the briefing, its events, quotes or
                // figures is the page of a record it references.
                for r in o.refs.iter().chain(&n.refs) {
                    pages_of_id(r, &mut pages);
                }
                pages.insert("timeline/index.html".into());
                if listed {
                    for p in [
                        "actors/index.html",
                        "places/index.html",
                        "sources/index.html",
                    ] {
                        pages.insert(p.into());
                    }
                }
                if item {
                    // Its title, date or summary: lists, links, neighbours.
                    for p in [
                        "index.html",
                        "briefings/index.html",
                        "tags/index.html",
                        CHANGES_PAGES,
                    ] {
                        pages.insert(p.into());
                    }
                    if n.figures {
                        pages.insert("casualties/index.html".into());
                    }
                    for order in [&old.order, &new.order] {
                        if let Some(i) = order.iter().position(|b| *b == n.id) {
                            for j in [i.wrapping_sub(1), i + 1] {
                                if let Some(b) = order.get(j) {
                                    pages.insert(page_of(Kind::Briefing, b));
                                }
                            }
                        }
                    }
                    for f in new.files.values() {
                        if f.wiki.contains(&n.id) {
                            pages.insert(page_of(f.kind, &f.id));
                        }
                    }
                }
            }
        }
    }
    Plan::Pages(pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_wiki_link_targets() {
        assert_eq!(
            wiki_targets("See [[tokayev]], [[places/almaty|the city]] and [[ tokayev ]]. [[x"),
            vec!["tokayev".to_string(), "almaty".to_string()]
        );
    }
}
