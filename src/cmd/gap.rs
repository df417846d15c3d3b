//! `skillgap gap`: the ranked supply-versus-demand report.

use std::io::IsTerminal;

use crate::cli::GapArgs;
use crate::config::GapConfig;
use crate::error::Error;
use crate::manifest::{self, Manifest};
use crate::model::GapReport;
use crate::pipeline;
use crate::report;
use crate::skills::tally::TopSkills;

/// Runs the command; returns the report so callers (and tests) can inspect it.
///
/// The files it writes (`-o` and its manifest, `--rejects`, `--unmapped`) are checked before
/// anything is read, staged together once the report is computed, and renamed into place with
/// the manifest last; the report on stdout, if any, follows them.
pub fn run(args: &GapArgs, quiet: bool) -> Result<GapReport, Error> {
    let started = std::time::SystemTime::now();
    let cfg = GapConfig::from_args(args, std::io::stdout().is_terminal())?;
    let (input, checks, rc) = (&cfg.input, &cfg.checks, &cfg.report);
    let outputs = super::checks::Outputs::resolve(checks, rc.output.as_deref(), input)?;
    let (tax, coder_data) = pipeline::load_taxonomy(input.taxonomy.as_deref())?;
    let dir = input.taxonomy.as_deref();
    let occupations = pipeline::occupations(&tax, &coder_data, dir, rc.by.by_occupation())?;
    // the postings' text columns, if any, give the top skills of the specialisations shown
    let sources = (input.sources(super::progress(quiet), checks.rejects.is_some()))
        .split_for(rc.indicators.assumptions.iter().map(|(_, a)| a));
    let top_skills = TopSkills::new(&tax.skills);
    let (mut scan, skills) = pipeline::read_with(&sources, &occupations, &top_skills)?;
    scan.skills = top_skills.finish(skills);
    let mut set = super::checks::export_and_gate(checks, &scan, &outputs, outputs.begin()?)?;
    let period = cfg.period.select(
        &scan.demand.years(),
        &pipeline::supply_years(&scan, rc.indicators.lag_years()),
    )?;
    let report = pipeline::assemble(&tax, &scan, period, rc)?;
    scan.release_tallies();
    super::checks::stage_unmapped(
        &outputs,
        &report.quality.unmapped,
        checks.sanitize,
        &mut set,
    )?;
    let reporter = report::configured(rc.format, &rc.write_options());
    super::checks::write_report(
        &outputs,
        set,
        rc.format.name(),
        |entries| {
            let inputs = manifest::input_files(&scan);
            Manifest::new(started, None, (&report).into(), inputs, entries)
        },
        |w| reporter.write(&report, w),
    )?;
    if !quiet {
        crate::log::stderr_line(&format!(
            "skillgap: {}: {}",
            period,
            report::quality::footer(&report.quality)
        ));
    }
    Ok(report)
}
