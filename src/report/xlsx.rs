//! The Excel report: a workbook with the ranked gaps, roll-ups by region and by specialisation, the
//! data quality and the method, for analysts who work in a spreadsheet.
//!
//! Numbers are real number cells (formatted, never text), the header row is bold and frozen, gap
//! and balance index carry a three-colour scale (blue surplus, white balanced, red shortage).
//! Labels are written as string cells, which Excel and LibreOffice never evaluate: a label that
//! starts with `=` is shown as it is, with no `'` before it (the CSV report needs the `'`, a
//! workbook does not, and Excel would show it). A cell holds at most 32,767 characters; a longer
//! text is cut, ends in [`TRUNCATED`] and is counted in a warning, rather than failing the
//! workbook (and every other report of a job with it). The workbook is built in memory and
//! written through the caller's writer, so `-o` stays atomic. Its creation time is fixed
//! (1 January 2000), so that the same inputs give the same bytes.

use std::borrow::Cow;
use std::io::{self, Write};

use rust_xlsxwriter::{
    ConditionalFormat3ColorScale, ConditionalFormatType, DocProperties, ExcelDateTime,
    Format as CellFormat, Workbook, Worksheet, XlsxError,
};

use super::i18n::{strings, Strings};
use super::numbers::{Numbers, Style};
use super::tables::{self, Audience, Kind, Table, Value};
use super::{period_text, Reporter, WriteOptions};
use crate::dims::Dim;
use crate::indicators::rating::NO_ASSESSMENT;
use crate::model::GapReport;
use crate::taxonomy::Lang;

pub struct Xlsx {
    pub opts: WriteOptions,
}

/// Colours of the scale: ColorBrewer RdBu ends, white in the middle.
const SURPLUS_BLUE: u32 = 0x4575B4;
const BALANCED_WHITE: u32 = 0xFFFFFF;
const SHORTAGE_RED: u32 = 0xD73027;

/// The most characters an Excel cell holds.
pub(crate) const MAX_CELL_CHARS: usize = 32_767;

/// What ends a text cut to [`MAX_CELL_CHARS`].
pub(crate) const TRUNCATED: &str = " [truncated]";

/// A text cell's content within Excel's limit: cut, and marked with [`TRUNCATED`], when longer.
pub(crate) fn fit_cell(s: &str) -> Cow<'_, str> {
    // a char is at most 4 bytes: shorter texts need no counting
    if s.len() <= MAX_CELL_CHARS || s.chars().count() <= MAX_CELL_CHARS {
        return Cow::Borrowed(s);
    }
    let keep = MAX_CELL_CHARS - TRUNCATED.chars().count();
    let mut cut: String = s.chars().take(keep).collect();
    cut.push_str(TRUNCATED);
    Cow::Owned(cut)
}

impl Reporter for Xlsx {
    fn write(&self, report: &GapReport, out: &mut dyn Write) -> io::Result<()> {
        let mut truncated = 0;
        let lang = self.opts.lang_of(report);
        let bytes = workbook(report, lang, &mut truncated)
            .and_then(|mut wb| wb.save_to_buffer())
            .map_err(|e| io::Error::other(format!("building the workbook: {e}")))?;
        if truncated > 0 {
            crate::log::warn(format!(
                "xlsx: {truncated} cell(s) longer than Excel's {} characters were cut; they end \
                 in \"{}\" (the csv and json formats keep the whole text)",
                crate::util::thousands(MAX_CELL_CHARS as u64),
                TRUNCATED.trim_start()
            ));
        }
        out.write_all(&bytes)
    }
}

/// Cell formats shared by the sheets.
pub(super) struct Styles {
    pub(super) header: CellFormat,
    decimal: CellFormat,
    ratio: CellFormat,
    balance: CellFormat,
    integer: CellFormat,
    percent: CellFormat,
    change: CellFormat,
    year: CellFormat,
    /// A `no-assessment` rating: grey and italic, apart from a balanced one.
    no_assessment: CellFormat,
}

impl Styles {
    pub(super) fn new() -> Styles {
        Styles {
            header: CellFormat::new()
                .set_bold()
                .set_background_color(0xE7E6E6)
                .set_text_wrap(),
            decimal: CellFormat::new().set_num_format("#,##0.00"),
            ratio: CellFormat::new().set_num_format("0.0000"),
            balance: CellFormat::new().set_num_format("+0.0000;-0.0000;0.0000"),
            integer: CellFormat::new().set_num_format("#,##0"),
            percent: CellFormat::new().set_num_format("0.0%"),
            change: CellFormat::new().set_num_format("+0.0%;-0.0%;0.0%"),
            year: CellFormat::new().set_num_format("0"),
            no_assessment: CellFormat::new()
                .set_italic()
                .set_font_color(0x7F7F7F)
                .set_background_color(0xEDEDED),
        }
    }
}

/// Column widths that fit the longest text seen, within bounds; and how many texts of the sheet
/// were cut to fit a cell.
pub(super) struct Widths {
    cols: Vec<usize>,
    truncated: usize,
}

impl Widths {
    pub(super) fn new() -> Widths {
        Widths {
            cols: Vec::new(),
            truncated: 0,
        }
    }

    fn see(&mut self, col: u16, len: usize) {
        let c = usize::from(col);
        if self.cols.len() <= c {
            self.cols.resize(c + 1, 0);
        }
        self.cols[c] = self.cols[c].max(len);
    }

    /// Sets the column widths; returns the number of texts cut.
    pub(super) fn apply(&self, ws: &mut Worksheet) -> Result<usize, XlsxError> {
        for (c, w) in self.cols.iter().enumerate() {
            ws.set_column_width(c as u16, (*w as f64 + 2.0).clamp(8.0, 60.0))?;
        }
        Ok(self.truncated)
    }
}

/// Writes a string cell, cut to Excel's limit, and notes its width.
pub(super) fn text(
    ws: &mut Worksheet,
    w: &mut Widths,
    row: u32,
    col: u16,
    s: &str,
) -> Result<(), XlsxError> {
    let s = fit_cell(s);
    if matches!(s, Cow::Owned(_)) {
        w.truncated += 1;
    }
    w.see(col, s.chars().count());
    ws.write_string(row, col, s.as_ref())?;
    Ok(())
}

fn number(
    ws: &mut Worksheet,
    w: &mut Widths,
    row: u32,
    col: u16,
    x: f64,
    f: &CellFormat,
) -> Result<(), XlsxError> {
    w.see(col, 12);
    ws.write_number_with_format(row, col, x, f)?;
    Ok(())
}

/// The bold, frozen header row.
fn header(
    ws: &mut Worksheet,
    w: &mut Widths,
    st: &Styles,
    titles: &[&str],
) -> Result<(), XlsxError> {
    for (c, t) in titles.iter().enumerate() {
        w.see(c as u16, t.chars().count().min(20));
        ws.write_string_with_format(0, c as u16, *t, &st.header)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// The diverging colour scale on one column of `n` data rows: blue at the lowest (or at `-1`),
/// white at 0, red at the highest (or `+1`).
fn colour_scale(ws: &mut Worksheet, col: u16, n: u32, unit: bool) -> Result<(), XlsxError> {
    if n == 0 {
        return Ok(());
    }
    let mut scale = ConditionalFormat3ColorScale::new()
        .set_minimum_color(SURPLUS_BLUE)
        .set_midpoint(ConditionalFormatType::Number, 0)
        .set_midpoint_color(BALANCED_WHITE)
        .set_maximum_color(SHORTAGE_RED);
    if unit {
        scale = scale
            .set_minimum(ConditionalFormatType::Number, -1)
            .set_maximum(ConditionalFormatType::Number, 1);
    }
    ws.add_conditional_format(1, col, n, col, &scale)?;
    Ok(())
}

pub(super) fn new_sheet<'a>(
    wb: &'a mut Workbook,
    name: &str,
    s: &Strings,
) -> Result<&'a mut Worksheet, XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    ws.set_right_to_left(s.rtl);
    Ok(ws)
}

/// The workbook; adds to `truncated` the number of texts cut to fit a cell.
fn workbook(report: &GapReport, lang: Lang, truncated: &mut usize) -> Result<Workbook, XlsxError> {
    let s = strings(lang);
    let st = Styles::new();
    let mut wb = Workbook::new();
    // The workbook's creation time would otherwise be the time of the run, and two runs on the
    // same inputs would give different bytes; the time of a run is in the manifest instead.
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
    *truncated += gaps_sheet(&mut wb, report, s, &st)?;
    let p = &report.params;
    for r in &report.rollups {
        let t = tables::rollup_for(report, r, s);
        *truncated += rollup_sheet(&mut wb, &t, r.dim, s, &st)?;
    }
    if (p.indicators.as_ref())
        .is_some_and(|i| i.has(crate::indicators::columns::Group::Concentration))
    {
        let ws = new_sheet(&mut wb, super::words::sentences(s).concentration, s)?;
        let mut w = Widths::new();
        let t = tables::concentration_of(report, s);
        sheet_table(ws, &mut w, &st, s, &t)?;
        *truncated += w.apply(ws)?;
    }
    super::skills::xlsx::gap_sheet(&mut wb, &report.skills, lang, &st)?;
    *truncated += quality_sheet(&mut wb, report, s, &st)?;
    *truncated += method_sheet(&mut wb, report, s, &st)?;
    Ok(wb)
}

/// Writes a table from the top of a sheet: the bold, frozen header row, then one row per table
/// row, numbers as number cells in the format of their kind; returns the number of rows.
pub(super) fn sheet_table(
    ws: &mut Worksheet,
    w: &mut Widths,
    st: &Styles,
    s: &Strings,
    t: &Table,
) -> Result<u32, XlsxError> {
    // only for the words of statuses and flags: numbers are number cells
    let words = Numbers::new(Style::Csv, crate::taxonomy::Lang::En);
    header(ws, w, st, &t.titles())?;
    for (i, values) in t.rows.iter().enumerate() {
        let row = i as u32 + 1;
        for (c, (col, v)) in t.columns.iter().zip(values).enumerate() {
            let c = c as u16;
            match v {
                Value::Int(x) => number(ws, w, row, c, *x as f64, &st.integer)?,
                Value::Number(None) => {}
                Value::Number(Some(x)) => {
                    let format = match col.kind {
                        Kind::Ratio => &st.ratio,
                        Kind::Balance => &st.balance,
                        Kind::Percent => &st.percent,
                        Kind::Change => &st.change,
                        Kind::Year => &st.year,
                        _ => &st.decimal,
                    };
                    number(ws, w, row, c, *x, format)?;
                }
                Value::Label(l) if col.kind == Kind::Rating && *l == NO_ASSESSMENT => {
                    let t = v.text(col.kind, &words, s);
                    w.see(c, t.chars().count());
                    ws.write_string_with_format(row, c, &t, &st.no_assessment)?;
                }
                _ => text(ws, w, row, c, &v.text(col.kind, &words, s))?,
            }
        }
    }
    Ok(t.rows.len() as u32)
}

/// The colour scales of a table's gap and balance-index columns, over its `n` rows.
pub(super) fn colour_scales(ws: &mut Worksheet, t: &Table, n: u32) -> Result<(), XlsxError> {
    for (c, col) in t.columns.iter().enumerate() {
        match col.kind {
            Kind::Gap => colour_scale(ws, c as u16, n, false)?,
            Kind::Balance => colour_scale(ws, c as u16, n, true)?,
            _ => {}
        }
    }
    Ok(())
}

/// A sheet holding one table, filtered from its header row, with the colour scale on its gap
/// and balance-index columns.
pub(super) fn table_sheet(
    wb: &mut Workbook,
    name: &str,
    s: &Strings,
    st: &Styles,
    t: &Table,
) -> Result<(), XlsxError> {
    let ws = new_sheet(wb, name, s)?;
    let mut w = Widths::new();
    let n = sheet_table(ws, &mut w, st, s, t)?;
    colour_scales(ws, t, n)?;
    if n > 0 {
        ws.autofilter(0, 0, n, t.columns.len() as u16 - 1)?;
    }
    w.apply(ws).map(|_| ())
}

fn gaps_sheet(
    wb: &mut Workbook,
    report: &GapReport,
    s: &Strings,
    st: &Styles,
) -> Result<usize, XlsxError> {
    let ws = new_sheet(wb, s.sheet_gaps, s)?;
    let mut w = Widths::new();
    let t = tables::ranking_for(report, s, Audience::Sheet);
    let n = sheet_table(ws, &mut w, st, s, &t)?;
    colour_scales(ws, &t, n)?;
    if n > 0 {
        ws.autofilter(0, 0, n, t.columns.len() as u16 - 1)?;
    }
    w.see(0, 4);
    w.apply(ws)
}

fn rollup_sheet(
    wb: &mut Workbook,
    t: &Table,
    dim: Dim,
    s: &Strings,
    st: &Styles,
) -> Result<usize, XlsxError> {
    let ws = new_sheet(wb, dim.rollup_title(s), s)?;
    let mut w = Widths::new();
    let n = sheet_table(ws, &mut w, st, s, t)?;
    colour_scales(ws, t, n)?;
    w.apply(ws)
}

fn quality_sheet(
    wb: &mut Workbook,
    report: &GapReport,
    s: &Strings,
    st: &Styles,
) -> Result<usize, XlsxError> {
    let q = &report.quality;
    let ws = new_sheet(wb, s.sheet_quality, s)?;
    let mut w = Widths::new();
    let mut row = 1 + sheet_table(ws, &mut w, st, s, &tables::quality_counts(q, s))?;
    text(ws, &mut w, row, 0, s.reconcile)?;
    w.cols[0] = 12; // the note may overflow into the next cells
    row += 2;
    if !q.reject_reasons.is_empty() {
        ws.write_string_with_format(row, 0, s.reject_reasons, &st.header)?;
        row += 1;
        for (c, t) in [s.input, s.reason, s.rows].iter().enumerate() {
            ws.write_string_with_format(row, c as u16, *t, &st.header)?;
        }
        row += 1;
        for (input, reason, n) in &q.reject_reasons {
            text(ws, &mut w, row, 0, input)?;
            text(ws, &mut w, row, 1, reason)?;
            number(ws, &mut w, row, 2, *n as f64, &st.integer)?;
            row += 1;
        }
        row += 1;
    }
    if !q.unmapped.is_empty() {
        ws.write_string_with_format(row, 0, s.unmapped_labels, &st.header)?;
        row += 1;
        let titles = [
            s.input,
            s.column,
            s.label,
            s.reason,
            s.rows,
            s.units,
            s.nearest_alias,
        ];
        for (c, t) in titles.iter().enumerate() {
            ws.write_string_with_format(row, c as u16, *t, &st.header)?;
        }
        row += 1;
        for u in q.unmapped.iter() {
            text(ws, &mut w, row, 0, u.input)?;
            text(ws, &mut w, row, 1, u.column)?;
            text(ws, &mut w, row, 2, u.label)?;
            text(ws, &mut w, row, 3, &u.reason.to_string())?;
            number(ws, &mut w, row, 4, u.rows as f64, &st.integer)?;
            number(ws, &mut w, row, 5, u.units as f64, &st.integer)?;
            text(ws, &mut w, row, 6, u.suggestion.unwrap_or_default())?;
            row += 1;
        }
    }
    w.apply(ws)
}

fn method_sheet(
    wb: &mut Workbook,
    report: &GapReport,
    s: &Strings,
    st: &Styles,
) -> Result<usize, XlsxError> {
    let p = &report.params;
    let ws = new_sheet(wb, s.sheet_method, s)?;
    let mut w = Widths::new();
    header(ws, &mut w, st, &[s.parameter, s.value, s.bytes])?;
    let mut row = 1u32;
    let mut pair = |ws: &mut Worksheet, w: &mut Widths, k: &str, v: &str| {
        let r = row;
        row += 1;
        text(ws, w, r, 0, k)?;
        text(ws, w, r, 1, v).map(|_| r)
    };
    pair(ws, &mut w, s.period, &period_text(report, s))?;
    pair(ws, &mut w, s.grouping, &p.by.names().join(", "))?;
    pair(ws, &mut w, s.sort, &p.sort)?;
    pair(ws, &mut w, s.threshold, &p.threshold.to_string())?;
    pair(ws, &mut w, s.min_count, &p.min_count.to_string())?;
    pair(ws, &mut w, s.taxonomy_version, &p.taxonomy_version)?;
    for d in s.definitions() {
        pair(ws, &mut w, s.method, d)?;
    }
    if let Some(ind) = &p.indicators {
        for d in super::words::definitions(s, &ind.groups) {
            pair(ws, &mut w, s.method, d)?;
        }
        for (k, v) in super::words::method_items(ind, s) {
            pair(ws, &mut w, &k, &v)?;
        }
    }
    for i in &report.quality.inputs {
        let r = pair(ws, &mut w, &format!("{}: {}", s.file, i.input), &i.file)?;
        if let Some(b) = i.bytes {
            number(ws, &mut w, r, 2, b as f64, &st.integer)?;
        }
    }
    w.apply(ws)
}
