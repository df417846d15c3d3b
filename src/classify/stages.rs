//! The coder's stages: choosing among the phrases of a title, the ICT rule, the sector and the
//! description (see the order and the reasons in the module documentation of [`super`]).

use std::cmp::Reverse;
use std::collections::HashMap;

use super::phrases::{Found, Reading, SectorKey, Source, HEAD_FIRST, HEAD_LAST};
use super::words::{pieces, Words};
use super::{start_of, Coder, Coding, DecidedBy, Isco, Sector, DESCRIPTION_BYTES};
use crate::taxonomy::{fold, SpecIdx};

/// A board category found for a posting, with its label as the posting spells it.
#[derive(Debug, Clone, Copy)]
pub(super) struct SectorSeen<'c, 'a> {
    pub sector: &'c Sector,
    pub label: &'a str,
}

/// A phrase found in a title, with the reading in force.
#[derive(Debug, Clone, Copy)]
pub(super) struct Pick<'c> {
    pub reading: &'c Reading,
    by_sector: bool,
    found: Found,
    /// The piece of the title it lies in (`usize::MAX` when it spans pieces).
    segment: usize,
    /// It holds the head word of its piece.
    head: bool,
}

impl Pick<'_> {
    fn end(&self) -> usize {
        self.found.first + self.found.words
    }

    /// It starts its piece of the title.
    fn starts_piece(&self, words: &Words) -> bool {
        (words.segments.get(self.segment)).is_some_and(|s| s.start == self.found.first)
    }

    /// It is the whole of its piece of the title (`courant fort` in `Technicien / courant fort`).
    pub(super) fn fills_piece(&self, words: &Words) -> bool {
        (words.segments.get(self.segment)).is_some_and(|s| s.len() == self.found.words)
    }

    /// Curated and saying nothing: a word known to name no occupation (`stagiaire`).
    fn is_known_void(&self) -> bool {
        self.reading.source == Source::Curated && !self.reading.is_decisive()
    }
}

/// The phrases of a title in order of preference, and the best that decides a specialisation and
/// the best that does not (for its ISCO group and for reporting).
#[derive(Debug, Default)]
pub(super) struct TitleMatch<'c> {
    picks: Vec<Pick<'c>>,
    pub decisive: Option<Pick<'c>>,
    pub vague: Option<Pick<'c>>,
    /// A head refined by the decisive phrase beside it (`chef de projet` in `chef de projet
    /// BTP`), for its ISCO major group.
    pub head: Option<Pick<'c>>,
}

impl TitleMatch<'_> {
    /// The ISCO group of the best vague phrase in the same piece as `p`, beside it (not inside
    /// it: `manager` in `account manager` says nothing of its own).
    fn vague_group(&self, p: &Pick) -> Option<super::Isco> {
        self.vague_beside(p)?.reading.isco
    }

    /// The best vague phrase in the same piece as `p`, beside it.
    fn vague_beside(&self, p: &Pick) -> Option<Pick<'_>> {
        let apart = |v: &Pick| v.end() <= p.found.first || p.end() <= v.found.first;
        self.vague.filter(|v| v.segment == p.segment && apart(v))
    }
}

/// The ISCO major group of a digit as [`super::evidence::Evidence::head_majors`] gives it
/// (`b'3'`: technicians).
fn major_group(digit: u8) -> Option<Isco> {
    Isco::parse(std::str::from_utf8(&[digit]).unwrap_or(""))
}

impl<'t> Coder<'t> {
    /// The phrases of a title, ordered by: the piece they lie in (the first job a title lists is
    /// its main one; phrases spanning pieces come last), then the most words, then holding the
    /// piece's head word (first in French and Arabic, last in English), then the leftmost. A
    /// phrase inside a longer curated phrase that names no job is dropped: `assistant` in
    /// `assistant technique` says no more than the whole.
    pub(super) fn read<'c>(&'c self, words: &Words, sector: Option<SectorKey>) -> TitleMatch<'c> {
        let mut picks: Vec<Pick> = (self.phrases.find(&words.tokens).into_iter())
            .filter_map(|f| {
                let entry = self.phrases.entry(f.entry);
                let (reading, by_sector) = entry.reading(sector)?;
                let end = f.first + f.words;
                let segment = (words.segments.iter())
                    .position(|s| s.start <= f.first && end <= s.end)
                    .unwrap_or(usize::MAX);
                let head = words.segments.get(segment).is_some_and(|s| {
                    (entry.langs & HEAD_FIRST != 0 && f.first == s.start)
                        || (entry.langs & HEAD_LAST != 0 && end == s.end)
                });
                Some(Pick {
                    reading,
                    by_sector,
                    found: f,
                    segment,
                    head,
                })
            })
            .collect();
        let voids: Vec<(usize, usize, usize)> = (picks.iter())
            .filter(|p| p.is_known_void())
            .map(|p| (p.found.first, p.end(), p.found.words))
            .collect();
        picks.retain(|p| {
            !voids.iter().any(|&(first, end, n)| {
                n > p.found.words && first <= p.found.first && p.end() <= end
            })
        });
        // in a head-first title, a word that a head's job phrase shares with a longer field of
        // another specialisation on its right belongs to the field: `Responsable réseaux
        // sociaux` is a head and the field `réseaux sociaux`, not `responsable de réseau` (a
        // network manager) and `sociaux`
        let fields: Vec<(usize, usize, usize, Option<SpecIdx>)> = (picks.iter())
            .filter(|p| p.reading.is_decisive() && p.reading.isco.is_none())
            .map(|p| (p.segment, p.found.first, p.end(), p.reading.spec))
            .collect();
        picks.retain(|p| {
            let langs = self.phrases.entry(p.found.entry).langs;
            // (a curated phrase has no language: its first word being a head says it is French)
            let headed = langs & HEAD_FIRST != 0
                && (langs & HEAD_LAST == 0 || p.reading.source == Source::Curated)
                && p.found.words > 1
                && (words.tokens.get(p.found.first))
                    .is_some_and(|w| self.evidence.head_majors(w).is_some());
            let overlapped = || {
                fields.iter().any(|&(segment, first, end, spec)| {
                    segment == p.segment
                        && spec != p.reading.spec
                        && p.found.first < first
                        && first < p.end()
                        && p.end() < end
                })
            };
            !(headed && p.reading.isco.is_some() && overlapped())
        });
        let modifiers: Vec<bool> = (picks.iter())
            .map(|p| self.modifies_head(p, &picks, words))
            .collect();
        let mut k = 0;
        picks.retain(|_| {
            k += 1;
            !modifiers[k - 1]
        });
        // a head that keeps its job (`formateur`) starting a piece decides it with the phrases
        // that start there, however long the field that follows (`Formateur systèmes et réseaux`)
        let kept: Vec<usize> = (picks.iter())
            .filter(|p| p.reading.keeps && p.starts_piece(words))
            .map(|p| p.segment)
            .collect();
        // of phrases as long, one that names a job comes before one that names only a field
        // or a workplace (`réceptionniste` before `hôtel` in `Hôtel recrute réceptionniste`)
        picks.sort_by_key(|p| {
            let f = p.found;
            let first = kept.contains(&p.segment) && p.starts_piece(words);
            let field_only = p.reading.isco.is_none() && p.reading.is_decisive();
            (
                p.segment,
                !first,
                Reverse(f.words),
                field_only,
                !p.head,
                f.first,
            )
        });
        let vague = picks.iter().filter(|p| !p.reading.is_decisive());
        let mut decisive = picks.iter().filter(|p| p.reading.is_decisive());
        let mut best = decisive.next().copied();
        let mut head = None;
        if let Some(h) = best.filter(|b| b.reading.head) {
            // the head's own words are not its complement (`dessinateur` in `Dessinateur
            // projeteur bâtiment`, where `bâtiment` is)
            let inside = |p: &Pick| h.found.first <= p.found.first && p.end() <= h.end();
            if let Some(&other) =
                decisive.find(|p| p.segment == h.segment && !p.reading.head && !inside(p))
            {
                (best, head) = (Some(other), Some(h));
            }
        }
        // a one-word head that is all of its piece (`Assistante - Gouvernante`) says less than
        // a job that opens another piece: that job is the title's
        if let Some(h) =
            best.filter(|b| b.reading.head && b.found.words == 1 && b.fills_piece(words))
        {
            let job = (picks.iter()).find(|p| {
                p.segment > h.segment
                    && p.reading.is_decisive()
                    && p.reading.isco.is_some()
                    && !p.reading.head
                    && p.starts_piece(words)
                    && !words.is_note(p.segment)
            });
            if let Some(&job) = job {
                (best, head) = (Some(job), None);
            }
        }
        TitleMatch {
            decisive: best,
            vague: (vague.clone().find(|p| p.reading.isco.is_some()))
                .or_else(|| vague.clone().next())
                .copied(),
            head,
            picks,
        }
    }

    /// True when a one-word ESCO title lies beside the head of its piece, not on it, and names an
    /// occupation the head cannot be: the head's major groups (what it heads in the phrases)
    /// do not hold the phrase's group. The phrase then only says what the head works on
    /// (`routier` in `Ingénieur études routières` is no truck driver, `président` in `Assistante
    /// du président` no manager), and its words are read as the head's complement.
    fn modifies_head(&self, p: &Pick, picks: &[Pick], words: &Words) -> bool {
        // a curated phrase is meant to decide, and a longer ESCO title is a job of its own
        let word = p.found.words == 1 && p.reading.source == Source::Esco;
        let Some(code) = p.reading.isco.filter(|_| p.reading.is_decisive() && word) else {
            return false;
        };
        let Some(seg) = words.segments.get(p.segment) else {
            return false;
        };
        let langs = |h: &Pick| self.phrases.entry(h.found.entry).langs;
        let names_head = |h: &Pick| !h.reading.is_decisive() || h.reading.head;
        // a phrase that starts a French piece is its head; else a head word that does (`agent`,
        // `assistant`, `ingénieur`), else, in English, one that ends it
        if langs(p) & HEAD_FIRST != 0 && p.found.first == seg.start {
            return false;
        }
        let first = (picks.iter()).find(|h| {
            h.segment == p.segment
                && langs(h) & HEAD_FIRST != 0
                && h.found.first == seg.start
                && names_head(h)
        });
        let head = match first {
            Some(h) => Some(h),
            None if langs(p) & HEAD_LAST != 0 && p.end() == seg.end => return false,
            None => (picks.iter()).find(|h| {
                h.segment == p.segment
                    && langs(h) & HEAD_LAST != 0
                    && h.end() == seg.end
                    && names_head(h)
            }),
        };
        let Some(h) = head.filter(|h| h.end() <= p.found.first || p.end() <= h.found.first) else {
            return false;
        };
        let i = if first.is_some() {
            seg.start
        } else {
            seg.end - 1
        };
        let head = words.tokens.get(i).filter(|_| h.segment == p.segment);
        let Some(majors) = head.and_then(|w| self.evidence.head_majors(w)) else {
            return false;
        };
        // the head's level may still hold an occupation of the phrase's field (`Ingénieur
        // automaticien` is an automation engineer): `by_phrase` then takes that level
        let major = code.as_str().bytes().next();
        major.is_some_and(|d| !majors.contains(&d))
            && !(majors.iter().filter_map(|&m| major_group(m)))
                .any(|m| self.has_unit(m, p.reading.spec))
    }

    /// The coding a title phrase gives. A phrase that names a field but no occupation
    /// (`horticulture`) takes the ISCO group of a vague head beside it (`ingénieur`: 2), or of the
    /// best phrase of the same specialisation.
    pub(super) fn by_phrase(
        &self,
        p: Pick,
        found: &TitleMatch,
        words: &Words,
        sector: Option<SectorSeen>,
    ) -> Coding {
        // a head refined by a field (`Assistante` + `santé`) takes the level it names in that
        // field when its usual level holds none (a medical assistant is 3344, not 4)
        let in_field = |h: Pick| {
            let usual = h.reading.isco?.truncate(1);
            if self.has_unit(usual, p.reading.spec) {
                return Some(usual);
            }
            // of the other levels the head names, the nearest (an assistant is a technician's
            // level before a professional's)
            let majors = self
                .head_word(&h, words)
                .and_then(|w| self.evidence.head_majors(w));
            let near = |m: u8| (m.abs_diff(usual.as_str().as_bytes()[0]), m);
            let other = (majors.into_iter().flatten())
                .filter(|&m| major_group(m).is_some_and(|l| self.has_unit(l, p.reading.spec)))
                .min_by_key(|&m| near(m))
                .and_then(major_group);
            Some(other.unwrap_or(usual))
        };
        let head = found.head.and_then(in_field);
        let level = found.vague_group(&p);
        // a vague head beside a field that names no job (`Technicien … automobile`) gives the
        // level it names in that field (a trade, 7: no technician's group repairs cars); a
        // manager stays a manager
        let beside = (found.vague_beside(&p))
            .filter(|v| (v.reading.isco).is_some_and(|c| c.level() == 1 && c.as_str() != "1"))
            .and_then(in_field);
        // an engineer's or a manager's title says its level (`ingénieur`: 2); a technician's
        // does not (`technicien` covers technicians, 3, and trades, 7), but it is below a
        // professional's (`Technicien métrologue` is a metrology technician, not a metrologist)
        let names_level = |h: Isco, code: Isco| {
            h.level() == 1
                && (matches!(h.as_str(), "1" | "2")
                    || (h.as_str() == "3" && code.as_str().starts_with('2')))
        };
        let isco = (p.reading.isco)
            .map(|code| match level {
                Some(h)
                    if names_level(h, code)
                        && !code.within(h)
                        && self.has_unit(h, p.reading.spec) =>
                {
                    h
                }
                _ => code,
            })
            .or(head)
            .or(beside)
            .or(level)
            .or_else(|| {
                let same = found
                    .picks
                    .iter()
                    .find(|o| o.reading.spec == p.reading.spec && o.reading.isco.is_some())?;
                same.reading.isco
            });
        let by = match (p.by_sector, p.reading.source) {
            (true, _) => DecidedBy::Sector,
            (false, Source::Curated) => DecidedBy::Curated,
            (false, Source::Esco) => DecidedBy::Esco,
        };
        let matched = match (p.by_sector, sector) {
            (true, Some(s)) => format!("{} + {}", p.reading.phrase, s.label),
            _ => p.reading.phrase.to_string(),
        };
        self.coded(isco, p.reading.spec, by, matched)
    }

    /// True when some unit group inside `group` has the specialisation `spec`: a head's level
    /// (`ingénieur`: 2) then says which of the field's occupations the title names
    /// (`Ingénieur qualité de l'air` is an environmental engineer, not an air-quality
    /// technician); without one (`Technicien frigoriste`: no technician group installs
    /// refrigeration) the phrase's own group stands.
    fn has_unit(&self, group: Isco, spec: Option<SpecIdx>) -> bool {
        (self.units.iter()).any(|&u| u.within(group) && self.groups.specialisation(u) == spec)
    }

    /// True when the taxonomy's rule alone, applied to the phrase, gives `s`: the phrase holds
    /// the keyword.
    fn holds_keyword(&self, p: &Pick, s: SpecIdx) -> bool {
        self.tax.specialisation_of(&p.reading.phrase) == Some(s)
    }

    /// Stage 1: the taxonomy's ICT keywords, names and aliases.
    ///
    /// - A title that is nothing but a word known to name no job (`Support`) stays uncoded.
    /// - A keyword of a field with no ISCO group (`offshoring`) gives way to any job the
    ///   title's phrases name.
    /// - A title phrase that holds the keyword and reads it more precisely decides instead: a
    ///   curated phrase of another specialisation or longer than the keyword, or an ESCO
    ///   occupation outside ICT (`Gestionnaire de base de données` is a data-entry clerk).
    /// - Among keywords of equally many words, a priority field beats another ICT field
    ///   (`Administrateur Cloud & Télécom` is cloud); a longer keyword still wins (`Data Engineer
    ///   Azure` is data engineering: Azure is only its platform).
    /// - The ISCO group is that of an ICT title phrase holding the keyword (`Data Analyst`:
    ///   2511), else the specialisation's own in `specialisations.csv`.
    pub(super) fn by_rule(
        &self,
        title: &str,
        words: &Words,
        found: &TitleMatch,
        sector: Option<SectorSeen>,
    ) -> Option<Coding> {
        let s = self.tax.specialisation_of(title)?;
        if !self.is_ict(Some(s)) {
            return None;
        }
        let s = self.tool_over_head(title, s);
        let s = self.beater_named(title, s);
        // a field with no unit group of its own is a way of working (`Offshoring`), not an
        // occupation: a job the title names decides (`Chargé de clientèle - Offshoring`)
        if self.tax.spec(s).isco_08.is_empty() && found.decisive.is_some() {
            return None;
        }
        let whole = |p: &Pick| p.found.first == 0 && p.found.words == words.tokens.len();
        if found.vague.is_some_and(|v| v.is_known_void() && whole(&v)) {
            return None;
        }
        // `Formateur réseaux` teaches: the field is what the job works on
        if (found.picks.iter()).any(|p| p.reading.keeps && p.found.first == 0) {
            return None;
        }
        let mut keyword = self.keyword(title, s);
        let n = keyword.split(' ').count();
        let bare_noun = self.is_bare_noun(&keyword);
        let specific = found.picks.iter().find(|p| {
            let more = match p.reading.source {
                Source::Curated => p.reading.spec != Some(s) || p.found.words > n,
                // an ESCO title that is the keyword itself is the taxonomy's to read
                // (`business analyst`: ESCO's management analyst, an ICT keyword), unless the
                // keyword is a bare job noun that the title's other words give a field
                // (`Interior Designer` designs interiors)
                Source::Esco => {
                    !self.is_ict(p.reading.spec)
                        && (bare_noun || !self.head_in_keyword(p, s))
                        && p.found.words > n
                }
            };
            p.reading.is_decisive() && more && self.holds_keyword(p, s)
        });
        if let Some(&p) = specific {
            return Some(self.by_phrase(p, found, words, sector));
        }
        let mut s = s;
        if !self.tax.spec(s).priority {
            if let Some((p, k)) = self.priority_beside(title, &keyword, n) {
                (s, keyword) = (p, k);
            }
        }
        let isco = (found.picks.iter())
            .filter(|p| self.is_ict(p.reading.spec) && self.holds_keyword(p, s))
            .find_map(|p| p.reading.isco)
            .or(self.spec_isco[s as usize]);
        // a title that starts with a head naming a level (`Technicien réseau`: 3) takes the
        // field's unit group at that level, when the field has one there (3513, not 2523)
        let level = (found.picks.iter())
            .find(|p| p.found.first == 0 && !p.reading.is_decisive())
            .and_then(|p| p.reading.isco)
            .filter(|h| h.level() == 1);
        if let (Some(code), Some(h)) = (isco, level) {
            if !code.within(h) && self.has_unit(h, Some(s)) {
                let coding = self.coded(Some(h), Some(s), DecidedBy::Rule, keyword);
                return Some(self.completed(coding, words));
            }
        }
        Some(self.coded(isco, Some(s), DecidedBy::Rule, keyword))
    }

    /// A field or a tool named beside a bare job noun that a keyword gives to a broader field
    /// (`Hadoop Developer`: data engineering, not software development; `Développeur iOS`):
    /// the noun says the job, the other word its field. A priority field's noun keeps its field
    /// (`Testeur Java` tests software).
    fn tool_over_head(&self, title: &str, s: SpecIdx) -> SpecIdx {
        let keyword = self.keyword(title, s);
        if !self.is_bare_noun(&keyword) || self.tax.spec(s).priority {
            return s;
        }
        let folded = fold(title);
        (folded.split(' '))
            .filter(|&w| w != keyword && self.evidence.head_majors(w).is_none())
            .filter_map(|w| Some((self.tax.specialisation_of(w)?, w.len())))
            // a field with no unit group of its own is a way of working (`nearshore`), not
            // what the noun's job works on
            .filter(|&(t, _)| {
                t != s && self.is_ict(Some(t)) && !self.tax.spec(t).isco_08.is_empty()
            })
            .max_by_key(|&(_, len)| len)
            .map_or(s, |(t, _)| t)
    }

    /// A specialisation that beats `s` (its `beats` in `specialisations.csv`) when the title
    /// names it too, by one of its keywords or names: `NLP Data Scientist` and `Data Analyst IA`
    /// work on artificial intelligence, which beats data, and `Ingénieur IA Azure` on AI, which
    /// beats the cloud it runs on; else `s`.
    fn beater_named(&self, title: &str, s: SpecIdx) -> SpecIdx {
        let beaters = &self.beaten_by[s as usize];
        // most specialisations have none: the title is not read again
        if beaters.is_empty() {
            return s;
        }
        let folded = fold(title);
        let words: Vec<&str> = folded.split(' ').collect();
        let named = |t: SpecIdx| {
            (1..=words.len().min(6)).any(|n| {
                (words.windows(n))
                    .any(|run| self.tax.specialisation_keyword(&run.join(" ")) == Some(t))
            })
        };
        beaters.iter().copied().find(|&t| named(t)).unwrap_or(s)
    }

    /// True when a keyword is nothing but a job noun (`designer`, `developer`): it names no field
    /// of its own, so the title's other words give it one.
    fn is_bare_noun(&self, keyword: &str) -> bool {
        !keyword.contains(' ') && self.evidence.head_majors(keyword).is_some()
    }

    /// The keyword that made the rule choose `s`: of the runs of the title's words that are
    /// keywords (or names) of `s`, the one with most words, then most characters, then the
    /// first, as the rule chose it (`Data Engineer Spark`: `data engineer`, not `spark`); else
    /// the shortest run that the rule places in `s`.
    fn keyword(&self, title: &str, s: SpecIdx) -> String {
        let folded = fold(title);
        // each word's span in `folded`: a run of words is the slice from its first word's start
        // to its last word's end
        let mut spans: Vec<(usize, usize)> = Vec::new();
        let mut start = 0;
        for w in folded.split(' ') {
            spans.push((start, start + w.len()));
            start += w.len() + 1;
        }
        let mut best: Option<&str> = None;
        let mut shortest: Option<&str> = None;
        for n in 1..=spans.len().min(6) {
            for run in spans.windows(n) {
                let phrase = &folded[run[0].0..run[n - 1].1];
                if self.tax.specialisation_keyword(phrase) == Some(s) {
                    // runs come by length: a longer one has more words, or as many and more
                    // characters
                    let more =
                        best.is_none_or(|b| b.split(' ').count() < n || phrase.len() > b.len());
                    if more {
                        best = Some(phrase);
                    }
                } else if shortest.is_none() && self.tax.specialisation_of(phrase) == Some(s) {
                    shortest = Some(phrase);
                }
            }
        }
        (best.or(shortest)).map_or_else(|| self.tax.spec(s).id.clone(), str::to_string)
    }

    /// True when a keyword of `s` holds the head word of an ESCO phrase (first in French, last
    /// in English): a part of the phrase that starts (French) or ends (English) with its head,
    /// shorter than the whole, that the rule alone places in `s`. The keyword then names the
    /// occupation itself (`Marketing Data Analyst` is a data analyst), not a modifier of another
    /// one (`Gestionnaire de base de données` is a clerk).
    fn head_in_keyword(&self, p: &Pick, s: SpecIdx) -> bool {
        let folded = fold(&p.reading.phrase);
        let words: Vec<&str> = folded.split(' ').collect();
        let langs = self.phrases.entry(p.found.entry).langs;
        let places = |part: &[&str]| self.tax.specialisation_of(&part.join(" ")) == Some(s);
        let n = words.len();
        (1..n).any(|k| {
            (langs & HEAD_FIRST != 0 && places(&words[..k]))
                || (langs & HEAD_LAST != 0 && places(&words[n - k..]))
        })
    }

    /// A keyword of `n` words for a priority specialisation in the same piece of the title as
    /// `keyword`, if there is one: a priority field named beside another one wins (`Ingénieur
    /// réseau et sécurité`), but not one named as a second job (`Développeur java / data`).
    fn priority_beside(&self, title: &str, keyword: &str, n: usize) -> Option<(SpecIdx, String)> {
        let padded = format!(" {keyword} ");
        let piece = (pieces(title).into_iter())
            .map(fold)
            .find(|p| format!(" {p} ").contains(&padded))
            .unwrap_or_else(|| fold(title));
        let words: Vec<&str> = piece.split(' ').collect();
        words.windows(n).find_map(|run| {
            let phrase = run.join(" ");
            let p = self.tax.specialisation_of(&phrase)?;
            let exact = self.tax.spec(p).priority && self.keyword(&phrase, p) == phrase;
            exact.then_some((p, phrase))
        })
    }

    /// Stage 3: the sector decides the specialisation of a title with no phrase (an empty one
    /// included), or with a vague phrase that fixes an ISCO group; a title known to name no
    /// occupation stays uncoded.
    pub(super) fn by_sector(
        &self,
        seen: SectorSeen,
        found: &TitleMatch,
        words: &Words,
    ) -> Option<Coding> {
        let sector = seen.sector;
        let spec = sector.spec?;
        match found.vague {
            Some(v) if v.reading.isco.is_none() && v.reading.head => {
                // the other words name another field than the category's (`Chargé d'insertion
                // professionnelle` under an education category): the category is the employer's
                if self.words_point_elsewhere(words, spec) {
                    return None;
                }
                let group = self.head_in_sector(&v, words, spec, sector.isco)?;
                let matched = format!("{} + {}", v.reading.phrase, seen.label);
                Some(self.coded(Some(group), Some(spec), DecidedBy::Sector, matched))
            }
            Some(v) => {
                let group = v.reading.isco?;
                let isco = sector.isco.filter(|s| s.within(group)).unwrap_or(group);
                let matched = format!("{} + {}", v.reading.phrase, seen.label);
                Some(self.coded(Some(isco), Some(spec), DecidedBy::Sector, matched))
            }
            // words that the phrases all use but that make up no job name something else (a
            // service, a place, a company): only a word the coder does not know may be the job
            None if words.tokens.iter().all(|t| self.phrases.knows(t)) => None,
            // the known words point to another field (`filmmaker` is unknown, `video` is not):
            // the category is then the employer's, not the job's
            None if self.words_point_elsewhere(words, spec) => None,
            None => {
                let matched = seen.label.to_string();
                Some(self.coded(sector.isco, Some(spec), DecidedBy::Sector, matched))
            }
        }
    }

    /// True when the words of a title, voting as in [`Coder::by_words`], favour another
    /// specialisation than `spec` by at least [`WORDS_MIN_VOTE`].
    fn words_point_elsewhere(&self, words: &Words, spec: SpecIdx) -> bool {
        let votes = self
            .evidence
            .votes(words.tokens.iter().map(String::as_str), None);
        let by_spec = self.by_spec(&votes);
        let own = by_spec
            .iter()
            .find(|(s, _)| *s == spec)
            .map_or(0.0, |e| e.1);
        by_spec
            .iter()
            .any(|&(s, v)| s != spec && v >= WORDS_MIN_VOTE && v > own)
    }

    /// Votes for unit groups summed by the specialisation of each group, in order of first vote.
    fn by_spec(&self, votes: &[(Isco, f64)]) -> Vec<(SpecIdx, f64)> {
        let mut out: Vec<(SpecIdx, f64)> = Vec::new();
        for &(g, v) in votes {
            let Some(s) = self.groups.specialisation(g) else {
                continue;
            };
            match out.iter_mut().find(|(o, _)| *o == s) {
                Some(e) => e.1 += v,
                None => out.push((s, v)),
            }
        }
        out
    }

    /// The unit group a head that names an occupation but not its field (`gestionnaire`,
    /// `contrôleur`) has in the board category's specialisation: the group of most of the
    /// phrases that hold the head and lie in that specialisation (inside the category's own
    /// ISCO group first), when there are at least [`HEAD_MIN_PHRASES`] of them. Otherwise the
    /// category says nothing about such a head (`Contrôleur` under a hospitality category may
    /// check tickets, costs or quality), and the title stays uncoded.
    fn head_in_sector(
        &self,
        v: &Pick,
        words: &Words,
        spec: SpecIdx,
        within: Option<Isco>,
    ) -> Option<Isco> {
        let head = words.tokens.get(v.found.first)?;
        let groups: Vec<(Isco, u32)> = (self.evidence.groups_of(head).iter())
            .filter(|&&(g, _)| self.groups.specialisation(g) == Some(spec))
            .copied()
            .collect();
        let total: u32 = groups.iter().map(|&(_, n)| n).sum();
        if total < HEAD_MIN_PHRASES {
            return None;
        }
        let inside = |g: Isco| within.is_some_and(|w| g.within(w));
        (groups.into_iter())
            .max_by_key(|&(g, n)| (inside(g), n, Reverse(g)))
            .map(|(g, _)| g)
    }

    /// Stage 4a: the board's function named in the description (`Fonction : Comptabilité`), a
    /// finer category than the posting's sector, read as [`Coder::by_sector`] reads the sector
    /// (with the sector-keyed curated titles of the function's key), for a vague title that the
    /// sector leaves open. Not for a title of no known phrase: employers pick the function from
    /// the board's list, often loosely (a `médcin` under `Achat`), and a title that names
    /// nothing the coder knows has nothing to check it against. Nor when the ISCO group the
    /// title gives holds no occupation of the function's field (`Technicien en matériel
    /// biomédical` under an after-sales function: no technician's group answers a hotline).
    pub(super) fn by_function(
        &self,
        text: &str,
        words: &Words,
        title: &TitleMatch,
    ) -> Option<Coding> {
        title.vague?;
        let sector = self.function_field(text)?;
        let seen = SectorSeen {
            sector,
            label: &sector.label,
        };
        let found = self.read(words, Some(sector.key));
        let coding = match found.decisive {
            // a title the function's curated titles read (`gérant` of a restaurant)
            Some(p) => self.by_phrase(p, &found, words, Some(seen)),
            None => self.by_sector(seen, &found, words)?,
        };
        // the head's level must hold an occupation of the function's field: no technician
        // (3) answers a hotline, as the function's field would have it
        if let (Some(group), Some(_)) = (coding.isco, coding.specialisation) {
            if !self.has_unit(group, coding.specialisation) {
                return None;
            }
        }
        Some(Coding {
            decided_by: Some(DecidedBy::Description),
            ..coding
        })
    }

    /// The category of the first labelled function field of the description's start that names
    /// one: a word of [`FUNCTION_FIELDS`], a colon, then the longest label of `sectors.csv` that
    /// starts there (`Fonction : Commercial particuliers (B2C) Contrat : CDI`).
    fn function_field(&self, text: &str) -> Option<&Sector> {
        let text = start_of(text, DESCRIPTION_BYTES);
        text.match_indices(':').find_map(|(colon, _)| {
            let before = text[..colon].trim_end();
            let word = before.rsplit(|c: char| !c.is_alphanumeric()).next()?;
            if !FUNCTION_FIELDS.contains(&fold(word).as_str()) {
                return None;
            }
            let rest = &text[colon + 1..];
            // the ends of the rest's first words, as `fold` splits them
            let mut ends = Vec::with_capacity(self.sector_words);
            let mut in_word = false;
            for (i, c) in rest.char_indices() {
                if c.is_alphanumeric() {
                    in_word = true;
                } else if in_word {
                    in_word = false;
                    ends.push(i);
                    if ends.len() == self.sector_words {
                        break;
                    }
                }
            }
            if in_word && ends.len() < self.sector_words {
                ends.push(rest.len());
            }
            (ends.into_iter().rev()).find_map(|end| self.sectors.get(&fold(&rest[..end])))
        })
    }

    /// Stage 4: the phrase of the description's start that names an occupation (with an ISCO
    /// group: a field such as `relation client` is what a company does, not the job) in at least
    /// two words and shares a word with the title, the most often repeated, then the longest,
    /// then the first. The shared word keeps to the title's job: a description also names the
    /// recruiter (`chargé de projet`), the team (`team leader`), the company's other trades and
    /// its benefits (`garde d'enfant`), and a phrase that is none of the title's words is as
    /// likely one of those as the job (on the labelled France Travail and MarocAnnonces titles
    /// with their text, 7 of the 45 it decided were right without the shared word, 5 of 9 with
    /// it).
    pub(super) fn by_description(
        &self,
        text: &str,
        sector: Option<SectorKey>,
        title: &TitleMatch,
        title_words: &Words,
    ) -> Option<Coding> {
        let words = Words::of_text(start_of(text, DESCRIPTION_BYTES));
        let mut seen: HashMap<u32, (usize, Found)> = HashMap::new();
        for f in self.phrases.find(&words.tokens) {
            let entry = self.phrases.entry(f.entry);
            let names_a_job = entry
                .reading(sector)
                .is_some_and(|(r, _)| r.is_decisive() && r.isco.is_some());
            let shares_a_word = || {
                (words.tokens[f.first..f.first + f.words].iter())
                    .any(|w| title_words.tokens.contains(w))
            };
            if f.words >= 2 && names_a_job && shares_a_word() {
                seen.entry(f.entry).or_insert((0, f)).0 += 1;
            }
        }
        let (_, f) = (seen.into_values()).max_by_key(|(n, f)| (*n, f.words, Reverse(f.first)))?;
        let (reading, _) = self.phrases.entry(f.entry).reading(sector)?;
        let isco = (reading.isco).or_else(|| title.vague.and_then(|v| v.reading.isco));
        let matched = reading.phrase.to_string();
        Some(self.coded(isco, reading.spec, DecidedBy::Description, matched))
    }
}

/// The words, folded, that label a job board's function field in a posting's text: its job
/// function or trade category (MarocAnnonces' and ReKrute's `Fonction`, Emploi.ma's `Métier`).
const FUNCTION_FIELDS: [&str; 3] = ["fonction", "function", "metier"];

/// Fewest phrases holding a head, in the board category's specialisation, for the category to
/// say what the head is there: one phrase is as likely a rare title as the field's usual one.
const HEAD_MIN_PHRASES: u32 = 2;

/// Least vote, in inverse-document-frequency units, for the words of a title to decide a
/// specialisation alone: a word in one phrase out of ten (ln 10 = 2.3) is not enough, one in a
/// hundred (ln 100 = 4.6) is.
const WORDS_MIN_VOTE: f64 = 4.0;

/// What the board's category adds to its specialisation, when the words already vote for it:
/// a tie-break between readings of the words, not a vote of its own.
const WORDS_SECTOR_VOTE: f64 = 2.0;

/// How many times the runner-up's vote the winning specialisation's must be.
const WORDS_MIN_LEAD: f64 = 2.5;

impl Coder<'_> {
    /// Stage 2b: a title with no decisive phrase, coded from what its other words say (see
    /// [`super::evidence`]). The words of a piece of the title that no phrase covers, beside a head
    /// that does not name the field (`responsable`, `technicien`, `agent`), vote,
    /// inside the ISCO group of the vague head beside them, if it has one (`technicien`: 3). Only
    /// the first piece with such words is read (the others are often a place or a second job):
    /// when its votes give one specialisation a clear lead, it decides, with the unit group that
    /// got most votes in it. The board's category adds a little to its own specialisation.
    pub(super) fn by_words(
        &self,
        words: &Words,
        found: &TitleMatch,
        sector: Option<SpecIdx>,
    ) -> Option<Coding> {
        let title_head = found.vague.and_then(|v| v.reading.isco);
        // words with no head beside them are as often a place, a company or a language as a
        // field: only a head's complement is read, and a head is a word that heads phrases
        // (`agent`, `responsable`), not one of the advertisement (`offre d'emploi`, `poste`)
        let names_workers = |p: &&Pick| {
            let w = self.head_word(p, words);
            w.is_some_and(|w| self.evidence.head_majors(w).is_some())
        };
        let vague_head = |p: &Pick| p.reading.isco.is_some() && !p.reading.is_decisive();
        // a piece that is a head and nothing else (`Technicien / spécialisé / électricité`)
        // has its complement in the pieces after it, up to the next head
        let mut carried: Option<&Pick> = None;
        for (k, segment) in words.segments.iter().enumerate() {
            // a parenthesis is a place, a company or a diploma as often as a field
            if words.is_note(k) {
                break;
            }
            let covered =
                |i: usize| (found.picks.iter()).any(|p| p.found.first <= i && i < p.end());
            let free: Vec<&str> = (segment.clone())
                .filter(|&i| !covered(i))
                .map(|i| words.tokens[i].as_str())
                .collect();
            let mut in_piece = (found.picks.iter()).filter(|p| p.segment == k);
            if free.is_empty() {
                let alone = in_piece.next().filter(|p| p.found.words == segment.len());
                // a piece that is a field and nothing else completes the head carried to it
                let field = alone.filter(|p| p.reading.is_decisive() && p.reading.isco.is_none());
                if let (Some(h), Some(f)) = (carried, field) {
                    let level = h.reading.isco.map(|c| c.truncate(1));
                    let matched = format!("{} + {}", h.reading.phrase, f.reading.phrase);
                    return Some(self.coded(level, f.reading.spec, DecidedBy::Curated, matched));
                }
                // a head alone (`technicien`, `responsable`) is carried on, whether or not it
                // names a level of its own; a piece of a word that says nothing (`spécialisé`)
                // passes the head before it on
                match alone {
                    Some(p) if names_workers(&p) => carried = Some(p),
                    Some(p) if p.is_known_void() => {}
                    _ => carried = None,
                }
                continue;
            }
            let own = in_piece.clone().find(names_workers);
            // a piece that opens on a job's noun (`poseur`) is a second job, not a complement
            let opens_job = (words.tokens.get(segment.start))
                .and_then(|w| self.evidence.head_share(w))
                .is_some_and(|s| s >= 0.5);
            if own.is_none() && (in_piece.any(|p| p.reading.is_decisive()) || opens_job) {
                carried = None;
            }
            let beside = own.or(carried)?;
            let head = (found.picks.iter())
                .find(|p| p.segment == k && vague_head(p))
                .or(carried.filter(|p| own.is_none() && p.reading.isco.is_some()))
                .map(|p| p.reading);
            let within = head.and_then(|h| h.isco).or(title_head);
            let votes = self.evidence.votes(free.iter().copied(), within);
            // a word of no field between the head and its complement (`spécialisé`) is passed
            if votes.is_empty() && own.is_none() {
                continue;
            }
            let mut by_spec = self.by_spec(&votes);
            if let Some(e) = by_spec.iter_mut().find(|(s, _)| Some(*s) == sector) {
                e.1 += WORDS_SECTOR_VOTE;
            }
            by_spec.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            // words that say the category's own field strongly enough to decide alone take it,
            // whatever else they also say (`Assistante salon de beauté` under a beauty category)
            let category = (by_spec.iter())
                .find(|&&(s, v)| Some(s) == sector && v - WORDS_SECTOR_VOTE >= WORDS_MIN_VOTE)
                .map(|&(s, _)| s);
            let spec = match category {
                Some(s) => s,
                None => {
                    let &(spec, best) = by_spec.first()?;
                    let second = by_spec.get(1).map_or(0.0, |r| r.1);
                    if best < WORDS_MIN_VOTE || best < WORDS_MIN_LEAD * second {
                        return None;
                    }
                    spec
                }
            };
            // beside a word that names no occupation (`responsable`, `agent`), the words are as
            // often what the job handles as its field (`Responsable de dossiers` under an
            // accounting category is no medical-records clerk): a category of another family of
            // specialisations outvotes them
            let names_job = head.is_some() || beside.reading.head;
            let family = |s: SpecIdx| self.tax.spec(s).family.as_str();
            if !names_job && sector.is_some_and(|s| family(s) != family(spec)) {
                return None;
            }
            // the level a head names chooses among the field's groups (`Agent droguerie` is a
            // shop assistant, not a shop manager)
            let majors = (self.head_word(beside, words)).and_then(|w| self.evidence.head_majors(w));
            let at_level = |g: Isco| {
                let major = g.as_str().bytes().next();
                majors
                    .as_ref()
                    .is_none_or(|m| major.is_some_and(|d| m.contains(&d)))
            };
            let in_spec =
                (votes.iter()).filter(|(g, _)| self.groups.specialisation(*g) == Some(spec));
            let best_of = |it: &mut dyn Iterator<Item = &(Isco, f64)>| {
                it.max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
                    .map(|&(g, _)| g)
            };
            // no vote at the head's level: the major group where the field has most phrases
            // (`Agent droguerie`: a shop assistant, though the words name shop managers), and in
            // it the field's usual unit group, else its one with most phrases
            let usual = || {
                let in_field =
                    |g: &Isco| at_level(*g) && self.groups.specialisation(*g) == Some(spec);
                let most = (self.units.iter().copied())
                    .filter(in_field)
                    .max_by_key(|&g| (self.evidence.phrases_of(g), Reverse(g)))?;
                let major = most.truncate(1);
                (self.units.iter().copied())
                    .find(|&g| g.within(major) && in_field(&g) && self.groups.is_usual(g))
                    .or(Some(most))
            };
            let group = best_of(&mut in_spec.clone().filter(|(g, _)| at_level(*g)))
                .or_else(|| majors.is_some().then(usual).flatten())
                .or_else(|| best_of(&mut in_spec.clone()));
            let matched = format!("{} + {}", beside.reading.phrase, free.join(" "));
            return Some(self.coded(group, Some(spec), DecidedBy::Esco, matched));
        }
        None
    }

    /// The head word of a phrase found in a title: its first word in French, its last in
    /// English.
    fn head_word<'w>(&self, p: &Pick, words: &'w Words) -> Option<&'w str> {
        let langs = self.phrases.entry(p.found.entry).langs;
        let i = if langs & HEAD_FIRST != 0 {
            p.found.first
        } else {
            p.end() - 1
        };
        words.tokens.get(i).map(String::as_str)
    }

    /// A coding whose ISCO group is shorter than a unit group, completed with the unit group
    /// inside it that has the coding's specialisation: the one the taxonomy marks usual, else
    /// the one the title's words favour most, else the one with most phrases, else the first.
    /// A specialisation that no unit group maps to (renewable energy) has its own group in
    /// `specialisations.csv`: taken when it lies inside (`Ingénieur photovoltaïque`: 2149);
    /// otherwise the coding is left as it is.
    pub(super) fn completed(&self, mut coding: Coding, words: &Words) -> Coding {
        let (Some(short), Some(spec)) = (coding.isco, coding.specialisation) else {
            return coding;
        };
        if short.level() == 4 {
            return coding;
        }
        let votes = self
            .evidence
            .votes(words.tokens.iter().map(String::as_str), Some(short));
        let vote = |g: Isco| {
            let i = votes.binary_search_by_key(&g, |&(c, _)| c).ok();
            i.map_or(0.0, |i| votes[i].1)
        };
        let best = (self.units.iter().copied())
            .filter(|g| g.within(short) && self.groups.specialisation(*g) == Some(spec))
            .max_by(|&a, &b| {
                (self.groups.is_usual(a).cmp(&self.groups.is_usual(b)))
                    .then(vote(a).total_cmp(&vote(b)))
                    .then(
                        self.evidence
                            .phrases_of(a)
                            .cmp(&self.evidence.phrases_of(b)),
                    )
                    .then(b.cmp(&a))
            });
        let own = || self.own_isco[spec as usize].filter(|g| g.within(short));
        if let Some(g) = best.or_else(own) {
            coding.isco = Some(g);
        }
        coding
    }
}
