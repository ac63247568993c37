//! The row partials (`partials/figure_row.html`, `partials/briefing_item.html`):
//! rendered once per build by the generator, they must give what an
//! include in every list would, and report their errors as an include did.

mod common;
use common::*;

#[test]
fn an_overridden_row_partial_is_in_every_row() {
    let d = init_dossier();
    let r = d.path();
    write(
        r,
        "templates/partials/figure_row.html",
        "<tr class=\"mine\"><td>{{ f.value }}</td></tr>\n",
    );
    write(
        r,
        "templates/partials/briefing_item.html",
        "<li class=\"mine\">{{ b.title }}</li>\n",
    );
    let out = build_site(r, &[]);
    // The figure is listed on its briefing's page and on the pages of
    // the records it names.
    for page in [
        "briefings/first-briefing/index.html",
        "actors/example-ministry/index.html",
        "sources/example-report/index.html",
    ] {
        let html = read_site(&out, page);
        assert!(
            html.contains("<tr class=\"mine\"><td>at least 12</td></tr>"),
            "{page}: {html}"
        );
    }
    for page in ["index.html", "briefings/index.html"] {
        let html = read_site(&out, page);
        assert!(html.contains("<li class=\"mine\">"), "{page}: {html}");
    }
}

/// A row that needs the page (here its kind) does not render alone: the
/// list includes the partial, which sees the page as before.
#[test]
fn a_row_that_needs_the_page_is_included_by_the_list() {
    let d = init_dossier();
    let r = d.path();
    write(
        r,
        "templates/partials/figure_row.html",
        "<tr><td>{{ page.kind }} {{ f.value }}</td></tr>\n",
    );
    let out = build_site(r, &[]);
    for (page, kind) in [
        ("briefings/first-briefing/index.html", "briefing"),
        ("actors/example-ministry/index.html", "actor"),
    ] {
        let html = read_site(&out, page);
        assert!(
            html.contains(&format!("<tr><td>{kind} at least 12</td></tr>")),
            "{page}: {html}"
        );
    }
}

#[test]
fn an_error_in_a_row_partial_names_its_file_line_and_column() {
    let d = init_dossier();
    let r = d.path();
    write(
        r,
        "templates/partials/figure_row.html",
        "<tr>\n<td>{{ f.nope.deeper }}</td></tr>\n",
    );
    let o = run(r, &["build"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.starts_with("error: template: Field `nope` is not defined."),
        "{err}"
    );
    assert!(
        err.contains("--> templates/partials/figure_row.html:2:10"),
        "{err}"
    );
}

/// Every list prints the row rendered alone, whichever page asked for the
/// figure or the briefing first. Only `is defined` tells a row rendered
/// alone (no `page`) from one a list includes: a list that included its
/// rows would give the same bytes, only more slowly, so no other test sees
/// it.
#[test]
fn every_list_prints_the_row_rendered_alone() {
    let d = init_dossier();
    let r = d.path();
    write(
        r,
        "templates/partials/figure_row.html",
        "<tr><td>{% if page is defined %}included{% else %}alone{% endif %} {{ f.value }}</td></tr>\n",
    );
    write(
        r,
        "templates/partials/briefing_item.html",
        "<li>{% if page is defined %}included{% else %}alone{% endif %} {{ b.title }}</li>\n",
    );
    let out = build_site(r, &[]);
    for page in [
        "briefings/first-briefing/index.html",
        "actors/example-ministry/index.html",
        "sources/example-report/index.html",
    ] {
        let html = read_site(&out, page);
        assert!(
            html.contains("<tr><td>alone at least 12</td></tr>"),
            "{page}: {html}"
        );
        assert!(!html.contains("included"), "{page}: {html}");
    }
    for page in ["index.html", "briefings/index.html"] {
        let html = read_site(&out, page);
        assert!(html.contains("<li>alone "), "{page}: {html}");
        assert!(!html.contains("included"), "{page}: {html}");
    }
}

/// A source's links and an event's citations are rendered once per build
/// too, and printed wherever they are shown.
#[test]
fn source_links_and_an_events_citations_are_rendered_alone() {
    let d = init_dossier();
    let r = d.path();
    let alone = "{% if page is defined %}included{% else %}alone{% endif %}";
    write(
        r,
        "templates/partials/source_links.html",
        &format!("<i>{alone} {{{{ s.id }}}}</i>"),
    );
    let out = build_site(r, &[]);
    // The figure's source, in its row and on the ledger; the event's
    // citation, on the briefing's page and the timeline; the briefing's
    // list of its sources.
    for page in [
        "briefings/first-briefing/index.html",
        "casualties/index.html",
        "timeline/index.html",
    ] {
        let html = read_site(&out, page);
        assert!(
            html.contains("<i>alone example-report</i>"),
            "{page}: {html}"
        );
    }
    let html = read_site(&out, "briefings/first-briefing/index.html");
    assert!(!html.contains("<i>included"), "{html}");
    assert_eq!(
        html.matches("<i>alone example-report</i>").count(),
        3,
        "{html}"
    );

    write(
        r,
        "templates/partials/cites.html",
        &format!("<b>{alone}{{% for s in cites %}} {{{{ s.id }}}}{{% endfor %}}</b>"),
    );
    let out = build_site(r, &[]);
    for page in [
        "briefings/first-briefing/index.html",
        "timeline/index.html",
        "sources/example-report/index.html",
    ] {
        let html = read_site(&out, page);
        assert!(
            html.contains("<b>alone example-report</b>"),
            "{page}: {html}"
        );
        assert!(!html.contains("<b>included"), "{page}: {html}");
    }
}

/// A citation partial that needs the page does not render alone: the
/// page includes it, and it sees the page as before.
#[test]
fn citations_that_need_the_page_are_included() {
    let d = init_dossier();
    let r = d.path();
    write(
        r,
        "templates/partials/source_links.html",
        "<i>{{ page.kind }} {{ s.id }}</i>",
    );
    write(
        r,
        "templates/partials/cites.html",
        "<b>{{ page.kind }}{% for s in cites %} {{ s.id }}{% include \"partials/source_links.html\" %}{% endfor %}</b>",
    );
    let out = build_site(r, &[]);
    for (page, kind) in [
        ("briefings/first-briefing/index.html", "briefing"),
        ("timeline/index.html", "timeline"),
        ("casualties/index.html", "casualties"),
    ] {
        let html = read_site(&out, page);
        assert!(
            html.contains(&format!("<i>{kind} example-report</i>")),
            "{page}: {html}"
        );
    }
    let html = read_site(&out, "timeline/index.html");
    assert!(
        html.contains("<b>timeline example-report<i>timeline example-report</i></b>"),
        "{html}"
    );
}

/// The header is rendered once per section: every page of a section
/// prints the same one. A header that needs more of the page than its
/// section is included by each page, as before.
#[test]
fn the_header_is_rendered_once_per_section() {
    let d = init_dossier();
    let r = d.path();
    write(
        r,
        "templates/partials/header.html",
        "<h1>{% if page.kind is defined %}included{% else %}alone{% endif %} [{{ page.section }}] {{ site.title }}</h1>",
    );
    let out = build_site(r, &[]);
    for (page, section) in [
        ("index.html", ""),
        ("briefings/index.html", "briefings"),
        ("briefings/first-briefing/index.html", "briefings"),
        ("timeline/index.html", "timeline"),
        ("sources/example-report/index.html", "sources"),
        ("tags/index.html", ""),
    ] {
        let html = read_site(&out, page);
        assert!(
            html.contains(&format!("<h1>alone [{section}] ")),
            "{page}: {html}"
        );
    }

    write(
        r,
        "templates/partials/header.html",
        "<h1>{{ page.title }} [{{ page.section }}]</h1>",
    );
    let out = build_site(r, &[]);
    let html = read_site(&out, "timeline/index.html");
    assert!(html.contains("<h1>Timeline [timeline]</h1>"), "{html}");
}
