//! Reading a graduates export: one row per programme cohort (supply).

use super::columns::{graduates as col, Column, Headers};
use super::parse::{parse_count, parse_year, MAX_GRADUATES};
use super::postings::{locate, units_as_read, wrong_width, Bad, Record};
use super::{missing_column, reader, Error, Input, ReadOptions, ReadSummary};

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

impl super::sheet::Positions for Layout {
    fn position(&self, column: &str) -> Option<usize> {
        match column {
            "year" => Some(self.year),
            "region" => Some(self.region),
            "institution" => self.institution,
            "field" => Some(self.field),
            "level" => self.level,
            "graduates" => Some(self.graduates),
            _ => None,
        }
    }

    fn projection(&self) -> super::parquet_file::Projection {
        let read = [self.year, self.region, self.field, self.graduates];
        super::parquet_file::Projection {
            read: read
                .into_iter()
                .chain(self.institution)
                .chain(self.level)
                .collect(),
            whole: super::parquet_file::Whole::Never,
        }
    }
}

/// The option that names graduates headers explicitly, for messages.
const FLAG: &str = "--graduates-columns";

impl Layout {
    fn new(path: &str, h: &Headers, opts: &ReadOptions) -> Result<Layout, Error> {
        let find = |c: &Column| locate(path, h, c, &opts.columns, FLAG);
        let need = |c: &Column, what: &str| {
            find(c)?.ok_or_else(|| missing_column(path, h, what, &[c], FLAG, ""))
        };
        Ok(Layout {
            year: need(&col::YEAR, "year")?,
            region: need(&col::REGION, "region")?,
            institution: find(&col::INSTITUTION)?,
            field: need(&col::FIELD, "field of study")?,
            level: find(&col::LEVEL)?,
            graduates: need(&col::GRADUATES, "number of graduates")?,
            width: h.names().len(),
        })
    }
}

/// Reads every row of a graduates export on all cores; see [`super::read_postings`].
pub fn read_graduates<S: Send>(
    input: &Input,
    opts: &ReadOptions,
    init: impl Fn() -> S + Sync,
    sink: impl Fn(&mut S, &GraduateRow) + Sync,
) -> Result<(ReadSummary, Vec<S>), Error> {
    reader::drive(
        input,
        opts,
        |path, h| Layout::new(path, h, opts),
        init,
        |l, rec, line, state, sum| match cohort(rec, l, line) {
            Ok(row) => sink(state, &row),
            Err(bad) => {
                sum.units_rejected += units_as_read(rec.rec, l.width, Some(l.graduates), 0);
                sum.reject(line, bad, || rec.raw());
            }
        },
    )
}

/// The year in column `idx`: a year, an academic year or a date (see [`parse_year`]).
pub(super) fn year(r: &Record, idx: usize, column: &Column) -> Result<i32, Bad> {
    let cell = r.field(Some(idx), column)?;
    parse_year(cell).map_err(|detail| Bad {
        column: column.name,
        value: cell.to_string(),
        reason: "invalid year",
        detail,
    })
}

fn cohort<'r>(r: &Record<'r>, l: &Layout, line: u64) -> Result<GraduateRow<'r>, Bad> {
    if r.rec.len() != l.width {
        return Err(wrong_width(r.rec, l.width));
    }
    let year = year(r, l.year, &col::YEAR)?;
    let grad_cell = r.field(Some(l.graduates), &col::GRADUATES)?;
    let graduates = parse_count(grad_cell, MAX_GRADUATES).map_err(|detail| Bad {
        column: col::GRADUATES.name,
        value: grad_cell.to_string(),
        reason: "invalid graduates",
        detail,
    })?;
    Ok(GraduateRow {
        line,
        year,
        region: r.field(Some(l.region), &col::REGION)?,
        institution: r.field(l.institution, &col::INSTITUTION)?,
        field: r.field(Some(l.field), &col::FIELD)?,
        level: r.field(l.level, &col::LEVEL)?,
        graduates,
    })
}
