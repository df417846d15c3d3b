//! Every path a run writes must differ from every other and from every input: writing the
//! manifest over the report, the rejected rows over the unmapped labels or any output over an
//! input or the job file destroys a file and says nothing.
//!
//! Paths are compared as the files they name, not as text: an existing file by its device and
//! inode (so `./x` and `x`, a hard link and a symlink are caught), one that does not exist yet by
//! its canonical directory and name. Character devices are exempt: writing `/dev/null` twice
//! destroys nothing.

use std::fs;
use std::path::{Component, Path, PathBuf};

use super::target::follow_symlinks;
use crate::error::Error;

/// A file a run reads or writes, and what it is to the run, as the user named it: `--rejects`,
/// `the manifest`, `report 2 output`, `--postings`.
#[derive(Debug, Clone)]
pub struct Role {
    pub what: String,
    pub path: PathBuf,
}

impl Role {
    pub fn new(what: impl Into<String>, path: impl Into<PathBuf>) -> Role {
        Role {
            what: what.into(),
            path: path.into(),
        }
    }
}

/// The file a path names.
#[derive(Debug, PartialEq, Eq)]
enum Identity {
    /// An existing file: device and inode.
    Inode(u64, u64),
    /// A file that does not exist yet: its absolute path, through its canonical directory.
    Path(PathBuf),
}

/// Refuses (exit 2) an output that is another output or an input, naming both roles:
/// `--rejects x.csv is also --unmapped`.
pub fn check_distinct(outputs: &[Role], inputs: &[Role]) -> Result<(), Error> {
    let ids: Vec<Option<Identity>> = outputs.iter().map(|o| identity(&o.path)).collect();
    for (i, (out, id)) in outputs.iter().zip(&ids).enumerate() {
        let Some(id) = id else { continue };
        if let Some(first) = (0..i).find(|&j| ids[j].as_ref() == Some(id)) {
            return Err(clash(&outputs[first], out));
        }
    }
    for (out, id) in outputs.iter().zip(&ids) {
        let Some(id) = id else { continue };
        if let Some(input) = inputs
            .iter()
            .find(|i| identity(&i.path).as_ref() == Some(id))
        {
            return Err(clash(out, input));
        }
    }
    Ok(())
}

fn clash(a: &Role, b: &Role) -> Error {
    let other = if a.path == b.path {
        String::new()
    } else {
        format!(" {}", b.path.display())
    };
    Error::Usage(format!(
        "{} {} is also {}{other}; give each its own file",
        a.what,
        a.path.display(),
        b.what
    ))
}

/// What `path` names, or `None` for a character device.
fn identity(path: &Path) -> Option<Identity> {
    let path = follow_symlinks(path).unwrap_or_else(|_| path.to_path_buf());
    match fs::metadata(&path) {
        Ok(m) => inode(&m),
        Err(_) => Some(Identity::Path(normalised(&path))),
    }
}

#[cfg(unix)]
fn inode(m: &fs::Metadata) -> Option<Identity> {
    use std::os::unix::fs::{FileTypeExt, MetadataExt};
    (!m.file_type().is_char_device()).then(|| Identity::Inode(m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn inode(_: &fs::Metadata) -> Option<Identity> {
    None
}

/// `path` made absolute through its longest existing prefix, canonicalised (symlinks resolved);
/// the components after it, which do not exist and so cannot be links, are applied as written
/// (`.` skipped, `..` going up).
pub fn normalised(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let components: Vec<Component> = absolute.components().collect();
    let mut existing = components.len();
    while existing > 0 {
        let prefix: PathBuf = components[..existing].iter().collect();
        if fs::symlink_metadata(&prefix).is_ok() {
            break;
        }
        existing -= 1;
    }
    let prefix: PathBuf = components[..existing].iter().collect();
    let mut out = prefix.canonicalize().unwrap_or(prefix);
    for c in &components[existing..] {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles(pairs: &[(&str, &Path)]) -> Vec<Role> {
        pairs.iter().map(|(w, p)| Role::new(*w, *p)).collect()
    }

    #[test]
    fn the_same_file_under_another_name_is_found() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path();
        std::fs::create_dir(p.join("d")).unwrap();
        std::fs::write(p.join("in.csv"), "x").unwrap();
        let inputs = roles(&[("--postings", &p.join("in.csv"))]);
        // not yet existing, spelt two ways
        let outs = roles(&[
            ("--rejects", &p.join("./x.csv")),
            ("--unmapped", &p.join("d/../x.csv")),
        ]);
        let err = check_distinct(&outs, &inputs).unwrap_err().to_string();
        assert!(
            err.contains("--rejects") && err.contains("is also --unmapped"),
            "{err}"
        );
        // an existing input through `..`
        let outs = roles(&[("-o", &p.join("d/../in.csv"))]);
        let err = check_distinct(&outs, &inputs).unwrap_err().to_string();
        assert!(err.contains("is also --postings"), "{err}");
        // different files are fine
        let outs = roles(&[("-o", &p.join("a.csv")), ("--rejects", &p.join("d/a.csv"))]);
        assert!(check_distinct(&outs, &inputs).is_ok());
    }

    #[test]
    fn normalising_goes_through_existing_directories() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().canonicalize().unwrap();
        std::fs::create_dir(p.join("d")).unwrap();
        assert_eq!(normalised(&p.join("d/./new/../x.csv")), p.join("d/x.csv"));
        assert_eq!(normalised(&p.join("d/../d")), p.join("d"));
    }
}
