//! Where a value of a file's front matter is written, to point a message at
//! it: the locate API, on top of the span index.
//!
//! The model and the checks reject values (an unknown id, a bad URL, a
//! stale figure) after the YAML parse, which keeps no positions. They ask
//! here, by path (`figures[2].source`, `corrections[1].date`) or by key,
//! and the answer comes from `crate::yaml::Spans`: the nodes of the front
//! matter with the marks of libyaml-rs, the parser under `serde_yaml`. The
//! index is built on the first question about a file and kept in its `Doc`,
//! so a clean build parses each file once; nothing here searches the text
//! for a value, so a value quoted, escaped, folded, in a flow `{...}` or
//! also written earlier in the file is found where the parse read it.
//!
//! When no node reads the value (YAML merged it from an anchor with `<<`),
//! the key is shown, else the front matter's first line: every message about
//! a file has a line.
//!
//! One routine reads lines instead, on every build: `figure_item_lines`,
//! the line of each `- ` item of `figures:`, which every figure's `Origin`
//! carries. It counts lines, searches no value, and costs no parse; when
//! its count disagrees with the parse's (flow style), the index answers.
//! Its lines, with the line the body starts on, are counted once per file
//! and kept in the `Doc` (`FrontLines`).

use std::borrow::Cow;

use super::doc::Doc;

/// Lines of a file that every build reads: counted once, kept in its `Doc`
/// (a `serve` session keeps the docs of files that did not change).
#[derive(Debug, Clone)]
pub(crate) struct FrontLines {
    /// Where the Markdown body starts (1-based).
    body: usize,
    /// The line of each `- ` directly under a top-level `figures:`.
    figure_items: Vec<usize>,
}
use super::front_matter::split_front_matter;
use crate::diag::Diagnostic;
use crate::yaml::{Span, Spans};

impl Doc {
    /// The span index of this file's front matter, built on first use.
    pub fn spans(&self) -> &Spans {
        self.spans
            .get_or_init(|| match split_front_matter(&self.text) {
                Ok((yaml, start, _)) => Spans::build(yaml, start),
                Err(_) => Spans::default(),
            })
    }

    /// Whether the span index was built: never, on a clean build.
    #[cfg(test)]
    pub(crate) fn spans_built(&self) -> bool {
        self.spans.get().is_some()
    }

    /// Byte offset and length (in characters, on its first line) of `span`.
    fn extent(&self, span: Span) -> (usize, usize) {
        let written = self.text.get(span.start..span.end).unwrap_or("");
        let first = written.lines().next().unwrap_or("").trim_end();
        (span.start, first.chars().count().max(1))
    }

    /// Where the scalar `value` is written: at `path` or under it (an item of
    /// the list at `path`), else as the value of a key named as `path`'s
    /// last key, else anywhere in the front matter (`path` `None`).
    pub fn locate(&self, path: Option<&str>, value: &str) -> Option<(usize, usize)> {
        let node = self.spans().find(path.unwrap_or(""), value)?;
        Some(self.extent(node.value))
    }

    /// A diagnostic placed on `value` (at `path`, a key or a path such as
    /// `figures[2].source`) in this file's front matter.
    pub fn error_at(
        &self,
        path: Option<&str>,
        value: &str,
        message: impl Into<String>,
    ) -> Diagnostic {
        let d = Diagnostic::error(&self.shown, message);
        match self.locate(path, value) {
            Some((off, len)) => d.at_offset(&self.text, off, len),
            // No node reads the value (merged from an anchor): the key, or
            // at least the front matter, is shown.
            None => match path.and_then(|p| self.spans().key(p)) {
                Some(key) => {
                    let (off, len) = self.extent(key);
                    d.at_offset(&self.text, off, len)
                }
                None => d.at(&self.text, 1, 1, 3),
            },
        }
    }

    /// Lines (1-based) of the `count` items of `figures:`: the line of each
    /// `- ` directly under the key, or when those are not `count` (a flow
    /// list `[{...}, {...}]`), the line each item starts on in the parse.
    pub fn figure_item_lines(&self, count: usize) -> Cow<'_, [usize]> {
        let lines = &self.front_lines().figure_items;
        if lines.len() == count {
            return Cow::Borrowed(lines);
        }
        (0..count)
            .map(|i| {
                self.spans()
                    .get(&format!("figures[{i}]"))
                    .map_or(1, |n| self.line_of(n.value.start))
            })
            .collect()
    }

    /// The lines counted once per file (see `FrontLines`).
    fn front_lines(&self) -> &FrontLines {
        self.lines.get_or_init(|| FrontLines {
            body: newlines(&self.text[..self.body_start]) + 1,
            figure_items: self.figure_dash_lines(),
        })
    }

    /// The line of each `- ` directly under a top-level `figures:`.
    fn figure_dash_lines(&self) -> Vec<usize> {
        figure_dash_lines(&self.text[..self.body_start])
    }

    /// The 1-based line of byte `offset`.
    fn line_of(&self, offset: usize) -> usize {
        newlines(&self.text[..offset.min(self.text.len())]) + 1
    }

    /// Where the `date` of the `index`-th item of `corrections:` is written
    /// (byte offset and length), or at least the `corrections` key.
    pub fn correction_date_at(&self, index: usize) -> Option<(usize, usize)> {
        let spans = self.spans();
        match spans.get(&format!("corrections[{index}].date")) {
            Some(n) => Some(self.extent(n.value)),
            None => spans.key("corrections").map(|k| self.extent(k)),
        }
    }

    /// The 1-based line where the Markdown body starts.
    pub fn body_line(&self) -> usize {
        self.front_lines().body
    }

    /// Where `key: value` sits in the figure whose item opens on `line`: the
    /// value, else the key; when the key is not written (a default applies),
    /// the item's `id` if it has one, else the item's start.
    pub fn locate_in_item(
        &self,
        line: usize,
        key: &str,
        value: &str,
        id: Option<&str>,
    ) -> Option<(usize, usize)> {
        let spans = self.spans();
        let count = (0..)
            .take_while(|i| spans.get(&format!("figures[{i}]")).is_some())
            .count();
        let items: Vec<usize> = self
            .figure_item_lines(count)
            .iter()
            .enumerate()
            .filter(|(_, l)| **l == line)
            .map(|(i, _)| i)
            .collect();
        // Several items open on one line in a flow list: the first that
        // writes the key.
        let written = items.iter().find_map(|i| {
            let path = format!("figures[{i}].{key}");
            let node = spans.get(&path)?;
            let at = spans
                .under(&path)
                .find(|n| n.scalar.as_deref() == Some(value))
                .map_or_else(|| node.key.unwrap_or(node.value), |n| n.value);
            Some(self.extent(at))
        });
        if written.is_some() {
            return written;
        }
        match id.filter(|_| key != "id") {
            Some(id) => self.locate_in_item(line, "id", id, None),
            None => {
                let item = spans.get(&format!("figures[{}]", items.first()?))?;
                Some((item.value.start, 1))
            }
        }
    }
}

/// The line (1-based) of each `- ` directly under a top-level `figures:`
/// of `front`, read line by line. The lines before the first that starts
/// with `figures:` cannot open an item, so the reading starts there: most
/// of a front matter is skipped by one search.
fn figure_dash_lines(front: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let at = if front.starts_with("figures:") {
        0
    } else {
        match front.find("\nfigures:") {
            Some(i) => i + 1,
            None => return out,
        }
    };
    let skipped = newlines(&front[..at]);
    let mut in_figures = false;
    let mut item_indent = None;
    for (i, line) in lines(&front[at..]).enumerate() {
        let i = i + skipped;
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if indent == 0
            && !trimmed.is_empty()
            && !trimmed.starts_with('-')
            && !trimmed.starts_with('#')
        {
            in_figures = trimmed.starts_with("figures:");
            item_indent = None;
            continue;
        }
        if in_figures && (trimmed.starts_with("- ") || trimmed == "-") {
            match item_indent {
                None => {
                    item_indent = Some(indent);
                    out.push(i + 1);
                }
                Some(ind) if ind == indent => out.push(i + 1),
                _ => {}
            }
        }
    }
    out
}

/// How many line feeds `text` holds, counted a byte at a time (which the
/// compiler vectorises): `matches('\n')` makes a search of each one, dear
/// on a front matter of short lines, read on every build.
fn newlines(text: &str) -> usize {
    text.bytes().filter(|&b| b == b'\n').count()
}

/// The lines of `text`, as `str::lines` gives them (a line feed or a
/// carriage return and line feed ends a line; the last needs neither),
/// each line's end found by a scan of its bytes rather than a search.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let line = match rest.bytes().position(|b| b == b'\n') {
            Some(i) => {
                let line = &rest[..i];
                rest = &rest[i + 1..];
                line.strip_suffix('\r').unwrap_or(line)
            }
            None => std::mem::take(&mut rest),
        };
        Some(line)
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    const BRIEFING: &str = "---\ntitle: T\ndate: 2022-01-07\nfigures:\n  - measure: killed\n    count: 18\n    as_of: 2022-01-06\n    claimed_by: moh\n    source: s\n  - id: later\n    measure: killed\n    count: 19\n    as_of: 2022-01-07\n    claimed_by: moh\n    source: s\n---\nBody\n";

    fn parse(path: &str, text: &str) -> super::Doc {
        let root = Path::new("/d");
        crate::load::parse_doc(root, &root.join(path), text.as_bytes().to_vec()).unwrap()
    }

    /// The reading of every line, as `figure_dash_lines` did before it
    /// skipped to the first `figures:`.
    fn dash_lines_of_every_line(front: &str) -> Vec<usize> {
        let mut out = Vec::new();
        let mut in_figures = false;
        let mut item_indent = None;
        for (i, line) in front.lines().enumerate() {
            let trimmed = line.trim_start();
            let indent = line.len() - trimmed.len();
            if indent == 0
                && !trimmed.is_empty()
                && !trimmed.starts_with('-')
                && !trimmed.starts_with('#')
            {
                in_figures = trimmed.starts_with("figures:");
                item_indent = None;
                continue;
            }
            if in_figures && (trimmed.starts_with("- ") || trimmed == "-") {
                match item_indent {
                    None => {
                        item_indent = Some(indent);
                        out.push(i + 1);
                    }
                    Some(ind) if ind == indent => out.push(i + 1),
                    _ => {}
                }
            }
        }
        out
    }

    #[test]
    fn dash_lines_skip_to_figures_as_a_reading_of_every_line() {
        for front in [
            "",
            "figures:\n  - a\n",
            BRIEFING,
            "---\nfigures:\n- a\n  - b\n- c\ntitle: x\n- d\nfigures: []\n  - e\n",
            "---\r\nfigures:\r\n  - a\r\n\r\n  -\r\n",
            "title: \"x\nfigures: y\"\n  - a\n",
        ] {
            assert_eq!(
                super::figure_dash_lines(front),
                dash_lines_of_every_line(front),
                "{front:?}"
            );
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn lines_and_newlines_are_those_of_str(
            parts in proptest::collection::vec(
                proptest::sample::select(vec!["\n", "\r", "\r\n", "a", " ", "é", "---", ""]),
                0..16,
            ),
        ) {
            let text = parts.concat();
            proptest::prop_assert_eq!(
                super::lines(&text).collect::<Vec<_>>(),
                text.lines().collect::<Vec<_>>()
            );
            proptest::prop_assert_eq!(super::newlines(&text), text.matches('\n').count());
        }

        #[test]
        fn any_front_matter_gives_the_dash_lines_of_every_line(
            lines in proptest::collection::vec(
                proptest::sample::select(vec![
                    "---", "figures:", "figures: []", "figuresx:", " figures:", "title: T",
                    "# c", "", "\r", "  - id: a", "  -", "- x", "    - y", "\t- z",
                    "    count: 1", "events:", "  - date: 2022", "a\rfigures:",
                ]),
                0..24,
            ),
            newline in proptest::sample::select(vec!["\n", "\r\n"]),
        ) {
            let front = lines.join(newline);
            proptest::prop_assert_eq!(
                super::figure_dash_lines(&front),
                dash_lines_of_every_line(&front)
            );
        }
    }

    #[test]
    fn figures_are_found_by_their_items() {
        let d = parse("content/briefings/b.md", BRIEFING);
        assert_eq!(*d.figure_item_lines(2), [5, 10]);
        // A flow list: the parse says where each item starts.
        let flow = "---\ntitle: T\ndate: 2022-01-07\nfigures: [{measure: killed, count: 1, as_of: 2022-01-06, claimed_by: m, source: s},\n  {measure: killed, count: 2, as_of: 2022-01-06, claimed_by: m, source: s}]\n---\n";
        let d = parse("content/briefings/f.md", flow);
        assert_eq!(*d.figure_item_lines(2), [4, 5]);
        let (off, len) = d.locate_in_item(5, "count", "2", None).unwrap();
        assert_eq!((&d.text[off..off + len], d.line_of(off)), ("2", 5));
    }

    #[test]
    fn a_key_is_found_in_its_item() {
        let d = parse("content/briefings/b.md", BRIEFING);
        let at = |line, key, value, id| {
            let (off, len) = d.locate_in_item(line, key, value, id).unwrap();
            (&d.text[off..off + len], d.line_of(off))
        };
        // Not the first item's `count: 18`.
        assert_eq!(at(10, "count", "19", None), ("19", 12));
        // An unwritten key falls back on the item's id, else its start.
        assert_eq!(at(10, "status", "current", Some("later")), ("later", 10));
        assert_eq!(at(5, "status", "current", None), ("m", 5));
        // A value other than the one written: its key.
        assert_eq!(at(5, "count", "20", None), ("count", 6));
    }

    #[test]
    fn a_correction_is_found_by_its_place_in_the_list() {
        let text = "---\nname: X\ncorrections:\n  - date: 2022-01-10\n    text: a\n  - date: 2022-01-10\n    text: b\n---\n";
        let d = parse("content/actors/x.md", text);
        let (off, len) = d.correction_date_at(1).unwrap();
        assert_eq!((&d.text[off..off + len], d.line_of(off)), ("2022-01-10", 6));
        // No such item: the list's key.
        let (off, len) = d.correction_date_at(5).unwrap();
        assert_eq!(&d.text[off..off + len], "corrections");
        assert_eq!(d.body_line(), 9);
    }

    #[test]
    fn a_value_is_located_where_the_parse_read_it() {
        // The old text search took the first `source:` and then the first
        // `unknown` after it: the note. The index reads the second figure's.
        let text = "---\ntitle: T\ndate: 2022-01-07\nfigures:\n  - source: s\n    note: unknown is what we know\n    {F}\n  - source: 'unknown'\n    {F}\n---\n";
        let text = text.replace(
            "{F}",
            "measure: killed\n    as_of: 2022-01-06\n    claimed_by: m",
        );
        let d = parse("content/briefings/b.md", &text);
        let e = d.error_at(Some("figures[1].source"), "unknown", "unknown source");
        assert_eq!((e.line, e.column, e.span_len), (10, 13, 9));
        let e = d.error_at(Some("source"), "unknown", "unknown source");
        assert_eq!((e.line, e.column), (10, 13));
        // Nowhere written: the key, else line 1.
        let e = d.error_at(Some("title"), "X", "m");
        assert_eq!((e.line, e.column, e.span_len), (2, 1, 5));
        let e = d.error_at(Some("nope"), "X", "m");
        assert_eq!((e.line, e.column), (1, 1));
    }
}
