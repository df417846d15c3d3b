//! The outlook: trends over the years, projections to a horizon (2030 for the national
//! strategies) with their intervals and a backtest of the method, and national targets set against
//! them.
//!
//! - [`projection`]: the method for each series (`log-linear`, `pooled-family`,
//!   `insufficient-history`), projected values, compound annual growth, the year a gap closes;
//! - [`backtest`]: hold back the last years, project them, report errors and interval coverage;
//! - [`targets`]: the targets file (TOML or CSV) and each target's `on-track` / `off-track` /
//!   `cannot-tell`.
//!
//! The fitting itself is in [`crate::stats::loglinear`]. Series are plain `(year, value)` slices:
//! the pipeline builds them from the yearly tallies.

pub mod backtest;
pub mod projection;
pub mod targets;

pub use backtest::{backtest, summarise, Backtest, HeldBack, Summary};
pub use projection::{
    cagr, closing_year, project, projected_gaps, Closing, Method, Projection, DEFAULT_MIN_OWN_YEARS,
};
pub use targets::{assess, Assessment, Kind, Measure, Scope, Target, TargetsError, Verdict};
