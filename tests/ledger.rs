//! The casualty ledger end to end: the page (tables, headlines, contested
//! claims, the step chart), the figures on other pages, the data exports,
//! the build's warnings on claims (exact text), and the shipped dossier's
//! key claims.

mod common;
use common::*;

use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// Builds a dossier into a fresh temporary directory; returns it.
fn build(root: &Path, base_url: &str) -> tempfile::TempDir {
    build_site(root, &["-u", base_url])
}

fn read(out: &tempfile::TempDir, rel: &str) -> String {
    read_site(out, rel)
}

/// The text from `start` up to the next `end` (or the end of `text`).
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let i = text
        .find(start)
        .unwrap_or_else(|| panic!("`{start}` not found"));
    let rest = &text[i..];
    match rest[start.len()..].find(end) {
        Some(j) => &rest[..start.len() + j],
        None => rest,
    }
}

/// One claim of the ledger page: its `<tbody>`.
fn claim<'a>(html: &'a str, id: &str) -> &'a str {
    between(html, &format!("<tbody id=\"fig-{id}\""), "</tbody>")
}

/// The order in which figure ids appear in `html`.
fn figure_order(html: &str) -> Vec<String> {
    html.match_indices("<tbody id=\"fig-")
        .map(|(i, m)| {
            let rest = &html[i + m.len()..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        .collect()
}

// ---------------------------------------------------------------------------
// The page.

#[test]
fn the_ledger_lists_every_claim_with_its_status_and_provenance() {
    let out = build(&fixture("ledger"), "https://example.org/sub/");
    let html = read(&out, "casualties/index.html");

    // Killed, everyone: newest first, the contested pair side by side
    // (`muni-killed` sorts between them by id, but is pulled after).
    let killed_all = between(
        &html,
        "<section class=\"group\" id=\"killed-all\"",
        "</section>",
    );
    assert_eq!(
        figure_order(killed_all),
        ["agency-1", "min-2", "ngo-1", "muni-killed", "tv-1", "min-1"]
    );

    // Current, with its own words, claimant, source and grades.
    let c = claim(&html, "min-2");
    assert!(
        c.contains("class=\"claim status-current stands contested\""),
        "{c}"
    );
    assert!(c.contains("<span class=\"num\">20</span>"), "{c}");
    assert!(c.contains("“twenty people died”"), "{c}");
    assert!(
        c.contains("<a href=\"/sub/actors/ministry/\">Ministry of the Interior</a>"),
        "{c}"
    );
    assert!(
        c.contains("<a href=\"/sub/sources/report-a/\">Daily A</a> <span class=\"grade\""),
        "{c}"
    );
    assert!(c.contains(">B</span>"), "{c}");
    assert!(c.contains("probably true"), "{c}");
    assert!(
        c.contains("<a href=\"/sub/briefings/counts/\">Counts of the first week</a>"),
        "{c}"
    );
    assert!(
        c.contains("in <a href=\"/sub/places/country/\">Freedonia</a>"),
        "{c}"
    );
    // Contested, naming the other claim.
    assert!(c.contains("<span class=\"badge badge-contested\">Contested</span> conflicts with <a href=\"/sub/casualties/#fig-ngo-1\">40–50 (Rights Watch Group, 7 January 2022)</a>"), "{c}");
    assert!(c.contains("Counted in the headline"), "{c}");
    // Superseded, linking to its successor.
    let c = claim(&html, "min-1");
    assert!(
        c.contains("<span class=\"badge badge-superseded\">Superseded</span>"),
        "{c}"
    );
    assert!(c.contains("by <a href=\"/sub/casualties/#fig-min-2\">20 (Ministry of the Interior, 7 January 2022)</a>"), "{c}");
    assert!(!c.contains("Counted in the headline"), "{c}");
    assert!(
        c.contains("<span class=\"note-label\">Note</span> The ministry&#39;s first count."),
        "{c}"
    );
    // Retracted, with its note.
    let c = claim(&html, "tv-1");
    assert!(c.contains("class=\"claim status-retracted\""), "{c}");
    assert!(
        c.contains("<span class=\"badge badge-retracted\">Retracted</span>"),
        "{c}"
    );
    assert!(c.contains("Withdrawn by the station the next day."), "{c}");
    // Disputed, a range, still standing.
    let c = claim(&html, "ngo-1");
    assert!(
        c.contains("<span class=\"badge badge-disputed\">Disputed</span>"),
        "{c}"
    );
    assert!(c.contains("<span class=\"num\">40–50</span>"), "{c}");
    assert!(c.contains("Counted in the headline"), "{c}");
    // A relay: the original linked, intermediaries named, not counted.
    let c = claim(&html, "agency-1");
    assert!(c.contains("class=\"claim status-current relay\""), "{c}");
    assert!(
        c.contains("<span class=\"badge badge-relay\">Relay</span>"),
        "{c}"
    );
    assert!(
        c.contains("of <a href=\"/sub/casualties/#fig-min-2\">"),
        "{c}"
    );
    assert!(
        c.contains("via <a href=\"/sub/actors/agency/\">Agency</a>"),
        "{c}"
    );
    assert!(c.contains("<span class=\"num\">nearly 20</span>"), "{c}");
    assert!(!c.contains("Counted in the headline"), "{c}");

    // Every qualifier reads as reported.
    for (id, text) in [
        ("hosp-inj", "about 300"),
        ("min-inj", "more than 250"),
        ("hosp-dozens", "dozens"),
        ("min-det", "thousands"),
        ("ngo-missing", "at least 3"),
        ("chamber-damage", "about 40,000,000,000"),
    ] {
        assert!(
            claim(&html, id).contains(&format!("<span class=\"num\">{text}</span>")),
            "{id}: {}",
            claim(&html, id)
        );
    }
    // The data is linked from the page.
    for f in [
        "figures.csv",
        "figures.json",
        "dossier.json",
        "timeline.json",
    ] {
        assert!(html.contains(&format!("href=\"/sub/data/{f}\"")), "{f}");
    }
}

#[test]
fn headlines_give_the_spread_of_standing_claims_per_place() {
    let out = build(&fixture("ledger"), "https://example.org/");
    let html = read(&out, "casualties/index.html");
    let killed_all = between(
        &html,
        "<section class=\"group\" id=\"killed-all\"",
        "<table",
    );
    // Retracted (100), superseded (10) and relayed (nearly 20) are not counted.
    let first = between(killed_all, "<p class=\"headline", "</p>");
    assert!(
        first.contains("<span class=\"num\">20–50</span>"),
        "{first}"
    );
    assert!(
        first.contains("in <a href=\"/places/country/\">Freedonia</a>, as of 7 January 2022"),
        "{first}"
    );
    assert!(
        first.contains(
            ">Ministry of the Interior</a>, <a href=\"/actors/ngo/\">Rights Watch Group</a>"
        ),
        "{first}"
    );
    // The narrower place comes second.
    let second = between(killed_all, "<p class=\"headline secondary", "</p>");
    assert!(second.contains("<span class=\"num\">7</span>"), "{second}");
    assert!(second.contains("Capital City"), "{second}");
    // Qualified claims keep their words.
    let injured = between(
        &html,
        "<section class=\"group\" id=\"injured-all\"",
        "<table",
    );
    assert!(
        injured.contains("<span class=\"num\">more than 250 to about 300</span>"),
        "{injured}"
    );
    let sec = between(
        &html,
        "<section class=\"group\" id=\"killed-security-forces\"",
        "<table",
    );
    assert!(sec.contains("<span class=\"num\">5</span>"), "{sec}");

    // The home page: casualty headlines, linking to the ledger; not damage.
    let home = read(&out, "index.html");
    assert!(
        home.contains("<a href=\"/casualties/#killed-all\"><span class=\"num\">20–50</span>"),
        "{home}"
    );
    assert!(
        home.contains("<a href=\"/casualties/#detained-all\"><span class=\"num\">thousands</span>"),
        "{home}"
    );
    assert!(!home.contains("#damage-business"), "{home}");
}

#[test]
fn each_count_that_moved_gets_an_accessible_step_chart() {
    let out = build(&fixture("ledger"), "https://example.org/");
    let html = read(&out, "casualties/index.html");
    let group = between(
        &html,
        "<section class=\"group\" id=\"killed-all\"",
        "</figure>",
    );
    let svg = between(group, "<svg class=\"step-chart\"", "</svg>");
    assert!(svg.contains("role=\"img\""), "{svg}");
    assert!(
        svg.contains("aria-labelledby=\"chart-killed-all-title chart-killed-all-desc\""),
        "{svg}"
    );
    assert!(
        svg.contains("<title id=\"chart-killed-all-title\">Killed: All, claims over time</title>"),
        "{svg}"
    );
    let desc = between(svg, "<desc id=\"chart-killed-all-desc\">", "</desc>");
    assert!(desc.contains("Ministry of the Interior (Freedonia): 10 on 5 January 2022 (superseded), 20 on 7 January 2022."), "{desc}");
    assert!(
        desc.contains("Tv (Freedonia): 100 on 6 January 2022 (retracted)."),
        "{desc}"
    );
    assert!(
        desc.contains("Every claim is listed in the table below."),
        "{desc}"
    );
    // One line per claimant (the relay is not drawn): ministry, tv, city hall, ngo.
    assert_eq!(svg.matches("<path class=\"line\"").count(), 4, "{svg}");
    assert_eq!(svg.matches("<g class=\"series ").count(), 4, "{svg}");
    // The ministry's step: 10 on the first date, up to 20 on the last.
    assert!(svg.contains("<g class=\"marker retracted\">"), "{svg}");
    assert!(svg.contains("<path class=\"cross\""), "{svg}");
    assert!(svg.contains("<g class=\"marker replaced\">"), "{svg}");
    assert!(
        svg.contains("<line class=\"bar\""),
        "the 40–50 range is drawn as a bar: {svg}"
    );
    assert!(
        svg.contains("<title>Tv (Freedonia): 100, as of 6 January 2022 (retracted)</title>"),
        "{svg}"
    );
    // A legend names every series.
    let legend = between(group, "<ul class=\"legend\">", "</ul>");
    for name in [
        "Ministry of the Interior (Freedonia)",
        "Tv (Freedonia)",
        "City hall (Capital City)",
        "Rights Watch Group (Freedonia)",
    ] {
        assert!(legend.contains(name), "{name}: {legend}");
    }
    // A count given once, on one date, has no chart: the table says it all.
    let sec = between(
        &html,
        "<section class=\"group\" id=\"killed-security-forces\"",
        "</section>",
    );
    assert!(!sec.contains("<svg"), "{sec}");
}

#[test]
fn the_chart_puts_time_on_a_true_scale() {
    let out = build(&fixture("ledger-time-scale"), "https://example.org/");
    let html = read(&out, "casualties/index.html");
    let svg = between(&html, "<svg class=\"step-chart\"", "</svg>");
    let cx: Vec<f64> = svg
        .match_indices("<circle cx=\"")
        .map(|(i, m)| {
            let rest = &svg[i + m.len()..];
            rest[..rest.find('"').unwrap()].parse().unwrap()
        })
        .collect();
    // 1 → 2 January is one day; 2 → 31 January is 29 days: 29 times as far.
    let (one, twenty_nine) = (cx[1] - cx[0], cx[2] - cx[1]);
    assert!((twenty_nine / one - 29.0).abs() < 0.5, "{cx:?}");
    // February, with no day, is a span over the month: from the day after
    // 31 January to the axis's end, the marker in its middle; the step line
    // stops at the period's start and goes on from its end.
    assert!(svg.contains(
        "<g class=\"marker stands\"><line class=\"span\" x1=\"342.5\" x2=\"592\" y1=\"16\" y2=\"16\"/><circle cx=\"467.2\" cy=\"16\" r=\"4.5\"/><title>Ministry: 30, as of February 2022</title></g>"
    ), "{svg}");
    assert!(
        svg.contains(
            "<path class=\"line\" d=\"M56 149.3 H65.2 V136 H333.2 V82.7 H342.5 M592 16\"/>"
        ),
        "{svg}"
    );
    // Weekly ticks a reader can read.
    for label in [
        "1 Jan", "8 Jan", "15 Jan", "22 Jan", "29 Jan", "5 Feb", "26 Feb",
    ] {
        assert!(
            svg.contains(&format!("text-anchor=\"middle\">{label}</text>")),
            "{label}: {svg}"
        );
    }
    // Said in words, for a screen reader and on paper.
    assert!(svg.contains("from 1 January 2022 to February 2022, time to scale; a claim dated only to its month or year is drawn across that period."), "{svg}");
    let caption = between(&html, "<p class=\"legend-marks\">", "</p>");
    assert!(
        caption.contains("month or year, day not known"),
        "{caption}"
    );
    assert!(caption.contains("Time to scale."), "{caption}");
    assert!(!html.contains("not to scale"), "{html}");
}

#[test]
fn actor_source_and_place_pages_list_their_figures() {
    let out = build(&fixture("ledger"), "https://example.org/");
    let actor = read(&out, "actors/ministry/index.html");
    for id in ["min-1", "min-2", "min-sec", "min-inj", "min-det"] {
        assert!(
            actor.contains(&format!("href=\"/casualties/#fig-{id}\"")),
            "{id}"
        );
    }
    assert!(
        !actor.contains("href=\"/casualties/#fig-ngo-1\" title"),
        "ngo-1 is not the ministry's"
    );
    // Relayed through the agency.
    let agency = read(&out, "actors/agency/index.html");
    assert!(agency.contains("Figures relayed"), "{agency}");
    assert!(
        agency.contains("href=\"/casualties/#fig-agency-1\""),
        "{agency}"
    );
    // Resting on a source.
    let source = read(&out, "sources/report-b/index.html");
    for id in ["ngo-1", "tv-1", "agency-1", "muni-killed"] {
        assert!(
            source.contains(&format!("href=\"/casualties/#fig-{id}\"")),
            "{id}"
        );
    }
    assert!(
        !source.contains("href=\"/casualties/#fig-min-2\" title"),
        "min-2 rests on report-a"
    );
    // At a place.
    let place = read(&out, "places/city/index.html");
    assert!(
        place.contains("href=\"/casualties/#fig-muni-killed\""),
        "{place}"
    );
}

// ---------------------------------------------------------------------------
// The data.

#[test]
fn the_exports_hold_every_figure() {
    let out = build(&fixture("ledger"), "https://example.org/sub/");
    let csv_text = read(&out, "data/figures.csv");
    let mut r = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = r.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 13, "one row per figure");
    let row = |id: &str| rows.iter().find(|r| &r[0] == id).unwrap().clone();
    let min2 = row("min-2");
    assert_eq!(&min2[col("value")], "20");
    assert_eq!(&min2[col("claimed_by_name")], "Ministry of the Interior");
    assert_eq!(&min2[col("stands")], "true");
    assert_eq!(&min2[col("contested_with")], "ngo-1");
    assert_eq!(&min2[col("supersedes")], "min-1");
    assert_eq!(&min2[col("relayed_by")], "agency-1");
    assert_eq!(
        &min2[col("url")],
        "https://example.org/sub/casualties/#fig-min-2"
    );
    assert_eq!(&min2[col("source_reliability")], "B");
    let agency = row("agency-1");
    assert_eq!(&agency[col("via_names")], "Agency");
    assert_eq!(&agency[col("stands")], "false");
    assert_eq!(&agency[col("allows_min")], "18");
    assert_eq!(&agency[col("allows_max")], "20");
    assert_eq!(&row("ngo-1")[col("min")], "40");
    assert_eq!(&row("ngo-missing")[col("allows_max")], "", "open-ended");
    assert_eq!(&row("tv-1")[col("status")], "retracted");

    let figures: serde_json::Value =
        serde_json::from_str(&read(&out, "data/figures.json")).unwrap();
    let figures = figures.as_array().unwrap();
    assert_eq!(figures.len(), 13);
    let ngo = figures.iter().find(|f| f["id"] == "ngo-1").unwrap();
    assert_eq!(ngo["contested_with"], serde_json::json!(["min-2"]));
    assert_eq!(ngo["max"], 50);
    assert_eq!(ngo["status"], "disputed");

    let all: serde_json::Value = serde_json::from_str(&read(&out, "data/dossier.json")).unwrap();
    assert_eq!(all["dossier"]["title"], "Ledger fixture");
    assert_eq!(all["briefings"][0]["id"], "counts");
    assert_eq!(all["briefings"][0]["figures"].as_array().unwrap().len(), 13);
    assert_eq!(all["figures"].as_array().unwrap().len(), 13);
    assert!(all["actors"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["name"] == "Rights Watch Group"));
    assert!(all["places"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["within"] == "country"));
    assert_eq!(all["sources"].as_array().unwrap().len(), 2);

    let tl: serde_json::Value = serde_json::from_str(&read(&out, "data/timeline.json")).unwrap();
    assert_eq!(tl["title"]["text"]["headline"], "Ledger fixture");
    let events = tl["events"].as_array().unwrap();
    assert_eq!(events.len(), 2, "one event, one briefing");
    assert_eq!(
        events[0]["start_date"],
        serde_json::json!({"year": "2022", "month": "1", "day": "5"})
    );
    assert_eq!(events[0]["text"]["headline"], "Clashes in the capital");
    assert_eq!(events[0]["group"], "Events");
    assert_eq!(events[0]["display_date"], "5 January 2022, night");
    assert!(events[0]["text"]["text"]
        .as_str()
        .unwrap()
        .contains("<a href=\"https://example.org/sub/places/city/\">Capital City</a>"));
    assert_eq!(events[1]["group"], "Briefings");
    assert_eq!(events[1]["unique_id"], "briefing-counts");
}

// ---------------------------------------------------------------------------
// The warnings: one fixture each, the exact text.

/// `check`'s warnings, without the closing summary line (it has a time).
fn warnings(name: &str) -> String {
    let o = dossier()
        .arg("-r")
        .arg(fixture(name))
        .arg("check")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    let last = err.trim_end().rfind('\n').map_or(0, |i| i + 1);
    assert!(err[last..].contains(", 1 warning in "), "{err}");
    err[..last].to_string()
}

#[test]
fn the_ledger_fixture_is_clean() {
    let o = dossier()
        .arg("-r")
        .arg(fixture("ledger"))
        .args(["check", "--strict"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).starts_with("Checked 23 pages (1 briefing, 13 figures) in "),
        "{}",
        stderr(&o)
    );
}

#[test]
fn warns_of_a_supersedes_that_points_nowhere() {
    assert_eq!(
        warnings("ledger-dangling"),
        "warning: `supersedes` names `old-cuont`, but no figure has that id
  --> content/briefings/b.md:19:15
   |
19 |   supersedes: old-cuont
   |               ^^^^^^^^^
   = help: did you mean `old-count`?

"
    );
}

#[test]
fn warns_of_a_supersedes_cycle() {
    assert_eq!(
        warnings("ledger-cycle"),
        "warning: `supersedes` goes round in a circle: count-a → count-b → count-a
  --> content/briefings/b.md:13:15
   |
13 |   supersedes: count-b
   |               ^^^^^^^
   = help: `supersedes` names an earlier figure; remove the link that points forward

"
    );
}

#[test]
fn supersedes_takes_a_list_and_its_cycles_are_found() {
    // count-a replaces count-x and count-b; count-b replaces count-a.
    assert_eq!(
        warnings("ledger-cycle-list"),
        "warning: `supersedes` goes round in a circle: count-a → count-b → count-a
  --> content/briefings/b.md:13:25
   |
13 |   supersedes: [count-x, count-b]
   |                         ^^^^^^^
   = help: `supersedes` names an earlier figure; remove the link that points forward

"
    );
}

#[test]
fn warns_of_a_relay_that_changes_the_number() {
    assert_eq!(
        warnings("ledger-relay"),
        "warning: figure `copy` relays `orig`, but its value, 30, differs from the original's, 18 (Ministry, 7 January 2022), beyond what the qualifiers allow
  --> content/briefings/b.md:14:10
   |
14 |   count: 30
   |          ^^
   = help: a relay repeats another's number: check `count` and `qualifier`, or remove `relay_of` if this is a claim of its own

"
    );
}

#[test]
fn warns_of_a_part_above_its_whole() {
    assert_eq!(
        warnings("ledger-part"),
        "warning: figure `sec-killed` (12 killed, security-forces) is above the whole it is part of: `all-killed` (10 killed, all), both by Ministry as of 7 January 2022
  --> content/briefings/b.md:16:10
   |
16 |   count: 12
   |          ^^
   = help: a group cannot outnumber `all` for the same claimant, date and place; check both figures' `count`, `qualifier` (exact here, exact there) and `group`

"
    );
}

#[test]
fn warns_of_a_figure_dated_after_its_source() {
    assert_eq!(
        warnings("ledger-as-of"),
        "warning: figure `late` is as of 12 January 2022, after its source `report` was published (10 January 2022)
  --> content/briefings/b.md:9:10
  |
9 |   as_of: 2022-01-12
  |          ^^^^^^^^^^
  = help: a source cannot report a count from after its own publication: check `as_of` and `source`

"
    );
}

#[test]
fn warns_of_a_withdrawal_date_on_a_figure_not_retracted() {
    assert_eq!(
        warnings("ledger-retracted-on"),
        "warning: figure `toll` was withdrawn on 10 January 2022, but its status is not `retracted`
  --> content/briefings/b.md:12:17
   |
12 |   retracted_on: 2022-01-10
   |                 ^^^^^^^^^^
   = help: set `status: retracted`, or remove `retracted_on`

"
    );
}

#[test]
fn warns_of_a_retracted_figure_without_a_note() {
    assert_eq!(
        warnings("ledger-retracted"),
        "warning: briefing `b` lists retracted figure `withdrawn` without a note
  --> content/briefings/b.md:12:11
   |
12 |   status: retracted
   |           ^^^^^^^^^
   = help: say in the figure's `note` who withdrew it, when and why, so that readers are not left guessing

"
    );
}

#[test]
fn warns_of_a_replaced_figure_still_marked_current() {
    assert_eq!(
        warnings("ledger-status"),
        "warning: figure `first` is superseded by `second`, but its status is `current`
  --> content/briefings/b.md:6:7
  |
6 | - id: first
  |       ^^^^^
  = help: set `status: superseded`; the ledger already leaves it out of the headline

"
    );
    // And the ledger does not count it either way.
    let out = build(&fixture("ledger-status"), "https://example.org/");
    let html = read(&out, "casualties/index.html");
    let injured = between(
        &html,
        "<section class=\"group\" id=\"injured-all\"",
        "<table",
    );
    assert!(
        injured.contains("<span class=\"num\">150</span>"),
        "{injured}"
    );
    assert!(!claim(&html, "first").contains("Counted in the headline"));
}

#[test]
fn strict_makes_the_warnings_errors() {
    let o = dossier()
        .arg("-r")
        .arg(fixture("ledger-part"))
        .args(["check", "--strict"])
        .output()
        .unwrap();
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.starts_with(
            "error: figure `sec-killed` (12 killed, security-forces) is above the whole"
        ),
        "{err}"
    );
    assert!(
        err.ends_with("error: could not check the dossier: 1 error\n"),
        "{err}"
    );
}

// ---------------------------------------------------------------------------
// The shipped dossier.

#[test]
fn the_shipped_ledger_shows_the_key_claims() {
    let out = build(&repo(), "https://example.org/kazakhstan-2022/");
    let html = read(&out, "casualties/index.html");
    // 18 security personnel killed, per the Interior Ministry, as of 7 January.
    let c = claim(&html, "mvd-security-killed-0107");
    assert!(c.contains("<span class=\"num\">18</span>"), "{c}");
    assert!(c.contains("“18 security personnel died”"), "{c}");
    assert!(
        c.contains(">Ministry of Internal Affairs of Kazakhstan</a>"),
        "{c}"
    );
    assert!(
        c.contains("<time datetime=\"2022-01-07\">7 January 2022</time>"),
        "{c}"
    );
    assert!(c.contains("killed-security-forces") || html.contains("id=\"killed-security-forces\""));
    // The 164, retracted.
    let c = claim(&html, "health-killed-164-0109");
    assert!(c.contains("class=\"claim status-retracted\""), "{c}");
    assert!(c.contains("<span class=\"num\">164</span>"), "{c}");
    assert!(
        c.contains("<span class=\"badge badge-retracted\">Retracted</span>"),
        "{c}"
    );
    // "Almost 6,000" detained: a relay of the presidential office's 5,800,
    // with dpa's sentence quoted exactly in the note, not as the office's words.
    let c = claim(&html, "dpa-detained-0109");
    assert!(!c.contains("class=\"words\""), "{c}");
    assert!(
        c.contains("dpa: &quot;So far, almost 6,000 people have been arrested, including many foreigners, the presidential office said.&quot;"),
        "{c}"
    );
    assert!(
        c.contains("<span class=\"badge badge-relay\">Relay</span>"),
        "{c}"
    );
    assert!(c.contains("of <a href=\"/kazakhstan-2022/casualties/#fig-presidential-office-detained-0109\">about 5,800"), "{c}");
    // The 164 is not the Health Ministry's claim (it said it had not issued
    // it): the operational headquarters', via Khabar 24, withdrawn on 10 January.
    let c = claim(&html, "health-killed-164-0109");
    assert!(
        c.contains(">Operational headquarters of the Kazakh authorities</a><span class=\"via\">via <a href=\"/kazakhstan-2022/actors/khabar-24/\">Khabar 24</a>"),
        "{c}"
    );
    assert!(c.contains("withdrawn on 10 January 2022"), "{c}");
    // IFP dates the ministry's 18 to late on 6 January.
    let c = claim(&html, "ifp-security-killed-0106");
    assert!(
        c.contains("<time datetime=\"2022-01-06\">6 January 2022</time>"),
        "{c}"
    );
    // The Prosecutor General's 19 replaces both the 18 and the 16, so the
    // headline is 19, not "16–19".
    let c = claim(&html, "mvd-security-killed-0109");
    assert!(c.contains("class=\"claim status-superseded\""), "{c}");
    assert!(
        c.contains("by <a href=\"/kazakhstan-2022/casualties/#fig-pgo-security-killed-0115\">19"),
        "{c}"
    );
    let c = claim(&html, "pgo-security-killed-0115");
    assert!(c.contains("replaces <a href=\"/kazakhstan-2022/casualties/#fig-mvd-security-killed-0107\">18 (Ministry of Internal Affairs of Kazakhstan, 7 January 2022)</a>, <a href=\"/kazakhstan-2022/casualties/#fig-mvd-security-killed-0109\">16 ("), "{c}");
    let sec = between(
        &html,
        "<section class=\"group\" id=\"killed-security-forces\"",
        "<table",
    );
    assert!(sec.contains("<span class=\"num\">19</span>"), "{sec}");
    assert!(!sec.contains("16–19"), "{sec}");
    // The 26 "armed criminals eliminated" no longer reads as the standing
    // count of the dead other than security forces: the 225 replaced it.
    let c = claim(&html, "mvd-killed-26-0107");
    assert!(c.contains("class=\"claim status-superseded\""), "{c}");
    assert!(
        c.contains("by <a href=\"/kazakhstan-2022/casualties/#fig-pgo-killed-225-0115\">225"),
        "{c}"
    );
    let home = read(&out, "index.html");
    assert!(
        home.contains("casualties/#killed-all\"><span class=\"num\">238</span>"),
        "{home}"
    );
    assert!(!home.contains("casualties/#killed-non-security"), "{home}");
    // `words` holds only a claimant's wording: none for the 238.
    let c = claim(&html, "pgo-killed-238-2022");
    assert!(!c.contains("class=\"words\""), "{c}");
    // The headline does not count the retracted 164.
    let killed = between(
        &html,
        "<section class=\"group\" id=\"killed-all\"",
        "<table",
    );
    assert!(
        killed.contains("<span class=\"num\">238</span>"),
        "{killed}"
    );
    // Every figure is in the CSV.
    let csv_text = read(&out, "data/figures.csv");
    let rows = csv::Reader::from_reader(csv_text.as_bytes())
        .records()
        .count();
    assert_eq!(rows, 44);
}

#[test]
fn the_shipped_dossier_passes_the_claim_checks() {
    let o = dossier()
        .arg("-r")
        .arg(repo())
        .args(["check", "--strict"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
}
