//! Deterministic synthetic inputs, messy the way real Moroccan exports are: what `skillgap
//! generate` writes.
//!
//! Writes `postings.csv` and `graduates.csv` into a directory. The same [`Spec`] gives
//! byte-identical files on every platform and in every version that keeps this module's tables:
//! the random stream comes from a hand-written SplitMix64 (`rng`, no crate whose stream could
//! change), and every choice is drawn from tables built in a fixed order from the embedded taxonomy
//! (`labels`) and the constant lists (`tables`).
//!
//! Rows are streamed through a `csv::Writer` one at a time from a reused record, so memory stays
//! constant whatever the row count.
//!
//! The mess: region cells in French, English, Arabic, without accents, in upper or lower case, old
//! (pre-2015) names and aliases, longer location text, empty regions with only a city, a few
//! unmappable (`Maroc`) or remote (`Télétravail`) locations; specialisation cells as labels or
//! aliases in varied case, or empty with only a title to classify, a few unmappable (`Autre`);
//! titles with `(H/F)`, `| Casablanca (Maroc)`, upper case, commas and quotes; and a `bad_rate`
//! fraction of rows that must be rejected (impossible or unparseable dates, negative or
//! non-numeric counts, missing fields).

mod graduates;
mod growth;
mod labels;
mod postings;
mod rng;
mod tables;
mod text;

use std::fs::File;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::ingest::parse::Date;
use crate::taxonomy::Taxonomy;

use labels::Tables;

/// What to generate; the arguments once checked (years within 1990–2100, `from_year <= to_year`,
/// `bad_rate` from 0 to 1).
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    /// Number of postings rows.
    pub postings: u64,
    /// Number of graduate cohort rows.
    pub graduates: u64,
    /// Seed of the random stream.
    pub seed: u64,
    pub from_year: i32,
    pub to_year: i32,
    /// Fraction of rows made deliberately invalid.
    pub bad_rate: f64,
    /// Add the text columns `description` and `skills` to the postings.
    pub descriptions: bool,
}

/// The files written by [`write_files`].
#[derive(Debug, Clone)]
pub struct Written {
    pub postings: PathBuf,
    pub graduates: PathBuf,
}

/// Writes `dir/postings.csv` and `dir/graduates.csv`, creating `dir` if it is missing.
pub fn write_files(spec: &Spec, dir: &Path) -> Result<Written, Error> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Output {
        path: dir.to_path_buf(),
        source,
    })?;
    let tables = Tables::new(&Taxonomy::default_embedded());
    let written = Written {
        postings: dir.join("postings.csv"),
        graduates: dir.join("graduates.csv"),
    };
    write_file(&written.postings, |w| {
        postings::write_postings(&tables, spec, w)
    })?;
    write_file(&written.graduates, |w| {
        graduates::write_graduates(&tables, spec, w)
    })?;
    Ok(written)
}

/// A CSV writer that writes what the generator has always written: `\n` line ends, a field quoted
/// only when it holds a comma, a double quote or a line break, quotes doubled inside it. Flexible,
/// because a deliberately short row has one field less.
///
/// Its buffer is a decimal megabyte rather than `1 << 20`: the writer fills its buffer to the
/// byte, and on Linux writes of exactly 1 MiB into the page cache were measured at about twice
/// the system time of other sizes (2M postings: 2.2 s against 1.4 s in all).
fn csv_writer<W: std::io::Write>(w: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .delimiter(b',')
        .quote(b'"')
        .double_quote(true)
        .quote_style(csv::QuoteStyle::Necessary)
        .terminator(csv::Terminator::Any(b'\n'))
        .flexible(true)
        .buffer_capacity(1_000_000)
        .from_writer(w)
}

/// Creates `path`, writes it with `body`, and syncs it to disk.
fn write_file(
    path: &Path,
    body: impl FnOnce(&mut csv::Writer<File>) -> csv::Result<()>,
) -> Result<(), Error> {
    let err = |source| Error::Output {
        path: path.to_path_buf(),
        source,
    };
    let mut w = csv_writer(File::create(path).map_err(err)?);
    body(&mut w).map_err(|e| err(e.into()))?;
    w.flush().map_err(err)?;
    w.into_inner()
        .map_err(|e| err(e.into_error()))?
        .sync_all()
        .map_err(err)
}

/// Appends a number in decimal, zero-padded to `width` digits.
fn push_num(cell: &mut Vec<u8>, mut n: u64, width: usize) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 && buf.len() - i >= width {
            break;
        }
    }
    cell.extend_from_slice(&buf[i..]);
}

/// Appends a date as `YYYY-MM-DD`.
fn push_date(cell: &mut Vec<u8>, d: Date) {
    push_num(cell, d.year as u64, 4);
    cell.push(b'-');
    push_num(cell, u64::from(d.month), 2);
    cell.push(b'-');
    push_num(cell, u64::from(d.day), 2);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{read_graduates, read_postings, Input, ReadOptions};

    fn spec(postings: u64, seed: u64) -> Spec {
        Spec {
            postings,
            graduates: 300,
            seed,
            from_year: 2023,
            to_year: 2025,
            bad_rate: 0.01,
            descriptions: false,
        }
    }

    /// The two files' bytes.
    fn generate(s: &Spec) -> (Vec<u8>, Vec<u8>) {
        let dir = tempfile::tempdir().unwrap();
        let w = write_files(s, dir.path()).unwrap();
        (
            std::fs::read(w.postings).unwrap(),
            std::fs::read(w.graduates).unwrap(),
        )
    }

    #[test]
    fn generate_same_seed_same_bytes() {
        let (p1, g1) = generate(&spec(2_000, 7));
        let (p2, g2) = generate(&spec(2_000, 7));
        assert!(!p1.is_empty() && !g1.is_empty());
        assert_eq!(
            p1, p2,
            "postings.csv differs between two runs with the same seed"
        );
        assert_eq!(
            g1, g2,
            "graduates.csv differs between two runs with the same seed"
        );
    }

    #[test]
    fn generate_different_seed_different_bytes() {
        let (p1, g1) = generate(&spec(500, 1));
        let (p2, g2) = generate(&spec(500, 2));
        assert_ne!(p1, p2);
        assert_ne!(g1, g2);
    }

    #[test]
    fn generate_reproduces_the_sample_data() {
        // the command of sample-data/README.md
        let s = Spec {
            postings: 36_000,
            graduates: 3_000,
            seed: 2026,
            from_year: 2020,
            to_year: 2025,
            bad_rate: 0.002,
            descriptions: false,
        };
        let (p, g) = generate(&s);
        let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
        assert!(p == std::fs::read(sample.join("postings.csv")).unwrap());
        assert!(g == std::fs::read(sample.join("graduates.csv")).unwrap());
    }

    #[test]
    fn generate_rows_parse_or_are_deliberately_bad() {
        let dir = tempfile::tempdir().unwrap();
        let s = spec(20_000, 3);
        write_files(&s, dir.path()).unwrap();
        let opts = ReadOptions::default();
        let p = Input::Path(dir.path().join("postings.csv"));
        let (sum, _) = read_postings(&p, &opts, || (), |_, _| {}).unwrap();
        assert_eq!(sum.rows_read, s.postings);
        // 1% bad, drawn at random: allow for chance
        assert!(
            (100..=300).contains(&sum.rows_rejected),
            "{} rejected",
            sum.rows_rejected
        );
        for reason in sum.reject_reasons.keys() {
            assert!(
                [
                    "invalid date",
                    "invalid vacancies",
                    "wrong number of fields"
                ]
                .contains(&reason.as_str()),
                "unexpected reject reason {reason}"
            );
        }
        let text = std::fs::read_to_string(dir.path().join("postings.csv")).unwrap();
        assert_eq!(text.lines().count() as u64, s.postings + 1);
        assert!(text.starts_with(
            "posting_id,posted_date,title,specialisation,region,city,vacancies,source,company\n"
        ));

        let g = Input::Path(dir.path().join("graduates.csv"));
        let (sum, _) = read_graduates(&g, &opts, || (), |_, _| {}).unwrap();
        assert_eq!(sum.rows_read, s.graduates);
        assert!(sum.rows_rejected <= 15, "{} rejected", sum.rows_rejected);
        let text = std::fs::read_to_string(dir.path().join("graduates.csv")).unwrap();
        assert_eq!(text.lines().count() as u64, s.graduates + 1);
    }

    /// With descriptions: the same rows, two text columns more, and the text names skills the
    /// matcher finds.
    #[test]
    fn descriptions_add_two_columns_and_change_nothing_else() {
        let plain = spec(3_000, 5);
        let with = Spec {
            descriptions: true,
            ..spec(3_000, 5)
        };
        let (p1, g1) = generate(&plain);
        let (p2, g2) = generate(&with);
        assert_eq!(g1, g2);
        let rows = |b: &[u8]| {
            csv::ReaderBuilder::new()
                .flexible(true)
                .from_reader(b)
                .into_byte_records()
                .map(Result::unwrap)
                .collect::<Vec<_>>()
        };
        let (r1, r2) = (rows(&p1), rows(&p2));
        assert_eq!(r1.len(), r2.len());
        let tax = Taxonomy::default_embedded();
        let m = crate::skills::Matcher::new(&tax.skills);
        let (mut text, mut found, mut with_skills) = (crate::skills::Folded::new(), Vec::new(), 0);
        for (a, b) in r1.iter().zip(&r2) {
            assert_eq!(a.len() + 2, b.len());
            assert!(a.iter().zip(b.iter()).all(|(x, y)| x == y));
            text.clear();
            text.push_field(std::str::from_utf8(&b[b.len() - 2]).unwrap());
            text.finish();
            m.find(&text, &mut found);
            with_skills += usize::from(!found.is_empty());
        }
        // all but the few postings without a description name skills
        assert!(
            with_skills * 100 >= r2.len() * 90,
            "{with_skills} of {}",
            r2.len()
        );
    }
}
