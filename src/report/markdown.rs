//! The Markdown report: the ranked rows as a table, then a short data-quality section, for pasting
//! into a wiki page, an issue or a README. Headings and column titles follow `--lang`.

use std::io::{self, Write};

use super::i18n::{strings, Strings};
use super::{period_text, Reporter};
use crate::model::GapReport;
use crate::util::format_decimal;
use crate::util::thousands;

/// How many unmapped labels the section lists.
const LISTED: usize = 20;

pub struct Markdown;

/// Escapes text for a Markdown table cell: the pipe ends a cell, a newline ends the row, and
/// `<`, `*`, `_`, `` ` ``, `[` would start HTML or inline markup.
fn cell(s: &str) -> String {
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
        let s = strings(report.params.lang);
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
            format_decimal(p.threshold, 4),
            s.min_count,
            format_decimal(p.min_count, 2),
            s.taxonomy_version,
            cell(&p.taxonomy_version),
        )?;
        writeln!(out)?;
        writeln!(out, "## {}", s.ranking)?;
        writeln!(out)?;
        if report.rows.is_empty() {
            writeln!(out, "{}", s.no_rows)?;
        } else {
            ranking(report, s, out)?;
        }
        writeln!(out)?;
        writeln!(out, "{} {} {}", s.def_gap, s.def_balance, s.def_status)?;
        if report.rows.iter().any(|r| r.metrics.low_evidence) {
            writeln!(out)?;
            writeln!(
                out,
                "\\* {} {}: {}.",
                s.def_low_evidence,
                s.min_count,
                format_decimal(p.min_count, 2)
            )?;
        }
        writeln!(out)?;
        data_quality(report, s, out)
    }
}

fn ranking(report: &GapReport, s: &Strings, out: &mut dyn Write) -> io::Result<()> {
    let mut header = vec![s.rank.to_string()];
    let mut right = vec![true];
    for d in report.params.by.dims() {
        header.push(cell(d.titles(s)[1]));
        right.push(false);
    }
    for h in [s.demand, s.supply, s.gap, s.ratio, s.balance] {
        header.push(cell(h));
        right.push(true);
    }
    header.push(cell(s.status));
    right.push(false);
    table_row(out, &header)?;
    align_row(out, &right)?;
    for g in &report.rows {
        let mut row = vec![g.rank.to_string()];
        row.extend(g.keys.iter().map(|k| cell(&k.label)));
        let r = &g.metrics;
        row.push(format_decimal(r.demand, 1));
        row.push(format_decimal(r.supply, 1));
        row.push(format_decimal(r.gap, 1));
        row.push(r.ratio.map_or("–".to_string(), |x| format_decimal(x, 2)));
        row.push(format!("{:+.2}", r.balance_index));
        let mut status = s.status_word(r.status).to_string();
        if r.low_evidence {
            status.push_str(" \\*");
        }
        row.push(status);
        table_row(out, &row)?;
    }
    Ok(())
}

fn data_quality(report: &GapReport, s: &Strings, out: &mut dyn Write) -> io::Result<()> {
    let q = &report.quality;
    writeln!(out, "## {}", s.data_quality)?;
    writeln!(out)?;
    let header: Vec<String> = s.quality_columns().iter().map(|h| cell(h)).collect();
    table_row(out, &header)?;
    align_row(
        out,
        &[
            false, false, false, false, true, true, true, true, true, true,
        ],
    )?;
    for i in &q.inputs {
        for (what, n) in [(s.rows, i.rows()), (s.units, i.units())] {
            let mut row = vec![cell(&i.input), cell(&i.file), cell(&i.unit), cell(what)];
            row.extend(n.iter().map(|x| thousands(*x)));
            table_row(out, &row)?;
        }
    }
    writeln!(out)?;
    writeln!(out, "{}", s.reconcile)?;
    if !q.reject_reasons.is_empty() {
        writeln!(out)?;
        writeln!(out, "### {}", s.reject_reasons)?;
        writeln!(out)?;
        table_row(out, &[cell(s.input), cell(s.reason), cell(s.rows)])?;
        align_row(out, &[false, false, true])?;
        for (input, reason, n) in &q.reject_reasons {
            table_row(out, &[cell(input), cell(reason), thousands(*n)])?;
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
                cell(&u.label)
            };
            table_row(
                out,
                &[
                    cell(&u.input),
                    cell(&u.column),
                    label,
                    cell(&u.reason.to_string()),
                    thousands(u.rows),
                    thousands(u.units),
                    cell(u.suggestion.as_deref().unwrap_or_default()),
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
