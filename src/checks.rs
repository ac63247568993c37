//! Consistency checks on the claims (warnings; errors with `--strict`).
//!
//! The model guarantees that every reference resolves; these checks look at
//! what the claims say of each other: a `supersedes` or `relay_of` that
//! points nowhere, a figure dated after the source that reports it, a
//! retracted figure left without a note. They are pure: they read the model
//! and return diagnostics located in the files.

use crate::derive::Derived;
use crate::diag::{did_you_mean, Diagnostic, Severity};
use crate::load::{Doc, Status};
use crate::model::{Figure, Site};

fn warn_at(docs: &[Doc], f: &Figure, key: &str, value: &str, msg: String) -> Diagnostic {
    let mut d = match docs.iter().find(|d| d.shown == f.origin.file) {
        Some(doc) => {
            let mut d = doc.error_at(Some(key), value, msg);
            if d.line == 0 {
                d = d.at(&doc.text, f.origin.line, 1, 1);
            }
            d
        }
        None => Diagnostic::error(&f.origin.file, msg),
    };
    d.severity = Severity::Warning;
    d
}

pub fn check(site: &Site, _derived: &Derived, docs: &[Doc]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let ids: Vec<&str> = site
        .figures
        .iter()
        .filter(|f| f.explicit_id)
        .map(|f| f.id.as_str())
        .collect();
    for f in &site.figures {
        for (key, target) in [("supersedes", &f.supersedes), ("relay_of", &f.relay_of)] {
            let Some(t) = target else { continue };
            if site.figure(t).is_none() {
                let mut d = warn_at(
                    docs,
                    f,
                    key,
                    t,
                    format!("`{key}` names `{t}`, but no figure has that id"),
                );
                d = match did_you_mean(t, ids.iter().copied()) {
                    Some(near) => d.with_help(format!("did you mean `{near}`?")),
                    None => d.with_help("give the earlier figure an `id:` and name it here"),
                };
                out.push(d);
            } else if t == &f.id {
                out.push(warn_at(
                    docs,
                    f,
                    key,
                    t,
                    format!("figure `{t}` names itself in `{key}`"),
                ));
            }
        }
        if let Some(src) = site.source(&f.source) {
            if f.as_of > src.published {
                out.push(
                    warn_at(
                        docs,
                        f,
                        "as_of",
                        &f.as_of.iso(),
                        format!(
                            "figure is as of {}, after its source `{}` was published ({})",
                            f.as_of.long(),
                            src.id,
                            src.published.long()
                        ),
                    )
                    .with_help("a source cannot report a count from after its own publication: check `as_of` and `source`"),
                );
            }
        }
        if f.status == Status::Retracted && f.note.is_none() {
            out.push(
                warn_at(docs, f, "status", "retracted", format!("retracted figure `{}` has no note", f.id))
                    .with_help("say in `note` who withdrew it, when, and why, so readers are not left guessing"),
            );
        }
    }
    out
}
