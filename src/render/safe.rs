//! Publishing Markdown safely.
//!
//! A dossier is written by many hands and published to readers who must be
//! able to trust it, so by default, as in Hugo, the HTML of a page carries
//! nothing its Markdown did not mean as text: raw HTML (`<script>`,
//! `<iframe>`, `onerror=`) is left out, and links whose URL would run code
//! (`javascript:`, `vbscript:`, `data:`, except `data:image/…` images) are
//! kept as plain text. This is a filter on pulldown-cmark's event stream, so
//! it costs next to nothing.
//!
//! A dossier that needs raw HTML says so in `dossier.yaml`
//! (`markdown: { raw_html: sanitize }`); its bodies are then cleaned by
//! ammonia, a well-kept allow-list sanitizer, after rendering. Only
//! `raw_html: trusted` publishes HTML exactly as written. The cost of
//! ammonia (about three times the render) is paid only by the bodies that
//! contain raw HTML.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

pub use crate::config::RawHtml;

/// What replaces raw HTML that is left out, as in Hugo: visible in the
/// page's source, invisible to readers.
pub const OMITTED: &str = "<!-- raw HTML omitted -->";

/// Filters `events` by `mode`. Returns the events and whether any raw HTML
/// was kept (only then must the output be sanitized).
pub fn filter<'e>(
    mode: RawHtml,
    events: impl Iterator<Item = Event<'e>>,
) -> (Vec<Event<'e>>, bool) {
    if mode == RawHtml::Trusted {
        return (events.collect(), false);
    }
    let mut out = Vec::new();
    let mut kept_html = false;
    // One flag per open link or image: whether its start was dropped, so
    // its end is dropped too (links cannot nest, but images sit in links).
    let mut open: Vec<bool> = Vec::new();
    for ev in events {
        match ev {
            Event::Html(_) | Event::InlineHtml(_) if mode == RawHtml::Omit => {
                if !matches!(out.last(), Some(Event::Html(h)) if h.as_ref() == OMITTED) {
                    out.push(Event::Html(CowStr::Borrowed(OMITTED)));
                }
            }
            Event::Html(h) => {
                kept_html = true;
                out.push(Event::Html(h));
            }
            Event::InlineHtml(h) => {
                kept_html = true;
                out.push(Event::InlineHtml(h));
            }
            Event::Start(Tag::Link { ref dest_url, .. }) => {
                let drop = !safe_url(dest_url, false);
                open.push(drop);
                if !drop {
                    out.push(ev);
                }
            }
            Event::Start(Tag::Image { ref dest_url, .. }) => {
                let drop = !safe_url(dest_url, true);
                open.push(drop);
                if !drop {
                    out.push(ev);
                }
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if !open.pop().unwrap_or(false) {
                    out.push(ev);
                }
            }
            other => out.push(other),
        }
    }
    (out, kept_html)
}

/// Whether a link (or, with `image`, an image source) may be published: not
/// a scheme that runs code. Browsers ignore ASCII whitespace and control
/// characters in a scheme (`java\tscript:`), and so does this check.
pub fn safe_url(url: &str, image: bool) -> bool {
    // The schemes below are ASCII and at most 16 characters long: the first
    // 16 characters kept decide, each a byte, and one that is not ASCII a
    // byte no scheme has. Every link of every page comes here: no String.
    let mut head = [0u8; 16];
    let mut len = 0;
    for c in url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .take(head.len())
    {
        head[len] = if c.is_ascii() {
            c.to_ascii_lowercase() as u8
        } else {
            0xff
        };
        len += 1;
    }
    let compact = &head[..len];
    if compact.starts_with(b"javascript:") || compact.starts_with(b"vbscript:") {
        return false;
    }
    if compact.starts_with(b"data:") {
        // An image's data URL shows a picture; SVG is left out, as it is a
        // document of its own.
        return image
            && compact.starts_with(b"data:image/")
            && !compact.starts_with(b"data:image/svg");
    }
    true
}

/// Cleans rendered HTML that kept raw HTML (`raw_html: sanitize`): ammonia's
/// allow-list, plus the attributes dossier's own Markdown output uses
/// (`class` and `id` for footnotes and headings). Links keep their `rel` as
/// written: the site links to itself.
pub fn sanitize(html: &str) -> String {
    ammonia::Builder::default()
        .add_generic_attributes(["class", "id"])
        .link_rel(None)
        .clean(html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(mode: RawHtml, md: &str) -> String {
        let parser = pulldown_cmark::Parser::new_ext(md, crate::load::markdown_options());
        let (events, kept) = filter(mode, parser);
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        if kept {
            sanitize(&html)
        } else {
            html
        }
    }

    #[test]
    fn raw_html_is_left_out_by_default() {
        let html = render(
            RawHtml::Omit,
            "Hi <img src=x onerror=alert(1)> there.\n\n<script>alert(1)</script>\n\n<iframe src=\"https://x\"></iframe>\n",
        );
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<iframe"), "{html}");
        assert!(
            html.contains("Hi <!-- raw HTML omitted --> there."),
            "{html}"
        );
    }

    #[test]
    fn links_that_run_code_become_text() {
        for url in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "&#106;avascript:alert(1)",
            "vbscript:msgbox(1)",
            "data:text/html,<script>alert(1)</script>",
        ] {
            let md = format!("[click]({url}) and <{url}>\n");
            let html = render(RawHtml::Omit, &md);
            assert!(!html.contains("href"), "{url}: {html}");
            assert!(html.contains("click"), "{url}: {html}");
        }
        let html = render(RawHtml::Omit, "![a dot](data:image/png;base64,iVBO)\n");
        assert!(html.contains("src=\"data:image/png"), "{html}");
        let html = render(
            RawHtml::Omit,
            "![svg](data:image/svg+xml,<svg onload=alert(1)>)\n",
        );
        assert!(!html.contains("<img"), "{html}");
        for url in [
            "https://example.org/",
            "/briefings/",
            "#top",
            "mailto:a@b.org",
            "datasets/x",
        ] {
            assert!(safe_url(url, false), "{url}");
        }
    }

    /// The check reads the first characters kept as bytes; it answers as
    /// one that lowercases them into a string does.
    #[test]
    fn safe_url_reads_only_the_scheme() {
        let by_string = |url: &str, image: bool| {
            let c: String = url
                .chars()
                .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
                .take(24)
                .map(|c| c.to_ascii_lowercase())
                .collect();
            if c.starts_with("javascript:") || c.starts_with("vbscript:") {
                return false;
            }
            !c.starts_with("data:")
                || image && c.starts_with("data:image/") && !c.starts_with("data:image/svg")
        };
        for url in [
            "",
            "j",
            "JAVA SCRIPT:x",
            "jävascript:x",
            "javascrïpt:x",
            "\u{0}javascript:x",
            "ｊavascript:x",
            "DATA:IMAGE/PNG;x",
            "data:image/SVG+xml,x",
            "data:image/",
            "data:imagé/png",
            " d a t a : i m a g e / s v g",
            "vbscript",
            "https://example.org/javascript:",
        ] {
            for image in [false, true] {
                assert_eq!(safe_url(url, image), by_string(url, image), "{url:?}");
            }
        }
    }

    #[test]
    fn sanitize_keeps_harmless_html_and_drops_scripts() {
        let html = render(
            RawHtml::Sanitize,
            "<details><summary>More</summary>\n\nText<script>alert(1)</script> <a href=\"javascript:x\" onclick=\"y\">x</a>\n\n</details>\n",
        );
        assert!(html.contains("<details>"), "{html}");
        assert!(!html.contains("script"), "{html}");
        assert!(!html.contains("onclick"), "{html}");
        assert!(!html.contains("javascript"), "{html}");
    }

    #[test]
    fn trusted_html_is_published_as_written() {
        let html = render(RawHtml::Trusted, "<div class=\"map\" data-x=\"1\"></div>\n");
        assert!(
            html.contains("<div class=\"map\" data-x=\"1\"></div>"),
            "{html}"
        );
    }
}
