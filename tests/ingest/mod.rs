//! Inputs broken the way real exports break. Each test drives the real binary and checks that
//! every row is still accounted for, or that the error says what is wrong and how to fix it. Part
//! of the `cli` test binary.

use crate::workdir::{Run, Workdir};

// ---------------------------------------------------------------------------------------------
// Control characters
// ---------------------------------------------------------------------------------------------

/// `skillgap validate --format json` on `postings.csv` and the standard graduates, with `extra`.
fn validate(wd: &Workdir, extra: &[&str]) -> Run {
    wd.fixture("graduates.csv");
    let mut args = vec![
        "validate",
        "--postings",
        "postings.csv",
        "--graduates",
        "graduates.csv",
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    wd.run(&args)
}

/// A header holding terminal escape sequences (clear the screen, set the window title) is shown
/// escaped in the error, never sent to the terminal as it is.
#[test]
fn escape_sequences_in_headers_are_escaped_in_errors() {
    let wd = Workdir::new();
    wd.write(
        "postings.csv",
        "posting_id,posted_date,title\x1b[2J,specialisation,lieu\x1b]0;pwned\x07x\nP1,2025-03-01,a,b,c\n",
    );
    let out = validate(&wd, &[]);
    let err = out.expect_error(1);
    assert!(!err.contains(['\x1b', '\x07']), "{err:?}");
    assert!(err.contains("title\\u{1b}[2J"), "{err}");
}
