//! References between records: that each names a record that exists.
//!
//! Every record names others (a figure its claimant and source, a briefing
//! its actors and places). `Refs` checks each reference of one record where
//! it is written, with a "did you mean" from the ids that exist. Records are
//! read in parallel, each with its own `Refs`; `Named` then takes what each
//! found, in the order of the records, and remembers the actors and places
//! named without a profile, who get a generated one. Only the first naming
//! of such an id is checked for a typo, as if the records were read one by
//! one.

use std::borrow::Cow;
use std::fmt::Arguments;

use foldhash::{HashSet, HashSetExt};

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
    pub(super) fn of(
        docs: &'a [Doc],
        unloaded: &'a std::collections::HashSet<String>,
    ) -> Known<'a> {
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

impl Known<'_> {
    /// A fingerprint of the ids each kind holds (`briefings::read_key`).
    pub(super) fn fingerprint(&self) -> u64 {
        let kinds = [
            ("actor", &self.actors),
            ("place", &self.places),
            ("source", &self.sources),
        ];
        (kinds.iter())
            .map(|(kind, ids)| set_fingerprint(kind, ids.iter().copied()))
            .fold(0, u64::wrapping_add)
    }
}

/// A fingerprint of a set of ids of one kind, in any order: the sum of
/// each one's hash (with the kind's name), so that no set need be sorted.
/// Two sets that differ in one id, or a few, differ in it unless their
/// hashes collide.
pub(super) fn set_fingerprint<'s>(kind: &str, ids: impl Iterator<Item = &'s str>) -> u64 {
    ids.map(|id| crate::fingerprint::of(&(kind, id)))
        .fold(0, u64::wrapping_add)
}

/// What checking one record's references found, in the order met.
pub(super) enum Found<'a> {
    Diag(Diagnostic),
    /// An actor or place (`what`) named without a profile, at `key` of `doc`.
    /// The id is the doc's own, or a copy of it when what the doc's
    /// references found is kept between builds (`briefings::KeptRead`).
    Unprofiled {
        what: &'static str,
        id: Cow<'a, str>,
        doc: &'a Doc,
        key: String,
    },
}

/// Reference checking for one record.
pub(super) struct Refs<'a> {
    known: &'a Known<'a>,
    pub(super) found: Vec<Found<'a>>,
}

impl<'a> Refs<'a> {
    pub(super) fn new(known: &'a Known<'a>) -> Refs<'a> {
        Refs {
            known,
            found: Vec::new(),
        }
    }

    /// A problem of the record, kept in its place among the references'.
    pub(super) fn push(&mut self, d: Diagnostic) {
        self.found.push(Found::Diag(d));
    }
}

/// `key` is where the reference is written, a key (`country`) or a path
/// (`figures[2].source`, `events[0].sources`): messages are located there.
/// It is formatted only for a message.
impl<'a> Refs<'a> {
    fn slug_ok(&mut self, d: &Doc, key: Arguments<'_>, id: &str, what: &str) -> bool {
        if is_valid_id(id) {
            return true;
        }
        self.push(
            d.error_at(
                Some(&key.to_string()),
                id,
                format!("`{id}` is not a valid {what} id"),
            )
            .with_help(format!(
                "ids are lowercase a-z, digits and hyphens, like `{}`",
                crate::slug::slugify(id)
            )),
        );
        false
    }

    // An id with a profile is a file name, which `load` found valid: it is
    // looked up first, and checked as a slug only when it has no profile.
    pub(super) fn actor(&mut self, d: &'a Doc, key: Arguments<'_>, id: &'a str) {
        if !self.known.actors.contains(id) && self.slug_ok(d, key, id, "actor") {
            self.unprofiled("actor", d, key, id);
        }
    }

    pub(super) fn place(&mut self, d: &'a Doc, key: Arguments<'_>, id: &'a str) {
        if !self.known.places.contains(id) && self.slug_ok(d, key, id, "place") {
            self.unprofiled("place", d, key, id);
        }
    }

    fn unprofiled(&mut self, what: &'static str, doc: &'a Doc, key: Arguments<'_>, id: &'a str) {
        self.found.push(Found::Unprofiled {
            what,
            id: Cow::Borrowed(id),
            doc,
            key: key.to_string(),
        });
    }

    pub(super) fn source(&mut self, d: &Doc, key: Arguments<'_>, id: &str) {
        if self.known.sources.contains(id) {
            return;
        }
        let mut e = d.error_at(Some(&key.to_string()), id, format!("unknown source `{id}`"));
        e = match did_you_mean(id, self.known.sources.iter().copied()) {
            Some(near) => e.with_help(format!("did you mean `{near}`?")),
            None => e.with_help(format!(
                "every cited source needs a record: add content/sources/{id}.md"
            )),
        };
        self.push(e);
    }
}

/// The actors and places named without a profile, gathered from each
/// record's `Found` in the order of the records.
pub(super) struct Named<'a> {
    known: &'a Known<'a>,
    pub(super) actors: HashSet<Cow<'a, str>>,
    pub(super) places: HashSet<Cow<'a, str>>,
}

impl<'a> Named<'a> {
    pub(super) fn new(known: &'a Known<'a>) -> Named<'a> {
        Named {
            known,
            actors: HashSet::new(),
            places: HashSet::new(),
        }
    }

    /// Takes one record's findings: its diagnostics as they are, and its
    /// actors and places without a profile. One named so for the first
    /// time, when its id is close to a profile's, is likely a typo, and the
    /// build warns.
    pub(super) fn take(&mut self, found: Vec<Found<'a>>, diags: &mut Vec<Diagnostic>) {
        for f in found {
            match f {
                Found::Diag(d) => diags.push(d),
                Found::Unprofiled { what, id, doc, key } => {
                    let (profiles, named) = match what {
                        "actor" => (&self.known.actors, &mut self.actors),
                        _ => (&self.known.places, &mut self.places),
                    };
                    if !named.contains(&id) {
                        if let Some(w) = typo_warning(doc, &key, &id, what, profiles) {
                            diags.push(w);
                        }
                        named.insert(id);
                    }
                }
            }
        }
    }
}

/// The warning for an actor or place (`what`) named without a profile
/// when its id is close to a profile's.
fn typo_warning(
    d: &Doc,
    key: &str,
    id: &str,
    what: &str,
    profiles: &HashSet<&str>,
) -> Option<Diagnostic> {
    let near = did_you_mean(id, profiles.iter().copied())?;
    let mut w = d.error_at(
        Some(key),
        id,
        format!("{what} `{id}` has no profile, but `{near}` does"),
    );
    w.severity = crate::diag::Severity::Warning;
    Some(w.with_help(format!(
        "did you mean `{near}`? If `{id}` is another {what}, add content/{what}s/{id}.md"
    )))
}
