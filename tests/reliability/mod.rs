//! Reliability under faults and hostile input: outputs that would clobber inputs or each other,
//! what `-o` does to devices, FIFOs and symlinks, concurrent runs on one output set, signals,
//! an unwritable stderr, control characters on the terminal, huge cells in a workbook, and cost
//! that grows with junk. RELIABILITY.md names these tests beside the promise each one checks.

mod checks;
mod stderr;
mod terminal;

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

/// The arguments of `gap` on the standard fixtures, followed by `extra`.
pub fn gap_args<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "gap",
        "--postings",
        "postings.csv",
        "--graduates",
        "graduates.csv",
    ];
    args.extend_from_slice(extra);
    args
}
