//! Writing `skillgap classify`'s output: one row per distinct title, as a table for people, CSV or
//! JSON for programs. The columns are the same in every format: `title`, (`sector` when one was
//! given), `specialisation`, `isco_08`, `isco_label`, `decided_by`, `matched`, `reason`.

use std::io::{self, Write};

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::Table;
use serde::Serialize;

/// Output formats of `classify`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CodingFormat {
    /// An aligned table for people.
    Table,
    /// CSV with a fixed header.
    Csv,
    /// A JSON array of objects.
    Json,
}

/// A title as the coder read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodedTitle {
    pub title: String,
    /// The board's category given with it (`--sector-column`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sector: Option<String>,
    /// The specialisation's id.
    pub specialisation: Option<String>,
    /// The ISCO-08 group: 4 digits, or fewer when only that much is known.
    pub isco_08: Option<String>,
    pub isco_label: Option<String>,
    /// The stage that decided: `rule`, `curated`, `esco`, `sector` or `description`.
    pub decided_by: Option<&'static str>,
    /// The phrase that decided (or, for a title left uncoded, the vague phrase found).
    pub matched: String,
    /// Why there is no specialisation: `empty`, `unknown` or `ambiguous`.
    pub reason: Option<&'static str>,
}

impl CodedTitle {
    fn cells(&self, with_sector: bool) -> Vec<String> {
        let text = |o: &Option<String>| o.clone().unwrap_or_default();
        let mut v = vec![self.title.clone()];
        if with_sector {
            v.push(text(&self.sector));
        }
        v.extend([
            text(&self.specialisation),
            text(&self.isco_08),
            text(&self.isco_label),
            self.decided_by.unwrap_or("").to_string(),
            self.matched.clone(),
            self.reason.unwrap_or("").to_string(),
        ]);
        v
    }
}

/// The header of the table and the CSV.
fn header(with_sector: bool) -> Vec<&'static str> {
    let mut h = vec!["title"];
    if with_sector {
        h.push("sector");
    }
    h.extend([
        "specialisation",
        "isco_08",
        "isco_label",
        "decided_by",
        "matched",
        "reason",
    ]);
    h
}

/// Writes the rows in a format.
pub fn write(
    rows: &[CodedTitle],
    with_sector: bool,
    format: CodingFormat,
    w: &mut dyn Write,
) -> io::Result<()> {
    match format {
        CodingFormat::Csv => {
            let mut c = csv::Writer::from_writer(w);
            c.write_record(header(with_sector))
                .map_err(crate::util::csv_io)?;
            for r in rows {
                c.write_record(r.cells(with_sector))
                    .map_err(crate::util::csv_io)?;
            }
            c.flush()
        }
        CodingFormat::Json => {
            serde_json::to_writer_pretty(&mut *w, rows)?;
            w.write_all(b"\n")
        }
        CodingFormat::Table => {
            let mut t = Table::new();
            t.load_preset(UTF8_FULL_CONDENSED)
                .set_header(header(with_sector));
            for r in rows {
                t.add_row(r.cells(with_sector));
            }
            writeln!(w, "{t}")?;
            let coded = rows.iter().filter(|r| r.specialisation.is_some()).count();
            writeln!(
                w,
                "{coded} of {} distinct titles given a specialisation",
                rows.len()
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row() -> CodedTitle {
        CodedTitle {
            title: "Chauffeur, poids lourds".into(),
            sector: None,
            specialisation: Some("transport-driving".into()),
            isco_08: Some("8332".into()),
            isco_label: Some("Heavy truck and lorry drivers".into()),
            decided_by: Some("curated"),
            matched: "chauffeur poids lourd".into(),
            reason: None,
        }
    }

    #[test]
    fn csv_has_the_fixed_header_and_quotes_commas() {
        let mut out = Vec::new();
        write(&[row()], false, CodingFormat::Csv, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "title,specialisation,isco_08,isco_label,decided_by,matched,reason\n\
             \"Chauffeur, poids lourds\",transport-driving,8332,Heavy truck and lorry drivers,\
             curated,chauffeur poids lourd,\n"
        );
    }

    #[test]
    fn json_leaves_out_an_absent_sector() {
        let mut out = Vec::new();
        write(&[row()], false, CodingFormat::Json, &mut out).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v[0]["isco_08"], "8332");
        assert!(v[0].get("sector").is_none());
        assert_eq!(v[0]["reason"], serde_json::Value::Null);
    }
}
