//! The casualty ledger's views: what `casualties.html`, the home page's
//! headline figures and other pages show of `crate::ledger`.

use super::{thousands, LinkView, Views};

/// The headline of each measure's groups, for the home page and the ledger.
pub fn headline_views(v: &Views<'_>) -> Vec<serde_json::Value> {
    let site = v.site;
    let mut out = Vec::new();
    for m in &v.derived.ledger.measures {
        let measure = site.config.measure(&m.measure);
        for g in &m.groups {
            let Some(h) = &g.headline else { continue };
            let claimants: Vec<LinkView> = {
                let mut ids: Vec<&str> = h
                    .figures
                    .iter()
                    .map(|&fi| site.figures[fi].claimed_by.as_str())
                    .collect();
                ids.sort_unstable();
                ids.dedup();
                ids.into_iter().map(|a| v.actor_link(a)).collect()
            };
            let spread = if h.low == h.high {
                thousands(h.low)
            } else {
                format!("{}–{}", thousands(h.low), thousands(h.high))
            };
            out.push(serde_json::json!({
                "measure": m.measure,
                "measure_label": measure.map(|x| x.label.clone()).unwrap_or_default(),
                "unit": measure.and_then(|x| x.unit.clone()),
                "group": g.group,
                "group_label": site.config.group_label(&g.group),
                "spread": spread,
                "low": h.low,
                "high": h.high,
                "as_of": h.as_of.iso(),
                "as_of_long": h.as_of.long(),
                "claims": h.figures.len(),
                "claimants": claimants,
                "url": format!("{}casualties/#{}-{}", site.config.base_path, m.measure, g.group),
            }));
        }
    }
    out
}

/// The ledger page's context: every measure, every group, every claim.
pub fn insert_context(v: &Views<'_>, c: &mut tera::Context) {
    let site = v.site;
    let measures: Vec<serde_json::Value> = v
        .derived
        .ledger
        .measures
        .iter()
        .map(|m| {
            let measure = site.config.measure(&m.measure);
            serde_json::json!({
                "id": m.measure,
                "label": measure.map(|x| x.label.clone()).unwrap_or_default(),
                "unit": measure.and_then(|x| x.unit.clone()),
                "casualty": measure.is_some_and(|x| x.casualty),
                "groups": m.groups.iter().map(|g| serde_json::json!({
                    "id": g.group,
                    "anchor": format!("{}-{}", m.measure, g.group),
                    "label": site.config.group_label(&g.group),
                    "figures": g.figures.iter().map(|&fi| v.figure_view(fi)).collect::<Vec<_>>(),
                    "headline": g.headline.as_ref().map(|h| serde_json::json!({
                        "spread": if h.low == h.high { thousands(h.low) } else { format!("{}–{}", thousands(h.low), thousands(h.high)) },
                        "as_of_long": h.as_of.long(),
                        "claims": h.figures.len(),
                    })),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    c.insert("measures", &measures);
    c.insert("headlines", &headline_views(v));
}
