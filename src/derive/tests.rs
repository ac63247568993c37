//! The ledger and the checks, tested on data: a small dossier in, the
//! ledger's standing claims, collisions and headlines and the checks'
//! warnings out, without rendering a page.

use super::{checks, derive};
use crate::diag::Severity;
use crate::model::fixture::{messages, site};

const SOURCE: (&str, &str) = (
    "sources/moh.md",
    "---\ntitle: Statement\noutlet: Ministry\npublished: 2022-01-08\n---\n",
);

/// A figure of `killed` claimed by `who`; `extra` adds lines to its item.
fn figure(id: &str, count: u64, as_of: &str, who: &str, extra: &str) -> String {
    format!(
        "  - id: {id}\n    measure: killed\n    count: {count}\n    as_of: {as_of}\n    claimed_by: {who}\n    source: moh\n{extra}"
    )
}

fn briefing(figures: &[String]) -> (&'static str, String) {
    (
        "briefings/b.md",
        format!(
            "---\ntitle: B\ndate: 2022-01-08\nfigures:\n{}---\nBody\n",
            figures.concat()
        ),
    )
}

#[test]
fn the_headline_spans_the_claims_that_stand() {
    let (path, text) = briefing(&[
        figure("moh-16", 16, "2022-01-06", "ministry", ""),
        figure(
            "moh-18",
            18,
            "2022-01-07",
            "ministry",
            "    supersedes: moh-16\n    status: current\n",
        ),
        figure("ngo-19", 19, "2022-01-07", "ngo", ""),
    ]);
    let (site, _) = site(&[SOURCE, (path, &text)]);
    let d = derive(&site);
    let ix = |id: &str| site.figure_ix[id];
    assert!(!d.ledger.stands(ix("moh-16")), "replaced by moh-18");
    assert!(d.ledger.stands(ix("moh-18")) && d.ledger.stands(ix("ngo-19")));
    assert_eq!(d.ledger.replaced_by[ix("moh-16")], vec![ix("moh-18")]);
    let group = &d.ledger.measures[0].groups[0];
    let h = group.headline().unwrap();
    assert_eq!((h.low, h.high), (18, 19));
    assert_eq!((h.low_figure, h.high_figure), (ix("moh-18"), ix("ngo-19")));
    assert!(h.plain);
}

#[test]
fn claims_that_cannot_both_be_true_collide() {
    let (path, text) = briefing(&[
        figure("f8", 8, "2022-01-06", "ministry", ""),
        figure("f12", 12, "2022-01-07", "ngo", ""),
        // A day further: too far apart to collide with `f8`.
        figure("f30", 30, "2022-01-08", "ngo", "    status: disputed\n"),
        // "About 11" allows 12: no collision with `f12`.
        figure("f11", 11, "2022-01-07", "press", "    qualifier: about\n"),
    ]);
    let (site, _) = site(&[SOURCE, (path, &text)]);
    let d = derive(&site);
    let ix = |id: &str| site.figure_ix[id];
    let contested = |id: &str| -> Vec<&str> {
        d.ledger.contested[ix(id)]
            .iter()
            .map(|&j| site.figures[j].id.as_str())
            .collect()
    };
    assert_eq!(contested("f8"), vec!["f11", "f12"]);
    assert_eq!(contested("f12"), vec!["f30", "f8"]);
    assert_eq!(contested("f11"), vec!["f30", "f8"]);
}

#[test]
fn checks_warn_of_what_the_claims_say_of_each_other() {
    let (path, text) = briefing(&[
        figure("moh-16", 16, "2022-01-06", "ministry", ""),
        // After its source was published (8 January).
        figure(
            "moh-18",
            18,
            "2022-01-09",
            "ministry",
            "    supersedes: moh-16\n",
        ),
        // A relay that does not repeat its original's number.
        figure(
            "press-30",
            30,
            "2022-01-07",
            "press",
            "    relay_of: moh-16\n",
        ),
        figure("gone", 5, "2022-01-06", "ngo", "    status: retracted\n"),
    ]);
    let (site, docs) = site(&[SOURCE, (path, &text)]);
    let d = derive(&site);
    let warnings = checks::check(&site, &d, &docs);
    assert_eq!(
        messages(&warnings),
        vec![
            (Severity::Warning, "figure `moh-18` is as of 9 January 2022, after its source `moh` was published (8 January 2022)"),
            (Severity::Warning, "figure `press-30` relays `moh-16`, but its value, 30, differs from the original's, 16 (Ministry, 6 January 2022), beyond what the qualifiers allow"),
            (Severity::Warning, "briefing `b` lists retracted figure `gone` without a note"),
            (Severity::Warning, "figure `moh-16` is superseded by `moh-18`, but its status is `current`"),
        ]
    );
    // Each on the offending key of the offending figure (`as_of`, `count`,
    // `status`), or on its `id` when the key is not written.
    let lines: Vec<usize> = warnings.iter().map(|w| w.line).collect();
    assert_eq!(lines, vec![14, 20, 31, 5]);
}

/// A clean dossier is parsed once: the model and the checks, which find
/// nothing to say, never build a file's span index (the second parse).
#[test]
fn a_clean_dossier_builds_no_span_index() {
    let path = "briefings/b.md";
    let text = format!(
        "---\ntitle: B\ndate: 2022-01-09\nsources: [moh]\nfigures:\n{}{}---\nBody\n",
        figure("moh-16", 16, "2022-01-06", "ministry", ""),
        figure("moh-17", 17, "2022-01-07", "ministry", ""),
    );
    let (site, docs) = site(&[SOURCE, (path, &text)]);
    let d = derive(&site);
    assert_eq!(messages(&checks::check(&site, &d, &docs)), vec![]);
    assert!(docs.iter().all(|d| !d.spans_built()));
}

#[test]
fn a_records_figures_are_listed_newest_first() {
    // Written oldest first: the source's page lists them newest first, and
    // figures of the same date in site order.
    let (path, text) = briefing(&[
        figure("f6", 6, "2022-01-06", "ministry", ""),
        figure("f8a", 8, "2022-01-08", "ministry", ""),
        figure("f7", 7, "2022-01-07", "ministry", ""),
        figure("f8b", 9, "2022-01-08", "ministry", ""),
    ]);
    let (site, _) = site(&[SOURCE, (path, &text)]);
    let d = derive(&site);
    let listed: Vec<&str> = d.sources["moh"]
        .figures
        .iter()
        .map(|&fi| site.figures[fi].id.as_str())
        .collect();
    let (a, b) = (site.figure_ix["f8a"], site.figure_ix["f8b"]);
    let same_day = if a < b {
        ["f8a", "f8b"]
    } else {
        ["f8b", "f8a"]
    };
    assert_eq!(listed, vec![same_day[0], same_day[1], "f7", "f6"]);
}
