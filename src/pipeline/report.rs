//! The later stages of the pipeline: the data-quality summary of a scan, and the ranked report.

use crate::analysis::{self, quality::InputTally, Options, Period};
use crate::config::ReportConfig;
use crate::dims::Grouping;
use crate::error::Error;
use crate::model::{DataQuality, DecidedEntry, GapReport, Params, SCHEMA_VERSION};
use crate::taxonomy::Taxonomy;

use super::Scan;

/// Where every row of the scanned inputs went, for a period (`None`: all years, as `validate`
/// counts) and a grouping (a row is unmapped when a label of a grouped dimension is). The report
/// carries it, and the job's data-quality thresholds are checked against it.
pub fn quality(tax: &Taxonomy, scan: &Scan, period: Option<Period>, by: &Grouping) -> DataQuality {
    let mut q = analysis::data_quality(
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
        &scan.unmapped,
        period,
        by,
    );
    q.decided = (scan.decided.iter())
        .map(|(d, &rows)| DecidedEntry {
            column: d.column().to_string(),
            how: d.how().to_string(),
            rows,
        })
        .collect();
    q
}

/// Computes one report from scanned inputs, without writing it: the ranking (filtered by status
/// and with subtotals when asked), the data quality and the parameters it was computed with.
pub fn assemble(
    tax: &Taxonomy,
    scan: &Scan,
    period: Period,
    rc: &ReportConfig,
) -> Result<GapReport, Error> {
    let opts = Options {
        period,
        by: rc.by.clone(),
        sort: rc.sort,
        // with a status filter, the top rows are taken after it, below
        top: if rc.keep.is_some() { None } else { rc.top },
        show_unmapped: rc.show_unmapped,
        min_count: rc.min_count,
        threshold: rc.threshold,
        lang: rc.lang,
    };
    let mut rows = analysis::gap_rows(tax, &scan.demand, &scan.supply, &opts)?;
    if let Some(status) = rc.keep {
        analysis::keep_status(&mut rows, status, rc.sort, rc.top);
    }
    if rc.totals {
        let subtotals = analysis::totals(&rows, &opts);
        rows.extend(subtotals);
    }
    let quality = quality(tax, scan, Some(period), &rc.by);
    Ok(GapReport {
        schema_version: SCHEMA_VERSION,
        params: Params {
            period_from: period.from,
            period_to: period.to,
            years: period.years(),
            by: rc.by.clone(),
            sort: format!("{:?}", rc.sort).to_lowercase(),
            min_count: rc.min_count,
            threshold: rc.threshold,
            show_unmapped: rc.show_unmapped,
            top: rc.top,
            lang: rc.lang,
            taxonomy_version: tax.version.clone(),
            dedup_days: scan.dedup.map(|d| d.window_days),
        },
        rows,
        quality,
    })
}
