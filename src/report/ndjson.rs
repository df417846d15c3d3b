//! The NDJSON report: one JSON object per ranked row, one per line, in rank order, for consumers
//! that stream (`jq -c`, log shippers, database loaders). The objects have the fields of a row of
//! the JSON report; the parameters and data quality are left to `--format json`.

use std::io::{self, Write};

use super::Reporter;
use crate::model::GapReport;

pub struct Ndjson;

impl Reporter for Ndjson {
    fn write(&self, report: &GapReport, out: &mut dyn Write) -> io::Result<()> {
        for row in &report.rows {
            serde_json::to_writer(&mut *out, row)?;
            out.write_all(b"\n")?;
        }
        Ok(())
    }
}
