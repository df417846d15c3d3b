//! What single words say about an occupation, learnt from the phrases themselves.
//!
//! Most titles that match no phrase are still made of words the phrases use: a head that names a
//! level but no field (`technicien`, `responsable`, `ingénieur`) and a field ESCO names only
//! inside longer titles (`gros oeuvre`, `paie`, `buanderie`). Each word of the phrases is counted
//! once per phrase and ISCO unit group that holds it; a title's words then vote for unit groups,
//! each word weighted by how rare it is among the phrases (its inverse document frequency) and
//! split by the share of its phrases in each group. A word found in a handful of phrases of one
//! group (`paie`) speaks loudly for it; a word found everywhere (`agent`) hardly at all.
//!
//! The same counts complete a short ISCO code: a title known to be a technician (`3`) in civil
//! engineering is given the unit group of that major group and specialisation that its words, or
//! failing them the phrases, favour most (`3112`).

use rustc_hash::FxHashMap as HashMap;

use super::isco::Isco;

/// Fewest phrases a word must occur in to vote: a word of one phrase is as likely a name or a
/// slip as a field.
const MIN_PHRASES: u32 = 2;

/// Fewest phrases a word must head for the major groups it heads to say what it names.
const HEAD_MIN_PHRASES: u32 = 10;

/// Least share of the phrases a word heads for a major group to be one it names.
const HEAD_MAJOR_MIN_SHARE: f64 = 0.1;

/// A word's counts: in how many phrases it occurs, and how many of those are in each unit group.
#[derive(Debug, Clone, Default)]
struct WordStat {
    phrases: u32,
    /// Phrases where the word is the head (first in French, last in English).
    heads: u32,
    /// (unit group, phrases of that group holding the word), sorted by group.
    groups: Vec<(Isco, u32)>,
    /// (ISCO major group, phrases of that major group the word heads), sorted by major group.
    head_majors: Vec<(u8, u32)>,
}

impl WordStat {
    /// Counts one more phrase of these unit groups that holds the word, as its head or not.
    fn count(&mut self, heads: bool, codes: &[Isco]) {
        self.phrases += 1;
        self.heads += u32::from(heads);
        let majors = codes.iter().filter_map(|c| c.as_str().bytes().next());
        for major in majors.filter(|_| heads) {
            match self.head_majors.binary_search_by_key(&major, |&(m, _)| m) {
                Ok(i) => self.head_majors[i].1 += 1,
                Err(i) => self.head_majors.insert(i, (major, 1)),
            }
        }
        for &c in codes {
            match self.groups.binary_search_by_key(&c, |&(g, _)| g) {
                Ok(i) => self.groups[i].1 += 1,
                Err(i) => self.groups.insert(i, (c, 1)),
            }
        }
    }
}

/// Word counts over all phrases.
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    words: HashMap<Box<str>, WordStat>,
    /// Phrases counted.
    phrases: u32,
    /// Phrases per unit group.
    per_group: HashMap<Isco, u32>,
}

impl Evidence {
    /// Counts one phrase (its canonical key) with the unit groups it is given, and whether its
    /// head is its first word (French), its last (English), or either.
    pub fn add(&mut self, key: &str, codes: &[Isco], head_first: bool, head_last: bool) {
        let codes: Vec<Isco> = codes.iter().copied().filter(|c| c.level() == 4).collect();
        if codes.is_empty() {
            return;
        }
        self.phrases += 1;
        for &c in &codes {
            *self.per_group.entry(c).or_default() += 1;
        }
        let mut seen: Vec<&str> = Vec::new();
        let n = key.split(' ').count();
        for (i, w) in key.split(' ').enumerate() {
            if seen.contains(&w) {
                continue;
            }
            seen.push(w);
            let heads = (head_first && i == 0) || (head_last && i + 1 == n);
            // most words are seen before: one look-up, and a key made only for a new word
            match self.words.get_mut(w) {
                Some(stat) => stat.count(heads, &codes),
                None => {
                    let mut stat = WordStat::default();
                    stat.count(heads, &codes);
                    self.words.insert(w.into(), stat);
                }
            }
        }
    }

    /// The votes of `words` for unit groups inside `within` (all groups when `None`): per word,
    /// its inverse document frequency times the share of its phrases in the group. Sorted by
    /// group.
    pub fn votes<'w>(
        &self,
        words: impl IntoIterator<Item = &'w str>,
        within: Option<Isco>,
    ) -> Vec<(Isco, f64)> {
        let mut out: Vec<(Isco, f64)> = Vec::new();
        let mut seen: Vec<&str> = Vec::new();
        for w in words {
            if seen.contains(&w) {
                continue;
            }
            seen.push(w);
            let Some(stat) = self.words.get(w).filter(|s| s.phrases >= MIN_PHRASES) else {
                continue;
            };
            let idf = (f64::from(self.phrases) / f64::from(stat.phrases)).ln();
            let total: u32 = stat.groups.iter().map(|&(_, n)| n).sum();
            for &(g, n) in &stat.groups {
                if within.is_some_and(|h| !g.within(h)) {
                    continue;
                }
                let v = idf * f64::from(n) / f64::from(total);
                match out.binary_search_by_key(&g, |&(c, _)| c) {
                    Ok(i) => out[i].1 += v,
                    Err(i) => out.insert(i, (g, v)),
                }
            }
        }
        out
    }

    /// Of the phrases holding `word`, counted once per unit group, the share whose group
    /// satisfies `keep` (`None` for a word no phrase holds).
    pub fn share(&self, word: &str, keep: impl Fn(Isco) -> bool) -> Option<f64> {
        let stat = self.words.get(word)?;
        let total: u32 = stat.groups.iter().map(|&(_, n)| n).sum();
        let kept: u32 = (stat.groups.iter())
            .filter(|(g, _)| keep(*g))
            .map(|&(_, n)| n)
            .sum();
        Some(f64::from(kept) / f64::from(total.max(1)))
    }

    /// Of the phrases holding `word`, the share where it is the head (`None` for a word no
    /// phrase holds).
    pub fn head_share(&self, word: &str) -> Option<f64> {
        let stat = self.words.get(word)?;
        Some(f64::from(stat.heads) / f64::from(stat.phrases.max(1)))
    }

    /// The unit groups of the phrases holding `word`, each with how many of them it has, sorted
    /// by group (empty for a word no phrase holds).
    pub fn groups_of(&self, word: &str) -> &[(Isco, u32)] {
        self.words.get(word).map_or(&[], |s| s.groups.as_slice())
    }

    /// The ISCO major groups (as their digit, `b'1'` to `b'9'` and `b'0'`) that a head word
    /// names, when it heads enough phrases to say: those holding at least
    /// [`HEAD_MAJOR_MIN_SHARE`] of the phrases it heads. `agent` heads clerks, service and
    /// sales workers, technicians, but hardly ever a manager or a professional. `None` for a
    /// word that heads fewer than [`HEAD_MIN_PHRASES`] phrases.
    pub fn head_majors(&self, word: &str) -> Option<Vec<u8>> {
        let stat = self.words.get(word)?;
        let total: u32 = stat.head_majors.iter().map(|&(_, n)| n).sum();
        if total < HEAD_MIN_PHRASES {
            return None;
        }
        let least = f64::from(total) * HEAD_MAJOR_MIN_SHARE;
        let kept = (stat.head_majors.iter()).filter(|&&(_, n)| f64::from(n) >= least);
        Some(kept.map(|&(m, _)| m).collect())
    }

    /// Phrases of a unit group.
    pub fn phrases_of(&self, group: Isco) -> u32 {
        self.per_group.get(&group).copied().unwrap_or(0)
    }

    /// Heap bytes held (approximately).
    pub fn heap_bytes(&self) -> usize {
        let words: usize = (self.words.iter())
            .map(|(w, s)| {
                w.len()
                    + size_of::<(Box<str>, WordStat)>()
                    + (s.groups.len() + s.head_majors.len()) * 8
            })
            .sum();
        words + self.per_group.len() * 16
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn isco(c: &str) -> Isco {
        Isco::parse(c).unwrap()
    }

    #[test]
    fn rare_words_outvote_common_ones() {
        let mut e = Evidence::default();
        e.add("gestionnaire paie", &[isco("4313")], true, false);
        e.add("agent paie", &[isco("4313")], true, false);
        e.add("agent securite", &[isco("5414")], true, false);
        e.add("agent accueil", &[isco("4226")], true, false);
        // paie: in 2 of 4 phrases, both 4313: ln(4/2) = 0.693 for 4313;
        // agent: in 3 of 4, one each in 4313, 5414, 4226: ln(4/3)/3 = 0.0959 each
        let v = e.votes(["agent", "paie"], None);
        let get = |c: &str| v.iter().find(|(g, _)| *g == isco(c)).map(|x| x.1);
        let agent = (4.0f64 / 3.0).ln() / 3.0;
        assert!((get("4313").unwrap() - (2f64.ln() + agent)).abs() < 1e-9);
        assert!((get("5414").unwrap() - agent).abs() < 1e-9);
        // inside major group 5 only 5414 is left
        let v = e.votes(["agent", "paie"], Some(isco("5")));
        assert_eq!(v.len(), 1);
        assert_eq!(e.phrases_of(isco("4313")), 2);
        // agent: one phrase each in 4313, 5414 and 4226
        assert_eq!(e.share("agent", |g| g == isco("5414")), Some(1.0 / 3.0));
        assert_eq!(e.share("riad", |_| true), None);
        // agent heads its three phrases, paie none of its two
        assert_eq!(e.head_share("agent"), Some(1.0));
        assert_eq!(e.head_share("paie"), Some(0.0));
        // a word of one phrase does not vote
        assert!(e.votes(["securite"], None).is_empty());
        assert_eq!(e.groups_of("paie"), &[(isco("4313"), 2)]);
        // agent heads 3 phrases: fewer than HEAD_MIN_PHRASES, so it names no level
        assert_eq!(e.head_majors("agent"), None);
        for k in 0..9 {
            e.add(&format!("agent x{k}"), &[isco("5414")], true, false);
        }
        e.add("agent y", &[isco("1211")], true, false);
        // of 13 phrases headed by agent: 10 in major group 5, 1 in 1, 1 in 4 (4313), 1 in 4
        // (4226): 4 has 2/13 >= 10 %, 1 has 1/13 < 10 %
        assert_eq!(e.head_majors("agent"), Some(vec![b'4', b'5']));
        assert!(e.groups_of("riad").is_empty());
    }
}
