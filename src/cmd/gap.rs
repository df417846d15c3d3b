//! `skillgap gap`: the ranked supply-versus-demand report.

use std::io::IsTerminal;

use crate::analysis::{self, quality::InputTally, Options};
use crate::cli::GapArgs;
use crate::error::Error;
use crate::model::{GapReport, Params, Status, SCHEMA_VERSION};
use crate::output;
use crate::report::{self, Format};
use crate::taxonomy::Taxonomy;

use super::Scan;

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
    let by = crate::cli::grouping(&args.by).map_err(Error::Usage)?;
    let format = args.format.unwrap_or_else(|| match &args.output {
        Some(p) => Format::from_extension(p).unwrap_or(Format::Csv),
        None if std::io::stdout().is_terminal() => Format::Table,
        None => Format::Csv,
    });
    if format.is_binary() && args.output.is_none() {
        return Err(Error::Usage(format!(
            "--format {} writes a binary file, not text for a terminal: give -o report.{0}",
            format!("{format:?}").to_lowercase()
        )));
    }
    let keep = match (args.shortages, args.surpluses) {
        (true, _) => Some(Status::Shortage),
        (_, true) => Some(Status::Surplus),
        _ => None,
    };
    let tax = super::load_taxonomy(args.inputs.taxonomy.as_deref())?;
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
    let mut report = assemble(&tax, &scan, &opts)?;
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
        let name = format!("{format:?}").to_lowercase();
        let mut inputs: Vec<_> = scan
            .postings_files
            .iter()
            .map(|s| crate::manifest::input_file("postings", s))
            .collect();
        inputs.push(crate::manifest::input_file("graduates", &scan.graduates));
        crate::manifest::write_for_gap(started, &report, inputs, &name, out)?;
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

/// Computes the report from scanned inputs, without writing it: the ranking, the data quality
/// and the parameters it was computed with. `skillgap run` uses it for each report of a job.
pub fn assemble(tax: &Taxonomy, scan: &Scan, opts: &Options) -> Result<GapReport, Error> {
    let rows = analysis::gap_rows(tax, &scan.demand, &scan.supply, opts)?;
    let quality = analysis::data_quality(
        tax,
        InputTally {
            input: "postings",
            unit: "vacancies",
            read: &scan.postings,
            tally: &scan.demand,
            merged: scan.merged,
        },
        InputTally {
            input: "graduates",
            unit: "graduates",
            read: &scan.graduates,
            tally: &scan.supply,
            merged: Default::default(),
        },
        scan.unmapped.labels(),
        Some(opts.period),
        opts.by,
    );
    Ok(GapReport {
        schema_version: SCHEMA_VERSION,
        params: Params {
            period_from: opts.period.from,
            period_to: opts.period.to,
            years: opts.period.years(),
            by: opts.by.keys().into_iter().map(String::from).collect(),
            sort: format!("{:?}", opts.sort).to_lowercase(),
            min_count: opts.min_count,
            threshold: opts.threshold,
            show_unmapped: opts.show_unmapped,
            top: opts.top,
            lang: opts.lang,
            taxonomy_version: tax.version.clone(),
            dedup_days: scan.dedup.map(|d| d.window_days),
        },
        rows,
        quality,
    })
}
