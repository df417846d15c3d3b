//! Reading postings for their skills: every valid row is placed (year, region, specialisation)
//! and its text matched, and the postings and the postings mentioning each skill are tallied per
//! place. A row without text is counted as such, never dropped.

use rustc_hash::FxHashMap;

use super::{Folded, Matcher};
use crate::error::Error;
use crate::ingest::{self, Input, ReadOptions, ReadSummary};
use crate::normalise::{Normaliser, Occupations, RegionKey, Remap, SpecKey, UnmappedTable};
use crate::taxonomy::SkillIdx;

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

    /// Takes one posting counted by [`SkillTally::add`] back out (a duplicate merged into
    /// another copy); false when the cell has no such posting.
    pub fn remove(
        &mut self,
        year: i32,
        region: RegionKey,
        spec: SpecKey,
        skills: &[SkillIdx],
        text: bool,
    ) -> bool {
        let Some(c) = self.cells.get_mut(&(year, region, spec)) else {
            return false;
        };
        if c.postings == 0 || (!text && c.without_text == 0) {
            return false;
        }
        if skills
            .iter()
            .any(|s| c.mentions.get(s).is_none_or(|&n| n == 0))
        {
            return false;
        }
        c.postings -= 1;
        if !text {
            c.without_text -= 1;
        }
        for s in skills {
            let n = c.mentions.get_mut(s).expect("checked above");
            *n -= 1;
            if *n == 0 {
                c.mentions.remove(s);
            }
        }
        if c.postings == 0 {
            self.cells.remove(&(year, region, spec));
        }
        true
    }

    /// Whether no posting is counted.
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
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

/// Finds the skills in one posting's text cells; its buffers are reused from posting to posting.
#[derive(Default)]
pub struct Extractor {
    text: Folded,
    found: Vec<SkillIdx>,
}

impl Extractor {
    /// The skills that `cells` mention (sorted, each once), and whether they hold any text.
    pub fn skills(&mut self, matcher: &Matcher, cells: [&str; 3]) -> (&[SkillIdx], bool) {
        self.text.clear();
        for cell in cells {
            self.text.push_field(cell);
        }
        self.text.finish();
        matcher.find(&self.text, &mut self.found);
        (&self.found, !self.text.is_empty())
    }
}

/// What reading the postings for their skills gives.
#[derive(Debug, Default)]
pub struct SkillScan {
    pub tally: SkillTally,
    /// One summary per postings file, in the order given.
    pub files: Vec<ReadSummary>,
    /// The labels behind unmapped keys.
    pub unmapped: UnmappedTable,
    /// Whether any file has a text column.
    pub text_columns: bool,
}

/// Reads every postings file (their text columns too) on all cores and tallies the skills.
pub fn scan(
    inputs: &[Input],
    opts: &ReadOptions,
    coder: &Occupations,
    matcher: &Matcher,
) -> Result<SkillScan, Error> {
    let opts = ReadOptions {
        text: true,
        ..opts.clone()
    };
    let mut out = SkillScan::default();
    for input in inputs {
        let (summary, workers) = ingest::read_postings(
            input,
            &opts,
            || {
                (
                    Normaliser::new(coder),
                    SkillTally::default(),
                    Folded::new(),
                    Vec::new(),
                    false,
                )
            },
            |(norm, tally, text, found, any_column), row| {
                let region = norm.posting_region(row.region, row.city);
                let spec = norm
                    .posting_key(row.specialisation, row.title, row.sector, row.description)
                    .spec;
                text.clear();
                for cell in row.text {
                    text.push_field(cell);
                }
                text.finish();
                matcher.find(text, found);
                tally.add(row.date.year, region, spec, found, !text.is_empty());
                *any_column |= row.has_text_columns;
            },
        )?;
        for (norm, tally, _, _, any_column) in workers {
            let map = out.unmapped.absorb(norm.unmapped());
            out.tally.absorb(tally, &map);
            out.text_columns |= any_column;
        }
        out.files.push(summary);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalise::{Area, Placed, SpecId, UnmappedLabel, UnmappedReason};

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
        let label = |i: usize| UnmappedLabel {
            column: "title",
            label: format!("label {i}"),
            reason: UnmappedReason::Unknown,
        };
        let mut merged = UnmappedTable::default();
        for i in 0..7 {
            merged.intern(&label(i));
        }
        let mut theirs = UnmappedTable::default();
        theirs.intern(&label(7));
        a.absorb(b, &merged.absorb(&theirs));
        let cells = a.cells();
        assert_eq!(cells.len(), 2);
        assert_eq!(*cells[0].0, (2024, r, Placed::Unmapped(7)));
        let c = cells[1].1;
        assert_eq!((c.postings, c.without_text), (3, 1));
        assert_eq!((c.mentions[&1], c.mentions[&2]), (1, 2));
        assert_eq!(a.years(), [2024, 2025]);
    }

    #[test]
    fn a_posting_taken_back_out_leaves_the_tally_as_without_it() {
        let (r, s) = (Placed::Known(Area::Region(0)), Placed::Known(SpecId(1)));
        let mut with = SkillTally::default();
        with.add(2025, r, s, &[1, 2], true);
        with.add(2025, r, s, &[2], true);
        with.add(2025, r, s, &[], false);
        let mut without = SkillTally::default();
        without.add(2025, r, s, &[2], true);
        without.add(2025, r, s, &[], false);
        // a skill the cell never saw, or a posting without text where there is none: refused
        assert!(!with.remove(2025, r, s, &[3], true));
        assert!(!with.remove(2024, r, s, &[1], true));
        assert!(with.remove(2025, r, s, &[1, 2], true));
        assert_eq!(with.cells(), without.cells());
        assert!(with.remove(2025, r, s, &[], false));
        assert!(!with.remove(2025, r, s, &[], false));
        assert!(with.remove(2025, r, s, &[2], true));
        assert!(with.is_empty());
    }
}
