//! Writing the site to disk, atomically.
//!
//! A failed build must leave the published site exactly as it was, and a
//! reader must never see half a site. So the whole output is written into a
//! fresh directory beside the target, and only when every file is written is
//! it swapped in by two renames (old out of the way, new into place); the
//! old tree is then removed.

use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::render::Page;

/// Writes `pages` as the new content of `out`, replacing it atomically.
pub fn write_site(out: &Path, pages: &[Page]) -> io::Result<()> {
    let out = absolute(out)?;
    let parent = out
        .parent()
        .ok_or_else(|| io::Error::other("the output directory has no parent"))?;
    std::fs::create_dir_all(parent)?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let pid = std::process::id();
    let fresh = parent.join(format!(".{name}.new-{pid}"));
    let old = parent.join(format!(".{name}.old-{pid}"));
    if fresh.exists() {
        std::fs::remove_dir_all(&fresh)?;
    }
    if let Err(e) = write_tree(&fresh, pages) {
        let _ = std::fs::remove_dir_all(&fresh);
        return Err(e);
    }
    if out.exists() {
        if !out.is_dir() {
            let _ = std::fs::remove_dir_all(&fresh);
            return Err(io::Error::other(format!(
                "{} exists and is not a directory",
                out.display()
            )));
        }
        std::fs::rename(&out, &old)?;
        if let Err(e) = std::fs::rename(&fresh, &out) {
            // Put the old site back.
            let _ = std::fs::rename(&old, &out);
            let _ = std::fs::remove_dir_all(&fresh);
            return Err(e);
        }
        std::fs::remove_dir_all(&old)?;
    } else {
        std::fs::rename(&fresh, &out)?;
    }
    Ok(())
}

/// Writes every page under `dir` (which must not exist yet).
pub fn write_tree(dir: &Path, pages: &[Page]) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut dirs: Vec<PathBuf> = pages
        .iter()
        .filter_map(|p| Path::new(&p.path).parent().map(|d| dir.join(d)))
        .collect();
    dirs.sort();
    dirs.dedup();
    dirs.par_iter().try_for_each(std::fs::create_dir_all)?;
    pages
        .par_iter()
        .try_for_each(|p| std::fs::write(dir.join(&p.path), &p.content))
}

fn absolute(p: &Path) -> io::Result<PathBuf> {
    if p.is_absolute() {
        Ok(p.to_path_buf())
    } else {
        Ok(std::env::current_dir()?.join(p))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swaps_in_a_new_tree_and_drops_stale_files() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write_site(
            &out,
            &[Page {
                path: "a/index.html".into(),
                content: b"one".to_vec(),
            }],
        )
        .unwrap();
        write_site(
            &out,
            &[Page {
                path: "b/index.html".into(),
                content: b"two".to_vec(),
            }],
        )
        .unwrap();
        assert!(!out.join("a/index.html").exists());
        assert_eq!(std::fs::read(out.join("b/index.html")).unwrap(), b"two");
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1);
    }
}
