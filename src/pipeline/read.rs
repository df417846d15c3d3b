//! The first stage of the pipeline: reading both inputs into tallies.
//!
//! Every postings file, then the graduates, is read on all cores; every valid row is normalised
//! (once per distinct label per worker) and tallied, every other row rejected with its reason.
//! Duplicate postings are then found over all the postings files and taken back out of the tally
//! (see [`crate::dedup`]). What comes out, a [`Scan`], is all the later stages need.
//!
//! Asked for ([`Sources::with_skills`]), the skills of every posting whose file has text columns
//! (description, skills, languages) are found as the posting is read, once, and tallied per
//! place beside the demand, for the report's top skills per specialisation. A file without text
//! columns costs nothing more: the skills automaton is built when the first posting with text
//! columns is read, and never otherwise.

use std::sync::{Mutex, OnceLock};

use std::collections::BTreeMap;

use crate::aggregate::{Demand, Groups, Supply};
use crate::cleanup::TempFile;
use crate::dedup::{self, Collector, Kind, Merges, Sightings, Spotter};
use crate::error::Error;
use crate::ingest::{self, ReadOptions, ReadSummary};
use crate::normalise::{Decider, Normaliser, Occupations, UnmappedTable};
use crate::skills::tally::{Extractor, SkillTally};
use crate::skills::Matcher;
use crate::taxonomy::{SkillDictionary, SkillIdx};

/// Both inputs, read, validated, normalised and tallied.
pub struct Scan {
    pub demand: Demand,
    pub supply: Supply,
    /// What was read from the postings, over all its files.
    pub postings: ReadSummary,
    /// What was read from each postings file, in the order given.
    pub postings_files: Vec<ReadSummary>,
    /// Postings merged into another copy of the same posting, over all files.
    pub merged: Merges,
    /// How duplicates were merged; `None` when they were not (`--no-dedup`).
    pub dedup: Option<dedup::Options>,
    pub graduates: ReadSummary,
    /// The labels behind unmapped ids in `demand` and `supply`.
    pub unmapped: UnmappedTable,
    /// The valid postings read (duplicates and rows outside any period included) whose
    /// specialisation each column and stage decided.
    pub decided: BTreeMap<Decider, u64>,
    /// With [`Sources::with_skills`], the postings of the files with text columns and the skills
    /// they mention, per (year, region, specialisation), duplicates taken out; `None` when no
    /// file has a text column or the skills were not asked for.
    pub skills: Option<SkillTally>,
}

/// What to read and how: the inputs of `gap` and `validate`, or of a job file.
pub struct Sources<'a> {
    pub postings: &'a [ingest::Input],
    /// Tables of postings counts, added to the postings' tally as given (`--postings-counts`).
    pub postings_counts: &'a [ingest::Input],
    pub counts_opts: ReadOptions,
    pub graduates: &'a ingest::Input,
    pub postings_opts: ReadOptions,
    pub graduates_opts: ReadOptions,
    /// Merge duplicate postings; `None` counts every row (`--no-dedup`).
    pub dedup: Option<dedup::Options>,
    /// Find the skills of the postings that have text columns ([`Sources::with_skills`]).
    pub skills: bool,
}

impl Sources<'_> {
    /// The same sources, with the skills of every posting that has text columns found as it is
    /// read. The text columns only enrich the report: they never reject a row or stop a file (see
    /// [`ReadOptions::lenient_text`]).
    pub fn with_skills(mut self) -> Self {
        self.skills = true;
        self.postings_opts.text = true;
        self.postings_opts.lenient_text = true;
        self
    }
}

/// The skills automaton, built by the first worker that reads a posting with text columns, and
/// never when no posting has any.
pub struct LazyMatcher<'t> {
    dict: &'t SkillDictionary,
    built: OnceLock<Result<Matcher, String>>,
}

impl<'t> LazyMatcher<'t> {
    /// The automaton of `dict`, not built yet.
    pub fn new(dict: &'t SkillDictionary) -> LazyMatcher<'t> {
        LazyMatcher {
            dict,
            built: OnceLock::new(),
        }
    }

    /// The automaton; `None` when it could not be built (see [`LazyMatcher::check`]).
    fn get(&self) -> Option<&Matcher> {
        let built = self
            .built
            .get_or_init(|| Matcher::new(self.dict).map_err(|e| e.to_string()));
        built.as_ref().ok()
    }

    /// The error of building the automaton, if it was built and failed.
    fn check(&self) -> Result<(), Error> {
        match self.built.get() {
            Some(Err(e)) => Err(Error::Compute(format!("the skills dictionary: {e}"))),
            _ => Ok(()),
        }
    }
}

/// The skills of a worker: its tally and its buffers.
type WorkerSkills = Option<(SkillTally, Extractor)>;

/// Reads every postings file, then the graduates, on all cores: every valid row is normalised
/// (once per distinct label per worker) and tallied; every other row is rejected with its reason.
/// The workers' tallies are merged, their unmapped labels renumbered into one table. Then, unless
/// turned off, duplicate postings are found over all the postings files and taken back out of the
/// tally (see [`crate::dedup`]).
pub fn read(src: &Sources, coder: &Occupations) -> Result<Scan, Error> {
    ingest::check_stdin(
        src.postings
            .iter()
            .chain(src.postings_counts)
            .chain([src.graduates]),
    )?;
    // merging duplicates may read the postings twice: stdin is kept in a temporary file
    let spooled = match src.dedup {
        Some(_) => spool_stdin(src.postings)?,
        None => None,
    };
    let files: Vec<(ingest::Input, ReadOptions)> = src
        .postings
        .iter()
        .map(|input| match (input, &spooled) {
            (ingest::Input::Stdin, Some(tmp)) => (
                ingest::Input::Path(tmp.path().to_path_buf()),
                ReadOptions {
                    name: Some("-".into()),
                    ..src.postings_opts.clone()
                },
            ),
            _ => (input.clone(), src.postings_opts.clone()),
        })
        .collect();
    let sightings = src.dedup.map(|_| Mutex::new(Sightings::default()));
    let mut unmapped = UnmappedTable::default();
    let mut demand = Demand::default();
    let mut decided = BTreeMap::new();
    let mut postings_files = Vec::with_capacity(files.len());
    let matcher = LazyMatcher::new(&coder.taxonomy().skills);
    let mut skills = SkillTally::default();
    let mut skill_sink = src.skills.then_some((&matcher, &mut skills));
    for (input, opts) in &files {
        let summary = read_demand(
            input,
            opts,
            coder,
            (&mut demand, &mut unmapped, &mut decided),
            sightings.as_ref().zip(src.dedup),
            skill_sink.as_mut().map(|(m, t)| (*m, &mut **t)),
        )?;
        crate::log::info(format!(
            "read {} postings from {} ({} rejected)",
            crate::util::thousands(summary.rows_read),
            summary.file,
            crate::util::thousands(summary.rows_rejected)
        ));
        postings_files.push(summary);
    }
    let mut merged = Merges::default();
    if let (Some(opts), Some(sightings)) = (src.dedup, sightings) {
        let candidates = sightings
            .into_inner()
            .unwrap_or_else(|e| e.into_inner())
            .candidates();
        if candidates.any() {
            merged = merge_duplicates(
                &files,
                &postings_files,
                &candidates,
                opts,
                coder,
                (
                    &mut demand,
                    &mut unmapped,
                    skill_sink.as_mut().map(|(m, t)| (*m, &mut **t)),
                ),
            )?;
        }
    }
    for input in src.postings_counts {
        let summary = read_counted(input, &src.counts_opts, coder, &mut demand, &mut unmapped)?;
        crate::log::info(format!(
            "read {} count rows from {} ({} rejected)",
            crate::util::thousands(summary.rows_read),
            summary.file,
            crate::util::thousands(summary.rows_rejected)
        ));
        postings_files.push(summary);
    }
    if spooled.is_some() {
        // a copy of stdin has no size of its own to report
        for s in postings_files.iter_mut().filter(|s| s.file == "-") {
            s.bytes = None;
        }
    }
    let mut supply = Supply::default();
    let graduates = read_supply(
        src.graduates,
        &src.graduates_opts,
        coder,
        &mut supply,
        &mut unmapped,
    )?;
    crate::log::info(format!(
        "read {} graduate rows from {} ({} rejected)",
        crate::util::thousands(graduates.rows_read),
        graduates.file,
        crate::util::thousands(graduates.rows_rejected)
    ));
    Ok(Scan {
        demand,
        supply,
        postings: ReadSummary::merge(&postings_files),
        postings_files,
        merged,
        dedup: src.dedup,
        graduates,
        unmapped,
        decided,
        skills: (!skills.is_empty()).then_some(skills),
    })
}

/// Copies stdin to a temporary file when it is one of the postings inputs; the file is removed
/// when dropped, and by an interrupted run (see [`crate::cleanup`]).
pub fn spool_stdin(postings: &[ingest::Input]) -> Result<Option<TempFile>, Error> {
    if !postings.iter().any(|i| i.is_stdin()) {
        return Ok(None);
    }
    let fail = |source| ingest::Error::Read {
        path: "-".into(),
        source,
    };
    let mut tmp = TempFile::new(
        tempfile::Builder::new()
            .prefix("skillgap-stdin-")
            .tempfile()
            .map_err(fail)?,
    );
    std::io::copy(&mut std::io::stdin().lock(), tmp.as_file_mut()).map_err(fail)?;
    Ok(Some(tmp))
}

/// What reading the postings adds to: the tally, the table of unmapped labels (the workers' are
/// renumbered into it), and the count of what decided the postings' specialisations.
pub type DemandSink<'a> = (
    &'a mut Demand,
    &'a mut UnmappedTable,
    &'a mut BTreeMap<Decider, u64>,
);

/// Where the skills of postings go: the automaton, and the tally they are added to.
pub type SkillSink<'a, 't> = (&'a LazyMatcher<'t>, &'a mut SkillTally);

/// Reads one postings input on all cores and adds its rows to the tally of `into`. With
/// `sightings`, every valid row's duplicate keys are sighted too; with `skills`, the skills of
/// every row of a file with text columns are tallied.
pub fn read_demand(
    input: &ingest::Input,
    opts: &ReadOptions,
    coder: &Occupations,
    into: DemandSink,
    sightings: Option<(&Mutex<Sightings>, dedup::Options)>,
    skills: Option<SkillSink>,
) -> Result<ReadSummary, Error> {
    let (demand, unmapped, decided) = into;
    let matcher = skills.as_ref().map(|s| s.0);
    let (summary, workers) = ingest::read_postings(
        input,
        opts,
        || {
            (
                Normaliser::new(coder),
                Demand::default(),
                sightings.map(|(s, o)| Spotter::new(s, o)),
                matcher.map(|_| (SkillTally::default(), Extractor::default())),
            )
        },
        |(norm, demand, spotter, skills), row| {
            let region = norm.posting_region(row.region, row.city);
            let key = norm.posting_key(row.specialisation, row.title, row.sector, row.description);
            demand.add(row.date.year, region, key, row.source, row.vacancies);
            if let Some(s) = spotter {
                s.see(row);
            }
            if let Some(found) = row_skills(matcher, skills, row) {
                let (tally, (found, text)) = found;
                tally.add(row.date.year, region, key.spec, found, text);
            }
        },
    )?;
    let mut skill_tally = skills.map(|s| s.1);
    for (norm, tally, spotter, found) in workers {
        drop(spotter);
        let map = unmapped.absorb(norm.unmapped());
        demand.absorb(tally, |k| k.remap(&map), |k| k.remap(&map));
        for (&d, &n) in norm.decided() {
            *decided.entry(d).or_default() += n;
        }
        if let (Some(into), Some((found, _))) = (skill_tally.as_mut(), found) {
            into.absorb(found, &map);
        }
    }
    if let Some(m) = matcher {
        m.check()?;
    }
    Ok(summary)
}

/// The skills of a row of a file with text columns, and the worker's tally to count them in;
/// `None` when skills are not asked for, the file has no text column, or the automaton could not
/// be built.
fn row_skills<'w>(
    matcher: Option<&LazyMatcher>,
    skills: &'w mut WorkerSkills,
    row: &ingest::PostingRow,
) -> Option<(&'w mut SkillTally, (&'w [SkillIdx], bool))> {
    if !row.has_text_columns {
        return None;
    }
    let (tally, extractor) = skills.as_mut()?;
    let found = extractor.skills(matcher?.get()?, row.text);
    Some((tally, found))
}

/// What merging duplicates takes postings back out of: the demand, and the skills when they are
/// tallied; and the table of unmapped labels the candidates' are renumbered into.
pub type MergeSink<'a, 't> = (
    &'a mut Demand,
    &'a mut UnmappedTable,
    Option<SkillSink<'a, 't>>,
);

/// The second reading of the postings, when some duplicate keys were sighted twice: keeps the
/// candidate rows, resolves which are copies, and takes those back out of `demand`. Returns what
/// was merged; the summaries of the first reading are used to check that no file changed.
pub fn merge_duplicates(
    files: &[(ingest::Input, ReadOptions)],
    first: &[ReadSummary],
    sightings: &dedup::Candidates,
    opts: dedup::Options,
    coder: &Occupations,
    tallies: MergeSink,
) -> Result<Merges, Error> {
    let (demand, unmapped, mut skills) = tallies;
    crate::log::info("reading the postings again to merge duplicate postings");
    let matcher = skills.as_ref().map(|s| s.0);
    let mut candidates = Vec::new();
    // the skills of the candidate rows with text, by (file, line), to take a copy's back out
    let mut candidate_skills: BTreeMap<(u32, u64), (Vec<SkillIdx>, bool)> = BTreeMap::new();
    // the candidates' sources, numbered over all workers
    let mut sources = Groups::default();
    for (f, ((input, read_opts), before)) in files.iter().zip(first).enumerate() {
        // the rejects were kept on the first reading
        let read_opts = ReadOptions {
            keep_all_rejects: false,
            ..read_opts.clone()
        };
        let (summary, workers) = ingest::read_postings(
            input,
            &read_opts,
            || {
                (
                    Normaliser::new(coder),
                    Collector::new(sightings, opts, f),
                    matcher.map(|_| (SkillTally::default(), Extractor::default())),
                    Vec::new(),
                )
            },
            |(norm, collector, skills, found), row| {
                if let Some(keys) = collector.wants(row) {
                    let region = norm.posting_region(row.region, row.city);
                    let key = norm.posting_key(
                        row.specialisation,
                        row.title,
                        row.sector,
                        row.description,
                    );
                    collector.keep(row, keys, region, key);
                    if let Some((_, (skills, text))) = row_skills(matcher, skills, row) {
                        found.push((row.line, skills.to_vec(), text));
                    }
                }
            },
        )?;
        if summary.sha256 != before.sha256 {
            return Err(ingest::Error::Changed { path: summary.file }.into());
        }
        for (norm, collector, _, found) in workers {
            candidate_skills.extend(
                found
                    .into_iter()
                    .map(|(line, s, t)| ((f as u32, line), (s, t))),
            );
            let map = unmapped.absorb(norm.unmapped());
            let names = collector.sources;
            candidates.extend(collector.candidates.into_iter().map(|mut c| {
                c.source = sources.id(names.name(c.source));
                c.region = c.region.remap(&map);
                c.key = c.key.remap(&map);
                c
            }));
        }
    }
    crate::log::debug(format!(
        "{} postings share a key with another: compared exactly",
        crate::util::thousands(candidates.len() as u64)
    ));
    let mut merged = Merges::default();
    for (i, kind) in dedup::resolve(&candidates, opts) {
        let c = &candidates[i];
        if !demand.remove(
            c.date.year,
            c.region,
            c.key,
            sources.name(c.source),
            c.vacancies,
        ) {
            return Err(Error::Compute(format!(
                "{}, line {}: a duplicate posting was not in the tally",
                first[c.file as usize].file, c.line
            )));
        }
        if let (Some((_, tally)), Some((found, text))) =
            (skills.as_mut(), candidate_skills.get(&(c.file, c.line)))
        {
            if !tally.remove(c.date.year, c.region, c.key.spec, found, *text) {
                return Err(Error::Compute(format!(
                    "{}, line {}: a duplicate posting's skills were not in the tally",
                    first[c.file as usize].file, c.line
                )));
            }
        }
        match kind {
            Kind::SameId => merged.same_id += 1,
            Kind::Identical => merged.identical += 1,
            Kind::Syndicated => merged.syndicated += 1,
        }
        merged.units += c.vacancies;
    }
    crate::log::info(format!(
        "merged {} duplicate postings ({} with the same id, {} identical rows without an id, {} \
         syndicated)",
        crate::util::thousands(merged.rows()),
        crate::util::thousands(merged.same_id),
        crate::util::thousands(merged.identical),
        crate::util::thousands(merged.syndicated)
    ));
    Ok(merged)
}

/// Reads one table of postings counts on all cores and adds each row's count to `demand`, as
/// one row carrying that many vacancies; see [`read_demand`]. Count rows are tallies, not
/// postings: no duplicates are looked for among them.
pub fn read_counted(
    input: &ingest::Input,
    opts: &ReadOptions,
    coder: &Occupations,
    demand: &mut Demand,
    unmapped: &mut UnmappedTable,
) -> Result<ReadSummary, Error> {
    let (summary, workers) = ingest::read_counts(
        input,
        opts,
        || (Normaliser::new(coder), Demand::default()),
        |(norm, demand), row| {
            let region = norm.posting_region(row.region, row.city);
            let key = norm.count_key(row.specialisation, row.title, row.isco_08);
            // a counts table names no board: its rows take the default coverage
            demand.add(row.year, region, key, "", row.count);
        },
    )?;
    for (norm, tally) in workers {
        let map = unmapped.absorb(norm.unmapped());
        demand.absorb(tally, |k| k.remap(&map), |k| k.remap(&map));
    }
    Ok(summary)
}

/// Reads one graduates input on all cores and adds its rows to `supply`; see [`read_demand`].
pub fn read_supply(
    input: &ingest::Input,
    opts: &ReadOptions,
    coder: &Occupations,
    supply: &mut Supply,
    unmapped: &mut UnmappedTable,
) -> Result<ReadSummary, Error> {
    let (summary, workers) = ingest::read_graduates(
        input,
        opts,
        || (Normaliser::new(coder), Supply::default()),
        |(norm, supply), row| {
            let region = norm.graduate_region(row.region, row.institution);
            let field = norm.field(row.field);
            supply.add(row.year, region, field, row.level, row.graduates);
        },
    )?;
    for (norm, tally) in workers {
        let map = unmapped.absorb(norm.unmapped());
        supply.absorb(tally, |k| k.remap(&map), |k| k.remap(&map));
    }
    Ok(summary)
}
