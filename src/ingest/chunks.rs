//! Reading a CSV stream on several cores: one thread cuts the byte stream into blocks of whole
//! records, worker threads parse and validate the blocks and feed their own sinks.
//!
//! A block may only end where a record ends. A newline ends a record unless it is inside a quoted
//! field, and whether a quote opens a field depends only on the byte before it, so the cut can be
//! found by looking at the quotes of the block alone (the csv crate's own rules: a quote opens a
//! quoted field at the start of a field, `""` inside one is a literal quote, and a quote elsewhere
//! is a literal character). Each block starts at a record start, so workers need no state from
//! the blocks before theirs. Memory stays at a few blocks per thread whatever the input size.
//!
//! # Unterminated quotes
//!
//! A stray quote at the start of a field (`12,"Analyste SOC,...`) opens a quoted field that the
//! csv rules run on to the next quote of the file, or to its end: every row after it would vanish
//! into one malformed record. So a quoted field may span at most [`FieldLimits::lines`] physical
//! lines and [`FieldLimits::bytes`] bytes from its opening quote to its closing one, and must be
//! closed before the input ends. A quote that is not is *unterminated*: the record it belongs to,
//! from its start to the end of the line on which the quote opened, is one rejected row, and
//! reading starts again on the next line as if at the start of a file. Every later row is then
//! read and counted as it would be without the stray quote.
//!
//! Whether a quote is unterminated depends only on the bytes from it up to the limits, and the
//! cutter decides it once ([`cut`]) and hands the decision to the worker with the block
//! ([`Block::unterminated`]): the parser never looks at quotes on its own, so the two cannot
//! disagree, and the rows and rejects do not depend on the block size or the number of threads.
//! A quote the cutter cannot decide yet (its limits reach past the bytes read so far) is left,
//! with its record, to the next block, which starts at that record.

use std::io::Read;

use crossbeam_channel::{bounded, Receiver};
use csv::ByteRecord;
use indicatif::ProgressBar;

use crate::util::thousands;

use super::Error;

/// Bytes per block handed to a worker.
pub const BLOCK: usize = 2 << 20;
/// A single record longer than this is not a CSV row but a broken file (an unclosed quote, or not
/// CSV at all).
pub const MAX_RECORD: usize = 64 << 20;

/// How far a quoted field may run before its quote counts as unterminated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldLimits {
    /// The most physical lines one quoted field may span (at least 1).
    pub lines: usize,
    /// The most bytes from a quoted field's opening quote to its closing quote, both included.
    pub bytes: usize,
}

/// Why a quote is unterminated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unclosed {
    /// Not closed within [`FieldLimits::lines`] lines.
    Lines,
    /// Not closed within [`FieldLimits::bytes`] bytes.
    Bytes,
    /// Not closed before the end of the input.
    End,
}

/// A record with an unterminated quote, as offsets into its block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unterminated {
    /// Where the record starts.
    pub start: usize,
    /// The unterminated quote.
    pub quote: usize,
    /// Where reading starts again: after the end of the quote's line (its `\n`, `\r\n` or `\r`),
    /// or the end of the input. The rejected row is `start..resume`.
    pub resume: usize,
    pub why: Unclosed,
}

/// What the cutter decided about the start of a buffer.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Cut {
    /// The end (exclusive) of the last whole record whose quotes are all decided: the buffer is
    /// cut there. `None` when there is none yet (read more).
    pub end: Option<usize>,
    /// The records with an unterminated quote before `end`, in order.
    pub unterminated: Vec<Unterminated>,
}

/// Where a quoted field opened at `open` ends.
enum Close {
    /// At the closing quote at this offset, within the limits.
    At(usize),
    Never(Unclosed),
    /// Not known until more of the input is read.
    Unknown,
}

/// How the quoted field opened at `buf[open]` ends; `eof` says whether `buf` runs to the end of
/// the input.
fn close(buf: &[u8], open: usize, limits: FieldLimits, eof: bool) -> Close {
    // a closing quote must come before `window` for the field to stay within `limits.bytes`
    let window = open.saturating_add(limits.bytes).min(buf.len());
    let too_many_lines =
        |to: usize| to - open >= limits.lines && has_newlines(&buf[open..to], limits.lines);
    let mut from = open + 1;
    while from < window {
        let Some(q) = memchr::memchr(b'"', &buf[from..window]).map(|k| from + k) else {
            break;
        };
        match buf.get(q + 1) {
            Some(b'"') => from = q + 2, // `""`: a literal quote, the field goes on
            // too long already, whether this quote closes the field or not
            _ if too_many_lines(q) => return Close::Never(Unclosed::Lines),
            None if !eof => return Close::Unknown, // `"` or `""`? the next byte decides
            _ => return Close::At(q),
        }
    }
    // no closing quote in the window
    if too_many_lines(window) {
        Close::Never(Unclosed::Lines)
    } else if window - open == limits.bytes {
        Close::Never(Unclosed::Bytes)
    } else if eof {
        Close::Never(Unclosed::End)
    } else {
        Close::Unknown
    }
}

/// True when `bytes` holds at least `n` newlines (at least 1): a field over them spans more than
/// `n` lines.
fn has_newlines(bytes: &[u8], n: usize) -> bool {
    memchr::memchr_iter(b'\n', bytes).nth(n - 1).is_some()
}

/// The last byte matching `find` in `buf[from..to]` that is outside every quoted span, and after
/// `from`. `spans` are the closed quoted fields since `from`, in order.
fn last_outside(
    buf: &[u8],
    from: usize,
    mut to: usize,
    spans: &[(usize, usize)],
    find: impl Fn(&[u8]) -> Option<usize>,
) -> Option<usize> {
    loop {
        let at = from + find(&buf[from..to])?;
        // inside a span? spans are sorted and disjoint
        let k = spans.partition_point(|&(o, _)| o < at);
        match k.checked_sub(1).map(|j| spans[j]) {
            Some((o, c)) if at < c => to = o,
            _ => return Some(at),
        }
    }
}

/// The end of the line on which `quote` is: after its `\n`, `\r\n` or `\r`, or the end of the
/// input; `None` when that is not known until more is read.
fn line_end(buf: &[u8], quote: usize, eof: bool) -> Option<usize> {
    match memchr::memchr2(b'\n', b'\r', &buf[quote..]).map(|k| quote + k) {
        Some(t) if buf[t] == b'\n' => Some(t + 1),
        Some(t) => match buf.get(t + 1) {
            Some(b'\n') => Some(t + 2),
            Some(_) => Some(t + 1),
            None => eof.then_some(t + 1),
        },
        None => eof.then_some(buf.len()),
    }
}

/// Decides the records of `buf`, which starts at a record start: where the last whole record
/// whose quotes are all decided ends, and which records before it have an unterminated quote.
/// `eof` says whether `buf` runs to the end of the input (then everything is decided).
pub(super) fn cut(buf: &[u8], delimiter: u8, limits: FieldLimits, eof: bool) -> Cut {
    let mut unterminated = Vec::new();
    // records since `seg` (the start, or where reading started again after an unterminated quote)
    let mut seg = 0;
    // their closed quoted fields, as (opening, closing) offsets
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut from = 0;
    let record_start = |seg: usize, spans: &[(usize, usize)], at: usize| {
        last_outside(buf, seg, at, spans, |b| memchr::memrchr2(b'\n', b'\r', b))
            .map_or(seg, |t| t + 1)
    };
    // the cut when the quote at `at` is not decided yet: before its record (none if that is the
    // start of the buffer)
    let undecided = |start: usize, unterminated| Cut {
        end: (start > 0).then_some(start),
        unterminated,
    };
    while let Some(q) = memchr::memchr(b'"', &buf[from..]).map(|k| from + k) {
        let opens = q == 0 || matches!(buf[q - 1], b'\n' | b'\r') || buf[q - 1] == delimiter;
        if !opens {
            from = q + 1; // a literal quote inside an unquoted field
            continue;
        }
        match close(buf, q, limits, eof) {
            Close::At(c) => {
                spans.push((q, c));
                from = c + 1;
            }
            Close::Unknown => return undecided(record_start(seg, &spans, q), unterminated),
            Close::Never(why) => {
                let start = record_start(seg, &spans, q);
                let Some(resume) = line_end(buf, q, eof) else {
                    return undecided(start, unterminated);
                };
                unterminated.push(Unterminated {
                    start,
                    quote: q,
                    resume,
                    why,
                });
                seg = resume;
                spans.clear();
                from = resume;
            }
        }
    }
    let end = if eof {
        Some(buf.len())
    } else {
        last_outside(buf, seg, buf.len(), &spans, |b| memchr::memrchr(b'\n', b))
            .map(|nl| nl + 1)
            .or((seg > 0).then_some(seg))
    };
    Cut { end, unterminated }
}

/// A run of whole records and the line number of its first one.
pub(super) struct Block {
    pub data: Vec<u8>,
    pub first_line: u64,
    /// The records of `data` with an unterminated quote, in order.
    pub unterminated: Vec<Unterminated>,
}

/// One row of a block, as the workers see it.
pub(super) enum Piece<'a> {
    /// A record, and the line on which it starts.
    Record { rec: &'a ByteRecord, line: u64 },
    /// A record with an unterminated quote.
    Unterminated(UnterminatedRow<'a>),
}

/// A record with an unterminated quote, with its lines.
pub(super) struct UnterminatedRow<'a> {
    /// The rejected bytes: from the record's start to the end of the quote's line.
    pub bytes: &'a [u8],
    /// Offset of the quote in `bytes`.
    pub quote: usize,
    /// Line on which the record starts.
    pub line: u64,
    /// Line on which the quote opened (later than `line` when an earlier field of the record
    /// spans several lines).
    pub quote_line: u64,
    /// Line on which reading starts again.
    pub resume_line: u64,
    pub why: Unclosed,
}

fn newlines(bytes: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', bytes).count() as u64
}

/// Calls `f` on every row of `block` in order: the records the csv rules find between the
/// records with an unterminated quote, and those. `rec` is reused for every record.
pub(super) fn pieces(
    block: &Block,
    delimiter: u8,
    rec: &mut ByteRecord,
    mut f: impl FnMut(Piece<'_>),
) {
    let data = &block.data[..];
    let (mut seg, mut seg_line) = (0, block.first_line);
    for stop in block.unterminated.iter().map(Some).chain([None]) {
        let seg_end = stop.map_or(data.len(), |u| u.start);
        let part = &data[seg..seg_end];
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(part);
        // reading from memory cannot fail
        while rdr.read_byte_record(rec).unwrap_or(false) {
            let line = seg_line + record_line(part, rec.position()) - 1;
            f(Piece::Record { rec, line });
        }
        if let Some(u) = stop {
            let line = seg_line + newlines(part);
            let quote_line = line + newlines(&data[u.start..u.quote]);
            let resume_line = line + newlines(&data[u.start..u.resume]);
            f(Piece::Unterminated(UnterminatedRow {
                bytes: &data[u.start..u.resume],
                quote: u.quote - u.start,
                line,
                quote_line,
                resume_line,
                why: u.why,
            }));
            (seg, seg_line) = (u.resume, resume_line);
        }
    }
}

/// The line (1-based, within `data`) on which a record's content starts. csv reports a record's
/// position where it began parsing, which is before the line ends it skipped: the `\n` of a
/// `\r\n` that ended the previous record, or blank lines. Those newlines are counted here, so that
/// a row of a CRLF file is not reported one line early.
fn record_line(data: &[u8], pos: Option<&csv::Position>) -> u64 {
    let Some(p) = pos else { return 1 };
    let start = p.byte() as usize;
    let skipped = data
        .get(start..)
        .unwrap_or_default()
        .iter()
        .take_while(|&&b| b == b'\n' || b == b'\r')
        .filter(|&&b| b == b'\n')
        .count() as u64;
    p.line() + skipped
}

/// The data records of an input, ready to be cut into blocks.
pub(super) struct Stream<'a, R> {
    /// Positioned after `prefix`.
    pub reader: R,
    /// Bytes already read: the start of the first data record onwards.
    pub prefix: Vec<u8>,
    /// Line number of the first data record.
    pub first_line: u64,
    pub delimiter: u8,
    pub limits: FieldLimits,
    /// Bytes read at a time ([`BLOCK`]; small in tests, to cut often).
    pub block: usize,
    /// For messages.
    pub path: &'a str,
    pub progress: Option<&'a ProgressBar>,
}

/// Cuts the stream into blocks and runs `work` on them on `threads` workers; returns the workers'
/// results in worker order.
pub(super) fn run<R: Read + Send, T: Send>(
    stream: Stream<'_, R>,
    threads: usize,
    work: impl Fn(&Receiver<Block>) -> T + Sync,
) -> Result<Vec<T>, Error> {
    let Stream {
        mut reader,
        prefix,
        first_line,
        delimiter,
        limits,
        block,
        path,
        progress,
    } = stream;
    let (tx, rx) = bounded::<Block>(threads * 2);
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                let rx = rx.clone();
                let work = &work;
                s.spawn(move || work(&rx))
            })
            .collect();
        drop(rx);
        let cutting = (|| -> Result<(), Error> {
            let mut buf = prefix;
            let mut line = first_line;
            let mut eof = false;
            while !eof || !buf.is_empty() {
                if !eof {
                    let want = buf.len().max(block) + block;
                    let start = buf.len();
                    buf.resize(want, 0);
                    let mut filled = start;
                    while filled < want {
                        let n = reader
                            .read(&mut buf[filled..])
                            .map_err(|source| Error::Read {
                                path: path.to_string(),
                                source,
                            })?;
                        if n == 0 {
                            eof = true;
                            break;
                        }
                        filled += n;
                    }
                    buf.truncate(filled);
                }
                let Cut { end, unterminated } = cut(&buf, delimiter, limits, eof);
                let end = match end {
                    Some(e) => e,
                    None if buf.len() > MAX_RECORD => {
                        return Err(Error::Malformed {
                            path: path.to_string(),
                            line,
                            message: format!(
                                "a single row is longer than {} MiB: not a CSV file",
                                MAX_RECORD >> 20
                            ),
                        })
                    }
                    None => continue, // read more
                };
                let rest = buf.split_off(end);
                let lines = newlines(&buf);
                let block = Block {
                    data: std::mem::replace(&mut buf, rest),
                    first_line: line,
                    unterminated,
                };
                line += lines;
                if let Some(pb) = progress {
                    // one update per block: rows per second beside the bar's bytes per second
                    let rows = line - first_line;
                    let secs = pb.elapsed().as_secs_f64().max(1e-3);
                    pb.set_message(format!(
                        "{path}: {} rows ({} rows/s)",
                        thousands(rows),
                        thousands((rows as f64 / secs) as u64)
                    ));
                }
                if tx.send(block).is_err() {
                    break; // workers gone: they will report why
                }
            }
            Ok(())
        })();
        drop(tx);
        let results: Vec<T> = handles
            .into_iter()
            .map(|h| h.join().expect("a reader worker panicked"))
            .collect();
        cutting.map(|_| results)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIDE: FieldLimits = FieldLimits {
        lines: usize::MAX,
        bytes: usize::MAX,
    };

    /// The cut of `buf` with no limits but the end of the input.
    fn end(buf: &[u8], delimiter: u8) -> Option<usize> {
        cut(buf, delimiter, WIDE, false).end
    }

    #[test]
    fn cuts_after_the_last_newline_outside_quotes() {
        assert_eq!(end(b"a,b\nc,d\ne,f", b','), Some(8));
        assert_eq!(end(b"a,b\nc,d\n", b','), Some(8));
        assert_eq!(end(b"a,b", b','), None);
    }

    #[test]
    fn newlines_inside_quotes_are_not_cuts() {
        let buf = b"1,\"two\nlines\"\n2,\"open\nstill";
        assert_eq!(end(buf, b','), Some(14));
        let buf = b"1,\"a \"\"quoted\"\"\nword\"\n2,x";
        assert_eq!(end(buf, b','), Some(22));
    }

    #[test]
    fn a_quote_inside_an_unquoted_field_is_literal() {
        // 5" screen: the quote does not open a field, so the newline after it ends the record
        let buf = b"1,5\" screen\n2,x\n3";
        assert_eq!(end(buf, b','), Some(16));
    }

    #[test]
    fn semicolon_files_use_their_delimiter() {
        // with `;` the quote opens a field that is still open; with `,` it is a literal character
        let buf = b"1;\"a\nb";
        assert_eq!(end(buf, b';'), None);
        assert_eq!(end(buf, b','), Some(5));
    }

    #[test]
    fn a_quote_not_closed_within_the_limits_is_unterminated() {
        let limits = FieldLimits {
            lines: 3,
            bytes: 1000,
        };
        // spans 3 lines: a field like any other
        let ok = b"1,\"a\nb\nc\",x\n2,y\n";
        let c = cut(ok, b',', limits, true);
        assert_eq!(c.unterminated, []);
        // 4 lines: unterminated; the row is line 1 alone, reading resumes at `b`
        let long = b"1,\"a\nb\nc\nd\",x\n2,y\n";
        let c = cut(long, b',', limits, true);
        assert_eq!(
            c.unterminated,
            [Unterminated {
                start: 0,
                quote: 2,
                resume: 5,
                why: Unclosed::Lines
            }]
        );
        // the same decided without the end of the input: the newlines are enough
        assert_eq!(cut(&long[..11], b',', limits, false).unterminated.len(), 1);
        // but not before them
        let c = cut(&long[..8], b',', limits, false);
        assert_eq!(
            c,
            Cut {
                end: None,
                unterminated: vec![]
            }
        );
        // in bytes: the closing quote must be within 6 bytes of the opening one
        let bytes = FieldLimits {
            lines: 100,
            bytes: 6,
        };
        assert_eq!(cut(b"\"abcd\"\n", b',', bytes, true).unterminated, []);
        let c = cut(b"x\n\"abcde\"\ny\n", b',', bytes, true);
        assert_eq!(
            c.unterminated,
            [Unterminated {
                start: 2,
                quote: 2,
                resume: 10,
                why: Unclosed::Bytes
            }]
        );
        // at the end of the input
        let c = cut(b"1,x\n2,\"y\r\n3,z", b',', WIDE, true);
        assert_eq!(
            c.unterminated,
            [Unterminated {
                start: 4,
                quote: 6,
                resume: 10,
                why: Unclosed::End
            }]
        );
        assert_eq!(c.end, Some(13));
    }

    #[test]
    fn the_record_of_an_unterminated_quote_starts_before_its_earlier_fields() {
        let limits = FieldLimits {
            lines: 2,
            bytes: 1000,
        };
        // field 2 spans 2 lines (allowed), field 3 opens a quote that never closes
        let buf = b"0\n1,\"a\nb\",\"c\nd\ne\nf\n";
        let c = cut(buf, b',', limits, true);
        assert_eq!(
            c.unterminated,
            [Unterminated {
                start: 2,
                quote: 10,
                resume: 13,
                why: Unclosed::Lines
            }]
        );
    }

    /// A row as the tests compare them: its line, and its fields, or for a row with an
    /// unterminated quote the line of the quote.
    type Row = (u64, Result<Vec<Vec<u8>>, u64>);

    /// Every row of `bytes` as pieces would give them, cut into blocks of `block` bytes and read
    /// on `threads` workers: (line, Ok(fields)) for records, (line, Err(quote line)) for rows with
    /// an unterminated quote, in file order with one worker, else sorted (records separated by a
    /// lone `\r` share a line, and workers finish in any order).
    fn rows(
        bytes: &[u8],
        delimiter: u8,
        limits: FieldLimits,
        block: usize,
        threads: usize,
    ) -> Vec<Row> {
        let stream = Stream {
            reader: bytes,
            prefix: Vec::new(),
            first_line: 1,
            delimiter,
            limits,
            block,
            path: "test",
            progress: None,
        };
        let per_worker = run(stream, threads, |rx| {
            let mut out = Vec::new();
            let mut rec = ByteRecord::new();
            for b in rx.iter() {
                pieces(&b, delimiter, &mut rec, |p| match p {
                    Piece::Record { rec, line } => {
                        out.push((line, Ok(rec.iter().map(<[u8]>::to_vec).collect())))
                    }
                    Piece::Unterminated(u) => out.push((u.line, Err(u.quote_line))),
                });
            }
            out
        })
        .expect("reading from memory");
        let mut all: Vec<_> = per_worker.into_iter().flatten().collect();
        if threads > 1 {
            all.sort();
        }
        all
    }

    /// (line, fields) of every record csv finds in `buf`.
    fn csv_records(buf: &[u8], delimiter: u8) -> Vec<Row> {
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(buf);
        let mut out = Vec::new();
        let mut rec = ByteRecord::new();
        while rdr.read_byte_record(&mut rec).unwrap() {
            let line = record_line(buf, rec.position());
            out.push((line, Ok(rec.iter().map(<[u8]>::to_vec).collect())));
        }
        out
    }

    /// Bytes made of what matters to the cutter: quotes, both delimiters, both line ends.
    fn messy() -> impl proptest::strategy::Strategy<Value = Vec<u8>> {
        proptest::collection::vec(
            proptest::sample::select(vec![b'a', b'b', b',', b';', b'"', b'\n', b'\r', b' ']),
            0..300,
        )
    }

    proptest::proptest! {
        /// For any bytes whatsoever, the rows and the rows with an unterminated quote are the
        /// same, at the same lines, whatever the block size and the number of workers: the cutter
        /// and the parser never disagree on where a record ends or which quote is unterminated.
        #[test]
        fn rows_do_not_depend_on_block_size_or_threads(
            bytes in messy(),
            block in 1usize..64,
            threads in 1usize..4,
            lines in 1usize..4,
            max_bytes in 1usize..40,
            semicolon in proptest::bool::ANY,
        ) {
            let d = if semicolon { b';' } else { b',' };
            let limits = FieldLimits { lines, bytes: max_bytes };
            let mut whole = rows(&bytes, d, limits, bytes.len() + 1, 1);
            let mut blocks = rows(&bytes, d, limits, block, 1);
            proptest::prop_assert_eq!(&blocks, &whole, "one worker");
            if threads > 1 {
                whole.sort();
                blocks = rows(&bytes, d, limits, block, threads);
                proptest::prop_assert_eq!(blocks, whole, "{} workers", threads);
            }
        }

        /// Without a quote left open at the end, the rows are exactly csv's own records, lines
        /// included wherever csv's are exact (it reports a record that follows blank lines at the
        /// first blank line): the limits aside, the cutter follows the csv rules.
        #[test]
        fn with_every_quote_closed_the_rows_are_csvs_records(
            bytes in messy(),
            block in 1usize..64,
            semicolon in proptest::bool::ANY,
        ) {
            let d = if semicolon { b';' } else { b',' };
            let got = rows(&bytes, d, WIDE, block, 1);
            if got.iter().all(|r| r.1.is_ok()) {
                let want = csv_records(&bytes, d);
                let fields = |v: &[Row]| {
                    v.iter().map(|r| r.1.clone()).collect::<Vec<_>>()
                };
                proptest::prop_assert_eq!(fields(&got), fields(&want));
                let blank_lines =
                    bytes.windows(2).any(|w| matches!(w, [b'\n' | b'\r', b'\n' | b'\r']));
                if !blank_lines && bytes.first() != Some(&b'\n') {
                    proptest::prop_assert_eq!(got, want);
                }
            }
        }
    }

    /// (line, first field) of every record of `data`, as the workers number them.
    fn lines(data: &[u8]) -> Vec<(u64, String)> {
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(data);
        let mut rec = csv::ByteRecord::new();
        let mut out = Vec::new();
        while rdr.read_byte_record(&mut rec).unwrap() {
            let first = String::from_utf8_lossy(&rec[0]).into_owned();
            out.push((record_line(data, rec.position()), first));
        }
        out
    }

    #[test]
    fn crlf_and_blank_lines_do_not_shift_line_numbers() {
        let want = vec![(1, "a".to_string()), (2, "b".into()), (4, "c".into())];
        assert_eq!(lines(b"a,1\nb,2\n\nc,3\n"), want);
        assert_eq!(lines(b"a,1\r\nb,2\r\n\r\nc,3\r\n"), want);
        // a block that starts with the `\n` left by the header's `\r\n`
        assert_eq!(lines(b"\na,1\r\nb,2\r\n")[0], (2, "a".to_string()));
        // a quoted field over two lines: the next record starts two lines later
        assert_eq!(lines(b"\"x\ny\",1\r\nz,2\r\n")[1], (3, "z".to_string()));
    }
}
