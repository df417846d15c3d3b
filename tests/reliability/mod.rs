//! Reliability under faults and hostile input: outputs that would clobber inputs or each other,
//! what `-o` does to devices, FIFOs and symlinks, concurrent runs on one output set, signals,
//! an unwritable stderr, control characters on the terminal, huge cells in a workbook, and cost
//! that grows with junk. RELIABILITY.md names these tests beside the promise each one checks.

mod cells;
mod checks;
mod concurrency;
mod junk;
mod paths;
mod signals;
mod stderr;
mod terminal;
mod writes;

use std::path::PathBuf;
use std::process::Command;

use crate::workdir::Workdir;

/// The `skillgap` binary under test.
pub fn binary() -> PathBuf {
    assert_cmd::cargo::cargo_bin("skillgap")
}

/// `skillgap ARGS` in the work directory, as a plain `std` command (for tests that redirect
/// stderr, send signals or run several at once).
pub fn command(wd: &Workdir, args: &[&str]) -> Command {
    let mut cmd = Command::new(binary());
    cmd.current_dir(wd.path()).env("NO_COLOR", "1").args(args);
    cmd
}

/// The arguments of `gap` on `postings.csv` and `graduates.csv`, followed by `extra`.
pub fn gap_args<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    on_inputs("gap", extra)
}

/// The arguments of `validate` on `postings.csv` and `graduates.csv`, followed by `extra`.
pub fn validate_args<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    on_inputs("validate", extra)
}

fn on_inputs<'a>(command: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        command,
        "--postings",
        "postings.csv",
        "--graduates",
        "graduates.csv",
    ];
    args.extend_from_slice(extra);
    args
}
