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

// ---------------------------------------------------------------------------------------------
// Enormous headers
// ---------------------------------------------------------------------------------------------

/// A header of 5,000 long names without a region or city column: the error lists the first 40
/// names (each cut at 60 characters) and how many more there are, and still finds the misspelt
/// `regoin` at column 3,000 for its hint. Before, it printed the whole 400 KB header.
#[test]
fn a_missing_column_error_lists_a_few_headers_and_keeps_the_hint() {
    let mut names: Vec<String> = "posting_id,posted_date,title"
        .split(',')
        .map(String::from)
        .collect();
    for i in 3..5000 {
        names.push(if i == 3000 {
            "regoin".to_string()
        } else {
            format!("colonne_supplementaire_numero_{i:04}_{}", "x".repeat(60))
        });
    }
    let row = vec!["x"; names.len()].join(",");
    let wd = Workdir::new();
    wd.write("postings.csv", format!("{}\n{row}\n", names.join(",")));
    let err = validate(&wd, &[]).expect_error(1);
    assert!(err.len() < 6000, "{} bytes: {err}", err.len());
    assert!(err.contains("and 4,960 more"), "{err}");
    assert!(err.contains("did you mean `regoin`?"), "{err}");
    assert!(
        err.contains("colonne_supplementaire_numero_0039_") && !err.contains("numero_0040"),
        "{err}"
    );
}
