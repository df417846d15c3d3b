//! `skillgap run JOB.toml`: every report of a job file from one reading of the inputs, written
//! together, with a manifest.
//!
//! The steps: load and check the job, expand the postings globs, read every postings file into one
//! tally (the same normaliser state merged across files) and the graduates, choose the period,
//! compute and render every report to memory, then stage each output as a temporary file beside
//! its destination and rename them into place only when all were staged. A run that fails part-way
//! therefore leaves the previous outputs as they were. Data-quality thresholds are checked last:
//! when breached, the reports are still written and the run exits 3.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::analysis::Period;
use crate::cli::RunArgs;
use crate::config::JobConfig;
use crate::dims::Grouping;
use crate::error::{Error, ExitCode};
use crate::ingest::ReadSummary;
use crate::job;
use crate::log;
use crate::manifest::{self, Manifest, OutputFile};
use crate::model::GapReport;
use crate::output;
use crate::pipeline::{self, Scan};
use crate::report;
use crate::taxonomy::Taxonomy;

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
    let cfg = JobConfig::load(&args.job)?;
    let (tax, coder_data) = pipeline::load_taxonomy(cfg.input.taxonomy.as_deref())?;
    log::debug(format!("taxonomy {}", tax.version));
    let by_occupation = cfg.reports.iter().any(|r| r.config.by.by_occupation());
    let dir = cfg.input.taxonomy.as_deref();
    let occupations = pipeline::occupations(&tax, &coder_data, dir, by_occupation)?;
    let sources = cfg
        .input
        .sources(super::progress(quiet), cfg.rejects.is_some());
    let scan = pipeline::read(&sources, &occupations)?;
    let period = cfg
        .period
        .select(&scan.demand.years(), &scan.supply.years())?;
    let places = Placeholders {
        date: log::date(started),
        period: period.to_string(),
    };
    let (mut rendered, first) = render_reports(&cfg, &tax, &scan, period, &places)?;
    if let Some(r) = render_rejects(&cfg, &scan, &places, &rendered)? {
        rendered.push(r);
    }
    let breaches = breaches(&cfg, &tax, &scan, period);
    let manifest_path = match &cfg.manifest {
        Some(m) => cfg
            .dir
            .join(places.expand(m).unwrap_or_else(|_| m.to_string())),
        None => manifest::beside(&rendered[0].path),
    };

    if args.dry_run {
        print_plan(
            &cfg,
            &scan.postings_files,
            &places.period,
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
    let outputs = rendered
        .iter()
        .map(|r| OutputFile {
            path: r.path.display().to_string(),
            format: r.format.clone(),
            bytes: r.bytes.len() as u64,
            sha256: manifest::sha256_hex(&r.bytes),
        })
        .collect();
    let inputs = manifest::input_files(&scan);
    Manifest::new(started, Some(&args.job), &first, inputs, outputs).write(&manifest_path)?;
    log::info(format!("wrote {}", manifest_path.display()));
    if !quiet {
        eprintln!(
            "skillgap: {}: {}",
            places.period,
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

/// The values of the placeholders of output paths.
struct Placeholders {
    /// The UTC date the run started.
    date: String,
    /// The period analysed.
    period: String,
}

impl Placeholders {
    fn expand(&self, template: &str) -> Result<String, String> {
        job::expand(template, &self.date, &self.period)
    }
}

/// A job's output path: the template expanded, relative to the job's directory; refused when it
/// is an input or already written by another output of the job (`what`).
fn output_path(
    cfg: &JobConfig,
    template: &str,
    places: &Placeholders,
    rendered: &[Rendered],
    what: &str,
) -> Result<PathBuf, Error> {
    let expanded = places
        .expand(template)
        .map_err(|message| job::JobError::Invalid {
            path: cfg.path.clone(),
            message: format!("{what}: {message}"),
        })?;
    let path = cfg.dir.join(expanded);
    output::check_not_input(&path, &cfg.input.all())?;
    if rendered.iter().any(|r| r.path == path) {
        return Err(Error::Usage(format!(
            "{}: {what} and another output both write {}; give each its own file",
            cfg.path.display(),
            path.display()
        )));
    }
    Ok(path)
}

/// Computes and renders every report of the job, in memory; returns them with the first report,
/// whose data quality the manifest and the footer show.
fn render_reports(
    cfg: &JobConfig,
    tax: &Taxonomy,
    scan: &Scan,
    period: Period,
    places: &Placeholders,
) -> Result<(Vec<Rendered>, GapReport), Error> {
    let mut rendered: Vec<Rendered> = Vec::new();
    let mut first: Option<GapReport> = None;
    for (i, r) in cfg.reports.iter().enumerate() {
        let what = format!("report {}", i + 1);
        let path = output_path(cfg, &r.output, places, &rendered, &what)?;
        let rc = &r.config;
        let report = pipeline::assemble(tax, scan, period, rc)?;
        let mut bytes = Vec::new();
        report::configured(rc.format, &rc.write_options())
            .write(&report, &mut bytes)
            .map_err(|e| Error::Compute(format!("rendering {}: {e}", path.display())))?;
        rendered.push(Rendered {
            path,
            format: rc.format.name().to_string(),
            bytes,
            rows: report.rows.len(),
        });
        first.get_or_insert(report);
    }
    let first = first.expect("a job has at least one report (checked on load)");
    Ok((rendered, first))
}

/// The job's `rejects` file, rendered in memory, if it asks for one.
fn render_rejects(
    cfg: &JobConfig,
    scan: &Scan,
    places: &Placeholders,
    rendered: &[Rendered],
) -> Result<Option<Rendered>, Error> {
    let Some(pattern) = &cfg.rejects else {
        return Ok(None);
    };
    let path = output_path(cfg, pattern, places, rendered, "rejects")?;
    let mut bytes = Vec::new();
    super::checks::rejects_csv(
        &[&scan.postings, &scan.graduates],
        cfg.checks.sanitize,
        &mut bytes,
    )
    .map_err(|e| Error::Compute(format!("rendering {}: {e}", path.display())))?;
    let rows = scan.postings.rejects.len() + scan.graduates.rejects.len();
    Ok(Some(Rendered {
        path,
        format: "rejects".into(),
        bytes,
        rows,
    }))
}

/// The job's data-quality thresholds that the inputs breach, as messages. The unmapped rate is
/// measured grouping by both region and specialisation: a row is unmapped when either label could
/// not be placed.
fn breaches(cfg: &JobConfig, tax: &Taxonomy, scan: &Scan, period: Period) -> Vec<String> {
    if cfg.max_reject_rate.is_none() && cfg.max_unmapped_rate.is_none() {
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
        if let Some(max) = cfg.max_reject_rate.filter(|&m| rejected > m) {
            out.push(format!(
                "{}: {rejected:.1}% of rows rejected, above max_reject_rate = {max}%",
                q.input
            ));
        }
        let unmapped = pct(q.rows_unmapped, q.rows_unmapped + q.rows_counted);
        if let Some(max) = cfg.max_unmapped_rate.filter(|&m| unmapped > m) {
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
    cfg: &JobConfig,
    files: &[ReadSummary],
    period: &str,
    rendered: &[Rendered],
    manifest_path: &Path,
    breaches: &[String],
) -> Result<(), Error> {
    let mut text = format!("job {} (dry run: nothing written)\n", cfg.path.display());
    for f in files {
        text += &format!("read  postings   {} ({} rows)\n", f.file, f.rows_read);
    }
    text += &format!("read  graduates  {}\n", cfg.input.graduates);
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
