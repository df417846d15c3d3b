//! What `gap` and `validate` do around a scan besides the report: the files they write, checked
//! before anything is read ([`Outputs`]); the data-quality gates (`--strict`,
//! `--max-reject-rate`); and the two analyst exports (`--rejects`, `--unmapped`).
//!
//! Both exports are CSV staged with the run's other outputs (see [`crate::output`]); their text
//! cells go through [`ingest::cells::text_cell`] so that a spreadsheet does not run a label as a
//! formula.

use std::path::{Path, PathBuf};

use crate::config::{CheckConfig, Door, InputConfig};
use crate::error::Error;
use crate::ingest::cells::text_cell;
use crate::ingest::{escape_controls, ReadSummary, Reject};
use crate::model::UnmappedList;
use crate::output::{self, OutputSet, Role, Target};
use crate::pipeline::Scan;

/// One file a command writes: the path as given and what is there.
#[derive(Debug, Clone)]
pub struct Output {
    pub path: PathBuf,
    pub target: Target,
}

impl Output {
    fn resolve(path: &Path) -> Result<Output, Error> {
        Ok(Output {
            path: path.to_path_buf(),
            target: Target::resolve(path, false)?,
        })
    }
}

/// The files `gap` or `validate` writes, resolved and checked before any input is read: each must
/// be writable where it is (not a directory, in an existing directory) and differ from every
/// other and from every input.
#[derive(Debug, Default)]
pub struct Outputs {
    pub rejects: Option<Output>,
    pub unmapped: Option<Output>,
    /// `gap -o FILE`.
    pub report: Option<Output>,
    /// Beside the report, when it is a file (a device or FIFO gets none).
    pub manifest: Option<Output>,
}

impl Outputs {
    /// Resolves and checks the outputs of `checks` and the report at `report`, if any.
    pub fn resolve(
        checks: &CheckConfig,
        report: Option<&Path>,
        input: &InputConfig,
    ) -> Result<Outputs, Error> {
        let one = |p: Option<&PathBuf>| p.map(|p| Output::resolve(p)).transpose();
        let report = report.map(Output::resolve).transpose()?;
        let manifest = match &report {
            Some(r) if !r.target.is_stream() => {
                Some(Output::resolve(&crate::manifest::beside(&r.path))?)
            }
            _ => None,
        };
        let outputs = Outputs {
            rejects: one(checks.rejects.as_ref())?,
            unmapped: one(checks.unmapped.as_ref())?,
            report,
            manifest,
        };
        output::check_distinct(&outputs.roles(), &input.roles(Door::CommandLine))?;
        Ok(outputs)
    }

    /// The files written, each named by what writes it.
    pub fn roles(&self) -> Vec<Role> {
        [
            ("--rejects", &self.rejects),
            ("--unmapped", &self.unmapped),
            ("-o", &self.report),
            ("the manifest", &self.manifest),
        ]
        .into_iter()
        .filter_map(|(what, o)| o.as_ref().map(|o| Role::new(what, &o.path)))
        .collect()
    }

    /// Locks the directories written to, for staging.
    pub fn begin(&self) -> Result<OutputSet, Error> {
        let all = [&self.rejects, &self.unmapped, &self.report, &self.manifest];
        OutputSet::begin(all.into_iter().flatten().map(|o| &o.target), false)
    }
}

/// The `--strict` and `--max-reject-rate` gates, checked after reading and before any report is
/// written: an error naming the first rejected row, or both rates.
pub fn gates(checks: &CheckConfig, inputs: [&ReadSummary; 2]) -> Result<(), Error> {
    if checks.strict {
        if let Some(r) = inputs.iter().find_map(|s| s.rejects.first()) {
            let total: u64 = inputs.iter().map(|s| s.rows_rejected).sum();
            return Err(Error::Quality(format!(
                "--strict: {}, line {}, column {}: value `{}` rejected ({}: {}); {} row{} rejected in all",
                escape_controls(&r.file),
                r.line,
                r.column,
                escape_controls(&r.value),
                r.reason,
                escape_controls(&r.detail),
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
                    escape_controls(&s.file),
                    s.rows_rejected,
                    s.rows_read
                )));
            }
        }
    }
    Ok(())
}

/// What `gap` and `validate` do right after reading: stage `--rejects`, then check `--strict`
/// and `--max-reject-rate`. When a gate fails, the rejected rows are still written (so that they
/// can be looked at) and nothing else is.
pub fn export_and_gate(
    checks: &CheckConfig,
    scan: &Scan,
    outputs: &Outputs,
    mut set: OutputSet,
) -> Result<OutputSet, Error> {
    let inputs = [&scan.postings, &scan.graduates];
    if let Some(o) = &outputs.rejects {
        set.stage(&o.path, &o.target, |w| {
            rejects_csv(&inputs, checks.sanitize, w)
        })?;
    }
    match gates(checks, inputs) {
        Ok(()) => Ok(set),
        Err(e) => {
            set.commit()?;
            Err(e)
        }
    }
}

/// Every kept rejected row of the inputs as CSV (file,line,column,value,reason,detail,raw), sorted
/// by file then line.
pub fn rejects_csv(
    inputs: &[&ReadSummary],
    sanitize: bool,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    out.write_record(["file", "line", "column", "value", "reason", "detail", "raw"])
        .map_err(crate::util::csv_io)?;
    crate::ingest::spill::merge(inputs, |r: Reject| {
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
        .map_err(crate::util::csv_io)
    })?;
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

/// Stages the unmapped labels, if asked for, in the alias format of `taxonomy/aliases.csv`, with
/// an empty target to fill in, what each label carried, the nearest known alias, and the column it
/// was read from (`region`, `city`, `specialisation`, `sector`, `title`, `field`) with the reason
/// it was not placed. The same label of the same kind from both inputs is one row (its columns and
/// reasons listed, `; ` apart); empty labels are left out (an empty cell cannot be an alias). Rows
/// are sorted by units, then rows, descending, then kind and alias.
pub fn stage_unmapped(
    outputs: &Outputs,
    unmapped: &UnmappedList,
    sanitize: bool,
    set: &mut OutputSet,
) -> Result<(), Error> {
    let Some(o) = &outputs.unmapped else {
        return Ok(());
    };
    // a label of a kind from both inputs is one row: the entries are sorted by kind and label,
    // and then by their place in `unmapped`, so that a row's first suggestion, columns and
    // reasons are those its entries are listed with; a row is a run of that order (an export full
    // of junk has hundreds of thousands of labels: 4 bytes an entry, 24 a row)
    let key = |i: u32| {
        let (_, l) = unmapped.label(i as usize);
        (kind_of(l.column), l.label)
    };
    let mut order: Vec<u32> = (0..unmapped.len() as u32)
        .filter(|&i| !unmapped.label(i as usize).1.label.is_empty())
        .collect();
    // the place in `unmapped` breaks ties: no two entries are equal, and no scratch is needed
    order.sort_unstable_by(|&a, &b| key(a).cmp(&key(b)).then(a.cmp(&b)));
    struct Row {
        rows: u64,
        units: u64,
        /// The row's entries: `order[start..end]`.
        start: u32,
        end: u32,
    }
    let mut rows: Vec<Row> = Vec::new();
    for (at, &i) in (0u32..).zip(&order) {
        let u = unmapped.get(i as usize);
        match rows.last_mut() {
            Some(r) if key(order[r.start as usize]) == key(i) => {
                r.rows += u.rows;
                r.units += u.units;
                r.end = at + 1;
            }
            _ => rows.push(Row {
                rows: u.rows,
                units: u.units,
                start: at,
                end: at + 1,
            }),
        }
    }
    let first = |r: &Row| key(order[r.start as usize]);
    rows.shrink_to_fit();
    // no two rows have the same kind and label
    rows.sort_unstable_by(|a, b| {
        (b.units.cmp(&a.units))
            .then(b.rows.cmp(&a.rows))
            .then_with(|| first(a).cmp(&first(b)))
    });
    set.stage(&o.path, &o.target, |w| {
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
        for r in &rows {
            let entries = || {
                (order[r.start as usize..r.end as usize].iter()).map(|&i| unmapped.get(i as usize))
            };
            let (kind, alias) = first(r);
            let suggestion = entries().find_map(|u| u.suggestion);
            let (mut columns, mut reasons) = (Vec::new(), Vec::new());
            for u in entries() {
                if !columns.contains(&u.column) {
                    columns.push(u.column);
                }
                let reason = u.reason.to_string();
                if !reasons.contains(&reason) {
                    reasons.push(reason);
                }
            }
            out.write_record([
                kind,
                &text_cell(alias, sanitize),
                "",
                &r.rows.to_string(),
                &r.units.to_string(),
                &text_cell(suggestion.unwrap_or(""), sanitize),
                &columns.join("; "),
                &text_cell(&reasons.join("; "), sanitize),
            ])
            .map_err(crate::util::csv_io)?;
        }
        out.flush()
    })?;
    Ok(())
}

/// Stages a command's one report at `-o` with its manifest (built by `manifest` from the staged
/// entry) and commits the output set; without `-o`, commits the other files first and then writes
/// the report on stdout.
pub fn write_report(
    outputs: &Outputs,
    mut set: OutputSet,
    format: &str,
    manifest: impl FnOnce(Vec<crate::manifest::OutputFile>) -> crate::manifest::Manifest,
    write: impl Fn(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<(), Error> {
    let Some(out) = &outputs.report else {
        set.commit()?;
        return output::to_stdout(write);
    };
    let staged = set.stage(&out.path, &out.target, write)?;
    let entry = crate::manifest::output_file(staged, format);
    if let Some(m) = &outputs.manifest {
        let manifest = manifest(vec![entry]);
        set.stage(&m.path, &m.target, |w| manifest.write_to(w))?;
    }
    set.commit()
}
