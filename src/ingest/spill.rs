//! Every rejected row of an input, for `--rejects FILE`, kept on disk rather than in memory: an
//! export where most rows are junk would otherwise hold every row's text until the end of the run
//! (two million rejected rows took about 2 GB).
//!
//! Each reading worker appends its rejected rows, in line order (a worker receives the blocks of
//! a file in order), to a temporary file of its own, created at the first reject. Once read, an
//! input's [`Spill`] is the list of those files; [`merge`] reads them back as one sequence in
//! file then line order, holding one row per file. The temporary files are removed when the last
//! summary holding them is dropped, or by an interrupted run (see [`crate::cleanup`]).

use std::fs::File;
use std::io::{self, BufReader, BufWriter};
use std::sync::{Arc, Mutex};

use super::Reject;
use crate::cleanup::TempFile;

/// The rejected rows of a reading, on disk: one part per worker that rejected a row.
#[derive(Debug, Clone, Default)]
pub struct Spill {
    parts: Vec<Arc<Part>>,
}

/// One worker's rejected rows of one file, in line order.
#[derive(Debug)]
struct Part {
    /// The input, as the rows name it.
    file: String,
    tmp: TempFile,
}

impl Spill {
    /// True when no row was spilled.
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// Adds the parts of another spill (of another file of the same input).
    pub(crate) fn extend(&mut self, other: &Spill) {
        self.parts.extend(other.parts.iter().cloned());
    }

    /// Each part as a sequence of rows, in line order.
    fn sources(&self) -> io::Result<Vec<Source<'static>>> {
        self.parts
            .iter()
            .map(|p| {
                let reader = csv::ReaderBuilder::new()
                    .has_headers(false)
                    .from_reader(BufReader::new(p.tmp.reopen()?));
                Ok(Source::Disk {
                    file: p.file.clone(),
                    records: reader.into_records(),
                })
            })
            .collect()
    }
}

/// A worker's spill while it reads: the temporary file is created at the first row.
#[derive(Debug)]
pub(crate) struct Writer {
    file: String,
    open: Option<(TempFile, csv::Writer<BufWriter<File>>)>,
    /// The first write error, reported when the reading ends.
    error: Option<io::Error>,
}

impl Writer {
    /// A writer for the rejected rows of `file`, shared by a worker's summary and its clones.
    pub(crate) fn shared(file: &str) -> Arc<Mutex<Writer>> {
        Arc::new(Mutex::new(Writer {
            file: file.to_string(),
            open: None,
            error: None,
        }))
    }

    /// Appends a row; an error is kept for [`Writer::finish`].
    pub(crate) fn push(&mut self, r: &Reject) {
        if self.error.is_some() {
            return;
        }
        if let Err(e) = self.try_push(r) {
            self.error = Some(e);
        }
    }

    fn try_push(&mut self, r: &Reject) -> io::Result<()> {
        if self.open.is_none() {
            let tmp = TempFile::new(
                tempfile::Builder::new()
                    .prefix("skillgap-rejects-")
                    .tempfile()?,
            );
            let w = csv::Writer::from_writer(BufWriter::new(tmp.as_file().try_clone()?));
            self.open = Some((tmp, w));
        }
        let (_, w) = self.open.as_mut().expect("opened above");
        let line = r.line.to_string();
        w.write_record([&line, &r.column, &r.value, &r.reason, &r.detail, &r.raw])
            .map_err(crate::util::csv_io)
    }

    /// The rows written, as a spill of one part (none when no row was).
    pub(crate) fn finish(self) -> io::Result<Spill> {
        if let Some(e) = self.error {
            return Err(e);
        }
        let Some((tmp, mut w)) = self.open else {
            return Ok(Spill::default());
        };
        w.flush()?;
        Ok(Spill {
            parts: vec![Arc::new(Part {
                file: self.file,
                tmp,
            })],
        })
    }
}

/// A sequence of rows in (file, line) order.
enum Source<'a> {
    Disk {
        file: String,
        records: csv::StringRecordsIntoIter<BufReader<File>>,
    },
    Memory(std::vec::IntoIter<&'a Reject>),
}

impl Source<'_> {
    fn next(&mut self) -> Option<io::Result<Reject>> {
        match self {
            Source::Memory(it) => it.next().map(|r| Ok(r.clone())),
            Source::Disk { file, records } => {
                let rec = match records.next()? {
                    Ok(rec) => rec,
                    Err(e) => return Some(Err(crate::util::csv_io(e))),
                };
                let field = |i: usize| rec.get(i).unwrap_or_default().to_string();
                let line = field(0).parse().map_err(io::Error::other);
                Some(line.map(|line| Reject {
                    file: file.clone(),
                    line,
                    column: field(1),
                    value: field(2),
                    reason: field(3),
                    detail: field(4),
                    raw: field(5),
                }))
            }
        }
    }
}

/// Every rejected row of `inputs` in (file, line) order: the spilled rows of those that spilled,
/// the rows kept in memory of the others. Holds one row per part at a time.
pub fn merge<'a>(
    inputs: &[&'a super::ReadSummary],
    mut each: impl FnMut(Reject) -> io::Result<()>,
) -> io::Result<()> {
    let mut sources = Vec::new();
    let mut memory: Vec<&'a Reject> = Vec::new();
    for s in inputs {
        if s.spill.is_empty() {
            memory.extend(&s.rejects);
        } else {
            sources.extend(s.spill.sources()?);
        }
    }
    memory.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    sources.push(Source::Memory(memory.into_iter()));
    let mut heads: Vec<Option<Reject>> = Vec::with_capacity(sources.len());
    for s in &mut sources {
        heads.push(s.next().transpose()?);
    }
    // a handful of parts (one per worker and file): a linear scan for the least is enough
    loop {
        let least = (heads.iter().enumerate())
            .filter_map(|(i, h)| h.as_ref().map(|r| (i, r)))
            .min_by(|(i, a), (j, b)| (&a.file, a.line, i).cmp(&(&b.file, b.line, j)))
            .map(|(i, _)| i);
        let Some(i) = least else {
            return Ok(());
        };
        let next = sources[i].next().transpose()?;
        let row = std::mem::replace(&mut heads[i], next).expect("a head was found");
        each(row)?;
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::super::{read_postings, Input, ReadOptions, KEPT_REJECTS};
    use super::*;

    #[test]
    fn every_rejected_row_comes_back_in_line_order_without_being_held() {
        // 30,000 rows, every third one rejected (an impossible date): 10,000 rejects over blocks
        // read by four workers
        let mut f = tempfile::NamedTempFile::new().unwrap();
        {
            let mut w = std::io::BufWriter::new(f.as_file_mut());
            writeln!(w, "posted_date,title,city").unwrap();
            for i in 0..30_000 {
                let date = if i % 3 == 0 {
                    "2025-02-30"
                } else {
                    "2025-01-01"
                };
                writeln!(w, "{date},Analyste SOC numero {i:040},Casablanca").unwrap();
            }
        }
        let opts = ReadOptions {
            threads: 4,
            keep_all_rejects: true,
            ..ReadOptions::default()
        };
        let input = Input::Path(f.path().to_path_buf());
        let (summary, _) = read_postings(&input, &opts, || (), |_, _| {}).unwrap();
        assert_eq!(summary.rows_rejected, 10_000);
        // memory holds the first ones only, whatever --rejects asks for
        assert_eq!(summary.rejects.len(), KEPT_REJECTS);
        let mut lines = Vec::new();
        merge(&[&summary, &summary.clone()], |r| {
            lines.push(r.line);
            Ok(())
        })
        .unwrap();
        // the same file twice (two summaries): each line twice, in order
        let expected: Vec<u64> = (0..10_000u64).flat_map(|i| [i * 3 + 2; 2]).collect();
        assert_eq!(lines, expected);
    }

    #[test]
    fn rows_kept_in_memory_are_merged_with_spilled_ones() {
        let row = |file: &str, line| Reject {
            file: file.into(),
            line,
            column: "c".into(),
            value: "v".into(),
            reason: "r".into(),
            detail: "d".into(),
            raw: "a,\"b\"\nc".into(),
        };
        let shared = Writer::shared("b.csv");
        let mut w = Arc::try_unwrap(shared).unwrap().into_inner().unwrap();
        for line in [3, 9] {
            w.push(&row("b.csv", line));
        }
        let spilled = super::super::ReadSummary {
            spill: w.finish().unwrap(),
            ..Default::default()
        };
        let memory = super::super::ReadSummary {
            rejects: vec![row("c.csv", 1), row("a.csv", 5)],
            ..Default::default()
        };
        let mut got = Vec::new();
        merge(&[&memory, &spilled], |r| {
            got.push(r);
            Ok(())
        })
        .unwrap();
        assert_eq!(
            got,
            [
                row("a.csv", 5),
                row("b.csv", 3),
                row("b.csv", 9),
                row("c.csv", 1)
            ]
        );
    }
}
