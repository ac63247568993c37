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
use std::sync::{Arc, Mutex};

use axum::body::Bytes;

use super::kept::FoldState;
use crate::build::Checked;

/// The served site: pages and static files made at the rebuild, data files
/// made on demand.
#[derive(Default, Clone)]
pub struct SiteMap {
    /// Hashed with foldhash: a rebuild fills a new map of some 17,000
    /// paths at 10,000 briefings, and compares it with the last.
    pub(crate) files: HashMap<String, Bytes, FoldState>,
    pub(crate) lazy: HashMap<String, Arc<LazyFile>, FoldState>,
}

impl SiteMap {
    /// The bytes at `path`, making them first if it is a data file not yet
    /// made (which can take a fraction of a second: call it off the async
    /// threads, see `is_pending`). `Err` holds a data file's error text.
    pub fn get(&self, path: &str) -> Option<Result<Bytes, Arc<str>>> {
        if let Some(b) = self.files.get(path) {
            return Some(Ok(b.clone()));
        }
        self.lazy.get(path).map(|l| l.force())
    }

    /// Whether `path` is a data file still to be made.
    pub fn is_pending(&self, path: &str) -> bool {
        self.lazy.get(path).is_some_and(|l| l.is_pending())
    }

    pub fn contains_key(&self, path: &str) -> bool {
        self.files.contains_key(path) || self.lazy.contains_key(path)
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty() && self.lazy.is_empty()
    }

    pub fn len(&self) -> usize {
        self.files.len() + self.lazy.len()
    }

    /// Every output path, in no order.
    pub fn paths(&self) -> impl Iterator<Item = &String> {
        self.files.keys().chain(self.lazy.keys())
    }
}

/// A data file, the feed or the sitemap, made from its model on the first
/// request.
pub struct LazyFile {
    path: &'static str,
    make: Make,
    state: Mutex<State>,
}

/// Which function makes a lazy file's bytes.
pub(crate) enum Make {
    /// A data file (`export::data_file`).
    Data,
    /// `atom.xml` (`publish::atom`).
    Feed,
    /// `sitemap.xml` (`publish::sitemap`), of these output paths, in this
    /// order (the pages, the static files, the search page).
    Sitemap(Arc<[String]>),
}

enum State {
    Pending(Arc<Checked>),
    Made(Result<Bytes, Arc<str>>),
}

impl LazyFile {
    pub(crate) fn new(path: &'static str, make: Make, model: Arc<Checked>) -> LazyFile {
        LazyFile {
            path,
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
                    match crate::render::export::data_file(&views, self.path) {
                        Some(Ok(bytes)) => Ok(Bytes::from(bytes)),
                        Some(Err(d)) => Err(Arc::from(d.to_string())),
                        None => Err(Arc::from(format!("{} is not a data file", self.path))),
                    }
                }
                Make::Feed => Ok(Bytes::from(crate::publish::atom(site).content)),
                Make::Sitemap(paths) => {
                    let paths = paths.iter().map(String::as_str);
                    let map = crate::publish::sitemap(site, derived, paths);
                    Ok(Bytes::from(map.content))
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
