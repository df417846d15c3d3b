//! Property tests: the real `skillgap` binary on small generated inputs, messy the way exports are
//! (known and unknown labels, invalid rows, postings exported twice and syndicated on several
//! boards), checking properties that must hold for *any* such input rather than numbers worked out
//! by hand:
//!
//! 1. nothing is lost: every row written is counted, unmapped, abroad, rejected, outside the
//!    period or a duplicate, and the invalid rows are exactly the rejected ones;
//! 2. the order of the rows does not matter;
//! 3. how the postings are split into files, and the order of the files, does not matter;
//! 4. a posting shared between several regions gives them exactly its vacancies.
//!
//! The generator is a set of proptest strategies over small fixed pools of labels; everything it
//! writes is a pure function of the values proptest draws, and it counts what it writes (rows,
//! invalid rows, units) itself, so the expectations never come from the program's output.

use proptest::prelude::*;
use proptest::sample::{select, Index};
use proptest::test_runner::FileFailurePersistence;
use serde_json::Value;

use crate::workdir::{Run, Workdir};

const POSTINGS_HEADER: &str =
    "posting_id,posted_date,title,specialisation,region,city,vacancies,source,company";
const GRADUATES_HEADER: &str = "year,region,institution,field,level,graduates";

// ---------------------------------------------------------------------------------------------
// Label pools: known spellings from the taxonomy, unknown ones, and empty cells. No value holds a
// comma, a quote or a line break, so every row is one line of exactly the fields written.
// ---------------------------------------------------------------------------------------------

/// Regions: names of the taxonomy (with and without accents), Morocco without a region, places
/// abroad, several regions (two, three, and four: shares of 1/2, 1/3 and 1/4), unknown places, and
/// empty (the city then places the row).
const REGIONS: &[&str] = &[
    "Casablanca-Settat",
    "Rabat-Salé-Kénitra",
    "Fès-Meknès",
    "Marrakech-Safi",
    "Souss-Massa",
    "Tout le Maroc",
    "Télétravail",
    "Paris - France",
    "Agadir & Marrakech-Safi",
    "Tanger ou Agadir ou Rabat",
    "Agadir - Béni Mellal-Khénifra - Casablanca-Mohammedia - Dakhla",
    "Atlantis",
    "Maroc Atlantique",
    "",
];
/// Cities of the gazetteer, a foreign city, one unknown city, and empty.
const CITIES: &[&str] = &[
    "Casablanca",
    "Rabat",
    "Fès",
    "Tanger",
    "Agadir",
    "Nouakchott",
    "Tombouctou",
    "",
];
/// Specialisation cells: French labels, an id, unknown labels, and empty (the title then decides).
const SPECIALISATIONS: &[&str] = &[
    "Cybersécurité",
    "Data",
    "Développement web",
    "Comptabilité",
    "cybersecurity",
    "Astrologie",
    "Plomberie quantique",
    "",
];
/// Titles: some classify by keywords (DevOps, SOC, Java), some do not.
const TITLES: &[&str] = &[
    "Analyste SOC",
    "Ingénieur DevOps (H/F)",
    "Développeur Java",
    "Développeur web",
    "Data analyst",
    "Comptable",
    "Chargé de mission",
];
/// Companies; a posting without a company is never merged as a syndicated copy.
const COMPANIES: &[&str] = &[
    "Atlas Digital",
    "Maroc Telecom",
    "OCP",
    "Société 12",
    "Banque Populaire",
    "",
];
/// Job boards. Never empty, so that a posting's (source, posting_id) always identifies it.
const SOURCES: &[&str] = &["rekrute.com", "emploi.ma", "anapec.ma", "dreamjob.ma"];

/// Graduate years: plain years and academic years (`2024-2025` and `2024/25` count as 2025).
const YEARS: &[&str] = &["2024", "2025", "2023-2024", "2024-2025", "2024/25"];
const INSTITUTIONS: &[&str] = &["ENSA Tanger", "OFPPT", "FST Fès", "ENCG Agadir", ""];
/// Programmes: crosswalk programmes (some split across several specialisations) and unknown ones.
const FIELDS: &[&str] = &[
    "Génie informatique",
    "Développement digital option web full stack",
    "Infrastructure digitale option cloud computing",
    "Comptabilité",
    "Gestion financière et comptable",
    "Génie civil",
    "Philosophie",
    "Astrologie appliquée",
];
const LEVELS: &[&str] = &[
    "Licence",
    "Master",
    "Ingénieur",
    "Technicien spécialisé",
    "",
];

// Values that no reading of the README could accept.

/// Impossible or unreadable dates (never a bare number, which would be an Excel day number).
const BAD_DATES: &[&str] = &[
    "2025-02-30",
    "2025-02-29",
    "2024-04-31",
    "2024-13-05",
    "2025-00-10",
    "hier",
    "",
];
/// Negative, fractional or non-numeric vacancies (an empty cell is valid: it counts 1).
const BAD_VACANCIES: &[&str] = &["-3", "-1", "2.5", "beaucoup", "douze", "3 postes"];
/// Years outside 1990-2100, unreadable, or empty.
const BAD_YEARS: &[&str] = &["1850", "20x5", "l'an dernier", ""];
/// Negative, fractional, non-numeric or empty graduate counts.
const BAD_GRADUATES: &[&str] = &["-4", "12.5", "beaucoup", ""];

// ---------------------------------------------------------------------------------------------
// Dates: day 0 is 2024-01-01, so 0..366 is 2024 and 366..731 is 2025.
// ---------------------------------------------------------------------------------------------

const FIRST_DAY_OF_2025: u32 = 366;
const FIRST_DAY_OF_2026: u32 = 731;

fn is_leap(y: u32) -> bool {
    y.is_multiple_of(4) && (!y.is_multiple_of(100) || y.is_multiple_of(400))
}

/// The calendar date `day` days after 2024-01-01, as (year, month, day).
fn civil(day: u32) -> (u32, u32, u32) {
    let (mut year, mut rest) = (2024, day);
    while rest >= if is_leap(year) { 366 } else { 365 } {
        rest -= if is_leap(year) { 366 } else { 365 };
        year += 1;
    }
    let feb = if is_leap(year) { 29 } else { 28 };
    let mut month = 1;
    for len in [31, feb, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] {
        if rest < len {
            break;
        }
        rest -= len;
        month += 1;
    }
    (year, month, rest + 1)
}

/// `day` written as `YYYY-MM-DD`, or day first (`DD/MM/YYYY`) as French exports do.
fn render_date(day: u32, iso: bool) -> String {
    let (y, m, d) = civil(day);
    if iso {
        format!("{y}-{m:02}-{d:02}")
    } else {
        format!("{d:02}/{m:02}/{y}")
    }
}

// ---------------------------------------------------------------------------------------------
// Invalid rows, of either input
// ---------------------------------------------------------------------------------------------

/// What makes a row invalid; each one alone is enough for a reject.
#[derive(Debug, Clone)]
enum Defect {
    /// The date (postings) or year (graduates) cell holds this.
    BadDate(&'static str),
    /// The vacancies (postings) or graduates cell holds this.
    BadCount(&'static str),
    /// The last field is missing.
    MissingField,
    /// One field too many.
    ExtraField,
}

impl Defect {
    /// Applies the defect to the cells of a row; `date` and `count` are the positions of the date
    /// (or year) and count cells.
    fn apply(&self, cells: &mut Vec<String>, date: usize, count: usize) {
        match self {
            Defect::BadDate(s) => cells[date] = s.to_string(),
            Defect::BadCount(s) => cells[count] = s.to_string(),
            Defect::MissingField => {
                cells.pop();
            }
            Defect::ExtraField => cells.push("en trop".into()),
        }
    }

    /// The units (vacancies, graduates) the program reads from the rejected row: its count when the
    /// row has the right width and the count cell is valid, else nothing.
    fn units_read(&self, count: u64) -> u64 {
        match self {
            Defect::BadDate(_) => count,
            Defect::BadCount(_) | Defect::MissingField | Defect::ExtraField => 0,
        }
    }
}

/// A defect for a row, with the invalid values of its input.
fn defect(
    bad_dates: &'static [&'static str],
    bad_counts: &'static [&'static str],
) -> BoxedStrategy<Defect> {
    prop_oneof![
        select(bad_dates).prop_map(Defect::BadDate),
        select(bad_counts).prop_map(Defect::BadCount),
        Just(Defect::MissingField),
        Just(Defect::ExtraField),
    ]
    .boxed()
}

// ---------------------------------------------------------------------------------------------
// Postings
// ---------------------------------------------------------------------------------------------

/// The labels of a posting.
#[derive(Debug, Clone)]
struct Labels {
    title: &'static str,
    specialisation: &'static str,
    region: &'static str,
    city: &'static str,
    company: &'static str,
}

prop_compose! {
    fn labels()(
        title in select(TITLES),
        specialisation in select(SPECIALISATIONS),
        region in select(REGIONS),
        city in select(CITIES),
        company in select(COMPANIES),
    ) -> Labels {
        Labels { title, specialisation, region, city, company }
    }
}

/// One job posting as a board would export it.
#[derive(Debug, Clone)]
struct Posting {
    /// `7003`-like (an integer id) rather than `RK-0003`-like.
    numeric_id: bool,
    day: u32,
    iso_date: bool,
    labels: Labels,
    /// The title written in capitals (as some boards do); it folds to the same title.
    capitals: bool,
    /// `None`: an empty cell, which counts as 1.
    vacancies: Option<u64>,
    /// Index in [`SOURCES`].
    source: usize,
    defect: Option<Defect>,
}

impl Posting {
    /// The vacancies the row stands for.
    fn units(&self) -> u64 {
        self.vacancies.unwrap_or(1)
    }

    /// The row as written, with this posting_id.
    fn row(&self, id: &str) -> String {
        let l = &self.labels;
        let title = if self.capitals {
            l.title.to_uppercase()
        } else {
            l.title.to_string()
        };
        let mut cells: Vec<String> = vec![
            id.to_string(),
            render_date(self.day, self.iso_date),
            title,
            l.specialisation.to_string(),
            l.region.to_string(),
            l.city.to_string(),
            self.vacancies.map(|v| v.to_string()).unwrap_or_default(),
            SOURCES[self.source].to_string(),
            l.company.to_string(),
        ];
        if let Some(d) = &self.defect {
            d.apply(&mut cells, 1, 6);
        }
        cells.join(",")
    }
}

/// Vacancies: an empty cell (1) or a small count, 0 included.
fn vacancies() -> impl Strategy<Value = Option<u64>> {
    prop::option::weighted(0.85, 0u64..=12)
}

prop_compose! {
    /// A posting dated in 2024 or 2025; about 15 % are invalid.
    fn posting()(
        numeric_id in any::<bool>(),
        day in 0..FIRST_DAY_OF_2026,
        iso_date in prop::bool::weighted(0.7),
        labels in labels(),
        vacancies in vacancies(),
        source in 0..SOURCES.len(),
        defect in prop::option::weighted(0.15, defect(BAD_DATES, BAD_VACANCIES)),
    ) -> Posting {
        Posting { numeric_id, day, iso_date, labels, capitals: false, vacancies, source, defect }
    }
}

prop_compose! {
    /// A valid, placeable posting in 2025 without a company (so never merged as a syndicated
    /// copy): `gap --year 2025` always has demand, and never fails for want of data.
    fn anchor_posting()(
        day in FIRST_DAY_OF_2025..FIRST_DAY_OF_2026,
        vacancies in 1u64..=12,
        source in 0..SOURCES.len(),
    ) -> Posting {
        Posting {
            numeric_id: false,
            day,
            iso_date: true,
            labels: Labels {
                title: "Analyste SOC",
                specialisation: "Cybersécurité",
                region: "Casablanca-Settat",
                city: "Casablanca",
                company: "",
            },
            capitals: false,
            vacancies: Some(vacancies),
            source,
            defect: None,
        }
    }
}

/// Another row for one of the base postings.
#[derive(Debug, Clone)]
enum CopyKind {
    /// The same row again, byte for byte: same posting_id and source (a board exported it twice,
    /// or two exports overlap). A copy of an invalid row is invalid too.
    Exact,
    /// The same job on another board: same title (perhaps in capitals), company and city, another
    /// posting_id and source, posted 0 to 10 days later, its own vacancies and specialisation
    /// cell. Always valid. Merged only when within `--dedup-days` (7) and the company is known.
    Syndicated {
        days_later: u32,
        /// The source is SOURCES[(original + 1 + shift) % len]: never the original's.
        source_shift: usize,
        capitals: bool,
        /// `None`: the original's specialisation cell.
        specialisation: Option<&'static str>,
        vacancies: Option<u64>,
        iso_date: bool,
    },
}

/// A copy of the base posting `of`, inserted at position `at` of the file (before or after its
/// original: exports are in no particular order). Both are resolved modulo the lengths at
/// rendering time, so they stay meaningful while proptest shrinks the base rows.
#[derive(Debug, Clone)]
struct Extra {
    of: Index,
    at: Index,
    kind: CopyKind,
}

fn copy_kind() -> impl Strategy<Value = CopyKind> {
    prop_oneof![
        Just(CopyKind::Exact),
        (
            0u32..=10,
            0..SOURCES.len() - 1,
            any::<bool>(),
            prop::option::of(select(SPECIALISATIONS)),
            vacancies(),
            any::<bool>(),
        )
            .prop_map(
                |(days_later, source_shift, capitals, specialisation, vacancies, iso_date)| {
                    CopyKind::Syndicated {
                        days_later,
                        source_shift,
                        capitals,
                        specialisation,
                        vacancies,
                        iso_date,
                    }
                }
            ),
    ]
}

prop_compose! {
    fn extra()(of in any::<Index>(), at in any::<Index>(), kind in copy_kind()) -> Extra {
        Extra { of, at, kind }
    }
}

/// The data rows of one generated CSV file (without its header), and what the generator knows
/// about them.
#[derive(Debug, Clone, Default)]
struct Rows {
    rows: Vec<String>,
    /// Rows written invalid (their own defect, or an exact copy of an invalid row).
    invalid: u64,
    /// Units (vacancies or graduates) the program must read: those of every valid row, and of
    /// every rejected row whose count is readable.
    units_read: u64,
    /// Exact copies of valid postings: each one is surely a duplicate (same source and id).
    exact_copies_of_valid: u64,
}

/// The text of a CSV file with `header` and `rows`.
fn csv_text(header: &str, rows: &[String]) -> String {
    let mut s = String::from(header);
    s.push('\n');
    for r in rows {
        s.push_str(r);
        s.push('\n');
    }
    s
}

/// Lays out the postings file: the base postings in order, then each copy inserted where it says.
fn render_postings(base: &[Posting], extras: &[Extra]) -> Rows {
    let mut out = Rows::default();
    // Tallies a row written for posting `p`: an exact copy of an invalid row is invalid too.
    let tally = |out: &mut Rows, p: &Posting| match &p.defect {
        None => out.units_read += p.units(),
        Some(d) => {
            out.invalid += 1;
            out.units_read += d.units_read(p.units());
        }
    };
    let id = |i: usize, p: &Posting| {
        if p.numeric_id {
            format!("{}", 7000 + i)
        } else {
            format!("RK-{i:04}")
        }
    };
    for (i, p) in base.iter().enumerate() {
        out.rows.push(p.row(&id(i, p)));
        tally(&mut out, p);
    }
    for (j, e) in extras.iter().enumerate() {
        let i = e.of.index(base.len());
        let original = &base[i];
        let row = match &e.kind {
            CopyKind::Exact => {
                tally(&mut out, original);
                if original.defect.is_none() {
                    out.exact_copies_of_valid += 1;
                }
                original.row(&id(i, original))
            }
            CopyKind::Syndicated {
                days_later,
                source_shift,
                capitals,
                specialisation,
                vacancies,
                iso_date,
            } => {
                let copy = Posting {
                    day: original.day + days_later,
                    iso_date: *iso_date,
                    labels: Labels {
                        specialisation: specialisation.unwrap_or(original.labels.specialisation),
                        ..original.labels.clone()
                    },
                    capitals: *capitals,
                    vacancies: *vacancies,
                    source: (original.source + 1 + source_shift) % SOURCES.len(),
                    defect: None,
                    ..original.clone()
                };
                tally(&mut out, &copy);
                copy.row(&format!("SY-{j:03}"))
            }
        };
        let at = e.at.index(out.rows.len() + 1);
        out.rows.insert(at, row);
    }
    out
}

prop_compose! {
    /// A postings file of 5 to 59 rows: an anchor in 2025, 4 to 39 postings, and up to 20 copies
    /// of them (exact or syndicated).
    fn postings()(
        anchor in anchor_posting(),
        others in prop::collection::vec(posting(), 4..40),
        extras in prop::collection::vec(extra(), 0..20),
    ) -> Rows {
        let mut base = vec![anchor];
        base.extend(others);
        render_postings(&base, &extras)
    }
}

// ---------------------------------------------------------------------------------------------
// Graduates
// ---------------------------------------------------------------------------------------------

/// One programme cohort.
#[derive(Debug, Clone)]
struct Cohort {
    year: &'static str,
    region: &'static str,
    institution: &'static str,
    field: &'static str,
    level: &'static str,
    graduates: u64,
    defect: Option<Defect>,
}

prop_compose! {
    /// A cohort of 2024 or 2025; about 15 % are invalid.
    fn cohort()(
        year in select(YEARS),
        region in select(REGIONS),
        institution in select(INSTITUTIONS),
        field in select(FIELDS),
        level in select(LEVELS),
        graduates in 0u64..400,
        defect in prop::option::weighted(0.15, defect(BAD_YEARS, BAD_GRADUATES)),
    ) -> Cohort {
        Cohort { year, region, institution, field, level, graduates, defect }
    }
}

prop_compose! {
    /// A valid, placeable cohort of 2025, so that `gap --year 2025` always has supply.
    fn anchor_cohort()(graduates in 1u64..400) -> Cohort {
        Cohort {
            year: "2025",
            region: "Casablanca-Settat",
            institution: "ENSA Casablanca",
            field: "Génie informatique",
            level: "Ingénieur",
            graduates,
            defect: None,
        }
    }
}

fn render_graduates(cohorts: &[Cohort]) -> Rows {
    let mut out = Rows::default();
    for c in cohorts {
        let mut cells: Vec<String> = [
            c.year,
            c.region,
            c.institution,
            c.field,
            c.level,
            &c.graduates.to_string(),
        ]
        .map(String::from)
        .to_vec();
        match &c.defect {
            None => out.units_read += c.graduates,
            Some(d) => {
                d.apply(&mut cells, 0, 5);
                out.invalid += 1;
                out.units_read += d.units_read(c.graduates);
            }
        }
        out.rows.push(cells.join(","));
    }
    out
}

prop_compose! {
    /// A graduates file of 4 to 25 rows, the anchor first.
    fn graduates()(
        anchor in anchor_cohort(),
        others in prop::collection::vec(cohort(), 3..25),
    ) -> Rows {
        let mut all = vec![anchor];
        all.extend(others);
        render_graduates(&all)
    }
}

// ---------------------------------------------------------------------------------------------
// Running the binary and reading its counts
// ---------------------------------------------------------------------------------------------

/// A work directory holding `postings.csv` and `graduates.csv` with these rows.
fn workdir_with(postings: &[String], graduates: &[String]) -> Workdir {
    let wd = Workdir::new();
    wd.write("postings.csv", csv_text(POSTINGS_HEADER, postings));
    wd.write("graduates.csv", csv_text(GRADUATES_HEADER, graduates));
    wd
}

const BOTH_INPUTS: [&str; 4] = ["--postings", "postings.csv", "--graduates", "graduates.csv"];

/// `skillgap COMMAND --postings postings.csv --graduates graduates.csv EXTRA...`
fn run(wd: &Workdir, command: &str, extra: &[&str]) -> Run {
    let mut args = vec![command];
    args.extend(BOTH_INPUTS);
    args.extend_from_slice(extra);
    wd.run(&args)
}

/// Where a row can end up: the README's `read = counted + unmapped + abroad + rejected + outside
/// the period + duplicates merged`.
const FATES: [&str; 6] = [
    "counted",
    "unmapped",
    "abroad",
    "rejected",
    "outside_period",
    "duplicate",
];

/// A count of one input's quality object.
fn count(input: &Value, key: &str) -> Result<u64, TestCaseError> {
    input[key]
        .as_u64()
        .ok_or_else(|| TestCaseError::fail(format!("no count `{key}` in {input}")))
}

/// Checks one input's quality object against what the generator wrote: rows and units read are
/// what was written, every row and unit has exactly one fate, and the rejects are the invalid
/// rows.
fn check_accounts(input: &Value, name: &str, written: &Rows) -> Result<(), TestCaseError> {
    prop_assert_eq!(input["input"].as_str(), Some(name));
    for what in ["rows", "units"] {
        let read = count(input, &format!("{what}_read"))?;
        let fates = FATES
            .iter()
            .map(|f| count(input, &format!("{what}_{f}")))
            .collect::<Result<Vec<u64>, _>>()?;
        prop_assert_eq!(
            read,
            fates.iter().sum::<u64>(),
            "{} {}: read != {:?} = {:?}",
            name,
            what,
            FATES,
            fates
        );
    }
    prop_assert_eq!(
        count(input, "rows_read")?,
        written.rows.len() as u64,
        "{} rows read",
        name
    );
    prop_assert_eq!(
        count(input, "units_read")?,
        written.units_read,
        "{} units read",
        name
    );
    prop_assert_eq!(
        count(input, "rows_rejected")?,
        written.invalid,
        "{} rows rejected",
        name
    );
    Ok(())
}

/// The `inputs` array of a quality object, postings then graduates.
fn inputs(v: &Value) -> Result<[&Value; 2], TestCaseError> {
    match v.as_array().map(Vec::as_slice) {
        Some([p, g]) => Ok([p, g]),
        _ => Err(TestCaseError::fail(format!("expected two inputs, got {v}"))),
    }
}

/// The gap JSON report without what depends on where rows sit in the file: the inputs' SHA-256
/// (a shuffled file has other bytes) and the rejects' line numbers (the rejects are then sorted,
/// so they compare as a set).
fn without_positions(mut v: Value) -> Value {
    let quality = &mut v["quality"];
    if let Some(inputs) = quality["inputs"].as_array_mut() {
        for input in inputs.iter_mut().filter_map(Value::as_object_mut) {
            input.remove("sha256");
        }
    }
    if let Some(rejects) = quality["rejects"].as_array_mut() {
        for reject in rejects.iter_mut().filter_map(Value::as_object_mut) {
            reject.remove("line");
        }
        rejects.sort_by_key(|r| r.to_string());
    }
    v
}

fn config() -> ProptestConfig {
    ProptestConfig {
        // Each case runs the debug binary 3 or 4 times (~0.12 s of CPU each): 20 cases keep the
        // three properties at about 30 s of CPU, under 20 s on two cores. PROPTEST_CASES=500
        // explores further.
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(20),
        // a failing case is shrunk, but not for minutes
        max_shrink_iters: 64,
        // beside the crate's other regressions (the default looks for a lib.rs next to tests/)
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "proptest-regressions/props.txt",
        ))),
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------------------------
// The properties
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    /// Nothing lost: for any input, every postings and graduates row written is read, and each row
    /// and each unit has exactly one fate (counted, unmapped, abroad, rejected, outside the period
    /// or duplicate: a posting shared between regions counts once); the rejected rows are exactly the invalid ones written, in `validate` (no
    /// period) and in `gap --year 2025` (where rows of 2024 are outside the period).
    ///
    /// Protects against duplicate merging (or anything else) dropping or double-counting rows or
    /// vacancies, against a duplicate of a valid row being taken for a reject or a reject for a
    /// duplicate, against rows lost at a file's edges, and against invalid rows slipping through.
    /// It also checks that exact copies are merged (each exact copy of a valid row is at least one
    /// duplicate) and that `--no-dedup` merges nothing.
    #[test]
    fn every_row_and_unit_read_is_counted_unmapped_rejected_outside_or_duplicate(
        p in postings(),
        g in graduates(),
    ) {
        let wd = workdir_with(&p.rows, &g.rows);
        // validate exits 3 exactly when a row was rejected
        let status = if p.invalid + g.invalid > 0 { 3 } else { 0 };

        for dedup in [true, false] {
            let mut extra = vec!["--format", "json"];
            if !dedup {
                extra.push("--no-dedup");
            }
            let out = run(&wd, "validate", &extra);
            out.expect_code(status);
            let v = out.json();
            let [pq, gq] = inputs(&v["inputs"])?;
            check_accounts(pq, "postings", &p)?;
            check_accounts(gq, "graduates", &g)?;
            // validate has no period
            prop_assert_eq!(count(pq, "rows_outside_period")?, 0);
            prop_assert_eq!(count(gq, "rows_outside_period")?, 0);
            if dedup {
                prop_assert!(
                    count(pq, "rows_duplicate")? >= p.exact_copies_of_valid,
                    "{} exact copies of valid postings, but rows_duplicate is {}",
                    p.exact_copies_of_valid,
                    count(pq, "rows_duplicate")?
                );
            } else {
                for q in [pq, gq] {
                    prop_assert_eq!(count(q, "rows_duplicate")?, 0, "--no-dedup: {}", q);
                    prop_assert_eq!(count(q, "units_duplicate")?, 0, "--no-dedup: {}", q);
                }
            }
        }

        // the same accounts in the gap report, with a period
        let out = run(&wd, "gap", &["--year", "2025", "--format", "json"]);
        let v = out.expect_success().json();
        let [pq, gq] = inputs(&v["quality"]["inputs"])?;
        check_accounts(pq, "postings", &p)?;
        check_accounts(gq, "graduates", &g)?;
    }

    /// Row order does not matter: any permutation of the data rows of both files (the header kept
    /// first) gives the same `gap` report, byte for byte in CSV (with `--show-unmapped`, so that
    /// unmapped rows are compared too) and in JSON.
    ///
    /// The inputs keep their invalid rows, so rejected rows must be excluded wherever they sit.
    /// The JSON is compared without what depends on row positions: the inputs' SHA-256 and the
    /// rejects' line numbers (the rejects are compared as a set, with everything else they say).
    ///
    /// Protects against results that depend on which copy of a duplicate comes first in the file
    /// (the kept copy must be chosen by content: earliest date, then the row's fields), on which
    /// worker reads which block, or on the order labels are first seen (ties in rankings and in
    /// the unmapped list).
    #[test]
    fn shuffling_the_rows_of_both_inputs_does_not_change_the_gap_report(
        (p, shuffled_p) in postings().prop_flat_map(|p| {
            let rows = Just(p.rows.clone()).prop_shuffle();
            (Just(p), rows)
        }),
        (g, shuffled_g) in graduates().prop_flat_map(|g| {
            let rows = Just(g.rows.clone()).prop_shuffle();
            (Just(g), rows)
        }),
    ) {
        let original = workdir_with(&p.rows, &g.rows);
        let shuffled = workdir_with(&shuffled_p, &shuffled_g);

        let csv = ["--year", "2025", "--format", "csv", "--show-unmapped"];
        let a = run(&original, "gap", &csv);
        let b = run(&shuffled, "gap", &csv);
        a.expect_success();
        b.expect_success();
        prop_assert_eq!(a.stdout(), b.stdout(), "CSV report");

        let json = ["--year", "2025", "--format", "json"];
        let a = run(&original, "gap", &json);
        let b = run(&shuffled, "gap", &json);
        let (a, b) = (a.expect_success().json(), b.expect_success().json());
        prop_assert_eq!(without_positions(a), without_positions(b), "JSON report");
    }

    /// File boundaries do not matter: the postings split into two files at any row (each file
    /// with the header), passed as `--postings A B` or `--postings B A`, give the same `gap`
    /// report bytes as the single file.
    ///
    /// Protects against duplicates merged only within a file (a posting exported by two boards
    /// lands in two files), against a kept copy chosen by file order, against a second file's
    /// rows being skipped or its header read as a row, and against per-file tallies merged wrongly.
    #[test]
    fn splitting_the_postings_into_two_files_in_either_order_does_not_change_the_gap_report(
        p in postings(),
        g in graduates(),
        split in any::<Index>(),
    ) {
        // both parts non-empty: a file with a header and no rows is an error of its own
        let at = 1 + split.index(p.rows.len() - 1);
        let wd = workdir_with(&p.rows, &g.rows);
        wd.write("a.csv", csv_text(POSTINGS_HEADER, &p.rows[..at]));
        wd.write("b.csv", csv_text(POSTINGS_HEADER, &p.rows[at..]));

        let report = |postings: &[&str]| {
            let mut args = vec!["gap", "--postings"];
            args.extend_from_slice(postings);
            args.extend([
                "--graduates", "graduates.csv", "--year", "2025", "--format", "csv",
                "--show-unmapped",
            ]);
            let out = wd.run(&args);
            out.expect_success();
            out.stdout()
        };
        let whole = report(&["postings.csv"]);
        prop_assert_eq!(&report(&["a.csv", "b.csv"]), &whole, "a.csv b.csv, split at row {}", at);
        prop_assert_eq!(&report(&["b.csv", "a.csv"]), &whole, "b.csv a.csv, split at row {}", at);
    }

    /// Shares add up: whatever mix of postings in one region, in several, national or abroad,
    /// grouping by specialisation gives each specialisation exactly the whole vacancies of its
    /// counted postings (integers, summing to `units_counted`), and grouping by region gives the
    /// same total up to the rounding of each row to 2 decimals.
    ///
    /// Protects against a share lost or counted twice when a posting's vacancies are divided
    /// between regions, and against inexact shares (1/3 of a vacancy in floating point).
    #[test]
    fn shared_postings_give_the_regions_exactly_their_vacancies(
        p in postings(),
        g in graduates(),
    ) {
        let wd = workdir_with(&p.rows, &g.rows);
        let total = |by: &str| -> Result<(f64, usize, u64), TestCaseError> {
            let out = run(&wd, "gap", &["--year", "2025", "--format", "json", "--by", by]);
            let v = out.expect_success().json();
            let rows = v["rows"].as_array().cloned().unwrap_or_default();
            let demand: Vec<f64> = rows.iter().filter_map(|r| r["demand"].as_f64()).collect();
            if by == "specialisation" {
                for d in &demand {
                    prop_assert_eq!(d.fract(), 0.0, "a specialisation's vacancies are whole: {}", d);
                }
            }
            let [pq, _] = inputs(&v["quality"]["inputs"])?;
            Ok((demand.iter().sum(), demand.len(), count(pq, "units_counted")?))
        };
        let (by_spec, _, counted) = total("specialisation")?;
        prop_assert_eq!(by_spec, counted as f64, "by specialisation");
        let (by_region, rows, counted) = total("region")?;
        prop_assert!(
            (by_region - counted as f64).abs() <= 0.005 * rows as f64 + 1e-9,
            "by region: {} for {} vacancies over {} rows",
            by_region,
            counted,
            rows
        );
    }
}
