//! One module per command, each with a `run` that takes its parsed arguments, resolves them into
//! a [`crate::config`], calls the [`crate::pipeline`] and hands what it computed to a writer.

pub mod checks;
pub mod classify;
pub mod completions;
pub mod gap;
pub mod generate;
pub mod init;
pub mod run;
pub mod skills;
pub mod taxonomy;
pub mod trend;
pub mod validate;

use std::io::IsTerminal;

/// Whether to draw a progress bar while reading: only on a terminal, never with `-q`.
fn progress(quiet: bool) -> bool {
    !quiet && std::io::stderr().is_terminal()
}
