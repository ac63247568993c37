//! The synthetic corpus (`tools/corpus`, the benchmarks' generator) is a
//! dossier an editor would be content with: `dossier check --strict` passes
//! it with no error and no warning, and the same size and seed give the
//! same bytes (the benchmarks cache corpora on that promise).

mod common;
use common::*;
use std::path::Path;

/// Generates `n` briefings with `seed` and checks them as CI would.
fn passes_check_strict(n: usize, seed: u64) {
    let dir = tempfile::tempdir().unwrap();
    let stats = dossier_corpus::generate(dir.path(), n, seed).unwrap();
    assert_eq!(stats.briefings, n);
    assert!(stats.figures > n, "figures in most briefings: {stats:?}");
    let o = run(dir.path(), &["check", "--strict"]);
    let err = stderr(&o);
    assert!(o.status.success(), "{n} briefings, seed {seed}:\n{err}");
    assert!(
        !err.contains("warning") && err.contains("no errors"),
        "{n} briefings, seed {seed}:\n{err}"
    );
}

#[test]
fn a_small_corpus_passes_check_strict() {
    passes_check_strict(300, dossier_corpus::DEFAULT_SEED);
}

/// Large enough that superseded and retracted figures share their numbers
/// with the prose of many other briefings (at 10,000 the old generator drew
/// 6,096 prose-number warnings), with another seed.
#[test]
fn a_thousand_briefings_pass_check_strict() {
    passes_check_strict(1000, 7);
}

#[test]
fn the_same_size_and_seed_give_the_same_bytes() {
    let (a, b, c) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    dossier_corpus::generate(a.path(), 200, 5).unwrap();
    dossier_corpus::generate(b.path(), 200, 5).unwrap();
    dossier_corpus::generate(c.path(), 200, 6).unwrap();
    let same = |x: &Path, y: &Path| {
        let names = files(x);
        names == files(y)
            && names
                .iter()
                .all(|f| std::fs::read(x.join(f)).unwrap() == std::fs::read(y.join(f)).unwrap())
    };
    assert!(same(a.path(), b.path()), "same size and seed, other bytes");
    assert!(!same(a.path(), c.path()), "another seed, the same corpus");
}
