//! The words of a job title, made comparable with the words of the occupation phrases.
//!
//! Both sides go through the same steps, so that a rule never has to be written twice:
//!
//! 1. the title is cut where it lists several jobs (`Caissier/Caissière`, `Data Engineer - Lyon`,
//!    `Offre d'emploi : ingénieur`), but not at a gender slash (`Chef/fe de projet`);
//! 2. each piece is folded with the taxonomy's [`fold`] (case, accents, punctuation, Arabic letter
//!    variants);
//! 3. job-ad noise is dropped: gender marks (`(e)`, `(trice)`, `H/F`, `M/F`), contract and
//!    recruiting words (`CDI`, `urgent`, `recrute`) and numbers, and so are articles,
//!    prepositions and possessives (`technicien en maintenance` is `technicien de maintenance`);
//!    what a title says in parentheses is read apart, after the rest, and a job written once per
//!    gender (`Ingénieure / Ingénieur BigData`) once;
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
    /// Index of the first segment that comes from a parenthesis (a side note: `(Casino)`,
    /// `(DIPLOME AGREE)`, `(Metteur au point)`); those come after the others.
    pub notes_from: usize,
}

impl Words {
    /// The words of a title, cut into the jobs it lists. A piece that only starts the next one
    /// is the same job written twice, once per gender (`Ingénieure / Ingénieur BigData`,
    /// `Administrateur / Administratrice de bases de données`): it is dropped, so that the job
    /// is read whole.
    ///
    /// What a title says in parentheses is a side note, read after the rest: a gender mark
    /// (`Chargé(e) d'affaires` is `Chargé d'affaires`), a place, a company, a diploma, sometimes
    /// the job again in other words.
    pub fn of_title(title: &str) -> Words {
        let (main, notes) = parentheses(title);
        let mut out = Words::default();
        out.push_pieces(&main);
        out.notes_from = out.segments.len();
        for note in notes {
            out.push_pieces(note);
        }
        out
    }

    fn push_pieces(&mut self, text: &str) {
        let mut parts: Vec<Vec<String>> = Vec::new();
        for piece in pieces(text) {
            let mut tokens = Vec::new();
            push_canonical(&spelled_out(piece, fold(piece)), &mut tokens);
            // `Recrutement d'une infirmière`: a title that opens on the word announces the job
            // that follows (`Chargé de recrutement` keeps it)
            let first = self.tokens.is_empty() && parts.is_empty();
            if first && tokens.len() > 1 && tokens[0] == "recrutement" {
                tokens.remove(0);
            }
            if !tokens.is_empty() {
                parts.push(tokens);
            }
        }
        for (k, tokens) in parts.iter().enumerate() {
            if parts
                .get(k + 1)
                .is_some_and(|next| starts_like(next, tokens))
            {
                continue;
            }
            let start = self.tokens.len();
            self.tokens.extend(tokens.iter().cloned());
            self.segments.push(start..self.tokens.len());
        }
    }

    /// True when segment `k` is a side note from a parenthesis, and the title has more than
    /// side notes.
    pub fn is_note(&self, k: usize) -> bool {
        self.notes_from > 0 && k >= self.notes_from
    }

    /// The words of a running text (a description), in one piece.
    pub fn of_text(text: &str) -> Words {
        let mut out = Words::default();
        push_canonical(&fold(text), &mut out.tokens);
        if !out.tokens.is_empty() {
            out.segments.push(0..out.tokens.len());
        }
        out.notes_from = out.segments.len();
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
    for word in key_words(&folded) {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(&canonical_word(word));
    }
    key
}

/// True when `piece` starts with the words of `start`, each the same or the same but for a
/// gender ending the canonical forms keep (`ingénieure`, `ingénieur`).
fn starts_like(piece: &[String], start: &[String]) -> bool {
    let alike = |a: &str, b: &str| {
        let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
        long.starts_with(short) && long.len() - short.len() <= 2 && short.len() >= 3
    };
    piece.len() >= start.len() && piece.iter().zip(start).all(|(a, b)| alike(a, b))
}

/// A title without what it says in balanced parentheses (each replaced by a space), and what
/// they hold, in order. An unclosed parenthesis is left in place.
fn parentheses(title: &str) -> (String, Vec<&str>) {
    let mut main = String::with_capacity(title.len());
    let mut notes = Vec::new();
    let mut rest = title;
    while let Some(open) = rest.find('(') {
        let Some(close) = rest[open..].find(')').map(|c| open + c) else {
            break;
        };
        main.push_str(&rest[..open]);
        main.push(' ');
        notes.push(&rest[open + 1..close]);
        rest = &rest[close + 1..];
    }
    main.push_str(rest);
    (main, notes)
}

/// True when a phrase loses a word of its own to the job-ad noise (`M&A specialist` is not a
/// `specialist` of anything, `FE principal` no `principal`): its key says less than it does.
/// So does one word that only function words stand beside (`stand-in` is no `stand`, `au pair`
/// no `pair`).
pub fn loses_words(phrase: &str) -> bool {
    let folded = fold(phrase);
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    let content = words.iter().filter(|w| !is_function_word(w)).count();
    let key = key_words(&folded).count();
    content > key || (key == 1 && words.len() > 1)
}

/// The title with `C++` and `C#` written out as words (`cplusplus`, `csharp`, as the skills
/// dictionary keys them): folding would leave each as the letter `c`, and `Ingénieur C++` would
/// name no field. A `c` inside a word (`ABC#1`) or before a letter (`C#dev`) stays as it is.
pub fn languages_spelled_out(title: &str) -> Cow<'_, str> {
    if !title.contains(['+', '#']) {
        return Cow::Borrowed(title);
    }
    let mut out = String::with_capacity(title.len() + 16);
    let mut prev: Option<char> = None;
    let mut rest = title;
    while let Some(c) = rest.chars().next() {
        let after = &rest[c.len_utf8()..];
        if matches!(c, 'c' | 'C') && !prev.is_some_and(char::is_alphanumeric) {
            let spelled = if after.starts_with("++") {
                Some(("cplusplus", 2))
            } else if after.starts_with('#') {
                Some(("csharp", 1))
            } else {
                None
            };
            if let Some((word, len)) = spelled {
                if !after[len..].starts_with(char::is_alphabetic) {
                    out.push_str(word);
                    out.push(' ');
                    prev = Some(' ');
                    rest = &after[len..];
                    continue;
                }
            }
        }
        out.push(c);
        prev = Some(c);
        rest = after;
    }
    Cow::Owned(out)
}

/// The pieces of a title that may each name a job: cut at `/ | , ; : •`, line breaks and dashes
/// with a space beside them, except for a slash followed by a gender ending (`Chef/fe`,
/// `Employé/es`), which marks the same job.
pub fn pieces(title: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = title.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let before = k.checked_sub(1).map(|j| chars[j].1);
        let after = chars.get(k + 1).map(|&(_, c)| c);
        let cut = match c {
            '|' | ',' | ';' | ':' | '•' | '\n' | '\r' => true,
            '/' => !before_gender_ending(&title[i + 1..]),
            '-' | '–' | '—' => {
                before.is_none_or(char::is_whitespace) || after.is_none_or(char::is_whitespace)
            }
            // `Maçon + aide maçon` joins two jobs; `C++` is a language
            '+' => {
                before.is_some_and(char::is_whitespace) && after.is_some_and(char::is_whitespace)
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

/// The title without the gender marks written apart from their word (`Chargé(e)`,
/// `Développeur(se)`, `Chef/fe`, `Ingénieur.e`, `Administrateur (trice)`), which would otherwise
/// split a keyword read in the raw title (`Chargé(e) de clientèle` holds `chargé de clientèle`).
/// A parenthesis or an ending that is not a gender mark (`(Casablanca)`, `.NET`) stays.
pub fn unmarked(title: &str) -> Cow<'_, str> {
    let mut out = String::new();
    let mut kept = 0;
    // letters just before, and the last character before any spaces (`Administrateur (trice)`)
    let (mut letters, mut word_end) = (0, None);
    for (i, c) in title.char_indices() {
        let after_letter = match c {
            '(' => word_end.is_some_and(char::is_alphabetic),
            '/' => letters > 0,
            // a word, not an initial (`H.S.E`)
            _ => letters > 1,
        };
        letters = if c.is_alphabetic() { letters + 1 } else { 0 };
        if !c.is_whitespace() {
            word_end = Some(c);
        }
        if i < kept || !after_letter || !matches!(c, '(' | '/' | '.' | '·') {
            continue;
        }
        let rest = &title[i + c.len_utf8()..];
        let end = rest
            .find(|c: char| !c.is_alphabetic())
            .unwrap_or(rest.len());
        if end == 0 || !is_gender_mark(&fold(&rest[..end])) {
            continue;
        }
        let next = rest[end..].chars().next();
        let skip = match c {
            '(' if next == Some(')') => end + 1,
            '(' => continue,
            _ if next.is_none_or(|n| !n.is_alphanumeric() && n != '.') => end,
            _ => continue,
        };
        out.push_str(&title[kept..i]);
        kept = i + c.len_utf8() + skip;
    }
    if kept == 0 {
        return Cow::Borrowed(title);
    }
    out.push_str(&title[kept..]);
    Cow::Owned(out)
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
                | "immediat"
                | "immediate"
                | "immediatement"
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
                // `English speaker`, `Chinese speaking`: the language alone says as much
                | "speaking"
                | "speaker"
                // the town of Salé, often named in a title (`sales`, the field, keeps its `s`:
                // see `canonical_word`)
                | "sale"
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
            | "sur"
            | "dans"
            | "avec"
            | "par"
            | "chez"
            | "sa"
            | "ses"
            | "mon"
            | "ma"
            | "mes"
            | "notre"
            | "nos"
            | "votre"
            | "vos"
            | "leur"
            | "leurs"
            // Arabic: in, of, on, to, with, about, and
            | "في"
            | "من"
            | "على"
            | "الى"
            | "مع"
            | "عن"
            | "و"
            // Moroccan Arabic: of (two spellings), in, so as to
            | "ديال"
            | "د"
            | "ف"
            | "باش"
    )
}

/// The words of a folded text that can be part of a key: noise and function words left out;
/// `son` after a preposition (`pour son système d'information`), where it is a possessive,
/// not the sound of `ingénieur du son`; and the `d'État` of a state diploma (`Ingénieur d'État
/// en informatique` is an `ingénieur informatique`), which names no field.
fn key_words(folded: &str) -> impl Iterator<Item = &str> {
    let (mut two_before, mut before) = ("", "");
    folded.split(' ').filter(move |&word| {
        let possessive = word == "son"
            && matches!(
                before,
                "pour" | "dans" | "sur" | "avec" | "par" | "chez" | "a"
            );
        let diploma = word == "etat"
            && before == "d"
            && matches!(
                two_before,
                "ingenieur" | "ingenieure" | "ingenieurs" | "diplome" | "diplomee" | "docteur"
            );
        (two_before, before) = (before, word);
        !(word.is_empty() || is_noise(word) || is_function_word(word) || possessive || diploma)
    })
}

/// A folded piece of a title with the shorthands and slips a phrase cannot match written out:
/// `F&B` (whose letters alone are a gender mark and noise) as `food beverage`, and a
/// participle of a job written as its infinitive before `de` (`Charger de recrutement`,
/// `Employer de bureau`), a slip of French writers as common as a missing accent.
fn spelled_out(piece: &str, folded: String) -> String {
    const INFINITIVES: [(&str, &str); 2] = [("charger", "charge"), ("employer", "employe")];
    let shorthand = piece.contains('&') && folded.split(' ').any(|w| w == "b");
    let slip = INFINITIVES.iter().any(|(inf, _)| folded.contains(inf));
    let on_call = folded.contains(" de garde");
    if !shorthand && !slip && !on_call {
        return folded;
    }
    let words: Vec<&str> = folded.split(' ').collect();
    let mut out: Vec<&str> = Vec::with_capacity(words.len() + 1);
    let mut k = 0;
    while k < words.len() {
        let (word, next) = (words[k], words.get(k + 1).copied());
        if shorthand && word == "f" && next == Some("b") {
            out.extend(["food", "beverage"]);
            k += 2;
            continue;
        }
        // `de garde` after a job names its duty rota (`Médecin de garde`, `Technicien de garde`),
        // not a guard; after `agent` or `poste` it is the guard's post
        let after_job = k > 0 && !matches!(words[k - 1], "agent" | "agents" | "poste" | "postes");
        if on_call && word == "de" && next == Some("garde") && after_job {
            k += 2;
            continue;
        }
        let before_de = matches!(next, Some("de" | "d" | "du" | "des"));
        match INFINITIVES.iter().find(|(inf, _)| *inf == word) {
            Some((_, participle)) if before_de => out.push(participle),
            _ => out.push(word),
        }
        k += 1;
    }
    out.join(" ")
}

/// Appends the canonical forms of the words of a folded text, noise and function words left out.
fn push_canonical(folded: &str, out: &mut Vec<String>) {
    for word in key_words(folded) {
        out.push(canonical_word(word).into_owned());
    }
}

/// French plural endings, tried in order: (ending, replacement, shortest word it applies to).
const PLURALS: [(&str, &str, usize); 2] = [("eaux", "eau", 5), ("aux", "al", 5)];

/// French feminine endings and their masculine, tried in order (the first that fits wins); the
/// stem left must keep at least three letters.
const FEMININES: [(&str, &str); 16] = [
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
    // past participles (`saisie`, `sortie`), often written without their `e` (`agent de la saisi`)
    ("ie", "i"),
];

/// The feminine forms of a canonical word that name a woman doing the job (`infirmiere` for
/// `infirmier`, `technicienne` for `technicien`): the spellings a title writes and mistypes
/// (`infirmeire`), which the canonical form does not show. Only endings of nouns of agents
/// are given, not the `e` any word may take (`comptable` has none), and only forms whose
/// canonical form is the word.
pub fn feminine_forms(canonical: &str) -> impl Iterator<Item = String> + '_ {
    let mut seen: Vec<String> = Vec::new();
    (FEMININES.iter())
        .filter(|(_, masc)| masc.len() > 1)
        .filter_map(move |(fem, masc)| {
            let stem = canonical.strip_suffix(masc)?;
            let form = format!("{stem}{fem}");
            let new = stem.len() >= 3 && canonical_word(&form) == canonical;
            (new && !seen.contains(&form)).then(|| {
                seen.push(form.clone());
                form
            })
        })
}

/// The canonical form of one folded word: masculine singular for French, without the article and
/// the feminine or plural ending for Arabic. Other words are left as they are, and so is
/// `sales`, whose singular would be the town of Salé (`sale` once folded): `Sales` names a
/// field, `Commercial Salé` a place.
pub fn canonical_word(word: &str) -> Cow<'_, str> {
    if word.chars().any(is_arabic) {
        return Cow::Owned(canonical_arabic(word));
    }
    if word == "sales" {
        return Cow::Borrowed(word);
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

/// Arabic: the article `ال`, with a one-letter preposition or conjunction written onto it
/// (`و`, `ب`, `ف`, `ك`, `ل`: `بالكيسة`, `فالحانوت`, `للمبيعات`), and the endings `ه` (folded
/// taa marbuta), `ات`, `ون`, `ين` are dropped when at least three letters remain, so `الكاتبة`,
/// `كاتبة` and `كاتب` meet.
fn canonical_arabic(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    let mut s: &[char] = &chars;
    if s.len() >= 6 && matches!(s[0], 'و' | 'ب' | 'ف' | 'ك') && s[1] == 'ا' && s[2] == 'ل' {
        s = &s[3..];
    } else if s.len() >= 5 && matches!(s[0], 'ا' | 'ل') && s[1] == 'ل' {
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
    fn feminine_forms_are_those_of_agents_that_fold_back() {
        let forms = |w: &str| feminine_forms(w).collect::<Vec<_>>();
        assert_eq!(forms("infirmier"), ["infirmiere"]);
        assert_eq!(forms("technicien"), ["technicienne"]);
        assert_eq!(forms("vendeur"), ["vendeuse"]);
        assert_eq!(forms("animateur"), ["animatrice", "animateuse"]);
        // no `e` for any word, and no form of a word too short to have one
        assert!(forms("comptable").is_empty());
        assert!(forms("chef").is_empty());
        for w in ["infirmier", "technicien", "vendeur", "animateur"] {
            assert!(forms(w).iter().all(|f| canonical_word(f) == w));
        }
    }

    #[test]
    fn arabic_prepositions_and_articles_are_left_out_of_keys() {
        // `in` and the article say nothing: an IT technician is one however it is written
        assert_eq!(keys("تقني في المعلوميات"), keys("تقني معلوميات"));
        assert_eq!(keys("مختص في قواعد البيانات"), keys("مختص قواعد بيانات"));
        assert_eq!(keys("تقني في المعلوميات").len(), 2);
    }

    #[test]
    fn languages_written_with_symbols_are_spelled_out() {
        let spelled = |t: &str| languages_spelled_out(t).into_owned();
        assert_eq!(
            spelled("Ingénieur C++ confirmé"),
            "Ingénieur cplusplus  confirmé"
        );
        assert_eq!(spelled("Développeur C/C++17"), "Développeur C/cplusplus 17");
        assert_eq!(spelled("Dev C#/.NET"), "Dev csharp /.NET");
        // inside a word, or before a letter, the `c` is not the language
        assert_eq!(spelled("ABC#1 Lead"), "ABC#1 Lead");
        assert_eq!(spelled("C#dev"), "C#dev");
        assert_eq!(spelled("Maçon + aide"), "Maçon + aide");
        assert!(matches!(
            languages_spelled_out("Data Engineer"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn shorthands_and_infinitive_slips_are_written_out() {
        assert_eq!(keys("F&B Supervisor"), keys("food beverage supervisor"));
        assert_eq!(keys("Directeur F & B"), keys("directeur food beverage"));
        assert_eq!(
            keys("Charger de recrutement"),
            keys("Chargé de recrutement")
        );
        assert_eq!(keys("Chargée d'affaires"), keys("Charger d'affaires"));
        assert_eq!(keys("Employer de bureau"), keys("Employé de bureau"));
        // the infinitive of its own, and the letters without an ampersand, stay as written
        assert_eq!(keys("Furnace charger"), ["furnace", "charger"]);
        assert_eq!(keys("Employer branding"), ["employer", "branding"]);
        assert_eq!(keys("Serveur H/F B"), keys("serveur b"));
        // a job's duty rota is not a guard; a guard's post is
        assert_eq!(keys("Technicien de garde"), keys("Technicien"));
        assert_eq!(keys("Médecins de garde la nuit"), keys("Médecins la nuit"));
        assert_eq!(keys("Agent de garde"), ["agent", "garde"]);
        assert_eq!(keys("Garde de nuit"), ["garde", "nuit"]);
    }

    #[test]
    fn gender_marks_leave_the_raw_title() {
        for (title, plain) in [
            ("Chargé(e) de clientèle", "Chargé de clientèle"),
            ("Développeur(se) Web", "Développeur Web"),
            (
                "Administrateur (trice) Systèmes",
                "Administrateur  Systèmes",
            ),
            ("Chef/fe de projet IT", "Chef de projet IT"),
            ("Ingénieur.e Data", "Ingénieur Data"),
            ("Technicien·ne réseaux", "Technicien réseaux"),
            ("Employé/es de bureau", "Employé de bureau"),
        ] {
            assert_eq!(unmarked(title), plain, "{title}");
        }
        // not gender marks: a place, another job, an initial, a tool, the ad's `H/F`
        for title in [
            "Vendeur (Casablanca)",
            "Caissier/Caissière",
            "Responsable H.S.E",
            "Développeur ASP.NET",
            "Comptable H/F",
            "Chargé (e",
        ] {
            assert!(matches!(unmarked(title), Cow::Borrowed(_)), "{title}");
        }
    }

    #[test]
    fn gender_and_number_meet() {
        for (a, b) in [
            ("Commerciale", "commercial"),
            ("commerciaux", "commercial"),
            ("Vendeuses", "vendeur"),
            ("Opératrice", "opérateur"),
            ("Technicienne", "technicien"),
            ("saisie", "saisi"),
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
        // a preposition written onto the article, and Moroccan Arabic's `of`
        assert_eq!(keys("فالكيسة ديال الحانوت"), keys("كيسة حانوت"));
        assert_eq!(keys("بالمحل"), keys("محل"));
        assert_eq!(keys("للمبيعات"), keys("مبيعات"));
        // a word that only starts with the same letters keeps them
        assert_eq!(keys("بالغ"), ["بالغ"]);
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
        // a possessive is not the sound an engineer records
        assert_eq!(
            keys("Administrateur pour son système d'information"),
            keys("administrateur système information")
        );
        assert_eq!(canonical("ingénieur du son"), "ingenieur son");
        // a state diploma names no field; the civil registry does
        assert_eq!(
            keys("Ingénieur d'État en informatique"),
            keys("ingénieur informatique")
        );
        assert_eq!(canonical("agent d'état civil"), "agent etat civil");
        assert!(loses_words("M&A specialist"));
        assert!(!loses_words("Responsable de la communication"));
        assert!(loses_words("stand-in"));
        assert!(loses_words("au pair"));
        assert!(!loses_words("comptable"));
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
        // a title opening on `recrutement` announces the job that follows
        assert_eq!(
            Words::of_title("Recrutement d'une infirmière").tokens,
            Words::of_title("infirmière").tokens
        );
        assert_eq!(
            Words::of_title("RECRUTEMENT IMMÉDIAT").tokens,
            ["recrutement"]
        );
        assert_eq!(
            Words::of_title("Chargé de recrutement").tokens,
            ["charge", "recrutement"]
        );
    }

    #[test]
    fn titles_are_cut_where_they_list_jobs() {
        let w = Words::of_title("Caissier/Caissière - Casablanca");
        assert_eq!(w.segments, vec![0..1, 1..2]);
        assert_eq!(w.tokens, keys("caissier casablanca"));
        // the same job once per gender is read once, whole
        let w = Words::of_title("Ingénieure / Ingénieur BigData");
        assert_eq!(w.segments, vec![0..2]);
        assert_eq!(w.tokens, keys("ingénieur bigdata"));
        let w = Words::of_title("Vendeur / Vendeur en boulangerie / Caissier");
        assert_eq!(w.segments, vec![0..2, 2..3]);
        let w = Words::of_title("Chef/fe de Projet");
        assert_eq!(w.segments, vec![0..2]); // "de" is not a key word
        assert_eq!(w.tokens, keys("chef de projet"));
        let w = Words::of_title("Web-markteur / Data-analyst");
        assert_eq!(w.segments, vec![0..2, 2..4]);
        let w = Words::of_title("Offre d'emploi : ingénieur en horticulture");
        assert_eq!(w.segments.len(), 2);
        // a spaced plus joins two jobs; a language's does not
        let w = Words::of_title("Maçon qualifié + aide maçon");
        assert_eq!(w.segments.len(), 2);
        assert_eq!(Words::of_title("Développeur C++ / C#").segments.len(), 2);
        assert_eq!(Words::of_title("Développeur C++ senior").segments.len(), 1);
        // a parenthesis is a side note, read last; a gender mark in one is noise
        let w = Words::of_title("Croupier (Casino) - El Jadida");
        assert_eq!(w.tokens, keys("croupier el jadida casino"));
        assert_eq!(w.segments, vec![0..1, 1..3, 3..4]);
        assert!(!w.is_note(1) && w.is_note(2));
        assert_eq!(keys("Chargé(e) d'affaires"), keys("chargé d'affaires"));
        let w = Words::of_title("(H/F)Administrateur Windows");
        assert_eq!(w.segments, vec![0..2]);
        assert!(!w.is_note(0));
        // alone, a parenthesis is the title
        let w = Words::of_title("(Cuisinier)");
        assert_eq!((w.segments.len(), w.is_note(0)), (1, false));
    }
}
