//! One id space: records and figures each unique, and apart from each other.
//!
//! A wiki link `[[id]]` names any record, or a figure by its `id:`, so ids
//! must be unique across briefings, actors, places and sources (step 1 of
//! `model::build`) and a figure's id must be unique among figures and clash
//! with no record's (step 4).

use foldhash::{HashMap, HashMapExt};

use super::records::Figure;
use crate::diag::Diagnostic;
use crate::domain::Kind;
use crate::load::Doc;

/// Step 1: ids are unique across kinds. Returns each id's first record.
pub(super) fn unique_records<'a>(
    docs: &'a [Doc],
    diags: &mut Vec<Diagnostic>,
) -> HashMap<&'a str, &'a Doc> {
    let mut seen: HashMap<&str, &Doc> = HashMap::with_capacity(docs.len());
    for d in docs.iter().filter(|d| d.kind != Kind::Index) {
        if let Some(first) = seen.get(d.id.as_str()) {
            diags.push(
                Diagnostic::error(&d.shown, format!("duplicate id `{}`: {} has it too", d.id, first.shown.display()))
                    .with_help("ids are file names and must be unique across briefings, actors, places and sources; rename one file"),
            );
        } else {
            seen.insert(&d.id, d);
        }
    }
    seen
}

/// Step 4: figure ids are unique, and name no record. Returns the index of
/// figures by id (the first figure of an id).
pub(super) fn unique_figures(
    figures: &[std::sync::Arc<Figure>],
    records: &HashMap<&str, &Doc>,
    docs: &[Doc],
    diags: &mut Vec<Diagnostic>,
) -> HashMap<String, usize> {
    let mut figure_ix: HashMap<String, usize> = HashMap::with_capacity(figures.len());
    let docs = crate::load::ByShown::new(docs);
    for (i, f) in figures.iter().enumerate() {
        if let Some(&j) = figure_ix.get(&f.id) {
            let first: &Figure = &figures[j];
            let doc = docs.get(&f.origin.file);
            let mut e = Diagnostic::error(
                &f.origin.file,
                format!(
                    "duplicate figure id `{}`: {}:{} has it too",
                    f.id,
                    first.origin.file.display(),
                    first.origin.line
                ),
            )
            .with_help("figure ids must be unique in the dossier; give this one another id");
            if let Some(doc) = doc {
                e = match doc.locate_in_item(f.origin.line, "id", &f.id, None) {
                    Some((off, len)) => e.at_offset(&doc.text, off, len),
                    None => e.at(&doc.text, f.origin.line, 1, 1),
                };
            }
            diags.push(e);
        } else {
            figure_ix.insert(f.id.clone(), i);
        }
        // A wiki link names a figure as it names a record: one id space.
        if let Some(record) = records.get(f.id.as_str()).filter(|_| f.explicit_id) {
            let mut e = Diagnostic::error(
                &f.origin.file,
                format!(
                    "duplicate id `{}`: {} has it too",
                    f.id,
                    record.shown.display()
                ),
            )
            .with_help("a figure id shares the id space of briefings, actors, places and sources, since `[[id]]` names any of them; give the figure another id");
            if let Some(doc) = docs.get(&f.origin.file) {
                e = match doc.locate_in_item(f.origin.line, "id", &f.id, None) {
                    Some((off, len)) => e.at_offset(&doc.text, off, len),
                    None => e.at(&doc.text, f.origin.line, 1, 1),
                };
            }
            diags.push(e);
        }
    }
    figure_ix
}
