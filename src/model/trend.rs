//! The trend report's model: per cell of the grouping, its observed years and its projected years
//! with their intervals, the observed and trend growth of demand and supply, the year its gap
//! would close; the backtest of the method; and the targets set against their series. Only
//! [`crate::pipeline::trend`] builds it; the writers in [`crate::report::trend`] lay it out.

use serde::ser::SerializeMap;
use serde::Serialize;

use super::{DataQuality, KeyCell};
use crate::dims::Grouping;
use crate::taxonomy::Lang;

/// Version of the JSON layout of [`TrendReport`]; bumped on any incompatible change.
pub const TREND_SCHEMA_VERSION: u32 = 1;

/// Whether a year was observed or projected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PointKind {
    Observed,
    Projected,
}

impl PointKind {
    /// `observed` or `projected`.
    pub fn as_str(self) -> &'static str {
        match self {
            PointKind::Observed => "observed",
            PointKind::Projected => "projected",
        }
    }
}

/// A value with its bounds. An observed value has no bounds (`low` and `high` are `None`); a
/// projection without enough history has no value at all.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Estimate {
    pub value: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
}

impl Estimate {
    /// An observed value: no bounds.
    pub fn observed(x: f64) -> Estimate {
        Estimate {
            value: Some(x),
            low: None,
            high: None,
        }
    }

    /// A projected value with its bounds.
    pub fn projected(low: f64, value: f64, high: f64) -> Estimate {
        Estimate {
            value: Some(value),
            low: Some(low),
            high: Some(high),
        }
    }
}

/// One year of a cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearPoint {
    pub year: i32,
    pub kind: PointKind,
    /// Vacancies posted in the year.
    pub demand: Estimate,
    /// Graduates of the year, after crosswalk weights.
    pub supply: Estimate,
    /// Demand − supply; projected bounds are demand_low − supply_high and demand_high − supply_low.
    pub gap: Estimate,
    /// For a projected year, the weaker method of demand and supply (`log-linear` <
    /// `pooled-family` < `insufficient-history`), which governs the gap.
    pub method: Option<&'static str>,
    /// Under assumptions with low/high values: the range of the scenarios (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub range: Option<ScenarioRange>,
}

/// The range of a year over the assumptions' low, central and high scenarios. Observed: the
/// lowest and highest of the three values. Projected: each scenario's series is projected as the
/// central one is, and the range is the union of the three 90 % prediction intervals, so that it
/// holds both the trend's uncertainty and the assumptions' extremes; `None` on a side without a
/// projection. The gap's range is [demand low − supply high, demand high − supply low].
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct ScenarioRange {
    pub demand: Option<[f64; 2]>,
    pub supply: Option<[f64; 2]>,
    pub gap: Option<[f64; 2]>,
}

/// What is known of one side (demand or supply) of a cell over its observed years.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Side {
    /// The value in the first and in the last observed year.
    pub first: f64,
    pub last: f64,
    /// Compound annual growth from the first to the last observed year; `None` from 0.
    pub cagr: Option<f64>,
    /// The fitted trend's annual growth e^b − 1 with its interval; `None` without a projection.
    pub growth: Option<f64>,
    pub growth_low: Option<f64>,
    pub growth_high: Option<f64>,
    /// `log-linear`, `pooled-family` or `insufficient-history`.
    pub method: &'static str,
    /// Observed years whose value is 0, left out of the fit.
    pub zero_years: usize,
    /// The projected value in the horizon year.
    pub horizon: Estimate,
}

/// When a cell's gap would close at the present pace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClosingKind {
    /// The first projected year whose gap is 0 or of the other sign.
    Year,
    /// The gap keeps its sign up to the horizon.
    NotWithinHorizon,
    /// The last observed gap is 0.
    NoGap,
    /// Demand or supply has no projection.
    NoProjection,
}

impl ClosingKind {
    /// The name written in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            ClosingKind::Year => "year",
            ClosingKind::NotWithinHorizon => "not-within-horizon",
            ClosingKind::NoGap => "no-gap",
            ClosingKind::NoProjection => "no-projection",
        }
    }
}

/// One cell of the grouping over the years.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendCell {
    /// 1-based position: cells are ranked by the gap of the last observed year, largest first.
    pub rank: usize,
    /// One cell per grouped dimension, in the grouping's order.
    pub keys: Vec<KeyCell>,
    /// The family whose series a short series borrows its pace from (`ict`, ...); empty when the
    /// grouping has no specialisation or family.
    pub family: String,
    pub demand: Side,
    pub supply: Side,
    /// The weaker method of the two sides, which governs the gap.
    pub method: &'static str,
    /// The gap of the last observed year.
    pub gap_last: f64,
    /// The projected gap in the horizon year.
    pub gap_horizon: Estimate,
    pub closing: ClosingKind,
    /// The year the gap closes, for [`ClosingKind::Year`].
    pub closing_year: Option<i32>,
    /// Observed years, then projected years up to the horizon.
    pub points: Vec<YearPoint>,
}

impl TrendCell {
    /// The labels of the cell's keys, most specific first: `Data · Rabat`.
    pub fn label(&self) -> String {
        let labels: Vec<&str> = self.keys.iter().rev().map(|k| k.label.as_str()).collect();
        labels.join(" · ")
    }
}

/// The key cells of a row as JSON fields: each dimension's code and label fields.
pub(crate) fn serialize_keys<M: SerializeMap>(
    map: &mut M,
    keys: &[KeyCell],
) -> Result<(), M::Error> {
    for k in keys {
        let [code, label] = k.dim.json_fields();
        map.serialize_entry(code, &k.code)?;
        map.serialize_entry(label, &k.label)?;
    }
    Ok(())
}

/// A cell is one JSON object: `rank`, the key fields, then its summary and its `series`.
impl Serialize for TrendCell {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("rank", &self.rank)?;
        serialize_keys(&mut map, &self.keys)?;
        map.serialize_entry("family", &self.family)?;
        map.serialize_entry("demand", &self.demand)?;
        map.serialize_entry("supply", &self.supply)?;
        map.serialize_entry("method", &self.method)?;
        map.serialize_entry("gap_last", &self.gap_last)?;
        map.serialize_entry("gap_horizon", &self.gap_horizon)?;
        map.serialize_entry("closing", &self.closing)?;
        map.serialize_entry("closing_year", &self.closing_year)?;
        map.serialize_entry("series", &self.points)?;
        map.end()
    }
}

/// The backtest of one measure over one family (or `all`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BacktestRow {
    /// `demand` or `supply`.
    pub measure: &'static str,
    /// A family id, or `all` for every series.
    pub family: String,
    /// The family's label in the report's language; `None` for `all`.
    pub family_label: Option<String>,
    /// Series backtested.
    pub series: usize,
    /// Of which without a projection from the earlier years.
    pub insufficient: usize,
    /// Held-back years projected.
    pub years: usize,
    /// Of which with an actual of 0 (no percentage error).
    pub zero_actuals: usize,
    /// Mean absolute percentage error (0.05 for 5 %).
    pub mape: Option<f64>,
    /// Share of held-back actuals inside their interval.
    pub coverage: Option<f64>,
}

/// The backtest of the whole report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BacktestReport {
    /// How many of the last observed years were held back.
    pub held_back: usize,
    /// The first year held back; `None` when there are too few years to hold any back.
    pub from_year: Option<i32>,
    /// Per measure: one row per family, then `all`.
    pub rows: Vec<BacktestRow>,
}

/// One year of a target's series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetPoint {
    pub year: i32,
    pub kind: PointKind,
    pub value: Estimate,
}

/// A target set against its series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetRow {
    pub name: String,
    /// `national`, a specialisation id or a family id.
    pub scope: String,
    /// `demand` or `supply`.
    pub measure: &'static str,
    /// `level`, `per-year` or `cumulative`.
    pub kind: &'static str,
    pub value: f64,
    /// The target year.
    pub year: i32,
    /// The first year counted, for a cumulative target.
    pub from: Option<i32>,
    /// The year judged: the target year, or for `per-year` the year with the lowest value.
    pub assessed_year: i32,
    pub last_year: Option<i32>,
    pub last_value: Option<f64>,
    /// The value in the assessed year (the sum over the years of a cumulative target).
    pub expected: Estimate,
    pub required_growth: Option<f64>,
    pub observed_growth: Option<f64>,
    pub method: &'static str,
    /// `on-track`, `off-track` or `cannot-tell`.
    pub verdict: &'static str,
    pub source: String,
    /// The series of the measure over the scope: observed years, then projected ones.
    pub series: Vec<TargetPoint>,
}

/// The parameters a trend report was computed with.
#[derive(Debug, Clone, Serialize)]
pub struct TrendParams {
    /// The observed years: from the first to the last year present in both inputs, unless
    /// narrowed by `--from`/`--to`.
    pub observed_from: i32,
    pub observed_to: i32,
    /// The last projected year.
    pub horizon: i32,
    /// The prediction intervals' two-sided level (0.9).
    pub confidence: f64,
    /// A series needs this many years with a positive value to be fitted on its own.
    pub min_own_years: usize,
    pub by: Grouping,
    pub top: Option<usize>,
    pub show_unmapped: bool,
    pub lang: Lang,
    pub taxonomy_version: String,
    pub dedup_days: Option<u32>,
    /// The targets file, as given.
    pub targets: Option<String>,
    /// The assumptions file the series rest on, when one was given (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assumptions: Option<crate::indicators::columns::StatedAssumptions>,
}

/// Which table the csv and ndjson formats write.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Layout {
    /// One row per cell and year.
    #[default]
    Series,
    /// One row per cell (`--summary`).
    Summary,
}

/// A complete trend report.
#[derive(Debug, Clone, Serialize)]
pub struct TrendReport {
    pub schema_version: u32,
    pub params: TrendParams,
    pub backtest: BacktestReport,
    pub cells: Vec<TrendCell>,
    pub targets: Vec<TargetRow>,
    pub quality: DataQuality,
    /// What the csv and ndjson formats write; not part of the JSON.
    #[serde(skip)]
    pub layout: Layout,
}

impl TrendReport {
    /// The rows of the csv and ndjson formats: one per cell and year, or one per cell.
    pub fn rows(&self) -> usize {
        match self.layout {
            Layout::Series => self.cells.iter().map(|c| c.points.len()).sum(),
            Layout::Summary => self.cells.len(),
        }
    }
}
