//! Reading a graduates export: one row per programme cohort (supply).

use csv::ByteRecord;

use super::columns::{graduates as col, Headers};
use super::parse::{parse_count, parse_year, MAX_GRADUATES};
use super::postings::{csv_error, field, read_headers, units_as_read, wrong_width, Bad};
use super::{missing_column, Error, Input, ReadOptions, ReadSummary};

/// A valid cohort row, borrowed from the reader's buffer.
#[derive(Debug, Clone, Copy)]
pub struct GraduateRow<'a> {
    /// Line of the row's start.
    pub line: u64,
    /// Year of graduation.
    pub year: i32,
    pub region: &'a str,
    pub institution: &'a str,
    pub field: &'a str,
    pub level: &'a str,
    pub graduates: u64,
}

struct Layout {
    year: usize,
    region: usize,
    institution: Option<usize>,
    field: usize,
    level: Option<usize>,
    graduates: usize,
    width: usize,
}

impl Layout {
    fn new(path: &str, h: &Headers) -> Result<Layout, Error> {
        let need = |c: &super::columns::Column, what: &str| {
            h.find(c).ok_or_else(|| missing_column(path, h, what, &[c]))
        };
        Ok(Layout {
            year: need(&col::YEAR, "year")?,
            region: need(&col::REGION, "region")?,
            institution: h.find(&col::INSTITUTION),
            field: need(&col::FIELD, "field of study")?,
            level: h.find(&col::LEVEL),
            graduates: need(&col::GRADUATES, "number of graduates")?,
            width: h.names().len(),
        })
    }
}

/// Reads every row of a graduates export, giving each valid one to `sink` and rejecting the others.
pub fn read_graduates(
    input: &Input,
    opts: &ReadOptions,
    mut sink: impl FnMut(&GraduateRow),
) -> Result<ReadSummary, Error> {
    let path = input.to_string();
    let (reader, delimiter, bytes) = input.open(opts)?;
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(reader);
    let mut rec = ByteRecord::new();
    let headers = read_headers(&mut rdr, &mut rec, &path)?;
    let layout = Layout::new(&path, &headers)?;
    let mut sum = ReadSummary {
        file: path.clone(),
        bytes,
        ..ReadSummary::default()
    };
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(csv_error(&path, e)),
        }
        sum.rows_read += 1;
        let line = rec.position().map_or(0, |p| p.line());
        match cohort(&rec, &layout, line) {
            Ok(row) => sink(&row),
            Err(bad) => {
                sum.units_rejected += units_as_read(&rec, layout.width, Some(layout.graduates), 0);
                sum.reject(line, bad.column, &bad.value, bad.reason, bad.detail);
            }
        }
    }
    if sum.rows_read == 0 {
        return Err(Error::NoRows { path });
    }
    Ok(sum)
}

fn cohort<'r>(rec: &'r ByteRecord, l: &Layout, line: u64) -> Result<GraduateRow<'r>, Bad> {
    if rec.len() != l.width {
        return Err(wrong_width(rec, l.width));
    }
    let year_cell = field(rec, Some(l.year), &col::YEAR)?;
    let year = parse_year(year_cell).map_err(|detail| Bad {
        column: col::YEAR.name,
        value: year_cell.to_string(),
        reason: "invalid year",
        detail,
    })?;
    let grad_cell = field(rec, Some(l.graduates), &col::GRADUATES)?;
    let graduates = parse_count(grad_cell, MAX_GRADUATES).map_err(|detail| Bad {
        column: col::GRADUATES.name,
        value: grad_cell.to_string(),
        reason: "invalid graduates",
        detail,
    })?;
    Ok(GraduateRow {
        line,
        year,
        region: field(rec, Some(l.region), &col::REGION)?,
        institution: field(rec, l.institution, &col::INSTITUTION)?,
        field: field(rec, Some(l.field), &col::FIELD)?,
        level: field(rec, l.level, &col::LEVEL)?,
        graduates,
    })
}
