//! Correctness at scale: on generated data large enough to span several reader blocks, the demand
//! and supply skillgap reports per region × specialisation equal an independent, sequential
//! computation over the same rows.
//!
//! The independent side reads the files row by row with the csv crate, validates and filters
//! them itself, and sums in ordered maps. It shares only label resolution with skillgap (the
//! taxonomy's `region_of` / `specialisation_of` / `field_of`, unit-tested on their own), so what is
//! checked here is everything around it: parallel block reading, validation, tallying, merging
//! the workers, the polars stages, crosswalk weights and averaging.

use std::collections::BTreeMap;

use skillgap::taxonomy::{Resolved, Taxonomy, WEIGHT_SCALE};

use crate::workdir::Workdir;

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
    let region = |s: &str| match tax.region_of(s) {
        Resolved::Found(r) => Some(tax.region(r).code.clone()),
        _ => None,
    };
    let years = 2.0;
    let mut expected: BTreeMap<(String, String), (u64, u64)> = BTreeMap::new();

    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(wd.path().join("data/postings.csv"))
        .unwrap();
    for rec in rdr.records() {
        let rec = rec.unwrap();
        if rec.len() != 9 {
            continue;
        }
        let Some(y) = valid_date(rec[1].trim()) else {
            continue;
        };
        let vac = if rec[6].trim().is_empty() {
            Some(1)
        } else {
            count(&rec[6], 10_000)
        };
        let Some(vac) = vac else { continue };
        if !(2024..=2025).contains(&y) {
            continue;
        }
        let r = [&rec[4], &rec[5]]
            .into_iter()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .find_map(region);
        let s = [&rec[3], &rec[2]]
            .into_iter()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .find_map(|c| tax.specialisation_of(c));
        if let (Some(r), Some(s)) = (r, s) {
            expected.entry((r, tax.spec(s).id.clone())).or_default().0 +=
                vac * u64::from(WEIGHT_SCALE);
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
        let r = region(rec[1].trim()).or_else(|| region(rec[2].trim()));
        let f = tax.field_of(rec[3].trim());
        if let (Some(r), Some(f)) = (r, f) {
            for (s, w) in tax.shares(f) {
                expected
                    .entry((r.clone(), tax.spec(s).id.clone()))
                    .or_default()
                    .1 += g * u64::from(w);
            }
        }
    }

    let rows = report["rows"].as_array().unwrap();
    assert_eq!(rows.len(), expected.len(), "same cells on both sides");
    let per_year = |units: u64| units as f64 / f64::from(WEIGHT_SCALE) / years;
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
