//! Reading a Parquet file, as data teams keep scraped postings in a data lake: its top-level
//! columns are the header, matched by the usual synonyms, and each row goes through the same
//! layouts, parsers and rejects as a CSV record. A row's line is its number in the file, from 1.
//!
//! Values are typed in Parquet; they are turned into the text a CSV export would hold, so that
//! the checks are the same whatever the input: integers as written, whole floats without their
//! `.0` (a fraction of a vacancy is rejected), dates and timestamps as `YYYY-MM-DD` (UTC), `null`
//! as an empty cell. Every column is read, not only those skillgap uses: postings without an id
//! are merged as duplicates only when identical in every column.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use csv::ByteRecord;
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;
use sha2::Digest;

use super::columns::Headers;
use super::postings::Record;
use super::{Error, ReadOptions, ReadSummary};
use crate::ingest::parse::Date;

/// The first (and last) four bytes of a Parquet file.
pub const MAGIC: &[u8] = b"PAR1";

/// A value as the text of a CSV cell.
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

/// Reads a Parquet file on one thread: `layout` maps its columns, `row` handles each row with
/// its number (from 1).
pub(super) fn drive<L, S>(
    file: &Path,
    opts: &ReadOptions,
    layout: impl Fn(&str, &Headers) -> Result<L, Error>,
    init: impl Fn() -> S,
    row: impl Fn(&L, &Record, u64, &mut S, &mut ReadSummary),
) -> Result<(ReadSummary, Vec<S>), Error> {
    let path = opts
        .name
        .clone()
        .unwrap_or_else(|| file.display().to_string());
    let (sha256, size) = checksum(file, &path)?;
    let unreadable = |e: parquet::errors::ParquetError| Error::Workbook {
        path: path.clone(),
        message: format!(
            "cannot be read as a Parquet file ({e}); the file may be damaged or cut short: \
             write it again"
        ),
    };
    let f = File::open(file).map_err(|source| Error::Open {
        path: path.clone(),
        source,
    })?;
    let reader = SerializedFileReader::new(f).map_err(unreadable)?;
    let names: Vec<String> = reader
        .metadata()
        .file_metadata()
        .schema()
        .get_fields()
        .iter()
        .map(|f| f.name().to_string())
        .collect();
    let headers = Headers::new(names);
    let layout = layout(&path, &headers)?;
    let mut sum = ReadSummary {
        file: path.clone(),
        bytes: Some(size),
        encoding: "parquet".into(),
        sha256: Some(sha256),
        spilling: opts
            .keep_all_rejects
            .then(|| super::spill::Writer::shared(&path)),
        ..ReadSummary::default()
    };
    let mut state = init();
    let mut rec = ByteRecord::new();
    for (i, r) in reader.get_row_iter(None).map_err(unreadable)?.enumerate() {
        let line = i as u64 + 1;
        let r = r.map_err(|e| Error::Malformed {
            path: path.clone(),
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
        };
        row(&layout, &record, line, &mut state, &mut sum);
    }
    sum.close_spill().map_err(|source| Error::Read {
        path: format!("{path} (its rejected rows, in a temporary file)"),
        source,
    })?;
    if sum.rows_read == 0 {
        return Err(Error::NoRows { path });
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
}
