//! Occupation coding: what a job title is, as an ISCO-08 group and a specialisation.
//!
//! The normaliser asks one question, "what is this title?", and this module answers it from its
//! own data (the files of [`FILES`], in `taxonomy/`), in four stages, the first that decides
//! winning:
//!
//! 1. **Rule**: the ICT keywords, names and aliases of the taxonomy
//!    ([`Taxonomy::specialisation_of`]), when they point to an ICT specialisation. They are more
//!    precise than any ISCO group (`Ingénieur DevOps` is devops, not just a software developer).
//!    A curated or non-ICT title phrase that contains the keyword is the more specific reading and
//!    wins over it (`Gestionnaire de base de données` is a data-entry clerk, `Designer d'intérieur`
//!    an interior designer).
//! 2. **Title**: curated titles (`titles.csv`), else ESCO's ~44,000 titles (`occupations.csv`),
//!    found as whole words through one trie of words; the ISCO group gives the specialisation
//!    through `isco_specialisations.csv`. A phrase ESCO gives to several unit groups keeps only
//!    the group and the specialisation they share.
//!    A one-word ESCO title beside a head that cannot be it (its major group is none the head
//!    heads, nor holds the title's field) only says what the head works on (`routier` in
//!    `Ingénieur études routières`).
//!    A title with no decisive phrase, or only a head such as `assistant`, is then read word by
//!    word (module `evidence`): the words beside a head that names no field (`responsable`,
//!    `technicien`) vote for the ISCO groups of the phrases that hold them, inside the head's
//!    group, and a clear lead decides (`Technicien gros oeuvre`: 3112). Only a word that heads
//!    phrases has a complement that votes (not `offre d'emploi`), and a parenthesis never votes
//!    (it holds a place, a company or a diploma as often as a field). A code shorter than a
//!    unit group is completed the same way within its specialisation.
//! 3. **Sector**: the board's category, when the title names no phrase at all (and has a word the
//!    phrases do not know: a title of known words that make up no job names something else), or
//!    only a vague one that fixes an ISCO group but no specialisation (`Gérant` under a
//!    hospitality category), or a head that names an occupation but not its field, where ESCO's
//!    titles holding that head have the category's field (`Gestionnaire` under a banking
//!    category). A title known to name no occupation (`Stagiaire`, `Consultant`) stays uncoded:
//!    the category does not say what the intern does; so does one whose known words vote for
//!    another field than the category's (`monitrice de la dance` under a health category).
//! 4. **Description**: the first 2 KB of the posting's text. A function field there (`Fonction :
//!    Comptabilite/Gestion/Audit/Finance`, `Métier :`, `Function:`) names a board category of
//!    `sectors.csv` finer than the posting's sector, and is read as the sector is, when the
//!    sector leaves a vague title open (`Gestionnaire` under a category of every trade), but
//!    only where the title's ISCO group holds an occupation of the function's field; else a
//!    multi-word phrase of the text that shares a word with the title decides (`technicien de
//!    maintenance` for `Technicien`), not one that names the recruiter, the team or the benefits.
//!
//! Titles are coded one distinct title at a time, on their first 512 bytes ([`TITLE_BYTES`]);
//! callers cache the result.

mod build;
mod data;
pub mod eval;
mod evidence;
mod isco;
mod phrases;
mod spell;
mod stages;
mod words;

#[cfg(test)]
mod tests;

pub use data::{ClassifyError, CoderData, FILES};
pub use isco::{GroupLabels, Isco};

use rustc_hash::FxHashMap as HashMap;

use serde::Serialize;

use crate::taxonomy::{fold, Lang, SpecIdx, Taxonomy};
use evidence::Evidence;
use isco::IscoGroups;
use phrases::{Phrases, SectorKey};
use spell::Speller;
use stages::SectorSeen;
use words::{unmarked, Words};

/// How much of a description is read: its start says what the job is; the rest is the company,
/// the benefits and the legal notice.
const DESCRIPTION_BYTES: usize = 2048;

/// How much of a title is coded: its first 512 bytes, cut back to the end of a word. Real titles
/// are far shorter (the longest of the labelled sets and of the MarocAnnonces and France Travail
/// exports have 111 bytes and 15 words); a title of thousands of words is a description or junk
/// in the title column, and each of its words would cost a spelling look-up and the keyword
/// search a few phrases. With the cap, a title costs bounded work however long it is.
pub const TITLE_BYTES: usize = 512;

/// The first `bytes` bytes of `text`, cut back to the start of a character.
fn start_of(text: &str, bytes: usize) -> &str {
    let mut cut = text.len().min(bytes);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    &text[..cut]
}

/// The part of a title that is coded: all of it up to [`TITLE_BYTES`], else its first
/// [`TITLE_BYTES`] cut back to the end of a word (a word cut in two would be read as another
/// word), or to the start of a character when its first word alone is that long.
pub fn coded_part(title: &str) -> &str {
    let start = start_of(title, TITLE_BYTES);
    if start.len() == title.len() || title[start.len()..].starts_with(char::is_whitespace) {
        return start;
    }
    match start.rfind(char::is_whitespace) {
        Some(end) => &start[..end],
        None => start,
    }
}

/// What is known about a posting besides its title.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    /// The job board's category of the posting (MarocAnnonces' `domaine`, a ReKrute or Emploi.ma
    /// sector): evidence when the title is vague. Not the employer's industry.
    pub sector: Option<&'a str>,
    /// The posting's text; only its first 2 KB are read, for a function field naming a board
    /// category (`Fonction : ...`) and for phrases.
    pub description: Option<&'a str>,
}

/// The stage that decided a coding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DecidedBy {
    /// An ICT keyword, name or alias of the taxonomy.
    Rule,
    /// A curated title of `titles.csv`.
    Curated,
    /// An ESCO title.
    Esco,
    /// The board's category, alone or with a vague title.
    Sector,
    /// A phrase of the description.
    Description,
}

impl DecidedBy {
    /// The stage's name in reports: `rule`, `curated`, `esco`, `sector`, `description`.
    pub fn as_str(self) -> &'static str {
        match self {
            DecidedBy::Rule => "rule",
            DecidedBy::Curated => "curated",
            DecidedBy::Esco => "esco",
            DecidedBy::Sector => "sector",
            DecidedBy::Description => "description",
        }
    }
}

/// Why a title got no specialisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Reason {
    /// Nothing but noise (`H/F`, numbers) or nothing at all.
    Empty,
    /// No known phrase.
    Unknown,
    /// Only phrases that fix no specialisation: a word that names no occupation (`Stagiaire`,
    /// `Consultant`), or a phrase ESCO gives to occupations of different fields.
    Ambiguous,
}

impl Reason {
    /// The reason's name in reports: `empty`, `unknown`, `ambiguous`.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Empty => "empty",
            Reason::Unknown => "unknown",
            Reason::Ambiguous => "ambiguous",
        }
    }
}

/// The coder's answer for one title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coding {
    /// The ISCO-08 group: a unit group, or a shorter group when only that much is known. May be
    /// given without a specialisation (`Manager`: 1, managers).
    pub isco: Option<Isco>,
    /// The specialisation, an index into the taxonomy's specialisations.
    pub specialisation: Option<SpecIdx>,
    /// The stage that decided the specialisation.
    pub decided_by: Option<DecidedBy>,
    /// What decided, as the data spells it: the phrase, the keyword, `phrase + sector` or the
    /// sector label; for an uncoded title, the vague phrase found, if any.
    pub matched: String,
    /// Why there is no specialisation (`None` when there is one).
    pub reason: Option<Reason>,
}

/// A board category and what it says about a job.
#[derive(Debug, Clone)]
pub(crate) struct Sector {
    /// The label as `sectors.csv` spells it.
    label: String,
    /// The kind of category, for sector-specific readings of titles.
    key: SectorKey,
    /// The specialisation the sector alone gives to a title with no phrase.
    spec: Option<SpecIdx>,
    /// The ISCO group the sector alone gives, usually short.
    isco: Option<Isco>,
}

/// The occupation coder.
pub struct Coder<'t> {
    tax: &'t Taxonomy,
    phrases: Phrases,
    speller: Speller,
    evidence: Evidence,
    groups: IscoGroups,
    sectors: HashMap<String, Sector>,
    /// Most words in a folded sector label: how far a function field is read.
    sector_words: usize,
    /// Per specialisation: in the ICT family.
    ict: Vec<bool>,
    /// Per specialisation: its ISCO code in `specialisations.csv`.
    spec_isco: Vec<Option<Isco>>,
    /// Per specialisation that no unit group maps to (renewable energy): that code, which a
    /// title of it takes at the level its head names.
    own_isco: Vec<Option<Isco>>,
    /// Per specialisation: those that beat it (`beats` in `specialisations.csv`), in taxonomy
    /// order: artificial intelligence for data and for the cloud.
    beaten_by: Vec<Vec<SpecIdx>>,
    /// The unit groups, sorted, for completing short codes.
    units: Vec<Isco>,
}

impl<'t> Coder<'t> {
    /// Builds the coder over a taxonomy, checking every row of the data against it.
    pub fn new(tax: &'t Taxonomy, data: &CoderData) -> Result<Coder<'t>, ClassifyError> {
        let ids = build::Ids::new(tax);
        let groups = build::groups(data, &ids)?;
        let sectors = build::sectors(data, &ids, &groups)?;
        let (phrases, speller, evidence) = build::phrases(data, &ids, &groups, &sectors.keys)?;
        let ict = tax
            .specialisations
            .iter()
            .map(|s| s.family == "ict")
            .collect();
        let spec_isco: Vec<Option<Isco>> = (tax.specialisations.iter())
            .map(|s| Isco::parse(&s.isco_08))
            .collect();
        let units = groups.unit_groups();
        let own_isco = (spec_isco.iter().enumerate())
            .map(|(i, &code)| {
                let mapped = (units.iter()).any(|&u| {
                    groups
                        .specialisation(u)
                        .is_some_and(|s| usize::from(s) == i)
                });
                code.filter(|_| !mapped)
            })
            .collect();
        let beaten_by = (tax.specialisations.iter())
            .map(|s| {
                (tax.specialisations.iter().enumerate())
                    .filter(|(_, t)| t.beaten().any(|b| b == s.id))
                    .filter_map(|(i, _)| SpecIdx::try_from(i).ok())
                    .collect()
            })
            .collect();
        Ok(Coder {
            tax,
            phrases,
            speller,
            evidence,
            groups,
            sectors: sectors.by_label,
            sector_words: sectors.longest,
            ict,
            spec_isco,
            own_isco,
            beaten_by,
            units,
        })
    }

    /// The title with each word that is a typing slip of a known one replaced by it; a word
    /// that folds to several words (`Dév/Intégrateur`) is kept as written.
    fn spelled(&self, title: &str) -> String {
        let words = title.split_whitespace().map(|raw| {
            let folded = fold(raw);
            let one_word = !folded.contains(' ');
            (one_word.then(|| self.speller.correct(&folded)).flatten()).unwrap_or(raw)
        });
        words.collect::<Vec<_>>().join(" ")
    }

    /// The coder with the built-in data.
    pub fn built_in(tax: &'t Taxonomy) -> Result<Coder<'t>, ClassifyError> {
        Coder::new(tax, &CoderData::built_in()?)
    }

    /// Codes one title: its first [`TITLE_BYTES`] only (see [`coded_part`]), with `C++` and `C#`
    /// written out as words (see [`words::languages_spelled_out`]).
    ///
    /// A title written the other way round, as some boards list English jobs (`Developer,
    /// Mobile`: a head word, a comma, then its field), is also read in the usual order, and that
    /// reading is taken when it finds a longer phrase (`mobile developer`).
    pub fn code(&self, title: &str, context: &Context) -> Coding {
        let title = words::languages_spelled_out(coded_part(title));
        let title = title.as_ref();
        let coding = self.code_part(title, context);
        let Some(turned) = self.turned(title) else {
            return coding;
        };
        let other = self.code_part(&turned, context);
        let length = |c: &Coding| c.matched.split_whitespace().count();
        let phrase = |c: &Coding| {
            c.specialisation.is_some()
                && matches!(
                    c.decided_by,
                    Some(DecidedBy::Rule | DecidedBy::Curated | DecidedBy::Esco)
                )
                && !c.matched.contains(" + ")
        };
        if phrase(&other) && (!phrase(&coding) || length(&other) > length(&coding)) {
            other
        } else {
            coding
        }
    }

    /// `Developer, Mobile` as `Mobile Developer`, `Senior Engineer, Data (Remote)` as `Senior
    /// Data Engineer (Remote)`: a title of two pieces split by one comma, the first one or two
    /// words ending in one that heads job titles, the second one to three words and perhaps a
    /// parenthesis; `None` otherwise.
    fn turned(&self, title: &str) -> Option<String> {
        let (first, rest) = title.split_once(',')?;
        let rest = rest.trim();
        let (field, note) = match rest.find('(') {
            Some(i) if rest.ends_with(')') => (rest[..i].trim(), &rest[i..]),
            _ => (rest, ""),
        };
        let plain = |s: &str| s.chars().all(|c| c.is_alphabetic() || c == ' ' || c == '-');
        let words = field.split_whitespace().count();
        if rest.contains(',') || !plain(first) || !plain(field) || !(1..=3).contains(&words) {
            return None;
        }
        let mut lead: Vec<&str> = first.split_whitespace().collect();
        let head = lead.pop()?;
        if lead.len() > 1 || self.evidence.head_majors(&fold(head)).is_none() {
            return None;
        }
        let turned = lead.into_iter().chain([field, head, note]);
        Some(
            turned
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" "),
        )
    }

    /// Codes the part of a title that is read.
    fn code_part(&self, title: &str, context: &Context) -> Coding {
        let mut words = Words::of_title(title);
        let mut slips = false;
        for t in words.tokens.iter_mut() {
            if let Some(fixed) = self.speller.correct(t) {
                *t = fixed.to_string();
                slips = true;
            }
        }
        let sector = context.sector.and_then(|label| {
            let s = self.sectors.get(&fold(label))?;
            Some(SectorSeen { sector: s, label })
        });
        let found = self.read(&words, sector.map(|s| s.sector.key));
        // the ICT keywords are read in the title as written (but for its gender marks), then,
        // when that finds none, with its typing slips corrected (`Developeur` is a developer)
        let plain = unmarked(title);
        let rule = (self.by_rule(&plain, &words, &found, sector)).or_else(|| {
            let spelled = slips.then(|| self.spelled(&plain))?;
            self.by_rule(&spelled, &words, &found, sector)
        });
        if let Some(c) = rule {
            return c;
        }
        if let Some(p) = found.decisive {
            // a head alone (`assistant`) gives way to a field its other words name (`paie`)
            let alone = p.reading.head && found.head.is_none();
            if let Some(c) = alone
                .then(|| self.by_words(&words, &found, sector.and_then(|s| s.sector.spec)))
                .flatten()
            {
                return self.completed(c, &words);
            }
            let coding = self.by_phrase(p, &found, &words, sector);
            // a field with no head beside it (`courant fort` in `Technicien / courant fort`)
            // takes the level of a head alone in an earlier piece, as the words' votes do
            if coding.isco.is_none() && p.fills_piece(&words) {
                let spec = sector.and_then(|s| s.sector.spec);
                if let Some(c) = (self.by_words(&words, &found, spec))
                    .filter(|c| c.specialisation == coding.specialisation)
                {
                    return self.completed(c, &words);
                }
            }
            return self.completed(coding, &words);
        }
        if let Some(c) = self.by_words(&words, &found, sector.and_then(|s| s.sector.spec)) {
            return self.completed(c, &words);
        }
        if let Some(c) = sector.and_then(|s| self.by_sector(s, &found, &words)) {
            return self.completed(c, &words);
        }
        if let Some(c) = (context.description).and_then(|d| self.by_function(d, &words, &found)) {
            return self.completed(c, &words);
        }
        let key = sector.map(|s| s.sector.key);
        if let Some(c) =
            (context.description).and_then(|d| self.by_description(d, key, &found, &words))
        {
            return self.completed(c, &words);
        }
        let vague = found.vague.map(|v| v.reading);
        Coding {
            isco: vague.and_then(|r| r.isco),
            specialisation: None,
            decided_by: None,
            matched: vague.map_or(String::new(), |r| r.phrase.to_string()),
            reason: Some(if words.is_empty() {
                Reason::Empty
            } else if vague.is_some() {
                Reason::Ambiguous
            } else {
                Reason::Unknown
            }),
        }
    }

    fn coded(
        &self,
        isco: Option<Isco>,
        spec: Option<SpecIdx>,
        by: DecidedBy,
        matched: String,
    ) -> Coding {
        Coding {
            isco,
            specialisation: spec,
            decided_by: Some(by),
            matched,
            reason: None,
        }
    }

    fn is_ict(&self, s: Option<SpecIdx>) -> bool {
        s.is_some_and(|s| self.ict.get(s as usize).copied().unwrap_or(false))
    }

    /// The taxonomy the coder was built over.
    pub fn taxonomy(&self) -> &'t Taxonomy {
        self.tax
    }

    /// The labels of an ISCO group.
    pub fn isco_label(&self, code: Isco, lang: Lang) -> Option<&str> {
        let l = self.groups.labels(code)?;
        Some(match lang {
            Lang::En => &l.en,
            Lang::Fr => &l.fr,
            Lang::Ar if l.ar.is_empty() => &l.fr,
            Lang::Ar => &l.ar,
        })
    }

    /// The specialisation an ISCO group maps to (for a group above the unit level, the one all
    /// its unit groups share).
    pub fn isco_specialisation(&self, code: Isco) -> Option<SpecIdx> {
        self.groups.specialisation(code)
    }

    /// The ISCO-08 unit groups (4 digits), sorted.
    pub fn unit_groups(&self) -> Vec<Isco> {
        self.groups.unit_groups()
    }

    /// Number of distinct phrases the coder searches for.
    pub fn phrase_count(&self) -> usize {
        self.phrases.count()
    }

    /// Heap bytes of the built coder, approximately: the phrase trie, its word ids and
    /// readings, the spelling index and the word counts.
    pub fn heap_bytes(&self) -> usize {
        self.phrases.heap_bytes() + self.speller.heap_bytes() + self.evidence.heap_bytes()
    }
}
