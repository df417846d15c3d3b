//! Reading postings for their skills: every valid row is placed (year, region, specialisation)
//! and its text matched, and the postings and the postings mentioning each skill are tallied per
//! place. A row without text is counted as such, never dropped.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use super::{Folded, Matcher};
use crate::ingest::PostingRow;
use crate::normalise::{PostingKey, RegionKey, Remap, SpecKey};
use crate::pipeline::Beside;
use crate::taxonomy::{SkillDictionary, SkillIdx};

/// The postings of one (year, region, specialisation) and the skills they mention.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cell {
    /// Postings (rows) placed here.
    pub postings: u64,
    /// Of which: postings whose text cells are all empty (or absent).
    pub without_text: u64,
    /// Postings mentioning each skill, each posting counted once per skill.
    pub mentions: FxHashMap<SkillIdx, u64>,
}

impl Cell {
    fn absorb(&mut self, other: Cell) {
        self.postings += other.postings;
        self.without_text += other.without_text;
        for (s, n) in other.mentions {
            *self.mentions.entry(s).or_default() += n;
        }
    }
}

/// Cells per (year, region, specialisation).
#[derive(Debug, Clone, Default)]
pub struct SkillTally {
    cells: FxHashMap<(i32, RegionKey, SpecKey), Cell>,
}

impl SkillTally {
    /// Counts one posting and the skills it mentions (sorted, each once).
    pub fn add(
        &mut self,
        year: i32,
        region: RegionKey,
        spec: SpecKey,
        skills: &[SkillIdx],
        text: bool,
    ) {
        let c = self.cells.entry((year, region, spec)).or_default();
        c.postings += 1;
        if !text {
            c.without_text += 1;
        }
        for &s in skills {
            *c.mentions.entry(s).or_default() += 1;
        }
    }

    /// Takes back a posting counted by [`SkillTally::add`] with the same arguments (a copy of
    /// another, merged); a cell left without postings is dropped.
    pub fn remove(
        &mut self,
        year: i32,
        region: RegionKey,
        spec: SpecKey,
        skills: &[SkillIdx],
        text: bool,
    ) {
        let key = (year, region, spec);
        let Some(c) = self.cells.get_mut(&key) else {
            return;
        };
        c.postings = c.postings.saturating_sub(1);
        if !text {
            c.without_text = c.without_text.saturating_sub(1);
        }
        for s in skills {
            if let Some(n) = c.mentions.get_mut(s) {
                *n -= 1;
                if *n == 0 {
                    c.mentions.remove(s);
                }
            }
        }
        if c.postings == 0 {
            self.cells.remove(&key);
        }
    }

    /// Adds another tally's cells, with unmapped labels renumbered by `map`.
    pub fn absorb(&mut self, other: SkillTally, map: &Remap) {
        for ((y, r, s), c) in other.cells {
            self.cells
                .entry((y, r.remap(map), s.remap(map)))
                .or_default()
                .absorb(c);
        }
    }

    /// Every cell, in key order.
    pub fn cells(&self) -> Vec<(&(i32, RegionKey, SpecKey), &Cell)> {
        let mut v: Vec<_> = self.cells.iter().collect();
        v.sort_unstable_by_key(|(k, _)| **k);
        v
    }

    /// The years that have postings, in order.
    pub fn years(&self) -> Vec<i32> {
        let mut y: Vec<i32> = self.cells.keys().map(|k| k.0).collect();
        y.sort_unstable();
        y.dedup();
        y
    }
}

/// The skills of the postings, tallied beside the demand by the pipeline's reader (see
/// [`crate::pipeline::read_with`]): every row the demand counts is counted here in the same
/// place, and every copy merged out of the demand is taken out of here too.
pub struct Skills<'m> {
    matcher: &'m Matcher,
}

impl<'m> Skills<'m> {
    pub fn new(matcher: &'m Matcher) -> Skills<'m> {
        Skills { matcher }
    }

    /// Adds a worker's scan to `into`, its unmapped labels renumbered by `map`.
    fn absorb_scan(into: &mut SkillScan, worker: SkillScan, map: &Remap) {
        into.tally.absorb(worker.tally, map);
        into.text_columns |= worker.text_columns;
        into.searched.0 += worker.searched.0;
        into.searched.1 += worker.searched.1;
    }
}

/// One reader worker's skill tally, with its buffers (reused from row to row).
#[derive(Default)]
pub struct SkillScan {
    pub tally: SkillTally,
    /// Whether any file read has a text column.
    pub text_columns: bool,
    /// Bytes of text searched (the text cells as read), and the time spent folding and matching
    /// them, summed over the workers: the extraction's own speed, apart from reading.
    pub searched: (u64, std::time::Duration),
    text: Folded,
    found: Vec<SkillIdx>,
}

impl SkillScan {
    /// Folds a row's text cells and finds their skills (in `self.found`); whether it has text.
    fn search(&mut self, matcher: &Matcher, row: &PostingRow) -> bool {
        let started = std::time::Instant::now();
        self.text.clear();
        for cell in row.text {
            self.text.push_field(cell);
            self.searched.0 += cell.len() as u64;
        }
        self.text.finish();
        matcher.find(&self.text, &mut self.found);
        self.text_columns |= row.has_text_columns;
        self.searched.1 += started.elapsed();
        !self.text.is_empty()
    }
}

impl Beside for Skills<'_> {
    type Tally = SkillScan;
    /// The skills found in a possible copy, and whether it had text.
    type Kept = (Vec<SkillIdx>, bool);

    fn text(&self) -> bool {
        true
    }

    /// A text cell that is not valid text is read as empty: finding skills never rejects a row,
    /// and `skills` rejects the rows `gap` rejects.
    fn lenient_text(&self) -> bool {
        true
    }

    fn tally(&self) -> SkillScan {
        SkillScan::default()
    }

    fn add(&self, into: &mut SkillScan, row: &PostingRow, region: RegionKey, key: PostingKey) {
        let text = into.search(self.matcher, row);
        into.tally
            .add(row.date.year, region, key.spec, &into.found, text);
    }

    fn keep(&self, scratch: &mut SkillScan, row: &PostingRow) -> Self::Kept {
        let text = scratch.search(self.matcher, row);
        (scratch.found.clone(), text)
    }

    fn remove(
        &self,
        from: &mut SkillScan,
        year: i32,
        region: RegionKey,
        key: PostingKey,
        kept: &Self::Kept,
    ) {
        from.tally.remove(year, region, key.spec, &kept.0, kept.1);
    }

    fn absorb(&self, into: &mut SkillScan, worker: SkillScan, map: &Remap) {
        Skills::absorb_scan(into, worker, map);
    }
}

/// The skills of the gap report's top skills: as [`Skills`], for the rows of the files that have
/// text columns only, with the matcher built when the first such row is read, so that a file
/// without text columns costs one test per row and no matcher.
pub struct TopSkills<'t> {
    dict: &'t SkillDictionary,
    matcher: OnceLock<Matcher>,
}

impl<'t> TopSkills<'t> {
    pub fn new(dict: &'t SkillDictionary) -> TopSkills<'t> {
        TopSkills {
            dict,
            matcher: OnceLock::new(),
        }
    }

    /// The matcher, built on first use.
    fn matcher(&self) -> &Matcher {
        (self.matcher).get_or_init(|| Matcher::new(self.dict))
    }

    /// The tally, when some file had text columns.
    pub fn finish(&self, scan: SkillScan) -> Option<SkillTally> {
        scan.text_columns.then_some(scan.tally)
    }
}

impl Beside for TopSkills<'_> {
    type Tally = SkillScan;
    /// The skills found in a possible copy with text columns, and whether it had text.
    type Kept = Option<(Vec<SkillIdx>, bool)>;

    fn text(&self) -> bool {
        true
    }

    fn lenient_text(&self) -> bool {
        true
    }

    fn ignores_plain_rows(&self) -> bool {
        true
    }

    fn tally(&self) -> SkillScan {
        SkillScan::default()
    }

    fn reads(&self, row: &PostingRow) -> bool {
        row.has_text_columns
    }

    fn add(&self, into: &mut SkillScan, row: &PostingRow, region: RegionKey, key: PostingKey) {
        // the matcher is built at the first row with text columns, never before
        if row.has_text_columns {
            Skills::new(self.matcher()).add(into, row, region, key);
        }
    }

    fn keep(&self, scratch: &mut SkillScan, row: &PostingRow) -> Self::Kept {
        row.has_text_columns
            .then(|| Skills::new(self.matcher()).keep(scratch, row))
    }

    fn remove(
        &self,
        from: &mut SkillScan,
        year: i32,
        region: RegionKey,
        key: PostingKey,
        kept: &Self::Kept,
    ) {
        if let Some((found, text)) = kept {
            from.tally.remove(year, region, key.spec, found, *text);
        }
    }

    fn absorb(&self, into: &mut SkillScan, worker: SkillScan, map: &Remap) {
        Skills::absorb_scan(into, worker, map);
    }
}

/// A job's skills: every row's, as [`Skills`] tallies them for the skills reports, and, apart,
/// those of the rows of files with text columns, as [`TopSkills`] tallies them for the gap
/// reports' top skills. Each row's text is searched once.
pub struct JobSkills<'m> {
    matcher: &'m Matcher,
}

impl<'m> JobSkills<'m> {
    pub fn new(matcher: &'m Matcher) -> JobSkills<'m> {
        JobSkills { matcher }
    }
}

/// One reader worker's tallies for [`JobSkills`].
#[derive(Default)]
pub struct JobScan {
    /// Every row's skills, as [`Skills`] has them.
    pub all: SkillScan,
    /// The rows of the files with text columns, as [`TopSkills`] has them.
    pub top: SkillTally,
}

impl JobScan {
    /// The top skills' tally, as [`TopSkills::finish`] gives it: `None` when no file had text
    /// columns.
    pub fn top(&mut self) -> Option<SkillTally> {
        let top = std::mem::take(&mut self.top);
        self.all.text_columns.then_some(top)
    }
}

impl Beside for JobSkills<'_> {
    type Tally = JobScan;
    /// The skills found in a possible copy, whether it had text, and whether its file has text
    /// columns.
    type Kept = (Vec<SkillIdx>, bool, bool);

    fn text(&self) -> bool {
        true
    }

    fn lenient_text(&self) -> bool {
        true
    }

    fn tally(&self) -> JobScan {
        JobScan::default()
    }

    fn add(&self, into: &mut JobScan, row: &PostingRow, region: RegionKey, key: PostingKey) {
        let text = into.all.search(self.matcher, row);
        let (year, found) = (row.date.year, &into.all.found);
        into.all.tally.add(year, region, key.spec, found, text);
        if row.has_text_columns {
            into.top.add(year, region, key.spec, found, text);
        }
    }

    fn keep(&self, scratch: &mut JobScan, row: &PostingRow) -> Self::Kept {
        let (found, text) = Skills::new(self.matcher).keep(&mut scratch.all, row);
        (found, text, row.has_text_columns)
    }

    fn remove(
        &self,
        from: &mut JobScan,
        year: i32,
        region: RegionKey,
        key: PostingKey,
        kept: &Self::Kept,
    ) {
        let (found, text, top) = kept;
        from.all.tally.remove(year, region, key.spec, found, *text);
        if *top {
            from.top.remove(year, region, key.spec, found, *text);
        }
    }

    fn absorb(&self, into: &mut JobScan, worker: JobScan, map: &Remap) {
        Skills::absorb_scan(&mut into.all, worker.all, map);
        into.top.absorb(worker.top, map);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalise::{Area, Placed, SpecId, UnmappedReason, UnmappedTable};

    #[test]
    fn postings_and_mentions_are_counted_once_and_merged() {
        let (r, s) = (Placed::Known(Area::Region(0)), Placed::Known(SpecId(1)));
        let mut a = SkillTally::default();
        a.add(2025, r, s, &[1, 2], true);
        a.add(2025, r, s, &[], false);
        let mut b = SkillTally::default();
        b.add(2025, r, s, &[2], true);
        b.add(2024, r, Placed::Unmapped(0), &[2], true);
        // b's label 0 is the eighth label of the merged table
        let label = |t: &mut UnmappedTable, i: usize| {
            t.intern("title", &format!("label {i}"), UnmappedReason::Unknown)
        };
        let mut merged = UnmappedTable::default();
        for i in 0..7 {
            label(&mut merged, i);
        }
        let mut theirs = UnmappedTable::default();
        label(&mut theirs, 7);
        a.absorb(b, &merged.absorb(&theirs));
        let cells = a.cells();
        assert_eq!(cells.len(), 2);
        assert_eq!(*cells[0].0, (2024, r, Placed::Unmapped(7)));
        let c = cells[1].1;
        assert_eq!((c.postings, c.without_text), (3, 1));
        assert_eq!((c.mentions[&1], c.mentions[&2]), (1, 2));
        assert_eq!(a.years(), [2024, 2025]);
    }
}
