//! Aggregating valid rows into tallies: units (vacancies or graduates) and rows per year and per
//! resolved (region, specialisation or field) pair.
//!
//! A tally is tiny compared with its input (years × regions × specialisations, plus unmapped
//! labels), which is what lets skillgap stream any number of postings in flat memory.
//!
//! A cell holds the labels that could not be placed as one `unmapped` key: what each such label
//! carried is counted beside the cells, per label, year and place in the key ([`Role`]), in a slot
//! of 16 bytes indexed by the label's id. An export full of junk has a distinct label on nearly
//! every row, and a cell per row would cost four times as much.
//!
//! Each cell is also split by a *group*: the `source` of a posting, the `level` of a cohort, as
//! written in the input. The indicators need them (a board's coverage, a level's entry rate); the
//! gap report sums them away ([`Tally::cells`]). There are a handful of each, so the split costs
//! little, and the last group seen is remembered, so the usual run of rows from one board costs one
//! string comparison.

use std::collections::BTreeSet;

use rustc_hash::FxHashMap;

use crate::normalise::{Area, FieldKey, IscoKey, Placed, PostingKey, RegionKey, SpecKey};

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

/// Where an unplaced label sits in a cell's key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// The region.
    Region,
    /// The specialisation of a posting, the field of a cohort.
    Key,
    /// The reason a posting's ISCO-08 group is not a unit group; the group is known to this many
    /// digits (0 to 3).
    Isco(u8),
}

/// What a tally needs of its keys: the key as a cell holds it, and its unplaced labels.
pub trait TallyKey: Copy + Eq + std::hash::Hash + Ord {
    /// The key with the ids of its unplaced labels set to 0: every unplaced label is one key.
    fn framed(self) -> Self;
    /// Calls `f` with the id of every unplaced label of the key and where it sits.
    fn each_unplaced(self, f: impl FnMut(u32, Role));
}

impl TallyKey for SpecKey {
    fn framed(self) -> Self {
        self.unmapped_id().map_or(self, |_| Placed::Unmapped(0))
    }

    fn each_unplaced(self, mut f: impl FnMut(u32, Role)) {
        if let Some(id) = self.unmapped_id() {
            f(id, Role::Key);
        }
    }
}

impl TallyKey for PostingKey {
    fn framed(self) -> Self {
        PostingKey {
            spec: self.spec.framed(),
            isco: IscoKey {
                code: self.isco.code,
                why: self.isco.why.map(|_| 0),
            },
        }
    }

    fn each_unplaced(self, mut f: impl FnMut(u32, Role)) {
        self.spec.each_unplaced(&mut f);
        if let Some(id) = self.isco.why {
            f(
                id,
                Role::Isco(self.isco.code.map_or(0, |c| c.level() as u8)),
            );
        }
    }
}

impl TallyKey for FieldKey {
    fn framed(self) -> Self {
        match self {
            FieldKey::Unmapped(_) => FieldKey::Unmapped(0),
            k => k,
        }
    }

    fn each_unplaced(self, mut f: impl FnMut(u32, Role)) {
        if let FieldKey::Unmapped(id) = self {
            f(id, Role::Key);
        }
    }
}

/// A region as a cell holds it: every unplaced label is one region.
fn framed_region(r: RegionKey) -> RegionKey {
    r.unmapped_id().map_or(r, |_| Placed::Unmapped(0))
}

/// Whether a region is abroad: the rows there are not Moroccan, their labels are not listed.
fn abroad(r: RegionKey) -> bool {
    matches!(r, Placed::Known(Area::Abroad(_)))
}

/// A label's slot in [`LabelCounts`]: what the label carried in one year and role, in 32-bit
/// counts (a label whose counts outgrow them is counted in [`LabelCounts::more`]).
#[derive(Debug, Clone, Copy)]
struct Slot {
    rows: u32,
    units: u32,
    year: i32,
    role: Role,
    state: State,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// No (year, role) yet.
    Empty,
    /// Counts the slot's (year, role).
    Held,
    /// The slot's (year, role) outgrew 32 bits: counted in `more` from then on.
    Spilled,
}

const EMPTY: Slot = Slot {
    rows: 0,
    units: 0,
    year: 0,
    role: Role::Region,
    state: State::Empty,
};

/// Rows and units per unplaced label, year and role: a slot per label id from `base` on (the
/// first year and role the label is met in), and a map for every other. The ids of a tally's
/// labels are dense, as their table numbers them in order of first sight; an id far beyond the
/// slots (more than the slots held) goes to the map, so the slots stay at least about half full.
#[derive(Debug, Clone, Default)]
struct LabelCounts {
    base: u32,
    slots: Vec<Slot>,
    /// Slots in use.
    used: usize,
    more: FxHashMap<(u32, i32, Role), Counts>,
}

impl LabelCounts {
    /// The index of the slot of `id`, made when it is close enough to the others.
    fn index(&mut self, id: u32) -> Option<usize> {
        if self.slots.is_empty() {
            self.base = id;
        }
        let i = id.checked_sub(self.base)? as usize;
        if i >= self.slots.len() {
            if i >= 2 * self.used + 1024 {
                return None;
            }
            self.slots.resize(i + 1, EMPTY);
        }
        Some(i)
    }

    fn add(&mut self, id: u32, year: i32, role: Role, c: Counts) {
        if let Some(i) = self.index(id) {
            let s = &mut self.slots[i];
            if s.state == State::Empty {
                *s = Slot {
                    year,
                    role,
                    state: State::Held,
                    ..EMPTY
                };
                self.used += 1;
            }
            if s.state == State::Held && (s.year, s.role) == (year, role) {
                let rows = u32::try_from(u64::from(s.rows) + c.rows);
                let units = u32::try_from(u64::from(s.units) + c.units);
                if let (Ok(rows), Ok(units)) = (rows, units) {
                    (s.rows, s.units) = (rows, units);
                    return;
                }
                // outgrown: counted in the map from now on
                let held = Counts {
                    rows: u64::from(s.rows),
                    units: u64::from(s.units),
                };
                s.state = State::Spilled;
                *self.more.entry((id, year, role)).or_default() += held;
            }
        }
        *self.more.entry((id, year, role)).or_default() += c;
    }

    /// Takes back `c` from a label's (year, role); false, changing nothing, when it does not hold
    /// that much.
    fn remove(&mut self, id: u32, year: i32, role: Role, c: Counts) -> bool {
        let i = id.checked_sub(self.base).map(|i| i as usize);
        if let Some(s) = i.and_then(|i| self.slots.get_mut(i)) {
            if s.state == State::Held && (s.year, s.role) == (year, role) {
                if u64::from(s.rows) < c.rows || u64::from(s.units) < c.units {
                    return false;
                }
                s.rows -= c.rows as u32;
                s.units -= c.units as u32;
                return true;
            }
        }
        let key = (id, year, role);
        let Some(held) = self.more.get_mut(&key) else {
            return false;
        };
        if held.rows < c.rows || held.units < c.units {
            return false;
        }
        held.rows -= c.rows;
        held.units -= c.units;
        if held.rows == 0 {
            self.more.remove(&key);
        }
        true
    }

    /// Whether `remove` would take `c` back.
    fn holds(&self, id: u32, year: i32, role: Role, c: Counts) -> bool {
        let slot = (id.checked_sub(self.base)).and_then(|i| self.slots.get(i as usize));
        match slot {
            Some(s) if s.state == State::Held && (s.year, s.role) == (year, role) => {
                u64::from(s.rows) >= c.rows && u64::from(s.units) >= c.units
            }
            _ => (self.more.get(&(id, year, role)))
                .is_some_and(|h| h.rows >= c.rows && h.units >= c.units),
        }
    }

    /// Every (label, year, role) with at least one row, in no particular order.
    fn for_each(&self, mut f: impl FnMut(u32, i32, Role, Counts)) {
        for (i, s) in self.slots.iter().enumerate() {
            if s.state == State::Held && s.rows > 0 {
                let c = Counts {
                    rows: u64::from(s.rows),
                    units: u64::from(s.units),
                };
                f(self.base + i as u32, s.year, s.role, c);
            }
        }
        for (&(id, year, role), &c) in &self.more {
            f(id, year, role, c);
        }
    }

    /// Room for the slots up to `id` (when they would be made), allocated once.
    fn reserve_to(&mut self, id: u32) {
        if let Some(i) = id.checked_sub(self.base) {
            let need = (i as usize + 1).saturating_sub(self.slots.len());
            if !self.slots.is_empty() && need > 0 && (i as usize) < 2 * self.used + 1024 {
                self.slots.reserve_exact(need);
            }
        }
    }
}

/// Counts per (year, region, `K`, group), where `K` is a specialisation and an ISCO group
/// ([`PostingKey`]) for postings
/// and a field ([`FieldKey`]) for graduates, and the group is the posting's source or the cohort's
/// level. The cells hold every unplaced label as one (id 0, see [`TallyKey::framed`]); what each
/// carried is counted apart (see [`Tally::for_each_label`]), except in places abroad, whose
/// labels are not listed.
#[derive(Debug, Clone)]
pub struct Tally<K> {
    cells: FxHashMap<(i32, RegionKey, K, GroupId), Counts>,
    labels: LabelCounts,
    groups: Groups,
}

impl<K> Default for Tally<K> {
    fn default() -> Self {
        Tally {
            cells: FxHashMap::default(),
            labels: LabelCounts::default(),
            groups: Groups::default(),
        }
    }
}

/// Vacancies of postings per (year, region, specialisation and ISCO group).
pub type Demand = Tally<PostingKey>;
/// Graduates per (year, region, field).
pub type Supply = Tally<FieldKey>;

impl<K: TallyKey> Tally<K> {
    /// Calls `f` with every unplaced label of a row's region and key and where it sits: none for
    /// a row abroad.
    fn each_label(region: RegionKey, key: K, mut f: impl FnMut(u32, Role)) {
        if abroad(region) {
            return;
        }
        if let Some(id) = region.unmapped_id() {
            f(id, Role::Region);
        }
        key.each_unplaced(f);
    }

    /// Counts one row of `group` (its source or level).
    pub fn add(&mut self, year: i32, region: RegionKey, key: K, group: &str, units: u64) {
        let g = self.groups.id(group);
        let c = (self.cells)
            .entry((year, framed_region(region), key.framed(), g))
            .or_default();
        c.rows += 1;
        c.units += units;
        let labels = &mut self.labels;
        Self::each_label(region, key, |id, role| {
            labels.add(id, year, role, Counts { rows: 1, units })
        });
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
        let k = (
            year,
            framed_region(region),
            key.framed(),
            self.groups.id(group),
        );
        let row = Counts { rows: 1, units };
        let Some(c) = self.cells.get_mut(&k) else {
            return false;
        };
        let mut held = c.rows >= 1 && c.units >= units;
        Self::each_label(region, key, |id, role| {
            held &= self.labels.holds(id, year, role, row)
        });
        if !held {
            return false;
        }
        c.rows -= 1;
        c.units -= units;
        if c.rows == 0 {
            self.cells.remove(&k);
        }
        let labels = &mut self.labels;
        Self::each_label(region, key, |id, role| {
            labels.remove(id, year, role, row);
        });
        true
    }

    /// Adds another tally's cells, with their places abroad translated by `region` and their
    /// unplaced labels' ids by `label`.
    pub fn absorb(
        &mut self,
        other: Tally<K>,
        region: impl Fn(RegionKey) -> RegionKey,
        label: impl Fn(u32) -> u32,
    ) {
        for ((y, r, k, g), c) in other.cells {
            let g = self.groups.id(other.groups.name(g));
            let r = if r.unmapped_id().is_some() {
                r
            } else {
                region(r)
            };
            *self.cells.entry((y, r, k, g)).or_default() += c;
        }
        if let Some(last) =
            (other.labels.slots.len().checked_sub(1)).map(|i| label(other.labels.base + i as u32))
        {
            self.labels.reserve_to(last);
        }
        (other.labels).for_each(|id, y, role, c| self.labels.add(label(id), y, role, c));
    }

    /// Whether no row was counted.
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty() && self.labels.slots.is_empty() && self.labels.more.is_empty()
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

    /// Calls `f` on every cell as held, once per group and in no particular order, for sums
    /// without a copy of the cells. Every unplaced label there is id 0.
    pub fn for_each_cell(&self, mut f: impl FnMut((i32, RegionKey, K), Counts)) {
        for (&(y, r, k, _), &c) in &self.cells {
            f((y, r, k), c);
        }
    }

    /// Calls `f` with what each unplaced label carried per year and role (with at least a row),
    /// rows abroad left out, in no particular order.
    pub fn for_each_label(&self, f: impl FnMut(u32, i32, Role, Counts)) {
        self.labels.for_each(f);
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
    /// name. Cells whose keys read the same are one, their counts summed (the analysis frames read
    /// every place abroad as one).
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
    use crate::classify::Isco;

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

    /// The labels of a tally, sorted: (id, year, role, rows, units).
    fn labels<K: TallyKey>(t: &Tally<K>) -> Vec<(u32, i32, Role, u64, u64)> {
        let mut v = Vec::new();
        t.for_each_label(|id, y, role, c| v.push((id, y, role, c.rows, c.units)));
        v.sort_unstable();
        v
    }

    #[test]
    fn unplaced_labels_are_one_key_in_the_cells_and_counted_apart() {
        let casa = Placed::Known(Area::Region(0));
        let abroad = Placed::Known(Area::Abroad(2));
        let (a, b) = (Placed::Unmapped(4), Placed::Unmapped(5));
        let spec = |id| PostingKey {
            spec: Placed::Unmapped(id),
            isco: IscoKey {
                code: Isco::parse("25"),
                why: Some(id),
            },
        };
        let mut t: Demand = Tally::default();
        t.add(2024, a, spec(6), "", 3);
        t.add(2024, b, spec(7), "", 2);
        t.add(2025, a, spec(6), "", 1);
        t.add(2024, casa, spec(6), "", 10);
        // abroad: in the cells, not in the labels
        t.add(2024, abroad, spec(8), "", 100);
        let framed = spec(0);
        assert_eq!(
            t.cells(),
            [
                ((2024, casa, framed), Counts { rows: 1, units: 10 }),
                (
                    (2024, abroad, framed),
                    Counts {
                        rows: 1,
                        units: 100
                    }
                ),
                (
                    (2024, Placed::Unmapped(0), framed),
                    Counts { rows: 2, units: 5 }
                ),
                (
                    (2025, Placed::Unmapped(0), framed),
                    Counts { rows: 1, units: 1 }
                ),
            ]
        );
        let (region, key, isco) = (Role::Region, Role::Key, Role::Isco(2));
        assert_eq!(
            labels(&t),
            [
                (4, 2024, region, 1, 3),
                (4, 2025, region, 1, 1),
                (5, 2024, region, 1, 2),
                (6, 2024, key, 2, 13),
                (6, 2024, isco, 2, 13),
                (6, 2025, key, 1, 1),
                (6, 2025, isco, 1, 1),
                (7, 2024, key, 1, 2),
                (7, 2024, isco, 1, 2),
            ]
        );
        // a duplicate taken back from its cell and from each of its labels
        assert!(!t.remove(2024, b, spec(7), "", 3), "more units than held");
        assert!(!t.remove(2024, b, spec(9), "", 2), "no row of label 9");
        assert!(t.remove(2024, b, spec(7), "", 2));
        assert!(!t.remove(2024, b, spec(7), "", 0), "taken already");
        assert_eq!(labels(&t).len(), 6);
        assert_eq!(t.cells()[2].1, Counts { rows: 1, units: 3 });

        // merged with another tally's labels renumbered: 0 and 1 there are 5 and 900,000 here
        let mut other: Demand = Tally::default();
        other.add(2024, Placed::Unmapped(0), spec(1), "", 4);
        t.absorb(other, |r| r, |id| [5, 900_000][id as usize]);
        let got = labels(&t);
        assert!(got.contains(&(5, 2024, region, 1, 4)));
        assert!(got.contains(&(900_000, 2024, key, 1, 4)));
        assert_eq!(t.cells()[2].1, Counts { rows: 2, units: 7 });
        // 900,000 is far from the other ids: counted in the map, not in 900,000 slots
        assert!(t.labels.slots.len() < 10);
    }

    #[test]
    fn a_label_whose_counts_outgrow_32_bits_keeps_them_whole() {
        let mut t: Supply = Tally::default();
        let f = FieldKey::Unmapped(3);
        let r = Placed::Known(Area::National);
        let big = u64::from(u32::MAX) - 1;
        t.add(2024, r, f, "", big);
        t.add(2024, r, f, "", 5);
        t.add(2024, r, f, "", 7);
        assert_eq!(labels(&t), [(3, 2024, Role::Key, 3, big + 12)]);
        assert!(t.remove(2024, r, f, "", 5));
        assert_eq!(labels(&t), [(3, 2024, Role::Key, 2, big + 7)]);
        // another year of the same label: in the map beside its slot
        t.add(2023, r, f, "", 1);
        assert_eq!(labels(&t)[0], (3, 2023, Role::Key, 1, 1));
        assert!(t.remove(2023, r, f, "", 1));
        assert_eq!(labels(&t).len(), 1);
    }
}
