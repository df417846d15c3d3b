//! Where outputs go: stdout, or files written so that a run never leaves a truncated, clobbered or
//! inconsistent output set behind.
//!
//! Every file a run writes goes through one [`OutputSet`]:
//!
//! 1. before anything is read, each path is resolved to a [`Target`] (a regular file to replace
//!    atomically, following symlinks, or a character device or FIFO to write through) and the
//!    paths are checked against each other and against the inputs ([`check_distinct`]);
//! 2. when the run is ready to write, the directories written to are locked ([`Locks`], an
//!    advisory lock on `.skillgap.lock` in each), so that two runs on one output set take turns;
//! 3. each output is *staged*: written in full to a temporary file (beside its destination, or in
//!    the temporary directory for a device), checksummed as it is written, and synced;
//! 4. [`OutputSet::commit`] then writes the devices and renames every staged file into place, the
//!    manifest last. A failure before that leaves every previous file as it was.

mod distinct;
mod lock;
mod stage;
mod target;

use std::io::{self, BufWriter, Write};
use std::path::Path;

pub use distinct::{check_distinct, normalised, Role};
pub use lock::{Locks, LOCK_FILE};
pub use stage::{measure, OutputSet, Staged};
pub use target::Target;

use crate::error::Error;

/// Writes with `f` to stdout, buffered.
pub fn to_stdout(f: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<(), Error> {
    let stdout = io::stdout();
    let mut w = BufWriter::new(stdout.lock());
    f(&mut w).and_then(|_| w.flush()).map_err(Error::Stdout)
}

/// Writes with `f` to `path` as an output set of one file (checked, locked, staged and renamed
/// into place, or written through to a device), or to stdout when `path` is `None`.
pub fn write_with(
    path: Option<&Path>,
    f: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), Error> {
    let Some(path) = path else {
        return to_stdout(f);
    };
    let target = Target::resolve(path, false)?;
    let mut set = OutputSet::begin([&target], false)?;
    set.stage(path, &target, f)?;
    set.commit()
}
