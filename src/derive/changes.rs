//! The log of changes: every briefing published or updated, every record
//! updated, every correction, newest first.
//!
//! What the changes page and the feeds list: a pure function of the
//! records' dates and revisions.

use crate::domain::{Date, Kind};
use crate::model::{Revisions, Site};

/// What happened to a page on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// A correction (its index into the record's `revisions.corrections`).
    Corrected(usize),
    /// `updated:`.
    Updated,
    /// A briefing's `date:`.
    Published,
}

/// One entry of the changes page: `kind` happened to record `index` (into
/// the model's list of `record`s) on `date`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    pub date: Date,
    pub kind: ChangeKind,
    pub record: Kind,
    pub index: usize,
}

/// The log of changes, newest first; on one day, corrections before
/// updates before publications, then in the model's order of records.
pub(crate) fn changes(site: &Site) -> Vec<Change> {
    let mut out = Vec::new();
    let mut add = |record: Kind, index: usize, published: Option<Date>, r: &Revisions| {
        if let Some(date) = published {
            out.push(Change {
                date,
                kind: ChangeKind::Published,
                record,
                index,
            });
        }
        if let Some(date) = r.updated {
            out.push(Change {
                date,
                kind: ChangeKind::Updated,
                record,
                index,
            });
        }
        for (ci, c) in r.corrections.iter().enumerate() {
            out.push(Change {
                date: c.date,
                kind: ChangeKind::Corrected(ci),
                record,
                index,
            });
        }
    };
    for (i, b) in site.briefings.iter().enumerate() {
        add(Kind::Briefing, i, Some(b.date), &b.revisions);
    }
    for (i, a) in site.actors.iter().enumerate() {
        add(Kind::Actor, i, None, &a.revisions);
    }
    for (i, p) in site.places.iter().enumerate() {
        add(Kind::Place, i, None, &p.revisions);
    }
    for (i, s) in site.sources.iter().enumerate() {
        add(Kind::Source, i, None, &s.revisions);
    }
    let rank = |c: &Change| match c.kind {
        ChangeKind::Corrected(ci) => (0, c.record, c.index, ci),
        ChangeKind::Updated => (1, c.record, c.index, 0),
        ChangeKind::Published => (2, c.record, c.index, 0),
    };
    out.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| rank(a).cmp(&rank(b))));
    out
}
