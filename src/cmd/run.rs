//! `skillgap run JOB.toml`: every report (`[[report]]`, `[[trend]]`, `[[skills]]`) of a job file
//! from one reading of the inputs, written together, with a manifest.
//!
//! The steps: load and check the job; check its outputs against each other, its inputs and the
//! job file, and its postings globs against its outputs, before any input is read; read every
//! postings file into one tally (the same normaliser state merged across files) and the
//! graduates; choose the period; expand and resolve every output path (again checked); compute
//! and render every report to memory; then lock the output directories, stage each output and
//! the manifest, and rename them into place, the manifest last (see [`crate::output`]). A run
//! that fails part-way therefore leaves the previous outputs as they were. Data-quality
//! thresholds are checked last: when breached, the reports are still written and the run exits 3.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::time::SystemTime;

use super::checks::Output;
use crate::analysis::Period;
use crate::cli::RunArgs;
use crate::config::{self, Door, JobConfig, RawReport, ReportConfig};
use crate::dims::Grouping;
use crate::error::{Error, ExitCode};
use crate::job;
use crate::log;
use crate::manifest::{self, Manifest};
use crate::model::GapReport;
use crate::output::{self, OutputSet, Role, Target};
use crate::pipeline::{self, Scan};
use crate::report;
use crate::skills::curricula::Curricula;
use crate::skills::report::Options as SkillsOptions;
use crate::skills::tally::{JobSkills, SkillScan, TopSkills};
use crate::skills::Matcher;
use crate::taxonomy::Taxonomy;

/// One report, rendered and ready to write.
struct Rendered {
    /// The format's name (`csv`, `xlsx`, ...).
    format: String,
    bytes: Vec<u8>,
    rows: usize,
}

/// Runs a job; returns 3 when a data-quality threshold was breached.
pub fn run(args: &RunArgs, quiet: bool) -> Result<ExitCode, Error> {
    let started = SystemTime::now();
    let cfg = JobConfig::load(&args.job)?;
    let date = log::date(started);
    // before reading: the period is not known yet, and stays a placeholder in the paths
    check_globs(&cfg)?;
    Plan::resolve(
        &cfg,
        &Placeholders {
            date: date.clone(),
            period: "{period}".into(),
        },
    )?;
    let (tax, coder_data) = pipeline::load_taxonomy(cfg.input.taxonomy.as_deref())?;
    log::debug(format!("taxonomy {}", tax.version));
    let by_occupation = cfg.reports.iter().any(|r| r.config.by.by_occupation());
    let dir = cfg.input.taxonomy.as_deref();
    let occupations = pipeline::occupations(&tax, &coder_data, dir, by_occupation)?;
    // the postings' text columns, if any, give the top skills of the specialisations shown
    let sources = ((cfg.input).sources(super::progress(quiet), cfg.rejects.is_some()))
        .split_for(cfg.assumptions());
    // read before the postings, so that a mistake in one stops the run early
    let mut curricula = (cfg.skills.iter())
        .map(|s| {
            (s.curricula.as_deref())
                .map(|c| Curricula::read(c, &tax))
                .transpose()
        })
        .collect::<Result<Vec<_>, _>>()?;
    let (scan, found) = if cfg.skills.is_empty() {
        let top_skills = TopSkills::new(&tax.skills);
        let (mut scan, skills) = pipeline::read_with(&sources, &occupations, &top_skills)?;
        scan.skills = top_skills.finish(skills);
        (scan, None)
    } else {
        // the skills reports search every row: the gap reports' top skills come from the same
        // search
        let matcher = Matcher::new(&tax.skills);
        let (mut scan, mut found) =
            pipeline::read_with(&sources, &occupations, &JobSkills::new(&matcher))?;
        scan.skills = found.top();
        super::skills::check_text(&scan, &found.all, "`postings_columns` in [inputs]")?;
        (scan, Some(found.all))
    };
    for c in curricula.iter_mut().flatten() {
        c.graduating_from(&scan.supply);
    }
    let period = cfg.period.select(
        &scan.demand.years(),
        &pipeline::supply_years(&scan, cfg.lag_years()),
    )?;
    let places = Placeholders {
        date,
        period: period.to_string(),
    };
    let plan = Plan::resolve(&cfg, &places)?;
    let skills = Skills {
        found: found.as_ref(),
        curricula: &curricula,
    };
    let (rendered, (first, first_years)) =
        render_reports(&cfg, &tax, &scan, period, &plan, &skills)?;
    let breaches = breaches(&cfg, &tax, &scan, period);

    if args.dry_run {
        print_plan(&cfg, &scan, &places.period, &plan, &rendered, &breaches)?;
        return Ok(if breaches.is_empty() {
            ExitCode::Success
        } else {
            ExitCode::Rejected
        });
    }

    write_outputs(&cfg, &scan, &plan, &rendered, &first, started)?;
    for (r, o) in rendered.iter().zip(&plan.reports) {
        log::info(format!(
            "wrote {} ({}, {} rows)",
            o.path.display(),
            r.format,
            crate::util::thousands(r.rows as u64)
        ));
    }
    if let Some(m) = &plan.manifest {
        log::info(format!("wrote {}", m.path.display()));
    }
    if !quiet {
        log::stderr_line(&format!(
            "skillgap: {first_years}: {}",
            report::quality::footer(&first.quality)
        ));
    }
    if breaches.is_empty() {
        Ok(ExitCode::Success)
    } else {
        log::stderr_line(&format!(
            "skillgap: data quality below the job's thresholds (the reports were written): {}",
            breaches.join("; ")
        ));
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
    /// `template` expanded, relative to the job's directory; `what` names it in messages.
    fn path(&self, cfg: &JobConfig, template: &str, what: &str) -> Result<PathBuf, Error> {
        let expanded = job::expand(template, &self.date, &self.period).map_err(|message| {
            job::JobError::Invalid {
                path: cfg.path.clone(),
                message: format!("{what}: {message}"),
            }
        })?;
        Ok(cfg.dir.join(expanded))
    }
}

/// Every file a job writes, expanded, resolved and checked: each differs from every other, from
/// every input and from the job file.
struct Plan {
    /// Each report's and then each trend's name and output template (see [`output_names`]).
    names: Vec<(String, String)>,
    /// The outputs of the reports, then of the trends, in the job file's order.
    reports: Vec<Output>,
    rejects: Option<Output>,
    /// Where the job says, else beside the first report that is a file; none when every report
    /// goes to a device or FIFO and the job names no manifest.
    manifest: Option<Output>,
}

impl Plan {
    fn resolve(cfg: &JobConfig, places: &Placeholders) -> Result<Plan, Error> {
        let output = |template: &str, what: &str| -> Result<Output, Error> {
            let path = places.path(cfg, template, what)?;
            let target = Target::resolve(&path, true)?;
            Ok(Output { path, target })
        };
        let names = output_names(cfg);
        let reports = (names.iter())
            .map(|(what, template)| output(template, what))
            .collect::<Result<Vec<_>, _>>()?;
        let rejects = cfg
            .rejects
            .as_deref()
            .map(|t| output(t, "rejects"))
            .transpose()?;
        let manifest = match &cfg.manifest {
            Some(t) => Some(output(t, "manifest")?),
            None => (reports.iter().find(|r| !r.target.is_stream()))
                .map(|r| manifest::beside(&r.path))
                .map(|p| Target::resolve(&p, true).map(|target| Output { path: p, target }))
                .transpose()?,
        };
        let plan = Plan {
            names,
            reports,
            rejects,
            manifest,
        };
        output::check_distinct(&plan.roles(), &input_roles(cfg))?;
        Ok(plan)
    }

    /// Each output with its key, as the job file names it.
    fn roles(&self) -> Vec<Role> {
        let mut roles: Vec<Role> = (self.reports.iter().zip(&self.names))
            .map(|(r, (what, _))| Role::new(format!("{what} `output`"), &r.path))
            .collect();
        roles.extend(self.rejects.iter().map(|r| Role::new("`rejects`", &r.path)));
        roles.extend(
            self.manifest
                .iter()
                .map(|m| Role::new("`manifest`", &m.path)),
        );
        roles
    }

    fn all(&self) -> impl Iterator<Item = &Output> {
        self.reports
            .iter()
            .chain(&self.rejects)
            .chain(&self.manifest)
    }
}

/// Each report's, then each trend's, then each skills report's name in messages (`report 1`,
/// `trend 1`, `skills 1`) and output template.
fn output_names(cfg: &JobConfig) -> Vec<(String, String)> {
    let reports = (cfg.reports.iter().enumerate())
        .map(|(i, r)| (format!("report {}", i + 1), r.output.clone()));
    let trends = (cfg.trends.iter().enumerate())
        .map(|(i, t)| (format!("trend {}", i + 1), t.output.clone()));
    let skills = (cfg.skills.iter().enumerate())
        .map(|(i, s)| (format!("skills {}", i + 1), s.output.clone()));
    reports.chain(trends).chain(skills).collect()
}

/// Every file a job reads: its inputs, the skills reports' curricula, and the job file itself.
fn input_roles(cfg: &JobConfig) -> Vec<Role> {
    let mut roles = cfg.input.roles(Door::JobFile);
    for (i, s) in cfg.skills.iter().enumerate() {
        if let Some(c) = &s.curricula {
            roles.push(Role::new(format!("skills {} `curricula`", i + 1), c));
        }
    }
    roles.push(Role::new("the job file", &cfg.path));
    roles
}

/// A postings glob must not match a file that the job writes, on this run or an earlier one
/// (`postings = "out/*.csv"` beside a report `out/{date}/gaps.csv`): the report would be read as
/// postings, and fail on its columns, or be counted.
fn check_globs(cfg: &JobConfig) -> Result<(), Error> {
    let mut templates = output_names(cfg);
    templates.extend(cfg.rejects.iter().map(|t| ("`rejects`".into(), t.clone())));
    let manifest = (cfg.manifest.clone()).or_else(|| {
        let first = Path::new(&templates.first()?.1);
        Some(manifest::beside(first).to_string_lossy().into_owned())
    });
    templates.extend(manifest.map(|m| ("the manifest".into(), m)));
    let patterns: Vec<(&str, &str, glob::Pattern)> = (templates.iter())
        .filter_map(|(what, t)| Some((what.as_str(), t.as_str(), output_pattern(&cfg.dir, t)?)))
        .collect();
    let options = glob::MatchOptions {
        require_literal_separator: true,
        ..glob::MatchOptions::new()
    };
    for pattern in cfg.postings_patterns.iter().filter(|p| job::is_glob(p)) {
        for file in job::resolve_paths(&cfg.path, &cfg.dir, &[pattern])? {
            let seen = output::normalised(&file);
            let Some((what, template, _)) =
                (patterns.iter()).find(|(_, _, p)| p.matches_path_with(&seen, options))
            else {
                continue;
            };
            return Err(Error::Usage(format!(
                "{}: the postings glob `{pattern}` matches {}, which {what} writes (`{template}`) \
                 on this run or an earlier one; narrow the glob to the inputs, or write the \
                 outputs elsewhere",
                cfg.path.display(),
                file.display()
            )));
        }
    }
    Ok(())
}

/// The files an output template may have written, as a glob over normalised paths: `{date}` is
/// any date, `{period}` any year or range of years.
fn output_pattern(dir: &Path, template: &str) -> Option<glob::Pattern> {
    let full = dir.join(template);
    let parts: Vec<Component> = full.components().collect();
    let fixed = (parts.iter())
        .position(|c| c.as_os_str().to_string_lossy().contains('{'))
        .unwrap_or(parts.len());
    let prefix = output::normalised(&parts[..fixed].iter().collect::<PathBuf>());
    let mut pattern = glob::Pattern::escape(&prefix.to_string_lossy());
    const YEAR: &str = "[0-9][0-9][0-9][0-9]";
    for part in &parts[fixed..] {
        if !pattern.ends_with('/') {
            pattern.push('/');
        }
        pattern += &glob::Pattern::escape(&part.as_os_str().to_string_lossy())
            .replace("{date}", &format!("{YEAR}-[0-9][0-9]-[0-9][0-9]"))
            .replace("{period}", &format!("{YEAR}*"));
    }
    glob::Pattern::new(&pattern).ok()
}

/// What the skills reports of a job are built from: every posting's skills (none when the job
/// has no skills report), and each report's curricula, placed where their graduates are.
struct Skills<'a> {
    found: Option<&'a SkillScan>,
    curricula: &'a [Option<Curricula>],
}

/// Computes and renders every report, trend and skills report of the job, in memory; returns them
/// with the first report (a trend's in gap terms when the job has no gap report; without either,
/// a gap report by region and specialisation, not written), whose data quality the manifest and
/// the footer show, and the years it covers.
fn render_reports(
    cfg: &JobConfig,
    tax: &Taxonomy,
    scan: &Scan,
    period: Period,
    plan: &Plan,
    skills: &Skills,
) -> Result<(Vec<Rendered>, (GapReport, String)), Error> {
    let mut rendered: Vec<Rendered> = Vec::new();
    let mut first: Option<(GapReport, String)> = None;
    let (report_outputs, rest) = plan.reports.split_at(cfg.reports.len());
    let (trend_outputs, skills_outputs) = rest.split_at(cfg.trends.len());
    for (r, out) in cfg.reports.iter().zip(report_outputs) {
        let rc = &r.config;
        let report = pipeline::assemble(tax, scan, period, rc)?;
        let writer = report::configured(rc.format, &rc.write_options());
        rendered.push(render(
            &out.path,
            rc.format,
            &*writer,
            &report,
            report.rows.len(),
        )?);
        first.get_or_insert((report, period.to_string()));
    }
    for (t, out) in cfg.trends.iter().zip(trend_outputs) {
        let report = super::trend::assemble(tax, scan, &t.config, &t.targets)?;
        let rc = &t.config.report;
        let writer = report::trend::configured(rc.format, &rc.write_options());
        rendered.push(render(
            &out.path,
            rc.format,
            &*writer,
            &report,
            report.rows(),
        )?);
        if first.is_none() {
            let span = super::trend::span_label(&report);
            first = Some((super::trend::as_gap_report(&report), span));
        }
    }
    if let Some(found) = skills.found {
        let years: BTreeSet<i32> = found.tally.years().into_iter().collect();
        for ((s, out), curricula) in (cfg.skills.iter().zip(skills_outputs)).zip(skills.curricula) {
            // a table's own period is chosen among the postings' years, as `skills` chooses it
            let period = match &s.period {
                Some(choice) => choice.select(&years, &years)?,
                None => period,
            };
            let opts = SkillsOptions {
                by: s.by.clone(),
                period,
                lang: s.lang,
                top: s.top,
            };
            let report = super::skills::assemble(tax, scan, found, curricula.as_ref(), &opts);
            let mut bytes = Vec::new();
            report::skills::write(&report, s.format, s.sanitize, &mut bytes)
                .map_err(|e| Error::Compute(format!("rendering {}: {e}", out.path.display())))?;
            rendered.push(Rendered {
                format: s.format.name().to_string(),
                bytes,
                rows: report::skills::long_table(&report).rows.len(),
            });
        }
    }
    let first = match first {
        Some(first) => first,
        // a job of skills reports alone: the manifest's figures are those of the job's period
        None => {
            let raw = RawReport {
                by: config::defaults::BY.to_vec(),
                ..RawReport::default()
            };
            let rc = ReportConfig::resolve(raw, Door::JobFile, false).map_err(Error::Usage)?;
            (
                pipeline::assemble(tax, scan, period, &rc)?,
                period.to_string(),
            )
        }
    };
    Ok((rendered, first))
}

/// One report rendered in memory by its writer; `rows` is what the plan and the log show.
fn render<R>(
    path: &Path,
    format: report::Format,
    writer: &dyn report::Reporter<R>,
    report: &R,
    rows: usize,
) -> Result<Rendered, Error> {
    let mut bytes = Vec::new();
    writer
        .write(report, &mut bytes)
        .map_err(|e| Error::Compute(format!("rendering {}: {e}", path.display())))?;
    Ok(Rendered {
        format: format.name().to_string(),
        bytes,
        rows,
    })
}

/// The job's rejected rows, as the `rejects` file has them.
fn rejects_csv(cfg: &JobConfig, scan: &Scan, w: &mut dyn Write) -> std::io::Result<()> {
    super::checks::rejects_csv(&[&scan.postings, &scan.graduates], cfg.checks.sanitize, w)
}

/// Stages every output and the manifest, which records what was staged, then renames them into
/// place, under the lock of every directory written to. Missing directories are created.
fn write_outputs(
    cfg: &JobConfig,
    scan: &Scan,
    plan: &Plan,
    rendered: &[Rendered],
    first: &GapReport,
    started: SystemTime,
) -> Result<(), Error> {
    let mut set = OutputSet::begin(plan.all().map(|o| &o.target), true)?;
    let mut entries = Vec::new();
    for (r, o) in rendered.iter().zip(&plan.reports) {
        let staged = set.stage(&o.path, &o.target, |w| w.write_all(&r.bytes))?;
        entries.push(manifest::output_file(staged, &r.format));
    }
    if let Some(o) = &plan.rejects {
        let staged = set.stage(&o.path, &o.target, |w| rejects_csv(cfg, scan, w))?;
        entries.push(manifest::output_file(staged, "rejects"));
    }
    if let Some(m) = &plan.manifest {
        let inputs = manifest::input_files(scan);
        let manifest = Manifest::new(started, Some(&cfg.path), first.into(), inputs, entries);
        set.stage(&m.path, &m.target, |w| manifest.write_to(w))?;
    }
    set.commit()
}

/// The job's data-quality thresholds that the inputs breach, as messages. The unmapped rate is
/// measured grouping by both region and specialisation: a row is unmapped when either label could
/// not be placed.
fn breaches(cfg: &JobConfig, tax: &Taxonomy, scan: &Scan, period: Period) -> Vec<String> {
    if cfg.max_reject_rate.is_none() && cfg.max_unmapped_rate.is_none() {
        return Vec::new();
    }
    let quality = pipeline::quality_lagged(
        tax,
        scan,
        Some(period),
        &Grouping::region_by_specialisation(),
        cfg.lag_years(),
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

/// `--dry-run`: what would be read and written, on stdout.
fn print_plan(
    cfg: &JobConfig,
    scan: &Scan,
    period: &str,
    plan: &Plan,
    rendered: &[Rendered],
    breaches: &[String],
) -> Result<(), Error> {
    let mut text = format!("job {} (dry run: nothing written)\n", cfg.path.display());
    for f in &scan.postings_files {
        text += &format!("read  postings   {} ({} rows)\n", f.file, f.rows_read);
    }
    // a job file always names its graduates
    if let Some(g) = &cfg.input.graduates {
        text += &format!("read  graduates  {g}\n");
    }
    text += &format!("period {period}\n");
    for (r, o) in rendered.iter().zip(&plan.reports) {
        text += &format!(
            "write {} ({}, {} rows, {} bytes)\n",
            o.path.display(),
            r.format,
            r.rows,
            r.bytes.len()
        );
    }
    if let Some(o) = &plan.rejects {
        let bytes =
            output::measure(|w| rejects_csv(cfg, scan, w)).map_err(|source| Error::Output {
                path: o.path.clone(),
                source,
            })?;
        let rows = scan.postings.rows_rejected + scan.graduates.rows_rejected;
        text += &format!(
            "write {} (rejects, {rows} rows, {bytes} bytes)\n",
            o.path.display()
        );
    }
    if let Some(m) = &plan.manifest {
        text += &format!("write {}\n", m.path.display());
    }
    for b in breaches {
        text += &format!("threshold breached: {b}\n");
    }
    output::to_stdout(|w| w.write_all(text.as_bytes()))
}
