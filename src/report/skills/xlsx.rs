//! The skills workbook: the sheets Skills (one row per cell × skill listed), Uncovered skills
//! (with a curricula file: per cell, the skills no programme graduating there teaches, most
//! asked for first), Data quality and Method, laid out by the gap workbook's table writer, so
//! numbers are number cells (shares as percentages) and text is never run as a formula.

use std::io::{self, Write};

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, XlsxError};

use super::i18n::{skills_strings, SkillsStrings};
use super::tables;
use crate::model::skills::SpecSkills;
use crate::report::i18n::{strings, Strings};
use crate::report::tables::Audience;
use crate::report::xlsx::{new_sheet, sheet_table, table_sheet, text, Styles, Widths, Xlsx};
use crate::report::Reporter;
use crate::skills::report::SkillsReport;

impl Reporter<SkillsReport> for Xlsx {
    fn write(&self, report: &SkillsReport, out: &mut dyn Write) -> io::Result<()> {
        let lang = self.opts.lang.unwrap_or(report.lang);
        let bytes = workbook(report, strings(lang), skills_strings(lang))
            .and_then(|mut wb| wb.save_to_buffer())
            .map_err(|e| io::Error::other(format!("building the workbook: {e}")))?;
        out.write_all(&bytes)
    }
}

fn workbook(report: &SkillsReport, s: &Strings, ks: &SkillsStrings) -> Result<Workbook, XlsxError> {
    let st = Styles::new();
    let mut wb = Workbook::new();
    // a fixed creation time, as the gap workbook's: the same inputs give the same bytes
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let skills = tables::skills(report, s, ks, Audience::Sheet);
    table_sheet(&mut wb, ks.sheet_skills, s, &st, &skills)?;
    if report.curricula {
        let uncovered = tables::uncovered(report, s, ks, Audience::Sheet);
        table_sheet(&mut wb, ks.sheet_uncovered, s, &st, &uncovered)?;
    }
    let ws = new_sheet(&mut wb, s.sheet_quality, s)?;
    let mut w = Widths::new();
    let n = sheet_table(ws, &mut w, &st, s, &tables::quality(report, ks))?;
    text(ws, &mut w, n + 2, 0, ks.reconcile)?;
    w.apply(ws)?;
    method_sheet(&mut wb, report, s, ks, &st)?;
    Ok(wb)
}

/// The method: the parameters, the definitions and the files read.
fn method_sheet(
    wb: &mut Workbook,
    report: &SkillsReport,
    s: &Strings,
    ks: &SkillsStrings,
    st: &Styles,
) -> Result<(), XlsxError> {
    let ws = new_sheet(wb, s.sheet_method, s)?;
    let mut w = Widths::new();
    for (c, t) in [s.parameter, s.value].iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *t, &st.header)?;
    }
    for (i, (k, v)) in method_items(report, s, ks).iter().enumerate() {
        text(ws, &mut w, i as u32 + 1, 0, k)?;
        text(ws, &mut w, i as u32 + 1, 1, v)?;
    }
    ws.set_freeze_panes(1, 0)?;
    w.apply(ws).map(|_| ())
}

/// The method's items, as (name, value) pairs: the year and the year compared with, the
/// grouping, the skills listed per cell, the taxonomy's version, the definitions, the files.
pub(super) fn method_items(
    report: &SkillsReport,
    s: &Strings,
    ks: &SkillsStrings,
) -> Vec<(&'static str, String)> {
    let mut items = vec![(ks.year, report.period.to_string())];
    if let Some(y) = report.previous {
        items.push((ks.compared_with, y.to_string()));
    }
    items.push((s.grouping, report.by.names().join(", ")));
    if report.top > 0 {
        items.push((ks.top, report.top.to_string()));
    }
    items.push((s.taxonomy_version, report.taxonomy_version.clone()));
    items.extend(
        ks.definitions(report.curricula)
            .into_iter()
            .map(|d| (s.method, d.to_string())),
    );
    items.extend(report.files.iter().map(|f| (s.file, f.clone())));
    items
}

/// The gap workbook's sheet of top skills per specialisation shown; none when there are none
/// (the postings had no text columns).
pub(in crate::report) fn gap_sheet(
    wb: &mut Workbook,
    top: &[SpecSkills],
    lang: crate::taxonomy::Lang,
    st: &Styles,
) -> Result<(), XlsxError> {
    if top.is_empty() {
        return Ok(());
    }
    let (s, ks) = (strings(lang), skills_strings(lang));
    table_sheet(
        wb,
        ks.sheet_gap,
        s,
        st,
        &tables::gap_top(top, s, ks, Audience::Sheet),
    )
}
