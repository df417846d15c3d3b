//! The shared reading loop of every input: open, read the header, map it to a layout, then parse
//! the records on all cores, each worker with its own sink state.

use std::io::Read;

use sha2::Digest;

use csv::ByteRecord;

use super::chunks::{self, Block, MAX_RECORD};
use super::columns::Headers;
use super::postings::Record;
use super::{
    escape_controls, warn_once, Error, Input, ReadOptions, ReadSummary, INVALID_UTF8, KEPT_REJECTS,
};

/// Reads `input`: `layout` maps the header to column positions; `row` handles one record (line
/// number given) with the worker's own state from `init`. Returns the merged summary and every
/// worker's state.
pub(super) fn drive<L: Sync, S: Send>(
    input: &Input,
    opts: &ReadOptions,
    layout: impl FnOnce(&str, &Headers) -> Result<L, Error>,
    init: impl Fn() -> S + Sync,
    row: impl Fn(&L, &Record, u64, &mut S, &mut ReadSummary) + Sync,
) -> Result<(ReadSummary, Vec<S>), Error> {
    let path = opts.name.clone().unwrap_or_else(|| input.to_string());
    let opened = input.open(opts)?;
    let digest = opened.digest;
    let mut head = opened.head;
    let mut rest = opened.rest;
    let delimiter = opened.delimiter;

    // the header: parse the first record of the head, reading more if it is very long
    let (headers, header_end, first_line) = loop {
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(&head[..]);
        let mut rec = ByteRecord::new();
        let found = rdr
            .read_byte_record(&mut rec)
            .map_err(|e| super::postings::csv_error(&path, e))?;
        let pos = rdr.position().clone();
        let complete = (pos.byte() as usize) < head.len() || head.ends_with(b"\n");
        if found && complete {
            let names = rec.iter().map(|f| String::from_utf8_lossy(f).into_owned());
            break (Headers::new(names), pos.byte() as usize, pos.line());
        }
        let mut more = Vec::new();
        let n = (&mut rest)
            .take(1 << 20)
            .read_to_end(&mut more)
            .map_err(|source| Error::Read {
                path: path.clone(),
                source,
            })?;
        if n == 0 {
            if found {
                let names = rec.iter().map(|f| String::from_utf8_lossy(f).into_owned());
                break (Headers::new(names), head.len(), pos.line());
            }
            return Err(Error::Empty { path });
        }
        if head.len() > MAX_RECORD {
            return Err(Error::Malformed {
                path,
                line: 1,
                message: "the header row is longer than 64 MiB: this is not a CSV export".into(),
            });
        }
        head.extend_from_slice(&more);
    };
    let layout = layout(&path, &headers)?;
    let data = head.split_off(header_end);

    let threads = if opts.threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        opts.threads
    };
    let progress = opened.progress.clone();
    let stream = chunks::Stream {
        reader: rest,
        prefix: data,
        first_line,
        delimiter,
        path: &path,
        progress: progress.as_ref(),
    };
    let results = chunks::run(stream, threads, |rx| {
        let mut state = init();
        let mut sum = ReadSummary {
            file: path.clone(),
            keep_all: opts.keep_all_rejects,
            ..ReadSummary::default()
        };
        let mut rec = ByteRecord::new();
        for Block { data, first_line } in rx.iter() {
            // one validation per block instead of one per field (decoded inputs are always valid);
            // simdutf8 validates at memory speed where std checks byte by byte
            let utf8 = simdutf8::basic::from_utf8(&data).is_ok();
            let mut rdr = csv::ReaderBuilder::new()
                .delimiter(delimiter)
                .has_headers(false)
                .flexible(true)
                .from_reader(&data[..]);
            // reading from memory cannot fail
            while rdr.read_byte_record(&mut rec).unwrap_or(false) {
                sum.rows_read += 1;
                let line = first_line + record_line(&data, rec.position()) - 1;
                row(
                    &layout,
                    &Record {
                        rec: &rec,
                        utf8,
                        delimiter,
                    },
                    line,
                    &mut state,
                    &mut sum,
                );
            }
        }
        (sum, state)
    })?;

    if let Some(pb) = &progress {
        pb.finish_and_clear();
    }
    if let Some(size) = &opened.size {
        size.check(&path)?;
    }
    let mut total = ReadSummary {
        file: path.clone(),
        bytes: opened.bytes,
        encoding: opened.encoding.name().to_string(),
        keep_all: opts.keep_all_rejects,
        ..ReadSummary::default()
    };
    let mut states = Vec::with_capacity(results.len());
    for (sum, state) in results {
        total.rows_read += sum.rows_read;
        total.rows_rejected += sum.rows_rejected;
        total.units_rejected += sum.units_rejected;
        for (reason, n) in sum.reject_reasons {
            *total.reject_reasons.entry(reason).or_default() += n;
        }
        total.rejects.extend(sum.rejects);
        total.first_invalid_utf8 = total
            .first_invalid_utf8
            .into_iter()
            .chain(sum.first_invalid_utf8)
            .min();
        states.push(state);
    }
    total.sha256 = digest
        .lock()
        .ok()
        .map(|d| crate::util::hex(&d.clone().finalize()));
    // each worker kept its first rejects in line order: the first ones overall are among them
    // (with keep_all_rejects, every worker kept all of its own: sorting merges them)
    total.rejects.sort_by_key(|r| r.line);
    if !opts.keep_all_rejects {
        total.rejects.truncate(KEPT_REJECTS);
    }
    if total.rows_read == 0 {
        return Err(Error::NoRows { path });
    }
    if let Some((line, column)) = total.first_invalid_utf8 {
        let n = total.reject_reasons.get(INVALID_UTF8).copied().unwrap_or(0);
        warn_once(format!(
            "{}: {} not valid UTF-8 ({}line {line}, column {column}) and {} rejected as `{INVALID_UTF8}`; \
             the rest of the file is read as UTF-8. If the whole file is Windows-1252, pass \
             --encoding windows-1252; otherwise correct {} in the file",
            escape_controls(&path),
            if n == 1 { "1 row is".to_string() } else { format!("{} rows are", crate::util::thousands(n)) },
            if n == 1 { "" } else { "the first at " },
            if n == 1 { "was" } else { "were" },
            if n == 1 { "that row" } else { "those rows" },
        ));
    }
    Ok((total, states))
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

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::sync::atomic::{AtomicBool, Ordering};

    use super::super::{read_postings, Error, Input, ReadOptions};
    use super::record_line;

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
