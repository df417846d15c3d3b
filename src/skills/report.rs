//! From the tally to the report: per cell of the grouping (specialisation, family, region, or
//! region × specialisation) and for one period (a year or a span of years), the postings, the
//! postings mentioning each skill, the share, the change against the period of the same length
//! just before, how characteristic each skill is of the cell,
//! and, with a curricula file, whether any programme graduating into the cell teaches it.
//!
//! - `share` = mentions ÷ postings of the cell;
//! - `characteristic` = the share in the cell ÷ the share over every posting of the period (1: as
//!   common as anywhere; 3: three times as common);
//! - `change` = the share minus the share in the same cell in the period before, when that
//!   period has postings in the cell.
//!
//! Postings whose grouped label could not be placed are not in any cell; they are counted in the
//! summary, which reconciles every row read: rejected, or merged as a copy of another posting, or
//! in another year, or unplaced, or in a cell.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::curricula::Curricula;
use super::tally::{Cell, SkillTally};
use crate::analysis::Period;
use crate::dims::{Dim, Grouping};
use crate::model::skills::{SpecSkills, TopSkill};
use crate::model::GapRow;
use crate::normalise::{Area, Placed, RegionKey, SpecKey};
use crate::taxonomy::{national_name, Lang, RegionIdx, SpecIdx, Taxonomy, NATIONAL_CODE};

/// One skill in one cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkillRow {
    pub skill: String,
    pub skill_label: String,
    pub skill_type: &'static str,
    pub mentions: u64,
    pub share: f64,
    pub characteristic: f64,
    pub previous_share: Option<f64>,
    pub change: Option<f64>,
    /// With a curricula file: whether a programme graduating into the cell teaches it.
    pub taught: Option<bool>,
}

/// One cell: a value of each grouped dimension.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkillCell {
    /// (code, label) per dimension of the grouping, in its order.
    pub keys: Vec<(String, String)>,
    pub postings: u64,
    /// Postings of the cell without any text.
    pub without_text: u64,
    /// Postings of the cell in the period before, when there were any.
    pub previous_postings: Option<u64>,
    /// The skills mentioned, most mentioned first (ties by id), at most `top`.
    pub skills: Vec<SkillRow>,
    /// With a curricula file: every skill mentioned that no programme graduating into the cell
    /// teaches, most mentioned first.
    pub uncovered: Vec<SkillRow>,
}

/// Where every row read went.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SkillsSummary {
    pub rows_read: u64,
    pub rows_rejected: u64,
    /// Valid rows merged as copies of another posting (see `--no-dedup`).
    pub merged: u64,
    /// Valid rows dated outside the report's period.
    pub other_years: u64,
    /// Valid rows of the period whose grouped label could not be placed.
    pub unplaced: u64,
    /// Valid rows of the period in the cells (the sum of the cells' postings).
    pub in_cells: u64,
    /// Of the rows of the period: those without any text.
    pub without_text: u64,
    /// Whether the postings have any text column at all.
    pub text_columns: bool,
}

/// The skills report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkillsReport {
    pub period: Period,
    /// The period compared with (as long, just before), when it has postings.
    pub previous: Option<Period>,
    pub by: Grouping,
    pub lang: Lang,
    pub curricula: bool,
    /// The most skills listed per cell (0: all).
    pub top: usize,
    pub taxonomy_version: String,
    /// The postings files read, as their summaries name them.
    pub files: Vec<String>,
    pub cells: Vec<SkillCell>,
    pub summary: SkillsSummary,
}

/// What a cell adds up: its postings, mentions, and the specialisations and regions that fed it.
#[derive(Default)]
struct Sum {
    cell: Cell,
    specs: BTreeSet<SpecIdx>,
    regions: BTreeSet<RegionIdx>,
}

/// The cell key of a tally key under `by`: (code, label) per dimension; `None` when a grouped
/// label is unplaced.
fn cell_key(
    tax: &Taxonomy,
    by: &Grouping,
    lang: Lang,
    region: RegionKey,
    spec: SpecKey,
) -> Option<Vec<(String, String)>> {
    by.dims()
        .iter()
        .map(|d| match (d, region, spec) {
            (Dim::Region, Placed::Known(Area::Region(r)), _) => {
                let r = tax.region(r);
                Some((r.code.clone(), r.name(lang).to_string()))
            }
            (Dim::Region, Placed::Known(Area::National), _) => {
                Some((NATIONAL_CODE.to_string(), national_name(lang).to_string()))
            }
            (Dim::Specialisation, _, Placed::Known(s)) => {
                let s = tax.spec(s.0);
                Some((s.id.clone(), s.label(lang).to_string()))
            }
            (Dim::Family, _, Placed::Known(s)) => {
                let f = &tax.spec(s.0).family;
                Some((f.clone(), Dim::Family.label(tax, f, lang)))
            }
            _ => None,
        })
        .collect()
}

/// The cells of one period: (cells by key, postings of the period in Morocco with their mentions
/// per skill, unplaced postings (abroad included), every posting of the period).
type PeriodSums = (BTreeMap<Vec<(String, String)>, Sum>, Cell, u64, u64);

fn sum_period(
    tax: &Taxonomy,
    tally: &SkillTally,
    by: &Grouping,
    lang: Lang,
    period: Period,
) -> PeriodSums {
    let mut cells: BTreeMap<Vec<(String, String)>, Sum> = BTreeMap::new();
    let mut all = Cell::default();
    let (mut unplaced, mut in_period) = (0, 0);
    for (&(y, region, spec), c) in tally.cells() {
        if !period.contains(y) {
            continue;
        }
        in_period += c.postings;
        // abroad is not Moroccan demand; a posting shared between regions has no one cell
        // (postings are counted whole here), so both are left out of the cells as unplaced
        if let Placed::Known(Area::Abroad(_)) = region {
            unplaced += c.postings;
            continue;
        }
        absorb(&mut all, c);
        match cell_key(tax, by, lang, region, spec) {
            Some(k) => {
                let sum = cells.entry(k).or_default();
                absorb(&mut sum.cell, c);
                if let Placed::Known(s) = spec {
                    sum.specs.insert(s.0);
                }
                match region {
                    Placed::Known(Area::Region(r)) => {
                        sum.regions.insert(r);
                    }
                    Placed::Known(Area::Several(set)) => sum.regions.extend(set.regions()),
                    _ => {}
                }
            }
            None => unplaced += c.postings,
        }
    }
    (cells, all, unplaced, in_period)
}

fn absorb(into: &mut Cell, c: &Cell) {
    into.postings += c.postings;
    into.without_text += c.without_text;
    for (&s, &n) in &c.mentions {
        *into.mentions.entry(s).or_default() += n;
    }
}

fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Options of the report.
#[derive(Debug, Clone)]
pub struct Options {
    pub by: Grouping,
    pub period: Period,
    pub lang: Lang,
    /// The most skills listed per cell (0: all).
    pub top: usize,
}

/// The rows read, as the reader and the merging of duplicates counted them.
#[derive(Debug, Clone, Copy, Default)]
pub struct Read {
    pub rows: u64,
    pub rejected: u64,
    /// Valid rows merged as copies (not in the tally).
    pub merged: u64,
}

/// Builds the report for `opts.period` from a tally.
pub fn build(
    tax: &Taxonomy,
    tally: &SkillTally,
    curricula: Option<&Curricula>,
    opts: &Options,
    read: Read,
    text_columns: bool,
) -> SkillsReport {
    let (by, lang, period) = (&opts.by, opts.lang, opts.period);
    let (cells, all, unplaced, in_period) = sum_period(tax, tally, by, lang, period);
    let len = (period.to - period.from) + 1;
    let previous = Some(Period {
        from: period.from - len,
        to: period.to - len,
    })
    .filter(|p| tally.years().iter().any(|&y| p.contains(y)));
    let previous_sums = previous.map(|p| sum_period(tax, tally, by, lang, p).0);
    let dict = &tax.skills;
    let mut out = Vec::with_capacity(cells.len());
    for (keys, sum) in cells {
        // a cell of a region is taught by the programmes that graduate there
        let regions = by.has(Dim::Region).then_some(&sum.regions);
        let before = previous_sums
            .as_ref()
            .and_then(|p| p.get(&keys))
            .map(|s| &s.cell);
        let mut rows: Vec<SkillRow> = (sum.cell.mentions.iter())
            .map(|(&s, &n)| {
                let share = ratio(n, sum.cell.postings);
                let overall = ratio(all.mentions[&s], all.postings);
                let previous_share =
                    before.map(|b| ratio(b.mentions.get(&s).copied().unwrap_or(0), b.postings));
                let skill = dict.skill(s);
                SkillRow {
                    skill: skill.id.clone(),
                    skill_label: skill.label(lang).to_string(),
                    skill_type: skill.kind.name(),
                    mentions: n,
                    share,
                    characteristic: share / overall,
                    previous_share,
                    change: previous_share.map(|p| share - p),
                    taught: curricula.map(|c| c.teaches(&sum.specs, regions, s)),
                }
            })
            .collect();
        rows.sort_by(|a, b| {
            b.mentions
                .cmp(&a.mentions)
                .then_with(|| a.skill.cmp(&b.skill))
        });
        let uncovered: Vec<SkillRow> = rows
            .iter()
            .filter(|r| r.taught == Some(false))
            .cloned()
            .collect();
        if opts.top > 0 {
            rows.truncate(opts.top);
        }
        out.push(SkillCell {
            keys,
            postings: sum.cell.postings,
            without_text: sum.cell.without_text,
            previous_postings: before.map(|b| b.postings),
            skills: rows,
            uncovered,
        });
    }
    let in_cells = out.iter().map(|c| c.postings).sum();
    SkillsReport {
        period,
        previous,
        by: by.clone(),
        lang,
        curricula: curricula.is_some(),
        top: opts.top,
        taxonomy_version: tax.version.clone(),
        files: Vec::new(),
        cells: out,
        summary: SkillsSummary {
            rows_read: read.rows,
            rows_rejected: read.rejected,
            merged: read.merged,
            other_years: (read.rows).saturating_sub(read.rejected + read.merged + in_period),
            unplaced,
            in_cells,
            without_text: all.without_text,
            text_columns,
        },
    }
}

/// How many skills a gap report shows per specialisation.
pub const GAP_TOP_SKILLS: usize = 5;

/// The top skills of the specialisations a gap report's ranking shows (of its families when it
/// is grouped by family, not specialisation), in the ranking's order, each once: the
/// [`GAP_TOP_SKILLS`] skills most postings of `years` placed there mention. Postings abroad are
/// left out, as from the gap's demand; specialisations without postings in the tally (supply
/// alone, or postings from files without text columns) are not listed. Empty when the ranking
/// has no specialisation or family.
pub fn top_skills(
    tax: &Taxonomy,
    tally: &SkillTally,
    rows: &[GapRow],
    by: &Grouping,
    lang: Lang,
    period: Period,
) -> Vec<SpecSkills> {
    let Some(dim) = [Dim::Specialisation, Dim::Family]
        .into_iter()
        .find(|&d| by.has(d))
    else {
        return Vec::new();
    };
    let one = Grouping::new(&[dim]).expect("one dimension is a grouping");
    let (cells, _, _, _) = sum_period(tax, tally, &one, lang, period);
    let by_code: BTreeMap<&str, &Sum> = (cells.iter()).map(|(k, s)| (k[0].0.as_str(), s)).collect();
    let mut out: Vec<SpecSkills> = Vec::new();
    // subtotal rows (rank 0) name no specialisation of their own
    for key in rows
        .iter()
        .filter(|r| r.rank > 0)
        .filter_map(|r| r.key(dim))
    {
        if out.iter().any(|s| s.code == key.code) {
            continue;
        }
        let Some(sum) = by_code.get(key.code.as_str()) else {
            continue;
        };
        let postings = sum.cell.postings;
        let mut skills: Vec<TopSkill> = (sum.cell.mentions.iter())
            .map(|(&s, &n)| {
                let skill = tax.skills.skill(s);
                TopSkill {
                    skill: skill.id.clone(),
                    skill_label: skill.label(lang).to_string(),
                    skill_type: skill.kind.name(),
                    mentions: n,
                    share: ratio(n, postings),
                }
            })
            .collect();
        skills.sort_by(|a, b| {
            b.mentions
                .cmp(&a.mentions)
                .then_with(|| a.skill.cmp(&b.skill))
        });
        skills.truncate(GAP_TOP_SKILLS);
        out.push(SpecSkills {
            code: key.code.clone(),
            label: key.label.clone(),
            postings,
            skills,
        });
    }
    out
}

#[cfg(test)]
mod tests;
