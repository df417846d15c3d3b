//! What `gap` and `validate` do around a scan besides the report: the data-quality gates
//! (`--strict`, `--max-reject-rate`) and the two analyst exports (`--rejects`, `--unmapped`).
//!
//! Both exports are CSV written atomically; their text cells go through
//! [`ingest::cells::text_cell`] so that a spreadsheet does not run a label as a formula.

use std::collections::BTreeMap;
use std::path::Path;

use crate::config::CheckConfig;
use crate::error::Error;
use crate::ingest::cells::text_cell;
use crate::ingest::{ReadSummary, Reject};
use crate::model::UnmappedEntry;
use crate::output;
use crate::pipeline::Scan;

/// The `--strict` and `--max-reject-rate` gates, checked after reading and before any report is
/// written: an error naming the first rejected row, or both rates.
pub fn gates(checks: &CheckConfig, inputs: [&ReadSummary; 2]) -> Result<(), Error> {
    if checks.strict {
        if let Some(r) = inputs.iter().find_map(|s| s.rejects.first()) {
            let total: u64 = inputs.iter().map(|s| s.rows_rejected).sum();
            return Err(Error::Quality(format!(
                "--strict: {}, line {}, column {}: value `{}` rejected ({}: {}); {} row{} rejected in all",
                r.file,
                r.line,
                r.column,
                r.value,
                r.reason,
                r.detail,
                total,
                if total == 1 { "" } else { "s" }
            )));
        }
    }
    if let Some(max) = checks.max_reject_rate {
        for s in inputs {
            let rate = if s.rows_read == 0 {
                0.0
            } else {
                s.rows_rejected as f64 * 100.0 / s.rows_read as f64
            };
            if rate > max {
                return Err(Error::Quality(format!(
                    "{}: {} of {} rows rejected ({rate:.1}%), above --max-reject-rate {max}%",
                    s.file, s.rows_rejected, s.rows_read
                )));
            }
        }
    }
    Ok(())
}

/// What `gap` and `validate` do right after reading: write `--rejects` (even when a gate then
/// fails, so that the rejected rows can be looked at), then check `--strict` and
/// `--max-reject-rate`.
pub fn export_and_gate(checks: &CheckConfig, scan: &Scan) -> Result<(), Error> {
    let inputs = [&scan.postings, &scan.graduates];
    if let Some(path) = &checks.rejects {
        write_rejects(path, inputs, checks.sanitize)?;
    }
    gates(checks, inputs)
}

/// Writes every kept rejected row of the inputs to `path`, sorted by file then line.
pub fn write_rejects(path: &Path, inputs: [&ReadSummary; 2], sanitize: bool) -> Result<(), Error> {
    output::write_with(Some(path), |w| rejects_csv(&inputs, sanitize, w))
}

/// Every kept rejected row of the inputs as CSV (file,line,column,value,reason,detail,raw), sorted
/// by file then line.
pub fn rejects_csv(
    inputs: &[&ReadSummary],
    sanitize: bool,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut all: Vec<&Reject> = inputs.iter().flat_map(|s| &s.rejects).collect();
    all.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    let mut out = csv::Writer::from_writer(w);
    out.write_record(["file", "line", "column", "value", "reason", "detail", "raw"])
        .map_err(crate::util::csv_io)?;
    for r in all {
        let line = r.line.to_string();
        out.write_record([
            &*text_cell(&r.file, sanitize),
            &line,
            &r.column,
            &text_cell(&r.value, sanitize),
            &r.reason,
            &text_cell(&r.detail, sanitize),
            &text_cell(&r.raw, sanitize),
        ])
        .map_err(crate::util::csv_io)?;
    }
    out.flush()
}

/// The taxonomy kind an unmapped label would be an alias of: titles and fields are spellings of
/// specialisations.
fn kind_of(column: &str) -> &'static str {
    match column {
        "region" => "region",
        "city" => "city",
        _ => "specialisation",
    }
}

/// Writes the unmapped labels to `path` in the alias format of `taxonomy/aliases.csv`, with an
/// empty target to fill in, what each label carried, the nearest known alias, and the column it
/// was read from (`region`, `city`, `specialisation`, `sector`, `title`, `field`) with the reason
/// it was not placed. The same label of the same kind from both inputs is one row (its columns and
/// reasons listed, `; ` apart); empty labels are left out (an empty cell cannot be an alias). Rows
/// are sorted by units, then rows, descending, then kind and alias.
pub fn write_unmapped(
    path: &Path,
    unmapped: &[UnmappedEntry],
    sanitize: bool,
) -> Result<(), Error> {
    #[derive(Default)]
    struct Merged<'a> {
        rows: u64,
        units: u64,
        suggestion: Option<&'a str>,
        columns: Vec<&'a str>,
        reasons: Vec<String>,
    }
    let mut merged: BTreeMap<(&str, &str), Merged> = BTreeMap::new();
    for u in unmapped.iter().filter(|u| !u.label.is_empty()) {
        let e = merged.entry((kind_of(&u.column), &u.label)).or_default();
        e.rows += u.rows;
        e.units += u.units;
        if e.suggestion.is_none() {
            e.suggestion = u.suggestion.as_deref();
        }
        if !e.columns.contains(&u.column.as_str()) {
            e.columns.push(&u.column);
        }
        let reason = u.reason.to_string();
        if !e.reasons.contains(&reason) {
            e.reasons.push(reason);
        }
    }
    let mut rows: Vec<_> = merged.into_iter().collect();
    rows.sort_by(|(ka, a), (kb, b)| {
        (b.units.cmp(&a.units))
            .then(b.rows.cmp(&a.rows))
            .then(ka.cmp(kb))
    });
    output::write_with(Some(path), |w| {
        let mut out = csv::Writer::from_writer(w);
        out.write_record([
            "kind",
            "alias",
            "target",
            "rows",
            "units",
            "suggestion",
            "column",
            "reason",
        ])
        .map_err(crate::util::csv_io)?;
        for ((kind, alias), m) in rows {
            out.write_record([
                kind,
                &text_cell(alias, sanitize),
                "",
                &m.rows.to_string(),
                &m.units.to_string(),
                &text_cell(m.suggestion.unwrap_or(""), sanitize),
                &m.columns.join("; "),
                &text_cell(&m.reasons.join("; "), sanitize),
            ])
            .map_err(crate::util::csv_io)?;
        }
        out.flush()
    })
}
