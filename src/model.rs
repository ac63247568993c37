//! The validated dossier.
//!
//! `load` gives records as written; this module checks them against each
//! other and turns them into the model every later stage trusts: ids
//! resolved, references checked (with "did you mean"), figures validated
//! (a count or a range, a known measure), actors and places that are named
//! but have no profile given a generated record, drafts dropped unless asked
//! for, and every list sorted once, by date or by name in the dossier's
//! language. All problems are collected; none stops the others.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::PathBuf;

use crate::config::{humanize, Config};
use crate::diag::{did_you_mean, Diagnostic};
use crate::load::{
    ActorKind, Count, Date, Doc, Front, Kind, PlaceKind, Qualifier, RawBriefing, RawCorrection,
    RawFigure, Status,
};

/// Where a record came from: for messages that point at it later.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    pub file: PathBuf,
    pub line: usize,
}

/// How a page changed after it was first published: the date of its last
/// update (`updated:`) and its corrections, newest first. Briefings and
/// every record with a file (actors, places, sources) carry one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Revisions {
    pub updated: Option<Date>,
    /// Newest first (in the order written among corrections of one day).
    pub corrections: Vec<Correction>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    pub date: Date,
    pub text: String,
    /// Its place in the front matter's `corrections:` list (0-based), to
    /// locate it in messages.
    pub index: usize,
}

impl Revisions {
    pub fn new(updated: Option<Date>, corrections: &[RawCorrection]) -> Revisions {
        let mut corrections: Vec<Correction> = corrections
            .iter()
            .enumerate()
            .map(|(index, c)| Correction {
                date: c.date,
                text: c.text.clone(),
                index,
            })
            .collect();
        corrections.sort_by(|a, b| b.date.cmp(&a.date).then(a.index.cmp(&b.index)));
        Revisions {
            updated,
            corrections,
        }
    }

    /// When the page last changed: the newest of `since` (its publication),
    /// `updated` and its corrections (a correction updates the page).
    pub fn last_changed(&self, since: Option<Date>) -> Option<Date> {
        let newest = self.corrections.first().map(|c| c.date);
        since.max(self.updated).max(newest)
    }
}

#[derive(Debug, Clone)]
pub struct Home {
    pub title: String,
    pub summary: Option<String>,
    pub body: String,
    pub origin: Origin,
}

#[derive(Debug, Clone)]
pub struct Briefing {
    pub id: String,
    pub title: String,
    pub date: Date,
    pub summary: Option<String>,
    pub draft: bool,
    /// Tag slugs.
    pub tags: Vec<String>,
    pub actors: Vec<String>,
    pub places: Vec<String>,
    pub sources: Vec<String>,
    pub events: Vec<Event>,
    /// Indexes into `Site::figures`.
    pub figures: Vec<usize>,
    pub quotes: Vec<Quote>,
    pub revisions: Revisions,
    pub body: String,
    /// 1-based line where the body starts in the file.
    pub body_line: usize,
    pub origin: Origin,
}

#[derive(Debug, Clone)]
pub struct Event {
    pub date: Date,
    pub time: Option<String>,
    pub place: Option<String>,
    pub title: String,
    pub sources: Vec<String>,
    pub briefing: String,
}

#[derive(Debug, Clone)]
pub struct Quote {
    pub actor: String,
    pub date: Date,
    pub text: String,
    pub source: String,
    pub briefing: String,
}

/// The largest number a figure may give. Far above any real count or sum
/// of money, and far enough below `u64::MAX` that ledger arithmetic (sums,
/// bounds, chart scales) cannot overflow.
pub const MAX_COUNT: Count = 1_000_000_000_000_000;

/// A number, as claimed: an exact count or a range (one side may be open).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    Count(Count),
    Range {
        min: Option<Count>,
        max: Option<Count>,
    },
}

impl Value {
    /// The single number a chart plots for the claim.
    pub fn point(&self) -> Count {
        match *self {
            Value::Count(n) => n,
            Value::Range {
                min: Some(a),
                max: Some(b),
            } => (a + b) / 2,
            Value::Range {
                min: Some(a),
                max: None,
            } => a,
            Value::Range {
                min: None,
                max: Some(b),
            } => b,
            Value::Range {
                min: None,
                max: None,
            } => 0,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Figure {
    pub id: String,
    /// Whether the editor gave the id (others are generated and unstable).
    pub explicit_id: bool,
    pub briefing: String,
    pub measure: String,
    pub group: String,
    pub value: Value,
    pub qualifier: Qualifier,
    pub as_of: Date,
    pub place: Option<String>,
    pub claimed_by: String,
    pub source: String,
    pub via: Vec<String>,
    pub words: Option<String>,
    pub status: Status,
    pub supersedes: Option<String>,
    pub relay_of: Option<String>,
    pub credibility: Option<u8>,
    pub note: Option<String>,
    pub origin: Origin,
}

#[derive(Debug, Clone)]
pub struct Actor {
    pub id: String,
    pub name: String,
    pub kind: Option<ActorKind>,
    pub aliases: Vec<String>,
    pub country: Option<String>,
    pub part_of: Option<String>,
    pub revisions: Revisions,
    pub body: String,
    pub body_line: usize,
    /// False for actors named somewhere but without a file of their own.
    pub has_profile: bool,
    pub origin: Origin,
}

#[derive(Debug, Clone)]
pub struct Place {
    pub id: String,
    pub name: String,
    pub kind: Option<PlaceKind>,
    pub within: Option<String>,
    pub aliases: Vec<String>,
    pub revisions: Revisions,
    pub body: String,
    pub body_line: usize,
    pub has_profile: bool,
    pub origin: Origin,
}

#[derive(Debug, Clone)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub outlet: String,
    pub published: Date,
    pub url: Option<String>,
    /// An archived copy of `url`.
    pub archived: Option<String>,
    pub language: Option<String>,
    pub reliability: Option<char>,
    pub relays: Vec<String>,
    pub note: Option<String>,
    pub revisions: Revisions,
    pub body: String,
    pub body_line: usize,
    pub origin: Origin,
}

#[derive(Debug, Clone)]
pub struct Tag {
    pub slug: String,
    pub name: String,
}

/// The whole validated dossier. Lists are sorted for display: briefings
/// newest first, actors, places and tags by name, sources by date.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: Config,
    pub home: Home,
    pub briefings: Vec<Briefing>,
    pub actors: Vec<Actor>,
    pub places: Vec<Place>,
    pub sources: Vec<Source>,
    pub figures: Vec<Figure>,
    pub tags: Vec<Tag>,
    pub briefing_ix: HashMap<String, usize>,
    pub actor_ix: HashMap<String, usize>,
    pub place_ix: HashMap<String, usize>,
    pub source_ix: HashMap<String, usize>,
    pub figure_ix: HashMap<String, usize>,
    /// Draft briefings left out of this build, for friendlier link errors.
    pub excluded_drafts: HashSet<String>,
}

impl Site {
    pub fn briefing(&self, id: &str) -> Option<&Briefing> {
        self.briefing_ix.get(id).map(|&i| &self.briefings[i])
    }
    pub fn actor(&self, id: &str) -> Option<&Actor> {
        self.actor_ix.get(id).map(|&i| &self.actors[i])
    }
    pub fn place(&self, id: &str) -> Option<&Place> {
        self.place_ix.get(id).map(|&i| &self.places[i])
    }
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.source_ix.get(id).map(|&i| &self.sources[i])
    }
    pub fn figure(&self, id: &str) -> Option<&Figure> {
        self.figure_ix.get(id).map(|&i| &self.figures[i])
    }
    /// The index of figure `id` in `figures`.
    pub fn figure_index(&self, id: &str) -> Option<usize> {
        self.figure_ix.get(id).copied()
    }

    /// What a wiki link `[[target]]` points at: kind and id. Accepts
    /// `id` and `section/id`.
    pub fn resolve_link(&self, target: &str) -> Option<(Kind, &str)> {
        let (section, id) = match target.split_once('/') {
            Some((s, i)) => (Some(s), i),
            None => (None, target),
        };
        let id = id.trim();
        let try_kind = |k: Kind| -> Option<(Kind, &str)> {
            let found = match k {
                Kind::Briefing => self.briefing_ix.get_key_value(id).map(|(k, _)| k.as_str()),
                Kind::Actor => self.actor_ix.get_key_value(id).map(|(k, _)| k.as_str()),
                Kind::Place => self.place_ix.get_key_value(id).map(|(k, _)| k.as_str()),
                Kind::Source => self.source_ix.get_key_value(id).map(|(k, _)| k.as_str()),
                Kind::Index => None,
            };
            found.map(|f| (k, f))
        };
        match section {
            Some(s) => Kind::from_section(s).and_then(try_kind),
            None => [Kind::Briefing, Kind::Actor, Kind::Place, Kind::Source]
                .into_iter()
                .find_map(try_kind),
        }
    }

    /// Every id a wiki link can name, for "did you mean".
    pub fn all_ids(&self) -> impl Iterator<Item = &str> {
        self.briefing_ix
            .keys()
            .chain(self.actor_ix.keys())
            .chain(self.place_ix.keys())
            .chain(self.source_ix.keys())
            .map(String::as_str)
    }

    /// Sorts names as the dossier's language does (Kazakh and Russian names
    /// in Cyrillic sort by their letters, not by code point).
    pub fn collator(&self) -> Collator {
        Collator::new(&self.config.language)
    }
}

/// A string comparator for the dossier's language.
pub struct Collator(icu_collator::CollatorBorrowed<'static>);

impl Collator {
    pub fn new(language: &str) -> Collator {
        let locale = icu_locale_core::Locale::try_from_str(language)
            .unwrap_or(icu_locale_core::Locale::UNKNOWN);
        let c = icu_collator::Collator::try_new(locale.clone().into(), Default::default())
            .or_else(|_| icu_collator::Collator::try_new(Default::default(), Default::default()))
            .expect("root collation data is compiled in");
        Collator(c)
    }
    pub fn compare(&self, a: &str, b: &str) -> std::cmp::Ordering {
        self.0.compare(a, b)
    }
}

/// Options that change what the model holds.
#[derive(Debug, Clone, Default)]
pub struct ModelOptions {
    pub drafts: bool,
    /// Ids of content files that exist but could not be loaded (their own
    /// error is reported): references to them are not reported again.
    pub unloaded: HashSet<String>,
}

/// Checks the loaded documents against each other and builds the model.
/// Returns the model when there is no error, and every diagnostic (errors
/// and warnings) either way.
pub fn build(config: Config, docs: &[Doc], opts: &ModelOptions) -> (Option<Site>, Vec<Diagnostic>) {
    let mut diags = Vec::new();

    // 1. Ids are unique across kinds (a wiki link names any record by id).
    let mut seen: HashMap<&str, &Doc> = HashMap::new();
    for d in docs.iter().filter(|d| d.kind != Kind::Index) {
        if let Some(first) = seen.get(d.id.as_str()) {
            diags.push(
                Diagnostic::error(&d.shown, format!("duplicate id `{}`: {} has it too", d.id, first.shown.display()))
                    .with_help("ids are file names and must be unique across briefings, actors, places and sources; rename one file"),
            );
        } else {
            seen.insert(&d.id, d);
        }
    }

    let by_kind = |k: Kind| docs.iter().filter(move |d| d.kind == k);
    let source_ids: HashSet<&str> = by_kind(Kind::Source)
        .map(|d| d.id.as_str())
        .chain(opts.unloaded.iter().map(String::as_str))
        .collect();
    let actor_ids: HashSet<&str> = by_kind(Kind::Actor).map(|d| d.id.as_str()).collect();
    let place_ids: HashSet<&str> = by_kind(Kind::Place).map(|d| d.id.as_str()).collect();

    // 2. Records with profiles.
    let mut actors: BTreeMap<String, Actor> = BTreeMap::new();
    let mut places: BTreeMap<String, Place> = BTreeMap::new();
    let mut sources: Vec<Source> = Vec::new();
    let mut home = Home {
        title: config.title.clone(),
        summary: Some(config.description.clone()).filter(|s| !s.is_empty()),
        body: String::new(),
        origin: Origin::default(),
    };
    let mut refs = Refs {
        actor_ids: &actor_ids,
        place_ids: &place_ids,
        source_ids: &source_ids,
        diags: &mut diags,
        named_actors: BTreeSet::new(),
        named_places: BTreeSet::new(),
    };

    for d in docs {
        let origin = Origin {
            file: d.shown.clone(),
            line: 1,
        };
        let body_line = d.text[..d.body_start].matches('\n').count() + 1;
        match &d.front {
            Front::Index(r) => {
                if let Some(t) = &r.title {
                    home.title = t.clone();
                }
                if r.summary.is_some() {
                    home.summary = r.summary.clone();
                }
                home.body = d.body().to_string();
                home.origin = origin;
            }
            Front::Actor(r) => {
                if let Some(c) = &r.country {
                    refs.place(d, "country", c);
                }
                if let Some(p) = &r.part_of {
                    refs.actor(d, "part_of", p);
                }
                actors.insert(
                    d.id.clone(),
                    Actor {
                        id: d.id.clone(),
                        name: r.name.clone(),
                        kind: r.kind,
                        aliases: r.aliases.clone(),
                        country: r.country.clone(),
                        part_of: r.part_of.clone(),
                        revisions: Revisions::new(r.updated, &r.corrections),
                        body: d.body().to_string(),
                        body_line,
                        has_profile: true,
                        origin,
                    },
                );
            }
            Front::Place(r) => {
                if let Some(w) = &r.within {
                    refs.place(d, "within", w);
                }
                places.insert(
                    d.id.clone(),
                    Place {
                        id: d.id.clone(),
                        name: r.name.clone(),
                        kind: r.kind,
                        within: r.within.clone(),
                        aliases: r.aliases.clone(),
                        revisions: Revisions::new(r.updated, &r.corrections),
                        body: d.body().to_string(),
                        body_line,
                        has_profile: true,
                        origin,
                    },
                );
            }
            Front::Source(r) => {
                let reliability = match r.reliability.as_deref() {
                    None => None,
                    Some(s) if s.len() == 1 && ('A'..='F').contains(&s.chars().next().unwrap()) => {
                        s.chars().next()
                    }
                    Some(s) => {
                        refs.diags.push(d.error_at(Some("reliability"), s, format!("invalid reliability `{s}`")).with_help(
                            "reliability is a letter of the Admiralty scale: A (completely reliable) to F (cannot be judged)",
                        ));
                        None
                    }
                };
                for a in &r.relays {
                    refs.actor(d, "relays", a);
                }
                for (key, url) in [("url", &r.url), ("archived", &r.archived)] {
                    if let Some(u) = url {
                        if !(u.starts_with("https://") || u.starts_with("http://")) {
                            refs.diags.push(d.error_at(
                                Some(key),
                                u,
                                format!("`{key}` must be an absolute http(s) address, found `{u}`"),
                            ));
                        }
                    }
                }
                sources.push(Source {
                    id: d.id.clone(),
                    title: r.title.clone(),
                    outlet: r.outlet.clone(),
                    published: r.published,
                    url: r.url.clone(),
                    archived: r.archived.clone(),
                    language: r.language.clone(),
                    reliability,
                    relays: r.relays.clone(),
                    note: r.note.clone(),
                    revisions: Revisions::new(r.updated, &r.corrections),
                    body: d.body().to_string(),
                    body_line,
                    origin,
                });
            }
            Front::Briefing(_) => {}
        }
    }

    // 3. Briefings, their events, figures and quotes.
    let mut briefings = Vec::new();
    let mut figures: Vec<Figure> = Vec::new();
    let mut excluded_drafts = HashSet::new();
    let mut tag_names: BTreeMap<String, String> = BTreeMap::new();
    for d in by_kind(Kind::Briefing) {
        let Front::Briefing(r) = &d.front else {
            continue;
        };
        if r.draft && !opts.drafts {
            excluded_drafts.insert(d.id.clone());
            continue;
        }
        let b = briefing(&config, d, r, &mut refs, &mut figures, &mut tag_names);
        briefings.push(b);
    }

    // 4. Figure ids are unique.
    let mut figure_ix = HashMap::new();
    for (i, f) in figures.iter().enumerate() {
        if let Some(&j) = figure_ix.get(&f.id) {
            let first: &Figure = &figures[j];
            let doc = docs.iter().find(|d| d.shown == f.origin.file);
            let mut e = Diagnostic::error(
                &f.origin.file,
                format!(
                    "duplicate figure id `{}`: {}:{} has it too",
                    f.id,
                    first.origin.file.display(),
                    first.origin.line
                ),
            )
            .with_help("figure ids must be unique in the dossier; give this one another id");
            if let Some(doc) = doc {
                let text = &doc.text;
                e = e.at(text, f.origin.line, 1, 1);
            }
            refs.diags.push(e);
        } else {
            figure_ix.insert(f.id.clone(), i);
        }
    }

    // 5. Actors and places that are named without a profile get one.
    let named_actors = std::mem::take(&mut refs.named_actors);
    let named_places = std::mem::take(&mut refs.named_places);
    for id in &named_actors {
        actors.entry(id.clone()).or_insert_with(|| Actor {
            id: id.clone(),
            name: humanize(id),
            kind: None,
            aliases: vec![],
            country: None,
            part_of: None,
            revisions: Revisions::default(),
            body: String::new(),
            body_line: 1,
            has_profile: false,
            origin: Origin::default(),
        });
    }
    for id in &named_places {
        places.entry(id.clone()).or_insert_with(|| Place {
            id: id.clone(),
            name: humanize(id),
            kind: None,
            within: None,
            aliases: vec![],
            revisions: Revisions::default(),
            body: String::new(),
            body_line: 1,
            has_profile: false,
            origin: Origin::default(),
        });
    }

    // 6. Sort for display, once.
    let collator = Collator::new(&config.language);
    briefings.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.id.cmp(&b.id)));
    let mut actors: Vec<Actor> = actors.into_values().collect();
    actors.sort_by(|a, b| {
        collator
            .compare(&a.name, &b.name)
            .then_with(|| a.id.cmp(&b.id))
    });
    let mut places: Vec<Place> = places.into_values().collect();
    places.sort_by(|a, b| {
        collator
            .compare(&a.name, &b.name)
            .then_with(|| a.id.cmp(&b.id))
    });
    sources.sort_by(|a, b| {
        a.published
            .cmp(&b.published)
            .then_with(|| collator.compare(&a.outlet, &b.outlet))
            .then_with(|| a.id.cmp(&b.id))
    });
    let mut tags: Vec<Tag> = tag_names
        .into_iter()
        .map(|(slug, name)| Tag { slug, name })
        .collect();
    tags.sort_by(|a, b| collator.compare(&a.name, &b.name));

    let ix = |ids: Vec<&String>| {
        ids.into_iter()
            .enumerate()
            .map(|(i, id)| (id.clone(), i))
            .collect::<HashMap<_, _>>()
    };
    let site = Site {
        briefing_ix: ix(briefings.iter().map(|b| &b.id).collect()),
        actor_ix: ix(actors.iter().map(|a| &a.id).collect()),
        place_ix: ix(places.iter().map(|p| &p.id).collect()),
        source_ix: ix(sources.iter().map(|s| &s.id).collect()),
        figure_ix,
        config,
        home,
        briefings,
        actors,
        places,
        sources,
        figures,
        tags,
        excluded_drafts,
    };

    // 7. Wiki links in every body resolve.
    check_links(&site, docs, &opts.unloaded, &mut diags);

    let ok = !diags.iter().any(Diagnostic::is_error);
    (ok.then_some(site), diags)
}

/// Reference checking shared by every record.
struct Refs<'a> {
    actor_ids: &'a HashSet<&'a str>,
    place_ids: &'a HashSet<&'a str>,
    source_ids: &'a HashSet<&'a str>,
    diags: &'a mut Vec<Diagnostic>,
    /// Actors named anywhere, with the first place that named them.
    named_actors: BTreeSet<String>,
    named_places: BTreeSet<String>,
}

impl Refs<'_> {
    fn slug_ok(&mut self, d: &Doc, key: &str, id: &str, what: &str) -> bool {
        if crate::load::is_valid_id(id) {
            return true;
        }
        self.diags.push(
            d.error_at(Some(key), id, format!("`{id}` is not a valid {what} id"))
                .with_help(format!(
                    "ids are lowercase a-z, digits and hyphens, like `{}`",
                    crate::slug::slugify(id)
                )),
        );
        false
    }

    fn actor(&mut self, d: &Doc, key: &str, id: &str) {
        if self.slug_ok(d, key, id, "actor") {
            let (profiles, named) = (self.actor_ids, &mut self.named_actors);
            note_named(self.diags, d, key, id, "actor", profiles, named);
        }
    }

    fn place(&mut self, d: &Doc, key: &str, id: &str) {
        if self.slug_ok(d, key, id, "place") {
            let (profiles, named) = (self.place_ids, &mut self.named_places);
            note_named(self.diags, d, key, id, "place", profiles, named);
        }
    }

    fn source(&mut self, d: &Doc, key: &str, id: &str) {
        if self.source_ids.contains(id) {
            return;
        }
        let mut e = d.error_at(Some(key), id, format!("unknown source `{id}`"));
        e = match did_you_mean(id, self.source_ids.iter().copied()) {
            Some(near) => e.with_help(format!("did you mean `{near}`?")),
            None => e.with_help(format!(
                "every cited source needs a record: add content/sources/{id}.md"
            )),
        };
        self.diags.push(e);
    }
}

/// Records that an actor or place (`what`) is named. One named without a
/// profile gets a generated page; when its id is close to a profile's, that
/// is likely a typo, and the build warns.
fn note_named(
    diags: &mut Vec<Diagnostic>,
    d: &Doc,
    key: &str,
    id: &str,
    what: &str,
    profiles: &HashSet<&str>,
    named: &mut BTreeSet<String>,
) {
    if !profiles.contains(id) && !named.contains(id) {
        if let Some(near) = did_you_mean(id, profiles.iter().copied()) {
            let mut w = d.error_at(
                Some(key),
                id,
                format!("{what} `{id}` has no profile, but `{near}` does"),
            );
            w.severity = crate::diag::Severity::Warning;
            diags.push(w.with_help(format!(
                "did you mean `{near}`? If `{id}` is another {what}, add content/{what}s/{id}.md"
            )));
        }
    }
    named.insert(id.to_string());
}

fn briefing(
    config: &Config,
    d: &Doc,
    r: &RawBriefing,
    refs: &mut Refs<'_>,
    figures: &mut Vec<Figure>,
    tag_names: &mut BTreeMap<String, String>,
) -> Briefing {
    for a in &r.actors {
        refs.actor(d, "actors", a);
    }
    for p in &r.places {
        refs.place(d, "places", p);
    }
    for s in &r.sources {
        refs.source(d, "sources", s);
    }
    let mut tags = Vec::new();
    for t in &r.tags {
        let slug = crate::slug::slugify(t);
        tag_names.entry(slug.clone()).or_insert_with(|| t.clone());
        if !tags.contains(&slug) {
            tags.push(slug);
        }
    }
    let events = r
        .events
        .iter()
        .map(|e| {
            if let Some(p) = &e.place {
                refs.place(d, "place", p);
            }
            for s in &e.sources {
                refs.source(d, "sources", s);
            }
            Event {
                date: e.date,
                time: e.time.clone(),
                place: e.place.clone(),
                title: e.title.clone(),
                sources: e.sources.clone(),
                briefing: d.id.clone(),
            }
        })
        .collect();
    let quotes = r
        .quotes
        .iter()
        .map(|q| {
            refs.actor(d, "actor", &q.actor);
            refs.source(d, "source", &q.source);
            Quote {
                actor: q.actor.clone(),
                date: q.date,
                text: q.text.clone(),
                source: q.source.clone(),
                briefing: d.id.clone(),
            }
        })
        .collect();
    // Figures: located by the `- ` item that opens each in `figures:`.
    let item_lines = figure_item_lines(d);
    let mut fig_ix = Vec::new();
    for (n, f) in r.figures.iter().enumerate() {
        let line = item_lines.get(n).copied().unwrap_or(1);
        if let Some(fig) = figure(config, d, f, n, line, refs) {
            fig_ix.push(figures.len());
            figures.push(fig);
        }
    }
    let body_line = d.text[..d.body_start].matches('\n').count() + 1;
    Briefing {
        id: d.id.clone(),
        title: r.title.clone(),
        date: r.date,
        summary: r.summary.clone(),
        draft: r.draft,
        tags,
        actors: r.actors.clone(),
        places: r.places.clone(),
        sources: r.sources.clone(),
        events,
        figures: fig_ix,
        quotes,
        revisions: Revisions::new(r.updated, &r.corrections),
        body: d.body().to_string(),
        body_line,
        origin: Origin {
            file: d.shown.clone(),
            line: 1,
        },
    }
}

/// Lines (1-based) of each `- ` item directly under `figures:`.
fn figure_item_lines(d: &Doc) -> Vec<usize> {
    let front = &d.text[..d.body_start];
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

fn figure(
    config: &Config,
    d: &Doc,
    f: &RawFigure,
    n: usize,
    line: usize,
    refs: &mut Refs<'_>,
) -> Option<Figure> {
    let mut ok = true;
    let at_line = |msg: String| Diagnostic::error(&d.shown, msg).at(&d.text, line, 1, 1);
    if config.measure(&f.measure).is_none() {
        let ids: Vec<&str> = config.measures.iter().map(|m| m.id.as_str()).collect();
        let mut e = d.error_at(
            Some("measure"),
            &f.measure,
            format!("unknown measure `{}`", f.measure),
        );
        e = match did_you_mean(&f.measure, ids.iter().copied()) {
            Some(near) => e.with_help(format!("did you mean `{near}`?")),
            None => e.with_help(format!(
                "expected one of {}, or declare it under `measures:` in dossier.yaml",
                ids.iter()
                    .map(|m| format!("`{m}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        };
        refs.diags.push(e);
        ok = false;
    }
    for (key, n) in [("count", f.count), ("min", f.min), ("max", f.max)] {
        if let Some(n) = n.filter(|n| *n > MAX_COUNT) {
            refs.diags.push(
                d.error_at(
                    Some(key),
                    &n.to_string(),
                    format!("`{key}` {n} is larger than any count dossier takes"),
                )
                .with_help(format!(
                    "counts go up to {} (a thousand trillion)",
                    thousands(MAX_COUNT)
                )),
            );
            ok = false;
        }
    }
    let value = match (f.count, f.min, f.max) {
        (Some(c), None, None) => Value::Count(c),
        (None, min, max) if min.is_some() || max.is_some() => {
            if let (Some(a), Some(b)) = (min, max) {
                if a > b {
                    refs.diags.push(at_line(format!(
                        "figure's `min` ({a}) is above its `max` ({b})"
                    )));
                    ok = false;
                }
            }
            Value::Range { min, max }
        }
        (None, None, None) => {
            refs.diags.push(
                at_line("figure has no number: give `count`, or `min` and/or `max`".into())
                    .with_help(
                    "for a vague claim such as \"dozens\", give `min: 24` with `qualifier: dozens`",
                ),
            );
            ok = false;
            Value::Count(0)
        }
        _ => {
            refs.diags.push(at_line(
                "figure has both `count` and a range: give `count`, or `min`/`max`, not both"
                    .into(),
            ));
            ok = false;
            Value::Count(0)
        }
    };
    if let Some(c) = f.credibility {
        if !(1..=6).contains(&c) {
            refs.diags.push(
                d.error_at(Some("credibility"), &c.to_string(), format!("credibility {c} is out of range"))
                    .with_help("credibility is the Admiralty scale's number: 1 (confirmed) to 6 (cannot be judged)"),
            );
            ok = false;
        }
    }
    let group = f.group.clone().unwrap_or_else(|| "all".into());
    if !crate::load::is_valid_id(&group) {
        refs.diags.push(d.error_at(Some("group"), &group, format!("`{group}` is not a valid group")).with_help("groups are slugs such as `security-forces`; declare a label for it under `groups:` in dossier.yaml".to_string()));
        ok = false;
    }
    refs.actor(d, "claimed_by", &f.claimed_by);
    refs.source(d, "source", &f.source);
    for v in &f.via {
        refs.actor(d, "via", v);
    }
    if let Some(p) = &f.place {
        refs.place(d, "place", p);
    }
    if let Some(id) = &f.id {
        if !crate::load::is_valid_id(id) {
            refs.diags.push(
                d.error_at(Some("id"), id, format!("`{id}` is not a valid figure id"))
                    .with_help(format!(
                        "ids are lowercase a-z, digits and hyphens, like `{}`",
                        crate::slug::slugify(id)
                    )),
            );
            ok = false;
        }
    }
    if !ok {
        return None;
    }
    Some(Figure {
        id: f
            .id
            .clone()
            .unwrap_or_else(|| format!("{}-{}", d.id, n + 1)),
        explicit_id: f.id.is_some(),
        briefing: d.id.clone(),
        measure: f.measure.clone(),
        group,
        value,
        qualifier: f.qualifier,
        as_of: f.as_of,
        place: f.place.clone(),
        claimed_by: f.claimed_by.clone(),
        source: f.source.clone(),
        via: f.via.clone(),
        words: f.words.clone(),
        status: f.status,
        supersedes: f.supersedes.clone(),
        relay_of: f.relay_of.clone(),
        credibility: f.credibility,
        note: f.note.clone(),
        origin: Origin {
            file: d.shown.clone(),
            line,
        },
    })
}

/// Every `[[target]]` in every body names a record.
fn check_links(site: &Site, docs: &[Doc], unloaded: &HashSet<String>, diags: &mut Vec<Diagnostic>) {
    let ids: Vec<&str> = site.all_ids().collect();
    for d in docs {
        if d.kind == Kind::Briefing && site.excluded_drafts.contains(&d.id) {
            continue;
        }
        for (target, range) in &d.wikilinks {
            let bare = target.rsplit('/').next().unwrap_or(target);
            if site.resolve_link(target).is_some() || unloaded.contains(bare) {
                continue;
            }
            let len = d.text[range.clone()].chars().count();
            let mut e = Diagnostic::error(&d.shown, format!("unknown link target `{target}`"))
                .at_offset(&d.text, range.start, len);
            e = if site.excluded_drafts.contains(bare) {
                e.with_help(format!(
                    "`{bare}` is a draft: build with --drafts, or remove the link"
                ))
            } else {
                match did_you_mean(bare, ids.iter().copied()) {
                    Some(near) => e.with_help(format!("did you mean `[[{near}]]`?")),
                    None => e.with_help("a wiki link names a briefing, actor, place or source by its id (its file name)"),
                }
            };
            diags.push(e);
        }
    }
}

// How a claimed number reads, in the claimant's terms: shared by the
// messages of `checks` and the pages of `render`.

/// Formats 3000 as "3,000".
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The value as reported: "more than 3,000", "40–50", "dozens".
pub fn value_text(v: &Value, q: Qualifier) -> String {
    match *v {
        Value::Count(n) => {
            let n = thousands(n);
            match q {
                Qualifier::Exact => n,
                Qualifier::AtLeast => format!("at least {n}"),
                Qualifier::MoreThan => format!("more than {n}"),
                Qualifier::Nearly => format!("nearly {n}"),
                Qualifier::About => format!("about {n}"),
                Qualifier::Dozens => "dozens".into(),
                Qualifier::Hundreds => "hundreds".into(),
                Qualifier::Thousands => "thousands".into(),
            }
        }
        Value::Range { min, max } => {
            let vague = match q {
                Qualifier::Dozens => Some("dozens"),
                Qualifier::Hundreds => Some("hundreds"),
                Qualifier::Thousands => Some("thousands"),
                _ => None,
            };
            if let Some(v) = vague {
                return v.into();
            }
            let prefix = match q {
                Qualifier::About => "about ",
                Qualifier::Nearly => "nearly ",
                _ => "",
            };
            match (min, max) {
                (Some(a), Some(b)) => format!("{prefix}{}–{}", thousands(a), thousands(b)),
                (Some(a), None) if q == Qualifier::MoreThan => {
                    format!("more than {}", thousands(a))
                }
                (Some(a), None) => format!("at least {}", thousands(a)),
                (None, Some(b)) => format!("up to {}", thousands(b)),
                (None, None) => "unknown".into(),
            }
        }
    }
}

/// The qualifier as written in front matter.
pub fn qualifier_str(q: Qualifier) -> &'static str {
    match q {
        Qualifier::Exact => "exact",
        Qualifier::AtLeast => "at-least",
        Qualifier::MoreThan => "more-than",
        Qualifier::Nearly => "nearly",
        Qualifier::About => "about",
        Qualifier::Dozens => "dozens",
        Qualifier::Hundreds => "hundreds",
        Qualifier::Thousands => "thousands",
    }
}
