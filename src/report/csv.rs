//! The CSV report: a fixed header, `.` decimals, no thousands separators, `ratio` and
//! `balance_index` to 4 decimals, `ratio` empty when undefined. The delimiter is `,` unless
//! `--output-delimiter` says otherwise (`;` for spreadsheets set to a French locale).
//!
//! Text cells (codes and labels, which may come from `--taxonomy` files) that a spreadsheet could
//! run as a formula are written with a leading `'`, unless `--no-sanitize` (see
//! [`crate::ingest::cells`]); numbers are written as they are, so a negative gap stays a number.

use std::io::{self, Write};

use super::i18n::strings;
use super::numbers::{Numbers, Style};
use super::tables::{self, Audience, Kind, Table, Value};
use super::{Reporter, WriteOptions};
use crate::ingest::cells::text_cell;
use crate::model::GapReport;

pub struct Csv {
    pub opts: WriteOptions,
}

impl Reporter for Csv {
    fn write(&self, report: &GapReport, out: &mut dyn Write) -> io::Result<()> {
        let lang = self.opts.lang_of(report);
        let ranking = tables::ranking_for(report, strings(lang), Audience::Csv);
        write_table(&ranking, &self.opts, out)
    }
}

/// Writes a table as CSV: the columns' ids as the header, then one record per row. Statuses and
/// flags are written in English (`shortage`, `true`) whatever the language: CSV is for programs.
pub fn write_table(t: &Table, opts: &WriteOptions, out: &mut dyn Write) -> io::Result<()> {
    let n = Numbers::new(Style::Csv, crate::taxonomy::Lang::En);
    let mut w = ::csv::WriterBuilder::new()
        .delimiter(opts.csv_delimiter)
        .from_writer(out);
    let header: Vec<&str> = t.columns.iter().map(|c| c.id).collect();
    w.write_record(&header).map_err(crate::util::csv_io)?;
    for row in &t.rows {
        let rec = (t.columns.iter().zip(row)).map(|(c, v)| cell_text(c.kind, v, &n, opts.sanitize));
        w.write_record(rec).map_err(crate::util::csv_io)?;
    }
    w.flush()
}

/// A cell as the CSV writes it with the numbers `n`; text defused when `sanitize`.
pub(super) fn cell_text(kind: Kind, v: &Value, n: &Numbers, sanitize: bool) -> String {
    match v {
        Value::Int(i) => i.to_string(),
        Value::Text(s) => text_cell(s, sanitize).into_owned(),
        Value::Number(x) => n.measure(kind, *x),
        Value::Status { status, .. } => status.as_str().to_string(),
        Value::Flag(b) => b.to_string(),
        Value::Label(l) => l.to_string(),
    }
}
