//! `skillgap gap`: the ranked supply-versus-demand report.

use std::io::IsTerminal;

use crate::cli::GapArgs;
use crate::config::GapConfig;
use crate::error::Error;
use crate::model::GapReport;
use crate::output;
use crate::pipeline;
use crate::report;

/// Runs the command; returns the report so callers (and tests) can inspect it.
pub fn run(args: &GapArgs, quiet: bool) -> Result<GapReport, Error> {
    let started = std::time::SystemTime::now();
    let cfg = GapConfig::from_args(args, std::io::stdout().is_terminal())?;
    let (input, checks, rc) = (&cfg.input, &cfg.checks, &cfg.report);
    for out in [&rc.output, &checks.rejects, &checks.unmapped]
        .into_iter()
        .flatten()
    {
        output::check_not_input(out, &input.all())?;
    }
    let (tax, coder_data) = pipeline::load_taxonomy(input.taxonomy.as_deref())?;
    let dir = input.taxonomy.as_deref();
    let occupations = pipeline::occupations(&tax, &coder_data, dir, rc.by.by_occupation())?;
    let sources = input.sources(super::progress(quiet), checks.rejects.is_some());
    let scan = pipeline::read(&sources, &occupations)?;
    super::checks::export_and_gate(checks, &scan)?;
    let period = cfg
        .period
        .select(&scan.demand.years(), &scan.supply.years())?;
    let report = pipeline::assemble(&tax, &scan, period, rc)?;
    if let Some(path) = &checks.unmapped {
        super::checks::write_unmapped(path, &report.quality.unmapped, checks.sanitize)?;
    }
    let reporter = report::configured(rc.format, &rc.write_options());
    output::write_with(rc.output.as_deref(), |w| reporter.write(&report, w))?;
    if let Some(out) = &rc.output {
        let inputs = crate::manifest::input_files(&scan);
        crate::manifest::write_for_gap(started, &report, inputs, rc.format.name(), out)?;
    }
    if !quiet {
        eprintln!(
            "skillgap: {}: {}",
            period,
            report::quality::footer(&report.quality)
        );
    }
    Ok(report)
}
