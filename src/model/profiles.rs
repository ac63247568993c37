//! Records with a file of their own: actors, places, sources, the home page.
//!
//! Each profile's references are checked as it is read (step 2 of
//! `model::build`); once the briefings are read too, the actors and places
//! they name without a profile get a generated one (step 5), so that every
//! name on a page has a page.

use std::collections::BTreeMap;

use super::records::{Actor, Home, Origin, Place, Revisions, Source};
use super::refs::Refs;
use crate::config::{humanize, Config};
use crate::load::{Doc, Front, RawActor, RawIndex, RawPlace, RawSource};

/// The profiles read so far, by id (sorted for display later).
pub(super) struct Profiles {
    pub(super) home: Home,
    pub(super) actors: BTreeMap<String, Actor>,
    pub(super) places: BTreeMap<String, Place>,
    pub(super) sources: Vec<Source>,
}

/// Step 2: every record with a profile, the home page over the
/// configuration's title and description.
pub(super) fn read<'a>(config: &Config, docs: &'a [Doc], refs: &mut Refs<'a>) -> Profiles {
    let mut out = Profiles {
        home: Home {
            title: config.title.clone(),
            summary: Some(config.description.clone()).filter(|s| !s.is_empty()),
            body: Default::default(),
            origin: Origin::default(),
        },
        actors: BTreeMap::new(),
        places: BTreeMap::new(),
        sources: Vec::new(),
    };
    for d in docs {
        match &d.front {
            Front::Index(r) => home(&mut out.home, d, r),
            Front::Actor(r) => {
                out.actors.insert(d.id.clone(), actor(d, r, refs));
            }
            Front::Place(r) => {
                out.places.insert(d.id.clone(), place(d, r, refs));
            }
            Front::Source(r) => out.sources.push(source(d, r, refs)),
            Front::Briefing(_) => {}
        }
    }
    out
}

fn origin(d: &Doc) -> Origin {
    Origin {
        file: d.shown.clone(),
        line: 1,
    }
}

fn home(home: &mut Home, d: &Doc, r: &RawIndex) {
    if let Some(t) = &r.title {
        home.title = t.clone();
    }
    if r.summary.is_some() {
        home.summary = r.summary.clone();
    }
    home.body = d.shared_body();
    home.origin = origin(d);
}

fn actor<'a>(d: &'a Doc, r: &'a RawActor, refs: &mut Refs<'a>) -> Actor {
    if let Some(c) = &r.country {
        refs.place(d, format_args!("country"), c);
    }
    if let Some(p) = &r.part_of {
        refs.actor(d, format_args!("part_of"), p);
    }
    Actor {
        id: d.id.clone(),
        name: r.name.clone(),
        kind: r.kind,
        aliases: r.aliases.clone(),
        country: r.country.clone(),
        part_of: r.part_of.clone(),
        revisions: Revisions::new(r.updated, &r.corrections),
        body: d.shared_body(),
        body_line: d.body_line(),
        has_profile: true,
        origin: origin(d),
    }
}

fn place<'a>(d: &'a Doc, r: &'a RawPlace, refs: &mut Refs<'a>) -> Place {
    if let Some(w) = &r.within {
        refs.place(d, format_args!("within"), w);
    }
    Place {
        id: d.id.clone(),
        name: r.name.clone(),
        kind: r.kind,
        within: r.within.clone(),
        aliases: r.aliases.clone(),
        revisions: Revisions::new(r.updated, &r.corrections),
        body: d.shared_body(),
        body_line: d.body_line(),
        has_profile: true,
        origin: origin(d),
    }
}

fn source<'a>(d: &'a Doc, r: &'a RawSource, refs: &mut Refs<'a>) -> Source {
    let reliability = match r.reliability.as_deref() {
        None => None,
        Some(s) if s.len() == 1 && ('A'..='F').contains(&s.chars().next().unwrap()) => {
            s.chars().next()
        }
        Some(s) => {
            refs.push(d.error_at(Some("reliability"), s, format!("invalid reliability `{s}`")).with_help(
                "reliability is a letter of the Admiralty scale: A (completely reliable) to F (cannot be judged)",
            ));
            None
        }
    };
    for a in &r.relays {
        refs.actor(d, format_args!("relays"), a);
    }
    for (key, url) in [("url", &r.url), ("archived", &r.archived)] {
        if let Some(u) = url {
            if !(u.starts_with("https://") || u.starts_with("http://")) {
                refs.push(d.error_at(
                    Some(key),
                    u,
                    format!("`{key}` must be an absolute http(s) address, found `{u}`"),
                ));
            }
        }
    }
    Source {
        id: d.id.clone(),
        title: r.title.clone(),
        outlet: r.outlet.clone(),
        short: r.short.clone(),
        published: r.published,
        url: r.url.clone(),
        archived: r.archived.clone(),
        language: r.language.clone(),
        reliability,
        relays: r.relays.clone(),
        note: r.note.clone(),
        revisions: Revisions::new(r.updated, &r.corrections),
        body: d.shared_body(),
        body_line: d.body_line(),
        origin: origin(d),
    }
}

impl Profiles {
    /// Step 5: actors and places that are named without a profile get one.
    pub(super) fn add_unprofiled<'a>(
        &mut self,
        actors: impl Iterator<Item = &'a str>,
        places: impl Iterator<Item = &'a str>,
    ) {
        for id in actors {
            self.actors.entry(id.to_string()).or_insert_with(|| Actor {
                id: id.to_string(),
                name: humanize(id),
                kind: None,
                aliases: vec![],
                country: None,
                part_of: None,
                revisions: Revisions::default(),
                body: Default::default(),
                body_line: 1,
                has_profile: false,
                origin: Origin::default(),
            });
        }
        for id in places {
            self.places.entry(id.to_string()).or_insert_with(|| Place {
                id: id.to_string(),
                name: humanize(id),
                kind: None,
                within: None,
                aliases: vec![],
                revisions: Revisions::default(),
                body: Default::default(),
                body_line: 1,
                has_profile: false,
                origin: Origin::default(),
            });
        }
    }
}
