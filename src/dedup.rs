//! Merging duplicate postings, so that one job is one posting however often it was exported.
//!
//! Two rows are copies of one posting when:
//! - they have the same `posting_id` from the same `source` (a board exported the posting twice,
//!   or two exports overlap); or
//! - they have no `posting_id` and are identical in every field (a scraper that saved a page
//!   twice); or
//! - they have the same folded title, company and place (the city, else the region), and were
//!   posted within [`Options::window_days`] days of the first copy: the same job syndicated on
//!   several boards. Rows without a title or a company are never merged this way.
//!
//! Of the copies of one posting, the one counted is the earliest; ties are broken by what the
//! rows say (see [`Candidate`]'s order). The choice never depends on the rows' order or on the
//! file they came from, so shuffling or splitting an input does not change the report.
//!
//! Finding copies exactly needs every posting's keys at once, which at a hundred million postings
//! would not fit in flat memory. So it takes two steps:
//! 1. While the postings are read and tallied, every row's keys are *sighted*: integer ids go into
//!    a compressed bitmap (a few bits per run of consecutive ids); other ids, rows without an id,
//!    and title-company-place keys with the date's window become 64-bit hashes in vectors, sorted
//!    once at the end. A key sighted twice (for titles: in the same or a neighbouring window) marks
//!    a *candidate* (two different keys may share a 64-bit hash: that only makes a false
//!    candidate, never a wrong merge).
//! 2. Only when there are candidates, the postings are read again and the candidate rows kept, with
//!    128-bit hashes of their exact keys and their place in the tally; [`resolve`] says which are
//!    copies, and those are taken back out of the tally.
//!
//! Folding a label is the costly part, so each worker folds each distinct title, company, place and
//! source once and remembers its hash.

use std::sync::Mutex;

use roaring::RoaringTreemap;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use xxhash_rust::xxh3::{xxh3_128, xxh3_64, Xxh3};

use crate::aggregate::{GroupId, Groups};
use crate::ingest::parse::Date;
use crate::ingest::PostingRow;
use crate::normalise::{Area, PostingKey, RegionKey};
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
    /// Rows without a `posting_id`, identical in every field to a row counted.
    pub identical: u64,
    /// Rows with the title, company and place of a posting counted a few days before.
    pub syndicated: u64,
    /// The vacancies of the rows merged (not counted again).
    pub units: u64,
}

impl Merges {
    /// Rows merged, for either reason.
    pub fn rows(&self) -> u64 {
        self.same_id + self.identical + self.syndicated
    }
}

impl std::ops::AddAssign for Merges {
    fn add_assign(&mut self, o: Merges) {
        self.same_id += o.same_id;
        self.identical += o.identical;
        self.syndicated += o.syndicated;
        self.units += o.units;
    }
}

/// Distinct labels whose folded hash a worker remembers; beyond it the memory is cleared, so it
/// stays bounded on exports where nearly every title is different.
const FOLDED_LIMIT: usize = 200_000;

/// The 128-bit hash of each distinct raw label's folded form, computed once; 0 for a label that
/// folds to nothing.
#[derive(Default)]
pub struct Folded {
    known: FxHashMap<Box<str>, u128>,
}

impl Folded {
    fn hash(&mut self, raw: &str) -> u128 {
        if raw.is_empty() {
            return 0;
        }
        if let Some(&h) = self.known.get(raw) {
            return h;
        }
        if self.known.len() >= FOLDED_LIMIT {
            self.known.clear();
        }
        let f = fold(raw);
        let h = if f.is_empty() {
            0
        } else {
            xxh3_128(f.as_bytes())
        };
        self.known.insert(raw.into(), h);
        h
    }

    /// The title-company-place key of a row; `None` when a part is empty.
    fn syndication(&mut self, row: &PostingRow) -> Option<u128> {
        if row.title.is_empty() || row.company.is_empty() {
            return None;
        }
        let place = if row.city.is_empty() {
            row.region
        } else {
            row.city
        };
        let parts = [
            self.hash(row.title),
            self.hash(row.company),
            self.hash(place),
        ];
        if parts.contains(&0) {
            return None;
        }
        let mut bytes = [0u8; 48];
        for (i, p) in parts.iter().enumerate() {
            bytes[16 * i..16 * (i + 1)].copy_from_slice(&p.to_le_bytes());
        }
        Some(xxh3_128(&bytes))
    }

    /// The exact id key of a row: its folded source and its id; `None` without an id.
    fn id(&mut self, row: &PostingRow) -> Option<u128> {
        if row.posting_id.is_empty() {
            return None;
        }
        let source = self.hash(row.source).to_le_bytes();
        let mut bytes = Vec::with_capacity(16 + row.posting_id.len());
        bytes.extend_from_slice(&source);
        bytes.extend_from_slice(row.posting_id.as_bytes());
        Some(xxh3_128(&bytes))
    }
}

/// The key of a row without a `posting_id`: a hash of all its fields as read (spaces around them
/// trimmed); `None` for a row with an id (the id decides).
fn identical_key(row: &PostingRow) -> Option<u128> {
    if !row.posting_id.is_empty() {
        return None;
    }
    // streamed: no copy of the row is made
    let mut h = Xxh3::new();
    for f in row.record {
        let f = f.trim_ascii();
        h.update(&(f.len() as u32).to_le_bytes());
        h.update(f);
    }
    Some(h.digest128())
}

/// A `posting_id` as sighted: a number goes into the bitmap, anything else is hashed.
fn id_sighting(id: &str) -> Option<Result<u64, u64>> {
    if id.is_empty() {
        return None;
    }
    Some(match id.parse::<u64>() {
        Ok(n) if id.bytes().all(|b| b.is_ascii_digit()) => Ok(n),
        _ => Err(xxh3_64(id.as_bytes())),
    })
}

/// The window a date falls in: two dates at most `window_days` apart are in the same window or in
/// neighbouring ones.
fn window(date: Date, opts: Options) -> u64 {
    (date.days().max(0) / (i64::from(opts.window_days) + 1)) as u64
}

/// Bits of a sighted title-company-place key that hold its window; the rest hold the key's hash.
const WINDOW_BITS: u32 = 24;

/// A title-company-place sighting as one number: the key's hash, then its window, so that sorting
/// puts the sightings of one key side by side in date order.
fn packed(key: u128, window: u64) -> u64 {
    ((key as u64) << WINDOW_BITS) | (window & ((1 << WINDOW_BITS) - 1))
}

/// Every key sighted, over all files and workers. Integer ids are kept in bitmaps as they come;
/// the other keys are 8-byte numbers in plain vectors (no hash table: half the memory, and no work
/// while the lock is held), sorted once at the end by [`Sightings::candidates`].
#[derive(Debug, Default)]
pub struct Sightings {
    ids: RoaringTreemap,
    ids_again: RoaringTreemap,
    hashed_ids: Vec<u64>,
    identical: Vec<u64>,
    syndication: Vec<u64>,
}

/// The values of a sorted vector that it holds more than once.
fn repeated(mut v: Vec<u64>) -> FxHashSet<u64> {
    v.sort_unstable();
    v.windows(2)
        .filter(|w| w[0] == w[1])
        .map(|w| w[0])
        .collect()
}

impl Sightings {
    /// Adds a worker's batch. Integer ids come as a bitmap, merged with whole-bitmap operations
    /// (much faster than inserting ids one by one, which matters as the lock is held meanwhile).
    fn absorb(&mut self, ids: Batch, s: &mut Spotter) {
        self.ids_again |= &self.ids & &ids.seen;
        self.ids_again |= ids.again;
        self.ids |= ids.seen;
        self.hashed_ids.append(&mut s.hashed_ids);
        self.identical.append(&mut s.identical);
        self.syndication.append(&mut s.syndication);
    }

    /// The keys sighted more than once: ids seen twice, and title-company-place keys seen twice in
    /// the same or in neighbouring windows.
    pub fn candidates(self) -> Candidates {
        let Sightings {
            ids_again,
            hashed_ids,
            identical,
            mut syndication,
            ..
        } = self;
        let hashed_ids_again = repeated(hashed_ids);
        let identical_again = repeated(identical);
        syndication.sort_unstable();
        let mut near = FxHashSet::default();
        for w in syndication.windows(2) {
            if w[0] >> WINDOW_BITS == w[1] >> WINDOW_BITS && w[1] - w[0] <= 1 {
                near.insert(w[0]);
                near.insert(w[1]);
            }
        }
        Candidates {
            ids_again,
            hashed_ids_again,
            identical_again,
            syndication: near,
        }
    }
}

/// The keys that make a row a candidate copy.
#[derive(Debug, Default)]
pub struct Candidates {
    ids_again: RoaringTreemap,
    hashed_ids_again: FxHashSet<u64>,
    identical_again: FxHashSet<u64>,
    /// Packed title-company-place sightings with another sighting of the key within a window.
    syndication: FxHashSet<u64>,
}

impl Candidates {
    /// True when some row may be a copy: the postings must be read again to resolve them.
    pub fn any(&self) -> bool {
        !self.ids_again.is_empty()
            || !self.hashed_ids_again.is_empty()
            || !self.identical_again.is_empty()
            || !self.syndication.is_empty()
    }

    /// True when a row may be a copy: it shares its id with another row, or all its fields, or its
    /// title, company and place with a row in the same or a neighbouring window.
    fn contains(&self, row: &PostingRow, keys: &RowKeys, opts: Options) -> bool {
        let by_id = match id_sighting(row.posting_id) {
            Some(Ok(n)) => self.ids_again.contains(n),
            Some(Err(h)) => self.hashed_ids_again.contains(&h),
            None => false,
        };
        let syndication = keys.syndication;
        by_id
            || keys
                .identical
                .is_some_and(|k| self.identical_again.contains(&(k as u64)))
            || syndication.is_some_and(|k| {
                self.syndication
                    .contains(&packed(k, window(row.date, opts)))
            })
    }
}

/// The hashed keys of a row, computed once per row.
pub struct RowKeys {
    identical: Option<u128>,
    syndication: Option<u128>,
}

/// A worker's integer ids as bitmaps: every id of the batch, and those it holds twice.
struct Batch {
    seen: RoaringTreemap,
    again: RoaringTreemap,
}

impl Batch {
    fn new(ids: &mut Vec<u64>) -> Batch {
        ids.sort_unstable();
        let again = ids
            .windows(2)
            .filter(|w| w[0] == w[1])
            .map(|w| w[0])
            .collect();
        ids.dedup();
        let mut seen = RoaringTreemap::from_sorted_iter(ids.drain(..))
            .expect("the ids were sorted and deduplicated just above");
        // runs of consecutive ids, as exports number their rows, take a few bytes per run
        seen.optimize();
        Batch { seen, again }
    }
}

/// How many sightings a worker buffers before taking the shared lock.
const BATCH: usize = 16_384;

/// A worker's view of the shared [`Sightings`]: it buffers its rows' keys and adds them in batches,
/// so the lock is taken once per several thousand rows.
pub struct Spotter<'s> {
    shared: &'s Mutex<Sightings>,
    opts: Options,
    folded: Folded,
    ids: Vec<u64>,
    hashed_ids: Vec<u64>,
    identical: Vec<u64>,
    syndication: Vec<u64>,
}

impl<'s> Spotter<'s> {
    pub fn new(shared: &'s Mutex<Sightings>, opts: Options) -> Spotter<'s> {
        Spotter {
            shared,
            opts,
            folded: Folded::default(),
            ids: Vec::new(),
            hashed_ids: Vec::new(),
            identical: Vec::new(),
            syndication: Vec::new(),
        }
    }

    /// Sights a valid row's keys.
    pub fn see(&mut self, row: &PostingRow) {
        if let Some(k) = identical_key(row) {
            self.identical.push(k as u64);
        }
        if let Some(k) = self.folded.syndication(row) {
            self.syndication
                .push(packed(k, window(row.date, self.opts)));
        }
        self.see_id(row.posting_id);
    }

    /// Notes the keys of a row that has an id (`posting_id`, not empty) and no company, as
    /// [`Spotter::see`] does: such a row has only its id to be sighted by.
    pub fn see_id(&mut self, posting_id: &str) {
        match id_sighting(posting_id) {
            Some(Ok(n)) => self.ids.push(n),
            Some(Err(h)) => self.hashed_ids.push(h),
            None => {}
        }
        if self.ids.len() + self.hashed_ids.len() + self.identical.len() + self.syndication.len()
            >= BATCH
        {
            self.flush();
        }
    }

    /// [`Spotter::see_id`] for an id read as an integer: a number that is not negative goes into
    /// the bitmap as its digits would, a negative one is hashed as its text.
    pub fn see_number(&mut self, posting_id: i64) {
        match u64::try_from(posting_id) {
            Ok(n) => {
                self.ids.push(n);
                if self.ids.len()
                    + self.hashed_ids.len()
                    + self.identical.len()
                    + self.syndication.len()
                    >= BATCH
                {
                    self.flush();
                }
            }
            Err(_) => self.see_id(&posting_id.to_string()),
        }
    }

    /// Adds the buffered keys to the shared sightings.
    pub fn flush(&mut self) {
        let ids = Batch::new(&mut self.ids);
        // a poisoned lock means another worker panicked: its sightings are still sound
        let mut shared = self.shared.lock().unwrap_or_else(|e| e.into_inner());
        shared.absorb(ids, self);
    }
}

impl Drop for Spotter<'_> {
    fn drop(&mut self) {
        if !(self.ids.is_empty()
            && self.hashed_ids.is_empty()
            && self.identical.is_empty()
            && self.syndication.is_empty())
        {
            self.flush();
        }
    }
}

/// A row that may be a copy, as kept on the second reading: its exact keys as 128-bit hashes (0:
/// none), and where it was counted in the tally.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    /// Index of the postings file it came from, in the order given.
    pub file: u32,
    pub line: u64,
    pub date: Date,
    pub vacancies: u64,
    /// Folded source and posting_id.
    id: u128,
    /// All the fields of a row without a posting_id.
    identical: u128,
    /// Folded title, company and place.
    syndication: u128,
    /// A hash of the row's text, the last tie-break between copies.
    text: u64,
    /// The tally cell the row was counted in: its source (numbered in the collector's
    /// [`Collector::sources`]), region, specialisation and ISCO group.
    pub source: GroupId,
    pub region: RegionKey,
    pub key: PostingKey,
}

/// Keeps the candidate rows of one worker on the second reading.
pub struct Collector<'s> {
    sightings: &'s Candidates,
    opts: Options,
    file: u32,
    folded: Folded,
    pub candidates: Vec<Candidate>,
    /// The sources of the candidates, by the number each carries.
    pub sources: Groups,
}

impl<'s> Collector<'s> {
    pub fn new(sightings: &'s Candidates, opts: Options, file: usize) -> Collector<'s> {
        Collector {
            sightings,
            opts,
            file: file as u32,
            folded: Folded::default(),
            candidates: Vec::new(),
            sources: Groups::default(),
        }
    }

    /// The row's keys when it may be a copy; the caller then resolves its tally cell and calls
    /// [`Collector::keep`] with them.
    pub fn wants(&mut self, row: &PostingRow) -> Option<RowKeys> {
        let keys = RowKeys {
            identical: identical_key(row),
            syndication: self.folded.syndication(row),
        };
        self.sightings
            .contains(row, &keys, self.opts)
            .then_some(keys)
    }

    /// Keeps a row that [`Collector::wants`], counted in the cell (`region`, `key`).
    pub fn keep(&mut self, row: &PostingRow, keys: RowKeys, region: RegionKey, key: PostingKey) {
        let mut text = Xxh3::new();
        for f in [
            row.posting_id,
            row.source,
            row.title,
            row.specialisation,
            row.region,
            row.city,
            row.company,
        ] {
            text.update(f.as_bytes());
            text.update(&[0]);
        }
        // only when there is one: rows of exports without a sector hash as they always did
        if !row.sector.is_empty() {
            text.update(row.sector.as_bytes());
            text.update(&[0]);
        }
        self.candidates.push(Candidate {
            file: self.file,
            line: row.line,
            date: row.date,
            vacancies: row.vacancies,
            id: self.folded.id(row).unwrap_or(0),
            identical: keys.identical.unwrap_or(0),
            syndication: keys.syndication.unwrap_or(0),
            text: text.digest(),
            source: self.sources.id(row.source),
            region,
            key,
        });
    }
}

impl Candidate {
    /// The order in which copies of one posting are considered: the first is counted. The earliest
    /// date first, then the fewest vacancies, then the cell that comes first in the taxonomy
    /// (placed before unplaced), then the row's text; file and line only break ties between
    /// identical rows.
    fn order_key(&self) -> impl Ord {
        let rank = |i: Option<u16>| i.map_or(u32::MAX, u32::from);
        // the regions in their order, then national, several regions (by their set) and abroad;
        // never an id, which depends on the order rows were read in
        let place = match self.region.known() {
            Some(Area::Region(r)) => (0, u64::from(r)),
            Some(Area::National) => (1, 0),
            Some(Area::Several(set)) => (2, set.bits()),
            Some(Area::Abroad(_)) => (3, 0),
            None => (4, 0),
        };
        (
            self.date,
            self.vacancies,
            place,
            rank(self.key.spec.known().map(|s| s.0)),
            self.text,
            self.file,
            self.line,
        )
    }
}

/// Why a row was merged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    SameId,
    Identical,
    Syndicated,
}

/// Which candidates are copies of a posting counted through another row: their indices in
/// `candidates`, with the reason, in index order.
///
/// Rows with the same `posting_id` and folded source are merged first, keeping the first in
/// [`Candidate`]'s order, then rows without an id identical in every field. Then, among the rows left, those with the same folded title, company and
/// place are taken in that order: the first is counted, and every later one posted at most
/// `window_days` days after it is merged; the first one beyond the window starts a new posting.
pub fn resolve(candidates: &[Candidate], opts: Options) -> Vec<(usize, Kind)> {
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    order.sort_unstable_by_key(|&i| candidates[i].order_key());
    let mut merged: Vec<Option<Kind>> = vec![None; candidates.len()];

    let mut first_with_id: FxHashSet<u128> = FxHashSet::default();
    for &i in &order {
        let id = candidates[i].id;
        if id != 0 && !first_with_id.insert(id) {
            merged[i] = Some(Kind::SameId);
        }
    }
    let mut first_identical: FxHashSet<u128> = FxHashSet::default();
    for &i in &order {
        let key = candidates[i].identical;
        if key != 0 && !first_identical.insert(key) {
            merged[i] = Some(Kind::Identical);
        }
    }

    // per title-company-place key, the date that opened its current window
    let mut opened: FxHashMap<u128, i64> = FxHashMap::default();
    for &i in &order {
        let c = &candidates[i];
        if merged[i].is_some() || c.syndication == 0 {
            continue;
        }
        let day = c.date.days();
        match opened.get(&c.syndication) {
            Some(&first) if day - first <= i64::from(opts.window_days) => {
                merged[i] = Some(Kind::Syndicated)
            }
            _ => {
                opened.insert(c.syndication, day);
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
    use crate::normalise::{Area, IscoKey, Placed, PostingKey, SpecId};

    /// A valid posting in Casablanca.
    fn row(
        line: u64,
        date: &'static str,
        id: &'static str,
        source: &'static str,
        title: &'static str,
        company: &'static str,
    ) -> PostingRow<'static> {
        PostingRow {
            line,
            posting_id: id,
            date: crate::ingest::parse::parse_date(date).unwrap(),
            title,
            specialisation: "",
            sector: "",
            description: "",
            region: "Casablanca-Settat",
            city: "Casablanca",
            vacancies: 1,
            source,
            company,
            text: ["", "", ""],
            has_text_columns: false,
            // the row's text, as the reader would hand it over (leaked: a test's rows live on)
            record: Box::leak(Box::new(csv::ByteRecord::from(vec![
                id,
                date,
                title,
                "",
                "Casablanca-Settat",
                "Casablanca",
                "1",
                source,
                company,
            ]))),
        }
    }

    /// Both steps in one process: the rows are sighted by two workers (alternately), then the
    /// candidates kept and resolved. Returns the lines merged and why, in line order.
    fn merged(rows: &[PostingRow], opts: Options) -> Vec<(u64, Kind)> {
        let shared = Mutex::new(Sightings::default());
        {
            let mut spotters = [Spotter::new(&shared, opts), Spotter::new(&shared, opts)];
            for (i, r) in rows.iter().enumerate() {
                spotters[i % 2].see(r);
            }
        }
        let sightings = shared.into_inner().unwrap().candidates();
        let mut collector = Collector::new(&sightings, opts, 0);
        for r in rows {
            if let Some(keys) = collector.wants(r) {
                collector.keep(
                    r,
                    keys,
                    Placed::Known(Area::Region(0)),
                    PostingKey {
                        spec: Placed::Known(SpecId(0)),
                        isco: IscoKey {
                            code: None,
                            why: Some(0),
                        },
                    },
                );
            }
        }
        let cands = collector.candidates;
        let mut v: Vec<(u64, Kind)> = resolve(&cands, opts)
            .into_iter()
            .map(|(i, k)| (cands[i].line, k))
            .collect();
        v.sort_by_key(|x| x.0);
        v
    }

    #[test]
    fn the_same_id_from_the_same_source_is_one_posting_keeping_the_earliest() {
        let rows = [
            row(2, "2025-03-05", "17", "Rekrute", "Comptable", ""),
            row(3, "2025-03-01", "17", "rekrute", "Comptable", ""),
            // the same id on another board is another posting
            row(4, "2025-03-01", "17", "Emploi.ma", "Comptable", ""),
            row(5, "2025-03-09", "18", "rekrute", "Comptable", ""),
            row(6, "2025-03-09", "A-18", "rekrute", "Comptable", ""),
            row(7, "2025-03-19", "A-18", "rekrute", "Comptable", ""),
        ];
        assert_eq!(
            merged(&rows, Options::default()),
            vec![(2, Kind::SameId), (7, Kind::SameId)]
        );
    }

    #[test]
    fn syndicated_copies_within_the_window_of_the_first_are_merged() {
        let t = "Développeur Java (H/F)";
        let rows = [
            row(2, "2025-01-01", "a1", "rekrute", t, "OCP"),
            // folded title and company are equal
            row(
                3,
                "2025-01-04",
                "b7",
                "emploi.ma",
                "DEVELOPPEUR JAVA H F",
                "ocp",
            ),
            row(4, "2025-01-08", "c2", "anapec", t, "OCP"),
            // 9 days after the first: a new posting, and the start of a new window
            row(5, "2025-01-10", "c9", "anapec", t, "OCP"),
            row(6, "2025-01-12", "d1", "anapec", t, "OCP"),
            // another company, or no company: never merged
            row(7, "2025-01-01", "e1", "anapec", t, "Inwi"),
            row(8, "2025-01-01", "e2", "anapec", t, ""),
            row(9, "2025-01-01", "e3", "anapec", t, ""),
            // the same key months later, alone in its window
            row(10, "2025-06-01", "f1", "anapec", t, "OCP"),
        ];
        assert_eq!(
            merged(&rows, Options::default()),
            vec![
                (3, Kind::Syndicated),
                (4, Kind::Syndicated),
                (6, Kind::Syndicated)
            ]
        );
        assert_eq!(
            merged(&rows, Options { window_days: 0 }),
            Vec::<(u64, Kind)>::new()
        );
        assert_eq!(
            merged(&rows, Options { window_days: 30 }).len(),
            4,
            "the five OCP copies of January are one posting"
        );
    }

    #[test]
    fn copies_in_neighbouring_windows_are_found() {
        // with a 7-day window, days are grouped by 8: 2025-01-07 and 2025-01-09 are in different
        // groups but two days apart
        for (a, b) in [("2025-01-07", "2025-01-09"), ("2025-01-09", "2025-01-07")] {
            let rows = [
                row(2, a, "1", "rekrute", "Comptable", "OCP"),
                row(3, b, "2", "anapec", "Comptable", "OCP"),
            ];
            assert_eq!(merged(&rows, Options::default()).len(), 1, "{a} {b}");
        }
    }

    #[test]
    fn a_candidate_is_small() {
        // the figure the README gives for the memory of a row kept for comparison (its tally
        // cell holds the posting's specialisation and ISCO-08 group)
        assert!(std::mem::size_of::<Candidate>() <= 128);
    }

    #[test]
    fn rows_without_an_id_are_merged_only_when_identical_in_every_field() {
        let rows = [
            row(2, "2025-02-01", "", "marocannonces", "Comptable", ""),
            row(3, "2025-02-01", "", "marocannonces", "Comptable", ""),
            // one field differs: another posting
            row(
                4,
                "2025-02-01",
                "",
                "marocannonces",
                "Comptable confirmé",
                "",
            ),
            row(5, "2025-02-02", "", "marocannonces", "Comptable", ""),
            // with an id, the id decides
            row(6, "2025-02-01", "9", "marocannonces", "Comptable", ""),
            row(7, "2025-02-01", "10", "marocannonces", "Comptable", ""),
        ];
        assert_eq!(
            merged(&rows, Options::default()),
            vec![(3, Kind::Identical)]
        );
    }

    #[test]
    fn an_id_copy_is_not_counted_again_as_a_syndicated_copy() {
        let rows = [
            row(2, "2025-01-01", "1", "rekrute", "Comptable", "OCP"),
            row(3, "2025-01-02", "1", "rekrute", "Comptable", "OCP"),
            row(4, "2025-01-03", "2", "emploi.ma", "Comptable", "OCP"),
        ];
        assert_eq!(
            merged(&rows, Options::default()),
            vec![(3, Kind::SameId), (4, Kind::Syndicated)]
        );
    }

    #[test]
    fn the_result_does_not_depend_on_row_order() {
        let mut rows = vec![
            row(2, "2025-01-03", "1", "rekrute", "Comptable", "OCP"),
            row(3, "2025-01-01", "1", "rekrute", "Comptable", "OCP"),
            row(4, "2025-01-05", "2", "emploi.ma", "Comptable", "OCP"),
            row(5, "2025-01-09", "3", "anapec", "Comptable", "OCP"),
            row(6, "2025-01-01", "4", "anapec", "Comptable", "OCP"),
        ];
        rows[1].vacancies = 3;
        let kept = |rows: &[PostingRow]| {
            let gone: Vec<u64> = merged(rows, Options::default())
                .into_iter()
                .map(|(l, _)| l)
                .collect();
            let mut kept: Vec<u64> = rows
                .iter()
                .map(|r| r.line)
                .filter(|l| !gone.contains(l))
                .collect();
            kept.sort();
            kept
        };
        let before = kept(&rows);
        rows.reverse();
        assert_eq!(kept(&rows), before);
        rows.swap(0, 3);
        assert_eq!(kept(&rows), before);
        // id 1's earliest copy (line 3) is kept over line 2; then lines 6 and 3, both of 01-01,
        // open the title's window, line 6 first (fewer vacancies): line 3 and line 4 (01-05) are
        // its copies, line 5 (01-09, 8 days later) is a posting of its own
        assert_eq!(before, vec![5, 6]);
    }
}
