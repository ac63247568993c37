//! The words of a claim: how a number is qualified, and where it stands.
//!
//! A figure's qualifier ("about", "dozens") and status ("superseded",
//! "retracted") are written in front matter, validated by the model and
//! read by the ledger, the checks and the pages: value types every floor
//! shares, so they sit below the loader.

use serde::Deserialize;

/// `count`, `min`, `max` accept whole numbers only.
pub type Count = u64;

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Qualifier {
    #[default]
    Exact,
    AtLeast,
    MoreThan,
    Nearly,
    About,
    Dozens,
    Hundreds,
    Thousands,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    #[default]
    Current,
    Superseded,
    Retracted,
    Disputed,
}
