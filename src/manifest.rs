//! The run manifest: `manifest.json`, written beside the outputs of every run that writes files
//! (`gap`, `trend` and `skills` with `-o FILE`, and `run`), recording what was read and written so that a report can be traced
//! back to its exact inputs.
//!
//! Reports themselves carry no timestamp, so two runs on the same inputs give byte-identical
//! reports; the times, the command line and the checksums live here instead.
//!
//! The checksums are those of the bytes staged for each output (see [`crate::output`]), and the
//! manifest is staged with the outputs and renamed into place after them, under the output set's
//! lock: the manifest beside the reports always describes them.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::indicators::columns::StatedAssumptions;
use crate::ingest::ReadSummary;
use crate::model::trend::TrendReport;
use crate::model::{DataQuality, GapReport};
use crate::output::Staged;
use crate::util::hex;

/// The file name of the manifest.
pub const FILE_NAME: &str = "manifest.json";

/// Version of the manifest's JSON layout; bumped on any incompatible change.
pub const MANIFEST_VERSION: u32 = 1;

/// What one run read and wrote.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    pub manifest_version: u32,
    /// The version of skillgap that ran.
    pub skillgap_version: String,
    /// The command line, one argument per element.
    pub command: Vec<String>,
    /// The job file, for `skillgap run`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub job: Option<String>,
    /// RFC 3339 UTC.
    pub started: String,
    /// RFC 3339 UTC.
    pub finished: String,
    pub taxonomy_version: String,
    /// `2025` or `2024-2025`.
    pub period: String,
    /// Every input file, in the order read.
    pub inputs: Vec<InputFile>,
    /// What happened to the rows of each input (postings, graduates), over all its files.
    pub rows: Vec<RowCounts>,
    /// Every output written, in job order.
    pub outputs: Vec<OutputFile>,
    /// The assumptions file the figures rest on (`--assumptions`, a job's `assumptions`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub assumptions: Option<AssumptionsFile>,
}

/// The assumptions file of a run.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct AssumptionsFile {
    /// The path as given.
    pub path: String,
    /// Hex SHA-256 of its bytes.
    pub sha256: String,
}

/// One input file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct InputFile {
    /// `postings` or `graduates`.
    pub input: String,
    /// The path as given (`-` for stdin).
    pub path: String,
    /// Size in bytes; absent for stdin.
    pub bytes: Option<u64>,
    /// Hex SHA-256 of the file's bytes; absent for stdin.
    pub sha256: Option<String>,
    /// Data rows read from this file.
    pub rows_read: u64,
    /// Rows of this file rejected.
    pub rows_rejected: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// Row counts of one input, from the report's data quality.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct RowCounts {
    pub input: String,
    pub rows_read: u64,
    pub rows_counted: u64,
    pub rows_unmapped: u64,
    /// Rows placed abroad (absent from manifests written before places abroad were counted).
    #[serde(default)]
    pub rows_abroad: u64,
    pub rows_rejected: u64,
    pub rows_outside_period: u64,
    /// Rows merged into another copy of the same posting.
    pub rows_duplicate: u64,
    /// Total rows of a workbook, read and not counted (absent when there are none).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub rows_total: u64,
}

/// One output file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub format: String,
    pub bytes: u64,
    /// Hex SHA-256 of the file's bytes.
    pub sha256: String,
}

/// Hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Hex SHA-256 of a file's contents, read in chunks.
pub fn sha256_file(path: &Path) -> io::Result<String> {
    let mut f = File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex(&hasher.finalize()))
}

/// An input file's entry, from what the reader saw: the checksum was computed while reading.
pub fn input_file(input: &str, read: &ReadSummary) -> InputFile {
    InputFile {
        input: input.to_string(),
        path: read.file.clone(),
        bytes: read.bytes,
        sha256: read.sha256.clone(),
        rows_read: read.rows_read,
        rows_rejected: read.rows_rejected,
    }
}

/// The entries of every input file of a scan: the postings files in the order read, then the
/// graduates.
pub fn input_files(scan: &crate::pipeline::Scan) -> Vec<InputFile> {
    scan.postings_files
        .iter()
        .map(|s| input_file("postings", s))
        // `skills` reads graduates only with --graduates
        .chain((!scan.graduates.file.is_empty()).then(|| input_file("graduates", &scan.graduates)))
        .collect()
}

/// The row counts of each input in a report's data quality.
pub fn row_counts(quality: &DataQuality) -> Vec<RowCounts> {
    quality
        .inputs
        .iter()
        .map(|q| RowCounts {
            input: q.input.clone(),
            rows_read: q.rows_read,
            rows_counted: q.rows_counted,
            rows_unmapped: q.rows_unmapped,
            rows_abroad: q.rows_abroad,
            rows_rejected: q.rows_rejected,
            rows_outside_period: q.rows_outside_period,
            rows_duplicate: q.rows_duplicate,
            rows_total: q.rows_total,
        })
        .collect()
}

/// What a manifest says of the figures in the outputs: their period, the taxonomy they were
/// placed in, what happened to the rows of each input, and the assumptions they rest on.
#[derive(Debug, Clone, Copy)]
pub struct Figures<'a> {
    /// The first and last year.
    pub period: (i32, i32),
    pub taxonomy_version: &'a str,
    pub quality: &'a DataQuality,
    pub assumptions: Option<&'a StatedAssumptions>,
}

impl<'a> From<&'a GapReport> for Figures<'a> {
    fn from(r: &'a GapReport) -> Figures<'a> {
        let p = &r.params;
        Figures {
            period: (p.period_from, p.period_to),
            taxonomy_version: &p.taxonomy_version,
            quality: &r.quality,
            assumptions: p.indicators.as_ref().and_then(|i| i.assumptions.as_ref()),
        }
    }
}

impl<'a> From<&'a TrendReport> for Figures<'a> {
    /// The observed years are the period: the projected ones rest on them.
    fn from(t: &'a TrendReport) -> Figures<'a> {
        let p = &t.params;
        Figures {
            period: (p.observed_from, p.observed_to),
            taxonomy_version: &p.taxonomy_version,
            quality: &t.quality,
            assumptions: p.assumptions.as_ref(),
        }
    }
}

impl Manifest {
    /// A manifest for a run that started at `started` and finishes now, for the `figures` of its
    /// (first) report.
    pub fn new(
        started: SystemTime,
        job: Option<&Path>,
        figures: Figures,
        inputs: Vec<InputFile>,
        outputs: Vec<OutputFile>,
    ) -> Manifest {
        let period = match figures.period {
            (from, to) if from == to => from.to_string(),
            (from, to) => format!("{from}-{to}"),
        };
        Manifest {
            manifest_version: MANIFEST_VERSION,
            skillgap_version: env!("CARGO_PKG_VERSION").to_string(),
            command: std::env::args().collect(),
            job: job.map(|j| j.display().to_string()),
            started: crate::log::rfc3339(started),
            finished: crate::log::rfc3339(SystemTime::now()),
            taxonomy_version: figures.taxonomy_version.to_string(),
            period,
            inputs,
            rows: row_counts(figures.quality),
            outputs,
            assumptions: figures.assumptions.map(|a| AssumptionsFile {
                path: a.file.clone(),
                sha256: a.sha256.clone(),
            }),
        }
    }

    /// Writes the manifest as pretty JSON.
    pub fn write_to(&self, w: &mut dyn io::Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *w, self).map_err(io::Error::other)?;
        w.write_all(b"\n")
    }
}

/// The entry of an output, from what was staged for it.
pub fn output_file(staged: &Staged, format: &str) -> OutputFile {
    OutputFile {
        path: staged.path.display().to_string(),
        format: format.to_string(),
        bytes: staged.bytes,
        sha256: staged.sha256.clone(),
    }
}

/// Where the manifest goes for outputs in `path`'s directory.
pub fn beside(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.join(FILE_NAME),
        _ => PathBuf::from(FILE_NAME),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ABC: &str = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    #[test]
    fn sha256_of_bytes_and_file_agree_with_the_known_value() {
        assert_eq!(sha256_hex(b"abc"), ABC);
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("abc.txt");
        std::fs::write(&p, "abc").unwrap();
        assert_eq!(sha256_file(&p).unwrap(), ABC);
    }

    #[test]
    fn inputs_are_checksummed_while_read() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("postings.csv");
        let text = "posted_date,title,region\n2025-01-02,Comptable,Rabat\n";
        std::fs::write(&p, text).unwrap();
        let input: crate::ingest::Input = p.to_str().unwrap().parse().unwrap();
        let (read, _) = crate::ingest::read_postings(
            &input,
            &crate::ingest::ReadOptions::default(),
            || (),
            |_, _| {},
        )
        .unwrap();
        let entry = input_file("postings", &read);
        assert_eq!(entry.sha256, Some(sha256_hex(text.as_bytes())));
        assert_eq!(entry.sha256, Some(sha256_file(&p).unwrap()));
        assert_eq!(entry.bytes, Some(text.len() as u64));
    }

    #[test]
    fn manifest_goes_beside_the_output() {
        assert_eq!(
            beside(Path::new("out/gaps.csv")),
            PathBuf::from("out/manifest.json")
        );
        assert_eq!(
            beside(Path::new("gaps.csv")),
            PathBuf::from("manifest.json")
        );
    }
}
