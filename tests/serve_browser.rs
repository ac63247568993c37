//! `dossier serve` in a real headless Chromium, driven over WebDriver
//! (fantoccini → chromedriver): an edit shows up without the test
//! reloading, a broken file shows an overlay naming the file and line, and
//! fixing it brings the page back.
//!
//! Needs Debian's `chromium` and `chromium-driver`. Without them the test
//! is reported as ignored (not passed), with the reason on standard error,
//! except under CI (`CI=true`), where it fails (`serve_support::browser_test`).

mod serve_support;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use serve_support::*;

/// Polls `f` until it returns Some, for up to ten seconds.
async fn eventually<T, F, Fut>(what: &str, mut f: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let end = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(v) = f().await {
            return v;
        }
        assert!(Instant::now() < end, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn h1(c: &Client) -> Option<String> {
    c.find(Locator::Css("h1")).await.ok()?.text().await.ok()
}

async fn overlay(c: &Client) -> Option<String> {
    c.find(Locator::Id("dossier-error-overlay"))
        .await
        .ok()?
        .text()
        .await
        .ok()
}

fn main() -> std::process::ExitCode {
    browser_test("edits_show_up_in_the_open_page", |driver, browser| {
        block_on(edits_show_up_in_the_open_page(driver, browser))
    })
}

async fn edits_show_up_in_the_open_page(driver_bin: PathBuf, browser: PathBuf) {
    let (_tmp, dir) = small_dossier();
    let briefing = dir.join("content/briefings/first-briefing.md");
    let server = Server::start(&dir, &["--port", "0"]);
    let (_driver, driver_port) = start_driver(&driver_bin);
    let profile = tempfile::tempdir().unwrap();
    let c = chromium_session(&browser, driver_port, profile.path(), &[]).await;

    let url = format!("http://127.0.0.1:{}/briefings/first-briefing/", server.port);
    c.goto(&url).await.unwrap();
    assert_eq!(h1(&c).await.as_deref(), Some("The first briefing"));

    // 1. A new title shows up without the test reloading.
    let text = std::fs::read_to_string(&briefing).unwrap();
    std::fs::write(
        &briefing,
        text.replacen(
            "title: \"The first briefing\"",
            "title: \"A retitled briefing\"",
            1,
        ),
    )
    .unwrap();
    eventually("the new title", || async {
        (h1(&c).await.as_deref() == Some("A retitled briefing")).then_some(())
    })
    .await;

    // 2. Broken front matter: an overlay names the file and the line.
    let good = std::fs::read_to_string(&briefing).unwrap();
    std::fs::write(
        &briefing,
        good.replacen("date: 2024-01-01\n", "date: [2024-01-01\n", 1),
    )
    .unwrap();
    let shown = eventually("the error overlay", || async {
        overlay(&c)
            .await
            .filter(|t| t.contains("content/briefings/first-briefing.md:"))
    })
    .await;
    let line = shown
        .split("content/briefings/first-briefing.md:")
        .nth(1)
        .and_then(|r| r.split(|ch: char| !ch.is_ascii_digit()).next())
        .and_then(|n| n.parse::<usize>().ok())
        .expect("a line number after the file name");
    assert!((2..=5).contains(&line), "line {line} in:\n{shown}");
    // The last good page is still there under the overlay.
    assert_eq!(h1(&c).await.as_deref(), Some("A retitled briefing"));

    // A tab opened while the build is broken shows the error too.
    c.goto(&url).await.unwrap();
    eventually("the overlay on a freshly opened page", || async {
        overlay(&c)
            .await
            .filter(|t| t.contains("content/briefings/first-briefing.md:"))
    })
    .await;

    // 3. Fixed: the overlay goes and the page is back.
    std::fs::write(
        &briefing,
        good.replacen("A retitled briefing", "Fixed and retitled", 1),
    )
    .unwrap();
    eventually("the page without the overlay", || async {
        let t = h1(&c).await;
        (overlay(&c).await.is_none() && t.as_deref() == Some("Fixed and retitled")).then_some(())
    })
    .await;

    c.close().await.unwrap();
}
