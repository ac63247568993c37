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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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

    /// The lowest and highest number the claim states (not what its
    /// qualifier allows): a range's ends, a count twice, an open range's
    /// one end.
    pub fn stated(&self) -> (Count, Count) {
        match *self {
            Value::Count(n) => (n, n),
            Value::Range { min, max } => {
                let lo = min.or(max).unwrap_or(0);
                (lo, max.unwrap_or(lo))
            }
        }
    }
}

/// The lowest and highest value a claim allows, its qualifier read the way
/// a careful reader would: "about" is ±10 %, "nearly" up to 10 % under,
/// "dozens" 24 to 199, "hundreds" 200 to 1,999, "thousands" 2,000 or more.
/// `Count::MAX` means no upper bound. The one place that reads qualifiers
/// as numbers: the ledger's collisions and headlines, the checks and the
/// exports all ask it.
pub fn claim_bounds(value: &Value, q: Qualifier) -> (Count, Count) {
    let tenth = |n: Count| (n / 10).max(1);
    let vague = |q: Qualifier| match q {
        Qualifier::Dozens => Some((24, 199)),
        Qualifier::Hundreds => Some((200, 1_999)),
        Qualifier::Thousands => Some((2_000, Count::MAX)),
        _ => None,
    };
    match *value {
        Value::Count(n) => match q {
            Qualifier::Exact => (n, n),
            Qualifier::AtLeast => (n, Count::MAX),
            Qualifier::MoreThan => (n.saturating_add(1), Count::MAX),
            Qualifier::Nearly => (n.saturating_sub(tenth(n)), n),
            Qualifier::About => (n.saturating_sub(tenth(n)), n.saturating_add(tenth(n))),
            _ => {
                let (lo, hi) = vague(q).expect("vague qualifier");
                (n.max(lo), hi.max(n))
            }
        },
        Value::Range { min, max } => {
            let (vlo, vhi) = vague(q).unwrap_or((0, Count::MAX));
            let lo = min.unwrap_or(vlo);
            let hi = max.unwrap_or(vhi).max(lo);
            match q {
                Qualifier::MoreThan => (lo.saturating_add(1), hi),
                Qualifier::About => (
                    lo.saturating_sub(tenth(lo)),
                    if hi == Count::MAX {
                        hi
                    } else {
                        hi.saturating_add(tenth(hi))
                    },
                ),
                Qualifier::Nearly => (lo.saturating_sub(tenth(lo)), hi),
                _ => (lo, hi),
            }
        }
    }
}

// How a claimed number reads, in the claimant's terms: shared by the
// messages of `checks` and the pages of `render`.

/// Formats 3000 as "3,000".
pub fn thousands(n: u64) -> String {
    let mut out = String::with_capacity(26);
    push_thousands(&mut out, n);
    out
}

/// Writes `n` as `thousands` does, digit by digit: pages write claimed
/// numbers by the hundred thousand, and `format!` costs several times more.
fn push_thousands(out: &mut String, n: u64) {
    let mut digits = [0u8; 20];
    let mut len = 0;
    let mut n = n;
    loop {
        digits[len] = b'0' + (n % 10) as u8;
        n /= 10;
        len += 1;
        if n == 0 {
            break;
        }
    }
    for i in (0..len).rev() {
        out.push(char::from(digits[i]));
        if i > 0 && i.is_multiple_of(3) {
            out.push(',');
        }
    }
}

/// `prefix`, then each number as `thousands` writes it, each followed by
/// its text.
fn phrase(prefix: &str, parts: &[(u64, &str)]) -> String {
    let mut out = String::with_capacity(prefix.len() + 32);
    out.push_str(prefix);
    for (n, after) in parts {
        push_thousands(&mut out, *n);
        out.push_str(after);
    }
    out
}

/// The value as reported: "more than 3,000", "40–50", "dozens".
pub fn value_text(v: &Value, q: Qualifier) -> String {
    match *v {
        Value::Count(n) => match q {
            Qualifier::Exact => thousands(n),
            Qualifier::AtLeast => phrase("at least ", &[(n, "")]),
            Qualifier::MoreThan => phrase("more than ", &[(n, "")]),
            Qualifier::Nearly => phrase("nearly ", &[(n, "")]),
            Qualifier::About => phrase("about ", &[(n, "")]),
            Qualifier::Dozens => "dozens".into(),
            Qualifier::Hundreds => "hundreds".into(),
            Qualifier::Thousands => "thousands".into(),
        },
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
                (Some(a), Some(b)) => phrase(prefix, &[(a, "–"), (b, "")]),
                (Some(a), None) if q == Qualifier::MoreThan => phrase("more than ", &[(a, "")]),
                (Some(a), None) => phrase("at least ", &[(a, "")]),
                (None, Some(b)) => phrase("up to ", &[(b, "")]),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qualifiers_widen_the_claim() {
        assert_eq!(claim_bounds(&Value::Count(18), Qualifier::Exact), (18, 18));
        assert_eq!(
            claim_bounds(&Value::Count(1000), Qualifier::MoreThan),
            (1001, Count::MAX)
        );
        assert_eq!(
            claim_bounds(&Value::Count(750), Qualifier::Nearly),
            (675, 750)
        );
        assert_eq!(
            claim_bounds(&Value::Count(5800), Qualifier::About),
            (5220, 6380)
        );
        assert_eq!(claim_bounds(&Value::Count(5), Qualifier::About), (4, 6));
        let dozens = Value::Range {
            min: Some(24),
            max: None,
        };
        assert_eq!(claim_bounds(&dozens, Qualifier::Dozens), (24, 199));
        let range = Value::Range {
            min: Some(40),
            max: Some(50),
        };
        assert_eq!(claim_bounds(&range, Qualifier::Exact), (40, 50));
        assert_eq!(claim_bounds(&range, Qualifier::About), (36, 55));
        // An open range's upper bound stays open, whatever the qualifier.
        let open = Value::Range {
            min: Some(100),
            max: None,
        };
        assert_eq!(claim_bounds(&open, Qualifier::About), (90, Count::MAX));
        assert_eq!(claim_bounds(&open, Qualifier::MoreThan), (101, Count::MAX));
    }
    #[test]
    fn a_claim_states_its_own_numbers() {
        let range = |min, max| Value::Range { min, max };
        assert_eq!(Value::Count(7).stated(), (7, 7));
        assert_eq!(range(Some(40), Some(50)).stated(), (40, 50));
        assert_eq!(range(Some(40), None).stated(), (40, 40));
        assert_eq!(range(None, Some(50)).stated(), (50, 50));
        assert_eq!(range(Some(40), Some(50)).point(), 45);
    }

    /// The numbers as `to_string` and `format!` first wrote them.
    #[test]
    fn values_read_as_first_written() {
        fn old_thousands(n: u64) -> String {
            let s = n.to_string();
            let mut out = String::new();
            for (i, c) in s.chars().enumerate() {
                if i > 0 && (s.len() - i).is_multiple_of(3) {
                    out.push(',');
                }
                out.push(c);
            }
            out
        }
        let ns = [
            0, 1, 9, 10, 99, 100, 999, 1_000, 9_999, 12_345, 100_000, 999_999,
        ];
        let ns = ns
            .into_iter()
            .chain([1_000_000, 1_234_567_890, MAX_COUNT, u64::MAX - 1]);
        for n in ns {
            assert_eq!(thousands(n), old_thousands(n));
            let t = old_thousands(n);
            assert_eq!(
                value_text(&Value::Count(n), Qualifier::About),
                format!("about {t}")
            );
            let range = |min, max| Value::Range { min, max };
            let v = range(Some(n), Some(n + 1));
            let t1 = old_thousands(n + 1);
            assert_eq!(
                value_text(&v, Qualifier::Nearly),
                format!("nearly {t}–{t1}")
            );
            assert_eq!(value_text(&v, Qualifier::Exact), format!("{t}–{t1}"));
            assert_eq!(
                value_text(&range(Some(n), None), Qualifier::MoreThan),
                format!("more than {t}")
            );
            assert_eq!(
                value_text(&range(Some(n), None), Qualifier::About),
                format!("at least {t}")
            );
            assert_eq!(
                value_text(&range(None, Some(n)), Qualifier::Exact),
                format!("up to {t}")
            );
            assert_eq!(
                value_text(&Value::Count(n), Qualifier::AtLeast),
                format!("at least {t}")
            );
        }
    }
}
