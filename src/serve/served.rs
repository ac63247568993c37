//! The site as `serve` holds it: output path → bytes, where the data files
//! (`data/dossier.json` and the others, `render::export`), the feed and the
//! sitemap are made on the first request for them rather than before the
//! reload.
//!
//! Why: at 10,000 briefings the data files take about half a second to make
//! (`dossier.json` carries every body), more than everything else a title
//! edit costs, and no page in the browser shows them; the sitemap (every
//! page's URL and date) and the feed cost tens of milliseconds more. So a
//! rebuild puts in each of these files whose inputs moved a `LazyFile` that
//! holds the checked model it is to be made from; the first request makes
//! it (with the same function `build` writes it with) and keeps the bytes
//! until the model changes again. The bytes served are those of a fresh
//! build; the tests fetch every file, which forces them.

use std::collections::HashMap;
use std::hash::BuildHasher;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;

use super::kept::FoldState;
use crate::build::Checked;

/// The served site: pages and static files made at the rebuild, data files
/// made on demand.
///
/// The pages and static files are held in shards, each shared (`Arc`) by
/// every site that holds it as it is. A rebuild starts from a clone of the
/// last site (a few hundred pointers) and puts in or takes out the paths it
/// touched: only their shards are copied, some 70 entries each at 10,000
/// briefings. Assembling a new map of some 17,000 paths and comparing it
/// with the last took milliseconds that every reload waited for.
#[derive(Clone)]
pub struct SiteMap {
    files: Vec<Arc<Shard>>,
    /// How many paths the shards hold, and how many of them are HTML.
    len: usize,
    html: usize,
    pub(crate) lazy: HashMap<String, Arc<LazyFile>, FoldState>,
}

/// Hashed with foldhash, several times faster than SipHash on paths.
type Shard = HashMap<String, Bytes, FoldState>;

/// How many shards hold the files.
const SHARDS: usize = 256;

impl Default for SiteMap {
    fn default() -> SiteMap {
        SiteMap {
            files: (0..SHARDS).map(|_| Arc::default()).collect(),
            len: 0,
            html: 0,
            lazy: HashMap::default(),
        }
    }
}

/// The shard of `path`. The hash is seeded apart from the shards' own:
/// with the same hash, the paths of a shard would share the bits their
/// table places them by.
fn shard_of(path: &str) -> usize {
    (FoldState::with_seed(0x5eed).hash_one(path) % SHARDS as u64) as usize
}

impl SiteMap {
    /// The bytes at `path`, making them first if it is a data file not yet
    /// made (which can take a fraction of a second: call it off the async
    /// threads, see `is_pending`). `Err` holds a data file's error text.
    pub fn get(&self, path: &str) -> Option<Result<Bytes, Arc<str>>> {
        if let Some(b) = self.file(path) {
            return Some(Ok(b.clone()));
        }
        self.lazy.get(path).map(|l| l.force())
    }

    /// The bytes of a page or static file at `path`.
    pub(crate) fn file(&self, path: &str) -> Option<&Bytes> {
        self.files[shard_of(path)].get(path)
    }

    /// Puts `bytes` at `path`; whether they differ from those that were
    /// there (or none were). The same bytes leave the shard shared.
    pub(crate) fn put(&mut self, path: &str, bytes: Bytes) -> bool {
        let shard = &mut self.files[shard_of(path)];
        if let Some(old) = shard.get(path) {
            // Reused pages share their buffer: compare pointers first.
            if (old.as_ptr() == bytes.as_ptr() && old.len() == bytes.len()) || *old == bytes {
                return false;
            }
        }
        let shard = Arc::make_mut(shard);
        match shard.get_mut(path) {
            Some(old) => *old = bytes,
            None => {
                shard.insert(path.to_string(), bytes);
                self.len += 1;
                self.html += usize::from(path.ends_with(".html"));
            }
        }
        true
    }

    /// Takes out the file at `path`; whether there was one.
    pub(crate) fn remove(&mut self, path: &str) -> bool {
        let shard = &mut self.files[shard_of(path)];
        if !shard.contains_key(path) {
            return false;
        }
        Arc::make_mut(shard).remove(path);
        self.len -= 1;
        self.html -= usize::from(path.ends_with(".html"));
        true
    }

    /// How many HTML pages the site holds.
    pub fn html_pages(&self) -> usize {
        self.html
    }

    /// Whether `path` is a data file still to be made.
    pub fn is_pending(&self, path: &str) -> bool {
        self.lazy.get(path).is_some_and(|l| l.is_pending())
    }

    pub fn contains_key(&self, path: &str) -> bool {
        self.file(path).is_some() || self.lazy.contains_key(path)
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0 && self.lazy.is_empty()
    }

    pub fn len(&self) -> usize {
        self.len + self.lazy.len()
    }

    /// Every output path, in no order.
    pub fn paths(&self) -> impl Iterator<Item = &String> {
        let files = self.files.iter().flat_map(|s| s.keys());
        files.chain(self.lazy.keys())
    }
}

/// A data file, the feed or the sitemap, made from its model on the first
/// request.
pub struct LazyFile {
    path: std::borrow::Cow<'static, str>,
    make: Make,
    state: Mutex<State>,
}

/// Which function makes a lazy file's bytes.
pub(crate) enum Make {
    /// A data file (`export::data_file`).
    Data,
    /// `atom.xml` (`publish::atom`).
    Feed,
    /// `sitemap.xml`, or a part of it (`publish::sitemap`), of these
    /// pages (`publish::sitemap_pages`: the pages, the static files, the
    /// search page).
    Sitemap(Arc<[String]>),
}

enum State {
    Pending(Arc<Checked>),
    Made(Result<Bytes, Arc<str>>),
}

impl LazyFile {
    pub(crate) fn new(
        path: impl Into<std::borrow::Cow<'static, str>>,
        make: Make,
        model: Arc<Checked>,
    ) -> LazyFile {
        LazyFile {
            path: path.into(),
            make,
            state: Mutex::new(State::Pending(model)),
        }
    }

    fn is_pending(&self) -> bool {
        matches!(*self.state.lock().expect("not poisoned"), State::Pending(_))
    }

    /// Kept for a model whose part this file shows did not change: if it is
    /// not made yet, it is made from `model` (the same bytes), so that the
    /// older model is not kept alive for it.
    pub(crate) fn retarget(&self, model: &Arc<Checked>) {
        let mut s = self.state.lock().expect("not poisoned");
        if let State::Pending(m) = &mut *s {
            *m = model.clone();
        }
    }

    /// The bytes, made now if they were not. Concurrent requests wait for
    /// the one that makes them.
    fn force(&self) -> Result<Bytes, Arc<str>> {
        let mut s = self.state.lock().expect("not poisoned");
        if let State::Pending(model) = &*s {
            let (site, derived) = (&model.site, &model.derived);
            let made = match &self.make {
                Make::Data => {
                    let views = crate::render::Views::new(site, derived);
                    match crate::render::export::data_file(&views, &self.path) {
                        Some(Ok(bytes)) => Ok(Bytes::from(bytes)),
                        Some(Err(d)) => Err(Arc::from(d.to_string())),
                        None => Err(Arc::from(format!("{} is not a data file", self.path))),
                    }
                }
                Make::Feed => Ok(Bytes::from(crate::publish::atom(site).content)),
                Make::Sitemap(paths) => {
                    let pages: Vec<&str> = paths.iter().map(String::as_str).collect();
                    let per_file = crate::publish::SITEMAP_URLS;
                    match crate::publish::sitemap(site, derived, &pages, per_file, &self.path) {
                        Some(map) => Ok(Bytes::from(map.content)),
                        None => Err(Arc::from(format!("{} is not a sitemap", self.path))),
                    }
                }
            };
            *s = State::Made(made);
        }
        match &*s {
            State::Made(r) => r.clone(),
            State::Pending(_) => unreachable!("made above"),
        }
    }
}
