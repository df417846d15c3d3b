//! The data-quality views: the one-line footer that `gap` prints on stderr, and the full report of
//! `validate`.

use std::io::{self, Write};

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::Table;

use super::i18n::strings;
use super::numbers::{Numbers, Style};
use super::tables;
use crate::ingest::escape_controls;
use crate::model::{AssumptionsCheck, DataQuality, InputQuality};
use crate::taxonomy::Lang;
use crate::util::thousands;

/// How many unmapped labels and rejected rows the text report lists.
const LISTED: usize = 20;

fn input_line(q: &InputQuality) -> String {
    let mut parts = vec![
        format!("{} rows read", thousands(q.rows_read)),
        format!("{} counted", thousands(q.rows_counted)),
        format!("{} unmapped", thousands(q.rows_unmapped)),
    ];
    if q.rows_abroad > 0 {
        parts.push(format!("{} abroad", thousands(q.rows_abroad)));
    }
    parts.push(format!("{} rejected", thousands(q.rows_rejected)));
    if q.rows_outside_period > 0 {
        parts.push(format!(
            "{} outside the period",
            thousands(q.rows_outside_period)
        ));
    }
    if q.rows_total > 0 {
        parts.push(format!("{} total rows", thousands(q.rows_total)));
    }
    if q.rows_duplicate > 0 {
        let kinds: Vec<String> = [
            (q.duplicates_same_id, "same id"),
            (q.duplicates_identical, "identical"),
            (q.duplicates_syndicated, "syndicated"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{} {what}", thousands(*n)))
        .collect();
        parts.push(format!(
            "{} duplicates merged ({})",
            thousands(q.rows_duplicate),
            kinds.join(", ")
        ));
    }
    format!("{}: {}", q.input, parts.join(", "))
}

/// The footer `gap` prints on stderr: one line of counts, and where to look for details.
pub fn footer(q: &DataQuality) -> String {
    let lines: Vec<String> = q.inputs.iter().map(input_line).collect();
    let mut s = lines.join("; ");
    if q.rows_rejected() > 0 || !q.unmapped.is_empty() {
        s.push_str(" (run `skillgap validate` for the rejected rows and unmapped labels)");
    }
    s
}

/// The full data-quality report, as text (in English: `validate` is for the people who run
/// skillgap).
pub fn write_text(q: &DataQuality, out: &mut dyn Write) -> io::Result<()> {
    let s = strings(Lang::En);
    let counts = super::table::grid(
        &tables::quality_counts(q, s),
        &Numbers::new(Style::Terminal, Lang::En),
        s,
    );
    writeln!(out, "Data quality")?;
    writeln!(out, "{counts}")?;
    writeln!(
        out,
        "Read = counted + unmapped + abroad + rejected + outside period + duplicates merged, for \
         rows and for units (vacancies, graduates)."
    )?;
    for i in q.inputs.iter().filter(|i| i.rows_total > 0) {
        writeln!(
            out,
            "{}: {} total rows of a workbook (`Total`, `Ensemble`, ...) are read but not counted, \
             as the rows above them hold what they sum: rows read = the rest + total rows; their \
             units are not read.",
            i.input,
            thousands(i.rows_total)
        )?;
    }
    for i in q.inputs.iter().filter(|i| i.rows_split > 0) {
        writeln!(
            out,
            "{}: {} counted rows name several regions: their {} {} are shared equally between \
             the regions named.",
            i.input,
            thousands(i.rows_split),
            thousands(i.units_split),
            i.unit
        )?;
    }
    for i in q.inputs.iter().filter(|i| i.rows_duplicate > 0) {
        writeln!(
            out,
            "{}: {} duplicate rows merged: {} with the posting_id and source of another row, {} \
             without a posting_id and identical to another row, {} with the title, company and \
             city of a posting a few days before.",
            i.input,
            thousands(i.rows_duplicate),
            thousands(i.duplicates_same_id),
            thousands(i.duplicates_identical),
            thousands(i.duplicates_syndicated)
        )?;
    }
    if !q.reject_reasons.is_empty() {
        rejected(q, out)?;
    }
    if !q.unmapped.is_empty() {
        unmapped(q, out)?;
    }
    if !q.abroad.is_empty() {
        abroad(q, out)?;
    }
    if !q.decided.is_empty() {
        decided(q, out)?;
    }
    Ok(())
}

/// The assumptions file checked against the inputs (`validate --assumptions`): the totals under
/// it, as scenario ranges, then its entries that apply to nothing.
pub fn write_assumptions(c: &AssumptionsCheck, out: &mut dyn Write) -> io::Result<()> {
    let n = Numbers::new(Style::Terminal, Lang::En);
    let amount = |x: f64| n.grouped(x, 2);
    let range = |[lo, mid, hi]: [f64; 3]| {
        if lo == hi {
            amount(mid)
        } else {
            format!("{} ({} to {})", amount(mid), amount(lo), amount(hi))
        }
    };
    writeln!(
        out,
        "\nUnder the assumptions of {} (SHA-256 {}), over every year",
        escape_controls(&c.file),
        c.sha256
    )?;
    writeln!(
        out,
        "postings: {} vacancies counted stand for {} openings (÷ the coverage of their source)",
        amount(c.vacancies),
        range(c.openings)
    )?;
    writeln!(
        out,
        "graduates: {} graduates counted give {} entrants (× the entry rate of their level × (1 − leakage))",
        amount(c.graduates),
        range(c.entrants)
    )?;
    if c.lag_years > 0 {
        writeln!(
            out,
            "lag_years = {}: graduates of year Y count in Y + {}; the totals over every year do not change",
            c.lag_years, c.lag_years
        )?;
    }
    for w in &c.warnings {
        writeln!(out, "warning: {}", escape_controls(w))?;
    }
    Ok(())
}

/// What gave the postings their specialisation: a cell, or a stage of the occupation coder.
fn decided(q: &DataQuality, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "\nSpecialisation of the postings decided by (valid rows read, duplicates included)"
    )?;
    let mut t = text_grid(vec!["Column", "How", "Rows"]);
    for d in &q.decided {
        t.add_row(vec![d.column.clone(), d.how.clone(), thousands(d.rows)]);
    }
    writeln!(out, "{t}")
}

/// The rows placed abroad, per country.
fn abroad(q: &DataQuality, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "\nAbroad (not counted: not Moroccan demand or supply; ZZ: no country named)"
    )?;
    let mut t = text_grid(vec!["Input", "Country", "Rows", "Units"]);
    for a in &q.abroad {
        t.add_row(vec![
            a.input.clone(),
            a.countries.join(" "),
            thousands(a.rows),
            thousands(a.units),
        ]);
    }
    writeln!(out, "{t}")
}

/// A table in the text report's style, with its header.
fn text_grid(header: Vec<&str>) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED).set_header(header);
    t
}

/// The rejected rows by reason, and the first ones.
fn rejected(q: &DataQuality, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "\nRejected rows by reason")?;
    let mut t = text_grid(vec!["Input", "Reason", "Rows"]);
    for (input, reason, n) in &q.reject_reasons {
        t.add_row(vec![input.clone(), reason.clone(), thousands(*n)]);
    }
    writeln!(out, "{t}")?;
    writeln!(out, "\nFirst rejected rows")?;
    let mut t = text_grid(vec!["File", "Line", "Column", "Value", "Reason"]);
    for r in q.rejects.iter().take(LISTED) {
        let value: String = r.value.chars().take(40).collect();
        // values come from the data: no escape sequences on the terminal
        t.add_row(vec![
            escape_controls(&r.file).into_owned(),
            r.line.to_string(),
            r.column.clone(),
            escape_controls(&value).into_owned(),
            escape_controls(&format!("{}: {}", r.reason, r.detail)).into_owned(),
        ]);
    }
    writeln!(out, "{t}")?;
    let total = q.rows_rejected() as usize;
    if total > LISTED {
        writeln!(out, "({} more rejected rows not listed)", total - LISTED)?;
    }
    Ok(())
}

/// The first unmapped labels.
fn unmapped(q: &DataQuality, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "\nUnmapped labels (not ranked; add them as aliases with --taxonomy)"
    )?;
    let mut t = text_grid(vec![
        "Input",
        "Column",
        "Label",
        "Reason",
        "Rows",
        "Units",
        "Nearest alias",
    ]);
    for u in q.unmapped.iter().take(LISTED) {
        let label = if u.label.is_empty() {
            "(empty)".to_string()
        } else {
            let label: String = u.label.chars().take(50).collect();
            escape_controls(&label).into_owned()
        };
        t.add_row(vec![
            u.input.to_string(),
            u.column.to_string(),
            label,
            u.reason.to_string(),
            thousands(u.rows),
            thousands(u.units),
            escape_controls(u.suggestion.unwrap_or_default()).into_owned(),
        ]);
    }
    writeln!(out, "{t}")?;
    if q.unmapped.len() > LISTED {
        writeln!(
            out,
            "({} more unmapped labels not listed; use --format json for all)",
            q.unmapped.len() - LISTED
        )?;
    }
    Ok(())
}
