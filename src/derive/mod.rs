//! What follows from the model: cross-references, the timeline, the log of
//! changes, the casualty ledger, and the checks that read them.
//!
//! Pure functions: given a `Site`, what refers to each actor, place, source
//! and tag, the merged timeline, the log of changes (briefings published
//! and updated, corrections), and the casualty ledger. Each index is built
//! in one pass over the records (no quadratic lookups), and the indexes
//! in parallel, so `serve` can re-run all of it on every keystroke.
//!
//! How the parts fit: `derive` gathers `backrefs`, `timeline`, `changes`
//! and `ledger` into one `Derived`, which the renderer reads. The `checks`
//! (and among them `prose_numbers`, figures named in prose) run on the
//! model and `Derived` together: warnings about the dossier's content,
//! not errors of its format, which `model` reports.

mod backrefs;
mod changes;
pub(crate) mod checks;
pub(crate) mod ledger;
mod prose_numbers;
mod timeline;

use foldhash::HashMap;

pub use backrefs::Backrefs;
pub use changes::{Change, ChangeKind};
pub use timeline::TimelineItem;

use crate::domain::Date;
use crate::model::Site;

#[derive(Debug, Clone)]
pub struct Derived {
    pub actors: HashMap<String, Backrefs>,
    pub places: HashMap<String, Backrefs>,
    pub sources: HashMap<String, Backrefs>,
    pub tags: HashMap<String, Vec<usize>>,
    /// Oldest first; events before the briefing of the same day.
    pub timeline: Vec<(Date, TimelineItem)>,
    /// Figure index → indexes of figures that supersede it.
    pub superseded_by: Vec<Vec<usize>>,
    /// Figure index → indexes of figures that relay it.
    pub relayed_by: Vec<Vec<usize>>,
    /// Place id → child place ids.
    pub children: HashMap<String, Vec<String>>,
    /// Newest first: every briefing published or updated, every record
    /// updated, every correction.
    pub changes: Vec<Change>,
    pub ledger: ledger::Ledger,
    /// A fingerprint of every input of `ledger` (`ledger_key`), when it was
    /// taken (`derive_keeping`): the next derive of a site with the same
    /// key keeps the ledger.
    pub(crate) ledger_key: Option<u64>,
}

/// Everything that follows from the model, for the renderer and the checks.
/// The parts read only the model, not each other: they are built in
/// parallel.
pub(crate) fn derive(site: &Site) -> Derived {
    derive_with(site, None)
}

/// `derive`, for a caller that keeps the last `Derived` (`serve`): its
/// ledger, the most costly part after `backrefs`, is kept when every input
/// of it is the same (`ledger_key`): after an edit of a date, a name or a
/// body, not of a figure.
pub(crate) fn derive_keeping(site: &Site, last: Option<&Derived>) -> Derived {
    derive_with(site, Some(last))
}

/// A fingerprint of what `ledger::build` reads: the figures (whole, which
/// also stands for `figure_ix`, made from them), each place's id and the
/// place it is within (a figure's place's depth), and the configuration's
/// measures, group labels and language (the groups' order). Nothing else
/// of the site: no briefing, actor or source.
fn ledger_key(site: &Site) -> u64 {
    let places: Vec<(&str, Option<&str>)> = (site.places.iter())
        .map(|p| (p.id.as_str(), p.within.as_deref()))
        .collect();
    let measures: Vec<_> = (site.config.measures.iter())
        .map(|m| (&m.id, &m.label, &m.unit, m.casualty))
        .collect();
    let config = (&measures, &site.config.groups, &site.config.language);
    let figures = (site.figures_key).unwrap_or_else(|| crate::fingerprint::of(&*site.figures));
    crate::fingerprint::of(&(figures, places, config))
}

/// `last` is `None` when nothing is kept (then no key is taken either).
fn derive_with(site: &Site, last: Option<Option<&Derived>>) -> Derived {
    let ledger = || {
        let key = last.map(|_| ledger_key(site));
        let kept = last
            .flatten()
            .filter(|d| key.is_some() && d.ledger_key == key);
        let ledger = match kept {
            Some(d) => d.ledger.clone(),
            None => ledger::build(site),
        };
        (ledger, key)
    };
    let (
        (records, (superseded_by, relayed_by)),
        ((timeline, children), (changes, (ledger, ledger_key))),
    ) = rayon::join(
        || rayon::join(|| backrefs::records(site), || backrefs::figures(site)),
        || {
            rayon::join(
                || rayon::join(|| timeline::timeline(site), || backrefs::children(site)),
                || rayon::join(|| changes::changes(site), ledger),
            )
        },
    );
    Derived {
        actors: records.actors,
        places: records.places,
        sources: records.sources,
        tags: records.tags,
        timeline,
        superseded_by,
        relayed_by,
        children,
        changes,
        ledger,
        ledger_key,
    }
}

/// The checks that read a body (`prose_numbers`), on `docs` alone: `serve`
/// runs them on the files whose body alone changed (see `model::replace_body`).
/// Nothing else here reads a body, so `Derived` is kept as it was.
pub(crate) fn body_checks(
    site: &Site,
    derived: &Derived,
    docs: &[crate::load::Doc],
) -> Vec<crate::diag::Diagnostic> {
    prose_numbers::check(site, derived, docs)
}

#[cfg(test)]
mod tests;
