//! The first stage of the pipeline: reading both inputs into tallies.
//!
//! Every postings file, then the graduates, is read on all cores; every valid row is normalised
//! (once per distinct label per worker) and tallied, every other row rejected with its reason.
//! Duplicate postings are then found over all the postings files and taken back out of the tally
//! (see [`crate::dedup`]). What comes out, a [`Scan`], is all the later stages need.

use std::sync::Mutex;

use rustc_hash::FxHashMap;

use std::collections::BTreeMap;

use crate::aggregate::{Counts, Demand, Groups, Supply, Tally, TallyKey};
use crate::cleanup::TempFile;
use crate::dedup::{self, Collector, Kind, Merges, Sightings, Spotter};
use crate::error::Error;
use crate::indicators::Assumptions;
use crate::ingest::{self, PostingRow, ReadOptions, ReadSummary};
use crate::normalise::{
    cached, Decider, Normaliser, Occupations, PostingKey, RegionKey, Remap, UnmappedTable,
};
use crate::skills::tally::SkillTally;

/// A tally kept beside the demand from every valid posting (the skills a posting mentions, for
/// `skills`): it sees each row the demand counts, placed as the demand places it, and takes back
/// out the copies that merging duplicates takes out of the demand, so that both reconcile. `()`
/// keeps nothing.
pub trait Beside: Sync {
    /// One worker's tally and scratch space; the workers' are absorbed into one.
    type Tally: Send;
    /// What is kept of a row that may be a copy, to take it back out of the tally.
    type Kept: Send;
    /// Whether [`Beside::add`] reads this row: when it does not, the row may be counted after
    /// the others (see [`Deferred`]).
    fn reads(&self, _row: &PostingRow) -> bool {
        true
    }
    /// Whether the rows need their text columns ([`ReadOptions::text`]).
    fn text(&self) -> bool;
    /// Whether a text cell that is not valid text is read as empty rather than rejecting its
    /// row ([`ReadOptions::lenient_text`]): when the text only enriches a report.
    fn lenient_text(&self) -> bool {
        false
    }
    /// Whether [`Beside::add`] does nothing with a row of a file without text columns: the
    /// rows of such a file may then be counted without being handed over (see
    /// [`ingest::PostingBatch`]).
    fn ignores_plain_rows(&self) -> bool {
        false
    }
    /// An empty tally.
    fn tally(&self) -> Self::Tally;
    /// Counts a valid row, placed in `region` and `key`.
    fn add(&self, into: &mut Self::Tally, row: &PostingRow, region: RegionKey, key: PostingKey);
    /// What to keep of a row that may be a copy of another (`scratch` is a worker's tally, for
    /// its buffers).
    fn keep(&self, scratch: &mut Self::Tally, row: &PostingRow) -> Self::Kept;
    /// Takes a row merged as a copy back out of `from`; `region` and `key` are numbered as in
    /// `from`.
    fn remove(
        &self,
        from: &mut Self::Tally,
        year: i32,
        region: RegionKey,
        key: PostingKey,
        kept: &Self::Kept,
    );
    /// Adds a worker's tally to `into`, its unmapped labels renumbered by `map`.
    fn absorb(&self, into: &mut Self::Tally, worker: Self::Tally, map: &Remap);
}

impl Beside for () {
    type Tally = ();
    type Kept = ();
    fn reads(&self, _: &PostingRow) -> bool {
        false
    }
    fn text(&self) -> bool {
        false
    }
    fn ignores_plain_rows(&self) -> bool {
        true
    }
    fn tally(&self) {}
    fn add(&self, _: &mut (), _: &PostingRow, _: RegionKey, _: PostingKey) {}
    fn keep(&self, _: &mut (), _: &PostingRow) {}
    fn remove(&self, _: &mut (), _: i32, _: RegionKey, _: PostingKey, _: &()) {}
    fn absorb(&self, _: &mut (), _: (), _: &Remap) {}
}

/// Both inputs, read, validated, normalised and tallied.
pub struct Scan {
    pub demand: Demand,
    pub supply: Supply,
    /// What was read from the postings, over all its files.
    pub postings: ReadSummary,
    /// What was read from each postings file, in the order given.
    pub postings_files: Vec<ReadSummary>,
    /// Postings merged into another copy of the same posting, over all files.
    pub merged: Merges,
    /// How duplicates were merged; `None` when they were not (`--no-dedup`).
    pub dedup: Option<dedup::Options>,
    pub graduates: ReadSummary,
    /// The labels behind unmapped ids in `demand` and `supply`.
    pub unmapped: UnmappedTable,
    /// The valid postings read (duplicates and rows outside any period included) whose
    /// specialisation each column and stage decided.
    pub decided: BTreeMap<Decider, u64>,
    /// The postings of the files with text columns and the skills they mention, per (year,
    /// region, specialisation), copies taken out, for the gap report's top skills; `None` when no
    /// file has a text column or they were not asked for (see `TopSkills`).
    pub skills: Option<SkillTally>,
}

impl Scan {
    /// Frees the tallies and the table of unmapped labels, once the report and its data-quality
    /// summary are built from them: they are as large as the number of distinct labels, and the
    /// summary holds what the files still to write need.
    pub fn release_tallies(&mut self) {
        self.demand = Demand::default();
        self.supply = Supply::default();
        self.unmapped = UnmappedTable::default();
    }
}

/// What to read and how: the inputs of `gap` and `validate`, or of a job file.
pub struct Sources<'a> {
    pub postings: &'a [ingest::Input],
    /// Tables of postings counts, added to the postings' tally as given (`--postings-counts`).
    pub postings_counts: &'a [ingest::Input],
    pub counts_opts: ReadOptions,
    /// The graduates; `None` reads none (`skills` without `--graduates`).
    pub graduates: Option<&'a ingest::Input>,
    pub postings_opts: ReadOptions,
    pub graduates_opts: ReadOptions,
    /// Merge duplicate postings; `None` counts every row (`--no-dedup`).
    pub dedup: Option<dedup::Options>,
    /// Which groups the tallies keep apart.
    pub split: Split,
}

impl Sources<'_> {
    /// These sources, their tallies keeping apart only the groups that `assumptions` (all those
    /// the run applies) need.
    pub fn split_for<'b>(self, assumptions: impl IntoIterator<Item = &'b Assumptions>) -> Self {
        Sources {
            split: Split::needed_by(assumptions),
            ..self
        }
    }
}

/// Which groups the tallies keep apart: the postings' sources, the graduates' levels. Only the
/// assumptions need them (a board's coverage, a level's entry rate); kept together, a tally has a
/// handful of cells per (year, region, specialisation) fewer, and a run over postings from many
/// boards is that much faster. Rows of groups kept together count in one group named `""`, which
/// the assumptions read as their `default`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split {
    pub sources: bool,
    pub levels: bool,
}

impl Split {
    /// Every group apart.
    pub const ALL: Split = Split {
        sources: true,
        levels: true,
    };

    /// The groups that `assumptions` (all those a run applies) give values of their own.
    pub fn needed_by<'a>(assumptions: impl IntoIterator<Item = &'a Assumptions>) -> Split {
        assumptions.into_iter().fold(
            Split {
                sources: false,
                levels: false,
            },
            |s, a| Split {
                sources: s.sources || a.names_sources(),
                levels: s.levels || a.names_levels(),
            },
        )
    }

    /// The group a posting of `source` counts in.
    fn source(self, source: &str) -> &str {
        if self.sources {
            source
        } else {
            ""
        }
    }

    /// The group a cohort of `level` counts in.
    fn level(self, level: &str) -> &str {
        if self.levels {
            level
        } else {
            ""
        }
    }
}

/// Reads every postings file, then the graduates, on all cores: every valid row is normalised
/// (once per distinct label per worker) and tallied; every other row is rejected with its reason.
/// The workers' tallies are merged, their unmapped labels renumbered into one table. Then, unless
/// turned off, duplicate postings are found over all the postings files and taken back out of the
/// tally (see [`crate::dedup`]).
pub fn read(src: &Sources, coder: &Occupations) -> Result<Scan, Error> {
    read_with(src, coder, &()).map(|(scan, ())| scan)
}

/// [`read`], keeping `beside` tallied from the same postings rows (see [`Beside`]).
pub fn read_with<B: Beside>(
    src: &Sources,
    coder: &Occupations,
    beside: &B,
) -> Result<(Scan, B::Tally), Error> {
    ingest::check_stdin(
        src.postings
            .iter()
            .chain(src.postings_counts)
            .chain(src.graduates),
    )?;
    let postings_opts = ReadOptions {
        text: src.postings_opts.text || beside.text(),
        lenient_text: src.postings_opts.lenient_text || beside.lenient_text(),
        ..src.postings_opts.clone()
    };
    // merging duplicates may read the postings twice: stdin is kept in a temporary file
    let spooled = match src.dedup {
        Some(_) => spool_stdin(src.postings)?,
        None => None,
    };
    let files: Vec<(ingest::Input, ReadOptions)> = src
        .postings
        .iter()
        .map(|input| match (input, &spooled) {
            (ingest::Input::Stdin, Some(tmp)) => (
                ingest::Input::Path(tmp.path().to_path_buf()),
                ReadOptions {
                    name: Some("-".into()),
                    ..postings_opts.clone()
                },
            ),
            _ => (input.clone(), postings_opts.clone()),
        })
        .collect();
    let sightings = src.dedup.map(|_| Mutex::new(Sightings::default()));
    let mut unmapped = UnmappedTable::default();
    let mut demand = Demand::default();
    let mut decided = BTreeMap::new();
    let mut kept = beside.tally();
    let mut postings_files = Vec::with_capacity(files.len());
    for (input, opts) in &files {
        let summary = read_demand(
            input,
            opts,
            src.split,
            coder,
            (&mut demand, &mut unmapped, &mut decided),
            sightings.as_ref().zip(src.dedup),
            (beside, &mut kept),
        )?;
        crate::log::info(format!(
            "read {} postings from {} ({} rejected)",
            crate::util::thousands(summary.rows_read),
            summary.file,
            crate::util::thousands(summary.rows_rejected)
        ));
        postings_files.push(summary);
    }
    let mut merged = Merges::default();
    if let (Some(opts), Some(sightings)) = (src.dedup, sightings) {
        let candidates = sightings
            .into_inner()
            .unwrap_or_else(|e| e.into_inner())
            .candidates();
        if candidates.any() {
            merged = merge_duplicates(
                &files,
                &postings_files,
                &candidates,
                (opts, src.split),
                coder,
                (&mut demand, &mut unmapped),
                (beside, &mut kept),
            )?;
        }
    }
    for input in src.postings_counts {
        let summary = read_counted(input, &src.counts_opts, coder, &mut demand, &mut unmapped)?;
        crate::log::info(format!(
            "read {} count rows from {} ({} rejected)",
            crate::util::thousands(summary.rows_read),
            summary.file,
            crate::util::thousands(summary.rows_rejected)
        ));
        postings_files.push(summary);
    }
    if spooled.is_some() {
        // a copy of stdin has no size of its own to report
        for s in postings_files.iter_mut().filter(|s| s.file == "-") {
            s.bytes = None;
        }
    }
    let mut supply = Supply::default();
    let mut graduates = ReadSummary::default();
    if let Some(input) = src.graduates {
        graduates = read_supply(
            input,
            &src.graduates_opts,
            src.split,
            coder,
            &mut supply,
            &mut unmapped,
        )?;
        crate::log::info(format!(
            "read {} graduate rows from {} ({} rejected)",
            crate::util::thousands(graduates.rows_read),
            graduates.file,
            crate::util::thousands(graduates.rows_rejected)
        ));
    }
    // every label is in: the index is only for adding more
    unmapped.seal();
    let scan = Scan {
        demand,
        supply,
        postings: ReadSummary::merge(&postings_files),
        postings_files,
        merged,
        dedup: src.dedup,
        graduates,
        unmapped,
        decided,
        skills: None,
    };
    Ok((scan, kept))
}

/// Copies stdin to a temporary file when it is one of the postings inputs; the file is removed
/// when dropped, and by an interrupted run (see [`crate::cleanup`]).
pub fn spool_stdin(postings: &[ingest::Input]) -> Result<Option<TempFile>, Error> {
    if !postings.iter().any(|i| i.is_stdin()) {
        return Ok(None);
    }
    let fail = |source| ingest::Error::Read {
        path: "-".into(),
        source,
    };
    let mut tmp = TempFile::new(
        tempfile::Builder::new()
            .prefix("skillgap-stdin-")
            .tempfile()
            .map_err(fail)?,
    );
    std::io::copy(&mut std::io::stdin().lock(), tmp.as_file_mut()).map_err(fail)?;
    Ok(Some(tmp))
}

/// What reading the postings adds to: the tally, the table of unmapped labels (the workers' are
/// renumbered into it), and the count of what decided the postings' specialisations.
pub type DemandSink<'a> = (
    &'a mut Demand,
    &'a mut UnmappedTable,
    &'a mut BTreeMap<Decider, u64>,
);

/// Reads one postings input on all cores and adds its rows to the tally of `into`. With
/// `sightings`, every valid row's duplicate keys are sighted too. `beside` tallies the same rows
/// into its tally (see [`Beside`]).
pub fn read_demand<B: Beside>(
    input: &ingest::Input,
    opts: &ReadOptions,
    split: Split,
    coder: &Occupations,
    into: DemandSink,
    sightings: Option<(&Mutex<Sightings>, dedup::Options)>,
    beside: (&B, &mut B::Tally),
) -> Result<ReadSummary, Error> {
    let (demand, unmapped, decided) = into;
    let (beside, kept) = beside;
    let (summary, workers) = ingest::read_postings_coded(
        input,
        opts,
        || {
            (
                Normaliser::new(coder),
                Demand::default(),
                sightings.map(|(s, o)| Spotter::new(s, o)),
                beside.tally(),
                Resolved::default(),
                PutOff::default(),
            )
        },
        |(norm, demand, spotter, extra, resolved, deferred), row| {
            if let Some((region, key)) = (!split.sources).then(|| resolved.row(norm, row)).flatten()
            {
                beside.add(extra, row, region, key);
                if let Some(s) = spotter {
                    s.see(row);
                }
                return;
            }
            let region = norm.posting_region(row.region, row.city);
            let (spec, title, sector, text) =
                (row.specialisation, row.title, row.sector, row.description);
            let key = if beside.reads(row) || deferred.full() {
                norm.posting_key(spec, title, sector, text)
            } else if let Some(key) = norm.posting_key_now(spec, title, sector, text) {
                key
            } else {
                // another worker builds the coder: count this one later rather than wait
                deferred.push(Deferred::of(row, region, split));
                if let Some(s) = spotter {
                    s.see(row);
                }
                return;
            };
            let source = split.source(row.source);
            demand.add(row.date.year, region, key, source, row.vacancies);
            beside.add(extra, row, region, key);
            if let Some(s) = spotter {
                s.see(row);
            }
        },
        |(norm, demand, spotter, _, resolved, _), batch| {
            if !beside.ignores_plain_rows() {
                return false;
            }
            resolved.count(norm, demand, spotter.as_mut(), split, batch);
            true
        },
    )?;
    let coded: u64 = workers.iter().map(|w| w.4.postings).sum();
    let put_off: usize = workers.iter().map(|w| w.5.rows.len()).sum();
    if put_off > 0 {
        crate::log::debug(format!(
            "{} postings of {} counted after the occupation coder was built",
            crate::util::thousands(put_off as u64),
            summary.file
        ));
    }
    if coded > 0 {
        crate::log::debug(format!(
            "{} of the postings of {} counted from dictionary indices",
            crate::util::thousands(coded),
            summary.file
        ));
    }
    let workers = (workers.into_iter()).map(|w| {
        let (mut norm, mut tally, spotter, extra, mut resolved, deferred) = w;
        for d in deferred.rows {
            d.count(&mut norm, &mut tally);
        }
        resolved.cells.flush(&mut tally);
        norm.count_decided(Decider::Specialisation, resolved.by_cell);
        drop(spotter);
        for (d, n) in norm.decided() {
            *decided.entry(d).or_default() += n;
        }
        (norm, tally, extra)
    });
    let absorb = |extra, map: &Remap| beside.absorb(kept, extra, map);
    merge_tallies(workers, demand, unmapped, absorb);
    Ok(summary)
}

/// A worker's postings put off until the coder is built, and the bytes their cells hold.
#[derive(Default)]
struct PutOff {
    rows: Vec<Deferred>,
    /// The bytes of their cells.
    bytes: usize,
}

impl PutOff {
    /// Beyond this many bytes of cells, a worker waits for the coder rather than keep more rows
    /// aside: the rows read while the coder is built are a fraction of a second's input, but
    /// long descriptions could make that much input large.
    const MAX_BYTES: usize = 16 << 20;

    fn full(&self) -> bool {
        self.bytes >= Self::MAX_BYTES
    }

    fn push(&mut self, row: Deferred) {
        self.bytes += row.cells.iter().map(|c| c.len()).sum::<usize>() + row.source.len();
        self.rows.push(row);
    }
}

/// A posting whose title needed the occupation coder while another worker was building it:
/// counted once the worker has read its share, by then without waiting. Only the cells its key
/// and its count need are kept ([`Beside::reads`] is false: nothing else reads the row).
struct Deferred {
    year: i32,
    region: RegionKey,
    /// The cells its key is made of: specialisation, title, sector, description.
    cells: [Box<str>; 4],
    source: Box<str>,
    vacancies: u64,
}

impl Deferred {
    fn of(row: &PostingRow, region: RegionKey, split: Split) -> Deferred {
        Deferred {
            year: row.date.year,
            region,
            cells: [row.specialisation, row.title, row.sector, row.description].map(Box::from),
            source: split.source(row.source).into(),
            vacancies: row.vacancies,
        }
    }

    fn count(self, norm: &mut Normaliser, demand: &mut Demand) {
        let [spec, title, sector, text] = &self.cells;
        let key = norm.posting_key(spec, title, sector, text);
        demand.add(self.year, self.region, key, &self.source, self.vacancies);
    }
}

/// One worker's labels of a Parquet row group resolved once per value of its dictionaries
/// (see [`ingest::PostingBatch`]): per region, city and specialisation cell, the place or key
/// it gives alone with its slot in [`Cells`] (`Some(None)`: it does not decide alone; `None`:
/// not looked at yet). A row whose cells decide nothing alone is resolved from its labels as any
/// row is.
///
/// A CSV row is resolved the same way when its region cell names a region and its
/// specialisation cell a specialisation, the cells looked up by their text
/// ([`Resolved::row`]).
#[derive(Default)]
struct Resolved {
    /// The postings counted so.
    postings: u64,
    group: Option<usize>,
    regions: Vec<Option<Option<(RegionKey, u16)>>>,
    cities: Vec<Option<Option<(RegionKey, u16)>>>,
    specialisations: Vec<Option<Option<(PostingKey, u16)>>>,
    cells: Cells,
    /// The row path's region cells, by text.
    region_texts: FxHashMap<String, Option<(RegionKey, u16)>>,
    /// The row path's specialisation cells, by text.
    spec_texts: FxHashMap<String, Option<(PostingKey, u16)>>,
    /// Rows of the row path whose specialisation cell decided alone (counted in the
    /// normaliser's deciders when the worker is done).
    by_cell: u64,
}

/// The slot of a place or key that has none in [`Cells`].
const NO_SLOT: u16 = u16::MAX;

/// A worker's counts of the postings [`Resolved`] places, by year, region and key, in a dense
/// array rather than a hash table (the hashing of a row's whole cell was a tenth of the time);
/// added to the worker's tally at the end (see [`Cells::flush`]). Only the places and keys
/// given alone by a cell, a handful of regions and specialisations, get a slot; the rest, and
/// the years outside the array's span, go to the tally directly.
#[derive(Default)]
struct Cells {
    /// The year of the first slot, set by the first posting.
    first_year: Option<i32>,
    regions: Vec<RegionKey>,
    keys: Vec<PostingKey>,
    counts: Vec<Counts>,
}

impl Cells {
    const YEARS: usize = 16;
    const REGIONS: usize = 32;
    const KEYS: usize = 128;

    /// The slot of `region`, given one if there is room.
    fn region_slot(&mut self, region: RegionKey) -> u16 {
        slot(&mut self.regions, region, Self::REGIONS)
    }

    /// The slot of `key`, given one if there is room.
    fn key_slot(&mut self, key: PostingKey) -> u16 {
        slot(&mut self.keys, key, Self::KEYS)
    }

    /// Counts a posting in the array; false when its year, region or key has no slot.
    #[inline]
    fn add(&mut self, year: i32, region: u16, key: u16, units: u64) -> bool {
        let first = *self.first_year.get_or_insert(year - Self::YEARS as i32 / 2);
        let y = year.wrapping_sub(first) as u32 as usize;
        if y >= Self::YEARS || region == NO_SLOT || key == NO_SLOT {
            return false;
        }
        if self.counts.is_empty() {
            self.counts = vec![Counts::default(); Self::YEARS * Self::REGIONS * Self::KEYS];
        }
        let c = &mut self.counts
            [(y * Self::REGIONS + usize::from(region)) * Self::KEYS + usize::from(key)];
        c.rows += 1;
        c.units += units;
        true
    }

    /// Adds the counts to `demand` (in its group `""`: the array is used only when sources are
    /// kept together) and empties the array.
    fn flush(&mut self, demand: &mut Demand) {
        let Some(first) = self.first_year else {
            return;
        };
        for (i, c) in self.counts.iter().enumerate().filter(|(_, c)| c.rows > 0) {
            let (rest, key) = (i / Self::KEYS, i % Self::KEYS);
            let (y, region) = (rest / Self::REGIONS, rest % Self::REGIONS);
            demand.add_counts(
                first + y as i32,
                self.regions[region],
                self.keys[key],
                "",
                *c,
            );
        }
        self.counts = Vec::new();
    }
}

/// The slot of `value` among `held` (added if new and there are fewer than `room`).
fn slot<T: PartialEq>(held: &mut Vec<T>, value: T, room: usize) -> u16 {
    if let Some(i) = held.iter().position(|h| *h == value) {
        return i as u16;
    }
    if held.len() >= room {
        return NO_SLOT;
    }
    held.push(value);
    (held.len() - 1) as u16
}

impl Resolved {
    /// Counts a CSV row in the dense cells when its region cell names one region and its
    /// specialisation cell a specialisation, as [`Normaliser::posting_region`] and
    /// [`Normaliser::posting_key`] would place and key it, with one look-up per cell, and
    /// returns the place and key; `None`, counting nothing, otherwise (or when its year is
    /// outside the cells' span).
    #[inline]
    fn row(&mut self, norm: &mut Normaliser, row: &PostingRow) -> Option<(RegionKey, PostingKey)> {
        let cells = &mut self.cells;
        let (region, region_slot) = cached(&mut self.region_texts, row.region, || {
            (norm.region_alone(row.region)).map(|r| (r, cells.region_slot(r)))
        })?;
        let (key, key_slot) = cached(&mut self.spec_texts, row.specialisation, || {
            (norm.specialisation_alone(row.specialisation)).map(|k| (k, cells.key_slot(k)))
        })?;
        if !cells.add(row.date.year, region_slot, key_slot, row.vacancies) {
            return None;
        }
        self.by_cell += 1;
        Some((region, key))
    }

    /// Counts a batch's postings in `demand` (and their ids in `spotter`), as the row path
    /// would.
    fn count(
        &mut self,
        norm: &mut Normaliser,
        demand: &mut Demand,
        mut spotter: Option<&mut Spotter>,
        split: Split,
        batch: &ingest::PostingBatch,
    ) {
        use ingest::Label;
        if self.group != Some(batch.group) {
            self.group = Some(batch.group);
            let fresh = |table: &mut Vec<_>, label| {
                table.clear();
                table.resize(batch.entries(label), None);
            };
            fresh(&mut self.regions, Label::Region);
            fresh(&mut self.cities, Label::City);
            self.specialisations.clear();
            self.specialisations
                .resize(batch.entries(Label::Specialisation), None);
        }
        let cells = &mut self.cells;
        let mut by_cell = 0;
        for p in batch.postings {
            let mut alone =
                |table: &mut [Option<Option<(RegionKey, u16)>>], label, norm: &mut Normaliser| {
                    let i = batch.index(label, p)? as usize;
                    *table[i].get_or_insert_with(|| {
                        let region = norm.region_alone(batch.text(label, i as u32))?;
                        Some((region, cells.region_slot(region)))
                    })
                };
            let (region, region_slot) = match alone(&mut self.regions, Label::Region, norm)
                .or_else(|| alone(&mut self.cities, Label::City, norm))
            {
                Some(found) => found,
                None => (
                    norm.posting_region(batch.label(Label::Region, p), batch.label(Label::City, p)),
                    NO_SLOT,
                ),
            };
            let spec = batch.index(Label::Specialisation, p).and_then(|i| {
                *self.specialisations[i as usize].get_or_insert_with(|| {
                    let key = norm.specialisation_alone(batch.text(Label::Specialisation, i))?;
                    Some((key, cells.key_slot(key)))
                })
            });
            let (key, key_slot) = match spec {
                Some(found) => {
                    by_cell += 1;
                    found
                }
                None => (
                    norm.posting_key(
                        batch.label(Label::Specialisation, p),
                        batch.label(Label::Title, p),
                        batch.label(Label::Sector, p),
                        "",
                    ),
                    NO_SLOT,
                ),
            };
            if split.sources {
                let source = batch.label(Label::Source, p);
                demand.add(p.year, region, key, source, p.vacancies);
            } else if !cells.add(p.year, region_slot, key_slot, p.vacancies) {
                demand.add(p.year, region, key, "", p.vacancies);
            }
            if let Some(s) = spotter.as_deref_mut() {
                match batch.posting_id(p) {
                    ingest::Id::Text(id) => s.see_id(id),
                    ingest::Id::Number(n) => s.see_number(n),
                }
            }
        }
        norm.count_decided(Decider::Specialisation, by_cell);
        self.postings += batch.postings.len() as u64;
    }
}

/// The second reading of the postings, when some duplicate keys were sighted twice: keeps the
/// candidate rows, resolves which are copies, and takes those back out of `demand`. Returns what
/// was merged; the summaries of the first reading are used to check that no file changed. The
/// copies are taken out of `beside`'s tally too.
pub fn merge_duplicates<B: Beside>(
    files: &[(ingest::Input, ReadOptions)],
    first: &[ReadSummary],
    sightings: &dedup::Candidates,
    (opts, split): (dedup::Options, Split),
    coder: &Occupations,
    into: (&mut Demand, &mut UnmappedTable),
    beside: (&B, &mut B::Tally),
) -> Result<Merges, Error> {
    let ((demand, unmapped), (beside, tally)) = (into, beside);
    // what `beside` kept of each candidate, in the candidates' order
    let mut kept = Vec::new();
    crate::log::info("reading the postings again to merge duplicate postings");
    let mut candidates = Vec::new();
    // the candidates' sources, numbered over all workers
    let mut sources = Groups::default();
    for (f, ((input, read_opts), before)) in files.iter().zip(first).enumerate() {
        // the rejects were kept on the first reading
        let read_opts = ReadOptions {
            keep_all_rejects: false,
            ..read_opts.clone()
        };
        let (summary, workers) = ingest::read_postings(
            input,
            &read_opts,
            || {
                let collector = Collector::new(sightings, opts, f);
                (
                    Normaliser::new(coder),
                    collector,
                    beside.tally(),
                    Vec::new(),
                )
            },
            |(norm, collector, scratch, kept), row| {
                if let Some(keys) = collector.wants(row) {
                    let region = norm.posting_region(row.region, row.city);
                    let key = norm.posting_key(
                        row.specialisation,
                        row.title,
                        row.sector,
                        row.description,
                    );
                    collector.keep(row, keys, region, key);
                    kept.push(beside.keep(scratch, row));
                }
            },
        )?;
        if summary.sha256 != before.sha256 {
            return Err(ingest::Error::Changed { path: summary.file }.into());
        }
        for (norm, collector, _, theirs) in workers {
            let map = unmapped.absorb(norm.unmapped());
            kept.extend(theirs);
            let names = collector.sources;
            candidates.extend(collector.candidates.into_iter().map(|mut c| {
                c.source = sources.id(names.name(c.source));
                c.region = c.region.remap(&map);
                c.key = c.key.remap(&map);
                c
            }));
        }
    }
    crate::log::debug(format!(
        "{} postings share a key with another: compared exactly",
        crate::util::thousands(candidates.len() as u64)
    ));
    let mut merged = Merges::default();
    for (i, kind) in dedup::resolve(&candidates, opts) {
        let c = &candidates[i];
        if !demand.remove(
            c.date.year,
            c.region,
            c.key,
            split.source(sources.name(c.source)),
            c.vacancies,
        ) {
            return Err(Error::Compute(format!(
                "{}, line {}: a duplicate posting was not in the tally",
                first[c.file as usize].file, c.line
            )));
        }
        beside.remove(tally, c.date.year, c.region, c.key, &kept[i]);
        match kind {
            Kind::SameId => merged.same_id += 1,
            Kind::Identical => merged.identical += 1,
            Kind::Syndicated => merged.syndicated += 1,
        }
        merged.units += c.vacancies;
    }
    crate::log::info(format!(
        "merged {} duplicate postings ({} with the same id, {} identical rows without an id, {} \
         syndicated)",
        crate::util::thousands(merged.rows()),
        crate::util::thousands(merged.same_id),
        crate::util::thousands(merged.identical),
        crate::util::thousands(merged.syndicated)
    ));
    Ok(merged)
}

/// Reads one table of postings counts on all cores and adds each row's count to `demand`, as
/// one row carrying that many vacancies; see [`read_demand`]. Count rows are tallies, not
/// postings: no duplicates are looked for among them.
pub fn read_counted(
    input: &ingest::Input,
    opts: &ReadOptions,
    coder: &Occupations,
    demand: &mut Demand,
    unmapped: &mut UnmappedTable,
) -> Result<ReadSummary, Error> {
    let (summary, workers) = ingest::read_counts(
        input,
        opts,
        || (Normaliser::new(coder), Demand::default()),
        |(norm, demand), row| {
            let region = norm.posting_region(row.region, row.city);
            let key = norm.count_key(row.specialisation, row.title, row.isco_08);
            // a counts table names no board: its rows take the default coverage
            demand.add(row.year, region, key, "", row.count);
        },
    )?;
    let workers = (workers.into_iter()).map(|(norm, tally)| (norm, tally, ()));
    merge_tallies(workers, demand, unmapped, |(), _| {});
    Ok(summary)
}

/// Reads one graduates input on all cores and adds its rows to `supply`; see [`read_demand`].
pub fn read_supply(
    input: &ingest::Input,
    opts: &ReadOptions,
    split: Split,
    coder: &Occupations,
    supply: &mut Supply,
    unmapped: &mut UnmappedTable,
) -> Result<ReadSummary, Error> {
    let (summary, workers) = ingest::read_graduates(
        input,
        opts,
        || (Normaliser::new(coder), Supply::default()),
        |(norm, supply), row| {
            let region = norm.graduate_region(row.region, row.institution);
            let field = norm.field(row.field);
            supply.add(
                row.year,
                region,
                field,
                split.level(row.level),
                row.graduates,
            );
        },
    )?;
    let workers = (workers.into_iter()).map(|(norm, tally)| (norm, tally, ()));
    merge_tallies(workers, supply, unmapped, |(), _| {});
    Ok(summary)
}

/// Merges the workers' tallies into `into`, their unmapped labels renumbered into `unmapped`.
/// Every worker's caches are dropped first: an export full of
/// junk fills them, and only the labels and the tallies are needed now.
fn merge_tallies<'o, 't: 'o, K: TallyKey, E>(
    workers: impl IntoIterator<Item = (Normaliser<'o, 't>, Tally<K>, E)>,
    into: &mut Tally<K>,
    unmapped: &mut UnmappedTable,
    mut extra: impl FnMut(E, &Remap),
) {
    let workers: Vec<_> = (workers.into_iter())
        .map(|(norm, tally, e)| (norm.into_unmapped(), tally, e))
        .collect();
    for (table, tally, e) in workers {
        // the first worker's labels and tally are taken as they are, not copied
        let map = unmapped.absorb_owned(table);
        if into.is_empty() && map.is_identity() {
            *into = tally;
        } else {
            into.absorb(tally, |r| r.remap(&map), |id| map.label(id));
        }
        extra(e, &map);
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn assumptions(text: &str) -> Assumptions {
        Assumptions::parse(Path::new("a.toml"), text).unwrap()
    }

    #[test]
    fn postings_counted_in_the_dense_cells_reach_the_tally_as_added_one_by_one() {
        use crate::normalise::{Area, IscoKey, Placed, SpecId};
        let region = |r| Placed::Known(Area::Region(r));
        let key = |s| PostingKey {
            spec: Placed::Known(SpecId(s)),
            isco: IscoKey::UNASKED,
        };
        let mut cells = Cells::default();
        let (r0, r1) = (cells.region_slot(region(3)), cells.region_slot(region(7)));
        assert_eq!((r0, r1, cells.region_slot(region(3))), (0, 1, 0));
        let k0 = cells.key_slot(key(12));
        // 2025 and 2024 fit; 2040 is past the 16 years from 2017 (2025 - 8) and is left out
        assert!(cells.add(2025, r0, k0, 2));
        assert!(cells.add(2025, r0, k0, 1));
        assert!(cells.add(2024, r1, k0, 5));
        assert!(!cells.add(2040, r1, k0, 1));
        assert!(!cells.add(2025, NO_SLOT, k0, 1));
        let mut demand = Demand::default();
        demand.add(2025, region(3), key(12), "", 10);
        cells.flush(&mut demand);
        let counts = |rows, units| Counts { rows, units };
        assert_eq!(
            demand.cells(),
            [
                ((2024, region(7), key(12)), counts(1, 5)),
                ((2025, region(3), key(12)), counts(3, 13)),
            ]
        );
        // a full table gives no slot
        let mut held: Vec<u32> = (0..4).collect();
        assert_eq!((slot(&mut held, 2, 4), slot(&mut held, 9, 4)), (2, NO_SLOT));
    }

    /// A CSV row whose region and specialisation cells decide alone is counted in the dense
    /// cells, with the place and key the normaliser gives it; any other row is left to the
    /// normaliser, counting nothing. Both paths end in the same tally.
    #[test]
    fn rows_counted_in_the_dense_cells_are_placed_and_keyed_as_the_normaliser_does() {
        let tax = crate::taxonomy::Taxonomy::default_embedded();
        let data = crate::classify::CoderData::built_in().unwrap();
        let occupations = Occupations::built_in(&tax, &data, false);
        let record = csv::ByteRecord::new();
        // region, city, specialisation, title, date
        let rows = [
            (
                "Casablanca-Settat",
                "",
                "Data Science",
                "",
                "2025-03-01",
                true,
            ),
            (
                "الدار البيضاء سطات",
                "Rabat",
                "devops",
                "",
                "2025-04-01",
                true,
            ),
            // a city alone, a national place, two regions: the normaliser reads them
            ("", "Tanger", "cloud", "", "2025-03-01", false),
            ("Tout le Maroc", "", "cloud", "", "2025-03-01", false),
            (
                "Agadir & Marrakech-Safi",
                "",
                "cloud",
                "",
                "2025-03-01",
                false,
            ),
            // a specialisation the cell does not name: the title is coded
            (
                "Casablanca-Settat",
                "",
                "",
                "Comptable",
                "2025-03-01",
                false,
            ),
            (
                "Casablanca-Settat",
                "",
                "Licence en bricolage",
                "",
                "2025-03-01",
                false,
            ),
            // outside the dense cells' 16 years
            (
                "Casablanca-Settat",
                "",
                "Data Science",
                "",
                "2041-03-01",
                false,
            ),
            (
                "Casablanca-Settat",
                "",
                "data science",
                "",
                "2024-12-31",
                true,
            ),
        ];
        let mut dense = Resolved::default();
        let (mut norm_a, mut norm_b) =
            (Normaliser::new(&occupations), Normaliser::new(&occupations));
        let (mut by_rows, mut by_norm) = (Demand::default(), Demand::default());
        for (region, city, spec, title, date, alone) in rows {
            let row = PostingRow {
                line: 2,
                posting_id: "",
                date: crate::ingest::parse::parse_date(date).unwrap(),
                title,
                specialisation: spec,
                sector: "",
                description: "",
                region,
                city,
                vacancies: 3,
                source: "",
                company: "",
                text: ["", "", ""],
                has_text_columns: false,
                record: &record,
            };
            let placed = norm_b.posting_region(region, city);
            let keyed = norm_b.posting_key(spec, title, "", "");
            by_norm.add(row.date.year, placed, keyed, "", 3);
            match dense.row(&mut norm_a, &row) {
                Some(found) => {
                    assert!(alone, "{region} {spec} {date}");
                    assert_eq!(found, (placed, keyed));
                }
                None => {
                    assert!(!alone, "{region} {spec} {date}");
                    let placed = norm_a.posting_region(region, city);
                    let keyed = norm_a.posting_key(spec, title, "", "");
                    by_rows.add(row.date.year, placed, keyed, "", 3);
                }
            }
        }
        dense.cells.flush(&mut by_rows);
        assert_eq!(by_rows.cells(), by_norm.cells());
        assert_eq!(dense.by_cell, 3);
    }

    #[test]
    fn a_worker_puts_off_postings_up_to_a_budget_of_bytes() {
        let row = |description: &str| Deferred {
            year: 2025,
            region: crate::normalise::Placed::Unmapped(0),
            cells: ["", "Comptable", "", description].map(Box::from),
            source: "".into(),
            vacancies: 1,
        };
        let mut put_off = PutOff::default();
        put_off.push(row("short"));
        assert_eq!(put_off.bytes, "Comptable".len() + "short".len());
        assert!(!put_off.full());
        let long = "x".repeat(PutOff::MAX_BYTES / 2);
        put_off.push(row(&long));
        assert!(!put_off.full());
        put_off.push(row(&long));
        assert!(put_off.full(), "{} bytes", put_off.bytes);
        assert_eq!(put_off.rows.len(), 3);
    }

    #[test]
    fn only_the_groups_an_assumption_names_are_kept_apart() {
        let none = Split::needed_by([]);
        assert_eq!((none.source("rekrute"), none.level("Licence")), ("", ""));
        // a default alone applies to every group alike
        let defaults = assumptions("[coverage]\ndefault = 0.5\n[entry_rate]\ndefault = 0.7\n");
        assert_eq!(Split::needed_by([&defaults]), none);
        let boards = assumptions("[coverage]\nrekrute = 0.35\n");
        let levels = assumptions("[entry_rate]\nLicence = 0.8\n");
        let split = Split::needed_by([&defaults, &boards]);
        assert_eq!(
            (split.source("rekrute"), split.level("Licence")),
            ("rekrute", "")
        );
        assert_eq!(Split::needed_by([&boards, &levels]), Split::ALL);
    }
}
