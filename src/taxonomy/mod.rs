//! The taxonomy: regions, cities, specialisations, their aliases, title keywords, the programme
//! crosswalk and the skills dictionary, and the rules that place a raw label in it.
//!
//! The taxonomy is data, not code: the default files in `taxonomy/` are compiled into the binary and
//! `--taxonomy DIR` adds or replaces rows from files of the same format, so an analyst can teach
//! skillgap a new spelling without touching Rust. Everything here works on folded labels (see
//! [`fold`]), and each distinct raw label is resolved once by the caller (see `normalise`).

mod fold;
mod load;
mod phrases;
mod places;
mod skills;

pub use fold::fold;
pub(crate) use fold::fold_char;
pub use load::{default_files, TaxonomyError, FILES, POPULATIONS};
pub use phrases::{Hit, PhraseIndex, Within};
pub use places::{national_name, Place, PlaceTarget, ANY_COUNTRY, NATIONAL_CODE};
pub use skills::{Skill, SkillDictionary, SkillIdx, SkillType, Spelling};

use serde::Serialize;

/// Index of a region in [`Taxonomy::regions`].
pub type RegionIdx = u16;
/// Index of a specialisation in [`Taxonomy::specialisations`].
pub type SpecIdx = u16;

/// Crosswalk weights are stored as integer parts of [`WEIGHT_SCALE`], so that supply sums are exact
/// and do not depend on summation order.
pub const WEIGHT_SCALE: u32 = 10_000;

/// Language of the labels shown to people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English
    #[default]
    En,
    /// French
    Fr,
    /// Arabic
    Ar,
}

/// A parent grouping of specialisations (ICT, engineering, business, ...).
#[derive(Debug, Clone, Serialize)]
pub struct Family {
    pub id: String,
    pub label_en: String,
    pub label_fr: String,
    pub label_ar: String,
}

impl Family {
    /// The family's label in a language.
    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.label_en,
            Lang::Fr => &self.label_fr,
            Lang::Ar => &self.label_ar,
        }
    }
}

/// One of Morocco's 12 regions (2015 division).
#[derive(Debug, Clone, Serialize)]
pub struct Region {
    /// ISO 3166-2 code, `MA-01` … `MA-12`.
    pub code: String,
    pub name_fr: String,
    pub name_en: String,
    pub name_ar: String,
}

/// A city of the gazetteer and the region it belongs to.
#[derive(Debug, Clone, Serialize)]
pub struct City {
    pub city: String,
    /// Region code.
    pub region: String,
    pub province: String,
    pub name_ar: String,
}

/// A specialisation: the unit in which demand and supply are compared.
#[derive(Debug, Clone, Serialize)]
pub struct Specialisation {
    /// Stable kebab-case id, e.g. `cybersecurity`.
    pub id: String,
    /// Parent grouping, e.g. `ict`, `engineering`, `business`.
    pub family: String,
    pub label_en: String,
    pub label_fr: String,
    pub label_ar: String,
    /// ISCED-F 2013 detailed field code, empty where none fits.
    pub isced_f: String,
    /// ISCO-08 unit group code, empty where none fits.
    pub isco_08: String,
    /// A priority area of the national digital strategy.
    pub priority: bool,
    /// The ids of the specialisations this one wins over when a title names both, separated by
    /// spaces, empty for none (`artificial-intelligence` beats `data cloud`: `NLP Data
    /// Scientist` and `Ingénieur IA Azure` work on AI).
    pub beats: String,
}

impl Specialisation {
    /// The ids of the specialisations this one beats.
    pub fn beaten(&self) -> impl Iterator<Item = &str> {
        self.beats.split_whitespace()
    }
}

/// A graduate programme split across specialisations; weights sum to [`WEIGHT_SCALE`].
#[derive(Debug, Clone)]
pub struct Programme {
    pub name: String,
    pub parts: Vec<(SpecIdx, u32)>,
    pub note: String,
}

/// What a graduates' `field` maps to: a share of one or several specialisations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FieldTarget {
    Spec(SpecIdx),
    Programme(u16),
}

/// Outcome of resolving one label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved<T> {
    Found(T),
    /// Matched several targets equally well; the labels of the candidates, for the report.
    Ambiguous(Vec<String>),
    Unknown,
}

/// The taxonomy in force: the defaults plus any overrides.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    /// `VERSION` of the default files, with `+custom` when overrides were loaded.
    pub version: String,
    /// Parent groupings of specialisations, sorted by id.
    pub families: Vec<Family>,
    /// Sorted by code.
    pub regions: Vec<Region>,
    /// Sorted by region code, then city.
    pub cities: Vec<City>,
    /// Sorted by id.
    pub specialisations: Vec<Specialisation>,
    pub programmes: Vec<Programme>,
    /// Region names, the gazetteer and the place aliases -> what they name (see [`Place`]).
    places: PhraseIndex<PlaceTarget>,
    /// Specialisation ids, labels and aliases -> specialisation (whole-label matches).
    spec_names: PhraseIndex<SpecIdx>,
    /// `spec_names` plus title keywords, for searching inside titles.
    spec_words: PhraseIndex<SpecIdx>,
    /// Programme names plus `spec_words`, for graduates' fields.
    field_words: PhraseIndex<FieldTarget>,
    /// The skills postings ask for, their spellings and negative contexts.
    pub skills: SkillDictionary,
    /// Inhabitants per region code (2024 census), for rates per 100,000 inhabitants.
    pub populations: crate::indicators::Populations,
    /// ISCO-08 group code -> its labels in English, French and Arabic (empty when none), for the
    /// reports grouped by occupation; set from the occupation coder's `isco_groups.csv`.
    isco_labels: std::collections::BTreeMap<String, [String; 3]>,
}

impl Taxonomy {
    /// The default taxonomy compiled into the binary.
    pub fn default_embedded() -> Taxonomy {
        load::build(None).expect("the embedded taxonomy is checked by tests")
    }

    /// The defaults extended by the files found in `dir` (any of [`FILES`]).
    pub fn with_overrides(dir: &std::path::Path) -> Result<Taxonomy, TaxonomyError> {
        load::build(Some(dir))
    }

    /// The taxonomy with the labels of the ISCO-08 groups: (code, English, French, Arabic); a
    /// later row for a code replaces an earlier one.
    pub fn with_isco_labels(
        mut self,
        labels: impl IntoIterator<Item = (String, [String; 3])>,
    ) -> Taxonomy {
        self.isco_labels.extend(labels);
        self
    }

    /// The label of an ISCO-08 group in a language (French when it has no Arabic one).
    pub fn isco_label(&self, code: &str, lang: Lang) -> Option<&str> {
        let [en, fr, ar] = self.isco_labels.get(code)?;
        Some(match lang {
            Lang::En => en,
            Lang::Fr => fr,
            Lang::Ar if ar.is_empty() => fr,
            Lang::Ar => ar,
        })
    }

    /// Region by index.
    pub fn region(&self, i: RegionIdx) -> &Region {
        &self.regions[i as usize]
    }

    /// Specialisation by index.
    pub fn spec(&self, i: SpecIdx) -> &Specialisation {
        &self.specialisations[i as usize]
    }

    /// The one region a location label names, for callers that want one region or none (the
    /// generator's checks): a label that names several regions is ambiguous, and a national,
    /// abroad or unknown one is unknown. The counts use [`Taxonomy::place_of`], which tells these
    /// apart.
    pub fn region_of(&self, label: &str) -> Resolved<RegionIdx> {
        match self.place_of(label) {
            Place::Region(r) => Resolved::Found(r),
            Place::Several(rs) => Resolved::Ambiguous(
                rs.into_iter()
                    .map(|r| self.region(r).code.clone())
                    .collect(),
            ),
            Place::Ambiguous(codes) => Resolved::Ambiguous(codes),
            Place::National | Place::Abroad { .. } | Place::Unknown => Resolved::Unknown,
        }
    }

    /// The specialisation a label names exactly: its id, one of its labels or an alias (folded).
    pub fn specialisation_named(&self, label: &str) -> Option<SpecIdx> {
        self.spec_names.get(&fold(label)).copied()
    }

    /// The specialisation a posting's `specialisation` cell or title names: an exact id, label or
    /// alias first, else the longest keyword or alias inside it (leftmost on a tie).
    pub fn specialisation_of(&self, label: &str) -> Option<SpecIdx> {
        let folded = fold(label);
        if let Some(&s) = self.spec_names.get(&folded) {
            return Some(s);
        }
        match self.spec_words.find_within(&folded, true) {
            Within::Found(s) => Some(s),
            _ => None,
        }
    }

    /// The specialisation a folded phrase names as a whole: a specialisation's id, label, alias
    /// or keyword, and nothing inside it.
    pub fn specialisation_keyword(&self, folded: &str) -> Option<SpecIdx> {
        self.spec_words.get(folded).copied()
    }

    /// The specialisation of an ISCO-08 unit group code (`2529`): the one specialisation with that
    /// code; else a specialisation alias spelt as the code (for a code several specialisations
    /// share, such as `2512`, an alias chooses one); else `None`.
    pub fn specialisation_of_isco(&self, code: &str) -> Option<SpecIdx> {
        let code = code.trim();
        let mut with = self
            .specialisations
            .iter()
            .enumerate()
            .filter(|(_, s)| !s.isco_08.is_empty() && s.isco_08 == code);
        match (with.next(), with.next()) {
            (Some((i, _)), None) => SpecIdx::try_from(i).ok(),
            _ => self.spec_names.get(&fold(code)).copied(),
        }
    }

    /// What a graduates' `field` maps to: a crosswalk programme or a specialisation named exactly,
    /// else the longest programme name, alias or keyword inside it (leftmost on a tie).
    pub fn field_of(&self, label: &str) -> Option<FieldTarget> {
        let folded = fold(label);
        if let Some(&t) = self.field_words.get(&folded) {
            return Some(t);
        }
        match self.field_words.find_within(&folded, true) {
            Within::Found(t) => Some(t),
            _ => None,
        }
    }

    /// The (specialisation, weight) shares of a field target; weights sum to [`WEIGHT_SCALE`].
    pub fn shares(&self, target: FieldTarget) -> Vec<(SpecIdx, u32)> {
        match target {
            FieldTarget::Spec(s) => vec![(s, WEIGHT_SCALE)],
            FieldTarget::Programme(p) => self.programmes[p as usize].parts.clone(),
        }
    }

    /// The closest known alias to an unmapped label, for suggestions: the known name of a place in a
    /// region with the smallest edit distance, if it is close enough to be a plausible misspelling.
    /// National and foreign names are not suggested: a label that is one of them is not unmapped
    /// for want of an alias.
    pub fn nearest_place(&self, label: &str) -> Option<String> {
        let regional = self
            .places
            .iter()
            .filter(|(_, t)| matches!(t, PlaceTarget::Region(_)));
        nearest(&fold(label), regional.map(|(p, _)| p.as_str()))
    }

    /// As [`Taxonomy::nearest_place`], for specialisations.
    pub fn nearest_spec(&self, label: &str) -> Option<String> {
        nearest(
            &fold(label),
            self.spec_names.iter().map(|(p, _)| p.as_str()),
        )
    }
}

impl Region {
    /// The region's name in a language.
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.name_en,
            Lang::Fr => &self.name_fr,
            Lang::Ar => &self.name_ar,
        }
    }
}

impl Specialisation {
    /// The specialisation's label in a language.
    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.label_en,
            Lang::Fr => &self.label_fr,
            Lang::Ar => &self.label_ar,
        }
    }
}

/// The candidate closest to `folded` by edit distance, when the distance is at most a third of the
/// label's length; ties go to the alphabetically first candidate, for stable output.
fn nearest<'a>(folded: &str, candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    if folded.is_empty() {
        return None;
    }
    let len = folded.chars().count();
    let limit = (len / 3).max(1);
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        // the distance is at least the difference in length: a label far longer than every alias
        // (a title of a thousand words) costs one count per alias, not a quadratic comparison
        if len.abs_diff(c.chars().count()) > best.map_or(limit, |(bd, _)| bd.min(limit)) {
            continue;
        }
        let d = crate::util::edit_distance(folded, c);
        if d <= limit && best.is_none_or(|(bd, bc)| d < bd || (d == bd && c < bc)) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c.to_string())
}

#[cfg(test)]
mod tests;
