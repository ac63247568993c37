//! Figures named in prose: `[[figure-id]]` and `[[figure-id|own words]]`
//! render the claim as the ledger words it, linked to its row, saying
//! where it stands; figure ids share the id space of records; and `check`
//! warns of a retracted or superseded number stated bare in prose.

mod common;
use common::*;

use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

fn build(name: &str) -> tempfile::TempDir {
    build_site(&fixture(name), &[])
}

fn read(out: &tempfile::TempDir, rel: &str) -> String {
    read_site(out, rel)
}

#[test]
fn a_named_figure_reads_as_the_ledger_words_it() {
    let out = build("figure-refs");
    let html = read(&out, "briefings/b/index.html");
    // Standing: the number, what it counts, the claimant and the date.
    assert!(html.contains(
        "<span class=\"figure-ref figure-ref-current\"><a href=\"/casualties/#fig-sec-19\" title=\"19 security forces killed (Prosecutor, as of 15 January 2022)\">19 security forces killed</a> (<span class=\"figure-ref-by\">Prosecutor, as of 15 January 2022</span>)</span>"
    ), "{html}");
    // A narrower place is named; disputed is said.
    assert!(html.contains(
        ">103 killed in Capital</a> (<span class=\"figure-ref-by\">Headquarters, as of 9 January 2022</span>; <span class=\"figure-ref-status\">disputed</span>)</span>"
    ), "{html}");
}

#[test]
fn a_figure_that_no_longer_stands_says_so_where_it_is_named() {
    let out = build("figure-refs");
    let html = read(&out, "briefings/b/index.html");
    // Retracted: struck through, with the day it was withdrawn, with the
    // author's words or without.
    assert!(html.contains(
        "<span class=\"figure-ref figure-ref-retracted\"><a href=\"/casualties/#fig-toll-164\" title=\"164 killed (Headquarters, as of 9 January 2022)\"><del>164 dead</del></a> (<span class=\"figure-ref-status\">withdrawn on 10 January 2022</span>)</span>"
    ), "{html}");
    assert!(html.contains(
        "<del>164 killed</del></a> (<span class=\"figure-ref-by\">Headquarters, as of 9 January 2022</span>; <span class=\"figure-ref-status\">withdrawn on 10 January 2022</span>)</span>"
    ), "{html}");
    // Replaced by the same claimant: the end of the chain (225 → 228 → 230).
    assert!(html.contains(
        ">225 bodies</a> (<span class=\"figure-ref-status\">later revised to <a href=\"/casualties/#fig-p-230\" title=\"230 killed (Prosecutor, as of 14 March 2022)\">230</a></span>)</span>"
    ), "{html}");
    // Replaced by another claimant: named.
    assert!(html.contains(
        "<span class=\"figure-ref-status\">superseded by <a href=\"/casualties/#fig-sec-19\" title=\"19 security forces killed (Prosecutor, as of 15 January 2022)\">19</a>, Prosecutor</span>"
    ), "{html}");
    // A relay names what it repeats.
    assert!(html.contains(
        ">almost 6,000</a> (<span class=\"figure-ref-status\">repeating <a href=\"/casualties/#fig-arrested-5800\" title=\"about 5,800 detained (Office, as of 9 January 2022)\">about 5,800 by Office</a></span>)</span>"
    ), "{html}");
    // No script comes with it.
    assert!(!html.contains("<script"), "{html}");
}

#[test]
fn figures_are_named_in_any_body_and_exposed_to_templates() {
    let out = build("figure-refs");
    // An actor's profile.
    let actor = read(&out, "actors/ministry/index.html");
    assert!(actor.contains(
        "to <span class=\"figure-ref figure-ref-current\"><a href=\"/casualties/#fig-sec-19\" title=\"19 security forces killed (Prosecutor, as of 15 January 2022)\">nineteen</a></span>."
    ), "{actor}");
    // The fixture's own `partials/figures.html` uses `claim` and `inline`.
    let html = read(&out, "briefings/b/index.html");
    assert!(html.contains(
        "<li data-figure=\"toll-164\" title=\"164 killed (Headquarters, as of 9 January 2022)\"><span class=\"figure-ref figure-ref-retracted\">"
    ), "{html}");
}

#[test]
fn figure_ids_share_the_id_space_and_unknown_ones_get_a_did_you_mean() {
    let o = run(&fixture("figure-refs-errors"), &["check"]);
    assert!(!o.status.success());
    assert_eq!(
        stderr(&o),
        "error: duplicate id `report`: content/sources/report.md has it too
  --> content/briefings/b.md:12:7
   |
12 | - id: report
   |       ^^^^^^
   = help: a figure id shares the id space of briefings, actors, places and sources, since `[[id]]` names any of them; give the figure another id

error: unknown link target `sec-81`
  --> content/briefings/b.md:19:19
   |
19 | The ministry gave [[sec-81]].
   |                   ^^^^^^^^^^
   = help: did you mean `[[sec-18]]`?

error: could not check the dossier: 2 errors
"
    );
}

#[test]
fn check_warns_of_a_stale_number_stated_bare_in_prose() {
    let o = run(&fixture("prose-stale-number"), &["check"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert_eq!(
        err.split("Checked").next().unwrap(),
        "warning: prose states “164 dead” without naming figure `toll-164` (164, Headquarters, 9 January 2022), which is retracted
  --> content/briefings/b.md:29:44
   |
29 | On 9 January state media put the number at 164 dead.
   |                                            ^^^
   = help: name the figure, `[[toll-164]]` or `[[toll-164|your words]]`, so that the page says where it stands

warning: prose states “18 were detained” without naming figure `arrests-18` (18, Ministry, 9 January 2022), which is superseded
  --> content/briefings/b.md:37:25
   |
37 | The ministry later said 18 were detained.
   |                         ^^
   = help: name the figure, `[[arrests-18]]` or `[[arrests-18|your words]]`, so that the page says where it stands

"
    );
}

#[test]
fn the_shipped_dossier_names_its_figures_and_has_no_stale_number() {
    let o = dossier()
        .arg("-r")
        .arg(repo())
        .args(["check", "--strict"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
    let out = tempfile::tempdir().unwrap();
    let o = dossier()
        .arg("-r")
        .arg(repo())
        .args(["build", "-o"])
        .arg(out.path().join("site"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let html = read(&out, "briefings/counts-of-9-january/index.html");
    // The withdrawn toll, named in the prose, says so.
    assert!(
        html.contains("<span class=\"figure-ref figure-ref-retracted\"><a href=\"/kazakhstan-2022/casualties/#fig-health-killed-164-0109\""),
        "{html}"
    );
    assert!(
        html.contains("withdrawn on 10 January 2022</span>"),
        "{html}"
    );
}
