//! The occupation phrases (ESCO's titles and the curated ones) in one trie of words.
//!
//! Every phrase is stored once, under its canonical key (see [`super::words`]), with what it means:
//! by default, and in particular sectors. A title is searched for all phrases at once, word by word
//! through one trie, matches falling on whole words and overlapping ones all found:
//! `technicien de maintenance` and `maintenance informatique` in the same title are both
//! candidates, and the caller chooses.

use rustc_hash::FxHashMap as HashMap;

use super::isco::Isco;
use crate::taxonomy::SpecIdx;

/// Where a reading comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Source {
    /// `titles.csv`, written for the job boards of Morocco.
    Curated,
    /// ESCO's occupation titles (`occupations.csv`).
    Esco,
}

/// What a phrase says about a job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// The ISCO group, as precise as the phrase allows (none when it could be anything).
    pub isco: Option<Isco>,
    /// The specialisation, when the phrase decides it.
    pub spec: Option<SpecIdx>,
    pub source: Source,
    /// A head that a field beside it refines: `chef de projet` alone is a project manager in
    /// management, `chef de projet BTP` a project manager in civil engineering.
    pub head: bool,
    /// A head that stays the job whatever field follows it: `formateur réseaux` teaches
    /// networks, and is no network engineer.
    pub keeps: bool,
    /// The phrase as its data file spells it.
    pub phrase: Box<str>,
}

impl Reading {
    /// True when the reading decides a specialisation.
    pub fn is_decisive(&self) -> bool {
        self.spec.is_some()
    }
}

/// A kind of board category (`hospitality`, `it`, `real-estate`), as `sectors.csv` names it:
/// the index of its key.
pub type SectorKey = u16;

/// Languages of a phrase, for finding its head word: French and Arabic put the head first
/// (`technicien de maintenance`), English last (`maintenance technician`).
pub const HEAD_FIRST: u8 = 1;
pub const HEAD_LAST: u8 = 2;

/// A phrase and its readings.
#[derive(Debug, Clone)]
pub struct Entry {
    /// [`HEAD_FIRST`], [`HEAD_LAST`] or both.
    pub langs: u8,
    /// What the phrase means in any sector, if anything on its own.
    pub default: Option<Reading>,
    /// What it means in particular sectors, tried in order.
    pub by_sector: Vec<(SectorKey, Reading)>,
}

impl Entry {
    /// The reading in force in a sector (or in none), and whether the sector chose it.
    pub fn reading(&self, sector: Option<SectorKey>) -> Option<(&Reading, bool)> {
        let special = sector.and_then(|k| self.by_sector.iter().find(|(key, _)| *key == k));
        match special {
            Some((_, r)) => Some((r, true)),
            None => self.default.as_ref().map(|r| (r, false)),
        }
    }
}

/// A phrase found in a title: which entry, and where (in words).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub entry: u32,
    pub first: usize,
    pub words: usize,
}

/// All phrases, searchable at once.
///
/// The phrases are a trie of words: each known word gets an id, a phrase is the path of its
/// words' ids from the root, and a title is read as ids too (a word no phrase uses is
/// [`UNKNOWN`], which no path takes). The trie is a deterministic automaton over words: from each
/// word of a title it is walked as far as the title's next words take it, each step one hash
/// look-up, and every node on the way that ends a phrase is a match. A match can only be whole
/// words, and a title of `n` words costs at most `n` walks as deep as the longest phrase,
/// whatever the number of phrases. Building it is one insertion per word of each phrase.
#[derive(Debug, Clone)]
pub struct Phrases {
    /// Every word of the phrases, with its id (from 1).
    words: HashMap<Box<str>, u32>,
    /// The trie: (node, word id) to the child node; node 0 is the root.
    edges: HashMap<(u32, u32), u32>,
    /// Per node: the entry of the phrase that ends there, or [`NO_ENTRY`].
    ends: Vec<u32>,
    entries: Vec<Entry>,
}

/// The id of a word no phrase uses.
const UNKNOWN: u32 = 0;

/// A node that ends no phrase.
const NO_ENTRY: u32 = u32::MAX;

impl Phrases {
    /// Builds the trie; `keys[i]` is the canonical key of `entries[i]`, each key given once.
    pub fn new(keys: &[String], entries: Vec<Entry>) -> Phrases {
        let mut words: HashMap<Box<str>, u32> = HashMap::default();
        let mut edges: HashMap<(u32, u32), u32> = HashMap::default();
        edges.reserve(keys.len() * 2);
        let mut ends = vec![NO_ENTRY];
        for (entry, k) in keys.iter().enumerate() {
            let mut node = 0;
            for w in k.split(' ') {
                // most words are met before: a key is made only for a new one
                let id = match words.get(w) {
                    Some(&id) => id,
                    None => {
                        let id = words.len() as u32 + 1;
                        words.insert(w.into(), id);
                        id
                    }
                };
                node = *edges.entry((node, id)).or_insert_with(|| {
                    ends.push(NO_ENTRY);
                    ends.len() as u32 - 1
                });
            }
            ends[node as usize] = entry as u32;
        }
        Phrases {
            words,
            edges,
            ends,
            entries,
        }
    }

    /// The entry of a match.
    pub fn entry(&self, id: u32) -> &Entry {
        &self.entries[id as usize]
    }

    /// Number of phrases.
    pub fn count(&self) -> usize {
        self.entries.len()
    }

    /// True when some phrase uses the word.
    pub fn knows(&self, word: &str) -> bool {
        self.words.contains_key(word)
    }

    /// Heap bytes held by the trie, the word ids and the entries (approximately: the allocator's
    /// and the hash tables' own overhead are not counted).
    pub fn heap_bytes(&self) -> usize {
        let words: usize = (self.words.keys())
            .map(|w| w.len() + size_of::<(Box<str>, u32)>())
            .sum();
        let trie = self.edges.capacity() * size_of::<((u32, u32), u32)>()
            + self.ends.capacity() * size_of::<u32>();
        let reading = |r: &Reading| r.phrase.len();
        let entries: usize = (self.entries.iter())
            .map(|e| {
                let special: usize = (e.by_sector.iter())
                    .map(|(_, r)| size_of::<(SectorKey, Reading)>() + reading(r))
                    .sum();
                size_of::<Entry>() + e.default.as_ref().map_or(0, reading) + special
            })
            .sum();
        trie + words + entries
    }

    /// Every phrase found in a run of canonical words, overlapping ones included, in order of
    /// their end, and the longer first of those that end on the same word.
    pub fn find(&self, tokens: &[String]) -> Vec<Found> {
        let ids: Vec<u32> = (tokens.iter())
            .map(|t| self.words.get(t.as_str()).copied().unwrap_or(UNKNOWN))
            .collect();
        let mut found = Vec::new();
        for first in 0..ids.len() {
            let mut node = 0;
            for (n, &id) in ids[first..].iter().enumerate() {
                let Some(&next) = (id != UNKNOWN)
                    .then(|| self.edges.get(&(node, id)))
                    .flatten()
                else {
                    break;
                };
                node = next;
                let entry = self.ends[node as usize];
                if entry != NO_ENTRY {
                    found.push(Found {
                        entry,
                        first,
                        words: n + 1,
                    });
                }
            }
        }
        // by end, the longer (earlier) first: the order a search along the title meets them in
        found.sort_by_key(|f| (f.first + f.words, f.first));
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use aho_corasick::{AhoCorasick, MatchKind};

    /// Words of a small vocabulary, so that phrases overlap and share their starts and ends.
    const VOCABULARY: [&str; 6] = ["chef", "de", "projet", "data", "web", "senior"];

    /// What an Aho-Corasick automaton over the phrases, each word written as two bytes of its
    /// index, finds among the tokens: every match on whole words, overlapping ones included.
    fn by_automaton(keys: &[String], tokens: &[String]) -> Vec<Found> {
        let encode = |words: &mut dyn Iterator<Item = &str>| -> Vec<u8> {
            let id = |w: &str| VOCABULARY.iter().position(|v| *v == w).map_or(0, |i| i + 1);
            words.flat_map(|w| (id(w) as u16).to_be_bytes()).collect()
        };
        let patterns: Vec<Vec<u8>> = keys.iter().map(|k| encode(&mut k.split(' '))).collect();
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .unwrap();
        let text = encode(&mut tokens.iter().map(String::as_str));
        (automaton.find_overlapping_iter(&text))
            .filter(|m| m.start() % 2 == 0)
            .map(|m| Found {
                entry: m.pattern().as_u32(),
                first: m.start() / 2,
                words: m.len() / 2,
            })
            .collect()
    }

    fn entry() -> Entry {
        Entry {
            langs: HEAD_FIRST,
            default: None,
            by_sector: Vec::new(),
        }
    }

    proptest::proptest! {
        /// The trie finds what an automaton over the phrases finds, in the same order: by end,
        /// the longer first.
        #[test]
        fn the_trie_finds_what_an_automaton_finds(
            phrases in proptest::collection::btree_set(
                proptest::collection::vec(0..VOCABULARY.len(), 1..4), 1..12),
            title in proptest::collection::vec(0..=VOCABULARY.len(), 0..10),
        ) {
            let keys: Vec<String> = (phrases.iter())
                .map(|p| p.iter().map(|&i| VOCABULARY[i]).collect::<Vec<_>>().join(" "))
                .collect();
            // index VOCABULARY.len() is a word no phrase uses
            let tokens: Vec<String> = (title.iter())
                .map(|&i| VOCABULARY.get(i).map_or("inconnu", |w| w).to_string())
                .collect();
            let trie = Phrases::new(&keys, keys.iter().map(|_| entry()).collect());
            proptest::prop_assert_eq!(trie.find(&tokens), by_automaton(&keys, &tokens));
        }
    }

    #[test]
    fn overlapping_phrases_are_all_found_longer_first_at_the_same_end() {
        let keys: Vec<String> = ["chef de projet", "projet", "de projet data", "data"]
            .map(String::from)
            .to_vec();
        let trie = Phrases::new(&keys, keys.iter().map(|_| entry()).collect());
        let tokens: Vec<String> = "chef de projet data senior"
            .split(' ')
            .map(String::from)
            .collect();
        let found: Vec<(u32, usize, usize)> = (trie.find(&tokens).iter())
            .map(|f| (f.entry, f.first, f.words))
            .collect();
        assert_eq!(found, [(0, 0, 3), (1, 2, 1), (2, 1, 3), (3, 3, 1)]);
        assert!(!trie.knows("senior") && trie.knows("data"));
    }
}
