//! dossier's patch: hand the parser only the part of a page it reads.
//!
//! A page marked with `data-pagefind-body` is indexed from that element
//! alone, less its `data-pagefind-ignore` parts, yet the parser walks every
//! element of the page: the head's meta tags, the site's header and footer,
//! the long lists a page keeps out of the index. This cuts such a page down
//! to the `<html>` tag, the `<head>` with its `<title>`, the chain of
//! elements that hold the body, the body, and the text between them; from
//! the body it drops the ignored parts that cannot reach the index.
//!
//! The cut must not change what the parser finds. It is made only when a
//! plain scan of the page is sure of the page's shape, and only when
//! nothing that is dropped could reach the index:
//!
//! - the page is well formed: every element but a void one is closed by
//!   its own end tag, names are in lower case, and there are no comments,
//!   scripts, styles or other raw text (the scan would have to read them
//!   as the HTML parser does);
//! - there is one body mark, and `html` holds everything;
//! - no dropped element has a `data-pagefind-*` attribute (filters, meta,
//!   sort, …; an ignored part may have its own `data-pagefind-ignore`), is
//!   an `h1` or a `title` (the page's title comes from the first), is an
//!   `img` (the image meta comes from the first after the title), or is a
//!   `br` (it adds a space to its parent even when that parent's text is
//!   kept out);
//! - an ignored part is dropped only if it is not an inline element (an
//!   inline one shares its parent's anchors, whose text it would feed);
//! - where a part is dropped, the text on either side cannot run together
//!   into one character reference (`&no` + `t;`);
//! - the root selector is `html` and the exclude selectors are plain
//!   names of elements that have an end tag (an exclusion that matches a
//!   void element marks that element's parent).
//!
//! Anything else, dropped, never reaches the index: the parser clears what
//! the body's ancestors gathered before the body closes, and keeps nothing
//! that their other children gather after it; an ignored part gives its
//! parent nothing. Element ids outside the index shift the parser's anchor
//! counter, which never reaches the index. If any condition fails, the
//! page is parsed whole.

// It stands alone (no `crate::` paths), so that dossier's own tests can
// build it too: they run its tests, and check the default theme's pages
// are cut.

/// Void elements, as lol_html knows them: no end tag, no content.
const VOID: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "hr", "img", "input", "keygen",
    "link", "meta", "param", "source", "track", "wbr",
];

/// Elements whose content is not plain HTML (raw text, foreign content):
/// the scan does not follow them, so a page that has one is parsed whole.
const OPAQUE: &[&str] = &[
    "script",
    "style",
    "textarea",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
    "template",
    "svg",
    "math",
];

/// The parser's inline elements (parser.rs, `INLINE_SELECTORS`).
const INLINE: &[&str] = &[
    "a", "abbr", "acronym", "b", "bdo", "big", "br", "button", "cite", "code", "dfn", "em", "i",
    "img", "input", "kbd", "label", "map", "object", "output", "q", "samp", "script", "select",
    "small", "span", "strong", "sub", "sup", "textarea", "time", "tt", "var",
];

/// Elements that, dropped, would change what the parser finds.
const TELLING: &[&str] = &["h1", "title", "img", "br", "html", "head"];

/// Whether pages can be cut under a root selector and exclude selectors.
pub fn applies(root_selector: &str, exclude_selectors: &[String]) -> bool {
    root_selector == "html"
        && exclude_selectors.iter().all(|s| {
            !s.is_empty()
                && s.bytes().all(|b| b.is_ascii_alphanumeric())
                && !VOID.contains(&s.to_ascii_lowercase().as_str())
        })
}

/// What becomes of an element in the cut page.
#[derive(Clone, Copy, PartialEq)]
enum Fate {
    /// Its tags and its own text: `html`, `head`, the body's ancestors.
    Kept,
    /// Its tags and all its text: the body and the title, and what they
    /// hold.
    Whole,
    Dropped,
}

/// The page cut down to what the parser reads, or `None` if it must be
/// parsed whole.
pub fn trim(html: &str) -> Option<String> {
    let doc = scan(html)?;
    let body = doc.body?;
    let nodes = &doc.nodes;
    // Whether an element, or one it holds, must not be dropped.
    let mut telling: Vec<bool> = nodes
        .iter()
        .map(|n| TELLING.contains(&n.name) || n.marks > usize::from(n.ignored))
        .collect();
    for n in (1..nodes.len()).rev() {
        if telling[n] {
            if let Some(p) = nodes[n].parent {
                telling[p] = true;
            }
        }
    }

    let mut fate = vec![Fate::Dropped; nodes.len()];
    let mut up = Some(body);
    while let Some(n) = up {
        fate[n] = Fate::Kept;
        up = nodes[n].parent;
    }
    // The chain must go up to an `html` that holds the whole page.
    if nodes[0].name != "html" || fate[0] != Fate::Kept {
        return None;
    }
    fate[body] = Fate::Whole;
    let mut titles = 0;
    for n in 1..nodes.len() {
        let node = &nodes[n];
        let parent = node.parent.map(|p| fate[p]);
        if n == body || fate[n] == Fate::Kept {
            continue;
        }
        if parent == Some(Fate::Whole) {
            let droppable = node.ignored && !telling[n] && !INLINE.contains(&node.name);
            if !droppable || !doc.joins_cleanly(html, node) {
                fate[n] = Fate::Whole;
            }
            continue;
        }
        if parent == Some(Fate::Dropped) {
            // Held by a dropped element: `telling` spoke for it.
            continue;
        }
        // Held by `html`, `head` or an ancestor of the body.
        match node.name {
            "head" if node.parent == Some(0) => fate[n] = Fate::Kept,
            "title" if nodes[node.parent?].name == "head" => {
                titles += 1;
                fate[n] = Fate::Whole;
            }
            _ if telling[n] || !doc.joins_cleanly(html, node) => return None,
            _ => {}
        }
    }
    if titles > 1 {
        return None;
    }

    let mut out = String::with_capacity(html.len() / 2);
    let mut i = 0;
    while i < doc.tokens.len() {
        match doc.tokens[i] {
            Token::Text { start, end, parent } => {
                if parent.is_none_or(|p| fate[p] != Fate::Dropped) {
                    out.push_str(&html[start..end]);
                }
            }
            Token::Open(n) => {
                let node = &nodes[n];
                if fate[n] == Fate::Dropped {
                    i = node.close_token;
                } else {
                    out.push_str(&html[node.start..node.open_end]);
                }
            }
            Token::Close(n) => {
                let node = &nodes[n];
                out.push_str(&html[node.close_start..node.end]);
            }
        }
        i += 1;
    }
    Some(out)
}

/// An element: where its tags are, and what holds it.
struct Node<'a> {
    name: &'a str,
    parent: Option<usize>,
    /// How many `data-pagefind-*` attributes its start tag has.
    marks: usize,
    /// Whether one of them is `data-pagefind-ignore`, as plain ignore
    /// (no value, `index` or `true`).
    ignored: bool,
    start: usize,
    open_end: usize,
    close_start: usize,
    end: usize,
    /// The index of its end tag's token (its own for a void element).
    close_token: usize,
}

enum Token {
    Text {
        start: usize,
        end: usize,
        parent: Option<usize>,
    },
    Open(usize),
    Close(usize),
}

struct Doc<'a> {
    nodes: Vec<Node<'a>>,
    tokens: Vec<Token>,
    body: Option<usize>,
}

impl Doc<'_> {
    /// Whether the text on either side of `node`, once it is dropped,
    /// reads as it did: a character reference cannot run across, and a
    /// `\r` cannot meet a `\n`.
    fn joins_cleanly(&self, html: &str, node: &Node) -> bool {
        let bytes = html.as_bytes();
        let before = node.start.checked_sub(1).map(|i| bytes[i]);
        let after = bytes.get(node.end).copied();
        match (before, after) {
            (Some(b'\r'), _) => false,
            (None | Some(b'>' | b' ' | b'\n' | b'\t'), _) => true,
            (_, None | Some(b'<' | b' ' | b'\n' | b'\t')) => true,
            _ => false,
        }
    }
}

/// Reads the page's elements, or `None` if it is not plainly shaped.
fn scan(html: &str) -> Option<Doc<'_>> {
    let bytes = html.as_bytes();
    // About one element in 40 bytes of a page, and two tokens to one.
    let mut nodes: Vec<Node> = Vec::with_capacity(html.len() / 32);
    let mut tokens = Vec::with_capacity(html.len() / 12);
    let mut stack: Vec<usize> = Vec::new();
    let mut body = None;
    let mut pos = 0;
    loop {
        let lt = memchr::memchr(b'<', &bytes[pos..]).map(|i| pos + i);
        let text_end = lt.unwrap_or(bytes.len());
        if text_end > pos {
            let parent = stack.last().copied();
            if parent.is_none() && !html[pos..text_end].trim().is_empty() {
                // Text outside the root element.
                return None;
            }
            tokens.push(Token::Text {
                start: pos,
                end: text_end,
                parent,
            });
        }
        let Some(lt) = lt else { break };
        let next = *bytes.get(lt + 1)?;
        if next == b'/' {
            // An end tag: it must close the element open last.
            let name_start = lt + 2;
            let name_end = name_end(bytes, name_start);
            let gt = name_end + find_byte(bytes, name_end, b'>')?;
            if !bytes[name_end..gt].iter().all(u8::is_ascii_whitespace) {
                return None;
            }
            let n = stack.pop()?;
            if &html[name_start..name_end] != nodes[n].name {
                return None;
            }
            nodes[n].close_start = lt;
            nodes[n].end = gt + 1;
            nodes[n].close_token = tokens.len();
            tokens.push(Token::Close(n));
            pos = gt + 1;
        } else if next.is_ascii_lowercase() {
            let name_end = name_end(bytes, lt + 1);
            let name = &html[lt + 1..name_end];
            if !name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                || OPAQUE.contains(&name)
            {
                return None;
            }
            let tag = start_tag(bytes, name_end)?;
            let parent = stack.last().copied();
            if parent.is_none() && !nodes.is_empty() {
                // A second root.
                return None;
            }
            let n = nodes.len();
            if tag.body {
                if body.is_some() {
                    return None;
                }
                body = Some(n);
            }
            nodes.push(Node {
                name,
                parent,
                marks: tag.marks,
                ignored: tag.ignored,
                start: lt,
                open_end: tag.end,
                close_start: tag.end,
                end: tag.end,
                close_token: tokens.len(),
            });
            tokens.push(Token::Open(n));
            pos = tag.end;
            if VOID.contains(&name) {
                continue;
            }
            if tag.self_closing {
                return None;
            }
            if name == "title" {
                // Its text is read as text up to `</title`.
                let close = pos + html[pos..].find("</title")?;
                let gt = close + find_byte(bytes, close, b'>')?;
                if !bytes[close + 7..gt].iter().all(u8::is_ascii_whitespace) {
                    return None;
                }
                if close > pos {
                    tokens.push(Token::Text {
                        start: pos,
                        end: close,
                        parent: Some(n),
                    });
                }
                nodes[n].close_start = close;
                nodes[n].end = gt + 1;
                nodes[n].close_token = tokens.len();
                tokens.push(Token::Close(n));
                pos = gt + 1;
                continue;
            }
            stack.push(n);
        } else if next == b'!'
            && nodes.is_empty()
            && html[lt..].get(..9)?.eq_ignore_ascii_case("<!doctype")
        {
            let gt = lt + find_byte(bytes, lt, b'>')?;
            tokens.push(Token::Text {
                start: lt,
                end: gt + 1,
                parent: None,
            });
            pos = gt + 1;
        } else {
            // A comment, a processing instruction, a stray `<`, a name in
            // capitals.
            return None;
        }
    }
    if !stack.is_empty() || nodes.is_empty() {
        return None;
    }
    Some(Doc {
        nodes,
        tokens,
        body,
    })
}

/// Where a tag name that starts at `start` ends.
fn name_end(bytes: &[u8], start: usize) -> usize {
    start
        + bytes[start..]
            .iter()
            .position(|&b| b.is_ascii_whitespace() || b == b'/' || b == b'>')
            .unwrap_or(bytes.len() - start)
}

/// What the scan needs of a start tag.
struct StartTag {
    /// Just past its `>`.
    end: usize,
    self_closing: bool,
    marks: usize,
    ignored: bool,
    body: bool,
}

/// Reads a start tag's attributes, from `pos` just past its name. `None`
/// for anything the HTML tokenizer would call an error.
fn start_tag(bytes: &[u8], mut pos: usize) -> Option<StartTag> {
    let skip_blanks = |mut pos: usize| {
        while bytes.get(pos).is_some_and(u8::is_ascii_whitespace) {
            pos += 1;
        }
        pos
    };
    let mut tag = StartTag {
        end: 0,
        self_closing: false,
        marks: 0,
        ignored: false,
        body: false,
    };
    loop {
        pos = skip_blanks(pos);
        match *bytes.get(pos)? {
            b'>' => {
                tag.end = pos + 1;
                return Some(tag);
            }
            b'/' if bytes.get(pos + 1) == Some(&b'>') => {
                tag.end = pos + 2;
                tag.self_closing = true;
                return Some(tag);
            }
            b'/' | b'"' | b'\'' | b'<' | b'=' => return None,
            _ => {}
        }
        // An attribute name, then maybe `=` and a value.
        let name_start = pos;
        while let Some(&b) = bytes.get(pos) {
            match b {
                b'"' | b'\'' | b'<' => return None,
                b'=' | b'/' | b'>' => break,
                _ if b.is_ascii_whitespace() => break,
                _ => pos += 1,
            }
        }
        let name = &bytes[name_start..pos];
        let mut value: &[u8] = b"";
        let after = skip_blanks(pos);
        if bytes.get(after) == Some(&b'=') {
            pos = skip_blanks(after + 1);
            match *bytes.get(pos)? {
                q @ (b'"' | b'\'') => {
                    let len = find_byte(bytes, pos + 1, q)?;
                    value = &bytes[pos + 1..pos + 1 + len];
                    pos += 2 + len;
                }
                b'>' => return None,
                _ => {
                    let value_start = pos;
                    while let Some(&b) = bytes.get(pos) {
                        match b {
                            b'>' => break,
                            b'"' | b'\'' | b'<' | b'=' | b'`' => return None,
                            _ if b.is_ascii_whitespace() => break,
                            _ => pos += 1,
                        }
                    }
                    value = &bytes[value_start..pos];
                }
            }
        }
        let prefix = b"data-pagefind-";
        if name.len() >= prefix.len() && name[..prefix.len()].eq_ignore_ascii_case(prefix) {
            tag.marks += 1;
            let rest = &name[prefix.len()..];
            if rest.eq_ignore_ascii_case(b"body") {
                tag.body = true;
            } else if rest.eq_ignore_ascii_case(b"ignore")
                && [&b""[..], b"index", b"true"]
                    .iter()
                    .any(|v| value.eq_ignore_ascii_case(v))
            {
                tag.ignored = true;
            }
        }
    }
}

/// How far past `from` the first `byte` is.
fn find_byte(bytes: &[u8], from: usize, byte: u8) -> Option<usize> {
    // memchr: `str::find` sets up a searcher on every call, and the scan
    // calls it for every tag (dossier's patch 14).
    memchr::memchr(byte, &bytes[from..])
}

#[cfg(test)]
mod tests {
    use super::{applies, trim};

    const PAGE: &str = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
        <title>A &amp; B</title>\n<link rel=\"stylesheet\" href=\"/s.css\">\n</head>\n\
        <body>\n<header><a href=\"/\">Site</a><nav><ul><li>x</li></ul></nav></header>\n\
        <main id=\"main\" data-pagefind-body>\n<h1>A</h1>\n<p>Text <b>bold</b></p>\n\
        <section data-pagefind-ignore><h2>List</h2><ul><li>one</li></ul></section>\n\
        <div data-pagefind-ignore><h1>Kept: an h1</h1></div>\n</main>\n\
        <footer><p>Foot</p></footer>\n</body>\n</html>\n";

    #[test]
    fn keeps_what_the_parser_reads() {
        assert_eq!(
            trim(PAGE).as_deref(),
            Some(
                "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n\n<title>A &amp; B</title>\n\n\
                 </head>\n<body>\n\n<main id=\"main\" data-pagefind-body>\n<h1>A</h1>\n\
                 <p>Text <b>bold</b></p>\n\n\
                 <div data-pagefind-ignore><h1>Kept: an h1</h1></div>\n</main>\n\n</body>\n\
                 </html>\n"
            )
        );
    }

    #[test]
    fn parses_whole_what_it_is_unsure_of() {
        for (from, to) in [
            ("<footer>", "<footer data-pagefind-filter=\"x:y\">"),
            ("<header>", "<header><h1>Site</h1>"),
            ("<header>", "<header><!-- c -->"),
            ("<header>", "<header><script>x</script>"),
            ("<header>", "<header><img src=\"a.png\">"),
            ("<header>", "<header><br>"),
            (
                "</main>\n<footer><p>Foot</p></footer>\n",
                "</main>\n&no<footer><p>Foot</p></footer>t;\n",
            ),
            ("<p>Text", "<p>Text<span>"),
            ("<main id", "<MAIN id"),
            (
                "<section data-pagefind-ignore>",
                "<section data-pagefind-ignore data-pagefind-body>",
            ),
        ] {
            let page = PAGE.replacen(from, to, 1);
            assert_eq!(trim(&page), None, "{to}");
        }
    }

    #[test]
    fn cuts_only_under_plain_selectors() {
        let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(applies("html", &names(&["nav", "thead"])));
        assert!(!applies("body", &[]));
        assert!(!applies("html", &names(&["img"])));
        assert!(!applies("html", &names(&[".ad"])));
    }

    #[test]
    fn keeps_inline_and_ignore_all_parts() {
        let page = PAGE.replacen(
            "<p>Text",
            "<p><span data-pagefind-ignore>s</span><em data-pagefind-ignore=\"all\">e</em>Text",
            1,
        );
        let cut = trim(&page).unwrap();
        assert!(cut.contains("<span data-pagefind-ignore>s</span>"));
        assert!(cut.contains("<em data-pagefind-ignore=\"all\">e</em>"));
    }
}
