//! Loading the skills dictionary: `skills.csv`, `skill_aliases.csv` and `skill_negatives.csv`.
//!
//! A skill row of an override replaces the built-in row with the same id. Spellings (the three
//! labels of each skill, then the aliases) are keyed by their matching key
//! ([`crate::skills::fold_key`]); an alias row whose `skill` lists several ids (`sysadmin |
//! network-administration`) makes a compound spelling that names them all (`administration
//! systèmes et réseaux`), as do rows of one file that give one key to several skills; and a key given by an override replaces the built-in one. A negative context
//! must name a known spelling and contain it as whole words.

use std::collections::{BTreeMap, HashSet};

use serde::Deserialize;

use super::{row_err, rows, Layer, TaxonomyError};
use crate::skills::fold_key;
use crate::taxonomy::{Lang, Skill, SkillDictionary, SkillIdx, SkillType, Spelling};

#[derive(Deserialize)]
struct SkillRow {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    label_en: String,
    label_fr: String,
    label_ar: String,
    #[serde(default)]
    specialisations: String,
    #[serde(default)]
    esco_uri: String,
}

#[derive(Deserialize)]
struct SkillAliasRow {
    skill: String,
    alias: String,
    #[serde(default)]
    lang: String,
}

#[derive(Deserialize)]
struct NegativeRow {
    alias: String,
    context: String,
}

/// The most skills a dictionary may hold (they are indexed by [`SkillIdx`]).
const MAX_SKILLS: usize = SkillIdx::MAX as usize;

/// Loads the skills dictionary from its three files' layers.
pub(super) fn load(
    skills: &Layer,
    aliases: &Layer,
    negatives: &Layer,
) -> Result<SkillDictionary, TaxonomyError> {
    let mut by_id: BTreeMap<String, (usize, Skill)> = BTreeMap::new();
    for (layer, src) in skills.sources().enumerate() {
        for (line, r) in rows::<SkillRow>(src)? {
            let err = |message: String| row_err(&src.name, line, message);
            if r.id.is_empty()
                || !r
                    .id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            {
                return Err(err(format!(
                    "skill id `{}` must be lower-case kebab-case (letters, digits, hyphens)",
                    r.id
                )));
            }
            let kind = SkillType::parse(&r.kind).ok_or_else(|| {
                err(format!(
                    "skill type `{}` must be one of tool, method, certification, language, transversal",
                    r.kind
                ))
            })?;
            if r.label_en.is_empty() {
                return Err(err(format!("skill `{}` has no label_en", r.id)));
            }
            let specialisations = (r.specialisations.split('|'))
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            let skill = Skill {
                id: r.id.clone(),
                kind,
                label_fr: or(r.label_fr, &r.label_en),
                label_ar: or(r.label_ar, &r.label_en),
                label_en: r.label_en,
                specialisations,
                esco_uri: r.esco_uri,
            };
            by_id.insert(r.id, (layer, skill));
        }
    }
    if by_id.len() > MAX_SKILLS {
        return Err(row_err(
            &skills
                .sources()
                .last()
                .map_or(String::new(), |s| s.name.clone()),
            0,
            format!("more than {MAX_SKILLS} skills"),
        ));
    }
    let layer_of: Vec<usize> = by_id.values().map(|(l, _)| *l).collect();
    let dict_skills: Vec<Skill> = by_id.into_values().map(|(_, s)| s).collect();
    let index = |id: &str| {
        dict_skills
            .binary_search_by(|s| s.id.as_str().cmp(id))
            .ok()
            .map(|i| i as SkillIdx)
    };

    // one group of spellings per source: the labels of the skills it defined, then its aliases
    let mut groups: [Group; 2] = Default::default();
    for (i, s) in dict_skills.iter().enumerate() {
        for label in [&s.label_en, &s.label_fr, &s.label_ar] {
            groups[layer_of[i]].push(label, i as SkillIdx, None);
        }
    }
    for (layer, src) in aliases.sources().enumerate() {
        for (line, a) in rows::<SkillAliasRow>(src)? {
            let err = |message: String| row_err(&src.name, line, message);
            // `sysadmin | network-administration`: one spelling that names both
            let mut named = Vec::new();
            for id in a.skill.split('|').map(str::trim) {
                named.push(
                    index(id)
                        .ok_or_else(|| err(format!("unknown skill `{id}` (not in skills.csv)")))?,
                );
            }
            let lang = match a.lang.as_str() {
                "" => None,
                "en" => Some(Lang::En),
                "fr" => Some(Lang::Fr),
                "ar" => Some(Lang::Ar),
                other => {
                    return Err(err(format!(
                        "lang must be en, fr, ar or empty, not `{other}`"
                    )))
                }
            };
            if fold_key(&a.alias).is_empty() {
                return Err(err(format!(
                    "alias `{}` has no letter or digit to match",
                    a.alias
                )));
            }
            for skill in named {
                groups[layer].push(&a.alias, skill, lang);
            }
        }
    }
    // a key that a later source gives replaces what earlier sources gave it
    let mut spellings: Vec<Spelling> = Vec::new();
    for group in groups {
        let keys: HashSet<&str> = group.spellings.iter().map(|s| s.key.as_str()).collect();
        spellings.retain(|s| !keys.contains(s.key.as_str()));
        spellings.extend(group.spellings.iter().cloned());
    }

    let known: HashSet<&str> = spellings.iter().map(|s| s.key.as_str()).collect();
    let mut dict_negatives = Vec::new();
    for src in negatives.sources() {
        for (line, n) in rows::<NegativeRow>(src)? {
            let err = |message: String| row_err(&src.name, line, message);
            let key = fold_key(&n.alias);
            if !known.contains(key.as_str()) {
                return Err(err(format!(
                    "`{}` is not a label or alias of any skill",
                    n.alias
                )));
            }
            let context = fold_key(&n.context);
            if context == key || !format!(" {context} ").contains(&format!(" {key} ")) {
                return Err(err(format!(
                    "context `{}` must contain `{}` as whole words, with more words around it",
                    n.context, n.alias
                )));
            }
            dict_negatives.push((key, context));
        }
    }
    Ok(SkillDictionary {
        skills: dict_skills,
        spellings,
        negatives: dict_negatives,
    })
}

/// `s`, or `default` when `s` is empty.
fn or(s: String, default: &str) -> String {
    if s.is_empty() {
        default.to_string()
    } else {
        s
    }
}

/// The spellings of one source (built in, or the override), in order, each (key, skill) once.
#[derive(Default)]
struct Group {
    spellings: Vec<Spelling>,
    seen: HashSet<(String, SkillIdx)>,
}

impl Group {
    /// Adds a spelling of `skill`, unless it has no key or the group already gives that key to
    /// that skill.
    fn push(&mut self, spelling: &str, skill: SkillIdx, lang: Option<Lang>) {
        let key = fold_key(spelling);
        if key.is_empty() || !self.seen.insert((key.clone(), skill)) {
            return;
        }
        self.spellings.push(Spelling { key, skill, lang });
    }
}
