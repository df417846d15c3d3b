//! `skillgap completions SHELL` and `skillgap man`: the shell completion script and the man page,
//! both generated from the same clap definition as `--help`, so they never fall out of date.

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};
use crate::error::Error;
use crate::output;

/// Prints the completion script for the shell on stdout.
pub fn run(args: &CompletionsArgs) -> Result<(), Error> {
    let mut cmd = Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "skillgap", &mut buf);
    output::write_with(None, |w| w.write_all(&buf))
}

/// Prints the man page (roff) on stdout.
pub fn man() -> Result<(), Error> {
    let buf = man_page().map_err(Error::Stdout)?;
    output::write_with(None, |w| w.write_all(&buf))
}

/// The man page, rendered to memory.
fn man_page() -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut buf)?;
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn man_page_is_roff_and_names_the_commands() {
        let page = String::from_utf8(man_page().unwrap()).unwrap();
        assert!(
            page.starts_with(".ie") || page.contains(".TH skillgap"),
            "{page}"
        );
        for word in ["gap", "validate", "run", "completions"] {
            assert!(page.contains(word), "man page lacks {word}");
        }
    }

    #[test]
    fn every_shell_gets_a_script() {
        for shell in [
            clap_complete::Shell::Bash,
            clap_complete::Shell::Zsh,
            clap_complete::Shell::Fish,
            clap_complete::Shell::PowerShell,
        ] {
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "skillgap", &mut buf);
            let script = String::from_utf8(buf).unwrap();
            assert!(script.contains("skillgap"), "{shell}");
        }
    }
}
