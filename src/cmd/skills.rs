//! `skillgap skills`: which skills the postings ask for, per cell, against what programmes teach.
//!
//! The postings (and the graduates, with `--graduates`) are read by the pipeline's one reader, as
//! for `gap`: the same rejects, gates (`--rejects`, `--strict`, `--max-reject-rate`), merging of
//! duplicates and period; the skills of each posting are tallied beside its demand
//! ([`tally::Skills`]), so that the two reconcile.

use std::collections::BTreeSet;
use std::io::IsTerminal;

use crate::cli::SkillsArgs;
use crate::config::SkillsConfig;
use crate::dims::Grouping;
use crate::error::Error;
use crate::manifest::{self, Figures, Manifest};
use crate::output::{self, Role};
use crate::pipeline::{self, Scan};
use crate::report::skills as writer;
use crate::skills::curricula::Curricula;
use crate::skills::report::{self, SkillsReport};
use crate::skills::tally::{self, SkillScan};
use crate::skills::Matcher;
use crate::taxonomy::Taxonomy;

/// Runs the command; returns the report so callers (and tests) can inspect it.
pub fn run(args: &SkillsArgs, quiet: bool) -> Result<SkillsReport, Error> {
    let started = std::time::SystemTime::now();
    let by = Grouping::new(&args.by).map_err(Error::Usage)?;
    (args.format)
        .check_output(args.output.as_deref())
        .map_err(Error::Usage)?;
    if args.format == writer::SkillsFormat::Parquet
        && args.output.is_none()
        && std::io::stdout().is_terminal()
    {
        return Err(Error::Usage(
            "--format parquet writes a binary file, not text for a terminal: give -o skills.parquet \
             or redirect stdout to a file"
                .into(),
        ));
    }
    let cfg = SkillsConfig::from_args(args)?;
    let (input, checks) = (&cfg.input, &cfg.checks);
    let outputs = super::checks::Outputs::resolve(checks, args.output.as_deref(), input)?;
    if let Some(c) = &args.curricula {
        output::check_distinct(&outputs.roles(), &[Role::new("--curricula", c)])?;
    }
    let (tax, coder_data) = pipeline::load_taxonomy(input.taxonomy.as_deref())?;
    // skills are reported per specialisation: no title needs coding for its ISCO-08 group alone
    let dir = input.taxonomy.as_deref();
    let occupations = pipeline::occupations(&tax, &coder_data, dir, false)?;
    let mut curricula = match &args.curricula {
        Some(path) => Some(Curricula::read(path, &tax)?),
        None => None,
    };
    let matcher = Matcher::new(&tax.skills);
    // skills apply no assumptions: no group needs keeping apart
    let sources = (input.sources(super::progress(quiet), checks.rejects.is_some())).split_for([]);
    let skills = tally::Skills::new(&matcher);
    let (scan, found) = pipeline::read_with(&sources, &occupations, &skills)?;
    check_text(&scan, &found, "--postings-columns description=HEADER")?;
    let mut set = super::checks::export_and_gate(checks, &scan, &outputs, outputs.begin()?)?;
    if let (Some(c), Some(_)) = (&mut curricula, &input.graduates) {
        if !quiet {
            crate::log::stderr_line(&format!(
                "skillgap: {}: {} graduate rows read, {} rejected",
                crate::ingest::escape_controls(&scan.graduates.file),
                scan.graduates.rows_read,
                scan.graduates.rows_rejected
            ));
        }
        c.graduating_from(&scan.supply);
    }
    let years: BTreeSet<i32> = found.tally.years().into_iter().collect();
    if years.is_empty() {
        return Err(Error::Skills(
            "no valid posting to report on: every row was rejected or merged (see `skillgap \
             validate`)"
                .into(),
        ));
    }
    // the period is chosen among the postings' years alone: graduates only say who teaches
    let period = cfg.period.select(&years, &years)?;
    let opts = report::Options {
        by: by.clone(),
        period,
        lang: args.lang,
        top: args.top,
    };
    let report = assemble(&tax, &scan, &found, curricula.as_ref(), &opts);
    let mut quality = pipeline::quality(&tax, &scan, Some(period), &by);
    // graduates are read only with --graduates: the manifest's rows then list the postings alone,
    // as its inputs do
    if input.graduates.is_none() {
        quality.inputs.retain(|q| q.input != "graduates");
    }
    super::checks::stage_unmapped(&outputs, &quality.unmapped, checks.sanitize, &mut set)?;
    super::checks::write_report(
        &outputs,
        set,
        args.format.name(),
        |entries| {
            let figures = Figures {
                period: (period.from, period.to),
                taxonomy_version: &tax.version,
                quality: &quality,
                assumptions: None,
            };
            Manifest::new(
                started,
                None,
                figures,
                manifest::input_files(&scan),
                entries,
            )
        },
        |w| writer::write(&report, args.format, checks.sanitize, w),
    )?;
    if !quiet {
        let s = &report.summary;
        crate::log::stderr_line(&format!(
            "skillgap: {period}: {} rows read, {} rejected, {} merged as copies, {} in other \
             years, {} not placed, {} in {} cells ({} without any text)",
            s.rows_read,
            s.rows_rejected,
            s.merged,
            s.other_years,
            s.unplaced,
            s.in_cells,
            report.cells.len(),
            s.without_text
        ));
    }
    Ok(report)
}

/// Fails when no postings file had a text column to search (`how` says how to name one), else
/// logs the extraction's speed.
pub(super) fn check_text(scan: &Scan, found: &SkillScan, how: &str) -> Result<(), Error> {
    if !found.text_columns {
        return Err(Error::Skills(format!(
            "{}: no text column to search for skills (looked for description, skills, competences, \
             languages and their usual names); name one with {how}",
            (scan.postings_files.iter().map(|f| f.file.as_str()))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let (bytes, took) = found.searched;
    crate::log::info(format!(
        "skills: {:.1} MB of text folded and matched in {:.2} s of worker time ({:.0} MB/s per \
         core; reading and placing the rows not counted)",
        bytes as f64 / 1e6,
        took.as_secs_f64(),
        bytes as f64 / 1e6 / took.as_secs_f64().max(1e-9)
    ));
    Ok(())
}

/// The report of the skills found in `scan`'s postings, for `opts`.
pub(super) fn assemble(
    tax: &Taxonomy,
    scan: &Scan,
    found: &SkillScan,
    curricula: Option<&Curricula>,
    opts: &report::Options,
) -> SkillsReport {
    let mut report = report::build(
        tax,
        &found.tally,
        curricula,
        opts,
        report::Read {
            rows: scan.postings.rows_read,
            rejected: scan.postings.rows_rejected,
            merged: scan.merged.rows(),
        },
        found.text_columns,
    );
    report.files = (scan.postings_files.iter())
        .map(|f| f.file.clone())
        .collect();
    report
}
