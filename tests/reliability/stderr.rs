//! An unwritable stderr (closed, or a full device) is not a reason to fail: the report is what
//! matters, and a panic would exit 101 with the work done.

use std::fs::{File, OpenOptions};
use std::os::unix::process::CommandExt;
use std::process::Stdio;

use super::{command, gap_args};
use crate::workdir::Workdir;

/// Runs `cmd` with stderr writing to /dev/full: every write fails with ENOSPC.
fn with_full_stderr(cmd: &mut std::process::Command) -> std::process::Output {
    let full = OpenOptions::new().write(true).open("/dev/full").unwrap();
    cmd.stderr(Stdio::from(full)).output().unwrap()
}

#[test]
fn a_full_stderr_does_not_panic_a_run_that_warns_and_prints_its_footer() {
    let wd = Workdir::new();
    wd.standard_inputs();
    // -v logs what is read and written; the footer and the rejected rows' summary follow
    let out = with_full_stderr(&mut command(&wd, &gap_args(&["-v", "-o", "gaps.csv"])));
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(wd.read("gaps.csv").starts_with("region_code,"));
    assert!(wd.path().join("manifest.json").exists());
}

#[test]
fn a_full_stderr_keeps_the_exit_code_of_an_error() {
    let wd = Workdir::new();
    wd.standard_inputs();
    let missing = gap_args(&[])
        .into_iter()
        .map(|a| {
            if a == "postings.csv" {
                "missing.csv"
            } else {
                a
            }
        })
        .collect::<Vec<_>>();
    let out = with_full_stderr(&mut command(&wd, &missing));
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let usage = with_full_stderr(&mut command(&wd, &gap_args(&["--top", "x"])));
    assert_eq!(usage.status.code(), Some(2), "{usage:?}");
    let breached = with_full_stderr(&mut command(
        &wd,
        &[
            "validate",
            "--postings",
            "postings.csv",
            "--graduates",
            "graduates.csv",
        ],
    ));
    assert_eq!(breached.status.code(), Some(3), "{breached:?}");
}

#[test]
fn a_closed_stderr_does_not_panic_nor_end_up_in_an_output() {
    let wd = Workdir::new();
    wd.standard_inputs();
    let mut cmd = command(&wd, &gap_args(&["-v", "-o", "gaps.csv"]));
    // SAFETY: only closes a file descriptor between fork and exec
    unsafe {
        cmd.pre_exec(|| {
            use std::os::fd::FromRawFd;
            drop(File::from_raw_fd(2));
            Ok(())
        });
    }
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let report = wd.read("gaps.csv");
    assert!(
        report.starts_with("region_code,") && !report.contains("skillgap:"),
        "{report}"
    );
}
