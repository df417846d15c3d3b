//! Log-linear least squares: the constant-growth trend of a yearly series, with prediction
//! intervals.
//!
//! A series y_t observed in years t is fitted as
//!
//! ```text
//! ln y_t = a + b · (t − t̄) + e_t,    e_t ~ N(0, σ²) independent
//! ```
//!
//! by ordinary least squares, where t̄ is the mean of the fitted years (centring makes â the mean of
//! ln y and uncorrelated with b̂). e^b − 1 is the trend's annual growth. A prediction for year x is
//!
//! ```text
//! ẑ = â + b̂ (x − t̄),  se = s · √(1 + 1/n + (x − t̄)² / Sxx),  bounds ẑ ± t(1 − α/2; df) · se
//! ```
//!
//! with s² = RSS / df, Sxx = Σ (t − t̄)², df = n − 2, then transformed back with exp. The central
//! value e^ẑ is the trend's median (its geometric mean), not its mean; the bounds are exact
//! quantiles of the back-transformed prediction, so they keep their coverage.
//!
//! **Zeros.** ln 0 is undefined, so years whose value is 0 (or negative, or not a number) are left
//! out of the fit and counted in [`LogLinearFit::excluded`]. Adding a constant such as 0.5 instead
//! would make the trend depend on the unit (vacancies, parts of ten thousand, per year or per
//! period) and invent growth where there is none; leaving them out is honest as long as the count
//! is shown, and a series left with fewer than [`MIN_YEARS`] years is not fitted at all.
//!
//! **Pooled fits.** [`fit_pooled`] fits several series with one shared slope and an intercept of
//! their own (the "fixed effects" least squares): b̂ = Σ_i Σ_t (t − t̄_i)(z − z̄_i) / Σ_i Σ_t
//! (t − t̄_i)², â_i = z̄_i, df = N − m − 1 for N points in m series, and the prediction variance
//! of series i is s² (1 + 1/n_i + (x − t̄_i)² / Sxx) with the pooled Sxx. A short series thus borrows
//! the pace of its family and keeps its own level.

use super::{t_quantile, Confidence, Interval};

/// The fewest years with a positive value that a series needs for a fit of its own: with two, the
/// line passes through both and there is no residual to measure its uncertainty.
pub const MIN_YEARS: usize = 3;

/// Why a series could not be fitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum FitError {
    /// Fewer than [`MIN_YEARS`] years with a positive value.
    #[error("{usable} year(s) with a positive value; a trend needs at least {MIN_YEARS}")]
    TooFewYears { usable: usize },
    /// No residual degree of freedom, or all the years are the same year.
    #[error("the years do not determine a slope and its uncertainty")]
    Degenerate,
}

/// A fitted log-linear trend for one series (on its own, or with a slope shared with others).
#[derive(Debug, Clone, PartialEq)]
pub struct LogLinearFit {
    /// â: the mean of ln y over the fitted years, i.e. the trend at `centre`.
    pub intercept: f64,
    /// b̂: the change of ln y per year.
    pub slope: f64,
    /// t̄: the mean of the fitted years of this series.
    pub centre: f64,
    /// The number of years fitted for this series.
    pub n: usize,
    /// The residual degrees of freedom (n − 2, or N − m − 1 when pooled).
    pub df: usize,
    /// s² = RSS / df, the residual variance of ln y.
    pub residual_variance: f64,
    /// Σ (t − t̄)² over the fitted years (over all the series when pooled).
    pub sxx: f64,
    /// Years left out because their value was 0, negative or not a number.
    pub excluded: usize,
}

/// The usable points of a series: (year − centre, ln y) for the years with a positive value, with
/// the centre and the number left out.
struct Centred {
    points: Vec<(f64, f64)>,
    centre: f64,
    mean_z: f64,
    excluded: usize,
}

fn centre(series: &[(i32, f64)]) -> Centred {
    let usable: Vec<(f64, f64)> = series
        .iter()
        .filter(|(_, y)| y.is_finite() && *y > 0.0)
        .map(|&(t, y)| (f64::from(t), y.ln()))
        .collect();
    let n = usable.len() as f64;
    let (centre, mean_z) = if usable.is_empty() {
        (0.0, 0.0)
    } else {
        (
            usable.iter().map(|p| p.0).sum::<f64>() / n,
            usable.iter().map(|p| p.1).sum::<f64>() / n,
        )
    };
    Centred {
        points: usable.iter().map(|&(t, z)| (t - centre, z)).collect(),
        centre,
        mean_z,
        excluded: series.len() - usable.len(),
    }
}

impl LogLinearFit {
    /// Fits one series of (year, value) points. Values ≤ 0 are left out (see the module doc);
    /// fewer than [`MIN_YEARS`] usable years is [`FitError::TooFewYears`].
    pub fn fit(series: &[(i32, f64)]) -> Result<LogLinearFit, FitError> {
        let usable = series
            .iter()
            .filter(|(_, y)| y.is_finite() && *y > 0.0)
            .count();
        if usable < MIN_YEARS {
            return Err(FitError::TooFewYears { usable });
        }
        let mut fits = fit_pooled(&[series])?;
        fits.pop().flatten().ok_or(FitError::Degenerate)
    }

    /// The trend's central value (its median) in `year`.
    pub fn fitted(&self, year: i32) -> f64 {
        (self.intercept + self.slope * (f64::from(year) - self.centre)).exp()
    }

    /// The trend's annual growth, e^b − 1 (0.1 for 10 % a year).
    pub fn growth(&self) -> f64 {
        self.slope.exp_m1()
    }

    /// The two-sided prediction interval for the value in `year`, at `confidence`, back-transformed
    /// (see the module doc). With a perfect fit (s² = 0) the interval is the single fitted value.
    pub fn predict(&self, year: i32, confidence: Confidence) -> Interval {
        let dx = f64::from(year) - self.centre;
        let z = self.intercept + self.slope * dx;
        let var = self.residual_variance * (1.0 + 1.0 / self.n as f64 + dx * dx / self.sxx);
        let half = self.t(confidence) * var.sqrt();
        Interval::new((z - half).exp(), z.exp(), (z + half).exp())
    }

    /// The confidence interval of the annual growth e^b − 1, at `confidence`.
    pub fn growth_interval(&self, confidence: Confidence) -> Interval {
        let half = self.t(confidence) * (self.residual_variance / self.sxx).sqrt();
        Interval::new(self.slope - half, self.slope, self.slope + half).map(f64::exp_m1)
    }

    fn t(&self, confidence: Confidence) -> f64 {
        // df ≥ 1 by construction, and 0 < 1 − tail < 1.
        t_quantile(1.0 - confidence.tail(), self.df as f64).unwrap_or(f64::INFINITY)
    }
}

/// Fits several series with one shared slope and an intercept each (see the module doc). Returns
/// one fit per series, in order, or `None` for a series without a positive value. Errors when the
/// points leave no residual degree of freedom or no spread of years within any series.
pub fn fit_pooled(series: &[&[(i32, f64)]]) -> Result<Vec<Option<LogLinearFit>>, FitError> {
    let centred: Vec<Centred> = series.iter().map(|s| centre(s)).collect();
    let n_points: usize = centred.iter().map(|c| c.points.len()).sum();
    let n_series = centred.iter().filter(|c| !c.points.is_empty()).count();
    let (mut sxx, mut sxz) = (0.0, 0.0);
    for c in &centred {
        for &(x, z) in &c.points {
            sxx += x * x;
            sxz += x * (z - c.mean_z);
        }
    }
    if n_points < n_series + 2 || sxx <= 0.0 {
        return Err(FitError::Degenerate);
    }
    let slope = sxz / sxx;
    let rss: f64 = centred
        .iter()
        .flat_map(|c| c.points.iter().map(move |&(x, z)| z - c.mean_z - slope * x))
        .map(|r| r * r)
        .sum();
    let df = n_points - n_series - 1;
    let residual_variance = rss / df as f64;
    Ok(centred
        .into_iter()
        .map(|c| {
            (!c.points.is_empty()).then_some(LogLinearFit {
                intercept: c.mean_z,
                slope,
                centre: c.centre,
                n: c.points.len(),
                df,
                residual_variance,
                sxx,
                excluded: c.excluded,
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::close;

    const C90: Confidence = Confidence::NINETY;

    #[test]
    fn exact_growth_is_recovered_with_zero_residual() {
        // y = 100 · 1.1^t for t = 0..6, years 2018..2024.
        let series: Vec<(i32, f64)> = (0..7).map(|t| (2018 + t, 100.0 * 1.1f64.powi(t))).collect();
        let fit = LogLinearFit::fit(&series).unwrap();
        assert!(close(fit.slope, 1.1f64.ln(), 1e-12));
        assert!(close(fit.growth(), 0.1, 1e-12));
        assert!(fit.residual_variance < 1e-25);
        assert_eq!((fit.n, fit.df, fit.excluded), (7, 5, 0));
        assert!(close(fit.centre, 2021.0, 1e-15));
        assert!(close(fit.fitted(2030), 100.0 * 1.1f64.powi(12), 1e-10));
        let p = fit.predict(2030, C90);
        assert!(close(p.low, p.central, 1e-9) && close(p.high, p.central, 1e-9));
    }

    /// Reference: numpy 2 / scipy 1.17.1, the script below (also run for the pooled test).
    ///
    /// ```text
    /// import numpy as np
    /// from scipy.stats import t
    /// years = np.array([2017, 2018, 2019, 2020, 2021, 2022, 2023])
    /// y = np.array([120.0, 131.0, 150.0, 158.0, 181.0, 197.0, 222.0])
    /// x = years - years.mean(); z = np.log(y)
    /// b, a = np.polyfit(x, z, 1)
    /// res = z - (a + b * x); df = len(y) - 2; s2 = res @ res / df; sxx = x @ x
    /// q = t.ppf(0.95, df)
    /// for yr in [2024, 2030]:
    ///     x0 = yr - years.mean()
    ///     se = np.sqrt(s2 * (1 + 1 / len(y) + x0**2 / sxx)); zc = a + b * x0
    ///     print(yr, np.exp(zc - q * se), np.exp(zc), np.exp(zc + q * se))
    /// ```
    #[test]
    fn noisy_series_matches_numpy() {
        let y = [120.0, 131.0, 150.0, 158.0, 181.0, 197.0, 222.0];
        let series: Vec<(i32, f64)> = (2017..).zip(y).collect();
        let fit = LogLinearFit::fit(&series).unwrap();
        assert!(close(fit.intercept, 5.088613933568932, 1e-12));
        assert!(close(fit.slope, 0.10176540948264076, 1e-12));
        assert!(close(fit.residual_variance, 0.0003161295974861885, 1e-9));
        for (year, lo, mid, hi) in [
            (
                2024,
                232.47116485779745,
                243.6360641570151,
                255.3371803949569,
            ),
            (
                2030,
                415.0826380585856,
                448.6611960439896,
                484.95612771742054,
            ),
        ] {
            let p = fit.predict(year, C90);
            assert!(close(p.low, lo, 1e-8), "{year} low {}", p.low);
            assert!(close(p.central, mid, 1e-10), "{year} central {}", p.central);
            assert!(close(p.high, hi, 1e-8), "{year} high {}", p.high);
        }
        let g = fit.growth_interval(C90);
        assert!(g.low < g.central && g.central < g.high);
        assert!(close(g.central, 0.10176540948264076f64.exp_m1(), 1e-12));
    }

    #[test]
    fn zeros_are_left_out_and_counted() {
        let series = [(2019, 0.0), (2020, 100.0), (2021, 110.0), (2022, 121.0)];
        let fit = LogLinearFit::fit(&series).unwrap();
        assert_eq!((fit.n, fit.excluded), (3, 1));
        assert!(close(fit.slope, 1.1f64.ln(), 1e-12));
        assert_eq!(
            LogLinearFit::fit(&[(2020, 0.0), (2021, 5.0), (2022, 6.0), (2023, f64::NAN)]),
            Err(FitError::TooFewYears { usable: 2 })
        );
        assert_eq!(
            LogLinearFit::fit(&[]),
            Err(FitError::TooFewYears { usable: 0 })
        );
    }

    #[test]
    fn the_same_year_three_times_has_no_slope() {
        let series = [(2020, 1.0), (2020, 2.0), (2020, 3.0)];
        assert_eq!(LogLinearFit::fit(&series), Err(FitError::Degenerate));
    }

    /// Reference: the dummy-variable least squares of the script above, continued:
    ///
    /// ```text
    /// s1 = ([2019, 2020, 2021, 2022], [50.0, 56.0, 60.0, 70.0])
    /// s2 = ([2020, 2021, 2022, 2023], [10.0, 12.0, 13.0, 15.0])
    /// X = rows [is_s1, is_s2, year], Z = log(value)
    /// coef, rss = np.linalg.lstsq(X, Z); df = len(Z) - 3; s2p = rss / df
    /// cov = s2p * inv(X.T @ X); x0 = [0, 1, 2030]; se = sqrt(s2p + x0 @ cov @ x0)
    /// print(exp(x0 @ coef ± t.ppf(0.95, df) * se))
    /// ```
    #[test]
    fn pooled_fit_matches_the_dummy_variable_regression() {
        let s1 = [(2019, 50.0), (2020, 56.0), (2021, 60.0), (2022, 70.0)];
        let s2 = [(2020, 10.0), (2021, 12.0), (2022, 13.0), (2023, 15.0)];
        let none: [(i32, f64); 1] = [(2020, 0.0)];
        let fits = fit_pooled(&[&s1, &s2, &none]).unwrap();
        assert!(fits[2].is_none());
        let f2 = fits[1].as_ref().unwrap();
        assert!(close(f2.slope, 0.11874238066741327, 1e-12));
        assert!(close(f2.residual_variance, 0.0008389661734825721, 1e-9));
        assert_eq!(f2.df, 5);
        let p = f2.predict(2030, C90);
        assert!(close(p.low, 28.631848735921572, 1e-8), "{}", p.low);
        assert!(close(p.central, 33.934529352871046, 1e-10));
        assert!(close(p.high, 40.219277945406546, 1e-8), "{}", p.high);
        assert_eq!(fits[0].as_ref().unwrap().slope, f2.slope);
    }

    #[test]
    fn a_pool_of_single_points_has_no_slope() {
        let a = [(2020, 5.0)];
        let b = [(2021, 7.0)];
        assert_eq!(fit_pooled(&[&a, &b]), Err(FitError::Degenerate));
    }
}
