//! Normalising raw labels: each distinct spelling of a region, city, specialisation, title or field
//! is resolved against the taxonomy once and remembered, so a million postings cost a few thousand
//! look-ups, not a million.
//!
//! A label that cannot be placed is not dropped: it gets an [`Placed::Unmapped`] id that carries
//! the label and the reason to the data-quality report.
//!
//! Each dimension has its own key type ([`RegionKey`], [`SpecKey`]): a region can never be used
//! where a specialisation is meant.
//!
//! A location is placed as an [`Area`]: one region, Morocco without a region (`MA-00`), several
//! regions (a posting's vacancies are then shared between them, see [`UNIT_SCALE`]), or abroad.

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::taxonomy::{FieldTarget, Place, RegionIdx, SpecIdx, Taxonomy, WEIGHT_SCALE};

/// The integer units demand and supply are counted in, per vacancy or graduate: divisible by every
/// number of regions from 1 to 12, so that a posting shared between k of them gives each an exact
/// integer part, and by [`WEIGHT_SCALE`], so that a crosswalk weight of w / 10,000 is the integer
/// w × 693. 6,930,000 = lcm(1, …, 12) × 250 = 10,000 × 693.
pub const UNIT_SCALE: u64 = 6_930_000;

const _: () =
    assert!(UNIT_SCALE.is_multiple_of(27_720) && UNIT_SCALE.is_multiple_of(WEIGHT_SCALE as u64));

/// Where a posting or a cohort is, once its location is placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Area {
    /// One region.
    Region(RegionIdx),
    /// In Morocco, no region said: reported as `MA-00` (see [`crate::taxonomy::NATIONAL_CODE`]).
    National,
    /// Several regions (postings only), which share the posting's vacancies equally.
    Several(RegionSet),
    /// Abroad: not Moroccan demand or supply, counted apart. The id of its countries in the
    /// [`UnmappedTable`].
    Abroad(u32),
}

/// A set of two or more regions, as bits of their indexes: a posting is shared between at most
/// as many regions as [`UNIT_SCALE`] has divisors for, and the taxonomy has 12.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RegionSet(u64);

impl RegionSet {
    /// The set of `regions`, if each has an index below 64 and [`UNIT_SCALE`] divides into as many
    /// exact parts.
    pub fn of(regions: &[RegionIdx]) -> Option<RegionSet> {
        let mut bits = 0u64;
        for &r in regions {
            bits |= 1u64.checked_shl(u32::from(r))?;
        }
        let set = RegionSet(bits);
        (set.count() > 0 && UNIT_SCALE.is_multiple_of(set.count())).then_some(set)
    }

    /// The bits of the set, for ordering.
    pub fn bits(self) -> u64 {
        self.0
    }

    /// The number of regions.
    pub fn count(self) -> u64 {
        u64::from(self.0.count_ones())
    }

    /// The regions, in index order.
    pub fn regions(self) -> impl Iterator<Item = RegionIdx> {
        (0..64u16).filter(move |i| self.0 & (1 << i) != 0)
    }
}

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

/// A posting's or a cohort's place.
pub type RegionKey = Placed<Area>;
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
    /// Names that can be read as different places, or a cohort's cell naming several regions
    /// (a cohort is not shared between regions): the candidates' codes.
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

/// The labels that no region holds: the unmapped labels met so far, and the countries of the places
/// abroad, each with a stable id (two numberings: [`Placed::Unmapped`] ids and [`Area::Abroad`]
/// ids).
#[derive(Debug, Clone, Default)]
pub struct UnmappedTable {
    labels: Vec<UnmappedLabel>,
    ids: FxHashMap<UnmappedLabel, u32>,
    countries: Vec<Vec<String>>,
    country_ids: FxHashMap<Vec<String>, u32>,
}

/// How the ids of one table translate into another's (see [`UnmappedTable::absorb`]).
#[derive(Debug, Clone, Default)]
pub struct Remap {
    labels: Vec<u32>,
    countries: Vec<u32>,
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

    /// The id of a set of countries (sorted), new or known.
    pub fn intern_countries(&mut self, countries: &[String]) -> u32 {
        if let Some(&id) = self.country_ids.get(countries) {
            return id;
        }
        let id = self.countries.len() as u32;
        self.countries.push(countries.to_vec());
        self.country_ids.insert(countries.to_vec(), id);
        id
    }

    /// Interns every label and set of countries of another table; returns how their ids there
    /// translate into ids here.
    pub fn absorb(&mut self, other: &UnmappedTable) -> Remap {
        Remap {
            labels: other.labels.iter().map(|l| self.intern(l)).collect(),
            countries: (other.countries.iter())
                .map(|c| self.intern_countries(c))
                .collect(),
        }
    }

    /// The labels, by id.
    pub fn labels(&self) -> &[UnmappedLabel] {
        &self.labels
    }

    /// The countries of an [`Area::Abroad`] id: ISO 3166-1 alpha-2 codes, sorted.
    pub fn countries(&self, id: u32) -> &[String] {
        &self.countries[id as usize]
    }
}

/// A key whose ids are numbered per [`UnmappedTable`].
pub trait Renumber: Sized {
    /// The same key with its ids translated by `map`.
    fn renumber(self, _map: &Remap) -> Self {
        self
    }
}

impl Renumber for SpecId {}

impl Renumber for Area {
    fn renumber(self, map: &Remap) -> Area {
        match self {
            Area::Abroad(id) => Area::Abroad(map.countries[id as usize]),
            a => a,
        }
    }
}

impl<T: Renumber> Placed<T> {
    /// The same key with its ids translated by `map` (see [`UnmappedTable::absorb`]).
    pub fn remap(self, map: &Remap) -> Placed<T> {
        match self {
            Placed::Unmapped(id) => Placed::Unmapped(map.labels[id as usize]),
            Placed::Known(t) => Placed::Known(t.renumber(map)),
        }
    }
}

impl<T> Placed<T> {
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
    pub fn remap(self, map: &Remap) -> FieldKey {
        match self {
            FieldKey::Unmapped(id) => FieldKey::Unmapped(map.labels[id as usize]),
            k => k,
        }
    }
}

/// Resolves raw labels against a taxonomy, once per distinct spelling.
pub struct Normaliser<'t> {
    tax: &'t Taxonomy,
    places: FxHashMap<String, Place>,
    /// A posting's region cell -> its city cell -> the two read together.
    pairs: FxHashMap<String, FxHashMap<String, Place>>,
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
            pairs: FxHashMap::default(),
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

    /// Where one location cell is; `None` when it is empty.
    fn place(&mut self, label: &str) -> Option<Place> {
        let tax = self.tax;
        (!label.is_empty()).then(|| cached(&mut self.places, label, || tax.place_of(label)))
    }

    /// Where a posting's region and city cells are, read together.
    fn place_of_both(&mut self, region: &str, city: &str) -> Place {
        if let Some(p) = self.pairs.get(region).and_then(|by_city| by_city.get(city)) {
            return p.clone();
        }
        let p = self.tax.place_of_cells(&[region, city]);
        let by_city = self.pairs.entry(region.to_string()).or_default();
        by_city.insert(city.to_string(), p.clone());
        p
    }

    /// The key of a place found in a cell: unmapped (with `column` and `label`, the cell reported)
    /// when it is no place; a posting in several regions is shared between them, and a cohort
    /// (`shared` false) never is.
    fn key(&mut self, place: Place, column: &'static str, label: &str, shared: bool) -> RegionKey {
        let several = |rs: &[RegionIdx], tax: &Taxonomy| -> UnmappedReason {
            UnmappedReason::Ambiguous(rs.iter().map(|&r| tax.region(r).code.clone()).collect())
        };
        let reason = match place {
            Place::Region(r) => return Placed::Known(Area::Region(r)),
            Place::National => return Placed::Known(Area::National),
            Place::Abroad { countries } => {
                return Placed::Known(Area::Abroad(self.unmapped.intern_countries(&countries)))
            }
            Place::Several(rs) => match RegionSet::of(&rs).filter(|_| shared) {
                Some(set) => return Placed::Known(Area::Several(set)),
                None => several(&rs, self.tax),
            },
            Place::Ambiguous(codes) => UnmappedReason::Ambiguous(codes),
            Place::Unknown => UnmappedReason::Unknown,
        };
        Placed::Unmapped(self.intern(column, label, reason))
    }

    /// A posting's place: its `region` cell when it names one region, else its `city` cell when
    /// that does, else the two cells read together (national, several regions, abroad). When that
    /// is no place either, the label reported is the first non-empty cell, with its own reason.
    pub fn posting_region(&mut self, region: &str, city: &str) -> RegionKey {
        let in_region = self.place(region);
        if let Some(Place::Region(r)) = in_region {
            return Placed::Known(Area::Region(r));
        }
        let in_city = self.place(city);
        if let Some(Place::Region(r)) = in_city {
            return Placed::Known(Area::Region(r));
        }
        let (column, label, first) = match (&in_region, &in_city) {
            (Some(p), _) => ("region", region, p.clone()),
            (None, Some(p)) => ("city", city, p.clone()),
            (None, None) => {
                return Placed::Unmapped(self.intern("region", "", UnmappedReason::Empty));
            }
        };
        let together = match (&in_region, &in_city) {
            (Some(_), Some(_)) => self.place_of_both(region, city),
            _ => first.clone(),
        };
        match together {
            // not placed: the first cell's own failure, as it reads alone
            Place::Ambiguous(_) | Place::Unknown => {
                let reason = match first {
                    Place::Ambiguous(codes) => Place::Ambiguous(codes),
                    _ => Place::Unknown,
                };
                self.key(reason, column, label, true)
            }
            place => self.key(place, column, label, true),
        }
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

    /// A cohort's place: its `region` cell when it names one region, else the one region named in
    /// its `institution` (such as `ENSA Tanger`), else its `region` cell when that is national or
    /// abroad. A cohort is one institution's, never shared: a cell naming several regions is
    /// ambiguous.
    pub fn graduate_region(&mut self, region: &str, institution: &str) -> RegionKey {
        let in_region = self.place(region);
        if let Some(Place::Region(r)) = in_region {
            return Placed::Known(Area::Region(r));
        }
        if let Some(Place::Region(r)) = self.place(institution) {
            return Placed::Known(Area::Region(r));
        }
        match in_region {
            Some(place) => self.key(place, "region", region, false),
            None => Placed::Unmapped(self.intern("region", region, UnmappedReason::Empty)),
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn describe(n: &Normaliser, k: RegionKey) -> String {
        let tax = n.tax;
        match k {
            Placed::Known(Area::Region(r)) => tax.region(r).code.clone(),
            Placed::Known(Area::National) => "MA-00".to_string(),
            Placed::Known(Area::Several(set)) => {
                let codes: Vec<&str> = set.regions().map(|r| tax.region(r).code.as_str()).collect();
                format!("several {}", codes.join(" "))
            }
            Placed::Known(Area::Abroad(id)) => {
                format!("abroad {}", n.unmapped().countries(id).join(" "))
            }
            Placed::Unmapped(id) => {
                let l = &n.unmapped().labels()[id as usize];
                format!("unmapped {} {:?} {}", l.column, l.label, l.reason)
            }
        }
    }

    #[test]
    fn a_posting_is_placed_by_one_region_first_then_by_both_cells() {
        let tax = Taxonomy::default_embedded();
        let mut n = Normaliser::new(&tax);
        for (region, city, want) in [
            ("Casablanca-Settat", "Paris", "MA-06"),
            // the city cell names one region: it decides
            ("Maroc", "Agadir", "MA-09"),
            ("Tanger ou Agadir", "Tanger", "MA-01"),
            ("Tout le Maroc", "Casablanca", "MA-06"),
            // neither does: both cells read together
            ("Autres régions", "Canada", "abroad CA"),
            ("Maroc", "Télétravail", "MA-00"),
            ("Agadir & Marrakech-Safi", "", "several MA-07 MA-09"),
            ("", "Nouakchott", "abroad MR"),
            // no place: the first non-empty cell, with its own reason
            (
                "Atlantide",
                "Tombouctou",
                "unmapped region \"Atlantide\" unknown",
            ),
            ("", "Tombouctou", "unmapped city \"Tombouctou\" unknown"),
            ("", "", "unmapped region \"\" empty"),
        ] {
            let k = n.posting_region(region, city);
            assert_eq!(describe(&n, k), want, "{region:?} / {city:?}");
        }
    }

    #[test]
    fn a_cohort_is_never_shared() {
        let tax = Taxonomy::default_embedded();
        let mut n = Normaliser::new(&tax);
        for (region, institution, want) in [
            ("Maroc", "", "MA-00"),
            ("Maroc", "ENSA Tanger", "MA-01"),
            ("Paris", "", "abroad FR"),
            (
                "Agadir & Marrakech-Safi",
                "",
                "unmapped region \"Agadir & Marrakech-Safi\" ambiguous: MA-07 or MA-09",
            ),
        ] {
            let k = n.graduate_region(region, institution);
            assert_eq!(describe(&n, k), want, "{region:?} / {institution:?}");
        }
    }

    #[test]
    fn shares_are_exact_for_up_to_twelve_regions() {
        for k in 1..=12u16 {
            let regions: Vec<RegionIdx> = (0..k).collect();
            let set = RegionSet::of(&regions).unwrap();
            assert_eq!(set.count(), u64::from(k));
            assert_eq!(UNIT_SCALE / set.count() * set.count(), UNIT_SCALE);
            assert!(set.regions().eq(0..k));
        }
        // 13 does not divide 6,930,000: such a set is not shared
        assert_eq!(RegionSet::of(&(0..13).collect::<Vec<_>>()), None);
        assert_eq!(RegionSet::of(&[64]), None);
    }
}
