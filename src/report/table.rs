//! The table report for people at a terminal: ranked rows, aligned, with the period and the
//! meaning of the marks underneath.

use std::io::{self, Write};

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{CellAlignment, ContentArrangement, Table as Grid};

use super::i18n::strings;
use super::Reporter;
use crate::model::GapReport;
use crate::util::format_decimal;

pub struct Table;

impl Reporter for Table {
    fn write(&self, report: &GapReport, out: &mut dyn Write) -> io::Result<()> {
        let p = &report.params;
        let s = strings(p.lang);
        let dims = p.by.dims();
        let mut t = Grid::new();
        t.load_preset(UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Disabled);
        let mut header = vec![s.rank];
        header.extend(dims.iter().map(|d| d.titles(s)[1]));
        header.extend([s.demand, s.supply, s.gap, s.ratio, s.balance, s.status]);
        t.set_header(header.clone());
        for g in &report.rows {
            let mut row = vec![g.rank.to_string()];
            row.extend(g.keys.iter().map(|k| k.label.clone()));
            let r = &g.metrics;
            row.push(format_decimal(r.demand, 1));
            row.push(format_decimal(r.supply, 1));
            row.push(format_decimal(r.gap, 1));
            row.push(r.ratio.map_or("-".to_string(), |x| format_decimal(x, 2)));
            row.push(format!("{:+.2}", r.balance_index));
            let mut status = s.status_word(r.status).to_string();
            if r.low_evidence {
                status.push('*');
            }
            row.push(status);
            t.add_row(row);
        }
        let first_number = header.len() - 6;
        for i in first_number..header.len() - 1 {
            if let Some(c) = t.column_mut(i) {
                c.set_cell_alignment(CellAlignment::Right);
            }
        }
        if let Some(c) = t.column_mut(0) {
            c.set_cell_alignment(CellAlignment::Right);
        }
        writeln!(out, "{t}")?;
        writeln!(
            out,
            "{} {}: {}. {} {} {} T = {}.",
            s.period,
            super::period_text(report, s),
            s.annual_averages,
            s.def_gap,
            s.def_balance,
            s.def_status,
            p.threshold,
        )?;
        if report.rows.iter().any(|r| r.metrics.low_evidence) {
            writeln!(
                out,
                "* {} {}: {}.",
                s.def_low_evidence,
                s.min_count,
                format_decimal(p.min_count, 2)
            )?;
        }
        if report.rows.is_empty() {
            writeln!(out, "{}", s.no_rows)?;
        }
        Ok(())
    }
}
