//! What a static host, a feed reader and a crawler expect beside the pages.
//!
//! A dossier is published by copying `public/` anywhere: a CDN, a newsroom's
//! nginx, GitHub Pages under `/<project>/`. Readers follow it through
//! `atom.xml`, crawlers find every page through `sitemap.xml` (named by
//! `robots.txt`), and the search page (`search/`) gives full-text search
//! over the index that `crate::search` builds. Every URL here is absolute
//! under the configured `base_url`, so the files stay right under any
//! sub-path. Like `render`, these are pure functions of the model (and of
//! the pages already rendered): they return pages and write nothing.

use std::io;

use atom_syndication as atom;
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;

use crate::derive::Derived;
use crate::diag::Diagnostic;
use crate::domain::{Date, Kind};
use crate::model::Site;
use crate::render::{Page, Templates, Views};
use crate::route::{self, Route};

/// The feed carries the newest briefings, at most this many.
pub(crate) const FEED_ENTRIES: usize = 100;

/// The feed, the search page, the sitemap and robots.txt. `paths` are the
/// output paths of every other file of the site: the sitemap lists the HTML
/// pages among them (and the search page).
pub(crate) fn pages<'p>(
    templates: &Templates,
    site: &Site,
    derived: &Derived,
    paths: impl Iterator<Item = &'p str>,
) -> Result<Vec<Page>, Vec<Diagnostic>> {
    let search = search_page(templates, site, derived).map_err(|d| vec![d])?;
    let map = sitemap(site, derived, paths.chain([route::SEARCH_PAGE]));
    Ok(vec![search, atom(site), map, robots(site)])
}

/// Absolute URL of a page of the output: `briefings/x/index.html` →
/// `https://example.org/sub/briefings/x/`.
pub(crate) fn page_url(site: &Site, path: &str) -> String {
    route::url_of_path(&site.config.base_url, path)
}

/// A date as an RFC 3339 date-time at midnight UTC (dates of month or year
/// precision stand for the last day of their period, as everywhere else).
fn midnight(d: Date) -> atom::FixedDateTime {
    atom::FixedDateTime::parse_from_rfc3339(&format!("{}T00:00:00Z", d.0))
        .expect("a civil date at midnight UTC is valid RFC 3339")
}

/// When a briefing last changed: its date, `updated:`, or its newest
/// correction, whichever is latest.
fn changed(b: &crate::model::Briefing) -> Date {
    b.revisions.last_changed(Some(b.date)).unwrap_or(b.date)
}

fn newest_briefing(site: &Site) -> Option<Date> {
    site.briefings.iter().map(|b| changed(b)).max()
}

fn newest_exact_briefing(site: &Site) -> Option<Date> {
    site.briefings
        .iter()
        .map(|b| changed(b))
        .filter(Date::is_exact)
        .max()
}

/// `atom.xml`: the briefings, the most recently changed first, as an Atom
/// 1.0 feed (RFC 4287). An entry's `<updated>` is when the briefing last
/// changed (`updated:`, or a correction), so feed readers show it again.
pub(crate) fn atom(site: &Site) -> Page {
    let c = &site.config;
    let link = |href: String, rel: &str, mime: &str| {
        let mut l = atom::Link::default();
        l.set_href(href);
        l.set_rel(rel);
        l.set_mime_type(Some(mime.to_string()));
        l
    };
    let mut author = atom::Person::default();
    author.set_name(c.title.clone());
    author.set_uri(Some(c.base_url.clone()));

    let mut briefings: Vec<&crate::model::Briefing> = site.briefings.iter().map(|b| &**b).collect();
    // Most recently changed first, so that a correction to an old briefing
    // is among the entries a reader's client fetches.
    briefings.sort_by(|a, b| {
        changed(b)
            .cmp(&changed(a))
            .then_with(|| b.date.cmp(&a.date))
            .then_with(|| a.id.cmp(&b.id))
    });
    let entries: Vec<atom::Entry> = briefings
        .iter()
        .take(FEED_ENTRIES)
        .map(|b| {
            let url = Route::Record(Kind::Briefing, &b.id).canonical(&c.base_url, 1);
            let mut e = atom::Entry::default();
            e.set_id(url.clone());
            e.set_title(atom::Text::plain(b.title.clone()));
            e.set_updated(midnight(changed(b)));
            e.set_published(Some(midnight(b.date)));
            if let Some(s) = b.summary.as_deref().filter(|s| !s.trim().is_empty()) {
                e.set_summary(Some(atom::Text::plain(s.to_string())));
            }
            e.set_links(vec![link(url, "alternate", "text/html")]);
            e.set_categories(
                b.tags
                    .iter()
                    .map(|slug| {
                        let mut cat = atom::Category::default();
                        cat.set_term(slug.clone());
                        cat.set_scheme(Some(Route::Tags.canonical(&c.base_url, 1)));
                        if let Some(t) = site.tags.iter().find(|t| &t.slug == slug) {
                            cat.set_label(Some(t.name.clone()));
                        }
                        cat
                    })
                    .collect::<Vec<_>>(),
            );
            e
        })
        .collect();

    let mut feed = atom::Feed::default();
    feed.set_id(c.base_url.clone());
    feed.set_title(atom::Text::plain(c.title.clone()));
    if !c.description.trim().is_empty() {
        feed.set_subtitle(Some(atom::Text::plain(c.description.clone())));
    }
    // An empty dossier has no date at all: the feed still needs one.
    let updated = newest_briefing(site)
        .or_else(|| site.sources.iter().map(|s| s.published).max())
        .map(midnight)
        .unwrap_or_else(|| {
            atom::FixedDateTime::parse_from_rfc3339("1970-01-01T00:00:00Z").expect("valid")
        });
    feed.set_updated(updated);
    feed.set_authors(vec![author]);
    feed.set_links(vec![
        link(
            route::url_of_path(&c.base_url, route::FEED),
            "self",
            "application/atom+xml",
        ),
        link(
            Route::Home.canonical(&c.base_url, 1),
            "alternate",
            "text/html",
        ),
    ]);
    let mut generator = atom::Generator::default();
    generator.set_value("dossier");
    generator.set_version(Some(env!("CARGO_PKG_VERSION").to_string()));
    feed.set_generator(Some(generator));
    feed.set_lang(Some(c.language.clone()));
    feed.set_entries(entries);

    let config = atom::WriteConfig {
        write_document_declaration: true,
        indent_size: Some(1),
    };
    let mut content = feed
        .write_with_config(Vec::new(), config)
        .expect("writing XML into memory cannot fail");
    content.push(b'\n');
    Page {
        path: route::FEED.into(),
        content,
    }
}

/// When the page at `path` last changed, as far as the model tells: a
/// briefing's date, or its `updated:` or newest correction when later; for
/// a record page, the same of the record, or its newest briefing when
/// later; for a tag page, its newest briefing; for the pages that show
/// every briefing, the newest one; for `/changes/`, the newest change.
/// Only dates given to the day count (a sitemap's `lastmod` is a day);
/// `None` when unknown.
pub(crate) fn lastmod(site: &Site, derived: &Derived, path: &str) -> Option<Date> {
    lastmod_any(site, derived, path).filter(Date::is_exact)
}

fn lastmod_any(site: &Site, derived: &Derived, path: &str) -> Option<Date> {
    let newest = |ixs: &[usize]| {
        ixs.iter()
            .map(|&i| changed(&site.briefings[i]))
            .filter(Date::is_exact)
            .max()
    };
    let own = |r: &crate::model::Revisions| r.last_changed(None).filter(Date::is_exact);
    let newest_change = || {
        derived
            .changes
            .iter()
            .map(|c| c.date)
            .filter(Date::is_exact)
            .max()
    };
    // Only a list's first page has a date, but every page of `/changes/`.
    match Route::from_path(path)? {
        (Route::Changes, _) => newest_change(),
        (_, 2..) => None,
        (
            Route::Home
            | Route::Briefings
            | Route::Timeline
            | Route::Casualties
            | Route::Actors
            | Route::Places
            | Route::Sources
            | Route::Tags,
            _,
        ) => newest_exact_briefing(site),
        (Route::Search | Route::Record(Kind::Index, _), _) => None,
        (Route::Record(Kind::Briefing, id), _) => site.briefing(id).map(changed),
        (Route::Record(Kind::Actor, id), _) => {
            let cited = derived.actors.get(id).and_then(|r| newest(&r.briefings));
            cited.max(site.actor(id).and_then(|a| own(&a.revisions)))
        }
        (Route::Record(Kind::Place, id), _) => {
            let cited = derived.places.get(id).and_then(|r| newest(&r.briefings));
            cited.max(site.place(id).and_then(|p| own(&p.revisions)))
        }
        (Route::Record(Kind::Source, id), _) => {
            let published = site.source(id).map(|s| s.published).filter(Date::is_exact);
            let cited = derived.sources.get(id).and_then(|r| newest(&r.briefings));
            let revised = site.source(id).and_then(|s| own(&s.revisions));
            published.max(cited).max(revised)
        }
        (Route::Tag(slug), _) => derived.tags.get(slug).and_then(|ixs| newest(ixs)),
    }
}

const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// `sitemap.xml` (sitemaps.org 0.9): every HTML page among `paths` but the
/// 404 page, with an absolute `<loc>` and, where the model dates it, a
/// `<lastmod>`.
pub(crate) fn sitemap<'p>(
    site: &Site,
    derived: &Derived,
    paths: impl Iterator<Item = &'p str>,
) -> Page {
    // In the order given (home first), each once.
    let mut seen = std::collections::HashSet::new();
    let paths: Vec<&str> = paths
        .filter(|p| p.ends_with(".html") && *p != route::NOT_FOUND && seen.insert(*p))
        .collect();
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 1);
    let write = |w: &mut Writer<Vec<u8>>| -> io::Result<()> {
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        w.create_element("urlset")
            .with_attribute(("xmlns", SITEMAP_NS))
            .write_inner_content(|w| {
                for path in &paths {
                    w.create_element("url").write_inner_content(|w| {
                        w.create_element("loc")
                            .write_text_content(BytesText::new(&page_url(site, path)))?;
                        if let Some(d) = lastmod(site, derived, path) {
                            w.create_element("lastmod")
                                .write_text_content(BytesText::new(&d.iso()))?;
                        }
                        Ok(())
                    })?;
                }
                Ok(())
            })?;
        Ok(())
    };
    write(&mut w).expect("writing XML into memory cannot fail");
    let mut content = w.into_inner();
    content.push(b'\n');
    Page {
        path: route::SITEMAP.into(),
        content,
    }
}

/// `robots.txt`: everything may be crawled but the search index's
/// fragments; the sitemap is named absolutely. (Crawlers read robots.txt
/// only at a host's root: under a sub-path it is there for the host's
/// owner to merge into theirs.)
pub(crate) fn robots(site: &Site) -> Page {
    let c = &site.config;
    let text = format!(
        "# {title}\nUser-agent: *\nDisallow: {bundle}\n\nSitemap: {sitemap}\n",
        title = c.title.replace(['\n', '\r'], " "),
        bundle = route::bundle_url(&c.base_path),
        sitemap = route::url_of_path(&c.base_url, route::SITEMAP),
    );
    Page {
        path: route::ROBOTS.into(),
        content: text.into_bytes(),
    }
}

/// `search/index.html`, from the theme's `search.html`. The page itself is
/// static; the theme's script queries the Pagefind index in `pagefind/`.
pub(crate) fn search_page(
    templates: &Templates,
    site: &Site,
    derived: &Derived,
) -> Result<Page, Diagnostic> {
    let v = Views::new(site, derived);
    let base = &site.config.base_path;
    let mut c = crate::render::ctx(
        &v,
        "search",
        "Search",
        &Route::Search.url(base, 1),
        "Search every briefing, actor, place and source of this dossier.",
    );
    c.insert(
        "search",
        &serde_json::json!({
            "bundle": route::bundle_url(base),
            "script": route::url_of_path(base, route::SEARCH_SCRIPT),
        }),
    );
    let html = templates.render("search.html", &c)?;
    Ok(Page {
        path: route::SEARCH_PAGE.into(),
        content: html.into_bytes(),
    })
}
