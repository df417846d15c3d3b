//! The Markdown report: the ranked rows as a table, then a short data-quality section, for pasting
//! into a wiki page, an issue or a README. Headings and column titles follow `--lang`.

use std::io::{self, Write};

use super::i18n::{strings, Strings};
use super::numbers::{Numbers, Style};
use super::tables::{self, Align, Audience, Kind, Table};
use super::{period_text, Reporter, WriteOptions};
use crate::model::GapReport;

/// How many unmapped labels the section lists.
const LISTED: usize = 20;

pub struct Markdown {
    pub opts: WriteOptions,
}

/// Escapes text for a Markdown table cell: the pipe ends a cell, a newline ends the row, and
/// `<`, `*`, `_`, `` ` ``, `[` would start HTML or inline markup.
pub(super) fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

fn table_row(out: &mut dyn Write, cells: &[String]) -> io::Result<()> {
    writeln!(out, "| {} |", cells.join(" | "))
}

/// Lays a table out in Markdown: text escaped, numbers as they are, a low-evidence status marked
/// `\*`. The rank's title (`#`, `N°`) is written as it is: inside a table it starts no heading.
pub fn write_table(t: &Table, n: &Numbers, s: &Strings, out: &mut dyn Write) -> io::Result<()> {
    let header: Vec<String> = t
        .columns
        .iter()
        .map(|c| match c.kind {
            Kind::Rank => c.title.to_string(),
            _ => cell(c.title),
        })
        .collect();
    table_row(out, &header)?;
    let right: Vec<bool> = t
        .columns
        .iter()
        .map(|c| c.align() == Align::Right)
        .collect();
    align_row(out, &right)?;
    for row in &t.rows {
        let cells: Vec<String> = t
            .columns
            .iter()
            .zip(row)
            .map(|(c, v)| {
                let text = v.text(c.kind, n, s);
                match c.kind {
                    Kind::Code | Kind::Text => cell(&text),
                    _ if v.is_low_evidence() => text + " \\*",
                    _ => text,
                }
            })
            .collect();
        table_row(out, &cells)?;
    }
    Ok(())
}

/// The separator line: `true` for a right-aligned (numeric) column.
fn align_row(out: &mut dyn Write, right: &[bool]) -> io::Result<()> {
    let parts: Vec<&str> = right
        .iter()
        .map(|r| if *r { "---:" } else { "---" })
        .collect();
    writeln!(out, "| {} |", parts.join(" | "))
}

impl Reporter for Markdown {
    fn write(&self, report: &GapReport, out: &mut dyn Write) -> io::Result<()> {
        let lang = self.opts.lang_of(report);
        let (s, n) = (strings(lang), Numbers::new(Style::Markdown, lang));
        let p = &report.params;
        writeln!(out, "# {}", s.title)?;
        writeln!(out)?;
        writeln!(
            out,
            "{}: {} ({}). {}: {}, {}: {}, {}: {}.",
            s.period,
            period_text(report, s),
            s.annual_averages,
            s.threshold,
            n.decimal(p.threshold, 4),
            s.min_count,
            n.decimal(p.min_count, 2),
            s.taxonomy_version,
            cell(&p.taxonomy_version),
        )?;
        writeln!(out)?;
        writeln!(out, "## {}", s.ranking)?;
        writeln!(out)?;
        if report.rows.is_empty() {
            writeln!(out, "{}", s.no_rows)?;
        } else {
            let ranking = tables::ranking_for(report, s, Audience::People);
            write_table(&ranking, &n, s, out)?;
        }
        writeln!(out)?;
        writeln!(out, "{} {} {}", s.def_gap, s.def_balance, s.def_status)?;
        let stated = p.indicators.as_ref();
        if let Some(line) = stated.and_then(|i| super::words::assumptions_line(i, s)) {
            writeln!(out)?;
            writeln!(out, "{}", cell(&line))?;
        }
        if report.rows.iter().any(|r| r.metrics.low_evidence) {
            writeln!(out)?;
            writeln!(
                out,
                "\\* {} {}: {}.",
                s.def_low_evidence,
                s.min_count,
                n.decimal(p.min_count, 2)
            )?;
        }
        writeln!(out)?;
        data_quality(report, s, &n, out)
    }
}

fn data_quality(
    report: &GapReport,
    s: &Strings,
    n: &Numbers,
    out: &mut dyn Write,
) -> io::Result<()> {
    let q = &report.quality;
    writeln!(out, "## {}", s.data_quality)?;
    writeln!(out)?;
    write_table(&tables::quality_counts(q, s), n, s, out)?;
    writeln!(out)?;
    writeln!(out, "{}", s.reconcile)?;
    if !q.reject_reasons.is_empty() {
        writeln!(out)?;
        writeln!(out, "### {}", s.reject_reasons)?;
        writeln!(out)?;
        table_row(out, &[cell(s.input), cell(s.reason), cell(s.rows)])?;
        align_row(out, &[false, false, true])?;
        for (input, reason, rows) in &q.reject_reasons {
            table_row(out, &[cell(input), cell(reason), n.count(*rows)])?;
        }
    }
    if !q.unmapped.is_empty() {
        writeln!(out)?;
        writeln!(out, "### {}", s.unmapped_labels)?;
        writeln!(out)?;
        table_row(
            out,
            &[
                cell(s.input),
                cell(s.column),
                cell(s.label),
                cell(s.reason),
                cell(s.rows),
                cell(s.units),
                cell(s.nearest_alias),
            ],
        )?;
        align_row(out, &[false, false, false, false, true, true, false])?;
        for u in q.unmapped.iter().take(LISTED) {
            let label = if u.label.is_empty() {
                "(empty)".to_string()
            } else {
                cell(u.label)
            };
            table_row(
                out,
                &[
                    cell(u.input),
                    cell(u.column),
                    label,
                    cell(&u.reason.to_string()),
                    n.count(u.rows),
                    n.count(u.units),
                    cell(u.suggestion.unwrap_or_default()),
                ],
            )?;
        }
        if q.unmapped.len() > LISTED {
            writeln!(out)?;
            writeln!(out, "({} {})", q.unmapped.len() - LISTED, s.more_not_listed)?;
        }
    }
    Ok(())
}
