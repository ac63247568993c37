//! A claimed number: its value, and how it reads.
//!
//! A figure gives an exact count or a range; its qualifier says how to read
//! it. This module is the one place that knows what numbers a claim states,
//! allows and plots, and how it is written out: the ledger, the checks and
//! the pages all ask it rather than working it out again.

use crate::domain::{Count, Qualifier};

/// The largest number a figure may give. Far above any real count or sum
/// of money, and far enough below `u64::MAX` that ledger arithmetic (sums,
/// bounds, chart scales) cannot overflow.
pub(crate) const MAX_COUNT: Count = 1_000_000_000_000_000;

/// A number, as claimed: an exact count or a range (one side may be open).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    Count(Count),
    Range {
        min: Option<Count>,
        max: Option<Count>,
    },
}

impl Value {
    /// The single number a chart plots for the claim.
    pub fn point(&self) -> Count {
        match *self {
            Value::Count(n) => n,
            Value::Range {
                min: Some(a),
                max: Some(b),
            } => (a + b) / 2,
            Value::Range {
                min: Some(a),
                max: None,
            } => a,
            Value::Range {
                min: None,
                max: Some(b),
            } => b,
            Value::Range {
                min: None,
                max: None,
            } => 0,
        }
    }
}

// How a claimed number reads, in the claimant's terms: shared by the
// messages of `checks` and the pages of `render`.

/// Formats 3000 as "3,000".
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The value as reported: "more than 3,000", "40–50", "dozens".
pub fn value_text(v: &Value, q: Qualifier) -> String {
    match *v {
        Value::Count(n) => {
            let n = thousands(n);
            match q {
                Qualifier::Exact => n,
                Qualifier::AtLeast => format!("at least {n}"),
                Qualifier::MoreThan => format!("more than {n}"),
                Qualifier::Nearly => format!("nearly {n}"),
                Qualifier::About => format!("about {n}"),
                Qualifier::Dozens => "dozens".into(),
                Qualifier::Hundreds => "hundreds".into(),
                Qualifier::Thousands => "thousands".into(),
            }
        }
        Value::Range { min, max } => {
            let vague = match q {
                Qualifier::Dozens => Some("dozens"),
                Qualifier::Hundreds => Some("hundreds"),
                Qualifier::Thousands => Some("thousands"),
                _ => None,
            };
            if let Some(v) = vague {
                return v.into();
            }
            let prefix = match q {
                Qualifier::About => "about ",
                Qualifier::Nearly => "nearly ",
                _ => "",
            };
            match (min, max) {
                (Some(a), Some(b)) => format!("{prefix}{}–{}", thousands(a), thousands(b)),
                (Some(a), None) if q == Qualifier::MoreThan => {
                    format!("more than {}", thousands(a))
                }
                (Some(a), None) => format!("at least {}", thousands(a)),
                (None, Some(b)) => format!("up to {}", thousands(b)),
                (None, None) => "unknown".into(),
            }
        }
    }
}

/// The qualifier as written in front matter.
pub fn qualifier_str(q: Qualifier) -> &'static str {
    match q {
        Qualifier::Exact => "exact",
        Qualifier::AtLeast => "at-least",
        Qualifier::MoreThan => "more-than",
        Qualifier::Nearly => "nearly",
        Qualifier::About => "about",
        Qualifier::Dozens => "dozens",
        Qualifier::Hundreds => "hundreds",
        Qualifier::Thousands => "thousands",
    }
}
