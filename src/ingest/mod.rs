//! Reading the inputs: opening a path or stdin, finding the delimiter, mapping headers to columns,
//! parsing and validating each row, and rejecting what cannot be used with its file, line, column,
//! value and reason.
//!
//! The readers know nothing of the taxonomy: they hand each valid row, as borrowed text, to a sink
//! chosen by the caller, and return the counts and rejects of what they read. Nothing is dropped
//! silently: every data row is either given to the sink or rejected.
//!
//! Text from an input (header names, values) that ends up in a message for the terminal goes
//! through [`escape_controls`], so that data cannot send escape sequences to the user's terminal.

pub mod cells;
mod chunks;
pub mod columns;
mod counts;
mod graduates;
mod input;
mod json;
mod ods;
mod parquet_dict;
mod parquet_file;
pub mod parse;
mod postings;
mod reader;
pub mod sheet;
pub mod spill;

pub use chunks::FieldLimits;
pub use counts::{read_counts, CountRow};
pub use graduates::{read_graduates, GraduateRow};
pub use input::{
    detect_encoding, sniff_delimiter, Input, ReadOptions, DEFAULT_MAX_FIELD_LINES, MAX_FIELD_BYTES,
};
pub use postings::{
    read_postings, read_postings_coded, CodedPosting, Id, Label, PostingBatch, PostingRow,
};

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Serialize;

/// How many rejected rows are kept in memory with all their details; the rest are only counted
/// (unless [`ReadOptions::keep_all_rejects`] is set, for `--rejects FILE`).
pub const KEPT_REJECTS: usize = 1_000;

/// The longest `raw` text kept for a rejected row, in characters.
pub const MAX_RAW: usize = 4096;

/// A problem that stops an input from being read at all.
///
/// Every text field is shown through [`escape_controls`]: paths, header names and messages may
/// carry bytes of the input.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: {source}", escape_controls(.path))]
    Open {
        path: String,
        source: std::io::Error,
    },
    #[error("{} is a directory; give the path of a CSV file", escape_controls(.path))]
    IsDir { path: String },
    #[error(
        "{} is empty; expected a CSV export with a header row",
        escape_controls(.path)
    )]
    Empty { path: String },
    #[error(
        "{} does not look like a CSV file (it contains binary data); export it as CSV",
        escape_controls(.path)
    )]
    NotText { path: String },
    /// Text in UTF-16 without a byte-order mark: NUL bytes every other byte.
    #[error(
        "{} looks like UTF-16 text without a byte-order mark ({encoding}: every other byte is \
         0); pass --encoding {encoding}, or export it as UTF-8",
        escape_controls(.path)
    )]
    Utf16 {
        path: String,
        /// `utf-16le` or `utf-16be`.
        encoding: &'static str,
    },
    /// A workbook that cannot be read, or whose sheet cannot be.
    #[error("{}: {}", escape_controls(.path), escape_controls(.message))]
    Workbook { path: String, message: String },
    /// A workbook or a Parquet file read from stdin: both are read whole from a file.
    #[error(
        "{} is {kind}, which cannot be read from stdin or a pipe; give the path of the file",
        escape_controls(.path)
    )]
    WorkbookOnStdin {
        path: String,
        /// `an xlsx workbook`, `a Parquet file`.
        kind: &'static str,
    },
    #[error("{} has a header but no data rows", escape_controls(.path))]
    NoRows { path: String },
    /// A header named by `--postings-columns` (and the like) that the file does not have.
    #[error("{}: {}", escape_controls(.path), escape_controls(.message))]
    NoSuchHeader { path: String, message: String },
    /// A column whose header appears more than once, so that which one to read is not known.
    #[error("{}: {}", escape_controls(.path), escape_controls(.message))]
    DuplicateHeader { path: String, message: String },
    #[error(
        "{}: no column for the {column} (looked for {looked_for}; found: {}){}",
        escape_controls(.path),
        escape_controls(.found),
        escape_controls(.hint)
    )]
    MissingColumn {
        path: String,
        column: String,
        looked_for: String,
        /// The headers found, at most [`LISTED_HEADERS`] of them (see [`list_headers`]).
        found: String,
        hint: String,
    },
    #[error(
        "{}, line {line}: {}",
        escape_controls(.path),
        escape_controls(.message)
    )]
    Malformed {
        path: String,
        line: u64,
        message: String,
    },
    #[error("{}: read failed: {source}", escape_controls(.path))]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error(
        "{} changed while it was being read (its checksum differs between the two readings \
         that merging duplicate postings needs); read a copy that nothing is writing to, or pass \
         --no-dedup",
        escape_controls(.path)
    )]
    Changed { path: String },
    /// A file whose size at the end of reading is not its size when it was opened: something
    /// truncated it, appended to it or replaced it while it was read, and the counts describe
    /// part of one version of it.
    #[error(
        "{} changed while it was being read: it had {at_open} bytes when opened, {read} bytes \
         were read and it now has {now}; read a copy that nothing is writing to",
        escape_controls(.path)
    )]
    Resized {
        path: String,
        at_open: u64,
        read: u64,
        now: u64,
    },
    #[error("more than one input is `-`: only one input can be read from stdin")]
    TwoStdins,
}

/// The reject reason of a row with a quote that is not closed within the limits.
pub const UNTERMINATED_QUOTE: &str = "unterminated quote";

/// The reject reason of a row of an input read as UTF-8 with a field that is not valid UTF-8.
pub const INVALID_UTF8: &str = "invalid utf-8";

/// Text from an input, made safe to print on a terminal: control characters (C0, DEL and C1,
/// which start escape sequences: `ESC [2J` clears the screen, `ESC ]0;...BEL` sets the window
/// title) and the invisible characters that reorder text on screen (bidirectional marks,
/// embeddings, overrides and isolates) are written as Rust escapes: `\t`, `\n`, `\r`, and
/// `\u{1b}` for the others. Everything else, accents and Arabic letters included, is kept;
/// borrowed when there is nothing to escape.
///
/// For any message that quotes a header, a value or a path from an input, wherever it is built.
pub fn escape_controls(s: &str) -> Cow<'_, str> {
    fn unsafe_char(c: char) -> bool {
        // C0, DEL and C1; the Arabic letter mark, LRM and RLM; embeddings, overrides, isolates
        c.is_control()
            || matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    }
    if !s.contains(unsafe_char) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if unsafe_char(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// How many header names an error lists, and how many characters of each.
pub const LISTED_HEADERS: usize = 40;
const LISTED_HEADER_CHARS: usize = 60;

/// Header names for a message: the first [`LISTED_HEADERS`], each cut at 60 characters (`…`
/// marks a cut), then how many more there are. A 30 MB header row gives a line, not 30 MB.
pub fn list_headers(names: &[String]) -> String {
    let mut out: Vec<String> = names
        .iter()
        .take(LISTED_HEADERS)
        .map(|n| {
            if n.chars().count() > LISTED_HEADER_CHARS {
                n.chars().take(LISTED_HEADER_CHARS).chain(['…']).collect()
            } else {
                n.clone()
            }
        })
        .collect();
    if names.len() > LISTED_HEADERS {
        out.push(format!(
            "and {} more",
            crate::util::thousands((names.len() - LISTED_HEADERS) as u64)
        ));
    }
    out.join(", ")
}

/// One row that could not be used, and why.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Reject {
    /// The input's path, or `-` for stdin.
    pub file: String,
    /// Line number of the row's start in the file (the header is line 1).
    pub line: u64,
    /// The column at fault (our name), or `(row)` for the whole row.
    pub column: String,
    /// The offending value as read.
    pub value: String,
    /// Short reason, the same for all rows rejected for the same cause, e.g. `invalid date`.
    pub reason: String,
    /// The specific problem with this value, e.g. `day 30 does not exist in 2025-02`.
    pub detail: String,
    /// The whole row as read (decoded), fields joined with the input's delimiter, at most
    /// [`MAX_RAW`] characters. Only written to `--rejects` files, not to the JSON report.
    #[serde(skip)]
    pub raw: String,
}

/// What a reader saw: counts of rows and units (vacancies or graduates), and the rejects.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ReadSummary {
    /// The input's path, or `-`.
    pub file: String,
    /// Size in bytes, when known.
    pub bytes: Option<u64>,
    /// The text encoding the input was read in (detected or forced).
    pub encoding: String,
    /// Hex SHA-256 of the input's bytes, computed while reading.
    pub sha256: Option<String>,
    /// Data rows read (the header is not a row; blank lines are skipped).
    pub rows_read: u64,
    /// Rows rejected.
    pub rows_rejected: u64,
    /// Units (vacancies or graduates) on rejected rows whose count cell could still be read.
    pub units_rejected: u64,
    /// Total and subtotal rows of a workbook's table (`Total`, `Ensemble`), not counted: they
    /// repeat what the rows above them hold. Not data rows, so not in `rows_read`.
    #[serde(skip_serializing_if = "is_zero")]
    pub total_rows: u64,
    /// Rejected rows per reason.
    pub reject_reasons: BTreeMap<String, u64>,
    /// The first [`KEPT_REJECTS`] rejected rows in line order.
    pub rejects: Vec<Reject>,
    /// Every rejected row, on disk, with [`ReadOptions::keep_all_rejects`] (see [`spill`]).
    #[serde(skip)]
    pub spill: spill::Spill,
    /// Where a worker spills its rejected rows while it reads, with
    /// [`ReadOptions::keep_all_rejects`].
    #[serde(skip)]
    pub(crate) spilling: Option<std::sync::Arc<std::sync::Mutex<spill::Writer>>>,
    /// The first row rejected as [`INVALID_UTF8`]: its line and column, for the warning.
    #[serde(skip)]
    pub(crate) first_invalid_utf8: Option<(u64, &'static str)>,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl ReadSummary {
    /// The summary a reading worker starts with: empty, spilling its rejected rows to disk with
    /// [`ReadOptions::keep_all_rejects`].
    pub(crate) fn worker(path: &str, opts: &ReadOptions) -> ReadSummary {
        ReadSummary {
            file: path.to_string(),
            spilling: opts.keep_all_rejects.then(|| spill::Writer::shared(path)),
            ..ReadSummary::default()
        }
    }

    /// Adds the rows read and rejected, the units rejected and the reasons of `other`.
    fn add_counts(&mut self, other: &ReadSummary) {
        self.rows_read += other.rows_read;
        self.rows_rejected += other.rows_rejected;
        self.units_rejected += other.units_rejected;
        self.total_rows += other.total_rows;
        for (reason, n) in &other.reject_reasons {
            *self.reject_reasons.entry(reason.clone()).or_default() += n;
        }
    }

    /// Adds a worker's summary of a part of the same file: its counts, every reject it kept in
    /// memory (the caller sorts and truncates them once all parts are in) and its spill, closed.
    pub(crate) fn absorb(&mut self, mut part: ReadSummary) -> std::io::Result<()> {
        self.add_counts(&part);
        self.rejects.extend(std::mem::take(&mut part.rejects));
        part.close_spill()?;
        self.spill.extend(&part.spill);
        self.first_invalid_utf8 = self
            .first_invalid_utf8
            .into_iter()
            .chain(part.first_invalid_utf8)
            .min();
        Ok(())
    }

    /// Closes the spill writer this summary's reader wrote its rejected rows to, and keeps what
    /// it wrote in [`spill`](Self::spill).
    pub(crate) fn close_spill(&mut self) -> std::io::Result<()> {
        if let Some(writer) = self.spilling.take() {
            let writer = std::sync::Arc::try_unwrap(writer)
                .map_err(|_| std::io::Error::other("a reading worker's spill is still shared"))?
                .into_inner()
                .unwrap_or_else(|e| e.into_inner());
            self.spill.extend(&writer.finish()?);
        }
        Ok(())
    }

    /// The summaries of several files of one input as one: counts added, reasons merged, the
    /// kept rejects concatenated (each names its file) up to the usual limit, the spills joined. The file names are joined with `, `; size and checksum are those of
    /// the one file, else absent (the manifest lists each file's).
    pub fn merge(files: &[ReadSummary]) -> ReadSummary {
        let Some((first, rest)) = files.split_first() else {
            return ReadSummary::default();
        };
        let mut all = first.clone();
        for s in rest {
            all.file = format!("{}, {}", all.file, s.file);
            all.bytes = all.bytes.zip(s.bytes).map(|(a, b)| a + b);
            all.sha256 = None;
            if all.encoding != s.encoding {
                all.encoding = format!("{}, {}", all.encoding, s.encoding);
            }
            all.add_counts(s);
            let room = KEPT_REJECTS.saturating_sub(all.rejects.len());
            all.rejects.extend(s.rejects.iter().take(room).cloned());
            all.spill.extend(&s.spill);
        }
        all
    }

    /// Runs `read` on one row, passing every reject it makes through `amend` before the reject
    /// is kept (up to the limit) or spilled to disk: a workbook's reader names the sheet's cell
    /// in the detail, in memory and in `--rejects` alike.
    pub(crate) fn amending_rejects(
        &mut self,
        read: impl FnOnce(&mut ReadSummary),
        amend: impl Fn(&mut Reject),
    ) {
        // With no reject kept and no spill, `reject` keeps this row's rejects in `self.rejects`.
        let kept = std::mem::take(&mut self.rejects);
        let spilling = self.spilling.take();
        read(self);
        let new = std::mem::replace(&mut self.rejects, kept);
        self.spilling = spilling;
        for mut r in new {
            amend(&mut r);
            if let Some(spill) = &self.spilling {
                spill.lock().unwrap_or_else(|e| e.into_inner()).push(&r);
            }
            if self.rejects.len() < KEPT_REJECTS {
                self.rejects.push(r);
            }
        }
    }

    /// Counts a rejected row and keeps its details (up to the limit). `raw` gives the whole row's
    /// text; it is only built for the rows kept.
    fn reject(&mut self, line: u64, bad: postings::Bad, raw: impl FnOnce() -> String) {
        self.rows_rejected += 1;
        if bad.reason == INVALID_UTF8 && self.first_invalid_utf8.is_none_or(|(l, _)| line < l) {
            self.first_invalid_utf8 = Some((line, bad.column));
        }
        *self
            .reject_reasons
            .entry(bad.reason.to_string())
            .or_default() += 1;
        let keep = self.rejects.len() < KEPT_REJECTS;
        if !keep && self.spilling.is_none() {
            return;
        }
        let reject = Reject {
            file: self.file.clone(),
            line,
            column: bad.column.to_string(),
            value: bad.value.chars().take(200).collect(),
            reason: bad.reason.to_string(),
            detail: bad.detail,
            raw: raw(),
        };
        if let Some(spill) = &self.spilling {
            spill
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(&reject);
        }
        if keep {
            self.rejects.push(reject);
        }
    }
}

/// Prints a warning about an input, once per run: the postings may be read twice (the second
/// time to merge duplicates), and the second reading has nothing new to say.
fn warn_once(message: String) {
    static SHOWN: std::sync::Mutex<std::collections::BTreeSet<String>> =
        std::sync::Mutex::new(std::collections::BTreeSet::new());
    let first = SHOWN
        .lock()
        .map_or(true, |mut shown| shown.insert(message.clone()));
    if first {
        crate::log::warn(message);
    }
}

/// Checks that at most one input (of the postings files, the counts tables and the graduates)
/// comes from stdin.
pub fn check_stdin<'a>(inputs: impl IntoIterator<Item = &'a Input>) -> Result<(), Error> {
    if inputs.into_iter().filter(|i| i.is_stdin()).count() > 1 {
        return Err(Error::TwoStdins);
    }
    Ok(())
}

/// The error for a required column that no header matches. `flag` is the option that maps
/// columns for this input (`--postings-columns`), named in the hint; `extra` is appended to it.
fn missing_column(
    path: &str,
    headers: &columns::Headers,
    what: &str,
    cols: &[&columns::Column],
    flag: &str,
    extra: &str,
) -> Error {
    let looked_for = cols
        .iter()
        .flat_map(|c| c.synonyms.iter().take(4))
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    // the two usual causes on real exports come first: a forced delimiter that is not the file's,
    // and a forced encoding that is not the file's
    let names = headers.names();
    let cause = if names.len() == 1 {
        names[0]
            .chars()
            .find(|c| [';', ',', '\t', '|'].contains(c))
            .map(|d| {
                let d = if d == '\t' {
                    "tab".to_string()
                } else {
                    d.to_string()
                };
                format!(
                    "; the header is a single column containing `{d}`: the file is probably \
                     {d}-separated (drop --delimiter, or pass --delimiter '{d}')"
                )
            })
    } else {
        None
    }
    .or_else(|| {
        names.iter().any(|n| n.contains('\u{FFFD}')).then(|| {
            "; the headers are not valid in the encoding read (\u{FFFD} marks): drop --encoding, \
             or pass --encoding windows-1252 for a French-locale Excel export"
                .to_string()
        })
    });
    let hint = cols
        .iter()
        .find_map(|c| headers.nearest(c))
        .map(|h| {
            format!(
                "; did you mean `{h}`? rename that header to `{0}` or pass {flag} {0}={h}",
                cols[0].name
            )
        })
        .unwrap_or_else(|| {
            format!(
                "; add a `{0}` column, or name the header that holds it with {flag} {0}=HEADER",
                cols[0].name
            )
        })
        + extra;
    let hint = cause.unwrap_or_default() + &hint;
    Error::MissingColumn {
        path: path.to_string(),
        column: what.to_string(),
        looked_for,
        found: list_headers(headers.names()),
        hint,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_and_bidi_overrides_only() {
        assert!(matches!(
            escape_controls("Fès-Meknès الرباط"),
            Cow::Borrowed(_)
        ));
        assert_eq!(escape_controls("a\x1b[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(escape_controls("t\x1b]0;x\x07"), "t\\u{1b}]0;x\\u{7}");
        assert_eq!(
            escape_controls("a\tb\r\nc\x7f\u{9b}"),
            "a\\tb\\r\\nc\\u{7f}\\u{9b}"
        );
        assert_eq!(escape_controls("x\u{202e}y"), "x\\u{202e}y");
    }

    #[test]
    fn lists_a_few_headers_each_cut_short() {
        let names: Vec<String> = (0..45).map(|i| format!("h{i}")).collect();
        let listed = list_headers(&names);
        assert!(listed.starts_with("h0, h1, "), "{listed}");
        assert!(listed.ends_with("h39, and 5 more"), "{listed}");
        let long = vec!["x".repeat(100)];
        assert_eq!(list_headers(&long), format!("{}…", "x".repeat(60)));
        assert_eq!(list_headers(&["a".into(), "b".into()]), "a, b");
    }
}
