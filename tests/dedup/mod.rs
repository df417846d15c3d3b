//! Duplicate postings: the same posting_id and source twice, and the same job syndicated on
//! several boards, counted once, across several postings files; `--no-dedup` and `--dedup-days`.
//!
//! The two files, worked out by hand (period 2025, all rows valid and mapped):
//!
//! | file | line | id | date | source | title, company, city | vacancies |
//! |---|---|---|---|---|---|---|
//! | a | 2 | 1 | 03-01 | rekrute | Analyste SOC, OCP, Casablanca | 2 |
//! | a | 3 | 1 | 03-02 | Rekrute | same | 2 |
//! | a | 4 | 1 | 03-01 | anapec | same | 2 |
//! | a | 5 | X9 | 03-20 | emploi.ma | Data engineer, Inwi, Rabat | 1 |
//! | b | 2 | 77 | 03-05 | emploi.ma | ANALYSTE  SOC, ocp, casablanca | 2 |
//! | b | 3 | X9 | 03-21 | emploi.ma | Data engineer, Inwi, Rabat | 1 |
//! | b | 4 | X9 | 03-21 | emploi.ma | same | 1 |
//!
//! Same id and (folded) source: a3 is a copy of a2 (a2 is earlier); b3 and b4 are copies of a5.
//! That is 3 rows, 4 vacancies. Then syndicated copies among the rest: a2, a4 and b2 have the same
//! folded title, company and city; the earliest (a4, 03-01; a tie with a2 broken by the source,
//! `anapec` < `rekrute`) is counted; a2 (0 days later) and b2 (4 days later) are within 7 days:
//! 2 rows, 4 vacancies. Counted: a4 (cybersecurity, 2) and a5 (data, 1): 2 rows, 3 vacancies.
//! Read: 7 rows = 2 + 5 merged; 11 vacancies = 3 + 8.

use serde_json::{json, Value};

use crate::workdir::Workdir;

const A: &str = "posting_id,posted_date,title,specialisation,region,city,vacancies,source,company
1,2025-03-01,Analyste SOC,Cybersécurité,Casablanca-Settat,Casablanca,2,rekrute,OCP
1,2025-03-02,Analyste SOC,Cybersécurité,Casablanca-Settat,Casablanca,2,Rekrute,OCP
1,2025-03-01,Analyste SOC,Cybersécurité,Casablanca-Settat,Casablanca,2,anapec,OCP
X9,2025-03-20,Data engineer,Data,Rabat-Salé-Kénitra,Rabat,1,emploi.ma,Inwi
";

const B: &str = "posting_id,posted_date,title,specialisation,region,city,vacancies,source,company
77,2025-03-05,ANALYSTE  SOC,Cybersécurité,,casablanca,2,emploi.ma,ocp
X9,2025-03-21,Data engineer,Data,Rabat-Salé-Kénitra,Rabat,1,emploi.ma,Inwi
X9,2025-03-21,Data engineer,Data,Rabat-Salé-Kénitra,Rabat,1,emploi.ma,Inwi
";

fn setup() -> Workdir {
    let wd = Workdir::new();
    wd.standard_inputs();
    wd.write("a.csv", A);
    wd.write("b.csv", B);
    wd
}

/// rows and units: read, counted, duplicate; and the two kinds of duplicates.
fn counts(p: &Value) -> [u64; 8] {
    [
        "rows_read",
        "rows_counted",
        "rows_duplicate",
        "units_read",
        "units_counted",
        "units_duplicate",
        "duplicates_same_id",
        "duplicates_syndicated",
    ]
    .map(|k| p[k].as_u64().unwrap_or_else(|| panic!("{k} in {p}")))
}

fn validate(wd: &Workdir, extra: &[&str]) -> Value {
    let mut args = vec![
        "validate",
        "--postings",
        "a.csv",
        "b.csv",
        "--graduates",
        "graduates.csv",
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    wd.run(&args).expect_success().json()
}

/// Demand per specialisation in 2025.
fn demand(wd: &Workdir, postings: &[&str], extra: &[&str]) -> Vec<(String, f64)> {
    let mut args = vec!["gap", "--postings"];
    args.extend_from_slice(postings);
    args.extend_from_slice(&[
        "--graduates",
        "graduates.csv",
        "--year",
        "2025",
        "--by",
        "specialisation",
        "--format",
        "json",
    ]);
    args.extend_from_slice(extra);
    let v = wd.run(&args).expect_success().json();
    let mut d: Vec<(String, f64)> = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["demand"].as_f64().unwrap() > 0.0)
        .map(|r| {
            (
                r["specialisation"].as_str().unwrap().to_string(),
                r["demand"].as_f64().unwrap(),
            )
        })
        .collect();
    d.sort_by(|a, b| a.0.cmp(&b.0));
    d
}

#[test]
fn copies_across_files_are_counted_once_and_reported() {
    let wd = setup();
    let v = validate(&wd, &[]);
    let p = &v["inputs"][0];
    assert_eq!(p["file"], json!("a.csv, b.csv"));
    assert_eq!(counts(p), [7, 2, 5, 11, 3, 8, 3, 2]);
    assert_eq!(
        demand(&wd, &["a.csv", "b.csv"], &[]),
        [("cybersecurity".into(), 2.0), ("data".into(), 1.0)]
    );
    let out = wd.run(&[
        "gap",
        "--postings",
        "a.csv",
        "--postings",
        "b.csv",
        "--graduates",
        "graduates.csv",
        "--year",
        "2025",
    ]);
    out.expect_success()
        .expect_stderr_contains("5 duplicates merged (3 same id, 2 syndicated)");
}

#[test]
fn no_dedup_counts_every_row() {
    let wd = setup();
    let v = validate(&wd, &["--no-dedup"]);
    assert_eq!(counts(&v["inputs"][0]), [7, 7, 0, 11, 11, 0, 0, 0]);
    assert_eq!(
        demand(&wd, &["a.csv", "b.csv"], &["--no-dedup"]),
        [("cybersecurity".into(), 8.0), ("data".into(), 3.0)]
    );
    wd.run(&[
        "validate",
        "--postings",
        "a.csv",
        "--graduates",
        "graduates.csv",
        "--no-dedup",
        "--dedup-days",
        "3",
    ])
    .expect_code(2)
    .expect_stderr_contains("'--no-dedup' cannot be used with '--dedup-days <DAYS>'");
}

#[test]
fn dedup_days_sets_the_syndication_window() {
    let wd = setup();
    // same day only: a2 is merged into a4; b2 (4 days later) is a posting of its own
    let v = validate(&wd, &["--dedup-days", "0"]);
    assert_eq!(counts(&v["inputs"][0]), [7, 3, 4, 11, 5, 6, 3, 1]);
    assert_eq!(
        demand(&wd, &["a.csv", "b.csv"], &["--dedup-days", "0"]),
        [("cybersecurity".into(), 4.0), ("data".into(), 1.0)]
    );
}

#[test]
fn file_order_and_stdin_do_not_change_the_result() {
    let wd = setup();
    let forward = demand(&wd, &["a.csv", "b.csv"], &[]);
    assert_eq!(demand(&wd, &["b.csv", "a.csv"], &[]), forward);
    // stdin is one of the postings files: it is read twice through a temporary copy
    let v = wd
        .run_with_stdin(
            &[
                "validate",
                "--postings",
                "a.csv",
                "-",
                "--graduates",
                "graduates.csv",
                "--format",
                "json",
            ],
            B,
        )
        .expect_success()
        .json();
    let p = &v["inputs"][0];
    assert_eq!(p["file"], json!("a.csv, -"));
    assert_eq!(counts(p), [7, 2, 5, 11, 3, 8, 3, 2]);
}

#[test]
fn stdin_may_be_named_once_only() {
    let wd = setup();
    let err = wd
        .run_with_stdin(
            &[
                "validate",
                "--postings",
                "-",
                "-",
                "--graduates",
                "graduates.csv",
            ],
            B,
        )
        .expect_error(2);
    assert!(
        err.contains("only one input can be read from stdin"),
        "{err}"
    );
}

#[test]
fn the_manifest_lists_every_postings_file_with_its_checksum() {
    let wd = setup();
    wd.run(&[
        "gap",
        "--postings",
        "a.csv",
        "b.csv",
        "--graduates",
        "graduates.csv",
        "--year",
        "2025",
        "-o",
        "gaps.csv",
    ])
    .expect_success();
    let m: Value = serde_json::from_str(&wd.read("manifest.json")).unwrap();
    let inputs = m["inputs"].as_array().unwrap();
    assert_eq!(inputs.len(), 3);
    for (entry, name, text) in [(&inputs[0], "a.csv", A), (&inputs[1], "b.csv", B)] {
        assert_eq!(entry["path"], json!(name));
        assert_eq!(entry["input"], json!("postings"));
        assert_eq!(
            entry["sha256"],
            json!(skillgap::manifest::sha256_hex(text.as_bytes()))
        );
    }
    assert_eq!(inputs[2]["input"], json!("graduates"));
    assert_eq!(m["rows"][0]["rows_duplicate"], json!(5));
}

#[test]
fn rows_without_an_id_count_once_when_identical_in_every_field() {
    // a scraped export with no id and no company, as job-board scrapes often are: lines 2 and 3
    // are the same ad saved twice, line 5 too (but for a trailing space); line 4 differs by its
    // contract, so it is another posting
    let wd = setup();
    wd.write(
        "scraped.csv",
        "titles,location,contrat,salaire\n\
         Comptable,Casablanca,CDI,A discuter\n\
         Comptable,Casablanca,CDI,A discuter\n\
         Comptable,Casablanca,CDD,A discuter\n\
         Comptable,Casablanca ,CDI,A discuter\n",
    );
    let args = [
        "validate",
        "--postings",
        "scraped.csv",
        "--graduates",
        "graduates.csv",
        "--postings-year",
        "2025",
        "--postings-columns",
        "title=titles,city=location",
        "--format",
        "json",
    ];
    let v = wd.run(&args).expect_success().json();
    let p = &v["inputs"][0];
    assert_eq!(counts(p), [4, 2, 2, 4, 2, 2, 0, 0]);
    assert_eq!(p["duplicates_identical"], json!(2));
    let mut no_dedup = args.to_vec();
    no_dedup.push("--no-dedup");
    let v = wd.run(&no_dedup).expect_success().json();
    assert_eq!(counts(&v["inputs"][0]), [4, 4, 0, 4, 4, 0, 0, 0]);
}
