//! Skills extraction speed on one core: `cargo run --release --example skills_bench -- FILE`.
//!
//! Reads the `description` and `skills` columns of a postings CSV (such as `skillgap generate
//! --descriptions` writes; rows with missing cells are read as they are) into memory, then on
//! one thread, seven times: folds every posting's text, and folds and matches it. Prints the
//! throughput in MB/s of text as read (1 MB = 10^6 bytes) per second of this thread's CPU time
//! (from `/proc/thread-self/schedstat` on Linux, else the wall clock), best and median, and the
//! matching alone (the difference). See `bench/skills.sh`.

use std::time::{Duration, Instant};

use skillgap::skills::{Folded, Matcher};
use skillgap::taxonomy::Taxonomy;

const ROUNDS: usize = 7;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: skills_bench POSTINGS.csv")?;
    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_path(&path)?;
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
    let clock = Clock::new();
    let started = clock.now();
    let matcher = Matcher::new(&tax.skills);
    let built = clock.now() - started;
    let (mut text, mut found) = (Folded::new(), Vec::new());
    let (mut fold, mut both) = (Vec::new(), Vec::new());
    let mut mentions = 0usize;
    for _ in 0..ROUNDS {
        // folding alone
        let t = clock.now();
        for fields in &texts {
            text.clear();
            for f in fields {
                text.push_field(f);
            }
            text.finish();
        }
        fold.push(clock.now() - t);
        std::hint::black_box(&text);
        // folding and matching
        let t = clock.now();
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
        both.push(clock.now() - t);
    }
    let mb = bytes as f64 / 1e6;
    println!(
        "{} postings, {:.1} MB of text, {} skill mentions; matcher built in {:.0} ms ({})",
        texts.len(),
        mb,
        mentions,
        built.as_secs_f64() * 1e3,
        clock.name()
    );
    let speed = |d: Duration| mb / d.as_secs_f64();
    let (fold, both) = (sorted(fold), sorted(both));
    let matching = |i: usize| both[i].saturating_sub(fold[i]);
    println!(
        "fold + match: {:.0} MB/s on one core, median {:.0} (best {:.3} s of {ROUNDS}); \
         folding alone {:.0} MB/s, median {:.0}; matching alone {:.0} MB/s, median {:.0}",
        speed(both[0]),
        speed(both[ROUNDS / 2]),
        both[0].as_secs_f64(),
        speed(fold[0]),
        speed(fold[ROUNDS / 2]),
        speed(matching(0)),
        speed(matching(ROUNDS / 2)),
    );
    Ok(())
}

fn sorted(mut v: Vec<Duration>) -> Vec<Duration> {
    v.sort_unstable();
    v
}

/// This thread's CPU time where the system tells it, else the time elapsed.
struct Clock {
    started: Instant,
    cpu: bool,
}

impl Clock {
    fn new() -> Clock {
        Clock {
            started: Instant::now(),
            cpu: thread_cpu().is_some(),
        }
    }

    fn name(&self) -> &'static str {
        if self.cpu {
            "times are this thread's CPU time"
        } else {
            "times are wall-clock time"
        }
    }

    fn now(&self) -> Duration {
        match self.cpu {
            true => thread_cpu().unwrap_or_default(),
            false => self.started.elapsed(),
        }
    }
}

/// The CPU time of the calling thread (Linux: the first field of its schedstat, in ns).
fn thread_cpu() -> Option<Duration> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    Some(Duration::from_nanos(s.split(' ').next()?.parse().ok()?))
}
