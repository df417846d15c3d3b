//! The ways each region, city and specialisation is written in the generated rows, built once
//! from the embedded taxonomy and the constant tables.
//!
//! Every list is built in a fixed order (the tables' order, then the taxonomy files' order), since
//! the random stream picks from them by index.

use crate::taxonomy::{default_files, Resolved, Taxonomy};

use super::rng::Weighted;
use super::tables::{Kind, INSTITUTIONS, REGION_WEIGHTS, SPECS};

/// One region's ways of being written.
pub(super) struct RegionTable {
    /// The region's code, `MA-01` … `MA-12`.
    pub code: &'static str,
    /// Spellings of the region itself.
    pub spellings: Vec<String>,
    /// The region's cities, the capital first, each with its spellings.
    pub cities: Vec<Vec<String>>,
    /// The official French name, for longer location text.
    pub name_fr: String,
}

/// One specialisation's cells and job titles.
pub(super) struct SpecTable {
    /// Spellings of the specialisation cell: labels, id, aliases.
    pub cells: Vec<String>,
    /// Job titles as written, and the same in upper case.
    pub titles: Vec<String>,
    pub titles_upper: Vec<String>,
}

/// A real institution of [`INSTITUTIONS`].
pub(super) struct Institution {
    pub name: &'static str,
    pub region: &'static str,
    pub kind: Kind,
    /// The name contains a place of the right region, so an empty region cell is recoverable.
    pub names_place: bool,
}

/// Everything the writers draw from, built once.
pub(super) struct Tables {
    /// Regions weighted by their share of postings.
    pub regions: Weighted<RegionTable>,
    /// Specialisations weighted by their share of postings.
    pub specs: Weighted<SpecTable>,
    pub institutions: Vec<Institution>,
}

impl Tables {
    pub(super) fn new(tax: &Taxonomy) -> Tables {
        let aliases = Aliases::embedded();
        let regions = REGION_WEIGHTS
            .iter()
            .map(|&(code, weight)| (region_table(tax, &aliases, code), weight));
        let specs = SPECS
            .iter()
            .map(|&(id, weight, titles)| (spec_table(tax, &aliases, id, titles), weight));
        let institutions = INSTITUTIONS
            .iter()
            .map(|&(name, region, kind)| Institution {
                name,
                region,
                kind,
                names_place: matches!(
                    tax.region_of(name),
                    Resolved::Found(r) if tax.region(r).code == region
                ),
            })
            .collect();
        Tables {
            regions: Weighted::new(regions),
            specs: Weighted::new(specs),
            institutions,
        }
    }

    /// The region with this code.
    pub(super) fn region(&self, code: &str) -> &RegionTable {
        self.regions
            .items()
            .iter()
            .find(|r| r.code == code)
            .expect("every institution's region is in REGION_WEIGHTS")
    }
}

/// The rows of the embedded `aliases.csv` (the `Taxonomy` struct does not keep them).
struct Aliases(Vec<(String, String, String)>);

impl Aliases {
    fn embedded() -> Aliases {
        let (_, text) = default_files()
            .find(|(file, _)| *file == "aliases.csv")
            .expect("aliases.csv is a taxonomy file");
        Aliases(
            csv::Reader::from_reader(text.as_bytes())
                .records()
                .filter_map(Result::ok)
                .map(|r| (r[0].to_string(), r[1].to_string(), r[2].to_string()))
                .collect(),
        )
    }

    /// The aliases of one kind that point to `target`, in file order.
    fn of(&self, kind: &str, target: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _, t)| k == kind && t == target)
            .map(|(_, a, _)| a.clone())
            .collect()
    }
}

/// A region's spellings (official names, weighted by repetition, then the ways exports mangle
/// them, then its aliases) and its cities'.
fn region_table(tax: &Taxonomy, aliases: &Aliases, code: &'static str) -> RegionTable {
    let r = tax
        .regions
        .iter()
        .find(|r| r.code == code)
        .expect("REGION_WEIGHTS uses codes of regions.csv");
    let fr = r.name_fr.as_str();
    let mut spellings = vec![
        fr.to_string(),
        fr.to_string(),
        fr.to_string(),
        fr.to_string(),
        r.name_en.clone(),
        r.name_en.clone(),
        r.name_ar.clone(),
        strip_accents(fr),
        fr.to_uppercase(),
        strip_accents(fr).to_lowercase().replace('-', " "),
        format!("Région de {fr}"),
        format!("Région {}", r.name_en),
    ];
    spellings.extend(aliases.of("region", code));
    let mut cities = Vec::new();
    for c in tax.cities.iter().filter(|c| c.region == code) {
        let mut s = vec![
            c.city.clone(),
            c.city.clone(),
            c.city.clone(),
            c.city.to_uppercase(),
            strip_accents(&c.city),
        ];
        if !c.name_ar.is_empty() {
            s.push(c.name_ar.clone());
        }
        cities.push(s);
    }
    if let Some(first) = cities.first_mut() {
        // the capital's aliases (`Casa`, `Tangier`) are spelled in the capital's slot
        first.extend(
            aliases
                .of("city", code)
                .into_iter()
                .filter(|a| tax.cities.iter().all(|c| c.city != *a)),
        );
    }
    RegionTable {
        code,
        spellings,
        cities,
        name_fr: fr.to_string(),
    }
}

/// A specialisation's cells (labels, weighted by repetition, in varied case, its id, up to four
/// aliases, its Arabic label) and its job titles.
fn spec_table(tax: &Taxonomy, aliases: &Aliases, id: &str, titles: &[&str]) -> SpecTable {
    let s = tax
        .specialisations
        .iter()
        .find(|s| s.id == id)
        .expect("SPECS uses ids of specialisations.csv");
    let mut cells = vec![
        s.label_fr.clone(),
        s.label_fr.clone(),
        s.label_fr.clone(),
        s.label_en.clone(),
        s.label_en.clone(),
        s.label_fr.to_lowercase(),
        s.label_en.to_uppercase(),
        s.id.clone(),
    ];
    cells.extend(aliases.of("specialisation", id).into_iter().take(4));
    cells.push(s.label_ar.clone());
    SpecTable {
        cells,
        titles: titles.iter().map(|t| t.to_string()).collect(),
        titles_upper: titles.iter().map(|t| t.to_uppercase()).collect(),
    }
}

/// `Fès-Meknès` -> `Fes-Meknes`: how accents get lost in exports.
fn strip_accents(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'û' | 'ù' | 'ü' => 'u',
            'ç' => 'c',
            'À' | 'Â' => 'A',
            'É' | 'È' | 'Ê' => 'E',
            'Î' => 'I',
            'Ô' => 'O',
            _ => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::tables::{
        fields, REMOTE, UNMAPPABLE_FIELDS, UNMAPPABLE_REGIONS, UNMAPPABLE_SPECS, VAGUE_TITLES,
    };

    /// Problems with the region and city spellings: each must resolve to its own region.
    fn place_problems(tax: &Taxonomy, t: &Tables) -> Vec<String> {
        let mut bad = Vec::new();
        for rt in t.regions.items() {
            for s in &rt.spellings {
                match tax.region_of(s) {
                    Resolved::Found(r) if tax.region(r).code == rt.code => {}
                    other => bad.push(format!("region spelling {s:?} resolves to {other:?}")),
                }
            }
            for s in rt.cities.iter().flatten() {
                if !matches!(tax.region_of(s), Resolved::Found(_)) {
                    bad.push(format!("city spelling {s:?} does not resolve"));
                }
            }
        }
        bad
    }

    /// Problems with the specialisation cells and titles: each must classify as its own.
    fn spec_problems(tax: &Taxonomy, t: &Tables) -> Vec<String> {
        let mut bad = Vec::new();
        let of = |s: &str| tax.specialisation_of(s).map(|i| tax.spec(i).id.clone());
        for (&(id, _, titles), st) in SPECS.iter().zip(t.specs.items()) {
            for s in &st.cells {
                if of(s).as_deref() != Some(id) {
                    bad.push(format!("cell {s:?} -> {:?}, want {id}", of(s)));
                }
            }
            for title in titles
                .iter()
                .map(|t| t.to_string())
                .chain(st.titles_upper.clone())
            {
                for noisy in [
                    title.clone(),
                    format!("{title} (H/F) | Casablanca (Maroc)"),
                    format!("{title} F/H - Rabat"),
                ] {
                    if of(&noisy).as_deref() != Some(id) {
                        bad.push(format!("title {noisy:?} -> {:?}, want {id}", of(&noisy)));
                    }
                }
            }
        }
        bad
    }

    /// Problems with the fields of study: each must map, with a level before it or in upper case.
    fn field_problems(tax: &Taxonomy) -> Vec<String> {
        let kinds = [
            Kind::Engineering,
            Kind::Business,
            Kind::Fst,
            Kind::Est,
            Kind::University,
            Kind::Ofppt,
            Kind::Textile,
        ];
        let mut bad = Vec::new();
        for &(f, _) in kinds.into_iter().flat_map(fields) {
            for v in [f.to_string(), format!("Master {f}"), f.to_uppercase()] {
                if tax.field_of(&v).is_none() {
                    bad.push(format!("field {v:?} does not map"));
                }
            }
        }
        bad
    }

    #[test]
    fn generate_labels_are_mappable() {
        let tax = Taxonomy::default_embedded();
        let t = Tables::new(&tax);
        let mut bad = place_problems(&tax, &t);
        bad.extend(spec_problems(&tax, &t));
        bad.extend(field_problems(&tax));
        assert!(bad.is_empty(), "{}", bad.join("\n"));
    }

    #[test]
    fn generate_unmappable_labels_do_not_map() {
        let tax = Taxonomy::default_embedded();
        for s in UNMAPPABLE_SPECS.iter().chain(VAGUE_TITLES.iter()) {
            assert_eq!(tax.specialisation_of(s), None, "{s:?} should not map");
        }
        for s in UNMAPPABLE_REGIONS.iter().chain(REMOTE.iter()) {
            assert!(
                !matches!(tax.region_of(s), Resolved::Found(_)),
                "{s:?} should not map"
            );
        }
        for f in UNMAPPABLE_FIELDS {
            assert!(tax.field_of(f).is_none(), "{f:?} should not map");
        }
        let regions_with_supply: std::collections::BTreeSet<_> =
            INSTITUTIONS.iter().map(|i| i.1).collect();
        assert_eq!(regions_with_supply.len(), 12);
    }
}
