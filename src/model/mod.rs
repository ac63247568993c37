//! The validated dossier.
//!
//! `load` gives records as written; this module checks them against each
//! other and turns them into the model every later stage trusts: ids
//! resolved, references checked (with "did you mean"), figures validated
//! (a count or a range, a known measure), actors and places that are named
//! but have no profile given a generated record, drafts dropped unless asked
//! for, and every list sorted once, by date or by name in the dossier's
//! language. All problems are collected; none stops the others.
//!
//! How the parts fit: `build` is a driver of named steps, one file each.
//!
//! 1. `ids`: record ids are unique across kinds;
//! 2. `profiles`: actors, places, sources and the home page;
//! 3. `briefings`: briefings with their events, quotes and figures (each
//!    file read on its own, in parallel, then put together in order);
//! 4. `ids`: figure ids are unique, and clash with no record;
//! 5. `profiles`: actors and places named without a profile get one;
//! 6. `order`: every list sorted once, into a `Site`;
//! 7. `links`: every wiki link names a record.
//!
//! Steps apart from each other run side by side (`serve` runs them all on
//! every edit of a date or a figure): step 1 beside the gathering of the
//! ids that exist, step 2 beside step 3, whose briefings are read in
//! parallel; what each found is then taken in the order above, so the
//! messages do not depend on which ran first.
//!
//! `refs` checks the references steps 2 and 3 meet; `records` holds the
//! validated types and `value` the claimed numbers and how they read.

mod bodies;
mod briefings;
mod ids;
mod links;
mod order;
mod profiles;
mod records;
mod refs;
mod value;

use std::collections::HashSet;

pub(crate) use bodies::{check_links, free_fields_only, front_lines_moved, replace_body};
pub use records::{Actor, Briefing, Figure, Origin, Place, Revisions, Site, Source};
pub use value::{claim_bounds, qualifier_str, thousands, value_text, Value};

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::load::Doc;

/// Options that change what the model holds.
#[derive(Debug, Clone, Default)]
pub(crate) struct ModelOptions {
    pub drafts: bool,
    /// Ids of content files that exist but could not be loaded (their own
    /// error is reported): references to them are not reported again.
    pub unloaded: HashSet<String>,
    /// Keep what each doc was found to be, with the doc, for the next build
    /// of the same docs (`serve`): a briefing's records and the references
    /// they checked (`briefings::read`), and that its wiki links resolve
    /// (`links::check`). Each is kept under a key that names every other
    /// input it read, and used again only under the same key.
    pub keep: bool,
}

/// Checks the loaded documents against each other and builds the model.
/// Returns the model when there is no error, and every diagnostic (errors
/// and warnings) either way.
pub(crate) fn build(
    config: Config,
    docs: &[Doc],
    opts: &ModelOptions,
) -> (Option<Site>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let (records, known) = rayon::join(
        || ids::unique_records(docs, &mut diags),
        || refs::Known::of(docs, &opts.unloaded),
    );
    // Steps 2 and 3 read files of their own: the briefings are read while
    // the profiles are, and what their references found is taken in order.
    let keep = opts.keep.then(|| briefings::read_key(&config, &known));
    let ((mut profiles, found), read) = rayon::join(
        || {
            let mut refs = refs::Refs::new(&known);
            (profiles::read(&config, docs, &mut refs), refs.found)
        },
        || briefings::read(&config, docs, opts.drafts, &known, keep),
    );
    let mut named = refs::Named::new(&known);
    named.take(found, &mut diags);
    let briefed = briefings::gather(read, &mut named, &mut diags);
    let figure_ix = ids::unique_figures(&briefed.figures, &records, docs, &mut diags);
    profiles.add_unprofiled(
        named.actors.iter().map(|id| &**id),
        named.places.iter().map(|id| &**id),
    );
    let site = order::site(config, profiles, briefed, figure_ix);
    links::check(&site, docs, &opts.unloaded, opts.keep, &mut diags);
    let ok = !diags.iter().any(Diagnostic::is_error);
    (ok.then_some(site), diags)
}

#[cfg(test)]
pub(crate) mod fixture;
#[cfg(test)]
mod tests;
