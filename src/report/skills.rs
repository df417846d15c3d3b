//! The skills report's writers: CSV (long format, one row per cell × skill), Parquet (the same
//! rows, typed), JSON and Markdown.
//!
//! CSV and JSON are for programs: codes and English type names, shares to 4 decimals. Markdown is
//! for people: per cell, its top skills with their share and index, then the uncovered ones.
//! Text cells that a spreadsheet could run as a formula get a leading `'` in CSV, as in `gap`.

use std::io::{self, Write};

use super::tables::{Column, Kind, Table, Value};
use crate::dims::Dim;
use crate::ingest::cells::text_cell;
use crate::skills::report::{SkillCell, SkillRow, SkillsReport};

/// The formats of `skills`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SkillsFormat {
    /// One row per cell × skill.
    Csv,
    /// The whole report as one JSON document.
    Json,
    /// A Markdown document: one section per cell.
    Md,
    /// The CSV's rows in a Parquet file, typed: text as UTF-8 strings, counts as INT64, shares
    /// as DOUBLE (needs -o FILE or a redirected stdout).
    Parquet,
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
        SkillsFormat::Md => markdown(report, out),
        SkillsFormat::Parquet => super::parquet::write_table(&long_table(report), out),
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

/// `12.5 %`
fn percent(x: f64) -> String {
    format!("{:.1} %", 100.0 * x + 0.0)
}

/// A cell's title: its labels.
fn title(cell: &SkillCell) -> String {
    (cell.keys.iter())
        .map(|(_, label)| label.as_str())
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Escapes the characters that Markdown table cells cannot hold as they are.
fn md(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn markdown(report: &SkillsReport, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "# Skills asked for in postings, {}", report.period)?;
    writeln!(out)?;
    let s = &report.summary;
    writeln!(
        out,
        "{} rows read: {} rejected, {} merged as copies, {} in other years, {} not placed, {} in \
         the cells below ({} of them without any text).",
        s.rows_read,
        s.rows_rejected,
        s.merged,
        s.other_years,
        s.unplaced,
        s.in_cells,
        s.without_text
    )?;
    writeln!(
        out,
        "Share: postings of the cell that mention the skill. Index: the share in the cell ÷ the \
         share over all postings of {}.",
        report.period
    )?;
    for cell in &report.cells {
        writeln!(out)?;
        writeln!(out, "## {}", md(&title(cell)))?;
        writeln!(out)?;
        let before = match (cell.previous_postings, report.previous) {
            (Some(n), Some(y)) => format!(" ({n} in {y})"),
            _ => String::new(),
        };
        writeln!(out, "{} postings{before}.", cell.postings)?;
        if cell.skills.is_empty() {
            continue;
        }
        writeln!(out)?;
        let change = report.previous.is_some();
        write!(out, "| skill | type | postings | share | index |")?;
        if change {
            write!(out, " change |")?;
        }
        if report.curricula {
            write!(out, " taught |")?;
        }
        writeln!(out)?;
        write!(out, "|---|---|--:|--:|--:|")?;
        if change {
            write!(out, "--:|")?;
        }
        if report.curricula {
            write!(out, ":-:|")?;
        }
        writeln!(out)?;
        for r in &cell.skills {
            row(out, r, change, report.curricula)?;
        }
        if report.curricula && !cell.uncovered.is_empty() {
            writeln!(out)?;
            writeln!(out, "Asked for, taught by no programme graduating here:")?;
            writeln!(out)?;
            for r in &cell.uncovered {
                writeln!(
                    out,
                    "- {} ({} postings, {})",
                    md(&r.skill_label),
                    r.mentions,
                    percent(r.share)
                )?;
            }
        }
    }
    Ok(())
}

fn row(out: &mut dyn Write, r: &SkillRow, change: bool, curricula: bool) -> io::Result<()> {
    write!(
        out,
        "| {} | {} | {} | {} | {:.2} |",
        md(&r.skill_label),
        r.skill_type,
        r.mentions,
        percent(r.share),
        r.characteristic
    )?;
    if change {
        match r.change {
            Some(c) => write!(out, " {:+.1} pts |", 100.0 * c + 0.0)?,
            None => write!(out, " |")?,
        }
    }
    if curricula {
        write!(
            out,
            " {} |",
            if r.taught == Some(true) {
                "yes"
            } else {
                "**no**"
            }
        )?;
    }
    writeln!(out)
}
