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
/// The trend report.
pub mod trend;

use std::path::Path;

pub use read::{
    merge_duplicates, read, read_demand, read_supply, read_with, spool_stdin, Beside, Scan,
    Sources, Split,
};
pub use report::{assemble, check_assumptions, quality, quality_lagged};

use crate::classify::{self, CoderData};
use crate::error::Error;
use crate::normalise::Occupations;
use crate::taxonomy::{self, Taxonomy};

/// The years in which the graduates count: their cohort years moved on by `lag` (the
/// assumptions' `lag_years`), for choosing the period.
pub fn supply_years(scan: &Scan, lag: u32) -> std::collections::BTreeSet<i32> {
    scan.supply
        .years()
        .into_iter()
        .map(|y| y.saturating_add_unsigned(lag))
        .collect()
}

/// The taxonomy in force and the occupation coder's data: the defaults, plus the overrides in
/// `dir` if given (the taxonomy's files and the coder's, see [`crate::classify::FILES`]). The
/// taxonomy carries the ISCO-08 group labels of the coder's data, for the reports.
pub fn load_taxonomy(dir: Option<&Path>) -> Result<(Taxonomy, CoderData), Error> {
    let has_any = |d: &Path, names: &[&str]| names.iter().any(|n| d.join(n).is_file());
    let own = |d: &Path| has_any(d, &taxonomy::FILES) || has_any(d, &[taxonomy::POPULATIONS]);
    let tax = match dir {
        // any subset of the files overrides those files; a directory with none of them is a
        // mistake (a wrong path), named with every file it could hold
        Some(d) if d.is_dir() && !own(d) && !has_any(d, &classify::FILES) => {
            let expected = (taxonomy::FILES.iter())
                .chain(&[taxonomy::POPULATIONS])
                .chain(&classify::FILES)
                .copied()
                .collect::<Vec<_>>()
                .join(", ");
            return Err(taxonomy::TaxonomyError::Empty {
                dir: d.to_path_buf(),
                expected,
            }
            .into());
        }
        // a directory of the coder's files alone overrides nothing of the taxonomy's
        Some(d) if d.is_dir() && !own(d) => {
            let mut tax = Taxonomy::default_embedded();
            tax.version.push_str("+custom");
            tax
        }
        Some(d) => Taxonomy::with_overrides(d)?,
        None => Taxonomy::default_embedded(),
    };
    let data = match dir {
        Some(d) => CoderData::with_overrides(d)?,
        None => CoderData::built_in()?,
    };
    let labels = (data.groups.iter()).map(|(_, g)| {
        let text = [&g.label_en, &g.label_fr, &g.label_ar].map(|l| l.to_string());
        (g.code.clone(), text)
    });
    let tax = tax.with_isco_labels(labels);
    Ok((tax, data))
}

/// The occupation coder over the taxonomy in force: built now when `dir` overrides anything (its
/// data is then checked against the taxonomy before anything is read), else when first needed.
/// `every_posting`: a report groups by ISCO-08 group, so every posting's title is coded.
pub fn occupations<'t>(
    tax: &'t Taxonomy,
    data: &'t CoderData,
    dir: Option<&Path>,
    every_posting: bool,
) -> Result<Occupations<'t>, Error> {
    Ok(match dir {
        Some(_) => Occupations::built(tax, data, every_posting)?,
        None => Occupations::built_in(tax, data, every_posting),
    })
}
