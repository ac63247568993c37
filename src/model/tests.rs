//! The model's validation, tested on data: documents in, `Site` and
//! diagnostics out, without rendering a page.

use super::fixture::{messages, model};
use super::Value;
use crate::diag::Severity;

const SOURCE: (&str, &str) = (
    "sources/moh.md",
    "---\ntitle: Statement\noutlet: Ministry\npublished: 2022-01-06\n---\n",
);

const FIGURE: &str = "  - measure: killed\n    count: 18\n    as_of: 2022-01-06\n    claimed_by: ministry\n    source: moh\n";

fn briefing(date: &str, extra: &str) -> String {
    format!("---\ntitle: B\ndate: {date}\n{extra}---\nBody\n")
}

#[test]
fn ids_are_unique_across_kinds() {
    let (site, diags) = model(
        &[
            SOURCE,
            ("actors/moh.md", "---\nname: Ministry of Health\n---\n"),
        ],
        false,
    );
    assert!(site.is_none());
    assert_eq!(
        messages(&diags),
        vec![(
            Severity::Error,
            "duplicate id `moh`: content/sources/moh.md has it too"
        )]
    );
}

#[test]
fn a_figure_with_a_count_and_a_range_is_located_at_its_item() {
    let bad = "  - measure: killed\n    count: 3\n    min: 1\n    as_of: 2022-01-06\n    claimed_by: ministry\n    source: moh\n";
    let b = briefing("2022-01-07", &format!("figures:\n{FIGURE}{bad}"));
    let (site, diags) = model(&[SOURCE, ("briefings/b.md", &b)], false);
    assert!(site.is_none(), "an error withholds the model");
    // One error: the first figure, valid, adds none.
    assert_eq!(
        messages(&diags),
        vec![(
            Severity::Error,
            "figure has both `count` and a range: give `count`, or `min`/`max`, not both"
        )]
    );
    assert_eq!(diags[0].line, 10, "located at the figure's item");
}

#[test]
fn names_without_a_profile_get_one() {
    let b = briefing(
        "2022-01-07",
        &format!("actors: [ministry]\nfigures:\n{FIGURE}"),
    );
    let (site, diags) = model(&[SOURCE, ("briefings/b.md", &b)], false);
    assert!(diags.is_empty(), "{diags:?}");
    let site = site.unwrap();
    let a = site.actor("ministry").unwrap();
    assert_eq!((a.name.as_str(), a.has_profile), ("Ministry", false));
    let f = &site.figures[0];
    assert_eq!((f.id.as_str(), f.value), ("b-1", Value::Count(18)));
    assert_eq!(f.origin.line, 6, "the line of its `- ` item");
}

#[test]
fn a_name_close_to_a_profile_warns() {
    let b = briefing("2022-01-07", "actors: [tokaev]\n");
    let (site, diags) = model(
        &[
            ("actors/tokayev.md", "---\nname: Tokayev\n---\n"),
            ("briefings/b.md", &b),
        ],
        false,
    );
    assert!(site.is_some(), "a warning does not withhold the model");
    assert_eq!(
        messages(&diags),
        vec![(
            Severity::Warning,
            "actor `tokaev` has no profile, but `tokayev` does"
        )]
    );
}

#[test]
fn drafts_are_left_out_and_links_to_them_say_so() {
    let draft = briefing("2022-01-08", "draft: true\n");
    let linking = "---\ntitle: L\ndate: 2022-01-07\n---\nSee [[draft]].\n";
    let files = [
        ("briefings/draft.md", draft.as_str()),
        ("briefings/l.md", linking),
    ];
    let (site, diags) = model(&files, false);
    assert!(site.is_none());
    assert_eq!(diags[0].message, "unknown link target `draft`");
    assert_eq!(
        diags[0].help.as_deref(),
        Some("`draft` is a draft: build with --drafts, or remove the link")
    );
    let (site, diags) = model(&files, true);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(site.unwrap().briefings.len(), 2);
}

#[test]
fn briefings_sort_newest_first_a_month_after_its_days() {
    let (a, b, c) = (
        briefing("2022-01-07", ""),
        briefing("2022-01", ""),
        briefing("2022-01-31", ""),
    );
    let (site, diags) = model(
        &[
            ("briefings/a.md", &a),
            ("briefings/b.md", &b),
            ("briefings/c.md", &c),
        ],
        false,
    );
    assert!(diags.is_empty(), "{diags:?}");
    let site = site.unwrap();
    let ids: Vec<&str> = site.briefings.iter().map(|b| b.id.as_str()).collect();
    // A month sorts by its last day; on a tie, by id.
    assert_eq!(ids, vec!["b", "c", "a"]);
}

#[test]
fn every_check_of_a_figure_reports_in_order() {
    let bad = "  - measure: kiled\n    count: 3\n    as_of: 2022-01-06\n    claimed_by: ministry\n    source: moh\n    credibility: 9\n    id: Bad_Id\n";
    let b = briefing("2022-01-07", &format!("figures:\n{bad}"));
    let (site, diags) = model(&[SOURCE, ("briefings/b.md", &b)], false);
    assert!(site.is_none());
    assert_eq!(
        messages(&diags),
        vec![
            (Severity::Error, "unknown measure `kiled`"),
            (Severity::Error, "credibility 9 is out of range"),
            (Severity::Error, "`Bad_Id` is not a valid figure id"),
        ]
    );
    assert_eq!(diags[0].help.as_deref(), Some("did you mean `killed`?"));
    assert_eq!((diags[1].line, diags[2].line), (10, 11));
}

#[test]
fn free_fields_only_allows_titles_and_bodies_alone() {
    let doc = |text: &str| {
        super::fixture::docs(&[("briefings/b.md", text)])
            .pop()
            .unwrap()
    };
    let old = doc("---\ntitle: A\ndate: 2022-01-05\nsummary: S\n---\nBody\n");
    let free = |text: &str| super::free_fields_only(&old, &doc(text));
    let retitled = doc("---\ntitle: A longer one\ndate: 2022-01-05\nsummary: T\n---\nMore\n");
    assert!(free(&retitled.text));
    // A warning placed on these lines would quote the old text.
    assert_eq!(super::front_lines_moved(&old, &retitled), [2, 4]);
    // The date sorts the briefings: not free.
    assert!(!free(
        "---\ntitle: B\ndate: 2022-01-06\nsummary: S\n---\nBody\n"
    ));
    // A line more moves every location below it.
    assert!(!free(
        "---\ntitle: >\n  B\ndate: 2022-01-05\nsummary: S\n---\nBody\n"
    ));
    // A free key's line that became another key's.
    assert!(!free(
        "---\ntitle: A\ndate: 2022-01-05\ndraft: true\n---\nBody\n"
    ));
}
