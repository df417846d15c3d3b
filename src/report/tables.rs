//! The tables of the reports as data: which columns a table has, their titles in the report's
//! language, their alignment and what kind of value each holds, decided once here; every writer
//! lays the same [`Table`] out in its own syntax (an aligned grid, Markdown, HTML, a worksheet,
//! CSV), as hyperfine's `markup.rs` renders one table into several markups. A new column is added
//! here once, not once per format.
//!
//! The ranking ([`ranking`]), the roll-ups per value of a dimension ([`rollup`]) and the data
//! quality counts ([`quality_counts`]) are built here; a trend or a skills report will build its
//! own tables from the same kinds of columns and hand them to the same writers.

use super::i18n::Strings;
use super::numbers::Numbers;
use crate::dims::{Dim, Grouping};
use crate::indicators::columns::{Cell, Extra, Group};
use crate::model::{DataQuality, GapReport, GapRow, RollUp, Status};

/// How a column's cells line up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Text.
    Left,
    /// Numbers.
    Right,
}

/// What a column holds, which decides how each format writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A position in the ranking.
    Rank,
    /// A code of a dimension (`MA-06`, `cybersecurity`): for programs and spreadsheets.
    Code,
    /// Text: a label, a name, a file.
    Text,
    /// A count of rows or units.
    Count,
    /// Demand or supply, per year.
    Amount,
    /// Demand minus supply.
    Gap,
    /// Demand over supply; may be undefined.
    Ratio,
    /// The balance index, from -1 to +1.
    Balance,
    /// A row's status; the formats for people mark low evidence on it.
    Status,
    /// Whether a row is low evidence.
    LowEvidence,
    /// A calendar year (a trend's years, a target's): written without grouping, `2030`.
    Year,
    /// A rate as a fraction (0.052 for 5.2 %): growth, errors, coverage.
    Percent,
    /// A change of a rate, as a fraction, signed for people: `+5.2%`, `-3.1%`.
    Change,
    /// A row's rating: the formats for people and the workbook mark `no-assessment` apart.
    Rating,
}

/// Who a table is laid out for: each leaves out what it has no use for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// The table, Markdown and HTML formats: labels rather than codes, low evidence as a mark on
    /// the status.
    People,
    /// The CSV format: codes and labels, no rank.
    Csv,
    /// The xlsx format: every column.
    Sheet,
}

impl Kind {
    /// Whether `audience` sees columns of this kind.
    fn shown_to(self, audience: Audience) -> bool {
        !matches!(
            (self, audience),
            (Kind::Rank, Audience::Csv)
                | (Kind::Code, Audience::People)
                | (Kind::LowEvidence, Audience::People)
        )
    }

    /// How its cells line up.
    pub fn align(self) -> Align {
        match self {
            Kind::Code | Kind::Text | Kind::Status | Kind::LowEvidence | Kind::Rating => {
                Align::Left
            }
            _ => Align::Right,
        }
    }
}

/// One column: a stable id (the CSV header), a title in the report's language, and the kind of
/// its values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// The stable id: the CSV header.
    pub id: &'static str,
    /// The title in the report's language.
    pub title: &'static str,
    /// What the column holds.
    pub kind: Kind,
}

impl Column {
    /// How its cells line up.
    pub fn align(&self) -> Align {
        self.kind.align()
    }
}

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A rank or a count.
    Int(u64),
    /// A code or a label.
    Text(String),
    /// A measure; `None` when undefined (a ratio without supply).
    Number(Option<f64>),
    /// A row's status, and whether its evidence is low.
    Status { status: Status, low_evidence: bool },
    /// A yes or no.
    Flag(bool),
    /// A label of the indicators (a rating, a mismatch class), empty for none: as it is for
    /// programs, in words for people.
    Label(&'static str),
}

/// A table: its columns, and its rows as one value per column.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The columns, in order.
    pub columns: Vec<Column>,
    /// The rows, one value per column.
    pub rows: Vec<Vec<Value>>,
}

impl Table {
    /// The titles of the columns, in order.
    pub fn titles(&self) -> Vec<&'static str> {
        self.columns.iter().map(|c| c.title).collect()
    }
}

/// A field of a ranked row, as a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Rank,
    Code(Dim),
    Label(Dim),
    Demand,
    Supply,
    Gap,
    Ratio,
    Balance,
    Status,
    LowEvidence,
    Extra(Extra),
}

/// The kind of an extra column's values.
fn extra_kind(e: Extra) -> Kind {
    match e {
        Extra::Rating => Kind::Rating,
        Extra::Mismatch => Kind::Text,
        Extra::RatioCiLow | Extra::RatioCiHigh | Extra::LqDemand | Extra::LqSupply => Kind::Ratio,
        Extra::LqRatio | Extra::LqFamilyDemand | Extra::LqFamilySupply => Kind::Ratio,
        _ => Kind::Amount,
    }
}

impl Field {
    /// The fields of a row grouped by `by`, in the order of the columns.
    fn of(by: &Grouping) -> Vec<Field> {
        let mut fields = vec![Field::Rank];
        for &d in by.dims() {
            fields.extend([Field::Code(d), Field::Label(d)]);
        }
        fields.extend([
            Field::Demand,
            Field::Supply,
            Field::Gap,
            Field::Ratio,
            Field::Balance,
            Field::Status,
            Field::LowEvidence,
        ]);
        fields
    }

    fn column(self, s: &Strings) -> Column {
        let (id, title, kind) = match self {
            Field::Rank => ("rank", s.rank, Kind::Rank),
            Field::Code(d) => (d.csv_columns()[0], d.titles(s)[0], Kind::Code),
            Field::Label(d) => (d.csv_columns()[1], d.titles(s)[1], Kind::Text),
            Field::Demand => ("demand", s.demand, Kind::Amount),
            Field::Supply => ("supply", s.supply, Kind::Amount),
            Field::Gap => ("gap", s.gap, Kind::Gap),
            Field::Ratio => ("ratio", s.ratio, Kind::Ratio),
            Field::Balance => ("balance_index", s.balance, Kind::Balance),
            Field::Status => ("status", s.status, Kind::Status),
            Field::LowEvidence => ("low_evidence", s.low_evidence, Kind::LowEvidence),
            Field::Extra(e) => (e.id(), super::words::title(e, s), extra_kind(e)),
        };
        Column { id, title, kind }
    }

    fn value(self, r: &GapRow) -> Value {
        let m = &r.metrics;
        let key = |d| r.key(d);
        match self {
            Field::Rank => Value::Int(r.rank as u64),
            Field::Code(d) => Value::Text(key(d).map(|k| k.code.clone()).unwrap_or_default()),
            Field::Label(d) => Value::Text(key(d).map(|k| k.label.clone()).unwrap_or_default()),
            Field::Demand => Value::Number(Some(m.demand)),
            Field::Supply => Value::Number(Some(m.supply)),
            Field::Gap => Value::Number(Some(m.gap)),
            Field::Ratio => Value::Number(m.ratio),
            Field::Balance => Value::Number(Some(m.balance_index)),
            Field::Status => Value::Status {
                status: m.status,
                low_evidence: m.low_evidence,
            },
            Field::LowEvidence => Value::Flag(m.low_evidence),
            Field::Extra(e) => match e.value(&r.indicators) {
                Some(Cell::Number(x)) => Value::Number(x),
                Some(Cell::Rating(l) | Cell::Text(l)) => Value::Label(l.unwrap_or_default()),
                None if matches!(extra_kind(e), Kind::Rating | Kind::Text) => Value::Label(""),
                None => Value::Number(None),
            },
        }
    }
}

/// The table of `rows` grouped by `by`, with the columns whose kind `keep` accepts, then the
/// extra columns.
fn rows_table(
    rows: &[GapRow],
    by: &Grouping,
    extras: &[Extra],
    s: &Strings,
    keep: impl Fn(Kind) -> bool,
) -> Table {
    let fields: Vec<(Field, Column)> = Field::of(by)
        .into_iter()
        .chain(extras.iter().map(|&e| Field::Extra(e)))
        .map(|f| (f, f.column(s)))
        .filter(|(_, c)| keep(c.kind))
        .collect();
    Table {
        columns: fields.iter().map(|(_, c)| *c).collect(),
        rows: rows
            .iter()
            .map(|r| fields.iter().map(|(f, _)| f.value(r)).collect())
            .collect(),
    }
}

/// The ranking as `audience` sees it: rank, each grouped dimension's code and label, demand,
/// supply, gap, ratio, balance index, status and low evidence.
pub fn ranking(rows: &[GapRow], by: &Grouping, s: &Strings, audience: Audience) -> Table {
    rows_table(rows, by, &[], s, |k| k.shown_to(audience))
}

/// The extra columns of a report as `audience` sees them: in CSV only those named with
/// `--columns`, in their order; elsewhere every indicator computed (for people, without the
/// intervals and rates), the rating first, beside the status.
pub fn extras(report: &GapReport, audience: Audience) -> Vec<Extra> {
    let Some(p) = &report.params.indicators else {
        return Vec::new();
    };
    if audience == Audience::Csv {
        return p.columns.clone();
    }
    let by = &report.params.by;
    let shown = |e: &Extra| {
        p.has(e.group()) && e.applies_to(by) && (audience == Audience::Sheet || e.for_people())
    };
    let mut v: Vec<Extra> = Extra::ALL.into_iter().filter(shown).collect();
    v.sort_by_key(|e| e.group() != Group::Rating);
    v
}

/// The rows and grouping of a report's concentration view: its rows, or, grouped by region
/// alone, its region × specialisation mismatches.
pub fn concentration_of(report: &GapReport, s: &Strings) -> Table {
    if report.mismatches.is_empty() {
        concentration(&report.rows, &report.params.by, s)
    } else {
        concentration(&report.mismatches, &Grouping::region_by_specialisation(), s)
    }
}

/// The ranking of a report as `audience` sees it: [`ranking`] and the [`extras`].
pub fn ranking_for(report: &GapReport, s: &Strings, audience: Audience) -> Table {
    let extras = extras(report, audience);
    rows_table(&report.rows, &report.params.by, &extras, s, |k| {
        k.shown_to(audience)
    })
}

/// The regional concentration view: the rows with a mismatch class, in
/// [`crate::indicators::apply::mismatch_order`]; their labels, location quotients (with, by
/// region × specialisation, those of the specialisation's family), rates per 100,000
/// inhabitants and class.
pub fn concentration(rows: &[GapRow], by: &Grouping, s: &Strings) -> Table {
    let mut picked: Vec<&GapRow> = rows
        .iter()
        .filter(|r| {
            r.indicators
                .concentration
                .is_some_and(|c| c.mismatch.is_some())
        })
        .collect();
    picked.sort_by(|a, b| crate::indicators::apply::mismatch_order(a, b));
    let fields: Vec<Field> = by
        .dims()
        .iter()
        .map(|&d| Field::Label(d))
        .chain(
            [
                Extra::LqDemand,
                Extra::LqSupply,
                Extra::LqRatio,
                Extra::LqFamilyDemand,
                Extra::LqFamilySupply,
                Extra::DemandPer100k,
                Extra::SupplyPer100k,
                Extra::Mismatch,
            ]
            .into_iter()
            .filter(|e| e.applies_to(by))
            .map(Field::Extra),
        )
        .collect();
    Table {
        columns: fields.iter().map(|f| f.column(s)).collect(),
        rows: picked
            .iter()
            .map(|r| fields.iter().map(|f| f.value(r)).collect())
            .collect(),
    }
}

/// A roll-up per value of `dim` (rows from [`crate::analysis::roll_up`]): the code and label of
/// the value, and its summed demand and supply with the metrics recomputed; no rank. Without
/// `extras`, no status or evidence either (the sheet as it always was); with them (the
/// indicators of the report), the status and the low-evidence flag, then the extras.
pub fn rollup(rows: &[GapRow], dim: Dim, extras: &[Extra], s: &Strings) -> Table {
    let by = Grouping::new(&[dim]).expect("one dimension is a grouping");
    let plain = extras.is_empty();
    rows_table(rows, &by, extras, s, |k| match k {
        Kind::Rank => false,
        Kind::Status | Kind::LowEvidence => !plain,
        _ => true,
    })
}

/// A roll-up of a report as the workbook shows it: [`rollup`] with the indicators computed (see
/// [`crate::indicators::apply::annotate_subtotals`]), but for the location quotients and the
/// mismatch class, which are 1 and none by definition over every value of the other dimension,
/// and for the rates per 100,000 inhabitants except per region.
pub fn rollup_for(report: &GapReport, r: &RollUp, s: &Strings) -> Table {
    let extras: Vec<Extra> = (extras(report, Audience::Sheet).into_iter())
        .filter(|e| match e {
            Extra::LqDemand
            | Extra::LqSupply
            | Extra::LqRatio
            | Extra::LqFamilyDemand
            | Extra::LqFamilySupply
            | Extra::Mismatch => false,
            Extra::DemandPer100k | Extra::SupplyPer100k => r.dim == Dim::Region,
            _ => true,
        })
        .collect();
    rollup(&r.rows, r.dim, &extras, s)
}

/// The data-quality counts: per input, a line of rows and a line of units, with what was read,
/// counted, unmapped, abroad, rejected, outside the period and merged as duplicates.
pub fn quality_counts(q: &DataQuality, s: &Strings) -> Table {
    let text = |id, title| Column {
        id,
        title,
        kind: Kind::Text,
    };
    let count = |id, title| Column {
        id,
        title,
        kind: Kind::Count,
    };
    let [input, file, unit, what, read, counted, unmapped, abroad, rejected, outside, duplicates, totals] =
        s.quality_columns();
    let mut columns = vec![
        text("input", input),
        text("file", file),
        text("unit", unit),
        text("what", what),
        count("read", read),
        count("counted", counted),
        count("unmapped", unmapped),
        count("abroad", abroad),
        count("rejected", rejected),
        count("outside_period", outside),
        count("duplicate", duplicates),
    ];
    // The total rows of workbooks, only when an input has some: CSV exports have none.
    let with_totals = q.inputs.iter().any(|i| i.rows_total > 0);
    if with_totals {
        columns.push(count("total_rows", totals));
    }
    let width = columns.len() - 4;
    let mut rows = Vec::new();
    for i in &q.inputs {
        for (what, n) in [(s.rows, i.rows()), (s.units, i.units())] {
            let mut row: Vec<Value> = [&i.input, &i.file, &i.unit, what]
                .iter()
                .map(|t| Value::Text(t.to_string()))
                .collect();
            row.extend(n.iter().take(width).map(|x| Value::Int(*x)));
            rows.push(row);
        }
    }
    Table { columns, rows }
}

impl Value {
    /// The value as text for people (the table, Markdown and HTML formats), before any escaping:
    /// numbers spelled by `n`, the status as its word (without the low-evidence mark, which each
    /// format draws its own way), a flag as yes or no.
    pub fn text(&self, kind: Kind, n: &Numbers, s: &Strings) -> String {
        match self {
            Value::Int(i) if kind == Kind::Count => n.count(*i),
            Value::Int(i) => i.to_string(),
            Value::Text(t) => t.clone(),
            Value::Number(x) => n.measure(kind, *x),
            Value::Status { status, .. } => s.status_word(*status).to_string(),
            Value::Flag(b) => (if *b { s.yes } else { s.no }).to_string(),
            Value::Label(l) => super::words::label(l, s).to_string(),
        }
    }

    /// True for the status of a low-evidence row.
    pub fn is_low_evidence(&self) -> bool {
        matches!(
            self,
            Value::Status {
                low_evidence: true,
                ..
            }
        )
    }
}
