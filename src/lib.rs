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
//! with `build` running it end to end and `serve` on top. `derive` and
//! `render` are pure functions of the model. Nothing here prints or exits:
//! the binary (`main.rs`) does.

pub mod build;
pub mod checks;
pub mod config;
pub mod derive;
pub mod diag;
pub mod init;
pub mod ledger;
pub mod load;
pub mod model;
pub mod prose_numbers;
pub mod publish;
pub mod render;
pub mod search;
pub mod serve;
pub mod slug;
pub mod theme;
pub mod write;
