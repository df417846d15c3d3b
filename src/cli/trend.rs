//! The options of `skillgap trend`: the inputs and checks of `gap`, its grouping and output
//! options, and what is particular to a trend (the observed span, the horizon, the backtest, the
//! targets, the summary table).

use std::path::PathBuf;

use clap::Args;

use super::{parse_number, CheckArgs, InputArgs};
use crate::config::{self, defaults, trend::defaults as trend_defaults};
use crate::dims::Dim;
use crate::report::Format;
use crate::taxonomy::Lang;

#[derive(Debug, Args)]
pub struct TrendArgs {
    #[command(flatten)]
    pub inputs: InputArgs,

    #[command(flatten)]
    pub checks: CheckArgs,

    /// First observed year (default: the first year present in both inputs).
    #[arg(long, value_name = "Y1")]
    pub from: Option<i32>,

    /// Last observed year (default: the last year present in both inputs).
    #[arg(long, value_name = "Y2")]
    pub to: Option<i32>,

    /// Project every series up to this year.
    #[arg(long, value_name = "YEAR", default_value_t = trend_defaults::HORIZON, value_parser = parse_year)]
    pub horizon: i32,

    /// Hold back the last K observed years, project them from the earlier years, and report the
    /// error (MAPE) and the intervals' coverage.
    #[arg(long, value_name = "K", default_value_t = trend_defaults::BACKTEST, value_parser = clap::value_parser!(u32).range(1..=20))]
    pub backtest: u32,

    /// A targets file (TOML, or CSV when it ends in .csv) to assess against the series:
    /// on track, off track or cannot tell (`skillgap init` writes an example).
    #[arg(long, value_name = "FILE")]
    pub targets: Option<PathBuf>,

    /// Assumptions applied to every year's demand and supply before the fit, as `gap
    /// --assumptions`: coverage per source, entry rate per level, leakage, lag (graduates of year
    /// Y count in Y + lag). With low/high values, every year gains the scenarios' range.
    #[arg(long, value_name = "FILE.toml")]
    pub assumptions: Option<PathBuf>,

    /// With csv or ndjson: write one row per cell (growth, method, closing year) instead of one
    /// row per cell and year.
    #[arg(long)]
    pub summary: bool,

    /// Group by these dimensions, comma-separated.
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_value = "region,specialisation"
    )]
    pub by: Vec<Dim>,

    /// Keep the first N cells, ranked by the gap of the last observed year.
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,

    /// Also show cells whose region or specialisation could not be mapped, as `unmapped`.
    #[arg(long)]
    pub show_unmapped: bool,

    /// Output format (default: table on a terminal, else from -o's extension, else csv).
    #[arg(long, value_enum)]
    pub format: Option<Format>,

    /// Write the report to FILE (atomically) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Language of labels, and of the headings of the table, md, xlsx and html formats.
    #[arg(long, value_enum, default_value_t = defaults::LANG)]
    pub lang: Lang,

    /// Field delimiter of the csv format (default: `,`).
    #[arg(long, value_name = "CHAR", value_parser = config::parse_delimiter)]
    pub output_delimiter: Option<u8>,
}

fn parse_year(s: &str) -> Result<i32, String> {
    config::trend::check_year(parse_number(s)?).map_err(|e| format!("`{s}` {e}"))
}
