//! The postings rows: `posting_id,posted_date,title,specialisation,region,city,vacancies,source,
//! company`, each drawn from the random stream in a fixed order of cells.
//!
//! About 3% of rows copy a recent valid row (the same export row twice, or the same job on another
//! board a few days later), and a `--bad-rate` fraction is deliberately bad in one of the ways of
//! [`Bad`].

use std::io::Write;

use csv::ByteRecord;

use super::labels::{RegionTable, Tables};
use super::rng::Rng;
use super::tables::{
    COMPANIES, REMOTE, SOURCES, UNMAPPABLE_REGIONS, UNMAPPABLE_SPECS, VAGUE_TITLES,
};
use super::{push_date, push_num, Spec};
use crate::ingest::parse::Date;

/// The header row.
const HEADER: [&str; 9] = [
    "posting_id",
    "posted_date",
    "title",
    "specialisation",
    "region",
    "city",
    "vacancies",
    "source",
    "company",
];

/// The ways a deliberately bad posting is bad; the postings reader rejects each of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bad {
    /// A date that does not exist: `2025-02-30` (rejected as an invalid date).
    ImpossibleDate,
    /// A date in words, in no layout the reader knows: `hier`, `il y a 3 jours`, `bientôt`
    /// (an invalid date).
    DateInWords,
    /// A negative number of vacancies: `-2` (invalid vacancies).
    NegativeVacancies,
    /// Vacancies in words: `deux` (invalid vacancies).
    VacanciesInWords,
    /// A short row: the company field is missing altogether (a wrong number of fields).
    MissingField,
}

impl Bad {
    /// Every kind, in the order the random stream picks them by index: a change of order changes
    /// the generated files.
    const ALL: [Bad; 5] = [
        Bad::ImpossibleDate,
        Bad::DateInWords,
        Bad::NegativeVacancies,
        Bad::VacanciesInWords,
        Bad::MissingField,
    ];
}

/// The share of postings rows that copy a recent posting: the same export row again, or the same
/// job syndicated on another board a few days later (as job-board scrapes do).
const DUPLICATE_RATE: f64 = 0.03;

/// How many recent valid postings a copy is drawn from.
const RECENT: usize = 512;

/// A valid posting row as written, with its date, so that it can be copied.
struct Recent {
    record: ByteRecord,
    date: Date,
}

/// Writes the header and `spec.postings` rows.
pub(super) fn write_postings<W: Write>(
    t: &Tables,
    spec: &Spec,
    w: &mut csv::Writer<W>,
) -> csv::Result<()> {
    w.write_record(HEADER)?;
    let mut rows = Rows {
        t,
        spec,
        rng: Rng::new(spec.seed, 1),
        recent: Vec::with_capacity(RECENT),
        cell: Vec::with_capacity(256),
    };
    let mut record = ByteRecord::new();
    for n in 0..spec.postings {
        rows.next(n, &mut record);
        w.write_byte_record(&record)?;
    }
    Ok(())
}

/// The state of the postings stream: the random stream, the recent rows, a reused cell buffer.
struct Rows<'a> {
    t: &'a Tables,
    spec: &'a Spec,
    rng: Rng,
    recent: Vec<Recent>,
    cell: Vec<u8>,
}

impl Rows<'_> {
    /// Fills `record` with row `n`: a copy of a recent row, or a new one.
    fn next(&mut self, n: u64, record: &mut ByteRecord) {
        record.clear();
        if !self.recent.is_empty() && self.rng.chance(DUPLICATE_RATE) {
            let r = &self.recent[self.rng.below(self.recent.len())];
            copy_of(r, n, &mut self.rng, &mut self.cell, record);
            return;
        }
        let bad = if self.rng.chance(self.spec.bad_rate) {
            Some(*self.rng.pick(&Bad::ALL))
        } else {
            None
        };
        let (source, prefix) = *self.rng.pick(&SOURCES);
        self.cell.clear();
        push_id(&mut self.cell, prefix, n);
        record.push_field(&self.cell);
        let date = self.posted_date(bad, record);
        // where: drawn first, as titles may name the city
        let region = self.t.regions.draw(&mut self.rng);
        let city = self.rng.pick(&region.cities);
        self.title_and_specialisation(&city[0], record);
        self.region_and_city(region, city, record);
        self.vacancies(bad, record);
        record.push_field(source.as_bytes());
        if bad != Some(Bad::MissingField) {
            self.company(record);
        }
        if bad.is_none() {
            let recent = Recent {
                record: record.clone(),
                date,
            };
            if self.recent.len() < RECENT {
                self.recent.push(recent);
            } else {
                self.recent[n as usize % RECENT] = recent;
            }
        }
    }

    /// The `posted_date` cell: a valid date of the period (drawn even when the cell is bad).
    fn posted_date(&mut self, bad: Option<Bad>, record: &mut ByteRecord) -> Date {
        let years = (self.spec.to_year - self.spec.from_year + 1) as usize;
        let year = self.spec.from_year + self.rng.below(years) as i32;
        let month = self.rng.range(1, 12);
        let month_days = jiff::civil::date(year as i16, month as i8, 1).days_in_month();
        let day = self.rng.range(1, month_days as u32);
        let date = Date {
            year,
            month: month as u8,
            day: day as u8,
        };
        match bad {
            Some(Bad::ImpossibleDate) => record.push_field(b"2025-02-30"),
            Some(Bad::DateInWords) => {
                let words = self.rng.pick(&["hier", "il y a 3 jours", "bientôt"]);
                record.push_field(words.as_bytes());
            }
            _ => {
                self.cell.clear();
                push_date(&mut self.cell, date);
                record.push_field(&self.cell);
            }
        }
        date
    }

    /// The `title` and `specialisation` cells: a title of the specialisation with the noise boards
    /// add, and the specialisation spelled one way or left empty; 1% vague and unmappable.
    fn title_and_specialisation(&mut self, city_name: &str, record: &mut ByteRecord) {
        let rng = &mut self.rng;
        let unmappable = rng.chance(0.01);
        let sp = self.t.specs.draw(rng);
        let title = &mut self.cell;
        title.clear();
        if unmappable {
            title.extend_from_slice(rng.pick(&VAGUE_TITLES).as_bytes());
        } else {
            let i = rng.below(sp.titles.len());
            let base = if rng.chance(0.07) {
                &sp.titles_upper[i]
            } else {
                &sp.titles[i]
            };
            title.extend_from_slice(base.as_bytes());
        }
        match rng.below(10) {
            0..=2 => title.extend_from_slice(b" (H/F)"),
            3 => title.extend_from_slice(b" F/H"),
            _ => {}
        }
        match rng.below(12) {
            0 => {
                title.extend_from_slice(b" | ");
                title.extend_from_slice(city_name.as_bytes());
                title.extend_from_slice(b" (Maroc)");
            }
            1 | 2 => {
                title.extend_from_slice(b" - ");
                title.extend_from_slice(city_name.as_bytes());
            }
            _ => {}
        }
        record.push_field(title);
        if unmappable {
            record.push_field(rng.pick(&UNMAPPABLE_SPECS).as_bytes());
        } else if !rng.chance(0.15) {
            record.push_field(rng.pick(&sp.cells).as_bytes());
        } else {
            record.push_field(b"");
        }
    }

    /// The `region` and `city` cells: a region spelling and often a city; a city alone; longer
    /// location text; a few unmappable or remote locations.
    fn region_and_city(&mut self, region: &RegionTable, city: &[String], record: &mut ByteRecord) {
        let rng = &mut self.rng;
        let roll = rng.below(1000);
        let (region_cell, city_cell): (&[u8], &[u8]) = if roll < 3 {
            (rng.pick(&UNMAPPABLE_REGIONS).as_bytes(), b"")
        } else if roll < 5 {
            (rng.pick(&REMOTE).as_bytes(), b"")
        } else if roll < 105 {
            (b"", rng.pick(city).as_bytes())
        } else if roll < 155 {
            let text = &mut self.cell;
            text.clear();
            text.extend_from_slice(city[0].as_bytes());
            if rng.chance(0.5) {
                text.extend_from_slice(" et région - Maroc".as_bytes());
            } else {
                text.extend_from_slice(b", ");
                text.extend_from_slice(region.name_fr.as_bytes());
                text.extend_from_slice(b", Morocco");
            }
            (text, b"")
        } else {
            let spelling = rng.pick(&region.spellings).as_bytes();
            let city_cell = if rng.chance(0.7) {
                rng.pick(city).as_bytes()
            } else {
                b""
            };
            (spelling, city_cell)
        };
        record.push_field(region_cell);
        record.push_field(city_cell);
    }

    /// The `vacancies` cell: mostly 1, some empty (meaning 1), some 2 to 10.
    fn vacancies(&mut self, bad: Option<Bad>, record: &mut ByteRecord) {
        let cell = &mut self.cell;
        cell.clear();
        match bad {
            Some(Bad::NegativeVacancies) => cell.extend_from_slice(b"-2"),
            Some(Bad::VacanciesInWords) => cell.extend_from_slice(b"deux"),
            _ => match self.rng.below(100) {
                0..=79 => cell.push(b'1'),
                80..=87 => {}
                88..=95 => push_num(cell, self.rng.range(2, 4).into(), 1),
                _ => push_num(cell, self.rng.range(5, 10).into(), 1),
            },
        }
        record.push_field(cell);
    }

    /// The `company` cell: a named company, a numbered `Société`, or none (confidential).
    fn company(&mut self, record: &mut ByteRecord) {
        if self.rng.chance(0.2) {
            self.cell.clear();
            self.cell.extend_from_slice("Société ".as_bytes());
            push_num(&mut self.cell, self.rng.range(1, 999).into(), 1);
            record.push_field(&self.cell);
        } else if self.rng.chance(0.05) {
            // confidential: no company
            record.push_field(b"");
        } else {
            record.push_field(self.rng.pick(&COMPANIES).as_bytes());
        }
    }
}

/// A posting id: the board's prefix and a number, `RK-100042`.
fn push_id(cell: &mut Vec<u8>, prefix: &str, n: u64) {
    cell.extend_from_slice(prefix.as_bytes());
    cell.push(b'-');
    push_num(cell, 100_000 + n, 6);
}

/// A copy of a recent posting: 40 % the very same row exported twice (same posting_id and
/// source), else the same job on another board with a new id, posted 0 to 12 days later (beyond
/// `--dedup-days 7` for some).
fn copy_of(r: &Recent, n: u64, rng: &mut Rng, cell: &mut Vec<u8>, record: &mut ByteRecord) {
    if rng.chance(0.4) {
        record.clone_from(&r.record);
        return;
    }
    let (source, prefix) = *rng.pick(&SOURCES);
    cell.clear();
    push_id(cell, prefix, n);
    record.push_field(cell);
    let date = Date::from_days(r.date.days() + rng.below(13) as i64);
    cell.clear();
    push_date(cell, date);
    record.push_field(cell);
    // title, specialisation, region, city, vacancies as they were
    for field in r.record.iter().take(7).skip(2) {
        record.push_field(field);
    }
    record.push_field(source.as_bytes());
    record.push_field(&r.record[8]);
}
