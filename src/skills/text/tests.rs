use super::*;

/// The folded text of one field.
fn folded(s: &str) -> String {
    let mut f = Folded::new();
    f.push_field(s);
    f.finish();
    f.as_str().to_string()
}

#[test]
fn folds_as_labels_fold() {
    assert_eq!(
        folded("Maîtrise de l'Anglais, SQL/Python"),
        " maitrise de l anglais sql python "
    );
    assert_eq!(folded("  Œuvre\u{a0}ÉTÉ "), " oeuvre ete ");
    assert_eq!(folded(""), " ");
    assert_eq!(folded("الدار البيضاء-سطات"), " الدار البيضاء سطات ");
    // the same key as the taxonomy's fold for text without special characters
    for s in [
        "Région de Fès-Meknès",
        "Node.js / Vue.js",
        "ISO/IEC 27001",
        "Power BI",
    ] {
        assert_eq!(fold_key(s), crate::taxonomy::fold(s), "{s}");
    }
}

#[test]
fn rewrites_names_that_folding_would_destroy() {
    assert_eq!(fold_key("C++"), "cplusplus");
    assert_eq!(fold_key("C++17 et C#"), "cplusplus17 et csharp");
    assert_eq!(fold_key("F# #NextTribu"), "fsharp nexttribu");
    assert_eq!(
        fold_key("CompTIA Security+, A+"),
        "comptia securityplus aplus"
    );
    assert_eq!(fold_key("Bac+5"), "bac 5");
    assert_eq!(
        fold_key(".NET Core, ASP.NET, VB.NET, C#.NET"),
        "dotnet core asp dotnet vb dotnet csharp dotnet"
    );
    assert_eq!(fold_key("atos.net"), "atos net");
    assert_eq!(fold_key("R+1"), "r 1");
}

#[test]
fn unescapes_html_and_drops_tags() {
    assert_eq!(folded("r&eacute;el"), " reel ");
    assert_eq!(folded("<li>Python</li><br/>Java"), " python java ");
    assert_eq!(folded("&lt;p&gt;SQL&lt;/p&gt;"), " sql ");
    assert_eq!(
        folded("d&#233;veloppeur &amp;eacute; x&#xE9;"),
        " developpeur e xe "
    );
    assert_eq!(folded("a < b et c > d"), " a b et c d ");
    assert_eq!(folded("R&D"), " r d ");
    assert_eq!(folded("&unknown; x"), " unknown x ");
}

#[test]
fn remembers_elided_letters() {
    let mut f = Folded::new();
    f.push_field("C'est l\u{2019}outil C d'abord");
    f.finish();
    assert_eq!(f.as_str(), " c est l outil c d abord ");
    // `c` at 1, `l` at 7, `c` at 15, `d` at 17
    assert!(f.is_elided(1));
    assert!(f.is_elided(7));
    assert!(!f.is_elided(15));
    assert!(f.is_elided(17));
}

#[test]
fn fields_stay_apart_and_clear_resets() {
    let mut f = Folded::new();
    f.push_field("Power");
    f.push_field("BI");
    f.finish();
    assert_eq!(f.as_str(), " power bi ");
    f.clear();
    assert!(f.is_empty());
    f.push_field("x");
    f.finish();
    assert_eq!(f.as_str(), " x ");
}

#[test]
fn guesses_the_language() {
    let lang = |s: &str| {
        let mut f = Folded::new();
        f.push_field(s);
        f.finish();
        f.language()
    };
    assert_eq!(
        lang("Vous maîtrisez les outils et la suite Office"),
        Lang::Fr
    );
    assert_eq!(
        lang("You will work with the teams of our partners"),
        Lang::En
    );
    assert_eq!(lang(""), Lang::Fr);
}

proptest::proptest! {
    /// Whatever the input, the folded text is ` word word `: single spaces, one at each end.
    #[test]
    fn folded_text_is_well_formed(s in "\\PC{0,80}") {
        let t = folded(&s);
        proptest::prop_assert!(t.starts_with(' ') && t.ends_with(' '));
        proptest::prop_assert!(!t.contains("  ") || t == " ");
    }
}

#[test]
fn the_table_of_two_byte_characters_folds_as_fold_char() {
    // each character between two letters, folded through the table and one at a time
    for u in 0x80u32..0x800 {
        let Some(c) = char::from_u32(u) else {
            continue;
        };
        let mut slow = Folded::new();
        slow.push_byte(b'a');
        let bytes = c.to_string();
        slow.push_char(c, bytes.as_bytes(), bytes.len());
        slow.push_byte(b'b');
        slow.finish();
        let mut fast = Folded::new();
        fast.push_field(&format!("a{c}b"));
        fast.finish();
        assert_eq!(fast.as_str(), slow.as_str(), "U+{u:04X} {c}");
        assert_eq!(fast.elided, slow.elided, "U+{u:04X} {c}");
    }
    assert_eq!(
        folded("Ingénieur réseaux, ŒUVRE: ß"),
        " ingenieur reseaux oeuvre ss "
    );
    assert_eq!(folded("a\u{a0}b\u{301}c"), " a bc ");
}
