//! Cost that grows with the work, not with the junk: the nearest-alias suggestion is worked out
//! for the first labels only, and never compares a label far longer than every alias; every
//! rejected row goes to `--rejects` from files on disk, in line order.

use super::{command, validate_args};
use crate::workdir::Workdir;

/// Graduates whose every label is placed: the only unmapped labels are the postings'.
const GRADUATES: &str =
    "year,region,field,graduates\n2025,Casablanca-Settat,Génie informatique,20\n";

/// A taxonomy with one long alias, so that labels near it are long enough to carry a counter.
fn taxonomy(wd: &Workdir) {
    wd.write(
        "custom/aliases.csv",
        "kind,alias,target\nregion,Zorglub Kravitz Plendomir,MA-06\n",
    );
}

#[test]
fn only_the_first_thousand_labels_get_a_suggestion() {
    let wd = Workdir::new();
    wd.write("graduates.csv", GRADUATES);
    taxonomy(&wd);
    let mut postings = String::from("posted_date,title,specialisation,region,vacancies\n");
    for i in 0..1_500 {
        // one edit and a counter away from the alias: each would get it as its suggestion
        postings +=
            &format!("2025-01-15,Analyste SOC,cybersecurity,Zorglub Kravitz Plendomi {i:04},1\n");
    }
    wd.write("postings.csv", postings);
    wd.run(&validate_args(&[
        "--taxonomy",
        "custom",
        "--unmapped",
        "unmapped.csv",
    ]))
    .expect_success();
    let text = wd.read("unmapped.csv");
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    let ours: Vec<_> = rows
        .iter()
        .filter(|r| r[1].starts_with("Zorglub"))
        .collect();
    assert_eq!((rows.len(), ours.len()), (1_500, 1_500));
    let suggested: Vec<_> = ours.iter().filter(|r| !r[5].is_empty()).collect();
    assert_eq!(suggested.len(), 1_000);
    assert!(suggested
        .iter()
        .all(|r| &r[5] == "zorglub kravitz plendomir"));
    // the first thousand in the file's order: equal units, so by label
    assert!(ours[..1_000].iter().all(|r| !r[5].is_empty()));
}

/// The export lists a label of a kind once, whichever inputs and columns it came from: rows and
/// units summed, its columns and reasons in the order of its entries (most units first).
#[test]
fn a_label_from_both_inputs_is_one_row_of_the_export() {
    let wd = Workdir::new();
    wd.write(
        "postings.csv",
        "posted_date,title,specialisation,region,vacancies\n\
         2025-01-15,Stagiaire,,Casablanca,3\n\
         2025-01-15,,Philosophie,Casablanca,2\n",
    );
    wd.write(
        "graduates.csv",
        "year,region,field,graduates\n\
         2025,Casablanca-Settat,Philosophie,7\n\
         2025,Casablanca-Settat,Stagiaire,1\n",
    );
    wd.run(&validate_args(&["--unmapped", "unmapped.csv"]))
        .expect_success();
    // entries: field Philosophie 7, title Stagiaire 3, specialisation Philosophie 2, field
    // Stagiaire 1; Philosophie 2 rows and 7 + 2 = 9, Stagiaire 2 rows and 3 + 1 = 4
    assert_eq!(
        wd.read("unmapped.csv"),
        "kind,alias,target,rows,units,suggestion,column,reason\n\
         specialisation,Philosophie,,2,9,,field; specialisation,unknown\n\
         specialisation,Stagiaire,,2,4,,title; field,ambiguous: stagiaire; unknown\n"
    );
}

#[test]
fn a_label_far_longer_than_every_alias_gets_no_suggestion() {
    let wd = Workdir::new();
    wd.write("graduates.csv", GRADUATES);
    taxonomy(&wd);
    let long = format!("Zorglub Kravitz Plendomi {}", "x".repeat(5_000));
    wd.write(
        "postings.csv",
        format!("posted_date,title,specialisation,region,vacancies\n2025-01-15,Analyste SOC,cybersecurity,{long},1\n"),
    );
    let out = wd
        .run(&validate_args(&[
            "--taxonomy",
            "custom",
            "--format",
            "json",
        ]))
        .expect_success()
        .json();
    let labels = out["unmapped"].as_array().unwrap();
    let ours = labels.iter().find(|u| u["label"] == long.as_str()).unwrap();
    assert!(ours["suggestion"].is_null(), "{ours}");
}

#[test]
fn every_rejected_row_reaches_the_rejects_file_in_order_and_no_spill_is_left() {
    let wd = Workdir::new();
    wd.fixture("graduates.csv");
    let tmp = wd.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let mut postings = String::from("posted_date,title,specialisation,region,vacancies\n");
    for i in 0..5_000 {
        let date = if i % 2 == 0 {
            "2025-13-01"
        } else {
            "2025-01-15"
        };
        postings += &format!("{date},Analyste SOC {i},cybersecurity,Casablanca-Settat,1\n");
    }
    wd.write("postings.csv", postings);
    let out = command(&wd, &validate_args(&["--rejects", "rejects.csv"]))
        .env("TMPDIR", &tmp)
        .output()
        .unwrap();
    // rejected rows make validate exit 3
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    let text = wd.read("rejects.csv");
    let lines: Vec<u64> = csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap()[1].parse().unwrap())
        .collect();
    let expected: Vec<u64> = (0..2_500).map(|i| i * 2 + 2).collect();
    assert_eq!(lines, expected);
    let left: Vec<_> = std::fs::read_dir(&tmp).unwrap().collect();
    assert!(left.is_empty(), "{left:?}");
}
