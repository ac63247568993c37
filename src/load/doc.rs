//! One content file, read and parsed: its kind, id, text and front matter.
//!
//! `parse_doc` is the whole of loading one file: where it sits decides its
//! kind and id, then the size, encoding, front-matter split, nesting bound
//! and the one YAML parse each stop it with a located diagnostic. A `Doc`
//! keeps its text so that the model can point at a value it rejects, and
//! builds the span index of its front matter (`locate`) only when asked.

use std::path::{Path, PathBuf};

use super::front_matter::split_front_matter;
use super::raw::*;
use super::wikilinks::wikilinks;
use crate::diag::{did_you_mean, Diagnostic};
use crate::domain::{is_valid_id, Kind};
use crate::yaml::{too_deep, yaml_error, MAX_NESTING};

/// The parsed front matter of one file.
#[derive(Debug, Clone, PartialEq)]
pub enum Front {
    Briefing(Box<RawBriefing>),
    Actor(RawActor),
    Place(RawPlace),
    Source(RawSource),
    Index(RawIndex),
}

/// The docs by the path messages show (`Doc::shown`), indexed on first
/// use. A diagnostic on a figure or a record finds its file in one lookup:
/// searching the list for each one was quadratic in the dossier's size
/// (100,000 briefings with a warning each). A clean build never builds it.
pub struct ByShown<'a> {
    docs: &'a [Doc],
    index: std::sync::OnceLock<foldhash::HashMap<&'a Path, &'a Doc>>,
}

impl<'a> ByShown<'a> {
    pub fn new(docs: &'a [Doc]) -> Self {
        ByShown {
            docs,
            index: std::sync::OnceLock::new(),
        }
    }

    /// The first doc shown as `shown`, as a search of the list finds it.
    pub fn get(&self, shown: &Path) -> Option<&'a Doc> {
        let index = self.index.get_or_init(|| {
            let mut index = foldhash::HashMap::default();
            index.reserve(self.docs.len());
            for d in self.docs {
                index.entry(d.shown.as_path()).or_insert(d);
            }
            index
        });
        index.get(shown).copied()
    }
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
    /// Where each node of the front matter is written: built by `locate` on
    /// the first diagnostic that needs a location, never on a clean build.
    pub(super) spans: std::sync::OnceLock<crate::yaml::Spans>,
    /// The counts the body writes next to a word of a measure ("164
    /// dead"), worked out by `derive::prose_numbers` on first use and kept
    /// with the doc, so that `serve`, which keeps the docs of files that
    /// did not change, reads the words of each body once. A function of
    /// `text` and of the measures' words, whose fingerprint it holds.
    pub(crate) counts: std::sync::OnceLock<(u64, Vec<CountWord>)>,
    /// The lines the model reads on every build (`locate`: where the body
    /// starts, where each figure's item opens), counted on first use and
    /// kept for the same reason as `counts`.
    pub(super) lines: std::sync::OnceLock<super::locate::FrontLines>,
    /// The body as the model's records hold it (`shared_body`).
    shared_body: std::sync::OnceLock<Body>,
    /// What the model made of this doc as a briefing (its record, figures
    /// and the references it checked), and whether every wiki link of its
    /// body resolved: kept with the doc, for the same reason as `counts`,
    /// each under a key that names the other inputs it was worked out from
    /// (`model::build` says which).
    pub(crate) kept_read: Kept,
    pub(crate) kept_links: Kept,
}

/// A value a later stage worked out from one doc and from inputs outside
/// it, which a key (a fingerprint of those inputs) names. Opaque here:
/// `load` does not know the stages above it, only that what they keep goes
/// with the doc and goes when the file is read again (a new `Doc`).
#[derive(Default)]
pub struct Kept(std::sync::Mutex<Option<KeptValue>>);

type KeptValue = (u64, std::sync::Arc<dyn std::any::Any + Send + Sync>);

impl Kept {
    /// The value kept under `key`, if it is one of type `T`.
    pub fn get<T: std::any::Any + Send + Sync>(&self, key: u64) -> Option<std::sync::Arc<T>> {
        let kept = self.0.lock().ok()?;
        let (k, v) = kept.as_ref()?;
        if *k != key {
            return None;
        }
        v.clone().downcast().ok()
    }

    /// Keeps `value` under `key`, in place of what was kept.
    pub fn put<T: std::any::Any + Send + Sync>(&self, key: u64, value: std::sync::Arc<T>) {
        if let Ok(mut kept) = self.0.lock() {
            *kept = Some((key, value));
        }
    }
}

/// A copy keeps what the original kept: it is the same doc.
impl Clone for Kept {
    fn clone(&self) -> Kept {
        Kept(std::sync::Mutex::new(
            self.0.lock().ok().and_then(|k| k.clone()),
        ))
    }
}

impl std::fmt::Debug for Kept {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Kept")
    }
}

/// A record's body as the model holds it: the text, shared by every model
/// made from the same doc, and its hash, worked out on first use and kept
/// with the text. Why: after an edit that rebuilt the model, `serve`
/// fingerprints every body a page read (36 MB at 10,000 briefings); with
/// the hash kept here, each body is hashed once per read of its file, not
/// once per rebuild. `build` and `check` never ask for the hash.
#[derive(Clone, Default)]
pub struct Body(std::sync::Arc<BodyText>);

#[derive(Default)]
struct BodyText {
    text: Box<str>,
    hash: std::sync::OnceLock<u64>,
}

impl Body {
    /// A hash of the text, the same in every run (foldhash's quality
    /// variant with a fixed seed, as `render::reads` hashes other values).
    pub fn hash(&self) -> u64 {
        *self
            .0
            .hash
            .get_or_init(|| crate::fingerprint::of(&*self.0.text))
    }
}

impl std::ops::Deref for Body {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0.text
    }
}

impl AsRef<str> for Body {
    fn as_ref(&self) -> &str {
        &self.0.text
    }
}

impl From<&str> for Body {
    fn from(text: &str) -> Body {
        Body(std::sync::Arc::new(BodyText {
            text: text.into(),
            hash: std::sync::OnceLock::new(),
        }))
    }
}

/// As the text's: a record's `Debug` form shows its body as a string.
impl std::fmt::Debug for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&*self.0.text, f)
    }
}

/// A number in a body and the nearest word beside it that says what it
/// counts (see `derive::prose_numbers`).
#[derive(Debug, Clone)]
pub(crate) struct CountWord {
    pub n: u64,
    /// Where the number is written.
    pub at: std::ops::Range<usize>,
    /// Where the word is written, and the word in lowercase.
    pub word: std::ops::Range<usize>,
    pub lower: String,
}

impl Doc {
    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }

    /// The body, shared with the records the model makes from this doc:
    /// copied once per file, not on every build of the model (a `serve`
    /// session keeps the docs of files that did not change).
    pub fn shared_body(&self) -> Body {
        self.shared_body
            .get_or_init(|| Body::from(self.body()))
            .clone()
    }
}

/// The ids a content file that failed to load would have brought: its own
/// (the file name) and its figures' `id:`, read from whatever of its front
/// matter the parser gets through. Links and references to them elsewhere
/// are then not reported as unknown on top of the error that kept the file
/// out (a typo in one key would otherwise also report every link to each
/// of its figures). Only called on the error path.
pub fn declared_ids(path: &Path, text: &str) -> Vec<String> {
    let mut ids: Vec<String> = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .into_iter()
        .collect();
    if let Ok((yaml, _, _)) = split_front_matter(text) {
        if too_deep(yaml, MAX_NESTING).is_none() {
            let spans = crate::yaml::Spans::build(yaml, 0);
            ids.extend(
                spans
                    .under("figures")
                    .filter(|n| n.key_name() == "id" && n.path.matches('.').count() == 1)
                    .filter_map(|n| n.scalar.clone()),
            );
        }
    }
    ids
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
        spans: std::sync::OnceLock::new(),
        counts: std::sync::OnceLock::new(),
        lines: std::sync::OnceLock::new(),
        shared_body: std::sync::OnceLock::new(),
        kept_read: Kept::default(),
        kept_links: Kept::default(),
    })
}

/// The largest content file dossier reads: a hundred times the longest
/// real briefing, small enough that nothing in a build can balloon.
pub const MAX_FILE_BYTES: usize = 16 << 20;

fn required_help(kind: Kind) -> &'static str {
    match kind {
        Kind::Briefing => "a briefing needs at least `title` and `date`",
        Kind::Actor => "an actor needs at least `name`",
        Kind::Place => "a place needs at least `name`",
        Kind::Source => "a source needs at least `title`, `outlet` and `published`",
        Kind::Index => "",
    }
}
