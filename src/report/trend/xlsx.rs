//! The trend workbook: the sheets Trend (one row per cell and year), Cells (one row per cell),
//! Backtest, Targets (when a targets file was given), Data quality and Method, laid out by the gap
//! workbook's table writer, so numbers are number cells and text is defused the same way.

use std::io::{self, Write};

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, XlsxError};

use super::i18n::{trend_strings, TrendStrings};
use super::tables;
use crate::model::trend::TrendReport;
use crate::report::i18n::{strings, Strings};
use crate::report::tables::{quality_counts, Audience};
use crate::report::xlsx::{new_sheet, table_sheet, text, Styles, Widths, Xlsx};
use crate::report::Reporter;

impl Reporter<TrendReport> for Xlsx {
    fn write(&self, report: &TrendReport, out: &mut dyn Write) -> io::Result<()> {
        let lang = self.opts.lang.unwrap_or(report.params.lang);
        let bytes = workbook(report, strings(lang), trend_strings(lang))
            .and_then(|mut wb| wb.save_to_buffer())
            .map_err(|e| io::Error::other(format!("building the workbook: {e}")))?;
        out.write_all(&bytes)
    }
}

fn workbook(
    report: &TrendReport,
    s: &Strings,
    ts: &'static TrendStrings,
) -> Result<Workbook, XlsxError> {
    let st = Styles::new();
    let mut wb = Workbook::new();
    // a fixed creation time, as the gap workbook's: the same inputs give the same bytes
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let by = &report.params.by;
    table_sheet(
        &mut wb,
        ts.sheet_trend,
        s,
        &st,
        &tables::series(&report.cells, by, s, ts, Audience::Sheet),
    )?;
    table_sheet(
        &mut wb,
        ts.sheet_summary,
        s,
        &st,
        &tables::summary(&report.cells, by, s, ts, Audience::Sheet),
    )?;
    table_sheet(
        &mut wb,
        ts.sheet_backtest,
        s,
        &st,
        &tables::backtest(&report.backtest.rows, s, ts, Audience::Sheet),
    )?;
    if !report.targets.is_empty() {
        table_sheet(
            &mut wb,
            ts.sheet_targets,
            s,
            &st,
            &tables::targets(&report.targets, s, ts, Audience::Sheet),
        )?;
    }
    table_sheet(
        &mut wb,
        s.sheet_quality,
        s,
        &st,
        &quality_counts(&report.quality, s),
    )?;
    method_sheet(&mut wb, report, s, ts, &st)?;
    Ok(wb)
}

fn method_sheet(
    wb: &mut Workbook,
    report: &TrendReport,
    s: &Strings,
    ts: &'static TrendStrings,
    st: &Styles,
) -> Result<(), XlsxError> {
    let p = &report.params;
    let ws = new_sheet(wb, s.sheet_method, s)?;
    let mut w = Widths::new();
    for (c, t) in [s.parameter, s.value].iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *t, &st.header)?;
    }
    let mut pairs: Vec<(&str, String)> = vec![
        (
            ts.observed_years,
            format!("{}-{}", p.observed_from, p.observed_to),
        ),
        (ts.horizon, p.horizon.to_string()),
        (ts.held_back_years, report.backtest.held_back.to_string()),
        (s.grouping, p.by.names().join(", ")),
        (s.taxonomy_version, p.taxonomy_version.clone()),
    ];
    pairs.extend(ts.def_method.iter().map(|d| (s.method, d.to_string())));
    let (defs, items) = super::assumptions_method(report, s, ts);
    pairs.extend(defs.iter().map(|d| (s.method, d.to_string())));
    pairs.extend(
        report
            .quality
            .inputs
            .iter()
            .map(|i| (s.file, format!("{}: {}", i.input, i.file))),
    );
    let pairs = (pairs.into_iter().map(|(k, v)| (k.to_string(), v))).chain(items);
    for (i, (k, v)) in pairs.enumerate() {
        text(ws, &mut w, i as u32 + 1, 0, &k)?;
        text(ws, &mut w, i as u32 + 1, 1, &v)?;
    }
    ws.set_freeze_panes(1, 0)?;
    w.apply(ws).map(|_| ())
}
