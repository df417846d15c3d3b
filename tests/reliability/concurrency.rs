//! The manifest always describes the files beside it: two runs writing one output set at once
//! take turns (an advisory lock, `.skillgap.lock`), and a failure before the last rename, such as
//! a full disk while the manifest is written, leaves every old file in place.

use std::fs;
use std::path::Path;
use std::process::Command;

use sha2::{Digest, Sha256};

use super::{binary, command, gap_args};
use crate::workdir::Workdir;

fn sha256(path: &Path) -> String {
    Sha256::digest(fs::read(path).unwrap())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Checks that every output the manifest at `manifest` lists has the size and checksum it says.
#[track_caller]
fn assert_manifest_matches(dir: &Path, manifest: &Path, round: usize) {
    let m: serde_json::Value = serde_json::from_slice(&fs::read(manifest).unwrap()).unwrap();
    for o in m["outputs"].as_array().unwrap() {
        let path = dir.join(o["path"].as_str().unwrap());
        assert_eq!(
            o["sha256"].as_str().unwrap(),
            sha256(&path),
            "round {round}: {} does not match the manifest",
            path.display()
        );
        assert_eq!(
            o["bytes"].as_u64().unwrap(),
            fs::metadata(&path).unwrap().len()
        );
    }
}

fn job(top: usize) -> String {
    format!(
        "postings = \"postings.csv\"\ngraduates = \"graduates.csv\"\nrejects = \"out/rejects.csv\"\n\
         [[report]]\noutput = \"out/gaps.csv\"\ntop = {top}\n\
         [[report]]\nby = [\"region\"]\noutput = \"out/regions.json\"\ntop = {top}\n\
         [[report]]\noutput = \"out/gaps.md\"\ntop = {top}\n"
    )
}

#[test]
fn two_jobs_writing_one_output_set_at_once_leave_a_matching_manifest() {
    let wd = Workdir::new();
    wd.standard_inputs();
    wd.write("a.toml", job(2));
    wd.write("b.toml", job(5));
    for round in 0..30 {
        let a = command(&wd, &["-q", "run", "a.toml"]).spawn().unwrap();
        let b = command(&wd, &["-q", "run", "b.toml"]).spawn().unwrap();
        for mut child in [a, b] {
            assert_eq!(child.wait().unwrap().code(), Some(0), "round {round}");
        }
        assert_manifest_matches(wd.path(), &wd.path().join("out/manifest.json"), round);
    }
    let mut left = fs::read_dir(wd.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect::<Vec<_>>();
    left.sort();
    assert_eq!(
        left,
        [
            ".skillgap.lock",
            "gaps.csv",
            "gaps.md",
            "manifest.json",
            "regions.json",
            "rejects.csv"
        ]
    );
}

#[test]
fn two_gap_runs_writing_one_report_at_once_leave_a_matching_manifest() {
    let wd = Workdir::new();
    wd.standard_inputs();
    for round in 0..30 {
        let runs: Vec<_> = ["2", "5"]
            .into_iter()
            .map(|top| {
                command(&wd, &gap_args(&["-q", "--top", top, "-o", "gaps.csv"]))
                    .spawn()
                    .unwrap()
            })
            .collect();
        for mut child in runs {
            assert_eq!(child.wait().unwrap().code(), Some(0), "round {round}");
        }
        let m: serde_json::Value = serde_json::from_str(&wd.read("manifest.json")).unwrap();
        assert_eq!(
            m["outputs"][0]["sha256"],
            sha256(&wd.path().join("gaps.csv")),
            "round {round}"
        );
    }
}

/// `skillgap ARGS` in `dir` with files limited to `blocks` 512-byte blocks and SIGXFSZ ignored,
/// so that a write past the limit fails (EFBIG) as a write to a full disk does.
fn with_file_limit(dir: &Path, blocks: u32, args: &[&str]) -> std::process::Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -f {blocks} && trap '' XFSZ && exec \"$0\" \"$@\""
        ))
        .arg(binary())
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

/// Every file under `dir` (not the lock) with its bytes, sorted.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && !p.ends_with(".skillgap.lock"))
        .map(|p| (p.display().to_string(), fs::read(&p).unwrap()))
        .collect();
    out.sort();
    out
}

#[test]
fn a_manifest_that_cannot_be_written_leaves_the_old_reports() {
    let wd = Workdir::new();
    wd.standard_inputs();
    // small reports (one row each), a manifest of more than 512 bytes
    let small = "postings = \"postings.csv\"\ngraduates = \"graduates.csv\"\n\
                 [[report]]\noutput = \"out/gaps.csv\"\ntop = 1\n\
                 [[report]]\noutput = \"out/regions.csv\"\nby = [\"region\"]\ntop = 1\n";
    wd.write("job.toml", small.replace("top = 1", "top = 2"));
    wd.run(&["run", "job.toml"]).expect_success();
    let before = snapshot(&wd.path().join("out"));
    wd.write("job.toml", small);
    let out = with_file_limit(wd.path(), 1, &["run", "job.toml"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("manifest.json"), "{err}");
    assert_eq!(snapshot(&wd.path().join("out")), before, "{err}");

    // the same for gap -o: the report stays the old one, beside its manifest
    wd.run(&gap_args(&["--top", "2", "-o", "out/gaps.csv"]))
        .expect_success();
    let before = snapshot(&wd.path().join("out"));
    let out = with_file_limit(
        wd.path(),
        1,
        &gap_args(&["--top", "1", "-o", "out/gaps.csv"]),
    );
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert_eq!(snapshot(&wd.path().join("out")), before);
}
