//! The report model: plain structs that every report format consumes. Only `analysis` builds them;
//! the writers in `report` never see polars or the raw inputs.

use serde::Serialize;

use crate::ingest::Reject;
use crate::normalise::UnmappedReason;

/// Version of the JSON layout of [`GapReport`]; bumped on any incompatible change.
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
    pub fn as_str(&self) -> &'static str {
        match self {
            Status::Shortage => "shortage",
            Status::Balanced => "balanced",
            Status::Surplus => "surplus",
        }
    }
}

/// One ranked row: a region × specialisation cell (or a region, or a specialisation).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct GapRow {
    /// 1-based position in the ranking.
    pub rank: usize,
    /// Region code (`MA-06`) or `unmapped`; absent when not grouping by region.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region_code: Option<String>,
    /// Region name in the report's language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Specialisation id (`cybersecurity`) or `unmapped`; absent when not grouping by it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub specialisation: Option<String>,
    /// Specialisation label in the report's language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub specialisation_label: Option<String>,
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
    pub status: Status,
    /// D + S below the minimum count.
    pub low_evidence: bool,
}

/// The parameters a report was computed with.
#[derive(Debug, Clone, Serialize)]
pub struct Params {
    pub period_from: i32,
    pub period_to: i32,
    /// Number of years the totals are averaged over.
    pub years: u32,
    /// Grouping dimensions, e.g. `["region", "specialisation"]`.
    pub by: Vec<String>,
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
}

/// What happened to one input's rows and units. The counts reconcile:
/// `rows_read = rows_counted + rows_unmapped + rows_rejected + rows_outside_period +
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
    /// In the period, but a grouped label could not be placed.
    pub rows_unmapped: u64,
    pub rows_rejected: u64,
    pub rows_outside_period: u64,
    /// Valid rows merged into another copy of the same posting (postings only).
    pub rows_duplicate: u64,
    /// Of `rows_duplicate`: rows with the posting_id and source of another row.
    pub duplicates_same_id: u64,
    /// Of `rows_duplicate`: rows without a posting_id identical in every field to another row.
    pub duplicates_identical: u64,
    /// Of `rows_duplicate`: rows with the title, company and place of a row posted a few days
    /// before.
    pub duplicates_syndicated: u64,
    pub units_read: u64,
    pub units_counted: u64,
    pub units_unmapped: u64,
    /// Units on rejected rows whose count cell could be read.
    pub units_rejected: u64,
    pub units_outside_period: u64,
    /// Units on the merged rows (counted once, through the copy kept).
    pub units_duplicate: u64,
}

impl InputQuality {
    /// Rows read, counted, unmapped, rejected, outside the period and merged as duplicates, in
    /// that order.
    pub fn rows(&self) -> [u64; 6] {
        [
            self.rows_read,
            self.rows_counted,
            self.rows_unmapped,
            self.rows_rejected,
            self.rows_outside_period,
            self.rows_duplicate,
        ]
    }

    /// Units read, counted, unmapped, rejected, outside the period and on merged duplicates, in
    /// that order.
    pub fn units(&self) -> [u64; 6] {
        [
            self.units_read,
            self.units_counted,
            self.units_unmapped,
            self.units_rejected,
            self.units_outside_period,
            self.units_duplicate,
        ]
    }
}

/// One unmapped label with what it carried in the period.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct UnmappedEntry {
    pub input: String,
    pub column: String,
    pub label: String,
    pub reason: UnmappedReason,
    pub rows: u64,
    pub units: u64,
    /// The nearest known alias, when one is close.
    pub suggestion: Option<String>,
}

/// The data-quality summary: counts, rejects and unmapped labels.
#[derive(Debug, Clone, Serialize)]
pub struct DataQuality {
    pub inputs: Vec<InputQuality>,
    /// (input, reason, rows), sorted.
    pub reject_reasons: Vec<(String, String, u64)>,
    /// The first rejected rows of each input (at most `ingest::KEPT_REJECTS` each), in file
    /// order; `--rejects FILE` writes them all.
    pub rejects: Vec<Reject>,
    /// Sorted by units, descending, then input, column and label.
    pub unmapped: Vec<UnmappedEntry>,
}

impl DataQuality {
    /// Total rejected rows over all inputs.
    pub fn rows_rejected(&self) -> u64 {
        self.inputs.iter().map(|i| i.rows_rejected).sum()
    }
}

/// A complete gap report.
#[derive(Debug, Clone, Serialize)]
pub struct GapReport {
    pub schema_version: u32,
    pub params: Params,
    pub rows: Vec<GapRow>,
    pub quality: DataQuality,
}
