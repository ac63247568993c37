//! Small dossiers in memory, for tests on data: documents parsed from
//! strings, a configuration, the model built from them. Shared by the
//! model's tests and those of `derive`, so that neither renders a page to
//! see what a stage computed.

use std::collections::HashSet;
use std::path::Path;

use super::{build, ModelOptions, Site};
use crate::config::Config;
use crate::diag::{Diagnostic, Severity};
use crate::load::{parse_doc, Doc};

/// A dossier's configuration with nothing but a title and a base URL.
pub(crate) fn config() -> Config {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dossier.yaml");
    std::fs::write(&path, "title: Test\nbase_url: https://example.org/\n").unwrap();
    crate::config::load_config(&path, Path::new("dossier.yaml")).unwrap()
}

/// Parses `(path under content/, text)` pairs.
pub(crate) fn docs(files: &[(&str, &str)]) -> Vec<Doc> {
    let root = Path::new("/d");
    files
        .iter()
        .map(|(p, text)| {
            let path = root.join("content").join(p);
            parse_doc(root, &path, text.as_bytes().to_vec()).unwrap()
        })
        .collect()
}

/// The model of `files` (drafts in when `drafts`), and its diagnostics.
pub(crate) fn model(files: &[(&str, &str)], drafts: bool) -> (Option<Site>, Vec<Diagnostic>) {
    let opts = ModelOptions {
        drafts,
        unloaded: HashSet::new(),
        keep: false,
    };
    build(config(), &docs(files), &opts)
}

/// Severity and message of each diagnostic, to compare in one assertion.
pub(crate) fn messages(diags: &[Diagnostic]) -> Vec<(Severity, &str)> {
    diags
        .iter()
        .map(|d| (d.severity, d.message.as_str()))
        .collect()
}

/// The model of `files`, which must have no error, with its documents
/// (the checks locate their warnings in them).
pub(crate) fn site(files: &[(&str, &str)]) -> (Site, Vec<Doc>) {
    let docs = docs(files);
    let (site, diags) = build(config(), &docs, &ModelOptions::default());
    match site {
        Some(site) => (site, docs),
        None => panic!("the model has errors: {:?}", messages(&diags)),
    }
}
