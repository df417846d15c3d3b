//! Mapping an export's headers to the columns skillgap reads.
//!
//! Headers are matched case-, accent-, punctuation- and space-insensitively against a list of the
//! usual English and French names for each column. A missing required column is an error that lists
//! the headers found and the names looked for, so the analyst can rename one or map it.

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
            "domaine",
            "category",
            "categorie",
            "metier",
            "fonction",
            "field",
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

    /// The header closest to the column's names, for "did you mean" in errors.
    pub fn nearest(&self, col: &Column) -> Option<&str> {
        let mut best: Option<(usize, usize)> = None;
        for (i, h) in self.folded.iter().enumerate() {
            for syn in col.synonyms {
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

    #[test]
    fn header_matching_ignores_case_accents_space_and_bom() {
        let h = headers(&["\u{feff}ANNÉE", " filière ", "Diplômés", "nombre_de_postes"]);
        assert_eq!(h.find(&graduates::YEAR), Some(0));
        assert_eq!(h.find(&graduates::FIELD), Some(1));
        assert_eq!(h.find(&graduates::GRADUATES), Some(2));
        assert_eq!(h.find(&postings::VACANCIES), Some(3));
    }

    #[test]
    fn nearest_header_suggests_a_typo() {
        let h = headers(&["titre", "regoin", "date"]);
        assert_eq!(h.nearest(&postings::REGION), Some("regoin"));
    }
}
