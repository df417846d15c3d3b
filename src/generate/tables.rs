//! The constant tables the generator draws from: regions' weights, specialisations' weights and
//! job titles, the labels that must not map, boards, companies, and real institutions with what
//! they teach.
//!
//! Plain data: every table's order is part of the random stream (an index drawn picks a row), so
//! adding, removing or reordering a row changes the generated files, and then `sample-data/` must
//! be regenerated (see `sample-data/README.md`).

/// Share of postings per region (per mille), roughly by economic weight.
pub(super) const REGION_WEIGHTS: [(&str, u32); 12] = [
    ("MA-06", 340),
    ("MA-04", 160),
    ("MA-01", 110),
    ("MA-03", 90),
    ("MA-07", 90),
    ("MA-09", 70),
    ("MA-02", 40),
    ("MA-05", 30),
    ("MA-08", 20),
    ("MA-11", 20),
    ("MA-12", 20),
    ("MA-10", 10),
];

/// Share of postings per specialisation (relative), with job titles that name it; every title is
/// classified to its specialisation by `taxonomy/keywords.csv` (checked by a test).
pub(super) const SPECS: &[(&str, u32, &[&str])] = &[
    (
        "software-development",
        110,
        &[
            "Développeur Java",
            "Ingénieur logiciel",
            "Développeur .NET Senior",
            "Software Engineer",
            "Développeur Python",
            "Développeur \"Java / Spring\" confirmé",
        ],
    ),
    (
        "web-development",
        80,
        &[
            "Développeur Full Stack",
            "Développeur Web PHP/Symfony",
            "Développeur Front End React",
            "Développeur Angular, Node JS",
            "Intégrateur Web",
        ],
    ),
    (
        "cybersecurity",
        60,
        &[
            "Analyste SOC",
            "Ingénieur Cybersécurité",
            "Pentester",
            "Consultant Sécurité des SI",
            "RSSI",
        ],
    ),
    (
        "data",
        55,
        &[
            "Data Scientist",
            "Data Analyst",
            "Analyste de données",
            "Statisticien",
        ],
    ),
    (
        "artificial-intelligence",
        35,
        &[
            "Ingénieur Machine Learning",
            "AI Engineer",
            "Ingénieur IA générative",
            "Ingénieur Deep Learning",
        ],
    ),
    (
        "cloud",
        45,
        &[
            "Ingénieur Cloud",
            "Architecte Cloud AWS",
            "Cloud Engineer Azure",
        ],
    ),
    (
        "devops",
        45,
        &[
            "Ingénieur DevOps",
            "DevOps Engineer",
            "Ingénieur SRE",
            "Expert Kubernetes",
        ],
    ),
    (
        "software-testing",
        25,
        &[
            "Ingénieur QA",
            "Testeur logiciel",
            "Ingénieur de test",
            "QA Engineer, Selenium",
        ],
    ),
    (
        "mobile-development",
        15,
        &[
            "Développeur Mobile Flutter",
            "Développeur Mobile Android",
            "Développeur Mobile iOS",
        ],
    ),
    (
        "networks-telecoms",
        20,
        &[
            "Ingénieur Réseaux",
            "Technicien Réseaux",
            "Network Engineer",
        ],
    ),
    (
        "systems-administration",
        15,
        &[
            "Administrateur Système Linux",
            "Ingénieur Systèmes",
            "Sysadmin",
        ],
    ),
    (
        "databases",
        8,
        &["Administrateur Bases de Données", "DBA Oracle"],
    ),
    (
        "erp",
        12,
        &["Consultant SAP", "Consultant Odoo", "Consultant Sage X3"],
    ),
    (
        "business-intelligence",
        12,
        &["Consultant Business Intelligence", "Développeur Power BI"],
    ),
    (
        "data-engineering",
        15,
        &["Data Engineer", "Ingénieur Big Data", "Consultant ETL"],
    ),
    (
        "it-support",
        20,
        &[
            "Technicien Support Informatique",
            "Technicien Helpdesk",
            "Technicien informatique",
        ],
    ),
    (
        "embedded-systems",
        8,
        &["Ingénieur Électronique Embarquée", "Ingénieur Firmware"],
    ),
    (
        "ux-ui-design",
        8,
        &["UX/UI Designer", "Web Designer", "Graphiste"],
    ),
    (
        "it-project-management",
        12,
        &["Chef de projet IT", "Scrum Master", "Product Owner"],
    ),
    (
        "it-offshoring",
        5,
        &["Consultant Offshoring", "Chef d'équipe Nearshore"],
    ),
    (
        "accounting",
        35,
        &[
            "Comptable",
            "Aide Comptable",
            "Chef Comptable, expérience 5 ans",
            "Auditeur junior",
        ],
    ),
    (
        "finance",
        25,
        &[
            "Contrôleur de gestion",
            "Analyste financier",
            "Chargé de recouvrement",
        ],
    ),
    (
        "marketing",
        20,
        &[
            "Community Manager",
            "Chef de produit",
            "Chargé de Marketing Digital",
        ],
    ),
    (
        "sales",
        70,
        &[
            "Commercial terrain",
            "Attaché commercial, secteur B2B",
            "Business Developer",
            "Délégué médical",
            "Vendeuse",
        ],
    ),
    (
        "customer-relations",
        30,
        &[
            "Téléconseiller",
            "Conseiller Client Francophone",
            "Chargé de clientèle",
            "Téléopérateur",
        ],
    ),
    (
        "human-resources",
        15,
        &[
            "Chargé de recrutement",
            "Gestionnaire de paie",
            "Responsable RH",
        ],
    ),
    (
        "logistics",
        20,
        &[
            "Magasinier",
            "Responsable Supply Chain",
            "Acheteur",
            "Transitaire",
        ],
    ),
    (
        "textile",
        12,
        &["Modéliste", "Piqueuse", "Chef d'atelier Confection"],
    ),
    (
        "automotive",
        15,
        &[
            "Technicien Automobile",
            "Opérateur Câblage Automobile",
            "Mécanicien automobile",
        ],
    ),
    (
        "aeronautics",
        10,
        &["Technicien Aéronautique", "Ingénieur Aéronautique"],
    ),
    (
        "civil-engineering",
        20,
        &[
            "Conducteur de travaux",
            "Ingénieur Génie Civil",
            "Chef de chantier",
            "Topographe",
        ],
    ),
    (
        "electrical-engineering",
        15,
        &[
            "Électricien industriel",
            "Automaticien",
            "Électrotechnicien",
        ],
    ),
    (
        "mechanical-engineering",
        15,
        &["Technicien de maintenance", "Soudeur", "Électromécanicien"],
    ),
    (
        "industrial-engineering",
        20,
        &[
            "Ingénieur Méthodes",
            "Responsable Qualité",
            "Superviseur de production",
        ],
    ),
    (
        "agriculture-agrifood",
        10,
        &[
            "Ingénieur Agronome",
            "Technicien Agricole",
            "Responsable Agroalimentaire",
        ],
    ),
    (
        "health",
        15,
        &["Infirmier polyvalent", "Aide-soignante", "Pharmacien"],
    ),
    (
        "tourism-hospitality",
        20,
        &[
            "Réceptionniste",
            "Chef de cuisine",
            "Serveur",
            "Gouvernante d'hôtel",
        ],
    ),
    ("law", 8, &["Juriste d'affaires", "Conseiller juridique"]),
    (
        "education",
        12,
        &["Professeur de mathématiques", "Formateur"],
    ),
    (
        "renewable-energy",
        8,
        &[
            "Technicien Photovoltaïque",
            "Ingénieur Énergies Renouvelables",
        ],
    ),
];

/// Specialisation cells that name nothing the taxonomy knows.
pub(super) const UNMAPPABLE_SPECS: [&str; 4] = ["Autre", "Divers", "Autres", "Tous secteurs"];
/// Titles that name no specialisation, for rows whose specialisation is unmappable.
pub(super) const VAGUE_TITLES: [&str; 4] = [
    "Stagiaire",
    "Agent polyvalent",
    "Assistant(e) de direction",
    "Poste à pourvoir",
];
/// Location cells that name no region.
pub(super) const UNMAPPABLE_REGIONS: [&str; 4] = ["Maroc", "N/A", "Morocco", "Non précisé"];
/// Location cells of remote jobs.
pub(super) const REMOTE: [&str; 3] = ["Télétravail", "Remote", "100% télétravail"];
/// Job boards, each with the prefix of its posting ids.
pub(super) const SOURCES: [(&str, &str); 7] = [
    ("rekrute", "RK"),
    ("emploi.ma", "EM"),
    ("anapec", "AN"),
    ("linkedin", "LI"),
    ("indeed", "IN"),
    ("marocannonces", "MA"),
    ("dreamjob.ma", "DJ"),
];
/// Invented employers; a few hold a comma or double quotes, which the CSV must quote.
pub(super) const COMPANIES: [&str; 24] = [
    "Atlas Digital Services",
    "Maghreb Conseil SARL",
    "Groupe Al Amal",
    "Casa Offshore Center",
    "Nour Technologies",
    "Sahara Consulting, SARL",
    "Medina Solutions",
    "Argane Industries",
    "Oasis Telecom",
    "Bouregreg Software",
    "Atlas \"Tech\" Partners",
    "Souss Agro Export",
    "Rif Logistique",
    "Zellige Design Studio",
    "Kasbah Hôtels & Resorts",
    "Cabinet Fiduciaire El Fassi",
    "Banque Populaire du Nord (fictive)",
    "Tanger Automotive Components",
    "Centre d'Appels Horizon",
    "Ifrane Data Lab",
    "Noria Énergie",
    "Confection Moulouya",
    "Groupe Scolaire Al Andalous",
    "Clinique Al Hayat",
];

/// Kinds of institution: what they teach, at which levels, in which cohort sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// Engineering schools: ENSA, ENSIAS, INPT, EMI, ENSAM, Centrale.
    Engineering,
    /// ISCAE, ENCG.
    Business,
    /// Faculties of science and technology.
    Fst,
    /// Écoles supérieures de technologie (DUT).
    Est,
    /// Universities (their faculties): Licence and Master in large numbers.
    University,
    /// OFPPT institutes: Technicien spécialisé.
    Ofppt,
    /// ESITH: textile.
    Textile,
}

/// Real institutions and their regions.
pub(super) const INSTITUTIONS: &[(&str, &str, Kind)] = &[
    ("École Centrale Casablanca", "MA-06", Kind::Engineering),
    ("ENSAM Rabat", "MA-04", Kind::Engineering),
    ("ENSAM Meknès", "MA-03", Kind::Engineering),
    ("ENSAM Casablanca", "MA-06", Kind::Engineering),
    ("ISCAE Casablanca", "MA-06", Kind::Business),
    ("ISCAE Rabat", "MA-04", Kind::Business),
    ("ESITH Casablanca", "MA-06", Kind::Textile),
    ("ENSIAS Rabat", "MA-04", Kind::Engineering),
    ("INPT Rabat", "MA-04", Kind::Engineering),
    ("EMI Rabat", "MA-04", Kind::Engineering),
    ("ENSA Tanger", "MA-01", Kind::Engineering),
    ("ENSA Tétouan", "MA-01", Kind::Engineering),
    ("ENSA Al Hoceïma", "MA-01", Kind::Engineering),
    ("ENSA Oujda", "MA-02", Kind::Engineering),
    ("ENSA Fès", "MA-03", Kind::Engineering),
    ("ENSA Kénitra", "MA-04", Kind::Engineering),
    ("ENSA El Jadida", "MA-06", Kind::Engineering),
    ("ENSA Safi", "MA-07", Kind::Engineering),
    ("ENSA Marrakech", "MA-07", Kind::Engineering),
    ("ENSA Agadir", "MA-09", Kind::Engineering),
    ("ENSA Khouribga", "MA-05", Kind::Engineering),
    ("ENSA Béni Mellal", "MA-05", Kind::Engineering),
    ("ENSA Berrechid", "MA-06", Kind::Engineering),
    ("FST Mohammedia", "MA-06", Kind::Fst),
    ("FST Settat", "MA-06", Kind::Fst),
    ("FST Fès", "MA-03", Kind::Fst),
    ("FST Tanger", "MA-01", Kind::Fst),
    ("FST Marrakech", "MA-07", Kind::Fst),
    ("FST Errachidia", "MA-08", Kind::Fst),
    ("FST Béni Mellal", "MA-05", Kind::Fst),
    ("EST Casablanca", "MA-06", Kind::Est),
    ("EST Salé", "MA-04", Kind::Est),
    ("EST Fès", "MA-03", Kind::Est),
    ("EST Oujda", "MA-02", Kind::Est),
    ("EST Agadir", "MA-09", Kind::Est),
    ("EST Guelmim", "MA-10", Kind::Est),
    ("EST Laâyoune", "MA-11", Kind::Est),
    ("EST Dakhla", "MA-12", Kind::Est),
    ("Université Mohammed V", "MA-04", Kind::University),
    ("Université Hassan II", "MA-06", Kind::University),
    ("Université Cadi Ayyad", "MA-07", Kind::University),
    ("Université Ibn Zohr", "MA-09", Kind::University),
    ("Université Abdelmalek Essaâdi", "MA-01", Kind::University),
    ("Université Mohammed Premier", "MA-02", Kind::University),
    (
        "Université Sidi Mohamed Ben Abdellah",
        "MA-03",
        Kind::University,
    ),
    ("Université Ibn Tofail", "MA-04", Kind::University),
    (
        "Université Sultan Moulay Slimane",
        "MA-05",
        Kind::University,
    ),
    ("Université Moulay Ismaïl", "MA-03", Kind::University),
    ("Université Chouaib Doukkali", "MA-06", Kind::University),
    ("ENCG Casablanca", "MA-06", Kind::Business),
    ("ENCG Settat", "MA-06", Kind::Business),
    ("ENCG Agadir", "MA-09", Kind::Business),
    ("ENCG Tanger", "MA-01", Kind::Business),
    ("ENCG Oujda", "MA-02", Kind::Business),
    ("ENCG Dakhla", "MA-12", Kind::Business),
    ("OFPPT ISTA NTIC Casablanca", "MA-06", Kind::Ofppt),
    ("OFPPT ISTA Hay Riad Rabat", "MA-04", Kind::Ofppt),
    ("OFPPT ISTA Tanger", "MA-01", Kind::Ofppt),
    ("OFPPT ISTA Agadir", "MA-09", Kind::Ofppt),
    ("OFPPT ISTA Fès", "MA-03", Kind::Ofppt),
    ("OFPPT ISTA Oujda", "MA-02", Kind::Ofppt),
    ("OFPPT ISTA Marrakech", "MA-07", Kind::Ofppt),
    ("OFPPT ISTA Béni Mellal", "MA-05", Kind::Ofppt),
    ("OFPPT ISTA Laâyoune", "MA-11", Kind::Ofppt),
    ("OFPPT ISTA Dakhla", "MA-12", Kind::Ofppt),
    ("OFPPT ISTA Errachidia", "MA-08", Kind::Ofppt),
    ("OFPPT ISTA Ouarzazate", "MA-08", Kind::Ofppt),
    ("OFPPT ISTA Guelmim", "MA-10", Kind::Ofppt),
];

/// Fields (programme names from `taxonomy/crosswalk.csv` or specialisation labels) per kind.
pub(super) fn fields(kind: Kind) -> &'static [(&'static str, u32)] {
    match kind {
        Kind::Engineering => &[
            ("Génie informatique", 18),
            ("Ingénierie de la cybersécurité et confiance numérique", 1),
            ("Big data et intelligence artificielle", 2),
            ("Génie industriel", 12),
            ("Génie civil", 12),
            ("Génie électrique", 8),
            ("Génie mécanique", 8),
            ("Génie des télécommunications et réseaux", 8),
            ("Ingénierie des systèmes d'information", 6),
            ("Génie des procédés", 5),
        ],
        Kind::Business => &[
            ("Audit et contrôle de gestion", 20),
            ("Finance et comptabilité", 25),
            ("Marketing et action commerciale", 15),
            ("Commerce international", 15),
            ("Gestion financière et comptable", 15),
            ("Ressources humaines", 10),
            ("Logistique", 8),
        ],
        Kind::Fst => &[
            ("Génie informatique", 8),
            ("Sciences mathématiques et informatique", 12),
            ("Génie industriel", 8),
            ("Génie électrique", 8),
            ("Génie mécanique", 6),
            ("Génie des procédés", 6),
            ("Génie civil", 6),
            ("Industries agricoles et alimentaires", 6),
            ("Génie électrique et énergies renouvelables", 5),
            ("Intelligence artificielle et science des données", 1),
        ],
        Kind::Est => &[
            ("Génie informatique", 20),
            ("Techniques de management", 20),
            ("Gestion financière et comptable", 15),
            ("Techniques de commercialisation et de communication", 12),
            ("Génie électrique et informatique industrielle", 10),
            ("Génie thermique et énergétique", 6),
            ("Administration systèmes et réseaux", 6),
            ("Développement web et mobile", 6),
        ],
        Kind::University => &[
            ("Sciences économiques et gestion", 30),
            ("Économie et gestion", 20),
            ("Droit", 20),
            ("Gestion financière", 15),
            ("Informatique", 8),
            ("Sciences mathématiques et applications", 5),
            ("Comptabilité", 8),
            ("Statistique et économie appliquée", 4),
            ("Agronomie et agroalimentaire", 3),
        ],
        Kind::Ofppt => &[
            ("Développement digital", 12),
            ("Développement digital option web full stack", 6),
            ("Infrastructure digitale", 10),
            ("Infrastructure digitale option cybersécurité", 1),
            ("Infrastructure digitale option cloud computing", 1),
            ("Gestion des entreprises", 25),
            ("Techniques de commercialisation et de communication", 10),
            ("Comptabilité", 15),
            ("Électromécanique des systèmes automatisés", 10),
            ("Management hôtelier et touristique", 6),
            ("Soins infirmiers polyvalents", 4),
        ],
        Kind::Textile => &[
            ("Génie industriel textile", 50),
            ("Textile et habillement", 30),
            ("Logistique", 20),
        ],
    }
}

/// Levels per kind, with weights.
pub(super) fn levels(kind: Kind) -> &'static [(&'static str, u32)] {
    match kind {
        Kind::Engineering => &[("Ingénieur", 85), ("Master", 10), ("Doctorat", 5)],
        Kind::Business => &[("Master", 60), ("Licence", 40)],
        Kind::Fst => &[("Licence", 50), ("Master", 25), ("Ingénieur", 25)],
        Kind::Est => &[("DUT", 100)],
        Kind::University => &[("Licence", 70), ("Master", 25), ("Doctorat", 5)],
        Kind::Ofppt => &[("Technicien spécialisé", 100)],
        Kind::Textile => &[("Ingénieur", 60), ("Licence", 40)],
    }
}

/// Plausible cohort sizes per level.
pub(super) fn cohort_size(level: &str) -> (u32, u32) {
    match level {
        "Technicien spécialisé" => (20, 150),
        "DUT" => (20, 100),
        "Licence" => (60, 300),
        "Master" => (15, 60),
        "Ingénieur" => (25, 110),
        _ => (5, 20), // Doctorat
    }
}

/// Fields that name no specialisation (about 2% of cohorts).
pub(super) const UNMAPPABLE_FIELDS: [&str; 4] = [
    "Études islamiques",
    "Langue et littérature arabes",
    "Histoire et géographie",
    "Philosophie",
];
