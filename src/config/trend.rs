//! The resolved configuration of a trend report, from either front door: `skillgap trend` or a
//! job file's `[[trend]]` table. The settings shared with the gap report (grouping, `top`,
//! language, format, output, delimiter) are resolved by [`ReportConfig::resolve`], so they are
//! checked the same way; what is particular to a trend is checked here.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::{
    checks_from_args, input_from_args, CheckConfig, Door, InputConfig, RawReport, ReportConfig,
};
use crate::analysis::{Period, PeriodError};
use crate::cli::TrendArgs;
use crate::error::Error;
use crate::outlook::{targets, Target};
use crate::report::Format;

/// The defaults of a trend report.
pub mod defaults {
    /// `--horizon`: the year of the national strategies' targets.
    pub const HORIZON: i32 = 2030;
    /// `--backtest`: hold back the last observed year.
    pub const BACKTEST: u32 = 1;
}

/// A year of the observed span or of the horizon: 1990 to 2100, as the years of the rows.
pub fn check_year(y: i64) -> Result<i32, &'static str> {
    match i32::try_from(y) {
        Ok(y) if (1990..=2100).contains(&y) => Ok(y),
        _ => Err("must be a year from 1990 to 2100"),
    }
}

/// Reads a targets file; a file that cannot be read or says something invalid is a usage error,
/// as a `--columns-file` is.
pub fn load_targets(path: Option<&Path>) -> Result<Vec<Target>, Error> {
    match path {
        Some(p) => targets::load(p).map_err(|e| Error::Usage(e.to_string())),
        None => Ok(Vec::new()),
    }
}

/// One trend report: the shared report settings, and the trend's own.
#[derive(Debug, Clone)]
pub struct TrendReportConfig {
    /// Grouping, `top`, `show_unmapped`, language, format, output, delimiter, sanitising; its
    /// ranking settings (sort, thresholds, totals) are not used.
    pub report: ReportConfig,
    /// The observed span asked for; either end defaults to the inputs' common years.
    pub from: Option<i32>,
    pub to: Option<i32>,
    /// The last projected year.
    pub horizon: i32,
    /// How many of the last observed years the backtest holds back.
    pub backtest: usize,
    /// The targets file.
    pub targets: Option<PathBuf>,
    /// csv and ndjson write the per-cell summary rather than the series.
    pub summary: bool,
}

/// The raw trend settings of either door, before defaults and checks.
#[derive(Debug, Clone, Default)]
#[allow(missing_docs)]
pub struct RawTrend {
    pub report: RawReport,
    pub from: Option<i32>,
    pub to: Option<i32>,
    pub horizon: Option<i32>,
    pub backtest: Option<u32>,
    pub targets: Option<PathBuf>,
    pub summary: bool,
}

impl TrendReportConfig {
    /// Applies the defaults and checks the settings, as [`ReportConfig::resolve`] does.
    pub fn resolve(raw: RawTrend, door: Door, terminal: bool) -> Result<TrendReportConfig, String> {
        let report = ReportConfig::resolve(raw.report, door, terminal)?;
        for (key, y) in [("from", raw.from), ("to", raw.to), ("horizon", raw.horizon)] {
            if let Some(y) = y {
                check_year(i64::from(y)).map_err(|e| format!("{} {e}", door.key(key)))?;
            }
        }
        if let (Some(f), Some(t)) = (raw.from, raw.to) {
            if f > t {
                return Err(format!(
                    "{} {f} is after {} {t}",
                    door.key("from"),
                    door.key("to")
                ));
            }
        }
        let backtest = raw.backtest.unwrap_or(defaults::BACKTEST);
        if !(1..=20).contains(&backtest) {
            return Err(format!(
                "{} must be from 1 to 20 years",
                door.key("backtest")
            ));
        }
        if raw.summary
            && !matches!(
                report.format,
                Format::Csv | Format::Ndjson | Format::Parquet
            )
        {
            return Err(format!(
                "{} applies to the csv, ndjson and parquet formats; the {} format shows the summary anyway",
                door.key("summary"),
                report.format.name()
            ));
        }
        Ok(TrendReportConfig {
            report,
            from: raw.from,
            to: raw.to,
            horizon: raw.horizon.unwrap_or(defaults::HORIZON),
            backtest: backtest as usize,
            targets: raw.targets,
            summary: raw.summary,
        })
    }

    /// The observed span: from the first to the last year present in both inputs, narrowed by
    /// `from`/`to`; each input must have rows in it.
    pub fn span(
        &self,
        demand_years: &BTreeSet<i32>,
        supply_years: &BTreeSet<i32>,
    ) -> Result<Period, PeriodError> {
        let common: BTreeSet<i32> = demand_years.intersection(supply_years).copied().collect();
        let (from, to) = match (self.from, self.to, common.first(), common.last()) {
            (Some(f), Some(t), _, _) => (f, t),
            (f, t, Some(&a), Some(&b)) => {
                let (f, t) = (f.unwrap_or(a), t.unwrap_or(b));
                // an end given alone may lie beyond the other default end
                (f.min(t), t.max(f))
            }
            _ => {
                // no common year: let the period's own check say so
                return crate::analysis::select_period(
                    None,
                    None,
                    None,
                    demand_years,
                    supply_years,
                );
            }
        };
        crate::analysis::select_period(None, Some(from), Some(to), demand_years, supply_years)
    }
}

/// Everything `skillgap trend` does, resolved from its arguments.
#[derive(Debug, Clone)]
#[allow(missing_docs)]
pub struct TrendConfig {
    pub input: InputConfig,
    pub checks: CheckConfig,
    pub trend: TrendReportConfig,
}

impl TrendConfig {
    /// Resolves `trend`'s arguments; `terminal` is whether stdout is a terminal.
    pub fn from_args(a: &TrendArgs, terminal: bool) -> Result<TrendConfig, Error> {
        let raw = RawTrend {
            report: RawReport {
                by: a.by.clone(),
                top: a.top,
                show_unmapped: a.show_unmapped,
                lang: Some(a.lang),
                format: a.format,
                output: a.output.clone(),
                output_delimiter: a.output_delimiter,
                sanitize: !a.checks.no_sanitize,
                ..RawReport::default()
            },
            from: a.from,
            to: a.to,
            horizon: Some(a.horizon),
            backtest: Some(a.backtest),
            targets: a.targets.clone(),
            summary: a.summary,
        };
        let mut trend =
            TrendReportConfig::resolve(raw, Door::CommandLine, terminal).map_err(Error::Usage)?;
        if let Some(path) = &a.assumptions {
            let shown = path.display().to_string();
            trend.report.indicators.assumptions = Some(super::load_assumptions(path, &shown)?);
        }
        Ok(TrendConfig {
            input: input_from_args(&a.inputs)?,
            checks: checks_from_args(&a.checks),
            trend,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw() -> RawTrend {
        RawTrend {
            report: RawReport {
                by: super::super::defaults::BY.to_vec(),
                sanitize: true,
                ..RawReport::default()
            },
            ..RawTrend::default()
        }
    }

    #[test]
    fn defaults_and_checks() {
        let t = TrendReportConfig::resolve(raw(), Door::JobFile, false).unwrap();
        assert_eq!((t.horizon, t.backtest, t.summary), (2030, 1, false));
        let bad =
            |r: RawTrend| TrendReportConfig::resolve(r, Door::CommandLine, false).unwrap_err();
        assert_eq!(
            bad(RawTrend {
                from: Some(2025),
                to: Some(2021),
                ..raw()
            }),
            "--from 2025 is after --to 2021"
        );
        assert!(bad(RawTrend {
            horizon: Some(3000),
            ..raw()
        })
        .starts_with("--horizon must be"));
        assert!(bad(RawTrend {
            backtest: Some(0),
            ..raw()
        })
        .contains("from 1 to 20"));
        let mut md = raw();
        md.report.format = Some(Format::Markdown);
        md.summary = true;
        assert!(bad(md).contains("csv, ndjson and parquet"));
    }

    #[test]
    fn the_span_is_the_common_years_narrowed() {
        let set = |ys: &[i32]| ys.iter().copied().collect::<BTreeSet<i32>>();
        let (d, s) = (
            set(&[2019, 2020, 2021, 2022, 2023]),
            set(&[2020, 2021, 2022, 2023, 2024]),
        );
        let t = TrendReportConfig::resolve(raw(), Door::JobFile, false).unwrap();
        assert_eq!(
            t.span(&d, &s),
            Ok(Period {
                from: 2020,
                to: 2023
            })
        );
        let t = TrendReportConfig {
            from: Some(2021),
            ..t
        };
        assert_eq!(
            t.span(&d, &s),
            Ok(Period {
                from: 2021,
                to: 2023
            })
        );
        assert!(t.span(&set(&[2019]), &set(&[2024])).is_err());
    }
}
