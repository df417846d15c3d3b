//! Loading the taxonomy files: the embedded defaults, then the overrides of `--taxonomy DIR`.
//!
//! Every file is a plain CSV with a header. Rows from an override directory are added to the
//! defaults; a row for an alias, keyword, city, specialisation or programme that already exists
//! replaces it. Everything is checked on load (targets exist, weights sum to 1, no alias points two
//! ways inside one file) so that a mistake in a file is reported with its line, not discovered as a
//! wrong number.
//!
//! `build` reads every file's `Layers` (the built-in text, and the override's if any), runs one
//! loader per file, each returning its typed part (the regions, the families, the specialisations,
//! the cities, the aliases, the keywords, the crosswalk's programmes), and composes the phrase
//! indexes from them in load order.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::places::{self, PlaceTarget};
use super::{
    fold, City, Family, FieldTarget, PhraseIndex, Programme, Region, SpecIdx, Specialisation,
    Taxonomy, WEIGHT_SCALE,
};
use crate::indicators::population::{self, Populations};

mod skills;

/// The census populations of the regions, beside the taxonomy files (they change no label, only
/// the rates per 100,000 inhabitants), overridable code by code from `--taxonomy DIR`.
pub const POPULATIONS: &str = "populations.csv";

/// The taxonomy files, in load order, as found in `taxonomy/` and accepted by `--taxonomy DIR`.
pub const FILES: [&str; 10] = [
    "families.csv",
    "regions.csv",
    "cities.csv",
    "specialisations.csv",
    "aliases.csv",
    "keywords.csv",
    "crosswalk.csv",
    "skills.csv",
    "skill_aliases.csv",
    "skill_negatives.csv",
];

const VERSION: &str = include_str!("../../taxonomy/VERSION");
const DEFAULTS: [&str; 10] = [
    include_str!("../../taxonomy/families.csv"),
    include_str!("../../taxonomy/regions.csv"),
    include_str!("../../taxonomy/cities.csv"),
    include_str!("../../taxonomy/specialisations.csv"),
    include_str!("../../taxonomy/aliases.csv"),
    include_str!("../../taxonomy/keywords.csv"),
    include_str!("../../taxonomy/crosswalk.csv"),
    include_str!("../../taxonomy/skills.csv"),
    include_str!("../../taxonomy/skill_aliases.csv"),
    include_str!("../../taxonomy/skill_negatives.csv"),
];

/// The default taxonomy files compiled into the binary: (file name, contents), in [`FILES`] order.
pub fn default_files() -> impl Iterator<Item = (&'static str, &'static str)> {
    FILES.into_iter().zip(DEFAULTS)
}

/// A problem in a taxonomy file.
#[derive(Debug, thiserror::Error)]
pub enum TaxonomyError {
    #[error("cannot read taxonomy file {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// `expected` lists every file a taxonomy directory may hold.
    #[error("{dir}: no taxonomy files found (expected any of: {expected})")]
    Empty { dir: PathBuf, expected: String },
    #[error("{file}, line {line}: {message}")]
    Row {
        file: String,
        line: u64,
        message: String,
    },
}

pub(super) fn row_err(file: &str, line: u64, message: impl Into<String>) -> TaxonomyError {
    TaxonomyError::Row {
        file: file.to_string(),
        line,
        message: message.into(),
    }
}

#[derive(Deserialize)]
struct FamilyRow {
    id: String,
    label_en: String,
    label_fr: String,
    label_ar: String,
}

#[derive(Deserialize)]
struct RegionRow {
    code: String,
    name_fr: String,
    name_en: String,
    name_ar: String,
}

#[derive(Deserialize)]
struct CityRow {
    city: String,
    region: String,
    #[serde(default)]
    province: String,
    #[serde(default)]
    name_ar: String,
}

#[derive(Deserialize)]
struct SpecRow {
    id: String,
    family: String,
    label_en: String,
    label_fr: String,
    label_ar: String,
    #[serde(default)]
    isced_f: String,
    #[serde(default)]
    isco_08: String,
    #[serde(default)]
    priority: String,
    #[serde(default)]
    beats: String,
}

/// A row of `aliases.csv`. Columns other than these (such as the `rows`, `units` and `suggestion`
/// that `--unmapped` writes) are ignored.
#[derive(Deserialize)]
struct AliasRow {
    kind: String,
    alias: String,
    target: String,
}

#[derive(Deserialize)]
struct KeywordRow {
    keyword: String,
    specialisation: String,
}

#[derive(Deserialize)]
struct CrosswalkRow {
    programme: String,
    specialisation: String,
    weight: String,
    #[serde(default)]
    note: String,
}

/// Reads the rows of one file, with their line numbers.
pub(super) fn rows<T: for<'de> Deserialize<'de>>(
    src: &Source,
) -> Result<Vec<(u64, T)>, TaxonomyError> {
    let line_of = |e: &csv::Error| e.position().map_or(0, |p| p.line());
    let mut rdr = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(src.text.as_bytes());
    let headers = rdr
        .headers()
        .map_err(|e| row_err(&src.name, line_of(&e), e.to_string()))?
        .clone();
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| row_err(&src.name, line_of(&e), e.to_string()))?;
        let line = rec.position().map_or(0, |p| p.line());
        let row = rec
            .deserialize(Some(&headers))
            .map_err(|e| row_err(&src.name, line, e.to_string()))?;
        out.push((line, row));
    }
    Ok(out)
}

/// One source of rows: the file's display name and its text.
pub(super) struct Source {
    pub(super) name: String,
    text: String,
}

/// One taxonomy file's sources in load order: the built-in text, then the override's, if
/// `--taxonomy DIR` has the file.
pub(super) struct Layer {
    built_in: Source,
    custom: Option<Source>,
}

impl Layer {
    /// The built-in `text` of `file`, and `dir/file` if it exists.
    fn read(file: &str, text: &str, dir: Option<&Path>) -> Result<Layer, TaxonomyError> {
        let built_in = Source {
            name: format!("taxonomy/{file} (built in)"),
            text: text.to_string(),
        };
        let path = match dir {
            Some(d) => d.join(file),
            None => {
                return Ok(Layer {
                    built_in,
                    custom: None,
                })
            }
        };
        if !path.is_file() {
            return Ok(Layer {
                built_in,
                custom: None,
            });
        }
        let text = std::fs::read_to_string(&path).map_err(|source| TaxonomyError::Io {
            path: path.clone(),
            source,
        })?;
        let custom = Source {
            name: path.display().to_string(),
            text: text.trim_start_matches('\u{feff}').to_string(),
        };
        Ok(Layer {
            built_in,
            custom: Some(custom),
        })
    }

    /// The sources, in load order.
    pub(super) fn sources(&self) -> impl Iterator<Item = &Source> {
        std::iter::once(&self.built_in).chain(&self.custom)
    }
}

/// Every taxonomy file, built in and overridden.
struct Layers {
    families: Layer,
    regions: Layer,
    cities: Layer,
    specialisations: Layer,
    aliases: Layer,
    keywords: Layer,
    crosswalk: Layer,
    skills: Layer,
    skill_aliases: Layer,
    skill_negatives: Layer,
}

impl Layers {
    /// The built-in files and, if `dir` is given, the files of [`FILES`] that it has (any of
    /// them, or none when the directory overrides only other files, such as `populations.csv`).
    fn read(dir: Option<&Path>) -> Result<Layers, TaxonomyError> {
        let layers = FILES
            .iter()
            .zip(DEFAULTS)
            .map(|(file, text)| Layer::read(file, text, dir))
            .collect::<Result<Vec<Layer>, _>>()?;
        if let Some(d) = dir {
            if !d.is_dir() {
                return Err(TaxonomyError::Io {
                    path: d.to_path_buf(),
                    source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such directory"),
                });
            }
            if layers.iter().all(|l| l.custom.is_none()) && !d.join(POPULATIONS).is_file() {
                return Err(TaxonomyError::Empty {
                    dir: d.to_path_buf(),
                    expected: FILES
                        .iter()
                        .chain(&[POPULATIONS])
                        .copied()
                        .collect::<Vec<_>>()
                        .join(", "),
                });
            }
        }
        let Ok(
            [families, regions, cities, specialisations, aliases, keywords, crosswalk, skills, skill_aliases, skill_negatives],
        ) = <[Layer; 10]>::try_from(layers)
        else {
            unreachable!("one layer per file of FILES")
        };
        Ok(Layers {
            families,
            regions,
            cities,
            specialisations,
            aliases,
            keywords,
            crosswalk,
            skills,
            skill_aliases,
            skill_negatives,
        })
    }

    /// True when any file is overridden.
    fn custom(&self) -> bool {
        [
            &self.families,
            &self.regions,
            &self.cities,
            &self.specialisations,
            &self.aliases,
            &self.keywords,
            &self.crosswalk,
            &self.skills,
            &self.skill_aliases,
            &self.skill_negatives,
        ]
        .iter()
        .any(|l| l.custom.is_some())
    }
}

/// Builds the taxonomy from the defaults and, if given, the overrides in `dir`.
///
/// Files are checked in this order, so that with several mistakes the first one reported does not
/// change: regions, families, specialisations, cities, aliases, keywords, crosswalk, skills, skill
/// aliases, skill negatives.
pub(super) fn build(dir: Option<&Path>) -> Result<Taxonomy, TaxonomyError> {
    let layers = Layers::read(dir)?;
    let regions = load_regions(&layers.regions)?;
    let families = load_families(&layers.families)?;
    let specialisations = load_specialisations(&layers.specialisations, &families)?;
    let cities = load_cities(&layers.cities, &regions)?;
    let aliases = load_aliases(&layers.aliases, &regions, &specialisations)?;
    places::check_gazetteer(
        &index(regions.places().chain(cities.places.iter().cloned())),
        &aliases.place_rows,
        &regions.0,
    )?;
    let keywords = load_keywords(&layers.keywords, &specialisations)?;
    let programmes = load_crosswalk(&layers.crosswalk, &specialisations)?;
    let skills = skills::load(
        &layers.skills,
        &layers.skill_aliases,
        &layers.skill_negatives,
    )?;

    // places: official names, then cities, then aliases; later layers replace earlier ones
    let places = index(regions.places().chain(cities.places).chain(aliases.places));
    let spec_names = index(specialisations.names().chain(aliases.specialisations));
    // the feminine forms of the keywords' first words, then the keywords, then every name and
    // alias on top: a written row is stronger than a form made from one, and a whole alias the
    // stronger evidence
    let spec_words = index(
        (feminines(&keywords).into_iter())
            .chain(keywords)
            .chain(entries(&spec_names, |&s| s)),
    );
    let field_words = index(
        entries(&spec_words, |&s| FieldTarget::Spec(s)).chain(
            (programmes.iter().enumerate())
                .map(|(i, p)| (fold(&p.name), FieldTarget::Programme(i as u16))),
        ),
    );
    let populations = populations(dir)?;
    let custom = layers.custom() || dir.is_some_and(|d| d.join(POPULATIONS).is_file());
    let version = version(dir, custom)?;
    Ok(Taxonomy {
        populations,
        version,
        families: families.into_values().collect(),
        regions: regions.0,
        cities: cities.cities,
        specialisations: specialisations.0,
        programmes,
        places,
        spec_names,
        spec_words,
        field_words,
        skills,
        isco_labels: Default::default(),
    })
}

/// The version of the taxonomy in force: the `VERSION` file of the override directory when it has
/// one (its one line, trimmed), else the built-in version, marked `+custom` when any file is
/// overridden. The version is recorded in every report and manifest, so it must be one line of
/// printable text.
fn version(dir: Option<&Path>, custom: bool) -> Result<String, TaxonomyError> {
    let Some(path) = dir.map(|d| d.join("VERSION")).filter(|p| p.is_file()) else {
        let built_in = VERSION.trim();
        return Ok(if custom {
            format!("{built_in}+custom")
        } else {
            built_in.to_string()
        });
    };
    let text = std::fs::read_to_string(&path).map_err(|source| TaxonomyError::Io {
        path: path.clone(),
        source,
    })?;
    let version = text.trim_start_matches('\u{feff}').trim();
    if version.is_empty() || version.contains(char::is_control) {
        return Err(row_err(
            &path.display().to_string(),
            1,
            "VERSION must be one line naming the taxonomy's version, e.g. `2026.11.1-ministry`",
        ));
    }
    Ok(version.to_string())
}

/// The populations of the regions: the built-in census figures, each code's overridden by
/// `dir/populations.csv` when there is one (it is not one of [`FILES`]: it changes no label).
fn populations(dir: Option<&Path>) -> Result<Populations, TaxonomyError> {
    let layer = Layer::read(POPULATIONS, population::POPULATIONS_CSV, dir)?;
    let parse = |src: &Source| {
        Populations::parse(&src.name, &src.text).map_err(|e| row_err(&e.file, e.line, e.message))
    };
    let mut all = parse(&layer.built_in)?;
    if let Some(custom) = &layer.custom {
        all.override_with(parse(custom)?, &custom.name);
    }
    Ok(all)
}

/// An index of phrases inserted in order: a later phrase replaces an earlier one.
fn index<T: Clone + Ord>(phrases: impl IntoIterator<Item = (String, T)>) -> PhraseIndex<T> {
    let mut ix = PhraseIndex::default();
    for (phrase, target) in phrases {
        ix.insert(phrase, target);
    }
    ix
}

/// The phrases of an index, with their targets mapped.
fn entries<'a, T: Clone + Ord, U>(
    ix: &'a PhraseIndex<T>,
    map: impl Fn(&T) -> U + 'a,
) -> impl Iterator<Item = (String, U)> + 'a {
    ix.iter().map(move |(p, t)| (p.clone(), map(t)))
}

/// Folded phrases and their targets, in load order, to be indexed.
type Phrases<T> = Vec<(String, T)>;

/// The phrases of one file, checked as they are added: inside one file, a phrase pointing two ways
/// is an error.
struct FilePhrases<'a, T> {
    file: &'a str,
    out: &'a mut Phrases<T>,
    seen: HashMap<String, (T, u64)>,
}

impl<'a, T: Clone + PartialEq> FilePhrases<'a, T> {
    fn new(file: &'a str, out: &'a mut Phrases<T>) -> Self {
        FilePhrases {
            file,
            out,
            seen: HashMap::new(),
        }
    }

    /// Adds `folded` -> `target` from `line`; `describe` names a target in the error message.
    fn add(
        &mut self,
        folded: String,
        target: T,
        line: u64,
        describe: impl Fn(&T) -> String,
    ) -> Result<(), TaxonomyError> {
        if folded.is_empty() {
            return Ok(());
        }
        if let Some((prev, prev_line)) = self.seen.get(&folded) {
            if *prev != target {
                return Err(row_err(
                    self.file,
                    line,
                    format!(
                        "`{folded}` points to {} here but to {} on line {prev_line}; keep one",
                        describe(&target),
                        describe(prev)
                    ),
                ));
            }
        }
        self.seen.insert(folded.clone(), (target.clone(), line));
        self.out.push((folded, target));
        Ok(())
    }
}

/// A row that other files refer to by a key: a region by its code, a specialisation by its id.
trait Keyed {
    /// The key other files use.
    fn key(&self) -> &str;
    /// The key and the names, which count as aliases without being listed in `aliases.csv`.
    fn names(&self) -> [&str; 4];
    /// The message for a key that none of `count` rows has.
    fn unknown(key: &str, count: usize) -> String;
}

impl Keyed for Region {
    fn key(&self) -> &str {
        &self.code
    }
    fn names(&self) -> [&str; 4] {
        [&self.code, &self.name_fr, &self.name_en, &self.name_ar]
    }
    fn unknown(code: &str, count: usize) -> String {
        format!("unknown region code `{code}` (known: MA-01 … MA-{count:02})")
    }
}

impl Keyed for Specialisation {
    fn key(&self) -> &str {
        &self.id
    }
    fn names(&self) -> [&str; 4] {
        [&self.id, &self.label_en, &self.label_fr, &self.label_ar]
    }
    fn unknown(id: &str, _: usize) -> String {
        format!("unknown specialisation `{id}` (see `skillgap taxonomy specialisations`)")
    }
}

/// Rows sorted by key (as loaded into a `BTreeMap`), found by their index ([`RegionIdx`],
/// [`SpecIdx`]).
struct Sorted<T>(Vec<T>);

impl<T: Keyed> Sorted<T> {
    /// The index of the row with `key`, or an error at `file`, `line`.
    fn index(&self, key: &str, file: &str, line: u64) -> Result<u16, TaxonomyError> {
        self.0
            .binary_search_by(|r| r.key().cmp(key))
            .map(|i| i as u16)
            .map_err(|_| row_err(file, line, T::unknown(key, self.0.len())))
    }

    /// The key of the row at `i`, for error messages.
    fn key(&self, i: &u16) -> String {
        self.0[*i as usize].key().to_string()
    }

    /// Every row's names, folded, with its index, in row order.
    fn names(&self) -> impl Iterator<Item = (String, u16)> + '_ {
        (self.0.iter().enumerate()).flat_map(|(i, r)| r.names().map(|name| (fold(name), i as u16)))
    }
}

impl Regions {
    /// Every region's names, folded, as places of that region.
    fn places(&self) -> impl Iterator<Item = (String, PlaceTarget)> + '_ {
        self.names().map(|(name, r)| (name, PlaceTarget::Region(r)))
    }
}

type Regions = Sorted<Region>;
type Specialisations = Sorted<Specialisation>;

/// `regions.csv`: keyed by code; an override row replaces the names.
fn load_regions(layer: &Layer) -> Result<Regions, TaxonomyError> {
    let mut regions: BTreeMap<String, Region> = BTreeMap::new();
    for src in layer.sources() {
        for (line, r) in rows::<RegionRow>(src)? {
            if r.code.is_empty() {
                return Err(row_err(&src.name, line, "empty region code"));
            }
            regions.insert(
                r.code.clone(),
                Region {
                    code: r.code,
                    name_fr: r.name_fr,
                    name_en: r.name_en,
                    name_ar: r.name_ar,
                },
            );
        }
    }
    Ok(Sorted(regions.into_values().collect()))
}

/// `families.csv`: keyed by id.
fn load_families(layer: &Layer) -> Result<BTreeMap<String, Family>, TaxonomyError> {
    let mut families: BTreeMap<String, Family> = BTreeMap::new();
    for src in layer.sources() {
        for (line, f) in rows::<FamilyRow>(src)? {
            if f.id.is_empty() {
                return Err(row_err(&src.name, line, "empty family id"));
            }
            families.insert(
                f.id.clone(),
                Family {
                    id: f.id,
                    label_en: f.label_en,
                    label_fr: f.label_fr,
                    label_ar: f.label_ar,
                },
            );
        }
    }
    Ok(families)
}

/// `specialisations.csv`: keyed by id, each in a known family.
fn load_specialisations(
    layer: &Layer,
    families: &BTreeMap<String, Family>,
) -> Result<Specialisations, TaxonomyError> {
    let mut specs: BTreeMap<String, Specialisation> = BTreeMap::new();
    // where each specialisation's row that names a `beats` was read
    let mut beats_at: BTreeMap<String, (String, u64)> = BTreeMap::new();
    for src in layer.sources() {
        for (line, r) in rows::<SpecRow>(src)? {
            let err = |message: String| row_err(&src.name, line, message);
            if r.id.is_empty() || r.id != r.id.to_ascii_lowercase() || r.id.contains(' ') {
                return Err(err(format!(
                    "specialisation id `{}` must be lower-case kebab-case",
                    r.id
                )));
            }
            let priority = match r.priority.to_ascii_lowercase().as_str() {
                "yes" | "true" | "1" => true,
                "" | "no" | "false" | "0" => false,
                other => return Err(err(format!("priority must be yes or no, not `{other}`"))),
            };
            if !families.contains_key(&r.family) {
                return Err(err(format!(
                    "unknown family `{}` (known: {})",
                    r.family,
                    families.keys().cloned().collect::<Vec<_>>().join(", ")
                )));
            }
            if r.beats.is_empty() {
                beats_at.remove(&r.id);
            } else {
                beats_at.insert(r.id.clone(), (src.name.to_string(), line));
            }
            specs.insert(
                r.id.clone(),
                Specialisation {
                    id: r.id,
                    family: r.family,
                    label_en: r.label_en,
                    label_fr: r.label_fr,
                    label_ar: r.label_ar,
                    isced_f: r.isced_f,
                    isco_08: r.isco_08,
                    priority,
                    beats: r.beats,
                },
            );
        }
    }
    // checked once every layer is read: a row may name a specialisation a later file adds
    for (id, (file, line)) in &beats_at {
        let Some(beats) = (specs[id].beaten()).find(|b| b == id || !specs.contains_key(*b)) else {
            continue;
        };
        return Err(row_err(
            file,
            *line,
            format!(
                "`{id}` beats `{beats}`, which is not another specialisation: name ids of \
                 specialisations.csv, separated by spaces, or leave `beats` empty"
            ),
        ));
    }
    Ok(Sorted(specs.into_values().collect()))
}

/// What `cities.csv` gives: the gazetteer, and the city names as places of their region.
struct Cities {
    /// Sorted by region code, then name.
    cities: Vec<City>,
    places: Phrases<PlaceTarget>,
}

/// `cities.csv`: keyed by folded name; the French and Arabic names are places of the region.
fn load_cities(layer: &Layer, regions: &Regions) -> Result<Cities, TaxonomyError> {
    let mut cities: BTreeMap<String, City> = BTreeMap::new();
    let mut places = Phrases::new();
    for src in layer.sources() {
        let mut file = FilePhrases::new(&src.name, &mut places);
        for (line, c) in rows::<CityRow>(src)? {
            let r = PlaceTarget::Region(regions.index(&c.region, &src.name, line)?);
            for name in [&c.city, &c.name_ar] {
                file.add(fold(name), r.clone(), line, |t| t.code(&regions.0))?;
            }
            cities.insert(
                fold(&c.city),
                City {
                    city: c.city,
                    region: c.region,
                    province: c.province,
                    name_ar: c.name_ar,
                },
            );
        }
    }
    let mut cities: Vec<City> = cities.into_values().collect();
    cities.sort_by(|a, b| (&a.region, &a.city).cmp(&(&b.region, &b.city)));
    Ok(Cities { cities, places })
}

/// What `aliases.csv` gives: other spellings of places and of specialisations.
struct Aliases {
    places: Phrases<PlaceTarget>,
    /// The place rows with the file and line they were read from, for [`places::check_gazetteer`].
    place_rows: Vec<places::AliasRow>,
    specialisations: Phrases<SpecIdx>,
}

/// `aliases.csv`: the place kinds (see [`places::KINDS`]) point to a region code, `MA-00` or a
/// country, `specialisation` aliases to an id; a row without a target is one still to fill in (as
/// `--unmapped` writes them) and skipped.
fn load_aliases(
    layer: &Layer,
    regions: &Regions,
    specs: &Specialisations,
) -> Result<Aliases, TaxonomyError> {
    let mut places = Phrases::new();
    let mut place_rows = Vec::new();
    let mut specialisations = Phrases::new();
    for src in layer.sources() {
        let mut file_places = FilePhrases::new(&src.name, &mut places);
        let mut file_specs = FilePhrases::new(&src.name, &mut specialisations);
        for (line, a) in rows::<AliasRow>(src)? {
            if a.target.is_empty() {
                continue;
            }
            match a.kind.as_str() {
                kind if places::KINDS.contains(&kind) => {
                    let t = places::alias_target(
                        kind,
                        &a.target,
                        |code| regions.index(code, &src.name, line),
                        |message| row_err(&src.name, line, message),
                    )?;
                    let folded = fold(&a.alias);
                    file_places.add(folded.clone(), t.clone(), line, |t| t.code(&regions.0))?;
                    place_rows.push(places::AliasRow {
                        folded,
                        target: t,
                        file: src.name.clone(),
                        line,
                    });
                }
                "specialisation" => {
                    let s = specs.index(&a.target, &src.name, line)?;
                    file_specs.add(fold(&a.alias), s, line, |s| specs.key(s))?;
                }
                other => {
                    return Err(row_err(
                        &src.name,
                        line,
                        format!(
                            "kind must be {} or specialisation, not `{other}`",
                            places::KINDS.join(", ")
                        ),
                    ))
                }
            }
        }
    }
    Ok(Aliases {
        places,
        place_rows,
        specialisations,
    })
}

/// `keywords.csv`: words of job titles, each pointing to a specialisation.
fn load_keywords(
    layer: &Layer,
    specs: &Specialisations,
) -> Result<Phrases<SpecIdx>, TaxonomyError> {
    let mut keywords = Phrases::new();
    for src in layer.sources() {
        let mut file = FilePhrases::new(&src.name, &mut keywords);
        for (line, k) in rows::<KeywordRow>(src)? {
            let s = specs.index(&k.specialisation, &src.name, line)?;
            file.add(fold(&k.keyword), s, line, |s| specs.key(s))?;
        }
    }
    Ok(keywords)
}

/// French feminine endings of the words that head job titles, as folded: (masculine ending,
/// feminine ending). `ingénieur` takes `e`, `développeur` `euse`: both are made, and the one that
/// is no word is never met in a title.
const FEMININE_HEADS: [(&str, &str); 9] = [
    ("teur", "trice"),
    ("eur", "euse"),
    ("eur", "eure"),
    ("ien", "ienne"),
    ("ier", "iere"),
    ("ant", "ante"),
    ("ent", "ente"),
    ("ert", "erte"),
    ("e", "ee"),
];

/// The keywords again with their first word in the feminine (`developpeuse web`,
/// `ingenieure data`, `administratrice reseaux`, `chargee de securite`), where no keyword is
/// spelt so: a title written for a woman then meets the keyword written for a man rather than
/// a shorter one inside it (`developpeuse` alone).
fn feminines(keywords: &Phrases<SpecIdx>) -> Phrases<SpecIdx> {
    let mut made: HashSet<String> = keywords.iter().map(|(k, _)| k.clone()).collect();
    let mut out: Phrases<SpecIdx> = Vec::new();
    for (k, s) in keywords {
        let (first, rest) = k.split_once(' ').unwrap_or((k, ""));
        for (masc, fem) in FEMININE_HEADS {
            let Some(stem) = first.strip_suffix(masc).filter(|stem| stem.len() >= 3) else {
                continue;
            };
            let mut form = format!("{stem}{fem}");
            if !rest.is_empty() {
                form.push(' ');
                form.push_str(rest);
            }
            if made.insert(form.clone()) {
                out.push((form, *s));
            }
        }
    }
    out
}

/// `crosswalk.csv`: the rows of one programme in one file form its split, whose weights must sum
/// to 1; an override's split replaces the built-in one. Sorted by folded name.
fn load_crosswalk(layer: &Layer, specs: &Specialisations) -> Result<Vec<Programme>, TaxonomyError> {
    let mut programmes: BTreeMap<String, Programme> = BTreeMap::new();
    for src in layer.sources() {
        let mut in_file: BTreeMap<String, (u64, Programme)> = BTreeMap::new();
        for (line, c) in rows::<CrosswalkRow>(src)? {
            let s = specs.index(&c.specialisation, &src.name, line)?;
            let w = parse_weight(&c.weight).filter(|w| *w > 0).ok_or_else(|| {
                row_err(
                    &src.name,
                    line,
                    format!(
                        "weight `{}` must be a number above 0 and at most 1 with at most 4 decimals",
                        c.weight
                    ),
                )
            })?;
            let key = fold(&c.programme);
            if key.is_empty() {
                return Err(row_err(&src.name, line, "empty programme name"));
            }
            let (_, p) = in_file.entry(key).or_insert_with(|| {
                (
                    line,
                    Programme {
                        name: c.programme.clone(),
                        parts: Vec::new(),
                        note: String::new(),
                    },
                )
            });
            p.parts.push((s, w));
            if p.note.is_empty() {
                p.note = c.note;
            }
        }
        for (key, (line, p)) in in_file {
            check_split(&p, &src.name, line)?;
            programmes.insert(key, p);
        }
    }
    Ok(programmes.into_values().collect())
}

/// A programme's weights must sum to exactly 1; `line` is its first row.
fn check_split(p: &Programme, file: &str, line: u64) -> Result<(), TaxonomyError> {
    let total: u32 = p.parts.iter().map(|(_, w)| w).sum();
    if total == WEIGHT_SCALE {
        return Ok(());
    }
    Err(row_err(
        file,
        line,
        format!(
            "the weights of programme `{}` sum to {}, not 1",
            p.name,
            f64::from(total) / f64::from(WEIGHT_SCALE)
        ),
    ))
}

/// Parses a weight such as `1`, `0.25` or `0.3333` into parts of [`WEIGHT_SCALE`], exactly.
fn parse_weight(s: &str) -> Option<u32> {
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    if frac.len() > 4 || (int.is_empty() && frac.is_empty()) {
        return None;
    }
    if !int.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let int: u32 = if int.is_empty() { 0 } else { int.parse().ok()? };
    let mut f: u32 = if frac.is_empty() {
        0
    } else {
        frac.parse().ok()?
    };
    for _ in frac.len()..4 {
        f *= 10;
    }
    int.checked_mul(WEIGHT_SCALE)?.checked_add(f)
}

#[cfg(test)]
mod tests {
    use super::parse_weight;

    #[test]
    fn weights_parse_exactly() {
        assert_eq!(parse_weight("1"), Some(10_000));
        assert_eq!(parse_weight("0.25"), Some(2_500));
        assert_eq!(parse_weight(".5"), Some(5_000));
        assert_eq!(parse_weight("0.3333"), Some(3_333));
        assert_eq!(parse_weight("0.33333"), None);
        assert_eq!(parse_weight("-0.5"), None);
        assert_eq!(parse_weight("abc"), None);
        assert_eq!(parse_weight(""), None);
    }
}
