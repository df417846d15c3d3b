//! The later stages of the pipeline: the data-quality summary of a scan, and the ranked report.

use crate::analysis::{self, quality::InputTally, Options, Period};
use crate::config::ReportConfig;
use crate::dims::Grouping;
use crate::error::Error;
use crate::indicators::apply::{self as indicators, Context};
use crate::indicators::columns::{IndicatorParams, IntervalMethod, StatedAssumptions};
use crate::indicators::RatingScheme;
use crate::model::{DataQuality, DecidedEntry, GapReport, GapRow, Params, SCHEMA_VERSION};
use crate::taxonomy::Taxonomy;

use super::Scan;

/// Where every row of the scanned inputs went, for a period (`None`: all years, as `validate`
/// counts) and a grouping (a row is unmapped when a label of a grouped dimension is). The report
/// carries it, and the job's data-quality thresholds are checked against it.
pub fn quality(tax: &Taxonomy, scan: &Scan, period: Option<Period>, by: &Grouping) -> DataQuality {
    quality_lagged(tax, scan, period, by, 0)
}

/// [`quality`], with the graduates of year Y counted in year Y + `lag` (the assumptions'
/// `lag_years`): their rows are in the period when their cohort is `lag` years before it.
pub fn quality_lagged(
    tax: &Taxonomy,
    scan: &Scan,
    period: Option<Period>,
    by: &Grouping,
    lag: u32,
) -> DataQuality {
    let mut q = quality_of(tax, scan, period, by);
    if lag > 0 {
        if let Some(p) = period {
            let cohorts = Period {
                from: p.from.saturating_sub_unsigned(lag),
                to: p.to.saturating_sub_unsigned(lag),
            };
            let g = quality_of(tax, scan, Some(cohorts), by);
            let graduates = |input: &str| input == "graduates";
            q.inputs.retain(|i| !graduates(&i.input));
            q.inputs
                .extend(g.inputs.into_iter().filter(|i| graduates(&i.input)));
            q.unmapped.retain(|u| !graduates(&u.input));
            q.unmapped
                .extend(g.unmapped.into_iter().filter(|u| graduates(&u.input)));
            q.abroad.retain(|a| !graduates(&a.input));
            q.abroad
                .extend(g.abroad.into_iter().filter(|a| graduates(&a.input)));
            q.unmapped.sort_by(|a, b| {
                (b.units, &a.input, &a.column, &a.label)
                    .cmp(&(a.units, &b.input, &b.column, &b.label))
            });
            q.abroad.sort_by(|a, b| {
                (b.units, &a.input, &a.countries).cmp(&(a.units, &b.input, &b.countries))
            });
        }
    }
    q
}

fn quality_of(tax: &Taxonomy, scan: &Scan, period: Option<Period>, by: &Grouping) -> DataQuality {
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
    let settings = &rc.indicators;
    let assumptions = settings.assumptions();
    // effective quantities change the numbers, and so the ranking: rank them all, then cut
    let recompute = !assumptions.is_identity();
    let mut opts = Options {
        period,
        by: rc.by.clone(),
        sort: rc.sort,
        // with a status filter, the top rows are taken after it, below
        top: if rc.keep.is_some() || recompute {
            None
        } else {
            rc.top
        },
        show_unmapped: rc.show_unmapped,
        min_count: rc.min_count,
        threshold: rc.threshold,
        lang: rc.lang,
        supply_lag: assumptions.lag_years,
    };
    let mut rows = analysis::gap_rows(tax, &scan.demand, &scan.supply, &opts)?;
    let mut mismatches = Vec::new();
    if !settings.is_off() {
        let cx = Context {
            settings,
            assumptions: &assumptions,
            by: &rc.by,
            years: period.years(),
            threshold: rc.threshold,
            min_count: rc.min_count,
            populations: &tax.populations,
        };
        annotate(tax, scan, &mut opts, &cx, &mut rows, recompute)?;
        mismatches = regional_mismatches(tax, scan, &opts, &cx, recompute)?;
        if recompute && rc.keep.is_none() {
            if let Some(n) = rc.top {
                rows.truncate(n);
            }
        }
    }
    if let Some(status) = rc.keep {
        analysis::keep_status(&mut rows, status, rc.sort, rc.top);
    }
    if rc.totals {
        let subtotals = analysis::totals(&rows, &opts);
        rows.extend(subtotals);
    }
    let quality = quality_lagged(tax, scan, Some(period), &rc.by, assumptions.lag_years);
    let skills = match &scan.skills {
        Some(tally) => crate::skills::report::top_skills(
            tax,
            tally,
            &rows,
            &rc.by,
            rc.lang,
            period.from..=period.to,
        ),
        None => Vec::new(),
    };
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
            indicators: (!settings.is_off()).then(|| indicator_params(rc, &tax.populations.source)),
        },
        rows,
        mismatches,
        quality,
        skills,
    })
}

/// Computes the indicators of `rows` (and, with `recompute`, their metrics and ranking).
fn annotate(
    tax: &Taxonomy,
    scan: &Scan,
    opts: &mut Options,
    cx: &Context,
    rows: &mut Vec<GapRow>,
    recompute: bool,
) -> Result<(), Error> {
    let inputs = analysis::cells::key_inputs(tax, &scan.demand, &scan.supply, opts)?;
    let exact = indicators::annotate(rows, &inputs, cx, recompute);
    if recompute {
        indicators::rerank(rows, exact, opts.sort);
    }
    Ok(())
}

/// With `--concentration` and a grouping by region alone, the region × specialisation cells with
/// a mismatch class, in the concentration view's order: the regional view of where to train.
fn regional_mismatches(
    tax: &Taxonomy,
    scan: &Scan,
    opts: &Options,
    cx: &Context,
    recompute: bool,
) -> Result<Vec<GapRow>, Error> {
    use crate::dims::Dim;
    use crate::indicators::columns::{Group, Settings};
    if !cx.settings.groups().contains(&Group::Concentration) || opts.by.dims() != [Dim::Region] {
        return Ok(Vec::new());
    }
    let wide = Options {
        by: Grouping::region_by_specialisation(),
        top: None,
        ..opts.clone()
    };
    let settings = Settings {
        assumptions: cx.settings.assumptions.clone(),
        concentration: true,
        ..Settings::default()
    };
    let cx = Context {
        settings: &settings,
        by: &wide.by,
        ..*cx
    };
    let mut rows = analysis::gap_rows(tax, &scan.demand, &scan.supply, &wide)?;
    let inputs = analysis::cells::key_inputs(tax, &scan.demand, &scan.supply, &wide)?;
    let exact = indicators::annotate(&mut rows, &inputs, &cx, recompute);
    if recompute {
        indicators::rerank(&mut rows, exact, wide.sort);
    }
    rows.retain(|r| {
        r.indicators
            .concentration
            .is_some_and(|c| c.mismatch.is_some())
    });
    rows.sort_by(indicators::mismatch_order);
    Ok(rows)
}

/// The indicator parameters a report states.
fn indicator_params(rc: &ReportConfig, populations: &str) -> IndicatorParams {
    let s = &rc.indicators;
    let groups = s.groups();
    use crate::indicators::columns::Group;
    IndicatorParams {
        assumptions: s
            .assumptions
            .as_ref()
            .map(|(file, a)| StatedAssumptions::of(file, a)),
        interval: groups.contains(&Group::Interval).then_some(IntervalMethod {
            confidence: crate::stats::Confidence::NINETY.level(),
            method: "garwood",
        }),
        rating: s.scheme().map(|r| match r {
            RatingScheme::Threshold => "threshold",
            RatingScheme::Bands => "bands",
        }),
        populations: groups
            .contains(&Group::Concentration)
            .then(|| populations.to_string()),
        columns: s.columns.clone(),
        groups,
    }
}
