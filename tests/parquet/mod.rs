//! Parquet in and out. Inputs: files written here with the parquet crate (every column a UTF-8
//! string, empty cells null) from CSV files must give the same bytes of report as the CSV; a file
//! without a required column is an error listing its columns. Outputs: `--format parquet` of
//! `gap`, `trend` and `skills`, read back with the parquet crate, must hold the CSV's columns
//! and values with their types. Part of the `cli` test binary.

use std::fs::File;
use std::path::Path;
use std::sync::Arc;

use parquet::basic::{Encoding, LogicalType, Repetition, Type as Physical};
use parquet::data_type::{ByteArray, ByteArrayType};
use parquet::file::properties::{WriterProperties, WriterVersion};
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::file::writer::SerializedFileWriter;
use parquet::record::Field;
use parquet::schema::types::Type;

use crate::workdir::Workdir;

/// Writes the CSV `csv` as a Parquet file at `path`: its header as the columns (all optional
/// UTF-8 strings), an empty cell as null, in row groups of `group` rows. A record with another
/// number of fields than the header cannot be a Parquet row: it is left out, and the number left
/// out is returned.
fn csv_to_parquet(csv: &str, path: &Path, group: usize) -> u64 {
    csv_to_parquet_with(csv, path, group, WriterProperties::builder().build())
}

/// [`csv_to_parquet`] with the writer's properties `props` (page sizes, encodings, version).
fn csv_to_parquet_with(csv: &str, path: &Path, group: usize, props: WriterProperties) -> u64 {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(csv.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let all: Vec<csv::ByteRecord> = reader.byte_records().map(Result::unwrap).collect();
    let rows: Vec<Vec<&[u8]>> = (all.iter())
        .filter(|r| r.len() == header.len())
        .map(|r| r.iter().collect())
        .collect();
    write_parquet_with(path, &header, &rows, (group, true), props);
    (all.len() - rows.len()) as u64
}

/// Writes `rows` under `header` as a Parquet file at `path`, every column an optional
/// BYTE_ARRAY (marked as UTF-8 strings when `strings`), an empty cell as null, in row groups of
/// `group` rows.
fn write_parquet(path: &Path, header: &[String], rows: &[Vec<&[u8]>], group: usize, strings: bool) {
    let props = WriterProperties::builder().build();
    write_parquet_with(path, header, rows, (group, strings), props);
}

/// [`write_parquet`] with the writer's properties `props`.
fn write_parquet_with(
    path: &Path,
    header: &[String],
    rows: &[Vec<&[u8]>],
    (group, strings): (usize, bool),
    props: WriterProperties,
) {
    let fields = header
        .iter()
        .map(|name| {
            Arc::new(
                Type::primitive_type_builder(name, Physical::BYTE_ARRAY)
                    .with_repetition(Repetition::OPTIONAL)
                    .with_logical_type(strings.then_some(LogicalType::String))
                    .build()
                    .unwrap(),
            )
        })
        .collect();
    let schema = Type::group_type_builder("postings")
        .with_fields(fields)
        .build()
        .unwrap();
    let props = Arc::new(props);
    let mut w =
        SerializedFileWriter::new(File::create(path).unwrap(), Arc::new(schema), props).unwrap();
    for chunk in rows.chunks(group.max(1)) {
        let mut g = w.next_row_group().unwrap();
        let mut i = 0;
        while let Some(mut col) = g.next_column().unwrap() {
            let cells: Vec<&[u8]> = chunk.iter().map(|r| r[i]).collect();
            let levels: Vec<i16> = cells.iter().map(|c| i16::from(!c.is_empty())).collect();
            let values: Vec<ByteArray> = (cells.iter())
                .filter(|c| !c.is_empty())
                .map(|c| ByteArray::from(c.to_vec()))
                .collect();
            (col.typed::<ByteArrayType>())
                .write_batch(&values, Some(&levels), None)
                .unwrap();
            col.close().unwrap();
            i += 1;
        }
        g.close().unwrap();
    }
    w.close().unwrap();
}

/// A column's name, physical type, and whether it is optional.
type ColumnType = (String, Physical, bool);

/// A Parquet file's columns and rows.
fn read_parquet(path: &Path) -> (Vec<ColumnType>, Vec<Vec<Field>>) {
    let reader = SerializedFileReader::new(File::open(path).unwrap()).unwrap();
    let schema = reader.metadata().file_metadata().schema_descr_ptr();
    let columns = (schema.columns().iter())
        .map(|c| {
            let t = c.self_type();
            (
                c.name().to_string(),
                c.physical_type(),
                t.get_basic_info().repetition() == Repetition::OPTIONAL,
            )
        })
        .collect();
    let rows = (reader.get_row_iter(None).unwrap())
        .map(|r| {
            r.unwrap()
                .get_column_iter()
                .map(|(_, f)| f.clone())
                .collect()
        })
        .collect();
    (columns, rows)
}

/// Checks that the Parquet file at `path` holds the CSV `csv`: the same column names in the
/// same order, the same rows; each text cell equal, each integer equal to the CSV's digits,
/// each double equal to the CSV's decimal read as a double, null where the CSV cell is empty.
/// Returns the columns' types.
fn assert_same_table(path: &Path, csv: &str) -> Vec<ColumnType> {
    let (columns, rows) = read_parquet(path);
    let mut reader = csv::ReaderBuilder::new().from_reader(csv.as_bytes());
    let header: Vec<&str> = reader
        .headers()
        .unwrap()
        .iter()
        .collect::<Vec<_>>()
        .to_vec();
    let names: Vec<&str> = columns.iter().map(|c| c.0.as_str()).collect();
    assert_eq!(
        names,
        header.iter().map(|h| h.to_owned()).collect::<Vec<_>>()
    );
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), records.len(), "rows");
    assert!(!rows.is_empty(), "an empty report proves nothing");
    for (n, (row, rec)) in rows.iter().zip(&records).enumerate() {
        for ((field, text), (name, ..)) in row.iter().zip(rec.iter()).zip(&columns) {
            let same = match field {
                Field::Null => text.is_empty(),
                Field::Str(s) => s == text,
                Field::Long(i) => i.to_string() == text,
                Field::Double(x) => text.parse::<f64>().ok() == Some(*x),
                Field::Bool(b) => b.to_string() == text,
                other => panic!("unexpected value {other:?} in {name}"),
            };
            assert!(
                same,
                "row {n}, column {name}: {field:?} in Parquet, {text:?} in CSV"
            );
        }
    }
    columns
}

/// `gap --format csv` (with `extra` options) on `postings.csv` and on `postings.parquet` with
/// `graduates.csv`: checks that the two reports are the same bytes, and returns the report.
fn same_gap_report(wd: &Workdir, extra: &[&str]) -> String {
    let gap = |postings: &str| {
        let mut args = vec![
            "gap",
            "--postings",
            postings,
            "--graduates",
            "graduates.csv",
            "--format",
            "csv",
        ];
        args.extend_from_slice(extra);
        wd.run(&args).expect_success().stdout()
    };
    let from_csv = gap("postings.csv");
    assert!(gap("postings.parquet") == from_csv, "the reports differ");
    from_csv
}

/// A work directory holding the sample's `postings.csv` and `graduates.csv`, and the postings'
/// text.
fn sample() -> (Workdir, String) {
    let wd = Workdir::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    let csv = std::fs::read_to_string(root.join("postings.csv")).unwrap();
    wd.write("postings.csv", &csv);
    wd.write(
        "graduates.csv",
        std::fs::read(root.join("graduates.csv")).unwrap(),
    );
    (wd, csv)
}

/// The type of column `name`.
fn type_of(columns: &[ColumnType], name: &str) -> (Physical, bool) {
    let c = columns.iter().find(|c| c.0 == name).unwrap();
    (c.1, c.2)
}

/// The sample's postings written as Parquet (row groups of 20,000 rows, every column a string)
/// give the same bytes of `gap` CSV as the CSV itself; `validate` counts the same units, and the
/// same rows read and rejected but for the records with a wrong number of fields, which the CSV
/// rejects and the Parquet file cannot hold.
#[test]
fn a_parquet_copy_of_the_sample_gives_the_same_report() {
    let (wd, csv) = sample();
    let left_out = csv_to_parquet(&csv, &wd.path().join("postings.parquet"), 20_000);
    let from_csv = same_gap_report(&wd, &["--from", "2021", "--to", "2024"]);
    assert!(from_csv.len() > 1000, "{from_csv}");
    let counts = |postings: &str| {
        let p = validated_postings(&wd, postings, &[]);
        (
            p["rows_read"].clone(),
            p["rows_rejected"].clone(),
            p["units_read"].clone(),
        )
    };
    let (read, rejected, units) = counts("postings.csv");
    assert!(read.as_u64().unwrap() > 10_000, "{read}");
    assert!(
        left_out > 0 && left_out < rejected.as_u64().unwrap(),
        "{left_out}"
    );
    assert_eq!(
        counts("postings.parquet"),
        (
            (read.as_u64().unwrap() - left_out).into(),
            (rejected.as_u64().unwrap() - left_out).into(),
            units
        )
    );
}

/// However the writer lays out its pages, the sample's postings as Parquet give the CSV's report:
/// its rows, the unmapped labels and what decided the specialisations (the reader takes
/// dictionary-coded chunks as indices into their dictionary, and the others value by value).
/// Each layout is checked against a written file's own pages: a dictionary that overflows into
/// plain pages within a chunk, version 2 pages of 64 rows, no dictionary at all.
#[test]
fn every_page_layout_gives_the_report_of_the_csv() {
    let (wd, csv) = sample();
    let report = |postings: &str| json_report(&wd, postings);
    let from_csv = report("postings.csv");
    assert!(
        from_csv.0.as_array().unwrap().len() > 20,
        "{:?}",
        from_csv.0
    );
    assert!(from_csv.1.as_array().unwrap().len() > 5, "{:?}", from_csv.1);
    assert!(!from_csv.2.as_array().unwrap().is_empty());
    let base = || WriterProperties::builder();
    let layouts = [
        (
            "overflowing dictionaries",
            base().set_dictionary_page_size_limit(256).build(),
        ),
        (
            "version 2 pages of 64 rows",
            base()
                .set_writer_version(WriterVersion::PARQUET_2_0)
                .set_data_page_row_count_limit(64)
                .set_write_batch_size(64)
                .build(),
        ),
        (
            "no dictionaries",
            base().set_dictionary_enabled(false).build(),
        ),
    ];
    for (what, props) in layouts {
        let path = wd.path().join("postings.parquet");
        csv_to_parquet_with(&csv, &path, 5_000, props);
        let encodings = page_encodings(&path);
        match what {
            "overflowing dictionaries" => assert!(
                encodings.contains(&Encoding::PLAIN)
                    && (encodings.contains(&Encoding::RLE_DICTIONARY)
                        || encodings.contains(&Encoding::PLAIN_DICTIONARY)),
                "{encodings:?}"
            ),
            "no dictionaries" => assert!(
                !encodings.contains(&Encoding::RLE_DICTIONARY)
                    && !encodings.contains(&Encoding::PLAIN_DICTIONARY),
                "{encodings:?}"
            ),
            _ => {}
        }
        assert!(
            report("postings.parquet") == from_csv,
            "{what}: the reports differ"
        );
    }
}

/// `gap --format json` of the sample's years on `postings`: its rows, unmapped labels and what
/// decided the specialisations.
fn json_report(
    wd: &Workdir,
    postings: &str,
) -> (serde_json::Value, serde_json::Value, serde_json::Value) {
    let v = wd
        .run(&[
            "gap",
            "--postings",
            postings,
            "--graduates",
            "graduates.csv",
            "--from",
            "2021",
            "--to",
            "2024",
            "--format",
            "json",
        ])
        .json();
    let q = &v["quality"];
    (
        v["rows"].clone(),
        q["unmapped"].clone(),
        q["decided"].clone(),
    )
}

/// The postings of a file without a company column are counted from its dictionaries' indices
/// (each distinct date, count and label read once per row group), but for the batches with a
/// posting without an id and the rows whose date or count is not valid, read row by row. The
/// sample without its companies (string ids, some repeated; unknown specialisations; rejects)
/// so written, with whole dictionaries and with dictionaries that overflow into plain pages
/// (read row by row), gives the CSV's report, unmapped labels, deciders, duplicates and
/// rejects.
#[test]
fn postings_counted_from_dictionary_indices_are_those_of_the_csv() {
    let (wd, csv) = sample();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(csv.as_bytes());
    let header = reader.byte_headers().unwrap().clone();
    assert_eq!(&header[header.len() - 1], b"company");
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    let width = header.len();
    writer.write_record(header.iter().take(width - 1)).unwrap();
    for r in reader.byte_records() {
        let r = r.unwrap();
        if r.len() == width {
            writer.write_record(r.iter().take(width - 1)).unwrap();
        }
    }
    let csv = String::from_utf8(writer.into_inner().unwrap()).unwrap();
    wd.write("postings.csv", &csv);
    let counts = |postings: &str| {
        let p = validated_postings(&wd, postings, &[]);
        [
            "rows_read",
            "rows_counted",
            "rows_rejected",
            "rows_duplicate",
            "duplicates_same_id",
            "units_read",
            "units_counted",
            "units_rejected",
            "units_duplicate",
        ]
        .map(|k| p[k].clone())
    };
    let from_csv = (json_report(&wd, "postings.csv"), counts("postings.csv"));
    // rejects and copies among the rows, and unplaced labels
    let [_, _, rejected, duplicate, same_id, ..] = &from_csv.1;
    assert!(rejected.as_u64().unwrap() > 10, "{rejected}");
    assert!(duplicate.as_u64().unwrap() > 10, "{duplicate}");
    assert!(same_id.as_u64().unwrap() > 10, "{same_id}");
    assert!((from_csv.0).1.as_array().unwrap().len() > 5);
    let base = || WriterProperties::builder();
    for (what, props) in [
        ("whole dictionaries", base().build()),
        (
            "overflowing dictionaries",
            base().set_dictionary_page_size_limit(256).build(),
        ),
    ] {
        let path = wd.path().join("postings.parquet");
        assert_eq!(csv_to_parquet_with(&csv, &path, 5_000, props), 0);
        let run = wd.run(&[
            "-vv",
            "validate",
            "--postings",
            "postings.parquet",
            "--graduates",
            "graduates.csv",
        ]);
        // a chunk whose dictionary overflows is read value by value from its first row
        assert_eq!(
            run.stderr().contains("counted from dictionary indices"),
            what == "whole dictionaries",
            "{what}: {}",
            run.stderr()
        );
        assert!(
            (
                json_report(&wd, "postings.parquet"),
                counts("postings.parquet")
            ) == from_csv,
            "{what}: the reports differ"
        );
    }
}

/// What `validate --format json` (with `extra` options) says of `postings`, read with
/// `graduates.csv`.
fn validated_postings(wd: &Workdir, postings: &str, extra: &[&str]) -> serde_json::Value {
    let mut args = vec![
        "validate",
        "--postings",
        postings,
        "--graduates",
        "graduates.csv",
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    let v = wd.run(&args).json();
    (v["inputs"].as_array().unwrap().iter())
        .find(|i| i["input"] == "postings")
        .unwrap()
        .clone()
}

/// The encodings of the data pages of a Parquet file's chunks.
fn page_encodings(path: &Path) -> Vec<Encoding> {
    let r = SerializedFileReader::new(File::open(path).unwrap()).unwrap();
    let mut all = Vec::new();
    for g in 0..r.num_row_groups() {
        let group = r.get_row_group(g).unwrap();
        for c in 0..group.num_columns() {
            for page in group.get_column_page_reader(c).unwrap() {
                let page = page.unwrap();
                if page.page_type() != parquet::basic::PageType::DICTIONARY_PAGE {
                    all.push(page.encoding());
                }
            }
        }
    }
    all.sort_by_key(|e| format!("{e:?}"));
    all.dedup();
    all
}

/// 20,000 postings in row groups of 12,000 rows (so that a group is read in several batches), with a
/// column skillgap does not read (`lot`): four postings without an id are each followed by an
/// exact copy (merged) and by a copy that differs only in `lot` (not merged: a posting without an
/// id is a copy only when identical in every column, read or not); five rows have an impossible
/// date and five an unreadable vacancies count. The Parquet file gives the CSV's report, counts,
/// merges and rejects, each reject at its row number (the CSV's line less its header) with the
/// same text of the whole row, `lot` included.
#[test]
fn rejects_and_copies_of_a_parquet_file_are_those_of_its_csv() {
    let wd = Workdir::new();
    wd.standard_inputs();
    let mut csv = String::from(
        "posting_id,posted_date,title,specialisation,region,city,vacancies,source,lot\n",
    );
    let titles = ["Analyste SOC", "Développeur Java", "Comptable"];
    let specs = ["cybersecurity", "software development", "accounting"];
    let mut row = |i: usize| {
        let (region, city) = match i % 3 {
            0 => ("Casablanca-Settat", ""),
            1 => ("Rabat-Sale-Kenitra", ""),
            _ => ("", "Tanger"),
        };
        let id = if matches!(i % 5000, 17..=19) {
            String::new()
        } else {
            format!("P{i}")
        };
        // the copies repeat row 17's cells; row 19's `lot` differs
        let base = if matches!(i % 5000, 18 | 19) {
            i - (i % 5000 - 17)
        } else {
            i
        };
        let date = if i % 4000 == 100 {
            "2025-13-45".to_string()
        } else {
            format!("2025-{:02}-{:02}", base % 12 + 1, base % 28 + 1)
        };
        let vacancies = if i % 4000 == 200 {
            "beaucoup".to_string()
        } else {
            (base % 3 + 1).to_string()
        };
        let lot = if i % 5000 == 19 {
            "lot-x".to_string()
        } else {
            format!("lot-{}", base / 1000)
        };
        let (t, sp) = (titles[base % 3], specs[base % 3]);
        let (region, city) = if base == i {
            (region, city)
        } else {
            match base % 3 {
                0 => ("Casablanca-Settat", ""),
                1 => ("Rabat-Sale-Kenitra", ""),
                _ => ("", "Tanger"),
            }
        };
        csv.push_str(&format!(
            "{id},{date},{t},{sp},{region},{city},{vacancies},rekrute,{lot}\n"
        ));
    };
    for i in 0..20_000 {
        row(i);
    }
    wd.write("postings.csv", &csv);
    assert_eq!(
        csv_to_parquet(&csv, &wd.path().join("postings.parquet"), 12_000),
        0
    );
    let from_csv = same_gap_report(&wd, &[]);
    assert!(from_csv.len() > 100, "{from_csv}");
    // `validate`'s counts, and every reject as `--rejects` writes it (file, line, column, value,
    // reason, detail, raw: the whole row)
    let validate = |postings: &str| {
        let spilled = format!("{postings}.rejects.csv");
        let p = validated_postings(&wd, postings, &["--rejects", &spilled]);
        let text = wd.read(&spilled);
        let rejects: Vec<csv::StringRecord> = csv::Reader::from_reader(text.as_bytes())
            .records()
            .map(Result::unwrap)
            .filter(|r| &r[0] == postings)
            .collect();
        (p, rejects)
    };
    let (csv_counts, csv_rejects) = validate("postings.csv");
    let (pq_counts, pq_rejects) = validate("postings.parquet");
    // worked out from the rows above
    assert_eq!(csv_counts["rows_read"], 20_000);
    assert_eq!(csv_counts["duplicates_identical"], 4);
    assert_eq!(csv_counts["duplicates_same_id"], 0);
    assert_eq!(csv_counts["rows_rejected"], 10);
    for key in [
        "rows_read",
        "rows_counted",
        "rows_rejected",
        "rows_duplicate",
        "duplicates_identical",
        "units_read",
        "units_counted",
        "units_rejected",
        "units_duplicate",
    ] {
        assert_eq!(pq_counts[key], csv_counts[key], "{key}");
    }
    assert_eq!(csv_rejects.len(), 10);
    assert_eq!(pq_rejects.len(), 10);
    for (c, p) in csv_rejects.iter().zip(&pq_rejects) {
        // the line, then column, value, reason, detail and raw text
        assert_eq!(
            p[1].parse::<u64>().unwrap() + 1,
            c[1].parse::<u64>().unwrap(),
            "{p:?}"
        );
        assert_eq!(
            p.iter().skip(2).collect::<Vec<_>>(),
            c.iter().skip(2).collect::<Vec<_>>()
        );
    }
    // the whole row, with the column not read
    assert_eq!(
        &pq_rejects[0][6],
        "P100,2025-13-45,Développeur Java,software development,Rabat-Sale-Kenitra,,2,rekrute,lot-0"
    );
    assert_eq!(&pq_rejects[0][1], "101");
}

/// Text that is not UTF-8 in a column skillgap reads is rejected, as in a CSV file, with its row
/// and column; in a column it does not read (`note`), it changes nothing.
#[test]
fn text_that_is_not_utf8_is_rejected_in_the_columns_read() {
    let wd = Workdir::new();
    wd.standard_inputs();
    let header = ["posting_id", "posted_date", "title", "city", "note"].map(String::from);
    let row = |id: &'static [u8], title: &'static [u8], note: &'static [u8]| -> Vec<&[u8]> {
        vec![id, b"2025-01-15", title, b"Casablanca", note]
    };
    let rows = vec![
        row(b"P1", b"Analyste SOC", b"ok"),
        row(b"P2", b"Analyste \xFF SOC", b"ok"),
        row(b"P3", b"Analyste SOC", b"\xFF"),
    ];
    write_parquet(&wd.path().join("bytes.parquet"), &header, &rows, 100, false);
    let run = wd.run(&[
        "validate",
        "--postings",
        "bytes.parquet",
        "--graduates",
        "graduates.csv",
        "--format",
        "json",
    ]);
    let v = run.json();
    let p = (v["inputs"].as_array().unwrap().iter())
        .find(|i| i["input"] == "postings")
        .unwrap();
    assert_eq!(
        (&p["rows_read"], &p["rows_rejected"]),
        (&3.into(), &1.into()),
        "{p}"
    );
    let rejects: Vec<&serde_json::Value> = (v["rejects"].as_array().unwrap().iter())
        .filter(|r| r["file"] == "bytes.parquet")
        .collect();
    assert_eq!(rejects.len(), 1, "{rejects:?}");
    assert_eq!(
        (
            &rejects[0]["line"],
            &rejects[0]["column"],
            &rejects[0]["reason"]
        ),
        (&2.into(), &"title".into(), &"invalid utf-8".into())
    );
    // no --encoding to suggest: the text was written so
    let err = run.stderr();
    assert!(
        err.contains("1 row is not valid UTF-8 (line 2, column title)")
            && err.contains("correct that row where the Parquet file is written")
            && !err.contains("--encoding"),
        "{err}"
    );
}

/// A postings file written without its place columns is an error that lists the file's columns.
#[test]
fn a_parquet_file_without_a_required_column_lists_its_columns() {
    let wd = Workdir::new();
    wd.standard_inputs();
    let left_out = csv_to_parquet(
        "posting_id,posted_date,intitule,specialisation,vacancies\n\
         P01,2025-01-15,Analyste SOC,cybersecurity,6\n",
        &wd.path().join("noplace.parquet"),
        100,
    );
    assert_eq!(left_out, 0);
    let err = wd
        .run(&[
            "gap",
            "--postings",
            "noplace.parquet",
            "--graduates",
            "graduates.csv",
        ])
        .expect_error(1);
    assert!(err.contains("noplace.parquet: no column for the"), "{err}");
    assert!(
        err.contains("found: posting_id, posted_date, intitule, specialisation, vacancies)"),
        "{err}"
    );
}

/// `gap --format parquet` holds the CSV's table, typed: codes and labels as strings, demand,
/// supply, gap, ratio and index as doubles (null for an undefined ratio), low evidence as a
/// boolean; the same bytes from `-o` (extension `.parquet`) as on a redirected stdout.
#[test]
fn gap_writes_the_csv_table_as_parquet() {
    let wd = Workdir::new();
    wd.standard_inputs();
    let args = |extra: &[&'static str]| {
        let mut a = vec![
            "gap",
            "--postings",
            "postings.csv",
            "--graduates",
            "graduates.csv",
            "--no-sanitize",
        ];
        a.extend_from_slice(extra);
        a
    };
    let csv = wd
        .run(&args(&["--format", "csv"]))
        .expect_success()
        .stdout();
    wd.run(&args(&["-o", "gap.parquet"])).expect_success();
    let columns = assert_same_table(&wd.path().join("gap.parquet"), &csv);
    assert_eq!(
        type_of(&columns, "region_code"),
        (Physical::BYTE_ARRAY, false)
    );
    assert_eq!(type_of(&columns, "demand"), (Physical::DOUBLE, true));
    assert_eq!(type_of(&columns, "ratio"), (Physical::DOUBLE, true));
    assert_eq!(
        type_of(&columns, "low_evidence"),
        (Physical::BOOLEAN, false)
    );
    // the fixture has rows without supply: their ratio is null
    let (_, rows) = read_parquet(&wd.path().join("gap.parquet"));
    let ratio = columns.iter().position(|c| c.0 == "ratio").unwrap();
    assert!(rows.iter().any(|r| r[ratio] == Field::Null), "{rows:?}");
    let piped = wd
        .run(&args(&["--format", "parquet"]))
        .expect_success()
        .stdout_bytes()
        .to_vec();
    assert!(piped.starts_with(b"PAR1"));
    assert!(
        piped == std::fs::read(wd.path().join("gap.parquet")).unwrap(),
        "stdout and -o differ"
    );
    // the manifest records the format
    let manifest: serde_json::Value = serde_json::from_str(&wd.read("manifest.json")).unwrap();
    assert_eq!(manifest["outputs"][0]["format"], "parquet", "{manifest}");
}

/// `trend --format parquet`, series and summary, holds the CSV's table; years as integers.
#[test]
fn trend_writes_the_csv_table_as_parquet() {
    let wd = crate::trend::fixture();
    for summary in [&[][..], &["--summary"]] {
        let csv = crate::trend::trend(&wd, &[summary, &["--format", "csv"]].concat())
            .expect_success()
            .stdout();
        crate::trend::trend(&wd, &[summary, &["-o", "trend.parquet"]].concat()).expect_success();
        let columns = assert_same_table(&wd.path().join("trend.parquet"), &csv);
        if summary.is_empty() {
            assert_eq!(type_of(&columns, "year"), (Physical::INT64, true));
            assert_eq!(type_of(&columns, "demand_low"), (Physical::DOUBLE, true));
        }
    }
}

/// `skills --format parquet` holds the CSV's long table (of the skills tests' postings, with a
/// change from the year before and cells without one); counts as INT64, shares as doubles.
#[test]
fn skills_write_the_csv_table_as_parquet() {
    let wd = Workdir::new();
    wd.write("postings.csv", crate::skills::POSTINGS);
    let args = ["skills", "--postings", "postings.csv", "--no-sanitize"];
    let csv = wd
        .run(&[&args[..], &["--format", "csv"]].concat())
        .expect_success()
        .stdout();
    wd.run(&[&args[..], &["--format", "parquet", "-o", "skills.parquet"]].concat())
        .expect_success();
    let columns = assert_same_table(&wd.path().join("skills.parquet"), &csv);
    assert_eq!(type_of(&columns, "mentions"), (Physical::INT64, false));
    assert_eq!(type_of(&columns, "share"), (Physical::DOUBLE, true));
    assert_eq!(type_of(&columns, "skill"), (Physical::BYTE_ARRAY, false));
}
