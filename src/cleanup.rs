//! Temporary files that an interrupted run removes: the copy of stdin kept for merging duplicate
//! postings (as large as the input) and the outputs being staged beside their destinations.
//!
//! Their owners remove them when they are dropped, but a signal (Ctrl-C, `kill`, a closed
//! terminal) ends the process without running destructors. [`install`] starts a thread that waits
//! for SIGINT, SIGTERM and SIGHUP, removes every file registered at that moment, and ends the
//! process with 128 plus the signal's number, as a shell reports a process killed by it. Nothing
//! runs inside a signal handler but the `signal-hook` crate's own wake-up, so the removal may
//! take locks and allocate.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tempfile::NamedTempFile;

/// The files to remove on a signal; a path may be registered more than once.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn pending() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    PENDING.lock().unwrap_or_else(|e| e.into_inner())
}

/// Removes the registered files when the process receives SIGINT, SIGTERM or SIGHUP, then exits
/// with 128 + the signal. Called once, by the binary; without it a signal ends the process as
/// usual. Where the handler cannot be installed, the process keeps the default behaviour.
#[cfg(unix)]
pub fn install() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            remove_pending();
            std::process::exit(128 + signal);
        }
    });
}

#[cfg(not(unix))]
pub fn install() {}

/// Removes every registered file (a file already gone is no error).
fn remove_pending() {
    for path in pending().drain(..) {
        let _ = std::fs::remove_file(path);
    }
}

/// A registration of `path` for removal on a signal, withdrawn when dropped.
#[derive(Debug)]
pub struct Registered(PathBuf);

impl Registered {
    pub fn new(path: &Path) -> Registered {
        pending().push(path.to_path_buf());
        Registered(path.to_path_buf())
    }
}

impl Drop for Registered {
    fn drop(&mut self) {
        let mut list = pending();
        if let Some(i) = list.iter().rposition(|p| *p == self.0) {
            list.swap_remove(i);
        }
    }
}

/// A named temporary file removed when dropped or when the process receives a signal.
#[derive(Debug)]
pub struct TempFile {
    // dropped first: the file is removed, then its registration withdrawn
    file: NamedTempFile,
    _registered: Registered,
}

impl TempFile {
    /// Takes charge of `file`.
    pub fn new(file: NamedTempFile) -> TempFile {
        let _registered = Registered::new(file.path());
        TempFile { file, _registered }
    }

    pub fn path(&self) -> &Path {
        self.file.path()
    }

    pub fn as_file(&self) -> &std::fs::File {
        self.file.as_file()
    }

    pub fn as_file_mut(&mut self) -> &mut std::fs::File {
        self.file.as_file_mut()
    }

    /// Reopens the file for reading from the start.
    pub fn reopen(&self) -> std::io::Result<std::fs::File> {
        self.file.reopen()
    }

    /// Renames the file to `dest`: it is no longer temporary.
    pub fn persist(self, dest: &Path) -> std::io::Result<()> {
        self.file.persist(dest).map(drop).map_err(|e| e.error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // the removal itself is tested on the binary (tests/reliability/signals.rs): removing every
    // pending file here would remove those of the tests running beside this one
    #[test]
    fn a_temporary_file_is_registered_while_it_lives() {
        let dir = tempfile::tempdir().unwrap();
        let tmp = TempFile::new(NamedTempFile::new_in(dir.path()).unwrap());
        let path = tmp.path().to_path_buf();
        assert!(pending().contains(&path));
        drop(tmp);
        assert!(!pending().contains(&path) && !path.exists());
        let dest = dir.path().join("dest");
        let tmp = TempFile::new(NamedTempFile::new_in(dir.path()).unwrap());
        let path = tmp.path().to_path_buf();
        tmp.persist(&dest).unwrap();
        assert!(!pending().contains(&path) && dest.exists());
    }
}
