//! Turning the model into pages.
//!
//! Markdown bodies become HTML here (wiki links resolved to record pages),
//! and every page gets a Tera context built from the model and the derived
//! indexes (a typed struct per kind of page, in `pages`). Templates come
//! from the theme, overridden file by file by the dossier's own
//! `templates/`; they are compiled once per build (or once per `serve`
//! session) and rendered in parallel. Like `derive`, this is a pure
//! function of the model: it returns pages in memory and writes nothing.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

pub mod claim;
pub mod export;
pub mod hash;
pub mod ledger;
pub mod pages;
pub mod paginate;
pub mod reads;
pub mod safe;
pub mod shared;

pub use crate::model::{qualifier_str, thousands, value_text};
pub use pages::{
    changes_pages, ctx, hashed_context, ledger_len, page_context, page_jobs, refs_len,
    typed_context, PageJob, PageKind,
};

use pulldown_cmark::{CowStr, Event, LinkType, Parser, Tag};
use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::derive::{Backrefs, Change, ChangeKind, Derived};
use crate::diag::Diagnostic;
use crate::domain::{Kind, Status};
pub use crate::load::markdown_options;
use crate::model::{Figure, Site, Value};
use crate::route::{self, Route};
pub use shared::Shared;

/// One rendered output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// Path relative to the output root, with `/`: `briefings/x/index.html`.
    pub path: String,
    pub content: Vec<u8>,
}

/// The compiled templates of a theme plus the dossier's overrides.
pub struct Templates {
    /// Shared with the views that render rows with it (see `shared`).
    tera: std::sync::Arc<Tera>,
    /// Template name → file it came from, for error messages.
    files: BTreeMap<String, PathBuf>,
    /// Template name → source, to quote the line of an error.
    texts: BTreeMap<String, String>,
}

/// The templates every theme must provide.
pub const PAGE_TEMPLATES: &[&str] = &[
    "index.html",
    "briefing.html",
    "briefings.html",
    "timeline.html",
    "casualties.html",
    "actors.html",
    "actor.html",
    "places.html",
    "place.html",
    "sources.html",
    "source.html",
    "tags.html",
    "tag.html",
    "404.html",
    "search.html",
    "changes.html",
];

/// A file of the theme or of the dossier's overrides.
pub struct ThemeFile {
    /// Path relative to the theme (or dossier) root: `templates/base.html`, `static/style.css`.
    pub rel: String,
    /// Path as shown in messages.
    pub shown: PathBuf,
    pub bytes: Vec<u8>,
}

fn walk_files(
    root: &Path,
    dir: &Path,
    prefix: &str,
    out: &mut Vec<ThemeFile>,
    errors: &mut Vec<Diagnostic>,
) {
    if !dir.is_dir() {
        return;
    }
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(true)
        .into_iter()
        .filter_map(Result::ok)
    {
        if !entry.file_type().is_file() {
            continue;
        }
        let name = entry
            .path()
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let file_name = entry.file_name().to_string_lossy();
        if file_name.starts_with('.') || file_name.ends_with('~') || file_name.ends_with(".swp") {
            continue;
        }
        let shown = crate::diag::display_path(root, entry.path());
        match std::fs::read(entry.path()) {
            Ok(bytes) => out.push(ThemeFile {
                rel: format!("{prefix}{name}"),
                shown,
                bytes,
            }),
            Err(e) => errors.push(Diagnostic::error(&shown, format!("cannot read: {e}"))),
        }
    }
}

/// The theme's files, then the dossier's `templates/` and `static/`, later
/// ones overriding earlier ones of the same path. The default theme is
/// embedded in the binary and used when the dossier has no copy of it.
pub fn theme_files(root: &Path, theme: &str) -> Result<Vec<ThemeFile>, Vec<Diagnostic>> {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let theme_dir = root.join("themes").join(theme);
    if theme_dir.is_dir() {
        walk_files(
            root,
            &theme_dir.join("templates"),
            "templates/",
            &mut files,
            &mut errors,
        );
        walk_files(
            root,
            &theme_dir.join("static"),
            "static/",
            &mut files,
            &mut errors,
        );
    } else if theme == "default" {
        for (rel, text) in crate::theme::DEFAULT_THEME {
            files.push(ThemeFile {
                rel: (*rel).into(),
                shown: PathBuf::from(format!("(built-in theme)/{rel}")),
                bytes: text.as_bytes().to_vec(),
            });
        }
    } else {
        let mut d = Diagnostic::error(
            "dossier.yaml",
            format!("theme `{theme}` not found in {}", theme_dir.display()),
        );
        let mut themes: Vec<String> = std::fs::read_dir(root.join("themes"))
            .map(|rd| {
                rd.filter_map(Result::ok)
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        themes.push("default".into());
        d = match crate::diag::did_you_mean(theme, themes.iter().map(String::as_str)) {
            Some(near) => d.with_help(format!("did you mean `{near}`?")),
            None => d.with_help("use `theme: default`, or put the theme in themes/<name>/ with templates/ and static/"),
        };
        return Err(vec![d]);
    }
    walk_files(
        root,
        &root.join("templates"),
        "templates/",
        &mut files,
        &mut errors,
    );
    walk_files(
        root,
        &root.join("static"),
        "static/",
        &mut files,
        &mut errors,
    );
    if !errors.is_empty() {
        return Err(errors);
    }
    // Later entries override earlier ones.
    let mut seen = std::collections::HashSet::new();
    let mut out: Vec<ThemeFile> = files
        .into_iter()
        .rev()
        .filter(|f| seen.insert(f.rel.clone()))
        .collect();
    out.reverse();
    Ok(out)
}

/// The static files (CSS, scripts, images) as pages to write.
pub fn static_pages(files: &[ThemeFile]) -> Vec<Page> {
    files
        .iter()
        .filter_map(|f| {
            f.rel.strip_prefix("static/").map(|p| Page {
                path: p.to_string(),
                content: f.bytes.clone(),
            })
        })
        .collect()
}

impl Templates {
    /// Compiles the templates among the theme's files.
    pub fn load(files: &[ThemeFile]) -> Result<Templates, Vec<Diagnostic>> {
        let mut errors = Vec::new();
        let mut sources: BTreeMap<String, (PathBuf, String)> = BTreeMap::new();
        for f in files {
            let Some(name) = f.rel.strip_prefix("templates/") else {
                continue;
            };
            match String::from_utf8(f.bytes.clone()) {
                Ok(text) => {
                    sources.insert(name.to_string(), (f.shown.clone(), text));
                }
                Err(_) => errors.push(Diagnostic::error(
                    &f.shown,
                    "this template is not valid UTF-8",
                )),
            }
        }
        for t in PAGE_TEMPLATES {
            if !sources.contains_key(*t) {
                errors.push(
                    Diagnostic::error(format!("templates/{t}"), format!("no `{t}` template"))
                        .with_help("every theme provides it; copy it from themes/default/templates/ to override it"),
                );
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut tera = Tera::default();
        tera.autoescape_on([".html", ".xml"]);
        let files: BTreeMap<String, PathBuf> = sources
            .iter()
            .map(|(k, (p, _))| (k.clone(), p.clone()))
            .collect();
        let texts: BTreeMap<String, String> =
            sources.into_iter().map(|(k, (_, t))| (k, t)).collect();
        if let Err(e) = tera.add_raw_templates(texts.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        {
            return Err(vec![template_error(&e, &files, &texts)]);
        }
        Ok(Templates {
            tera: std::sync::Arc::new(tera),
            files,
            texts,
        })
    }

    /// The row partials this set has, to render each row once per build.
    pub(crate) fn rows(&self) -> shared::Rows {
        shared::Rows::new(self.tera.clone(), |name| self.texts.contains_key(name))
    }

    /// Whether `rows` were taken from these templates.
    fn made(&self, rows: &shared::Rows) -> bool {
        rows.from(&self.tera)
    }

    /// Renders one template with a context (`serve` renders its changed pages with it).
    pub fn render(&self, name: &str, ctx: &Context) -> Result<String, Diagnostic> {
        self.tera
            .render(name, ctx)
            .map_err(|e| template_error(&e, &self.files, &self.texts))
    }

    /// Renders one template with a context as the bytes of a page. A page
    /// is bytes: Tera's `render` would check the whole output is UTF-8 (it
    /// always is, made of `str`s) and start from a buffer smaller than most
    /// pages, growing it by copying.
    pub fn render_bytes(&self, name: &str, ctx: &Context) -> Result<Vec<u8>, Diagnostic> {
        // About the median page of a large dossier (15 KB at 10,000 briefings).
        let mut out = Vec::with_capacity(16 * 1024);
        self.tera
            .render_to(name, ctx, &mut out)
            .map_err(|e| template_error(&e, &self.files, &self.texts))?;
        Ok(out)
    }

    /// The templates whose output may differ from `old`'s: those whose text
    /// changed (or that one side lacks), and every template that extends or
    /// includes one of them, transitively. `None` means every template: a
    /// changed template defines components (which any template may call),
    /// or a name could not be read. Serve renders again only the pages whose
    /// template is listed.
    pub fn affected_since(&self, old: &Templates) -> Option<HashSet<String>> {
        let mut affected: HashSet<String> = HashSet::new();
        for (name, text) in &self.texts {
            if old.texts.get(name) != Some(text) {
                affected.insert(name.clone());
            }
        }
        for name in old.texts.keys() {
            if !self.texts.contains_key(name) {
                affected.insert(name.clone());
            }
        }
        // The uses of each template, as this set's texts name them.
        let mut users: HashMap<&str, Vec<&str>> = HashMap::new();
        for (name, text) in &self.texts {
            for used in template_uses(text)? {
                users.entry(used).or_default().push(name.as_str());
            }
        }
        let defines_components = |name: &String| {
            [self.texts.get(name), old.texts.get(name)]
                .into_iter()
                .flatten()
                .any(|t| tag_names(t).any(|(tag, _)| tag == "component"))
        };
        if affected.iter().any(defines_components) {
            return None;
        }
        let mut todo: Vec<String> = affected.iter().cloned().collect();
        while let Some(name) = todo.pop() {
            for user in users.get(name.as_str()).into_iter().flatten() {
                if affected.insert(user.to_string()) {
                    todo.push(user.to_string());
                }
            }
        }
        // A row is rendered by the generator (see `shared`) and put in the
        // contexts of pages, where any template may show it: no include
        // says which templates do.
        if shared::ROW_PARTIALS.iter().any(|r| affected.contains(*r)) {
            return None;
        }
        Some(affected)
    }
}

/// Each `{% tag rest %}` in a template's text: the tag's name and what
/// follows it. Over-approximates (a tag inside a comment or a raw block is
/// listed too), which only makes more pages render again.
fn tag_names(text: &str) -> impl Iterator<Item = (&str, &str)> {
    text.split("{%").skip(1).map(|after| {
        let inner = after.trim_start_matches(['-', '+']).trim_start();
        let end = inner
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(inner.len());
        (&inner[..end], &inner[end..])
    })
}

/// The templates a template's text extends or includes, by name. Tera
/// takes only a string literal there; anything else read here (a name it
/// cannot read) gives `None`, so that every page renders again.
fn template_uses(text: &str) -> Option<Vec<&str>> {
    let mut uses = Vec::new();
    for (tag, rest) in tag_names(text) {
        if tag != "extends" && tag != "include" {
            continue;
        }
        let rest = rest.trim_start();
        let quote = rest
            .chars()
            .next()
            .filter(|c| matches!(c, '"' | '\'' | '`'))?;
        let body = &rest[1..];
        let end = body.find(quote)?;
        let name = &body[..end];
        if name.contains('\\') {
            return None;
        }
        uses.push(name);
    }
    Some(uses)
}

fn template_error(
    e: &tera::Error,
    files: &BTreeMap<String, PathBuf>,
    texts: &BTreeMap<String, String>,
) -> Diagnostic {
    let report = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r),
        _ => None,
    };
    match report {
        Some(r) => {
            let file = files
                .get(r.filename())
                .cloned()
                .unwrap_or_else(|| PathBuf::from(r.filename()));
            let span = r.span();
            let mut d = Diagnostic::error(file, format!("template: {}", r.message()));
            if let Some(text) = texts.get(r.filename()) {
                let len = if span.end_line == span.start_line {
                    span.end_col.saturating_sub(span.start_col)
                } else {
                    1
                };
                d = d.at(text, span.start_line, span.start_col + 1, len);
            } else {
                d.line = span.start_line;
                d.column = span.start_col + 1;
            }
            d
        }
        None => {
            let mut msg = e.to_string();
            let mut src = std::error::Error::source(e);
            while let Some(s) = src {
                msg.push_str(": ");
                msg.push_str(&s.to_string());
                src = s.source();
            }
            Diagnostic::error("templates", format!("template: {msg}"))
        }
    }
}

// ---------------------------------------------------------------------------
// Views: what templates see. Every value is ready to print.

#[derive(Serialize, Clone)]
pub struct LinkView {
    pub id: String,
    pub name: String,
    pub url: String,
}

/// A cited source: its page, and the original and archived copies of the
/// report when the record gives them.
#[derive(Serialize, Clone)]
pub struct SourceLink {
    pub id: String,
    pub name: String,
    pub url: String,
    /// The report where it was published (`url:` of the record).
    pub link: Option<String>,
    /// An archived copy of it (`archived:`).
    pub archived: Option<String>,
}

/// One correction of a page.
#[derive(Serialize, Clone, PartialEq, Eq, Debug)]
pub struct CorrectionView {
    pub date: String,
    pub date_long: String,
    pub text: String,
}

/// One entry of `/changes/`.
#[derive(Serialize, Clone)]
pub struct ChangeView {
    pub date: String,
    pub date_long: String,
    /// `published`, `updated` or `corrected`.
    pub kind: String,
    /// `Published`, `Updated`, `Correction`.
    pub label: String,
    /// The kind of page: `briefing`, `actor`, `place`, `source`.
    pub record: String,
    pub title: String,
    /// The page; a correction links to the page's corrections.
    pub url: String,
    /// A correction's text.
    pub text: Option<String>,
}

/// Where a paginated list is: page `number` of `pages`, with links.
#[derive(Serialize, Clone)]
pub struct Paginator {
    pub number: usize,
    pub pages: usize,
    /// Entries in the whole list, over all its pages.
    pub items: usize,
    pub previous: Option<String>,
    pub next: Option<String>,
    /// Every page: number, URL and whether it is this one.
    pub links: Vec<PageLink>,
}

#[derive(Serialize, Clone)]
pub struct PageLink {
    pub number: usize,
    pub url: String,
    pub current: bool,
    /// Stands for pages not linked (an ellipsis); `number` and `url` empty.
    pub gap: bool,
}

#[derive(Serialize, Clone)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    pub base_url: String,
    pub base_path: String,
    pub language: String,
    pub generator: String,
}

#[derive(Serialize, Clone)]
pub struct TagView {
    pub slug: String,
    pub name: String,
    pub url: String,
    pub count: usize,
}

#[derive(Serialize, Clone)]
pub struct BriefingItem {
    pub id: String,
    pub title: String,
    pub url: String,
    pub date: String,
    pub date_long: String,
    pub summary: String,
    pub tags: Vec<Shared>,
    pub draft: bool,
    /// `updated:`, when given.
    pub updated: Option<String>,
    pub updated_long: Option<String>,
    /// The entry as `partials/briefing_item.html` renders it, made once
    /// per build (see `shared`); none when the theme has no such partial,
    /// or when the entry needs more than the briefing to render.
    pub row: Option<Text>,
}

/// A string as Tera holds it. A figure's view is made once per build (see
/// `shared`) and shown by several pages; each page's context takes its
/// strings by cloning them, which for a long one is a reference count,
/// not a copy.
pub type Text = tera::Value;

fn text(s: impl AsRef<str>) -> Text {
    tera::Value::normal_string(s.as_ref())
}

#[derive(Serialize, Clone)]
pub struct FigureView<'a> {
    pub id: &'a str,
    /// Anchor on the ledger page: `casualties/#fig-<id>`.
    pub anchor: Text,
    pub ledger_url: Text,
    pub measure: &'a str,
    pub measure_label: &'a str,
    pub group: &'a str,
    pub group_label: Text,
    /// As reported: "more than 3,000", "40–50", "dozens".
    pub value: Text,
    pub count: Option<u64>,
    pub min: Option<u64>,
    pub max: Option<u64>,
    pub unit: Option<Text>,
    pub qualifier: &'static str,
    pub as_of: Text,
    pub as_of_long: Text,
    pub place: Option<Shared>,
    pub claimed_by: Shared,
    pub source: Shared,
    pub source_outlet: &'a str,
    pub source_url: Option<Text>,
    pub source_archived: Option<Text>,
    pub via: Vec<Shared>,
    pub words: Option<&'a str>,
    pub status: &'static str,
    pub status_label: &'static str,
    /// When a retracted figure was withdrawn ("10 January 2022"), if known.
    pub retracted_on_long: Option<Text>,
    /// The claim in words: "at least 18 security forces killed (…, as of …)".
    pub claim: Shared,
    /// The claim as prose names it (`[[id]]`): HTML, status included.
    pub inline: Shared,
    pub supersedes: Vec<Shared>,
    pub superseded_by: Vec<Shared>,
    pub relay_of: Option<Shared>,
    pub relayed_by: Vec<Shared>,
    pub credibility: Option<u8>,
    pub note: Option<&'a str>,
    pub briefing: Shared,
    /// Set by the ledger: claims that collide with this one.
    pub contested: bool,
    pub contested_with: Vec<Shared>,
    /// Counted in the ledger's headline (current or disputed, not a relay, not replaced).
    pub stands: bool,
    /// "probably true" for credibility 2 (Admiralty scale).
    pub credibility_label: Option<&'static str>,
    /// The source's reliability letter (Admiralty scale), if graded.
    pub source_reliability: Option<Text>,
    /// The figure's row as `partials/figure_row.html` renders it, made
    /// once per build (see `shared`); none when the theme has no such
    /// partial, or when the row needs more than the figure to render.
    pub row: Option<Shared>,
}

/// An event, made once per build (see `shared`) and shown on its
/// briefing's page, the timeline and the pages of its place and sources.
#[derive(Serialize, Clone)]
pub struct EventView {
    pub date: Text,
    pub date_long: Text,
    pub time: Option<Text>,
    pub place: Option<Shared>,
    pub title: Text,
    pub sources: Vec<Shared>,
    pub briefing: Shared,
    /// Its citations as `partials/cites.html` renders them, made once
    /// per build (see `shared`); none when it has no sources, or when
    /// they need more than the citations to render.
    pub cites: Option<Shared>,
}

/// A source as a citation names it: the outlet's short name, linked to the
/// source page, the headline kept for the link's title. `name` is the
/// headline too, as on a plain link.
#[derive(Serialize, Clone)]
pub struct CiteView {
    pub id: String,
    pub short: String,
    pub title: String,
    pub name: String,
    pub url: String,
    /// The report where it was published (`url:` of the record).
    pub link: Option<String>,
    /// An archived copy of it (`archived:`).
    pub archived: Option<String>,
}

#[derive(Serialize, Clone)]
pub struct QuoteView {
    pub actor: Shared,
    pub date: String,
    pub date_long: String,
    pub text: String,
    pub source: Shared,
    pub briefing: Shared,
}

#[derive(Serialize, Clone)]
pub struct RecordRefs<'a> {
    /// `BriefingItem`s, made once per build (`briefing_entry`).
    pub briefings: Vec<Shared>,
    /// Borrowed from the views made once per build (`figure_view_ref`).
    pub figures: Vec<pages::ShownFigure<'a>>,
    pub figures_via: Vec<pages::ShownFigure<'a>>,
    pub events: Vec<EventView>,
    pub quotes: Vec<QuoteView>,
}

pub fn status_str(s: Status) -> (&'static str, &'static str) {
    match s {
        Status::Current => ("current", "Current"),
        Status::Superseded => ("superseded", "Superseded"),
        Status::Retracted => ("retracted", "Retracted"),
        Status::Disputed => ("disputed", "Disputed"),
    }
}

/// Builds views from the model; holds nothing but borrowed data.
///
/// Page code reads the model only through the accessors of `reads`, each
/// of which names what it reads; a view made by `recording` keeps those
/// names for `serve`. The fields stay private to `render` (the data files
/// of `export`, which are not page contexts, read them directly).
pub struct Views<'a> {
    site: &'a Site,
    derived: &'a Derived,
    /// For each figure (by index), the page of the ledger it is on.
    ledger_pages: std::sync::Arc<[usize]>,
    reads: Option<reads::Recorder<'a>>,
    /// The ledger's headlines, made once and shared by every page's view.
    headlines: std::sync::Arc<std::sync::OnceLock<Vec<ledger::HeadlineView>>>,
    /// Each figure's claim in words and as prose names it, made once and
    /// shared likewise (see `shared`).
    shared: std::sync::Arc<shared::SharedViews<'a>>,
}

impl<'a> Views<'a> {
    /// Lets go of the views made for the build, in parallel when no other
    /// `Views` shares them (see `SharedViews::release`).
    pub fn release(self) {
        if let Ok(shared) = std::sync::Arc::try_unwrap(self.shared) {
            shared.release();
        }
    }

    pub fn new(site: &'a Site, derived: &'a Derived) -> Self {
        let per = site.config.pagination;
        let mut ledger_pages = vec![1; site.figures.len()];
        let ledger_order = derived
            .ledger
            .measures
            .iter()
            .flat_map(|m| &m.groups)
            .flat_map(|g| &g.figures);
        for (pos, &fi) in ledger_order.enumerate() {
            if let Some(p) = ledger_pages.get_mut(fi) {
                *p = pos / per.max(1) + 1;
            }
        }
        Views {
            site,
            derived,
            ledger_pages: ledger_pages.into(),
            reads: None,
            headlines: Default::default(),
            shared: shared::SharedViews::new(site).into(),
        }
    }

    /// The same view, rendering each figure's row and each briefing's
    /// list entry once, with `templates` (see `shared`). Its views are
    /// for pages rendered with those templates: given others,
    /// `render_with` makes a view of its own.
    pub fn with_rows(mut self, templates: &Templates) -> Views<'a> {
        let rows = Some(templates.rows());
        match std::sync::Arc::get_mut(&mut self.shared) {
            Some(shared) => shared.rows = rows,
            None => {
                // Views made already are shared: they have no rows.
                let mut shared = shared::SharedViews::new(self.site);
                shared.rows = rows;
                self.shared = shared.into();
            }
        }
        self
    }

    fn base(&self) -> &'a str {
        &self.config().base_path
    }

    /// The ledger page (with its anchor) of figure `fi`: the ledger is
    /// paginated (see `paginate`), so a figure's row is on page 1 or later.
    pub fn ledger_url(&self, fi: usize, anchor: &str) -> String {
        route::ledger_url(self.base(), self.ledger_page(fi), anchor)
    }

    /// Root-relative URL of page 1 of `route`.
    pub fn route(&self, route: Route<'_>) -> String {
        route.url(self.base(), 1)
    }

    /// Absolute canonical URL of page 1 of `route`.
    pub fn canonical(&self, route: Route<'_>) -> String {
        route.canonical(&self.config().base_url, 1)
    }

    /// Root-relative URL of a record's page.
    pub fn url(&self, kind: Kind, id: &str) -> String {
        self.route(Route::Record(kind, id))
    }

    pub fn change_view(&self, ch: &Change) -> ChangeView {
        let (id, title, revisions) = match ch.record {
            Kind::Briefing => {
                let b = self.briefing(ch.index);
                (&b.id, &b.title, &b.revisions)
            }
            Kind::Actor => {
                let a = self.actor(ch.index);
                (&a.id, &a.name, &a.revisions)
            }
            Kind::Place => {
                let p = self.place(ch.index);
                (&p.id, &p.name, &p.revisions)
            }
            Kind::Source | Kind::Index => {
                let s = self.source(ch.index);
                (&s.id, &s.title, &s.revisions)
            }
        };
        let url = self.url(ch.record, id);
        let (kind, label, url, text) = match ch.kind {
            ChangeKind::Published => ("published", "Published", url, None),
            ChangeKind::Updated => ("updated", "Updated", url, None),
            ChangeKind::Corrected(ci) => (
                "corrected",
                "Correction",
                format!("{url}#corrections"),
                Some(revisions.corrections[ci].text.clone()),
            ),
        };
        ChangeView {
            date: ch.date.iso(),
            date_long: ch.date.long(),
            kind: kind.into(),
            label: label.into(),
            record: ch.record.name().into(),
            title: title.clone(),
            url,
            text,
        }
    }

    pub fn site_view(&self) -> SiteView {
        let c = self.config();
        SiteView {
            title: c.title.clone(),
            description: c.description.clone(),
            base_url: c.base_url.clone(),
            base_path: c.base_path.clone(),
            language: c.language.clone(),
            generator: format!("dossier {}", env!("CARGO_PKG_VERSION")),
        }
    }

    pub fn actor_link(&self, id: &str) -> LinkView {
        let name = self
            .actor_by_id(id)
            .map_or_else(|| id.to_string(), |a| a.name.clone());
        LinkView {
            id: id.into(),
            name,
            url: self.url(Kind::Actor, id),
        }
    }
    pub fn place_link(&self, id: &str) -> LinkView {
        let name = self
            .place_by_id(id)
            .map_or_else(|| id.to_string(), |p| p.name.clone());
        LinkView {
            id: id.into(),
            name,
            url: self.url(Kind::Place, id),
        }
    }
    pub fn source_link(&self, id: &str) -> SourceLink {
        let src = self.source_by_id(id);
        SourceLink {
            id: id.into(),
            name: src.map_or_else(|| id.to_string(), |s| s.title.clone()),
            url: self.url(Kind::Source, id),
            link: src.and_then(|s| s.url.clone()),
            archived: src.and_then(|s| s.archived.clone()),
        }
    }
    /// A source as a citation: "IFP", linked, the headline as its title.
    pub fn cite(&self, id: &str) -> CiteView {
        let s = self.source_by_id(id);
        let title = s.map_or_else(|| id.to_string(), |s| s.title.clone());
        CiteView {
            id: id.into(),
            short: s.map_or_else(
                || id.to_string(),
                |s| s.short.clone().unwrap_or_else(|| s.outlet.clone()),
            ),
            name: title.clone(),
            title,
            url: self.url(Kind::Source, id),
            link: s.and_then(|s| s.url.clone()),
            archived: s.and_then(|s| s.archived.clone()),
        }
    }
    pub fn briefing_link(&self, id: &str) -> LinkView {
        let name = self
            .briefing_by_id(id)
            .map_or_else(|| id.to_string(), |b| b.title.clone());
        LinkView {
            id: id.into(),
            name,
            url: self.url(Kind::Briefing, id),
        }
    }
    /// An actor's name (its id when it has no record), as `actor_link`
    /// names it, without making its URL.
    pub(crate) fn actor_name<'i>(&self, id: &'i str) -> &'i str
    where
        'a: 'i,
    {
        // The URL `actor_link` makes reads the configuration: so does this.
        let _ = self.config();
        self.actor_by_id(id).map_or(id, |a| a.name.as_str())
    }

    /// The URL of `figure_link(id)`, without its name. It reads what
    /// `figure_link` reads (the name's actor too), so that a page records
    /// the same keys either way.
    pub(crate) fn figure_url(&self, id: &str) -> String {
        match self.figure_index(id) {
            Some(fi) => {
                let _ = self.actor_name(&self.figure(fi).claimed_by);
                self.ledger_url(fi, &format!("fig-{id}"))
            }
            None => self.route(Route::Casualties),
        }
    }

    pub fn figure_link(&self, id: &str) -> LinkView {
        match self.figure_index(id) {
            Some(fi) => {
                let f = self.figure(fi);
                LinkView {
                    id: id.into(),
                    name: format!(
                        "{} ({}, {})",
                        value_text(&f.value, f.qualifier),
                        self.actor_name(&f.claimed_by),
                        f.as_of.long()
                    ),
                    url: self.ledger_url(fi, &format!("fig-{id}")),
                }
            }
            None => LinkView {
                id: id.into(),
                name: id.into(),
                url: self.route(Route::Casualties),
            },
        }
    }

    pub fn tag_view(&self, slug: &str) -> TagView {
        let (name, count) = self.tag(slug);
        TagView {
            slug: slug.into(),
            name: name.unwrap_or(slug).to_string(),
            url: self.route(Route::Tag(slug)),
            count,
        }
    }

    pub fn briefing_item(&self, bi: usize) -> BriefingItem {
        let b = self.briefing(bi);
        BriefingItem {
            id: b.id.clone(),
            title: b.title.clone(),
            url: self.url(Kind::Briefing, &b.id),
            date: b.date.iso(),
            date_long: b.date.long(),
            summary: b.summary.clone().unwrap_or_default(),
            tags: b.tags.iter().map(|t| self.tag_ref(t)).collect(),
            draft: b.draft,
            updated: b.revisions.updated.map(|d| d.iso()),
            updated_long: b.revisions.updated.map(|d| d.long()),
            row: None,
        }
    }

    /// Figure `fi`'s view, made once per build (see `shared`).
    pub fn figure_view(&self, fi: usize) -> FigureView<'a> {
        self.shared_figure(fi)
    }

    /// Makes figure `fi`'s view (`figure_view` keeps it).
    pub(crate) fn make_figure_view(&self, fi: usize) -> FigureView<'a> {
        let f: &Figure = self.figure(fi);
        let c = self.config();
        let m = c.measure(&f.measure);
        let (status, status_label) = status_str(f.status);
        let src = self.source_by_id(&f.source);
        let (min, max, count) = match f.value {
            Value::Count(n) => (None, None, Some(n)),
            Value::Range { min, max } => (min, max, None),
        };
        let (claim, inline) = self.shared_claim(fi);
        let anchor = format!("fig-{}", f.id);
        FigureView {
            id: &f.id,
            ledger_url: text(self.ledger_url(fi, &anchor)),
            anchor: text(anchor),
            measure: &f.measure,
            measure_label: m.map_or(&f.measure, |m| &m.label),
            group: &f.group,
            group_label: text(c.group_label(&f.group)),
            value: text(value_text(&f.value, f.qualifier)),
            count,
            min,
            max,
            unit: m.and_then(|m| m.unit.as_deref()).map(text),
            qualifier: qualifier_str(f.qualifier),
            as_of: text(f.as_of.iso()),
            as_of_long: text(f.as_of.long()),
            place: f.place.as_deref().map(|p| self.place_ref(p)),
            claimed_by: self.actor_ref(&f.claimed_by),
            source: self.source_ref(&f.source),
            source_outlet: src.map_or("", |s| &s.outlet),
            source_url: src.and_then(|s| s.url.as_deref()).map(text),
            source_archived: src.and_then(|s| s.archived.as_deref()).map(text),
            via: f.via.iter().map(|v| self.actor_ref(v)).collect(),
            words: f.words.as_deref(),
            status,
            status_label,
            retracted_on_long: f.retracted_on.map(|d| text(d.long())),
            claim,
            inline,
            supersedes: f.supersedes.iter().map(|s| self.figure_ref(s)).collect(),
            superseded_by: self
                .superseded_by(fi)
                .iter()
                .map(|&j| self.figure_ref(&self.figure(j).id))
                .collect(),
            relay_of: f.relay_of.as_deref().map(|s| self.figure_ref(s)),
            relayed_by: self
                .relayed_by(fi)
                .iter()
                .map(|&j| self.figure_ref(&self.figure(j).id))
                .collect(),
            credibility: f.credibility,
            note: f.note.as_deref(),
            briefing: self.briefing_ref(&f.briefing),
            contested: !self.contested_with(fi).is_empty(),
            contested_with: self
                .contested_with(fi)
                .iter()
                .map(|&j| self.figure_ref(&self.figure(j).id))
                .collect(),
            stands: self.stands(fi),
            credibility_label: f.credibility.map(ledger::credibility_label),
            source_reliability: src
                .and_then(|s| s.reliability)
                .map(|r| text(String::from(r))),
            row: None,
        }
    }

    /// Event `ei` of briefing `bi`, made once per build (see `shared`).
    pub fn event_view(&self, bi: usize, ei: usize) -> EventView {
        self.shared_event(bi, ei)
    }

    /// Makes event `ei` of briefing `bi` (`event_view` keeps it).
    pub(crate) fn make_event_view(&self, bi: usize, ei: usize) -> EventView {
        let b = self.briefing(bi);
        let e = &b.events[ei];
        EventView {
            date: text(e.date.iso()),
            date_long: text(e.date.long()),
            time: e.time.as_deref().map(text),
            place: e.place.as_deref().map(|p| self.place_ref(p)),
            title: text(&e.title),
            sources: e.sources.iter().map(|s| self.cite_ref(s)).collect(),
            briefing: self.briefing_ref(&b.id),
            cites: None,
        }
    }

    pub fn quote_view(&self, bi: usize, qi: usize) -> QuoteView {
        let b = self.briefing(bi);
        let q = &b.quotes[qi];
        QuoteView {
            actor: self.actor_ref(&q.actor),
            date: q.date.iso(),
            date_long: q.date.long(),
            text: q.text.clone(),
            source: self.cite_ref(&q.source),
            briefing: self.briefing_ref(&b.id),
        }
    }

    /// What a record's page lists, page `index` (from 0) of it: the same
    /// window of each list (see `refs_len`), in the order `derive` sorted
    /// them (briefings newest first, figures by `as_of`, newest first,
    /// events by date), so a page reads only the entries it shows.
    pub fn record_refs<'v>(&'v self, r: Option<&Backrefs>, index: usize) -> RecordRefs<'v> {
        let per = self.config().pagination;
        let empty = Backrefs::default();
        let r = r.unwrap_or(&empty);
        let page = |items| paginate::slice(items, index, per);
        RecordRefs {
            briefings: page(&r.briefings)
                .iter()
                .map(|&i| self.briefing_entry(i))
                .collect(),
            figures: page(&r.figures)
                .iter()
                .map(|&i| pages::ShownFigure::of(self, i))
                .collect(),
            figures_via: page(&r.figures_via)
                .iter()
                .map(|&i| pages::ShownFigure::of(self, i))
                .collect(),
            events: paginate::slice(&r.events, index, per)
                .iter()
                .map(|&(b, e)| self.event_view(b, e))
                .collect(),
            quotes: paginate::slice(&r.quotes, index, per)
                .iter()
                .map(|&(b, q)| self.quote_view(b, q))
                .collect(),
        }
    }

    /// Markdown to HTML, with `[[id]]` wiki links and `@/path` links made
    /// site links, and `[[figure-id]]` the claim in words. Unknown wiki
    /// links were reported by `model`; here they render as plain text.
    pub fn markdown(&self, text: &str) -> String {
        let base = self.base();
        let mut unresolved_depth = 0usize;
        let parser = Parser::new_ext(text, markdown_options()).filter_map(|ev| match ev {
            // Figures named in prose are worded by `claim::inline_figures`.
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { .. },
                ref dest_url,
                ..
            }) if self.figure_index(dest_url.as_ref()).is_some() => Some(ev),
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { has_pothole },
                dest_url,
                title,
                id,
            }) => match self.resolve_link(&dest_url) {
                Some((kind, rid)) => {
                    let url = self.url(kind, rid);
                    let _ = has_pothole;
                    Some(Event::Start(Tag::Link {
                        link_type: LinkType::Inline,
                        dest_url: url.into(),
                        title,
                        id,
                    }))
                }
                None => {
                    unresolved_depth += 1;
                    None
                }
            },
            Event::End(pulldown_cmark::TagEnd::Link) if unresolved_depth > 0 => {
                unresolved_depth -= 1;
                None
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if dest_url.starts_with("@/") => {
                // The ledger is paginated: an anchor on it goes to its page.
                let url = match dest_url[2..]
                    .strip_prefix("casualties/#")
                    .and_then(|a| Some((ledger::anchor_figure(self, a)?, a)))
                {
                    Some((fi, a)) => self.ledger_url(fi, a),
                    None => format!("{base}{}", &dest_url[2..]),
                };
                Some(Event::Start(Tag::Link {
                    link_type,
                    dest_url: CowStr::from(url),
                    title,
                    id,
                }))
            }
            other => Some(other),
        });
        // Raw HTML and links that run code are left out unless the dossier
        // opted in (see `safe`).
        let (events, kept_html) = safe::filter(self.config().raw_html, parser);
        // Wiki links without a pothole show the id; show the record's name instead.
        let events: Vec<Event> =
            claim::inline_figures(self, relabel_wikilinks(self, events.into_iter()));
        let mut html = String::with_capacity(text.len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        if kept_html {
            safe::sanitize(&html)
        } else {
            html
        }
    }
}

/// `[[tokayev]]` shows "Kassym-Jomart Tokayev", not "tokayev": replace the
/// link text when it equals the target id (or `section/id`).
fn relabel_wikilinks<'e>(v: &Views<'_>, events: impl Iterator<Item = Event<'e>>) -> Vec<Event<'e>> {
    // As many events out as in: grown by pushing, it was copied ~6 times.
    let mut out: Vec<Event<'e>> = Vec::with_capacity(events.size_hint().0);
    let base = v.base();
    for ev in events {
        if let (Event::Text(t), Some(Event::Start(Tag::Link { dest_url, .. }))) = (&ev, out.last())
        {
            if let Some((Route::Record(kind, id), 1)) = Route::from_url(base, dest_url) {
                let target = t.as_ref();
                let matches_id = target == id
                    || target
                        .strip_prefix(kind.section())
                        .and_then(|r| r.strip_prefix('/'))
                        == Some(id);
                let name = match kind {
                    _ if !matches_id => None,
                    Kind::Actor => v.actor_by_id(id).map(|a| a.name.clone()),
                    Kind::Place => v.place_by_id(id).map(|p| p.name.clone()),
                    Kind::Source => v.source_by_id(id).map(|s| s.title.clone()),
                    Kind::Briefing => v.briefing_by_id(id).map(|b| b.title.clone()),
                    Kind::Index => None,
                };
                if let Some(n) = name {
                    out.push(Event::Text(n.into()));
                    continue;
                }
            }
        }
        out.push(ev);
    }
    out
}

/// Renders every page in parallel, building each context on the way. All
/// template errors are reported.
pub fn render_pages(
    templates: &Templates,
    site: &Site,
    derived: &Derived,
    jobs: Vec<PageJob>,
) -> Result<Vec<Page>, Vec<Diagnostic>> {
    render_with(
        templates,
        &Views::new(site, derived).with_rows(templates),
        jobs,
    )
}

/// `render_pages` with a view of the model made by the caller: one view
/// for every batch of a build, so that what it makes once for many pages
/// (see `shared`) is made once per build, not once per batch.
pub fn render_with(
    templates: &Templates,
    v: &Views<'_>,
    jobs: Vec<PageJob>,
) -> Result<Vec<Page>, Vec<Diagnostic>> {
    // Rows rendered with other templates would be another theme's.
    let own;
    let v = match &v.shared.rows {
        Some(rows) if !templates.made(rows) => {
            own = Views::new(v.site, v.derived).with_rows(templates);
            &own
        }
        _ => v,
    };
    let results: Vec<Result<Page, Diagnostic>> = jobs
        .into_par_iter()
        .map(|j| {
            let context = page_context(v, j.kind);
            templates
                .render_bytes(j.template, &context)
                .map(|content| Page {
                    path: j.path,
                    content,
                })
        })
        .collect();
    let mut pages = Vec::with_capacity(results.len());
    let mut errors: Vec<Diagnostic> = Vec::new();
    for r in results {
        match r {
            Ok(p) => pages.push(p),
            Err(e) => {
                if !errors.contains(&e) {
                    errors.push(e)
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(pages)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Qualifier;

    #[test]
    fn values_read_as_reported() {
        assert_eq!(
            value_text(&Value::Count(3000), Qualifier::MoreThan),
            "more than 3,000"
        );
        assert_eq!(value_text(&Value::Count(18), Qualifier::Exact), "18");
        assert_eq!(
            value_text(
                &Value::Range {
                    min: Some(40),
                    max: Some(50)
                },
                Qualifier::Exact
            ),
            "40–50"
        );
        assert_eq!(
            value_text(
                &Value::Range {
                    min: Some(24),
                    max: None
                },
                Qualifier::Dozens
            ),
            "dozens"
        );
        assert_eq!(thousands(40_000_000_000), "40,000,000,000");
    }

    /// A theme whose page templates extend `base.html`; `briefing.html`
    /// includes `partials/b.html`, which includes `partials/c.html`.
    fn templates_with(edit: &[(&str, &str)]) -> Templates {
        let mut texts: BTreeMap<String, String> = PAGE_TEMPLATES
            .iter()
            .map(|t| (t.to_string(), "{% extends \"base.html\" %}".to_string()))
            .collect();
        texts.insert(
            "base.html".into(),
            "<body>{% block content %}{% endblock content %}</body>".into(),
        );
        texts.insert(
            "briefing.html".into(),
            "{% extends \"base.html\" %}{% block content %}{%- include 'partials/b.html' -%}{% endblock content %}".into(),
        );
        texts.insert(
            "partials/b.html".into(),
            "b{% include \"partials/c.html\" %}".into(),
        );
        texts.insert("partials/c.html".into(), "c".into());
        for (name, text) in edit {
            texts.insert(name.to_string(), text.to_string());
        }
        let files: Vec<ThemeFile> = texts
            .into_iter()
            .map(|(name, text)| ThemeFile {
                rel: format!("templates/{name}"),
                shown: PathBuf::from(format!("templates/{name}")),
                bytes: text.into_bytes(),
            })
            .collect();
        Templates::load(&files).unwrap_or_else(|e| panic!("{e:?}"))
    }

    fn sorted(set: Option<HashSet<String>>) -> Option<Vec<String>> {
        set.map(|s| {
            let mut v: Vec<String> = s.into_iter().collect();
            v.sort();
            v
        })
    }

    #[test]
    fn a_template_edit_affects_the_templates_that_use_it() {
        let old = templates_with(&[]);
        assert_eq!(
            sorted(templates_with(&[]).affected_since(&old)),
            Some(vec![])
        );
        assert_eq!(
            sorted(templates_with(&[("partials/c.html", "C")]).affected_since(&old)),
            Some(vec![
                "briefing.html".to_string(),
                "partials/b.html".to_string(),
                "partials/c.html".to_string(),
            ])
        );
        let base = templates_with(&[(
            "base.html",
            "<main>{% block content %}{% endblock content %}</main>",
        )]);
        let all = sorted(base.affected_since(&old)).expect("names read");
        assert!(PAGE_TEMPLATES.iter().all(|t| all.iter().any(|a| a == t)));
        assert!(!all.iter().any(|a| a.starts_with("partials/")));
    }

    /// A row is rendered by the generator into the pages' contexts: no
    /// include says which templates show it, so its edit (or one of a
    /// partial it includes) affects every template.
    #[test]
    fn a_row_partial_edit_affects_every_template() {
        let row = (
            "partials/figure_row.html",
            "<tr>{% include \"partials/c.html\" %}</tr>",
        );
        let old = templates_with(&[row]);
        assert_eq!(
            sorted(templates_with(&[row]).affected_since(&old)),
            Some(vec![])
        );
        let edited = templates_with(&[("partials/figure_row.html", "<tr>!</tr>")]);
        assert_eq!(sorted(edited.affected_since(&old)), None);
        let included = templates_with(&[row, ("partials/c.html", "C")]);
        assert_eq!(sorted(included.affected_since(&old)), None);
    }

    #[test]
    fn template_names_are_read_or_every_template_is_affected() {
        assert_eq!(
            template_uses("{% extends \"base.html\" %}{%- include `p.html` %}{# x #}"),
            Some(vec!["base.html", "p.html"])
        );
        assert_eq!(template_uses("{% include name %}"), None);
        assert_eq!(template_uses("{% include \"a\\\"b\" %}"), None);
        assert!(
            tag_names("{% component card() %}{% endcomponent %}").any(|(t, _)| t == "component")
        );
    }
}
