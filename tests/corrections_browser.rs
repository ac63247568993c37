//! The corrections box in a real headless Chromium, in the light and the
//! dark colour scheme and in print (emulated through chromedriver's
//! DevTools endpoint): it is shown, newest correction first, tinted on
//! screen in each scheme and outlined black on white in print. Screenshots
//! of it are written to `corrections-{light,dark,print}.png` in
//! `CARGO_TARGET_TMPDIR`, to look at.
//!
//! Needs Debian's `chromium` and `chromium-driver`. Without them the test
//! is reported as ignored (not passed), with the reason on standard error,
//! except under CI (`CI=true`), where it fails (`serve_support::browser_test`).

mod serve_support;

use std::path::{Path, PathBuf};

use fantoccini::{Client, Locator};
use serve_support::*;

/// A DevTools command, sent through chromedriver's `goog/cdp/execute`.
#[derive(Debug)]
struct Cdp(serde_json::Value);

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.0.to_string()))
    }
}

/// Emulates `media` ("screen" or "print") and a colour scheme.
async fn emulate(c: &Client, media: &str, scheme: &str) {
    c.issue_cmd(Cdp(serde_json::json!({
        "cmd": "Emulation.setEmulatedMedia",
        "params": {
            "media": media,
            "features": [{"name": "prefers-color-scheme", "value": scheme}],
        },
    })))
    .await
    .expect("Emulation.setEmulatedMedia");
}

/// Computed style properties of the corrections box, and the text of its
/// first item.
async fn look(c: &Client) -> serde_json::Value {
    c.execute(
        "const box = document.querySelector('.corrections');
         const s = getComputedStyle(box);
         const r = box.getBoundingClientRect();
         return {
           background: s.backgroundColor,
           color: s.color,
           border: s.borderLeftColor,
           borderWidth: s.borderLeftWidth,
           page: getComputedStyle(document.body).backgroundColor,
           height: r.height,
           first: box.querySelector('li').textContent.trim(),
           nav: getComputedStyle(document.querySelector('.site-header nav')).display,
         };",
        vec![],
    )
    .await
    .expect("a style")
}

fn main() -> std::process::ExitCode {
    browser_test(
        "the_corrections_box_in_light_dark_and_print",
        |driver, browser| block_on(the_corrections_box_in_light_dark_and_print(driver, browser)),
    )
}

async fn the_corrections_box_in_light_dark_and_print(driver_bin: PathBuf, browser: PathBuf) {
    // Serve a copy of the fixture (serve may leave files beside it).
    let tmp = tempfile::tempdir().unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/living");
    for e in walkdir::WalkDir::new(&fixture) {
        let e = e.unwrap();
        let dest = tmp.path().join(e.path().strip_prefix(&fixture).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
    let server = Server::start(tmp.path(), &["--port", "0"]);
    let (_driver, driver_port) = start_driver(&driver_bin);
    let profile = tempfile::tempdir().unwrap();
    let c = chromium_session(
        &browser,
        driver_port,
        profile.path(),
        &["--window-size=900,900"],
    )
    .await;
    c.goto(&format!(
        "http://127.0.0.1:{}/briefings/revised-count/",
        server.port
    ))
    .await
    .unwrap();

    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let mut looks = Vec::new();
    for (name, media, scheme) in [
        ("light", "screen", "light"),
        ("dark", "screen", "dark"),
        ("print", "print", "light"),
    ] {
        emulate(&c, media, scheme).await;
        let style = look(&c).await;
        let png = c
            .find(Locator::Css(".page-head"))
            .await
            .unwrap()
            .screenshot()
            .await
            .unwrap();
        assert!(png.starts_with(b"\x89PNG"), "{name}: not a PNG");
        std::fs::write(out.join(format!("corrections-head-{name}.png")), &png).unwrap();
        let png = c
            .find(Locator::Css(".corrections"))
            .await
            .unwrap()
            .screenshot()
            .await
            .unwrap();
        std::fs::write(out.join(format!("corrections-{name}.png")), &png).unwrap();
        println!("{name}: {style}");
        looks.push(style);
    }
    let [light, dark, print] = [&looks[0], &looks[1], &looks[2]];
    for l in &looks {
        assert_eq!(
            l["first"],
            "12 January 2022 An earlier version named the wrong ministry."
        );
        assert!(l["height"].as_f64().unwrap() > 40.0, "{l}");
        assert_eq!(l["borderWidth"], "4px");
    }
    // Tinted on screen, in each scheme's colours.
    assert_ne!(light["background"], light["page"]);
    assert_ne!(dark["background"], dark["page"]);
    assert_ne!(light["background"], dark["background"]);
    assert_ne!(light["color"], dark["color"]);
    assert_ne!(light["border"], dark["border"]);
    // In print: black on white, outlined, no navigation.
    assert_eq!(print["background"], "rgba(0, 0, 0, 0)");
    assert_eq!(print["page"], "rgb(255, 255, 255)");
    assert_eq!(print["color"], "rgb(0, 0, 0)");
    assert_eq!(print["border"], "rgb(0, 0, 0)");
    assert_eq!(print["nav"], "none");
    assert_ne!(light["nav"], "none");

    c.close().await.unwrap();
}
