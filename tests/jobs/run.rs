//! End-to-end tests of `skillgap run` (job files) and the manifest, driving the real binary in a
//! temporary directory. Self-contained: the small inputs are written by the tests. Part of the
//! `cli` test binary.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use sha2::{Digest, Sha256};

const POSTINGS_A: &str = "\
posting_id,posted_date,title,specialisation,region,city,vacancies
A1,2025-01-15,Analyste SOC,cybersecurity,Casablanca-Settat,Casablanca,6
A2,2025-02-03,Développeur Java,software-development,,Casablanca,4
";

const POSTINGS_B: &str = "\
posting_id,posted_date,title,specialisation,region,city,vacancies
B1,2025-03-10,Développeur web,software-development,Rabat-Salé-Kénitra,Rabat,5
";

const GRADUATES: &str = "\
year,region,institution,field,level,graduates
2025,Casablanca-Settat,ENSA Casablanca,Génie informatique,Ingénieur,20
2025,Rabat-Salé-Kénitra,OFPPT,Développement digital option web full stack,Technicien spécialisé,10
";

const JOB: &str = r#"
postings = "data/postings-*.csv"
graduates = "data/graduates.csv"
year = 2025

[[report]]
output = "out/gaps-{period}.csv"

[[report]]
by = ["region"]
format = "json"
output = "out/regions-{period}.json"
"#;

/// A temporary directory with the inputs and the job file.
fn workdir(job: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    fs::create_dir(&data).unwrap();
    fs::write(data.join("postings-a.csv"), POSTINGS_A).unwrap();
    fs::write(data.join("postings-b.csv"), POSTINGS_B).unwrap();
    fs::write(data.join("graduates.csv"), GRADUATES).unwrap();
    fs::write(dir.path().join("job.toml"), job).unwrap();
    dir
}

fn skillgap() -> Command {
    Command::cargo_bin("skillgap").unwrap()
}

fn sha256(path: &Path) -> String {
    Sha256::digest(fs::read(path).unwrap())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Every file under `dir`, with its contents, sorted.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            (p.display().to_string(), fs::read(&p).unwrap())
        })
        .collect();
    out.sort();
    out
}

#[test]
fn a_job_with_two_postings_files_runs_and_its_manifest_matches_the_outputs() {
    let dir = workdir(JOB);
    // run from elsewhere: paths are relative to the job file
    skillgap()
        .current_dir(std::env::temp_dir())
        .args(["run", dir.path().join("job.toml").to_str().unwrap()])
        .assert()
        .success();
    let out = dir.path().join("out");
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("manifest.json")).unwrap()).unwrap();

    // both postings files were read, in sorted order, and their rows add up
    let inputs = manifest["inputs"].as_array().unwrap();
    let paths: Vec<&str> = inputs.iter().map(|i| i["path"].as_str().unwrap()).collect();
    assert_eq!(paths.len(), 3, "{paths:?}");
    assert!(paths[0].ends_with("postings-a.csv") && paths[1].ends_with("postings-b.csv"));
    assert!(paths[2].ends_with("graduates.csv"));
    for input in inputs {
        assert_eq!(
            input["sha256"].as_str().unwrap(),
            sha256(Path::new(input["path"].as_str().unwrap()))
        );
    }
    assert_eq!(manifest["rows"][0]["input"], "postings");
    assert_eq!(manifest["rows"][0]["rows_read"], 3);
    assert_eq!(manifest["period"], "2025");
    assert!(manifest["started"].as_str().unwrap().ends_with('Z'));

    // each output's checksum is that of the file on disk
    let outputs = manifest["outputs"].as_array().unwrap();
    assert_eq!(outputs.len(), 2);
    for o in outputs {
        let p = Path::new(o["path"].as_str().unwrap());
        assert!(p.starts_with(&out), "{}", p.display());
        assert_eq!(o["sha256"].as_str().unwrap(), sha256(p));
    }
    assert_eq!(outputs[1]["format"], "json");

    // a second run on the same inputs gives byte-identical reports
    let first = fs::read(out.join("gaps-2025.csv")).unwrap();
    skillgap()
        .args(["run", dir.path().join("job.toml").to_str().unwrap()])
        .assert()
        .success();
    assert_eq!(fs::read(out.join("gaps-2025.csv")).unwrap(), first);
}

#[test]
fn dry_run_writes_nothing() {
    let dir = workdir(JOB);
    skillgap()
        .args([
            "run",
            "--dry-run",
            dir.path().join("job.toml").to_str().unwrap(),
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("gaps-2025.csv"))
        .stdout(predicate::str::contains("postings-b.csv"));
    assert!(!dir.path().join("out").exists());
}

#[test]
fn an_unknown_key_is_a_usage_error_naming_key_and_line() {
    let dir = workdir(&JOB.replace("year = 2025", "yaer = 2025"));
    skillgap()
        .args(["run", dir.path().join("job.toml").to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("yaer"))
        .stderr(predicate::str::contains("line 4"));
}

#[test]
fn a_missing_input_is_a_runtime_error() {
    let dir = workdir(&JOB.replace("data/graduates.csv", "data/nowhere.csv"));
    skillgap()
        .args(["run", dir.path().join("job.toml").to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("nowhere.csv"));
    let dir = workdir(&JOB.replace("postings-*.csv", "jobs-*.csv"));
    skillgap()
        .args(["run", dir.path().join("job.toml").to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "`data/jobs-*.csv` matched no file",
        ));
}

#[test]
fn a_failing_report_leaves_the_previous_outputs_untouched() {
    let dir = workdir(JOB);
    let job = dir.path().join("job.toml");
    skillgap()
        .args(["run", job.to_str().unwrap()])
        .assert()
        .success();
    let out = dir.path().join("out");
    let before = snapshot(&out);

    // the first report would change (another period), the second cannot be written: its
    // directory is a regular file
    fs::write(dir.path().join("blocker"), "not a directory").unwrap();
    let failing = JOB
        .replace("year = 2025", "from = 2024\nto = 2025")
        .replace("out/regions-{period}.json", "blocker/regions.json");
    fs::write(&job, failing).unwrap();
    skillgap()
        .args(["run", job.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("blocker"));
    assert_eq!(
        snapshot(&out),
        before,
        "outputs changed or temporary files left"
    );
    assert!(!out.join("gaps-2024-2025.csv").exists());
}

#[test]
fn breached_thresholds_write_the_reports_and_exit_3() {
    // one of the three postings has no region and an unknown city: 1/3 unmapped
    let job = JOB.replace("year = 2025", "year = 2025\nmax_unmapped_rate = 1");
    let postings_b = POSTINGS_B.replace("Rabat-Salé-Kénitra,Rabat", ",Atlantis");
    let dir = workdir(&job);
    fs::write(dir.path().join("data/postings-b.csv"), postings_b).unwrap();
    skillgap()
        .args(["run", dir.path().join("job.toml").to_str().unwrap()])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("max_unmapped_rate"));
    assert!(dir.path().join("out/gaps-2025.csv").is_file());
    assert!(dir.path().join("out/manifest.json").is_file());
}

#[test]
fn gap_with_output_writes_a_manifest_beside_it() {
    let dir = workdir(JOB);
    let data = dir.path().join("data");
    skillgap()
        .current_dir(dir.path())
        .args([
            "gap",
            "--postings",
            "data/postings-a.csv",
            "--graduates",
            "data/graduates.csv",
            "-o",
            "data/gaps.csv",
        ])
        .assert()
        .success();
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(data.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(
        manifest["outputs"][0]["sha256"].as_str().unwrap(),
        sha256(&data.join("gaps.csv"))
    );
    assert_eq!(manifest["command"][1], "gap");
}

#[test]
fn init_writes_a_job_that_runs_dry() {
    let dir = workdir(JOB);
    let target = dir.path().join("new");
    skillgap()
        .args(["init", target.to_str().unwrap(), "--taxonomy"])
        .assert()
        .success();
    assert!(target.join("taxonomy/regions.csv").is_file());
    // the example job reads postings*.csv and graduates.csv beside it
    fs::copy(
        dir.path().join("data/postings-a.csv"),
        target.join("postings-1.csv"),
    )
    .unwrap();
    fs::copy(
        dir.path().join("data/graduates.csv"),
        target.join("graduates.csv"),
    )
    .unwrap();
    skillgap()
        .args([
            "run",
            "--dry-run",
            target.join("job.toml").to_str().unwrap(),
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("gaps-2025.csv"));
    assert!(!target.join("out").exists());
    skillgap()
        .args(["init", target.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("already exists"));
}

#[test]
fn completions_and_man_page_print_on_stdout() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        skillgap()
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(predicate::str::contains("skillgap"));
    }
    skillgap()
        .arg("man")
        .assert()
        .success()
        .stdout(predicate::str::contains(".TH skillgap"));
}

#[test]
fn a_job_merges_duplicates_across_its_files_unless_told_not_to_and_writes_its_rejects() {
    // postings-c repeats A1 (same id) and syndicates A2 on another board two days later; its last
    // row has an impossible date
    let job = |dedup: &str| {
        format!(
            "postings = \"data/postings-*.csv\"\ngraduates = \"data/graduates.csv\"\nyear = 2025\n\
             {dedup}rejects = \"out/rejects-{{period}}.csv\"\n\n\
             [[report]]\nformat = \"json\"\noutput = \"out/gaps.json\"\n"
        )
    };
    let postings_c = "\
posting_id,posted_date,title,specialisation,region,city,vacancies,source,company
A1,2025-01-15,Analyste SOC,cybersecurity,Casablanca-Settat,Casablanca,6,,
C7,2025-02-05,Développeur Java,software-development,,Casablanca,4,,
C8,2025-02-30,Comptable,accounting,,Rabat,1,,
";
    let run = |job: &str| {
        let dir = workdir(job);
        // postings-a has no company column: give A2 one in a copy of the file with both columns
        fs::write(
            dir.path().join("data/postings-a.csv"),
            "posting_id,posted_date,title,specialisation,region,city,vacancies,source,company\n\
             A1,2025-01-15,Analyste SOC,cybersecurity,Casablanca-Settat,Casablanca,6,,OCP\n\
             A2,2025-02-03,Développeur Java,software-development,,Casablanca,4,,CGI\n",
        )
        .unwrap();
        fs::write(
            dir.path().join("data/postings-c.csv"),
            postings_c.replace(",4,,\n", ",4,,CGI\n"),
        )
        .unwrap();
        skillgap()
            .args(["run", dir.path().join("job.toml").to_str().unwrap()])
            .assert()
            .success();
        dir
    };
    let demand = |dir: &Path| -> f64 {
        let v: serde_json::Value =
            serde_json::from_slice(&fs::read(dir.join("out/gaps.json")).unwrap()).unwrap();
        v["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["demand"].as_f64().unwrap())
            .sum()
    };

    // merged: A1 again (6) and C7, a copy of A2 two days later (4); counted: 6 + 4 + 5 (B1)
    let dir = run(&job(""));
    assert_eq!(demand(dir.path()), 15.0);
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.path().join("out/manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["rows"][0]["rows_read"], 6);
    assert_eq!(manifest["rows"][0]["rows_duplicate"], 2);
    assert_eq!(manifest["rows"][0]["rows_rejected"], 1);
    let outputs = manifest["outputs"].as_array().unwrap();
    assert_eq!(outputs.len(), 2, "{outputs:?}");
    assert_eq!(outputs[1]["format"], "rejects");
    let rejects = fs::read_to_string(dir.path().join("out/rejects-2025.csv")).unwrap();
    let lines: Vec<&str> = rejects.lines().collect();
    assert_eq!(lines.len(), 2, "{rejects}");
    assert!(
        lines[1].contains("postings-c.csv,4,posted_date,2025-02-30,invalid date"),
        "{rejects}"
    );

    let dir = run(&job("dedup = false\n"));
    assert_eq!(demand(dir.path()), 25.0);
    let dir = run(&job("dedup_days = 1\n"));
    assert_eq!(
        demand(dir.path()),
        19.0,
        "C7 is two days after A2: beyond a 1-day window"
    );
}
