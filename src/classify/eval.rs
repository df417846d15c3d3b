//! Measuring the coder against hand-labelled titles (`tests/fixtures/titles/labelled.csv`, whose
//! `RULES.md` gives the labelling conventions).
//!
//! Figures, per set of titles:
//!
//! - **coverage**: of the titles whose hand label has a specialisation, the share the coder gives
//!   one (titles the labeller left empty, because they name no occupation, are not in it);
//! - **coverage of all**: the share of all titles given a specialisation;
//! - **precision**: of the titles the coder gives a specialisation, the share equal to the hand
//!   label; coding a title the labeller left empty counts as wrong;
//! - **ISCO agreement** at 1, 2 and 4 digits: among titles where both codes have at least that
//!   many digits, the share whose first digits agree;
//! - **abstentions**: of the titles left empty by hand, the share the coder leaves uncoded;
//! - coverage and precision again over the titles **labelled without doubt**: those whose note
//!   does not say `uncertain`, where the labeller saw no other plausible reading.
//!
//! The coder is given what a real export would give it: for MarocAnnonces the `domaine` column as
//! the sector; France Travail's `appellationlibelle` is a second opinion, not an export column, so
//! it is not passed. Descriptions may be supplied by the caller.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;

use super::{Coder, Coding, Context, DecidedBy, Isco};
use crate::taxonomy::Taxonomy;

/// One hand-labelled title.
#[derive(Debug, Clone, Deserialize)]
pub struct Labelled {
    /// `dev`, `test`, or `test2` to `test24`.
    pub set: String,
    /// `marocannonces`, `france-travail` or `issue`.
    pub source: String,
    /// Data-row number in the source file (empty for `issue`).
    #[serde(default)]
    pub row: Option<u64>,
    pub title: String,
    #[serde(default)]
    pub context: String,
    #[serde(default)]
    pub isco_08: String,
    #[serde(default)]
    pub specialisation: String,
    /// The labeller's reason; `uncertain` in it marks a doubtful code.
    #[serde(default)]
    pub note: String,
}

impl Labelled {
    /// What the coder may use besides the title: the sector for MarocAnnonces, nothing else.
    pub fn context<'a>(&'a self, description: Option<&'a str>) -> Context<'a> {
        let sector = (self.source == "marocannonces" && !self.context.is_empty())
            .then_some(self.context.as_str());
        Context {
            sector,
            description,
        }
    }

    /// True when the labeller saw another plausible reading.
    pub fn uncertain(&self) -> bool {
        self.note.contains("uncertain")
    }

    /// The hand ISCO code, if any.
    pub fn isco(&self) -> Option<Isco> {
        Isco::parse(&self.isco_08)
    }
}

/// Reads `labelled.csv`.
pub fn read_labelled(text: &str) -> Result<Vec<Labelled>, csv::Error> {
    csv::Reader::from_reader(text.as_bytes())
        .deserialize()
        .collect()
}

/// A title the coder got wrong or left uncoded.
#[derive(Debug, Clone)]
pub struct Miss {
    pub title: String,
    pub context: String,
    /// The hand label: ISCO code and specialisation id (either may be empty).
    pub expected: (String, String),
    /// The coder's: ISCO code and specialisation id (either may be empty).
    pub got: (String, String),
    /// The stage that decided, or the reason for none.
    pub how: String,
    pub matched: String,
}

/// Counts over one set of titles.
#[derive(Debug, Clone, Default)]
pub struct Scores {
    pub name: String,
    pub titles: usize,
    /// Titles with a hand specialisation.
    pub labelled: usize,
    /// Titles given a specialisation.
    pub coded: usize,
    /// Titles with a hand specialisation and given one.
    pub coded_labelled: usize,
    /// Titles given the hand specialisation.
    pub correct: usize,
    /// Titles left empty by hand, and by the coder.
    pub empty: usize,
    pub abstained: usize,
    /// Over the titles with a hand specialisation labelled without doubt: (titles, given a
    /// specialisation, given the hand one).
    pub sure: (usize, usize, usize),
    /// ISCO comparisons at 1, 2 and 4 digits: (comparable, agreeing).
    pub isco: [(usize, usize); 3],
    /// Per deciding stage: (coded, correct).
    pub stages: BTreeMap<&'static str, (usize, usize)>,
    pub misses: Vec<Miss>,
}

fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

impl Scores {
    /// Coverage of the titles with a hand specialisation, in percent.
    pub fn coverage(&self) -> f64 {
        share(self.coded_labelled, self.labelled)
    }

    /// Coverage of all titles, in percent.
    pub fn coverage_all(&self) -> f64 {
        share(self.coded, self.titles)
    }

    /// Precision of the specialisations given, in percent.
    pub fn precision(&self) -> f64 {
        share(self.correct, self.coded)
    }

    /// ISCO agreement at 1, 2 or 4 digits, in percent.
    pub fn isco_agreement(&self, digits: usize) -> f64 {
        let (n, ok) = self.isco[match digits {
            1 => 0,
            2 => 1,
            _ => 2,
        }];
        share(ok, n)
    }

    /// Adds one coded title.
    pub fn add(&mut self, tax: &Taxonomy, row: &Labelled, coding: &Coding) {
        let spec = coding
            .specialisation
            .map_or("", |s| tax.spec(s).id.as_str());
        self.titles += 1;
        let has_label = !row.specialisation.is_empty();
        let sure = has_label && !row.uncertain();
        self.labelled += usize::from(has_label);
        self.sure.0 += usize::from(sure);
        self.empty += usize::from(!has_label);
        let right = !spec.is_empty() && spec == row.specialisation;
        if spec.is_empty() {
            self.abstained += usize::from(!has_label);
        } else {
            self.coded += 1;
            self.coded_labelled += usize::from(has_label);
            self.correct += usize::from(right);
            if sure {
                self.sure.1 += 1;
                self.sure.2 += usize::from(right);
            }
            let stage = coding.decided_by.map_or("none", DecidedBy::as_str);
            let counts = self.stages.entry(stage).or_default();
            counts.0 += 1;
            counts.1 += usize::from(right);
        }
        if let (Some(a), Some(b)) = (row.isco(), coding.isco) {
            for (k, digits) in [1, 2, 4].into_iter().enumerate() {
                if a.level() >= digits && b.level() >= digits {
                    self.isco[k].0 += 1;
                    self.isco[k].1 += usize::from(a.truncate(digits) == b.truncate(digits));
                }
            }
        }
        let isco_wrong = matches!((row.isco(), coding.isco), (Some(a), Some(b)) if a.common(b).is_none_or(|c| c.level() < 2));
        if !right && (has_label || !spec.is_empty()) || isco_wrong {
            self.misses.push(Miss {
                title: row.title.clone(),
                context: row.context.clone(),
                expected: (row.isco_08.clone(), row.specialisation.clone()),
                got: (
                    coding.isco.map_or(String::new(), |c| c.to_string()),
                    spec.to_string(),
                ),
                how: match (coding.decided_by, coding.reason) {
                    (Some(by), _) => by.as_str().to_string(),
                    (None, Some(r)) => r.as_str().to_string(),
                    (None, None) => String::new(),
                },
                matched: coding.matched.clone(),
            });
        }
    }
}

/// Codes every row and counts, calling `description` for the text of a row, if any.
pub fn score<'a>(
    name: &str,
    coder: &Coder,
    tax: &Taxonomy,
    rows: impl IntoIterator<Item = &'a Labelled>,
    description: impl Fn(&Labelled) -> Option<&'a str>,
) -> Scores {
    let mut scores = Scores {
        name: name.to_string(),
        ..Scores::default()
    };
    for row in rows {
        let coding = coder.code(&row.title, &row.context(description(row)));
        scores.add(tax, row, &coding);
    }
    scores
}

impl fmt::Display for Scores {
    /// The figures, then the misses, one per line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{}: {} titles, {} with a hand specialisation",
            self.name, self.titles, self.labelled
        )?;
        writeln!(
            f,
            "  coverage {:.1} % ({}/{}); of all titles {:.1} % ({}/{})",
            self.coverage(),
            self.coded_labelled,
            self.labelled,
            self.coverage_all(),
            self.coded,
            self.titles
        )?;
        writeln!(
            f,
            "  precision {:.1} % ({}/{}); left empty as by hand {}/{}",
            self.precision(),
            self.correct,
            self.coded,
            self.abstained,
            self.empty
        )?;
        let (sure, coded, right) = self.sure;
        writeln!(
            f,
            "  labelled without doubt: coverage {:.1} % ({coded}/{sure}), precision {:.1} % ({right}/{coded})",
            share(coded, sure),
            share(right, coded)
        )?;
        for (k, digits) in [1, 2, 4].into_iter().enumerate() {
            let (n, ok) = self.isco[k];
            writeln!(
                f,
                "  ISCO agreement at {digits} digit{}: {:.1} % ({ok}/{n})",
                if digits == 1 { "" } else { "s" },
                self.isco_agreement(digits)
            )?;
        }
        let stages: Vec<String> = (self.stages.iter())
            .map(|(s, (n, ok))| format!("{s} {ok}/{n}"))
            .collect();
        writeln!(f, "  by stage (correct/coded): {}", stages.join(", "))
    }
}

impl Scores {
    /// The confusion list: one line per title coded wrong, left uncoded against a hand label, or
    /// whose ISCO code differs in the first two digits.
    pub fn misses_table(&self) -> String {
        let mut out = String::new();
        for m in &self.misses {
            out.push_str(&format!(
                "  {:<48} | {:<28} | want {:>4} {:<24} | got {:>4} {:<24} | {:<11} | {}\n",
                m.title.trim(),
                m.context.chars().take(28).collect::<String>(),
                m.expected.0,
                m.expected.1,
                m.got.0,
                m.got.1,
                m.how,
                m.matched
            ));
        }
        out
    }
}
