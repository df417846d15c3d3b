//! Loading the taxonomy files: the embedded defaults, then the overrides of `--taxonomy DIR`.
//!
//! Every file is a plain CSV with a header. Rows from an override directory are added to the
//! defaults; a row for an alias, keyword, city, specialisation or programme that already exists
//! replaces it. Everything is checked on load (targets exist, weights sum to 1, no alias points two
//! ways inside one file) so that a mistake in a file is reported with its line, not discovered as a
//! wrong number.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::places::{self, PlaceTarget};
use super::{
    fold, City, Family, FieldTarget, PhraseIndex, Programme, Region, RegionIdx, SpecIdx,
    Specialisation, Taxonomy, WEIGHT_SCALE,
};

/// The taxonomy files, in load order, as found in `taxonomy/` and accepted by `--taxonomy DIR`.
pub const FILES: [&str; 7] = [
    "families.csv",
    "regions.csv",
    "cities.csv",
    "specialisations.csv",
    "aliases.csv",
    "keywords.csv",
    "crosswalk.csv",
];

const VERSION: &str = include_str!("../../taxonomy/VERSION");
const DEFAULTS: [&str; 7] = [
    include_str!("../../taxonomy/families.csv"),
    include_str!("../../taxonomy/regions.csv"),
    include_str!("../../taxonomy/cities.csv"),
    include_str!("../../taxonomy/specialisations.csv"),
    include_str!("../../taxonomy/aliases.csv"),
    include_str!("../../taxonomy/keywords.csv"),
    include_str!("../../taxonomy/crosswalk.csv"),
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
    #[error("{dir}: no taxonomy files found (expected any of: {})", FILES.join(", "))]
    Empty { dir: PathBuf },
    #[error("{file}, line {line}: {message}")]
    Row {
        file: String,
        line: u64,
        message: String,
    },
}

fn row_err(file: &str, line: u64, message: impl Into<String>) -> TaxonomyError {
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

/// One source of rows: the file's display name and its text.
struct Source {
    name: String,
    text: String,
}

/// Reads the rows of one file, with their line numbers.
fn rows<T: for<'de> Deserialize<'de>>(src: &Source) -> Result<Vec<(u64, T)>, TaxonomyError> {
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

/// Default sources and, for each file, the override source if `dir` has it.
fn sources(dir: Option<&Path>) -> Result<Vec<(Source, Option<Source>)>, TaxonomyError> {
    let mut out = Vec::new();
    let mut found = false;
    for (file, text) in FILES.iter().zip(DEFAULTS) {
        let default = Source {
            name: format!("taxonomy/{file} (built in)"),
            text: text.to_string(),
        };
        let custom = match dir {
            Some(d) => {
                let path = d.join(file);
                if path.is_file() {
                    found = true;
                    let text =
                        std::fs::read_to_string(&path).map_err(|source| TaxonomyError::Io {
                            path: path.clone(),
                            source,
                        })?;
                    Some(Source {
                        name: path.display().to_string(),
                        text: text.trim_start_matches('\u{feff}').to_string(),
                    })
                } else {
                    None
                }
            }
            None => None,
        };
        out.push((default, custom));
    }
    if let Some(d) = dir {
        if !d.is_dir() {
            return Err(TaxonomyError::Io {
                path: d.to_path_buf(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such directory"),
            });
        }
        if !found {
            return Err(TaxonomyError::Empty {
                dir: d.to_path_buf(),
            });
        }
    }
    Ok(out)
}

/// Inserts into an index; inside one source, an alias pointing two ways is an error.
fn insert_checked<T: Clone + Ord + std::fmt::Debug>(
    ix: &mut PhraseIndex<T>,
    seen: &mut HashMap<String, (T, u64)>,
    folded: String,
    target: T,
    file: &str,
    line: u64,
    describe: impl Fn(&T) -> String,
) -> Result<(), TaxonomyError> {
    if folded.is_empty() {
        return Ok(());
    }
    if let Some((prev, prev_line)) = seen.get(&folded) {
        if *prev != target {
            return Err(row_err(
                file,
                line,
                format!(
                    "`{folded}` points to {} here but to {} on line {prev_line}; keep one",
                    describe(&target),
                    describe(prev)
                ),
            ));
        }
    }
    seen.insert(folded.clone(), (target.clone(), line));
    ix.insert(folded, target);
    Ok(())
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

/// Builds the taxonomy from the defaults and, if given, the overrides in `dir`.
pub(super) fn build(dir: Option<&Path>) -> Result<Taxonomy, TaxonomyError> {
    let srcs = sources(dir)?;
    let custom = srcs.iter().any(|(_, c)| c.is_some());
    let layers = |i: usize| -> Vec<&Source> {
        let (d, c) = &srcs[i];
        std::iter::once(d).chain(c.as_ref()).collect()
    };

    // regions: keyed by code; an override row replaces the names
    let mut regions: BTreeMap<String, Region> = BTreeMap::new();
    for src in layers(1) {
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
    let regions: Vec<Region> = regions.into_values().collect();
    let region_idx: HashMap<&str, RegionIdx> = regions
        .iter()
        .enumerate()
        .map(|(i, r)| (r.code.as_str(), i as RegionIdx))
        .collect();
    let region_of = |code: &str, file: &str, line: u64| -> Result<RegionIdx, TaxonomyError> {
        region_idx.get(code).copied().ok_or_else(|| {
            row_err(
                file,
                line,
                format!(
                    "unknown region code `{code}` (known: MA-01 … MA-{:02})",
                    regions.len()
                ),
            )
        })
    };

    // families: keyed by id
    let mut families: BTreeMap<String, Family> = BTreeMap::new();
    for src in layers(0) {
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

    // specialisations: keyed by id
    let mut specs: BTreeMap<String, Specialisation> = BTreeMap::new();
    for src in layers(3) {
        for (line, r) in rows::<SpecRow>(src)? {
            if r.id.is_empty() || r.id != r.id.to_ascii_lowercase() || r.id.contains(' ') {
                return Err(row_err(
                    &src.name,
                    line,
                    format!("specialisation id `{}` must be lower-case kebab-case", r.id),
                ));
            }
            let priority = match r.priority.to_ascii_lowercase().as_str() {
                "yes" | "true" | "1" => true,
                "" | "no" | "false" | "0" => false,
                other => {
                    return Err(row_err(
                        &src.name,
                        line,
                        format!("priority must be yes or no, not `{other}`"),
                    ))
                }
            };
            if !families.contains_key(&r.family) {
                return Err(row_err(
                    &src.name,
                    line,
                    format!(
                        "unknown family `{}` (known: {})",
                        r.family,
                        families.keys().cloned().collect::<Vec<_>>().join(", ")
                    ),
                ));
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
                },
            );
        }
    }
    let specialisations: Vec<Specialisation> = specs.into_values().collect();
    let spec_idx: HashMap<&str, SpecIdx> = specialisations
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i as SpecIdx))
        .collect();
    let spec_of = |id: &str, file: &str, line: u64| -> Result<SpecIdx, TaxonomyError> {
        spec_idx.get(id).copied().ok_or_else(|| {
            row_err(
                file,
                line,
                format!("unknown specialisation `{id}` (see `skillgap taxonomy specialisations`)"),
            )
        })
    };

    // places: official names, then cities, then aliases; later layers replace earlier ones
    let mut places: PhraseIndex<PlaceTarget> = PhraseIndex::default();
    for (i, r) in regions.iter().enumerate() {
        for name in [&r.code, &r.name_fr, &r.name_en, &r.name_ar] {
            places.insert(fold(name), PlaceTarget::Region(i as RegionIdx));
        }
    }
    let mut cities: BTreeMap<String, City> = BTreeMap::new();
    for src in layers(2) {
        let mut seen = HashMap::new();
        for (line, c) in rows::<CityRow>(src)? {
            let r = PlaceTarget::Region(region_of(&c.region, &src.name, line)?);
            for name in [&c.city, &c.name_ar] {
                insert_checked(
                    &mut places,
                    &mut seen,
                    fold(name),
                    r.clone(),
                    &src.name,
                    line,
                    |t| t.code(&regions),
                )?;
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

    let mut spec_names: PhraseIndex<SpecIdx> = PhraseIndex::default();
    for (i, s) in specialisations.iter().enumerate() {
        for name in [&s.id, &s.label_en, &s.label_fr, &s.label_ar] {
            spec_names.insert(fold(name), i as SpecIdx);
        }
    }
    let gazetteer = places.clone();
    let mut place_aliases = Vec::new();
    for src in layers(4) {
        let mut seen_place = HashMap::new();
        let mut seen_spec = HashMap::new();
        for (line, a) in rows::<AliasRow>(src)? {
            // an alias without a target is a row still to fill in (as `--unmapped` writes them)
            if a.target.is_empty() {
                continue;
            }
            match a.kind.as_str() {
                kind if places::KINDS.contains(&kind) => {
                    let t = places::alias_target(
                        kind,
                        &a.target,
                        |code| region_of(code, &src.name, line),
                        |message| row_err(&src.name, line, message),
                    )?;
                    let folded = fold(&a.alias);
                    insert_checked(
                        &mut places,
                        &mut seen_place,
                        folded.clone(),
                        t.clone(),
                        &src.name,
                        line,
                        |t| t.code(&regions),
                    )?;
                    place_aliases.push(places::AliasRow {
                        folded,
                        target: t,
                        file: src.name.clone(),
                        line,
                    });
                }
                "specialisation" => {
                    let s = spec_of(&a.target, &src.name, line)?;
                    insert_checked(
                        &mut spec_names,
                        &mut seen_spec,
                        fold(&a.alias),
                        s,
                        &src.name,
                        line,
                        |s| specialisations[*s as usize].id.clone(),
                    )?;
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
    places::check_gazetteer(&gazetteer, &place_aliases, &regions)?;

    // keywords first, then every name and alias on top: a whole alias is the stronger evidence
    let mut spec_words: PhraseIndex<SpecIdx> = PhraseIndex::default();
    for src in layers(5) {
        let mut seen = HashMap::new();
        for (line, k) in rows::<KeywordRow>(src)? {
            let s = spec_of(&k.specialisation, &src.name, line)?;
            insert_checked(
                &mut spec_words,
                &mut seen,
                fold(&k.keyword),
                s,
                &src.name,
                line,
                |s| specialisations[*s as usize].id.clone(),
            )?;
        }
    }
    for (p, &s) in spec_names.iter() {
        spec_words.insert(p.clone(), s);
    }

    // crosswalk: the rows of one programme in one file form its split; an override replaces it
    let mut programmes: BTreeMap<String, Programme> = BTreeMap::new();
    for src in layers(6) {
        let mut in_file: BTreeMap<String, (u64, Programme)> = BTreeMap::new();
        for (line, c) in rows::<CrosswalkRow>(src)? {
            let s = spec_of(&c.specialisation, &src.name, line)?;
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
            let entry = in_file.entry(key).or_insert_with(|| {
                (
                    line,
                    Programme {
                        name: c.programme.clone(),
                        parts: Vec::new(),
                        note: String::new(),
                    },
                )
            });
            entry.1.parts.push((s, w));
            if entry.1.note.is_empty() {
                entry.1.note = c.note;
            }
        }
        for (key, (line, p)) in in_file {
            let total: u32 = p.parts.iter().map(|(_, w)| w).sum();
            if total != WEIGHT_SCALE {
                return Err(row_err(
                    &src.name,
                    line,
                    format!(
                        "the weights of programme `{}` sum to {}, not 1",
                        p.name,
                        f64::from(total) / f64::from(WEIGHT_SCALE)
                    ),
                ));
            }
            programmes.insert(key, p);
        }
    }
    let programmes: Vec<Programme> = programmes.into_values().collect();
    let mut field_words: PhraseIndex<FieldTarget> = PhraseIndex::default();
    for (p, &s) in spec_words.iter() {
        field_words.insert(p.clone(), FieldTarget::Spec(s));
    }
    for (i, p) in programmes.iter().enumerate() {
        field_words.insert(fold(&p.name), FieldTarget::Programme(i as u16));
    }

    let mut version = VERSION.trim().to_string();
    if custom {
        version.push_str("+custom");
    }
    Ok(Taxonomy {
        version,
        families: families.into_values().collect(),
        regions,
        cities,
        specialisations,
        programmes,
        places,
        spec_names,
        spec_words,
        field_words,
    })
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
