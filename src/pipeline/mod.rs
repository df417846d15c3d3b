//! The engine, apart from the commands: from the inputs to a report model.
//!
//! ```text
//! read (ingest, normalise, aggregate, merge duplicates) -> Scan
//!   -> quality (where every row went)            -> DataQuality
//!   -> assemble (compare, rank, filter, totals)  -> GapReport
//! ```
//!
//! A command parses its arguments, calls these steps and hands the result to a writer in
//! [`crate::report`]; `skillgap run` calls the same steps once per report of a job. Nothing here
//! knows about the command line or the output formats.

mod read;
mod report;

use std::path::Path;

pub use read::{merge_duplicates, read, read_demand, read_supply, spool_stdin, Scan, Sources};
pub use report::{assemble, quality};

use crate::error::Error;
use crate::taxonomy::Taxonomy;

/// The taxonomy in force: the defaults, plus the overrides in `dir` if given.
pub fn load_taxonomy(dir: Option<&Path>) -> Result<Taxonomy, Error> {
    Ok(match dir {
        Some(d) => Taxonomy::with_overrides(d)?,
        None => Taxonomy::default_embedded(),
    })
}
