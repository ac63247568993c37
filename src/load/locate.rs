//! Finding a value again in a file's front matter, to point a message at it.
//!
//! The model and the checks reject values (an unknown id, a bad URL, a
//! stale figure) after the YAML parse, which keeps no positions: these
//! routines search the front matter's text again, for a value after its key
//! (`error_at`), the items of `figures:` (`figure_item_lines`), a key inside
//! one item (`locate_in_item`), a correction's date (`correction_date_at`). Every search of a content file's raw text
//! for a location is here, so that spans kept from the one parse can
//! replace them in one stroke.

use super::doc::Doc;
use crate::diag::Diagnostic;

impl Doc {
    /// Locates the first occurrence of `value` as a whole token in the front
    /// matter, at or after the key `key` when given.
    pub fn locate(&self, key: Option<&str>, value: &str) -> Option<(usize, usize)> {
        let front = &self.text[..self.body_start];
        let start = key
            .and_then(|k| {
                let pat = format!("{k}:");
                front.match_indices(&pat).map(|(i, _)| i).find(|&i| {
                    i == 0
                        || front.as_bytes()[i - 1].is_ascii_whitespace()
                        || front.as_bytes()[i - 1] == b'-'
                        || front.as_bytes()[i - 1] == b'{'
                })
            })
            .unwrap_or(0);
        find_token(front, start, value)
            .or_else(|| find_token(front, 0, value))
            .map(|i| (i, value.len()))
    }

    /// A diagnostic placed on `value` (after `key`) in this file's front matter.
    pub fn error_at(
        &self,
        key: Option<&str>,
        value: &str,
        message: impl Into<String>,
    ) -> Diagnostic {
        let d = Diagnostic::error(&self.shown, message);
        match self.locate(key, value) {
            Some((off, len)) => d.at_offset(&self.text, off, value.chars().count().max(len.min(1))),
            // YAML may write a value otherwise than it reads (escapes, folded
            // lines): then the key, or at least the front matter, is shown.
            None => match key.and_then(|k| self.locate(None, &format!("{k}:"))) {
                Some((off, len)) => d.at_offset(&self.text, off, len.saturating_sub(1).max(1)),
                None => d.at(&self.text, 1, 1, 3),
            },
        }
    }

    /// Lines (1-based) of each `- ` item directly under `figures:`.
    pub fn figure_item_lines(&self) -> Vec<usize> {
        let front = &self.text[..self.body_start];
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

    /// Where the `date` of the `index`-th item of `corrections:` is written
    /// (byte offset and length), or at least the `corrections` key.
    pub fn correction_date_at(&self, index: usize, iso: &str) -> Option<(usize, usize)> {
        let front = &self.text[..self.body_start];
        let mut offset = 0;
        let mut key_at = None;
        let mut list_end = front.len();
        let mut item_indent = None;
        // Byte offsets where each item of the list starts.
        let mut starts = Vec::new();
        for line in front.split_inclusive('\n') {
            let trimmed = line.trim_start();
            let indent = line.len() - trimmed.len();
            let at = offset;
            offset += line.len();
            if trimmed.trim().is_empty() || trimmed.starts_with('#') {
                continue;
            }
            if indent == 0 && !trimmed.starts_with('-') {
                if key_at.is_some() {
                    list_end = at;
                    break;
                }
                if trimmed.starts_with("corrections:") {
                    key_at = Some((at, "corrections".len()));
                }
                continue;
            }
            if key_at.is_some()
                && trimmed.starts_with('-')
                && item_indent.is_none_or(|i| i == indent)
            {
                item_indent = Some(indent);
                starts.push(at);
            }
        }
        let Some(&start) = starts.get(index) else {
            return key_at;
        };
        let end = starts.get(index + 1).copied().unwrap_or(list_end);
        front[start..end]
            .find(iso)
            .map(|i| (start + i, iso.len()))
            .or(key_at)
    }

    /// The 1-based column (in characters) where `needle` first appears on
    /// 1-based `line` of the file, or 1.
    pub fn column_on_line(&self, line: usize, needle: &str) -> usize {
        let text = self.text.lines().nth(line.saturating_sub(1)).unwrap_or("");
        text.find(needle)
            .map_or(1, |c| text[..c].chars().count() + 1)
    }

    /// The 1-based line where the Markdown body starts.
    pub fn body_line(&self) -> usize {
        self.text[..self.body_start].matches('\n').count() + 1
    }

    /// Byte range of the list item that opens on `line` (`- measure: …` up
    /// to the next item) in the front matter.
    pub fn item_span(&self, line: usize) -> Option<(usize, usize)> {
        let front = &self.text[..self.body_start];
        let mut offset = 0;
        let mut start = None;
        let mut indent = 0;
        for (i, l) in front.split_inclusive('\n').enumerate() {
            let trimmed = l.trim_start();
            let ind = l.len() - trimmed.len();
            match start {
                None if i + 1 == line => {
                    start = Some(offset + ind);
                    indent = ind;
                }
                Some(s)
                    if !trimmed.trim().is_empty()
                        && (ind < indent || (ind == indent && trimmed.starts_with('-'))) =>
                {
                    return Some((s, offset));
                }
                _ => {}
            }
            offset += l.len();
        }
        start.map(|s| (s, front.len()))
    }

    /// Where `key: value` sits in the item that opens on `line`: the value
    /// when found after the key, else the key; when the key is not written
    /// (a default applies), the item's `id` if it has one, else its start.
    pub fn locate_in_item(
        &self,
        line: usize,
        key: &str,
        value: &str,
        id: Option<&str>,
    ) -> Option<(usize, usize)> {
        let (start, end) = self.item_span(line)?;
        let item = &self.text[start..end];
        let pat = format!("{key}:");
        let key_at = item.match_indices(&pat).map(|(i, _)| i).find(|&i| {
            i == 0
                || matches!(
                    item.as_bytes()[i - 1],
                    b' ' | b'\t' | b'\n' | b'-' | b'{' | b','
                )
        });
        let Some(k) = key_at else {
            return match id.filter(|_| key != "id") {
                Some(id) => self.locate_in_item(line, "id", id, None),
                None => Some((start, 1)),
            };
        };
        let after = k + pat.len();
        let line_end = item[after..].find('\n').map_or(item.len(), |i| after + i);
        match find_token(&item[..line_end], after, value) {
            Some(at) => Some((start + at, value.chars().count())),
            None => Some((start + k, key.chars().count())),
        }
    }
}

fn find_token(hay: &str, from: usize, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    let is_word = |c: u8| c.is_ascii_alphanumeric() || c == b'-' || c == b'_';
    let bytes = hay.as_bytes();
    let mut pos = from;
    while let Some(i) = hay.get(pos..)?.find(needle) {
        let at = pos + i;
        let end = at + needle.len();
        let before_ok = at == 0 || !is_word(bytes[at - 1]);
        let after_ok = end >= bytes.len() || !is_word(bytes[end]);
        if before_ok && after_ok {
            return Some(at);
        }
        pos = at + needle.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    const BRIEFING: &str = "---\ntitle: T\ndate: 2022-01-07\nfigures:\n  - measure: killed\n    count: 18\n    as_of: 2022-01-06\n    claimed_by: moh\n    source: s\n  - id: later\n    measure: killed\n    count: 19\n    as_of: 2022-01-07\n    claimed_by: moh\n    source: s\n---\nBody\n";

    fn doc() -> super::Doc {
        let root = Path::new("/d");
        let path = root.join("content/briefings/b.md");
        crate::load::parse_doc(root, &path, BRIEFING.as_bytes().to_vec()).unwrap()
    }

    #[test]
    fn figures_are_found_by_their_items() {
        let d = doc();
        assert_eq!(d.figure_item_lines(), vec![5, 10]);
        let (start, end) = d.item_span(5).unwrap();
        assert!(d.text[start..end].starts_with("- measure: killed"));
        assert!(d.text[start..end].ends_with("source: s\n"));
    }

    #[test]
    fn a_key_is_found_in_its_item() {
        let d = doc();
        let at = |line, key, value, id| {
            let (off, len) = d.locate_in_item(line, key, value, id).unwrap();
            &d.text[off..off + len]
        };
        assert_eq!(at(10, "count", "19", None), "19");
        // Not the first item's `count: 18`.
        let (off, _) = d.locate_in_item(10, "count", "19", None).unwrap();
        assert!(off > d.item_span(5).unwrap().1);
        // An unwritten key falls back on the item's id, else its start.
        assert_eq!(at(10, "status", "current", Some("later")), "later");
        assert_eq!(at(5, "status", "current", None), "-");
    }

    #[test]
    fn a_correction_is_found_by_its_place_in_the_list() {
        let root = Path::new("/d");
        let text = "---\nname: X\ncorrections:\n  - date: 2022-01-10\n    text: a\n  - date: 2022-01-10\n    text: b\n---\n";
        let d =
            crate::load::parse_doc(root, &root.join("content/actors/x.md"), text.into()).unwrap();
        let (off, len) = d.correction_date_at(1, "2022-01-10").unwrap();
        assert_eq!(
            (&d.text[off..off + len], d.text[..off].lines().count()),
            ("2022-01-10", 6)
        );
        // No such item: the list's key.
        let (off, len) = d.correction_date_at(5, "2022-01-10").unwrap();
        assert_eq!(&d.text[off..off + len], "corrections");
        assert_eq!((d.body_line(), d.column_on_line(4, "2022")), (9, 11));
    }
}
