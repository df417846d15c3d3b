//! `skillgap gap`: the ranked supply-versus-demand report.

use std::io::IsTerminal;

use crate::analysis::{self, quality::InputTally, Grouping, Options};
use crate::cli::{Dimension, GapArgs};
use crate::error::Error;
use crate::model::{GapReport, Params, SCHEMA_VERSION};
use crate::output;
use crate::report::{self, Format};

/// Runs the command; returns the report so callers (and tests) can inspect it.
pub fn run(args: &GapArgs, quiet: bool) -> Result<GapReport, Error> {
    if let Some(out) = &args.output {
        output::check_not_input(out, &[&args.inputs.postings, &args.inputs.graduates])?;
    }
    let by = Grouping {
        region: args.by.contains(&Dimension::Region),
        specialisation: args.by.contains(&Dimension::Specialisation),
    };
    let format = args.format.unwrap_or_else(|| match &args.output {
        Some(p) => Format::from_extension(p).unwrap_or(Format::Csv),
        None if std::io::stdout().is_terminal() => Format::Table,
        None => Format::Csv,
    });
    let tax = super::load_taxonomy(args.inputs.taxonomy.as_deref())?;
    let scan = super::scan(&args.inputs, &tax, quiet)?;
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
        top: args.top,
        show_unmapped: args.show_unmapped,
        min_count: args.min_count,
        threshold: args.threshold,
        lang: args.lang,
    };
    let rows = analysis::gap_rows(&tax, &scan.demand, &scan.supply, &opts)?;
    let quality = analysis::data_quality(
        &tax,
        InputTally {
            input: "postings",
            unit: "vacancies",
            read: &scan.postings,
            tally: &scan.demand,
        },
        InputTally {
            input: "graduates",
            unit: "graduates",
            read: &scan.graduates,
            tally: &scan.supply,
        },
        &scan.unmapped,
        Some(period),
        by,
    );
    let report = GapReport {
        schema_version: SCHEMA_VERSION,
        params: Params {
            period_from: period.from,
            period_to: period.to,
            years: period.years(),
            by: by.keys().into_iter().map(String::from).collect(),
            sort: format!("{:?}", args.sort).to_lowercase(),
            min_count: args.min_count,
            threshold: args.threshold,
            show_unmapped: args.show_unmapped,
            top: args.top,
            lang: args.lang,
            taxonomy_version: tax.version.clone(),
        },
        rows,
        quality,
    };
    let reporter = report::for_format(format);
    output::write_with(args.output.as_deref(), |w| reporter.write(&report, w))?;
    if !quiet {
        eprintln!(
            "skillgap: {}: {}",
            period,
            report::quality::footer(&report.quality)
        );
    }
    Ok(report)
}
