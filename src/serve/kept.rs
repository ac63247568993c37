//! What a `serve` session keeps of each rendered page between rebuilds,
//! and how pages are made again: a hash of the page's context, never the
//! context itself.
//!
//! Why: a page's Tera context is far larger than the page (at 10,000
//! briefings the contexts kept took about 3 GiB, the pages 0.4 GiB). A
//! context is a function of the model, so whoever needs one builds it
//! again: a page whose keys moved gets its context built, and is rendered
//! only if that context's hash differs from the one kept; a template edit
//! builds again the context of each page whose template it affects
//! (`Templates::affected_since`) and renders it. A page is hashed from
//! its second build on, so the first build does what `build` does plus
//! recording the keys. Each context is rendered as soon as it is built and
//! dropped then, so no more than one a thread is alive at once.
//!
//! A page holds its keys as numbers: the threads that build contexts give
//! each key they meet a number of this batch of pages (`Interner`, so each
//! key is hashed where it was read, on every core, and once), and the
//! session maps those to its own ids once per key, not once per page that
//! read it.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use rayon::prelude::*;

use crate::diag::Diagnostic;
use crate::render::reads::{Noted, Read};
use crate::render::{PageJob, PageKind, Templates, Views};

use super::site::Timings;

/// The keys a page read, by their ids (in the session's key index, or
/// in the `Interner` of the `make` that built the page).
pub(super) type Reads = Box<[u32]>;

/// The hasher of serve's maps: foldhash, several times faster than SipHash
/// on short keys such as paths and `Read`s.
pub(super) type FoldState = foldhash::fast::FixedState;

/// A rendered page, as a session keeps it.
pub(super) struct KeptPage {
    pub template: &'static str,
    /// The job it was built for: a page whose list position moved (its
    /// kind holds an index) is built again.
    pub kind: PageKind,
    /// What its context read, as `render::reads` recorded it: the ids of
    /// the keys in the session's index.
    pub reads: Reads,
    /// The hash of the context it was rendered from (`render::hashed_context`), or
    /// `None` if it was not hashed (a page is hashed from its second build
    /// on): built again, it is rendered again.
    pub context: Option<u64>,
    pub bytes: Bytes,
}

/// A page to make.
pub(super) struct Job {
    pub job: PageJob,
    /// Its context is built afresh (it is new, or read a key that moved):
    /// recorded, hashed and compared. Otherwise the page is here only to be
    /// rendered with new templates: its keys did not move, so neither did
    /// its context, nor the hash kept.
    pub fresh: bool,
    /// A template edit affects its template: rendered whatever its
    /// context's hash.
    pub retemplate: bool,
}

/// A page made by `make`.
pub(super) struct Made {
    pub job: PageJob,
    /// For a fresh job: what its context read (ids of the `Interner`
    /// `make` returns), and the context's hash.
    pub fresh: Option<(Reads, Option<u64>)>,
    /// Rendered (its context changed, or its template did): the HTML or
    /// the template's error.
    pub html: Option<Result<Bytes, Diagnostic>>,
}

/// Builds the contexts of `jobs`, hashes the fresh ones, and renders those
/// whose hash differs from the page kept at their path (and those marked
/// `retemplate`). Adds to `timings.contexts`, `compare` and `tera`. The
/// keys the fresh pages read are numbered by the `Interner` returned.
///
/// Each page is made start to end on one thread: its context is built,
/// hashed, compared with the hash kept and rendered at once, then dropped.
/// Contexts built a batch at a time and rendered in a second pass were
/// cold by then: Tera's lookups in them cost a tenth more of serve's first
/// build at 10,000 briefings than `build` spends, which renders each
/// context as soon as it is built. The time of each step is summed over
/// the threads and the wall time split between the steps in proportion.
pub(super) fn make<'a>(
    templates: &Templates,
    views: &Views<'a>,
    jobs: Vec<Job>,
    kept: &HashMap<Arc<str>, KeptPage, FoldState>,
    timings: &mut Timings,
) -> (Vec<Made>, Interner<'a>) {
    let keys = Interner::default();
    let spent = Spent::default();
    let t = Instant::now();
    let made: Vec<Made> = jobs
        .into_par_iter()
        .map(|j| {
            let t = Instant::now();
            let old = kept.get(j.job.path.as_str());
            // A fresh context is built with a view of its own that records
            // its reads, and hashed if a page is kept at its path. A new
            // page is not hashed: there is nothing to compare it with yet,
            // and at the first build hashing every context would add a
            // tenth to the time. It is hashed when it is built again.
            let (c, fresh) = if j.fresh {
                let v = views.recording();
                let (c, hash) = crate::render::hashed_context(&v, j.job.kind, old.is_some());
                let reads: Reads = v.noted().into_iter().map(|k| keys.intern(k)).collect();
                (c, Some((reads, hash)))
            } else {
                (crate::render::page_context(views, j.job.kind), None)
            };
            let built = Instant::now();
            let render = match (&fresh, old) {
                (Some((_, hash)), Some(old)) => {
                    let same =
                        old.template == j.job.template && hash.is_some() && old.context == *hash;
                    j.retemplate || !same
                }
                _ => true,
            };
            let compared = Instant::now();
            let html = render.then(|| {
                let html = templates.render(j.job.template, &c)?;
                drop(c);
                // Bytes as kept share the kept buffer: after a template
                // edit most pages are as they were, and both copies would
                // be alive until the site is swapped. Others are copied
                // out of Tera's buffer, up to twice their size.
                Ok(match old {
                    Some(old) if old.bytes == html.as_bytes() => old.bytes.clone(),
                    _ => Bytes::copy_from_slice(html.as_bytes()),
                })
            });
            spent.add(&spent.contexts, built - t);
            spent.add(&spent.compare, compared - built);
            spent.add(&spent.tera, compared.elapsed());
            Made {
                html,
                fresh,
                job: j.job,
            }
        })
        .collect();
    spent.split(t.elapsed(), timings);
    (made, keys)
}

/// The time the threads of `make` spent in each step, in nanoseconds.
#[derive(Default)]
struct Spent {
    contexts: AtomicU64,
    compare: AtomicU64,
    tera: AtomicU64,
}

impl Spent {
    fn add(&self, to: &AtomicU64, d: Duration) {
        let ns = u64::try_from(d.as_nanos()).unwrap_or(u64::MAX);
        to.fetch_add(ns, Ordering::Relaxed);
    }

    /// Adds `wall` to `timings`, split between the steps as the threads
    /// spent their time.
    fn split(&self, wall: Duration, timings: &mut Timings) {
        let steps = [&self.contexts, &self.compare, &self.tera].map(|a| a.load(Ordering::Relaxed));
        let all: u128 = steps.iter().map(|&n| u128::from(n)).sum();
        let part = |n: u64| -> Duration {
            match all {
                0 => Duration::ZERO,
                _ => Duration::from_nanos((wall.as_nanos() * u128::from(n) / all) as u64),
            }
        };
        timings.contexts += part(steps[0]);
        timings.compare += part(steps[1]);
        timings.tera += part(steps[2]);
    }
}

/// How many shards the `Interner` has.
const SHARDS: usize = 64;

/// Numbers the keys the pages of one `make` read, equal keys alike: at
/// 10,000 briefings pages read two million keys, of some 160,000 different
/// ones. In shards, so that the threads building contexts seldom wait for
/// each other; a key's number is its place in its shard times `SHARDS`,
/// plus the shard's.
///
/// A key is hashed once, for its shard and its place in the shard's table
/// alike (`Hashed`): interning two million keys was about a twentieth of
/// serve's first build at 10,000 briefings, most of it hashing and
/// comparing them. Keys are held as the pages noted them, their ids
/// borrowed from the model, and owned once each, by `map`.
pub(super) struct Interner<'a>([Mutex<HashMap<Hashed<'a>, u32, Prehashed>>; SHARDS]);

/// A key with its hash. Keys with other hashes compare unequal without
/// their values being looked at.
struct Hashed<'a> {
    hash: u64,
    read: Noted<'a>,
}

impl Hash for Hashed<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        h.write_u64(self.hash);
    }
}

impl PartialEq for Hashed<'_> {
    fn eq(&self, other: &Hashed<'_>) -> bool {
        self.hash == other.hash && self.read == other.read
    }
}

impl Eq for Hashed<'_> {}

/// Hashes a `Hashed` by the hash it carries.
#[derive(Default, Clone, Copy)]
struct Prehashed;

impl BuildHasher for Prehashed {
    type Hasher = Carried;
    fn build_hasher(&self) -> Carried {
        Carried(0)
    }
}

/// The hash a `Hashed` carries (`write_u64`); anything else written is
/// folded in, though nothing else is.
struct Carried(u64);

impl Hasher for Carried {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 ^= n;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl Default for Interner<'_> {
    fn default() -> Self {
        Interner(std::array::from_fn(|_| Mutex::default()))
    }
}

impl<'a> Interner<'a> {
    fn intern(&self, read: Noted<'a>) -> u32 {
        let hash = FoldState::default().hash_one(&read);
        // The table places a key by the low bits of its hash and tags it
        // with the high ones: the shard is picked by bits in between.
        let shard = ((hash >> 32) % SHARDS as u64) as usize;
        let mut keys = self.0[shard].lock().unwrap_or_else(|e| e.into_inner());
        let next = keys.len() as u32;
        let place = *keys.entry(Hashed { hash, read }).or_insert(next);
        place * SHARDS as u32 + shard as u32
    }

    /// Every key numbered, with its number: `Numbered::of` gives the number
    /// `f` returned for it.
    pub(super) fn map(self, mut f: impl FnMut(Read) -> u32) -> Numbered {
        Numbered(
            self.0
                .into_iter()
                .map(|shard| {
                    let keys = shard.into_inner().unwrap_or_else(|e| e.into_inner());
                    let mut to = vec![0; keys.len()];
                    for (k, place) in keys {
                        to[place as usize] = f(k.read.owned());
                    }
                    to
                })
                .collect(),
        )
    }
}

/// The numbers of an `Interner`, mapped to others.
pub(super) struct Numbered(Vec<Vec<u32>>);

impl Numbered {
    /// What the key numbered `n` was mapped to.
    pub(super) fn of(&self, n: u32) -> u32 {
        let (place, shard) = (n as usize / SHARDS, n as usize % SHARDS);
        self.0[shard][place]
    }
}
