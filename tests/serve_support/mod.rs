//! Helpers shared by the `serve` tests: a running `dossier serve`, a raw
//! HTTP client (so that `..` reaches the server unnormalised) and a reader
//! of the reload channel.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_dossier");

/// A copy of the shipped dossier (content and configuration) in a temp dir.
pub fn shipped_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("dossier");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for e in walkdir::WalkDir::new(repo.join("content")) {
        let e = e.unwrap();
        let dest = dir.join(e.path().strip_prefix(repo).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
    std::fs::copy(repo.join("dossier.yaml"), dir.join("dossier.yaml")).unwrap();
    (tmp, dir)
}

/// A new dossier made by `dossier init`.
pub fn small_dossier() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("dossier");
    let out = Command::new(BIN).arg("init").arg(&dir).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    (tmp, dir)
}

/// A port that was free a moment ago.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub struct Server {
    pub child: Child,
    pub port: u16,
    pub log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Starts `dossier -r DIR serve ARGS` and waits until it serves.
    pub fn start(dir: &Path, args: &[&str]) -> Server {
        let mut child = Command::new(BIN)
            .arg("-r")
            .arg(dir)
            .arg("serve")
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = channel();
        {
            let log = log.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                    if let Some(rest) = line.split("Serving at http://").nth(1) {
                        let port = rest
                            .split(':')
                            .nth(1)
                            .and_then(|p| p.split('/').next().and_then(|p| p.parse::<u16>().ok()));
                        let _ = tx.send(port);
                    }
                    log.lock().unwrap().push(line);
                }
            });
        }
        let port = rx
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("serve did not start: {:?}", log.lock().unwrap()))
            .unwrap();
        Server { child, port, log }
    }

    pub fn get(&self, path: &str) -> Response {
        get(self.port, path)
    }

    pub fn events(&self) -> Events {
        Events::connect(self.port)
    }

    pub fn log(&self) -> String {
        self.log.lock().unwrap().join("\n")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// GET with the path sent exactly as given.
pub fn get(port: u16, path: &str) -> Response {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a response head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status: u16 = lines
        .next()
        .unwrap()
        .split_whitespace()
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        body = dechunk(&body);
    }
    Response {
        status,
        headers,
        body,
    }
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let nl = b.windows(2).position(|w| w == b"\r\n").unwrap();
        let size =
            usize::from_str_radix(std::str::from_utf8(&b[..nl]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&b[nl + 2..nl + 2 + size]);
        b = &b[nl + 2 + size + 2..];
    }
}

/// The reload channel, read as a browser's EventSource would.
pub struct Events {
    rx: Receiver<(String, String)>,
}

impl Events {
    /// A channel that names no page (as no browser does).
    pub fn connect(port: u16) -> Events {
        Events::open(port, "/__dossier/events")
    }

    /// A channel of a browser that shows `page` (an output path), named as
    /// the reload script names it: the server renders it first.
    pub fn connect_page(port: u16, page: &str) -> Events {
        Events::open(port, &format!("/__dossier/events?page={page}"))
    }

    fn open(port: u16, url: &str) -> Events {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(
            s,
            "GET {url} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(s);
            let mut event = String::new();
            let mut line = String::new();
            while let Ok(n) = r.read_line(&mut line) {
                if n == 0 {
                    break;
                }
                let l = line.trim_end();
                if let Some(e) = l.strip_prefix("event: ") {
                    event = e.to_string();
                } else if let Some(d) = l.strip_prefix("data: ") {
                    if tx.send((event.clone(), d.to_string())).is_err() {
                        break;
                    }
                }
                line.clear();
            }
        });
        let ev = Events { rx };
        let (name, _) = ev.next(Duration::from_secs(10)).expect("hello");
        assert_eq!(name, "hello");
        ev
    }

    pub fn next(&self, timeout: Duration) -> Option<(String, String)> {
        self.rx.recv_timeout(timeout).ok()
    }

    /// Waits for the next message, then for the burst to settle.
    pub fn wait(&self) -> (String, String) {
        let first = self
            .next(Duration::from_secs(30))
            .expect("a message after the edit");
        let mut last = first;
        let end = Instant::now() + Duration::from_millis(400);
        while let Some(m) = self.next(end.saturating_duration_since(Instant::now())) {
            last = m;
        }
        last
    }
}

/// The page as `dossier build` would write it: the injected script removed.
pub fn strip_reload_script(html: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(html).into_owned();
    match text.find("<script data-dossier-serve") {
        Some(i) => {
            let end = text[i..].find("</script>\n").expect("script end") + i + "</script>\n".len();
            format!("{}{}", &text[..i], &text[end..]).into_bytes()
        }
        None => html.to_vec(),
    }
}

/// The first of `names` found on the PATH.
pub fn find(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for n in names {
            let p = dir.join(n);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// A running chromedriver, stopped when dropped.
pub struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts chromedriver on a free port and waits until it answers.
pub fn start_driver(bin: &Path) -> (Driver, u16) {
    let port = free_port();
    let child = Command::new(bin)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let driver = Driver(child);
    let end = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < end, "chromedriver did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    (driver, port)
}

/// Runs one real-browser test as the whole of a `harness = false` test
/// binary (libtest-mimic), given chromedriver's and Chromium's paths.
/// Without them it is reported as ignored, with the reason on standard
/// error, except under CI (`CI=true`), where it fails: libtest's
/// `#[ignore]` is fixed at compile time, this decides at run time and
/// prints the same summary line.
pub fn browser_test(
    name: &'static str,
    test: impl FnOnce(PathBuf, PathBuf) + Send + 'static,
) -> std::process::ExitCode {
    let args = libtest_mimic::Arguments::from_args();
    let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    let driver_bin = find(&["chromedriver"]);
    let browser = find(&["chromium", "chromium-browser", "google-chrome"]);
    let missing = driver_bin.is_none() || browser.is_none();
    if missing {
        let msg = "chromium and chromedriver are not installed (apt-get install chromium chromium-driver)";
        if ci {
            eprintln!("error: {msg}; CI must run the browser tests");
        } else {
            eprintln!("note: ignoring {name}: {msg}");
        }
    }
    let trial = libtest_mimic::Trial::test(name, move || {
        let (Some(driver_bin), Some(browser)) = (driver_bin, browser) else {
            return Err("chromium and chromedriver are not installed".into());
        };
        test(driver_bin, browser);
        Ok(())
    })
    .with_ignored_flag(missing && !ci);
    libtest_mimic::run(&args, vec![trial]).exit_code()
}

/// Runs a future to its end on a two-thread runtime (the browser tests).
pub fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime")
        .block_on(f)
}

/// A WebDriver session in headless Chromium (`browser`) through the
/// chromedriver on `driver_port`, with a fresh profile in `profile` and the
/// flags this closed network needs; `extra` adds flags (a window size).
pub async fn chromium_session(
    browser: &Path,
    driver_port: u16,
    profile: &Path,
    extra: &[&str],
) -> fantoccini::Client {
    let mut args: Vec<String> = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
    ]
    .iter()
    .chain(extra)
    .map(|a| a.to_string())
    .collect();
    args.push(format!("--user-data-dir={}", profile.display()));
    let caps: serde_json::Map<String, serde_json::Value> = serde_json::from_value(
        serde_json::json!({"goog:chromeOptions": {"binary": browser, "args": args}}),
    )
    .unwrap();
    fantoccini::ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{driver_port}"))
        .await
        .expect("a WebDriver session")
}
