//! The `skillgap` binary: parse the command line, run it, and turn the outcome into a message on
//! stderr and an exit code. Everything else lives in the library.

// every line on stderr goes through `log::stderr_line`, which cannot panic
#![warn(clippy::print_stderr)]

use clap::Parser;

use skillgap::cli::Cli;
use skillgap::error::ExitCode;

fn main() {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version print to stdout and succeed; usage errors exit 2
            let code = if e.use_stderr() {
                ExitCode::Usage
            } else {
                ExitCode::Success
            };
            let _ = e.print();
            std::process::exit(code as i32);
        }
    };
    skillgap::cleanup::install();
    let code = match skillgap::run(cli) {
        Ok(code) => code,
        Err(e) if e.is_broken_pipe() => ExitCode::Success,
        Err(e) => {
            skillgap::log::stderr_line(&format!("skillgap: error: {e}"));
            e.exit_code()
        }
    };
    std::process::exit(code as i32);
}
