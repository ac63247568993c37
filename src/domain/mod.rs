//! The domain's value types: what a dossier's records are made of.
//!
//! Dates (with their precision), a claim's qualifier and status, the kinds
//! of record, and what an id may be. They are the lowest floor of the house
//! beside `diag`, `config` and `yaml`: the loader parses them, the model
//! validates with them, and every later stage reads them, so none of those
//! stages owns them and nothing here imports a stage.

mod claim;
mod date;
mod id;
mod kind;

pub use claim::{Count, Qualifier, Status};
pub use date::{Date, Precision, MONTHS};
pub use id::is_valid_id;
pub use kind::{ActorKind, Kind, PlaceKind};
