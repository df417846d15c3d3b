//! Where reports go: stdout, or a file written atomically (a temporary file in the same directory,
//! renamed into place once complete), so that a failed or interrupted run never leaves a truncated
//! report, and never over one of its own inputs.

use std::io::{self, BufWriter, Write};
use std::path::Path;

use crate::error::Error;
use crate::ingest::Input;

/// Refuses an output path that is one of the inputs.
pub fn check_not_input(output: &Path, inputs: &[&Input]) -> Result<(), Error> {
    let Ok(out) = output.canonicalize() else {
        return Ok(()); // does not exist yet: cannot be an input
    };
    for input in inputs.iter().filter_map(|i| i.path()) {
        if input.canonicalize().is_ok_and(|i| i == out) {
            return Err(Error::Usage(format!(
                "refusing to write the report over the input {}; choose another -o path",
                input.display()
            )));
        }
    }
    Ok(())
}

/// Writes with `f` to `path` atomically, or to stdout when `path` is `None`.
pub fn write_with(
    path: Option<&Path>,
    f: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), Error> {
    match path {
        None => {
            let stdout = io::stdout();
            let mut w = BufWriter::new(stdout.lock());
            f(&mut w).and_then(|_| w.flush()).map_err(Error::Stdout)
        }
        Some(p) => write_atomic(p, f).map_err(|source| Error::Output {
            path: p.to_path_buf(),
            source,
        }),
    }
}

fn write_atomic(path: &Path, f: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".skillgap-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    {
        let mut w = BufWriter::new(tmp.as_file_mut());
        f(&mut w)?;
        w.flush()?;
    }
    tmp.as_file().sync_all()?;
    // a temporary file is private (0600); a report is not: keep the mode of the file it replaces,
    // else the usual 0644
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).map_or(0o644, |m| m.permissions().mode() & 0o7777);
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode))?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
