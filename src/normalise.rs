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

use hashbrown::HashTable;
use rustc_hash::FxHashMap;
use serde::Serialize;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use crate::classify::{ClassifyError, Coder, CoderData, Coding, Context, DecidedBy, Isco, Reason};
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

/// A posting's ISCO-08 group: the group coded from its title (a unit group, or a shorter group
/// when only that much is known), and the unmapped label that says why it is not a unit group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct IscoKey {
    /// The group; `None` when the posting got none.
    pub code: Option<Isco>,
    /// The id of the unmapped label reported when a grouping asks for more digits than `code`
    /// has; set whenever `code` is not a unit group.
    pub why: Option<u32>,
}

/// Hashed as one word, for a tally's cell keys (see [`Isco`]'s hash): the group's 41 bits
/// (its word and whether there is one) xor the id's, shifted over them. Equal keys hash equal;
/// a group and an id that collide are only slower to tell apart.
impl std::hash::Hash for IscoKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        let code = self.code.map_or(0, |c| c.word() | 1 << 40);
        let why = self.why.map_or(0, |id| (u64::from(id) << 1 | 1) << 23);
        state.write_u64(code ^ why);
    }
}

impl IscoKey {
    /// The group of every posting of a run whose reports do not group by ISCO-08 group: the
    /// tally then keeps one cell per specialisation rather than one per unit group the titles in
    /// it were coded to, which keeps it small enough to stay in the cache.
    pub const UNASKED: IscoKey = IscoKey {
        code: None,
        why: None,
    };

    /// The posting's group at `digits` digits (1 to 4), or the id of the label that says why it
    /// has none.
    pub fn at(self, digits: usize) -> Placed<Isco> {
        match (self.code, self.why) {
            (Some(c), _) if c.level() >= digits => Placed::Known(c.truncate(digits)),
            (_, Some(id)) => Placed::Unmapped(id),
            // not reached: `why` is set whenever the code is short
            (_, None) => Placed::Unmapped(u32::MAX),
        }
    }

    fn remap(self, map: &Remap) -> IscoKey {
        IscoKey {
            code: self.code,
            why: self.why.map(|id| map.labels[id as usize]),
        }
    }
}

/// What a posting is counted as besides its place: its specialisation and its ISCO-08 group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PostingKey {
    pub spec: SpecKey,
    pub isco: IscoKey,
}

impl PostingKey {
    /// The same key with its ids translated by `map` (see [`UnmappedTable::absorb`]).
    pub fn remap(self, map: &Remap) -> PostingKey {
        PostingKey {
            spec: self.spec.remap(map),
            isco: self.isco.remap(map),
        }
    }
}

/// What decided a posting's specialisation: its own cells, or a stage of the occupation coder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Decider {
    /// The `specialisation` cell, by id, label, alias or keyword.
    Specialisation,
    /// The `sector` cell naming a specialisation exactly (an export whose category column holds
    /// the taxonomy's specialisations).
    SectorCell,
    /// The coder, at one of its stages (`rule`, `curated`, `esco`: the title; `sector`;
    /// `description`).
    Coder(DecidedBy),
}

impl Decider {
    /// The column that decided: `specialisation`, `sector`, `title` or `description`.
    pub fn column(self) -> &'static str {
        match self {
            Decider::Specialisation => "specialisation",
            Decider::SectorCell | Decider::Coder(DecidedBy::Sector) => "sector",
            Decider::Coder(DecidedBy::Description) => "description",
            Decider::Coder(_) => "title",
        }
    }

    /// How, within the column: `cell` for a cell read as a specialisation, else the coder's stage.
    pub fn how(self) -> &'static str {
        match self {
            Decider::Specialisation | Decider::SectorCell => "cell",
            Decider::Coder(by) => by.as_str(),
        }
    }

    /// Every decider, in order: [`Decider::slot`] is a position in this list.
    pub const ALL: [Decider; 7] = [
        Decider::Specialisation,
        Decider::SectorCell,
        Decider::Coder(DecidedBy::Rule),
        Decider::Coder(DecidedBy::Curated),
        Decider::Coder(DecidedBy::Esco),
        Decider::Coder(DecidedBy::Sector),
        Decider::Coder(DecidedBy::Description),
    ];

    /// The decider's position in [`Decider::ALL`]: a row's count is an array increment, not a
    /// hash table's. The coder's stages follow [`DecidedBy`]'s order.
    fn slot(self) -> usize {
        match self {
            Decider::Specialisation => 0,
            Decider::SectorCell => 1,
            Decider::Coder(by) => 2 + by as usize,
        }
    }
}

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
            UnmappedReason::Ambiguous(c) if c.is_empty() => f.write_str("ambiguous"),
            UnmappedReason::Ambiguous(c) => write!(f, "ambiguous: {}", c.join(" or ")),
        }
    }
}

/// What an unmapped id stands for, as the [`UnmappedTable`] holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnmappedLabel<'a> {
    /// The column the label came from (our name: `region`, `city`, `specialisation`, `title`,
    /// `field`).
    pub column: &'static str,
    /// The label as read (trimmed).
    pub label: &'a str,
    /// Held once for every label with the same reason.
    pub reason: &'a UnmappedReason,
}

/// Title codings are cached up to this many distinct (title, sector) pairs; beyond it, the cache
/// is cleared, so memory stays bounded on exports where nearly every title is different (each
/// worker has its cache, about 130 bytes a title, and the workers share one more of the codings
/// themselves, about 200). 7/8 of 2^16: a hash table fills at most 7/8 of its buckets, and 2^16
/// titles would take twice the buckets.
const TITLE_CACHE_LIMIT: usize = (1 << 16) / 8 * 7;

/// The other caches of labels (places, pairs of place cells, specialisation, sector, ISCO and
/// field cells) hold up to this many labels each, and are cleared beyond it: an export of real
/// data has a few thousand distinct places, one full of junk a different one on every row, and a
/// label looked up again costs microseconds. 7/8 of 2^15, as for [`TITLE_CACHE_LIMIT`].
const CACHE_LIMIT: usize = (1 << 15) / 8 * 7;

/// A title's coding, as a posting uses it: cached per (title, sector).
#[derive(Debug, Clone, Copy)]
struct TitleCode {
    spec: Option<SpecIdx>,
    isco: Option<Isco>,
    by: Option<DecidedBy>,
    /// The title's unmapped label when it got no specialisation: the coder's reason.
    spec_why: Option<u32>,
    /// The title's unmapped label when its ISCO group is not a unit group.
    isco_why: Option<u32>,
    /// Uncoded because its phrases fix no specialisation (the coder's `ambiguous`).
    vague: bool,
}

/// The labels that no region holds: the unmapped labels met so far, and the countries of the places
/// abroad, each with a stable id (two numberings: [`Placed::Unmapped`] ids and [`Area::Abroad`]
/// ids).
///
/// An export full of junk has a distinct unplaced label on nearly every row, so a label costs
/// little beyond its text: the labels themselves are [`Labels`] (shared with the reports built
/// from them), found again through a hash table of ids (4 bytes a label, and a control byte).
#[derive(Debug, Clone, Default)]
pub struct UnmappedTable {
    labels: Arc<Labels>,
    /// The ids of `labels`, hashed by [`UnmappedTable::hash_of`]; emptied by
    /// [`UnmappedTable::seal`] once no label is added any more, and built again if one is.
    index: HashTable<u32>,
    reason_ids: FxHashMap<UnmappedReason, u32>,
    countries: Vec<Vec<String>>,
    country_ids: FxHashMap<Vec<String>, u32>,
}

/// The unmapped labels of an [`UnmappedTable`], by id: their texts one after the other in one
/// string, and per label the end of its text there with its column's and reason's numbers (16
/// bytes). Columns and reasons are few and held once. The table shares them with the data-quality
/// lists built from it (see [`crate::model::UnmappedList`]), which refer to a label by its id.
#[derive(Debug, Clone, Default)]
pub struct Labels {
    /// The labels' texts, one after the other.
    text: String,
    /// The labels, by id.
    entries: Vec<LabelEntry>,
    columns: Vec<&'static str>,
    reasons: Vec<UnmappedReason>,
}

impl Labels {
    fn text_of(&self, id: u32) -> &str {
        let id = id as usize;
        let start = id.checked_sub(1).map_or(0, |p| self.entries[p].end);
        &self.text[start..self.entries[id].end]
    }

    /// The label of an id.
    pub fn label(&self, id: u32) -> UnmappedLabel<'_> {
        let e = self.entries[id as usize];
        UnmappedLabel {
            column: self.columns[e.column as usize],
            label: self.text_of(id),
            reason: &self.reasons[e.reason as usize],
        }
    }

    /// The number of labels.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there is no label.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// A label of [`Labels`]: where its text ends (it starts where the previous one ends), and the
/// numbers of its column and reason.
#[derive(Debug, Clone, Copy)]
struct LabelEntry {
    end: usize,
    reason: u32,
    column: u8,
}

/// How the ids of one table translate into another's (see [`UnmappedTable::absorb`]).
#[derive(Debug, Clone, Default)]
pub struct Remap {
    labels: Vec<u32>,
    countries: Vec<u32>,
}

impl Remap {
    /// The id of a label of the other table in this one.
    pub fn label(&self, id: u32) -> u32 {
        self.labels[id as usize]
    }

    /// Whether every id stays as it is.
    pub fn is_identity(&self) -> bool {
        let same = |ids: &[u32]| ids.iter().enumerate().all(|(i, &id)| i as u32 == id);
        same(&self.labels) && same(&self.countries)
    }
}

impl UnmappedTable {
    /// The id of a label, new or known.
    pub fn intern(&mut self, column: &'static str, label: &str, reason: UnmappedReason) -> u32 {
        let reason = self.reason_id(&reason);
        let column = self.column_id(column);
        self.intern_numbered(column, label, reason)
    }

    /// The labels, to be changed: cloned first only if a report still holds them.
    fn labels_mut(&mut self) -> &mut Labels {
        Arc::make_mut(&mut self.labels)
    }

    /// The number of a column, new or known: there are a handful.
    fn column_id(&mut self, column: &'static str) -> u8 {
        match self.labels.columns.iter().position(|&c| c == column) {
            Some(i) => i as u8,
            None => {
                let columns = &mut self.labels_mut().columns;
                columns.push(column);
                (columns.len() - 1) as u8
            }
        }
    }

    /// The number of a reason, new or known.
    fn reason_id(&mut self, reason: &UnmappedReason) -> u32 {
        if let Some(&r) = self.reason_ids.get(reason) {
            return r;
        }
        let reasons = &mut self.labels_mut().reasons;
        let r = reasons.len() as u32;
        reasons.push(reason.clone());
        self.reason_ids.insert(reason.clone(), r);
        r
    }

    fn hash_of(column: u8, label: &str, reason: u32) -> u64 {
        use std::hash::{BuildHasher, Hash, Hasher};
        let mut h = rustc_hash::FxBuildHasher.build_hasher();
        (column, reason).hash(&mut h);
        label.hash(&mut h);
        h.finish()
    }

    fn hash_of_id(labels: &Labels, id: u32) -> u64 {
        let e = labels.entries[id as usize];
        Self::hash_of(e.column, labels.text_of(id), e.reason)
    }

    /// The id of a label whose column and reason are numbered already.
    fn intern_numbered(&mut self, column: u8, label: &str, reason: u32) -> u32 {
        if self.index.len() < self.labels.len() {
            // sealed: every label goes back into the index
            let labels = &self.labels;
            self.index.clear();
            self.index
                .reserve(labels.len(), |&id| Self::hash_of_id(labels, id));
            for id in 0..labels.len() as u32 {
                let hash = Self::hash_of_id(labels, id);
                self.index
                    .insert_unique(hash, id, |&id| Self::hash_of_id(labels, id));
            }
        }
        let hash = Self::hash_of(column, label, reason);
        let labels = &self.labels;
        let same = |&id: &u32| {
            let e = labels.entries[id as usize];
            e.column == column && e.reason == reason && labels.text_of(id) == label
        };
        if let Some(&id) = self.index.find(hash, same) {
            return id;
        }
        let id = self.labels.len() as u32;
        let labels = self.labels_mut();
        labels.text.push_str(label);
        let end = labels.text.len();
        labels.entries.push(LabelEntry {
            end,
            reason,
            column,
        });
        let labels = &self.labels;
        self.index
            .insert_unique(hash, id, |&id| Self::hash_of_id(labels, id));
        id
    }

    /// Frees what only adding labels needs (the index, and the room the labels grew into), once
    /// every input is read: an export full of junk has hundreds of thousands of labels, and the
    /// reports are built from them while the tallies are held.
    pub fn seal(&mut self) {
        self.index = HashTable::new();
        let labels = self.labels_mut();
        labels.text.shrink_to_fit();
        labels.entries.shrink_to_fit();
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

    /// Takes every label and set of countries of another table, as [`UnmappedTable::absorb`]
    /// does, without a copy when this table holds none yet: the other is taken as it is.
    pub fn absorb_owned(&mut self, other: UnmappedTable) -> Remap {
        let blank = self.labels.is_empty()
            && self.labels.columns.is_empty()
            && self.labels.reasons.is_empty()
            && self.countries.is_empty();
        if !blank {
            // the other's index is not needed to read its labels
            let other = UnmappedTable {
                index: HashTable::new(),
                ..other
            };
            return self.absorb(&other);
        }
        *self = other;
        Remap {
            labels: (0..self.labels.len() as u32).collect(),
            countries: (0..self.countries.len() as u32).collect(),
        }
    }

    /// Interns every label and set of countries of another table; returns how their ids there
    /// translate into ids here.
    pub fn absorb(&mut self, other: &UnmappedTable) -> Remap {
        let theirs = &other.labels;
        // room for all of them at once: grown by doubling, the text, the entries and the index
        // would take up to twice their size
        let labels = self.labels_mut();
        labels.text.reserve_exact(theirs.text.len());
        labels.entries.reserve_exact(theirs.len());
        if self.index.len() == self.labels.len() {
            let labels = &self.labels;
            (self.index).reserve(theirs.len(), |&id| Self::hash_of_id(labels, id));
        }
        let columns: Vec<u8> = theirs.columns.iter().map(|c| self.column_id(c)).collect();
        let reasons: Vec<u32> = theirs.reasons.iter().map(|r| self.reason_id(r)).collect();
        Remap {
            labels: (0..theirs.len() as u32)
                .map(|id| {
                    let e = theirs.entries[id as usize];
                    self.intern_numbered(
                        columns[e.column as usize],
                        theirs.text_of(id),
                        reasons[e.reason as usize],
                    )
                })
                .collect(),
            countries: (other.countries.iter())
                .map(|c| self.intern_countries(c))
                .collect(),
        }
    }

    /// The number of labels.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// Whether the table holds no label.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// The label of an id.
    pub fn label(&self, id: u32) -> UnmappedLabel<'_> {
        self.labels.label(id)
    }

    /// The labels, shared: a data-quality list refers to them by id.
    pub fn labels(&self) -> &Arc<Labels> {
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

/// The occupation coder as the normalisers share it: built when a title first needs it, so that a
/// run whose postings all name a known specialisation, and that does not group by occupation,
/// does not pay for building it.
pub struct Occupations<'t> {
    tax: &'t Taxonomy,
    data: &'t CoderData,
    coder: OnceLock<Coder<'t>>,
    /// Set by the first worker to need the coder, which builds it; the others may put off the
    /// postings that need it meanwhile (see [`Normaliser::posting_key_now`]).
    claimed: AtomicBool,
    every_posting: bool,
    /// The codings any worker has made, by sector cell and title, for the others to take: on
    /// two workers, each meets most distinct titles, and a title is coded once a run rather than
    /// once a worker. Looked up only when a worker's own cache misses, so rarely contended.
    codings: Mutex<SharedCodings>,
}

/// Codings shared by the workers: sector cell -> title -> coding, up to
/// [`TITLE_CACHE_LIMIT`] titles (cleared beyond it, as a worker's own cache is).
#[derive(Default)]
struct SharedCodings {
    by_sector: FxHashMap<String, FxHashMap<String, Coding>>,
    held: usize,
}

impl<'t> Occupations<'t> {
    /// The built-in coder over the built-in taxonomy, built when first needed (its data is checked
    /// against that taxonomy by the tests). `every_posting`: code every posting's title (a report
    /// groups by ISCO-08 group); otherwise only the titles of the postings whose `specialisation`
    /// cell names none.
    pub fn built_in(
        tax: &'t Taxonomy,
        data: &'t CoderData,
        every_posting: bool,
    ) -> Occupations<'t> {
        Occupations {
            tax,
            data,
            coder: OnceLock::new(),
            claimed: AtomicBool::new(false),
            every_posting,
            codings: Mutex::default(),
        }
    }

    /// The coder built now, from data that may not fit the taxonomy (an override directory): its
    /// errors are reported before anything is read.
    pub fn built(
        tax: &'t Taxonomy,
        data: &'t CoderData,
        every_posting: bool,
    ) -> Result<Occupations<'t>, ClassifyError> {
        let occ = Occupations::built_in(tax, data, every_posting);
        let _ = occ.coder.set(Coder::new(tax, data)?);
        Ok(occ)
    }

    /// The coder, built on first use.
    pub fn coder(&self) -> &Coder<'t> {
        self.coder.get_or_init(|| {
            let started = std::time::Instant::now();
            let coder = Coder::new(self.tax, self.data).expect(
                "the built-in coder data is checked against the built-in taxonomy by tests",
            );
            crate::log::debug(format!(
                "occupation coder built in {} ms ({} phrases)",
                started.elapsed().as_millis(),
                crate::util::thousands(coder.phrase_count() as u64)
            ));
            coder
        })
    }

    /// The coding of a title in a sector cell, with no description: another worker's, when it has
    /// coded the title, else the coder's (and then kept for the others).
    fn code_shared(&self, title: &str, sector: &str) -> Coding {
        let lock = || self.codings.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(c) = lock().by_sector.get(sector).and_then(|t| t.get(title)) {
            return c.clone();
        }
        let context = Context {
            sector: (!sector.is_empty()).then_some(sector),
            description: None,
        };
        let coding = self.coder().code(title, &context);
        let mut shared = lock();
        if shared.held >= TITLE_CACHE_LIMIT {
            *shared = SharedCodings::default();
        }
        let by_title = shared.by_sector.entry(key_of(sector)).or_default();
        if by_title.insert(key_of(title), coding.clone()).is_none() {
            shared.held += 1;
        }
        coding
    }

    /// True when [`Occupations::coder`] returns without waiting for another worker: the coder is
    /// built, or nobody has started building it (the caller then builds it).
    fn free(&self) -> bool {
        self.coder.get().is_some() || !self.claimed.swap(true, Ordering::AcqRel)
    }

    /// The taxonomy.
    pub fn taxonomy(&self) -> &'t Taxonomy {
        self.tax
    }
}

/// Resolves raw labels against a taxonomy, once per distinct spelling.
pub struct Normaliser<'o, 't> {
    tax: &'t Taxonomy,
    occupations: &'o Occupations<'t>,
    places: FxHashMap<String, Place>,
    /// A posting's region cell -> its city cell -> the two read together.
    pairs: FxHashMap<String, FxHashMap<String, Place>>,
    /// Number of pairs in `pairs`.
    pairs_held: usize,
    specs: FxHashMap<String, Option<SpecIdx>>,
    iscos: FxHashMap<String, Option<SpecIdx>>,
    /// Sector cells that name a specialisation exactly.
    sector_specs: FxHashMap<String, Option<SpecIdx>>,
    /// A posting's sector cell -> its title -> the title's coding.
    titles: FxHashMap<String, FxHashMap<String, TitleCode>>,
    /// Number of titles in `titles`.
    titles_held: usize,
    fields: FxHashMap<String, Option<FieldTarget>>,
    unmapped: UnmappedTable,
    /// Postings whose specialisation each column and stage decided, by [`Decider::slot`].
    decided: [u64; Decider::ALL.len()],
}

/// A label as a cache's key. An empty one is given an allocation of its own: an empty `String`
/// points nowhere, and comparing a key with it calls `memcmp` on that pointer, which on CPUs
/// with AVX-512 takes a fault-suppressing microcode assist of some hundred nanoseconds, on every
/// lookup of an empty cell (as `Groups::id` found for the tally's groups).
fn key_of(label: &str) -> String {
    let mut key = String::with_capacity(label.len().max(1));
    key.push_str(label);
    key
}

/// The value of `label` in `cache`, computed by `f` the first time; the cache is emptied when it
/// holds [`CACHE_LIMIT`] labels (a column of free text would otherwise grow it without bound).
#[inline]
pub(crate) fn cached<V: Clone>(
    cache: &mut FxHashMap<String, V>,
    label: &str,
    f: impl FnOnce() -> V,
) -> V {
    if let Some(v) = cache.get(label) {
        return v.clone();
    }
    let v = f();
    if cache.len() >= CACHE_LIMIT {
        cache.clear();
    }
    cache.insert(key_of(label), v.clone());
    v
}

impl<'o, 't> Normaliser<'o, 't> {
    /// A normaliser over the taxonomy of the occupation coder.
    pub fn new(occupations: &'o Occupations<'t>) -> Normaliser<'o, 't> {
        Normaliser {
            tax: occupations.taxonomy(),
            occupations,
            places: FxHashMap::default(),
            pairs: FxHashMap::default(),
            pairs_held: 0,
            specs: FxHashMap::default(),
            sector_specs: FxHashMap::default(),
            titles: FxHashMap::default(),
            iscos: FxHashMap::default(),
            titles_held: 0,
            fields: FxHashMap::default(),
            unmapped: UnmappedTable::default(),
            decided: [0; Decider::ALL.len()],
        }
    }

    /// How many postings each column and stage gave their specialisation to, so far (the
    /// deciders that gave none left out).
    pub fn decided(&self) -> impl Iterator<Item = (Decider, u64)> + '_ {
        (Decider::ALL.iter().zip(&self.decided)).filter_map(|(&d, &n)| (n > 0).then_some((d, n)))
    }

    /// The labels behind [`Placed::Unmapped`] and [`FieldKey::Unmapped`] ids.
    pub fn unmapped(&self) -> &UnmappedTable {
        &self.unmapped
    }

    /// The labels behind the ids, the caches dropped: a worker's tally is merged without them.
    pub fn into_unmapped(self) -> UnmappedTable {
        self.unmapped
    }

    fn intern(&mut self, column: &'static str, label: &str, reason: UnmappedReason) -> u32 {
        self.unmapped.intern(column, label, reason)
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
        if self.pairs_held >= CACHE_LIMIT {
            self.pairs.clear();
            self.pairs_held = 0;
        }
        let by_city = self.pairs.entry(key_of(region)).or_default();
        if by_city.insert(key_of(city), p.clone()).is_none() {
            self.pairs_held += 1;
        }
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

    /// A posting's place when one of its location cells decides it alone: `cell` names one
    /// region. [`Normaliser::posting_region`] gives that region whatever the other cell holds
    /// when `cell` is the region cell, and when `cell` is the city cell and the region cell
    /// names no region; `None` otherwise (the two cells are then read together).
    pub fn region_alone(&mut self, cell: &str) -> Option<RegionKey> {
        match self.place(cell) {
            Some(Place::Region(r)) => Some(Placed::Known(Area::Region(r))),
            _ => None,
        }
    }

    /// A posting's key when its `specialisation` cell decides it alone, as
    /// [`Normaliser::posting_key`] gives it: the cell names a specialisation and no ISCO-08
    /// grouping asks for every posting's title to be coded. Counts nothing: the caller counts
    /// the postings so keyed with [`Normaliser::count_decided`].
    pub fn specialisation_alone(&mut self, cell: &str) -> Option<PostingKey> {
        if cell.is_empty() || self.occupations.every_posting {
            return None;
        }
        let tax = self.tax;
        let spec = cached(&mut self.specs, cell, || tax.specialisation_of(cell))?;
        Some(PostingKey {
            spec: Placed::Known(SpecId(spec)),
            isco: IscoKey::UNASKED,
        })
    }

    /// Counts `n` postings whose specialisation `decider` gave, keyed without
    /// [`Normaliser::posting_key`] (see [`Normaliser::specialisation_alone`]).
    pub fn count_decided(&mut self, decider: Decider, n: u64) {
        self.decided[decider.slot()] += n;
    }

    /// A posting's specialisation and ISCO-08 group.
    ///
    /// The specialisation is its `specialisation` cell when that names one (by id, label, alias or
    /// keyword), else what the occupation coder makes of its `title` with its `sector` (and, when
    /// those two leave it open, its `description`), else its `sector` cell when that names a
    /// specialisation exactly (an export whose category column holds the taxonomy's ids) and the
    /// title is not one the coder found vague (`Stagiaire` stays uncoded). The
    /// ISCO group is the coder's; when the coder gives none, or only a group that holds the
    /// specialisation's own (`specialisations.csv`), the specialisation's.
    ///
    /// Unplaced, the label reported is the `specialisation` cell when it has one, else the title
    /// with the coder's reason, else the sector cell.
    pub fn posting_key(
        &mut self,
        specialisation: &str,
        title: &str,
        sector: &str,
        description: &str,
    ) -> PostingKey {
        loop {
            if let Some(key) = self.posting_key_now(specialisation, title, sector, description) {
                return key;
            }
            // another worker builds the coder: wait for it; the key is then given
            self.occupations.coder();
        }
    }

    /// [`Normaliser::posting_key`], or `None` when the key needs a title coded and another
    /// worker is building the coder: the caller may count the posting later rather than wait.
    pub fn posting_key_now(
        &mut self,
        specialisation: &str,
        title: &str,
        sector: &str,
        description: &str,
    ) -> Option<PostingKey> {
        let tax = self.tax;
        let by_cell = (!specialisation.is_empty())
            .then(|| {
                cached(&mut self.specs, specialisation, || {
                    tax.specialisation_of(specialisation)
                })
            })
            .flatten()
            .map(|s| (s, Decider::Specialisation));
        // without an occupation grouping, a known cell is all a posting needs
        let wanted = by_cell.is_none() || self.occupations.every_posting;
        let coded = if wanted && (!title.is_empty() || !sector.is_empty()) {
            Some(self.title_code(title, sector, description)?)
        } else {
            None
        };
        let by_coder = coded.and_then(|c| Some((c.spec?, Decider::Coder(c.by?))));
        // a title the coder found vague (`Stagiaire`) stays uncoded: the category does not say
        // what the job is
        let vague = coded.is_some_and(|c| c.vague);
        let decided = match by_cell.or(by_coder) {
            Some(found) => Some(found),
            None if sector.is_empty() || vague => None,
            None => cached(&mut self.sector_specs, sector, || {
                tax.specialisation_named(sector)
            })
            .map(|s| (s, Decider::SectorCell)),
        };
        let spec = match decided {
            Some((s, d)) => {
                self.decided[d.slot()] += 1;
                Placed::Known(SpecId(s))
            }
            None => Placed::Unmapped(match coded {
                _ if !specialisation.is_empty() => {
                    self.intern("specialisation", specialisation, UnmappedReason::Unknown)
                }
                Some(TitleCode {
                    spec_why: Some(id), ..
                }) if !title.is_empty() => id,
                _ if !sector.is_empty() => self.intern("sector", sector, UnmappedReason::Unknown),
                _ => self.intern("specialisation", "", UnmappedReason::Empty),
            }),
        };
        if !self.occupations.every_posting {
            return Some(PostingKey {
                spec,
                isco: IscoKey::UNASKED,
            });
        }
        let own = decided.and_then(|(s, _)| Isco::parse(&tax.spec(s).isco_08));
        let isco = match (coded.and_then(|c| c.isco), own) {
            (Some(c), Some(o)) if c.level() < 4 && o.within(c) => IscoKey {
                code: Some(o),
                why: None,
            },
            (Some(c), _) => IscoKey {
                code: Some(c),
                why: coded.and_then(|c| c.isco_why),
            },
            (None, Some(o)) => IscoKey {
                code: Some(o),
                why: None,
            },
            (None, None) => {
                let why = (coded.and_then(|c| c.isco_why))
                    .or(spec.unmapped_id())
                    .unwrap_or_else(|| self.intern("title", title, UnmappedReason::Unknown));
                IscoKey {
                    code: None,
                    why: Some(why),
                }
            }
        };
        // a short code always says why it is short
        let isco = match isco {
            IscoKey {
                code: Some(c),
                why: None,
            } if c.level() < 4 => IscoKey {
                code: Some(c),
                why: Some(self.short_isco(title, c)),
            },
            k => k,
        };
        Some(PostingKey { spec, isco })
    }

    /// The label reported for a posting whose ISCO group is known only to `code`'s digits.
    fn short_isco(&mut self, title: &str, code: Isco) -> u32 {
        let (column, label) = if title.is_empty() {
            ("sector", "")
        } else {
            ("title", title)
        };
        let reason = UnmappedReason::Ambiguous(vec![format!("ISCO-08 {code} only")]);
        self.intern(column, label, reason)
    }

    /// The coding of a title in a sector, once per distinct pair; the description is read only
    /// when those two leave the specialisation open, and is not cached (it differs per posting).
    /// `None` rather than waiting for another worker to build the coder.
    fn title_code(&mut self, title: &str, sector: &str, description: &str) -> Option<TitleCode> {
        if let Some(c) = self.titles.get(sector).and_then(|t| t.get(title)) {
            if c.spec.is_some() || description.is_empty() {
                return Some(*c);
            }
        }
        if !self.occupations.free() {
            return None;
        }
        let coding = self.occupations.code_shared(title, sector);
        let code = self.title_code_of(title, &coding);
        if self.titles_held >= TITLE_CACHE_LIMIT {
            self.titles.clear();
            self.titles_held = 0;
        }
        let by_title = self.titles.entry(key_of(sector)).or_default();
        if by_title.insert(key_of(title), code).is_none() {
            self.titles_held += 1;
        }
        if code.spec.is_some() || description.is_empty() {
            return Some(code);
        }
        let coding = self.occupations.coder().code(
            title,
            &Context {
                sector: (!sector.is_empty()).then_some(sector),
                description: Some(description),
            },
        );
        Some(self.title_code_of(title, &coding))
    }

    /// A coding as a posting uses it, with the unmapped labels it may need.
    fn title_code_of(&mut self, title: &str, c: &Coding) -> TitleCode {
        let spec_why = c.specialisation.is_none().then(|| {
            let reason = match c.reason {
                Some(Reason::Empty) | None => UnmappedReason::Empty,
                Some(Reason::Unknown) => UnmappedReason::Unknown,
                Some(Reason::Ambiguous) if c.matched.is_empty() => {
                    UnmappedReason::Ambiguous(Vec::new())
                }
                Some(Reason::Ambiguous) => UnmappedReason::Ambiguous(vec![c.matched.clone()]),
            };
            self.intern("title", title, reason)
        });
        let isco_why = match c.isco {
            Some(code) if code.level() == 4 => None,
            Some(code) => Some(self.short_isco(title, code)),
            None => spec_why.or_else(|| Some(self.intern("title", title, UnmappedReason::Unknown))),
        };
        TitleCode {
            spec: c.specialisation,
            isco: c.isco,
            by: c.decided_by,
            spec_why,
            isco_why,
            vague: c.reason == Some(Reason::Ambiguous),
        }
    }

    /// The specialisation and ISCO-08 group of a row of postings counts: its `specialisation` or
    /// `title` as for a posting, else its ISCO-08 code, which gives both (the specialisation
    /// through [`Taxonomy::specialisation_of_isco`]).
    pub fn count_key(&mut self, specialisation: &str, title: &str, isco_08: &str) -> PostingKey {
        if isco_08.is_empty() || !specialisation.is_empty() || !title.is_empty() {
            return self.posting_key(specialisation, title, "", "");
        }
        let tax = self.tax;
        let spec = match cached(&mut self.iscos, isco_08, || {
            tax.specialisation_of_isco(isco_08)
        }) {
            Some(s) => Placed::Known(SpecId(s)),
            None => Placed::Unmapped(self.intern("isco_08", isco_08, UnmappedReason::Unknown)),
        };
        let code = Isco::parse(isco_08);
        // a code short of a unit group says why, as the coder's short codes do
        let why = match (code, spec.unmapped_id()) {
            (Some(c), _) if c.level() == 4 => None,
            (_, Some(id)) => Some(id),
            _ => Some(self.intern("isco_08", isco_08, UnmappedReason::Unknown)),
        };
        PostingKey {
            spec,
            isco: IscoKey { code, why },
        }
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
                let l = &n.unmapped().label(id);
                format!("unmapped {} {:?} {}", l.column, l.label, l.reason)
            }
        }
    }

    fn data() -> &'static CoderData {
        static DATA: OnceLock<CoderData> = OnceLock::new();
        DATA.get_or_init(|| CoderData::built_in().unwrap())
    }

    fn coder(tax: &Taxonomy) -> Occupations<'_> {
        Occupations::built_in(tax, data(), true)
    }

    #[test]
    fn each_decider_counts_in_its_own_slot() {
        for (i, d) in Decider::ALL.iter().enumerate() {
            assert_eq!(d.slot(), i, "{d:?}");
        }
    }

    #[test]
    fn a_posting_is_placed_by_one_region_first_then_by_both_cells() {
        let tax = Taxonomy::default_embedded();
        let coder = coder(&tax);
        let mut n = Normaliser::new(&coder);
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
        let coder = coder(&tax);
        let mut n = Normaliser::new(&coder);
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

    /// A posting's key as text: `spec isco4 (why)`, where `why` is the label behind a short or
    /// missing ISCO group.
    fn key_text(n: &Normaliser, k: PostingKey) -> String {
        let label = |id: u32| {
            let l = &n.unmapped().label(id);
            format!("{} {:?} {}", l.column, l.label, l.reason)
        };
        let spec = match k.spec {
            Placed::Known(s) => n.tax.spec(s.0).id.clone(),
            Placed::Unmapped(id) => format!("[{}]", label(id)),
        };
        let isco = match k.isco.at(4) {
            Placed::Known(c) => c.to_string(),
            Placed::Unmapped(id) => format!("[{}]", label(id)),
        };
        format!("{spec} {isco}")
    }

    #[test]
    fn a_postings_specialisation_comes_from_its_cell_then_its_sector_then_the_coder() {
        let tax = Taxonomy::default_embedded();
        let coder = coder(&tax);
        let mut n = Normaliser::new(&coder);
        for ((spec, title, sector), want) in [
            // a known cell decides; the ISCO group is still the title's
            (("data", "Data analyst", ""), "data 2511"),
            // an unknown cell: the coder over the title
            (("Divers", "Chauffeur poids lourds", ""), "transport-driving 8332"),
            // a sector cell naming a specialisation exactly, with its own ISCO group
            (("", "", "software-development"), "software-development 2512"),
            // a title that names no occupation stays uncoded, whatever the sector
            (
                ("", "Stagiaire", "Informatique / Multimédia / Internet"),
                "[title \"Stagiaire\" ambiguous: stagiaire] [title \"Stagiaire\" ambiguous: stagiaire]",
            ),
            // an unknown cell is the label reported, before the title
            (
                ("Divers", "Poste 2", ""),
                "[specialisation \"Divers\" unknown] [title \"Poste 2\" ambiguous: poste]",
            ),
            (("", "", ""), "[specialisation \"\" empty] [specialisation \"\" empty]"),
        ] {
            let k = n.posting_key(spec, title, sector, "");
            assert_eq!(key_text(&n, k), want, "{spec:?} / {title:?} / {sector:?}");
        }
        let decided: Vec<(Decider, u64)> = {
            let mut v: Vec<_> = n.decided().collect();
            v.sort();
            v
        };
        assert_eq!(
            decided,
            [
                (Decider::Specialisation, 1),
                (Decider::SectorCell, 1),
                (Decider::Coder(DecidedBy::Curated), 1),
            ]
        );
    }

    #[test]
    fn a_key_that_needs_the_coder_another_worker_builds_is_put_off_and_then_the_same() {
        let tax = Taxonomy::default_embedded();
        let coder = Occupations::built_in(&tax, data(), false);
        let mut n = Normaliser::new(&coder);
        let spec = |k: PostingKey| match k.spec {
            Placed::Known(s) => tax.spec(s.0).id.clone(),
            Placed::Unmapped(_) => "unmapped".to_string(),
        };
        // another worker has started building the coder
        coder.claimed.store(true, Ordering::Release);
        // a known cell needs no coder
        let k = n.posting_key_now("data", "Data Analyst", "", "");
        assert_eq!(k.map(spec).as_deref(), Some("data"));
        assert_eq!(
            n.posting_key_now("", "Chauffeur poids lourds", "", ""),
            None
        );
        assert_eq!(n.posting_key_now("Divers", "Comptable", "", ""), None);
        assert!(coder.coder.get().is_none(), "put off, not built");
        // built, the key is given, as the waiting call gives it
        coder.coder();
        let now = n
            .posting_key_now("", "Chauffeur poids lourds", "", "")
            .unwrap();
        assert_eq!(now, n.posting_key("", "Chauffeur poids lourds", "", ""));
        assert_eq!(spec(now), "transport-driving");
        // nobody building it: the first caller builds it rather than put the posting off
        let fresh = Occupations::built_in(&tax, data(), false);
        let mut n = Normaliser::new(&fresh);
        assert!(n.posting_key_now("", "Comptable", "", "").is_some());
        assert!(fresh.coder.get().is_some());
    }

    #[test]
    fn a_short_isco_group_says_why_and_a_specialisations_own_group_completes_it() {
        let tax = Taxonomy::default_embedded();
        let coder = coder(&tax);
        let mut n = Normaliser::new(&coder);
        let c = coder.coder().code("Ingénieur", &Context::default());
        let short = c.isco.expect("a vague head still gives a major group");
        assert!(short.level() < 4, "{short:?}");
        // with a known cell whose own group lies inside it, the cell's group is used
        let k = n.posting_key("civil-engineering", "Ingénieur", "", "");
        assert_eq!(key_text(&n, k), "civil-engineering 2142");
        // alone, the short group is known at its own digits and unmapped below them
        let k = n.posting_key("", "Ingénieur", "", "");
        assert_eq!(k.isco.at(1), Placed::Known(short.truncate(1)));
        let why = k.isco.at(4).unmapped_id().unwrap();
        assert_eq!(
            n.unmapped().label(why).reason.to_string(),
            format!("ambiguous: ISCO-08 {short} only")
        );
    }

    #[test]
    fn the_table_gives_a_label_one_id_and_keeps_its_text_column_and_reason() {
        let mut t = UnmappedTable::default();
        let ambiguous = || UnmappedReason::Ambiguous(vec!["poste".into()]);
        // enough labels for the index to grow many times over
        let ids: Vec<u32> = (0..20_000)
            .map(|i| t.intern("title", &format!("Poste {i}"), ambiguous()))
            .collect();
        assert!(ids.iter().copied().eq(0..20_000));
        assert_eq!(t.intern("title", "Poste 12345", ambiguous()), 12_345);
        // the same text in another column, or with another reason, is another label
        let city = t.intern("city", "Poste 7", ambiguous());
        let unknown = t.intern("title", "Poste 7", UnmappedReason::Unknown);
        let empty = t.intern("region", "", UnmappedReason::Empty);
        assert_eq!((city, unknown, empty), (20_000, 20_001, 20_002));
        let l = t.label(20_001);
        assert_eq!(
            (l.column, l.label, l.reason.to_string().as_str()),
            ("title", "Poste 7", "unknown")
        );
        let l = t.label(19_999);
        assert_eq!(
            (l.column, l.label, l.reason.to_string().as_str()),
            ("title", "Poste 19999", "ambiguous: poste")
        );
        assert_eq!(t.label(empty).label, "");
        // the labels with one reason share it
        assert!(std::ptr::eq(t.label(0).reason, t.label(19_999).reason));
        // another table's labels are renumbered: known ones keep their id here, new ones follow
        let mut other = UnmappedTable::default();
        other.intern("field", "Philosophie", UnmappedReason::Unknown);
        other.intern("title", "Poste 3", ambiguous());
        other.intern("region", "", UnmappedReason::Empty);
        // a blank table takes another as it is, ids and all
        let mut blank = UnmappedTable::default();
        let same = blank.absorb_owned(other.clone());
        assert!(same.is_identity() && same.labels.len() == 3);
        assert_eq!(blank.intern("title", "Poste 3", ambiguous()), 1);
        let map = t.absorb_owned(other);
        assert!(!map.is_identity());
        assert_eq!(map.labels, [20_003, 3, empty]);
        assert_eq!(map.label(1), 3);
        assert_eq!(t.label(20_003).label, "Philosophie");
        assert_eq!(t.len(), 20_004);
        // sealed, the table keeps every label, and one added later finds the known ones
        let shared = t.labels().clone();
        t.seal();
        assert_eq!(t.label(12_345).label, "Poste 12345");
        assert_eq!(t.intern("title", "Poste 12345", ambiguous()), 12_345);
        assert_eq!(t.intern("title", "Poste nouveau", ambiguous()), 20_004);
        // a list built before holds the labels as they were
        assert_eq!((shared.len(), t.len()), (20_004, 20_005));
        assert_eq!(shared.label(20_003).label, "Philosophie");
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
