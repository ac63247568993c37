//! References between records: that each names a record that exists.
//!
//! Every record names others (a figure its claimant and source, a briefing
//! its actors and places). `Refs` checks each reference where it is written,
//! with a "did you mean" from the ids that exist, and remembers the actors
//! and places named without a profile, who get a generated one.

use std::collections::{BTreeSet, HashSet};

use crate::diag::{did_you_mean, Diagnostic};
use crate::domain::{is_valid_id, Kind};
use crate::load::Doc;

/// The ids a reference may name: records of each kind that have a file.
pub(super) struct Known<'a> {
    actors: HashSet<&'a str>,
    places: HashSet<&'a str>,
    sources: HashSet<&'a str>,
}

impl<'a> Known<'a> {
    /// The ids of `docs`, and the sources that exist but did not load
    /// (their own error is reported: references to them are not).
    pub(super) fn of(docs: &'a [Doc], unloaded: &'a HashSet<String>) -> Known<'a> {
        let ids = |k: Kind| {
            docs.iter()
                .filter(move |d| d.kind == k)
                .map(|d| d.id.as_str())
        };
        Known {
            actors: ids(Kind::Actor).collect(),
            places: ids(Kind::Place).collect(),
            sources: ids(Kind::Source)
                .chain(unloaded.iter().map(String::as_str))
                .collect(),
        }
    }
}

/// Reference checking shared by every record.
pub(super) struct Refs<'a> {
    known: &'a Known<'a>,
    pub(super) diags: &'a mut Vec<Diagnostic>,
    /// Actors named anywhere (with a profile or not).
    pub(super) named_actors: BTreeSet<String>,
    pub(super) named_places: BTreeSet<String>,
}

impl<'a> Refs<'a> {
    pub(super) fn new(known: &'a Known<'a>, diags: &'a mut Vec<Diagnostic>) -> Refs<'a> {
        Refs {
            known,
            diags,
            named_actors: BTreeSet::new(),
            named_places: BTreeSet::new(),
        }
    }
}

/// `key` is where the reference is written, a key (`country`) or a path
/// (`figures[2].source`, `events[0].sources`): messages are located there.
impl Refs<'_> {
    fn slug_ok(&mut self, d: &Doc, key: &str, id: &str, what: &str) -> bool {
        if is_valid_id(id) {
            return true;
        }
        self.diags.push(
            d.error_at(Some(key), id, format!("`{id}` is not a valid {what} id"))
                .with_help(format!(
                    "ids are lowercase a-z, digits and hyphens, like `{}`",
                    crate::slug::slugify(id)
                )),
        );
        false
    }

    pub(super) fn actor(&mut self, d: &Doc, key: &str, id: &str) {
        if self.slug_ok(d, key, id, "actor") {
            let (profiles, named) = (&self.known.actors, &mut self.named_actors);
            note_named(self.diags, d, key, id, "actor", profiles, named);
        }
    }

    pub(super) fn place(&mut self, d: &Doc, key: &str, id: &str) {
        if self.slug_ok(d, key, id, "place") {
            let (profiles, named) = (&self.known.places, &mut self.named_places);
            note_named(self.diags, d, key, id, "place", profiles, named);
        }
    }

    pub(super) fn source(&mut self, d: &Doc, key: &str, id: &str) {
        if self.known.sources.contains(id) {
            return;
        }
        let mut e = d.error_at(Some(key), id, format!("unknown source `{id}`"));
        e = match did_you_mean(id, self.known.sources.iter().copied()) {
            Some(near) => e.with_help(format!("did you mean `{near}`?")),
            None => e.with_help(format!(
                "every cited source needs a record: add content/sources/{id}.md"
            )),
        };
        self.diags.push(e);
    }
}

/// Records that an actor or place (`what`) is named. One named without a
/// profile gets a generated page; when its id is close to a profile's, that
/// is likely a typo, and the build warns.
fn note_named(
    diags: &mut Vec<Diagnostic>,
    d: &Doc,
    key: &str,
    id: &str,
    what: &str,
    profiles: &HashSet<&str>,
    named: &mut BTreeSet<String>,
) {
    if !profiles.contains(id) && !named.contains(id) {
        if let Some(near) = did_you_mean(id, profiles.iter().copied()) {
            let mut w = d.error_at(
                Some(key),
                id,
                format!("{what} `{id}` has no profile, but `{near}` does"),
            );
            w.severity = crate::diag::Severity::Warning;
            diags.push(w.with_help(format!(
                "did you mean `{near}`? If `{id}` is another {what}, add content/{what}s/{id}.md"
            )));
        }
    }
    named.insert(id.to_string());
}
