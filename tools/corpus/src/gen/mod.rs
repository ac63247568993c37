//! The records of the corpus, as indices into one another, and the bodies.
//!
//! Everything is drawn from one PRNG in one fixed order, so the same n and
//! seed give the same records. The kinds, qualifiers, statuses and dates are
//! dossier's own types; references are indices until the output (`write`)
//! turns them into ids.
//!
//! `cast` makes what briefings refer to (places, actors, sources), in that
//! order, each drawing on the ones before; `briefings` the briefings with
//! their figures, events and quotes; `prose` their bodies, from the
//! templates of `vocab`.

use std::collections::{HashMap, HashSet};

use dossier::domain::{ActorKind, Date, PlaceKind, Precision, Qualifier, Status};

use crate::rng::Rng;
use crate::vocab::*;

mod briefings;
mod cast;
mod prose;

/// Days are counted from the corpus's first day, 2022-01-01, and the corpus
/// spans `SPAN` of them (about two years); every date drawn is in `0..SPAN`.
pub(crate) const START: i64 = 0;
pub(crate) const SPAN: i64 = 730;

/// The `SPAN` days of the corpus as dossier dates, made once.
pub(crate) struct Calendar(Vec<Date>);

impl Calendar {
    fn new() -> Calendar {
        let first = jiff::civil::date(2022, 1, 1);
        Calendar(
            first
                .series(jiff::Span::new().days(1))
                .take(SPAN as usize)
                .map(|d| Date(d, Precision::Day))
                .collect(),
        )
    }

    pub(crate) fn day(&self, day: i64) -> Date {
        self.0[day as usize]
    }
}

/// Media report claims; they do not make them.
fn claims(kind: ActorKind) -> bool {
    kind != ActorKind::Media
}

/// dossier's own slug (`slug::slugify`: any script, lowercase ASCII words
/// joined by `-`), cut to at most `max` bytes.
fn slug(s: &str, max: usize) -> String {
    let mut out = dossier::slug::slugify(s);
    out.truncate(max);
    while out.ends_with('-') {
        out.pop();
    }
    out
}

fn capitalize(s: &str) -> String {
    let mut cs = s.chars();
    match cs.next() {
        Some(f) => f.to_uppercase().chain(cs).collect(),
        None => String::new(),
    }
}

pub(crate) struct Place {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) kind: PlaceKind,
    pub(crate) within: Option<usize>,
    pub(crate) country: usize,
}

pub(crate) struct Actor {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) kind: ActorKind,
    pub(crate) aliases: Vec<String>,
    pub(crate) country: Option<usize>,
    pub(crate) bio: Option<String>,
}

pub(crate) struct Source {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) outlet: &'static str,
    pub(crate) published: i64,
    pub(crate) url: String,
    pub(crate) archive_url: Option<String>,
    pub(crate) language: &'static str,
    pub(crate) reliability: Option<char>,
}

pub(crate) struct Event {
    pub(crate) date: i64,
    pub(crate) time: Option<&'static str>,
    pub(crate) place: usize,
    pub(crate) title: String,
    pub(crate) sources: Vec<usize>,
}

pub(crate) struct Quote {
    pub(crate) actor: usize,
    pub(crate) date: i64,
    pub(crate) text: &'static str,
    pub(crate) source: usize,
}

#[derive(Clone)]
pub(crate) struct Figure {
    pub(crate) id: Option<String>,
    pub(crate) measure: usize,
    pub(crate) group: usize,
    pub(crate) value: u64,
    pub(crate) count: Option<u64>,
    pub(crate) min: Option<u64>,
    pub(crate) max: Option<u64>,
    pub(crate) qualifier: Qualifier,
    pub(crate) as_of: i64,
    pub(crate) place: Option<usize>,
    pub(crate) claimed_by: usize,
    pub(crate) source: usize,
    pub(crate) via: Vec<usize>,
    pub(crate) words: Option<String>,
    pub(crate) status: Status,
    pub(crate) supersedes: Option<usize>,
    pub(crate) relay_of: Option<usize>,
    pub(crate) credibility: Option<u8>,
    pub(crate) note: Option<&'static str>,
}

impl Figure {
    /// The number as a table cell shows it: `48`, `38–60`, `at least 48`.
    fn display(&self) -> String {
        match (self.count, self.min, self.max) {
            (Some(c), _, _) => c.to_string(),
            (None, Some(lo), Some(hi)) => format!("{lo}–{hi}"),
            (None, Some(lo), None) => format!("at least {lo}"),
            (None, None, Some(hi)) => format!("up to {hi}"),
            (None, None, None) => "?".to_string(),
        }
    }

    /// The claim in an editor's words, for `[[id|words]]`: "about 48
    /// protesters killed".
    fn prose(&self) -> String {
        let n = match (self.qualifier, self.count, self.min, self.max) {
            (Qualifier::Dozens, ..) => "dozens of".to_string(),
            (Qualifier::Hundreds, ..) => "hundreds of".to_string(),
            (Qualifier::Thousands, ..) => "thousands of".to_string(),
            (q, Some(c), _, _) => format!("{}{c}", qualifier_words(q)),
            (q, None, Some(lo), Some(hi)) => format!("{}{lo} to {hi}", qualifier_words(q)),
            (_, None, Some(lo), None) => format!("at least {lo}"),
            (_, None, None, Some(hi)) => format!("up to {hi}"),
            (_, None, None, None) => "an unknown number of".to_string(),
        };
        format!(
            "{n} {} {}",
            FIG_GROUPS[self.group].1, MEASURES[self.measure]
        )
    }
}

fn qualifier_words(q: Qualifier) -> &'static str {
    match q {
        Qualifier::AtLeast => "at least ",
        Qualifier::MoreThan => "more than ",
        Qualifier::Nearly => "nearly ",
        Qualifier::About => "about ",
        _ => "",
    }
}

pub(crate) struct Briefing {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) date: i64,
    pub(crate) summary: String,
    pub(crate) tags: Vec<&'static str>,
    pub(crate) actors: Vec<usize>,
    pub(crate) places: Vec<usize>,
    pub(crate) sources: Vec<usize>,
    pub(crate) events: Vec<Event>,
    pub(crate) figures: Vec<usize>,
    pub(crate) quotes: Vec<Quote>,
    pub(crate) body: String,
}

pub(crate) struct Gen {
    pub(crate) n: usize,
    pub(crate) rng: Rng,
    pub(crate) calendar: Calendar,
    pub(crate) ids: HashSet<String>,
    pub(crate) places: Vec<Place>,
    pub(crate) actors: Vec<Actor>,
    pub(crate) sources: Vec<Source>,
    pub(crate) briefings: Vec<Briefing>,
    pub(crate) figures: Vec<Figure>,
    /// Actor indices by role.
    pub(crate) claimants: Vec<usize>,
    pub(crate) media: Vec<usize>,
    pub(crate) persons: Vec<usize>,
    /// Figures with an id (possible `relay_of` targets), in definition order.
    pub(crate) with_id: Vec<usize>,
    /// Current figures with an id per (measure, group): possible `supersedes` targets.
    pub(crate) current: HashMap<(usize, usize), Vec<usize>>,
    /// Whether a claimant counted the whole (`all`) and whether a part, per
    /// (measure, claimant, as-of day, place): see `whole_or_part`.
    pub(crate) counted: HashMap<Counting, (bool, bool)>,
}

/// Who counted what, when and where: (measure, claimant, as-of day, place).
pub(crate) type Counting = (usize, usize, i64, Option<usize>);

/// Context for filling a template inside one briefing.
struct Ctx<'a> {
    actors: &'a [usize],
    places: &'a [usize],
    sources: &'a [usize],
    date: i64,
    self_index: usize,
    /// The briefing's figures with an id, which prose may name (`{F}`).
    named: &'a [usize],
    /// Probability that an actor/place/source slot becomes a `[[id]]` wiki link.
    link: f64,
}

impl Gen {
    /// Every record of a corpus of `n` briefings.
    pub(crate) fn run(n: usize, seed: u64) -> Gen {
        let mut g = Gen::new(n, seed);
        g.places();
        g.actors();
        g.sources();
        g.briefings();
        g
    }

    fn new(n: usize, seed: u64) -> Gen {
        Gen {
            n,
            rng: Rng::new(seed),
            calendar: Calendar::new(),
            ids: HashSet::new(),
            places: Vec::new(),
            actors: Vec::new(),
            sources: Vec::new(),
            briefings: Vec::with_capacity(n),
            figures: Vec::new(),
            claimants: Vec::new(),
            media: Vec::new(),
            persons: Vec::new(),
            with_id: Vec::new(),
            current: HashMap::new(),
            counted: HashMap::new(),
        }
    }

    /// `base` (already a slug) made unique across every id in the dossier.
    fn unique_id(&mut self, base: String) -> String {
        let mut id = base.clone();
        let mut k = 2;
        while !self.ids.insert(id.clone()) {
            id = format!("{base}-{k}");
            k += 1;
        }
        id
    }

    fn gen_name(&mut self, cyrillic: bool) -> String {
        let parts = self.rng.between(2, 3);
        let mut s = String::new();
        for _ in 0..parts {
            if cyrillic {
                s.push_str(self.rng.pick::<&str>(&SYLLABLES_CYR[..]));
            } else {
                s.push_str(self.rng.pick::<&str>(&SYLLABLES_LAT[..]));
            }
        }
        capitalize(&s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A claimant's whole and its parts, one measure, one day: never at
    /// the same place, so no part can be above its whole.
    #[test]
    fn a_whole_and_its_parts_are_counted_apart() {
        let all = FIG_GROUPS.iter().position(|g| g.0 == "all").unwrap();
        let part = FIG_GROUPS.iter().position(|g| g.0 == "civilians").unwrap();
        let mut g = Gen::new(10, 1);
        let at = |g: &mut Gen, group| g.whole_or_part(0, group, 3, 5, Some(1), &[1, 2]);
        assert_eq!(at(&mut g, all), Some(1));
        assert_eq!(at(&mut g, part), Some(2), "the part moves");
        assert_eq!(at(&mut g, part), Some(2), "parts may share a place");
        assert_eq!(at(&mut g, all), Some(1), "so may wholes");
        // Another day, another claimant or another measure: no constraint.
        assert_eq!(g.whole_or_part(0, part, 3, 6, Some(1), &[1, 2]), Some(1));
        assert_eq!(g.whole_or_part(0, part, 4, 5, Some(1), &[1, 2]), Some(1));
        assert_eq!(g.whole_or_part(1, part, 3, 5, Some(1), &[1, 2]), Some(1));
    }

    #[test]
    fn prose_gives_a_figure_in_an_editors_words() {
        let g = Gen::run(30, 3);
        let words: Vec<String> = g.figures.iter().map(Figure::prose).collect();
        assert!(words
            .iter()
            .all(|w| MEASURES.iter().any(|m| w.ends_with(m))));
        assert!(words.iter().any(|w| w.starts_with("about ")));
    }
}
