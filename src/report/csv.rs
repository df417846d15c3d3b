//! The CSV report: a fixed header, `.` decimals, no thousands separators, `ratio` and
//! `balance_index` to 4 decimals, `ratio` empty when undefined. The delimiter is `,` unless
//! `--output-delimiter` says otherwise (`;` for spreadsheets set to a French locale).

use std::io::{self, Write};

use super::Reporter;
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
        let mut w = ::csv::WriterBuilder::new()
            .delimiter(self.delimiter)
            .from_writer(out);
        let mut header: Vec<&str> = Vec::new();
        if with_region {
            header.extend(["region_code", "region"]);
        }
        if with_spec {
            header.extend(["specialisation", "specialisation_label"]);
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
        w.write_record(&header)?;
        for r in &report.rows {
            let mut rec: Vec<String> = Vec::with_capacity(header.len());
            if with_region {
                rec.push(r.region_code.clone().unwrap_or_default());
                rec.push(r.region.clone().unwrap_or_default());
            }
            if with_spec {
                rec.push(r.specialisation.clone().unwrap_or_default());
                rec.push(r.specialisation_label.clone().unwrap_or_default());
            }
            rec.push(format_decimal(r.demand, 2));
            rec.push(format_decimal(r.supply, 2));
            rec.push(format_decimal(r.gap, 2));
            rec.push(r.ratio.map(|x| format_decimal(x, 4)).unwrap_or_default());
            rec.push(format_decimal(r.balance_index, 4));
            rec.push(r.status.as_str().to_string());
            rec.push(r.low_evidence.to_string());
            w.write_record(&rec)?;
        }
        w.flush()
    }
}
