//! Tests of place resolution: the spellings of real exports, the load checks, and the invariant
//! that one region's name, alone or with noise, is always that one region.

use proptest::prelude::*;

use super::*;
use crate::taxonomy::Resolved;

/// The embedded taxonomy, built once for all the tests here (the property tests ask for it on
/// every case).
fn tax() -> &'static Taxonomy {
    static TAX: std::sync::OnceLock<Taxonomy> = std::sync::OnceLock::new();
    TAX.get_or_init(Taxonomy::default_embedded)
}

/// The place of a label, as `MA-06`, `MA-00`, `abroad FR`, `several MA-05 MA-09`, `unknown`.
fn at(t: &Taxonomy, label: &str) -> String {
    t.place_of(label).describe(&t.regions)
}

fn check(t: &Taxonomy, cases: &[(&str, &str)]) {
    let wrong: Vec<String> = cases
        .iter()
        .filter(|(label, want)| at(t, label) != *want)
        .map(|(label, want)| format!("{label:?}: {} (want {want})", at(t, label)))
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn national_remote_and_unspecified_are_morocco_without_a_region() {
    check(
        tax(),
        &[
            ("Tout le Maroc", "MA-00"),
            ("Tout le Maroc / A distance ", "MA-00"),
            ("Maroc", "MA-00"),
            ("Morocco", "MA-00"),
            ("MA", "MA-00"),
            ("Remote, MA", "MA-00"),
            ("Télétravail", "MA-00"),
            ("TELETRAVAIL", "MA-00"),
            ("100% télétravail", "MA-00"),
            ("A distance", "MA-00"),
            ("À distance", "MA-00"),
            ("Remote", "MA-00"),
            ("Full remote - Maroc", "MA-00"),
            ("Autre ville ", "MA-00"),
            ("Autres régions", "MA-00"),
            ("Toutes les villes", "MA-00"),
            ("Partout au Maroc", "MA-00"),
            ("Royaume du Maroc", "MA-00"),
            ("كل المغرب", "MA-00"),
            ("عن بعد", "MA-00"),
            ("العمل عن بعد", "MA-00"),
            ("المغرب", "MA-00"),
            ("المملكة المغربية", "MA-00"),
            ("National (sans région)", "MA-00"),
            ("MA-00", "MA-00"),
        ],
    );
}

#[test]
fn the_whole_country_beats_the_places_listed_beside_it() {
    check(
        tax(),
        &[
            ("Casablanca - Tout le Maroc", "MA-00"),
            ("Rabat, Tanger, toutes les villes", "MA-00"),
            ("كل المغرب - الرباط", "MA-00"),
        ],
    );
}

#[test]
fn country_and_remote_words_only_qualify_a_place_named_beside_them() {
    check(
        tax(),
        &[
            ("Casablanca, Maroc", "MA-06"),
            ("Casablanca, 6, MA", "MA-06"),
            ("Télétravail - Tanger", "MA-01"),
            ("Remote, Casablanca, MA", "MA-06"),
            ("Hybride (Rabat)", "MA-04"),
            ("Autres régions - Canada", "abroad CA"),
            ("Remote, France", "abroad FR"),
            ("الدار البيضاء، المغرب", "MA-06"),
        ],
    );
}

#[test]
fn foreign_places_are_abroad_with_their_country() {
    check(
        tax(),
        &[
            ("Paris, France", "abroad FR"),
            ("Nouakchott, Mauritanie", "abroad MR"),
            ("Lyon", "abroad FR"),
            ("Montréal, QC, Canada", "abroad CA"),
            ("Dubaï - Émirats arabes unis", "abroad AE"),
            ("Doha", "abroad QA"),
            ("Riyadh, Saudi Arabia", "abroad SA"),
            ("Dakar, Sénégal", "abroad SN"),
            ("Abidjan, Côte d'Ivoire", "abroad CI"),
            ("Madrid", "abroad ES"),
            ("Bruxelles, Belgique", "abroad BE"),
            ("London, United Kingdom", "abroad GB"),
            ("Paris / Bruxelles", "abroad BE FR"),
            ("International", "abroad ZZ"),
            ("À l'étranger", "abroad ZZ"),
            ("Etranger - France", "abroad FR"),
            ("باريس، فرنسا", "abroad FR"),
            ("الخارج", "abroad ZZ"),
            ("دبي", "abroad AE"),
        ],
    );
}

#[test]
fn a_moroccan_place_beside_a_foreign_one_counts_in_its_region() {
    check(
        tax(),
        &[
            ("Casablanca, Paris", "MA-06"),
            ("Tanger / Madrid", "MA-01"),
            ("Casablanca, Rabat, Paris", "several MA-04 MA-06"),
        ],
    );
}

#[test]
fn places_in_several_regions_are_all_listed() {
    check(
        tax(),
        &[
            (
                "Agadir - Béni Mellal-Khénifra - Casablanca-Mohammedia - Dakhla -...",
                "several MA-05 MA-06 MA-09 MA-12",
            ),
            ("Agadir & Marrakech-Safi", "several MA-07 MA-09"),
            ("Tanger ou Agadir", "several MA-01 MA-09"),
            ("Rabat / Settat", "several MA-04 MA-06"),
            (
                "Casablanca, Rabat; Fès | Tanger",
                "several MA-01 MA-03 MA-04 MA-06",
            ),
            (
                "Tanger-Tétouan-Al Hoceïma et Casablanca-Settat",
                "several MA-01 MA-06",
            ),
            (
                "Béni Mellal-Khénifra and Souss-Massa",
                "several MA-05 MA-09",
            ),
            ("Fès-Meknès, Drâa-Tafilalet", "several MA-03 MA-08"),
            (
                "Laâyoune-Sakia El Hamra / Dakhla-Oued Ed-Dahab",
                "several MA-11 MA-12",
            ),
            ("الرباط - الدار البيضاء", "several MA-04 MA-06"),
            ("Casablanca, Marrakech (Maroc)", "several MA-06 MA-07"),
        ],
    );
}

#[test]
fn old_regions_split_between_two_of_today_are_several() {
    check(
        tax(),
        &[
            ("Meknès-Tafilalet", "several MA-03 MA-08"),
            ("Doukkala-Abda", "several MA-06 MA-07"),
            ("Chaouia-Ouardigha", "several MA-05 MA-06"),
            ("Taza-Al Hoceïma-Taounate", "several MA-01 MA-03"),
            ("Guelmim-Es Semara", "several MA-10 MA-11"),
            // the exception kept on purpose, and the old names of one of today's regions
            ("Souss-Massa-Drâa", "MA-09"),
            ("Gharb-Chrarda-Béni Hssen", "MA-04"),
            ("Tadla-Azilal", "MA-05"),
        ],
    );
}

#[test]
fn one_region_named_several_ways_is_one_region() {
    check(
        tax(),
        &[
            ("Rabat, Rabat-Salé-Kénitra, Morocco", "MA-04"),
            ("Casablanca-Mohammedia", "MA-06"),
            ("Casablanca et région - Maroc", "MA-06"),
            ("Tanger, Tanger-Tétouan-Al Hoceïma", "MA-01"),
            ("Béni Mellal-Khénifra", "MA-05"),
            ("Béni Mellal - Khénifra - Khouribga", "MA-05"),
            ("Rabat - Salé - Témara - Kénitra", "MA-04"),
            ("Région de Fès-Meknès", "MA-03"),
            ("MA-06", "MA-06"),
            // a longer name holds a shorter one of another region: the longer is the place
            ("Bab Taza", "MA-01"),
            ("El Aioun Sidi Mellouk", "MA-02"),
        ],
    );
}

#[test]
fn board_spellings_and_the_gazetteer() {
    check(
        tax(),
        &[
            ("Ouad Ed Dahab et région - Maroc", "MA-12"),
            ("Oued Eddahab", "MA-12"),
            ("Laâyoune", "MA-11"),
            ("Laayoune", "MA-11"),
            ("El Aaiun", "MA-11"),
            ("Sala Al Jadida", "MA-04"),
            ("Casablancacomp", "MA-06"),
            ("Tamesna", "MA-04"),
            ("Bouskoura", "MA-06"),
            ("Nouaceur", "MA-06"),
            ("Deroua", "MA-06"),
            ("Had Soualem", "MA-06"),
            ("Tit Mellil", "MA-06"),
            ("Ain Aouda", "MA-04"),
            ("Sidi Rahal", "MA-06"),
            ("Oualidia", "MA-06"),
            ("Tamensourte", "MA-07"),
            // provinces and prefectures, in French and Arabic
            ("Fahs-Anjra", "MA-01"),
            ("Moulay Yacoub", "MA-03"),
            ("Casablanca-Anfa", "MA-06"),
            ("Sidi Bernoussi", "MA-06"),
            ("عين الشق", "MA-06"),
            ("الفقيه بن صالح", "MA-05"),
            ("إنزكان-آيت ملول", "MA-09"),
            ("أوسرد", "MA-12"),
        ],
    );
}

#[test]
fn nothing_known_is_unknown() {
    check(
        tax(),
        &[
            ("", "unknown"),
            ("N/A", "unknown"),
            ("Non précisé", "unknown"),
            ("Zone industrielle", "unknown"),
        ],
    );
}

/// Every `location` of a real export from a Moroccan classifieds board (MarocAnnonces, 2023, 26,804
/// postings, 73 distinct values with the board's trailing space), and where each belongs.
const MAROCANNONCES: &[(&str, &str)] = &[
    ("Casablanca ", "MA-06"),
    ("Agadir ", "MA-09"),
    ("Rabat ", "MA-04"),
    ("Essaouira ", "MA-07"),
    ("Marrakech ", "MA-07"),
    ("Beni Mellal ", "MA-05"),
    ("Kénitra ", "MA-04"),
    ("Temara ", "MA-04"),
    ("Tanger ", "MA-01"),
    ("Khenifra ", "MA-05"),
    ("Imouzzer Kandar ", "MA-03"),
    ("El jadida ", "MA-06"),
    ("Salé ", "MA-04"),
    ("Tout le Maroc / A distance ", "MA-00"),
    ("Meknès ", "MA-03"),
    ("Fès ", "MA-03"),
    ("Taza ", "MA-03"),
    ("Berrechid ", "MA-06"),
    ("Benguerir ", "MA-07"),
    ("Mohammedia ", "MA-06"),
    ("Nador ", "MA-02"),
    ("Taroudant ", "MA-09"),
    ("Bouskoura ", "MA-06"),
    ("Midelt ", "MA-08"),
    ("Bouznika ", "MA-06"),
    ("Safi ", "MA-07"),
    ("Settat ", "MA-06"),
    ("Khouribga ", "MA-05"),
    ("Khemisset ", "MA-04"),
    ("Nouaceur ", "MA-06"),
    ("Tetouan ", "MA-01"),
    ("Ouarzazate ", "MA-08"),
    ("Autre ville ", "MA-00"),
    ("Benslimane ", "MA-06"),
    ("Youssoufia ", "MA-07"),
    ("Fkih Ben Salah ", "MA-05"),
    ("Oujda ", "MA-02"),
    ("Errachidia ", "MA-08"),
    ("Deroua ", "MA-06"),
    ("Guelmim ", "MA-10"),
    ("Martil ", "MA-01"),
    ("Laayoune ", "MA-11"),
    ("Larache ", "MA-01"),
    ("Al hoceima ", "MA-01"),
    ("Tinghir ", "MA-08"),
    ("Tiznit ", "MA-09"),
    ("Ouazzane ", "MA-01"),
    ("Zagora ", "MA-08"),
    ("Ifrane ", "MA-03"),
    ("Dakhla ", "MA-12"),
    ("Mediouna ", "MA-06"),
    ("Berkane ", "MA-02"),
    ("Tamensourte ", "MA-07"),
    ("Tamesna ", "MA-04"),
    ("Kabila ", "MA-01"),
    ("Sidi Rahal ", "MA-06"),
    ("Oualidia ", "MA-06"),
    ("Sidi Slimane ", "MA-04"),
    ("Sefrou ", "MA-03"),
    ("Sidi kacem ", "MA-04"),
    ("Souk Elarbaa Du Gharb ", "MA-04"),
    ("Tifelt ", "MA-04"),
    ("Chafchaouen ", "MA-01"),
    ("Boujdour ", "MA-11"),
    ("ksar el kebir ", "MA-01"),
    ("Sidi Bennour ", "MA-06"),
    ("Saidia ", "MA-02"),
    ("Assilah ", "MA-01"),
    ("Tarfaya ", "MA-11"),
    ("Azrou ", "MA-03"),
    ("Essmara ", "MA-11"),
    ("Tantan ", "MA-10"),
    ("El Hajeb ", "MA-03"),
];

#[test]
fn every_location_of_a_real_classifieds_export_is_placed() {
    assert_eq!(MAROCANNONCES.len(), 73);
    check(tax(), MAROCANNONCES);
}

#[test]
fn region_of_never_gives_a_several_region_label_to_one_of_them() {
    let t = tax();
    let code = |r: RegionIdx| t.region(r).code.clone();
    match t.region_of("Agadir & Marrakech-Safi") {
        Resolved::Ambiguous(c) => assert_eq!(c, ["MA-07", "MA-09"]),
        other => panic!("{other:?}"),
    }
    assert_eq!(t.region_of("Tout le Maroc"), Resolved::Unknown);
    assert_eq!(t.region_of("Paris, France"), Resolved::Unknown);
    assert!(matches!(t.region_of("Casablanca, Maroc"), Resolved::Found(r) if code(r) == "MA-06"));
}

/// The defaults with `aliases.csv` (and `cities.csv` when given) over them, or the error message.
fn load(aliases: &str, cities: Option<&str>) -> Result<Taxonomy, String> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("aliases.csv"), aliases).unwrap();
    if let Some(c) = cities {
        std::fs::write(dir.path().join("cities.csv"), c).unwrap();
    }
    Taxonomy::with_overrides(dir.path()).map_err(|e| e.to_string())
}

/// The error message of [`load`], if any.
fn load_error(aliases: &str, cities: Option<&str>) -> Option<String> {
    load(aliases, cities).err()
}

#[test]
fn names_whose_words_cross_are_ambiguous() {
    let aliases = "kind,alias,target\ncity,Alpha Beta,MA-01\ncity,Beta Gamma,MA-02\n";
    let t = load(aliases, None).unwrap();
    assert_eq!(at(&t, "Alpha Beta Gamma"), "ambiguous MA-01 MA-02");
    assert_eq!(at(&t, "Alpha Beta"), "MA-01");
}

#[test]
fn an_alias_contradicting_the_gazetteer_is_an_error_naming_file_and_line() {
    let err = load_error(
        "kind,alias,target\nregion,Tetouan region,MA-01\nregion,Casablanca,MA-01\n",
        None,
    )
    .expect("an error");
    assert!(
        err.contains("aliases.csv, line 3")
            && err.contains("`casablanca` points to MA-01")
            && err.contains("MA-06"),
        "{err}"
    );
    // the Arabic name of a city, and a city named as abroad
    let err = load_error("kind,alias,target\ncity,الرباط,MA-06\n", None).expect("an error");
    assert!(err.contains("line 2"), "{err}");
    let err = load_error("kind,alias,target\nabroad,Tanger,ES\n", None).expect("an error");
    assert!(err.contains("abroad ES") && err.contains("MA-01"), "{err}");
    // agreeing with the gazetteer is fine
    assert_eq!(
        load_error("kind,alias,target\ncity,Casablanca,MA-06\n", None),
        None
    );
}

#[test]
fn moving_a_city_needs_its_aliases_moved_too() {
    let cities = "city,region,province,name_ar\nDakhla,MA-11,Test,\n";
    let err = load_error("kind,alias,target\n", Some(cities)).expect("an error");
    assert!(
        err.contains("aliases.csv (built in)") && err.contains("`dakhla` points to MA-12"),
        "{err}"
    );
    // an override row replaces the built-in alias: then they agree
    assert_eq!(
        load_error("kind,alias,target\nregion,Dakhla,MA-11\n", Some(cities)),
        None
    );
}

#[test]
fn place_kinds_check_their_targets() {
    for (row, expect) in [
        ("national,Tout le pays,MA-01", "MA-00"),
        ("unspecified,Quelque part,MA-06", "MA-00"),
        ("abroad,Lille métropole,France", "alpha-2"),
        ("abroad,Lille métropole,fr", "alpha-2"),
        ("abroad,Rabat-Ville,MA", "Morocco is not abroad"),
        ("province,Province X,MA-13", "unknown region code `MA-13`"),
        (
            "town,Somewhere,MA-01",
            "kind must be region, city, province",
        ),
    ] {
        let err = load_error(&format!("kind,alias,target\n{row}\n"), None)
            .unwrap_or_else(|| panic!("{row} loads"));
        assert!(
            err.contains("line 2") && err.contains(expect),
            "{row}: {err}"
        );
    }
    assert_eq!(
        load_error(
            "kind,alias,target\nabroad,Lille métropole,FR\nnational,Tout le pays,MA-00\n",
            None
        ),
        None
    );
}

#[test]
fn every_region_name_and_alias_alone_is_its_region() {
    let t = tax();
    let mut wrong = Vec::new();
    for (phrase, target) in t.places.iter() {
        let want = match target {
            PlaceTarget::Region(r) => Place::Region(*r),
            PlaceTarget::National | PlaceTarget::Unspecified => Place::National,
            PlaceTarget::Abroad(c) => Place::Abroad {
                countries: vec![c.clone()],
            },
        };
        if t.place_of(phrase) != want {
            wrong.push(format!("{phrase}: {}", at(t, phrase)));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Words and punctuation around a place in real cells, none of them a place of its own.
const NOISE: &[&str] = &[
    "Région de",
    "Région",
    "et région",
    "- Maroc",
    ", Morocco",
    "(H/F)",
    "Télétravail",
    "Remote",
    "Hybride",
    "MA",
    "Préfecture de",
    "Province de",
    "Ville de",
    "centre ville",
    "Zone industrielle",
    "Quartier",
    "CDI",
    "urgent",
    "|",
    ",",
    " / ",
    " - ",
    "&",
    "et",
    "ou",
    "and",
    "2024",
    "n°12",
    "المغرب",
    "جهة",
    "",
];

/// Every phrase of the index that names a region, with its region, in a stable order.
fn region_phrases(t: &Taxonomy) -> Vec<(String, RegionIdx)> {
    let mut v: Vec<(String, RegionIdx)> = t
        .places
        .iter()
        .filter_map(|(p, target)| match target {
            PlaceTarget::Region(r) => Some((p.clone(), *r)),
            _ => None,
        })
        .collect();
    v.sort();
    v
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// One region's name or alias, with noise around it, is that region: never several.
    #[test]
    fn a_region_with_noise_around_it_is_that_region(
        pick in any::<prop::sample::Index>(),
        before in prop::sample::select(NOISE),
        after in prop::sample::select(NOISE),
        junk in "[a-z]{3,9}",
        junk_first in any::<bool>(),
    ) {
        let t = tax();
        let phrases = region_phrases(t);
        let (phrase, r) = &phrases[pick.index(phrases.len())];
        let label = format!("{before} {phrase} {after}");
        prop_assert_eq!(t.place_of(&label), Place::Region(*r), "{}", label);
        // a random word that is no place of its own may still make a longer name with the
        // place (`bab` + `Taza`), but never a second region
        prop_assume!(matches!(t.place_of(&junk), Place::Unknown));
        let label = if junk_first { format!("{junk} {phrase}") } else { format!("{phrase} {junk}") };
        prop_assert!(matches!(t.place_of(&label), Place::Region(_)), "{}", label);
    }

    /// Two names of one region, joined by any separator, are that region.
    #[test]
    fn two_names_of_one_region_are_one_region(
        a in any::<prop::sample::Index>(),
        b in any::<prop::sample::Index>(),
        sep in prop::sample::select(&[" - ", "-", " & ", "/", ", ", ";", " et ", " ou ", " and ", " | "][..]),
    ) {
        let t = tax();
        let phrases = region_phrases(t);
        let (first, r) = &phrases[a.index(phrases.len())];
        let same: Vec<&String> = phrases.iter().filter(|(_, s)| s == r).map(|(p, _)| p).collect();
        let second = same[b.index(same.len())];
        let label = format!("{first}{sep}{second}");
        prop_assert_eq!(t.place_of(&label), Place::Region(*r), "{}", label);
    }
}
