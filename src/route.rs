//! Every URL and output path of the site, in one place.
//!
//! A page is named three ways: where it is written (`briefings/x/index.html`),
//! the root-relative URL templates link to (`/sub/briefings/x/`, under the
//! configured base path) and its absolute canonical URL
//! (`https://example.org/sub/briefings/x/`, under `base_url`). Render,
//! publish, the exports, search and serve all need them; when each built its
//! own, a change to one (pagination's `page/n/`, the ledger's anchors, a
//! sub-path base) had to be found in ten functions, and one was always
//! missed. So they are built here and only here, from a `Route` (which page)
//! and a page number (1 is the list's own directory, `n` is `page/n/` under
//! it). This module sits on the floor of `config` and `domain`: it knows
//! sections and ids, not records, so every stage above may use it.

use crate::domain::Kind;

/// A page of the site, or the first of a paginated list's pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route<'a> {
    Home,
    Briefings,
    Timeline,
    /// The ledger of figures.
    Casualties,
    Actors,
    Places,
    Sources,
    Tags,
    Changes,
    Search,
    /// A record's page: `Record(Kind::Briefing, "x")` is `briefings/x/`
    /// (`Kind::Index` is the home page).
    Record(Kind, &'a str),
    /// A tag's page, by its slug.
    Tag(&'a str),
}

impl Route<'_> {
    /// The page's directory relative to the site's root, ending in `/`
    /// (empty for the home page).
    pub fn dir(&self) -> String {
        let mut out = String::new();
        self.push_dir(&mut out);
        out
    }

    /// Appends `dir` to `out`: URLs are built in one buffer, not from
    /// pieces each formatted on its own (pages make hundreds of them).
    fn push_dir(&self, out: &mut String) {
        let section = match self {
            Route::Home | Route::Record(Kind::Index, _) => return,
            Route::Record(kind, id) => {
                for part in [kind.section(), "/", id, "/"] {
                    out.push_str(part);
                }
                return;
            }
            Route::Tag(slug) => {
                for part in ["tags/", slug, "/"] {
                    out.push_str(part);
                }
                return;
            }
            Route::Briefings => "briefings",
            Route::Timeline => "timeline",
            Route::Casualties => "casualties",
            Route::Actors => "actors",
            Route::Places => "places",
            Route::Sources => "sources",
            Route::Tags => "tags",
            Route::Changes => "changes",
            Route::Search => "search",
        };
        out.push_str(section);
        out.push('/');
    }

    /// Output path of page `number` (from 1): `briefings/page/2/index.html`.
    pub fn path(&self, number: usize) -> String {
        let mut path = self.under("", number);
        path.push_str("index.html");
        path
    }

    /// Root-relative URL of page `number`, under `base_path` (which ends in
    /// `/`): `/sub/briefings/page/2/`.
    pub fn url(&self, base_path: &str, number: usize) -> String {
        self.under(base_path, number)
    }

    /// Absolute canonical URL of page `number`, under `base_url`.
    pub fn canonical(&self, base_url: &str, number: usize) -> String {
        self.under(base_url, number)
    }

    /// The route and page number of an output path, the inverse of
    /// `path`: `actors/x/page/2/index.html` → `(Record(Actor, "x"), 2)`;
    /// `None` for a file that is not a page of a route (`404.html`, data).
    /// `<section>/page/<n>/` is read as the list's page `n`, never as the
    /// record `page`'s.
    pub fn from_path(path: &str) -> Option<(Route<'_>, usize)> {
        let dir = path.strip_suffix("index.html")?;
        if dir.is_empty() {
            return Some((Route::Home, 1));
        }
        Route::from_dir(dir.strip_suffix('/')?)
    }

    /// The route and page number of a root-relative URL under
    /// `base_path`, the inverse of `url`: `/sub/actors/x/` →
    /// `(Record(Actor, "x"), 1)`. The final `/` may be left out (a link
    /// written by hand); `None` for a URL that is not a page's (outside
    /// the base path, with a fragment, a file).
    pub fn from_url<'u>(base_path: &str, url: &'u str) -> Option<(Route<'u>, usize)> {
        let rel = url.strip_prefix(base_path)?;
        Route::from_dir(rel.strip_suffix('/').unwrap_or(rel))
    }

    /// The route and page number of a page's directory, without its final
    /// `/` (empty for the root): `actors/x/page/2`.
    fn from_dir(dir: &str) -> Option<(Route<'_>, usize)> {
        let (first, number) = match dir.rsplit_once("page/") {
            Some((first, n)) if first.is_empty() || first.ends_with('/') => {
                let first = first.strip_suffix('/').unwrap_or(first);
                (first, n.parse::<usize>().ok().filter(|&n| n > 1)?)
            }
            _ => (dir, 1),
        };
        let parts: Vec<&str> = first.split('/').collect();
        let route = match parts.as_slice() {
            [""] => Route::Home,
            [section] => match *section {
                "briefings" => Route::Briefings,
                "timeline" => Route::Timeline,
                "casualties" => Route::Casualties,
                "actors" => Route::Actors,
                "places" => Route::Places,
                "sources" => Route::Sources,
                "tags" => Route::Tags,
                "changes" => Route::Changes,
                "search" => Route::Search,
                _ => return None,
            },
            ["tags", slug] if !slug.is_empty() => Route::Tag(slug),
            [section, id] if !id.is_empty() => Route::Record(Kind::from_section(section)?, id),
            _ => return None,
        };
        Some((route, number))
    }

    /// Page `number`'s directory after `prefix` (a base path, a base URL
    /// or nothing), in one buffer: page 1 is the list's own, page `n` is
    /// `page/n/` under it.
    fn under(&self, prefix: &str, number: usize) -> String {
        let mut out = String::with_capacity(prefix.len() + 48);
        out.push_str(prefix);
        self.push_dir(&mut out);
        push_page(&mut out, number);
        out
    }
}

/// Appends `page/n/` for page `number` (nothing for page 1).
fn push_page(out: &mut String, number: usize) {
    if number > 1 {
        use std::fmt::Write as _;
        let _ = write!(out, "page/{number}/");
    }
}

/// Page `number` (from 1) of the list at `first` (a directory or URL ending
/// in `/`, or empty for the root): `first` itself, or `first` + `page/n/`.
pub fn paged(first: &str, number: usize) -> String {
    match number {
        0 | 1 => first.to_string(),
        n => format!("{first}page/{n}/"),
    }
}

/// Root-relative URL of figure row `anchor` on page `page` of the ledger
/// (the ledger is paginated, so a row is on page 1 or later):
/// `/sub/casualties/page/2/#fig-x`.
pub fn ledger_url(base_path: &str, page: usize, anchor: &str) -> String {
    let mut url = Route::Casualties.url(base_path, page);
    url.push('#');
    url.push_str(anchor);
    url
}

/// The not-found page, written at the root whatever the path asked.
pub const NOT_FOUND: &str = "404.html";
/// The Atom feed.
pub const FEED: &str = "atom.xml";
/// The sitemap.
pub const SITEMAP: &str = "sitemap.xml";
/// Crawlers' instructions.
pub const ROBOTS: &str = "robots.txt";
/// The search page's script, from the theme's static files.
pub const SEARCH_SCRIPT: &str = "search.js";
/// Pagefind's bundle (`pagefind/pagefind.js`, the index and fragments), a
/// directory (its URL is `bundle_url`).
pub const PAGEFIND: &str = "pagefind";
/// The search page's output path (the page of `Route::Search`).
pub const SEARCH_PAGE: &str = "search/index.html";
/// The data files: every figure, as CSV and as JSON.
pub const FIGURES_CSV: &str = "data/figures.csv";
pub const FIGURES_JSON: &str = "data/figures.json";
/// The whole dossier, as JSON.
pub const DOSSIER_JSON: &str = "data/dossier.json";
/// The timeline, as JSON.
pub const TIMELINE_JSON: &str = "data/timeline.json";

/// The URL of the output file at `path`, under `base` (the base path for a
/// root-relative URL, `base_url` for an absolute one); a directory's
/// `index.html` is its directory: `briefings/x/index.html` → `/sub/briefings/x/`.
pub fn url_of_path(base: &str, path: &str) -> String {
    let rel = path.strip_suffix("index.html").unwrap_or(path);
    format!("{base}{rel}")
}

/// The URL of Pagefind's bundle directory under `base`: `/sub/pagefind/`.
pub fn bundle_url(base: &str) -> String {
    format!("{base}{PAGEFIND}/")
}

/// The absolute URL of a root-relative `url` under `base_path`.
pub fn absolute(base_path: &str, base_url: &str, url: &str) -> String {
    format!("{base_url}{}", url.strip_prefix(base_path).unwrap_or(url))
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "/";
    const SUB: &str = "/sub/";
    const SUB_URL: &str = "https://example.org/sub/";

    /// Each route's output path, URL and canonical URL on pages 1 and 2.
    #[track_caller]
    fn check(r: Route<'_>, dir: &str) {
        assert_eq!(r.dir(), dir);
        assert_eq!(r.path(1), format!("{dir}index.html"));
        assert_eq!(r.path(2), format!("{dir}page/2/index.html"));
        assert_eq!(r.url(BASE, 1), format!("/{dir}"));
        assert_eq!(r.url(SUB, 1), format!("/sub/{dir}"));
        assert_eq!(r.url(SUB, 2), format!("/sub/{dir}page/2/"));
        assert_eq!(r.canonical(SUB_URL, 1), format!("{SUB_URL}{dir}"));
        assert_eq!(r.canonical(SUB_URL, 2), format!("{SUB_URL}{dir}page/2/"));
        assert_eq!(
            absolute(SUB, SUB_URL, &r.url(SUB, 2)),
            r.canonical(SUB_URL, 2)
        );
        assert_eq!(url_of_path(SUB, &r.path(2)), r.url(SUB, 2));
        let home = Route::Home;
        let own = if r == Route::Record(Kind::Index, "ignored") {
            home
        } else {
            r
        };
        assert_eq!(Route::from_path(&r.path(1)), Some((own, 1)));
        assert_eq!(Route::from_path(&r.path(2)), Some((own, 2)));
        assert_eq!(Route::from_url(SUB, &r.url(SUB, 1)), Some((own, 1)));
        assert_eq!(Route::from_url(SUB, &r.url(SUB, 2)), Some((own, 2)));
    }

    #[test]
    fn every_page_kind() {
        check(Route::Home, "");
        check(Route::Record(Kind::Index, "ignored"), "");
        check(Route::Briefings, "briefings/");
        check(Route::Timeline, "timeline/");
        check(Route::Casualties, "casualties/");
        check(Route::Actors, "actors/");
        check(Route::Places, "places/");
        check(Route::Sources, "sources/");
        check(Route::Tags, "tags/");
        check(Route::Changes, "changes/");
        check(Route::Search, "search/");
        check(Route::Record(Kind::Briefing, "x"), "briefings/x/");
        check(Route::Record(Kind::Actor, "a"), "actors/a/");
        check(Route::Record(Kind::Place, "p"), "places/p/");
        check(Route::Record(Kind::Source, "s"), "sources/s/");
        check(Route::Tag("t"), "tags/t/");
    }

    #[test]
    fn pages_files_and_anchors() {
        assert_eq!(Route::Briefings.path(1), "briefings/index.html");
        assert_eq!(Route::Briefings.path(2), "briefings/page/2/index.html");
        assert_eq!(Route::Home.path(3), "page/3/index.html");
        assert_eq!(Route::Tag("x").path(3), "tags/x/page/3/index.html");
        assert_eq!(paged("/sub/briefings/", 0), "/sub/briefings/");
        assert_eq!(paged("/sub/briefings/", 2), "/sub/briefings/page/2/");
        assert_eq!(ledger_url(SUB, 1, "fig-a"), "/sub/casualties/#fig-a");
        assert_eq!(ledger_url(SUB, 2, "fig-a"), "/sub/casualties/page/2/#fig-a");
        assert_eq!(url_of_path(SUB, NOT_FOUND), "/sub/404.html");
        assert_eq!(
            url_of_path(SUB_URL, SITEMAP),
            "https://example.org/sub/sitemap.xml"
        );
        assert_eq!(
            url_of_path(SUB_URL, FEED),
            "https://example.org/sub/atom.xml"
        );
        assert_eq!(url_of_path(SUB, FIGURES_CSV), "/sub/data/figures.csv");
        assert_eq!(url_of_path(SUB, "index.html"), "/sub/");
        assert_eq!(Route::Search.path(1), SEARCH_PAGE);
        assert_eq!(url_of_path(SUB, SEARCH_SCRIPT), "/sub/search.js");
        assert_eq!(bundle_url(SUB), "/sub/pagefind/");
        // A URL outside the base stays as it is after base_url.
        assert_eq!(absolute(SUB, SUB_URL, "x/"), "https://example.org/sub/x/");
        assert_eq!(
            Route::from_path("actors/x/page/2/index.html"),
            Some((Route::Record(Kind::Actor, "x"), 2))
        );
        assert_eq!(Route::from_path(NOT_FOUND), None);
        assert_eq!(Route::from_path(FIGURES_CSV), None);
        assert_eq!(Route::from_path("misc/x/index.html"), None);
        assert_eq!(Route::from_path("briefings/page/1/index.html"), None);
        assert_eq!(
            Route::from_path("briefings/page/index.html"),
            Some((Route::Record(Kind::Briefing, "page"), 1))
        );
        assert_eq!(
            Route::from_path("briefings/front-page/index.html"),
            Some((Route::Record(Kind::Briefing, "front-page"), 1))
        );
        // A link written by hand may leave out the final `/`.
        assert_eq!(
            Route::from_url(SUB, "/sub/actors/x"),
            Some((Route::Record(Kind::Actor, "x"), 1))
        );
        assert_eq!(Route::from_url(SUB, "/actors/x/"), None);
        assert_eq!(Route::from_url(SUB, "/sub/actors/x/#q"), None);
        assert_eq!(Route::from_url(SUB, "/sub/data/figures.csv"), None);
    }
}
