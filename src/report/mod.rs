//! Writing reports: one file per format, all from the same [`GapReport`] model.
//!
//! A format is a [`Reporter`]; `for_format` picks one. Writers never compute: what they print is in
//! the model, so every format shows the same numbers.

mod csv;
mod json;
pub mod quality;
mod table;

use std::io::{self, Write};

use crate::model::GapReport;

/// Output formats of the gap report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// An aligned table for people (the default on a terminal).
    Table,
    /// CSV with a fixed header, for scripts and spreadsheets (the default when piped).
    Csv,
    /// One JSON object: schema version, parameters, rows and data quality.
    Json,
}

impl Format {
    /// The format implied by an output file's extension, if any.
    pub fn from_extension(path: &std::path::Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            "txt" => Some(Format::Table),
            _ => None,
        }
    }
}

/// Writes a report in one format.
pub trait Reporter {
    fn write(&self, report: &GapReport, out: &mut dyn Write) -> io::Result<()>;
}

/// The writer for a format.
pub fn for_format(format: Format) -> Box<dyn Reporter> {
    match format {
        Format::Table => Box::new(table::Table),
        Format::Csv => Box::new(csv::Csv),
        Format::Json => Box::new(json::Json),
    }
}

#[cfg(test)]
mod tests;
