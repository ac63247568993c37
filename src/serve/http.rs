//! The HTTP side of `serve`: the last good site from memory, the reload
//! channel, and nothing else.
//!
//! Requests are answered from the in-memory site (output path → bytes), so
//! no request touches the file system: a path is looked up, never joined to
//! a directory. Paths with `..`, `.`, backslashes, NUL, empty segments or a
//! leading slash (after percent-decoding) are refused with the theme's 404
//! page before any lookup. HTML responses get the reload script injected
//! before `</body>`; the site itself never contains it.
//!
//! Each open page names itself on the reload channel (`?page=`), so the
//! rebuild loop knows which pages to render before the reload (fast
//! render); a request for a page still to render waits for it.

use std::collections::{HashMap, HashSet};
use std::convert::Infallible;
use std::sync::{Arc, Mutex, RwLock};

use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use futures_util::stream::{self, Stream, StreamExt};
use tokio::sync::{broadcast, watch};
use tokio_stream::wrappers::BroadcastStream;

use super::site::SiteMap;
use crate::route::NOT_FOUND;

/// The path of the reload channel (Server-Sent Events), at the server's root.
pub const EVENTS_PATH: &str = "/__dossier/events";

const CLIENT_JS: &str = include_str!("client.js");

/// What the server is serving now.
pub struct Snapshot {
    pub site: Arc<SiteMap>,
    /// Bumped at every good build that changed something.
    pub generation: u64,
    /// The failed build's diagnostics (JSON), while the build is broken.
    pub error: Option<Arc<str>>,
    /// Pages the site holds old bytes of (or none), to be rendered after
    /// the reload (fast render): a request for one waits for the next
    /// snapshot.
    pub pending: Option<Arc<HashSet<String>>>,
}

impl Snapshot {
    fn is_pending(&self, path: &str) -> bool {
        self.pending.as_ref().is_some_and(|p| p.contains(path))
    }
}

/// A message to every open page.
#[derive(Clone, Debug)]
pub enum Message {
    /// These output paths changed; pages showing one of them reload.
    Reload {
        paths: Arc<[String]>,
        generation: u64,
    },
    /// Only stylesheets changed: swap them in place (URL paths).
    Css {
        urls: Arc<[String]>,
        generation: u64,
    },
    /// The build failed: show the diagnostics (JSON).
    Error(Arc<str>),
}

impl Message {
    fn to_sse(&self) -> SseEvent {
        match self {
            Message::Reload { paths, generation } => SseEvent::default()
                .event("reload")
                .data(serde_json::json!({"paths": &**paths, "generation": generation}).to_string()),
            Message::Css { urls, generation } => SseEvent::default()
                .event("css")
                .data(serde_json::json!({"urls": &**urls, "generation": generation}).to_string()),
            Message::Error(json) => SseEvent::default().event("build-error").data(&**json),
        }
    }
}

/// Shared between the HTTP handlers and the rebuild loop.
pub struct App {
    pub snapshot: RwLock<Arc<Snapshot>>,
    pub messages: broadcast::Sender<Message>,
    /// Starts with `/` and ends with `/`: where the site lives on this server.
    pub base_path: String,
    /// Turns true when the server shuts down, ending the event streams.
    pub shutdown: watch::Receiver<bool>,
    /// The pages open in a browser (output paths), with how many
    /// connections show each.
    pub open: Mutex<HashMap<String, usize>>,
    /// Bumped whenever a snapshot is published: requests for a pending
    /// page wait on it.
    pub published: watch::Sender<u64>,
}

impl App {
    pub fn new(snapshot: Snapshot, base_path: String, shutdown: watch::Receiver<bool>) -> App {
        App {
            snapshot: RwLock::new(Arc::new(snapshot)),
            messages: broadcast::channel(64).0,
            base_path,
            shutdown,
            open: Mutex::default(),
            published: watch::Sender::new(0),
        }
    }

    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.snapshot.read().expect("not poisoned").clone()
    }

    /// Serves `snapshot` from now on.
    pub fn publish(&self, snapshot: Snapshot) {
        *self.snapshot.write().expect("not poisoned") = Arc::new(snapshot);
        self.published.send_modify(|n| *n += 1);
    }

    /// The pages open now.
    pub fn open_pages(&self) -> HashSet<String> {
        let open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        open.keys().cloned().collect()
    }
}

/// A page open on a reload channel: counted while the stream lives.
struct OpenPage {
    app: Arc<App>,
    page: String,
}

impl OpenPage {
    fn new(app: Arc<App>, page: String) -> OpenPage {
        let mut open = app.open.lock().unwrap_or_else(|e| e.into_inner());
        *open.entry(page.clone()).or_default() += 1;
        drop(open);
        OpenPage { app, page }
    }
}

impl Drop for OpenPage {
    fn drop(&mut self) {
        let mut open = self.app.open.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = open.get_mut(&self.page) {
            *n -= 1;
            if *n == 0 {
                open.remove(&self.page);
            }
        }
    }
}

pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(events))
        .fallback(get(page))
        .with_state(app)
}

async fn events(
    State(app): State<Arc<App>>,
    Query(query): Query<HashMap<String, String>>,
) -> Sse<impl Stream<Item = Result<SseEvent, Infallible>>> {
    // The page this channel's browser shows, while the channel lives.
    let open = query
        .get("page")
        .map(|p| OpenPage::new(app.clone(), p.clone()));
    let rx = app.messages.subscribe();
    let snap = app.snapshot();
    let mut first = vec![SseEvent::default()
        .event("hello")
        .data(serde_json::json!({"generation": snap.generation}).to_string())];
    if let Some(err) = &snap.error {
        first.push(Message::Error(err.clone()).to_sse());
    }
    let live = BroadcastStream::new(rx).map(move |m| match m {
        Ok(m) => {
            // The stream owns the page's entry: it leaves the open pages
            // when the stream is dropped (the browser went away).
            let _owned = &open;
            m.to_sse()
        }
        // Missed messages: have every page reload.
        Err(_) => SseEvent::default()
            .event("hello")
            .data(r#"{"generation":-1}"#),
    });
    let mut shutdown = app.shutdown.clone();
    let stop = async move {
        let _ = shutdown.wait_for(|s| *s).await;
    };
    let stream = stream::iter(first)
        .chain(live)
        .map(Ok)
        .take_until(Box::pin(stop));
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// The site path a request asks for, or None when it must not be served.
pub fn resolve(base_path: &str, raw: &str) -> Option<String> {
    let rest = raw.strip_prefix(base_path)?;
    let decoded = percent_encoding::percent_decode_str(rest)
        .decode_utf8()
        .ok()?;
    if decoded.starts_with('/')
        || decoded.contains('\\')
        || decoded.contains('\0')
        || decoded.contains(':')
    {
        return None;
    }
    let trimmed = decoded.strip_suffix('/').unwrap_or(&decoded);
    if !trimmed.is_empty()
        && trimmed
            .split('/')
            .any(|seg| seg.is_empty() || seg == "." || seg == "..")
    {
        return None;
    }
    Some(if decoded.is_empty() || decoded.ends_with('/') {
        format!("{decoded}index.html")
    } else {
        decoded.into_owned()
    })
}

/// The Content-Type for an output path.
pub fn content_type(path: &str) -> String {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8".into(),
        "css" => "text/css; charset=utf-8".into(),
        "js" | "mjs" => "text/javascript; charset=utf-8".into(),
        "json" => "application/json".into(),
        "xml" => "application/xml".into(),
        "atom" => "application/atom+xml".into(),
        "rss" => "application/rss+xml".into(),
        "txt" => "text/plain; charset=utf-8".into(),
        "csv" => "text/csv; charset=utf-8".into(),
        "svg" => "image/svg+xml".into(),
        _ => mime_guess::from_path(path)
            .first_or_octet_stream()
            .essence_str()
            .to_string(),
    }
}

/// The reload script, ready to go before `</body>`.
pub fn reload_script(page: &str, generation: u64, missing: bool) -> String {
    let attr = |s: &str| {
        s.replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('<', "&lt;")
    };
    format!(
        "<script data-dossier-serve data-page=\"{}\" data-generation=\"{generation}\" data-missing=\"{}\" data-events=\"{EVENTS_PATH}\">{CLIENT_JS}</script>\n",
        attr(page),
        if missing { "1" } else { "0" },
    )
}

/// `html` with the reload script before its last `</body>` (or at the end).
pub fn inject(html: &[u8], script: &str) -> Vec<u8> {
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + script.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn respond(status: StatusCode, path: &str, body: Bytes) -> Response {
    let mut r = (status, Body::from(body)).into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&content_type(path)).expect("ascii"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}

const NO_SITE_YET: &str = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>dossier serve</title></head>\n<body><p>The dossier does not build yet. The errors are shown here and in the terminal; this page reloads when they are fixed.</p>\n</body></html>\n";

/// The snapshot to answer a request for `path` from: the current one, or,
/// if `path` (or its `index.html`) is still to be rendered, the next that
/// has it. Never stale bytes.
async fn snapshot_for(app: &App, path: Option<&str>) -> Arc<Snapshot> {
    let mut published = app.published.subscribe();
    loop {
        let snap = app.snapshot();
        let waits =
            path.is_some_and(|p| snap.is_pending(p) || snap.is_pending(&format!("{p}/index.html")));
        if !waits || published.changed().await.is_err() {
            return snap;
        }
    }
}

async fn page(State(app): State<Arc<App>>, uri: Uri) -> Response {
    let raw = uri.path();
    let resolved = resolve(&app.base_path, raw);
    let snap = snapshot_for(&app, resolved.as_deref()).await;
    if let Some(path) = resolved {
        // A data file not made yet is made off the async threads.
        let found = if snap.site.is_pending(&path) {
            let (site, p) = (snap.site.clone(), path.clone());
            tokio::task::spawn_blocking(move || site.get(&p))
                .await
                .unwrap_or_else(|e| Some(Err(Arc::from(e.to_string()))))
        } else {
            snap.site.get(&path)
        };
        match found {
            Some(Ok(bytes)) => {
                let body = if path.ends_with(".html") {
                    Bytes::from(inject(
                        &bytes,
                        &reload_script(&path, snap.generation, false),
                    ))
                } else {
                    bytes
                };
                return respond(StatusCode::OK, &path, body);
            }
            Some(Err(e)) => {
                let text = Bytes::from(format!("{e}\n"));
                return respond(StatusCode::INTERNAL_SERVER_ERROR, "error.txt", text);
            }
            None => {}
        }
        // `briefings/x` → `briefings/x/`, as static servers do.
        if !path.ends_with(".html") && snap.site.contains_key(&format!("{path}/index.html")) {
            let mut to = format!("{raw}/");
            if let Some(q) = uri.query() {
                to.push('?');
                to.push_str(q);
            }
            return redirect(&to);
        }
    } else if format!("{raw}/") == app.base_path {
        return redirect(&app.base_path);
    }
    let snap = if snap.is_pending(NOT_FOUND) {
        snapshot_for(&app, Some(NOT_FOUND)).await
    } else {
        snap
    };
    not_found(&snap)
}

fn redirect(to: &str) -> Response {
    match HeaderValue::from_str(to) {
        Ok(v) => {
            let mut r = StatusCode::PERMANENT_REDIRECT.into_response();
            r.headers_mut().insert(header::LOCATION, v);
            r.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            r
        }
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

fn not_found(snap: &Snapshot) -> Response {
    let script = reload_script(NOT_FOUND, snap.generation, true);
    match snap.site.get(NOT_FOUND) {
        Some(Ok(bytes)) => respond(
            StatusCode::NOT_FOUND,
            NOT_FOUND,
            Bytes::from(inject(&bytes, &script)),
        ),
        None if snap.site.is_empty() => respond(
            StatusCode::SERVICE_UNAVAILABLE,
            "index.html",
            Bytes::from(inject(NO_SITE_YET.as_bytes(), &script)),
        ),
        _ => respond(
            StatusCode::NOT_FOUND,
            "404.txt",
            Bytes::from_static(b"404 Not Found\n"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_safe_paths_only() {
        let r = |p: &str| resolve("/", p);
        assert_eq!(r("/").as_deref(), Some("index.html"));
        assert_eq!(
            r("/briefings/x/").as_deref(),
            Some("briefings/x/index.html")
        );
        assert_eq!(r("/style.css").as_deref(), Some("style.css"));
        assert_eq!(r("/a%20b.txt").as_deref(), Some("a b.txt"));
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/a/../../x",
            "/..%5c..%5cwindows",
            "/a\\b",
            "//etc/passwd",
            "/%2fetc/passwd",
            "/C:/x",
            "/a/./b",
            "/%00",
            "/%ff",
        ] {
            assert_eq!(r(bad), None, "{bad}");
        }
        assert_eq!(resolve("/sub/", "/x/"), None);
        assert_eq!(resolve("/sub/", "/sub/x/").as_deref(), Some("x/index.html"));
    }

    /// A request for a page still to render (fast render) waits for the
    /// snapshot that has it, and gets its new bytes, never the old.
    #[test]
    fn a_pending_page_waits_for_its_new_bytes() {
        let site = |text: &'static str| {
            let mut s = SiteMap::default();
            s.put("a/index.html", Bytes::from_static(text.as_bytes()));
            s.put("b/index.html", Bytes::from_static(b"<body>b</body>"));
            Arc::new(s)
        };
        let (_stop, shutdown) = watch::channel(false);
        let app = Arc::new(App::new(
            Snapshot {
                site: site("<body>old</body>"),
                generation: 2,
                error: None,
                pending: Some(Arc::new(HashSet::from(["a/index.html".to_string()]))),
            },
            "/".into(),
            shutdown,
        ));
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let port = listener.local_addr().unwrap().port();
            let server = router(app.clone());
            tokio::spawn(async move { axum::serve(listener, server).await });
            let get = |path: &'static str| {
                tokio::task::spawn_blocking(move || {
                    use std::io::{Read, Write};
                    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
                    write!(
                        s,
                        "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    )
                    .unwrap();
                    let mut out = String::new();
                    s.read_to_string(&mut out).unwrap();
                    out
                })
            };
            // A page not pending is served at once.
            assert!(get("/b/").await.unwrap().contains("<body>b"));
            let a = get("/a/");
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            assert!(!a.is_finished(), "served before the finish");
            app.publish(Snapshot {
                site: site("<body>new</body>"),
                generation: 3,
                error: None,
                pending: None,
            });
            let a = a.await.unwrap();
            assert!(a.contains("<body>new"), "{a}");
            assert!(a.contains("data-generation=\"3\""), "{a}");
        });
    }

    #[test]
    fn injects_before_the_last_body_end() {
        assert_eq!(
            inject(b"<body>a</BODY>", "<s>"),
            b"<body>a<s></BODY>".to_vec()
        );
        assert_eq!(inject(b"plain", "<s>"), b"plain<s>".to_vec());
    }
}
