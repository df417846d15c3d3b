//! `skillgap generate`: checks the arguments and writes deterministic synthetic inputs (see
//! [`crate::generate`]).

use crate::cli::GenerateArgs;
use crate::error::Error;
use crate::generate::{self, Spec};

/// Runs the command: writes `DIR/postings.csv` and `DIR/graduates.csv`.
pub fn run(args: &GenerateArgs, quiet: bool) -> Result<(), Error> {
    let written = generate::write_files(&spec(args)?, &args.out)?;
    if !quiet {
        eprintln!(
            "skillgap: wrote {} postings to {} and {} cohorts to {}",
            args.postings,
            written.postings.display(),
            args.graduates,
            written.graduates.display()
        );
    }
    Ok(())
}

/// The arguments, checked: years in the range the readers accept, in order, and a fraction.
fn spec(args: &GenerateArgs) -> Result<Spec, Error> {
    if args.from_year > args.to_year {
        return Err(Error::Usage(format!(
            "--from-year {} is after --to-year {}; swap them",
            args.from_year, args.to_year
        )));
    }
    if args.from_year < 1990 || args.to_year > 2100 {
        return Err(Error::Usage(format!(
            "years {}..{} are outside 1990..2100, which the readers accept",
            args.from_year, args.to_year
        )));
    }
    if !(0.0..=1.0).contains(&args.bad_rate) {
        return Err(Error::Usage(format!(
            "--bad-rate {} must be a fraction from 0 to 1",
            args.bad_rate
        )));
    }
    Ok(Spec {
        postings: args.postings,
        graduates: args.graduates,
        seed: args.seed,
        from_year: args.from_year,
        to_year: args.to_year,
        bad_rate: args.bad_rate,
    })
}
