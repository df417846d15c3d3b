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
