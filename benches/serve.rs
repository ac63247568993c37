//! Edit-to-reload latency of `dossier serve`.
//!
//! For the shipped dossier and synthetic corpora of 1,000 and 10,000
//! briefings, this starts the real `dossier serve` binary (release build),
//! connects to its reload channel as a browser would, and times from the
//! moment a file is written to the moment the "reload" message arrives:
//! - a content edit (a briefing's title, which also changes every page
//!   that lists or links the briefing: its actors, places, sources, tags,
//!   the ledger, the timeline, the briefing list, the home page);
//! - a body edit (a sentence added to the same briefing: its page only);
//! - a date edit (the same briefing a day later, then back: it moves in
//!   every list that holds it, and the model is built again);
//! - a figure's count (the first `count:` of a briefing from the middle
//!   on that has one: the model is built again, and the ledger moves);
//! - a template edit (`templates/briefing.html`, so every briefing page).
//!
//! Each figure is the median of several edits (min–max beside it), with the
//! server's own breakdown (debounce wait excluded: load, model, render) from
//! its log line. Run with `cargo bench --bench serve`; pass sizes to run
//! only some (`cargo bench --bench serve -- shipped 1000`). The synthetic
//! corpora are those of `benches/build.rs`, from the same generator (the
//! `dossier-corpus` tool crate, default seed); to write one to look at,
//! `cargo run --release -p dossier-corpus -- DIR N`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_dossier");

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let wanted = |name: &str| args.is_empty() || args.iter().any(|a| a == name);
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut rows = Vec::new();
    for (name, n) in [("shipped", 0), ("1000", 1000), ("10000", 10_000)] {
        if !wanted(name) {
            continue;
        }
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path().join("dossier");
        let briefing = if n == 0 {
            copy_dir(&repo.join("content"), &dir.join("content"));
            std::fs::copy(repo.join("dossier.yaml"), dir.join("dossier.yaml")).unwrap();
            dir.join("content/briefings/counts-of-9-january.md")
        } else {
            dossier_corpus::generate(&dir, n, dossier_corpus::DEFAULT_SEED)
                .expect("generating the corpus");
            middle_briefing(&dir)
        };
        // A template override to edit.
        std::fs::create_dir_all(dir.join("templates")).unwrap();
        std::fs::copy(
            repo.join("themes/default/templates/briefing.html"),
            dir.join("templates/briefing.html"),
        )
        .unwrap();
        let label = if n == 0 {
            "shipped dossier (12 briefings)".to_string()
        } else {
            format!("{n} briefings")
        };
        eprintln!("== {label}: starting the server");
        let mut server = Server::start(&dir);
        eprintln!("   {}", server.first_build);
        let reps = if n >= 10_000 { 5 } else { 9 };
        let content = measure(&mut server, reps, |i| {
            let text = std::fs::read_to_string(&briefing).unwrap();
            let mut out = String::new();
            let mut done = false;
            for line in text.lines() {
                if !done && line.starts_with("title: ") {
                    done = true;
                    out.push_str(&format!("title: \"Edited title number {i}\""));
                } else {
                    out.push_str(line);
                }
                out.push('\n');
            }
            (briefing.clone(), out)
        });
        let body = measure(&mut server, reps, |i| {
            let mut text = std::fs::read_to_string(&briefing).unwrap();
            text.push_str(&format!("\nAnother sentence, number {i}.\n"));
            (briefing.clone(), text)
        });
        // A day later, then back (days 1-28 stay valid dates).
        let original = std::fs::read_to_string(&briefing).unwrap();
        let date_line = original
            .lines()
            .find(|l| l.starts_with("date: "))
            .expect("a briefing has a date")
            .to_string();
        let (ymd, day) = date_line.rsplit_once('-').expect("date: YYYY-MM-DD");
        let day: u32 = day.trim_matches('"').parse().expect("a day");
        let moved = format!("{ymd}-{:02}", day % 28 + 1);
        let date = measure(&mut server, reps, |i| {
            let text = std::fs::read_to_string(&briefing).unwrap();
            let (from, to) = if i % 2 == 0 {
                (&date_line, &moved)
            } else {
                (&moved, &date_line)
            };
            (briefing.clone(), text.replacen(from.as_str(), to, 1))
        });
        let counted = with_count(&dir);
        let count_text = std::fs::read_to_string(&counted).unwrap();
        let count = measure(&mut server, reps, |i| {
            let mut out = String::new();
            let mut done = false;
            for line in count_text.lines() {
                let rest = line.trim_start();
                let indent = &line[..line.len() - rest.len()];
                match rest.strip_prefix("count: ").map(str::parse::<u64>) {
                    Some(Ok(n)) if !done => {
                        done = true;
                        out.push_str(&format!("{indent}count: {}", n + 1 + i as u64));
                    }
                    _ => out.push_str(line),
                }
                out.push('\n');
            }
            (counted.clone(), out)
        });
        let template_path = dir.join("templates/briefing.html");
        let template_text = std::fs::read_to_string(&template_path).unwrap();
        let template = measure(&mut server, reps.min(5), |i| {
            (
                template_path.clone(),
                template_text.replacen(
                    "{% block content %}",
                    &format!("{{% block content %}}<!-- edit {i} -->"),
                    1,
                ),
            )
        });
        server.stop();
        let edits = [
            ("briefing title", content),
            ("briefing body", body),
            ("briefing date", date),
            ("figure count", count),
            ("template", template),
        ];
        rows.push((label, server.pages, edits));
    }
    println!();
    println!(
        "| corpus | pages | edit | write → reload received (median, min–max) | server: rebuild (median) and where it went |"
    );
    println!("|---|---|---|---|---|");
    for (label, pages, edits) in rows {
        for (edit, s) in edits {
            println!(
                "| {label} | {pages} | {edit} | {} | {} |",
                s.total(),
                s.server()
            );
        }
    }
}

struct Stats {
    totals: Vec<Duration>,
    lines: Vec<String>,
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

impl Stats {
    fn total(&self) -> String {
        let mut v = self.totals.clone();
        v.sort();
        format!(
            "{} ({}–{})",
            ms(v[v.len() / 2]),
            ms(v[0]),
            ms(v[v.len() - 1])
        )
    }
    /// The median server-side line's "in X" and breakdown.
    fn server(&self) -> String {
        let mut v: Vec<(f64, String)> = self
            .lines
            .iter()
            .filter_map(|l| {
                let t = l.split(" in ").nth(1)?.split(' ').next()?;
                let ms = parse_ms(t)?;
                let detail = l
                    .split('(')
                    .nth(1)
                    .map(|d| d.split(';').next().unwrap_or(""));
                Some((ms, detail.unwrap_or("").to_string()))
            })
            .collect();
        if v.is_empty() {
            return "?".into();
        }
        v.sort_by(|a, b| a.0.total_cmp(&b.0));
        let (t, d) = &v[v.len() / 2];
        format!("{t:.1} ms ({d})")
    }
}

fn parse_ms(t: &str) -> Option<f64> {
    if let Some(x) = t.strip_suffix("ms") {
        x.parse().ok()
    } else if let Some(x) = t.strip_suffix("µs") {
        x.parse::<f64>().ok().map(|x| x / 1000.0)
    } else if let Some(x) = t.strip_suffix('s') {
        x.parse::<f64>().ok().map(|x| x * 1000.0)
    } else {
        None
    }
}

fn measure(
    server: &mut Server,
    reps: usize,
    mut edit: impl FnMut(usize) -> (PathBuf, String),
) -> Stats {
    let mut stats = Stats {
        totals: Vec::new(),
        lines: Vec::new(),
    };
    for i in 0..reps {
        std::thread::sleep(Duration::from_millis(300));
        server.drain();
        let (path, text) = edit(i);
        let t0 = Instant::now();
        std::fs::write(&path, text).unwrap();
        let (at, data) = server.wait_event("reload", Duration::from_secs(120));
        stats.totals.push(at - t0);
        let line = server.wait_log("Rebuilt", Duration::from_secs(10));
        assert!(data.contains("index.html"), "no page changed: {data}");
        eprintln!("   {} → {}", ms(at - t0), line.trim());
        stats.lines.push(line);
    }
    stats
}

struct Server {
    child: Child,
    events: Receiver<(Instant, String, String)>,
    log: Receiver<String>,
    first_build: String,
    pages: usize,
}

impl Server {
    fn start(dir: &Path) -> Server {
        let mut child = Command::new(BIN)
            .args(["-r"])
            .arg(dir)
            .args(["serve", "--port", "0"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start dossier serve");
        let (ltx, log) = channel();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if ltx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut first_build = String::new();
        let port: u16 = loop {
            let line = log
                .recv_timeout(Duration::from_secs(900))
                .expect("server output");
            if line.starts_with("Built") {
                first_build = line.clone();
            }
            if let Some(rest) = line.strip_prefix("Serving at http://127.0.0.1:") {
                break rest.split('/').next().unwrap().parse().unwrap();
            }
        };
        let pages = first_build
            .split_whitespace()
            .nth(1)
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        let (etx, events) = channel();
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(
            stream,
            "GET /__dossier/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stream);
            let mut event = String::new();
            let mut line = String::new();
            loop {
                line.clear();
                match r.read_line(&mut line) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {}
                }
                let l = line.trim_end();
                if let Some(e) = l.strip_prefix("event: ") {
                    event = e.to_string();
                } else if let Some(d) = l.strip_prefix("data: ") {
                    if etx
                        .send((Instant::now(), event.clone(), d.to_string()))
                        .is_err()
                    {
                        break;
                    }
                }
            }
            let _ = r.read_to_end(&mut Vec::new());
        });
        let mut s = Server {
            child,
            events,
            log,
            first_build,
            pages,
        };
        s.wait_event("hello", Duration::from_secs(10));
        s
    }

    fn drain(&mut self) {
        while self.events.try_recv().is_ok() {}
        while self.log.try_recv().is_ok() {}
    }

    fn wait_event(&mut self, name: &str, timeout: Duration) -> (Instant, String) {
        let end = Instant::now() + timeout;
        loop {
            let left = end.saturating_duration_since(Instant::now());
            let (at, e, d) = self
                .events
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("no `{name}` event"));
            if e == name {
                return (at, d);
            }
            assert_ne!(e, "build-error", "the build failed: {d}");
        }
    }

    fn wait_log(&mut self, prefix: &str, timeout: Duration) -> String {
        let end = Instant::now() + timeout;
        loop {
            let left = end.saturating_duration_since(Instant::now());
            let line = self.log.recv_timeout(left).expect("server log line");
            if line.starts_with(prefix) {
                return line;
            }
        }
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let dest = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// The briefing in the middle of the corpus (by file name, so by date): one
/// that many others link to and that a few lists show.
fn middle_briefing(dir: &Path) -> PathBuf {
    let mut files = briefings(dir);
    files.swap_remove(files.len() / 2)
}

/// The corpus's briefing files, by name (so by date).
fn briefings(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join("content/briefings"))
        .expect("the corpus's briefings")
        .map(|e| e.expect("a directory entry").path())
        .collect();
    files.sort();
    files
}

/// A briefing from the middle of the corpus on (by file name) whose front
/// matter has a figure with a plain `count:` (at any indentation).
fn with_count(dir: &Path) -> PathBuf {
    let mut files = briefings(dir);
    let half = files.len() / 2;
    files.rotate_left(half);
    files
        .into_iter()
        .find(|f| {
            std::fs::read_to_string(f).is_ok_and(|t| {
                t.lines().any(|l| {
                    l.trim_start()
                        .strip_prefix("count: ")
                        .is_some_and(|n| n.parse::<u64>().is_ok())
                })
            })
        })
        .expect("a briefing with a figure's count")
}
