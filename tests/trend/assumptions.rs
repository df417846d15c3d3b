//! `skillgap trend --assumptions` on a fixture worked out by hand: every year's demand and
//! supply scaled before the fit, the lag, and the scenarios' range beside the interval.
//!
//! # The fixture
//!
//! One cell, cybersecurity (family ict) in Casablanca-Settat, postings of 2020 to 2024 on two
//! boards and graduates of the cohorts 2019 to 2024 at two levels; both double every year:
//!
//! | year | rekrute | anapec | cohort | Licence | Master |
//! |------|---------|--------|--------|---------|--------|
//! | 2020 | 5       | 10     | 2019   | 125     | 100    |
//! | 2021 | 10      | 20     | 2020   | 250     | 200    |
//! | 2022 | 20      | 40     | 2021   | 500     | 400    |
//! | 2023 | 40      | 80     | 2022   | 1000    | 800    |
//! | 2024 | 80      | 160    | 2023   | 2000    | 1600   |
//! |      |         |        | 2024   | 4000    | 3200   |
//!
//! Assumptions (`a.toml`): lag 1; coverage rekrute low 0.4, central 0.5, high 1 (anapec: the
//! default, 1); entry rate Licence low 0.5, central 0.8, high 1 (Master: 1); leakage ict 0.25.
//!
//! **Demand** of year Y = rekrute ÷ coverage + anapec. Central: 5/0.5 + 10 = 20 in 2020, then 40,
//! 80, 160, 320. Low divides by the high coverage: 5/1 + 10 = 15, then 30, 60, 120, 240. High:
//! 5/0.4 + 10 = 22.5, then 45, 90, 180, 360.
//!
//! **Supply** of year Y = the cohort of Y − 1 (the lag): (Licence × entry + Master) × (1 − 0.25).
//! 2020 takes the cohort 2019, which the file has (a cohort before the span counts in its first
//! year); the cohort 2024 would count in 2025, after the last observed year, and is not used.
//! Central: (125 × 0.8 + 100) × 0.75 = 150 in 2020, then 300, 600, 1200, 2400. Low (low entry
//! rate): (62.5 + 100) × 0.75 = 121.875 → 121.88, then 243.75, 487.5, 975, 1950. High: (125 + 100)
//! × 0.75 = 168.75, then 337.5, 675, 1350, 2700.
//!
//! **Projection.** Every scenario's series doubles exactly: the log-linear fit has no residual,
//! its interval is a point. 2025: demand 640 (low scenario 480, high 720), supply 4800 (low 3900,
//! high 5400). The range is the union of the three scenarios' intervals: demand [480, 720],
//! supply [3900, 5400], gap [480 − 5400, 720 − 3900] = [−4920, −3180]; the gap itself is
//! 640 − 4800 = −4160. An observed year's range is the lowest and highest of the three values:
//! 2020 gap [15 − 168.75, 22.5 − 121.88] = [−153.75, −99.38].
//!
//! Without the assumptions, the same cell has demand 15, 30, ..., 240 and supply the cohort of the
//! year itself: 450 in 2020, ..., 7200 in 2024.

use serde_json::Value;

use crate::workdir::Workdir;

const ASSUMPTIONS: &str = "lag_years = 1
[coverage]
rekrute = { low = 0.4, central = 0.5, high = 1 }
[entry_rate]
Licence = { low = 0.5, central = 0.8, high = 1 }
[leakage]
ict = 0.25
";

fn fixture() -> Workdir {
    let wd = Workdir::new();
    let mut postings =
        String::from("posting_id,posted_date,title,specialisation,region,city,vacancies,source\n");
    let mut graduates = String::from("year,region,institution,field,level,graduates\n");
    for (i, year) in (2020..=2024).enumerate() {
        let k = 1u32 << i;
        for (board, n) in [("rekrute", 5 * k), ("anapec", 10 * k)] {
            postings.push_str(&format!(
                "{board}{year},{year}-04-01,Analyste SOC,cybersecurity,Casablanca-Settat,,{n},{board}\n"
            ));
        }
    }
    for (i, cohort) in (2019..=2024).enumerate() {
        let k = 1u32 << i;
        for (level, n) in [("Licence", 125 * k), ("Master", 100 * k)] {
            graduates.push_str(&format!(
                "{cohort},Casablanca-Settat,X,cybersecurity,{level},{n}\n"
            ));
        }
    }
    wd.write("p.csv", postings);
    wd.write("g.csv", graduates);
    wd.write("a.toml", ASSUMPTIONS);
    wd
}

fn trend(wd: &Workdir, extra: &[&str]) -> crate::workdir::Run {
    let mut args = vec![
        "trend",
        "--postings",
        "p.csv",
        "--graduates",
        "g.csv",
        "--by",
        "specialisation",
        "--horizon",
        "2025",
    ];
    args.extend_from_slice(extra);
    wd.run(&args)
}

const HEADER: &str = "specialisation,specialisation_label,year,kind,demand,demand_low,\
                      demand_high,supply,supply_low,supply_high,gap,gap_low,gap_high,method";

#[test]
fn coverage_entry_leakage_and_lag_scale_every_year_before_the_fit() {
    let wd = fixture();
    let run = trend(&wd, &["--assumptions", "a.toml", "--format", "csv"]);
    run.expect_success();
    run.expect_stdout(&crate::lines(&[
        &format!(
            "{HEADER},demand_scenario_low,demand_scenario_high,supply_scenario_low,\
             supply_scenario_high,gap_scenario_low,gap_scenario_high"
        ),
        "cybersecurity,Cybersecurity,2020,observed,20,,,150,,,-130,,,,15,22.5,121.88,168.75,-153.75,-99.38",
        "cybersecurity,Cybersecurity,2021,observed,40,,,300,,,-260,,,,30,45,243.75,337.5,-307.5,-198.75",
        "cybersecurity,Cybersecurity,2022,observed,80,,,600,,,-520,,,,60,90,487.5,675,-615,-397.5",
        "cybersecurity,Cybersecurity,2023,observed,160,,,1200,,,-1040,,,,120,180,975,1350,-1230,-795",
        "cybersecurity,Cybersecurity,2024,observed,320,,,2400,,,-2080,,,,240,360,1950,2700,-2460,-1590",
        "cybersecurity,Cybersecurity,2025,projected,640,640,640,4800,4800,4800,-4160,-4160,-4160,log-linear,480,720,3900,5400,-4920,-3180",
    ]));

    // without the file: the counts as they are, the supply of each year its own cohort
    let plain = trend(&wd, &["--format", "csv"]);
    plain.expect_success();
    let rows: Vec<String> = plain.stdout().lines().map(String::from).collect();
    assert_eq!(rows[0], HEADER);
    assert_eq!(
        rows[1],
        "cybersecurity,Cybersecurity,2020,observed,15,,,450,,,-435,,,"
    );
    assert_eq!(
        rows[5],
        "cybersecurity,Cybersecurity,2024,observed,240,,,7200,,,-6960,,,"
    );
}

#[test]
fn the_report_states_the_assumptions_and_the_json_carries_the_range() {
    let wd = fixture();
    let run = trend(&wd, &["--assumptions", "a.toml", "--format", "json"]);
    let json = run.expect_success().json();
    let stated = &json["params"]["assumptions"];
    assert_eq!(stated["file"], "a.toml");
    assert_eq!(stated["lag_years"], 1);
    assert_eq!(stated["sha256"].as_str().unwrap().len(), 64);
    let projected = &json["cells"][0]["series"][5];
    assert_eq!(projected["year"], 2025);
    assert_eq!(
        projected["range"]["demand"],
        serde_json::json!([480.0, 720.0])
    );
    assert_eq!(
        projected["range"]["gap"],
        serde_json::json!([-4920.0, -3180.0])
    );

    let md = trend(&wd, &["--assumptions", "a.toml", "--format", "md"]);
    let text = md.expect_success().stdout();
    assert!(text.contains("Assumptions: a.toml (SHA-256 "), "{text}");
    assert!(text.contains("lag\\_years = 1"), "{text}");
    assert!(
        text.contains("union of the three 90% prediction intervals"),
        "{text}"
    );
}

#[test]
fn with_a_lag_the_span_starts_where_the_first_cohort_counts() {
    let wd = fixture();
    // without the cohort 2019, the supply of 2020 is unknown: the span starts in 2021
    let g = wd.read("g.csv");
    let later: Vec<&str> = g.lines().filter(|l| !l.starts_with("2019,")).collect();
    wd.write("g.csv", crate::lines(&later));
    let run = trend(&wd, &["--assumptions", "a.toml", "--format", "csv"]);
    run.expect_success();
    let years: Vec<String> = (run.stdout().lines().skip(1))
        .map(|l| l.split(',').nth(2).unwrap().to_string())
        .collect();
    assert_eq!(years, ["2021", "2022", "2023", "2024", "2025"]);
    // asking for 2020 is a usage error that says why, not a supply of 0
    let err = trend(
        &wd,
        &[
            "--assumptions",
            "a.toml",
            "--from",
            "2020",
            "--format",
            "csv",
        ],
    )
    .expect_error(2);
    assert!(
        err.contains("the first cohort of the graduates (2020) counts in 2021")
            && err.contains("supply of 2020 is unknown"),
        "{err}"
    );
}

#[test]
fn identity_assumptions_reproduce_the_trend_byte_for_byte() {
    let wd = Workdir::new();
    for name in ["postings.csv", "graduates.csv", "targets.csv"] {
        wd.fixture(&format!("trend/{name}"));
    }
    wd.write(
        "id.toml",
        "lag_years = 0\n[coverage]\ndefault = 1\nrekrute = 1.0\n[entry_rate]\nLicence = 1\n[leakage]\nict = 0\n",
    );
    let base = [
        "trend",
        "--postings",
        "trend/postings.csv",
        "--graduates",
        "trend/graduates.csv",
        "--targets",
        "trend/targets.csv",
    ];
    for by in ["specialisation", "region,family", "region"] {
        for format in ["csv", "table", "md", "ndjson", "json"] {
            let mut plain = base.to_vec();
            plain.extend(["--by", by, "--format", format]);
            let mut with = plain.clone();
            with.extend(["--assumptions", "id.toml"]);
            let (a, b) = (wd.run(&plain), wd.run(&with));
            a.expect_success();
            b.expect_success();
            if format == "json" {
                // the JSON states the file it was given, and nothing else changes
                let (mut x, y): (Value, Value) = (a.json(), b.json());
                let stated = y["params"]["assumptions"].clone();
                assert_eq!(stated["identity"], true);
                x["params"]["assumptions"] = stated;
                assert_eq!(x, y, "{by}");
            } else {
                assert_eq!(a.stdout_bytes(), b.stdout_bytes(), "{by} {format}");
            }
        }
        let mut summary = base.to_vec();
        summary.extend(["--by", by, "--format", "csv", "--summary"]);
        let mut with = summary.clone();
        with.extend(["--assumptions", "id.toml"]);
        assert_eq!(
            wd.run(&summary).expect_success().stdout_bytes(),
            wd.run(&with).expect_success().stdout_bytes()
        );
    }
}

#[test]
fn a_job_applies_its_assumptions_to_the_trend_and_records_them_in_the_manifest() {
    let wd = fixture();
    wd.write(
        "job.toml",
        "postings = \"p.csv\"\ngraduates = \"g.csv\"\nassumptions = \"a.toml\"\n\n\
         [[trend]]\nby = [\"specialisation\"]\nhorizon = 2025\noutput = \"out/trend.csv\"\n",
    );
    wd.run(&["run", "job.toml"]).expect_success();
    let cli = trend(&wd, &["--assumptions", "a.toml", "--format", "csv"]);
    assert_eq!(wd.read("out/trend.csv"), cli.expect_success().stdout());
    let manifest: Value = serde_json::from_str(&wd.read("out/manifest.json")).unwrap();
    assert_eq!(manifest["assumptions"]["path"], "a.toml");
    assert_eq!(
        manifest["assumptions"]["sha256"].as_str().unwrap().len(),
        64
    );
    // a trend's own file replaces the job's: the identity here
    wd.write("id.toml", "");
    wd.write(
        "job.toml",
        "postings = \"p.csv\"\ngraduates = \"g.csv\"\nassumptions = \"a.toml\"\n\n\
         [[trend]]\nby = [\"specialisation\"]\nhorizon = 2025\nassumptions = \"id.toml\"\n\
         output = \"out/trend.csv\"\n",
    );
    wd.run(&["run", "job.toml"]).expect_success();
    let plain = trend(&wd, &["--format", "csv"]);
    assert_eq!(wd.read("out/trend.csv"), plain.expect_success().stdout());
}

/// The summary (one row per cell) and the tables for people carry the scenario range too: the
/// gap of the last observed year, 2024: [240 − 2700, 360 − 1950] = [−2460, −1590]; at the
/// horizon, 2025: demand [480, 720], supply [3900, 5400], gap [−4920, −3180].
#[test]
fn the_summary_and_the_tables_for_people_show_the_scenario_range() {
    let wd = fixture();
    let csv = trend(
        &wd,
        &["--assumptions", "a.toml", "--format", "csv", "--summary"],
    )
    .expect_success()
    .stdout();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let row: Vec<&str> = lines.next().unwrap().split(',').collect();
    let ranges = [
        ("gap_last_scenario_low", "-2460"),
        ("gap_last_scenario_high", "-1590"),
        ("demand_horizon_scenario_low", "480"),
        ("demand_horizon_scenario_high", "720"),
        ("supply_horizon_scenario_low", "3900"),
        ("supply_horizon_scenario_high", "5400"),
        ("gap_horizon_scenario_low", "-4920"),
        ("gap_horizon_scenario_high", "-3180"),
    ];
    for (id, want) in ranges {
        let at = header.iter().position(|h| *h == id);
        assert_eq!(at.map(|i| row[i]), Some(want), "{id}: {csv}");
    }
    // without the file (or with ranges nowhere) the summary's header is as it always was
    let plain = trend(&wd, &["--format", "csv", "--summary"])
        .expect_success()
        .stdout();
    assert!(!plain.contains("scenario"), "{plain}");
    // the table, Markdown and HTML formats show them with their titles
    for (format, needles) in [
        ("table", ["Gap at horizon, low scenario", "-4920", "-1590"]),
        ("md", ["Gap at horizon, low scenario", "-4920", "-1590"]),
        ("html", ["Gap at horizon, low scenario", "−4,920", "−1,590"]),
    ] {
        let run = trend(&wd, &["--assumptions", "a.toml", "--format", format]);
        run.expect_success().expect_stdout_contains(&needles);
    }
}

/// With a lag, the last observed year's supply is an earlier cohort: a cohort missing, or a last
/// year cut short, is said on stderr rather than shown as a fall.
#[test]
fn a_lag_over_a_partial_or_missing_last_year_is_a_warning() {
    let wd = fixture();
    let quiet = trend(&wd, &["--assumptions", "a.toml", "--format", "csv"]);
    let err = quiet.expect_success().stderr();
    assert!(!err.contains("lag_years"), "{err}");
    // the cohort 2023 reported in part: 200 graduates against 1,800 the year before (11%)
    let g = wd.read("g.csv");
    let cut = (g.lines())
        .map(|l| match l {
            l if l.starts_with("2023,") && l.contains("Licence") => {
                "2023,Casablanca-Settat,X,cybersecurity,Licence,100"
            }
            l if l.starts_with("2023,") => "2023,Casablanca-Settat,X,cybersecurity,Master,100",
            l => l,
        })
        .collect::<Vec<_>>();
    wd.write("g.csv", crate::lines(&cut));
    let run = trend(&wd, &["--assumptions", "a.toml", "--format", "csv"]);
    run.expect_success().expect_stderr_contains(
        "with lag_years = 1, the last observed year 2024 looks partial: its supply (the cohort of 2023) is 11% of the year before's; set --to 2023",
    );
    // without the cohort, a year asked for has a supply of 0: said so
    let gone: Vec<&str> = g.lines().filter(|l| !l.starts_with("2023,")).collect();
    wd.write("g.csv", crate::lines(&gone));
    let run = trend(
        &wd,
        &["--assumptions", "a.toml", "--to", "2024", "--format", "csv"],
    );
    run.expect_success().expect_stderr_contains(
        "the supply of 2024 is the cohort of 2023, which the graduates do not have",
    );
    // a stray posting of 2025 makes 2025 the last year (the cohort 2024 counts in it): its
    // demand, 1 vacancy against 240, looks partial
    wd.write("g.csv", &g);
    let mut p = wd.read("p.csv");
    p.push_str("x2025,2025-01-02,Analyste SOC,cybersecurity,Casablanca-Settat,,1,anapec\n");
    wd.write("p.csv", p);
    let args = [
        "trend",
        "--postings",
        "p.csv",
        "--graduates",
        "g.csv",
        "--assumptions",
        "a.toml",
        "--format",
        "csv",
    ];
    wd.run(&args).expect_success().expect_stderr_contains(
        "the last observed year 2025 looks partial: its demand is 0% of 2024's; set --to 2024",
    );
}
