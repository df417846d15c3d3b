//! Aggregating valid rows into tallies: units (vacancies or graduates) and rows per year and per
//! resolved (region, specialisation or field) pair.
//!
//! A tally is tiny compared with its input (years × regions × specialisations, plus unmapped
//! labels), which is what lets skillgap stream any number of postings in flat memory.
//!
//! Each cell is also split by a *group*: the `source` of a posting, the `level` of a cohort, as
//! written in the input. The indicators need them (a board's coverage, a level's entry rate); the
//! gap report sums them away ([`Tally::cells`]). There are a handful of each, so the split costs
//! little, and the last group seen is remembered, so the usual run of rows from one board costs one
//! string comparison.

use std::collections::BTreeSet;

use rustc_hash::FxHashMap;

use crate::normalise::{FieldKey, PostingKey, RegionKey};

/// Rows and units counted in one cell.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub rows: u64,
    pub units: u64,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, o: Counts) {
        self.rows += o.rows;
        self.units += o.units;
    }
}

/// The index of a group (a source or a level) in a tally's [`Groups`].
pub type GroupId = u32;

/// The groups of a tally (sources or levels) as written, numbered in order of first sight.
#[derive(Debug, Clone, Default)]
pub struct Groups {
    names: Vec<Box<str>>,
    index: FxHashMap<Box<str>, GroupId>,
    last: Option<GroupId>,
}

impl Groups {
    /// The number of `name`, given one if it is new.
    pub fn id(&mut self, name: &str) -> GroupId {
        if let Some(l) = self.last {
            // lengths first, and an empty name by its length alone: an empty `Box<str>` points
            // nowhere, and `memcmp` on it takes a microcode assist of some hundred nanoseconds on
            // CPUs with AVX-512 (a tally whose rows all count in the group `""` paid it per row)
            let last = &self.names[l as usize];
            if last.len() == name.len() && (name.is_empty() || **last == *name) {
                return l;
            }
        }
        let id = match self.index.get(name) {
            Some(&id) => id,
            None => {
                let id = self.names.len() as GroupId;
                self.names.push(name.into());
                self.index.insert(name.into(), id);
                id
            }
        };
        self.last = Some(id);
        id
    }

    /// The name of a group.
    pub fn name(&self, id: GroupId) -> &str {
        &self.names[id as usize]
    }
}

/// A cell of a tally with its group's name: (year, region, `K`, group).
pub type GroupCell<'a, K> = (i32, RegionKey, K, &'a str);

/// Counts per (year, region, `K`, group), where `K` is a specialisation and an ISCO group
/// ([`PostingKey`]) for postings
/// and a field ([`FieldKey`]) for graduates, and the group is the posting's source or the cohort's
/// level.
#[derive(Debug, Clone)]
pub struct Tally<K> {
    cells: FxHashMap<(i32, RegionKey, K, GroupId), Counts>,
    groups: Groups,
}

impl<K> Default for Tally<K> {
    fn default() -> Self {
        Tally {
            cells: FxHashMap::default(),
            groups: Groups::default(),
        }
    }
}

/// Vacancies of postings per (year, region, specialisation and ISCO group).
pub type Demand = Tally<PostingKey>;
/// Graduates per (year, region, field).
pub type Supply = Tally<FieldKey>;

impl<K: Copy + Eq + std::hash::Hash + Ord> Tally<K> {
    /// Counts one row of `group` (its source or level).
    pub fn add(&mut self, year: i32, region: RegionKey, key: K, group: &str, units: u64) {
        let g = self.groups.id(group);
        let c = self.cells.entry((year, region, key, g)).or_default();
        c.rows += 1;
        c.units += units;
    }

    /// Counts `counts` (rows and units counted elsewhere) in one cell of `group`.
    pub fn add_counts(
        &mut self,
        year: i32,
        region: RegionKey,
        key: K,
        group: &str,
        counts: Counts,
    ) {
        let g = self.groups.id(group);
        *self.cells.entry((year, region, key, g)).or_default() += counts;
    }

    /// Takes back one row counted by [`Tally::add`] (a duplicate found afterwards). Returns false,
    /// changing nothing, when the cell does not hold such a row.
    pub fn remove(
        &mut self,
        year: i32,
        region: RegionKey,
        key: K,
        group: &str,
        units: u64,
    ) -> bool {
        let k = (year, region, key, self.groups.id(group));
        let Some(c) = self.cells.get_mut(&k) else {
            return false;
        };
        if c.rows == 0 || c.units < units {
            return false;
        }
        c.rows -= 1;
        c.units -= units;
        if c.rows == 0 {
            self.cells.remove(&k);
        }
        true
    }

    /// Adds another tally's cells, with their keys translated by `region` and `key`.
    pub fn absorb(
        &mut self,
        other: Tally<K>,
        region: impl Fn(RegionKey) -> RegionKey,
        key: impl Fn(K) -> K,
    ) {
        for ((y, r, k, g), c) in other.cells {
            let g = self.groups.id(other.groups.name(g));
            *self.cells.entry((y, region(r), key(k), g)).or_default() += c;
        }
    }

    /// The years with at least one valid row.
    pub fn years(&self) -> BTreeSet<i32> {
        self.cells.keys().map(|(y, _, _, _)| *y).collect()
    }

    /// The units counted per year, over every cell.
    pub fn units_by_year(&self) -> std::collections::BTreeMap<i32, u64> {
        let mut out = std::collections::BTreeMap::new();
        for (&(y, _, _, _), c) in &self.cells {
            *out.entry(y).or_default() += c.units;
        }
        out
    }

    /// Calls `f` on every cell as held, once per group and in no particular order: for sums,
    /// without a copy of the cells (an export full of junk has a cell per posting).
    pub fn for_each_cell(&self, mut f: impl FnMut((i32, RegionKey, K), Counts)) {
        for (&(y, r, k, _), &c) in &self.cells {
            f((y, r, k), c);
        }
    }

    /// The cells, their groups summed, sorted by key for deterministic downstream work.
    pub fn cells(&self) -> Vec<((i32, RegionKey, K), Counts)> {
        let mut v: Vec<_> = (self.cells.iter())
            .map(|(&(y, r, k, _), c)| ((y, r, k), *c))
            .collect();
        v.sort_unstable_by_key(|c| c.0);
        v.dedup_by(|next, kept| {
            let same = next.0 == kept.0;
            if same {
                kept.1 += next.1;
            }
            same
        });
        v
    }

    /// The cells split by group, their keys read through `key`, sorted by the keys read, then group
    /// name. Cells whose keys read the same are one, their counts summed: the analysis frames read
    /// every unplaced label as `unmapped`, and an export full of junk has a cell per posting.
    pub fn cells_by_group_as(
        &self,
        key: impl Fn(RegionKey, K) -> (RegionKey, K),
    ) -> Vec<(GroupCell<'_, K>, Counts)> {
        let mut merged: FxHashMap<(i32, RegionKey, K, GroupId), Counts> = FxHashMap::default();
        for (&(y, r, k, g), &c) in &self.cells {
            let (r, k) = key(r, k);
            *merged.entry((y, r, k, g)).or_default() += c;
        }
        let mut v: Vec<_> = (merged.into_iter())
            .map(|((y, r, k, g), c)| ((y, r, k, self.groups.name(g)), c))
            .collect();
        v.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalise::{Area, Placed, SpecKey};

    #[test]
    fn groups_are_kept_apart_and_summed_away() {
        let r = Placed::Known(Area::National);
        let k = crate::normalise::Placed::Unmapped(0);
        let mut a: Tally<SpecKey> = Tally::default();
        a.add(2024, r, k, "rekrute", 3);
        a.add(2024, r, k, "anapec", 2);
        a.add(2024, r, k, "rekrute", 1);
        let mut b: Tally<SpecKey> = Tally::default();
        b.add(2024, r, k, "anapec", 5);
        b.add(2023, r, k, "rekrute", 7);
        a.absorb(b, |x| x, |x| x);
        assert_eq!(
            a.cells(),
            vec![
                ((2023, r, k), Counts { rows: 1, units: 7 }),
                ((2024, r, k), Counts { rows: 4, units: 11 })
            ]
        );
        let split: Vec<(i32, &str, Counts)> = a
            .cells_by_group_as(|r, k| (r, k))
            .into_iter()
            .map(|((y, _, _, g), c)| (y, g, c))
            .collect();
        assert_eq!(
            split,
            vec![
                (2023, "rekrute", Counts { rows: 1, units: 7 }),
                (2024, "anapec", Counts { rows: 2, units: 7 }),
                (2024, "rekrute", Counts { rows: 2, units: 4 }),
            ]
        );
        // cells whose keys read the same are one: two unplaced labels read as one
        let mut c: Tally<SpecKey> = Tally::default();
        c.add(2024, r, Placed::Unmapped(3), "rekrute", 2);
        c.add(2024, r, Placed::Unmapped(9), "rekrute", 5);
        c.add(2024, r, Placed::Unmapped(9), "anapec", 1);
        let read =
            c.cells_by_group_as(|r, k| (r, k.unmapped_id().map_or(k, |_| Placed::Unmapped(0))));
        let read: Vec<(&str, Counts)> = read.into_iter().map(|((_, _, _, g), c)| (g, c)).collect();
        assert_eq!(
            read,
            [
                ("anapec", Counts { rows: 1, units: 1 }),
                ("rekrute", Counts { rows: 2, units: 7 })
            ]
        );
        assert!(a.remove(2024, r, k, "anapec", 5));
        assert!(!a.remove(2024, r, k, "elsewhere", 1));
        assert_eq!(a.cells()[1].1, Counts { rows: 3, units: 6 });
    }
}
