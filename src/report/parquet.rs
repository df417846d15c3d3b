//! The Parquet report: the CSV's table (same columns, same names, same rows in the same order) as
//! one Parquet file, for data teams who load reports into DuckDB, Spark, pandas or a data lake
//! without parsing text.
//!
//! Each column gets the type of its values:
//!
//! | values | Parquet |
//! | --- | --- |
//! | codes, labels, statuses, ratings (text) | `BYTE_ARRAY` annotated `STRING` (UTF-8), required |
//! | ranks, counts, years | `INT64`, required (years optional where the CSV may leave them empty) |
//! | demand, supply, gap, ratio, index, rates | `DOUBLE`, optional: null where the CSV is empty |
//! | flags (`low_evidence`) | `BOOLEAN`, required |
//!
//! A measure is the CSV's decimal read as a double: the CSV rounds demand to 2 decimals and a
//! ratio to 4, and the Parquet file holds the nearest double to that same decimal, so that
//! `CAST(csv.ratio AS DOUBLE) = parquet.ratio` holds exactly and every format shows the same
//! figures. (Parquet's `DECIMAL` would keep them exact, but pandas reads it as Python objects, not
//! numbers.) Text is written as it is: no `'` is put before a cell a spreadsheet could run as a
//! formula, since no spreadsheet opens Parquet.
//!
//! Parquet is not text: the file is built in memory (a report has at most a few thousand rows)
//! and written in one go; the command refuses it on a terminal.

use std::io::{self, Write};
use std::sync::Arc;

use ::parquet::basic::{Compression, LogicalType, Repetition, Type as Physical};
use ::parquet::column::writer::ColumnWriter;
use ::parquet::data_type::ByteArray;
use ::parquet::errors::ParquetError;
use ::parquet::file::properties::WriterProperties;
use ::parquet::file::writer::SerializedFileWriter;
use ::parquet::schema::types::Type;

use super::i18n::strings;
use super::numbers::{Numbers, Style};
use super::tables::{self, Audience, Kind, Table, Value};
use super::{Reporter, WriteOptions};
use crate::model::GapReport;

/// The Parquet writer.
pub struct Parquet {
    pub opts: WriteOptions,
}

impl Reporter for Parquet {
    fn write(&self, report: &GapReport, out: &mut dyn Write) -> io::Result<()> {
        let lang = self.opts.lang_of(report);
        write_table(
            &tables::ranking_for(report, strings(lang), Audience::Csv),
            out,
        )
    }
}

/// The Parquet type of a column, from its values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Text,
    Int,
    Double,
    Bool,
}

impl Column {
    /// The type that holds every value of column `i` of `t`: integers when all are integers (or
    /// years), doubles when all are measures, booleans when all are flags, text otherwise. An
    /// empty table takes the type from the column's kind.
    fn of(t: &Table, i: usize) -> Column {
        let kind = t.columns[i].kind;
        let of_value = |v: &Value| match v {
            Value::Int(_) => Column::Int,
            Value::Number(_) if kind == Kind::Year => Column::Int,
            Value::Number(_) => Column::Double,
            Value::Flag(_) => Column::Bool,
            Value::Text(_) | Value::Status { .. } | Value::Label(_) => Column::Text,
        };
        let mut types = t.rows.iter().map(|r| of_value(&r[i]));
        match types.next() {
            None => match kind {
                Kind::Rank | Kind::Count | Kind::Year => Column::Int,
                Kind::Amount
                | Kind::Gap
                | Kind::Ratio
                | Kind::Balance
                | Kind::Percent
                | Kind::Change => Column::Double,
                Kind::LowEvidence => Column::Bool,
                Kind::Code | Kind::Text | Kind::Status | Kind::Rating => Column::Text,
            },
            Some(first) if types.all(|t| t == first) => first,
            Some(_) => Column::Text,
        }
    }
}

fn parquet_error(e: ParquetError) -> io::Error {
    io::Error::other(format!("writing Parquet: {e}"))
}

/// Writes `t` as one Parquet file with one row group, compressed with Snappy (which every
/// Parquet reader has). The bytes depend on the table alone: the same report gives the same file.
pub fn write_table(t: &Table, out: &mut dyn Write) -> io::Result<()> {
    let types: Vec<Column> = (0..t.columns.len()).map(|i| Column::of(t, i)).collect();
    // Optional where a value may be missing: measures (an undefined ratio) and years.
    let optional = |i: usize| {
        types[i] == Column::Double || (types[i] == Column::Int && t.columns[i].kind == Kind::Year)
    };
    let fields = (t.columns.iter().zip(&types).enumerate())
        .map(|(i, (c, ty))| {
            let (physical, logical) = match ty {
                Column::Text => (Physical::BYTE_ARRAY, Some(LogicalType::String)),
                Column::Int => (Physical::INT64, None),
                Column::Double => (Physical::DOUBLE, None),
                Column::Bool => (Physical::BOOLEAN, None),
            };
            let repetition = if optional(i) {
                Repetition::OPTIONAL
            } else {
                Repetition::REQUIRED
            };
            Type::primitive_type_builder(c.id, physical)
                .with_repetition(repetition)
                .with_logical_type(logical)
                .build()
                .map(Arc::new)
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(parquet_error)?;
    let schema = Type::group_type_builder("skillgap")
        .with_fields(fields)
        .build()
        .map_err(parquet_error)?;
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_created_by(format!("skillgap {}", env!("CARGO_PKG_VERSION")))
        .build();
    let mut buf = Vec::new();
    let mut file = SerializedFileWriter::new(&mut buf, Arc::new(schema), Arc::new(props))
        .map_err(parquet_error)?;
    let mut group = file.next_row_group().map_err(parquet_error)?;
    let n = Numbers::new(Style::Csv, crate::taxonomy::Lang::En);
    let mut i = 0;
    while let Some(mut column) = group.next_column().map_err(parquet_error)? {
        let kind = t.columns[i].kind;
        let cells = t.rows.iter().map(|r| &r[i]);
        let written = match column.untyped() {
            ColumnWriter::ByteArrayColumnWriter(w) => {
                let values: Vec<ByteArray> = cells
                    .map(|v| ByteArray::from(super::csv::cell_text(kind, v, &n, false).as_str()))
                    .collect();
                w.write_batch(&values, None, None)
            }
            ColumnWriter::Int64ColumnWriter(w) => {
                let (values, levels) = present(cells.map(|v| match v {
                    Value::Int(x) => Some(*x as i64),
                    Value::Number(x) => x.map(|y| y.round() as i64),
                    _ => None,
                }));
                w.write_batch(&values, optional(i).then_some(&levels), None)
            }
            ColumnWriter::DoubleColumnWriter(w) => {
                let (values, levels) = present(cells.map(|v| match v {
                    // The CSV's decimal, read back: the same figure as the CSV.
                    Value::Number(Some(x)) => n.measure(kind, Some(*x)).parse::<f64>().ok(),
                    _ => None,
                }));
                w.write_batch(&values, Some(&levels), None)
            }
            ColumnWriter::BoolColumnWriter(w) => {
                let values: Vec<bool> = cells.map(|v| matches!(v, Value::Flag(true))).collect();
                w.write_batch(&values, None, None)
            }
            _ => Err(ParquetError::General(format!(
                "column {} has a type the report does not declare",
                t.columns[i].id
            ))),
        };
        written.map_err(parquet_error)?;
        column.close().map_err(parquet_error)?;
        i += 1;
    }
    group.close().map_err(parquet_error)?;
    file.close().map_err(parquet_error)?;
    out.write_all(&buf)
}

/// The values present and the definition levels (1 present, 0 null) of an optional column.
fn present<T>(cells: impl Iterator<Item = Option<T>>) -> (Vec<T>, Vec<i16>) {
    let mut values = Vec::new();
    let mut levels = Vec::new();
    for c in cells {
        levels.push(i16::from(c.is_some()));
        values.extend(c);
    }
    (values, levels)
}
