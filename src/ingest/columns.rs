//! Mapping an export's headers to the columns skillgap reads.
//!
//! Headers are matched case-, accent-, punctuation- and space-insensitively against a list of the
//! usual English and French names for each column. A missing required column is an error that lists
//! the headers found and the names looked for, so the analyst can rename one or map it.
//!
//! A column whose header appears twice (`region,...,region`, or `Région` and `region`, which match
//! alike) is an error too, rather than a silent choice of the first: the two may hold different
//! things. A mapping chooses one by its number (`region=#6`), or by its exact spelling when the
//! two differ.

use crate::taxonomy::fold;

/// A column skillgap reads, with the header names it answers to (already folded).
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// Our name for it, as documented in the README.
    pub name: &'static str,
    /// Folded header names that mean this column, best first.
    pub synonyms: &'static [&'static str],
}

/// The columns of a postings export.
pub mod postings {
    use super::Column;
    pub const POSTING_ID: Column = Column {
        name: "posting_id",
        synonyms: &[
            "posting id",
            "id",
            "job id",
            "offer id",
            "id offre",
            "reference",
            "ref",
            "reference offre",
            "numero",
        ],
    };
    pub const POSTED_DATE: Column = Column {
        name: "posted_date",
        synonyms: &[
            "posted date",
            "date",
            "date publication",
            "date de publication",
            "publication date",
            "published",
            "published at",
            "posted at",
            "date posted",
            "posted on",
            "date offre",
            // France Travail's `dateCreation` (its other date, `dateActualisation`, is the last
            // update); case is folded, so camelCase runs together
            "datecreation",
            "date creation",
            "date de creation",
        ],
    };
    pub const TITLE: Column = Column {
        name: "title",
        synonyms: &[
            "title",
            "job title",
            "titre",
            "intitule",
            "intitule du poste",
            "intitule poste",
            "poste",
            "titles",
            "libelle",
            "offre",
            "job",
        ],
    };
    pub const SPECIALISATION: Column = Column {
        name: "specialisation",
        synonyms: &[
            "specialisation",
            "specialization",
            "speciality",
            "specialty",
            "specialite",
            "metier",
            "fonction",
            "field",
        ],
    };
    /// The board's category or sector of the posting: evidence for the occupation coder when the
    /// title alone is vague.
    pub const SECTOR: Column = Column {
        name: "sector",
        synonyms: &[
            "sector",
            "secteur",
            "secteur d activite",
            "domaine",
            "category",
            "categorie",
            "industry",
            "job category",
        ],
    };
    pub const REGION: Column = Column {
        name: "region",
        synonyms: &["region", "region name", "nom region", "jiha", "جهه"],
    };
    pub const CITY: Column = Column {
        name: "city",
        synonyms: &[
            "city",
            "ville",
            "location",
            "lieu",
            "localisation",
            "town",
            "lieu de travail",
            // France Travail's `lieu_libelle` (`69 - Lyon 1er Arrondissement`)
            "lieu libelle",
            "المدينه",
        ],
    };
    pub const VACANCIES: Column = Column {
        name: "vacancies",
        synonyms: &[
            "vacancies",
            "vacancy",
            "openings",
            "positions",
            "nombre de postes",
            "nb postes",
            "nombre postes",
            "postes",
            "places",
            "nombre de places",
        ],
    };
    pub const SOURCE: Column = Column {
        name: "source",
        synonyms: &["source", "board", "site", "platform", "plateforme"],
    };
    pub const COMPANY: Column = Column {
        name: "company",
        synonyms: &[
            "company",
            "entreprise",
            "societe",
            "employer",
            "employeur",
            "recruteur",
            "company name",
        ],
    };
    /// The posting's text: read by `skills`, and by the occupation coder when the title and the
    /// sector leave the occupation open.
    pub const DESCRIPTION: Column = Column {
        name: "description",
        synonyms: &[
            "description",
            "descriptif",
            "description du poste",
            "description de l offre",
            "job description",
            "details",
            "more info",
            "texte",
            "text",
            "contenu",
            "annonce",
        ],
    };
    /// The skills the posting lists (`skills_raw`, France Travail's `competences`): read by
    /// `skills` only.
    pub const SKILLS: Column = Column {
        name: "skills",
        synonyms: &[
            "skills",
            "skills raw",
            "competences",
            "competences requises",
            "required skills",
            "savoir faire",
            "profil",
            "profile",
        ],
    };
    /// The languages the posting asks for (`Français › Anglais`): read by `skills` only.
    pub const LANGUAGES: Column = Column {
        name: "languages",
        synonyms: &[
            "languages",
            "langues",
            "langue",
            "language",
            "langues requises",
        ],
    };
    /// Every column of a postings export, in the README's order.
    pub const ALL: [Column; 13] = [
        POSTING_ID,
        POSTED_DATE,
        TITLE,
        SPECIALISATION,
        SECTOR,
        DESCRIPTION,
        REGION,
        CITY,
        VACANCIES,
        SOURCE,
        COMPANY,
        SKILLS,
        LANGUAGES,
    ];
    /// The text columns, in the order `skills` reads them.
    pub const TEXT: [Column; 3] = [DESCRIPTION, SKILLS, LANGUAGES];
}

/// The columns of a graduates export.
pub mod graduates {
    use super::Column;
    pub const YEAR: Column = Column {
        name: "year",
        synonyms: &[
            "year",
            "annee",
            "promotion",
            "annee universitaire",
            "annee de diplomation",
            "graduation year",
            "session",
        ],
    };
    pub const REGION: Column = Column {
        name: "region",
        synonyms: &["region", "region name", "nom region", "جهه"],
    };
    pub const INSTITUTION: Column = Column {
        name: "institution",
        synonyms: &[
            "institution",
            "etablissement",
            "ecole",
            "school",
            "university",
            "universite",
            "nom etablissement",
        ],
    };
    pub const FIELD: Column = Column {
        name: "field",
        synonyms: &[
            "field",
            "filiere",
            "programme",
            "program",
            "specialite",
            "discipline",
            "formation",
            "field of study",
            "specialisation",
            "specialization",
        ],
    };
    pub const LEVEL: Column = Column {
        name: "level",
        synonyms: &["level", "niveau", "diplome", "degree", "cycle"],
    };
    pub const GRADUATES: Column = Column {
        name: "graduates",
        synonyms: &[
            "graduates",
            "diplomes",
            "laureats",
            "nombre de diplomes",
            "nb diplomes",
            "effectif",
            "effectifs",
            "count",
            "nombre",
            "nombre de laureats",
        ],
    };
    /// Every column of a graduates export, in the README's order.
    pub const ALL: [Column; 6] = [YEAR, REGION, INSTITUTION, FIELD, LEVEL, GRADUATES];
}

/// The columns of a table of postings counts (`--postings-counts`) that a postings export does
/// not have; its region, city, specialisation and title are a postings export's.
pub mod counts {
    use super::Column;
    pub const YEAR: Column = Column {
        name: "year",
        synonyms: &["year", "annee", "periode", "period"],
    };
    pub const ISCO_08: Column = Column {
        name: "isco_08",
        synonyms: &[
            "isco 08",
            "isco",
            "isco08",
            "code isco",
            "cite 08",
            "isco code",
        ],
    };
    pub const COUNT: Column = Column {
        name: "count",
        synonyms: &[
            "count",
            "vacancies",
            "postings",
            "n",
            "nombre",
            "nombre d offres",
            "offres",
            "nb offres",
            "postes",
            "nombre de postes",
        ],
    };
    /// Every column of a counts table, in the README's order.
    pub const ALL: [Column; 7] = [
        YEAR,
        super::postings::REGION,
        super::postings::CITY,
        super::postings::SPECIALISATION,
        super::postings::TITLE,
        ISCO_08,
        COUNT,
    ];
}

/// Headers named explicitly for some columns (`--postings-columns region=Lieu,title=Poste`):
/// (our column name, header name) pairs, checked against the input's columns.
pub type Mapping = Vec<(String, String)>;

/// Parses `key=Header,key=Header` for an input whose columns are `cols`. A key must be one of the
/// columns' names; a header name may contain spaces and `=` but not `,`.
pub fn parse_mapping(s: &str, cols: &[Column]) -> Result<Mapping, String> {
    let mut out = Mapping::new();
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((key, header)) = part.split_once('=') else {
            return Err(format!("`{part}` is not COLUMN=HEADER"));
        };
        let (key, header) = (key.trim(), header.trim());
        check_key(key, cols)?;
        if header.is_empty() {
            return Err(format!("`{part}` names no header after `=`"));
        }
        out.retain(|(k, _)| k != key);
        out.push((key.to_string(), header.to_string()));
    }
    Ok(out)
}

/// Checks that `key` is one of the columns' names.
pub fn check_key(key: &str, cols: &[Column]) -> Result<(), String> {
    if cols.iter().any(|c| c.name == key) {
        return Ok(());
    }
    let names: Vec<&str> = cols.iter().map(|c| c.name).collect();
    Err(format!(
        "unknown column `{key}` (the columns are: {})",
        names.join(", ")
    ))
}

/// Why a column could not be located.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LocateError {
    /// The mapping names a header the file does not have.
    NoSuchHeader(String),
    /// The mapping names a column number (`#7`) beyond the header's columns.
    NoSuchColumn(usize),
    /// The header that means the column, or that the mapping names, heads several columns (their
    /// indexes, in order), so which one to read is not known. `mapped` when a mapping named it.
    Duplicate {
        header: String,
        columns: Vec<usize>,
        mapped: bool,
    },
}

/// A column number in a mapping, `#N` (1-based): the N-th column, whatever its header.
fn column_number(header: &str) -> Option<usize> {
    header.strip_prefix('#')?.trim().parse().ok()
}

/// A header row, folded once, with the original names kept for messages.
#[derive(Debug, Clone)]
pub struct Headers {
    original: Vec<String>,
    folded: Vec<String>,
}

impl Headers {
    pub fn new(names: impl IntoIterator<Item = String>) -> Headers {
        let original: Vec<String> = names
            .into_iter()
            .map(|h| h.trim_start_matches('\u{feff}').trim().to_string())
            .collect();
        let folded = original.iter().map(|h| fold(h)).collect();
        Headers { original, folded }
    }

    /// The original header names.
    pub fn names(&self) -> &[String] {
        &self.original
    }

    /// The index of the header that means `col`: the first synonym (in the column's order of
    /// preference) that a header folds to.
    pub fn find(&self, col: &Column) -> Option<usize> {
        col.synonyms
            .iter()
            .find_map(|syn| self.folded.iter().position(|h| h == syn))
    }

    /// The index of a header named explicitly (by `--columns`), folded.
    pub fn find_named(&self, name: &str) -> Option<usize> {
        let f = fold(name);
        self.folded.iter().position(|h| *h == f)
    }

    /// The header closest to a header name given explicitly, for "did you mean" in errors.
    pub fn nearest_named(&self, name: &str) -> Option<&str> {
        let f = fold(name);
        let limit = f.chars().count().max(3) / 2;
        self.folded
            .iter()
            .enumerate()
            // the distance is at least the difference in length (bytes: at most 4 per char), so
            // a header far longer is too far whatever its letters (and costly to compare)
            .filter(|(_, h)| h.len() <= (f.len() + limit) * 4)
            .map(|(i, h)| (crate::util::edit_distance(h, &f), i))
            .filter(|&(d, _)| d <= limit)
            .min()
            .map(|(_, i)| self.original[i].as_str())
    }

    /// The index of the column `col`: the column `mapping` names for it, by header or by number
    /// (`#N`), else the first of the usual synonyms (in the column's order of preference) that a
    /// header matches. A header named in the mapping is looked for as written first, then folded.
    /// A header that the file does not have, a number beyond its columns, or a header that heads
    /// several columns, is an error.
    pub fn locate(
        &self,
        col: &Column,
        mapping: &[(String, String)],
    ) -> Result<Option<usize>, LocateError> {
        let Some((_, header)) = mapping.iter().find(|(k, _)| k == col.name) else {
            for syn in col.synonyms {
                match self.positions(|_, folded| folded == *syn)[..] {
                    [] => continue,
                    [i] => return Ok(Some(i)),
                    ref many => return Err(self.duplicate(many, false)),
                }
            }
            return Ok(None);
        };
        if let Some(n) = column_number(header) {
            return match n.checked_sub(1).filter(|&i| i < self.original.len()) {
                Some(i) => Ok(Some(i)),
                None => Err(LocateError::NoSuchColumn(n)),
            };
        }
        let exact = self.positions(|original, _| original == header.trim());
        let found = if exact.is_empty() {
            let f = fold(header);
            self.positions(|_, folded| *folded == f)
        } else {
            exact
        };
        match found[..] {
            [] => Err(LocateError::NoSuchHeader(header.clone())),
            [i] => Ok(Some(i)),
            ref many => Err(self.duplicate(many, true)),
        }
    }

    /// The indexes of the headers for which `matches(original, folded)` holds.
    fn positions(&self, matches: impl Fn(&str, &str) -> bool) -> Vec<usize> {
        (0..self.original.len())
            .filter(|&i| matches(&self.original[i], &self.folded[i]))
            .collect()
    }

    fn duplicate(&self, columns: &[usize], mapped: bool) -> LocateError {
        LocateError::Duplicate {
            header: self.original[columns[0]].clone(),
            columns: columns.to_vec(),
            mapped,
        }
    }

    /// The header closest to the column's names, for "did you mean" in errors.
    pub fn nearest(&self, col: &Column) -> Option<&str> {
        let mut best: Option<(usize, usize)> = None;
        for (i, h) in self.folded.iter().enumerate() {
            for syn in col.synonyms {
                // the distance is at least the difference in length (bytes: at most 4 per char)
                if h.len() > (syn.len() + syn.len().max(3) / 3) * 4 {
                    continue;
                }
                let d = crate::util::edit_distance(h, syn);
                if d <= syn.len().max(3) / 3 && best.is_none_or(|(bd, _)| d < bd) {
                    best = Some((d, i));
                }
            }
        }
        best.map(|(_, i)| self.original[i].as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(names: &[&str]) -> Headers {
        Headers::new(names.iter().map(|s| s.to_string()))
    }

    #[test]
    fn french_headers_match() {
        let h = headers(&[
            "Date de publication",
            "Intitulé du poste",
            "Région",
            "Ville",
            "Nombre de postes",
        ]);
        assert_eq!(h.find(&postings::POSTED_DATE), Some(0));
        assert_eq!(h.find(&postings::TITLE), Some(1));
        assert_eq!(h.find(&postings::REGION), Some(2));
        assert_eq!(h.find(&postings::CITY), Some(3));
        assert_eq!(h.find(&postings::VACANCIES), Some(4));
        assert_eq!(h.find(&postings::COMPANY), None);
    }

    /// France Travail's export (`offres.csv`) needs no mapping: its creation date is the posting
    /// date (not the last update), `lieu_libelle` the city.
    #[test]
    fn france_travail_headers_match() {
        let h = headers(&[
            "id",
            "source_file",
            "intitule",
            "appellationlibelle",
            "romeCode",
            "romeLibelle",
            "lieu_libelle",
            "codePostal",
            "commune",
            "dateCreation",
            "dateActualisation",
            "entreprise_nom",
            "competences",
            "langues",
            "description",
        ]);
        assert_eq!(h.find(&postings::POSTING_ID), Some(0));
        assert_eq!(h.find(&postings::TITLE), Some(2));
        assert_eq!(h.find(&postings::CITY), Some(6));
        assert_eq!(h.find(&postings::POSTED_DATE), Some(9));
        assert_eq!(h.find(&postings::REGION), None);
        assert_eq!(h.find(&postings::DESCRIPTION), Some(14));
    }

    #[test]
    fn header_matching_ignores_case_accents_space_and_bom() {
        let h = headers(&["\u{feff}ANNÉE", " filière ", "Diplômés", "nombre_de_postes"]);
        assert_eq!(h.find(&graduates::YEAR), Some(0));
        assert_eq!(h.find(&graduates::FIELD), Some(1));
        assert_eq!(h.find(&graduates::GRADUATES), Some(2));
        assert_eq!(h.find(&postings::VACANCIES), Some(3));
    }

    #[test]
    fn mapping_parses_and_checks_keys() {
        let m = parse_mapping(
            "region=Lieu, title = Intitulé de la filière",
            &postings::ALL,
        );
        assert_eq!(
            m,
            Ok(vec![
                ("region".into(), "Lieu".into()),
                ("title".into(), "Intitulé de la filière".into())
            ])
        );
        assert!(parse_mapping("regoin=Lieu", &postings::ALL)
            .unwrap_err()
            .contains("unknown column `regoin`"));
        assert!(parse_mapping("region", &postings::ALL).is_err());
        assert!(parse_mapping("year=An", &postings::ALL).is_err());
        assert!(parse_mapping("year=An", &graduates::ALL).is_ok());
    }

    #[test]
    fn explicit_headers_are_located_folded() {
        let h = headers(&["Lieu de l'offre", "Poste"]);
        let map = vec![("city".to_string(), "lieu de l OFFRE".to_string())];
        assert_eq!(h.locate(&postings::CITY, &map), Ok(Some(0)));
        assert_eq!(h.locate(&postings::TITLE, &map), Ok(Some(1)));
        let bad = vec![("city".to_string(), "Lieux".to_string())];
        assert_eq!(
            h.locate(&postings::CITY, &bad),
            Err(LocateError::NoSuchHeader("Lieux".to_string()))
        );
        assert_eq!(h.nearest_named("Postes"), Some("Poste"));
    }

    #[test]
    fn a_duplicate_header_is_not_chosen_silently() {
        let h = headers(&["id", "Région", "ville", "region"]);
        let dup = LocateError::Duplicate {
            header: "Région".into(),
            columns: vec![1, 3],
            mapped: false,
        };
        assert_eq!(h.locate(&postings::REGION, &[]), Err(dup));
        // the exact spelling chooses, or the column number
        let by = |header: &str| vec![("region".to_string(), header.to_string())];
        assert_eq!(h.locate(&postings::REGION, &by("region")), Ok(Some(3)));
        assert_eq!(h.locate(&postings::REGION, &by("Région")), Ok(Some(1)));
        assert_eq!(h.locate(&postings::REGION, &by("#2")), Ok(Some(1)));
        assert_eq!(
            h.locate(&postings::REGION, &by("#5")),
            Err(LocateError::NoSuchColumn(5))
        );
        // a spelling that heads both columns does not choose
        let h = headers(&["region", "ville", "region"]);
        assert!(matches!(
            h.locate(&postings::REGION, &by("REGION")),
            Err(LocateError::Duplicate { mapped: true, .. })
        ));
        // a column found by another header is not concerned
        assert_eq!(h.locate(&postings::CITY, &[]), Ok(Some(1)));
    }

    #[test]
    fn nearest_header_suggests_a_typo() {
        let h = headers(&["titre", "regoin", "date"]);
        assert_eq!(h.nearest(&postings::REGION), Some("regoin"));
    }
}
