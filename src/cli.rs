//! The command line: every command, option and exit code, with its help text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::analysis::SortKey;
use crate::config::{self, defaults};
use crate::dims::Dim;
use crate::indicators::columns::Extra;
use crate::indicators::RatingScheme;
use crate::ingest::Input;
use crate::report::Format;
use crate::taxonomy::Lang;

mod trend;
pub use trend::TrendArgs;

const EXIT_CODES: &str = "\
Exit status:
  0  success
  1  data or runtime error (unreadable input, missing column, no data in the period, write failure,
     rows rejected under --strict, reject rate above --max-reject-rate)
  2  usage error (unknown option, invalid value, conflicting options, an output over an input or
     over another output)
  3  completed, but rows were rejected (validate) or data-quality thresholds were breached (run)
  128+N  interrupted by signal N (130: Ctrl-C); temporary files were removed";

/// skillgap: where the training system and the job market disagree.
///
/// Reads job postings (demand) and graduate output (supply), places their messy labels in a
/// taxonomy of Morocco's regions and specialisations, and ranks the supply-versus-demand gaps.
#[derive(Debug, Parser)]
#[command(name = "skillgap", version, after_help = EXIT_CODES, propagate_version = true)]
pub struct Cli {
    /// Print nothing on stderr but errors: no progress bar, no data-quality footer.
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// Log what is read and written on stderr (-v), and details (-vv).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Rank supply-versus-demand gaps per region and specialisation.
    #[command(after_help = EXIT_CODES)]
    Gap(GapArgs),
    /// Check the inputs: rows read, counted, rejected with reasons, unmapped labels.
    #[command(after_help = EXIT_CODES)]
    Validate(ValidateArgs),
    /// Show the taxonomy in force (defaults plus --taxonomy overrides).
    #[command(after_help = EXIT_CODES)]
    Taxonomy(TaxonomyArgs),
    /// Code job titles: specialisation, ISCO-08 group, and what decided, per distinct title.
    #[command(after_help = EXIT_CODES)]
    Classify(ClassifyArgs),
    /// Run a job file: several reports from the same inputs, written together, with a manifest.
    #[command(after_help = EXIT_CODES)]
    Run(RunArgs),
    /// Write an example job file and assumptions file (and, with --taxonomy, the default taxonomy
    /// files) to edit.
    #[command(after_help = EXIT_CODES)]
    Init(InitArgs),
    /// Print a shell completion script on stdout.
    Completions(CompletionsArgs),
    /// Print the man page (roff) on stdout.
    Man,
    /// Trends of demand, supply and gaps over the years, projected to a horizon (2030), with a
    /// backtest of the method and national targets assessed.
    #[command(after_help = EXIT_CODES)]
    Trend(TrendArgs),
    /// Which skills the postings ask for, per specialisation (and region), against what
    /// programmes teach.
    #[command(after_help = EXIT_CODES)]
    Skills(SkillsArgs),
    /// Write deterministic synthetic postings.csv and graduates.csv, messy like real exports.
    #[command(after_help = EXIT_CODES)]
    Generate(GenerateArgs),
}

/// The inputs every analysis reads.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Postings export (one row per job posting): CSV, a workbook (.xlsx, .xls, .ods), JSON or
    /// NDJSON, or Parquet, known by its first bytes; `-` reads stdin (CSV or JSON). Several files
    /// (`--postings a.csv b.csv`, or the option repeated) are read as one input, with duplicates
    /// merged across them.
    #[arg(long, value_name = "FILE", num_args = 1.., action = clap::ArgAction::Append, required_unless_present = "postings_counts")]
    pub postings: Vec<Input>,

    /// Tables of postings counts (year, region or city, specialisation, title or isco_08, count),
    /// such as tallies computed elsewhere from a postings archive: each row counts as given, with
    /// no cap and no merging of duplicates; added to the --postings, if any.
    #[arg(long, value_name = "FILE", num_args = 1.., action = clap::ArgAction::Append)]
    pub postings_counts: Vec<Input>,

    /// Name the headers of some columns of the counts tables: `count=Offres` (columns: year,
    /// region, city, specialisation, title, isco_08, count).
    #[arg(long, value_name = "COL=HEADER,...", value_parser = parse_counts_columns)]
    pub counts_columns: Option<crate::ingest::columns::Mapping>,

    /// Reject a row of a counts table whose count is above N (default: no limit).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub max_count: Option<u64>,

    /// Graduates export (one row per programme cohort), in any of the postings' formats; `-`
    /// reads stdin.
    #[arg(long, value_name = "FILE")]
    pub graduates: Input,

    #[command(flatten)]
    pub read: ReadArgs,
}

/// How the inputs are read, whichever command reads them: taxonomy, format, header names,
/// duplicates, dates, quoted fields and sheets.
#[derive(Debug, Args)]
pub struct ReadArgs {
    /// Directory of taxonomy files that extend or override the built-in taxonomy (the skills
    /// dictionary included).
    #[arg(long, value_name = "DIR")]
    pub taxonomy: Option<PathBuf>,

    /// Field delimiter of the inputs (detected from the header line by default).
    #[arg(long, value_name = "CHAR", value_parser = config::parse_delimiter)]
    pub delimiter: Option<u8>,

    /// Text encoding of the inputs: utf-8, utf-16, windows-1252, latin1, ... (detected by
    /// default: a byte-order mark, else UTF-8 when valid, else Windows-1252).
    #[arg(long, value_name = "NAME", value_parser = config::parse_encoding)]
    pub encoding: Option<&'static encoding_rs::Encoding>,

    /// Name the postings headers of some columns: `region=Lieu,title=Poste` (columns: posting_id,
    /// posted_date, title, specialisation, sector, description, region, city, vacancies, source,
    /// company; and, searched by `skills`, skills and languages).
    #[arg(long, value_name = "COL=HEADER,...", value_parser = parse_postings_columns)]
    pub postings_columns: Option<crate::ingest::columns::Mapping>,

    /// Name the graduates headers of some columns: `field=Intitulé de la filière` (columns: year,
    /// region, institution, field, level, graduates).
    #[arg(long, value_name = "COL=HEADER,...", value_parser = parse_graduates_columns)]
    pub graduates_columns: Option<crate::ingest::columns::Mapping>,

    /// A CSV file of header names, with header `input,column,header` (input: postings or
    /// graduates); --postings-columns and --graduates-columns take precedence over it.
    #[arg(long, value_name = "FILE")]
    pub columns_file: Option<PathBuf>,

    /// Count every postings row, without merging duplicates (by default, rows with the same
    /// posting_id and source, rows without a posting_id identical in every field, and rows with
    /// the same title, company and city posted within --dedup-days days of the first, are one
    /// posting).
    #[arg(long)]
    pub no_dedup: bool,

    /// Rows with the same title, company and city posted at most this many days after the first
    /// are copies of one posting (0: the same day only).
    #[arg(long, value_name = "DAYS", default_value_t = defaults::DEDUP_DAYS, conflicts_with = "no_dedup")]
    pub dedup_days: u32,

    /// For postings exports without a date column: count every row in this year.
    #[arg(long, value_name = "YEAR", value_parser = parse_postings_year)]
    pub postings_year: Option<i32>,

    /// The most lines one quoted field may span: a quote not closed within them (or within 1 MiB)
    /// is an unterminated quote; its row is rejected and reading goes on at the next line.
    #[arg(long, value_name = "N", default_value_t = crate::ingest::DEFAULT_MAX_FIELD_LINES, value_parser = clap::value_parser!(u32).range(1..))]
    pub max_field_lines: u32,

    /// The sheet to read in workbook inputs (.xlsx, .xls, .ods), by name or number from 1
    /// (default: the first sheet with data).
    #[arg(long, value_name = "NAME|N")]
    pub sheet: Option<String>,
}

impl InputArgs {
    /// Every input: the postings files, the counts tables, then the graduates.
    pub fn all(&self) -> Vec<&Input> {
        self.postings
            .iter()
            .chain(&self.postings_counts)
            .chain([&self.graduates])
            .collect()
    }
}

/// Data-quality gates and exports shared by `gap`, `validate`, `trend` and `skills`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Write every rejected row to FILE as CSV (file,line,column,value,reason,detail,raw),
    /// sorted by file then line; written even when --strict or --max-reject-rate fails.
    #[arg(long, value_name = "FILE")]
    pub rejects: Option<PathBuf>,

    /// Fail (exit 1) before writing the report when any row was rejected, naming the first one.
    #[arg(long)]
    pub strict: bool,

    /// Fail (exit 1) before writing the report when more than PCT percent of the rows of either
    /// input were rejected.
    #[arg(long, value_name = "PCT", value_parser = parse_percent)]
    pub max_reject_rate: Option<f64>,

    /// Write the unmapped labels to FILE in the taxonomy's alias format
    /// (kind,alias,target,rows,units,suggestion,column,reason): fill in `target` and pass the
    /// file back as DIR/aliases.csv with --taxonomy DIR.
    #[arg(long, value_name = "FILE")]
    pub unmapped: Option<PathBuf>,

    /// Write text cells that start with = + - @ tab or CR as they are, without the `'` that keeps
    /// spreadsheets from running them as formulas (CSV report, --rejects, --unmapped).
    #[arg(long)]
    pub no_sanitize: bool,
}

/// The options of `skills`: its postings (and, with a curricula file, graduates), read and
/// checked as by `gap`, the period and grouping, and what is particular to skills.
#[derive(Debug, Args)]
pub struct SkillsArgs {
    /// Postings export (one row per job posting), in any of gap's formats; `-` reads stdin.
    /// Several files are read as one input, with duplicates merged across them. Its text columns
    /// (description, skills or competences, languages) are searched for the skills of the
    /// dictionary.
    #[arg(long, value_name = "FILE", num_args = 1.., action = clap::ArgAction::Append, required = true)]
    pub postings: Vec<Input>,

    /// A CSV `programme,skill[,hours]` saying which skills each programme teaches (programmes
    /// named as in the graduates file, placed through the crosswalk; skills by id or spelling).
    #[arg(long, value_name = "FILE")]
    pub curricula: Option<PathBuf>,

    /// Graduates export, as for gap: with --curricula, a programme teaches in the regions where
    /// it has graduates (any year), not everywhere.
    #[arg(long, value_name = "FILE", requires = "curricula")]
    pub graduates: Option<Input>,

    #[command(flatten)]
    pub read: ReadArgs,

    #[command(flatten)]
    pub checks: CheckArgs,

    /// Report on one year (default: the latest year of the postings); the year before, when it
    /// has postings, gives the change.
    #[arg(long)]
    pub year: Option<i32>,

    /// First year of the period (with --to); the period of the same length just before it, when
    /// it has postings, gives the change.
    #[arg(long)]
    pub from: Option<i32>,

    /// Last year of the period.
    #[arg(long)]
    pub to: Option<i32>,

    /// Group by these dimensions, comma-separated (region, specialisation, family).
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_value = "specialisation"
    )]
    pub by: Vec<Dim>,

    /// List at most N skills per cell (0: all).
    #[arg(long, value_name = "N", default_value_t = defaults::SKILLS_TOP)]
    pub top: usize,

    /// Output format.
    #[arg(long, value_enum, default_value_t = crate::report::skills::SkillsFormat::Csv)]
    pub format: crate::report::skills::SkillsFormat,

    /// Write the report to FILE (atomically) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Language of the labels.
    #[arg(long, value_enum, default_value_t = defaults::LANG)]
    pub lang: Lang,
}

#[derive(Debug, Args)]
pub struct GapArgs {
    #[command(flatten)]
    pub inputs: InputArgs,

    #[command(flatten)]
    pub checks: CheckArgs,

    /// Analyse one year (default: the latest year present in both inputs).
    #[arg(long)]
    pub year: Option<i32>,

    /// First year of the period (with --to; averages are per year).
    #[arg(long)]
    pub from: Option<i32>,

    /// Last year of the period.
    #[arg(long)]
    pub to: Option<i32>,

    /// Group by these dimensions, comma-separated.
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        // defaults::BY, spelled as it is typed (a test checks that they agree)
        default_value = "region,specialisation"
    )]
    pub by: Vec<Dim>,

    /// Rank by this metric, largest first.
    #[arg(long, value_enum, default_value_t = defaults::SORT)]
    pub sort: SortKey,

    /// Keep only the first N rows of the ranking.
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,

    /// Output format (default: table on a terminal, else from -o's extension, else csv).
    #[arg(long, value_enum)]
    pub format: Option<Format>,

    /// Write the report to FILE (atomically) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Flag a row as low evidence when demand + supply per year is below this.
    #[arg(long, default_value_t = defaults::MIN_COUNT, value_name = "N", value_parser = parse_min_count)]
    pub min_count: f64,

    /// Balance index beyond which a row is a shortage (above +T) or a surplus (below -T).
    #[arg(long, default_value_t = defaults::THRESHOLD, value_name = "T", value_parser = parse_threshold)]
    pub threshold: f64,

    /// Append subtotals: per region, per specialisation and national (rank 0, code `total`),
    /// summed from the rows shown so that they add up exactly.
    #[arg(long)]
    pub totals: bool,

    /// Also rank rows whose region or specialisation could not be mapped, as `unmapped`.
    #[arg(long)]
    pub show_unmapped: bool,

    /// Language of region and specialisation labels, and of the headings of the table, md, xlsx
    /// and html formats (csv, json and ndjson keep English column names).
    #[arg(long, value_enum, default_value_t = defaults::LANG)]
    pub lang: Lang,

    /// Keep only the shortages (balance index above +T); --top then counts shortages.
    #[arg(long)]
    pub shortages: bool,

    /// Keep only the surpluses (balance index below -T); --top then counts surpluses.
    #[arg(long)]
    pub surpluses: bool,

    /// Field delimiter of the csv format, e.g. ';' for spreadsheets in a French locale (default:
    /// `,`).
    #[arg(long, value_name = "CHAR", value_parser = config::parse_output_delimiter)]
    pub output_delimiter: Option<u8>,

    /// Assumptions that turn postings into openings and graduates into entrants: coverage per
    /// source, entry rate per level, leakage per specialisation or family, lag in years (see
    /// `skillgap init`, which writes a commented example). Stated in every report.
    #[arg(long, value_name = "FILE.toml")]
    pub assumptions: Option<PathBuf>,

    /// Rate every row beside its status, from the 90 % interval of its balance index
    /// (shortage, balanced, surplus, no-assessment), or with Lightcast's five bands on
    /// supply ÷ demand (undersupply, slight-shortage, balanced, slight-surplus, oversupply).
    #[arg(long, value_enum, value_name = "SCHEME", num_args = 0..=1, default_missing_value = "threshold")]
    pub rating: Option<RatingScheme>,

    /// Add the regional concentration: location quotients of demand and supply, their ratio,
    /// the mismatch class and rates per 100,000 inhabitants (grouped by region and one other
    /// dimension; rates need the region).
    #[arg(long)]
    pub concentration: bool,

    /// Extra columns of the csv report, comma-separated (the other formats show every indicator
    /// asked for): demand_low, demand_high, supply_low, supply_high, gap_low, gap_high,
    /// demand_ci_low, demand_ci_high, gap_ci_low, gap_ci_high, ratio_ci_low, ratio_ci_high,
    /// rating, lq_demand, lq_supply, lq_ratio, lq_family_demand, lq_family_supply, mismatch,
    /// demand_per_100k, supply_per_100k.
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        value_name = "NAMES",
        hide_possible_values = true
    )]
    pub columns: Vec<Extra>,
}

/// Output formats of `validate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum QualityFormat {
    Table,
    Json,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    #[command(flatten)]
    pub inputs: InputArgs,

    #[command(flatten)]
    pub checks: CheckArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = QualityFormat::Table)]
    pub format: QualityFormat,

    /// Check an assumptions file against the inputs: the counted vacancies and graduates under
    /// its coverage, entry rates and leakage, and a warning for every entry that applies to
    /// nothing in the data (a source no posting has, a level no cohort has, ...).
    #[arg(long, value_name = "FILE.toml")]
    pub assumptions: Option<PathBuf>,
}

/// What `taxonomy` shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TaxonomyPart {
    Families,
    Regions,
    Specialisations,
    Cities,
    Crosswalk,
    Skills,
}

/// Output formats of `taxonomy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Csv,
}

#[derive(Debug, Args)]
pub struct ClassifyArgs {
    /// Titles, one per line, or a CSV file with --column; `-` (the default) reads stdin.
    #[arg(value_name = "FILE", default_value = "-")]
    pub input: Input,

    /// Read the titles from this column of a CSV file (header matched as for `gap`: case,
    /// accents and punctuation aside).
    #[arg(long, value_name = "NAME")]
    pub column: Option<String>,

    /// With --column: the column of the board's category, given to the coder as a posting's
    /// sector is; titles are then coded per distinct (title, sector).
    #[arg(long, value_name = "NAME", requires = "column")]
    pub sector_column: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = crate::report::codings::CodingFormat::Table)]
    pub format: crate::report::codings::CodingFormat,

    /// Directory of taxonomy and coder files that extend or override the built-in ones.
    #[arg(long, value_name = "DIR")]
    pub taxonomy: Option<PathBuf>,

    /// Language of the ISCO-08 labels.
    #[arg(long, value_enum, default_value_t = Lang::En)]
    pub lang: Lang,
}

#[derive(Debug, Args)]
pub struct TaxonomyArgs {
    /// The part to show.
    #[arg(value_enum, default_value_t = TaxonomyPart::Specialisations)]
    pub part: TaxonomyPart,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,

    /// Directory of taxonomy files that extend or override the built-in taxonomy.
    #[arg(long, value_name = "DIR")]
    pub taxonomy: Option<PathBuf>,

    /// Language of the labels shown in the table.
    #[arg(long, value_enum, default_value_t = Lang::En)]
    pub lang: Lang,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Number of job postings to write.
    #[arg(long, value_name = "N")]
    pub postings: u64,

    /// Number of graduate cohort rows to write.
    #[arg(long, value_name = "M", default_value_t = 400)]
    pub graduates: u64,

    /// Seed of the random stream: the same arguments always give byte-identical files.
    #[arg(long, value_name = "S", default_value_t = 42)]
    pub seed: u64,

    /// First year of the data.
    #[arg(long, value_name = "Y1", default_value_t = 2023)]
    pub from_year: i32,

    /// Last year of the data.
    #[arg(long, value_name = "Y2", default_value_t = 2025)]
    pub to_year: i32,

    /// Fraction of rows made deliberately invalid (bad dates, bad counts, missing fields).
    #[arg(long, value_name = "R", default_value_t = 0.002)]
    pub bad_rate: f64,

    /// Add the text columns `description` (a French description naming skills typical of the
    /// specialisation, among boilerplate and false friends) and `skills` to the postings, for
    /// `skillgap skills`. The other columns are the same with or without them.
    #[arg(long)]
    pub descriptions: bool,

    /// Directory to write postings.csv and graduates.csv into (created if missing; files in it
    /// are overwritten).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// The job file (TOML): inputs, period, thresholds and the reports to write.
    #[arg(value_name = "JOB.toml")]
    pub job: PathBuf,

    /// Check the job and read the inputs, print what would be written, and write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Directory to write `job.toml` and `assumptions.toml` into (created if missing).
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,

    /// Also copy the default taxonomy files into DIR/taxonomy/, for editing.
    #[arg(long)]
    pub taxonomy: bool,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

fn parse_postings_columns(s: &str) -> Result<crate::ingest::columns::Mapping, String> {
    crate::ingest::columns::parse_mapping(s, &crate::ingest::columns::postings::ALL)
}

fn parse_counts_columns(s: &str) -> Result<crate::ingest::columns::Mapping, String> {
    crate::ingest::columns::parse_mapping(s, &crate::ingest::columns::counts::ALL)
}

fn parse_graduates_columns(s: &str) -> Result<crate::ingest::columns::Mapping, String> {
    crate::ingest::columns::parse_mapping(s, &crate::ingest::columns::graduates::ALL)
}

// The value parsers below only turn text into numbers; the checks are config's, shared with the
// job file.

fn parse_number<T: std::str::FromStr>(s: &str) -> Result<T, String> {
    s.trim()
        .parse()
        .map_err(|_| format!("`{s}` is not a number"))
}

fn parse_percent(s: &str) -> Result<f64, String> {
    let p = parse_number(s.trim_end_matches('%'))?;
    config::check_percent(p).map_err(|e| format!("`{s}` {e}"))
}

fn parse_threshold(s: &str) -> Result<f64, String> {
    config::check_threshold(parse_number(s)?).map_err(|e| format!("`{s}` {e}"))
}

fn parse_min_count(s: &str) -> Result<f64, String> {
    config::check_min_count(parse_number(s)?).map_err(|e| format!("`{s}` {e}"))
}

fn parse_postings_year(s: &str) -> Result<i32, String> {
    config::check_postings_year(parse_number(s)?).map_err(|e| format!("`{s}` {e}"))
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn the_default_grouping_is_configs() {
        use clap::Parser;
        let cli = Cli::parse_from(["skillgap", "gap", "--postings", "p", "--graduates", "g"]);
        let super::Command::Gap(args) = cli.command else {
            panic!("not gap")
        };
        assert_eq!(args.by, crate::config::defaults::BY);
    }
}
