//! The incremental rebuild of `serve` against fresh builds.

use std::path::Path;
use std::time::Instant;

use dossier::build::BuildOptions;
use dossier::serve::site::{Changes, Session};

/// Times rebuilds of the dossier at `$DOSSIER_PROBE` (a copy: it is
/// edited) after a body edit and a title edit, with the session's own
/// breakdown. `cargo test --release --test serve_edits -- --ignored --nocapture`.
#[test]
#[ignore]
fn probe_rebuild_times() {
    let Ok(dir) = std::env::var("DOSSIER_PROBE") else {
        return;
    };
    let root = std::path::absolute(Path::new(&dir)).unwrap();
    let mut opts = BuildOptions::new(&root);
    opts.search = false;
    opts.base_url = Some("http://127.0.0.1:1111/".into());
    let mut s = Session::new(opts);
    let t = Instant::now();
    s.rebuild(&Changes::everything())
        .map_err(|f| f.diagnostics.len())
        .unwrap();
    eprintln!("first build {:?}", t.elapsed());
    let mut briefings: Vec<_> = std::fs::read_dir(root.join("content/briefings"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    briefings.sort();
    let f = briefings[briefings.len() / 2].clone();
    for i in 0..3 {
        let text = std::fs::read_to_string(&f).unwrap();
        std::fs::write(&f, format!("{text}\nA sentence {i}.\n")).unwrap();
        let b = s
            .rebuild(&Changes {
                content: vec![f.clone()],
                ..Changes::default()
            })
            .map_err(|f| f.diagnostics.len())
            .unwrap();
        eprintln!("body {i}: {} rendered, {:#?}", b.rendered, b.timings);
        let text = std::fs::read_to_string(&f).unwrap();
        let mut out = String::new();
        let mut done = false;
        for line in text.lines() {
            if !done && line.starts_with("title: ") {
                done = true;
                out.push_str(&format!("title: \"Edited title {i}\""));
            } else {
                out.push_str(line);
            }
            out.push('\n');
        }
        std::fs::write(&f, out).unwrap();
        let b = s
            .rebuild(&Changes {
                content: vec![f.clone()],
                ..Changes::default()
            })
            .map_err(|f| f.diagnostics.len())
            .unwrap();
        eprintln!("title {i}: {} rendered, {:#?}", b.rendered, b.timings);
    }
}
