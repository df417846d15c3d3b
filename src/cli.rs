//! The command line: every command, option and exit code, with its help text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::analysis::SortKey;
use crate::ingest::Input;
use crate::report::Format;
use crate::taxonomy::Lang;

const EXIT_CODES: &str = "\
Exit status:
  0  success
  1  data or runtime error (unreadable input, missing column, no data in the period, write failure)
  2  usage error (unknown option, invalid value, conflicting options)
  3  completed, but rows were rejected (validate)";

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
}

/// The inputs every analysis reads.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Postings CSV (one row per job posting); `-` reads stdin.
    #[arg(long, value_name = "FILE")]
    pub postings: Input,

    /// Graduates CSV (one row per programme cohort); `-` reads stdin.
    #[arg(long, value_name = "FILE")]
    pub graduates: Input,

    /// Directory of taxonomy files that extend or override the built-in taxonomy.
    #[arg(long, value_name = "DIR")]
    pub taxonomy: Option<PathBuf>,

    /// Field delimiter of the inputs (detected from the header line by default).
    #[arg(long, value_name = "CHAR", value_parser = parse_delimiter)]
    pub delimiter: Option<u8>,
}

/// A grouping dimension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Dimension {
    /// The 12 regions (ISO 3166-2:MA).
    Region,
    /// The specialisations of the taxonomy.
    Specialisation,
}

#[derive(Debug, Args)]
pub struct GapArgs {
    #[command(flatten)]
    pub inputs: InputArgs,

    /// Analyse one year (default: the latest year present in both inputs).
    #[arg(long, conflicts_with_all = ["from", "to"])]
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
        default_value = "region,specialisation"
    )]
    pub by: Vec<Dimension>,

    /// Rank by this metric, largest first.
    #[arg(long, value_enum, default_value_t = SortKey::Gap)]
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
    #[arg(long, default_value_t = 10.0, value_name = "N")]
    pub min_count: f64,

    /// Balance index beyond which a row is a shortage (above +T) or a surplus (below -T).
    #[arg(long, default_value_t = 0.2, value_name = "T", value_parser = parse_threshold)]
    pub threshold: f64,

    /// Also rank rows whose region or specialisation could not be mapped, as `unmapped`.
    #[arg(long)]
    pub show_unmapped: bool,

    /// Language of region and specialisation labels.
    #[arg(long, value_enum, default_value_t = Lang::En)]
    pub lang: Lang,
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

    /// Output format.
    #[arg(long, value_enum, default_value_t = QualityFormat::Table)]
    pub format: QualityFormat,
}

/// What `taxonomy` shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TaxonomyPart {
    Regions,
    Specialisations,
    Cities,
    Crosswalk,
}

/// Output formats of `taxonomy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Csv,
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

fn parse_delimiter(s: &str) -> Result<u8, String> {
    match s {
        "\\t" | "tab" => Ok(b'\t'),
        _ if s.len() == 1 && s.is_ascii() => Ok(s.as_bytes()[0]),
        _ => Err(format!(
            "`{s}` is not a single ASCII character (use ',', ';', '|' or 'tab')"
        )),
    }
}

fn parse_threshold(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(t) if (0.0..1.0).contains(&t) => Ok(t),
        _ => Err(format!(
            "`{s}` must be a number from 0 up to (not including) 1"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
