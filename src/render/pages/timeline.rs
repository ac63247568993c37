//! The timeline (`timeline.html`): events and briefings, a page at a time,
//! grouped by day.

use serde::Serialize;

use super::{paged, PageContext};
use crate::derive::TimelineItem;
use crate::domain::Date;
use crate::render::{paginate, EventView, Shared, Views};
use crate::route::Route;

/// What `timeline.html` adds: this page's days, oldest first.
#[derive(Serialize)]
pub struct TimelinePage {
    pub days: Vec<TimelineDay>,
}

/// One day of the timeline (or a month or year, for dates known only to
/// it) and what happened on it.
#[derive(Serialize)]
pub struct TimelineDay {
    pub date: String,
    pub date_long: String,
    /// `day`, `month` or `year`: how precisely the date is known.
    pub precision: &'static str,
    pub items: Vec<TimelineEntry>,
}

/// An entry of a day: an event or a briefing, told apart by `type`.
#[derive(Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum TimelineEntry {
    Event {
        event: EventView,
    },
    /// A `BriefingItem`, made once per build (`Views::briefing_entry`).
    Briefing {
        briefing: Shared,
    },
}

fn day(d: Date, items: Vec<TimelineEntry>) -> TimelineDay {
    TimelineDay {
        date: d.iso(),
        date_long: d.long(),
        precision: d.precision(),
        items,
    }
}

pub(super) fn context<'v>(v: &'v Views<'_>, pi: usize) -> PageContext<'v, TimelinePage> {
    let per = v.config().pagination;
    let (window, len) = v.timeline(paginate::window(pi, per));
    let mut days: Vec<TimelineDay> = Vec::new();
    let mut current: Option<(Date, Vec<TimelineEntry>)> = None;
    for (date, item) in window {
        let entry = match *item {
            TimelineItem::Event(bi, ei) => TimelineEntry::Event {
                event: v.event_view(bi, ei),
            },
            TimelineItem::Briefing(bi) => TimelineEntry::Briefing {
                briefing: v.briefing_entry(bi),
            },
        };
        match &mut current {
            Some((d, items)) if d == date => items.push(entry),
            _ => {
                if let Some((d, items)) = current.take() {
                    days.push(day(d, items));
                }
                current = Some((*date, vec![entry]));
            }
        }
    }
    if let Some((d, items)) = current.take() {
        days.push(day(d, items));
    }
    paged(
        v,
        "timeline",
        "Timeline",
        &v.route(Route::Timeline),
        "Events and briefings, day by day.",
        (pi, len),
        TimelinePage { days },
    )
}
