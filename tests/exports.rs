//! The data files made together (`render::export`): `dossier.json`,
//! `figures.json` and `figures.csv` are written in one pass, one file
//! inside the other. A sink that takes them all, one, or none gets the
//! same bytes, and a write that fails is worded by the failing file's sink.

mod common;

use std::io::{self, Write};

use dossier::build::{BuildOptions, Checked};
use dossier::diag::Diagnostic;
use dossier::render::export::{self, DATA_FILES};
use dossier::render::Views;

/// The shipped dossier, checked.
fn shipped() -> Checked {
    let root = common::repo();
    let mut docs = Vec::new();
    for e in walkdir::WalkDir::new(root.join("content")) {
        let e = e.unwrap();
        if e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md") {
            let bytes = std::fs::read(e.path()).unwrap();
            docs.push(dossier::load::parse_doc(&root, e.path(), bytes).unwrap());
        }
    }
    let opts = BuildOptions::new(&root);
    let config = dossier::build::load_config(&opts).unwrap();
    dossier::build::check_model(&opts, config, &docs, Vec::new()).unwrap()
}

#[test]
fn each_file_alone_is_the_file_made_with_the_others() {
    let checked = shipped();
    let v = Views::new(&checked.site, &checked.derived);
    let pages = export::data_pages(&v).unwrap();
    let paths: Vec<&str> = pages.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(paths, DATA_FILES, "in the order of DATA_FILES");
    for p in &pages {
        let alone = export::data_file(&v, &p.path).unwrap().unwrap();
        assert!(alone == p.content, "{} made alone", p.path);
    }
    assert!(export::data_file(&v, "data/nothing.json").is_none());
    // figures.json is the array of dossier.json, byte for byte.
    let text = |path: &str| {
        let p = pages.iter().find(|p| p.path == path).unwrap();
        String::from_utf8(p.content.clone()).unwrap()
    };
    let figures = text("data/figures.json");
    let array = figures.strip_suffix('\n').unwrap();
    assert!(array.len() > 2, "the shipped dossier has figures");
    let whole = text("data/dossier.json");
    assert!(whole.contains(&format!(",\"figures\":{array},\"tags\":")));
    let csv = text("data/figures.csv");
    assert_eq!(csv.lines().count(), array.matches("{\"id\":").count() + 1);
}

/// A writer that fails on its first write.
struct Failing;

impl Write for Failing {
    fn write(&mut self, _: &[u8]) -> io::Result<usize> {
        Err(io::Error::other("the disk is full"))
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The diagnostic of a sink that takes every file and whose writer for
/// `failing` fails.
fn failed_on(v: &Views<'_>, failing: &str) -> Diagnostic {
    let r = export::each_data_file(v, &|path, write| {
        let r = if path == failing {
            write(&mut Failing)
        } else {
            write(&mut io::sink())
        };
        r.map_err(|e| Diagnostic::error(path, format!("cannot write {path}: {e}")))
    });
    r.unwrap_err()
}

#[test]
fn a_failed_write_is_worded_by_its_file() {
    let checked = shipped();
    let v = Views::new(&checked.site, &checked.derived);
    for path in DATA_FILES {
        let d = failed_on(&v, path);
        assert_eq!(d.file, std::path::Path::new(path));
        assert_eq!(d.message, format!("cannot write {path}: the disk is full"));
    }
}
