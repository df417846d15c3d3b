//! The curricula file: which skills each programme teaches (`programme,skill[,hours]`).
//!
//! A programme is named as in the graduates file and placed through the crosswalk, as a
//! graduates' field is ([`Taxonomy::field_of`]): it teaches to every specialisation it graduates
//! into, in every region, or, when a graduates file is read, in the regions where it has
//! graduates. A skill is named by its id or any of its spellings. Every row is checked; a row that
//! cannot be placed is an error naming its line, since a silently ignored row would make a skill
//! look uncovered.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::aggregate::Supply;
use crate::normalise::{Area, FieldKey, Placed};
use crate::taxonomy::{FieldTarget, RegionIdx, SkillIdx, SpecIdx, Taxonomy};

/// A problem in the curricula file.
#[derive(Debug, thiserror::Error)]
pub enum CurriculaError {
    #[error("cannot read the curricula file {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}, line {line}: {message}")]
    Row {
        path: PathBuf,
        line: u64,
        message: String,
    },
}

/// What the programmes teach, and where they graduate.
#[derive(Debug, Clone, Default)]
pub struct Curricula {
    /// Per programme (as placed): the specialisations it graduates into, and the skills it
    /// teaches.
    programmes: BTreeMap<FieldTarget, (Vec<SpecIdx>, BTreeSet<SkillIdx>)>,
    /// With a graduates file: the (region, programme) pairs that have graduates. Without one, a
    /// programme graduates everywhere.
    graduating: Option<BTreeSet<(RegionIdx, FieldTarget)>>,
    /// Rows read.
    pub rows: u64,
}

impl Curricula {
    /// Programmes named.
    pub fn programmes(&self) -> usize {
        self.programmes.len()
    }

    /// Learns from a graduates tally where each programme graduates: in a region, a programme
    /// graduates when the file has graduates of it there (any year). Rows whose region or field
    /// could not be placed say nothing.
    pub fn graduating_from(&mut self, supply: &Supply) {
        let mut set = BTreeSet::new();
        for ((_, region, field), counts) in supply.cells() {
            if let (Placed::Known(Area::Region(r)), FieldKey::Known(t)) = (region, field) {
                if counts.units > 0 {
                    set.insert((r, t));
                }
            }
        }
        self.graduating = Some(set);
    }

    /// Whether a programme graduating into one of `specs` (in one of `regions`, when given and a
    /// graduates file was read) teaches `skill`.
    pub fn teaches(
        &self,
        specs: &BTreeSet<SpecIdx>,
        regions: Option<&BTreeSet<RegionIdx>>,
        skill: SkillIdx,
    ) -> bool {
        self.programmes.iter().any(|(target, (into, skills))| {
            skills.contains(&skill)
                && into.iter().any(|s| specs.contains(s))
                && match (&self.graduating, regions) {
                    (None, _) => true,
                    (Some(g), Some(rs)) => rs.iter().any(|&r| g.contains(&(r, *target))),
                    (Some(g), None) => g.iter().any(|(_, t)| t == target),
                }
        })
    }

    /// Reads a curricula file.
    pub fn read(path: &Path, tax: &Taxonomy) -> Result<Curricula, CurriculaError> {
        let text = std::fs::read_to_string(path).map_err(|source| CurriculaError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Curricula::parse(path, text.trim_start_matches('\u{feff}'), tax)
    }

    /// Parses the text of a curricula file (`path` names it in messages).
    pub fn parse(path: &Path, text: &str, tax: &Taxonomy) -> Result<Curricula, CurriculaError> {
        let err = |line: u64, message: String| CurriculaError::Row {
            path: path.to_path_buf(),
            line,
            message,
        };
        let mut rdr = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .flexible(true)
            .from_reader(text.as_bytes());
        let headers = rdr.headers().map_err(|e| err(1, e.to_string()))?.clone();
        let col = |name: &str| {
            headers
                .iter()
                .position(|h| crate::taxonomy::fold(h) == name)
        };
        let (Some(p), Some(s)) = (col("programme").or(col("program")), col("skill")) else {
            return Err(err(
                1,
                format!(
                    "the header must name the columns programme and skill (and optionally hours); found: {}",
                    headers.iter().collect::<Vec<_>>().join(", ")
                ),
            ));
        };
        let hours = col("hours");
        let mut out = Curricula::default();
        for rec in rdr.records() {
            let rec = rec.map_err(|e| err(e.position().map_or(0, |p| p.line()), e.to_string()))?;
            let line = rec.position().map_or(0, |p| p.line());
            let (programme, skill) = (rec.get(p).unwrap_or(""), rec.get(s).unwrap_or(""));
            if programme.is_empty() && skill.is_empty() {
                continue;
            }
            let target = tax.field_of(programme).ok_or_else(|| {
                err(
                    line,
                    format!(
                        "programme `{programme}` is not in the crosswalk nor a specialisation; \
                         name it as the graduates file does, or add it to crosswalk.csv with --taxonomy"
                    ),
                )
            })?;
            let skill_idx = tax.skills.named(skill).ok_or_else(|| {
                err(
                    line,
                    format!(
                        "skill `{skill}` is not in the skills dictionary; use an id of `skillgap \
                         taxonomy skills` or one of its spellings"
                    ),
                )
            })?;
            if let Some(h) = hours.and_then(|h| rec.get(h)).filter(|h| !h.is_empty()) {
                if h.parse::<f64>()
                    .map_or(true, |v| !(v >= 0.0 && v.is_finite()))
                {
                    return Err(err(
                        line,
                        format!("hours `{h}` must be a number of 0 or more"),
                    ));
                }
            }
            let (_, skills) = out.programmes.entry(target).or_insert_with(|| {
                let into = tax.shares(target).into_iter().map(|(s, _)| s).collect();
                (into, BTreeSet::new())
            });
            skills.insert(skill_idx);
            out.rows += 1;
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn programmes_teach_their_specialisations_and_bad_rows_name_their_line() {
        let tax = Taxonomy::default_embedded();
        let path = Path::new("curricula.csv");
        let c = Curricula::parse(
            path,
            "programme,skill,hours\ncybersecurity,Python,40\ncybersecurity,siem,\n",
            &tax,
        )
        .unwrap();
        let cyber = tax
            .specialisations
            .iter()
            .position(|s| s.id == "cybersecurity")
            .unwrap() as SpecIdx;
        let python = tax.skills.index("python").unwrap();
        let specs = BTreeSet::from([cyber]);
        assert!(c.teaches(&specs, None, python));
        assert!(c.teaches(&specs, None, tax.skills.index("siem").unwrap()));
        assert!(!c.teaches(&specs, None, tax.skills.index("java").unwrap()));
        assert_eq!((c.rows, c.programmes()), (2, 1));

        let e =
            Curricula::parse(path, "programme,skill\ncybersecurity,Klingon\n", &tax).unwrap_err();
        assert_eq!(
            e.to_string(),
            "curricula.csv, line 2: skill `Klingon` is not in the skills dictionary; use an id of \
             `skillgap taxonomy skills` or one of its spellings"
        );
        let e = Curricula::parse(path, "programme,skill\nzzqx,python\n", &tax).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("curricula.csv, line 2: programme `zzqx`"),
            "{e}"
        );
        let e = Curricula::parse(path, "prog,skills\n", &tax).unwrap_err();
        assert!(e.to_string().contains("found: prog, skills"), "{e}");
        let e = Curricula::parse(
            path,
            "programme,skill,hours\ncybersecurity,python,-3\n",
            &tax,
        )
        .unwrap_err();
        assert!(e.to_string().contains("hours `-3`"), "{e}");
    }
}
