//! Trends and projections of one yearly series: which method, the projected value with its
//! interval, the observed growth, and the year a gap would close at the present pace.
//!
//! **Choosing the method.** A series with fewer than 3 years with a positive value gets no number:
//! its method is `insufficient-history`. One with at least `min_own_years` such years (5 by
//! default) is fitted on its own (`log-linear`, [`crate::stats::loglinear`]). In between, the
//! series keeps its own level but borrows the pace of its family: one slope fitted over the family's
//! series, each with its own intercept (`pooled-family`); when the family adds nothing (no other
//! series with two or more years) the series is fitted on its own after all.

use crate::stats::loglinear::{fit_pooled, LogLinearFit, MIN_YEARS};
use crate::stats::{Confidence, Interval};

/// By default, a series needs this many years with a positive value to be fitted on its own; with
/// fewer (but at least 3) it borrows its family's slope.
pub const DEFAULT_MIN_OWN_YEARS: usize = 5;

/// How a projection was made. Every projection names its method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Method {
    /// Least squares on ln y over the series' own years.
    LogLinear,
    /// The family's shared slope, the series' own level.
    PooledFamily,
    /// Fewer than 3 years with a positive value: no projection.
    InsufficientHistory,
}

impl Method {
    /// The name used in reports: `log-linear`, `pooled-family`, `insufficient-history`.
    pub fn label(self) -> &'static str {
        match self {
            Method::LogLinear => "log-linear",
            Method::PooledFamily => "pooled-family",
            Method::InsufficientHistory => "insufficient-history",
        }
    }
}

/// The projection of one series.
#[derive(Debug, Clone, PartialEq)]
pub struct Projection {
    pub method: Method,
    /// The fitted trend; `None` exactly when the method is `insufficient-history`.
    pub fit: Option<LogLinearFit>,
    /// The years given (with a value, zeros included).
    pub observed_years: usize,
    /// The years left out of the fit because their value was 0 (or not positive).
    pub excluded: usize,
}

impl Projection {
    /// The projected value in `year` with its prediction interval; `None` without history.
    pub fn at(&self, year: i32, confidence: Confidence) -> Option<Interval> {
        self.fit.as_ref().map(|f| f.predict(year, confidence))
    }

    /// The trend's annual growth (0.1 for 10 %); `None` without history.
    pub fn growth(&self) -> Option<f64> {
        self.fit.as_ref().map(LogLinearFit::growth)
    }
}

fn positive_years(series: &[(i32, f64)]) -> usize {
    series
        .iter()
        .filter(|(_, y)| y.is_finite() && *y > 0.0)
        .count()
}

/// Projects `series` (one value per year), borrowing the slope of `family` (the *other* series of
/// its family) when it has fewer than `min_own_years` usable years; see the module doc.
pub fn project(
    series: &[(i32, f64)],
    family: &[&[(i32, f64)]],
    min_own_years: usize,
) -> Projection {
    let usable = positive_years(series);
    let base = Projection {
        method: Method::InsufficientHistory,
        fit: None,
        observed_years: series.len(),
        excluded: series.len() - usable,
    };
    if usable < MIN_YEARS {
        return base;
    }
    let helpers = family.iter().filter(|s| positive_years(s) >= 2).count();
    if usable < min_own_years && helpers > 0 {
        let mut all: Vec<&[(i32, f64)]> = Vec::with_capacity(family.len() + 1);
        all.push(series);
        all.extend_from_slice(family);
        if let Ok(mut fits) = fit_pooled(&all) {
            return Projection {
                method: Method::PooledFamily,
                fit: fits.swap_remove(0),
                ..base
            };
        }
    }
    match LogLinearFit::fit(series) {
        Ok(fit) => Projection {
            method: Method::LogLinear,
            fit: Some(fit),
            ..base
        },
        Err(_) => base,
    }
}

/// The compound annual growth rate from the first to the last year of the series:
/// (y_last / y_first)^(1 / (t_last − t_first)) − 1, where t_last − t_first is n − 1 for n
/// consecutive years. A series that ends at 0 has −1 (−100 %). `None` when it starts at 0 (growth
/// from nothing has no rate), when it covers a single year, or for values that are negative or not
/// numbers.
pub fn cagr(series: &[(i32, f64)]) -> Option<f64> {
    let first = series.iter().min_by_key(|p| p.0)?;
    let last = series.iter().max_by_key(|p| p.0)?;
    let span = last.0 - first.0;
    let ok = |y: f64| y.is_finite() && y >= 0.0;
    if span == 0 || !ok(first.1) || !ok(last.1) || first.1 == 0.0 {
        return None;
    }
    Some((last.1 / first.1).powf(1.0 / f64::from(span)) - 1.0)
}

/// When a gap closes at the present pace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closing {
    /// The first projected year whose gap is 0 or of the other sign.
    Year(i32),
    /// The gap keeps its sign over every projected year.
    NotWithinHorizon,
    /// The present gap is 0: there is nothing to close.
    NoGap,
}

/// The first year of `projected` (year, demand − supply), in year order, where the gap is 0 or has
/// the opposite sign of `current_gap` (the last observed year's).
pub fn closing_year(current_gap: f64, projected: impl IntoIterator<Item = (i32, f64)>) -> Closing {
    if current_gap == 0.0 {
        return Closing::NoGap;
    }
    let mut years: Vec<(i32, f64)> = projected.into_iter().collect();
    years.sort_by_key(|p| p.0);
    years
        .into_iter()
        .find(|&(_, g)| g == 0.0 || (g > 0.0) != (current_gap > 0.0))
        .map_or(Closing::NotWithinHorizon, |(y, _)| Closing::Year(y))
}

/// The projected gaps (demand − supply, central values) from `from` to `to`, or `None` when either
/// side has no projection.
pub fn projected_gaps(
    demand: &Projection,
    supply: &Projection,
    from: i32,
    to: i32,
) -> Option<Vec<(i32, f64)>> {
    let (d, s) = (demand.fit.as_ref()?, supply.fit.as_ref()?);
    Some(
        (from..=to)
            .map(|y| (y, d.fitted(y) - s.fitted(y)))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::close;
    use proptest::prelude::*;
    use proptest::test_runner::{Config, RngSeed, TestRunner};

    const C90: Confidence = Confidence::NINETY;

    fn geometric(
        base: f64,
        growth: f64,
        years: std::ops::RangeInclusive<i32>,
        t0: i32,
    ) -> Vec<(i32, f64)> {
        years
            .map(|y| (y, base * (1.0 + growth).powi(y - t0)))
            .collect()
    }

    #[test]
    fn an_exact_geometric_series() {
        let s = geometric(100.0, 0.1, 2018..=2024, 2018);
        let p = project(&s, &[], DEFAULT_MIN_OWN_YEARS);
        assert_eq!(p.method, Method::LogLinear);
        assert_eq!(p.method.label(), "log-linear");
        assert!(close(p.growth().unwrap(), 0.1, 1e-12));
        assert!(close(cagr(&s).unwrap(), 0.1, 1e-12));
        let at = p.at(2030, C90).unwrap();
        assert!(close(at.central, 100.0 * 1.1f64.powi(12), 1e-10));
        assert!(close(at.low, at.central, 1e-9) && close(at.high, at.central, 1e-9));
    }

    #[test]
    fn fewer_than_three_years_is_never_a_number() {
        let family = geometric(50.0, 0.05, 2015..=2024, 2015);
        for s in [
            vec![],
            vec![(2023, 10.0)],
            vec![(2022, 0.0), (2023, 10.0), (2024, 12.0)],
        ] {
            let p = project(&s, &[&family], DEFAULT_MIN_OWN_YEARS);
            assert_eq!(p.method, Method::InsufficientHistory);
            assert_eq!(p.method.label(), "insufficient-history");
            assert_eq!((p.at(2030, C90), p.growth()), (None, None));
        }
        let p = project(&[(2022, 0.0), (2023, 10.0), (2024, 12.0)], &[], 5);
        assert_eq!((p.observed_years, p.excluded), (3, 1));
    }

    #[test]
    fn a_short_series_borrows_its_familys_slope() {
        // The family grows 8 % a year; the cell has 3 years at its own level, growing 20 %.
        let a = geometric(500.0, 0.08, 2015..=2024, 2015);
        let b = geometric(80.0, 0.08, 2017..=2024, 2017);
        let cell = [(2022, 10.0), (2023, 12.0), (2024, 14.4)];
        let p = project(&cell, &[&a, &b], DEFAULT_MIN_OWN_YEARS);
        assert_eq!(p.method, Method::PooledFamily);
        assert_eq!(p.method.label(), "pooled-family");
        let g = p.growth().unwrap();
        assert!(g > 0.08 && g < 0.2, "{g}");
        // Its own level: the mean of ln y at the mean year, 2023.
        let level = p.fit.as_ref().unwrap().fitted(2023);
        assert!(close(level, (10.0f64 * 12.0 * 14.4).cbrt(), 1e-12));
        // Alone, or with enough years, it is fitted on its own.
        assert_eq!(project(&cell, &[], 5).method, Method::LogLinear);
        assert_eq!(project(&cell, &[&a], 3).method, Method::LogLinear);
        let single: [(i32, f64); 1] = [(2020, 5.0)];
        assert_eq!(project(&cell, &[&single], 5).method, Method::LogLinear);
    }

    #[test]
    fn compound_annual_growth() {
        assert!(close(
            cagr(&[(2020, 100.0), (2023, 133.1)]).unwrap(),
            0.1,
            1e-12
        ));
        // Years need not be consecutive nor sorted: the span is what counts.
        assert!(close(
            cagr(&[(2020, 121.0), (2019, 50.0), (2018, 100.0)]).unwrap(),
            0.1,
            1e-12
        ));
        assert_eq!(cagr(&[(2018, 100.0), (2020, 0.0)]), Some(-1.0));
        assert_eq!(cagr(&[(2018, 0.0), (2020, 10.0)]), None);
        assert_eq!(cagr(&[(2018, 10.0)]), None);
        assert_eq!(cagr(&[]), None);
        assert_eq!(cagr(&[(2018, f64::NAN), (2020, 10.0)]), None);
    }

    #[test]
    fn the_year_a_gap_closes() {
        // Demand 1000 growing 5 %, supply 600 growing 15 %, from 2024: D = S at t ≈ 5.6.
        let d = project(&geometric(1000.0, 0.05, 2020..=2024, 2024), &[], 5);
        let s = project(&geometric(600.0, 0.15, 2020..=2024, 2024), &[], 5);
        let gaps = projected_gaps(&d, &s, 2025, 2035).unwrap();
        // t = 5 (2029): 1276.3 − 1206.8 > 0; t = 6 (2030): 1340.1 − 1387.8 < 0.
        assert_eq!(closing_year(400.0, gaps.clone()), Closing::Year(2030));
        let short = projected_gaps(&d, &s, 2025, 2029).unwrap();
        assert_eq!(closing_year(400.0, short), Closing::NotWithinHorizon);
        assert_eq!(closing_year(0.0, gaps), Closing::NoGap);
        // A surplus closes when the gap reaches 0 or turns positive; order of input is irrelevant.
        assert_eq!(
            closing_year(-5.0, [(2027, 1.0), (2026, -1.0), (2028, 0.0)]),
            Closing::Year(2027)
        );
        assert_eq!(
            closing_year(-5.0, [(2026, -1.0), (2027, 0.0)]),
            Closing::Year(2027)
        );
        let none = project(&[(2024, 3.0)], &[], 5);
        assert_eq!(projected_gaps(&d, &none, 2025, 2030), None);
    }

    /// Box–Muller: a standard normal from two uniforms in (0, 1] and [0, 1).
    fn normal(u1: f64, u2: f64) -> f64 {
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// A series y_t = A (1 + g)^t e^(σ ε_t), ε_t standard normal, is fitted on its first n years;
    /// the next year's value should fall inside its 90 % prediction interval, and the true growth
    /// inside the growth's 90 % interval, about 90 % of the time. With a fixed seed the count is
    /// reproducible; 400 cases put 0.85 more than three standard errors below 0.90.
    #[test]
    fn known_growth_and_noise_are_recovered_within_the_intervals() {
        let config = Config {
            cases: 400,
            rng_seed: RngSeed::Fixed(2030),
            failure_persistence: None,
            ..Config::default()
        };
        let mut runner = TestRunner::new(config);
        let case = (
            -0.10f64..0.25,
            50.0f64..100_000.0,
            0.01f64..0.15,
            5usize..12,
            proptest::collection::vec((f64::EPSILON..1.0, 0.0f64..1.0), 12),
        );
        let (inside, growth_inside, runs) = (
            std::cell::Cell::new(0),
            std::cell::Cell::new(0),
            std::cell::Cell::new(0),
        );
        runner
            .run(&case, |(g, base, sigma, n, noise)| {
                let series: Vec<(i32, f64)> = (0..=n)
                    .map(|t| {
                        let e = normal(noise[t].0, noise[t].1);
                        let y = base * (1.0 + g).powi(t as i32) * (sigma * e).exp();
                        (2010 + t as i32, y)
                    })
                    .collect();
                let (fitted, next) = series.split_at(n);
                let p = project(fitted, &[], 3);
                prop_assert_eq!(p.method, Method::LogLinear);
                let interval = p.at(next[0].0, C90).unwrap();
                inside.set(inside.get() + usize::from(interval.contains(next[0].1)));
                let gi = p.fit.as_ref().unwrap().growth_interval(C90);
                growth_inside.set(growth_inside.get() + usize::from(gi.contains(g)));
                runs.set(runs.get() + 1);
                Ok(())
            })
            .unwrap();
        let share = |c: &std::cell::Cell<usize>| c.get() as f64 / runs.get() as f64;
        assert_eq!(runs.get(), 400);
        assert!(
            share(&inside) >= 0.85,
            "prediction coverage {}",
            share(&inside)
        );
        assert!(
            share(&growth_inside) >= 0.85,
            "growth coverage {}",
            share(&growth_inside)
        );
        assert!(share(&inside) <= 0.97 && share(&growth_inside) <= 0.97);
    }

    proptest! {
        #![proptest_config(Config { rng_seed: RngSeed::Fixed(2024), ..Config::default() })]

        /// Any exact geometric series is recovered exactly, whatever the order of its years.
        #[test]
        fn exact_series_are_recovered(g in -0.3f64..0.5, base in 1.0f64..1e6, n in 3usize..15, rot in 0usize..15) {
            let mut s = geometric(base, g, 2000..=(1999 + n as i32), 2000);
            s.rotate_left(rot % n);
            let p = project(&s, &[], 3);
            prop_assert!(close(p.growth().unwrap(), g, 1e-9));
            prop_assert!(close(cagr(&s).unwrap(), g, 1e-9));
            let at = p.at(2030, C90).unwrap();
            prop_assert!(close(at.central, base * (1.0 + g).powi(30), 1e-8));
        }
    }
}
