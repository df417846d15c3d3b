//! `skillgap trend`: demand, supply and gaps over the years, projected to a horizon, with a
//! backtest of the method and the targets assessed. The same inputs, checks and taxonomy as
//! `gap`, read once: the tallies already key every row by its year.

use std::io::IsTerminal;
use std::time::SystemTime;

use crate::cli::TrendArgs;
use crate::config::trend::{load_targets, TrendConfig, TrendReportConfig};
use crate::error::Error;
use crate::indicators::columns::IndicatorParams;
use crate::manifest::{self, Manifest};
use crate::model::trend::TrendReport;
use crate::model::{GapReport, Params};
use crate::outlook::Target;
use crate::pipeline::{self, Scan};
use crate::report;
use crate::taxonomy::Taxonomy;

/// Runs the command; returns the report so callers (and tests) can inspect it.
pub fn run(args: &TrendArgs, quiet: bool) -> Result<TrendReport, Error> {
    let started = SystemTime::now();
    let cfg = TrendConfig::from_args(args, std::io::stdout().is_terminal())?;
    let (input, checks, tc) = (&cfg.input, &cfg.checks, &cfg.trend);
    let outputs = super::checks::Outputs::resolve(checks, tc.report.output.as_deref(), input)?;
    // a targets file with a mistake fails before the inputs are read
    let targets = load_targets(tc.targets.as_deref())?;
    let (tax, coder_data) = pipeline::load_taxonomy(input.taxonomy.as_deref())?;
    let dir = input.taxonomy.as_deref();
    let occupations = pipeline::occupations(&tax, &coder_data, dir, tc.report.by.by_occupation())?;
    let sources = (input.sources(super::progress(quiet), checks.rejects.is_some()))
        .split_for(tc.report.indicators.assumptions.iter().map(|(_, a)| a));
    let mut scan = pipeline::read(&sources, &occupations)?;
    let mut set = super::checks::export_and_gate(checks, &scan, &outputs, outputs.begin()?)?;
    let report = assemble(&tax, &scan, tc, &targets)?;
    scan.release_tallies();
    super::checks::stage_unmapped(
        &outputs,
        &report.quality.unmapped,
        checks.sanitize,
        &mut set,
    )?;
    let rc = &tc.report;
    let reporter = report::trend::configured(rc.format, &rc.write_options());
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
        crate::log::stderr_line(&format!("skillgap: {}", backtest_footer(&report)));
        crate::log::stderr_line(&format!(
            "skillgap: {}: {}",
            span_label(&report),
            report::quality::footer(&report.quality)
        ));
    }
    Ok(report)
}

/// The observed years of a report: `2020-2025`.
pub fn span_label(t: &TrendReport) -> String {
    format!("{}-{}", t.params.observed_from, t.params.observed_to)
}

/// The backtest in one line, for stderr: every format shows it, the csv and ndjson ones (which
/// hold the series alone) there only. `backtest (2025 held back): demand MAPE 15.6%, 90% of
/// actuals inside their interval (40 series); supply ...`.
pub fn backtest_footer(t: &TrendReport) -> String {
    let b = &t.backtest;
    let Some(from) = b.from_year else {
        return format!(
            "backtest: too few observed years to hold back {} and project them",
            b.held_back
        );
    };
    let held = if b.held_back == 1 {
        format!("{from} held back")
    } else {
        format!("{from}-{} held back", t.params.observed_to)
    };
    let pct = |x: Option<f64>| x.map_or_else(|| "-".to_string(), |x| format!("{:.1}%", x * 100.0));
    let sides: Vec<String> = b
        .rows
        .iter()
        .filter(|r| r.family == "all")
        .map(|r| {
            format!(
                "{} MAPE {}, {} of actuals inside their interval ({} series, {} too short)",
                r.measure,
                pct(r.mape),
                pct(r.coverage),
                r.series,
                r.insufficient
            )
        })
        .collect();
    format!("backtest ({held}): {}", sides.join("; "))
}

/// The trend report of scanned inputs: the observed span chosen, then the report assembled.
pub fn assemble(
    tax: &Taxonomy,
    scan: &Scan,
    tc: &TrendReportConfig,
    targets: &[Target],
) -> Result<TrendReport, Error> {
    let lag = tc.report.indicators.lag_years();
    let counted = pipeline::supply_years(scan, lag);
    let span = tc.span(&scan.demand.years(), &counted)?;
    if let Some(&first) = counted.first().filter(|&&f| lag > 0 && span.from < f) {
        // with a lag, the supply of a year before the first cohort + lag is not known, and is
        // not 0: the span starts no earlier than that year
        return Err(Error::Usage(format!(
            "with lag_years = {lag}, the first cohort of the graduates ({}) counts in {first}, so the supply of {} is unknown; start the observed years in {first} or later (--from {first}, or `from` in the job)",
            first - lag as i32,
            if first - span.from == 1 {
                span.from.to_string()
            } else {
                format!("{}-{}", span.from, first - 1)
            },
        )));
    }
    for w in pipeline::trend::lag_warnings(scan, span, lag) {
        crate::log::warn(w);
    }
    if span.years() < 3 {
        crate::log::warn(format!(
            "{} observed year(s) ({span}): a projection needs 3, every projected value will be empty",
            span.years()
        ));
    }
    pipeline::trend::assemble_trend(tax, scan, span, tc, targets, tc.targets.as_deref())
}

/// What the manifest records of a trend report, in the gap report's terms: the observed years as
/// the period, the taxonomy version and the data quality; it carries no rows.
pub fn as_gap_report(t: &TrendReport) -> GapReport {
    let p = &t.params;
    GapReport {
        schema_version: t.schema_version,
        params: Params {
            period_from: p.observed_from,
            period_to: p.observed_to,
            years: (p.observed_to - p.observed_from + 1) as u32,
            by: p.by.clone(),
            sort: "gap".into(),
            min_count: 0.0,
            threshold: 0.0,
            show_unmapped: p.show_unmapped,
            top: p.top,
            lang: p.lang,
            taxonomy_version: p.taxonomy_version.clone(),
            dedup_days: p.dedup_days,
            // the manifest records the assumptions file and its SHA-256, as for a gap report
            indicators: p.assumptions.clone().map(|a| IndicatorParams {
                assumptions: Some(a),
                ..IndicatorParams::default()
            }),
        },
        rows: Vec::new(),
        rollups: Vec::new(),
        mismatches: Vec::new(),
        quality: t.quality.clone(),
        skills: Vec::new(),
    }
}
