//! The gap computation: from the tallies to ranked rows, as polars lazy stages, and the data-quality
//! summary that accounts for every input row.
//!
//! Stages, each `LazyFrame -> LazyFrame` with its columns documented: [`in_period`],
//! [`demand_by_key`], [`supply_by_key`], [`compare`], [`metrics`], [`rank`]. They run once, in one
//! `collect()`. Units are kept as exact integers, in parts of [`UNIT_SCALE`] (a crosswalk weight of
//! w parts of [`WEIGHT_SCALE`] is w × 693 of them, and a posting shared between k regions gives each
//! 1/k of its units), until the final division into annual averages, so the numbers do not depend on
//! summation order.
//!
//! Postings abroad are not in the frames: they are not Moroccan demand (the data-quality summary
//! counts them). Postings and cohorts in Morocco with no region are in them as `MA-00`.

pub mod cells;
pub mod period;
pub mod quality;
/// Yearly series per cell, for `skillgap trend`.
pub mod trend;

pub use period::{select as select_period, Period, PeriodError};
pub use quality::data_quality;

use polars::prelude::*;

use crate::aggregate::{Demand, Supply};
use crate::classify::Isco;
use crate::dims::{Dim, Grouping};
use crate::model::{GapRow, KeyCell, Metrics, RollUp, Status, UNMAPPED};
use crate::normalise::{Area, FieldKey, Placed, PostingKey, RegionKey, SpecKey, UNIT_SCALE};
use crate::report::i18n;
use crate::taxonomy::{FieldTarget, Lang, Taxonomy, NATIONAL_CODE, WEIGHT_SCALE};

/// Column names shared by the stages.
pub mod cols {
    pub const YEAR: &str = "year";
    pub const REGION: &str = "region";
    pub const SPEC: &str = "specialisation";
    /// The specialisation's parent grouping (`ict`, `engineering`, ...).
    pub const FAMILY: &str = "family";
    /// The ISCO-08 group at 1, 2 and 4 digits.
    pub const ISCO: [&str; 3] = ["isco1", "isco2", "isco4"];
    pub const FIELD: &str = "field";
    pub const WEIGHT: &str = "weight";
    /// A posting's `source` as written (for the coverage of the assumptions).
    pub const SOURCE: &str = "source";
    /// A cohort's `level` as written (for the entry rate of the assumptions).
    pub const LEVEL: &str = "level";
    /// Postings, in parts of UNIT_SCALE (a posting shared between k regions is 1/k in each).
    pub const POSTINGS: &str = "postings_units";
    pub const GRADUATES: &str = "graduates";
    /// Σ vacancies × UNIT_SCALE (÷ k for a posting shared between k regions) over the period.
    pub const DEMAND: &str = "demand_units";
    /// Σ graduates × crosswalk weight (in parts of UNIT_SCALE) over the period.
    pub const SUPPLY: &str = "supply_units";
    pub const GAP: &str = "gap_units";
    pub const RATIO: &str = "ratio";
    pub const BALANCE: &str = "balance_index";
}

/// The ranking order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SortKey {
    /// Gap D − S, largest shortage first.
    Gap,
    /// Ratio D / S, largest first; cells with demand but no supply come first.
    Ratio,
    /// Balance index, most short first.
    Balance,
}

/// Everything the computation needs besides the data.
#[derive(Debug, Clone)]
pub struct Options {
    pub period: Period,
    pub by: Grouping,
    pub sort: SortKey,
    pub top: Option<usize>,
    pub show_unmapped: bool,
    pub min_count: f64,
    pub threshold: f64,
    pub lang: Lang,
    /// Graduates of year Y count in year Y + this (the assumptions' `lag_years`).
    pub supply_lag: u32,
}

/// The regions a tally cell's units go to, each with its part of one unit in parts of
/// [`UNIT_SCALE`]: one region (or `MA-00`, or `unmapped`) whole, or each of several regions an
/// equal part; none for a place abroad.
fn region_parts(tax: &Taxonomy, k: RegionKey) -> Vec<(String, i64)> {
    let whole = UNIT_SCALE as i64;
    match k {
        Placed::Known(Area::Region(r)) => vec![(tax.region(r).code.clone(), whole)],
        Placed::Known(Area::National) => vec![(NATIONAL_CODE.to_string(), whole)],
        Placed::Known(Area::Several(set)) => {
            let part = whole / set.count() as i64;
            set.regions()
                .map(|r| (tax.region(r).code.clone(), part))
                .collect()
        }
        Placed::Known(Area::Abroad(_)) => Vec::new(),
        Placed::Unmapped(_) => vec![(UNMAPPED.to_string(), whole)],
    }
}

fn spec_key(tax: &Taxonomy, k: SpecKey) -> String {
    k.known()
        .map_or_else(|| UNMAPPED.to_string(), |s| tax.spec(s.0).id.clone())
}

fn family_key(tax: &Taxonomy, k: SpecKey) -> String {
    k.known()
        .map_or_else(|| UNMAPPED.to_string(), |s| tax.spec(s.0).family.clone())
}

/// The digits of the columns of [`cols::ISCO`].
const ISCO_DIGITS: [usize; 3] = [1, 2, 4];

fn isco_key(k: Placed<Isco>) -> String {
    k.known()
        .map_or_else(|| UNMAPPED.to_string(), |c| c.to_string())
}

/// A specialisation's own ISCO-08 group (`isco_08` of `specialisations.csv`) at `digits` digits:
/// where the graduates of the specialisation are counted when grouping by occupation.
fn spec_isco(tax: &Taxonomy, s: crate::taxonomy::SpecIdx, digits: usize) -> String {
    match Isco::parse(&tax.spec(s).isco_08) {
        Some(c) if c.level() >= digits => c.truncate(digits).to_string(),
        _ => UNMAPPED.to_string(),
    }
}

fn field_key(k: FieldKey) -> String {
    match k {
        FieldKey::Known(FieldTarget::Spec(s)) => format!("s{s}"),
        FieldKey::Known(FieldTarget::Programme(p)) => format!("p{p}"),
        FieldKey::Unmapped(_) => UNMAPPED.to_string(),
    }
}

/// A region as the frames read it: every place abroad is left out, whatever its id (the tally
/// holds every unplaced label as one already).
fn framed_region(r: RegionKey) -> RegionKey {
    match r {
        Placed::Known(Area::Abroad(_)) => Placed::Known(Area::Abroad(0)),
        r => r,
    }
}

/// Demand cells as a frame, a posting shared between several regions as one row per region:
/// `year` i32, `region` str, `specialisation` str, `family` str, `isco1`, `isco2`, `isco4` str
/// (the posting's ISCO-08 group at 1, 2 and 4 digits, `unmapped` when it is known to fewer),
/// `source` str, `demand_units` i64 (vacancies in parts of UNIT_SCALE), `postings_units` i64
/// (postings, in the same parts). Postings abroad are left out.
pub fn demand_frame(tax: &Taxonomy, demand: &Demand) -> PolarsResult<DataFrame> {
    let (mut year, mut region, mut spec, mut family, mut units) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut source, mut postings) = (Vec::new(), Vec::new());
    let mut isco: [Vec<String>; 3] = Default::default();
    let cells = demand.cells_by_group_as(|r, k| (framed_region(r), k));
    for ((y, r, k, g), c) in cells {
        let PostingKey { spec: s, isco: i } = k;
        for (code, part) in region_parts(tax, r) {
            year.push(y);
            region.push(code);
            spec.push(spec_key(tax, s));
            family.push(family_key(tax, s));
            source.push(g);
            for (column, digits) in isco.iter_mut().zip(ISCO_DIGITS) {
                column.push(isco_key(i.at(digits)));
            }
            units.push(c.units as i64 * part);
            postings.push(c.rows as i64 * part);
        }
    }
    let [isco1, isco2, isco4] = isco;
    df!(
        cols::YEAR => year,
        cols::REGION => region,
        cols::SPEC => spec,
        cols::FAMILY => family,
        cols::ISCO[0] => isco1,
        cols::ISCO[1] => isco2,
        cols::ISCO[2] => isco4,
        cols::SOURCE => source,
        cols::DEMAND => units,
        cols::POSTINGS => postings,
    )
}

/// Supply cells and the crosswalk they need: (`year` i32, `region` str, `field` str, `level` str,
/// `graduates` i64) and (`field` str, `specialisation` str, `family` str, `isco1`, `isco2`, `isco4`
/// str (the specialisation's own ISCO-08 group, see [`spec_isco`]), `weight` i64 in parts of
/// UNIT_SCALE). Cohorts abroad are left out; a cohort is never shared between regions.
pub fn supply_frames(tax: &Taxonomy, supply: &Supply) -> PolarsResult<(DataFrame, DataFrame)> {
    let cells: Vec<_> = (supply.cells_by_group_as(|r, f| (framed_region(r), f)))
        .into_iter()
        .filter_map(|((y, r, f, level), c)| {
            let mut parts = region_parts(tax, r);
            debug_assert!(parts.len() <= 1, "a cohort is in one place");
            parts.pop().map(|(code, _)| (y, code, f, level, c))
        })
        .collect();
    let cells_df = df!(
        cols::YEAR => cells.iter().map(|c| c.0).collect::<Vec<i32>>(),
        cols::REGION => cells.iter().map(|c| c.1.clone()).collect::<Vec<_>>(),
        cols::FIELD => cells.iter().map(|c| field_key(c.2)).collect::<Vec<_>>(),
        cols::LEVEL => cells.iter().map(|c| c.3).collect::<Vec<&str>>(),
        cols::GRADUATES => cells.iter().map(|c| c.4.units as i64).collect::<Vec<i64>>(),
    )?;
    let mut fields: Vec<FieldKey> = cells.iter().map(|c| c.2).collect();
    fields.sort_unstable();
    fields.dedup_by_key(|f| field_key(*f));
    let (mut f, mut s, mut fam, mut w) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut isco: [Vec<String>; 3] = Default::default();
    for k in fields {
        let shares: Vec<(Option<crate::taxonomy::SpecIdx>, u32)> = match k {
            FieldKey::Known(t) => (tax.shares(t).into_iter())
                .map(|(sp, wt)| (Some(sp), wt))
                .collect(),
            FieldKey::Unmapped(_) => vec![(None, WEIGHT_SCALE)],
        };
        for (spec, weight) in shares {
            f.push(field_key(k));
            s.push(spec.map_or_else(|| UNMAPPED.to_string(), |sp| tax.spec(sp).id.clone()));
            fam.push(spec.map_or_else(|| UNMAPPED.to_string(), |sp| tax.spec(sp).family.clone()));
            for (column, digits) in isco.iter_mut().zip(ISCO_DIGITS) {
                column.push(
                    spec.map_or_else(|| UNMAPPED.to_string(), |sp| spec_isco(tax, sp, digits)),
                );
            }
            w.push(i64::from(weight) * (UNIT_SCALE / u64::from(WEIGHT_SCALE)) as i64);
        }
    }
    let [isco1, isco2, isco4] = isco;
    let crosswalk = df!(
        cols::FIELD => f,
        cols::SPEC => s,
        cols::FAMILY => fam,
        cols::ISCO[0] => isco1,
        cols::ISCO[1] => isco2,
        cols::ISCO[2] => isco4,
        cols::WEIGHT => w,
    )?;
    Ok((cells_df, crosswalk))
}

/// Moves supply rows `lag` years on: graduates of year Y count in Y + lag. Columns unchanged.
pub fn lagged(lf: LazyFrame, lag: u32) -> LazyFrame {
    if lag == 0 {
        return lf;
    }
    let lag = i32::try_from(lag).unwrap_or(i32::MAX);
    lf.with_column((col(cols::YEAR) + lit(lag)).alias(cols::YEAR))
}

/// Keeps the rows whose `year` falls in the period. Columns unchanged.
pub fn in_period(lf: LazyFrame, p: Period) -> LazyFrame {
    lf.filter(
        col(cols::YEAR)
            .gt_eq(lit(p.from))
            .and(col(cols::YEAR).lt_eq(lit(p.to))),
    )
}

/// Drops the rows whose grouped labels are unmapped. Columns unchanged.
pub(crate) fn mapped_only(lf: LazyFrame, by: &Grouping) -> LazyFrame {
    let mut lf = lf;
    for k in by.names() {
        lf = lf.filter(col(k).neq(lit(UNMAPPED)));
    }
    lf
}

/// Demand per key. In: `region`, `specialisation`, `demand_units`. Out: the keys and
/// `demand_units` summed.
pub fn demand_by_key(lf: LazyFrame, by: &Grouping) -> LazyFrame {
    let keys: Vec<Expr> = by.names().into_iter().map(col).collect();
    lf.group_by(keys).agg([col(cols::DEMAND).sum()])
}

/// Supply per key, through the crosswalk. In: `region`, `field`, `graduates`, and the crosswalk
/// (`field`, `specialisation`, `weight`). Out: the keys and `supply_units` (Σ graduates × weight).
pub fn supply_by_key(lf: LazyFrame, crosswalk: LazyFrame, by: &Grouping) -> LazyFrame {
    let keys: Vec<Expr> = by.names().into_iter().map(col).collect();
    lf.join(
        crosswalk,
        [col(cols::FIELD)],
        [col(cols::FIELD)],
        JoinArgs::new(JoinType::Inner),
    )
    .group_by(keys)
    .agg([(col(cols::GRADUATES) * col(cols::WEIGHT))
        .sum()
        .alias(cols::SUPPLY)])
}

/// Demand beside supply for every key present on either side. Out: the keys, `demand_units`,
/// `supply_units` (0 where a side has no row).
pub fn compare(demand: LazyFrame, supply: LazyFrame, by: &Grouping) -> LazyFrame {
    let keys: Vec<Expr> = by.names().into_iter().map(col).collect();
    demand
        .join(
            supply,
            keys.clone(),
            keys,
            JoinArgs::new(JoinType::Full).with_coalesce(JoinCoalesce::CoalesceColumns),
        )
        .with_columns([
            col(cols::DEMAND).fill_null(lit(0i64)),
            col(cols::SUPPLY).fill_null(lit(0i64)),
        ])
}

/// Adds `gap_units` (D − S), `ratio` (D / S, null when S = 0) and `balance_index` ((D − S) / (D + S),
/// 0 when both are 0).
pub fn metrics(lf: LazyFrame) -> LazyFrame {
    let d = || col(cols::DEMAND).cast(DataType::Float64);
    let s = || col(cols::SUPPLY).cast(DataType::Float64);
    lf.with_columns([
        (col(cols::DEMAND) - col(cols::SUPPLY)).alias(cols::GAP),
        when(col(cols::SUPPLY).gt(lit(0i64)))
            .then(d() / s())
            .otherwise(lit(NULL).cast(DataType::Float64))
            .alias(cols::RATIO),
        when((col(cols::DEMAND) + col(cols::SUPPLY)).gt(lit(0i64)))
            .then((d() - s()) / (d() + s()))
            .otherwise(lit(0f64))
            .alias(cols::BALANCE),
    ])
}

/// Sorts by the chosen key, descending, with explicit tie-breaks (gap, then region code, then
/// specialisation id, ascending) so the order never depends on hashing.
pub fn rank(lf: LazyFrame, sort: SortKey, by: &Grouping) -> LazyFrame {
    let mut exprs = Vec::new();
    let mut desc = Vec::new();
    match sort {
        SortKey::Gap => {}
        SortKey::Ratio => {
            // undefined ratio (demand, no supply) ranks as the largest
            exprs.push(col(cols::RATIO).is_null());
            desc.push(true);
            exprs.push(col(cols::RATIO));
            desc.push(true);
        }
        SortKey::Balance => {
            exprs.push(col(cols::BALANCE));
            desc.push(true);
        }
    }
    exprs.push(col(cols::GAP));
    desc.push(true);
    for k in by.names() {
        exprs.push(col(k));
        desc.push(false);
    }
    let n = exprs.len();
    lf.sort_by_exprs(
        exprs,
        SortMultipleOptions::default()
            .with_order_descending_multi(desc)
            .with_nulls_last_multi(vec![true; n])
            .with_maintain_order(true),
    )
}

/// Computes the ranked rows.
pub fn gap_rows(
    tax: &Taxonomy,
    demand: &Demand,
    supply: &Supply,
    o: &Options,
) -> PolarsResult<Vec<GapRow>> {
    let demand_df = demand_frame(tax, demand)?;
    let (supply_df, crosswalk) = supply_frames(tax, supply)?;
    let d = demand_by_key(in_period(demand_df.lazy(), o.period), &o.by);
    let s = supply_by_key(
        in_period(lagged(supply_df.lazy(), o.supply_lag), o.period),
        crosswalk.lazy(),
        &o.by,
    );
    let mut lf = compare(d, s, &o.by);
    if !o.show_unmapped {
        lf = mapped_only(lf, &o.by);
    }
    lf = rank(metrics(lf), o.sort, &o.by);
    if let Some(n) = o.top {
        lf = lf.limit(n as IdxSize);
    }
    let df = lf.collect()?;
    rows_from_frame(tax, &df, o)
}

fn rows_from_frame(tax: &Taxonomy, df: &DataFrame, o: &Options) -> PolarsResult<Vec<GapRow>> {
    let keys =
        o.by.dims()
            .iter()
            .map(|&d| Ok((d, df.column(d.name())?.str()?.clone())))
            .collect::<PolarsResult<Vec<_>>>()?;
    let dem = df.column(cols::DEMAND)?.i64()?;
    let sup = df.column(cols::SUPPLY)?.i64()?;
    let ratio = df.column(cols::RATIO)?.f64()?;
    let bal = df.column(cols::BALANCE)?.f64()?;
    // exact integers over an exact integer: with no posting shared, the same quotient as when
    // units were counted in parts of WEIGHT_SCALE
    let per_year = UNIT_SCALE as f64 * f64::from(o.period.years());

    let mut rows = Vec::with_capacity(df.height());
    for i in 0..df.height() {
        let keys = keys
            .iter()
            .map(|(dim, codes)| {
                let code = codes.get(i).unwrap_or(UNMAPPED);
                KeyCell {
                    dim: *dim,
                    code: code.to_string(),
                    label: dim.label(tax, code, o.lang),
                }
            })
            .collect();
        // Demand and supply are shown to 2 decimals, and the gap is computed from the shown values so
        // that gap = demand − supply holds exactly in every format; ratio and balance index come from
        // the exact totals.
        let demand = round_to(dem.get(i).unwrap_or(0) as f64 / per_year, 2);
        let supply = round_to(sup.get(i).unwrap_or(0) as f64 / per_year, 2);
        let exact_balance = bal.get(i).unwrap_or(0.0);
        rows.push(GapRow {
            rank: i + 1,
            keys,
            metrics: Metrics {
                demand,
                supply,
                gap: round_to(demand - supply, 2),
                ratio: ratio.get(i).map(|r| round_to(r, 4)),
                balance_index: round_to(exact_balance, 4),
                status: Status::of(exact_balance, o.threshold),
                low_evidence: demand + supply < o.min_count,
            },
            indicators: Default::default(),
        });
    }
    Ok(rows)
}

/// Keeps the rows with one status (`--shortages`, `--surpluses`), then the first `top` of them,
/// and renumbers their ranks from 1 so every format shows the same positions. Shortages keep the
/// ranking order (largest first); surpluses are ranked the other way, largest surplus first (the
/// lowest gap, ratio or balance index), ties still by region code then specialisation id.
pub fn keep_status(rows: &mut Vec<GapRow>, status: Status, sort: SortKey, top: Option<usize>) {
    rows.retain(|r| r.metrics.status == status);
    if status == Status::Surplus {
        let metric = |r: &GapRow| match sort {
            SortKey::Gap => r.metrics.gap,
            SortKey::Ratio => r.metrics.ratio.unwrap_or(f64::INFINITY),
            SortKey::Balance => r.metrics.balance_index,
        };
        // stable: equal metrics keep their (ascending) tie-break order
        rows.sort_by(|a, b| metric(a).total_cmp(&metric(b)));
    }
    if let Some(n) = top {
        rows.truncate(n);
    }
    for (i, r) in rows.iter_mut().enumerate() {
        r.rank = i + 1;
    }
}

/// The label of subtotal rows: a key's code is `total` where its dimension is summed over.
pub const TOTAL: &str = "total";

/// Subtotals of the rows: per value of each dimension (summed over the others) when grouping on
/// several, then the national total; each sums the rows' shown demand and supply, so they add up
/// exactly to the rows, and recomputes gap, ratio, balance index, status and evidence from those
/// sums ([`Metrics::from_sums`]). Subtotal rows have rank 0 and come in that order: per value of
/// the first dimension, of the second, ..., then the total, each sorted by key.
pub fn totals(rows: &[GapRow], o: &Options) -> Vec<GapRow> {
    use std::collections::BTreeMap;
    let s = i18n::strings(o.lang);
    let dims = o.by.dims();
    // the subtotals per value of `kept` (None: the national total), keyed by code
    let sums = |kept: Option<Dim>| {
        let mut sums: BTreeMap<Vec<String>, (f64, f64, Vec<KeyCell>)> = BTreeMap::new();
        for r in rows {
            let cells: Vec<KeyCell> = dims
                .iter()
                .map(|&dim| match r.key(dim) {
                    Some(k) if Some(dim) == kept => k.clone(),
                    _ => KeyCell {
                        dim,
                        code: TOTAL.to_string(),
                        label: dim.all_label(s).to_string(),
                    },
                })
                .collect();
            let key = cells.iter().map(|c| c.code.clone()).collect();
            let e = sums.entry(key).or_insert((0.0, 0.0, cells));
            e.0 += r.metrics.demand;
            e.1 += r.metrics.supply;
        }
        sums
    };
    let per_dim = if dims.len() > 1 { dims } else { &[] };
    per_dim
        .iter()
        .map(|&d| sums(Some(d)))
        .chain([sums(None)])
        .flat_map(BTreeMap::into_values)
        .map(|(d, s, keys)| GapRow {
            rank: 0,
            keys,
            metrics: Metrics::from_sums(d, s, o.threshold, o.min_count),
            indicators: Default::default(),
        })
        .collect()
}

/// Sums the rows per value of `dim`, in order of first appearance, into rows of rank 0 keyed by
/// that value alone, with the metrics recomputed from the sums ([`Metrics::from_sums`], as for
/// subtotals); then sorted by gap, largest first, ties by code. Rows not grouped on `dim` are
/// left out. `rows` are ranked rows: subtotals would be counted twice.
pub fn roll_up(rows: &[GapRow], dim: Dim, threshold: f64, min_count: f64) -> Vec<GapRow> {
    let mut sums: Vec<(&KeyCell, f64, f64)> = Vec::new();
    for r in rows {
        let Some(k) = r.key(dim) else { continue };
        match sums.iter_mut().find(|x| x.0.code == k.code) {
            Some(x) => {
                x.1 += r.metrics.demand;
                x.2 += r.metrics.supply;
            }
            None => sums.push((k, r.metrics.demand, r.metrics.supply)),
        }
    }
    let mut out: Vec<GapRow> = sums
        .into_iter()
        .map(|(k, d, s)| GapRow {
            rank: 0,
            keys: vec![k.clone()],
            metrics: Metrics::from_sums(d, s, threshold, min_count),
            indicators: Default::default(),
        })
        .collect();
    out.sort_by(|a, b| {
        b.metrics
            .gap
            .total_cmp(&a.metrics.gap)
            .then_with(|| a.keys[0].code.cmp(&b.keys[0].code))
    });
    out
}

/// The roll-ups of the ranked `rows` per value of each grouped dimension, in the grouping's
/// order ([`roll_up`]): what the workbook's "By region" and "By specialisation" sheets and the
/// heatmap's order show.
pub fn roll_ups(rows: &[GapRow], o: &Options) -> Vec<RollUp> {
    (o.by.dims().iter())
        .map(|&dim| RollUp {
            dim,
            rows: roll_up(rows, dim, o.threshold, o.min_count),
        })
        .collect()
}

/// Rounds half away from zero to `decimals` places (and turns -0 into 0).
pub fn round_to(x: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    let r = (x * scale).round() / scale;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}
