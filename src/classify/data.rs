//! The coder's data files: the built-in copies compiled from `taxonomy/`, and the rows an analyst
//! adds from a directory of files with the same names and headers.
//!
//! Rows of a directory come after the built-in rows, so that where both give the same key (a
//! curated title in a sector, an ISCO prefix, a sector label, an ISCO group) the directory's row
//! is the one that counts. ESCO titles (`occupations.csv`) only add up: to change what ESCO says
//! about a phrase, give the phrase in `titles.csv`. Values are checked against the taxonomy when
//! the coder is built, with the file and line of the row at fault.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde::Deserialize;

/// The coder's files, as found in `taxonomy/` and accepted in an override directory.
pub const FILES: [&str; 5] = [
    "occupations.csv",
    "titles.csv",
    "isco_groups.csv",
    "isco_specialisations.csv",
    "sectors.csv",
];

const BUILT_IN: [&str; 5] = [
    include_str!("../../taxonomy/occupations.csv"),
    include_str!("../../taxonomy/titles.csv"),
    include_str!("../../taxonomy/isco_groups.csv"),
    include_str!("../../taxonomy/isco_specialisations.csv"),
    include_str!("../../taxonomy/sectors.csv"),
];

/// A problem with the coder's files.
#[derive(Debug, thiserror::Error)]
pub enum ClassifyError {
    #[error("cannot read {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{file}, line {line}: {message}")]
    Row {
        file: Arc<str>,
        line: u64,
        message: String,
    },
    #[error(
        "isco_specialisations.csv: no specialisation for the ISCO unit groups {0}; add a row for \
         them or for a shorter prefix"
    )]
    Incomplete(String),
}

/// Where a row was read: file name and line, for error messages.
#[derive(Debug, Clone)]
pub struct Place {
    pub file: Arc<str>,
    pub line: u64,
}

impl Place {
    /// An error about this row.
    pub fn error(&self, message: impl Into<String>) -> ClassifyError {
        ClassifyError::Row {
            file: self.file.clone(),
            line: self.line,
            message: message.into(),
        }
    }
}

/// `titles.csv`: a curated title. With a `sector`, the reading holds only in the board
/// categories of that key (see `sectors.csv`); without `isco_08` and `specialisation`, the title is known to say
/// nothing on its own (`stagiaire`, `consultant`).
#[derive(Debug, Clone, Deserialize)]
pub struct TitleRow {
    pub title: String,
    #[serde(default)]
    pub isco_08: String,
    #[serde(default)]
    pub specialisation: String,
    #[serde(default)]
    pub sector: String,
    /// `yes` for a head that a field beside it refines (`chef de projet`).
    #[serde(default)]
    pub head: String,
}

/// `isco_groups.csv`: an ISCO-08 group and its labels.
#[derive(Debug, Clone, Deserialize)]
pub struct GroupRow {
    pub code: String,
    pub label_en: String,
    pub label_fr: String,
    #[serde(default)]
    pub label_ar: String,
}

/// `isco_specialisations.csv`: the specialisation of an ISCO prefix.
#[derive(Debug, Clone, Deserialize)]
pub struct MappingRow {
    pub isco: String,
    pub specialisation: String,
    /// `yes` on a unit group that a title naming only a level and the specialisation's field
    /// gets (`Technicien agriculture`: 3142, agricultural technicians, not 3240, veterinary
    /// ones); at most one per specialisation and major group.
    #[serde(default)]
    pub usual: String,
}

/// `sectors.csv`: a job board's category (sector) label and what it says about a job.
#[derive(Debug, Clone, Deserialize)]
pub struct SectorRow {
    pub sector: String,
    /// The kind of category, shared by the labels of different boards that mean the same; the
    /// `sector` of `titles.csv` names it.
    pub key: String,
    /// What the category alone gives a title with no phrase: a specialisation id, or empty.
    #[serde(default)]
    pub specialisation: String,
    #[serde(default)]
    pub isco_08: String,
}

/// The rows of the coder's files, built-in first, then those of an override directory.
///
/// ESCO's titles (`occupations.csv`, some 44,000 rows) are kept as text and read by
/// [`CoderData::occupations`] when the coder is built, which a run does on a worker while it
/// reads its input, or not at all; every other file is read at once (the taxonomy takes the
/// ISCO labels, and a wrong row is reported before anything is read).
#[derive(Debug, Clone, Default)]
pub struct CoderData {
    /// `occupations.csv` texts as read, with the name their rows are reported under.
    esco: Vec<(String, Cow<'static, str>)>,
    pub titles: Vec<(Place, TitleRow)>,
    pub groups: Vec<(Place, GroupRow)>,
    pub mapping: Vec<(Place, MappingRow)>,
    pub sectors: Vec<(Place, SectorRow)>,
}

impl CoderData {
    /// The built-in files.
    pub fn built_in() -> Result<CoderData, ClassifyError> {
        let mut data = CoderData::default();
        for (name, text) in FILES.iter().zip(BUILT_IN) {
            data.read(&format!("taxonomy/{name} (built in)"), name, text.into())?;
        }
        Ok(data)
    }

    /// The built-in files followed by those found in `dir` (any of [`FILES`]; a directory with
    /// none of them changes nothing).
    pub fn with_overrides(dir: &Path) -> Result<CoderData, ClassifyError> {
        if !dir.is_dir() {
            return Err(ClassifyError::Io {
                path: dir.to_path_buf(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such directory"),
            });
        }
        let mut data = CoderData::built_in()?;
        for name in FILES {
            let path = dir.join(name);
            if !path.is_file() {
                continue;
            }
            let text = std::fs::read_to_string(&path).map_err(|source| ClassifyError::Io {
                path: path.clone(),
                source,
            })?;
            let text = match text.strip_prefix('\u{feff}') {
                Some(rest) => rest.to_string(),
                None => text,
            };
            data.read(&path.display().to_string(), name, text.into())?;
        }
        Ok(data)
    }

    /// The built-in copy of one of [`FILES`].
    pub fn built_in_file(name: &str) -> Option<&'static str> {
        FILES.iter().position(|f| *f == name).map(|i| BUILT_IN[i])
    }

    fn read(
        &mut self,
        display: &str,
        name: &str,
        text: Cow<'static, str>,
    ) -> Result<(), ClassifyError> {
        match name {
            "occupations.csv" => self.esco.push((display.to_string(), text)),
            "titles.csv" => self.titles.extend(table(display, &text)?),
            "isco_groups.csv" => self.groups.extend(table(display, &text)?),
            "isco_specialisations.csv" => self.mapping.extend(table(display, &text)?),
            _ => self.sectors.extend(table(display, &text)?),
        }
        Ok(())
    }

    /// Calls `f` with each of ESCO's titles (`occupations.csv`), built-in rows first, then a
    /// directory's, in file order: the row's place, then its `isco_08`, `lang` and `title`
    /// cells, trimmed, and whether the title is the occupation's preferred label (the optional
    /// `preferred` column is `yes`). The 44,000 rows are read into one record that is reused,
    /// with no allocation per row, since the coder's build waits on them.
    pub fn each_occupation(
        &self,
        mut f: impl FnMut(&Place, &str, &str, &str, bool) -> Result<(), ClassifyError>,
    ) -> Result<(), ClassifyError> {
        for (display, text) in &self.esco {
            let mut at = Place {
                file: Arc::from(display.as_str()),
                line: 1,
            };
            let mut reader = csv::Reader::from_reader(text.as_bytes());
            let header = reader
                .headers()
                .map_err(|e| at.error(e.to_string()))?
                .clone();
            let column = |name: &str| {
                (header.iter().position(|h| h.trim() == name)).ok_or_else(|| {
                    at.error(format!(
                        "missing field `{name}`: the header must name the columns \
                             isco_08, lang and title"
                    ))
                })
            };
            let (isco, lang, title) = (column("isco_08")?, column("lang")?, column("title")?);
            // optional: files written before the column existed hold no preferred labels
            let preferred = header.iter().position(|h| h.trim() == "preferred");
            let mut record = csv::StringRecord::new();
            loop {
                at.line = reader.position().line();
                match reader.read_record(&mut record) {
                    Ok(false) => break,
                    Ok(true) => {
                        let cell = |i: usize| record.get(i).unwrap_or("").trim();
                        let preferred = match preferred.map_or("", cell) {
                            "" => false,
                            "yes" => true,
                            other => {
                                return Err(at.error(format!(
                                    "`{other}` in column `preferred`: it is `yes` or empty"
                                )))
                            }
                        };
                        f(&at, cell(isco), cell(lang), cell(title), preferred)?;
                    }
                    Err(e) => return Err(at.error(e.to_string())),
                }
            }
        }
        Ok(())
    }
}

/// The rows of one CSV file with a header, each with its line.
fn table<T: DeserializeOwned>(display: &str, text: &str) -> Result<Vec<(Place, T)>, ClassifyError> {
    let file: Arc<str> = Arc::from(display);
    let at = |line: u64| Place {
        file: file.clone(),
        line,
    };
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| at(1).error(e.to_string()))?
        .clone();
    let mut record = csv::StringRecord::new();
    let mut out = Vec::new();
    loop {
        let line = reader.position().line();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let row = record
                    .deserialize(Some(&header))
                    .map_err(|e| at(line).error(e.to_string()))?;
                out.push((at(line), row));
            }
            Err(e) => return Err(at(line).error(e.to_string())),
        }
    }
    Ok(out)
}
