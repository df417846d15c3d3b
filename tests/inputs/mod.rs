//! Inputs that are not CSV files: workbooks, JSON and NDJSON. Each is built here from the
//! standard fixtures (see `tests/cli.rs`), with the quirks real ones have, and must give the same
//! report as the CSV it was made from; its rejects must name the sheet and the cell, or the line.
//! Part of the `cli` test binary.

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use serde_json::Value;

use crate::workdir::Workdir;

/// The ranked rows of `gap --format csv` on the given inputs, with `extra` options.
fn gap(wd: &Workdir, postings: &str, graduates: &str, extra: &[&str]) -> String {
    let mut args = vec![
        "gap",
        "--postings",
        postings,
        "--graduates",
        graduates,
        "--format",
        "csv",
    ];
    args.extend_from_slice(extra);
    wd.run(&args).expect_success().stdout()
}

/// The ranked rows of `gap --format csv` on the counts table `counts` and the standard graduates.
fn gap_counts(wd: &Workdir, counts: &str) -> String {
    wd.run(&[
        "gap",
        "--postings-counts",
        counts,
        "--graduates",
        "graduates.csv",
        "--format",
        "csv",
    ])
    .expect_success()
    .stdout()
}

/// `validate --format json` on the given inputs, with `extra` options, whatever its exit code
/// (3 when rows were rejected).
fn validate(wd: &Workdir, postings: &str, graduates: &str, extra: &[&str]) -> Value {
    let mut args = vec![
        "validate",
        "--postings",
        postings,
        "--graduates",
        graduates,
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    let run = wd.run(&args);
    assert!(matches!(run.code(), Some(0 | 3)), "{}", run.stderr());
    run.json()
}

/// The line and reason of every reject of `file` in a `validate` report.
fn rejects_of(report: &Value, file: &str) -> Vec<(u64, String)> {
    report["rejects"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["file"] == file)
        .map(|r| {
            (
                r["line"].as_u64().unwrap(),
                r["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The summary of one input (`postings` or `graduates`) in a `validate` report.
fn input<'v>(report: &'v Value, which: &str) -> &'v Value {
    report["inputs"]
        .as_array()
        .and_then(|a| a.iter().find(|i| i["input"] == which))
        .unwrap_or_else(|| panic!("no {which} in {report}"))
}

/// The graduates fixture as a workbook laid out for people: a first sheet of notes; then, on
/// sheet `Diplômés`, a title block, a header over two rows (the names merged down, `Lauréats`
/// heading `Nombre` and `dont femmes`), regions merged down over their rows, counts as text and
/// as floats, a year given as a date, a `Total 2025` subtotal and a `Total` row, and a count of
/// 2.5 (rejected).
fn graduates_workbook() -> Vec<u8> {
    let mut wb = Workbook::new();
    let notes = wb.add_worksheet();
    notes.set_name("Lisez-moi").unwrap();
    notes
        .write_string(0, 0, "Effectifs des lauréats, source : établissements")
        .unwrap();
    let ws = wb.add_worksheet();
    ws.set_name("Diplômés").unwrap();
    let plain = Format::new();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    ws.write_string(0, 0, "Lauréats par filière et région, 2024 et 2025")
        .unwrap();
    ws.write_string(1, 0, "Source : établissements").unwrap();
    // the header: rows 4 and 5 (0-based 3 and 4)
    for (c, name) in ["Année", "Région", "Établissement", "Filière", "Niveau"]
        .iter()
        .enumerate()
    {
        ws.merge_range(3, c as u16, 4, c as u16, name, &plain)
            .unwrap();
    }
    ws.merge_range(3, 5, 3, 6, "Lauréats", &plain).unwrap();
    ws.write_string(4, 5, "Nombre").unwrap();
    ws.write_string(4, 6, "dont femmes").unwrap();
    // the data, from row 6 (0-based 5)
    ws.merge_range(5, 1, 6, 1, "Casablanca-Settat", &plain)
        .unwrap();
    ws.merge_range(7, 1, 8, 1, "Rabat-Salé-Kénitra", &plain)
        .unwrap();
    let rows: [(&str, &str, &str, &str); 4] = [
        ("ENSA Casablanca", "Génie informatique", "Ingénieur", "20"),
        ("FLSH Ben M'Sik", "Philosophie", "Licence", ""),
        (
            "OFPPT",
            "Développement digital option web full stack",
            "Technicien spécialisé",
            " 10 ",
        ),
        (
            "OFPPT",
            "Infrastructure digitale option cloud computing",
            "Technicien spécialisé",
            "1",
        ),
    ];
    for (i, (inst, field, level, n)) in rows.iter().enumerate() {
        let r = 5 + i as u32;
        ws.write_string(r, 2, *inst).unwrap();
        ws.write_string(r, 3, *field).unwrap();
        ws.write_string(r, 4, *level).unwrap();
        if !n.is_empty() {
            // numbers stored as text
            ws.write_string(r, 5, *n).unwrap();
        }
        ws.write_number(r, 6, 1.0).unwrap();
    }
    ws.write_number(5, 0, 2025.0).unwrap();
    ws.write_number(6, 0, 2025.0).unwrap();
    // 7 graduates as the float 7.0
    ws.write_number(6, 5, 7.0).unwrap();
    ws.write_number(7, 0, 2025.0).unwrap();
    // a year given as a date: the year of graduation is the date's
    ws.write_datetime_with_format(8, 0, ExcelDateTime::from_ymd(2025, 7, 15).unwrap(), &date)
        .unwrap();
    ws.write_string(9, 0, "Total 2025").unwrap();
    ws.write_number(9, 5, 38.0).unwrap();
    let last: [(&str, &str, &str, &str); 2] = [
        ("2024", "ENSA Casablanca", "Génie informatique", "40"),
        ("2024", "ENSA Casablanca", "Génie informatique", "2.5"),
    ];
    for (i, (year, inst, field, n)) in last.iter().enumerate() {
        let r = 10 + i as u32;
        ws.write_number(r, 0, year.parse::<f64>().unwrap()).unwrap();
        ws.write_string(r, 1, "Casablanca-Settat").unwrap();
        ws.write_string(r, 2, *inst).unwrap();
        ws.write_string(r, 3, *field).unwrap();
        ws.write_string(r, 4, "Ingénieur").unwrap();
        ws.write_number(r, 5, n.parse::<f64>().unwrap()).unwrap();
    }
    ws.write_string(12, 0, "Total").unwrap();
    ws.write_number(12, 5, 78.0).unwrap();
    wb.save_to_buffer().unwrap()
}

/// The postings fixture as a workbook: dates as date cells, counts as numbers, one count of 2.5
/// (rejected, as P09 to P11 are in the CSV) and a date that does not exist, as text.
fn postings_workbook() -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Offres").unwrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let header = [
        "posting_id",
        "posted_date",
        "title",
        "specialisation",
        "region",
        "city",
        "vacancies",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let csv = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/postings.csv"),
    )
    .unwrap();
    for (i, line) in csv.lines().skip(1).take(8).enumerate() {
        let r = 1 + i as u32;
        let f: Vec<&str> = line.split(',').collect();
        ws.write_string(r, 0, f[0]).unwrap();
        let ymd: Vec<u16> = f[1].split('-').map(|p| p.parse().unwrap()).collect();
        match ExcelDateTime::from_ymd(ymd[0], ymd[1] as u8, ymd[2] as u8) {
            Ok(d) if f[1] != "2025-02-30" => {
                ws.write_datetime_with_format(r, 1, d, &date).unwrap();
            }
            _ => {
                ws.write_string(r, 1, f[1]).unwrap();
            }
        }
        for (c, cell) in f.iter().enumerate().take(6).skip(2) {
            if !cell.is_empty() {
                ws.write_string(r, c as u16, *cell).unwrap();
            }
        }
        if !f[6].is_empty() {
            ws.write_number(r, 6, f[6].parse::<f64>().unwrap()).unwrap();
        }
    }
    // row 10: a fraction of a vacancy
    let r = 9;
    ws.write_string(r, 0, "P09").unwrap();
    ws.write_datetime_with_format(r, 1, ExcelDateTime::from_ymd(2025, 7, 1).unwrap(), &date)
        .unwrap();
    ws.write_string(r, 2, "Développeur").unwrap();
    ws.write_string(r, 3, "software-development").unwrap();
    ws.write_string(r, 5, "Casablanca").unwrap();
    ws.write_number(r, 6, 2.5).unwrap();
    wb.save_to_buffer().unwrap()
}

/// The graduates workbook, sheet `Diplômés`, gives the report the CSV gives: the title block,
/// the two header rows, the merged regions, the counts as text or floats, the year as a date
/// and the total rows are all read as they are meant.
#[test]
fn a_graduates_workbook_gives_the_report_of_its_csv() {
    let wd = Workdir::new();
    wd.standard_inputs();
    // no extension: a workbook is known by its first bytes
    wd.write("diplomes", graduates_workbook());
    let from_csv = gap(&wd, "postings.csv", "graduates.csv", &[]);
    for sheet in ["Diplômés", "2", "diplomes"] {
        let from_book = gap(&wd, "postings.csv", "diplomes", &["--sheet", sheet]);
        assert_eq!(from_book, from_csv, "--sheet {sheet}");
    }

    let report = validate(&wd, "postings.csv", "diplomes", &["--sheet", "Diplômés"]);
    let g = input(&report, "graduates");
    // rows 6 to 13: 6 rows of data (6 to 9, 11 and 12, the last rejected) and 2 total rows
    // (10 and 13), read and not counted: 8 read = 5 counted + 1 rejected + 2 total rows
    assert_eq!(g["rows_read"], 8, "{g}");
    assert_eq!(g["rows_total"], 2, "{g}");
    assert_eq!(g["rows_rejected"], 1, "{g}");
    let parts: u64 = [
        "rows_counted",
        "rows_unmapped",
        "rows_abroad",
        "rows_rejected",
    ]
    .iter()
    .chain(&["rows_outside_period", "rows_duplicate", "rows_total"])
    .map(|k| g[*k].as_u64().unwrap())
    .sum();
    assert_eq!(parts, 8, "{g}");
    assert_eq!(g["units_read"], 78, "{g}");
    assert_eq!(g["encoding"], "xlsx (sheet Diplômés)", "{g}");
    let reject = report["rejects"]
        .as_array()
        .and_then(|r| r.iter().find(|r| r["file"] == "diplomes"))
        .unwrap_or_else(|| panic!("no reject in {report}"));
    assert_eq!(reject["line"], 12, "{reject}");
    assert_eq!(reject["column"], "graduates", "{reject}");
    assert_eq!(reject["value"], "2.5", "{reject}");
    let detail = reject["detail"].as_str().unwrap();
    assert!(detail.starts_with("Diplômés!F12: "), "{detail}");
    // the text report has a column for them, and says what they are
    let text = wd
        .run(&[
            "validate",
            "--postings",
            "postings.csv",
            "--graduates",
            "diplomes",
            "--sheet",
            "Diplômés",
        ])
        .stdout();
    assert!(text.contains("Total rows"), "{text}");
    assert!(
        text.contains("graduates: 2 total rows of a workbook (`Total`, `Ensemble`, ...) are read"),
        "{text}"
    );
}

/// Without `--sheet`, the first sheet with data is read: here the notes, which have no header;
/// the error names the sheet. A sheet that does not exist is an error listing the sheets.
#[test]
fn a_sheet_is_chosen_or_the_error_lists_them() {
    let wd = Workdir::new();
    wd.standard_inputs();
    wd.write("diplomes.xlsx", graduates_workbook());
    let args = |extra: &[&'static str]| {
        let mut a = vec![
            "gap",
            "--postings",
            "postings.csv",
            "--graduates",
            "diplomes.xlsx",
        ];
        a.extend_from_slice(extra);
        a
    };
    let err = wd.run(&args(&[])).expect_error(1);
    assert!(
        err.contains("diplomes.xlsx (sheet Lisez-moi): no column"),
        "{err}"
    );
    let err = wd.run(&args(&["--sheet", "Feuil3"])).expect_error(1);
    assert!(
        err.contains(
            "--sheet Feuil3: there is no such sheet; the sheets are 1 `Lisez-moi`, 2 `Diplômés`"
        ),
        "{err}"
    );
    let err = wd.run(&args(&["--sheet", "3"])).expect_error(1);
    assert!(err.contains("there is no such sheet"), "{err}");
}

/// The postings as a workbook: dates as date cells, counts as numbers; a count of 2.5 is
/// rejected with its cell, a date that does not exist too; the report is the CSV's.
#[test]
fn a_postings_workbook_gives_the_report_of_its_csv() {
    let wd = Workdir::new();
    wd.standard_inputs();
    wd.write("offres.xlsx", postings_workbook());
    let from_csv = gap(&wd, "postings.csv", "graduates.csv", &[]);
    let from_book = gap(&wd, "offres.xlsx", "graduates.csv", &[]);
    assert_eq!(from_book, from_csv);

    let report = validate(&wd, "offres.xlsx", "graduates.csv", &[]);
    let p = input(&report, "postings");
    // rows 2 to 10: P01 to P08 and the 2.5 vacancies; P08 (date) and the 2.5 are rejected
    assert_eq!(p["rows_read"], 9, "{p}");
    assert_eq!(p["rows_rejected"], 2, "{p}");
    let rejects: Vec<(u64, String, String)> = report["rejects"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["file"] == "offres.xlsx")
        .map(|r| {
            (
                r["line"].as_u64().unwrap(),
                r["reason"].as_str().unwrap().to_string(),
                r["detail"]
                    .as_str()
                    .unwrap()
                    .split(':')
                    .next()
                    .unwrap()
                    .to_string(),
            )
        })
        .collect();
    assert_eq!(
        rejects,
        [
            (9, "invalid date".into(), "Offres!B9".into()),
            (10, "invalid vacancies".into(), "Offres!G10".into()),
        ]
    );
}

/// A damaged workbook, and a workbook on stdin, are errors that say what to do.
#[test]
fn a_damaged_workbook_is_an_error() {
    let wd = Workdir::new();
    wd.standard_inputs();
    let mut broken = graduates_workbook();
    broken.truncate(broken.len() / 2);
    wd.write("broken.xlsx", broken);
    let err = wd
        .run(&[
            "gap",
            "--postings",
            "postings.csv",
            "--graduates",
            "broken.xlsx",
        ])
        .expect_error(1);
    assert!(
        err.contains("broken.xlsx: cannot be read as an xlsx workbook"),
        "{err}"
    );
    assert!(
        err.contains("save it again, or export the sheet as CSV"),
        "{err}"
    );
    let err = wd
        .run_with_stdin(
            &["gap", "--postings", "postings.csv", "--graduates", "-"],
            graduates_workbook(),
        )
        .expect_error(1);
    assert!(
        err.contains("- is an xlsx workbook, which cannot be read from stdin or a pipe"),
        "{err}"
    );
}

/// A job file's `sheet` in `[inputs]` is `--sheet`: the same report; 0 is not a sheet number.
#[test]
fn a_job_file_chooses_the_sheet() {
    let wd = Workdir::new();
    wd.standard_inputs();
    wd.write("diplomes.xlsx", graduates_workbook());
    let from_cli = gap(&wd, "postings.csv", "diplomes.xlsx", &["--sheet", "2"]);
    let job = |sheet: &str| {
        format!(
            "postings = \"postings.csv\"\ngraduates = \"diplomes.xlsx\"\n[inputs]\nsheet = \
             {sheet}\n[[report]]\noutput = \"out.csv\"\n"
        )
    };
    for sheet in ["2", "\"Diplômés\""] {
        wd.write("job.toml", job(sheet));
        wd.run(&["run", "job.toml"]).expect_success();
        assert_eq!(wd.read("out.csv"), from_cli, "sheet = {sheet}");
    }
    wd.write("job.toml", job("0"));
    let err = wd.run(&["run", "job.toml"]).expect_error(2);
    assert!(err.contains("`sheet` numbers count from 1"), "{err}");
}

/// The postings fixture as a scraper writes it: objects with `id`, `date_posted` (a date-time),
/// `title`, `category`, `region`, `location` (the city), `openings` (a
/// number, a string, `null` or absent), `company`, `description` and `tags`. P11, whose CSV row
/// has too few fields, is a broken object here.
fn postings_objects() -> Vec<String> {
    let csv = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/postings.csv"),
    )
    .unwrap();
    let mut objects = Vec::new();
    for line in csv.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        if f.len() < 7 {
            objects.push(format!("{{\"id\": \"{}\", \"title\": tru}}", f[0]));
            continue;
        }
        let mut o = serde_json::Map::new();
        o.insert("id".into(), f[0].into());
        o.insert("date_posted".into(), format!("{}T08:30:00Z", f[1]).into());
        o.insert("title".into(), f[2].into());
        o.insert("category".into(), f[3].into());
        o.insert("region".into(), f[4].into());
        o.insert("location".into(), f[5].into());
        match f[6].parse::<i64>() {
            Ok(n) => o.insert("openings".into(), n.into()),
            Err(_) if f[6].is_empty() => o.insert("openings".into(), Value::Null),
            Err(_) => o.insert("openings".into(), f[6].into()),
        };
        o.insert("description".into(), "Poste en CDI.\nProfil : bac+5".into());
        o.insert("tags".into(), serde_json::json!(["cdi", "hybride"]));
        objects.push(Value::Object(o).to_string());
    }
    objects
}

/// JSON postings, as an array over several lines and as NDJSON, from a file or stdin, give the
/// report of the CSV, with the same rows rejected, each at the line its object starts on.
#[test]
fn json_and_ndjson_postings_give_the_report_of_their_csv() {
    let wd = Workdir::new();
    wd.standard_inputs();
    let objects = postings_objects();
    // one object per line inside the array, the first on the line after `[`
    wd.write("offres.json", format!("[\n{}\n]\n", objects.join(",\n")));
    wd.write("offres.ndjson", objects.join("\n") + "\n");
    let from_csv = gap(&wd, "postings.csv", "graduates.csv", &[]);
    for file in ["offres.json", "offres.ndjson"] {
        assert_eq!(gap(&wd, file, "graduates.csv", &[]), from_csv, "{file}");
        let piped = wd
            .run_with_stdin(
                &[
                    "gap",
                    "--postings",
                    "-",
                    "--graduates",
                    "graduates.csv",
                    "--format",
                    "csv",
                ],
                wd.read(file),
            )
            .expect_success()
            .stdout();
        assert_eq!(piped, from_csv, "{file} on stdin");
        let report = validate(&wd, file, "graduates.csv", &[]);
        let p = input(&report, "postings");
        assert_eq!(p["rows_read"], 11, "{p}");
        assert_eq!(p["rows_rejected"], 4, "{p}");
        let first = if file.ends_with(".json") { 2 } else { 1 };
        let rejects = rejects_of(&report, file);
        assert_eq!(
            rejects,
            [
                (first + 7, "invalid date".to_string()),
                (first + 8, "invalid vacancies".to_string()),
                (first + 9, "invalid vacancies".to_string()),
                (first + 10, "invalid json".to_string()),
            ],
            "{file}"
        );
    }
}

/// The valid postings of the fixture (lines 2 to 8: P01 to P07), which a tally computed elsewhere
/// would be computed from.
fn clean_postings(wd: &Workdir) -> String {
    let csv = wd.read("postings.csv");
    let clean: Vec<&str> = csv.lines().take(8).collect();
    clean.join("\n") + "\n"
}

/// A tally of postings, as a distributed engine would compute it (`GROUP BY year, region, city,
/// specialisation, title` with the sum of the vacancies, an empty cell being 1), gives the
/// report of the postings themselves. Computed by hand from P01 to P07: no two of them share a
/// group, so the tally has their seven rows, each with its vacancies (P03's empty cell is 1).
#[test]
fn a_tally_of_the_postings_gives_their_report() {
    let wd = Workdir::new();
    wd.standard_inputs();
    wd.write("clean.csv", clean_postings(&wd));
    wd.write(
        "tally.csv",
        "year,region,city,specialisation,title,count\n\
         2025,Casablanca-Settat,Casablanca,cybersecurity,Analyste SOC,6\n\
         2025,,Casablanca,software-development,Développeur Java,4\n\
         2025,,Casablanca et région - Maroc,,Ingénieur DevOps (H/F),1\n\
         2025,,Rabat,web-development,Développeur web,2\n\
         2025,,Marrakech,data,Data analyst,2\n\
         2025,Atlantide,,data,Data analyst,3\n\
         2024,Casablanca-Settat,,cybersecurity,Analyste SOC,10\n",
    );
    let from_postings = gap(&wd, "clean.csv", "graduates.csv", &[]);
    let args = |extra: &[&'static str]| {
        let mut a = vec![
            "gap",
            "--postings-counts",
            "tally.csv",
            "--graduates",
            "graduates.csv",
            "--format",
            "csv",
        ];
        a.extend_from_slice(extra);
        a
    };
    let from_tally = wd.run(&args(&[])).expect_success().stdout();
    assert_eq!(from_tally, from_postings);
    // the same over both years, and by specialisation alone
    for extra in [
        &["--from", "2024", "--to", "2025"][..],
        &["--by", "specialisation"],
    ] {
        let mut p = vec![
            "gap",
            "--postings",
            "clean.csv",
            "--graduates",
            "graduates.csv",
            "--format",
            "csv",
        ];
        p.extend_from_slice(extra);
        let a = wd.run(&p).expect_success().stdout();
        let b = wd.run(&args(extra)).expect_success().stdout();
        assert_eq!(b, a, "{extra:?}");
    }
}

/// The same, with the tally computed by DuckDB from the postings by the SQL of the README, when
/// `duckdb` is installed (skipped with a message otherwise).
#[test]
fn a_tally_computed_by_duckdb_gives_the_report_of_the_postings() {
    if std::process::Command::new("duckdb")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("duckdb is not installed: the DuckDB tally test is skipped");
        return;
    }
    let wd = Workdir::new();
    wd.standard_inputs();
    wd.write("clean.csv", clean_postings(&wd));
    let sql = "COPY (\n  SELECT year(posted_date) AS year, region, city, specialisation, title,\n         \
               sum(coalesce(vacancies, 1)) AS count\n  FROM read_csv('clean.csv', header = true)\n  \
               GROUP BY ALL\n) TO 'tally.csv' (HEADER);\n";
    let out = std::process::Command::new("duckdb")
        .current_dir(wd.path())
        .args(["-c", sql])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let from_postings = gap(&wd, "clean.csv", "graduates.csv", &[]);
    let from_tally = gap_counts(&wd, "tally.csv");
    assert_eq!(
        from_tally,
        from_postings,
        "tally:\n{}",
        wd.read("tally.csv")
    );
}

/// Count rows are counted as given: no cap per posting (20,000 is a count, not a typo), equal rows
/// both counted (two partial tallies), an ISCO-08 code placed through the specialisation that
/// has it, a code two specialisations share left unmapped; a count that is not a number is
/// rejected, and `--max-count` sets a cap per row.
#[test]
fn counts_are_counted_as_given() {
    let wd = Workdir::new();
    wd.standard_inputs();
    wd.write(
        "counts.csv",
        "Année,Région,Spécialité,Code ISCO,Offres\n\
         2025,Casablanca-Settat,cybersecurity,,20000\n\
         2025,Casablanca-Settat,cybersecurity,,20000\n\
         2025,Rabat,data,,beaucoup\n\
         2025,Rabat,,2529,5\n\
         2025,Rabat,,2512,7\n",
    );
    let report = validate(
        &wd,
        "postings.csv",
        "graduates.csv",
        &["--postings-counts", "counts.csv", "--no-dedup"],
    );
    let p = input(&report, "postings");
    // postings.csv: 11 rows, 6 counted (25 vacancies), 1 unmapped (3), 4 rejected (1 readable);
    // counts.csv: 5 rows, 3 counted (40,005), 1 unmapped (7), 1 rejected
    assert_eq!(p["file"], "postings.csv, counts.csv", "{p}");
    assert_eq!(p["rows_read"], 16, "{p}");
    assert_eq!(p["rows_counted"], 9, "{p}");
    assert_eq!(p["rows_unmapped"], 2, "{p}");
    assert_eq!(p["rows_rejected"], 5, "{p}");
    assert_eq!(p["units_counted"], 25 + 40_005, "{p}");
    assert_eq!(p["units_unmapped"], 3 + 7, "{p}");
    assert_eq!(p["units_read"], 29 + 40_012, "{p}");
    let reject = report["rejects"]
        .as_array()
        .and_then(|r| r.iter().find(|r| r["file"] == "counts.csv"))
        .unwrap();
    assert_eq!(
        (&reject["line"], &reject["column"], &reject["reason"]),
        (&4.into(), &"count".into(), &"invalid count".into())
    );

    let capped = validate(
        &wd,
        "postings.csv",
        "graduates.csv",
        &["--postings-counts", "counts.csv", "--max-count", "10000"],
    );
    let p = input(&capped, "postings");
    assert_eq!(p["rows_rejected"], 4 + 3, "{p}");
    assert_eq!(p["units_counted"], 25 + 5, "{p}");

    // counts alone, and from a job file
    let alone = gap(&wd, "postings.csv", "graduates.csv", &[]);
    let with_counts = gap_counts(&wd, "counts.csv");
    assert_ne!(with_counts, alone);
    assert!(
        with_counts
            .contains("\nMA-06,Casablanca-Settat,cybersecurity,Cybersecurity,40000,2,39998,"),
        "{with_counts}"
    );
    wd.write(
        "job.toml",
        "postings_counts = \"counts.csv\"\ngraduates = \"graduates.csv\"\n\
         [inputs]\nmax_count = 100000\n[[report]]\noutput = \"out.csv\"\n",
    );
    wd.run(&["run", "job.toml"]).expect_success();
    assert_eq!(wd.read("out.csv"), with_counts);
}

/// `tests/fixtures/graduates.ods` (written by `make-ods.py` beside it: the graduates fixture with
/// a title block, numbers as text and as 7.0, a year as a date and a Total row) gives the report
/// of the CSV: its five rows of data and the Total row read, none rejected.
#[test]
fn an_ods_workbook_gives_the_report_of_its_csv() {
    let wd = Workdir::new();
    wd.standard_inputs();
    wd.fixture("graduates.ods");
    let from_csv = gap(&wd, "postings.csv", "graduates.csv", &[]);
    assert_eq!(gap(&wd, "postings.csv", "graduates.ods", &[]), from_csv);
    let report = validate(&wd, "postings.csv", "graduates.ods", &[]);
    let g = input(&report, "graduates");
    // five rows of data and the Total row (read, not counted; its 78 units not read)
    assert_eq!(
        (&g["rows_read"], &g["rows_total"], &g["rows_rejected"]),
        (&6.into(), &1.into(), &0.into()),
        "{g}"
    );
    assert_eq!(g["units_read"], 78, "{g}");
    assert_eq!(g["encoding"], "ods (sheet Feuille1)");
}

/// `tests/fixtures/postings.parquet` and `graduates.parquet` (written by `make-parquet.sql` beside
/// them, with typed columns: dates, integers, doubles, nulls) give the report of the CSV
/// fixtures: the postings file holds P01 to P07, and P12 (dated 1985) and P13 (20,000
/// vacancies), rejected at rows 8 and 9. A Parquet file without a required column is an error
/// listing its columns.
#[test]
fn parquet_files_give_the_report_of_their_csv() {
    let wd = Workdir::new();
    wd.standard_inputs();
    wd.fixture("postings.parquet");
    wd.fixture("graduates.parquet");
    let from_csv = gap(&wd, "postings.csv", "graduates.csv", &[]);
    assert_eq!(
        gap(&wd, "postings.parquet", "graduates.parquet", &[]),
        from_csv
    );
    let report = validate(&wd, "postings.parquet", "graduates.parquet", &[]);
    let p = input(&report, "postings");
    assert_eq!(
        (&p["rows_read"], &p["rows_rejected"], &p["encoding"]),
        (&9.into(), &2.into(), &"parquet".into()),
        "{p}"
    );
    let g = input(&report, "graduates");
    assert_eq!((&g["rows_read"], &g["units_read"]), (&5.into(), &78.into()));
    let rejects = rejects_of(&report, "postings.parquet");
    assert_eq!(
        rejects,
        [
            (8, "invalid date".to_string()),
            (9, "invalid vacancies".to_string())
        ]
    );

    let err = wd
        .run(&[
            "gap",
            "--postings",
            "postings.parquet",
            "--graduates",
            "postings.parquet",
        ])
        .expect_error(1);
    assert!(
        err.contains(
            "postings.parquet: no column for the year (looked for year, annee, promotion, annee \
             universitaire; found: posting_id, posted_date, title, specialisation, region, city, \
             vacancies)"
        ),
        "{err}"
    );
    let err = wd
        .run_with_stdin(
            &["gap", "--postings", "postings.csv", "--graduates", "-"],
            std::fs::read(wd.path().join("graduates.parquet")).unwrap(),
        )
        .expect_error(1);
    assert!(
        err.contains("- is a Parquet file, which cannot be read"),
        "{err}"
    );
    let mut cut = std::fs::read(wd.path().join("postings.parquet")).unwrap();
    cut.truncate(cut.len() - 10);
    wd.write("cut.parquet", cut);
    let err = wd
        .run(&[
            "gap",
            "--postings",
            "cut.parquet",
            "--graduates",
            "graduates.csv",
        ])
        .expect_error(1);
    assert!(
        err.contains("cut.parquet: cannot be read as a Parquet file"),
        "{err}"
    );
}

/// A workbook with more bad rows than are kept in memory: every rejected row written by
/// `--rejects` names its cell (`Feuil1!E3`), the rows spilled to disk as well as the first
/// 1,000 kept for the report, which name it too.
#[test]
fn rejects_spilled_to_disk_name_the_cell() {
    let wd = Workdir::new();
    wd.standard_inputs();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Feuil1").unwrap();
    for (c, h) in [
        "posted_date",
        "title",
        "specialisation",
        "region",
        "vacancies",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    // rows 2 to 2,401: every other one (rows 2, 4, ...) asks for "beaucoup" vacancies
    for i in 0..2_400u32 {
        let r = i + 1;
        ws.write_string(r, 0, "2025-01-15").unwrap();
        ws.write_string(r, 1, format!("Analyste SOC {i}")).unwrap();
        ws.write_string(r, 2, "cybersecurity").unwrap();
        ws.write_string(r, 3, "Casablanca-Settat").unwrap();
        if i % 2 == 0 {
            ws.write_string(r, 4, "beaucoup").unwrap();
        } else {
            ws.write_number(r, 4, 1.0).unwrap();
        }
    }
    wd.write("offres.xlsx", wb.save_to_buffer().unwrap());
    let report = validate(
        &wd,
        "offres.xlsx",
        "graduates.csv",
        &["--rejects", "rejects.csv"],
    );
    let p = input(&report, "postings");
    assert_eq!(
        (&p["rows_read"], &p["rows_rejected"]),
        (&2_400.into(), &1_200.into())
    );
    let kept = report["rejects"].as_array().unwrap();
    assert_eq!(kept.len(), 1_000);
    assert!(
        kept.iter().all(|r| r["detail"]
            .as_str()
            .unwrap()
            .starts_with(&format!("Feuil1!E{}: ", r["line"]))),
        "{}",
        kept[0]
    );
    let text = wd.read("rejects.csv");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (line, detail) = (at("line"), at("detail"));
    let rows: Vec<(u64, String)> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[line].parse().unwrap(), r[detail].to_string())
        })
        .collect();
    assert_eq!(rows.len(), 1_200);
    for (i, (line, detail)) in rows.iter().enumerate() {
        assert_eq!(*line, 2 + 2 * i as u64);
        assert!(
            detail.starts_with(&format!("Feuil1!E{line}: ")),
            "{line}: {detail}"
        );
    }
}

/// `tests/fixtures/graduates.xls` (Excel 97-2003) and `graduates-book.xlsx`, the same sheet
/// written by `make_workbooks.py` beside them (a title block, regions merged down, a count as text
/// and one as 7.0, a year as a date cell, a Total row), both give the report of the CSV, and read
/// the same: five rows of data and the Total row, 78 graduates, nothing rejected.
#[test]
fn an_xls_workbook_reads_as_its_xlsx() {
    let wd = Workdir::new();
    wd.standard_inputs();
    wd.fixture("graduates.xls");
    wd.fixture("graduates-book.xlsx");
    let from_csv = gap(&wd, "postings.csv", "graduates.csv", &[]);
    let mut counts = Vec::new();
    for book in ["graduates.xls", "graduates-book.xlsx"] {
        assert_eq!(gap(&wd, "postings.csv", book, &[]), from_csv, "{book}");
        let report = validate(&wd, "postings.csv", book, &[]);
        let g = input(&report, "graduates").clone();
        counts.push(
            [
                "rows_read",
                "rows_total",
                "rows_rejected",
                "rows_counted",
                "units_read",
            ]
            .map(|k| g[k].clone()),
        );
        let kind = book.rsplit('.').next().unwrap();
        assert_eq!(g["encoding"], format!("{kind} (sheet Lauréats)"), "{g}");
    }
    assert_eq!(counts[0], counts[1]);
    assert_eq!(
        counts[0],
        [6.into(), 1.into(), 0.into(), 4.into(), 78.into()] as [Value; 5]
    );
}

/// A password-protected workbook (`graduates-locked.xlsx`, encrypted by `make_workbooks.py`)
/// and a damaged `.xls` are errors that say what the matter is and what to do.
#[test]
fn a_locked_or_damaged_workbook_says_how_to_fix_it() {
    let wd = Workdir::new();
    wd.standard_inputs();
    wd.fixture("graduates-locked.xlsx");
    let args = |g: &'static str| ["gap", "--postings", "postings.csv", "--graduates", g];
    let err = wd.run(&args("graduates-locked.xlsx")).expect_error(1);
    assert!(
        err.contains(
            "graduates-locked.xlsx: the workbook is protected by a password: open it, remove the \
             password (File > Info > Protect Workbook) and save it again, or export the sheet as CSV"
        ),
        "{err}"
    );
    let mut xls = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/graduates.xls"),
    )
    .unwrap();
    // keep the OLE signature, damage what follows
    for b in xls.iter_mut().skip(512).step_by(7) {
        *b ^= 0x5a;
    }
    wd.write("broken.xls", xls);
    let err = wd.run(&args("broken.xls")).expect_error(1);
    assert!(
        err.contains("broken.xls: cannot be read as an xls workbook"),
        "{err}"
    );
    assert!(
        err.contains("open it and save it again, or export the sheet as CSV"),
        "{err}"
    );
}

/// France Travail's export (`offres.csv`: `dateCreation`, `dateActualisation`, `lieu_libelle`)
/// is read without `--postings-columns`: the same report as with the mapping its README once
/// needed, dated by creation. Every posting was created in 2024 and updated in 2025, so a report
/// of 2024 counts their three vacancies (one each), and 2025 has none.
#[test]
fn a_france_travail_export_needs_no_mapping() {
    let wd = Workdir::new();
    wd.standard_inputs();
    wd.write(
        "offres.csv",
        "id,source_file,intitule,lieu_libelle,codePostal,commune,dateCreation,dateActualisation,entreprise_nom\n\
         FT1,offres.json,Analyste SOC (H/F),Casablanca,,,2024-03-01T09:59:00.878Z,2025-01-13T10:14:30.154Z,Acme\n\
         FT2,offres.json,Développeur Java,Rabat,,,2024-06-05T10:58:59.113Z,2025-02-21T21:45:40.495Z,Beta\n\
         FT3,offres.json,Analyste SOC (H/F),Tanger,,,2024-11-20T19:41:35.000Z,2025-03-20T19:41:35.000Z,Gamma\n",
    );
    let period = |year: &'static str| ["--from", year, "--to", year];
    let plain = gap(&wd, "offres.csv", "graduates.csv", &period("2024"));
    let mapping = [
        "--postings-columns",
        "posted_date=dateCreation,city=lieu_libelle",
    ];
    let mapped = gap(
        &wd,
        "offres.csv",
        "graduates.csv",
        &[&period("2024")[..], &mapping[..]].concat(),
    );
    assert_eq!(plain, mapped);
    let demand = |report: &str| -> u64 {
        let mut rows = csv::Reader::from_reader(report.as_bytes());
        let col = rows
            .headers()
            .unwrap()
            .iter()
            .position(|h| h == "demand")
            .unwrap();
        rows.records()
            .map(|r| r.unwrap()[col].parse::<f64>().unwrap() as u64)
            .sum()
    };
    assert_eq!(demand(&plain), 3, "{plain}");
    // dated by their update, they would all fall in 2025
    let err = wd
        .run(&[
            "gap",
            "--postings",
            "offres.csv",
            "--graduates",
            "graduates.csv",
            "--from",
            "2025",
            "--to",
            "2025",
        ])
        .expect_error(1);
    assert!(err.contains("postings cover 2024"), "{err}");
}
