//! The skills a gap report shows beside its specialisations: per specialisation (or family) of
//! the ranking, the skills most postings of the period mention, when the postings have text
//! columns. Built by [`crate::skills::report::top_skills`]; the HTML page and the workbook lay it
//! out.

use serde::Serialize;

/// One skill of a specialisation's top skills.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopSkill {
    /// The skill's id in the dictionary.
    pub skill: String,
    pub skill_label: String,
    /// tool, method, certification, language or transversal.
    pub skill_type: &'static str,
    /// Postings of the specialisation in the period that mention the skill.
    pub mentions: u64,
    /// `mentions` ÷ `postings`.
    pub share: f64,
}

/// The top skills of one specialisation (or family) shown in a report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpecSkills {
    /// The specialisation's (or family's) code and label, as the ranking's key.
    pub code: String,
    pub label: String,
    /// Postings of the period placed in it, from the files with text columns (with or without
    /// text in their row).
    pub postings: u64,
    /// The most mentioned skills, most first (ties by id).
    pub skills: Vec<TopSkill>,
}
