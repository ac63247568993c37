//! The home page (`index.html`): the dossier's own text, its newest
//! briefings, the ledger's headline figures and how many records it holds.

use serde::Serialize;

use super::{single, PageContext};
use crate::domain::Kind;
use crate::render::ledger::{self, HeadlineView};
use crate::render::{Shared, Views};
use crate::route::Route;

/// What `index.html` adds to every page's context.
#[derive(Serialize)]
pub struct HomePage<'v> {
    pub home: HomeView<'v>,
    /// The ten newest briefings, newest first (`BriefingItem`s, made once
    /// per build).
    pub latest: Vec<Shared>,
    /// The ledger's headline figures (see `render::ledger`).
    pub headlines: &'v [HeadlineView],
    pub counts: Counts,
}

/// `content/_index.md`: its title, summary and body.
#[derive(Serialize)]
pub struct HomeView<'v> {
    pub title: &'v str,
    pub summary: Option<&'v str>,
    /// The body as HTML.
    pub body: String,
}

/// How many records of each kind the dossier holds.
#[derive(Serialize)]
pub struct Counts {
    pub briefings: usize,
    pub figures: usize,
    pub actors: usize,
    pub places: usize,
    pub sources: usize,
}

pub(super) fn context<'v>(v: &'v Views<'_>) -> PageContext<'v, HomePage<'v>> {
    let (title, summary) = v.home();
    // The ten newest, not every briefing cut to ten.
    let latest = v.count(Kind::Briefing).min(10);
    let body = HomePage {
        home: HomeView {
            title,
            summary,
            body: v.markdown(v.body(Kind::Index, "")),
        },
        latest: (0..latest)
            .map(|i| v.briefing_entry(v.listed(Kind::Briefing, i)))
            .collect(),
        headlines: ledger::headline_views(v),
        counts: Counts {
            briefings: v.count(Kind::Briefing),
            figures: v.count(Kind::Index),
            actors: v.count(Kind::Actor),
            places: v.count(Kind::Place),
            sources: v.count(Kind::Source),
        },
    };
    single(
        v,
        "home",
        title,
        v.route(Route::Home),
        summary.unwrap_or(""),
        body,
    )
}
