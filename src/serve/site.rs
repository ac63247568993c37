//! The incremental rebuild behind `serve`: the same pipeline as `build`,
//! with what did not change kept from the last build.
//!
//! A session keeps five caches between rebuilds:
//! - every content file, parsed, with the modification time and length it
//!   was read at: a rebuild re-reads only the files that events named (or,
//!   after a rescan, whose stamp moved); `drifted` then compares every
//!   stamp with the disk, so that a missed or coalesced event is caught by
//!   a rescan that follows;
//! - the theme's files and the compiled templates, recompiled only when a
//!   template's text changed, and the templates the pages were rendered
//!   with: a template edit renders again only the pages whose template
//!   changed or extends or includes one that did, at any depth
//!   (`Templates::affected_since`; every page when unsure);
//! - the last good model, while it is the model of the docs held: an edit
//!   that changed only bodies and free fields (a briefing's title or
//!   summary, a source's title: `model::bodies`) keeps it with the new
//!   values put in, re-runs the checks that read a body on those files,
//!   and fingerprints only the edited records' `Body` and `Head` keys (and
//!   the headlines). Any other content edit re-runs model and derive over
//!   every doc (they are pure; each doc keeps what the prose check found
//!   in its body, `Doc::counts`, and what its briefing was read into and
//!   whether its links resolve, each under a key naming the other inputs:
//!   `build::check_model_keeping`; the ledger is kept while its inputs
//!   are), and every key is fingerprinted again, on every
//!   core, with each record's head and each figure hashed once for the
//!   keys and the structure's fingerprint alike (`reads::Heads`);
//! - every rendered page with the template name and a hash of the Tera
//!   context it was rendered from (not the context: `kept`), and the keys
//!   its context read (`render::reads`), by their ids in an index of keys
//!   (`Keys`) that holds each key once, with a fingerprint of its value
//!   and how many pages read it. Only the pages that read a key that moved
//!   (found by going through the pages' ids) or are new, or whose job
//!   changed, get their contexts built, and of those only the ones whose
//!   context hash differs from last time are rendered again. No one writes
//!   down which pages an edit touches: a page's dependencies are what it
//!   read;
//! - the data files, the feed and the sitemap, with a fingerprint of the
//!   part of the model they show: one whose part moved is not made here
//!   but on its first request (`served`), so the reload waits for the pages
//!   alone. The page jobs are kept with the model they were listed from.
//!
//! With fast render (`rebuild_open`), of the pages to build again only those
//! open in a browser are built before the rebuild returns, unless the rest
//! are few; the rest are left for `finish`, which the serve loop runs right
//! after the reload, from the same model. Their keys' fingerprints are
//! already the new ones, so a finish that fails leaves them to be built
//! again by the next rebuild whatever moved (`Pages::retry`).
//!
//! The result, once finished, is the same set of bytes a fresh `dossier
//! build` writes (the tests compare them, before the finish too, the pages
//! left aside), held in memory and shared with the HTTP side.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use axum::body::Bytes;
use rayon::prelude::*;

use crate::build::{BuildOptions, Checked, Failure};
use crate::diag::Diagnostic;
use crate::fingerprint;
use crate::load::Doc;
use crate::render::export;
use crate::render::reads::{Heads, Hint, Read};
use crate::render::{Page, PageJob, Templates, ThemeFile, Views};
use crate::route;

use super::kept::{self, FoldState, Job, KeptPage, Made};
pub use super::served::SiteMap;
use super::served::{LazyFile, Make};

/// What a file event touched, by kind of file.
#[derive(Debug, Default, Clone)]
pub struct Changes {
    /// Content files named by events (absolute paths).
    pub content: Vec<PathBuf>,
    /// A template, a theme file or a static file changed.
    pub theme: bool,
    /// The configuration changed.
    pub config: bool,
    /// The events may not name every file that changed (a directory moved,
    /// the watcher lost events): list and stamp every content file.
    pub rescan: bool,
}

impl Changes {
    pub fn everything() -> Changes {
        Changes {
            content: Vec::new(),
            theme: true,
            config: true,
            rescan: true,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.content.is_empty() && !self.theme && !self.config && !self.rescan
    }

    pub fn merge(&mut self, other: Changes) {
        self.content.extend(other.content);
        self.theme |= other.theme;
        self.config |= other.config;
        self.rescan |= other.rescan;
    }
}

/// The pages open in a browser, for fast render: a rebuild renders these
/// before the reload, and the other pages an edit touches after it
/// (`Session::finish`), unless those are few.
#[derive(Debug, Default, Clone)]
pub struct Open {
    /// Output paths (`briefings/x/index.html`).
    pub paths: HashSet<String>,
    /// Render everything before the reload when no more than this many
    /// pages would be left for later: a handful costs less than the second
    /// publish.
    pub render_all_up_to: usize,
}

/// How many pages fast render leaves for later at least (`Open`).
pub const RENDER_ALL_UP_TO: usize = 8;

/// A successful rebuild.
pub struct Built {
    pub site: Arc<SiteMap>,
    /// Output paths whose bytes differ from the previous build (added,
    /// changed or removed), sorted.
    pub changed: Vec<String>,
    /// Pages rendered by Tera this time (the rest were reused).
    pub rendered: usize,
    /// Pages left for `Session::finish` (fast render): the site holds
    /// their last bytes, or none for a new page, until it runs. Sorted.
    pub pending: Vec<String>,
    /// HTML pages in the site.
    pub pages: usize,
    pub briefings: usize,
    pub figures: usize,
    pub warnings: Vec<Diagnostic>,
    pub timings: Timings,
}

/// Where a rebuild spent its time.
#[derive(Debug, Default, Clone, Copy)]
pub struct Timings {
    /// Config, theme and content files read and parsed.
    pub load: Duration,
    /// Model, derive and consistency checks.
    pub model: Duration,
    /// Page contexts built and the changed pages rendered.
    pub render: Duration,
    /// Of which: fingerprinting every key a page read (after a full
    /// rebuild of the model; the keys that can have moved after a body-only
    /// edit), to find the pages whose inputs changed, and the keys read for
    /// the first time.
    pub fingerprints: Duration,
    /// Of which: noting which keys the pages built again read.
    pub keys: Duration,
    /// Of which: building the contexts of those pages (and of new ones).
    pub contexts: Duration,
    /// Of which: comparing contexts with the last build's.
    pub compare: Duration,
    /// Of which: rendering the pages whose context changed.
    pub tera: Duration,
    /// Of which: everything but pages (data files, feed, sitemap, static
    /// files, the search page).
    pub outputs: Duration,
    /// The site map updated with the files this rebuild touched, and the
    /// paths that changed listed.
    pub assemble: Duration,
    pub total: Duration,
    /// The model was the last one, as it was (no content changed) or with
    /// new bodies and free fields (`bodies_only`): not built again.
    pub cut_off: bool,
}

struct CachedDoc {
    path: PathBuf,
    stamp: Option<(SystemTime, u64)>,
    /// Index into `Session::docs`, or the problem that kept it out.
    parsed: Result<usize, Diagnostic>,
}

struct Theme {
    name: String,
    files: Vec<ThemeFile>,
    templates: Result<Arc<Templates>, Vec<Diagnostic>>,
    /// Bumped whenever the templates are recompiled.
    generation: u64,
}

/// Every key some page read, each with an id (pages hold their keys'
/// ids), its fingerprint when those pages were built and how many pages
/// read it. Which pages read a key is not kept: when keys move, the pages
/// that read one are found by going through every page's ids (two million
/// numbers at 10,000 briefings, a few milliseconds), which costs less than
/// keeping a set of pages for each key up to date.
#[derive(Default)]
struct Keys {
    ids: HashMap<Read, u32, FoldState>,
    slots: Vec<Slot>,
    /// Slots of keys no page reads any more, to be used again.
    free: Vec<u32>,
}

#[derive(Default)]
struct Slot {
    /// `None` for a free slot. Held here, a copy of the index's: the keys
    /// are fingerprinted in the order of their slots, and a key whose
    /// record is where its hint says is fingerprinted from the slot and
    /// `Heads` alone, with no pointer followed.
    read: Option<Read>,
    fingerprint: u64,
    /// Where the key's record was found (`Views::fingerprint_hinted`).
    hint: Hint,
    readers: u32,
}

impl Keys {
    /// The id of `read`, and whether it is new (its fingerprint is then to
    /// be taken; no page reads it yet).
    fn id_of(&mut self, read: Read) -> (u32, bool) {
        if let Some(&id) = self.ids.get(&read) {
            return (id, false);
        }
        let slot = Slot {
            read: Some(read.clone()),
            fingerprint: 0,
            hint: Hint::default(),
            readers: 0,
        };
        let id = match self.free.pop() {
            Some(id) => {
                self.slots[id as usize] = slot;
                id
            }
            None => {
                self.slots.push(slot);
                (self.slots.len() - 1) as u32
            }
        };
        self.ids.insert(read, id);
        (id, true)
    }

    /// Notes that a page reads the keys `ids`.
    fn add(&mut self, ids: &[u32]) {
        for &id in ids {
            self.slots[id as usize].readers += 1;
        }
    }

    /// Notes that a page no longer reads `ids`; those no page reads are put
    /// in `unread`, to be freed by `free_unread`.
    fn remove(&mut self, ids: &[u32], unread: &mut Vec<u32>) {
        for &id in ids {
            let slot = &mut self.slots[id as usize];
            slot.readers -= 1;
            if slot.readers == 0 {
                unread.push(id);
            }
        }
    }

    /// Frees the keys of `unread` that no page reads.
    fn free_unread(&mut self, unread: Vec<u32>) {
        for id in unread {
            let slot = &mut self.slots[id as usize];
            if slot.readers == 0 {
                if let Some(read) = slot.read.take() {
                    self.ids.remove(&read);
                    self.free.push(id);
                }
            }
        }
    }
}

/// The rendered pages and what they depend on.
#[derive(Default)]
struct Pages {
    pages: HashMap<Arc<str>, KeptPage, FoldState>,
    keys: Keys,
    /// The template generation the pages were rendered with.
    generation: u64,
    /// The templates they were rendered with: new ones are compared with
    /// them to find the pages a template edit touches.
    templates: Option<Arc<Templates>>,
    /// Pages left for later whose finish failed: their bytes are not those
    /// of the model their keys' fingerprints are of, so the next rebuild
    /// builds and renders them whatever moved.
    retry: HashSet<Arc<str>, FoldState>,
}

/// The pages a fast render left for `Session::finish`, with the templates
/// to render them with (the model is the session's).
struct Deferred {
    jobs: Vec<Job>,
    templates: Arc<Templates>,
}

/// The state kept between rebuilds.
pub struct Session {
    opts: BuildOptions,
    files: Vec<CachedDoc>,
    docs: Vec<Doc>,
    theme: Option<Theme>,
    generation: u64,
    pages: Pages,
    /// The data files, with the fingerprint of the model they show.
    data: HashMap<String, (u64, Arc<LazyFile>)>,
    /// The last good model, the fingerprint of its structure
    /// (`Views::structure_fingerprint`) and a token for its bodies, while it
    /// is the model of the docs held: for the body-only cut-off
    /// (`bodies_only`).
    model: Option<(Arc<Checked>, (u64, u64))>,
    /// Rebuilds begun: the bodies' token after a full rebuild.
    rebuilds: u64,
    /// The page jobs of the last good model, kept with it.
    jobs: Option<Arc<Vec<PageJob>>>,
    /// What the sitemap lists: made from these jobs and these static
    /// files' paths, the HTML paths in order, and a hash of them.
    sitemap_paths: Option<Listed>,
    /// The paths of the files in the site that are not pages nor data
    /// files (the static files, the search page, robots.txt).
    others: Vec<String>,
    last: Arc<SiteMap>,
    /// The pages the last rebuild left for `finish`.
    deferred: Option<Deferred>,
}

/// The jobs and static files a sitemap's paths were made from, the paths,
/// and a hash of them.
type Listed = (Arc<Vec<PageJob>>, Vec<String>, Arc<[String]>, u64);

/// The data files that carry no record's body (see `render::export`): a
/// body edit leaves them as they were.
const BODILESS_DATA: &[&str] = &[
    route::FIGURES_CSV,
    route::FIGURES_JSON,
    route::TIMELINE_JSON,
];

/// Whether `p` is a file `load::list_files` lists: a `.md` file under
/// `content/`, not hidden nor in a hidden directory.
fn is_content_file(content: &Path, p: &Path) -> bool {
    let Ok(rel) = p.strip_prefix(content) else {
        return false;
    };
    p.extension().is_some_and(|x| x == "md")
        && !rel
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
        && p.is_file()
}

fn stamp(path: &Path) -> Option<(SystemTime, u64)> {
    let m = std::fs::metadata(path).ok()?;
    Some((m.modified().ok()?, m.len()))
}

impl Session {
    /// `opts.root` should be absolute so that event paths compare equal.
    pub fn new(opts: BuildOptions) -> Session {
        Session {
            opts,
            files: Vec::new(),
            docs: Vec::new(),
            theme: None,
            generation: 0,
            pages: Pages::default(),
            data: HashMap::new(),
            model: None,
            rebuilds: 0,
            jobs: None,
            sitemap_paths: None,
            others: Vec::new(),
            last: Arc::new(SiteMap::default()),
            deferred: None,
        }
    }

    /// The last good site.
    pub fn site(&self) -> Arc<SiteMap> {
        self.last.clone()
    }

    /// Rebuilds after `changes`, every page included. On failure the last
    /// good site is kept.
    pub fn rebuild(&mut self, changes: &Changes) -> Result<Built, Failure> {
        self.rebuild_open(changes, None)
    }

    /// Rebuilds after `changes`; with `open` (fast render), the pages to
    /// build again that are not open are left for `finish` (`Built::pending`)
    /// unless they are few. Pages left by the last rebuild are finished
    /// first. On failure the last good site is kept.
    pub fn rebuild_open(
        &mut self,
        changes: &Changes,
        open: Option<&Open>,
    ) -> Result<Built, Failure> {
        // The pages a finish changes are told of with this rebuild's; if
        // it fails, they are built again below (`retry`).
        let finished = match self.finish() {
            Some(Ok(built)) => built.changed,
            _ => Vec::new(),
        };
        let start = Instant::now();
        let mut timings = Timings::default();
        let config = crate::build::load_config(&self.opts)?;

        // Theme and templates.
        let reload_theme = changes.theme
            || changes.config
            || self.theme.as_ref().is_none_or(|t| t.name != config.theme);
        if reload_theme {
            self.reload_theme(&config.theme)?;
        }
        // The model kept stands for the docs held until they change: taken
        // now, put back only by a good rebuild.
        let prev = self.model.take();
        let before = match &prev {
            Some(_) if self.may_cut_off(changes) => self.docs_named(&changes.content),
            _ => None,
        };
        // Content: re-read the files named (after a rescan, also any whose
        // stamp moved).
        self.refresh_content(changes);
        timings.load = start.elapsed();

        let theme = self.theme.as_ref().expect("loaded above");
        let load_diags: Vec<Diagnostic> = self
            .files
            .iter()
            .filter_map(|f| f.parsed.as_ref().err().cloned())
            .collect();
        let t = Instant::now();
        let rebuilds = self.rebuilds;
        let cut = match (&prev, before) {
            (Some((model, prints)), Some(before)) => {
                self.bodies_only(model, before)
                    .map(|(c, keys, bodies, moved_heads)| {
                        // A head moved: the structure is another one, with
                        // a token of its own (never one an earlier model
                        // had), so the data files are made again.
                        let structure = if moved_heads {
                            fingerprint::of(&(prints.0, "heads", rebuilds))
                        } else {
                            prints.0
                        };
                        (
                            c,
                            keys,
                            (structure, fingerprint::of(&(prints.1, bodies, structure))),
                        )
                    })
            }
            _ => None,
        };
        // No content file nor the configuration changed (a template, a
        // static file): the model is the last one, and no key moved.
        let same_docs = changes.content.is_empty() && !changes.config && !changes.rescan;
        let (checked, only, prints) = match (cut, prev) {
            (Some((c, keys, prints)), _) => (Ok(Arc::new(c)), Some(keys), Some(prints)),
            (None, Some((model, prints))) if same_docs => {
                (Ok(model), Some(Vec::new()), Some(prints))
            }
            (None, prev) => {
                let last = prev.as_ref().map(|(m, _)| &**m);
                let c = crate::build::check_model_keeping(
                    &self.opts, config, &self.docs, load_diags, last,
                );
                // The last model, when no data file holds it any more.
                free_later(prev);
                (c.map(Arc::new), None, None)
            }
        };
        timings.model = t.elapsed();
        timings.cut_off = only.is_some();
        let (templates, checked): (Arc<Templates>, Arc<Checked>) = match (&theme.templates, checked)
        {
            (Ok(t), Ok(c)) => (t.clone(), c),
            (t, c) => {
                let mut diags = Vec::new();
                if let Err(e) = t {
                    diags.extend(e.iter().cloned());
                }
                if let Err(f) = c {
                    diags.extend(f.diagnostics);
                }
                crate::diag::sort(&mut diags);
                return Err(Failure { diagnostics: diags });
            }
        };

        let t = Instant::now();
        let tm = &mut timings;
        let generation = theme.generation;
        // A data file is written again only when the part of the model it
        // shows changed.
        // After a body-only edit the structure is the last one's, and the
        // bodies' token moves with the changed bodies. Otherwise the bodies
        // are not hashed (tens of ms at 10,000 briefings): the files that
        // show them are made again, on request, after any other rebuild.
        self.rebuilds += 1;
        let (site, derived) = (&checked.site, &checked.derived);
        let views = Views::new(site, derived).with_rows(&templates);
        // After a full rebuild every record's head and figure is hashed
        // once, for the structure's fingerprint and the keys'.
        let f = Instant::now();
        let heads = only.is_none().then(|| views.heads());
        let (structure, whole) = match (prints, &heads) {
            (Some(prints), _) => prints,
            (None, heads) => {
                let fresh;
                let heads = match heads {
                    Some(h) => h,
                    None => {
                        fresh = views.heads();
                        &fresh
                    }
                };
                let structure = views.structure_fingerprint(heads);
                (structure, fingerprint::of(&(structure, self.rebuilds)))
            }
        };
        tm.fingerprints = f.elapsed();
        // The same steps as `build::render_all_with_data`, with what did not
        // move kept. The page jobs follow from the model's lists alone: a
        // model kept keeps them; jobs made again that are the same as the
        // last are the last (the sitemap's paths are then kept). Jobs with
        // the last paths in the same order (a date edit moves list
        // positions, not pages) make no page go.
        let (jobs, same_jobs, same_paths) = match (&only, self.jobs.take()) {
            (Some(_), Some(jobs)) => (jobs, true, true),
            (None, Some(old)) => {
                let new = crate::render::page_jobs(site, derived);
                let same = |a: &PageJob, b: &PageJob| {
                    a.path == b.path && a.template == b.template && a.kind == b.kind
                };
                let same_len = old.len() == new.len();
                if same_len && old.iter().zip(&new).all(|(a, b)| same(a, b)) {
                    (old, true, true)
                } else {
                    let paths = same_len && old.iter().zip(&new).all(|(a, b)| a.path == b.path);
                    (Arc::new(new), false, paths)
                }
            }
            (Some(_), None) | (None, None) => {
                let jobs = Arc::new(crate::render::page_jobs(site, derived));
                (jobs, false, false)
            }
        };
        // Made before the pages are, as nothing may fail once they are: the
        // site map is then updated from what changed.
        let search =
            crate::publish::search_page(&templates, site, derived).map_err(|d| fail(vec![d]))?;
        let Rendered {
            rendered,
            touched,
            gone,
            later,
        } = self
            .pages
            .render_changed(
                generation,
                &templates,
                &views,
                heads.as_ref(),
                (&jobs, same_jobs, same_paths),
                only.as_deref(),
                open,
                tm,
            )
            .map_err(fail)?;
        let mut pending: Vec<String> = later.iter().map(|j| j.job.path.clone()).collect();
        pending.sort();
        if !later.is_empty() {
            self.deferred = Some(Deferred {
                jobs: later,
                templates: templates.clone(),
            });
        }
        let mut others = crate::render::static_pages(&theme.files);
        // The sitemap lists every HTML page: the pages, the static files,
        // the search page (in that order, as `build` gives them).
        let listed = match self.sitemap_paths.take() {
            Some(kept) if Arc::ptr_eq(&kept.0, &jobs) && kept.1 == others_paths(&others) => kept,
            _ => {
                let all = (jobs.iter().map(|j| j.path.as_str()))
                    .chain(others.iter().map(|p| p.path.as_str()))
                    .chain([route::SEARCH_PAGE]);
                let paths: Vec<String> = crate::publish::sitemap_pages(all)
                    .into_iter()
                    .map(String::from)
                    .collect();
                let token = fingerprint::of(&paths);
                (jobs.clone(), others_paths(&others), paths.into(), token)
            }
        };
        others.push(search);
        others.push(crate::publish::robots(site));
        // The data files, the feed and the sitemap: not made here but on
        // the first request (`served`), kept while their inputs are.
        let old_data = &self.data;
        let mut data: HashMap<String, (u64, Arc<LazyFile>)> = HashMap::new();
        let mut lazy = |path: Cow<'static, str>, input: u64, make: &dyn Fn() -> Make| {
            let key = path.to_string();
            let file = match old_data.get(&key) {
                Some((fp, file)) if *fp == input => {
                    file.retarget(&checked);
                    file.clone()
                }
                _ => Arc::new(LazyFile::new(path, make(), checked.clone())),
            };
            data.insert(key, (input, file));
        };
        for path in export::DATA_FILES {
            let input = if BODILESS_DATA.contains(path) {
                structure
            } else {
                whole
            };
            lazy(Cow::Borrowed(path), input, &|| Make::Data);
        }
        // Both show the model but its bodies (dates, titles, summaries,
        // tags, the configuration).
        lazy(Cow::Borrowed(route::FEED), structure, &|| Make::Feed);
        // `sitemap.xml`, and its parts when it is an index.
        let input = fingerprint::of(&(structure, listed.3));
        for file in crate::publish::sitemap_files(listed.2.len(), crate::publish::SITEMAP_URLS) {
            lazy(Cow::Owned(file), input, &|| Make::Sitemap(listed.2.clone()));
        }
        self.sitemap_paths = Some(listed);
        timings.render = t.elapsed();
        timings.outputs = timings.render.saturating_sub(
            timings.fingerprints + timings.keys + timings.contexts + timings.compare + timings.tera,
        );
        let t = Instant::now();

        // The last site, with what this rebuild touched put in or taken
        // out: pages made and gone, then the other files (after the
        // pages, as they were put in before).
        let mut site = (*self.last).clone();
        let mut changed = Vec::new();
        for path in &gone {
            if site.remove(path) {
                changed.push(path.to_string());
            }
        }
        self.pages.put_touched(&mut site, touched, &mut changed);
        let others_now = others_paths(&others);
        for path in std::mem::take(&mut self.others) {
            if others_now.contains(&path) {
                continue;
            }
            // A page at the same path shows again.
            let now = match self.pages.pages.get(path.as_str()) {
                Some(p) => site.put(&path, p.bytes.clone()),
                None => site.remove(&path),
            };
            if now {
                changed.push(path);
            }
        }
        for Page { path, content } in others {
            if site.put(&path, Bytes::from(content)) {
                changed.push(path);
            }
        }
        self.others = others_now;
        let lazy: HashMap<String, Arc<LazyFile>, FoldState> = (data.iter())
            .map(|(path, (_, file))| (path.clone(), file.clone()))
            .collect();
        changed.extend(changed_lazy(&site.lazy, &lazy));
        changed.extend(finished);
        site.lazy = lazy;
        changed.sort();
        changed.dedup();
        let old_data = std::mem::replace(&mut self.data, data);
        self.model = Some((checked.clone(), (structure, whole)));
        self.jobs = Some(jobs);
        let site = Arc::new(site);
        let old_site = std::mem::replace(&mut self.last, site.clone());
        // The last model goes with the last data files that held it.
        free_later((old_data, old_site));
        timings.assemble = t.elapsed();
        timings.total = start.elapsed();
        Ok(Built {
            pages: site.html_pages(),
            site,
            changed,
            rendered,
            pending,
            briefings: checked.site.briefings.len(),
            figures: checked.site.figures.len(),
            warnings: checked.warnings.clone(),
            timings,
        })
    }

    /// Builds and renders the pages the last rebuild left for later (fast
    /// render), from that rebuild's model and templates, and puts them in
    /// the site; `None` if it left none. `Built::changed` holds the pages
    /// whose bytes changed. On failure the site stays as it was, and the
    /// next rebuild builds those pages again.
    pub fn finish(&mut self) -> Option<Result<Built, Failure>> {
        let Deferred { jobs, templates } = self.deferred.take()?;
        let start = Instant::now();
        let mut timings = Timings::default();
        let paths: Vec<Arc<str>> = jobs
            .iter()
            .map(|j| Arc::from(j.job.path.as_str()))
            .collect();
        let Some((checked, _)) = &self.model else {
            // Not reached: a rebuild that leaves pages keeps its model.
            self.pages.retry.extend(paths);
            return None;
        };
        let checked = checked.clone();
        let views = Views::new(&checked.site, &checked.derived).with_rows(&templates);
        let (rendered, touched) = match self.pages.finish(&templates, &views, jobs, &mut timings) {
            Ok(done) => done,
            Err(errors) => {
                self.pages.retry.extend(paths);
                return Some(Err(fail(errors)));
            }
        };
        timings.render = start.elapsed();
        let t = Instant::now();
        let mut site = (*self.last).clone();
        let mut changed = Vec::new();
        self.pages.put_touched(&mut site, touched, &mut changed);
        changed.sort();
        let site = Arc::new(site);
        self.last = site.clone();
        timings.assemble = t.elapsed();
        timings.total = start.elapsed();
        Some(Ok(Built {
            pages: site.html_pages(),
            site,
            changed,
            rendered,
            pending: Vec::new(),
            briefings: checked.site.briefings.len(),
            figures: checked.site.figures.len(),
            warnings: checked.warnings.clone(),
            timings,
        }))
    }

    /// Whether `changes` may have changed bodies alone: content files named
    /// by events, nothing else (the checks of `--strict` fail on warnings,
    /// which this path does not cover).
    fn may_cut_off(&self, changes: &Changes) -> bool {
        !changes.content.is_empty()
            && !changes.rescan
            && !changes.config
            && !self.files.is_empty()
            && !self.opts.strict
    }

    /// The docs held for `paths`, or `None` if one of them is not a doc held.
    fn docs_named(&self, paths: &[PathBuf]) -> Option<Vec<(PathBuf, Doc)>> {
        let mut paths: Vec<&PathBuf> = paths.iter().collect();
        paths.sort();
        paths.dedup();
        paths
            .into_iter()
            .map(|p| Some((p.clone(), self.doc_at(p)?.clone())))
            .collect()
    }

    fn doc_at(&self, path: &Path) -> Option<&Doc> {
        let i = self
            .files
            .binary_search_by(|f| f.path.as_path().cmp(path))
            .ok()?;
        self.files[i].parsed.as_ref().ok().map(|&d| &self.docs[d])
    }

    /// The body-only cut-off: if the files `before` (as they were) now
    /// differ only in their bodies and free fields
    /// (`model::free_fields_only`), the model kept with the new values put
    /// in, its warnings with those of the checks that read a body redone
    /// for these files (`model::check_links`, `derive::body_checks`: the
    /// functions `check_model` runs on every file), the keys that can have
    /// moved, a hash of the new bodies, and whether a head moved. `None`
    /// sends the rebuild down
    /// the full path (a front matter changed, a file came or went, a link
    /// broke: any error is left to the full path to report as `check`
    /// would).
    fn bodies_only(
        &self,
        prev: &Checked,
        before: Vec<(PathBuf, Doc)>,
    ) -> Option<(Checked, Vec<Read>, u64, bool)> {
        let mut old_docs = Vec::with_capacity(before.len());
        let mut new_docs = Vec::with_capacity(before.len());
        // The records whose head moved (a free field changed).
        let mut heads = Vec::new();
        for (path, old) in before {
            let new = self.doc_at(&path)?;
            if !crate::model::free_fields_only(&old, new) {
                return None;
            }
            if old.text[..old.body_start] != new.text[..new.body_start] {
                // A warning kept from the last model that is placed on a
                // line that changed would quote the old line: made afresh.
                let moved = crate::model::front_lines_moved(&old, new);
                let placed_there = |w: &Diagnostic| w.file == new.shown && moved.contains(&w.line);
                if prev.warnings.iter().any(placed_there) {
                    return None;
                }
                heads.push(Read::Head(new.kind, new.id.clone()));
            }
            old_docs.push(old);
            new_docs.push(new.clone());
        }
        let mut site = prev.site.clone();
        for d in &new_docs {
            if !crate::model::replace_body(&mut site, d) {
                return None;
            }
        }
        // Every file loaded (the last model was good, and these load
        // still): no link target is excused as unloaded.
        let unloaded = HashSet::new();
        if !crate::model::check_links(&site, &new_docs, &unloaded).is_empty() {
            return None;
        }
        let mut warnings = prev.warnings.clone();
        for d in crate::derive::body_checks(&prev.site, &prev.derived, &old_docs) {
            let i = warnings.iter().position(|w| *w == d)?;
            warnings.remove(i);
        }
        let fresh = crate::derive::body_checks(&site, &prev.derived, &new_docs);
        if fresh.iter().any(Diagnostic::is_error) {
            return None;
        }
        warnings.extend(fresh);
        crate::diag::sort(&mut warnings);
        // The headlines are one key made from an untracked view (it may
        // read any head): fingerprinted again whenever a head moved.
        if !heads.is_empty() {
            heads.push(Read::Headlines);
        }
        let moved_heads = !heads.is_empty();
        let keys = new_docs
            .iter()
            .map(|d| match d.front {
                crate::load::Front::Index(_) => Read::Home,
                _ => Read::Body(d.kind, d.id.clone()),
            })
            .chain(heads)
            .collect();
        let bodies = fingerprint::of(
            &new_docs
                .iter()
                .map(|d| (&d.shown, d.body()))
                .collect::<Vec<_>>(),
        );
        let checked = Checked {
            site,
            derived: prev.derived.clone(),
            warnings,
        };
        Some((checked, keys, bodies, moved_heads))
    }

    fn reload_theme(&mut self, name: &str) -> Result<(), Failure> {
        let files =
            crate::render::theme_files(&self.opts.root, name).map_err(|mut diagnostics| {
                crate::diag::sort(&mut diagnostics);
                Failure { diagnostics }
            })?;
        let same_templates = self.theme.as_ref().is_some_and(|old| {
            let templates = |fs: &[ThemeFile]| -> Vec<(String, Vec<u8>)> {
                fs.iter()
                    .filter(|f| f.rel.starts_with("templates/"))
                    .map(|f| (f.rel.clone(), f.bytes.clone()))
                    .collect()
            };
            old.templates.is_ok() && templates(&old.files) == templates(&files)
        });
        if same_templates {
            let theme = self.theme.as_mut().expect("checked above");
            theme.files = files;
            theme.name = name.to_string();
        } else {
            self.generation += 1;
            self.theme = Some(Theme {
                name: name.to_string(),
                templates: Templates::load(&files).map(Arc::new),
                files,
                generation: self.generation,
            });
        }
        Ok(())
    }

    /// Whether the content files on disk differ from those last read: one
    /// was added, removed, or its modification time or length moved. Cheap
    /// (a walk and a stat of each file); `serve` runs it after a rebuild, and
    /// rescans when it says so.
    pub fn drifted(&self) -> bool {
        let listed = crate::load::list_files(&self.opts.root.join("content"));
        listed.len() != self.files.len()
            || listed
                .par_iter()
                .zip(&self.files)
                .any(|(p, f)| *p != f.path || stamp(p) != f.stamp)
    }

    /// Reads again, adds or drops the files in `paths`, keeping the files
    /// (and their docs) in the order `load::list_files` gives.
    fn refresh_named(&mut self, root: &Path, content: &Path, paths: &[PathBuf]) {
        let mut paths: Vec<&PathBuf> = paths.iter().collect();
        paths.sort();
        paths.dedup();
        type Fresh = (
            PathBuf,
            Option<(Option<(SystemTime, u64)>, Result<Doc, Diagnostic>)>,
        );
        let read: Vec<Fresh> = paths
            .into_par_iter()
            .map(|p| {
                let now = is_content_file(content, p)
                    .then(|| (stamp(p), crate::load::load_file(root, p)));
                (p.clone(), now)
            })
            .collect();
        for (path, now) in read {
            let at = self.files.binary_search_by(|f| f.path.cmp(&path));
            // Where the file's doc is, or goes, among the docs.
            let slot = |files: &[CachedDoc], i: usize| {
                files[..i].iter().filter(|f| f.parsed.is_ok()).count()
            };
            match (at, now) {
                (Ok(i), now) => {
                    let s = slot(&self.files, i);
                    if self.files[i].parsed.is_ok() {
                        self.docs.remove(s);
                    }
                    match now {
                        Some((stamp, r)) => {
                            let parsed = r.map(|doc| self.docs.insert(s, doc));
                            self.files[i] = CachedDoc {
                                path,
                                stamp,
                                parsed: parsed.map(|()| 0),
                            };
                        }
                        None => {
                            self.files.remove(i);
                        }
                    }
                }
                (Err(i), Some((stamp, r))) => {
                    let s = slot(&self.files, i);
                    let parsed = r.map(|doc| self.docs.insert(s, doc));
                    self.files.insert(
                        i,
                        CachedDoc {
                            path,
                            stamp,
                            parsed: parsed.map(|()| 0),
                        },
                    );
                }
                (Err(_), None) => {}
            }
        }
        // Each file's doc index, in order.
        let mut k = 0;
        for f in &mut self.files {
            if let Ok(i) = &mut f.parsed {
                *i = k;
                k += 1;
            }
        }
        debug_assert_eq!(k, self.docs.len());
    }

    fn refresh_content(&mut self, changes: &Changes) {
        let root = self.opts.root.clone();
        let content = root.join("content");
        // The files named, alone, unless a rescan was asked for (and the
        // first time): then every file is listed and stamped.
        if !changes.rescan && !self.files.is_empty() {
            self.refresh_named(&root, &content, &changes.content);
            return;
        }
        let named: HashSet<&Path> = changes.content.iter().map(PathBuf::as_path).collect();
        let listed = crate::load::list_files(&content);
        let mut old: BTreeMap<PathBuf, CachedDoc> = std::mem::take(&mut self.files)
            .into_iter()
            .map(|f| (f.path.clone(), f))
            .collect();
        let mut old_docs: Vec<Option<Doc>> = std::mem::take(&mut self.docs)
            .into_iter()
            .map(Some)
            .collect();
        // Stamp every file (cheap) and decide which to read again.
        let stamped: Vec<(PathBuf, Option<(SystemTime, u64)>)> = listed
            .into_par_iter()
            .map(|p| {
                let s = stamp(&p);
                (p, s)
            })
            .collect();
        enum Next {
            Keep(Box<Result<Doc, Diagnostic>>),
            Read,
        }
        type Stamp = Option<(SystemTime, u64)>;
        let plan: Vec<(PathBuf, Stamp, Next)> = stamped
            .into_iter()
            .map(|(p, s)| {
                let next = match old.remove(&p) {
                    Some(c)
                        if c.stamp.is_some() && c.stamp == s && !named.contains(p.as_path()) =>
                    {
                        let doc = match c.parsed {
                            Ok(i) => Ok(old_docs[i].take().expect("each doc kept once")),
                            Err(d) => Err(d),
                        };
                        Next::Keep(Box::new(doc))
                    }
                    _ => Next::Read,
                };
                (p, s, next)
            })
            .collect();
        type Done = (PathBuf, Option<(SystemTime, u64)>, Result<Doc, Diagnostic>);
        let done: Vec<Done> = plan
            .into_par_iter()
            .map(|(p, s, next)| match next {
                Next::Keep(kept) => (p, s, *kept),
                Next::Read => {
                    let r = crate::load::load_file(&root, &p);
                    (p, s, r)
                }
            })
            .collect();
        for (path, stamp, r) in done {
            let parsed = match r {
                Ok(doc) => {
                    self.docs.push(doc);
                    Ok(self.docs.len() - 1)
                }
                Err(d) => Err(d),
            };
            self.files.push(CachedDoc {
                path,
                stamp,
                parsed,
            });
        }
    }
}

/// What `Pages::render_changed` did.
struct Rendered {
    /// Pages rendered by Tera.
    rendered: usize,
    /// The paths of the pages made (their bytes may have changed).
    touched: Vec<String>,
    /// The paths of the pages no job makes any more.
    gone: Vec<Arc<str>>,
    /// The pages left for `Session::finish` (fast render).
    later: Vec<Job>,
}

impl Pages {
    /// Puts the pages at `touched` (made by this rebuild or finish) into
    /// `site`, noting in `changed` those whose bytes changed.
    fn put_touched(&self, site: &mut SiteMap, touched: Vec<String>, changed: &mut Vec<String>) {
        for path in touched {
            let Some(page) = self.pages.get(path.as_str()) else {
                continue;
            };
            if site.put(&path, page.bytes.clone()) {
                changed.push(path);
            }
        }
    }

    /// Builds again the context of every page that is new, whose job
    /// changed, or that read a key whose fingerprint moved; renders those
    /// whose context changed; keeps the others' bytes. Returns how many
    /// were rendered. On an error nothing is kept, so the next rebuild sees
    /// the same moved keys. `heads`, made from this model, is where the
    /// fingerprints of heads and figures are looked up (`None`: hashed).
    /// `same_jobs`: `jobs` are those the pages kept were made for (no
    /// page came or went, none moved); `same_paths`: their paths are those
    /// of the pages kept (none came or went). The paths of the pages made and
    /// gone are returned for the site map.
    #[allow(clippy::too_many_arguments)]
    fn render_changed(
        &mut self,
        generation: u64,
        templates: &Arc<Templates>,
        views: &Views<'_>,
        heads: Option<&Heads>,
        (jobs, same_jobs, same_paths): (&[PageJob], bool, bool),
        only: Option<&[Read]>,
        open: Option<&Open>,
        timings: &mut Timings,
    ) -> Result<Rendered, Vec<Diagnostic>> {
        // Contexts are a function of the model alone: new templates render
        // again, from contexts built again (none is kept), the pages whose
        // template may give other bytes: one whose text changed, or that
        // extends or includes one that did. `None`: every page.
        let new_templates = self.generation != generation;
        let affected = match &self.templates {
            _ if !new_templates => Some(HashSet::new()),
            Some(old) => templates.affected_since(old),
            None => None,
        };
        let retemplate = |name: &str| affected.as_ref().is_none_or(|a| a.contains(name));
        // Which keys moved since the pages that read them were built: of
        // `only` when no other key can have (a body-only edit), else of all.
        let t = Instant::now();
        let keys = &self.keys;
        // A key's fingerprint now, and where its record was found (with
        // `heads`: the record's position is looked for where it was).
        let print = |slot: &Slot, read: &Read| match heads {
            Some(heads) => views.fingerprint_hinted(heads, read, slot.hint),
            None => (views.fingerprint_in(None, read), slot.hint),
        };
        // The keys whose fingerprint or hint changed.
        let now_of = |id: u32| {
            let slot = &keys.slots[id as usize];
            let (now, hint) = print(slot, slot.read.as_ref()?);
            (now != slot.fingerprint || hint != slot.hint).then_some((id, now, hint))
        };
        let changed: Vec<(u32, u64, Hint)> = match only {
            Some(only) => only
                .iter()
                .filter_map(|k| keys.ids.get(k))
                .filter_map(|&id| now_of(id))
                .collect(),
            None => (0..keys.slots.len() as u32)
                .into_par_iter()
                .filter_map(now_of)
                .collect(),
        };
        // A hint only saves a lookup: kept whatever comes of this rebuild.
        let mut moved: Vec<(u32, u64)> = Vec::with_capacity(changed.len());
        for (id, now, hint) in changed {
            let slot = &mut self.keys.slots[id as usize];
            slot.hint = hint;
            if now != slot.fingerprint {
                moved.push((id, now));
            }
        }
        let keys = &self.keys;
        // The pages that read a key that moved.
        let dirty: HashSet<&str, FoldState> = if moved.is_empty() {
            HashSet::default()
        } else {
            let mut bits = vec![false; keys.slots.len()];
            for &(id, _) in &moved {
                bits[id as usize] = true;
            }
            (self.pages.par_iter())
                .filter(|(_, p)| p.reads.iter().any(|&id| bits[id as usize]))
                .map(|(path, _)| &**path)
                .collect()
        };
        timings.fingerprints += t.elapsed();

        // The pages whose path is no longer a job's (none if the paths are
        // the same).
        let gone: Vec<Arc<str>> = if same_paths {
            Vec::new()
        } else {
            let current: HashSet<&str, FoldState> = jobs.iter().map(|j| j.path.as_str()).collect();
            (self.pages.keys())
                .filter(|k| !current.contains(&***k))
                .cloned()
                .collect()
        };
        let pages = &self.pages;
        let retry = &self.retry;
        let stale = |j: &PageJob| {
            if retry.contains(j.path.as_str()) {
                return true;
            }
            if same_jobs {
                return dirty.contains(j.path.as_str());
            }
            match pages.get(j.path.as_str()) {
                Some(p) => {
                    p.kind != j.kind || p.template != j.template || dirty.contains(j.path.as_str())
                }
                None => true,
            }
        };
        // The stale pages get their contexts built; with new templates the
        // others whose template is affected too, to render them again
        // (contexts are not kept).
        let todo: Vec<Job> = jobs
            .iter()
            .filter_map(|job| {
                let fresh = stale(job);
                // A page whose finish failed may hold bytes of older
                // templates: rendered whatever its context's hash.
                let again = retemplate(job.template) || retry.contains(job.path.as_str());
                (fresh || again).then(|| Job {
                    job: job.clone(),
                    fresh,
                    retemplate: again,
                })
            })
            .collect();
        // Fast render: the pages not open are left for `Session::finish`.
        let (todo, later) = split(todo, open);
        let (made, interned) = kept::make(templates, views, todo, pages, timings);
        check(&made)?;

        // Success: the moved keys take their new fingerprints (the pages
        // left for later are built again all the same), and the pages
        // built again their new reads.
        let t = Instant::now();
        for (id, f) in moved {
            self.keys.slots[id as usize].fingerprint = f;
        }
        let mut unread = Vec::new();
        for path in &gone {
            if let Some(old) = self.pages.remove(path) {
                self.keys.remove(&old.reads, &mut unread);
            }
        }
        timings.keys += t.elapsed();
        let (rendered, touched) = self.keep(made, interned, views, heads, unread, timings);
        self.generation = generation;
        self.templates = Some(templates.clone());
        // Built now, or left for later with `retemplate` set.
        self.retry.clear();
        Ok(Rendered {
            rendered,
            touched,
            gone,
            later,
        })
    }

    /// Builds and renders `jobs` (left for later by `render_changed`) from
    /// `views`, and keeps them: how many were rendered, and the paths of
    /// the pages made. On an error nothing is kept.
    fn finish(
        &mut self,
        templates: &Templates,
        views: &Views<'_>,
        jobs: Vec<Job>,
        timings: &mut Timings,
    ) -> Result<(usize, Vec<String>), Vec<Diagnostic>> {
        let (made, interned) = kept::make(templates, views, jobs, &self.pages, timings);
        check(&made)?;
        Ok(self.keep(made, interned, views, None, Vec::new(), timings))
    }

    /// Keeps the pages `made`: their reads (by the session's ids, the keys
    /// read for the first time fingerprinted) and their bytes. `unread`:
    /// keys pages no longer read, to free once these pages' are counted.
    /// How many were rendered, and the paths of the pages made.
    fn keep(
        &mut self,
        made: Vec<Made>,
        interned: kept::Interner,
        views: &Views<'_>,
        heads: Option<&Heads>,
        mut unread: Vec<u32>,
        timings: &mut Timings,
    ) -> (usize, Vec<String>) {
        let t = Instant::now();
        // The session's id of each key the fresh pages read, once per key.
        let mut fresh: Vec<u32> = Vec::new();
        let ids = interned.map(|k| {
            let (id, new) = self.keys.id_of(k);
            if new {
                fresh.push(id);
            }
            id
        });
        let mut rendered = 0;
        let mut touched = Vec::with_capacity(made.len());
        for Made {
            job,
            fresh: built,
            html,
        } in made
        {
            let html = html.map(|h| {
                rendered += 1;
                h.expect("errors returned above")
            });
            touched.push(job.path.clone());
            let Some((reads, context)) = built else {
                // Rendered again for new templates; the rest is as kept.
                if let (Some(p), Some(html)) = (self.pages.get_mut(job.path.as_str()), html) {
                    p.bytes = html;
                }
                continue;
            };
            let reads: Box<[u32]> = reads.iter().map(|&n| ids.of(n)).collect();
            // The new reads counted before the old are let go, so that a key
            // read by both is not freed.
            self.keys.add(&reads);
            let path: Arc<str> = Arc::from(job.path.as_str());
            let old = self.pages.remove(&path);
            if let Some(old) = &old {
                self.keys.remove(&old.reads, &mut unread);
            }
            let bytes = match html {
                Some(html) => html,
                None => old.expect("unchanged pages were kept").bytes,
            };
            self.pages.insert(
                path,
                KeptPage {
                    template: job.template,
                    kind: job.kind,
                    reads,
                    context,
                    bytes,
                },
            );
        }
        self.keys.free_unread(unread);
        timings.keys += t.elapsed();
        // Keys read for the first time: their fingerprints now (with
        // `heads`, and where each record is found, as `render_changed` does).
        let t = Instant::now();
        let print = |slot: &Slot, read: &Read| match heads {
            Some(heads) => views.fingerprint_hinted(heads, read, slot.hint),
            None => (views.fingerprint_in(None, read), slot.hint),
        };
        let slots = &self.keys.slots;
        let prints: Vec<(u64, Hint)> = fresh
            .par_iter()
            .map(|&id| {
                let slot = &slots[id as usize];
                slot.read
                    .as_ref()
                    .map_or((0, slot.hint), |k| print(slot, k))
            })
            .collect();
        for (id, (f, hint)) in fresh.iter().zip(prints) {
            let slot = &mut self.keys.slots[*id as usize];
            slot.fingerprint = f;
            slot.hint = hint;
        }
        timings.fingerprints += t.elapsed();
        (rendered, touched)
    }
}

/// Drops `value` on a thread of its own: freeing a model takes tens of
/// milliseconds at 10,000 briefings, which the reload need not wait for.
/// (If no thread can be made, it is dropped here.)
fn free_later<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new()
        .name("dossier-free".into())
        .spawn(move || drop(value));
}

/// The template errors of `made`, each once.
fn check(made: &[Made]) -> Result<(), Vec<Diagnostic>> {
    let mut errors: Vec<Diagnostic> = Vec::new();
    for e in made.iter().filter_map(|m| m.html.as_ref()?.as_ref().err()) {
        if !errors.contains(e) {
            errors.push(e.clone());
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// `todo` split for fast render: the open pages to make now, the others
/// for later; all now without `open`, or when the others are few.
fn split(todo: Vec<Job>, open: Option<&Open>) -> (Vec<Job>, Vec<Job>) {
    let Some(open) = open else {
        return (todo, Vec::new());
    };
    let (mut now, later): (Vec<Job>, Vec<Job>) = todo
        .into_iter()
        .partition(|j| open.paths.contains(&j.job.path));
    if later.len() <= open.render_all_up_to {
        now.extend(later);
        return (now, Vec::new());
    }
    (now, later)
}

fn fail(mut diagnostics: Vec<Diagnostic>) -> Failure {
    crate::diag::sort(&mut diagnostics);
    Failure { diagnostics }
}

/// The output paths of `pages`, in order.
fn others_paths(pages: &[Page]) -> Vec<String> {
    pages.iter().map(|p| p.path.clone()).collect()
}

/// The data files added, changed or removed between two sites. One
/// changed if it is another `LazyFile` (its inputs moved): it is not made
/// to be compared.
fn changed_lazy<S: std::hash::BuildHasher>(
    old: &HashMap<String, Arc<LazyFile>, S>,
    new: &HashMap<String, Arc<LazyFile>, S>,
) -> Vec<String> {
    new.iter()
        .filter(|(k, v)| !old.get(*k).is_some_and(|o| Arc::ptr_eq(o, v)))
        .map(|(k, _)| k.clone())
        .chain(old.keys().filter(|k| !new.contains_key(*k)).cloned())
        .collect()
}
