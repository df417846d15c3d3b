//! The occupation phrases (ESCO's titles and the curated ones) in one multi-pattern automaton.
//!
//! Every phrase is stored once, under its canonical key (see [`super::words`]), with what it means:
//! by default, and in particular sectors. A title is searched for all phrases at once with one
//! Aho-Corasick automaton, matches falling on whole words and overlapping ones all found:
//! `technicien de maintenance` and `maintenance informatique` in the same title are both
//! candidates, and the caller chooses.

use rustc_hash::FxHashMap as HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

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
/// The automaton runs over word ids rather than letters: each known word gets a 2-byte id, a
/// phrase is the bytes of its words' ids, and a title is encoded the same way (a word no phrase
/// uses becomes `00`, which no id is). Phrases are then a few bytes long instead of a few dozen,
/// which makes the automaton several times smaller and faster to build, and a match can only be
/// whole words: matches that do not start on a word's first byte are dropped.
#[derive(Debug, Clone)]
pub struct Phrases {
    automaton: AhoCorasick,
    words: HashMap<Box<str>, u16>,
    entries: Vec<Entry>,
}

/// Bytes per word id: up to 65,535 distinct words.
const ID: usize = 2;

fn push_id(out: &mut Vec<u8>, id: u16) {
    out.extend_from_slice(&id.to_be_bytes());
}

impl Phrases {
    /// Builds the automaton; `keys[i]` is the canonical key of `entries[i]`. Fails when the
    /// phrases use more distinct words than ids can number.
    pub fn new(keys: &[String], entries: Vec<Entry>) -> Result<Phrases, String> {
        let mut words: HashMap<Box<str>, u16> = HashMap::default();
        let mut patterns: Vec<Vec<u8>> = Vec::with_capacity(keys.len());
        for k in keys {
            let mut p = Vec::with_capacity(ID * 4);
            for w in k.split(' ') {
                let id = match words.get(w) {
                    Some(&id) => id,
                    None => {
                        let id = u16::try_from(words.len() + 1)
                            .map_err(|_| "more than 65,535 distinct words".to_string())?;
                        words.insert(w.into(), id);
                        id
                    }
                };
                push_id(&mut p, id);
            }
            patterns.push(p);
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            // dense rows (a transition for every byte) near the root only: with thousands of
            // first words below it, the default depth builds slower and holds 14.4 MiB against
            // 8.8, for no faster a search (`cargo bench --bench classify`)
            .dense_depth(1)
            .build(patterns)
            .map_err(|e| e.to_string())?;
        Ok(Phrases {
            automaton,
            words,
            entries,
        })
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

    /// Heap bytes held by the automaton, the word ids and the entries (approximately: the
    /// allocator's own overhead is not counted).
    pub fn heap_bytes(&self) -> usize {
        let words: usize = (self.words.keys())
            .map(|w| w.len() + size_of::<(Box<str>, u16)>())
            .sum();
        let reading = |r: &Reading| r.phrase.len();
        let entries: usize = (self.entries.iter())
            .map(|e| {
                let special: usize = (e.by_sector.iter())
                    .map(|(_, r)| size_of::<(SectorKey, Reading)>() + reading(r))
                    .sum();
                size_of::<Entry>() + e.default.as_ref().map_or(0, reading) + special
            })
            .sum();
        self.automaton.memory_usage() + words + entries
    }

    /// Every phrase found in a run of canonical words, overlapping ones included, in order of
    /// their end.
    pub fn find(&self, tokens: &[String]) -> Vec<Found> {
        let mut text = Vec::with_capacity(tokens.len() * ID);
        for t in tokens {
            push_id(&mut text, self.words.get(t.as_str()).copied().unwrap_or(0));
        }
        self.automaton
            .find_overlapping_iter(&text)
            .filter(|m| m.start() % ID == 0)
            .map(|m| Found {
                entry: m.pattern().as_u32(),
                first: m.start() / ID,
                words: m.len() / ID,
            })
            .collect()
    }
}
