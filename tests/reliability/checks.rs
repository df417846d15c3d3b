//! Settings that would give a wrong or ambiguous result are refused before anything is read or
//! written: an output delimiter that CSV cannot carry, a dry run that would not fail where the
//! run would; and a taxonomy override's `VERSION` is the version recorded.

use super::gap_args;
use crate::workdir::Workdir;

#[test]
fn an_output_delimiter_that_csv_cannot_carry_is_refused() {
    let wd = Workdir::new();
    wd.standard_inputs();
    for bad in ["\"", "\n", "\r"] {
        // clap's own usage message, several lines long
        wd.run(&gap_args(&["--output-delimiter", bad]))
            .expect_code(2)
            .expect_stderr_contains("--output-delimiter")
            .expect_stderr_contains("cannot separate CSV fields");
    }
    wd.run(&gap_args(&["--output-delimiter", ";"]))
        .expect_success();
    // the same check in a job file
    for bad in ["\\\"", "\\n", "\\r"] {
        wd.write(
            "job.toml",
            format!(
                "postings = \"postings.csv\"\ngraduates = \"graduates.csv\"\n[[report]]\n\
                 output = \"out.csv\"\noutput_delimiter = \"{bad}\"\n"
            ),
        );
        let err = wd.run(&["run", "job.toml"]).expect_error(2);
        assert!(err.contains("`output_delimiter`"), "{err}");
    }
    assert!(!wd.path().join("out.csv").exists());
}

#[test]
fn a_dry_run_fails_where_the_run_would() {
    let wd = Workdir::new();
    wd.standard_inputs();
    std::fs::create_dir(wd.path().join("out")).unwrap();
    wd.write(
        "job.toml",
        "postings = \"postings.csv\"\ngraduates = \"graduates.csv\"\n[[report]]\noutput = \"out\"\n",
    );
    let dry = wd.run(&["run", "job.toml", "--dry-run"]).expect_error(1);
    let real = wd.run(&["run", "job.toml"]).expect_error(1);
    assert_eq!(dry, real);
    assert!(real.contains("out") && real.contains("directory"), "{real}");
    // a path under a regular file cannot be created either
    wd.write("file", "x");
    wd.write(
        "job.toml",
        "postings = \"postings.csv\"\ngraduates = \"graduates.csv\"\n[[report]]\noutput = \"file/gaps.csv\"\n",
    );
    let dry = wd.run(&["run", "job.toml", "--dry-run"]).expect_error(1);
    assert_eq!(dry, wd.run(&["run", "job.toml"]).expect_error(1));
}

#[test]
fn an_override_taxonomy_version_file_is_the_version_in_force() {
    let wd = Workdir::new();
    wd.standard_inputs();
    wd.write(
        "custom/aliases.csv",
        "kind,alias,target\nregion,Maroc Atlantique,MA-06\n",
    );
    let version = |wd: &Workdir| {
        let out = wd.run(&gap_args(&["--taxonomy", "custom", "--format", "json"]));
        out.expect_success();
        out.json()["params"]["taxonomy_version"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let built_in = include_str!("../../taxonomy/VERSION").trim();
    assert_eq!(version(&wd), format!("{built_in}+custom"));
    wd.write("custom/VERSION", "  ministry-2026.02\n");
    assert_eq!(version(&wd), "ministry-2026.02");
    let listed = wd.run(&["taxonomy", "regions", "--taxonomy", "custom"]);
    assert!(listed
        .expect_success()
        .stdout()
        .contains("taxonomy ministry-2026.02 ("));
    // an empty VERSION, or one of several lines, is a mistake in the override, not a version
    for bad in ["\n", "a\nb\n"] {
        wd.write("custom/VERSION", bad);
        let err = wd.run(&gap_args(&["--taxonomy", "custom"])).expect_error(1);
        assert!(err.contains("VERSION"), "{err}");
    }
}
