//! The job file of `skillgap run`: a declarative TOML description of the inputs, the period, the
//! data-quality thresholds and the reports to write, so that a monthly run is one reviewed file
//! rather than a shell script of flags.
//!
//! Parsing is strict (`deny_unknown_fields`): a misspelt key is an error that names the key and its
//! line, never a silently ignored setting. Paths are relative to the job file's directory; the
//! postings may be globs, expanded in sorted order so that a run is deterministic.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::ValueEnum;
use serde::{Deserialize, Deserializer};

use crate::analysis::SortKey;
use crate::config::trend::{RawTrend, TrendReportConfig};
use crate::config::{self, Door, PeriodChoice, RawInputs, RawReport};
use crate::dims::{Dim, Grouping};
use crate::error::ExitCode;
use crate::indicators::columns::Extra;
use crate::indicators::RatingScheme;
use crate::ingest::columns;
use crate::report::skills::SkillsFormat;
use crate::report::Format;
use crate::taxonomy::Lang;

/// A problem with a job file, or with writing one (`init`).
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    #[error("cannot read job file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// toml's message names the line and column, and the key.
    #[error("{path}: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
    #[error("{path}: `{pattern}` matched no file (looked in {dir}); check the pattern or the job file's directory")]
    NoMatch {
        path: PathBuf,
        pattern: String,
        dir: String,
    },
    #[error("{path} already exists; remove it or choose another directory")]
    Exists { path: PathBuf },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl JobError {
    /// A job file that says something invalid is a usage error; one that cannot be read, or that
    /// names inputs that are not there, is a runtime error.
    pub fn exit_code(&self) -> ExitCode {
        match self {
            JobError::Parse { .. } | JobError::Invalid { .. } => ExitCode::Usage,
            _ => ExitCode::Failure,
        }
    }
}

/// A value of one of the command line's enums (`region`, `gap`, `csv`, ...), parsed with the same
/// names as the flags so that the job file and `--help` agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choice<T>(pub T);

impl<'de, T: ValueEnum> Deserialize<'de> for Choice<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        T::from_str(&s, true).map(Choice).map_err(|_| {
            let names: Vec<String> = T::value_variants()
                .iter()
                .filter_map(|v| v.to_possible_value())
                .map(|p| p.get_name().to_string())
                .collect();
            serde::de::Error::custom(format!(
                "invalid value `{s}`, expected one of: {}",
                names.join(", ")
            ))
        })
    }
}

/// One path or glob, or a list of them.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum Paths {
    One(String),
    Many(Vec<String>),
}

impl Default for Paths {
    fn default() -> Paths {
        Paths::Many(Vec::new())
    }
}

impl Paths {
    pub fn patterns(&self) -> Vec<&str> {
        match self {
            Paths::One(p) => vec![p.as_str()],
            Paths::Many(ps) => ps.iter().map(String::as_str).collect(),
        }
    }
}

/// A job file as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Job {
    /// Postings CSV files: a path or glob, or a list of them; several files are read as one.
    #[serde(default)]
    pub postings: Paths,
    /// Tables of postings counts, as `--postings-counts`: a path or glob, or a list of them.
    #[serde(default)]
    pub postings_counts: Paths,
    /// The graduates CSV.
    pub graduates: String,
    /// Directory of taxonomy overrides; also accepted in `[inputs]`, where it belongs.
    pub taxonomy: Option<String>,
    /// One year; or `from`/`to`; or neither for the latest year in both inputs.
    pub year: Option<i32>,
    pub from: Option<i32>,
    pub to: Option<i32>,
    /// Field delimiter of the inputs (detected by default); also accepted in `[inputs]`.
    pub delimiter: Option<String>,
    /// Percent of rows rejected in any input above which the run exits 3.
    pub max_reject_rate: Option<f64>,
    /// Percent of in-period rows with an unmapped region or specialisation, in any input, above
    /// which the run exits 3.
    pub max_unmapped_rate: Option<f64>,
    /// Merge duplicate postings (default true); also accepted in `[inputs]`.
    pub dedup: Option<bool>,
    /// As `--dedup-days`; also accepted in `[inputs]`.
    pub dedup_days: Option<u32>,
    /// Write every rejected row to this CSV file, as `--rejects` (may contain `{date}` and
    /// `{period}`).
    pub rejects: Option<String>,
    /// Where to write the manifest (default: `manifest.json` beside the first report).
    pub manifest: Option<String>,
    /// As `gap --assumptions`, relative to the job file: for every report of the job.
    pub assumptions: Option<String>,
    /// How to read the inputs: the input options of `gap`.
    #[serde(default)]
    pub inputs: Inputs,
    /// The reports to write.
    #[serde(rename = "report", default)]
    pub reports: Vec<ReportSpec>,
    /// The trend reports to write.
    #[serde(rename = "trend", default)]
    pub trends: Vec<TrendSpec>,
    /// The skills reports to write.
    #[serde(rename = "skills", default)]
    pub skills: Vec<SkillsSpec>,
}

/// The `[inputs]` table: the input options of the command line, under the same names.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inputs {
    /// As `--taxonomy`, relative to the job file.
    pub taxonomy: Option<String>,
    /// As `--delimiter`.
    pub delimiter: Option<String>,
    /// As `--encoding`.
    pub encoding: Option<String>,
    /// As `--postings-columns`: `{ region = "Lieu", title = "Poste" }`.
    pub postings_columns: Option<BTreeMap<String, String>>,
    /// As `--graduates-columns`.
    pub graduates_columns: Option<BTreeMap<String, String>>,
    /// As `--columns-file`, relative to the job file.
    pub columns_file: Option<String>,
    /// As `--postings-year`.
    pub postings_year: Option<i64>,
    /// `false` as `--no-dedup`.
    pub dedup: Option<bool>,
    /// As `--dedup-days`.
    pub dedup_days: Option<u32>,
    /// As `--max-field-lines`.
    pub max_field_lines: Option<u32>,
    /// As `--sheet`: a name, or a number from 1.
    pub sheet: Option<Sheet>,
    /// As `--counts-columns`.
    pub counts_columns: Option<BTreeMap<String, String>>,
    /// As `--max-count`.
    pub max_count: Option<u64>,
}

/// A sheet named in a job file: `sheet = "Feuil1"` or `sheet = 2`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Sheet {
    Number(u32),
    Name(String),
}

fn default_by() -> Vec<Choice<Dim>> {
    config::defaults::BY.map(Choice).to_vec()
}

/// One `[[report]]` table: the report options of `gap`, under the same names.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportSpec {
    /// Grouping dimensions (default: region and specialisation).
    #[serde(default = "default_by")]
    pub by: Vec<Choice<Dim>>,
    /// Ranking metric (default: gap).
    pub sort: Option<Choice<SortKey>>,
    pub top: Option<usize>,
    #[serde(default)]
    pub show_unmapped: bool,
    /// Format (default: from the output's extension, else csv).
    pub format: Option<Choice<Format>>,
    /// Output path; may contain `{date}` and `{period}`.
    pub output: String,
    /// As `gap --min-count` (default 10).
    pub min_count: Option<f64>,
    /// As `gap --threshold` (default 0.2).
    pub threshold: Option<f64>,
    /// Label language (default en).
    pub lang: Option<Choice<Lang>>,
    /// As `gap --totals`.
    #[serde(default)]
    pub totals: bool,
    /// As `gap --shortages`.
    #[serde(default)]
    pub shortages: bool,
    /// As `gap --surpluses`.
    #[serde(default)]
    pub surpluses: bool,
    /// As `gap --output-delimiter`.
    pub output_delimiter: Option<String>,
    /// `false` as `gap --no-sanitize`.
    #[serde(default = "yes")]
    pub sanitize: bool,
    /// As `gap --rating`: `threshold` or `bands`.
    pub rating: Option<Choice<RatingScheme>>,
    /// As `gap --concentration`.
    #[serde(default)]
    pub concentration: bool,
    /// As `gap --columns`: extra csv columns, by name.
    #[serde(default)]
    pub columns: Vec<Choice<Extra>>,
}

fn yes() -> bool {
    true
}

/// The format given, else the one of the output's extension, else csv.
fn format_for(format: Option<Choice<Format>>, path: &Path) -> Format {
    format
        .map(|c| c.0)
        .or_else(|| Format::from_extension(path))
        .unwrap_or(Format::Csv)
}

impl ReportSpec {
    pub fn format_for(&self, path: &Path) -> Format {
        format_for(self.format, path)
    }

    /// The report's settings, for [`config::ReportConfig::resolve`].
    pub fn raw(&self) -> Result<RawReport, String> {
        let output_delimiter = parsed(
            "output_delimiter",
            self.output_delimiter.as_deref(),
            config::parse_output_delimiter,
        )?;
        Ok(RawReport {
            by: self.by.iter().map(|c| c.0).collect(),
            sort: self.sort.map(|c| c.0),
            top: self.top,
            shortages: self.shortages,
            surpluses: self.surpluses,
            totals: self.totals,
            show_unmapped: self.show_unmapped,
            min_count: self.min_count,
            threshold: self.threshold,
            lang: self.lang.map(|c| c.0),
            format: Some(self.format_for(Path::new(&self.output))),
            output: Some(PathBuf::from(&self.output)),
            output_delimiter,
            sanitize: self.sanitize,
            rating: self.rating.map(|c| c.0),
            concentration: self.concentration,
            columns: self.columns.iter().map(|c| c.0).collect(),
        })
    }
}

/// One `[[trend]]` table: the options of `skillgap trend`, under the same names.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrendSpec {
    /// Grouping dimensions (default: region and specialisation).
    #[serde(default = "default_by")]
    pub by: Vec<Choice<Dim>>,
    pub top: Option<usize>,
    #[serde(default)]
    pub show_unmapped: bool,
    /// Format (default: from the output's extension, else csv).
    pub format: Option<Choice<Format>>,
    /// Output path; may contain `{date}` and `{period}`.
    pub output: String,
    /// Label language (default en).
    pub lang: Option<Choice<Lang>>,
    /// As `trend --output-delimiter`.
    pub output_delimiter: Option<String>,
    /// `false` as `trend --no-sanitize`.
    #[serde(default = "yes")]
    pub sanitize: bool,
    /// As `trend --from` and `--to`: the observed span (default: the years of both inputs).
    pub from: Option<i32>,
    pub to: Option<i32>,
    /// As `trend --horizon` (default 2030).
    pub horizon: Option<i32>,
    /// As `trend --backtest` (default 1).
    pub backtest: Option<u32>,
    /// As `trend --targets`, relative to the job file.
    pub targets: Option<String>,
    /// As `trend --summary`.
    #[serde(default)]
    pub summary: bool,
    /// As `trend --assumptions`, relative to the job file; without it, the job's `assumptions`.
    pub assumptions: Option<String>,
}

impl TrendSpec {
    /// The trend's settings, for [`TrendReportConfig::resolve`]; the targets file is made
    /// relative to `dir`, the job file's directory.
    pub fn raw(&self, dir: &Path) -> Result<RawTrend, String> {
        let output = Path::new(&self.output);
        Ok(RawTrend {
            report: RawReport {
                by: self.by.iter().map(|c| c.0).collect(),
                top: self.top,
                show_unmapped: self.show_unmapped,
                lang: self.lang.map(|c| c.0),
                format: Some(format_for(self.format, output)),
                output: Some(output.to_path_buf()),
                output_delimiter: parsed(
                    "output_delimiter",
                    self.output_delimiter.as_deref(),
                    config::parse_delimiter,
                )?,
                sanitize: self.sanitize,
                ..RawReport::default()
            },
            from: self.from,
            to: self.to,
            horizon: self.horizon,
            backtest: self.backtest,
            targets: self.targets.as_ref().map(|t| dir.join(t)),
            summary: self.summary,
        })
    }
}

fn default_skills_by() -> Vec<Choice<Dim>> {
    vec![Choice(Dim::Specialisation)]
}

/// One `[[skills]]` table: the options of `skillgap skills`, under the same names.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SkillsSpec {
    /// Grouping dimensions (default: specialisation, as `skills --by`).
    #[serde(default = "default_skills_by")]
    pub by: Vec<Choice<Dim>>,
    /// As `skills --top` (default 20; 0: every skill).
    pub top: Option<usize>,
    /// Format (default: from the output's extension, else csv).
    pub format: Option<Choice<SkillsFormat>>,
    /// Output path; may contain `{date}` and `{period}`.
    pub output: String,
    /// Label language (default en).
    pub lang: Option<Choice<Lang>>,
    /// `false` as `skills --no-sanitize`.
    #[serde(default = "yes")]
    pub sanitize: bool,
    /// As `skills --year`, or `--from` and `--to`: without them, the job's period.
    pub year: Option<i32>,
    pub from: Option<i32>,
    pub to: Option<i32>,
    /// As `skills --curricula`, relative to the job file; the programmes teach where the job's
    /// graduates have graduates.
    pub curricula: Option<String>,
}

impl SkillsSpec {
    /// The format given, else the one of the output's extension, else csv.
    pub fn format(&self) -> SkillsFormat {
        self.format
            .map(|c| c.0)
            .or_else(|| SkillsFormat::from_extension(Path::new(&self.output)))
            .unwrap_or(SkillsFormat::Csv)
    }

    /// The period asked for, when the table names one.
    pub fn period(&self) -> Result<Option<PeriodChoice>, String> {
        if self.year.is_none() && self.from.is_none() && self.to.is_none() {
            return Ok(None);
        }
        PeriodChoice::new(self.year, self.from, self.to, Door::JobFile).map(Some)
    }

    /// The grouping asked for.
    pub fn grouping(&self) -> Result<Grouping, String> {
        let dims: Vec<Dim> = self.by.iter().map(|c| c.0).collect();
        Grouping::new(&dims)
    }

    /// Checks what can be checked without reading any file.
    fn check(&self) -> Result<(), String> {
        if self.output.trim().is_empty() {
            return Err("`output` is empty".into());
        }
        self.grouping().map_err(|e| format!("`by`: {e}"))?;
        self.period()?;
        let implied = SkillsFormat::from_extension(Path::new(&self.output));
        if let Some(implied) = implied.filter(|&f| f != self.format()) {
            return Err(format!(
                "`output` {} names a .{} file, but `format` is {}: set format = \"{}\" or change \
                 the extension",
                self.output,
                implied.name(),
                self.format().name(),
                implied.name()
            ));
        }
        if self
            .curricula
            .as_deref()
            .is_some_and(|c| c.trim().is_empty())
        {
            return Err("`curricula` is empty: name a CSV file `programme,skill[,hours]`".into());
        }
        expand(&self.output, "2000-01-01", "2000")?;
        Ok(())
    }
}

/// A text setting parsed as the command line parses its option; a message names the key.
fn parsed<T>(
    key: &str,
    value: Option<&str>,
    parse: fn(&str) -> Result<T, String>,
) -> Result<Option<T>, String> {
    value
        .map(parse)
        .transpose()
        .map_err(|e| format!("`{key}`: {e}"))
}

/// A setting that may be given at the top level (as before `[inputs]` existed) or in `[inputs]`,
/// but not in both.
fn either<T: Clone>(name: &str, top: &Option<T>, inputs: &Option<T>) -> Result<Option<T>, String> {
    match (top, inputs) {
        (Some(_), Some(_)) => Err(format!(
            "`{name}` is given both at the top level and in [inputs]; keep the one in [inputs]"
        )),
        _ => Ok(top.clone().or_else(|| inputs.clone())),
    }
}

impl Job {
    /// Reads and checks a job file.
    pub fn load(path: &Path) -> Result<Job, JobError> {
        let text = std::fs::read_to_string(path).map_err(|source| JobError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Job::parse(path, &text)
    }

    /// Parses and checks the text of a job file; `path` is for messages.
    pub fn parse(path: &Path, text: &str) -> Result<Job, JobError> {
        let job: Job = toml::from_str(text).map_err(|e| JobError::Parse {
            path: path.to_path_buf(),
            message: e.to_string().trim_end().to_string(),
        })?;
        job.check().map_err(|message| JobError::Invalid {
            path: path.to_path_buf(),
            message,
        })?;
        Ok(job)
    }

    /// Checks what can be checked without reading any file: every setting is resolved as
    /// [`config::JobConfig::load`] will resolve it.
    fn check(&self) -> Result<(), String> {
        if self.reports.is_empty() && self.trends.is_empty() && self.skills.is_empty() {
            return Err(
                "no [[report]], [[trend]] or [[skills]] table: add at least one, with an `output` \
                 path"
                    .into(),
            );
        }
        self.period()?;
        let raw = self.raw_inputs(Path::new(""))?;
        config::dedup_options(raw.dedup, raw.dedup_days, Door::JobFile)?;
        if self.postings.patterns().is_empty() && self.postings_counts.patterns().is_empty() {
            return Err(
                "no postings: give `postings` or `postings_counts`, with at least one file".into(),
            );
        }
        for (key, rate) in [
            ("max_reject_rate", self.max_reject_rate),
            ("max_unmapped_rate", self.max_unmapped_rate),
        ] {
            if let Some(r) = rate {
                config::check_percent(r).map_err(|e| format!("`{key}` {e}"))?;
            }
        }
        if let Some(m) = &self.manifest {
            expand(m, "2000-01-01", "2000").map_err(|e| format!("manifest: {e}"))?;
        }
        for (i, r) in self.reports.iter().enumerate() {
            let n = i + 1;
            if r.output.trim().is_empty() {
                return Err(format!("report {n}: `output` is empty"));
            }
            let raw = r.raw().map_err(|e| format!("report {n}: {e}"))?;
            config::ReportConfig::resolve(raw, Door::JobFile, false)
                .map_err(|e| format!("report {n}: {e}"))?;
            expand(&r.output, "2000-01-01", "2000").map_err(|e| format!("report {n}: {e}"))?;
        }
        for (i, t) in self.trends.iter().enumerate() {
            let n = i + 1;
            if t.output.trim().is_empty() {
                return Err(format!("trend {n}: `output` is empty"));
            }
            let raw = t
                .raw(Path::new(""))
                .map_err(|e| format!("trend {n}: {e}"))?;
            TrendReportConfig::resolve(raw, Door::JobFile, false)
                .map_err(|e| format!("trend {n}: {e}"))?;
            expand(&t.output, "2000-01-01", "2000").map_err(|e| format!("trend {n}: {e}"))?;
        }
        for (i, s) in self.skills.iter().enumerate() {
            s.check().map_err(|e| format!("skills {}: {e}", i + 1))?;
        }
        if !self.skills.is_empty() && self.postings.patterns().is_empty() {
            return Err(
                "[[skills]] reads the text of the postings: give `postings` (tables of \
                        counts have no text)"
                    .into(),
            );
        }
        Ok(())
    }

    /// The period asked for.
    pub fn period(&self) -> Result<PeriodChoice, String> {
        PeriodChoice::new(self.year, self.from, self.to, Door::JobFile)
    }

    /// The input settings, from `[inputs]` and the top-level keys kept for older job files;
    /// paths are made relative to `dir`, the job file's directory.
    pub fn raw_inputs(&self, dir: &Path) -> Result<RawInputs, String> {
        let i = &self.inputs;
        let delimiter = either("delimiter", &self.delimiter, &i.delimiter)?;
        let delimiter = parsed("delimiter", delimiter.as_deref(), config::parse_delimiter)?;
        let encoding = parsed("encoding", i.encoding.as_deref(), config::parse_encoding)?;
        let mapping = |key: &str, table: &Option<BTreeMap<String, String>>, cols| {
            table
                .as_ref()
                .map(|t| config::mapping_from_table(t, cols))
                .transpose()
                .map_err(|e| format!("`{key}`: {e}"))
        };
        let postings_year = i
            .postings_year
            .map(config::check_postings_year)
            .transpose()
            .map_err(|e| format!("`postings_year` {e}"))?;
        Ok(RawInputs {
            taxonomy: either("taxonomy", &self.taxonomy, &i.taxonomy)?.map(|t| dir.join(t)),
            delimiter,
            encoding,
            columns_file: i.columns_file.as_ref().map(|f| dir.join(f)),
            postings_columns: mapping(
                "postings_columns",
                &i.postings_columns,
                &columns::postings::ALL,
            )?,
            graduates_columns: mapping(
                "graduates_columns",
                &i.graduates_columns,
                &columns::graduates::ALL,
            )?,
            postings_year,
            dedup: either("dedup", &self.dedup, &i.dedup)?.unwrap_or(true),
            dedup_days: either("dedup_days", &self.dedup_days, &i.dedup_days)?,
            max_field_lines: match i.max_field_lines {
                Some(0) => return Err("`max_field_lines` must be 1 or more".into()),
                n => n,
            },
            sheet: match &i.sheet {
                Some(Sheet::Number(0)) => {
                    return Err("`sheet` numbers count from 1 (the first sheet)".into())
                }
                Some(Sheet::Number(n)) => Some(n.to_string()),
                Some(Sheet::Name(s)) => Some(s.clone()),
                None => None,
            },
            postings_counts: Vec::new(),
            counts_columns: mapping("counts_columns", &i.counts_columns, &columns::counts::ALL)?,
            max_count: match i.max_count {
                Some(0) => return Err("`max_count` must be 1 or more".into()),
                n => n,
            },
        })
    }
}

/// Replaces `{date}` and `{period}` in an output path; any other `{...}` is an error.
pub fn expand(template: &str, date: &str, period: &str) -> Result<String, String> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            return Err(format!("unclosed `{{` in `{template}`"));
        };
        match &after[..close] {
            "date" => out.push_str(date),
            "period" => out.push_str(period),
            other => {
                return Err(format!(
                    "unknown placeholder `{{{other}}}` in `{template}`; use {{date}} or {{period}}"
                ))
            }
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The directory that relative paths in the job file are relative to.
pub fn base_dir(job: &Path) -> &Path {
    job.parent().unwrap_or(Path::new(""))
}

/// True when a postings pattern is a glob rather than a path.
pub fn is_glob(pattern: &str) -> bool {
    pattern.contains(['*', '?', '['])
}

/// The files named by the patterns, relative to `dir`: plain paths as they are (whether they exist
/// is found when reading), globs expanded in sorted order; a glob matching nothing is an error. A
/// file named twice is read once.
pub fn resolve_paths(job: &Path, dir: &Path, patterns: &[&str]) -> Result<Vec<PathBuf>, JobError> {
    let mut files: Vec<PathBuf> = Vec::new();
    for &pattern in patterns {
        if !is_glob(pattern) {
            let p = dir.join(pattern);
            if !files.contains(&p) {
                files.push(p);
            }
            continue;
        }
        let full = if Path::new(pattern).is_absolute() || dir.as_os_str().is_empty() {
            pattern.to_string()
        } else {
            let base = glob::Pattern::escape(&dir.to_string_lossy());
            format!("{}/{pattern}", base.trim_end_matches('/'))
        };
        let invalid = |message: String| JobError::Invalid {
            path: job.to_path_buf(),
            message,
        };
        let paths = glob::glob(&full)
            .map_err(|e| invalid(format!("`{pattern}` is not a valid glob: {e}")))?;
        let mut matched: Vec<PathBuf> = paths
            .filter_map(Result::ok)
            .filter(|p| p.is_file())
            .collect();
        matched.sort();
        if matched.is_empty() {
            return Err(JobError::NoMatch {
                path: job.to_path_buf(),
                pattern: pattern.to_string(),
                dir: if dir.as_os_str().is_empty() {
                    ".".to_string()
                } else {
                    dir.display().to_string()
                },
            });
        }
        for p in matched {
            if !files.contains(&p) {
                files.push(p);
            }
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    const VALID: &str = r#"
postings = ["p/*.csv", "extra.csv"]
graduates = "graduates.csv"
year = 2025
max_reject_rate = 5

[[report]]
output = "out/gaps-{period}.csv"

[[report]]
by = ["region"]
sort = "ratio"
top = 10
show_unmapped = true
format = "json"
lang = "fr"
output = "out/{date}/regions.json"
"#;

    #[test]
    fn parses_a_valid_job() {
        let job = Job::parse(Path::new("job.toml"), VALID).unwrap();
        assert_eq!(job.postings.patterns(), ["p/*.csv", "extra.csv"]);
        assert_eq!(job.year, Some(2025));
        assert_eq!(job.max_reject_rate, Some(5.0));
        assert_eq!(job.reports.len(), 2);
        assert_eq!(job.reports[0].by, default_by());
        let r = &job.reports[1];
        assert_eq!(r.by, [Choice(Dim::Region)]);
        assert_eq!(r.sort, Some(Choice(SortKey::Ratio)));
        assert_eq!(r.format, Some(Choice(Format::Json)));
        assert_eq!(r.lang, Some(Choice(Lang::Fr)));
        assert!(r.show_unmapped);
        assert_eq!(job.reports[0].format_for(Path::new("x.json")), Format::Json);
        assert_eq!(job.reports[0].format_for(Path::new("x.dat")), Format::Csv);
    }

    #[test]
    fn a_single_postings_path_is_accepted() {
        let job = Job::parse(
            Path::new("j.toml"),
            "postings = \"p.csv\"\ngraduates = \"g.csv\"\n[[report]]\noutput = \"o.csv\"\n",
        )
        .unwrap();
        assert_eq!(job.postings, Paths::One("p.csv".into()));
    }

    #[test]
    fn unknown_key_names_key_and_line() {
        let text = VALID.replace("top = 10", "tpo = 10");
        let err = Job::parse(Path::new("job.toml"), &text).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("tpo"), "{msg}");
        assert!(msg.contains("line 13"), "{msg}");
        assert_eq!(err.exit_code(), ExitCode::Usage);
    }

    #[test]
    fn bad_enum_value_lists_the_choices() {
        let text = VALID.replace("sort = \"ratio\"", "sort = \"size\"");
        let msg = Job::parse(Path::new("job.toml"), &text)
            .unwrap_err()
            .to_string();
        assert!(
            msg.contains("`size`") && msg.contains("gap, ratio, balance"),
            "{msg}"
        );
    }

    #[test]
    fn semantic_mistakes_are_usage_errors() {
        let both = VALID.replace("year = 2025", "year = 2025\nfrom = 2024");
        let err = Job::parse(Path::new("job.toml"), &both).unwrap_err();
        assert!(err.to_string().contains("`year` cannot be combined"));
        assert_eq!(err.exit_code(), ExitCode::Usage);
        let none = "postings = \"p.csv\"\ngraduates = \"g.csv\"\n";
        assert!(Job::parse(Path::new("j"), none)
            .unwrap_err()
            .to_string()
            .contains("no [[report]], [[trend]] or [[skills]]"));
        let bad = VALID.replace("{date}", "{month}");
        assert!(Job::parse(Path::new("j"), &bad)
            .unwrap_err()
            .to_string()
            .contains("unknown placeholder `{month}`"));
        let window_without_merging =
            VALID.replace("year = 2025", "year = 2025\ndedup = false\ndedup_days = 3");
        assert!(Job::parse(Path::new("j"), &window_without_merging)
            .unwrap_err()
            .to_string()
            .contains("`dedup_days` has no effect with `dedup = false`"));
    }

    #[test]
    fn inputs_table_mirrors_the_input_options() {
        let text = VALID.replace(
            "max_reject_rate = 5",
            "max_reject_rate = 5\n\n[inputs]\nencoding = \"latin1\"\ndelimiter = \"tab\"\n\
             postings_columns = { region = \"Lieu\" }\npostings_year = 2025\ndedup_days = 3\n",
        );
        let job = Job::parse(Path::new("j/job.toml"), &text).unwrap();
        let raw = job.raw_inputs(Path::new("j")).unwrap();
        assert_eq!(raw.delimiter, Some(b'\t'));
        assert_eq!(raw.encoding, Some(encoding_rs::WINDOWS_1252));
        assert_eq!(
            raw.postings_columns,
            Some(vec![("region".to_string(), "Lieu".to_string())])
        );
        assert_eq!(
            (raw.postings_year, raw.dedup, raw.dedup_days),
            (Some(2025), true, Some(3))
        );

        let twice = text.replacen("year = 2025\n", "year = 2025\ndelimiter = \";\"\n", 1);
        let err = Job::parse(Path::new("j"), &twice).unwrap_err().to_string();
        assert!(err.contains("`delimiter` is given both"), "{err}");
        let unknown = text.replace("dedup_days = 3", "dedupe_days = 3");
        let err = Job::parse(Path::new("j"), &unknown).unwrap_err();
        assert!(err.to_string().contains("dedupe_days"), "{err}");
        assert_eq!(err.exit_code(), ExitCode::Usage);
        let column = text.replace("region = ", "regoin = ");
        let err = Job::parse(Path::new("j"), &column).unwrap_err().to_string();
        assert!(err.contains("unknown column `regoin`"), "{err}");
    }

    #[test]
    fn report_keys_mirror_the_report_options() {
        let text = VALID.replace(
            "lang = \"fr\"",
            "lang = \"fr\"\ntotals = true\nsurpluses = true\noutput_delimiter = \";\"\nsanitize = false",
        );
        let job = Job::parse(Path::new("job.toml"), &text).unwrap();
        let raw = job.reports[1].raw().unwrap();
        assert!(raw.totals && raw.surpluses && !raw.shortages && !raw.sanitize);
        assert_eq!(raw.output_delimiter, Some(b';'));
        let both = text.replace("totals = true", "shortages = true");
        let err = Job::parse(Path::new("job.toml"), &both)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("report 2: `shortages` and `surpluses`"),
            "{err}"
        );
    }

    #[test]
    fn trend_tables_mirror_the_trend_options() {
        let text = format!(
            "{VALID}\n[[trend]]\nby = [\"specialisation\"]\nhorizon = 2032\nbacktest = 2\n\
             from = 2020\ntargets = \"t/targets.toml\"\nsummary = true\noutput = \"out/trend.csv\"\n"
        );
        let job = Job::parse(Path::new("j/job.toml"), &text).unwrap();
        let raw = job.trends[0].raw(Path::new("j")).unwrap();
        assert_eq!(raw.report.by, [Dim::Specialisation]);
        assert_eq!(raw.report.format, Some(Format::Csv));
        assert_eq!(
            (raw.from, raw.to, raw.horizon, raw.backtest, raw.summary),
            (Some(2020), None, Some(2032), Some(2), true)
        );
        assert_eq!(raw.targets, Some(PathBuf::from("j/t/targets.toml")));
        let only = "postings = \"p.csv\"\ngraduates = \"g.csv\"\n[[trend]]\noutput = \"t.md\"\n";
        assert_eq!(Job::parse(Path::new("j"), only).unwrap().trends.len(), 1);
        let err = |t: &str| Job::parse(Path::new("j"), t).unwrap_err().to_string();
        let far = text.replace("horizon = 2032", "horizon = 3000");
        assert!(
            err(&far).contains("trend 1: `horizon` must be a year"),
            "{}",
            err(&far)
        );
        let md = text.replace("out/trend.csv", "out/trend.md");
        assert!(
            err(&md).contains("trend 1: `summary` applies to the csv"),
            "{}",
            err(&md)
        );
        let typo = text.replace("backtest = 2", "backtests = 2");
        assert!(err(&typo).contains("backtests"), "{}", err(&typo));
    }

    #[test]
    fn skills_tables_mirror_the_skills_options() {
        let text = format!(
            "{VALID}\n[[skills]]\noutput = \"out/skills.csv\"\n\n[[skills]]\nby = [\"region\", \
             \"family\"]\ntop = 0\nfrom = 2023\nto = 2025\ncurricula = \"c.csv\"\nlang = \"ar\"\n\
             sanitize = false\noutput = \"out/skills.xlsx\"\n"
        );
        let job = Job::parse(Path::new("j/job.toml"), &text).unwrap();
        let (a, b) = (&job.skills[0], &job.skills[1]);
        assert_eq!(a.by, [Choice(Dim::Specialisation)]);
        assert_eq!(
            (a.top, a.format(), a.period()),
            (None, SkillsFormat::Csv, Ok(None))
        );
        assert_eq!(b.format(), SkillsFormat::Xlsx);
        assert_eq!(b.grouping().unwrap().dims(), [Dim::Region, Dim::Family]);
        assert!(b.period().unwrap().is_some() && !b.sanitize);
        let err = |t: &str| Job::parse(Path::new("j"), t).unwrap_err().to_string();
        let typo = text.replace("top = 0", "tops = 0");
        assert!(
            err(&typo).contains("unknown field `tops`"),
            "{}",
            err(&typo)
        );
        let both = text.replace("from = 2023", "year = 2024\nfrom = 2023");
        assert!(
            err(&both).contains("skills 2: `year` cannot be combined"),
            "{}",
            err(&both)
        );
        let late = text.replace("from = 2023", "from = 2026");
        assert!(
            err(&late).contains("skills 2: `from` 2026 is after `to` 2025"),
            "{}",
            err(&late)
        );
        let md = text.replace("lang = \"ar\"", "format = \"md\"");
        assert!(
            err(&md).contains(
                "skills 2: `output` out/skills.xlsx names a .xlsx file, but `format` is md"
            ),
            "{}",
            err(&md)
        );
        let empty = text.replace("out/skills.csv", " ");
        assert!(err(&empty).contains("skills 1: `output` is empty"));
        let only =
            "graduates = \"g.csv\"\npostings_counts = \"c.csv\"\n[[skills]]\noutput = \"s.csv\"\n";
        assert!(
            err(only).contains("[[skills]] reads the text of the postings"),
            "{}",
            err(only)
        );
        let alone = "postings = \"p.csv\"\ngraduates = \"g.csv\"\n[[skills]]\noutput = \"s.csv\"\n";
        assert_eq!(Job::parse(Path::new("j"), alone).unwrap().skills.len(), 1);
    }

    #[test]
    fn placeholders_expand() {
        assert_eq!(
            expand("out/gaps-{period}-{date}.csv", "2026-01-31", "2024-2025").unwrap(),
            "out/gaps-2024-2025-2026-01-31.csv"
        );
        assert_eq!(expand("plain.csv", "d", "p").unwrap(), "plain.csv");
        assert!(expand("a{period", "d", "p").is_err());
    }

    #[test]
    fn globs_expand_sorted_relative_to_the_job() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir(&data).unwrap();
        for name in ["postings-b.csv", "postings-a.csv", "other.txt"] {
            std::fs::write(data.join(name), "x").unwrap();
        }
        let job = dir.path().join("job.toml");
        let files = resolve_paths(
            &job,
            base_dir(&job),
            &["data/postings-*.csv", "data/postings-a.csv"],
        )
        .unwrap();
        assert_eq!(
            files,
            [data.join("postings-a.csv"), data.join("postings-b.csv")]
        );
        let err = resolve_paths(&job, base_dir(&job), &["data/*.xlsx"]).unwrap_err();
        assert!(
            err.to_string().contains("`data/*.xlsx` matched no file"),
            "{err}"
        );
        assert_eq!(err.exit_code(), ExitCode::Failure);
    }
}
