//! Aggregating valid rows into tallies: units (vacancies or graduates) and rows per year and per
//! resolved (region, specialisation or field) pair.
//!
//! A tally is tiny compared with its input (years × regions × specialisations, plus unmapped
//! labels), which is what lets skillgap stream any number of postings in flat memory.

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

/// Counts per (year, region, `K`), where `K` is a specialisation and an ISCO group
/// ([`PostingKey`]) for postings and a field ([`FieldKey`]) for graduates.
#[derive(Debug, Clone)]
pub struct Tally<K> {
    cells: FxHashMap<(i32, RegionKey, K), Counts>,
}

impl<K> Default for Tally<K> {
    fn default() -> Self {
        Tally {
            cells: FxHashMap::default(),
        }
    }
}

/// Vacancies of postings per (year, region, specialisation and ISCO group).
pub type Demand = Tally<PostingKey>;
/// Graduates per (year, region, field).
pub type Supply = Tally<FieldKey>;

impl<K: Copy + Eq + std::hash::Hash + Ord> Tally<K> {
    /// Counts one row.
    pub fn add(&mut self, year: i32, region: RegionKey, key: K, units: u64) {
        let c = self.cells.entry((year, region, key)).or_default();
        c.rows += 1;
        c.units += units;
    }

    /// Takes back one row counted by [`Tally::add`] (a duplicate found afterwards). Returns false,
    /// changing nothing, when the cell does not hold such a row.
    pub fn remove(&mut self, year: i32, region: RegionKey, key: K, units: u64) -> bool {
        let k = (year, region, key);
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
        for ((y, r, k), c) in other.cells {
            *self.cells.entry((y, region(r), key(k))).or_default() += c;
        }
    }

    /// The years with at least one valid row.
    pub fn years(&self) -> BTreeSet<i32> {
        self.cells.keys().map(|(y, _, _)| *y).collect()
    }

    /// The cells, sorted by key for deterministic downstream work.
    pub fn cells(&self) -> Vec<((i32, RegionKey, K), Counts)> {
        let mut v: Vec<_> = self.cells.iter().map(|(k, c)| (*k, *c)).collect();
        v.sort_unstable_by_key(|c| c.0);
        v
    }
}
