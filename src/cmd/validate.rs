//! `skillgap validate`: the data-quality report on its own, with exit status 3 when rows were
//! rejected.

use crate::cli::{QualityFormat, ValidateArgs};
use crate::dims::Grouping;
use crate::error::{Error, ExitCode};
use crate::output;
use crate::pipeline;
use crate::report;

/// Runs the command; returns the exit code (3 when rows were rejected).
pub fn run(args: &ValidateArgs, quiet: bool) -> Result<ExitCode, Error> {
    let tax = pipeline::load_taxonomy(args.inputs.taxonomy.as_deref())?;
    crate::ingest::cells::set_sanitize(!args.checks.no_sanitize);
    for out in [&args.checks.rejects, &args.checks.unmapped]
        .into_iter()
        .flatten()
    {
        output::check_not_input(out, &args.inputs.all())?;
    }
    let scan = super::scan(&args.inputs, &tax, quiet, args.checks.rejects.is_some())?;
    if let Some(path) = &args.checks.rejects {
        super::checks::write_rejects(path, [&scan.postings, &scan.graduates])?;
    }
    super::checks::gates(&args.checks, [&scan.postings, &scan.graduates])?;
    let quality = pipeline::quality(&tax, &scan, None, &Grouping::region_by_specialisation());
    if let Some(path) = &args.checks.unmapped {
        super::checks::write_unmapped(path, &quality.unmapped)?;
    }
    output::write_with(None, |w| match args.format {
        QualityFormat::Table => report::quality::write_text(&quality, w),
        QualityFormat::Json => {
            serde_json::to_writer_pretty(&mut *w, &quality)?;
            w.write_all(b"\n")
        }
    })?;
    Ok(if quality.rows_rejected() > 0 {
        ExitCode::Rejected
    } else {
        ExitCode::Success
    })
}
