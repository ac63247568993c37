//! Build and check times for synthetic dossiers of 1,000 and 10,000 briefings.
//!
//! ```text
//! cargo bench --bench build                  # 1000 and 10000 briefings
//! cargo bench --bench build -- 1000          # sizes as arguments
//! DOSSIER_BENCH_SIZES=1000,5000 cargo bench --bench build
//! cargo bench --bench build -- 1000 --runs 5 --seed 7
//! ```
//!
//! It drives the `dossier` binary as a user would (no library API): Cargo
//! builds the binary with the bench profile (= release) before running this,
//! and hands us its path in `CARGO_BIN_EXE_dossier`. Corpora come from
//! `examples/corpus.rs` (compiled in here as a module, so the bench needs no
//! nested `cargo run`), cached in `target/bench-corpus/` per size and seed.
//!
//! For each size: `dossier build -r DIR -o OUT [--quiet]` and `dossier check
//! -r DIR`, each once to warm up and then `--runs` times (default 3), from a
//! clean OUT each time. Wall time is measured here; peak RSS comes from
//! `/usr/bin/time -v` (Debian package `time`) when it is installed.

#[allow(dead_code)]
#[path = "../examples/corpus.rs"]
mod corpus;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};
use std::{env, fs};

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
    min: Duration,
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
        let r = run(bin, args, gnu_time);
        if !r.ok {
            return Err(format!(
                "`dossier {}` failed:\n{}",
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
        min: walls[0],
        median,
        rss_kib: rss,
        cpu_median,
    })
}

/// Files and bytes under `dir`, and how many of the files end in `.html`.
fn tree_stats(dir: &Path) -> (usize, u64, usize) {
    let (mut files, mut bytes, mut html) = (0, 0, 0);
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = fs::read_dir(&d) else { continue };
        for e in rd.flatten() {
            let Ok(ft) = e.file_type() else { continue };
            if ft.is_dir() {
                stack.push(e.path());
            } else if ft.is_file() {
                files += 1;
                bytes += e.metadata().map(|m| m.len()).unwrap_or(0);
                if e.path().extension().is_some_and(|x| x == "html") {
                    html += 1;
                }
            }
        }
    }
    (files, bytes, html)
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

    let mut rows = Vec::new();
    let mut failed = false;
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
        let out = base.join(format!("out-n{n}-s{}", opts.seed));
        let dir_s = dir.to_string_lossy().into_owned();
        let out_s = out.to_string_lossy().into_owned();
        let mut build_args = vec!["build", "-r", &dir_s, "-o", &out_s];
        if quiet {
            build_args.push("--quiet");
        }
        eprintln!("{n} briefings: build ...");
        let clean = || {
            let _ = fs::remove_dir_all(&out);
        };
        let build = measure(&bin, &build_args, opts.runs, gnu_time, &clean);
        let (pages, out_files) = {
            let (f, _, html) = tree_stats(&out);
            (html, f)
        };
        eprintln!("{n} briefings: check ...");
        let check = measure(&bin, &["check", "-r", &dir_s], opts.runs, gnu_time, &|| {});
        let rss = |t: &Timing| {
            t.rss_kib
                .map(|k| format!("{:.0}", k as f64 / 1024.0))
                .unwrap_or_else(|| "–".into())
        };
        let cpu = |t: &Timing| {
            t.cpu_median
                .map(|c| format!("{c:.2} s"))
                .unwrap_or_else(|| "–".into())
        };
        match (build, check) {
            (Ok(b), Ok(c)) => rows.push(format!(
                "| {n} | {files} ({:.1} MB) | {} | {} | {} | {} | {} | {} / {} | {pages} ({out_files} files) |",
                bytes as f64 / 1e6,
                secs(b.min),
                secs(b.median),
                cpu(&b),
                secs(c.median),
                cpu(&c),
                rss(&b),
                rss(&c),
            )),
            (b, c) => {
                failed = true;
                for e in [b.err(), c.err()].into_iter().flatten() {
                    eprintln!("error: {n} briefings: {e}");
                }
                rows.push(format!("| {n} | {files} ({:.1} MB) | failed | | | | | | |", bytes as f64 / 1e6));
            }
        }
        clean();
    }

    println!();
    println!("| briefings | corpus files | build min | build median | build CPU | check median | check CPU | peak RSS MiB (build / check) | pages written |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for r in &rows {
        println!("{r}");
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
