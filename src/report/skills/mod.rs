//! The skills report's writers: CSV (long format, one row per cell × skill), Parquet (the same
//! rows, typed) and JSON here; the
//! Markdown ([`markdown`]), the terminal table ([`table`]), the workbook ([`xlsx`]) and the HTML
//! page ([`html`]) in their own files, laying out the [`tables`] with the gap report's writers,
//! in the report's language ([`i18n`]).
//!
//! CSV and JSON are for programs: codes and English type names, shares to 4 decimals. The other
//! formats are for people: headings, type words and decimals in the report's language. Text
//! cells that a spreadsheet could run as a formula get a leading `'` in CSV, as in `gap`; the
//! workbook writes them as text cells.

pub(crate) mod html;
pub mod i18n;
mod markdown;
mod table;
pub mod tables;
pub(crate) mod xlsx;

use std::io::{self, Write};

use super::{Reporter, WriteOptions};
use crate::dims::Dim;
use crate::ingest::cells::text_cell;
use crate::report::tables::{Column, Kind, Table, Value};
use crate::skills::report::SkillsReport;

/// The formats of `skills`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SkillsFormat {
    /// One row per cell × skill.
    Csv,
    /// The whole report as one JSON document.
    Json,
    /// A Markdown document: one section per cell.
    Md,
    /// Aligned tables for a terminal: one per cell.
    Table,
    /// An Excel workbook: Skills, Uncovered skills (with --curricula), Data quality, Method
    /// (needs -o FILE).
    Xlsx,
    /// One self-contained HTML page: a bar chart of the top skills per cell, the uncovered ones
    /// marked, then the tables.
    Html,
    /// The CSV's rows in a Parquet file, typed: text as UTF-8 strings, counts as INT64, shares
    /// as DOUBLE (needs -o FILE or a redirected stdout).
    Parquet,
}

impl SkillsFormat {
    /// The format's name, as `--format` spells it.
    pub fn name(self) -> &'static str {
        match self {
            SkillsFormat::Csv => "csv",
            SkillsFormat::Json => "json",
            SkillsFormat::Md => "md",
            SkillsFormat::Table => "table",
            SkillsFormat::Xlsx => "xlsx",
            SkillsFormat::Html => "html",
            SkillsFormat::Parquet => "parquet",
        }
    }

    /// The format an output file's extension implies, if any.
    pub fn from_extension(path: &std::path::Path) -> Option<SkillsFormat> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "csv" => Some(SkillsFormat::Csv),
            "json" => Some(SkillsFormat::Json),
            "md" | "markdown" => Some(SkillsFormat::Md),
            "xlsx" => Some(SkillsFormat::Xlsx),
            "html" | "htm" => Some(SkillsFormat::Html),
            "parquet" | "pq" => Some(SkillsFormat::Parquet),
            _ => None,
        }
    }

    /// Checks the format against the output: a workbook needs a file, and a file whose
    /// extension names another format is a mistake worth stopping for.
    pub fn check_output(self, output: Option<&std::path::Path>) -> Result<(), String> {
        match output {
            None if self == SkillsFormat::Xlsx => Err(
                "--format xlsx writes a binary file, not text for a terminal: give -o skills.xlsx"
                    .into(),
            ),
            Some(p) => match SkillsFormat::from_extension(p) {
                Some(implied) if implied != self => Err(format!(
                    "-o {} names a .{} file, but the format is {}: pass --format {}",
                    p.display(),
                    implied.name(),
                    self.name(),
                    implied.name()
                )),
                _ => Ok(()),
            },
            None => Ok(()),
        }
    }
}

/// Writes `report` in `format`; `sanitize` guards CSV text cells against formulas.
pub fn write(
    report: &SkillsReport,
    format: SkillsFormat,
    sanitize: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        SkillsFormat::Csv => csv(report, sanitize, out),
        SkillsFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, report).map_err(io::Error::other)?;
            writeln!(out)
        }
        SkillsFormat::Md => super::markdown::Markdown { opts: people() }.write(report, out),
        SkillsFormat::Table => super::table::Terminal { opts: people() }.write(report, out),
        SkillsFormat::Xlsx => super::xlsx::Xlsx { opts: people() }.write(report, out),
        SkillsFormat::Html => super::html::Html { opts: people() }.write(report, out),
        SkillsFormat::Parquet => crate::report::parquet::write_table(&long_table(report), out),
    }
}

/// The options of the writers for people: the report's own language.
fn people() -> WriteOptions {
    WriteOptions {
        lang: None,
        ..WriteOptions::default()
    }
}

/// `x` to 4 decimals; empty when undefined.
fn decimal(x: Option<f64>) -> String {
    x.map_or_else(String::new, |x| format!("{:.4}", x + 0.0))
}

/// The long table, one row per cell × skill: the grouped dimensions' codes and labels, then the
/// skill, its label and type, the cell's postings, the mentions, the share, the characteristic
/// index, the previous year's share and the change, and `taught` (`true`, `false` or empty).
pub fn long_table(report: &SkillsReport) -> Table {
    let column = |id: &'static str, kind: Kind| Column {
        id,
        title: id,
        kind,
    };
    let mut columns: Vec<Column> = (report.by.dims().iter())
        .flat_map(|d: &Dim| {
            let [code, label] = d.csv_columns();
            [column(code, Kind::Code), column(label, Kind::Text)]
        })
        .collect();
    columns.extend([
        column("skill", Kind::Code),
        column("skill_label", Kind::Text),
        column("skill_type", Kind::Text),
        column("postings", Kind::Count),
        column("mentions", Kind::Count),
        column("share", Kind::Percent),
        column("characteristic", Kind::Ratio),
        column("previous_share", Kind::Percent),
        column("change", Kind::Percent),
        column("taught", Kind::Text),
    ]);
    let mut rows = Vec::new();
    for cell in &report.cells {
        for r in &cell.skills {
            let mut row: Vec<Value> = (cell.keys.iter())
                .flat_map(|(code, label)| [Value::Text(code.clone()), Value::Text(label.clone())])
                .collect();
            row.extend([
                Value::Text(r.skill.clone()),
                Value::Text(r.skill_label.clone()),
                Value::Label(r.skill_type),
                Value::Int(cell.postings),
                Value::Int(r.mentions),
                Value::Number(Some(r.share)),
                Value::Number(Some(r.characteristic)),
                Value::Number(r.previous_share),
                Value::Number(r.change),
                Value::Label(match r.taught {
                    Some(true) => "true",
                    Some(false) => "false",
                    None => "",
                }),
            ]);
            rows.push(row);
        }
    }
    Table { columns, rows }
}

/// The long table as CSV, decimals to 4 places as they are (`0.2500`).
fn csv(report: &SkillsReport, sanitize: bool, out: &mut dyn Write) -> io::Result<()> {
    let t = long_table(report);
    let mut w = ::csv::Writer::from_writer(out);
    w.write_record(t.columns.iter().map(|c| c.id))
        .map_err(crate::util::csv_io)?;
    for row in &t.rows {
        let rec = row.iter().map(|v| match v {
            Value::Text(s) => text_cell(s, sanitize).into_owned(),
            Value::Number(x) => decimal(*x),
            Value::Int(i) => i.to_string(),
            Value::Label(l) => l.to_string(),
            Value::Flag(b) => b.to_string(),
            Value::Status { status, .. } => status.as_str().to_string(),
        });
        w.write_record(rec).map_err(crate::util::csv_io)?;
    }
    w.flush()
}
