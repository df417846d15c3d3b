//! What the indicators need per report key, beyond the gap's sums: demand by posting source,
//! supply by level and specialisation, and the postings counted, all in the period and in exact
//! integer units.
//!
//! The same frames and stages as the gap ([`super::demand_frame`], [`super::in_period`], ...),
//! grouped a little finer: by the report's keys and the source (demand), or the keys, the level,
//! the specialisation and its family (supply, after the crosswalk). One `collect()` per side; the
//! result is small (keys × sources, keys × levels × specialisations).

use std::collections::BTreeMap;

use polars::prelude::*;

use super::{cols, demand_frame, in_period, lagged, mapped_only, supply_frames, Options};
use crate::aggregate::{Demand, Supply};
use crate::indicators::GraduateUnits;
use crate::taxonomy::Taxonomy;

/// A report key: its codes, in the grouping's order.
pub type Key = Vec<String>;

/// The inputs of one key, in parts of `UNIT_SCALE` over the whole period.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyInputs {
    /// Postings counted (a posting shared between k regions is 1/k in each).
    pub postings: u64,
    /// Vacancies by source, as written.
    pub demand: Vec<(String, u64)>,
    /// Graduates × crosswalk weight by (level, specialisation, family).
    pub supply: Vec<(String, String, String, u64)>,
}

impl KeyInputs {
    /// The supply as the assumptions take it.
    pub fn graduates(&self) -> impl Iterator<Item = GraduateUnits<'_>> {
        self.supply.iter().map(|(l, s, f, u)| GraduateUnits {
            level: l,
            specialisation: s,
            family: f,
            units: *u,
        })
    }

    /// The demand as the assumptions take it.
    pub fn sources(&self) -> impl Iterator<Item = (&str, u64)> {
        self.demand.iter().map(|(s, u)| (s.as_str(), *u))
    }
}

fn keys_of(df: &DataFrame, names: &[&str], i: usize) -> PolarsResult<Key> {
    names
        .iter()
        .map(|n| Ok(df.column(n)?.str()?.get(i).unwrap_or_default().to_string()))
        .collect()
}

fn unsigned(x: Option<i64>) -> u64 {
    x.and_then(|v| u64::try_from(v).ok()).unwrap_or(0)
}

/// The inputs of every key of the report (all of them: before any `--top`), unmapped keys left
/// out unless `show_unmapped`; supply moved on by `o.supply_lag` years.
pub fn key_inputs(
    tax: &Taxonomy,
    demand: &Demand,
    supply: &Supply,
    o: &Options,
) -> PolarsResult<BTreeMap<Key, KeyInputs>> {
    let per_key = inputs_grouped(tax, demand, supply, o, false)?;
    Ok(per_key.into_iter().map(|((k, _), v)| (k, v)).collect())
}

/// [`key_inputs`] per key and year of the period (the year in which the graduates count, their
/// cohort year + `o.supply_lag`), for the trend's yearly series under the assumptions.
pub fn yearly_key_inputs(
    tax: &Taxonomy,
    demand: &Demand,
    supply: &Supply,
    o: &Options,
) -> PolarsResult<BTreeMap<(Key, i32), KeyInputs>> {
    inputs_grouped(tax, demand, supply, o, true)
}

/// The inputs per key, and per year when `by_year` (else every year is 0).
fn inputs_grouped(
    tax: &Taxonomy,
    demand: &Demand,
    supply: &Supply,
    o: &Options,
    by_year: bool,
) -> PolarsResult<BTreeMap<(Key, i32), KeyInputs>> {
    let names = o.by.names();
    let key_cols = |extra: &[&str]| -> Vec<Expr> {
        let mut v: Vec<&str> = names.clone();
        let year = by_year.then_some(cols::YEAR);
        for e in extra.iter().chain(year.as_ref()) {
            if !v.contains(e) {
                v.push(e);
            }
        }
        v.into_iter().map(col).collect()
    };
    let year_of = |df: &DataFrame, i: usize| -> PolarsResult<i32> {
        Ok(if by_year {
            df.column(cols::YEAR)?.i32()?.get(i).unwrap_or_default()
        } else {
            0
        })
    };
    let mut out: BTreeMap<(Key, i32), KeyInputs> = BTreeMap::new();

    let mut d = in_period(demand_frame(tax, demand)?.lazy(), o.period);
    if !o.show_unmapped {
        d = mapped_only(d, &o.by);
    }
    let d = d
        .group_by(key_cols(&[cols::SOURCE]))
        .agg([col(cols::DEMAND).sum(), col(cols::POSTINGS).sum()])
        .collect()?;
    let (units, posts, source) = (
        d.column(cols::DEMAND)?.i64()?,
        d.column(cols::POSTINGS)?.i64()?,
        d.column(cols::SOURCE)?.str()?,
    );
    for i in 0..d.height() {
        let e = out
            .entry((keys_of(&d, &names, i)?, year_of(&d, i)?))
            .or_default();
        e.postings += unsigned(posts.get(i));
        let s = source.get(i).unwrap_or_default().to_string();
        e.demand.push((s, unsigned(units.get(i))));
    }

    let (cells, crosswalk) = supply_frames(tax, supply)?;
    let mut s = in_period(lagged(cells.lazy(), o.supply_lag), o.period).join(
        crosswalk.lazy(),
        [col(cols::FIELD)],
        [col(cols::FIELD)],
        JoinArgs::new(JoinType::Inner),
    );
    if !o.show_unmapped {
        s = mapped_only(s, &o.by);
    }
    let s = s
        .group_by(key_cols(&[cols::LEVEL, cols::SPEC, cols::FAMILY]))
        .agg([(col(cols::GRADUATES) * col(cols::WEIGHT))
            .sum()
            .alias(cols::SUPPLY)])
        .collect()?;
    let (units, level, spec, family) = (
        s.column(cols::SUPPLY)?.i64()?,
        s.column(cols::LEVEL)?.str()?,
        s.column(cols::SPEC)?.str()?,
        s.column(cols::FAMILY)?.str()?,
    );
    for i in 0..s.height() {
        let e = out
            .entry((keys_of(&s, &names, i)?, year_of(&s, i)?))
            .or_default();
        let text = |c: &StringChunked| c.get(i).unwrap_or_default().to_string();
        e.supply.push((
            text(level),
            text(spec),
            text(family),
            unsigned(units.get(i)),
        ));
    }
    // group_by's order is not stable: sort each key's parts
    for e in out.values_mut() {
        e.demand.sort();
        e.supply.sort();
    }
    Ok(out)
}
