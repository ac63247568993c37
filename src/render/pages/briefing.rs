//! A briefing's page (`briefing.html`): the briefing whole, with what it
//! cites and counts, and links to the briefings before and after it.

use serde::Serialize;

use super::{corrections_view, single, PageContext, ShownFigure};
use crate::domain::Kind;
use crate::render::{BriefingItem, CorrectionView, EventView, LinkView, QuoteView, Shared, Views};

/// What `briefing.html` adds to every page's context.
#[derive(Serialize)]
pub struct BriefingPage<'v> {
    pub briefing: BriefingView<'v>,
    /// The next older briefing, if any (briefings are listed newest first).
    pub previous: Option<LinkView>,
    /// The next newer briefing, if any.
    pub next: Option<LinkView>,
}

/// A briefing: its list entry's fields and everything its page shows.
#[derive(Serialize)]
pub struct BriefingView<'v> {
    #[serde(flatten)]
    pub item: BriefingItem,
    /// Corrections, newest first (`updated` comes with `item`).
    pub corrections: Vec<CorrectionView>,
    /// The body as HTML.
    pub body: String,
    pub actors: Vec<Shared>,
    pub places: Vec<Shared>,
    pub sources: Vec<BriefingSource<'v>>,
    pub events: Vec<EventView>,
    pub figures: Vec<ShownFigure<'v>>,
    pub quotes: Vec<QuoteView>,
}

/// A source a briefing cites. Its record's fields are null when the
/// source has no record (`model` reports that).
#[derive(Serialize)]
pub struct BriefingSource<'v> {
    pub id: &'v str,
    /// The source's page.
    pub url: String,
    pub title: Option<&'v str>,
    pub outlet: Option<&'v str>,
    /// When it was published, in words.
    pub published: Option<String>,
    /// The report where it was published (`url:` of the record).
    pub link: Option<&'v str>,
    /// An archived copy of it (`archived:`).
    pub archived: Option<&'v str>,
    /// Its links as `partials/source_links.html` renders them, made once
    /// per build (`Views::listed_links`); left out when they are not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_links: Option<Shared>,
}

/// Source `id` as a briefing's page lists it.
pub(crate) fn source<'v>(v: &'v Views<'_>, id: &'v str) -> BriefingSource<'v> {
    let src = v.source_by_id(id);
    BriefingSource {
        id,
        url: v.url(Kind::Source, id),
        title: src.map(|x| x.title.as_str()),
        outlet: src.map(|x| x.outlet.as_str()),
        published: src.map(|x| x.published.long()),
        link: src.and_then(|x| x.url.as_deref()),
        archived: src.and_then(|x| x.archived.as_deref()),
        source_links: None,
    }
}

pub(super) fn context<'v>(v: &'v Views<'_>, bi: usize) -> PageContext<'v, BriefingPage<'v>> {
    let b = v.briefing(bi);
    let url = v.url(Kind::Briefing, &b.id);
    let sources = b
        .sources
        .iter()
        .map(|s| BriefingSource {
            source_links: v.listed_links(s),
            ..source(v, s)
        })
        .collect();
    let briefing = BriefingView {
        item: v.briefing_item(bi),
        corrections: corrections_view(&b.revisions),
        body: v.markdown(v.body(Kind::Briefing, &b.id)),
        actors: b.actors.iter().map(|a| v.actor_ref(a)).collect(),
        places: b.places.iter().map(|p| v.place_ref(p)).collect(),
        sources,
        events: (0..b.events.len()).map(|e| v.event_view(bi, e)).collect(),
        figures: b.figures.iter().map(|&f| ShownFigure::of(v, f)).collect(),
        quotes: (0..b.quotes.len()).map(|q| v.quote_view(bi, q)).collect(),
    };
    let body = BriefingPage {
        briefing,
        // Briefings are listed newest first: "previous" is the older one.
        previous: v.briefing_at(bi + 1).map(|x| v.briefing_link(&x.id)),
        next: bi
            .checked_sub(1)
            .and_then(|i| v.briefing_at(i))
            .map(|x| v.briefing_link(&x.id)),
    };
    single(
        v,
        "briefing",
        b.title.as_str(),
        url,
        b.summary.as_deref().unwrap_or(""),
        body,
    )
}
