//! YAML as dossier reads it: bounded, and with errors located in the file.
//!
//! Both the configuration (`dossier.yaml`) and every front matter are YAML;
//! this module is what the two parses share, so that `config` and `load`
//! stand side by side on the lowest floor rather than one importing the
//! other. It knows nothing of records: only how deep a document may nest,
//! how a `serde_yaml` error becomes a rustc-style diagnostic that points at
//! the offending token of the whole file, with a "did you mean", and where
//! each node of a document is written (`Spans`, from the events of the same
//! parser, libyaml-rs: `events` and `spans`), for every later message that
//! points at a value.

mod events;
mod spans;

pub use spans::{Node, Span, Spans};

use std::path::Path;

use crate::diag::{did_you_mean, Diagnostic};

/// The deepest `[`/`{` nesting a front matter may have. The YAML parser's
/// time grows with the square of the depth (100,000 levels took 38 s), and
/// no record needs more than four.
pub const MAX_NESTING: usize = 64;

/// The byte offset in `yaml` where flow nesting (`[`, `{`) first goes past
/// `limit`, if it does. Brackets inside quoted scalars and comments do not
/// count. One pass, so any input is answered in time proportional to it.
pub fn too_deep(yaml: &str, limit: usize) -> Option<usize> {
    let b = yaml.as_bytes();
    // Nesting cannot go deeper than the brackets opened: a front matter
    // with few of them (all of them, nearly) needs no closer look.
    if b.iter().filter(|&&c| c == b'[' || c == b'{').count() <= limit {
        return None;
    }
    let mut depth = 0usize;
    let mut prev = b'\n';
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let at_token = matches!(prev, b' ' | b'\t' | b'\n' | b'[' | b'{' | b',');
        match c {
            b'#' if matches!(prev, b' ' | b'\t' | b'\n') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                prev = b'\n';
                i += 1;
                continue;
            }
            b'"' | b'\'' if at_token => {
                // A quoted scalar: skip to its closing quote (`\"` escapes in
                // double quotes, `''` in single ones).
                i += 1;
                while i < b.len() {
                    if c == b'"' && b[i] == b'\\' {
                        i += 2;
                        continue;
                    }
                    if b[i] == c {
                        if c == b'\'' && b.get(i + 1) == Some(&b'\'') {
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    i += 1;
                }
            }
            b'[' | b'{' => {
                depth += 1;
                if depth > limit {
                    return Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        prev = b.get(i).copied().unwrap_or(b'\n');
        i += 1;
    }
    None
}

/// Turns a YAML error into a located diagnostic, with a "did you mean" for
/// unknown fields and values.
pub fn yaml_error(
    shown: &Path,
    text: &str,
    offset: usize,
    e: &serde_yaml::Error,
    fields: &[&str],
) -> Diagnostic {
    let line_offset = text[..offset].matches('\n').count();
    let here = e.location().map(|l| (l.line(), l.column()));
    let mut msg = relocate_positions(&e.to_string(), line_offset, here);
    // `figures[0]: unknown field ...` — keep the path, it says where.
    let mut help = None;
    let unknown = ["unknown field `", "unknown variant `"]
        .iter()
        .find_map(|pat| Some((*pat, msg.split(pat).nth(1)?.to_string())));
    if let Some((pat, rest)) = unknown {
        let unknown = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> = rest.split('`').skip(2).step_by(2).collect();
        // An unknown field of a record lists the record's fields.
        let cands: Vec<&str> = if expected.is_empty() && pat.contains("field") {
            fields.to_vec()
        } else {
            expected
        };
        help = Some(match did_you_mean(unknown, cands.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("expected one of {}", quoted(&cands)),
        });
        // Shorten: the list of expected names moves into the help.
        if let Some(i) = msg.find(", expected") {
            msg.truncate(i);
        }
    } else if msg.contains("missing field") {
        help = Some(format!("fields here: {}", quoted(fields)));
    }
    let mut d = Diagnostic::error(shown, msg);
    if let Some(h) = help {
        d = d.with_help(h);
    }
    match e.location() {
        Some(loc) => {
            let mut off = offset + loc.index();
            // Errors raised by a field's own check (a date that does not
            // exist) are marked at the start of the mapping: point at the
            // offending value instead when the message quotes it.
            // The value is the node the parse read as it (the first at or
            // after the mark, else any): errors are rare, so the span index
            // is built here, on the error path only.
            if let Some(quoted) = d.message.split('`').nth(1).filter(|q| !q.is_empty()) {
                let yaml_end = text
                    .len()
                    .min(offset + text[offset..].find("\n---").unwrap_or(text.len() - offset));
                let spans = Spans::build(&text[offset..yaml_end], offset);
                let reads = |n: &&Node| n.scalar.as_deref() == Some(quoted);
                let after = spans
                    .nodes()
                    .iter()
                    .filter(|n| n.value.start >= off)
                    .find(reads);
                if let Some(n) = after.or_else(|| spans.nodes().iter().find(reads)) {
                    off = n.value.start;
                }
            }
            // Underline the token at the location.
            let rest = &text[off.min(text.len())..];
            let len = rest
                .find([':', '\n', ',', ']', '}'])
                .unwrap_or(rest.len())
                .max(1);
            d.at_offset(text, off, rest[..len].trim_end().chars().count())
        }
        None => d.at(text, 1, 1, 3),
    }
}

/// `a`, `b`, `c`: names as a help lists them.
fn quoted(names: &[&str]) -> String {
    names
        .iter()
        .map(|c| format!("`{c}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// YAML messages speak of positions in the front matter: make them file
/// positions, and drop the one the diagnostic already points at.
fn relocate_positions(msg: &str, line_offset: usize, here: Option<(usize, usize)>) -> String {
    const PAT: &str = " at line ";
    let mut out = String::with_capacity(msg.len());
    let mut rest = msg;
    while let Some(i) = rest.find(PAT) {
        out.push_str(&rest[..i]);
        let after = &rest[i + PAT.len()..];
        let num = |s: &str| -> Option<(usize, usize)> {
            let n: String = s.chars().take_while(char::is_ascii_digit).collect();
            Some((n.parse().ok()?, n.len()))
        };
        let parsed = num(after).and_then(|(line, len)| {
            let tail = after[len..].strip_prefix(" column ")?;
            let (col, clen) = num(tail)?;
            Some((line, col, len + " column ".len() + clen))
        });
        match parsed {
            Some((line, col, used)) => {
                if here != Some((line, col)) {
                    out.push_str(&format!(" at line {} column {col}", line + line_offset));
                }
                rest = &after[used..];
            }
            None => {
                out.push_str(PAT);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_positions_become_file_positions() {
        assert_eq!(
            relocate_positions(
                "found x at line 3 column 1, while y at line 1 column 8",
                1,
                Some((3, 1))
            ),
            "found x, while y at line 2 column 8"
        );
    }
    #[test]
    fn nesting_is_bounded_in_one_pass() {
        assert_eq!(too_deep("tags: [a, [b, {c: d}]]", 3), None);
        assert_eq!(too_deep("tags: [[[[x]]]]", 3), Some(9));
        // Brackets in quotes and comments do not count.
        assert_eq!(
            too_deep("title: \"[[[[[\"\nsummary: '[[[[ it''s [[['", 3),
            None
        );
        assert_eq!(too_deep("tags: [a] # [[[[[[", 3), None);
        // An apostrophe inside a plain scalar is not a quote.
        assert_eq!(too_deep("title: it's [[[[", 3), Some(15));
        let deep = format!("tags: {}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(too_deep(&deep, MAX_NESTING), Some(6 + MAX_NESTING));
    }
}
