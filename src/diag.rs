//! Located diagnostics.
//!
//! Errors are a feature of this tool: every problem in a dossier is reported
//! with the file, line and column where the editor must look, what was
//! expected there, and a "did you mean" when a near name exists. This module
//! holds the one diagnostic type every stage reports with, and renders it the
//! way rustc does, with the offending line quoted, or as one JSON object a
//! line (`--message-format json`, as cargo's) for editors and CI. It never
//! prints: `main.rs` decides where the text goes.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Stops the build.
    Error,
    /// Reported; stops the build only with `--strict`.
    Warning,
}

/// One problem, located in a file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path as shown to the user (relative to the dossier root where possible).
    pub file: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column (in characters); 0 when unknown.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// A hint: what was expected, or "did you mean".
    pub help: Option<String>,
    /// The text of the offending line, quoted under the location.
    pub source_line: Option<String>,
    /// How many characters to underline, starting at `column`.
    pub span_len: usize,
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            line: 0,
            column: 0,
            message: message.into(),
            help: None,
            source_line: None,
            span_len: 0,
        }
    }

    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    /// Places the diagnostic at a 1-based line and column of `text` (the whole
    /// file), quoting that line.
    pub fn at(mut self, text: &str, line: usize, column: usize, span_len: usize) -> Self {
        self.line = line;
        self.column = column.max(1);
        self.span_len = span_len.max(1);
        self.source_line = text.lines().nth(line.saturating_sub(1)).map(str::to_owned);
        self
    }

    /// Places the diagnostic at a byte offset of `text` (the whole file).
    pub fn at_offset(self, text: &str, offset: usize, span_len: usize) -> Self {
        let (line, column) = line_col(text, offset);
        self.at(text, line, column, span_len)
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:column`, as editors and terminals make clickable.
    pub fn location(&self) -> String {
        let file = self.file.display();
        match (self.line, self.column) {
            (0, _) => format!("{file}"),
            (l, 0) => format!("{file}:{l}"),
            (l, c) => format!("{file}:{l}:{c}"),
        }
    }
}

impl Diagnostic {
    /// The diagnostic as one object of `--message-format json`:
    /// `reason` ("diagnostic"), `severity`, `message`, `file`, 1-based
    /// `line` and `column` (null when unknown), `end` (the line and column
    /// just after the marked span, or null), `help` (or null) and
    /// `rendered`, the human text.
    pub fn to_json(&self) -> serde_json::Value {
        let line = (self.line > 0).then_some(self.line);
        let column = line.and((self.column > 0).then_some(self.column));
        let end = column
            .map(|c| serde_json::json!({"line": self.line, "column": c + self.span_len.max(1)}));
        serde_json::json!({
            "reason": "diagnostic",
            "severity": self.severity,
            "message": self.message,
            "file": self.file.to_string_lossy(),
            "line": line,
            "column": column,
            "end": end,
            "help": self.help,
            "rendered": self.to_string(),
        })
    }
}

/// The last object of `--message-format json`: whether the command
/// succeeded, and how many errors and warnings it reported.
pub fn summary_json(errors: usize, warnings: usize) -> serde_json::Value {
    serde_json::json!({
        "reason": "summary",
        "success": errors == 0,
        "errors": errors,
        "warnings": warnings,
    })
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{label}: {}", self.message)?;
        write!(f, "  --> {}", self.location())?;
        let mut pad = " ".to_string();
        if let (Some(src), true) = (&self.source_line, self.line > 0) {
            let num = self.line.to_string();
            pad = " ".repeat(num.len());
            let (shown, col, span) = window(src, self.column.max(1), self.span_len.max(1));
            write!(f, "\n{pad} |\n{num} | {shown}\n{pad} | ")?;
            write!(f, "{}{}", " ".repeat(col - 1), "^".repeat(span))?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n{pad} = help: {help}")?;
        }
        Ok(())
    }
}

/// How much of a long line is quoted: a line of a hundred thousand
/// brackets must not flood the terminal.
const QUOTE_WIDTH: usize = 100;

/// The part of `line` worth quoting around 1-based character `col`, with
/// `…` where it was cut, and the column and span length within it.
fn window(line: &str, col: usize, span: usize) -> (String, usize, usize) {
    let len = line.chars().count();
    if len <= QUOTE_WIDTH {
        return (line.to_string(), col, span);
    }
    // Near the start, quote from the start; further on, centre the column.
    let start = if col <= QUOTE_WIDTH * 3 / 4 {
        0
    } else {
        (col - QUOTE_WIDTH / 2).min(len - QUOTE_WIDTH)
    };
    let mut shown: String = line.chars().skip(start).take(QUOTE_WIDTH).collect();
    let mut col = col - start;
    if start > 0 {
        shown.insert(0, '…');
        col += 1;
    }
    if start + QUOTE_WIDTH < len {
        shown.push('…');
    }
    let span = span.min(QUOTE_WIDTH + 1 - (col - 1).min(QUOTE_WIDTH));
    (shown, col, span.max(1))
}

/// The closest candidate to `word`, if one is close enough to be a likely typo.
pub fn did_you_mean<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let mut best: Option<(f64, &str)> = None;
    for cand in candidates {
        let score = strsim::jaro_winkler(word, cand);
        let close =
            score > 0.85 || strsim::damerau_levenshtein(word, cand) <= word.len().max(3) / 3;
        // Equal scores go to the first in byte order, so the suggestion does
        // not depend on the order the candidates came in (often a hash map's).
        if close && best.is_none_or(|(s, b)| score > s || (score == s && cand < b)) {
            best = Some((score, cand));
        }
    }
    best.map(|(_, c)| c)
}

/// Shows `path` relative to `root` when it lies inside it.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

/// Sorts diagnostics by file and position, errors and warnings interleaved in
/// reading order, so output is stable whatever order parallel stages ran in.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.severity, &a.message)
            .cmp(&(&b.file, b.line, b.column, b.severity, &b.message))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equally_close_suggestions_do_not_depend_on_order() {
        // `actor-b` and `actor-c` are one letter from `actor-x` each.
        let fwd = did_you_mean("actor-x", ["actor-c", "actor-b"]);
        let back = did_you_mean("actor-x", ["actor-b", "actor-c"]);
        assert_eq!(fwd, Some("actor-b"));
        assert_eq!(back, Some("actor-b"));
    }

    #[test]
    fn renders_like_rustc() {
        let text = "---\ntitel: x\n---\n";
        let d = Diagnostic::error("a.md", "unknown field `titel`")
            .at(text, 2, 1, 5)
            .with_help("did you mean `title`?");
        assert_eq!(
            d.to_string(),
            "error: unknown field `titel`\n  --> a.md:2:1\n  |\n2 | titel: x\n  | ^^^^^\n  = help: did you mean `title`?"
        );
    }

    #[test]
    fn long_lines_are_quoted_around_the_column() {
        let line = format!("tags: {}x{}", "[".repeat(500), "]".repeat(500));
        let d = Diagnostic::error("a.md", "too deep").at(&line, 1, 507, 1);
        let shown = d.to_string();
        let quoted = shown.lines().nth(3).unwrap();
        let caret = shown.lines().nth(4).unwrap();
        assert!(quoted.starts_with("1 | …[[["), "{quoted}");
        let near = Diagnostic::error("a.md", "x")
            .at(&line, 1, 7, 1)
            .to_string();
        assert!(
            near.lines().nth(3).unwrap().starts_with("1 | tags: [[["),
            "{near}"
        );
        assert!(quoted.ends_with("]]]…"), "{quoted}");
        assert!(quoted.chars().count() < 120, "{quoted}");
        let at = caret.find('^').unwrap();
        assert_eq!(quoted.chars().nth(at), Some('x'), "{shown}");
    }

    #[test]
    fn json_has_every_field() {
        let text = "---\ntitel: x\n---\n";
        let d = Diagnostic::error("a.md", "unknown field `titel`")
            .at(text, 2, 1, 5)
            .with_help("did you mean `title`?");
        assert_eq!(
            d.to_json(),
            serde_json::json!({
                "reason": "diagnostic",
                "severity": "error",
                "message": "unknown field `titel`",
                "file": "a.md",
                "line": 2,
                "column": 1,
                "end": {"line": 2, "column": 6},
                "help": "did you mean `title`?",
                "rendered": "error: unknown field `titel`\n  --> a.md:2:1\n  |\n2 | titel: x\n  | ^^^^^\n  = help: did you mean `title`?",
            })
        );
        let whole = Diagnostic::warning("dossier.yaml", "x").to_json();
        assert_eq!(
            (
                &whole["line"],
                &whole["column"],
                &whole["end"],
                &whole["help"]
            ),
            (
                &serde_json::Value::Null,
                &serde_json::Value::Null,
                &serde_json::Value::Null,
                &serde_json::Value::Null
            )
        );
    }

    #[test]
    fn suggests_near_names_only() {
        let c = ["tokayev", "almaty", "interior-ministry"];
        assert_eq!(did_you_mean("tokaev", c), Some("tokayev"));
        assert_eq!(
            did_you_mean("interior-ministy", c),
            Some("interior-ministry")
        );
        assert_eq!(did_you_mean("zzz", c), None);
    }

    #[test]
    fn line_col_counts_characters() {
        assert_eq!(line_col("ab\nҚаз x", 9), (2, 4));
    }
}
