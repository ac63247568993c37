//! The full-text search index: Pagefind, run over the rendered pages.
//!
//! A dossier is read in English, Russian and Kazakh words (names, aliases,
//! quotes), offline, from any static host. Pagefind does that well: its
//! index is split into small fragments fetched on demand, it stems by the
//! page's `lang`, and its browser runtime (JavaScript + WebAssembly) ships
//! inside the crate, so the index is built here, with no Node.
//!
//! Pagefind reads the pages back from the fresh output tree, after `build`
//! has written them (`add_directory`: parsed in parallel). Its
//! one-page-at-a-time API (`add_html_file`) runs every page under one lock
//! and scans every page added before it for a duplicate URL: quadratic, and
//! it needed the whole site in memory. The vendored Pagefind
//! (`vendor/pagefind/VENDOR.md`) reduces each page to its packed words and
//! its gzipped fragment as soon as it has read it, so indexing holds a
//! batch of pages and the index, never the site.
//!
//! Indexing costs more than rendering, so only `dossier build` does it;
//! `check` and `serve` do not. It is the `search` cargo feature (on by
//! default); without it, `AVAILABLE` is false and the search page says the
//! index is missing.
//!
//! What is indexed is up to the theme: Pagefind's own `data-pagefind-body`,
//! `data-pagefind-ignore` and `data-pagefind-meta` attributes. The default
//! theme marks the `<main>` of the pages people search for: briefings and
//! the first page of each actor, place and source, without what it lists
//! (`data-pagefind-ignore`): lists, the timeline, the ledger and those
//! lists only repeat what briefings say. `<nav>` and `<thead>` elements are
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

/// Whether the theme marked this page for search (`data-pagefind-body`).
pub fn marked(page: &Page) -> bool {
    page.path.ends_with(".html")
        && memchr::memmem::find(&page.content, BODY_MARK.as_bytes()).is_some()
}

/// The glob, relative to the output, of the files Pagefind reads: the
/// shapes of the marked pages' paths, a folder name kept at the top and
/// `*` below it (`briefings/*/index.html`, `actors/*/index.html`), so that
/// it reads the marked pages and few others (Pagefind drops unmarked pages
/// it reads). If the theme marks no page, every HTML page.
fn glob_for(marked: &[String]) -> String {
    let mut parts: Vec<String> = marked
        .iter()
        .map(|p| {
            let segments: Vec<&str> = p.split('/').collect();
            match segments.as_slice() {
                [] | [_] => p.clone(),
                [top, middle @ .., last] => {
                    let last = if *last == "index.html" {
                        last
                    } else {
                        "*.html"
                    };
                    let mut shape = vec![*top];
                    shape.extend(middle.iter().map(|_| "*"));
                    shape.push(last);
                    shape.join("/")
                }
            }
        })
        .collect();
    parts.sort();
    parts.dedup();
    match parts.len() {
        0 => "**/*.html".into(),
        1 => parts.remove(0),
        _ => format!("{{{}}}", parts.join(",")),
    }
}

/// Indexes the pages written under `dir` (the fresh output tree; `marked`
/// are the paths of the pages the theme marked, relative to it) and returns
/// the index's files, with paths under `pagefind/`. Pagefind reads and
/// parses the pages in parallel from disk, so they need not stay in memory.
#[cfg(feature = "search")]
pub fn index_written(dir: &std::path::Path, marked: &[String]) -> Result<Vec<Page>, Diagnostic> {
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
    runtime.block_on(async {
        ix.add_directory(dir.to_string_lossy().into_owned(), Some(glob_for(marked)))
            .await
            .map_err(|e| fail("cannot read the pages", &e))?;
        let files = ix
            .get_files()
            .await
            .map_err(|e| fail("cannot assemble the index", &e))?;
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
pub fn index_written(_dir: &std::path::Path, _marked: &[String]) -> Result<Vec<Page>, Diagnostic> {
    Ok(Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_glob_covers_the_shapes_of_marked_pages() {
        let paths = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(glob_for(&[]), "**/*.html");
        assert_eq!(
            glob_for(&paths(&["briefings/a/index.html"])),
            "briefings/*/index.html"
        );
        assert_eq!(
            glob_for(&paths(&[
                "briefings/a/index.html",
                "actors/x/index.html",
                "briefings/b/index.html",
                "actors/x/page/2/index.html",
                "notes/a.html",
                "about.html",
            ])),
            "{about.html,actors/*/*/*/index.html,actors/*/index.html,briefings/*/index.html,notes/*.html}"
        );
    }

    #[test]
    fn marked_pages_are_html_with_the_mark() {
        let page = |path: &str, html: &str| Page {
            path: path.into(),
            content: html.as_bytes().to_vec(),
        };
        assert!(marked(&page(
            "a/index.html",
            "<main data-pagefind-body>a</main>"
        )));
        assert!(!marked(&page("b/index.html", "<main>b</main>")));
        assert!(!marked(&page("x.json", "data-pagefind-body")));
    }
}
