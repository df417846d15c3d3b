use super::*;
use crate::skills::fold_key;
use crate::taxonomy::{Skill, SkillType, Spelling, Taxonomy};

/// A dictionary of `(id, spellings)`, with negatives `(spelling, context)`.
fn dict(skills: &[(&str, &[&str])], negatives: &[(&str, &str)]) -> SkillDictionary {
    let mut sorted: Vec<&(&str, &[&str])> = skills.iter().collect();
    sorted.sort_by_key(|(id, _)| *id);
    let mut d = SkillDictionary::default();
    for (i, (id, spellings)) in sorted.into_iter().enumerate() {
        d.skills.push(Skill {
            id: id.to_string(),
            kind: SkillType::Tool,
            label_en: id.to_string(),
            label_fr: id.to_string(),
            label_ar: id.to_string(),
            specialisations: Vec::new(),
            esco_uri: String::new(),
        });
        for s in *spellings {
            let (s, lang) = match s.strip_suffix("@fr") {
                Some(s) => (s, Some(Lang::Fr)),
                None => (*s, None),
            };
            d.spellings.push(Spelling {
                key: fold_key(s),
                skill: i as SkillIdx,
                lang,
            });
        }
    }
    d.negatives = (negatives.iter())
        .map(|(a, c)| (fold_key(a), fold_key(c)))
        .collect();
    d
}

/// The ids of the skills `matcher` finds in `text`.
fn found(d: &SkillDictionary, text: &str) -> Vec<String> {
    let m = Matcher::new(d);
    let mut f = Folded::new();
    f.push_field(text);
    f.finish();
    let mut out = Vec::new();
    m.find(&f, &mut out);
    out.iter().map(|&s| d.skill(s).id.clone()).collect()
}

#[test]
fn longest_spelling_wins_and_words_are_whole() {
    let d = dict(
        &[
            ("sql", &["SQL"]),
            ("sql-server", &["SQL Server", "MSSQL"]),
            ("java", &["Java"]),
            ("javascript", &["JavaScript", "JS"]),
            ("excel", &["Excel"]),
            ("scala", &["Scala"]),
        ],
        &[],
    );
    assert_eq!(found(&d, "Bases SQL Server, Java"), ["java", "sql-server"]);
    assert_eq!(found(&d, "SQL et SQL Server"), ["sql", "sql-server"]);
    assert_eq!(
        found(&d, "un excellent JavaScript scalable"),
        ["javascript"]
    );
    assert_eq!(found(&d, "excel,scala"), ["excel", "scala"]);
    // side by side, both found; each counted once however often named
    assert_eq!(found(&d, "java java JAVA sql"), ["java", "sql"]);
}

#[test]
fn units_elision_and_abbreviations_are_not_skills() {
    let d = dict(
        &[
            ("go-language", &["Go", "Golang"]),
            ("c-language", &["C", "langage C"]),
            ("r-language", &["R"]),
            ("python", &["Python"]),
        ],
        &[],
    );
    assert_eq!(found(&d, "16 Go de RAM, 25 °C"), Vec::<String>::new());
    assert_eq!(found(&d, "Go et C"), ["c-language", "go-language"]);
    assert_eq!(found(&d, "c'est en R&D, R.H. et S/R"), Vec::<String>::new());
    assert_eq!(
        found(&d, "maîtrise de R et Python"),
        ["python", "r-language"]
    );
    // a job title's H/F is not an abbreviation of R
    assert_eq!(found(&d, "Data analyst R H/F"), ["r-language"]);
    // a longer spelling wins before any rule applies
    assert_eq!(found(&d, "le langage C d'abord"), ["c-language"]);
}

#[test]
fn negative_contexts_reject_their_spelling_only_in_place() {
    let d = dict(
        &[("sage", &["Sage"]), ("tableau", &["Tableau"])],
        &[("Sage", "sage femme"), ("Tableau", "tableau de bord")],
    );
    assert_eq!(found(&d, "Sage-femme diplômée"), Vec::<String>::new());
    assert_eq!(found(&d, "comptabilité sur Sage, une sage femme"), ["sage"]);
    assert_eq!(found(&d, "tableau de bord sous Tableau"), ["tableau"]);
    assert_eq!(found(&d, "tableau de bord"), Vec::<String>::new());
}

#[test]
fn compound_and_language_bound_spellings() {
    let d = dict(
        &[
            (
                "sysadmin",
                &[
                    "administration systèmes",
                    "administration systèmes et réseaux",
                ],
            ),
            (
                "netadmin",
                &[
                    "administration réseaux",
                    "administration systèmes et réseaux",
                ],
            ),
            ("ms-teams", &["Microsoft Teams", "Teams@fr"]),
        ],
        &[],
    );
    assert_eq!(
        found(&d, "Administration systèmes et réseaux"),
        ["netadmin", "sysadmin"]
    );
    assert_eq!(
        found(&d, "vous travaillerez sous Teams avec les équipes"),
        ["ms-teams"]
    );
    assert_eq!(
        found(&d, "you will work with the teams of our partners"),
        Vec::<String>::new()
    );
    assert_eq!(found(&d, "you will use Microsoft Teams"), ["ms-teams"]);
}

#[test]
fn reports_where_each_match_lies() {
    let d = dict(&[("python", &["Python"]), ("sql", &["SQL"])], &[]);
    let m = Matcher::new(&d);
    let mut f = Folded::new();
    f.push_field("Python, SQL");
    f.finish();
    let mut at = Vec::new();
    m.each(&f, |s, r| at.push((d.skill(s).id.clone(), &f.as_str()[r])));
    assert_eq!(
        at,
        [("python".to_string(), "python"), ("sql".to_string(), "sql")]
    );
}

/// The default dictionary on phrases of real postings.
#[test]
fn the_default_dictionary_finds_the_usual_spellings() {
    let tax = Taxonomy::default_embedded();
    let d = &tax.skills;
    let m = Matcher::new(d);
    let cases: &[(&str, &[&str])] = &[
        ("PowerBI et Power BI", &["power-bi"]),
        ("Kubernetes (k8s)", &["kubernetes"]),
        ("ISO/IEC 27001", &["iso-27001"]),
        ("apprentissage automatique", &["machine-learning"]),
        ("C#, C++ et .NET", &["cpp", "csharp", "dotnet"]),
        ("une sage-femme, 16 Go de RAM, c'est en R&D", &[]),
    ];
    let mut f = Folded::new();
    let mut out = Vec::new();
    for (text, want) in cases {
        f.clear();
        f.push_field(text);
        f.finish();
        m.find(&f, &mut out);
        let mut got: Vec<&str> = out.iter().map(|&s| d.skill(s).id.as_str()).collect();
        got.sort_unstable();
        assert_eq!(&got, want, "{text}");
    }
}

/// The trie finds what an Aho-Corasick automaton over every key with a space at each end finds,
/// leftmost-longest, going on from the space that ends each match: on real postings, on every
/// key side by side with the next (longer keys overlapping shorter ones), and with the text's
/// last space cut off (a key at the very end is then not a whole word).
#[test]
fn the_trie_finds_what_an_automaton_over_the_spaced_keys_finds() {
    use aho_corasick::{AhoCorasick, Input, MatchKind};
    let tax = Taxonomy::default_embedded();
    let m = Matcher::new(&tax.skills);
    // the keys in pattern order, as `Matcher::new` numbers them
    let mut seen = std::collections::HashSet::new();
    let keys: Vec<&str> = (tax.skills.spellings.iter())
        .map(|s| s.key.as_str())
        .filter(|k| seen.insert(*k))
        .collect();
    assert_eq!(keys.len(), m.patterns.len());
    let automaton = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(keys.iter().map(|k| format!(" {k} ")))
        .unwrap();
    let mut texts: Vec<String> = Vec::new();
    for dir in ["skills", "skills-en"] {
        let path = format!(
            "{}/tests/fixtures/{dir}/postings.csv",
            env!("CARGO_MANIFEST_DIR")
        );
        let mut rdr = csv::ReaderBuilder::new()
            .flexible(true)
            .from_path(path)
            .unwrap();
        for rec in rdr.records() {
            texts.push(rec.unwrap().iter().collect::<Vec<_>>().join("\n"));
        }
    }
    texts.push(keys.join(" "));
    texts.push(keys.iter().rev().copied().collect::<Vec<_>>().join(" "));
    texts.push(keys.join(" de "));
    let (mut found, mut checked) = (0, 0);
    let mut f = Folded::new();
    for text in &texts {
        f.clear();
        f.push_field(text);
        f.finish();
        let full = f.as_bytes();
        for hay in [full, &full[..full.len() - 1]] {
            let mut want = Vec::new();
            let mut at = 0;
            while let Some(k) = automaton.find(Input::new(hay).range(at..)) {
                want.push((k.pattern().as_u32(), k.start() + 1..k.end() - 1));
                at = k.end() - 1;
            }
            let mut got = Vec::new();
            m.matches(hay, |p, words| got.push((p, words)));
            assert_eq!(got, want, "{}", String::from_utf8_lossy(hay));
            found += got.len();
            checked += 1;
        }
    }
    assert_eq!(checked, 2 * texts.len());
    // every key, in three of the texts at least, and the postings' own
    assert!(found > 3 * keys.len(), "{found} matches");
}
