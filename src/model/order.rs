//! The finished `Site`: every list sorted for display, once, and indexed.
//!
//! Briefings newest first; actors, places and tags by name as the dossier's
//! language sorts them; sources by date. Later stages rely on this order
//! and never sort again (step 6 of `model::build`).

use std::collections::BTreeMap;

use foldhash::{HashMap, HashMapExt};

use super::briefings::Briefed;
use super::profiles::Profiles;
use super::records::{Actor, Briefing, Collator, Place, Site, Source, Tag};
use crate::config::Config;
use crate::domain::Kind;

/// Step 6: sorts the records and builds the `Site` with its indexes. The
/// lists are apart from each other: the briefings are sorted while the
/// profiles are, and the indexes are built side by side.
pub(super) fn site(
    config: Config,
    profiles: Profiles,
    briefed: Briefed,
    figure_ix: HashMap<String, usize>,
) -> Site {
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
        figures_key,
    } = briefed;
    let (briefings, (actors, places, sources, tags)) = rayon::join(
        || {
            briefings.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.id.cmp(&b.id)));
            briefings
        },
        || {
            let collator = Collator::new(&config.language);
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
            (actors, places, sources, tags)
        },
    );
    let ((briefing_ix, actor_ix), ((place_ix, source_ix), kind_ix)) = rayon::join(
        || {
            rayon::join(
                || ix(briefings.iter().map(|b| &b.id)),
                || ix(actors.iter().map(|a| &a.id)),
            )
        },
        || {
            rayon::join(
                || {
                    rayon::join(
                        || ix(places.iter().map(|p| &p.id)),
                        || ix(sources.iter().map(|s| &s.id)),
                    )
                },
                || kinds(&briefings, &actors, &places, &sources),
            )
        },
    );
    Site {
        briefing_ix: briefing_ix.into(),
        actor_ix: actor_ix.into(),
        place_ix: place_ix.into(),
        source_ix: source_ix.into(),
        figure_ix: figure_ix.into(),
        kind_ix: kind_ix.into(),
        config,
        home,
        briefings,
        actors,
        places,
        sources,
        figures: figures.into(),
        figures_key,
        tags,
        excluded_drafts,
    }
}

/// Id → kind, for `Site::resolve_link`: the first kind that has the id
/// in the order a link without a section tries them.
fn kinds(
    briefings: &[std::sync::Arc<Briefing>],
    actors: &[Actor],
    places: &[Place],
    sources: &[Source],
) -> HashMap<String, Kind> {
    let mut kinds =
        HashMap::with_capacity(briefings.len() + actors.len() + places.len() + sources.len());
    let ids = (briefings.iter().map(|b| (&b.id, Kind::Briefing)))
        .chain(actors.iter().map(|a| (&a.id, Kind::Actor)))
        .chain(places.iter().map(|p| (&p.id, Kind::Place)))
        .chain(sources.iter().map(|s| (&s.id, Kind::Source)));
    for (id, kind) in ids {
        kinds.entry(id.clone()).or_insert(kind);
    }
    kinds
}

/// Id → place in the list.
fn ix<'a>(ids: impl Iterator<Item = &'a String>) -> HashMap<String, usize> {
    ids.enumerate().map(|(i, id)| (id.clone(), i)).collect()
}

fn tags(collator: &Collator, names: BTreeMap<String, String>) -> Vec<Tag> {
    let mut tags: Vec<Tag> = names
        .into_iter()
        .map(|(slug, name)| Tag { slug, name })
        .collect();
    tags.sort_by(|a, b| collator.compare(&a.name, &b.name));
    tags
}
