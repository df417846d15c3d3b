//! Tests of the embedded taxonomy and of label resolution.

use super::*;

fn tax() -> Taxonomy {
    Taxonomy::default_embedded()
}

fn region(t: &Taxonomy, label: &str) -> Option<String> {
    match t.region_of(label) {
        Resolved::Found(r) => Some(t.region(r).code.clone()),
        _ => None,
    }
}

fn spec(t: &Taxonomy, label: &str) -> Option<String> {
    t.specialisation_of(label).map(|s| t.spec(s).id.clone())
}

#[test]
fn embedded_taxonomy_loads_with_the_twelve_regions() {
    let t = tax();
    let codes: Vec<&str> = t.regions.iter().map(|r| r.code.as_str()).collect();
    let expected: Vec<String> = (1..=12).map(|i| format!("MA-{i:02}")).collect();
    assert_eq!(codes, expected);
    for r in &t.regions {
        assert!(!r.name_fr.is_empty() && !r.name_en.is_empty() && !r.name_ar.is_empty());
    }
    assert!(
        t.cities.len() >= 100,
        "gazetteer has {} cities",
        t.cities.len()
    );
    for r in &t.regions {
        assert!(
            t.cities.iter().any(|c| c.region == r.code),
            "no city in {}",
            r.code
        );
    }
}

#[test]
fn priority_specialisations_exist_with_their_ids() {
    let t = tax();
    for id in [
        "cybersecurity",
        "data",
        "artificial-intelligence",
        "cloud",
        "devops",
        "software-testing",
    ] {
        let s = t.specialisations.iter().find(|s| s.id == id);
        assert!(
            s.is_some_and(|s| s.priority),
            "{id} missing or not priority"
        );
    }
    assert!((35..=80).contains(&t.specialisations.len()));
    for s in &t.specialisations {
        assert!(
            !s.label_ar.is_empty() && !s.label_fr.is_empty(),
            "{} lacks labels",
            s.id
        );
    }
}

#[test]
fn crosswalk_weights_sum_to_one() {
    for p in &tax().programmes {
        let total: u32 = p.parts.iter().map(|(_, w)| w).sum();
        assert_eq!(total, WEIGHT_SCALE, "{}", p.name);
    }
}

#[test]
fn regions_in_three_languages_and_old_names() {
    let t = tax();
    for (label, code) in [
        ("Casablanca-Settat", "MA-06"),
        ("CASABLANCA SETTAT", "MA-06"),
        ("Grand Casablanca", "MA-06"),
        ("الدار البيضاء سطات", "MA-06"),
        ("Région de l'Oriental", "MA-02"),
        ("Tanger-Tétouan-Al Hoceïma", "MA-01"),
        ("Tangier-Tetouan-Al Hoceima", "MA-01"),
        ("Fès-Meknès", "MA-03"),
        ("fes meknes", "MA-03"),
        ("Laâyoune-Sakia El Hamra", "MA-11"),
        ("Dakhla-Oued Ed-Dahab", "MA-12"),
        ("Drâa-Tafilalet", "MA-08"),
    ] {
        assert_eq!(region(&t, label).as_deref(), Some(code), "{label}");
    }
}

#[test]
fn cities_place_postings_in_their_region() {
    let t = tax();
    for (city, code) in [
        ("Casablanca", "MA-06"),
        ("Mohammedia", "MA-06"),
        ("Rabat", "MA-04"),
        ("Kénitra", "MA-04"),
        ("Tanger", "MA-01"),
        ("Tangier", "MA-01"),
        ("Fès", "MA-03"),
        ("Fez", "MA-03"),
        ("Marrakech", "MA-07"),
        ("Agadir", "MA-09"),
        ("Oujda", "MA-02"),
        ("Errachidia", "MA-08"),
        ("Guelmim", "MA-10"),
        ("Laâyoune", "MA-11"),
        ("Dakhla", "MA-12"),
        ("Béni Mellal", "MA-05"),
        ("أكادير", "MA-09"),
    ] {
        assert_eq!(region(&t, city).as_deref(), Some(code), "{city}");
    }
}

#[test]
fn long_location_text_finds_the_place_inside() {
    let t = tax();
    assert_eq!(
        region(&t, "Casablanca et région - Maroc").as_deref(),
        Some("MA-06")
    );
    assert_eq!(
        region(&t, "Rabat, Rabat-Salé-Kénitra, Morocco").as_deref(),
        Some("MA-04")
    );
    assert_eq!(region(&t, "Casablanca, 6, MA").as_deref(), Some("MA-06"));
    assert_eq!(
        region(&t, "Région de Souss-Massa").as_deref(),
        Some("MA-09")
    );
    assert_eq!(region(&t, "Maroc"), None);
    assert_eq!(region(&t, "Télétravail"), None);
}

#[test]
fn two_different_places_are_ambiguous_not_guessed() {
    let t = tax();
    // two cities in different regions: several regions, never one of them (see `place_of`)
    assert!(matches!(
        t.region_of("Rabat / Settat"),
        Resolved::Ambiguous(_)
    ));
}

#[test]
fn titles_are_classified_by_keywords_despite_noise() {
    let t = tax();
    for (title, id) in [
        ("Ingénieur DevOps (H/F)", "devops"),
        ("DATA SCIENTIST - Casablanca", "data"),
        ("Développeur Full Stack | Rabat (Maroc)", "web-development"),
        ("Analyste SOC F/H", "cybersecurity"),
        ("Ingénieur Machine Learning", "artificial-intelligence"),
        ("Testeur QA confirmé - Tanger", "software-testing"),
        ("Comptable | Casablanca (Maroc)", "accounting"),
        ("Téléconseiller francophone", "customer-relations"),
    ] {
        assert_eq!(spec(&t, title).as_deref(), Some(id), "{title}");
    }
    assert_eq!(spec(&t, "Chauffeur"), None);
    // a title written for a woman meets the keyword written for a man, not a shorter one in it
    for (title, id) in [
        ("Développeur web", "web-development"),
        ("Développeuse Web Casa", "web-development"),
        ("Ingénieure data", "data-engineering"),
        ("Développeuse", "software-development"),
    ] {
        assert_eq!(spec(&t, title).as_deref(), Some(id), "{title}");
    }
    // a job board's broad sector names its industry, not renewable energy
    assert_eq!(
        spec(&t, "Industrie / Ingénierie / Energie").as_deref(),
        Some("industrial-engineering")
    );
    // guarding buildings is not cybersecurity
    assert_eq!(spec(&t, "Sécurité / Surveillance / Gardiennage"), None);
}

#[test]
fn specialisation_labels_and_ids_resolve_exactly() {
    let t = tax();
    assert_eq!(spec(&t, "Cybersécurité").as_deref(), Some("cybersecurity"));
    assert_eq!(
        spec(&t, "artificial-intelligence").as_deref(),
        Some("artificial-intelligence")
    );
    assert_eq!(spec(&t, "الأمن السيبراني").as_deref(), Some("cybersecurity"));
}

#[test]
fn broad_programmes_are_split_and_named_ones_are_whole() {
    let t = tax();
    let gi = t
        .field_of("Génie informatique")
        .expect("Génie informatique maps");
    let shares = t.shares(gi);
    assert!(shares.len() > 1);
    assert_eq!(shares.iter().map(|(_, w)| w).sum::<u32>(), WEIGHT_SCALE);
    let cyber = t.field_of("Master Cybersécurité").expect("maps by keyword");
    let shares = t.shares(cyber);
    assert_eq!(shares.len(), 1);
    assert_eq!(t.spec(shares[0].0).id, "cybersecurity");
}

#[test]
fn overrides_add_aliases_and_report_bad_rows_with_their_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("aliases.csv"),
        "kind,alias,target\nregion,Maroc Atlantique,MA-06\nspecialisation,Sécurité offensive,cybersecurity\n",
    )
    .unwrap();
    let t = Taxonomy::with_overrides(dir.path()).unwrap();
    assert_eq!(region(&t, "maroc atlantique").as_deref(), Some("MA-06"));
    assert_eq!(
        spec(&t, "Securite offensive").as_deref(),
        Some("cybersecurity")
    );
    assert!(t.version.ends_with("+custom"));

    std::fs::write(
        dir.path().join("aliases.csv"),
        "kind,alias,target\nregion,Ailleurs,MA-13\n",
    )
    .unwrap();
    let err = Taxonomy::with_overrides(dir.path())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("aliases.csv, line 2") && err.contains("MA-13"),
        "{err}"
    );

    // an alias must agree with the gazetteer: Casablanca is a city of MA-06
    std::fs::write(
        dir.path().join("aliases.csv"),
        "kind,alias,target\nregion,Maroc Atlantique,MA-06\ncity,CASABLANCA,MA-01\n",
    )
    .unwrap();
    let err = Taxonomy::with_overrides(dir.path())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("aliases.csv, line 3")
            && err.contains("`casablanca` points to MA-01 here")
            && err.contains("has it in MA-06"),
        "{err}"
    );
    // agreeing with it is fine, and so is the name of a region
    std::fs::write(
        dir.path().join("aliases.csv"),
        "kind,alias,target\ncity,Casablanca,MA-06\nregion,Fes Meknes,MA-03\n",
    )
    .unwrap();
    assert!(Taxonomy::with_overrides(dir.path()).is_ok());
    std::fs::write(
        dir.path().join("aliases.csv"),
        "kind,alias,target\nregion,Fès-Meknès,MA-04\n",
    )
    .unwrap();
    let err = Taxonomy::with_overrides(dir.path())
        .unwrap_err()
        .to_string();
    assert!(err.contains("has it in MA-03"), "{err}");

    let empty = tempfile::tempdir().unwrap();
    assert!(matches!(
        Taxonomy::with_overrides(empty.path()),
        Err(TaxonomyError::Empty { .. })
    ));
}

#[test]
fn crosswalk_override_must_sum_to_one() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("crosswalk.csv"),
        "programme,specialisation,weight,note\nGénie X,data,0.5,\nGénie X,cloud,0.4,\n",
    )
    .unwrap();
    let err = Taxonomy::with_overrides(dir.path())
        .unwrap_err()
        .to_string();
    assert!(err.contains("sum to 0.9"), "{err}");
}

#[test]
fn any_subset_of_the_files_overrides_those_files() {
    // populations.csv alone: the rates change, every label stays as built in
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("populations.csv"),
        "code,population_2024\nMA-06,1600000\n",
    )
    .unwrap();
    let t = Taxonomy::with_overrides(dir.path()).unwrap();
    let built_in = Taxonomy::default_embedded();
    assert_eq!(t.populations.get("MA-06"), Some(1_600_000));
    assert_eq!(
        t.populations.get("MA-01"),
        built_in.populations.get("MA-01")
    );
    assert!(t.populations.source.contains("overridden by"));
    let json = |v: &[_]| serde_json::to_string(v).unwrap();
    assert_eq!(json(&t.regions), json(&built_in.regions));
    let json = |v: &[_]| serde_json::to_string(v).unwrap();
    assert_eq!(json(&t.specialisations), json(&built_in.specialisations));
    assert_eq!(t.version, format!("{}+custom", built_in.version));

    // one file of each kind, with or without populations.csv
    for file in super::FILES {
        let dir = tempfile::tempdir().unwrap();
        let text = super::default_files()
            .find(|(name, _)| *name == file)
            .unwrap()
            .1;
        std::fs::write(dir.path().join(file), text).unwrap();
        let t = Taxonomy::with_overrides(dir.path()).unwrap();
        assert!(t.version.ends_with("+custom"), "{file}");
        assert_eq!(t.populations, built_in.populations, "{file}");
    }

    // none of them: a wrong directory, named with every file it could hold
    let empty = tempfile::tempdir().unwrap();
    std::fs::write(empty.path().join("notes.txt"), "x").unwrap();
    let err = Taxonomy::with_overrides(empty.path())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("no taxonomy files found")
            && err.contains("families.csv")
            && err.contains("populations.csv"),
        "{err}"
    );
}

#[test]
fn a_specialisation_beats_only_another_known_one() {
    let header = "id,family,label_en,label_fr,label_ar,isced_f,isco_08,priority,beats\n";
    for (beats, said) in [
        ("big-data", "`quantum` beats `big-data`"),
        ("quantum", "`quantum` beats `quantum`"),
        // each id of a list is checked
        ("data big-data", "`quantum` beats `big-data`"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let row = format!("quantum,ict,Quantum,Quantique,كمومي,0688,2519,no,{beats}\n");
        std::fs::write(
            dir.path().join("specialisations.csv"),
            format!("{header}{row}"),
        )
        .unwrap();
        let err = Taxonomy::with_overrides(dir.path())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("specialisations.csv, line 2") && err.contains(said),
            "{err}"
        );
    }
    // a later file's row may name one of the built-in ids
    let dir = tempfile::tempdir().unwrap();
    let row = "quantum,ict,Quantum,Quantique,كمومي,0688,2519,no,data cloud\n";
    std::fs::write(
        dir.path().join("specialisations.csv"),
        format!("{header}{row}"),
    )
    .unwrap();
    let t = Taxonomy::with_overrides(dir.path()).unwrap();
    let quantum = t
        .specialisations
        .iter()
        .find(|s| s.id == "quantum")
        .unwrap();
    assert_eq!(quantum.beaten().collect::<Vec<_>>(), ["data", "cloud"]);
}
