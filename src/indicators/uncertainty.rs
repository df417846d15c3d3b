//! Intervals for the gap metrics: demand's sampling uncertainty, and the gap, ratio and balance
//! index derived from a demand range and a supply range.
//!
//! **Method.** Demand is treated as a Poisson count of postings: the number k of postings in a cell
//! is one draw of a process whose mean we estimate, so its uncertainty is the Garwood interval of k
//! ([`crate::stats::poisson::garwood`]), scaled by the vacancies per posting (v / k, one vacancy
//! per posting when k = 0) and divided by the coverage. Supply is taken as exact: graduate
//! statistics are administrative counts of a whole population, not a sample. The interval of each
//! derived metric follows from demand's by monotonicity (gap, ratio and balance index all increase
//! with demand and decrease with supply), so no distributional approximation is involved.
//!
//! The same functions combine the scenario ranges of an assumptions file ([`gap`], [`ratio`],
//! [`balance`] take a range for each side and pair the extremes). The two kinds of uncertainty are
//! kept apart: an interval is computed under the central assumptions, and the scenarios give a
//! separate range.

use crate::stats::{poisson::garwood, Confidence, Interval};

/// The interval of a cell's demand, in vacancies: `postings` counted (Poisson), carrying
/// `vacancies` in all, from sources whose coverage is `coverage` (> 0; 1 for raw counts). Divide by
/// the number of years for an annual figure.
pub fn demand_interval(
    postings: u64,
    vacancies: f64,
    coverage: f64,
    confidence: Confidence,
) -> Interval {
    let per_posting = if postings == 0 {
        1.0
    } else {
        vacancies / postings as f64
    };
    let k = garwood(postings, confidence);
    Interval::new(
        k.low * per_posting / coverage,
        vacancies / coverage,
        k.high * per_posting / coverage,
    )
}

/// The gap D − S: [D_low − S_high, D_central − S_central, D_high − S_low].
pub fn gap(demand: Interval, supply: Interval) -> Interval {
    Interval::new(
        demand.low - supply.high,
        demand.central - supply.central,
        demand.high - supply.low,
    )
}

/// The ratio D / S: [D_low / S_high, D / S, D_high / S_low]; `None` when the central supply is 0
/// (undefined, as in the gap report). The high bound is +∞ when the low supply is 0.
pub fn ratio(demand: Interval, supply: Interval) -> Option<Interval> {
    if supply.central == 0.0 {
        return None;
    }
    let div = |d: f64, s: f64| if s == 0.0 { f64::INFINITY } else { d / s };
    Some(Interval::new(
        div(demand.low, supply.high),
        demand.central / supply.central,
        div(demand.high, supply.low),
    ))
}

/// The balance index (D − S) / (D + S), 0 when both are 0, as in the gap report.
pub fn balance_index(demand: f64, supply: f64) -> f64 {
    let total = demand + supply;
    if total == 0.0 {
        0.0
    } else {
        (demand - supply) / total
    }
}

/// The balance index over ranges: [b(D_low, S_high), b(D, S), b(D_high, S_low)].
pub fn balance(demand: Interval, supply: Interval) -> Interval {
    Interval::new(
        balance_index(demand.low, supply.high),
        balance_index(demand.central, supply.central),
        balance_index(demand.high, supply.low),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::close;

    const C90: Confidence = Confidence::NINETY;

    #[test]
    fn demand_scales_the_poisson_interval_of_postings() {
        // 5 postings carrying 10 vacancies: 2 vacancies each; Garwood(5) = [1.97015, 10.51303].
        let d = demand_interval(5, 10.0, 1.0, C90);
        assert!(close(d.low, 2.0 * 1.9701495680595302, 1e-8));
        assert_eq!(d.central, 10.0);
        assert!(close(d.high, 2.0 * 10.513034908741535, 1e-8));
        // A coverage of 0.5 doubles everything.
        let h = demand_interval(5, 10.0, 0.5, C90);
        assert!(close(h.low, 2.0 * d.low, 1e-12) && close(h.high, 2.0 * d.high, 1e-12));
        assert_eq!(h.central, 20.0);
        // No posting: [0, −ln 0.05] vacancies.
        let z = demand_interval(0, 0.0, 1.0, C90);
        assert_eq!((z.low, z.central), (0.0, 0.0));
        assert!(close(z.high, 2.9957322735539895, 1e-8));
    }

    #[test]
    fn exact_supply_propagates_demand_monotonically() {
        let d = Interval::new(8.0, 10.0, 14.0);
        let s = Interval::exact(5.0);
        assert_eq!(gap(d, s), Interval::new(3.0, 5.0, 9.0));
        assert_eq!(ratio(d, s), Some(Interval::new(1.6, 2.0, 2.8)));
        let b = balance(d, s);
        assert!(close(b.low, 3.0 / 13.0, 1e-15));
        assert!(close(b.central, 5.0 / 15.0, 1e-15));
        assert!(close(b.high, 9.0 / 19.0, 1e-15));
    }

    #[test]
    fn scenario_ranges_pair_the_extremes() {
        let d = Interval::new(100.0, 120.0, 150.0);
        let s = Interval::new(60.0, 70.0, 80.0);
        assert_eq!(gap(d, s), Interval::new(20.0, 50.0, 90.0));
        assert_eq!(ratio(d, s), Some(Interval::new(1.25, 120.0 / 70.0, 2.5)));
        let b = balance(d, s);
        assert!(b.low < b.central && b.central < b.high);
        assert!(close(b.low, 20.0 / 180.0, 1e-15));
        assert!(close(b.high, 90.0 / 210.0, 1e-15));
    }

    #[test]
    fn zero_supply_and_zero_totals() {
        let d = Interval::new(0.0, 2.0, 6.0);
        assert_eq!(ratio(d, Interval::exact(0.0)), None);
        let r = ratio(d, Interval::new(0.0, 1.0, 2.0)).unwrap();
        assert_eq!((r.low, r.central, r.high), (0.0, 2.0, f64::INFINITY));
        assert_eq!(balance_index(0.0, 0.0), 0.0);
        assert_eq!(
            balance(d, Interval::exact(0.0)),
            Interval::new(0.0, 1.0, 1.0)
        );
        assert_eq!(balance_index(3.0, 1.0), 0.5);
    }
}
