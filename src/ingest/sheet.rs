//! Reading a workbook (`.xlsx`, `.xls`, `.ods`) as one more kind of export: a sheet becomes a
//! header and rows of text cells, which go through the same layouts, parsers and rejects as a CSV
//! file's records. A row's line is its row number in the sheet, and a reject's detail starts with
//! the cell at fault (`Feuil1!C17`).
//!
//! Workbooks are what analysts are sent, and they are laid out for people, not programs. The
//! reader copes with what they usually hold:
//!
//! - a title block above the table (a title, a source, a blank row): the header is the first row
//!   whose names the input's columns recognise;
//! - two header rows, a group heading over the names (`Diplômés` over `Hommes`, `Femmes`): when no
//!   single row is a header, a row joined with the row above it is tried (`Diplômés Femmes`);
//! - merged cells (`National` written once for several rows): every cell of a merged range reads
//!   as its first cell (`.xlsx` and `.xls` through calamine; `.ods`, whose merged ranges calamine
//!   does not report, through [`super::ods`]);
//! - a `Total`, `Ensemble` or `Sous-total` row: recognised, counted apart as a total row, never
//!   added to what the table's rows already hold;
//! - numbers stored as text (`1 234`), or as floats (`12.0`): as in a CSV file; a fraction where a
//!   count is expected (`2.5`) is rejected, not rounded;
//! - dates stored as dates: read as the day they show (`2025-03-14`), wherever a date or a year is
//!   expected; elsewhere they are rejected like any text that is not a number.
//!
//! A workbook is read whole (the formats are zip or OLE containers, not streams), so it must be a
//! file, not stdin.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Dimensions, Range, Reader, Sheets};
use csv::ByteRecord;
use sha2::Digest;

use super::columns::Headers;
use super::postings::Record;
use super::{escape_controls, warn_once, Error, ReadOptions, ReadSummary};
use crate::taxonomy::fold;
use crate::util::thousands;

/// The kinds of workbook, told apart by their first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Book {
    /// Office Open XML (Excel 2007 and later): a zip archive.
    Xlsx,
    /// OpenDocument spreadsheet (LibreOffice): a zip archive whose first entry is its mimetype.
    Ods,
    /// Excel 97-2003, in an OLE compound file; an encrypted `.xlsx` is one too.
    Xls,
}

impl Book {
    /// The workbook kind of a file from its first bytes; `None` when it is not one.
    pub fn sniff(head: &[u8]) -> Option<Book> {
        const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        if head.starts_with(OLE) {
            return Some(Book::Xls);
        }
        if !head.starts_with(b"PK\x03\x04") {
            return None;
        }
        // an OpenDocument archive starts with an uncompressed `mimetype` entry
        let ods = head.get(30..38) == Some(b"mimetype")
            && memchr::memmem::find(head, b"opendocument.spreadsheet").is_some();
        Some(if ods { Book::Ods } else { Book::Xlsx })
    }

    /// The name shown in summaries, where a CSV file shows its encoding.
    pub fn name(self) -> &'static str {
        match self {
            Book::Xlsx => "xlsx",
            Book::Ods => "ods",
            Book::Xls => "xls",
        }
    }
}

/// How many bytes [`Book::sniff`] needs.
pub const SNIFF: usize = 128;

/// The first bytes of a regular file, for [`Book::sniff`]; empty when it cannot be read (opening
/// it the usual way then reports why), and for a pipe, whose bytes reading would consume.
pub fn head_of(path: &Path) -> Vec<u8> {
    use std::io::Read;
    let mut head = Vec::with_capacity(SNIFF);
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return head;
    }
    if let Ok(f) = std::fs::File::open(path) {
        let _ = f.take(SNIFF as u64).read_to_end(&mut head);
    }
    head
}

/// The sheet to read: `--sheet NAME` or `--sheet N` (from 1), else the first sheet with data.
fn choose_sheet(
    path: &str,
    names: &[String],
    wanted: Option<&str>,
    mut range: impl FnMut(&str) -> Result<Range<Data>, String>,
) -> Result<(String, Range<Data>), Error> {
    let listed = || {
        names
            .iter()
            .enumerate()
            .map(|(i, n)| format!("{} `{}`", i + 1, n))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let fail = |message: String| Error::Workbook {
        path: path.to_string(),
        message,
    };
    let open = |name: &str, range: &mut dyn FnMut(&str) -> Result<Range<Data>, String>| {
        range(name)
            .map(|r| (name.to_string(), r))
            .map_err(|e| fail(format!("sheet `{name}` cannot be read: {e}")))
    };
    if let Some(w) = wanted {
        let name = names
            .iter()
            .find(|n| n.as_str() == w)
            .or_else(|| names.iter().find(|n| fold(n) == fold(w)))
            .or_else(|| {
                w.trim()
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| i.checked_sub(1))
                    .and_then(|i| names.get(i))
            });
        return match name {
            Some(n) => open(n, &mut range),
            None => Err(Error::Workbook {
                path: path.to_string(),
                message: format!(
                    "--sheet {w}: there is no such sheet; the sheets are {} (give a name or a \
                     number)",
                    listed()
                ),
            }),
        };
    }
    for n in names {
        let (name, r) = open(n, &mut range)?;
        if r.used_cells().any(|(_, _, c)| !is_blank(c)) {
            return Ok((name, r));
        }
    }
    Err(Error::Empty {
        path: path.to_string(),
    })
}

fn is_blank(c: &Data) -> bool {
    match c {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// A cell as the text a CSV export would hold: whole floats without their `.0`, other numbers
/// as written, dates as `YYYY-MM-DD` (with the time when there is one), errors as Excel shows
/// them (`#N/A`).
pub fn cell_text(c: &Data) -> String {
    match c {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float_text(*f),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) if d.is_datetime() => {
            let (y, m, day, h, min, s, _) = d.to_ymd_hms_milli();
            if (h, min, s) == (0, 0, 0) {
                format!("{y:04}-{m:02}-{day:02}")
            } else {
                format!("{y:04}-{m:02}-{day:02}T{h:02}:{min:02}:{s:02}")
            }
        }
        Data::DateTime(d) => float_text(d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    }
}

/// A float as text: `12` for 12.0, `2.5` for 2.5 (a count then rejects it as a fraction).
pub(super) fn float_text(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// The spreadsheet name of column `c` (from 0): `A`, ..., `Z`, `AA`, ...
pub fn column_letters(mut c: u32) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A sheet name as a cell reference writes it: quoted when it holds anything but letters, digits
/// and `_` (`'Feuil 1'!C17`).
fn sheet_ref(name: &str) -> String {
    if name.chars().all(|c| c.is_alphanumeric() || c == '_') {
        name.to_string()
    } else {
        format!("'{}'", name.replace('\'', "''"))
    }
}

/// The labels of a total row, folded: a row holding one of them, or a cell starting with
/// `total ` or `sous total`, sums the rows above it.
const TOTALS: &[&str] = &[
    "total",
    "totaux",
    "total general",
    "grand total",
    "ensemble",
    "sous total",
    "المجموع",
    "مجموع",
];

/// True when a row is a total (or subtotal) row: its first cell with text is a total label or
/// starts with one (`Total Rabat-Salé-Kénitra`), or another of its cells is exactly a total label
/// (`2024 | Rabat | Total | 90`).
pub fn is_total_row(cells: &[String]) -> bool {
    let mut texts = cells.iter().filter(|c| !c.is_empty()).map(|c| fold(c));
    let Some(first) = texts.next() else {
        return false;
    };
    let is_label = |f: &str| TOTALS.contains(&f);
    is_label(&first)
        || first.starts_with("total ")
        || first.starts_with("sous total ")
        || texts.any(|f| is_label(&f))
}

/// The sheet as text: its rows (with their row numbers, from 1) and first column, merged ranges
/// filled with their first cell's value.
struct Grid {
    sheet: String,
    first_col: u32,
    rows: Vec<(u64, Vec<String>)>,
}

impl Grid {
    fn new(sheet: String, range: &Range<Data>, merged: &[Dimensions]) -> Grid {
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let mut rows: Vec<(u64, Vec<String>)> = range
            .rows()
            .enumerate()
            .map(|(i, cells)| {
                (
                    u64::from(r0) + i as u64 + 1,
                    cells.iter().map(cell_text).collect(),
                )
            })
            .collect();
        for m in merged {
            let Some(first) = range.get_value(m.start).map(cell_text) else {
                continue;
            };
            for r in m.start.0..=m.end.0 {
                for c in m.start.1..=m.end.1 {
                    if let Some(cell) = r
                        .checked_sub(r0)
                        .zip(c.checked_sub(c0))
                        .and_then(|(i, j)| rows.get_mut(i as usize)?.1.get_mut(j as usize))
                    {
                        *cell = first.clone();
                    }
                }
            }
        }
        Grid {
            sheet,
            first_col: c0,
            rows,
        }
    }
}

fn filled(row: &[String]) -> usize {
    row.iter().filter(|c| !c.is_empty()).count()
}

/// How many rows at the top of a sheet may hold its title block and header.
const HEADER_SEARCH: usize = 30;

/// The header of the table: the first row (of the first [`HEADER_SEARCH`]) with two names or
/// more that `layout` accepts, or else that row joined with a group heading above it. A row below
/// the header that repeats some of its names (cells merged down over two header rows) is a second
/// header row: the two are joined when `layout` accepts that, and the row is skipped either way.
/// Returns the layout, the header, and the index of the first data row. When no row will do, the
/// error is `layout`'s for the fullest row, which lists what it found and what it looked for.
fn find_header<L>(
    rows: &[(u64, Vec<String>)],
    layout: impl Fn(&Headers) -> Result<L, Error>,
) -> Result<(L, Headers, usize), Error> {
    let top = &rows[..rows.len().min(HEADER_SEARCH)];
    let try_join = |above: &[String], row: &[String]| {
        let joined = Headers::new(join(above, row));
        layout(&joined).ok().map(|l| (l, joined))
    };
    for (i, (_, row)) in top.iter().enumerate() {
        if filled(row) < 2 {
            continue;
        }
        let single = Headers::new(row.iter().cloned());
        let found = match layout(&single) {
            Ok(l) => Some((l, single)),
            Err(_) => i
                .checked_sub(1)
                .map(|j| &top[j].1)
                .filter(|above| filled(above) > 0)
                .and_then(|above| try_join(above, row)),
        };
        let Some(found) = found else {
            continue;
        };
        return Ok(match rows.get(i + 1) {
            Some((_, below)) if repeats(row, below) => {
                let found = try_join(row, below).unwrap_or(found);
                (found.0, found.1, i + 2)
            }
            _ => (found.0, found.1, i + 1),
        });
    }
    let (at, fullest) = top
        .iter()
        .enumerate()
        .max_by_key(|(i, (_, r))| (filled(r), std::cmp::Reverse(*i)))
        .map(|(i, (_, r))| (i, r.clone()))
        .unwrap_or_default();
    let headers = Headers::new(fullest);
    layout(&headers).map(|l| (l, headers, at + 1))
}

/// Two header rows as one: `Diplômés` over `Femmes` is `Diplômés Femmes`; a name over nothing,
/// nothing over a name, or a name over itself (a cell merged down) is that name.
fn join(above: &[String], row: &[String]) -> Vec<String> {
    (0..above.len().max(row.len()))
        .map(|c| {
            let a = above.get(c).map_or("", String::as_str);
            let b = row.get(c).map_or("", String::as_str);
            if a.is_empty() || a == b {
                b.to_string()
            } else if b.is_empty() {
                a.to_string()
            } else {
                format!("{a} {b}")
            }
        })
        .collect()
}

/// True when `below` repeats a name of the header row `header` in the same column: the two rows
/// are one merged header.
fn repeats(header: &[String], below: &[String]) -> bool {
    header
        .iter()
        .zip(below)
        .any(|(h, b)| !h.is_empty() && h == b)
}

/// Where a layout reads its columns.
pub(super) trait Positions {
    /// The position, in the header, of the column named `column` (our name), so that a reject can
    /// name its cell.
    fn position(&self, column: &str) -> Option<usize>;
    /// Every column reading a row looks at, and the rows that need all of them: a columnar input
    /// (Parquet) decodes only these.
    fn projection(&self) -> super::parquet_file::Projection;
}

/// Reads one sheet of a workbook: the header found by `layout`, then every row, given to `row` as
/// a record with its sheet row number, on one thread.
pub(super) fn drive<L: Positions, S>(
    file: &Path,
    book: Book,
    opts: &ReadOptions,
    layout: impl Fn(&str, &Headers) -> Result<L, Error>,
    init: impl Fn() -> S,
    row: impl Fn(&L, &Record, u64, &mut S, &mut ReadSummary),
) -> Result<(ReadSummary, Vec<S>), Error> {
    let path = opts
        .name
        .clone()
        .unwrap_or_else(|| file.display().to_string());
    let bytes = std::fs::read(file).map_err(|source| Error::Open {
        path: path.clone(),
        source,
    })?;
    let sha256 = crate::util::hex(&sha2::Sha256::digest(&bytes));
    let size = bytes.len() as u64;
    let grid = open_grid(&path, book, bytes, opts.sheet.as_deref())?;
    let shown = format!("{path} (sheet {})", grid.sheet);
    let (layout, headers, start) = find_header(&grid.rows, |h| layout(&shown, h))?;
    let width = headers.names().len();

    let mut sum = ReadSummary {
        file: path.clone(),
        bytes: Some(size),
        encoding: format!("{} (sheet {})", book.name(), grid.sheet),
        sha256: Some(sha256),
        spilling: opts
            .keep_all_rejects
            .then(|| super::spill::Writer::shared(&path)),
        ..ReadSummary::default()
    };
    let mut state = init();
    let mut rec = ByteRecord::new();
    let mut totals = Vec::new();
    for (line, cells) in &grid.rows[start..] {
        if filled(cells) == 0 {
            continue;
        }
        if is_total_row(cells) {
            totals.push(*line);
            continue;
        }
        rec.clear();
        for i in 0..width {
            rec.push_field(cells.get(i).map_or("", String::as_str).as_bytes());
        }
        sum.rows_read += 1;
        let record = Record {
            rec: &rec,
            utf8: true,
            delimiter: b',',
            full: None,
        };
        sum.amending_rejects(
            |sum| row(&layout, &record, *line, &mut state, sum),
            |r| {
                let cell = match layout.position(&r.column) {
                    Some(i) => format!(
                        "{}!{}{line}",
                        sheet_ref(&grid.sheet),
                        column_letters(grid.first_col + i as u32)
                    ),
                    None => format!("{}!{line}:{line}", sheet_ref(&grid.sheet)),
                };
                r.detail = format!("{cell}: {}", r.detail);
            },
        );
    }
    sum.total_rows = totals.len() as u64;
    if let Some(first) = totals.first() {
        warn_once(format!(
            "{}: {} total row{} (`Total`, `Ensemble`, ...) not counted, as the rows above {} \
             already hold {} (first at row {first})",
            escape_controls(&shown),
            thousands(totals.len() as u64),
            if totals.len() == 1 { "" } else { "s" },
            if totals.len() == 1 { "it" } else { "them" },
            if totals.len() == 1 {
                "its count"
            } else {
                "their counts"
            },
        ));
    }
    sum.close_spill().map_err(|source| Error::Read {
        path: format!("{path} (its rejected rows, in a temporary file)"),
        source,
    })?;
    if sum.rows_read == 0 {
        return Err(Error::NoRows { path: shown });
    }
    Ok((sum, vec![state]))
}

/// Opens the workbook held in `bytes` and reads the chosen sheet as text.
fn open_grid(path: &str, book: Book, bytes: Vec<u8>, sheet: Option<&str>) -> Result<Grid, Error> {
    let unreadable = |e: calamine::Error| {
        let encrypted = matches!(
            &e,
            calamine::Error::Xlsx(calamine::XlsxError::Password)
                | calamine::Error::Xls(calamine::XlsError::Password)
                | calamine::Error::Ods(calamine::OdsError::Password)
        );
        Error::Workbook {
            path: path.to_string(),
            message: if encrypted {
                "the workbook is protected by a password: open it, remove the password (File > \
                 Info > Protect Workbook) and save it again, or export the sheet as CSV"
                    .to_string()
            } else {
                format!(
                    "cannot be read as an {} workbook ({e}); the file may be damaged: open it and \
                     save it again, or export the sheet as CSV",
                    book.name()
                )
            },
        }
    };
    // calamine reports no merged cells for .ods: they are read from the file's XML (see [`ods`])
    let ods_bytes = (book == Book::Ods).then(|| bytes.clone());
    let cursor = Cursor::new(bytes);
    let mut wb: Sheets<Cursor<Vec<u8>>> = match book {
        Book::Xlsx => calamine::open_workbook_from_rs(cursor)
            .map(Sheets::Xlsx)
            .map_err(|e| unreadable(calamine::Error::Xlsx(e)))?,
        Book::Ods => calamine::open_workbook_from_rs(cursor)
            .map(Sheets::Ods)
            .map_err(|e| unreadable(calamine::Error::Ods(e)))?,
        // an encrypted .xlsx is an OLE file too: the Xlsx reader recognises it
        Book::Xls => match calamine::open_workbook_from_rs(cursor.clone()) {
            Ok(x) => Sheets::Xls(x),
            Err(xls) => match calamine::open_workbook_from_rs(cursor) {
                Ok(x) => Sheets::Xlsx(x),
                Err(calamine::XlsxError::Password) => {
                    return Err(unreadable(calamine::Error::Xlsx(
                        calamine::XlsxError::Password,
                    )))
                }
                Err(_) => return Err(unreadable(calamine::Error::Xls(xls))),
            },
        },
    };
    let names = wb.sheet_names();
    let (name, range) = choose_sheet(path, &names, sheet, |n| {
        wb.worksheet_range(n).map_err(|e| e.to_string())
    })?;
    let merged = match &mut wb {
        Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
        _ => ods_bytes.map_or_else(Vec::new, |b| super::ods::merged_ranges(&b, &name)),
    };
    Ok(Grid::new(name, &range, &merged))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_columns_as_spreadsheets_do() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
        assert_eq!(sheet_ref("Feuil1"), "Feuil1");
        assert_eq!(sheet_ref("Feuil 1"), "'Feuil 1'");
        assert_eq!(sheet_ref("l'an"), "'l''an'");
    }

    #[test]
    fn cells_read_as_an_export_writes_them() {
        assert_eq!(cell_text(&Data::Float(12.0)), "12");
        assert_eq!(cell_text(&Data::Float(2.5)), "2.5");
        assert_eq!(cell_text(&Data::Int(-3)), "-3");
        assert_eq!(cell_text(&Data::String(" 1 234 ".into())), "1 234");
        // 2025-03-14 is day 45730 of Excel's 1900 date system
        let day =
            calamine::ExcelDateTime::new(45730.0, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(cell_text(&Data::DateTime(day)), "2025-03-14");
        let noon =
            calamine::ExcelDateTime::new(45730.5, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(cell_text(&Data::DateTime(noon)), "2025-03-14T12:00:00");
    }

    #[test]
    fn total_rows_are_recognised_by_their_label() {
        let row = |cells: &[&str]| cells.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        assert!(is_total_row(&row(&["Total", "", "1 200"])));
        assert!(is_total_row(&row(&["2024", "ENSEMBLE", "1 200"])));
        assert!(is_total_row(&row(&["Sous-total Rabat-Salé-Kénitra", "40"])));
        assert!(is_total_row(&row(&["المجموع", "40"])));
        assert!(!is_total_row(&row(&["2024", "Rabat", "Totalement", "4"])));
        // a company named Total is not a total, unless it stands alone
        assert!(!is_total_row(&row(&[
            "2025-01-02",
            "Ingénieur",
            "Total Maroc",
            "Rabat"
        ])));
        assert!(!is_total_row(&row(&["2024", "Rabat", "Informatique", "4"])));
    }

    fn rows(rows: &[&[&str]]) -> Vec<(u64, Vec<String>)> {
        rows.iter()
            .enumerate()
            .map(|(i, r)| (i as u64 + 1, r.iter().map(|c| c.to_string()).collect()))
            .collect()
    }

    /// A layout that needs `year` and `graduates` headers, as the graduates reader's does.
    fn needs(h: &Headers) -> Result<(usize, usize), Error> {
        let find = |name: &str| h.names().iter().position(|n| n == name);
        find("Année")
            .zip(find("Lauréats Total"))
            .ok_or(Error::Empty { path: "x".into() })
    }

    #[test]
    fn finds_the_header_under_a_title_block_and_a_group_heading() {
        let sheet = rows(&[
            &["Diplômés 2025", "", ""],
            &["", "", ""],
            &["Année", "Lauréats", "Lauréats"],
            &["Année", "Total", "dont femmes"],
            &["2025", "20", "9"],
        ]);
        let (layout, headers, start) = find_header(&sheet, needs).unwrap();
        assert_eq!(layout, (0, 1));
        assert_eq!(
            headers.names(),
            ["Année", "Lauréats Total", "Lauréats dont femmes"]
        );
        assert_eq!(start, 4);
    }

    #[test]
    fn a_second_header_row_merged_down_is_skipped() {
        // the first row alone is a header; the second repeats `Année` (a cell merged down)
        let sheet = rows(&[
            &["Année", "Lauréats Total"],
            &["Année", ""],
            &["2025", "20"],
        ]);
        let (_, headers, start) = find_header(&sheet, needs).unwrap();
        assert_eq!(headers.names(), ["Année", "Lauréats Total"]);
        assert_eq!(start, 2);
    }

    #[test]
    fn without_a_header_the_fullest_row_is_reported() {
        let sheet = rows(&[&["Titre", "", ""], &["a", "b", "c"], &["1", "2", ""]]);
        assert!(find_header(&sheet, needs).is_err());
    }

    #[test]
    fn sniffs_workbooks_by_their_first_bytes() {
        assert_eq!(Book::sniff(b"PK\x03\x04rest"), Some(Book::Xlsx));
        let mut ods = b"PK\x03\x04".to_vec();
        ods.resize(30, 0);
        ods.extend_from_slice(b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet");
        assert_eq!(Book::sniff(&ods), Some(Book::Ods));
        assert_eq!(
            Book::sniff(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]),
            Some(Book::Xls)
        );
        assert_eq!(Book::sniff(b"year,region\n"), None);
    }
}
