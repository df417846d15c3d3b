//! What `gap` and `validate` do around a scan besides the report: the explicit column mapping
//! (`--columns-file`, `--postings-columns`, `--graduates-columns`), the data-quality gates
//! (`--strict`, `--max-reject-rate`) and the two analyst exports (`--rejects`, `--unmapped`).
//!
//! Both exports are CSV written atomically; their text cells go through
//! [`ingest::cells::text_cell`] so that a spreadsheet does not run a label as a formula.

use std::collections::BTreeMap;
use std::path::Path;

use crate::cli::{CheckArgs, InputArgs};
use crate::error::Error;
use crate::ingest::cells::text_cell;
use crate::ingest::columns::{self, Mapping};
use crate::ingest::{ReadSummary, Reject};
use crate::model::UnmappedEntry;
use crate::output;

/// The header mappings of both inputs: the rows of `--columns-file`, overridden per column by
/// `--postings-columns` and `--graduates-columns`.
pub fn mappings(inputs: &InputArgs) -> Result<(Mapping, Mapping), Error> {
    let (mut postings, mut graduates) = match &inputs.columns_file {
        Some(path) => read_columns_file(path)?,
        None => (Mapping::new(), Mapping::new()),
    };
    let overlay = |base: &mut Mapping, over: &Option<Mapping>| {
        for (k, h) in over.iter().flatten() {
            base.retain(|(bk, _)| bk != k);
            base.push((k.clone(), h.clone()));
        }
    };
    overlay(&mut postings, &inputs.postings_columns);
    overlay(&mut graduates, &inputs.graduates_columns);
    Ok((postings, graduates))
}

/// Reads a column mapping file: CSV with the header `input,column,header`.
fn read_columns_file(path: &Path) -> Result<(Mapping, Mapping), Error> {
    let name = path.display();
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::Usage(format!("--columns-file {name}: {e}")))?;
    let mut rdr = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let bad = |line: u64, msg: String| Error::Usage(format!("{name}, line {line}: {msg}"));
    let headers: Vec<String> = rdr
        .headers()
        .map_err(|e| bad(1, e.to_string()))?
        .iter()
        .map(str::to_lowercase)
        .collect();
    if headers != ["input", "column", "header"] {
        return Err(bad(
            1,
            format!(
                "the header must be `input,column,header`, not `{}`",
                headers.join(",")
            ),
        ));
    }
    let (mut postings, mut graduates) = (Mapping::new(), Mapping::new());
    for rec in rdr.records() {
        let rec = rec.map_err(|e| bad(e.position().map_or(0, |p| p.line()), e.to_string()))?;
        let line = rec.position().map_or(0, |p| p.line());
        let (input, column, header) = (&rec[0], &rec[1], &rec[2]);
        let (map, cols): (&mut Mapping, &[columns::Column]) = match input {
            "postings" => (&mut postings, &columns::postings::ALL),
            "graduates" => (&mut graduates, &columns::graduates::ALL),
            other => {
                return Err(bad(
                    line,
                    format!("input must be postings or graduates, not `{other}`"),
                ))
            }
        };
        columns::check_key(column, cols).map_err(|m| bad(line, m))?;
        if header.is_empty() {
            return Err(bad(line, format!("no header named for `{column}`")));
        }
        map.retain(|(k, _)| k != column);
        map.push((column.to_string(), header.to_string()));
    }
    Ok((postings, graduates))
}

/// The `--strict` and `--max-reject-rate` gates, checked after reading and before any report is
/// written: an error naming the first rejected row, or both rates.
pub fn gates(checks: &CheckArgs, inputs: [&ReadSummary; 2]) -> Result<(), Error> {
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

/// Writes every kept rejected row of the inputs to `path`, sorted by file then line.
pub fn write_rejects(path: &Path, inputs: [&ReadSummary; 2]) -> Result<(), Error> {
    output::write_with(Some(path), |w| rejects_csv(&inputs, w))
}

/// Every kept rejected row of the inputs as CSV (file,line,column,value,reason,detail,raw), sorted
/// by file then line.
pub fn rejects_csv(inputs: &[&ReadSummary], w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut all: Vec<&Reject> = inputs.iter().flat_map(|s| &s.rejects).collect();
    all.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    let mut out = csv::Writer::from_writer(w);
    out.write_record(["file", "line", "column", "value", "reason", "detail", "raw"])
        .map_err(crate::util::csv_io)?;
    for r in all {
        let line = r.line.to_string();
        out.write_record([
            &*text_cell(&r.file),
            &line,
            &r.column,
            &text_cell(&r.value),
            &r.reason,
            &text_cell(&r.detail),
            &text_cell(&r.raw),
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
/// empty target to fill in, what each label carried and the nearest known alias. The same label
/// of the same kind from both inputs is one row; empty labels are left out (an empty cell cannot
/// be an alias). Rows are sorted by units, then rows, descending, then kind and alias.
pub fn write_unmapped(path: &Path, unmapped: &[UnmappedEntry]) -> Result<(), Error> {
    let mut merged: BTreeMap<(&str, &str), (u64, u64, Option<&str>)> = BTreeMap::new();
    for u in unmapped.iter().filter(|u| !u.label.is_empty()) {
        let e = merged
            .entry((kind_of(&u.column), &u.label))
            .or_insert((0, 0, None));
        e.0 += u.rows;
        e.1 += u.units;
        if e.2.is_none() {
            e.2 = u.suggestion.as_deref();
        }
    }
    let mut rows: Vec<_> = merged.into_iter().collect();
    rows.sort_by(|(ka, a), (kb, b)| b.1.cmp(&a.1).then(b.0.cmp(&a.0)).then(ka.cmp(kb)));
    output::write_with(Some(path), |w| {
        let mut out = csv::Writer::from_writer(w);
        out.write_record(["kind", "alias", "target", "rows", "units", "suggestion"])
            .map_err(crate::util::csv_io)?;
        for ((kind, alias), (n, units, suggestion)) in rows {
            out.write_record([
                kind,
                &text_cell(alias),
                "",
                &n.to_string(),
                &units.to_string(),
                &text_cell(suggestion.unwrap_or("")),
            ])
            .map_err(crate::util::csv_io)?;
        }
        out.flush()
    })
}
