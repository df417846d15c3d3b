//! The yearly series of a trend report: demand and supply per key of the grouping and per year,
//! from the same tallies and the same crosswalk as the gap report, in one polars plan and one
//! `collect()`.
//!
//! Stages: [`yearly_demand`] and [`yearly_supply`] (the gap report's [`super::demand_frame`] and
//! [`super::supply_frames`], grouped by the keys and the year), then [`side_by_side`]. A key with
//! rows in some years and not in others gets 0 in those years: the inputs had rows that year, none
//! for this key. Under an assumptions file, [`effective_series`] gives the same series from the
//! indicators' per-key inputs ([`super::cells`]), grouped by year too.

use std::collections::BTreeMap;

use polars::prelude::*;

use super::cells::{yearly_key_inputs, Key};
use super::{cols, demand_frame, in_period, supply_frames, Options, Period};
use crate::aggregate::{Demand, Supply};
use crate::dims::Grouping;
use crate::indicators::apply::effective;
use crate::indicators::Assumptions;
use crate::model::UNMAPPED;
use crate::normalise::UNIT_SCALE;
use crate::stats::Interval;
use crate::taxonomy::Taxonomy;

/// The yearly demand and supply of one key: one value per year of the span, in year order.
#[derive(Debug, Clone, PartialEq)]
pub struct KeySeries {
    /// The codes of the key, one per grouped dimension, in the grouping's order.
    pub codes: Vec<String>,
    /// (year, vacancies) for every year of the span.
    pub demand: Vec<(i32, f64)>,
    /// (year, graduates after crosswalk weights) for every year of the span.
    pub supply: Vec<(i32, f64)>,
    /// Under assumptions with low/high values: the series of the low and of the high scenario,
    /// `[low, high]`, each with its demand and supply (see [`effective_series`]).
    pub scenarios: Option<[Scenario; 2]>,
}

/// The demand and supply series of one scenario of the assumptions.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    pub demand: Vec<(i32, f64)>,
    pub supply: Vec<(i32, f64)>,
}

fn group_keys(by: &Grouping) -> Vec<Expr> {
    by.names()
        .into_iter()
        .map(col)
        .chain([col(cols::YEAR)])
        .collect()
}

/// Demand per key and year. In: the demand frame. Out: the keys, `year`, `demand_units` (Σ
/// vacancies in parts of UNIT_SCALE).
pub fn yearly_demand(lf: LazyFrame, by: &Grouping) -> LazyFrame {
    lf.group_by(group_keys(by)).agg([col(cols::DEMAND).sum()])
}

/// Supply per key and year, through the crosswalk. In: the supply cells and the crosswalk. Out:
/// the keys, `year`, `supply_units` (Σ graduates × weight).
pub fn yearly_supply(lf: LazyFrame, crosswalk: LazyFrame, by: &Grouping) -> LazyFrame {
    lf.join(
        crosswalk,
        [col(cols::FIELD)],
        [col(cols::FIELD)],
        JoinArgs::new(JoinType::Inner),
    )
    .group_by(group_keys(by))
    .agg([(col(cols::GRADUATES) * col(cols::WEIGHT))
        .sum()
        .alias(cols::SUPPLY)])
}

/// Demand beside supply for every key and year present on either side, without the unmapped
/// keys unless `show_unmapped`, sorted by key then year. Out: the keys, `year`, `demand_units`,
/// `supply_units` (0 where a side has no row).
pub fn side_by_side(
    demand: LazyFrame,
    supply: LazyFrame,
    by: &Grouping,
    show_unmapped: bool,
) -> LazyFrame {
    let keys = group_keys(by);
    let mut lf = demand
        .join(
            supply,
            keys.clone(),
            keys.clone(),
            JoinArgs::new(JoinType::Full).with_coalesce(JoinCoalesce::CoalesceColumns),
        )
        .with_columns([
            col(cols::DEMAND).fill_null(lit(0i64)),
            col(cols::SUPPLY).fill_null(lit(0i64)),
        ]);
    if !show_unmapped {
        for k in by.names() {
            lf = lf.filter(col(k).neq(lit(UNMAPPED)));
        }
    }
    let n = keys.len();
    lf.sort_by_exprs(
        keys,
        SortMultipleOptions::default()
            .with_order_descending_multi(vec![false; n])
            .with_maintain_order(true),
    )
}

/// The yearly series of every key of `by` over `span`, sorted by key. Values are annual: vacancies
/// posted in the year, graduates of the year after crosswalk weights.
pub fn yearly_series(
    tax: &Taxonomy,
    demand: &Demand,
    supply: &Supply,
    by: &Grouping,
    span: Period,
    show_unmapped: bool,
) -> PolarsResult<Vec<KeySeries>> {
    let demand_df = demand_frame(tax, demand)?;
    let (supply_df, crosswalk) = supply_frames(tax, supply)?;
    let d = yearly_demand(in_period(demand_df.lazy(), span), by);
    let s = yearly_supply(in_period(supply_df.lazy(), span), crosswalk.lazy(), by);
    let df = side_by_side(d, s, by, show_unmapped).collect()?;
    let keys = by
        .names()
        .into_iter()
        .map(|k| Ok(df.column(k)?.str()?.clone()))
        .collect::<PolarsResult<Vec<_>>>()?;
    let years = df.column(cols::YEAR)?.i32()?;
    let dem = df.column(cols::DEMAND)?.i64()?;
    let sup = df.column(cols::SUPPLY)?.i64()?;
    let mut per_key: BTreeMap<Vec<String>, BTreeMap<i32, (i64, i64)>> = BTreeMap::new();
    for i in 0..df.height() {
        let codes = keys
            .iter()
            .map(|k| k.get(i).unwrap_or(UNMAPPED).to_string())
            .collect();
        let (Some(y), d, s) = (years.get(i), dem.get(i), sup.get(i)) else {
            continue;
        };
        per_key
            .entry(codes)
            .or_default()
            .insert(y, (d.unwrap_or(0), s.unwrap_or(0)));
    }
    let scale = UNIT_SCALE as f64;
    Ok(per_key
        .into_iter()
        .map(|(codes, by_year)| {
            let at = |y: i32| by_year.get(&y).copied().unwrap_or((0, 0));
            KeySeries {
                codes,
                demand: (span.from..=span.to)
                    .map(|y| (y, at(y).0 as f64 / scale))
                    .collect(),
                supply: (span.from..=span.to)
                    .map(|y| (y, at(y).1 as f64 / scale))
                    .collect(),
                scenarios: None,
            }
        })
        .collect())
}

/// The yearly series under the assumptions `a`: per key and year, effective demand Σ vacancies ÷
/// coverage(source) and effective supply Σ graduates × entry_rate(level) × (1 − leakage), the
/// graduates of cohort Y counted in Y + `lag_years` (a cohort before the span counts in its first
/// years when the graduates file has it; the caller makes sure the span starts no earlier than the
/// first cohort counted). The central scenario is the series; with low/high values, the low and
/// high scenarios come beside it. With the identity every value is [`yearly_series`]'s, to the bit:
/// the same integer sums divided by the same scale.
pub fn effective_series(
    tax: &Taxonomy,
    demand: &Demand,
    supply: &Supply,
    by: &Grouping,
    span: Period,
    show_unmapped: bool,
    a: &Assumptions,
) -> PolarsResult<Vec<KeySeries>> {
    let o = Options {
        period: span,
        by: by.clone(),
        sort: super::SortKey::Gap,
        top: None,
        show_unmapped,
        min_count: 0.0,
        threshold: 0.0,
        lang: crate::taxonomy::Lang::En,
        supply_lag: a.lag_years,
    };
    let inputs = yearly_key_inputs(tax, demand, supply, &o)?;
    let mut per_key: BTreeMap<&Key, BTreeMap<i32, [Interval; 2]>> = BTreeMap::new();
    for ((key, year), k) in &inputs {
        let (d, s) = effective(a, k);
        per_key.entry(key).or_default().insert(*year, [d, s]);
    }
    let scale = UNIT_SCALE as f64;
    let zero = [Interval::exact(0.0); 2];
    let series =
        |by_year: &BTreeMap<i32, [Interval; 2]>, side: usize, pick: fn(Interval) -> f64| {
            (span.from..=span.to)
                .map(|y| (y, pick(by_year.get(&y).unwrap_or(&zero)[side]) / scale))
                .collect::<Vec<_>>()
        };
    let ranged = a.has_ranges();
    Ok(per_key
        .into_iter()
        .map(|(codes, by_year)| {
            let scenario = |pick: fn(Interval) -> f64| Scenario {
                demand: series(&by_year, 0, pick),
                supply: series(&by_year, 1, pick),
            };
            KeySeries {
                codes: codes.clone(),
                demand: series(&by_year, 0, |i| i.central),
                supply: series(&by_year, 1, |i| i.central),
                scenarios: ranged.then(|| [scenario(|i| i.low), scenario(|i| i.high)]),
            }
        })
        .collect())
}
