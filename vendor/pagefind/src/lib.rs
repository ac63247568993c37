use std::{cmp::Ordering, path::PathBuf};

use anyhow::{bail, Result};
use fossick::{FossickedData, Fossicker, WordCache};
use futures::future::join_all;
use hashbrown::HashMap;
use index::PagefindIndexes;
use options::{PagefindInboundConfig, SearchOptions};
use output::SyntheticFile;
use rayon::prelude::*;
pub use service::api;
use wax::walk::Entry;
use wax::Glob;

use crate::index::stream::{Accumulator, Gzip, PageDigest};

mod fossick;
mod fragments;
mod index;
#[macro_use]
mod logging;
pub mod options;
mod output;
mod playground;
pub mod runner;
#[cfg(feature = "serve")]
mod serve;
mod service;
mod utils;

const PAGEFIND_VERSION: &str = env!("CARGO_PKG_VERSION");

struct SearchState {
    options: SearchOptions,
    /// Pages added one at a time (`add_html_file`), which a later one with
    /// the same URL replaces; digested when the index is built.
    fossicked_pages: Vec<FossickedData>,
    /// dossier's patch: pages added by `add_directory`, digested as they
    /// are read (see index/stream.rs).
    streamed: Streamed,
    built_indexes: Vec<PagefindIndexes>,
    /// dossier's patch: caches of stemmed words and gzip compressors, one
    /// per parsing thread at a time, kept from batch to batch.
    scratch: std::sync::Mutex<Vec<Scratch>>,
    /// dossier's patch: the parser's selectors, parsed once.
    selectors: fossick::parser::Selectors,
}

/// dossier's patch: the pages read so far, reduced, by language and by
/// whether they are kept when some page marks a body (`data-pagefind-body`),
/// which is known only once every page is read.
#[derive(Default)]
struct Streamed {
    groups: HashMap<(String, bool), Accumulator>,
    used_custom_body: bool,
    without_html: Vec<String>,
}

impl Streamed {
    fn push(&mut self, page: PageDigest) {
        self.used_custom_body |= page.has_custom_body;
        if !page.has_html_element {
            self.without_html.push(page.url.clone());
        }
        if page.empty {
            return;
        }
        let kept = page.has_custom_body || page.force_inclusion;
        self.groups
            .entry((page.language.clone(), kept))
            .or_default()
            .push(page);
    }
}

/// dossier's patch: what a parsing thread keeps from page to page: its
/// cache of stemmed words, and its gzip compressor for the fragments.
#[derive(Default)]
struct Scratch {
    words: WordCache,
    gzip: Gzip,
}

/// dossier's patch: a thread's scratch taken from the index's pool, given
/// back when the thread is done with it. (rayon's `map_init` makes one for
/// every piece it splits a batch into: hundreds a batch.)
struct PooledScratch<'a> {
    scratch: Option<Scratch>,
    pool: &'a std::sync::Mutex<Vec<Scratch>>,
}

impl<'a> PooledScratch<'a> {
    fn take(pool: &'a std::sync::Mutex<Vec<Scratch>>) -> Self {
        let scratch = pool.lock().ok().and_then(|mut p| p.pop());
        Self {
            scratch: Some(scratch.unwrap_or_default()),
            pool,
        }
    }

    fn get(&mut self) -> &mut Scratch {
        self.scratch.get_or_insert_with(Scratch::default)
    }
}

impl Drop for PooledScratch<'_> {
    fn drop(&mut self) {
        if let (Some(scratch), Ok(mut pool)) = (self.scratch.take(), self.pool.lock()) {
            pool.push(scratch);
        }
    }
}

impl SearchState {
    pub fn new(options: SearchOptions) -> Self {
        Self {
            selectors: fossick::parser::Selectors::new(&options),
            options,
            fossicked_pages: vec![],
            streamed: Streamed::default(),
            built_indexes: vec![],
            scratch: Default::default(),
        }
    }

    pub fn walk_for_files(&self, dir: PathBuf, glob: String) -> Result<Vec<Fossicker>> {
        let log = &self.options.logger;

        log.status("[Walking source directory]");
        if let Ok(glob) = Glob::new(&glob) {
            Ok(glob
                .walk(&dir)
                .filter_map(Result::ok)
                .map(|e| e.into_path())
                .map(|file_path| Fossicker::new_relative_to(file_path, dir.clone()))
                .collect())
        } else {
            log.error(format!(
                "Error: Provided glob \"{}\" did not parse as a valid glob.",
                self.options.glob
            ));
            bail!(
                "Error: Provided glob \"{}\" did not parse as a valid glob.",
                self.options.glob
            );
        }
    }

    /// Fossick files in parallel using rayon
    pub fn fossick_many(&mut self, dir: PathBuf, glob: String) -> Result<usize> {
        let files = self.walk_for_files(dir.clone(), glob)?;
        let log = &self.options.logger;

        log.info(format!(
            "Found {} file{} matching {}",
            files.len(),
            plural!(files.len()),
            self.options.glob
        ));
        log.status("[Parsing files]");

        // dossier's patch: pages in path order (a stable numbering, so the
        // same site gives the same index), a batch at a time.
        let mut files = files;
        files.sort_by(|a, b| a.path().cmp(&b.path()));
        let mut errors = Vec::new();
        let mut count = 0;
        let mut files = files.into_iter();
        loop {
            let batch: Vec<Fossicker> = files.by_ref().take(256).collect();
            if batch.is_empty() {
                break;
            }
            let (n, mut e) = self.fossick_batch(batch);
            count += n;
            errors.append(&mut e);
        }
        let log = &self.options.logger;

        // Report any errors that occurred during parallel processing
        if !errors.is_empty() {
            log.warn(format!(
                "{} file{} failed to index",
                errors.len(),
                plural!(errors.len())
            ));
            for err in errors.iter().take(5) {
                log.warn(format!("  - {}", err));
            }
            if errors.len() > 5 {
                log.warn(format!("  ... and {} more", errors.len() - 5));
            }
        }

        Ok(count)
    }

    /// dossier's patch: parses pages in parallel and reduces each to its
    /// digest at once (index/stream.rs), so that no more than this batch of
    /// full pages is ever held. Unlike `fossick_one`, a page does not
    /// replace an earlier one with the same URL.
    pub fn fossick_batch(&mut self, files: Vec<Fossicker>) -> (usize, Vec<anyhow::Error>) {
        let options = &self.options;
        let pool = &self.scratch;
        let selectors = &self.selectors;
        let results: Vec<Result<PageDigest>> = files
            .into_par_iter()
            .map_init(
                || PooledScratch::take(pool),
                |scratch, f| {
                    let Scratch { words, gzip } = scratch.get();
                    f.fossick_with(options, selectors, words)
                        .map(|page| PageDigest::new(page, gzip))
                },
            )
            .collect();
        let mut errors = Vec::new();
        let mut count = 0;
        for result in results {
            match result {
                Ok(page) => {
                    count += 1;
                    self.streamed.push(page);
                }
                Err(e) => errors.push(e),
            }
        }
        (count, errors)
    }

    pub fn fossick_one(&mut self, file: Fossicker) -> Result<FossickedData> {
        let result = file.fossick_sync(&self.options);
        if let Some(result) = result.as_ref().ok() {
            let existing = self
                .fossicked_pages
                .iter()
                .position(|page| page.url == result.url);
            if let Some(existing) = existing {
                *self.fossicked_pages.get_mut(existing).unwrap() = result.clone();
            } else {
                self.fossicked_pages.push(result.clone());
            }
        }
        result
    }

    pub async fn build_indexes(&mut self) -> Result<()> {
        let log = &self.options.logger;

        // dossier's patch: no page is left to parse; the word caches go
        // before the index is assembled, when memory peaks.
        if let Ok(mut caches) = self.scratch.lock() {
            *caches = Vec::new();
        }
        // dossier's patch: the pages added one at a time join the streamed ones.
        let mut streamed = std::mem::take(&mut self.streamed);
        let pages: Vec<PageDigest> = std::mem::take(&mut self.fossicked_pages)
            .into_par_iter()
            .map_init(Gzip::default, |gzip, page| PageDigest::new(page, gzip))
            .collect();
        for page in pages {
            streamed.push(page);
        }
        let used_custom_body = streamed.used_custom_body;
        if used_custom_body {
            log.info("Found a data-pagefind-body element on the site.\n↳ Ignoring pages without this tag.");
        } else {
            log.info(
                "Did not find a data-pagefind-body element on the site.\n↳ Indexing all <body> elements on the site."
            );
        }

        if self.options.root_selector == "html" {
            let pages_without_html = streamed
                .without_html
                .iter()
                .map(|url| format!("  * {:?} has no <html> element", url))
                .collect::<Vec<_>>();
            if !pages_without_html.is_empty() {
                log.warn(format!(
                    "{} page{} found without an <html> element. \n\
                    Pages without an outer <html> element will not be processed by default. \n\
                    If adding this element is not possible, use the root selector config to target a different root element. \n\
                    Run Pagefind with --verbose for more information.",
                    pages_without_html.len(),
                    plural!(pages_without_html.len())
                ));
                log.v_warn(pages_without_html.join("\n"));
            }
        }

        log.status("[Reading languages]");

        // Pages without a body mark are dropped if any page has one;
        // otherwise they follow the marked pages of their language.
        let mut groups: Vec<((String, bool), Accumulator)> = streamed.groups.into_iter().collect();
        groups.sort_by(|a, b| (&a.0 .0, !a.0 .1).cmp(&(&b.0 .0, !b.0 .1)));
        let mut language_map: HashMap<String, Accumulator> = HashMap::new();
        for ((language, kept), acc) in groups {
            if used_custom_body && !kept {
                continue;
            }
            match language_map.get_mut(&language) {
                Some(existing) => existing.append(acc),
                None => {
                    language_map.insert(language, acc);
                }
            }
        }

        log.info(format!(
            "Discovered {} language{}: {}",
            language_map.len(),
            plural!(language_map.len()),
            language_map.keys().cloned().collect::<Vec<_>>().join(", ")
        ));
        log.v_info(
            language_map
                .iter()
                .map(|(k, v)| format!("  * {}: {} page{}", k, v.page_count(), plural!(v.page_count())))
                .collect::<Vec<_>>()
                .join("\n"),
        );

        let primary_language = language_map
            .iter()
            .filter(|(k, _)| k.as_str() != "unknown")
            .max_by(|(lang_a, pages_a), (lang_b, pages_b)| {
                let size = pages_a.page_count().cmp(&pages_b.page_count());
                if matches!(size, Ordering::Equal) {
                    return lang_b.cmp(lang_a);
                }
                size
            })
            .map(|(k, _)| k.clone())
            .unwrap_or_else(|| "unknown".into());

        if let Some(unknown_pages) = language_map.remove("unknown") {
            if !language_map.is_empty() {
                log.warn(format!(
                    "{} page{} found without an html lang attribute. \n\
                    Merging these pages with the {} language, as that is the main language on this site. \n\
                    Run Pagefind with --verbose for more information.",
                    unknown_pages.page_count(),
                    plural!(unknown_pages.page_count()),
                    primary_language
                ));

                if let Some(primary) = language_map.get_mut(&primary_language) {
                    primary.append(unknown_pages);
                } else {
                    language_map.insert(primary_language, unknown_pages);
                }
            } else {
                language_map.insert(primary_language, unknown_pages);
            }
        }

        log.status("[Building search indexes]");

        let indexes: Vec<_> = language_map
            .into_iter()
            .map(|(language, pages)| async { pages.finish(language, &self.options) })
            .collect();
        let built_indexes = join_all(indexes).await;
        self.built_indexes = built_indexes.into_iter().flat_map(|i| i.ok()).collect();

        let stats = self.built_indexes.iter().fold((0, 0, 0, 0), |mut stats, index| {
            log.v_info(format!(
                "Language {}: \n  Indexed {} page{}\n  Indexed {} word{}\n  Indexed {} filter{}\n  Indexed {} sort{}\n",
                index.language,
                index.page_count,
                plural!(index.page_count),
                index.word_count,
                plural!(index.word_count),
                index.filter_indexes.len(),
                plural!(index.filter_indexes.len()),
                index.sorts.len(),
                plural!(index.sorts.len())
            ));

            #[cfg(not(feature = "extended"))]
            match index.language.split('-').next() {
                Some("zh") => log.warn("⚠ Indexing Chinese in non-extended mode. \n\
                                        In this mode, Pagefind will not segment words that are not whitespace separated. \n\
                                        Running the extended Pagefind binary will include this segmentation. \n\
                                        Either download the pagefind_extended binary, or run via npx pagefind."),
                Some("ja") => log.warn("⚠ Indexing Japanese in non-extended mode. \n\
                                        In this mode, Pagefind will not segment words that are not whitespace separated. \n\
                                        Running the extended Pagefind binary will include this segmentation. \n\
                                        Either download the pagefind_extended binary, or run via npx pagefind."),
                _ => {}
            };

            stats.0 += index.page_count;
            stats.1 += index.word_count;
            stats.2 += index.filter_indexes.len();
            stats.3 += index.sorts.len();
            stats
        });

        log.info(format!(
            "Total: \n  Indexed {} language{}\n  Indexed {} page{}\n  Indexed {} word{}\n  Indexed {} filter{}\n  Indexed {} sort{}",
            self.built_indexes.len(),
            plural!(self.built_indexes.len()),
            stats.0,
            plural!(stats.0),
            stats.1,
            plural!(stats.1),
            stats.2,
            plural!(stats.2),
            stats.3,
            plural!(stats.3)
        ));

        if stats.1 == 0 && !self.options.running_as_service {
            log.error(
                "Error: Pagefind was not able to build an index. \n\
                Most likely, the directory passed to Pagefind was empty \
                or did not contain any html files.",
            );
            bail!(
                "Error: Pagefind was not able to build an index. \n\
                Most likely, the directory passed to Pagefind was empty \
                or did not contain any html files."
            );
        }
        Ok(())
    }

    pub async fn write_files(&self, custom_outdir: Option<PathBuf>) -> PathBuf {
        let outdir = custom_outdir.unwrap_or(self.options.bundle_output.clone());

        let index_entries: Vec<_> = self
            .built_indexes
            .iter()
            .map(|indexes| indexes.get_lang_meta(&self.options))
            .collect();

        join_all(
            self.built_indexes
                .iter()
                .map(|indexes| async { indexes.write_files_to_disk(&self.options, &outdir).await }),
        )
        .await;

        output::write_common_to_disk(
            index_entries,
            self.options.write_playground,
            &outdir,
            &self.options,
        )
        .await;

        outdir
    }

    pub async fn get_files(&self) -> Vec<SyntheticFile> {
        let outdir = &self.options.bundle_output;

        let index_entries: Vec<_> = self
            .built_indexes
            .iter()
            .map(|indexes| indexes.get_lang_meta(&self.options))
            .collect();

        let mut files: Vec<_> =
            join_all(self.built_indexes.iter().map(|indexes| async {
                indexes.write_files_to_memory(&self.options, outdir).await
            }))
            .await
            .into_iter()
            .flatten()
            .collect();

        files.extend(
            output::write_common_to_memory(
                index_entries,
                self.options.write_playground,
                outdir,
                &self.options,
            )
            .await
            .into_iter(),
        );

        // SyntheticFiles should only return the relative path to the file
        // _within_ the bundle directory — placing them in a final location
        // is left to the API consumer.
        for file in files.iter_mut() {
            if let Ok(relative_path) = file.filename.strip_prefix(outdir) {
                file.filename = relative_path.to_path_buf();
            }
        }

        files
    }

    pub fn log_start(&self) {
        let log = &self.options.logger;

        #[cfg(not(feature = "extended"))]
        log.status(&format!("Running Pagefind v{}", self.options.version));
        #[cfg(feature = "extended")]
        log.status(&format!(
            "Running Pagefind v{} (Extended)",
            self.options.version
        ));
        log.v_info("Running in verbose mode");

        log.info(format!(
            "Running from: {:?}",
            self.options.working_directory
        ));
        log.info(format!(
            "Source:       {:?}",
            self.options
                .site_source
                .strip_prefix(&self.options.working_directory)
                .unwrap_or(&self.options.site_source)
        ));
        log.info(format!(
            "Output:       {:?}",
            self.options
                .bundle_output
                .strip_prefix(&self.options.working_directory)
                .unwrap_or(&self.options.bundle_output)
        ));
    }
}
