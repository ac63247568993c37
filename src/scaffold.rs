//! `dossier new`: a new content file with the right front matter.
//!
//! An editor adds a briefing, an actor, a place or a source many times a
//! day; copying an old file and clearing it invites stale fields. This
//! writes a fresh one: the id (the file name) made from the title with the
//! same slug rules as tags (`slug::slugify`, Cyrillic and Kazakh to ASCII),
//! the fields of its kind, and the date asked for (a briefing's date, a
//! source's publication date). It never replaces a file: the file is
//! created with `create_new`, so even a file that appears meanwhile is safe.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::domain::{Date, Kind};

/// Why no file was written.
#[derive(Debug)]
pub enum NewError {
    /// The file is already there (its path under the dossier's root as given).
    Exists(PathBuf),
    /// The title has no letter or digit to make an id from.
    NoId(String),
    /// The root has neither `dossier.yaml` nor `content/`.
    NotADossier(PathBuf),
    Io(PathBuf, std::io::Error),
}

impl fmt::Display for NewError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NewError::Exists(p) => write!(
                f,
                "{} already exists; it was left as it is (give another title, or edit that file)",
                p.display()
            ),
            NewError::NoId(t) => write!(
                f,
                "cannot make an id from `{t}`: the title needs a letter or a digit"
            ),
            NewError::NotADossier(root) => write!(
                f,
                "{} is not a dossier (it has no dossier.yaml and no content/): run `dossier init DIR` to create one, or pass -r/--root",
                root.display()
            ),
            NewError::Io(p, e) => write!(f, "cannot write {}: {e}", p.display()),
        }
    }
}

impl std::error::Error for NewError {}

/// A YAML scalar for any text: JSON's string syntax is YAML's double-quoted one.
fn quoted(text: &str) -> String {
    serde_json::to_string(text).expect("a string serialises")
}

/// The front matter and body of a new file of `kind`.
pub fn template(kind: Kind, title: &str, date: Date) -> String {
    let (t, d) = (quoted(title), date.iso());
    match kind {
        Kind::Briefing => format!(
            "---\ntitle: {t}\ndate: {d}\nsummary: \"\"\n# A draft is left out of the site until you remove this line (or build with --drafts).\ndraft: true\ntags: []\nactors: []\nplaces: []\nsources: []\n# events, figures and quotes: see docs/content.md\n---\n"
        ),
        Kind::Actor => format!(
            "---\nname: {t}\n# kind: person, government, security-force, international-org, state, media or group\naliases: []\n---\n"
        ),
        Kind::Place => format!(
            "---\nname: {t}\n# kind: country, region, city or site\n# within: the id of the place it lies in\naliases: []\n---\n"
        ),
        Kind::Source | Kind::Index => format!(
            "---\ntitle: {t}\noutlet: \"\"\npublished: {d}\n# url: https://… (the report)\n# archived: https://web.archive.org/… (an archived copy of it)\n---\n"
        ),
    }
}

/// Writes `content/<section>/<id>.md` under `root` for a new record of
/// `kind` titled `title`; returns its path relative to `root`.
pub fn new_file(root: &Path, kind: Kind, title: &str, date: Date) -> Result<PathBuf, NewError> {
    if !root.join("dossier.yaml").is_file() && !root.join("content").is_dir() {
        return Err(NewError::NotADossier(root.to_path_buf()));
    }
    let id = crate::slug::slugify(title);
    if !crate::domain::is_valid_id(&id) {
        return Err(NewError::NoId(title.to_string()));
    }
    let rel = Path::new("content")
        .join(kind.section())
        .join(format!("{id}.md"));
    let path = root.join(&rel);
    let dir = path.parent().expect("a file in a section");
    std::fs::create_dir_all(dir).map_err(|e| NewError::Io(dir.to_path_buf(), e))?;
    let mut file = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(NewError::Exists(path))
        }
        Err(e) => return Err(NewError::Io(path, e)),
    };
    file.write_all(template(kind, title, date).as_bytes())
        .map_err(|e| NewError::Io(path.clone(), e))?;
    Ok(rel)
}

/// Today's date in UTC (the `--date` flag gives another).
pub fn today() -> Date {
    let d = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date();
    Date(d, crate::domain::Precision::Day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_parses_as_its_kind() {
        let root = Path::new("/d");
        let date = Date::parse("2022-01-07").unwrap();
        for kind in [Kind::Briefing, Kind::Actor, Kind::Place, Kind::Source] {
            let text = template(kind, "Қасым-Жомарт \"Тоқаев\"", date);
            let path = root.join("content").join(kind.section()).join("x.md");
            let doc = crate::load::parse_doc(root, &path, text.into_bytes())
                .unwrap_or_else(|d| panic!("{kind:?}: {d}"));
            assert_eq!(doc.kind, kind);
        }
    }
}
