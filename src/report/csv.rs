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
}

impl Reporter for Csv {
    fn write(&self, report: &GapReport, out: &mut dyn Write) -> io::Result<()> {
        let by = &report.params.by;
        let with_region = by.iter().any(|b| b == "region");
        let with_spec = by.iter().any(|b| b == "specialisation");
        let with_family = by.iter().any(|b| b == "family");
        let mut w = ::csv::WriterBuilder::new()
            .delimiter(self.delimiter)
            .from_writer(out);
        let mut header: Vec<&str> = Vec::new();
        if with_region {
            header.extend(["region_code", "region"]);
        }
        if with_spec {
            header.extend(["specialisation", "specialisation_label"]);
        } else if with_family {
            header.extend(["family", "family_label"]);
        }
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
        for r in &report.rows {
            let mut rec: Vec<String> = Vec::with_capacity(header.len());
            let text =
                |cell: &Option<String>| text_cell(cell.as_deref().unwrap_or("")).into_owned();
            if with_region {
                rec.push(text(&r.region_code));
                rec.push(text(&r.region));
            }
            if with_spec || with_family {
                rec.push(text(&r.specialisation));
                rec.push(text(&r.specialisation_label));
            }
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
