//! From the inputs of each report key to its indicators: the effective demand and supply under the
//! assumptions (and the gap metrics recomputed from them), the scenario range, the interval, the
//! rating and the concentration.
//!
//! Quantities are kept over the whole period in parts of `UNIT_SCALE` until they are shown, as
//! the gap's stages keep them, and divided by `UNIT_SCALE × years` for annual figures. With the
//! identity assumptions every effective quantity is the exact integer the gap's stages sum, so
//! [`metrics`] gives the gap report's own numbers (a property test holds it to that).

use std::collections::BTreeMap;

use super::columns::{Concentration, RowIndicators, Scenario, Settings, Uncertainty};
use super::location::{lq_ratio, mismatch, per_100k, LocationQuotients};
use super::rating::{band, rate, RatingScheme, NO_ASSESSMENT};
use super::uncertainty::{balance, demand_interval, gap, ratio};
use super::{Assumptions, Populations};
use crate::analysis::cells::{Key, KeyInputs};
use crate::analysis::{round_to, SortKey};
use crate::dims::{Dim, Grouping};
use crate::model::{GapRow, Metrics, Status, UNMAPPED};
use crate::normalise::UNIT_SCALE;
use crate::stats::{Confidence, Interval};
use crate::taxonomy::Specialisation;

/// What the indicators of a report are computed with.
pub struct Context<'a> {
    pub settings: &'a Settings,
    pub assumptions: &'a Assumptions,
    pub by: &'a Grouping,
    pub years: u32,
    pub threshold: f64,
    pub min_count: f64,
    pub populations: &'a Populations,
    /// The taxonomy's specialisations, for the family of each (the families' quotients).
    pub specialisations: &'a [Specialisation],
}

impl Context<'_> {
    /// Parts of UNIT_SCALE over the period per unit per year.
    fn per_year(&self) -> f64 {
        UNIT_SCALE as f64 * f64::from(self.years)
    }
}

/// Effective demand and supply of a key over the period, in parts of UNIT_SCALE, as scenario
/// ranges.
pub fn effective(a: &Assumptions, k: &KeyInputs) -> (Interval, Interval) {
    (
        a.effective_demand(k.sources()),
        a.effective_supply(k.graduates()),
    )
}

/// The gap metrics of demand `d` and supply `s` (over the period, in parts of UNIT_SCALE), with
/// the formulas and roundings of the gap report: demand and supply per year to 2 decimals, the gap
/// from those, ratio (4 decimals) and balance index from the exact totals.
pub fn metrics(d: f64, s: f64, per_year: f64, threshold: f64, min_count: f64) -> Metrics {
    let demand = round_to(d / per_year, 2);
    let supply = round_to(s / per_year, 2);
    let exact_balance = if d + s > 0.0 { (d - s) / (d + s) } else { 0.0 };
    Metrics {
        demand,
        supply,
        gap: round_to(demand - supply, 2),
        ratio: (s > 0.0).then(|| round_to(d / s, 4)),
        balance_index: round_to(exact_balance, 4),
        status: Status::of(exact_balance, threshold),
        low_evidence: demand + supply < min_count,
    }
}

fn pair(i: Interval, decimals: i32) -> [f64; 2] {
    [round_to(i.low, decimals), round_to(i.high, decimals)]
}

/// The 90 % interval of demand per year, carried through the scenario range: the Garwood interval
/// of the postings counted, scaled by the effective vacancies per posting under the central
/// assumptions, its low end scaled down to the low scenario and its high end up to the high one.
pub fn demand_band(k: &KeyInputs, d: Interval, per_year: f64) -> Interval {
    let postings = (k.postings as f64 / UNIT_SCALE as f64).round();
    let postings = if d.central > 0.0 {
        postings.max(1.0)
    } else {
        postings
    };
    let vacancies = d.central / UNIT_SCALE as f64;
    let ci = demand_interval(postings as u64, vacancies, 1.0, Confidence::NINETY);
    let (lo, hi) = if d.central > 0.0 {
        (d.low / d.central, d.high / d.central)
    } else {
        (1.0, 1.0)
    };
    let years = per_year / UNIT_SCALE as f64;
    Interval::new(
        ci.low * lo / years,
        ci.central / years,
        ci.high * hi / years,
    )
}

/// The rating of a row: `scheme` on its interval (threshold) or on supply ÷ demand (bands);
/// low-evidence rows are `no-assessment` under either.
fn rating(
    scheme: RatingScheme,
    m: &Metrics,
    balance_iv: Interval,
    d: f64,
    s: f64,
    cx: &Context,
) -> &'static str {
    match scheme {
        RatingScheme::Threshold => {
            rate(balance_iv, m.demand + m.supply, cx.threshold, cx.min_count).label()
        }
        RatingScheme::Bands if m.low_evidence => NO_ASSESSMENT,
        RatingScheme::Bands => band(s, d).map_or(NO_ASSESSMENT, |b| b.label()),
    }
}

/// The place of the region and of the other dimension in the keys, when the grouping is a region
/// and one other dimension.
fn lq_axes(by: &Grouping) -> Option<(usize, usize)> {
    let dims = by.dims();
    let r = dims.iter().position(|&d| d == Dim::Region)?;
    (dims.len() == 2).then_some((r, 1 - r))
}

/// The location quotients of demand and supply over every placed key (a region of the census,
/// a mapped value of the other dimension), from the effective central quantities; the other
/// dimension's value read through `column` (itself, or a specialisation's family), a key whose
/// column is `None` left out.
fn quotients(
    inputs: &BTreeMap<Key, KeyInputs>,
    cx: &Context,
    (r, o): (usize, usize),
    column: &dyn Fn(&str) -> Option<String>,
) -> [LocationQuotients<String, String>; 2] {
    let placed = inputs
        .iter()
        .filter(|(k, _)| cx.populations.get(&k[r]).is_some() && k[o] != UNMAPPED)
        .filter_map(|(k, v)| Some((k, column(&k[o])?, effective(cx.assumptions, v))));
    let cells: Vec<_> = placed.collect();
    let table = |side: fn(&(Interval, Interval)) -> f64| {
        LocationQuotients::new((cells.iter()).map(|(k, c, e)| (k[r].clone(), c.clone(), side(e))))
    };
    [table(|e| e.0.central), table(|e| e.1.central)]
}

/// The family of a specialisation id, `None` for an id the taxonomy does not have.
fn family_of(cx: &Context, spec: &str) -> Option<String> {
    (cx.specialisations.iter())
        .find(|s| s.id == spec)
        .map(|s| s.family.clone())
}

/// Fills in the indicators of `rows` from the inputs of their keys; with `recompute`, first
/// replaces their metrics by those of the effective quantities. Returns, per row, the exact values
/// to rank on (gap, ratio, balance index), for [`rerank`].
pub fn annotate(
    rows: &mut [GapRow],
    inputs: &BTreeMap<Key, KeyInputs>,
    cx: &Context,
    recompute: bool,
) -> Vec<Exact> {
    let groups = cx.settings.groups();
    let has = |g| groups.contains(&g);
    use super::columns::Group;
    let per_year = cx.per_year();
    let axes = lq_axes(cx.by);
    let lq = match axes {
        Some(axes) if has(Group::Concentration) => {
            Some(quotients(inputs, cx, axes, &|c| Some(c.to_string())))
        }
        _ => None,
    };
    // by region × specialisation, the quotients of the region × the specialisation's family too
    let family_lq = match axes {
        Some((r, o)) if lq.is_some() && cx.by.dims()[o] == Dim::Specialisation => {
            Some(quotients(inputs, cx, (r, o), &|c| family_of(cx, c)))
        }
        _ => None,
    };
    let region_at = cx.by.dims().iter().position(|&d| d == Dim::Region);
    let empty = KeyInputs::default();
    let mut exact = Vec::with_capacity(rows.len());
    for row in rows.iter_mut() {
        let key: Key = row.keys.iter().map(|k| k.code.clone()).collect();
        let k = inputs.get(&key).unwrap_or(&empty);
        let (d, s) = effective(cx.assumptions, k);
        if recompute {
            row.metrics = metrics(d.central, s.central, per_year, cx.threshold, cx.min_count);
        }
        exact.push(Exact {
            gap: d.central - s.central,
            ratio: (s.central > 0.0).then(|| d.central / s.central),
            balance: if d.central + s.central > 0.0 {
                (d.central - s.central) / (d.central + s.central)
            } else {
                0.0
            },
        });
        let annual = |i: Interval| i.map(|x| x / per_year);
        let (da, sa) = (annual(d), annual(s));
        let mut ind = RowIndicators::default();
        if has(Group::Scenario) {
            ind.scenario = Some(Scenario {
                demand: pair(da, 2),
                supply: pair(sa, 2),
                gap: pair(gap(da, sa), 2),
            });
        }
        uncertain(&mut ind, k, (d, s), &row.metrics, cx);
        if has(Group::Concentration) {
            let pop = region_at.and_then(|r| cx.populations.get(&key[r]));
            let (lq_d, lq_s) = match (&lq, axes) {
                (Some([ld, ls]), Some((r, o))) => {
                    let placed = pop.is_some() && key[o] != UNMAPPED;
                    let get = |t: &LocationQuotients<String, String>| {
                        t.get(&key[r], &key[o]).filter(|_| placed)
                    };
                    (get(ld), get(ls))
                }
                _ => (None, None),
            };
            let r4 = |x: Option<f64>| x.map(|v| round_to(v, 4));
            let family = match (&family_lq, axes) {
                (Some([fd, fs]), Some((r, o))) => {
                    let placed = pop.is_some() && key[o] != UNMAPPED;
                    let fam = family_of(cx, &key[o]).filter(|_| placed);
                    let get = |t: &LocationQuotients<String, String>| {
                        fam.as_ref()
                            .and_then(|f| t.get(&key[r], f))
                            .map(|v| round_to(v, 4))
                    };
                    Some([get(fd), get(fs)])
                }
                _ => None,
            };
            let rate = |x: f64| pop.and_then(|p| per_100k(x, p)).map(|v| round_to(v, 2));
            ind.concentration = Some(Concentration {
                lq_demand: r4(lq_d),
                lq_supply: r4(lq_s),
                lq_ratio: r4(lq_d.zip(lq_s).and_then(|(a, b)| lq_ratio(a, b))),
                mismatch: lq_d
                    .zip(lq_s)
                    .and_then(|(a, b)| mismatch(a, b))
                    .map(|m| m.label()),
                family,
                demand_per_100k: rate(da.central),
                supply_per_100k: rate(sa.central),
            });
        }
        row.indicators = ind;
    }
    exact
}

/// The interval and the rating of a row whose inputs are `k`, with effective demand and supply
/// `(d, s)` over the period and metrics `m`, each when asked for.
fn uncertain(
    ind: &mut RowIndicators,
    k: &KeyInputs,
    (d, s): (Interval, Interval),
    m: &Metrics,
    cx: &Context,
) {
    use super::columns::Group;
    let per_year = cx.per_year();
    let sa = s.map(|x| x / per_year);
    let band_iv = demand_band(k, d, per_year);
    if cx.settings.groups().contains(&Group::Interval) {
        ind.interval = Some(Uncertainty {
            demand: pair(band_iv, 2),
            gap: pair(gap(band_iv, sa), 2),
            ratio: ratio(band_iv, sa).map(|r| {
                let p = pair(r, 4);
                [p[0], if r.high.is_finite() { p[1] } else { r.high }]
            }),
        });
    }
    if let Some(scheme) = cx.settings.scheme() {
        let b = balance(band_iv, sa);
        ind.rating = Some(rating(scheme, m, b, d.central, s.central, cx));
    }
}

/// Fills in the indicators of subtotal rows (see [`crate::analysis::totals`]) and of roll-ups
/// (see [`crate::analysis::roll_ups`]) from the `rows` they sum (those whose codes agree with
/// the subtotal's on each of its keys that is not `total`):
///
/// - the scenario range: the rows' ranges summed (a scenario takes the same extreme of every
///   assumption in every row, so its values add up), the gap's range from those sums;
/// - the interval: that of the summed inputs, the Garwood interval of the summed postings count
///   (a sum of Poisson counts is a Poisson count), not a sum of the rows' intervals; gap and ratio
///   intervals from it, as for a row;
/// - the rating, from that interval and the subtotal's metrics;
/// - with `--concentration`, the rates per 100,000 inhabitants of a region's subtotal; location
///   quotients stay empty: over every value of the other dimension a region's quotient is 1 by
///   definition (x_r· · x_·· ÷ (x_r· · x_··)), and so is a specialisation's over every region.
pub fn annotate_subtotals(
    subtotals: &mut [GapRow],
    rows: &[GapRow],
    inputs: &BTreeMap<Key, KeyInputs>,
    cx: &Context,
) {
    use super::columns::Group;
    use crate::analysis::TOTAL;
    let groups = cx.settings.groups();
    let per_year = cx.per_year();
    for sub in subtotals.iter_mut() {
        let members: Vec<&GapRow> = (rows.iter())
            .filter(|r| {
                (sub.keys.iter())
                    .all(|t| t.code == TOTAL || r.key(t.dim).is_some_and(|k| k.code == t.code))
            })
            .collect();
        let mut merged = KeyInputs::default();
        for r in &members {
            let key: Key = r.keys.iter().map(|k| k.code.clone()).collect();
            if let Some(k) = inputs.get(&key) {
                merged.postings += k.postings;
                merged.demand.extend(k.demand.iter().cloned());
                merged.supply.extend(k.supply.iter().cloned());
            }
        }
        let (d, s) = effective(cx.assumptions, &merged);
        let mut ind = RowIndicators::default();
        if groups.contains(&Group::Scenario) {
            let sum = |side: fn(&Scenario) -> [f64; 2]| {
                (members
                    .iter()
                    .filter_map(|r| r.indicators.scenario.as_ref()))
                .map(side)
                .fold([0.0, 0.0], |a, x| [a[0] + x[0], a[1] + x[1]])
            };
            let (dd, ss) = (sum(|x| x.demand), sum(|x| x.supply));
            let r2 = |x: f64| round_to(x, 2);
            ind.scenario = Some(Scenario {
                demand: dd.map(r2),
                supply: ss.map(r2),
                gap: [r2(dd[0] - ss[1]), r2(dd[1] - ss[0])],
            });
        }
        uncertain(&mut ind, &merged, (d, s), &sub.metrics, cx);
        if groups.contains(&Group::Concentration) {
            let pop = (sub.key(Dim::Region)).and_then(|k| cx.populations.get(&k.code));
            let rate = |x: f64| {
                pop.and_then(|p| per_100k(x / per_year, p))
                    .map(|v| round_to(v, 2))
            };
            ind.concentration = Some(Concentration {
                demand_per_100k: rate(d.central),
                supply_per_100k: rate(s.central),
                ..Concentration::default()
            });
        }
        sub.indicators = ind;
    }
}

/// The order of the concentration view: "train where the jobs are" first, by LQ ratio from the
/// largest (an undefined ratio, with no supply, first of all), then "jobs elsewhere" by LQ ratio
/// from the smallest; ties by rank. Rows without a class last.
pub fn mismatch_order(a: &GapRow, b: &GapRow) -> std::cmp::Ordering {
    let key = |r: &GapRow| {
        let c = r.indicators.concentration.unwrap_or_default();
        let class = match c.mismatch {
            Some(m) if m == super::Mismatch::TrainWhereTheJobsAre.label() => 0,
            Some(_) => 1,
            None => 2,
        };
        let ratio = c.lq_ratio.unwrap_or(f64::INFINITY);
        (class, if class == 0 { -ratio } else { ratio })
    };
    let (ka, kb) = (key(a), key(b));
    ka.0.cmp(&kb.0)
        .then(ka.1.total_cmp(&kb.1))
        .then(a.rank.cmp(&b.rank))
}

/// The exact values a row is ranked on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Exact {
    pub gap: f64,
    pub ratio: Option<f64>,
    pub balance: f64,
}

/// Sorts rows as the gap's `rank` stage does, on their exact values: by the sort key descending
/// (for the ratio, undefined ratios first), then the gap descending, then the keys' codes
/// ascending; and numbers the ranks from 1.
pub fn rerank(rows: &mut Vec<GapRow>, exact: Vec<Exact>, sort: SortKey) {
    let mut paired: Vec<(GapRow, Exact)> = std::mem::take(rows).into_iter().zip(exact).collect();
    let codes = |r: &GapRow| r.keys.iter().map(|k| k.code.clone()).collect::<Vec<_>>();
    paired.sort_by(|(ra, a), (rb, b)| {
        let first = match sort {
            SortKey::Gap => std::cmp::Ordering::Equal,
            SortKey::Ratio => match (a.ratio, b.ratio) {
                (None, None) => std::cmp::Ordering::Equal,
                (None, Some(_)) => std::cmp::Ordering::Less,
                (Some(_), None) => std::cmp::Ordering::Greater,
                (Some(x), Some(y)) => y.total_cmp(&x),
            },
            SortKey::Balance => b.balance.total_cmp(&a.balance),
        };
        first
            .then_with(|| b.gap.total_cmp(&a.gap))
            .then_with(|| codes(ra).cmp(&codes(rb)))
    });
    rows.extend(paired.into_iter().map(|(r, _)| r));
    for (i, r) in rows.iter_mut().enumerate() {
        r.rank = i + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aggregate::{Demand, Supply};
    use crate::analysis::{gap_rows, Options, Period};
    use crate::normalise::{Area, FieldKey, IscoKey, Placed, PostingKey, SpecId};
    use crate::taxonomy::{FieldTarget, Lang, Taxonomy};
    use proptest::prelude::*;

    type Posting = (i32, u16, u16, u8, u64);
    type Cohort = (i32, u16, u16, u8, u64);

    fn tallies(postings: &[Posting], cohorts: &[Cohort]) -> (Demand, Supply) {
        let (mut d, mut s) = (Demand::default(), Supply::default());
        let sources = ["rekrute", "anapec", "emploi.ma"];
        let levels = ["Licence", "Master", "Technicien spécialisé"];
        for &(y, r, sp, src, u) in postings {
            let region = if r == 12 {
                Placed::Known(Area::National)
            } else {
                Placed::Known(Area::Region(r))
            };
            let key = PostingKey {
                spec: Placed::Known(SpecId(sp)),
                isco: IscoKey {
                    code: None,
                    why: Some(0),
                },
            };
            d.add(y, region, key, sources[src as usize % 3], u);
        }
        for &(y, r, sp, lvl, u) in cohorts {
            let field = FieldKey::Known(FieldTarget::Spec(sp));
            let region = Placed::Known(Area::Region(r));
            s.add(y, region, field, levels[lvl as usize % 3], u);
        }
        (d, s)
    }

    fn options(by: Grouping, sort: SortKey, years: (i32, i32)) -> Options {
        Options {
            period: Period {
                from: years.0,
                to: years.1,
            },
            by,
            sort,
            top: None,
            show_unmapped: false,
            min_count: 10.0,
            threshold: 0.2,
            lang: Lang::En,
            supply_lag: 0,
        }
    }

    fn recomputed(tax: &Taxonomy, d: &Demand, s: &Supply, o: &Options) -> Vec<GapRow> {
        let mut rows = gap_rows(tax, d, s, o).unwrap();
        let inputs = crate::analysis::cells::key_inputs(tax, d, s, o).unwrap();
        let settings = Settings::default();
        let a = Assumptions::default();
        let cx = Context {
            settings: &settings,
            assumptions: &a,
            by: &o.by,
            years: o.period.years(),
            threshold: o.threshold,
            min_count: o.min_count,
            populations: &tax.populations,
            specialisations: &tax.specialisations,
        };
        let exact = annotate(&mut rows, &inputs, &cx, true);
        rerank(&mut rows, exact, o.sort);
        rows
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        /// The identity assumptions, taken through the effective quantities, give the gap
        /// report's own rows: the same numbers, to the bit, in the same order.
        #[test]
        fn identity_assumptions_reproduce_the_gap_report(
            postings in prop::collection::vec((2024..=2025i32, 0..13u16, 0..6u16, 0..3u8, 0..40u64), 0..60),
            cohorts in prop::collection::vec((2024..=2025i32, 0..12u16, 0..6u16, 0..3u8, 0..90u64), 0..40),
            sort in prop::sample::select(vec![SortKey::Gap, SortKey::Ratio, SortKey::Balance]),
            grouping in 0..3usize,
            two_years in any::<bool>(),
        ) {
            let tax = Taxonomy::default_embedded();
            let (d, s) = tallies(&postings, &cohorts);
            let by = match grouping {
                0 => Grouping::region_by_specialisation(),
                1 => Grouping::new(&[Dim::Region]).unwrap(),
                _ => Grouping::new(&[Dim::Family, Dim::Region]).unwrap(),
            };
            let years = if two_years { (2024, 2025) } else { (2025, 2025) };
            let o = options(by, sort, years);
            let want = gap_rows(&tax, &d, &s, &o).unwrap();
            let got = recomputed(&tax, &d, &s, &o);
            prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn garwood_interval_scaled_by_effective_vacancies() {
        // 2 postings carrying 16 effective vacancies (6 on a board of coverage 0.5, and 4):
        // Garwood 90 % for 2 is [0.35536, 6.29579] (chi2.ppf(0.05, 4) / 2, chi2.ppf(0.95, 6) / 2).
        let k = KeyInputs {
            postings: 2 * UNIT_SCALE,
            demand: vec![],
            supply: vec![],
        };
        let scale = UNIT_SCALE as f64;
        let d = Interval::exact(16.0 * scale);
        let band = demand_band(&k, d, scale);
        assert!((band.low - 8.0 * 0.7107230213973241 / 2.0).abs() < 1e-9);
        assert_eq!(band.central, 16.0);
        assert!((band.high - 8.0 * 12.591587243743977 / 2.0).abs() < 1e-9);
        // over 2 years the figures are per year
        let two = demand_band(&k, d, 2.0 * scale);
        assert!((two.high - band.high / 2.0).abs() < 1e-12);
        // a scenario range stretches the ends: demand 11.5–19 around 16
        let ranged = demand_band(
            &k,
            Interval::new(11.5 * scale, 16.0 * scale, 19.0 * scale),
            scale,
        );
        assert!((ranged.low - band.low * 11.5 / 16.0).abs() < 1e-9);
        assert!((ranged.high - band.high * 19.0 / 16.0).abs() < 1e-9);
    }

    #[test]
    fn effective_metrics_are_the_gap_reports_formulas() {
        let s = UNIT_SCALE as f64;
        let m = metrics(16.0 * s, 6.0 * s, s, 0.2, 10.0);
        assert_eq!((m.demand, m.supply, m.gap), (16.0, 6.0, 10.0));
        assert_eq!(m.ratio, Some(2.6667));
        assert_eq!(m.balance_index, 0.4545);
        assert_eq!(m.status, Status::Shortage);
        let z = metrics(0.0, 0.0, s, 0.2, 10.0);
        assert_eq!(
            (z.ratio, z.balance_index, z.low_evidence),
            (None, 0.0, true)
        );
    }
}
