//! Skills extraction speed on one core: `cargo run --release --example skills_bench -- FILE`.
//!
//! Reads the `description` and `skills` columns of a postings CSV (such as `skillgap generate
//! --descriptions` writes) into memory, then folds and matches every posting's text on one
//! thread, three times, and prints the best throughput in MB/s of text (1 MB = 10^6 bytes), with
//! the share of the time spent folding. See `bench/skills.sh`.

use std::time::{Duration, Instant};

use skillgap::skills::{Folded, Matcher};
use skillgap::taxonomy::Taxonomy;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: skills_bench POSTINGS.csv")?;
    let mut rdr = csv::Reader::from_path(&path)?;
    let headers = rdr.headers()?.clone();
    let cols: Vec<usize> = ["description", "skills"]
        .iter()
        .filter_map(|c| headers.iter().position(|h| h == *c))
        .collect();
    if cols.is_empty() {
        return Err(format!("{path}: no description or skills column").into());
    }
    let mut texts: Vec<Vec<String>> = Vec::new();
    for rec in rdr.records() {
        let rec = rec?;
        texts.push(
            cols.iter()
                .filter_map(|&c| rec.get(c))
                .map(str::to_string)
                .collect(),
        );
    }
    let bytes: usize = texts.iter().flatten().map(String::len).sum();
    let tax = Taxonomy::default_embedded();
    let started = Instant::now();
    let matcher = Matcher::new(&tax.skills)?;
    let built = started.elapsed();
    let (mut text, mut found) = (Folded::new(), Vec::new());
    let (mut best, mut best_fold) = (Duration::MAX, Duration::MAX);
    let mut mentions = 0usize;
    for _ in 0..3 {
        // folding alone
        let t = Instant::now();
        for fields in &texts {
            text.clear();
            for f in fields {
                text.push_field(f);
            }
            text.finish();
        }
        best_fold = best_fold.min(t.elapsed());
        // folding and matching
        let t = Instant::now();
        mentions = 0;
        for fields in &texts {
            text.clear();
            for f in fields {
                text.push_field(f);
            }
            text.finish();
            matcher.find(&text, &mut found);
            mentions += found.len();
        }
        best = best.min(t.elapsed());
    }
    let mb = bytes as f64 / 1e6;
    println!(
        "{} postings, {:.1} MB of text, {} skill mentions; automaton built in {:.0} ms",
        texts.len(),
        mb,
        mentions,
        built.as_secs_f64() * 1e3
    );
    println!(
        "fold + match: {:.3} s, {:.0} MB/s on one core (folding alone: {:.0} MB/s)",
        best.as_secs_f64(),
        mb / best.as_secs_f64(),
        mb / best_fold.as_secs_f64()
    );
    Ok(())
}
