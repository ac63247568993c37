//! The validated records every later stage trusts.
//!
//! What a briefing, an actor, a place, a source, a figure and the home page
//! are once checked: ids resolved, values typed, lists sorted, each with
//! the `Origin` that later messages point at. `Site` holds them all, with
//! the lookups by id and the collation the dossier's language asks for.

use std::collections::HashSet;

use foldhash::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use super::value::Value;
use crate::config::Config;
use crate::domain::{ActorKind, Date, Kind, PlaceKind, Qualifier, Status};
use crate::load::{Body, RawCorrection};

/// Where a record came from: for messages that point at it later.
#[derive(Debug, Clone, Default, Hash)]
pub struct Origin {
    pub file: PathBuf,
    pub line: usize,
}

/// How a page changed after it was first published: the date of its last
/// update (`updated:`) and its corrections, newest first. Briefings and
/// every record with a file (actors, places, sources) carry one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Revisions {
    pub updated: Option<Date>,
    /// Newest first (in the order written among corrections of one day).
    pub corrections: Vec<Correction>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Correction {
    pub date: Date,
    pub text: String,
    /// Its place in the front matter's `corrections:` list (0-based), to
    /// locate it in messages.
    pub index: usize,
}

impl Revisions {
    pub fn new(updated: Option<Date>, corrections: &[RawCorrection]) -> Revisions {
        let mut corrections: Vec<Correction> = corrections
            .iter()
            .enumerate()
            .map(|(index, c)| Correction {
                date: c.date,
                text: c.text.clone(),
                index,
            })
            .collect();
        corrections.sort_by(|a, b| b.date.cmp(&a.date).then(a.index.cmp(&b.index)));
        Revisions {
            updated,
            corrections,
        }
    }

    /// When the page last changed: the newest of `since` (its publication),
    /// `updated` and its corrections (a correction updates the page).
    pub fn last_changed(&self, since: Option<Date>) -> Option<Date> {
        let newest = self.corrections.first().map(|c| c.date);
        since.max(self.updated).max(newest)
    }
}

#[derive(Debug, Clone)]
pub struct Home {
    pub title: String,
    pub summary: Option<String>,
    pub body: Body,
    pub origin: Origin,
}

#[derive(Debug, Clone)]
pub struct Briefing {
    pub id: String,
    pub title: String,
    pub date: Date,
    pub summary: Option<String>,
    pub draft: bool,
    /// Tag slugs.
    pub tags: Vec<String>,
    pub actors: Vec<String>,
    pub places: Vec<String>,
    pub sources: Vec<String>,
    pub events: Vec<Event>,
    /// Indexes into `Site::figures`.
    pub figures: Vec<usize>,
    pub quotes: Vec<Quote>,
    pub revisions: Revisions,
    /// Shared, as every record's body: `serve` copies the model to put an
    /// edited body in (the last one may still be read), and the bodies are
    /// most of its bytes.
    pub body: Body,
    /// 1-based line where the body starts in the file.
    pub body_line: usize,
    pub origin: Origin,
}

#[derive(Debug, Clone, Hash)]
pub struct Event {
    pub date: Date,
    pub time: Option<String>,
    pub place: Option<String>,
    pub title: String,
    pub sources: Vec<String>,
    pub briefing: String,
}

#[derive(Debug, Clone, Hash)]
pub struct Quote {
    pub actor: String,
    pub date: Date,
    pub text: String,
    pub source: String,
    pub briefing: String,
}

/// Hashed whole by `derive::derive_keeping`, to tell whether the ledger
/// made from the figures can be kept.
#[derive(Debug, Clone, Hash)]
pub struct Figure {
    pub id: String,
    /// Whether the editor gave the id (others are generated and unstable).
    pub explicit_id: bool,
    pub briefing: String,
    pub measure: String,
    pub group: String,
    pub value: Value,
    pub qualifier: Qualifier,
    pub as_of: Date,
    pub place: Option<String>,
    pub claimed_by: String,
    pub source: String,
    pub via: Vec<String>,
    pub words: Option<String>,
    pub status: Status,
    /// When a retracted figure was withdrawn, if the material says.
    pub retracted_on: Option<Date>,
    /// The earlier figures this one replaces: usually one, more when a
    /// later count settles several (the 19 that replaces both 18 and 16).
    pub supersedes: Vec<String>,
    pub relay_of: Option<String>,
    pub credibility: Option<u8>,
    pub note: Option<String>,
    pub origin: Origin,
}

#[derive(Debug, Clone)]
pub struct Actor {
    pub id: String,
    pub name: String,
    pub kind: Option<ActorKind>,
    pub aliases: Vec<String>,
    pub country: Option<String>,
    pub part_of: Option<String>,
    pub revisions: Revisions,
    pub body: Body,
    pub body_line: usize,
    /// False for actors named somewhere but without a file of their own.
    pub has_profile: bool,
    pub origin: Origin,
}

#[derive(Debug, Clone)]
pub struct Place {
    pub id: String,
    pub name: String,
    pub kind: Option<PlaceKind>,
    pub within: Option<String>,
    pub aliases: Vec<String>,
    pub revisions: Revisions,
    pub body: Body,
    pub body_line: usize,
    pub has_profile: bool,
    pub origin: Origin,
}

#[derive(Debug, Clone)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub outlet: String,
    /// How citations name it ("IFP", "dpa"); the outlet when not given.
    pub short: Option<String>,
    pub published: Date,
    pub url: Option<String>,
    /// An archived copy of `url`.
    pub archived: Option<String>,
    pub language: Option<String>,
    pub reliability: Option<char>,
    pub relays: Vec<String>,
    pub note: Option<String>,
    pub revisions: Revisions,
    pub body: Body,
    pub body_line: usize,
    pub origin: Origin,
}

#[derive(Debug, Clone, Hash)]
pub struct Tag {
    pub slug: String,
    pub name: String,
}

/// The whole validated dossier. Lists are sorted for display: briefings
/// newest first, actors, places and tags by name, sources by date.
///
/// The figures and the indexes, which no edit of a body or a free field
/// changes (`bodies`), are shared: `serve` copies the model to put such an
/// edit in, and they are most of what a copy would allocate.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: Config,
    pub home: Home,
    /// Each behind an `Arc`: `serve` copies the model to put an edited
    /// body or title in, and a copy of the list is then one count per
    /// briefing, not every briefing's strings (30 ms at 10,000).
    pub briefings: Vec<Arc<Briefing>>,
    pub actors: Vec<Actor>,
    pub places: Vec<Place>,
    pub sources: Vec<Source>,
    /// Each behind an `Arc`: `serve` puts the figures of the files it did
    /// not read again into a new model without copying them.
    pub figures: Arc<Vec<Arc<Figure>>>,
    /// A fingerprint of `figures`, when the model kept what each briefing
    /// was read into (`ModelOptions::keep`): taken from each briefing's
    /// figures' own, once per read of its file, so that `derive` can tell
    /// cheaply whether the figures changed.
    pub(crate) figures_key: Option<u64>,
    pub tags: Vec<Tag>,
    pub briefing_ix: Arc<HashMap<String, usize>>,
    pub actor_ix: Arc<HashMap<String, usize>>,
    pub place_ix: Arc<HashMap<String, usize>>,
    pub source_ix: Arc<HashMap<String, usize>>,
    pub figure_ix: Arc<HashMap<String, usize>>,
    /// Every record's id → its kind, for `resolve_link`: one lookup for a
    /// link without a section, where the kinds' indexes took up to four.
    /// An id of two kinds (an error) maps to the kind looked up first.
    pub kind_ix: Arc<HashMap<String, Kind>>,
    /// Draft briefings left out of this build, for friendlier link errors.
    pub excluded_drafts: HashSet<String>,
}

impl Site {
    pub fn briefing(&self, id: &str) -> Option<&Briefing> {
        self.briefing_ix.get(id).map(|&i| &*self.briefings[i])
    }
    pub fn actor(&self, id: &str) -> Option<&Actor> {
        self.actor_ix.get(id).map(|&i| &self.actors[i])
    }
    pub fn place(&self, id: &str) -> Option<&Place> {
        self.place_ix.get(id).map(|&i| &self.places[i])
    }
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.source_ix.get(id).map(|&i| &self.sources[i])
    }
    pub fn figure(&self, id: &str) -> Option<&Figure> {
        self.figure_ix.get(id).map(|&i| &*self.figures[i])
    }
    /// The index of figure `id` in `figures`.
    pub fn figure_index(&self, id: &str) -> Option<usize> {
        self.figure_ix.get(id).copied()
    }

    /// What a wiki link `[[target]]` points at: kind and id. Accepts
    /// `id` and `section/id`.
    pub fn resolve_link(&self, target: &str) -> Option<(Kind, &str)> {
        let (section, id) = match target.split_once('/') {
            Some((s, i)) => (Some(s), i),
            None => (None, target),
        };
        let id = id.trim();
        let try_kind = |k: Kind| -> Option<(Kind, &str)> {
            let found = match k {
                Kind::Briefing => self.briefing_ix.get_key_value(id).map(|(k, _)| k.as_str()),
                Kind::Actor => self.actor_ix.get_key_value(id).map(|(k, _)| k.as_str()),
                Kind::Place => self.place_ix.get_key_value(id).map(|(k, _)| k.as_str()),
                Kind::Source => self.source_ix.get_key_value(id).map(|(k, _)| k.as_str()),
                Kind::Index => None,
            };
            found.map(|f| (k, f))
        };
        match section {
            Some(s) => Kind::from_section(s).and_then(try_kind),
            None => self
                .kind_ix
                .get_key_value(id)
                .map(|(k, &kind)| (kind, k.as_str())),
        }
    }

    /// Every id a wiki link can name, for "did you mean": records, and
    /// figures given an id by their author.
    pub fn all_ids(&self) -> impl Iterator<Item = &str> {
        self.briefing_ix
            .keys()
            .chain(self.actor_ix.keys())
            .chain(self.place_ix.keys())
            .chain(self.source_ix.keys())
            .map(String::as_str)
            .chain(
                self.figures
                    .iter()
                    .filter(|f| f.explicit_id)
                    .map(|f| f.id.as_str()),
            )
    }

    /// Sorts names as the dossier's language does (Kazakh and Russian names
    /// in Cyrillic sort by their letters, not by code point).
    pub fn collator(&self) -> Collator {
        Collator::new(&self.config.language)
    }
}

/// A string comparator for the dossier's language.
pub struct Collator(icu_collator::CollatorBorrowed<'static>);

impl Collator {
    pub fn new(language: &str) -> Collator {
        let locale = icu_locale_core::Locale::try_from_str(language)
            .unwrap_or(icu_locale_core::Locale::UNKNOWN);
        let c = icu_collator::Collator::try_new(locale.clone().into(), Default::default())
            .or_else(|_| icu_collator::Collator::try_new(Default::default(), Default::default()))
            .expect("root collation data is compiled in");
        Collator(c)
    }
    pub fn compare(&self, a: &str, b: &str) -> std::cmp::Ordering {
        self.0.compare(a, b)
    }
}
