//! The search index reads a page of a plain shape without lol_html
//! (`vendor/pagefind/src/fossick/fast.rs`). What it finds must be what
//! lol_html's parse finds, to the byte: these tests make random pages in
//! and around that shape (nested block and inline elements, ids, Pagefind's
//! `data-pagefind-*` attributes, `nav` and `thead`, headings, `br` and
//! `img`, entities, Russian and Kazakh text, odd blanks) and check that,
//! whenever the fast parse takes a page, its result equals lol_html's on
//! the whole page, fed in pieces of any size, and that it takes most.
#![cfg(feature = "search")]

mod common;
use common::*;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};

/// What dossier excludes (`search::EXCLUDED`).
fn dossiers() -> Vec<String> {
    vec!["nav".into(), "thead".into()]
}

/// Exclude selectors: dossier's mostly; other plain names sometimes, and
/// selectors the fast parse leaves to lol_html.
fn excluded() -> impl Strategy<Value = Vec<String>> {
    prop_oneof![
        8 => Just(dossiers()),
        1 => Just(vec![]),
        1 => Just(vec!["nav".into(), "thead".into(), "p".into(), "h2".into()]),
        1 => Just(vec!["section".into(), "em".into(), "title".into()]),
        1 => Just(vec!["br".into()]),
        1 => Just(vec![".ad".into(), "div > p".into()]),
    ]
}

fn text_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::sample::select(vec![
            "Almaty", "protest", "police", "Алматы", "митинг", "полиция", "қазақ",
            "тілі", "Әкімдік", "ғимарат", "Өскемен", "ұлт", "үкімет", "һ", "Іле",
            "word", "Don't", "1986", "x", "It", "ends",
        ]).prop_map(str::to_string),
        3 => prop::sample::select(vec![
            " ", " ", "\n", "\t", "\r\n", "\r", "  ", "\u{a0}", "\u{2009}", "\u{200b}",
            "\x0C",
        ]).prop_map(str::to_string),
        2 => prop::sample::select(vec![
            ".", "?", "!", ":", "'", "\"", ")", "(", "$", "*", ",", "—", ">", "=",
        ]).prop_map(str::to_string),
        2 => prop::sample::select(vec![
            "&amp;", "&lt;", "&gt;", "&quot;", "&#39;", "&nbsp;", "&#1179;", "&#x4D9;",
            "&no", "t;", "&", "&amp", "&notit;", "&copy", "&Auml;", "&#0;", "&#x110000;",
            "&unknown;",
        ]).prop_map(str::to_string),
        1 => prop::sample::select(vec!["\0", "\u{feff}", "\u{85}", "\u{2028}"]).prop_map(str::to_string),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(text_piece(), 0..6).prop_map(|v| v.concat())
}

/// An attribute value: plain, with entities, in Russian or Kazakh.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "",
            "x",
            "index",
            "all",
            "true",
            "TRUE",
            "All",
            "bogus",
            "2",
            "0.5",
            "main",
            "type:post",
            "k:v:w",
            "img[src]",
            "cat[src], alt[alt]",
            "self[data-pagefind-meta]",
            "title, src",
            "alt",
            "ru",
            "kk",
            "EN",
            "a b",
            "a&amp;b",
            "Қазақ &amp; Ә",
            "/cat.png?w=1&amp;f=webp",
            "&no",
            "t;",
            "Алматы",
            " sp aced ",
            "\u{feff}x",
            "a\nb",
            "tag[ ]",
            "name[]",
            "x[data-pagefind-title]",
        ])
        .prop_map(str::to_string),
        text(),
    ]
}

fn attribute() -> impl Strategy<Value = String> {
    let name = prop::sample::select(vec![
        "id",
        "ID",
        "class",
        "lang",
        "src",
        "alt",
        "title",
        "href",
        "data-x",
        "data-pagefind-ignore",
        "data-pagefind-body",
        "data-pagefind-meta",
        "data-pagefind-filter",
        "data-pagefind-weight",
        "data-pagefind-sort",
        "data-pagefind-default-meta",
        "data-pagefind-title",
        "data-pagefind-index-attrs",
        "DATA-PAGEFIND-IGNORE",
        "data-pagefind-other",
        "hidden",
    ]);
    let quote = prop::sample::select(vec!["\"", "'", "", "none"]);
    let ignore = prop_oneof![
        30 => prop::sample::select(vec!["", "index", "all", "true", "TRUE", "All"]),
        1 => Just("bogus"),
    ];
    (name, value(), ignore, quote).prop_map(|(name, value, ignore, quote)| {
        let value = if name.eq_ignore_ascii_case("data-pagefind-ignore") {
            ignore.to_string()
        } else {
            value
        };
        match quote {
            "none" => format!(" {name}"),
            "" => {
                if value.is_empty()
                    || value.contains(|c: char| c.is_whitespace() || "\"'<=`>".contains(c))
                {
                    format!(" {name}=\"{}\"", value.replace('"', ""))
                } else {
                    format!(" {name}={value}")
                }
            }
            q => format!(" {name}={q}{}{q}", value.replace(q, "")),
        }
    })
}

fn attributes() -> impl Strategy<Value = String> {
    prop::collection::vec(attribute(), 0..3).prop_map(|v| v.concat())
}

fn void_element() -> impl Strategy<Value = String> {
    let name = prop::sample::select(vec!["br", "img", "hr", "input", "meta", "link", "wbr"]);
    let end = prop::sample::select(vec![">", "/>", " />"]);
    (name, attributes(), end).prop_map(|(n, a, e)| format!("<{n}{a}{e}"))
}

/// Elements with content, as the default theme writes them, and a few
/// the fast parse refuses.
fn element_name() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        1 => prop::sample::select(vec![
            "div", "p", "span", "a", "b", "em", "strong", "section", "article", "main",
            "header", "ul", "li", "ol", "dl", "dt", "dd", "table", "tr", "td", "th",
            "tbody", "h1", "h2", "h3", "h4", "h5", "h6", "nav", "thead", "footer",
            "label", "form", "code", "time", "small", "aside", "figure", "blockquote",
            "cite", "q", "sup",
        ]),
    ]
}

fn content() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![4 => text(), 1 => void_element()];
    leaf.prop_recursive(5, 64, 5, |inner| {
        prop_oneof![
            3 => (element_name(), attributes(), prop::collection::vec(inner.clone(), 0..5))
                .prop_map(|(n, a, kids)| format!("<{n}{a}>{}</{n}>", kids.concat())),
            1 => prop::collection::vec(inner, 0..5).prop_map(|kids| kids.concat()),
        ]
    })
}

fn head() -> impl Strategy<Value = String> {
    (
        prop::option::of(text()),
        prop::collection::vec(void_element(), 0..3),
        prop_oneof![
            9 => prop::sample::select(vec!["</title>", "</title >", "</title\n>"]),
            1 => prop::sample::select(vec!["</TITLE>", "</title/>", "</titlex>"]),
        ],
    )
        .prop_map(|(title, voids, close)| {
            let title = title
                .map(|t| format!("<title>{t}{close}"))
                .unwrap_or_default();
            format!(
                "<head>\n<meta charset=\"utf-8\">{title}{}</head>",
                voids.concat()
            )
        })
}

/// A page in the default theme's shape, often with one flaw.
fn page() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["<!DOCTYPE html>\n", "<!doctype html>", "", " \n"]),
        prop::sample::select(vec![
            "<html lang=\"en\">", "<html lang=\"ru\">", "<html lang='kk'>", "<html>",
            "<html lang=\"EN-gb\" data-pagefind-meta=\"site:dossier\">",
        ]),
        head(),
        attributes(),
        prop::collection::vec(content(), 0..4),
        prop::collection::vec(content(), 0..3),
        prop::sample::select(vec!["\n", "", "\r\n"]),
        prop::option::weighted(0.15, (any::<prop::sample::Index>(), prop::sample::select(vec![
            "<", "<!-- x -->", "<DIV>", "</div>", "<div>", "<p/>", "<b", "&no", "\u{feff}",
            "</", "<3", "< p>", "<script>x</script>", "<svg><p>x</p></svg>", "<title>t</title>",
            "<title>a</p>b</title>", "<style>p{}</style>", "<textarea>a</textarea>", "x",
            "<html>", "<![CDATA[x]]>", "<?php ?>", "</>", "<br/>", "<td>",
        ]))),
    )
        .prop_map(|(doctype, html, head, body_attrs, main, aside, end, flaw)| {
            let mut page = format!(
                "{doctype}{html}\n{head}\n<body>\n<header><nav><a href=\"/\">Site</a></nav></header>\n\
                 <main data-pagefind-body{body_attrs}>\n{}\n</main>\n<footer>{}</footer>\n</body>\n</html>{end}",
                main.concat(),
                aside.concat(),
            );
            if let Some((at, flaw)) = flaw {
                let mut i = at.index(page.len());
                while !page.is_char_boundary(i) {
                    i -= 1;
                }
                page.insert_str(i, flaw);
            }
            page
        })
}

/// Whether the fast parse took the page; if it did, it must agree with
/// lol_html.
fn check(page: &str, excluded: Vec<String>, chunk: usize) -> Result<bool, TestCaseError> {
    let (fast, lol) = pagefind::api::compare_parses(page, excluded, chunk)
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    if let Some(fast) = &fast {
        prop_assert_eq!(fast, &lol, "fast parse of {:?}", page);
    }
    Ok(fast.is_some())
}

#[test]
fn the_fast_parse_finds_what_lol_html_finds() {
    // SEARCH_PARSE_CASES=200000 for a longer run.
    let cases = std::env::var("SEARCH_PARSE_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(3000);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let chunk = prop_oneof![1 => 1usize..64, 1 => Just(20_000usize)];
    runner
        .run(&(page(), excluded(), chunk), |(page, excluded, chunk)| {
            check(&page, excluded, chunk).map(|_| ())
        })
        .unwrap();
}

#[test]
fn the_fast_parse_takes_most_plain_pages() {
    // The same pages, counted: most are of the plain shape.
    let mut runner = TestRunner::deterministic();
    let strategy = page();
    let (mut taken, total) = (0, 1000);
    for _ in 0..total {
        let page = strategy.new_tree(&mut runner).unwrap().current();
        if check(&page, dossiers(), 20_000).unwrap() {
            taken += 1;
        }
    }
    eprintln!("{taken} of {total} taken");
    assert!(taken * 2 > total, "{taken} of {total} taken");
}

#[test]
fn the_default_themes_pages_are_all_read_by_the_fast_parse() {
    // The shipped dossier, in the default theme: every page marked for
    // search is of the plain shape, and the fast parse agrees there too.
    let out = build_site(&repo(), &["--no-search"]);
    let site = out.path().join("site");
    let mut marked = 0;
    for rel in files(&site).iter().filter(|rel| rel.ends_with(".html")) {
        let html = std::fs::read_to_string(site.join(rel)).unwrap();
        if !html.contains("data-pagefind-body") {
            continue;
        }
        marked += 1;
        let (fast, lol) = pagefind::api::compare_parses(&html, dossiers(), 20_000).unwrap();
        assert_eq!(fast.as_deref(), Some(lol.as_str()), "{rel}");
    }
    assert!(marked > 10, "{marked} pages marked");
}
