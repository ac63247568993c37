//! The finished `Site`: every list sorted for display, once, and indexed.
//!
//! Briefings newest first; actors, places and tags by name as the dossier's
//! language sorts them; sources by date. Later stages rely on this order
//! and never sort again (step 6 of `model::build`).

use std::collections::{BTreeMap, HashMap};

use super::briefings::Briefed;
use super::profiles::Profiles;
use super::records::{Actor, Collator, Place, Site, Tag};
use crate::config::Config;

/// Step 6: sorts the records and builds the `Site` with its indexes.
pub(super) fn site(
    config: Config,
    profiles: Profiles,
    briefed: Briefed,
    figure_ix: HashMap<String, usize>,
) -> Site {
    let collator = Collator::new(&config.language);
    let Profiles {
        home,
        actors,
        places,
        mut sources,
    } = profiles;
    let Briefed {
        mut briefings,
        figures,
        excluded_drafts,
        tag_names,
    } = briefed;
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
    let tags = tags(&collator, tag_names);

    let ix = |ids: Vec<&String>| {
        ids.into_iter()
            .enumerate()
            .map(|(i, id)| (id.clone(), i))
            .collect::<HashMap<_, _>>()
            .into()
    };
    Site {
        briefing_ix: ix(briefings.iter().map(|b| &b.id).collect()),
        actor_ix: ix(actors.iter().map(|a| &a.id).collect()),
        place_ix: ix(places.iter().map(|p| &p.id).collect()),
        source_ix: ix(sources.iter().map(|s| &s.id).collect()),
        figure_ix: figure_ix.into(),
        config,
        home,
        briefings,
        actors,
        places,
        sources,
        figures: figures.into(),
        tags,
        excluded_drafts,
    }
}

fn tags(collator: &Collator, names: BTreeMap<String, String>) -> Vec<Tag> {
    let mut tags: Vec<Tag> = names
        .into_iter()
        .map(|(slug, name)| Tag { slug, name })
        .collect();
    tags.sort_by(|a, b| collator.compare(&a.name, &b.name));
    tags
}
