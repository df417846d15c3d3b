//! Backtests: how well the projection method would have done. The last k observed years of each
//! series are held back, the method is fitted on the years before them (the family's series are
//! cut at the same year, so nothing from the held-back years leaks in), and the held-back years are
//! projected.
//!
//! Reported per held-back year: the absolute percentage error |actual − projected| / actual (not
//! defined when the actual is 0: such years are counted but left out of the error), and whether the
//! actual lies inside the prediction interval. Per series and overall: the MAPE, the mean of the
//! defined errors over all held-back years (overall, each year weighs the same, not each series),
//! and the coverage, the share of held-back actuals inside their intervals (an actual of 0 is
//! outside any interval of a log-linear trend).

use super::projection::{project, Method};
use crate::stats::{Confidence, Interval};

/// One held-back year.
#[derive(Debug, Clone, PartialEq)]
pub struct HeldBack {
    pub year: i32,
    pub actual: f64,
    pub projected: Interval,
    /// |actual − projected| / actual; `None` when the actual is 0.
    pub ape: Option<f64>,
    pub inside: bool,
}

/// The backtest of one series.
#[derive(Debug, Clone, PartialEq)]
pub struct Backtest {
    /// The method the earlier years allowed; `insufficient-history` leaves `held_back` empty.
    pub method: Method,
    pub held_back: Vec<HeldBack>,
}

impl Backtest {
    /// The mean absolute percentage error over the held-back years with a defined error (0.05 for
    /// 5 %).
    pub fn mape(&self) -> Option<f64> {
        mean(self.held_back.iter().filter_map(|h| h.ape))
    }

    /// The share of held-back years whose actual lies inside its interval.
    pub fn coverage(&self) -> Option<f64> {
        mean(
            self.held_back
                .iter()
                .map(|h| if h.inside { 1.0 } else { 0.0 }),
        )
    }
}

fn mean(xs: impl Iterator<Item = f64>) -> Option<f64> {
    let (n, sum) = xs.fold((0usize, 0.0), |(n, s), x| (n + 1, s + x));
    (n > 0).then(|| sum / n as f64)
}

fn before(series: &[(i32, f64)], cutoff: i32) -> Vec<(i32, f64)> {
    series.iter().copied().filter(|p| p.0 < cutoff).collect()
}

/// Backtests `series` by holding back its last `k` years (by year), with `family` and
/// `min_own_years` as in [`project`].
pub fn backtest(
    series: &[(i32, f64)],
    family: &[&[(i32, f64)]],
    k: usize,
    min_own_years: usize,
    confidence: Confidence,
) -> Backtest {
    let mut sorted = series.to_vec();
    sorted.sort_by_key(|p| p.0);
    let split = sorted.len().saturating_sub(k);
    let (train, test) = sorted.split_at(split);
    let cutoff = test.first().map_or(i32::MAX, |p| p.0);
    let family: Vec<Vec<(i32, f64)>> = family.iter().map(|s| before(s, cutoff)).collect();
    let family: Vec<&[(i32, f64)]> = family.iter().map(Vec::as_slice).collect();
    let p = project(train, &family, min_own_years);
    let held_back = test
        .iter()
        .filter_map(|&(year, actual)| {
            let projected = p.at(year, confidence)?;
            Some(HeldBack {
                year,
                actual,
                projected,
                ape: (actual != 0.0).then(|| ((actual - projected.central) / actual).abs()),
                inside: projected.contains(actual),
            })
        })
        .collect();
    Backtest {
        method: p.method,
        held_back,
    }
}

/// The backtests of many series in one figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// Series backtested.
    pub series: usize,
    /// Of which without a projection (`insufficient-history` on the earlier years).
    pub insufficient: usize,
    /// Held-back years projected.
    pub years: usize,
    /// Of which with an actual of 0 (no percentage error).
    pub zero_actuals: usize,
    /// The mean of the defined errors over all held-back years.
    pub mape: Option<f64>,
    /// The share of all held-back actuals inside their intervals.
    pub coverage: Option<f64>,
}

/// Summarises several backtests: every held-back year weighs the same.
pub fn summarise<'a>(tests: impl IntoIterator<Item = &'a Backtest>) -> Summary {
    let tests: Vec<&Backtest> = tests.into_iter().collect();
    let all = || tests.iter().flat_map(|t| t.held_back.iter());
    Summary {
        series: tests.len(),
        insufficient: tests
            .iter()
            .filter(|t| t.method == Method::InsufficientHistory)
            .count(),
        years: all().count(),
        zero_actuals: all().filter(|h| h.ape.is_none()).count(),
        mape: mean(all().filter_map(|h| h.ape)),
        coverage: mean(all().map(|h| if h.inside { 1.0 } else { 0.0 })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::close;

    const C90: Confidence = Confidence::NINETY;

    #[test]
    fn an_exact_trend_has_no_error() {
        let s: Vec<(i32, f64)> = (0..8)
            .map(|t| (2016 + t, 200.0 * 1.05f64.powi(t)))
            .collect();
        let b = backtest(&s, &[], 2, 3, C90);
        assert_eq!(b.method, Method::LogLinear);
        assert_eq!(b.held_back.len(), 2);
        assert_eq!(b.held_back[0].year, 2022);
        assert!(b.mape().unwrap() < 1e-12);
        // A perfect fit has a zero-width interval: the actual sits on it up to rounding.
        assert!(b
            .held_back
            .iter()
            .all(|h| close(h.projected.central, h.actual, 1e-12)));
    }

    /// Fitted on 2018–2021 (100, 110, 121, 133.1: exactly 10 % a year), the trend projects
    /// 146.41 for 2022 and 161.051 for 2023. Actuals 150 and 140 give errors
    /// |150 − 146.41| / 150 = 0.023933… and |140 − 161.051| / 140 = 0.150364…, MAPE 0.087149….
    /// The interval has zero width (perfect fit), so neither actual is inside.
    #[test]
    fn errors_of_a_hand_worked_series() {
        let s = [
            (2021, 133.1),
            (2018, 100.0),
            (2019, 110.0),
            (2020, 121.0),
            (2022, 150.0),
            (2023, 140.0),
        ];
        let b = backtest(&s, &[], 2, 3, C90);
        let ape: Vec<f64> = b.held_back.iter().map(|h| h.ape.unwrap()).collect();
        assert!(close(ape[0], (150.0 - 146.41) / 150.0, 1e-10));
        assert!(close(ape[1], (161.051 - 140.0) / 140.0, 1e-10));
        assert!(close(b.mape().unwrap(), (ape[0] + ape[1]) / 2.0, 1e-15));
        assert_eq!(b.coverage(), Some(0.0));
    }

    #[test]
    fn too_short_a_history_is_counted_not_scored() {
        let s = [(2020, 10.0), (2021, 11.0), (2022, 12.0), (2023, 13.0)];
        let b = backtest(&s, &[], 2, 3, C90);
        assert_eq!(b.method, Method::InsufficientHistory);
        assert!(b.held_back.is_empty());
        assert_eq!((b.mape(), b.coverage()), (None, None));
    }

    #[test]
    fn the_family_is_cut_at_the_held_back_years() {
        // The family turns sharply in 2023; the backtest must not see it.
        let family: Vec<(i32, f64)> = (2015..=2024)
            .map(|y| {
                (
                    y,
                    if y < 2023 {
                        100.0 * 1.1f64.powi(y - 2015)
                    } else {
                        1.0
                    },
                )
            })
            .collect();
        let cell = [
            (2020, 10.0),
            (2021, 11.0),
            (2022, 12.1),
            (2023, 13.31),
            (2024, 14.641),
        ];
        let b = backtest(&cell, &[&family], 2, 5, C90);
        assert_eq!(b.method, Method::PooledFamily);
        assert!(b.mape().unwrap() < 1e-9, "{:?}", b.mape());
    }

    #[test]
    fn the_summary_weighs_every_year_the_same() {
        let h = |ape: Option<f64>, inside| HeldBack {
            year: 2024,
            actual: if ape.is_some() { 1.0 } else { 0.0 },
            projected: Interval::exact(1.0),
            ape,
            inside,
        };
        let a = Backtest {
            method: Method::LogLinear,
            held_back: vec![h(Some(0.1), true), h(Some(0.3), false), h(None, false)],
        };
        let b = Backtest {
            method: Method::PooledFamily,
            held_back: vec![h(Some(0.5), true)],
        };
        let none = Backtest {
            method: Method::InsufficientHistory,
            held_back: vec![],
        };
        assert!(close(a.mape().unwrap(), 0.2, 1e-15));
        assert!(close(a.coverage().unwrap(), 1.0 / 3.0, 1e-15));
        let s = summarise([&a, &b, &none]);
        assert_eq!(
            (s.series, s.insufficient, s.years, s.zero_actuals),
            (3, 1, 4, 1)
        );
        assert!(close(s.mape.unwrap(), 0.3, 1e-15)); // (0.1 + 0.3 + 0.5) / 3, not (0.2 + 0.5) / 2
        assert_eq!(s.coverage, Some(0.5));
        assert_eq!(summarise([&none]).mape, None);
    }
}
