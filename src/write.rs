//! Writing the site to disk: atomically, and only where dossier may.
//!
//! A failed build must leave the published site exactly as it was, a reader
//! must never see half a site, and a typo in `-o` must never cost a user
//! their files. So:
//!
//! - the output is written into a fresh directory beside the target, and
//!   swapped in only when every file is written: in one step where the OS
//!   has one (`renameat2(RENAME_EXCHANGE)` on Linux, `renameatx_np(RENAME_SWAP)`
//!   on macOS), so the output directory never disappears, not even for a
//!   moment; elsewhere by two renames;
//! - every tree dossier writes carries a marker file, [`MARKER`]. An existing
//!   directory is replaced only if it carries the marker or is empty
//!   ([`check_target`]); `--force` overrides that, never the rest;
//! - temporary directories are named after the target and the writing
//!   process, and carry the marker from their first byte, so the next build
//!   can tell a killed build's leftovers from anything else and remove them
//!   (or, if a build was killed between the two renames, put the last good
//!   site back);
//! - a file whose bytes did not change is not rewritten but hard-linked
//!   from the current output into the fresh tree ([`Writer`]), so it keeps
//!   its mtime and an upload after an unchanged rebuild sends nothing.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::render::Page;

/// The file that marks a directory as written by `dossier build`.
pub(crate) const MARKER: &str = ".dossier-output";

const MARKER_TEXT: &str = "This directory was written by `dossier build`.\n\
The next build replaces it whole: files added here by hand will be lost.\n";

/// Why an output directory is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// The path is, holds, or lies inside one of the dossier's own sources
    /// (`what` names it: "the dossier's root", "content/", …).
    Sources { what: String, how: Overlap },
    /// The path exists and is not a directory.
    NotADirectory,
    /// The directory is a git repository (replacing it would lose its history).
    Repository,
    /// The directory holds files dossier did not write; `example` is one.
    NotOurs { example: PathBuf },
}

/// How an output path meets a protected one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Overlap {
    /// They are the same.
    Is,
    /// The protected path lies inside the output.
    Holds,
    /// The output lies inside the protected directory.
    Inside,
}

/// A path the output must keep clear of.
#[derive(Debug, Clone)]
pub(crate) struct Protected {
    /// The directory or file.
    pub path: PathBuf,
    /// How the user knows it ("content/", "the configuration file").
    pub what: String,
    /// Whether the output may lie inside it (true only for the dossier's
    /// root, whose `public/` is the default output).
    pub may_hold_output: bool,
}

/// Decides whether `out` may be replaced by a build. `protected` are the
/// dossier's own sources; they are refused even with `force`, as are files
/// and git repositories. Without `force`, an existing directory must be
/// empty or carry the [`MARKER`].
pub(crate) fn check_target(
    out: &Path,
    protected: &[Protected],
    force: bool,
) -> Result<(), Refusal> {
    let out_real = real_path(out);
    for p in protected {
        let real = real_path(&p.path);
        let how = if real == out_real {
            Overlap::Is
        } else if real.starts_with(&out_real) {
            Overlap::Holds
        } else if out_real.starts_with(&real) && !p.may_hold_output {
            Overlap::Inside
        } else {
            continue;
        };
        return Err(Refusal::Sources {
            what: p.what.clone(),
            how,
        });
    }
    let meta = match std::fs::metadata(out) {
        Ok(m) => m,
        Err(_) => return Ok(()),
    };
    if !meta.is_dir() {
        return Err(Refusal::NotADirectory);
    }
    if out.join(".git").exists() {
        return Err(Refusal::Repository);
    }
    if force || out.join(MARKER).is_file() {
        return Ok(());
    }
    match first_entry(out) {
        None => Ok(()),
        Some(example) => Err(Refusal::NotOurs { example }),
    }
}

/// A file or folder of `dir`, the shallowest first, if it has any.
fn first_entry(dir: &Path) -> Option<PathBuf> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    let file = entries.iter().find(|p| p.is_file()).cloned();
    file.or_else(|| entries.into_iter().next())
}

/// The path with symlinks resolved, as far as it exists; the rest appended.
fn real_path(p: &Path) -> PathBuf {
    let abs = absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(c) = std::fs::canonicalize(existing) {
            let mut out = c;
            for r in rest.iter().rev() {
                out.push(r);
            }
            return out;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return abs,
        }
    }
}

/// Writes `pages` as the new content of `out`, replacing it atomically, in
/// one batch (the build streams batches through a [`Writer`] instead).
#[cfg(test)]
fn write_site(out: &Path, pages: &[Page]) -> io::Result<()> {
    let w = Writer::begin(out)?;
    w.write(pages)?;
    w.commit()
}

/// A site being written: a fresh tree beside the output, filled in batches
/// (pages can go to disk as they are rendered, so the whole site never sits
/// in memory), then swapped in by [`Writer::commit`]. Dropped without a
/// commit, it removes the fresh tree and the output stays as it was.
///
/// A file whose bytes equal those of the file at the same path in the
/// current output is not written: the current file is hard-linked into the
/// fresh tree, so it keeps its inode and mtime. An unchanged rebuild thus
/// changes no file (an rsync or CDN upload after a one-line edit sends a
/// handful), and the swap stays one atomic step: the old tree's names go,
/// the shared files stay.
pub struct Writer {
    out: PathBuf,
    fresh: PathBuf,
    old: PathBuf,
    /// The current output, if it is a directory to reuse files from.
    previous: Option<PathBuf>,
    committed: bool,
}

impl Writer {
    /// Cleans up after killed builds and starts a fresh tree, marker first.
    /// `out` must have passed [`check_target`].
    pub fn begin(out: &Path) -> io::Result<Writer> {
        // A symlinked output (`public -> /var/www/site`) is written where it
        // points: the link stays as the user made it.
        let out = real_path(out);
        let parent = out
            .parent()
            .ok_or_else(|| io::Error::other("the output directory has no parent"))?
            .to_path_buf();
        std::fs::create_dir_all(&parent)?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| io::Error::other("the output directory has no name"))?;
        recover(&parent, &name, &out)?;
        let pid = std::process::id();
        let previous = out.is_dir().then(|| out.clone());
        let w = Writer {
            fresh: parent.join(temp_name(&name, "new", pid)),
            old: parent.join(temp_name(&name, "old", pid)),
            out,
            previous,
            committed: false,
        };
        std::fs::create_dir_all(&w.fresh)?;
        w.put(MARKER, MARKER_TEXT.as_bytes())?;
        Ok(w)
    }

    /// Writes `pages` into the fresh tree: their folders one after another,
    /// then the files in parallel. The kernel makes a folder under a lock
    /// on its parent, and a batch's folders mostly share one
    /// (`briefings/x/`), so making them in parallel only spins on that
    /// lock; files, each in a folder of its own, do not wait on each other.
    pub fn write(&self, pages: &[Page]) -> io::Result<()> {
        let mut dirs: Vec<&Path> = pages
            .iter()
            .filter_map(|p| Path::new(&p.path).parent())
            .filter(|d| !d.as_os_str().is_empty())
            .collect();
        dirs.sort();
        dirs.dedup();
        for d in dirs {
            std::fs::create_dir_all(self.fresh.join(d))?;
        }
        pages
            .par_iter()
            .try_for_each(|p| self.put(&p.path, &p.content))
    }

    /// One file: linked from the current output if the bytes are the same
    /// there, written otherwise.
    fn put(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let dest = self.fresh.join(rel);
        if let Some(prev) = &self.previous {
            let current = prev.join(rel);
            if same_bytes(&current, bytes) && std::fs::hard_link(&current, &dest).is_ok() {
                return Ok(());
            }
        }
        std::fs::write(dest, bytes)
    }

    /// One file whose bytes `write` streams (a data file too large to
    /// hold in memory), with the same outcome as [`Writer::write`]: if
    /// the bytes are those of the file at the same path in the current
    /// output, that file is hard-linked into the fresh tree. They are
    /// compared as they come, and nothing is written to disk while they
    /// match (an unchanged rebuild reads the old file and writes nothing).
    pub fn stream(
        &self,
        rel: &str,
        write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let dest = self.fresh.join(rel);
        if let Some(d) = dest.parent() {
            std::fs::create_dir_all(d)?;
        }
        let current = self
            .previous
            .as_ref()
            .map(|p| p.join(rel))
            .filter(|c| std::fs::symlink_metadata(c).is_ok_and(|m| m.is_file()));
        let mut file = match &current {
            Some(c) => match std::fs::File::open(c) {
                Ok(old) => Streamed::Matching {
                    old,
                    matched: 0,
                    dest: dest.clone(),
                },
                Err(_) => Streamed::Writing(std::fs::File::create(&dest)?),
            },
            None => Streamed::Writing(std::fs::File::create(&dest)?),
        };
        let mut buffered = io::BufWriter::with_capacity(STREAM_BUFFER, &mut file);
        write(&mut buffered)?;
        buffered.flush()?;
        drop(buffered);
        match file {
            Streamed::Writing(_) => Ok(()),
            Streamed::Matching {
                mut old,
                matched,
                dest,
            } => {
                let mut one = [0u8; 1];
                let at_end = matches!(read_full(&mut old, &mut one), Ok(0));
                let current = current.expect("matching a current file");
                if at_end && std::fs::hard_link(&current, &dest).is_ok() {
                    return Ok(());
                }
                // Shorter than the current file, or no hard link here: the
                // matched bytes are copied from it.
                diverge(&mut old, matched, &dest).map(|_| ())
            }
        }
    }

    /// Swaps the fresh tree in and removes the previous one.
    pub fn commit(mut self) -> io::Result<()> {
        self.committed = true;
        swap_in(&self.fresh, &self.out, &self.old)
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.fresh);
        }
    }
}

/// The buffer between a streamed file's serializer and the disk (and the
/// size of each comparison with the current file).
const STREAM_BUFFER: usize = 256 * 1024;

/// A streamed file: matching the current file so far (nothing written
/// yet), or written into the fresh tree.
enum Streamed {
    Matching {
        old: std::fs::File,
        /// The bytes read from `old`, all equal to those streamed.
        matched: u64,
        dest: PathBuf,
    },
    Writing(std::fs::File),
}

impl Write for Streamed {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if let Streamed::Matching { old, matched, dest } = self {
            let mut theirs = vec![0u8; buf.len()];
            let n = read_full(old, &mut theirs)?;
            if n == buf.len() && theirs == buf {
                *matched += n as u64;
                return Ok(n);
            }
            let f = diverge(old, *matched, dest)?;
            *self = Streamed::Writing(f);
        }
        match self {
            Streamed::Writing(f) => f.write(buf),
            Streamed::Matching { .. } => unreachable!("diverged above"),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Streamed::Writing(f) => f.flush(),
            Streamed::Matching { .. } => Ok(()),
        }
    }
}

/// The streamed bytes differ from the current file after `matched` equal
/// ones: creates `dest` and copies those from the current file.
fn diverge(old: &mut std::fs::File, matched: u64, dest: &Path) -> io::Result<std::fs::File> {
    use std::io::{Read, Seek};
    let mut f = std::fs::File::create(dest)?;
    old.seek(io::SeekFrom::Start(0))?;
    let copied = io::copy(&mut Read::by_ref(old).take(matched), &mut f)?;
    if copied != matched {
        return Err(io::Error::other(
            "the current output changed while it was read",
        ));
    }
    Ok(f)
}

/// Reads until `buf` is full or the file ends; the bytes read.
fn read_full(f: &mut std::fs::File, buf: &mut [u8]) -> io::Result<usize> {
    use std::io::Read;
    let mut n = 0;
    while n < buf.len() {
        match f.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// Whether the regular file at `path` holds exactly `bytes`: the size
/// first (most changed files change size), then the bytes.
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    use std::io::Read;
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => {}
        _ => return false,
    }
    let Ok(f) = std::fs::File::open(path) else {
        return false;
    };
    // Read whole (a page is at most about a megabyte) into a buffer that
    // `read_to_end` fills without zeroing it first: a zeroed 64 KB buffer
    // per file was a twentieth of an unchanged rebuild's instructions.
    let mut theirs = Vec::with_capacity(bytes.len() + 1);
    match f.take(bytes.len() as u64 + 1).read_to_end(&mut theirs) {
        Ok(_) => theirs == bytes,
        Err(_) => false,
    }
}

/// `.public.dossier-new-1234`: hidden, named after the target and the process.
fn temp_name(name: &str, role: &str, pid: u32) -> String {
    format!(".{name}.dossier-{role}-{pid}")
}

/// Moves `fresh` to `out`, and whatever was at `out` away (then removes it).
fn swap_in(fresh: &Path, out: &Path, old: &Path) -> io::Result<()> {
    if std::fs::symlink_metadata(out).is_err() {
        return std::fs::rename(fresh, out);
    }
    match exchange(fresh, out) {
        // `fresh` now holds the previous site.
        Ok(()) => remove_ours(fresh),
        Err(_) => {
            // No atomic exchange here (another OS, or a file system without
            // it): two renames. A build killed between them leaves `old`,
            // which the next build puts back (see `recover`).
            std::fs::rename(out, old)?;
            if let Err(e) = std::fs::rename(fresh, out) {
                let _ = std::fs::rename(old, out);
                let _ = std::fs::remove_dir_all(fresh);
                return Err(e);
            }
            remove_ours(old)
        }
    }
}

/// Swaps two paths in one step.
#[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// Cleans up after builds of `out` that were killed: their temporary
/// directories (recognised by name, by the marker inside, and by a writer
/// that is no longer running) are removed, and if a build was killed between
/// its two renames, the last good site it had moved aside goes back.
fn recover(parent: &Path, name: &str, out: &Path) -> io::Result<()> {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Ok(());
    };
    let prefix = format!(".{name}.dossier-");
    let mut stale: Vec<(String, PathBuf)> = Vec::new();
    for e in entries.flatten() {
        let file_name = e.file_name().to_string_lossy().into_owned();
        let Some(rest) = file_name.strip_prefix(&prefix) else {
            continue;
        };
        let Some((role, pid)) = rest.split_once('-') else {
            continue;
        };
        let (Ok(pid), true) = (pid.parse::<u32>(), role == "new" || role == "old") else {
            continue;
        };
        let path = e.path();
        if process_alive(pid) {
            continue;
        }
        if path.join(MARKER).is_file() {
            stale.push((role.to_string(), path));
        } else {
            // Killed between creating the folder and writing the marker
            // into it; anything else here is not ours and stays.
            let _ = std::fs::remove_dir(&path);
        }
    }
    for (role, path) in stale {
        if role == "old" && std::fs::symlink_metadata(out).is_err() {
            std::fs::rename(&path, out)?;
        } else {
            remove_ours(&path)?;
        }
    }
    Ok(())
}

/// Removes a tree dossier wrote, its marker last, so that a removal cut
/// short still leaves a tree the next build knows as its own.
fn remove_ours(dir: &Path) -> io::Result<()> {
    let entries = std::fs::read_dir(dir)?
        .filter(|e| e.as_ref().map_or(true, |e| e.file_name() != MARKER))
        .collect::<io::Result<Vec<_>>>()?;
    removal_pool()?.install(|| entries.par_iter().try_for_each(remove_entry))?;
    // A replaced directory that was empty, or taken with --force, has none.
    match std::fs::remove_file(dir.join(MARKER)) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    std::fs::remove_dir(dir)
}

/// How many files and directories are removed at once. Removing waits on
/// the disk more than it works: on a file system mounted with `discard`
/// (common on cloud machines), each freed block is trimmed before the
/// unlink returns, and one by one the 34,000 entries of a 10,000-briefing
/// site took 43 s to remove on the build machine, against 10 s sixteen at
/// a time. So these are threads that wait, not rayon's, one per core.
const REMOVERS: usize = 16;

fn removal_pool() -> io::Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(REMOVERS)
        .thread_name(|i| format!("dossier-remove-{i}"))
        .build()
        .map_err(io::Error::other)
}

/// Removes a file, a symbolic link (never what it points to) or a whole
/// directory, its entries in parallel.
fn remove_entry(e: &std::fs::DirEntry) -> io::Result<()> {
    if !e.file_type()?.is_dir() {
        return std::fs::remove_file(e.path());
    }
    let dir = e.path();
    let entries = std::fs::read_dir(&dir)?.collect::<io::Result<Vec<_>>>()?;
    entries.par_iter().try_for_each(remove_entry)?;
    std::fs::remove_dir(dir)
}

#[cfg(unix)]
fn process_alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return false;
    }
    let Some(pid) = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    else {
        return false;
    };
    // ESRCH: no such process. EPERM: it exists, owned by someone else.
    !matches!(
        rustix::process::test_kill_process(pid),
        Err(rustix::io::Errno::SRCH)
    )
}

#[cfg(not(unix))]
fn process_alive(pid: u32) -> bool {
    pid != std::process::id()
}

/// Writes the marker, then every page, under `dir` (which must not exist
/// yet), reusing no file: the leftovers of a killed build, in tests.
#[cfg(test)]
fn write_tree(dir: &Path, pages: &[Page]) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join(MARKER), MARKER_TEXT)?;
    for p in pages {
        let path = dir.join(&p.path);
        if let Some(d) = path.parent() {
            std::fs::create_dir_all(d)?;
        }
        std::fs::write(path, &p.content)?;
    }
    Ok(())
}

fn absolute(p: &Path) -> io::Result<PathBuf> {
    std::path::absolute(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, content: &str) -> Page {
        Page {
            path: path.into(),
            content: content.as_bytes().to_vec(),
        }
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn swaps_in_a_new_tree_and_drops_stale_files() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write_site(&out, &[page("a/index.html", "one")]).unwrap();
        write_site(&out, &[page("b/index.html", "two")]).unwrap();
        assert!(!out.join("a/index.html").exists());
        assert_eq!(std::fs::read(out.join("b/index.html")).unwrap(), b"two");
        assert!(out.join(MARKER).is_file());
        assert_eq!(names(tmp.path()), ["public"]);
    }

    #[cfg(unix)]
    fn identity(p: &Path) -> (u64, std::time::SystemTime) {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::metadata(p).unwrap();
        (m.ino(), m.modified().unwrap())
    }

    #[cfg(unix)]
    #[test]
    fn unchanged_files_keep_their_inode_and_changed_ones_are_new() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let site = |b: &str| {
            vec![
                page("index.html", "home"),
                page("a/index.html", "same"),
                page("b/index.html", b),
            ]
        };
        write_site(&out, &site("two")).unwrap();
        let before: Vec<_> = ["index.html", "a/index.html", "b/index.html", MARKER]
            .iter()
            .map(|f| identity(&out.join(f)))
            .collect();
        write_site(&out, &site("two")).unwrap();
        for (i, f) in ["index.html", "a/index.html", "b/index.html", MARKER]
            .iter()
            .enumerate()
        {
            assert_eq!(identity(&out.join(f)), before[i], "{f}");
        }
        // Same size, other bytes: written anew.
        write_site(&out, &site("tvo")).unwrap();
        assert_eq!(identity(&out.join("a/index.html")), before[1]);
        assert_ne!(identity(&out.join("b/index.html")).0, before[2].0);
        assert_eq!(std::fs::read(out.join("b/index.html")).unwrap(), b"tvo");
        assert_eq!(names(tmp.path()), ["public"]);
    }

    /// Streams `text` to `rel` in pieces of `piece` bytes, and commits.
    fn stream_site(out: &Path, rel: &str, text: &str, piece: usize) {
        let w = Writer::begin(out).unwrap();
        w.stream(rel, &mut |o| {
            for c in text.as_bytes().chunks(piece.max(1)) {
                o.write_all(c)?;
            }
            Ok(())
        })
        .unwrap();
        w.commit().unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_streamed_file_is_linked_when_unchanged_and_written_whole_otherwise() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let rel = "data/big.json";
        let big: String = (0..100_000).map(|i| format!("{i},")).collect();
        stream_site(&out, rel, &big, 7);
        assert_eq!(std::fs::read_to_string(out.join(rel)).unwrap(), big);
        let before = identity(&out.join(rel));
        // The same bytes, in other pieces: the same file.
        stream_site(&out, rel, &big, 300_001);
        assert_eq!(identity(&out.join(rel)), before);
        // Changed late, longer, shorter, empty: written, with every byte.
        let late = format!("{}X", &big[..big.len() - 1]);
        let longer = format!("{big}more");
        let shorter = big[..big.len() / 2].to_string();
        for text in [&late, &longer, &shorter, &String::new(), &big] {
            let was = identity(&out.join(rel));
            stream_site(&out, rel, text, 4096);
            assert_eq!(&std::fs::read_to_string(out.join(rel)).unwrap(), text);
            assert_ne!(identity(&out.join(rel)).0, was.0);
        }
        assert_eq!(names(tmp.path()), ["public"]);
    }

    #[test]
    fn a_writer_dropped_before_its_commit_leaves_the_output_as_it_was() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write_site(&out, &[page("index.html", "last good")]).unwrap();
        let w = Writer::begin(&out).unwrap();
        w.write(&[page("index.html", "half")]).unwrap();
        drop(w);
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"last good");
        assert_eq!(names(tmp.path()), ["public"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_output_is_written_where_it_points() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("www");
        std::fs::create_dir(&target).unwrap();
        let link = tmp.path().join("public");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_site(&link, &[page("index.html", "hi")]).unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
        assert_eq!(std::fs::read(target.join("index.html")).unwrap(), b"hi");
    }

    #[test]
    fn a_killed_builds_leftovers_are_removed_and_a_moved_site_comes_back() {
        let tmp = tempfile::tempdir().unwrap();
        // A process id that is not running: the kernel's pid_max is below this.
        let dead = 4_194_304 + 7;
        let fresh = tmp.path().join(temp_name("public", "new", dead));
        write_tree(&fresh, &[page("half.html", "x")]).unwrap();
        let old = tmp.path().join(temp_name("public", "old", dead));
        write_tree(&old, &[page("index.html", "last good")]).unwrap();
        // Not ours (no marker): left alone, unless empty.
        let foreign = tmp.path().join(temp_name("public", "new", dead + 1));
        std::fs::create_dir(&foreign).unwrap();
        std::fs::write(foreign.join("x"), "").unwrap();
        let empty = tmp.path().join(temp_name("public", "new", dead + 2));
        std::fs::create_dir(&empty).unwrap();
        let out = tmp.path().join("public");
        recover(tmp.path(), "public", &out).unwrap();
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"last good");
        assert!(!fresh.exists());
        assert!(!empty.exists());
        assert!(foreign.exists());
    }

    #[cfg(unix)]
    #[test]
    fn removing_a_tree_removes_deep_entries_and_links_but_never_what_links_point_to() {
        let tmp = tempfile::tempdir().unwrap();
        let kept = tmp.path().join("kept");
        std::fs::create_dir(&kept).unwrap();
        std::fs::write(kept.join("file"), "mine").unwrap();
        let tree = tmp.path().join("tree");
        let pages: Vec<Page> = (0..40)
            .map(|i| page(&format!("d{}/e{i}/index.html", i % 3), "x"))
            .collect();
        write_tree(&tree, &pages).unwrap();
        std::os::unix::fs::symlink(&kept, tree.join("d0/to-dir")).unwrap();
        std::os::unix::fs::symlink(kept.join("file"), tree.join("to-file")).unwrap();
        remove_ours(&tree).unwrap();
        assert!(!tree.exists());
        assert_eq!(std::fs::read(kept.join("file")).unwrap(), b"mine");
    }

    fn protected(root: &Path) -> Vec<Protected> {
        let mut v = vec![Protected {
            path: root.to_path_buf(),
            what: "the dossier's root".into(),
            may_hold_output: true,
        }];
        for d in ["content", "templates"] {
            v.push(Protected {
                path: root.join(d),
                what: format!("{d}/"),
                may_hold_output: false,
            });
        }
        v
    }

    #[test]
    fn refuses_the_sources_even_with_force() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("d");
        std::fs::create_dir_all(root.join("content/briefings")).unwrap();
        let p = protected(&root);
        for (out, what, how) in [
            (root.clone(), "the dossier's root", Overlap::Is),
            (
                tmp.path().to_path_buf(),
                "the dossier's root",
                Overlap::Holds,
            ),
            (root.join("content"), "content/", Overlap::Is),
            (root.join("content/briefings"), "content/", Overlap::Inside),
            (root.join("content/new-dir"), "content/", Overlap::Inside),
            (root.join("templates"), "templates/", Overlap::Is),
        ] {
            assert_eq!(
                check_target(&out, &p, true),
                Err(Refusal::Sources {
                    what: what.into(),
                    how
                }),
                "{}",
                out.display()
            );
        }
        assert_eq!(check_target(&root.join("public"), &p, false), Ok(()));
        assert_eq!(check_target(&root.join("site/out"), &p, false), Ok(()));
    }

    #[test]
    fn replaces_only_empty_or_marked_directories() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("d");
        std::fs::create_dir_all(&root).unwrap();
        let p = protected(&root);
        let notes = tmp.path().join("notes");
        std::fs::create_dir(&notes).unwrap();
        assert_eq!(check_target(&notes, &p, false), Ok(()));
        std::fs::write(notes.join("todo.txt"), "todo").unwrap();
        assert_eq!(
            check_target(&notes, &p, false),
            Err(Refusal::NotOurs {
                example: notes.join("todo.txt")
            })
        );
        assert_eq!(check_target(&notes, &p, true), Ok(()));
        std::fs::write(notes.join(MARKER), "").unwrap();
        assert_eq!(check_target(&notes, &p, false), Ok(()));
        std::fs::create_dir(notes.join(".git")).unwrap();
        assert_eq!(check_target(&notes, &p, true), Err(Refusal::Repository));
        let file = tmp.path().join("file");
        std::fs::write(&file, "").unwrap();
        assert_eq!(check_target(&file, &p, true), Err(Refusal::NotADirectory));
    }
}
