//! Helpers shared by the integration tests: fixture dossiers made in a
//! temporary directory, the binary, and a scan of the built site's links.
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

/// A fresh dossier from `dossier init`, in a temporary directory.
pub fn init_dossier() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    dossier().args(["init"]).arg(dir.path()).assert().success();
    dir
}

pub fn dossier() -> Command {
    Command::cargo_bin("dossier").unwrap()
}

pub fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

pub fn run(root: &Path, args: &[&str]) -> Output {
    dossier().arg("-r").arg(root).args(args).output().unwrap()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The repository root: the shipped dossier lives there.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under `dir`, as paths relative to it with `/`.
pub fn files(dir: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}

/// Every `href="…"` and `src="…"` value in an HTML text.
pub fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            if let Some(end) = rest.find('"') {
                out.push(rest[..end].replace("&amp;", "&"));
                rest = &rest[end..];
            }
        }
    }
    out
}

/// Checks that every internal link of every page in `out` stays under
/// `base_path` and resolves to a file of the output. Returns the problems.
pub fn broken_links(out: &Path, base_path: &str) -> Vec<String> {
    let all = files(out);
    let mut problems = Vec::new();
    for page in all.iter().filter(|p| p.ends_with(".html")) {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        for link in links(&html) {
            if link.starts_with("http://")
                || link.starts_with("https://")
                || link.starts_with("mailto:")
                || link.starts_with('#')
            {
                continue;
            }
            if !link.starts_with('/') {
                problems.push(format!("{page}: relative link {link}"));
                continue;
            }
            let Some(rest) = link.strip_prefix(base_path) else {
                problems.push(format!("{page}: {link} is outside {base_path}"));
                continue;
            };
            let path = rest.split(['#', '?']).next().unwrap();
            let target = if path.is_empty() || path.ends_with('/') {
                format!("{path}index.html")
            } else {
                path.to_string()
            };
            if !all.contains(&target) {
                problems.push(format!("{page}: {link} → no file {target}"));
            }
        }
    }
    problems
}

/// Builds the dossier at `root` (with `args` after `build`) into `site/` of
/// a fresh temporary directory, which it returns; the build must succeed.
pub fn build_site(root: &Path, args: &[&str]) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let o = dossier()
        .arg("-r")
        .arg(root)
        .arg("build")
        .args(args)
        .arg("-o")
        .arg(out.path().join("site"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    out
}

/// A file of a site made by `build_site`.
pub fn read_site(out: &tempfile::TempDir, rel: &str) -> String {
    std::fs::read_to_string(out.path().join("site").join(rel))
        .unwrap_or_else(|e| panic!("{rel}: {e}"))
}
