//! Arbitrary bytes as a postings export and as a graduates export: the reader must return rows or a
//! clear error, never panic or hang, and its counts must reconcile.
#![no_main]

use libfuzzer_sys::fuzz_target;
use skillgap::ingest::{read_graduates, read_postings, Input, ReadOptions};

fuzz_target!(|data: &[u8]| {
    let mut file = tempfile::NamedTempFile::new().expect("temp file");
    std::io::Write::write_all(&mut file, data).expect("write");
    let input = Input::Path(file.path().to_path_buf());
    let opts = ReadOptions {
        threads: 2,
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
