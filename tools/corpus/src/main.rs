//! `corpus DIR N [--seed S] [--force]`: writes a synthetic dossier of N
//! briefings (see the library's documentation) and says what it wrote.
//!
//! ```text
//! cargo run --release -p dossier-corpus -- DIR N [--seed S] [--force]
//! ```

use std::path::PathBuf;
use std::time::Instant;
use std::{env, process};

use dossier_corpus::DEFAULT_SEED;

const USAGE: &str = "usage: corpus DIR N [--seed S] [--force]\n\
    \n  DIR      directory to write the dossier into (created; must be empty unless --force)\
    \n  N        number of briefings (e.g. 1000, 10_000)\
    \n  --seed S PRNG seed (default 42); same N and seed give the same corpus\
    \n  --force  replace DIR/content and DIR/dossier.yaml if they exist";

fn main() {
    let args: Vec<String> = env::args().skip(1).collect();
    let mut positional = Vec::new();
    let mut seed = DEFAULT_SEED;
    let mut force = false;
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        match a {
            "-h" | "--help" => {
                println!("{USAGE}");
                return;
            }
            "--force" => force = true,
            "--seed" => {
                i += 1;
                seed = match args.get(i).and_then(|s| parse_num(s)) {
                    Some(s) => s,
                    None => usage_error("--seed needs a whole number"),
                };
            }
            _ if a.starts_with("--seed=") => {
                seed = parse_num(&a["--seed=".len()..])
                    .unwrap_or_else(|| usage_error("--seed needs a whole number"));
            }
            _ if a.starts_with('-') && a.len() > 1 => usage_error(&format!("unknown option `{a}`")),
            _ => positional.push(a.to_string()),
        }
        i += 1;
    }
    if positional.len() != 2 {
        usage_error("expected DIR and N");
    }
    let dir = PathBuf::from(&positional[0]);
    let n = parse_num(&positional[1]).unwrap_or_else(|| {
        usage_error(&format!(
            "N must be a whole number, not `{}`",
            positional[1]
        ))
    }) as usize;

    if let Err(e) = dossier_corpus::prepare_dir(&dir, force) {
        eprintln!("error: {}: {e}", dir.display());
        process::exit(1);
    }
    let started = Instant::now();
    match dossier_corpus::generate(&dir, n, seed) {
        Ok(s) => println!(
            "corpus: wrote {} files, {} bytes ({:.1} MB) to {} in {:.2} s: {} briefings, {} actors, \
             {} places, {} sources, {} figures, {} events, {} quotes (seed {seed})",
            s.files,
            s.bytes,
            s.bytes as f64 / 1e6,
            dir.display(),
            started.elapsed().as_secs_f64(),
            s.briefings,
            s.actors,
            s.places,
            s.sources,
            s.figures,
            s.events,
            s.quotes,
        ),
        Err(e) => {
            eprintln!("error: writing {}: {e}", dir.display());
            process::exit(1);
        }
    }
}

fn usage_error(msg: &str) -> ! {
    eprintln!("error: {msg}\n{USAGE}");
    process::exit(2)
}

fn parse_num(s: &str) -> Option<u64> {
    let digits: String = s.chars().filter(|c| *c != '_' && *c != ',').collect();
    if digits.is_empty() {
        return None;
    }
    digits.parse().ok()
}
