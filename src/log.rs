//! Log lines on stderr, and the one clock the program reads.
//!
//! A tiny logger rather than a framework: a global level set once from `-q`/`-v`/`-vv`, and lines
//! such as `skillgap: info: read 3,000 postings from postings.csv`. When stderr is not a terminal
//! (a log file, CI), each line starts with an RFC 3339 UTC timestamp so that it can be correlated
//! later; on a terminal the level is coloured unless `NO_COLOR` is set. Reports never contain a
//! timestamp (see `manifest` for where times are recorded).

use std::io::IsTerminal;
use std::sync::atomic::{AtomicU8, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use jiff::Timestamp;

/// How much is logged: each level includes the ones before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// `-q`: errors only (errors are printed by `main`, not here).
    Error = 0,
    /// The default: warnings.
    Warn = 1,
    /// `-v`: what was read and written.
    Info = 2,
    /// `-vv`: details useful when something looks wrong.
    Debug = 3,
}

static LEVEL: AtomicU8 = AtomicU8::new(Level::Warn as u8);

/// Sets the level from the global flags; `-q` wins over `-v`.
pub fn init(quiet: bool, verbose: u8) {
    let level = match (quiet, verbose) {
        (true, _) => Level::Error,
        (false, 0) => Level::Warn,
        (false, 1) => Level::Info,
        _ => Level::Debug,
    };
    LEVEL.store(level as u8, Ordering::Relaxed);
}

/// True when lines at `level` are printed.
pub fn enabled(level: Level) -> bool {
    level as u8 <= LEVEL.load(Ordering::Relaxed)
}

/// Prints `message` at `level`, if enabled.
pub fn log(level: Level, message: &str) {
    if !enabled(level) {
        return;
    }
    let stderr = std::io::stderr();
    let terminal = stderr.is_terminal();
    let no_color = matches!(std::env::var_os("NO_COLOR"), Some(v) if !v.is_empty());
    let colour = terminal && !no_color;
    eprintln!("{}", line(level, message, !terminal, colour));
}

/// One formatted log line (without the newline).
fn line(level: Level, message: &str, timestamp: bool, colour: bool) -> String {
    let (name, code) = match level {
        Level::Error => ("error", "31"),
        Level::Warn => ("warning", "33"),
        Level::Info => ("info", "32"),
        Level::Debug => ("debug", "36"),
    };
    let name = if colour {
        format!("\x1b[{code}m{name}\x1b[0m")
    } else {
        name.to_string()
    };
    let prefix = if timestamp {
        format!("{} ", rfc3339(SystemTime::now()))
    } else {
        String::new()
    };
    format!("{prefix}skillgap: {name}: {message}")
}

/// Logs at info level (`-v`).
pub fn info(message: impl AsRef<str>) {
    log(Level::Info, message.as_ref());
}

/// Logs at debug level (`-vv`).
pub fn debug(message: impl AsRef<str>) {
    log(Level::Debug, message.as_ref());
}

/// Logs a warning (shown unless `-q`).
pub fn warn(message: impl AsRef<str>) {
    log(Level::Warn, message.as_ref());
}

/// `t` to the second. Times before 1970 do not occur on a working clock; clamp rather than fail.
fn timestamp(t: SystemTime) -> Timestamp {
    let secs = t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    i64::try_from(secs)
        .ok()
        .and_then(|s| Timestamp::from_second(s).ok())
        .unwrap_or(Timestamp::MAX)
}

/// `t` as RFC 3339 in UTC, to the second: `2026-11-23T11:51:56Z`.
pub fn rfc3339(t: SystemTime) -> String {
    // a Timestamp displays as RFC 3339 in UTC; precision 0 leaves out fractions of a second
    format!("{:.0}", timestamp(t))
}

/// The UTC date of `t` as `YYYY-MM-DD`.
pub fn date(t: SystemTime) -> String {
    timestamp(t).strftime("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    #[test]
    fn formats_rfc3339_utc() {
        assert_eq!(rfc3339(at(0)), "1970-01-01T00:00:00Z");
        // 2000-02-29 (a leap day in a century leap year) 12:34:56
        assert_eq!(rfc3339(at(951_827_696)), "2000-02-29T12:34:56Z");
        assert_eq!(rfc3339(at(1_735_689_599)), "2024-12-31T23:59:59Z");
        assert_eq!(date(at(1_735_689_600)), "2025-01-01");
        // a clock before 1970 is clamped, sub-second parts are dropped
        assert_eq!(
            rfc3339(UNIX_EPOCH - Duration::from_secs(5)),
            "1970-01-01T00:00:00Z"
        );
        assert_eq!(
            rfc3339(at(1_735_689_599) + Duration::from_millis(999)),
            "2024-12-31T23:59:59Z"
        );
    }

    #[test]
    fn lines_have_prefix_timestamp_and_colour_as_asked() {
        assert_eq!(
            line(Level::Info, "read 3,000 postings", false, false),
            "skillgap: info: read 3,000 postings"
        );
        let l = line(Level::Warn, "x", true, false);
        assert!(l.ends_with("Z skillgap: warning: x"), "{l}");
        assert!(line(Level::Info, "x", false, true).contains("\x1b[32minfo\x1b[0m"));
    }
}
