//! The skills dictionary as data: the skills that postings ask for (tools, methods,
//! certifications, languages, transversal skills), the spellings under which each appears, and the
//! contexts in which a spelling does not count.
//!
//! It is loaded with the rest of the taxonomy (`skills.csv`, `skill_aliases.csv`,
//! `skill_negatives.csv`; see `taxonomy/README.md`), so that `--taxonomy DIR` extends or
//! overrides it like every other file. The matcher that finds these spellings in posting text is
//! built from it only by the commands that read text ([`crate::skills::Matcher`]).

use serde::Serialize;

use super::Lang;

/// Index of a skill in [`SkillDictionary::skills`].
pub type SkillIdx = u16;

/// What kind of skill a skill is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SkillType {
    /// A tool, technology, programming language, framework, product or platform.
    Tool,
    /// A method, practice, standard, regulation or body of knowledge.
    Method,
    /// A personal certification or licence.
    Certification,
    /// A human language.
    Language,
    /// A soft or transversal skill.
    Transversal,
}

impl SkillType {
    /// Every type, in the order reports list them.
    pub const ALL: [SkillType; 5] = [
        SkillType::Tool,
        SkillType::Method,
        SkillType::Certification,
        SkillType::Language,
        SkillType::Transversal,
    ];

    /// The type's name, as `skills.csv` and the reports spell it.
    pub fn name(self) -> &'static str {
        match self {
            SkillType::Tool => "tool",
            SkillType::Method => "method",
            SkillType::Certification => "certification",
            SkillType::Language => "language",
            SkillType::Transversal => "transversal",
        }
    }

    /// The type named `s`, if any.
    pub fn parse(s: &str) -> Option<SkillType> {
        SkillType::ALL.into_iter().find(|t| t.name() == s)
    }
}

/// One skill of the dictionary.
#[derive(Debug, Clone, Serialize)]
pub struct Skill {
    /// Stable kebab-case key, e.g. `power-bi`: a key, not a spelling to match.
    pub id: String,
    /// What kind of skill it is.
    #[serde(rename = "type")]
    pub kind: SkillType,
    pub label_en: String,
    pub label_fr: String,
    pub label_ar: String,
    /// The ids of the specialisations the skill is typical of (possibly of specialisations that
    /// the taxonomy in force does not have: they are hints, not keys).
    pub specialisations: Vec<String>,
    /// The ESCO concept URI, where one matches with confidence; empty otherwise.
    pub esco_uri: String,
}

impl Skill {
    /// The skill's label in a language.
    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.label_en,
            Lang::Fr => &self.label_fr,
            Lang::Ar => &self.label_ar,
        }
    }
}

/// One spelling of a skill.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spelling {
    /// The spelling's matching key ([`crate::skills::fold_key`]).
    pub key: String,
    /// The skill it names. A compound spelling (`administration systèmes et réseaux`) names
    /// several skills: it is one spelling per skill, with the same key.
    pub skill: SkillIdx,
    /// The language of the postings in which it counts; `None` for all. `Teams` is Microsoft
    /// Teams in French text, and a common noun in English.
    pub lang: Option<Lang>,
}

/// The skills, their spellings and their negative contexts, as loaded (see `taxonomy/README.md`).
#[derive(Debug, Clone, Default)]
pub struct SkillDictionary {
    /// Sorted by id.
    pub skills: Vec<Skill>,
    /// Every spelling: the labels, then the aliases, in load order. A key names the skills of
    /// the last row that gave it (a compound spelling names several).
    pub spellings: Vec<Spelling>,
    /// Occurrences of a spelling that do not count: (the spelling's key, a longer context's key
    /// that contains it as whole words).
    pub negatives: Vec<(String, String)>,
}

impl SkillDictionary {
    /// Skill by index.
    pub fn skill(&self, i: SkillIdx) -> &Skill {
        &self.skills[i as usize]
    }

    /// The index of the skill with this id.
    pub fn index(&self, id: &str) -> Option<SkillIdx> {
        self.skills
            .binary_search_by(|s| s.id.as_str().cmp(id))
            .ok()
            .map(|i| i as SkillIdx)
    }

    /// The skill a name stands for: its id, or one of its spellings (folded as the matcher
    /// folds), as a curricula file or a label set may name it.
    pub fn named(&self, name: &str) -> Option<SkillIdx> {
        if let Some(i) = self.index(name.trim()) {
            return Some(i);
        }
        let key = crate::skills::fold_key(name);
        self.spellings
            .iter()
            .find(|s| s.key == key)
            .map(|s| s.skill)
    }
}
