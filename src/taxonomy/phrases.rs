//! A phrase index: folded phrases (aliases, names, keywords) mapped to a target, searched either for
//! the whole label or for phrases found inside a longer label.
//!
//! Location cells in real exports are often sentences that contain a known place (`Casablanca et
//! région - Maroc`), and titles carry noise around the words that matter (`Ingénieur DevOps (H/F) |
//! Rabat`). `find_within` looks for every known phrase on word boundaries; the longest one wins.

use std::collections::HashMap;

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

/// Folded phrase -> target, with the longest phrase's word count for bounded searching.
#[derive(Debug, Clone)]
pub struct PhraseIndex<T> {
    map: HashMap<String, T>,
    max_words: usize,
}

impl<T> Default for PhraseIndex<T> {
    fn default() -> Self {
        PhraseIndex {
            map: HashMap::new(),
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

    /// Finds the longest known phrases inside a folded label, on word boundaries.
    ///
    /// The phrase with the most words wins. When several phrases with that many words point to
    /// different targets, the result is [`Within::Ambiguous`]: never a guess between equally good
    /// places. With `leftmost_wins` (job titles, where the first skill named is the job's) ties are
    /// broken instead by the most characters, then by the leftmost start.
    pub fn find_within(&self, folded: &str, leftmost_wins: bool) -> Within<T> {
        if folded.is_empty() || self.map.is_empty() {
            return Within::None;
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

        let mut best_words = 0usize;
        let mut best: Vec<(usize, &T)> = Vec::new(); // (phrase length in bytes, target), left to right
        for i in 0..words.len() {
            let max_n = self.max_words.min(words.len() - i);
            for n in (1..=max_n).rev() {
                if n < best_words {
                    break; // shorter phrases cannot win any more
                }
                let phrase = &folded[words[i].0..words[i + n - 1].1];
                if let Some(t) = self.map.get(phrase) {
                    if n > best_words {
                        best_words = n;
                        best.clear();
                    }
                    best.push((phrase.len(), t));
                    break;
                }
            }
        }
        if best.is_empty() {
            return Within::None;
        }
        if leftmost_wins {
            let longest = best.iter().map(|(len, _)| *len).max().unwrap_or(0);
            let first = best.iter().find(|(len, _)| *len == longest);
            return first.map_or(Within::None, |(_, t)| Within::Found((*t).clone()));
        }
        let mut targets: Vec<T> = best.into_iter().map(|(_, t)| t.clone()).collect();
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
}
