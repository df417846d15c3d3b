//! Measuring the matcher against hand-labelled postings: precision and recall, overall and per
//! type of skill.
//!
//! A labelled set is a directory with `postings.csv` (`row,id,intitule,description,competences,
//! langues`), `labelled.csv` (`row,id,skill,type,evidence`: one row per skill a person found in a
//! posting, named by a canonical English name) and `names.csv` (`skill,id,mapped`: the dictionary
//! id of each canonical name, empty when the dictionary has no such skill; `mapped` says whether a
//! spelling of the dictionary gave it or a person did). `tests/fixtures/skills/` is one.
//!
//! Per posting, the skills found in its title, description, skills and languages are compared
//! with the labels' skills, each counted once. A skill found and labelled is a true positive; one
//! found but not labelled a false positive; a labelled one not found (or without a dictionary
//! entry) a false negative. Per type, recall counts the labels by the type the person gave them,
//! and precision the skills found by their type in the dictionary.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::path::Path;

use serde::Deserialize;

use super::{Folded, Matcher};
use crate::taxonomy::{SkillDictionary, SkillIdx, SkillType};

/// One labelled posting.
#[derive(Debug, Clone)]
pub struct Posting {
    /// Its `row` in the set.
    pub row: String,
    /// The text fields, in the order the matcher reads them.
    pub fields: [String; 4],
    /// The skills labelled, by dictionary id, with the type the person gave each.
    pub labelled: BTreeMap<SkillIdx, SkillType>,
    /// The labels whose skill the dictionary does not have: name and type.
    pub missing: BTreeSet<(String, SkillType)>,
}

/// A labelled set, read and mapped onto a dictionary.
#[derive(Debug, Clone)]
pub struct LabelledSet {
    pub postings: Vec<Posting>,
}

#[derive(Deserialize)]
struct PostingRow {
    row: String,
    intitule: String,
    description: String,
    competences: String,
    langues: String,
}

#[derive(Deserialize)]
struct LabelRow {
    row: String,
    skill: String,
    #[serde(rename = "type")]
    kind: String,
}

#[derive(Deserialize)]
struct NameRow {
    skill: String,
    id: String,
}

/// Reads the rows of a CSV file.
fn read<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<Vec<T>, String> {
    let mut rdr = csv::Reader::from_path(path).map_err(|e| format!("{}: {e}", path.display()))?;
    rdr.deserialize()
        .collect::<Result<Vec<T>, _>>()
        .map_err(|e| format!("{}: {e}", path.display()))
}

impl LabelledSet {
    /// Reads the set in `dir` and maps its names onto `dict`'s ids through `names.csv`. Every
    /// name labelled must be in `names.csv`, with an id that `dict` has or none.
    pub fn load(dir: &Path, dict: &SkillDictionary) -> Result<LabelledSet, String> {
        let mut names: HashMap<String, Option<SkillIdx>> = HashMap::new();
        for n in read::<NameRow>(&dir.join("names.csv"))? {
            let id = match n.id.as_str() {
                "" => None,
                id => Some(
                    dict.index(id)
                        .ok_or_else(|| format!("names.csv: no skill `{id}` for `{}`", n.skill))?,
                ),
            };
            names.insert(n.skill, id);
        }
        let mut postings: Vec<Posting> = read::<PostingRow>(&dir.join("postings.csv"))?
            .into_iter()
            .map(|p| Posting {
                row: p.row,
                fields: [p.intitule, p.description, p.competences, p.langues],
                labelled: BTreeMap::new(),
                missing: BTreeSet::new(),
            })
            .collect();
        let at: HashMap<String, usize> = (postings.iter().enumerate())
            .map(|(i, p)| (p.row.clone(), i))
            .collect();
        for l in read::<LabelRow>(&dir.join("labelled.csv"))? {
            let p = at
                .get(&l.row)
                .map(|&i| &mut postings[i])
                .ok_or_else(|| format!("labelled.csv: no posting with row {}", l.row))?;
            // a posting without any skill is listed once, with the skill empty
            if l.skill.is_empty() && l.kind.is_empty() {
                continue;
            }
            let kind = SkillType::parse(&l.kind)
                .ok_or_else(|| format!("labelled.csv: unknown type `{}`", l.kind))?;
            match names.get(&l.skill) {
                None => return Err(format!("names.csv: no row for `{}`", l.skill)),
                Some(Some(id)) => {
                    p.labelled.entry(*id).or_insert(kind);
                }
                Some(None) => {
                    p.missing.insert((l.skill, kind));
                }
            }
        }
        Ok(LabelledSet { postings })
    }
}

/// True and false positives, and false negatives.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Skills found that are labelled, counted by the type of the skill found.
    pub found_right: u64,
    /// Skills found that are not labelled.
    pub found_wrong: u64,
    /// Labels whose skill was found, counted by the label's type.
    pub labels_found: u64,
    /// Labels whose skill was not found (or has no dictionary entry).
    pub labels_missed: u64,
}

impl Counts {
    /// Found and labelled, over found.
    pub fn precision(&self) -> f64 {
        ratio(self.found_right, self.found_right + self.found_wrong)
    }

    /// Labelled and found, over labelled.
    pub fn recall(&self) -> f64 {
        ratio(self.labels_found, self.labels_found + self.labels_missed)
    }
}

fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// One disagreement: a posting, a skill (an id, or a name the dictionary lacks), and whether it
/// was found without a label (a false positive) or labelled and not found.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Miss {
    pub row: String,
    pub skill: String,
    pub found: bool,
}

/// The outcome of an evaluation.
#[derive(Debug, Clone, Default)]
pub struct Evaluation {
    pub postings: usize,
    pub overall: Counts,
    pub per_type: BTreeMap<SkillType, Counts>,
    /// Every disagreement, by posting.
    pub misses: Vec<Miss>,
}

/// Runs the matcher over every posting of `set` and compares.
pub fn evaluate(set: &LabelledSet, matcher: &Matcher, dict: &SkillDictionary) -> Evaluation {
    let mut e = Evaluation {
        postings: set.postings.len(),
        ..Evaluation::default()
    };
    let mut text = Folded::new();
    let mut found = Vec::new();
    for p in &set.postings {
        text.clear();
        for f in &p.fields {
            text.push_field(f);
        }
        text.finish();
        matcher.find(&text, &mut found);
        for &s in &found {
            let kind = dict.skill(s).kind;
            let right = p.labelled.contains_key(&s);
            for c in [&mut e.overall, e.per_type.entry(kind).or_default()] {
                if right {
                    c.found_right += 1;
                } else {
                    c.found_wrong += 1;
                }
            }
            if !right {
                e.misses.push(miss(p, &dict.skill(s).id, true));
            }
        }
        for (&s, &kind) in &p.labelled {
            let hit = found.binary_search(&s).is_ok();
            for c in [&mut e.overall, e.per_type.entry(kind).or_default()] {
                if hit {
                    c.labels_found += 1;
                } else {
                    c.labels_missed += 1;
                }
            }
            if !hit {
                e.misses.push(miss(p, &dict.skill(s).id, false));
            }
        }
        for (name, kind) in &p.missing {
            for c in [&mut e.overall, e.per_type.entry(*kind).or_default()] {
                c.labels_missed += 1;
            }
            e.misses.push(miss(p, &format!("({name})"), false));
        }
    }
    e
}

fn miss(p: &Posting, skill: &str, found: bool) -> Miss {
    Miss {
        row: p.row.clone(),
        skill: skill.to_string(),
        found,
    }
}

/// The figures as a table: overall, then per type.
impl fmt::Display for Evaluation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<14} {:>9} {:>7} {:>7} {:>9} {:>7} {:>7}",
            "type", "precision", "found", "wrong", "recall", "labels", "missed"
        )?;
        let line = |f: &mut fmt::Formatter<'_>, name: &str, c: &Counts| {
            writeln!(
                f,
                "{:<14} {:>8.1}% {:>7} {:>7} {:>8.1}% {:>7} {:>7}",
                name,
                100.0 * c.precision(),
                c.found_right + c.found_wrong,
                c.found_wrong,
                100.0 * c.recall(),
                c.labels_found + c.labels_missed,
                c.labels_missed
            )
        };
        line(f, "all", &self.overall)?;
        for (t, c) in &self.per_type {
            line(f, t.name(), c)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::taxonomy::Taxonomy;

    fn counts(found_right: u64, found_wrong: u64, labels_found: u64, labels_missed: u64) -> Counts {
        Counts {
            found_right,
            found_wrong,
            labels_found,
            labels_missed,
        }
    }

    #[test]
    fn precision_and_recall_are_the_usual_ratios() {
        let c = counts(9, 1, 6, 2);
        assert_eq!(c.precision(), 0.9);
        assert_eq!(c.recall(), 0.75);
        assert_eq!(counts(0, 0, 0, 0).precision(), 1.0);
    }

    /// A two-posting set worked by hand: posting 1 labels Python and SQL and says Python and
    /// Java; posting 2 labels English and a skill the dictionary lacks, and says English.
    #[test]
    fn a_small_set_is_counted_by_hand() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
        write(
            "postings.csv",
            "row,id,intitule,description,competences,langues\n\
             1,a,Poste,\"Python, Java\",,\n\
             2,b,Poste,Travail du soir,,Anglais\n",
        );
        write(
            "labelled.csv",
            "row,id,skill,type,evidence\n\
             1,a,Python,tool,Python\n\
             1,a,SQL,tool,x\n\
             2,b,English,language,Anglais\n\
             2,b,table service,method,Travail du soir\n",
        );
        write(
            "names.csv",
            "skill,id,mapped\nPython,python,spelling\nSQL,sql,spelling\nEnglish,english-language,spelling\ntable service,,\n",
        );
        let tax = Taxonomy::default_embedded();
        let set = LabelledSet::load(dir.path(), &tax.skills).unwrap();
        let m = Matcher::new(&tax.skills);
        let e = evaluate(&set, &m, &tax.skills);
        // found: python (right), java (wrong), english (right); labelled: 4, found 2
        assert_eq!(e.overall, counts(2, 1, 2, 2));
        assert_eq!(e.per_type[&SkillType::Tool], counts(1, 1, 1, 1));
        assert_eq!(e.per_type[&SkillType::Language], counts(1, 0, 1, 0));
        assert_eq!(e.per_type[&SkillType::Method], counts(0, 0, 0, 1));
    }

    /// The figures of the default dictionary on the labelled set in `tests/fixtures/DIR`,
    /// printed with every disagreement.
    fn labelled(dir: &str) -> Evaluation {
        let tax = Taxonomy::default_embedded();
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(dir);
        let set = LabelledSet::load(&dir, &tax.skills).unwrap();
        let m = Matcher::new(&tax.skills);
        let e = evaluate(&set, &m, &tax.skills);
        println!("{} postings\n{e}", e.postings);
        for miss in &e.misses {
            let what = if miss.found {
                "found, not labelled"
            } else {
                "labelled, not found"
            };
            println!("row {:>5}  {what:<20} {}", miss.row, miss.skill);
        }
        e
    }

    /// The hand-labelled real French postings of `tests/fixtures/skills/` (see its `RULES.md`):
    /// prints the figures and every disagreement, and fails below the floors the dictionary
    /// reaches.
    #[test]
    fn the_labelled_real_postings() {
        let e = labelled("skills");
        assert_eq!(e.postings, 160);
        assert!(e.overall.precision() >= PRECISION_FLOOR, "{e}");
        assert!(e.overall.recall() >= RECALL_FLOOR, "{e}");
    }

    /// The hand-labelled real English postings of `tests/fixtures/skills-en/` (see its
    /// `RULES.md`), as [`the_labelled_real_postings`].
    #[test]
    fn the_labelled_english_postings() {
        let e = labelled("skills-en");
        assert_eq!(e.postings, 5);
        assert!(e.overall.precision() >= EN_PRECISION_FLOOR, "{e}");
        assert!(e.overall.recall() >= EN_RECALL_FLOOR, "{e}");
    }

    /// What the default dictionary reaches on the labelled sets, less a little.
    const PRECISION_FLOOR: f64 = 0.89;
    const RECALL_FLOOR: f64 = 0.74;
    const EN_PRECISION_FLOOR: f64 = 0.89;
    const EN_RECALL_FLOOR: f64 = 0.76;
}
