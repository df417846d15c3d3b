//! `skillgap skills` end to end: text columns found by their usual names, counts per cell, the
//! CSV's long format, rows without text, the curricula's uncovered skills, and the errors.
//!
//! The postings, worked out by hand (the default taxonomy; `langues` is the languages column):
//!
//! | line | year | specialisation | region | text | skills found |
//! |---|---|---|---|---|---|
//! | 2 | 2025 | cybersecurity | MA-06 | "SIEM (Splunk), Python et anglais courant." | siem, splunk, python, english |
//! | 3 | 2025 | cybersecurity | MA-06 | competences "SIEM \| ISO 27001" | siem, iso-27001 |
//! | 4 | 2025 | cybersecurity | MA-04 | none | none (a row without text) |
//! | 5 | 2025 | data | MA-06 | "Python, SQL" + langues "Anglais" | python, sql, english |
//! | 6 | 2024 | cybersecurity | MA-06 | "SIEM" | siem |
//! | 7 | rejected: date 2025-13-01 | | | | |
//!
//! 2025 overall: 4 postings; SIEM in 2, Python in 2, English in 2, Splunk 1, ISO 27001 1, SQL 1.
//! By specialisation, cybersecurity: 3 postings (one without text); SIEM 2 → share 2/3, index
//! (2/3)/(2/4) = 1.3333; 2024: 1 posting, SIEM 1/1, change 2/3 - 1 = -0.3333. Python 1/3,
//! index (1/3)/(2/4) = 0.6667, change +0.3333.

use crate::workdir::Workdir;

pub const POSTINGS: &str = "\
id,date,titre,specialite,region,description,competences,langues
1,2025-03-01,Analyste SOC,cybersecurity,MA-06,\"SIEM (Splunk), Python et anglais courant.\",,
2,2025-03-02,Analyste SOC,cybersecurity,MA-06,,SIEM | ISO 27001,
3,2025-03-03,Analyste SOC,cybersecurity,MA-04,,,
4,2025-03-04,Data analyst,data,MA-06,\"Python, SQL\",,Anglais
5,2024-05-01,Analyste SOC,cybersecurity,MA-06,SIEM,,
6,2025-13-01,Analyste SOC,cybersecurity,MA-06,SIEM,,
";

fn setup() -> Workdir {
    let wd = Workdir::new();
    wd.write("postings.csv", POSTINGS);
    wd
}

#[test]
fn the_csv_is_long_with_shares_indexes_and_changes() {
    let wd = setup();
    let run = wd.run(&["skills", "--postings", "postings.csv", "--top", "2"]);
    run.expect_success();
    run.expect_stdout(
        "specialisation,specialisation_label,skill,skill_label,skill_type,postings,mentions,share,characteristic,previous_share,change,taught
cybersecurity,Cybersecurity,siem,Security information and event management (SIEM),method,3,2,0.6667,1.3333,1.0000,-0.3333,
cybersecurity,Cybersecurity,english-language,English,language,3,1,0.3333,0.6667,0.0000,0.3333,
data,Data science and analytics,english-language,English,language,1,1,1.0000,2.0000,,,
data,Data science and analytics,python,Python,tool,1,1,1.0000,2.0000,,,
",
    );
    // 6 rows read = 1 rejected + 0 merged + 1 in 2024 + 0 unplaced + 4 in cells (1 without text)
    run.expect_stderr_contains(
        "2025: 6 rows read, 1 rejected, 0 merged as copies, 1 in other years, 0 not placed, 4 in 2 cells (1 without any text)",
    );
}

#[test]
fn by_region_and_the_json_report() {
    let wd = setup();
    let json = wd
        .run(&[
            "skills",
            "--postings",
            "postings.csv",
            "--by",
            "region,specialisation",
            "--format",
            "json",
        ])
        .expect_success()
        .json();
    let cells = json["cells"].as_array().unwrap();
    // MA-04 cybersecurity (1 posting, no text), MA-06 cybersecurity (2), MA-06 data (1)
    let keys: Vec<(String, u64, u64)> = cells
        .iter()
        .map(|c| {
            (
                format!("{} {}", c["keys"][0][0], c["keys"][1][0]),
                c["postings"].as_u64().unwrap(),
                c["skills"].as_array().unwrap().len() as u64,
            )
        })
        .collect();
    assert_eq!(
        keys,
        [
            ("\"MA-04\" \"cybersecurity\"".to_string(), 1, 0),
            ("\"MA-06\" \"cybersecurity\"".to_string(), 2, 5),
            ("\"MA-06\" \"data\"".to_string(), 1, 3),
        ]
    );
    assert_eq!(json["summary"]["in_cells"], 4);
    assert_eq!(json["summary"]["without_text"], 1);
}

#[test]
fn curricula_give_the_uncovered_skills() {
    let wd = setup();
    wd.write(
        "curricula.csv",
        "programme,skill,hours\ncybersecurity,siem,60\ncybersecurity,Python,30\ndata,python,40\n",
    );
    let md = wd
        .run(&[
            "skills",
            "--postings",
            "postings.csv",
            "--curricula",
            "curricula.csv",
            "--format",
            "md",
        ])
        .expect_success()
        .stdout();
    // cybersecurity asks for SIEM (2), English, ISO 27001, Python, Splunk (1 each): taught are
    // SIEM and Python; uncovered, most asked for first then by id: English, ISO 27001, Splunk
    let uncovered = "Asked for, taught by no programme graduating here:\n\n\
        - English (Postings mentioning it: 1, 33.3%)\n\
        - ISO/IEC 27001 (Postings mentioning it: 1, 33.3%)\n\
        - Splunk (Postings mentioning it: 1, 33.3%)\n";
    assert!(md.contains(uncovered), "{md}");
    assert!(
        md.contains(
            "- English (Postings mentioning it: 1, 100%)\n- SQL (Postings mentioning it: 1, 100%)"
        ),
        "{md}"
    );
}

#[test]
fn errors_name_the_fix() {
    let wd = setup();
    wd.write(
        "plain.csv",
        "id,date,titre,specialite,region\n1,2025-01-01,SOC,cybersecurity,MA-06\n",
    );
    let err = wd
        .run(&["skills", "--postings", "plain.csv"])
        .expect_error(1);
    assert!(
        err.contains("no text column") && err.contains("--postings-columns description="),
        "{err}"
    );
    wd.write("curricula.csv", "programme,skill\ncybersecurity,Klingon\n");
    let err = wd
        .run(&[
            "skills",
            "--postings",
            "postings.csv",
            "--curricula",
            "curricula.csv",
        ])
        .expect_error(1);
    assert!(
        err.contains("curricula.csv, line 2: skill `Klingon`"),
        "{err}"
    );
    let err = wd
        .run(&["skills", "--postings", "postings.csv", "--year", "2019"])
        .expect_error(1);
    assert!(
        err.contains("no postings fall in 2019 (postings cover 2024-2025); choose another period"),
        "{err}"
    );
    // a text column named explicitly
    wd.write(
        "other.csv",
        "id,date,titre,specialite,region,body\n1,2025-01-01,SOC,cybersecurity,MA-06,Splunk\n",
    );
    let out = wd
        .run(&[
            "skills",
            "--postings",
            "other.csv",
            "--postings-columns",
            "description=body",
        ])
        .expect_success()
        .stdout();
    assert!(
        out.contains("cybersecurity,Cybersecurity,splunk,Splunk,tool,1,1,1.0000,1.0000,,,"),
        "{out}"
    );
}

#[test]
fn with_graduates_a_programme_teaches_where_it_graduates() {
    let wd = setup();
    wd.write("curricula.csv", "programme,skill\ncybersecurity,siem\n");
    // the only cybersecurity graduates are in Rabat-Salé-Kénitra (MA-04)
    wd.write(
        "graduates.csv",
        "year,region,institution,field,level,graduates\n2025,MA-04,ENSIAS,cybersecurity,Master,10\n",
    );
    let line = |extra: &[&str]| {
        let mut args = vec![
            "skills",
            "--postings",
            "postings.csv",
            "--curricula",
            "curricula.csv",
            "--by",
            "region,specialisation",
        ];
        args.extend_from_slice(extra);
        let out = wd.run(&args).expect_success().stdout();
        out.lines()
            .find(|l| {
                l.starts_with("MA-06,Casablanca-Settat,cybersecurity,") && l.contains(",siem,")
            })
            .unwrap_or_else(|| panic!("{out}"))
            .to_string()
    };
    // SIEM: 2 of the 2 MA-06 cybersecurity postings; index 1/(2/4) = 2; 2024: 1 of 1
    let row = "MA-06,Casablanca-Settat,cybersecurity,Cybersecurity,siem,\
        Security information and event management (SIEM),method,2,2,1.0000,2.0000,1.0000,0.0000,";
    assert_eq!(line(&[]), format!("{row}true"));
    assert_eq!(
        line(&["--graduates", "graduates.csv"]),
        format!("{row}false")
    );
}

/// The line of `postings.csv` with a month 13, as `--rejects` writes it (every field as read).
const REJECTED_LINE_7: &str = "postings.csv,7,posted_date,2025-13-01,invalid date";

#[test]
fn rejects_strict_and_the_reject_rate_as_for_gap() {
    let wd = setup();
    wd.run(&[
        "skills",
        "--postings",
        "postings.csv",
        "--rejects",
        "rejects.csv",
    ])
    .expect_success();
    let rejects = wd.read("rejects.csv");
    let lines: Vec<&str> = rejects.lines().collect();
    assert_eq!(lines.len(), 2, "{rejects}");
    assert_eq!(lines[0], "file,line,column,value,reason,detail,raw");
    assert!(lines[1].starts_with(REJECTED_LINE_7), "{rejects}");
    assert!(
        lines[1].ends_with(",\"6,2025-13-01,Analyste SOC,cybersecurity,MA-06,SIEM,,\""),
        "{rejects}"
    );
    // --strict fails on the first rejected row, and no report is written
    let run = wd.run(&[
        "skills",
        "--postings",
        "postings.csv",
        "--strict",
        "-o",
        "strict.csv",
    ]);
    let err = run.expect_error(1);
    assert!(
        err.contains(
            "--strict: postings.csv, line 7, column posted_date: value `2025-13-01` rejected \
             (invalid date"
        ),
        "{err}"
    );
    assert!(!wd.path().join("strict.csv").exists());
    // 1 of 6 rows rejected is 16.7 %
    let err = wd
        .run(&[
            "skills",
            "--postings",
            "postings.csv",
            "--max-reject-rate",
            "10",
        ])
        .expect_error(1);
    assert!(
        err.contains("1 of 6 rows rejected (16.7%), above --max-reject-rate 10%"),
        "{err}"
    );
    wd.run(&[
        "skills",
        "--postings",
        "postings.csv",
        "--max-reject-rate",
        "20",
    ])
    .expect_success();
}

#[test]
fn a_period_of_years_is_counted_whole() {
    let wd = setup();
    let run = wd.run(&[
        "skills",
        "--postings",
        "postings.csv",
        "--from",
        "2024",
        "--to",
        "2025",
        "--top",
        "1",
    ]);
    run.expect_success();
    // 2024-2025: 5 postings; cybersecurity 4 (3 + 1), SIEM in 3 → 0.75, index 0.75 ÷ 3/5 = 1.25;
    // data 1, English in it → 1, index 1 ÷ 2/5 = 2.5; 2022-2023 has no postings: no change
    run.expect_stdout(
        "specialisation,specialisation_label,skill,skill_label,skill_type,postings,mentions,share,characteristic,previous_share,change,taught
cybersecurity,Cybersecurity,siem,Security information and event management (SIEM),method,4,3,0.7500,1.2500,,,
data,Data science and analytics,english-language,English,language,1,1,1.0000,2.5000,,,
",
    );
    run.expect_stderr_contains(
        "2024-2025: 6 rows read, 1 rejected, 0 merged as copies, 0 in other years, 0 not placed, 5 in 2 cells (1 without any text)",
    );
    // --to alone starts at the first year of the postings
    wd.run(&["skills", "--postings", "postings.csv", "--to", "2024"])
        .expect_success()
        .expect_stderr_contains(
            "2024: 6 rows read, 1 rejected, 0 merged as copies, 4 in other years, 0 not placed, 1 in 1 cells",
        );
    let err = wd
        .run(&[
            "skills",
            "--postings",
            "postings.csv",
            "--year",
            "2025",
            "--from",
            "2024",
        ])
        .expect_error(2);
    assert!(
        err.contains("--year cannot be combined with --from/--to"),
        "{err}"
    );
}

/// Two postings of the same title, company and city three days apart: one posting.
const COPIES: &str = "\
id,date,titre,entreprise,specialite,region,description
1,2025-03-01,Analyste SOC,Acme,cybersecurity,MA-06,SIEM et Python
2,2025-03-04,Analyste SOC,Acme,cybersecurity,MA-06,SIEM
3,2025-03-04,Data analyst,Acme,data,MA-06,SQL
";

#[test]
fn copies_are_merged_and_their_skills_taken_out() {
    let wd = Workdir::new();
    wd.write("copies.csv", COPIES);
    let run = wd.run(&["skills", "--postings", "copies.csv", "--format", "json"]);
    run.expect_success();
    run.expect_stderr_contains(
        "2025: 3 rows read, 0 rejected, 1 merged as copies, 0 in other years, 0 not placed, 2 in 2 cells (0 without any text)",
    );
    // the later copy (line 3: SIEM) is merged into the first (SIEM, Python): one posting, SIEM
    // and Python once each
    let cyber = |json: &serde_json::Value| -> Vec<(String, u64)> {
        let c = &json["cells"][0];
        assert_eq!(c["keys"][0][0], "cybersecurity");
        (c["skills"].as_array().unwrap().iter())
            .map(|s| {
                (
                    s["skill"].as_str().unwrap().to_string(),
                    s["mentions"].as_u64().unwrap(),
                )
            })
            .chain([("postings".to_string(), c["postings"].as_u64().unwrap())])
            .collect()
    };
    let pairs = |v: &[(&str, u64)]| -> Vec<(String, u64)> {
        v.iter().map(|(s, n)| (s.to_string(), *n)).collect()
    };
    let json = run.json();
    assert_eq!(json["summary"]["merged"], 1);
    assert_eq!(
        cyber(&json),
        pairs(&[("python", 1), ("siem", 1), ("postings", 1)])
    );
    // counted apart without merging, or with a window shorter than three days
    for opts in [&["--no-dedup"][..], &["--dedup-days", "2"]] {
        let mut args = vec!["skills", "--postings", "copies.csv", "--format", "json"];
        args.extend(opts);
        let json = wd.run(&args).expect_success().json();
        assert_eq!(json["summary"]["merged"], 0, "{opts:?}");
        assert_eq!(
            cyber(&json),
            pairs(&[("siem", 2), ("python", 1), ("postings", 2)]),
            "{opts:?}"
        );
    }
}

#[test]
fn a_columns_file_names_the_text_column_and_unmapped_labels_are_written() {
    let wd = Workdir::new();
    wd.write(
        "export.csv",
        "id,date,titre,specialite,region,Corps de l'annonce\n\
         1,2025-03-01,Analyste SOC,cybersecurity,MA-06,SIEM\n\
         2,2025-03-02,Zzyzx,Zzyzx,MA-06,Python\n",
    );
    wd.write(
        "columns.csv",
        "input,column,header\npostings,description,Corps de l'annonce\n",
    );
    let run = wd.run(&[
        "skills",
        "--postings",
        "export.csv",
        "--columns-file",
        "columns.csv",
        "--unmapped",
        "unmapped.csv",
    ]);
    run.expect_success();
    run.expect_stdout_contains(&["cybersecurity,Cybersecurity,siem,"]);
    // the second posting's specialisation is unknown: not placed, and listed to be mapped
    run.expect_stderr_contains("1 not placed, 1 in 1 cells");
    let unmapped = wd.read("unmapped.csv");
    assert!(
        unmapped.starts_with("kind,alias,target,rows,units,suggestion,column,reason\n"),
        "{unmapped}"
    );
    assert!(
        unmapped.contains("specialisation,Zzyzx,,1,1,"),
        "{unmapped}"
    );
}

/// The workbook, the page and the table of `skills`.
mod formats;
/// The top skills of `gap`'s html and xlsx.
mod gap;
/// `[[skills]]` tables of job files.
mod job;
