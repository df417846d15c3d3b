//! `[[skills]]` in a job file: the report `skillgap skills` writes with the same options, byte for
//! byte, written with the job's other reports from one reading of the inputs; its keys checked
//! as strictly as the others; its output checked against every other file of the job.

use super::{setup, POSTINGS};
use crate::workdir::Workdir;

/// Cybersecurity graduates in Rabat-Salé-Kénitra (MA-04) only, as in
/// `with_graduates_a_programme_teaches_where_it_graduates`.
const GRADUATES: &str =
    "year,region,institution,field,level,graduates\n2025,MA-04,ENSIAS,cybersecurity,Master,10\n";

fn job_setup(job: &str) -> Workdir {
    let wd = setup();
    wd.write("graduates.csv", GRADUATES);
    wd.write("curricula.csv", "programme,skill\ncybersecurity,siem\n");
    wd.write("job.toml", job);
    wd
}

const JOB: &str = r#"
postings = "postings.csv"
graduates = "graduates.csv"
year = 2025

[[report]]
output = "out/gaps.csv"

[[skills]]
by = ["region", "specialisation"]
top = 2
curricula = "curricula.csv"
output = "out/skills.csv"

[[skills]]
lang = "fr"
output = "out/skills-{period}.json"

[[skills]]
year = 2024
top = 0
format = "md"
output = "out/skills-2024.txt"

[[skills]]
from = 2024
to = 2025
sanitize = false
output = "out/skills-span.html"
"#;

#[test]
fn each_table_writes_what_the_command_writes_with_the_same_options() {
    let wd = job_setup(JOB);
    wd.run(&["run", "job.toml"]).expect_success();
    let command = |extra: &[&str]| {
        let mut args = vec!["skills", "--postings", "postings.csv"];
        args.extend_from_slice(extra);
        wd.run(&args).expect_success().stdout_bytes().to_vec()
    };
    let same = |file: &str, extra: &[&str]| {
        let written = std::fs::read(wd.path().join(file)).unwrap();
        assert!(!written.is_empty(), "{file} is empty");
        assert!(
            written == command(extra),
            "{file} differs from `skills {}`",
            extra.join(" ")
        );
    };
    same(
        "out/skills.csv",
        &[
            "--graduates",
            "graduates.csv",
            "--curricula",
            "curricula.csv",
            "--by",
            "region,specialisation",
            "--top",
            "2",
            "--year",
            "2025",
        ],
    );
    same(
        "out/skills-2025.json",
        &["--lang", "fr", "--format", "json", "--year", "2025"],
    );
    same(
        "out/skills-2024.txt",
        &["--year", "2024", "--top", "0", "--format", "md"],
    );
    same(
        "out/skills-span.html",
        &[
            "--from",
            "2024",
            "--to",
            "2025",
            "--no-sanitize",
            "--format",
            "html",
        ],
    );
    // the curricula's SIEM is taught in MA-04 only: uncovered in Casablanca-Settat (MA-06)
    let csv = wd.read("out/skills.csv");
    assert!(
        csv.contains("MA-06,Casablanca-Settat,cybersecurity,Cybersecurity,siem,"),
        "{csv}"
    );
    assert!(
        csv.lines()
            .any(|l| l.contains(",siem,") && l.ends_with(",false")),
        "{csv}"
    );
    // the manifest lists every output, the skills reports with their format
    let manifest: serde_json::Value = serde_json::from_str(&wd.read("out/manifest.json")).unwrap();
    let outputs: Vec<(String, String)> = (manifest["outputs"].as_array().unwrap().iter())
        .map(|o| {
            (
                o["path"].as_str().unwrap().to_string(),
                o["format"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let names: Vec<(&str, &str)> = outputs.iter().map(|(p, f)| (&p[..], &f[..])).collect();
    assert_eq!(
        names,
        [
            ("out/gaps.csv", "csv"),
            ("out/skills.csv", "csv"),
            ("out/skills-2025.json", "json"),
            ("out/skills-2024.txt", "md"),
            ("out/skills-span.html", "html"),
        ]
    );
}

#[test]
fn a_job_of_skills_alone_runs_and_takes_the_jobs_period() {
    let job = "postings = \"postings.csv\"\ngraduates = \"graduates.csv\"\nyear = 2024\n\n\
               [[skills]]\noutput = \"skills.csv\"\n";
    let wd = job_setup(job);
    wd.write("graduates.csv", GRADUATES.replace("2025,", "2024,"));
    wd.run(&["run", "job.toml"]).expect_success();
    let expected = wd
        .run(&["skills", "--postings", "postings.csv", "--year", "2024"])
        .expect_success()
        .stdout();
    assert_eq!(wd.read("skills.csv"), expected);
    // 2024: the one cybersecurity posting, mentioning SIEM
    assert!(
        expected.contains("cybersecurity,Cybersecurity,siem,"),
        "{expected}"
    );
    assert!(wd.read("manifest.json").contains("\"period\": \"2024\""));
}

#[test]
fn a_bad_key_or_value_is_named() {
    let err = |job: &str| {
        let wd = job_setup(job);
        let run = wd.run(&["run", "job.toml"]);
        run.expect_code(2);
        let msg = run.stderr();
        assert!(msg.starts_with("skillgap: error: job.toml: "), "{msg}");
        assert!(
            wd.entries().iter().all(|e| !e.starts_with("out")),
            "wrote outputs"
        );
        msg
    };
    let typo = err(&JOB.replace("top = 2\n", "tpo = 2\n"));
    assert!(typo.contains("unknown field `tpo`"), "{typo}");
    assert!(typo.contains("line 11"), "{typo}");
    let by = err(&JOB.replace("by = [\"region\", \"specialisation\"]", "by = [\"city\"]"));
    assert!(by.contains("invalid value `city`"), "{by}");
    let format = err(&JOB.replace(
        "output = \"out/skills.csv\"",
        "format = \"json\"\noutput = \"out/skills.csv\"",
    ));
    assert!(
        format
            .contains("skills 1: `output` out/skills.csv names a .csv file, but `format` is json"),
        "{format}"
    );
    let period = err(&JOB.replace("year = 2024\n", "year = 2024\nfrom = 2023\n"));
    assert!(
        period.contains("skills 3: `year` cannot be combined"),
        "{period}"
    );
}

#[test]
fn a_skills_output_may_not_be_another_file_of_the_job() {
    for (output, names) in [
        ("postings.csv", "`postings`"),
        ("curricula.csv", "skills 1 `curricula`"),
        ("out/gaps.csv", "report 1 `output`"),
        ("out/skills-2025.json", "skills 2 `output`"),
        ("out/manifest.json", "`manifest`"),
        ("job.toml", "the job file"),
    ] {
        let job = JOB.replace(
            "output = \"out/skills.csv\"",
            &format!("output = \"{output}\""),
        );
        let wd = job_setup(&job);
        let msg = wd.run(&["run", "job.toml"]).expect_error(2);
        assert!(msg.contains(names), "{output}: {msg}");
        assert!(msg.contains("skills 1 `output`"), "{output}: {msg}");
        assert_eq!(wd.read("postings.csv"), POSTINGS, "{output}");
        assert!(!wd.path().join("out").exists(), "{output}: wrote outputs");
    }
}

#[test]
fn postings_without_text_stop_the_job_before_anything_is_written() {
    let wd = job_setup(JOB);
    wd.write(
        "postings.csv",
        "id,date,titre,specialite,region\n1,2025-03-01,Analyste SOC,cybersecurity,MA-06\n",
    );
    let msg = wd.run(&["run", "job.toml"]).expect_error(1);
    assert!(
        msg.contains("no text column to search for skills") && msg.contains("`postings_columns`"),
        "{msg}"
    );
    assert!(!wd.path().join("out").exists());
}
