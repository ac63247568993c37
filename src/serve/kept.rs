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
//! recording the keys. Contexts are built, hashed and rendered a batch at a
//! time, so no more than a batch of them is alive at once.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::body::Bytes;
use rayon::prelude::*;

use crate::diag::Diagnostic;
use crate::render::reads::Read;
use crate::render::{PageJob, PageKind, Templates, Views};

use super::site::Timings;

/// The keys a page read, each shared with the other pages that read it.
pub(super) type Reads = Box<[Arc<Read>]>;

/// A rendered page, as a session keeps it.
pub(super) struct KeptPage {
    pub template: &'static str,
    /// The job it was built for: a page whose list position moved (its
    /// kind holds an index) is built again.
    pub kind: PageKind,
    /// What its context read, as `render::reads` recorded it, each key
    /// shared with every other page that read it.
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
    /// For a fresh job: what its context read, and the context's hash.
    pub fresh: Option<(Reads, Option<u64>)>,
    /// Rendered (its context changed, or its template did): the HTML or
    /// the template's error.
    pub html: Option<Result<Bytes, Diagnostic>>,
}

/// How many contexts are alive at once: enough to keep every core busy.
const BATCH: usize = 256;

/// Builds the contexts of `jobs`, hashes the fresh ones, and renders those
/// whose hash differs from the page kept at their path (and those marked
/// `retemplate`). Adds to `timings.contexts`, `compare` and `tera`.
pub(super) fn make(
    templates: &Templates,
    views: &Views<'_>,
    jobs: Vec<Job>,
    kept: &HashMap<Arc<str>, KeptPage>,
    timings: &mut Timings,
) -> Vec<Made> {
    let mut made = Vec::with_capacity(jobs.len());
    let mut jobs = jobs.into_iter();
    let keys = Interner::default();
    loop {
        let batch: Vec<Job> = jobs.by_ref().take(BATCH).collect();
        if batch.is_empty() {
            break;
        }
        let t = Instant::now();
        // Each fresh context built with a view of its own that records its
        // reads, and hashed if a page is kept at its path. A new page is
        // not hashed: there is nothing to compare it with yet, and at the
        // first build hashing every context would add a tenth to the time.
        // It is hashed when it is built again.
        let built: Vec<(Job, tera::Context, Option<Reads>, Option<u64>)> = batch
            .into_par_iter()
            .map(|j| {
                if j.fresh {
                    let v = views.recording();
                    let hash = kept.contains_key(j.job.path.as_str());
                    let (c, hash) = crate::render::hashed_context(&v, j.job.kind, hash);
                    let reads = v.reads().into_iter().map(|k| keys.intern(k)).collect();
                    (j, c, Some(reads), hash)
                } else {
                    let c = crate::render::page_context(views, j.job.kind);
                    (j, c, None, None)
                }
            })
            .collect();
        timings.contexts += t.elapsed();
        let t = Instant::now();
        let hashes: Vec<(Option<u64>, bool)> = built
            .iter()
            .map(|(j, _, _, hash)| {
                let Some(old) = kept.get(j.job.path.as_str()).filter(|_| j.fresh) else {
                    return (None, true);
                };
                let same = old.template == j.job.template && hash.is_some() && old.context == *hash;
                (*hash, j.retemplate || !same)
            })
            .collect();
        timings.compare += t.elapsed();
        let t = Instant::now();
        let batch: Vec<Made> = built
            .into_par_iter()
            .zip(hashes)
            .map(|((j, c, reads, _), (hash, render))| Made {
                html: render.then(|| {
                    let html = templates.render(j.job.template, &c)?;
                    // Bytes as kept share the kept buffer: after a template
                    // edit most pages are as they were, and both copies
                    // would be alive until the site is swapped. Others are
                    // copied out of Tera's buffer, up to twice their size.
                    Ok(match kept.get(j.job.path.as_str()) {
                        Some(old) if old.bytes == html.as_bytes() => old.bytes.clone(),
                        _ => Bytes::copy_from_slice(html.as_bytes()),
                    })
                }),
                fresh: reads.map(|r| (r, hash)),
                job: j.job,
            })
            .collect();
        timings.tera += t.elapsed();
        made.extend(batch);
    }
    made
}

/// Shares equal keys: at 10,000 briefings pages read two million keys, of
/// some 160,000 different ones. In shards, so that the threads building
/// contexts seldom wait for each other.
struct Interner([Mutex<HashSet<Arc<Read>>>; 64]);

impl Default for Interner {
    fn default() -> Interner {
        Interner(std::array::from_fn(|_| Mutex::default()))
    }
}

impl Interner {
    fn intern(&self, k: Read) -> Arc<Read> {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        k.hash(&mut h);
        let shard = &self.0[(h.finish() % 64) as usize];
        let mut keys = shard.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(k) = keys.get(&k) {
            return k.clone();
        }
        let k = Arc::new(k);
        keys.insert(k.clone());
        k
    }
}
