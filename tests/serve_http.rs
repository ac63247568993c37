//! `dossier serve` over HTTP: content types, the 404 page, sub-paths, path
//! traversal, a port in use, and the served site against a fresh build
//! after a sequence of edits of every kind.

mod serve_support;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use serve_support::*;

#[test]
fn serves_pages_with_their_types_and_the_reload_script() {
    let (_tmp, dir) = small_dossier();
    let s = Server::start(&dir, &["--port", "0"]);

    let home = s.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let html = home.text();
    let script = html
        .find("<script data-dossier-serve")
        .expect("reload script");
    assert!(script < html.rfind("</body>").unwrap());
    assert!(html.contains("/__dossier/events"));

    let css = s.get("/style.css");
    assert_eq!(css.status, 200);
    assert!(css.header("content-type").unwrap().starts_with("text/css"));
    assert!(!css.text().contains("dossier-serve"));

    let page = s.get("/briefings/first-briefing/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("The first briefing"));
    let moved = s.get("/briefings/first-briefing");
    assert_eq!(moved.status, 308);
    assert_eq!(moved.header("location"), Some("/briefings/first-briefing/"));

    let missing = s.get("/briefings/no-such-thing/");
    assert_eq!(missing.status, 404);
    assert!(missing
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    assert!(
        missing.text().contains("Page not found"),
        "the theme's 404 page"
    );
    assert!(missing.text().contains("data-dossier-serve"));

    // XML and JSON get their types (the site has none of its own: add some).
    std::fs::create_dir_all(dir.join("static")).unwrap();
    let events = s.events();
    std::fs::write(dir.join("static/data.json"), "{}").unwrap();
    std::fs::write(dir.join("static/extra.xml"), "<a/>").unwrap();
    events.wait();
    assert_eq!(
        s.get("/data.json").header("content-type"),
        Some("application/json")
    );
    assert_eq!(
        s.get("/extra.xml").header("content-type"),
        Some("application/xml")
    );
}

#[test]
fn no_request_reads_outside_the_site() {
    let (tmp, dir) = small_dossier();
    let outside = tmp.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("secret.txt"), "secret").unwrap();
    std::fs::write(tmp.path().join("secret.txt"), "secret").unwrap();
    // A symlink in the dossier that points outside it: the site is served
    // from memory, so only what a build outputs is there, and a path
    // through the link finds nothing.
    #[cfg(unix)]
    std::os::unix::fs::symlink(&outside, dir.join("content/outside")).unwrap();
    let s = Server::start(&dir, &["--port", "0"]);
    for path in [
        "/../secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/briefings/../../secret.txt",
        "/..\\secret.txt",
        "/%5c..%5csecret.txt",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/C:/Windows/win.ini",
        "/outside/secret.txt",
        "/content/outside/secret.txt",
        "/dossier.yaml",
        "/content/_index.md",
        "/%00",
    ] {
        let r = s.get(path);
        assert_eq!(r.status, 404, "{path}");
        assert!(
            !r.text().contains("secret\n") && !r.text().starts_with("secret"),
            "{path}"
        );
        assert!(!r.text().contains("root:"), "{path}");
    }
}

#[test]
fn serves_under_a_sub_path() {
    let (_tmp, dir) = small_dossier();
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}/sub/path/");
    let s = Server::start(&dir, &["--port", &port.to_string(), "-u", &base]);
    let home = s.get("/sub/path/");
    assert_eq!(home.status, 200);
    assert!(home.text().contains("href=\"/sub/path/style.css\""));
    assert_eq!(s.get("/sub/path/style.css").status, 200);
    assert_eq!(s.get("/sub/path/briefings/first-briefing/").status, 200);
    assert_eq!(s.get("/").status, 404);
    assert_eq!(s.get("/style.css").status, 404);
    let r = s.get("/sub/path");
    assert_eq!(r.status, 308);
    assert_eq!(r.header("location"), Some("/sub/path/"));
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let (_tmp, dir) = small_dossier();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let out = Command::new(BIN)
        .arg("-r")
        .arg(&dir)
        .args(["serve", "--port", &port.to_string()])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(err.contains("already in use"), "{err}");
    assert!(err.contains("dossier serve --port"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

/// Every file of a fresh `dossier build`, fetched from the server, must be
/// byte for byte what the build wrote (with the reload script taken out).
/// Only `build` makes the search index (`serve` does not: it would slow every
/// rebuild), so the build here skips it.
fn assert_same_as_fresh_build(s: &Server, dir: &Path, step: &str) {
    let out = tempfile::tempdir().unwrap();
    let built = Command::new(BIN)
        .arg("-r")
        .arg(dir)
        .args(["build", "-q", "--no-search", "-o"])
        .arg(out.path().join("site"))
        .args(["-u", &format!("http://127.0.0.1:{}/", s.port)])
        .output()
        .unwrap();
    assert!(built.status.success(), "{step}: {built:?}");
    let root = out.path().join("site");
    let mut n = 0;
    for e in walkdir::WalkDir::new(&root) {
        let e = e.unwrap();
        // The marker says "dossier wrote this folder"; it is not a page.
        if !e.file_type().is_file() || e.file_name() == ".dossier-output" {
            continue;
        }
        let rel = e
            .path()
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let url = format!("/{}", rel.strip_suffix("index.html").unwrap_or(&rel));
        let r = s.get(&url);
        assert_eq!(r.status, 200, "{step}: {url}");
        let served = strip_reload_script(&r.body);
        let expected = std::fs::read(e.path()).unwrap();
        assert!(
            served == expected,
            "{step}: {url} differs from a fresh build\n--- served\n{}\n--- built\n{}",
            String::from_utf8_lossy(&served),
            String::from_utf8_lossy(&expected)
        );
        n += 1;
    }
    assert!(n > 50, "{step}: only {n} files");
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    // As editors do: write a temporary file, then rename it over the original.
    let tmp = path.with_extension("md.tmp~");
    std::fs::write(&tmp, text.replacen(from, to, 1)).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

/// Fast render: the page a browser shows (named on its reload channel) is
/// rendered before the reload message; the other pages the edit touched
/// right after it, told of in a second message. With `--no-fast-render`
/// one message tells of them all. Either way the site ends as a fresh
/// build's.
#[test]
fn the_open_page_is_rendered_before_the_reload() {
    for fast in [true, false] {
        let (_tmp, dir) = shipped_copy();
        let mut args = vec!["--port", "0"];
        if !fast {
            args.push("--no-fast-render");
        }
        let s = Server::start(&dir, &args);
        let page = "briefings/counts-of-9-january/index.html";
        let ev = Events::connect_page(s.port, page);
        let b = dir.join("content/briefings/counts-of-9-january.md");
        edit(
            &b,
            "title: \"The counts of 9 January",
            "title: \"The tallies of 9 January",
        );
        let (name, data) = ev.next(Duration::from_secs(30)).expect("a reload");
        assert_eq!(name, "reload", "{data}");
        assert!(data.contains(page), "fast {fast}: {data}");
        let r = s.get("/briefings/counts-of-9-january/");
        assert!(r.text().contains("The tallies of 9 January"));
        // The briefing's actors list it by its title.
        let actor = data.contains("actors/");
        let then = ev.next(Duration::from_secs(2));
        if fast {
            assert!(
                !actor,
                "an actor's page was rendered before the reload: {data}"
            );
            let (name, rest) = then.expect("the finish's reload");
            assert_eq!(name, "reload", "{rest}");
            assert!(!rest.contains(page), "{rest}");
            assert!(rest.contains("actors/"), "{rest}");
            let end = Instant::now() + Duration::from_secs(10);
            while !s.log().contains("Finished the pages for after the reload") {
                assert!(Instant::now() < end, "{}", s.log());
                std::thread::sleep(Duration::from_millis(50));
            }
            assert!(s.log().contains("for after the reload ("), "{}", s.log());
        } else {
            assert!(actor, "{data}");
            assert!(then.is_none(), "{then:?}");
            assert!(!s.log().contains("after the reload"), "{}", s.log());
        }
        assert_same_as_fresh_build(&s, &dir, if fast { "fast" } else { "not fast" });
    }
}

#[test]
fn the_served_site_equals_a_fresh_build_after_edits() {
    let (_tmp, dir) = shipped_copy();
    let s = Server::start(&dir, &["--port", "0"]);
    let ev = s.events();
    assert_same_as_fresh_build(&s, &dir, "start");
    let b = dir.join("content/briefings/counts-of-9-january.md");
    type Step<'a> = (&'a str, Box<dyn Fn() + 'a>, &'a str);
    let steps: Vec<Step> = vec![
        (
            "briefing title",
            Box::new(|| {
                edit(
                    &b,
                    "title: \"The counts of 9 January",
                    "title: \"The tallies of 9 January",
                )
            }),
            "reload",
        ),
        (
            "briefing body",
            Box::new(|| {
                let mut t = std::fs::read_to_string(&b).unwrap();
                t.push_str("\nA new closing paragraph.\n");
                std::fs::write(&b, t).unwrap();
            }),
            "reload",
        ),
        (
            "briefing date",
            Box::new(|| edit(&b, "date: 2022-01-09", "date: 2022-01-12")),
            "reload",
        ),
        (
            "event title",
            Box::new(|| {
                edit(
                    &b,
                    "title: \"State media publish",
                    "title: \"State outlets publish",
                )
            }),
            "reload",
        ),
        (
            "figure count",
            Box::new(|| edit(&b, "count: 164", "count: 165")),
            "reload",
        ),
        (
            "a correction",
            Box::new(|| {
                edit(
                    &b,
                    "date: 2022-01-12\n",
                    "date: 2022-01-12\nupdated: 2022-01-13\ncorrections:\n  - date: 2022-01-13\n    text: \"A corrected sentence.\"\n",
                )
            }),
            "reload",
        ),
        (
            "broken front matter",
            Box::new(|| edit(&b, "date: 2022-01-12", "date: [2022")),
            "build-error",
        ),
        (
            "fixed front matter",
            Box::new(|| edit(&b, "date: [2022", "date: 2022-01-12")),
            "reload",
        ),
        (
            "actor name",
            Box::new(|| {
                edit(
                    &dir.join("content/actors/tokayev.md"),
                    "name: \"",
                    "name: \"President ",
                )
            }),
            "reload",
        ),
        (
            "actor body",
            Box::new(|| {
                let p = dir.join("content/actors/tokayev.md");
                let mut t = std::fs::read_to_string(&p).unwrap();
                t.push_str("\nOne more sentence.\n");
                std::fs::write(&p, t).unwrap();
            }),
            "reload",
        ),
        (
            "home page",
            Box::new(|| {
                let p = dir.join("content/_index.md");
                let mut t = std::fs::read_to_string(&p).unwrap();
                t.push_str("\nAn added line on the home page.\n");
                std::fs::write(&p, t).unwrap();
            }),
            "reload",
        ),
        (
            "new briefing",
            Box::new(|| {
                std::fs::write(
                    dir.join("content/briefings/added-later.md"),
                    "---\ntitle: \"Added later\"\ndate: 2022-01-20\nsummary: \"A late addition.\"\ntags: [casualties]\nactors: [tokayev]\n---\nIt links [[counts-of-9-january]].\n",
                )
                .unwrap()
            }),
            "reload",
        ),
        (
            "deleted briefing",
            Box::new(|| {
                std::fs::remove_file(dir.join("content/briefings/added-later.md")).unwrap()
            }),
            "reload",
        ),
        (
            "template override",
            Box::new(|| {
                std::fs::create_dir_all(dir.join("templates")).unwrap();
                let t = std::fs::read_to_string(
                    Path::new(env!("CARGO_MANIFEST_DIR"))
                        .join("themes/default/templates/briefing.html"),
                )
                .unwrap();
                std::fs::write(
                    dir.join("templates/briefing.html"),
                    t.replacen("<article", "<!-- overridden --><article", 1),
                )
                .unwrap();
            }),
            "reload",
        ),
        (
            "stylesheet",
            Box::new(|| {
                std::fs::create_dir_all(dir.join("static")).unwrap();
                std::fs::write(dir.join("static/style.css"), "body { color: #123; }\n").unwrap();
            }),
            "css",
        ),
        (
            "configuration",
            Box::new(|| edit(&dir.join("dossier.yaml"), "title: \"", "title: \"Edited: ")),
            "reload",
        ),
    ];
    for (name, action, expect) in steps {
        action();
        let (event, data) = ev.wait();
        assert_eq!(event, expect, "{name}: {data}\n{}", s.log());
        if event == "build-error" {
            assert!(data.contains("counts-of-9-january.md"), "{data}");
        } else {
            assert_same_as_fresh_build(&s, &dir, name);
        }
    }
    assert_eq!(s.get("/briefings/added-later/").status, 404);
    // Editor noise alone gives no rebuild.
    std::fs::write(
        dir.join("content/briefings/.counts-of-9-january.md.swp"),
        "x",
    )
    .unwrap();
    std::fs::write(dir.join("content/briefings/4913"), "").unwrap();
    std::fs::write(dir.join("content/briefings/counts-of-9-january.md~"), "x").unwrap();
    assert_eq!(ev.next(std::time::Duration::from_millis(800)), None);
}

#[test]
fn an_interface_beyond_loopback_is_warned_about() {
    let (_tmp, dir) = small_dossier();
    let s = Server::start(&dir, &["--port", "0"]);
    assert!(!s.log().contains("warning:"), "{}", s.log());
    drop(s);
    let s = Server::start(&dir, &["--interface", "0.0.0.0", "--port", "0"]);
    let expected = format!(
        "warning: the preview listens on 0.0.0.0, not on loopback: anyone who can reach this machine on port {} can read it; use `--interface 127.0.0.1` (the default) to keep it to this machine",
        s.port
    );
    let end = Instant::now() + Duration::from_secs(10);
    while !s.log().contains(&expected) {
        assert!(Instant::now() < end, "no warning in:\n{}", s.log());
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.org"])
        .args(args)
        .output()
        .expect("git");
    assert!(out.status.success(), "git {args:?}: {out:?}");
}

/// Points every wiki link to `from` at `to`.
fn relink(dir: &Path, from: &str, to: &str) {
    for e in walkdir::WalkDir::new(dir.join("content")) {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let t = std::fs::read_to_string(e.path()).unwrap();
            let new = t
                .replace(&format!("[[{from}]]"), &format!("[[{to}]]"))
                .replace(&format!("[[{from}|"), &format!("[[{to}|"));
            if new != t {
                std::fs::write(e.path(), new).unwrap();
            }
        }
    }
}

/// Switching branches replaces many files at once (edited, added, deleted,
/// renamed) while serve watches: it must end in the site a fresh build gives.
#[test]
fn switching_git_branches_while_serving_ends_in_a_fresh_builds_site() {
    let (_tmp, dir) = shipped_copy();
    git(&dir, &["init", "-q", "-b", "main"]);
    git(&dir, &["add", "-A"]);
    git(&dir, &["commit", "-q", "-m", "main"]);
    git(&dir, &["checkout", "-q", "-b", "other"]);
    let briefings = dir.join("content/briefings");
    edit(
        &briefings.join("counts-of-9-january.md"),
        "title: \"The counts of 9 January",
        "title: \"The tallies of 9 January",
    );
    edit(
        &dir.join("content/actors/tokayev.md"),
        "name: ",
        "name: President ",
    );
    // One briefing deleted, one renamed; links to them follow.
    relink(&dir, "damage-and-economic-cost", "death-toll-withdrawn");
    std::fs::remove_file(briefings.join("damage-and-economic-cost.md")).unwrap();
    relink(&dir, "hrw-report-almaty", "hrw-almaty-report");
    git(
        &dir,
        &[
            "mv",
            "content/briefings/hrw-report-almaty.md",
            "content/briefings/hrw-almaty-report.md",
        ],
    );
    for i in 0..20 {
        std::fs::write(
            briefings.join(format!("added-{i}.md")),
            format!("---\ntitle: \"Added briefing {i}\"\ndate: 2022-01-{:02}\nactors: [tokayev]\ntags: [added]\n---\nBody {i}.\n", 10 + i % 10),
        )
        .unwrap();
    }
    git(&dir, &["add", "-A"]);
    git(&dir, &["commit", "-q", "-m", "other"]);
    git(&dir, &["checkout", "-q", "main"]);

    let s = Server::start(&dir, &["--port", "0"]);
    let ev = s.events();
    assert_same_as_fresh_build(&s, &dir, "main");
    for (branch, step) in [
        ("other", "to other"),
        ("main", "back to main"),
        ("other", "to other again"),
    ] {
        git(&dir, &["checkout", "-q", branch]);
        let (name, _) = ev.wait();
        assert_eq!(name, "reload", "{step}: {}", s.log());
        assert_same_as_fresh_build(&s, &dir, step);
    }
}
