//! Where a location label puts a posting: one region, several regions, Morocco without a region,
//! or abroad.
//!
//! Real location cells do not always name one region. Boards write `Tout le Maroc`, `Télétravail`
//! or `Autre ville` (Morocco, no region), `Paris, France` or `Autres régions - Canada` (abroad), and
//! `Agadir - Béni Mellal-Khénifra - Casablanca-Mohammedia - Dakhla` or `Tanger ou Agadir` (several
//! regions). Giving such a posting wholly to one of the regions it names, or dropping it, would
//! bias the counts; [`Place`] says what the label really names so that the counts can share it out.
//!
//! Every place name of the taxonomy (region names, the gazetteer, the place kinds of
//! `aliases.csv`) points to a [`PlaceTarget`]. A label is searched for all the names it contains
//! ([`PhraseIndex::find_all`]), and their targets are combined by [`combine`]:
//!
//! 1. a name of the whole country (`national`: `Tout le Maroc`) makes the label national,
//!    whatever else it names: the job is not confined to the places listed beside it;
//! 2. else the regions of the Moroccan places named: one region, or several;
//! 3. else the foreign countries named: abroad;
//! 4. else a name of Morocco without a region (`unspecified`: `Maroc`, `MA`, `Télétravail`,
//!    `Autre ville`): national. Such words only qualify a place named beside them
//!    (`Casablanca, Maroc` is Casablanca; `Remote, France` is abroad).
//!
//! So a Moroccan place beside a foreign one (`Casablanca, Paris`) counts in its region: the part of
//! the job that is in Morocco is where it is, and the report is about Morocco.

use std::collections::HashMap;

use super::{fold, Lang, PhraseIndex, Region, RegionIdx, Taxonomy, TaxonomyError};

/// The code under which postings placed in Morocco without a region are reported.
///
/// Not a row of `regions.csv`: the twelve regions are the 2015 division, counted and listed as such
/// (`skillgap taxonomy regions`, the region index of every count), and a national row in that file
/// would start placing postings in it before the counts know what it means.
pub const NATIONAL_CODE: &str = "MA-00";

/// The name of [`NATIONAL_CODE`] in a language.
pub fn national_name(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "National (no region)",
        Lang::Fr => "National (sans région)",
        Lang::Ar => "وطني (بدون جهة)",
    }
}

/// The country code of foreign places whose country is not named (`International`, `Étranger`):
/// ISO 3166-1's code for an unknown or unspecified country.
pub const ANY_COUNTRY: &str = "ZZ";

/// The kinds of `aliases.csv` rows that name places. `region`, `city` and `province` point to a
/// region code; `national` and `unspecified` to [`NATIONAL_CODE`]; `abroad` to a country's
/// ISO 3166-1 alpha-2 code, or [`ANY_COUNTRY`].
pub const KINDS: [&str; 6] = [
    "region",
    "city",
    "province",
    "national",
    "unspecified",
    "abroad",
];

/// What one place name of the taxonomy stands for.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum PlaceTarget {
    /// A region, or a province, prefecture, city or area inside it.
    Region(RegionIdx),
    /// The whole of Morocco (`Tout le Maroc`, `Toutes les villes`, `كل المغرب`): beats every other
    /// place named beside it.
    National,
    /// Morocco without a region: the country's name (`Maroc`, `Morocco`, `MA`, `المغرب`), remote
    /// work (`Télétravail`, `A distance`, `Remote`, `عن بعد`), a place outside the board's list
    /// (`Autre ville`). National when alone; any other place named beside it decides.
    Unspecified,
    /// Another country, or a place in it: the country's ISO 3166-1 alpha-2 code, [`ANY_COUNTRY`]
    /// when none is named (`International`, `Étranger`).
    Abroad(String),
}

impl PlaceTarget {
    /// The target as written in reports and messages: a region code, [`NATIONAL_CODE`], or
    /// `abroad` and the country code.
    pub fn code(&self, regions: &[Region]) -> String {
        match self {
            PlaceTarget::Region(r) => regions[*r as usize].code.clone(),
            PlaceTarget::National => NATIONAL_CODE.to_string(),
            PlaceTarget::Unspecified => format!("{NATIONAL_CODE} (unspecified)"),
            PlaceTarget::Abroad(c) => format!("abroad {c}"),
        }
    }
}

/// Where a location label puts a posting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// One region: every Moroccan place named is in it (`Rabat, Rabat-Salé-Kénitra, Morocco`,
    /// `Casablanca-Mohammedia`, `Télétravail - Tanger`).
    Region(RegionIdx),
    /// Morocco, no region: the whole country named (`Tout le Maroc`, also beside regions:
    /// `Casablanca - Tout le Maroc`), or only the country, remote work or a place off the board's
    /// list (`Maroc`, `Remote, MA`, `Autre ville`). Reported as [`NATIONAL_CODE`].
    National,
    /// Only foreign places named: their countries' ISO 3166-1 alpha-2 codes, sorted; [`ANY_COUNTRY`]
    /// only when no country is named (`International`).
    Abroad { countries: Vec<String> },
    /// Places in two or more regions (sorted, deduplicated), however they are joined: listed
    /// (`Agadir - Béni Mellal-Khénifra - Dakhla`, `Agadir & Marrakech-Safi`) or offered as
    /// alternatives (`Tanger ou Agadir`). The posting's vacancies are shared equally between them:
    /// with nothing to say which of the places will get the job, each is as likely.
    Several(Vec<RegionIdx>),
    /// Two known names whose words overlap without one containing the other, for different places:
    /// the label can be read either way. The candidates' codes, sorted.
    Ambiguous(Vec<String>),
    /// No known place named.
    Unknown,
}

impl Place {
    /// A short text for the place: a region code, `MA-00`, `abroad FR`, `several MA-05 MA-09`,
    /// `ambiguous MA-04 MA-06` or `unknown`.
    pub fn describe(&self, regions: &[Region]) -> String {
        let codes = |rs: &[RegionIdx]| -> Vec<&str> {
            rs.iter()
                .map(|r| regions[*r as usize].code.as_str())
                .collect()
        };
        match self {
            Place::Region(r) => regions[*r as usize].code.clone(),
            Place::National => NATIONAL_CODE.to_string(),
            Place::Abroad { countries } => format!("abroad {}", countries.join(" ")),
            Place::Several(rs) => format!("several {}", codes(rs).join(" ")),
            Place::Ambiguous(c) => format!("ambiguous {}", c.join(" ")),
            Place::Unknown => "unknown".to_string(),
        }
    }
}

impl Taxonomy {
    /// Where a location label puts a posting: the places it names, combined as the module's
    /// documentation says.
    pub fn place_of(&self, label: &str) -> Place {
        self.place_of_cells(&[label])
    }

    /// Where the location cells of one row put it, read together (a posting's `region` and `city`
    /// cells when neither names one region on its own): the places named in every cell, combined as
    /// those of one label are. A cell whose names cross makes the row ambiguous.
    pub fn place_of_cells(&self, cells: &[&str]) -> Place {
        let mut targets = Vec::new();
        for cell in cells {
            match self.targets_of(cell) {
                Ok(t) => targets.extend(t),
                Err(codes) => return Place::Ambiguous(codes),
            }
        }
        combine(&targets)
    }

    /// The targets of the place names in one label, or, when two of them cross, their codes.
    fn targets_of(&self, label: &str) -> Result<Vec<PlaceTarget>, Vec<String>> {
        let folded = fold(label);
        if let Some(t) = self.places.get(&folded) {
            return Ok(vec![t.clone()]);
        }
        let hits = self.places.find_all(&folded);
        // names whose words cross (`a b` and `b c` in `a b c`) for different places: either reading
        // is possible
        let mut crossed: Vec<String> = hits
            .windows(2)
            .filter(|w| w[1].start < w[0].end && w[0].target != w[1].target)
            .flat_map(|w| [w[0].target, w[1].target])
            .map(|t| t.code(&self.regions))
            .collect();
        if !crossed.is_empty() {
            crossed.sort();
            crossed.dedup();
            return Err(crossed);
        }
        Ok(hits.into_iter().map(|h| h.target.clone()).collect())
    }
}

/// Combines the targets of the names found in one label: the whole country first, then the
/// Moroccan regions named, then the foreign countries, then Morocco without a region.
fn combine(targets: &[PlaceTarget]) -> Place {
    let mut regions: Vec<RegionIdx> = Vec::new();
    let mut countries: Vec<String> = Vec::new();
    let mut unspecified = false;
    for t in targets {
        match t {
            PlaceTarget::National => return Place::National,
            PlaceTarget::Region(r) => regions.push(*r),
            PlaceTarget::Abroad(c) => countries.push(c.clone()),
            PlaceTarget::Unspecified => unspecified = true,
        }
    }
    regions.sort_unstable();
    regions.dedup();
    if regions.len() > 1 {
        return Place::Several(regions);
    }
    if let Some(&r) = regions.first() {
        return Place::Region(r);
    }
    if !countries.is_empty() {
        countries.sort();
        countries.dedup();
        if countries.len() > 1 {
            countries.retain(|c| c != ANY_COUNTRY);
        }
        return Place::Abroad { countries };
    }
    if unspecified {
        Place::National
    } else {
        Place::Unknown
    }
}

/// The target of an `aliases.csv` row of one of the place [`KINDS`]. `region` looks up a region
/// code (and reports an unknown one); `invalid` turns any other problem into the caller's error.
pub(super) fn alias_target<E>(
    kind: &str,
    target: &str,
    region: impl FnOnce(&str) -> Result<RegionIdx, E>,
    invalid: impl FnOnce(String) -> E,
) -> Result<PlaceTarget, E> {
    match kind {
        "national" | "unspecified" if target != NATIONAL_CODE => Err(invalid(format!(
            "the target of a `{kind}` row is {NATIONAL_CODE} (Morocco, no region), not `{target}`"
        ))),
        "national" => Ok(PlaceTarget::National),
        "unspecified" => Ok(PlaceTarget::Unspecified),
        "abroad" if target == "MA" => Err(invalid(
            "Morocco is not abroad: give this row the kind `unspecified` and the target MA-00"
                .to_string(),
        )),
        "abroad" if target.len() == 2 && target.bytes().all(|b| b.is_ascii_uppercase()) => {
            Ok(PlaceTarget::Abroad(target.to_string()))
        }
        "abroad" => Err(invalid(format!(
            "the target of an `abroad` row is a country's ISO 3166-1 alpha-2 code in capitals \
             (FR, CA, AE) or {ANY_COUNTRY} for no country in particular, not `{target}`"
        ))),
        _ => region(target).map(PlaceTarget::Region),
    }
}

/// One place alias as loaded: its folded text, its target, and where it was read.
pub(super) struct AliasRow {
    pub folded: String,
    pub target: PlaceTarget,
    pub file: String,
    pub line: u64,
}

/// Checks that the place aliases in force agree with the gazetteer: an alias that folds like a
/// region name or a city of `cities.csv` must point to the same region (`Casablanca` cannot be
/// an alias of MA-01 while the gazetteer has it in MA-06). `aliases` are in load order; of several
/// rows for one text the last, which replaces the others, is checked. `gazetteer` holds the region
/// names and the cities.
pub(super) fn check_gazetteer(
    gazetteer: &PhraseIndex<PlaceTarget>,
    aliases: &[AliasRow],
    regions: &[Region],
) -> Result<(), TaxonomyError> {
    let last: HashMap<&str, usize> = aliases
        .iter()
        .enumerate()
        .map(|(i, a)| (a.folded.as_str(), i))
        .collect();
    for (i, a) in aliases.iter().enumerate() {
        let Some(g) = gazetteer.get(&a.folded) else {
            continue;
        };
        if *g != a.target && last.get(a.folded.as_str()) == Some(&i) {
            return Err(TaxonomyError::Row {
                file: a.file.clone(),
                line: a.line,
                message: format!(
                    "`{}` points to {} here, but regions.csv or cities.csv has it in {}; keep one: \
                     correct or remove this alias, or move the city in cities.csv",
                    a.folded,
                    a.target.code(regions),
                    g.code(regions)
                ),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
