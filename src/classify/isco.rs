//! ISCO-08 codes, their labels, and the mapping from ISCO groups to specialisations.
//!
//! A code is a group at any level: one digit for a major group (`2`, professionals) to four for a
//! unit group (`2512`, software developers). The coder returns a shorter code when the evidence
//! fixes only that much: a phrase ESCO gives to `2512` and `2514` is known as `251`.
//!
//! The mapping (`isco_specialisations.csv`) gives a specialisation to ISCO prefixes; the longest
//! prefix of a unit group wins. A group above the unit level has a specialisation only when all its
//! unit groups share it, so a partial code never claims more than it knows.

use rustc_hash::FxHashMap as HashMap;
use std::fmt;

use crate::taxonomy::SpecIdx;

/// An ISCO-08 group: 1 to 4 digits, kept as text so that `0110` keeps its leading zero.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Isco {
    digits: [u8; 4],
    len: u8,
}

/// Hashed as one word: a tally hashes a posting's group in every row's cell key, and the derived
/// hash writes the digits as a slice, length first.
impl std::hash::Hash for Isco {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(self.word());
    }
}

impl Isco {
    /// The digits and their number in one word, distinct for distinct groups.
    pub fn word(self) -> u64 {
        u64::from(u32::from_le_bytes(self.digits)) | u64::from(self.len) << 32
    }

    /// Parses 1 to 4 ASCII digits; anything else is `None`.
    pub fn parse(code: &str) -> Option<Isco> {
        let bytes = code.as_bytes();
        if bytes.is_empty() || bytes.len() > 4 || !bytes.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let mut digits = [0u8; 4];
        digits[..bytes.len()].copy_from_slice(bytes);
        Some(Isco {
            digits,
            len: bytes.len() as u8,
        })
    }

    /// The code as text, e.g. `2512` or `25`.
    pub fn as_str(&self) -> &str {
        // only ASCII digits are ever stored
        std::str::from_utf8(&self.digits[..self.len as usize]).unwrap_or("")
    }

    /// Number of digits: 1 (major group) to 4 (unit group).
    pub fn level(&self) -> usize {
        self.len as usize
    }

    /// The group `digits` levels up from the top, or the code itself when it is shorter.
    pub fn truncate(self, digits: usize) -> Isco {
        let mut out = self;
        out.len = out.len.min(digits.clamp(1, 4) as u8);
        out.digits[out.len as usize..].fill(0);
        out
    }

    /// True when `self` lies inside `group` (or is it).
    pub fn within(self, group: Isco) -> bool {
        group.len <= self.len
            && self.digits[..group.len as usize] == group.digits[..group.len as usize]
    }

    /// The longest group that contains both codes, if they share at least the major group.
    pub fn common(self, other: Isco) -> Option<Isco> {
        let n = self
            .digits
            .iter()
            .zip(&other.digits)
            .take(self.len.min(other.len) as usize)
            .take_while(|(a, b)| a == b)
            .count();
        (n > 0).then(|| self.truncate(n))
    }
}

impl fmt::Display for Isco {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Isco {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Isco({})", self.as_str())
    }
}

/// The longest group shared by all codes (`None` when they differ in the major group, or when
/// there are none).
pub fn common_group(codes: impl IntoIterator<Item = Isco>) -> Option<Isco> {
    let mut codes = codes.into_iter();
    let first = codes.next()?;
    codes.try_fold(first, |acc, c| acc.common(c))
}

/// Labels of an ISCO group.
#[derive(Debug, Clone, Default)]
pub struct GroupLabels {
    pub en: String,
    pub fr: String,
    /// Empty below the sub-major groups (2 digits).
    pub ar: String,
}

/// Every ISCO group with its labels and its specialisation.
#[derive(Debug, Clone, Default)]
pub struct IscoGroups {
    labels: HashMap<Isco, GroupLabels>,
    specs: HashMap<Isco, Option<SpecIdx>>,
    /// The usual unit group of a specialisation at a major group, sorted.
    usual: Vec<Isco>,
}

impl IscoGroups {
    /// The groups of `isco_groups.csv` with the specialisation each gets from `rules` (ISCO prefix
    /// -> specialisation, longest prefix wins). Unit groups no rule reaches are returned as the
    /// error, sorted.
    pub fn new(
        labels: HashMap<Isco, GroupLabels>,
        rules: &HashMap<Isco, SpecIdx>,
    ) -> Result<IscoGroups, Vec<Isco>> {
        let mut unit: Vec<(Isco, SpecIdx)> = Vec::new();
        let mut missing = Vec::new();
        for &code in labels.keys().filter(|c| c.level() == 4) {
            let rule = (1..=4).rev().find_map(|n| rules.get(&code.truncate(n)));
            match rule {
                Some(&s) => unit.push((code, s)),
                None => missing.push(code),
            }
        }
        if !missing.is_empty() {
            missing.sort();
            return Err(missing);
        }
        let mut specs: HashMap<Isco, Option<SpecIdx>> = HashMap::default();
        for &code in labels.keys() {
            let mut shared: Option<Option<SpecIdx>> = None;
            for &(_, s) in unit.iter().filter(|(u, _)| u.within(code)) {
                shared = match shared {
                    None => Some(Some(s)),
                    Some(Some(prev)) if prev == s => Some(Some(s)),
                    _ => Some(None),
                };
            }
            specs.insert(code, shared.flatten());
        }
        Ok(IscoGroups {
            labels,
            specs,
            usual: Vec::new(),
        })
    }

    /// Marks unit groups as the usual ones of their specialisation at their major group.
    pub fn set_usual(&mut self, mut units: Vec<Isco>) {
        units.sort();
        self.usual = units;
    }

    /// True when `code` is the unit group a title gets that names only its major group and its
    /// specialisation's field.
    pub fn is_usual(&self, code: Isco) -> bool {
        self.usual.binary_search(&code).is_ok()
    }

    /// True when the code is an ISCO-08 group.
    pub fn contains(&self, code: Isco) -> bool {
        self.labels.contains_key(&code)
    }

    /// The specialisation of a group: for a unit group, its mapping; above, the one all its unit
    /// groups share, if any.
    pub fn specialisation(&self, code: Isco) -> Option<SpecIdx> {
        self.specs.get(&code).copied().flatten()
    }

    /// The labels of a group.
    pub fn labels(&self, code: Isco) -> Option<&GroupLabels> {
        self.labels.get(&code)
    }

    /// The unit groups (4 digits), sorted.
    pub fn unit_groups(&self) -> Vec<Isco> {
        let mut out: Vec<Isco> = self
            .labels
            .keys()
            .copied()
            .filter(|c| c.level() == 4)
            .collect();
        out.sort();
        out
    }
}
