//! Correctness at scale: on generated data large enough to span several reader blocks, the demand
//! and supply skillgap reports per region × specialisation equal an independent, sequential
//! computation over the same rows.
//!
//! The independent side reads the files row by row with the csv crate, validates and filters
//! them itself, merges duplicate postings with its own naive algorithm (every valid row held in
//! memory, grouped in ordered maps), and sums in ordered maps. It shares only label folding and
//! resolution with skillgap (`fold` and the taxonomy's `place_of` / `place_of_cells` /
//! `specialisation_of` / `field_of`, and the occupation coder for titles, unit-tested on their
//! own), so what is checked here is
//! everything around it: parallel block reading, validation, the two-step duplicate search,
//! tallying, merging the workers, national and shared postings, the polars stages, crosswalk
//! weights and averaging.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

use skillgap::classify::{Coder, Context};
use skillgap::taxonomy::{fold, Place, SpecIdx, Taxonomy, NATIONAL_CODE};

/// A posting's specialisation as the README gives the rule for a file without a sector column:
/// its `specialisation` cell when that names one, else the occupation coder's reading of its title
/// (coded once per title).
struct Specs<'t> {
    tax: &'t Taxonomy,
    coder: Coder<'t>,
    titles: RefCell<HashMap<String, Option<SpecIdx>>>,
}

impl<'t> Specs<'t> {
    fn new(tax: &'t Taxonomy) -> Specs<'t> {
        Specs {
            tax,
            coder: Coder::built_in(tax).unwrap(),
            titles: RefCell::new(HashMap::new()),
        }
    }

    fn of(&self, p: &Posting) -> Option<SpecIdx> {
        if let Some(s) = Some(&p.specialisation)
            .filter(|c| !c.is_empty())
            .and_then(|c| self.tax.specialisation_of(c))
        {
            return Some(s);
        }
        if p.title.is_empty() {
            return None;
        }
        let mut titles = self.titles.borrow_mut();
        *titles.entry(p.title.clone()).or_insert_with(|| {
            self.coder
                .code(&p.title, &Context::default())
                .specialisation
        })
    }
}

/// Units per vacancy or graduate, as the README gives them: divisible by 1 to 12 and by 10,000.
const UNIT: u64 = 6_930_000;

/// A posting's place, as the README reads its cells: the region cell when it names one region,
/// else the city cell when it does, else the two together.
fn posting_place(tax: &Taxonomy, region: &str, city: &str) -> Place {
    let alone = |c: &str| (!c.is_empty()).then(|| tax.place_of(c));
    match (alone(region), alone(city)) {
        (Some(Place::Region(r)), _) | (_, Some(Place::Region(r))) => Place::Region(r),
        (Some(_), Some(_)) => tax.place_of_cells(&[region, city]),
        (Some(p), None) | (None, Some(p)) => p,
        (None, None) => Place::Unknown,
    }
}

/// The region codes a place counts in, with each one's part of a unit: none abroad or unplaced.
fn parts(tax: &Taxonomy, place: &Place) -> Vec<(String, u64)> {
    match place {
        Place::Region(r) => vec![(tax.region(*r).code.clone(), UNIT)],
        Place::National => vec![(NATIONAL_CODE.to_string(), UNIT)],
        Place::Several(rs) => (rs.iter())
            .map(|r| (tax.region(*r).code.clone(), UNIT / rs.len() as u64))
            .collect(),
        _ => Vec::new(),
    }
}

use crate::workdir::Workdir;

/// Days since 0000-03-01 of a valid `YYYY-MM-DD` date (any fixed origin will do for differences).
fn day_number(s: &str) -> i64 {
    let p: Vec<i64> = s.split('-').map(|x| x.parse().unwrap()).collect();
    let (y, m, d) = (p[0], p[1], p[2]);
    let (y, m) = if m <= 2 { (y - 1, m + 12) } else { (y, m) };
    365 * y + y / 4 - y / 100 + y / 400 + (153 * (m - 3) + 2) / 5 + d
}

/// A valid posting as the independent side keeps it.
#[derive(Debug, Clone)]
struct Posting {
    id: String,
    date: String,
    title: String,
    specialisation: String,
    region: String,
    city: String,
    vacancies: u64,
    source: String,
    company: String,
}

impl Posting {
    /// The documented order among copies: earliest date, then fewest vacancies, then the region
    /// and the specialisation that come first in the taxonomy (placed before unplaced). Rows tied
    /// on all of these count in the same cell, so which of them is kept does not change demand.
    fn order(&self, tax: &Taxonomy, specs: &Specs) -> (String, u64, (u8, u64), u32) {
        let region = match posting_place(tax, &self.region, &self.city) {
            Place::Region(r) => (0, u64::from(r)),
            Place::National => (1, 0),
            Place::Several(rs) => (2, rs.iter().map(|r| 1u64 << r).sum()),
            Place::Abroad { .. } => (3, 0),
            Place::Ambiguous(_) | Place::Unknown => (4, 0),
        };
        let spec = specs.of(self).map_or(u32::MAX, u32::from);
        (self.date.clone(), self.vacancies, region, spec)
    }
}

/// The postings left once copies are merged, and how many were merged (same id, syndicated).
fn merge_duplicates(
    mut all: Vec<Posting>,
    window: i64,
    tax: &Taxonomy,
    specs: &Specs,
) -> (Vec<Posting>, u64, u64) {
    all.sort_by_cached_key(|p| p.order(tax, specs));
    let mut seen_ids = std::collections::BTreeSet::new();
    let mut same_id = 0;
    let mut left = Vec::new();
    for p in all {
        if !p.id.is_empty() && !seen_ids.insert((fold(&p.source), p.id.clone())) {
            same_id += 1;
        } else {
            left.push(p);
        }
    }
    let mut first_in_window: BTreeMap<(String, String, String), i64> = BTreeMap::new();
    let mut syndicated = 0;
    let mut kept = Vec::new();
    for p in left {
        let place = if p.city.is_empty() {
            &p.region
        } else {
            &p.city
        };
        let key = (fold(&p.title), fold(&p.company), fold(place));
        if key.0.is_empty() || key.1.is_empty() || key.2.is_empty() {
            kept.push(p);
            continue;
        }
        let day = day_number(&p.date);
        match first_in_window.get(&key) {
            Some(&first) if day - first <= window => syndicated += 1,
            _ => {
                first_in_window.insert(key, day);
                kept.push(p);
            }
        }
    }
    (kept, same_id, syndicated)
}

fn valid_date(s: &str) -> Option<i32> {
    let p: Vec<&str> = s.split('-').collect();
    if p.len() != 3 || p[0].len() != 4 || p[1].len() != 2 || p[2].len() != 2 {
        return None;
    }
    let (y, m, d): (i32, u32, u32) = (p[0].parse().ok()?, p[1].parse().ok()?, p[2].parse().ok()?);
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    (1..=12).contains(&m).then_some(())?;
    (1..=days[m as usize - 1]).contains(&d).then_some(y)
}

fn count(s: &str, max: u64) -> Option<u64> {
    s.trim().parse::<u64>().ok().filter(|n| *n <= max)
}

fn year(s: &str) -> Option<i32> {
    let s = s.trim();
    if let Ok(y) = s.parse::<i32>() {
        return Some(y);
    }
    let (a, b) = s.split_once(['-', '/'])?;
    let (a, b): (i32, i32) = (a.parse().ok()?, b.parse().ok()?);
    (b == a + 1).then_some(b)
}

#[test]
fn demand_and_supply_equal_an_independent_computation() {
    let wd = Workdir::new();
    // ~7 MB of postings: several 2 MiB blocks, so several workers and cuts
    wd.run(&[
        "generate",
        "--postings",
        "60000",
        "--graduates",
        "1500",
        "--seed",
        "7",
        "--out",
        "data",
    ])
    .expect_success();
    let report = wd
        .run(&[
            "gap",
            "--postings",
            "data/postings.csv",
            "--graduates",
            "data/graduates.csv",
            "--from",
            "2024",
            "--to",
            "2025",
            "--format",
            "json",
        ])
        .expect_success()
        .json();

    let tax = Taxonomy::default_embedded();
    let years = 2.0;
    let mut expected: BTreeMap<(String, String), (u64, u64)> = BTreeMap::new();

    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(wd.path().join("data/postings.csv"))
        .unwrap();
    let mut valid = Vec::new();
    for rec in rdr.records() {
        let rec = rec.unwrap();
        if rec.len() != 9 || valid_date(rec[1].trim()).is_none() {
            continue;
        }
        let vac = if rec[6].trim().is_empty() {
            Some(1)
        } else {
            count(&rec[6], 10_000)
        };
        let Some(vacancies) = vac else { continue };
        let cell = |i: usize| rec[i].trim().to_string();
        valid.push(Posting {
            id: cell(0),
            date: cell(1),
            title: cell(2),
            specialisation: cell(3),
            region: cell(4),
            city: cell(5),
            vacancies,
            source: cell(7),
            company: cell(8),
        });
    }
    let specs = Specs::new(&tax);
    let (kept, same_id, syndicated) = merge_duplicates(valid, 7, &tax, &specs);
    assert!(
        same_id > 100 && syndicated > 100,
        "the generated data has both kinds of copies: {same_id} same id, {syndicated} syndicated"
    );
    let quality = &report["quality"]["inputs"][0];
    assert_eq!(quality["duplicates_same_id"], same_id);
    assert_eq!(quality["duplicates_syndicated"], syndicated);
    for p in kept {
        let y: i32 = p.date[..4].parse().unwrap();
        if !(2024..=2025).contains(&y) {
            continue;
        }
        let place = posting_place(&tax, &p.region, &p.city);
        if let Some(s) = specs.of(&p) {
            for (r, part) in parts(&tax, &place) {
                expected.entry((r, tax.spec(s).id.clone())).or_default().0 += p.vacancies * part;
            }
        }
    }

    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(wd.path().join("data/graduates.csv"))
        .unwrap();
    for rec in rdr.records() {
        let rec = rec.unwrap();
        if rec.len() != 6 {
            continue;
        }
        let (Some(y), Some(g)) = (year(&rec[0]), count(&rec[5], 100_000)) else {
            continue;
        };
        if !(2024..=2025).contains(&y) {
            continue;
        }
        // a cohort: its region cell when one region, else its institution's one region, else
        // its region cell when national; never shared
        let one = |c: &str| match tax.place_of(c) {
            Place::Region(r) => Some(tax.region(r).code.clone()),
            _ => None,
        };
        let (region, institution) = (rec[1].trim(), rec[2].trim());
        let r = one(region).or_else(|| one(institution)).or_else(|| {
            (!region.is_empty() && tax.place_of(region) == Place::National)
                .then(|| NATIONAL_CODE.to_string())
        });
        let f = tax.field_of(rec[3].trim());
        if let (Some(r), Some(f)) = (r, f) {
            for (s, w) in tax.shares(f) {
                expected
                    .entry((r.clone(), tax.spec(s).id.clone()))
                    .or_default()
                    .1 += g * u64::from(w) * (UNIT / 10_000);
            }
        }
    }

    let rows = report["rows"].as_array().unwrap();
    assert_eq!(rows.len(), expected.len(), "same cells on both sides");
    let per_year = |units: u64| units as f64 / UNIT as f64 / years;
    let mut total_demand = 0.0;
    for row in rows {
        let key = (
            row["region_code"].as_str().unwrap().to_string(),
            row["specialisation"].as_str().unwrap().to_string(),
        );
        let (d, s) = expected[&key];
        let (rd, rs) = (
            row["demand"].as_f64().unwrap(),
            row["supply"].as_f64().unwrap(),
        );
        assert!(
            (rd - per_year(d)).abs() < 0.005 + 1e-9,
            "{key:?} demand {rd} vs {}",
            per_year(d)
        );
        assert!(
            (rs - per_year(s)).abs() < 0.005 + 1e-9,
            "{key:?} supply {rs} vs {}",
            per_year(s)
        );
        total_demand += rd;
    }
    assert!(
        total_demand > 10_000.0,
        "the check covered real volume: {total_demand}"
    );
}
