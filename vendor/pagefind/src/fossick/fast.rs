//! dossier's patch: a page of a plain shape read without lol_html.
//!
//! lol_html is a full HTML tokenizer with a selector engine on top: for
//! every element it runs its selector VM, and the parser's handlers keep
//! a node per element behind `Rc<RefCell>`. That was a quarter of
//! `dossier build`'s time at 10,000 briefings. Yet dossier's pages are of
//! a plain shape, the one the page cut (trim.rs) already scans for: well
//! formed, lower-case names, no comments, no raw text. On such a page a
//! small scan finds the same tags, attributes and text that lol_html
//! would, and runs the parser's own handler code on them (`open_element`,
//! `close_element`, `close_void`, `add_text` in parser.rs), with a plain
//! stack of nodes for lol_html's.
//!
//! It must find what the parser finds, so it reads a page only when it is
//! sure of it, and returns `None` otherwise, before anything is said (the
//! page then goes to lol_html, which warns as it always did):
//!
//! - the root selector is `html`, and each exclude selector a plain
//!   lower-case name of an element that has an end tag: so every element
//!   is under the root, and a name tells whether an exclusion matches;
//! - the page is one `html` element, after an optional doctype and blanks;
//!   every element but a void one is closed by its own end tag; names are
//!   in lower case; there are no comments, no raw text (`script`, `style`,
//!   `textarea`, …) and no foreign content (`svg`, `math`); a `<title>`
//!   holds no `</` but its end tag;
//! - start tags are plain: no stray `/`, quote, `<` or `=`, no self-closing
//!   non-void element, no attribute name or value that starts with a byte
//!   order mark (lol_html's decoding drops it there);
//! - `data-pagefind-ignore` is empty, `index`, `true` or `all` (anything
//!   else is warned about).
//!
//! lol_html decodes no entity in text or attributes (the parser does, in
//! `normalize_content`), so the scan hands on the page's own bytes. What
//! the index throws away (the head, `nav`, the footer, ignored lists) is
//! only walked, with no node or text made for it, where nothing in it
//! could reach the index (`skim`).

use super::normalize_content;
use super::parser::{
    add_text, close_element, close_void, finish, note_reference, open_element, DomParserData,
    DomParserResult, DomParsingNode, NodeStatus, REMOVE_SELECTORS,
};
use crate::SearchOptions;

/// What the scan must know of an element by its name. (A match on the
/// name's bytes, not a search through lists of names: it is asked for
/// every element.)
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    /// Void, as lol_html knows them: no end tag, no content.
    Void,
    /// Content that is not plain HTML (raw text, foreign content): the
    /// scan does not follow it.
    Opaque,
    /// Never indexed: the parser's `REMOVE_SELECTORS`.
    Removed,
    Plain,
}

fn kind(name: &[u8]) -> Kind {
    match name {
        b"area" | b"base" | b"basefont" | b"bgsound" | b"br" | b"col" | b"embed" | b"hr"
        | b"img" | b"input" | b"keygen" | b"link" | b"meta" | b"param" | b"source" | b"track"
        | b"wbr" => Kind::Void,
        b"script" | b"style" | b"textarea" | b"xmp" | b"iframe" | b"noembed" | b"noframes"
        | b"noscript" | b"plaintext" | b"template" | b"svg" | b"math" => Kind::Opaque,
        // The rest of REMOVE_SELECTORS (parser.rs); its others are opaque.
        b"head" | b"label" | b"form" | b"footer" | b"nav" => Kind::Removed,
        _ => Kind::Plain,
    }
}

/// Whether pages can be read without lol_html under these options.
pub fn applies(options: &SearchOptions) -> bool {
    // `kind` spells out the parser's list of removed elements.
    debug_assert!(REMOVE_SELECTORS
        .iter()
        .all(|n| matches!(kind(n.as_bytes()), Kind::Removed | Kind::Opaque)));
    options.root_selector == "html"
        && options.exclude_selectors.iter().all(|s| {
            s.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
                && s.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                && kind(s.as_bytes()) != Kind::Void
        })
}

/// What the parser would find in `html`, or `None` if the page is not of
/// the plain shape (see above).
pub fn parse(html: &str, options: &SearchOptions) -> Option<DomParserResult> {
    let excluded = |name: &str, kind: Kind| {
        kind == Kind::Removed || options.exclude_selectors.iter().any(|s| s == name)
    };
    let bytes = html.as_bytes();
    let mut data = DomParserData::default();
    // lol_html's open elements, under the parser's root node.
    let mut stack: Vec<(DomParsingNode, &str)> = Vec::with_capacity(32);
    stack.push((DomParsingNode::default(), ""));
    let mut attrs: Vec<(&str, &str)> = Vec::with_capacity(8);
    // The text buffers of closed elements, cleared, for the next ones to
    // fill: growing a new string for every element was a third of the
    // parse's time.
    let mut spare: Vec<String> = Vec::new();
    let mut anchor_counter = 0;
    let mut seen_root = false;
    let mut pos = 0;
    loop {
        let lt = find_byte(bytes, pos, b'<');
        let text_end = lt.unwrap_or(bytes.len());
        if text_end > pos {
            let text = &html[pos..text_end];
            if stack.len() == 1 {
                // Outside the root: only blanks.
                if !text.bytes().all(|b| b.is_ascii_whitespace()) {
                    return None;
                }
            } else {
                let (node, _) = stack.last_mut()?;
                add_text(&mut data, node, text);
            }
        }
        let Some(lt) = lt else { break };
        let next = *bytes.get(lt + 1)?;
        if next == b'/' {
            // An end tag: it must close the element open last.
            let name_start = lt + 2;
            let name_end = name_end(bytes, name_start);
            let gt = find_byte(bytes, name_end, b'>')?;
            if !bytes[name_end..gt].iter().all(u8::is_ascii_whitespace) || stack.len() < 2 {
                return None;
            }
            let name = &html[name_start..name_end];
            let (mut node, open_name) = stack.pop()?;
            if name != open_name {
                return None;
            }
            let (parent, _) = stack.last_mut()?;
            close_element(&mut data, &mut node, parent, name, name);
            spare.push(recycle(node));
            pos = gt + 1;
        } else if next.is_ascii_lowercase() {
            let name_end = name_end(bytes, lt + 1);
            let name = &html[lt + 1..name_end];
            let kind = kind(name.as_bytes());
            if !name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                || kind == Kind::Opaque
            {
                return None;
            }
            attrs.clear();
            let tag = start_tag(html, name_end, &mut attrs)?;
            if stack.len() == 1 {
                if seen_root || name != "html" {
                    return None;
                }
                seen_root = true;
            }
            let void = kind == Kind::Void;
            if tag.self_closing && !void {
                return None;
            }
            pos = tag.end;

            // The handlers, in the order lol_html runs them: `html`, then
            // every element (the root selector), the exclusions, `link`.
            let get = |wanted: &str| get_attribute(&attrs, wanted).map(str::to_owned);
            if name == "html" {
                data.has_html_element = true;
                if let Some(lang) = get("lang") {
                    data.language = Some(lang.to_lowercase());
                }
            }
            let relevant = tag.relevant;
            if relevant {
                if let Some(ignore) = get_attribute(&attrs, "data-pagefind-ignore") {
                    if !["", "index", "true", "all"]
                        .iter()
                        .any(|v| ignore.eq_ignore_ascii_case(v))
                    {
                        return None;
                    }
                }
            }
            let (parent, _) = stack.last_mut()?;
            let mut node = open_element(
                options,
                &mut data,
                parent,
                name,
                relevant,
                &get,
                &mut anchor_counter,
            );
            if void {
                close_void(&mut data, &node, name, &get);
            } else {
                node.current_value = spare.pop().unwrap_or_default();
                stack.push((node, name));
            }
            // The root has no `html` above it; any other element has.
            // For a void element, the exclusion marks the parent, as the
            // parser's current node is the parent again by then.
            if stack.len() > 2 && excluded(name, kind) {
                stack.last_mut()?.0.status = NodeStatus::Ignored;
            }
            if name == "link" {
                note_reference(&mut data, name, &get);
            }

            if name == "title" {
                let (close, after) = title_end(html, pos)?;
                if close > pos {
                    let (node, _) = stack.last_mut()?;
                    add_text(&mut data, node, &html[pos..close]);
                }
                let (mut node, _) = stack.pop()?;
                let (parent, _) = stack.last_mut()?;
                close_element(&mut data, &mut node, parent, name, name);
                spare.push(recycle(node));
                pos = after;
            } else if !void && name != "h1" && stack.last()?.0.drops_its_text() {
                // Its content is thrown away: skim it if it can be.
                let status = stack.last()?.0.status;
                if let Some(after) = skim(html, pos, name, status, &mut attrs, &mut data, options) {
                    let (mut node, _) = stack.pop()?;
                    let (parent, _) = stack.last_mut()?;
                    close_element(&mut data, &mut node, parent, name, name);
                    spare.push(recycle(node));
                    pos = after;
                }
            }
        } else if next == b'!'
            && !seen_root
            && html[lt..].get(..9)?.eq_ignore_ascii_case("<!doctype")
        {
            let gt = find_byte(bytes, lt, b'>')?;
            pos = gt + 1;
        } else {
            // A comment, a processing instruction, a stray `<`, a name in
            // capitals.
            return None;
        }
    }
    if stack.len() != 1 || !seen_root {
        return None;
    }
    let (root, _) = stack.pop()?;
    Some(finish(data, &root))
}

/// Where a `<title>`'s text, which starts at `pos`, ends, and where its
/// end tag does. Its text is read as text up to its end tag; `None` if it
/// holds any other `</`.
fn title_end(html: &str, pos: usize) -> Option<(usize, usize)> {
    let bytes = html.as_bytes();
    let close = pos + memchr::memmem::find(&bytes[pos..], b"</")?;
    if !html[close..].starts_with("</title") {
        return None;
    }
    let gt = find_byte(bytes, close + 7, b'>')?;
    if !bytes[close + 7..gt].iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    Some((close, gt + 1))
}

/// Reads past the content and the end tag of an element whose text is
/// thrown away (`drops_its_text`), from `pos` just past its start tag,
/// without the nodes and text the parser would make for it: where its
/// end tag ends. `name` and `status` are the element's.
///
/// Nothing in its content reaches the page's result, unless the content
/// has one of what makes this return `None` (the content is then read in
/// full, from `pos`):
///
/// - an `id` or `data-pagefind-*` attribute: an anchor moves the anchor
///   counter and has a title and text of its own; a body mark puts the
///   text back; filters, sort keys and meta are read from anything;
/// - an `h1` (the page's title may come from the first), an `img` (its
///   image from the first after a title), an `html` (its language);
/// - anything the full read would not take (it then parses the page
///   with lol_html).
///
/// The rest does what the parser does in such content: a `link` is
/// checked for references to Pagefind's files, and the first `title`
/// that is not excluded gives the page title (a title is never read
/// before the one that was read first; both are idempotent if the full
/// read goes over them again). The text of the elements, and what their
/// handlers add to it (spaces, full stops, weights), is never read:
/// each element's goes to its parent, up to the element skimmed, which
/// keeps it out, and no element reads its own (that takes a filter, sort
/// or meta attribute, or an `h1`, or an anchor inherited from a parent).
/// The statuses are followed only for titles: an excluded element's
/// content is excluded, but for elements an exclude selector names.
#[allow(clippy::too_many_arguments)]
fn skim<'h>(
    html: &'h str,
    mut pos: usize,
    name: &str,
    status: NodeStatus,
    attrs: &mut Vec<(&'h str, &'h str)>,
    data: &mut DomParserData,
    options: &SearchOptions,
) -> Option<usize> {
    let bytes = html.as_bytes();
    // The open elements inside, and their statuses.
    let mut open: Vec<(&str, NodeStatus)> = Vec::new();
    loop {
        let lt = find_byte(bytes, pos, b'<')?;
        let next = *bytes.get(lt + 1)?;
        if next == b'/' {
            let name_start = lt + 2;
            let name_end = name_end(bytes, name_start);
            let gt = find_byte(bytes, name_end, b'>')?;
            if !bytes[name_end..gt].iter().all(u8::is_ascii_whitespace) {
                return None;
            }
            let end_name = &html[name_start..name_end];
            match open.pop() {
                Some((open_name, _)) if open_name == end_name => {}
                None if end_name == name => return Some(gt + 1),
                _ => return None,
            }
            pos = gt + 1;
        } else if next.is_ascii_lowercase() {
            let name_end = name_end(bytes, lt + 1);
            let inner = &html[lt + 1..name_end];
            let kind = kind(inner.as_bytes());
            if !inner
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                || kind == Kind::Opaque
                || matches!(inner, "h1" | "img" | "html")
            {
                return None;
            }
            attrs.clear();
            let tag = start_tag(html, name_end, attrs)?;
            let void = kind == Kind::Void;
            if tag.relevant || (tag.self_closing && !void) {
                return None;
            }
            pos = tag.end;
            if inner == "link" {
                note_reference(data, inner, &|wanted| {
                    get_attribute(attrs, wanted).map(str::to_owned)
                });
            }
            if void {
                continue;
            }
            let parent = open.last().map_or(status, |&(_, s)| s);
            let mut own = match parent {
                NodeStatus::Excluded => NodeStatus::Excluded,
                _ => NodeStatus::Indexing,
            };
            if kind == Kind::Removed || options.exclude_selectors.iter().any(|s| s == inner) {
                own = NodeStatus::Ignored;
            }
            if inner == "title" {
                let (close, after) = title_end(html, pos)?;
                if own != NodeStatus::Excluded && !data.meta.contains_key("auto_page_title") {
                    data.meta.insert(
                        "auto_page_title".into(),
                        normalize_content(&html[pos..close]),
                    );
                }
                pos = after;
                continue;
            }
            open.push((inner, own));
        } else {
            return None;
        }
    }
}

/// A closed node's text buffer, emptied.
fn recycle(mut node: DomParsingNode) -> String {
    let mut value = std::mem::take(&mut node.current_value);
    value.clear();
    value
}

/// lol_html's `get_attribute`: the first attribute of that name, in any
/// case; none for a name no attribute can have.
fn get_attribute<'h>(attrs: &[(&str, &'h str)], name: &str) -> Option<&'h str> {
    if name.is_empty()
        || name.bytes().any(|b| {
            matches!(
                b,
                b' ' | b'\n' | b'\r' | b'\t' | b'\x0C' | b'/' | b'>' | b'='
            )
        })
    {
        return None;
    }
    attrs
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| *v)
}

/// Where a tag name that starts at `start` ends.
fn name_end(bytes: &[u8], start: usize) -> usize {
    start
        + bytes[start..]
            .iter()
            .position(|&b| b.is_ascii_whitespace() || b == b'/' || b == b'>')
            .unwrap_or(bytes.len() - start)
}

/// What the scan needs of a start tag besides its attributes.
struct StartTag {
    /// Just past its `>`.
    end: usize,
    self_closing: bool,
    /// Whether it has an `id` or a `data-pagefind-*` attribute (what the
    /// element handler asks for; lol_html's `Attribute::name` is the name
    /// in lower case).
    relevant: bool,
}

/// How the scan of a start tag takes each byte (`BYTES`).
const PLAIN: u8 = 0;
/// An ASCII blank.
const BLANK: u8 = 1;
/// `/`, `=` or `>`: ends an attribute's name.
const ENDS_NAME: u8 = 2;
/// `"`, `'` or `<`: a parse error in a name, which the scan does not take.
const ERROR: u8 = 3;
/// `` ` ``: a parse error in an unquoted value.
const BACKTICK: u8 = 4;

const BYTES: [u8; 256] = {
    let mut table = [PLAIN; 256];
    table[b' ' as usize] = BLANK;
    table[b'\t' as usize] = BLANK;
    table[b'\n' as usize] = BLANK;
    table[b'\x0C' as usize] = BLANK;
    table[b'\r' as usize] = BLANK;
    table[b'/' as usize] = ENDS_NAME;
    table[b'=' as usize] = ENDS_NAME;
    table[b'>' as usize] = ENDS_NAME;
    table[b'"' as usize] = ERROR;
    table[b'\'' as usize] = ERROR;
    table[b'<' as usize] = ERROR;
    table[b'`' as usize] = BACKTICK;
    table
};

/// The class of the byte at `pos` (`BLANK` past the end: the caller then
/// finds no byte there).
#[inline(always)]
fn class(bytes: &[u8], pos: usize) -> u8 {
    bytes.get(pos).map_or(BLANK, |&b| BYTES[b as usize])
}

/// Reads a start tag's attributes into `attrs`, from `pos` just past its
/// name. `None` for anything the HTML tokenizer would call an error, or
/// would read otherwise than as it stands.
#[inline]
fn start_tag<'h>(
    html: &'h str,
    mut pos: usize,
    attrs: &mut Vec<(&'h str, &'h str)>,
) -> Option<StartTag> {
    let bytes = html.as_bytes();
    let mut relevant = false;
    loop {
        while bytes.get(pos).is_some_and(u8::is_ascii_whitespace) {
            pos += 1;
        }
        match *bytes.get(pos)? {
            b'>' => {
                return Some(StartTag {
                    end: pos + 1,
                    self_closing: false,
                    relevant,
                })
            }
            b'/' if bytes.get(pos + 1) == Some(&b'>') => {
                return Some(StartTag {
                    end: pos + 2,
                    self_closing: true,
                    relevant,
                })
            }
            b'/' | b'"' | b'\'' | b'<' | b'=' => return None,
            _ => {}
        }
        // An attribute name, then maybe `=` and a value.
        let name_start = pos;
        loop {
            match class(bytes, pos) {
                PLAIN | BACKTICK => pos += 1,
                ERROR => return None,
                _ => break,
            }
        }
        let name = html.get(name_start..pos)?;
        let mut value = "";
        let mut after = pos;
        while class(bytes, after) == BLANK && after < bytes.len() {
            after += 1;
        }
        if bytes.get(after) == Some(&b'=') {
            pos = after + 1;
            while bytes.get(pos).is_some_and(u8::is_ascii_whitespace) {
                pos += 1;
            }
            match *bytes.get(pos)? {
                q @ (b'"' | b'\'') => {
                    let close = find_byte(bytes, pos + 1, q)?;
                    value = html.get(pos + 1..close)?;
                    pos = close + 1;
                }
                b'>' => return None,
                _ => {
                    let value_start = pos;
                    loop {
                        match class(bytes, pos) {
                            PLAIN => pos += 1,
                            BLANK => break,
                            ENDS_NAME => match bytes[pos] {
                                b'>' => break,
                                b'/' => pos += 1,
                                _ => return None,
                            },
                            _ => return None,
                        }
                    }
                    value = html.get(value_start..pos)?;
                }
            }
        }
        if name.starts_with('\u{FEFF}') || value.starts_with('\u{FEFF}') {
            return None;
        }
        let n = name.as_bytes();
        relevant |= n.eq_ignore_ascii_case(b"id")
            || n.len() >= 14 && n[..14].eq_ignore_ascii_case(b"data-pagefind-");
        attrs.push((name, value));
    }
}

/// Where the first `byte` at or past `from` is. Most are a few bytes
/// away (the `>` of an end tag, a short attribute value, the text
/// between two tags), nearer than memchr's set-up pays for.
#[inline]
fn find_byte(bytes: &[u8], from: usize, byte: u8) -> Option<usize> {
    let near = bytes.len().min(from + 8);
    if let Some(i) = bytes.get(from..near)?.iter().position(|&b| b == byte) {
        return Some(from + i);
    }
    memchr::memchr(byte, &bytes[near..]).map(|i| near + i)
}
