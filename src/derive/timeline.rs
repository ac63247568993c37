//! The merged timeline: every event and every briefing, oldest first.
//!
//! Events are written inside briefings, but a reader follows the crisis by
//! date across all of them: the timeline page and the exports read this
//! one ordering rather than each sorting dates of mixed precision anew.

use crate::domain::Date;
use crate::model::Site;

/// One entry of the timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimelineItem {
    /// (briefing index, event index)
    Event(usize, usize),
    Briefing(usize),
}

/// Every briefing and event by date, oldest first; stable, so that events
/// keep the order they were written in, and events come before the briefing
/// of the same day. A date known only to the month or the year opens its
/// period (it happened some time in it), before the period's days.
pub(crate) fn timeline(site: &Site) -> Vec<(Date, TimelineItem)> {
    let mut timeline = Vec::new();
    for (bi, b) in site.briefings.iter().enumerate() {
        for (ei, e) in b.events.iter().enumerate() {
            timeline.push((e.date, TimelineItem::Event(bi, ei)));
        }
        timeline.push((b.date, TimelineItem::Briefing(bi)));
    }
    let key = |d: &Date| (d.first_day(), std::cmp::Reverse(d.1));
    timeline.sort_by(|a, b| {
        key(&a.0).cmp(&key(&b.0)).then_with(|| {
            let rank = |t: &TimelineItem| matches!(t, TimelineItem::Briefing(_)) as u8;
            rank(&a.1).cmp(&rank(&b.1))
        })
    });
    timeline
}
