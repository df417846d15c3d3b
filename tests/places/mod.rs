//! Locations that are not one region, end to end through `gap` and `validate`: the spellings real
//! boards write, with every expected number worked out by hand below.
//!
//! # The postings (all 2025, specialisation `data`)
//!
//! | id  | location cell                                                          | placed                        | vacancies |
//! |-----|------------------------------------------------------------------------|-------------------------------|-----------|
//! | N1  | `Tout le Maroc`                                                        | MA-00                         | 2         |
//! | N2  | `Télétravail` (city cell)                                              | MA-00                         | 1         |
//! | N3  | `Remote, MA`                                                           | MA-00                         | 1         |
//! | N4  | `MA`                                                                   | MA-00                         | 3         |
//! | A1  | `Autres régions - Canada`                                              | abroad CA                     | 2         |
//! | A2  | `Paris, France`                                                        | abroad FR                     | 1         |
//! | A3  | `Nouakchott, Mauritanie`                                               | abroad MR                     | 4         |
//! | S1  | `Agadir - Béni Mellal-Khénifra - Casablanca-Mohammedia - Dakhla -...` | MA-09 MA-05 MA-06 MA-12, 1/4  | 2         |
//! | S2  | `Agadir & Marrakech-Safi`                                              | MA-07 MA-09, 1/2              | 3         |
//! | R1  | `Ouad Ed Dahab et région - Maroc`                                      | MA-12                         | 1         |
//! | N1  | copy of N1 (same id and source)                                        | merged                        | 2         |
//! | S1  | copy of S1 (same id and source)                                        | merged                        | 2         |
//!
//! # The cohorts (2025, field `Data science and analytics`)
//!
//! | region cell         | placed     | graduates |
//! |---------------------|------------|-----------|
//! | `Maroc`             | MA-00      | 4         |
//! | `Casablanca-Settat` | MA-06      | 2         |
//! | `Paris`             | abroad FR  | 5         |
//!
//! # Demand and supply per region (data)
//!
//! | region | demand                          | supply | gap  | ratio | balance          | status   | D+S<10 |
//! |--------|---------------------------------|--------|------|-------|------------------|----------|--------|
//! | MA-00  | 2 + 1 + 1 + 3 = 7               | 4      | 3    | 1.75  | 3/11 = 0.2727    | shortage | no     |
//! | MA-09  | 2/4 + 3/2 = 2                   | 0      | 2    |       | 1                | shortage | yes    |
//! | MA-07  | 3/2 = 1.5                       | 0      | 1.5  |       | 1                | shortage | yes    |
//! | MA-12  | 2/4 + 1 = 1.5                   | 0      | 1.5  |       | 1                | shortage | yes    |
//! | MA-05  | 2/4 = 0.5                       | 0      | 0.5  |       | 1                | shortage | yes    |
//! | MA-06  | 2/4 = 0.5                       | 2      | -1.5 | 0.25  | -1.5/2.5 = -0.6  | surplus  | yes    |
//!
//! MA-07 and MA-12 tie on the gap: the region code orders them. The postings abroad are in no row.

use serde_json::Value;

use crate::workdir::Workdir;

const POSTINGS: &str = "\
posting_id,posted_date,title,specialisation,region,city,vacancies,source,company
N1,2025-03-01,Data analyst,data,Tout le Maroc,,2,rekrute,
N2,2025-03-02,Data analyst,data,,Télétravail,1,rekrute,
N3,2025-03-03,Data analyst,data,\"Remote, MA\",,1,rekrute,
N4,2025-03-04,Data analyst,data,MA,,3,rekrute,
A1,2025-03-05,Data analyst,data,Autres régions - Canada,,2,rekrute,
A2,2025-03-06,Data analyst,data,\"Paris, France\",,1,rekrute,
A3,2025-03-07,Data analyst,data,\"Nouakchott, Mauritanie\",,4,rekrute,
S1,2025-03-08,Data analyst,data,Agadir - Béni Mellal-Khénifra - Casablanca-Mohammedia - Dakhla -...,,2,rekrute,
S2,2025-03-09,Data analyst,data,Agadir & Marrakech-Safi,,3,rekrute,
R1,2025-03-10,Data analyst,data,Ouad Ed Dahab et région - Maroc,,1,rekrute,
N1,2025-03-01,Data analyst,data,Tout le Maroc,,2,rekrute,
S1,2025-03-08,Data analyst,data,Agadir - Béni Mellal-Khénifra - Casablanca-Mohammedia - Dakhla -...,,2,rekrute,
";

const GRADUATES: &str = "\
year,region,institution,field,level,graduates
2025,Maroc,,Data science and analytics,Master,4
2025,Casablanca-Settat,,Data science and analytics,Master,2
2025,Paris,,Data science and analytics,Master,5
";

const HEADER: &str = "region_code,region,specialisation,specialisation_label,demand,supply,gap,\
                      ratio,balance_index,status,low_evidence";

fn workdir() -> Workdir {
    let wd = Workdir::new();
    wd.write("postings.csv", POSTINGS);
    wd.write("graduates.csv", GRADUATES);
    wd
}

/// `skillgap COMMAND` on `postings.csv` and `graduates.csv`, with `extra` arguments.
fn run(wd: &Workdir, command: &str, extra: &[&str]) -> crate::workdir::Run {
    run_on(wd, "postings.csv", command, extra)
}

/// `skillgap COMMAND` on the postings file `postings` and `graduates.csv`.
fn run_on(wd: &Workdir, postings: &str, command: &str, extra: &[&str]) -> crate::workdir::Run {
    let mut args = vec![
        command,
        "--postings",
        postings,
        "--graduates",
        "graduates.csv",
    ];
    args.extend_from_slice(extra);
    wd.run(&args)
}

#[test]
fn national_shared_and_abroad_postings_in_the_ranking() {
    let wd = workdir();
    let out = run(&wd, "gap", &["--format", "csv"]);
    let expected = [
        HEADER,
        "MA-00,National (no region),data,Data science and analytics,7,4,3,1.75,0.2727,shortage,false",
        "MA-09,Souss-Massa,data,Data science and analytics,2,0,2,,1,shortage,true",
        "MA-07,Marrakesh-Safi,data,Data science and analytics,1.5,0,1.5,,1,shortage,true",
        "MA-12,Dakhla-Oued Ed-Dahab,data,Data science and analytics,1.5,0,1.5,,1,shortage,true",
        "MA-05,Beni Mellal-Khenifra,data,Data science and analytics,0.5,0,0.5,,1,shortage,true",
        "MA-06,Casablanca-Settat,data,Data science and analytics,0.5,2,-1.5,0.25,-0.6,surplus,true",
    ];
    assert_eq!(out.expect_success().stdout(), expected.join("\n") + "\n");
    // nothing abroad is ranked, even with the unmapped rows shown
    let out = run(&wd, "gap", &["--format", "csv", "--show-unmapped"]);
    assert_eq!(out.expect_success().stdout(), expected.join("\n") + "\n");
}

/// The national total counts MA-00 and the shares, whole: D = 7 + 2 + 1.5 + 1.5 + 0.5 + 0.5 = 13
/// (the 13 vacancies of N1-N4, S1, S2 and R1), S = 4 + 2 = 6, gap 7, ratio 13/6 = 2.1667, balance
/// 7/19 = 0.3684; the same in `--by specialisation` and in the subtotals of `--totals`.
#[test]
fn the_national_view_counts_national_and_shared_postings_once() {
    let wd = workdir();
    let out = run(&wd, "gap", &["--format", "csv", "--by", "specialisation"]);
    assert_eq!(
        out.expect_success().stdout(),
        "specialisation,specialisation_label,demand,supply,gap,ratio,balance_index,status,\
         low_evidence\ndata,Data science and analytics,13,6,7,2.1667,0.3684,shortage,false\n"
    );
    // the subtotals add the same: the national total is 13 and 6
    let out = run(&wd, "gap", &["--format", "csv", "--totals"]);
    let text = out.expect_success().stdout();
    assert!(
        text.ends_with(
            "total,All regions,total,All specialisations,13,6,7,2.1667,0.3684,shortage,false\n"
        ),
        "{text}"
    );
    // MA-00 is the first column of the heatmap, as codes sort
    let out = run(&wd, "gap", &["--format", "html"]);
    let html = out.expect_success().stdout();
    let first = html.find("<th title=\"MA-").map(|i| &html[i..i + 18]);
    assert_eq!(first, Some("<th title=\"MA-00\">"));
    // the region totals: MA-00 is a region among the others, in French too
    let out = run(
        &wd,
        "gap",
        &["--format", "csv", "--by", "region", "--lang", "fr"],
    );
    let text = out.expect_success().stdout();
    assert!(
        text.contains("MA-00,National (sans région),7,4,3,1.75,0.2727,shortage,false"),
        "{text}"
    );
}

/// Postings: 12 rows read (24 vacancies) = 7 counted (13) + 3 abroad (2 + 1 + 4 = 7) + 2 duplicates
/// merged (N1 and S1 again: 2 + 2 = 4); of the counted, S1 and S2 are shared (2 + 3 = 5).
/// Cohorts: 3 read (11 graduates) = 2 counted (6) + 1 abroad (5).
#[test]
fn the_quality_summary_reconciles_abroad_and_shared_postings() {
    let wd = workdir();
    let out = run(&wd, "validate", &["--format", "json"]);
    let v: Value = out.expect_success().json();
    let p = &v["inputs"][0];
    for (key, want) in [
        ("rows_read", 12),
        ("rows_counted", 7),
        ("rows_split", 2),
        ("rows_unmapped", 0),
        ("rows_abroad", 3),
        ("rows_rejected", 0),
        ("rows_duplicate", 2),
        ("duplicates_same_id", 2),
        ("units_read", 24),
        ("units_counted", 13),
        ("units_split", 5),
        ("units_abroad", 7),
        ("units_duplicate", 4),
    ] {
        assert_eq!(p[key], want, "postings {key}: {p}");
    }
    let g = &v["inputs"][1];
    for (key, want) in [
        ("rows_read", 3),
        ("rows_counted", 2),
        ("rows_abroad", 1),
        ("units_read", 11),
        ("units_counted", 6),
        ("units_abroad", 5),
    ] {
        assert_eq!(g[key], want, "graduates {key}: {g}");
    }
    // per country, most units first
    let abroad: Vec<(String, String, u64, u64)> = v["abroad"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["input"].as_str().unwrap().to_string(),
                a["countries"][0].as_str().unwrap().to_string(),
                a["rows"].as_u64().unwrap(),
                a["units"].as_u64().unwrap(),
            )
        })
        .collect();
    let expected = [
        ("graduates", "FR", 1, 5),
        ("postings", "MR", 1, 4),
        ("postings", "CA", 1, 2),
        ("postings", "FR", 1, 1),
    ];
    let expected: Vec<(String, String, u64, u64)> = expected
        .iter()
        .map(|(i, c, r, u)| (i.to_string(), c.to_string(), *r, *u))
        .collect();
    assert_eq!(abroad, expected);
    // nothing is left to teach the taxonomy
    assert_eq!(v["unmapped"], serde_json::json!([]));
}

#[test]
fn validate_lists_abroad_per_country_and_the_shared_postings() {
    let wd = workdir();
    run(&wd, "validate", &["--unmapped", "todo.csv"])
        .expect_success()
        .expect_stdout_contains(&[
            "Read = counted + unmapped + abroad + rejected + outside period + duplicates merged",
            "postings: 2 counted rows name several regions: their 5 vacancies are shared equally",
            "Abroad (not counted",
            "│ postings  ┆ MR      ┆ 1    ┆ 4     │",
            "│ graduates ┆ FR      ┆ 1    ┆ 5     │",
        ]);
    // only ambiguous and unknown labels are unplaced: none here
    assert_eq!(
        wd.read("todo.csv"),
        "kind,alias,target,rows,units,suggestion,column,reason\n"
    );
}

/// The footer names the rows abroad, after the unmapped ones, only when there are some.
#[test]
fn the_footer_counts_abroad_only_when_there_are_some() {
    let wd = workdir();
    let out = run(&wd, "gap", &["--format", "csv"]);
    assert_eq!(
        out.expect_success().stderr().trim_end(),
        "skillgap: 2025: postings: 12 rows read, 7 counted, 0 unmapped, 3 abroad, 0 rejected, 2 \
         duplicates merged (2 same id); graduates: 3 rows read, 2 counted, 0 unmapped, 1 abroad, 0 \
         rejected"
    );
    wd.write(
        "home.csv",
        "posting_id,posted_date,title,specialisation,region,city,vacancies,source,company\n\
         H1,2025-03-01,Data analyst,data,Maroc,,2,rekrute,\n",
    );
    let out = run_on(&wd, "home.csv", "gap", &["--format", "csv"]);
    assert_eq!(
        out.expect_success().stderr().trim_end(),
        "skillgap: 2025: postings: 1 rows read, 1 counted, 0 unmapped, 0 rejected; graduates: 3 \
         rows read, 2 counted, 0 unmapped, 1 abroad, 0 rejected"
    );
}
