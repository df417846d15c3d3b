//! The skills matcher: every spelling of the dictionary in one trie of words, run over folded text.
//!
//! Every spelling's key is a sequence of words (`power bi`), searched for in the folded text
//! (` ... `, see [`super::text`]) leftmost-longest: at each word the longest spelling that starts
//! there and ends on a word boundary wins (`sql server` over `sql`, `javascript` is one word and
//! never `java`, `tableau de bord` over `tableau`). The search goes on from the word after the
//! match, so that two spellings side by side (` python java `) are both found, and matches never
//! overlap.
//!
//! The search walks the text a word at a time: each word is hashed as its end is found and looked
//! up among the keys' words ([`words`]); only a word that starts some key goes on into the trie,
//! and a word no key uses costs one look-up. This finds what an Aho-Corasick automaton over
//! ` key ` (a space at each end) finds, in about 1 MB for the default dictionary instead of the
//! automaton's 50 MB, and twice as fast (see `bench/README.md`).
//!
//! A match does not count when:
//! - a negative context of its spelling surrounds it, with the spelling in the same place
//!   (`sage` in `sage femme`, `c` in `c est`);
//! - its spelling is one of the units `c`, `go`, `ml`, `to`, `mo` and a number comes just before
//!   it (`25 °C`, `16 Go`);
//! - its spelling is one letter that the text wrote before an apostrophe (`c'est`, `d'une`).
//!
//! What remains is the set of skills the text mentions, each once.

use std::collections::HashMap;
use std::ops::Range;

use rustc_hash::FxHashMap;

use super::text::Folded;
use crate::taxonomy::{Lang, SkillDictionary, SkillIdx};
use words::{Numbering, WordTable, NONE};

/// Spellings that are units when a number comes before them (`25 c`, `16 go`, `500 ml`).
const UNITS: [&str; 5] = ["c", "go", "ml", "to", "mo"];

/// The skills matcher, built once from a dictionary and shared by every worker.
#[derive(Debug, Clone)]
pub struct Matcher {
    /// Every word of the keys, with the trie node of the keys it starts.
    words: WordTable,
    /// The trie of the keys, word by word.
    nodes: Vec<Node>,
    /// The trie below its first level: (node, word) to the child node.
    edges: FxHashMap<(u32, u32), u32>,
    /// Per pattern: its skills and what may reject a match of it.
    patterns: Vec<Pattern>,
    /// The skills of the patterns, by pattern.
    skills: Vec<SkillIdx>,
    /// The negative contexts, by pattern (see [`Pattern::contexts`]): the context with a space at
    /// each end, and where the spelling starts in it.
    contexts: Vec<(Box<[u8]>, usize)>,
}

/// A node of the trie: a sequence of words that starts some key.
#[derive(Debug, Clone)]
struct Node {
    /// The pattern whose key it is, or [`NONE`].
    pattern: u32,
    /// No key goes on after it.
    leaf: bool,
}

/// One spelling.
#[derive(Debug, Clone)]
struct Pattern {
    /// The skills it names, a range of [`Matcher::skills`]: one, or several for a compound
    /// spelling (`administration systèmes et réseaux`).
    skills: (u32, u32),
    /// Its negative contexts, a range of [`Matcher::contexts`].
    contexts: (u32, u32),
    /// A unit after a number (`16 go`) is not this spelling.
    unit: bool,
    /// One letter: not when elided (`c'est`).
    one_letter: bool,
    /// Counts only in postings written in this language.
    lang: Option<Lang>,
}

impl Matcher {
    /// The matcher of a dictionary's spellings and negative contexts.
    pub fn new(dict: &SkillDictionary) -> Matcher {
        // one pattern per key, with every skill the key names, in load order
        let mut index: HashMap<&str, usize> = HashMap::new();
        let mut keys: Vec<&str> = Vec::new();
        let mut named: Vec<(Vec<SkillIdx>, Option<Lang>)> = Vec::new();
        for s in &dict.spellings {
            let p = *index.entry(s.key.as_str()).or_insert_with(|| {
                keys.push(s.key.as_str());
                named.push((Vec::new(), s.lang));
                keys.len() - 1
            });
            let (skills, lang) = &mut named[p];
            if !skills.contains(&s.skill) {
                skills.push(s.skill);
            }
            // restricted only when every spelling of the key is, to the same language
            if *lang != s.lang {
                *lang = None;
            }
        }
        let mut skills = Vec::new();
        let mut patterns: Vec<Pattern> = (keys.iter().zip(&named))
            .map(|(key, (named, lang))| {
                let from = skills.len() as u32;
                skills.extend_from_slice(named);
                Pattern {
                    skills: (from, skills.len() as u32),
                    contexts: (0, 0),
                    unit: UNITS.contains(key),
                    one_letter: key.len() == 1 && key.as_bytes()[0].is_ascii_alphabetic(),
                    lang: *lang,
                }
            })
            .collect();
        let contexts = negative_contexts(dict, &index, &mut patterns);
        let (words, nodes, edges) = trie(&keys);
        Matcher {
            words,
            nodes,
            edges,
            patterns,
            skills,
            contexts,
        }
    }

    /// The skills that `text` mentions, sorted, each once, into `out` (emptied first).
    pub fn find(&self, text: &Folded, out: &mut Vec<SkillIdx>) {
        out.clear();
        self.each(text, |skill, _| out.push(skill));
        out.sort_unstable();
        out.dedup();
    }

    /// Calls `f` with every match that counts, in order: its skill and where its spelling lies
    /// in the folded text (without the spaces around it).
    pub fn each(&self, text: &Folded, mut f: impl FnMut(SkillIdx, Range<usize>)) {
        // the posting's language, found when a spelling restricted to one first needs it
        let mut lang = None;
        self.matches(text.as_bytes(), |pattern, words| {
            let p = &self.patterns[pattern as usize];
            if p.lang.is_some() && p.lang != Some(*lang.get_or_insert_with(|| text.language())) {
                return;
            }
            if !self.rejects(p, text, words.start) {
                for &skill in &self.skills[p.skills.0 as usize..p.skills.1 as usize] {
                    f(skill, words.clone());
                }
            }
        });
    }

    /// Calls `f` with every key found in the folded text `hay`, in order, leftmost-longest and
    /// without overlaps: its pattern and where its words lie.
    fn matches(&self, hay: &[u8], mut f: impl FnMut(u32, Range<usize>)) {
        let mut word = 1;
        while word < hay.len() {
            let (first, end) = self.words.get(hay, word);
            match first.and_then(|w| self.longest(hay, w.first, end)) {
                Some((pattern, last)) => {
                    f(pattern, word..last);
                    // go on from the word after the match
                    word = last + 1;
                }
                None => word = end + 1,
            }
        }
    }

    /// The longest key whose first word is the one of trie node `node` (or none, [`NONE`]),
    /// which ends at `hay[end]`: its pattern and where its last word ends (a space).
    #[inline]
    fn longest(&self, hay: &[u8], mut node: u32, mut end: usize) -> Option<(u32, usize)> {
        let mut best = None;
        // a key's last word is followed by a space
        while node != NONE && end < hay.len() {
            let n = &self.nodes[node as usize];
            if n.pattern != NONE {
                best = Some((n.pattern, end));
            }
            if n.leaf {
                break;
            }
            let (next, next_end) = self.words.get(hay, end + 1);
            node = match next.and_then(|w| self.edges.get(&(node, w.id))) {
                Some(&child) => child,
                None => break,
            };
            end = next_end;
        }
        best
    }

    /// Whether a match of `p` whose first word starts at `word` does not count.
    fn rejects(&self, p: &Pattern, text: &Folded, word: usize) -> bool {
        let hay = text.as_bytes();
        if p.one_letter && (text.is_elided(word) || in_abbreviation(text, word)) {
            return true;
        }
        if p.unit && previous_word(hay, word).is_some_and(|w| w.iter().all(u8::is_ascii_digit)) {
            return true;
        }
        let (from, to) = p.contexts;
        self.contexts[from as usize..to as usize]
            .iter()
            .any(|(context, at)| {
                // the context's spaces are the text's: ` sage femme ` around ` sage `
                word.checked_sub(*at)
                    .and_then(|start| hay.get(start..start + context.len()))
                    .is_some_and(|s| s == &context[..])
            })
    }
}

/// The trie of `keys` (pattern `p` is `keys[p]`), with the table of their words. A key with an
/// empty word (none, or two spaces in a row) is left out: folded text never holds it.
fn trie(keys: &[&str]) -> (WordTable, Vec<Node>, FxHashMap<(u32, u32), u32>) {
    let mut numbering = Numbering::default();
    let mut nodes: Vec<Node> = Vec::new();
    let mut edges: FxHashMap<(u32, u32), u32> = FxHashMap::default();
    for (p, key) in keys.iter().enumerate() {
        if key.split(' ').any(str::is_empty) {
            continue;
        }
        let mut node = NONE;
        for w in key.split(' ') {
            let id = numbering.id(w.as_bytes());
            let child = if node == NONE {
                &mut numbering.words[id as usize].1.first
            } else {
                nodes[node as usize].leaf = false;
                edges.entry((node, id)).or_insert(NONE)
            };
            if *child == NONE {
                *child = nodes.len() as u32;
                nodes.push(Node {
                    pattern: NONE,
                    leaf: true,
                });
            }
            node = *child;
        }
        let n = &mut nodes[node as usize];
        if n.pattern == NONE {
            n.pattern = p as u32;
        }
    }
    let table = WordTable::new(numbering.words.iter().copied());
    (table, nodes, edges)
}

/// The negative contexts of the dictionary, grouped by pattern (whose ranges are set), with a
/// space at each end and where the spelling starts in them. A context may hold its spelling more
/// than once (`c c`): each place counts.
fn negative_contexts(
    dict: &SkillDictionary,
    index: &HashMap<&str, usize>,
    patterns: &mut [Pattern],
) -> Vec<(Box<[u8]>, usize)> {
    let mut found: Vec<(usize, Box<[u8]>, usize)> = Vec::new();
    for (key, context) in &dict.negatives {
        let Some(&p) = index.get(key.as_str()) else {
            continue;
        };
        let spaced = format!(" {context} ");
        let needle = format!(" {key} ");
        for (at, _) in spaced.match_indices(needle.as_str()) {
            found.push((p, spaced.as_bytes().into(), at + 1));
        }
    }
    found.sort_by_key(|(p, _, _)| *p);
    let mut contexts = Vec::with_capacity(found.len());
    for (p, context, at) in found {
        let pattern = &mut patterns[p];
        if pattern.contexts.1 == 0 {
            pattern.contexts.0 = contexts.len() as u32;
        }
        contexts.push((context, at));
        pattern.contexts.1 = contexts.len() as u32;
    }
    contexts
}

/// Whether the one-letter word at `word` is part of an abbreviation: a word of one letter next to
/// it (`R&D`, `S/R`, `I&C` fold to `r d`, `s r`, `i c`). French `à`, `y` and the `e` of
/// `Ingénieur(e)` do not count, nor the `H/F` of a job title, nor an elided letter (`C d'abord`).
fn in_abbreviation(text: &Folded, word: usize) -> bool {
    let hay = text.as_bytes();
    let letter = |w: Option<(usize, &[u8])>| match w {
        Some((at, [l])) if l.is_ascii_alphabetic() && !text.is_elided(at) => Some(*l),
        _ => None,
    };
    let gender =
        |l: u8, other: Option<u8>| matches!((l, other), (b'h', Some(b'f')) | (b'f', Some(b'h')));
    let before = previous_word(hay, word).map(|w| (word - 1 - w.len(), w));
    let after = next_word(hay, word + 1);
    if let Some(l) = letter(before) {
        let other = letter(
            before.and_then(|(at, _)| previous_word(hay, at).map(|w| (at - 1 - w.len(), w))),
        );
        if !matches!(l, b'a' | b'e' | b'y') && !gender(l, other) {
            return true;
        }
    }
    if let Some(l) = letter(after) {
        let other = letter(after.and_then(|(at, w)| next_word(hay, at + w.len())));
        if !matches!(l, b'a' | b'e' | b'y') && !gender(l, other) {
            return true;
        }
    }
    false
}

/// The word after the word that ends at `end` (a space follows it), with where it starts.
fn next_word(hay: &[u8], end: usize) -> Option<(usize, &[u8])> {
    let start = end + 1;
    let len = hay.get(start..)?.iter().position(|&b| b == b' ')?;
    (len > 0).then(|| (start, &hay[start..start + len]))
}

/// The word before the one starting at `word` (which a space precedes), if any.
fn previous_word(hay: &[u8], word: usize) -> Option<&[u8]> {
    let end = word.checked_sub(1)?;
    let start = hay[..end].iter().rposition(|&b| b == b' ')? + 1;
    (start < end).then(|| &hay[start..end])
}

#[cfg(test)]
mod tests;
mod words;
