//! The full-text search index: Pagefind, run over the rendered pages.
//!
//! A dossier is read in English, Russian and Kazakh words (names, aliases,
//! quotes), offline, from any static host. Pagefind does that well: its
//! index is split into small fragments fetched on demand, it stems by the
//! page's `lang`, and its browser runtime (JavaScript + WebAssembly) ships
//! inside the crate, so the index is built here, with no Node.
//!
//! The index is built while the site renders (`Indexer`): each batch of
//! pages, once written, goes to a thread of its own that hands the marked
//! ones to Pagefind while the next batch renders, so indexing fills the
//! time rendering leaves a core idle. The vendored Pagefind
//! (`vendor/pagefind/VENDOR.md`) takes a batch at a time (`add_html_files`,
//! parsed in parallel) and reduces each page to its packed words and its
//! gzipped fragment at once, so indexing holds a few batches and the
//! index, never the site. (Pagefind's one-page-at-a-time `add_html_file`
//! runs every page under one lock and scans every page added before it for
//! a duplicate URL: quadratic.) A page of the plain shape the theme
//! writes (well formed, no comments or scripts) it reads with a small scan
//! of its own rather than a full HTML parser, skimming what the index
//! ignores; any other page it parses whole, less what could not change
//! the index. It stems each word once, not once per page.
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
#[cfg_attr(not(feature = "search"), allow(dead_code))]
pub(crate) const BUNDLE_DIR: &str = crate::route::PAGEFIND;

/// Whether this binary can build a search index (the `search` cargo feature).
pub(crate) const AVAILABLE: bool = cfg!(feature = "search");

/// Never indexed, whatever the theme: navigation, and table column headers
/// (Pagefind would run `<th>Figure</th><th>Counted</th>` into one word).
#[cfg_attr(not(feature = "search"), allow(dead_code))]
pub(crate) const EXCLUDED: &[&str] = &["nav", "thead"];

/// The attribute that marks what Pagefind indexes.
const BODY_MARK: &str = "data-pagefind-body";

/// Whether the theme marked this page for search (`data-pagefind-body`).
pub fn marked(page: &Page) -> bool {
    page.path.ends_with(".html")
        && memchr::memmem::find(&page.content, BODY_MARK.as_bytes()).is_some()
}

/// The search index, built while the site renders.
pub struct Indexer {
    #[cfg(feature = "search")]
    pages: std::sync::mpsc::SyncSender<Vec<(String, String)>>,
    #[cfg(feature = "search")]
    thread: std::thread::JoinHandle<Result<Vec<Page>, Diagnostic>>,
}

#[cfg(feature = "search")]
impl Indexer {
    /// Starts the indexing thread.
    pub fn start() -> Indexer {
        // Two batches in flight at most: rendering waits rather than
        // piling pages up in memory.
        let (pages, batches) = std::sync::mpsc::sync_channel(2);
        let thread = std::thread::spawn(move || index(batches));
        Indexer { pages, thread }
    }

    /// Hands over the pages of `batch` the theme marked (written already).
    pub fn add(&self, batch: Vec<Page>) {
        let marked: Vec<(String, String)> = batch
            .into_iter()
            .filter(marked)
            .filter_map(|p| Some((p.path, String::from_utf8(p.content).ok()?)))
            .collect();
        // If the thread has failed, `finish` says why.
        if !marked.is_empty() {
            let _ = self.pages.send(marked);
        }
    }

    /// Waits for the last pages to be indexed and returns the index's
    /// files, with paths under `pagefind/`.
    pub fn finish(self) -> Result<Vec<Page>, Diagnostic> {
        drop(self.pages);
        self.thread.join().unwrap_or_else(|_| {
            Err(Diagnostic::error(
                BUNDLE_DIR,
                "search index: the indexer panicked",
            ))
        })
    }
}

/// The indexing thread: Pagefind, fed batch by batch until the channel
/// closes.
#[cfg(feature = "search")]
fn index(
    batches: std::sync::mpsc::Receiver<Vec<(String, String)>>,
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
    runtime.block_on(async {
        let mut failed = None;
        // Every batch is received, even after a failure, so that rendering
        // never waits on a thread that stopped reading.
        for batch in batches {
            if failed.is_none() {
                failed = ix.add_html_files(batch).await.err();
            }
        }
        if let Some(e) = failed {
            return Err(fail("cannot read the pages", &e));
        }
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
impl Indexer {
    pub fn start() -> Indexer {
        Indexer {}
    }
    pub fn add(&self, _batch: Vec<Page>) {}
    pub fn finish(self) -> Result<Vec<Page>, Diagnostic> {
        Ok(Vec::new())
    }
}

/// The vendored Pagefind's page cut (`vendor/pagefind/src/fossick/trim.rs`)
/// decides what of each page the index reads; its tests run here, with
/// dossier's, as the vendored crate's own do not.
#[cfg(all(test, feature = "search"))]
#[path = "../vendor/pagefind/src/fossick/trim.rs"]
mod vendored_trim;

/// The vendored Pagefind's blank collapsing
/// (`vendor/pagefind/src/fossick/blanks.rs`), which every page's text goes
/// through: its tests run here too.
#[cfg(all(test, feature = "search"))]
#[path = "../vendor/pagefind/src/fossick/blanks.rs"]
mod vendored_blanks;

#[cfg(test)]
mod tests {
    use super::*;

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
