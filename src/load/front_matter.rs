//! Where the YAML ends and the Markdown begins.
//!
//! A content file is `---`, YAML, `---`, then the body. Splitting it is a
//! concern of its own (as in Zola): every later location is a byte offset
//! into the whole file, so the split returns offsets, not copies.

/// Splits `---\n<yaml>\n---\n<body>`. Returns the YAML, its byte offset and
/// the body's byte offset; or a message, help and line.
#[allow(clippy::type_complexity)]
pub fn split_front_matter(text: &str) -> Result<(&str, usize, usize), (String, String, usize)> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let t = &text[start..];
    let first_end = t.find('\n').map_or(t.len(), |i| i + 1);
    if t[..first_end].trim_end() != "---" {
        return Err((
            "expected front matter: the file must start with a line `---`".into(),
            "put the YAML fields between two `---` lines at the top of the file".into(),
            1,
        ));
    }
    let yaml_start = start + first_end;
    // Each line's end, from one scan for line feeds (`str::find` would
    // make a search of each, dear on a front matter of short lines).
    let mut ends =
        memchr::memchr_iter(b'\n', &text.as_bytes()[yaml_start..]).map(|i| yaml_start + i + 1);
    let mut pos = yaml_start;
    while pos < text.len() {
        let end = ends.next().unwrap_or(text.len());
        let line = text[pos..end].trim_end_matches(['\n', '\r']);
        if line == "---" || line == "..." {
            return Ok((&text[yaml_start..pos], yaml_start, end));
        }
        pos = end;
    }
    Err((
        "unclosed front matter: no closing `---` line".into(),
        "end the front matter with a line `---` before the Markdown body".into(),
        1,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_splits() {
        let t = "---\ntitle: x\n---\nbody\n";
        let (y, ys, bs) = split_front_matter(t).unwrap();
        assert_eq!(y, "title: x\n");
        assert_eq!(ys, 4);
        assert_eq!(&t[bs..], "body\n");
        assert!(split_front_matter("---\ntitle: x\n").is_err());
        assert!(split_front_matter("title: x\n").is_err());
    }

    /// The split as it was, each line's end found by `str::find`.
    #[allow(clippy::type_complexity)]
    fn split_by_find(text: &str) -> Result<(&str, usize, usize), (String, String, usize)> {
        let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let t = &text[start..];
        let first_end = t.find('\n').map_or(t.len(), |i| i + 1);
        if t[..first_end].trim_end() != "---" {
            return Err(("start".into(), String::new(), 1));
        }
        let yaml_start = start + first_end;
        let mut pos = yaml_start;
        while pos < text.len() {
            let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
            let line = text[pos..end].trim_end_matches(['\n', '\r']);
            if line == "---" || line == "..." {
                return Ok((&text[yaml_start..pos], yaml_start, end));
            }
            pos = end;
        }
        Err(("unclosed".into(), String::new(), 1))
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        #[test]
        fn any_text_splits_as_a_search_of_each_line_split_it(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "---", "...", "\n", "\r", "\r\n", "title: x", "--", "- a",
                    " ---", "---x", "\u{feff}", "é", "",
                ]),
                0..16,
            ),
        ) {
            let text = parts.concat();
            proptest::prop_assert_eq!(split_front_matter(&text).ok(), split_by_find(&text).ok());
            proptest::prop_assert_eq!(
                split_front_matter(&text).err().map(|e| e.0.starts_with("unclosed")),
                split_by_find(&text).err().map(|e| e.0.starts_with("unclosed"))
            );
        }
    }
}
