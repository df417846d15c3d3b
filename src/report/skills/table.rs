//! The skills report at a terminal: per cell, an aligned grid of its skills (share,
//! characteristic index, change, taught), then where the rows went and what the numbers mean.

use std::io::{self, Write};

use super::i18n::skills_strings;
use super::tables;
use crate::report::i18n::strings;
use crate::report::numbers::{Numbers, Style};
use crate::report::table::{grid, Terminal};
use crate::report::Reporter;
use crate::skills::report::SkillsReport;

impl Reporter<SkillsReport> for Terminal {
    fn write(&self, report: &SkillsReport, out: &mut dyn Write) -> io::Result<()> {
        let lang = self.opts.lang.unwrap_or(report.lang);
        let (s, ks, n) = (
            strings(lang),
            skills_strings(lang),
            Numbers::new(Style::Terminal, lang),
        );
        write!(out, "{}, {}", ks.title, report.period)?;
        if let Some(y) = report.previous {
            write!(out, " ({} {y})", ks.compared_with.to_lowercase())?;
        }
        writeln!(out)?;
        for (cell, t) in report.cells.iter().zip(tables::per_cell(report, s, ks)) {
            writeln!(
                out,
                "\n{} ({}: {})",
                tables::title(cell),
                ks.postings,
                n.count(cell.postings)
            )?;
            if t.rows.is_empty() {
                writeln!(out, "{}", ks.no_skills)?;
            } else {
                writeln!(out, "{}", grid(&t, &n, s))?;
            }
        }
        if report.cells.is_empty() {
            writeln!(out, "{}", ks.no_cells)?;
        }
        writeln!(out)?;
        writeln!(out, "{}", grid(&tables::quality(report, ks), &n, s))?;
        writeln!(out, "{}", ks.reconcile)?;
        for d in ks.definitions(report.curricula) {
            writeln!(out, "{d}")?;
        }
        Ok(())
    }
}
