//! The data-quality summary: for each input, where every row and unit went (counted, unmapped,
//! abroad, rejected, outside the period, merged as a duplicate), the reasons for rejects, the
//! unmapped labels with what they carried and a suggestion, and the countries of the rows abroad.
//!
//! A row is counted once, in one of these: outside the period first, then abroad (whatever its
//! other labels: it is not Moroccan demand), then unmapped, else counted. A posting shared between
//! several regions is one counted row with its whole vacancies; `rows_split` says how many.

use std::collections::BTreeMap;

use super::Period;
use crate::aggregate::{Counts, Role, Tally, TallyKey};
use crate::dedup::Merges;
use crate::dims::{Dim, Grouping};
use crate::ingest::ReadSummary;
use crate::model::{AbroadEntry, DataQuality, InputQuality, ListedLabel, UnmappedList};
use crate::normalise::{Area, FieldKey, Placed, PostingKey, RegionKey, UnmappedTable};
use crate::taxonomy::Taxonomy;

/// The keys of a tally's cells: whether a cell is unplaced on a grouped dimension, and where an
/// unplaced label is listed.
pub trait CellKey: TallyKey {
    /// The unmapped label id of the key that `dim` is read from, if that label was not placed.
    fn unmapped_on(&self, dim: Dim) -> Option<u32>;
    /// Whether a label of the key in `role` (not the region) is the key's label on `dim`.
    fn read_on(role: Role, dim: Dim) -> bool;
}

impl CellKey for PostingKey {
    fn unmapped_on(&self, dim: Dim) -> Option<u32> {
        match dim {
            Dim::Region => None,
            Dim::Specialisation | Dim::Family => self.spec.unmapped_id(),
            Dim::Isco1 | Dim::Isco2 | Dim::Isco4 => self.isco.at(dim.isco_digits()?).unmapped_id(),
        }
    }

    /// The specialisation's label on the specialisation and the family; the ISCO-08 group's
    /// reason on the ISCO-08 groups of more digits than the group is known to.
    fn read_on(role: Role, dim: Dim) -> bool {
        match role {
            Role::Key => matches!(dim, Dim::Specialisation | Dim::Family),
            Role::Isco(known) => dim.isco_digits().is_some_and(|d| d > usize::from(known)),
            Role::Region => false,
        }
    }
}

/// A cohort's field is unmapped on every dimension but the region; a known field's share in a
/// specialisation with no ISCO-08 group of enough digits is not a row of its own, and is left out
/// of the supply of an occupation grouping (see `analysis::supply_frames`).
impl CellKey for FieldKey {
    fn unmapped_on(&self, dim: Dim) -> Option<u32> {
        match (dim, self) {
            (Dim::Region, _) => None,
            (_, FieldKey::Unmapped(id)) => Some(*id),
            (_, FieldKey::Known(_)) => None,
        }
    }

    fn read_on(role: Role, dim: Dim) -> bool {
        role == Role::Key && dim != Dim::Region
    }
}

/// How many times a label in `role` is listed for a cell under a grouping: once per grouped
/// dimension it is read on.
fn times_listed<K: CellKey>(role: Role, by: &Grouping) -> usize {
    (by.dims().iter())
        .filter(|&&d| match role {
            Role::Region => d == Dim::Region,
            _ => K::read_on(role, d),
        })
        .count()
}

/// One input to summarise.
pub struct InputTally<'a, K> {
    pub input: &'static str,
    pub unit: &'static str,
    pub read: &'a ReadSummary,
    pub tally: &'a Tally<K>,
    /// Rows merged as duplicates (taken out of the tally).
    pub merged: Merges,
}

/// What one input's tally holds for the data-quality summary: the unmapped labels (by their id)
/// and the places abroad (by their countries' id) are gathered across inputs.
struct Gathered<'a> {
    /// One per cell and unplaced label: summed per label afterwards (a vector costs a fraction of
    /// a map, and an export full of junk has a label per row).
    labels: &'a mut Vec<ListedLabel>,
    /// This input's number.
    input: u8,
    abroad: &'a mut BTreeMap<(String, u32), Counts>,
}

/// The ids of a cell's unplaced labels on the grouped dimensions (0 as a cell holds them): none
/// when the cell is counted.
fn unplaced<'a, K: CellKey>(
    region: RegionKey,
    key: &'a K,
    by: &'a Grouping,
) -> impl Iterator<Item = u32> + 'a {
    (by.dims().iter()).filter_map(move |&d| match d {
        Dim::Region => region.unmapped_id(),
        _ => key.unmapped_on(d),
    })
}

/// How many (label, year, role) entries [`summarise`] lists for an input.
fn listed<K: CellKey>(t: &InputTally<K>, period: Option<Period>, by: &Grouping) -> usize {
    let mut n = 0;
    t.tally.for_each_label(|_, year, role, _| {
        if period.is_none_or(|p| p.contains(year)) {
            n += times_listed::<K>(role, by);
        }
    });
    n
}

fn summarise<K: CellKey>(
    t: &InputTally<K>,
    period: Option<Period>,
    by: &Grouping,
    g: Gathered,
) -> InputQuality {
    let (mut counted, mut unmapped, mut outside) =
        (Counts::default(), Counts::default(), Counts::default());
    let (mut abroad, mut split) = (Counts::default(), Counts::default());
    // the cells as they are held, one per group, every unplaced label as one: every sum below is
    // over them all, without a copy
    t.tally.for_each_cell(|(year, region, key), c| {
        if period.is_some_and(|p| !p.contains(year)) {
            outside += c;
            return;
        }
        if let Placed::Known(Area::Abroad(id)) = region {
            abroad += c;
            *g.abroad.entry((t.input.to_string(), id)).or_default() += c;
            return;
        }
        if unplaced(region, &key, by).next().is_none() {
            counted += c;
            if by.has(Dim::Region) && matches!(region, Placed::Known(Area::Several(_))) {
                split += c;
            }
        } else {
            unmapped += c;
        }
    });
    // what each label carried, counted apart (rows abroad left out): summed per label and sorted
    // afterwards
    t.tally.for_each_label(|id, year, role, c| {
        if period.is_some_and(|p| !p.contains(year)) {
            return;
        }
        for _ in 0..times_listed::<K>(role, by) {
            g.labels.push(ListedLabel {
                rows: c.rows,
                units: c.units,
                id,
                input: g.input,
            });
        }
    });
    let r = t.read;
    InputQuality {
        input: t.input.to_string(),
        file: r.file.clone(),
        bytes: r.bytes,
        sha256: r.sha256.clone(),
        encoding: r.encoding.clone(),
        unit: t.unit.to_string(),
        rows_read: r.rows_read + r.total_rows,
        rows_counted: counted.rows,
        rows_split: split.rows,
        rows_unmapped: unmapped.rows,
        rows_abroad: abroad.rows,
        rows_rejected: r.rows_rejected,
        rows_outside_period: outside.rows,
        rows_duplicate: t.merged.rows(),
        rows_total: r.total_rows,
        duplicates_same_id: t.merged.same_id,
        duplicates_identical: t.merged.identical,
        duplicates_syndicated: t.merged.syndicated,
        units_read: counted.units
            + unmapped.units
            + abroad.units
            + outside.units
            + r.units_rejected
            + t.merged.units,
        units_counted: counted.units,
        units_split: split.units,
        units_unmapped: unmapped.units,
        units_abroad: abroad.units,
        units_rejected: r.units_rejected,
        units_outside_period: outside.units,
        units_duplicate: t.merged.units,
    }
}

/// How many unmapped labels, the first by units, get the nearest known alias as a suggestion. A
/// suggestion costs a comparison with every alias; an export full of junk has hundreds of
/// thousands of distinct labels, and nobody writes aliases for the ones past the first thousand.
pub const SUGGESTED: usize = 1_000;

/// Builds the data-quality summary. Without a period (as in `validate`), nothing is outside it.
pub fn data_quality(
    tax: &Taxonomy,
    postings: InputTally<PostingKey>,
    graduates: InputTally<FieldKey>,
    table: &UnmappedTable,
    period: Option<Period>,
    by: &Grouping,
) -> DataQuality {
    // as long as it needs to be: it is as long as the labels are many
    let mut labels =
        Vec::with_capacity(listed(&postings, period, by) + listed(&graduates, period, by));
    let mut abroad = BTreeMap::new();
    let inputs = vec![
        summarise(
            &postings,
            period,
            by,
            Gathered {
                labels: &mut labels,
                input: 0,
                abroad: &mut abroad,
            },
        ),
        summarise(
            &graduates,
            period,
            by,
            Gathered {
                labels: &mut labels,
                input: 1,
                abroad: &mut abroad,
            },
        ),
    ];
    let mut reject_reasons = Vec::new();
    let mut rejects = Vec::new();
    for (name, r) in [
        (postings.input, postings.read),
        (graduates.input, graduates.read),
    ] {
        for (reason, n) in &r.reject_reasons {
            reject_reasons.push((name.to_string(), reason.clone(), *n));
        }
        // `--rejects FILE` keeps every reject for the file; the report lists the first ones
        rejects.extend(r.rejects.iter().take(crate::ingest::KEPT_REJECTS).cloned());
    }
    // one per input and label (in place: no scratch as large as the list)
    labels.sort_unstable_by_key(|l| (l.input, l.id));
    labels.dedup_by(|next, kept| {
        let same = (next.input, next.id) == (kept.input, kept.id);
        if same {
            kept.rows += next.rows;
            kept.units += next.units;
        }
        same
    });
    labels.shrink_to_fit();
    let names = vec![postings.input, graduates.input];
    let mut unmapped = UnmappedList::new(table.labels().clone(), names, labels);
    // a suggestion compares the label with every known phrase: only for the labels that matter
    unmapped.suggest(SUGGESTED, |u| match u.column {
        "region" | "city" => tax.nearest_place(u.label),
        _ => tax.nearest_spec(u.label),
    });
    DataQuality {
        inputs,
        reject_reasons,
        rejects,
        unmapped,
        abroad: abroad_entries(table, abroad),
        decided: Vec::new(),
    }
}

/// The rows abroad per input and countries, most units first.
fn abroad_entries(
    table: &UnmappedTable,
    abroad: BTreeMap<(String, u32), Counts>,
) -> Vec<AbroadEntry> {
    let mut entries: Vec<AbroadEntry> = abroad
        .into_iter()
        .map(|((input, id), c)| AbroadEntry {
            input,
            countries: table.countries(id).to_vec(),
            rows: c.rows,
            units: c.units,
        })
        .collect();
    entries.sort_by(|a, b| {
        b.units
            .cmp(&a.units)
            .then_with(|| (&a.input, &a.countries).cmp(&(&b.input, &b.countries)))
    });
    entries
}
