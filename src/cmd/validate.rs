//! `skillgap validate`: the data-quality report on its own, with exit status 3 when rows were
//! rejected; with `--assumptions`, the file checked against the inputs.

use crate::cli::{QualityFormat, ValidateArgs};
use crate::config::ValidateConfig;
use crate::dims::Grouping;
use crate::error::{Error, ExitCode};
use crate::model::{AssumptionsCheck, DataQuality};
use crate::output;
use crate::pipeline;
use crate::report;

/// Runs the command; returns the exit code (3 when rows were rejected).
pub fn run(args: &ValidateArgs, quiet: bool) -> Result<ExitCode, Error> {
    let cfg = ValidateConfig::from_args(args)?;
    let (input, checks) = (&cfg.input, &cfg.checks);
    let outputs = super::checks::Outputs::resolve(checks, None, input)?;
    let (tax, coder_data) = pipeline::load_taxonomy(input.taxonomy.as_deref())?;
    let dir = input.taxonomy.as_deref();
    // validate counts as if grouping by region and specialisation: no title needs coding for its
    // ISCO-08 group alone
    let occupations = pipeline::occupations(&tax, &coder_data, dir, false)?;
    let sources = (input.sources(super::progress(quiet), checks.rejects.is_some()))
        .split_for(cfg.assumptions.iter().map(|(_, a)| a));
    let mut scan = pipeline::read(&sources, &occupations)?;
    let mut set = super::checks::export_and_gate(checks, &scan, &outputs, outputs.begin()?)?;
    let quality = pipeline::quality(&tax, &scan, None, &Grouping::region_by_specialisation());
    // the assumptions are checked against the tallies, before they are freed
    let check = (cfg.assumptions.as_ref())
        .map(|(file, a)| pipeline::check_assumptions(&tax, &scan, file, a))
        .transpose()?;
    scan.release_tallies();
    super::checks::stage_unmapped(&outputs, &quality.unmapped, checks.sanitize, &mut set)?;
    set.commit()?;
    for w in check.iter().flat_map(|c| &c.warnings) {
        crate::log::warn(w);
    }
    output::to_stdout(|w| match cfg.format {
        QualityFormat::Table => {
            report::quality::write_text(&quality, w)?;
            match &check {
                Some(c) => report::quality::write_assumptions(c, w),
                None => Ok(()),
            }
        }
        QualityFormat::Json => {
            // the data quality's fields, and `assumptions` beside them when checked
            #[derive(serde::Serialize)]
            struct Checked<'a> {
                #[serde(flatten)]
                quality: &'a DataQuality,
                #[serde(skip_serializing_if = "Option::is_none")]
                assumptions: Option<&'a AssumptionsCheck>,
            }
            let checked = Checked {
                quality: &quality,
                assumptions: check.as_ref(),
            };
            serde_json::to_writer_pretty(&mut *w, &checked)?;
            w.write_all(b"\n")
        }
    })?;
    Ok(if quality.rows_rejected() > 0 {
        ExitCode::Rejected
    } else {
        ExitCode::Success
    })
}
