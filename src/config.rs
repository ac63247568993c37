//! Site configuration (`dossier.yaml`).
//!
//! The configuration is read like every other input: into an "as written"
//! struct that rejects unknown keys, then checked into `Config`, whose base
//! URL is normalised once so that no page has to think about trailing
//! slashes or sub-paths again.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::diag::Diagnostic;
use crate::yaml::yaml_error;

/// `dossier.yaml` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawConfig {
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub base_url: String,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default)]
    pub measures: BTreeMap<String, RawMeasure>,
    #[serde(default)]
    pub groups: BTreeMap<String, String>,
    #[serde(default)]
    pub markdown: RawMarkdown,
    /// Entries per page of a long list (see `Config::pagination`).
    #[serde(default = "default_pagination")]
    pub pagination: usize,
}

/// `markdown:` in `dossier.yaml`: how bodies are published.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawMarkdown {
    #[serde(default)]
    pub raw_html: RawHtml,
}

/// What happens to raw HTML written in Markdown.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Left out (the default), as are links that would run code.
    #[default]
    Omit,
    /// Kept, then cleaned by an allow-list sanitizer (ammonia).
    Sanitize,
    /// Published exactly as written: only for content you fully trust.
    Trusted,
}

fn default_language() -> String {
    "en".into()
}
fn default_theme() -> String {
    "default".into()
}
/// Entries per page by default: a list of 100 briefings is about 60 KB, a
/// ledger page of 100 figures about 150 KB, and a small dossier's lists
/// stay on one page.
pub const DEFAULT_PAGINATION: usize = 100;
fn default_pagination() -> usize {
    DEFAULT_PAGINATION
}

/// A measure declared in the configuration.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawMeasure {
    pub label: String,
    #[serde(default)]
    pub unit: Option<String>,
}

/// A measure a figure can count: built in, or declared in `dossier.yaml`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Measure {
    pub id: String,
    pub label: String,
    pub unit: Option<String>,
    /// Casualty measures (killed, injured, …) lead the ledger; others follow.
    pub casualty: bool,
}

/// The measures every dossier has, in the order the ledger shows them.
pub(crate) const BUILTIN_MEASURES: &[(&str, &str)] = &[
    ("killed", "Killed"),
    ("injured", "Injured"),
    ("hospitalized", "Hospitalized"),
    ("critical", "In critical condition"),
    ("missing", "Missing"),
    ("arrested", "Arrested"),
    ("detained", "Detained"),
    ("displaced", "Displaced"),
];

/// Labels for the usual groups; others are shown from their slug.
pub(crate) const BUILTIN_GROUPS: &[(&str, &str)] = &[
    ("all", "All"),
    ("protesters", "Protesters"),
    ("security-forces", "Security forces"),
    ("civilians", "Civilians"),
    ("children", "Children"),
];

/// The validated configuration.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// Absolute, always ending in `/`: `https://example.org/kazakhstan-2022/`.
    pub base_url: String,
    /// The path part of `base_url`, starting and ending with `/`: `/kazakhstan-2022/`.
    pub base_path: String,
    pub language: String,
    pub theme: String,
    /// Built-in measures first, then declared ones.
    pub measures: Vec<Measure>,
    pub groups: BTreeMap<String, String>,
    /// What happens to raw HTML in Markdown bodies.
    pub raw_html: RawHtml,
    /// Entries per page of a long list (briefings, a tag, the timeline, the
    /// ledger's figures, the actors, places and sources, what a record's
    /// page lists): page 2 of `/briefings/` is `/briefings/page/2/`.
    pub pagination: usize,
}

impl Config {
    pub fn measure(&self, id: &str) -> Option<&Measure> {
        self.measures.iter().find(|m| m.id == id)
    }

    pub fn group_label(&self, id: &str) -> String {
        self.groups.get(id).cloned().unwrap_or_else(|| humanize(id))
    }

    /// Replaces the base URL (the `--base-url` flag, or `serve`).
    pub fn set_base_url(&mut self, url: &str) -> Result<(), String> {
        let (base_url, base_path) = normalize_base_url(url)?;
        self.base_url = base_url;
        self.base_path = base_path;
        Ok(())
    }
}

/// `Kazakh-Russian` → `Kazakh russian`: a readable label from a slug.
pub(crate) fn humanize(slug: &str) -> String {
    let s = slug.replace(['-', '_'], " ");
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Checks a base URL and splits off its path.
pub(crate) fn normalize_base_url(url: &str) -> Result<(String, String), String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("base_url `{url}` must start with http:// or https://"))?;
    if rest.is_empty() || rest.starts_with('/') {
        return Err(format!("base_url `{url}` has no host"));
    }
    if url.contains(['?', '#', ' ']) {
        return Err(format!(
            "base_url `{url}` must not contain a query, a fragment or spaces"
        ));
    }
    let path = match rest.find('/') {
        Some(i) => &rest[i..],
        None => "/",
    };
    let mut path = path.to_string();
    if !path.ends_with('/') {
        path.push('/');
    }
    let scheme_host = &url[..url.len() - rest.len() + rest.find('/').unwrap_or(rest.len())];
    Ok((format!("{scheme_host}{path}"), path))
}

/// Reads and checks `dossier.yaml`.
pub(crate) fn load_config(path: &Path, shown: &Path) -> Result<Config, Vec<Diagnostic>> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        vec![
            Diagnostic::error(shown, format!("cannot read the configuration: {e}")).with_help(
                "run `dossier init DIR` to create a new dossier, or pass -r/--root or -c/--config",
            ),
        ]
    })?;
    if let Some(at) = crate::yaml::too_deep(&text, crate::yaml::MAX_NESTING) {
        let max = crate::yaml::MAX_NESTING;
        return Err(vec![Diagnostic::error(
            shown,
            format!("the configuration nests deeper than {max} levels of `[` and `{{`"),
        )
        .with_help("look for brackets that are never closed")
        .at_offset(&text, at, 1)]);
    }
    let raw: RawConfig = serde_yaml::from_str(&text)
        .map_err(|e| vec![yaml_error(shown, &text, 0, &e, CONFIG_FIELDS)])?;
    let mut errors = Vec::new();
    let (base_url, base_path) = match normalize_base_url(&raw.base_url) {
        Ok(v) => v,
        Err(msg) => {
            errors.push(locate_key(Diagnostic::error(shown, msg), &text, "base_url"));
            (String::new(), "/".into())
        }
    };
    let mut measures: Vec<Measure> = BUILTIN_MEASURES
        .iter()
        .map(|(id, label)| Measure {
            id: (*id).into(),
            label: (*label).into(),
            unit: None,
            casualty: true,
        })
        .collect();
    for (id, m) in &raw.measures {
        if let Some(existing) = measures.iter_mut().find(|x| &x.id == id) {
            existing.label = m.label.clone();
            existing.unit = m.unit.clone();
        } else {
            measures.push(Measure {
                id: id.clone(),
                label: m.label.clone(),
                unit: m.unit.clone(),
                casualty: false,
            });
        }
    }
    let mut groups: BTreeMap<String, String> = BUILTIN_GROUPS
        .iter()
        .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
        .collect();
    groups.extend(raw.groups.clone());
    if raw.pagination == 0 {
        errors.push(
            locate_key(
                Diagnostic::error(shown, "pagination must be at least 1 entry per page"),
                &text,
                "pagination",
            )
            .with_help(format!(
                "leave it out for {DEFAULT_PAGINATION} entries per page"
            )),
        );
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Config {
        title: raw.title,
        description: raw.description,
        base_url,
        base_path,
        language: raw.language,
        theme: raw.theme,
        measures,
        groups,
        raw_html: raw.markdown.raw_html,
        pagination: raw.pagination,
    })
}

pub(crate) const CONFIG_FIELDS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "theme",
    "measures",
    "groups",
    "markdown",
    "pagination",
];

/// Places `d` on `key` of `dossier.yaml`, as the parse read it (the span
/// index is built here, on an error, never on a clean load).
fn locate_key(d: Diagnostic, text: &str, key: &str) -> Diagnostic {
    match crate::yaml::Spans::build(text, 0).key(key) {
        Some(at) => d.at_offset(text, at.start, text[at.start..at.end].chars().count()),
        None => d,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_normalise() {
        assert_eq!(
            normalize_base_url("https://example.org/some/path").unwrap(),
            (
                "https://example.org/some/path/".into(),
                "/some/path/".into()
            )
        );
        assert_eq!(
            normalize_base_url("http://127.0.0.1:1111").unwrap(),
            ("http://127.0.0.1:1111/".into(), "/".into())
        );
        assert!(normalize_base_url("example.org").is_err());
    }
}
