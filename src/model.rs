//! The report model: plain structs that every report format consumes. Only `analysis` builds them;
//! the writers in `report` never see polars or the raw inputs.

use std::sync::Arc;

use serde::Serialize;

use crate::analysis::round_to;
use crate::dims::{Dim, Grouping};
use crate::indicators::columns::{IndicatorParams, RowIndicators};
use crate::ingest::Reject;
use crate::normalise::{Labels, UnmappedReason};

/// The trend report's model (`skillgap trend`).
pub mod skills;
pub mod trend;

/// Version of the JSON layout of [`GapReport`]; bumped on any incompatible change (a field removed,
/// renamed or given another meaning), not when fields are added: readers ignore the fields they do
/// not know, so version 1 gained `rows_abroad`, `units_abroad`, `rows_split`, `units_split` and
/// `quality.abroad` without a bump, and the indicators (`params.assumptions`, `params.interval`,
/// `params.rating`, `params.populations`, `params.columns`, the rows' extra fields and
/// `mismatches`), each present only when asked for.
pub const SCHEMA_VERSION: u32 = 1;

/// The label used for rows whose region or specialisation could not be placed.
pub const UNMAPPED: &str = "unmapped";

/// A gap status, from the balance index and the documented threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Balance index above the threshold: more vacancies than graduates.
    Shortage,
    /// Balance index within ± the threshold.
    Balanced,
    /// Balance index below minus the threshold: more graduates than vacancies.
    Surplus,
}

impl Status {
    /// The status a balance index gives with a threshold: beyond ±T, strictly.
    pub fn of(balance: f64, threshold: f64) -> Status {
        if balance > threshold {
            Status::Shortage
        } else if balance < -threshold {
            Status::Surplus
        } else {
            Status::Balanced
        }
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            Status::Shortage => "shortage",
            Status::Balanced => "balanced",
            Status::Surplus => "surplus",
        }
    }
}

/// The value of one grouped dimension in a row: its code (`MA-06`, `cybersecurity`, `ict`,
/// `unmapped`, or `total` in a subtotal) and its label in the report's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyCell {
    /// The dimension.
    pub dim: Dim,
    /// The taxonomy's code of the value.
    pub code: String,
    /// Its label in the report's language.
    pub label: String,
}

/// The numbers of a row: demand and supply, and what is computed from them.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct Metrics {
    /// D: vacancies per year over the period.
    pub demand: f64,
    /// S: graduates per year over the period, after crosswalk weights.
    pub supply: f64,
    /// D − S.
    pub gap: f64,
    /// D / S, absent when S = 0.
    pub ratio: Option<f64>,
    /// (D − S) / (D + S), 0 when D + S = 0.
    pub balance_index: f64,
    /// Shortage, balanced or surplus, from the balance index and the threshold.
    pub status: Status,
    /// D + S below the minimum count.
    pub low_evidence: bool,
}

impl Metrics {
    /// The metrics of demand and supply that are sums of shown (rounded) values, as subtotals
    /// and roll-ups are: the sums are rounded to 2 decimals, the gap is their difference (so that
    /// gap = demand − supply holds exactly), and ratio, balance index, status and evidence are
    /// computed from the rounded sums.
    pub fn from_sums(demand: f64, supply: f64, threshold: f64, min_count: f64) -> Metrics {
        let (demand, supply) = (round_to(demand, 2), round_to(supply, 2));
        let balance = if demand + supply > 0.0 {
            (demand - supply) / (demand + supply)
        } else {
            0.0
        };
        Metrics {
            demand,
            supply,
            gap: round_to(demand - supply, 2),
            ratio: (supply > 0.0).then(|| round_to(demand / supply, 4)),
            balance_index: round_to(balance, 4),
            status: Status::of(balance, threshold),
            low_evidence: demand + supply < min_count,
        }
    }
}

/// One ranked row: the values of the grouped dimensions (a region × specialisation cell, or a
/// region, or a family, ...) and the row's metrics.
#[derive(Debug, Clone, PartialEq)]
pub struct GapRow {
    /// 1-based position in the ranking; 0 for subtotals.
    pub rank: usize,
    /// One cell per grouped dimension, in the grouping's order.
    pub keys: Vec<KeyCell>,
    /// Its numbers.
    pub metrics: Metrics,
    /// The indicators asked for (none by default, and none in subtotals).
    pub indicators: RowIndicators,
}

impl GapRow {
    /// The cell of a dimension, when the row is grouped on it.
    pub fn key(&self, dim: Dim) -> Option<&KeyCell> {
        self.keys.iter().find(|k| k.dim == dim)
    }

    /// The labels of the row's cells, most specific first, joined for a chart: `Data · Rabat`.
    pub fn label(&self) -> String {
        let labels: Vec<&str> = self.keys.iter().rev().map(|k| k.label.as_str()).collect();
        labels.join(" · ")
    }
}

/// A row is one JSON object: `rank`, then each key cell as the dimension's code and label
/// fields, then the metrics, then the indicators asked for (named as their CSV columns); the
/// fields of a dimension not grouped on, and of indicators not asked for, are absent.
impl Serialize for GapRow {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let m = &self.metrics;
        let mut map = s.serialize_map(Some(8 + 2 * self.keys.len()))?;
        map.serialize_entry("rank", &self.rank)?;
        for k in &self.keys {
            let [code, label] = k.dim.json_fields();
            map.serialize_entry(code, &k.code)?;
            map.serialize_entry(label, &k.label)?;
        }
        map.serialize_entry("demand", &m.demand)?;
        map.serialize_entry("supply", &m.supply)?;
        map.serialize_entry("gap", &m.gap)?;
        map.serialize_entry("ratio", &m.ratio)?;
        map.serialize_entry("balance_index", &m.balance_index)?;
        map.serialize_entry("status", &m.status)?;
        map.serialize_entry("low_evidence", &m.low_evidence)?;
        for (extra, cell) in self.indicators.cells() {
            map.serialize_entry(extra.id(), &cell)?;
        }
        map.end()
    }
}

/// The rows of a report summed per value of one grouped dimension (a region over every
/// specialisation, a specialisation over every region): rank 0, keyed by that value alone, sorted
/// by gap, largest first, ties by code; with the indicators asked for, computed as a subtotal's
/// are ([`crate::indicators::apply::annotate_subtotals`]).
#[derive(Debug, Clone, PartialEq)]
pub struct RollUp {
    /// The dimension kept.
    pub dim: Dim,
    /// One row per value of it.
    pub rows: Vec<GapRow>,
}

/// The parameters a report was computed with.
#[derive(Debug, Clone, Serialize)]
pub struct Params {
    pub period_from: i32,
    pub period_to: i32,
    /// Number of years the totals are averaged over.
    pub years: u32,
    /// Grouping dimensions, written as their names: `["region", "specialisation"]`.
    pub by: Grouping,
    pub sort: String,
    /// `low_evidence` when D + S is below this.
    pub min_count: f64,
    /// `shortage` above +threshold, `surplus` below −threshold of the balance index.
    pub threshold: f64,
    pub show_unmapped: bool,
    pub top: Option<usize>,
    pub lang: crate::taxonomy::Lang,
    pub taxonomy_version: String,
    /// Duplicate postings were merged, syndicated copies within this many days; `null` when
    /// every row was counted (`--no-dedup`).
    pub dedup_days: Option<u32>,
    /// The assumptions, interval, rating and concentration in force, when any was asked for;
    /// their keys are absent otherwise.
    #[serde(flatten)]
    pub indicators: Option<IndicatorParams>,
}

/// What happened to one input's rows and units. The counts reconcile:
/// `rows_read = rows_counted + rows_unmapped + rows_abroad + rows_rejected + rows_outside_period +
/// rows_duplicate`, and the same for units.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct InputQuality {
    /// `postings` or `graduates`.
    pub input: String,
    pub file: String,
    pub bytes: Option<u64>,
    /// Hex SHA-256 of the input's bytes.
    pub sha256: Option<String>,
    /// The text encoding it was read in.
    pub encoding: String,
    /// `vacancies` or `graduates`.
    pub unit: String,
    pub rows_read: u64,
    /// In the period and placed on every grouped dimension: these make the report.
    pub rows_counted: u64,
    /// Of `rows_counted`: postings whose vacancies are shared equally between the several regions
    /// they name (only when grouping by region). Each counts once here, however many regions share
    /// it.
    pub rows_split: u64,
    /// In the period, but a grouped label could not be placed.
    pub rows_unmapped: u64,
    /// In the period, but placed abroad: not Moroccan demand or supply, whatever the grouping.
    pub rows_abroad: u64,
    pub rows_rejected: u64,
    pub rows_outside_period: u64,
    /// Valid rows merged into another copy of the same posting (postings only).
    pub rows_duplicate: u64,
    /// Total and subtotal rows of a workbook (`Total`, `Ensemble`): read, and left out because
    /// the rows above them hold what they sum. Their units are not read (they would count the
    /// same graduates or vacancies twice), so the units reconcile without them.
    #[serde(skip_serializing_if = "is_zero")]
    pub rows_total: u64,
    /// Of `rows_duplicate`: rows with the posting_id and source of another row.
    pub duplicates_same_id: u64,
    /// Of `rows_duplicate`: rows without a posting_id identical in every field to another row.
    pub duplicates_identical: u64,
    /// Of `rows_duplicate`: rows with the title, company and place of a row posted a few days
    /// before.
    pub duplicates_syndicated: u64,
    pub units_read: u64,
    pub units_counted: u64,
    /// Of `units_counted`: the vacancies of `rows_split`, whole (their parts add up to them exactly).
    pub units_split: u64,
    pub units_unmapped: u64,
    pub units_abroad: u64,
    /// Units on rejected rows whose count cell could be read.
    pub units_rejected: u64,
    pub units_outside_period: u64,
    /// Units on the merged rows (counted once, through the copy kept).
    pub units_duplicate: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl InputQuality {
    /// Rows read, counted, unmapped, abroad, rejected, outside the period, merged as
    /// duplicates, and total rows of a workbook, in that order: the first is the sum of the others.
    pub fn rows(&self) -> [u64; 8] {
        [
            self.rows_read,
            self.rows_counted,
            self.rows_unmapped,
            self.rows_abroad,
            self.rows_rejected,
            self.rows_outside_period,
            self.rows_duplicate,
            self.rows_total,
        ]
    }

    /// Units read, counted, unmapped, abroad, rejected, outside the period and on merged
    /// duplicates, in that order.
    /// The units of the same, in the same order; total rows carry none (their units are not
    /// read).
    pub fn units(&self) -> [u64; 8] {
        [
            self.units_read,
            self.units_counted,
            self.units_unmapped,
            self.units_abroad,
            self.units_rejected,
            self.units_outside_period,
            self.units_duplicate,
            0,
        ]
    }
}

/// One unmapped label with what it carried in the period, as an [`UnmappedList`] gives it.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct UnmappedEntry<'a> {
    /// `postings` or `graduates`.
    pub input: &'static str,
    /// The column the label came from, as [`crate::normalise::UnmappedLabel::column`].
    pub column: &'static str,
    pub label: &'a str,
    pub reason: &'a UnmappedReason,
    pub rows: u64,
    pub units: u64,
    /// The nearest known alias, when one is close.
    pub suggestion: Option<&'a str>,
}

/// What one unmapped label of one input carried: 24 bytes. Its text, column and reason stay in
/// the [`Labels`] of the scan, by `id`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListedLabel {
    pub rows: u64,
    pub units: u64,
    /// The label's id in the list's [`Labels`].
    pub id: u32,
    /// The input's number in the list's inputs.
    pub input: u8,
}

/// The unmapped labels of a data-quality summary, one per input and label, sorted by units,
/// descending, then input, column and label (then id: the same text in one column can have two
/// reasons).
///
/// An export full of junk has hundreds of thousands of distinct labels, and the JSON report and
/// the workbook list them all: the list shares the scan's [`Labels`] (each text is held once,
/// for the scan and every report built from it) and keeps 24 bytes per label. The nearest known
/// alias is worked out for a few labels only, and kept apart.
#[derive(Debug, Clone, Default)]
pub struct UnmappedList {
    labels: Arc<Labels>,
    /// The inputs' names, by number.
    inputs: Vec<&'static str>,
    entries: Vec<ListedLabel>,
    /// The suggestions, by (input, id), sorted.
    suggestions: Vec<((u8, u32), Box<str>)>,
}

impl UnmappedList {
    /// The labels of `entries` (ids in `labels`, inputs numbered in `inputs`), sorted.
    pub fn new(
        labels: Arc<Labels>,
        inputs: Vec<&'static str>,
        entries: Vec<ListedLabel>,
    ) -> UnmappedList {
        let mut list = UnmappedList {
            labels,
            inputs,
            entries,
            suggestions: Vec::new(),
        };
        list.sort();
        list
    }

    /// Most units first, then by input, column and label, then id (in place: no scratch as large
    /// as the list).
    fn sort(&mut self) {
        let (labels, inputs) = (&self.labels, &self.inputs);
        self.entries.sort_unstable_by(|a, b| {
            let (la, lb) = (labels.label(a.id), labels.label(b.id));
            let (ia, ib) = (inputs[a.input as usize], inputs[b.input as usize]);
            (b.units.cmp(&a.units))
                .then_with(|| (ia, la.column, la.label).cmp(&(ib, lb.column, lb.label)))
                .then(a.id.cmp(&b.id))
        });
    }

    /// Gives the first `n` labels the suggestion `f` finds for them, if any.
    pub fn suggest(&mut self, n: usize, f: impl Fn(&UnmappedEntry) -> Option<String>) {
        let found: Vec<_> = (0..self.len().min(n))
            .filter_map(|i| {
                let e = self.get(i);
                let key = (self.entries[i].input, self.entries[i].id);
                f(&e).map(|s| (key, s.into_boxed_str()))
            })
            .collect();
        self.suggestions.extend(found);
        self.suggestions.sort_unstable_by_key(|(key, _)| *key);
        self.suggestions.dedup_by_key(|(key, _)| *key);
    }

    /// Replaces the entries of `input` with those of `other`, a list of the same labels (as the
    /// graduates' part is taken from a list over their cohorts' years).
    pub fn take_input_from(&mut self, input: &str, other: UnmappedList) {
        debug_assert!(Arc::ptr_eq(&self.labels, &other.labels));
        let number = |inputs: &[&str]| inputs.iter().position(|&i| i == input);
        let ours = number(&self.inputs);
        self.entries.retain(|e| Some(e.input as usize) != ours);
        self.suggestions
            .retain(|((i, _), _)| Some(*i as usize) != ours);
        if let Some(theirs) = number(&other.inputs) {
            let to = match ours {
                Some(i) => i as u8,
                None => {
                    self.inputs.push(other.inputs[theirs]);
                    (self.inputs.len() - 1) as u8
                }
            };
            let theirs = theirs as u8;
            let mine = |e: &ListedLabel| ListedLabel { input: to, ..*e };
            (self.entries).extend(other.entries.iter().filter(|e| e.input == theirs).map(mine));
            (self.suggestions).extend(
                (other.suggestions.into_iter())
                    .filter(|((i, _), _)| *i == theirs)
                    .map(|((_, id), s)| ((to, id), s)),
            );
            self.suggestions.sort_unstable_by_key(|(key, _)| *key);
        }
        self.sort();
    }

    /// The number of labels.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The label at `i` in the list's order (without its suggestion: see [`UnmappedList::get`]).
    pub fn label(&self, i: usize) -> (&'static str, crate::normalise::UnmappedLabel<'_>) {
        let e = &self.entries[i];
        (self.inputs[e.input as usize], self.labels.label(e.id))
    }

    /// The entry at `i` in the list's order.
    pub fn get(&self, i: usize) -> UnmappedEntry<'_> {
        let e = &self.entries[i];
        let (input, l) = self.label(i);
        let key = (e.input, e.id);
        let suggestion = (self.suggestions.binary_search_by_key(&key, |(k, _)| *k))
            .ok()
            .map(|at| &*self.suggestions[at].1);
        UnmappedEntry {
            input,
            column: l.column,
            label: l.label,
            reason: l.reason,
            rows: e.rows,
            units: e.units,
            suggestion,
        }
    }

    /// The entries, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = UnmappedEntry<'_>> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }
}

impl Serialize for UnmappedList {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

/// The rows of one input placed abroad in one country, or in several named together.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct AbroadEntry {
    pub input: String,
    /// ISO 3166-1 alpha-2 codes, sorted; `ZZ` when no country is named (`International`).
    pub countries: Vec<String>,
    pub rows: u64,
    pub units: u64,
}

/// The data-quality summary: counts, rejects, unmapped labels and places abroad.
#[derive(Debug, Clone, Serialize)]
pub struct DataQuality {
    pub inputs: Vec<InputQuality>,
    /// (input, reason, rows), sorted.
    pub reject_reasons: Vec<(String, String, u64)>,
    /// The first rejected rows of each input (at most `ingest::KEPT_REJECTS` each), in file
    /// order; `--rejects FILE` writes them all.
    pub rejects: Vec<Reject>,
    /// Sorted by units, descending, then input, column and label.
    pub unmapped: UnmappedList,
    /// The rows counted as abroad, per country: sorted by units, descending, then input and
    /// countries.
    pub abroad: Vec<AbroadEntry>,
    /// What gave the valid postings read their specialisation, in the order of [`Decider`]
    /// (cells first, then the coder's stages).
    ///
    /// [`Decider`]: crate::normalise::Decider
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub decided: Vec<DecidedEntry>,
}

/// How many valid postings (read, before duplicates are merged and the period is chosen) one
/// column gave their specialisation to.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DecidedEntry {
    /// `specialisation`, `sector`, `title` or `description`.
    pub column: String,
    /// `cell` (the cell names a specialisation), or the coder's stage: `rule` (an ICT keyword),
    /// `curated`, `esco`, `sector`, `description`.
    pub how: String,
    pub rows: u64,
}

impl DataQuality {
    /// Total rejected rows over all inputs.
    pub fn rows_rejected(&self) -> u64 {
        self.inputs.iter().map(|i| i.rows_rejected).sum()
    }
}

/// An assumptions file checked against the inputs (`validate --assumptions`): the totals
/// counted, the same under the assumptions as scenario ranges, and the entries that apply to
/// nothing in the data.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AssumptionsCheck {
    /// The file, as given.
    pub file: String,
    pub sha256: String,
    pub lag_years: u32,
    /// Vacancies counted, over every year (as `validate` counts them).
    pub vacancies: f64,
    /// Σ vacancies ÷ coverage(source): low, central, high.
    pub openings: [f64; 3],
    /// Graduates counted, after crosswalk weights, over every year.
    pub graduates: f64,
    /// Σ graduates × entry_rate(level) × (1 − leakage): low, central, high.
    pub entrants: [f64; 3],
    /// One sentence per entry of the file that applies to nothing in the data.
    pub warnings: Vec<String>,
}

/// A complete gap report.
#[derive(Debug, Clone, Serialize)]
pub struct GapReport {
    pub schema_version: u32,
    pub params: Params,
    pub rows: Vec<GapRow>,
    /// The ranked rows (not the subtotals) summed per value of each grouped dimension, in the
    /// grouping's order: the workbook's roll-up sheets and the heatmap's order. Not in the JSON,
    /// whose rows hold what they sum (and `--totals` gives the same sums as subtotal rows).
    #[serde(skip)]
    pub rollups: Vec<RollUp>,
    /// With `--concentration` and a grouping by region alone: the region × specialisation cells
    /// whose demand and supply are concentrated in different places, in the order of the
    /// concentration view ("train where the jobs are" first). Absent otherwise.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub mismatches: Vec<GapRow>,
    pub quality: DataQuality,
    /// When the postings have text columns: the top skills of each specialisation (or family)
    /// the ranking shows, in the ranking's order. Absent otherwise.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub skills: Vec<skills::SpecSkills>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalise::UnmappedTable;

    fn listed(rows: u64, units: u64, id: u32, input: u8) -> ListedLabel {
        ListedLabel {
            rows,
            units,
            id,
            input,
        }
    }

    #[test]
    fn the_unmapped_list_refers_to_labels_by_id_in_order_with_a_few_suggestions() {
        let mut t = UnmappedTable::default();
        let zagora = t.intern("city", "Zagora-Sud", UnmappedReason::Unknown);
        let vague = t.intern("title", "Poste vague", UnmappedReason::Unknown);
        let empty = t.intern("region", "", UnmappedReason::Empty);
        let philo = t.intern("field", "Philosophie", UnmappedReason::Unknown);
        let twice = t.intern("title", "Poste vague", UnmappedReason::Ambiguous(vec![]));
        let entries = vec![
            listed(1, 5, vague, 0),
            listed(2, 9, zagora, 0),
            listed(1, 5, philo, 1),
            listed(3, 5, empty, 0),
            listed(1, 5, twice, 0),
        ];
        let mut list =
            UnmappedList::new(t.labels().clone(), vec!["postings", "graduates"], entries);
        // most units first, then input, column and label, then id
        let order: Vec<_> = list.iter().map(|u| (u.input, u.column, u.label)).collect();
        assert_eq!(
            order,
            [
                ("postings", "city", "Zagora-Sud"),
                ("graduates", "field", "Philosophie"),
                ("postings", "region", ""),
                ("postings", "title", "Poste vague"),
                ("postings", "title", "Poste vague"),
            ]
        );
        assert_eq!(list.get(3).reason, &UnmappedReason::Unknown);
        assert_eq!(list.get(4).reason, &UnmappedReason::Ambiguous(vec![]));
        // the first two only are asked for a suggestion
        list.suggest(2, |u| Some(format!("near {}", u.label)));
        let suggested: Vec<_> = list.iter().map(|u| u.suggestion).collect();
        assert_eq!(
            suggested,
            [
                Some("near Zagora-Sud"),
                Some("near Philosophie"),
                None,
                None,
                None
            ]
        );
        // written as the entries were: input, column, label, reason, rows, units, suggestion
        let json = serde_json::to_string(&list).unwrap();
        assert!(json.starts_with(
            r#"[{"input":"postings","column":"city","label":"Zagora-Sud","reason":"unknown","rows":2,"units":9,"suggestion":"near Zagora-Sud"},"#
        ), "{json}");
        assert!(
            json.ends_with(r#""reason":{"ambiguous":[]},"rows":1,"units":5,"suggestion":null}]"#),
            "{json}"
        );
        // the graduates' part taken from another list of the same labels, suggestions with it
        let mut theirs = UnmappedList::new(
            t.labels().clone(),
            vec!["postings", "graduates"],
            vec![listed(7, 90, philo, 1), listed(8, 80, zagora, 0)],
        );
        theirs.suggest(1, |_| Some("from theirs".into()));
        list.take_input_from("graduates", theirs);
        let now: Vec<_> = list
            .iter()
            .map(|u| (u.input, u.label, u.units, u.suggestion))
            .collect();
        assert_eq!(
            now,
            [
                ("graduates", "Philosophie", 90, Some("from theirs")),
                ("postings", "Zagora-Sud", 9, Some("near Zagora-Sud")),
                ("postings", "", 5, None),
                ("postings", "Poste vague", 5, None),
                ("postings", "Poste vague", 5, None),
            ]
        );
    }
}
