//! Build and check times for synthetic dossiers of 1,000 and 10,000
//! briefings, side by side with the floor and Hugo.
//!
//! ```text
//! cargo bench --bench build                  # 1000 and 10000 briefings
//! cargo bench --bench build -- 1000          # sizes as arguments
//! DOSSIER_BENCH_SIZES=1000,5000 cargo bench --bench build
//! cargo bench --bench build -- 1000 --runs 5 --seed 7
//! DOSSIER_BENCH_OUT=/dev/shm/bench cargo bench --bench build   # outputs on a tmpfs
//! ```
//!
//! It drives the `dossier` binary as a user would (no library API): Cargo
//! builds the binary with the bench profile (= release) before running this,
//! and hands us its path in `CARGO_BIN_EXE_dossier`. Corpora come from
//! the `dossier-corpus` tool crate (`tools/corpus`, a dev-dependency: called
//! as a library, so the bench needs no nested `cargo run`), the same
//! generator as `benches/serve.rs`, cached in `target/bench-corpus/` per
//! size and seed.
//!
//! For each size, in one run so that the ratios hold on a busy machine:
//! the floor (`../shared/bench/floor`: read, parse, render Markdown, write;
//! built into `target/floor/`, or `DOSSIER_FLOOR` names the binary),
//! `dossier build`, `dossier build --no-search`, an unchanged rebuild,
//! `dossier check`, and Hugo (`/usr/bin/hugo`, minimal layouts) when it is
//! installed; each once to warm up and then `--runs` times (default 3),
//! from a clean output each time. The last output is moved aside (one
//! rename), not deleted, before each run; the set-aside outputs are
//! deleted when the benchmark ends. Deleting tens of thousands of files
//! just before a timed run made the next run pay for it: on an ext4
//! without a journal, a new inode skips every inode freed in the last
//! minutes (`recently_deleted` in the kernel), so one tool's run was
//! charged for the files of the run before it, 2 to 5 times its own
//! system time. Each run also starts after a `sync`, so that no write-back
//! of an earlier run's files competes with it. Wall time is measured here; CPU time and
//! peak RSS come from `/usr/bin/time -v` (Debian package `time`) when it is
//! installed. Each row gives its multiple of the floor, the HTML pages
//! written and the largest one.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};
use std::{env, fs};

use dossier_corpus as corpus;

const GNU_TIME: &str = "/usr/bin/time";

struct Options {
    sizes: Vec<usize>,
    runs: usize,
    seed: u64,
}

fn parse_num(s: &str) -> Option<u64> {
    let digits: String = s.chars().filter(|c| *c != '_' && *c != ',').collect();
    if digits.is_empty() {
        None
    } else {
        digits.parse().ok()
    }
}

fn options() -> Result<Options, String> {
    let mut sizes = Vec::new();
    let mut runs = env::var("DOSSIER_BENCH_RUNS")
        .ok()
        .and_then(|s| parse_num(&s))
        .unwrap_or(3) as usize;
    let mut seed = corpus::DEFAULT_SEED;
    let args: Vec<String> = env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            // Cargo passes `--bench` to `harness = false` benches; ignore it and
            // any other libtest-style flag.
            "--runs" | "--seed" => {
                let v = args
                    .get(i + 1)
                    .and_then(|s| parse_num(s))
                    .ok_or_else(|| format!("{} needs a whole number", args[i]))?;
                if args[i] == "--runs" {
                    runs = v as usize;
                } else {
                    seed = v;
                }
                i += 1;
            }
            a if a.starts_with('-') => {}
            a => sizes
                .push(parse_num(a).ok_or_else(|| format!("not a corpus size: `{a}`"))? as usize),
        }
        i += 1;
    }
    if sizes.is_empty() {
        if let Ok(v) = env::var("DOSSIER_BENCH_SIZES") {
            for s in v
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|s| !s.is_empty())
            {
                sizes.push(
                    parse_num(s).ok_or_else(|| format!("DOSSIER_BENCH_SIZES: not a size: `{s}`"))?
                        as usize,
                );
            }
        }
    }
    if sizes.is_empty() {
        sizes = vec![1_000, 10_000];
    }
    Ok(Options {
        sizes,
        runs: runs.max(1),
        seed,
    })
}

/// One timed run of the binary.
struct Run {
    wall: Duration,
    rss_kib: Option<u64>,
    /// User + system CPU seconds (from /usr/bin/time): less disturbed than wall
    /// time when other jobs share the machine.
    cpu: Option<f64>,
    ok: bool,
    stderr: String,
}

fn run(bin: &Path, args: &[&str], gnu_time: bool) -> Run {
    let mut cmd = if gnu_time {
        let mut c = Command::new(GNU_TIME);
        c.arg("-v").arg(bin);
        c
    } else {
        Command::new(bin)
    };
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let started = Instant::now();
    let out = cmd.output();
    let wall = started.elapsed();
    match out {
        Ok(out) => {
            let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
            let rss_kib = stderr
                .lines()
                .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
                .and_then(|v| v.trim().parse().ok());
            let seconds = |key: &str| -> Option<f64> {
                stderr
                    .lines()
                    .find_map(|l| l.trim().strip_prefix(key))
                    .and_then(|v| v.trim().parse().ok())
            };
            let cpu = match (
                seconds("User time (seconds):"),
                seconds("System time (seconds):"),
            ) {
                (Some(u), Some(s)) => Some(u + s),
                _ => None,
            };
            Run {
                wall,
                rss_kib,
                cpu,
                ok: out.status.success(),
                stderr,
            }
        }
        Err(e) => Run {
            wall,
            rss_kib: None,
            cpu: None,
            ok: false,
            stderr: format!("could not run {}: {e}", bin.display()),
        },
    }
}

/// The program's own messages, without /usr/bin/time's report.
fn program_stderr(s: &str) -> String {
    let end = s
        .find("\tCommand being timed:")
        .or_else(|| s.find("Command exited with non-zero status"))
        .unwrap_or(s.len());
    let lines: Vec<&str> = s[..end].lines().collect();
    let keep = 30;
    if lines.len() > keep {
        format!(
            "{}\n... ({} more lines)",
            lines[..keep].join("\n"),
            lines.len() - keep
        )
    } else {
        lines.join("\n")
    }
}

struct Timing {
    median: Duration,
    rss_kib: Option<u64>,
    cpu_median: Option<f64>,
}

/// Warm-up once, then `runs` timed runs; `before` runs untimed before each.
fn measure(
    bin: &Path,
    args: &[&str],
    runs: usize,
    gnu_time: bool,
    before: &dyn Fn(),
) -> Result<Timing, String> {
    let mut walls = Vec::with_capacity(runs);
    let mut rss: Option<u64> = None;
    let mut cpus: Vec<f64> = Vec::with_capacity(runs);
    for i in 0..=runs {
        before();
        sync();
        let r = run(bin, args, gnu_time);
        if !r.ok {
            return Err(format!(
                "`{} {}` failed:\n{}",
                bin.display(),
                args.join(" "),
                program_stderr(&r.stderr)
            ));
        }
        if i == 0 {
            continue; // warm-up: page cache, binary
        }
        walls.push(r.wall);
        rss = rss.max(r.rss_kib);
        cpus.extend(r.cpu);
    }
    cpus.sort_by(f64::total_cmp);
    let cpu_median = (cpus.len() == runs).then(|| {
        if runs % 2 == 1 {
            cpus[runs / 2]
        } else {
            (cpus[runs / 2 - 1] + cpus[runs / 2]) / 2.0
        }
    });
    walls.sort();
    let n = walls.len();
    let median = if n % 2 == 1 {
        walls[n / 2]
    } else {
        (walls[n / 2 - 1] + walls[n / 2]) / 2
    };
    Ok(Timing {
        median,
        rss_kib: rss,
        cpu_median,
    })
}

/// Writes every dirty page to disk, so that a run does not share the disk
/// with the write-back of the one before it.
fn sync() {
    let _ = Command::new("sync").status();
}

/// Where outputs go when they are set aside: a directory deleted when the
/// benchmark ends (see the module's comment for why not at once).
struct Aside {
    dir: PathBuf,
    moved: std::cell::Cell<usize>,
}

impl Aside {
    fn new(base: &Path) -> Aside {
        let dir = base.join(format!("set-aside-{}", std::process::id()));
        Aside {
            dir,
            moved: std::cell::Cell::new(0),
        }
    }

    /// Moves `path` (an output) out of the way, if it exists.
    fn put(&self, path: &Path) {
        if !path.exists() {
            return;
        }
        let _ = fs::create_dir_all(&self.dir);
        let n = self.moved.get();
        self.moved.set(n + 1);
        if fs::rename(path, self.dir.join(n.to_string())).is_err() {
            let _ = fs::remove_dir_all(path);
        }
    }
}

impl Drop for Aside {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// Files and bytes under `dir`, and how many of the files end in `.html`.
fn tree_stats(dir: &Path) -> (usize, u64, usize) {
    let (files, bytes, html, _) = tree_stats_max(dir);
    (files, bytes, html)
}

/// `tree_stats`, and the size of the largest `.html` file.
fn tree_stats_max(dir: &Path) -> (usize, u64, usize, u64) {
    let (mut files, mut bytes, mut html, mut largest) = (0, 0, 0, 0);
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = fs::read_dir(&d) else { continue };
        for e in rd.flatten() {
            let Ok(ft) = e.file_type() else { continue };
            if ft.is_dir() {
                stack.push(e.path());
            } else if ft.is_file() {
                files += 1;
                let len = e.metadata().map(|m| m.len()).unwrap_or(0);
                bytes += len;
                if e.path().extension().is_some_and(|x| x == "html") {
                    html += 1;
                    largest = largest.max(len);
                }
            }
        }
    }
    (files, bytes, html, largest)
}

/// The cached corpus for (n, seed), generated when missing or made by another
/// version of the generator.
fn corpus_dir(base: &Path, n: usize, seed: u64) -> Result<PathBuf, String> {
    let name = format!("n{n}-s{seed}");
    let dir = base.join(&name);
    let stamp_path = base.join(format!("{name}.stamp"));
    let stamp = format!("corpus v{} n={n} seed={seed}\n", corpus::CORPUS_VERSION);
    if dir.join("dossier.yaml").is_file()
        && fs::read_to_string(&stamp_path).ok().as_deref() == Some(&stamp)
    {
        return Ok(dir);
    }
    let tmp = base.join(format!("{name}.tmp"));
    for d in [&tmp, &dir] {
        if d.exists() {
            fs::remove_dir_all(d).map_err(|e| format!("removing {}: {e}", d.display()))?;
        }
    }
    fs::create_dir_all(&tmp).map_err(|e| format!("creating {}: {e}", tmp.display()))?;
    let started = Instant::now();
    let s = corpus::generate(&tmp, n, seed)
        .map_err(|e| format!("generating {}: {e}", tmp.display()))?;
    fs::rename(&tmp, &dir).map_err(|e| format!("renaming {}: {e}", tmp.display()))?;
    fs::write(&stamp_path, stamp).map_err(|e| format!("writing {}: {e}", stamp_path.display()))?;
    eprintln!(
        "generated {}: {} files, {:.1} MB in {:.2} s",
        dir.display(),
        s.files,
        s.bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    Ok(dir)
}

fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

fn main() -> ExitCode {
    let opts = match options() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_dossier"));
    // <target>/release/dossier -> <target>
    let target = bin
        .parent()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("target"));
    let base = target.join("bench-corpus");
    if let Err(e) = fs::create_dir_all(&base) {
        eprintln!("error: creating {}: {e}", base.display());
        return ExitCode::FAILURE;
    }

    let gnu_time = Path::new(GNU_TIME).is_file()
        && Command::new(GNU_TIME)
            .args(["-v", "true"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
    if !gnu_time {
        eprintln!(
            "note: {GNU_TIME} not found (Debian package `time`): peak RSS will not be reported"
        );
    }
    let help = Command::new(&bin).args(["build", "--help"]).output();
    let quiet = help.is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("--quiet"));

    let cpus = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    eprintln!(
        "dossier: {}\n{} CPUs; warm-up + {} runs each; seed {}; build {}",
        bin.display(),
        cpus,
        opts.runs,
        opts.seed,
        if quiet {
            "--quiet"
        } else {
            "(no --quiet flag)"
        }
    );

    let floor = floor_bin(&target);
    match &floor {
        Some(f) => eprintln!("floor: {}", f.display()),
        None => eprintln!(
            "note: no floor binary ({FLOOR_MANIFEST} missing or not buildable; or set DOSSIER_FLOOR): no floor column"
        ),
    }
    let hugo = Path::new(HUGO).is_file().then(|| PathBuf::from(HUGO));
    if hugo.is_none() {
        eprintln!("note: {HUGO} not found: no Hugo row");
    }

    let mut rows = Vec::new();
    let mut failed = false;
    // The outputs: beside the corpora, or where `DOSSIER_BENCH_OUT` says
    // (e.g. a tmpfs, to leave the disk out of the figures).
    let outs = env::var_os("DOSSIER_BENCH_OUT").map_or_else(|| base.clone(), PathBuf::from);
    if let Err(e) = fs::create_dir_all(&outs) {
        eprintln!("error: creating {}: {e}", outs.display());
        return ExitCode::FAILURE;
    }
    eprintln!("outputs: {}", outs.display());
    let aside = Aside::new(&outs);
    for &n in &opts.sizes {
        let dir = match corpus_dir(&base, n, opts.seed) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("error: {e}");
                failed = true;
                continue;
            }
        };
        let (files, bytes, _) = tree_stats(&dir);
        let out = outs.join(format!("out-n{n}-s{}", opts.seed));
        let dir_s = dir.to_string_lossy().into_owned();
        let out_s = out.to_string_lossy().into_owned();
        let clean = || aside.put(&out);
        let corpus = format!("{n} ({files} files, {:.1} MB)", bytes as f64 / 1e6);
        // The floor first: every other row is a multiple of it.
        let mut floor_t: Option<Timing> = None;
        if let Some(f) = &floor {
            let content = dir.join("content").to_string_lossy().into_owned();
            eprintln!("{n} briefings: floor ...");
            match measure(f, &[&content, &out_s], opts.runs, gnu_time, &clean) {
                Ok(t) => {
                    rows.push(row(&corpus, "the floor", &t, None, "", &out));
                    floor_t = Some(t);
                }
                Err(e) => {
                    eprintln!("error: {n} briefings: {e}");
                    failed = true;
                }
            }
        }
        let mut cases: Vec<(&str, Vec<&str>)> = vec![
            ("`dossier build`", vec!["build", "-r", &dir_s, "-o", &out_s]),
            (
                "`dossier build --no-search`",
                vec!["build", "-r", &dir_s, "-o", &out_s, "--no-search"],
            ),
        ];
        if quiet {
            for c in &mut cases {
                c.1.push("--quiet");
            }
        }
        for (name, args) in &cases {
            eprintln!("{n} briefings: {name} ...");
            match measure(&bin, args, opts.runs, gnu_time, &clean) {
                Ok(t) => rows.push(row(&corpus, name, &t, floor_t.as_ref(), "", &out)),
                Err(e) => {
                    eprintln!("error: {n} briefings: {e}");
                    failed = true;
                }
            }
        }
        if let Some(h) = &hugo {
            eprintln!("{n} briefings: hugo ...");
            let site = hugo_site(&base, &dir, n, opts.seed);
            let hugo_out = outs.join(format!("hugo-out-n{n}-s{}", opts.seed));
            let hugo_clean = || aside.put(&hugo_out);
            let args = [
                "--quiet".to_string(),
                "-s".into(),
                site.to_string_lossy().into_owned(),
                "-d".into(),
                hugo_out.to_string_lossy().into_owned(),
            ];
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            match measure(h, &args, opts.runs, gnu_time, &hugo_clean) {
                Ok(t) => rows.push(row(
                    &corpus,
                    "Hugo (minimal layouts)",
                    &t,
                    floor_t.as_ref(),
                    "",
                    &hugo_out,
                )),
                Err(e) => {
                    eprintln!("error: {n} briefings: {e}");
                    failed = true;
                }
            }
            hugo_clean();
        }
        // A rebuild over the last one, nothing changed: every file is
        // compared and linked, none rewritten. Last but for `check`,
        // since it is the one run that deletes files (the old tree it
        // swaps out), which would slow the runs after it (see `Aside`).
        eprintln!("{n} briefings: unchanged rebuild ...");
        match measure(&bin, &cases[0].1, opts.runs, gnu_time, &|| {}) {
            Ok(t) => rows.push(row(
                &corpus,
                "`dossier build`, unchanged rebuild",
                &t,
                floor_t.as_ref(),
                "",
                &out,
            )),
            Err(e) => {
                eprintln!("error: {n} briefings: {e}");
                failed = true;
            }
        }
        eprintln!("{n} briefings: check ...");
        match measure(&bin, &["check", "-r", &dir_s], opts.runs, gnu_time, &|| {}) {
            Ok(t) => rows.push(row(
                &corpus,
                "`dossier check`",
                &t,
                floor_t.as_ref(),
                "–",
                &out,
            )),
            Err(e) => {
                eprintln!("error: {n} briefings: {e}");
                failed = true;
            }
        }
        clean();
    }

    println!();
    println!("| briefings | tool | wall (median) | × floor | CPU (median) | × floor | peak RSS | pages | largest page |");
    println!("|---|---|---:|---:|---:|---:|---:|---:|---:|");
    for r in &rows {
        println!("{r}");
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

const HUGO: &str = "/usr/bin/hugo";

/// The floor's manifest, relative to this crate (read-only: built into our
/// own target directory).
const FLOOR_MANIFEST: &str = "../shared/bench/floor/Cargo.toml";

/// The floor binary: `DOSSIER_FLOOR`, or built from `FLOOR_MANIFEST` into
/// `<target>/floor/`.
fn floor_bin(target: &Path) -> Option<PathBuf> {
    if let Some(p) = env::var_os("DOSSIER_FLOOR") {
        return Some(PathBuf::from(p));
    }
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join(FLOOR_MANIFEST);
    if !manifest.is_file() {
        return None;
    }
    let dir = target.join("floor");
    let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let ok = Command::new(cargo)
        .args(["build", "--release", "--quiet", "--manifest-path"])
        .arg(&manifest)
        .env("CARGO_TARGET_DIR", &dir)
        .status()
        .is_ok_and(|s| s.success());
    let bin = dir.join("release/floor");
    (ok && bin.is_file()).then_some(bin)
}

/// The corpus as a Hugo site with minimal layouts (a page: title and body;
/// a list: paginated links), cached beside the corpus. Hugo reads `url:` as
/// the page's address, so the sources' `url:` is renamed.
fn hugo_site(base: &Path, corpus: &Path, n: usize, seed: u64) -> PathBuf {
    let site = base.join(format!("hugo-n{n}-s{seed}"));
    if site.join("hugo.toml").is_file() {
        return site;
    }
    let _ = fs::remove_dir_all(&site);
    let layouts = site.join("layouts/_default");
    fs::create_dir_all(&layouts).unwrap();
    fs::write(
        site.join("hugo.toml"),
        "baseURL = \"https://example.org/\"\ntitle = \"bench\"\n",
    )
    .unwrap();
    fs::write(
        layouts.join("single.html"),
        "<!doctype html><html><head><title>{{ .Title }}</title></head><body><main><h1>{{ .Title }}</h1>{{ .Content }}</main></body></html>\n",
    )
    .unwrap();
    fs::write(
        layouts.join("list.html"),
        "<!doctype html><html><head><title>{{ .Title }}</title></head><body><main><h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></main></body></html>\n",
    )
    .unwrap();
    let content = corpus.join("content");
    let mut stack = vec![content.clone()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            let dest = site.join("content").join(p.strip_prefix(&content).unwrap());
            if p.is_dir() {
                stack.push(p);
            } else {
                fs::create_dir_all(dest.parent().unwrap()).unwrap();
                let text = fs::read_to_string(&p).unwrap();
                let text: Vec<String> = text
                    .lines()
                    .map(|l| match l.strip_prefix("url:") {
                        Some(rest) => format!("source_url:{rest}"),
                        None => l.to_string(),
                    })
                    .collect();
                fs::write(dest, text.join("\n") + "\n").unwrap();
            }
        }
    }
    site
}

/// One row of the table: a tool's timing on a corpus, as a multiple of the
/// floor's, and what it wrote (`pages` "–" for a command that writes none).
fn row(
    corpus: &str,
    tool: &str,
    t: &Timing,
    floor: Option<&Timing>,
    pages: &str,
    out: &Path,
) -> String {
    let times = |a: f64, b: Option<f64>| match b {
        Some(b) if b > 0.0 => format!("{:.1}×", a / b),
        _ => "–".into(),
    };
    let wall_x = times(
        t.median.as_secs_f64(),
        floor.map(|f| f.median.as_secs_f64()),
    );
    let cpu_x = match t.cpu_median {
        Some(c) => times(c, floor.and_then(|f| f.cpu_median)),
        None => "–".into(),
    };
    let cpu = t
        .cpu_median
        .map(|c| format!("{c:.2} s"))
        .unwrap_or_else(|| "–".into());
    let rss = t
        .rss_kib
        .map(|k| format!("{:.0} MiB", k as f64 / 1024.0))
        .unwrap_or_else(|| "–".into());
    let (html, largest) = if pages.is_empty() {
        let (_, _, html, largest) = tree_stats_max(out);
        (
            html.to_string(),
            format!("{:.0} KiB", largest as f64 / 1024.0),
        )
    } else {
        (pages.to_string(), pages.to_string())
    };
    format!(
        "| {corpus} | {tool} | {} | {wall_x} | {cpu} | {cpu_x} | {rss} | {html} | {largest} |",
        secs(t.median)
    )
}
