//! The `dossier` command line: argument parsing, progress and exit codes.
//!
//! This is the only place that prints or decides how the process exits; the
//! library returns reports and diagnostics as data.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};
use dossier::build::{BuildOptions, Failure, Progress, Report, Reporter, Stage};
use dossier::diag::Diagnostic;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

#[derive(Parser)]
#[command(
    name = "dossier",
    version,
    about = "A static site generator for crisis dossiers: every number is a claim."
)]
struct Cli {
    /// The dossier's directory (holds dossier.yaml and content/)
    #[arg(short, long, global = true, default_value = ".")]
    root: PathBuf,
    /// The configuration file [default: ROOT/dossier.yaml]
    #[arg(short, long, global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output directory (public/ by default)
    Build {
        #[command(flatten)]
        common: Common,
        /// Where to write the site [default: ROOT/public]
        #[arg(short = 'o', long)]
        output_dir: Option<PathBuf>,
        /// Print nothing but problems (no progress, no summary)
        #[arg(short, long)]
        quiet: bool,
        /// Do not build the full-text search index (faster; the search page then says so)
        #[arg(long)]
        no_search: bool,
        /// Replace the output directory even if dossier did not write it (never the dossier's own sources, a file or a git repository)
        #[arg(long)]
        force: bool,
    },
    /// Check the dossier as `build` would, writing nothing
    Check {
        #[command(flatten)]
        common: Common,
    },
    /// Build and serve the site with live reload, rebuilding on every change
    ///
    /// The site is kept in memory (public/ is never touched); pages reload
    /// when an edit changes them, and a failed build shows its errors in
    /// the page while the last good pages stay served.
    Serve {
        #[command(flatten)]
        common: Common,
        /// The interface to listen on
        #[arg(short, long, default_value = "127.0.0.1")]
        interface: String,
        /// The port to listen on (0: any free port)
        #[arg(short, long, default_value_t = 1111)]
        port: u16,
        /// Open the site in the default browser
        #[arg(short = 'O', long)]
        open: bool,
        /// Poll for changes instead of waiting for file-system events (Docker volumes, WSL, network drives)
        #[arg(long)]
        poll: bool,
        /// How long to wait for an editor's burst of file events to end, in milliseconds
        #[arg(long, default_value_t = 10, value_name = "MS")]
        debounce: u64,
        /// Render every page an edit touches before the reload (by default only the open pages are, the others right after)
        #[arg(long)]
        no_fast_render: bool,
    },
    /// Create a new dossier in DIR (a new or empty directory)
    Init {
        /// Where to create it
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Write a new briefing, actor, place or source, named from its title
    ///
    /// The file goes in content/<kind>s/, its id made from the title
    /// (Cyrillic and Kazakh letters become ASCII); an existing file is
    /// never replaced. A new briefing is a draft dated today.
    New {
        /// What to write
        kind: NewKind,
        /// The title (a briefing or source) or name (an actor or place)
        title: String,
        /// The briefing's date, or the source's publication date, as YYYY-MM-DD [default: today, in UTC]
        #[arg(long)]
        date: Option<String>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum NewKind {
    Briefing,
    Actor,
    Place,
    Source,
}

/// How problems are reported.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum MessageFormat {
    /// rustc-style text on standard error
    Human,
    /// JSON Lines on standard output: one object per problem, then a summary
    Json,
}

#[derive(Args)]
struct Common {
    /// Use this base URL instead of the configuration's (e.g. https://example.org/sub/path/)
    #[arg(short = 'u', long)]
    base_url: Option<String>,
    /// Include draft briefings
    #[arg(long)]
    drafts: bool,
    /// Treat warnings as errors
    #[arg(long)]
    strict: bool,
    /// How to report problems: `human`, or `json` (JSON Lines on standard output, as cargo's)
    #[arg(long, value_enum, default_value = "human", value_name = "FMT")]
    message_format: MessageFormat,
}

fn options(cli: &Cli, common: &Common) -> BuildOptions {
    let mut o = BuildOptions::new(&cli.root);
    o.config = cli.config.clone();
    o.base_url = common.base_url.clone();
    o.drafts = common.drafts;
    o.strict = common.strict;
    o
}

/// Reports problems in the chosen format: text on standard error, or one
/// JSON object a line on standard output.
fn print_diagnostics(format: MessageFormat, diags: &[Diagnostic]) {
    use std::io::Write;
    // Buffered: standard error is not, and a diagnostic printed piece by
    // piece is a system call a piece (a 100,000-briefing dossier with a
    // hundred thousand warnings spent two seconds printing them).
    let (mut err, mut out) = (
        std::io::BufWriter::new(std::io::stderr().lock()),
        std::io::BufWriter::new(std::io::stdout().lock()),
    );
    for d in diags {
        // A closed pipe or a full disk is no reason to stop: the exit code
        // still tells.
        let _ = match format {
            MessageFormat::Human => writeln!(err, "{d}\n"),
            MessageFormat::Json => writeln!(out, "{}", d.to_json()),
        };
    }
    let _ = (err.flush(), out.flush());
}

/// With `--message-format json`, the last line: how many errors and warnings.
fn print_summary(format: MessageFormat, diags: &[Diagnostic]) {
    if format == MessageFormat::Json {
        let errors = diags.iter().filter(|d| d.is_error()).count();
        println!(
            "{}",
            dossier::diag::summary_json(errors, diags.len() - errors)
        );
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn failed(verb: &str, format: MessageFormat, f: &Failure) -> ExitCode {
    print_diagnostics(format, &f.diagnostics);
    print_summary(format, &f.diagnostics);
    let errors = f.errors();
    let warnings = f.diagnostics.len() - errors;
    let mut msg = format!(
        "error: could not {verb} the dossier: {}",
        plural(errors, "error", "errors")
    );
    if warnings > 0 {
        msg.push_str(&format!(", {}", plural(warnings, "warning", "warnings")));
    }
    eprintln!("{msg}");
    ExitCode::FAILURE
}

fn summary(r: &Report) -> String {
    let mut s = format!(
        "{} ({}, {})",
        plural(r.pages, "page", "pages"),
        plural(r.briefings, "briefing", "briefings"),
        plural(r.figures, "figure", "figures"),
    );
    if let Some(n) = r.indexed {
        s.insert_str(
            s.len() - 1,
            &format!(", {} in the search index", plural(n, "page", "pages")),
        );
    }
    if !r.warnings.is_empty() {
        s.push_str(&format!(
            ", {}",
            plural(r.warnings.len(), "warning", "warnings")
        ));
    }
    s
}

/// A progress bar on standard error, stage by stage, if it is a terminal;
/// otherwise (or with --quiet) nothing: the summary line says it all.
fn progress_bar(quiet: bool) -> Option<ProgressBar> {
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(10));
    Some(bar)
}

fn show_progress(bar: &ProgressBar, p: Progress) {
    if p.done == 0 {
        let (verb, unit) = match p.stage {
            Stage::Load => ("Loading", ""),
            Stage::Render => ("Rendering", "pages"),
            Stage::Index => ("Indexing", "pages for search"),
            Stage::Write => ("Writing", "files"),
        };
        let template = if p.total == 0 {
            format!("{{spinner}} {verb:>9} {unit}")
        } else {
            format!("{{spinner}} {verb:>9} [{{bar:30}}] {{pos}}/{{len}} {unit} ({{elapsed}})")
        };
        bar.set_style(
            ProgressStyle::with_template(&template)
                .expect("a valid template")
                .progress_chars("=> "),
        );
        bar.set_length(p.total as u64);
        bar.set_position(0);
        bar.enable_steady_tick(Duration::from_millis(120));
    } else {
        bar.set_position(p.done as u64);
    }
}

fn serve_event(format: MessageFormat, e: dossier::serve::Event<'_>) {
    use dossier::serve::Event;
    match e {
        Event::Listening {
            url,
            watching,
            polling,
        } => {
            let dirs: Vec<String> = watching.iter().map(|d| d.display().to_string()).collect();
            eprintln!(
                "Watching {} for changes{}",
                if dirs.is_empty() {
                    "dossier.yaml".to_string()
                } else {
                    format!("{} and dossier.yaml", dirs.join(", "))
                },
                if polling { " (polling)" } else { "" }
            );
            eprintln!("Serving at {url} (Ctrl-C to stop)");
        }
        Event::Built {
            built,
            cause,
            latency,
        } => {
            print_diagnostics(format, &built.warnings);
            print_summary(format, &built.warnings);
            let t = &built.timings;
            let mut s = format!(
                "{} {} in {:.1?}",
                if cause.is_empty() { "Built" } else { "Rebuilt" },
                plural(built.pages, "page", "pages"),
                t.total
            );
            if !cause.is_empty() {
                let files: Vec<String> = cause.iter().map(|p| p.display().to_string()).collect();
                s = format!(
                    "{s} after {}: {} rendered, {} changed{} (load {:.1?}, model {}{:.1?}, fingerprints {:.1?}, contexts {:.1?}, compare {:.1?}, render {:.1?}, other files {:.1?}, site map {:.1?}; {:.1?} from the change to the reload)",
                    files.join(", "),
                    built.rendered,
                    built.changed.len(),
                    if built.pending.is_empty() {
                        String::new()
                    } else {
                        format!(", {} for after the reload", built.pending.len())
                    },
                    t.load,
                    // The last model kept (a body-only or template edit).
                    if t.cut_off { "kept " } else { "" },
                    t.model,
                    t.fingerprints,
                    t.contexts,
                    t.compare,
                    t.tera,
                    t.outputs,
                    t.assemble,
                    latency.unwrap_or_default(),
                );
            } else {
                s = format!(
                    "{s} ({}, {})",
                    plural(built.briefings, "briefing", "briefings"),
                    plural(built.figures, "figure", "figures")
                );
            }
            if !built.warnings.is_empty() {
                s.push_str(&format!(
                    ", {}",
                    plural(built.warnings.len(), "warning", "warnings")
                ));
            }
            eprintln!("{s}");
        }
        Event::Finished { built, latency } => {
            let t = &built.timings;
            eprintln!(
                "Finished the pages for after the reload in {:.1?}: {} rendered, {} changed (fingerprints {:.1?}, contexts {:.1?}, compare {:.1?}, render {:.1?}, site map {:.1?}; {:.1?} from the change)",
                t.total,
                built.rendered,
                built.changed.len(),
                t.fingerprints,
                t.contexts,
                t.compare,
                t.tera,
                t.assemble,
                latency,
            );
        }
        Event::Failed { diagnostics, cause } => {
            print_diagnostics(format, diagnostics);
            print_summary(format, diagnostics);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            let files: Vec<String> = cause.iter().map(|p| p.display().to_string()).collect();
            eprintln!(
                "error: the build failed{}: {}; the last good pages are still served",
                if files.is_empty() {
                    String::new()
                } else {
                    format!(" after {}", files.join(", "))
                },
                plural(errors, "error", "errors")
            );
        }
        Event::Note(m) => eprintln!("note: {m}"),
        Event::Warning(m) => eprintln!("warning: {m}"),
    }
}

fn main() -> ExitCode {
    no_huge_pages();
    let cli = Cli::parse();
    match &cli.command {
        Command::Build {
            common,
            output_dir,
            quiet,
            no_search,
            force,
        } => {
            let mut o = options(&cli, common);
            o.force = *force;
            if let Some(out) = output_dir {
                o.output = out.clone();
            }
            if *no_search {
                o.search = false;
            }
            let bar = progress_bar(*quiet);
            if let Some(b) = &bar {
                let b = b.clone();
                o.progress = Reporter::new(move |p| show_progress(&b, p));
            }
            let result = dossier::build::build(&o);
            if let Some(b) = bar {
                b.finish_and_clear();
            }
            let format = common.message_format;
            match result {
                Ok(r) => {
                    print_diagnostics(format, &r.warnings);
                    print_summary(format, &r.warnings);
                    if !quiet {
                        eprintln!(
                            "Built {} in {:.2?} → {}",
                            summary(&r),
                            r.elapsed,
                            o.output.display()
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(f) => failed("build", format, &f),
            }
        }
        Command::Check { common } => {
            let format = common.message_format;
            match dossier::build::check(&options(&cli, common)) {
                Ok(r) => {
                    print_diagnostics(format, &r.warnings);
                    print_summary(format, &r.warnings);
                    eprintln!("Checked {} in {:.2?}: no errors", summary(&r), r.elapsed);
                    ExitCode::SUCCESS
                }
                Err(f) => failed("check", format, &f),
            }
        }
        Command::Serve {
            common,
            interface,
            port,
            open,
            poll,
            debounce,
            no_fast_render,
        } => {
            let mut o = dossier::serve::ServeOptions::new(options(&cli, common));
            o.interface = interface.clone();
            o.port = *port;
            o.open = *open;
            o.poll = poll.then_some(dossier::serve::DEFAULT_POLL);
            o.debounce = std::time::Duration::from_millis(*debounce);
            o.fast_render = !no_fast_render;
            let format = common.message_format;
            match dossier::serve::run(o, move |e| serve_event(format, e)) {
                Ok(()) => {
                    eprintln!("Stopped.");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Init { dir } => {
            let dir = if dir.as_os_str() == "." {
                cli.root.clone()
            } else {
                dir.clone()
            };
            match dossier::init::init(&dir) {
                Ok(files) => {
                    for f in files {
                        eprintln!("  created {}", dir.join(f).display());
                    }
                    eprintln!(
                        "New dossier in {}. Build it with: dossier -r {} build",
                        dir.display(),
                        dir.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::New { kind, title, date } => {
            let date = match date.as_deref().map(dossier::domain::Date::parse) {
                None => dossier::scaffold::today(),
                Some(Ok(d)) => d,
                Some(Err(e)) => {
                    eprintln!("error: --date: {e}");
                    return ExitCode::FAILURE;
                }
            };
            let kind = match kind {
                NewKind::Briefing => dossier::domain::Kind::Briefing,
                NewKind::Actor => dossier::domain::Kind::Actor,
                NewKind::Place => dossier::domain::Kind::Place,
                NewKind::Source => dossier::domain::Kind::Source,
            };
            match dossier::scaffold::new_file(&cli.root, kind, title, date) {
                Ok(rel) => {
                    eprintln!("  created {}", cli.root.join(rel).display());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

/// Rendering thousands of pages in parallel allocates and frees many small
/// strings and maps from both threads; mimalloc handles that churn with far
/// less time in the allocator than the system's. Its version 2, not 3:
/// a build of 10,000 briefings keeps about 105 MB live at its peak (by
/// heaptrack, under the system allocator), and mimalloc 3 held 310-320 MB
/// of memory for it where mimalloc 2 holds 285-300 MB, at the same speed.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Transparent huge pages off for this process (Linux). mimalloc asks for
/// memory in large spans; with huge pages on, the kernel backs each with
/// 2 MiB pages zeroed whole, most of which a build never touches: at
/// 10,000 briefings `build --no-search` peaked ~30 MiB higher with them
/// (290-300 MiB against 258-264 MiB) and spent about a tenth of its
/// samples zeroing them. This is what `MIMALLOC_ALLOW_THP=0` does, for the
/// whole process, before the first large allocation. Failing to set it
/// changes nothing but memory, so the error is ignored.
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
}
