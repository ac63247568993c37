//! dossier: a static site generator for crisis dossiers.
//!
//! Editors write Markdown briefings with YAML front matter; every number in
//! them is a claim (who claimed it, as of when, reported by which source,
//! with what status). The library is a one-way pipeline, one module a stage:
//!
//! ```text
//! load → model → derive (ledger, checks) → render → write
//! ```
//!
//! with `build` running it end to end and `serve` on top (`init` and
//! `scaffold` write an editor's new files beside it). `derive` and
//! `render` are pure functions of the model. Nothing here prints or exits:
//! the binary (`main.rs`) does.

pub mod build;
pub(crate) mod config;
pub(crate) mod derive;
pub mod diag;
pub mod domain;
pub mod init;
pub mod load;
pub(crate) mod model;
pub(crate) mod publish;
pub mod render;
pub mod scaffold;
pub(crate) mod search;
pub mod serve;
pub(crate) mod slug;
pub(crate) mod theme;
pub(crate) mod write;
pub(crate) mod yaml;
