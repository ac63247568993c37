//! `dossier serve`: a live preview that rebuilds what an edit touches.
//!
//! Three parts run together: a file watcher (`watch`) that turns an
//! editor's save into one batch of changes, a rebuild loop on its own
//! thread that feeds each batch to an incremental build session (`site`)
//! and publishes the result, and an HTTP server (`http`) that serves the
//! last good site from memory and pushes "reload", "css" and "build-error"
//! messages to open pages over Server-Sent Events. The site is held as
//! `served::SiteMap`, whose data files are made on their first request so
//! that the reload does not wait for them. Pages go the same way (fast
//! render, as in Hugo's server): the reload waits only for the pages open
//! in a browser, the rebuild thread renders the others an edit touched
//! right after it, and a request for one of those waits for them. Nothing
//! is written to disk, so a published `public/` is never touched. Like the
//! rest of the library this prints nothing: it reports what happens through
//! a callback and `main.rs` decides what to show.

pub mod http;
mod kept;
pub mod served;
pub mod site;
pub mod watch;

use std::collections::HashSet;
use std::net::{SocketAddr, TcpListener, ToSocketAddrs};
use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch as tokio_watch;

use crate::build::{BuildOptions, Failure};
use crate::diag::Diagnostic;
use http::{App, Message, Snapshot};
use site::{Built, Changes, Session};

/// What the user asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    pub interface: String,
    pub port: u16,
    /// Open the site in the default browser once it is served.
    pub open: bool,
    /// Poll the file system at this interval instead of waiting for events.
    pub poll: Option<Duration>,
    /// How long the watcher waits for a burst of events to end.
    pub debounce: Duration,
    /// Fast render: the reload waits for the pages open in a browser
    /// alone, the others an edit touched are rendered after it.
    pub fast_render: bool,
}

impl ServeOptions {
    pub fn new(build: BuildOptions) -> ServeOptions {
        ServeOptions {
            build,
            interface: "127.0.0.1".into(),
            port: 1111,
            open: false,
            poll: None,
            debounce: DEFAULT_DEBOUNCE,
            fast_render: true,
        }
    }
}

/// How long the watcher holds a file event before it is acted on (see
/// `watch`): the rebuild starts this long after the first event of a
/// save, plus up to a quarter of it. Editors write a whole file, or write
/// one and rename it over the original, within a millisecond or two; a
/// rebuild reads the files as they are when it starts, and an event that
/// comes later starts another one (which finds nothing new).
pub const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(10);
/// How often `--poll` looks at the files.
pub const DEFAULT_POLL: Duration = Duration::from_millis(250);

/// What happened, for the caller to show.
pub enum Event<'a> {
    /// The site is served at `url`.
    Listening {
        url: &'a str,
        watching: &'a [PathBuf],
        polling: bool,
    },
    /// A build succeeded. `cause` names the changed files (empty for the
    /// first build); `latency` runs from the first file event of the burst
    /// to the message sent to open pages.
    Built {
        built: &'a Built,
        cause: &'a [PathBuf],
        latency: Option<Duration>,
    },
    /// The pages a rebuild left for after the reload (fast render) were
    /// rendered and are served. `latency` runs from the first file event
    /// of the burst to the message sent to open pages.
    Finished { built: &'a Built, latency: Duration },
    /// A build failed; the last good site is still served.
    Failed {
        diagnostics: &'a [Diagnostic],
        cause: &'a [PathBuf],
    },
    /// Something worth telling that is not a build (cannot open a browser).
    Note(&'a str),
    /// Something the user should act on: the preview is reachable from the
    /// network (an interface other than loopback).
    Warning(&'a str),
}

/// Why `serve` could not start or had to stop.
#[derive(Debug)]
pub enum ServeError {
    /// The port is taken; `free` is a nearby one that was free.
    PortInUse { addr: String, free: Option<u16> },
    /// Any other problem, said in a sentence.
    Other(String),
}

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServeError::PortInUse { addr, free } => {
                write!(f, "cannot listen on {addr}: the address is already in use")?;
                match free {
                    Some(p) => write!(
                        f,
                        "\n  = help: port {p} is free: try `dossier serve --port {p}`"
                    ),
                    None => write!(f, "\n  = help: choose another port with `--port`"),
                }
            }
            ServeError::Other(m) => f.write_str(m),
        }
    }
}

fn bind(interface: &str, port: u16) -> Result<TcpListener, ServeError> {
    let addrs: Vec<SocketAddr> = (interface, port)
        .to_socket_addrs()
        .map_err(|e| ServeError::Other(format!("cannot use interface `{interface}`: {e}")))?
        .collect();
    let addr = *addrs
        .first()
        .ok_or_else(|| ServeError::Other(format!("interface `{interface}` has no address")))?;
    match TcpListener::bind(addr) {
        Ok(l) => Ok(l),
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
            let free = (1..=20u16)
                .filter_map(|i| port.checked_add(i))
                .find(|&p| TcpListener::bind(SocketAddr::new(addr.ip(), p)).is_ok());
            Err(ServeError::PortInUse {
                addr: addr.to_string(),
                free,
            })
        }
        Err(e) => Err(ServeError::Other(format!("cannot listen on {addr}: {e}"))),
    }
}

/// The diagnostics of a failed build as the overlay shows them: the same
/// text as the terminal, plus each location.
pub fn error_json(f: &Failure) -> String {
    let text = f
        .diagnostics
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n\n");
    serde_json::json!({
        "text": text,
        "diagnostics": f.diagnostics.iter().map(|d| serde_json::json!({
            "severity": d.severity, "file": d.file, "line": d.line, "column": d.column,
            "message": d.message, "help": d.help, "location": d.location(),
        })).collect::<Vec<_>>(),
    })
    .to_string()
}

/// The URL path of an output path: `briefings/x/index.html` → `/base/briefings/x/`.
pub fn url_path(base_path: &str, path: &str) -> String {
    crate::route::url_of_path(base_path, path)
}

fn open_browser(url: &str) -> std::io::Result<()> {
    let mut cmd = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    cmd.arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(|_| ())
}

/// Builds, serves and watches until Ctrl-C (or SIGTERM).
pub fn run<F>(opts: ServeOptions, report: F) -> Result<(), ServeError>
where
    F: Fn(Event<'_>) + Send + Sync + 'static,
{
    let abs = |p: &std::path::Path| {
        std::path::absolute(p)
            .map_err(|e| ServeError::Other(format!("cannot resolve {}: {e}", p.display())))
    };
    let mut build = opts.build.clone();
    build.root = abs(&build.root)?;
    build.config = Some(abs(&opts.build.config_path())?);

    let listener = bind(&opts.interface, opts.port)?;
    let local = listener
        .local_addr()
        .map_err(|e| ServeError::Other(format!("cannot read the bound address: {e}")))?;
    let host = match local.ip() {
        std::net::IpAddr::V6(ip) => format!("[{ip}]"),
        std::net::IpAddr::V4(ip) => ip.to_string(),
    };
    let base_url = build
        .base_url
        .clone()
        .unwrap_or_else(|| format!("http://{host}:{}/", local.port()));
    let (base_url, base_path) = crate::config::normalize_base_url(&base_url)
        .map_err(|m| ServeError::Other(format!("--base-url: {m}")))?;
    build.base_url = Some(base_url.clone());
    let config_path = build.config_path();
    let root = build.root.clone();

    // The first build, before anything is served.
    let report = Arc::new(report);
    let mut session = Session::new(build);
    let (stop_tx, stop_rx) = tokio_watch::channel(false);
    let mut error = None;
    match session.rebuild(&Changes::everything()) {
        Ok(built) => report(Event::Built {
            built: &built,
            cause: &[],
            latency: None,
        }),
        Err(f) => {
            report(Event::Failed {
                diagnostics: &f.diagnostics,
                cause: &[],
            });
            error = Some(Arc::from(error_json(&f)));
        }
    }
    let app = Arc::new(App::new(
        Snapshot {
            site: session.site(),
            generation: 1,
            error,
            pending: None,
        },
        base_path.clone(),
        stop_rx,
    ));

    // Watch, and rebuild on a thread of its own (rendering uses rayon).
    let (tx, rx) = mpsc::channel();
    let poll = opts.poll;
    let fast = opts.fast_render;
    let mut watcher = watch::Watcher::start(&root, &config_path, poll, opts.debounce, tx)
        .map_err(|m| {
            ServeError::Other(format!(
                "{m}\n  = help: on file systems without change events (Docker volumes, WSL, network drives) use `--poll`"
            ))
        })?;
    let watching = watcher.watched().to_vec();
    {
        let app = app.clone();
        let report = report.clone();
        std::thread::Builder::new()
            .name("dossier-rebuild".into())
            .spawn(move || rebuild_loop(rx, &mut session, &mut watcher, &app, fast, &*report))
            .map_err(|e| ServeError::Other(format!("cannot start the rebuild thread: {e}")))?;
    }

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| ServeError::Other(format!("cannot start the server: {e}")))?;
    runtime.block_on(async move {
        listener
            .set_nonblocking(true)
            .map_err(|e| ServeError::Other(e.to_string()))?;
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|e| ServeError::Other(e.to_string()))?;
        let url = format!("http://{host}:{}{base_path}", local.port());
        report(Event::Listening {
            url: &url,
            watching: &watching,
            polling: poll.is_some(),
        });
        if !local.ip().is_loopback() {
            report(Event::Warning(&format!(
                "the preview listens on {host}, not on loopback: anyone who can reach this \
                 machine on port {} can read it{}; use `--interface 127.0.0.1` (the default) \
                 to keep it to this machine",
                local.port(),
                if opts.build.drafts {
                    ", drafts included"
                } else {
                    ""
                }
            )));
        }
        if opts.open {
            if let Err(e) = open_browser(&url) {
                report(Event::Note(&format!("cannot open a browser: {e}")));
            }
        }
        let router = http::router(app.clone());
        axum::serve(listener, router)
            .with_graceful_shutdown(async move {
                stop_signal().await;
                let _ = stop_tx.send(true);
            })
            .await
            .map_err(|e| ServeError::Other(format!("the server stopped: {e}")))
    })
}

async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

fn rebuild_loop(
    rx: mpsc::Receiver<watch::Batch>,
    session: &mut Session,
    watcher: &mut watch::Watcher,
    app: &App,
    fast: bool,
    report: &(dyn Fn(Event<'_>) + Send + Sync),
) {
    // A rescan the last rebuild's check asked for, or the next burst.
    let mut rescan: Option<watch::Batch> = None;
    while let Some(mut batch) = rescan.take().or_else(|| rx.recv().ok()) {
        // Fold in whatever else arrived meanwhile: one rebuild for all.
        while let Ok(more) = rx.try_recv() {
            batch.changes.merge(more.changes);
            for p in more.paths {
                if !batch.paths.contains(&p) {
                    batch.paths.push(p);
                }
            }
            batch.first = batch.first.min(more.first);
        }
        if let Err(m) = watcher.watch_new_dirs() {
            report(Event::Note(&m));
        }
        // The pages open now are rendered before the reload; a page opened
        // during the rebuild waits for the finish below.
        let open = fast.then(|| site::Open {
            paths: app.open_pages(),
            render_all_up_to: site::RENDER_ALL_UP_TO,
        });
        let result = session.rebuild_open(&batch.changes, open.as_ref());
        match result {
            Ok(built) => {
                publish(app, &built);
                report(Event::Built {
                    built: &built,
                    cause: &batch.paths,
                    latency: Some(batch.first.elapsed()),
                });
            }
            Err(f) => failed(app, &f, &batch.paths, report),
        }
        // The pages left for after the reload, before the next batch: a
        // batch is always rebuilt from a finished site.
        match session.finish() {
            Some(Ok(built)) => {
                publish(app, &built);
                report(Event::Finished {
                    built: &built,
                    latency: batch.first.elapsed(),
                });
            }
            Some(Err(f)) => failed(app, &f, &batch.paths, report),
            None => {}
        }
        // Events can be missed or merged: when the files on disk differ
        // from those read and no burst is waiting, look at every file.
        if rescan.is_none() && session.drifted() {
            rescan = Some(watch::Batch {
                changes: Changes {
                    rescan: true,
                    ..Changes::default()
                },
                paths: Vec::new(),
                first: std::time::Instant::now(),
            });
        }
    }
}

/// Serves the site of a good build (with its pending pages, if any) and
/// tells the open pages what changed.
fn publish(app: &App, built: &Built) {
    let old = app.snapshot();
    let nothing_new = built.changed.is_empty();
    let generation = if nothing_new {
        old.generation
    } else {
        old.generation + 1
    };
    let css_only = !nothing_new && built.changed.iter().all(|p| p.ends_with(".css"));
    let pending = (!built.pending.is_empty())
        .then(|| Arc::new(built.pending.iter().cloned().collect::<HashSet<String>>()));
    app.publish(Snapshot {
        site: built.site.clone(),
        generation,
        error: None,
        pending,
    });
    // A good build after a failure clears the overlays even when no page
    // changed.
    if !nothing_new || old.error.is_some() {
        let msg = if css_only {
            Message::Css {
                urls: (built.changed.iter())
                    .map(|p| url_path(&app.base_path, p))
                    .collect(),
                generation,
            }
        } else {
            Message::Reload {
                paths: built.changed.clone().into(),
                generation,
            }
        };
        let _ = app.messages.send(msg);
    }
}

/// Keeps the last good site served, with the failure shown over it. Pages
/// left for later stay as they were: there are no new bytes for them.
fn failed(app: &App, f: &Failure, cause: &[PathBuf], report: &(dyn Fn(Event<'_>) + Send + Sync)) {
    let old = app.snapshot();
    let json: Arc<str> = Arc::from(error_json(f));
    app.publish(Snapshot {
        site: old.site.clone(),
        generation: old.generation,
        error: Some(json.clone()),
        pending: None,
    });
    let _ = app.messages.send(Message::Error(json));
    report(Event::Failed {
        diagnostics: &f.diagnostics,
        cause,
    });
}
