//! The table report for people at a terminal: ranked rows, aligned, with the period and the
//! meaning of the marks underneath.

use std::io::{self, Write};

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{CellAlignment, ContentArrangement, Table as Grid};

use super::i18n::{strings, Strings};
use super::numbers::{Numbers, Style};
use super::tables::{self, Align, Audience, Table};
use super::{Reporter, WriteOptions};
use crate::model::GapReport;

/// The table format's writer.
pub struct Terminal {
    pub opts: WriteOptions,
}

/// Lays a table out as an aligned grid; a low-evidence status is marked `*`.
pub fn grid(t: &Table, n: &Numbers, s: &Strings) -> Grid {
    let mut g = Grid::new();
    g.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled);
    g.set_header(t.titles());
    for row in &t.rows {
        g.add_row(t.columns.iter().zip(row).map(|(c, v)| {
            let mut text = v.text(c.kind, n, s);
            if v.is_low_evidence() {
                text.push('*');
            }
            text
        }));
    }
    for (i, c) in t.columns.iter().enumerate() {
        if c.align() == Align::Right {
            if let Some(col) = g.column_mut(i) {
                col.set_cell_alignment(CellAlignment::Right);
            }
        }
    }
    g
}

impl Reporter for Terminal {
    fn write(&self, report: &GapReport, out: &mut dyn Write) -> io::Result<()> {
        let p = &report.params;
        let lang = self.opts.lang_of(report);
        let (s, n) = (strings(lang), Numbers::new(Style::Terminal, lang));
        let ranking = tables::ranking(&report.rows, &p.by, s, Audience::People);
        writeln!(out, "{}", grid(&ranking, &n, s))?;
        writeln!(
            out,
            "{} {}: {}. {} {} {} T = {}.",
            s.period,
            super::period_text(report, s),
            s.annual_averages,
            s.def_gap,
            s.def_balance,
            s.def_status,
            n.decimal(p.threshold, 4),
        )?;
        if report.rows.iter().any(|r| r.metrics.low_evidence) {
            writeln!(
                out,
                "* {} {}: {}.",
                s.def_low_evidence,
                s.min_count,
                n.decimal(p.min_count, 2)
            )?;
        }
        if report.rows.is_empty() {
            writeln!(out, "{}", s.no_rows)?;
        }
        Ok(())
    }
}
