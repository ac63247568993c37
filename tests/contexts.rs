//! The page contexts and their documentation agree: every field a
//! template can read, at any depth, is named in `docs/templates.md`.
//!
//! The contexts are typed structs (`render::pages`); this test serializes
//! the context of every page of the shipped dossier, cut into short pages
//! so that every kind of page (and every page of a list) comes up, and
//! looks for each key, in backquotes, in a row of the documentation's
//! field tables. A field added to a struct and not to the docs fails here.

use std::collections::BTreeSet;
use std::path::Path;

use dossier::build::BuildOptions;
use dossier::render::Views;

/// Every key of `v`, at every depth, with the path of its first sighting.
fn keys(v: &serde_json::Value, path: &str, out: &mut std::collections::BTreeMap<String, String>) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, x) in map {
                let here = format!("{path}.{k}");
                out.entry(k.clone()).or_insert_with(|| here.clone());
                keys(x, &here, out);
            }
        }
        serde_json::Value::Array(items) => {
            for x in items {
                keys(x, &format!("{path}[]"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn every_field_of_every_page_context_is_documented() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut docs = Vec::new();
    let mut diags = Vec::new();
    for e in walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let bytes = std::fs::read(e.path()).unwrap();
        match dossier::load::parse_doc(root, e.path(), bytes) {
            Ok(d) => docs.push(d),
            Err(d) => diags.push(d),
        }
    }
    let opts = BuildOptions::new(root);
    let mut config = dossier::build::load_config(&opts).unwrap();
    // Short pages: every list is paginated, and ledger groups are cut by
    // page boundaries (`continued`).
    config.pagination = 3;
    let Ok(checked) = dossier::build::check_model(&opts, config, &docs, diags) else {
        panic!("the shipped dossier checks");
    };
    let views = Views::new(&checked.site, &checked.derived);
    let mut found = std::collections::BTreeMap::new();
    let mut templates = BTreeSet::new();
    for job in dossier::render::page_jobs(&checked.site, &checked.derived) {
        templates.insert(job.template);
        let ctx = dossier::render::typed_context(&views, job.kind);
        let value = serde_json::to_value(&ctx).unwrap();
        keys(&value, job.template, &mut found);
    }
    assert_eq!(
        templates.len(),
        dossier::render::PAGE_TEMPLATES.len() - 1,
        "every page template but search.html (made by publish) has a page: {templates:?}"
    );
    let text = std::fs::read_to_string(root.join("docs/templates.md")).unwrap();
    // The field tables' rows: a name in prose elsewhere does not count.
    let rows: String = text
        .lines()
        .filter(|l| l.starts_with('|'))
        .collect::<Vec<_>>()
        .join("\n");
    let missing: Vec<String> = found
        .iter()
        .filter(|(k, _)| !rows.contains(&format!("`{k}`")))
        .map(|(k, at)| format!("`{k}` (at {at})"))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/templates.md does not name these context fields:\n{}",
        missing.join("\n")
    );
}
