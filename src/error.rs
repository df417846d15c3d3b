//! Errors that end a command, and the exit codes they map to.
//!
//! Every error is shown once, on stderr, as `skillgap: error: ...`, with the file, line, column or
//! value concerned and what to do about it.

use std::path::PathBuf;

use crate::analysis::PeriodError;
use crate::ingest;
use crate::taxonomy::TaxonomyError;

/// The process exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    /// 0: success.
    Success = 0,
    /// 1: data or runtime error.
    Failure = 1,
    /// 2: usage error.
    Usage = 2,
    /// 3: completed, but rows were rejected.
    Rejected = 3,
}

/// An error that ends a command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Input(#[from] ingest::Error),
    #[error("taxonomy: {0}")]
    Taxonomy(#[from] TaxonomyError),
    #[error("occupation coder: {0}")]
    Coder(#[from] crate::classify::ClassifyError),
    #[error(transparent)]
    Period(#[from] PeriodError),
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Job(#[from] crate::job::JobError),
    #[error("computing the report failed: {0}")]
    Compute(String),
    #[error("cannot write {path}: {source}")]
    Output {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A data-quality gate failed (`--strict`, `--max-reject-rate`): exit 1, no report.
    #[error("{0}")]
    Quality(String),
    #[error("cannot write to stdout: {0}")]
    Stdout(#[source] std::io::Error),
    #[error(transparent)]
    Curricula(#[from] crate::skills::curricula::CurriculaError),
    /// The postings cannot give a skills report (no text column, no posting in the year).
    #[error("{0}")]
    Skills(String),
}

impl From<polars::error::PolarsError> for Error {
    fn from(e: polars::error::PolarsError) -> Error {
        Error::Compute(e.to_string())
    }
}

impl Error {
    /// The exit code for this error.
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Error::Usage(_) => ExitCode::Usage,
            Error::Input(ingest::Error::TwoStdins) => ExitCode::Usage,
            Error::Job(e) => e.exit_code(),
            _ => ExitCode::Failure,
        }
    }

    /// True when stdout was closed by the reader (`skillgap gap | head`): not an error.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Stdout(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_are_stable() {
        assert_eq!(ExitCode::Success as i32, 0);
        assert_eq!(ExitCode::Failure as i32, 1);
        assert_eq!(ExitCode::Usage as i32, 2);
        assert_eq!(ExitCode::Rejected as i32, 3);
        assert_eq!(Error::Usage("x".into()).exit_code(), ExitCode::Usage);
        assert_eq!(
            Error::Input(ingest::Error::TwoStdins).exit_code(),
            ExitCode::Usage
        );
        assert_eq!(
            Error::Input(ingest::Error::Empty { path: "p".into() }).exit_code(),
            ExitCode::Failure
        );
        let pipe = Error::Stdout(std::io::Error::from(std::io::ErrorKind::BrokenPipe));
        assert!(pipe.is_broken_pipe());
    }
}
