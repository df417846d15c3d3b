//! One module per command, each with a `run` that takes its parsed arguments. This module holds
//! the steps several commands share: loading the taxonomy and reading the two inputs into tallies.

pub mod checks;
pub mod completions;
pub mod gap;
pub mod generate;
pub mod init;
pub mod run;
pub mod taxonomy;
pub mod validate;

use std::io::IsTerminal;
use std::path::Path;

use crate::aggregate::{Demand, Supply};
use crate::cli::InputArgs;
use crate::error::Error;
use crate::ingest::{self, ReadOptions, ReadSummary};
use crate::normalise::{Normaliser, UnmappedTable};
use crate::taxonomy::Taxonomy;

/// The taxonomy in force: the defaults, plus the overrides in `dir` if given.
pub fn load_taxonomy(dir: Option<&Path>) -> Result<Taxonomy, Error> {
    Ok(match dir {
        Some(d) => Taxonomy::with_overrides(d)?,
        None => Taxonomy::default_embedded(),
    })
}

/// Both inputs, read, validated, normalised and tallied.
pub struct Scan {
    pub demand: Demand,
    pub supply: Supply,
    pub postings: ReadSummary,
    pub graduates: ReadSummary,
    /// The labels behind unmapped ids in `demand` and `supply`.
    pub unmapped: UnmappedTable,
}

/// Reads the postings and graduates on all cores: every valid row is normalised (once per distinct
/// label per worker) and tallied; every other row is rejected with its reason. The workers' tallies
/// are then merged, their unmapped labels renumbered into one table.
/// With `keep_all_rejects`, every rejected row is kept with its details (for `--rejects`).
pub fn scan(
    inputs: &InputArgs,
    tax: &Taxonomy,
    quiet: bool,
    keep_all_rejects: bool,
) -> Result<Scan, Error> {
    ingest::check_stdin(&inputs.postings, &inputs.graduates)?;
    let (postings_columns, graduates_columns) = checks::mappings(inputs)?;
    let opts = ReadOptions {
        delimiter: inputs.delimiter,
        encoding: inputs.encoding,
        progress: !quiet && std::io::stderr().is_terminal(),
        threads: 0,
        keep_all_rejects,
        columns: postings_columns,
        postings_year: inputs.postings_year,
    };
    let mut unmapped = UnmappedTable::default();
    let mut demand = Demand::default();
    let postings = read_demand(&inputs.postings, &opts, tax, &mut demand, &mut unmapped)?;
    let opts = ReadOptions {
        columns: graduates_columns,
        postings_year: None,
        ..opts
    };
    let mut supply = Supply::default();
    let graduates = read_supply(&inputs.graduates, &opts, tax, &mut supply, &mut unmapped)?;
    Ok(Scan {
        demand,
        supply,
        postings,
        graduates,
        unmapped,
    })
}

/// Reads one postings input on all cores and adds its rows to `demand`; the workers' unmapped
/// labels are renumbered into `unmapped`.
pub fn read_demand(
    input: &ingest::Input,
    opts: &ReadOptions,
    tax: &Taxonomy,
    demand: &mut Demand,
    unmapped: &mut UnmappedTable,
) -> Result<ReadSummary, Error> {
    let (summary, workers) = ingest::read_postings(
        input,
        opts,
        || (Normaliser::new(tax), Demand::default()),
        |(norm, demand), row| {
            let region = norm.posting_region(row.region, row.city);
            let spec = norm.posting_specialisation(row.specialisation, row.title);
            demand.add(row.date.year, region, spec, row.vacancies);
        },
    )?;
    for (norm, tally) in workers {
        let map = unmapped.absorb(norm.unmapped());
        demand.absorb(tally, |k| k.remap(&map), |k| k.remap(&map));
    }
    Ok(summary)
}

/// Reads one graduates input on all cores and adds its rows to `supply`; see [`read_demand`].
pub fn read_supply(
    input: &ingest::Input,
    opts: &ReadOptions,
    tax: &Taxonomy,
    supply: &mut Supply,
    unmapped: &mut UnmappedTable,
) -> Result<ReadSummary, Error> {
    let (summary, workers) = ingest::read_graduates(
        input,
        opts,
        || (Normaliser::new(tax), Supply::default()),
        |(norm, supply), row| {
            let region = norm.graduate_region(row.region, row.institution);
            let field = norm.field(row.field);
            supply.add(row.year, region, field, row.graduates);
        },
    )?;
    for (norm, tally) in workers {
        let map = unmapped.absorb(norm.unmapped());
        supply.absorb(tally, |k| k.remap(&map), |k| k.remap(&map));
    }
    Ok(summary)
}
