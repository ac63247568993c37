//! A synthetic dossier, for the benchmarks and the tests.
//!
//! [`generate`] writes a complete dossier with `n` briefings into a
//! directory: `dossier.yaml`, `content/_index.md`, and
//! `content/{briefings,actors,places,sources}/*.md`. The output depends only
//! on `n` and the seed: the same arguments give the same bytes.
//!
//! Every file's front matter is one of dossier's own `load::Raw*` structs,
//! serialized: the types the loader reads are the types this writes, with
//! dossier's date, qualifier, status and kind types inside, so a corpus
//! cannot drift from the format. And it is a dossier an editor would be
//! content with: it passes `dossier check --strict` (no errors, no
//! warnings) at every size; in particular its prose names figures
//! (`[[figure-id]]`, `[[figure-id|words]]`) rather than typing their numbers
//! beside a measure's words, which the prose-number check would flag once
//! the figure is superseded or retracted (`tests/corpus.rs` holds it to it).
//!
//! Roughly n/20 actors (at least 20), n/50 places (at least 10, in
//! country > region > city > site chains) and n/2 sources. Names mix Latin,
//! Cyrillic and Kazakh letters (Қасым-Жомарт Тоқаев, Алматы) so that slugs
//! and sorting get exercised; ids are ASCII slugs prefixed `b-`, `a-`, `p-`,
//! `s-` (figure ids `f-`), unique across kinds. Every reference resolves;
//! `supersedes`/`relay_of` only point to figures defined earlier (no
//! cycles), and a superseded figure has status `superseded`.
//!
//! How the parts fit: `rng` (the seeded PRNG), `vocab` (the words the
//! records are made of), `gen` (the records, as indices into one another,
//! and the bodies), `write` (each record as its `Raw*` struct, to disk).

use std::io;
use std::path::Path;

mod gen;
mod rng;
mod vocab;
mod write;

/// Seed used when none is given.
pub const DEFAULT_SEED: u64 = 42;
/// Bump whenever the output for a given (n, seed) changes, so that cached
/// corpora (benches/build.rs) are regenerated.
pub const CORPUS_VERSION: u32 = 3;

/// What [`generate`] wrote.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    pub files: usize,
    pub bytes: u64,
    pub briefings: usize,
    pub actors: usize,
    pub places: usize,
    pub sources: usize,
    pub figures: usize,
    pub events: usize,
    pub quotes: usize,
}

/// Writes a dossier with `n` briefings into `dir` (created if missing).
pub fn generate(dir: &Path, n: usize, seed: u64) -> io::Result<Stats> {
    let corpus = gen::Gen::run(n, seed);
    write::write(&corpus, dir)
}

/// Refuses to write into a non-empty directory unless `force`, in which case
/// only what a previous run wrote (content/ and dossier.yaml) is removed.
pub fn prepare_dir(dir: &Path, force: bool) -> io::Result<()> {
    if !dir.exists() {
        return Ok(());
    }
    let non_empty = std::fs::read_dir(dir)?.next().is_some();
    if non_empty && !force {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "directory is not empty (pass --force to replace its content/ and dossier.yaml)",
        ));
    }
    let content = dir.join("content");
    if content.exists() {
        std::fs::remove_dir_all(&content)?;
    }
    let config = dir.join("dossier.yaml");
    if config.exists() {
        std::fs::remove_file(&config)?;
    }
    Ok(())
}
