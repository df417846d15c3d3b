//! The shared reading loop of every input: open, read the header, map it to a layout, then parse
//! the records on all cores, each worker with its own sink state.

use std::io::Read;

use sha2::Digest;

use csv::ByteRecord;

use super::chunks::{self, FieldLimits, Piece, Unclosed, UnterminatedRow, MAX_RECORD};
use super::columns::Headers;
use super::input::Opened;
use super::json;
use super::parquet_file;
use super::postings::{Bad, Record};
use super::sheet::{self, Book, Positions};
use super::{
    escape_controls, warn_once, Error, Input, ReadOptions, ReadSummary, INVALID_UTF8, KEPT_REJECTS,
    UNTERMINATED_QUOTE,
};

/// [`drive`], offering a Parquet file's batches to `coded` first (see
/// [`parquet_file::drive_coded`]); other inputs are read row by row.
pub(super) fn drive_coded<L: Sync + Positions, S: Send>(
    input: &Input,
    opts: &ReadOptions,
    layout: impl Fn(&str, &Headers) -> Result<L, Error>,
    init: impl Fn() -> S + Sync,
    row: impl Fn(&L, &Record, u64, &mut S, &mut ReadSummary) + Sync,
    coded: impl Fn(&L, &parquet_file::Coded, &mut S, &mut Vec<usize>) -> bool + Sync,
) -> Result<(ReadSummary, Vec<S>), Error> {
    if let Some(file) = input.path() {
        if sheet::head_of(file).starts_with(parquet_file::MAGIC) {
            return parquet_file::drive_coded(file, opts, layout, init, row, coded);
        }
    }
    drive(input, opts, layout, init, row)
}

/// Reads `input`: `layout` maps the header to column positions; `row` handles one record (line
/// number given) with the worker's own state from `init`. Returns the merged summary and every
/// worker's state.
pub(super) fn drive<L: Sync + Positions, S: Send>(
    input: &Input,
    opts: &ReadOptions,
    layout: impl Fn(&str, &Headers) -> Result<L, Error>,
    init: impl Fn() -> S + Sync,
    row: impl Fn(&L, &Record, u64, &mut S, &mut ReadSummary) + Sync,
) -> Result<(ReadSummary, Vec<S>), Error> {
    if let Some(file) = input.path() {
        let head = sheet::head_of(file);
        if let Some(book) = Book::sniff(&head) {
            return sheet::drive(file, book, opts, layout, init, row);
        }
        if head.starts_with(parquet_file::MAGIC) {
            return parquet_file::drive(file, opts, layout, init, row);
        }
    }
    let path = opts.name.clone().unwrap_or_else(|| input.to_string());
    let limits = opts.field_limits();
    let opened = input.open(opts)?;
    if let Some(shape) = json::Shape::sniff(&opened.head) {
        return drive_json(path, opts, opened, shape, layout, init, row);
    }
    let Opened {
        mut rest,
        mut head,
        delimiter,
        bytes,
        encoding,
        digest,
        progress,
        size,
    } = opened;

    let (headers, header_end, first_line) =
        read_header(&path, delimiter, limits, &mut head, &mut rest)?;
    let layout = layout(&path, &headers)?;
    let data = head.split_off(header_end);

    let threads = if opts.threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        opts.threads
    };
    let stream = chunks::Stream {
        reader: rest,
        prefix: data,
        first_line,
        delimiter,
        limits,
        block: chunks::BLOCK,
        path: &path,
        progress: progress.as_ref(),
    };
    let results = chunks::run(stream, threads, |rx| {
        let mut state = init();
        let mut sum = ReadSummary::worker(&path, opts);
        let mut rec = ByteRecord::new();
        for block in rx.iter() {
            // one validation per block instead of one per field (decoded inputs are always valid);
            // simdutf8 validates at memory speed where std checks byte by byte
            let utf8 = simdutf8::basic::from_utf8(&block.data).is_ok();
            chunks::pieces(&block, delimiter, &mut rec, |piece| {
                sum.rows_read += 1;
                match piece {
                    Piece::Record { rec, line } => {
                        let record = Record {
                            rec,
                            utf8,
                            delimiter,
                            full: None,
                        };
                        row(&layout, &record, line, &mut state, &mut sum);
                    }
                    Piece::Unterminated(u) => {
                        let raw = || {
                            let text = String::from_utf8_lossy(u.bytes);
                            let text = text.trim_end_matches(['\n', '\r']);
                            text.chars().take(super::MAX_RAW).collect()
                        };
                        sum.reject(u.line, unterminated(&u, delimiter, &headers, limits), raw);
                    }
                }
            });
        }
        (sum, state)
    })?;

    let mut total = ReadSummary {
        file: path.clone(),
        bytes,
        encoding: encoding.name().to_string(),
        ..ReadSummary::default()
    };
    let mut states = Vec::with_capacity(results.len());
    for (sum, state) in results {
        total.absorb(sum).map_err(|source| Error::Read {
            path: format!("{path} (its rejected rows, in a temporary file)"),
            source,
        })?;
        states.push(state);
    }
    let total = finish(&path, total, &progress, &size, &digest)?;
    Ok((total, states))
}

/// The end of reading a stream: the progress bar cleared, the file checked for changes, its
/// checksum, then [`settle`].
fn finish(
    path: &str,
    mut total: ReadSummary,
    progress: &Option<indicatif::ProgressBar>,
    size: &Option<super::input::SizeCheck>,
    digest: &std::sync::Mutex<sha2::Sha256>,
) -> Result<ReadSummary, Error> {
    if let Some(pb) = progress {
        pb.finish_and_clear();
    }
    if let Some(size) = size {
        size.check(path)?;
    }
    total.sha256 = digest
        .lock()
        .ok()
        .map(|d| crate::util::hex(&d.clone().finalize()));
    settle(path, total)
}

/// The end of reading an input on several workers, once their summaries are merged: the rejects
/// in line order and cut to the usual number, and the warning for rows that were not valid UTF-8.
/// An input without rows is an error.
pub(super) fn settle(path: &str, mut total: ReadSummary) -> Result<ReadSummary, Error> {
    // each worker kept its first rejects in line order: the first ones overall are among them
    total.rejects.sort_by_key(|r| r.line);
    total.rejects.truncate(KEPT_REJECTS);
    if total.rows_read == 0 {
        return Err(Error::NoRows {
            path: path.to_string(),
        });
    }
    if let Some((line, column)) = total.first_invalid_utf8 {
        let n = total.reject_reasons.get(INVALID_UTF8).copied().unwrap_or(0);
        let rows = if n == 1 { "that row" } else { "those rows" };
        // a Parquet file's text has no encoding to choose: what wrote it must be corrected
        let fix = if total.encoding == "parquet" {
            format!("correct {rows} where the Parquet file is written")
        } else {
            format!(
                "the rest of the file is read as UTF-8. If the whole file is Windows-1252, pass \
                 --encoding windows-1252; otherwise correct {rows} in the file"
            )
        };
        warn_once(format!(
            "{}: {} not valid UTF-8 ({}line {line}, column {column}) and {} rejected as `{INVALID_UTF8}`; {fix}",
            escape_controls(path),
            if n == 1 { "1 row is".to_string() } else { format!("{} rows are", crate::util::thousands(n)) },
            if n == 1 { "" } else { "the first at " },
            if n == 1 { "was" } else { "were" },
        ));
    }
    Ok(total)
}

/// Reads a JSON array or NDJSON input (see [`json`]) on one thread: each object is a row, its
/// keys the header.
fn drive_json<L, S>(
    path: String,
    opts: &ReadOptions,
    opened: Opened,
    shape: json::Shape,
    layout: impl Fn(&str, &Headers) -> Result<L, Error>,
    init: impl Fn() -> S,
    row: impl Fn(&L, &Record, u64, &mut S, &mut ReadSummary),
) -> Result<(ReadSummary, Vec<S>), Error> {
    let Opened {
        rest,
        head,
        bytes,
        encoding,
        digest,
        progress,
        size,
        ..
    } = opened;
    let stream = std::io::BufReader::with_capacity(1 << 16, std::io::Cursor::new(head).chain(rest));
    let (mut rows, names) = json::Rows::new(stream, shape, &path)?;
    if names.is_empty() {
        if shape == json::Shape::Lines && rows.next_row()?.is_some() {
            return Err(Error::Malformed {
                path,
                line: 1,
                message: "starts with `{` but its first line is not a JSON object: NDJSON (one \
                          object per line) is expected; a JSON document holding the postings \
                          under a key must be cut down to their array first (`jq '.jobs'`)"
                    .into(),
            });
        }
        return Err(Error::NoRows { path });
    }
    let headers = Headers::new(names);
    let layout = layout(&path, &headers)?;
    let mut sum = ReadSummary {
        file: path.clone(),
        bytes,
        encoding: format!("{} ({})", encoding.name(), shape.name()),
        spilling: opts
            .keep_all_rejects
            .then(|| super::spill::Writer::shared(&path)),
        ..ReadSummary::default()
    };
    let mut state = init();
    let mut rec = ByteRecord::new();
    while let Some(r) = rows.next_row()? {
        sum.rows_read += 1;
        match r {
            json::Row::Fields { line, fields } => {
                rec.clear();
                for f in &fields {
                    rec.push_field(f.as_bytes());
                }
                let record = Record {
                    rec: &rec,
                    utf8: true,
                    delimiter: b',',
                    full: None,
                };
                row(&layout, &record, line, &mut state, &mut sum);
            }
            json::Row::Rejected { line, bad, raw } => sum.reject(line, bad, || raw),
        }
    }
    if rows.late_objects > 0 {
        warn_once(format!(
            "{}: {} object{} after the first {} have keys the first ones do not ({}); those keys \
             are not read. Put an object with every key first",
            escape_controls(&path),
            crate::util::thousands(rows.late_objects),
            if rows.late_objects == 1 { "" } else { "s" },
            crate::util::thousands(json::KEY_SAMPLE as u64),
            escape_controls(
                &rows
                    .late_keys
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    sum.close_spill().map_err(|source| Error::Read {
        path: format!("{path} (its rejected rows, in a temporary file)"),
        source,
    })?;
    let sum = finish(&path, sum, &progress, &size, &digest)?;
    Ok((sum, vec![state]))
}

/// Reads the header: the first record of `head`, reading more of `rest` into it while the record
/// may go on (a very long header) or its quotes cannot be decided yet. Returns the header names,
/// where the data start in `head`, and the line they start on. A quote left open in the header is
/// an error: nothing after it could be trusted.
fn read_header(
    path: &str,
    delimiter: u8,
    limits: FieldLimits,
    head: &mut Vec<u8>,
    rest: &mut (impl Read + ?Sized),
) -> Result<(Headers, usize, u64), Error> {
    let mut eof = false;
    loop {
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(&head[..]);
        let mut rec = ByteRecord::new();
        let found = rdr
            .read_byte_record(&mut rec)
            .map_err(|e| super::postings::csv_error(path, e))?;
        let pos = rdr.position().clone();
        let end = pos.byte() as usize;
        if found {
            let cut = chunks::cut(head, delimiter, limits, eof);
            if let Some(u) = cut.unterminated.first().filter(|u| u.start < end) {
                let line = 1 + memchr::memchr_iter(b'\n', &head[..u.quote]).count() as u64;
                return Err(Error::Malformed {
                    path: path.to_string(),
                    line,
                    message: format!(
                        "the header row has a quote that is not closed ({}); fix the quoting \
                         of the header",
                        unclosed(u.why, limits)
                    ),
                });
            }
            let complete = eof || end < head.len() || head.ends_with(b"\n");
            let decided = eof || cut.end.is_some_and(|e| e >= end);
            if complete && decided {
                let names = rec.iter().map(|f| String::from_utf8_lossy(f).into_owned());
                return Ok((Headers::new(names), end, pos.line()));
            }
        } else if eof {
            return Err(Error::Empty {
                path: path.to_string(),
            });
        }
        let mut more = Vec::new();
        let n = rest
            .take(1 << 20)
            .read_to_end(&mut more)
            .map_err(|source| Error::Read {
                path: path.to_string(),
                source,
            })?;
        eof = n == 0;
        if head.len() > MAX_RECORD {
            return Err(Error::Malformed {
                path: path.to_string(),
                line: 1,
                message: "the header row is longer than 64 MiB: this is not a CSV export".into(),
            });
        }
        head.extend_from_slice(&more);
    }
}

/// Why a quote is unterminated, in words.
fn unclosed(why: Unclosed, limits: FieldLimits) -> String {
    match why {
        Unclosed::Lines => format!(
            "not closed within {} line{} (--max-field-lines)",
            limits.lines,
            if limits.lines == 1 { "" } else { "s" }
        ),
        Unclosed::Bytes => format!("not closed within {} MiB", limits.bytes >> 20),
        Unclosed::End => "not closed before the end of the file".into(),
    }
}

/// The reject of a row with an unterminated quote: the field the quote opens (its number and
/// header), its line, why, and that the lines after it are read as rows.
fn unterminated(u: &UnterminatedRow, delimiter: u8, headers: &Headers, limits: FieldLimits) -> Bad {
    // the fields before the quote's: it opens the last (empty) one of the record so far
    let field = if u.quote == 0 {
        0
    } else {
        let mut rec = ByteRecord::new();
        csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(&u.bytes[..u.quote])
            .read_byte_record(&mut rec)
            .map_or(0, |_| rec.len().saturating_sub(1))
    };
    let header = headers
        .names()
        .get(field)
        .map(|h| format!(" (`{}`)", escape_controls(h)))
        .unwrap_or_default();
    let value = String::from_utf8_lossy(&u.bytes[u.quote..]);
    let value = value.lines().next().unwrap_or_default().to_string();
    Bad {
        column: "(row)",
        value,
        reason: UNTERMINATED_QUOTE,
        detail: format!(
            "the quote opening field {}{header} on line {} is {}; the row is rejected up to the \
             end of line {}, and reading goes on at line {}",
            field + 1,
            u.quote_line,
            unclosed(u.why, limits),
            u.quote_line,
            u.resume_line
        ),
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::sync::atomic::{AtomicBool, Ordering};

    use super::super::{read_postings, Error, Input, ReadOptions};

    /// A postings file of about 32 MB: far more than the reader holds at once, so a change made
    /// while the first rows are parsed happens before the reader reaches the end.
    fn big_file() -> tempfile::NamedTempFile {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        let mut w = std::io::BufWriter::new(f.as_file_mut());
        writeln!(w, "posted_date,title,city").unwrap();
        for i in 0..500_000 {
            writeln!(w, "2025-01-01,Analyste SOC numero {i:012},Casablanca").unwrap();
        }
        w.flush().unwrap();
        drop(w);
        f
    }

    /// Reads `f` as postings on one worker, calling `change` on the path once, at the first row.
    fn read_changing(
        f: &tempfile::NamedTempFile,
        change: impl Fn(&std::path::Path) + Sync,
    ) -> Result<u64, Error> {
        let done = AtomicBool::new(false);
        let opts = ReadOptions {
            threads: 1,
            ..ReadOptions::default()
        };
        let input = Input::Path(f.path().to_path_buf());
        read_postings(
            &input,
            &opts,
            || (),
            |_, _| {
                if !done.swap(true, Ordering::Relaxed) {
                    change(f.path());
                }
            },
        )
        .map(|(s, _)| s.rows_read)
    }

    #[test]
    fn a_file_truncated_while_it_is_read_is_an_error() {
        let f = big_file();
        let size = f.as_file().metadata().unwrap().len();
        let err = read_changing(&f, |p| {
            std::fs::OpenOptions::new()
                .write(true)
                .open(p)
                .unwrap()
                .set_len(size / 3)
                .unwrap();
        })
        .unwrap_err();
        assert!(
            matches!(err, Error::Resized { at_open, now, .. } if at_open == size && now == size / 3),
            "{err}"
        );
        assert!(
            err.to_string().contains("changed while it was being read"),
            "{err}"
        );
    }

    #[test]
    fn a_file_grown_while_it_is_read_is_an_error() {
        let f = big_file();
        let err = read_changing(&f, |p| {
            let mut w = std::fs::OpenOptions::new().append(true).open(p).unwrap();
            writeln!(w, "2025-01-02,Analyste SOC,Rabat").unwrap();
        })
        .unwrap_err();
        assert!(matches!(err, Error::Resized { .. }), "{err}");
    }

    #[test]
    fn an_unchanged_file_reads() {
        let f = big_file();
        assert_eq!(read_changing(&f, |_| ()).unwrap(), 500_000);
    }
}
