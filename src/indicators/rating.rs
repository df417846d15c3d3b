//! Ratings: a word for each cell that says what the numbers support, and says so when they do not.
//!
//! Two schemes:
//!
//! - **threshold** (the default): on the interval of the balance index (D − S) / (D + S) and a
//!   threshold T (0.2 by default, as in the gap report): `shortage` when the whole interval lies
//!   above T, `surplus` when it lies below −T, `balanced` when it lies within [−T, T], and
//!   `no-assessment` when it straddles ±T or when D + S is below the minimum count. With an interval
//!   of zero width this is exactly the gap report's status.
//! - **bands**: Lightcast's five bands on supply ÷ demand, the ratio rounded to 2 decimals (half
//!   away from zero) first and the published edges inclusive: ≤ 0.59 `undersupply`, 0.60–0.90
//!   `slight-shortage`, 0.91–1.20 `balanced`, 1.21–1.49 `slight-surplus`, ≥ 1.50 `oversupply`.
//!   With no demand, any supply is `oversupply` (the ratio is +∞), and no supply either is
//!   `no-assessment` (nothing to compare).

use crate::stats::Interval;

/// Which scheme rates the cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum RatingScheme {
    /// shortage / balanced / surplus when the balance index's interval lies clear of ±T.
    #[default]
    Threshold,
    /// Lightcast's five bands on supply ÷ demand.
    Bands,
}

/// The threshold scheme's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rating {
    Shortage,
    Balanced,
    Surplus,
    /// The interval straddles a threshold, or there is too little evidence.
    NoAssessment,
}

impl Rating {
    /// The name used in reports: `shortage`, `balanced`, `surplus`, `no-assessment`.
    pub fn label(self) -> &'static str {
        match self {
            Rating::Shortage => "shortage",
            Rating::Balanced => "balanced",
            Rating::Surplus => "surplus",
            Rating::NoAssessment => NO_ASSESSMENT,
        }
    }
}

/// The label of a cell that no scheme can rate.
pub const NO_ASSESSMENT: &str = "no-assessment";

/// Rates a cell from the interval of its balance index, D + S (`total`), the threshold T and the
/// minimum count. A value that is not a number gives `no-assessment`.
pub fn rate(balance: Interval, total: f64, threshold: f64, min_count: f64) -> Rating {
    if total.is_nan() || total < min_count {
        Rating::NoAssessment
    } else if balance.low > threshold {
        Rating::Shortage
    } else if balance.high < -threshold {
        Rating::Surplus
    } else if balance.low >= -threshold && balance.high <= threshold {
        Rating::Balanced
    } else {
        Rating::NoAssessment
    }
}

/// Lightcast's bands on supply ÷ demand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Band {
    /// ≤ 0.59
    Undersupply,
    /// 0.60 – 0.90
    SlightShortage,
    /// 0.91 – 1.20
    Balanced,
    /// 1.21 – 1.49
    SlightSurplus,
    /// ≥ 1.50
    Oversupply,
}

impl Band {
    /// The name used in reports.
    pub fn label(self) -> &'static str {
        match self {
            Band::Undersupply => "undersupply",
            Band::SlightShortage => "slight-shortage",
            Band::Balanced => "balanced",
            Band::SlightSurplus => "slight-surplus",
            Band::Oversupply => "oversupply",
        }
    }

    /// The band of a ratio already rounded to hundredths (`60` for 0.60).
    pub fn of_hundredths(h: u64) -> Band {
        match h {
            0..=59 => Band::Undersupply,
            60..=90 => Band::SlightShortage,
            91..=120 => Band::Balanced,
            121..=149 => Band::SlightSurplus,
            _ => Band::Oversupply,
        }
    }
}

/// supply ÷ demand in hundredths, rounded half away from zero, computed exactly:
/// ⌊(200·S + D) / (2·D)⌋. `None` when demand is 0.
pub fn ratio_hundredths_exact(supply: u128, demand: u128) -> Option<u64> {
    if demand == 0 {
        return None;
    }
    let h = (supply.saturating_mul(200).saturating_add(demand)) / demand.saturating_mul(2);
    Some(u64::try_from(h).unwrap_or(u64::MAX))
}

/// The largest integer below which every integer is exact in f64.
const EXACT_F64: f64 = 9_007_199_254_740_992.0; // 2^53

/// supply ÷ demand in hundredths, rounded half away from zero. Whole numbers (the identity
/// assumptions) take the exact path. Other values are effective quantities computed in f64, whose
/// quotient carries binary noise (0.595 × 2.5 ÷ 2.5 gives 59.499999999999986 hundredths): the
/// quotient is first rounded to 1e-9 of a hundredth, then half away from zero, so a ratio that is a
/// half in decimal rounds as written. `None` when demand is 0 or either value is negative or not
/// finite.
pub fn ratio_hundredths(supply: f64, demand: f64) -> Option<u64> {
    let ok = |x: f64| x.is_finite() && x >= 0.0;
    if !ok(supply) || !ok(demand) || demand == 0.0 {
        return None;
    }
    let whole = |x: f64| x.fract() == 0.0 && x < EXACT_F64;
    if whole(supply) && whole(demand) {
        return ratio_hundredths_exact(supply as u128, demand as u128);
    }
    let q = 100.0 * supply / demand;
    let cleaned = (q * 1e9).round() / 1e9;
    // `as` saturates: +∞ (a tiny demand) becomes u64::MAX, oversupply.
    Some(cleaned.round() as u64)
}

/// The band of a cell from its supply and demand (annual or over the period: the ratio is the
/// same). Demand 0 with supply is `Oversupply`; both 0 (or invalid values) is `None`.
pub fn band(supply: f64, demand: f64) -> Option<Band> {
    if demand == 0.0 && supply > 0.0 && supply.is_finite() {
        return Some(Band::Oversupply);
    }
    ratio_hundredths(supply, demand).map(Band::of_hundredths)
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: f64 = 0.2;

    #[test]
    fn the_whole_interval_must_clear_the_threshold() {
        let r = |lo, hi| rate(Interval::new(lo, (lo + hi) / 2.0, hi), 100.0, T, 10.0);
        assert_eq!(r(0.21, 0.5), Rating::Shortage);
        assert_eq!(r(0.2, 0.5), Rating::NoAssessment); // touches T: not beyond it
        assert_eq!(r(0.1, 0.5), Rating::NoAssessment);
        assert_eq!(r(-0.5, -0.21), Rating::Surplus);
        assert_eq!(r(-0.5, -0.2), Rating::NoAssessment);
        assert_eq!(r(-0.2, 0.2), Rating::Balanced);
        assert_eq!(r(-0.1, 0.15), Rating::Balanced);
        assert_eq!(r(-0.3, 0.3), Rating::NoAssessment);
        assert_eq!(r(f64::NAN, 0.1), Rating::NoAssessment);
    }

    #[test]
    fn too_little_evidence_is_no_assessment() {
        let clear = Interval::new(0.8, 0.9, 1.0);
        assert_eq!(rate(clear, 9.99, T, 10.0), Rating::NoAssessment);
        assert_eq!(rate(clear, 10.0, T, 10.0), Rating::Shortage);
        assert_eq!(rate(clear, f64::NAN, T, 10.0), Rating::NoAssessment);
    }

    #[test]
    fn a_point_interval_gives_the_gap_reports_status() {
        for (b, want) in [
            (0.2001, Rating::Shortage),
            (0.2, Rating::Balanced),
            (0.0, Rating::Balanced),
            (-0.2, Rating::Balanced),
            (-0.2001, Rating::Surplus),
        ] {
            assert_eq!(rate(Interval::exact(b), 50.0, T, 10.0), want, "{b}");
        }
        assert_eq!(Rating::NoAssessment.label(), "no-assessment");
    }

    #[test]
    fn band_edges_are_inclusive_and_halves_round_up() {
        use Band::*;
        // (supply, demand) as whole numbers, so the ratio is exact: 595 / 1000 = 0.595 → 0.60.
        let cases = [
            (0u32, 1000u32, Undersupply),
            (590, 1000, Undersupply),
            (5949, 10000, Undersupply),
            (595, 1000, SlightShortage),
            (600, 1000, SlightShortage),
            (900, 1000, SlightShortage),
            (9049, 10000, SlightShortage),
            (905, 1000, Balanced),
            (910, 1000, Balanced),
            (1000, 1000, Balanced),
            (1200, 1000, Balanced),
            (12049, 10000, Balanced),
            (1205, 1000, SlightSurplus),
            (1210, 1000, SlightSurplus),
            (1490, 1000, SlightSurplus),
            (14949, 10000, SlightSurplus),
            (1495, 1000, Oversupply),
            (1500, 1000, Oversupply),
            (90000, 1000, Oversupply),
        ];
        for (s, d, want) in cases {
            assert_eq!(band(f64::from(s), f64::from(d)), Some(want), "{s}/{d}");
            let h = ratio_hundredths_exact(s.into(), d.into()).unwrap();
            assert_eq!(Band::of_hundredths(h), want, "{s}/{d}");
        }
        // 1/3 = 0.33, 2/3 = 0.67.
        assert_eq!(ratio_hundredths_exact(1, 3), Some(33));
        assert_eq!(ratio_hundredths_exact(2, 3), Some(67));
    }

    #[test]
    fn decimal_ratios_round_as_written() {
        use Band::*;
        for (r, want) in [
            (0.59, Undersupply),
            (0.595, SlightShortage),
            (0.6, SlightShortage),
            (0.9, SlightShortage),
            (0.905, Balanced),
            (0.91, Balanced),
            (1.2, Balanced),
            (1.205, SlightSurplus),
            (1.21, SlightSurplus),
            (1.49, SlightSurplus),
            (1.495, Oversupply),
            (1.5, Oversupply),
        ] {
            assert_eq!(band(r, 1.0), Some(want), "{r}");
            // the same ratio from effective (non-integer) quantities
            assert_eq!(band(r * 2.5, 2.5), Some(want), "{r} × 2.5");
            assert_eq!(band(r * 0.7, 0.7), Some(want), "{r} × 0.7");
        }
    }

    #[test]
    fn zero_demand() {
        assert_eq!(band(3.0, 0.0), Some(Band::Oversupply));
        assert_eq!(band(0.0, 0.0), None);
        assert_eq!(band(-1.0, 2.0), None);
        assert_eq!(band(f64::NAN, 2.0), None);
        assert_eq!(band(0.0, 5.0), Some(Band::Undersupply));
        assert_eq!(ratio_hundredths_exact(1, 0), None);
        assert_eq!(Band::Oversupply.label(), "oversupply");
    }
}
