//! Writing reports: one file per format, all from the same [`GapReport`] model.
//!
//! A format is a [`Reporter`]; `for_format` picks one. Writers never compute: what they print is in
//! the model, so every format shows the same numbers. The one exception is [`roll_up`], the sums per
//! region and per specialisation that xlsx and HTML show beside the ranking, computed here once with
//! the same formulas as the analysis.
//!
//! Headings and column titles of the formats for people (table, Markdown, xlsx, HTML) follow
//! `--lang` through [`i18n`]; CSV, JSON and NDJSON keep English names for programs.

mod csv;
mod html;
pub mod i18n;
mod json;
mod markdown;
mod ndjson;
pub mod quality;
mod table;
mod xlsx;

use std::io::{self, Write};

use crate::dims::Dim;
use crate::model::{GapReport, GapRow, KeyCell, Metrics};

/// Output formats of the gap report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// An aligned table for people (the default on a terminal).
    Table,
    /// CSV with a fixed header, for scripts and spreadsheets (the default when piped).
    Csv,
    /// One JSON object: schema version, parameters, rows and data quality.
    Json,
    /// One JSON object per ranked row, one per line, for streaming consumers.
    Ndjson,
    /// Markdown tables: ranked rows, then data quality.
    #[value(name = "md", alias = "markdown")]
    Markdown,
    /// An Excel workbook: gaps, roll-ups by region and specialisation, data quality, method
    /// (needs -o FILE).
    Xlsx,
    /// One self-contained HTML page with summary, heatmap, charts, tables and method.
    Html,
}

impl Format {
    /// The format implied by an output file's extension, if any.
    pub fn from_extension(path: &std::path::Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            "ndjson" | "jsonl" => Some(Format::Ndjson),
            "md" | "markdown" => Some(Format::Markdown),
            "xlsx" => Some(Format::Xlsx),
            "html" | "htm" => Some(Format::Html),
            "txt" => Some(Format::Table),
            _ => None,
        }
    }

    /// The format's name, as `--format` and the job file's `format` spell it and the manifest
    /// records it: `csv`, `md`, `xlsx`, ...
    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Ndjson => "ndjson",
            Format::Markdown => "md",
            Format::Xlsx => "xlsx",
            Format::Html => "html",
        }
    }

    /// True for formats that are not text and so must go to a file, never to stdout.
    pub fn is_binary(self) -> bool {
        matches!(self, Format::Xlsx)
    }
}

/// Settings of the writers that do not change what is reported, only how it is spelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriteOptions {
    /// Field delimiter of the CSV format.
    pub csv_delimiter: u8,
    /// Defuse text cells that a spreadsheet could run as formulas (see [`crate::ingest::cells`]);
    /// off with `--no-sanitize`. The xlsx format always defuses.
    pub sanitize: bool,
}

impl Default for WriteOptions {
    fn default() -> WriteOptions {
        WriteOptions {
            csv_delimiter: b',',
            sanitize: true,
        }
    }
}

/// Writes a report in one format.
pub trait Reporter {
    fn write(&self, report: &GapReport, out: &mut dyn Write) -> io::Result<()>;
}

/// The writer for a format, with default [`WriteOptions`].
pub fn for_format(format: Format) -> Box<dyn Reporter> {
    configured(format, &WriteOptions::default())
}

/// The writer for a format, with options.
pub fn configured(format: Format, opts: &WriteOptions) -> Box<dyn Reporter> {
    match format {
        Format::Table => Box::new(table::Table),
        Format::Csv => Box::new(csv::Csv {
            delimiter: opts.csv_delimiter,
            sanitize: opts.sanitize,
        }),
        Format::Json => Box::new(json::Json),
        Format::Ndjson => Box::new(ndjson::Ndjson),
        Format::Markdown => Box::new(markdown::Markdown),
        Format::Xlsx => Box::new(xlsx::Xlsx),
        Format::Html => Box::new(html::Html),
    }
}

/// The period as people read it: `2024`, or `2022-2024 (3 years)`.
pub(crate) fn period_text(report: &GapReport, s: &i18n::Strings) -> String {
    let p = &report.params;
    if p.period_from == p.period_to {
        p.period_from.to_string()
    } else {
        format!(
            "{}-{} ({} {})",
            p.period_from, p.period_to, p.years, s.years
        )
    }
}

/// Demand and supply summed over the ranked rows that share the value of one dimension, with
/// the metrics recomputed from those sums ([`Metrics::from_sums`], as for subtotals).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Rollup {
    pub key: String,
    pub label: String,
    pub metrics: Metrics,
}

/// Sums the rows per value of `dim`, in order of first appearance; then sorted by gap, largest
/// first, ties by key. Rows not grouped on `dim` are left out.
pub(crate) fn roll_up(rows: &[GapRow], dim: Dim, threshold: f64, min_count: f64) -> Vec<Rollup> {
    let mut sums: Vec<(&KeyCell, f64, f64)> = Vec::new();
    for r in rows {
        let Some(k) = r.key(dim) else { continue };
        match sums.iter_mut().find(|x| x.0.code == k.code) {
            Some(x) => {
                x.1 += r.metrics.demand;
                x.2 += r.metrics.supply;
            }
            None => sums.push((k, r.metrics.demand, r.metrics.supply)),
        }
    }
    let mut out: Vec<Rollup> = sums
        .into_iter()
        .map(|(k, d, s)| Rollup {
            key: k.code.clone(),
            label: k.label.clone(),
            metrics: Metrics::from_sums(d, s, threshold, min_count),
        })
        .collect();
    out.sort_by(|a, b| {
        b.metrics
            .gap
            .total_cmp(&a.metrics.gap)
            .then_with(|| a.key.cmp(&b.key))
    });
    out
}

#[cfg(test)]
mod tests;
