//! Typing slips in titles: `Comotable`, `ASSITANTE`, `Techncien`, `Marchandiser`.
//!
//! A word of a title that no phrase uses, and that is long enough not to be a short word of its
//! own, is replaced by the one known word it is one slip away from: a letter missing, added,
//! replaced, or two neighbours swapped (Damerau-Levenshtein distance 1), but never the first
//! letter, which writers seldom miss (`Panseuse` is no `danseuse`), nor the last, where a word
//! and its English cognate or a tool's name differ (`autocad` is no `autocar`). When two known
//! words are that close, nothing is replaced, unless one is used by [`DOMINANT`] times as many
//! job titles as any other (`achteur`: `acheteur` heads hundreds of titles, `acteur` a few):
//! otherwise a guess between two words is not a correction.
//!
//! Known words are indexed by the hashes of their one-letter deletions (the symmetric-delete
//! method), so a look-up costs a few dozen hash probes, not a scan of the vocabulary.

use std::hash::{Hash, Hasher};

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet, FxHasher};

use super::words::feminine_forms;

/// Shortest word (in characters) that is corrected: shorter words are too often real words of
/// their own (`rang`, `saisi`).
const MIN_CHARS: usize = 6;

/// Shortest known word a compound may end with (`statisticien`), and shortest prefix before it
/// (`bio`): shorter tails are too often endings of unrelated words.
const MIN_TAIL_CHARS: usize = 8;
const MIN_PREFIX_CHARS: usize = 3;

/// Of two known words one slip away, the one used by this many times as many phrases as the
/// other is taken.
const DOMINANT: u32 = 5;

/// The known words and their deletion index.
#[derive(Debug, Clone, Default)]
pub struct Speller {
    known: HashSet<Box<str>>,
    /// The known words, then their feminine forms (see [`feminine_forms`]).
    words: Vec<Box<str>>,
    /// Per word of `words`, the known word it stands for: itself, or the word a feminine form
    /// is of.
    word_of: Vec<u32>,
    /// Per known word, the number of phrases that use it.
    uses: Vec<u32>,
    /// (hash of a one-letter deletion of a word, index of the word in `words`), sorted.
    deletions: Vec<(u64, u32)>,
    /// Where the hashes with each value of their top [`BUCKET_BITS`] bits start in
    /// `deletions`, and where they end: a look-up reads a handful of neighbouring entries
    /// instead of binary-searching some 100,000 (a cache miss at nearly every step).
    buckets: Vec<u32>,
}

/// Bits of a hash that choose its bucket: 65,536 buckets, one or two entries each.
const BUCKET_BITS: u32 = 16;

fn bucket(h: u64) -> usize {
    (h >> (64 - BUCKET_BITS)) as usize
}

fn hash(chars: &[char]) -> u64 {
    let mut h = FxHasher::default();
    chars.hash(&mut h);
    h.finish()
}

/// Calls `f` with the word without its `i`-th character, for every `i`, in one buffer.
fn each_deletion(chars: &[char], mut f: impl FnMut(&[char])) {
    let mut d = Vec::with_capacity(chars.len());
    for i in 0..chars.len() {
        d.clear();
        d.extend_from_slice(&chars[..i]);
        d.extend_from_slice(&chars[i + 1..]);
        f(&d);
    }
}

/// True when `a` and `b` are at Damerau-Levenshtein distance exactly 1.
fn one_slip(a: &[char], b: &[char]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    match long.len() - short.len() {
        0 => {
            let diff: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
            match diff[..] {
                [_] => true,
                [i, j] => j == i + 1 && a[i] == b[j] && a[j] == b[i],
                _ => false,
            }
        }
        1 => {
            let i = (0..short.len())
                .find(|&i| short[i] != long[i])
                .unwrap_or(short.len());
            short[i..] == long[i + 1..]
        }
        _ => false,
    }
}

impl Speller {
    /// Indexes the words the phrases use, each as used by one phrase.
    #[cfg(test)]
    pub fn new<'a>(vocabulary: impl IntoIterator<Item = &'a str>) -> Speller {
        Speller::with_uses(vocabulary.into_iter().map(|w| (w, 1)))
    }

    /// Indexes the words the phrases use, with the number of phrases that use each (summed
    /// when a word is given twice).
    pub fn with_uses<'a>(vocabulary: impl IntoIterator<Item = (&'a str, u32)>) -> Speller {
        let mut counted: HashMap<&str, u32> = HashMap::default();
        for (w, n) in vocabulary {
            *counted.entry(w).or_default() += n;
        }
        let mut pairs: Vec<(&str, u32)> = counted.into_iter().collect();
        pairs.sort_unstable();
        let mut words: Vec<Box<str>> = pairs.iter().map(|&(w, _)| w.into()).collect();
        let uses: Vec<u32> = pairs.iter().map(|&(_, n)| n).collect();
        let known: HashSet<Box<str>> = words.iter().cloned().collect();
        // a title writes `infirmière`, and mistypes it `infirmeire`, one slip from the feminine
        // form, two from the canonical `infirmier`
        let mut word_of: Vec<u32> = (0..words.len() as u32).collect();
        for (i, &(w, _)) in pairs.iter().enumerate() {
            for form in feminine_forms(w).filter(|f| !known.contains(f.as_str())) {
                words.push(form.into());
                word_of.push(i as u32);
            }
        }
        let mut index = Vec::new();
        for (i, w) in words.iter().enumerate() {
            let chars: Vec<char> = w.chars().collect();
            if chars.len() + 1 < MIN_CHARS {
                continue;
            }
            index.push((hash(&chars), i as u32));
            each_deletion(&chars, |d| index.push((hash(d), i as u32)));
        }
        index.sort_unstable();
        index.dedup();
        let mut buckets = vec![0u32; (1 << BUCKET_BITS) + 1];
        for &(h, _) in &index {
            buckets[bucket(h) + 1] += 1;
        }
        for b in 1..buckets.len() {
            buckets[b] += buckets[b - 1];
        }
        Speller {
            known,
            words,
            word_of,
            uses,
            deletions: index,
            buckets,
        }
    }

    /// Heap bytes held (approximately: the allocator's own overhead is not counted).
    pub fn heap_bytes(&self) -> usize {
        let words: usize = self.words.iter().map(|w| 2 * (w.len() + 16)).sum();
        words
            + (self.word_of.len() + self.uses.len()) * size_of::<u32>()
            + self.deletions.len() * size_of::<(u64, u32)>()
            + self.buckets.len() * size_of::<u32>()
    }

    fn probe(&self, key: &[char], out: &mut Vec<u32>) {
        let h = hash(key);
        let Some(range) = self.buckets.get(bucket(h)..bucket(h) + 2) else {
            return; // an empty speller
        };
        let bucket = &self.deletions[range[0] as usize..range[1] as usize];
        let from = bucket.partition_point(|&(k, _)| k < h);
        out.extend(
            bucket[from..]
                .iter()
                .take_while(|&&(k, _)| k == h)
                .map(|&(_, w)| w),
        );
    }

    /// The known word one slip away from `word`, when `word` is unknown, long enough, and only one
    /// known word is that close; failing that, the longest known word it ends with, when that
    /// word is long enough to be a job of its own and what is left before it is a prefix
    /// (`biostatisticien`: `statisticien`).
    pub fn correct(&self, word: &str) -> Option<&str> {
        if self.known.contains(word) {
            return None;
        }
        let chars: Vec<char> = word.chars().collect();
        if chars.len() < MIN_CHARS {
            return None;
        }
        self.one_slip(&chars).or_else(|| self.compound_tail(word))
    }

    /// The longest known word of at least [`MIN_TAIL_CHARS`] characters that `word` ends with,
    /// after at least [`MIN_PREFIX_CHARS`] others.
    fn compound_tail(&self, word: &str) -> Option<&str> {
        let starts = word.char_indices().map(|(i, _)| i).skip(MIN_PREFIX_CHARS);
        starts
            .map(|i| &word[i..])
            .take_while(|tail| tail.chars().count() >= MIN_TAIL_CHARS)
            .find_map(|tail| self.known.get(tail).map(|w| &**w))
    }

    fn one_slip(&self, chars: &[char]) -> Option<&str> {
        let mut candidates = Vec::new();
        // a letter missing from the word (it is a deletion of a known word), or replaced or
        // swapped (a deletion of it is a deletion of a known word), or added (a deletion of it is
        // a known word, indexed under its own hash)
        self.probe(chars, &mut candidates);
        each_deletion(chars, |d| self.probe(d, &mut candidates));
        candidates.sort_unstable();
        candidates.dedup();
        let found = candidates.into_iter().filter_map(|i| {
            let w = &self.words[i as usize];
            let known = self.word_of[i as usize] as usize;
            // a slip on the first letter is rare, and a word differing there is another word
            // (`panseur` is not `danseur`); nor on the last, where a French word and its English
            // cognate differ (`carrière` is no `carrier`), as a tool's name and a word do
            // (`autocad` is no `autocar`)
            let ends = w.chars().next() == chars.first().copied()
                && w.chars().next_back() == chars.last().copied();
            let slip = || one_slip(chars, &w.chars().collect::<Vec<char>>());
            (ends && slip()).then_some((self.uses[known], known))
        });
        // the most used known word, and how much the next one is used (a word and its feminine
        // form both one slip away are one candidate)
        let mut found: Vec<(u32, usize)> = found.collect();
        found.sort_unstable_by(|a, b| b.cmp(a));
        found.dedup();
        let &(most, w) = found.first()?;
        let next = found.get(1).map_or(0, |c| c.0);
        (most >= DOMINANT.saturating_mul(next)).then_some(&*self.words[w])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_slip_away_is_corrected_two_are_not() {
        let s = Speller::new([
            "comptable",
            "assistant",
            "technicien",
            "merchandiser",
            "rang",
        ]);
        assert_eq!(s.correct("comotable"), Some("comptable")); // replaced
        assert_eq!(s.correct("compatble"), Some("comptable")); // swapped
        assert_eq!(s.correct("assitant"), Some("assistant")); // missing
        assert_eq!(s.correct("techncien"), Some("technicien"));
        assert_eq!(s.correct("marchandiser"), Some("merchandiser"));
        assert_eq!(s.correct("comptablle"), Some("comptable")); // added
        assert_eq!(s.correct("comptable"), None); // known
        assert_eq!(s.correct("rand"), None); // too short
        assert_eq!(s.correct("cmoptalbe"), None); // two slips
        assert_eq!(s.correct("bomptable"), None); // the first letter
        assert_eq!(s.correct("comptablx"), None); // the last letter
        let s = Speller::new(["autocar"]);
        assert_eq!(s.correct("autocad"), None); // a tool, not a coach
    }

    #[test]
    fn a_slip_in_a_feminine_form_is_corrected_to_its_word() {
        let s = Speller::new(["infirmier", "technicien", "vendeur"]);
        assert_eq!(s.correct("infirmeire"), Some("infirmier")); // infirmière, swapped
        assert_eq!(s.correct("technicinne"), Some("technicien")); // technicienne, missing
        assert_eq!(s.correct("vendeuze"), Some("vendeur")); // vendeuse, replaced
        assert_eq!(s.correct("infirmiee"), Some("infirmier")); // infirmière, missing
        assert_eq!(s.correct("infiremeire"), None); // two slips from infirmière
    }

    #[test]
    fn a_compound_is_read_by_its_known_tail() {
        let s = Speller::new(["statisticien", "technicien", "mecanicien"]);
        assert_eq!(s.correct("biostatisticien"), Some("statisticien"));
        assert_eq!(s.correct("electromecanicien"), Some("mecanicien"));
        // the tail must be long, and must leave a prefix of three letters
        assert_eq!(s.correct("polytechnicien"), Some("technicien"));
        // an added first letter would be a slip there: not corrected
        assert_eq!(s.correct("xtechnicien"), None);
        assert_eq!(s.correct("abtechnicien"), None);
    }

    #[test]
    fn two_close_words_are_not_guessed_between() {
        let s = Speller::new(["vendeur", "vendeux"]);
        assert_eq!(s.correct("vendeuz"), None);
        // unless one is far more used in job titles than the other
        let s = Speller::with_uses([("acheteur", 60), ("acteur", 4)]);
        assert_eq!(s.correct("achteur"), Some("acheteur"));
        let s = Speller::with_uses([("acheteur", 10), ("acteur", 4)]);
        assert_eq!(s.correct("achteur"), None);
    }
}
