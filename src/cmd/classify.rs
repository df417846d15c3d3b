//! `skillgap classify [FILE|-]`: codes job titles as `gap` does, one line per distinct title, so
//! that scripts can pipe titles through the coder and analysts can see why a posting landed where
//! it did.
//!
//! The input is one title per line, or, with `--column`, a CSV file whose column of that header
//! holds the titles (and, with `--sector-column`, the board's category of each). Titles are coded
//! once each, in the order first met.

use std::io::Read;

use crate::classify::{Coder, Context};
use crate::cli::ClassifyArgs;
use crate::error::Error;
use crate::ingest::{self, Input};
use crate::output;
use crate::pipeline;
use crate::report::codings::{self, CodedTitle};
use crate::taxonomy::fold;

/// Runs the command.
pub fn run(args: &ClassifyArgs) -> Result<(), Error> {
    let (tax, data) = pipeline::load_taxonomy(args.taxonomy.as_deref())?;
    let coder = Coder::new(&tax, &data)?;
    let name = args.input.to_string();
    let text = read_text(&args.input)?;
    let titles = match &args.column {
        None => lines(&text),
        Some(column) => cells(&name, &text, column, args.sector_column.as_deref())?,
    };
    let rows: Vec<CodedTitle> = (titles.iter())
        .map(|(title, sector)| code(&coder, title, sector.as_deref(), args.lang))
        .collect();
    let with_sector = args.sector_column.is_some();
    output::write_with(None, |w| codings::write(&rows, with_sector, args.format, w))
}

/// One title coded, as reported.
fn code(
    coder: &Coder,
    title: &str,
    sector: Option<&str>,
    lang: crate::taxonomy::Lang,
) -> CodedTitle {
    let tax = coder.taxonomy();
    let c = coder.code(
        title,
        &Context {
            sector,
            description: None,
        },
    );
    CodedTitle {
        title: title.to_string(),
        sector: sector.map(str::to_string),
        specialisation: c.specialisation.map(|s| tax.spec(s).id.clone()),
        isco_08: c.isco.map(|i| i.to_string()),
        isco_label: c
            .isco
            .and_then(|i| coder.isco_label(i, lang))
            .map(str::to_string),
        decided_by: c.decided_by.map(|d| d.as_str()),
        matched: c.matched,
        reason: c.reason.map(|r| r.as_str()),
    }
}

/// The whole input as text: UTF-8 (a byte-order mark is skipped).
fn read_text(input: &Input) -> Result<String, Error> {
    let name = input.to_string();
    let fail = |source| ingest::Error::Read {
        path: name.clone(),
        source,
    };
    let mut bytes = Vec::new();
    match input.path() {
        Some(p) => bytes = std::fs::read(p).map_err(fail)?,
        None => {
            std::io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .map_err(fail)?;
        }
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            Err(ingest::Error::Malformed {
                path: name,
                line: line as u64,
                message: "not UTF-8: convert the file to UTF-8 (e.g. `iconv -f windows-1252 -t \
                          utf-8`)"
                    .to_string(),
            }
            .into())
        }
    }
}

/// The distinct non-empty lines, trimmed, in the order first met.
fn lines(text: &str) -> Vec<(String, Option<String>)> {
    let mut seen = std::collections::HashSet::new();
    (text.lines().map(str::trim))
        .filter(|l| !l.is_empty() && seen.insert(l.to_string()))
        .map(|l| (l.to_string(), None))
        .collect()
}

/// The distinct (title, sector) cells of a CSV file's columns, in the order first met. Headers
/// are matched as `gap` matches them: case, accents and punctuation aside.
fn cells(
    name: &str,
    text: &str,
    column: &str,
    sector: Option<&str>,
) -> Result<Vec<(String, Option<String>)>, Error> {
    let delimiter = ingest::sniff_delimiter(text.as_bytes());
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let malformed = |line: u64, message: String| ingest::Error::Malformed {
        path: name.to_string(),
        line,
        message,
    };
    let headers = rdr
        .headers()
        .map_err(|e| malformed(1, e.to_string()))?
        .clone();
    let find = |wanted: &str| -> Result<usize, Error> {
        let w = fold(wanted);
        let at: Vec<usize> = (headers.iter().enumerate())
            .filter(|(_, h)| fold(h) == w)
            .map(|(i, _)| i)
            .collect();
        match at[..] {
            [i] => Ok(i),
            [] => Err(Error::Usage(format!(
                "{name} has no column `{wanted}` (found: {})",
                headers.iter().collect::<Vec<_>>().join(", ")
            ))),
            _ => Err(Error::Usage(format!(
                "{name} has {} columns headed `{wanted}`: rename all but one",
                at.len()
            ))),
        }
    };
    let t = find(column)?;
    let s = sector.map(find).transpose()?;
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            malformed(line, e.to_string())
        })?;
        let title = rec.get(t).unwrap_or("").trim().to_string();
        let sector = s.map(|i| rec.get(i).unwrap_or("").trim().to_string());
        if title.is_empty() && sector.as_deref().unwrap_or("").is_empty() {
            continue;
        }
        if seen.insert((title.clone(), sector.clone())) {
            out.push((title, sector));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_distinct_trimmed_and_in_order() {
        let got = lines("Comptable\n\n  Chauffeur \r\nComptable\nChauffeur\n");
        let titles: Vec<&str> = got.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(titles, ["Comptable", "Chauffeur"]);
    }

    #[test]
    fn a_csv_column_is_found_by_its_folded_header() {
        let text = "Intitulé;Domaine\nComptable;Finance\nComptable;Finance\nComptable;BTP\n;\n";
        let got = cells("t.csv", text, "intitule", Some("domaine")).unwrap();
        assert_eq!(
            got,
            [
                ("Comptable".to_string(), Some("Finance".to_string())),
                ("Comptable".to_string(), Some("BTP".to_string())),
            ]
        );
        let err = cells("t.csv", text, "titre", None).unwrap_err().to_string();
        assert!(
            err.contains("no column `titre` (found: Intitulé, Domaine)"),
            "{err}"
        );
    }
}
