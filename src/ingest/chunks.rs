//! Reading a CSV stream on several cores: one thread cuts the byte stream into blocks of whole
//! records, worker threads parse and validate the blocks and feed their own sinks.
//!
//! A block may only end where a record ends. A newline ends a record unless it is inside a quoted
//! field, and whether a quote opens a field depends only on the byte before it, so the cut can be
//! found by looking at the quotes of the block alone (the csv crate's own rules: a quote opens a
//! quoted field at the start of a field, `""` inside one is a literal quote, and a quote elsewhere
//! is a literal character). Each block starts at a record start, so workers need no state from
//! the blocks before theirs. Memory stays at a few blocks per thread whatever the input size.

use std::io::Read;

use crossbeam_channel::{bounded, Receiver};
use indicatif::ProgressBar;

use crate::util::thousands;

use super::Error;

/// Bytes per block handed to a worker.
const BLOCK: usize = 2 << 20;
/// A single record longer than this is not a CSV row but a broken file (an unclosed quote, or not
/// CSV at all).
pub const MAX_RECORD: usize = 64 << 20;

/// A run of whole records and the line number of its first one.
pub(super) struct Block {
    pub data: Vec<u8>,
    pub first_line: u64,
}

/// The end (exclusive) of the last whole record in `buf`, which starts at a record start; `None`
/// when no record ends in it.
pub(super) fn last_record_end(buf: &[u8], delimiter: u8) -> Option<usize> {
    // quoted spans [open, close] of the block, in order
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut open: Option<usize> = None;
    let mut last_close: Option<usize> = None;
    for i in memchr::memchr_iter(b'"', buf) {
        match open {
            Some(o) => {
                spans.push((o, i));
                open = None;
                last_close = Some(i);
            }
            None => {
                let reopen = last_close.is_some_and(|c| c + 1 == i);
                let at_field_start =
                    i == 0 || matches!(buf[i - 1], b'\n' | b'\r') || buf[i - 1] == delimiter;
                if reopen {
                    // `""` inside a quoted field: the span goes on
                    let (o, _) = spans.pop().expect("a close precedes a reopen");
                    open = Some(o);
                } else if at_field_start {
                    open = Some(i);
                }
            }
        }
    }
    let mut end = match open {
        Some(o) => o, // the block ends inside a quoted field: cut before it
        None => buf.len(),
    };
    loop {
        let nl = memchr::memrchr(b'\n', &buf[..end])?;
        // inside a span? spans are sorted and disjoint
        let k = spans.partition_point(|&(o, _)| o < nl);
        match k.checked_sub(1).map(|j| spans[j]) {
            Some((o, c)) if nl < c => end = o,
            _ => return Some(nl + 1),
        }
    }
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
        let cut = (|| -> Result<(), Error> {
            let mut buf = prefix;
            let mut line = first_line;
            let mut eof = false;
            while !eof || !buf.is_empty() {
                if !eof {
                    let want = buf.len().max(BLOCK) + BLOCK;
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
                let end = if eof {
                    buf.len()
                } else {
                    match last_record_end(&buf, delimiter) {
                        Some(e) => e,
                        None if buf.len() > MAX_RECORD => {
                            return Err(Error::Malformed {
                                path: path.to_string(),
                                line,
                                message: format!(
                                    "a single row is longer than {} MiB: an unclosed quote, or not a CSV file",
                                    MAX_RECORD >> 20
                                ),
                            })
                        }
                        None => continue, // read more
                    }
                };
                let rest = buf.split_off(end);
                let lines = memchr::memchr_iter(b'\n', &buf).count() as u64;
                let block = Block {
                    data: std::mem::replace(&mut buf, rest),
                    first_line: line,
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
        cut.map(|_| results)
    })
}

#[cfg(test)]
mod tests {
    use super::last_record_end;

    #[test]
    fn cuts_after_the_last_newline_outside_quotes() {
        assert_eq!(last_record_end(b"a,b\nc,d\ne,f", b','), Some(8));
        assert_eq!(last_record_end(b"a,b\nc,d\n", b','), Some(8));
        assert_eq!(last_record_end(b"a,b", b','), None);
    }

    #[test]
    fn newlines_inside_quotes_are_not_cuts() {
        let buf = b"1,\"two\nlines\"\n2,\"open\nstill";
        assert_eq!(last_record_end(buf, b','), Some(14));
        let buf = b"1,\"a \"\"quoted\"\"\nword\"\n2,x";
        assert_eq!(last_record_end(buf, b','), Some(22));
    }

    #[test]
    fn a_quote_inside_an_unquoted_field_is_literal() {
        // 5" screen: the quote does not open a field, so the newline after it ends the record
        let buf = b"1,5\" screen\n2,x\n3";
        assert_eq!(last_record_end(buf, b','), Some(16));
    }

    #[test]
    fn semicolon_files_use_their_delimiter() {
        // with `;` the quote opens a field that is still open; with `,` it is a literal character
        let buf = b"1;\"a\nb";
        assert_eq!(last_record_end(buf, b';'), None);
        assert_eq!(last_record_end(buf, b','), Some(5));
    }

    /// (line, fields) of every record csv finds in `buf`, lines counted from `first_line`.
    fn records(buf: &[u8], delimiter: u8, first_line: u64) -> Vec<(u64, Vec<Vec<u8>>)> {
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(buf);
        let mut out = Vec::new();
        let mut rec = csv::ByteRecord::new();
        while rdr.read_byte_record(&mut rec).unwrap() {
            let line = first_line + rec.position().unwrap().line() - 1;
            out.push((line, rec.iter().map(<[u8]>::to_vec).collect()));
        }
        out
    }

    proptest::proptest! {
        /// For any bytes whatsoever (valid CSV or not), cutting at `last_record_end` and parsing
        /// the two halves separately gives exactly the records of parsing the whole: the blocks
        /// the workers get never split or merge a record. Line numbers agree too wherever the
        /// csv crate's own are exact (it reports a record that follows blank lines at the first
        /// blank line).
        #[test]
        fn cutting_never_changes_the_records(
            bytes in proptest::collection::vec(
                proptest::sample::select(vec![b'a', b'b', b',', b';', b'"', b'\n', b'\r', b' ']),
                0..300,
            ),
            at in 0usize..300,
            semicolon in proptest::bool::ANY,
        ) {
            let d = if semicolon { b';' } else { b',' };
            let at = at.min(bytes.len());
            if let Some(end) = last_record_end(&bytes[..at], d) {
                let lines_before = bytes[..end].iter().filter(|&&b| b == b'\n').count() as u64;
                let mut parts = records(&bytes[..end], d, 1);
                parts.extend(records(&bytes[end..], d, 1 + lines_before));
                let whole = records(&bytes, d, 1);
                let fields = |v: &[(u64, Vec<Vec<u8>>)]| v.iter().map(|r| r.1.clone()).collect::<Vec<_>>();
                proptest::prop_assert_eq!(fields(&parts), fields(&whole));
                let blank_lines = bytes.windows(2).any(|w| matches!(w, [b'\n' | b'\r', b'\n' | b'\r']));
                if !blank_lines && bytes.first() != Some(&b'\n') {
                    proptest::prop_assert_eq!(parts, whole);
                }
            }
        }
    }
}
