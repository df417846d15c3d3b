//! How fast the occupation coder is built and codes titles, and how much memory it holds.
//!
//! ```sh
//! cargo bench --bench classify            # 200,000 titles
//! cargo bench --bench classify -- 1000000 # another count
//! ```
//!
//! The titles are generated here, deterministically (xorshift64*, seed 42), from the curated and
//! ESCO titles the coder ships, dressed as job boards dress them: `H/F`, a city, `CDI`, `Senior`,
//! `(e)`, another job after a slash, and a typing slip in one title in ten; one title in five is
//! a word the coder does not know. Half of the titles come with a board category. Each title is
//! coded once, as a caller that caches per distinct title would. One thread.

use std::time::Instant;

use skillgap::classify::{Coder, CoderData, Context};
use skillgap::taxonomy::Taxonomy;

/// xorshift64* (Vigna, 2016): the same stream on every machine, from any non-zero seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &'a [String]) -> &'a str {
        &items[self.below(items.len())]
    }
}

/// The `title` column (the last one) of a built-in file, or the first column of titles.csv.
fn column(file: &str, index: usize) -> Vec<String> {
    let text = CoderData::built_in_file(file).expect("a built-in file");
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    rdr.records()
        .filter_map(|r| r.ok()?.get(index).map(str::to_string))
        .filter(|t| !t.is_empty())
        .collect()
}

fn titles(n: usize) -> Vec<(String, Option<String>)> {
    let mut rng = Rng(42);
    let curated = column("titles.csv", 0);
    let esco = column("occupations.csv", 2);
    let sectors = column("sectors.csv", 0);
    let cities = [
        "Casablanca",
        "Rabat",
        "Tanger",
        "Agadir",
        "Fès",
        "Marrakech",
        "Oujda",
    ];
    let tags = [
        "H/F",
        "(H/F)",
        "CDI",
        "Urgent",
        "Senior",
        "confirmé(e)",
        "F/H",
        "débutant",
    ];
    (0..n)
        .map(|i| {
            let base = match rng.below(10) {
                0..=4 => rng.pick(&curated).to_string(),
                5..=7 => rng.pick(&esco).to_string(),
                _ => format!("Zq{}x{}", rng.next() % 100_000, i % 7),
            };
            let mut t = base.clone();
            if rng.below(10) == 0 && t.len() > 6 {
                // a typing slip: two neighbouring letters swapped
                let mut chars: Vec<char> = t.chars().collect();
                let k = 1 + rng.below(chars.len() - 2);
                chars.swap(k, k + 1);
                t = chars.into_iter().collect();
            }
            if rng.below(3) == 0 {
                t = format!("{t} / {}", rng.pick(&curated));
            }
            match rng.below(4) {
                0 => t = format!("{t} {}", tags[rng.below(tags.len())]),
                1 => t = format!("{t} - {}", cities[rng.below(cities.len())]),
                2 => t = format!("{} {t} {}", tags[rng.below(tags.len())], i % 97),
                _ => {}
            }
            let sector = (rng.below(2) == 0).then(|| rng.pick(&sectors).to_string());
            (t, sector)
        })
        .collect()
}

/// Peak resident memory of this process so far, in KiB (Linux), if known.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(200_000);
    let tax = Taxonomy::default_embedded();
    let titles = titles(n);
    let rss_before = peak_rss_kib();

    let mut builds = Vec::new();
    let mut coder = None;
    for _ in 0..5 {
        let start = Instant::now();
        let data = CoderData::built_in().expect("built-in data");
        let c = Coder::new(&tax, &data).expect("built-in coder");
        builds.push(start.elapsed().as_secs_f64());
        coder = Some(c);
    }
    let coder = coder.expect("built five times");
    builds.sort_by(f64::total_cmp);
    let rss_built = peak_rss_kib();

    let mut coded = 0usize;
    let start = Instant::now();
    for (title, sector) in &titles {
        let context = Context {
            sector: sector.as_deref(),
            description: None,
        };
        coded += usize::from(coder.code(title, &context).specialisation.is_some());
    }
    let secs = start.elapsed().as_secs_f64();

    println!("occupation coder: {} phrases", coder.phrase_count());
    println!("  build (median of 5): {:.1} ms", builds[2] * 1e3);
    println!(
        "  coding: {n} titles in {:.3} s: {:.0} titles/s, {:.2} µs per title ({:.1} % given a specialisation)",
        secs,
        n as f64 / secs,
        secs * 1e6 / n as f64,
        100.0 * coded as f64 / n as f64
    );
    println!(
        "  memory: the built coder holds about {:.1} MiB",
        coder.heap_bytes() as f64 / 1_048_576.0
    );
    if let (Some(before), Some(after)) = (rss_before, rss_built) {
        println!(
            "  peak RSS: {:.1} MiB before building, {:.1} MiB after (the data files are in the binary)",
            before as f64 / 1024.0,
            after as f64 / 1024.0
        );
    }
}
