//! `/changes/` (`changes.html`): what changed in the dossier and when,
//! newest first, a page at a time, grouped by day.

use serde::Serialize;

use super::{single, PageContext};
use crate::domain::Date;
use crate::render::{paginate, ChangeView, Views};
use crate::route::Route;

/// What `changes.html` adds: this page's days, newest first.
#[derive(Serialize)]
pub struct ChangesPage {
    pub days: Vec<ChangeDay>,
}

/// One day and its changes.
#[derive(Serialize)]
pub struct ChangeDay {
    pub date: String,
    pub date_long: String,
    pub changes: Vec<ChangeView>,
}

fn day(d: Date, changes: Vec<ChangeView>) -> ChangeDay {
    ChangeDay {
        date: d.iso(),
        date_long: d.long(),
        changes,
    }
}

/// Page `pi` (from 0) of `/changes/`: its entries grouped by day, newest
/// first, and where it sits among the pages.
pub(super) fn context<'v>(v: &'v Views<'_>, pi: usize) -> PageContext<'v, ChangesPage> {
    let per = v.config().pagination.max(1);
    let (window, len) = v.changes(paginate::window(pi, per));
    let pages = len.div_ceil(per).max(1);
    let number = pi + 1;
    let url = Route::Changes.url(&v.config().base_path, number);
    let title = if number == 1 {
        "Changes".to_string()
    } else {
        format!("Changes, page {number} of {pages}")
    };
    let mut days: Vec<ChangeDay> = Vec::new();
    let mut current: Option<(Date, Vec<ChangeView>)> = None;
    for ch in window {
        match &mut current {
            Some((d, items)) if *d == ch.date => items.push(v.change_view(ch)),
            _ => {
                if let Some((d, items)) = current.take() {
                    days.push(day(d, items));
                }
                current = Some((ch.date, vec![v.change_view(ch)]));
            }
        }
    }
    if let Some((d, items)) = current.take() {
        days.push(day(d, items));
    }
    let mut c = single(
        v,
        "changes",
        title,
        url,
        "What changed in this dossier, and when: briefings published and updated, and every correction.",
        ChangesPage { days },
    );
    c.paginator = paginate::paginator(&v.route(Route::Changes), number, pages, len);
    c
}
