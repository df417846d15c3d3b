//! The skills report's tables, built from the gap report's [`Column`]s, [`Value`]s and [`Kind`]s
//! so that the shared writers lay them out (an aligned grid, a worksheet, HTML): the skills (one
//! row per cell × skill listed), the uncovered skills (one row per cell × skill that no
//! programme graduating into the cell teaches) and the reconciliation of the rows read.
//!
//! The workbook sees every column, codes included; people (table, HTML) see labels and the
//! columns that hold something (the change when there is a year before, `taught` with a
//! curricula file).

use super::i18n::SkillsStrings;
use crate::model::skills::SpecSkills;
use crate::report::i18n::Strings;
use crate::report::tables::{Audience, Column, Kind, Table, Value};
use crate::skills::report::{SkillCell, SkillRow, SkillsReport};

/// A column: its id, title and kind, and how to read it from a cell and one of its skills.
type Reader<'a> = (Column, Box<dyn Fn(&SkillCell, &SkillRow) -> Value + 'a>);

fn column<'a>(
    id: &'static str,
    title: &'static str,
    kind: Kind,
    read: impl Fn(&SkillCell, &SkillRow) -> Value + 'a,
) -> Reader<'a> {
    (Column { id, title, kind }, Box::new(read))
}

/// The cell's columns: code then label per grouped dimension; people see the labels alone.
fn cell_columns<'a>(report: &SkillsReport, s: &Strings, audience: Audience) -> Vec<Reader<'a>> {
    let mut out = Vec::new();
    for (i, d) in report.by.dims().iter().enumerate() {
        let [code_id, label_id] = d.csv_columns();
        let [code_title, label_title] = d.titles(s);
        if audience != Audience::People {
            out.push(column(code_id, code_title, Kind::Code, move |c, _| {
                Value::Text(c.keys[i].0.clone())
            }));
        }
        out.push(column(label_id, label_title, Kind::Text, move |c, _| {
            Value::Text(c.keys[i].1.clone())
        }));
    }
    out
}

/// The skill's columns: id (not for people), label and type.
fn skill_columns<'a>(ks: &'a SkillsStrings, audience: Audience) -> Vec<Reader<'a>> {
    let mut out = Vec::new();
    if audience != Audience::People {
        out.push(column("skill", ks.skill_id, Kind::Code, |_, r| {
            Value::Text(r.skill.clone())
        }));
    }
    out.push(column("skill_label", ks.skill, Kind::Text, |_, r| {
        Value::Text(r.skill_label.clone())
    }));
    out.push(column("skill_type", ks.skill_type, Kind::Text, |_, r| {
        Value::Text(ks.type_word(r.skill_type).to_string())
    }));
    out
}

/// The table of `rows` (pairs of a cell and one of its skills) with `columns`.
fn build(columns: Vec<Reader>, rows: &[(&SkillCell, &SkillRow)]) -> Table {
    Table {
        columns: columns.iter().map(|c| c.0).collect(),
        rows: (rows.iter())
            .map(|(cell, r)| columns.iter().map(|c| (c.1)(cell, r)).collect())
            .collect(),
    }
}

/// One row per cell × skill listed: the cell, the skill, the cell's postings, the postings
/// mentioning the skill, its share and characteristic index, the share the year before and the
/// change, and whether it is taught.
pub fn skills(report: &SkillsReport, s: &Strings, ks: &SkillsStrings, audience: Audience) -> Table {
    let mut columns = cell_columns(report, s, audience);
    columns.extend(skill_columns(ks, audience));
    columns.extend([
        column("postings", ks.postings, Kind::Count, |c, _| {
            Value::Int(c.postings)
        }),
        column("mentions", ks.mentions, Kind::Count, |_, r| {
            Value::Int(r.mentions)
        }),
        column("share", ks.share, Kind::Percent, |_, r| {
            Value::Number(Some(r.share))
        }),
        column("characteristic", ks.characteristic, Kind::Ratio, |_, r| {
            Value::Number(Some(r.characteristic))
        }),
    ]);
    if audience != Audience::People || report.previous.is_some() {
        if audience != Audience::People {
            columns.push(column(
                "previous_share",
                ks.previous_share,
                Kind::Percent,
                |_, r| Value::Number(r.previous_share),
            ));
        }
        columns.push(column("change", ks.change, Kind::Change, |_, r| {
            Value::Number(r.change)
        }));
    }
    if report.curricula {
        columns.push(column("taught", ks.taught, Kind::Text, |_, r| {
            r.taught.map_or(Value::Text(String::new()), Value::Flag)
        }));
    }
    let rows: Vec<(&SkillCell, &SkillRow)> = (report.cells.iter())
        .flat_map(|c| c.skills.iter().map(move |r| (c, r)))
        .collect();
    build(columns, &rows)
}

/// [`skills`] for people, cut into one table per cell (in the report's order), without the
/// cell's own columns and postings, which a heading above each table gives.
pub fn per_cell(report: &SkillsReport, s: &Strings, ks: &SkillsStrings) -> Vec<Table> {
    let all = skills(report, s, ks, Audience::People);
    let keys = report.by.dims().len();
    let kept: Vec<usize> = (keys..all.columns.len())
        .filter(|&i| all.columns[i].id != "postings")
        .collect();
    let mut rows = all.rows.iter();
    (report.cells.iter())
        .map(|cell| Table {
            columns: kept.iter().map(|&i| all.columns[i]).collect(),
            rows: (rows.by_ref().take(cell.skills.len()))
                .map(|r| kept.iter().map(|&i| r[i].clone()).collect())
                .collect(),
        })
        .collect()
}

/// A cell's title: its labels, joined.
pub fn title(cell: &SkillCell) -> String {
    (cell.keys.iter())
        .map(|(_, label)| label.as_str())
        .collect::<Vec<_>>()
        .join(" · ")
}

/// One row per cell × skill that no programme graduating into the cell teaches, most asked for
/// first within a cell: the concrete list of what to add to the curricula. Empty without a
/// curricula file.
pub fn uncovered(
    report: &SkillsReport,
    s: &Strings,
    ks: &SkillsStrings,
    audience: Audience,
) -> Table {
    let mut columns = cell_columns(report, s, audience);
    columns.push(column("postings", ks.postings, Kind::Count, |c, _| {
        Value::Int(c.postings)
    }));
    columns.extend(skill_columns(ks, audience));
    columns.extend([
        column("mentions", ks.mentions, Kind::Count, |_, r| {
            Value::Int(r.mentions)
        }),
        column("share", ks.share, Kind::Percent, |_, r| {
            Value::Number(Some(r.share))
        }),
    ]);
    let rows: Vec<(&SkillCell, &SkillRow)> = (report.cells.iter())
        .flat_map(|c| c.uncovered.iter().map(move |r| (c, r)))
        .collect();
    build(columns, &rows)
}

/// Where every row read went: read, rejected, in other years, not placed, in the cells, and of
/// the rows of the year those without any text.
pub fn quality(report: &SkillsReport, ks: &SkillsStrings) -> Table {
    let q = &report.summary;
    let columns = vec![
        Column {
            id: "what",
            title: ks.what,
            kind: Kind::Text,
        },
        Column {
            id: "rows",
            title: ks.rows,
            kind: Kind::Count,
        },
    ];
    let rows = [
        (ks.rows_read, q.rows_read),
        (ks.rejected, q.rows_rejected),
        (ks.other_years, q.other_years),
        (ks.unplaced, q.unplaced),
        (ks.in_cells, q.in_cells),
        (ks.without_text, q.without_text),
    ]
    .into_iter()
    .map(|(what, n)| vec![Value::Text(what.to_string()), Value::Int(n)])
    .collect();
    Table { columns, rows }
}

/// A gap report's top skills: one row per specialisation shown × skill, with the
/// specialisation's postings, the skill's rank in it, the postings mentioning it and the share.
/// People see labels; the workbook codes too.
pub fn gap_top(top: &[SpecSkills], s: &Strings, ks: &SkillsStrings, audience: Audience) -> Table {
    let people = audience == Audience::People;
    let mut columns = Vec::new();
    let col = |id, title, kind| Column { id, title, kind };
    if !people {
        columns.push(col("specialisation", s.specialisation_id, Kind::Code));
    }
    columns.extend([
        col("specialisation_label", s.specialisation, Kind::Text),
        col("postings", ks.postings, Kind::Count),
        col("rank", ks.rank, Kind::Rank),
    ]);
    if !people {
        columns.push(col("skill", ks.skill_id, Kind::Code));
    }
    columns.extend([
        col("skill_label", ks.skill, Kind::Text),
        col("skill_type", ks.skill_type, Kind::Text),
        col("mentions", ks.mentions, Kind::Count),
        col("share", ks.share, Kind::Percent),
    ]);
    let mut rows = Vec::new();
    for spec in top {
        for (i, r) in spec.skills.iter().enumerate() {
            let mut row = Vec::with_capacity(columns.len());
            if !people {
                row.push(Value::Text(spec.code.clone()));
            }
            row.extend([
                Value::Text(spec.label.clone()),
                Value::Int(spec.postings),
                Value::Int(i as u64 + 1),
            ]);
            if !people {
                row.push(Value::Text(r.skill.clone()));
            }
            row.extend([
                Value::Text(r.skill_label.clone()),
                Value::Text(ks.type_word(r.skill_type).to_string()),
                Value::Int(r.mentions),
                Value::Number(Some(r.share)),
            ]);
            rows.push(row);
        }
    }
    Table { columns, rows }
}
