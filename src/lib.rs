//! dossier: a static site generator for crisis dossiers.
//!
//! Editors write Markdown briefings with YAML front matter; every number in
//! them is a claim (who claimed it, as of when, reported by which source,
//! with what status). The library is a one-way pipeline, one folder a stage,
//! and a module imports only modules on the floors below it:
//!
//! ```text
//! diag, slug, domain, yaml, config,   the ground floor: diagnostics, value
//! fingerprint                         types, located YAML, dossier.yaml,
//!                                     hashes the same in every run
//! route    every URL and output path (on domain's kinds only)
//! load/    records as written (walk, doc, front_matter, raw, wikilinks)
//! model/   validated (ids, profiles, briefings, order, links, refs, value)
//! derive/  backrefs, timeline, changes, ledger, checks, prose_numbers
//! render/  Markdown, Tera contexts, pages
//! write, publish, search              the output tree
//! build    the pipeline end to end;  serve/  on top of it
//! ```
//!
//! (`init` and `scaffold` write an editor's new files beside it). `derive`
//! and `render` are pure functions of the model. Nothing here prints or
//! exits: the binary (`main.rs`) does.

pub mod build;
pub(crate) mod config;
pub(crate) mod derive;
pub mod diag;
pub mod domain;
pub mod fingerprint;
pub mod init;
pub mod load;
pub(crate) mod model;
pub(crate) mod publish;
pub mod render;
pub mod route;
pub mod scaffold;
pub(crate) mod search;
pub mod serve;
pub mod slug;
pub(crate) mod theme;
pub(crate) mod write;
pub(crate) mod yaml;
