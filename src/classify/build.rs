//! Building the coder from its data: checking every row against the taxonomy, merging what ESCO
//! says about a phrase across its occupations, and letting curated titles override it.

use rustc_hash::FxHashMap as HashMap;

use super::data::{ClassifyError, CoderData, Place};
use super::evidence::Evidence;
use super::isco::{common_group, GroupLabels, Isco, IscoGroups};
use super::phrases::{Entry, Phrases, Reading, SectorKey, Source, HEAD_FIRST, HEAD_LAST};
use super::spell::Speller;
use super::words::{canonical, loses_words};
use super::Sector;
use crate::taxonomy::{fold, SpecIdx, Taxonomy};

/// The taxonomy's specialisation ids, for checking the data.
pub struct Ids<'t> {
    specs: HashMap<&'t str, SpecIdx>,
}

impl<'t> Ids<'t> {
    pub fn new(tax: &'t Taxonomy) -> Ids<'t> {
        let specs = (tax.specialisations.iter().enumerate())
            .map(|(i, s)| (s.id.as_str(), i as SpecIdx))
            .collect();
        Ids { specs }
    }

    /// A specialisation id, or the error for the row.
    pub fn spec(&self, at: &Place, id: &str) -> Result<SpecIdx, ClassifyError> {
        self.specs
            .get(id)
            .copied()
            .ok_or_else(|| at.error(format!("unknown specialisation `{id}`")))
    }
}

/// An ISCO code of a row: empty, or a group of `isco_groups.csv`.
fn isco_cell(groups: &IscoGroups, at: &Place, cell: &str) -> Result<Option<Isco>, ClassifyError> {
    if cell.is_empty() {
        return Ok(None);
    }
    match Isco::parse(cell) {
        Some(code) if groups.contains(code) => Ok(Some(code)),
        _ => Err(at.error(format!(
            "`{cell}` is not an ISCO-08 group (1 to 4 digits, as in isco_groups.csv)"
        ))),
    }
}

/// The ISCO groups with their labels and specialisations; fails when a unit group has none.
pub fn groups(data: &CoderData, ids: &Ids) -> Result<IscoGroups, ClassifyError> {
    let mut labels = HashMap::default();
    for (at, row) in &data.groups {
        let code = Isco::parse(&row.code)
            .ok_or_else(|| at.error(format!("`{}` is not an ISCO-08 code", row.code)))?;
        labels.insert(
            code,
            GroupLabels {
                en: row.label_en.clone(),
                fr: row.label_fr.clone(),
                ar: row.label_ar.clone(),
            },
        );
    }
    let mut rules = HashMap::default();
    // (specialisation, major group) -> the usual unit group and the row that marked it; a row
    // of an override directory replaces a built-in one, two rows of one file are an error
    let mut usual: HashMap<(SpecIdx, u8), (Isco, &Place)> = HashMap::default();
    for (at, row) in &data.mapping {
        let code = Isco::parse(&row.isco)
            .filter(|c| labels.contains_key(c))
            .ok_or_else(|| at.error(format!("`{}` is not an ISCO-08 group", row.isco)))?;
        let spec = ids.spec(at, &row.specialisation)?;
        rules.insert(code, spec);
        match row.usual.trim() {
            "" => {}
            "yes" if code.level() == 4 => {
                let major = code.as_str().as_bytes()[0];
                let earlier = usual.insert((spec, major), (code, at));
                if let Some((other, first)) =
                    earlier.filter(|(c, p)| *c != code && p.file == at.file)
                {
                    return Err(at.error(format!(
                        "`{}` (line {}) and `{}` are both the usual unit group of `{}` in major \
                         group {}; keep `usual` on one",
                        other.as_str(),
                        first.line,
                        code.as_str(),
                        row.specialisation,
                        char::from(major)
                    )));
                }
            }
            "yes" => {
                return Err(at.error(format!(
                    "`usual` marks a unit group (4 digits), not `{}`",
                    row.isco
                )));
            }
            other => {
                return Err(at.error(format!("`usual` is `yes` or empty, not `{other}`")));
            }
        }
    }
    let mut groups = IscoGroups::new(labels, &rules).map_err(|missing| {
        let list: Vec<&str> = missing.iter().map(Isco::as_str).collect();
        ClassifyError::Incomplete(list.join(", "))
    })?;
    // a later row (of an override directory) that gives a marked unit group another
    // specialisation takes it out of the field it was usual for: the mark goes with it
    let marked: Vec<Isco> = (usual.into_iter())
        .filter(|&((spec, _), (code, _))| groups.specialisation(code) == Some(spec))
        .map(|(_, (code, _))| code)
        .collect();
    groups.set_usual(marked);
    Ok(groups)
}

/// The board categories of `sectors.csv`: folded label -> what the category says, and the
/// category keys (`hospitality`, `it`) by name.
pub struct Sectors {
    pub by_label: HashMap<String, Sector>,
    pub keys: HashMap<String, SectorKey>,
    /// Most words in a folded label.
    pub longest: usize,
}

pub fn sectors(data: &CoderData, ids: &Ids, groups: &IscoGroups) -> Result<Sectors, ClassifyError> {
    let mut out = Sectors {
        by_label: HashMap::default(),
        keys: HashMap::default(),
        longest: 0,
    };
    for (at, row) in &data.sectors {
        let label = fold(&row.sector);
        let key = row.key.as_str();
        if label.is_empty() || key.is_empty() {
            return Err(at.error("a sector needs a label and a key"));
        }
        let n = out.keys.len() as SectorKey;
        out.longest = out.longest.max(label.split(' ').count());
        let sector = Sector {
            label: row.sector.trim().to_string(),
            key: *out.keys.entry(key.to_string()).or_insert(n),
            spec: match row.specialisation.as_str() {
                "" => None,
                id => Some(ids.spec(at, id)?),
            },
            isco: isco_cell(groups, at, &row.isco_08)?,
        };
        out.by_label.insert(label, sector);
    }
    Ok(out)
}

/// What ESCO says about one phrase, over all the occupations that use it.
#[derive(Default)]
struct EscoPhrase {
    /// Sorted, each once (most phrases have one or two: a sorted vector, not a tree).
    codes: Vec<Isco>,
    /// The codes of the occupations whose preferred label the phrase is, sorted, each once.
    preferred: Vec<Isco>,
    langs: u8,
    phrase: String,
}

/// Adds a code to a sorted vector of distinct codes.
fn add_sorted(codes: &mut Vec<Isco>, code: Isco) {
    if let Err(i) = codes.binary_search(&code) {
        codes.insert(i, code);
    }
}

/// The reading of a phrase ESCO gives to these unit groups: the group they share and the
/// specialisation they share, each only if there is one. Where the phrase is the preferred
/// label of some of them and only an alternative label of the others, the occupations it names
/// are those: `interpreter` is 2643's own label and an alternative one of an interpretation
/// agency manager's (1349), `mechanical engineer` 2144's and an alternative of 2141's and 2145's.
fn esco_reading(groups: &IscoGroups, p: &EscoPhrase) -> Reading {
    let codes = if p.preferred.is_empty() {
        &p.codes
    } else {
        &p.preferred
    };
    let mut specs = codes.iter().map(|&c| groups.specialisation(c));
    let first = specs.next().flatten();
    let spec = first.filter(|&s| specs.all(|o| o == Some(s)));
    Reading {
        isco: common_group(codes.iter().copied()),
        spec,
        source: Source::Esco,
        head: false,
        keeps: false,
        phrase: p.phrase.clone().into_boxed_str(),
    }
}

/// Every phrase with its readings: ESCO's, replaced by curated titles where both give one.
pub fn phrases(
    data: &CoderData,
    ids: &Ids,
    groups: &IscoGroups,
    sectors: &HashMap<String, SectorKey>,
) -> Result<(Phrases, Speller, Evidence), ClassifyError> {
    // the phrases in the order their first title comes in the files, which fixes the order of
    // the trie's entries without sorting 38,000 keys
    let mut esco: Vec<(String, EscoPhrase)> = Vec::new();
    let mut at_key: HashMap<String, usize> = HashMap::default();
    data.each_occupation(|at, isco, lang, title, preferred| {
        let code = isco_cell(groups, at, isco)?
            .filter(|c| c.level() == 4)
            .ok_or_else(|| at.error(format!("`{isco}` is not an ISCO unit group")))?;
        let lang = match lang {
            "en" => HEAD_LAST,
            "fr" => HEAD_FIRST,
            other => return Err(at.error(format!("unknown language `{other}` (en or fr)"))),
        };
        let key = canonical(title);
        // a one-word key left of a longer title (`M&A specialist`) names another job; a
        // two-letter abbreviation (`GO`, `PA`, `TA`) stands for other words in a title (`GO`:
        // gros œuvre), as a curated title may say
        let short = key.chars().count() < 3;
        if key.is_empty() || short || (!key.contains(' ') && loses_words(title)) {
            return Ok(());
        }
        let i = *at_key.entry(key).or_insert_with_key(|key| {
            let phrase = EscoPhrase {
                phrase: title.to_string(),
                ..EscoPhrase::default()
            };
            esco.push((key.clone(), phrase));
            esco.len() - 1
        });
        let p = &mut esco[i].1;
        add_sorted(&mut p.codes, code);
        if preferred {
            add_sorted(&mut p.preferred, code);
        }
        p.langs |= lang;
        Ok(())
    })?;
    let mut keys: Vec<String> = Vec::with_capacity(esco.len() + data.titles.len());
    let mut entries: Vec<Entry> = Vec::with_capacity(keys.capacity());
    // ESCO's entries come first, in the same order: their keys' entries are already indexed
    let mut index = at_key;
    index.reserve(data.titles.len());
    let mut evidence = Evidence::default();
    for (key, p) in &esco {
        evidence.add(
            key,
            &p.codes,
            p.langs & HEAD_FIRST != 0,
            p.langs & HEAD_LAST != 0,
        );
    }
    for (key, p) in esco {
        let mut reading = esco_reading(groups, &p);
        if is_modifier(&key, &reading, groups, &evidence) {
            reading.spec = None;
            reading.isco = None;
        }
        debug_assert_eq!(index.get(&key), Some(&entries.len()));
        entries.push(Entry {
            langs: p.langs,
            default: Some(reading),
            by_sector: Vec::new(),
        });
        keys.push(key);
    }
    let known = Known {
        ids,
        groups,
        sectors,
    };
    curated(
        data,
        &known,
        &mut keys,
        &mut entries,
        &mut index,
        &mut evidence,
    )?;
    // the speller knows the phrases' words, each with the number of phrases that use it: of
    // two words a slip away, the far more used is meant
    let speller = Speller::with_uses(keys.iter().flat_map(|k| k.split(' ')).map(|w| (w, 1)));
    let phrases = Phrases::new(&keys, entries);
    Ok((phrases, speller, evidence))
}

/// Below this share of the phrases holding it, a one-word ESCO title is the head of too few of
/// them, and of the same field in too few, to decide on its own.
const ONE_WORD_MIN_SHARE: f64 = 0.2;

/// True for a one-word ESCO title that is mostly a modifier of other titles, in other fields:
/// `général` is a military rank, but `directeur général` and `secrétaire générale` are not.
/// Alone it decides nothing (a curated title can still give it a reading).
fn is_modifier(key: &str, reading: &Reading, groups: &IscoGroups, evidence: &Evidence) -> bool {
    let Some(spec) = reading.spec.filter(|_| !key.contains(' ')) else {
        return false;
    };
    let same = evidence.share(key, |g| groups.specialisation(g) == Some(spec));
    let head = evidence.head_share(key);
    same.is_some_and(|s| s < ONE_WORD_MIN_SHARE) && head.is_some_and(|h| h < ONE_WORD_MIN_SHARE)
}

/// Adds the curated titles: a title without a sector replaces ESCO's reading of the phrase, one
/// with a sector adds a reading for that sector. Two rows of one file for the same title and
/// sector are an error.
/// What curated rows are checked against.
struct Known<'a> {
    ids: &'a Ids<'a>,
    groups: &'a IscoGroups,
    sectors: &'a HashMap<String, SectorKey>,
}

/// Where a curated title (in a sector) was last given, as written there, and the unit group it
/// votes for.
struct Given {
    file: std::sync::Arc<str>,
    line: u64,
    title: String,
    isco: Option<Isco>,
}

fn curated(
    data: &CoderData,
    known: &Known,
    keys: &mut Vec<String>,
    entries: &mut Vec<Entry>,
    index: &mut HashMap<String, usize>,
    evidence: &mut Evidence,
) -> Result<(), ClassifyError> {
    // where each title (in a sector) was last given, and its vote in the word-by-word evidence:
    // given twice in one file it is an error; a later file's row (an override directory's)
    // replaces the earlier one, vote included, so a copy of the built-in file changes nothing
    let mut given: HashMap<(String, String), Given> = HashMap::default();
    for (at, row) in &data.titles {
        let key = canonical(&row.title);
        if key.is_empty() {
            return Err(at.error(format!("`{}` has no words to match", row.title)));
        }
        let id = (key.clone(), row.sector.clone());
        if let Some(old) = given.get(&id).filter(|old| old.file == at.file) {
            // two spellings may read as one key (`vendeur de téléphone`, `vendeur par téléphone`)
            let spelled = if old.title == row.title {
                String::new()
            } else {
                format!(" as `{}` (both read `{key}`)", old.title)
            };
            return Err(at.error(format!(
                "`{}` is already given on line {}{spelled}; keep one",
                row.title, old.line
            )));
        }
        let isco = isco_cell(known.groups, at, &row.isco_08)?;
        let (file, line, title) = (at.file.clone(), at.line, row.title.clone());
        given.insert(
            id,
            Given {
                file,
                line,
                title,
                isco,
            },
        );
        let spec = match row.specialisation.as_str() {
            "" => isco.and_then(|c| known.groups.specialisation(c)),
            id => Some(known.ids.spec(at, id)?),
        };
        let (head, keeps) = match row.head.as_str() {
            "" | "no" => (false, false),
            "yes" => (true, false),
            "keeps" => (false, true),
            other => {
                let why = format!("head is `yes`, `keeps` or empty, not `{other}`");
                return Err(at.error(why));
            }
        };
        let reading = Reading {
            isco,
            spec,
            source: Source::Curated,
            head,
            keeps,
            phrase: row.title.clone().into_boxed_str(),
        };
        let i = *index.entry(key.clone()).or_insert_with(|| {
            keys.push(key.clone());
            entries.push(Entry {
                langs: HEAD_FIRST | HEAD_LAST,
                default: None,
                by_sector: Vec::new(),
            });
            entries.len() - 1
        });
        let entry = &mut entries[i];
        if row.sector.is_empty() {
            entry.default = Some(reading);
            entry.langs = HEAD_FIRST | HEAD_LAST;
        } else {
            let k = *known.sectors.get(&row.sector).ok_or_else(|| {
                at.error(format!(
                    "unknown sector key `{}` (see sectors.csv)",
                    row.sector
                ))
            })?;
            entry.by_sector.retain(|(old, _)| *old != k);
            entry.by_sector.push((k, reading));
        }
    }
    // the counts do not depend on the order they are added in
    for ((key, _), Given { isco, .. }) in &given {
        if let Some(code) = isco {
            evidence.add(key, &[*code], true, true);
        }
    }
    Ok(())
}
