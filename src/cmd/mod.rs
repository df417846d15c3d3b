//! One module per command, each with a `run` that takes its parsed arguments, calls the
//! [`crate::pipeline`] and hands what it computed to a writer.

pub mod checks;
pub mod completions;
pub mod gap;
pub mod generate;
pub mod init;
pub mod run;
pub mod taxonomy;
pub mod validate;

use std::io::IsTerminal;

use crate::cli::InputArgs;
use crate::dedup;
use crate::error::Error;
use crate::ingest::ReadOptions;
use crate::pipeline::{self, Scan, Sources};
use crate::taxonomy::Taxonomy;

/// The sources named by `gap` and `validate`'s arguments.
fn sources<'a>(
    inputs: &'a InputArgs,
    quiet: bool,
    keep_all_rejects: bool,
) -> Result<Sources<'a>, Error> {
    let (postings_columns, graduates_columns) = checks::mappings(inputs)?;
    let opts = ReadOptions {
        delimiter: inputs.delimiter,
        encoding: inputs.encoding,
        progress: !quiet && std::io::stderr().is_terminal(),
        threads: 0,
        keep_all_rejects,
        columns: postings_columns,
        postings_year: inputs.postings_year,
        name: None,
    };
    Ok(Sources {
        postings: &inputs.postings,
        graduates: &inputs.graduates,
        graduates_opts: ReadOptions {
            columns: graduates_columns,
            postings_year: None,
            ..opts.clone()
        },
        postings_opts: opts,
        dedup: (!inputs.no_dedup).then_some(dedup::Options {
            window_days: inputs.dedup_days,
        }),
    })
}

/// Reads the inputs of `gap` and `validate`; see [`read`].
pub fn scan(
    inputs: &InputArgs,
    tax: &Taxonomy,
    quiet: bool,
    keep_all_rejects: bool,
) -> Result<Scan, Error> {
    pipeline::read(&sources(inputs, quiet, keep_all_rejects)?, tax)
}
