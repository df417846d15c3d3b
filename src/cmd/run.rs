//! `skillgap run JOB.toml`: every report of a job file from one reading of the inputs, written
//! together, with a manifest.
//!
//! The steps: load and check the job, expand the postings globs, read every postings file into one
//! tally (the same normaliser state merged across files) and the graduates, choose the period,
//! compute and render every report to memory, then stage each output as a temporary file beside
//! its destination and rename them into place only when all were staged. A run that fails part-way
//! therefore leaves the previous outputs as they were. Data-quality thresholds are checked last:
//! when breached, the reports are still written and the run exits 3.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::analysis::{self, Options, SortKey};
use crate::cli::RunArgs;
use crate::dims::Grouping;
use crate::error::{Error, ExitCode};
use crate::ingest::{Input, ReadOptions, ReadSummary};
use crate::job::{self, Job};
use crate::log;
use crate::manifest::{self, InputFile, Manifest, OutputFile};
use crate::model::GapReport;
use crate::output;
use crate::pipeline::{self, Scan};
use crate::report;
use crate::taxonomy::{Lang, Taxonomy};

/// One report, rendered and ready to write.
struct Rendered {
    path: PathBuf,
    /// The format's name (`csv`, `xlsx`, ...), or `rejects` for the rejected rows.
    format: String,
    bytes: Vec<u8>,
    rows: usize,
}

/// Runs a job; returns 3 when a data-quality threshold was breached.
pub fn run(args: &RunArgs, quiet: bool) -> Result<ExitCode, Error> {
    let started = SystemTime::now();
    let job = Job::load(&args.job)?;
    let dir = job::base_dir(&args.job);
    let postings = job::resolve_paths(&args.job, dir, &job.postings.patterns())?;
    let graduates = dir.join(&job.graduates);
    let delimiter = job.delimiter().map_err(|message| job::JobError::Invalid {
        path: args.job.clone(),
        message,
    })?;
    let tax = pipeline::load_taxonomy(job.taxonomy.as_ref().map(|t| dir.join(t)).as_deref())?;
    log::debug(format!("taxonomy {}", tax.version));
    let opts = ReadOptions {
        delimiter,
        progress: !quiet && std::io::stderr().is_terminal(),
        keep_all_rejects: job.rejects.is_some(),
        ..ReadOptions::default()
    };
    let postings_inputs: Vec<Input> = postings.iter().map(|p| Input::Path(p.clone())).collect();
    let graduates_input = Input::Path(graduates.clone());
    let scan = pipeline::read(
        &pipeline::Sources {
            postings: &postings_inputs,
            graduates: &graduates_input,
            postings_opts: opts.clone(),
            graduates_opts: opts,
            dedup: job.dedup.then(|| crate::dedup::Options {
                window_days: job.dedup_days.unwrap_or(crate::dedup::DEFAULT_WINDOW_DAYS),
            }),
        },
        &tax,
    )?;
    let files = &scan.postings_files;
    let period = analysis::select_period(
        job.year,
        job.from,
        job.to,
        &scan.demand.years(),
        &scan.supply.years(),
    )?;
    let date = log::date(started);
    let period_text = period.to_string();

    let input_refs: Vec<&Input> = postings_inputs.iter().chain([&graduates_input]).collect();
    let mut rendered: Vec<Rendered> = Vec::new();
    let mut first: Option<GapReport> = None;
    for (i, spec) in job.reports.iter().enumerate() {
        let expanded = job::expand(&spec.output, &date, &period_text).map_err(|message| {
            job::JobError::Invalid {
                path: args.job.clone(),
                message: format!("report {}: {message}", i + 1),
            }
        })?;
        let path = dir.join(expanded);
        output::check_not_input(&path, &input_refs)?;
        if rendered.iter().any(|r| r.path == path) {
            return Err(Error::Usage(format!(
                "{}: reports {} and another both write {}; give each report its own output",
                args.job.display(),
                i + 1,
                path.display()
            )));
        }
        let opts = Options {
            period,
            by: Grouping::new(&spec.by.iter().map(|d| d.0).collect::<Vec<_>>())
                .map_err(|e| Error::Usage(format!("{}: {e}", spec.output)))?,
            sort: spec.sort.map_or(SortKey::Gap, |s| s.0),
            top: spec.top,
            show_unmapped: spec.show_unmapped,
            min_count: spec.min_count.unwrap_or(10.0),
            threshold: spec.threshold.unwrap_or(0.2),
            lang: spec.lang.map_or(Lang::En, |l| l.0),
        };
        let report = pipeline::assemble(&tax, &scan, &opts)?;
        let format = spec.format_for(&path);
        let format_name = format.name().to_string();
        let mut bytes = Vec::new();
        report::for_format(format)
            .write(&report, &mut bytes)
            .map_err(|e| Error::Compute(format!("rendering {}: {e}", path.display())))?;
        rendered.push(Rendered {
            path,
            format: format_name,
            bytes,
            rows: report.rows.len(),
        });
        first.get_or_insert(report);
    }
    let first = first.expect("a job has at least one report (checked on load)");
    if let Some(pattern) = &job.rejects {
        let path = dir.join(
            job::expand(pattern, &date, &period_text).map_err(|message| {
                job::JobError::Invalid {
                    path: args.job.clone(),
                    message: format!("rejects: {message}"),
                }
            })?,
        );
        output::check_not_input(&path, &input_refs)?;
        if rendered.iter().any(|r| r.path == path) {
            return Err(Error::Usage(format!(
                "{}: `rejects` and a report both write {}; give the rejects their own file",
                args.job.display(),
                path.display()
            )));
        }
        let mut bytes = Vec::new();
        super::checks::rejects_csv(&[&scan.postings, &scan.graduates], &mut bytes)
            .map_err(|e| Error::Compute(format!("rendering {}: {e}", path.display())))?;
        let rows = scan.postings.rejects.len() + scan.graduates.rejects.len();
        rendered.push(Rendered {
            path,
            format: "rejects".into(),
            bytes,
            rows,
        });
    }
    let breaches = breaches(&job, &tax, &scan, period);
    let manifest_path = match &job.manifest {
        Some(m) => dir.join(job::expand(m, &date, &period_text).unwrap_or_else(|_| m.clone())),
        None => manifest::beside(&rendered[0].path),
    };

    if args.dry_run {
        print_plan(
            &args.job,
            files,
            &graduates,
            &period_text,
            &rendered,
            &manifest_path,
            &breaches,
        )?;
        return Ok(if breaches.is_empty() {
            ExitCode::Success
        } else {
            ExitCode::Rejected
        });
    }

    commit(&rendered)?;
    for r in &rendered {
        log::info(format!(
            "wrote {} ({}, {} rows)",
            r.path.display(),
            r.format,
            crate::util::thousands(r.rows as u64)
        ));
    }
    let mut input_files: Vec<InputFile> = files
        .iter()
        .map(|s| manifest::input_file("postings", s))
        .collect();
    input_files.push(manifest::input_file("graduates", &scan.graduates));
    let outputs = rendered
        .iter()
        .map(|r| OutputFile {
            path: r.path.display().to_string(),
            format: r.format.clone(),
            bytes: r.bytes.len() as u64,
            sha256: manifest::sha256_hex(&r.bytes),
        })
        .collect();
    Manifest::new(started, Some(&args.job), &first, input_files, outputs).write(&manifest_path)?;
    log::info(format!("wrote {}", manifest_path.display()));
    if !quiet {
        eprintln!(
            "skillgap: {}: {}",
            period_text,
            report::quality::footer(&first.quality)
        );
    }
    if breaches.is_empty() {
        Ok(ExitCode::Success)
    } else {
        eprintln!(
            "skillgap: data quality below the job's thresholds (the reports were written): {}",
            breaches.join("; ")
        );
        Ok(ExitCode::Rejected)
    }
}

/// The job's data-quality thresholds that the inputs breach, as messages. The unmapped rate is
/// measured grouping by both region and specialisation: a row is unmapped when either label could
/// not be placed.
fn breaches(job: &Job, tax: &Taxonomy, scan: &Scan, period: analysis::Period) -> Vec<String> {
    if job.max_reject_rate.is_none() && job.max_unmapped_rate.is_none() {
        return Vec::new();
    }
    let quality = pipeline::quality(
        tax,
        scan,
        Some(period),
        &Grouping::region_by_specialisation(),
    );
    let pct = |n: u64, d: u64| {
        if d == 0 {
            0.0
        } else {
            n as f64 * 100.0 / d as f64
        }
    };
    let mut out = Vec::new();
    for q in &quality.inputs {
        let rejected = pct(q.rows_rejected, q.rows_read);
        if let Some(max) = job.max_reject_rate.filter(|&m| rejected > m) {
            out.push(format!(
                "{}: {rejected:.1}% of rows rejected, above max_reject_rate = {max}%",
                q.input
            ));
        }
        let unmapped = pct(q.rows_unmapped, q.rows_unmapped + q.rows_counted);
        if let Some(max) = job.max_unmapped_rate.filter(|&m| unmapped > m) {
            out.push(format!(
                "{}: {unmapped:.1}% of rows in the period unmapped, above max_unmapped_rate = {max}%",
                q.input
            ));
        }
    }
    out
}

/// Stages every output as a temporary file beside its destination (creating missing directories),
/// then renames them all into place. Nothing is renamed unless every output was staged, and a destination that is a directory
/// is refused before any rename, so a failure leaves the previous outputs untouched.
fn commit(rendered: &[Rendered]) -> Result<(), Error> {
    let mut staged = Vec::with_capacity(rendered.len());
    for r in rendered {
        let fail = |source| Error::Output {
            path: r.path.clone(),
            source,
        };
        if r.path.is_dir() {
            return Err(fail(std::io::Error::other("it is a directory")));
        }
        let dir = match r.path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        // missing directories are created: `out/{date}/` is a new directory every day
        std::fs::create_dir_all(dir).map_err(fail)?;
        let mut tmp = tempfile::Builder::new()
            .prefix(".skillgap-")
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(fail)?;
        // a temporary file is private (0600); a report is an ordinary file
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let perms = std::fs::Permissions::from_mode(0o644);
            tmp.as_file().set_permissions(perms).map_err(fail)?;
        }
        tmp.write_all(&r.bytes)
            .and_then(|_| tmp.as_file().sync_all())
            .map_err(fail)?;
        staged.push(tmp);
    }
    for (tmp, r) in staged.into_iter().zip(rendered) {
        tmp.persist(&r.path).map_err(|e| Error::Output {
            path: r.path.clone(),
            source: e.error,
        })?;
    }
    Ok(())
}

/// `--dry-run`: what would be read and written, on stdout.
fn print_plan(
    job: &Path,
    files: &[ReadSummary],
    graduates: &Path,
    period: &str,
    rendered: &[Rendered],
    manifest_path: &Path,
    breaches: &[String],
) -> Result<(), Error> {
    let mut text = format!("job {} (dry run: nothing written)\n", job.display());
    for f in files {
        text += &format!("read  postings   {} ({} rows)\n", f.file, f.rows_read);
    }
    text += &format!("read  graduates  {}\n", graduates.display());
    text += &format!("period {period}\n");
    for r in rendered {
        text += &format!(
            "write {} ({}, {} rows, {} bytes)\n",
            r.path.display(),
            r.format,
            r.rows,
            r.bytes.len()
        );
    }
    text += &format!("write {}\n", manifest_path.display());
    for b in breaches {
        text += &format!("threshold breached: {b}\n");
    }
    output::write_with(None, |w| w.write_all(text.as_bytes()))
}
