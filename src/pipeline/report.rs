//! The later stages of the pipeline: the data-quality summary of a scan, and the ranked report.

use crate::analysis::{self, quality::InputTally, Options, Period};
use crate::config::ReportConfig;
use crate::dims::Grouping;
use crate::error::Error;
use crate::indicators::apply::{self as indicators, Context};
use crate::indicators::columns::{IndicatorParams, IntervalMethod, StatedAssumptions};
use crate::indicators::RatingScheme;
use crate::model::{
    AssumptionsCheck, DataQuality, DecidedEntry, GapReport, GapRow, Params, SCHEMA_VERSION,
};
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
            q.unmapped.take_input_from("graduates", g.unmapped);
            q.abroad.retain(|a| !graduates(&a.input));
            q.abroad
                .extend(g.abroad.into_iter().filter(|a| graduates(&a.input)));
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

/// An assumptions file set against the scanned inputs, over every year and every counted row (a
/// region and a specialisation known, as `validate` counts them): the totals under its coverage,
/// entry rates and leakage, and a warning per entry that applies to nothing in the data. The lag
/// moves graduates from one year to another and leaves totals over every year as they are.
pub fn check_assumptions(
    tax: &Taxonomy,
    scan: &Scan,
    file: &str,
    a: &crate::indicators::Assumptions,
) -> Result<AssumptionsCheck, Error> {
    use crate::normalise::UNIT_SCALE;
    let years: Vec<i32> = (scan.demand.years().into_iter())
        .chain(scan.supply.years())
        .collect();
    let period = Period {
        from: years.iter().copied().min().unwrap_or_default(),
        to: years.iter().copied().max().unwrap_or_default(),
    };
    let o = Options {
        period,
        by: Grouping::region_by_specialisation(),
        sort: analysis::SortKey::Gap,
        top: None,
        show_unmapped: false,
        min_count: 0.0,
        threshold: 0.0,
        lang: crate::taxonomy::Lang::En,
        supply_lag: 0,
    };
    let inputs = analysis::cells::key_inputs(tax, &scan.demand, &scan.supply, &o)?;
    let sources = || inputs.values().flat_map(|k| k.sources());
    let graduates = || inputs.values().flat_map(|k| k.graduates());
    let scale = UNIT_SCALE as f64;
    let total = |units: u64| units as f64 / scale;
    let three = |i: crate::stats::Interval| [i.low, i.central, i.high].map(|x| x / scale);
    let warnings = (a.unused(sources().map(|s| s.0), graduates()).into_iter())
        .map(|(table, key, line)| {
            let what = match table {
                "coverage" => "no posting counted has this source",
                "entry_rate" => "no graduate counted has this level",
                _ => "no graduate counted is in this specialisation or family",
            };
            format!("{file}, line {line}: `{table}.{key}`: {what}; check its spelling (keys are compared without case or accents)")
        })
        .collect();
    Ok(AssumptionsCheck {
        file: file.to_string(),
        sha256: a.sha256().to_string(),
        lag_years: a.lag_years,
        vacancies: total(sources().map(|s| s.1).sum()),
        openings: three(a.effective_demand(sources())),
        graduates: total(graduates().map(|g| g.units).sum()),
        entrants: three(a.effective_supply(graduates())),
        warnings,
    })
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
    let opts = Options {
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
    let cx = Context {
        settings,
        assumptions: &assumptions,
        by: &rc.by,
        years: period.years(),
        threshold: rc.threshold,
        min_count: rc.min_count,
        populations: &tax.populations,
        specialisations: &tax.specialisations,
    };
    let mut inputs = None;
    if !settings.is_off() {
        let per_key = analysis::cells::key_inputs(tax, &scan.demand, &scan.supply, &opts)?;
        let exact = indicators::annotate(&mut rows, &per_key, &cx, recompute);
        if recompute {
            indicators::rerank(&mut rows, exact, opts.sort);
        }
        inputs = Some(per_key);
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
    // the roll-ups of the rows shown, with the indicators of subtotals, before the subtotals
    // join the rows
    let mut rollups = analysis::roll_ups(&rows, &opts);
    if let Some(per_key) = &inputs {
        for r in &mut rollups {
            indicators::annotate_subtotals(&mut r.rows, &rows, per_key, &cx);
        }
    }
    if rc.totals {
        let mut subtotals = analysis::totals(&rows, &opts);
        if let Some(per_key) = &inputs {
            indicators::annotate_subtotals(&mut subtotals, &rows, per_key, &cx);
        }
        rows.extend(subtotals);
    }
    let quality = quality_lagged(tax, scan, Some(period), &rc.by, assumptions.lag_years);
    let skills = match &scan.skills {
        Some(tally) => {
            crate::skills::report::top_skills(tax, tally, &rows, &rc.by, rc.lang, period)
        }
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
        rollups,
        mismatches,
        quality,
        skills,
    })
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
