//! Choosing the period a report covers.

use std::collections::BTreeSet;

/// An inclusive range of years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Period {
    pub from: i32,
    pub to: i32,
}

impl Period {
    /// Number of years in the period, the divisor of the annual averages.
    pub fn years(&self) -> u32 {
        (self.to - self.from + 1) as u32
    }

    pub fn contains(&self, year: i32) -> bool {
        (self.from..=self.to).contains(&year)
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.from == self.to {
            write!(f, "{}", self.from)
        } else {
            write!(f, "{}-{}", self.from, self.to)
        }
    }
}

/// Why no period could be chosen.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PeriodError {
    #[error(
        "no year has both postings ({demand}) and graduates ({supply}); choose the period with --year or --from/--to"
    )]
    NoCommonYear { demand: String, supply: String },
    #[error("no {input} fall in {period} ({input} cover {covered}); choose another period")]
    NothingInPeriod {
        input: &'static str,
        period: String,
        covered: String,
    },
}

fn span(years: &BTreeSet<i32>) -> String {
    match (years.first(), years.last()) {
        (Some(a), Some(b)) if a == b => a.to_string(),
        (Some(a), Some(b)) => format!("{a}-{b}"),
        _ => "no valid rows".to_string(),
    }
}

/// The period asked for (`--year`, or `--from`/`--to`, either end defaulting to the other), or by
/// default the latest year present in both inputs. A period in which either input has no valid row
/// is an error: its numbers would be zeros that mean nothing. The choice itself (not both a year
/// and a range, `from` not after `to`) was checked by [`crate::config::PeriodChoice::new`].
pub fn select(
    year: Option<i32>,
    from: Option<i32>,
    to: Option<i32>,
    demand_years: &BTreeSet<i32>,
    supply_years: &BTreeSet<i32>,
) -> Result<Period, PeriodError> {
    let period = match (year, from, to) {
        (Some(y), _, _) => Period { from: y, to: y },
        (None, Some(f), Some(t)) => Period { from: f, to: t },
        (None, Some(f), None) => Period {
            from: f,
            to: f.max(demand_years.last().copied().unwrap_or(f)),
        },
        (None, None, Some(t)) => Period {
            from: t.min(demand_years.first().copied().unwrap_or(t)),
            to: t,
        },
        (None, None, None) => {
            let latest = demand_years.intersection(supply_years).max().copied();
            let y = latest.ok_or_else(|| PeriodError::NoCommonYear {
                demand: span(demand_years),
                supply: span(supply_years),
            })?;
            Period { from: y, to: y }
        }
    };
    for (input, years) in [("postings", demand_years), ("graduates", supply_years)] {
        if !years.iter().any(|y| period.contains(*y)) {
            return Err(PeriodError::NothingInPeriod {
                input,
                period: period.to_string(),
                covered: span(years),
            });
        }
    }
    Ok(period)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(ys: &[i32]) -> BTreeSet<i32> {
        ys.iter().copied().collect()
    }

    #[test]
    fn default_is_latest_common_year() {
        let p = select(
            None,
            None,
            None,
            &set(&[2023, 2024, 2025]),
            &set(&[2022, 2023, 2024]),
        );
        assert_eq!(
            p,
            Ok(Period {
                from: 2024,
                to: 2024
            })
        );
    }

    #[test]
    fn explicit_periods() {
        let d = set(&[2023, 2024, 2025]);
        let s = set(&[2023, 2024, 2025]);
        assert_eq!(
            select(Some(2023), None, None, &d, &s),
            Ok(Period {
                from: 2023,
                to: 2023
            })
        );
        let p = select(None, Some(2023), Some(2024), &d, &s).unwrap();
        assert_eq!((p.from, p.to, p.years()), (2023, 2024, 2));
        assert_eq!(
            select(None, Some(2024), None, &d, &s),
            Ok(Period {
                from: 2024,
                to: 2025
            })
        );
        assert_eq!(
            select(None, None, Some(2024), &d, &s),
            Ok(Period {
                from: 2023,
                to: 2024
            })
        );
    }

    #[test]
    fn impossible_periods_are_errors() {
        let d = set(&[2024, 2025]);
        let s = set(&[2020, 2021]);
        assert!(matches!(
            select(None, None, None, &d, &s),
            Err(PeriodError::NoCommonYear { .. })
        ));
        assert!(matches!(
            select(Some(2024), None, None, &d, &s),
            Err(PeriodError::NothingInPeriod {
                input: "graduates",
                ..
            })
        ));
    }
}
