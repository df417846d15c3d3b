//! The later stages of the pipeline: the data-quality summary of a scan, and the ranked report.

use crate::analysis::{self, quality::InputTally, Options, Period};
use crate::dims::Grouping;
use crate::error::Error;
use crate::model::{DataQuality, GapReport, Params, SCHEMA_VERSION};
use crate::taxonomy::Taxonomy;

use super::Scan;

/// Where every row of the scanned inputs went, for a period (`None`: all years, as `validate`
/// counts) and a grouping (a row is unmapped when a label of a grouped dimension is). The report
/// carries it, and the job's data-quality thresholds are checked against it.
pub fn quality(tax: &Taxonomy, scan: &Scan, period: Option<Period>, by: &Grouping) -> DataQuality {
    analysis::data_quality(
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
        period,
        by,
    )
}

/// Computes the report from scanned inputs, without writing it: the ranking, the data quality
/// and the parameters it was computed with.
pub fn assemble(tax: &Taxonomy, scan: &Scan, opts: &Options) -> Result<GapReport, Error> {
    let rows = analysis::gap_rows(tax, &scan.demand, &scan.supply, opts)?;
    let quality = quality(tax, scan, Some(opts.period), &opts.by);
    Ok(GapReport {
        schema_version: SCHEMA_VERSION,
        params: Params {
            period_from: opts.period.from,
            period_to: opts.period.to,
            years: opts.period.years(),
            by: opts.by.clone(),
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
