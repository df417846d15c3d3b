//! A phrase index: folded phrases (aliases, names, keywords) mapped to a target, searched either for
//! the whole label or for phrases found inside a longer label.
//!
//! Location cells in real exports are often sentences that contain a known place (`Casablanca et
//! région - Maroc`), and titles carry noise around the words that matter (`Ingénieur DevOps (H/F) |
//! Rabat`). `find_all` lists every known phrase found on word boundaries; `find_within` keeps the
//! longest.

use rustc_hash::FxHashMap as HashMap;

/// The outcome of a search inside a label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Within<T> {
    /// No known phrase occurs in the label.
    None,
    /// The longest phrase(s) found all point to this target.
    Found(T),
    /// Several phrases of the same, greatest length point to different targets (sorted, deduplicated).
    Ambiguous(Vec<T>),
}

/// A known phrase found inside a label (see [`PhraseIndex::find_all`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit<'a, T> {
    /// Index of the phrase's first word in the label.
    pub start: usize,
    /// Index of the word after the phrase's last.
    pub end: usize,
    /// Length of the phrase in bytes (folded).
    pub len: usize,
    pub target: &'a T,
}

impl<T> Hit<'_, T> {
    /// Number of words of the phrase.
    pub fn words(&self) -> usize {
        self.end - self.start
    }
}

/// Folded phrase -> target, with the longest phrase's word count for bounded searching. The map
/// hashes with FxHash: a search inside a title looks up every run of its words, and SipHash's
/// protection against chosen keys buys nothing for the taxonomy's own phrases.
#[derive(Debug, Clone)]
pub struct PhraseIndex<T> {
    map: HashMap<String, T>,
    max_words: usize,
}

impl<T> Default for PhraseIndex<T> {
    fn default() -> Self {
        PhraseIndex {
            map: HashMap::default(),
            max_words: 0,
        }
    }
}

impl<T: Clone + Ord> PhraseIndex<T> {
    /// Adds or replaces a phrase, which must already be folded. Empty phrases are ignored.
    pub fn insert(&mut self, folded: String, target: T) -> Option<T> {
        if folded.is_empty() {
            return None;
        }
        self.max_words = self.max_words.max(folded.split(' ').count());
        self.map.insert(folded, target)
    }

    /// The target of a phrase, if present.
    pub fn get(&self, folded: &str) -> Option<&T> {
        self.map.get(folded)
    }

    /// Number of phrases.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when no phrase is indexed.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Iterates over (phrase, target) pairs in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &T)> {
        self.map.iter()
    }

    /// Every known phrase found inside a folded label, on word boundaries, left to right.
    ///
    /// At each word the longest phrase starting there is taken; a phrase lying inside a longer one
    /// already found is part of it and is left out (`Béni Mellal-Khénifra` is one region, not the
    /// city `Béni Mellal` and the city `Khénifra`). Two hits may still overlap without one holding
    /// the other: their words cross.
    pub fn find_all(&self, folded: &str) -> Vec<Hit<'_, T>> {
        let mut hits: Vec<Hit<'_, T>> = Vec::new();
        if folded.is_empty() || self.map.is_empty() {
            return hits;
        }
        // byte offsets of word starts and ends
        let mut words: Vec<(usize, usize)> = Vec::new();
        let mut start = 0;
        for (i, b) in folded.bytes().enumerate() {
            if b == b' ' {
                words.push((start, i));
                start = i + 1;
            }
        }
        words.push((start, folded.len()));

        for i in 0..words.len() {
            let max_n = self.max_words.min(words.len() - i);
            for n in (1..=max_n).rev() {
                let phrase = &folded[words[i].0..words[i + n - 1].1];
                if let Some(target) = self.map.get(phrase) {
                    // hits are found left to right and their ends only grow, so a phrase inside an
                    // earlier hit is inside the last one
                    if hits.last().is_none_or(|h| i + n > h.end) {
                        hits.push(Hit {
                            start: i,
                            end: i + n,
                            len: phrase.len(),
                            target,
                        });
                    }
                    break;
                }
            }
        }
        hits
    }

    /// Finds the longest known phrases inside a folded label, on word boundaries.
    ///
    /// The phrase with the most words wins. When several phrases with that many words point to
    /// different targets, the result is [`Within::Ambiguous`]: never a guess between equally good
    /// places. With `leftmost_wins` (job titles, where the first skill named is the job's) ties are
    /// broken instead by the most characters, then by the leftmost start.
    pub fn find_within(&self, folded: &str, leftmost_wins: bool) -> Within<T> {
        let hits = self.find_all(folded);
        let most_words = hits.iter().map(Hit::words).max().unwrap_or(0);
        // the phrases with the most words are never inside another, so `find_all` has them all
        let best: Vec<&Hit<'_, T>> = hits.iter().filter(|h| h.words() == most_words).collect();
        if best.is_empty() {
            return Within::None;
        }
        if leftmost_wins {
            let longest = best.iter().map(|h| h.len).max().unwrap_or(0);
            let first = best.iter().find(|h| h.len == longest);
            return first.map_or(Within::None, |h| Within::Found(h.target.clone()));
        }
        let mut targets: Vec<T> = best.into_iter().map(|h| h.target.clone()).collect();
        targets.sort();
        targets.dedup();
        if targets.len() == 1 {
            Within::Found(targets.swap_remove(0))
        } else {
            Within::Ambiguous(targets)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::taxonomy::fold;

    fn index(pairs: &[(&str, &str)]) -> PhraseIndex<String> {
        let mut ix = PhraseIndex::default();
        for (p, t) in pairs {
            ix.insert(fold(p), t.to_string());
        }
        ix
    }

    #[test]
    fn longest_phrase_wins() {
        let ix = index(&[
            ("Rabat", "MA-04"),
            ("Rabat-Salé-Kénitra", "MA-04"),
            ("Casablanca", "MA-06"),
            ("Salé", "MA-04"),
        ]);
        assert_eq!(
            ix.find_within(&fold("Rabat, Rabat-Salé-Kénitra, Morocco"), false),
            Within::Found("MA-04".to_string())
        );
        assert_eq!(
            ix.find_within(&fold("Casablanca et région - Maroc"), false),
            Within::Found("MA-06".to_string())
        );
        assert_eq!(
            ix.find_within(&fold("Casablanca, 6, MA"), false),
            Within::Found("MA-06".to_string())
        );
    }

    #[test]
    fn matches_whole_words_only() {
        let ix = index(&[("Salé", "MA-04")]);
        assert_eq!(ix.find_within(&fold("Salés"), false), Within::None);
        assert_eq!(ix.find_within(&fold("Nosale"), false), Within::None);
    }

    #[test]
    fn equal_length_different_targets_is_ambiguous() {
        let ix = index(&[("Rabat", "MA-04"), ("Agadir", "MA-09"), ("Fès", "MA-03")]);
        // one word each: a tie, whatever the number of letters
        assert_eq!(
            ix.find_within(&fold("Rabat ou Agadir"), false),
            Within::Ambiguous(vec!["MA-04".to_string(), "MA-09".to_string()])
        );
        // for titles: most letters, then leftmost
        assert_eq!(
            ix.find_within(&fold("Rabat ou Agadir"), true),
            Within::Found("MA-09".to_string())
        );
        assert_eq!(
            ix.find_within(&fold("Rabat / Fès"), true),
            Within::Found("MA-04".to_string())
        );
    }

    #[test]
    fn find_all_lists_every_place_but_those_inside_a_longer_one() {
        let ix = index(&[
            ("Agadir", "MA-09"),
            ("Béni Mellal", "MA-05"),
            ("Khénifra", "MA-05"),
            ("Béni Mellal-Khénifra", "MA-05"),
            ("Casablanca", "MA-06"),
        ]);
        let label = fold("Agadir - Béni Mellal-Khénifra - Casablanca");
        let hits: Vec<(usize, usize, &str)> = ix
            .find_all(&label)
            .iter()
            .map(|h| (h.start, h.end, h.target.as_str()))
            .collect();
        assert_eq!(hits, [(0, 1, "MA-09"), (1, 4, "MA-05"), (4, 5, "MA-06")]);
        assert!(ix.find_all("").is_empty());
        assert!(ix.find_all("nowhere at all").is_empty());
    }

    #[test]
    fn find_all_keeps_phrases_whose_words_cross() {
        let ix = index(&[("a b", "X"), ("b c", "Y")]);
        let hits: Vec<(usize, usize)> = ix
            .find_all("a b c")
            .iter()
            .map(|h| (h.start, h.end))
            .collect();
        assert_eq!(hits, [(0, 2), (1, 3)]);
    }
}
