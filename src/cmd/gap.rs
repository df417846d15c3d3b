//! `skillgap gap`: the ranked supply-versus-demand report.

use std::io::IsTerminal;

use crate::analysis::{self, Options};
use crate::cli::GapArgs;
use crate::error::Error;
use crate::model::{GapReport, Status};
use crate::output;
use crate::pipeline;
use crate::report::{self, Format};

/// Runs the command; returns the report so callers (and tests) can inspect it.
pub fn run(args: &GapArgs, quiet: bool) -> Result<GapReport, Error> {
    let started = std::time::SystemTime::now();
    crate::ingest::cells::set_sanitize(!args.checks.no_sanitize);
    for out in [&args.output, &args.checks.rejects, &args.checks.unmapped]
        .into_iter()
        .flatten()
    {
        output::check_not_input(out, &args.inputs.all())?;
    }
    let by = crate::dims::Grouping::new(&args.by).map_err(Error::Usage)?;
    let format = args.format.unwrap_or_else(|| match &args.output {
        Some(p) => Format::from_extension(p).unwrap_or(Format::Csv),
        None if std::io::stdout().is_terminal() => Format::Table,
        None => Format::Csv,
    });
    if format.is_binary() && args.output.is_none() {
        return Err(Error::Usage(format!(
            "--format {} writes a binary file, not text for a terminal: give -o report.{0}",
            format.name()
        )));
    }
    let keep = match (args.shortages, args.surpluses) {
        (true, _) => Some(Status::Shortage),
        (_, true) => Some(Status::Surplus),
        _ => None,
    };
    let tax = pipeline::load_taxonomy(args.inputs.taxonomy.as_deref())?;
    let scan = super::scan(&args.inputs, &tax, quiet, args.checks.rejects.is_some())?;
    if let Some(path) = &args.checks.rejects {
        super::checks::write_rejects(path, [&scan.postings, &scan.graduates])?;
    }
    super::checks::gates(&args.checks, [&scan.postings, &scan.graduates])?;
    let period = analysis::select_period(
        args.year,
        args.from,
        args.to,
        &scan.demand.years(),
        &scan.supply.years(),
    )?;
    let opts = Options {
        period,
        by,
        sort: args.sort,
        // with a status filter, --top applies after it, below
        top: if keep.is_some() { None } else { args.top },
        show_unmapped: args.show_unmapped,
        min_count: args.min_count,
        threshold: args.threshold,
        lang: args.lang,
    };
    let mut report = pipeline::assemble(&tax, &scan, &opts)?;
    if let Some(status) = keep {
        analysis::keep_status(&mut report.rows, status, args.sort, args.top);
        report.params.top = args.top;
    }
    if args.totals {
        let subtotals = analysis::totals(&report.rows, &opts);
        report.rows.extend(subtotals);
    }
    if let Some(path) = &args.checks.unmapped {
        super::checks::write_unmapped(path, &report.quality.unmapped)?;
    }
    let write_opts = report::WriteOptions {
        csv_delimiter: args.output_delimiter,
    };
    let reporter = report::configured(format, &write_opts);
    output::write_with(args.output.as_deref(), |w| reporter.write(&report, w))?;
    if let Some(out) = &args.output {
        let mut inputs: Vec<_> = scan
            .postings_files
            .iter()
            .map(|s| crate::manifest::input_file("postings", s))
            .collect();
        inputs.push(crate::manifest::input_file("graduates", &scan.graduates));
        crate::manifest::write_for_gap(started, &report, inputs, format.name(), out)?;
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
