//! The skills report's writers: CSV (long format, one row per cell × skill), JSON and Markdown.
//!
//! CSV and JSON are for programs: codes and English type names, shares to 4 decimals. Markdown is
//! for people: per cell, its top skills with their share and index, then the uncovered ones.
//! Text cells that a spreadsheet could run as a formula get a leading `'` in CSV, as in `gap`.

use std::io::{self, Write};

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
