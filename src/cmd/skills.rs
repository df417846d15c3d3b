//! `skillgap skills`: which skills the postings ask for, per cell, against what programmes teach.

use crate::aggregate::Supply;
use crate::cli::SkillsArgs;
use crate::dims::Grouping;
use crate::error::Error;
use crate::ingest::{ReadOptions, ReadSummary};
use crate::output;
use crate::pipeline;
use crate::report::skills as writer;
use crate::skills::curricula::Curricula;
use crate::skills::report::{self, SkillsReport};
use crate::skills::{tally, Matcher};

/// Runs the command; returns the report so callers (and tests) can inspect it.
pub fn run(args: &SkillsArgs, quiet: bool) -> Result<SkillsReport, Error> {
    let by = Grouping::new(&args.by).map_err(Error::Usage)?;
    (args.format)
        .check_output(args.output.as_deref())
        .map_err(Error::Usage)?;
    let inputs: Vec<&crate::ingest::Input> = args.postings.iter().chain(&args.graduates).collect();
    if let Some(out) = &args.output {
        let read: Vec<output::Role> = (inputs.iter())
            .filter_map(|i| i.path().map(|p| output::Role::new("an input", p)))
            .collect();
        output::check_distinct(&[output::Role::new("-o", out)], &read)?;
    }
    if inputs.iter().filter(|i| i.is_stdin()).count() > 1 {
        return Err(crate::ingest::Error::TwoStdins.into());
    }
    let (tax, coder_data) = pipeline::load_taxonomy(args.taxonomy.as_deref())?;
    // skills are reported per specialisation: no title needs coding for its ISCO-08 group alone
    let occupations = pipeline::occupations(&tax, &coder_data, args.taxonomy.as_deref(), false)?;
    let mut curricula = match &args.curricula {
        Some(path) => Some(Curricula::read(path, &tax)?),
        None => None,
    };
    let matcher = Matcher::new(&tax.skills).map_err(|e| Error::Compute(e.to_string()))?;
    let opts = ReadOptions {
        delimiter: args.delimiter,
        encoding: args.encoding,
        progress: super::progress(quiet),
        columns: args.postings_columns.clone().unwrap_or_default(),
        postings_year: args.postings_year,
        max_field_lines: args.max_field_lines,
        ..ReadOptions::default()
    };
    if let (Some(c), Some(g)) = (&mut curricula, &args.graduates) {
        let mut supply = Supply::default();
        let g_opts = ReadOptions {
            columns: args.graduates_columns.clone().unwrap_or_default(),
            postings_year: None,
            ..opts.clone()
        };
        let sum = pipeline::read_supply(
            g,
            &g_opts,
            &occupations,
            &mut supply,
            &mut Default::default(),
        )?;
        if !quiet {
            crate::log::stderr_line(&format!(
                "skillgap: {}: {} graduate rows read, {} rejected",
                crate::ingest::escape_controls(&sum.file),
                sum.rows_read,
                sum.rows_rejected
            ));
        }
        c.graduating_from(&supply);
    }
    let scan = tally::scan(&args.postings, &opts, &occupations, &matcher)?;
    let read = ReadSummary::merge(&scan.files);
    if !scan.text_columns {
        return Err(Error::Skills(format!(
            "{}: no text column to search for skills (looked for description, skills, competences, \
             languages and their usual names); name one with --postings-columns description=HEADER",
            (scan.files.iter().map(|f| f.file.as_str()))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let years = scan.tally.years();
    let year =
        match (args.year, years.last()) {
            (Some(y), _) if years.contains(&y) => y,
            (Some(y), _) => {
                return Err(Error::Skills(format!(
                    "no valid posting is dated {y} (years with postings: {})",
                    years
                        .iter()
                        .map(i32::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                )))
            }
            (None, Some(&y)) => y,
            (None, None) => return Err(Error::Skills(
                "no valid posting to report on: every row was rejected (see `skillgap validate`)"
                    .into(),
            )),
        };
    let mut report = report::build(
        &tax,
        &scan.tally,
        curricula.as_ref(),
        &report::Options {
            by,
            year,
            lang: args.lang,
            top: args.top,
        },
        (read.rows_read, read.rows_rejected),
        scan.text_columns,
    );
    report.files = scan.files.iter().map(|f| f.file.clone()).collect();
    output::write_with(args.output.as_deref(), |w| {
        writer::write(&report, args.format, !args.no_sanitize, w)
    })?;
    if !quiet {
        let s = &report.summary;
        crate::log::stderr_line(&format!(
            "skillgap: {year}: {} rows read, {} rejected, {} in other years, {} not placed, {} in \
             {} cells ({} without any text)",
            s.rows_read,
            s.rows_rejected,
            s.other_years,
            s.unplaced,
            s.in_cells,
            report.cells.len(),
            s.without_text
        ));
    }
    Ok(report)
}
