//! Reading a table of postings counts (`--postings-counts`): one row per year, place and
//! occupation with the number of vacancies, as public employment services publish them, or as a
//! distributed engine (Spark, DuckDB, BigQuery) computes them from a postings archive too large
//! for one machine.
//!
//! A count row is counted as given: it is a tally, not a posting, so there is no cap per posting
//! (`--max-count` sets one per row when wanted) and no merging of duplicates (two equal rows are
//! two partial tallies, to be added). Each row is one row read, and its count the units it carries,
//! so the data-quality report reconciles counts as it reconciles vacancies.

use super::columns::{counts as col, postings as pcol, Column, Headers};
use super::graduates::year;
use super::parse::parse_count;
use super::postings::{locate, units_as_read, wrong_width, Bad, Record};
use super::{missing_column, reader, Error, Input, ReadOptions, ReadSummary};

/// A valid count row, borrowed from the reader's buffer.
#[derive(Debug, Clone, Copy)]
pub struct CountRow<'a> {
    /// Line of the row's start.
    pub line: u64,
    pub year: i32,
    pub region: &'a str,
    pub city: &'a str,
    pub specialisation: &'a str,
    pub title: &'a str,
    /// An ISCO-08 unit group code, placed through the taxonomy's specialisations.
    pub isco_08: &'a str,
    pub count: u64,
}

/// The option that names the headers of a counts table, for messages.
const FLAG: &str = "--counts-columns";

struct Layout {
    year: usize,
    region: Option<usize>,
    city: Option<usize>,
    specialisation: Option<usize>,
    title: Option<usize>,
    isco_08: Option<usize>,
    count: usize,
    width: usize,
}

impl Layout {
    fn new(path: &str, h: &Headers, opts: &ReadOptions) -> Result<Layout, Error> {
        let find = |c: &Column| locate(path, h, c, &opts.columns, FLAG);
        let need = |c: &Column, what: &str| {
            find(c)?.ok_or_else(|| missing_column(path, h, what, &[c], FLAG, ""))
        };
        let year = need(&col::YEAR, "year")?;
        let count = need(&col::COUNT, "count")?;
        let (region, city) = (find(&pcol::REGION)?, find(&pcol::CITY)?);
        if region.is_none() && city.is_none() {
            return Err(missing_column(
                path,
                h,
                "region or city",
                &[&pcol::REGION, &pcol::CITY],
                FLAG,
                "",
            ));
        }
        let specialisation = find(&pcol::SPECIALISATION)?;
        let title = find(&pcol::TITLE)?;
        let isco_08 = find(&col::ISCO_08)?;
        if specialisation.is_none() && title.is_none() && isco_08.is_none() {
            return Err(missing_column(
                path,
                h,
                "specialisation, title or isco_08",
                &[&pcol::SPECIALISATION, &pcol::TITLE, &col::ISCO_08],
                FLAG,
                "",
            ));
        }
        Ok(Layout {
            year,
            region,
            city,
            specialisation,
            title,
            isco_08,
            count,
            width: h.names().len(),
        })
    }
}

impl super::sheet::Positions for Layout {
    fn position(&self, column: &str) -> Option<usize> {
        match column {
            "year" => Some(self.year),
            "region" => self.region,
            "city" => self.city,
            "specialisation" => self.specialisation,
            "title" => self.title,
            "isco_08" => self.isco_08,
            "count" => Some(self.count),
            _ => None,
        }
    }

    fn projection(&self) -> super::parquet_file::Projection {
        let read = [
            self.region,
            self.city,
            self.specialisation,
            self.title,
            self.isco_08,
        ];
        super::parquet_file::Projection {
            read: [self.year, self.count]
                .into_iter()
                .chain(read.into_iter().flatten())
                .collect(),
            whole: super::parquet_file::Whole::Never,
        }
    }
}

/// Reads every row of a counts table on all cores; see [`super::read_postings`]. A count above
/// `opts.max_count`, when set, is rejected as implausible.
pub fn read_counts<S: Send>(
    input: &Input,
    opts: &ReadOptions,
    init: impl Fn() -> S + Sync,
    sink: impl Fn(&mut S, &CountRow) + Sync,
) -> Result<(ReadSummary, Vec<S>), Error> {
    let max = opts.max_count.unwrap_or(u64::MAX);
    reader::drive(
        input,
        opts,
        |path, h| Layout::new(path, h, opts),
        init,
        |l, rec, line, state, sum| match tally(rec, l, line, max) {
            Ok(row) => sink(state, &row),
            Err(bad) => {
                sum.units_rejected += units_as_read(rec.rec, l.width, Some(l.count), 0);
                sum.reject(line, bad, || rec.raw());
            }
        },
    )
}

fn tally<'r>(r: &Record<'r>, l: &Layout, line: u64, max: u64) -> Result<CountRow<'r>, Bad> {
    if r.rec.len() != l.width {
        return Err(wrong_width(r.rec, l.width));
    }
    let year = year(r, l.year, &col::YEAR)?;
    let count_cell = r.field(Some(l.count), &col::COUNT)?;
    let count = parse_count(count_cell, max).map_err(|detail| Bad {
        column: col::COUNT.name,
        value: count_cell.to_string(),
        reason: "invalid count",
        detail: if detail.starts_with("implausible") {
            format!("{detail}, the limit set by --max-count")
        } else {
            detail
        },
    })?;
    Ok(CountRow {
        line,
        year,
        region: r.field(l.region, &pcol::REGION)?,
        city: r.field(l.city, &pcol::CITY)?,
        specialisation: r.field(l.specialisation, &pcol::SPECIALISATION)?,
        title: r.field(l.title, &pcol::TITLE)?,
        isco_08: r.field(l.isco_08, &col::ISCO_08)?,
        count,
    })
}
