//! The CSV report: a fixed header, `.` decimals, no thousands separators, `ratio` and
//! `balance_index` to 4 decimals, `ratio` empty when undefined. The delimiter is `,` unless
//! `--output-delimiter` says otherwise (`;` for spreadsheets set to a French locale).
//!
//! Text cells (codes and labels, which may come from `--taxonomy` files) that a spreadsheet could
//! run as a formula are written with a leading `'`, unless `--no-sanitize` (see
//! [`crate::ingest::cells`]); numbers are written as they are, so a negative gap stays a number.

use std::io::{self, Write};

use super::Reporter;
use crate::ingest::cells::text_cell;
use crate::model::GapReport;
use crate::util::format_decimal;

pub struct Csv {
    pub delimiter: u8,
    /// Defuse formula-like text cells.
    pub sanitize: bool,
}

impl Reporter for Csv {
    fn write(&self, report: &GapReport, out: &mut dyn Write) -> io::Result<()> {
        let dims = report.params.by.dims();
        let mut w = ::csv::WriterBuilder::new()
            .delimiter(self.delimiter)
            .from_writer(out);
        let mut header: Vec<&str> = dims.iter().flat_map(|d| d.csv_columns()).collect();
        header.extend([
            "demand",
            "supply",
            "gap",
            "ratio",
            "balance_index",
            "status",
            "low_evidence",
        ]);
        w.write_record(&header).map_err(crate::util::csv_io)?;
        for row in &report.rows {
            let mut rec: Vec<String> = Vec::with_capacity(header.len());
            for d in dims {
                let (code, label) = row
                    .key(*d)
                    .map_or(("", ""), |k| (k.code.as_str(), k.label.as_str()));
                rec.push(text_cell(code, self.sanitize).into_owned());
                rec.push(text_cell(label, self.sanitize).into_owned());
            }
            let r = &row.metrics;
            rec.push(format_decimal(r.demand, 2));
            rec.push(format_decimal(r.supply, 2));
            rec.push(format_decimal(r.gap, 2));
            rec.push(r.ratio.map(|x| format_decimal(x, 4)).unwrap_or_default());
            rec.push(format_decimal(r.balance_index, 4));
            rec.push(r.status.as_str().to_string());
            rec.push(r.low_evidence.to_string());
            w.write_record(&rec).map_err(crate::util::csv_io)?;
        }
        w.flush()
    }
}
