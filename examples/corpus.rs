//! Synthetic dossier generator, for benchmarks and stress tests.
//!
//! ```text
//! cargo run --release --example corpus -- DIR N [--seed S] [--force]
//! ```
//!
//! Writes a complete dossier with `N` briefings into `DIR`: `dossier.yaml`,
//! `content/_index.md`, and `content/{briefings,actors,places,sources}/*.md`,
//! following the content format of `docs/` (DESIGN.md). The output depends only
//! on `N` and the seed (default 42): the same arguments give the same bytes.
//!
//! Roughly N/20 actors (at least 20), N/50 places (at least 10, in
//! country > region > city > site chains) and N/2 sources. Names mix Latin,
//! Cyrillic and Kazakh letters (Қасым-Жомарт Тоқаев, Алматы) so that slugs
//! and sorting get exercised; ids are ASCII slugs prefixed `b-`, `a-`, `p-`,
//! `s-` (figure ids `f-`), unique across kinds. Every reference resolves;
//! `supersedes`/`relay_of` only point to figures defined earlier (no cycles),
//! and a superseded figure has status `superseded`.
//!
//! Standard library only, so it also compiles on its own while the crate is
//! mid-edit: `rustc --edition 2021 -O examples/corpus.rs -o /tmp/corpus`.
//! `benches/build.rs` includes this file as a module and calls [`generate`].

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;
use std::{env, fs, io, process};

/// Seed used when `--seed` is not given.
pub const DEFAULT_SEED: u64 = 42;
/// Bump whenever the output for a given (N, seed) changes, so that cached
/// corpora (benches/build.rs) are regenerated.
pub const CORPUS_VERSION: u32 = 2;

const USAGE: &str = "usage: corpus DIR N [--seed S] [--force]\n\
    \n  DIR      directory to write the dossier into (created; must be empty unless --force)\
    \n  N        number of briefings (e.g. 1000, 10_000)\
    \n  --seed S PRNG seed (default 42); same N and seed give the same corpus\
    \n  --force  replace DIR/content and DIR/dossier.yaml if they exist";

#[allow(dead_code)]
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

    if let Err(e) = prepare_dir(&dir, force) {
        eprintln!("error: {}: {e}", dir.display());
        process::exit(1);
    }
    let started = Instant::now();
    match generate(&dir, n, seed) {
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

/// Refuses to write into a non-empty directory unless `force`, in which case
/// only what a previous run wrote (content/ and dossier.yaml) is removed.
fn prepare_dir(dir: &Path, force: bool) -> io::Result<()> {
    if dir.exists() {
        let non_empty = fs::read_dir(dir)?.next().is_some();
        if non_empty && !force {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                "directory is not empty (pass --force to replace its content/ and dossier.yaml)",
            ));
        }
        if force {
            let content = dir.join("content");
            if content.exists() {
                fs::remove_dir_all(&content)?;
            }
            let config = dir.join("dossier.yaml");
            if config.exists() {
                fs::remove_file(&config)?;
            }
        }
    }
    Ok(())
}

/// What [`generate`] wrote.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    pub files: usize,
    pub bytes: u64,
    pub briefings: usize,
    pub actors: usize,
    pub places: usize,
    pub sources: usize,
    pub figures: usize,
    pub events: usize,
    pub quotes: usize,
}

/// Writes a dossier with `n` briefings into `dir` (created if missing).
pub fn generate(dir: &Path, n: usize, seed: u64) -> io::Result<Stats> {
    let mut g = Gen::new(n, seed);
    g.places();
    g.actors();
    g.sources();
    g.briefings();
    g.write(dir)
}

// ---------------------------------------------------------------------------
// PRNG: xorshift64*, seeded through splitmix64.

pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        Rng(if z == 0 { 0x2545_F491_4F6C_DD1D } else { z })
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        debug_assert!(n > 0);
        (self.next_u64() % n as u64) as usize
    }

    /// Uniform in `lo..=hi`.
    fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }

    /// Index into `weights`, chosen with probability proportional to the weight.
    fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut r = self.below(total as usize) as u32;
        for (i, w) in weights.iter().enumerate() {
            if r < *w {
                return i;
            }
            r -= w;
        }
        weights.len() - 1
    }

    /// Up to `k` distinct elements of `xs`, in the order drawn.
    fn choose<T: Copy + PartialEq>(&mut self, xs: &[T], k: usize) -> Vec<T> {
        let k = k.min(xs.len());
        let mut out = Vec::with_capacity(k);
        while out.len() < k {
            let x = *self.pick(xs);
            if !out.contains(&x) {
                out.push(x);
            }
        }
        out
    }
}

// ---------------------------------------------------------------------------
// Dates: days since 1970-01-01 (proleptic Gregorian), so every date is valid.

const fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// First day of the corpus, and how many days it spans (about two years).
const START: i64 = days_from_civil(2022, 1, 1);
const SPAN: i64 = 730;

fn iso(day: i64) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

fn long_date(day: i64) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let (y, m, d) = civil_from_days(day);
    format!("{d} {} {y}", MONTHS[(m - 1) as usize])
}

// ---------------------------------------------------------------------------
// Text helpers.

fn translit(c: char, out: &mut String) {
    let s = match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'е' => "e",
        'ё' => "yo",
        'ж' => "zh",
        'з' => "z",
        'и' => "i",
        'й' => "y",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' => "",
        'ы' => "y",
        'ь' => "",
        'э' => "e",
        'ю' => "yu",
        'я' => "ya",
        // Kazakh letters
        'ә' => "a",
        'ғ' => "gh",
        'қ' => "q",
        'ң' => "ng",
        'ө' => "o",
        'ұ' => "u",
        'ү' => "u",
        'һ' => "h",
        'і' => "i",
        // Latin with diacritics
        'ä' | 'á' | 'à' | 'â' => "a",
        'ö' | 'ó' | 'ô' => "o",
        'ü' | 'ú' => "u",
        'é' | 'è' | 'ê' => "e",
        'ł' => "l",
        'ñ' | 'ń' => "n",
        'ç' | 'č' => "c",
        'ş' | 'š' | 'ś' => "s",
        'ğ' => "g",
        'ı' | 'í' => "i",
        'ž' | 'ź' | 'ż' => "z",
        c if c.is_ascii() => {
            out.push(c);
            return;
        }
        _ => "",
    };
    out.push_str(s);
}

/// ASCII transliteration, keeping case for the first letter of each word.
fn latin(s: &str) -> String {
    let mut out = String::new();
    let mut start = true;
    for c in s.chars() {
        let lower: String = c.to_lowercase().collect();
        let mut t = String::new();
        for lc in lower.chars() {
            translit(lc, &mut t);
        }
        if start && c.is_uppercase() {
            let mut cs = t.chars();
            if let Some(f) = cs.next() {
                out.extend(f.to_uppercase());
                out.push_str(cs.as_str());
            }
        } else {
            out.push_str(&t);
        }
        start = !c.is_alphanumeric();
    }
    out
}

/// Lowercase ASCII slug: letters and digits, words joined by `-`, at most `max` bytes.
fn slug(s: &str, max: usize) -> String {
    let mut t = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        translit(c, &mut t);
    }
    let mut out = String::new();
    let mut dash = false;
    for c in t.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            dash = true;
        }
        if out.len() >= max {
            break;
        }
    }
    out.truncate(max);
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// A double-quoted YAML scalar.
fn q(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 2);
    o.push('"');
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            '\n' => o.push_str("\\n"),
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

/// A tag as a YAML scalar: plain when it is a simple ASCII slug, quoted otherwise.
fn yaml_tag(t: &str) -> String {
    let plain = t.starts_with(|c: char| c.is_ascii_lowercase())
        && t.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if plain {
        t.to_string()
    } else {
        q(t)
    }
}

fn flow_list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let v: Vec<&str> = items.into_iter().collect();
    format!("[{}]", v.join(", "))
}

fn capitalize(s: &str) -> String {
    let mut cs = s.chars();
    match cs.next() {
        Some(f) => f.to_uppercase().chain(cs).collect(),
        None => String::new(),
    }
}

// ---------------------------------------------------------------------------
// Vocabulary.

const COUNTRIES: [(&str, &str); 12] = [
    ("Kazakhstan", "Republic of Kazakhstan"),
    ("Kyrgyzstan", "Kyrgyz Republic"),
    ("Russia", "Russian Federation"),
    ("Uzbekistan", "Republic of Uzbekistan"),
    ("China", "People's Republic of China"),
    ("Belarus", "Republic of Belarus"),
    ("Armenia", "Republic of Armenia"),
    ("Tajikistan", "Republic of Tajikistan"),
    ("Turkmenistan", "Turkmenistan (state)"),
    ("Mongolia", "Mongolia (state)"),
    ("Georgia", "Georgia (state)"),
    ("Azerbaijan", "Republic of Azerbaijan"),
];

const KZ_REGIONS: [&str; 14] = [
    "Алматы облысы",
    "Mangystau Region",
    "Қарағанды облысы",
    "Жамбыл облысы",
    "Atyrau Region",
    "Түркістан облысы",
    "Ақтөбе облысы",
    "Қызылорда облысы",
    "East Kazakhstan Region",
    "Павлодар облысы",
    "Ақмола облысы",
    "Батыс Қазақстан облысы",
    "Қостанай облысы",
    "Солтүстік Қазақстан облысы",
];

const KZ_CITIES: [&str; 22] = [
    "Алматы",
    "Nur-Sultan",
    "Шымкент",
    "Ақтөбе",
    "Қарағанды",
    "Жаңаөзен",
    "Тараз",
    "Талдықорған",
    "Ақтау",
    "Атырау",
    "Қызылорда",
    "Өскемен",
    "Семей",
    "Павлодар",
    "Көкшетау",
    "Uralsk",
    "Kostanay",
    "Petropavl",
    "Türkistan",
    "Ekibastuz",
    "Қонаев",
    "Жезқазған",
];

const SYLLABLES_CYR: [&str; 24] = [
    "қа", "ра", "бұ", "лақ", "тө", "бе", "ас", "тан", "ке", "мер", "жар", "көл", "са", "ры", "ақ",
    "су", "ой", "бай", "ту", "ма", "ші", "ғұл", "ең", "өз",
];
const SYLLABLES_LAT: [&str; 20] = [
    "ka", "ra", "bu", "lak", "to", "be", "as", "tan", "ke", "mer", "zhar", "kol", "sa", "ry", "ak",
    "su", "oi", "bai", "tu", "ma",
];

const SITES: [&str; 12] = [
    "{c} city administration",
    "Republic Square, {c}",
    "{c} International Airport",
    "{c} TV tower",
    "Police Department No. {k}, {c}",
    "{c} central hospital",
    "{c} railway station",
    "Independence Monument, {c}",
    "{c} regional akimat",
    "ҰҚК building, {c}",
    "Detention centre No. {k}, {c}",
    "{c} central market",
];

const CYR_FIRST: [&str; 20] = [
    "Қасым-Жомарт",
    "Нұрсұлтан",
    "Кәрім",
    "Асқар",
    "Ерлан",
    "Мұхтар",
    "Айгүл",
    "Гүлнар",
    "Дәурен",
    "Жанар",
    "Бауыржан",
    "Сәуле",
    "Тимур",
    "Дарига",
    "Ержан",
    "Әлия",
    "Нұрлан",
    "Серік",
    "Ғалым",
    "Айнұр",
];
const CYR_LAST: [&str; 18] = [
    "Тоқаев",
    "Назарбаев",
    "Мәсімов",
    "Мамин",
    "Смайылов",
    "Тұрғымбаев",
    "Әбілов",
    "Сұлтанов",
    "Жақсыбеков",
    "Иманғалиев",
    "Қасымов",
    "Бекмұхамедов",
    "Оспанова",
    "Сейітқали",
    "Ахметов",
    "Жұмабаев",
    "Өтебаев",
    "Ибрагимова",
];
const LAT_FIRST: [&str; 16] = [
    "Anna", "Marat", "Dmitry", "Olga", "Sergei", "Elena", "John", "Maria", "Kenji", "Amira",
    "Peter", "Laura", "Ruslan", "Dana", "Yerlan", "Zhanna",
];
const LAT_LAST: [&str; 15] = [
    "Petrova",
    "Ivanov",
    "Smith",
    "Kowalski",
    "Haddad",
    "Sato",
    "Novak",
    "Bauer",
    "Kim",
    "Ospanov",
    "Dzhaksybekov",
    "García",
    "Müller",
    "Łukasik",
    "Brennan",
];
const INITIALS: [&str; 12] = [
    "А.", "Б.", "Қ.", "Е.", "Ж.", "М.", "N.", "K.", "S.", "T.", "R.", "D.",
];

/// (name, aliases, country index or none)
const INTL_ORGS: [(&str, &[&str]); 5] = [
    ("Collective Security Treaty Organization", &["CSTO", "ОДКБ"]),
    (
        "UN Office of the High Commissioner for Human Rights",
        &["OHCHR"],
    ),
    (
        "Organization for Security and Co-operation in Europe",
        &["OSCE"],
    ),
    ("European Union", &["EU"]),
    ("International Committee of the Red Cross", &["ICRC"]),
];

/// (outlet, domain, usual language, local to Kazakhstan); the first 12 are also media actors.
const OUTLETS: [(&str, &str, &str, bool); 18] = [
    ("Azattyq", "rus.azattyq.org", "ru", true),
    ("Tengrinews", "tengrinews.kz", "ru", true),
    ("Reuters", "www.reuters.com", "en", false),
    ("Интерфакс-Казахстан", "interfax.kz", "ru", true),
    ("Orda.kz", "orda.kz", "ru", true),
    ("Vlast.kz", "vlast.kz", "ru", true),
    ("Kazinform", "www.inform.kz", "kk", true),
    ("Eurasianet", "eurasianet.org", "en", false),
    ("Хабар 24", "24.kz", "kk", true),
    ("Associated Press", "apnews.com", "en", false),
    ("TASS", "tass.ru", "ru", false),
    ("KazTAG", "kaztag.kz", "ru", true),
    ("BBC News", "www.bbc.com", "en", false),
    ("The Guardian", "www.theguardian.com", "en", false),
    ("Human Rights Watch", "www.hrw.org", "en", false),
    ("Akorda", "www.akorda.kz", "kk", true),
    ("CNN", "edition.cnn.com", "en", false),
    ("Новая газета", "novayagazeta.ru", "ru", false),
];
const MEDIA_ALIASES: [&[&str]; 12] = [
    &["Азаттық", "RFE/RL Kazakh Service"],
    &[],
    &[],
    &["Interfax-Kazakhstan"],
    &[],
    &["Власть"],
    &["Қазақпарат"],
    &[],
    &["Khabar 24"],
    &["AP"],
    &["ТАСС"],
    &[],
];

/// Templates: {C} a country name, {c} a city name.
const GOVERNMENTS: [(&str, &[&str]); 8] = [
    (
        "Ministry of Internal Affairs of {C}",
        &["Interior Ministry", "MVD"],
    ),
    ("Ministry of Health of {C}", &["Health Ministry"]),
    ("Ministry of Defence of {C}", &["MoD"]),
    (
        "Prosecutor General's Office of {C}",
        &["Prosecutor General"],
    ),
    ("Office of the President of {C}", &["Presidential Office"]),
    ("Ministry of Information of {C}", &[]),
    ("{c} city akimat", &["{c} akimat"]),
    ("{c} қаласының әкімдігі", &[]),
];
const SECURITY: [(&str, &[&str]); 7] = [
    ("National Guard of {C}", &["National Guard"]),
    ("National Security Committee of {C}", &["KNB", "ҰҚК"]),
    ("Border Service of {C}", &[]),
    ("Police of {c}", &["{c} police"]),
    ("Armed Forces of {C}", &["army"]),
    ("Rapid reaction force, {c}", &["SOBR"]),
    ("«Сұңқар» special forces, {c}", &["Sunkar"]),
];
const GROUPS_ACTORS: [&str; 10] = [
    "Protesters in {c}",
    "Oil workers of {c}",
    "Democratic Choice of {C}",
    "{c} Taxi Drivers' Association",
    "Relatives of the detained in {c}",
    "{c} residents' initiative",
    "Ата-Жұрт ({c})",
    "Human Rights Bureau of {C}",
    "Amnesty International ({C} section)",
    "Volunteer medics of {c}",
];

const TAGS: [&str; 52] = [
    "protest",
    "fuel-prices",
    "lpg",
    "crackdown",
    "state-of-emergency",
    "curfew",
    "internet-shutdown",
    "csto",
    "casualties",
    "detentions",
    "torture-allegations",
    "amnesty",
    "elections",
    "oil-workers",
    "zhanaozen",
    "almaty",
    "nur-sultan",
    "shymkent",
    "aktobe",
    "taraz",
    "media-freedom",
    "journalists",
    "human-rights",
    "investigation",
    "court",
    "sentencing",
    "missing-persons",
    "hospitals",
    "security-forces",
    "national-guard",
    "army",
    "police",
    "knb",
    "looting",
    "arson",
    "airport",
    "city-hall",
    "shoot-to-kill",
    "terrorism-claims",
    "foreign-fighters",
    "disinformation",
    "russia",
    "china",
    "eu",
    "un",
    "economy",
    "banking",
    "transport",
    "government-resignation",
    "funerals",
    "алматы",
    "қаңтар-оқиғасы",
];

const MEASURES: [&str; 8] = [
    "killed",
    "injured",
    "hospitalized",
    "critical",
    "arrested",
    "detained",
    "missing",
    "displaced",
];
const MEASURE_WEIGHTS: [u32; 8] = [30, 20, 12, 5, 8, 15, 6, 4];
/// Log-uniform range of a fresh count, per measure.
const MEASURE_SCALE: [(f64, f64); 8] = [
    (1.0, 250.0),
    (5.0, 5000.0),
    (5.0, 2000.0),
    (1.0, 120.0),
    (10.0, 10_000.0),
    (10.0, 12_000.0),
    (1.0, 500.0),
    (50.0, 20_000.0),
];
const FIG_GROUPS: [(&str, &str); 7] = [
    ("protesters", "protesters"),
    ("security-forces", "members of the security forces"),
    ("civilians", "civilians"),
    ("children", "children"),
    ("all", "people"),
    ("journalists", "journalists"),
    ("foreign-nationals", "foreign nationals"),
];
const FIG_GROUP_WEIGHTS: [u32; 7] = [25, 20, 15, 5, 25, 5, 5];

/// The claimant's own words, per measure (same order as MEASURES).
const WORDS: [&[&str]; 8] = [
    &[
        "{n} people died",
        "{n} servicemen killed",
        "{n} человек погибли",
        "{n} адам қаза тапты",
    ],
    &[
        "{n} wounded, \"many seriously\"",
        "{n} пострадавших",
        "{n} адам жараланды",
    ],
    &["{n} hospitalised", "госпитализированы {n} человек"],
    &["{n} in critical condition", "{n} в тяжёлом состоянии"],
    &["{n} arrested", "арестованы {n} человек"],
    &[
        "{n} taken into custody",
        "задержаны {n} человек",
        "{n} адам ұсталды",
    ],
    &["{n} unaccounted for", "{n} пропавших без вести"],
    &["{n} fled their homes", "{n} displaced"],
];
const RETRACTIONS: [&str; 4] = [
    "Withdrawn by the claimant the next day.",
    "Retracted: the claimant said the count had been entered twice.",
    "The outlet removed the number from its report without explanation.",
    "Retracted after the named hospital denied giving any figures.",
];
const NOTES: [&str; 8] = [
    "First official count.",
    "Revised after hospital data was released.",
    "Repeated without attribution by several outlets.",
    "Figure includes victims in neighbouring districts.",
    "Claimant later said the number was provisional.",
    "Contradicted by eyewitness reports.",
    "Unclear whether this includes security forces.",
    "Given orally at a press briefing; no written record.",
];

// Slots: {A} actor, {P} place, {S} source, {B} another briefing, {N} number,
// {D} date, {M} measure word, {G} group words, {O} outlet.
const HEADLINES: [&str; 22] = [
    "Security forces retake {P} city hall",
    "{A} declares state of emergency in {P}",
    "Death toll in {P} rises to {N}, officials say",
    "Internet shutdown cuts off {P}",
    "{A} disputes official casualty figures",
    "Protests spread from {P} to neighbouring towns",
    "Curfew imposed in {P} as clashes continue",
    "{N} detained overnight in {P}",
    "{A} calls for an independent investigation",
    "Hospitals in {P} report surge of wounded",
    "Troops deployed to {P} at the request of {A}",
    "Families search for the missing in {P}",
    "{A}: \"order has been restored\"",
    "Fuel price protest in {P} enters day {K}",
    "Conflicting accounts of shooting near {P}",
    "{A} releases revised figures for {P}",
    "Court in {P} hands down first sentences",
    "Amnesty announced for those detained in {P}",
    "Journalists detained while covering events in {P}",
    "Witnesses describe night of violence in {P} & surrounding areas",
    "{A} says 'fewer than {N}' {M} in {P}",
    "Qui a tiré à {P} ? Foreign press questions the official account",
];
const SUMMARIES: [&str; 6] = [
    "Latest figures from {P} and what {A} says about them.",
    "How the events in {P} unfolded on {D}, and who reported what.",
    "{A} revises its count; independent reports from {P} disagree.",
    "Detentions, curfews and communication blackouts across {P}.",
    "A digest of claims about {G} {M} in {P}.",
    "What {O} and {A} reported, side by side.",
];
const SENTENCES: [&str; 26] = [
    "{A} said the situation in {P} remained tense on {D}, according to {S}.",
    "Footage verified by {S} shows crowds gathering near the central square of {P} before dawn, while armoured vehicles blocked the approach roads.",
    "The figure of {N} {G} {M} could not be independently confirmed; {A} declined to say how it had been compiled.",
    "Residents of {P} reached by telephone described intermittent gunfire through the night and said mobile internet had been cut since the afternoon.",
    "As reported in {B}, the first official statements contradicted accounts collected by local journalists.",
    "{A} and {A} gave differing accounts of the same events, and neither has published the underlying records.",
    "According to {S}, at least {N} people were treated in hospitals in {P} by the evening of {D}.",
    "The account of {A} is consistent with satellite imagery of {P} reviewed by our editors, but not with the timeline given by {A}.",
    "Lawyers representing families in {P} said relatives had been unable to locate {N} people held since {D}.",
    "{S} quoted an unnamed official as saying that the operation in {P} would continue \"until order is fully restored\".",
    "Prices for liquefied gas in {P} had doubled at the start of the month, the trigger most observers cite for the first protests.",
    "Compare the earlier figures in {B}: the count attributed to {A} has since been revised more than once.",
    "The statement by {A} was published first in Russian and only later in Kazakh and English; the versions differ in the number of {G} reported {M}.",
    "Our editors rate the reporting of {S} as *generally reliable*, though it relied on a single source inside {P}.",
    "By {D}, checkpoints had been set up on all roads leading into {P}, and a curfew was in force from 23:00 to 07:00.",
    "{A} told reporters that \"provocateurs\" had been detained in {P}, without giving names or numbers.",
    "Independent monitors counted {N} reports of {G} {M} in {P} alone, a number **far above** the official total.",
    "Eyewitnesses in {P} said security forces fired warning shots before opening fire on the crowd; {A} denies this.",
    "Hospitals in {P} stopped sharing admission data on {D}, according to staff who spoke to {S}.",
    "A list of names compiled by volunteers in {P} has grown to {N} entries; it has not been verified.",
    "See also the profile of {A} and the record of {P}, which collect every figure attributed to them.",
    "The video shared by {S} was geolocated to a street near the regional administration building in {P}.",
    "Relatives gathered outside the detention centre in {P}, saying they had received no information about {N} detainees.",
    "{A} later said the earlier statement had been \"misinterpreted\" by the press.",
    "{O} reported that flights to and from {P} were suspended until {D}.",
    "Figures for {P} published by {A} on {D} were < {N} & did not distinguish {G} from bystanders.",
];
const FILLERS: [&str; 14] = [
    "Details remain fragmentary and this briefing will be updated as more information becomes available.",
    "Communication with the region was intermittent for most of the day, which makes independent verification slow.",
    "None of the figures here should be read as final; each is attributed to whoever made the claim.",
    "Several accounts could not be reconciled, and we report them side by side rather than choosing between them.",
    "Official statements were issued late at night and were often revised by the following morning.",
    "Local journalists worked under curfew and with restricted access to hospitals and morgues.",
    "The timeline is reconstructed from published reports, video evidence and official statements.",
    "Where sources disagree on dates or numbers, the disagreement is recorded in the casualty ledger.",
    "We have not been able to reach the regional prosecutor's office for comment.",
    "Translations from Russian and Kazakh are our own.",
    "Names of private individuals are withheld unless they have spoken publicly.",
    "Several of the videos circulating online turned out to be older footage from other places.",
    "The government has not published a list of the dead, which makes every total provisional.",
    "Numbers quoted by officials at press conferences did not always match the written statements released afterwards.",
];
const LIST_ITEMS: [&str; 10] = [
    "{A} confirmed the figures on {D}.",
    "Roads into {P} reopened.",
    "Mobile internet restored in {P}.",
    "{N} people detained, per {S}.",
    "Curfew extended until {D}.",
    "No independent access to morgues in {P}.",
    "{A} has not responded to our questions.",
    "Flights to {P} suspended.",
    "`{N}` is the highest count so far for {P}.",
    "Statement by {A} contradicts {S}.",
];
const HEADINGS: [&str; 7] = [
    "What we know",
    "Background",
    "Official figures",
    "Competing accounts",
    "Timeline",
    "Open questions",
    "Sources and method",
];
const EVENT_TITLES: [&str; 10] = [
    "Crowds gather on the central square of {P}",
    "Security forces open fire near the administration building in {P}",
    "Internet access cut in {P}",
    "Curfew announced in {P}",
    "Airport of {P} seized",
    "Troops arrive in {P}",
    "Mass detentions reported in {P}",
    "Funeral processions in {P}",
    "Shops looted in {P}",
    "Regional administration in {P} set on fire",
];
const EVENT_TIMES: [&str; 7] = [
    "morning",
    "afternoon",
    "evening",
    "night",
    "around 10:00",
    "shortly after midnight",
    "14:30",
];
const QUOTES: [&str; 10] = [
    "Order has been restored in all regions.",
    "We will not negotiate with criminals.",
    "The number of victims is far higher than the authorities admit.",
    "Я отдал приказ открывать огонь на поражение без предупреждения.",
    "Біз бейбіт наразылыққа шықтық.",
    "No one has told us where our sons are being held.",
    "The peacekeeping mission has fulfilled its task.",
    "Ситуация стабилизирована.",
    "These were not \"peaceful protesters\" but trained militants.",
    "We demand an independent international investigation.",
];
const SOURCE_TITLES_EN: [&str; 10] = [
    "{P}: {N} reported {M} as unrest continues",
    "Unrest spreads to {P}",
    "{A} orders troops to restore order in {P}",
    "Internet blackout hits {P}",
    "Eyewitnesses describe night of shooting in {P}",
    "What we know about the violence in {P}",
    "{A} says \"terrorists\" behind the riots",
    "Official death toll revised to {N}",
    "Families of detainees in {P} demand answers",
    "Live updates: protests in {P}",
];
const SOURCE_TITLES_RU: [&str; 6] = [
    "В {P} задержаны {N} человек",
    "{A}: ситуация в {P} стабилизирована",
    "Число погибших выросло до {N}",
    "В {P} ввели комендантский час",
    "Что известно о событиях в {P}",
    "Очевидцы рассказали о стрельбе в {P}",
];
const SOURCE_TITLES_KK: [&str; 5] = [
    "{P}: {N} адам ұсталды",
    "{A} мәлімдеме жасады",
    "{P} қаласында төтенше жағдай енгізілді",
    "Қаза тапқандар саны {N}-ге жетті",
    "{P}: жағдай тұрақталды",
];

// ---------------------------------------------------------------------------
// Model.

#[derive(Clone, Copy, PartialEq, Eq)]
enum PlaceKind {
    Country,
    Region,
    City,
    Site,
}

struct Place {
    id: String,
    name: String,
    kind: PlaceKind,
    within: Option<usize>,
    country: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ActorKind {
    Person,
    Government,
    SecurityForce,
    InternationalOrg,
    State,
    Media,
    Group,
}

impl ActorKind {
    fn as_str(self) -> &'static str {
        match self {
            ActorKind::Person => "person",
            ActorKind::Government => "government",
            ActorKind::SecurityForce => "security-force",
            ActorKind::InternationalOrg => "international-org",
            ActorKind::State => "state",
            ActorKind::Media => "media",
            ActorKind::Group => "group",
        }
    }
    fn claims(self) -> bool {
        !matches!(self, ActorKind::Media)
    }
}

struct Actor {
    id: String,
    name: String,
    kind: ActorKind,
    aliases: Vec<String>,
    country: Option<usize>,
    bio: Option<String>,
}

struct Source {
    id: String,
    title: String,
    outlet: &'static str,
    published: i64,
    url: String,
    archive_url: Option<String>,
    language: &'static str,
    reliability: Option<char>,
}

struct Event {
    date: i64,
    time: Option<&'static str>,
    place: usize,
    title: String,
    sources: Vec<usize>,
}

struct Quote {
    actor: usize,
    date: i64,
    text: &'static str,
    source: usize,
}

#[derive(Clone)]
struct Figure {
    id: Option<String>,
    measure: usize,
    group: usize,
    value: u64,
    count: Option<u64>,
    min: Option<u64>,
    max: Option<u64>,
    qualifier: &'static str,
    as_of: i64,
    place: usize,
    claimed_by: usize,
    source: usize,
    via: Vec<usize>,
    words: Option<String>,
    status: &'static str,
    supersedes: Option<usize>,
    relay_of: Option<usize>,
    credibility: Option<u8>,
    note: Option<&'static str>,
}

impl Figure {
    fn display(&self) -> String {
        match (self.count, self.min, self.max) {
            (Some(c), _, _) => c.to_string(),
            (None, Some(lo), Some(hi)) => format!("{lo}–{hi}"),
            (None, Some(lo), None) => format!("at least {lo}"),
            (None, None, Some(hi)) => format!("up to {hi}"),
            (None, None, None) => "?".to_string(),
        }
    }
}

struct Briefing {
    id: String,
    title: String,
    date: i64,
    summary: String,
    draft: Option<bool>,
    tags: Vec<&'static str>,
    actors: Vec<usize>,
    places: Vec<usize>,
    sources: Vec<usize>,
    events: Vec<Event>,
    figures: Vec<usize>,
    quotes: Vec<Quote>,
    body: String,
}

struct Gen {
    n: usize,
    rng: Rng,
    ids: HashSet<String>,
    places: Vec<Place>,
    actors: Vec<Actor>,
    sources: Vec<Source>,
    briefings: Vec<Briefing>,
    figures: Vec<Figure>,
    /// Actor indices by role.
    claimants: Vec<usize>,
    media: Vec<usize>,
    persons: Vec<usize>,
    /// Figures with an id (possible `relay_of` targets), in definition order.
    with_id: Vec<usize>,
    /// Current figures with an id per (measure, group): possible `supersedes` targets.
    current: HashMap<(usize, usize), Vec<usize>>,
}

/// Context for filling a template inside one briefing.
struct Ctx<'a> {
    actors: &'a [usize],
    places: &'a [usize],
    sources: &'a [usize],
    date: i64,
    self_index: usize,
    /// Probability that an actor/place/source slot becomes a `[[id]]` wiki link.
    link: f64,
}

impl Gen {
    fn new(n: usize, seed: u64) -> Gen {
        Gen {
            n,
            rng: Rng::new(seed),
            ids: HashSet::new(),
            places: Vec::new(),
            actors: Vec::new(),
            sources: Vec::new(),
            briefings: Vec::with_capacity(n),
            figures: Vec::new(),
            claimants: Vec::new(),
            media: Vec::new(),
            persons: Vec::new(),
            with_id: Vec::new(),
            current: HashMap::new(),
        }
    }

    /// `base` (already a slug) made unique across every id in the dossier.
    fn unique_id(&mut self, base: String) -> String {
        let mut id = base.clone();
        let mut k = 2;
        while !self.ids.insert(id.clone()) {
            id = format!("{base}-{k}");
            k += 1;
        }
        id
    }

    fn gen_name(&mut self, cyrillic: bool) -> String {
        let parts = self.rng.between(2, 3);
        let mut s = String::new();
        for _ in 0..parts {
            if cyrillic {
                s.push_str(self.rng.pick::<&str>(&SYLLABLES_CYR[..]));
            } else {
                s.push_str(self.rng.pick::<&str>(&SYLLABLES_LAT[..]));
            }
        }
        capitalize(&s)
    }

    // -- places -------------------------------------------------------------

    fn places(&mut self) {
        let total = (self.n / 50).max(10);
        let countries = (total / 10).clamp(3, COUNTRIES.len());
        let regions = (total * 2 / 10).max(2);
        let cities = (total * 4 / 10).max(3);
        let sites = total.saturating_sub(countries + regions + cities);
        let mut names = HashSet::new();

        for (name, _) in COUNTRIES.iter().take(countries) {
            let id = self.unique_id(format!("p-{}", slug(name, 40)));
            names.insert(name.to_string());
            let idx = self.places.len();
            self.places.push(Place {
                id,
                name: name.to_string(),
                kind: PlaceKind::Country,
                within: None,
                country: idx,
            });
        }
        let mut kz_regions = KZ_REGIONS.iter();
        let mut region_idx = Vec::new();
        for _ in 0..regions {
            let country = if self.rng.chance(0.7) {
                0
            } else {
                self.rng.below(countries)
            };
            let name = match (country, kz_regions.next()) {
                (0, Some(r)) => r.to_string(),
                _ => {
                    let cyr = self.rng.chance(0.5);
                    let base = self.gen_name(cyr);
                    if cyr {
                        format!("{base} облысы")
                    } else {
                        format!("{base} Region")
                    }
                }
            };
            let name = self.unique_name(&mut names, name);
            let id = self.unique_id(format!("p-{}", slug(&name, 40)));
            region_idx.push(self.places.len());
            self.places.push(Place {
                id,
                name,
                kind: PlaceKind::Region,
                within: Some(country),
                country,
            });
        }
        let mut kz_cities = KZ_CITIES.iter();
        let mut city_idx = Vec::new();
        for _ in 0..cities {
            let parent = if self.rng.chance(0.8) {
                *self.rng.pick(&region_idx)
            } else {
                self.rng.below(countries)
            };
            let country = self.places[parent].country;
            let name = match (country, kz_cities.next()) {
                (0, Some(c)) => c.to_string(),
                _ => {
                    let cyr = self.rng.chance(0.5);
                    self.gen_name(cyr)
                }
            };
            let name = self.unique_name(&mut names, name);
            let id = self.unique_id(format!("p-{}", slug(&name, 40)));
            city_idx.push(self.places.len());
            self.places.push(Place {
                id,
                name,
                kind: PlaceKind::City,
                within: Some(parent),
                country,
            });
        }
        for _ in 0..sites {
            let city = *self.rng.pick(&city_idx);
            let tpl = *self.rng.pick(&SITES);
            let k = self.rng.between(1, 12).to_string();
            let name = tpl
                .replace("{c}", &self.places[city].name)
                .replace("{k}", &k);
            let name = self.unique_name(&mut names, name);
            let id = self.unique_id(format!("p-{}", slug(&name, 48)));
            let country = self.places[city].country;
            self.places.push(Place {
                id,
                name,
                kind: PlaceKind::Site,
                within: Some(city),
                country,
            });
        }
    }

    fn unique_name(&mut self, names: &mut HashSet<String>, name: String) -> String {
        let mut candidate = name.clone();
        let mut k = 2;
        while !names.insert(candidate.clone()) {
            candidate = format!("{name} {k}");
            k += 1;
        }
        candidate
    }

    fn cities(&self) -> Vec<usize> {
        (0..self.places.len())
            .filter(|&i| self.places[i].kind == PlaceKind::City)
            .collect()
    }

    fn countries(&self) -> Vec<usize> {
        (0..self.places.len())
            .filter(|&i| self.places[i].kind == PlaceKind::Country)
            .collect()
    }

    // -- actors -------------------------------------------------------------

    fn push_actor(
        &mut self,
        name: String,
        kind: ActorKind,
        aliases: Vec<String>,
        country: Option<usize>,
    ) {
        let id = self.unique_id(format!("a-{}", slug(&name, 44)));
        let idx = self.actors.len();
        if kind.claims() {
            self.claimants.push(idx);
        }
        match kind {
            ActorKind::Media => self.media.push(idx),
            ActorKind::Person => self.persons.push(idx),
            _ => {}
        }
        self.actors.push(Actor {
            id,
            name,
            kind,
            aliases,
            country,
            bio: None,
        });
    }

    fn actors(&mut self) {
        let total = (self.n / 20).max(20);
        let countries = self.countries();
        let cities = self.cities();
        let mut names: HashSet<String> = HashSet::new();

        // The fixed cast first: media (also used as `via`), states, international organisations.
        for (i, (outlet, _, _, local)) in OUTLETS.iter().take((total / 4).clamp(3, 12)).enumerate()
        {
            let aliases = MEDIA_ALIASES[i].iter().map(|s| s.to_string()).collect();
            names.insert(outlet.to_string());
            self.push_actor(
                outlet.to_string(),
                ActorKind::Media,
                aliases,
                if *local { Some(0) } else { None },
            );
        }
        for &c in countries.iter().take(if total > 40 { 3 } else { 2 }) {
            let name = COUNTRIES[c].1.to_string();
            names.insert(name.clone());
            self.push_actor(
                name,
                ActorKind::State,
                vec![self.places[c].name.clone()],
                Some(c),
            );
        }
        let head = "Қасым-Жомарт Тоқаев".to_string();
        names.insert(head.clone());
        self.push_actor(
            head,
            ActorKind::Person,
            vec!["Kassym-Jomart Tokayev".into(), "Tokayev".into()],
            Some(0),
        );
        for (name, aliases) in INTL_ORGS.iter().take(if total > 40 { 5 } else { 2 }) {
            names.insert(name.to_string());
            self.push_actor(
                name.to_string(),
                ActorKind::InternationalOrg,
                aliases.iter().map(|s| s.to_string()).collect(),
                None,
            );
        }

        let mut rerolls = 0;
        while self.actors.len() < total {
            let country = if self.rng.chance(0.8) {
                0
            } else {
                *self.rng.pick(&countries)
            };
            let country_name = self.places[country].name.clone();
            let city_name = {
                let local: Vec<usize> = cities
                    .iter()
                    .copied()
                    .filter(|&c| self.places[c].country == country)
                    .collect();
                let pool = if local.is_empty() { &cities } else { &local };
                let c = *self.rng.pick(pool);
                self.places[c].name.clone()
            };
            let fill = |s: &str| s.replace("{C}", &country_name).replace("{c}", &city_name);
            let kind = self.rng.weighted(&[60, 14, 10, 16]);
            let (kind, name, aliases) = match kind {
                0 => {
                    let cyr = self.rng.chance(0.6);
                    let (first, last) = if cyr {
                        (*self.rng.pick(&CYR_FIRST), *self.rng.pick(&CYR_LAST))
                    } else {
                        (*self.rng.pick(&LAT_FIRST), *self.rng.pick(&LAT_LAST))
                    };
                    let mut name = format!("{first} {last}");
                    let mut tries = 0;
                    while names.contains(&name) && tries < 30 {
                        let initial = *self.rng.pick(&INITIALS);
                        name = format!("{first} {initial} {last}");
                        tries += 1;
                    }
                    let mut aliases = Vec::new();
                    if cyr {
                        aliases.push(latin(&name));
                    }
                    if self.rng.chance(0.3) {
                        aliases.push(last.to_string());
                    }
                    (ActorKind::Person, name, aliases)
                }
                1 => {
                    let (tpl, al) = *self.rng.pick(&GOVERNMENTS);
                    (
                        ActorKind::Government,
                        fill(tpl),
                        al.iter().map(|a| fill(a)).collect(),
                    )
                }
                2 => {
                    let (tpl, al) = *self.rng.pick(&SECURITY);
                    (
                        ActorKind::SecurityForce,
                        fill(tpl),
                        al.iter().map(|a| fill(a)).collect(),
                    )
                }
                _ => (
                    ActorKind::Group,
                    fill(self.rng.pick::<&str>(&GROUPS_ACTORS[..])),
                    Vec::new(),
                ),
            };
            if kind != ActorKind::Person && names.contains(&name) && rerolls < 20 {
                rerolls += 1;
                continue;
            }
            rerolls = 0;
            let name = self.unique_name(&mut names, name);
            let country = if self.rng.chance(0.9) {
                Some(country)
            } else {
                None
            };
            self.push_actor(name, kind, aliases, country);
        }
    }

    // -- sources ------------------------------------------------------------

    fn sources(&mut self) {
        let total = (self.n / 2).max(10);
        let places: Vec<usize> = (0..self.places.len()).collect();
        for j in 0..total {
            let day = START + (j as i64 * SPAN) / total as i64;
            let (outlet, domain, usual, _) = *self.rng.pick(&OUTLETS);
            let language = if self.rng.chance(0.7) {
                usual
            } else {
                *self.rng.pick(&["en", "ru", "kk"])
            };
            let tpl = match language {
                "ru" => *self.rng.pick(&SOURCE_TITLES_RU),
                "kk" => *self.rng.pick(&SOURCE_TITLES_KK),
                _ => *self.rng.pick(&SOURCE_TITLES_EN),
            };
            let p = *self.rng.pick(&places);
            let a = self.rng.below(self.actors.len());
            let n = self.rng.between(3, 400).to_string();
            let m = MEASURES[self.rng.weighted(&MEASURE_WEIGHTS)];
            let title = tpl
                .replace("{P}", &self.places[p].name)
                .replace("{A}", &self.actors[a].name)
                .replace("{N}", &n)
                .replace("{M}", m);
            let date = iso(day);
            let id = self.unique_id(format!("s-{}-{date}", slug(outlet, 24)));
            let (y, mo, d) = civil_from_days(day);
            let url = format!("https://{domain}/{y}/{mo:02}/{d:02}/{}", slug(&title, 60));
            let archive_url = if self.rng.chance(0.15) {
                Some(format!(
                    "https://web.archive.org/web/{y}{mo:02}{d:02}120000/{url}"
                ))
            } else {
                None
            };
            let reliability = if self.rng.chance(0.85) {
                Some(['A', 'B', 'C', 'D', 'E', 'F'][self.rng.weighted(&[10, 35, 30, 15, 5, 5])])
            } else {
                None
            };
            let url = if self.rng.chance(0.95) {
                url
            } else {
                String::new()
            };
            self.sources.push(Source {
                id,
                title,
                outlet,
                published: day,
                url,
                archive_url,
                language,
                reliability,
            });
        }
        // Short profiles for some actors, citing a source.
        for a in 0..self.actors.len() {
            if self.rng.chance(0.5) {
                let s = self.rng.below(self.sources.len());
                let c = self.actors[a]
                    .country
                    .map(|c| format!(" Based in [[{}]].", self.places[c].id))
                    .unwrap_or_default();
                self.actors[a].bio = Some(format!(
                    "Profile compiled from public reporting, first cited in [[{}]].{c}\n",
                    self.sources[s].id
                ));
            }
        }
    }

    // -- briefings ----------------------------------------------------------

    fn briefings(&mut self) {
        let n = self.n;
        let nsrc = self.sources.len();
        let non_countries: Vec<usize> = (0..self.places.len())
            .filter(|&i| self.places[i].kind != PlaceKind::Country)
            .collect();
        let all_places: Vec<usize> = (0..self.places.len()).collect();
        let all_actors: Vec<usize> = (0..self.actors.len()).collect();

        // Pass 1: dates, references, titles and ids, so bodies can link to any briefing.
        for i in 0..n {
            let date = START + (i as i64 * SPAN) / n as i64;
            let na = self.rng.between(1, 4);
            let mut actors = self.rng.choose(&all_actors, na);
            if !actors.iter().any(|&a| self.actors[a].kind.claims()) {
                actors[0] = *self.rng.pick(&self.claimants);
            }
            let np = self.rng.between(1, 3);
            let places = if self.rng.chance(0.85) {
                self.rng.choose(&non_countries, np)
            } else {
                self.rng.choose(&all_places, np)
            };
            // Sources published on or before the briefing's date, mostly recent ones.
            let hi = (i * nsrc / n.max(1)).min(nsrc - 1);
            let lo = hi.saturating_sub((nsrc * 10 / SPAN as usize).max(3));
            let window: Vec<usize> = (lo..=hi).collect();
            let ns = self.rng.between(1, 3);
            let sources = self.rng.choose(&window, ns);
            let nt = self.rng.between(1, 4);
            let tags = self.rng.choose(&TAGS, nt);
            let ctx = Ctx {
                actors: &actors,
                places: &places,
                sources: &sources,
                date,
                self_index: i,
                link: 0.0,
            };
            let tpl = *self.rng.pick(&HEADLINES);
            let title = self.fill(tpl, &ctx);
            let tpl = *self.rng.pick(&SUMMARIES);
            let summary = self.fill(tpl, &ctx);
            let id = self.unique_id(format!("b-{}-{}", iso(date), slug(&title, 40)));
            let draft = if self.rng.chance(0.05) {
                Some(false)
            } else {
                None
            };
            self.briefings.push(Briefing {
                id,
                title,
                date,
                summary,
                draft,
                tags,
                actors,
                places,
                sources,
                events: Vec::new(),
                figures: Vec::new(),
                quotes: Vec::new(),
                body: String::new(),
            });
        }

        // Files are read in (date, id) order by any sensible loader: define figures in
        // that order, so `supersedes`/`relay_of` always point backwards whichever
        // order a reader uses.
        self.briefings
            .sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));

        // Pass 2: figures, events, quotes and the body.
        for i in 0..n {
            let actors = self.briefings[i].actors.clone();
            let places = self.briefings[i].places.clone();
            let sources = self.briefings[i].sources.clone();
            let date = self.briefings[i].date;

            let nf = self.rng.weighted(&[25, 20, 20, 15, 10, 10]);
            let figures: Vec<usize> = (0..nf)
                .map(|k| self.figure(i, k, &actors, &places, &sources, date))
                .collect();

            let ne = self.rng.between(0, 3);
            let mut events = Vec::new();
            for _ in 0..ne {
                let place = *self.rng.pick(&places);
                let k = self.rng.between(1, 2);
                let ev_sources = self.rng.choose(&sources, k);
                // An event happened on or before the day its sources reported it.
                let reported = ev_sources
                    .iter()
                    .map(|&s| self.sources[s].published)
                    .min()
                    .unwrap();
                let back = self.rng.between(0, 3) as i64;
                let ev_date = (reported - back).max(START);
                let tpl = *self.rng.pick(&EVENT_TITLES);
                let title = tpl.replace("{P}", &self.places[place].name);
                let time = if self.rng.chance(0.6) {
                    Some(*self.rng.pick(&EVENT_TIMES))
                } else {
                    None
                };
                events.push(Event {
                    date: ev_date,
                    time,
                    place,
                    title,
                    sources: ev_sources,
                });
            }

            let nq = self.rng.weighted(&[50, 35, 15]);
            let mut quotes = Vec::new();
            for _ in 0..nq {
                let speakers: Vec<usize> = actors
                    .iter()
                    .copied()
                    .filter(|&a| self.actors[a].kind != ActorKind::Media)
                    .collect();
                let actor = if speakers.is_empty() {
                    *self.rng.pick(&self.persons)
                } else {
                    *self.rng.pick(&speakers)
                };
                let source = *self.rng.pick(&sources);
                let back = self.rng.between(0, 2) as i64;
                quotes.push(Quote {
                    actor,
                    date: (self.sources[source].published - back).max(START),
                    text: self.rng.pick::<&str>(&QUOTES),
                    source,
                });
            }

            let body = self.body(i, &actors, &places, &sources, &figures, &events, &quotes);
            let b = &mut self.briefings[i];
            b.figures = figures;
            b.events = events;
            b.quotes = quotes;
            b.body = body;
        }
    }

    fn claimant(&mut self, actors: &[usize]) -> usize {
        let local: Vec<usize> = actors
            .iter()
            .copied()
            .filter(|&a| self.actors[a].kind.claims())
            .collect();
        if !local.is_empty() && self.rng.chance(0.85) {
            *self.rng.pick(&local)
        } else {
            *self.rng.pick(&self.claimants)
        }
    }

    fn via(&mut self, claimant: usize) -> Vec<usize> {
        if !self.rng.chance(0.25) {
            return Vec::new();
        }
        let k = self.rng.between(1, 2);
        let pool: Vec<usize> = self
            .media
            .iter()
            .copied()
            .filter(|&m| m != claimant)
            .collect();
        self.rng.choose(&pool, k)
    }

    /// Qualifier and count/min/max for a value.
    fn shape(&mut self, v: u64) -> (&'static str, Option<u64>, Option<u64>, Option<u64>) {
        match self.rng.weighted(&[30, 15, 10, 7, 13, 10, 8, 7]) {
            0 => ("exact", Some(v), None, None),
            1 => ("at-least", Some(v), None, None),
            2 => ("more-than", Some(v), None, None),
            3 => ("nearly", Some(v), None, None),
            4 => ("about", Some(v), None, None),
            5 if v >= 24 => match v {
                24..=199 => ("dozens", None, Some(24), None),
                200..=1999 => ("hundreds", None, Some(200), None),
                _ => ("thousands", None, Some(2000), None),
            },
            5 => ("about", Some(v), None, None),
            6 => {
                let lo = (v * 4 / 5).max(1);
                let hi = (v * 5 / 4).max(lo + 1);
                ("about", None, Some(lo), Some(hi))
            }
            _ => {
                if self.rng.chance(0.5) {
                    ("at-least", None, Some(v), None)
                } else {
                    ("nearly", None, None, Some(v.max(2)))
                }
            }
        }
    }

    fn figure(
        &mut self,
        bi: usize,
        k: usize,
        actors: &[usize],
        places: &[usize],
        sources: &[usize],
        date: i64,
    ) -> usize {
        let fi = self.figures.len();
        let credibility = if self.rng.chance(0.5) {
            Some(self.rng.between(1, 6) as u8)
        } else {
            None
        };
        let note = if self.rng.chance(0.2) {
            Some(*self.rng.pick(&NOTES))
        } else {
            None
        };
        let has_id = self.rng.chance(0.88);

        // A relay: repeats an earlier figure and adds no data. Its source must be
        // published no earlier than the date the original claim speaks for.
        let relay = if !self.with_id.is_empty() && self.rng.chance(0.15) {
            let recent = self.with_id.len().min(300);
            let target = self.with_id[self.with_id.len() - 1 - self.rng.below(recent)];
            let as_of = self.figures[target].as_of;
            let fit: Vec<usize> = sources
                .iter()
                .copied()
                .filter(|&s| self.sources[s].published >= as_of)
                .collect();
            if fit.is_empty() {
                None
            } else {
                Some((target, *self.rng.pick(&fit)))
            }
        } else {
            None
        };

        let mut fig = if let Some((target, source)) = relay {
            let t = self.figures[target].clone();
            let via = {
                let v = self.via(t.claimed_by);
                if v.is_empty() {
                    vec![*self.rng.pick(&self.media)]
                } else {
                    v
                }
            };
            Figure {
                id: None,
                source,
                via,
                status: "current",
                supersedes: None,
                relay_of: Some(target),
                credibility,
                note: Some("Repeats the original claim without new data."),
                ..t
            }
        } else {
            let measure = self.rng.weighted(&MEASURE_WEIGHTS);
            let group = self.rng.weighted(&FIG_GROUP_WEIGHTS);
            // Supersede the latest current figure for the same measure and group,
            // when one of this briefing's sources is recent enough to report it.
            let old = match self.current.get(&(measure, group)) {
                Some(pool) if !pool.is_empty() && self.rng.chance(0.3) => {
                    let o = *pool.last().unwrap();
                    let after = self.figures[o].as_of;
                    sources
                        .iter()
                        .any(|&s| self.sources[s].published >= after)
                        .then_some(o)
                }
                _ => None,
            };
            let source = match old {
                Some(o) => {
                    let after = self.figures[o].as_of;
                    let fit: Vec<usize> = sources
                        .iter()
                        .copied()
                        .filter(|&s| self.sources[s].published >= after)
                        .collect();
                    *self.rng.pick(&fit)
                }
                None => *self.rng.pick(sources),
            };
            // The claim speaks for the day its source was published, or a day or two before.
            let published = self.sources[source].published;
            let as_of = (published - self.rng.between(0, 2) as i64).clamp(START, date);
            let (value, place, claimed_by, as_of) = match old {
                Some(o) => {
                    self.current.get_mut(&(measure, group)).unwrap().pop();
                    self.figures[o].status = "superseded";
                    let of = &self.figures[o];
                    let grow = 1.0 + self.rng.unit() * 0.8;
                    let value = (of.value as f64 * grow).round() as u64 + self.rng.below(5) as u64;
                    let (place, prev_claimant, prev_as_of) = (of.place, of.claimed_by, of.as_of);
                    let claimed_by = if self.rng.chance(0.6) {
                        prev_claimant
                    } else {
                        self.claimant(actors)
                    };
                    (value, place, claimed_by, as_of.max(prev_as_of))
                }
                None => {
                    let (lo, hi) = MEASURE_SCALE[measure];
                    let value = (lo * (hi / lo).powf(self.rng.unit())).round().max(1.0) as u64;
                    let place = *self.rng.pick(places);
                    (value, place, self.claimant(actors), as_of)
                }
            };
            let (qualifier, count, min, max) = self.shape(value);
            let status = if old.is_some() {
                if self.rng.chance(0.9) {
                    "current"
                } else {
                    "disputed"
                }
            } else {
                ["current", "disputed", "retracted"][self.rng.weighted(&[84, 11, 5])]
            };
            let note = if status == "retracted" {
                Some(*self.rng.pick(&RETRACTIONS))
            } else {
                note
            };
            let words = if self.rng.chance(0.4) {
                Some(
                    self.rng
                        .pick(WORDS[measure])
                        .replace("{n}", &value.to_string()),
                )
            } else {
                None
            };
            Figure {
                id: None,
                measure,
                group,
                value,
                count,
                min,
                max,
                qualifier,
                as_of,
                place,
                claimed_by,
                source,
                via: self.via(claimed_by),
                words,
                status,
                supersedes: old,
                relay_of: None,
                credibility,
                note,
            }
        };
        let is_relay = fig.relay_of.is_some();
        // A figure that supersedes another gets an id too, so the chain can go on;
        // only figures with an id can be superseded or relayed.
        if has_id || fig.supersedes.is_some() {
            let base = format!("f-{}-{bi}-{k}", MEASURES[fig.measure]);
            fig.id = Some(self.unique_id(base));
            self.with_id.push(fi);
            if fig.status == "current" && !is_relay {
                self.current
                    .entry((fig.measure, fig.group))
                    .or_default()
                    .push(fi);
            }
        }
        self.figures.push(fig);
        fi
    }

    // -- text ---------------------------------------------------------------

    fn actor_ref(&mut self, a: usize, link: f64) -> String {
        if self.rng.chance(link) {
            format!("[[{}]]", self.actors[a].id)
        } else {
            self.actors[a].name.clone()
        }
    }

    fn place_ref(&mut self, p: usize, link: f64) -> String {
        if self.rng.chance(link) {
            format!("[[{}]]", self.places[p].id)
        } else {
            self.places[p].name.clone()
        }
    }

    fn fill(&mut self, tpl: &str, ctx: &Ctx) -> String {
        let mut out = String::with_capacity(tpl.len() + 64);
        let mut rest = tpl;
        let mut last_actor = None;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let close = open + rest[open..].find('}').expect("unclosed slot in template");
            let slot = &rest[open + 1..close];
            rest = &rest[close + 1..];
            let s = match slot {
                "A" => {
                    let mut a = if self.rng.chance(0.8) {
                        *self.rng.pick(ctx.actors)
                    } else {
                        self.rng.below(self.actors.len())
                    };
                    if last_actor == Some(a) {
                        a = (a + 1 + self.rng.below(self.actors.len() - 1)) % self.actors.len();
                    }
                    last_actor = Some(a);
                    self.actor_ref(a, ctx.link)
                }
                "P" => {
                    let p = if self.rng.chance(0.85) {
                        *self.rng.pick(ctx.places)
                    } else {
                        self.rng.below(self.places.len())
                    };
                    self.place_ref(p, ctx.link)
                }
                "S" => {
                    let s = *self.rng.pick(ctx.sources);
                    let src = &self.sources[s];
                    let r = self.rng.unit();
                    if r < ctx.link {
                        format!("[[{}]]", src.id)
                    } else if r < ctx.link + 0.2 && !src.url.is_empty() && ctx.link > 0.0 {
                        format!("[{}]({})", src.outlet, src.url)
                    } else if ctx.link > 0.0 {
                        format!("*{}*", src.outlet)
                    } else {
                        src.outlet.to_string()
                    }
                }
                "B" => {
                    if self.n < 2 {
                        "an earlier briefing".to_string()
                    } else {
                        // Mostly earlier briefings, sometimes a later one.
                        let mut b = if ctx.self_index > 0 && self.rng.chance(0.8) {
                            let back = self.rng.between(1, ctx.self_index.min(200));
                            ctx.self_index - back
                        } else {
                            self.rng.below(self.n)
                        };
                        if b == ctx.self_index {
                            b = (b + 1) % self.n;
                        }
                        format!("[[{}]]", self.briefings[b].id)
                    }
                }
                "N" => self.rng.between(2, 500).to_string(),
                "K" => self.rng.between(2, 9).to_string(),
                "D" => long_date((ctx.date - self.rng.between(0, 3) as i64).max(START)),
                "M" => MEASURES[self.rng.weighted(&MEASURE_WEIGHTS)].to_string(),
                "G" => FIG_GROUPS[self.rng.weighted(&FIG_GROUP_WEIGHTS)]
                    .1
                    .to_string(),
                "O" => self.rng.pick(&OUTLETS).0.to_string(),
                other => panic!("unknown slot {{{other}}}"),
            };
            out.push_str(&s);
        }
        out.push_str(rest);
        out
    }

    fn paragraph(&mut self, ctx: &Ctx) -> String {
        let ns = self.rng.between(3, 6);
        let mut p = String::new();
        for k in 0..ns {
            if k > 0 {
                p.push(' ');
            }
            let s = if self.rng.chance(0.65) {
                let tpl = *self.rng.pick(&SENTENCES);
                self.fill(tpl, ctx)
            } else {
                self.rng.pick(&FILLERS).to_string()
            };
            p.push_str(&s);
        }
        p.push('\n');
        p
    }

    #[allow(clippy::too_many_arguments)]
    fn body(
        &mut self,
        i: usize,
        actors: &[usize],
        places: &[usize],
        sources: &[usize],
        figures: &[usize],
        events: &[Event],
        quotes: &[Quote],
    ) -> String {
        let date = self.briefings[i].date;
        let ctx = Ctx {
            actors,
            places,
            sources,
            date,
            self_index: i,
            link: 0.5,
        };
        let np = self.rng.between(3, 8);
        let list_at = self.rng.between(1, np - 1);
        let table_at = if self.rng.chance(0.4) {
            Some(self.rng.between(1, np - 1))
        } else {
            None
        };
        let mut body = String::with_capacity(4096);
        for k in 0..np {
            if k > 0 && self.rng.chance(0.3) {
                let _ = writeln!(body, "## {}\n", self.rng.pick(&HEADINGS));
            }
            body.push_str(&self.paragraph(&ctx));
            body.push('\n');
            if k == list_at {
                let items = self.rng.between(3, 6);
                let ordered = self.rng.chance(0.25);
                for j in 0..items {
                    let tpl = *self.rng.pick(&LIST_ITEMS);
                    let item = self.fill(tpl, &ctx);
                    if ordered {
                        let _ = writeln!(body, "{}. {item}", j + 1);
                    } else {
                        let _ = writeln!(body, "- {item}");
                    }
                }
                body.push('\n');
            }
            if table_at == Some(k) {
                if !figures.is_empty() {
                    body.push_str("| As of | Measure | Group | Figure | Claimed by | Source |\n|---|---|---|---:|---|---|\n");
                    for &f in figures {
                        let fig = &self.figures[f];
                        let _ = writeln!(
                            body,
                            "| {} | {} | {} | {} | [[{}]] | [[{}]] |",
                            iso(fig.as_of),
                            MEASURES[fig.measure],
                            FIG_GROUPS[fig.group].0,
                            fig.display(),
                            self.actors[fig.claimed_by].id,
                            self.sources[fig.source].id
                        );
                    }
                } else {
                    body.push_str("| Date | Place | What happened |\n|---|---|---|\n");
                    let rows = self.rng.between(2, 4);
                    for _ in 0..rows {
                        let p = *self.rng.pick(places);
                        let d = (date - self.rng.between(0, 5) as i64).max(START);
                        let what = self
                            .rng
                            .pick(&EVENT_TITLES)
                            .replace("{P}", &self.places[p].name);
                        let _ =
                            writeln!(body, "| {} | [[{}]] | {what} |", iso(d), self.places[p].id);
                    }
                }
                body.push('\n');
            }
        }
        if let Some(q) = quotes.first() {
            let _ = writeln!(
                body,
                "> {}\n>\n> — [[{}]], {}\n",
                q.text,
                self.actors[q.actor].id,
                long_date(q.date)
            );
        }
        if !events.is_empty() && self.rng.chance(0.5) {
            let _ = writeln!(body, "The timeline for this briefing lists {} event(s); see [[{}]] for the wider picture.\n", events.len(), self.places[places[0]].id);
        }
        body
    }

    // -- output -------------------------------------------------------------

    fn write(&self, dir: &Path) -> io::Result<Stats> {
        let mut stats = Stats {
            briefings: self.briefings.len(),
            actors: self.actors.len(),
            places: self.places.len(),
            sources: self.sources.len(),
            figures: self.figures.len(),
            events: self.briefings.iter().map(|b| b.events.len()).sum(),
            quotes: self.briefings.iter().map(|b| b.quotes.len()).sum(),
            ..Stats::default()
        };
        let content = dir.join("content");
        for sub in ["briefings", "actors", "places", "sources"] {
            fs::create_dir_all(content.join(sub))?;
        }
        let mut put = |path: PathBuf, text: &str| -> io::Result<()> {
            fs::write(path, text)?;
            stats.files += 1;
            stats.bytes += text.len() as u64;
            Ok(())
        };

        put(
            dir.join("dossier.yaml"),
            &format!(
                "title: {}\ndescription: {}\nbase_url: \"http://127.0.0.1:1111/\"\nlanguage: en\ntheme: default\n",
                q(&format!("Synthetic dossier ({} briefings)", self.briefings.len())),
                q("A generated corpus for benchmarks: every number is a claim, none of them real."),
            ),
        )?;
        let mut home = String::new();
        let _ = write!(
            home,
            "---\ntitle: {}\nsummary: {}\n---\nThis dossier was generated by `examples/corpus.rs` with {} briefings, {} actors, {} places and {} sources. None of it is real.\n",
            q("Synthetic dossier"),
            q("Generated briefings, figures and sources for benchmarking."),
            self.briefings.len(),
            self.actors.len(),
            self.places.len(),
            self.sources.len()
        );
        if let Some(b) = self.briefings.last() {
            let _ = writeln!(home, "\nThe latest briefing is [[{}]].", b.id);
        }
        put(content.join("_index.md"), &home)?;

        let mut s = String::with_capacity(8192);
        for p in &self.places {
            s.clear();
            let kind = match p.kind {
                PlaceKind::Country => "country",
                PlaceKind::Region => "region",
                PlaceKind::City => "city",
                PlaceKind::Site => "site",
            };
            let _ = writeln!(s, "---\nname: {}\nkind: {kind}", q(&p.name));
            if let Some(w) = p.within {
                let _ = writeln!(s, "within: {}", self.places[w].id);
            }
            s.push_str("---\n");
            put(content.join("places").join(format!("{}.md", p.id)), &s)?;
        }
        for a in &self.actors {
            s.clear();
            let _ = writeln!(s, "---\nname: {}\nkind: {}", q(&a.name), a.kind.as_str());
            if !a.aliases.is_empty() {
                let aliases: Vec<String> = a.aliases.iter().map(|x| q(x)).collect();
                let _ = writeln!(s, "aliases: [{}]", aliases.join(", "));
            }
            if let Some(c) = a.country {
                let _ = writeln!(s, "country: {}", self.places[c].id);
            }
            s.push_str("---\n");
            if let Some(bio) = &a.bio {
                s.push_str(bio);
            }
            put(content.join("actors").join(format!("{}.md", a.id)), &s)?;
        }
        for src in &self.sources {
            s.clear();
            let _ = writeln!(
                s,
                "---\ntitle: {}\noutlet: {}\npublished: {}",
                q(&src.title),
                q(src.outlet),
                iso(src.published)
            );
            if !src.url.is_empty() {
                let _ = writeln!(s, "url: {}", q(&src.url));
            }
            if let Some(a) = &src.archive_url {
                let _ = writeln!(s, "archived: {}", q(a));
            }
            let _ = writeln!(s, "language: {}", src.language);
            if let Some(r) = src.reliability {
                let _ = writeln!(s, "reliability: {r}");
            }
            s.push_str("---\n");
            put(content.join("sources").join(format!("{}.md", src.id)), &s)?;
        }
        for b in &self.briefings {
            s.clear();
            self.briefing_front_matter(b, &mut s);
            s.push_str(&b.body);
            put(content.join("briefings").join(format!("{}.md", b.id)), &s)?;
        }
        Ok(stats)
    }

    fn briefing_front_matter(&self, b: &Briefing, s: &mut String) {
        let _ = writeln!(
            s,
            "---\ntitle: {}\ndate: {}\nsummary: {}",
            q(&b.title),
            iso(b.date),
            q(&b.summary)
        );
        if let Some(d) = b.draft {
            let _ = writeln!(s, "draft: {d}");
        }
        let tags: Vec<String> = b.tags.iter().map(|t| yaml_tag(t)).collect();
        let _ = writeln!(s, "tags: [{}]", tags.join(", "));
        let _ = writeln!(
            s,
            "actors: {}",
            flow_list(b.actors.iter().map(|&a| self.actors[a].id.as_str()))
        );
        let _ = writeln!(
            s,
            "places: {}",
            flow_list(b.places.iter().map(|&p| self.places[p].id.as_str()))
        );
        let _ = writeln!(
            s,
            "sources: {}",
            flow_list(b.sources.iter().map(|&x| self.sources[x].id.as_str()))
        );
        if !b.events.is_empty() {
            s.push_str("events:\n");
            for e in &b.events {
                let _ = writeln!(s, "  - date: {}", iso(e.date));
                if let Some(t) = e.time {
                    let _ = writeln!(s, "    time: {}", q(t));
                }
                let _ = writeln!(s, "    place: {}", self.places[e.place].id);
                let _ = writeln!(s, "    title: {}", q(&e.title));
                let _ = writeln!(
                    s,
                    "    sources: {}",
                    flow_list(e.sources.iter().map(|&x| self.sources[x].id.as_str()))
                );
            }
        }
        if !b.figures.is_empty() {
            s.push_str("figures:\n");
            for &f in &b.figures {
                let fig = &self.figures[f];
                let mut first = true;
                let mut field = |s: &mut String, k: &str, v: &str| {
                    let _ = writeln!(s, "{}{k}: {v}", if first { "  - " } else { "    " });
                    first = false;
                };
                if let Some(id) = &fig.id {
                    field(s, "id", id);
                }
                field(s, "measure", MEASURES[fig.measure]);
                field(s, "group", FIG_GROUPS[fig.group].0);
                if let Some(c) = fig.count {
                    field(s, "count", &c.to_string());
                }
                if let Some(c) = fig.min {
                    field(s, "min", &c.to_string());
                }
                if let Some(c) = fig.max {
                    field(s, "max", &c.to_string());
                }
                field(s, "qualifier", fig.qualifier);
                field(s, "as_of", &iso(fig.as_of));
                field(s, "place", &self.places[fig.place].id);
                field(s, "claimed_by", &self.actors[fig.claimed_by].id);
                field(s, "source", &self.sources[fig.source].id);
                if !fig.via.is_empty() {
                    field(
                        s,
                        "via",
                        &flow_list(fig.via.iter().map(|&a| self.actors[a].id.as_str())),
                    );
                }
                if let Some(w) = &fig.words {
                    field(s, "words", &q(w));
                }
                field(s, "status", fig.status);
                if let Some(o) = fig.supersedes {
                    field(
                        s,
                        "supersedes",
                        self.figures[o]
                            .id
                            .as_deref()
                            .expect("superseded figure has an id"),
                    );
                }
                if let Some(o) = fig.relay_of {
                    field(
                        s,
                        "relay_of",
                        self.figures[o]
                            .id
                            .as_deref()
                            .expect("relayed figure has an id"),
                    );
                }
                if let Some(c) = fig.credibility {
                    field(s, "credibility", &c.to_string());
                }
                if let Some(n) = fig.note {
                    field(s, "note", &q(n));
                }
            }
        }
        if !b.quotes.is_empty() {
            s.push_str("quotes:\n");
            for qt in &b.quotes {
                let _ = writeln!(s, "  - actor: {}", self.actors[qt.actor].id);
                let _ = writeln!(s, "    date: {}", iso(qt.date));
                let _ = writeln!(s, "    text: {}", q(qt.text));
                let _ = writeln!(s, "    source: {}", self.sources[qt.source].id);
            }
        }
        s.push_str("---\n");
    }
}
