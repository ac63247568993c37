//! The front matter of each kind of record, exactly as written.
//!
//! These structs mirror the file format (`deny_unknown_fields`, so a typo is
//! an error, not a silently ignored key) and nothing more: references are
//! plain strings here, checked by `model`. The `*_FIELDS` lists are what a
//! "did you mean" suggests for an unknown key.
//!
//! They serialize too, leaving out what is empty or unset, so that a tool
//! writing front matter (the synthetic corpus in `tools/corpus`) writes it
//! through the very types that read it: what one writes, the other loads.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

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

/// `supersedes` as an editor writes it: one id alone, several as a list.
fn ser_one_or_many<S: Serializer>(ids: &[String], s: S) -> Result<S::Ok, S::Error> {
    match ids {
        [one] => s.serialize_str(one),
        many => many.serialize(s),
    }
}

/// A date as written: `2022-01-07`, `2022-03`, `2022`.
fn ser_date<S: Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&d.iso())
}

fn ser_opt_date<S: Serializer>(d: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => ser_date(d, s),
        None => s.serialize_none(),
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A briefing's front matter, as written.
#[derive(Debug, Deserialize, Serialize, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RawBriefing {
    pub title: String,
    #[serde(serialize_with = "ser_date")]
    pub date: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub draft: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actors: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub places: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<RawEvent>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub figures: Vec<RawFigure>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quotes: Vec<RawQuote>,
    #[serde(
        default,
        serialize_with = "ser_opt_date",
        skip_serializing_if = "Option::is_none"
    )]
    pub updated: Option<Date>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
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
#[derive(Debug, Deserialize, Serialize, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RawCorrection {
    #[serde(serialize_with = "ser_date")]
    pub date: Date,
    pub text: String,
}

#[derive(Debug, Deserialize, Serialize, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RawEvent {
    #[serde(serialize_with = "ser_date")]
    pub date: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    pub title: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
}
pub const EVENT_FIELDS: &[&str] = &["date", "time", "place", "title", "sources"];

#[derive(Debug, Deserialize, Serialize, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RawFigure {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub measure: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<Count>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<Count>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<Count>,
    #[serde(default)]
    pub qualifier: Qualifier,
    #[serde(serialize_with = "ser_date")]
    pub as_of: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    pub claimed_by: String,
    pub source: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub via: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub words: Option<String>,
    #[serde(default)]
    pub status: Status,
    #[serde(
        default,
        serialize_with = "ser_opt_date",
        skip_serializing_if = "Option::is_none"
    )]
    pub retracted_on: Option<Date>,
    #[serde(
        default,
        deserialize_with = "one_or_many",
        serialize_with = "ser_one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub supersedes: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relay_of: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credibility: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Deserialize, Serialize, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RawQuote {
    pub actor: String,
    #[serde(serialize_with = "ser_date")]
    pub date: Date,
    pub text: String,
    pub source: String,
}

/// An actor profile, as written.
#[derive(Debug, Deserialize, Serialize, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RawActor {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<ActorKind>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part_of: Option<String>,
    #[serde(
        default,
        serialize_with = "ser_opt_date",
        skip_serializing_if = "Option::is_none"
    )]
    pub updated: Option<Date>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub corrections: Vec<RawCorrection>,
}

/// A place profile, as written.
#[derive(Debug, Deserialize, Serialize, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RawPlace {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<PlaceKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub within: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(
        default,
        serialize_with = "ser_opt_date",
        skip_serializing_if = "Option::is_none"
    )]
    pub updated: Option<Date>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub corrections: Vec<RawCorrection>,
}

/// A source record, as written.
#[derive(Debug, Deserialize, Serialize, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    pub title: String,
    pub outlet: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short: Option<String>,
    #[serde(serialize_with = "ser_date")]
    pub published: Date,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// An archived copy of `url` (the Wayback Machine, archive.today).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archived: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reliability: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relays: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(
        default,
        serialize_with = "ser_opt_date",
        skip_serializing_if = "Option::is_none"
    )]
    pub updated: Option<Date>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub corrections: Vec<RawCorrection>,
}

/// The home page's front matter (`content/_index.md`).
#[derive(Debug, Deserialize, Serialize, Clone, Default, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RawIndex {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
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

#[cfg(test)]
mod tests {
    use super::*;

    /// What serializes loads back as the same record, and leaves out what
    /// is unset, as an editor would.
    #[test]
    fn front_matter_round_trips() {
        let text = "title: Counts of 9 January\ndate: 2022-01-09\ntags:\n- casualties\nfigures:\n- id: toll\n  measure: killed\n  count: 164\n  qualifier: about\n  as_of: 2022-01\n  claimed_by: mvd\n  source: tass\n  status: superseded\n- measure: killed\n  min: 200\n  as_of: 2022\n  claimed_by: mvd\n  source: tass\n  supersedes: toll\n";
        let raw: RawBriefing = serde_yaml::from_str(text).unwrap();
        let written = serde_yaml::to_string(&raw).unwrap();
        let again: RawBriefing = serde_yaml::from_str(&written).unwrap();
        assert_eq!(serde_yaml::to_string(&again).unwrap(), written);
        assert_eq!(again.figures[1].supersedes, ["toll"]);
        assert_eq!(again.figures[0].as_of.iso(), "2022-01");
        assert!(written.contains("supersedes: toll\n"), "{written}");
        assert!(!written.contains("draft") && !written.contains("actors"));
    }
}
