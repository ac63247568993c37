//! A living dossier: `updated:` and corrections on pages, `/changes/`, the
//! feed and the sitemap following them, `check`'s warnings on their dates,
//! archived copies of sources beside every citation and in the data,
//! `dossier new`, `--message-format json`, and the shipped dossier's own
//! theme override in `templates/`.
//!
//! The fixture (tests/fixtures/living/) has a briefing updated and corrected
//! twice (written oldest first), one corrected without `updated:`, an actor
//! corrected, a place updated, and a source with an archived copy that is
//! both updated and corrected.

mod common;
use common::*;

use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    repo().join("tests/fixtures/living")
}

/// Builds `root` into a fresh directory (no search index: not under test).
fn build(root: &Path) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let o = dossier()
        .arg("-r")
        .arg(root)
        .args(["build", "--no-search", "-o"])
        .arg(out.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    out
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The text between the first `start` and the next `end` after it.
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let i = text.find(start).unwrap_or_else(|| panic!("no {start:?}"));
    let rest = &text[i..];
    let j = rest
        .find(end)
        .unwrap_or_else(|| panic!("no {end:?} after {start:?}"));
    &rest[..j + end.len()]
}

/// A copy of the fixture in a temporary directory, to edit.
fn fixture_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for rel in files(&fixture()) {
        let to = dir.path().join(&rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(fixture().join(&rel), to).unwrap();
    }
    dir
}

#[test]
fn a_page_shows_when_it_was_updated_and_its_corrections_newest_first() {
    let out = build(&fixture());
    let html = read(out.path(), "briefings/revised-count/index.html");
    assert!(
        html.contains(
            "<p class=\"meta\"><time datetime=\"2022-01-07\">7 January 2022</time></p>\n  <p class=\"meta updated\">Updated <time datetime=\"2022-01-12\">12 January 2022</time></p>"
        ),
        "{html}"
    );
    let boxed = between(&html, "<aside class=\"corrections\"", "</aside>");
    let items: Vec<&str> = boxed
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("<li>"))
        .collect();
    assert_eq!(
        items,
        [
            "<li><time datetime=\"2022-01-12\">12 January 2022</time> An earlier version named the wrong ministry.</li>",
            "<li><time datetime=\"2022-01-09\">9 January 2022</time> An earlier version said the count was given on 6 January; it was given on 7 January.</li>",
        ]
    );
    assert!(boxed.contains("id=\"corrections\""));
    assert!(boxed.contains("<h2 id=\"corrections-title\">Corrections</h2>"));
    // One correction: the heading says so; records get the box too.
    let actor = read(out.path(), "actors/ministry/index.html");
    assert!(actor.contains("<h2 id=\"corrections-title\">Correction</h2>"));
    assert!(actor.contains(
        "<li><time datetime=\"2022-01-08\">8 January 2022</time> This profile first gave the ministry&#39;s name in Russian only.</li>"
    ));
    let place = read(out.path(), "places/city/index.html");
    assert!(place.contains(
        "<p class=\"meta updated\">Updated <time datetime=\"2022-01-11\">11 January 2022</time></p>"
    ));
    assert!(!place.contains("class=\"corrections\""));
    // Lists of briefings say so too.
    assert!(read(out.path(), "briefings/index.html").contains(
        "<time datetime=\"2022-01-07\">7 January 2022</time> · updated <time datetime=\"2022-01-12\">12 January 2022</time>"
    ));
    // A page with neither has no trace of them.
    let first = read(out.path(), "briefings/first-counts/index.html");
    assert!(!first.contains("Updated") && !first.contains("class=\"corrections\""));
}

/// (date, kind, link) of every entry of a page of `/changes/`, in order.
fn changes(html: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut day = String::new();
    for line in html.lines().map(str::trim) {
        if let Some(rest) = line.strip_prefix("<h2><time datetime=\"") {
            day = rest.split('"').next().unwrap().to_string();
        } else if let Some(rest) = line.strip_prefix("<li class=\"change change-") {
            let kind = rest.split('"').next().unwrap().to_string();
            let href = rest.split("<a href=\"").nth(1).unwrap();
            out.push((
                day.clone(),
                kind,
                href.split('"').next().unwrap().to_string(),
            ));
        }
    }
    out
}

#[test]
fn the_changes_page_lists_every_publication_update_and_correction_newest_first() {
    let out = build(&fixture());
    let got = changes(&read(out.path(), "changes/index.html"));
    let want = [
        (
            "2022-01-13",
            "corrected",
            "/living/briefings/quiet-day/#corrections",
        ),
        (
            "2022-01-12",
            "corrected",
            "/living/briefings/revised-count/#corrections",
        ),
        ("2022-01-12", "updated", "/living/briefings/revised-count/"),
        (
            "2022-01-11",
            "corrected",
            "/living/sources/report-a/#corrections",
        ),
        ("2022-01-11", "updated", "/living/places/city/"),
        ("2022-01-11", "updated", "/living/sources/report-a/"),
        ("2022-01-10", "published", "/living/briefings/quiet-day/"),
        (
            "2022-01-09",
            "corrected",
            "/living/briefings/revised-count/#corrections",
        ),
        (
            "2022-01-08",
            "corrected",
            "/living/actors/ministry/#corrections",
        ),
        (
            "2022-01-07",
            "published",
            "/living/briefings/revised-count/",
        ),
        ("2022-01-05", "published", "/living/briefings/first-counts/"),
    ];
    let want: Vec<(String, String, String)> = want
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(got, want);
    // Every link lands on a page, and every #corrections on its box.
    assert_eq!(broken_links(out.path(), "/living/"), Vec::<String>::new());
    for (_, _, href) in &got {
        let (path, anchor) = href.split_once('#').unwrap_or((href, ""));
        let page = read(
            out.path(),
            &format!("{}index.html", path.strip_prefix("/living/").unwrap()),
        );
        if !anchor.is_empty() {
            assert!(page.contains(&format!("id=\"{anchor}\"")), "{href}");
        }
    }
    // The footer of every page links to it; a short list has no page 2.
    assert!(read(out.path(), "index.html").contains("<a href=\"/living/changes/\">Changes</a>"));
    assert!(!out.path().join("changes/page/2/index.html").exists());
    assert!(!read(out.path(), "changes/index.html").contains("class=\"pagination\""));
}

#[test]
fn a_long_changes_page_is_split_into_pages_of_the_pagination_setting() {
    let d = init_dossier();
    let config = std::fs::read_to_string(d.path().join("dossier.yaml")).unwrap();
    std::fs::write(
        d.path().join("dossier.yaml"),
        format!("{config}pagination: 50\n"),
    )
    .unwrap();
    for i in 1..=60 {
        write(
            d.path(),
            &format!("content/briefings/day-{i:02}.md"),
            &format!(
                "---\ntitle: \"Day {i}\"\ndate: 2022-03-{:02}\n---\n",
                (i - 1) % 28 + 1
            ),
        );
    }
    let out = build(d.path());
    // 61 briefings (the one `init` writes, dated 2024): 50 and 11.
    let one = read(out.path(), "changes/index.html");
    let two = read(out.path(), "changes/page/2/index.html");
    assert_eq!(changes(&one).len(), 50);
    assert_eq!(changes(&two).len(), 11);
    assert_eq!(changes(&one)[0].2, "/briefings/first-briefing/");
    assert!(!out.path().join("changes/page/3/index.html").exists());
    assert!(one.contains("<a rel=\"next\" href=\"/changes/page/2/\">Older →</a>"));
    assert!(!one.contains("rel=\"prev\""));
    assert!(two.contains("<a rel=\"prev\" href=\"/changes/\">← Newer</a>"));
    assert!(two.contains("<a href=\"/changes/page/2/\" aria-current=\"page\">2</a>"));
    assert!(two.contains("<title>Changes, page 2 of 2 · My dossier</title>"));
    let map = read(out.path(), "sitemap.xml");
    assert!(map.contains("<loc>https://example.org/changes/page/2/</loc>"));
    assert_eq!(broken_links(out.path(), "/"), Vec::<String>::new());
}

#[test]
fn feed_entries_and_sitemap_follow_updates_and_corrections() {
    let out = build(&fixture());
    let feed = read(out.path(), "atom.xml");
    // (id, updated, published) of each entry, in order.
    let entries: Vec<(String, String, String)> = feed
        .split("<entry>")
        .skip(1)
        .map(|e| {
            let tag = |t: &str| {
                between(e, &format!("<{t}>"), &format!("</{t}>"))[t.len() + 2..]
                    .trim_end_matches(&format!("</{t}>"))
                    .to_string()
            };
            (tag("id"), tag("updated"), tag("published"))
        })
        .collect();
    let e = |id: &str, u: &str, p: &str| {
        (
            format!("https://example.org/living/briefings/{id}/"),
            format!("{u}T00:00:00+00:00"),
            format!("{p}T00:00:00+00:00"),
        )
    };
    assert_eq!(
        entries,
        [
            // Corrected without `updated:`: the correction updates it.
            e("quiet-day", "2022-01-13", "2022-01-10"),
            e("revised-count", "2022-01-12", "2022-01-07"),
            e("first-counts", "2022-01-05", "2022-01-05"),
        ]
    );
    assert!(feed.contains(
        "<id>https://example.org/living/</id>\n <updated>2022-01-13T00:00:00+00:00</updated>"
    ));

    let map = read(out.path(), "sitemap.xml");
    let lastmod = |loc: &str| {
        let entry = between(
            &map,
            &format!("<loc>https://example.org/living/{loc}</loc>"),
            "</url>",
        );
        entry
            .split("<lastmod>")
            .nth(1)
            .map(|r| r.split('<').next().unwrap().to_string())
    };
    assert_eq!(
        lastmod("briefings/revised-count/").as_deref(),
        Some("2022-01-12")
    );
    assert_eq!(
        lastmod("briefings/quiet-day/").as_deref(),
        Some("2022-01-13")
    );
    assert_eq!(
        lastmod("briefings/first-counts/").as_deref(),
        Some("2022-01-05")
    );
    assert_eq!(lastmod("places/city/").as_deref(), Some("2022-01-11"));
    assert_eq!(lastmod("sources/report-a/").as_deref(), Some("2022-01-11"));
    assert_eq!(lastmod("actors/ministry/").as_deref(), Some("2022-01-08"));
    assert_eq!(lastmod("changes/").as_deref(), Some("2022-01-13"));
    assert_eq!(lastmod("briefings/").as_deref(), Some("2022-01-13"));
}

#[test]
fn every_citation_offers_the_original_and_the_archived_copy() {
    let out = build(&fixture());
    let links = "<span class=\"source-links\">(<a href=\"https://example.com/a\" rel=\"external\">original</a>, <a href=\"https://web.archive.org/web/20220105120000/https://example.com/a\" rel=\"external\">archived copy</a>)</span>";
    let briefing = read(out.path(), "briefings/first-counts/index.html");
    // The figure's source, the quote's, the event's and the list of sources.
    assert_eq!(briefing.matches(links).count(), 4, "{briefing}");
    for page in [
        "casualties/index.html",
        "timeline/index.html",
        "actors/ministry/index.html",
        "places/city/index.html",
    ] {
        assert!(read(out.path(), page).contains(links), "{page}");
    }
    // A source without an archived copy: the original alone.
    let revised = read(out.path(), "briefings/revised-count/index.html");
    assert!(revised.contains("<span class=\"source-links\">(<a href=\"https://example.com/b\" rel=\"external\">original</a>)</span>"));
    let source = read(out.path(), "sources/report-a/index.html");
    assert!(source.contains("<dt>Archived copy</dt><dd><a href=\"https://web.archive.org/web/20220105120000/https://example.com/a\" rel=\"external\">https://web.archive.org/web/20220105120000/https://example.com/a</a></dd>"));
    assert!(
        source.contains("<dt>Original</dt><dd><a href=\"https://example.com/a\" rel=\"external\">")
    );

    let data: serde_json::Value =
        serde_json::from_str(&read(out.path(), "data/dossier.json")).unwrap();
    let a = data["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "report-a")
        .unwrap();
    assert_eq!(
        a["archived"],
        "https://web.archive.org/web/20220105120000/https://example.com/a"
    );
    assert_eq!(a["updated"], "2022-01-11");
    assert_eq!(
        a["corrections"],
        serde_json::json!([{"date": "2022-01-11", "text": "The outlet's name was wrong."}])
    );
    let revised = data["briefings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["id"] == "revised-count")
        .unwrap();
    assert_eq!(revised["corrections"][0]["date"], "2022-01-12");
    assert_eq!(revised["corrections"][1]["date"], "2022-01-09");
    let b = data["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "report-b")
        .unwrap();
    assert_eq!(b["archived"], serde_json::Value::Null);

    let csv = read(out.path(), "data/figures.csv");
    let mut lines = csv.lines();
    let head: Vec<&str> = lines.next().unwrap().split(',').collect();
    let row: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = head.iter().position(|h| *h == "source_archived").unwrap();
    assert_eq!(head[col - 1], "source_url");
    assert_eq!(
        row[col],
        "https://web.archive.org/web/20220105120000/https://example.com/a"
    );
}

#[test]
fn check_warns_of_updates_and_corrections_dated_outside_the_page() {
    let d = fixture_copy();
    let r = d.path();
    write(
        r,
        "content/briefings/revised-count.md",
        &std::fs::read_to_string(fixture().join("content/briefings/revised-count.md"))
            .unwrap()
            .replace("updated: 2022-01-12", "updated: 2022-01-06")
            .replace("  - date: 2022-01-09", "  - date: 2022-01-04"),
    );
    write(
        r,
        "content/sources/report-a.md",
        &std::fs::read_to_string(fixture().join("content/sources/report-a.md"))
            .unwrap()
            .replace("  - date: 2022-01-11", "  - date: 2022-01-15"),
    );
    let o = run(r, &["check"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    let expected = "\
warning: this briefing is `updated` 6 January 2022, before its `date` (7 January 2022)
  --> content/briefings/revised-count.md:4:10
  |
4 | updated: 2022-01-06
  |          ^^^^^^^^^^
  = help: `updated` is the day the briefing last changed after it was published: check both dates

warning: correction dated 4 January 2022 is before this briefing's `date` (7 January 2022)
  --> content/briefings/revised-count.md:8:11
  |
8 |   - date: 2022-01-04
  |           ^^^^^^^^^^
  = help: a correction is made after publication: check its `date`

warning: correction dated 12 January 2022 is after this briefing's `updated` (6 January 2022)
  --> content/briefings/revised-count.md:10:11
   |
10 |   - date: 2022-01-12
   |           ^^^^^^^^^^
   = help: a correction updates the briefing: set `updated: 2022-01-12` (or later), or check the correction's `date`

warning: correction dated 15 January 2022 is after this source's `updated` (11 January 2022)
  --> content/sources/report-a.md:9:11
  |
9 |   - date: 2022-01-15
  |           ^^^^^^^^^^
  = help: a correction updates the source: set `updated: 2022-01-15` (or later), or check the correction's `date`

";
    assert!(err.starts_with(expected), "{err}");
    // Nothing else: the four warnings, then the summary.
    assert!(
        err[expected.len()..]
            .starts_with("Checked 18 pages (3 briefings, 1 figure), 4 warnings in "),
        "{err}"
    );
    // With --strict they fail the check.
    assert!(!run(r, &["check", "--strict"]).status.success());
}

#[test]
fn new_writes_each_kind_with_its_front_matter_and_never_overwrites() {
    let d = init_dossier();
    let r = d.path();
    let new = |args: &[&str]| run(r, &[&["new"], args].concat());
    let o = new(&["briefing", "Counts of 9 January", "--date", "2022-01-09"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stderr(&o),
        format!(
            "  created {}\n",
            r.join("content/briefings/counts-of-9-january.md").display()
        )
    );
    assert_eq!(
        std::fs::read_to_string(r.join("content/briefings/counts-of-9-january.md")).unwrap(),
        "---\ntitle: \"Counts of 9 January\"\ndate: 2022-01-09\nsummary: \"\"\n# A draft is left out of the site until you remove this line (or build with --drafts).\ndraft: true\ntags: []\nactors: []\nplaces: []\nsources: []\n# events, figures and quotes: see docs/content.md\n---\n"
    );
    // Without --date, a briefing is dated today.
    assert!(new(&["briefing", "Today's news"]).status.success());
    let today = std::fs::read_to_string(r.join("content/briefings/today-s-news.md")).unwrap();
    assert!(
        today.contains(&format!("\ndate: {}\n", dossier::scaffold::today().iso())),
        "{today}"
    );
    // Kazakh names become ASCII ids; quotes in a title stay quoted.
    assert!(new(&["actor", "Қасым-Жомарт Тоқаев"]).status.success());
    assert_eq!(
        std::fs::read_to_string(r.join("content/actors/qasym-zhomart-toqaev.md")).unwrap(),
        "---\nname: \"Қасым-Жомарт Тоқаев\"\n# kind: person, government, security-force, international-org, state, media or group\naliases: []\n---\n"
    );
    assert!(new(&["place", "Алматы"]).status.success());
    assert_eq!(
        std::fs::read_to_string(r.join("content/places/almaty.md")).unwrap(),
        "---\nname: \"Алматы\"\n# kind: country, region, city or site\n# within: the id of the place it lies in\naliases: []\n---\n"
    );
    assert!(
        new(&["source", "Minister: \"18 killed\"", "--date", "2022-01-07"])
            .status
            .success()
    );
    assert_eq!(
        std::fs::read_to_string(r.join("content/sources/minister-18-killed.md")).unwrap(),
        "---\ntitle: \"Minister: \\\"18 killed\\\"\"\noutlet: \"\"\npublished: 2022-01-07\n# url: https://… (the report)\n# archived: https://web.archive.org/… (an archived copy of it)\n---\n"
    );
    // Every new file passes `check`, drafts included.
    let o = run(r, &["check", "--drafts"]);
    assert!(o.status.success(), "{}", stderr(&o));

    // Never overwrite: the file is named, left as it was, and the exit fails.
    let path = r.join("content/actors/qasym-zhomart-toqaev.md");
    std::fs::write(&path, "---\nname: \"Tokayev\"\n---\nMy notes.\n").unwrap();
    let o = new(&["actor", "Қасым-Жомарт Тоқаев"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        format!(
            "error: {} already exists; it was left as it is (give another title, or edit that file)\n",
            path.display()
        )
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "---\nname: \"Tokayev\"\n---\nMy notes.\n"
    );
    // Nothing to make an id from; a bad date.
    let o = new(&["place", "!!!"]);
    assert_eq!(
        (o.status.code(), stderr(&o)),
        (
            Some(1),
            "error: cannot make an id from `!!!`: the title needs a letter or a digit\n".into()
        )
    );
    let o = new(&["briefing", "X", "--date", "2022-02-30"]);
    assert_eq!(
        (o.status.code(), stderr(&o)),
        (
            Some(1),
            "error: --date: `2022-02-30` is not a real date: February 2022 has 28 days\n".into()
        )
    );
    assert!(!r.join("content/briefings/x.md").exists());
    // Outside a dossier, nothing is written.
    let empty = tempfile::tempdir().unwrap();
    let o = run(empty.path(), &["new", "briefing", "X"]);
    assert_eq!(
        (o.status.code(), stderr(&o)),
        (
            Some(1),
            format!(
                "error: {} is not a dossier (it has no dossier.yaml and no content/): run `dossier init DIR` to create one, or pass -r/--root\n",
                empty.path().display()
            )
        )
    );
    assert!(files(empty.path()).is_empty());
}

fn json_lines(o: &std::process::Output) -> Vec<serde_json::Value> {
    String::from_utf8(o.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

#[test]
fn json_diagnostics_have_cargo_s_shape() {
    let d = fixture_copy();
    let r = d.path();
    write(
        r,
        "content/briefings/typo.md",
        "---\ntitel: \"Typo\"\ndate: 2022-01-01\n---\n",
    );
    write(
        r,
        "content/places/city.md",
        "---\nname: \"Almaty\"\nupdated: 2022-01-11\ncorrections:\n  - date: 2022-01-12\n    text: \"Misspelt.\"\n---\n",
    );
    let o = run(r, &["check", "--message-format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let lines = json_lines(&o);
    assert_eq!(
        lines,
        [
            serde_json::json!({
                "reason": "diagnostic",
                "severity": "error",
                "message": "unknown field `titel`",
                "file": "content/briefings/typo.md",
                "line": 2,
                "column": 1,
                "end": {"line": 2, "column": 6},
                "help": "did you mean `title`?",
                "rendered": "error: unknown field `titel`\n  --> content/briefings/typo.md:2:1\n  |\n2 | titel: \"Typo\"\n  | ^^^^^\n  = help: did you mean `title`?",
            }),
            serde_json::json!({"reason": "summary", "success": false, "errors": 1, "warnings": 0}),
        ]
    );
    // The human text is not repeated on stderr; its last line still says why.
    assert_eq!(stderr(&o), "error: could not check the dossier: 1 error\n");

    // A warning alone: the build succeeds and says so last.
    std::fs::remove_file(r.join("content/briefings/typo.md")).unwrap();
    let out = tempfile::tempdir().unwrap();
    let o = dossier()
        .arg("-r")
        .arg(r)
        .args([
            "build",
            "--no-search",
            "--message-format",
            "json",
            "-q",
            "-o",
        ])
        .arg(out.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let lines = json_lines(&o);
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(lines[0]["reason"], "diagnostic");
    assert_eq!(lines[0]["severity"], "warning");
    assert_eq!(lines[0]["file"], "content/places/city.md");
    assert_eq!(
        (&lines[0]["line"], &lines[0]["column"]),
        (&5.into(), &11.into())
    );
    assert_eq!(
        lines[0]["end"],
        serde_json::json!({"line": 5, "column": 21})
    );
    assert_eq!(
        lines[1],
        serde_json::json!({"reason": "summary", "success": true, "errors": 0, "warnings": 1})
    );
    // The default stays human, on stderr, with nothing on stdout.
    let o = run(r, &["check"]);
    assert!(o.stdout.is_empty());
    assert!(stderr(&o).starts_with("warning: correction dated 12 January 2022 is after this place's `updated` (11 January 2022)\n  --> content/places/city.md:5:11\n"), "{}", stderr(&o));
}

#[test]
fn the_shipped_dossier_overrides_a_theme_file_from_its_own_templates_folder() {
    let ours = std::fs::read_to_string(repo().join("templates/partials/footer.html")).unwrap();
    let theirs =
        std::fs::read_to_string(repo().join("themes/default/templates/partials/footer.html"))
            .unwrap();
    assert_ne!(ours, theirs);
    let out = build(&repo());
    let home = read(out.path(), "index.html");
    assert!(home.contains("Compiled from published news reports and official statements."));
    assert!(!home.contains("Every number on this site is a claim: who made it"));
    // Its one update so far: the Prosecutor General's count, brought up to
    // date with the counts of 2022 (dated by the year, as the material is).
    let got = changes(&read(out.path(), "changes/index.html"));
    assert_eq!(
        got[0],
        (
            "2022".to_string(),
            "updated".to_string(),
            "/kazakhstan-2022/briefings/prosecutor-general-toll/".to_string()
        )
    );
    assert_eq!(got.iter().filter(|c| c.1 == "published").count(), 12);
    assert_eq!(got.len(), 13);
    // A dossier of its own (no templates/) keeps the theme's footer.
    let d = init_dossier();
    let out = build(d.path());
    assert!(read(out.path(), "index.html")
        .contains("Every number on this site is a claim: who made it"));
}

#[test]
fn serve_reports_each_build_as_json_lines_too() {
    use std::io::{BufRead, BufReader};
    let d = fixture_copy();
    write(
        d.path(),
        "content/places/city.md",
        "---\nname: \"Almaty\"\nupdated: 2022-01-11\ncorrections:\n  - date: 2022-01-12\n    text: \"Misspelt.\"\n---\n",
    );
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("-r")
        .arg(d.path())
        .args(["serve", "--port", "0", "--message-format", "json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut next =
        || -> serde_json::Value { serde_json::from_str(&lines.next().unwrap().unwrap()).unwrap() };
    let (first, second) = (next(), next());
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(first["reason"], "diagnostic");
    assert_eq!(
        first["message"],
        "correction dated 12 January 2022 is after this place's `updated` (11 January 2022)"
    );
    assert_eq!((&first["line"], &first["column"]), (&5.into(), &11.into()));
    assert_eq!(
        second,
        serde_json::json!({"reason": "summary", "success": true, "errors": 0, "warnings": 1})
    );
}
