//! The exact (Garwood, 1936) confidence interval for the mean of a Poisson count.
//!
//! For an observed count k and a two-sided level 1 − α, the bounds are
//!
//! ```text
//! lower = χ²(α/2; 2k) / 2        (0 when k = 0)
//! upper = χ²(1 − α/2; 2k + 2) / 2
//! ```
//!
//! where χ²(p; ν) is the p quantile of the chi-square distribution with ν degrees of freedom. The
//! interval is "exact" in the sense that it never covers less than its level: it is conservative
//! for small counts, which is what a published indicator wants.

use super::{chi_squared_quantile, Confidence, Interval};

/// The Garwood interval for the mean of a Poisson variable observed as `k`, with `k` as the
/// central value.
///
/// ```
/// use skillgap::stats::{poisson::garwood, Confidence};
/// let i = garwood(0, Confidence::NINETY);
/// assert_eq!(i.low, 0.0);
/// assert!((i.high - 2.995732).abs() < 1e-6); // −ln 0.05
/// ```
pub fn garwood(k: u64, confidence: Confidence) -> Interval {
    let tail = confidence.tail();
    let k = k as f64;
    let low = if k == 0.0 {
        0.0
    } else {
        chi_squared_quantile(tail, 2.0 * k).map_or(0.0, |q| q / 2.0)
    };
    // Both arguments are in the quantile's domain (0 < tail < 0.5, ν ≥ 2), so the fallback is
    // never taken; it keeps the function total.
    let high = chi_squared_quantile(1.0 - tail, 2.0 * k + 2.0).map_or(f64::INFINITY, |q| q / 2.0);
    Interval::new(low, k, high)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::close;

    /// 90 % two-sided Garwood bounds, from scipy 1.17.1:
    ///
    /// ```text
    /// from scipy.stats import chi2
    /// for k in [0, 1, 2, 5, 10, 100, 1000, 100000]:
    ///     lo = 0.0 if k == 0 else chi2.ppf(0.05, 2 * k) / 2
    ///     hi = chi2.ppf(0.95, 2 * k + 2) / 2
    ///     print(k, repr(lo), repr(hi))
    /// ```
    ///
    /// Rounded, these are the usual published figures: k = 0 → [0, 3.00], k = 1 → [0.0513, 4.74],
    /// k = 5 → [1.97, 10.51]. Figures sometimes quoted as k = 10 → 17.00 and k = 100 → 117.7 for
    /// the upper bound come from approximations; the exact bounds are 16.96 and 118.08.
    const SCIPY_90: [(u64, f64, f64); 8] = [
        (0, 0.0, 2.9957322735539895),
        (1, 0.05129329438755053, 4.743864518390577),
        (2, 0.35536151069866195, 6.295793621871988),
        (5, 1.9701495680595302, 10.513034908741535),
        (10, 5.425405697091295, 16.962219235721903),
        (100, 84.13927721831419, 118.07927278209706),
        (1000, 948.5598493836511, 1053.6031221333008),
        (100000, 99480.42074678872, 100521.71888230444),
    ];

    #[test]
    fn garwood_matches_scipy() {
        for (k, lo, hi) in SCIPY_90 {
            let i = garwood(k, Confidence::NINETY);
            assert!(close(i.low, lo, 1e-8), "k={k}: low {} vs {lo}", i.low);
            assert!(close(i.high, hi, 1e-8), "k={k}: high {} vs {hi}", i.high);
            assert_eq!(i.central, k as f64);
        }
    }

    #[test]
    fn zero_has_the_closed_form_upper_bound() {
        // P(X = 0 | μ) = e^−μ = 0.05  ⇔  μ = −ln 0.05.
        let i = garwood(0, Confidence::NINETY);
        assert!(close(i.high, -(0.05f64.ln()), 1e-9));
    }

    #[test]
    fn a_wider_level_gives_a_wider_interval() {
        let c95 = Confidence::new(0.95).unwrap();
        for k in [0, 1, 7, 50] {
            let a = garwood(k, Confidence::NINETY);
            let b = garwood(k, c95);
            assert!(b.low <= a.low && b.high > a.high);
            assert!(a.low <= k as f64 && k as f64 <= a.high);
        }
        // scipy: chi2.ppf(0.025, 10) / 2 = 1.6234863901184207, chi2.ppf(0.975, 12) / 2
        // = 11.66833207932267
        let i = garwood(5, c95);
        assert!(close(i.low, 1.6234863901184207, 1e-8));
        assert!(close(i.high, 11.66833207932267, 1e-8));
    }
}
