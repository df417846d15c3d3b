//! Posting text, folded for the skills matcher in one pass, without allocating per character.
//!
//! Folding is [`crate::taxonomy::fold`]'s (lower case, accents and Arabic diacritics removed,
//! every run of other characters one space), with what posting text needs besides:
//!
//! - **HTML** as some exports carry it: entities are unescaped (`&eacute;`, `&#8217;`, `&nbsp;`,
//!   doubly escaped `&amp;eacute;`) and tags dropped (`<li>`, `&lt;br&gt;`), which would otherwise
//!   fold to stray words (`r&eacute;el` to `r eacute el`, and a match of R).
//! - **Names that folding would destroy** are rewritten first: `C++` to `cplusplus` (`C++17` to
//!   `cplusplus17`), a single letter and `#` to `sharp` (`C#`, `F#`; a hashtag is untouched), a
//!   word ending in one `+` to `plus` (`Security+`, `CompTIA A+`; `Bac+5` is untouched), and
//!   `.NET` alone or glued to `ASP`, `VB`, `ADO` or `C#` to the word `dotnet` (`ASP.NET` to
//!   `asp dotnet`; a domain such as `atos.net` is untouched).
//! - **French elision**: a one-letter word directly followed by an apostrophe (`c'est`, `d'une`)
//!   is remembered, so that the matcher does not take it for the C language or the D licence.
//!
//! The dictionary's spellings go through the same code ([`fold_key`]), so a spelling and the text
//! that writes it always meet. ASCII, nearly all of most postings, takes a fast path: a run of
//! letters and digits is copied lowered in one go, and each other byte is one table look-up. The
//! characters of two bytes in UTF-8 (U+0080 to U+07FF: the accented Latin letters, Greek,
//! Cyrillic, Arabic) are folded through a table built once from [`crate::taxonomy::fold_char`];
//! the others are folded one at a time by it.
//!
//! The folded text starts and ends with a space, and its words are separated by single spaces:
//! ` maitrise de cplusplus et de python `, so that a spelling is a whole-word match exactly when
//! ` spelling ` occurs in it.

use std::sync::OnceLock;

use crate::taxonomy::{fold_char, Lang};

/// Folded text, reused from one posting to the next.
#[derive(Debug, Clone)]
pub struct Folded {
    /// ` word word word `: valid UTF-8.
    text: Vec<u8>,
    /// The offsets of the one-letter words directly followed by an apostrophe, in order.
    elided: Vec<u32>,
    /// Whether the last thing pushed is part of a word still open.
    in_word: bool,
    /// Where the word still open starts.
    word_start: usize,
}

impl Default for Folded {
    fn default() -> Self {
        Folded::new()
    }
}

/// What an ASCII byte is to the folder.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// A space: anything that is neither a letter nor a digit nor special.
    Gap,
    /// A lower-case letter or a digit, kept as it is.
    Keep,
    /// An upper-case letter, lowered.
    Upper,
    /// `&`, `<`, `+`, `#`, `.` or `'`: looked at more closely.
    Special,
}

const fn classes() -> [Class; 128] {
    let mut t = [Class::Gap; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_lowercase() || c.is_ascii_digit() {
            Class::Keep
        } else if c.is_ascii_uppercase() {
            Class::Upper
        } else if matches!(c, b'&' | b'<' | b'+' | b'#' | b'.' | b'\'') {
            Class::Special
        } else {
            Class::Gap
        };
        b += 1;
    }
    t
}

static CLASS: [Class; 128] = classes();

/// How far a tag (`<...>`) may run before its `<` is taken for a plain character.
const MAX_TAG: usize = 512;

/// The words glued to `.NET` that make it the framework's name (`ASP.NET`), besides `.NET` alone.
const DOTNET_PREFIXES: [&[u8]; 4] = [b"asp", b"vb", b"ado", b"csharp"];

impl Folded {
    /// An empty text: ` `.
    pub fn new() -> Folded {
        Folded {
            text: vec![b' '],
            elided: Vec::new(),
            in_word: false,
            word_start: 1,
        }
    }

    /// Empties the text for the next posting, keeping its memory.
    pub fn clear(&mut self) {
        self.text.truncate(1);
        self.elided.clear();
        self.in_word = false;
    }

    /// The folded text: ` word word `, a space at each end once [`Folded::finish`] is called.
    pub fn as_bytes(&self) -> &[u8] {
        &self.text
    }

    /// The folded text as a string.
    pub fn as_str(&self) -> &str {
        // SAFETY: only ASCII bytes and whole UTF-8 encodings of chars are ever pushed.
        unsafe { std::str::from_utf8_unchecked(&self.text) }
    }

    /// True when no word has been pushed.
    pub fn is_empty(&self) -> bool {
        self.text.len() <= 1
    }

    /// Whether the one-letter word at `offset` was directly followed by an apostrophe (`c'est`).
    pub fn is_elided(&self, offset: usize) -> bool {
        self.elided.binary_search(&(offset as u32)).is_ok()
    }

    /// The language the text is written in, French or English: the one whose common words
    /// (`le`, `des`, `pour`; `the`, `of`, `with`) it uses more; French on a tie, as in most
    /// Moroccan postings.
    pub fn language(&self) -> Lang {
        const FRENCH: [&[u8]; 12] = [
            b"le", b"la", b"les", b"des", b"du", b"et", b"pour", b"une", b"dans", b"vous", b"nous",
            b"avec",
        ];
        const ENGLISH: [&[u8]; 12] = [
            b"the", b"and", b"of", b"to", b"with", b"for", b"you", b"we", b"our", b"is", b"are",
            b"will",
        ];
        let (mut fr, mut en) = (0usize, 0usize);
        for w in self.text.split(|&b| b == b' ') {
            if FRENCH.contains(&w) {
                fr += 1;
            } else if ENGLISH.contains(&w) {
                en += 1;
            }
        }
        if en > fr {
            Lang::En
        } else {
            Lang::Fr
        }
    }

    /// Ends the text with a space.
    pub fn finish(&mut self) {
        self.gap();
        if self.text.last() != Some(&b' ') {
            self.text.push(b' ');
        }
    }

    /// Folds one field of text onto the end; fields are kept apart by a space.
    pub fn push_field(&mut self, s: &str) {
        let bytes = s.as_bytes();
        let mut i = 0;
        let two = two_byte_table();
        while i < bytes.len() {
            let b = bytes[i];
            if b >= 0x80 {
                // a lead byte of two (0xC2 to 0xDF): `s` is UTF-8, so a continuation byte follows
                if (0xC2..0xE0).contains(&b) {
                    let c = ((b as usize & 0x1F) << 6) | (bytes[i + 1] as usize & 0x3F);
                    if let Some(folded) = two[c - 0x80].get() {
                        self.push_folded(folded);
                        i += 2;
                        continue;
                    }
                }
                let c = s[i..].chars().next().unwrap_or(' ');
                i = self.push_char(c, bytes, i + c.len_utf8());
                continue;
            }
            match CLASS[b as usize] {
                Class::Keep | Class::Upper => {
                    // the run of ASCII letters and digits from here, lowered in one go (a digit
                    // and a lower-case letter have the 0x20 bit already)
                    let run = bytes[i..]
                        .iter()
                        .position(|c| !c.is_ascii_alphanumeric())
                        .unwrap_or(bytes.len() - i);
                    if !self.in_word {
                        self.open_word();
                    }
                    (self.text).extend(bytes[i..i + run].iter().map(|&c| c | 0x20));
                    i += run;
                    continue;
                }
                Class::Gap => self.gap(),
                Class::Special => {
                    i = self.special(b, bytes, i);
                    continue;
                }
            }
            i += 1;
        }
        self.gap();
    }

    /// A character folded by the table: its bytes, a 0 for a space.
    #[inline]
    fn push_folded(&mut self, folded: &[u8]) {
        for &b in folded {
            if b == 0 {
                self.gap();
            } else {
                if !self.in_word {
                    self.open_word();
                }
                self.text.push(b);
            }
        }
    }

    /// A byte of a word.
    #[inline]
    fn push_byte(&mut self, b: u8) {
        if !self.in_word {
            self.open_word();
        }
        self.text.push(b);
    }

    #[inline]
    fn open_word(&mut self) {
        if self.text.last() != Some(&b' ') {
            self.text.push(b' ');
        }
        self.word_start = self.text.len();
        self.in_word = true;
    }

    /// A space: ends the word still open.
    #[inline]
    fn gap(&mut self) {
        self.in_word = false;
    }

    /// Appends ASCII letters to the word still open (or a new one).
    fn push_ascii(&mut self, s: &[u8]) {
        for &b in s {
            self.push_byte(b);
        }
    }

    /// The word still open, if any.
    fn word(&self) -> &[u8] {
        if self.in_word {
            &self.text[self.word_start..]
        } else {
            &[]
        }
    }

    /// A character outside ASCII, or unescaped from an entity, folded; `next` is where the text
    /// goes on in `bytes`. Returns where to go on (a rewrite may take what follows).
    fn push_char(&mut self, c: char, bytes: &[u8], next: usize) -> usize {
        if c.is_ascii() {
            let b = c as u8;
            match CLASS[b as usize] {
                Class::Keep => self.push_byte(b),
                Class::Upper => self.push_byte(b | 0x20),
                Class::Special => return self.rewrite(b, bytes, next),
                Class::Gap => self.gap(),
            }
            return next;
        }
        if matches!(c, '\u{2019}' | '\u{2018}' | '\u{02bc}') {
            self.apostrophe();
            return next;
        }
        fold_char(c, |l| {
            if l.is_ascii_alphanumeric() {
                self.push_byte(l as u8);
            } else if l.is_alphanumeric() {
                if !self.in_word {
                    self.open_word();
                }
                let mut buf = [0u8; 4];
                self.text
                    .extend_from_slice(l.encode_utf8(&mut buf).as_bytes());
            } else {
                self.gap();
            }
        });
        next
    }

    /// A special ASCII byte at `bytes[i]`; returns where the text goes on.
    fn special(&mut self, b: u8, bytes: &[u8], i: usize) -> usize {
        match b {
            b'&' => match entity(bytes, i) {
                Some(('<', end)) => {
                    self.gap();
                    skip_tag(bytes, end, b"&lt;", b"&gt;").unwrap_or(end)
                }
                Some((c, end)) => self.push_char(c, bytes, end),
                None => {
                    self.gap();
                    i + 1
                }
            },
            b'<' => {
                self.gap();
                skip_tag(bytes, i + 1, b"<", b">").unwrap_or(i + 1)
            }
            _ => self.rewrite(b, bytes, i + 1),
        }
    }

    /// `+`, `#`, `.` or an apostrophe, with the text going on at `bytes[next]`: the rewrites of
    /// `C++`, `C#`, `Security+` and `.NET`, and French elision. Returns where to go on.
    fn rewrite(&mut self, b: u8, bytes: &[u8], next: usize) -> usize {
        match b {
            b'+' if self.in_word => match bytes.get(next) {
                Some(b'+') => {
                    self.push_ascii(b"plusplus");
                    next + 1
                }
                // Bac+5, R+1: a plus between two words
                Some(c) if c.is_ascii_alphanumeric() => {
                    self.gap();
                    next
                }
                _ => {
                    self.push_ascii(b"plus");
                    next
                }
            },
            b'#' if matches!(self.word(), [l] if l.is_ascii_lowercase()) => {
                self.push_ascii(b"sharp");
                next
            }
            b'.' if is_net(bytes, next)
                && (!self.in_word || DOTNET_PREFIXES.contains(&self.word())) =>
            {
                self.gap();
                self.push_ascii(b"dotnet");
                self.gap();
                next + 3
            }
            b'\'' => {
                self.apostrophe();
                next
            }
            _ => {
                self.gap();
                next
            }
        }
    }

    /// An apostrophe: notes a one-letter word before it (`c'est`), and ends the word.
    fn apostrophe(&mut self) {
        if matches!(self.word(), [l] if l.is_ascii_alphabetic()) {
            self.elided.push(self.word_start as u32);
        }
        self.gap();
    }
}

/// How a character is folded, as [`Folded::push_char`] folds it: the bytes pushed onto words, a
/// 0 for a space; `None` for a character the table leaves to it (an apostrophe, or a folding too
/// long to hold).
#[derive(Clone, Copy)]
struct TableFolding {
    len: u8,
    bytes: [u8; 15],
}

impl TableFolding {
    fn get(&self) -> Option<&[u8]> {
        (self.len != u8::MAX).then(|| &self.bytes[..self.len as usize])
    }
}

/// The folding of every character of two bytes in UTF-8, U+0080 to U+07FF, at `c - 0x80`.
fn two_byte_table() -> &'static [TableFolding] {
    static TABLE: OnceLock<Vec<TableFolding>> = OnceLock::new();
    TABLE.get_or_init(|| {
        (0x80u32..0x800)
            .map(|u| {
                let c = char::from_u32(u).unwrap_or(' ');
                let mut out = TableFolding {
                    len: 0,
                    bytes: [0; 15],
                };
                let mut bytes = Vec::with_capacity(4);
                if c == '\u{02bc}' {
                    // an apostrophe (see `push_char`)
                    out.len = u8::MAX;
                    return out;
                }
                fold_char(c, |l| {
                    if l.is_alphanumeric() {
                        let mut buf = [0u8; 4];
                        bytes.extend_from_slice(l.encode_utf8(&mut buf).as_bytes());
                    } else {
                        bytes.push(0);
                    }
                });
                if bytes.len() > out.bytes.len() {
                    out.len = u8::MAX;
                } else {
                    out.bytes[..bytes.len()].copy_from_slice(&bytes);
                    out.len = bytes.len() as u8;
                }
                out
            })
            .collect()
    })
}

/// True when `bytes[at..]` starts with `net` in any case, not followed by a letter or a digit.
fn is_net(bytes: &[u8], at: usize) -> bool {
    bytes
        .get(at..at + 3)
        .is_some_and(|w| w.eq_ignore_ascii_case(b"net"))
        && !bytes.get(at + 3).is_some_and(u8::is_ascii_alphanumeric)
}

/// Where a tag whose opening bracket ends at `from` ends (after `close`), when it is one: a
/// letter, `/` or `!` first, and `close` within [`MAX_TAG`] bytes, before any other `open`.
fn skip_tag(bytes: &[u8], from: usize, open: &[u8], close: &[u8]) -> Option<usize> {
    let first = *bytes.get(from)?;
    if !(first.is_ascii_alphabetic() || first == b'/' || first == b'!') {
        return None;
    }
    let window = &bytes[from..bytes.len().min(from + MAX_TAG)];
    let end = memchr::memmem::find(window, close)?;
    if memchr::memmem::find(&window[..end], open).is_some() {
        return None;
    }
    Some(from + end + close.len())
}

/// The HTML entity at `bytes[i]` (an `&`), if it is one, as its character and where the text goes
/// on after it; an escaped entity (`&amp;eacute;`) is unescaped twice.
fn entity(bytes: &[u8], i: usize) -> Option<(char, usize)> {
    let (c, end) = one_entity(bytes, i)?;
    if c == '&' {
        // `&amp;eacute;`: the `&` of an entity, escaped once more
        if let Some(again) = entity_name(bytes, end) {
            return Some(again);
        }
    }
    Some((c, end))
}

/// The entity at `bytes[i]` (an `&`): `&name;`, `&#233;` or `&#xE9;`.
fn one_entity(bytes: &[u8], i: usize) -> Option<(char, usize)> {
    if bytes.get(i) != Some(&b'&') {
        return None;
    }
    entity_name(bytes, i + 1)
}

/// The entity whose name (`eacute`, `#233`) starts at `bytes[from]` and ends with `;`, and where
/// the text goes on after it.
fn entity_name(bytes: &[u8], from: usize) -> Option<(char, usize)> {
    let rest = &bytes[from.min(bytes.len())..bytes.len().min(from + 11)];
    let semi = memchr::memchr(b';', rest)?;
    let name = &rest[..semi];
    let c = match name {
        [b'#', b'x' | b'X', hex @ ..] => number(hex, 16)?,
        [b'#', dec @ ..] => number(dec, 10)?,
        _ => {
            let k = ENTITIES
                .binary_search_by(|(n, _)| n.as_bytes().cmp(name))
                .ok()?;
            ENTITIES[k].1
        }
    };
    Some((c, from + semi + 1))
}

/// The character of a numeric entity's digits.
fn number(digits: &[u8], radix: u32) -> Option<char> {
    let s = std::str::from_utf8(digits).ok().filter(|s| !s.is_empty())?;
    char::from_u32(u32::from_str_radix(s, radix).ok()?)
}

/// The named entities found in exported postings, sorted by name (byte order).
const ENTITIES: &[(&str, char)] = &[
    ("AElig", 'Æ'),
    ("Acirc", 'Â'),
    ("Agrave", 'À'),
    ("Auml", 'Ä'),
    ("Ccedil", 'Ç'),
    ("Eacute", 'É'),
    ("Ecirc", 'Ê'),
    ("Egrave", 'È'),
    ("Euml", 'Ë'),
    ("Icirc", 'Î'),
    ("Iuml", 'Ï'),
    ("OElig", 'Œ'),
    ("Ocirc", 'Ô'),
    ("Ouml", 'Ö'),
    ("Ucirc", 'Û'),
    ("Ugrave", 'Ù'),
    ("Uuml", 'Ü'),
    ("aacute", 'á'),
    ("acirc", 'â'),
    ("aelig", 'æ'),
    ("agrave", 'à'),
    ("amp", '&'),
    ("apos", '\''),
    ("auml", 'ä'),
    ("bdquo", '„'),
    ("bull", '•'),
    ("ccedil", 'ç'),
    ("copy", '©'),
    ("deg", '°'),
    ("eacute", 'é'),
    ("ecirc", 'ê'),
    ("egrave", 'è'),
    ("emsp", '\u{2003}'),
    ("ensp", '\u{2002}'),
    ("euml", 'ë'),
    ("euro", '€'),
    ("frac12", '½'),
    ("gt", '>'),
    ("hellip", '…'),
    ("iacute", 'í'),
    ("icirc", 'î'),
    ("iexcl", '¡'),
    ("iquest", '¿'),
    ("iuml", 'ï'),
    ("laquo", '«'),
    ("ldquo", '“'),
    ("lrm", '\u{200e}'),
    ("lsquo", '‘'),
    ("lt", '<'),
    ("mdash", '—'),
    ("middot", '·'),
    ("nbsp", '\u{a0}'),
    ("ndash", '–'),
    ("ntilde", 'ñ'),
    ("oacute", 'ó'),
    ("ocirc", 'ô'),
    ("oelig", 'œ'),
    ("ograve", 'ò'),
    ("ouml", 'ö'),
    ("para", '¶'),
    ("quot", '"'),
    ("raquo", '»'),
    ("rdquo", '”'),
    ("reg", '®'),
    ("rlm", '\u{200f}'),
    ("rsquo", '’'),
    ("sbquo", '‚'),
    ("sect", '§'),
    ("shy", '\u{ad}'),
    ("sup2", '²'),
    ("szlig", 'ß'),
    ("thinsp", '\u{2009}'),
    ("times", '×'),
    ("trade", '™'),
    ("uacute", 'ú'),
    ("ucirc", 'û'),
    ("ugrave", 'ù'),
    ("uuml", 'ü'),
    ("yacute", 'ý'),
    ("yuml", 'ÿ'),
    ("zwj", '\u{200d}'),
    ("zwnj", '\u{200c}'),
];

/// The matching key of a spelling: the spelling folded as posting text is, without the spaces
/// at its ends (`C++` gives `cplusplus`, `ASP.NET Core` gives `asp dotnet core`).
pub fn fold_key(spelling: &str) -> String {
    let mut f = Folded::new();
    f.push_field(spelling);
    f.as_str().trim_matches(' ').to_string()
}

#[cfg(test)]
mod tests;
