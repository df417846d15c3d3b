//! Normalising raw labels: each distinct spelling of a region, city, specialisation, title or field
//! is resolved against the taxonomy once and remembered, so a million postings cost a few thousand
//! look-ups, not a million.
//!
//! A label that cannot be placed is not dropped: it gets an [`Placed::Unmapped`] id that carries
//! the label and the reason to the data-quality report.
//!
//! Each dimension has its own key type ([`RegionKey`], [`SpecKey`]): a region can never be used
//! where a specialisation is meant.

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::taxonomy::{FieldTarget, RegionIdx, Resolved, SpecIdx, Taxonomy};

/// A region's index in the taxonomy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RegionId(pub RegionIdx);

/// A specialisation's index in the taxonomy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SpecId(pub SpecIdx);

/// A resolved label of one dimension: the taxonomy entry it names, or an unmapped label's id.
/// Known entries order before unmapped labels, and among themselves in the taxonomy's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Placed<T> {
    /// Placed in the taxonomy.
    Known(T),
    /// Not placed: the id of the label in the [`UnmappedTable`].
    Unmapped(u32),
}

/// A posting's or a cohort's region.
pub type RegionKey = Placed<RegionId>;
/// A posting's specialisation.
pub type SpecKey = Placed<SpecId>;

/// A resolved graduates' field: a crosswalk target, or an unmapped label's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FieldKey {
    Known(FieldTarget),
    Unmapped(u32),
}

/// Why a label could not be placed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnmappedReason {
    /// The cell (and its fallback) is empty.
    Empty,
    /// No alias, name or keyword matches.
    Unknown,
    /// Several regions match equally well: the candidates' codes.
    Ambiguous(Vec<String>),
}

impl std::fmt::Display for UnmappedReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UnmappedReason::Empty => f.write_str("empty"),
            UnmappedReason::Unknown => f.write_str("unknown"),
            UnmappedReason::Ambiguous(c) => write!(f, "ambiguous: {}", c.join(" or ")),
        }
    }
}

/// What an unmapped id stands for.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnmappedLabel {
    /// The column the label came from (our name: `region`, `city`, `specialisation`, `title`,
    /// `field`).
    pub column: &'static str,
    /// The label as read (trimmed).
    pub label: String,
    pub reason: UnmappedReason,
}

/// Title look-ups are cached up to this many distinct titles; beyond it, the cache is cleared, so
/// memory stays bounded on exports where nearly every title is different.
const TITLE_CACHE_LIMIT: usize = 200_000;

/// The unmapped labels met so far, each with a stable id.
#[derive(Debug, Clone, Default)]
pub struct UnmappedTable {
    labels: Vec<UnmappedLabel>,
    ids: FxHashMap<UnmappedLabel, u32>,
}

impl UnmappedTable {
    /// The id of a label, new or known.
    pub fn intern(&mut self, label: &UnmappedLabel) -> u32 {
        if let Some(&id) = self.ids.get(label) {
            return id;
        }
        let id = self.labels.len() as u32;
        self.labels.push(label.clone());
        self.ids.insert(label.clone(), id);
        id
    }

    /// Interns every label of another table; returns their ids here, indexed by their ids there.
    pub fn absorb(&mut self, other: &UnmappedTable) -> Vec<u32> {
        other.labels.iter().map(|l| self.intern(l)).collect()
    }

    /// The labels, by id.
    pub fn labels(&self) -> &[UnmappedLabel] {
        &self.labels
    }
}

impl<T> Placed<T> {
    /// The same key with its unmapped id translated by `map` (see [`UnmappedTable::absorb`]).
    pub fn remap(self, map: &[u32]) -> Placed<T> {
        match self {
            Placed::Unmapped(id) => Placed::Unmapped(map[id as usize]),
            k => k,
        }
    }

    /// The taxonomy entry, if the label was placed.
    pub fn known(&self) -> Option<T>
    where
        T: Copy,
    {
        match self {
            Placed::Known(t) => Some(*t),
            Placed::Unmapped(_) => None,
        }
    }

    /// The unmapped label's id, if the label was not placed.
    pub fn unmapped_id(&self) -> Option<u32> {
        match self {
            Placed::Unmapped(id) => Some(*id),
            Placed::Known(_) => None,
        }
    }
}

impl FieldKey {
    /// As [`Placed::remap`].
    pub fn remap(self, map: &[u32]) -> FieldKey {
        match self {
            FieldKey::Unmapped(id) => FieldKey::Unmapped(map[id as usize]),
            k => k,
        }
    }
}

/// Resolves raw labels against a taxonomy, once per distinct spelling.
pub struct Normaliser<'t> {
    tax: &'t Taxonomy,
    places: FxHashMap<String, Resolved<RegionIdx>>,
    specs: FxHashMap<String, Option<SpecIdx>>,
    titles: FxHashMap<String, Option<SpecIdx>>,
    fields: FxHashMap<String, Option<FieldTarget>>,
    unmapped: UnmappedTable,
}

fn cached<V: Clone>(cache: &mut FxHashMap<String, V>, label: &str, f: impl FnOnce() -> V) -> V {
    if let Some(v) = cache.get(label) {
        return v.clone();
    }
    let v = f();
    cache.insert(label.to_string(), v.clone());
    v
}

impl<'t> Normaliser<'t> {
    pub fn new(tax: &'t Taxonomy) -> Normaliser<'t> {
        Normaliser {
            tax,
            places: FxHashMap::default(),
            specs: FxHashMap::default(),
            titles: FxHashMap::default(),
            fields: FxHashMap::default(),
            unmapped: UnmappedTable::default(),
        }
    }

    /// The labels behind [`Placed::Unmapped`] and [`FieldKey::Unmapped`] ids.
    pub fn unmapped(&self) -> &UnmappedTable {
        &self.unmapped
    }

    fn intern(&mut self, column: &'static str, label: &str, reason: UnmappedReason) -> u32 {
        self.unmapped.intern(&UnmappedLabel {
            column,
            label: label.to_string(),
            reason,
        })
    }

    fn place(&mut self, label: &str) -> Resolved<RegionIdx> {
        let tax = self.tax;
        cached(&mut self.places, label, || tax.region_of(label))
    }

    /// A posting's region: its `region` cell, else its `city` cell (when the region cell is empty or
    /// names no known place). The label reported when neither resolves is the first non-empty one.
    pub fn posting_region(&mut self, region: &str, city: &str) -> RegionKey {
        let mut failed: Option<(&'static str, &str, UnmappedReason)> = None;
        for (column, cell) in [("region", region), ("city", city)] {
            if cell.is_empty() {
                continue;
            }
            match self.place(cell) {
                Resolved::Found(r) => return Placed::Known(RegionId(r)),
                Resolved::Ambiguous(c) => {
                    failed.get_or_insert((column, cell, UnmappedReason::Ambiguous(c)));
                }
                Resolved::Unknown => {
                    failed.get_or_insert((column, cell, UnmappedReason::Unknown));
                }
            }
        }
        let (column, label, reason) = failed.unwrap_or(("region", "", UnmappedReason::Empty));
        Placed::Unmapped(self.intern(column, label, reason))
    }

    /// A posting's specialisation: its `specialisation` cell, else the keywords of its `title`.
    pub fn posting_specialisation(&mut self, specialisation: &str, title: &str) -> SpecKey {
        let tax = self.tax;
        if !specialisation.is_empty() {
            if let Some(s) = cached(&mut self.specs, specialisation, || {
                tax.specialisation_of(specialisation)
            }) {
                return Placed::Known(SpecId(s));
            }
        }
        if !title.is_empty() {
            if self.titles.len() >= TITLE_CACHE_LIMIT {
                self.titles.clear();
            }
            if let Some(s) = cached(&mut self.titles, title, || tax.specialisation_of(title)) {
                return Placed::Known(SpecId(s));
            }
        }
        let id = match (specialisation.is_empty(), title.is_empty()) {
            (false, _) => self.intern("specialisation", specialisation, UnmappedReason::Unknown),
            (true, false) => self.intern("title", title, UnmappedReason::Unknown),
            (true, true) => self.intern("specialisation", "", UnmappedReason::Empty),
        };
        Placed::Unmapped(id)
    }

    /// A cohort's region: its `region` cell, else a place named in its `institution` (such as
    /// `ENSA Tanger`).
    pub fn graduate_region(&mut self, region: &str, institution: &str) -> RegionKey {
        let mut failed = None;
        if !region.is_empty() {
            match self.place(region) {
                Resolved::Found(r) => return Placed::Known(RegionId(r)),
                Resolved::Ambiguous(c) => failed = Some(UnmappedReason::Ambiguous(c)),
                Resolved::Unknown => failed = Some(UnmappedReason::Unknown),
            }
        }
        if !institution.is_empty() {
            if let Resolved::Found(r) = self.place(institution) {
                return Placed::Known(RegionId(r));
            }
        }
        let reason = failed.unwrap_or(UnmappedReason::Empty);
        Placed::Unmapped(self.intern("region", region, reason))
    }

    /// A cohort's field: a crosswalk programme, a specialisation, or unmapped.
    pub fn field(&mut self, field: &str) -> FieldKey {
        let tax = self.tax;
        match cached(&mut self.fields, field, || tax.field_of(field)) {
            Some(t) => FieldKey::Known(t),
            None => {
                let reason = if field.is_empty() {
                    UnmappedReason::Empty
                } else {
                    UnmappedReason::Unknown
                };
                FieldKey::Unmapped(self.intern("field", field, reason))
            }
        }
    }
}
