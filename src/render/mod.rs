//! Turning the model into pages.
//!
//! Markdown bodies become HTML here (wiki links resolved to record pages),
//! and every page gets a Tera context built from the model and the derived
//! indexes. Templates come from the theme, overridden file by file by the
//! dossier's own `templates/`; they are compiled once per build (or once per
//! `serve` session) and rendered in parallel. Like `derive`, this is a pure
//! function of the model: it returns pages in memory and writes nothing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub mod claim;
pub mod export;
pub mod ledger;
pub mod paginate;
pub mod reads;
pub mod safe;

pub use crate::model::{qualifier_str, thousands, value_text};

use pulldown_cmark::{CowStr, Event, LinkType, Parser, Tag};
use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::derive::{Backrefs, Change, ChangeKind, Derived, TimelineItem};
use crate::diag::Diagnostic;
use crate::domain::{Kind, Status};
pub use crate::load::markdown_options;
use crate::model::{Figure, Revisions, Site, Value};
use crate::route::{self, Route};

/// One rendered output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// Path relative to the output root, with `/`: `briefings/x/index.html`.
    pub path: String,
    pub content: Vec<u8>,
}

/// The compiled templates of a theme plus the dossier's overrides.
pub struct Templates {
    tera: Tera,
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
        Ok(Templates { tera, files, texts })
    }

    /// Renders one template with a context (`serve` renders its changed pages with it).
    pub fn render(&self, name: &str, ctx: &Context) -> Result<String, Diagnostic> {
        self.tera
            .render(name, ctx)
            .map_err(|e| template_error(&e, &self.files, &self.texts))
    }
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
    pub tags: Vec<TagView>,
    pub draft: bool,
    /// `updated:`, when given.
    pub updated: Option<String>,
    pub updated_long: Option<String>,
}

#[derive(Serialize, Clone)]
pub struct FigureView {
    pub id: String,
    /// Anchor on the ledger page: `casualties/#fig-<id>`.
    pub anchor: String,
    pub ledger_url: String,
    pub measure: String,
    pub measure_label: String,
    pub group: String,
    pub group_label: String,
    /// As reported: "more than 3,000", "40–50", "dozens".
    pub value: String,
    pub count: Option<u64>,
    pub min: Option<u64>,
    pub max: Option<u64>,
    pub unit: Option<String>,
    pub qualifier: String,
    pub as_of: String,
    pub as_of_long: String,
    pub place: Option<LinkView>,
    pub claimed_by: LinkView,
    pub source: SourceLink,
    pub source_outlet: String,
    pub source_url: Option<String>,
    pub source_archived: Option<String>,
    pub via: Vec<LinkView>,
    pub words: Option<String>,
    pub status: String,
    pub status_label: String,
    /// When a retracted figure was withdrawn ("10 January 2022"), if known.
    pub retracted_on_long: Option<String>,
    /// The claim in words: "at least 18 security forces killed (…, as of …)".
    pub claim: String,
    /// The claim as prose names it (`[[id]]`): HTML, status included.
    pub inline: String,
    pub supersedes: Vec<LinkView>,
    pub superseded_by: Vec<LinkView>,
    pub relay_of: Option<LinkView>,
    pub relayed_by: Vec<LinkView>,
    pub credibility: Option<u8>,
    pub note: Option<String>,
    pub briefing: LinkView,
    /// Set by the ledger: claims that collide with this one.
    pub contested: bool,
    pub contested_with: Vec<LinkView>,
    /// Counted in the ledger's headline (current or disputed, not a relay, not replaced).
    pub stands: bool,
    /// "probably true" for credibility 2 (Admiralty scale).
    pub credibility_label: Option<String>,
    /// The source's reliability letter (Admiralty scale), if graded.
    pub source_reliability: Option<String>,
}

#[derive(Serialize, Clone)]
pub struct EventView {
    pub date: String,
    pub date_long: String,
    pub time: Option<String>,
    pub place: Option<LinkView>,
    pub title: String,
    pub sources: Vec<CiteView>,
    pub briefing: LinkView,
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
    pub actor: LinkView,
    pub date: String,
    pub date_long: String,
    pub text: String,
    pub source: CiteView,
    pub briefing: LinkView,
}

#[derive(Serialize, Clone)]
pub struct RecordRefs {
    pub briefings: Vec<BriefingItem>,
    pub figures: Vec<FigureView>,
    pub figures_via: Vec<FigureView>,
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
    reads: Option<reads::Recorder>,
    /// The ledger's headlines, made once and shared by every page's view.
    headlines: std::sync::Arc<std::sync::OnceLock<Vec<serde_json::Value>>>,
}

impl<'a> Views<'a> {
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
        }
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
    pub fn figure_link(&self, id: &str) -> LinkView {
        match self.figure_index(id) {
            Some(fi) => {
                let f = self.figure(fi);
                LinkView {
                    id: id.into(),
                    name: format!(
                        "{} ({}, {})",
                        value_text(&f.value, f.qualifier),
                        self.actor_link(&f.claimed_by).name,
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
            tags: b.tags.iter().map(|t| self.tag_view(t)).collect(),
            draft: b.draft,
            updated: b.revisions.updated.map(|d| d.iso()),
            updated_long: b.revisions.updated.map(|d| d.long()),
        }
    }

    pub fn figure_view(&self, fi: usize) -> FigureView {
        let f: &Figure = self.figure(fi);
        let c = self.config();
        let m = c.measure(&f.measure);
        let (status, status_label) = status_str(f.status);
        let src = self.source_by_id(&f.source);
        let (min, max, count) = match f.value {
            Value::Count(n) => (None, None, Some(n)),
            Value::Range { min, max } => (min, max, None),
        };
        FigureView {
            id: f.id.clone(),
            anchor: format!("fig-{}", f.id),
            ledger_url: self.ledger_url(fi, &format!("fig-{}", f.id)),
            measure: f.measure.clone(),
            measure_label: m.map_or_else(|| f.measure.clone(), |m| m.label.clone()),
            group: f.group.clone(),
            group_label: c.group_label(&f.group),
            value: value_text(&f.value, f.qualifier),
            count,
            min,
            max,
            unit: m.and_then(|m| m.unit.clone()),
            qualifier: qualifier_str(f.qualifier).into(),
            as_of: f.as_of.iso(),
            as_of_long: f.as_of.long(),
            place: f.place.as_deref().map(|p| self.place_link(p)),
            claimed_by: self.actor_link(&f.claimed_by),
            source: self.source_link(&f.source),
            source_outlet: src.map(|s| s.outlet.clone()).unwrap_or_default(),
            source_url: src.and_then(|s| s.url.clone()),
            source_archived: src.and_then(|s| s.archived.clone()),
            via: f.via.iter().map(|v| self.actor_link(v)).collect(),
            words: f.words.clone(),
            status: status.into(),
            status_label: status_label.into(),
            retracted_on_long: f.retracted_on.map(|d| d.long()),
            claim: self.claim_text(fi),
            inline: self.claim_html(fi, None),
            supersedes: f.supersedes.iter().map(|s| self.figure_link(s)).collect(),
            superseded_by: self
                .superseded_by(fi)
                .iter()
                .map(|&j| self.figure_link(&self.figure(j).id))
                .collect(),
            relay_of: f.relay_of.as_deref().map(|s| self.figure_link(s)),
            relayed_by: self
                .relayed_by(fi)
                .iter()
                .map(|&j| self.figure_link(&self.figure(j).id))
                .collect(),
            credibility: f.credibility,
            note: f.note.clone(),
            briefing: self.briefing_link(&f.briefing),
            contested: !self.contested_with(fi).is_empty(),
            contested_with: self
                .contested_with(fi)
                .iter()
                .map(|&j| self.figure_link(&self.figure(j).id))
                .collect(),
            stands: self.stands(fi),
            credibility_label: f.credibility.map(|c| ledger::credibility_label(c).into()),
            source_reliability: src.and_then(|s| s.reliability).map(String::from),
        }
    }

    pub fn event_view(&self, bi: usize, ei: usize) -> EventView {
        let b = self.briefing(bi);
        let e = &b.events[ei];
        EventView {
            date: e.date.iso(),
            date_long: e.date.long(),
            time: e.time.clone(),
            place: e.place.as_deref().map(|p| self.place_link(p)),
            title: e.title.clone(),
            sources: e.sources.iter().map(|s| self.cite(s)).collect(),
            briefing: self.briefing_link(&b.id),
        }
    }

    pub fn quote_view(&self, bi: usize, qi: usize) -> QuoteView {
        let b = self.briefing(bi);
        let q = &b.quotes[qi];
        QuoteView {
            actor: self.actor_link(&q.actor),
            date: q.date.iso(),
            date_long: q.date.long(),
            text: q.text.clone(),
            source: self.cite(&q.source),
            briefing: self.briefing_link(&b.id),
        }
    }

    /// What a record's page lists, page `index` (from 0) of it: each list
    /// sorted, then the same window of each (see `refs_len`).
    pub fn record_refs(&self, r: Option<&Backrefs>, index: usize) -> RecordRefs {
        let per = self.config().pagination;
        let empty = Backrefs::default();
        let r = r.unwrap_or(&empty);
        // Each sort key read once, not at every comparison.
        let by_date = |mut keyed: Vec<(std::cmp::Reverse<crate::domain::Date>, usize)>| {
            keyed.sort();
            keyed.into_iter().map(|(_, i)| i).collect::<Vec<usize>>()
        };
        let briefings = by_date(
            r.briefings
                .iter()
                .map(|&b| (std::cmp::Reverse(self.briefing(b).date), b))
                .collect(),
        );
        let figures = by_date(
            r.figures
                .iter()
                .map(|&f| (std::cmp::Reverse(self.figure(f).as_of), f))
                .collect(),
        );
        let mut events: Vec<(crate::domain::Date, (usize, usize))> = r
            .events
            .iter()
            .map(|&(bi, ei)| (self.briefing(bi).events[ei].date, (bi, ei)))
            .collect();
        // Stable, by date alone.
        events.sort_by_key(|e| e.0);
        let events: Vec<(usize, usize)> = events.into_iter().map(|(_, e)| e).collect();
        let page = |items| paginate::slice(items, index, per);
        RecordRefs {
            briefings: page(&briefings)
                .iter()
                .map(|&i| self.briefing_item(i))
                .collect(),
            figures: page(&figures)
                .iter()
                .map(|&i| self.figure_view(i))
                .collect(),
            figures_via: page(&r.figures_via)
                .iter()
                .map(|&i| self.figure_view(i))
                .collect(),
            events: paginate::slice(&events, index, per)
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

/// The corrections of a page, newest first.
fn corrections_view(r: &Revisions) -> Vec<CorrectionView> {
    r.corrections
        .iter()
        .map(|c| CorrectionView {
            date: c.date.iso(),
            date_long: c.date.long(),
            text: c.text.clone(),
        })
        .collect()
}

/// Adds `updated`, `updated_long` and `corrections` to a record's view.
fn insert_revisions(view: &mut serde_json::Value, r: &Revisions) {
    let obj = view.as_object_mut().expect("a record's view is an object");
    obj.insert("updated".into(), r.updated.map(|d| d.iso()).into());
    obj.insert("updated_long".into(), r.updated.map(|d| d.long()).into());
    obj.insert(
        "corrections".into(),
        serde_json::to_value(corrections_view(r)).expect("serialisable"),
    );
}

/// `[[tokayev]]` shows "Kassym-Jomart Tokayev", not "tokayev": replace the
/// link text when it equals the target id.
fn relabel_wikilinks<'e>(v: &Views<'_>, events: impl Iterator<Item = Event<'e>>) -> Vec<Event<'e>> {
    let mut out: Vec<Event<'e>> = Vec::new();
    let base = v.base();
    for ev in events {
        if let Event::Text(t) = &ev {
            if let Some(Event::Start(Tag::Link { dest_url, .. })) = out.last() {
                if let Some(rest) = dest_url.strip_prefix(base) {
                    let mut parts = rest.trim_end_matches('/').splitn(2, '/');
                    let (section, id) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
                    let target = t.as_ref();
                    let matches_id = target == id || target == format!("{section}/{id}");
                    if matches_id {
                        let name = match Kind::from_section(section) {
                            Some(Kind::Actor) => v.actor_by_id(id).map(|a| a.name.clone()),
                            Some(Kind::Place) => v.place_by_id(id).map(|p| p.name.clone()),
                            Some(Kind::Source) => v.source_by_id(id).map(|s| s.title.clone()),
                            Some(Kind::Briefing) => v.briefing_by_id(id).map(|b| b.title.clone()),
                            _ => None,
                        };
                        if let Some(n) = name {
                            out.push(Event::Text(n.into()));
                            continue;
                        }
                    }
                }
            }
        }
        out.push(ev);
    }
    out
}

/// Which page to render: cheap to list, its context is built only when it
/// is rendered, so the contexts of thousands of pages never coexist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    Home,
    /// Page of the list, from 0 (as in every kind with a page).
    Briefings(usize),
    Briefing(usize),
    Timeline(usize),
    Casualties(usize),
    Actors(usize),
    /// The actor, and the page of what it lists.
    Actor(usize, usize),
    Places(usize),
    Place(usize, usize),
    Sources(usize),
    Source(usize, usize),
    Tags,
    /// The tag, and the page of its briefings.
    Tag(usize, usize),
    /// Page of `/changes/`, from 0.
    Changes(usize),
    NotFound,
}

/// A page to render: its output path, template and what it shows.
#[derive(Debug, Clone)]
pub struct PageJob {
    pub path: String,
    pub template: &'static str,
    pub kind: PageKind,
}

/// The context every page starts from: `site`, and `page` (kind, title,
/// root-relative url, absolute canonical URL, description).
pub fn ctx(v: &Views<'_>, kind: &str, title: &str, url: &str, description: &str) -> Context {
    let mut c = Context::new();
    c.insert("site", &v.site_view());
    let canonical = route::absolute(v.base(), &v.config().base_url, url);
    c.insert(
        "page",
        &serde_json::json!({
            "kind": kind,
            "title": title,
            "url": url,
            "canonical": canonical,
            "description": description,
        }),
    );
    // One page unless the page says otherwise (see `paginate`).
    c.insert("paginator", &paginate::paginator(url, 1, 1, 0));
    c
}

/// `ctx` for page `index` (from 0) of `pages` of a list at `url`: the title
/// and URL of that page, and its `paginator`.
fn paged_ctx(
    v: &Views<'_>,
    kind: &str,
    title: &str,
    url: &str,
    description: &str,
    (index, items): (usize, usize),
) -> Context {
    let pages = paginate::count(items, v.config().pagination);
    let number = index + 1;
    let mut c = ctx(
        v,
        kind,
        &paginate::title(title, number, pages),
        &route::paged(url, number),
        description,
    );
    c.insert("paginator", &paginate::paginator(url, number, pages, items));
    c
}

/// How many pages `/changes/` takes (at least one), `per` entries a page
/// (the `pagination` setting, as for every other list).
pub fn changes_pages(derived: &Derived, per: usize) -> usize {
    derived.changes.len().div_ceil(per.max(1)).max(1)
}

/// How many entries the longest list of a record's page has (its
/// briefings, figures, figures relayed, events, quotes): what it paginates.
pub fn refs_len(r: Option<&Backrefs>) -> usize {
    r.map_or(0, |r| {
        [
            r.briefings.len(),
            r.figures.len(),
            r.figures_via.len(),
            r.events.len(),
            r.quotes.len(),
        ]
        .into_iter()
        .max()
        .unwrap_or(0)
    })
}

/// Positions `pi * per .. (pi + 1) * per` of a list of `len`, clamped.
fn page_of(len: usize, pi: usize, per: usize) -> std::ops::Range<usize> {
    let w = paginate::window(pi, per);
    w.start.min(len)..w.end.min(len)
}

/// How many figures the ledger lists, over all measures and groups.
pub fn ledger_len(measures: &[crate::derive::ledger::MeasureLedger]) -> usize {
    measures
        .iter()
        .flat_map(|m| &m.groups)
        .map(|g| g.figures.len())
        .sum()
}

/// Every page of the site, in a stable order.
pub fn page_jobs(site: &Site, derived: &Derived) -> Vec<PageJob> {
    let per = site.config.pagination;
    let mut jobs = vec![PageJob {
        path: Route::Home.path(1),
        template: "index.html",
        kind: PageKind::Home,
    }];
    // Every page of a list of `len` entries at `route`.
    let mut list =
        |route: Route<'_>, len: usize, template: &'static str, kind: &dyn Fn(usize) -> PageKind| {
            jobs.extend((0..paginate::count(len, per)).map(|i| PageJob {
                path: route.path(i + 1),
                template,
                kind: kind(i),
            }))
        };
    list(
        Route::Briefings,
        site.briefings.len(),
        "briefings.html",
        &PageKind::Briefings,
    );
    for (i, b) in site.briefings.iter().enumerate() {
        list(
            Route::Record(Kind::Briefing, &b.id),
            1,
            "briefing.html",
            &|_| PageKind::Briefing(i),
        );
    }
    list(
        Route::Timeline,
        derived.timeline.len(),
        "timeline.html",
        &PageKind::Timeline,
    );
    list(
        Route::Casualties,
        ledger_len(&derived.ledger.measures),
        "casualties.html",
        &PageKind::Casualties,
    );
    list(
        Route::Actors,
        site.actors.len(),
        "actors.html",
        &PageKind::Actors,
    );
    for (i, a) in site.actors.iter().enumerate() {
        let len = refs_len(derived.actors.get(&a.id));
        list(Route::Record(Kind::Actor, &a.id), len, "actor.html", &|p| {
            PageKind::Actor(i, p)
        });
    }
    list(
        Route::Places,
        site.places.len(),
        "places.html",
        &PageKind::Places,
    );
    for (i, p) in site.places.iter().enumerate() {
        let len = refs_len(derived.places.get(&p.id));
        list(Route::Record(Kind::Place, &p.id), len, "place.html", &|n| {
            PageKind::Place(i, n)
        });
    }
    list(
        Route::Sources,
        site.sources.len(),
        "sources.html",
        &PageKind::Sources,
    );
    for (i, s) in site.sources.iter().enumerate() {
        let len = refs_len(derived.sources.get(&s.id));
        list(
            Route::Record(Kind::Source, &s.id),
            len,
            "source.html",
            &|n| PageKind::Source(i, n),
        );
    }
    list(Route::Tags, 1, "tags.html", &|_| PageKind::Tags);
    for (i, t) in site.tags.iter().enumerate() {
        let len = derived.tags.get(&t.slug).map_or(0, Vec::len);
        list(Route::Tag(&t.slug), len, "tag.html", &|n| {
            PageKind::Tag(i, n)
        });
    }
    jobs.extend(
        (0..changes_pages(derived, site.config.pagination)).map(|i| PageJob {
            path: Route::Changes.path(i + 1),
            template: "changes.html",
            kind: PageKind::Changes(i),
        }),
    );
    jobs.push(PageJob {
        path: route::NOT_FOUND.into(),
        template: "404.html",
        kind: PageKind::NotFound,
    });
    jobs
}

/// The Tera context of one page.
pub fn page_context(v: &Views<'_>, kind: PageKind) -> Context {
    let per = v.config().pagination;
    match kind {
        PageKind::Home => {
            let (title, summary) = v.home();
            let mut c = ctx(
                v,
                "home",
                title,
                &v.route(Route::Home),
                summary.unwrap_or(""),
            );
            c.insert(
                "home",
                &serde_json::json!({
                    "title": title,
                    "summary": summary,
                    "body": v.markdown(v.body(Kind::Index, "")),
                }),
            );
            // The ten newest, not every briefing cut to ten.
            let latest = v.count(Kind::Briefing).min(10);
            c.insert(
                "latest",
                &(0..latest).map(|i| v.briefing_item(i)).collect::<Vec<_>>(),
            );
            c.insert("headlines", ledger::headline_views(v));
            c.insert(
                "counts",
                &serde_json::json!({
                    "briefings": v.count(Kind::Briefing),
                    "figures": v.count(Kind::Index),
                    "actors": v.count(Kind::Actor),
                    "places": v.count(Kind::Place),
                    "sources": v.count(Kind::Source),
                }),
            );
            c
        }
        PageKind::Briefings(pi) => {
            let n = v.count(Kind::Briefing);
            let mut c = paged_ctx(
                v,
                "briefings",
                "Briefings",
                &v.route(Route::Briefings),
                "Every briefing, newest first.",
                (pi, n),
            );
            let w = paginate::window(pi, per);
            let items: Vec<BriefingItem> = (w.start.min(n)..w.end.min(n))
                .map(|i| v.briefing_item(i))
                .collect();
            c.insert("briefings", &items);
            c
        }
        PageKind::Briefing(bi) => {
            let b = v.briefing(bi);
            let url = v.url(Kind::Briefing, &b.id);
            let mut c = ctx(
                v,
                "briefing",
                &b.title,
                &url,
                b.summary.as_deref().unwrap_or(""),
            );
            let mut view = serde_json::to_value(v.briefing_item(bi)).expect("serialisable");
            insert_revisions(&mut view, &b.revisions);
            let obj = view.as_object_mut().unwrap();
            obj.insert(
                "body".into(),
                v.markdown(v.body(Kind::Briefing, &b.id)).into(),
            );
            obj.insert(
                "actors".into(),
                serde_json::to_value(b.actors.iter().map(|a| v.actor_link(a)).collect::<Vec<_>>())
                    .unwrap(),
            );
            obj.insert(
                "places".into(),
                serde_json::to_value(b.places.iter().map(|p| v.place_link(p)).collect::<Vec<_>>())
                    .unwrap(),
            );
            let sources: Vec<serde_json::Value> = b
            .sources
            .iter()
            .map(|s| {
                let src = v.source_by_id(s);
                serde_json::json!({
                    "id": s, "url": v.url(Kind::Source, s),
                    "title": src.map(|x| x.title.clone()), "outlet": src.map(|x| x.outlet.clone()),
                    "published": src.map(|x| x.published.long()), "link": src.and_then(|x| x.url.clone()),
                    "archived": src.and_then(|x| x.archived.clone()),
                })
            })
            .collect();
            obj.insert("sources".into(), sources.into());
            obj.insert(
                "events".into(),
                serde_json::to_value(
                    (0..b.events.len())
                        .map(|e| v.event_view(bi, e))
                        .collect::<Vec<_>>(),
                )
                .unwrap(),
            );
            obj.insert(
                "figures".into(),
                serde_json::to_value(
                    b.figures
                        .iter()
                        .map(|&f| v.figure_view(f))
                        .collect::<Vec<_>>(),
                )
                .unwrap(),
            );
            obj.insert(
                "quotes".into(),
                serde_json::to_value(
                    (0..b.quotes.len())
                        .map(|q| v.quote_view(bi, q))
                        .collect::<Vec<_>>(),
                )
                .unwrap(),
            );
            c.insert("briefing", &view);
            // Briefings are listed newest first: "previous" is the older one.
            c.insert(
                "previous",
                &v.briefing_at(bi + 1).map(|x| v.briefing_link(&x.id)),
            );
            c.insert(
                "next",
                &bi.checked_sub(1)
                    .and_then(|i| v.briefing_at(i))
                    .map(|x| v.briefing_link(&x.id)),
            );
            c
        }
        PageKind::Timeline(pi) => {
            let (window, len) = v.timeline(paginate::window(pi, per));
            let mut c = paged_ctx(
                v,
                "timeline",
                "Timeline",
                &v.route(Route::Timeline),
                "Events and briefings, day by day.",
                (pi, len),
            );
            let mut days: Vec<serde_json::Value> = Vec::new();
            let mut current: Option<(crate::domain::Date, Vec<serde_json::Value>)> = None;
            for (date, item) in window {
                let entry = match *item {
                    TimelineItem::Event(bi, ei) => {
                        serde_json::json!({"type": "event", "event": v.event_view(bi, ei)})
                    }
                    TimelineItem::Briefing(bi) => {
                        serde_json::json!({"type": "briefing", "briefing": v.briefing_item(bi)})
                    }
                };
                match &mut current {
                    Some((d, items)) if d == date => items.push(entry),
                    _ => {
                        if let Some((d, items)) = current.take() {
                            days.push(serde_json::json!({"date": d.iso(), "date_long": d.long(), "precision": d.precision(), "items": items}));
                        }
                        current = Some((*date, vec![entry]));
                    }
                }
            }
            if let Some((d, items)) = current.take() {
                days.push(
                    serde_json::json!({"date": d.iso(), "date_long": d.long(), "precision": d.precision(), "items": items}),
                );
            }
            c.insert("days", &days);
            c
        }
        PageKind::Casualties(pi) => {
            let mut c = paged_ctx(
                v,
                "casualties",
                "Casualty ledger",
                &v.route(Route::Casualties),
                "Every reported figure, with who claimed it, when, and on what source.",
                (pi, ledger_len(v.ledger())),
            );
            ledger::insert_context(v, &mut c, paginate::window(pi, per));
            c
        }
        PageKind::Actors(pi) => {
            let mut c = paged_ctx(
                v,
                "actors",
                "Actors",
                &v.route(Route::Actors),
                "Who acted, claimed and spoke.",
                (pi, v.count(Kind::Actor)),
            );
            let list: Vec<serde_json::Value> = page_of(v.count(Kind::Actor), pi, per)
            .map(|i| {
                let a = v.actor(i);
                let r = v.backrefs(Kind::Actor, &a.id);
                serde_json::json!({
                    "id": a.id, "name": a.name, "url": v.url(Kind::Actor, &a.id), "kind": a.kind,
                    "aliases": a.aliases, "has_profile": a.has_profile,
                    "briefings": r.map_or(0, |r| r.briefings.len()),
                    "figures": r.map_or(0, |r| r.figures.len()),
                    "quotes": r.map_or(0, |r| r.quotes.len()),
                })
            })
            .collect();
            c.insert("actors", &list);
            c
        }
        PageKind::Actor(i, pi) => {
            let a = v.actor(i);
            let url = v.url(Kind::Actor, &a.id);
            let refs = v.backrefs(Kind::Actor, &a.id);
            let mut c = paged_ctx(
                v,
                "actor",
                &a.name,
                &url,
                &format!("{}: briefings, claims and quotes.", a.name),
                (pi, refs_len(refs)),
            );
            let mut view = serde_json::json!({
                "id": a.id, "name": a.name, "url": url, "kind": a.kind, "aliases": a.aliases,
                "country": a.country.as_deref().map(|p| v.place_link(p)),
                "part_of": a.part_of.as_deref().map(|p| v.actor_link(p)),
                "members": v.members(&a.id).into_iter().map(|x| v.actor_link(x)).collect::<Vec<_>>(),
                "body": v.markdown(v.body(Kind::Actor, &a.id)), "has_profile": a.has_profile,
            });
            insert_revisions(&mut view, &a.revisions);
            c.insert("actor", &view);
            c.insert("refs", &v.record_refs(refs, pi));
            c
        }
        PageKind::Places(pi) => {
            let mut c = paged_ctx(
                v,
                "places",
                "Places",
                &v.route(Route::Places),
                "Where events happened and figures were counted.",
                (pi, v.count(Kind::Place)),
            );
            let list: Vec<serde_json::Value> = page_of(v.count(Kind::Place), pi, per)
            .map(|i| {
                let p = v.place(i);
                let r = v.backrefs(Kind::Place, &p.id);
                serde_json::json!({
                    "id": p.id, "name": p.name, "url": v.url(Kind::Place, &p.id), "kind": p.kind,
                    "within": p.within.as_deref().map(|w| v.place_link(w)), "aliases": p.aliases,
                    "briefings": r.map_or(0, |r| r.briefings.len()),
                    "events": r.map_or(0, |r| r.events.len()),
                    "figures": r.map_or(0, |r| r.figures.len()),
                })
            })
            .collect();
            c.insert("places", &list);
            c
        }
        PageKind::Place(i, pi) => {
            let p = v.place(i);
            let url = v.url(Kind::Place, &p.id);
            let refs = v.backrefs(Kind::Place, &p.id);
            let mut c = paged_ctx(
                v,
                "place",
                &p.name,
                &url,
                &format!("{}: events, briefings and figures.", p.name),
                (pi, refs_len(refs)),
            );
            let mut view = serde_json::json!({
                "id": p.id, "name": p.name, "url": url, "kind": p.kind, "aliases": p.aliases,
                "within": p.within.as_deref().map(|w| v.place_link(w)),
                "contains": v.children(&p.id).iter().map(|c| v.place_link(c)).collect::<Vec<_>>(),
                "body": v.markdown(v.body(Kind::Place, &p.id)), "has_profile": p.has_profile,
            });
            insert_revisions(&mut view, &p.revisions);
            c.insert("place", &view);
            c.insert("refs", &v.record_refs(refs, pi));
            c
        }
        PageKind::Sources(pi) => {
            let mut c = paged_ctx(
                v,
                "sources",
                "Sources",
                &v.route(Route::Sources),
                "Every report cited, and what rests on it.",
                (pi, v.count(Kind::Source)),
            );
            let list: Vec<serde_json::Value> = page_of(v.count(Kind::Source), pi, per)
            .map(|i| {
                let s = v.source(i);
                let r = v.backrefs(Kind::Source, &s.id);
                serde_json::json!({
                    "id": s.id, "title": s.title, "outlet": s.outlet, "url": v.url(Kind::Source, &s.id),
                    "published": s.published.iso(), "published_long": s.published.long(),
                    "link": s.url, "archived": s.archived, "language": s.language, "reliability": s.reliability.map(String::from),
                    "briefings": r.map_or(0, |r| r.briefings.len()),
                    "figures": r.map_or(0, |r| r.figures.len()),
                })
            })
            .collect();
            c.insert("sources", &list);
            c
        }
        PageKind::Source(i, pi) => {
            let s = v.source(i);
            let url = v.url(Kind::Source, &s.id);
            let refs = v.backrefs(Kind::Source, &s.id);
            let mut c = paged_ctx(
                v,
                "source",
                &s.title,
                &url,
                &format!("{} ({}, {}).", s.title, s.outlet, s.published.long()),
                (pi, refs_len(refs)),
            );
            let mut view = serde_json::json!({
                "id": s.id, "title": s.title, "outlet": s.outlet, "url": url,
                "published": s.published.iso(), "published_long": s.published.long(),
                "link": s.url, "archived": s.archived, "language": s.language,
                "reliability": s.reliability.map(String::from),
                "relays": s.relays.iter().map(|a| v.actor_link(a)).collect::<Vec<_>>(),
                "note": s.note, "body": v.markdown(v.body(Kind::Source, &s.id)),
            });
            insert_revisions(&mut view, &s.revisions);
            c.insert("source", &view);
            c.insert("refs", &v.record_refs(refs, pi));
            c
        }
        PageKind::Tags => {
            let mut c = ctx(
                v,
                "tags",
                "Tags",
                &v.route(Route::Tags),
                "Briefings by topic.",
            );
            c.insert(
                "tags",
                &v.tags()
                    .into_iter()
                    .map(|(slug, _)| v.tag_view(slug))
                    .collect::<Vec<_>>(),
            );
            c
        }
        PageKind::Tag(i, pi) => {
            let (slug, name) = v.tags()[i];
            let tv = v.tag_view(slug);
            let tagged = v.tagged(slug);
            let mut c = paged_ctx(
                v,
                "tag",
                &format!("Tag: {}", name),
                &tv.url,
                &format!("Briefings tagged “{}”.", name),
                (pi, tagged.len()),
            );
            let items: Vec<BriefingItem> = paginate::slice(tagged, pi, per)
                .iter()
                .map(|&i| v.briefing_item(i))
                .collect();
            c.insert("tag", &tv);
            c.insert("briefings", &items);
            c
        }
        PageKind::Changes(pi) => changes_context(v, pi),
        PageKind::NotFound => {
            let c = ctx(
                v,
                "404",
                "Page not found",
                &route::url_of_path(v.base(), route::NOT_FOUND),
                "",
            );
            c
        }
    }
}

/// Page `pi` (from 0) of `/changes/`: its entries grouped by day, newest
/// first, and where it sits among the pages.
fn changes_context(v: &Views<'_>, pi: usize) -> Context {
    let per = v.config().pagination.max(1);
    let (window, len) = v.changes(paginate::window(pi, per));
    let pages = len.div_ceil(per).max(1);
    let number = pi + 1;
    let url = Route::Changes.url(v.base(), number);
    let title = if number == 1 {
        "Changes".to_string()
    } else {
        format!("Changes, page {number} of {pages}")
    };
    let mut c = ctx(
        v,
        "changes",
        &title,
        &url,
        "What changed in this dossier, and when: briefings published and updated, and every correction.",
    );
    let mut days: Vec<serde_json::Value> = Vec::new();
    let mut current: Option<(crate::domain::Date, Vec<ChangeView>)> = None;
    let day = |d: crate::domain::Date, items: Vec<ChangeView>| serde_json::json!({"date": d.iso(), "date_long": d.long(), "changes": items});
    for ch in window {
        match &mut current {
            Some((d, items)) if *d == ch.date => items.push(v.change_view(ch)),
            _ => {
                if let Some((d, items)) = current.take() {
                    days.push(day(d, items));
                }
                current = Some((ch.date, vec![v.change_view(ch)]));
            }
        }
    }
    if let Some((d, items)) = current.take() {
        days.push(day(d, items));
    }
    c.insert("days", &days);
    c.insert(
        "paginator",
        &paginate::paginator(&v.route(Route::Changes), number, pages, len),
    );
    c
}

/// Renders every page in parallel, building each context on the way. All
/// template errors are reported.
pub fn render_pages(
    templates: &Templates,
    site: &Site,
    derived: &Derived,
    jobs: Vec<PageJob>,
) -> Result<Vec<Page>, Vec<Diagnostic>> {
    let v = Views::new(site, derived);
    let results: Vec<Result<Page, Diagnostic>> = jobs
        .into_par_iter()
        .map(|j| {
            let context = page_context(&v, j.kind);
            templates.render(j.template, &context).map(|html| Page {
                path: j.path,
                content: html.into_bytes(),
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
}
