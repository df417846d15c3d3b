//! What `-o` (and every other file a run writes) does to what is already at the path: a character
//! device or a FIFO is written through, never replaced; a symlink is followed and its target
//! replaced atomically; a new file gets `0666 & !umask`, a replaced one keeps its mode.

use std::fs;
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::Path;
use std::process::Command;
use std::sync::mpsc;
use std::time::Duration;

use super::{binary, command, gap_args};
use crate::workdir::Workdir;

/// A character device node in the work directory with the numbers of /dev/null (1,3) or
/// /dev/full (1,7), so that a run that replaced it would do no harm. Needs root (mknod); `None`
/// otherwise. Tests never name the real /dev/null as an output: run as root by a skillgap that
/// replaced it, they would break the machine's /dev/null.
pub fn device(wd: &Workdir, name: &str, minor: u32) -> Option<std::path::PathBuf> {
    let path = wd.path().join(name);
    let ok = Command::new("mknod")
        .arg(&path)
        .args(["c", "1", &minor.to_string()])
        .status()
        .is_ok_and(|s| s.success());
    ok.then_some(path)
}

#[track_caller]
pub fn assert_char_device(path: &Path) {
    let m = fs::symlink_metadata(path).unwrap();
    assert!(
        m.file_type().is_char_device(),
        "{} was replaced",
        path.display()
    );
}

#[test]
fn a_character_device_is_written_through_and_its_errors_are_errors() {
    let wd = Workdir::new();
    wd.standard_inputs();
    let (Some(null), Some(full)) = (device(&wd, "null", 3), device(&wd, "full", 7)) else {
        eprintln!("skipped: mknod needs root");
        return;
    };
    wd.run(&gap_args(&["-o", "null", "--rejects", "null"]))
        .expect_success();
    assert_char_device(&null);
    let err = wd.run(&gap_args(&["-o", "full"])).expect_error(1);
    assert!(
        err.contains("full") && err.contains("No space left"),
        "{err}"
    );
    assert_char_device(&full);
    // nothing is written beside a device: no temporary file, no manifest
    let mut names = wd.entries();
    names.retain(|n| !["full", "null", "postings.csv", "graduates.csv"].contains(&n.as_str()));
    assert!(names.is_empty(), "{names:?}");
}

#[test]
fn a_fifo_is_written_through_to_its_reader() {
    let wd = Workdir::new();
    wd.standard_inputs();
    let fifo = wd.path().join("pipe");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let (tx, rx) = mpsc::channel();
    let reader = fifo.clone();
    std::thread::spawn(move || {
        let _ = tx.send(fs::read_to_string(reader));
    });
    let mut child = command(&wd, &gap_args(&["-o", "pipe", "--format", "csv"]))
        .spawn()
        .unwrap();
    let got = rx.recv_timeout(Duration::from_secs(60));
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    let text = got.expect("the FIFO's reader got nothing").unwrap();
    assert!(text.starts_with("region_code,"), "{text}");
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    assert!(!wd.path().join("manifest.json").exists());
}

#[test]
fn a_symlink_is_followed_and_stays_a_symlink() {
    let wd = Workdir::new();
    wd.standard_inputs();
    wd.write("real/gaps.csv", "old\n");
    std::os::unix::fs::symlink("real/gaps.csv", wd.path().join("link.csv")).unwrap();
    std::os::unix::fs::symlink("real/rejects.csv", wd.path().join("rejects.csv")).unwrap();
    wd.run(&gap_args(&["-o", "link.csv", "--rejects", "rejects.csv"]))
        .expect_success();
    for link in ["link.csv", "rejects.csv"] {
        let m = fs::symlink_metadata(wd.path().join(link)).unwrap();
        assert!(m.file_type().is_symlink(), "{link} is no longer a symlink");
    }
    assert!(wd.read("real/gaps.csv").starts_with("region_code,"));
    assert!(wd.read("real/rejects.csv").starts_with("file,line,"));
    // the manifest goes beside the report as named, and records it under that name
    let manifest: serde_json::Value = serde_json::from_str(&wd.read("manifest.json")).unwrap();
    assert_eq!(manifest["outputs"][0]["path"], "link.csv");
}

/// `skillgap ARGS` under `umask MASK`, in the work directory.
fn with_umask(wd: &Workdir, mask: &str, args: &[&str]) -> std::process::Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!("umask {mask} && exec \"$0\" \"$@\""))
        .arg(binary())
        .args(args)
        .current_dir(wd.path())
        .output()
        .unwrap()
}

fn mode(wd: &Workdir, name: &str) -> u32 {
    fs::metadata(wd.path().join(name))
        .unwrap()
        .permissions()
        .mode()
        & 0o777
}

#[test]
fn new_files_follow_the_umask_and_replaced_ones_keep_their_mode() {
    let wd = Workdir::new();
    wd.standard_inputs();
    let out = with_umask(
        &wd,
        "077",
        &gap_args(&["-o", "gaps.csv", "--rejects", "r.csv"]),
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    for name in ["gaps.csv", "r.csv", "manifest.json"] {
        assert_eq!(mode(&wd, name), 0o600, "{name}");
    }
    let out = with_umask(&wd, "022", &gap_args(&["-o", "new.csv"]));
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(mode(&wd, "new.csv"), 0o644);
    // an existing report keeps its mode, whatever the umask
    fs::set_permissions(
        wd.path().join("gaps.csv"),
        fs::Permissions::from_mode(0o640),
    )
    .unwrap();
    let out = with_umask(&wd, "077", &gap_args(&["-o", "gaps.csv"]));
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(mode(&wd, "gaps.csv"), 0o640);
}

#[test]
fn job_outputs_follow_the_same_rules() {
    let wd = Workdir::new();
    wd.standard_inputs();
    wd.write("real/gaps.csv", "old\n");
    std::os::unix::fs::symlink("real/gaps.csv", wd.path().join("link.csv")).unwrap();
    let null = device(&wd, "null", 3);
    let rejects = if null.is_some() {
        "null"
    } else {
        "rejects.csv"
    };
    wd.write(
        "job.toml",
        format!("postings = \"postings.csv\"\ngraduates = \"graduates.csv\"\nrejects = \"{rejects}\"\n\
         [[report]]\noutput = \"link.csv\"\n[[report]]\noutput = \"out/regions.csv\"\nby = [\"region\"]\n"),
    );
    let out = with_umask(&wd, "027", &["run", "job.toml"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(fs::symlink_metadata(wd.path().join("link.csv"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(wd.read("real/gaps.csv").starts_with("region_code,"));
    assert_eq!(mode(&wd, "out/regions.csv"), 0o640);
    assert_eq!(mode(&wd, "manifest.json"), 0o640);
    if let Some(null) = null {
        assert_char_device(&null);
    }
}
