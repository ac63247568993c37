//! The briefings: dates, references and titles first (so that a body can
//! link to any briefing), then, in (date, id) order, each one's figures,
//! events, quotes and body. Figures supersede and relay only figures
//! defined before them, so there are no cycles.

use super::*;

impl Gen {
    pub(super) fn briefings(&mut self) {
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

    pub(super) fn claimant(&mut self, actors: &[usize]) -> usize {
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

    pub(super) fn via(&mut self, claimant: usize) -> Vec<usize> {
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
    pub(super) fn shape(&mut self, v: u64) -> (Qualifier, Option<u64>, Option<u64>, Option<u64>) {
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

    pub(super) fn figure(
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
    pub(super) fn whole_or_part(
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
}
