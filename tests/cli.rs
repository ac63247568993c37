//! The `dossier` binary as an editor uses it: init, build, check; exact
//! error messages for bad input; the last good site kept on failure.

mod common;
use common::*;
use std::path::Path;

#[test]
fn init_scaffolds_a_dossier_that_builds_at_once() {
    let d = init_dossier();
    let o = run(d.path(), &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = d.path().join("public");
    for page in [
        "index.html",
        "briefings/index.html",
        "briefings/first-briefing/index.html",
        "timeline/index.html",
        "casualties/index.html",
        "actors/example-ministry/index.html",
        "places/example-city/index.html",
        "sources/example-report/index.html",
        "tags/example/index.html",
        "changes/index.html",
        "404.html",
        "style.css",
    ] {
        assert!(out.join(page).is_file(), "missing {page}");
    }
    assert!(
        stderr(&o).starts_with("Built 16 pages (1 briefing, 1 figure"),
        "{}",
        stderr(&o)
    );
    // init refuses to overwrite.
    dossier().arg("init").arg(d.path()).assert().failure();
}

#[test]
fn check_writes_nothing() {
    let d = init_dossier();
    let o = run(d.path(), &["check"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!d.path().join("public").exists());
}

/// Every problem of a dossier, at once, each located, with hints.
#[test]
fn every_problem_is_reported_at_once_with_its_location() {
    let d = init_dossier();
    let r = d.path();
    write(
        r,
        "content/briefings/bad-date.md",
        "---\ntitle: \"Bad\"\ndate: 2022-02-30\n---\nx\n",
    );
    write(
        r,
        "content/briefings/typo.md",
        "---\ntitel: \"Typo\"\ndate: 2022-01-01\n---\n",
    );
    write(
        r,
        "content/briefings/open.md",
        "---\ntitle: \"Open\"\ndate: 2022-01-01\nno end\n",
    );
    write(
        r,
        "content/briefings/wrong-type.md",
        "---\ntitle: \"T\"\ndate: 2022-01-01\ntags: 7\n---\n",
    );
    write(
        r,
        "content/briefings/syntax.md",
        "---\ntitle: \"Unterminated\ndate: 2022-01-01\n---\n",
    );
    std::fs::write(
        r.join("content/briefings/latin1.md"),
        b"---\ntitle: \"Caf\xe9\"\ndate: 2022-01-01\n---\n",
    )
    .unwrap();
    write(
        r,
        "content/briefings/refs.md",
        "---\ntitle: \"Refs\"\ndate: 2022-01-01\nsources: [example-reprot]\nfigures:\n  - measure: kiled\n    count: 3\n    as_of: 2022-01-01\n    claimed_by: example-ministry\n    source: example-report\n---\nSee [[example-ministy]] and [[first-briefing]].\n",
    );
    let o = run(r, &["check"]);
    assert_eq!(o.status.code(), Some(1));
    let expected = r#"error: `2022-02-30` is not a real date: February 2022 has 28 days
  --> content/briefings/bad-date.md:3:7
  |
3 | date: 2022-02-30
  |       ^^^^^^^^^^

error: this file is not valid UTF-8
  --> content/briefings/latin1.md:2:12
  = help: save the file as UTF-8 (most editors have an "encoding" setting)

error: unclosed front matter: no closing `---` line
  --> content/briefings/open.md:1:1
  |
1 | ---
  | ^^^
  = help: end the front matter with a line `---` before the Markdown body

error: unknown source `example-reprot`
  --> content/briefings/refs.md:4:11
  |
4 | sources: [example-reprot]
  |           ^^^^^^^^^^^^^^
  = help: did you mean `example-report`?

error: unknown measure `kiled`
  --> content/briefings/refs.md:6:14
  |
6 |   - measure: kiled
  |              ^^^^^
  = help: did you mean `killed`?

error: unknown link target `example-ministy`
  --> content/briefings/refs.md:12:5
   |
12 | See [[example-ministy]] and [[first-briefing]].
   |     ^^^^^^^^^^^^^^^^^^^
   = help: did you mean `[[example-ministry]]`?

error: found unexpected end of stream, while scanning a quoted scalar at line 2 column 8
  --> content/briefings/syntax.md:4:1
  |
4 | ---
  | ^^^
"#;
    let err = stderr(&o);
    assert!(err.starts_with(expected), "got:\n{err}");
    assert!(
        err.contains(
            r#"error: unknown field `titel`
  --> content/briefings/typo.md:2:1
  |
2 | titel: "Typo"
  | ^^^^^
  = help: did you mean `title`?
"#
        ),
        "got:\n{err}"
    );
    assert!(
        err.contains(
            r#"error: tags: invalid type: integer `7`, expected a sequence
  --> content/briefings/wrong-type.md:4:7
  |
4 | tags: 7
  |       ^
"#
        ),
        "got:\n{err}"
    );
    assert!(
        err.ends_with("error: could not check the dossier: 9 errors\n"),
        "got:\n{err}"
    );
}

#[test]
fn duplicate_ids_are_errors() {
    let d = init_dossier();
    let r = d.path();
    write(
        r,
        "content/places/example-report.md",
        "---\nname: \"Clash\"\n---\n",
    );
    write(
        r,
        "content/briefings/second.md",
        "---\ntitle: \"Second\"\ndate: 2024-01-02\nfigures:\n  - id: example-injured-0101\n    measure: injured\n    count: 1\n    as_of: 2024-01-01\n    claimed_by: example-ministry\n    source: example-report\n---\n",
    );
    let o = run(r, &["check"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains(
        "error: duplicate id `example-report`: content/sources/example-report.md has it too\n  --> content/places/example-report.md\n  = help: ids are file names and must be unique across briefings, actors, places and sources; rename one file\n"
    ) || err.contains(
        "error: duplicate id `example-report`: content/places/example-report.md has it too\n  --> content/sources/example-report.md\n"
    ), "got:\n{err}");
    assert!(err.contains(
        "error: duplicate figure id `example-injured-0101`: content/briefings/first-briefing.md:"
    ), "got:\n{err}");
}

#[test]
fn unknown_fields_in_nested_records_name_their_path() {
    let d = init_dossier();
    let r = d.path();
    write(
        r,
        "content/briefings/nested.md",
        "---\ntitle: \"N\"\ndate: 2024-01-02\nfigures:\n  - measure: injured\n    cont: 1\n    as_of: 2024-01-01\n    claimed_by: example-ministry\n    source: example-report\n---\n",
    );
    let o = run(r, &["check"]);
    let err = stderr(&o);
    assert!(err.starts_with(
        "error: figures[0]: unknown field `cont`\n  --> content/briefings/nested.md:6:5\n  |\n6 |     cont: 1\n  |     ^^^^\n  = help: did you mean `count`?\n"
    ), "got:\n{err}");
}

#[test]
fn a_failed_build_keeps_the_last_good_site() {
    let d = init_dossier();
    let r = d.path();
    assert!(run(r, &["build"]).status.success());
    let out = r.join("public");
    let before = files(&out);
    let home = std::fs::read(out.join("index.html")).unwrap();
    write(r, "content/briefings/broken.md", "---\ntitle: [\n---\n");
    let o = run(r, &["build"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(files(&out), before);
    assert_eq!(std::fs::read(out.join("index.html")).unwrap(), home);
    // Nothing is left beside it.
    let siblings: Vec<_> = std::fs::read_dir(r)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    assert!(
        !siblings
            .iter()
            .any(|n| n.to_string_lossy().starts_with(".public")),
        "{siblings:?}"
    );
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let d = init_dossier();
    let r = d.path();
    write(
        r,
        "content/briefings/wip.md",
        "---\ntitle: \"Work in progress\"\ndate: 2024-02-01\ndraft: true\n---\n",
    );
    assert!(run(r, &["build"]).status.success());
    assert!(!r.join("public/briefings/wip/index.html").exists());
    assert!(run(r, &["build", "--drafts"]).status.success());
    assert!(r.join("public/briefings/wip/index.html").exists());
}

#[test]
fn named_actors_and_places_without_profiles_get_pages_but_sources_must_exist() {
    let d = init_dossier();
    let r = d.path();
    write(
        r,
        "content/briefings/more.md",
        "---\ntitle: \"More\"\ndate: 2024-01-03\nactors: [red-cross]\nplaces: [north-district]\nsources: [example-report]\n---\n[[red-cross]] went to [[north-district]].\n",
    );
    let o = run(r, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let actor = std::fs::read_to_string(r.join("public/actors/red-cross/index.html")).unwrap();
    assert!(actor.contains("<h1>Red cross</h1>"));
    assert!(actor.contains("/briefings/more/"));
    assert!(r.join("public/places/north-district/index.html").exists());
    let body = std::fs::read_to_string(r.join("public/briefings/more/index.html")).unwrap();
    assert!(body.contains(r#"<a href="/actors/red-cross/">Red cross</a> went to <a href="/places/north-district/">North district</a>"#));

    write(
        r,
        "content/briefings/more.md",
        "---\ntitle: \"More\"\ndate: 2024-01-03\nsources: [nowhere-report]\n---\n",
    );
    let err = stderr(&run(r, &["check"]));
    assert!(
        err.contains(
            "error: unknown source `nowhere-report`\n  --> content/briefings/more.md:4:11\n"
        ),
        "{err}"
    );
    assert!(
        err.contains(
            "= help: every cited source needs a record: add content/sources/nowhere-report.md"
        ),
        "{err}"
    );
}

#[test]
fn front_matter_text_never_becomes_markup() {
    let d = init_dossier();
    let r = d.path();
    write(r, "content/briefings/xss.md", "---\ntitle: \"<script>alert(1)</script> & co\"\ndate: 2024-01-03\nsummary: \"<b>bold</b>\"\n---\n");
    assert!(run(r, &["build"]).status.success());
    let page = std::fs::read_to_string(r.join("public/briefings/xss/index.html")).unwrap();
    assert!(!page.contains("<script>alert(1)"));
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt; &amp; co")
            || page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"),
        "{page}"
    );
    assert!(!page.contains("<b>bold</b>"));
}

#[test]
fn names_sort_by_the_language_not_by_code_point() {
    let d = init_dossier();
    let r = d.path();
    for (id, name) in [
        ("a-echo", "Echo"),
        ("a-ebola", "Ébola"),
        ("a-delta", "Delta"),
        ("a-almaty", "Алматы"),
        ("a-aqtobe", "Ақтөбе"),
    ] {
        write(
            r,
            &format!("content/actors/{id}.md"),
            &format!("---\nname: \"{name}\"\n---\n"),
        );
    }
    assert!(run(r, &["build"]).status.success());
    let page = std::fs::read_to_string(r.join("public/actors/index.html")).unwrap();
    let pos = |s: &str| {
        page.find(&format!(">{s}</a>"))
            .unwrap_or_else(|| panic!("{s} not listed"))
    };
    assert!(
        pos("Delta") < pos("Ébola") && pos("Ébola") < pos("Echo"),
        "Ébola sorts with the Es"
    );
    assert!(pos("Echo") < pos("Алматы"), "Latin before Cyrillic");
    // Kazakh Қ follows К and precedes Л; code-point order (U+049B > U+043B) would put it last.
    assert!(
        pos("Ақтөбе") < pos("Алматы"),
        "Kazakh letters sort in alphabet order"
    );
}

#[test]
fn templates_override_the_theme_file_by_file_and_errors_are_located() {
    let d = init_dossier();
    let r = d.path();
    write(
        r,
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<h1>Lost</h1>{% endblock content %}",
    );
    assert!(run(r, &["build"]).status.success());
    let page = std::fs::read_to_string(r.join("public/404.html")).unwrap();
    assert!(page.contains("<h1>Lost</h1>"));
    assert!(
        page.contains("style.css"),
        "still extends the theme's base.html"
    );

    write(
        r,
        "templates/404.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{{ nope( }}\n{% endblock content %}",
    );
    let o = run(r, &["build"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.starts_with("error: template: "), "{err}");
    assert!(err.contains("--> templates/404.html:3:"), "{err}");
}

#[test]
fn a_base_url_under_a_sub_path_keeps_every_link_inside_it() {
    let d = init_dossier();
    let r = d.path();
    let out = r.join("out");
    for url in [
        "http://127.0.0.1:8080/sub/dir/",
        "http://127.0.0.1:8080/sub/dir",
    ] {
        let o = run(r, &["build", "-u", url, "-o", out.to_str().unwrap()]);
        assert!(o.status.success(), "{}", stderr(&o));
        let problems = broken_links(&out, "/sub/dir/");
        assert!(problems.is_empty(), "{problems:#?}");
        let home = std::fs::read_to_string(out.join("index.html")).unwrap();
        assert!(
            home.contains(r#"<link rel="canonical" href="http://127.0.0.1:8080/sub/dir/">"#),
            "{home}"
        );
    }
}

#[test]
fn a_missing_configuration_says_how_to_start() {
    let d = tempfile::tempdir().unwrap();
    let o = run(d.path(), &["build"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.starts_with("error: cannot read the configuration: No such file or directory (os error 2)\n  --> dossier.yaml\n  = help: run `dossier init DIR`"), "{err}");
}

#[test]
fn the_shipped_dossier_builds_with_no_broken_link_under_a_sub_path() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let o = dossier()
        .arg("-r")
        .arg(repo())
        .args([
            "build",
            "--strict",
            "-u",
            "http://127.0.0.1:8080/kz/2022/",
            "-o",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let problems = broken_links(&out, "/kz/2022/");
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn a_named_actor_close_to_a_profile_is_probably_a_typo() {
    let d = init_dossier();
    let r = d.path();
    write(
        r,
        "content/briefings/t.md",
        "---\ntitle: \"T\"\ndate: 2024-01-02\nactors: [example-ministy]\n---\n",
    );
    let o = run(r, &["check"]);
    assert!(o.status.success(), "a warning, not an error");
    assert!(stderr(&o).starts_with(
        "warning: actor `example-ministy` has no profile, but `example-ministry` does\n  --> content/briefings/t.md:4:10\n"
    ), "{}", stderr(&o));
    assert_eq!(run(r, &["check", "--strict"]).status.code(), Some(1));
}

#[test]
fn a_file_that_fails_to_load_is_reported_once_not_again_by_its_references() {
    let d = init_dossier();
    let r = d.path();
    // The home page links [[first-briefing]]; the briefing cites example-report.
    write(
        r,
        "content/briefings/first-briefing.md",
        "---\ntitle: \"T\"\ndate: 2024-13-01\n---\n",
    );
    write(
        r,
        "content/sources/example-report.md",
        "---\ntitel: \"R\"\n---\n",
    );
    write(
        r,
        "content/briefings/cites.md",
        "---\ntitle: \"C\"\ndate: 2024-01-02\nsources: [example-report]\n---\n",
    );
    let err = stderr(&run(r, &["check"]));
    assert!(
        err.ends_with("error: could not check the dossier: 2 errors\n"),
        "{err}"
    );
    assert!(
        !err.contains("unknown link target") && !err.contains("unknown source"),
        "{err}"
    );
}

/// A figure of a file that failed to load is not reported again by every
/// `[[figure-id]]` that names it elsewhere: one typo, one error.
#[test]
fn the_figures_of_a_file_that_fails_to_load_are_not_reported_again() {
    let d = init_dossier();
    let r = d.path();
    // `names-it.md` names [[example-injured-0101]], a figure of the broken file.
    let path = r.join("content/briefings/first-briefing.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("title:", "titel:", 1)).unwrap();
    write(
        r,
        "content/briefings/names-it.md",
        "---\ntitle: \"N\"\ndate: 2024-01-02\n---\nSee [[example-injured-0101|the count]].\n",
    );
    let err = stderr(&run(r, &["check"]));
    assert!(
        err.ends_with("error: could not check the dossier: 1 error\n"),
        "{err}"
    );
    assert!(err.contains("unknown field `titel`"), "{err}");
}

/// Markdown is published safely by default (as Hugo does): no raw HTML, no
/// link that runs code; `markdown: raw_html:` opts in, sanitized or trusted.
#[test]
fn raw_html_and_script_links_are_left_out_unless_the_dossier_opts_in() {
    let d = init_dossier();
    let r = d.path();
    write(
        r,
        "content/briefings/hostile.md",
        "---\ntitle: \"Hostile\"\ndate: 2024-01-01\n---\nHello <img src=x onerror=alert(1)>.\n\n<script>alert(1)</script>\n\n<details><summary>More</summary>Hidden <iframe src=\"https://example.org\"></iframe></details>\n\n[click](javascript:alert(1)) and [fine](https://example.org/)\n",
    );
    let page = |r: &Path| {
        let o = run(r, &["build", "-q", "--no-search"]);
        assert!(o.status.success(), "{}", stderr(&o));
        std::fs::read_to_string(r.join("public/briefings/hostile/index.html")).unwrap()
    };
    let html = page(r);
    for bad in ["<script", "onerror", "<iframe", "javascript:", "<details"] {
        assert!(!html.contains(bad), "{bad} in:\n{html}");
    }
    assert!(html.contains("<!-- raw HTML omitted -->"), "{html}");
    assert!(
        html.contains("<a href=\"https://example.org/\">fine</a>"),
        "{html}"
    );
    assert!(html.contains("click"), "{html}");

    let config = std::fs::read_to_string(r.join("dossier.yaml")).unwrap();
    std::fs::write(
        r.join("dossier.yaml"),
        format!("{config}markdown:\n  raw_html: sanitize\n"),
    )
    .unwrap();
    let html = page(r);
    assert!(
        html.contains("<details><summary>More</summary>Hidden"),
        "{html}"
    );
    for bad in ["<script", "onerror", "<iframe", "javascript:"] {
        assert!(!html.contains(bad), "{bad} in:\n{html}");
    }

    std::fs::write(
        r.join("dossier.yaml"),
        format!("{config}markdown:\n  raw_html: trusted\n"),
    )
    .unwrap();
    let html = page(r);
    assert!(html.contains("<script>alert(1)</script>"), "{html}");

    std::fs::write(
        r.join("dossier.yaml"),
        format!("{config}markdown:\n  raw_html: yes\n"),
    )
    .unwrap();
    let o = run(r, &["check"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.starts_with("error: markdown.raw_html: unknown variant `yes`\n  --> dossier.yaml:7:13\n  |\n7 |   raw_html: yes\n  |             ^^^\n  = help: expected one of `omit`, `sanitize`, `trusted`\n"),
        "{err}"
    );
}

/// Messages are placed where the one YAML parse read the value, not where a
/// search of the text first finds it: before the span index, the unknown
/// source below was shown in the first figure's `note` (the first
/// `unknown-wire` after the first `source:`), the escaped one on its key,
/// and every figure of a flow list was on line 1 (so the duplicate id).
#[test]
fn values_are_located_where_the_parse_read_them() {
    let d = init_dossier();
    let r = d.path();
    let figure =
        "measure: killed\n    count: 3\n    as_of: 2022-01-01\n    claimed_by: example-ministry";
    write(
        r,
        "content/briefings/repeat.md",
        &format!("---\ntitle: \"Repeat\"\ndate: 2022-01-01\nfigures:\n  - {figure}\n    source: example-report\n    note: not unknown-wire, which comes later\n  - {figure}\n    source: unknown-wire\n  - {figure}\n    source: \"unknown\\x2Dagency\"\n---\n"),
    );
    write(
        r,
        "content/briefings/flow.md",
        "---\ntitle: \"Flow\"\ndate: 2022-01-01\nfigures: [\n  {id: twice, measure: killed, count: 1, as_of: 2022-01-01, claimed_by: example-ministry, source: example-report},\n  {id: twice, measure: killed, count: 2, as_of: 2022-01-01, claimed_by: example-ministry, source: example-report},\n  {measure: kiled, count: 2, as_of: 2022-01-01, claimed_by: example-ministry, source: example-report}]\n---\n",
    );
    let o = run(r, &["check"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    for expected in [
        r#"error: duplicate figure id `twice`: content/briefings/flow.md:5 has it too
  --> content/briefings/flow.md:6:8
  |
6 |   {id: twice, measure: killed, count: 2, as_of: 2022-01-01, claimed_by: example-ministry, source: ex…
  |        ^^^^^
"#,
        r#"error: unknown measure `kiled`
  --> content/briefings/flow.md:7:13
  |
7 |   {measure: kiled, count: 2, as_of: 2022-01-01, claimed_by: example-ministry, source: example-report…
  |             ^^^^^
"#,
        r#"error: unknown source `unknown-wire`
  --> content/briefings/repeat.md:15:13
   |
15 |     source: unknown-wire
   |             ^^^^^^^^^^^^
"#,
        r#"error: unknown source `unknown-agency`
  --> content/briefings/repeat.md:20:13
   |
20 |     source: "unknown\x2Dagency"
   |             ^^^^^^^^^^^^^^^^^^^
"#,
    ] {
        assert!(err.contains(expected), "expected:\n{expected}\ngot:\n{err}");
    }
}
