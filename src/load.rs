//! Reading the dossier from disk into "as written" records.
//!
//! This stage walks `content/`, splits each file into YAML front matter and
//! Markdown body, and deserialises the front matter into raw structs that
//! mirror the file format exactly (`deny_unknown_fields`, so a typo is an
//! error, not a silently ignored key). It knows nothing of ids or
//! references: checking those is `model`'s job. Every problem is located in
//! the file (line and column of the whole file, not of the front matter), and
//! all files are read in parallel, each failure collected, none fatal alone.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Deserializer};

use crate::diag::{did_you_mean, Diagnostic};

/// A calendar date as written in front matter: `YYYY-MM-DD`, and a real
/// day. Sources do not always give the day: `YYYY-MM` and `YYYY` are dates
/// of that precision, shown as written ("March 2022", "2022") and ordered by
/// the last day of their period, so that nothing dated only "2022" claims a
/// day the material does not give.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub jiff::civil::Date, pub Precision);

/// How much of a date was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    Day,
    Month,
    Year,
}

impl Date {
    pub fn parse(s: &str) -> Result<Date, String> {
        let b = s.as_bytes();
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        let shape = match b.len() {
            10 if b[4] == b'-' && b[7] == b'-' && digits(0..4) && digits(5..7) && digits(8..10) => Precision::Day,
            7 if b[4] == b'-' && digits(0..4) && digits(5..7) => Precision::Month,
            4 if digits(0..4) => Precision::Year,
            _ => return Err(format!("expected a date as YYYY-MM-DD (or YYYY-MM, YYYY when the day is not known), found `{s}`")),
        };
        let year: i16 = s[0..4]
            .parse()
            .map_err(|_| format!("`{s}` has an impossible year"))?;
        let month: i8 = if shape == Precision::Year {
            12
        } else {
            s[5..7].parse().unwrap_or(0)
        };
        if !(1..=12).contains(&month) {
            return Err(format!(
                "`{s}` is not a real date: there is no month {month}"
            ));
        }
        let first = jiff::civil::Date::new(year, month, 1)
            .map_err(|e| format!("`{s}` is not a real date: {e}"))?;
        let days = first.days_in_month();
        let day: i8 = if shape == Precision::Day {
            s[8..10].parse().unwrap_or(0)
        } else {
            days
        };
        if day < 1 || day > days {
            let name = MONTHS[month as usize - 1];
            return Err(format!(
                "`{s}` is not a real date: {name} {year} has {days} days"
            ));
        }
        Ok(Date(
            jiff::civil::Date::new(year, month, day).expect("checked above"),
            shape,
        ))
    }

    /// The first day the date may mean (`2022` may be any day of 2022).
    pub fn first_day(&self) -> jiff::civil::Date {
        match self.1 {
            Precision::Day => self.0,
            Precision::Month => self.0.first_of_month(),
            Precision::Year => self.0.first_of_year(),
        }
    }

    /// "day", "month" or "year": how much of the date was given.
    pub fn precision(&self) -> &'static str {
        match self.1 {
            Precision::Day => "day",
            Precision::Month => "month",
            Precision::Year => "year",
        }
    }

    /// As written and as HTML's `datetime` accepts it: `2022-01-07`, `2022-03`, `2022`.
    pub fn iso(&self) -> String {
        let d = self.0;
        match self.1 {
            Precision::Day => d.to_string(),
            Precision::Month => format!("{:04}-{:02}", d.year(), d.month()),
            Precision::Year => format!("{:04}", d.year()),
        }
    }

    /// `7 January 2022`, `March 2022`, `2022`
    pub fn long(&self) -> String {
        let d = self.0;
        let month = MONTHS[d.month() as usize - 1];
        match self.1 {
            Precision::Day => format!("{} {month} {}", d.day(), d.year()),
            Precision::Month => format!("{month} {}", d.year()),
            Precision::Year => d.year().to_string(),
        }
    }

    /// `7 Jan`, `Mar 2022`, `2022`
    pub fn short(&self) -> String {
        let d = self.0;
        let month = &MONTHS[d.month() as usize - 1][..3];
        match self.1 {
            Precision::Day => format!("{} {month}", d.day()),
            Precision::Month => format!("{month} {}", d.year()),
            Precision::Year => d.year().to_string(),
        }
    }

    /// Whether the day is known.
    pub fn is_exact(&self) -> bool {
        self.1 == Precision::Day
    }

    /// Days from `self` to `other` (positive when `other` is later).
    pub fn days_until(&self, other: &Date) -> i64 {
        other.day_number() - self.day_number()
    }

    /// Days since 1 March of year 0 (proleptic Gregorian): cheap to compare.
    pub fn day_number(&self) -> i64 {
        let (y, m, d) = (
            self.0.year() as i64,
            self.0.month() as i64,
            self.0.day() as i64,
        );
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
        era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy
    }
}

pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `supersedes: a` or `supersedes: [a, b]`: one id, or a list when a later
/// count replaces several earlier ones. Both read as a list.
fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    struct Ids;
    impl<'de> serde::de::Visitor<'de> for Ids {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a figure id or a list of figure ids")
        }
        fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Vec<String>, E> {
            Ok(vec![s.to_string()])
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Vec<String>, E> {
            Ok(Vec::new())
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> Result<Vec<String>, A::Error> {
            let mut out = Vec::new();
            while let Some(id) = seq.next_element::<String>()? {
                out.push(id);
            }
            Ok(out)
        }
    }
    d.deserialize_any(Ids)
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // YAML gives `2022-01-07` as a string and `2022` as a number.
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Written {
            Text(String),
            Year(u64),
        }
        let s = match Written::deserialize(d)? {
            Written::Text(s) => s,
            Written::Year(y) => y.to_string(),
        };
        Date::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// `count`, `min`, `max` accept whole numbers only.
pub type Count = u64;

/// A briefing's front matter, as written.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawBriefing {
    pub title: String,
    pub date: Date,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub actors: Vec<String>,
    #[serde(default)]
    pub places: Vec<String>,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default)]
    pub events: Vec<RawEvent>,
    #[serde(default)]
    pub figures: Vec<RawFigure>,
    #[serde(default)]
    pub quotes: Vec<RawQuote>,
    #[serde(default)]
    pub updated: Option<Date>,
    #[serde(default)]
    pub corrections: Vec<RawCorrection>,
}
pub const BRIEFING_FIELDS: &[&str] = &[
    "title",
    "date",
    "summary",
    "draft",
    "tags",
    "actors",
    "places",
    "sources",
    "events",
    "figures",
    "quotes",
    "updated",
    "corrections",
];

/// A correction, as written: when it was made, and what it corrected.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawCorrection {
    pub date: Date,
    pub text: String,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawEvent {
    pub date: Date,
    #[serde(default)]
    pub time: Option<String>,
    #[serde(default)]
    pub place: Option<String>,
    pub title: String,
    #[serde(default)]
    pub sources: Vec<String>,
}
pub const EVENT_FIELDS: &[&str] = &["date", "time", "place", "title", "sources"];

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq, serde::Serialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Qualifier {
    #[default]
    Exact,
    AtLeast,
    MoreThan,
    Nearly,
    About,
    Dozens,
    Hundreds,
    Thousands,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq, serde::Serialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    #[default]
    Current,
    Superseded,
    Retracted,
    Disputed,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawFigure {
    #[serde(default)]
    pub id: Option<String>,
    pub measure: String,
    #[serde(default)]
    pub group: Option<String>,
    #[serde(default)]
    pub count: Option<Count>,
    #[serde(default)]
    pub min: Option<Count>,
    #[serde(default)]
    pub max: Option<Count>,
    #[serde(default)]
    pub qualifier: Qualifier,
    pub as_of: Date,
    #[serde(default)]
    pub place: Option<String>,
    pub claimed_by: String,
    pub source: String,
    #[serde(default)]
    pub via: Vec<String>,
    #[serde(default)]
    pub words: Option<String>,
    #[serde(default)]
    pub status: Status,
    #[serde(default)]
    pub retracted_on: Option<Date>,
    #[serde(default, deserialize_with = "one_or_many")]
    pub supersedes: Vec<String>,
    #[serde(default)]
    pub relay_of: Option<String>,
    #[serde(default)]
    pub credibility: Option<u8>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawQuote {
    pub actor: String,
    pub date: Date,
    pub text: String,
    pub source: String,
}

/// An actor profile, as written.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawActor {
    pub name: String,
    #[serde(default)]
    pub kind: Option<ActorKind>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub part_of: Option<String>,
    #[serde(default)]
    pub updated: Option<Date>,
    #[serde(default)]
    pub corrections: Vec<RawCorrection>,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ActorKind {
    Person,
    Government,
    SecurityForce,
    InternationalOrg,
    State,
    Media,
    Group,
}

/// A place profile, as written.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawPlace {
    pub name: String,
    #[serde(default)]
    pub kind: Option<PlaceKind>,
    #[serde(default)]
    pub within: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub updated: Option<Date>,
    #[serde(default)]
    pub corrections: Vec<RawCorrection>,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PlaceKind {
    Country,
    Region,
    City,
    Site,
}

/// A source record, as written.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    pub title: String,
    pub outlet: String,
    #[serde(default)]
    pub short: Option<String>,
    pub published: Date,
    #[serde(default)]
    pub url: Option<String>,
    /// An archived copy of `url` (the Wayback Machine, archive.today).
    #[serde(default)]
    pub archived: Option<String>,
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub reliability: Option<String>,
    #[serde(default)]
    pub relays: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub updated: Option<Date>,
    #[serde(default)]
    pub corrections: Vec<RawCorrection>,
}

/// The home page's front matter (`content/_index.md`).
#[derive(Debug, Deserialize, Clone, Default)]
#[serde(deny_unknown_fields)]
pub struct RawIndex {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
}

/// Which kind of record a file holds, from the section it sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Briefing,
    Actor,
    Place,
    Source,
    Index,
}

impl Kind {
    /// `briefing`, `actor`, …: the kind in words.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Briefing => "briefing",
            Kind::Actor => "actor",
            Kind::Place => "place",
            Kind::Source => "source",
            Kind::Index => "home page",
        }
    }

    pub fn section(self) -> &'static str {
        match self {
            Kind::Briefing => "briefings",
            Kind::Actor => "actors",
            Kind::Place => "places",
            Kind::Source => "sources",
            Kind::Index => "",
        }
    }

    pub fn from_section(s: &str) -> Option<Kind> {
        Some(match s {
            "briefings" => Kind::Briefing,
            "actors" => Kind::Actor,
            "places" => Kind::Place,
            "sources" => Kind::Source,
            _ => return None,
        })
    }
}

/// The parsed front matter of one file.
#[derive(Debug, Clone)]
pub enum Front {
    Briefing(Box<RawBriefing>),
    Actor(RawActor),
    Place(RawPlace),
    Source(RawSource),
    Index(RawIndex),
}

/// One content file, read and parsed.
#[derive(Debug, Clone)]
pub struct Doc {
    pub kind: Kind,
    /// The file stem.
    pub id: String,
    /// Path as shown in messages, relative to the dossier root.
    pub shown: PathBuf,
    /// The whole file, kept to locate later problems (unknown ids) in it.
    pub text: String,
    /// Byte offset where the Markdown body starts.
    pub body_start: usize,
    pub front: Front,
    /// The `[[target]]` wiki links of the body: target, and the byte range
    /// of the whole link in `text`. Found once here, checked by `model`.
    pub wikilinks: Vec<(String, std::ops::Range<usize>)>,
}

impl Doc {
    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }

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

/// What `load` found: every document that parsed, and every problem.
#[derive(Debug, Default)]
pub struct Loaded {
    pub docs: Vec<Doc>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Lists the content files under `content_dir`, in a stable order.
pub fn list_files(content_dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(content_dir)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    files.sort();
    files
}

/// Reads and parses every content file under `root/content`, in parallel.
pub fn load(root: &Path) -> Loaded {
    let content = root.join("content");
    let files = list_files(&content);
    let results: Vec<Result<Doc, Diagnostic>> =
        files.par_iter().map(|p| load_file(root, p)).collect();
    let mut loaded = Loaded::default();
    for r in results {
        match r {
            Ok(doc) => loaded.docs.push(doc),
            Err(d) => loaded.diagnostics.push(d),
        }
    }
    loaded
}

/// Reads and parses one content file.
pub fn load_file(root: &Path, path: &Path) -> Result<Doc, Diagnostic> {
    let shown = crate::diag::display_path(root, path);
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(&shown, format!("cannot read file: {e}")))?;
    parse_doc(root, path, bytes)
}

/// Parses one content file from its bytes; `path` decides its kind and id.
pub fn parse_doc(root: &Path, path: &Path, bytes: Vec<u8>) -> Result<Doc, Diagnostic> {
    let shown = crate::diag::display_path(root, path);
    let rel = path.strip_prefix(root.join("content")).unwrap_or(path);
    let comps: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let kind = match comps.as_slice() {
        [f] if f == "_index.md" => Kind::Index,
        [section, _] => Kind::from_section(section).ok_or_else(|| {
            let mut d = Diagnostic::error(&shown, format!("`{section}/` is not a content section"))
                .with_help("content files go in briefings/, actors/, places/ or sources/ (and content/_index.md)");
            if let Some(s) = did_you_mean(section, ["briefings", "actors", "places", "sources"]) {
                d = d.with_help(format!("did you mean `{s}/`?"));
            }
            d
        })?,
        _ => {
            return Err(Diagnostic::error(&shown, "this file is not in a content section").with_help(
                "content files go in content/briefings/, content/actors/, content/places/ or content/sources/, one level deep",
            ))
        }
    };
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            &shown,
            format!(
                "this file is {} MiB; a content file may be at most {} MiB",
                bytes.len().div_ceil(1 << 20),
                MAX_FILE_BYTES >> 20
            ),
        )
        .with_help("split it into several briefings or records"));
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
            let (line, col) = crate::diag::line_col(&prefix, valid);
            let mut d = Diagnostic::error(&shown, "this file is not valid UTF-8")
                .with_help("save the file as UTF-8 (most editors have an \"encoding\" setting)");
            d.line = line;
            d.column = col;
            return Err(d);
        }
    };
    if kind != Kind::Index && !is_valid_id(&stem) {
        return Err(Diagnostic::error(&shown, format!("`{stem}` cannot be an id")).with_help(format!(
            "ids are file names made of lowercase letters a-z, digits and hyphens; rename the file to `{}.md`",
            crate::slug::slugify(&stem)
        )));
    }
    let (yaml, yaml_start, body_start) =
        split_front_matter(&text).map_err(|(msg, help, line)| {
            let d = Diagnostic::error(&shown, msg).with_help(help);
            d.at(&text, line, 1, 3)
        })?;
    if let Some(at) = too_deep(yaml, MAX_NESTING) {
        return Err(Diagnostic::error(
            &shown,
            format!("the front matter nests deeper than {MAX_NESTING} levels of `[` and `{{`"),
        )
        .with_help(
            "a record needs three or four levels at most; look for brackets that are never closed",
        )
        .at_offset(&text, yaml_start + at, 1));
    }
    macro_rules! parse {
        ($t:ty, $fields:expr) => {
            serde_yaml::from_str::<$t>(yaml)
                .map_err(|e| yaml_error(&shown, &text, yaml_start, &e, $fields))?
        };
    }
    let front = if yaml.trim().is_empty() {
        // An empty front matter: parse `{}` so required fields are reported.
        match kind {
            Kind::Index => Front::Index(RawIndex::default()),
            _ => {
                let d = Diagnostic::error(&shown, "the front matter is empty")
                    .with_help(required_help(kind));
                return Err(d.at(&text, 1, 1, 3));
            }
        }
    } else {
        match kind {
            Kind::Briefing => Front::Briefing(Box::new(parse!(RawBriefing, BRIEFING_FIELDS))),
            Kind::Actor => Front::Actor(parse!(RawActor, ACTOR_FIELDS)),
            Kind::Place => Front::Place(parse!(RawPlace, PLACE_FIELDS)),
            Kind::Source => Front::Source(parse!(RawSource, SOURCE_FIELDS)),
            Kind::Index => Front::Index(parse!(RawIndex, &["title", "summary"])),
        }
    };
    let wikilinks = wikilinks(&text[body_start..], body_start);
    Ok(Doc {
        kind,
        id: stem,
        shown,
        text,
        body_start,
        front,
        wikilinks,
    })
}

/// The largest content file dossier reads: a hundred times the longest
/// real briefing, small enough that nothing in a build can balloon.
pub const MAX_FILE_BYTES: usize = 16 << 20;

/// The deepest `[`/`{` nesting a front matter may have. The YAML parser's
/// time grows with the square of the depth (100,000 levels took 38 s), and
/// no record needs more than four.
pub const MAX_NESTING: usize = 64;

/// The byte offset in `yaml` where flow nesting (`[`, `{`) first goes past
/// `limit`, if it does. Brackets inside quoted scalars and comments do not
/// count. One pass, so any input is answered in time proportional to it.
pub fn too_deep(yaml: &str, limit: usize) -> Option<usize> {
    let b = yaml.as_bytes();
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

pub const ACTOR_FIELDS: &[&str] = &[
    "name",
    "kind",
    "aliases",
    "country",
    "part_of",
    "updated",
    "corrections",
];
pub const PLACE_FIELDS: &[&str] = &[
    "name",
    "kind",
    "within",
    "aliases",
    "updated",
    "corrections",
];
pub const SOURCE_FIELDS: &[&str] = &[
    "title",
    "outlet",
    "published",
    "url",
    "archived",
    "language",
    "reliability",
    "relays",
    "note",
    "updated",
    "corrections",
];

fn required_help(kind: Kind) -> &'static str {
    match kind {
        Kind::Briefing => "a briefing needs at least `title` and `date`",
        Kind::Actor => "an actor needs at least `name`",
        Kind::Place => "a place needs at least `name`",
        Kind::Source => "a source needs at least `title`, `outlet` and `published`",
        Kind::Index => "",
    }
}

/// A slug id: lowercase ASCII letters, digits and single hyphens.
pub fn is_valid_id(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

/// Markdown extensions every body is parsed with.
pub fn markdown_options() -> pulldown_cmark::Options {
    pulldown_cmark::Options::ENABLE_TABLES
        | pulldown_cmark::Options::ENABLE_FOOTNOTES
        | pulldown_cmark::Options::ENABLE_STRIKETHROUGH
        | pulldown_cmark::Options::ENABLE_SMART_PUNCTUATION
        | pulldown_cmark::Options::ENABLE_WIKILINKS
}

/// The wiki links of a Markdown body, with their byte ranges shifted by `offset`.
pub fn wikilinks(body: &str, offset: usize) -> Vec<(String, std::ops::Range<usize>)> {
    use pulldown_cmark::{Event, LinkType, Parser, Tag};
    if !body.contains("[[") {
        return Vec::new();
    }
    Parser::new_ext(body, markdown_options())
        .into_offset_iter()
        .filter_map(|(ev, range)| match ev {
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { .. },
                dest_url,
                ..
            }) => Some((
                dest_url.into_string(),
                range.start + offset..range.end + offset,
            )),
            _ => None,
        })
        .collect()
}

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
    let mut pos = yaml_start;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
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
    if let Some(rest) = msg.split("unknown field `").nth(1) {
        let unknown = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> = rest.split('`').skip(2).step_by(2).collect();
        let cands: Vec<&str> = if expected.is_empty() {
            fields.to_vec()
        } else {
            expected
        };
        help = Some(match did_you_mean(unknown, cands.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!(
                "expected one of {}",
                cands
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        });
        // Shorten: the list of expected fields moves into the help.
        if let Some(i) = msg.find(", expected") {
            msg.truncate(i);
        }
    } else if let Some(rest) = msg.split("unknown variant `").nth(1) {
        let unknown = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> = rest.split('`').skip(2).step_by(2).collect();
        help = Some(match did_you_mean(unknown, expected.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!(
                "expected one of {}",
                expected
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        });
        if let Some(i) = msg.find(", expected") {
            msg.truncate(i);
        }
    } else if msg.contains("missing field") {
        help = Some(format!(
            "fields here: {}",
            fields
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
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
            if let Some(quoted) = d.message.split('`').nth(1).filter(|q| !q.is_empty()) {
                let yaml_end = text
                    .len()
                    .min(offset + text[offset..].find("\n---").unwrap_or(text.len() - offset));
                if let Some(i) = text[off.min(yaml_end)..yaml_end].find(quoted) {
                    off += i;
                } else if let Some(i) = text[offset..yaml_end].find(quoted) {
                    off = offset + i;
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
    fn dates_must_be_real() {
        assert!(Date::parse("2022-01-07").is_ok());
        assert_eq!(
            Date::parse("2022-02-30").unwrap_err(),
            "`2022-02-30` is not a real date: February 2022 has 28 days"
        );
        assert_eq!(
            Date::parse("7 Jan").unwrap_err(),
            "expected a date as YYYY-MM-DD (or YYYY-MM, YYYY when the day is not known), found `7 Jan`"
        );
        assert_eq!(Date::parse("2022-01-07").unwrap().long(), "7 January 2022");
        let year = Date::parse("2022").unwrap();
        assert_eq!(
            (year.long(), year.iso()),
            ("2022".to_string(), "2022".to_string())
        );
        assert_eq!(Date::parse("2022-03").unwrap().long(), "March 2022");
        assert!(
            Date::parse("2022-03").unwrap() > Date::parse("2022-03-30").unwrap(),
            "ordered by the end of the period"
        );
        assert!(Date::parse("2022-13").is_err());
        let d = |s: &str| Date::parse(s).unwrap();
        assert_eq!(d("2022-01-07").days_until(&d("2022-01-09")), 2);
        assert_eq!(d("2024-02-28").days_until(&d("2024-03-01")), 2);
        assert_eq!(d("2021-12-31").days_until(&d("2022-01-01")), 1);
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

    #[test]
    fn ids_are_slugs() {
        assert!(is_valid_id("cnn-2022-01-06"));
        assert!(!is_valid_id("Tokayev"));
        assert!(!is_valid_id("a b"));
    }
}
