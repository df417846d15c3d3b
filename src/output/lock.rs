//! The advisory lock on an output set: two runs writing the same files at once (a cron job and an
//! analyst, two jobs sharing an output directory) would otherwise interleave their renames and
//! leave a manifest whose checksums match neither run's reports.
//!
//! A run locks `.skillgap.lock` in every directory it writes a file into, in sorted order (so
//! two runs cannot each hold one lock the other waits for), from the first staged output to the
//! last rename. The lock is `flock`-style: released by the system when the process ends, however
//! it ends, so a killed run never leaves a stale lock. The lock files themselves stay (removing
//! one while another run waits on it would let a third run lock a new file beside it).

use std::fs::{File, OpenOptions, TryLockError};
use std::io;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// The name of the lock file in each directory written to.
pub const LOCK_FILE: &str = ".skillgap.lock";

/// Locks held until dropped.
#[derive(Debug, Default)]
pub struct Locks {
    /// The open lock files: closing them releases the locks.
    _held: Vec<File>,
}

impl Locks {
    /// Locks every directory of `dirs` (each an existing directory), waiting for another run that
    /// holds one, and saying so at `-v`.
    pub fn acquire(dirs: impl IntoIterator<Item = PathBuf>) -> Result<Locks, Error> {
        let mut dirs: Vec<PathBuf> = dirs
            .into_iter()
            .map(|d| d.canonicalize().unwrap_or(d))
            .collect();
        dirs.sort();
        dirs.dedup();
        let mut held = Vec::with_capacity(dirs.len());
        for dir in dirs {
            if let Some(file) = lock(&dir)? {
                held.push(file);
            }
        }
        Ok(Locks { _held: held })
    }
}

/// Locks `dir`'s lock file; `None` where the file system has no locks (a warning says so).
fn lock(dir: &Path) -> Result<Option<File>, Error> {
    let path = dir.join(LOCK_FILE);
    let fail = |source: io::Error| Error::Output {
        path: path.clone(),
        source,
    };
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(fail)?;
    match file.try_lock() {
        Ok(()) => return Ok(Some(file)),
        Err(TryLockError::WouldBlock) => {}
        Err(TryLockError::Error(e)) if e.kind() == io::ErrorKind::Unsupported => {
            crate::log::warn(format!(
                "{}: the file system has no file locks; another run writing here at the same \
                 time could mix its outputs with these",
                dir.display()
            ));
            return Ok(None);
        }
        Err(TryLockError::Error(e)) => return Err(fail(e)),
    }
    crate::log::info(format!(
        "waiting for another skillgap run writing to {}",
        dir.display()
    ));
    file.lock().map_err(fail)?;
    Ok(Some(file))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_a_directory_waits_for_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let first = Locks::acquire([dir.path().to_path_buf()]).unwrap();
        let other = OpenOptions::new()
            .write(true)
            .open(dir.path().join(LOCK_FILE))
            .unwrap();
        assert!(matches!(other.try_lock(), Err(TryLockError::WouldBlock)));
        drop(first);
        assert!(other.try_lock().is_ok());
    }
}
