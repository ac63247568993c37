//! Publishing: the feed, the sitemap, robots.txt, the search page and
//! index, sub-path correctness of every URL, and what `build` prints.
//!
//! The fixture (tests/fixtures/publish/) has three briefings whose file
//! order is not their date order, one without a summary, a source dated to
//! the month only, and Kazakh and Russian aliases; the sub-path scan also
//! runs over the shipped Kazakhstan dossier.

mod common;
use common::*;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use quick_xml::events::Event;
use quick_xml::Reader;

fn fixture() -> PathBuf {
    repo().join("tests/fixtures/publish")
}

/// Builds `root` for `base_url` into a fresh directory, with extra flags.
fn build(root: &Path, base_url: &str, extra: &[&str]) -> (tempfile::TempDir, String) {
    let out = tempfile::tempdir().unwrap();
    let o = dossier()
        .arg("-r")
        .arg(root)
        .args(["build", "-u", base_url, "-o"])
        .arg(out.path())
        .args(extra)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    (out, stderr(&o))
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// (path of each element from the root, its attributes, its text) for
/// every element of an XML document: enough to check what a format requires.
type Element = (String, BTreeMap<String, String>, String);

fn elements(xml: &str) -> Vec<Element> {
    fn open(
        e: &quick_xml::events::BytesStart,
        decoder: quick_xml::encoding::Decoder,
        names: &mut Vec<String>,
        out: &mut Vec<Element>,
    ) {
        let attrs = e
            .attributes()
            .map(|a| {
                let a = a.unwrap();
                let value = a
                    .decoded_and_normalized_value(quick_xml::XmlVersion::Implicit1_0, decoder)
                    .unwrap();
                (
                    String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                    value.into_owned(),
                )
            })
            .collect();
        names.push(String::from_utf8(e.name().as_ref().to_vec()).unwrap());
        out.push((names.join("/"), attrs, String::new()));
    }
    let mut r = Reader::from_str(xml);
    let mut names: Vec<String> = Vec::new();
    let mut open_ix: Vec<usize> = Vec::new();
    let mut out: Vec<Element> = Vec::new();
    loop {
        match r.read_event().unwrap() {
            Event::Start(e) => {
                open(&e, r.decoder(), &mut names, &mut out);
                open_ix.push(out.len() - 1);
            }
            Event::Empty(e) => {
                open(&e, r.decoder(), &mut names, &mut out);
                names.pop();
            }
            Event::Text(t) => {
                if let Some(&i) = open_ix.last() {
                    out[i].2.push_str(&t.decode().unwrap());
                }
            }
            Event::GeneralRef(r) => {
                let text = match r.resolve_char_ref().unwrap() {
                    Some(c) => c.to_string(),
                    None => quick_xml::escape::resolve_predefined_entity(&r.decode().unwrap())
                        .expect("only XML's predefined entities")
                        .to_string(),
                };
                if let Some(&i) = open_ix.last() {
                    out[i].2.push_str(&text);
                }
            }
            Event::End(_) => {
                names.pop();
                open_ix.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

#[test]
fn the_feed_is_atom_newest_first_with_absolute_ids() {
    let (out, _) = build(
        &fixture(),
        "https://example.org/some/path",
        &["--no-search"],
    );
    let xml = read(out.path(), "atom.xml");
    let base = "https://example.org/some/path/";

    // What a feed reader sees (atom_syndication's own parser).
    let feed = atom_syndication::Feed::read_from(xml.as_bytes()).unwrap();
    assert_eq!(feed.title().as_str(), "Publish & test <fixture>");
    assert_eq!(feed.id(), base);
    assert_eq!(feed.updated().to_rfc3339(), "2022-01-10T00:00:00+00:00");
    assert_eq!(feed.authors()[0].name(), "Publish & test <fixture>");
    let ids: Vec<&str> = feed.entries().iter().map(|e| e.id()).collect();
    assert_eq!(
        ids,
        [
            "https://example.org/some/path/briefings/a-newest/",
            "https://example.org/some/path/briefings/middle-briefing/",
            "https://example.org/some/path/briefings/b-oldest/",
        ]
    );
    let e = &feed.entries()[0];
    assert_eq!(e.title().as_str(), "Newest briefing: Тоқаев speaks");
    assert_eq!(e.updated().to_rfc3339(), "2022-01-10T00:00:00+00:00");
    assert_eq!(
        e.summary().map(|s| s.as_str()),
        Some("The president, Қасым-Жомарт Тоқаев, spoke in Алматы.")
    );
    assert_eq!(e.links()[0].rel(), "alternate");
    assert_eq!(e.links()[0].href(), e.id());
    assert!(feed.entries()[1].summary().is_none());
    assert_eq!(
        feed.entries()[2].updated().to_rfc3339(),
        "2022-01-02T00:00:00+00:00"
    );

    // RFC 4287, from the raw XML: the namespace; exactly one id, title and
    // updated in the feed and in each entry; an author; a self link.
    let els = elements(&xml);
    let feed_el = &els[0];
    assert_eq!(feed_el.0, "feed");
    assert_eq!(feed_el.1["xmlns"], "http://www.w3.org/2005/Atom");
    for tag in ["id", "title", "updated"] {
        let n = els.iter().filter(|e| e.0 == format!("feed/{tag}")).count();
        assert_eq!(n, 1, "feed/{tag}");
    }
    assert!(els
        .iter()
        .any(|e| e.0 == "feed/author/name" && !e.2.is_empty()));
    assert!(els.iter().any(|e| e.0 == "feed/link"
        && e.1.get("rel").map(String::as_str) == Some("self")
        && e.1["href"] == format!("{base}atom.xml")));
    let entries = els.iter().filter(|e| e.0 == "feed/entry").count();
    assert_eq!(entries, 3);
    for tag in ["id", "title", "updated", "link"] {
        let n = els
            .iter()
            .filter(|e| e.0 == format!("feed/entry/{tag}"))
            .count();
        assert_eq!(n, entries, "one entry/{tag} per entry");
    }
    let rfc3339 = |s: &str| s.len() >= 20 && &s[10..11] == "T";
    for e in els.iter().filter(|e| e.0.ends_with("/updated")) {
        assert!(rfc3339(&e.2), "{}: {}", e.0, e.2);
    }
}

#[test]
fn the_sitemap_lists_every_page_but_404_with_dates_where_known() {
    let (out, _) = build(
        &fixture(),
        "https://example.org/some/path/",
        &["--no-search"],
    );
    let base = "https://example.org/some/path/";
    let xml = read(out.path(), "sitemap.xml");
    let els = elements(&xml);
    assert_eq!(els[0].0, "urlset");
    assert_eq!(
        els[0].1["xmlns"],
        "http://www.sitemaps.org/schemas/sitemap/0.9"
    );
    let mut lastmod: BTreeMap<String, Option<String>> = BTreeMap::new();
    let mut last = String::new();
    for (path, _, text) in &els {
        match path.as_str() {
            "urlset/url/loc" => {
                assert!(lastmod.insert(text.clone(), None).is_none(), "{text} twice");
                last = text.clone();
            }
            "urlset/url/lastmod" => {
                lastmod.insert(last.clone(), Some(text.clone()));
            }
            _ => {}
        }
    }
    let expected: BTreeSet<String> = files(out.path())
        .into_iter()
        .filter(|p| p.ends_with(".html") && p != "404.html")
        .map(|p| format!("{base}{}", p.strip_suffix("index.html").unwrap_or(&p)))
        .collect();
    assert_eq!(lastmod.keys().cloned().collect::<BTreeSet<_>>(), expected);
    assert!(expected.contains(&format!("{base}search/")));
    let at = |p: &str| lastmod[&format!("{base}{p}")].as_deref();
    assert_eq!(at(""), Some("2022-01-10"));
    assert_eq!(at("briefings/b-oldest/"), Some("2022-01-02"));
    assert_eq!(at("actors/tokayev/"), Some("2022-01-10"));
    assert_eq!(at("places/almaty/"), Some("2022-01-10"));
    // Published "2022-01" is not a day: the citing briefing's date counts.
    assert_eq!(at("sources/report-month/"), Some("2022-01-05"));
    assert_eq!(at("search/"), None);

    let robots = read(out.path(), "robots.txt");
    assert!(robots.contains("User-agent: *\n"), "{robots}");
    assert!(
        robots.contains(&format!("Sitemap: {base}sitemap.xml\n")),
        "{robots}"
    );
}

/// Every URL in a page: href, src, action, content (Open Graph), data-bundle.
fn urls(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in [
        " href=\"",
        " src=\"",
        " action=\"",
        " content=\"",
        " data-bundle=\"",
    ] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let end = rest.find('"').unwrap();
            let v = rest[..end].replace("&amp;", "&");
            // `content` holds URLs only in og:url and the like; the search
            // index is a directory: its script must be there.
            if attr == " data-bundle=\"" {
                if cfg!(feature = "search") {
                    out.push(format!("{v}pagefind.js"));
                }
            } else if attr != " content=\"" || v.starts_with("http") {
                out.push(v);
            }
            rest = &rest[end..];
        }
    }
    out
}

/// The problems of the URLs of a site built for `https://example.org/some/path/`:
/// every URL on example.org or root-relative must lie under /some/path/ and
/// name a file of the output.
fn outside(out: &Path) -> (usize, Vec<String>) {
    let all = files(out);
    let mut checked = 0;
    let mut problems = Vec::new();
    let mut check = |file: &str, url: &str| {
        let path = if let Some(rest) = url.strip_prefix("https://example.org") {
            rest
        } else if url.starts_with('/') && !url.starts_with("//") {
            url
        } else if url.contains("://") || url.starts_with('#') || url.starts_with("mailto:") {
            return;
        } else {
            problems.push(format!("{file}: relative URL {url}"));
            return;
        };
        checked += 1;
        let Some(rel) = path.strip_prefix("/some/path/") else {
            problems.push(format!("{file}: {url} is outside /some/path/"));
            return;
        };
        let rel = rel.split(['#', '?']).next().unwrap();
        let target = if rel.is_empty() || rel.ends_with('/') {
            format!("{rel}index.html")
        } else {
            rel.to_string()
        };
        if !all.contains(&target) {
            problems.push(format!("{file}: {url} names no file ({target})"));
        }
    };
    for f in &all {
        if f.ends_with(".html") {
            for u in urls(&read(out, f)) {
                check(f, &u);
            }
        } else if f.ends_with(".xml") {
            for (path, attrs, text) in elements(&read(out, f)) {
                if path.ends_with("/id") || path.ends_with("/loc") {
                    check(f, &text);
                }
                if let Some(h) = attrs.get("href") {
                    check(f, h);
                }
            }
        } else if f.ends_with(".css") {
            let css = read(out, f);
            for part in css.split("url(").skip(1) {
                let u = part.split(')').next().unwrap().trim_matches(['"', '\'']);
                check(f, u);
            }
        } else if f == "robots.txt" {
            for line in read(out, f).lines() {
                if let Some(u) = line.strip_prefix("Sitemap: ") {
                    check(f, u);
                }
            }
        }
    }
    (checked, problems)
}

#[test]
fn every_url_stays_under_the_sub_path_with_or_without_a_trailing_slash() {
    for base in [
        "https://example.org/some/path/",
        "https://example.org/some/path",
    ] {
        for root in [repo(), fixture()] {
            let (out, _) = build(&root, base, &[]);
            let (checked, problems) = outside(out.path());
            assert!(problems.is_empty(), "{base}: {problems:#?}");
            assert!(checked > 100, "{base}: only {checked} URLs checked");
            let search = read(out.path(), "search/index.html");
            assert!(search.contains(r#"data-bundle="/some/path/pagefind/""#));
            assert!(search.contains(r#"<script src="/some/path/search.js" defer>"#));
            if cfg!(feature = "search") {
                assert!(out.path().join("pagefind/pagefind.js").is_file());
            }
        }
    }
}

#[test]
fn pages_declare_language_description_canonical_and_feed() {
    let (out, _) = build(
        &fixture(),
        "https://example.org/some/path/",
        &["--no-search"],
    );
    for f in files(out.path()).iter().filter(|f| f.ends_with(".html")) {
        let html = read(out.path(), f);
        let url = format!(
            "https://example.org/some/path/{}",
            f.strip_suffix("index.html").unwrap_or(f)
        );
        assert!(html.contains(r#"<html lang="en">"#), "{f}");
        assert!(
            html.contains(r#"<meta name="description" content=""#),
            "{f}"
        );
        assert!(
            html.contains(&format!(r#"<meta property="og:url" content="{url}">"#)),
            "{f}"
        );
        assert!(
            html.contains(r#"<link rel="alternate" type="application/atom+xml""#),
            "{f}"
        );
        let canonical = format!(r#"<link rel="canonical" href="{url}">"#);
        if f == "404.html" || f == "search/index.html" {
            assert!(
                html.contains(r#"<meta name="robots" content="noindex">"#),
                "{f}"
            );
            assert!(!html.contains(&canonical), "{f}");
        } else {
            assert!(html.contains(&canonical), "{f}");
        }
        // Only the search page has a script.
        assert_eq!(html.contains("<script"), f == "search/index.html", "{f}");
    }
    let b = read(out.path(), "briefings/a-newest/index.html");
    assert!(b.contains(r#"<meta property="og:type" content="article">"#));
    assert!(b.contains(r#"<meta property="article:published_time" content="2022-01-10">"#));
    // A page without a description of its own gets the dossier's.
    let m = read(out.path(), "briefings/middle-briefing/index.html");
    assert!(m.contains(
        r#"<meta name="description" content="A small dossier for the feed, sitemap, search and sub-path tests.">"#
    ));
}

#[test]
fn the_search_page_says_what_to_do_without_javascript() {
    let (out, _) = build(
        &fixture(),
        "https://example.org/some/path/",
        &["--no-search"],
    );
    let html = read(out.path(), "search/index.html");
    // The form appears only when the script runs; until then, the message.
    assert!(html.contains(r#"<form class="search-form" role="search" action="/some/path/search/" method="get" hidden>"#));
    assert!(html.contains("Search needs JavaScript"));
    for section in ["tags", "timeline", "briefings"] {
        assert!(
            html.contains(&format!(r#"<a href="/some/path/{section}/">"#)),
            "{section}"
        );
    }
    // Every page links to it.
    let home = read(out.path(), "index.html");
    assert!(home.contains(r#"<a href="/some/path/search/">Search</a>"#));
    // Without an index (--no-search), there is no pagefind/ and the page says so when asked.
    assert!(!out.path().join("pagefind").exists());
    let js = read(out.path(), "search.js");
    assert!(js.contains("its index could not be loaded"));
}

/// The files under `dir` of the index, gunzipped, without Pagefind's
/// `pagefind_dcd` signature (which each must start with).
#[cfg(feature = "search")]
fn pagefind_files(out: &Path, dir: &str) -> Vec<Vec<u8>> {
    use std::io::Read;
    files(out)
        .iter()
        .filter(|f| f.starts_with(dir))
        .map(|f| {
            let mut data = Vec::new();
            flate2::read::GzDecoder::new(std::fs::File::open(out.join(f)).unwrap())
                .read_to_end(&mut data)
                .unwrap();
            let body = data.strip_prefix(b"pagefind_dcd");
            body.unwrap_or_else(|| panic!("{f} is not a Pagefind file"))
                .to_vec()
        })
        .collect()
}

/// Whether Pagefind's index holds `word` (as bytes in one of its chunks).
#[cfg(feature = "search")]
fn index_holds(out: &Path, word: &str) -> bool {
    pagefind_files(out, "pagefind/index/")
        .iter()
        .any(|data| data.windows(word.len()).any(|w| w == word.as_bytes()))
}

/// Pagefind's record of each indexed page (its URL, title and kind).
#[cfg(feature = "search")]
fn fragments(out: &Path) -> Vec<serde_json::Value> {
    pagefind_files(out, "pagefind/fragment/")
        .iter()
        .map(|data| serde_json::from_slice(data).unwrap())
        .collect()
}

/// A CBOR value, as Pagefind's index files hold them.
#[cfg(feature = "search")]
#[derive(Debug)]
enum Cbor {
    Int(i64),
    Text(String),
    Array(Vec<Cbor>),
}

#[cfg(feature = "search")]
impl Cbor {
    /// Reads the value at `at` (integers, text and arrays: all the index uses).
    fn read(data: &[u8], at: &mut usize) -> Cbor {
        let head = data[*at];
        *at += 1;
        let (major, info) = (head >> 5, head & 31);
        let n = match info {
            0..=23 => info as u64,
            24..=27 => {
                let len = 1 << (info - 24);
                let v = data[*at..*at + len]
                    .iter()
                    .fold(0u64, |v, b| (v << 8) | *b as u64);
                *at += len;
                v
            }
            _ => panic!("CBOR item {head:#x} is not one Pagefind writes"),
        };
        match major {
            0 => Cbor::Int(n as i64),
            1 => Cbor::Int(-1 - n as i64),
            3 => {
                let text = std::str::from_utf8(&data[*at..*at + n as usize]).unwrap();
                *at += n as usize;
                Cbor::Text(text.into())
            }
            4 => Cbor::Array((0..n).map(|_| Cbor::read(data, at)).collect()),
            _ => panic!("CBOR major type {major} is not one Pagefind writes"),
        }
    }
    fn parse(data: &[u8]) -> Cbor {
        Cbor::read(data, &mut 0)
    }
    fn items(&self) -> &[Cbor] {
        match self {
            Cbor::Array(v) => v,
            other => panic!("{other:?} is not an array"),
        }
    }
    fn text(&self) -> &str {
        match self {
            Cbor::Text(t) => t,
            other => panic!("{other:?} is not text"),
        }
    }
    fn int(&self) -> i64 {
        match self {
            Cbor::Int(i) => *i,
            other => panic!("{other:?} is not an integer"),
        }
    }
}

/// The URLs of the pages the index lists for `word` (a stemmed, lower-cased
/// index word) and its diacritic variants, found as the browser runtime
/// finds them: the language's meta file, the word chunk whose range holds
/// the word, page numbers (delta-encoded) into the meta's page list, and
/// each page's fragment.
#[cfg(feature = "search")]
fn search(out: &Path, word: &str) -> BTreeSet<String> {
    let gunzip = |rel: &str| -> Vec<u8> {
        use std::io::Read;
        let mut data = Vec::new();
        flate2::read::GzDecoder::new(std::fs::File::open(out.join(rel)).unwrap())
            .read_to_end(&mut data)
            .unwrap();
        data.strip_prefix(b"pagefind_dcd").unwrap().to_vec()
    };
    let entry: serde_json::Value =
        serde_json::from_str(&read(out, "pagefind/pagefind-entry.json")).unwrap();
    let hash = entry["languages"]["en"]["hash"].as_str().unwrap();
    let meta = Cbor::parse(&gunzip(&format!("pagefind/pagefind.{hash}.pf_meta")));
    let [_version, pages, chunks, ..] = meta.items() else {
        panic!("{meta:?}")
    };
    let mut urls = BTreeSet::new();
    for chunk in chunks.items() {
        let [from, to, hash] = chunk.items() else {
            panic!("{chunk:?}")
        };
        // Chunk bounds are shortened to distinguishing prefixes.
        if word < from.text() || (word > to.text() && !word.starts_with(to.text())) {
            continue;
        }
        let index = Cbor::parse(&gunzip(&format!("pagefind/index/{}.pf_index", hash.text())));
        for w in index.items()[0].items() {
            let [text, word_pages, variants] = w.items() else {
                panic!("{w:?}")
            };
            if text.text() != word {
                continue;
            }
            let lists =
                std::iter::once(word_pages).chain(variants.items().iter().map(|v| &v.items()[1]));
            for list in lists {
                let mut page = 0;
                for p in list.items() {
                    page += p.items()[0].int();
                    let hash = pages.items()[page as usize].items()[0].text();
                    let frag: serde_json::Value = serde_json::from_slice(&gunzip(&format!(
                        "pagefind/fragment/{hash}.pf_fragment"
                    )))
                    .unwrap();
                    urls.insert(frag["url"].as_str().unwrap().to_string());
                }
            }
        }
    }
    urls
}

#[cfg(feature = "search")]
#[test]
fn the_search_index_holds_kazakh_and_russian_words_and_the_right_pages() {
    let (out, said) = build(&fixture(), "https://example.org/some/path/", &[]);
    let out = out.path();
    let entry: serde_json::Value =
        serde_json::from_str(&read(out, "pagefind/pagefind-entry.json")).unwrap();
    assert!(entry["languages"]["en"].is_object(), "{entry}");
    // Words are indexed lower-cased, Kazakh letters (қ) and all; English
    // words by their stem ("almaty" as "almati").
    for word in ["тоқаев", "токаев", "алматы", "tokayev", "almati"] {
        assert!(index_holds(out, word), "{word} is not in the index");
    }
    assert!(!index_holds(out, "zanzibar"));
    let frags = fragments(out);
    let by_url: BTreeMap<&str, &serde_json::Value> = frags
        .iter()
        .map(|f| (f["url"].as_str().unwrap(), f))
        .collect();
    // URLs are relative to the site's root: the browser runtime adds the
    // directory it was loaded from (/some/path/).
    let indexed: BTreeSet<&str> = by_url.keys().copied().collect();
    assert_eq!(
        indexed,
        BTreeSet::from([
            "/actors/tokayev/",
            "/briefings/a-newest/",
            "/briefings/b-oldest/",
            "/briefings/middle-briefing/",
            "/places/almaty/",
            "/sources/report-jan/",
            "/sources/report-month/",
        ])
    );
    // A word of a briefing's body finds it.
    assert!(index_holds(out, "liquefi"));
    let body = by_url["/briefings/b-oldest/"]["content"].as_str().unwrap();
    assert!(body.contains("Prices of liquefied gas doubled"), "{body}");
    let t = by_url["/actors/tokayev/"];
    assert_eq!(t["meta"]["title"], "Kassym-Jomart Tokayev");
    assert_eq!(t["meta"]["kind"], "Actor");
    // Navigation and the footer are not content.
    let content = t["content"].as_str().unwrap();
    assert!(content.contains("Қасым-Жомарт Тоқаев"), "{content}");
    assert!(!content.contains("Skip to content") && !content.contains("Every number on this site"));
    // What an actor's page lists is found on the briefings it comes from.
    assert!(!content.contains("Newest briefing"), "{content}");
    assert!(said.contains("7 pages in the search index"), "{said}");
    // Read as the runtime reads it, each word leads to its pages.
    let urls = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
    assert_eq!(search(out, "liquefi"), urls(&["/briefings/b-oldest/"]));
    assert!(search(out, "тоқаев").contains("/actors/tokayev/"));
    assert!(search(out, "almati").contains("/places/almaty/"));
    assert!(search(out, "zanzibar").is_empty());
}

#[cfg(feature = "search")]
#[test]
fn the_shipped_dossier_is_found_by_its_kazakh_and_russian_names() {
    let (out, _) = build(&repo(), "https://example.org/", &[]);
    let out = out.path();
    // Read as the runtime reads it: Тоқаев and Токаев are two index words;
    // ҰҚШҰ, the Kazakh acronym of the CSTO, is indexed lower-cased.
    for (word, page) in [
        ("тоқаев", "/actors/tokayev/"),
        ("токаев", "/actors/tokayev/"),
        ("алматы", "/places/almaty/"),
        ("ұқшұ", "/actors/csto/"),
    ] {
        assert!(
            search(out, word).contains(page),
            "{word}: {:?}",
            search(out, word)
        );
    }
}

#[test]
fn build_prints_one_line_or_nothing_with_quiet() {
    let (out, said) = build(&fixture(), "https://example.org/", &[]);
    // Not a terminal here: no progress bar, one summary line.
    assert_eq!(said.lines().count(), 1, "{said}");
    assert!(
        said.starts_with("Built 20 pages (3 briefings, 0 figures"),
        "{said}"
    );
    assert!(said.contains(" in ") && said.contains(" → "), "{said}");
    let (_, said) = build(&fixture(), "https://example.org/", &["--quiet"]);
    assert_eq!(said, "");
    let (_, said) = build(&fixture(), "https://example.org/", &["--no-search"]);
    assert!(!said.contains("search index"), "{said}");
    drop(out);
}

/// The library reports progress through the callback, stage by stage, with
/// counts that only grow; it prints nothing itself.
#[test]
fn progress_is_reported_stage_by_stage() {
    use dossier::build::{BuildOptions, Progress, Reporter, Stage};
    use std::sync::{Arc, Mutex};
    let out = tempfile::tempdir().unwrap();
    let seen: Arc<Mutex<Vec<Progress>>> = Arc::default();
    let mut o = BuildOptions::new(fixture());
    o.output = out.path().join("site");
    let sink = Arc::clone(&seen);
    o.progress = Reporter::new(move |p| sink.lock().unwrap().push(p));
    let report = dossier::build::build(&o).unwrap();
    let seen = seen.lock().unwrap();
    let mut stages: Vec<Stage> = seen.iter().map(|p| p.stage).collect();
    stages.dedup();
    let expected: &[Stage] = if cfg!(feature = "search") {
        &[Stage::Load, Stage::Render, Stage::Index, Stage::Write]
    } else {
        &[Stage::Load, Stage::Render, Stage::Write]
    };
    assert_eq!(stages, expected);
    for w in seen.windows(2) {
        if w[0].stage == w[1].stage {
            assert!(w[0].done <= w[1].done && w[0].total == w[1].total, "{w:?}");
        }
    }
    let last = |s: Stage| *seen.iter().rev().find(|p| p.stage == s).unwrap();
    let render = last(Stage::Render);
    assert_eq!(render.done, render.total);
    assert!(render.total >= 18, "{render:?}");
    let write = last(Stage::Write);
    assert_eq!((write.done, write.total), (report.files, report.files));
    if cfg!(feature = "search") {
        let index = last(Stage::Index);
        assert_eq!((index.done, index.total), (7, 7));
        assert_eq!(report.indexed, Some(7));
    }
}

/// The shipped dossier with `pagination: 5`, built under a sub-path.
fn paginated() -> (tempfile::TempDir, tempfile::TempDir) {
    let src = tempfile::tempdir().unwrap();
    let repo = repo();
    for e in walkdir::WalkDir::new(repo.join("content")) {
        let e = e.unwrap();
        let dest = src.path().join(e.path().strip_prefix(&repo).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
    let config = std::fs::read_to_string(repo.join("dossier.yaml")).unwrap();
    std::fs::write(
        src.path().join("dossier.yaml"),
        format!("{config}\npagination: 5\n"),
    )
    .unwrap();
    let (out, _) = build(
        src.path(),
        "https://example.org/some/path/",
        &["--no-search"],
    );
    (src, out)
}

/// Every ledger row (`<tbody id="…">`) of a page.
fn ledger_rows(html: &str) -> Vec<String> {
    html.split("<tbody id=\"")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].to_string())
        .collect()
}

#[test]
fn long_lists_are_paginated_and_every_page_is_linked_and_in_the_sitemap() {
    let (_src, out) = paginated();
    let out = out.path();
    let all = files(out);
    // 12 briefings at 5 a page; the tag, timeline, ledger and record pages too.
    for p in [
        "briefings/page/2/index.html",
        "briefings/page/3/index.html",
        "timeline/page/2/index.html",
        "casualties/page/2/index.html",
        "actors/page/2/index.html",
        "sources/page/2/index.html",
    ] {
        assert!(all.contains(p), "{p} missing");
    }
    assert!(!all.contains("briefings/page/4/index.html"));
    assert!(!all.contains("briefings/page/1/index.html"));
    assert!(all
        .iter()
        .any(|p| p.starts_with("actors/") && p.contains("/page/2/")));
    // Page links resolve under the sub-path.
    assert_eq!(broken_links(out, "/some/path/"), Vec::<String>::new());
    let second = read(out, "briefings/page/2/index.html");
    assert!(
        second.contains(r#"<link rel="prev" href="/some/path/briefings/">"#),
        "{second}"
    );
    assert!(second.contains(r#"<link rel="next" href="/some/path/briefings/page/3/">"#));
    assert!(second.contains(r#"<a rel="next" href="/some/path/briefings/page/3/">"#));
    assert!(second.contains(r#"<a href="/some/path/briefings/page/2/" aria-current="page">2</a>"#));
    assert!(second.contains("<title>Briefings, page 2 of 3"), "{second}");
    assert!(second.contains(
        r#"<link rel="canonical" href="https://example.org/some/path/briefings/page/2/">"#
    ));
    assert!(second.contains("12 briefings, newest first."));
    let first = read(out, "briefings/index.html");
    assert!(!first.contains(r#"rel="prev""#));
    // The sitemap lists every page.
    let sitemap = read(out, "sitemap.xml");
    for p in all
        .iter()
        .filter(|p| p.ends_with(".html") && *p != "404.html")
    {
        let url = format!(
            "<loc>https://example.org/some/path/{}</loc>",
            p.strip_suffix("index.html").unwrap_or(p)
        );
        assert!(sitemap.contains(&url), "{url} not in the sitemap");
    }
    // The ledger's pages hold every row of the one-page ledger, once, in order.
    let whole = {
        let (o, _) = build(&repo(), "https://example.org/some/path/", &["--no-search"]);
        ledger_rows(&read(o.path(), "casualties/index.html"))
    };
    assert!(whole.len() > 10, "{}", whole.len());
    let mut paged = Vec::new();
    for n in 1.. {
        let p = if n == 1 {
            "casualties/index.html".to_string()
        } else {
            format!("casualties/page/{n}/index.html")
        };
        if !all.contains(&p) {
            break;
        }
        let rows = ledger_rows(&read(out, &p));
        assert!(rows.len() <= 5, "{p}: {} rows", rows.len());
        paged.extend(rows);
    }
    assert_eq!(paged, whole);
    assert!(read(out, "casualties/page/2/index.html").contains("(continued)"));
    // Links to a figure or a group of the ledger go to the page it is on.
    let mut checked = 0;
    for p in all.iter().filter(|p| p.ends_with(".html")) {
        for link in links(&read(out, p)) {
            let Some((page, anchor)) = link
                .strip_prefix("/some/path/")
                .filter(|l| l.starts_with("casualties/"))
                .and_then(|l| l.split_once('#'))
            else {
                continue;
            };
            let target = read(out, &format!("{page}index.html"));
            assert!(
                target.contains(&format!(r#" id="{anchor}""#)),
                "{p}: {link}"
            );
            checked += 1;
        }
    }
    assert!(checked > 50, "{checked} ledger links");
}
