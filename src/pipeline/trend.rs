//! The trend report, from scanned inputs: the yearly series of every cell of the grouping
//! ([`crate::analysis::trend`]), each side projected to the horizon and backtested with the
//! numerical core of [`crate::outlook`], the cells ranked, and the targets assessed.
//!
//! **Families.** A series with fewer than 5 years with a positive value borrows the pace of its
//! family ([`outlook::project`]): the other cells of the grouping whose specialisation belongs to
//! the same family (`ict`, `engineering`, ...), on the same side. Grouped by family, a cell's
//! family is the same family in the other regions; grouped by region alone, there is none, and a
//! series is fitted on its own. The backtest cuts the family at the same year.
//!
//! **Targets.** A target's series is the measure summed over its scope over every region
//! (unmapped regions included, as `gap --by specialisation` counts them): one specialisation, the
//! specialisations of a family, or all of them (`national`).

use std::collections::BTreeMap;
use std::path::Path;

use crate::analysis::trend::{effective_series, yearly_series, KeySeries};
use crate::analysis::{round_to, Period};
use crate::config::trend::TrendReportConfig;
use crate::dims::{Dim, Grouping};
use crate::error::Error;
use crate::indicators::columns::StatedAssumptions;
use crate::indicators::Assumptions;
use crate::model::trend::{
    BacktestReport, BacktestRow, ClosingKind, Estimate, Layout, PointKind, ScenarioRange, Side,
    TargetPoint, TargetRow, TrendCell, TrendParams, TrendReport, YearPoint, TREND_SCHEMA_VERSION,
};
use crate::model::{KeyCell, UNMAPPED};
use crate::outlook::{self, Backtest, Closing, Projection, Target};
use crate::stats::{Confidence, Interval};
use crate::taxonomy::{Lang, Taxonomy};

use super::Scan;

/// The intervals' level: 90 %, two-sided.
const CONFIDENCE: Confidence = Confidence::NINETY;
/// A series with this many years with a positive value is fitted on its own.
const MIN_OWN: usize = outlook::DEFAULT_MIN_OWN_YEARS;

fn r2(x: f64) -> f64 {
    round_to(x, 2)
}

fn r4(x: f64) -> f64 {
    round_to(x, 4)
}

fn estimate(i: Option<Interval>) -> Estimate {
    i.map_or_else(Estimate::default, |i| {
        Estimate::projected(r2(i.low), r2(i.central), r2(i.high))
    })
}

/// Computes a trend report from scanned inputs over the observed `span`, without writing it.
pub fn assemble_trend(
    tax: &Taxonomy,
    scan: &Scan,
    span: Period,
    tc: &TrendReportConfig,
    targets: &[Target],
    targets_file: Option<&Path>,
) -> Result<TrendReport, Error> {
    let rc = &tc.report;
    if tc.horizon <= span.to {
        return Err(Error::Usage(format!(
            "the horizon {} is not after the last observed year {}; choose a later horizon",
            tc.horizon, span.to
        )));
    }
    let assumptions = rc.indicators.assumptions.as_ref().map(|(_, a)| a);
    let series = series_of(tax, scan, &rc.by, span, rc.show_unmapped, assumptions)?;
    let families: Vec<String> = series
        .iter()
        .map(|s| family_of(tax, &rc.by, &s.codes))
        .collect();
    let mut members: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, f) in families.iter().enumerate() {
        members.entry(f.as_str()).or_default().push(i);
    }
    let mut cells = Vec::with_capacity(series.len());
    let mut tests: Vec<(&str, &'static str, Backtest)> = Vec::new();
    for (i, s) in series.iter().enumerate() {
        let fam = families[i].as_str();
        // without a family (""), a series stands alone
        let others: &[usize] = if fam.is_empty() { &[] } else { &members[fam] };
        let family = |pick: &dyn Fn(&KeySeries) -> &[(i32, f64)]| -> Vec<&[(i32, f64)]> {
            (others.iter().filter(|&&j| j != i))
                .map(|&j| pick(&series[j]))
                .collect()
        };
        let side = |pick: &dyn Fn(&KeySeries) -> &[(i32, f64)]| {
            let (own, family) = (pick(s), family(pick));
            (
                outlook::project(own, &family, MIN_OWN),
                outlook::backtest(own, &family, tc.backtest, MIN_OWN, CONFIDENCE),
            )
        };
        let (pd, bd) = side(&|s| &s.demand);
        let (ps, bs) = side(&|s| &s.supply);
        tests.push((fam, "demand", bd));
        tests.push((fam, "supply", bs));
        // the low and high scenarios, projected as the central one, for the ranges
        let scenarios = s.scenarios.as_ref().map(|_| {
            [0, 1].map(|k| {
                let project = |pick: &dyn Fn(&KeySeries) -> &[(i32, f64)]| {
                    outlook::project(pick(s), &family(pick), MIN_OWN)
                };
                [
                    project(&|x| scenario(x, k).map_or(&x.demand, |sc| &sc.demand)),
                    project(&|x| scenario(x, k).map_or(&x.supply, |sc| &sc.supply)),
                ]
            })
        });
        let mut c = cell(
            tax,
            rc.lang,
            &rc.by,
            s,
            &families[i],
            [&pd, &ps],
            tc.horizon,
        );
        if let Some(sc) = &scenarios {
            set_ranges(&mut c, s, [&pd, &ps], sc);
        }
        cells.push(c);
    }
    rank(&mut cells, rc.top);
    let targets = assess_targets(
        tax,
        scan,
        span,
        tc.horizon,
        targets,
        targets_file,
        assumptions,
    )?;
    let lag = assumptions.map_or(0, |a| a.lag_years);
    Ok(TrendReport {
        schema_version: TREND_SCHEMA_VERSION,
        params: TrendParams {
            observed_from: span.from,
            observed_to: span.to,
            horizon: tc.horizon,
            confidence: CONFIDENCE.level(),
            min_own_years: MIN_OWN,
            by: rc.by.clone(),
            top: rc.top,
            show_unmapped: rc.show_unmapped,
            lang: rc.lang,
            taxonomy_version: tax.version.clone(),
            dedup_days: scan.dedup.map(|d| d.window_days),
            targets: targets_file.map(|p| p.display().to_string()),
            assumptions: (rc.indicators.assumptions.as_ref())
                .map(|(file, a)| StatedAssumptions::of(file, a)),
        },
        backtest: backtest_report(&tests, span, tc.backtest, |f| {
            Dim::Family.label(tax, f, rc.lang)
        }),
        cells,
        targets,
        quality: super::quality_lagged(tax, scan, Some(span), &rc.by, lag),
        layout: if tc.summary {
            Layout::Summary
        } else {
            Layout::Series
        },
    })
}

/// Below this share of the year before, a last observed year looks partial.
const PARTIAL: f64 = 0.5;

/// What a lag hides at the edges of the observed `span`, as warnings: with `lag_years` L > 0 the
/// supply of year Y is the cohort of Y − L, so a year whose cohort the graduates do not have gets
/// a supply of 0, and a last year whose demand (postings of Y) or supply (the cohort of Y − L) is
/// below half of the year before's looks partial (an export cut in the middle of a year, a
/// cohort not all reported): either would show as a fall in the series and bend its
/// projection. None without a lag.
pub fn lag_warnings(scan: &Scan, span: Period, lag: u32) -> Vec<String> {
    if lag == 0 {
        return Vec::new();
    }
    let cohorts = scan.supply.units_by_year();
    let postings = scan.demand.units_by_year();
    let lag_i = lag as i32;
    let mut out = Vec::new();
    let absent: Vec<i32> = (span.from..=span.to)
        .filter(|y| !cohorts.contains_key(&(y - lag_i)))
        .collect();
    if !absent.is_empty() {
        let years: Vec<String> = absent.iter().map(i32::to_string).collect();
        let cohorts: Vec<String> = absent.iter().map(|y| (y - lag_i).to_string()).collect();
        out.push(format!(
            "with lag_years = {lag}, the supply of {} is the cohort of {}, which the graduates do not have: it is shown as 0, not as unknown; end the observed years before (--to, or `to` in the job) or add the cohort",
            years.join(", "),
            cohorts.join(", ")
        ));
    }
    let last = span.to;
    let share = |t: &BTreeMap<i32, u64>, y: i32| {
        let (now, before) = (t.get(&y).copied()?, t.get(&(y - 1)).copied()?);
        (before > 0).then(|| now as f64 / before as f64)
    };
    let partial = |x: Option<f64>| x.filter(|&r| r < PARTIAL);
    let pct = |r: f64| format!("{:.0}%", r * 100.0);
    if span.years() > 1 {
        let mut sides = Vec::new();
        if let Some(r) = partial(share(&postings, last)) {
            sides.push(format!("its demand is {} of {}'s", pct(r), last - 1));
        }
        if let Some(r) = partial(share(&cohorts, last - lag_i)) {
            sides.push(format!(
                "its supply (the cohort of {}) is {} of the year before's",
                last - lag_i,
                pct(r)
            ));
        }
        if !sides.is_empty() {
            out.push(format!(
                "with lag_years = {lag}, the last observed year {last} looks partial: {}; set --to {} (or `to` in the job) unless the fall is real",
                sides.join(" and "),
                last - 1
            ));
        }
    }
    out
}

/// The yearly series of every key: as counted, or under the assumptions when a file was given
/// (the identity gives the same numbers either way).
fn series_of(
    tax: &Taxonomy,
    scan: &Scan,
    by: &Grouping,
    span: Period,
    show_unmapped: bool,
    assumptions: Option<&Assumptions>,
) -> Result<Vec<KeySeries>, Error> {
    let (d, s) = (&scan.demand, &scan.supply);
    Ok(match assumptions {
        Some(a) => effective_series(tax, d, s, by, span, show_unmapped, a)?,
        None => yearly_series(tax, d, s, by, span, show_unmapped)?,
    })
}

/// The low (`k` = 0) or high (1) scenario of a series, when the assumptions have ranges.
fn scenario(x: &KeySeries, k: usize) -> Option<&crate::analysis::trend::Scenario> {
    x.scenarios.as_ref().map(|sc| &sc[k])
}

/// The range of `values` (one per scenario): the lowest and the highest, to 2 decimals.
fn spread(values: [f64; 3]) -> [f64; 2] {
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    [r2(lo), r2(hi)]
}

/// The union of the scenarios' intervals in `year`; `None` when one has no projection.
fn union(ps: [&Projection; 3], year: i32) -> Option<[f64; 2]> {
    let [a, b, c] = ps.map(|p| p.at(year, CONFIDENCE));
    let (a, b, c) = (a?, b?, c?);
    Some([
        r2(a.low.min(b.low).min(c.low)),
        r2(a.high.max(b.high).max(c.high)),
    ])
}

/// Sets the scenario range of every year of a cell (see [`ScenarioRange`]): `central` are the
/// projections of its series, `scenarios` those of its low and high scenarios, `[demand, supply]`
/// each.
fn set_ranges(
    c: &mut TrendCell,
    s: &KeySeries,
    central: [&Projection; 2],
    scenarios: &[[Projection; 2]; 2],
) {
    let Some([low, high]) = &s.scenarios else {
        return;
    };
    let gap = |d: Option<[f64; 2]>, s: Option<[f64; 2]>| {
        d.zip(s).map(|(d, s)| [r2(d[0] - s[1]), r2(d[1] - s[0])])
    };
    let observed = s.demand.len();
    for (j, p) in c.points.iter_mut().enumerate() {
        let (d, sv) = if j < observed {
            (
                Some(spread([low.demand[j].1, s.demand[j].1, high.demand[j].1])),
                Some(spread([low.supply[j].1, s.supply[j].1, high.supply[j].1])),
            )
        } else {
            let side = |k: usize| union([&scenarios[0][k], central[k], &scenarios[1][k]], p.year);
            (side(0), side(1))
        };
        p.range = Some(ScenarioRange {
            demand: d,
            supply: sv,
            gap: gap(d, sv),
        });
    }
}

/// The family a cell borrows its pace from: its specialisation's family, or the family it is;
/// empty when the grouping has neither.
fn family_of(tax: &Taxonomy, by: &Grouping, codes: &[String]) -> String {
    for (d, code) in by.dims().iter().zip(codes) {
        match d {
            Dim::Specialisation => {
                return tax
                    .specialisations
                    .iter()
                    .find(|s| s.id == *code)
                    .map_or_else(|| UNMAPPED.to_string(), |s| s.family.clone())
            }
            Dim::Family => return code.clone(),
            _ => {}
        }
    }
    String::new()
}

/// One side of a cell: its observed endpoints and growth, its trend and its method.
fn side(series: &[(i32, f64)], p: &Projection, horizon: i32) -> Side {
    let growth = p.fit.as_ref().map(|f| f.growth_interval(CONFIDENCE));
    Side {
        first: r2(series.first().map_or(0.0, |p| p.1)),
        last: r2(series.last().map_or(0.0, |p| p.1)),
        cagr: outlook::cagr(series).map(r4),
        growth: growth.map(|g| r4(g.central)),
        growth_low: growth.map(|g| r4(g.low)),
        growth_high: growth.map(|g| r4(g.high)),
        method: p.method.label(),
        zero_years: p.excluded,
        horizon: estimate(p.at(horizon, CONFIDENCE)),
    }
}

/// The gap of two estimates: central minus central, bounds demand_low − supply_high and
/// demand_high − supply_low; nothing when either has no value.
fn gap_of(d: Estimate, s: Estimate) -> Estimate {
    let (Some(dv), Some(sv)) = (d.value, s.value) else {
        return Estimate::default();
    };
    let bound = |a: Option<f64>, b: Option<f64>| a.zip(b).map(|(a, b)| r2(a - b));
    Estimate {
        value: Some(r2(dv - sv)),
        low: bound(d.low, s.high),
        high: bound(d.high, s.low),
    }
}

/// A cell from its series and the projections of its demand and supply.
fn cell(
    tax: &Taxonomy,
    lang: Lang,
    by: &Grouping,
    s: &KeySeries,
    family: &str,
    [pd, ps]: [&Projection; 2],
    horizon: i32,
) -> TrendCell {
    let keys = by
        .dims()
        .iter()
        .zip(&s.codes)
        .map(|(&dim, code)| KeyCell {
            dim,
            code: code.clone(),
            label: dim.label(tax, code, lang),
        })
        .collect();
    let last = s.demand.last().map_or(0, |p| p.0);
    let mut points: Vec<YearPoint> = s
        .demand
        .iter()
        .zip(&s.supply)
        .map(|(&(year, d), &(_, sv))| {
            let (d, sv) = (Estimate::observed(r2(d)), Estimate::observed(r2(sv)));
            YearPoint {
                year,
                kind: PointKind::Observed,
                demand: d,
                supply: sv,
                gap: gap_of(d, sv),
                method: None,
                range: None,
            }
        })
        .collect();
    let method = pd.method.max(ps.method).label();
    points.extend((last + 1..=horizon).map(|year| {
        let (d, sv) = (
            estimate(pd.at(year, CONFIDENCE)),
            estimate(ps.at(year, CONFIDENCE)),
        );
        YearPoint {
            year,
            kind: PointKind::Projected,
            demand: d,
            supply: sv,
            gap: gap_of(d, sv),
            method: Some(method),
            range: None,
        }
    }));
    let (demand, supply) = (side(&s.demand, pd, horizon), side(&s.supply, ps, horizon));
    let gap_last = r2(demand.last - supply.last);
    let (closing, closing_year) = closing(gap_last, pd, ps, last, horizon);
    TrendCell {
        rank: 0,
        keys,
        family: family.to_string(),
        gap_horizon: gap_of(demand.horizon, supply.horizon),
        method,
        demand,
        supply,
        gap_last,
        closing,
        closing_year,
        points,
    }
}

/// When the gap closes at the present pace: the first projected year after `last` whose central
/// gap is 0 or of the other sign.
fn closing(
    gap_last: f64,
    pd: &Projection,
    ps: &Projection,
    last: i32,
    horizon: i32,
) -> (ClosingKind, Option<i32>) {
    if gap_last == 0.0 {
        return (ClosingKind::NoGap, None);
    }
    match outlook::projected_gaps(pd, ps, last + 1, horizon) {
        None => (ClosingKind::NoProjection, None),
        Some(gaps) => match outlook::closing_year(gap_last, gaps) {
            Closing::Year(y) => (ClosingKind::Year, Some(y)),
            Closing::NotWithinHorizon => (ClosingKind::NotWithinHorizon, None),
            Closing::NoGap => (ClosingKind::NoGap, None),
        },
    }
}

/// Ranks the cells by the gap of the last observed year, largest first, ties by their codes in
/// order, keeps the first `top`, and numbers them from 1.
fn rank(cells: &mut Vec<TrendCell>, top: Option<usize>) {
    cells.sort_by(|a, b| {
        b.gap_last.total_cmp(&a.gap_last).then_with(|| {
            let codes = |c: &TrendCell| c.keys.iter().map(|k| k.code.clone()).collect::<Vec<_>>();
            codes(a).cmp(&codes(b))
        })
    });
    if let Some(n) = top {
        cells.truncate(n);
    }
    for (i, c) in cells.iter_mut().enumerate() {
        c.rank = i + 1;
    }
}

/// The backtests summarised per measure: one row per family (when the grouping has families),
/// then `all`. Every cell of the grouping is backtested, whether or not `top` shows it.
fn backtest_report(
    tests: &[(&str, &'static str, Backtest)],
    span: Period,
    k: usize,
    family_label: impl Fn(&str) -> String,
) -> BacktestReport {
    let mut rows = Vec::new();
    for measure in ["demand", "supply"] {
        let of = |fam: Option<&str>| {
            outlook::summarise(
                tests
                    .iter()
                    .filter(|(f, m, _)| *m == measure && fam.is_none_or(|x| x == *f))
                    .map(|t| &t.2),
            )
        };
        let mut families: Vec<&str> = tests
            .iter()
            .map(|t| t.0)
            .filter(|f| !f.is_empty())
            .collect();
        families.sort_unstable();
        families.dedup();
        for fam in families.into_iter().map(Some).chain([None]) {
            let s = of(fam);
            rows.push(BacktestRow {
                measure,
                family: fam.unwrap_or("all").to_string(),
                family_label: fam.map(&family_label),
                series: s.series,
                insufficient: s.insufficient,
                years: s.years,
                zero_actuals: s.zero_actuals,
                mape: s.mape.map(r4),
                coverage: s.coverage.map(r4),
            });
        }
    }
    BacktestReport {
        held_back: k,
        from_year: (k < span.years() as usize).then(|| span.to + 1 - k as i32),
        rows,
    }
}

/// The series of every specialisation over all regions, for the targets' scopes.
fn per_specialisation(
    tax: &Taxonomy,
    scan: &Scan,
    span: Period,
    assumptions: Option<&Assumptions>,
) -> Result<Vec<KeySeries>, Error> {
    let by = Grouping::new(&[Dim::Specialisation]).map_err(Error::Compute)?;
    series_of(tax, scan, &by, span, false, assumptions)
}

/// Sums series year by year; they all cover the same span.
fn sum_series<'a>(
    span: Period,
    series: impl Iterator<Item = &'a Vec<(i32, f64)>>,
) -> Vec<(i32, f64)> {
    let mut sum: Vec<(i32, f64)> = (span.from..=span.to).map(|y| (y, 0.0)).collect();
    for s in series {
        for (acc, p) in sum.iter_mut().zip(s) {
            acc.1 += p.1;
        }
    }
    sum
}

/// Assesses every target against its series and that series' projection.
fn assess_targets(
    tax: &Taxonomy,
    scan: &Scan,
    span: Period,
    horizon: i32,
    targets: &[Target],
    file: Option<&Path>,
    assumptions: Option<&Assumptions>,
) -> Result<Vec<TargetRow>, Error> {
    if targets.is_empty() {
        return Ok(Vec::new());
    }
    let specs = per_specialisation(tax, scan, span, assumptions)?;
    let family = |id: &str| {
        tax.specialisations
            .iter()
            .find(|s| s.id == id)
            .map(|s| s.family.as_str())
    };
    let mut rows = Vec::with_capacity(targets.len());
    for t in targets {
        let demand = t.measure == outlook::Measure::Demand;
        let pick = |s: &'_ KeySeries| {
            if demand {
                s.demand.clone()
            } else {
                s.supply.clone()
            }
        };
        let scope = match &t.scope {
            outlook::Scope::National => "national".to_string(),
            outlook::Scope::Group(g) => g.clone(),
        };
        let in_scope = |s: &&KeySeries| match &t.scope {
            outlook::Scope::National => true,
            outlook::Scope::Group(g) => s.codes[0] == *g || family(&s.codes[0]) == Some(g.as_str()),
        };
        let is_spec = family(&scope).is_some();
        if scope != "national" && !is_spec && !tax.families.iter().any(|f| f.id == scope) {
            return Err(Error::Usage(format!(
                "{}, line {}: target `{}`: scope `{scope}` is neither national nor a specialisation or family id of the taxonomy (see `skillgap taxonomy families`)",
                file.map_or_else(|| "targets".to_string(), |p| p.display().to_string()),
                t.line,
                t.name
            )));
        }
        let series = sum_series(
            span,
            specs
                .iter()
                .filter(in_scope)
                .map(|s| if demand { &s.demand } else { &s.supply }),
        );
        // a specialisation borrows the pace of the other specialisations of its family
        let siblings: Vec<Vec<(i32, f64)>> = if is_spec {
            specs
                .iter()
                .filter(|s| s.codes[0] != scope && family(&s.codes[0]) == family(&scope))
                .map(pick)
                .collect()
        } else {
            Vec::new()
        };
        let siblings: Vec<&[(i32, f64)]> = siblings.iter().map(Vec::as_slice).collect();
        let p = outlook::project(&series, &siblings, MIN_OWN);
        rows.push(target_row(t, scope, &series, &p, horizon));
    }
    Ok(rows)
}

fn target_row(
    t: &Target,
    scope: String,
    series: &[(i32, f64)],
    p: &Projection,
    horizon: i32,
) -> TargetRow {
    let a = outlook::assess(t, series, p, horizon, CONFIDENCE);
    let last = series.last().map_or(0, |x| x.0);
    let mut points: Vec<TargetPoint> = series
        .iter()
        .map(|&(year, v)| TargetPoint {
            year,
            kind: PointKind::Observed,
            value: Estimate::observed(r2(v)),
        })
        .collect();
    points.extend((last + 1..=horizon.max(t.year)).map(|year| TargetPoint {
        year,
        kind: PointKind::Projected,
        value: estimate(p.at(year, CONFIDENCE)),
    }));
    // an observed year is a value without bounds; a projected one keeps its bounds, however
    // narrow (an exact trend's)
    let expected = match a.expected {
        Some(i) if a.year <= last => Estimate::observed(r2(i.central)),
        e => estimate(e),
    };
    TargetRow {
        name: t.name.clone(),
        scope,
        measure: match t.measure {
            outlook::Measure::Demand => "demand",
            outlook::Measure::Supply => "supply",
        },
        kind: match t.kind {
            outlook::Kind::Level => "level",
            outlook::Kind::PerYear => "per-year",
            outlook::Kind::Cumulative => "cumulative",
        },
        value: t.value,
        year: t.year,
        from: t.from,
        assessed_year: a.year,
        last_year: a.last_observed.map(|l| l.0),
        last_value: a.last_observed.map(|l| r2(l.1)),
        expected,
        required_growth: a.required_growth.map(r4),
        observed_growth: a.observed_growth.map(r4),
        method: a.method.label(),
        verdict: a.verdict.label(),
        source: t.source.clone(),
        series: points,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gaps_bounds_are_the_widest_the_two_intervals_allow() {
        let g = gap_of(
            Estimate::projected(90.0, 100.0, 110.0),
            Estimate::projected(40.0, 50.0, 70.0),
        );
        assert_eq!(g, Estimate::projected(20.0, 50.0, 70.0));
        assert_eq!(
            gap_of(Estimate::observed(5.0), Estimate::observed(7.5)),
            Estimate::observed(-2.5)
        );
        assert_eq!(
            gap_of(Estimate::default(), Estimate::observed(1.0)),
            Estimate::default()
        );
    }
}
