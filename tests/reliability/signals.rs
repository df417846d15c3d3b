//! An interrupted run leaves no temporary file behind: the copy of stdin kept for merging
//! duplicate postings is as large as the input (a gigabyte in `$TMPDIR` for a gigabyte piped in).

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::command;
use crate::workdir::Workdir;

/// The names of the files in `dir`.
fn names(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn ctrl_c_while_stdin_is_copied_removes_the_copy() {
    let wd = Workdir::new();
    wd.standard_inputs();
    let tmp = wd.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let mut child = command(
        &wd,
        &["gap", "--postings", "-", "--graduates", "graduates.csv"],
    )
    .env("TMPDIR", &tmp)
    .stdin(Stdio::piped())
    .stdout(Stdio::null())
    .stderr(Stdio::null())
    .spawn()
    .unwrap();
    // stdin stays open: the run is still copying it when the signal comes
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(wd.read("postings.csv").as_bytes()).unwrap();
    stdin.flush().unwrap();
    let start = Instant::now();
    while !names(&tmp).iter().any(|n| n.starts_with("skillgap-stdin-")) {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no copy of stdin appeared"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // give the copy a moment to take the bytes written
    std::thread::sleep(Duration::from_millis(100));
    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    drop(stdin);
    assert_eq!(status.code(), Some(130), "{status:?}");
    assert_eq!(names(&tmp), Vec::<String>::new());
}
