//! Writing the trend report: the same formats as the gap report, through the same [`Reporter`]
//! trait and the same writers' table layouts, each laying out the trend's [`tables`].
//!
//! - csv: the series (one row per cell and year), or with `--summary` one row per cell;
//! - ndjson: the same rows as JSON objects, one per line, with the CSV's column names;
//! - parquet: the CSV's rows in a typed Parquet file (see [`super::parquet`]);
//! - json: the whole report: parameters, backtest, cells with their series, targets, data quality;
//! - table and md: the backtest first (how far to trust what follows), the cells, the targets and
//!   the method;
//! - xlsx ([`xlsx`]): the sheets Trend, Cells, Backtest, Targets, Data quality and Method;
//! - html ([`html`]): small-multiple charts with the projection band and the targets marked.

mod html;
pub mod i18n;
pub mod tables;
mod xlsx;

use std::io::{self, Write};

use super::i18n::strings;
use super::i18n::Strings;
use super::numbers::{Numbers, Style};
use super::tables::{Audience, Kind, Table, Value};
use super::words;
use super::{csv, json, markdown, ndjson, table, Format, Reporter, WriteOptions};
use crate::indicators::columns::IndicatorParams;
use crate::model::trend::{Layout, TrendReport};
use i18n::{trend_strings, TrendStrings};

/// The writer of the trend report in a format.
pub fn configured(format: Format, opts: &WriteOptions) -> Box<dyn Reporter<TrendReport>> {
    let opts = *opts;
    match format {
        Format::Table => Box::new(table::Terminal { opts }),
        Format::Csv => Box::new(csv::Csv { opts }),
        Format::Json => Box::new(json::Json),
        Format::Ndjson => Box::new(ndjson::Ndjson),
        Format::Markdown => Box::new(markdown::Markdown { opts }),
        Format::Xlsx => Box::new(super::xlsx::Xlsx { opts }),
        Format::Html => Box::new(super::html::Html { opts }),
        Format::Parquet => Box::new(super::parquet::Parquet { opts }),
    }
}

/// The table the csv and ndjson formats write: the series, or the summary.
fn program_table(report: &TrendReport, opts: &WriteOptions) -> Table {
    let lang = opts.lang.unwrap_or(report.params.lang);
    let (s, ts) = (strings(lang), trend_strings(lang));
    match report.layout {
        Layout::Series => tables::series(&report.cells, &report.params.by, s, ts, Audience::Csv),
        Layout::Summary => tables::summary(&report.cells, &report.params.by, s, ts, Audience::Csv),
    }
}

/// The assumptions file of the report, in the terms the gap report's statements take.
fn stated(report: &TrendReport) -> Option<IndicatorParams> {
    let a = report.params.assumptions.clone()?;
    Some(IndicatorParams {
        assumptions: Some(a),
        ..IndicatorParams::default()
    })
}

/// The sentence that states assumptions that change the figures (none for the identity, which
/// leaves the table and Markdown reports as they are).
fn assumptions_line(report: &TrendReport, s: &Strings) -> Option<String> {
    stated(report).and_then(|p| words::assumptions_line(&p, s))
}

/// The method's lines about the assumptions: the definitions, then (what, value) pairs: the
/// file, its SHA-256 and its settings. Empty without a file.
pub(super) fn assumptions_method(
    report: &TrendReport,
    s: &Strings,
    ts: &'static TrendStrings,
) -> (Vec<&'static str>, Vec<(String, String)>) {
    let Some(p) = stated(report) else {
        return (Vec::new(), Vec::new());
    };
    (
        vec![words::definitions(s, &[])[0], ts.def_assumptions],
        words::method_items(&p, s),
    )
}

/// The observed years, the horizon and the level of the intervals, as people read them.
fn span_text(report: &TrendReport, n: &Numbers, lang: crate::taxonomy::Lang) -> String {
    let p = &report.params;
    let ts = trend_strings(lang);
    format!(
        "{}: {}-{}. {}: {}. {}: {}.",
        ts.observed_years,
        p.observed_from,
        p.observed_to,
        ts.horizon,
        p.horizon,
        ts.intervals,
        n.percent(p.confidence)
    )
}

impl Reporter<TrendReport> for csv::Csv {
    fn write(&self, report: &TrendReport, out: &mut dyn Write) -> io::Result<()> {
        csv::write_table(&program_table(report, &self.opts), &self.opts, out)
    }
}

impl Reporter<TrendReport> for super::parquet::Parquet {
    /// The CSV's table, typed (see [`super::parquet`]).
    fn write(&self, report: &TrendReport, out: &mut dyn Write) -> io::Result<()> {
        super::parquet::write_table(&program_table(report, &self.opts), out)
    }
}

impl Reporter<TrendReport> for ndjson::Ndjson {
    /// One object per row of the CSV, its fields in the CSV's order; an empty cell is `null`.
    fn write(&self, report: &TrendReport, out: &mut dyn Write) -> io::Result<()> {
        let t = program_table(report, &WriteOptions::default());
        for row in &t.rows {
            let fields: Vec<String> = t
                .columns
                .iter()
                .zip(row)
                .map(|(c, v)| {
                    let v = match v {
                        Value::Int(i) => serde_json::json!(i),
                        Value::Text(s) if s.is_empty() => serde_json::Value::Null,
                        Value::Text(s) => serde_json::json!(s),
                        Value::Number(x) if c.kind == Kind::Year => {
                            serde_json::json!(x.map(|y| y as i64))
                        }
                        Value::Number(x) => serde_json::json!(x),
                        Value::Status { status, .. } => serde_json::json!(status.as_str()),
                        Value::Flag(b) => serde_json::json!(b),
                        Value::Label(s) => serde_json::json!(s),
                    };
                    format!("{}:{v}", serde_json::Value::from(c.id))
                })
                .collect();
            writeln!(out, "{{{}}}", fields.join(","))?;
        }
        Ok(())
    }
}

impl Reporter<TrendReport> for json::Json {
    fn write(&self, report: &TrendReport, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, report)?;
        out.write_all(b"\n")
    }
}

impl Reporter<TrendReport> for table::Terminal {
    fn write(&self, report: &TrendReport, out: &mut dyn Write) -> io::Result<()> {
        let lang = self.opts.lang.unwrap_or(report.params.lang);
        let (s, ts, n) = (
            strings(lang),
            trend_strings(lang),
            Numbers::new(Style::Terminal, lang),
        );
        let by = &report.params.by;
        writeln!(out, "{}", span_text(report, &n, lang))?;
        if let Some(line) = assumptions_line(report, s) {
            writeln!(out, "{line}")?;
        }
        writeln!(out, "\n{}", ts.backtest)?;
        if report.backtest.from_year.is_none() {
            writeln!(out, "{}", ts.no_backtest)?;
        } else {
            let t = tables::backtest(&report.backtest.rows, s, ts, Audience::People);
            writeln!(out, "{}", table::grid(&t, &n, s))?;
        }
        writeln!(out, "\n{}", ts.cells)?;
        if report.cells.is_empty() {
            writeln!(out, "{}", ts.no_cells)?;
        } else {
            let t = tables::summary(&report.cells, by, s, ts, Audience::People);
            writeln!(out, "{}", table::grid(&t, &n, s))?;
        }
        if !report.targets.is_empty() {
            writeln!(out, "\n{}", ts.targets)?;
            let t = tables::targets(&report.targets, s, ts, Audience::People);
            writeln!(out, "{}", table::grid(&t, &n, s))?;
        }
        Ok(())
    }
}

impl Reporter<TrendReport> for markdown::Markdown {
    fn write(&self, report: &TrendReport, out: &mut dyn Write) -> io::Result<()> {
        let lang = self.opts.lang.unwrap_or(report.params.lang);
        let (s, ts, n) = (
            strings(lang),
            trend_strings(lang),
            Numbers::new(Style::Markdown, lang),
        );
        writeln!(out, "# {}\n\n{}\n", ts.title, span_text(report, &n, lang))?;
        if let Some(line) = assumptions_line(report, s) {
            writeln!(out, "{}\n", markdown::cell(&line))?;
        }
        writeln!(out, "## {}\n\n{}\n", ts.backtest, ts.backtest_note)?;
        if report.backtest.from_year.is_none() {
            writeln!(out, "{}", ts.no_backtest)?;
        } else {
            let t = tables::backtest(&report.backtest.rows, s, ts, Audience::People);
            markdown::write_table(&t, &n, s, out)?;
        }
        writeln!(out, "\n## {}\n", ts.cells)?;
        if report.cells.is_empty() {
            writeln!(out, "{}", ts.no_cells)?;
        } else {
            let t = tables::summary(&report.cells, &report.params.by, s, ts, Audience::People);
            markdown::write_table(&t, &n, s, out)?;
        }
        if !report.targets.is_empty() {
            writeln!(out, "\n## {}\n", ts.targets)?;
            let t = tables::targets(&report.targets, s, ts, Audience::People);
            markdown::write_table(&t, &n, s, out)?;
            writeln!(out)?;
            for t in &report.targets {
                writeln!(
                    out,
                    "- {}: {}",
                    markdown::cell(&t.name),
                    markdown::cell(&t.source)
                )?;
            }
        }
        writeln!(out, "\n## {}\n", s.method)?;
        for d in ts.def_method {
            writeln!(out, "- {d}")?;
        }
        // the identity changes no figure and leaves the Markdown report as it is
        if assumptions_line(report, s).is_some() {
            let (defs, items) = assumptions_method(report, s, ts);
            for d in defs {
                writeln!(out, "- {d}")?;
            }
            for (k, v) in items {
                writeln!(out, "- {}: {}", markdown::cell(&k), markdown::cell(&v))?;
            }
        }
        writeln!(out, "\n## {}\n", s.data_quality)?;
        let q = super::tables::quality_counts(&report.quality, s);
        markdown::write_table(&q, &n, s, out)?;
        writeln!(out, "\n{}", s.reconcile)
    }
}

#[cfg(test)]
mod tests;
