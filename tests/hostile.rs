//! Hostile or broken input: the loader, the model and the renderer are fed
//! mutated briefings, truncations, random bytes and odd YAML (anchors,
//! aliases, tags, several documents, huge numbers, deep nesting). Whatever
//! the input: never a panic, and every problem it causes is located in the
//! file that caused it.
//!
//! A few thousand cases run by default; `DOSSIER_FUZZ_CASES=100000 cargo
//! test --test hostile` runs more. Every input that ever failed is kept in
//! `tests/fixtures/hostile/` and replayed by `kept_inputs_stay_fixed`
//! (proptest also replays the seeds in `tests/hostile.proptest-regressions`).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use dossier::build::BuildOptions;
use dossier::diag::Diagnostic;
use dossier::render::{Templates, ThemeFile};
use proptest::prelude::*;

/// The ledger fixture: a small dossier whose one briefing uses every
/// feature of the format (events, figures with every status, relays,
/// supersedes chains, parts, ranges, quotes).
fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ledger")
}

const TARGET: &str = "content/briefings/counts.md";

struct Base {
    root: PathBuf,
    files: Vec<(PathBuf, Vec<u8>)>,
    theme: Vec<ThemeFile>,
    templates: Templates,
}

fn base() -> &'static Base {
    static BASE: OnceLock<Base> = OnceLock::new();
    BASE.get_or_init(|| {
        let root = fixture();
        let files = walkdir::WalkDir::new(root.join("content"))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
            .collect();
        let theme = dossier::render::theme_files(&root, "default").unwrap();
        let templates = Templates::load(&theme).unwrap();
        Base {
            root,
            files,
            theme,
            templates,
        }
    })
}

fn valid() -> String {
    String::from_utf8(std::fs::read(fixture().join(TARGET)).unwrap()).unwrap()
}

/// Runs load, model, derive, checks and render over the fixture with
/// `bytes` in place of its briefing; returns every diagnostic. A panic
/// anywhere fails the case.
fn run(bytes: &[u8]) -> Vec<Diagnostic> {
    let b = base();
    let target = b.root.join(TARGET);
    let mut docs = Vec::new();
    let mut diags = Vec::new();
    for (path, content) in &b.files {
        let content = if *path == target {
            bytes.to_vec()
        } else {
            content.clone()
        };
        match dossier::load::parse_doc(&b.root, path, content) {
            Ok(d) => docs.push(d),
            Err(d) => diags.push(d),
        }
    }
    let opts = BuildOptions::new(&b.root);
    let config = dossier::build::load_config(&opts).unwrap();
    match dossier::build::check_model(&opts, config, &docs, diags) {
        Err(f) => f.diagnostics,
        Ok(checked) => {
            let rendered =
                dossier::build::render_all_with(&b.templates, &b.theme, &checked, |t, jobs| {
                    dossier::render::render_pages(t, &checked.site, &checked.derived, jobs)
                });
            match rendered {
                Ok(_) => checked.warnings,
                Err(f) => f.diagnostics,
            }
        }
    }
}

/// Every diagnostic names a file; those about the mutated briefing give a
/// line, except the few that concern the file as a whole.
fn assert_located(input: &[u8], diags: &[Diagnostic]) {
    let whole_file = ["a content file may be at most"];
    for d in diags {
        assert!(!d.file.as_os_str().is_empty(), "no file: {d}");
        if d.file == Path::new(TARGET) && !whole_file.iter().any(|w| d.message.contains(w)) {
            assert!(
                d.line > 0,
                "not located:\n{d}\n--- input ---\n{}",
                String::from_utf8_lossy(input)
            );
        }
    }
}

fn check(input: &[u8]) {
    let diags = run(input);
    assert_located(input, &diags);
}

fn cases() -> u32 {
    std::env::var("DOSSIER_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(800)
}

/// Odd YAML values and lines, spliced into a valid front matter.
const ODD: &[&str] = &[
    "count: 99999999999999999999999999",
    "count: -5",
    "count: 1e309",
    "count: .nan",
    "count: 0x7fffffffffffffff",
    "min: 18446744073709551615",
    "max: 18446744073709551616",
    "as_of: 2022-13-45",
    "as_of: 99999-01-01",
    "as_of: 2022-02",
    "as_of: 2022",
    "as_of: ~",
    "date: !!timestamp 2022-01-01",
    "title: !!binary aGVsbG8=",
    "title: !custom x",
    "title: &a x",
    "summary: *a",
    "summary: *undefined",
    "tags: &t [a, b]",
    "actors: *t",
    "<<: {title: merged}",
    "? complex key\n: value",
    "title: [",
    "title: {",
    "title: \"unterminated",
    "title: 'it''s'",
    "---",
    "...",
    "%YAML 1.2",
    "title: |\n  block\n  text",
    "\t",
    "title: \u{0}",
    "figures: [[[[[[[[[[]]]]]]]]]]",
    "supersedes: min-2",
    "relay_of: min-1",
    "status: retracted",
    "status: withdrawn",
    "qualifier: at_least",
    "part_of: ngo-1",
    "place: nowhere",
    "claimed_by: ministry",
    "id: min-1",
    "id: counts",
    "updated: 2021-01-01",
    "updated: 2022",
    "corrections: [{date: 2022-01-09, text: \"An earlier version erred.\"}]",
    "corrections: [{date: 99999-01-01}]",
    "corrections: {date: 2022-01-09}",
    "retracted_on: 2022-13-01",
    "retracted_on: 2022-01-10",
    "supersedes: [min-1, min-2]",
    "supersedes: [min-2, min-2]",
    "supersedes: []",
    "[[min-1]] and [[ngo-1|in our words]] and [[tv-1]]",
    "[[nope]] [[min-2|]] [[|x]] [[]]",
    "<script>alert(1)</script><img src=x onerror=alert(1)>",
    "[x](javascript:alert(1)) ![y](data:text/html,z)",
    "164 dead and 100 killed, 20 people died",
    "",
];

fn odd_yaml() -> impl Strategy<Value = Vec<u8>> {
    let text = valid();
    let lines: Vec<String> = text.lines().map(str::to_owned).collect();
    (
        proptest::collection::vec(
            (0..lines.len(), prop::sample::select(ODD), any::<bool>()),
            1..6,
        ),
        any::<bool>(),
    )
        .prop_map(move |(edits, indent)| {
            let mut l = lines.clone();
            for (at, odd, replace) in edits {
                let at = at.min(l.len().saturating_sub(1)).max(1);
                // Keep the indentation of the line it lands on, or not.
                let pad: String = if indent {
                    l[at].chars().take_while(|c| *c == ' ').collect()
                } else {
                    String::new()
                };
                let new = odd
                    .lines()
                    .map(|x| format!("{pad}{x}"))
                    .collect::<Vec<_>>()
                    .join("\n");
                if replace {
                    l[at] = new;
                } else {
                    l.insert(at, new);
                }
            }
            (l.join("\n") + "\n").into_bytes()
        })
}

fn mutated() -> impl Strategy<Value = Vec<u8>> {
    let text = valid().into_bytes();
    let n = text.len();
    proptest::collection::vec((0..n, any::<u8>(), 0u8..3), 1..12).prop_map(move |ops| {
        let mut t = text.clone();
        for (at, byte, op) in ops {
            let at = at.min(t.len());
            match op {
                0 if at < t.len() => t[at] = byte,
                1 => t.insert(at, byte),
                _ if at < t.len() => {
                    t.remove(at);
                }
                _ => {}
            }
        }
        t
    })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(),
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::Direct("tests/hostile.proptest-regressions"),
        )),
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        check(&bytes);
    }

    #[test]
    fn random_text_after_a_front_matter_fence(body in "\\PC{0,300}") {
        check(format!("---\n{body}").as_bytes());
    }

    #[test]
    fn truncations(cut in 0usize..2000) {
        let v = valid();
        let cut = cut.min(v.len());
        check(&v.as_bytes()[..cut]);
    }

    #[test]
    fn byte_mutations(bytes in mutated()) {
        check(&bytes);
    }

    #[test]
    fn odd_yaml_spliced_in(bytes in odd_yaml()) {
        check(&bytes);
    }
}

/// The harness itself: the valid briefing goes through every stage and
/// renders without an error, so the cases above reach the model and the
/// renderer whenever their input allows.
#[test]
fn the_unmutated_fixture_renders() {
    let diags = run(valid().as_bytes());
    assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
}

/// Hand-made hostile inputs and every input that ever failed.
#[test]
fn kept_inputs_stay_fixed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile");
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let path = e.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let diags = run(&bytes);
        assert_located(&bytes, &diags);
        n += 1;
    }
    assert!(n >= 5, "only {n} inputs in {}", dir.display());
}

/// Depth and size past the bounds are located errors (answered in one
/// pass; `benches/README.md` has the timings).
#[test]
fn deep_nesting_and_huge_files_are_refused_with_located_errors() {
    let deep = format!(
        "---\ntitle: x\ndate: 2022-01-01\ntags: {}{}\n---\n",
        "[".repeat(200_000),
        "]".repeat(200_000)
    );
    let diags = run(deep.as_bytes());
    let d = diags.iter().find(|d| d.file == Path::new(TARGET)).unwrap();
    assert_eq!(
        d.message,
        "the front matter nests deeper than 64 levels of `[` and `{`"
    );
    assert_eq!((d.line, d.column), (4, 71));
    let deep_map = format!(
        "---\ntitle: x\ndate: 2022-01-01\ntags: {}1{}\n---\n",
        "{a: ".repeat(100_000),
        "}".repeat(100_000)
    );
    assert!(run(deep_map.as_bytes())
        .iter()
        .any(|d| d.message.starts_with("the front matter nests deeper")));
    let huge = vec![b'x'; dossier::load::MAX_FILE_BYTES + 1];
    let diags = run(&huge);
    assert!(diags
        .iter()
        .any(|d| d.message == "this file is 17 MiB; a content file may be at most 16 MiB"));
}
