//! One module per command, each with a `run` that takes its parsed arguments. This module holds
//! the steps several commands share: loading the taxonomy and reading the two inputs into tallies.

pub mod gap;
pub mod taxonomy;
pub mod validate;

use std::io::IsTerminal;
use std::path::Path;

use crate::aggregate::{Demand, Supply};
use crate::cli::InputArgs;
use crate::error::Error;
use crate::ingest::{self, ReadOptions, ReadSummary};
use crate::normalise::{Normaliser, UnmappedLabel};
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
    pub unmapped: Vec<UnmappedLabel>,
}

/// Reads the postings and graduates: every valid row is normalised (once per distinct label) and
/// tallied; every other row is rejected with its reason.
pub fn scan(inputs: &InputArgs, tax: &Taxonomy, quiet: bool) -> Result<Scan, Error> {
    ingest::check_stdin(&inputs.postings, &inputs.graduates)?;
    let opts = ReadOptions {
        delimiter: inputs.delimiter,
        progress: !quiet && std::io::stderr().is_terminal(),
    };
    let mut norm = Normaliser::new(tax);
    let mut demand = Demand::default();
    let postings = ingest::read_postings(&inputs.postings, &opts, |row| {
        let region = norm.posting_region(row.region, row.city);
        let spec = norm.posting_specialisation(row.specialisation, row.title);
        demand.add(row.date.year, region, spec, row.vacancies);
    })?;
    let mut supply = Supply::default();
    let graduates = ingest::read_graduates(&inputs.graduates, &opts, |row| {
        let region = norm.graduate_region(row.region, row.institution);
        let field = norm.field(row.field);
        supply.add(row.year, region, field, row.graduates);
    })?;
    Ok(Scan {
        demand,
        supply,
        postings,
        graduates,
        unmapped: norm.unmapped().to_vec(),
    })
}
