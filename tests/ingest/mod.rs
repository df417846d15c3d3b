//! Inputs broken the way real exports break. Each test drives the real binary and checks that
//! every row is still accounted for, or that the error says what is wrong and how to fix it. Part
//! of the `cli` test binary.

use serde_json::{json, Value};

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

// ---------------------------------------------------------------------------------------------
// Duplicate headers
// ---------------------------------------------------------------------------------------------

/// A CSV text: the header, then the rows, each ended by a newline.
fn csv(header: &str, rows: impl IntoIterator<Item = String>) -> String {
    let mut s = format!("{header}\n");
    for r in rows {
        s.push_str(&r);
        s.push('\n');
    }
    s
}

/// The postings' (rows_read, rows_counted, rows_unmapped, rows_rejected) in a quality object.
fn counts(v: &Value) -> [u64; 4] {
    let p = &v["inputs"][0];
    assert_eq!(p["input"], json!("postings"));
    [
        "rows_read",
        "rows_counted",
        "rows_unmapped",
        "rows_rejected",
    ]
    .map(|k| p[k].as_u64().unwrap_or_else(|| panic!("no {k} in {p}")))
}

const DUPLICATE_REGION: &str = "posting_id,posted_date,title,region,city,region";

/// Rows whose 4th column (the first `region`) cannot be placed and whose 6th (the second) can.
fn duplicate_region_rows() -> String {
    csv(
        DUPLICATE_REGION,
        (1..=3).map(|i| format!("P{i},2025-03-0{i},Analyste SOC,Atlantis,,Casablanca-Settat")),
    )
}

/// `region,...,region`: which one holds the region? An error naming the header and both
/// positions, and how to choose. Before, the first was taken silently.
#[test]
fn a_duplicate_header_is_an_error_naming_both_positions() {
    let wd = Workdir::new();
    wd.write("postings.csv", duplicate_region_rows());
    let err = validate(&wd, &[]).expect_error(1);
    for needle in [
        "`region`",
        "columns 4 and 6",
        "--postings-columns region=#4",
    ] {
        assert!(err.contains(needle), "{needle}: {err}");
    }
    // naming the header that appears twice does not choose between them
    let err = validate(&wd, &["--postings-columns", "region=Region"]).expect_error(1);
    assert!(
        err.contains("columns 4 and 6") && err.contains("region=#6"),
        "{err}"
    );
}

/// A mapping by column number chooses one of the two; the other is then ignored like any column
/// skillgap does not read.
#[test]
fn a_column_number_chooses_between_duplicate_headers() {
    let wd = Workdir::new();
    wd.write("postings.csv", duplicate_region_rows());
    let v = validate(&wd, &["--postings-columns", "region=#6"])
        .expect_success()
        .json();
    assert_eq!(counts(&v), [3, 3, 0, 0]);
    let v = validate(&wd, &["--postings-columns", "region=#4"])
        .expect_success()
        .json();
    assert_eq!(counts(&v), [3, 0, 3, 0]);
    // a column number beyond the header is an error naming how many columns there are
    let err = validate(&wd, &["--postings-columns", "region=#7"]).expect_error(1);
    assert!(err.contains("6 columns"), "{err}");
}

/// A duplicate among the columns skillgap does not read is no one's business.
#[test]
fn duplicates_among_ignored_columns_are_fine() {
    let wd = Workdir::new();
    wd.write(
        "postings.csv",
        csv(
            "posting_id,posted_date,title,region,note,note",
            ["P1,2025-03-01,Analyste SOC,Casablanca-Settat,a,b".to_string()],
        ),
    );
    validate(&wd, &[]).expect_success();
}

// ---------------------------------------------------------------------------------------------
// UTF-16 without a byte-order mark
// ---------------------------------------------------------------------------------------------

const HEADER: &str =
    "posting_id,posted_date,title,specialisation,region,city,vacancies,source,company";

/// Data row `i` of a postings export: a valid, placeable posting of 2025 (cybersecurity in
/// Casablanca-Settat, one vacancy). Ids and companies differ from row to row, so no two rows are
/// duplicates of one posting.
fn posting(i: usize) -> String {
    format!(
        "P{i},2025-03-{:02},Analyste SOC,Cybersécurité,Casablanca-Settat,Casablanca,1,rekrute.com,\
         Société {i}",
        1 + i % 28
    )
}

/// UTF-16 without a byte-order mark (some database exports) is not "binary data": the error says
/// which UTF-16 it looks like and what to pass.
#[test]
fn utf16_without_a_bom_gets_a_hint() {
    let postings = csv(HEADER, (1..=5).map(posting));
    let graduates = "year,region,field,graduates\n2025,Casablanca-Settat,Génie informatique,20\n";
    let le = |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(u16::to_le_bytes).collect() };
    let be = |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(u16::to_be_bytes).collect() };
    for (encode, name) in [
        (&le as &dyn Fn(&str) -> Vec<u8>, "utf-16le"),
        (&be, "utf-16be"),
    ] {
        let wd = Workdir::new();
        wd.write("postings.csv", encode(&postings));
        let err = validate(&wd, &[]).expect_error(1);
        assert!(err.contains(&format!("--encoding {name}")), "{err}");
        // and with it, the files read
        wd.write("graduates.csv", encode(graduates));
        let args = [
            "validate",
            "--postings",
            "postings.csv",
            "--graduates",
            "graduates.csv",
        ];
        let out = wd.run(&[&args[..], &["--format", "json", "--encoding", name]].concat());
        assert_eq!(counts(&out.expect_success().json()), [5, 5, 0, 0]);
    }
}

// ---------------------------------------------------------------------------------------------
// A row in another encoding
// ---------------------------------------------------------------------------------------------

/// (line, column, reason) of every reject listed.
fn rejects(v: &Value) -> Vec<(u64, String, String)> {
    v["rejects"]
        .as_array()
        .expect("rejects")
        .iter()
        .map(|r| {
            (
                r["line"].as_u64().unwrap(),
                r["column"].as_str().unwrap().to_string(),
                r["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// A UTF-8 export of 3,001 rows (1.7 MB) whose labels have accents, with one row written in
/// Windows-1252 (a row added from a French-locale Excel). Wherever that row is, in the first
/// megabyte or after it, the file is read as UTF-8, that one row is rejected as `invalid utf-8`
/// with its line and column, and a warning says so. Before, the row at line 3 made the whole file
/// Windows-1252, and 3,000 rows were unplaceable.
#[test]
fn one_windows_1252_row_in_a_utf8_file_is_rejected_wherever_it_is() {
    let header = format!("{HEADER},description");
    // no commas: a field of its own
    let description = "Poste basé à Fès en télétravail partiel dans une équipe de sécurité \
                       opérationnelle. "
        .repeat(5);
    let row = |i: usize| {
        format!(
            "P{i},2025-04-{:02},Analyste SOC,Cybersécurité,Fès-Meknès,Fès,1,emploi.ma,Société {i},{description}",
            1 + i % 28
        )
        .into_bytes()
    };
    // the same row in Windows-1252: é and è are single bytes
    let cp1252 = |i: usize| {
        let text = String::from_utf8(row(i)).unwrap();
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
        assert!(!unmappable);
        bytes.into_owned()
    };
    let file = |bad: usize| {
        let mut out = format!("{header}\n").into_bytes();
        for i in 1..=3001 {
            out.extend(if i == bad { cp1252(i) } else { row(i) });
            out.push(b'\n');
        }
        assert!(out.len() > 1 << 20);
        out
    };
    let mut seen = Vec::new();
    for bad in [2, 2999] {
        let wd = Workdir::new();
        wd.write("postings.csv", file(bad));
        let out = validate(&wd, &[]);
        let v = out.expect_code(3).json();
        assert_eq!(counts(&v), [3001, 3000, 0, 1], "bad row {bad}");
        let line = bad as u64 + 1;
        let (l, column, reason) = &rejects(&v)[0];
        assert_eq!(
            (*l, reason.as_str()),
            (line, "invalid utf-8"),
            "bad row {bad}"
        );
        assert_ne!(column, "(row)");
        assert_eq!(v["inputs"][0]["encoding"], json!("UTF-8"));
        out.expect_stderr_contains(&format!("1 row is not valid UTF-8 (line {line}"));
        seen.push(counts(&v));
    }
    assert_eq!(seen[0], seen[1]);
}

/// A file in Windows-1252 throughout is still read as Windows-1252.
#[test]
fn a_windows_1252_file_is_still_detected() {
    let text = csv(HEADER, (1..=20).map(posting));
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
    let wd = Workdir::new();
    wd.write("postings.csv", &bytes);
    let v = validate(&wd, &[]).expect_success().json();
    assert_eq!(counts(&v), [20, 20, 0, 0]);
    assert_eq!(v["inputs"][0]["encoding"], json!("windows-1252"));
}

// ---------------------------------------------------------------------------------------------
// Files that change while they are read
// ---------------------------------------------------------------------------------------------

/// A file that is not a regular file (a pipe, `<(zcat postings.csv.gz)`) has no size to check.
#[test]
fn a_pipe_given_by_path_is_read() {
    let wd = Workdir::new();
    wd.fixture("graduates.csv");
    let out = wd.run_with_stdin(
        &[
            "validate",
            "--postings",
            "/dev/stdin",
            "--graduates",
            "graduates.csv",
            "--format",
            "json",
            "--no-dedup",
        ],
        csv(HEADER, (1..=5).map(posting)),
    );
    assert_eq!(counts(&out.expect_success().json()), [5, 5, 0, 0]);
}

// ---------------------------------------------------------------------------------------------
// An unclosed quote
// ---------------------------------------------------------------------------------------------

/// The same row with a stray quote at the start of its title: `"Analyste SOC,...` (the quote is
/// never closed).
fn posting_with_stray_quote(i: usize) -> String {
    posting(i).replacen(",Analyste SOC", ",\"Analyste SOC", 1)
}

/// The same row with an impossible date.
fn posting_with_bad_date(i: usize) -> String {
    posting(i).replacen(",2025-03-", ",2025-02-3", 1)
}

/// A stray quote at the start of a field on row 50 of 99,999 used to open a quoted field that ran
/// to the end of the file: "50 rows read, 1 rejected". Now only that row is rejected, as an
/// unterminated quote on its own line (51: the header is line 1), and every later row is read.
#[test]
fn a_stray_quote_rejects_its_row_and_reading_goes_on() {
    let wd = Workdir::new();
    let rows = (1..=99_999).map(|i| {
        if i == 50 {
            posting_with_stray_quote(i)
        } else {
            posting(i)
        }
    });
    wd.write("postings.csv", csv(HEADER, rows));
    for extra in [&[][..], &["--no-dedup"]] {
        let out = validate(&wd, extra);
        let v = out.expect_code(3).json();
        assert_eq!(counts(&v), [99_999, 99_998, 0, 1], "{extra:?}");
        assert_eq!(
            rejects(&v),
            [(51, "(row)".to_string(), "unterminated quote".to_string())]
        );
        let detail = v["rejects"][0]["detail"].as_str().unwrap();
        assert!(
            detail.contains("line 51") && detail.contains("`title`"),
            "{detail}"
        );
    }
}

/// The gates see the real counts: 100 rows, a stray quote on row 90 and bad dates on the ten
/// rows after it. 11 of 100 rows (11 %) are rejected, above 5 %; before, the quote hid rows 90 to
/// 100 in one reject (1 of 90 rows read) and the gate passed.
#[test]
fn max_reject_rate_counts_the_rows_after_a_stray_quote() {
    let wd = Workdir::new();
    let rows = (1..=100).map(|i| match i {
        90 => posting_with_stray_quote(i),
        91.. => posting_with_bad_date(i),
        _ => posting(i),
    });
    wd.write("postings.csv", csv(HEADER, rows));
    wd.fixture("graduates.csv");
    let v = validate(&wd, &[]).expect_code(3).json();
    assert_eq!(counts(&v), [100, 89, 0, 11]);

    let out = wd.run(&[
        "gap",
        "--postings",
        "postings.csv",
        "--graduates",
        "graduates.csv",
        "--max-reject-rate",
        "5",
    ]);
    let err = out.expect_error(1);
    assert!(err.contains("11"), "{err}");

    // the job's max_reject_rate too (exit 3: the reports are written, the breach is reported)
    wd.write(
        "job.toml",
        "postings = \"postings.csv\"\ngraduates = \"graduates.csv\"\nmax_reject_rate = 5\n\n\
         [[report]]\noutput = \"out.csv\"\n",
    );
    wd.run(&["run", "job.toml"]).expect_code(3);
}

/// A quoted description over 170 lines (as long as the longest in a real France Travail export)
/// is a field like any other; one over 1,500 lines is more than the default limit of 1,000 and
/// its row is rejected (the lines after it are then read as rows); `--max-field-lines 2000` reads
/// it.
#[test]
fn multi_line_fields_up_to_the_limit_are_read() {
    let header = format!("{HEADER},description");
    let description = |lines: usize| {
        format!(
            "\"{}\"",
            vec!["Missions : surveiller le SOC"; lines].join("\n")
        )
    };
    let wd = Workdir::new();
    let rows = [
        format!("{},{}", posting(1), description(170)),
        format!("{},{}", posting(2), description(3)),
        format!("{},court", posting(3)),
    ];
    wd.write("postings.csv", csv(&header, rows));
    let v = validate(&wd, &[]).expect_success().json();
    assert_eq!(counts(&v), [3, 3, 0, 0]);

    let rows = [
        format!("{},court", posting(1)),
        format!("{},{}", posting(2), description(1500)),
        format!("{},court", posting(3)),
    ];
    wd.write("postings.csv", csv(&header, rows));
    let v = validate(&wd, &[]).expect_code(3).json();
    // rows 1 and 3, the row of the long description, and its 1,499 other lines
    assert_eq!(counts(&v), [1502, 2, 0, 1500]);
    assert_eq!(
        rejects(&v)[0],
        (3, "(row)".to_string(), "unterminated quote".to_string())
    );
    // the row after the description is read at its own line
    let v = validate(&wd, &["--max-field-lines", "2000"])
        .expect_success()
        .json();
    assert_eq!(counts(&v), [3, 3, 0, 0]);
}
