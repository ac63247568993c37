//! What a record is: a briefing, an actor, a place, a source, the home page;
//! and the kinds an actor or a place may be.
//!
//! The loader learns a file's kind from the section it sits in; links,
//! pages and messages speak of kinds too, so the type sits below them all.

use serde::Deserialize;

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ActorKind {
    Person,
    Government,
    SecurityForce,
    InternationalOrg,
    State,
    Media,
    Group,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PlaceKind {
    Country,
    Region,
    City,
    Site,
}

/// Which kind of record a file holds, from the section it sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Briefing,
    Actor,
    Place,
    Source,
    Index,
}

impl Kind {
    /// `briefing`, `actor`, …: the kind in words.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Briefing => "briefing",
            Kind::Actor => "actor",
            Kind::Place => "place",
            Kind::Source => "source",
            Kind::Index => "home page",
        }
    }

    pub fn section(self) -> &'static str {
        match self {
            Kind::Briefing => "briefings",
            Kind::Actor => "actors",
            Kind::Place => "places",
            Kind::Source => "sources",
            Kind::Index => "",
        }
    }

    pub fn from_section(s: &str) -> Option<Kind> {
        Some(match s {
            "briefings" => Kind::Briefing,
            "actors" => Kind::Actor,
            "places" => Kind::Place,
            "sources" => Kind::Source,
            _ => return None,
        })
    }
}
