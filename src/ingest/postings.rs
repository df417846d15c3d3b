//! Reading a postings export: one row per job posting (demand).

use csv::ByteRecord;

use super::columns::{postings as col, Column, Headers, LocateError};
use super::parquet_file::{Cells, Coded, Projection, Texts, Whole};
use super::parse::{parse_count, parse_date, Date, MAX_VACANCIES};
use super::{
    escape_controls, list_headers, missing_column, reader, warn_once, Error, Input, ReadOptions,
    ReadSummary, INVALID_UTF8,
};
use crate::util::thousands;

/// A valid posting, borrowed from the reader's buffer.
#[derive(Debug, Clone, Copy)]
pub struct PostingRow<'a> {
    /// Line of the row's start.
    pub line: u64,
    pub posting_id: &'a str,
    /// The posting date; 1 January of `--postings-year` for a file without a date column.
    pub date: Date,
    pub title: &'a str,
    pub specialisation: &'a str,
    /// The board's category or sector; "" when the column is absent.
    pub sector: &'a str,
    /// The posting's text; "" when the column is absent.
    pub description: &'a str,
    pub region: &'a str,
    pub city: &'a str,
    /// 1 when the column is absent or the cell empty.
    pub vacancies: u64,
    pub source: &'a str,
    pub company: &'a str,
    /// The text cells (description, skills, languages), "" where absent; read only when
    /// [`ReadOptions::text`] is set.
    pub text: [&'a str; 3],
    /// Whether the file has any of the text columns.
    pub has_text_columns: bool,
    /// Every field of the row as read, for telling identical rows apart.
    pub record: &'a ByteRecord,
}

/// Where a posting's date comes from.
#[derive(Debug, Clone, Copy)]
enum DateSource {
    /// The date column at this position.
    Column(usize),
    /// No date column: every row is dated 1 January of the year given by `--postings-year`.
    Year(Date),
}

/// The option that names postings headers explicitly, for messages.
const FLAG: &str = "--postings-columns";

/// Column positions in one postings file.
struct Layout {
    posting_id: Option<usize>,
    date: DateSource,
    title: Option<usize>,
    specialisation: Option<usize>,
    sector: Option<usize>,
    description: Option<usize>,
    region: Option<usize>,
    city: Option<usize>,
    vacancies: Option<usize>,
    source: Option<usize>,
    company: Option<usize>,
    /// The text columns (see [`col::TEXT`]), when asked for.
    text: [Option<usize>; 3],
    /// See [`ReadOptions::lenient_text`].
    lenient_text: bool,
    width: usize,
}

impl Layout {
    fn new(path: &str, h: &Headers, opts: &ReadOptions) -> Result<Layout, Error> {
        let find = |c: &Column| locate(path, h, c, &opts.columns, FLAG);
        let date =
            match (find(&col::POSTED_DATE)?, opts.postings_year) {
                (Some(i), year) => {
                    if let Some(y) = year {
                        warn_dates_used(path, &h.names()[i], y);
                    }
                    DateSource::Column(i)
                }
                (None, Some(y)) => {
                    DateSource::Year(Date::new(y, 1, 1).map_err(|detail| Error::Malformed {
                        path: path.to_string(),
                        line: 1,
                        message: format!("--postings-year {y}: {detail}"),
                    })?)
                }
                (None, None) => return Err(missing_column(
                    path,
                    h,
                    "posting date",
                    &[&col::POSTED_DATE],
                    FLAG,
                    "; if the export has no dates and covers one year, pass --postings-year YEAR",
                )),
            };
        let title = find(&col::TITLE)?;
        let specialisation = find(&col::SPECIALISATION)?;
        let sector = find(&col::SECTOR)?;
        if title.is_none() && specialisation.is_none() && sector.is_none() {
            return Err(missing_column(
                path,
                h,
                "specialisation, title or sector",
                &[&col::SPECIALISATION, &col::TITLE, &col::SECTOR],
                FLAG,
                "",
            ));
        }
        let region = find(&col::REGION)?;
        let city = find(&col::CITY)?;
        if region.is_none() && city.is_none() {
            return Err(missing_column(
                path,
                h,
                "region or city",
                &[&col::REGION, &col::CITY],
                FLAG,
                "",
            ));
        }
        Ok(Layout {
            posting_id: find(&col::POSTING_ID)?,
            date,
            title,
            specialisation,
            sector,
            description: find(&col::DESCRIPTION)?,
            region,
            city,
            vacancies: find(&col::VACANCIES)?,
            source: find(&col::SOURCE)?,
            company: find(&col::COMPANY)?,
            text: match (opts.text, opts.lenient_text) {
                (false, _) => [None; 3],
                (true, false) => [
                    find(&col::TEXT[0])?,
                    find(&col::TEXT[1])?,
                    find(&col::TEXT[2])?,
                ],
                (true, true) => [
                    find_text(path, h, &col::TEXT[0], opts)?,
                    find_text(path, h, &col::TEXT[1], opts)?,
                    find_text(path, h, &col::TEXT[2], opts)?,
                ],
            },
            lenient_text: opts.lenient_text,
            width: h.names().len(),
        })
    }
}

impl super::sheet::Positions for Layout {
    fn position(&self, column: &str) -> Option<usize> {
        match column {
            "posting_id" => self.posting_id,
            "posted_date" => match self.date {
                DateSource::Column(i) => Some(i),
                DateSource::Year(_) => None,
            },
            "title" => self.title,
            "specialisation" => self.specialisation,
            "region" => self.region,
            "city" => self.city,
            "vacancies" => self.vacancies,
            "source" => self.source,
            "company" => self.company,
            _ => None,
        }
    }

    fn projection(&self) -> Projection {
        let date = match self.date {
            DateSource::Column(i) => Some(i),
            DateSource::Year(_) => None,
        };
        let read = [
            self.posting_id,
            date,
            self.title,
            self.specialisation,
            self.sector,
            self.description,
            self.region,
            self.city,
            self.vacancies,
            self.source,
            self.company,
        ];
        Projection {
            read: read.into_iter().chain(self.text).flatten().collect(),
            // a row without an id is a copy of another only when identical in every column
            whole: self.posting_id.map_or(Whole::Always, Whole::WhenEmpty),
        }
    }
}

/// A text column read only to enrich a report: as [`locate`], except that a usual name heading
/// several columns leaves the column unread, with a warning, instead of stopping the file (a
/// header named with `--postings-columns` must still exist).
fn find_text(
    path: &str,
    h: &Headers,
    c: &Column,
    opts: &ReadOptions,
) -> Result<Option<usize>, Error> {
    match h.locate(c, &opts.columns) {
        Err(LocateError::Duplicate { mapped: false, .. }) => {
            warn_once(format!(
                "{}: several columns could be the `{}` text; none is searched for skills (name \
                 one with {FLAG} {}=HEADER)",
                escape_controls(path),
                c.name,
                c.name
            ));
            Ok(None)
        }
        _ => locate(path, h, c, &opts.columns, FLAG),
    }
}

/// The warning for `--postings-year` given for a file that has a date column (`header`).
fn warn_dates_used(path: &str, header: &str, year: i32) {
    warn_once(format!(
        "{} has a date column (`{}`): its dates are used, not --postings-year {year}",
        escape_controls(path),
        escape_controls(header)
    ));
}

/// The position of `c`: the column the mapping names for it, else the usual synonyms. A header
/// named explicitly that does not exist is an error listing the headers and the nearest one; a
/// header that heads several columns is an error naming them and how to choose.
pub(super) fn locate(
    path: &str,
    h: &Headers,
    c: &Column,
    mapping: &[(String, String)],
    flag: &str,
) -> Result<Option<usize>, Error> {
    h.locate(c, mapping).map_err(|e| match e {
        LocateError::NoSuchHeader(header) => Error::NoSuchHeader {
            path: path.to_string(),
            message: format!(
                "{flag} maps `{}` to the header `{header}`, but {path} has no such header (found: \
                 {}){}",
                c.name,
                list_headers(h.names()),
                h.nearest_named(&header)
                    .map(|n| format!("; did you mean `{n}`?"))
                    .unwrap_or_default()
            ),
        },
        LocateError::NoSuchColumn(n) => Error::NoSuchHeader {
            path: path.to_string(),
            message: format!(
                "{flag} maps `{}` to column #{n}, but {path} has {} columns",
                c.name,
                thousands(h.names().len() as u64)
            ),
        },
        LocateError::Duplicate {
            header,
            columns,
            mapped,
        } => {
            let numbers: Vec<String> = columns.iter().map(|i| (i + 1).to_string()).collect();
            let choices: Vec<String> = columns
                .iter()
                .map(|i| format!("{}=#{}", c.name, i + 1))
                .collect();
            let mut spellings: Vec<String> = columns
                .iter()
                .map(|&i| format!("`{}`", h.names()[i]))
                .collect();
            spellings.dedup();
            let headed = if spellings.len() == 1 {
                spellings[0].clone()
            } else {
                format!(
                    "{}, one name once case, accents and punctuation are set aside",
                    list(&spellings, "and")
                )
            };
            let what = if mapped {
                format!(
                    "{flag} maps `{}` to the header `{header}`, which heads columns {}",
                    c.name,
                    list(&numbers, "and")
                )
            } else {
                let both = match (spellings.len(), columns.len()) {
                    (1, 2) => "both ",
                    (1, _) => "all ",
                    _ => "",
                };
                format!(
                    "columns {} are {both}headed {headed}",
                    list(&numbers, "and")
                )
            };
            Error::DuplicateHeader {
                path: path.to_string(),
                message: format!(
                    "{what}: which one holds `{}` is not known; rename all but one of them in the \
                     file, or choose one by its number with {flag} {}",
                    c.name,
                    list(&choices, "or")
                ),
            }
        }
    })
}

/// `a`, `a and b`, `a, b and c` (with `word` for `and`).
fn list(items: &[String], word: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {word} {last}", init.join(", ")),
    }
}

/// Reads every row of a postings export on all cores. Each worker gets its own state from `init`,
/// and `sink` receives every valid row with the state of the worker that parsed it; the others are
/// rejected. Returns the summary and every worker's state.
pub fn read_postings<S: Send>(
    input: &Input,
    opts: &ReadOptions,
    init: impl Fn() -> S + Sync,
    sink: impl Fn(&mut S, &PostingRow) + Sync,
) -> Result<(ReadSummary, Vec<S>), Error> {
    reader::drive(
        input,
        opts,
        |path, h| Layout::new(path, h, opts),
        init,
        |l, rec, line, state, sum| posting_or_reject(l, rec, line, sum, |row| sink(state, row)),
    )
}

/// [`read_postings`], handing `coded` the batches of a Parquet file whose columns are
/// dictionary-coded as a [`PostingBatch`]: their valid rows, each distinct date and count read
/// once per row group, the labels as indices into the row group's dictionaries. `coded` returns
/// false to take none of a batch's rows (they then go to `sink` one by one). A row that is not
/// valid as read from the dictionaries goes to `sink`'s path, checked and rejected as any other.
pub fn read_postings_coded<S: Send>(
    input: &Input,
    opts: &ReadOptions,
    init: impl Fn() -> S + Sync,
    sink: impl Fn(&mut S, &PostingRow) + Sync,
    coded: impl Fn(&mut S, &PostingBatch) -> bool + Sync,
) -> Result<(ReadSummary, Vec<S>), Error> {
    let (summary, states) = reader::drive_coded(
        input,
        opts,
        |path, h| Layout::new(path, h, opts),
        || (Entries::default(), init()),
        |l, rec, line, (_, state), sum| {
            posting_or_reject(l, rec, line, sum, |row| sink(state, row))
        },
        |l, batch, (entries, state), declined| {
            entries
                .batch(l, batch, declined)
                .is_some_and(|postings| coded(state, &postings))
        },
    )?;
    Ok((summary, states.into_iter().map(|(_, s)| s).collect()))
}

/// Hands a valid row to `sink`, or rejects it.
fn posting_or_reject(
    l: &Layout,
    rec: &Record,
    line: u64,
    sum: &mut ReadSummary,
    sink: impl FnOnce(&PostingRow),
) {
    match posting(rec, l, line) {
        Ok(row) => sink(&row),
        Err(bad) => {
            sum.units_rejected += units_as_read(rec.rec, l.width, l.vacancies, 1);
            sum.reject(line, bad, || rec.raw());
        }
    }
}

/// A label column of a [`PostingBatch`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    Title,
    Specialisation,
    Sector,
    Region,
    City,
    Source,
}

/// A valid posting of a [`PostingBatch`]: its labels are read through the batch.
#[derive(Debug, Clone, Copy)]
pub struct CodedPosting {
    /// Its row in the batch.
    row: u32,
    pub year: i32,
    /// 1 when the column is absent or the cell empty.
    pub vacancies: u64,
}

/// The valid postings of a batch of a Parquet file whose label, date and count columns are
/// dictionary-coded, in a file without company, description or text columns (those need the
/// row path: duplicates by title-company-place, the occupation coder's descriptions, skills).
/// Every posting has an id (a batch with a row without one is read row by row, as identical
/// rows are compared whole). A label is given as its index in the row group's dictionary of its
/// column, so that a sink resolves each distinct label once per row group
/// ([`PostingBatch::group`]).
pub struct PostingBatch<'a> {
    /// The row group the labels' indices are numbered in: an index names the same label for as
    /// long as this is unchanged.
    pub group: usize,
    pub postings: &'a [CodedPosting],
    /// Per [`Label`]: the dictionary's values and the batch rows' indices; `None` when the file
    /// has no such column.
    labels: [Option<(&'a Texts, &'a [u32])>; 6],
    id: Cells<'a>,
}

impl PostingBatch<'_> {
    /// The index of `p`'s `label` in its dictionary; `None` when the file has no such column.
    pub fn index(&self, label: Label, p: &CodedPosting) -> Option<u32> {
        self.labels[label as usize].map(|(_, indices)| indices[p.row as usize])
    }

    /// The number of values in `label`'s dictionary (indices are below it); 0 without such a
    /// column.
    pub fn entries(&self, label: Label) -> usize {
        self.labels[label as usize].map_or(0, |(values, _)| values.ends.len())
    }

    /// Value `index` of `label`'s dictionary, trimmed, as a cell read as text is.
    pub fn text(&self, label: Label, index: u32) -> &str {
        self.labels[label as usize].map_or("", |(values, _)| cell(values, index as usize))
    }

    /// `p`'s label in `label`'s column, trimmed; "" without such a column.
    pub fn label(&self, label: Label, p: &CodedPosting) -> &str {
        self.index(label, p).map_or("", |i| self.text(label, i))
    }

    /// `p`'s posting id (never empty): its text, trimmed, or the integer of an integer column.
    pub fn posting_id(&self, p: &CodedPosting) -> Id<'_> {
        let r = p.row as usize;
        let text = match &self.id {
            Cells::Dictionary { values, indices } => values.get(indices[r] as usize),
            Cells::Values(texts) => texts.get(r),
            Cells::Numbers(numbers) => return numbers[r].map_or(Id::Text(""), Id::Number),
        };
        Id::Text(std::str::from_utf8(text).map_or("", str::trim))
    }
}

/// Value `i` of a dictionary as a trimmed cell ("" if not UTF-8: a dictionary is only read as
/// coded when it is).
fn cell(values: &Texts, i: usize) -> &str {
    std::str::from_utf8(values.get(i)).map_or("", str::trim)
}

/// A posting id of a [`PostingBatch`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Id<'a> {
    /// As text, trimmed.
    Text(&'a str),
    /// A value of an integer column, which reads as its decimal digits.
    Number(i64),
}

/// One worker's tables for [`PostingBatch`]es: the current row group's dates and counts read
/// once per dictionary value, and the batch's valid postings.
#[derive(Default)]
struct Entries {
    group: Option<usize>,
    /// Per value of the date column's dictionary: its year, `None` when it is no valid date.
    years: Vec<Option<i32>>,
    /// Per value of the vacancies column's dictionary: the count, `None` when it is no valid one.
    vacancies: Vec<Option<u64>>,
    postings: Vec<CodedPosting>,
}

impl Entries {
    /// The batch's valid postings, its other rows put in `declined`; `None` when the batch cannot
    /// be read as coded (see [`PostingBatch`]).
    fn batch<'a>(
        &'a mut self,
        l: &Layout,
        batch: &'a Coded,
        declined: &mut Vec<usize>,
    ) -> Option<PostingBatch<'a>> {
        if l.company.is_some() || l.description.is_some() || l.text.iter().any(Option::is_some) {
            return None;
        }
        let dictionary = |i: Option<usize>| -> Option<Option<(&'a Texts, &'a [u32])>> {
            match i.map(|i| batch.cells(i)) {
                None => Some(None),
                Some(Some(Cells::Dictionary { values, indices })) if values.utf8 => {
                    Some(Some((values, indices)))
                }
                Some(_) => None,
            }
        };
        let labels = [
            dictionary(l.title)?,
            dictionary(l.specialisation)?,
            dictionary(l.sector)?,
            dictionary(l.region)?,
            dictionary(l.city)?,
            dictionary(l.source)?,
        ];
        let id = match batch.cells(l.posting_id?)? {
            Cells::Dictionary { values, .. } | Cells::Values(values) if !values.utf8 => {
                return None
            }
            cells => cells,
        };
        let dates = match l.date {
            DateSource::Column(i) => Some(dictionary(Some(i))??),
            DateSource::Year(_) => None,
        };
        let counts = dictionary(l.vacancies)?;
        if self.group != Some(batch.group) {
            self.group = Some(batch.group);
            self.years.clear();
            if let Some((values, _)) = dates {
                self.years.extend(
                    (0..values.ends.len())
                        .map(|i| parse_date(cell(values, i)).ok().map(|d| d.year)),
                );
            }
            self.vacancies.clear();
            if let Some((values, _)) = counts {
                self.vacancies.extend((0..values.ends.len()).map(|i| {
                    let cell = cell(values, i);
                    if cell.is_empty() {
                        Some(1)
                    } else {
                        parse_count(cell, MAX_VACANCIES).ok()
                    }
                }));
            }
        }
        self.postings.clear();
        for r in 0..batch.rows {
            let year = match (dates, l.date) {
                (Some((_, indices)), _) => self.years[indices[r] as usize],
                (None, DateSource::Year(d)) => Some(d.year),
                (None, DateSource::Column(_)) => None,
            };
            let vacancies = match counts {
                Some((_, indices)) => self.vacancies[indices[r] as usize],
                None => Some(1),
            };
            match (year, vacancies) {
                (Some(year), Some(vacancies)) => self.postings.push(CodedPosting {
                    row: r as u32,
                    year,
                    vacancies,
                }),
                _ => declined.push(r),
            }
        }
        Some(PostingBatch {
            group: batch.group,
            postings: &self.postings,
            labels,
            id,
        })
    }
}

/// Why a row was rejected.
pub(super) struct Bad {
    pub column: &'static str,
    pub value: String,
    pub reason: &'static str,
    pub detail: String,
}

/// The units (vacancies or graduates) of a rejected row, when its count cell can still be read: a
/// row of the right width whose count is valid, else 0. `empty` is the value of an empty cell.
pub(super) fn units_as_read(rec: &ByteRecord, width: usize, idx: Option<usize>, empty: u64) -> u64 {
    if rec.len() != width {
        return 0;
    }
    match idx.and_then(|i| rec.get(i)).map(std::str::from_utf8) {
        None => empty,
        Some(Ok(c)) if c.trim().is_empty() => empty,
        Some(Ok(c)) => parse_count(c, u64::MAX).unwrap_or(0),
        Some(Err(_)) => 0,
    }
}

/// A record and whether its block is known to be valid UTF-8.
pub(super) struct Record<'r> {
    pub rec: &'r ByteRecord,
    /// The whole block this record came from is valid UTF-8, so every field is: a field is a run
    /// of the block's bytes between ASCII delimiters, minus ASCII quote characters.
    pub utf8: bool,
    /// The input's field delimiter, to rebuild the row's text for `--rejects`.
    pub delimiter: u8,
    /// The whole row, when `rec` holds only the columns the layout reads (the others empty): a
    /// columnar input decodes the rest only for the rows whose text is shown.
    pub full: Option<&'r dyn Fn() -> ByteRecord>,
}

impl<'r> Record<'r> {
    /// The whole row as read: its fields joined with the delimiter (no quoting), at most
    /// [`super::MAX_RAW`] characters.
    pub fn raw(&self) -> String {
        let text = |rec: &ByteRecord| {
            let sep = char::from(self.delimiter).to_string();
            let fields: Vec<std::borrow::Cow<str>> =
                rec.iter().map(String::from_utf8_lossy).collect();
            fields.join(&sep).chars().take(super::MAX_RAW).collect()
        };
        match self.full {
            Some(full) => text(&full()),
            None => text(self.rec),
        }
    }

    /// A field as trimmed text; "" when the column is absent. Inlined: a row reads a dozen
    /// columns, most of them absent or plain ASCII, and the checked path stays out of the way.
    #[inline]
    pub fn field(&self, idx: Option<usize>, column: &Column) -> Result<&'r str, Bad> {
        let Some(b) = idx.and_then(|i| self.rec.get(i)) else {
            return Ok("");
        };
        if self.utf8 {
            // SAFETY: the block was validated as UTF-8 as a whole; see `utf8` above.
            return Ok(trim(unsafe { std::str::from_utf8_unchecked(b) }));
        }
        checked(b, column)
    }
}

/// `text.trim()`, without decoding characters when the field starts and ends with a printable
/// ASCII byte, as nearly every field does.
#[inline]
fn trim(text: &str) -> &str {
    match (text.as_bytes().first(), text.as_bytes().last()) {
        (None, _) => text,
        (Some(&a), Some(&z)) if a.is_ascii_graphic() && z.is_ascii_graphic() => text,
        _ => text.trim(),
    }
}

/// A field of a block not known to be UTF-8: checked, trimmed, or rejected with its position.
#[cold]
#[inline(never)]
fn checked<'r>(b: &'r [u8], column: &Column) -> Result<&'r str, Bad> {
    std::str::from_utf8(b).map(str::trim).map_err(|e| {
        let at = e.valid_up_to();
        Bad {
            column: column.name,
            value: String::from_utf8_lossy(b).into_owned(),
            reason: INVALID_UTF8,
            detail: format!(
                "byte {:#04X} at position {} of the field is not UTF-8, the encoding the file \
                 is read in; correct the row, or pass --encoding if the whole file is in \
                 another encoding",
                b[at],
                at + 1
            ),
        }
    })
}

fn posting<'r>(r: &Record<'r>, l: &Layout, line: u64) -> Result<PostingRow<'r>, Bad> {
    if r.rec.len() != l.width {
        return Err(wrong_width(r.rec, l.width));
    }
    let date = match l.date {
        DateSource::Year(d) => d,
        DateSource::Column(i) => {
            let date_cell = r.field(Some(i), &col::POSTED_DATE)?;
            parse_date(date_cell).map_err(|detail| Bad {
                column: col::POSTED_DATE.name,
                value: date_cell.to_string(),
                reason: "invalid date",
                detail,
            })?
        }
    };
    let vac_cell = r.field(l.vacancies, &col::VACANCIES)?;
    let vacancies = if vac_cell.is_empty() {
        1
    } else {
        parse_count(vac_cell, MAX_VACANCIES).map_err(|detail| Bad {
            column: col::VACANCIES.name,
            value: vac_cell.to_string(),
            reason: "invalid vacancies",
            detail,
        })?
    };
    Ok(PostingRow {
        line,
        posting_id: r.field(l.posting_id, &col::POSTING_ID)?,
        date,
        title: r.field(l.title, &col::TITLE)?,
        specialisation: r.field(l.specialisation, &col::SPECIALISATION)?,
        sector: r.field(l.sector, &col::SECTOR)?,
        description: r.field(l.description, &col::DESCRIPTION)?,
        region: r.field(l.region, &col::REGION)?,
        city: r.field(l.city, &col::CITY)?,
        vacancies,
        source: r.field(l.source, &col::SOURCE)?,
        company: r.field(l.company, &col::COMPANY)?,
        text: if l.lenient_text {
            // written out: `[0, 1, 2].map(..)` goes through `try_map` and its drain guard, a few
            // percent of a 10M-row run
            let text = |i: usize| r.field(l.text[i], &col::TEXT[i]).unwrap_or("");
            [text(0), text(1), text(2)]
        } else {
            [
                r.field(l.text[0], &col::TEXT[0])?,
                r.field(l.text[1], &col::TEXT[1])?,
                r.field(l.text[2], &col::TEXT[2])?,
            ]
        },
        has_text_columns: l.text.iter().any(Option::is_some),
        record: r.rec,
    })
}

pub(super) fn wrong_width(rec: &ByteRecord, width: usize) -> Bad {
    let raw: Vec<String> = rec
        .iter()
        .map(|f| String::from_utf8_lossy(f).into_owned())
        .collect();
    Bad {
        column: "(row)",
        value: raw.join(","),
        reason: "wrong number of fields",
        detail: format!(
            "{} fields where the header has {width}; check the delimiter and quoting",
            rec.len()
        ),
    }
}

pub(super) fn csv_error(path: &str, e: csv::Error) -> Error {
    let line = e.position().map_or(0, |p| p.line());
    let message = e.to_string();
    match e.into_kind() {
        csv::ErrorKind::Io(source) => Error::Read {
            path: path.into(),
            source,
        },
        _ => Error::Malformed {
            path: path.into(),
            line,
            message,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::trim;

    #[test]
    fn the_quick_trim_trims_as_str_trim_does() {
        for text in [
            "",
            " ",
            "a",
            "Data Analyst",
            " Data Analyst ",
            "\tRabat\r",
            "\u{a0}Casablanca\u{a0}",
            "Fès\u{3000}",
            "سائق",
            " مساعدة إدارية",
            "x\u{2003}",
            "\u{85}y",
        ] {
            assert_eq!(trim(text), text.trim(), "{text:?}");
        }
    }
}
