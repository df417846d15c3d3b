//! Label folding: the one definition of "the same label" used everywhere.
//!
//! Real exports spell a place or a field in many ways: `Fès-Meknès`, `FES MEKNES`, ` fes meknes `,
//! `فاس - مكناس`. Folding maps all of these to one key so that matching is case-, accent-,
//! punctuation- and whitespace-insensitive, and so that Arabic spellings with or without diacritics
//! and with the usual letter variants (أ/إ/آ/ا, ى/ي, ة/ه) meet.

use unicode_normalization::char::is_combining_mark;

/// Folds a label to its matching key: lower case, accents and Arabic diacritics removed, Arabic letter
/// variants unified, Arabic-Indic digits made ASCII, every run of non-alphanumeric characters turned
/// into one space, and the ends trimmed.
///
/// ```
/// use skillgap::taxonomy::fold;
/// assert_eq!(fold("  Région de Fès-Meknès "), "region de fes meknes");
/// assert_eq!(fold("L'Oriental"), "l oriental");
/// assert_eq!(fold("الدار البيضاء-سطات"), "الدار البيضاء سطات");
/// ```
pub fn fold(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    let mut pending_space = false;
    let mut push = |c: char, out: &mut String| {
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c);
        } else {
            pending_space = true;
        }
    };
    if label.is_ascii() {
        for b in label.bytes() {
            push(b.to_ascii_lowercase() as char, &mut out);
        }
        return out;
    }
    for c in label.chars() {
        if c.is_ascii() {
            // what `fold_char` makes of it, without the decomposition look-up
            push(c.to_ascii_lowercase(), &mut out);
        } else {
            fold_char(c, |l| push(l, &mut out));
        }
    }
    out
}

/// Folds one character, as [`fold`] does, into the characters it stands for: its compatibility
/// decomposition without accents, Arabic diacritics and the tatweel, in lower case, with the
/// Arabic letter variants unified and Arabic-Indic digits made ASCII (`É` gives `e`, `œ` gives
/// `o` and `e`, `½` gives `1`, `⁄`, `2`). What is not alphanumeric among them counts as a space.
///
/// For folders that work a character at a time, such as the skills matcher's.
pub(crate) fn fold_char(c: char, mut emit: impl FnMut(char)) {
    unicode_normalization::char::decompose_compatible(c, |d| {
        if is_combining_mark(d) || d == '\u{0640}' {
            // accents, Arabic harakat and hamza marks, and the tatweel stretch character
            return;
        }
        match d {
            'œ' | 'Œ' => {
                emit('o');
                emit('e');
            }
            'æ' | 'Æ' => {
                emit('a');
                emit('e');
            }
            'ß' => {
                emit('s');
                emit('s');
            }
            _ => {
                for l in d.to_lowercase() {
                    emit(unify_arabic(l));
                }
            }
        }
    });
}

/// Unifies the Arabic letters that real spellings use interchangeably, and maps Arabic-Indic and
/// Eastern Arabic-Indic digits to ASCII digits.
fn unify_arabic(c: char) -> char {
    match c {
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ى' | 'ئ' => 'ي',
        'ة' => 'ه',
        'ؤ' => 'و',
        // Persian and Urdu forms that keyboards put in Arabic text: heh doachashmee, heh goal
        // and heh with yeh, Farsi yeh, keheh
        'ھ' | 'ہ' | 'ۀ' => 'ه',
        'ی' => 'ي',
        'ک' => 'ك',
        '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
        '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::fold;

    /// `fold` takes ASCII characters without `fold_char`: it must be what `fold_char` gives.
    #[test]
    fn fold_char_lowers_ascii_and_nothing_more() {
        for c in (0u8..128).map(char::from) {
            let mut out = Vec::new();
            super::fold_char(c, |l| out.push(l));
            assert_eq!(out, [c.to_ascii_lowercase()], "{c:?}");
        }
    }

    #[test]
    fn folds_case_accents_punctuation_and_space() {
        assert_eq!(
            fold("Tanger-Tétouan-Al Hoceïma"),
            "tanger tetouan al hoceima"
        );
        assert_eq!(
            fold("TANGER TETOUAN AL HOCEIMA"),
            "tanger tetouan al hoceima"
        );
        assert_eq!(
            fold("  tanger\ttétouan   al-hoceïma  "),
            "tanger tetouan al hoceima"
        );
        assert_eq!(fold("Drâa-Tafilalet"), "draa tafilalet");
        assert_eq!(fold("Laâyoune-Sakia El Hamra"), "laayoune sakia el hamra");
        assert_eq!(fold("Béni Mellal–Khénifra"), "beni mellal khenifra");
        assert_eq!(fold("SOC / sécurité SI"), "soc securite si");
        assert_eq!(
            fold("Chargé(e) de recrutement (H/F)"),
            "charge e de recrutement h f"
        );
        assert_eq!(fold("Œuvre"), "oeuvre");
    }

    #[test]
    fn empty_and_punctuation_only_fold_to_empty() {
        assert_eq!(fold(""), "");
        assert_eq!(fold(" - / , "), "");
    }

    #[test]
    fn arabic_variants_meet() {
        // with and without hamza, taa marbuta vs haa, alef maqsura vs yaa, diacritics, tatweel
        assert_eq!(fold("الدار البيضاء"), fold("الدار البيضاء"));
        assert_eq!(fold("أكادير"), fold("اكادير"));
        assert_eq!(fold("جهة"), fold("جهه"));
        assert_eq!(fold("مكناس"), fold("مِكْنَاس"));
        assert_eq!(fold("فـــاس"), fold("فاس"));
        assert_eq!(fold("٢٠٢٤"), "2024");
        // Persian and Urdu letters typed for Arabic ones: heh doachashmee, Farsi yeh, keheh
        assert_eq!(fold("مھندس"), fold("مهندس"));
        assert_eq!(fold("موسیقی"), fold("موسيقي"));
        assert_eq!(fold("کاتب"), fold("كاتب"));
    }
}
