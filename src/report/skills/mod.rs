//! The skills report's writers: CSV (long format, one row per cell × skill) and JSON here; the
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

fn csv(report: &SkillsReport, sanitize: bool, out: &mut dyn Write) -> io::Result<()> {
    let mut w = ::csv::Writer::from_writer(out);
    let mut header: Vec<&str> = (report.by.dims().iter())
        .flat_map(|d: &Dim| d.csv_columns())
        .collect();
    header.extend([
        "skill",
        "skill_label",
        "skill_type",
        "postings",
        "mentions",
        "share",
        "characteristic",
        "previous_share",
        "change",
        "taught",
    ]);
    w.write_record(&header).map_err(crate::util::csv_io)?;
    for cell in &report.cells {
        for r in &cell.skills {
            let mut rec: Vec<String> = (cell.keys.iter())
                .flat_map(|(code, label)| [code, label])
                .map(|s| text_cell(s, sanitize).into_owned())
                .collect();
            rec.extend([
                r.skill.clone(),
                text_cell(&r.skill_label, sanitize).into_owned(),
                r.skill_type.to_string(),
                cell.postings.to_string(),
                r.mentions.to_string(),
                decimal(Some(r.share)),
                decimal(Some(r.characteristic)),
                decimal(r.previous_share),
                decimal(r.change),
                r.taught.map_or_else(String::new, |t| t.to_string()),
            ]);
            w.write_record(&rec).map_err(crate::util::csv_io)?;
        }
    }
    w.flush()
}
