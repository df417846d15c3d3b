//! Arbitrary bytes as a postings export, a graduates export and a table of postings counts: the
//! reader must return rows or a clear error, never panic or hang, and its counts must reconcile (a
//! row with an unterminated quote is read and rejected like any other). Bytes that start with `[`
//! or `{` are read as JSON, and bytes with a zip or OLE signature as a workbook. The first byte also picks the limit on the lines of
//! a quoted field, from 1 to 8, so that short inputs reach unterminated quotes and the rows after
//! them, and its top bit whether every rejected row is kept (`--rejects`): those rows must come
//! back from their temporary files one per rejected row, in line order.
#![no_main]

use libfuzzer_sys::fuzz_target;
use skillgap::ingest::{
    read_counts, read_graduates, read_postings, spill, Input, ReadOptions, ReadSummary,
};

/// Every rejected row of `summary`, kept on disk, comes back once, in line order.
fn check_spill(summary: &ReadSummary) {
    let (mut n, mut last) = (0u64, 0u64);
    spill::merge(&[summary], |r| {
        assert!(r.line >= last, "line {} after {last}", r.line);
        (n, last) = (n + 1, r.line);
        Ok(())
    })
    .expect("reading the spilled rows");
    assert_eq!(n, summary.rows_rejected);
}

fuzz_target!(|data: &[u8]| {
    let mut file = tempfile::NamedTempFile::new().expect("temp file");
    std::io::Write::write_all(&mut file, data).expect("write");
    let input = Input::Path(file.path().to_path_buf());
    let first = data.first().copied().unwrap_or(0);
    let opts = ReadOptions {
        threads: 2,
        max_field_lines: 1 + u32::from(first % 8),
        keep_all_rejects: first & 0x80 != 0,
        ..ReadOptions::default()
    };
    if let Ok((summary, counted)) = read_postings(&input, &opts, || 0u64, |n, _| *n += 1) {
        let counted: u64 = counted.iter().sum();
        assert_eq!(summary.rows_read, counted + summary.rows_rejected);
        if opts.keep_all_rejects {
            check_spill(&summary);
        }
    }
    if let Ok((summary, counted)) = read_graduates(&input, &opts, || 0u64, |n, _| *n += 1) {
        let counted: u64 = counted.iter().sum();
        assert_eq!(summary.rows_read, counted + summary.rows_rejected);
        if opts.keep_all_rejects {
            check_spill(&summary);
        }
    }
    if let Ok((summary, counted)) = read_counts(&input, &opts, || 0u64, |n, _| *n += 1) {
        let counted: u64 = counted.iter().sum();
        assert_eq!(summary.rows_read, counted + summary.rows_rejected);
    }
});
