//! What is at an output's path, decided before anything is written: a regular file (or nothing
//! yet), replaced atomically by a rename; or a character device or FIFO, written through and
//! never replaced (renaming over `/dev/null` would replace the device node with a regular file,
//! and a FIFO's reader would wait forever). A symlink is followed: its target is replaced and the
//! link stays.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// Where one output goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A regular file, new or replaced by renaming a complete temporary file over it.
    File {
        /// Where the rename happens: the path with its symlinks followed.
        path: PathBuf,
        /// The mode of the file it replaces, kept; `None` for a new file, which gets
        /// `0666 & !umask` like any file a program creates.
        mode: Option<u32>,
    },
    /// A character device (`/dev/stdout`, `/dev/null`) or a FIFO: opened and written through.
    Stream {
        /// The path with its symlinks followed.
        path: PathBuf,
    },
}

impl Target {
    /// What `given` names. A directory, or anything else that is neither a regular file, a
    /// character device nor a FIFO, is an error; so is a path whose nearest existing ancestor is
    /// not a directory, or, unless `create_dirs`, whose directory does not exist.
    pub fn resolve(given: &Path, create_dirs: bool) -> Result<Target, Error> {
        let fail = |source: io::Error| Error::Output {
            path: given.to_path_buf(),
            source,
        };
        let path = follow_symlinks(given).map_err(fail)?;
        match fs::metadata(&path) {
            Ok(m) => {
                let kind = m.file_type();
                if kind.is_dir() {
                    return Err(fail(io::Error::other("it is a directory")));
                }
                if is_stream(&kind) {
                    return Ok(Target::Stream { path });
                }
                if !kind.is_file() {
                    return Err(fail(io::Error::other(
                        "it is neither a regular file, a character device nor a FIFO; \
                         refusing to replace it",
                    )));
                }
                Ok(Target::File {
                    mode: mode_of(&m),
                    path,
                })
            }
            // `file/x.csv` under a regular file: the ancestors say which is not a directory
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
                ) =>
            {
                check_ancestors(&path, create_dirs).map_err(fail)?;
                Ok(Target::File { path, mode: None })
            }
            Err(e) => Err(fail(e)),
        }
    }

    /// The path written to: the rename's destination, or the device.
    pub fn path(&self) -> &Path {
        match self {
            Target::File { path, .. } | Target::Stream { path } => path,
        }
    }

    /// True for a device or FIFO, written through.
    pub fn is_stream(&self) -> bool {
        matches!(self, Target::Stream { .. })
    }
}

#[cfg(unix)]
fn is_stream(kind: &fs::FileType) -> bool {
    use std::os::unix::fs::FileTypeExt;
    kind.is_char_device() || kind.is_fifo()
}

#[cfg(not(unix))]
fn is_stream(_: &fs::FileType) -> bool {
    false
}

#[cfg(unix)]
fn mode_of(m: &fs::Metadata) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    Some(m.permissions().mode() & 0o7777)
}

#[cfg(not(unix))]
fn mode_of(_: &fs::Metadata) -> Option<u32> {
    None
}

/// `path` with its symlinks followed, even a dangling one (its target is where the output goes);
/// the path itself when it is not a symlink.
pub fn follow_symlinks(path: &Path) -> io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    // as the kernel does: a chain of more than 40 links is a loop
    for _ in 0..40 {
        match fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let link = fs::read_link(&p)?;
                p = match p.parent() {
                    Some(dir) => dir.join(link),
                    None => link,
                };
            }
            _ => return Ok(p),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// The directories of a path that does not exist yet: the nearest existing one must be a
/// directory, and unless `create_dirs` it must be the path's own directory.
fn check_ancestors(path: &Path, create_dirs: bool) -> io::Result<()> {
    let mut dir = path.parent();
    let mut own = true;
    while let Some(d) = dir {
        let shown = if d.as_os_str().is_empty() {
            Path::new(".")
        } else {
            d
        };
        match fs::metadata(shown) {
            Ok(m) if m.is_dir() && (own || create_dirs) => return Ok(()),
            Ok(m) if m.is_dir() => break,
            Ok(_) => {
                return Err(io::Error::other(format!(
                    "{} is not a directory",
                    shown.display()
                )))
            }
            // `file/x.csv` under a regular file: the ancestors say which is not a directory
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
                ) =>
            {
                dir = d.parent();
                own = false;
            }
            Err(e) => return Err(e),
        }
    }
    if create_dirs {
        return Ok(());
    }
    let parent = path.parent().unwrap_or(Path::new("."));
    Err(io::Error::other(format!(
        "the directory {} does not exist",
        parent.display()
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_directories_and_missing_parents() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path();
        let new = p.join("new.csv");
        assert_eq!(
            Target::resolve(&new, false).unwrap(),
            Target::File {
                path: new.clone(),
                mode: None
            }
        );
        let err = Target::resolve(p, false).unwrap_err().to_string();
        assert!(err.ends_with("it is a directory"), "{err}");
        let deep = p.join("a/b/c.csv");
        assert!(Target::resolve(&deep, true).is_ok());
        let err = Target::resolve(&deep, false).unwrap_err().to_string();
        assert!(err.contains("does not exist"), "{err}");
        std::fs::write(p.join("file"), "x").unwrap();
        let err = Target::resolve(&p.join("file/x.csv"), true)
            .unwrap_err()
            .to_string();
        assert!(err.contains("file is not a directory"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_are_followed_even_dangling() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path();
        std::os::unix::fs::symlink("sub/real.csv", p.join("link.csv")).unwrap();
        std::fs::create_dir(p.join("sub")).unwrap();
        assert_eq!(
            follow_symlinks(&p.join("link.csv")).unwrap(),
            p.join("sub/real.csv")
        );
        std::os::unix::fs::symlink("loop", p.join("loop")).unwrap();
        assert!(follow_symlinks(&p.join("loop")).is_err());
    }
}
