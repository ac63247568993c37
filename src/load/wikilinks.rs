//! The `[[target]]` links of a Markdown body, found once at load time.
//!
//! The model checks that each names a record, and the renderer turns them
//! into links: both need the same Markdown extensions, defined here.

/// Markdown extensions every body is parsed with.
pub fn markdown_options() -> pulldown_cmark::Options {
    pulldown_cmark::Options::ENABLE_TABLES
        | pulldown_cmark::Options::ENABLE_FOOTNOTES
        | pulldown_cmark::Options::ENABLE_STRIKETHROUGH
        | pulldown_cmark::Options::ENABLE_SMART_PUNCTUATION
        | pulldown_cmark::Options::ENABLE_WIKILINKS
}

/// The wiki links of a Markdown body, with their byte ranges shifted by `offset`.
pub fn wikilinks(body: &str, offset: usize) -> Vec<(String, std::ops::Range<usize>)> {
    use pulldown_cmark::{Event, LinkType, Parser, Tag};
    if !body.contains("[[") {
        return Vec::new();
    }
    Parser::new_ext(body, markdown_options())
        .into_offset_iter()
        .filter_map(|(ev, range)| match ev {
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { .. },
                dest_url,
                ..
            }) => Some((
                dest_url.into_string(),
                range.start + offset..range.end + offset,
            )),
            _ => None,
        })
        .collect()
}
