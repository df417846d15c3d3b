//! `gap`'s top skills per specialisation, from postings with a description, worked out by hand
//! (default taxonomy; every posting in Casablanca-Settat):
//!
//! | line | id | year | specialisation | description | skills |
//! |---|---|---|---|---|---|
//! | 2 | 1 | 2025 | cybersecurity | "SIEM, Splunk et Python." | siem, splunk, python |
//! | 3 | 2 | 2025 | cybersecurity | "SIEM, ISO 27001 et Docker." | siem, iso-27001, docker |
//! | 4 | 3 | 2025 | cybersecurity | "SIEM, Python ; anglais courant." | siem, python, english-language |
//! | 5 | 4 | 2025 | cybersecurity | empty | none |
//! | 6 | 5 | 2025 | data | "Python, SQL et Power BI." | python, sql, power-bi |
//! | 7 | 6 | 2025 | data | "SQL et Python." | sql, python |
//! | 8 | 7 | 2025 | data | "Python." | python |
//! | 9 | 1 | 2025 | cybersecurity | line 2 again, same id: merged as a duplicate | (not counted) |
//! | 10 | 8 | 2024 | data | "Tableau." | outside the period |
//!
//! The period is 2025 (the graduates' only year). Cybersecurity: 4 postings; SIEM in 3 (75 %),
//! Python in 2 (50 %), Docker, English, ISO 27001 and Splunk in 1 each (25 %): the top 5 are
//! SIEM, Python, then by id Docker, English (english-language), ISO 27001; Splunk is sixth.
//! Data: 3 postings; Python 3 (100 %), SQL 2 (2/3), Power BI 1 (1/3).
//!
//! The graduates: 20 of Génie informatique in Casablanca-Settat, split by the crosswalk (data 2,
//! cybersecurity 2, ...). Demand 4 cybersecurity, 3 data: gaps +2 and +1, so cybersecurity is
//! ranked before data; the specialisations with graduates alone have no postings, and no skills.

use calamine::{open_workbook, Data, Reader, Xlsx};

use crate::workdir::Workdir;

const POSTINGS: &str = "\
id,date,titre,specialite,region,description
1,2025-03-01,Analyste SOC,cybersecurity,MA-06,\"SIEM, Splunk et Python.\"
2,2025-03-02,Analyste SOC,cybersecurity,MA-06,\"SIEM, ISO 27001 et Docker.\"
3,2025-03-03,Analyste SOC,cybersecurity,MA-06,\"SIEM, Python ; anglais courant.\"
4,2025-03-04,Analyste SOC,cybersecurity,MA-06,
5,2025-03-05,Data analyst,data,MA-06,\"Python, SQL et Power BI.\"
6,2025-03-06,Data analyst,data,MA-06,SQL et Python.
7,2025-03-07,Data analyst,data,MA-06,Python.
1,2025-03-01,Analyste SOC,cybersecurity,MA-06,\"SIEM, Splunk et Python.\"
8,2024-03-08,Data analyst,data,MA-06,Tableau.
";

const GRADUATES: &str = "year,region,field,graduates\n2025,MA-06,Génie informatique,20\n";

fn setup() -> Workdir {
    let wd = Workdir::new();
    wd.write("postings.csv", POSTINGS);
    wd.write("graduates.csv", GRADUATES);
    wd
}

fn gap(wd: &Workdir, extra: &[&str]) {
    let mut args = vec![
        "-q",
        "gap",
        "--postings",
        "postings.csv",
        "--graduates",
        "graduates.csv",
        "--by",
        "specialisation",
    ];
    args.extend(extra);
    wd.run(&args).expect_success();
}

/// (specialisation, postings, rank, skill, mentions, share) per row of the top skills' sheet.
type Row = (String, f64, f64, String, f64, f64);

fn top_skills_sheet(path: &std::path::Path, name: &str) -> Vec<Row> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let range = wb.worksheet_range(name).unwrap();
    let num = |d: &Data| match d {
        Data::Float(x) => *x,
        other => panic!("not a number: {other:?}"),
    };
    range
        .rows()
        .skip(1)
        .map(|r| {
            (
                r[0].to_string(),
                num(&r[2]),
                num(&r[3]),
                r[4].to_string(),
                num(&r[7]),
                num(&r[8]),
            )
        })
        .collect()
}

fn expected() -> Vec<Row> {
    [
        ("cybersecurity", 4.0, 1.0, "siem", 3.0, 0.75),
        ("cybersecurity", 4.0, 2.0, "python", 2.0, 0.5),
        ("cybersecurity", 4.0, 3.0, "docker", 1.0, 0.25),
        ("cybersecurity", 4.0, 4.0, "english-language", 1.0, 0.25),
        ("cybersecurity", 4.0, 5.0, "iso-27001", 1.0, 0.25),
        ("data", 3.0, 1.0, "python", 3.0, 1.0),
        ("data", 3.0, 2.0, "sql", 2.0, 2.0 / 3.0),
        ("data", 3.0, 3.0, "power-bi", 1.0, 1.0 / 3.0),
    ]
    .into_iter()
    .map(|(c, p, r, k, m, s)| (c.to_string(), p, r, k.to_string(), m, s))
    .collect()
}

#[test]
fn the_workbook_gains_the_top_five_skills_per_specialisation() {
    let wd = setup();
    gap(&wd, &["-o", "gap.xlsx"]);
    let path = wd.path().join("gap.xlsx");
    let wb: Xlsx<_> = open_workbook(&path).unwrap();
    assert!(wb.sheet_names().contains(&"Top skills".to_string()));
    let rows = top_skills_sheet(&path, "Top skills");
    let want = expected();
    assert_eq!(rows.len(), want.len(), "{rows:?}");
    for (got, want) in rows.iter().zip(&want) {
        assert_eq!(
            (&got.0, got.1, got.2, &got.3, got.4),
            (&want.0, want.1, want.2, &want.3, want.4)
        );
        assert!((got.5 - want.5).abs() < 1e-12, "{got:?} {want:?}");
    }
    // the labels beside: the specialisation's and the skill's
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let range = wb.worksheet_range("Top skills").unwrap();
    let first: Vec<String> = range
        .rows()
        .nth(1)
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(first[1], "Cybersecurity");
    assert_eq!(first[5], "Security information and event management (SIEM)");
    assert_eq!(first[6], "method");
    // in French: the sheet's name and the labels
    gap(&wd, &["-o", "gap-fr.xlsx", "--lang", "fr"]);
    let fr = top_skills_sheet(&wd.path().join("gap-fr.xlsx"), "Compétences clés");
    assert_eq!(fr.len(), 8);
}

#[test]
fn the_page_lists_the_top_five_skills_per_specialisation() {
    let wd = setup();
    gap(&wd, &["-o", "gap.html"]);
    let html = wd.read("gap.html");
    let section = &html[html
        .find("<section class=\"topskills\">")
        .expect("a top skills section")..];
    let section = &section[..section.find("</section>").unwrap()];
    assert!(section.contains("<h2>Top skills asked for per specialisation</h2>"));
    let order: Vec<&str> = section
        .split("data-skill=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    assert_eq!(
        order,
        [
            "siem",
            "python",
            "docker",
            "english-language",
            "iso-27001",
            "python",
            "sql",
            "power-bi"
        ]
    );
    let cyber = section.find("data-spec=\"cybersecurity\"").unwrap();
    let data = section.find("data-spec=\"data\"").unwrap();
    assert!(cyber < data, "not in the ranking's order");
    assert!(section.contains("Cybersecurity <span class=\"note\">(Postings: 4)</span>"));
    assert!(section
        .contains("Security information and event management (SIEM) <span class=\"n\">75%</span>"));
    assert!(section.contains("SQL <span class=\"n\">66.7%</span>"));
    // French: decimal comma, narrow no-break space before %
    gap(&wd, &["-o", "gap-fr.html", "--lang", "fr"]);
    let fr = wd.read("gap-fr.html");
    assert!(fr.contains("<h2>Compétences les plus demandées par spécialité</h2>"));
    assert!(fr.contains("SQL <span class=\"n\">66,7\u{202F}%</span>"));
}

#[test]
fn text_columns_change_no_count_of_the_gap() {
    let wd = setup();
    let with = wd
        .run(&[
            "-q",
            "gap",
            "--postings",
            "postings.csv",
            "--graduates",
            "graduates.csv",
            "--format",
            "csv",
        ])
        .expect_success()
        .stdout();
    // the same postings without their description
    let plain: String = POSTINGS
        .lines()
        .map(|l| {
            let mut fields: Vec<&str> = l.splitn(6, ',').collect();
            fields.truncate(5);
            fields.join(",") + "\n"
        })
        .collect();
    wd.write("plain.csv", plain);
    let without = wd
        .run(&[
            "-q",
            "gap",
            "--postings",
            "plain.csv",
            "--graduates",
            "graduates.csv",
            "--format",
            "csv",
        ])
        .expect_success()
        .stdout();
    assert_eq!(with, without);
    // and without text columns, no top skills at all
    wd.run(&[
        "-q",
        "gap",
        "--postings",
        "plain.csv",
        "--graduates",
        "graduates.csv",
        "-o",
        "plain.html",
    ])
    .expect_success();
    assert!(!wd.read("plain.html").contains("topskills"));
}

#[test]
fn broken_text_columns_stop_no_gap() {
    let wd = Workdir::new();
    wd.write("graduates.csv", GRADUATES);
    // two columns headed `langues`, and a competences cell that is not UTF-8
    let mut postings = b"id,date,titre,specialite,region,langues,Langues,competences\n\
        1,2025-03-01,Analyste SOC,cybersecurity,MA-06,anglais,arabe,SIEM\n\
        2,2025-03-02,Analyste SOC,cybersecurity,MA-06,,,"
        .to_vec();
    postings.extend(b"Splunk \xff\n");
    wd.write("postings.csv", postings);
    let run = wd.run(&[
        "gap",
        "--postings",
        "postings.csv",
        "--graduates",
        "graduates.csv",
        "--by",
        "specialisation",
        "--format",
        "json",
        "--encoding",
        "utf-8",
    ]);
    run.expect_success();
    run.expect_stderr_contains("several columns could be the `languages` text");
    let json = run.json();
    // both rows counted; the broken cell reads as empty, the other names SIEM
    assert_eq!(json["quality"]["inputs"][0]["rows_rejected"], 0, "{json}");
    let cyber = &json["skills"][0];
    assert_eq!(cyber["code"], "cybersecurity");
    assert_eq!(cyber["postings"], 2);
    assert_eq!(cyber["skills"][0]["skill"], "siem");
    assert_eq!(cyber["skills"].as_array().unwrap().len(), 1);
}
