//! Reading a Parquet file, as data teams keep scraped postings in a data lake: its top-level
//! columns are the header, matched by the usual synonyms, and each row goes through the same
//! layouts, parsers and rejects as a CSV record. A row's line is its number in the file, from 1.
//!
//! # Column-wise, on every core
//!
//! The file is read column by column, as it is stored: the workers take its row groups in turn,
//! and each decodes, [`BATCH`] rows at a time, only the columns its layout reads (see
//! [`Projection`]); a row then goes to the layout as a record whose other cells are empty. The
//! other columns are decoded only where a row needs them:
//! - a posting without an id is a copy of another only when identical in every column (the CSV
//!   reader's rule, see [`crate::dedup`]). So where a batch has a row whose id is empty (or the
//!   file has no id column), every column of that batch is decoded and its records are whole:
//!   the rule, and the hash it uses, are exactly those of a CSV file, at the cost of reading
//!   every column only where ids are missing. (Hashing the other columns apart, column-wise,
//!   would save building the records but give hashes that differ from a CSV copy's.)
//! - a rejected row's text (`--rejects`, the JSON's `raw`) is the whole row: its batch's other
//!   columns are decoded when the first such row of the batch is shown.
//!
//! Memory is a batch of the columns read per worker, whatever the size of the file or of its row
//! groups. Labels are resolved once per distinct value by the sink, as for a CSV file.
//!
//! Values are typed in Parquet; they are turned into the text a CSV export would hold, so that
//! the checks are the same whatever the input: integers as written, whole floats without their
//! `.0` (a fraction of a vacancy is rejected), decimals with their scale, dates and timestamps as
//! `YYYY-MM-DD` and `YYYY-MM-DDTHH:MM:SS` (UTC), `null` as an empty cell. Text that is not valid
//! UTF-8 is rejected in the columns read, as in a CSV file.
//!
//! A file with nested columns (lists, structs, maps) is read row by row on one thread, every
//! column as its text (see [`drive_rows`]).

use std::cell::RefCell;
use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use csv::ByteRecord;
use parquet::basic::{ConvertedType, LogicalType, Repetition, TimeUnit, Type as Physical};
use parquet::column::reader::{ColumnReader, ColumnReaderImpl};
use parquet::data_type::DataType;
use parquet::errors::ParquetError;
use parquet::file::reader::{FileReader, RowGroupReader, SerializedFileReader};
use parquet::record::Field;
use parquet::schema::types::ColumnDescriptor;
use sha2::Digest;

use rustc_hash::FxHashMap;

use super::columns::Headers;
use super::parquet_dict;
use super::postings::Record;
use super::sheet::Positions;
use super::{Error, ReadOptions, ReadSummary};
use crate::ingest::parse::Date;

/// The first (and last) four bytes of a Parquet file.
pub const MAGIC: &[u8] = b"PAR1";

/// Rows decoded at a time in each column: a worker holds one batch of the columns it reads.
const BATCH: usize = 2048;

/// What a columnar input must decode for a layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Projection {
    /// The columns reading a row looks at.
    pub read: Vec<usize>,
    /// Which rows need every column.
    pub whole: Whole,
}

/// Which rows need every column, not only those read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Whole {
    /// None.
    Never,
    /// Every row.
    Always,
    /// The rows whose cell in this column is empty (postings without an id).
    WhenEmpty(usize),
}

/// How a column's values are written as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Bool,
    /// INT32 or INT64.
    Int {
        unsigned: bool,
    },
    /// INT32 days since 1970-01-01.
    Date,
    /// INT64 in `per_second` units since 1970-01-01 UTC.
    Timestamp {
        per_second: i64,
    },
    /// The legacy INT96 timestamp (Hive, Spark, Impala).
    Int96,
    /// An integer or big-endian bytes with `scale` decimals.
    Decimal {
        scale: u32,
    },
    Float,
    Double,
    /// BYTE_ARRAY or FIXED_LEN_BYTE_ARRAY: text, or bytes taken as text.
    Bytes,
}

impl Kind {
    fn of(c: &ColumnDescriptor) -> Kind {
        let logical = c.logical_type_ref();
        let converted = c.converted_type();
        let decimal = match logical {
            Some(LogicalType::Decimal(d)) => Some(d.scale),
            _ if converted == ConvertedType::DECIMAL => Some(c.type_scale()),
            _ => None,
        };
        if let Some(scale) = decimal.filter(|&s| s >= 0) {
            if c.physical_type() != Physical::FLOAT && c.physical_type() != Physical::DOUBLE {
                return Kind::Decimal {
                    scale: scale as u32,
                };
            }
        }
        let unsigned = matches!(logical, Some(LogicalType::Integer(i)) if !i.is_signed)
            || matches!(
                converted,
                ConvertedType::UINT_8
                    | ConvertedType::UINT_16
                    | ConvertedType::UINT_32
                    | ConvertedType::UINT_64
            );
        match c.physical_type() {
            Physical::BOOLEAN => Kind::Bool,
            Physical::INT32
                if matches!(logical, Some(LogicalType::Date))
                    || converted == ConvertedType::DATE =>
            {
                Kind::Date
            }
            Physical::INT64 => {
                let unit = match logical {
                    Some(LogicalType::Timestamp(t)) => Some(&t.unit),
                    _ => None,
                };
                let per_second = match (unit, converted) {
                    (Some(TimeUnit::MILLIS), _) | (None, ConvertedType::TIMESTAMP_MILLIS) => 1_000,
                    (Some(TimeUnit::MICROS), _) | (None, ConvertedType::TIMESTAMP_MICROS) => {
                        1_000_000
                    }
                    (Some(TimeUnit::NANOS), _) => 1_000_000_000,
                    _ => return Kind::Int { unsigned },
                };
                Kind::Timestamp { per_second }
            }
            Physical::INT32 => Kind::Int { unsigned },
            Physical::INT96 => Kind::Int96,
            Physical::FLOAT => Kind::Float,
            Physical::DOUBLE => Kind::Double,
            Physical::BYTE_ARRAY | Physical::FIXED_LEN_BYTE_ARRAY => Kind::Bytes,
        }
    }
}

/// A batch of one column's values as text, one after another (or a chunk's dictionary).
#[derive(Default)]
pub(super) struct Texts {
    data: Vec<u8>,
    /// Where each value ends in `data`.
    pub ends: Vec<usize>,
    /// Every value is valid UTF-8.
    pub utf8: bool,
}

impl Texts {
    pub fn clear(&mut self) {
        self.data.clear();
        self.ends.clear();
        self.utf8 = true;
    }

    pub fn get(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.data[start..self.ends[i]]
    }

    /// Ends the value being written.
    pub fn end(&mut self) {
        self.ends.push(self.data.len());
    }

    /// Whether every value is valid UTF-8. Checked on all of them at once (at memory speed,
    /// where short values one by one would cost more than decoding them): the values are valid
    /// when their concatenation is, and each starts on a character, not on a continuation byte
    /// (`0b10xx_xxxx`).
    pub fn each_utf8(&self) -> bool {
        simdutf8::basic::from_utf8(&self.data).is_ok()
            && self
                .ends
                .iter()
                .all(|&e| self.data.get(e).is_none_or(|&b| b & 0xC0 != 0x80))
    }

    /// Whether value `i` is empty once spaces are trimmed, as a cell read as text would be.
    pub fn blank(&self, i: usize) -> bool {
        let v = self.get(i);
        if v.is_ascii() {
            return v.trim_ascii().is_empty();
        }
        std::str::from_utf8(v).is_ok_and(|s| s.trim().is_empty())
    }
}

/// Appends the decimal digits of `n`.
fn push_int(out: &mut Vec<u8>, n: i128) {
    if n < 0 {
        out.push(b'-');
    }
    let mut m = n.unsigned_abs();
    let mut digits = [0u8; 40];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (m % 10) as u8;
        m /= 10;
        if m == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

/// Appends `unscaled` with `scale` decimals: 1234 with 2 is `12.34`.
fn push_decimal(out: &mut Vec<u8>, unscaled: i128, scale: u32) {
    if scale == 0 {
        return push_int(out, unscaled);
    }
    let mut digits = Vec::with_capacity(40);
    push_int(&mut digits, unscaled.unsigned_abs() as i128);
    let scale = scale as usize;
    if digits.len() <= scale {
        let mut padded = vec![b'0'; scale + 1 - digits.len()];
        padded.extend_from_slice(&digits);
        digits = padded;
    }
    if unscaled < 0 {
        out.push(b'-');
    }
    let point = digits.len() - scale;
    out.extend_from_slice(&digits[..point]);
    out.push(b'.');
    out.extend_from_slice(&digits[point..]);
}

/// A big-endian two's complement integer of at most 16 bytes (a decimal's bytes).
fn big_endian(b: &[u8]) -> Option<i128> {
    if b.is_empty() || b.len() > 16 {
        return None;
    }
    let fill = if b[0] & 0x80 != 0 { 0xFF } else { 0 };
    let mut bytes = [fill; 16];
    bytes[16 - b.len()..].copy_from_slice(b);
    Some(i128::from_be_bytes(bytes))
}

/// The day `days` after 1970-01-01, as `YYYY-MM-DD`.
fn day(days: i64) -> String {
    let d = Date::from_days(days);
    format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)
}

/// A timestamp in `per_second` units since 1970-01-01 UTC, as `YYYY-MM-DDTHH:MM:SS`.
fn timestamp(t: i64, per_second: i64) -> String {
    let secs = t.div_euclid(per_second);
    let (days, s) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    format!(
        "{}T{:02}:{:02}:{:02}",
        day(days),
        s / 3600,
        s % 3600 / 60,
        s % 60
    )
}

/// How a column of the row group a worker reads is decoded.
enum Decoding {
    /// Not yet opened.
    Unopened,
    /// As indices into its dictionary, each distinct value written as text once.
    Dictionary(parquet_dict::Chunk),
    /// Value by value with the parquet crate's typed reader, having gone past `at` rows.
    Values { reader: ColumnReader, at: usize },
}

/// One column of the row group a worker reads: how it is decoded (opened when first needed),
/// and the batch it holds, as text or as indices into its dictionary's text.
struct Column {
    kind: Kind,
    physical: Physical,
    max_def: i16,
    decoding: Decoding,
    /// The first row of the batch held.
    batch: Option<usize>,
    /// The batch's values, when read value by value.
    texts: Texts,
    /// The batch's indices into the dictionary, when read as such.
    indices: Vec<u32>,
    /// The batch's values, when they are integers read value by value (`None`: null).
    numbers: Vec<Option<i64>>,
    /// `numbers` holds the batch, not yet written as text (see [`Column::write_pending`]).
    pending: bool,
    levels: Vec<i16>,
    /// Dates already written, by day (a file holds a few thousand distinct days).
    days: FxHashMap<i32, Box<[u8]>>,
}

impl Column {
    fn new(descr: &ColumnDescriptor) -> Column {
        Column {
            kind: Kind::of(descr),
            physical: descr.physical_type(),
            max_def: descr.max_def_level(),
            decoding: Decoding::Unopened,
            batch: None,
            texts: Texts::default(),
            indices: Vec::new(),
            numbers: Vec::new(),
            pending: false,
            levels: Vec::new(),
            days: Default::default(),
        }
    }

    /// Writes the batch's integers as text, when they are not yet: a batch taken as coded
    /// needs them as numbers only, a row read as text needs them as text.
    fn write_pending(&mut self) {
        if !self.pending {
            return;
        }
        self.texts.clear();
        for v in &self.numbers {
            if let Some(v) = *v {
                int64_text(self.kind, v, &mut self.texts.data);
            }
            self.texts.end();
        }
        self.pending = false;
    }

    /// Row `r` of the batch held, as text.
    fn get(&self, r: usize) -> &[u8] {
        debug_assert!(!self.pending, "the integers are written as text first");
        match &self.decoding {
            Decoding::Dictionary(d) => d.values.get(self.indices[r] as usize),
            _ => self.texts.get(r),
        }
    }

    /// Whether every value of the batch held is valid UTF-8.
    fn utf8(&self) -> bool {
        match &self.decoding {
            Decoding::Dictionary(d) => d.values.utf8,
            _ => self.texts.utf8,
        }
    }

    /// Whether row `r` of the batch held is empty once spaces are trimmed.
    fn blank(&self, r: usize) -> bool {
        if self.pending {
            return self.numbers[r].is_none();
        }
        match &self.decoding {
            Decoding::Dictionary(d) => d.values.blank(self.indices[r] as usize),
            _ => self.texts.blank(r),
        }
    }

    /// Decodes rows `start..start + n` of the group (nothing if it holds them): as dictionary
    /// indices where the chunk is dictionary-coded, else value by value (from the chunk's first
    /// row again when a page that is not dictionary-coded is met).
    fn load(
        &mut self,
        group: &dyn RowGroupReader,
        index: usize,
        start: usize,
        n: usize,
    ) -> Result<(), ParquetError> {
        if self.batch == Some(start) {
            return Ok(());
        }
        if matches!(self.decoding, Decoding::Unopened) {
            let pages = group.get_column_page_reader(index)?;
            let mut days = std::mem::take(&mut self.days);
            let types = (self.kind, self.physical);
            let opened = parquet_dict::Chunk::open(pages, self.max_def, |buf, n, out| {
                plain_dictionary(types, &mut days, buf, n, out)
            });
            self.days = days;
            self.decoding = match opened? {
                Some(chunk) => Decoding::Dictionary(chunk),
                None => Decoding::Values {
                    reader: group.get_column_reader(index)?,
                    at: 0,
                },
            };
        }
        if let Decoding::Dictionary(chunk) = &mut self.decoding {
            debug_assert!(chunk.at <= start, "a column is only read forwards");
            let mut read = true;
            if chunk.at < start {
                read = chunk.read(start - chunk.at, &mut self.indices)?;
            }
            if read && chunk.read(n, &mut self.indices)? {
                self.batch = Some(start);
                return Ok(());
            }
            // a page that is not dictionary-coded: the chunk is read value by value
            self.decoding = Decoding::Values {
                reader: group.get_column_reader(index)?,
                at: 0,
            };
        }
        let Column {
            kind,
            max_def,
            decoding: Decoding::Values { reader, at },
            texts,
            numbers,
            pending,
            levels,
            days,
            ..
        } = self
        else {
            unreachable!("the column is read value by value here")
        };
        *pending = false;
        debug_assert!(*at <= start, "a column is only read forwards");
        if *at < start {
            let skipped = skip(reader, start - *at)?;
            if skipped != start - *at {
                return Err(ParquetError::General(format!(
                    "column {} ends after {} rows",
                    index + 1,
                    *at + skipped
                )));
            }
        }
        texts.clear();
        let (kind, max_def) = (*kind, *max_def);
        let read = match reader {
            ColumnReader::BoolColumnReader(r) => decode(r, n, max_def, levels, texts, |v, o| {
                o.extend_from_slice(if *v { b"true" } else { b"false" })
            }),
            ColumnReader::Int32ColumnReader(r) => decode(r, n, max_def, levels, texts, |&v, o| {
                int32_text(kind, v, days, o)
            }),
            ColumnReader::Int64ColumnReader(r) if kind == (Kind::Int { unsigned: false }) => {
                // kept as numbers: written as text only for rows read as text
                *pending = true;
                integers(r, n, max_def, levels, numbers)
            }
            ColumnReader::Int64ColumnReader(r) => {
                decode(r, n, max_def, levels, texts, |&v, o| int64_text(kind, v, o))
            }
            ColumnReader::Int96ColumnReader(r) => decode(r, n, max_def, levels, texts, |v, o| {
                o.extend_from_slice(timestamp(v.to_nanos(), 1_000_000_000).as_bytes())
            }),
            ColumnReader::FloatColumnReader(r) => {
                decode(r, n, max_def, levels, texts, |&v, o| float_text(v, o))
            }
            ColumnReader::DoubleColumnReader(r) => {
                decode(r, n, max_def, levels, texts, |&v, o| double_text(v, o))
            }
            ColumnReader::ByteArrayColumnReader(r) => {
                decode(r, n, max_def, levels, texts, |v, o| {
                    bytes(kind, v.data(), o)
                })
            }
            ColumnReader::FixedLenByteArrayColumnReader(r) => {
                decode(r, n, max_def, levels, texts, |v, o| {
                    bytes(kind, v.data(), o)
                })
            }
        }?;
        if read != n {
            return Err(ParquetError::General(format!(
                "column {} ends after {} rows",
                index + 1,
                start + read
            )));
        }
        if kind == Kind::Bytes {
            texts.utf8 = texts.each_utf8();
        }
        *at = start + n;
        self.batch = Some(start);
        Ok(())
    }
}

/// Writes an INT32 value: a date (through the column's cache of days written), a decimal, an
/// integer.
fn int32_text(kind: Kind, v: i32, days: &mut FxHashMap<i32, Box<[u8]>>, o: &mut Vec<u8>) {
    match kind {
        Kind::Date => {
            if days.len() > 100_000 {
                days.clear();
            }
            let text = days
                .entry(v)
                .or_insert_with(|| day(i64::from(v)).into_bytes().into());
            o.extend_from_slice(text);
        }
        Kind::Decimal { scale } => push_decimal(o, i128::from(v), scale),
        Kind::Int { unsigned: true } => push_int(o, i128::from(v as u32)),
        _ => push_int(o, i128::from(v)),
    }
}

/// Writes an INT64 value: a timestamp, a decimal, an integer.
fn int64_text(kind: Kind, v: i64, o: &mut Vec<u8>) {
    match kind {
        Kind::Timestamp { per_second } => o.extend_from_slice(timestamp(v, per_second).as_bytes()),
        Kind::Decimal { scale } => push_decimal(o, i128::from(v), scale),
        Kind::Int { unsigned: true } => push_int(o, i128::from(v as u64)),
        _ => push_int(o, i128::from(v)),
    }
}

/// Writes a FLOAT value: a whole one without its `.0`.
fn float_text(v: f32, o: &mut Vec<u8>) {
    if v.is_finite() && v.fract() == 0.0 && v.abs() < 1e7 {
        push_int(o, v as i128)
    } else {
        o.extend_from_slice(v.to_string().as_bytes())
    }
}

/// Writes a DOUBLE value as a spreadsheet cell's number is written.
fn double_text(v: f64, o: &mut Vec<u8>) {
    o.extend_from_slice(super::sheet::float_text(v).as_bytes())
}

/// Writes the PLAIN values of a dictionary page (`n` of them, of `column`'s type) as text into
/// `out`, one value each; false for a type whose dictionary is not read this way (booleans,
/// INT96, fixed-length bytes: read value by value).
fn plain_dictionary(
    (kind, physical): (Kind, Physical),
    days: &mut FxHashMap<i32, Box<[u8]>>,
    buf: &[u8],
    n: usize,
    out: &mut Texts,
) -> Result<bool, ParquetError> {
    let short = || ParquetError::General("the dictionary page ends early".into());
    let fixed = |width: usize| -> Result<std::slice::ChunksExact<u8>, ParquetError> {
        let bytes = buf.get(..n * width).ok_or_else(short)?;
        Ok(bytes.chunks_exact(width))
    };
    match physical {
        Physical::INT32 => {
            for b in fixed(4)? {
                let v = i32::from_le_bytes(b.try_into().expect("4 bytes"));
                int32_text(kind, v, days, &mut out.data);
                out.end();
            }
        }
        Physical::INT64 => {
            for b in fixed(8)? {
                int64_text(
                    kind,
                    i64::from_le_bytes(b.try_into().expect("8 bytes")),
                    &mut out.data,
                );
                out.end();
            }
        }
        Physical::FLOAT => {
            for b in fixed(4)? {
                float_text(
                    f32::from_le_bytes(b.try_into().expect("4 bytes")),
                    &mut out.data,
                );
                out.end();
            }
        }
        Physical::DOUBLE => {
            for b in fixed(8)? {
                double_text(
                    f64::from_le_bytes(b.try_into().expect("8 bytes")),
                    &mut out.data,
                );
                out.end();
            }
        }
        Physical::BYTE_ARRAY => {
            let mut at = 0;
            for _ in 0..n {
                let len = buf.get(at..at + 4).ok_or_else(short)?;
                let len = u32::from_le_bytes(len.try_into().expect("4 bytes")) as usize;
                let v = buf.get(at + 4..at + 4 + len).ok_or_else(short)?;
                bytes(kind, v, &mut out.data);
                out.end();
                at += 4 + len;
            }
        }
        Physical::BOOLEAN | Physical::INT96 | Physical::FIXED_LEN_BYTE_ARRAY => return Ok(false),
    }
    Ok(true)
}

/// Writes a BYTE_ARRAY or FIXED_LEN_BYTE_ARRAY value.
fn bytes(kind: Kind, v: &[u8], out: &mut Vec<u8>) {
    match (kind, big_endian(v)) {
        (Kind::Decimal { scale }, Some(n)) => push_decimal(out, n, scale),
        _ => out.extend_from_slice(v),
    }
}

/// Skips `n` rows of a column; returns how many it could.
fn skip(reader: &mut ColumnReader, n: usize) -> Result<usize, ParquetError> {
    match reader {
        ColumnReader::BoolColumnReader(r) => r.skip_records(n),
        ColumnReader::Int32ColumnReader(r) => r.skip_records(n),
        ColumnReader::Int64ColumnReader(r) => r.skip_records(n),
        ColumnReader::Int96ColumnReader(r) => r.skip_records(n),
        ColumnReader::FloatColumnReader(r) => r.skip_records(n),
        ColumnReader::DoubleColumnReader(r) => r.skip_records(n),
        ColumnReader::ByteArrayColumnReader(r) => r.skip_records(n),
        ColumnReader::FixedLenByteArrayColumnReader(r) => r.skip_records(n),
    }
}

/// Decodes the next `n` rows of an INT64 column into `out` (`None`: null); returns how many rows
/// there were.
fn integers(
    reader: &mut ColumnReaderImpl<parquet::data_type::Int64Type>,
    n: usize,
    max_def: i16,
    levels: &mut Vec<i16>,
    out: &mut Vec<Option<i64>>,
) -> Result<usize, ParquetError> {
    let mut values = Vec::with_capacity(n);
    levels.clear();
    out.clear();
    let (rows, _, _) = reader.read_records(n, Some(levels), None, &mut values)?;
    if max_def == 0 {
        out.extend(values.into_iter().map(Some));
    } else {
        let mut values = values.into_iter();
        for &level in levels.iter() {
            out.push(if level == max_def {
                Some(
                    values
                        .next()
                        .ok_or_else(|| ParquetError::General("fewer values than rows".into()))?,
                )
            } else {
                None
            });
        }
    }
    Ok(rows)
}

/// Decodes the next `n` rows of a column with `write` for each value, a null as an empty cell;
/// returns how many rows there were.
fn decode<T: DataType>(
    reader: &mut ColumnReaderImpl<T>,
    n: usize,
    max_def: i16,
    levels: &mut Vec<i16>,
    out: &mut Texts,
    mut write: impl FnMut(&T::T, &mut Vec<u8>),
) -> Result<usize, ParquetError> {
    let mut values = Vec::with_capacity(n);
    levels.clear();
    let (rows, _, _) = reader.read_records(n, Some(levels), None, &mut values)?;
    if max_def == 0 {
        for v in &values {
            write(v, &mut out.data);
            out.end();
        }
    } else {
        let mut values = values.iter();
        for &level in levels.iter() {
            if level == max_def {
                let v = values
                    .next()
                    .ok_or_else(|| ParquetError::General("fewer values than rows".into()))?;
                write(v, &mut out.data);
            }
            out.end();
        }
    }
    Ok(rows)
}

/// The SHA-256 and size of a file, read once.
fn checksum(file: &Path, path: &str) -> Result<(String, u64), Error> {
    let read_error = |source| Error::Read {
        path: path.to_string(),
        source,
    };
    let mut f = File::open(file).map_err(|source| Error::Open {
        path: path.to_string(),
        source,
    })?;
    let mut digest = sha2::Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut size = 0u64;
    loop {
        let n = f.read(&mut buf).map_err(read_error)?;
        if n == 0 {
            break;
        }
        digest.update(&buf[..n]);
        size += n as u64;
    }
    Ok((crate::util::hex(&digest.finalize()), size))
}

/// The message for a file the parquet crate cannot read.
fn unreadable(path: &str, e: ParquetError) -> Error {
    Error::Workbook {
        path: path.to_string(),
        message: format!(
            "cannot be read as a Parquet file ({e}); the file may be damaged or cut short: \
             write it again"
        ),
    }
}

/// Opens a Parquet file (each worker opens its own: a reader seeks in its file).
fn open(file: &Path, path: &str) -> Result<SerializedFileReader<File>, Error> {
    let f = File::open(file).map_err(|source| Error::Open {
        path: path.to_string(),
        source,
    })?;
    SerializedFileReader::new(f).map_err(|e| unreadable(path, e))
}

/// Reads a Parquet file column-wise on all cores (see the module's doc): `layout` maps its
/// columns, `row` handles each row with its number (from 1) and the state of the worker that
/// read it.
pub(super) fn drive<L: Positions + Sync, S: Send>(
    file: &Path,
    opts: &ReadOptions,
    layout: impl Fn(&str, &Headers) -> Result<L, Error>,
    init: impl Fn() -> S + Sync,
    row: impl Fn(&L, &Record, u64, &mut S, &mut ReadSummary) + Sync,
) -> Result<(ReadSummary, Vec<S>), Error> {
    drive_coded(file, opts, layout, init, row, |_, _, _, _| false)
}

/// [`drive`], offering each batch whose rows need only the columns read to `coded` first, as
/// dictionary indices where its columns are dictionary-coded (see [`Coded`]). `coded` takes the
/// batch's rows and returns true, having put in its last argument the rows it leaves to `row`
/// (a row it cannot take as coded, to be read, checked and rejected as any other); or it
/// returns false, taking none.
pub(super) fn drive_coded<L: Positions + Sync, S: Send>(
    file: &Path,
    opts: &ReadOptions,
    layout: impl Fn(&str, &Headers) -> Result<L, Error>,
    init: impl Fn() -> S + Sync,
    row: impl Fn(&L, &Record, u64, &mut S, &mut ReadSummary) + Sync,
    coded: impl Fn(&L, &Coded, &mut S, &mut Vec<usize>) -> bool + Sync,
) -> Result<(ReadSummary, Vec<S>), Error> {
    let path = opts
        .name
        .clone()
        .unwrap_or_else(|| file.display().to_string());
    let reader = open(file, &path)?;
    let meta = reader.metadata();
    let schema = meta.file_metadata().schema_descr();
    let fields = schema.root_schema().get_fields();
    let flat = fields.len() == schema.num_columns()
        && fields.iter().all(|f| {
            f.is_primitive()
                && !(f.get_basic_info().has_repetition()
                    && f.get_basic_info().repetition() == Repetition::REPEATED)
        });
    if !flat {
        return drive_rows(file, &path, opts, layout, init, row);
    }
    let headers = Headers::new(fields.iter().map(|f| f.name().to_string()));
    let layout = layout(&path, &headers)?;
    let projection = layout.projection();
    let width = fields.len();
    let groups: Vec<(u64, usize)> = (0..meta.num_row_groups())
        .scan(0u64, |first, g| {
            let rows = meta.row_group(g).num_rows().max(0) as u64;
            let at = *first;
            *first += rows;
            Some((at, rows as usize))
        })
        .collect();
    let threads = if opts.threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        opts.threads
    }
    .clamp(1, groups.len().max(1));

    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let work = || -> Result<(ReadSummary, S), Error> {
        let reader = open(file, &path)?;
        let mut state = init();
        let mut sum = ReadSummary::worker(&path, opts);
        while !failed.load(Ordering::Relaxed) {
            let g = next.fetch_add(1, Ordering::Relaxed);
            let Some(&(first, rows)) = groups.get(g) else {
                break;
            };
            let group = Group {
                reader: reader.get_row_group(g).map_err(|e| unreadable(&path, e))?,
                number: g,
                first,
                rows,
                width,
                projection: &projection,
                path: &path,
            };
            // both take the worker's state, one after the other
            let state = RefCell::new(&mut state);
            let sum = RefCell::new(&mut sum);
            let read = group.read(
                |rec, line| {
                    sum.borrow_mut().rows_read += 1;
                    row(
                        &layout,
                        rec,
                        line,
                        &mut **state.borrow_mut(),
                        &mut sum.borrow_mut(),
                    )
                },
                |batch, declined| {
                    let taken = coded(&layout, batch, &mut **state.borrow_mut(), declined);
                    if taken {
                        sum.borrow_mut().rows_read += (batch.rows - declined.len()) as u64;
                    }
                    taken
                },
            );
            if read.is_err() {
                failed.store(true, Ordering::Relaxed);
            }
            read?;
        }
        Ok((sum, state))
    };
    let (checked, results) = std::thread::scope(|s| {
        let checked = s.spawn(|| checksum(file, &path));
        let workers: Vec<_> = (0..threads).map(|_| s.spawn(work)).collect();
        let results: Vec<_> = workers
            .into_iter()
            .map(|w| w.join().expect("a Parquet reading worker panicked"))
            .collect();
        (
            checked.join().expect("the checksum thread panicked"),
            results,
        )
    });
    let (sha256, size) = checked?;
    let mut total = ReadSummary {
        file: path.clone(),
        bytes: Some(size),
        encoding: "parquet".into(),
        sha256: Some(sha256),
        ..ReadSummary::default()
    };
    let mut states = Vec::with_capacity(results.len());
    for result in results {
        let (sum, state) = result?;
        total.absorb(sum).map_err(|source| Error::Read {
            path: format!("{path} (its rejected rows, in a temporary file)"),
            source,
        })?;
        states.push(state);
    }
    let total = super::reader::settle(&path, total)?;
    Ok((total, states))
}

/// A batch of rows of one row group whose cells are all in the columns read, as those columns
/// were decoded: a sink may take its rows from the dictionaries' values and the rows' indices
/// into them, resolving each distinct value once per row group instead of once per row.
pub(super) struct Coded<'a> {
    /// The row group's number in the file: the dictionaries are those of the row group, so a
    /// table kept per dictionary value is good for as long as this stays the same.
    pub group: usize,
    /// The number of rows in the batch.
    pub rows: usize,
    /// The batch's first row in the row group.
    start: usize,
    columns: &'a [Column],
}

/// One column of a [`Coded`] batch.
pub(super) enum Cells<'a> {
    /// Indices into the chunk's dictionary, one per row, and the dictionary's values as text
    /// (a null's index is that of an empty value).
    Dictionary {
        values: &'a Texts,
        indices: &'a [u32],
    },
    /// The rows' values as text.
    Values(&'a Texts),
    /// The rows' values, integers (`None`: null).
    Numbers(&'a [Option<i64>]),
}

impl Coded<'_> {
    /// Column `i` as decoded; `None` when it was not read.
    pub fn cells(&self, i: usize) -> Option<Cells<'_>> {
        let c = &self.columns[i];
        if c.batch != Some(self.start) {
            return None;
        }
        if c.pending {
            return Some(Cells::Numbers(&c.numbers));
        }
        Some(match &c.decoding {
            Decoding::Dictionary(d) => Cells::Dictionary {
                values: &d.values,
                indices: &c.indices,
            },
            _ => Cells::Values(&c.texts),
        })
    }
}

/// One row group, as a worker reads it.
struct Group<'a> {
    reader: Box<dyn RowGroupReader + 'a>,
    /// Its number in the file.
    number: usize,
    /// The number (from 0) of its first row in the file.
    first: u64,
    rows: usize,
    width: usize,
    projection: &'a Projection,
    path: &'a str,
}

impl Group<'_> {
    /// Reads every row of the group in batches, offering each batch whose rows need only the
    /// columns read to `coded` (see [`drive_coded`]), and handing every other row to `row` with
    /// its line.
    fn read(
        &self,
        mut row: impl FnMut(&Record, u64),
        mut coded: impl FnMut(&Coded, &mut Vec<usize>) -> bool,
    ) -> Result<(), Error> {
        let mut declined = Vec::new();
        let columns = RefCell::new(
            (0..self.width)
                .map(|i| Column::new(&self.reader.metadata().schema_descr().column(i)))
                .collect::<Vec<_>>(),
        );
        let mut rec = ByteRecord::new();
        let mut start = 0;
        while start < self.rows {
            let n = BATCH.min(self.rows - start);
            let failed = |e: ParquetError| {
                let line = self.first + start as u64 + 1;
                Error::Malformed {
                    path: self.path.to_string(),
                    line,
                    message: format!(
                        "rows {line} to {} cannot be read ({e}); the file may be damaged: write \
                         it again",
                        line + n as u64 - 1
                    ),
                }
            };
            let whole = {
                let mut cols = columns.borrow_mut();
                for &i in &self.projection.read {
                    cols[i].load(&*self.reader, i, start, n).map_err(failed)?;
                }
                let whole = match self.projection.whole {
                    Whole::Never => false,
                    Whole::Always => true,
                    Whole::WhenEmpty(i) => (0..n).any(|r| cols[i].blank(r)),
                };
                if whole {
                    for (i, c) in cols.iter_mut().enumerate() {
                        c.load(&*self.reader, i, start, n).map_err(failed)?;
                    }
                }
                whole
            };
            declined.clear();
            let taken = !whole && {
                let cols = columns.borrow();
                let batch = Coded {
                    group: self.number,
                    rows: n,
                    start,
                    columns: &cols,
                };
                coded(&batch, &mut declined)
            };
            if !taken {
                declined.clear();
                declined.extend(0..n);
            }
            if !declined.is_empty() {
                columns
                    .borrow_mut()
                    .iter_mut()
                    .for_each(Column::write_pending);
            }
            for &r in &declined {
                let utf8 = {
                    let cols = columns.borrow();
                    rec.clear();
                    let mut utf8 = true;
                    for c in cols.iter() {
                        if c.batch == Some(start) {
                            rec.push_field(c.get(r));
                            utf8 &= c.utf8();
                        } else {
                            rec.push_field(b"");
                        }
                    }
                    utf8
                };
                // the whole row, for a reject's text: the batch's other columns are decoded once
                let full = || {
                    let mut cols = columns.borrow_mut();
                    let mut whole = ByteRecord::new();
                    for (i, c) in cols.iter_mut().enumerate() {
                        let loaded = c.load(&*self.reader, i, start, n).is_ok();
                        c.write_pending();
                        whole.push_field(if loaded { c.get(r) } else { b"" });
                    }
                    whole
                };
                let record = Record {
                    rec: &rec,
                    utf8,
                    delimiter: b',',
                    full: (!whole).then_some(&full as &dyn Fn() -> ByteRecord),
                };
                row(&record, self.first + (start + r) as u64 + 1);
            }
            start += n;
        }
        Ok(())
    }
}

/// A value as the text of a CSV cell, for [`drive_rows`].
fn field_text(f: &Field) -> String {
    match f {
        Field::Null => String::new(),
        Field::Str(s) => s.trim().to_string(),
        Field::Bytes(b) => String::from_utf8_lossy(b.data()).trim().to_string(),
        Field::Float(x) if x.is_finite() && x.fract() == 0.0 && x.abs() < 1e7 => {
            format!("{}", *x as i64)
        }
        Field::Float(x) => x.to_string(),
        Field::Double(x) => super::sheet::float_text(*x),
        Field::Date(days) => day(i64::from(*days)),
        Field::TimestampMillis(ms) => timestamp(*ms, 1_000),
        Field::TimestampMicros(us) => timestamp(*us, 1_000_000),
        other => other.to_string(),
    }
}

/// Reads a Parquet file with nested columns row by row on one thread, every column as its text
/// (a list or a struct as the parquet crate writes it).
fn drive_rows<L, S>(
    file: &Path,
    path: &str,
    opts: &ReadOptions,
    layout: impl Fn(&str, &Headers) -> Result<L, Error>,
    init: impl Fn() -> S,
    row: impl Fn(&L, &Record, u64, &mut S, &mut ReadSummary),
) -> Result<(ReadSummary, Vec<S>), Error> {
    let (sha256, size) = checksum(file, path)?;
    let reader = open(file, path)?;
    let names = reader
        .metadata()
        .file_metadata()
        .schema()
        .get_fields()
        .iter()
        .map(|f| f.name().to_string());
    let headers = Headers::new(names);
    let layout = layout(path, &headers)?;
    let mut sum = ReadSummary {
        file: path.to_string(),
        bytes: Some(size),
        encoding: "parquet".into(),
        sha256: Some(sha256),
        spilling: opts
            .keep_all_rejects
            .then(|| super::spill::Writer::shared(path)),
        ..ReadSummary::default()
    };
    let mut state = init();
    let mut rec = ByteRecord::new();
    let rows = reader.get_row_iter(None).map_err(|e| unreadable(path, e))?;
    for (i, r) in rows.enumerate() {
        let line = i as u64 + 1;
        let r = r.map_err(|e| Error::Malformed {
            path: path.to_string(),
            line,
            message: format!("row {line} cannot be read ({e}); the file may be damaged"),
        })?;
        rec.clear();
        for (_, value) in r.get_column_iter() {
            rec.push_field(field_text(value).as_bytes());
        }
        sum.rows_read += 1;
        let record = Record {
            rec: &rec,
            utf8: true,
            delimiter: b',',
            full: None,
        };
        row(&layout, &record, line, &mut state, &mut sum);
    }
    sum.close_spill().map_err(|source| Error::Read {
        path: format!("{path} (its rejected rows, in a temporary file)"),
        source,
    })?;
    if sum.rows_read == 0 {
        return Err(Error::NoRows {
            path: path.to_string(),
        });
    }
    Ok((sum, vec![state]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_as_an_export_writes_them() {
        assert_eq!(field_text(&Field::Null), "");
        assert_eq!(field_text(&Field::Long(12)), "12");
        assert_eq!(field_text(&Field::Double(12.0)), "12");
        assert_eq!(field_text(&Field::Double(2.5)), "2.5");
        assert_eq!(field_text(&Field::Float(2.5)), "2.5");
        assert_eq!(field_text(&Field::Str(" Rabat ".into())), "Rabat");
        // 2025-03-14 is day 20,161 after 1970-01-01
        assert_eq!(field_text(&Field::Date(20_161)), "2025-03-14");
        let noon = (20_161 * 86_400 + 12 * 3600) * 1000;
        assert_eq!(
            field_text(&Field::TimestampMillis(noon)),
            "2025-03-14T12:00:00"
        );
        assert_eq!(
            field_text(&Field::TimestampMicros(noon * 1000 + 999)),
            "2025-03-14T12:00:00"
        );
    }

    fn text(f: impl Fn(&mut Vec<u8>)) -> String {
        let mut out = Vec::new();
        f(&mut out);
        String::from_utf8(out).unwrap()
    }

    fn texts(values: &[&[u8]]) -> Texts {
        let mut t = Texts::default();
        t.clear();
        for v in values {
            t.data.extend_from_slice(v);
            t.end();
        }
        t
    }

    #[test]
    fn utf8_is_checked_value_by_value() {
        assert!(texts(&[b"Rabat", "Salé".as_bytes(), b""]).each_utf8());
        // `é` cut in two: the halves are invalid although their concatenation is valid
        let e = "é".as_bytes();
        assert!(!texts(&[&e[..1], &e[1..]]).each_utf8());
        assert!(!texts(&[b"ok", b"\xFF"]).each_utf8());
        let t = texts(&[b"  ", "\u{a0}".as_bytes(), b" 12 ", b""]);
        assert_eq!(
            (0..4).map(|i| t.blank(i)).collect::<Vec<_>>(),
            [true, true, false, true]
        );
    }

    #[test]
    fn numbers_are_written_as_an_export_writes_them() {
        assert_eq!(text(|o| push_int(o, 0)), "0");
        assert_eq!(text(|o| push_int(o, -907)), "-907");
        assert_eq!(
            text(|o| push_int(o, i128::from(u64::MAX))),
            "18446744073709551615"
        );
        assert_eq!(text(|o| push_decimal(o, 1234, 2)), "12.34");
        assert_eq!(text(|o| push_decimal(o, -5, 3)), "-0.005");
        assert_eq!(text(|o| push_decimal(o, 700, 2)), "7.00");
        assert_eq!(text(|o| push_decimal(o, 12, 0)), "12");
        assert_eq!(big_endian(&[0xFF, 0x85]), Some(-123));
        assert_eq!(big_endian(&[0x04, 0xD2]), Some(1234));
        assert_eq!(big_endian(&[]), None);
    }
}
