//! The full-text search index: Pagefind, run over the rendered pages.
//!
//! A dossier is read in English, Russian and Kazakh words (names, aliases,
//! quotes), offline, from any static host. Pagefind does that well: its
//! index is split into small fragments fetched on demand, it stems by the
//! page's `lang`, and its browser runtime (JavaScript + WebAssembly) ships
//! inside the crate, so the index is built here, in memory, from the pages
//! `render` produced, and written with them: no Node, no second pass over
//! the output directory.
//!
//! Indexing costs far more than rendering, so only `dossier build` does it;
//! `check` and `serve` do not. It is the `search` cargo feature (on by
//! default); without it, `AVAILABLE` is false and the search page says the
//! index is missing.
//!
//! What is indexed is up to the theme: Pagefind's own `data-pagefind-body`,
//! `data-pagefind-ignore` and `data-pagefind-meta` attributes. The default
//! theme marks the `<main>` of the pages worth finding (briefings, actors,
//! places, sources, timeline, ledger); `<nav>` and `<thead>` elements are
//! never indexed (`EXCLUDED`).

use crate::diag::Diagnostic;
use crate::render::Page;

/// Where the index goes in the output: `pagefind/pagefind.js` and the rest.
pub(crate) const BUNDLE_DIR: &str = "pagefind";

/// Whether this binary can build a search index (the `search` cargo feature).
pub(crate) const AVAILABLE: bool = cfg!(feature = "search");

/// Never indexed, whatever the theme: navigation, and table column headers
/// (Pagefind would run `<th>Figure</th><th>Counted</th>` into one word).
pub(crate) const EXCLUDED: &[&str] = &["nav", "thead"];

/// The attribute that marks what Pagefind indexes.
const BODY_MARK: &str = "data-pagefind-body";

/// The HTML pages to index: those the theme marked with
/// `data-pagefind-body` (Pagefind would drop the others anyway, after
/// parsing them), or every HTML page if the theme marks none.
pub(crate) fn pages_to_index(pages: &[Page]) -> Vec<&Page> {
    let html: Vec<&Page> = pages.iter().filter(|p| p.path.ends_with(".html")).collect();
    let marked: Vec<&Page> = html
        .iter()
        .copied()
        .filter(|p| contains(&p.content, BODY_MARK.as_bytes()))
        .collect();
    if marked.is_empty() {
        html
    } else {
        marked
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The URL Pagefind stores for a page, relative to the site's root; its
/// browser runtime prefixes the directory it was loaded from, minus
/// `pagefind/`, so results stay under whatever sub-path the site is served.
#[cfg_attr(not(feature = "search"), allow(dead_code))]
fn index_url(path: &str) -> String {
    format!("/{}", path.strip_suffix("index.html").unwrap_or(path))
}

/// Indexes `pages` (see `pages_to_index`) and returns the index's files,
/// with paths under `pagefind/`. `progress(done, total)` is called after
/// each page is indexed, and once more (total, total) after the index is
/// assembled.
#[cfg(feature = "search")]
pub(crate) fn index(
    pages: &[&Page],
    progress: &dyn Fn(usize, usize),
) -> Result<Vec<Page>, Diagnostic> {
    use pagefind::api::PagefindIndex;
    use pagefind::options::PagefindServiceConfig;

    let fail = |what: &str, e: &dyn std::fmt::Display| {
        Diagnostic::error(BUNDLE_DIR, format!("search index: {what}: {e}"))
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| fail("cannot start the indexer", &e))?;
    let options = PagefindServiceConfig::builder()
        .exclude_selectors(EXCLUDED.iter().map(|s| s.to_string()).collect())
        .build();
    let mut ix = PagefindIndex::new(Some(options)).map_err(|e| fail("bad options", &e))?;
    let total = pages.len();
    runtime.block_on(async {
        for (done, page) in pages.iter().enumerate() {
            let html = String::from_utf8_lossy(&page.content).into_owned();
            ix.add_html_file(None, Some(index_url(&page.path)), html)
                .await
                .map_err(|e| fail(&format!("cannot index {}", page.path), &e))?;
            progress(done + 1, total);
        }
        let files = ix
            .get_files()
            .await
            .map_err(|e| fail("cannot assemble the index", &e))?;
        progress(total, total);
        Ok(files
            .into_iter()
            .map(|f| Page {
                path: format!(
                    "{BUNDLE_DIR}/{}",
                    f.filename.to_string_lossy().replace('\\', "/")
                ),
                content: f.contents,
            })
            .collect())
    })
}

/// Without the `search` feature there is no index to build.
#[cfg(not(feature = "search"))]
pub fn index(_pages: &[&Page], _progress: &dyn Fn(usize, usize)) -> Result<Vec<Page>, Diagnostic> {
    Ok(Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_relative_to_the_site_root() {
        assert_eq!(index_url("index.html"), "/");
        assert_eq!(index_url("briefings/x/index.html"), "/briefings/x/");
        assert_eq!(index_url("404.html"), "/404.html");
    }

    #[test]
    fn only_marked_pages_when_some_are_marked() {
        let page = |path: &str, html: &str| Page {
            path: path.into(),
            content: html.as_bytes().to_vec(),
        };
        let pages = vec![
            page("a/index.html", "<main data-pagefind-body>a</main>"),
            page("b/index.html", "<main>b</main>"),
            page("style.css", "main{}"),
        ];
        let picked: Vec<&str> = pages_to_index(&pages)
            .iter()
            .map(|p| p.path.as_str())
            .collect();
        assert_eq!(picked, ["a/index.html"]);
        let unmarked = &pages[1..];
        let picked: Vec<&str> = pages_to_index(unmarked)
            .iter()
            .map(|p| p.path.as_str())
            .collect();
        assert_eq!(picked, ["b/index.html"]);
    }
}
