//! Staging outputs and committing them together.
//!
//! An output is staged by writing it in full to a temporary file, checksummed as it is written
//! (the manifest records the bytes that were staged, not a later reading of a file another run
//! may have replaced meanwhile) and synced. A regular file's temporary file is created beside its
//! destination, so that the final rename stays on one file system and is atomic; it is created
//! with mode `0666` so that the umask applies as to any new file, or given the mode of the file
//! it replaces. A device's content is staged in the temporary directory and copied to the device
//! on commit. Nothing is renamed before every output is staged. A temporary file is removed when
//! its output set is dropped, and by a run interrupted with Ctrl-C (see [`crate::cleanup`]).

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::lock::Locks;
use super::target::Target;
use crate::cleanup::TempFile;
use crate::error::Error;

/// One output, written in full to a temporary file, waiting to be committed.
#[derive(Debug)]
pub struct Staged {
    /// The path as the user gave it: for messages and the manifest.
    pub path: PathBuf,
    target: Target,
    tmp: TempFile,
    /// Size in bytes.
    pub bytes: u64,
    /// Hex SHA-256 of the bytes.
    pub sha256: String,
}

/// The outputs of one run: locked, staged, then committed together.
#[derive(Debug)]
pub struct OutputSet {
    _locks: Locks,
    staged: Vec<Staged>,
    create_dirs: bool,
}

impl OutputSet {
    /// Starts an output set that will write `targets`: creates their missing directories when
    /// `create_dirs` (a job's `out/{date}/`), then locks every directory a file is renamed into.
    pub fn begin<'a>(
        targets: impl IntoIterator<Item = &'a Target>,
        create_dirs: bool,
    ) -> Result<OutputSet, Error> {
        let mut dirs = Vec::new();
        for t in targets {
            if let Target::File { path, .. } = t {
                let dir = parent_of(path);
                if create_dirs {
                    fs::create_dir_all(dir).map_err(|source| Error::Output {
                        path: path.clone(),
                        source,
                    })?;
                }
                dirs.push(dir.to_path_buf());
            }
        }
        Ok(OutputSet {
            _locks: Locks::acquire(dirs)?,
            staged: Vec::new(),
            create_dirs,
        })
    }

    /// Stages the output `path` (resolved as `target`) with the bytes `f` writes; returns it,
    /// with its size and checksum.
    pub fn stage(
        &mut self,
        path: &Path,
        target: &Target,
        f: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> Result<&Staged, Error> {
        let staged = stage(path, target, self.create_dirs, f).map_err(|source| Error::Output {
            path: path.to_path_buf(),
            source,
        })?;
        self.staged.push(staged);
        Ok(self.staged.last().expect("just pushed"))
    }

    /// Writes the staged devices and FIFOs, then renames every staged file into place, in the
    /// order staged (callers stage the manifest last). A device that fails (`/dev/full`) fails
    /// the run before any rename. The locks are released when the set is dropped.
    pub fn commit(self) -> Result<(), Error> {
        let (streams, files): (Vec<Staged>, Vec<Staged>) =
            self.staged.into_iter().partition(|s| s.target.is_stream());
        for s in &streams {
            write_through(s).map_err(|source| Error::Output {
                path: s.path.clone(),
                source,
            })?;
        }
        let mut dirs = Vec::new();
        for s in files {
            let dest = s.target.path().to_path_buf();
            dirs.push(parent_of(&dest).to_path_buf());
            s.tmp.persist(&dest).map_err(|source| Error::Output {
                path: s.path.clone(),
                source,
            })?;
        }
        // the renames themselves reach the disk with their directories
        dirs.sort();
        dirs.dedup();
        for dir in dirs {
            if let Ok(d) = File::open(&dir) {
                let _ = d.sync_all();
            }
        }
        Ok(())
    }
}

/// The directory of a path, `.` for a bare file name.
fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

fn stage(
    path: &Path,
    target: &Target,
    create_dirs: bool,
    f: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<Staged> {
    let tmp = match target {
        Target::File { path: dest, mode } => {
            let dir = parent_of(dest);
            if create_dirs {
                fs::create_dir_all(dir)?;
            }
            temp_beside(dir, *mode)?
        }
        Target::Stream { .. } => TempFile::new(
            tempfile::Builder::new()
                .prefix("skillgap-output-")
                .tempfile()?,
        ),
    };
    let (bytes, sha256) = {
        let mut w = Hashing::new(BufWriter::new(tmp.as_file()));
        f(&mut w)?;
        w.flush()?;
        w.finish()
    };
    if !target.is_stream() {
        tmp.as_file().sync_all()?;
    }
    Ok(Staged {
        path: path.to_path_buf(),
        target: target.clone(),
        tmp,
        bytes,
        sha256,
    })
}

/// A temporary file in `dir`: mode `0666` before the umask, or `mode` (the replaced file's).
fn temp_beside(dir: &Path, mode: Option<u32>) -> io::Result<TempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".skillgap-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // the mode given to open(2): the kernel applies the umask, as for any new file
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let tmp = TempFile::new(builder.tempfile_in(dir)?);
    #[cfg(unix)]
    if let Some(mode) = mode {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(fs::Permissions::from_mode(mode))?;
    }
    #[cfg(not(unix))]
    let _ = mode;
    Ok(tmp)
}

/// Copies a staged device output to its device.
fn write_through(s: &Staged) -> io::Result<()> {
    let mut src = s.tmp.reopen()?;
    let mut dest = OpenOptions::new().write(true).open(s.target.path())?;
    io::copy(&mut src, &mut dest)?;
    dest.flush()
}

/// How many bytes `f` writes, without keeping them (for `--dry-run`).
pub fn measure(f: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<u64> {
    let mut w = Hashing::new(io::sink());
    f(&mut w)?;
    Ok(w.finish().0)
}

/// A writer that counts and checksums what goes through it.
struct Hashing<W> {
    inner: W,
    hasher: Sha256,
    bytes: u64,
}

impl<W: Write> Hashing<W> {
    fn new(inner: W) -> Hashing<W> {
        Hashing {
            inner,
            hasher: Sha256::new(),
            bytes: 0,
        }
    }

    /// The size and hex SHA-256 of what was written.
    fn finish(self) -> (u64, String) {
        (self.bytes, crate::util::hex(&self.hasher.finalize()))
    }
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_is_renamed_before_commit_and_checksums_are_of_the_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.csv");
        std::fs::write(&a, "old").unwrap();
        let target = Target::resolve(&a, false).unwrap();
        let mut set = OutputSet::begin([&target], false).unwrap();
        let staged = set.stage(&a, &target, |w| w.write_all(b"abc")).unwrap();
        assert_eq!(staged.bytes, 3);
        assert_eq!(staged.sha256, crate::manifest::sha256_hex(b"abc"));
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "old");
        set.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "abc");
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }

    #[test]
    fn a_failed_stage_leaves_the_old_files() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.csv");
        std::fs::write(&a, "old").unwrap();
        let target = Target::resolve(&a, false).unwrap();
        let mut set = OutputSet::begin([&target], false).unwrap();
        set.stage(&a, &target, |w| w.write_all(b"new")).unwrap();
        assert!(set
            .stage(&a, &target, |_| Err(io::Error::other("disk full")))
            .is_err());
        drop(set);
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "old");
    }
}
