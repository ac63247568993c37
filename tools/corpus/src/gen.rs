//! The records of the corpus, as indices into one another, and the bodies.
//!
//! Everything is drawn from one PRNG in one fixed order, so the same n and
//! seed give the same records. The kinds, qualifiers, statuses and dates are
//! dossier's own types; references are indices until the output (`write`)
//! turns them into ids.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use dossier::domain::{ActorKind, Date, PlaceKind, Precision, Qualifier, Status};

use crate::rng::Rng;
use crate::vocab::*;

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

/// Lowercase ASCII slug: letters and digits, words joined by `-`, at most
/// `max` bytes (any script: `any_ascii` transliterates, as dossier does).
fn slug(s: &str, max: usize) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in any_ascii::any_ascii(s).chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            dash = true;
        }
        if out.len() >= max {
            break;
        }
    }
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

    // -- places -------------------------------------------------------------

    fn places(&mut self) {
        let total = (self.n / 50).max(10);
        let countries = (total / 10).clamp(3, COUNTRIES.len());
        let regions = (total * 2 / 10).max(2);
        let cities = (total * 4 / 10).max(3);
        let sites = total.saturating_sub(countries + regions + cities);
        let mut names = HashSet::new();

        for (name, _) in COUNTRIES.iter().take(countries) {
            let id = self.unique_id(format!("p-{}", slug(name, 40)));
            names.insert(name.to_string());
            let idx = self.places.len();
            self.places.push(Place {
                id,
                name: name.to_string(),
                kind: PlaceKind::Country,
                within: None,
                country: idx,
            });
        }
        let mut kz_regions = KZ_REGIONS.iter();
        let mut region_idx = Vec::new();
        for _ in 0..regions {
            let country = if self.rng.chance(0.7) {
                0
            } else {
                self.rng.below(countries)
            };
            let name = match (country, kz_regions.next()) {
                (0, Some(r)) => r.to_string(),
                _ => {
                    let cyr = self.rng.chance(0.5);
                    let base = self.gen_name(cyr);
                    if cyr {
                        format!("{base} облысы")
                    } else {
                        format!("{base} Region")
                    }
                }
            };
            let name = self.unique_name(&mut names, name);
            let id = self.unique_id(format!("p-{}", slug(&name, 40)));
            region_idx.push(self.places.len());
            self.places.push(Place {
                id,
                name,
                kind: PlaceKind::Region,
                within: Some(country),
                country,
            });
        }
        let mut kz_cities = KZ_CITIES.iter();
        let mut city_idx = Vec::new();
        for _ in 0..cities {
            let parent = if self.rng.chance(0.8) {
                *self.rng.pick(&region_idx)
            } else {
                self.rng.below(countries)
            };
            let country = self.places[parent].country;
            let name = match (country, kz_cities.next()) {
                (0, Some(c)) => c.to_string(),
                _ => {
                    let cyr = self.rng.chance(0.5);
                    self.gen_name(cyr)
                }
            };
            let name = self.unique_name(&mut names, name);
            let id = self.unique_id(format!("p-{}", slug(&name, 40)));
            city_idx.push(self.places.len());
            self.places.push(Place {
                id,
                name,
                kind: PlaceKind::City,
                within: Some(parent),
                country,
            });
        }
        for _ in 0..sites {
            let city = *self.rng.pick(&city_idx);
            let tpl = *self.rng.pick(&SITES);
            let k = self.rng.between(1, 12).to_string();
            let name = tpl
                .replace("{c}", &self.places[city].name)
                .replace("{k}", &k);
            let name = self.unique_name(&mut names, name);
            let id = self.unique_id(format!("p-{}", slug(&name, 48)));
            let country = self.places[city].country;
            self.places.push(Place {
                id,
                name,
                kind: PlaceKind::Site,
                within: Some(city),
                country,
            });
        }
    }

    fn unique_name(&mut self, names: &mut HashSet<String>, name: String) -> String {
        let mut candidate = name.clone();
        let mut k = 2;
        while !names.insert(candidate.clone()) {
            candidate = format!("{name} {k}");
            k += 1;
        }
        candidate
    }

    fn cities(&self) -> Vec<usize> {
        (0..self.places.len())
            .filter(|&i| self.places[i].kind == PlaceKind::City)
            .collect()
    }

    fn countries(&self) -> Vec<usize> {
        (0..self.places.len())
            .filter(|&i| self.places[i].kind == PlaceKind::Country)
            .collect()
    }

    // -- actors -------------------------------------------------------------

    fn push_actor(
        &mut self,
        name: String,
        kind: ActorKind,
        aliases: Vec<String>,
        country: Option<usize>,
    ) {
        let id = self.unique_id(format!("a-{}", slug(&name, 44)));
        let idx = self.actors.len();
        if claims(kind) {
            self.claimants.push(idx);
        }
        match kind {
            ActorKind::Media => self.media.push(idx),
            ActorKind::Person => self.persons.push(idx),
            _ => {}
        }
        self.actors.push(Actor {
            id,
            name,
            kind,
            aliases,
            country,
            bio: None,
        });
    }

    fn actors(&mut self) {
        let total = (self.n / 20).max(20);
        let countries = self.countries();
        let cities = self.cities();
        let mut names: HashSet<String> = HashSet::new();

        // The fixed cast first: media (also used as `via`), states, international organisations.
        for (i, (outlet, _, _, local)) in OUTLETS.iter().take((total / 4).clamp(3, 12)).enumerate()
        {
            let aliases = MEDIA_ALIASES[i].iter().map(|s| s.to_string()).collect();
            names.insert(outlet.to_string());
            self.push_actor(
                outlet.to_string(),
                ActorKind::Media,
                aliases,
                if *local { Some(0) } else { None },
            );
        }
        for &c in countries.iter().take(if total > 40 { 3 } else { 2 }) {
            let name = COUNTRIES[c].1.to_string();
            names.insert(name.clone());
            self.push_actor(
                name,
                ActorKind::State,
                vec![self.places[c].name.clone()],
                Some(c),
            );
        }
        let head = "Қасым-Жомарт Тоқаев".to_string();
        names.insert(head.clone());
        self.push_actor(
            head,
            ActorKind::Person,
            vec!["Kassym-Jomart Tokayev".into(), "Tokayev".into()],
            Some(0),
        );
        for (name, aliases) in INTL_ORGS.iter().take(if total > 40 { 5 } else { 2 }) {
            names.insert(name.to_string());
            self.push_actor(
                name.to_string(),
                ActorKind::InternationalOrg,
                aliases.iter().map(|s| s.to_string()).collect(),
                None,
            );
        }

        let mut rerolls = 0;
        while self.actors.len() < total {
            let country = if self.rng.chance(0.8) {
                0
            } else {
                *self.rng.pick(&countries)
            };
            let country_name = self.places[country].name.clone();
            let city_name = {
                let local: Vec<usize> = cities
                    .iter()
                    .copied()
                    .filter(|&c| self.places[c].country == country)
                    .collect();
                let pool = if local.is_empty() { &cities } else { &local };
                let c = *self.rng.pick(pool);
                self.places[c].name.clone()
            };
            let fill = |s: &str| s.replace("{C}", &country_name).replace("{c}", &city_name);
            let kind = self.rng.weighted(&[60, 14, 10, 16]);
            let (kind, name, aliases) = match kind {
                0 => {
                    let cyr = self.rng.chance(0.6);
                    let (first, last) = if cyr {
                        (*self.rng.pick(&CYR_FIRST), *self.rng.pick(&CYR_LAST))
                    } else {
                        (*self.rng.pick(&LAT_FIRST), *self.rng.pick(&LAT_LAST))
                    };
                    let mut name = format!("{first} {last}");
                    let mut tries = 0;
                    while names.contains(&name) && tries < 30 {
                        let initial = *self.rng.pick(&INITIALS);
                        name = format!("{first} {initial} {last}");
                        tries += 1;
                    }
                    let mut aliases = Vec::new();
                    if cyr {
                        aliases.push(any_ascii::any_ascii(&name));
                    }
                    if self.rng.chance(0.3) {
                        aliases.push(last.to_string());
                    }
                    (ActorKind::Person, name, aliases)
                }
                1 => {
                    let (tpl, al) = *self.rng.pick(&GOVERNMENTS);
                    (
                        ActorKind::Government,
                        fill(tpl),
                        al.iter().map(|a| fill(a)).collect(),
                    )
                }
                2 => {
                    let (tpl, al) = *self.rng.pick(&SECURITY);
                    (
                        ActorKind::SecurityForce,
                        fill(tpl),
                        al.iter().map(|a| fill(a)).collect(),
                    )
                }
                _ => (
                    ActorKind::Group,
                    fill(self.rng.pick::<&str>(&GROUPS_ACTORS[..])),
                    Vec::new(),
                ),
            };
            if kind != ActorKind::Person && names.contains(&name) && rerolls < 20 {
                rerolls += 1;
                continue;
            }
            rerolls = 0;
            let name = self.unique_name(&mut names, name);
            let country = if self.rng.chance(0.9) {
                Some(country)
            } else {
                None
            };
            self.push_actor(name, kind, aliases, country);
        }
    }

    // -- sources ------------------------------------------------------------

    fn sources(&mut self) {
        let total = (self.n / 2).max(10);
        let places: Vec<usize> = (0..self.places.len()).collect();
        for j in 0..total {
            let day = START + (j as i64 * SPAN) / total as i64;
            let (outlet, domain, usual, _) = *self.rng.pick(&OUTLETS);
            let language = if self.rng.chance(0.7) {
                usual
            } else {
                *self.rng.pick(&["en", "ru", "kk"])
            };
            let tpl = match language {
                "ru" => *self.rng.pick(&SOURCE_TITLES_RU),
                "kk" => *self.rng.pick(&SOURCE_TITLES_KK),
                _ => *self.rng.pick(&SOURCE_TITLES_EN),
            };
            let p = *self.rng.pick(&places);
            let a = self.rng.below(self.actors.len());
            let n = self.rng.between(3, 400).to_string();
            let m = MEASURES[self.rng.weighted(&MEASURE_WEIGHTS)];
            let title = tpl
                .replace("{P}", &self.places[p].name)
                .replace("{A}", &self.actors[a].name)
                .replace("{N}", &n)
                .replace("{M}", m);
            let date = self.calendar.day(day).0;
            let id = self.unique_id(format!("s-{}-{date}", slug(outlet, 24)));
            let (y, mo, d) = (date.year(), date.month(), date.day());
            let url = format!("https://{domain}/{y}/{mo:02}/{d:02}/{}", slug(&title, 60));
            let archive_url = if self.rng.chance(0.15) {
                Some(format!(
                    "https://web.archive.org/web/{y}{mo:02}{d:02}120000/{url}"
                ))
            } else {
                None
            };
            let reliability = if self.rng.chance(0.85) {
                Some(['A', 'B', 'C', 'D', 'E', 'F'][self.rng.weighted(&[10, 35, 30, 15, 5, 5])])
            } else {
                None
            };
            let url = if self.rng.chance(0.95) {
                url
            } else {
                String::new()
            };
            self.sources.push(Source {
                id,
                title,
                outlet,
                published: day,
                url,
                archive_url,
                language,
                reliability,
            });
        }
        // Short profiles for some actors, citing a source.
        for a in 0..self.actors.len() {
            if self.rng.chance(0.5) {
                let s = self.rng.below(self.sources.len());
                let c = self.actors[a]
                    .country
                    .map(|c| format!(" Based in [[{}]].", self.places[c].id))
                    .unwrap_or_default();
                self.actors[a].bio = Some(format!(
                    "Profile compiled from public reporting, first cited in [[{}]].{c}\n",
                    self.sources[s].id
                ));
            }
        }
    }

    // -- briefings ----------------------------------------------------------

    fn briefings(&mut self) {
        let n = self.n;
        let nsrc = self.sources.len();
        let non_countries: Vec<usize> = (0..self.places.len())
            .filter(|&i| self.places[i].kind != PlaceKind::Country)
            .collect();
        let all_places: Vec<usize> = (0..self.places.len()).collect();
        let all_actors: Vec<usize> = (0..self.actors.len()).collect();

        // Pass 1: dates, references, titles and ids, so bodies can link to any briefing.
        for i in 0..n {
            let date = START + (i as i64 * SPAN) / n as i64;
            let na = self.rng.between(1, 4);
            let mut actors = self.rng.choose(&all_actors, na);
            if !actors.iter().any(|&a| claims(self.actors[a].kind)) {
                actors[0] = *self.rng.pick(&self.claimants);
            }
            let np = self.rng.between(1, 3);
            let places = if self.rng.chance(0.85) {
                self.rng.choose(&non_countries, np)
            } else {
                self.rng.choose(&all_places, np)
            };
            // Sources published on or before the briefing's date, mostly recent ones.
            let hi = (i * nsrc / n.max(1)).min(nsrc - 1);
            let lo = hi.saturating_sub((nsrc * 10 / SPAN as usize).max(3));
            let window: Vec<usize> = (lo..=hi).collect();
            let ns = self.rng.between(1, 3);
            let sources = self.rng.choose(&window, ns);
            let nt = self.rng.between(1, 4);
            let tags = self.rng.choose(&TAGS, nt);
            let ctx = Ctx {
                actors: &actors,
                places: &places,
                sources: &sources,
                date,
                self_index: i,
                named: &[],
                link: 0.0,
            };
            let tpl = *self.rng.pick(&HEADLINES);
            let title = self.fill(tpl, &ctx);
            let tpl = *self.rng.pick(&SUMMARIES);
            let summary = self.fill(tpl, &ctx);
            let id = self.unique_id(format!(
                "b-{}-{}",
                self.calendar.day(date).iso(),
                slug(&title, 40)
            ));
            self.briefings.push(Briefing {
                id,
                title,
                date,
                summary,
                tags,
                actors,
                places,
                sources,
                events: Vec::new(),
                figures: Vec::new(),
                quotes: Vec::new(),
                body: String::new(),
            });
        }

        // Files are read in (date, id) order by any sensible loader: define figures in
        // that order, so `supersedes`/`relay_of` always point backwards whichever
        // order a reader uses.
        self.briefings
            .sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));

        // Pass 2: figures, events, quotes and the body.
        for i in 0..n {
            let actors = self.briefings[i].actors.clone();
            let places = self.briefings[i].places.clone();
            let sources = self.briefings[i].sources.clone();
            let date = self.briefings[i].date;

            let nf = self.rng.weighted(&[25, 20, 20, 15, 10, 10]);
            let figures: Vec<usize> = (0..nf)
                .map(|k| self.figure(i, k, &actors, &places, &sources, date))
                .collect();

            let ne = self.rng.between(0, 3);
            let mut events = Vec::new();
            for _ in 0..ne {
                let place = *self.rng.pick(&places);
                let k = self.rng.between(1, 2);
                let ev_sources = self.rng.choose(&sources, k);
                // An event happened on or before the day its sources reported it.
                let reported = ev_sources
                    .iter()
                    .map(|&s| self.sources[s].published)
                    .min()
                    .unwrap();
                let back = self.rng.between(0, 3) as i64;
                let ev_date = (reported - back).max(START);
                let tpl = *self.rng.pick(&EVENT_TITLES);
                let title = tpl.replace("{P}", &self.places[place].name);
                let time = if self.rng.chance(0.6) {
                    Some(*self.rng.pick(&EVENT_TIMES))
                } else {
                    None
                };
                events.push(Event {
                    date: ev_date,
                    time,
                    place,
                    title,
                    sources: ev_sources,
                });
            }

            let nq = self.rng.weighted(&[50, 35, 15]);
            let mut quotes = Vec::new();
            for _ in 0..nq {
                let speakers: Vec<usize> = actors
                    .iter()
                    .copied()
                    .filter(|&a| self.actors[a].kind != ActorKind::Media)
                    .collect();
                let actor = if speakers.is_empty() {
                    *self.rng.pick(&self.persons)
                } else {
                    *self.rng.pick(&speakers)
                };
                let source = *self.rng.pick(&sources);
                let back = self.rng.between(0, 2) as i64;
                quotes.push(Quote {
                    actor,
                    date: (self.sources[source].published - back).max(START),
                    text: self.rng.pick::<&str>(&QUOTES),
                    source,
                });
            }

            let body = self.body(i, &actors, &places, &sources, &figures, &events, &quotes);
            let b = &mut self.briefings[i];
            b.figures = figures;
            b.events = events;
            b.quotes = quotes;
            b.body = body;
        }
    }

    fn claimant(&mut self, actors: &[usize]) -> usize {
        let local: Vec<usize> = actors
            .iter()
            .copied()
            .filter(|&a| claims(self.actors[a].kind))
            .collect();
        if !local.is_empty() && self.rng.chance(0.85) {
            *self.rng.pick(&local)
        } else {
            *self.rng.pick(&self.claimants)
        }
    }

    fn via(&mut self, claimant: usize) -> Vec<usize> {
        if !self.rng.chance(0.25) {
            return Vec::new();
        }
        let k = self.rng.between(1, 2);
        let pool: Vec<usize> = self
            .media
            .iter()
            .copied()
            .filter(|&m| m != claimant)
            .collect();
        self.rng.choose(&pool, k)
    }

    /// Qualifier and count/min/max for a value.
    fn shape(&mut self, v: u64) -> (Qualifier, Option<u64>, Option<u64>, Option<u64>) {
        match self.rng.weighted(&[30, 15, 10, 7, 13, 10, 8, 7]) {
            0 => (Qualifier::Exact, Some(v), None, None),
            1 => (Qualifier::AtLeast, Some(v), None, None),
            2 => (Qualifier::MoreThan, Some(v), None, None),
            3 => (Qualifier::Nearly, Some(v), None, None),
            4 => (Qualifier::About, Some(v), None, None),
            5 if v >= 24 => match v {
                24..=199 => (Qualifier::Dozens, None, Some(24), None),
                200..=1999 => (Qualifier::Hundreds, None, Some(200), None),
                _ => (Qualifier::Thousands, None, Some(2000), None),
            },
            5 => (Qualifier::About, Some(v), None, None),
            6 => {
                let lo = (v * 4 / 5).max(1);
                let hi = (v * 5 / 4).max(lo + 1);
                (Qualifier::About, None, Some(lo), Some(hi))
            }
            _ => {
                if self.rng.chance(0.5) {
                    (Qualifier::AtLeast, None, Some(v), None)
                } else {
                    (Qualifier::Nearly, None, None, Some(v.max(2)))
                }
            }
        }
    }

    fn figure(
        &mut self,
        bi: usize,
        k: usize,
        actors: &[usize],
        places: &[usize],
        sources: &[usize],
        date: i64,
    ) -> usize {
        let fi = self.figures.len();
        let credibility = if self.rng.chance(0.5) {
            Some(self.rng.between(1, 6) as u8)
        } else {
            None
        };
        let note = if self.rng.chance(0.2) {
            Some(*self.rng.pick(&NOTES))
        } else {
            None
        };
        let has_id = self.rng.chance(0.88);

        // A relay: repeats an earlier figure and adds no data. Its source must be
        // published no earlier than the date the original claim speaks for.
        let relay = if !self.with_id.is_empty() && self.rng.chance(0.15) {
            let recent = self.with_id.len().min(300);
            let target = self.with_id[self.with_id.len() - 1 - self.rng.below(recent)];
            let as_of = self.figures[target].as_of;
            let fit: Vec<usize> = sources
                .iter()
                .copied()
                .filter(|&s| self.sources[s].published >= as_of)
                .collect();
            if fit.is_empty() {
                None
            } else {
                Some((target, *self.rng.pick(&fit)))
            }
        } else {
            None
        };

        let mut fig = if let Some((target, source)) = relay {
            let t = self.figures[target].clone();
            let via = {
                let v = self.via(t.claimed_by);
                if v.is_empty() {
                    vec![*self.rng.pick(&self.media)]
                } else {
                    v
                }
            };
            Figure {
                id: None,
                source,
                via,
                status: Status::Current,
                supersedes: None,
                relay_of: Some(target),
                credibility,
                note: Some("Repeats the original claim without new data."),
                ..t
            }
        } else {
            let measure = self.rng.weighted(&MEASURE_WEIGHTS);
            let group = self.rng.weighted(&FIG_GROUP_WEIGHTS);
            // Supersede the latest current figure for the same measure and group,
            // when one of this briefing's sources is recent enough to report it.
            let old = match self.current.get(&(measure, group)) {
                Some(pool) if !pool.is_empty() && self.rng.chance(0.3) => {
                    let o = *pool.last().unwrap();
                    let after = self.figures[o].as_of;
                    sources
                        .iter()
                        .any(|&s| self.sources[s].published >= after)
                        .then_some(o)
                }
                _ => None,
            };
            let source = match old {
                Some(o) => {
                    let after = self.figures[o].as_of;
                    let fit: Vec<usize> = sources
                        .iter()
                        .copied()
                        .filter(|&s| self.sources[s].published >= after)
                        .collect();
                    *self.rng.pick(&fit)
                }
                None => *self.rng.pick(sources),
            };
            // The claim speaks for the day its source was published, or a day or two before.
            let published = self.sources[source].published;
            let as_of = (published - self.rng.between(0, 2) as i64).clamp(START, date);
            let (value, place, claimed_by, as_of) = match old {
                Some(o) => {
                    self.current.get_mut(&(measure, group)).unwrap().pop();
                    self.figures[o].status = Status::Superseded;
                    let of = &self.figures[o];
                    let grow = 1.0 + self.rng.unit() * 0.8;
                    let value = (of.value as f64 * grow).round() as u64 + self.rng.below(5) as u64;
                    let (place, prev_claimant, prev_as_of) = (of.place, of.claimed_by, of.as_of);
                    let claimed_by = if self.rng.chance(0.6) {
                        prev_claimant
                    } else {
                        self.claimant(actors)
                    };
                    (value, place, claimed_by, as_of.max(prev_as_of))
                }
                None => {
                    let (lo, hi) = MEASURE_SCALE[measure];
                    let value = (lo * (hi / lo).powf(self.rng.unit())).round().max(1.0) as u64;
                    let place = Some(*self.rng.pick(places));
                    (value, place, self.claimant(actors), as_of)
                }
            };
            let place = self.whole_or_part(measure, group, claimed_by, as_of, place, places);
            let (qualifier, count, min, max) = self.shape(value);
            let status = if old.is_some() {
                if self.rng.chance(0.9) {
                    Status::Current
                } else {
                    Status::Disputed
                }
            } else {
                [Status::Current, Status::Disputed, Status::Retracted]
                    [self.rng.weighted(&[84, 11, 5])]
            };
            let note = if status == Status::Retracted {
                Some(*self.rng.pick(&RETRACTIONS))
            } else {
                note
            };
            let words = if self.rng.chance(0.4) {
                Some(
                    self.rng
                        .pick(WORDS[measure])
                        .replace("{n}", &value.to_string()),
                )
            } else {
                None
            };
            Figure {
                id: None,
                measure,
                group,
                value,
                count,
                min,
                max,
                qualifier,
                as_of,
                place,
                claimed_by,
                source,
                via: self.via(claimed_by),
                words,
                status,
                supersedes: old,
                relay_of: None,
                credibility,
                note,
            }
        };
        let is_relay = fig.relay_of.is_some();
        // A figure that supersedes another gets an id too, so the chain can go on;
        // only figures with an id can be superseded or relayed.
        if has_id || fig.supersedes.is_some() {
            let base = format!("f-{}-{bi}-{k}", MEASURES[fig.measure]);
            fig.id = Some(self.unique_id(base));
            self.with_id.push(fi);
            if fig.status == Status::Current && !is_relay {
                self.current
                    .entry((fig.measure, fig.group))
                    .or_default()
                    .push(fi);
            }
        }
        self.figures.push(fig);
        fi
    }

    /// Where a figure counts: `wanted` if the same claimant has not counted
    /// there, that day, the other side of a whole and its parts (`all`
    /// against a group), else another of the briefing's places, else none.
    /// A part and its whole by one claimant on one day are not drawn apart,
    /// so a part could be above its whole, which `dossier check` rejects.
    fn whole_or_part(
        &mut self,
        measure: usize,
        group: usize,
        claimant: usize,
        as_of: i64,
        wanted: Option<usize>,
        places: &[usize],
    ) -> Option<usize> {
        let whole = FIG_GROUPS[group].0 == "all";
        let candidates = std::iter::once(wanted)
            .chain(places.iter().map(|&p| Some(p)))
            .chain([None]);
        let mut chosen = wanted;
        for place in candidates {
            let (wholes, parts) = self
                .counted
                .get(&(measure, claimant, as_of, place))
                .copied()
                .unwrap_or((false, false));
            if (whole && !parts) || (!whole && !wholes) {
                chosen = place;
                break;
            }
        }
        let e = self
            .counted
            .entry((measure, claimant, as_of, chosen))
            .or_default();
        if whole {
            e.0 = true;
        } else {
            e.1 = true;
        }
        chosen
    }

    // -- text ---------------------------------------------------------------

    fn actor_ref(&mut self, a: usize, link: f64) -> String {
        if self.rng.chance(link) {
            format!("[[{}]]", self.actors[a].id)
        } else {
            self.actors[a].name.clone()
        }
    }

    /// A source as prose cites it: a wiki link, a Markdown link to its URL,
    /// or its outlet's name.
    fn source_ref(&mut self, s: usize, link: f64) -> String {
        let src = &self.sources[s];
        let r = self.rng.unit();
        if r < link {
            format!("[[{}]]", src.id)
        } else if r < link + 0.2 && !src.url.is_empty() && link > 0.0 {
            format!("[{}]({})", src.outlet, src.url)
        } else if link > 0.0 {
            format!("*{}*", src.outlet)
        } else {
            src.outlet.to_string()
        }
    }

    fn place_ref(&mut self, p: usize, link: f64) -> String {
        if self.rng.chance(link) {
            format!("[[{}]]", self.places[p].id)
        } else {
            self.places[p].name.clone()
        }
    }

    fn fill(&mut self, tpl: &str, ctx: &Ctx) -> String {
        let mut out = String::with_capacity(tpl.len() + 64);
        let mut rest = tpl;
        let mut last_actor = None;
        // The figure a template names ({F}), its claimant ({C}) and source
        // ({R}): one figure, whichever slot comes first.
        let figure = tpl.contains("{F}").then(|| *self.rng.pick(ctx.named));
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let close = open + rest[open..].find('}').expect("unclosed slot in template");
            let slot = &rest[open + 1..close];
            rest = &rest[close + 1..];
            let s = match slot {
                "A" => {
                    let mut a = if self.rng.chance(0.8) {
                        *self.rng.pick(ctx.actors)
                    } else {
                        self.rng.below(self.actors.len())
                    };
                    if last_actor == Some(a) {
                        a = (a + 1 + self.rng.below(self.actors.len() - 1)) % self.actors.len();
                    }
                    last_actor = Some(a);
                    self.actor_ref(a, ctx.link)
                }
                "P" => {
                    let p = if self.rng.chance(0.85) {
                        *self.rng.pick(ctx.places)
                    } else {
                        self.rng.below(self.places.len())
                    };
                    self.place_ref(p, ctx.link)
                }
                "S" => {
                    let s = *self.rng.pick(ctx.sources);
                    self.source_ref(s, ctx.link)
                }
                "B" => {
                    if self.n < 2 {
                        "an earlier briefing".to_string()
                    } else {
                        // Mostly earlier briefings, sometimes a later one.
                        let mut b = if ctx.self_index > 0 && self.rng.chance(0.8) {
                            let back = self.rng.between(1, ctx.self_index.min(200));
                            ctx.self_index - back
                        } else {
                            self.rng.below(self.n)
                        };
                        if b == ctx.self_index {
                            b = (b + 1) % self.n;
                        }
                        format!("[[{}]]", self.briefings[b].id)
                    }
                }
                "N" => self.rng.between(2, 500).to_string(),
                "K" => self.rng.between(2, 9).to_string(),
                "D" => {
                    let day = (ctx.date - self.rng.between(0, 3) as i64).max(START);
                    self.calendar.day(day).long()
                }
                "M" => MEASURES[self.rng.weighted(&MEASURE_WEIGHTS)].to_string(),
                "G" => FIG_GROUPS[self.rng.weighted(&FIG_GROUP_WEIGHTS)]
                    .1
                    .to_string(),
                "O" => self.rng.pick(&OUTLETS).0.to_string(),
                "C" => {
                    let f = figure.expect("{C} goes with {F}");
                    self.actor_ref(self.figures[f].claimed_by, ctx.link)
                }
                "R" => {
                    let f = figure.expect("{R} goes with {F}");
                    self.source_ref(self.figures[f].source, ctx.link)
                }
                "F" => {
                    // As the ledger words it, or in the editor's words.
                    let f = &self.figures[figure.expect("a template with {F}")];
                    let id = f.id.as_deref().expect("a named figure has an id");
                    if self.rng.chance(0.5) {
                        format!("[[{id}]]")
                    } else {
                        format!("[[{id}|{}]]", f.prose())
                    }
                }
                other => panic!("unknown slot {{{other}}}"),
            };
            out.push_str(&s);
        }
        out.push_str(rest);
        out
    }

    /// A template of `pool` whose slots the briefing can fill: one that
    /// names a figure only when the briefing has a figure with an id.
    fn template(&mut self, pool: &[&'static str], ctx: &Ctx) -> &'static str {
        loop {
            let tpl = *self.rng.pick(pool);
            if !tpl.contains("{F}") || !ctx.named.is_empty() {
                return tpl;
            }
        }
    }

    fn paragraph(&mut self, ctx: &Ctx) -> String {
        let ns = self.rng.between(3, 6);
        let mut p = String::new();
        for k in 0..ns {
            if k > 0 {
                p.push(' ');
            }
            let s = if self.rng.chance(0.65) {
                let tpl = self.template(&SENTENCES, ctx);
                self.fill(tpl, ctx)
            } else {
                self.rng.pick(&FILLERS).to_string()
            };
            p.push_str(&s);
        }
        p.push('\n');
        p
    }

    #[allow(clippy::too_many_arguments)]
    fn body(
        &mut self,
        i: usize,
        actors: &[usize],
        places: &[usize],
        sources: &[usize],
        figures: &[usize],
        events: &[Event],
        quotes: &[Quote],
    ) -> String {
        let date = self.briefings[i].date;
        let named: Vec<usize> = figures
            .iter()
            .copied()
            .filter(|&f| self.figures[f].id.is_some())
            .collect();
        let ctx = Ctx {
            actors,
            places,
            sources,
            date,
            self_index: i,
            named: &named,
            link: 0.5,
        };
        let np = self.rng.between(3, 8);
        let list_at = self.rng.between(1, np - 1);
        let table_at = if self.rng.chance(0.4) {
            Some(self.rng.between(1, np - 1))
        } else {
            None
        };
        let mut body = String::with_capacity(4096);
        for k in 0..np {
            if k > 0 && self.rng.chance(0.3) {
                let _ = writeln!(body, "## {}\n", self.rng.pick(&HEADINGS));
            }
            body.push_str(&self.paragraph(&ctx));
            body.push('\n');
            if k == list_at {
                let items = self.rng.between(3, 6);
                let ordered = self.rng.chance(0.25);
                for j in 0..items {
                    let tpl = self.template(&LIST_ITEMS, &ctx);
                    let item = self.fill(tpl, &ctx);
                    if ordered {
                        let _ = writeln!(body, "{}. {item}", j + 1);
                    } else {
                        let _ = writeln!(body, "- {item}");
                    }
                }
                body.push('\n');
            }
            if table_at == Some(k) {
                if !figures.is_empty() {
                    body.push_str("| As of | Measure | Group | Figure | Claimed by | Source |\n|---|---|---|---:|---|---|\n");
                    for &f in figures {
                        let fig = &self.figures[f];
                        let _ = writeln!(
                            body,
                            "| {} | {} | {} | {} | [[{}]] | [[{}]] |",
                            self.calendar.day(fig.as_of).iso(),
                            MEASURES[fig.measure],
                            FIG_GROUPS[fig.group].0,
                            fig.display(),
                            self.actors[fig.claimed_by].id,
                            self.sources[fig.source].id
                        );
                    }
                } else {
                    body.push_str("| Date | Place | What happened |\n|---|---|---|\n");
                    let rows = self.rng.between(2, 4);
                    for _ in 0..rows {
                        let p = *self.rng.pick(places);
                        let d = (date - self.rng.between(0, 5) as i64).max(START);
                        let what = self
                            .rng
                            .pick(&EVENT_TITLES)
                            .replace("{P}", &self.places[p].name);
                        let _ = writeln!(
                            body,
                            "| {} | [[{}]] | {what} |",
                            self.calendar.day(d).iso(),
                            self.places[p].id
                        );
                    }
                }
                body.push('\n');
            }
        }
        if let Some(q) = quotes.first() {
            let _ = writeln!(
                body,
                "> {}\n>\n> — [[{}]], {}\n",
                q.text,
                self.actors[q.actor].id,
                self.calendar.day(q.date).long()
            );
        }
        if !events.is_empty() && self.rng.chance(0.5) {
            let _ = writeln!(body, "The timeline for this briefing lists {} event(s); see [[{}]] for the wider picture.\n", events.len(), self.places[places[0]].id);
        }
        body
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
