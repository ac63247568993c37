//! Long lists split into pages, the way Zola and Hugo do it.
//!
//! A list of 10,000 briefings or 25,000 figures on one page is tens of
//! megabytes that no phone opens. Every list page (briefings, a tag, the
//! timeline, the ledger, actors, places, sources, and what an actor's,
//! place's or source's page lists) shows `pagination` entries (a setting in
//! `dossier.yaml`); page 1 keeps the list's URL, page `n` is `page/n/`
//! under it (`/briefings/page/2/`). A list that fits on one page is one
//! page, as before. Here page numbers become windows of entries and the
//! `paginator` a template shows; their paths and URLs come from `route`.

use std::ops::Range;

use super::{PageLink, Paginator};
use crate::route::paged as url;

/// How many pages `len` entries take at `per` a page (at least one).
pub fn count(len: usize, per: usize) -> usize {
    len.div_ceil(per.max(1)).max(1)
}

/// The entries of page `index` (from 0).
pub fn window(index: usize, per: usize) -> Range<usize> {
    let per = per.max(1);
    index * per..(index + 1) * per
}

/// The entries of page `index` (from 0) of `items`.
pub fn slice<T>(items: &[T], index: usize, per: usize) -> &[T] {
    let w = window(index, per);
    &items[w.start.min(items.len())..w.end.min(items.len())]
}

/// The title of page `number` of `pages`: the list's own on page 1.
pub fn title(title: &str, number: usize, pages: usize) -> String {
    if number <= 1 {
        title.to_string()
    } else {
        format!("{title}, page {number} of {pages}")
    }
}

/// Pages linked on either side of the current one; the first and the last
/// are always linked, and a gap stands for the pages between.
pub const LINKED_AROUND: usize = 3;

/// Where page `number` of `pages` of the list at `first`, of `items`
/// entries in all, sits, with links: a window around it, the first and
/// the last page (linking every page from every page would grow with the
/// square of the list).
pub fn paginator(first: &str, number: usize, pages: usize, items: usize) -> Paginator {
    let around = number.saturating_sub(LINKED_AROUND).max(1)..=(number + LINKED_AROUND).min(pages);
    let mut shown: Vec<usize> = vec![1];
    shown.extend(around);
    shown.push(pages);
    shown.sort_unstable();
    shown.dedup();
    let mut links = Vec::with_capacity(shown.len() + 2);
    for (i, &n) in shown.iter().enumerate() {
        if i > 0 && n > shown[i - 1] + 1 {
            links.push(PageLink {
                number: 0,
                url: String::new(),
                current: false,
                gap: true,
            });
        }
        links.push(PageLink {
            number: n,
            url: url(first, n),
            current: n == number,
            gap: false,
        });
    }
    Paginator {
        number,
        pages,
        items,
        previous: (number > 1).then(|| url(first, number - 1)),
        next: (number < pages).then(|| url(first, number + 1)),
        links,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_paths_and_urls() {
        assert_eq!(count(0, 100), 1);
        assert_eq!(count(100, 100), 1);
        assert_eq!(count(101, 100), 2);
        assert_eq!(window(2, 10), 20..30);
        assert_eq!(slice(&[1, 2, 3, 4, 5], 1, 2), [3, 4]);
        assert_eq!(slice(&[1, 2, 3, 4, 5], 2, 2), [5]);
        assert!(slice(&[1, 2, 3], 5, 2).is_empty());
        let p = paginator("/b/", 2, 3, 250);
        assert_eq!(p.previous.as_deref(), Some("/b/"));
        assert_eq!(p.next.as_deref(), Some("/b/page/3/"));
        assert_eq!(p.links.iter().filter(|l| l.current).count(), 1);
        let shown = |number, pages| -> Vec<usize> {
            paginator("/b/", number, pages, 0)
                .links
                .iter()
                .map(|l| l.number)
                .collect()
        };
        assert_eq!(shown(2, 3), [1, 2, 3]);
        // 0 is a gap.
        assert_eq!(shown(1, 100), [1, 2, 3, 4, 0, 100]);
        assert_eq!(shown(50, 100), [1, 0, 47, 48, 49, 50, 51, 52, 53, 0, 100]);
        assert_eq!(shown(97, 100), [1, 0, 94, 95, 96, 97, 98, 99, 100]);
        assert_eq!(shown(1, 1), [1]);
        assert_eq!(title("Briefings", 2, 3), "Briefings, page 2 of 3");
    }
}
