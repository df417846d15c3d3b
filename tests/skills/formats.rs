//! `skills --format xlsx|html|table` on the fixture of this module's parent, worked out there:
//! cybersecurity in 2025 has 3 postings, SIEM in 2 (share 2/3, index 4/3, 1/1 the year before:
//! change −1/3), English, ISO 27001, Python and Splunk in 1 each (share 1/3, change +1/3; index
//! (1/3)/(2/4) = 2/3 for English and Python, asked for in 2 of the year's 4 postings, and
//! (1/3)/(1/4) = 4/3 for ISO 27001 and Splunk); data has 1 posting naming English, Python and
//! SQL (share 1, index 2, 2, 4; no posting the year before). The curricula teach SIEM and
//! Python in cybersecurity and Python in data: uncovered are English, ISO 27001 and Splunk in
//! cybersecurity, English and SQL in data.

use calamine::{open_workbook, Data, Reader, Xlsx};

use super::setup;
use crate::workdir::Workdir;

const CURRICULA: &str =
    "programme,skill,hours\ncybersecurity,siem,60\ncybersecurity,Python,30\ndata,python,40\n";

fn with_curricula() -> Workdir {
    let wd = setup();
    wd.write("curricula.csv", CURRICULA);
    wd
}

/// `skills` with the curricula, in `format` and `lang`, to `out`.
fn skills(wd: &Workdir, format: &str, lang: &str, out: &str) {
    wd.run(&[
        "-q",
        "skills",
        "--postings",
        "postings.csv",
        "--curricula",
        "curricula.csv",
        "--format",
        format,
        "--lang",
        lang,
        "-o",
        out,
    ])
    .expect_success();
}

fn sheet(path: &std::path::Path, name: &str) -> calamine::Range<Data> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    wb.worksheet_range(name).unwrap()
}

fn s(v: &str) -> Data {
    Data::String(v.to_string())
}

fn f(v: f64) -> Data {
    Data::Float(v)
}

fn close(a: &Data, b: f64) -> bool {
    matches!(a, Data::Float(x) if (x - b).abs() < 1e-12)
}

#[test]
fn the_workbook_has_the_skills_the_uncovered_ones_the_quality_and_the_method() {
    let wd = with_curricula();
    skills(&wd, "xlsx", "en", "skills.xlsx");
    let path = wd.path().join("skills.xlsx");
    let wb: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(
        wb.sheet_names(),
        ["Skills", "Uncovered skills", "Data quality", "Method"]
    );
    let t = sheet(&path, "Skills");
    let header: Vec<Data> = t.rows().next().unwrap().to_vec();
    let titles = [
        "Specialisation id",
        "Specialisation",
        "Skill id",
        "Skill",
        "Type",
        "Postings",
        "Postings mentioning it",
        "Share",
        "Characteristic index",
        "Share the year before",
        "Change (points)",
        "Taught",
    ];
    assert_eq!(header, titles.map(s));
    // 5 cybersecurity skills, then 3 data skills
    assert_eq!(t.height(), 1 + 5 + 3);
    let siem: Vec<Data> = t.rows().nth(1).unwrap().to_vec();
    assert_eq!(
        siem[..7],
        [
            s("cybersecurity"),
            s("Cybersecurity"),
            s("siem"),
            s("Security information and event management (SIEM)"),
            s("method"),
            f(3.0),
            f(2.0)
        ]
    );
    // shares are number cells: 2/3, index (2/3)/(2/4), 1 the year before, change −1/3
    assert!(close(&siem[7], 2.0 / 3.0), "{:?}", siem[7]);
    assert!(close(&siem[8], 4.0 / 3.0), "{:?}", siem[8]);
    assert!(close(&siem[9], 1.0), "{:?}", siem[9]);
    assert!(close(&siem[10], -1.0 / 3.0), "{:?}", siem[10]);
    assert_eq!(siem[11], s("yes"));
    let splunk: Vec<Data> = t.rows().nth(5).unwrap().to_vec();
    assert_eq!(splunk[2], s("splunk"));
    assert!(close(&splunk[8], 4.0 / 3.0) && close(&splunk[10], 1.0 / 3.0));
    assert_eq!(splunk[11], s("no"));
    // data had no posting in 2024: no share the year before, no change
    let sql: Vec<Data> = t.rows().nth(8).unwrap().to_vec();
    assert_eq!((&sql[0], &sql[2]), (&s("data"), &s("sql")));
    assert!(close(&sql[7], 1.0) && close(&sql[8], 4.0));
    assert_eq!((&sql[9], &sql[10]), (&Data::Empty, &Data::Empty));

    let u = sheet(&path, "Uncovered skills");
    let uncovered: Vec<(String, String, f64)> = u
        .rows()
        .skip(1)
        .map(|r| {
            let Data::Float(n) = r[6] else {
                panic!("{:?}", r[6])
            };
            (r[0].to_string(), r[3].to_string(), n)
        })
        .collect();
    let expected = [
        ("cybersecurity", "english-language", 1.0),
        ("cybersecurity", "iso-27001", 1.0),
        ("cybersecurity", "splunk", 1.0),
        ("data", "english-language", 1.0),
        ("data", "sql", 1.0),
    ]
    .map(|(c, k, n)| (c.to_string(), k.to_string(), n));
    assert_eq!(uncovered, expected);
    // the cell's postings weigh each uncovered skill
    assert_eq!(u.get((1, 2)), Some(&f(3.0)));

    // 6 rows read = 1 rejected + 1 in 2024 + 0 unplaced + 4 in the cells, 1 without text
    let q = sheet(&path, "Data quality");
    let counts: Vec<Data> = q.rows().skip(1).take(6).map(|r| r[1].clone()).collect();
    assert_eq!(counts, [6.0, 1.0, 1.0, 0.0, 4.0, 1.0].map(f));
    let m = sheet(&path, "Method");
    let items: Vec<String> = m.rows().map(|r| r[0].to_string()).collect();
    assert!(items.contains(&"Compared with".to_string()), "{items:?}");
    assert!(
        m.rows()
            .any(|r| r[1].to_string().starts_with("Characteristic index:")),
        "no definition of the index"
    );
}

#[test]
fn the_workbook_speaks_french_and_arabic() {
    let wd = with_curricula();
    skills(&wd, "xlsx", "fr", "fr.xlsx");
    skills(&wd, "xlsx", "ar", "ar.xlsx");
    let fr: Xlsx<_> = open_workbook(wd.path().join("fr.xlsx")).unwrap();
    assert_eq!(
        fr.sheet_names(),
        [
            "Compétences",
            "Compétences non couvertes",
            "Qualité des données",
            "Méthode"
        ]
    );
    let t = sheet(&wd.path().join("fr.xlsx"), "Compétences");
    let siem: Vec<Data> = t.rows().nth(1).unwrap().to_vec();
    assert_eq!(siem[1], s("Cybersécurité"));
    assert_eq!(siem[4], s("méthode"));
    assert_eq!(siem[11], s("oui"));
    // numbers stay numbers, whatever the language
    assert!(close(&siem[7], 2.0 / 3.0));
    let ar: Xlsx<_> = open_workbook(wd.path().join("ar.xlsx")).unwrap();
    assert_eq!(ar.sheet_names()[0], "المهارات");
}

#[test]
fn the_page_charts_each_cell_and_marks_the_uncovered_skills() {
    let wd = with_curricula();
    skills(&wd, "html", "fr", "skills.html");
    let html = wd.read("skills.html");
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"fr\" dir=\"ltr\">"));
    // self-contained: no script, no external resource
    assert!(!html.contains("<script") && !html.contains(" src=") && !html.contains("<link"));
    assert_eq!(html.matches("<figure class=\"panel\">").count(), 2);
    // uncovered: English, ISO 27001, Splunk; English, SQL. Taught: SIEM, Python; Python
    assert_eq!(html.matches("<rect class=\"uncovered\"").count(), 5);
    assert_eq!(html.matches("<rect class=\"taught\"").count(), 3);
    // the largest cell first, its bars by share: SIEM 66,7 % then the 33,3 % ones
    let cyber = html.find("Cybersécurité <span").unwrap();
    let data = html.find("Science des données <span").unwrap();
    assert!(cyber < data);
    assert!(html.contains("66,7\u{202F}%"), "no French percentage");
    assert!(html.contains("−33,3\u{202F}%") && html.contains("+33,3\u{202F}%"));
    assert!(html.contains("Demandées, enseignées par aucune formation diplômant ici"));
    let ar = {
        skills(&wd, "html", "ar", "ar.html");
        wd.read("ar.html")
    };
    assert!(ar.contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert_eq!(ar.matches("<rect class=\"uncovered\"").count(), 5);
}

#[test]
fn the_table_gives_one_grid_per_cell_with_signed_changes() {
    let wd = with_curricula();
    let out = wd
        .run(&[
            "skills",
            "--postings",
            "postings.csv",
            "--curricula",
            "curricula.csv",
            "--format",
            "table",
        ])
        .expect_success()
        .stdout();
    assert!(out.starts_with("Skills asked for in postings, 2025 (compared with 2024)\n"));
    assert!(
        out.contains("Cybersecurity (Postings: 3)")
            && out.contains("Data science and analytics (Postings: 1)")
    );
    assert!(out.contains("-33.3%") && out.contains("+33.3%"), "{out}");
    assert!(out.contains("Rows read = rejected"));
    let md = wd
        .run(&[
            "skills",
            "--postings",
            "postings.csv",
            "--curricula",
            "curricula.csv",
            "--format",
            "md",
            "--lang",
            "fr",
        ])
        .expect_success()
        .stdout();
    assert!(md.starts_with("# Compétences demandées dans les offres d'emploi, 2025\n"));
    assert!(
        md.contains("\n## Cybersécurité\n\nOffres: 3 (2024: 1).\n"),
        "{md}"
    );
    assert!(
        md.contains("| Splunk | outil | 1 | 33,3\u{202F}% | 1,33 | +33,3\u{202F}% | non |"),
        "{md}"
    );
    assert!(
        md.contains("| 66,7\u{202F}% | 1,33 | -33,3\u{202F}% | oui |"),
        "{md}"
    );
    assert!(
        md.contains("- Splunk (Offres qui la citent: 1, 33,3\u{202F}%)"),
        "{md}"
    );
}

#[test]
fn a_workbook_needs_a_file_and_the_extension_the_format() {
    let wd = setup();
    let err = wd
        .run(&["skills", "--postings", "postings.csv", "--format", "xlsx"])
        .expect_error(2);
    assert!(err.contains("give -o skills.xlsx"), "{err}");
    let err = wd
        .run(&["skills", "--postings", "postings.csv", "-o", "out.xlsx"])
        .expect_error(2);
    assert!(err.contains("pass --format xlsx"), "{err}");
    assert!(!wd.path().join("out.xlsx").exists());
}

#[test]
fn a_report_written_to_a_file_has_a_manifest_naming_its_inputs_and_checksum() {
    let wd = with_curricula();
    skills(&wd, "xlsx", "en", "skills.xlsx");
    let manifest: serde_json::Value =
        serde_json::from_str(&wd.read("manifest.json")).expect("a manifest beside the report");
    let bytes = std::fs::read(wd.path().join("skills.xlsx")).unwrap();
    let out = &manifest["outputs"][0];
    assert_eq!(out["format"], "xlsx");
    assert_eq!(out["bytes"], bytes.len() as u64);
    assert_eq!(out["sha256"], skillgap::manifest::sha256_hex(&bytes));
    // the postings alone were read: no graduates are listed
    let inputs = manifest["inputs"].as_array().unwrap();
    assert_eq!(inputs.len(), 1, "{inputs:?}");
    assert_eq!(inputs[0]["input"], "postings");
    assert_eq!(manifest["period"], "2025");
    let rows = manifest["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["input"], "postings");
}
