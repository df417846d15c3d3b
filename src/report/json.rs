//! The JSON report: one object with `schema_version`, `params`, `rows` and `quality`.

use std::io::{self, Write};

use super::Reporter;
use crate::model::GapReport;

pub struct Json;

impl Reporter for Json {
    fn write(&self, report: &GapReport, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, report)?;
        out.write_all(b"\n")
    }
}
