//! Citations a reader can scan: events, quotes and the timeline cite each
//! source by its short name, linked to its page, with the headline in the
//! link's title; an event known only to its month or year sits under that
//! period on the timeline, before the period's days.

mod common;
use common::*;

fn build(root: &std::path::Path) -> tempfile::TempDir {
    build_site(root, &[])
}

fn read(out: &tempfile::TempDir, rel: &str) -> String {
    read_site(out, rel)
}

const CNN: &str = "<a class=\"cite\" href=\"/sources/cnn/\" title=\"Dozens of protesters reported killed\">CNN</a>";
const IFP: &str = "<a class=\"cite\" href=\"/sources/wire/\" title=\"Unrest: 18 police officers killed, 2k protesters arrested\">IFP</a>";

#[test]
fn events_and_quotes_cite_the_outlet_by_its_short_name() {
    let out = build(&repo().join("tests/fixtures/citations"));
    let timeline = read(&out, "timeline/index.html");
    // `short` when given (IFP), else the outlet (CNN); the headline only as
    // the link's title.
    assert!(
        timeline.contains(&format!(
            "Crowds enter the city administration\n      <span class=\"muted\">(<a href=\"/briefings/b/\">briefing</a>; {CNN}, {IFP})</span></li>"
        )),
        "{timeline}"
    );
    assert!(
        !timeline.contains(">Dozens of protesters reported killed<"),
        "{timeline}"
    );
    let briefing = read(&out, "briefings/b/index.html");
    assert!(
        briefing.contains(&format!(
            "<li><time datetime=\"2022-01-05\">5 January 2022</time>: Crowds enter the city administration <span class=\"muted\">({CNN}, {IFP})</span></li>"
        )),
        "{briefing}"
    );
    assert!(
        briefing.contains(&format!(
            "<time datetime=\"2022-01-05\">5 January 2022</time>, reported by {CNN}</figcaption>"
        )),
        "{briefing}"
    );
}

#[test]
fn an_event_known_to_the_month_or_year_sits_under_that_period() {
    let out = build(&repo().join("tests/fixtures/citations"));
    let timeline = read(&out, "timeline/index.html");
    let days: Vec<&str> = timeline
        .match_indices("<li class=\"day\" id=\"d-")
        .map(|(i, m)| {
            let rest = &timeline[i + m.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    // The year opens the year, the month opens the month, then the days.
    assert_eq!(days, ["2022", "2022-01", "2022-01-05", "2022-01-06"]);
    assert!(timeline.contains(
        "<h2><time datetime=\"2022-01\">January 2022</time> <span class=\"muted\">(day not known)</span></h2>"
    ), "{timeline}");
    assert!(timeline.contains(
        "<h2><time datetime=\"2022\">2022</time> <span class=\"muted\">(month and day not known)</span></h2>"
    ), "{timeline}");
}

#[test]
fn the_shipped_timeline_cites_briefly() {
    let out = tempfile::tempdir().unwrap();
    let o = dossier()
        .arg("-r")
        .arg(repo())
        .args(["build", "-o"])
        .arg(out.path().join("site"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let timeline = read(&out, "timeline/index.html");
    // The LPG price rise has no day: it opens January, before 2 January.
    let month = timeline
        .find("id=\"d-2022-01\"")
        .expect("a January 2022 heading");
    let second = timeline.find("id=\"d-2022-01-02\"").expect("2 January");
    assert!(month < second);
    assert!(!timeline.contains("id=\"d-2022-01-01\""), "{timeline}");
    // dpa's and IFP's headlines are titles, not text.
    assert!(
        timeline.contains("title=\"Kazakhstan Says 164 People Killed In Week Of Unrest\">dpa</a>"),
        "{timeline}"
    );
    assert!(
        !timeline
            .contains(">Kazakhstan unrest: 18 police officers killed, 2k protesters arrested<"),
        "{timeline}"
    );
}
