//! `dossier init`: a new dossier that builds at once.
//!
//! Writes a configuration, a home page, one briefing with one figure, one
//! actor and one source: the smallest dossier that shows every kind of
//! record, so a new editor sees the format by example.

use std::path::Path;

pub const FILES: &[(&str, &str)] = &[
    (
        "dossier.yaml",
        r#"title: "My dossier"
description: "Who reported what, and when."
base_url: "https://example.org/"
language: en
theme: default
"#,
    ),
    (
        "content/_index.md",
        r#"---
title: "My dossier"
summary: "What this dossier follows, in one sentence."
---
Write the introduction to the dossier here. Briefings go in
`content/briefings/`, one file each; see the [[first-briefing]].
"#,
    ),
    (
        "content/briefings/first-briefing.md",
        r#"---
title: "The first briefing"
date: 2024-01-01
summary: "One or two sentences for lists, feeds and search."
tags: [example]
actors: [example-ministry]
places: [example-city]
sources: [example-report]
events:
  - date: 2024-01-01
    place: example-city
    title: "Something happened"
    sources: [example-report]
figures:
  - id: example-injured-0101
    measure: injured
    group: all
    count: 12
    qualifier: at-least
    as_of: 2024-01-01
    place: example-city
    claimed_by: example-ministry
    source: example-report
    status: current
---
The [[example-ministry]] said [[example-injured-0101|at least 12 people were
injured]] in [[example-city]], as reported in [[example-report]]. Naming the
figure links the sentence to its claim in the ledger, which says if it is
later revised or withdrawn.
"#,
    ),
    (
        "content/actors/example-ministry.md",
        r#"---
name: "Ministry of Examples"
kind: government
aliases: ["MoE"]
---
A profile of the actor, in a few neutral sentences.
"#,
    ),
    (
        "content/sources/example-report.md",
        r#"---
title: "An example report"
outlet: "Example News"
published: 2024-01-02
language: en
reliability: B
---
"#,
    ),
];

/// Creates a new dossier in `dir`. Refuses to overwrite any file.
pub fn init(dir: &Path) -> Result<Vec<String>, String> {
    for (rel, _) in FILES {
        let p = dir.join(rel);
        if p.exists() {
            return Err(format!(
                "{} already exists; init writes only into a new or empty directory",
                p.display()
            ));
        }
    }
    let mut written = Vec::new();
    for (rel, text) in FILES {
        let p = dir.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&p, text).map_err(|e| format!("cannot write {}: {e}", p.display()))?;
        written.push((*rel).to_string());
    }
    Ok(written)
}
