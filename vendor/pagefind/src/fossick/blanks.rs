//! dossier's patch: the blanks of a page's text and of its meta values
//! collapsed, as upstream's three regexes did (`normalize_content`).
//!
//! Upstream ran, on every page's text and every meta value: trim blanks
//! (`^\s+|\s+$`), make each run of newlines (`\n` or `\r\n`) a space, then
//! each run of two or more blanks (`\s{2,}`) one space. So a run of blanks
//! becomes one space, but a lone blank other than `\n` stays as it is.
//! (`\s` is Unicode's White_Space, as `char::is_whitespace`.) One pass does
//! the same (patch 10); this one copies what lies between blanks a run at a
//! time, where the first went a character at a time (patch 16).
//!
//! It stands alone (no `crate::` paths), so that dossier's own tests build
//! it too and run its tests.

/// `content` with its blanks collapsed (see above).
pub fn collapse(content: &str) -> String {
    let content = content.trim();
    let bytes = content.as_bytes();
    let mut out = String::with_capacity(content.len());
    // A lone blank other than `\n` stays as it is, so the text is copied
    // a run at a time, up to each `\n` or run of blanks.
    let mut copied = 0;
    let mut i = 0;
    loop {
        while i < bytes.len() && !MAY_START[usize::from(bytes[i])] {
            i += 1;
        }
        if i == bytes.len() {
            break;
        }
        let Some(c) = blank_at(content, i) else {
            i += 1;
            continue;
        };
        let after = i + c.len_utf8();
        let mut end = after;
        while let Some(next) = blank_at(content, end) {
            end += next.len_utf8();
        }
        if end > after || c == '\n' {
            out.push_str(&content[copied..i]);
            out.push(' ');
            copied = end;
        }
        i = end;
    }
    out.push_str(&content[copied..]);
    out
}

/// The bytes a blank may start with: the ASCII blanks, and the lead bytes
/// of the others (U+0085 and U+00A0: C2; U+1680: E1; U+2000 to U+205F:
/// E2; U+3000: E3). No other byte, a continuation byte included, starts
/// one.
const MAY_START: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = matches!(b, 0x09..=0x0D | 0x20 | 0xC2 | 0xE1 | 0xE2 | 0xE3);
        b += 1;
    }
    table
};

/// The blank that starts at byte `i` of `s`, if one does.
#[inline(always)]
fn blank_at(s: &str, i: usize) -> Option<char> {
    let b = *s.as_bytes().get(i)?;
    if !MAY_START[usize::from(b)] {
        return None;
    }
    if b < 0x80 {
        return Some(char::from(b));
    }
    s[i..].chars().next().filter(|c| c.is_whitespace())
}

#[cfg(test)]
mod tests {
    use super::collapse;

    /// Patch 10's loop, a character at a time: checked against upstream's
    /// regexes for every Unicode blank, exhaustively on short strings and
    /// on 2.4 million random ones.
    fn by_chars(content: &str) -> String {
        let mut out = String::with_capacity(content.len());
        let mut chars = content.trim().chars();
        while let Some(c) = chars.next() {
            if !c.is_whitespace() {
                out.push(c);
                continue;
            }
            let rest = chars.as_str();
            let run = rest.len() - rest.trim_start().len();
            chars = rest[run..].chars();
            if run > 0 || c == '\n' {
                out.push(' ');
            } else {
                out.push(c);
            }
        }
        out
    }

    /// Every Unicode blank, and characters that share a blank's lead byte
    /// or sit next to one.
    const ALPHABET: &[char] = &[
        '\t', '\n', '\x0B', '\x0C', '\r', ' ', '\u{85}', '\u{A0}', '\u{1680}', '\u{2000}',
        '\u{2001}', '\u{2002}', '\u{2003}', '\u{2004}', '\u{2005}', '\u{2006}', '\u{2007}',
        '\u{2008}', '\u{2009}', '\u{200A}', '\u{2028}', '\u{2029}', '\u{202F}', '\u{205F}',
        '\u{3000}', '\u{200B}', '\u{180E}', '\u{FEFF}', '\u{84}', '\u{A1}', '\u{A9}', '\u{1681}',
        '\u{2010}', '\u{2030}', '\u{3001}', '\u{1C}', '\u{1F}', 'a', 'Z', '.', 'ж', 'Қ', 'ә', '€',
        '😀',
    ];

    #[test]
    fn collapses_as_the_character_loop_does_exhaustively() {
        // Every string of up to three characters of the alphabet.
        let n = ALPHABET.len();
        for len in 0..=3u32 {
            for mut k in 0..n.pow(len) {
                let mut s = String::new();
                for _ in 0..len {
                    s.push(ALPHABET[k % n]);
                    k /= n;
                }
                assert_eq!(collapse(&s), by_chars(&s), "{s:?}");
            }
        }
    }

    #[test]
    fn collapses_as_the_character_loop_does_at_random() {
        let mut seed = 0x9E37_79B9_7F4A_7C15_u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..200_000 {
            let len = next() % 24;
            let s: String = (0..len)
                .map(|_| ALPHABET[next() as usize % ALPHABET.len()])
                .collect();
            assert_eq!(collapse(&s), by_chars(&s), "{s:?}");
        }
    }
}
