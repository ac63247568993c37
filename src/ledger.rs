//! The casualty ledger: every figure, by measure and group.
//!
//! This is why the tool exists. Numbers are never facts here: each is a
//! claim by someone, as of a date, reported by a source, with a status. The
//! ledger groups the claims so that claims about the same thing sit side by
//! side, newest first, and computes each group's headline: the spread of the
//! claims still standing (retracted, superseded and relayed numbers are
//! never counted).

use crate::load::{Date, Status};
use crate::model::Site;

#[derive(Debug, Clone, Default)]
pub struct Ledger {
    pub measures: Vec<MeasureLedger>,
    /// Figure index → whether another claim collides with it.
    pub contested: Vec<bool>,
}

impl Ledger {
    pub fn is_contested(&self, fi: usize) -> bool {
        self.contested.get(fi).copied().unwrap_or(false)
    }
}

#[derive(Debug, Clone)]
pub struct MeasureLedger {
    pub measure: String,
    pub groups: Vec<GroupLedger>,
}

#[derive(Debug, Clone)]
pub struct GroupLedger {
    pub group: String,
    /// Indexes into `Site::figures`, newest `as_of` first.
    pub figures: Vec<usize>,
    pub headline: Option<Headline>,
}

/// The spread of the claims that stand for one measure and group.
#[derive(Debug, Clone)]
pub struct Headline {
    pub low: u64,
    pub high: u64,
    /// The latest `as_of` among the standing claims.
    pub as_of: Date,
    /// Figures counted in the spread.
    pub figures: Vec<usize>,
}

/// Whether a figure counts towards a headline.
pub fn stands(site: &Site, fi: usize) -> bool {
    let f = &site.figures[fi];
    matches!(f.status, Status::Current | Status::Disputed) && f.relay_of.is_none()
}

pub fn build(site: &Site) -> Ledger {
    let mut measures = Vec::new();
    for m in &site.config.measures {
        let mut groups: Vec<GroupLedger> = Vec::new();
        for (fi, f) in site
            .figures
            .iter()
            .enumerate()
            .filter(|(_, f)| f.measure == m.id)
        {
            match groups.iter_mut().find(|g| g.group == f.group) {
                Some(g) => g.figures.push(fi),
                None => groups.push(GroupLedger {
                    group: f.group.clone(),
                    figures: vec![fi],
                    headline: None,
                }),
            }
        }
        if groups.is_empty() {
            continue;
        }
        for g in &mut groups {
            g.figures.sort_by(|&a, &b| {
                let (fa, fb) = (&site.figures[a], &site.figures[b]);
                fb.as_of.cmp(&fa.as_of).then_with(|| fa.id.cmp(&fb.id))
            });
            let standing: Vec<usize> = g
                .figures
                .iter()
                .copied()
                .filter(|&fi| stands(site, fi))
                .collect();
            if let Some(latest) = standing.iter().map(|&fi| site.figures[fi].as_of).max() {
                let points: Vec<u64> = standing
                    .iter()
                    .map(|&fi| site.figures[fi].value.point())
                    .collect();
                g.headline = Some(Headline {
                    low: *points.iter().min().unwrap(),
                    high: *points.iter().max().unwrap(),
                    as_of: latest,
                    figures: standing,
                });
            }
        }
        // "all" first, then the groups by label.
        groups.sort_by(|a, b| {
            (a.group != "all").cmp(&(b.group != "all")).then_with(|| {
                site.config
                    .group_label(&a.group)
                    .cmp(&site.config.group_label(&b.group))
            })
        });
        measures.push(MeasureLedger {
            measure: m.id.clone(),
            groups,
        });
    }
    let contested = contested(site);
    Ledger {
        measures,
        contested,
    }
}

/// Claims collide when they count the same measure and group at the same
/// place, their as-of dates are at most a day apart, and their values (with
/// their qualifiers) cannot both be true. Retracted claims and relays do not
/// collide: they are not claims of their own.
fn contested(site: &Site) -> Vec<bool> {
    let mut out = vec![false; site.figures.len()];
    let mut buckets: std::collections::HashMap<(&str, &str, Option<&str>), Vec<usize>> =
        Default::default();
    for (fi, f) in site.figures.iter().enumerate() {
        if f.status == Status::Retracted || f.relay_of.is_some() {
            continue;
        }
        buckets
            .entry((&f.measure, &f.group, f.place.as_deref()))
            .or_default()
            .push(fi);
    }
    for list in buckets.values() {
        for (n, &a) in list.iter().enumerate() {
            for &b in &list[n + 1..] {
                let (fa, fb) = (&site.figures[a], &site.figures[b]);
                if fa.as_of.days_until(&fb.as_of).abs() > 1 {
                    continue;
                }
                let (la, ha) = fa.value.bounds(fa.qualifier);
                let (lb, hb) = fb.value.bounds(fb.qualifier);
                if ha < lb || hb < la {
                    out[a] = true;
                    out[b] = true;
                }
            }
        }
    }
    out
}
