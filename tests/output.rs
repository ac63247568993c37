//! The output directory: `build -o DIR` never costs a user a file. Exact
//! messages for each refusal, `--force` for the deliberate case, and a build
//! killed at any moment leaving the last good site whole.

mod common;
use common::*;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

fn refused(root: &Path, args: &[&str]) -> String {
    let o = run(root, args);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    stderr(&o)
}

#[test]
fn the_dossiers_own_sources_are_refused_even_with_force() {
    let d = init_dossier();
    let r = d.path();
    let sources_help = "  = help: choose an output directory outside content/, templates/, static/ and themes/, such as `public` (the default); --force does not change this\n";
    let root = r.to_str().unwrap();
    for (out, message) in [
        (
            format!("{root}/content"),
            format!("error: `{root}/content` is the dossier's `content/`: the site cannot be written there\n"),
        ),
        (
            format!("{root}/content/briefings"),
            format!("error: `{root}/content/briefings` is inside the dossier's `content/`: the site cannot be written among the dossier's sources\n"),
        ),
        (
            format!("{root}/templates"),
            format!("error: `{root}/templates` is the dossier's `templates/`: the site cannot be written there\n"),
        ),
        (
            root.to_string(),
            format!("error: `{root}` is the dossier's root: the site cannot be written there\n"),
        ),
        (
            format!("{root}/.."),
            format!("error: `{root}/..` holds the dossier's root: building there would replace the dossier's own files\n"),
        ),
    ] {
        for force in [false, true] {
            let mut args = vec!["build", "-o", out.as_str()];
            if force {
                args.push("--force");
            }
            let err = refused(r, &args);
            assert_eq!(
                err,
                format!("{message}  --> {out}\n{sources_help}\nerror: could not build the dossier: 1 error\n"),
            );
        }
    }
    // Nothing was touched.
    assert!(r.join("content/briefings/first-briefing.md").is_file());
    assert!(r.join("dossier.yaml").is_file());
}

#[test]
fn a_folder_dossier_did_not_write_is_refused_unless_forced() {
    let d = init_dossier();
    let r = d.path();
    write(r, "notes/todo.txt", "todo\n");
    let notes = r.join("notes");
    let shown = notes.display().to_string();
    let err = refused(r, &["build", "-o", &shown]);
    assert_eq!(
        err,
        format!(
            "error: `{shown}` holds files that dossier did not write (e.g. `{shown}/todo.txt`)\n  --> {shown}\n  = help: a build replaces its output directory whole; choose a new or empty directory, or pass --force if everything in `{shown}` may be deleted\n\nerror: could not build the dossier: 1 error\n"
        )
    );
    assert_eq!(
        std::fs::read_to_string(notes.join("todo.txt")).unwrap(),
        "todo\n"
    );

    // --force: the user said so.
    let o = run(r, &["build", "-q", "--force", "-o", &shown]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!notes.join("todo.txt").exists());
    assert!(notes.join("index.html").is_file());
    // From now on it is dossier's: no --force needed.
    let o = run(r, &["build", "-q", "-o", &shown]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn an_empty_folder_is_used_and_files_and_repositories_are_refused() {
    let d = init_dossier();
    let r = d.path();
    std::fs::create_dir(r.join("empty")).unwrap();
    let o = run(r, &["build", "-q", "-o", r.join("empty").to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(r.join("empty/.dossier-output").is_file());

    write(r, "site.txt", "a file\n");
    let file = r.join("site.txt").display().to_string();
    let err = refused(r, &["build", "--force", "-o", &file]);
    assert!(
        err.starts_with(&format!("error: `{file}` exists and is not a directory\n")),
        "{err}"
    );

    std::fs::create_dir_all(r.join("deploy/.git")).unwrap();
    write(r, "deploy/CNAME", "example.org\n");
    let repo = r.join("deploy").display().to_string();
    let err = refused(r, &["build", "--force", "-o", &repo]);
    assert_eq!(
        err,
        format!("error: `{repo}` is a git repository: a build replaces its output directory whole, history included\n  --> {repo}\n  = help: build into another directory (e.g. `public`) and copy the files in; --force does not change this\n\nerror: could not build the dossier: 1 error\n")
    );
    assert!(r.join("deploy/CNAME").is_file());
}

#[test]
fn the_issue_reproduction_loses_nothing() {
    // The first release replaced any existing directory without a word.
    let d = init_dossier();
    let r = d.path();
    let before = files(&r.join("content"));
    let o = dossier()
        .current_dir(r)
        .args(["build", "-o", "content"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(files(&r.join("content")), before);
    write(r, "notes/todo.txt", "todo\n");
    let o = dossier()
        .current_dir(r)
        .args(["build", "-o", "notes"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(r.join("notes/todo.txt").is_file());
}

/// A dossier big enough that a build takes a while: the shipped one.
fn shipped(dir: &Path) {
    let repo = repo();
    for e in walkdir::WalkDir::new(repo.join("content")) {
        let e = e.unwrap();
        let dest = dir.join(e.path().strip_prefix(&repo).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
    std::fs::copy(repo.join("dossier.yaml"), dir.join("dossier.yaml")).unwrap();
}

fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    files(dir)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(dir.join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

/// SIGKILL a build at moments spread over its whole run: `public/` is
/// always one whole site (the one before or the one after), never a mix,
/// never missing; the next build leaves no temporary folder behind.
#[test]
fn a_killed_build_leaves_the_last_good_site_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let r = tmp.path();
    shipped(r);
    let briefing = r.join("content/briefings/death-toll-withdrawn.md");
    let text = std::fs::read_to_string(&briefing).unwrap();
    let version = |i: usize| {
        // Two sites that differ in the home page and a briefing.
        let t = if i.is_multiple_of(2) {
            text.clone()
        } else {
            text.replacen("title: \"", "title: \"Revised: ", 1)
        };
        std::fs::write(&briefing, t).unwrap();
    };
    let build = |out: &Path| {
        let o = run(
            r,
            &["build", "-q", "--no-search", "-o", out.to_str().unwrap()],
        );
        assert!(o.status.success(), "{}", stderr(&o));
    };
    let refs: Vec<_> = (0..2)
        .map(|i| {
            version(i);
            let out = r.join(format!("ref-{i}"));
            let start = Instant::now();
            build(&out);
            (snapshot(&out), start.elapsed())
        })
        .collect();
    assert_ne!(refs[0].0, refs[1].0);
    let took = refs[0].1.max(refs[1].1);
    let out = r.join("public");
    version(0);
    build(&out);
    let bin = env!("CARGO_BIN_EXE_dossier");
    // The kill times sweep the build's typical length again and again
    // until four builds at least were killed mid-way: on a busy machine a
    // build may take twice as long as the reference builds did, or half.
    let rounds = 16;
    let mut killed = 0;
    let mut i = 0;
    while i < rounds || (killed < 4 && i < 4 * rounds) {
        i += 1;
        version(i);
        let mut child = Command::new(bin)
            .arg("-r")
            .arg(r)
            .args(["build", "-q", "--no-search", "-o"])
            .arg(&out)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // From the start to past the end of a typical build.
        std::thread::sleep(took * (((i - 1) % rounds + 1) as u32) / (rounds as u32 - 2));
        if child.try_wait().unwrap().is_none() {
            killed += 1;
        }
        let _ = child.kill();
        child.wait().unwrap();
        let now = snapshot(&out);
        assert!(
            now == refs[0].0 || now == refs[1].0,
            "round {i}: public/ is not one whole site ({} files)",
            now.len()
        );
    }
    assert!(killed >= 4, "only {killed} builds were killed mid-way");
    // The next build cleans up what the killed ones left.
    build(&out);
    let leftovers: Vec<String> = std::fs::read_dir(r)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// Every file's inode and mtime, by path.
#[cfg(unix)]
fn identities(dir: &Path) -> Vec<(String, u64, std::time::SystemTime)> {
    use std::os::unix::fs::MetadataExt;
    files(dir)
        .into_iter()
        .map(|f| {
            let m = std::fs::metadata(dir.join(&f)).unwrap();
            (f, m.ino(), m.modified().unwrap())
        })
        .collect()
}

/// An unchanged rebuild, search index included, rewrites no file: an
/// rsync or CDN upload after it sends nothing. A one-line edit changes a
/// handful of files, not the site.
#[cfg(unix)]
#[test]
fn an_unchanged_rebuild_rewrites_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let r = tmp.path();
    shipped(r);
    let out = r.join("public");
    let build = || {
        let o = run(r, &["build", "-q", "-o", out.to_str().unwrap()]);
        assert!(o.status.success(), "{}", stderr(&o));
    };
    build();
    let first = identities(&out);
    assert!(first.len() > 50, "{} files", first.len());
    build();
    assert_eq!(identities(&out), first);
    let briefing = r.join("content/briefings/death-toll-withdrawn.md");
    let text = std::fs::read_to_string(&briefing).unwrap();
    std::fs::write(
        &briefing,
        text.replacen("\n\n", "\n\nA new paragraph.\n\n", 1),
    )
    .unwrap();
    build();
    let after = identities(&out);
    let changed: Vec<&str> = after
        .iter()
        .filter(|f| !first.contains(f))
        .map(|f| f.0.as_str())
        .collect();
    assert!(
        changed.contains(&"briefings/death-toll-withdrawn/index.html"),
        "{changed:?}"
    );
    assert!(
        changed.len() * 4 < first.len(),
        "{} of {} files changed: {changed:?}",
        changed.len(),
        first.len()
    );
}
