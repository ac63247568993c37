//! Fingerprints: hashes that are the same in every run.
//!
//! What `serve` keeps between rebuilds is keyed by hashes of its inputs
//! (a doc's body, the ids a briefing resolves against, the ledger's
//! inputs, each key a page read, each page's context). They must not
//! change from one rebuild to the next, so the seed is fixed; and no
//! dossier is an adversary of its own server, so a keyed hash buys
//! nothing. foldhash's quality variant, as the rest of the code hashes
//! with foldhash.

use std::hash::{BuildHasher, Hash};

/// The hasher every fingerprint is made with.
pub type Hasher = foldhash::quality::FoldHasher<'static>;

/// A fresh hasher, for a fingerprint fed piece by piece.
pub fn hasher() -> Hasher {
    foldhash::quality::FixedState::default().build_hasher()
}

/// The fingerprint of `v`.
pub fn of<T: Hash + ?Sized>(v: &T) -> u64 {
    foldhash::quality::FixedState::default().hash_one(v)
}
