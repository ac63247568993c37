//! The incremental rebuild of `serve` against fresh builds.

use std::path::Path;
use std::time::Instant;

use dossier::build::BuildOptions;
use dossier::serve::site::{Changes, Open, Session};

/// The options `serve` builds with, as these tests run it: no search
/// index, the address a local `serve` gives.
fn serve_options(root: &Path) -> BuildOptions {
    let mut opts = BuildOptions::new(root);
    opts.search = false;
    opts.base_url = Some("http://127.0.0.1:1111/".into());
    opts
}

/// Times rebuilds of the dossier at `$DOSSIER_PROBE` (a copy: it is
/// edited) after a body edit and a title edit, with the session's own
/// breakdown. `cargo test --release --test serve_edits -- --ignored --nocapture`.
#[test]
#[ignore]
fn probe_rebuild_times() {
    let Ok(dir) = std::env::var("DOSSIER_PROBE") else {
        return;
    };
    let root = std::path::absolute(Path::new(&dir)).unwrap();
    let opts = serve_options(&root);
    let mut s = Session::new(opts);
    let t = Instant::now();
    let first = s
        .rebuild(&Changes::everything())
        .map_err(|f| f.diagnostics.len())
        .unwrap();
    eprintln!("first build {:?}: {:#?}", t.elapsed(), first.timings);
    let mut briefings: Vec<_> = std::fs::read_dir(root.join("content/briefings"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    briefings.sort();
    let f = briefings[briefings.len() / 2].clone();
    for i in 0..3 {
        let text = std::fs::read_to_string(&f).unwrap();
        std::fs::write(&f, format!("{text}\nA sentence {i}.\n")).unwrap();
        let b = rebuild_one(&mut s, &f);
        eprintln!("body {i}: {} rendered, {:#?}", b.rendered, b.timings);
        let text = std::fs::read_to_string(&f).unwrap();
        let mut out = String::new();
        let mut done = false;
        for line in text.lines() {
            if !done && line.starts_with("title: ") {
                done = true;
                out.push_str(&format!("title: \"Edited title {i}\""));
            } else {
                out.push_str(line);
            }
            out.push('\n');
        }
        std::fs::write(&f, out).unwrap();
        let b = rebuild_one(&mut s, &f);
        eprintln!("title {i}: {} rendered, {:#?}", b.rendered, b.timings);
    }
}

/// The probe's rebuild after an edit of `file` alone.
fn rebuild_one(s: &mut Session, file: &Path) -> dossier::serve::site::Built {
    s.rebuild(&Changes {
        content: vec![file.to_path_buf()],
        ..Changes::default()
    })
    .map_err(|f| f.diagnostics.len())
    .unwrap()
}

// ---------------------------------------------------------------------------
// Random edits: after each, the session's site equals a fresh build.

use std::collections::BTreeMap;

use proptest::prelude::*;

/// A briefing of the generated dossier, as written to its file.
#[derive(Debug, Clone)]
struct Brief {
    id: String,
    title: String,
    summary: String,
    day: u32,
    tags: Vec<usize>,
    actors: Vec<usize>,
    sources: Vec<usize>,
    /// Figure counts; a figure's status; whether the second supersedes the first.
    figures: Vec<(u64, &'static str)>,
    supersedes: bool,
    body: String,
    broken: bool,
}

#[derive(Debug, Clone)]
struct Record {
    id: String,
    name: String,
    body: String,
}

/// The whole generated dossier: every file follows from it.
#[derive(Debug, Clone)]
struct Dossier {
    briefings: Vec<Brief>,
    actors: Vec<Record>,
    sources: Vec<Record>,
    title: String,
    pagination: usize,
    template: Option<u32>,
    /// An edit of `partials/quotes.html`, which only some templates include.
    partial: Option<u32>,
    /// An edit of `base.html`, which every page template extends.
    base: Option<u32>,
    /// An edit of the row partials (`partials/figure_row.html`,
    /// `partials/briefing_item.html`), which the generator renders once
    /// per build and hands to the pages that list them.
    row: Option<u32>,
    css: Option<u32>,
    next: usize,
}

const TAGS: &[&str] = &["curfew", "internet", "arrests"];

fn figure_id(b: &Brief, i: usize) -> String {
    format!("{}-f{i}", b.id)
}

impl Dossier {
    fn new() -> Dossier {
        let record = |kind: &str, i: usize| Record {
            id: format!("{kind}-{i}"),
            name: format!("{kind} number {i}"),
            body: format!("The {kind} {i}, in a sentence."),
        };
        let mut d = Dossier {
            briefings: Vec::new(),
            actors: (0..3).map(|i| record("actor", i)).collect(),
            sources: (0..2).map(|i| record("source", i)).collect(),
            title: "Generated dossier".into(),
            pagination: 2,
            template: None,
            partial: None,
            base: None,
            row: None,
            css: None,
            next: 0,
        };
        for _ in 0..4 {
            d.add();
        }
        d
    }

    fn add(&mut self) {
        let n = self.next;
        self.next += 1;
        self.briefings.push(Brief {
            id: format!("b{n}"),
            title: format!("Briefing {n}"),
            summary: format!("Summary of b{n}."),
            day: 1 + (n as u32 * 3) % 27,
            tags: vec![n % TAGS.len()],
            actors: vec![n % 3],
            sources: vec![n % 2],
            figures: vec![(10 + n as u64, "current"), (20 + n as u64, "current")],
            supersedes: n.is_multiple_of(2),
            body: format!("Body of briefing {n}, which cites [[actor-{}]].", n % 3),
            broken: false,
        });
    }

    fn briefing_text(&self, b: &Brief) -> String {
        if b.broken {
            return format!(
                "---\ntitle: \"{}\"\ndate: [2022\n---\n{}\n",
                b.title, b.body
            );
        }
        let list = |ix: &[usize], f: &dyn Fn(usize) -> String| {
            ix.iter().map(|&i| f(i)).collect::<Vec<_>>().join(", ")
        };
        let mut t = format!(
            "---\ntitle: \"{}\"\ndate: 2022-01-{:02}\nsummary: \"{}\"\ntags: [{}]\nactors: [{}]\nsources: [{}]\n",
            b.title,
            b.day,
            b.summary,
            list(&b.tags, &|i| TAGS[i].to_string()),
            list(&b.actors, &|i| self.actors[i].id.clone()),
            list(&b.sources, &|i| self.sources[i].id.clone()),
        );
        t.push_str(&format!(
            "events:\n  - date: 2022-01-{:02}\n    title: \"Event of {}\"\n    sources: [{}]\n",
            b.day,
            b.id,
            self.sources[b.sources.first().copied().unwrap_or(0)].id
        ));
        t.push_str(&format!(
            "quotes:\n  - actor: {}\n    date: 2022-01-{:02}\n    text: \"Said in {}\"\n    source: {}\n",
            self.actors[b.actors.first().copied().unwrap_or(0)].id,
            b.day,
            b.id,
            self.sources[0].id
        ));
        if !b.figures.is_empty() {
            t.push_str("figures:\n");
        }
        for (i, (count, status)) in b.figures.iter().enumerate() {
            t.push_str(&format!(
                "  - id: {}\n    measure: killed\n    count: {count}\n    as_of: 2022-01-{:02}\n    claimed_by: {}\n    source: {}\n    status: {status}\n",
                figure_id(b, i),
                b.day,
                self.actors[i % 3].id,
                self.sources[i % 2].id,
            ));
            if i == 1 && b.supersedes && *status != "retracted" {
                t.push_str(&format!("    supersedes: {}\n", figure_id(b, 0)));
            }
        }
        t.push_str(&format!("---\n{}\n", b.body));
        if !b.figures.is_empty() {
            t.push_str(&format!("\nThe count: [[{}]].\n", figure_id(b, 0)));
        }
        t
    }

    fn files(&self) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        out.insert(
            "dossier.yaml".into(),
            format!(
                "title: \"{}\"\nbase_url: \"https://example.org/\"\npagination: {}\n",
                self.title, self.pagination
            ),
        );
        out.insert(
            "content/_index.md".into(),
            "---\ntitle: \"Home\"\n---\nThe home page.\n".into(),
        );
        for b in &self.briefings {
            out.insert(
                format!("content/briefings/{}.md", b.id),
                self.briefing_text(b),
            );
        }
        for (kind, records) in [("actors", &self.actors), ("sources", &self.sources)] {
            for r in records {
                let front = if kind == "actors" {
                    format!("name: \"{}\"\nkind: government\n", r.name)
                } else {
                    format!(
                        "title: \"{}\"\noutlet: \"Outlet\"\npublished: 2022-01-02\n",
                        r.name
                    )
                };
                out.insert(
                    format!("content/{kind}/{}.md", r.id),
                    format!("---\n{front}---\n{}\n", r.body),
                );
            }
        }
        // Each template override is the theme's with a mark put in.
        for (n, name, at) in [
            (self.template, "briefing.html", "<article"),
            (self.partial, "partials/quotes.html", "<figure"),
            (self.base, "base.html", "<head>"),
            (self.row, "partials/figure_row.html", "<tr"),
            (self.row, "partials/briefing_item.html", "<li"),
        ] {
            let Some(n) = n else { continue };
            let t = std::fs::read_to_string(
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("themes/default/templates")
                    .join(name),
            )
            .unwrap();
            out.insert(
                format!("templates/{name}"),
                t.replacen(at, &format!("<!-- edit {n} -->{at}"), 1),
            );
        }
        if let Some(n) = self.css {
            out.insert(
                "static/extra.css".into(),
                format!("body {{ order: {n}; }}\n"),
            );
        }
        out
    }
}

/// One edit of the dossier; indexes are taken modulo the list's length.
#[derive(Debug, Clone)]
enum Edit {
    Body(usize, u32),
    Title(usize, u32),
    Summary(usize, u32),
    /// A new title and a new date at once: the sort order may move.
    TitleDate(usize, u32, u32),
    /// A new title and a new body at once.
    TitleBody(usize, u32),
    Date(usize, u32),
    FigureCount(usize, u64),
    FigureStatus(usize, usize),
    Actors(usize, usize),
    Tags(usize, usize),
    ActorName(usize, u32),
    ActorBody(usize, u32),
    SourceName(usize, u32),
    SourceBody(usize, u32),
    Add,
    Remove(usize),
    Rename(usize),
    Template(u32),
    Partial(u32),
    Base(u32),
    Row(u32),
    /// The template overrides removed: the theme's own again.
    Unoverride,
    Css(u32),
    Config(u32),
    Pagination(usize),
    Break(usize),
}

fn edit_strategy() -> impl Strategy<Value = Edit> {
    let i = 0usize..8;
    let n = 0u32..50;
    prop_oneof![
        (i.clone(), n.clone()).prop_map(|(i, n)| Edit::Body(i, n)),
        (i.clone(), n.clone()).prop_map(|(i, n)| Edit::Title(i, n)),
        (i.clone(), n.clone()).prop_map(|(i, n)| Edit::Summary(i, n)),
        (i.clone(), n.clone(), 1u32..29).prop_map(|(i, n, d)| Edit::TitleDate(i, n, d)),
        (i.clone(), n.clone()).prop_map(|(i, n)| Edit::TitleBody(i, n)),
        (i.clone(), 1u32..29).prop_map(|(i, n)| Edit::Date(i, n)),
        (i.clone(), 0u64..500).prop_map(|(i, n)| Edit::FigureCount(i, n)),
        (i.clone(), 0usize..4).prop_map(|(i, s)| Edit::FigureStatus(i, s)),
        (i.clone(), 0usize..3).prop_map(|(i, a)| Edit::Actors(i, a)),
        (i.clone(), 0usize..3).prop_map(|(i, t)| Edit::Tags(i, t)),
        (i.clone(), n.clone()).prop_map(|(i, n)| Edit::ActorName(i, n)),
        (i.clone(), n.clone()).prop_map(|(i, n)| Edit::ActorBody(i, n)),
        (i.clone(), n.clone()).prop_map(|(i, n)| Edit::SourceName(i, n)),
        (i.clone(), n.clone()).prop_map(|(i, n)| Edit::SourceBody(i, n)),
        Just(Edit::Add),
        i.clone().prop_map(Edit::Remove),
        i.clone().prop_map(Edit::Rename),
        n.clone().prop_map(Edit::Template),
        n.clone().prop_map(Edit::Partial),
        n.clone().prop_map(Edit::Base),
        n.clone().prop_map(Edit::Row),
        Just(Edit::Unoverride),
        n.clone().prop_map(Edit::Css),
        n.clone().prop_map(Edit::Config),
        (1usize..4).prop_map(Edit::Pagination),
        i.prop_map(Edit::Break),
    ]
}

impl Dossier {
    fn apply(&mut self, e: &Edit) {
        let nb = self.briefings.len().max(1);
        let b = |i: usize| i % nb;
        // A broken file is fixed by the next edit of any kind.
        for x in &mut self.briefings {
            x.broken = false;
        }
        let has = !self.briefings.is_empty();
        match *e {
            Edit::Body(i, n) if has => {
                let x = &mut self.briefings[b(i)];
                let stated = x.figures.first().map(|f| f.0);
                let body = &mut x.body;
                match (n % 5, stated) {
                    // Back to one sentence: a number stated goes away.
                    (4, _) => *body = format!("Body of briefing {}.", x.id),
                    // A figure's number in prose: a warning if it is stale.
                    (0 | 2, Some(c)) => body.push_str(&format!(" The toll reached {c} dead.")),
                    _ => body.push_str(&format!(" Sentence {n} about [[b{}]].", n % 4)),
                }
            }
            Edit::Title(i, n) if has => self.briefings[b(i)].title = format!("Retitled {n}"),
            Edit::Summary(i, n) if has => self.briefings[b(i)].summary = format!("Summed up {n}."),
            Edit::TitleDate(i, n, d) if has => {
                let x = &mut self.briefings[b(i)];
                x.title = format!("Retitled {n}");
                x.day = d;
            }
            Edit::TitleBody(i, n) if has => {
                let x = &mut self.briefings[b(i)];
                x.title = format!("Retitled {n}");
                x.body
                    .push_str(&format!(" Sentence {n} about [[b{}]].", n % 4));
            }
            Edit::Date(i, d) if has => self.briefings[b(i)].day = d,
            Edit::FigureCount(i, c) if has => {
                if let Some(f) = self.briefings[b(i)].figures.first_mut() {
                    f.0 = c;
                }
            }
            Edit::FigureStatus(i, s) if has => {
                let status = ["current", "disputed", "retracted", "superseded"][s];
                if let Some(f) = self.briefings[b(i)].figures.last_mut() {
                    f.1 = status;
                }
            }
            Edit::Actors(i, a) if has => {
                let x = &mut self.briefings[b(i)];
                if x.actors.contains(&a) {
                    x.actors.retain(|&y| y != a);
                } else {
                    x.actors.push(a);
                }
            }
            Edit::Tags(i, t) if has => {
                let x = &mut self.briefings[b(i)];
                if x.tags.contains(&t) {
                    x.tags.retain(|&y| y != t);
                } else {
                    x.tags.push(t);
                }
            }
            Edit::ActorName(i, n) => self.actors[i % 3].name = format!("Renamed actor {n}"),
            Edit::ActorBody(i, n) => self.actors[i % 3].body.push_str(&format!(" More {n}.")),
            Edit::SourceName(i, n) => self.sources[i % 2].name = format!("Renamed source {n}"),
            Edit::SourceBody(i, n) => self.sources[i % 2].body.push_str(&format!(" More {n}.")),
            Edit::Add => self.add(),
            Edit::Remove(i) if has => {
                self.briefings.remove(b(i));
            }
            Edit::Rename(i) if has => {
                let n = self.next;
                self.next += 1;
                self.briefings[b(i)].id = format!("b{n}");
            }
            Edit::Template(n) => self.template = Some(n),
            Edit::Partial(n) => self.partial = Some(n),
            Edit::Base(n) => self.base = Some(n),
            Edit::Row(n) => self.row = Some(n),
            Edit::Unoverride => {
                (self.template, self.partial, self.base, self.row) = (None, None, None, None)
            }
            Edit::Css(n) => self.css = Some(n),
            Edit::Config(n) => self.title = format!("Generated dossier {n}"),
            Edit::Pagination(p) => self.pagination = p,
            Edit::Break(i) if has => self.briefings[b(i)].broken = true,
            _ => {}
        }
    }
}

/// The random-edit dossier written into a fresh temporary directory
/// (kept while the first value lives), with what `sync` last wrote, the
/// options `serve` builds it with, and a session not yet built.
fn start() -> (
    tempfile::TempDir,
    std::path::PathBuf,
    Dossier,
    BTreeMap<String, String>,
    BuildOptions,
    Session,
) {
    let tmp = tempfile::tempdir().unwrap();
    let root = std::path::absolute(tmp.path()).unwrap();
    let d = Dossier::new();
    let mut last = BTreeMap::new();
    sync(&root, &d, &mut last);
    let opts = serve_options(&root);
    let s = Session::new(opts.clone());
    (tmp, root, d, last, opts, s)
}

/// Writes the dossier's files into `root`, removing those it no longer
/// has; returns the paths written or removed (what a watcher would name).
fn sync(root: &Path, d: &Dossier, last: &mut BTreeMap<String, String>) -> Vec<std::path::PathBuf> {
    let now = d.files();
    let mut touched = Vec::new();
    for (rel, text) in &now {
        if last.get(rel) != Some(text) {
            let p = root.join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, text).unwrap();
            touched.push(p);
        }
    }
    for rel in last.keys().filter(|k| !now.contains_key(*k)) {
        let p = root.join(rel);
        std::fs::remove_file(&p).unwrap();
        touched.push(p);
    }
    *last = now;
    touched
}

/// A fresh `dossier build` of `root`: every file it wrote, by path.
fn fresh_build(opts: &BuildOptions) -> Option<BTreeMap<String, Vec<u8>>> {
    let out = tempfile::tempdir().unwrap();
    let mut opts = opts.clone();
    opts.output = out.path().join("site");
    dossier::build::build(&opts).ok()?;
    let root = &opts.output;
    Some(
        walkdir::WalkDir::new(root)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file() && e.file_name() != ".dossier-output")
            .map(|e| {
                let rel = e.path().strip_prefix(root).unwrap();
                (
                    rel.to_string_lossy().replace('\\', "/"),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect(),
    )
}

/// Every file the session serves, the data files made on demand included.
fn served(s: &Session) -> BTreeMap<String, Vec<u8>> {
    let site = s.site();
    site.paths()
        .map(|k| {
            let bytes = site.get(k).expect("listed").expect("made");
            (k.clone(), bytes.to_vec())
        })
        .collect()
}

/// What a step of `run_edits` gave: the warnings' messages, whether the
/// session kept the model (a body-only edit), how many pages were
/// rendered, and how many left for the finish (fast render).
type Step = (Vec<String>, bool, usize, usize);

/// Runs `edits` on a fresh generated dossier, checking the session
/// against a fresh build (its files, and its warnings or errors against a
/// fresh `check`'s) after each. Returns the first difference.
fn run_edits(edits: &[Edit]) -> Result<Vec<Step>, String> {
    run_edits_with(edits, false)
}

/// The pages `run_edits_with` has open in fast render: about half, by the
/// length of their path.
fn open_pages(s: &Session) -> Open {
    Open {
        paths: (s.site().paths())
            .filter(|p| p.ends_with(".html") && p.len() % 2 == 0)
            .cloned()
            .collect(),
        render_all_up_to: 0,
    }
}

/// `run_edits`, with fast render if `fast`: each rebuild renders the pages
/// `open_pages` names and leaves the others for `Session::finish`; the
/// site before the finish must equal a fresh build but for the pages left,
/// none of them open, and after it in full.
fn run_edits_with(edits: &[Edit], fast: bool) -> Result<Vec<Step>, String> {
    let mut steps = Vec::new();
    let (_tmp, root, mut d, mut last, opts, mut s) = start();
    s.rebuild(&Changes::everything())
        .map_err(|f| format!("first build: {:?}", f.diagnostics))?;
    for (step, e) in edits.iter().enumerate() {
        d.apply(e);
        let touched = sync(&root, &d, &mut last);
        let changes = Changes {
            theme: touched.iter().any(|p| {
                p.starts_with(root.join("templates")) || p.starts_with(root.join("static"))
            }),
            config: touched.iter().any(|p| p.ends_with("dossier.yaml")),
            content: touched
                .into_iter()
                .filter(|p| p.starts_with(root.join("content")))
                .collect(),
            rescan: false,
        };
        let want = fresh_build(&opts);
        let got = if fast {
            let open = open_pages(&s);
            let got = s.rebuild_open(&changes, Some(&open));
            let finished = s.finish();
            match got {
                Ok(mut b) => {
                    if let Some(p) = b.pending.iter().find(|p| open.paths.contains(*p)) {
                        return Err(format!("step {step} {e:?}: the open page {p} was left"));
                    }
                    if let Some(want) = &want {
                        // The site served before the finish (the data files
                        // are made from the model, not the pages).
                        let before = b.site.clone();
                        for (path, bytes) in want {
                            if b.pending.contains(path) {
                                continue;
                            }
                            let have = before.get(path).map(|r| r.map(|b| b.to_vec()));
                            if have.as_ref().is_none_or(|h| h.as_ref() != Ok(bytes)) {
                                return Err(format!(
                                    "step {step} {e:?}: {path} differs from a fresh build before the finish"
                                ));
                            }
                        }
                    }
                    match finished {
                        None if !b.pending.is_empty() => {
                            return Err(format!("step {step} {e:?}: pages left, none finished"))
                        }
                        Some(_) if b.pending.is_empty() => {
                            return Err(format!("step {step} {e:?}: finished with none left"))
                        }
                        Some(Err(f)) => Err(f),
                        Some(Ok(fin)) => {
                            b.rendered += fin.rendered;
                            Ok(b)
                        }
                        None => Ok(b),
                    }
                }
                Err(f) => Err(f),
            }
        } else {
            s.rebuild(&changes)
        };
        // The files named were enough: nothing on disk differs from what
        // the session read.
        if s.drifted() {
            return Err(format!("step {step} {e:?}: the session missed a file"));
        }
        let checked = dossier::build::check(&opts);
        match (&got, &checked) {
            (Ok(b), Ok(r)) if b.warnings != r.warnings => {
                return Err(format!(
                    "step {step} {e:?}: served warnings differ from check's\n--- served\n{:#?}\n--- check\n{:#?}",
                    b.warnings, r.warnings
                ))
            }
            // Help included: "did you mean" breaks ties by name, not by
            // the order of a hash map.
            (Err(f), Err(g)) if f.diagnostics != g.diagnostics => {
                return Err(format!(
                    "step {step} {e:?}: served errors differ from check's\n--- served\n{:#?}\n--- check\n{:#?}",
                    f.diagnostics, g.diagnostics
                ))
            }
            _ => {}
        }
        if let Ok(b) = &got {
            let messages = b.warnings.iter().map(|w| w.to_string()).collect();
            steps.push((messages, b.timings.cut_off, b.rendered, b.pending.len()));
        }
        match (got, want) {
            (Err(_), None) => {}
            (Ok(_), Some(want)) => {
                let have = served(&s);
                for (path, bytes) in &want {
                    match have.get(path) {
                        None => return Err(format!("step {step} {e:?}: {path} is not served")),
                        Some(h) if h != bytes => {
                            return Err(format!(
                                "step {step} {e:?}: {path} differs from a fresh build\n--- served\n{}\n--- built\n{}",
                                String::from_utf8_lossy(h),
                                String::from_utf8_lossy(bytes)
                            ))
                        }
                        _ => {}
                    }
                }
                if let Some(extra) = have.keys().find(|k| !want.contains_key(*k)) {
                    return Err(format!("step {step} {e:?}: {extra} is served, not built"));
                }
            }
            (Ok(_), None) => return Err(format!("step {step} {e:?}: served, but the build fails")),
            (Err(f), Some(_)) => {
                return Err(format!(
                    "step {step} {e:?}: the build succeeds, the session fails: {:?}",
                    f.diagnostics
                ))
            }
        }
    }
    Ok(steps)
}

fn cases() -> u32 {
    std::env::var("DOSSIER_EDIT_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(200)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    /// Random sequences of edits of every kind; the served site equals a
    /// fresh build byte for byte after each.
    #[test]
    fn the_served_site_equals_a_fresh_build_after_random_edits(
        edits in proptest::collection::vec(edit_strategy(), 1..7),
        fast in any::<bool>(),
    ) {
        if let Err(m) = run_edits_with(&edits, fast) {
            prop_assert!(false, "{}", m);
        }
    }
}

/// Every kind of edit once, in a fixed order (the proptest draws them at random).
#[test]
fn every_kind_of_edit_keeps_the_served_site_fresh() {
    let edits = [
        Edit::Body(0, 1),
        Edit::Title(1, 2),
        Edit::Summary(1, 3),
        Edit::TitleDate(2, 4, 5),
        Edit::TitleBody(3, 6),
        Edit::Date(2, 20),
        Edit::FigureCount(0, 99),
        Edit::FigureStatus(1, 2),
        Edit::Actors(2, 1),
        Edit::Tags(3, 2),
        Edit::ActorName(0, 3),
        Edit::ActorBody(1, 4),
        Edit::SourceName(0, 5),
        Edit::SourceBody(1, 6),
        Edit::Add,
        Edit::Rename(0),
        Edit::Remove(1),
        Edit::Template(7),
        Edit::Partial(7),
        Edit::Base(7),
        Edit::Row(7),
        Edit::Unoverride,
        Edit::Css(8),
        Edit::Config(9),
        Edit::Pagination(3),
        Edit::Break(2),
        Edit::Body(2, 10),
    ];
    run_edits(&edits).unwrap();
    let fast = run_edits_with(&edits, true).unwrap();
    let left = fast.iter().filter(|s| s.3 > 0).count();
    assert!(left >= 5, "fast render left pages {left} times: {fast:?}");
}

/// A body edit that states a superseded figure's number warns, and one
/// that takes it out clears the warning, as a fresh `check` says (compared
/// by `run_edits`), with the model kept (the body-only cut-off).
#[test]
fn a_body_edit_moves_a_prose_number_warning_as_check_does() {
    // Briefing b0's first figure (10 killed) is superseded by its second.
    let steps = run_edits(&[Edit::Body(0, 0), Edit::Body(0, 1), Edit::Body(0, 4)]).unwrap();
    let stale = |s: &Step| {
        s.0.iter()
            .any(|w| w.contains("without naming figure `b0-f0`"))
    };
    assert!(stale(&steps[0]), "{:#?}", steps[0]);
    assert!(stale(&steps[1]), "{:#?}", steps[1]);
    assert!(!stale(&steps[2]), "{:#?}", steps[2]);
    assert!(steps.iter().all(|s| s.1), "each edit cut off: {steps:?}");
}

/// An edit of free fields alone (a briefing's title or summary, a source's
/// title), with or without its body, keeps the model (`model::bodies`);
/// one that also moves the date does not. `run_edits` compares each with a
/// fresh build.
#[test]
fn a_title_edit_keeps_the_model() {
    let steps = run_edits(&[
        Edit::Title(0, 1),
        Edit::Summary(1, 2),
        Edit::SourceName(0, 3),
        Edit::TitleBody(2, 4),
        Edit::TitleDate(3, 5, 27),
    ])
    .unwrap();
    let kept: Vec<bool> = steps.iter().map(|s| s.1).collect();
    assert_eq!(kept, [true, true, true, true, false]);
}

/// A template edit renders again only the pages whose template it
/// affects: `briefing.html` the briefing pages, a partial the pages that
/// include it (directly or through another partial), `base.html` every
/// page, a style sheet none. `run_edits` compares each with a fresh build.
#[test]
fn a_template_edit_renders_only_the_pages_it_affects() {
    let steps = run_edits(&[
        Edit::Template(1),
        Edit::Partial(1),
        Edit::Base(1),
        Edit::Css(1),
        Edit::Unoverride,
    ])
    .unwrap();
    let rendered: Vec<usize> = steps.iter().map(|s| s.2).collect();
    // The dossier has four briefings; the quotes partial is in the
    // briefing, actor, place and source pages, not the lists.
    assert_eq!(rendered[0], 4, "{rendered:?}");
    assert!(rendered[0] < rendered[1], "{rendered:?}");
    assert!(rendered[1] < rendered[2], "{rendered:?}");
    assert_eq!(rendered[3], 0, "{rendered:?}");
    assert_eq!(rendered[4], rendered[2], "{rendered:?}");
}

/// An edit of the row partials renders every page again, as the
/// generator put their rows in the pages' contexts, not an include; the
/// served site equals a fresh build after it and after its undoing
/// (`run_edits` compares).
#[test]
fn a_row_partial_edit_renders_every_page_again() {
    let steps = run_edits(&[Edit::Row(1), Edit::Row(2), Edit::Unoverride]).unwrap();
    let rendered: Vec<usize> = steps.iter().map(|s| s.2).collect();
    assert!(rendered.iter().all(|&r| r > 0), "{rendered:?}");
    assert_eq!(rendered[0], rendered[1], "{rendered:?}");
    assert_eq!(rendered[1], rendered[2], "{rendered:?}");
}

/// With fast render, a page left for after the reload that fails to render
/// fails the finish. The site keeps its last bytes, and the next rebuild
/// renders that page again whatever moved (its keys already have the new
/// fingerprints): a body edit elsewhere fails, as a fresh build does, and
/// the fix gives a fresh build's site.
#[test]
fn a_failed_finish_is_rendered_again_by_the_next_rebuild() {
    let (_tmp, root, mut d, mut last, opts, mut s) = start();
    s.rebuild(&Changes::everything()).unwrap();
    let open = Open {
        paths: (s.site().paths())
            .filter(|p| p.starts_with("briefings/"))
            .cloned()
            .collect(),
        render_all_up_to: 0,
    };
    let theme = Changes {
        theme: true,
        ..Changes::default()
    };
    // Fails for every actor page, and for no briefing page.
    let actor = root.join("templates/actor.html");
    std::fs::create_dir_all(actor.parent().unwrap()).unwrap();
    std::fs::write(&actor, "{{ no_such_variable }}").unwrap();
    let b = s.rebuild_open(&theme, Some(&open)).unwrap();
    assert!(
        b.pending.iter().any(|p| p.starts_with("actors/")),
        "{b:?}",
        b = b.pending
    );
    assert!(matches!(s.finish(), Some(Err(_))));
    assert!(s.finish().is_none(), "finished once");

    d.apply(&Edit::Body(0, 1));
    let body = Changes {
        content: sync(&root, &d, &mut last),
        ..Changes::default()
    };
    assert!(fresh_build(&opts).is_none());
    assert!(
        s.rebuild(&body).is_err(),
        "the actor pages were not rendered again"
    );

    std::fs::remove_file(&actor).unwrap();
    s.rebuild_open(&theme, Some(&open)).unwrap();
    assert!(matches!(s.finish(), None | Some(Ok(_))));
    assert!(
        served(&s) == fresh_build(&opts).unwrap(),
        "the site differs from a fresh build's"
    );
}
