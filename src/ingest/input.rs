//! Opening an input (a path, or `-` for stdin), finding its encoding and delimiter, and checking
//! at the end that a file was not changed while it was read.

use std::fs::File;
use std::io::{self, Read};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use sha2::{Digest, Sha256};

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use encoding_rs_io::DecodeReaderBytesBuilder;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::Error;

/// An input file, or stdin when given as `-`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Path(PathBuf),
    Stdin,
}

impl std::str::FromStr for Input {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Input, Self::Err> {
        Ok(if s == "-" {
            Input::Stdin
        } else {
            Input::Path(PathBuf::from(s))
        })
    }
}

impl std::fmt::Display for Input {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Input::Path(p) => write!(f, "{}", p.display()),
            Input::Stdin => f.write_str("-"),
        }
    }
}

/// The default of `--max-field-lines`: real job descriptions run over dozens of lines, a stray
/// quote over the rest of the file.
pub const DEFAULT_MAX_FIELD_LINES: u32 = 1_000;

/// The most bytes one quoted field may hold, from its opening quote to its closing one: 1 MiB.
pub const MAX_FIELD_BYTES: usize = 1 << 20;

/// How to read inputs.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Force this delimiter instead of detecting it.
    pub delimiter: Option<u8>,
    /// Force this encoding instead of detecting it (see [`detect_encoding`]).
    pub encoding: Option<&'static Encoding>,
    /// Show a progress bar on stderr (the caller decides: only on a terminal, never with --quiet).
    pub progress: bool,
    /// Worker threads for parsing (0: one per core).
    pub threads: usize,
    /// Keep every rejected row with its details, not only the first `KEPT_REJECTS` (`--rejects`).
    pub keep_all_rejects: bool,
    /// Headers named explicitly for some columns (`--postings-columns`, `--graduates-columns`).
    pub columns: super::columns::Mapping,
    /// Postings only: when the file has no date column, every row counts in this year
    /// (`--postings-year`).
    pub postings_year: Option<i32>,
    /// The name to show for the input in messages and summaries instead of its path (`-` for a
    /// copy of stdin read from a temporary file).
    pub name: Option<String>,
    /// The most physical lines a quoted field may span (`--max-field-lines`; at least 1): a quote
    /// not closed within them, or within [`MAX_FIELD_BYTES`], is an unterminated quote and its
    /// row is rejected (see [`super::FieldLimits`]).
    pub max_field_lines: u32,
    /// The sheet of a workbook input to read, by name or number from 1 (`--sheet`); the first
    /// sheet with data when `None`.
    pub sheet: Option<String>,
    /// Counts tables only: the largest count a row may carry (`--max-count`); no limit when
    /// `None`.
    pub max_count: Option<u64>,
    /// Postings only: locate and read the text columns (description, skills, languages), for
    /// `skills`.
    pub text: bool,
    /// With `text`: the text columns only enrich the report (`gap`'s top skills), so they never
    /// stop a file or a row: a text header that heads several columns is left unread with a
    /// warning, and a text cell that is not UTF-8 reads as empty rather than rejecting its row.
    pub lenient_text: bool,
}

impl Default for ReadOptions {
    fn default() -> ReadOptions {
        ReadOptions {
            delimiter: None,
            encoding: None,
            progress: false,
            threads: 0,
            keep_all_rejects: false,
            columns: Vec::new(),
            postings_year: None,
            name: None,
            max_field_lines: DEFAULT_MAX_FIELD_LINES,
            sheet: None,
            max_count: None,
            text: false,
            lenient_text: false,
        }
    }
}

impl ReadOptions {
    /// The limits on quoted fields.
    pub fn field_limits(&self) -> super::FieldLimits {
        super::FieldLimits {
            lines: (self.max_field_lines as usize).max(1),
            bytes: MAX_FIELD_BYTES,
        }
    }
}

/// The delimiters detected, in order of preference on a tie.
const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// How much of the start of an input is read to detect its encoding and delimiter.
const HEAD: usize = 1 << 20;

/// An opened input: its UTF-8 byte stream, whose first bytes are already in `head`.
pub(super) struct Opened {
    pub rest: Box<dyn Read + Send>,
    pub head: Vec<u8>,
    pub delimiter: u8,
    pub bytes: Option<u64>,
    /// The encoding the input was decoded from.
    pub encoding: &'static Encoding,
    /// SHA-256 of the raw bytes read so far: of the whole input once it has been read to the end.
    pub digest: Arc<Mutex<Sha256>>,
    /// The progress bar, when shown: it counts bytes; the reader adds rows.
    pub progress: Option<ProgressBar>,
    /// For a regular file, the check that it did not change while it was read.
    pub size: Option<SizeCheck>,
}

/// A regular file's size when it was opened, a handle on it, and the bytes read from it so far.
pub(super) struct SizeCheck {
    file: File,
    at_open: u64,
    read: Arc<AtomicU64>,
}

impl SizeCheck {
    /// Checks, once the file has been read to its end, that it was not truncated, grown or
    /// replaced in the meantime: the bytes read and its size now must both be its size when it
    /// was opened. (Pipes and stdin have no size, and no check.)
    pub fn check(&self, path: &str) -> Result<(), Error> {
        let read = self.read.load(Ordering::Relaxed);
        let now = self
            .file
            .metadata()
            .map(|m| m.len())
            .map_err(|source| Error::Read {
                path: path.to_string(),
                source,
            })?;
        if read == self.at_open && now == self.at_open {
            return Ok(());
        }
        Err(Error::Resized {
            path: path.to_string(),
            at_open: self.at_open,
            read,
            now,
        })
    }
}

/// Hashes the raw bytes as they are read, so an input's checksum costs no second pass (and stdin
/// gets one too), and counts them.
struct Hashing<R> {
    inner: R,
    digest: Arc<Mutex<Sha256>>,
    read: Arc<AtomicU64>,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Ok(mut d) = self.digest.lock() {
            d.update(&buf[..n]);
        }
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

fn read_up_to(r: &mut dyn Read, n: usize, path: &str) -> Result<Vec<u8>, Error> {
    let mut buf = Vec::with_capacity(n.min(1 << 16));
    r.take(n as u64)
        .read_to_end(&mut buf)
        .map_err(|source| Error::Read {
            path: path.to_string(),
            source,
        })?;
    Ok(buf)
}

/// The encoding of a file from its first bytes: a byte-order mark decides; else UTF-8, unless the
/// bytes are not valid UTF-8 and hold no UTF-8 character beyond ASCII at all, which is
/// Windows-1252, the encoding of French-locale Excel's "CSV" (a superset of Latin-1's printable
/// characters).
///
/// A line that is valid UTF-8 and not ASCII is all but impossible in Windows-1252 text (an accented
/// letter would have to be followed by one or two of the symbols `€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ`
/// and the like), so one such line means UTF-8, and the lines that are not valid UTF-8 are rows
/// from elsewhere: the reader rejects those, wherever they are in the file, as it does past the
/// sample. Reading the rest as Windows-1252 instead would garble every other accented row.
pub fn detect_encoding(head: &[u8]) -> &'static Encoding {
    if let Some((enc, _)) = Encoding::for_bom(head) {
        return enc;
    }
    if simdutf8::basic::from_utf8(head).is_ok() {
        return UTF_8;
    }
    let mut lines = head.split(|&b| b == b'\n').peekable();
    while let Some(line) = lines.next() {
        if line.is_ascii() {
            continue;
        }
        match std::str::from_utf8(line) {
            Ok(_) => return UTF_8,
            // a character cut by the end of the sample proves nothing
            Err(e) if e.error_len().is_none() && lines.peek().is_none() => {
                if e.valid_up_to() > 0 && !line[..e.valid_up_to()].is_ascii() {
                    return UTF_8;
                }
            }
            Err(_) => {}
        }
    }
    if std::str::from_utf8(head).is_err_and(|e| e.error_len().is_some()) {
        WINDOWS_1252
    } else {
        UTF_8
    }
}

/// UTF-16 without a byte-order mark, from the first KiB of raw bytes: text in Latin letters has a
/// NUL in every other byte, after each letter in little-endian (`y\0e\0`), before it in
/// big-endian. The name to pass to `--encoding`, if it looks like either.
fn utf16_without_bom(raw: &[u8]) -> Option<&'static str> {
    let sample = &raw[..raw.len().min(1024) & !1];
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let (mut even, mut odd) = (0, 0);
    for pair in sample.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    // most characters ASCII, and the NULs all on one side
    if odd * 2 >= pairs && even * 8 <= odd {
        Some("utf-16le")
    } else if even * 2 >= pairs && odd * 8 <= even {
        Some("utf-16be")
    } else {
        None
    }
}

impl Input {
    /// True for `-`.
    pub fn is_stdin(&self) -> bool {
        matches!(self, Input::Stdin)
    }

    /// The file's path, `None` for stdin.
    pub fn path(&self) -> Option<&std::path::Path> {
        match self {
            Input::Path(p) => Some(p),
            Input::Stdin => None,
        }
    }

    /// Opens the input, decodes it to UTF-8 and detects its delimiter.
    pub(super) fn open(&self, opts: &ReadOptions) -> Result<Opened, Error> {
        let name = opts.name.clone().unwrap_or_else(|| self.to_string());
        let read = Arc::new(AtomicU64::new(0));
        let (raw, len, size): (Box<dyn Read + Send>, Option<u64>, Option<SizeCheck>) = match self {
            Input::Stdin => (Box::new(io::stdin()), None, None),
            Input::Path(p) => {
                let open_error = |source| Error::Open {
                    path: name.clone(),
                    source,
                };
                let meta = std::fs::metadata(p).map_err(open_error)?;
                if meta.is_dir() {
                    return Err(Error::IsDir { path: name });
                }
                let f = File::open(p).map_err(open_error)?;
                // a pipe (`<(zcat x.csv.gz)`, /dev/stdin) has no size to check
                let size = match (meta.is_file(), f.try_clone()) {
                    (true, Ok(file)) => Some(SizeCheck {
                        file,
                        at_open: meta.len(),
                        read: Arc::clone(&read),
                    }),
                    _ => None,
                };
                (Box::new(f), Some(meta.len()), size)
            }
        };
        let digest = Arc::new(Mutex::new(Sha256::new()));
        let raw = Box::new(Hashing {
            inner: raw,
            digest: Arc::clone(&digest),
            read,
        });
        let progress = opts.progress.then(|| progress_bar(len, &name));
        let mut raw: Box<dyn Read + Send> = match &progress {
            Some(pb) => Box::new(pb.wrap_read(raw)),
            None => raw,
        };
        let mut head = read_up_to(&mut raw, HEAD, &name)?;
        let encoding = opts.encoding.unwrap_or_else(|| detect_encoding(&head));
        let bom = Encoding::for_bom(&head);
        let utf16 = if bom.is_none() {
            utf16_without_bom(&head)
        } else {
            None
        };
        let (mut rest, head): (Box<dyn Read + Send>, Vec<u8>) = match bom {
            // UTF-8 is read as it is, without the BOM: a row that is not valid UTF-8 is then
            // rejected, as it is without a BOM, rather than read with U+FFFD in it
            None if encoding == UTF_8 => (raw, head),
            Some((enc, bom_len)) if enc == UTF_8 && encoding == UTF_8 => {
                head.drain(..bom_len);
                (raw, head)
            }
            _ => {
                // decode everything (the head again, then the rest) to UTF-8, dropping any BOM
                let stream = io::Cursor::new(head).chain(raw);
                let mut decoded: Box<dyn Read + Send> = Box::new(
                    DecodeReaderBytesBuilder::new()
                        .encoding(Some(encoding))
                        .bom_override(true)
                        .build(stream),
                );
                let head = read_up_to(&mut decoded, HEAD, &name)?;
                (decoded, head)
            }
        };
        if head.iter().all(|b| b.is_ascii_whitespace()) {
            let mut more = [0u8; 1];
            let at_end = rest.read(&mut more).map(|n| n == 0).unwrap_or(true);
            if at_end {
                return Err(Error::Empty { path: name });
            }
            let mut head = head;
            head.push(more[0]);
            return Ok(Opened {
                delimiter: opts.delimiter.unwrap_or(b','),
                rest,
                head,
                bytes: len,
                encoding,
                digest,
                progress,
                size,
            });
        }
        let kind = match super::sheet::Book::sniff(&head) {
            Some(super::sheet::Book::Xlsx) => Some("an xlsx workbook"),
            Some(super::sheet::Book::Ods) => Some("an ods workbook"),
            Some(super::sheet::Book::Xls) => Some("an xls workbook"),
            None if head.starts_with(super::parquet_file::MAGIC) => Some("a Parquet file"),
            None => None,
        };
        if let Some(kind) = kind {
            return Err(Error::WorkbookOnStdin { path: name, kind });
        }
        if head.iter().take(64 << 10).any(|&b| b == 0) {
            return Err(match utf16 {
                Some(encoding) => Error::Utf16 {
                    path: name,
                    encoding,
                },
                None => Error::NotText { path: name },
            });
        }
        let delimiter = opts.delimiter.unwrap_or_else(|| sniff_delimiter(&head));
        Ok(Opened {
            rest,
            head,
            delimiter,
            bytes: len,
            encoding,
            digest,
            progress,
            size,
        })
    }
}

fn progress_bar(len: Option<u64>, name: &str) -> ProgressBar {
    let pb = match len {
        Some(n) => ProgressBar::with_draw_target(Some(n), ProgressDrawTarget::stderr()),
        None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
    };
    let style = ProgressStyle::with_template(
        "{msg} [{bar:30}] {bytes}/{total_bytes} ({binary_bytes_per_sec}, {eta} left)",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar())
    .progress_chars("=> ");
    pb.set_style(style);
    pb.set_message(name.to_string());
    pb
}

/// Picks the delimiter that splits the header line into the most fields, outside quotes; `,` when
/// none appears.
pub fn sniff_delimiter(head: &[u8]) -> u8 {
    let mut counts = [0usize; DELIMITERS.len()];
    let mut in_quotes = false;
    for &b in head {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' if !in_quotes => break,
            _ if !in_quotes => {
                if let Some(i) = DELIMITERS.iter().position(|&d| d == b) {
                    counts[i] += 1;
                }
            }
            _ => {}
        }
    }
    let mut best = 0;
    for i in 1..DELIMITERS.len() {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    DELIMITERS[best]
}

#[cfg(test)]
mod tests {
    use super::{detect_encoding, sniff_delimiter, utf16_without_bom};
    use encoding_rs::{UTF_16LE, UTF_8, WINDOWS_1252};

    #[test]
    fn detects_encodings() {
        assert_eq!(detect_encoding(b"ann\xc3\xa9e,r\xc3\xa9gion"), UTF_8);
        assert_eq!(detect_encoding(b"\xef\xbb\xbfyear"), UTF_8);
        assert_eq!(detect_encoding(b"\xff\xfey\x00e\x00"), UTF_16LE);
        assert_eq!(detect_encoding(b"ann\xe9e;r\xe9gion"), WINDOWS_1252);
        // a multi-byte character cut by the end of the sample is still UTF-8
        assert_eq!(detect_encoding(b"F\xc3"), UTF_8);
    }

    #[test]
    fn a_few_windows_1252_lines_in_utf8_text_do_not_make_it_windows_1252() {
        // one row from a French-locale Excel among UTF-8 rows with accents: UTF-8
        let mixed = b"ann\xc3\xa9e,r\xc3\xa9gion\n2025,F\xe8s\n2025,F\xc3\xa8s\n";
        assert_eq!(detect_encoding(mixed), UTF_8);
        // the same row first, or last, changes nothing
        let first = b"annee,region\n2025,F\xe8s\n2025,F\xc3\xa8s\n";
        assert_eq!(detect_encoding(first), UTF_8);
        // no accent in UTF-8 anywhere: Windows-1252, however many lines are ASCII
        let cp1252 = b"annee,region\n2025,Rabat\n2025,F\xe8s\n2025,Tanger\n";
        assert_eq!(detect_encoding(cp1252), WINDOWS_1252);
    }

    #[test]
    fn utf16_without_a_bom_is_recognised() {
        let text = "posting_id,posted_date,title\n1,2025-01-01,Ingénieur\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(utf16_without_bom(&le), Some("utf-16le"));
        assert_eq!(utf16_without_bom(&be), Some("utf-16be"));
        assert_eq!(utf16_without_bom(text.as_bytes()), None);
        assert_eq!(utf16_without_bom(b"\0\0\0\0\0\0\0\0"), None);
    }

    #[test]
    fn sniffs_the_header_delimiter() {
        assert_eq!(sniff_delimiter(b"a,b,c\n1;2;3;4;5\n"), b',');
        assert_eq!(
            sniff_delimiter(b"ann\xc3\xa9e;r\xc3\xa9gion;fili\xc3\xa8re\r\n"),
            b';'
        );
        assert_eq!(sniff_delimiter(b"a\tb\tc"), b'\t');
        assert_eq!(sniff_delimiter(b"a|b|c\n"), b'|');
        assert_eq!(sniff_delimiter(b"\"x,y\";b;c\n"), b';');
        assert_eq!(sniff_delimiter(b"single\n"), b',');
    }
}
