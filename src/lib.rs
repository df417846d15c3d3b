//! skillgap: supply-versus-demand gaps between a training system and a job market.
//!
//! The pipeline flows one way:
//!
//! ```text
//! ingest (read, map columns, validate, reject) -> normalise (taxonomy, once per distinct label)
//!   -> aggregate (tallies) -> analysis (period, demand, supply, compare, rank; polars)
//!   -> model (plain structs) -> report (one writer per format)
//! ```
//!
//! `cmd` holds one module per subcommand; `main.rs` only parses arguments and maps errors to exit
//! codes.

// every line on stderr goes through `log::stderr_line`, which cannot panic
#![warn(clippy::print_stderr)]

pub mod aggregate;
pub mod analysis;
pub mod classify;
pub mod cleanup;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod dedup;
pub mod dims;
pub mod error;
pub mod generate;
pub mod indicators;
pub mod ingest;
pub mod job;
pub mod log;
pub mod manifest;
pub mod model;
pub mod normalise;
pub mod outlook;
pub mod output;
pub mod pipeline;
pub mod report;
pub mod skills;
pub mod stats;
pub mod taxonomy;
pub mod util;

use cli::{Cli, Command};
use error::{Error, ExitCode};

/// Runs a parsed command line and returns the exit code.
pub fn run(cli: Cli) -> Result<ExitCode, Error> {
    log::init(cli.quiet, cli.verbose);
    match &cli.command {
        Command::Gap(args) => cmd::gap::run(args, cli.quiet).map(|_| ExitCode::Success),
        Command::Validate(args) => cmd::validate::run(args, cli.quiet),
        Command::Taxonomy(args) => cmd::taxonomy::run(args).map(|_| ExitCode::Success),
        Command::Classify(args) => cmd::classify::run(args).map(|_| ExitCode::Success),
        Command::Run(args) => cmd::run::run(args, cli.quiet),
        Command::Init(args) => cmd::init::run(args).map(|_| ExitCode::Success),
        Command::Completions(args) => cmd::completions::run(args).map(|_| ExitCode::Success),
        Command::Skills(args) => cmd::skills::run(args, cli.quiet).map(|_| ExitCode::Success),
        Command::Man => cmd::completions::man().map(|_| ExitCode::Success),
        Command::Trend(args) => cmd::trend::run(args, cli.quiet).map(|_| ExitCode::Success),
        Command::Generate(args) => cmd::generate::run(args, cli.quiet).map(|_| ExitCode::Success),
    }
}
