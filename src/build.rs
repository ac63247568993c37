//! The pipeline, end to end: load → model → derive → render → write.
//!
//! `check` runs every stage but writing; `build` writes the result into a
//! fresh directory and swaps it in. Both return data (pages, diagnostics,
//! counts) and print nothing: `main.rs` decides what the user sees. `serve`
//! uses `generate`, which stops before writing.

use std::path::{Path, PathBuf};
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
    pub derived: Derived,
    pub warnings: Vec<Diagnostic>,
}

/// Loads and validates everything. Errors (and, with `strict`, warnings) fail.
pub fn check_model(
    opts: &BuildOptions,
    config: Config,
    docs: &[crate::load::Doc],
    load_diags: Vec<Diagnostic>,
) -> Result<Checked, Failure> {
    let (site, mut diags) = crate::model::build(
        config,
        docs,
        &ModelOptions {
            drafts: opts.drafts,
        },
    );
    diags.extend(load_diags);
    let Some(site) = site.filter(|_| !diags.iter().any(Diagnostic::is_error)) else {
        return Err(fail(diags));
    };
    let derived = crate::derive::derive(&site);
    diags.extend(crate::checks::check(&site, &derived, docs));
    if diags.iter().any(Diagnostic::is_error) || (opts.strict && !diags.is_empty()) {
        if opts.strict {
            for d in &mut diags {
                d.severity = crate::diag::Severity::Error;
            }
        }
        return Err(fail(diags));
    }
    crate::diag::sort(&mut diags);
    Ok(Checked {
        site,
        derived,
        warnings: diags,
    })
}

/// Everything up to rendering, in memory: the pages and static files.
pub fn generate(opts: &BuildOptions) -> Result<(Vec<Page>, Checked), Failure> {
    let config = load_config(opts)?;
    let theme_files = crate::render::theme_files(&opts.root, &config.theme).map_err(fail)?;
    let templates = Templates::load(&theme_files);
    let loaded = crate::load::load(&opts.root);
    let checked = check_model(opts, config, &loaded.docs, loaded.diagnostics);
    // Report template and content problems together.
    let (templates, checked) = match (templates, checked) {
        (Ok(t), Ok(c)) => (t, c),
        (t, c) => {
            let mut diags = Vec::new();
            if let Err(e) = t {
                diags.extend(e);
            }
            if let Err(f) = c {
                diags.extend(f.diagnostics);
            }
            return Err(fail(diags));
        }
    };
    let pages = render_all(&templates, &theme_files, &checked)?;
    Ok((pages, checked))
}

/// Renders every page of a checked dossier, plus its static files.
pub fn render_all(
    templates: &Templates,
    theme_files: &[crate::render::ThemeFile],
    checked: &Checked,
) -> Result<Vec<Page>, Failure> {
    render_all_with(templates, theme_files, checked, |t, jobs| {
        crate::render::render_pages(t, &checked.site, &checked.derived, jobs)
    })
}

/// `render_all` with the step that turns page jobs into pages supplied by
/// the caller. `serve` passes one that builds the contexts of only the pages
/// an edit can change, renders only those whose context changed, and keeps
/// the other pages itself; it gets back the rest of the site (static files
/// and anything else added here), so everything else is shared with `build`.
pub fn render_all_with(
    templates: &Templates,
    theme_files: &[crate::render::ThemeFile],
    checked: &Checked,
    render: impl FnOnce(&Templates, Vec<PageJob>) -> Result<Vec<Page>, Vec<Diagnostic>>,
) -> Result<Vec<Page>, Failure> {
    let jobs = crate::render::page_jobs(&checked.site, &checked.derived);
    let mut pages = render(templates, jobs).map_err(fail)?;
    let views = crate::render::Views::new(&checked.site, &checked.derived);
    pages.extend(crate::render::export::data_pages(&views).map_err(|d| fail(vec![d]))?);
    pages.extend(crate::render::static_pages(theme_files));
    Ok(pages)
}

/// `dossier check`: everything but writing.
pub fn check(opts: &BuildOptions) -> Result<Report, Failure> {
    let start = Instant::now();
    let (pages, checked) = generate(opts)?;
    Ok(report(&pages, &checked, start))
}

/// `dossier build`: generate, then write atomically.
pub fn build(opts: &BuildOptions) -> Result<Report, Failure> {
    let start = Instant::now();
    guard_output(opts)?;
    let (pages, checked) = generate(opts)?;
    crate::write::write_site(&opts.output, &pages).map_err(|e| {
        fail(vec![Diagnostic::error(
            &opts.output,
            format!("cannot write the site: {e}"),
        )])
    })?;
    Ok(report(&pages, &checked, start))
}

fn report(pages: &[Page], checked: &Checked, start: Instant) -> Report {
    Report {
        pages: pages.iter().filter(|p| p.path.ends_with(".html")).count(),
        files: pages.len(),
        briefings: checked.site.briefings.len(),
        figures: checked.site.figures.len(),
        warnings: checked.warnings.clone(),
        elapsed: start.elapsed(),
    }
}

/// Refuses to replace a directory that is clearly not a build output.
fn guard_output(opts: &BuildOptions) -> Result<(), Failure> {
    let out = &opts.output;
    let bad = |why: &str| {
        Err(fail(vec![Diagnostic::error(
            out,
            format!("refusing to use this as the output directory: {why}"),
        )]))
    };
    let canon = |p: &Path| std::fs::canonicalize(p).ok();
    if out.exists() {
        if let (Some(o), Some(r)) = (canon(out), canon(&opts.root)) {
            if r.starts_with(&o) {
                return bad("it contains the dossier itself");
            }
        }
        if out.join("dossier.yaml").exists()
            || out.join("content").is_dir()
            || out.join(".git").exists()
        {
            return bad("it holds a dossier or a repository, not a built site");
        }
    }
    Ok(())
}
