//! Watching the dossier's files and sorting events by what they touch.
//!
//! Events go through notify-debouncer-full, which merges an editor's burst
//! (temp file written, renamed over the original, backup removed) into one
//! batch; each batch becomes one rebuild. It holds each event for the
//! debounce time and looks every quarter of it for the events that have
//! waited that long: a rebuild starts 10 to 12.5 ms after the first event
//! with the default of 10 ms. A burst that straddles two looks gives two
//! batches; the second comes while or after the first is rebuilt, and
//! the rebuild it starts finds the files as the first read them. Names editors use for swap,
//! backup and probe files (`.x.swp`, `x~`, `4913`, `.#x`) are ignored, and
//! so is anything outside `content/`, `templates/`, `static/`, `themes/` and
//! the configuration file.

use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, EventKind};
use notify::{PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    new_debouncer, new_debouncer_opt, DebounceEventResult, Debouncer, NoCache, RecommendedCache,
};

use super::site::Changes;

/// The directories under the dossier's root that are watched.
pub const WATCHED_DIRS: &[&str] = &["content", "templates", "static", "themes"];

/// One debounced burst of file events.
#[derive(Debug)]
pub struct Batch {
    pub changes: Changes,
    /// The files named, relative to the root where possible, for messages.
    pub paths: Vec<PathBuf>,
    /// When the first event of the burst happened.
    pub first: Instant,
}

/// Whether a file name is an editor's swap, backup or probe file.
pub fn is_editor_noise(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name == "4913"
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
}

/// What a changed path means for the build, if anything.
pub fn classify(root: &Path, config: &Path, path: &Path, changes: &mut Changes) -> bool {
    if path == config {
        changes.config = true;
        return true;
    }
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let parts: Vec<&str> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect();
    let Some(first) = parts.first() else {
        return false;
    };
    if parts.iter().skip(1).any(|p| is_editor_noise(p)) {
        return false;
    }
    match *first {
        "content" => {
            // A `.md` file, or a directory (created, removed, renamed: its
            // files are not named one by one, so every file is looked at).
            let ext = path.extension().and_then(|e| e.to_str());
            if ext == Some("md") || ext.is_none() {
                changes.content.push(path.to_path_buf());
                changes.rescan |= ext.is_none();
                true
            } else {
                false
            }
        }
        "templates" | "static" | "themes" => {
            changes.theme = true;
            true
        }
        _ => false,
    }
}

enum Inner {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    Poll(Debouncer<PollWatcher, NoCache>),
}

impl Inner {
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match self {
            Inner::Native(d) => d.watch(path, mode),
            Inner::Poll(d) => d.watch(path, mode),
        }
    }
}

/// The running watcher; dropping it stops watching.
pub struct Watcher {
    inner: Inner,
    root: PathBuf,
    watched: Vec<PathBuf>,
}

impl Watcher {
    /// Starts watching `root` (and `config` when it lies outside `root`);
    /// every batch is sent to `tx`.
    pub fn start(
        root: &Path,
        config: &Path,
        poll: Option<Duration>,
        debounce: Duration,
        tx: Sender<Batch>,
    ) -> Result<Watcher, String> {
        let (r, c) = (root.to_path_buf(), config.to_path_buf());
        let handler = move |res: DebounceEventResult| {
            let Ok(events) = res else {
                // Errors (a watch lost, a queue overflow): rebuild everything.
                let _ = tx.send(Batch {
                    changes: Changes::everything(),
                    paths: Vec::new(),
                    first: Instant::now(),
                });
                return;
            };
            let mut changes = Changes::default();
            let mut paths = Vec::new();
            let mut first: Option<Instant> = None;
            for e in &events {
                let relevant = match e.kind {
                    EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
                    EventKind::Access(_) => false,
                    _ => true,
                };
                if !relevant {
                    continue;
                }
                // The platform says events were lost: look at every file.
                if e.need_rescan() {
                    changes.rescan = true;
                    first = Some(first.map_or(e.time, |f: Instant| f.min(e.time)));
                }
                let mut hit = false;
                for p in &e.paths {
                    if classify(&r, &c, p, &mut changes) {
                        hit = true;
                        let shown = crate::diag::display_path(&r, p);
                        if !paths.contains(&shown) {
                            paths.push(shown);
                        }
                    }
                }
                if hit {
                    first = Some(first.map_or(e.time, |f: Instant| f.min(e.time)));
                }
            }
            if !changes.is_empty() {
                let _ = tx.send(Batch {
                    changes,
                    paths,
                    first: first.unwrap_or_else(Instant::now),
                });
            }
        };
        let fail = |e: notify::Error| format!("cannot watch {}: {e}", root.display());
        let inner = match poll {
            None => Inner::Native(new_debouncer(debounce, None, handler).map_err(fail)?),
            Some(every) => Inner::Poll(
                new_debouncer_opt::<_, PollWatcher, NoCache>(
                    debounce,
                    None,
                    handler,
                    NoCache,
                    notify::Config::default().with_poll_interval(every),
                )
                .map_err(fail)?,
            ),
        };
        let mut w = Watcher {
            inner,
            root: root.to_path_buf(),
            watched: Vec::new(),
        };
        w.inner
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(fail)?;
        if let Some(parent) = config.parent().filter(|p| *p != root) {
            w.inner
                .watch(parent, RecursiveMode::NonRecursive)
                .map_err(fail)?;
        }
        w.watch_new_dirs()?;
        Ok(w)
    }

    /// Watches the dossier's directories that exist now and were not
    /// watched yet (a `templates/` created while serving).
    pub fn watch_new_dirs(&mut self) -> Result<(), String> {
        for d in WATCHED_DIRS {
            let dir = self.root.join(d);
            if dir.is_dir() && !self.watched.contains(&dir) {
                self.inner
                    .watch(&dir, RecursiveMode::Recursive)
                    .map_err(|e| format!("cannot watch {}: {e}", dir.display()))?;
                self.watched.push(dir);
            }
        }
        Ok(())
    }

    /// The directories watched recursively.
    pub fn watched(&self) -> &[PathBuf] {
        &self.watched
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_paths_by_kind_and_ignores_editor_files() {
        let root = Path::new("/d");
        let config = Path::new("/d/dossier.yaml");
        let mut c = Changes::default();
        assert!(classify(root, config, Path::new("/d/dossier.yaml"), &mut c));
        assert!(c.config);
        let mut c = Changes::default();
        assert!(classify(
            root,
            config,
            Path::new("/d/content/briefings/a.md"),
            &mut c
        ));
        assert!(classify(
            root,
            config,
            Path::new("/d/content/briefings"),
            &mut c
        ));
        assert_eq!(c.content.len(), 2);
        assert!(!c.theme && !c.config);
        for noise in [
            "/d/content/briefings/.a.md.swp",
            "/d/content/briefings/a.md~",
            "/d/content/briefings/4913",
            "/d/content/briefings/.#a.md",
            "/d/content/briefings/a.md.tmp",
            "/d/public/index.html",
            "/d/target/x",
            "/elsewhere/content/a.md",
        ] {
            let mut c = Changes::default();
            assert!(!classify(root, config, Path::new(noise), &mut c), "{noise}");
            assert!(c.is_empty());
        }
        let mut c = Changes::default();
        assert!(classify(
            root,
            config,
            Path::new("/d/themes/default/static/style.css"),
            &mut c
        ));
        assert!(c.theme);
    }
}
