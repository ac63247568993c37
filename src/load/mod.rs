//! Reading the dossier from disk into "as written" records.
//!
//! This stage walks `content/`, splits each file into YAML front matter and
//! Markdown body, and deserialises the front matter into raw structs that
//! mirror the file format exactly. It knows nothing of ids or references:
//! checking those is `model`'s job. Every problem is located in the file
//! (line and column of the whole file, not of the front matter), and all
//! files are read in parallel, each failure collected, none fatal alone.
//!
//! How the parts fit, in the order a file meets them:
//!
//! - `walk`: which files `content/` holds, each loaded in parallel;
//! - `doc`: one file's kind and id (from where it sits), its checks (size,
//!   encoding, nesting) and its one YAML parse, giving a `Doc`;
//! - `front_matter`: where the YAML ends and the Markdown body begins;
//! - `raw`: the `Raw*` structs the YAML is parsed into;
//! - `wikilinks`: the `[[target]]` links of the body, found once;
//! - `locate`: where a value of the front matter is written, for the
//!   model's and the checks' messages (`Doc::error_at`), answered from the
//!   span index of `crate::yaml` (the same parser's marks), built only when
//!   a message needs it.
//!
//! The value types the records hold (`Date`, `Qualifier`, `Kind`, …) come
//! from `crate::domain`, and YAML errors are located by `crate::yaml`: both
//! below this floor, shared with `config`.

mod doc;
mod front_matter;
mod locate;
mod raw;
mod walk;
mod wikilinks;

pub(crate) use doc::CountWord;
pub use doc::{declared_ids, parse_doc, Body, ByShown, Doc, Front, MAX_FILE_BYTES};
pub use front_matter::split_front_matter;
pub use raw::*;
pub use walk::{list_files, load, load_file, Loaded};
pub use wikilinks::{markdown_options, wikilinks};
