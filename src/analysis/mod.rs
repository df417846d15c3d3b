//! The gap computation: from the tallies to ranked rows, as polars lazy stages, and the data-quality
//! summary that accounts for every input row.
//!
//! Stages, each `LazyFrame -> LazyFrame` with its columns documented: [`in_period`],
//! [`demand_by_key`], [`supply_by_key`], [`compare`], [`metrics`], [`rank`]. They run once, in one
//! `collect()`. Units are kept as exact integers (crosswalk weights in parts of
//! [`WEIGHT_SCALE`]) until the final division into annual averages, so the numbers do not depend on
//! summation order.

pub mod period;
pub mod quality;

pub use period::{select as select_period, Period, PeriodError};
pub use quality::data_quality;

use polars::prelude::*;

use crate::aggregate::{Demand, Supply};
use crate::model::{GapRow, Status, UNMAPPED};
use crate::normalise::{FieldKey, Key};
use crate::taxonomy::{FieldTarget, Lang, Taxonomy, WEIGHT_SCALE};

/// Column names shared by the stages.
pub mod cols {
    pub const YEAR: &str = "year";
    pub const REGION: &str = "region";
    pub const SPEC: &str = "specialisation";
    /// The specialisation's parent grouping (`ict`, `engineering`, ...).
    pub const FAMILY: &str = "family";
    pub const FIELD: &str = "field";
    pub const WEIGHT: &str = "weight";
    pub const VACANCIES: &str = "vacancies";
    pub const GRADUATES: &str = "graduates";
    /// Σ vacancies × WEIGHT_SCALE over the period.
    pub const DEMAND: &str = "demand_units";
    /// Σ graduates × crosswalk weight (in parts of WEIGHT_SCALE) over the period.
    pub const SUPPLY: &str = "supply_units";
    pub const GAP: &str = "gap_units";
    pub const RATIO: &str = "ratio";
    pub const BALANCE: &str = "balance_index";
}

/// Which dimensions a report groups by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grouping {
    pub region: bool,
    pub specialisation: bool,
    /// Group specialisations by their family instead (exclusive with `specialisation`).
    pub family: bool,
}

impl Grouping {
    /// Region × specialisation, the default.
    pub const ALL: Grouping = Grouping {
        region: true,
        specialisation: true,
        family: false,
    };

    /// The key columns, in order.
    pub fn keys(&self) -> Vec<&'static str> {
        let mut k = Vec::new();
        if self.region {
            k.push(cols::REGION);
        }
        if self.specialisation {
            k.push(cols::SPEC);
        } else if self.family {
            k.push(cols::FAMILY);
        }
        k
    }
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
}

fn region_key(tax: &Taxonomy, k: Key) -> String {
    match k {
        Key::Known(r) => tax.region(r).code.clone(),
        Key::Unmapped(_) => UNMAPPED.to_string(),
    }
}

fn spec_key(tax: &Taxonomy, k: Key) -> String {
    match k {
        Key::Known(s) => tax.spec(s).id.clone(),
        Key::Unmapped(_) => UNMAPPED.to_string(),
    }
}

fn family_key(tax: &Taxonomy, k: Key) -> String {
    match k {
        Key::Known(s) => tax.spec(s).family.clone(),
        Key::Unmapped(_) => UNMAPPED.to_string(),
    }
}

fn field_key(k: FieldKey) -> String {
    match k {
        FieldKey::Known(FieldTarget::Spec(s)) => format!("s{s}"),
        FieldKey::Known(FieldTarget::Programme(p)) => format!("p{p}"),
        FieldKey::Unmapped(_) => UNMAPPED.to_string(),
    }
}

/// Demand cells as a frame: `year` i32, `region` str, `specialisation` str, `family` str,
/// `vacancies` i64.
pub fn demand_frame(tax: &Taxonomy, demand: &Demand) -> PolarsResult<DataFrame> {
    let cells = demand.cells();
    df!(
        cols::YEAR => cells.iter().map(|((y, _, _), _)| *y).collect::<Vec<i32>>(),
        cols::REGION => cells.iter().map(|((_, r, _), _)| region_key(tax, *r)).collect::<Vec<_>>(),
        cols::SPEC => cells.iter().map(|((_, _, s), _)| spec_key(tax, *s)).collect::<Vec<_>>(),
        cols::FAMILY => cells.iter().map(|((_, _, s), _)| family_key(tax, *s)).collect::<Vec<_>>(),
        cols::VACANCIES => cells.iter().map(|(_, c)| c.units as i64).collect::<Vec<i64>>(),
    )
}

/// Supply cells and the crosswalk they need: (`year` i32, `region` str, `field` str, `graduates`
/// i64) and (`field` str, `specialisation` str, `family` str, `weight` i64 in parts of
/// WEIGHT_SCALE).
pub fn supply_frames(tax: &Taxonomy, supply: &Supply) -> PolarsResult<(DataFrame, DataFrame)> {
    let cells = supply.cells();
    let cells_df = df!(
        cols::YEAR => cells.iter().map(|((y, _, _), _)| *y).collect::<Vec<i32>>(),
        cols::REGION => cells.iter().map(|((_, r, _), _)| region_key(tax, *r)).collect::<Vec<_>>(),
        cols::FIELD => cells.iter().map(|((_, _, f), _)| field_key(*f)).collect::<Vec<_>>(),
        cols::GRADUATES => cells.iter().map(|(_, c)| c.units as i64).collect::<Vec<i64>>(),
    )?;
    let mut fields: Vec<FieldKey> = cells.iter().map(|((_, _, f), _)| *f).collect();
    fields.sort_unstable();
    fields.dedup_by_key(|f| field_key(*f));
    let (mut f, mut s, mut fam, mut w) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for k in fields {
        let shares = match k {
            FieldKey::Known(t) => tax
                .shares(t)
                .into_iter()
                .map(|(sp, wt)| (tax.spec(sp).id.clone(), tax.spec(sp).family.clone(), wt))
                .collect(),
            FieldKey::Unmapped(_) => {
                vec![(UNMAPPED.to_string(), UNMAPPED.to_string(), WEIGHT_SCALE)]
            }
        };
        for (spec, family, weight) in shares {
            f.push(field_key(k));
            s.push(spec);
            fam.push(family);
            w.push(i64::from(weight));
        }
    }
    let crosswalk = df!(cols::FIELD => f, cols::SPEC => s, cols::FAMILY => fam, cols::WEIGHT => w)?;
    Ok((cells_df, crosswalk))
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
fn mapped_only(lf: LazyFrame, by: Grouping) -> LazyFrame {
    let mut lf = lf;
    for k in by.keys() {
        lf = lf.filter(col(k).neq(lit(UNMAPPED)));
    }
    lf
}

/// Demand per key. In: `region`, `specialisation`, `vacancies`. Out: the keys and `demand_units`
/// (Σ vacancies × WEIGHT_SCALE).
pub fn demand_by_key(lf: LazyFrame, by: Grouping) -> LazyFrame {
    let keys: Vec<Expr> = by.keys().into_iter().map(col).collect();
    lf.group_by(keys)
        .agg([(col(cols::VACANCIES).sum() * lit(i64::from(WEIGHT_SCALE))).alias(cols::DEMAND)])
}

/// Supply per key, through the crosswalk. In: `region`, `field`, `graduates`, and the crosswalk
/// (`field`, `specialisation`, `weight`). Out: the keys and `supply_units` (Σ graduates × weight).
pub fn supply_by_key(lf: LazyFrame, crosswalk: LazyFrame, by: Grouping) -> LazyFrame {
    let keys: Vec<Expr> = by.keys().into_iter().map(col).collect();
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
pub fn compare(demand: LazyFrame, supply: LazyFrame, by: Grouping) -> LazyFrame {
    let keys: Vec<Expr> = by.keys().into_iter().map(col).collect();
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
pub fn rank(lf: LazyFrame, sort: SortKey, by: Grouping) -> LazyFrame {
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
    for k in by.keys() {
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
    let d = demand_by_key(in_period(demand_df.lazy(), o.period), o.by);
    let s = supply_by_key(
        in_period(supply_df.lazy(), o.period),
        crosswalk.lazy(),
        o.by,
    );
    let mut lf = compare(d, s, o.by);
    if !o.show_unmapped {
        lf = mapped_only(lf, o.by);
    }
    lf = rank(metrics(lf), o.sort, o.by);
    if let Some(n) = o.top {
        lf = lf.limit(n as IdxSize);
    }
    let df = lf.collect()?;
    rows_from_frame(tax, &df, o)
}

fn rows_from_frame(tax: &Taxonomy, df: &DataFrame, o: &Options) -> PolarsResult<Vec<GapRow>> {
    let str_col = |name: &str| -> PolarsResult<Option<StringChunked>> {
        if o.by.keys().contains(&name) {
            Ok(Some(df.column(name)?.str()?.clone()))
        } else {
            Ok(None)
        }
    };
    let regions = str_col(cols::REGION)?;
    let specs = if o.by.family && !o.by.specialisation {
        str_col(cols::FAMILY)?
    } else {
        str_col(cols::SPEC)?
    };
    let dem = df.column(cols::DEMAND)?.i64()?;
    let sup = df.column(cols::SUPPLY)?.i64()?;
    let ratio = df.column(cols::RATIO)?.f64()?;
    let bal = df.column(cols::BALANCE)?.f64()?;
    let per_year = f64::from(WEIGHT_SCALE) * f64::from(o.period.years());
    let region_by_code = |code: &str| tax.regions.iter().find(|r| r.code == code);
    let spec_by_id = |id: &str| tax.specialisations.iter().find(|s| s.id == id);
    let family_by_id = |id: &str| tax.families.iter().find(|f| f.id == id);

    let mut rows = Vec::with_capacity(df.height());
    for i in 0..df.height() {
        let region_code = regions.as_ref().and_then(|c| c.get(i)).map(str::to_string);
        let spec = specs.as_ref().and_then(|c| c.get(i)).map(str::to_string);
        let region = region_code.as_deref().map(|c| {
            region_by_code(c).map_or_else(|| UNMAPPED.to_string(), |r| r.name(o.lang).to_string())
        });
        let specialisation_label = spec.as_deref().map(|id| {
            if o.by.family && !o.by.specialisation {
                family_by_id(id)
                    .map_or_else(|| UNMAPPED.to_string(), |f| f.label(o.lang).to_string())
            } else {
                spec_by_id(id).map_or_else(|| UNMAPPED.to_string(), |s| s.label(o.lang).to_string())
            }
        });
        // Demand and supply are shown to 2 decimals, and the gap is computed from the shown values so
        // that gap = demand − supply holds exactly in every format; ratio and balance index come from
        // the exact totals.
        let demand = round_to(dem.get(i).unwrap_or(0) as f64 / per_year, 2);
        let supply = round_to(sup.get(i).unwrap_or(0) as f64 / per_year, 2);
        let exact_balance = bal.get(i).unwrap_or(0.0);
        let status = status_of(exact_balance, o.threshold);
        rows.push(GapRow {
            rank: i + 1,
            region_code,
            region,
            specialisation: spec,
            specialisation_label,
            demand,
            supply,
            gap: round_to(demand - supply, 2),
            ratio: ratio.get(i).map(|r| round_to(r, 4)),
            balance_index: round_to(exact_balance, 4),
            status,
            low_evidence: demand + supply < o.min_count,
        });
    }
    Ok(rows)
}

/// Keeps the rows with one status (`--shortages`, `--surpluses`), then the first `top` of them,
/// and renumbers their ranks from 1 so every format shows the same positions. Shortages keep the
/// ranking order (largest first); surpluses are ranked the other way, largest surplus first (the
/// lowest gap, ratio or balance index), ties still by region code then specialisation id.
pub fn keep_status(rows: &mut Vec<GapRow>, status: Status, sort: SortKey, top: Option<usize>) {
    rows.retain(|r| r.status == status);
    if status == Status::Surplus {
        let metric = |r: &GapRow| match sort {
            SortKey::Gap => r.gap,
            SortKey::Ratio => r.ratio.unwrap_or(f64::INFINITY),
            SortKey::Balance => r.balance_index,
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

/// The status a balance index gives with a threshold.
fn status_of(balance: f64, threshold: f64) -> Status {
    if balance > threshold {
        Status::Shortage
    } else if balance < -threshold {
        Status::Surplus
    } else {
        Status::Balanced
    }
}

/// The label of subtotal rows: `region_code`/`specialisation` is `total` where a dimension is
/// summed over.
pub const TOTAL: &str = "total";

/// Subtotals of the rows: per region (over specialisations) and per specialisation (over regions)
/// when both are grouped, and the national total; each sums the rows' shown demand and supply, so
/// they add up exactly to the rows, and recomputes gap, ratio, balance index, status and evidence
/// from those sums. Subtotal rows have rank 0 and come in that order: regions, specialisations,
/// total, each sorted by key.
pub fn totals(rows: &[GapRow], o: &Options) -> Vec<GapRow> {
    use std::collections::BTreeMap;
    let spec_dim = o.by.specialisation || o.by.family;
    let all_regions = match o.lang {
        Lang::En => "All regions",
        Lang::Fr => "Toutes les régions",
        Lang::Ar => "جميع الجهات",
    };
    let all_specs = match o.lang {
        Lang::En => "All specialisations",
        Lang::Fr => "Toutes les spécialités",
        Lang::Ar => "جميع التخصصات",
    };
    type Sums =
        BTreeMap<(Option<String>, Option<String>), (f64, f64, Option<String>, Option<String>)>;
    let add = |sums: &mut Sums,
               key: (Option<String>, Option<String>),
               labels: (Option<String>, Option<String>),
               r: &GapRow| {
        let e = sums.entry(key).or_insert((0.0, 0.0, labels.0, labels.1));
        e.0 += r.demand;
        e.1 += r.supply;
    };
    let total = || TOTAL.to_string();
    let (mut by_region, mut by_spec, mut national) = (Sums::new(), Sums::new(), Sums::new());
    for r in rows {
        let region = o.by.region.then(total);
        let spec = spec_dim.then(total);
        if o.by.region && spec_dim {
            add(
                &mut by_region,
                (r.region_code.clone(), spec.clone()),
                (r.region.clone(), Some(all_specs.to_string())),
                r,
            );
            add(
                &mut by_spec,
                (region.clone(), r.specialisation.clone()),
                (
                    Some(all_regions.to_string()),
                    r.specialisation_label.clone(),
                ),
                r,
            );
        }
        add(
            &mut national,
            (region, spec),
            (
                o.by.region.then(|| all_regions.to_string()),
                spec_dim.then(|| all_specs.to_string()),
            ),
            r,
        );
    }
    [by_region, by_spec, national]
        .into_iter()
        .flatten()
        .map(|((region_code, specialisation), (d, s, region, label))| {
            let (demand, supply) = (round_to(d, 2), round_to(s, 2));
            let balance = if demand + supply > 0.0 {
                (demand - supply) / (demand + supply)
            } else {
                0.0
            };
            GapRow {
                rank: 0,
                region_code,
                region,
                specialisation,
                specialisation_label: label,
                demand,
                supply,
                gap: round_to(demand - supply, 2),
                ratio: (supply > 0.0).then(|| round_to(demand / supply, 4)),
                balance_index: round_to(balance, 4),
                status: status_of(balance, o.threshold),
                low_evidence: demand + supply < o.min_count,
            }
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
