//! The words of a job title, made comparable with the words of the occupation phrases.
//!
//! Both sides go through the same steps, so that a rule never has to be written twice:
//!
//! 1. the title is cut where it lists several jobs (`Caissier/Caissière`, `Data Engineer - Lyon`,
//!    `Offre d'emploi : ingénieur`), but not at a gender slash (`Chef/fe de projet`);
//! 2. each piece is folded with the taxonomy's [`fold`] (case, accents, punctuation, Arabic letter
//!    variants);
//! 3. job-ad noise is dropped: gender marks (`(e)`, `(trice)`, `H/F`, `M/F`), contract and
//!    recruiting words (`CDI`, `urgent`, `recrute`) and numbers, and so are articles and
//!    prepositions (`technicien en maintenance` is `technicien de maintenance`);
//! 4. each word is reduced to a canonical form that merges French gender and number and the Arabic
//!    article and feminine ending: `commerciales`, `commerciaux` and `commercial` meet, as do
//!    `vendeuse`/`vendeur`, `opératrice`/`opérateur`, `technicienne`/`technicien`, `الكاتبة`/`كاتب`.
//!
//! The canonical forms are keys, not words to show: `ventes` becomes `vent`. What matters is that a
//! title and a phrase that mean the same person end up with the same keys.

use std::borrow::Cow;
use std::ops::Range;

use crate::taxonomy::fold;

/// A title ready for matching: canonical words, and the pieces of the title they came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Words {
    /// Canonical words, in title order.
    pub tokens: Vec<String>,
    /// Word ranges of the pieces of the title, in title order; never empty.
    pub segments: Vec<Range<usize>>,
}

impl Words {
    /// The words of a title, cut into the jobs it lists.
    pub fn of_title(title: &str) -> Words {
        let mut out = Words::default();
        for piece in pieces(title) {
            let start = out.tokens.len();
            push_canonical(&fold(piece), &mut out.tokens);
            if out.tokens.len() > start {
                out.segments.push(start..out.tokens.len());
            }
        }
        out
    }

    /// The words of a running text (a description), in one piece.
    pub fn of_text(text: &str) -> Words {
        let mut out = Words::default();
        push_canonical(&fold(text), &mut out.tokens);
        if !out.tokens.is_empty() {
            out.segments.push(0..out.tokens.len());
        }
        out
    }

    /// True when nothing but noise was found.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }
}

/// The canonical key of a phrase from the data files: its canonical words joined by spaces.
pub fn canonical(phrase: &str) -> String {
    let folded = fold(phrase);
    let mut key = String::with_capacity(folded.len());
    for word in folded.split(' ') {
        if word.is_empty() || is_noise(word) || is_function_word(word) {
            continue;
        }
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(&canonical_word(word));
    }
    key
}

/// The pieces of a title that may each name a job: cut at `/ | , ; : •`, line breaks and dashes
/// with a space beside them, except for a slash followed by a gender ending (`Chef/fe`,
/// `Employé/es`), which marks the same job.
pub fn pieces(title: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = title.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let cut = match c {
            '|' | ',' | ';' | ':' | '•' | '\n' | '\r' => true,
            '/' => !before_gender_ending(&title[i + 1..]),
            '-' | '–' | '—' => {
                let spaced = |j: Option<&(usize, char)>| j.is_none_or(|&(_, c)| c.is_whitespace());
                (k == 0 || spaced(chars.get(k - 1))) || spaced(chars.get(k + 1))
            }
            _ => false,
        };
        if cut {
            out.push(&title[start..i]);
            start = i + c.len_utf8();
        }
    }
    out.push(&title[start..]);
    out
}

/// True when `rest` (what follows a slash) starts with a gender ending and nothing else before the
/// next space or punctuation.
fn before_gender_ending(rest: &str) -> bool {
    let end = rest
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(rest.len());
    end > 0 && is_gender_mark(&fold(&rest[..end]))
}

/// French gender and number endings written apart from their word: `Chargé(e)`, `Serveur(se)`,
/// `Administrateur (trice)`, `Chef/fe`.
fn is_gender_mark(folded: &str) -> bool {
    matches!(
        folded,
        "e" | "es"
            | "ne"
            | "nes"
            | "se"
            | "ses"
            | "fe"
            | "trice"
            | "trices"
            | "ice"
            | "rice"
            | "euse"
            | "euses"
            | "ere"
            | "eres"
            | "iere"
            | "ieres"
            | "ive"
            | "ives"
            | "ienne"
            | "iennes"
            | "ale"
            | "ales"
            | "te"
            | "sse"
    )
}

/// Words that say something about the advertisement, never about the job.
fn is_noise(folded: &str) -> bool {
    is_gender_mark(folded)
        || folded.bytes().all(|b| b.is_ascii_digit())
        || matches!(
            folded,
            "h" | "f"
                | "m"
                | "w"
                | "hf"
                | "fh"
                | "mf"
                | "cdi"
                | "cdd"
                | "anapec"
                | "urgent"
                | "urgente"
                | "recrute"
                | "recrutons"
                | "cherche"
                | "cherchons"
                | "recherchons"
                | "experimente"
                | "experimentee"
                | "confirme"
                | "confirmee"
                | "debutant"
                | "debutante"
        )
}

/// Articles, prepositions and conjunctions: titles use them freely (`technicien en maintenance`,
/// `technicien de maintenance`, `technicien maintenance`), so they are not part of a key.
fn is_function_word(folded: &str) -> bool {
    matches!(
        folded,
        "de" | "d"
            | "du"
            | "des"
            | "la"
            | "le"
            | "l"
            | "les"
            | "en"
            | "a"
            | "au"
            | "aux"
            | "et"
            | "pour"
            | "un"
            | "une"
            | "of"
            | "the"
            | "and"
            | "in"
            | "for"
            | "an"
    )
}

/// Appends the canonical forms of the words of a folded text, noise and function words left out.
fn push_canonical(folded: &str, out: &mut Vec<String>) {
    for word in folded.split(' ') {
        if word.is_empty() || is_noise(word) || is_function_word(word) {
            continue;
        }
        out.push(canonical_word(word).into_owned());
    }
}

/// French plural endings, tried in order: (ending, replacement, shortest word it applies to).
const PLURALS: [(&str, &str, usize); 2] = [("eaux", "eau", 5), ("aux", "al", 5)];

/// French feminine endings and their masculine, tried in order (the first that fits wins); the
/// stem left must keep at least three letters.
const FEMININES: [(&str, &str); 15] = [
    ("trice", "teur"),
    ("euse", "eur"),
    ("ienne", "ien"),
    ("iere", "ier"),
    ("elle", "el"),
    ("onne", "on"),
    ("esse", "e"),
    ("ere", "er"),
    ("ive", "if"),
    ("ale", "al"),
    ("ante", "ant"),
    ("ente", "ent"),
    ("ate", "at"),
    ("ine", "in"),
    ("ee", "e"),
];

/// The canonical form of one folded word: masculine singular for French, without the article and
/// the feminine or plural ending for Arabic. Other words are left as they are.
pub fn canonical_word(word: &str) -> Cow<'_, str> {
    if word.chars().any(is_arabic) {
        return Cow::Owned(canonical_arabic(word));
    }
    let mut w: Cow<str> = Cow::Borrowed(word);
    let plural = PLURALS
        .iter()
        .find(|(end, _, min)| w.len() >= *min && w.ends_with(end));
    if let Some((end, repl, _)) = plural {
        w = Cow::Owned(format!("{}{repl}", &w[..w.len() - end.len()]));
    } else if w.len() > 3
        && w.ends_with('s')
        && !(w.ends_with("ss") || w.ends_with("us") || w.ends_with("is"))
    {
        w = Cow::Owned(w[..w.len() - 1].to_string());
    }
    let feminine = FEMININES
        .iter()
        .find(|(end, _)| w.ends_with(end) && w.len() >= end.len() + 3);
    if let Some((end, repl)) = feminine {
        w = Cow::Owned(format!("{}{repl}", &w[..w.len() - end.len()]));
    }
    w
}

fn is_arabic(c: char) -> bool {
    ('\u{0600}'..='\u{06FF}').contains(&c)
}

/// Arabic: the article `ال` and the endings `ه` (folded taa marbuta), `ات`, `ون`, `ين` are dropped
/// when at least three letters remain, so `الكاتبة`, `كاتبة` and `كاتب` meet.
fn canonical_arabic(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    let mut s: &[char] = &chars;
    if s.len() >= 5 && s[0] == 'ا' && s[1] == 'ل' {
        s = &s[2..];
    }
    for end in [&['ا', 'ت'][..], &['و', 'ن'], &['ي', 'ن'], &['ه']] {
        if s.len() >= end.len() + 3 && s.ends_with(end) {
            s = &s[..s.len() - end.len()];
            break;
        }
    }
    s.iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(title: &str) -> Vec<String> {
        Words::of_title(title).tokens
    }

    #[test]
    fn gender_and_number_meet() {
        for (a, b) in [
            ("Commerciale", "commercial"),
            ("commerciaux", "commercial"),
            ("Vendeuses", "vendeur"),
            ("Opératrice", "opérateur"),
            ("Technicienne", "technicien"),
            ("Caissière", "caissier"),
            ("assistante", "assistant"),
            ("Administrative", "administratif"),
            ("Directrice", "directeur"),
            ("Hôtesse", "hôte"),
            ("employée", "employé"),
            ("Réseaux", "réseau"),
            ("Profs", "prof"),
        ] {
            assert_eq!(keys(a), keys(b), "{a} / {b}");
        }
        assert_eq!(
            canonical("Agents d'Entretien"),
            canonical("agent d'entretien")
        );
    }

    #[test]
    fn arabic_article_and_endings_meet() {
        assert_eq!(keys("الكاتبة"), keys("كاتب"));
        assert_eq!(keys("ممرضة"), keys("ممرض"));
        assert_eq!(keys("مساعدة إدارية"), keys("مساعد اداري"));
        assert_eq!(keys("مهندسين"), keys("مهندس"));
    }

    #[test]
    fn articles_and_prepositions_do_not_count() {
        assert_eq!(
            canonical("technicien en maintenance"),
            canonical("Technicien de maintenance")
        );
        assert_eq!(
            canonical("Responsable de la communication"),
            "responsable communication"
        );
    }

    #[test]
    fn noise_is_dropped() {
        assert_eq!(
            keys("Chargé(e) de recrutement (H/F) CDI"),
            keys("chargé de recrutement")
        );
        assert_eq!(
            keys("Administrateur (trice) système"),
            keys("administrateur système")
        );
        assert_eq!(keys("URGENT recrute 2 serveurs"), keys("serveur"));
        assert!(Words::of_title(" (H/F) - 2024 ").is_empty());
    }

    #[test]
    fn titles_are_cut_where_they_list_jobs() {
        let w = Words::of_title("Caissier/Caissière - Casablanca");
        assert_eq!(w.segments, vec![0..1, 1..2, 2..3]);
        let w = Words::of_title("Chef/fe de Projet");
        assert_eq!(w.segments, vec![0..2]); // "de" is not a key word
        assert_eq!(w.tokens, keys("chef de projet"));
        let w = Words::of_title("Web-markteur / Data-analyst");
        assert_eq!(w.segments, vec![0..2, 2..4]);
        let w = Words::of_title("Offre d'emploi : ingénieur en horticulture");
        assert_eq!(w.segments.len(), 2);
    }
}
