//! The skills report in Markdown, for a wiki page or an email: per cell its skills as a table
//! (share, characteristic index, change, taught), the skills asked for that no programme
//! graduating there teaches, then where the rows went and the method. Headings, column titles,
//! type words and decimals follow `--lang`.

use std::io::{self, Write};

use super::i18n::skills_strings;
use super::tables;
use crate::report::i18n::strings;
use crate::report::markdown::{cell as escape, write_table, Markdown};
use crate::report::numbers::{Numbers, Style};
use crate::report::Reporter;
use crate::skills::report::SkillsReport;

impl Reporter<SkillsReport> for Markdown {
    fn write(&self, report: &SkillsReport, out: &mut dyn Write) -> io::Result<()> {
        let lang = self.opts.lang.unwrap_or(report.lang);
        let (s, ks, n) = (
            strings(lang),
            skills_strings(lang),
            Numbers::new(Style::Markdown, lang),
        );
        writeln!(out, "# {}, {}", ks.title, report.period)?;
        if let Some(y) = report.previous {
            writeln!(out, "\n{} {y}.", ks.compared_with)?;
        }
        for (cell, t) in report.cells.iter().zip(tables::per_cell(report, s, ks)) {
            writeln!(out, "\n## {}\n", escape(&tables::title(cell)))?;
            write!(out, "{}: {}", ks.postings, n.count(cell.postings))?;
            if let (Some(before), Some(y)) = (cell.previous_postings, report.previous) {
                write!(out, " ({y}: {})", n.count(before))?;
            }
            writeln!(out, ".\n")?;
            if t.rows.is_empty() {
                writeln!(out, "{}", ks.no_skills)?;
            } else {
                write_table(&t, &n, s, out)?;
            }
            if report.curricula && !cell.uncovered.is_empty() {
                writeln!(out, "\n{}:\n", ks.uncovered)?;
                for r in &cell.uncovered {
                    writeln!(
                        out,
                        "- {} ({}: {}, {})",
                        escape(&r.skill_label),
                        ks.mentions,
                        n.count(r.mentions),
                        n.percent(r.share)
                    )?;
                }
            }
        }
        if report.cells.is_empty() {
            writeln!(out, "\n{}", ks.no_cells)?;
        }
        writeln!(out, "\n## {}\n", s.data_quality)?;
        write_table(&tables::quality(report, ks), &n, s, out)?;
        writeln!(out, "\n{}\n\n## {}\n", ks.reconcile, s.method)?;
        for (k, v) in super::xlsx::method_items(report, s, ks) {
            writeln!(out, "- {}: {}", escape(k), escape(&v))?;
        }
        Ok(())
    }
}
