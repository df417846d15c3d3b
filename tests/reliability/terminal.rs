//! Text from the data never reaches the terminal raw: control characters and escape sequences in
//! labels and values are shown escaped (`\u{1b}`) in `validate`'s tables, the table report and
//! error messages, and kept as they are in CSV and JSON outputs, which are data.

use super::{command, gap_args};
use crate::workdir::Workdir;

/// Postings whose unplaced region sets the terminal's colour, and a rejected row whose date
/// would set the window title.
const HOSTILE: &str = "posting_id,posted_date,title,specialisation,region,city,vacancies\n\
P01,2025-01-15,Analyste SOC,cybersecurity,\x1b[31mEvil\x1b[0m,,6\n\
P02,2025-13-40\x1b]0;pwned\x07,Analyste SOC,cybersecurity,Casablanca-Settat,,1\n";

fn hostile() -> Workdir {
    let wd = Workdir::new();
    wd.write("postings.csv", HOSTILE);
    wd.fixture("graduates.csv");
    wd
}

#[track_caller]
fn assert_no_controls(what: &str, text: &str) {
    assert!(
        !text.contains(['\x1b', '\x07']),
        "{what} carries raw control characters: {text:?}"
    );
}

#[test]
fn validate_tables_show_control_characters_escaped() {
    let wd = hostile();
    let out = wd.run(&[
        "validate",
        "--postings",
        "postings.csv",
        "--graduates",
        "graduates.csv",
    ]);
    out.expect_code(3);
    assert_no_controls("validate's table", &out.stdout());
    assert!(out.stdout().contains("\\u{1b}[31mEvil"), "{}", out.stdout());
    assert!(
        out.stdout().contains("\\u{1b}]0;pwned\\u{7}"),
        "{}",
        out.stdout()
    );
}

#[test]
fn the_strict_gate_names_the_rejected_value_escaped() {
    let wd = hostile();
    let out = wd.run(&gap_args(&["--strict"]));
    let err = out.expect_error(1);
    assert_no_controls("--strict's message", &err);
    assert!(err.contains("\\u{1b}]0;pwned\\u{7}"), "{err}");
}

#[test]
fn csv_and_json_outputs_keep_the_data_as_it_is() {
    let wd = hostile();
    let out = wd.run(&[
        "validate",
        "--postings",
        "postings.csv",
        "--graduates",
        "graduates.csv",
        "--format",
        "json",
        "--unmapped",
        "unmapped.csv",
        "--rejects",
        "rejects.csv",
    ]);
    out.expect_code(3);
    assert!(out.stdout().contains("\\u001b[31mEvil"), "{}", out.stdout());
    assert!(wd.read("unmapped.csv").contains("\x1b[31mEvil\x1b[0m"));
    assert!(wd
        .read("rejects.csv")
        .contains("2025-13-40\x1b]0;pwned\x07"));
}

#[test]
fn the_table_report_escapes_labels_from_a_taxonomy_override() {
    let wd = Workdir::new();
    wd.standard_inputs();
    wd.write(
        "custom/regions.csv",
        "code,name_fr,name_en,name_ar\nMA-06,Casablanca-Settat,\x1b[2JCasablanca,الدار البيضاء-سطات\n",
    );
    let out = wd.run(&gap_args(&["--taxonomy", "custom", "--format", "table"]));
    out.expect_success();
    assert_no_controls("the table report", &out.stdout());
    assert!(out.stdout().contains("\\u{1b}[2JCasablanca"));
}

#[test]
fn log_lines_escape_control_characters_in_file_names() {
    let wd = Workdir::new();
    wd.standard_inputs();
    std::fs::rename(
        wd.path().join("postings.csv"),
        wd.path().join("post\x1b[2Jings.csv"),
    )
    .unwrap();
    let out = command(
        &wd,
        &[
            "-v",
            "gap",
            "--postings",
            "post\x1b[2Jings.csv",
            "--graduates",
            "graduates.csv",
        ],
    )
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_no_controls("the log", &err);
    assert!(err.contains("post\\u{1b}[2Jings.csv"), "{err}");
}
