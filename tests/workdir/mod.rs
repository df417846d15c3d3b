//! A temporary working directory per test, and a way to run the real `skillgap` binary in it.
//!
//! Every test gets its own directory, so tests can run in parallel and `-o` never writes into the
//! source tree. A failed expectation panics with the command line, the exit status, stdout and
//! stderr, because an assertion on one of them alone rarely says why the program did what it did.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

/// The fixtures directory of the test suite.
fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A temporary directory that is removed when the test ends.
pub struct Workdir {
    dir: tempfile::TempDir,
}

impl Workdir {
    pub fn new() -> Workdir {
        let dir = tempfile::Builder::new()
            .prefix("skillgap-test-")
            .tempdir()
            .expect("create a temporary directory");
        Workdir { dir }
    }

    /// The directory's path.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `contents` to `name` (relative to the directory), creating parent directories.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path().join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("create parent directory");
        }
        fs::write(&path, contents).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        path
    }

    /// Copies `tests/fixtures/<name>` into the directory under the same name.
    pub fn fixture(&self, name: &str) -> PathBuf {
        let src = fixtures().join(name);
        let bytes = fs::read(&src).unwrap_or_else(|e| panic!("read {}: {e}", src.display()));
        self.write(name, bytes)
    }

    /// Copies the standard pair of inputs, `postings.csv` and `graduates.csv`.
    pub fn standard_inputs(&self) {
        self.fixture("postings.csv");
        self.fixture("graduates.csv");
    }

    /// Reads a file of the directory as text.
    pub fn read(&self, name: &str) -> String {
        let path = self.path().join(name);
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
    }

    /// The names of the entries of the directory, sorted.
    pub fn entries(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(self.path())
            .expect("list the work directory")
            .map(|e| {
                e.expect("directory entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        names.sort();
        names
    }

    /// Runs `skillgap ARGS` in the directory, with nothing on stdin.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with_stdin(args, Vec::new())
    }

    /// Runs `skillgap ARGS` in the directory, with `stdin` piped in.
    pub fn run_with_stdin(&self, args: &[&str], stdin: impl Into<Vec<u8>>) -> Run {
        let mut cmd = Command::cargo_bin("skillgap").expect("the skillgap binary is built");
        cmd.current_dir(self.path())
            .env("NO_COLOR", "1")
            .args(args)
            .write_stdin(stdin.into());
        let output = cmd.output().expect("run skillgap");
        Run {
            cmdline: format!("skillgap {}", args.join(" ")),
            output,
        }
    }
}

/// The outcome of one run.
pub struct Run {
    cmdline: String,
    output: Output,
}

impl Run {
    /// Everything about the run, for failure messages.
    fn describe(&self) -> String {
        format!(
            "\ncommand: {}\nstatus:  {}\n--- stdout ---\n{}\n--- stderr ---\n{}\n--------------",
            self.cmdline,
            self.output.status,
            String::from_utf8_lossy(&self.output.stdout),
            String::from_utf8_lossy(&self.output.stderr),
        )
    }

    /// Panics with the run's description.
    #[track_caller]
    pub fn fail(&self, what: &str) -> ! {
        panic!("{what}{}", self.describe())
    }

    /// The exit code (`None` when killed by a signal).
    pub fn code(&self) -> Option<i32> {
        self.output.status.code()
    }

    /// Asserts the exit code.
    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Run {
        if self.code() != Some(code) {
            self.fail(&format!("expected exit code {code}"));
        }
        self
    }

    /// Asserts success (exit 0).
    #[track_caller]
    pub fn expect_success(&self) -> &Run {
        self.expect_code(0)
    }

    /// Asserts a failure as the house style wants it: exit `code`, nothing on stdout, and one line
    /// on stderr starting `skillgap: error:`. Returns that line.
    #[track_caller]
    pub fn expect_error(&self, code: i32) -> String {
        self.expect_code(code);
        if !self.output.stdout.is_empty() {
            self.fail("expected nothing on stdout");
        }
        let err = self.stderr();
        if !err.starts_with("skillgap: error: ") || err.trim_end().lines().count() != 1 {
            self.fail("expected one line `skillgap: error: ...` on stderr");
        }
        err.trim_end().to_string()
    }

    /// Asserts that stdout is exactly `expected`.
    #[track_caller]
    pub fn expect_stdout(&self, expected: &str) -> &Run {
        if self.stdout() != expected {
            self.fail(&format!(
                "stdout differs from the expected text:\n--- expected ---\n{expected}"
            ));
        }
        self
    }

    /// Asserts that stdout contains every one of `needles`.
    #[track_caller]
    pub fn expect_stdout_contains(&self, needles: &[&str]) -> &Run {
        let text = self.stdout();
        if let Some(n) = needles.iter().find(|n| !text.contains(**n)) {
            self.fail(&format!("expected stdout to contain {n:?}"));
        }
        self
    }

    /// Asserts that stderr contains `needle`.
    #[track_caller]
    pub fn expect_stderr_contains(&self, needle: &str) -> &Run {
        if !self.stderr().contains(needle) {
            self.fail(&format!("expected stderr to contain {needle:?}"));
        }
        self
    }

    pub fn stdout_bytes(&self) -> &[u8] {
        &self.output.stdout
    }

    pub fn stdout(&self) -> String {
        String::from_utf8(self.output.stdout.clone())
            .unwrap_or_else(|_| self.fail("stdout is not UTF-8"))
    }

    pub fn stderr(&self) -> String {
        String::from_utf8(self.output.stderr.clone())
            .unwrap_or_else(|_| self.fail("stderr is not UTF-8"))
    }

    /// Stdout parsed as JSON.
    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.output.stdout)
            .unwrap_or_else(|e| self.fail(&format!("stdout is not JSON: {e}")))
    }
}
