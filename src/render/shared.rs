//! What many pages show of a figure, made once per build.
//!
//! A figure's view is shown on its briefing's page, on the ledger and on
//! the page of each record it names: at 10,000 briefings, five times or
//! more. Most of the cost of making it is its claim, worded (`claim`) and
//! as prose names it (`inline`, with where it stands). Those two are made
//! once, the first time a page asks for them, and kept as Tera strings,
//! which are reference-counted: a page's context takes them by cloning a
//! pointer, neither wording nor copying them again. (Keeping every whole
//! view would cost ~6 KiB a figure in Tera's value tree: 115 MB at 10,000
//! briefings, against issue 9's memory goal.)
//!
//! A page must still record what it read (see `reads`). What the making of
//! a claim read is recorded once, the first time a recording view (serve's)
//! asks for it, and each page that shows the claim then records those keys
//! as if it had made it itself. A build records nothing and pays nothing
//! for it.

use std::sync::OnceLock;

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use super::reads::Read;
use super::Views;

/// A view made once and shared, as Tera's value tree.
///
/// Tera's serializer takes it as it is (a clone of its root, which is a
/// reference count). Any other serializer (serve's hash of a context, the
/// tests) gets its maps with their keys sorted: Tera's maps have no order
/// of their own, and equal views must serialize to equal bytes.
#[derive(Clone)]
pub struct Shared(tera::Value);

impl Serialize for Shared {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Only Tera's own serializer makes Tera values.
        if std::any::type_name::<S::Ok>() == std::any::type_name::<tera::Value>() {
            self.0.serialize(s)
        } else {
            Sorted(&self.0).serialize(s)
        }
    }
}

/// A Tera value serialized with its maps' keys in order.
struct Sorted<'a>(&'a tera::Value);

impl Serialize for Sorted<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if let Some(map) = self.0.as_map() {
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            let mut m = s.serialize_map(Some(entries.len()))?;
            for (k, v) in entries {
                m.serialize_entry(k, &Sorted(v))?;
            }
            m.end()
        } else if let Some(items) = self.0.as_array() {
            let mut seq = s.serialize_seq(Some(items.len()))?;
            for v in items {
                seq.serialize_element(&Sorted(v))?;
            }
            seq.end()
        } else {
            // A scalar: outside Tera's serializer, Tera writes it as such.
            self.0.serialize(s)
        }
    }
}

/// One figure's claim: its two texts, and the keys their making read
/// (made only when a recording view asks).
#[derive(Default)]
struct Cell {
    texts: OnceLock<(Shared, Shared)>,
    reads: OnceLock<Vec<Read>>,
}

/// The claims of one model's figures, by index.
pub(crate) struct SharedViews {
    claims: Box<[Cell]>,
}

impl SharedViews {
    pub(crate) fn new(figures: usize) -> SharedViews {
        SharedViews {
            claims: (0..figures).map(|_| Cell::default()).collect(),
        }
    }
}

impl Views<'_> {
    /// Figure `fi`'s claim in words (`claim_text`) and as prose names it
    /// (`claim_html`), made once per build.
    pub(crate) fn shared_claim(&self, fi: usize) -> (Shared, Shared) {
        let make = |v: &Views<'_>| {
            let claim = v.claim_text(fi);
            let inline = v.claim_html_titled(fi, None, &claim);
            (text(&claim), text(&inline))
        };
        let Some(cell) = self.shared.claims.get(fi) else {
            // No such figure (`figure` would panic first): nothing to share.
            return make(self);
        };
        if self.reads.is_some() {
            let keys = cell.reads.get_or_init(|| {
                let r = self.recording();
                make(&r);
                r.reads()
            });
            self.replay(keys);
        }
        cell.texts.get_or_init(|| make(self)).clone()
    }
}

fn text(s: &str) -> Shared {
    Shared(tera::Value::normal_string(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Two {
        b: u32,
        a: Vec<&'static str>,
    }

    #[test]
    fn other_serializers_see_sorted_keys() {
        let value = tera::Value::from_serializable(&Two { b: 2, a: vec!["x"] });
        let json = serde_json::to_string(&Shared(value)).unwrap();
        assert_eq!(json, r#"{"a":["x"],"b":2}"#);
    }

    /// The second page to show a claim takes it made, and still records
    /// what its making read: the claimant's name is in its words.
    #[test]
    fn every_page_that_shows_a_claim_records_its_reads() {
        let (site, _) = crate::model::fixture::site(&[
            (
                "sources/moh.md",
                "---\ntitle: Statement\noutlet: Ministry\npublished: 2022-01-06\n---\n",
            ),
            ("actors/ministry.md", "---\nname: The Ministry\n---\n"),
            (
                "briefings/b.md",
                "---\ntitle: B\ndate: 2022-01-07\nfigures:\n  - measure: killed\n    count: 18\n    as_of: 2022-01-06\n    claimed_by: ministry\n    source: moh\n---\nBody\n",
            ),
        ]);
        let derived = crate::derive::derive(&site);
        let v = Views::new(&site, &derived);
        let claimant = Read::Head(crate::domain::Kind::Actor, "ministry".into());
        for _ in 0..2 {
            let page = v.recording();
            let (claim, _) = page.shared_claim(0);
            let json = serde_json::to_string(&claim).unwrap();
            assert!(json.contains("The Ministry"), "{json}");
            assert!(page.reads().contains(&claimant));
        }
        // A view that records nothing makes the claim as well.
        let (claim, _) = v.shared_claim(0);
        assert!(serde_json::to_string(&claim).unwrap().contains("18"));
    }

    #[test]
    fn tera_takes_the_value_as_it_is() {
        let value = tera::Value::from_serializable(&Two { b: 2, a: vec!["x"] });
        let again = tera::Value::from_serializable(&vec![Shared(value.clone())]);
        assert_eq!(again.as_array().unwrap()[0], value);
    }
}
