//! Numbers in prose that the ledger no longer stands behind.
//!
//! A figure named in prose (`[[figure-id]]`) says where it stands by
//! itself. A number typed into a sentence does not: "164 dead" reads as a
//! fact after the 164 is withdrawn. This check finds, in every body, a
//! number that is exactly the count of a retracted or superseded figure,
//! written next to the words of that figure's measure ("164 dead", "toll
//! of 164"), in a paragraph that does not name the figure, and warns on
//! the number. Both conditions (same number, measure words within a few
//! words, same sentence) keep it quiet on prose that merely mentions a
//! number: dates, other counts, counts that still stand.

use rayon::prelude::*;

use crate::derive::Derived;
use crate::diag::{Diagnostic, Severity};
use crate::domain::{Kind, Status};
use crate::load::{CountWord, Doc};
use crate::model::{thousands, Figure, Site, Value};

/// How many words before and after a number are "next to" it.
const BEFORE: usize = 2;
const AFTER: usize = 4;

/// Words that say what a built-in measure counts, beyond its label.
fn measure_words(measure: &str) -> &'static [&'static str] {
    match measure {
        "killed" => &["killed", "dead", "died", "deaths", "death", "toll"],
        "injured" => &["injured", "wounded", "injuries", "hurt"],
        "hospitalized" => &["hospital", "hospitals", "hospitalized", "hospitalised"],
        "critical" => &["critical", "intensive"],
        "missing" => &["missing"],
        "arrested" | "detained" => &["arrested", "arrests", "detained", "detentions", "custody"],
        "displaced" => &["displaced"],
        _ => &[],
    }
}

/// A word of the text: where it is. Its lowercase is worked out only for
/// the few words next to a number (`Lower`), not for every word of every
/// body.
#[derive(Debug, Clone, Copy, Default)]
struct Word {
    start: usize,
    end: usize,
}

/// A figure the prose should not state bare: retracted, or replaced.
fn stale(site: &Site, derived: &Derived, fi: usize) -> Option<String> {
    let f = &site.figures[fi];
    if f.status == Status::Retracted {
        return Some("is retracted".into());
    }
    let by = derived.ledger.replaced_by.get(fi).and_then(|b| b.first());
    match by {
        Some(&j) => Some(format!("is superseded by `{}`", site.figures[j].id)),
        None if f.status == Status::Superseded => Some("is superseded".into()),
        None => None,
    }
}

pub fn check(site: &Site, derived: &Derived, docs: &[Doc]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // Stale figures by their number (relays last: the original is named first).
    let mut by_number: Vec<(u64, usize, String)> = Vec::new();
    for (fi, f) in site.figures.iter().enumerate() {
        if let (Value::Count(n), Some(why)) = (&f.value, stale(site, derived, fi)) {
            by_number.push((*n, fi, why));
        }
    }
    by_number.sort_by_key(|&(n, fi, _)| (n, site.figures[fi].relay_of.is_some(), fi));
    if by_number.is_empty() {
        return out;
    }
    let mut measures: Vec<&str> = site.figures.iter().map(|f| f.measure.as_str()).collect();
    measures.sort_unstable();
    measures.dedup();
    let lexicon = Lexicon::new(site, &measures);
    let stale = Stale::new(site, &by_number);
    // Each body on its own, in parallel; the warnings in the order of docs.
    let found: Vec<Vec<Diagnostic>> = docs
        .par_iter()
        .map(|d| {
            let mut found = Vec::new();
            if d.kind != Kind::Briefing || !site.excluded_drafts.contains(&d.id) {
                check_doc(site, d, &stale, &lexicon, &mut found);
            }
            found
        })
        .collect();
    out.extend(found.into_iter().flatten());
    out
}

/// The counts of the body of `d` written next to a word of a measure, in
/// the order written: what `check_doc` compares with the stale figures.
/// They follow from the text and the lexicon alone, so they are kept with
/// the doc for the lexicon they were found with (the one of every build,
/// unless a measure comes or goes); with another lexicon they are found
/// again, not kept.
fn counts<'d>(d: &'d Doc, lexicon: &Lexicon<'_>) -> std::borrow::Cow<'d, [CountWord]> {
    let (key, found) = d
        .counts
        .get_or_init(|| (lexicon.fingerprint, find_counts(d, lexicon)));
    if *key == lexicon.fingerprint {
        std::borrow::Cow::Borrowed(found)
    } else {
        std::borrow::Cow::Owned(find_counts(d, lexicon))
    }
}

fn find_counts(d: &Doc, lexicon: &Lexicon<'_>) -> Vec<CountWord> {
    let in_link = |i: usize| d.wikilinks.iter().any(|(_, r)| r.contains(&i));
    counts_in(&d.text, d.body_start..d.text.len(), in_link, |w| {
        lexicon.any(w)
    })
}

/// The counts of `text[range]` written next to a word that `measure_word`
/// takes (given in lowercase), leaving out the numbers `in_link` holds.
/// Only the numbers are looked at, and the few words beside each: a body
/// is mostly words far from any number.
fn counts_in(
    text: &str,
    range: std::ops::Range<usize>,
    in_link: impl Fn(usize) -> bool,
    measure_word: impl Fn(&str) -> bool,
) -> Vec<CountWord> {
    let scan = Scan {
        text,
        start: range.start,
        end: range.end,
    };
    let b = text.as_bytes();
    let mut lower = Lower::default();
    let mut out = Vec::new();
    let mut i = range.start;
    loop {
        i = next_digit(b, i, range.end);
        if i >= range.end {
            break;
        }
        // A digit inside a word ("a1", "1,2"): the word is no number.
        if scan.member_before(i).is_some() {
            i = scan.word_end(i);
            continue;
        }
        let w = Word {
            start: i,
            end: scan.word_end(i),
        };
        i = w.end;
        let Some(n) = number(&text[w.start..w.end]) else {
            continue;
        };
        if in_link(w.start) {
            continue;
        }
        // The measure word nearest the number says what it counts: in
        // "26 killed and 18 injured", 18 counts the injured.
        let window = neighbours(scan, w);
        let Some(first) = window
            .iter()
            .find(|x| measure_word(lower.of(&text[x.start..x.end])))
        else {
            continue;
        };
        out.push(CountWord {
            n,
            at: w.start..w.end,
            word: first.start..first.end,
            lower: lower.of(&text[first.start..first.end]).to_string(),
        });
    }
    out
}

/// Where the first ASCII digit of `b[from..end]` is, else `end`. Eight
/// bytes at a time: a body is mostly letters, and every byte of every body
/// is looked at here.
fn next_digit(b: &[u8], from: usize, end: usize) -> usize {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    let mut i = from;
    let mut chunks = b[from..end].chunks_exact(8);
    for chunk in chunks.by_ref() {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        // Per byte, no carry between them: the top bit of `0xb9 - low` is
        // set when the low seven bits are at most b'9', that of
        // `low + 0x50` when they are at least b'0', and `!x`'s when the
        // byte is ASCII at all.
        let low = x & (ONES * 0x7f);
        let digits = (ONES * 0xb9 - low) & (low + ONES * 0x50) & !x & (ONES * 0x80);
        if digits != 0 {
            return i + (digits.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    let rest = chunks.remainder();
    rest.iter()
        .position(u8::is_ascii_digit)
        .map_or(end, |k| i + k)
}

/// A word in lowercase, in a buffer used again for the next word: the
/// words next to numbers are many, and most are plain ASCII.
#[derive(Default)]
struct Lower(String);

impl Lower {
    fn of(&mut self, word: &str) -> &str {
        self.0.clear();
        if word.is_ascii() {
            // Copied whole, then lowered in place: not a char at a time.
            self.0.push_str(word);
            self.0.make_ascii_lowercase();
        } else {
            self.0.push_str(&word.to_lowercase());
        }
        &self.0
    }
}

/// The words that say what each measure the figures use counts: its
/// `measure_words`, its id, and the words of its label longer than three
/// bytes, lowercase; made once rather than for every number of every body.
struct Lexicon<'s> {
    words: std::collections::HashMap<&'s str, Vec<String>>,
    /// Every word of every measure, for `any`.
    all: foldhash::HashSet<String>,
    /// A hash of `words`: which lexicon a doc's kept counts were found with.
    fingerprint: u64,
}

impl<'s> Lexicon<'s> {
    fn new(site: &Site, measures: &[&'s str]) -> Lexicon<'s> {
        let words: std::collections::HashMap<&str, Vec<String>> = measures
            .iter()
            .map(|&m| {
                let mut w: Vec<String> = measure_words(m).iter().map(|x| x.to_string()).collect();
                w.push(m.to_string());
                if let Some(c) = site.config.measure(m) {
                    let label = c.label.to_lowercase();
                    w.extend(
                        label
                            .split_whitespace()
                            .filter(|l| l.len() > 3)
                            .map(String::from),
                    );
                }
                (m, w)
            })
            .collect();
        let fingerprint = {
            use std::hash::{Hash, Hasher};
            let mut sorted: Vec<(&&str, &Vec<String>)> = words.iter().collect();
            sorted.sort();
            let mut h = std::collections::hash_map::DefaultHasher::new();
            sorted.hash(&mut h);
            h.finish()
        };
        let all = words.values().flatten().cloned().collect();
        Lexicon {
            words,
            all,
            fingerprint,
        }
    }

    /// The measures `w` (lowercase) is a word of.
    fn measures_of<'w>(&'w self, w: &'w str) -> impl Iterator<Item = &'s str> + 'w {
        self.words
            .iter()
            .filter(move |(_, ws)| ws.iter().any(|x| x == w))
            .map(|(m, _)| *m)
    }

    /// Whether `w` is a word of any measure.
    fn any(&self, w: &str) -> bool {
        self.all.contains(w)
    }
}

/// The stale figures (`check`'s list, sorted by number), found by number
/// and measure: a count is compared only with the stale figures of its
/// number whose measure its word names. Scanning every stale figure of the
/// number was quadratic: the more figures a dossier has, the more of them
/// share any one number (at 100,000 synthetic briefings, hundreds each).
struct Stale<'a> {
    list: &'a [(u64, usize, String)],
    /// For each number and measure, the places in `list` of its figures,
    /// in order.
    at: foldhash::HashMap<(u64, &'a str), Vec<usize>>,
}

impl<'a> Stale<'a> {
    fn new(site: &'a Site, list: &'a [(u64, usize, String)]) -> Stale<'a> {
        let mut at: foldhash::HashMap<(u64, &str), Vec<usize>> = Default::default();
        for (i, (n, fi, _)) in list.iter().enumerate() {
            at.entry((*n, site.figures[*fi].measure.as_str()))
                .or_default()
                .push(i);
        }
        Stale { list, at }
    }

    /// The stale figures of number `n` and of a measure `word` names, in
    /// the list's order (several measures' figures merged by their place).
    fn of<'s>(
        &'s self,
        n: u64,
        word: &str,
        lexicon: &'s Lexicon<'_>,
    ) -> impl Iterator<Item = &'a (u64, usize, String)> + 's {
        let mut runs: Vec<std::iter::Peekable<std::slice::Iter<'s, usize>>> = lexicon
            .measures_of(word)
            .filter_map(|m| self.at.get(&(n, m)))
            .map(|v| v.iter().peekable())
            .collect();
        std::iter::from_fn(move || {
            let next = runs
                .iter_mut()
                .enumerate()
                .filter_map(|(r, it)| it.peek().map(|&&i| (i, r)))
                .min()?;
            runs[next.1].next();
            Some(next.0)
        })
        .map(|i| &self.list[i])
    }
}

fn check_doc(
    site: &Site,
    d: &Doc,
    stale: &Stale<'_>,
    lexicon: &Lexicon<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let text = &d.text;
    let body = d.body_start..text.len();
    for c in counts(d, lexicon).iter() {
        // The stale figures of this number, of a measure the word names.
        for (_, fi, why) in stale.of(c.n, &c.lower, lexicon) {
            let f = &site.figures[*fi];
            if names(site, d, paragraph(text, &body, c.at.start), f) {
                continue;
            }
            let (from, to) = (c.at.start.min(c.word.start), c.at.end.max(c.word.end));
            let phrase: String = text[from..to]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let mut e = Diagnostic::warning(
                &d.shown,
                format!(
                    "prose states “{phrase}” without naming figure `{}` ({}), which {why}",
                    f.id,
                    claim(site, f)
                ),
            )
            .at_offset(text, c.at.start, c.at.end - c.at.start)
            .with_help(format!(
                "name the figure, `[[{id}]]` or `[[{id}|your words]]`, so that the page says where it stands",
                id = f.id
            ));
            e.severity = Severity::Warning;
            out.push(e);
            break;
        }
    }
}

/// "164 (Operational headquarters, 9 January 2022)"
fn claim(site: &Site, f: &Figure) -> String {
    let who = site
        .actor(&f.claimed_by)
        .map_or(f.claimed_by.as_str(), |a| a.name.as_str());
    format!("{}, {who}, {}", thousands_of(&f.value), f.as_of.long())
}

fn thousands_of(v: &Value) -> String {
    thousands(v.stated().0)
}

/// Whether the paragraph names figure `f`, or a relay of it, or the figure
/// it relays.
fn names(site: &Site, d: &Doc, para: std::ops::Range<usize>, f: &Figure) -> bool {
    d.wikilinks
        .iter()
        .filter(|(_, r)| para.contains(&r.start))
        .filter_map(|(t, _)| site.figure(t))
        .any(|g| {
            g.id == f.id
                || g.relay_of.as_deref() == Some(&f.id)
                || f.relay_of.as_deref() == Some(&g.id)
        })
}

/// The paragraph (between blank lines) around byte `at`.
fn paragraph(text: &str, body: &std::ops::Range<usize>, at: usize) -> std::ops::Range<usize> {
    let start = text[body.start..at]
        .rfind("\n\n")
        .map_or(body.start, |i| body.start + i + 2);
    let end = text[at..body.end].find("\n\n").map_or(body.end, |i| at + i);
    start..end
}

/// The words of `text[start..end]`, found around a place rather than
/// listed: runs of letters, digits and the commas inside numbers
/// ("3,000"). Whether a character belongs to a word depends only on it and
/// on the bytes beside it, so a word is found from any of its characters.
#[derive(Clone, Copy)]
struct Scan<'t> {
    text: &'t str,
    start: usize,
    end: usize,
}

impl Scan<'_> {
    /// The length of the character at `i` when it belongs to a word.
    fn member(&self, i: usize) -> Option<usize> {
        let b = self.text.as_bytes();
        let c = b[i];
        if c.is_ascii() {
            // A byte beside the comma is an ASCII digit only if its
            // character is one.
            let comma = c == b','
                && i > self.start
                && b[i - 1].is_ascii_digit()
                && i + 1 < self.end
                && b[i + 1].is_ascii_digit();
            return (c.is_ascii_alphanumeric() || comma).then_some(1);
        }
        let ch = self.text[i..self.end].chars().next()?;
        // Typographic quotes and dashes (U+2000 to U+206F, none a letter
        // or digit) are common in prose: they skip the Unicode tables.
        let punctuation = ('\u{2000}'..='\u{206f}').contains(&ch);
        (!punctuation && ch.is_alphanumeric()).then_some(ch.len_utf8())
    }

    /// Where the character that ends at byte `i` starts.
    fn char_before(&self, i: usize) -> usize {
        let b = self.text.as_bytes();
        let mut j = i - 1;
        while j > self.start && (b[j] & 0xc0) == 0x80 {
            j -= 1;
        }
        j
    }

    /// Where the character that ends at byte `i` starts, when it belongs
    /// to a word.
    fn member_before(&self, i: usize) -> Option<usize> {
        if i <= self.start {
            return None;
        }
        let j = self.char_before(i);
        self.member(j).map(|_| j)
    }

    /// The end of the word that byte `i` is in (or `i`, between words).
    fn word_end(&self, mut i: usize) -> usize {
        while i < self.end {
            match self.member(i) {
                Some(len) => i += len,
                None => break,
            }
        }
        i
    }

    /// The last word that ends at or before byte `i`.
    fn word_before(&self, mut i: usize) -> Option<Word> {
        while i > self.start && self.member_before(i).is_none() {
            i = self.char_before(i);
        }
        if i <= self.start {
            return None;
        }
        let end = i;
        while let Some(j) = self.member_before(i) {
            i = j;
        }
        Some(Word { start: i, end })
    }

    /// The first word that starts at or after byte `i`.
    fn word_after(&self, mut i: usize) -> Option<Word> {
        while i < self.end {
            if self.member(i).is_some() {
                return Some(Word {
                    start: i,
                    end: self.word_end(i),
                });
            }
            i += self.text[i..self.end]
                .chars()
                .next()
                .map_or(1, char::len_utf8);
        }
        None
    }
}

/// A count as prose writes it: "164", "3,000" (not part of a date such as
/// 2022-01-07: a number touching a hyphen or slash is not read).
fn number(w: &str) -> Option<u64> {
    if !w.bytes().next().is_some_and(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut n: u64 = 0;
    for b in w.bytes().filter(|b| *b != b',') {
        if !b.is_ascii_digit() {
            return None;
        }
        n = n.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
    }
    Some(n)
}

/// The words next to word `w`: a few before and after, within its
/// sentence and its table cell.
fn neighbours(scan: Scan<'_>, w: Word) -> Window {
    let text = scan.text;
    let attached = |a: usize, b: usize| !text[a..b].contains(['|', '.', '!', '?', '-', '/']);
    let mut out = Window::default();
    if text[..w.start].ends_with(['-', '/']) || text[w.end..].starts_with(['-', '/']) {
        return out;
    }
    let mut before = Window::default();
    let mut prev_start = w.start;
    for _ in 0..BEFORE {
        let Some(x) = scan.word_before(prev_start) else {
            break;
        };
        if !attached(x.end, prev_start) {
            break;
        }
        before.push(x);
        prev_start = x.start;
    }
    let mut after = Window::default();
    let mut prev_end = w.end;
    for _ in 0..AFTER {
        let Some(x) = scan.word_after(prev_end) else {
            break;
        };
        if !attached(prev_end, x.start) {
            break;
        }
        after.push(x);
        prev_end = x.end;
    }
    // Nearest first; after the number before before it ("164 dead").
    for k in 0..AFTER.max(BEFORE) {
        if let Some(&x) = after.get(k) {
            out.push(x);
        }
        if let Some(&x) = before.get(k) {
            out.push(x);
        }
    }
    out
}

/// The words next to a number, at most `BEFORE + AFTER`, held in place
/// rather than on the heap: a body has one such window per number.
#[derive(Default)]
struct Window {
    words: [Word; BEFORE + AFTER],
    len: usize,
}

impl Window {
    fn push(&mut self, w: Word) {
        if let Some(slot) = self.words.get_mut(self.len) {
            *slot = w;
            self.len += 1;
        }
    }
}

impl std::ops::Deref for Window {
    type Target = [Word];
    fn deref(&self) -> &[Word] {
        &self.words[..self.len]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_as_prose_writes_them() {
        assert_eq!(number("164"), Some(164));
        assert_eq!(number("3,000"), Some(3000));
        assert_eq!(number("January"), None);
        assert_eq!(number("2022a"), None);
        assert_eq!(number("99999999999999999999"), None);
        let t = "A toll of 3,000 dead, 2022-01-07.";
        let scan = Scan {
            text: t,
            start: 0,
            end: t.len(),
        };
        let near: Vec<&str> = neighbours(scan, Word { start: 10, end: 15 })
            .iter()
            .map(|w| &t[w.start..w.end])
            .collect();
        assert_eq!(near, ["dead", "of", "2022", "toll"]);
        // Part of a date: not a count.
        assert!(neighbours(scan, Word { start: 22, end: 26 }).is_empty());
    }

    #[test]
    fn digits_are_found_as_a_byte_by_byte_scan_finds_them() {
        let naive = |b: &[u8], from: usize, end: usize| {
            (from..end).find(|&i| b[i].is_ascii_digit()).unwrap_or(end)
        };
        // Every byte value, at every place in a word and in the tail.
        for byte in 0..=255u8 {
            for at in 0..20 {
                let mut b = vec![b'a'; 20];
                b[at] = byte;
                for from in 0..20 {
                    for end in from..=20 {
                        assert_eq!(next_digit(&b, from, end), naive(&b, from, end));
                    }
                }
            }
        }
        let text = "Шілақ: 164 dead, ’9’ and /0/ at 2022-01-07.";
        let b = text.as_bytes();
        for from in 0..b.len() {
            assert_eq!(next_digit(b, from, b.len()), naive(b, from, b.len()));
        }
    }

    #[test]
    fn general_punctuation_holds_no_letter_or_digit() {
        assert!(('\u{2000}'..='\u{206f}').all(|c| !c.is_alphanumeric()));
    }

    /// The counts as first found: every word of the text listed, each
    /// character decoded, then the words beside each number.
    fn counts_word_by_word(
        text: &str,
        range: std::ops::Range<usize>,
        in_link: impl Fn(usize) -> bool,
        measure_word: impl Fn(&str) -> bool,
    ) -> Vec<(u64, usize, usize, String)> {
        let s = &text[range.clone()];
        let mut words: Vec<(usize, usize)> = Vec::new();
        let mut start: Option<usize> = None;
        let chars: Vec<(usize, char)> = s.char_indices().collect();
        for (k, &(i, c)) in chars.iter().enumerate() {
            let digit_comma = c == ','
                && start.is_some()
                && k > 0
                && chars[k - 1].1.is_ascii_digit()
                && chars.get(k + 1).is_some_and(|&(_, d)| d.is_ascii_digit());
            if c.is_alphanumeric() || digit_comma {
                start.get_or_insert(i);
            } else if let Some(st) = start.take() {
                words.push((range.start + st, range.start + i));
            }
        }
        if let Some(st) = start {
            words.push((range.start + st, range.end));
        }
        let attached = |a: usize, b: usize| !text[a..b].contains(['|', '.', '!', '?', '-', '/']);
        let mut out = Vec::new();
        for (wi, &(ws, we)) in words.iter().enumerate() {
            let lower = text[ws..we].to_lowercase();
            let Some(n) = number(&lower) else { continue };
            if in_link(ws) {
                continue;
            }
            if text[..ws].ends_with(['-', '/']) || text[we..].starts_with(['-', '/']) {
                continue;
            }
            let mut before = Vec::new();
            let mut prev_start = ws;
            for &(xs, xe) in words[..wi].iter().rev().take(BEFORE) {
                if !attached(xe, prev_start) {
                    break;
                }
                before.push((xs, xe));
                prev_start = xs;
            }
            let mut after = Vec::new();
            let mut prev_end = we;
            for &(xs, xe) in words[wi + 1..].iter().take(AFTER) {
                if !attached(prev_end, xs) {
                    break;
                }
                after.push((xs, xe));
                prev_end = xe;
            }
            let mut window = Vec::new();
            for k in 0..AFTER.max(BEFORE) {
                window.extend(after.get(k));
                window.extend(before.get(k));
            }
            if let Some(&(fs, fe)) = window
                .iter()
                .find(|&&(xs, xe)| measure_word(&text[xs..xe].to_lowercase()))
            {
                out.push((n, ws, fs, text[fs..fe].to_lowercase()));
            }
        }
        out
    }

    fn same_counts(text: &str, range: std::ops::Range<usize>) {
        let words = ["dead", "killed", "toll", "übertötet", "ذبح"];
        let measure_word = |w: &str| words.contains(&w);
        let in_link = |i: usize| i % 7 == 3;
        let new: Vec<(u64, usize, usize, String)> =
            counts_in(text, range.clone(), in_link, measure_word)
                .into_iter()
                .map(|c| (c.n, c.at.start, c.word.start, c.lower))
                .collect();
        let old = counts_word_by_word(text, range, in_link, measure_word);
        assert_eq!(new, old, "{text:?}");
    }

    #[test]
    fn counts_are_those_of_a_scan_of_every_word() {
        let texts = [
            "",
            "1",
            ",1 dead",
            "1, dead",
            "A toll of 3,000 dead, 2022-01-07. 164 killed and 18 dead|x 5 dead",
            "Dead 12 Killed 1,2,3 dead a1,2 dead x,1 dead 7/8 dead 9-dead",
            "“Quoted” — 164 dead… ‘toll’ 1,2‰ dead x\u{2060}y 4 DEAD",
            "Über 1,2 übertötet ٣٤ dead «12» dead 日本語 12,345 件 ذبح 9",
            "emoji 🙂 1,2🙂3 dead é,1 1,é dead 77",
            "toll toll toll 1 a b c dead",
            "x 99999999999999999999 dead 18446744073709551616 dead",
        ];
        for t in texts {
            same_counts(t, 0..t.len());
            // A range that starts and ends inside the text, as a body does.
            if let (Some(i), Some(j)) = (t.find(' '), t.rfind(' ')) {
                if i <= j {
                    same_counts(t, i..j);
                    same_counts(t, i + 1..t.len());
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn any_text_counts_as_a_scan_of_every_word(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "1", "23", ",", " ", "dead", "Toll", ".", "-", "/", "|", "é", "’", "日",
                    "🙂", "\n\n",
                ]),
                0..60,
            ),
            cut in 0usize..4,
        ) {
            let t: String = parts.concat();
            same_counts(&t, 0..t.len());
            let start = t.char_indices().nth(cut).map_or(t.len(), |(i, _)| i);
            same_counts(&t, start..t.len());
        }
    }
}
