//! The pipeline, end to end: load → model → derive → render → write.
//!
//! `check` runs every stage but writing, counting each rendered page and
//! letting it go; `build` writes pages into a fresh directory as they
//! render and swaps it in. Once the model is derived, the stages overlap:
//! the data files have a thread beside the checks and then the rendering,
//! and the writing one beside the rendering, so that no part of a build
//! keeps one core busy while the other waits. The checks run before
//! rendering, not beside it: they need the files as read, which can then
//! be let go before the pages render (beside it, they cost 30 MiB of peak
//! memory at 10,000 briefings for no measurable time), and a failed check
//! stops the build before it renders. `check` and `build` return data
//! (diagnostics, counts) and print nothing: `main.rs` decides what the
//! user sees, and hears of long builds through the `Reporter` in
//! `BuildOptions`. `serve` uses `check_model` and `render_all_with` and
//! keeps its pages in memory. Only `build` indexes the site for search: it
//! costs more than everything else together.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::derive::Derived;
use crate::diag::Diagnostic;
use crate::model::{ModelOptions, Site};
use crate::render::{Page, PageJob, Templates};

/// What the user asked for.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The dossier's directory (holds dossier.yaml, content/, templates/, themes/).
    pub root: PathBuf,
    /// The configuration file; `root/dossier.yaml` by default.
    pub config: Option<PathBuf>,
    /// Overrides the configuration's base_url.
    pub base_url: Option<String>,
    /// Where the site goes; relative paths are relative to the current directory.
    pub output: PathBuf,
    pub drafts: bool,
    /// Warnings fail the build.
    pub strict: bool,
    /// Build the full-text search index (`build` only; on when the binary
    /// has the `search` feature).
    pub search: bool,
    /// Replace an existing output directory that dossier did not write
    /// (never the dossier's own sources, a file or a git repository).
    pub force: bool,
    /// Told what the build is doing, for a progress display.
    pub progress: Reporter,
}

/// The stages of a build, in order, as `Progress` reports them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Reading and checking the content and the theme.
    Load,
    /// Rendering pages; counted in pages.
    Render,
    /// Building the search index; counted in pages.
    Index,
    /// Writing the output directory; counted in files.
    Write,
}

/// One progress report: `done` of `total` steps of `stage` (`total` is 0
/// for a stage that is not counted). Each stage is first reported with
/// `done == 0`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub stage: Stage,
    pub done: usize,
    pub total: usize,
}

/// Where progress reports go: a callback the caller provides (the library
/// prints nothing), or nowhere.
#[derive(Clone, Default)]
pub struct Reporter(Option<Arc<dyn Fn(Progress) + Send + Sync>>);

impl Reporter {
    pub fn new(f: impl Fn(Progress) + Send + Sync + 'static) -> Self {
        Reporter(Some(Arc::new(f)))
    }

    pub fn report(&self, stage: Stage, done: usize, total: usize) {
        if let Some(f) = &self.0 {
            f(Progress { stage, done, total });
        }
    }
}

impl std::fmt::Debug for Reporter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "Reporter(callback)"
        } else {
            "Reporter(none)"
        })
    }
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        BuildOptions {
            output: root.join("public"),
            root,
            config: None,
            base_url: None,
            drafts: false,
            strict: false,
            search: crate::search::AVAILABLE,
            force: false,
            progress: Reporter::default(),
        }
    }

    pub fn config_path(&self) -> PathBuf {
        self.config
            .clone()
            .unwrap_or_else(|| self.root.join("dossier.yaml"))
    }
}

/// A successful check or build.
#[derive(Debug)]
pub struct Report {
    pub pages: usize,
    pub files: usize,
    pub briefings: usize,
    pub figures: usize,
    pub warnings: Vec<Diagnostic>,
    /// Pages in the search index, if one was built.
    pub indexed: Option<usize>,
    pub elapsed: Duration,
}

/// A failed check or build: every problem, sorted, warnings included.
#[derive(Debug)]
pub struct Failure {
    pub diagnostics: Vec<Diagnostic>,
}

impl Failure {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
}

fn fail(mut diagnostics: Vec<Diagnostic>) -> Failure {
    crate::diag::sort(&mut diagnostics);
    Failure { diagnostics }
}

/// Reads the configuration, with `--base-url` applied.
pub fn load_config(opts: &BuildOptions) -> Result<Config, Failure> {
    let path = opts.config_path();
    let shown = crate::diag::display_path(&opts.root, &path);
    let mut config = crate::config::load_config(&path, &shown).map_err(fail)?;
    if let Some(url) = &opts.base_url {
        config
            .set_base_url(url)
            .map_err(|m| fail(vec![Diagnostic::error("--base-url", m)]))?;
    }
    Ok(config)
}

/// The model and its derived indexes, with the warnings found on the way.
pub struct Checked {
    pub site: Site,
    /// Shared: `serve` keeps it whole when an edit changes only bodies.
    pub derived: std::sync::Arc<Derived>,
    pub warnings: Vec<Diagnostic>,
}

/// The ids of content files whose load failed, from their diagnostics: each
/// file's name and its figures' ids (`load::declared_ids`).
fn unloaded_ids(root: &Path, load_diags: &[Diagnostic]) -> std::collections::HashSet<String> {
    let failed: std::collections::BTreeSet<&Path> = load_diags
        .iter()
        .filter(|d| d.is_error() && d.file.extension().is_some_and(|x| x == "md"))
        .map(|d| d.file.as_path())
        .collect();
    failed
        .into_iter()
        .flat_map(|file| {
            let text = std::fs::read_to_string(root.join(file)).unwrap_or_default();
            crate::load::declared_ids(file, &text)
        })
        .collect()
}

/// Loads and validates everything. Errors (and, with `strict`, warnings) fail.
pub fn check_model(
    opts: &BuildOptions,
    config: Config,
    docs: &[crate::load::Doc],
    load_diags: Vec<Diagnostic>,
) -> Result<Checked, Failure> {
    checked(opts, config, docs, load_diags, None)
}

/// `check_model` for a caller that keeps `docs` between builds (`serve`):
/// what the model finds of each doc is kept with it and used again while
/// its inputs are the same (`ModelOptions::keep`). The result is the same.
/// `last` is the last good result, whose ledger is kept if its inputs did
/// not change (`derive::derive_keeping`).
pub fn check_model_keeping(
    opts: &BuildOptions,
    config: Config,
    docs: &[crate::load::Doc],
    load_diags: Vec<Diagnostic>,
    last: Option<&Checked>,
) -> Result<Checked, Failure> {
    checked(opts, config, docs, load_diags, Some(last))
}

/// `keep`: `None` keeps nothing; `Some(last)` keeps with the docs and
/// from the last result.
fn checked(
    opts: &BuildOptions,
    config: Config,
    docs: &[crate::load::Doc],
    load_diags: Vec<Diagnostic>,
    keep: Option<Option<&Checked>>,
) -> Result<Checked, Failure> {
    let (site, derived, diags) = model_and_derive(opts, config, docs, load_diags, keep)?;
    let checks = crate::derive::checks::check(&site, &derived, docs);
    let warnings = conclude(opts, diags, checks)?;
    Ok(Checked {
        site,
        derived: derived.into(),
        warnings,
    })
}

/// The first half of `check_model`: the model, if it has no error, and
/// its derived indexes, with the warnings found so far.
fn model_and_derive(
    opts: &BuildOptions,
    config: Config,
    docs: &[crate::load::Doc],
    load_diags: Vec<Diagnostic>,
    keep: Option<Option<&Checked>>,
) -> Result<(Site, Derived, Vec<Diagnostic>), Failure> {
    let (site, mut diags) = crate::model::build(
        config,
        docs,
        &ModelOptions {
            drafts: opts.drafts,
            unloaded: unloaded_ids(&opts.root, &load_diags),
            keep: keep.is_some(),
        },
    );
    diags.extend(load_diags);
    let Some(site) = site.filter(|_| !diags.iter().any(Diagnostic::is_error)) else {
        return Err(fail(diags));
    };
    let derived = match keep {
        Some(last) => crate::derive::derive_keeping(&site, last.map(|c| &*c.derived)),
        None => crate::derive::derive(&site),
    };
    Ok((site, derived, diags))
}

/// The second half of `check_model`, once the checks have run: the
/// warnings, sorted, or the failure if there is an error (or, with
/// `strict`, a warning).
fn conclude(
    opts: &BuildOptions,
    mut diags: Vec<Diagnostic>,
    checks: Vec<Diagnostic>,
) -> Result<Vec<Diagnostic>, Failure> {
    diags.extend(checks);
    if diags.iter().any(Diagnostic::is_error) || (opts.strict && !diags.is_empty()) {
        if opts.strict {
            for d in &mut diags {
                d.severity = crate::diag::Severity::Error;
            }
        }
        return Err(fail(diags));
    }
    crate::diag::sort(&mut diags);
    Ok(diags)
}

/// Loads, checks and renders, with the step that renders the page jobs
/// supplied by the caller, and a sink that takes each data file (see
/// `check_and_render`): `check` counts each page and lets it go,
/// `build` writes each batch and data file as it comes.
fn generate_with(
    opts: &BuildOptions,
    render: impl FnOnce(&Templates, &Checked, Vec<PageJob>) -> Result<Vec<Page>, Vec<Diagnostic>>,
    sink: &DataTaker<'_>,
) -> Result<(Vec<Page>, Checked), Failure> {
    opts.progress.report(Stage::Load, 0, 0);
    let config = load_config(opts)?;
    let theme_files = crate::render::theme_files(&opts.root, &config.theme).map_err(fail)?;
    // The templates compile while the content loads: neither needs the other.
    let (templates, loaded) = rayon::join(
        || Templates::load(&theme_files),
        || crate::load::load(&opts.root),
    );
    let model = model_and_derive(opts, config, &loaded.docs, loaded.diagnostics, None);
    let docs = loaded.docs;
    // Report template and content problems together.
    let (templates, (site, derived, diags)) = match (templates, model) {
        (Ok(t), Ok(m)) => (t, m),
        (t, m) => {
            let mut diags = Vec::new();
            if let Err(e) = t {
                diags.extend(e);
            }
            match m {
                Ok((site, derived, found)) => {
                    let checks = crate::derive::checks::check(&site, &derived, &docs);
                    diags.extend(
                        conclude(opts, found, checks)
                            .err()
                            .map(|f| f.diagnostics)
                            .into_iter()
                            .flatten(),
                    );
                }
                Err(f) => diags.extend(f.diagnostics),
            }
            return Err(fail(diags));
        }
    };
    let mut checked = Checked {
        site,
        derived: derived.into(),
        warnings: Vec::new(),
    };
    // Nothing renders before the checks pass: the warnings are only known
    // then, and no page reads them.
    let (pages, warnings) = check_and_render(
        opts,
        &templates,
        &theme_files,
        &checked,
        (docs, diags),
        |t, jobs| render(t, &checked, jobs),
        sink,
    )?;
    checked.warnings = warnings;
    Ok((pages, checked))
}

/// Where `build` and `check` send each data file: given its path and the
/// function that writes its bytes, a taker writes them somewhere (`build`
/// streams them into the output). It runs on a thread of its own, beside
/// the pages.
pub type DataTaker<'s> =
    dyn Fn(&str, crate::render::export::WriteData<'_>) -> Result<(), Diagnostic> + Sync + 's;

/// The rest of `build` and `check` once the model is derived: the checks,
/// then the pages, with the data files made on a thread of their own
/// beside both. The checks and the data files are each one core's work
/// (dossier.json alone is tens of megabytes at 10,000 briefings): made
/// one after the other, or the data files after the pages, they would
/// keep one core busy and the other idle. The checks read the files as
/// read (`found`: the docs, and the diagnostics so far), which are let go
/// before the pages render (see the module doc); if they fail, the data
/// files stop where they are and nothing renders. `taker` gets each data
/// file; none is returned. The sitemap and the rest are made as
/// `render_all_with_data` makes them, from the same paths, so the bytes
/// are the same. Returns the pages and the warnings.
fn check_and_render(
    opts: &BuildOptions,
    templates: &Templates,
    theme_files: &[crate::render::ThemeFile],
    checked: &Checked,
    found: (Vec<crate::load::Doc>, Vec<Diagnostic>),
    render: impl FnOnce(&Templates, Vec<PageJob>) -> Result<Vec<Page>, Vec<Diagnostic>>,
    taker: &DataTaker<'_>,
) -> Result<(Vec<Page>, Vec<Diagnostic>), Failure> {
    let (site, derived) = (&checked.site, &checked.derived);
    let (docs, diags) = found;
    let stop = AtomicBool::new(false);
    let (pages, data, warnings, job_paths) = std::thread::scope(|s| {
        let data = s.spawn(|| {
            let views = crate::render::Views::new(site, derived);
            crate::render::export::each_data_file(&views, &|path, write| {
                taker(path, &mut |out| write(&mut Stoppable { out, stop: &stop }))
            })
        });
        let checks = crate::derive::checks::check(site, derived, &docs);
        // Letting go of the files as read (tens of megabytes in many
        // small pieces) is a core's work for a while: done beside the
        // render rather than before it.
        s.spawn(move || drop(docs));
        let warnings = match conclude(opts, diags, checks) {
            Ok(w) => w,
            Err(f) => {
                // The data files are for a build that stops here.
                stop.store(true, Ordering::Relaxed);
                let _ = data.join();
                return Err(f);
            }
        };
        let jobs = crate::render::page_jobs(site, derived);
        let job_paths: Vec<String> = jobs.iter().map(|j| j.path.clone()).collect();
        let pages = render(templates, jobs);
        let data = data.join().unwrap_or_else(|_| {
            Err(Diagnostic::error(
                "data",
                "the data files could not be made: their thread panicked",
            ))
        });
        Ok((pages, data, warnings, job_paths))
    })?;
    let mut pages = pages.map_err(fail)?;
    data.map_err(|d| fail(vec![d]))?;
    finish_site(templates, theme_files, checked, &job_paths, &mut pages)?;
    Ok((pages, warnings))
}

/// A data file's writer that fails once `stop` is set: the data files of
/// a build whose checks failed end at their next write.
struct Stoppable<'a> {
    out: &'a mut dyn std::io::Write,
    stop: &'a AtomicBool,
}

impl std::io::Write for Stoppable<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.stop.load(Ordering::Relaxed) {
            return Err(std::io::Error::other("the build stopped"));
        }
        self.out.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// Renders every page of a checked dossier, plus its static files, the
/// feed, the sitemap, robots.txt and the search page, with the step that
/// turns page jobs into pages supplied by the caller.
///
/// `serve` passes one that builds the contexts of only the pages
/// an edit can change, renders only those whose context changed, and keeps
/// the other pages itself, and a data sink that keeps the data files whose
/// inputs did not change; it gets back the rest of the site (static files
/// and anything else added here), so everything else is shared with `build`.
pub fn render_all_with(
    templates: &Templates,
    theme_files: &[crate::render::ThemeFile],
    checked: &Checked,
    render: impl FnOnce(&Templates, Vec<PageJob>) -> Result<Vec<Page>, Vec<Diagnostic>>,
) -> Result<Vec<Page>, Failure> {
    render_all_with_data(templates, theme_files, checked, render, &|path, write| {
        crate::render::export::in_memory(path, write).map(Some)
    })
}

/// Where the data files go, one by one: given each one's path and the
/// function that writes its bytes (called only if the sink wants them), a
/// sink returns the file as a page to keep with the others (made in memory,
/// `export::in_memory`), or `None` if it took it (`build` streams each
/// straight into the output). It is called again while it writes a file
/// (see `export::Sink`).
pub type DataSink<'s> =
    dyn Fn(&str, crate::render::export::WriteData<'_>) -> Result<Option<Page>, Diagnostic> + 's;

/// `render_all_with`, handing the data files to `sink` one by one (see
/// `DataSink`; `serve` keeps those whose inputs did not change): it returns
/// the ones it did not take, to be returned with the other pages.
pub fn render_all_with_data(
    templates: &Templates,
    theme_files: &[crate::render::ThemeFile],
    checked: &Checked,
    render: impl FnOnce(&Templates, Vec<PageJob>) -> Result<Vec<Page>, Vec<Diagnostic>>,
    sink: &DataSink<'_>,
) -> Result<Vec<Page>, Failure> {
    let (site, derived) = (&checked.site, &checked.derived);
    let jobs = crate::render::page_jobs(site, derived);
    let job_paths: Vec<String> = jobs.iter().map(|j| j.path.clone()).collect();
    let mut pages = render(templates, jobs).map_err(fail)?;
    let views = crate::render::Views::new(site, derived);
    let data = std::cell::RefCell::new(Vec::new());
    crate::render::export::each_data_file(&views, &|path, write| {
        let page = sink(path, write)?;
        data.borrow_mut().extend(page);
        Ok(())
    })
    .map_err(|d| fail(vec![d]))?;
    pages.extend(data.into_inner());
    finish_site(templates, theme_files, checked, &job_paths, &mut pages)?;
    Ok(pages)
}

/// Adds the static files, then the search page, the feed, the sitemap and
/// robots.txt, to the pages made so far.
fn finish_site(
    templates: &Templates,
    theme_files: &[crate::render::ThemeFile],
    checked: &Checked,
    job_paths: &[String],
    pages: &mut Vec<Page>,
) -> Result<(), Failure> {
    pages.extend(crate::render::static_pages(theme_files));
    // Last: the sitemap lists every page above (all of them, even when
    // `render` returned only those that changed).
    let paths = job_paths
        .iter()
        .chain(pages.iter().map(|p| &p.path))
        .map(String::as_str);
    let published =
        crate::publish::pages(templates, &checked.site, &checked.derived, paths).map_err(fail)?;
    pages.extend(published);
    Ok(())
}

/// Renders page jobs in batches, handing each batch to `sink` (which may
/// write it and let it go) and reporting progress after each. Every
/// template error is reported; after the first, nothing more is sunk.
pub fn render_batches(
    templates: &Templates,
    checked: &Checked,
    jobs: Vec<PageJob>,
    progress: &Reporter,
    sink: &mut dyn FnMut(Vec<Page>) -> Result<(), Diagnostic>,
) -> Result<(), Vec<Diagnostic>> {
    let total = jobs.len();
    progress.report(Stage::Render, 0, total);
    // Batches big enough to keep every core busy, small enough to show
    // progress and to hold little of the site in memory at once: about
    // three batches are alive at a time (one rendering, one waiting, one
    // being written). At 10,000 briefings, 128 pages rather than 339 took
    // `build --no-search`'s peak from ~300 to ~280 MB, at the same speed;
    // 64 rather than 128, from ~314 to ~295 MB written to disk (~294 to
    // ~280 MB into tmpfs), once rows, links and headers were kept.
    let batch = (total / 50).clamp(32, 64);
    let mut errors: Vec<Diagnostic> = Vec::new();
    let mut done = 0;
    // One view for every batch: it makes each figure's claim once.
    let views = crate::render::Views::new(&checked.site, &checked.derived).with_rows(templates);
    for chunk in jobs.chunks(batch) {
        match crate::render::render_with(templates, &views, chunk.to_vec()) {
            Ok(p) if errors.is_empty() => {
                if let Err(d) = sink(p) {
                    return Err(vec![d]);
                }
            }
            Ok(_) => {}
            Err(e) => {
                for d in e {
                    if !errors.contains(&d) {
                        errors.push(d);
                    }
                }
            }
        }
        done += chunk.len();
        progress.report(Stage::Render, done, total);
    }
    views.release();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// What a build has written so far, for its report and its search index.
#[derive(Default)]
struct Tally {
    files: usize,
    html: usize,
    /// HTML pages the theme marked for search (see `search::marked`).
    marked: Vec<String>,
}

impl Tally {
    /// Counts pages without keeping anything (`check`).
    fn count(&mut self, pages: &[Page]) {
        self.files += pages.len();
        self.html += pages.iter().filter(|p| p.path.ends_with(".html")).count();
    }

    /// Counts written pages and, if `search`, notes those marked for it
    /// (`build`; finding the mark reads each page, for nothing without a
    /// search index).
    fn add(&mut self, pages: &[Page], search: bool) {
        self.files += pages.len();
        for p in pages.iter().filter(|p| p.path.ends_with(".html")) {
            self.html += 1;
            if search && crate::search::marked(p) {
                self.marked.push(p.path.clone());
            }
        }
    }
}

/// `dossier check`: everything but writing.
pub fn check(opts: &BuildOptions) -> Result<Report, Failure> {
    let start = Instant::now();
    // Every page is rendered, counted and let go: like `build`, `check`
    // never holds the whole site.
    let mut tally = Tally::default();
    let data_files = AtomicUsize::new(0);
    let (rest, checked) = generate_with(
        opts,
        |t, checked, jobs| {
            render_batches(t, checked, jobs, &opts.progress, &mut |batch| {
                tally.count(&batch);
                Ok(())
            })?;
            Ok(Vec::new())
        },
        &|path, write| {
            // Serialized to nowhere: any error shows, nothing is kept.
            write(&mut std::io::sink())
                .map_err(|e| Diagnostic::error(path, format!("cannot write {path}: {e}")))?;
            data_files.fetch_add(1, Ordering::Relaxed);
            Ok(())
        },
    )?;
    tally.files += data_files.into_inner();
    tally.count(&rest);
    Ok(report(&tally, &checked, start))
}

/// `dossier build`: generate, writing pages into a fresh tree as they
/// render (the site is never whole in memory), index the written pages for
/// search, then swap the tree in. Any failure drops the fresh tree and
/// leaves the output as it was.
///
/// The work overlaps: rayon's threads render the pages, batch by batch;
/// a writer writes each rendered batch (with threads of its own) while the
/// next renders, and hands it to the search index; a third thread makes
/// the data files and streams them in. Before, each batch was written
/// while none rendered, and the data files were made last, on one core.
pub fn build(opts: &BuildOptions) -> Result<Report, Failure> {
    let start = Instant::now();
    guard_output(opts)?;
    let cannot_write =
        |e: std::io::Error| Diagnostic::error(&opts.output, format!("cannot write the site: {e}"));
    let writer =
        crate::write::Writer::begin(&opts.output).map_err(|e| fail(vec![cannot_write(e)]))?;
    let indexer = (opts.search && crate::search::AVAILABLE).then(crate::search::Indexer::start);
    let data_files = AtomicUsize::new(0);
    let (generated, written) = std::thread::scope(|s| {
        // No queue: a batch renders while the last one is written, then
        // waits for the writer, so the site never piles up in memory
        // (two batches at most, as before the writer had a thread).
        let (batches, received) = std::sync::mpsc::sync_channel::<Vec<Page>>(0);
        let (writer, indexer) = (&writer, &indexer);
        let written = s.spawn(move || -> std::io::Result<Tally> {
            // Threads of its own, so that a batch is written while rayon's
            // render the next, instead of waiting in their queue.
            let pool = rayon::ThreadPoolBuilder::new()
                .thread_name(|i| format!("dossier-write-{i}"))
                .build()
                .map_err(std::io::Error::other)?;
            let mut tally = Tally::default();
            for batch in received {
                pool.install(|| writer.write(&batch))?;
                tally.add(&batch, indexer.is_some());
                if let Some(indexer) = indexer {
                    indexer.add(batch);
                }
            }
            Ok(tally)
        });
        let generated = generate_with(
            opts,
            move |t, checked, jobs| {
                render_batches(t, checked, jobs, &opts.progress, &mut |batch| {
                    // A closed channel means the writer stopped on an
                    // error, which its join below reports.
                    batches
                        .send(batch)
                        .map_err(|_| Diagnostic::error(&opts.output, "cannot write the site"))
                })?;
                Ok(Vec::new())
            },
            &|path, write| {
                writer.stream(path, write).map_err(cannot_write)?;
                data_files.fetch_add(1, Ordering::Relaxed);
                Ok(())
            },
        );
        let written = written
            .join()
            .unwrap_or_else(|_| Err(std::io::Error::other("the writing thread panicked")));
        (generated, written)
    });
    // The writer's own error says more than the closed channel it left.
    let mut tally = written.map_err(|e| fail(vec![cannot_write(e)]))?;
    let (rest, checked) = generated?;
    tally.files += data_files.into_inner();
    writer
        .write(&rest)
        .map_err(|e| fail(vec![cannot_write(e)]))?;
    tally.add(&rest, indexer.is_some());
    let indexed = if let Some(indexer) = indexer {
        indexer.add(rest);
        let n = tally.marked.len();
        opts.progress.report(Stage::Index, 0, n);
        let files = indexer.finish().map_err(|d| fail(vec![d]))?;
        opts.progress.report(Stage::Index, n, n);
        writer
            .write(&files)
            .map_err(|e| fail(vec![cannot_write(e)]))?;
        tally.files += files.len();
        Some(n)
    } else {
        None
    };
    // The pages went to disk as they rendered; what is left is the swap.
    opts.progress.report(Stage::Write, 0, tally.files);
    writer.commit().map_err(|e| fail(vec![cannot_write(e)]))?;
    opts.progress.report(Stage::Write, tally.files, tally.files);
    let mut r = report(&tally, &checked, start);
    r.indexed = indexed;
    // The model is let go of on a thread of its own, so that the report
    // need not wait for it (nor the process, which ends with it).
    std::thread::spawn(move || drop(checked));
    Ok(r)
}

fn report(tally: &Tally, checked: &Checked, start: Instant) -> Report {
    Report {
        pages: tally.html,
        files: tally.files,
        briefings: checked.site.briefings.len(),
        figures: checked.site.figures.len(),
        warnings: checked.warnings.clone(),
        indexed: None,
        elapsed: start.elapsed(),
    }
}

/// The dossier's own files, which no output directory may be, hold or lie in.
fn protected(opts: &BuildOptions) -> Vec<crate::write::Protected> {
    use crate::write::Protected;
    let mut v = vec![Protected {
        path: opts.root.clone(),
        what: "the dossier's root".into(),
        may_hold_output: true,
    }];
    for dir in ["content", "templates", "static", "themes"] {
        v.push(Protected {
            path: opts.root.join(dir),
            what: format!("the dossier's `{dir}/`"),
            may_hold_output: false,
        });
    }
    v.push(Protected {
        path: opts.config_path(),
        what: "the configuration file".into(),
        may_hold_output: false,
    });
    v
}

/// Refuses an output directory that dossier must not replace (see
/// `write::check_target`), with what to do instead.
fn guard_output(opts: &BuildOptions) -> Result<(), Failure> {
    use crate::write::{Overlap, Refusal};
    let out = &opts.output;
    let shown = out.display();
    let Err(refusal) = crate::write::check_target(out, &protected(opts), opts.force) else {
        return Ok(());
    };
    let d = match refusal {
        Refusal::Sources { what, how } => {
            let message = match how {
                Overlap::Is => format!("`{shown}` is {what}: the site cannot be written there"),
                Overlap::Holds => format!(
                    "`{shown}` holds {what}: building there would replace the dossier's own files"
                ),
                Overlap::Inside => {
                    format!("`{shown}` is inside {what}: the site cannot be written among the dossier's sources")
                }
            };
            Diagnostic::error(out, message).with_help(
                "choose an output directory outside content/, templates/, static/ and themes/, \
                 such as `public` (the default); --force does not change this",
            )
        }
        Refusal::NotADirectory => Diagnostic::error(out, format!("`{shown}` exists and is not a directory"))
            .with_help("choose another output directory, or move the file out of the way"),
        Refusal::Repository => Diagnostic::error(
            out,
            format!("`{shown}` is a git repository: a build replaces its output directory whole, history included"),
        )
        .with_help("build into another directory (e.g. `public`) and copy the files in; --force does not change this"),
        Refusal::NotOurs { example } => Diagnostic::error(
            out,
            format!(
                "`{shown}` holds files that dossier did not write (e.g. `{}`)",
                example.display()
            ),
        )
        .with_help(format!(
            "a build replaces its output directory whole; choose a new or empty directory, \
             or pass --force if everything in `{shown}` may be deleted"
        )),
    };
    Err(fail(vec![d]))
}

#[cfg(test)]
mod tests {
    //! What `check_model_keeping` keeps with each doc is used again only
    //! while it is what a fresh check would find.

    use std::collections::BTreeMap;

    use super::*;
    use crate::model::fixture::{config, docs};

    /// Everything a `Checked` holds (or a failure's diagnostics), as text,
    /// its maps in order.
    fn shown(c: &Result<Checked, Failure>) -> String {
        let c = match c {
            Ok(c) => c,
            Err(f) => return format!("failure: {:#?}", f.diagnostics),
        };
        fn sorted<V: std::fmt::Debug>(m: &foldhash::HashMap<String, V>) -> String {
            format!("{:#?}", m.iter().collect::<BTreeMap<_, _>>())
        }
        let (s, d) = (&c.site, &c.derived);
        let mut drafts: Vec<&String> = s.excluded_drafts.iter().collect();
        drafts.sort();
        [
            format!("{:#?}", (&s.home, &s.briefings, &s.actors, &s.places)),
            format!("{:#?}", (&s.sources, &s.figures, &s.tags, drafts)),
            sorted(&s.briefing_ix),
            sorted(&s.actor_ix),
            sorted(&s.place_ix),
            sorted(&s.source_ix),
            sorted(&s.figure_ix),
            sorted(&s.kind_ix),
            sorted(&d.actors),
            sorted(&d.places),
            sorted(&d.sources),
            sorted(&d.tags),
            sorted(&d.children),
            format!("{:#?}", (&d.timeline, &d.superseded_by, &d.relayed_by)),
            format!("{:#?}", (&d.changes, &d.ledger)),
            format!("warnings: {:#?}", c.warnings),
        ]
        .join("\n")
    }

    const FIGURE: &str = "  - measure: killed\n    count: 18\n    as_of: 2022-01-06\n    claimed_by: ministry\n    source: moh\n";

    fn briefing(date: &str, count: u64, extra: &str) -> String {
        format!(
            "---\ntitle: B\ndate: {date}\nactors: [tokaev, ministry]\nplaces: [almaty]\n\
             {extra}figures:\n{}  - id: b-toll\n    measure: killed\n    count: {count}\n    \
             as_of: 2022-01-07\n    claimed_by: ministry\n    source: moh\n---\n\
             Body with [[almaty]] and [[moh]], and 18 killed.\n",
            FIGURE.replace("count: 18", "count: 16")
        )
    }

    #[test]
    fn a_kept_check_is_a_fresh_one_after_each_edit() {
        let opts = BuildOptions::new("/d");
        let mut files: BTreeMap<String, String> = [
            ("sources/moh.md", "---\ntitle: Statement\noutlet: Ministry\npublished: 2022-01-06\n---\n".to_string()),
            ("sources/wire.md", "---\ntitle: Wire\noutlet: Agency\npublished: 2022-01-05\n---\n".to_string()),
            ("actors/tokayev.md", "---\nname: Tokayev\n---\nSee [[b1]].\n".to_string()),
            ("actors/ministry.md", "---\nname: Ministry\n---\n".to_string()),
            ("places/almaty.md", "---\nname: Almaty\n---\n".to_string()),
            ("briefings/b1.md", briefing("2022-01-07", 20, "")),
            ("briefings/b2.md", briefing("2022-01-08", 21, "sources: [wire]\n").replace("b-toll", "b2-toll")),
            ("briefings/b3.md", "---\ntitle: C\ndate: 2022-01-09\ntags: [Unrest]\n---\nSee [[b-toll]] and [[b2]].\n".to_string()),
        ]
        .into_iter()
        .map(|(p, t)| (p.to_string(), t))
        .collect();
        // The docs a session holds: a changed file is parsed again, the
        // others keep what was kept with them.
        let mut kept: BTreeMap<String, crate::load::Doc> = BTreeMap::new();
        // The last good result, as a session holds it (none after a failure).
        let mut last: Option<Checked> = None;
        let mut step = |files: &BTreeMap<String, String>, what: &str| {
            kept.retain(|p, _| files.contains_key(p));
            for (p, text) in files {
                let same = kept.get(p).is_some_and(|d| d.text == *text);
                if !same {
                    kept.insert(p.clone(), docs(&[(p, text)]).remove(0));
                }
            }
            let held: Vec<crate::load::Doc> = kept.values().cloned().collect();
            let pairs: Vec<(&str, &str)> = files
                .iter()
                .map(|(p, t)| (p.as_str(), t.as_str()))
                .collect();
            let fresh = check_model(&opts, config(), &docs(&pairs), Vec::new());
            let again = check_model_keeping(&opts, config(), &held, Vec::new(), last.as_ref());
            assert_eq!(shown(&again), shown(&fresh), "after {what}");
            last = again.ok();
            // Kept on the copies: the next step starts from them.
            for (d, p) in held.into_iter().zip(files.keys()) {
                kept.insert(p.clone(), d);
            }
            fresh.is_ok()
        };
        assert!(step(&files, "the first check"));
        assert!(step(&files, "no edit"));
        let edits: Vec<(&str, &str, &str, &str)> = vec![
            (
                "a date",
                "briefings/b1.md",
                "date: 2022-01-07",
                "date: 2022-01-10",
            ),
            ("a count", "briefings/b1.md", "count: 20", "count: 25"),
            (
                "a name",
                "actors/ministry.md",
                "name: Ministry",
                "name: Interior Ministry",
            ),
            (
                "a reference",
                "briefings/b2.md",
                "sources: [wire]",
                "sources: [moh]",
            ),
            ("a typo fixed", "briefings/b1.md", "[tokaev,", "[tokayev,"),
            ("a figure id", "briefings/b1.md", "id: b-toll", "id: b-dead"),
            (
                "a link to it",
                "briefings/b3.md",
                "[[b-toll]]",
                "[[b-dead]]",
            ),
            ("a link", "briefings/b3.md", "[[b2]]", "[[b1]]"),
        ];
        for (what, path, from, to) in edits {
            let text = files[path].replacen(from, to, 1);
            assert_ne!(text, files[path], "{what}: the edit applies");
            files.insert(path.to_string(), text);
            let ok = step(&files, what);
            // Only the figure's new id breaks a link, until it follows.
            assert_eq!(ok, what != "a figure id", "{what}");
        }
        // A file added: a profile for the id named without one (the typo
        // warning goes), and a source that a reference then finds.
        files.insert("actors/tokaev.md".into(), "---\nname: Tokaev\n---\n".into());
        step(&files, "an actor added");
        let moh = files.remove("sources/moh.md").unwrap();
        assert!(!step(&files, "a source removed"), "references to it fail");
        files.insert("sources/moh.md".into(), moh);
        assert!(step(&files, "the source back"));
        files.remove("actors/tokaev.md");
        step(&files, "the actor removed");
        files.remove("places/almaty.md");
        step(&files, "a place removed");
    }
}
