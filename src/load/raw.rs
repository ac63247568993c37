//! The front matter of each kind of record, exactly as written.
//!
//! These structs mirror the file format (`deny_unknown_fields`, so a typo is
//! an error, not a silently ignored key) and nothing more: references are
//! plain strings here, checked by `model`. The `*_FIELDS` lists are what a
//! "did you mean" suggests for an unknown key.

use serde::{Deserialize, Deserializer};

use crate::domain::{ActorKind, Count, Date, PlaceKind, Qualifier, Status};

/// `supersedes: a` or `supersedes: [a, b]`: one id, or a list when a later
/// count replaces several earlier ones. Both read as a list.
fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    struct Ids;
    impl<'de> serde::de::Visitor<'de> for Ids {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a figure id or a list of figure ids")
        }
        fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Vec<String>, E> {
            Ok(vec![s.to_string()])
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Vec<String>, E> {
            Ok(Vec::new())
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> Result<Vec<String>, A::Error> {
            let mut out = Vec::new();
            while let Some(id) = seq.next_element::<String>()? {
                out.push(id);
            }
            Ok(out)
        }
    }
    d.deserialize_any(Ids)
}

/// A briefing's front matter, as written.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawBriefing {
    pub title: String,
    pub date: Date,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub actors: Vec<String>,
    #[serde(default)]
    pub places: Vec<String>,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default)]
    pub events: Vec<RawEvent>,
    #[serde(default)]
    pub figures: Vec<RawFigure>,
    #[serde(default)]
    pub quotes: Vec<RawQuote>,
    #[serde(default)]
    pub updated: Option<Date>,
    #[serde(default)]
    pub corrections: Vec<RawCorrection>,
}
pub const BRIEFING_FIELDS: &[&str] = &[
    "title",
    "date",
    "summary",
    "draft",
    "tags",
    "actors",
    "places",
    "sources",
    "events",
    "figures",
    "quotes",
    "updated",
    "corrections",
];

/// A correction, as written: when it was made, and what it corrected.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawCorrection {
    pub date: Date,
    pub text: String,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawEvent {
    pub date: Date,
    #[serde(default)]
    pub time: Option<String>,
    #[serde(default)]
    pub place: Option<String>,
    pub title: String,
    #[serde(default)]
    pub sources: Vec<String>,
}
pub const EVENT_FIELDS: &[&str] = &["date", "time", "place", "title", "sources"];

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawFigure {
    #[serde(default)]
    pub id: Option<String>,
    pub measure: String,
    #[serde(default)]
    pub group: Option<String>,
    #[serde(default)]
    pub count: Option<Count>,
    #[serde(default)]
    pub min: Option<Count>,
    #[serde(default)]
    pub max: Option<Count>,
    #[serde(default)]
    pub qualifier: Qualifier,
    pub as_of: Date,
    #[serde(default)]
    pub place: Option<String>,
    pub claimed_by: String,
    pub source: String,
    #[serde(default)]
    pub via: Vec<String>,
    #[serde(default)]
    pub words: Option<String>,
    #[serde(default)]
    pub status: Status,
    #[serde(default)]
    pub retracted_on: Option<Date>,
    #[serde(default, deserialize_with = "one_or_many")]
    pub supersedes: Vec<String>,
    #[serde(default)]
    pub relay_of: Option<String>,
    #[serde(default)]
    pub credibility: Option<u8>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawQuote {
    pub actor: String,
    pub date: Date,
    pub text: String,
    pub source: String,
}

/// An actor profile, as written.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawActor {
    pub name: String,
    #[serde(default)]
    pub kind: Option<ActorKind>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub part_of: Option<String>,
    #[serde(default)]
    pub updated: Option<Date>,
    #[serde(default)]
    pub corrections: Vec<RawCorrection>,
}

/// A place profile, as written.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawPlace {
    pub name: String,
    #[serde(default)]
    pub kind: Option<PlaceKind>,
    #[serde(default)]
    pub within: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub updated: Option<Date>,
    #[serde(default)]
    pub corrections: Vec<RawCorrection>,
}

/// A source record, as written.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    pub title: String,
    pub outlet: String,
    #[serde(default)]
    pub short: Option<String>,
    pub published: Date,
    #[serde(default)]
    pub url: Option<String>,
    /// An archived copy of `url` (the Wayback Machine, archive.today).
    #[serde(default)]
    pub archived: Option<String>,
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub reliability: Option<String>,
    #[serde(default)]
    pub relays: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub updated: Option<Date>,
    #[serde(default)]
    pub corrections: Vec<RawCorrection>,
}

/// The home page's front matter (`content/_index.md`).
#[derive(Debug, Deserialize, Clone, Default)]
#[serde(deny_unknown_fields)]
pub struct RawIndex {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
}

pub const ACTOR_FIELDS: &[&str] = &[
    "name",
    "kind",
    "aliases",
    "country",
    "part_of",
    "updated",
    "corrections",
];
pub const PLACE_FIELDS: &[&str] = &[
    "name",
    "kind",
    "within",
    "aliases",
    "updated",
    "corrections",
];
pub const SOURCE_FIELDS: &[&str] = &[
    "title",
    "outlet",
    "published",
    "url",
    "archived",
    "language",
    "reliability",
    "relays",
    "note",
    "updated",
    "corrections",
];
