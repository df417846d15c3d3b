//! The words of the dictionary's keys, looked up straight from folded text.
//!
//! Folded text is words separated by single spaces (see [`crate::skills::Folded`]), so a word is
//! the bytes up to the next space. [`WordTable::get`] finds that space and hashes the word in the
//! same pass, eight bytes at a time, then looks the hash up in an open-addressing table (24
//! bytes a slot, at most a quarter full) whose words' bytes lie in one buffer. A word of the
//! text that no key uses is not found.

use rustc_hash::FxHashMap;

/// No node, no word.
pub(super) const NONE: u32 = u32::MAX;

/// A word of some key.
#[derive(Debug, Clone, Copy)]
pub(super) struct Word {
    /// Its number, from 0.
    pub id: u32,
    /// The trie node of the keys that start with it ([`NONE`] when no key does).
    pub first: u32,
}

#[derive(Debug, Clone, Copy)]
struct Slot {
    hash: u64,
    word: Word,
    /// Where its bytes lie in [`WordTable::bytes`].
    at: u32,
    len: u32,
}

const EMPTY: Slot = Slot {
    hash: 0,
    word: Word {
        id: NONE,
        first: NONE,
    },
    at: 0,
    len: 0,
};

/// The words of the keys, by their bytes.
#[derive(Debug, Clone)]
pub(super) struct WordTable {
    /// A power of two in length, at most a quarter full.
    slots: Vec<Slot>,
    /// Every word's bytes, one after the other.
    bytes: Vec<u8>,
}

impl WordTable {
    /// The table of `words`: each word's bytes with its number and first node, numbered from 0
    /// without gaps.
    pub fn new<'a>(words: impl ExactSizeIterator<Item = (&'a [u8], Word)>) -> WordTable {
        let size = (words.len() * 4).max(4).next_power_of_two();
        let mut table = WordTable {
            slots: vec![EMPTY; size],
            bytes: Vec::new(),
        };
        let mask = size - 1;
        for (w, word) in words {
            let hash = hash_word(w);
            let mut i = hash as usize & mask;
            while table.slots[i].word.id != NONE {
                i = (i + 1) & mask;
            }
            table.slots[i] = Slot {
                hash,
                word,
                at: table.bytes.len() as u32,
                len: w.len() as u32,
            };
            table.bytes.extend_from_slice(w);
        }
        table
    }

    /// The word of folded text that starts at `hay[at]`, if a key uses it, and where it ends: the
    /// space after it, or the end of `hay`.
    #[inline]
    pub fn get(&self, hay: &[u8], at: usize) -> (Option<Word>, usize) {
        let (hash, end) = scan(hay, at);
        let mask = self.slots.len() - 1;
        let mut i = hash as usize & mask;
        loop {
            let s = &self.slots[i];
            if s.word.id == NONE {
                return (None, end);
            }
            if s.hash == hash
                && s.len as usize == end - at
                && self.bytes[s.at as usize..(s.at + s.len) as usize] == hay[at..end]
            {
                return (Some(s.word), end);
            }
            i = (i + 1) & mask;
        }
    }
}

/// Numbers the words of keys as they come: a word's number, and whether it is new.
#[derive(Debug, Default)]
pub(super) struct Numbering<'a> {
    ids: FxHashMap<&'a [u8], u32>,
    /// The words by number, with the trie node of the keys they start.
    pub words: Vec<(&'a [u8], Word)>,
}

impl<'a> Numbering<'a> {
    /// The number of `w`, given on first sight.
    pub fn id(&mut self, w: &'a [u8]) -> u32 {
        let next = self.words.len() as u32;
        let id = *self.ids.entry(w).or_insert(next);
        if id == next {
            self.words.push((w, Word { id, first: NONE }));
        }
        id
    }
}

const K: u64 = 0xf135_7aea_2e62_a9c5;

#[inline]
fn mix(hash: u64, chunk: u64) -> u64 {
    (hash ^ chunk).wrapping_mul(K).rotate_left(26)
}

/// The hash of a word (which holds no space).
fn hash_word(w: &[u8]) -> u64 {
    let mut spaced = w.to_vec();
    spaced.push(b' ');
    scan(&spaced, 0).0
}

/// The hash of the word at `hay[at..]` and where it ends (the first space from `at`, else the
/// end of `hay`): the word is read eight bytes at a time, the bytes from its end on zeroed
/// (folded text has no zero byte).
#[inline]
fn scan(hay: &[u8], at: usize) -> (u64, usize) {
    const SPACES: u64 = u64::from_ne_bytes([b' '; 8]);
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    let mut hash = 0u64;
    let mut i = at;
    while let Some(bytes) = hay.get(i..i + 8) {
        let chunk = u64::from_le_bytes(bytes.try_into().expect("eight bytes"));
        // a zero byte of `x` is a space of `chunk`; the lowest one is flagged exactly
        let x = chunk ^ SPACES;
        let spaces = x.wrapping_sub(ONES) & !x & HIGHS;
        if spaces != 0 {
            let n = spaces.trailing_zeros() / 8;
            let word = if n == 0 {
                0
            } else {
                chunk & (u64::MAX >> (64 - 8 * n))
            };
            return (mix(hash, word), i + n as usize);
        }
        hash = mix(hash, chunk);
        i += 8;
    }
    let rest = &hay[i..];
    let n = rest.iter().position(|&b| b == b' ').unwrap_or(rest.len());
    let mut last = [0u8; 8];
    last[..n].copy_from_slice(&rest[..n]);
    (mix(hash, u64::from_le_bytes(last)), i + n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_words_of_the_keys_and_only_them() {
        let words: &[&[u8]] = &[
            b"sql",
            b"server",
            b"developpement",
            b"a",
            "تحليل".as_bytes(),
        ];
        let mut n = Numbering::default();
        for w in words {
            n.id(w);
        }
        assert_eq!(n.id(b"sql"), 0);
        let table = WordTable::new(n.words.iter().copied());
        let hay = " sql server sqlserver developpement developpemen a تحليل sql".as_bytes();
        let mut at = 1;
        let mut got = Vec::new();
        while at < hay.len() {
            let (w, end) = table.get(hay, at);
            got.push((std::str::from_utf8(&hay[at..end]).unwrap(), w.map(|w| w.id)));
            at = end + 1;
        }
        assert_eq!(
            got,
            [
                ("sql", Some(0)),
                ("server", Some(1)),
                ("sqlserver", None),
                ("developpement", Some(2)),
                ("developpemen", None),
                ("a", Some(3)),
                ("تحليل", Some(4)),
                // the last word, without a space after it
                ("sql", Some(0)),
            ]
        );
    }

    #[test]
    fn a_word_ends_at_the_first_space_at_any_place_in_a_chunk() {
        let hay = b"abcdefghijklmnopq rst";
        for at in 0..hay.len() {
            let (_, end) = scan(hay, at);
            let want = if at <= 17 { 17 } else { hay.len() };
            assert_eq!(end, want, "from {at}");
        }
        // the same word hashes the same wherever it lies
        assert_eq!(scan(b" abcdefghi ", 1).0, hash_word(b"abcdefghi"));
        assert_eq!(scan(b"x abcdefghi", 2).0, hash_word(b"abcdefghi"));
        assert_ne!(hash_word(b"abcdefghi"), hash_word(b"abcdefgh"));
    }
}
