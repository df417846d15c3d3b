//! Writing reports: one file per format, all from the same [`GapReport`] model.
//!
//! A format is a [`Reporter`]; `configured` picks one. Writers never compute: what they print is in
//! the model, so every format shows the same numbers; the roll-ups per value of a dimension that
//! xlsx and HTML show beside the ranking are the model's too ([`GapReport::rollups`]).
//!
//! What a table holds is decided once, in [`tables`]: its columns, their titles, alignment and
//! kinds of value; each writer lays a [`tables::Table`] out in its own syntax, and spells its
//! numbers through [`numbers`]. Headings and column titles of the formats for people (table,
//! Markdown, xlsx, HTML) follow `--lang` through [`i18n`]; CSV, JSON and NDJSON keep English names
//! for programs.

pub mod codings;
mod csv;
mod html;
pub mod i18n;
mod json;
mod markdown;
mod ndjson;
pub mod numbers;
mod parquet;
pub mod quality;
pub mod skills;
mod table;
pub mod tables;
/// The trend report's tables and writers.
pub mod trend;
pub mod words;
mod xlsx;

use std::io::{self, Write};

use crate::model::GapReport;
use crate::taxonomy::Lang;

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
    /// A Parquet file with the CSV's columns, typed: text as UTF-8 strings, counts as INT64,
    /// measures as DOUBLE (needs -o FILE or a redirected stdout).
    Parquet,
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
            "parquet" | "pq" => Some(Format::Parquet),
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
            Format::Parquet => "parquet",
        }
    }

    /// True for formats that are not text, and so are never written to a terminal.
    pub fn is_binary(self) -> bool {
        matches!(self, Format::Xlsx | Format::Parquet)
    }

    /// True for formats written to a file named by `-o` only, never to stdout: the workbook,
    /// which people open from a file. A Parquet report may go to a redirected stdout (a pipe into
    /// a loader).
    pub fn needs_file(self) -> bool {
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
    /// The language of headings, titles and numbers; `None` for the report's own (the language
    /// its labels were resolved in).
    pub lang: Option<Lang>,
}

impl WriteOptions {
    /// The language to write `report` in.
    pub fn lang_of(&self, report: &GapReport) -> Lang {
        self.lang.unwrap_or(report.params.lang)
    }
}

impl Default for WriteOptions {
    fn default() -> WriteOptions {
        WriteOptions {
            csv_delimiter: b',',
            sanitize: true,
            lang: None,
        }
    }
}

/// Writes a report in one format. Generic over what is written, so that other reports (a trend,
/// the skills) can be written by the same formats, each laying out its [`tables::Table`]s.
pub trait Reporter<R = GapReport> {
    /// Writes `report` to `out`.
    fn write(&self, report: &R, out: &mut dyn Write) -> io::Result<()>;
}

/// The writer for a format, with default [`WriteOptions`].
pub fn for_format(format: Format) -> Box<dyn Reporter> {
    configured(format, &WriteOptions::default())
}

/// The writer for a format, with options.
pub fn configured(format: Format, opts: &WriteOptions) -> Box<dyn Reporter> {
    let opts = *opts;
    match format {
        Format::Table => Box::new(table::Terminal { opts }),
        Format::Csv => Box::new(csv::Csv { opts }),
        Format::Json => Box::new(json::Json),
        Format::Ndjson => Box::new(ndjson::Ndjson),
        Format::Markdown => Box::new(markdown::Markdown { opts }),
        Format::Xlsx => Box::new(xlsx::Xlsx { opts }),
        Format::Html => Box::new(html::Html { opts }),
        Format::Parquet => Box::new(self::parquet::Parquet { opts }),
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

#[cfg(test)]
mod tests;
