//! Where each node of a YAML document is written: the span index.
//!
//! The model and the checks reject values after the parse, which keeps no
//! positions. Rather than search the text again for a value (wrong when the
//! value also appears earlier, is quoted, escaped, folded or in a flow
//! `{...}`), a diagnostic asks this index, built from libyaml-rs's events —
//! the same parser, and so the same marks, as `serde_yaml` — for the node at
//! a path such as `figures[2].source`, `tags[0]` or `corrections[1].date`.
//!
//! Errors are rare, so the index is built lazily by whoever needs a
//! location (a `Doc` keeps it in a `OnceLock`): a clean build parses each
//! file once.

use std::collections::HashMap;

use super::events::{events, Event};

/// A byte range of the text the index was built from (the whole file's, once
/// `Spans::build` is given the YAML's offset in it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// One node that is a value: of a key in a mapping, or an item of a sequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// `figures[2].source`; the document itself is ``.
    pub path: String,
    /// The key's scalar as written, for a mapping's value.
    pub key: Option<Span>,
    /// The whole node: a scalar with its quotes, a collection from its first
    /// token to its last (a block mapping item starts at its first key).
    pub value: Span,
    /// The scalar as the parse reads it; `None` for a collection or alias.
    pub scalar: Option<String>,
}

impl Node {
    /// The key this node is the value of, or the key of the list it is an
    /// item of: `source` for `figures[2].source`, `via` for `via[1]`.
    pub fn key_name(&self) -> &str {
        last_key(&self.path)
    }
}

/// The last key of a path: `source` for `figures[2].source`, `via` for
/// `figures[0].via[1]` (a list item is its list's).
fn last_key(path: &str) -> &str {
    let mut p = path;
    while p.ends_with(']') {
        p = &p[..p.rfind('[').unwrap_or(0)];
    }
    p.rsplit('.').next().unwrap_or(p)
}

/// Every value node of one document, in document order.
#[derive(Debug, Clone, Default)]
pub struct Spans {
    nodes: Vec<Node>,
    /// Path → index in `nodes` (the first node of a path, when a mapping
    /// repeats a key), so that a file with many figures and many messages
    /// is not read through once per message.
    at: HashMap<String, usize>,
}

/// A collection being read: its path, and the state of its next child.
enum Frame {
    /// A mapping: its path, its node's index in `nodes` (none for the
    /// document's root), and the key read and waiting for its value.
    Map {
        path: String,
        node: Option<usize>,
        key: Option<(String, Span)>,
    },
    Seq {
        path: String,
        node: Option<usize>,
        next: usize,
    },
    /// A mapping or sequence used as a key (`? [a, b]: x`): its contents
    /// have no path of ours; only its end matters.
    KeyCollection { depth: usize },
}

impl Spans {
    /// Indexes `yaml`, whose first byte is at `base` in the text spans are
    /// given in. Never fails: a syntax error ends the index where it stands.
    pub fn build(yaml: &str, base: usize) -> Spans {
        let mut nodes: Vec<Node> = Vec::new();
        let mut stack: Vec<Frame> = Vec::new();
        let span = |s: usize, e: usize| Span {
            start: base + s,
            end: base + e,
        };
        events(yaml, |event, start, end| {
            let opens = matches!(event, Event::MappingStart | Event::SequenceStart);
            let closes = matches!(event, Event::MappingEnd | Event::SequenceEnd);
            if let Some(Frame::KeyCollection { depth }) = stack.last_mut() {
                if opens {
                    *depth += 1;
                } else if closes {
                    *depth -= 1;
                    if *depth == 0 {
                        stack.pop();
                        if let Some(Frame::Map { key, .. }) = stack.last_mut() {
                            *key = Some(("?".into(), span(start, end)));
                        }
                    }
                }
                return;
            }
            if closes {
                let node = match stack.pop() {
                    Some(Frame::Map { node, .. } | Frame::Seq { node, .. }) => node,
                    _ => None,
                };
                if let Some(i) = node {
                    nodes[i].value.end = base + end;
                }
                return;
            }
            // A node: the parent decides whether it is a key or a value, and
            // its path.
            let (path, key) = match stack.last_mut() {
                None => (String::new(), None),
                Some(Frame::Seq { path, next, .. }) => {
                    *next += 1;
                    (format!("{path}[{}]", *next - 1), None)
                }
                Some(Frame::Map { path, key, .. }) => match key.take() {
                    Some((k, at)) if path.is_empty() => (k, Some(at)),
                    Some((k, at)) => (format!("{path}.{k}"), Some(at)),
                    None => {
                        match event {
                            Event::Scalar(k) => *key = Some((k, span(start, end))),
                            Event::Alias => *key = Some(("*".into(), span(start, end))),
                            _ => stack.push(Frame::KeyCollection { depth: 1 }),
                        }
                        return;
                    }
                },
                // Handled above; no input may panic here.
                Some(Frame::KeyCollection { .. }) => return,
            };
            let scalar = match &event {
                Event::Scalar(s) => Some(s.clone()),
                _ => None,
            };
            let node = (!path.is_empty()).then(|| {
                nodes.push(Node {
                    path: path.clone(),
                    key,
                    value: span(start, end),
                    scalar,
                });
                nodes.len() - 1
            });
            match event {
                Event::MappingStart => stack.push(Frame::Map {
                    path,
                    node,
                    key: None,
                }),
                Event::SequenceStart => stack.push(Frame::Seq {
                    path,
                    node,
                    next: 0,
                }),
                _ => {}
            }
        });
        let mut at = HashMap::with_capacity(nodes.len());
        for (i, n) in nodes.iter().enumerate() {
            at.entry(n.path.clone()).or_insert(i);
        }
        Spans { nodes, at }
    }

    /// The node at `path`, as `figures[2].source`.
    pub fn get(&self, path: &str) -> Option<&Node> {
        self.at.get(path).map(|&i| &self.nodes[i])
    }

    /// Every node, in document order.
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// The nodes at `path` and under it.
    pub fn under<'a>(&'a self, path: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.nodes.iter().filter(move |n| {
            n.path
                .strip_prefix(path)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
        })
    }

    /// Where the scalar `value` is written, at `path` or under it (an item
    /// of the list at `path`); else as the value of a key named as `path`'s
    /// last key, anywhere (`source` matches `figures[3].source`); else as
    /// any value. `None` when no node reads `value`: YAML merged it from an
    /// anchor, or the value is not a scalar of this file.
    pub fn find<'a>(&'a self, path: &'a str, value: &str) -> Option<&'a Node> {
        let is = |n: &&Node| n.scalar.as_deref() == Some(value);
        let key = last_key(path);
        self.under(path)
            .find(is)
            .or_else(|| self.nodes.iter().filter(|n| n.key_name() == key).find(is))
            .or_else(|| self.nodes.iter().find(is))
    }

    /// The key of the node at `path`, else the first key named as `path`'s
    /// last key.
    pub fn key(&self, path: &str) -> Option<Span> {
        self.get(path).and_then(|n| n.key).or_else(|| {
            let name = last_key(path);
            self.nodes
                .iter()
                .find(|n| n.key.is_some() && n.key_name() == name)
                .and_then(|n| n.key)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text a node's value span covers.
    fn at<'a>(yaml: &'a str, s: &Spans, path: &str) -> &'a str {
        let n = s.get(path).unwrap_or_else(|| panic!("no node at {path}"));
        &yaml[n.value.start..n.value.end]
    }

    #[test]
    fn block_style_paths() {
        let y = "title: T\ntags: [a, b]\nfigures:\n  - measure: killed\n    via:\n      - x\n      - y\n  - measure: injured\n";
        let s = Spans::build(y, 0);
        assert_eq!(at(y, &s, "title"), "T");
        assert_eq!(at(y, &s, "tags[1]"), "b");
        assert_eq!(at(y, &s, "figures[0].via[1]"), "y");
        assert_eq!(at(y, &s, "figures[1].measure"), "injured");
        // A block mapping item starts at its first key, and ends after its
        // last value.
        let item = s.get("figures[1]").unwrap().value;
        assert_eq!(&y[item.start..item.start + 7], "measure");
        let key = s.get("figures[0].via").unwrap().key.unwrap();
        assert_eq!(&y[key.start..key.end], "via");
    }

    #[test]
    fn flow_style_and_quotes() {
        let y = "figures: [{measure: killed, source: 's'}, {source: \"a\\u0062c\", count: 3}]\n";
        let s = Spans::build(y, 10);
        let n = s.get("figures[1].source").unwrap();
        assert_eq!(n.scalar.as_deref(), Some("abc"));
        // The span covers the value as written, quotes and escapes included.
        assert_eq!(&y[n.value.start - 10..n.value.end - 10], "\"a\\u0062c\"");
        assert_eq!(at_base(y, &s, "figures[0].source"), "'s'");
        assert_eq!(s.find("figures[1].source", "abc"), Some(n));
    }

    fn at_base<'a>(yaml: &'a str, s: &Spans, path: &str) -> &'a str {
        let n = s.get(path).unwrap();
        &yaml[n.value.start - 10..n.value.end - 10]
    }

    #[test]
    fn multi_line_scalars() {
        let y = "summary: >-\n  one\n  two\nurl: \"https://a.\n  example\"\nnote: |\n  kept\n";
        let s = Spans::build(y, 0);
        assert_eq!(s.get("summary").unwrap().scalar.as_deref(), Some("one two"));
        assert_eq!(
            s.get("url").unwrap().scalar.as_deref(),
            Some("https://a. example")
        );
        let url = s.find("url", "https://a. example").unwrap().value;
        assert_eq!(&y[url.start..url.start + 1], "\"");
        assert_eq!(&y[s.key("note").unwrap().start..][..4], "note");
    }

    #[test]
    fn a_value_written_earlier_is_found_at_its_path() {
        // `bad-src` is in the title and in the first figure's note before
        // the second figure's `source`.
        let y =
            "title: bad-src\nfigures:\n  - source: s\n    note: see bad-src\n  - source: bad-src\n";
        let s = Spans::build(y, 0);
        let n = s.find("figures[1].source", "bad-src").unwrap();
        assert_eq!(n.path, "figures[1].source");
        assert_eq!(&y[..n.value.start].lines().count(), &5);
        // By key name alone, the first `source` that reads the value.
        assert_eq!(
            s.find("source", "bad-src").unwrap().path,
            "figures[1].source"
        );
    }

    #[test]
    fn aliases_and_odd_keys_do_not_break_the_index() {
        let y =
            "base: &b {source: s}\nfigures:\n  - <<: *b\n    count: 3\n? [a, b]\n: x\nafter: 1\n";
        let s = Spans::build(y, 0);
        assert_eq!(at(y, &s, "figures[0].<<"), "*b");
        assert_eq!(at(y, &s, "figures[0].count"), "3");
        assert_eq!(at(y, &s, "after"), "1");
        // A merged value is found where it is written: in the anchor.
        assert_eq!(
            s.find("figures[0].source", "s").unwrap().path,
            "base.source"
        );
        // A syntax error keeps what came before it.
        let s = Spans::build("a: 1\nb: [\n", 0);
        assert_eq!(s.get("a").unwrap().scalar.as_deref(), Some("1"));
    }
}
