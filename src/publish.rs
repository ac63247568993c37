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
    let listed = sitemap_pages(paths.chain([route::SEARCH_PAGE]));
    let mut pages = vec![search, atom(site)];
    pages.extend(sitemaps(site, derived, &listed, SITEMAP_URLS));
    pages.push(robots(site));
    Ok(pages)
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

/// The dates of a sitemap's pages (`of`), from the model.
struct Lastmod<'a> {
    site: &'a Site,
    derived: &'a Derived,
    /// The newest briefing and the newest change, worked out once: many
    /// pages show them (every page of `/changes/`, a thousand at 100,000
    /// briefings), and each is a walk over every briefing or change.
    newest_briefing: Option<Date>,
    newest_change: Option<Date>,
}

impl<'a> Lastmod<'a> {
    fn new(site: &'a Site, derived: &'a Derived) -> Lastmod<'a> {
        let newest_change = derived
            .changes
            .iter()
            .map(|c| c.date)
            .filter(Date::is_exact)
            .max();
        Lastmod {
            site,
            derived,
            newest_briefing: newest_exact_briefing(site),
            newest_change,
        }
    }

    /// When the page at `path` last changed, as far as the model tells: a
    /// briefing's date, or its `updated:` or newest correction when later; for
    /// a record page, the same of the record, or its newest briefing when
    /// later; for a tag page, its newest briefing; for the pages that show
    /// every briefing, the newest one; for `/changes/`, the newest change.
    /// Only dates given to the day count (a sitemap's `lastmod` is a day);
    /// `None` when unknown.
    fn of(&self, path: &str) -> Option<Date> {
        self.any(path).filter(Date::is_exact)
    }

    fn any(&self, path: &str) -> Option<Date> {
        let (site, derived) = (self.site, self.derived);
        let newest = |ixs: &[usize]| {
            ixs.iter()
                .map(|&i| changed(&site.briefings[i]))
                .filter(Date::is_exact)
                .max()
        };
        let own = |r: &crate::model::Revisions| r.last_changed(None).filter(Date::is_exact);
        // Only a list's first page has a date, but every page of `/changes/`.
        match Route::from_path(path)? {
            (Route::Changes, _) => self.newest_change,
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
            ) => self.newest_briefing,
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
}

const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// At most this many URLs in one sitemap file. The protocol allows 50,000
/// (and 50 MB); past this, `sitemap.xml` is an index of `sitemap1.xml`,
/// `sitemap2.xml`, … of this many each, as Zola does at the same count.
/// Only a dossier of some 20,000 briefings has that many pages.
pub(crate) const SITEMAP_URLS: usize = 30_000;

/// The pages a sitemap lists, among the output paths `paths`: the HTML
/// pages but the 404 page, in the order given (home first), each once.
pub(crate) fn sitemap_pages<'p>(paths: impl Iterator<Item = &'p str>) -> Vec<&'p str> {
    let mut seen = std::collections::HashSet::new();
    paths
        .filter(|p| p.ends_with(".html") && *p != route::NOT_FOUND && seen.insert(*p))
        .collect()
}

/// The sitemap files for `count` pages listed `per_file` to a file:
/// `sitemap.xml` alone, or it (the index) and `sitemap1.xml`, ….
pub(crate) fn sitemap_files(count: usize, per_file: usize) -> Vec<String> {
    let mut files = vec![route::SITEMAP.to_string()];
    if count > per_file {
        let parts = count.div_ceil(per_file);
        files.extend((1..=parts).map(|n| format!("sitemap{n}.xml")));
    }
    files
}

/// `sitemap.xml` (sitemaps.org 0.9) of the pages `pages` (see
/// `sitemap_pages`), with an absolute `<loc>` and, where the model dates
/// it, a `<lastmod>`; with more than `per_file` pages, the index and its
/// parts (`sitemap_files`).
pub(crate) fn sitemaps(
    site: &Site,
    derived: &Derived,
    pages: &[&str],
    per_file: usize,
) -> Vec<Page> {
    let dates = Lastmod::new(site, derived);
    sitemap_files(pages.len(), per_file)
        .iter()
        .filter_map(|file| sitemap_file(&dates, pages, per_file, file))
        .collect()
}

/// One file of `sitemaps`: `file` is one of `sitemap_files`.
pub(crate) fn sitemap(
    site: &Site,
    derived: &Derived,
    pages: &[&str],
    per_file: usize,
    file: &str,
) -> Option<Page> {
    sitemap_file(&Lastmod::new(site, derived), pages, per_file, file)
}

fn sitemap_file(dates: &Lastmod<'_>, pages: &[&str], per_file: usize, file: &str) -> Option<Page> {
    let site = dates.site;
    let urls = |pages: &[&str]| {
        let entries = pages.iter().map(|p| (page_url(site, p), dates.of(p)));
        sitemap_xml("urlset", "url", entries)
    };
    let content = if pages.len() <= per_file {
        (file == route::SITEMAP).then(|| urls(pages))?
    } else if file == route::SITEMAP {
        // The index: each part, dated by its newest page.
        let parts = pages.chunks(per_file).enumerate().map(|(n, part)| {
            let loc = page_url(site, &format!("sitemap{}.xml", n + 1));
            (loc, part.iter().filter_map(|p| dates.of(p)).max())
        });
        sitemap_xml("sitemapindex", "sitemap", parts)
    } else {
        let n: usize = file
            .strip_prefix("sitemap")?
            .strip_suffix(".xml")?
            .parse()
            .ok()?;
        urls(pages.chunks(per_file).nth(n.checked_sub(1)?)?)
    };
    Some(Page {
        path: file.into(),
        content,
    })
}

/// `<root>` (a `urlset` or a `sitemapindex`) of one `<item>` for each
/// entry: its absolute `<loc>` and, when known, its `<lastmod>`.
fn sitemap_xml(
    root: &str,
    item: &str,
    entries: impl Iterator<Item = (String, Option<Date>)>,
) -> Vec<u8> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 1);
    let write = |w: &mut Writer<Vec<u8>>| -> io::Result<()> {
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        w.create_element(root)
            .with_attribute(("xmlns", SITEMAP_NS))
            .write_inner_content(|w| {
                for (loc, lastmod) in entries {
                    w.create_element(item).write_inner_content(|w| {
                        w.create_element("loc")
                            .write_text_content(BytesText::new(&loc))?;
                        if let Some(d) = lastmod {
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
    content
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::fixture;

    const BRIEFING: &str = "---\ntitle: T\ndate: DATE\n---\nBody.\n";

    /// Three briefings, dated 2, 5 and 3 January.
    fn dossier() -> (Site, Derived) {
        let files: Vec<(String, String)> = [
            ("b-a", "2022-01-02"),
            ("b-b", "2022-01-05"),
            ("b-c", "2022-01-03"),
        ]
        .iter()
        .map(|(id, date)| (format!("briefings/{id}.md"), BRIEFING.replace("DATE", date)))
        .collect();
        let files: Vec<(&str, &str)> = files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        let (site, diags) = fixture::model(&files, false);
        let site = site.unwrap_or_else(|| panic!("{diags:?}"));
        let derived = crate::derive::derive(&site);
        (site, derived)
    }

    fn text(p: &Page) -> &str {
        std::str::from_utf8(&p.content).unwrap()
    }

    const PAGES: [&str; 4] = [
        "index.html",
        "briefings/b-a/index.html",
        "briefings/b-b/index.html",
        "briefings/b-c/index.html",
    ];

    #[test]
    fn a_sitemap_of_at_most_the_limit_is_one_file() {
        let (site, derived) = dossier();
        assert_eq!(sitemap_files(4, 4), ["sitemap.xml"]);
        let maps = sitemaps(&site, &derived, &PAGES, 4);
        assert_eq!(maps.len(), 1);
        let xml = text(&maps[0]);
        assert!(
            xml.contains("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"),
            "{xml}"
        );
        assert_eq!(xml.matches("<url>").count(), 4, "{xml}");
        assert!(!xml.contains("sitemapindex"), "{xml}");
    }

    #[test]
    fn past_the_limit_the_sitemap_is_an_index_of_parts_that_list_every_page_once() {
        let (site, derived) = dossier();
        assert_eq!(
            sitemap_files(4, 3),
            ["sitemap.xml", "sitemap1.xml", "sitemap2.xml"]
        );
        let maps = sitemaps(&site, &derived, &PAGES, 3);
        let paths: Vec<&str> = maps.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["sitemap.xml", "sitemap1.xml", "sitemap2.xml"]);
        // The index names each part absolutely, dated by its newest page.
        assert_eq!(
            text(&maps[0]),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n \
             <sitemap>\n  <loc>https://example.org/sitemap1.xml</loc>\n  <lastmod>2022-01-05</lastmod>\n </sitemap>\n \
             <sitemap>\n  <loc>https://example.org/sitemap2.xml</loc>\n  <lastmod>2022-01-03</lastmod>\n </sitemap>\n\
             </sitemapindex>\n"
        );
        // The parts, in order, hold the pages, in order, each once.
        let locs: Vec<String> = maps[1..]
            .iter()
            .flat_map(|p| {
                let xml = text(p).to_string();
                assert!(xml.contains("<urlset"), "{xml}");
                xml.split("<loc>")
                    .skip(1)
                    .map(|s| s[..s.find("</loc>").unwrap()].to_string())
                    .collect::<Vec<_>>()
            })
            .collect();
        assert_eq!(
            locs,
            [
                "https://example.org/",
                "https://example.org/briefings/b-a/",
                "https://example.org/briefings/b-b/",
                "https://example.org/briefings/b-c/",
            ]
        );
        // One part alone is the same file (what `serve` makes on request).
        let part = sitemap(&site, &derived, &PAGES, 3, "sitemap2.xml").unwrap();
        assert_eq!(part.content, maps[2].content);
        assert!(sitemap(&site, &derived, &PAGES, 3, "sitemap3.xml").is_none());
        assert!(sitemap(&site, &derived, &PAGES, 4, "sitemap1.xml").is_none());
    }
}
