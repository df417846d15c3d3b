//! Arbitrary bytes as a postings export and as a graduates export: the reader must return rows or a
//! clear error, never panic or hang, and its counts must reconcile (a row with an unterminated
//! quote is read and rejected like any other). The first byte also picks the limit on the lines of
//! a quoted field, from 1 to 8, so that short inputs reach unterminated quotes and the rows after
//! them.
#![no_main]

use libfuzzer_sys::fuzz_target;
use skillgap::ingest::{read_graduates, read_postings, Input, ReadOptions};

fuzz_target!(|data: &[u8]| {
    let mut file = tempfile::NamedTempFile::new().expect("temp file");
    std::io::Write::write_all(&mut file, data).expect("write");
    let input = Input::Path(file.path().to_path_buf());
    let opts = ReadOptions {
        threads: 2,
        max_field_lines: 1 + u32::from(data.first().copied().unwrap_or(0) % 8),
        ..ReadOptions::default()
    };
    if let Ok((summary, counted)) = read_postings(&input, &opts, || 0u64, |n, _| *n += 1) {
        let counted: u64 = counted.iter().sum();
        assert_eq!(summary.rows_read, counted + summary.rows_rejected);
    }
    if let Ok((summary, counted)) = read_graduates(&input, &opts, || 0u64, |n, _| *n += 1) {
        let counted: u64 = counted.iter().sum();
        assert_eq!(summary.rows_read, counted + summary.rows_rejected);
    }
});
