//! What briefings refer to: places (country › region › city › site),
//! actors of every kind, and sources, each drawing on the ones before.

use super::*;

impl Gen {
    pub(super) fn places(&mut self) {
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

    pub(super) fn unique_name(&mut self, names: &mut HashSet<String>, name: String) -> String {
        let mut candidate = name.clone();
        let mut k = 2;
        while !names.insert(candidate.clone()) {
            candidate = format!("{name} {k}");
            k += 1;
        }
        candidate
    }

    pub(super) fn cities(&self) -> Vec<usize> {
        (0..self.places.len())
            .filter(|&i| self.places[i].kind == PlaceKind::City)
            .collect()
    }

    pub(super) fn countries(&self) -> Vec<usize> {
        (0..self.places.len())
            .filter(|&i| self.places[i].kind == PlaceKind::Country)
            .collect()
    }

    pub(super) fn push_actor(
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

    pub(super) fn actors(&mut self) {
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

    pub(super) fn sources(&mut self) {
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
}
