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
}

/// Everything that follows from the model, for the renderer and the checks.
/// The parts read only the model, not each other: they are built in
/// parallel.
pub(crate) fn derive(site: &Site) -> Derived {
    let ((records, (superseded_by, relayed_by)), ((timeline, children), (changes, ledger))) =
        rayon::join(
            || rayon::join(|| backrefs::records(site), || backrefs::figures(site)),
            || {
                rayon::join(
                    || rayon::join(|| timeline::timeline(site), || backrefs::children(site)),
                    || rayon::join(|| changes::changes(site), || ledger::build(site)),
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
