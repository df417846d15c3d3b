//! Integration tests: the real `skillgap` binary on small fixtures, each in its own temporary
//! directory. Every expected number is worked out by hand below, from the fixtures and the default
//! taxonomy, never copied from the program's output.
//!
//! # The standard fixtures
//!
//! `tests/fixtures/postings.csv` (line 1 is the header):
//!
//! | line | id  | year | specialisation (how)              | region (how)                          | vacancies        |
//! |------|-----|------|-----------------------------------|---------------------------------------|------------------|
//! | 2    | P01 | 2025 | cybersecurity (cell)              | MA-06 (region cell)                   | 6                |
//! | 3    | P02 | 2025 | software-development (cell)       | MA-06 (city Casablanca)               | 4                |
//! | 4    | P03 | 2025 | devops (title "Ingénieur DevOps") | MA-06 ("Casablanca et région - Maroc")| empty = 1        |
//! | 5    | P04 | 2025 | web-development (cell)            | MA-04 (city Rabat)                    | 2                |
//! | 6    | P05 | 2025 | data (cell)                       | MA-07 (city Marrakech)                | 2                |
//! | 7    | P06 | 2025 | data (cell)                       | unmapped ("Atlantide")                | 3                |
//! | 8    | P07 | 2024 | cybersecurity (cell)              | MA-06 (region cell)                   | 10               |
//! | 9    | P08 | -    | rejected: date 2025-02-30         |                                       | (1, readable)    |
//! | 10   | P09 | -    | rejected: vacancies -2            |                                       | (0, unreadable)  |
//! | 11   | P10 | -    | rejected: vacancies "beaucoup"    |                                       | (0, unreadable)  |
//! | 12   | P11 | -    | rejected: 5 fields instead of 7   |                                       | (0, unreadable)  |
//!
//! `tests/fixtures/graduates.csv`:
//!
//! | line | year | region | field                                            | graduates |
//! |------|------|--------|--------------------------------------------------|-----------|
//! | 2    | 2025 | MA-06  | Génie informatique (split, see below)            | 20        |
//! | 3    | 2025 | MA-04  | Développement digital option web full stack (web 1) | 10     |
//! | 4    | 2025 | MA-04  | Infrastructure digitale option cloud computing (cloud 1) | 1 |
//! | 5    | 2024 | MA-06  | Génie informatique                               | 40        |
//! | 6    | 2025 | MA-06  | Philosophie (unmapped field)                     | 7         |
//!
//! `taxonomy/crosswalk.csv` splits "Génie informatique" as software-development 0.4,
//! web-development 0.15, data 0.1, cybersecurity 0.1, networks-telecoms 0.1, cloud 0.05,
//! devops 0.05, software-testing 0.05 (sum 1). For its 20 graduates of 2025 in MA-06 that is
//! software-development 8, web-development 3, data 2, cybersecurity 2, networks-telecoms 2,
//! cloud 1, devops 1, software-testing 1.
//!
//! The default period is 2025: the latest year present in both files (both have 2024 and 2025).

mod workdir;

/// The HTML report in headless Chromium.
mod browser;
/// `skillgap run` job files and the manifest.
#[path = "jobs/run.rs"]
mod jobs;
mod props;
/// Demand and supply against an independent computation on generated data.
mod scale;

// duplicate postings and several postings files
mod dedup;
/// The command line and a job file give the same bytes for the same settings.
mod doors;
/// Assumptions, intervals, ratings and location quotients, worked by hand.
mod indicators;
/// Inputs broken the way real exports break.
mod ingest;
/// Workbooks, JSON and NDJSON inputs.
mod inputs;
/// Parquet inputs written here, and `--format parquet` read back.
mod parquet;
/// The bytes of every format, pinned by checksum.
mod pinned;
/// National, abroad and shared postings, on the spellings real boards write.
mod places;
/// Outputs, signals, concurrency and hostile input: the promises of RELIABILITY.md.
mod reliability;
/// `skillgap skills`: skills per cell, curricula, errors.
mod skills;
/// `skillgap trend` on a fixture worked out by hand.
mod trend;

use serde_json::{json, Value};
use workdir::Workdir;

const HEADER: &str = "region_code,region,specialisation,specialisation_label,demand,supply,gap,\
                      ratio,balance_index,status,low_evidence";

/// `gap` on the standard fixtures with extra arguments.
fn gap(wd: &Workdir, extra: &[&str]) -> workdir::Run {
    let mut args = vec![
        "gap",
        "--postings",
        "postings.csv",
        "--graduates",
        "graduates.csv",
    ];
    args.extend_from_slice(extra);
    wd.run(&args)
}

/// Lines of a CSV text joined with newlines, with the trailing newline the writer adds.
fn lines(ls: &[&str]) -> String {
    let mut s = ls.join("\n");
    s.push('\n');
    s
}

// ---------------------------------------------------------------------------------------------
// The gap report: numbers, metrics, statuses
// ---------------------------------------------------------------------------------------------

/// 2025, by region and specialisation, mapped rows only (P06 and Philosophie are unmapped).
///
/// | region/spec            | D (vacancies) | S (graduates)     | gap | ratio D/S | balance (D−S)/(D+S) | status   | D+S<10 |
/// |------------------------|---------------|-------------------|-----|-----------|---------------------|----------|--------|
/// | MA-06 cybersecurity    | 6             | 20×0.1 = 2        | 4   | 3         | 4/8 = 0.5           | shortage | 8 yes  |
/// | MA-07 data             | 2             | 0                 | 2   | (empty)   | 2/2 = 1             | shortage | 2 yes  |
/// | MA-06 devops           | 1 (empty=1)   | 20×0.05 = 1       | 0   | 1         | 0                   | balanced | 2 yes  |
/// | MA-04 cloud            | 0             | 1                 | -1  | 0         | -1                  | surplus  | yes    |
/// | MA-06 cloud            | 0             | 20×0.05 = 1       | -1  | 0         | -1                  | surplus  | yes    |
/// | MA-06 software-testing | 0             | 20×0.05 = 1       | -1  | 0         | -1                  | surplus  | yes    |
/// | MA-06 data             | 0             | 20×0.1 = 2        | -2  | 0         | -1                  | surplus  | yes    |
/// | MA-06 networks-telecoms| 0             | 20×0.1 = 2        | -2  | 0         | -1                  | surplus  | yes    |
/// | MA-06 web-development  | 0             | 20×0.15 = 3       | -3  | 0         | -1                  | surplus  | yes    |
/// | MA-06 software-dev.    | 4             | 20×0.4 = 8        | -4  | 0.5       | -4/12 = -0.3333     | surplus  | 12 no  |
/// | MA-04 web-development  | 2             | 10                | -8  | 0.2       | -8/12 = -0.6667     | surplus  | 12 no  |
///
/// Ranked by gap descending; the three rows at -1 are ordered by region code (MA-04 before MA-06)
/// then by specialisation id (cloud before software-testing); same for the two rows at -2.
const DEFAULT_2025: &[&str] = &[
    HEADER,
    "MA-06,Casablanca-Settat,cybersecurity,Cybersecurity,6,2,4,3,0.5,shortage,true",
    "MA-07,Marrakesh-Safi,data,Data science and analytics,2,0,2,,1,shortage,true",
    "MA-06,Casablanca-Settat,devops,DevOps,1,1,0,1,0,balanced,true",
    "MA-04,Rabat-Sale-Kenitra,cloud,Cloud computing,0,1,-1,0,-1,surplus,true",
    "MA-06,Casablanca-Settat,cloud,Cloud computing,0,1,-1,0,-1,surplus,true",
    "MA-06,Casablanca-Settat,software-testing,Software testing and QA,0,1,-1,0,-1,surplus,true",
    "MA-06,Casablanca-Settat,data,Data science and analytics,0,2,-2,0,-1,surplus,true",
    "MA-06,Casablanca-Settat,networks-telecoms,Networks and telecommunications,0,2,-2,0,-1,surplus,true",
    "MA-06,Casablanca-Settat,web-development,Web development,0,3,-3,0,-1,surplus,true",
    "MA-06,Casablanca-Settat,software-development,Software development,4,8,-4,0.5,-0.3333,surplus,false",
    "MA-04,Rabat-Sale-Kenitra,web-development,Web development,2,10,-8,0.2,-0.6667,surplus,false",
];

#[test]
fn gap_default_period_by_region_and_specialisation() {
    let wd = Workdir::new();
    wd.standard_inputs();
    gap(&wd, &["--format", "csv"])
        .expect_success()
        .expect_stdout(&lines(DEFAULT_2025));
}

#[test]
fn gap_csv_is_the_default_format_when_stdout_is_not_a_terminal() {
    let wd = Workdir::new();
    wd.standard_inputs();
    gap(&wd, &[])
        .expect_success()
        .expect_stdout(&lines(DEFAULT_2025));
}

#[test]
fn gap_explicit_year_matches_default_period() {
    let wd = Workdir::new();
    wd.standard_inputs();
    // 2025 is the latest common year, so --year 2025 is the default report
    gap(&wd, &["--year", "2025"])
        .expect_success()
        .expect_stdout(&lines(DEFAULT_2025));
}

#[test]
fn gap_single_earlier_year() {
    let wd = Workdir::new();
    wd.standard_inputs();
    // 2024: postings P07 only (MA-06 cybersecurity, 10); graduates 40 of Génie informatique in
    // MA-06: sw 16, web 6, data 4, cyber 4, networks 4, cloud 2, devops 2, testing 2.
    // MA-06 cybersecurity: D 10, S 4, gap 6, ratio 2.5, balance 6/14 = 0.428571 -> 0.4286,
    // D+S = 14 >= 10 so not low evidence. It ranks first; the rest are supply-only surpluses.
    let out = gap(&wd, &["--year", "2024", "--top", "2"]);
    out.expect_success().expect_stdout(&lines(&[
        HEADER,
        "MA-06,Casablanca-Settat,cybersecurity,Cybersecurity,10,4,6,2.5,0.4286,shortage,false",
        // next: the smallest surpluses, cloud/devops/software-testing at -2, by id
        "MA-06,Casablanca-Settat,cloud,Cloud computing,0,2,-2,0,-1,surplus,true",
    ]));
}

#[test]
fn gap_from_to_averages_over_the_years() {
    let wd = Workdir::new();
    wd.standard_inputs();
    // 2024-2025, 2 years; every total is divided by 2.
    // MA-06 cybersecurity: D (6 + 10)/2 = 8; S (20 + 40) × 0.1 / 2 = 3; gap 5;
    //   ratio 16/6 = 2.6667; balance (16-6)/(16+6) = 10/22 = 0.4545; D+S = 11 -> not low.
    // MA-07 data: D 2/2 = 1; S 0; gap 1; ratio empty; balance 1.
    // MA-06 devops: D 1/2 = 0.5; S 60 × 0.05 / 2 = 1.5; gap -1; ratio 1/3 = 0.3333; balance -0.5.
    // MA-04 cloud: D 0; S 1/2 = 0.5; gap -0.5.
    let out = gap(&wd, &["--from", "2024", "--to", "2025", "--top", "4"]);
    out.expect_success().expect_stdout(&lines(&[
        HEADER,
        "MA-06,Casablanca-Settat,cybersecurity,Cybersecurity,8,3,5,2.6667,0.4545,shortage,false",
        "MA-07,Marrakesh-Safi,data,Data science and analytics,1,0,1,,1,shortage,true",
        "MA-04,Rabat-Sale-Kenitra,cloud,Cloud computing,0,0.5,-0.5,0,-1,surplus,true",
        "MA-06,Casablanca-Settat,devops,DevOps,0.5,1.5,-1,0.3333,-0.5,surplus,true",
    ]));
}

#[test]
fn gap_three_year_period_rounds_averages_to_two_decimals() {
    let wd = Workdir::new();
    wd.standard_inputs();
    // 2023-2025, 3 years (2023 has no rows but the period still averages over 3).
    // MA-06 cybersecurity: D 16/3 = 5.333.. -> 5.33; S 6/3 = 2; gap of the shown values
    //   5.33 - 2 = 3.33; ratio 16/6 = 2.6667; balance 10/22 = 0.4545; D+S = 7.33 < 10 -> low.
    let out = gap(&wd, &["--from", "2023", "--to", "2025", "--top", "1"]);
    out.expect_success().expect_stdout(&lines(&[
        HEADER,
        "MA-06,Casablanca-Settat,cybersecurity,Cybersecurity,5.33,2,3.33,2.6667,0.4545,shortage,true",
    ]));
    let report = gap(&wd, &["--from", "2023", "--to", "2025", "--format", "json"]);
    let v = report.expect_success().json();
    assert_eq!(v["params"]["years"], json!(3));
    assert_eq!(v["params"]["period_from"], json!(2023));
    assert_eq!(v["params"]["period_to"], json!(2025));
}

#[test]
fn gap_top_keeps_the_first_rows() {
    let wd = Workdir::new();
    wd.standard_inputs();
    gap(&wd, &["--top", "3"])
        .expect_success()
        .expect_stdout(&lines(&DEFAULT_2025[..4]));
}

#[test]
fn gap_sort_ratio_puts_undefined_ratio_first() {
    let wd = Workdir::new();
    wd.standard_inputs();
    // Ratios from DEFAULT_2025: MA-07 data undefined (demand, no supply) first, then 3, 1, 0.5,
    // 0.2, then the six rows at 0 in gap order (-1, -1, -1, -2, -2, -3) with the usual tie-breaks.
    let out = gap(&wd, &["--sort", "ratio"]);
    out.expect_success().expect_stdout(&lines(&[
        HEADER,
        "MA-07,Marrakesh-Safi,data,Data science and analytics,2,0,2,,1,shortage,true",
        "MA-06,Casablanca-Settat,cybersecurity,Cybersecurity,6,2,4,3,0.5,shortage,true",
        "MA-06,Casablanca-Settat,devops,DevOps,1,1,0,1,0,balanced,true",
        "MA-06,Casablanca-Settat,software-development,Software development,4,8,-4,0.5,-0.3333,surplus,false",
        "MA-04,Rabat-Sale-Kenitra,web-development,Web development,2,10,-8,0.2,-0.6667,surplus,false",
        "MA-04,Rabat-Sale-Kenitra,cloud,Cloud computing,0,1,-1,0,-1,surplus,true",
        "MA-06,Casablanca-Settat,cloud,Cloud computing,0,1,-1,0,-1,surplus,true",
        "MA-06,Casablanca-Settat,software-testing,Software testing and QA,0,1,-1,0,-1,surplus,true",
        "MA-06,Casablanca-Settat,data,Data science and analytics,0,2,-2,0,-1,surplus,true",
        "MA-06,Casablanca-Settat,networks-telecoms,Networks and telecommunications,0,2,-2,0,-1,surplus,true",
        "MA-06,Casablanca-Settat,web-development,Web development,0,3,-3,0,-1,surplus,true",
    ]));
}

#[test]
fn gap_sort_balance() {
    let wd = Workdir::new();
    wd.standard_inputs();
    // Balance from DEFAULT_2025: 1, 0.5, 0, -0.3333, -0.6667, then the -1 rows in gap order.
    gap(&wd, &["--sort", "balance", "--top", "6"])
        .expect_success()
        .expect_stdout(&lines(&[
            HEADER,
            "MA-07,Marrakesh-Safi,data,Data science and analytics,2,0,2,,1,shortage,true",
            "MA-06,Casablanca-Settat,cybersecurity,Cybersecurity,6,2,4,3,0.5,shortage,true",
            "MA-06,Casablanca-Settat,devops,DevOps,1,1,0,1,0,balanced,true",
            "MA-06,Casablanca-Settat,software-development,Software development,4,8,-4,0.5,-0.3333,surplus,false",
            "MA-04,Rabat-Sale-Kenitra,web-development,Web development,2,10,-8,0.2,-0.6667,surplus,false",
            "MA-04,Rabat-Sale-Kenitra,cloud,Cloud computing,0,1,-1,0,-1,surplus,true",
        ]));
}

#[test]
fn gap_threshold_is_strict() {
    let wd = Workdir::new();
    wd.standard_inputs();
    // --threshold 0.5: MA-06 cybersecurity's balance is exactly 0.5, which is not > 0.5, so it is
    // balanced; MA-06 software-development's -0.3333 is within ±0.5, balanced too; MA-04
    // web-development's -0.6667 stays a surplus; MA-07 data's 1 stays a shortage.
    let out = gap(
        &wd,
        &["--threshold", "0.5", "--sort", "balance", "--top", "5"],
    );
    out.expect_success().expect_stdout(&lines(&[
        HEADER,
        "MA-07,Marrakesh-Safi,data,Data science and analytics,2,0,2,,1,shortage,true",
        "MA-06,Casablanca-Settat,cybersecurity,Cybersecurity,6,2,4,3,0.5,balanced,true",
        "MA-06,Casablanca-Settat,devops,DevOps,1,1,0,1,0,balanced,true",
        "MA-06,Casablanca-Settat,software-development,Software development,4,8,-4,0.5,-0.3333,balanced,false",
        "MA-04,Rabat-Sale-Kenitra,web-development,Web development,2,10,-8,0.2,-0.6667,surplus,false",
    ]));
}

#[test]
fn gap_min_count_sets_low_evidence() {
    let wd = Workdir::new();
    wd.standard_inputs();
    // --min-count 8: cybersecurity has D+S = 6+2 = 8, not below 8 -> false; MA-07 data has 2 -> true.
    gap(&wd, &["--min-count", "8", "--top", "2"])
        .expect_success()
        .expect_stdout(&lines(&[
            HEADER,
            "MA-06,Casablanca-Settat,cybersecurity,Cybersecurity,6,2,4,3,0.5,shortage,false",
            "MA-07,Marrakesh-Safi,data,Data science and analytics,2,0,2,,1,shortage,true",
        ]));
}

#[test]
fn gap_by_specialisation_drops_region_columns() {
    let wd = Workdir::new();
    wd.standard_inputs();
    // Not grouping by region, P06 (region unmapped, data, 3) counts: only grouped labels matter.
    // cybersecurity: D 6, S 2 -> gap 4, ratio 3, balance 0.5.
    // data: D 2 (P05) + 3 (P06) = 5; S 2 -> gap 3; ratio 2.5; balance 3/7 = 0.4286; 7 < 10 low.
    // devops: 1, 1 -> 0.
    // software-testing: 0, 1 -> -1.
    // cloud: 0, 1 (MA-06) + 1 (MA-04) = 2 -> -2; networks-telecoms: 0, 2 -> -2 (cloud < networks).
    // software-development: 4, 8 -> -4, 0.5, -0.3333.
    // web-development: D 2; S 3 + 10 = 13 -> gap -11; ratio 2/13 = 0.1538;
    //   balance -11/15 = -0.7333; 15 -> not low.
    // Philosophie (unmapped field) is not ranked.
    gap(&wd, &["--by", "specialisation"])
        .expect_success()
        .expect_stdout(&lines(&[
            "specialisation,specialisation_label,demand,supply,gap,ratio,balance_index,status,low_evidence",
            "cybersecurity,Cybersecurity,6,2,4,3,0.5,shortage,true",
            "data,Data science and analytics,5,2,3,2.5,0.4286,shortage,true",
            "devops,DevOps,1,1,0,1,0,balanced,true",
            "software-testing,Software testing and QA,0,1,-1,0,-1,surplus,true",
            "cloud,Cloud computing,0,2,-2,0,-1,surplus,true",
            "networks-telecoms,Networks and telecommunications,0,2,-2,0,-1,surplus,true",
            "software-development,Software development,4,8,-4,0.5,-0.3333,surplus,false",
            "web-development,Web development,2,13,-11,0.1538,-0.7333,surplus,false",
        ]));
}

#[test]
fn gap_by_region_drops_specialisation_columns() {
    let wd = Workdir::new();
    wd.standard_inputs();
    // Not grouping by specialisation, Philosophie (7 graduates, MA-06) counts; P06 (region
    // unmapped) does not.
    // MA-07: D 2, S 0 -> gap 2, ratio empty, balance 1, low.
    // MA-04: D 2 (P04); S 10 + 1 = 11 -> gap -9; ratio 2/11 = 0.1818; balance -9/13 = -0.6923.
    // MA-06: D 6 + 4 + 1 = 11; S 20 + 7 = 27 -> gap -16; ratio 11/27 = 0.4074;
    //   balance -16/38 = -0.4211.
    gap(&wd, &["--by", "region"])
        .expect_success()
        .expect_stdout(&lines(&[
            "region_code,region,demand,supply,gap,ratio,balance_index,status,low_evidence",
            "MA-07,Marrakesh-Safi,2,0,2,,1,shortage,true",
            "MA-04,Rabat-Sale-Kenitra,2,11,-9,0.1818,-0.6923,surplus,false",
            "MA-06,Casablanca-Settat,11,27,-16,0.4074,-0.4211,surplus,false",
        ]));
}

#[test]
fn gap_show_unmapped_ranks_unmapped_rows() {
    let wd = Workdir::new();
    wd.standard_inputs();
    // With --show-unmapped two more rows appear:
    //   (unmapped region, data): D 3 (P06), S 0 -> gap 3, ratio empty, balance 1; between
    //     cybersecurity (4) and MA-07 data (2).
    //   (MA-06, unmapped field): D 0, S 7 (Philosophie) -> gap -7; between MA-06
    //     software-development (-4) and MA-04 web-development (-8).
    let out = gap(&wd, &["--show-unmapped"]);
    out.expect_success();
    let csv = out.stdout();
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 1 + 11 + 2, "{csv}");
    assert_eq!(
        rows[2],
        "unmapped,unmapped,data,Data science and analytics,3,0,3,,1,shortage,true"
    );
    assert_eq!(
        rows[12],
        "MA-06,Casablanca-Settat,unmapped,unmapped,0,7,-7,0,-1,surplus,true"
    );
    // without the flag, no `unmapped` code appears
    let plain = gap(&wd, &[]);
    assert!(!plain.expect_success().stdout().contains("unmapped"));
}

#[test]
fn gap_json_report_has_rows_params_and_reconciled_quality() {
    let wd = Workdir::new();
    wd.standard_inputs();
    let v = gap(&wd, &["--format", "json"]).expect_success().json();
    assert_eq!(v["schema_version"], json!(1));
    assert_eq!(v["params"]["period_from"], json!(2025));
    assert_eq!(v["params"]["period_to"], json!(2025));
    assert_eq!(v["params"]["years"], json!(1));
    assert_eq!(v["params"]["by"], json!(["region", "specialisation"]));
    let rows = v["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 11);
    // first row as in DEFAULT_2025
    let r = &rows[0];
    assert_eq!(r["rank"], json!(1));
    assert_eq!(r["region_code"], json!("MA-06"));
    assert_eq!(r["specialisation"], json!("cybersecurity"));
    assert_eq!(r["demand"].as_f64(), Some(6.0));
    assert_eq!(r["supply"].as_f64(), Some(2.0));
    assert_eq!(r["gap"].as_f64(), Some(4.0));
    assert_eq!(r["ratio"].as_f64(), Some(3.0));
    assert_eq!(r["balance_index"].as_f64(), Some(0.5));
    assert_eq!(r["status"], json!("shortage"));
    assert_eq!(r["low_evidence"], json!(true));
    // MA-07 data: ratio undefined is null
    assert_eq!(rows[1]["ratio"], Value::Null);
    // gap = demand - supply on every row
    for r in rows {
        let (d, s, g) = (
            r["demand"].as_f64().unwrap(),
            r["supply"].as_f64().unwrap(),
            r["gap"].as_f64().unwrap(),
        );
        assert!((d - s - g).abs() < 1e-9, "{r}");
    }

    // Postings in 2025: counted P01..P05 = 5 rows, 6+4+1+2+2 = 15 vacancies; unmapped P06 = 1 row,
    // 3; rejected P08..P11 = 4 rows, 1 vacancy (only P08's count is readable); outside the period
    // P07 = 1 row, 10. Read: 11 rows, 15+3+1+10 = 29 vacancies.
    // Graduates in 2025: counted lines 2-4 = 3 rows, 20+10+1 = 31; unmapped Philosophie = 1 row, 7;
    // rejected none; outside the period the 2024 row, 40. Read: 5 rows, 78 graduates.
    let inputs = v["quality"]["inputs"].as_array().expect("quality.inputs");
    let expected = [
        (
            "postings",
            "vacancies",
            [11, 5, 1, 4, 1],
            [29, 15, 3, 1, 10],
        ),
        (
            "graduates",
            "graduates",
            [5, 3, 1, 0, 1],
            [78, 31, 7, 0, 40],
        ),
    ];
    for (q, (input, unit, rows, units)) in inputs.iter().zip(expected) {
        assert_eq!(q["input"], json!(input));
        assert_eq!(q["unit"], json!(unit));
        let got = |k: &str| q[k].as_u64().unwrap_or_else(|| panic!("{k} in {q}"));
        let kinds = ["read", "counted", "unmapped", "rejected", "outside_period"];
        for (i, kind) in kinds.iter().enumerate() {
            assert_eq!(got(&format!("rows_{kind}")), rows[i], "{input} rows_{kind}");
            assert_eq!(
                got(&format!("units_{kind}")),
                units[i],
                "{input} units_{kind}"
            );
        }
        // and they reconcile
        for what in ["rows", "units"] {
            let parts: u64 = kinds[1..].iter().map(|k| got(&format!("{what}_{k}"))).sum();
            assert_eq!(got(&format!("{what}_read")), parts, "{input} {what}");
        }
    }
}

#[test]
fn gap_table_format_shows_the_rows() {
    let wd = Workdir::new();
    wd.standard_inputs();
    let out = gap(&wd, &["--format", "table", "--top", "2"]);
    let text = out.expect_success().stdout();
    for needle in [
        "Demand/yr",
        "Supply/yr",
        "Casablanca-Settat",
        "Cybersecurity",
    ] {
        if !text.contains(needle) {
            out.fail(&format!("table lacks {needle:?}"));
        }
    }
    // --top 2: MA-07 data is in, MA-06 devops (third) is not
    assert!(text.contains("Marrakesh-Safi"));
    assert!(!text.contains("DevOps"));
}

#[test]
fn gap_lang_fr_uses_french_labels() {
    let wd = Workdir::new();
    wd.standard_inputs();
    // regions.csv / specialisations.csv: MA-06's French name is the same, cybersecurity is
    // "Cybersécurité".
    gap(&wd, &["--lang", "fr", "--top", "1"])
        .expect_success()
        .expect_stdout(&lines(&[
            HEADER,
            "MA-06,Casablanca-Settat,cybersecurity,Cybersécurité,6,2,4,3,0.5,shortage,true",
        ]));
}

// ---------------------------------------------------------------------------------------------
// Placing labels: regions from cities and free text, specialisations from titles
// ---------------------------------------------------------------------------------------------

const ONE_GRADUATE_ROW: &str = "year,region,field,graduates\n2025,MA-06,Génie informatique,20\n";

#[test]
fn posting_region_falls_back_to_city_and_free_text() {
    let wd = Workdir::new();
    // Region cells empty; cities: Casablanca (city) and a job-board location text that contains it.
    // Both land in MA-06 software-development: D = 2 + 3 = 5; S = 20 × 0.4 = 8; gap -3.
    wd.write(
        "postings.csv",
        "date,specialisation,region,city,vacancies\n\
         2025-01-01,software-development,,Casablanca,2\n\
         2025-01-02,software-development,,Casablanca et région - Maroc,3\n",
    );
    wd.write("graduates.csv", ONE_GRADUATE_ROW);
    let out = gap(&wd, &["--by", "region,specialisation", "--top", "20"]);
    let csv = out.expect_success().stdout();
    assert!(
        csv.lines().any(|l| l
            == "MA-06,Casablanca-Settat,software-development,Software development,5,8,-3,0.625,-0.2308,surplus,false"),
        // ratio 5/8 = 0.625; balance -3/13 = -0.230769 -> -0.2308
        "{csv}"
    );
}

#[test]
fn title_only_posting_is_classified_by_keywords() {
    let wd = Workdir::new();
    // No specialisation column: "Ingénieur DevOps (H/F)" -> devops through keywords.csv.
    // D = 4; S = 20 × 0.05 = 1; gap 3; ratio 4; balance 3/5 = 0.6.
    wd.write(
        "postings.csv",
        "date,title,region,vacancies\n2025-03-01,Ingénieur DevOps (H/F),Casablanca-Settat,4\n",
    );
    wd.write("graduates.csv", ONE_GRADUATE_ROW);
    gap(&wd, &["--top", "1"])
        .expect_success()
        .expect_stdout(&lines(&[
            HEADER,
            "MA-06,Casablanca-Settat,devops,DevOps,4,1,3,4,0.6,shortage,true",
        ]));
}

#[test]
fn french_headers_and_semicolons() {
    let wd = Workdir::new();
    wd.fixture("postings_fr.csv");
    wd.fixture("graduates_fr.csv");
    // postings_fr.csv: no specialisation column, titles classified by keywords;
    //   14/03/2025 "Ingénieur DevOps (H/F)", city Casablanca, 2 -> MA-06 devops 2
    //   15/03/2025 "Consultant cybersécurité", region Rabat-Salé-Kénitra, 3 -> MA-04 cybersecurity 3
    // graduates_fr.csv: 2025, MA-04, "Infrastructure digitale option cybersécurité" (weight 1), 1.
    // MA-04 cybersecurity: D 3, S 1, gap 2, ratio 3, balance 2/4 = 0.5.
    // MA-06 devops: D 2, S 0, gap 2, ratio empty, balance 1.
    // Tie at gap 2: MA-04 before MA-06.
    wd.run(&[
        "gap",
        "--postings",
        "postings_fr.csv",
        "--graduates",
        "graduates_fr.csv",
    ])
    .expect_success()
    .expect_stdout(&lines(&[
        HEADER,
        "MA-04,Rabat-Sale-Kenitra,cybersecurity,Cybersecurity,3,1,2,3,0.5,shortage,true",
        "MA-06,Casablanca-Settat,devops,DevOps,2,0,2,,1,shortage,true",
    ]));
}

#[test]
fn postings_from_stdin() {
    let wd = Workdir::new();
    wd.standard_inputs();
    let piped = wd.read("postings.csv");
    wd.run_with_stdin(
        &["gap", "--postings", "-", "--graduates", "graduates.csv"],
        piped,
    )
    .expect_success()
    .expect_stdout(&lines(DEFAULT_2025));
}

#[test]
fn graduates_from_stdin() {
    let wd = Workdir::new();
    wd.standard_inputs();
    let piped = wd.read("graduates.csv");
    wd.run_with_stdin(
        &["gap", "--postings", "postings.csv", "--graduates", "-"],
        piped,
    )
    .expect_success()
    .expect_stdout(&lines(DEFAULT_2025));
}

#[test]
fn both_inputs_on_stdin_is_a_usage_error() {
    let wd = Workdir::new();
    let err = wd
        .run(&["gap", "--postings", "-", "--graduates", "-"])
        .expect_error(2);
    assert!(err.contains("stdin"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// validate: rejects, unmapped labels, exit status
// ---------------------------------------------------------------------------------------------

#[test]
fn validate_exits_3_and_lists_rejects_and_unmapped_labels() {
    let wd = Workdir::new();
    wd.standard_inputs();
    let out = wd.run(&[
        "validate",
        "--postings",
        "postings.csv",
        "--graduates",
        "graduates.csv",
    ]);
    let text = out.expect_code(3).stdout();
    for needle in [
        "2025-02-30",
        "invalid date",
        "invalid vacancies",
        "wrong number of fields",
        "Atlantide",
        "Philosophie",
    ] {
        if !text.contains(needle) {
            out.fail(&format!("validate output lacks {needle:?}"));
        }
    }
}

#[test]
fn validate_json_gives_the_quality_object() {
    let wd = Workdir::new();
    wd.standard_inputs();
    let out = wd.run(&[
        "validate",
        "--postings",
        "postings.csv",
        "--graduates",
        "graduates.csv",
        "--format",
        "json",
    ]);
    let v = out.expect_code(3).json();

    // No period in validate: nothing is outside it, so P07 (2024) is counted.
    // Postings: 11 read = 6 counted (P01-P05, P07) + 1 unmapped (P06) + 4 rejected + 0 outside;
    //   vacancies 29 = 25 (6+4+1+2+2+10) + 3 + 1 + 0.
    // Graduates: 5 read = 4 counted + 1 unmapped (Philosophie) + 0 + 0;
    //   graduates 78 = 71 (20+10+1+40) + 7 + 0 + 0.
    let p = &v["inputs"][0];
    assert_eq!(p["input"], json!("postings"));
    assert_eq!(p["file"], json!("postings.csv"));
    assert_eq!(
        [
            &p["rows_read"],
            &p["rows_counted"],
            &p["rows_unmapped"],
            &p["rows_rejected"],
            &p["rows_outside_period"]
        ],
        [&json!(11), &json!(6), &json!(1), &json!(4), &json!(0)]
    );
    assert_eq!(
        [
            &p["units_read"],
            &p["units_counted"],
            &p["units_unmapped"],
            &p["units_rejected"],
            &p["units_outside_period"]
        ],
        [&json!(29), &json!(25), &json!(3), &json!(1), &json!(0)]
    );
    let g = &v["inputs"][1];
    assert_eq!(g["input"], json!("graduates"));
    assert_eq!(
        [
            &g["rows_read"],
            &g["rows_counted"],
            &g["rows_unmapped"],
            &g["rows_rejected"]
        ],
        [&json!(5), &json!(4), &json!(1), &json!(0)]
    );
    assert_eq!(
        [&g["units_read"], &g["units_counted"], &g["units_unmapped"]],
        [&json!(78), &json!(71), &json!(7)]
    );

    // Rejects in file order, with line (header = line 1), column and reason.
    let rejects: Vec<(u64, &str, &str, &str)> = v["rejects"]
        .as_array()
        .expect("rejects")
        .iter()
        .map(|r| {
            (
                r["line"].as_u64().unwrap(),
                r["column"].as_str().unwrap(),
                r["value"].as_str().unwrap(),
                r["reason"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        &rejects[..3],
        &[
            (9, "posted_date", "2025-02-30", "invalid date"),
            (10, "vacancies", "-2", "invalid vacancies"),
            (11, "vacancies", "beaucoup", "invalid vacancies"),
        ]
    );
    assert_eq!(rejects.len(), 4);
    assert_eq!(
        (rejects[3].0, rejects[3].1, rejects[3].3),
        (12, "(row)", "wrong number of fields")
    );
    // the reasons, counted and sorted
    assert_eq!(
        v["reject_reasons"],
        json!([
            ["postings", "invalid date", 1],
            ["postings", "invalid vacancies", 2],
            ["postings", "wrong number of fields", 1],
        ])
    );

    // Unmapped labels, by units descending: Philosophie (7) before Atlantide (3).
    let unmapped: Vec<(&str, &str, &str, u64, u64)> = v["unmapped"]
        .as_array()
        .expect("unmapped")
        .iter()
        .map(|u| {
            (
                u["input"].as_str().unwrap(),
                u["column"].as_str().unwrap(),
                u["label"].as_str().unwrap(),
                u["rows"].as_u64().unwrap(),
                u["units"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        unmapped,
        [
            ("graduates", "field", "Philosophie", 1, 7),
            ("postings", "region", "Atlantide", 1, 3),
        ]
    );
}

#[test]
fn validate_exits_0_on_clean_inputs() {
    let wd = Workdir::new();
    wd.fixture("postings_fr.csv");
    wd.fixture("graduates_fr.csv");
    let out = wd.run(&[
        "validate",
        "--postings",
        "postings_fr.csv",
        "--graduates",
        "graduates_fr.csv",
        "--format",
        "json",
    ]);
    let v = out.expect_success().json();
    assert_eq!(v["inputs"][0]["rows_read"], json!(2));
    assert_eq!(v["inputs"][0]["rows_counted"], json!(2));
    assert_eq!(v["inputs"][0]["units_counted"], json!(5)); // 2 + 3
    assert_eq!(v["inputs"][1]["units_counted"], json!(1));
    assert_eq!(v["rejects"], json!([]));
    assert_eq!(v["unmapped"], json!([]));
}

// ---------------------------------------------------------------------------------------------
// Errors and usage
// ---------------------------------------------------------------------------------------------

#[test]
fn missing_input_file_is_an_error() {
    let wd = Workdir::new();
    wd.fixture("graduates.csv");
    let err = gap(&wd, &[]).expect_error(1);
    assert!(err.contains("postings.csv"), "{err}");
}

#[test]
fn directory_given_as_input_is_an_error() {
    let wd = Workdir::new();
    wd.fixture("graduates.csv");
    std::fs::create_dir(wd.path().join("postings.csv")).unwrap();
    let err = gap(&wd, &[]).expect_error(1);
    assert!(err.contains("postings.csv is a directory"), "{err}");
}

#[test]
fn empty_input_file_is_an_error() {
    let wd = Workdir::new();
    wd.fixture("postings.csv");
    wd.write("graduates.csv", "");
    let err = gap(&wd, &[]).expect_error(1);
    assert!(err.contains("graduates.csv is empty"), "{err}");
}

#[test]
fn header_only_input_file_is_an_error() {
    let wd = Workdir::new();
    wd.fixture("graduates.csv");
    wd.write(
        "postings.csv",
        "posting_id,posted_date,title,specialisation,region,city,vacancies\n",
    );
    let err = gap(&wd, &[]).expect_error(1);
    assert!(
        err.contains("postings.csv has a header but no data rows"),
        "{err}"
    );
}

#[test]
fn missing_required_column_names_it_and_lists_the_headers() {
    let wd = Workdir::new();
    wd.fixture("postings.csv");
    wd.write(
        "graduates.csv",
        "year,region,field\n2025,MA-06,Génie informatique\n",
    );
    let err = gap(&wd, &[]).expect_error(1);
    assert!(err.contains("graduates.csv"), "{err}");
    assert!(
        err.contains("no column for the number of graduates"),
        "{err}"
    );
    assert!(err.contains("found: year, region, field"), "{err}");
}

#[test]
fn unknown_option_is_a_usage_error() {
    let wd = Workdir::new();
    wd.standard_inputs();
    let out = gap(&wd, &["--frobnicate"]);
    out.expect_code(2);
    assert!(out.stdout().is_empty(), "nothing on stdout");
    out.expect_stderr_contains("--frobnicate");
}

#[test]
fn reversed_period_is_a_usage_error() {
    let wd = Workdir::new();
    wd.standard_inputs();
    let err = gap(&wd, &["--from", "2025", "--to", "2024"]).expect_error(2);
    assert!(err.contains("--from 2025 is after --to 2024"), "{err}");
}

#[test]
fn period_without_data_is_an_error() {
    let wd = Workdir::new();
    wd.standard_inputs();
    // neither input has a row in 2019
    let err = gap(&wd, &["--year", "2019"]).expect_error(1);
    assert!(err.contains("2019"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// Output: stdout, stderr, -o
// ---------------------------------------------------------------------------------------------

#[test]
fn footer_goes_to_stderr_and_quiet_suppresses_it() {
    let wd = Workdir::new();
    wd.standard_inputs();
    // The counts are those worked out in gap_json_report_has_rows_params_and_reconciled_quality.
    let out = gap(&wd, &[]);
    out.expect_success().expect_stdout(&lines(DEFAULT_2025));
    assert_eq!(
        out.stderr(),
        "skillgap: 2025: postings: 11 rows read, 5 counted, 1 unmapped, 4 rejected, \
         1 outside the period; graduates: 5 rows read, 3 counted, 1 unmapped, 0 rejected, \
         1 outside the period (run `skillgap validate` for the rejected rows and unmapped labels)\n"
    );
    let quiet = gap(&wd, &["-q"]);
    quiet.expect_success().expect_stdout(&lines(DEFAULT_2025));
    if !quiet.stderr().is_empty() {
        quiet.fail("expected nothing on stderr with -q");
    }
}

#[test]
fn output_file_is_written_atomically() {
    let wd = Workdir::new();
    wd.standard_inputs();
    let out = gap(&wd, &["-o", "report.csv", "-q"]);
    out.expect_success().expect_stdout("");
    assert_eq!(wd.read("report.csv"), lines(DEFAULT_2025));
    // no stray temporary file (`.skillgap-*.tmp`) is left beside the report
    let entries = wd.entries();
    assert!(entries.iter().any(|e| e == "report.csv"), "{entries:?}");
    assert!(
        !entries.iter().any(|e| e.starts_with(".skillgap-")),
        "{entries:?}"
    );
}

#[test]
fn output_format_follows_the_extension() {
    let wd = Workdir::new();
    wd.standard_inputs();
    gap(&wd, &["-o", "report.json", "-q"]).expect_success();
    let v: Value = serde_json::from_str(&wd.read("report.json")).expect("report.json is JSON");
    assert_eq!(v["rows"].as_array().map(Vec::len), Some(11));
}

#[test]
fn output_over_an_input_is_refused() {
    let wd = Workdir::new();
    wd.standard_inputs();
    let before = wd.read("postings.csv");
    let err = gap(&wd, &["-o", "postings.csv"]).expect_error(2);
    assert!(
        err.contains("-o postings.csv is also --postings; give each its own file"),
        "{err}"
    );
    assert_eq!(wd.read("postings.csv"), before, "the input is untouched");
    assert_eq!(wd.entries(), ["graduates.csv", "postings.csv"]);
}

// ---------------------------------------------------------------------------------------------
// Taxonomy
// ---------------------------------------------------------------------------------------------

#[test]
fn taxonomy_regions_lists_the_twelve_regions() {
    let wd = Workdir::new();
    let out = wd.run(&["taxonomy", "regions", "--format", "csv"]);
    let text = out.expect_success().stdout();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("code,name_fr,name_en,name_ar,cities"));
    let codes: Vec<&str> = lines.map(|l| l.split(',').next().unwrap()).collect();
    let expected: Vec<String> = (1..=12).map(|i| format!("MA-{i:02}")).collect();
    assert_eq!(codes, expected);
}

#[test]
fn taxonomy_specialisations_include_the_priority_areas() {
    let wd = Workdir::new();
    let out = wd.run(&["taxonomy", "specialisations", "--format", "csv"]);
    let text = out.expect_success().stdout();
    let ids: Vec<&str> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    for id in [
        "cybersecurity",
        "data",
        "artificial-intelligence",
        "cloud",
        "devops",
        "software-testing",
    ] {
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
    }
}

#[test]
fn taxonomy_override_maps_a_previously_unmapped_label() {
    let wd = Workdir::new();
    wd.standard_inputs();
    wd.write(
        "custom/aliases.csv",
        "kind,alias,target\nregion,Atlantide,MA-06\n",
    );
    // P06 (data, 3 vacancies) now lands in MA-06: MA-06 data D 3, S 20 × 0.1 = 2 -> gap 1;
    // ratio 1.5; balance 1/5 = 0.2, not > 0.2 -> balanced; 5 < 10 -> low.
    // It ranks after MA-07 data (2) and before MA-06 devops (0).
    let out = gap(&wd, &["--taxonomy", "custom", "--top", "3"]);
    out.expect_success().expect_stdout(&lines(&[
        HEADER,
        "MA-06,Casablanca-Settat,cybersecurity,Cybersecurity,6,2,4,3,0.5,shortage,true",
        "MA-07,Marrakesh-Safi,data,Data science and analytics,2,0,2,,1,shortage,true",
        "MA-06,Casablanca-Settat,data,Data science and analytics,3,2,1,1.5,0.2,balanced,true",
    ]));
    // and validate no longer lists it
    let v = wd
        .run(&[
            "validate",
            "--postings",
            "postings.csv",
            "--graduates",
            "graduates.csv",
            "--taxonomy",
            "custom",
            "--format",
            "json",
        ])
        .expect_code(3)
        .json();
    let labels: Vec<&str> = v["unmapped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["Philosophie"]);
}

#[test]
fn bad_taxonomy_override_names_file_and_line() {
    let wd = Workdir::new();
    wd.standard_inputs();
    wd.write(
        "custom/aliases.csv",
        "kind,alias,target\nregion,Atlantide,MA-06\nregion,Atlantis,MA-13\n",
    );
    let err = gap(&wd, &["--taxonomy", "custom"]).expect_error(1);
    assert!(err.contains("aliases.csv, line 3"), "{err}");
    assert!(err.contains("MA-13"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// Determinism
// ---------------------------------------------------------------------------------------------

#[test]
fn two_runs_give_identical_bytes() {
    let wd = Workdir::new();
    wd.standard_inputs();
    for format in ["csv", "json", "table"] {
        let a = gap(&wd, &["--format", format, "--show-unmapped"]);
        let b = gap(&wd, &["--format", format, "--show-unmapped"]);
        a.expect_success();
        b.expect_success();
        assert_eq!(a.stdout_bytes(), b.stdout_bytes(), "{format}");
    }
}

#[test]
fn shuffled_input_rows_give_identical_output() {
    let wd = Workdir::new();
    wd.standard_inputs();
    // Reverse the data rows of both inputs (the header stays first).
    for name in ["postings.csv", "graduates.csv"] {
        let text = wd.read(name);
        let mut ls: Vec<&str> = text.lines().collect();
        ls[1..].reverse();
        wd.write(&format!("shuffled_{name}"), lines(&ls));
    }
    for extra in [&[][..], &["--show-unmapped"][..], &["--by", "region"][..]] {
        let original = gap(&wd, extra);
        let mut args = vec![
            "gap",
            "--postings",
            "shuffled_postings.csv",
            "--graduates",
            "shuffled_graduates.csv",
        ];
        args.extend_from_slice(extra);
        let shuffled = wd.run(&args);
        original.expect_success();
        shuffled.expect_success();
        assert_eq!(original.stdout(), shuffled.stdout(), "{extra:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Rejects file, quality gates, formula defusing
// ---------------------------------------------------------------------------------------------

/// The four rejected postings of the standard fixture (lines 9 to 12), every field as read; the
/// value `-2` starts with `-`, so it is written `'-2`.
const STANDARD_REJECTS: &[&str] = &[
    "file,line,column,value,reason,detail,raw",
    "postings.csv,9,posted_date,2025-02-30,invalid date,day 30 does not exist in 2025-02,\"P08,2025-02-30,Développeur,software-development,,Casablanca,1\"",
    "postings.csv,10,vacancies,'-2,invalid vacancies,negative count,\"P09,2025-07-01,Développeur,software-development,,Casablanca,-2\"",
    "postings.csv,11,vacancies,beaucoup,invalid vacancies,not a whole number,\"P10,2025-07-02,Développeur,software-development,,Casablanca,beaucoup\"",
    "postings.csv,12,(row),\"P11,2025-07-03,Développeur,software-development,Casablanca\",wrong number of fields,5 fields where the header has 7; check the delimiter and quoting,\"P11,2025-07-03,Développeur,software-development,Casablanca\"",
];

#[test]
fn rejects_file_lists_every_rejected_row_with_its_raw_text() {
    let wd = Workdir::new();
    wd.standard_inputs();
    gap(&wd, &["--rejects", "rejects.csv"])
        .expect_success()
        .expect_stdout(&lines(DEFAULT_2025));
    assert_eq!(wd.read("rejects.csv"), lines(STANDARD_REJECTS));
    // validate writes the same file
    wd.run(&[
        "validate",
        "--postings",
        "postings.csv",
        "--graduates",
        "graduates.csv",
        "--rejects",
        "rejects2.csv",
    ])
    .expect_code(3);
    assert_eq!(wd.read("rejects2.csv"), lines(STANDARD_REJECTS));
}

#[test]
fn rejects_file_keeps_all_rejects_beyond_the_in_memory_limit_in_line_order() {
    let wd = Workdir::new();
    wd.fixture("graduates.csv");
    // one good posting, then 2,500 with an impossible date: more than the 1,000 kept by default,
    // spread over the reader's blocks and workers
    let mut text = String::from("posted_date,title,region,vacancies\n");
    text.push_str("2025-01-01,Analyste SOC,Casablanca-Settat,1\n");
    for i in 0..2500 {
        text.push_str(&format!(
            "2025-02-30,Analyste SOC {i},Casablanca-Settat,1\n"
        ));
    }
    wd.write("postings.csv", text);
    gap(&wd, &["--rejects", "rejects.csv", "-q"]).expect_success();
    let got = wd.read("rejects.csv");
    let rows: Vec<&str> = got.lines().skip(1).collect();
    assert_eq!(rows.len(), 2500);
    for (i, row) in rows.iter().enumerate() {
        // data line i + 3 (header line 1, the good row line 2)
        let expected = format!(
            "postings.csv,{},posted_date,2025-02-30,invalid date,day 30 does not exist in 2025-02,\
             \"2025-02-30,Analyste SOC {i},Casablanca-Settat,1\"",
            i + 3
        );
        assert_eq!(*row, expected);
    }
}

#[test]
fn strict_fails_on_the_first_rejected_row_before_any_report() {
    let wd = Workdir::new();
    wd.standard_inputs();
    let err = gap(
        &wd,
        &["--strict", "-o", "report.csv", "--rejects", "rejects.csv"],
    )
    .expect_error(1);
    assert!(
        err.contains(
            "postings.csv, line 9, column posted_date: value `2025-02-30` rejected (invalid date"
        ),
        "{err}"
    );
    assert!(err.contains("4 rows rejected"), "{err}");
    // no report, but the rejects file is there for the analyst
    assert_eq!(wd.read("rejects.csv"), lines(STANDARD_REJECTS));
    assert!(!wd.entries().contains(&"report.csv".to_string()));
    // validate --strict fails the same way (exit 1, not 3)
    let err = wd
        .run(&[
            "validate",
            "--postings",
            "postings.csv",
            "--graduates",
            "graduates.csv",
            "--strict",
        ])
        .expect_error(1);
    assert!(err.contains("line 9"), "{err}");
    // clean inputs pass --strict
    wd.fixture("postings_fr.csv");
    wd.fixture("graduates_fr.csv");
    wd.run(&[
        "gap",
        "--postings",
        "postings_fr.csv",
        "--graduates",
        "graduates_fr.csv",
        "--strict",
    ])
    .expect_success();
}

#[test]
fn max_reject_rate_compares_each_input_with_the_limit() {
    let wd = Workdir::new();
    wd.standard_inputs();
    // postings: 4 of 11 rows rejected = 36.36%; graduates: 0 of 5
    let err = gap(&wd, &["--max-reject-rate", "36"]).expect_error(1);
    assert!(
        err.contains("postings.csv: 4 of 11 rows rejected (36.4%), above --max-reject-rate 36%"),
        "{err}"
    );
    gap(&wd, &["--max-reject-rate", "37"])
        .expect_success()
        .expect_stdout(&lines(DEFAULT_2025));
    let out = gap(&wd, &["--max-reject-rate", "101"]);
    out.expect_code(2);
}

#[test]
fn formula_like_text_cells_are_defused_unless_no_sanitize() {
    let wd = Workdir::new();
    wd.standard_inputs();
    // a taxonomy override whose English name for MA-07 would be a formula in a spreadsheet
    wd.write(
        "custom/regions.csv",
        "code,name_fr,name_en,name_ar\nMA-07,Marrakech-Safi,\"=HYPERLINK(\"\"http://x\"\")\",مراكش-آسفي\n",
    );
    let row =
        |name: &str| format!("MA-07,{name},data,Data science and analytics,2,0,2,,1,shortage,true");
    let out = gap(&wd, &["--taxonomy", "custom", "--top", "2"]);
    out.expect_success().expect_stdout(&lines(&[
        HEADER,
        DEFAULT_2025[1],
        &row("\"'=HYPERLINK(\"\"http://x\"\")\""),
    ]));
    let raw = gap(
        &wd,
        &["--taxonomy", "custom", "--top", "2", "--no-sanitize"],
    );
    raw.expect_success().expect_stdout(&lines(&[
        HEADER,
        DEFAULT_2025[1],
        &row("\"=HYPERLINK(\"\"http://x\"\")\""),
    ]));
    // negative numbers are numbers, never prefixed
    assert!(gap(&wd, &[]).stdout().contains(",-8,"));
    // the rejects file keeps `-2` as it is with --no-sanitize
    gap(&wd, &["--rejects", "r.csv", "--no-sanitize"]).expect_success();
    assert!(wd.read("r.csv").contains("postings.csv,10,vacancies,-2,"));
}

// ---------------------------------------------------------------------------------------------
// Column mapping and postings without dates
// ---------------------------------------------------------------------------------------------

/// A scraped export: no date column, no region, no vacancies; CRLF; trailing spaces in
/// `location`; an Arabic title; unrelated columns (`Unnamed: 0` is a pandas index).
///
/// | row | title (how)                          | city (how)              | spec                      |
/// |-----|--------------------------------------|-------------------------|---------------------------|
/// | 2   | Développeur Java                     | "Casablanca   " MA-06   | software-development cell |
/// | 3   | Data analyst                         | "Rabat " MA-04          | data cell                 |
/// | 4   | المحاسبة (accounting's Arabic label)  | "الدار البيضاء " MA-06   | empty -> title: accounting|
/// | 5   | Développeur web                      | Casablanca MA-06        | software-development cell |
/// | 6   | Commercial                           | "Tombouctou " unmapped   | sales cell                |
///
/// Every row is one vacancy, in 2023 (--postings-year).
const SCRAPE: &str =
    "titles,location,experience,domaine,contrat,salaire,etude,Unnamed: 0,more_info\r\n\
Développeur Java,Casablanca   ,2 ans,software-development,CDI,,Bac+5,0,\"voir, plus\"\r\n\
Data analyst,Rabat ,1 an,data,CDD,,Bac+3,1,x\r\n\
المحاسبة,الدار البيضاء ,3 ans,,CDI,,Bac+2,2,\r\n\
Développeur web,Casablanca,,software-development,CDI,,,3,\r\n\
Commercial,Tombouctou ,,sales,CDI,,,4,\r\n";

const SCRAPE_GRADUATES: &str = "year,region,field,graduates\n\
2023,Casablanca-Settat,software-development,1\n\
2023,Rabat-Salé-Kénitra,data,3\n";

/// 2023: MA-06 accounting D 1, S 0: gap 1, ratio empty, balance 1.
/// MA-06 software-development D 2, S 1: gap 1, ratio 2, balance 1/3 = 0.3333 (> 0.2: shortage).
/// MA-04 data D 1, S 3: gap -2, ratio 0.3333, balance -2/4 = -0.5.
/// Tie at gap 1: same region, accounting before software-development by id.
const SCRAPE_2023: &[&str] = &[
    HEADER,
    "MA-06,Casablanca-Settat,accounting,Accounting,1,0,1,,1,shortage,true",
    "MA-06,Casablanca-Settat,software-development,Software development,2,1,1,2,0.3333,shortage,true",
    "MA-04,Rabat-Sale-Kenitra,data,Data science and analytics,1,3,-2,0.3333,-0.5,surplus,true",
];

#[test]
fn scraped_postings_without_dates_count_in_postings_year() {
    let wd = Workdir::new();
    wd.write("scrape.csv", SCRAPE);
    wd.write("graduates.csv", SCRAPE_GRADUATES);
    let args = [
        "gap",
        "--postings",
        "scrape.csv",
        "--graduates",
        "graduates.csv",
        "--postings-year",
        "2023",
        "--postings-columns",
        "title=titles,city=location,specialisation=domaine",
    ];
    wd.run(&args)
        .expect_success()
        .expect_stdout(&lines(SCRAPE_2023));
    let mut json = args.to_vec();
    json.extend(["--format", "json"]);
    let v = wd.run(&json).expect_success().json();
    let p = &v["quality"]["inputs"][0];
    // 5 read = 4 counted + 1 unmapped (Tombouctou); one vacancy each
    assert_eq!(
        [
            &p["rows_read"],
            &p["rows_counted"],
            &p["rows_unmapped"],
            &p["rows_rejected"]
        ],
        [&json!(5), &json!(4), &json!(1), &json!(0)]
    );
    assert_eq!(
        [&p["units_read"], &p["units_counted"], &p["units_unmapped"]],
        [&json!(5), &json!(4), &json!(1)]
    );
    assert_eq!(v["quality"]["unmapped"][0]["label"], json!("Tombouctou"));
    // without --postings-year: the missing date column says what to do
    let err = wd.run(&args[..5]).expect_error(1);
    assert!(err.contains("no column for the posting date"), "{err}");
    assert!(err.contains("--postings-year"), "{err}");
    assert!(err.contains("--postings-columns posted_date="), "{err}");
}

#[test]
fn postings_columns_naming_a_missing_header_lists_the_headers_and_the_nearest() {
    let wd = Workdir::new();
    wd.write("scrape.csv", SCRAPE);
    wd.write("graduates.csv", SCRAPE_GRADUATES);
    let err = wd
        .run(&[
            "gap",
            "--postings",
            "scrape.csv",
            "--graduates",
            "graduates.csv",
            "--postings-year",
            "2023",
            "--postings-columns",
            "city=locations",
        ])
        .expect_error(1);
    assert!(
        err.contains("--postings-columns maps `city` to the header `locations`, but scrape.csv has no such header"),
        "{err}"
    );
    assert!(
        err.contains("found: titles, location, experience,"),
        "{err}"
    );
    assert!(err.contains("did you mean `location`?"), "{err}");
    // an unknown column name is a usage error
    let out = wd.run(&[
        "gap",
        "--postings",
        "scrape.csv",
        "--graduates",
        "graduates.csv",
        "--postings-columns",
        "ville=location",
    ]);
    out.expect_code(2);
    out.expect_stderr_contains("unknown column `ville`");
}

/// A graduates export whose headers are not among the usual names.
const ODD_GRADUATES: &str = "Promo;Jiha admin;Intitulé de la filière;Sortants\n\
2025;Casablanca-Settat;Génie informatique;20\n\
2025;Rabat-Salé-Kénitra;Développement digital option web full stack;10\n\
2025;Rabat-Salé-Kénitra;Infrastructure digitale option cloud computing;1\n\
2024;Casablanca-Settat;Génie informatique;40\n\
2025;Casablanca-Settat;Philosophie;7\n";

#[test]
fn graduates_columns_and_columns_file_map_unusual_headers() {
    let wd = Workdir::new();
    wd.standard_inputs();
    wd.write("odd.csv", ODD_GRADUATES);
    // without a mapping: the missing column's message names the option
    let err = wd
        .run(&[
            "gap",
            "--postings",
            "postings.csv",
            "--graduates",
            "odd.csv",
        ])
        .expect_error(1);
    assert!(err.contains("--graduates-columns"), "{err}");
    // ODD_GRADUATES is graduates.csv with other headers: the same report
    let mapping = "year=Promo,region=Jiha admin,field=Intitulé de la filière,graduates=SORTANTS";
    wd.run(&[
        "gap",
        "--postings",
        "postings.csv",
        "--graduates",
        "odd.csv",
        "--graduates-columns",
        mapping,
    ])
    .expect_success()
    .expect_stdout(&lines(DEFAULT_2025));
    // the same from a mapping file; the command line overrides a row of it
    wd.write(
        "columns.csv",
        "input,column,header\n\
         graduates,year,Promo\n\
         graduates,region,Jiha admin\n\
         graduates,field,Intitulé de la filière\n\
         graduates,graduates,Nope\n\
         postings,city,city\n",
    );
    wd.run(&[
        "gap",
        "--postings",
        "postings.csv",
        "--graduates",
        "odd.csv",
        "--columns-file",
        "columns.csv",
        "--graduates-columns",
        "graduates=Sortants",
    ])
    .expect_success()
    .expect_stdout(&lines(DEFAULT_2025));
    // a bad row of the mapping file names its line
    wd.write("bad.csv", "input,column,header\nalumni,year,Promo\n");
    let err = wd
        .run(&[
            "gap",
            "--postings",
            "postings.csv",
            "--graduates",
            "odd.csv",
            "--columns-file",
            "bad.csv",
        ])
        .expect_error(2);
    assert!(err.contains("bad.csv, line 2"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// Unmapped labels: export, fill in, load back
// ---------------------------------------------------------------------------------------------

#[test]
fn unmapped_labels_round_trip_through_the_taxonomy() {
    let wd = Workdir::new();
    wd.standard_inputs();
    // 2025: the unmapped labels are Philosophie (graduates field, 1 row, 7 graduates) and
    // Atlantide (postings region, P06, 1 row, 3 vacancies); neither is near a known alias
    let out = gap(&wd, &["--show-unmapped", "--unmapped", "unmapped.csv"]);
    assert!(out.expect_success().stdout().contains("unmapped"));
    let exported = wd.read("unmapped.csv");
    assert_eq!(
        exported,
        lines(&[
            "kind,alias,target,rows,units,suggestion,column,reason",
            "specialisation,Philosophie,,1,7,,field,unknown",
            "region,Atlantide,,1,3,,region,unknown",
        ])
    );
    // as exported (no target filled in), the file loads and changes nothing
    wd.write("custom/aliases.csv", &exported);
    gap(&wd, &["--taxonomy", "custom"])
        .expect_success()
        .expect_stdout(&lines(DEFAULT_2025));
    // fill in one target: P06 (data, 3 vacancies) moves to MA-06, where data has S = 20 × 0.1 = 2:
    // D 3, S 2, gap 1, ratio 1.5, balance 1/5 = 0.2 (not above 0.2: balanced), 5 < 10: low.
    // It ranks third, after MA-07 data (gap 2).
    wd.write(
        "custom/aliases.csv",
        exported.replace("region,Atlantide,,", "region,Atlantide,MA-06,"),
    );
    let mut expected = DEFAULT_2025[..3].to_vec();
    expected.push(
        "MA-06,Casablanca-Settat,data,Data science and analytics,3,2,1,1.5,0.2,balanced,true",
    );
    expected.extend(
        DEFAULT_2025[3..]
            .iter()
            .filter(|r| !r.starts_with("MA-06,Casablanca-Settat,data,")),
    );
    gap(&wd, &["--taxonomy", "custom"])
        .expect_success()
        .expect_stdout(&lines(&expected));
    // postings now count 6 rows in 2025 (5 + P06), and only Philosophie is left to export
    let v = gap(
        &wd,
        &[
            "--taxonomy",
            "custom",
            "--format",
            "json",
            "--unmapped",
            "left.csv",
        ],
    )
    .expect_success()
    .json();
    assert_eq!(v["quality"]["inputs"][0]["rows_counted"], json!(6));
    assert_eq!(v["quality"]["inputs"][0]["rows_unmapped"], json!(0));
    assert_eq!(
        wd.read("left.csv"),
        lines(&[
            "kind,alias,target,rows,units,suggestion,column,reason",
            "specialisation,Philosophie,,1,7,,field,unknown"
        ])
    );
}

// ---------------------------------------------------------------------------------------------
// Ugly real-world encodings and layouts
// ---------------------------------------------------------------------------------------------

/// The five quality counts of one input from `--format json`, rows then units, checking that
/// read = counted + unmapped + rejected + outside the period for both.
fn reconciled(input: &Value) -> [[u64; 5]; 2] {
    let get = |k: &str| {
        input[k]
            .as_u64()
            .unwrap_or_else(|| panic!("{k} in {input}"))
    };
    let out = ["rows", "units"].map(|w| {
        [
            get(&format!("{w}_read")),
            get(&format!("{w}_counted")),
            get(&format!("{w}_unmapped")),
            get(&format!("{w}_rejected")),
            get(&format!("{w}_outside_period")),
        ]
    });
    for [read, counted, unmapped, rejected, outside] in out {
        assert_eq!(read, counted + unmapped + rejected + outside, "{input}");
    }
    out
}

/// A French-locale Excel export: Windows-1252, `;`, CRLF, French headers, day-first dates and one
/// Excel day number; graduates with thousands separators (a no-break space, byte 0xA0, and a dot).
///
/// Postings (line: what happens):
/// 2: 14/03/2025, "Ingénieur DevOps (H/F)", city Casablanca: MA-06 devops, 2
/// 3: 45731 = 2025-03-15 (45658 is 2025-01-01, + 73 days), "Consultant cybersécurité",
///    region Rabat-Salé-Kénitra: MA-04 cybersecurity, 3
/// 4: 31/02/2025: rejected (invalid date), its 1 vacancy readable
/// 5: 02/01/2024, Comptable, Fès: outside the period, 4
/// 6: 20/06/2025, Comptable, Atlantide / Tombouctou: region unmapped, 5
///
/// Graduates:
/// 2: 2025, MA-04, "Infrastructure digitale option cybersécurité" (cybersecurity 1), "1 234" = 1234
/// 3: 2025, MA-06, "Développement digital option web full stack" (web-development 1), "1.020" = 1020
/// 4: 2025, MA-06, Philosophie: field unmapped, 12
/// 5: 2025, MA-06, "douze": rejected (invalid graduates), unreadable: 0 units
///
/// Period 2025 (the only year of the graduates):
/// MA-06 devops: D 2, S 0, gap 2, ratio empty, balance 1, shortage, low (2 < 10).
/// MA-06 web-development: D 0, S 1020, gap -1020, ratio 0, balance -1, surplus.
/// MA-04 cybersecurity: D 3, S 1234, gap -1231, ratio 3/1234 = 0.00243 -> 0.0024,
///   balance -1231/1237 = -0.99515 -> -0.9951, surplus.
#[test]
fn windows_1252_semicolons_crlf_french_headers_and_excel_dates() {
    let wd = Workdir::new();
    let cp1252 = |s: &str| {
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(s);
        assert!(!unmappable);
        bytes.into_owned()
    };
    wd.write(
        "offres.csv",
        cp1252(
            "Date de publication;Intitulé du poste;Région;Ville;Nombre de postes\r\n\
             14/03/2025;Ingénieur DevOps (H/F);;Casablanca;2\r\n\
             45731;Consultant cybersécurité;Rabat-Salé-Kénitra;;3\r\n\
             31/02/2025;Comptable;;Fès;1\r\n\
             02/01/2024;Comptable;;Fès;4\r\n\
             20/06/2025;Comptable;Atlantide;Tombouctou;5\r\n",
        ),
    );
    wd.write(
        "laureats.csv",
        cp1252(
            "Année;Région;Établissement;Filière;Niveau;Diplômés\r\n\
             2025;Rabat-Salé-Kénitra;OFPPT;Infrastructure digitale option cybersécurité;Technicien spécialisé;1\u{a0}234\r\n\
             2025;Casablanca-Settat;OFPPT;Développement digital option web full stack;Technicien spécialisé;1.020\r\n\
             2025;Casablanca-Settat;FLSH;Philosophie;Licence;12\r\n\
             2025;Casablanca-Settat;OFPPT;Développement digital option web full stack;Technicien;douze\r\n",
        ),
    );
    let args = [
        "gap",
        "--postings",
        "offres.csv",
        "--graduates",
        "laureats.csv",
    ];
    wd.run(&args).expect_success().expect_stdout(&lines(&[
        HEADER,
        "MA-06,Casablanca-Settat,devops,DevOps,2,0,2,,1,shortage,true",
        "MA-06,Casablanca-Settat,web-development,Web development,0,1020,-1020,0,-1,surplus,false",
        "MA-04,Rabat-Sale-Kenitra,cybersecurity,Cybersecurity,3,1234,-1231,0.0024,-0.9951,surplus,false",
    ]));
    let mut json = args.to_vec();
    json.extend(["--format", "json", "--rejects", "rejects.csv"]);
    let v = wd.run(&json).expect_success().json();
    let inputs = &v["quality"]["inputs"];
    assert_eq!(inputs[0]["encoding"], json!("windows-1252"));
    // postings: 5 rows = 2 counted + 1 unmapped + 1 rejected + 1 outside;
    //   vacancies 15 = 5 (2 + 3) + 5 + 1 + 4
    assert_eq!(reconciled(&inputs[0]), [[5, 2, 1, 1, 1], [15, 5, 5, 1, 4]]);
    // graduates: 4 rows = 2 + 1 + 1 + 0; graduates 2266 = 2254 + 12 + 0 + 0
    assert_eq!(
        reconciled(&inputs[1]),
        [[4, 2, 1, 1, 0], [2266, 2254, 12, 0, 0]]
    );
    // the rejects, decoded, with `;` joining the raw fields; sorted by file: laureats first
    assert_eq!(
        wd.read("rejects.csv"),
        lines(&[
            "file,line,column,value,reason,detail,raw",
            "laureats.csv,5,graduates,douze,invalid graduates,not a whole number,\
             2025;Casablanca-Settat;OFPPT;Développement digital option web full stack;Technicien;douze",
            "offres.csv,4,posted_date,31/02/2025,invalid date,day 31 does not exist in 2025-02,\
             31/02/2025;Comptable;;Fès;1",
        ])
    );
}

/// UTF-8 with a byte-order mark, quoted titles spanning two lines with embedded delimiters and
/// doubled quotes, and Arabic region and city labels.
///
/// Postings (line: what happens):
/// 2-3: a title over two lines, `Développeur "senior", Java` / `(H/F)`: keywords -> software-
///      development; region الدار البيضاء-سطات (MA-06's Arabic name), 2
/// 4: `Analyste SOC; "N2"`, cybersecurity cell, city مراكش (Marrakech): MA-07, 3
/// 5: data, city طنجة (Tanger): MA-01, 1
/// 6-7: a two-line title, vacancies `x`: rejected at line 6, unreadable (0)
///
/// Graduates: 2025, جهة الدار البيضاء سطات (contains MA-06's Arabic name), web-development 4;
/// 2025, مراكش آسفي (MA-07's Arabic name with a space), cybersecurity 1.
///
/// 2025: MA-06 software-development D 2, S 0: gap 2, balance 1. MA-07 cybersecurity D 3, S 1:
/// gap 2, ratio 3, balance 0.5. MA-01 data D 1: gap 1. MA-06 web-development S 4: gap -4.
/// Tie at 2: MA-06 before MA-07.
#[test]
fn utf8_bom_multiline_quoted_titles_and_arabic_places() {
    let wd = Workdir::new();
    wd.write(
        "postings.csv",
        "\u{feff}posting_id,posted_date,title,specialisation,region,city,vacancies\n\
         A1,2025-05-01,\"Développeur \"\"senior\"\", Java\n(H/F)\",,الدار البيضاء-سطات,,2\n\
         A2,2025-05-02,\"Analyste SOC; \"\"N2\"\"\",cybersecurity,,مراكش,3\n\
         A3,2025-05-03,Data analyst,data,,طنجة,1\n\
         A4,2025-05-04,\"bad\nrow\",data,,طنجة,x\n",
    );
    wd.write(
        "graduates.csv",
        "\u{feff}year,region,field,graduates\n\
         2025,جهة الدار البيضاء سطات,Développement digital option web full stack,4\n\
         2025,مراكش آسفي,Infrastructure digitale option cybersécurité,1\n",
    );
    gap(&wd, &["--rejects", "rejects.csv"])
        .expect_success()
        .expect_stdout(&lines(&[
        HEADER,
        "MA-06,Casablanca-Settat,software-development,Software development,2,0,2,,1,shortage,true",
        "MA-07,Marrakesh-Safi,cybersecurity,Cybersecurity,3,1,2,3,0.5,shortage,true",
        "MA-01,Tangier-Tetouan-Al Hoceima,data,Data science and analytics,1,0,1,,1,shortage,true",
        "MA-06,Casablanca-Settat,web-development,Web development,0,4,-4,0,-1,surplus,true",
    ]));
    // the multi-line row is one reject, at the line where it starts, its raw text whole
    assert_eq!(
        wd.read("rejects.csv"),
        lines(&[
            "file,line,column,value,reason,detail,raw",
            "postings.csv,6,vacancies,x,invalid vacancies,not a whole number,\
             \"A4,2025-05-04,bad\nrow,data,,طنجة,x\"",
        ])
    );
    let v = gap(&wd, &["--format", "json"]).expect_success().json();
    let inputs = &v["quality"]["inputs"];
    assert_eq!(inputs[0]["encoding"], json!("UTF-8"));
    assert_eq!(reconciled(&inputs[0]), [[4, 3, 0, 1, 0], [6, 6, 0, 0, 0]]);
    assert_eq!(reconciled(&inputs[1]), [[2, 2, 0, 0, 0], [5, 5, 0, 0, 0]]);
}

/// Excel's "Unicode text": UTF-16LE with a byte-order mark, tab-delimited, CRLF.
/// Postings: 01/02/2025 "Ingénieur DevOps", city Agadir: MA-09 devops 2.
/// Graduates: 2025 Souss-Massa, "Infrastructure digitale option cloud computing" (cloud 1): 5.
/// 2025: MA-09 devops D 2, S 0: gap 2; MA-09 cloud D 0, S 5: gap -5.
#[test]
fn utf16le_tab_delimited_unicode_text() {
    let wd = Workdir::new();
    let utf16 = |s: &str| -> Vec<u8> {
        let mut b = vec![0xFF, 0xFE];
        b.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
        b
    };
    wd.write(
        "postings.txt",
        utf16(
            "Date de publication\tIntitulé du poste\tRégion\tVille\tNombre de postes\r\n\
             01/02/2025\tIngénieur DevOps\t\tAgadir\t2\r\n",
        ),
    );
    wd.write(
        "graduates.txt",
        utf16(
            "Année\tRégion\tFilière\tDiplômés\r\n\
             2025\tSouss-Massa\tInfrastructure digitale option cloud computing\t5\r\n",
        ),
    );
    let args = [
        "gap",
        "--postings",
        "postings.txt",
        "--graduates",
        "graduates.txt",
    ];
    wd.run(&args).expect_success().expect_stdout(&lines(&[
        HEADER,
        "MA-09,Souss-Massa,devops,DevOps,2,0,2,,1,shortage,true",
        "MA-09,Souss-Massa,cloud,Cloud computing,0,5,-5,0,-1,surplus,true",
    ]));
    let mut json = args.to_vec();
    json.extend(["--format", "json"]);
    let v = wd.run(&json).expect_success().json();
    let inputs = &v["quality"]["inputs"];
    assert_eq!(inputs[0]["encoding"], json!("UTF-16LE"));
    assert_eq!(reconciled(&inputs[0]), [[1, 1, 0, 0, 0], [2, 2, 0, 0, 0]]);
    assert_eq!(reconciled(&inputs[1]), [[1, 1, 0, 0, 0], [5, 5, 0, 0, 0]]);
}

/// `skillgap gap ... | head`: a reader that closes the pipe is not an error, in every format.
#[test]
fn a_closed_stdout_pipe_exits_quietly() {
    let wd = Workdir::new();
    wd.standard_inputs();
    for format in ["csv", "table", "json", "md"] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("skillgap"))
            .current_dir(wd.path())
            .args([
                "gap",
                "--postings",
                "postings.csv",
                "--graduates",
                "graduates.csv",
            ])
            .args(["--format", format])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take()); // the reader goes away before anything is written
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{format}: {stderr}");
        assert!(!stderr.contains("error"), "{format}: {stderr}");
    }
}

/// `--by family` sums the specialisations of each family; `--totals` adds subtotals that add up
/// exactly to the rows (checked on the bundled sample, against the same report without them).
#[test]
fn families_and_totals_add_up() {
    let wd = Workdir::new();
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    let p = sample.join("postings.csv");
    let g = sample.join("graduates.csv");
    let (p, g) = (p.to_str().unwrap(), g.to_str().unwrap());
    let tax = skillgap::taxonomy::Taxonomy::default_embedded();
    let family_of = |id: &str| {
        tax.specialisations
            .iter()
            .find(|s| s.id == id)
            .map(|s| s.family.clone())
            .unwrap()
    };
    let rows = |args: &[&str]| -> Vec<Value> {
        let mut all = vec![
            "-q",
            "gap",
            "--postings",
            p,
            "--graduates",
            g,
            "--format",
            "json",
        ];
        all.extend_from_slice(args);
        wd.run(&all).expect_success().json()["rows"]
            .as_array()
            .unwrap()
            .clone()
    };
    let num = |r: &Value, k: &str| r[k].as_f64().unwrap();
    let close = |a: f64, b: f64| (a - b).abs() < 0.006;

    // families: each family's demand and supply = the sum over its specialisations
    let by_spec = rows(&["--by", "specialisation"]);
    let by_family = rows(&["--by", "family"]);
    // one row per family that any specialisation row belongs to, and no other
    let mut expected: Vec<String> = (by_spec.iter())
        .map(|r| family_of(r["specialisation"].as_str().unwrap()))
        .collect();
    expected.sort();
    expected.dedup();
    let mut got: Vec<String> = (by_family.iter())
        .map(|f| f["specialisation"].as_str().unwrap().to_string())
        .collect();
    got.sort();
    assert_eq!(got, expected);
    // the occupation coder places titles beyond ICT: the trades and services have postings too
    assert!(got.len() >= 9, "{got:?}");
    for f in &by_family {
        let id = f["specialisation"].as_str().unwrap();
        let members = by_spec
            .iter()
            .filter(|r| family_of(r["specialisation"].as_str().unwrap()) == id);
        let (d, s) = members.fold((0.0, 0.0), |(d, s), r| {
            (d + num(r, "demand"), s + num(r, "supply"))
        });
        assert!(
            close(num(f, "demand"), d) && close(num(f, "supply"), s),
            "{id}"
        );
    }

    // totals: regions and specialisations each add up to the national total, which adds up the rows
    let plain = rows(&[]);
    let with = rows(&["--totals"]);
    assert_eq!(
        &with[..plain.len()],
        &plain[..],
        "the ranked rows are unchanged"
    );
    let subtotals = &with[plain.len()..];
    let national = subtotals.last().unwrap();
    assert_eq!(
        (
            national["region_code"].as_str(),
            national["specialisation"].as_str()
        ),
        (Some("total"), Some("total"))
    );
    let sum = |rs: &mut dyn Iterator<Item = &Value>, k: &str| rs.map(|r| num(r, k)).sum::<f64>();
    for k in ["demand", "supply"] {
        let all = sum(&mut plain.iter(), k);
        let regions = sum(
            &mut subtotals
                .iter()
                .filter(|r| r["specialisation"] == "total" && r["region_code"] != "total"),
            k,
        );
        let specs = sum(
            &mut subtotals
                .iter()
                .filter(|r| r["region_code"] == "total" && r["specialisation"] != "total"),
            k,
        );
        assert!(
            close(num(national, k), all) && close(regions, all) && close(specs, all),
            "{k}"
        );
    }
    assert!(close(
        num(national, "gap"),
        num(national, "demand") - num(national, "supply")
    ));

    let err = wd
        .run(&[
            "gap",
            "--postings",
            p,
            "--graduates",
            g,
            "--by",
            "specialisation,family",
        ])
        .expect_error(2);
    assert!(err.contains("not both"), "{err}");

    // occupations: every posting counted by specialisation is counted once by ISCO-08 group (its
    // group or `unmapped`), and a sub-major group's demand is the sum of its unit groups'
    let demand_of = |rs: &[Value]| rs.iter().map(|r| num(r, "demand")).sum::<f64>();
    let by_spec_all = rows(&["--by", "specialisation", "--show-unmapped"]);
    let by_isco4 = rows(&["--by", "isco4", "--show-unmapped"]);
    assert!(close(demand_of(&by_spec_all), demand_of(&by_isco4)));
    let by_isco2 = rows(&["--by", "isco2"]);
    assert!(by_isco2.len() > 10, "{}", by_isco2.len());
    for g in &by_isco2 {
        let code = g["isco_08"].as_str().unwrap();
        assert_eq!(code.len(), 2, "{code}");
        assert!(!g["isco_label"].as_str().unwrap().is_empty());
        let units: Vec<Value> = (by_isco4.iter())
            .filter(|r| r["isco_08"].as_str().unwrap().starts_with(code))
            .cloned()
            .collect();
        assert!(close(num(g, "demand"), demand_of(&units)), "{code}");
    }
}

/// The two usual reasons a real export's columns are not found, when the user forced the wrong
/// delimiter or encoding, are named in the error with the fix.
#[test]
fn a_wrong_forced_delimiter_or_encoding_is_explained() {
    let wd = Workdir::new();
    wd.standard_inputs();
    // French Excel: `;`, Windows-1252 (é = 0xE9), CRLF
    wd.write(
        "offres.csv",
        b"Date de publication;Intitul\xe9 du poste;R\xe9gion\r\n15/03/2025;Comptable;Casablanca-Settat\r\n",
    );
    let err = wd
        .run(&[
            "gap",
            "--postings",
            "offres.csv",
            "--graduates",
            "graduates.csv",
            "--delimiter",
            ",",
        ])
        .expect_error(1);
    assert!(
        err.contains("probably ;-separated") && err.contains("--delimiter ';'"),
        "{err}"
    );
    let err = wd
        .run(&[
            "gap",
            "--postings",
            "offres.csv",
            "--graduates",
            "graduates.csv",
            "--encoding",
            "utf-8",
        ])
        .expect_error(1);
    assert!(err.contains("--encoding windows-1252"), "{err}");
    // left to detection, the same file is read
    wd.run(&[
        "-q",
        "gap",
        "--postings",
        "offres.csv",
        "--graduates",
        "graduates.csv",
        "--year",
        "2025",
    ])
    .expect_success();
}

// ---------------------------------------------------------------------------------------------
// skillgap classify
// ---------------------------------------------------------------------------------------------

/// Titles piped in are coded once each, in the order met; a title that names no job stays
/// uncoded with its reason, and a CSV column is read by its header, with its sector.
#[test]
fn classify_codes_each_distinct_title_once() {
    let wd = Workdir::new();
    let out = wd.run_with_stdin(
        &["classify", "--format", "csv"],
        "Chauffeur Poids Lourds\n\nStagiaire\nChauffeur Poids Lourds\n",
    );
    assert_eq!(
        out.expect_success().stdout(),
        lines(&[
            "title,specialisation,isco_08,isco_label,decided_by,matched,reason",
            "Chauffeur Poids Lourds,transport-driving,8332,Heavy truck and lorry drivers,curated,chauffeur poids lourd,",
            "Stagiaire,,,,,stagiaire,ambiguous",
        ])
    );
    wd.write(
        "export.csv",
        "Intitulé;Domaine\nIngénieur DevOps (H/F);Informatique\nIngénieur DevOps (H/F);Informatique\n",
    );
    let v: Value = serde_json::from_str(
        &wd.run(&[
            "classify",
            "export.csv",
            "--column",
            "intitule",
            "--sector-column",
            "domaine",
            "--format",
            "json",
        ])
        .expect_success()
        .stdout(),
    )
    .unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_eq!(v[0]["sector"], "Informatique");
    assert_eq!(v[0]["specialisation"], "devops");
    assert_eq!(v[0]["decided_by"], "rule");
    let err = wd
        .run(&["classify", "export.csv", "--column", "titre"])
        .expect_error(2);
    assert!(err.contains("no column `titre`"), "{err}");
}

/// A field's usual unit group comes from `isco_specialisations.csv`, which `--taxonomy DIR`
/// overrides: an old file without the `usual` column still reads, two usual groups of one
/// specialisation and major group in a file are an error naming both lines.
#[test]
fn classify_takes_a_fields_usual_unit_group_from_the_taxonomy() {
    let wd = Workdir::new();
    let code = |args: &[&str]| {
        let mut all = vec!["classify", "--format", "csv"];
        all.extend_from_slice(args);
        wd.run_with_stdin(&all, "Technicien en horticulture\n")
    };
    let isco = |out: &str| {
        out.lines()
            .nth(1)
            .unwrap()
            .split(',')
            .nth(2)
            .unwrap()
            .to_string()
    };
    assert_eq!(isco(&code(&[]).expect_success().stdout()), "3142");
    wd.write(
        "old/isco_specialisations.csv",
        "isco,specialisation,note\n3240,agriculture-agrifood,\n",
    );
    assert_eq!(
        isco(&code(&["--taxonomy", "old"]).expect_success().stdout()),
        "3142"
    );
    wd.write(
        "vet/isco_specialisations.csv",
        "isco,specialisation,usual,note\n3240,agriculture-agrifood,yes,\n",
    );
    assert_eq!(
        isco(&code(&["--taxonomy", "vet"]).expect_success().stdout()),
        "3240"
    );
    wd.write(
        "two/isco_specialisations.csv",
        "isco,specialisation,usual,note\n3240,agriculture-agrifood,yes,\n3143,agriculture-agrifood,yes,\n",
    );
    let err = code(&["--taxonomy", "two"]).expect_error(1);
    assert!(err.contains("isco_specialisations.csv, line 3"), "{err}");
    assert!(err.contains("`3240` (line 2) and `3143`"), "{err}");
}
