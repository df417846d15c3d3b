//! The resolved configuration: what to read, what to check and what to report, decided once.
//!
//! There are two front doors to an analysis, the command line (`gap`, `validate`: [`crate::cli`])
//! and the job file (`run`: [`crate::job`]). Each parses its own syntax, then hands the raw values
//! to this module, which applies the defaults, checks the values and the combinations, and
//! returns the same typed configuration: an [`InputConfig`], a [`CheckConfig`], a
//! [`PeriodChoice`] and one [`ReportConfig`] per report. Everything downstream (the
//! [`crate::pipeline`] and the writers) reads only these, so a new option is resolved here once
//! and both doors get it. (ripgrep's `lowargs.rs` → `hiargs.rs` is the model.)
//!
//! Every default lives in [`defaults`] and every check in one function here; messages name the
//! setting as the door that was used spells it (`--min-count` or `` `min_count` ``: [`Door`]).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::analysis::{Period, PeriodError, SortKey};
use crate::cli::{
    CheckArgs, GapArgs, InputArgs, QualityFormat, ReadArgs, SkillsArgs, ValidateArgs,
};
use crate::dedup;
use crate::dims::{Dim, Grouping};
use crate::error::Error;
use crate::indicators::columns::{Extra, Settings};
use crate::indicators::{Assumptions, RatingScheme};
use crate::ingest::columns::{self, Mapping};
use crate::ingest::{Input, ReadOptions};
use crate::job::{self, Job};
use crate::model::Status;
use crate::pipeline::Sources;
use crate::report::{Format, WriteOptions};
use crate::taxonomy::Lang;

/// The trend report's configuration (`skillgap trend`, a job's `[[trend]]`).
pub mod trend;

/// The defaults of every setting that has one, for both front doors.
pub mod defaults {
    use crate::analysis::SortKey;
    use crate::dims::Dim;
    use crate::taxonomy::Lang;

    /// The grouping: region × specialisation.
    pub const BY: [Dim; 2] = [Dim::Region, Dim::Specialisation];
    /// `--sort`.
    pub const SORT: SortKey = SortKey::Gap;
    /// `--min-count`: demand + supply per year below this is low evidence.
    pub const MIN_COUNT: f64 = 10.0;
    /// `--threshold`: a balance index beyond ±T is a shortage or a surplus.
    pub const THRESHOLD: f64 = 0.2;
    /// `--lang`.
    pub const LANG: Lang = Lang::En;
    /// `--dedup-days`: the window of syndicated copies.
    pub const DEDUP_DAYS: u32 = crate::dedup::DEFAULT_WINDOW_DAYS;
    /// `--output-delimiter`.
    pub const OUTPUT_DELIMITER: u8 = b',';
    /// `skills --top`: the skills listed per cell.
    pub const SKILLS_TOP: usize = 20;
}

/// The front door a setting came through, for messages that name it as the user wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Door {
    /// `skillgap gap`, `skillgap validate`: `--min-count`.
    CommandLine,
    /// A job file of `skillgap run`: `` `min_count` ``.
    JobFile,
}

impl Door {
    /// The setting `name` (in snake case) as this door spells it.
    pub fn key(self, name: &str) -> String {
        match self {
            Door::CommandLine => format!("--{}", name.replace('_', "-")),
            Door::JobFile => format!("`{name}`"),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Values, checked the same way whichever door they came through
// ---------------------------------------------------------------------------------------------

/// A field delimiter: one ASCII character, or `tab`.
pub fn parse_delimiter(s: &str) -> Result<u8, String> {
    match s {
        "\\t" | "tab" => Ok(b'\t'),
        _ if s.len() == 1 && s.is_ascii() => Ok(s.as_bytes()[0]),
        _ => Err(format!(
            "`{s}` is not a single ASCII character (use ',', ';', '|' or 'tab')"
        )),
    }
}

/// The field delimiter of the csv format: as [`parse_delimiter`], but not a character that CSV
/// itself gives a meaning to: a quote would make quoted fields ambiguous, a line break would end
/// records.
pub fn parse_output_delimiter(s: &str) -> Result<u8, String> {
    match parse_delimiter(s)? {
        b'"' | b'\n' | b'\r' => Err(format!(
            "`{}` cannot separate CSV fields: CSV uses it for quotes or line breaks (use ',', \
             ';', '|' or 'tab')",
            s.escape_default()
        )),
        d => Ok(d),
    }
}

/// A text encoding, by any WHATWG label.
pub fn parse_encoding(s: &str) -> Result<&'static encoding_rs::Encoding, String> {
    encoding_rs::Encoding::for_label(s.as_bytes()).ok_or_else(|| {
        format!("unknown encoding `{s}` (try utf-8, utf-16le, windows-1252 or latin1)")
    })
}

/// The balance-index threshold: from 0 up to (not including) 1.
pub fn check_threshold(t: f64) -> Result<f64, &'static str> {
    if (0.0..1.0).contains(&t) {
        Ok(t)
    } else {
        Err("must be from 0 up to (not including) 1")
    }
}

/// The minimum count of evidence: 0 or more.
pub fn check_min_count(m: f64) -> Result<f64, &'static str> {
    if m >= 0.0 {
        Ok(m)
    } else {
        Err("must be 0 or more")
    }
}

/// A percentage: from 0 to 100.
pub fn check_percent(p: f64) -> Result<f64, &'static str> {
    if (0.0..=100.0).contains(&p) {
        Ok(p)
    } else {
        Err("must be a percentage from 0 to 100")
    }
}

/// The year of a postings export without dates: 1990 to 2100, as the years of the rows.
pub fn check_postings_year(y: i64) -> Result<i32, &'static str> {
    match i32::try_from(y) {
        Ok(y) if (1990..=2100).contains(&y) => Ok(y),
        _ => Err("must be a year from 1990 to 2100"),
    }
}

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

/// What to read and how: the same for `gap`, `validate` and a job file.
#[derive(Debug, Clone)]
pub struct InputConfig {
    /// The postings files, read as one input (`-` is stdin).
    pub postings: Vec<Input>,
    /// Tables of postings counts, added to the postings as given.
    pub postings_counts: Vec<Input>,
    /// Headers named for some columns of the counts tables.
    pub counts_columns: Mapping,
    /// The largest count a row of a counts table may carry; no limit when `None`.
    pub max_count: Option<u64>,
    /// The graduates file; `None` for `skills` without `--graduates`.
    pub graduates: Option<Input>,
    /// Directory of taxonomy overrides.
    pub taxonomy: Option<PathBuf>,
    /// Forced field delimiter of the inputs (detected when `None`).
    pub delimiter: Option<u8>,
    /// Forced text encoding of the inputs (detected when `None`).
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// Headers named for some postings columns: the columns file's, overridden column by column
    /// by the explicit mapping.
    pub postings_columns: Mapping,
    /// The same for the graduates.
    pub graduates_columns: Mapping,
    /// For postings exports without a date column: every row counts in this year.
    pub postings_year: Option<i32>,
    /// Merge duplicate postings; `None` counts every row.
    pub dedup: Option<dedup::Options>,
    /// The most lines one quoted field may span before it is an unterminated quote.
    pub max_field_lines: u32,
    /// The columns file the mappings were read from: an input no output may overwrite.
    pub columns_file: Option<PathBuf>,
    /// The sheet to read in workbook inputs (by name or number); the first with data if `None`.
    pub sheet: Option<String>,
}

/// The raw input settings of either door, before defaults and checks; the fields are those of
/// [`InputConfig`], with the columns file and the explicit mappings still apart.
#[derive(Debug, Clone, Default)]
#[allow(missing_docs)]
pub struct RawInputs {
    pub taxonomy: Option<PathBuf>,
    pub delimiter: Option<u8>,
    pub encoding: Option<&'static encoding_rs::Encoding>,
    pub columns_file: Option<PathBuf>,
    pub postings_columns: Option<Mapping>,
    pub graduates_columns: Option<Mapping>,
    pub postings_year: Option<i32>,
    /// Merge duplicates (`--no-dedup` and `dedup = false` turn it off).
    pub dedup: bool,
    pub dedup_days: Option<u32>,
    /// The quoted-field line limit (the default when `None`).
    pub max_field_lines: Option<u32>,
    pub sheet: Option<String>,
    /// Tables of postings counts (`--postings-counts`).
    pub postings_counts: Vec<Input>,
    pub counts_columns: Option<Mapping>,
    pub max_count: Option<u64>,
}

impl InputConfig {
    /// Resolves the input settings of a door for the given files.
    pub fn resolve(
        postings: Vec<Input>,
        graduates: Option<Input>,
        raw: RawInputs,
        door: Door,
    ) -> Result<InputConfig, Error> {
        let dedup = dedup_options(raw.dedup, raw.dedup_days, door).map_err(Error::Usage)?;
        let columns_file = raw.columns_file.clone();
        let (postings_columns, graduates_columns) = column_mappings(
            raw.columns_file.as_deref(),
            raw.postings_columns,
            raw.graduates_columns,
            door,
        )?;
        if postings.is_empty() && raw.postings_counts.is_empty() {
            return Err(Error::Usage(format!(
                "no postings: give {} or {}",
                door.key("postings"),
                door.key("postings_counts")
            )));
        }
        Ok(InputConfig {
            postings,
            postings_counts: raw.postings_counts,
            counts_columns: raw.counts_columns.unwrap_or_default(),
            max_count: raw.max_count,
            graduates,
            taxonomy: raw.taxonomy,
            delimiter: raw.delimiter,
            encoding: raw.encoding,
            postings_columns,
            graduates_columns,
            postings_year: raw.postings_year,
            dedup,
            max_field_lines: raw
                .max_field_lines
                .unwrap_or(crate::ingest::DEFAULT_MAX_FIELD_LINES),
            columns_file,
            sheet: raw.sheet,
        })
    }

    /// Every file read, named as `door` names it (`--postings`, or `postings` in a job file): the
    /// input files, the columns file, and the files of the taxonomy directory. No output may be
    /// one of them (see [`crate::output::check_distinct`]).
    pub fn roles(&self, door: Door) -> Vec<crate::output::Role> {
        use crate::output::Role;
        let mut roles: Vec<Role> = (self.postings.iter().map(|i| ("postings", i)))
            .chain(self.postings_counts.iter().map(|i| ("postings_counts", i)))
            .chain(self.graduates.iter().map(|g| ("graduates", g)))
            .filter_map(|(what, i)| i.path().map(|p| Role::new(door.key(what), p)))
            .collect();
        if let Some(f) = &self.columns_file {
            roles.push(Role::new(door.key("columns_file"), f));
        }
        if let Some(dir) = &self.taxonomy {
            let files = crate::taxonomy::FILES.iter().chain(&["VERSION"]);
            roles.extend(
                files
                    .map(|f| dir.join(f))
                    .filter(|p| p.is_file())
                    .map(|p| Role::new(format!("{} file", door.key("taxonomy")), p)),
            );
        }
        roles
    }

    /// Every input: the postings files, the counts tables, then the graduates.
    pub fn all(&self) -> Vec<&Input> {
        self.postings
            .iter()
            .chain(&self.postings_counts)
            .chain(&self.graduates)
            .collect()
    }

    /// What the pipeline reads: these inputs with their options. `progress` draws a bar on
    /// stderr; `keep_all_rejects` keeps every rejected row (for `--rejects`).
    pub fn sources(&self, progress: bool, keep_all_rejects: bool) -> Sources<'_> {
        let opts = ReadOptions {
            delimiter: self.delimiter,
            encoding: self.encoding,
            progress,
            threads: 0,
            keep_all_rejects,
            columns: self.postings_columns.clone(),
            postings_year: self.postings_year,
            name: None,
            max_field_lines: self.max_field_lines,
            sheet: self.sheet.clone(),
            max_count: None,
            text: false,
            lenient_text: false,
        };
        Sources {
            postings: &self.postings,
            postings_counts: &self.postings_counts,
            counts_opts: ReadOptions {
                columns: self.counts_columns.clone(),
                postings_year: None,
                max_count: self.max_count,
                ..opts.clone()
            },
            graduates: self.graduates.as_ref(),
            graduates_opts: ReadOptions {
                columns: self.graduates_columns.clone(),
                postings_year: None,
                ..opts.clone()
            },
            postings_opts: opts,
            dedup: self.dedup,
            split: crate::pipeline::Split::ALL,
        }
    }
}

/// Duplicate merging: on unless turned off, with the window given or the default. A window with
/// merging off is a mistake worth saying.
pub fn dedup_options(
    on: bool,
    days: Option<u32>,
    door: Door,
) -> Result<Option<dedup::Options>, String> {
    match (on, days) {
        (false, Some(_)) => Err(format!(
            "{} has no effect with {}; remove one of them",
            door.key("dedup_days"),
            match door {
                Door::CommandLine => "--no-dedup",
                Door::JobFile => "`dedup = false`",
            }
        )),
        (false, None) => Ok(None),
        (true, days) => Ok(Some(dedup::Options {
            window_days: days.unwrap_or(defaults::DEDUP_DAYS),
        })),
    }
}

/// The header mappings of both inputs: the rows of the columns file, overridden per column by
/// the explicit mappings.
pub fn column_mappings(
    file: Option<&Path>,
    postings: Option<Mapping>,
    graduates: Option<Mapping>,
    door: Door,
) -> Result<(Mapping, Mapping), Error> {
    let (mut p, mut g) = match file {
        Some(path) => read_columns_file(path, door)?,
        None => (Mapping::new(), Mapping::new()),
    };
    let overlay = |base: &mut Mapping, over: Option<Mapping>| {
        for (k, h) in over.into_iter().flatten() {
            base.retain(|(bk, _)| *bk != k);
            base.push((k, h));
        }
    };
    overlay(&mut p, postings);
    overlay(&mut g, graduates);
    Ok((p, g))
}

/// Reads a column mapping file: CSV with the header `input,column,header`.
fn read_columns_file(path: &Path, door: Door) -> Result<(Mapping, Mapping), Error> {
    let name = path.display();
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::Usage(format!("{} {name}: {e}", door.key("columns_file"))))?;
    let mut rdr = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let bad = |line: u64, msg: String| Error::Usage(format!("{name}, line {line}: {msg}"));
    let headers: Vec<String> = rdr
        .headers()
        .map_err(|e| bad(1, e.to_string()))?
        .iter()
        .map(str::to_lowercase)
        .collect();
    if headers != ["input", "column", "header"] {
        return Err(bad(
            1,
            format!(
                "the header must be `input,column,header`, not `{}`",
                headers.join(",")
            ),
        ));
    }
    let (mut postings, mut graduates) = (Mapping::new(), Mapping::new());
    for rec in rdr.records() {
        let rec = rec.map_err(|e| bad(e.position().map_or(0, |p| p.line()), e.to_string()))?;
        let line = rec.position().map_or(0, |p| p.line());
        let (input, column, header) = (&rec[0], &rec[1], &rec[2]);
        let (map, cols): (&mut Mapping, &[columns::Column]) = match input {
            "postings" => (&mut postings, &columns::postings::ALL),
            "graduates" => (&mut graduates, &columns::graduates::ALL),
            other => {
                return Err(bad(
                    line,
                    format!("input must be postings or graduates, not `{other}`"),
                ))
            }
        };
        columns::check_key(column, cols).map_err(|m| bad(line, m))?;
        if header.is_empty() {
            return Err(bad(line, format!("no header named for `{column}`")));
        }
        map.retain(|(k, _)| k != column);
        map.push((column.to_string(), header.to_string()));
    }
    Ok((postings, graduates))
}

// ---------------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------------

/// Data-quality gates and the analysts' exports.
#[derive(Debug, Clone, Default)]
pub struct CheckConfig {
    /// Write every rejected row to this CSV file.
    pub rejects: Option<PathBuf>,
    /// Write the unmapped labels to this CSV file, in the taxonomy's alias format.
    pub unmapped: Option<PathBuf>,
    /// Fail before writing any report when a row was rejected.
    pub strict: bool,
    /// Fail before writing any report when more than this percentage of an input was rejected.
    pub max_reject_rate: Option<f64>,
    /// Defuse formula-like text cells in the `--rejects` and `--unmapped` files.
    pub sanitize: bool,
}

// ---------------------------------------------------------------------------------------------
// Period
// ---------------------------------------------------------------------------------------------

/// The period asked for: one year, a range with either end open, or nothing (the latest year
/// present in both inputs). Checked when built; the years are chosen once the inputs are read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PeriodChoice {
    year: Option<i32>,
    from: Option<i32>,
    to: Option<i32>,
}

impl PeriodChoice {
    /// `year`, or `from`/`to`; not both, and `from` not after `to`.
    pub fn new(
        year: Option<i32>,
        from: Option<i32>,
        to: Option<i32>,
        door: Door,
    ) -> Result<PeriodChoice, String> {
        if year.is_some() && (from.is_some() || to.is_some()) {
            return Err(format!(
                "{} cannot be combined with {}/{}; keep one of them",
                door.key("year"),
                door.key("from"),
                door.key("to")
            ));
        }
        if let (Some(f), Some(t)) = (from, to) {
            if f > t {
                return Err(format!(
                    "{} {f} is after {} {t}",
                    door.key("from"),
                    door.key("to")
                ));
            }
        }
        Ok(PeriodChoice { year, from, to })
    }

    /// The period, given the years each input has rows in.
    pub fn select(
        &self,
        demand_years: &BTreeSet<i32>,
        supply_years: &BTreeSet<i32>,
    ) -> Result<Period, PeriodError> {
        crate::analysis::select_period(self.year, self.from, self.to, demand_years, supply_years)
    }
}

// ---------------------------------------------------------------------------------------------
// Reports
// ---------------------------------------------------------------------------------------------

/// One report: what to rank, how, and where and how to write it.
#[derive(Debug, Clone)]
pub struct ReportConfig {
    /// The grouping dimensions.
    pub by: Grouping,
    /// The ranking metric.
    pub sort: SortKey,
    /// Keep the first N rows (of the kept status, when there is one).
    pub top: Option<usize>,
    /// Keep only the shortages or only the surpluses.
    pub keep: Option<Status>,
    /// Append subtotals per dimension and the national total.
    pub totals: bool,
    /// Also rank rows whose labels could not be placed.
    pub show_unmapped: bool,
    /// Low evidence when demand + supply per year is below this.
    pub min_count: f64,
    /// A balance index beyond ±this is a shortage or a surplus.
    pub threshold: f64,
    /// The language of labels, headings and numbers.
    pub lang: Lang,
    /// The output format.
    pub format: Format,
    /// Where to write it; stdout when `None` (a job's outputs are templates, expanded when run).
    pub output: Option<PathBuf>,
    /// Field delimiter of the csv format.
    pub output_delimiter: u8,
    /// Defuse formula-like text cells in the csv format.
    pub sanitize: bool,
    /// The assumptions, rating, concentration and extra columns asked for (none by default).
    pub indicators: Settings,
}

/// Reads an assumptions file, named in messages as `door` spells the setting.
pub fn load_assumptions(path: &Path, shown: &str) -> Result<(String, Assumptions), Error> {
    Assumptions::load(path)
        .map(|a| (shown.to_string(), a))
        .map_err(|e| Error::Usage(e.to_string()))
}

/// The raw report settings of either door, before defaults and checks: `None` is "not given".
/// The fields are those of [`ReportConfig`], with `shortages` and `surpluses` still apart.
#[derive(Debug, Clone, Default)]
#[allow(missing_docs)]
pub struct RawReport {
    pub by: Vec<Dim>,
    pub sort: Option<SortKey>,
    pub top: Option<usize>,
    pub shortages: bool,
    pub surpluses: bool,
    pub totals: bool,
    pub show_unmapped: bool,
    pub min_count: Option<f64>,
    pub threshold: Option<f64>,
    pub lang: Option<Lang>,
    pub format: Option<Format>,
    pub output: Option<PathBuf>,
    pub output_delimiter: Option<u8>,
    pub sanitize: bool,
    pub rating: Option<RatingScheme>,
    pub concentration: bool,
    pub columns: Vec<Extra>,
}

impl ReportConfig {
    /// Applies the defaults and checks the settings. Without an explicit format, it follows the
    /// output's extension, else `table` on a terminal (`terminal`), else `csv`.
    pub fn resolve(raw: RawReport, door: Door, terminal: bool) -> Result<ReportConfig, String> {
        let by = Grouping::new(&raw.by).map_err(|e| format!("{}: {e}", door.key("by")))?;
        let keep = match (raw.shortages, raw.surpluses) {
            (true, true) => {
                return Err(format!(
                    "{} and {} exclude each other; keep one of them",
                    door.key("shortages"),
                    door.key("surpluses")
                ))
            }
            (true, false) => Some(Status::Shortage),
            (false, true) => Some(Status::Surplus),
            (false, false) => None,
        };
        let named = |key: &str, e: &str| format!("{} {e}", door.key(key));
        let min_count = check_min_count(raw.min_count.unwrap_or(defaults::MIN_COUNT))
            .map_err(|e| named("min_count", e))?;
        let threshold = check_threshold(raw.threshold.unwrap_or(defaults::THRESHOLD))
            .map_err(|e| named("threshold", e))?;
        let format = raw.format.unwrap_or_else(|| match &raw.output {
            Some(p) => Format::from_extension(p).unwrap_or(Format::Csv),
            None if terminal => Format::Table,
            None => Format::Csv,
        });
        if format.is_binary() && raw.output.is_none() && (terminal || format.needs_file()) {
            let redirect = if format.needs_file() {
                ""
            } else {
                " or redirect stdout to a file"
            };
            return Err(format!(
                "{} {} writes a binary file, not text for a terminal: give -o report.{1}{redirect}",
                door.key("format"),
                format.name()
            ));
        }
        Ok(ReportConfig {
            by,
            sort: raw.sort.unwrap_or(defaults::SORT),
            top: raw.top,
            keep,
            totals: raw.totals,
            show_unmapped: raw.show_unmapped,
            min_count,
            threshold,
            lang: raw.lang.unwrap_or(defaults::LANG),
            format,
            output: raw.output,
            output_delimiter: raw.output_delimiter.unwrap_or(defaults::OUTPUT_DELIMITER),
            sanitize: raw.sanitize,
            indicators: Settings {
                assumptions: None,
                rating: raw.rating,
                concentration: raw.concentration,
                columns: dedup_columns(raw.columns),
            },
        })
    }

    /// How the writers spell this report.
    pub fn write_options(&self) -> WriteOptions {
        WriteOptions {
            csv_delimiter: self.output_delimiter,
            sanitize: self.sanitize,
            lang: Some(self.lang),
        }
    }
}

/// The extra columns in the order asked, each once.
fn dedup_columns(columns: Vec<Extra>) -> Vec<Extra> {
    let mut out: Vec<Extra> = Vec::with_capacity(columns.len());
    for c in columns {
        if !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The command line's door
// ---------------------------------------------------------------------------------------------

/// Everything `skillgap gap` does, resolved from its arguments.
#[derive(Debug, Clone)]
#[allow(missing_docs)]
pub struct GapConfig {
    pub input: InputConfig,
    pub checks: CheckConfig,
    pub period: PeriodChoice,
    pub report: ReportConfig,
}

/// Everything `skillgap validate` does, resolved from its arguments.
#[derive(Debug, Clone)]
#[allow(missing_docs)]
pub struct ValidateConfig {
    pub input: InputConfig,
    pub checks: CheckConfig,
    pub format: QualityFormat,
    /// `--assumptions`: the file (as given) and its contents.
    pub assumptions: Option<(String, Assumptions)>,
}

impl GapConfig {
    /// Resolves `gap`'s arguments; `terminal` is whether stdout is a terminal (the default
    /// format).
    pub fn from_args(a: &GapArgs, terminal: bool) -> Result<GapConfig, Error> {
        let door = Door::CommandLine;
        let raw = RawReport {
            by: a.by.clone(),
            sort: Some(a.sort),
            top: a.top,
            shortages: a.shortages,
            surpluses: a.surpluses,
            totals: a.totals,
            show_unmapped: a.show_unmapped,
            min_count: Some(a.min_count),
            threshold: Some(a.threshold),
            lang: Some(a.lang),
            format: a.format,
            output: a.output.clone(),
            output_delimiter: a.output_delimiter,
            sanitize: !a.checks.no_sanitize,
            rating: a.rating,
            concentration: a.concentration,
            columns: a.columns.clone(),
        };
        let mut report = ReportConfig::resolve(raw, door, terminal).map_err(Error::Usage)?;
        if let Some(path) = &a.assumptions {
            let shown = path.display().to_string();
            report.indicators.assumptions = Some(load_assumptions(path, &shown)?);
        }
        Ok(GapConfig {
            input: input_from_args(&a.inputs)?,
            checks: checks_from_args(&a.checks),
            period: PeriodChoice::new(a.year, a.from, a.to, door).map_err(Error::Usage)?,
            report,
        })
    }
}

/// Everything `skillgap skills` reads and checks, resolved from its arguments: its inputs and
/// checks are `gap`'s (the graduates optional), its period too, chosen among the postings' years.
/// What is particular to skills (curricula, grouping, format) the command reads from its
/// arguments.
#[derive(Debug, Clone)]
#[allow(missing_docs)]
pub struct SkillsConfig {
    pub input: InputConfig,
    pub checks: CheckConfig,
    pub period: PeriodChoice,
}

impl SkillsConfig {
    /// Resolves `skills`' arguments.
    pub fn from_args(a: &SkillsArgs) -> Result<SkillsConfig, Error> {
        let door = Door::CommandLine;
        let input = InputConfig::resolve(
            a.postings.clone(),
            a.graduates.clone(),
            raw_inputs(&a.read),
            door,
        )?;
        Ok(SkillsConfig {
            input,
            checks: checks_from_args(&a.checks),
            period: PeriodChoice::new(a.year, a.from, a.to, door).map_err(Error::Usage)?,
        })
    }
}

impl ValidateConfig {
    /// Resolves `validate`'s arguments.
    pub fn from_args(a: &ValidateArgs) -> Result<ValidateConfig, Error> {
        let assumptions = (a.assumptions.as_ref())
            .map(|p| load_assumptions(p, &p.display().to_string()))
            .transpose()?;
        Ok(ValidateConfig {
            input: input_from_args(&a.inputs)?,
            checks: checks_from_args(&a.checks),
            format: a.format,
            assumptions,
        })
    }
}

fn input_from_args(a: &InputArgs) -> Result<InputConfig, Error> {
    let raw = RawInputs {
        postings_counts: a.postings_counts.clone(),
        counts_columns: a.counts_columns.clone(),
        max_count: a.max_count,
        ..raw_inputs(&a.read)
    };
    InputConfig::resolve(
        a.postings.clone(),
        Some(a.graduates.clone()),
        raw,
        Door::CommandLine,
    )
}

/// The read settings of the command line, as raw inputs without counts tables.
fn raw_inputs(a: &ReadArgs) -> RawInputs {
    RawInputs {
        taxonomy: a.taxonomy.clone(),
        delimiter: a.delimiter,
        encoding: a.encoding,
        columns_file: a.columns_file.clone(),
        postings_columns: a.postings_columns.clone(),
        graduates_columns: a.graduates_columns.clone(),
        postings_year: a.postings_year,
        dedup: !a.no_dedup,
        dedup_days: (!a.no_dedup).then_some(a.dedup_days),
        max_field_lines: Some(a.max_field_lines),
        sheet: a.sheet.clone(),
        ..RawInputs::default()
    }
}

fn checks_from_args(a: &CheckArgs) -> CheckConfig {
    CheckConfig {
        rejects: a.rejects.clone(),
        unmapped: a.unmapped.clone(),
        strict: a.strict,
        max_reject_rate: a.max_reject_rate,
        sanitize: !a.no_sanitize,
    }
}

// ---------------------------------------------------------------------------------------------
// The job file's door
// ---------------------------------------------------------------------------------------------

/// Everything `skillgap run JOB.toml` does, resolved from the job file.
#[derive(Debug, Clone)]
pub struct JobConfig {
    /// The job file.
    pub path: PathBuf,
    /// The directory its relative paths are relative to.
    pub dir: PathBuf,
    /// The postings paths and globs as written, relative to `dir`.
    pub postings_patterns: Vec<String>,
    /// What to read and how.
    pub input: InputConfig,
    /// The job writes no `--unmapped` file and has no gates: its thresholds below only change
    /// the exit status, after the reports are written.
    pub checks: CheckConfig,
    /// Where to write the rejected rows, with placeholders (see [`job::expand`]).
    pub rejects: Option<String>,
    /// Where to write the manifest, with placeholders.
    pub manifest: Option<String>,
    /// The period asked for.
    pub period: PeriodChoice,
    /// Percent of rows rejected in any input above which the run exits 3.
    pub max_reject_rate: Option<f64>,
    /// Percent of in-period rows unmapped in any input above which the run exits 3.
    pub max_unmapped_rate: Option<f64>,
    /// The reports, in the job's order.
    pub reports: Vec<JobReport>,
    /// The trend reports, in the job's order.
    pub trends: Vec<JobTrend>,
    /// The skills reports, in the job's order.
    pub skills: Vec<JobSkills>,
}

/// One `[[skills]]` of a job: the settings of `skillgap skills`.
#[derive(Debug, Clone)]
pub struct JobSkills {
    /// The output path, relative to the job's directory, with placeholders.
    pub output: String,
    pub by: Grouping,
    /// At most this many skills per cell (0: all).
    pub top: usize,
    pub format: crate::report::skills::SkillsFormat,
    pub lang: Lang,
    pub sanitize: bool,
    /// The table's own period, chosen among the postings' years as `skills` chooses it;
    /// `None`: the job's period.
    pub period: Option<PeriodChoice>,
    /// The curricula file, relative to the current directory.
    pub curricula: Option<PathBuf>,
}

/// One `[[trend]]` of a job.
#[derive(Debug, Clone)]
pub struct JobTrend {
    /// The output path, relative to the job's directory, with placeholders.
    pub output: String,
    /// What to report and how.
    pub config: trend::TrendReportConfig,
    /// The targets of its targets file, read and checked when the job is loaded.
    pub targets: Vec<crate::outlook::Target>,
}

/// One `[[report]]` of a job.
#[derive(Debug, Clone)]
pub struct JobReport {
    /// The output path, relative to the job's directory, with placeholders.
    pub output: String,
    /// What to report and how.
    pub config: ReportConfig,
}

impl JobConfig {
    /// The assumptions' lag in years (the same for every report of the job; 0 without).
    pub fn lag_years(&self) -> u32 {
        self.reports
            .first()
            .map_or(0, |r| r.config.indicators.lag_years())
    }

    /// The assumptions of every report and trend of the job.
    pub fn assumptions(&self) -> impl Iterator<Item = &Assumptions> {
        let reports = self.reports.iter().map(|r| &r.config.indicators);
        let trends = self.trends.iter().map(|t| &t.config.report.indicators);
        (reports.chain(trends)).filter_map(|i| i.assumptions.as_ref().map(|(_, a)| a))
    }

    /// Reads, checks and resolves a job file; the postings globs are expanded.
    pub fn load(path: &Path) -> Result<JobConfig, Error> {
        let job = Job::load(path)?;
        let dir = job::base_dir(path).to_path_buf();
        let invalid = |message: String| job::JobError::Invalid {
            path: path.to_path_buf(),
            message,
        };
        let paths = |p: &job::Paths| -> Result<Vec<Input>, Error> {
            Ok(job::resolve_paths(path, &dir, &p.patterns())?
                .into_iter()
                .map(Input::Path)
                .collect())
        };
        let postings = paths(&job.postings)?;
        let mut raw = job.raw_inputs(&dir).map_err(invalid)?;
        raw.postings_counts = paths(&job.postings_counts)?;
        let graduates = Some(Input::Path(dir.join(&job.graduates)));
        let input = InputConfig::resolve(postings, graduates, raw, Door::JobFile)?;
        let assumptions = match &job.assumptions {
            Some(p) => Some(load_assumptions(&dir.join(p), p)?),
            None => None,
        };
        let reports = job
            .reports
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let raw = r.raw().map_err(|e| format!("report {}: {e}", i + 1))?;
                let mut config = ReportConfig::resolve(raw, Door::JobFile, false)
                    .map_err(|e| format!("report {}: {e}", i + 1))?;
                config.indicators.assumptions = assumptions.clone();
                Ok(JobReport {
                    output: r.output.clone(),
                    config,
                })
            })
            .collect::<Result<Vec<_>, String>>()
            .map_err(invalid)?;
        let mut trends = Vec::with_capacity(job.trends.len());
        for (i, t) in job.trends.iter().enumerate() {
            let raw = t
                .raw(&dir)
                .map_err(|e| invalid(format!("trend {}: {e}", i + 1)))?;
            let mut config = trend::TrendReportConfig::resolve(raw, Door::JobFile, false)
                .map_err(|e| invalid(format!("trend {}: {e}", i + 1)))?;
            // the trend's own assumptions file, else the job's
            config.report.indicators.assumptions = match &t.assumptions {
                Some(p) => Some(load_assumptions(&dir.join(p), p)?),
                None => assumptions.clone(),
            };
            let targets = trend::load_targets(config.targets.as_deref())?;
            trends.push(JobTrend {
                output: t.output.clone(),
                config,
                targets,
            });
        }
        let skills = (job.skills.iter().enumerate())
            .map(|(i, s)| {
                let what = |e: String| invalid(format!("skills {}: {e}", i + 1));
                Ok(JobSkills {
                    output: s.output.clone(),
                    by: s.grouping().map_err(what)?,
                    top: s.top.unwrap_or(defaults::SKILLS_TOP),
                    format: s.format(),
                    lang: s.lang.map_or(defaults::LANG, |c| c.0),
                    sanitize: s.sanitize,
                    period: s.period().map_err(what)?,
                    curricula: s.curricula.as_ref().map(|c| dir.join(c)),
                })
            })
            .collect::<Result<Vec<_>, job::JobError>>()?;
        Ok(JobConfig {
            path: path.to_path_buf(),
            postings_patterns: job
                .postings
                .patterns()
                .into_iter()
                .map(String::from)
                .collect(),
            input,
            checks: CheckConfig {
                sanitize: true,
                ..CheckConfig::default()
            },
            rejects: job.rejects.clone(),
            manifest: job.manifest.clone(),
            period: job.period().map_err(invalid)?,
            max_reject_rate: job.max_reject_rate,
            max_unmapped_rate: job.max_unmapped_rate,
            reports,
            trends,
            skills,
            dir,
        })
    }
}

/// A job file's header mapping (`postings_columns = { region = "Lieu" }`), checked against the
/// input's columns as `--postings-columns` is.
pub fn mapping_from_table(
    table: &std::collections::BTreeMap<String, String>,
    cols: &[columns::Column],
) -> Result<Mapping, String> {
    let mut out = Mapping::new();
    for (key, header) in table {
        columns::check_key(key, cols)?;
        if header.trim().is_empty() {
            return Err(format!("no header named for `{key}`"));
        }
        out.push((key.clone(), header.trim().to_string()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doors_spell_settings_their_way() {
        assert_eq!(Door::CommandLine.key("dedup_days"), "--dedup-days");
        assert_eq!(Door::JobFile.key("dedup_days"), "`dedup_days`");
    }

    #[test]
    fn periods_are_checked_when_chosen() {
        let err = PeriodChoice::new(None, Some(2025), Some(2024), Door::CommandLine).unwrap_err();
        assert_eq!(err, "--from 2025 is after --to 2024");
        let err = PeriodChoice::new(Some(2025), Some(2024), None, Door::JobFile).unwrap_err();
        assert!(err.contains("`year` cannot be combined"), "{err}");
        assert!(PeriodChoice::new(None, Some(2024), None, Door::JobFile).is_ok());
    }

    #[test]
    fn report_defaults_and_checks() {
        let raw = RawReport {
            by: defaults::BY.to_vec(),
            sanitize: true,
            ..RawReport::default()
        };
        let r = ReportConfig::resolve(raw.clone(), Door::JobFile, false).unwrap();
        assert_eq!(
            (r.min_count, r.threshold, r.sort, r.lang, r.format, r.keep),
            (10.0, 0.2, SortKey::Gap, Lang::En, Format::Csv, None)
        );
        let terminal = ReportConfig::resolve(raw.clone(), Door::CommandLine, true).unwrap();
        assert_eq!(terminal.format, Format::Table);
        let both = RawReport {
            shortages: true,
            surpluses: true,
            ..raw.clone()
        };
        assert!(ReportConfig::resolve(both, Door::JobFile, false)
            .unwrap_err()
            .contains("exclude each other"));
        let negative = RawReport {
            min_count: Some(-1.0),
            ..raw.clone()
        };
        assert_eq!(
            ReportConfig::resolve(negative, Door::CommandLine, false).unwrap_err(),
            "--min-count must be 0 or more"
        );
        let xlsx = RawReport {
            format: Some(Format::Xlsx),
            ..raw.clone()
        };
        assert!(ReportConfig::resolve(xlsx, Door::CommandLine, false)
            .unwrap_err()
            .contains("give -o report.xlsx"));
        // Parquet goes to a file or a redirected stdout, never to a terminal
        let parquet = RawReport {
            format: Some(Format::Parquet),
            ..raw
        };
        assert_eq!(
            ReportConfig::resolve(parquet.clone(), Door::CommandLine, true).unwrap_err(),
            "--format parquet writes a binary file, not text for a terminal: give -o \
             report.parquet or redirect stdout to a file"
        );
        assert!(ReportConfig::resolve(parquet, Door::CommandLine, false).is_ok());
    }

    #[test]
    fn dedup_window_needs_merging() {
        assert_eq!(
            dedup_options(false, Some(3), Door::JobFile).unwrap_err(),
            "`dedup_days` has no effect with `dedup = false`; remove one of them"
        );
        assert_eq!(
            dedup_options(true, None, Door::JobFile).unwrap(),
            Some(dedup::Options { window_days: 7 })
        );
        assert_eq!(dedup_options(false, None, Door::CommandLine).unwrap(), None);
    }
}
