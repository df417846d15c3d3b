//! Opening an input (a path, or `-` for stdin) and finding its delimiter.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::PathBuf;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::Error;

/// An input file, or stdin when given as `-`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Path(PathBuf),
    Stdin,
}

impl std::str::FromStr for Input {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Input, Self::Err> {
        Ok(if s == "-" {
            Input::Stdin
        } else {
            Input::Path(PathBuf::from(s))
        })
    }
}

impl std::fmt::Display for Input {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Input::Path(p) => write!(f, "{}", p.display()),
            Input::Stdin => f.write_str("-"),
        }
    }
}

/// How to read inputs.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Force this delimiter instead of detecting it.
    pub delimiter: Option<u8>,
    /// Show a progress bar on stderr (the caller decides: only on a terminal, never with --quiet).
    pub progress: bool,
}

/// The delimiters detected, in order of preference on a tie.
const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

impl Input {
    /// True for `-`.
    pub fn is_stdin(&self) -> bool {
        matches!(self, Input::Stdin)
    }

    /// The file's path, `None` for stdin.
    pub fn path(&self) -> Option<&std::path::Path> {
        match self {
            Input::Path(p) => Some(p),
            Input::Stdin => None,
        }
    }

    /// Opens the input, with a progress bar if asked; returns the reader, its delimiter and size.
    pub(super) fn open(
        &self,
        opts: &ReadOptions,
    ) -> Result<(Box<dyn BufRead>, u8, Option<u64>), Error> {
        let name = self.to_string();
        let (raw, len): (Box<dyn Read>, Option<u64>) = match self {
            Input::Stdin => (Box::new(io::stdin()), None),
            Input::Path(p) => {
                let meta = std::fs::metadata(p).map_err(|source| Error::Open {
                    path: name.clone(),
                    source,
                })?;
                if meta.is_dir() {
                    return Err(Error::IsDir { path: name });
                }
                let f = File::open(p).map_err(|source| Error::Open {
                    path: name.clone(),
                    source,
                })?;
                (Box::new(f), Some(meta.len()))
            }
        };
        let raw: Box<dyn Read> = if opts.progress {
            Box::new(progress_bar(len, &name).wrap_read(raw))
        } else {
            raw
        };
        let mut rdr = BufReader::with_capacity(1 << 20, raw);
        let head = rdr.fill_buf().map_err(|source| Error::Read {
            path: name.clone(),
            source,
        })?;
        if head.iter().all(|b| b.is_ascii_whitespace()) && head.len() < (1 << 20) {
            return Err(Error::Empty { path: name });
        }
        let delimiter = opts.delimiter.unwrap_or_else(|| sniff_delimiter(head));
        Ok((Box::new(rdr), delimiter, len))
    }
}

fn progress_bar(len: Option<u64>, name: &str) -> ProgressBar {
    let pb = match len {
        Some(n) => ProgressBar::with_draw_target(Some(n), ProgressDrawTarget::stderr()),
        None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
    };
    let style = ProgressStyle::with_template(
        "{msg} [{bar:30}] {bytes}/{total_bytes} ({binary_bytes_per_sec}, {eta} left)",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar())
    .progress_chars("=> ");
    pb.set_style(style);
    pb.set_message(name.to_string());
    pb
}

/// Picks the delimiter that splits the header line into the most fields, outside quotes; `,` when
/// none appears.
pub fn sniff_delimiter(head: &[u8]) -> u8 {
    let mut counts = [0usize; DELIMITERS.len()];
    let mut in_quotes = false;
    for &b in head {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' if !in_quotes => break,
            _ if !in_quotes => {
                if let Some(i) = DELIMITERS.iter().position(|&d| d == b) {
                    counts[i] += 1;
                }
            }
            _ => {}
        }
    }
    let mut best = 0;
    for i in 1..DELIMITERS.len() {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    DELIMITERS[best]
}

#[cfg(test)]
mod tests {
    use super::sniff_delimiter;

    #[test]
    fn sniffs_the_header_delimiter() {
        assert_eq!(sniff_delimiter(b"a,b,c\n1;2;3;4;5\n"), b',');
        assert_eq!(
            sniff_delimiter(b"ann\xc3\xa9e;r\xc3\xa9gion;fili\xc3\xa8re\r\n"),
            b';'
        );
        assert_eq!(sniff_delimiter(b"a\tb\tc"), b'\t');
        assert_eq!(sniff_delimiter(b"a|b|c\n"), b'|');
        assert_eq!(sniff_delimiter(b"\"x,y\";b;c\n"), b';');
        assert_eq!(sniff_delimiter(b"single\n"), b',');
    }
}
