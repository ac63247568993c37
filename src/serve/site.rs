//! The incremental rebuild behind `serve`: the same pipeline as `build`,
//! with what did not change kept from the last build.
//!
//! A session keeps three caches between rebuilds:
//! - every content file, parsed, with the modification time and length it
//!   was read at: a rebuild re-reads only files that an event named or whose
//!   stamp moved, so a missed or coalesced event cannot leave a stale page;
//! - the theme's files and the compiled templates, recompiled only when a
//!   template's text changed;
//! - every rendered page with the template name and Tera context it was
//!   rendered from. Model and derive are re-run in full (they are pure);
//!   `deps` then plans which pages the edit can change, only their contexts
//!   are built, and of those only the ones whose context differs from last
//!   time are rendered again.
//!
//! The result is the same set of bytes a fresh `dossier build` writes (the
//! tests compare them), held in memory and shared with the HTTP side.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use axum::body::Bytes;
use rayon::prelude::*;

use crate::build::{BuildOptions, Checked, Failure};
use crate::diag::Diagnostic;
use crate::load::Doc;
use crate::render::{Page, PageJob, Templates, ThemeFile, Views};

use super::deps::{self, Fingerprint, Plan};

/// The site as served: output path (`briefings/x/index.html`) → bytes.
pub type SiteMap = HashMap<String, Bytes>;

/// What a file event touched, by kind of file.
#[derive(Debug, Default, Clone)]
pub struct Changes {
    /// Content files named by events (absolute paths).
    pub content: Vec<PathBuf>,
    /// A template, a theme file or a static file changed.
    pub theme: bool,
    /// The configuration changed.
    pub config: bool,
}

impl Changes {
    pub fn everything() -> Changes {
        Changes {
            content: Vec::new(),
            theme: true,
            config: true,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.content.is_empty() && !self.theme && !self.config
    }

    pub fn merge(&mut self, other: Changes) {
        self.content.extend(other.content);
        self.theme |= other.theme;
        self.config |= other.config;
    }
}

/// A successful rebuild.
pub struct Built {
    pub site: Arc<SiteMap>,
    /// Output paths whose bytes differ from the previous build (added,
    /// changed or removed), sorted.
    pub changed: Vec<String>,
    /// Pages rendered by Tera this time (the rest were reused).
    pub rendered: usize,
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
    /// Of which: building the contexts of the planned pages.
    pub contexts: Duration,
    /// Of which: comparing contexts with the last build's.
    pub compare: Duration,
    /// Of which: rendering the pages whose context changed.
    pub tera: Duration,
    pub total: Duration,
}

struct CachedDoc {
    path: PathBuf,
    stamp: Option<(SystemTime, u64)>,
    fingerprint: Option<Fingerprint>,
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

struct RenderedPage {
    template: &'static str,
    context: tera::Context,
    bytes: Bytes,
}

/// The state kept between rebuilds.
pub struct Session {
    opts: BuildOptions,
    files: Vec<CachedDoc>,
    docs: Vec<Doc>,
    theme: Option<Theme>,
    generation: u64,
    pages: HashMap<String, RenderedPage>,
    pages_generation: u64,
    last: Arc<SiteMap>,
    /// The content of the last good build, to plan the next one.
    good: Option<deps::Snapshot>,
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
            pages: HashMap::new(),
            pages_generation: 0,
            last: Arc::new(SiteMap::new()),
            good: None,
        }
    }

    /// The last good site.
    pub fn site(&self) -> Arc<SiteMap> {
        self.last.clone()
    }

    /// Rebuilds after `changes`. On failure the last good site is kept.
    pub fn rebuild(&mut self, changes: &Changes) -> Result<Built, Failure> {
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
        // Content: re-read named files and any whose stamp moved.
        let named: HashSet<&Path> = changes.content.iter().map(PathBuf::as_path).collect();
        self.refresh_content(&named);
        timings.load = start.elapsed();

        let theme = self.theme.as_ref().expect("loaded above");
        let load_diags: Vec<Diagnostic> = self
            .files
            .iter()
            .filter_map(|f| f.parsed.as_ref().err().cloned())
            .collect();
        let t = Instant::now();
        let checked = crate::build::check_model(&self.opts, config, &self.docs, load_diags);
        timings.model = t.elapsed();
        let (templates, checked): (Arc<Templates>, Checked) = match (&theme.templates, checked) {
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
        let generation = theme.generation;
        let snapshot = deps::Snapshot {
            files: self
                .files
                .iter()
                .filter_map(|f| Some((f.path.clone(), f.fingerprint.clone()?)))
                .collect(),
            order: checked
                .site
                .briefings
                .iter()
                .map(|b| b.id.clone())
                .collect(),
        };
        let plan = match &self.good {
            Some(old) if !changes.config && self.pages_generation == generation => {
                deps::plan(old, &snapshot)
            }
            _ => Plan::All,
        };
        let want = |p: &str| plan.wants(p);
        let mut rendered = 0;
        let pages = &mut self.pages;
        let pages_generation = &mut self.pages_generation;
        let tm = &mut timings;
        let others =
            crate::build::render_all_with(&templates, &theme.files, &checked, |t, jobs| {
                let views = Views::new(&checked.site, &checked.derived);
                rendered = render_changed(
                    pages,
                    pages_generation,
                    generation,
                    t,
                    &views,
                    jobs,
                    &want,
                    tm,
                )?;
                Ok(Vec::new())
            })?;
        timings.render = t.elapsed();

        let mut site: SiteMap = SiteMap::with_capacity(self.pages.len() + others.len());
        for (path, p) in &self.pages {
            site.insert(path.clone(), p.bytes.clone());
        }
        for Page { path, content } in others {
            site.insert(path, Bytes::from(content));
        }
        let changed = diff(&self.last, &site);
        self.good = Some(snapshot);
        let site = Arc::new(site);
        self.last = site.clone();
        timings.total = start.elapsed();
        Ok(Built {
            pages: site.keys().filter(|p| p.ends_with(".html")).count(),
            site,
            changed,
            rendered,
            briefings: checked.site.briefings.len(),
            figures: checked.site.figures.len(),
            warnings: checked.warnings,
            timings,
        })
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

    fn refresh_content(&mut self, named: &HashSet<&Path>) {
        let root = self.opts.root.clone();
        let listed = crate::load::list_files(&root.join("content"));
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
            Keep(Box<(Result<Doc, Diagnostic>, Option<Fingerprint>)>),
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
                        Next::Keep(Box::new((doc, c.fingerprint)))
                    }
                    _ => Next::Read,
                };
                (p, s, next)
            })
            .collect();
        type Done = (
            PathBuf,
            Option<(SystemTime, u64)>,
            Result<Doc, Diagnostic>,
            Option<Fingerprint>,
        );
        let done: Vec<Done> = plan
            .into_par_iter()
            .map(|(p, s, next)| match next {
                Next::Keep(kept) => {
                    let (r, f) = *kept;
                    (p, s, r, f)
                }
                Next::Read => {
                    let r = crate::load::load_file(&root, &p);
                    let f = r.as_ref().ok().map(Fingerprint::of);
                    (p, s, r, f)
                }
            })
            .collect();
        for (path, stamp, r, fingerprint) in done {
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
                fingerprint,
                parsed,
            });
        }
    }
}

/// Renders the jobs whose template set or context changed since they were
/// last rendered; keeps the others. Returns how many were rendered.
#[allow(clippy::too_many_arguments)]
fn render_changed(
    pages: &mut HashMap<String, RenderedPage>,
    pages_generation: &mut u64,
    generation: u64,
    templates: &Templates,
    views: &Views<'_>,
    jobs: Vec<PageJob>,
    want: &(dyn Fn(&str) -> bool + Sync),
    timings: &mut Timings,
) -> Result<usize, Vec<Diagnostic>> {
    if *pages_generation != generation {
        pages.clear();
    }
    // Stale pages (a deleted briefing) go.
    let gone: Vec<String> = {
        let current: HashSet<&str> = jobs.iter().map(|j| j.path.as_str()).collect();
        pages
            .keys()
            .filter(|k| !current.contains(k.as_str()))
            .cloned()
            .collect()
    };
    // The contexts of the pages the edit can change (and of pages never
    // rendered yet), built in parallel.
    let t = Instant::now();
    let candidates: Vec<(PageJob, tera::Context)> = jobs
        .into_par_iter()
        .filter(|j| want(&j.path) || !pages.contains_key(&j.path))
        .map(|j| {
            let c = crate::render::page_context(views, j.kind);
            (j, c)
        })
        .collect();
    timings.contexts = t.elapsed();
    let t = Instant::now();
    let todo: Vec<(PageJob, tera::Context)> = candidates
        .into_par_iter()
        .filter(|(j, c)| {
            pages
                .get(&j.path)
                .is_none_or(|p| p.template != j.template || p.context != *c)
        })
        .collect();
    timings.compare = t.elapsed();
    let t = Instant::now();
    // As `render::render_pages`, by reference: the contexts are kept.
    let results: Vec<Result<String, Diagnostic>> = todo
        .par_iter()
        .map(|(j, c)| templates.render(j.template, c))
        .collect();
    timings.tera = t.elapsed();
    let mut errors: Vec<Diagnostic> = Vec::new();
    for e in results.iter().filter_map(|r| r.as_ref().err()) {
        if !errors.contains(e) {
            errors.push(e.clone());
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    for k in gone {
        pages.remove(&k);
    }
    let n = todo.len();
    for ((job, context), html) in todo.into_iter().zip(results) {
        pages.insert(
            job.path,
            RenderedPage {
                template: job.template,
                context,
                bytes: Bytes::from(html.expect("errors returned above").into_bytes()),
            },
        );
    }
    *pages_generation = generation;
    Ok(n)
}

/// Output paths added, changed or removed between two sites.
fn diff(old: &SiteMap, new: &SiteMap) -> Vec<String> {
    let mut changed: Vec<String> = new
        .iter()
        .filter(|(k, v)| {
            // Reused pages share their buffer: compare pointers first.
            !old.get(*k)
                .is_some_and(|o| (o.as_ptr() == v.as_ptr() && o.len() == v.len()) || o == *v)
        })
        .map(|(k, _)| k.clone())
        .chain(old.keys().filter(|k| !new.contains_key(*k)).cloned())
        .collect();
    changed.sort();
    changed
}
