//! The shared numerical pieces of the indicators and the outlook: an estimate with its bounds, the
//! confidence level, and the quantiles of the chi-square and Student t distributions.
//!
//! The quantiles come from [`statrs`] (built without its default features, so without nalgebra or
//! rand): its inverses agree with scipy 1.17 to about 1e-10 relative, which the tests pin. They are
//! the one place where skillgap relies on an iterative numerical method; everything else in these
//! modules is closed-form.

pub mod loglinear;
pub mod poisson;

use statrs::distribution::{ChiSquared, ContinuousCDF, StudentsT};

/// An estimate with its lower and upper bounds: an interval (sampling uncertainty) or the range of
/// a quantity over the scenarios of a set of assumptions. `low ≤ central ≤ high` whenever it is
/// built by this crate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    pub low: f64,
    pub central: f64,
    pub high: f64,
}

impl Interval {
    /// An interval from its three values.
    pub const fn new(low: f64, central: f64, high: f64) -> Interval {
        Interval { low, central, high }
    }

    /// A value known exactly: low = central = high.
    pub const fn exact(x: f64) -> Interval {
        Interval::new(x, x, x)
    }

    /// True when `x` lies within the bounds, bounds included.
    pub fn contains(&self, x: f64) -> bool {
        self.low <= x && x <= self.high
    }

    /// The image under an increasing function: each of the three values mapped.
    pub fn map(self, f: impl Fn(f64) -> f64) -> Interval {
        Interval::new(f(self.low), f(self.central), f(self.high))
    }
}

/// A two-sided confidence level strictly between 0 and 1 (0.90 for a 90 % interval), checked once
/// so that the quantile functions cannot be handed a probability outside [0, 1].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Confidence(f64);

impl Confidence {
    /// The level skillgap publishes: 90 %, two-sided (5 % in each tail).
    pub const NINETY: Confidence = Confidence(0.90);

    /// A level strictly between 0 and 1, or `None`.
    pub fn new(level: f64) -> Option<Confidence> {
        (level > 0.0 && level < 1.0).then_some(Confidence(level))
    }

    /// The level, e.g. 0.90.
    pub fn level(self) -> f64 {
        self.0
    }

    /// The probability in each tail, (1 − level) / 2: 0.05 for 90 %.
    pub fn tail(self) -> f64 {
        (1.0 - self.0) / 2.0
    }
}

/// The `p` quantile of the chi-square distribution with `df` degrees of freedom (`df` > 0,
/// 0 < p < 1); `None` outside that domain.
pub fn chi_squared_quantile(p: f64, df: f64) -> Option<f64> {
    if !(p > 0.0 && p < 1.0) {
        return None;
    }
    ChiSquared::new(df).ok().map(|d| d.inverse_cdf(p))
}

/// The `p` quantile of Student's t distribution with `df` degrees of freedom (`df` > 0,
/// 0 < p < 1); `None` outside that domain.
pub fn t_quantile(p: f64, df: f64) -> Option<f64> {
    if !(p > 0.0 && p < 1.0) {
        return None;
    }
    StudentsT::new(0.0, 1.0, df).ok().map(|d| d.inverse_cdf(p))
}

/// True when `a` and `b` agree to `rel` relative to the larger of the two (or to `rel` absolutely
/// near zero). For tests against published values.
#[cfg(test)]
pub(crate) fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * a.abs().max(b.abs()).max(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Reference: scipy 1.17.1,
    //   python3 -c "from scipy.stats import chi2, t; print(chi2.ppf(0.95, 2), t.ppf(0.95, 1))"
    #[test]
    fn quantiles_match_scipy() {
        // chi2.ppf(0.95, 2) = 5.991464547107979 (= −2 ln 0.05)
        assert!(close(
            chi_squared_quantile(0.95, 2.0).unwrap(),
            5.991464547107979,
            1e-9
        ));
        // chi2.ppf(0.05, 10) = 3.9402991361190605
        assert!(close(
            chi_squared_quantile(0.05, 10.0).unwrap(),
            3.9402991361190605,
            1e-9
        ));
        for (df, q) in [
            (1.0, 6.313751514675037),
            (2.0, 2.9199855803537242),
            (3.0, 2.3533634348018233),
            (5.0, 2.0150483733330233),
            (10.0, 1.8124611228116756),
            (30.0, 1.697260886593957),
        ] {
            let got = t_quantile(0.95, df).unwrap();
            assert!(close(got, q, 1e-9), "t df {df}: {got} vs {q}");
            assert!(close(t_quantile(0.05, df).unwrap(), -q, 1e-9));
        }
    }

    #[test]
    fn quantiles_outside_their_domain_are_none() {
        assert_eq!(chi_squared_quantile(0.0, 2.0), None);
        assert_eq!(chi_squared_quantile(1.0, 2.0), None);
        assert_eq!(chi_squared_quantile(0.5, 0.0), None);
        assert_eq!(t_quantile(0.95, 0.0), None);
        assert_eq!(t_quantile(f64::NAN, 3.0), None);
    }

    #[test]
    fn confidence_levels() {
        assert!((Confidence::NINETY.tail() - 0.05).abs() < 1e-15);
        assert_eq!(Confidence::new(1.0), None);
        assert_eq!(Confidence::new(0.0), None);
        assert_eq!(Confidence::new(f64::NAN), None);
        assert_eq!(Confidence::new(0.95).map(Confidence::level), Some(0.95));
    }

    #[test]
    fn intervals() {
        let i = Interval::new(1.0, 2.0, 4.0);
        assert!(i.contains(1.0) && i.contains(4.0) && !i.contains(4.0001));
        assert_eq!(i.map(|x| x * 2.0), Interval::new(2.0, 4.0, 8.0));
        assert_eq!(Interval::exact(3.0), Interval::new(3.0, 3.0, 3.0));
    }
}
