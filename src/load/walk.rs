//! Walking `content/`: which files there are, read in parallel.
//!
//! Every file is loaded on its own (rayon), each failure collected and none
//! fatal alone, so that one run reports every broken file at once.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::doc::{parse_doc, Doc};
use crate::diag::Diagnostic;

/// What `load` found: every document that parsed, and every problem.
#[derive(Debug, Default)]
pub struct Loaded {
    pub docs: Vec<Doc>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Lists the content files under `content_dir`, in a stable order.
pub fn list_files(content_dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(content_dir)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    files.sort();
    files
}

/// Reads and parses every content file under `root/content`, in parallel.
pub fn load(root: &Path) -> Loaded {
    let content = root.join("content");
    let files = list_files(&content);
    // A few files a task: split no finer, rayon can leave a core idle
    // while the other parses the last quarter of the files alone.
    let results: Vec<Result<Doc, Diagnostic>> = files
        .par_iter()
        .with_max_len(8)
        .map(|p| load_file(root, p))
        .collect();
    let mut loaded = Loaded::default();
    for r in results {
        match r {
            Ok(doc) => loaded.docs.push(doc),
            Err(d) => loaded.diagnostics.push(d),
        }
    }
    loaded
}

/// Reads and parses one content file.
pub fn load_file(root: &Path, path: &Path) -> Result<Doc, Diagnostic> {
    let shown = crate::diag::display_path(root, path);
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(&shown, format!("cannot read file: {e}")))?;
    parse_doc(root, path, bytes)
}
