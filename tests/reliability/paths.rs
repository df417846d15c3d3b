//! Every path a run writes (reports, manifest, rejects, unmapped labels) differs from every other
//! and from every input and the job file, however it is spelt: `./x` and `x`, `d/../x`, a hard
//! link, a symlink. Otherwise the run stops before reading anything (exit 2), naming both roles.

use std::fs;

use super::{gap_args, validate_args};
use crate::workdir::Workdir;

/// Runs `gap` on the standard inputs with `extra`: exit 2 naming every one of `roles`, with no file
/// changed; then again with the input not in the clash missing: a clash must be found before any
/// input is opened, so it wins over the missing file (exit 2, not 1).
#[track_caller]
fn clash(wd: &Workdir, extra: &[&str], roles: &[&str]) {
    let before: Vec<(String, Vec<u8>)> = wd
        .entries()
        .into_iter()
        .filter(|e| wd.path().join(e).is_file())
        .map(|e| (e.clone(), fs::read(wd.path().join(&e)).unwrap()))
        .collect();
    let mut args = gap_args(extra);
    let err = wd.run(&args).expect_error(2);
    for role in roles {
        assert!(err.contains(role), "{err} does not name {role}");
    }
    assert!(err.contains(" is also "), "{err}");
    for (name, bytes) in &before {
        assert_eq!(
            &fs::read(wd.path().join(name)).unwrap(),
            bytes,
            "{name} changed"
        );
    }
    // before reading anything: a missing input is not reached
    let spare = if roles.iter().any(|r| r.contains("--graduates")) {
        "postings.csv"
    } else {
        "graduates.csv"
    };
    let at = args.iter().position(|a| *a == spare).unwrap();
    args[at] = "missing.csv";
    wd.run(&args).expect_error(2);
}

#[test]
fn the_report_is_not_the_manifest() {
    let wd = Workdir::new();
    wd.standard_inputs();
    clash(
        &wd,
        &["-o", "manifest.json", "--format", "json"],
        &["-o manifest.json", "manifest"],
    );
    assert!(!wd.path().join("manifest.json").exists());
}

#[test]
fn rejects_unmapped_and_report_are_three_files() {
    let wd = Workdir::new();
    wd.standard_inputs();
    clash(
        &wd,
        &["--rejects", "x.csv", "--unmapped", "x.csv", "-o", "o.csv"],
        &["--rejects x.csv is also --unmapped"],
    );
    clash(
        &wd,
        &["--rejects", "o.csv", "-o", "o.csv"],
        &["--rejects o.csv", "-o"],
    );
    // spelt differently, not yet existing: the same file all the same
    fs::create_dir(wd.path().join("d")).unwrap();
    clash(
        &wd,
        &["--rejects", "./x.csv", "--unmapped", "d/../x.csv"],
        &["--rejects ./x.csv", "--unmapped"],
    );
    assert!(!wd.path().join("x.csv").exists() && !wd.path().join("o.csv").exists());
}

#[test]
fn an_input_is_never_an_output_whatever_its_spelling() {
    let wd = Workdir::new();
    wd.standard_inputs();
    // the manifest written beside the report would replace the input
    wd.write("d/manifest.json", wd.read("postings.csv"));
    let args = [
        "gap",
        "--postings",
        "d/manifest.json",
        "--graduates",
        "graduates.csv",
        "-o",
        "d/out.csv",
    ];
    let err = wd.run(&args).expect_error(2);
    assert!(
        err.contains("manifest") && err.contains("--postings"),
        "{err}"
    );
    assert_eq!(wd.read("d/manifest.json"), wd.read("postings.csv"));
    assert!(!wd.path().join("d/out.csv").exists());

    fs::hard_link(wd.path().join("postings.csv"), wd.path().join("hard.csv")).unwrap();
    clash(
        &wd,
        &["--rejects", "hard.csv"],
        &["--rejects hard.csv", "--postings"],
    );
    std::os::unix::fs::symlink("graduates.csv", wd.path().join("link.csv")).unwrap();
    clash(&wd, &["-o", "link.csv"], &["-o link.csv", "--graduates"]);
    clash(
        &wd,
        &["--unmapped", "./postings.csv"],
        &["--unmapped", "--postings"],
    );
    wd.write("cols.csv", "input,column,header\n");
    clash(
        &wd,
        &["--columns-file", "cols.csv", "-o", "cols.csv"],
        &["--columns-file"],
    );
    wd.write("custom/aliases.csv", "kind,alias,target\n");
    clash(
        &wd,
        &["--taxonomy", "custom", "--unmapped", "custom/aliases.csv"],
        &["--unmapped", "--taxonomy"],
    );
}

#[test]
fn validate_checks_its_two_outputs_too() {
    let wd = Workdir::new();
    wd.standard_inputs();
    let err = wd
        .run(&validate_args(&["--rejects", "graduates.csv"]))
        .expect_error(2);
    assert!(
        err.contains("--rejects graduates.csv is also --graduates"),
        "{err}"
    );
}

#[test]
fn devices_can_take_several_outputs() {
    let wd = Workdir::new();
    wd.standard_inputs();
    // a node of our own rather than /dev/null: a run that replaced it would do no harm
    let Some(null) = super::writes::device(&wd, "null", 3) else {
        eprintln!("skipped: mknod needs root");
        return;
    };
    wd.run(&gap_args(&["--rejects", "null", "--unmapped", "./null"]))
        .expect_success();
    super::writes::assert_char_device(&null);
}

const INPUTS: &str = "posting_id,posted_date,title,specialisation,region,city,vacancies\n\
P1,2025-01-15,Analyste SOC,cybersecurity,Casablanca-Settat,,6\n";

/// A job directory with `postings.csv`, `graduates.csv` and `job.toml` holding `job`.
fn job_dir(job: &str) -> Workdir {
    let wd = Workdir::new();
    wd.write("postings.csv", INPUTS);
    wd.fixture("graduates.csv");
    wd.write("job.toml", job);
    wd
}

#[track_caller]
fn job_clash(job: &str, roles: &[&str]) -> Workdir {
    let wd = job_dir(job);
    let before = (wd.read("postings.csv"), wd.read("job.toml"));
    let err = wd.run(&["run", "job.toml"]).expect_error(2);
    for role in roles {
        assert!(err.contains(role), "{err} does not name {role}");
    }
    assert_eq!((wd.read("postings.csv"), wd.read("job.toml")), before);
    wd
}

const HEAD: &str = "postings = \"postings.csv\"\ngraduates = \"graduates.csv\"\n";

#[test]
fn a_job_writes_over_neither_its_inputs_nor_itself_nor_twice_one_file() {
    job_clash(
        &format!("{HEAD}manifest = \"postings.csv\"\n[[report]]\noutput = \"out.csv\"\n"),
        &["`manifest` postings.csv is also `postings`"],
    );
    job_clash(
        &format!("{HEAD}manifest = \"out.csv\"\n[[report]]\noutput = \"out.csv\"\n"),
        &["report 1", "manifest"],
    );
    job_clash(
        &format!("{HEAD}[[report]]\noutput = \"job.toml\"\n"),
        &["report 1 `output` job.toml is also the job file"],
    );
    job_clash(
        &format!(
            "{HEAD}rejects = \"r-{{period}}.csv\"\n[[report]]\noutput = \"r-{{period}}.csv\"\n"
        ),
        &["report 1", "rejects"],
    );
    // known only once the period is: still refused before anything is written
    let wd = job_clash(
        &format!("{HEAD}rejects = \"r-2025.csv\"\n[[report]]\noutput = \"r-{{period}}.csv\"\n"),
        &["report 1", "rejects"],
    );
    assert!(!wd.path().join("r-2025.csv").exists());
}

#[test]
fn a_postings_glob_that_matches_an_earlier_output_is_refused() {
    // the report of an earlier run lies where the glob looks
    let wd = job_dir(
        "postings = \"data/*.csv\"\ngraduates = \"graduates.csv\"\n[[report]]\noutput = \"data/gaps.csv\"\n",
    );
    wd.write("data/postings.csv", INPUTS);
    wd.write("data/gaps.csv", "region_code,region\n");
    let err = wd.run(&["run", "job.toml"]).expect_error(2);
    assert!(
        err.contains("data/*.csv") && err.contains("report 1"),
        "{err}"
    );
    // an earlier day's output: not today's path, but the report's all the same
    let wd = job_dir(
        "postings = \"out/*/*.csv\"\ngraduates = \"graduates.csv\"\n[[report]]\noutput = \"out/{date}/gaps.csv\"\n",
    );
    wd.write("out/in/postings.csv", INPUTS);
    wd.write("out/2020-01-01/gaps.csv", "region_code,region\n");
    let err = wd.run(&["run", "job.toml"]).expect_error(2);
    assert!(
        err.contains("out/2020-01-01/gaps.csv") && err.contains("out/{date}/gaps.csv"),
        "{err}"
    );
}
