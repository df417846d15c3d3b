//! A workbook cell holds at most 32,767 characters: a longer label is cut and marked, with a
//! warning, instead of failing the workbook and every other report of a job with it. Labels are
//! string cells, never formulas, so they carry no `'` in a workbook.

use calamine::{open_workbook, Data, Reader, Xlsx};

use crate::workdir::Workdir;

/// Postings whose second row has a city of `city`: an unplaced label, listed on the data
/// quality sheet.
fn postings(city: &str) -> String {
    format!(
        "posting_id,posted_date,title,specialisation,region,city,vacancies\n\
         P1,2025-01-15,Analyste SOC,cybersecurity,Casablanca-Settat,,6\n\
         P2,2025-01-16,Analyste SOC,cybersecurity,,\"{city}\",2\n"
    )
}

/// Every string cell of the workbook's sheet `sheet`.
fn strings(path: &std::path::Path, sheet: &str) -> Vec<String> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    range
        .cells()
        .filter_map(|(_, _, c)| match c {
            Data::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn a_label_longer_than_a_cell_is_cut_marked_and_warned_about() {
    let wd = Workdir::new();
    wd.write("postings.csv", postings(&"é".repeat(40_000)));
    wd.fixture("graduates.csv");
    wd.write(
        "job.toml",
        "postings = \"postings.csv\"\ngraduates = \"graduates.csv\"\n\
         [[report]]\noutput = \"gaps.xlsx\"\n[[report]]\noutput = \"gaps.csv\"\n",
    );
    let run = wd.run(&["run", "job.toml"]);
    run.expect_success();
    let err = run.stderr();
    assert!(
        err.contains("1 cell(s) longer than Excel's 32,767 characters were cut"),
        "{err}"
    );
    let cut: Vec<String> = strings(&wd.path().join("gaps.xlsx"), "Data quality")
        .into_iter()
        .filter(|s| s.starts_with('é'))
        .collect();
    assert_eq!(cut.len(), 1);
    assert_eq!(cut[0].chars().count(), 32_767);
    assert!(cut[0].ends_with("é [truncated]"));
    // the other report of the job is written too
    assert!(wd.read("gaps.csv").starts_with("region_code,"));
}

#[test]
fn a_formula_like_label_is_a_plain_string_cell() {
    let wd = Workdir::new();
    wd.write("postings.csv", postings("=1+1"));
    wd.fixture("graduates.csv");
    wd.run(&[
        "gap",
        "--postings",
        "postings.csv",
        "--graduates",
        "graduates.csv",
        "-o",
        "gaps.xlsx",
    ])
    .expect_success();
    let path = wd.path().join("gaps.xlsx");
    let cells = strings(&path, "Data quality");
    assert!(cells.iter().any(|s| s == "=1+1"), "{cells:?}");
    assert!(!cells.iter().any(|s| s == "'=1+1"), "{cells:?}");
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    for sheet in wb.sheet_names() {
        let formulas = wb.worksheet_formula(&sheet).unwrap();
        assert!(
            formulas.used_cells().next().is_none(),
            "a formula in {sheet}"
        );
    }
}
