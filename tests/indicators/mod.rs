//! The indicators end to end: assumptions, intervals, ratings and location quotients on a small
//! fixture whose numbers are worked out by hand here, and the promise that without them (or with
//! the identity) the report is today's.
//!
//! # The fixture
//!
//! Postings of 2025 (`source` column; `Anapec` and `anapec` are one board for the assumptions):
//!
//! | id | specialisation | region | vacancies | source  |
//! |----|----------------|--------|-----------|---------|
//! | A1 | cybersecurity  | MA-06  | 6         | rekrute |
//! | A2 | cybersecurity  | MA-06  | 4         | anapec  |
//! | A3 | data           | MA-04  | 2         | rekrute |
//! | A4 | data           | MA-06  | 8         | Anapec  |
//!
//! Graduates (`level` column): 2024 MA-06 cybersecurity Licence 10, 2024 MA-06 data Master 20,
//! 2024 MA-04 cybersecurity Master 12, 2025 MA-06 cybersecurity Licence 100.
//!
//! Assumptions (`a.toml`): lag 1, coverage rekrute 0.5 (else 1), entry rate Licence 0.8 (else
//! 1), leakage data 0.5 (a specialisation), ict 0.25 (its family: cybersecurity). For 2025 the
//! graduates of 2024 count:
//!
//! | cell             | demand D            | supply S               | gap | ratio  | balance |
//! |------------------|---------------------|------------------------|-----|--------|---------|
//! | MA-06 cyber      | 6/0.5 + 4 = 16      | 10 × 0.8 × 0.75 = 6    | 10  | 2.6667 | 10/22   |
//! | MA-04 data       | 2/0.5 = 4           | 0                      | 4   | -      | 1       |
//! | MA-06 data       | 8                   | 20 × 1 × 0.5 = 10      | -2  | 0.8    | -2/18   |
//! | MA-04 cyber      | 0                   | 12 × 1 × 0.75 = 9      | -9  | 0      | -1      |
//!
//! Location quotients, x_rs · x_·· / (x_r· · x_·s): demand totals MA-06 24, MA-04 4, cyber 16,
//! data 12, all 28; supply totals MA-06 16, MA-04 9, cyber 15, data 10, all 25.
//!
//! | cell        | LQ demand              | LQ supply              | class                    |
//! |-------------|------------------------|------------------------|--------------------------|
//! | MA-06 cyber | 16·28/(24·16) = 1.1667 | 6·25/(16·15) = 0.625   | -                        |
//! | MA-04 data  | 4·28/(4·12) = 2.3333   | 0                      | train-where-the-jobs-are |
//! | MA-06 data  | 8·28/(24·12) = 0.7778  | 10·25/(16·10) = 1.5625 | jobs-elsewhere           |
//! | MA-04 cyber | 0                      | 9·25/(9·15) = 1.6667   | jobs-elsewhere           |

use serde_json::Value;

use crate::workdir::Workdir;

const POSTINGS: &str = "posting_id,posted_date,title,specialisation,region,city,vacancies,source
A1,2025-03-01,Analyste SOC,cybersecurity,Casablanca-Settat,,6,rekrute
A2,2025-03-02,Pentester,cybersecurity,Casablanca-Settat,,4,anapec
A3,2025-03-03,Data analyst,data,Rabat-Salé-Kénitra,,2,rekrute
A4,2025-03-04,Data engineer,data,Casablanca-Settat,,8,Anapec
";

const GRADUATES: &str = "year,region,institution,field,level,graduates
2024,Casablanca-Settat,X,cybersecurity,Licence,10
2024,Casablanca-Settat,X,data,Master,20
2024,Rabat-Salé-Kénitra,X,cybersecurity,Master,12
2025,Casablanca-Settat,X,cybersecurity,Licence,100
";

const ASSUMPTIONS: &str = "lag_years = 1
[coverage]
rekrute = 0.5
default = 1
[entry_rate]
Licence = 0.8
[leakage]
data = 0.5
ict = 0.25
";

fn fixture() -> Workdir {
    let wd = Workdir::new();
    wd.write("p.csv", POSTINGS);
    wd.write("g.csv", GRADUATES);
    wd.write("a.toml", ASSUMPTIONS);
    wd
}

const BASE: [&str; 7] = [
    "gap",
    "--postings",
    "p.csv",
    "--graduates",
    "g.csv",
    "--year",
    "2025",
];

/// The JSON report of p.csv and g.csv with `extra` arguments.
fn json_report(wd: &Workdir, extra: &[&str]) -> Value {
    let mut args = BASE[..5].to_vec();
    args.extend(["--format", "json"]);
    args.extend_from_slice(extra);
    wd.run(&args).expect_success().json()
}

/// [`json_report`] for 2025.
fn gap(wd: &Workdir, extra: &[&str]) -> Value {
    let mut args = vec!["--year", "2025"];
    args.extend_from_slice(extra);
    json_report(wd, &args)
}

fn row<'a>(report: &'a Value, region: &str, spec: &str) -> &'a Value {
    report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["region_code"] == region && r["specialisation"] == spec)
        .unwrap_or_else(|| panic!("no row {region} {spec}"))
}

/// The text fields `fields` of each element of the array `v`.
fn texts(v: &Value, fields: &[&str]) -> Vec<Vec<String>> {
    let all = v.as_array().unwrap().iter();
    all.map(|x| {
        fields
            .iter()
            .map(|f| x[f].as_str().unwrap().to_string())
            .collect()
    })
    .collect()
}

fn num(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

#[test]
fn coverage_entry_leakage_and_lag_as_worked_by_hand() {
    let wd = fixture();
    let r = gap(&wd, &["--assumptions", "a.toml"]);
    let order = texts(&r["rows"], &["region_code", "specialisation"]);
    let want = [
        ["MA-06", "cybersecurity"],
        ["MA-04", "data"],
        ["MA-06", "data"],
        ["MA-04", "cybersecurity"],
    ];
    assert_eq!(order, want, "ranked by the effective gap");
    let cyber = row(&r, "MA-06", "cybersecurity");
    assert_eq!(
        (
            num(&cyber["demand"]),
            num(&cyber["supply"]),
            num(&cyber["gap"])
        ),
        (16.0, 6.0, 10.0)
    );
    assert_eq!(num(&cyber["ratio"]), 2.6667);
    assert_eq!(num(&cyber["balance_index"]), 0.4545);
    assert_eq!(cyber["status"], "shortage");
    let data4 = row(&r, "MA-04", "data");
    assert_eq!((num(&data4["demand"]), num(&data4["supply"])), (4.0, 0.0));
    assert!(data4["ratio"].is_null());
    let data6 = row(&r, "MA-06", "data");
    assert_eq!(
        (
            num(&data6["demand"]),
            num(&data6["supply"]),
            num(&data6["gap"])
        ),
        (8.0, 10.0, -2.0)
    );
    assert_eq!(num(&data6["ratio"]), 0.8);
    assert_eq!(num(&data6["balance_index"]), -0.1111);
    assert_eq!(data6["status"], "balanced");
    let cyber4 = row(&r, "MA-04", "cybersecurity");
    assert_eq!((num(&cyber4["demand"]), num(&cyber4["supply"])), (0.0, 9.0));
    // no range in the file: no range columns
    assert!(cyber.get("demand_low").is_none());
    // the assumptions are stated
    let a = &r["params"]["assumptions"];
    assert_eq!(a["file"], "a.toml");
    assert_eq!(a["lag_years"], 1);
    assert_eq!(a["identity"], false);
    assert_eq!(a["sha256"].as_str().unwrap().len(), 64);
    // the graduates of 2025 count in 2026: outside the period; those of 2024 are counted
    let g = &r["quality"]["inputs"][1];
    assert_eq!(g["input"], "graduates");
    assert_eq!(
        (
            g["rows_counted"].as_u64(),
            g["rows_outside_period"].as_u64()
        ),
        (Some(3), Some(1))
    );
}

#[test]
fn the_lag_moves_the_default_period() {
    // without --year: postings have 2025, graduates 2024 and 2025, counted in 2025 and 2026
    let wd = fixture();
    let r = json_report(&wd, &["--assumptions", "a.toml"]);
    assert_eq!(r["params"]["period_from"], 2025);
    assert_eq!(num(&row(&r, "MA-06", "cybersecurity")["supply"]), 6.0);
}

#[test]
fn ranges_give_the_scenario_extremes() {
    let wd = fixture();
    wd.write(
        "r.toml",
        ASSUMPTIONS.replace(
            "rekrute = 0.5",
            "rekrute = { low = 0.4, central = 0.5, high = 0.8 }",
        ),
    );
    let r = gap(&wd, &["--assumptions", "r.toml"]);
    let cyber = row(&r, "MA-06", "cybersecurity");
    // low demand divides by the high coverage: 6/0.8 + 4 = 11.5; high: 6/0.4 + 4 = 19
    assert_eq!(num(&cyber["demand_low"]), 11.5);
    assert_eq!(num(&cyber["demand"]), 16.0);
    assert_eq!(num(&cyber["demand_high"]), 19.0);
    assert_eq!(
        (num(&cyber["supply_low"]), num(&cyber["supply_high"])),
        (6.0, 6.0)
    );
    assert_eq!(
        (num(&cyber["gap_low"]), num(&cyber["gap_high"])),
        (5.5, 13.0)
    );
    // the csv header stays today's unless columns are named
    let mut args = BASE.to_vec();
    args.extend(["--format", "csv", "--assumptions", "r.toml"]);
    let csv = wd.run(&args).expect_success().stdout();
    assert!(csv.starts_with(
        "region_code,region,specialisation,specialisation_label,demand,supply,gap,ratio,balance_index,status,low_evidence\n"
    ));
    args.extend(["--columns", "gap_low,gap_high,demand_low"]);
    let csv = wd.run(&args).expect_success().stdout();
    let mut lines = csv.lines();
    assert!(lines
        .next()
        .unwrap()
        .ends_with(",low_evidence,gap_low,gap_high,demand_low"));
    assert!(
        lines.next().unwrap().ends_with(",false,5.5,13,11.5"),
        "{csv}"
    );
}

#[test]
fn the_interval_and_the_rating_say_when_the_data_are_thin() {
    let wd = fixture();
    let r = gap(&wd, &["--assumptions", "a.toml", "--rating"]);
    assert_eq!(r["params"]["rating"], "threshold");
    assert_eq!(r["params"]["interval"]["method"], "garwood");
    let cyber = row(&r, "MA-06", "cybersecurity");
    // 2 postings, 8 effective vacancies each: Garwood 90 % of 2 is [0.35536, 6.29579]
    assert_eq!(num(&cyber["demand_ci_low"]), 2.84);
    assert_eq!(num(&cyber["demand_ci_high"]), 50.37);
    assert_eq!(num(&cyber["gap_ci_low"]), -3.16);
    assert_eq!(num(&cyber["gap_ci_high"]), 44.37);
    assert_eq!(num(&cyber["ratio_ci_low"]), 0.4738);
    assert_eq!(num(&cyber["ratio_ci_high"]), 8.3944);
    // a shortage by its point estimate, but the interval straddles +0.2
    assert_eq!(cyber["status"], "shortage");
    assert_eq!(cyber["rating"], "no-assessment");
    // D + S = 4 and 9: below the minimum count of 10
    assert_eq!(row(&r, "MA-04", "data")["rating"], "no-assessment");
    assert_eq!(row(&r, "MA-04", "cybersecurity")["rating"], "no-assessment");
    // no supply at all: the ratio has no interval
    assert!(row(&r, "MA-04", "data")["ratio_ci_low"].is_null());
    // bands on supply ÷ demand: 6/16 = 0.38 undersupply, 10/8 = 1.25 slight surplus
    let b = gap(&wd, &["--assumptions", "a.toml", "--rating", "bands"]);
    assert_eq!(row(&b, "MA-06", "cybersecurity")["rating"], "undersupply");
    assert_eq!(row(&b, "MA-06", "data")["rating"], "slight-surplus");
    assert_eq!(row(&b, "MA-04", "data")["rating"], "no-assessment");
}

#[test]
fn band_edges_end_to_end() {
    // one cell, 100 vacancies against s graduates: s/100 rounded to 2 decimals, edges inclusive
    let wd = Workdir::new();
    wd.write(
        "p.csv",
        "posting_id,posted_date,title,specialisation,region,vacancies\nB1,2025-01-01,Comptable,accounting,Casablanca-Settat,100\n",
    );
    for (s, want) in [
        (59, "undersupply"),
        (60, "slight-shortage"),
        (90, "slight-shortage"),
        (91, "balanced"),
        (120, "balanced"),
        (121, "slight-surplus"),
        (149, "slight-surplus"),
        (150, "oversupply"),
    ] {
        wd.write(
            "g.csv",
            format!("year,region,field,graduates\n2025,Casablanca-Settat,accounting,{s}\n"),
        );
        let r = json_report(&wd, &["--rating", "bands"]);
        assert_eq!(r["rows"][0]["rating"], want, "{s}/100");
    }
}

#[test]
fn location_quotients_as_worked_by_hand() {
    let wd = fixture();
    let r = gap(&wd, &["--assumptions", "a.toml", "--concentration"]);
    let q = |reg, spec, f: &str| row(&r, reg, spec)[f].clone();
    assert_eq!(num(&q("MA-06", "cybersecurity", "lq_demand")), 1.1667);
    assert_eq!(num(&q("MA-06", "cybersecurity", "lq_supply")), 0.625);
    assert_eq!(num(&q("MA-06", "cybersecurity", "lq_ratio")), 1.8667);
    assert!(q("MA-06", "cybersecurity", "mismatch").is_null());
    assert_eq!(num(&q("MA-04", "data", "lq_demand")), 2.3333);
    assert_eq!(num(&q("MA-04", "data", "lq_supply")), 0.0);
    assert!(q("MA-04", "data", "lq_ratio").is_null());
    assert_eq!(q("MA-04", "data", "mismatch"), "train-where-the-jobs-are");
    assert_eq!(num(&q("MA-06", "data", "lq_demand")), 0.7778);
    assert_eq!(num(&q("MA-06", "data", "lq_supply")), 1.5625);
    assert_eq!(q("MA-06", "data", "mismatch"), "jobs-elsewhere");
    assert_eq!(num(&q("MA-04", "cybersecurity", "lq_supply")), 1.6667);
    assert_eq!(q("MA-04", "cybersecurity", "mismatch"), "jobs-elsewhere");
    // per 100,000 inhabitants (RGPH 2024: MA-06 7,688,967; MA-04 5,132,639)
    assert_eq!(num(&q("MA-06", "cybersecurity", "demand_per_100k")), 0.21);
    assert_eq!(num(&q("MA-04", "data", "demand_per_100k")), 0.08);
    assert_eq!(num(&q("MA-04", "cybersecurity", "supply_per_100k")), 0.18);
    assert!(r["params"]["populations"]
        .as_str()
        .unwrap()
        .contains("RGPH 2024"));
    // the HTML concentration view lists the mismatches, train-where-the-jobs-are first
    let mut args = BASE.to_vec();
    args.extend([
        "--format",
        "html",
        "--assumptions",
        "a.toml",
        "--concentration",
    ]);
    let html = wd.run(&args).expect_success().stdout();
    let view = &html[html
        .find("<h2>Regional concentration</h2>")
        .expect("a concentration view")..];
    let train = view.find("train where the jobs are").unwrap();
    let elsewhere = view.find("jobs elsewhere").unwrap();
    assert!(train < elsewhere);
}

#[test]
fn populations_can_be_overridden_with_the_taxonomy() {
    let wd = fixture();
    wd.write(
        "tax/populations.csv",
        "code,population_2024\nMA-06,1600000\n",
    );
    // populations.csv alone is a taxonomy directory: it overrides the populations only
    let r = gap(&wd, &["--concentration", "--taxonomy", "tax"]);
    // 10 vacancies of cybersecurity in MA-06 per 1.6 million: 0.625 per 100,000
    assert_eq!(
        num(&row(&r, "MA-06", "cybersecurity")["demand_per_100k"]),
        0.63
    );
    assert!(r["params"]["populations"]
        .as_str()
        .unwrap()
        .contains("overridden by"));
    assert!(r["params"]["taxonomy_version"]
        .as_str()
        .unwrap()
        .ends_with("+custom"));
    // beside the coder's files only, it is read all the same
    wd.write(
        "tax/sectors.csv",
        include_str!("../../taxonomy/sectors.csv"),
    );
    let r = gap(&wd, &["--concentration", "--taxonomy", "tax"]);
    assert_eq!(
        num(&row(&r, "MA-06", "cybersecurity")["demand_per_100k"]),
        0.63
    );
    // a directory with none of the files is refused, naming every file it could hold
    wd.write("none/notes.txt", "x");
    let mut args = BASE.to_vec();
    args.extend(["--taxonomy", "none"]);
    let err = wd.run(&args).expect_error(1);
    for file in ["families.csv", "populations.csv", "titles.csv"] {
        assert!(err.contains(file), "{err}");
    }
}

#[test]
fn identity_assumptions_change_no_figure() {
    let wd = Workdir::new();
    wd.standard_inputs();
    wd.write(
        "id.toml",
        "lag_years = 0\n[coverage]\ndefault = 1\nrekrute = 1.0\n[leakage]\nict = 0\n",
    );
    let base = [
        "gap",
        "--postings",
        "postings.csv",
        "--graduates",
        "graduates.csv",
        "--totals",
    ];
    for format in ["csv", "table", "md", "ndjson", "json"] {
        let mut plain = base.to_vec();
        plain.extend(["--format", format]);
        let mut with = plain.clone();
        with.extend(["--assumptions", "id.toml"]);
        let (a, b) = (
            wd.run(&plain).expect_success().stdout(),
            wd.run(&with).expect_success().stdout(),
        );
        if format == "json" {
            let mut b: Value = serde_json::from_str(&b).unwrap();
            let stated = b["params"]
                .as_object_mut()
                .unwrap()
                .remove("assumptions")
                .unwrap();
            assert_eq!(stated["identity"], true);
            assert_eq!(serde_json::from_str::<Value>(&a).unwrap(), b);
        } else {
            assert_eq!(a, b, "{format}");
        }
    }
}

#[test]
fn bad_assumptions_are_usage_errors_with_the_line() {
    let wd = fixture();
    wd.write("bad.toml", "lag_years = 1\n[coverage]\nrekrute = 0\n");
    let mut args = BASE.to_vec();
    args.extend(["--assumptions", "bad.toml"]);
    let err = wd.run(&args).expect_error(2);
    assert!(
        err.contains("bad.toml, line 3") && err.contains("above 0"),
        "{err}"
    );
    wd.write("unknown.toml", "[coverge]\nx = 1\n");
    args.pop();
    args.push("unknown.toml");
    let err = wd.run(&args).expect_error(2);
    assert!(err.contains("line 1") && err.contains("coverge"), "{err}");
}

#[test]
fn init_writes_an_assumptions_file_that_a_job_can_use() {
    let wd = fixture();
    wd.run(&["init", "new"]).expect_success();
    let text = wd.read("new/assumptions.toml");
    assert!(text.contains("Cedefop") && text.contains("APEBI"));
    wd.write("new/p.csv", POSTINGS);
    wd.write("new/g.csv", GRADUATES);
    wd.write(
        "new/j.toml",
        "postings = \"p.csv\"\ngraduates = \"g.csv\"\nyear = 2025\nassumptions = \"assumptions.toml\"\n[[report]]\nrating = \"bands\"\nconcentration = true\noutput = \"out.json\"\n",
    );
    wd.run(&["run", "new/j.toml"]).expect_success();
    let r: Value = serde_json::from_str(&wd.read("new/out.json")).unwrap();
    assert_eq!(r["params"]["assumptions"]["file"], "assumptions.toml");
    assert!(row(&r, "MA-06", "cybersecurity")
        .get("demand_low")
        .is_some());
    let manifest: Value = serde_json::from_str(&wd.read("new/manifest.json")).unwrap();
    assert_eq!(
        manifest["assumptions"]["sha256"],
        r["params"]["assumptions"]["sha256"]
    );
}

#[test]
fn by_region_the_regional_view_lists_where_to_train() {
    let wd = fixture();
    let r = gap(
        &wd,
        &[
            "--assumptions",
            "a.toml",
            "--concentration",
            "--by",
            "region",
        ],
    );
    // the regions' own balance, per 100,000 inhabitants: MA-06 demand 16 + 8 = 24
    let casa = r["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["region_code"] == "MA-06")
        .unwrap();
    assert_eq!(num(&casa["demand"]), 24.0);
    assert_eq!(num(&casa["demand_per_100k"]), 0.31);
    assert!(casa["lq_demand"].is_null());
    // the cells of region × specialisation with a class: train where the jobs are first, then
    // jobs elsewhere from the smallest LQ ratio (MA-04 cyber: 0, MA-06 data: 0.7778/1.5625)
    let m = texts(
        &r["mismatches"],
        &["region_code", "specialisation", "mismatch"],
    );
    let want = [
        ["MA-04", "data", "train-where-the-jobs-are"],
        ["MA-04", "cybersecurity", "jobs-elsewhere"],
        ["MA-06", "data", "jobs-elsewhere"],
    ];
    assert_eq!(m, want);
    assert_eq!(num(&r["mismatches"][2]["lq_ratio"]), 0.4978);
    // with the quotients of their family beside: every specialisation here is `ict`, so a
    // region's share of its family is its share of everything (1)
    let fam = &r["mismatches"][0];
    assert_eq!(
        [num(&fam["lq_family_demand"]), num(&fam["lq_family_supply"])],
        [1.0, 1.0]
    );
    // without --concentration the key is absent
    assert!(gap(&wd, &["--by", "region"]).get("mismatches").is_none());
}

#[test]
fn the_formats_for_people_state_assumptions_that_change_the_figures() {
    let wd = fixture();
    for format in ["table", "md"] {
        let mut args = BASE.to_vec();
        args.extend(["--format", format, "--assumptions", "a.toml"]);
        let out = wd.run(&args).expect_success().stdout();
        assert!(
            out.contains("Assumptions: a.toml (SHA-256 ")
                && out.contains("years = 1; coverage: default 1; rekrute 0.5"),
            "{format}: {out}"
        );
    }
}

#[test]
fn validate_checks_an_assumptions_file_against_the_inputs() {
    let wd = fixture();
    // the fixture's file, with a source, a level and a specialisation that the inputs lack
    wd.write(
        "b.toml",
        "lag_years = 1\n[coverage]\nrekrute = 0.5\nmonster = 0.2\ndefault = 1\n\
         [entry_rate]\nLicence = 0.8\nDoctorat = 0.9\n[leakage]\ndata = 0.5\nict = 0.25\n\
         nursing = 0.1\n",
    );
    let args = [
        "validate",
        "--postings",
        "p.csv",
        "--graduates",
        "g.csv",
        "--assumptions",
        "b.toml",
    ];
    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json"]);
    let run = wd.run(&json_args);
    let r = run.expect_success().json();
    let c = &r["assumptions"];
    // vacancies: rekrute 6 + 2, the anapec board 4 + 8: 20; openings 8 / 0.5 + 12 = 28
    assert_eq!(num(&c["vacancies"]), 20.0);
    for x in c["openings"].as_array().unwrap() {
        assert_eq!(num(x), 28.0);
    }
    // graduates of every cohort: 10 + 20 + 12 + 100 = 142; entrants: cybersecurity Licence
    // (10 + 100) × 0.8 × 0.75 = 66, data Master 20 × 0.5 = 10, cybersecurity Master 12 × 0.75 = 9
    assert_eq!(num(&c["graduates"]), 142.0);
    for x in c["entrants"].as_array().unwrap() {
        assert!((num(x) - 85.0).abs() < 1e-9, "{x}");
    }
    assert_eq!(c["lag_years"], 1);
    let warnings: Vec<&str> = c["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    assert_eq!(warnings.len(), 3, "{warnings:?}");
    assert!(warnings[0]
        .starts_with("b.toml, line 4: `coverage.monster`: no posting counted has this source"));
    assert!(warnings[1]
        .starts_with("b.toml, line 8: `entry_rate.Doctorat`: no graduate counted has this level"));
    assert!(warnings[2].starts_with("b.toml, line 12: `leakage.nursing`"));
    // the data quality's own fields are unchanged beside it
    let plain = wd
        .run(&[
            "validate",
            "--postings",
            "p.csv",
            "--graduates",
            "g.csv",
            "--format",
            "json",
        ])
        .expect_success()
        .json();
    let mut without = r.clone();
    without.as_object_mut().unwrap().remove("assumptions");
    assert_eq!(without, plain);
    // the table says the same, and the warnings go to stderr too
    let run = wd.run(&args);
    run.expect_success();
    run.expect_stdout_contains(&[
        "Under the assumptions of b.toml (SHA-256 ",
        "stand for 28",
        "give 85",
        "warning: b.toml, line 4: `coverage.monster`",
    ]);
    run.expect_stderr_contains("b.toml, line 12: `leakage.nursing`");
}

/// The fixture with `c.toml`: `a.toml` with rekrute's coverage 0.25 / 0.5 / 1.
fn ranged_fixture() -> Workdir {
    let wd = fixture();
    wd.write(
        "c.toml",
        ASSUMPTIONS.replace(
            "rekrute = 0.5",
            "rekrute = { low = 0.25, central = 0.5, high = 1 }",
        ),
    );
    wd
}

/// The subtotal row of `--totals` whose codes are `region` and `spec` (`total` where summed).
fn total_row<'a>(report: &'a Value, region: &str, spec: &str) -> &'a Value {
    report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rank"] == 0 && r["region_code"] == region && r["specialisation"] == spec)
        .unwrap_or_else(|| panic!("no subtotal {region} {spec}"))
}

/// `--totals` rows carry the indicators that sum: on the fixture of this module, with `c.toml` (the
/// assumptions of `a.toml`, rekrute's coverage as low 0.25, central 0.5, high 1):
///
/// | subtotal      | postings | D range (rows summed)       | S  | gap range            |
/// |---------------|----------|-----------------------------|----|----------------------|
/// | MA-06         | 3        | [10 + 8, 28 + 8] = [18, 36] | 16 | [2, 20]              |
/// | cybersecurity | 2        | [10 + 0, 28 + 0] = [10, 28] | 15 | [−5, 13]             |
/// | total         | 4        | [10 + 2 + 8, 28 + 8 + 8] = [20, 44] | 25 | [−5, 19]     |
///
/// (MA-06 cybersecurity: 6/c + 4 in 10, 16, 28; MA-04 data: 2/c in 2, 4, 8; MA-06 data: 8.)
/// Intervals: the Garwood interval of the summed count, × the effective vacancies per posting,
/// stretched to the scenario range as a row's: the total's 4 postings carry 28 vacancies:
/// [chi2(0.05; 8)/2, chi2(0.95; 10)/2] × 7 = [9.5642, 64.0746] (scipy), × 20/28 and × 44/28 =
/// [6.83, 100.69], so its balance index runs from below −0.2 to above 0.2: no assessment. MA-06's
/// 3 postings carry 24: [6.5415, 62.0293] × 18/24 and × 36/24 = [4.91, 93.04]. The rows'
/// intervals summed would be another, wrong, figure.
#[test]
fn subtotals_carry_the_indicators_that_sum() {
    let wd = ranged_fixture();
    let r = gap(
        &wd,
        &[
            "--assumptions",
            "c.toml",
            "--rating",
            "--concentration",
            "--columns",
            "demand_ci_low,demand_ci_high",
            "--totals",
        ],
    );
    let pair = |v: &Value, a: &str, b: &str| [num(&v[a]), num(&v[b])];
    let t = total_row(&r, "total", "total");
    assert_eq!((num(&t["demand"]), num(&t["supply"])), (28.0, 25.0));
    assert_eq!(pair(t, "demand_low", "demand_high"), [20.0, 44.0]);
    assert_eq!(pair(t, "gap_low", "gap_high"), [-5.0, 19.0]);
    assert_eq!(pair(t, "demand_ci_low", "demand_ci_high"), [6.83, 100.69]);
    assert_eq!(t["rating"], "no-assessment");
    let m = total_row(&r, "MA-06", "total");
    assert_eq!(pair(m, "demand_low", "demand_high"), [18.0, 36.0]);
    assert_eq!(pair(m, "gap_low", "gap_high"), [2.0, 20.0]);
    assert_eq!(pair(m, "demand_ci_low", "demand_ci_high"), [4.91, 93.04]);
    // a region's subtotal has its rates per 100,000 inhabitants, not location quotients (1 by
    // definition over every specialisation)
    assert!(num(&m["demand_per_100k"]) > 0.0);
    assert!(m["lq_demand"].is_null());
    let c = total_row(&r, "total", "cybersecurity");
    assert_eq!(pair(c, "demand_low", "demand_high"), [10.0, 28.0]);
    assert_eq!(pair(c, "gap_low", "gap_high"), [-5.0, 13.0]);
    assert!(c["demand_per_100k"].is_null());
    // the interval is not the rows' intervals summed
    let rows_summed: f64 = (r["rows"].as_array().unwrap().iter())
        .filter(|x| x["rank"] != 0)
        .map(|x| num(&x["demand_ci_low"]))
        .sum();
    assert!((rows_summed - 6.83).abs() > 1.0, "{rows_summed}");
}

/// The rows of a workbook's sheet, each cell as text (numbers as Rust writes them), the header
/// first.
fn sheet_rows(path: &std::path::Path, name: &str) -> Vec<Vec<String>> {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let range = wb.worksheet_range(name).unwrap();
    (range.rows())
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Float(x) => x.to_string(),
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

/// The workbook's roll-up sheets carry the indicators of subtotals, from the roll-ups the
/// pipeline makes (with `c.toml`: rekrute's coverage 0.25 / 0.5 / 1):
///
/// | roll-up | D (low–high)              | S  | postings (vacancies) | 90 % interval of D              |
/// |---------|---------------------------|----|----------------------|---------------------------------|
/// | MA-06   | 16 + 8 = 24 (18–36)       | 16 | 3 (24)               | [4.91, 93.04], as its subtotal  |
/// | MA-04   | 2/0.5 = 4 (2–8)           | 9  | 1 (4)                | Garwood(1) = [0.051293, 4.743865] × 4 × 2/4 and × 8/4 = [0.1, 37.95] |
/// | data    | 4 + 8 = 12 (10–16)        | 10 | 2 (12)               | Garwood(2) = [0.355362, 6.295794] × 6 × 10/12 and × 16/12 = [1.78, 50.37] |
/// | cyber   | 16 + 0 = 16 (10–28)       | 15 | 2 (16)               | × 8 × 10/16 and × 28/16 = [1.78, 88.14] |
///
/// MA-04: gap −5, ratio 4/9 = 0.4444, balance −5/13 = −0.3846 (surplus), 13 ≥ 10 (not low
/// evidence); per 100,000 of its 5,132,639 inhabitants 4 → 0.08 and 9 → 0.18; MA-06's 7,688,967:
/// 24 → 0.31, 16 → 0.21. Sorted by gap: MA-06 (8) before MA-04 (−5), data (2) before cyber (1).
/// With `--totals` the sheets sum the ranked rows alone (the subtotals were counted twice once).
#[test]
fn rollup_sheets_carry_the_indicators_of_subtotals() {
    let wd = ranged_fixture();
    let mut args = BASE.to_vec();
    args.extend([
        "--assumptions",
        "c.toml",
        "--rating",
        "--concentration",
        "--totals",
        "-o",
        "r.xlsx",
    ]);
    wd.run(&args).expect_success();
    let path = wd.path().join("r.xlsx");
    let regions = sheet_rows(&path, "By region");
    let header = &regions[0];
    let col = |name: &str| {
        (header.iter().position(|h| h == name)).unwrap_or_else(|| panic!("no {name}: {header:?}"))
    };
    let pick = |row: &[String], names: &[&str]| -> Vec<String> {
        names.iter().map(|n| row[col(n)].clone()).collect()
    };
    let shown = [
        "Region code",
        "Demand/yr",
        "Supply/yr",
        "Gap",
        "Ratio",
        "Balance",
        "Status",
        "Low evidence",
        "Rating",
        "Demand (low)",
        "Demand (high)",
        "Gap (low)",
        "Gap (high)",
        "Demand, 90% interval, low",
        "Demand, 90% interval, high",
        "Demand per 100,000 inhabitants",
        "Supply per 100,000 inhabitants",
    ];
    let got: Vec<Vec<String>> = regions[1..].iter().map(|r| pick(r, &shown)).collect();
    let want = [
        [
            "MA-06",
            "24",
            "16",
            "8",
            "1.5",
            "0.2",
            "balanced",
            "no",
            "no assessment",
            "18",
            "36",
            "2",
            "20",
            "4.91",
            "93.04",
            "0.31",
            "0.21",
        ],
        [
            "MA-04",
            "4",
            "9",
            "-5",
            "0.4444",
            "-0.3846",
            "surplus",
            "no",
            "no assessment",
            "2",
            "8",
            "-7",
            "-1",
            "0.1",
            "37.95",
            "0.08",
            "0.18",
        ],
    ];
    assert_eq!(got, want);
    // no location quotient on a roll-up: 1 by definition over every specialisation
    assert!(!header.iter().any(|h| h.starts_with("LQ")), "{header:?}");
    let specs = sheet_rows(&path, "By specialisation");
    let header = &specs[0];
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let got: Vec<[String; 5]> = (specs[1..].iter())
        .map(|r| {
            [
                "Specialisation id",
                "Demand (low)",
                "Demand (high)",
                "Demand, 90% interval, low",
                "Demand, 90% interval, high",
            ]
            .map(|n| r[col(n)].clone())
        })
        .collect();
    assert_eq!(
        got,
        [
            ["data", "10", "16", "1.78", "50.37"],
            ["cybersecurity", "10", "28", "1.78", "88.14"],
        ]
    );
    assert!(!header.iter().any(|h| h.contains("100,000")), "{header:?}");
    // without an indicator the sheets are as they always were: no status, no evidence
    let mut plain = BASE.to_vec();
    plain.extend(["-o", "p.xlsx"]);
    wd.run(&plain).expect_success();
    let rows = sheet_rows(&wd.path().join("p.xlsx"), "By region");
    assert_eq!(
        rows[0],
        [
            "Region code",
            "Region",
            "Demand/yr",
            "Supply/yr",
            "Gap",
            "Ratio",
            "Balance"
        ]
    );
}

/// The location quotients of the region × the specialisation's family, beside the
/// specialisation's own, worked by hand on postings and graduates of 2025 in two families
/// (cybersecurity and data are `ict`, accounting `business`):
///
/// | region | demand: ict, business (total) | supply: ict, business (total) |
/// |--------|-------------------------------|-------------------------------|
/// | MA-06  | 6 + 4 = 10, 10 (20)           | 20, 20 (40)                   |
/// | MA-04  | 8, 2 (10)                     | 10, 30 (40)                   |
/// | all    | 18, 12 (30)                   | 30, 50 (80)                   |
///
/// LQ demand: MA-06 ict 10·30/(20·18) = 0.8333, business 10·30/(20·12) = 1.25; MA-04 ict
/// 8·30/(10·18) = 1.3333, business 2·30/(10·12) = 0.5. LQ supply: MA-06 ict 20·80/(40·30) =
/// 1.3333, business 20·80/(40·50) = 0.8; MA-04 ict 10·80/(40·30) = 0.6667, business
/// 30·80/(40·50) = 1.2. MA-04 data's own: demand 8·30/(10·12) = 2, supply 10·80/(40·10) = 2.
#[test]
fn family_quotients_beside_the_specialisations() {
    let wd = Workdir::new();
    wd.write(
        "p.csv",
        "posting_id,posted_date,title,specialisation,region,city,vacancies,source
P1,2025-03-01,x,cybersecurity,Casablanca-Settat,,6,rekrute
P2,2025-03-01,x,data,Casablanca-Settat,,4,rekrute
P3,2025-03-01,x,accounting,Casablanca-Settat,,10,rekrute
P4,2025-03-01,x,data,Rabat-Salé-Kénitra,,8,rekrute
P5,2025-03-01,x,accounting,Rabat-Salé-Kénitra,,2,rekrute
",
    );
    wd.write(
        "g.csv",
        "year,region,institution,field,level,graduates
2025,Casablanca-Settat,X,cybersecurity,Licence,20
2025,Casablanca-Settat,X,accounting,Licence,20
2025,Rabat-Salé-Kénitra,X,data,Licence,10
2025,Rabat-Salé-Kénitra,X,accounting,Licence,30
",
    );
    let r = gap(&wd, &["--concentration"]);
    let fam = |region: &str, spec: &str| {
        let x = row(&r, region, spec);
        [num(&x["lq_family_demand"]), num(&x["lq_family_supply"])]
    };
    assert_eq!(fam("MA-06", "cybersecurity"), [0.8333, 1.3333]);
    assert_eq!(fam("MA-06", "data"), [0.8333, 1.3333]);
    assert_eq!(fam("MA-06", "accounting"), [1.25, 0.8]);
    assert_eq!(fam("MA-04", "data"), [1.3333, 0.6667]);
    assert_eq!(fam("MA-04", "accounting"), [0.5, 1.2]);
    let own = row(&r, "MA-04", "data");
    assert_eq!([num(&own["lq_demand"]), num(&own["lq_supply"])], [2.0, 2.0]);
    // only by region × specialisation: by region × family the rows are the families already
    let by_family = gap(&wd, &["--concentration", "--by", "region,family"]);
    let first = &by_family["rows"][0];
    assert!(first.get("lq_demand").is_some());
    assert!(first.get("lq_family_demand").is_none(), "{first}");
    // CSV when named; the default header is today's
    let mut args = BASE.to_vec();
    args.extend([
        "--format",
        "csv",
        "--columns",
        "lq_family_demand,lq_family_supply",
    ]);
    let csv = wd.run(&args).expect_success().stdout();
    let header = csv.lines().next().unwrap();
    assert!(
        header.ends_with(",lq_family_demand,lq_family_supply"),
        "{header}"
    );
    let line = (csv.lines()).find(|l| l.starts_with("MA-04,") && l.contains(",accounting,"));
    assert!(line.unwrap().ends_with(",0.5,1.2"), "{csv}");
    // the workbook's Gaps sheet has them
    let mut args = BASE.to_vec();
    args.extend(["--concentration", "-o", "r.xlsx"]);
    wd.run(&args).expect_success();
    let gaps = sheet_rows(&wd.path().join("r.xlsx"), "Gaps");
    assert!(
        gaps[0].iter().any(|h| h == "LQ demand, family"),
        "{:?}",
        gaps[0]
    );
}
