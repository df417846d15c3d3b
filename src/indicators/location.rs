//! Location quotients: where a specialisation is concentrated, for demand and for supply, and the
//! places where the two disagree; and rates per 100,000 inhabitants.
//!
//! For region r and specialisation s, with x the postings' vacancies (or the graduates):
//!
//! ```text
//! LQ_rs = (x_rs / x_r·) / (x_·s / x_··) = x_rs · x_·· / (x_r· · x_·s)
//! ```
//!
//! the specialisation's share of the region's total over its share of the national total
//! (equivalently, the region's share of the specialisation over its share of everything). LQ > 1.2
//! is *concentrated*. Computed as one division of two products, so an exact 1.2 stays 1.2 and is
//! not concentrated.
//!
//! Comparing the two: demand concentrated (LQ > 1.2) where supply is sparse (LQ < 0.8) says
//! **train where the jobs are**; supply concentrated where demand is sparse says the graduates are
//! trained where the jobs are not (**jobs elsewhere**: mobility, or retraining).

use std::collections::BTreeMap;

/// Above this, a specialisation is concentrated in a region.
pub const CONCENTRATED: f64 = 1.2;
/// Below this, a specialisation is sparse in a region (for the mismatch classes).
pub const SPARSE: f64 = 0.8;

/// The location quotient x_rs · x_·· / (x_r· · x_·s); `None` when a total is 0 (or any value is
/// negative or not finite).
pub fn location_quotient(x_rs: f64, x_r: f64, x_s: f64, x_total: f64) -> Option<f64> {
    let ok = [x_rs, x_r, x_s, x_total]
        .iter()
        .all(|x| x.is_finite() && *x >= 0.0);
    (ok && x_r > 0.0 && x_s > 0.0).then(|| x_rs * x_total / (x_r * x_s))
}

/// True when `lq` is above [`CONCENTRATED`].
pub fn is_concentrated(lq: f64) -> bool {
    lq > CONCENTRATED
}

/// Demand's LQ over supply's: above 1, the specialisation's jobs are more concentrated in the region
/// than its graduates. `None` when supply's LQ is 0.
pub fn lq_ratio(demand_lq: f64, supply_lq: f64) -> Option<f64> {
    (supply_lq > 0.0).then(|| demand_lq / supply_lq)
}

/// A disagreement between where the jobs are and where the graduates are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Mismatch {
    /// Demand concentrated (LQ > 1.2), supply sparse (LQ < 0.8).
    TrainWhereTheJobsAre,
    /// Supply concentrated (LQ > 1.2), demand sparse (LQ < 0.8).
    JobsElsewhere,
}

impl Mismatch {
    /// The name used in reports.
    pub fn label(self) -> &'static str {
        match self {
            Mismatch::TrainWhereTheJobsAre => "train-where-the-jobs-are",
            Mismatch::JobsElsewhere => "jobs-elsewhere",
        }
    }
}

/// The mismatch class of a cell from its demand and supply location quotients, if any.
pub fn mismatch(demand_lq: f64, supply_lq: f64) -> Option<Mismatch> {
    if demand_lq > CONCENTRATED && supply_lq < SPARSE {
        Some(Mismatch::TrainWhereTheJobsAre)
    } else if supply_lq > CONCENTRATED && demand_lq < SPARSE {
        Some(Mismatch::JobsElsewhere)
    } else {
        None
    }
}

/// `x` per 100,000 inhabitants; `None` for a population of 0.
pub fn per_100k(x: f64, population: u64) -> Option<f64> {
    (population > 0).then(|| x * 100_000.0 / population as f64)
}

/// The location quotients of a table of cells (region × specialisation), with the row, column and
/// overall totals. Pass placed cells only: unmapped rows would shift every share.
#[derive(Debug, Clone, PartialEq)]
pub struct LocationQuotients<R, S> {
    cells: BTreeMap<(R, S), f64>,
    regions: BTreeMap<R, f64>,
    specialisations: BTreeMap<S, f64>,
    total: f64,
}

impl<R: Ord + Clone, S: Ord + Clone> LocationQuotients<R, S> {
    /// Builds the table; a cell given twice is summed.
    pub fn new(cells: impl IntoIterator<Item = (R, S, f64)>) -> Self {
        let mut t = LocationQuotients {
            cells: BTreeMap::new(),
            regions: BTreeMap::new(),
            specialisations: BTreeMap::new(),
            total: 0.0,
        };
        for (r, s, x) in cells {
            *t.cells.entry((r.clone(), s.clone())).or_default() += x;
            *t.regions.entry(r).or_default() += x;
            *t.specialisations.entry(s).or_default() += x;
            t.total += x;
        }
        t
    }

    /// The LQ of a cell; a cell not given counts as 0 (LQ 0 when both totals are positive).
    pub fn get(&self, region: &R, specialisation: &S) -> Option<f64> {
        let x = self
            .cells
            .get(&(region.clone(), specialisation.clone()))
            .copied()
            .unwrap_or(0.0);
        location_quotient(
            x,
            self.regions.get(region).copied().unwrap_or(0.0),
            self.specialisations
                .get(specialisation)
                .copied()
                .unwrap_or(0.0),
            self.total,
        )
    }

    /// Every given cell with its LQ, in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&R, &S, Option<f64>)> + '_ {
        self.cells.keys().map(|(r, s)| (r, s, self.get(r, s)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::close;

    fn round2(x: f64) -> f64 {
        (x * 100.0).round() / 100.0
    }

    #[test]
    fn worked_examples_local_share_over_national_share() {
        // 2 % of the region's postings against 1 % nationally: 0.02 / 0.01 = 2.0.
        assert_eq!(location_quotient(2.0, 100.0, 1_000.0, 100_000.0), Some(2.0));
        // 0.10 / 0.09 = 1.11.
        let lq = location_quotient(10.0, 100.0, 900.0, 10_000.0).unwrap();
        assert_eq!(round2(lq), 1.11);
        // 0.039 / 0.028 = 1.39.
        let lq = location_quotient(39.0, 1_000.0, 280.0, 10_000.0).unwrap();
        assert_eq!(round2(lq), 1.39);
        assert!(close(lq, 39.0 / 28.0, 1e-15));
    }

    /// Demand and supply over regions A, B, C and specialisations x, y, z, worked by hand:
    ///
    /// ```text
    /// demand   x   y   z  | r·      supply   x   y   z  | r·
    ///   A     10  20  70  | 100       A     50  10  40  | 100
    ///   B     30  30  40  | 100       B     10  10  80  | 100
    ///   C     60  10 130  | 200       C     40  40 120  | 200
    ///   ·s   100  60 240  | 400       ·s   100  60 240  | 400
    ///
    /// demand LQ: A 0.4  1.333 1.167 | B 1.2  2.0   0.667 | C 1.2  0.333 1.083
    /// supply LQ: A 2.0  0.667 0.667 | B 0.4  0.667 1.333 | C 0.8  1.333 1.0
    /// ```
    #[test]
    fn a_three_by_three_table() {
        let table = |rows: [[f64; 3]; 3]| {
            let cells = ["A", "B", "C"].into_iter().zip(rows).flat_map(|(r, row)| {
                ["x", "y", "z"]
                    .into_iter()
                    .zip(row)
                    .map(move |(s, v)| (r, s, v))
            });
            LocationQuotients::new(cells)
        };
        let demand = table([[10.0, 20.0, 70.0], [30.0, 30.0, 40.0], [60.0, 10.0, 130.0]]);
        let supply = table([[50.0, 10.0, 40.0], [10.0, 10.0, 80.0], [40.0, 40.0, 120.0]]);
        let want_d = [
            [0.4, 4.0 / 3.0, 7.0 / 6.0],
            [1.2, 2.0, 2.0 / 3.0],
            [1.2, 1.0 / 3.0, 13.0 / 12.0],
        ];
        let want_s = [
            [2.0, 2.0 / 3.0, 2.0 / 3.0],
            [0.4, 2.0 / 3.0, 4.0 / 3.0],
            [0.8, 4.0 / 3.0, 1.0],
        ];
        for (i, r) in ["A", "B", "C"].iter().enumerate() {
            for (j, s) in ["x", "y", "z"].iter().enumerate() {
                assert!(
                    close(demand.get(r, s).unwrap(), want_d[i][j], 1e-15),
                    "{r}{s}"
                );
                assert!(
                    close(supply.get(r, s).unwrap(), want_s[i][j], 1e-15),
                    "{r}{s}"
                );
            }
        }
        // B·x is exactly 1.2: not concentrated.
        assert_eq!(demand.get(&"B", &"x"), Some(1.2));
        assert!(!is_concentrated(1.2) && is_concentrated(demand.get(&"A", &"y").unwrap()));
        let class = |r, s| mismatch(demand.get(&r, &s).unwrap(), supply.get(&r, &s).unwrap());
        use Mismatch::*;
        assert_eq!(class("A", "y"), Some(TrainWhereTheJobsAre));
        assert_eq!(class("B", "y"), Some(TrainWhereTheJobsAre));
        assert_eq!(class("A", "x"), Some(JobsElsewhere));
        assert_eq!(class("B", "z"), Some(JobsElsewhere));
        assert_eq!(class("C", "y"), Some(JobsElsewhere));
        assert_eq!(class("B", "x"), None); // demand 1.2 is not above 1.2
        assert_eq!(class("C", "x"), None); // supply 0.8 is not below 0.8
        assert_eq!(class("C", "z"), None);
        let r = lq_ratio(
            demand.get(&"B", &"y").unwrap(),
            supply.get(&"B", &"y").unwrap(),
        );
        assert!(close(r.unwrap(), 3.0, 1e-15));
        assert_eq!(demand.iter().count(), 9);
        assert_eq!(TrainWhereTheJobsAre.label(), "train-where-the-jobs-are");
    }

    #[test]
    fn empty_totals_have_no_quotient() {
        let t = LocationQuotients::new([("A", "x", 5.0), ("B", "y", 0.0)]);
        assert_eq!(t.get(&"A", &"x"), Some(1.0));
        assert_eq!(t.get(&"B", &"y"), None); // region B has nothing
        assert_eq!(t.get(&"A", &"y"), None); // specialisation y has nothing
        assert_eq!(location_quotient(1.0, 0.0, 1.0, 1.0), None);
        assert_eq!(location_quotient(f64::NAN, 1.0, 1.0, 1.0), None);
        assert_eq!(lq_ratio(1.0, 0.0), None);
    }

    #[test]
    fn rates_per_100k_inhabitants() {
        // 500 vacancies in Dakhla-Oued Ed-Dahab (219,965 inhabitants in 2024): 227.31 per 100,000.
        assert_eq!(round2(per_100k(500.0, 219_965).unwrap()), 227.31);
        assert_eq!(per_100k(500.0, 0), None);
    }
}
