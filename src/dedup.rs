//! Merging duplicate postings, so that one job is one posting however often it was exported.
//!
//! Two rows are copies of one posting when:
//! - they have the same `posting_id` from the same `source` (a board exported the posting twice,
//!   or two exports overlap); or
//! - they have the same folded title, company and place (the city, else the region), and were
//!   posted within [`Options::window_days`] days of the first copy: the same job syndicated on
//!   several boards. Rows without a title or a company are never merged this way.
//!
//! Of the copies of one posting, the one with the earliest date is counted, ties broken by the
//! row's content (vacancies, then the labels). The choice depends only on what the rows say, never
//! on their order or on the file they came from, so shuffling or splitting an input does not change
//! the report.
//!
//! Finding copies exactly needs every posting's keys at once, which at a hundred million postings
//! would not fit in flat memory. So it takes two steps:
//! 1. While the postings are read and tallied, every row's keys are *sighted*: integer ids go into
//!    a compressed bitmap (a few bits per id), other ids and title-company-place keys into a set of
//!    64-bit hashes. A key sighted twice marks a *candidate* (two different keys may share a hash:
//!    that only makes a false candidate, never a wrong merge).
//! 2. Only when there are candidates, the postings are read again and the candidate rows kept in
//!    full; [`resolve`] compares their exact keys and dates and says which rows are copies, and
//!    those are taken back out of the tally.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::sync::Mutex;

use roaring::RoaringTreemap;
use rustc_hash::{FxHashSet, FxHasher};
use serde::Serialize;

use crate::ingest::parse::Date;
use crate::ingest::PostingRow;
use crate::taxonomy::fold;

/// The default number of days within which copies with the same title, company and place are
/// merged.
pub const DEFAULT_WINDOW_DAYS: u32 = 7;

/// How duplicates are merged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Copies with the same title, company and place posted at most this many days after the first
    /// are one posting (0: the same day only).
    pub window_days: u32,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            window_days: DEFAULT_WINDOW_DAYS,
        }
    }
}

/// How many rows were merged into another copy of the same posting, and their vacancies.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Merges {
    /// Rows with the `posting_id` and source of a posting already counted.
    pub same_id: u64,
    /// Rows with the title, company and place of a posting counted a few days before.
    pub syndicated: u64,
    /// The vacancies of the rows merged (not counted again).
    pub units: u64,
}

impl Merges {
    /// Rows merged, for either reason.
    pub fn rows(&self) -> u64 {
        self.same_id + self.syndicated
    }
}

impl std::ops::AddAssign for Merges {
    fn add_assign(&mut self, o: Merges) {
        self.same_id += o.same_id;
        self.syndicated += o.syndicated;
        self.units += o.units;
    }
}

/// A `posting_id` as sighted: a number goes into the bitmap, anything else is hashed.
fn id_sighting(id: &str) -> Option<Result<u64, u64>> {
    if id.is_empty() {
        return None;
    }
    Some(match id.parse::<u64>() {
        Ok(n) if id.bytes().all(|b| b.is_ascii_digit()) => Ok(n),
        _ => Err(hash(&[id])),
    })
}

/// The place that identifies a syndicated copy: the city, else the region.
fn place<'a>(row: &PostingRow<'a>) -> &'a str {
    if row.city.is_empty() {
        row.region
    } else {
        row.city
    }
}

/// The exact title-company-place key of a row, folded; `None` when a part is empty.
fn syndication_key(title: &str, company: &str, place: &str) -> Option<[String; 3]> {
    let parts = [fold(title), fold(company), fold(place)];
    parts.iter().all(|p| !p.is_empty()).then_some(parts)
}

fn hash(parts: &[&str]) -> u64 {
    let mut h = FxHasher::default();
    for p in parts {
        p.hash(&mut h);
    }
    h.finish()
}

/// Every key sighted so far, over all files and workers, and those sighted more than once.
#[derive(Debug, Default)]
pub struct Sightings {
    ids: RoaringTreemap,
    ids_again: RoaringTreemap,
    hashed_ids: FxHashSet<u64>,
    hashed_ids_again: FxHashSet<u64>,
    syndication: FxHashSet<u64>,
    syndication_again: FxHashSet<u64>,
}

impl Sightings {
    /// True when some key was sighted twice: the postings must be read again to resolve them.
    pub fn has_candidates(&self) -> bool {
        !self.ids_again.is_empty()
            || !self.hashed_ids_again.is_empty()
            || !self.syndication_again.is_empty()
    }

    /// True when a row shares a sighted-twice key, so it may be a copy.
    pub fn is_candidate(&self, row: &PostingRow) -> bool {
        let by_id = match id_sighting(row.posting_id) {
            Some(Ok(n)) => self.ids_again.contains(n),
            Some(Err(h)) => self.hashed_ids_again.contains(&h),
            None => false,
        };
        by_id
            || syndication_key(row.title, row.company, place(row)).is_some_and(|k| {
                self.syndication_again
                    .contains(&hash(&[&k[0], &k[1], &k[2]]))
            })
    }

    fn absorb(&mut self, s: &mut Spotter) {
        for n in s.ids.drain(..) {
            if !self.ids.insert(n) {
                self.ids_again.insert(n);
            }
        }
        for h in s.hashed_ids.drain(..) {
            if !self.hashed_ids.insert(h) {
                self.hashed_ids_again.insert(h);
            }
        }
        for h in s.syndication.drain(..) {
            if !self.syndication.insert(h) {
                self.syndication_again.insert(h);
            }
        }
    }
}

/// How many sightings a worker buffers before taking the shared lock.
const BATCH: usize = 4096;

/// A worker's view of the shared [`Sightings`]: it buffers its rows' keys and adds them in batches,
/// so the lock is taken once per few thousand rows.
pub struct Spotter<'s> {
    shared: &'s Mutex<Sightings>,
    ids: Vec<u64>,
    hashed_ids: Vec<u64>,
    syndication: Vec<u64>,
}

impl<'s> Spotter<'s> {
    pub fn new(shared: &'s Mutex<Sightings>) -> Spotter<'s> {
        Spotter {
            shared,
            ids: Vec::new(),
            hashed_ids: Vec::new(),
            syndication: Vec::new(),
        }
    }

    /// Sights a valid row's keys.
    pub fn see(&mut self, row: &PostingRow) {
        match id_sighting(row.posting_id) {
            Some(Ok(n)) => self.ids.push(n),
            Some(Err(h)) => self.hashed_ids.push(h),
            None => {}
        }
        if !row.company.is_empty() && !row.title.is_empty() {
            if let Some(k) = syndication_key(row.title, row.company, place(row)) {
                self.syndication.push(hash(&[&k[0], &k[1], &k[2]]));
            }
        }
        if self.ids.len() + self.hashed_ids.len() + self.syndication.len() >= BATCH {
            self.flush();
        }
    }

    /// Adds the buffered keys to the shared sightings.
    pub fn flush(&mut self) {
        // a poisoned lock means another worker panicked: its sightings are still sound
        let mut shared = self.shared.lock().unwrap_or_else(|e| e.into_inner());
        shared.absorb(self);
    }
}

impl Drop for Spotter<'_> {
    fn drop(&mut self) {
        if !(self.ids.is_empty() && self.hashed_ids.is_empty() && self.syndication.is_empty()) {
            self.flush();
        }
    }
}

/// A candidate row, kept in full for [`resolve`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Index of the postings file it came from, in the order given.
    pub file: usize,
    pub line: u64,
    pub date: Date,
    pub vacancies: u64,
    pub posting_id: String,
    pub source: String,
    pub title: String,
    pub specialisation: String,
    pub region: String,
    pub city: String,
    pub company: String,
}

impl Candidate {
    pub fn new(file: usize, row: &PostingRow) -> Candidate {
        Candidate {
            file,
            line: row.line,
            date: row.date,
            vacancies: row.vacancies,
            posting_id: row.posting_id.to_string(),
            source: row.source.to_string(),
            title: row.title.to_string(),
            specialisation: row.specialisation.to_string(),
            region: row.region.to_string(),
            city: row.city.to_string(),
            company: row.company.to_string(),
        }
    }

    /// The order in which copies of one posting are considered: the first is counted. Only the
    /// content decides; file and line break ties between identical rows.
    fn order_key(&self) -> impl Ord + '_ {
        (
            self.date,
            self.vacancies,
            (&self.region, &self.city, &self.specialisation, &self.title),
            (&self.company, &self.source, &self.posting_id),
            (self.file, self.line),
        )
    }

    fn place(&self) -> &str {
        if self.city.is_empty() {
            &self.region
        } else {
            &self.city
        }
    }
}

/// Why a row was merged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    SameId,
    Syndicated,
}

/// Which candidates are copies of a posting counted through another row: their indices in
/// `candidates`, with the reason, in index order.
///
/// Rows with the same `posting_id` and folded source are merged first, keeping the earliest. Then,
/// among the rows left, those with the same folded title, company and place are taken in date
/// order: the first is counted, and every later one posted at most `window_days` days after it is
/// merged; the first one beyond the window starts a new posting.
pub fn resolve(candidates: &[Candidate], opts: Options) -> Vec<(usize, Kind)> {
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    order.sort_by(|&a, &b| candidates[a].order_key().cmp(&candidates[b].order_key()));
    let mut merged: Vec<Option<Kind>> = vec![None; candidates.len()];

    let mut by_id: BTreeMap<(String, &str), Vec<usize>> = BTreeMap::new();
    for &i in &order {
        let c = &candidates[i];
        if !c.posting_id.is_empty() {
            by_id
                .entry((fold(&c.source), &c.posting_id))
                .or_default()
                .push(i);
        }
    }
    for copies in by_id.values() {
        for &i in &copies[1..] {
            merged[i] = Some(Kind::SameId);
        }
    }

    let mut by_place: BTreeMap<[String; 3], Vec<usize>> = BTreeMap::new();
    for &i in &order {
        let c = &candidates[i];
        if merged[i].is_some() {
            continue;
        }
        if let Some(k) = syndication_key(&c.title, &c.company, c.place()) {
            by_place.entry(k).or_default().push(i);
        }
    }
    for copies in by_place.values() {
        let mut first = candidates[copies[0]].date.days();
        for &i in &copies[1..] {
            let d = candidates[i].date.days();
            if d - first <= i64::from(opts.window_days) {
                merged[i] = Some(Kind::Syndicated);
            } else {
                first = d;
            }
        }
    }
    merged
        .into_iter()
        .enumerate()
        .filter_map(|(i, k)| k.map(|k| (i, k)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(line: u64, date: &str, id: &str, source: &str, title: &str, company: &str) -> Candidate {
        Candidate {
            file: 0,
            line,
            date: crate::ingest::parse::parse_date(date).unwrap(),
            vacancies: 1,
            posting_id: id.into(),
            source: source.into(),
            title: title.into(),
            specialisation: String::new(),
            region: "Casablanca-Settat".into(),
            city: "Casablanca".into(),
            company: company.into(),
        }
    }

    fn lines(cands: &[Candidate], opts: Options) -> Vec<(u64, Kind)> {
        let mut v: Vec<_> = resolve(cands, opts)
            .into_iter()
            .map(|(i, k)| (cands[i].line, k))
            .collect();
        v.sort_by_key(|x| x.0);
        v
    }

    #[test]
    fn the_same_id_from_the_same_source_is_one_posting_keeping_the_earliest() {
        let cands = [
            c(2, "2025-03-05", "17", "Rekrute", "Comptable", ""),
            c(3, "2025-03-01", "17", "rekrute", "Comptable", ""),
            // the same id on another board is another posting
            c(4, "2025-03-01", "17", "Emploi.ma", "Comptable", ""),
            c(5, "2025-03-09", "18", "rekrute", "Comptable", ""),
        ];
        assert_eq!(lines(&cands, Options::default()), vec![(2, Kind::SameId)]);
    }

    #[test]
    fn syndicated_copies_within_the_window_of_the_first_are_merged() {
        let t = "Développeur Java (H/F)";
        let cands = [
            c(2, "2025-01-01", "a1", "rekrute", t, "OCP"),
            // folded title and company are equal
            c(
                3,
                "2025-01-04",
                "b7",
                "emploi.ma",
                "DEVELOPPEUR JAVA H F",
                "ocp",
            ),
            c(4, "2025-01-08", "c2", "anapec", t, "OCP"),
            // 9 days after the first: a new posting, and the start of a new window
            c(5, "2025-01-10", "c9", "anapec", t, "OCP"),
            c(6, "2025-01-12", "d1", "anapec", t, "OCP"),
            // another company, or no company: never merged
            c(7, "2025-01-01", "e1", "anapec", t, "Inwi"),
            c(8, "2025-01-01", "e2", "anapec", t, ""),
            c(9, "2025-01-01", "e3", "anapec", t, ""),
        ];
        assert_eq!(
            lines(&cands, Options::default()),
            vec![
                (3, Kind::Syndicated),
                (4, Kind::Syndicated),
                (6, Kind::Syndicated)
            ]
        );
        assert_eq!(
            lines(&cands, Options { window_days: 0 }),
            Vec::<(u64, Kind)>::new()
        );
        assert_eq!(
            lines(&cands, Options { window_days: 30 }).len(),
            4,
            "all five OCP copies are one posting"
        );
    }

    #[test]
    fn an_id_copy_is_not_counted_again_as_a_syndicated_copy() {
        let cands = [
            c(2, "2025-01-01", "1", "rekrute", "Comptable", "OCP"),
            c(3, "2025-01-02", "1", "rekrute", "Comptable", "OCP"),
            c(4, "2025-01-03", "2", "emploi.ma", "Comptable", "OCP"),
        ];
        assert_eq!(
            lines(&cands, Options::default()),
            vec![(3, Kind::SameId), (4, Kind::Syndicated)]
        );
    }

    #[test]
    fn the_result_does_not_depend_on_row_order() {
        let mut cands = vec![
            c(2, "2025-01-03", "1", "rekrute", "Comptable", "OCP"),
            c(3, "2025-01-01", "1", "rekrute", "Comptable", "OCP"),
            c(4, "2025-01-05", "2", "emploi.ma", "Comptable", "OCP"),
            c(5, "2025-01-09", "3", "anapec", "Comptable", "OCP"),
        ];
        cands[1].vacancies = 3;
        let kept = |cands: &[Candidate]| {
            let merged: Vec<usize> = resolve(cands, Options::default())
                .into_iter()
                .map(|(i, _)| i)
                .collect();
            let mut kept: Vec<(Date, u64)> = (0..cands.len())
                .filter(|i| !merged.contains(i))
                .map(|i| (cands[i].date, cands[i].vacancies))
                .collect();
            kept.sort();
            kept
        };
        let before = kept(&cands);
        cands.reverse();
        assert_eq!(kept(&cands), before);
        // the earliest id copy (3 vacancies) is kept; 01-05 is within 7 days of it; 01-09 is not
        assert_eq!(before.len(), 2);
        assert_eq!(before[0].1, 3);
    }

    #[test]
    fn sightings_mark_keys_seen_twice_across_spotters() {
        let shared = Mutex::new(Sightings::default());
        let row = |id: &'static str, title: &'static str| PostingRow {
            line: 2,
            posting_id: id,
            date: Date::new(2025, 1, 1).unwrap(),
            title,
            specialisation: "",
            region: "",
            city: "Rabat",
            vacancies: 1,
            source: "",
            company: "OCP",
        };
        {
            let mut a = Spotter::new(&shared);
            let mut b = Spotter::new(&shared);
            a.see(&row("42", "Comptable"));
            b.see(&row("42", "Juriste"));
            a.see(&row("X-1", "Auditeur"));
            b.see(&row("X-2", "Auditeur"));
        }
        let s = shared.into_inner().unwrap();
        assert!(s.has_candidates());
        assert!(s.is_candidate(&row("42", "Chef de projet")));
        assert!(s.is_candidate(&row("X-9", "Auditeur")));
        assert!(!s.is_candidate(&row("X-1", "Comptable")));
        assert!(!s.is_candidate(&row("", "Juriste")));
    }
}
