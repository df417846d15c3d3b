//! The occupation coder from the command line: measure it against the hand-labelled titles, survey
//! what it does with a whole export, or code one title.
//!
//! ```sh
//! # figures on the dev half, with the confusion list
//! cargo run --release --example titles -- eval --set dev --misses
//! # every set; France Travail and MarocAnnonces rows also get their text from the exports
//! cargo run --release --example titles -- eval --descriptions ../shared/data/france-travail/offres.csv \
//!     --descriptions ../shared/data/marocannonces/postings.csv
//! # share of the distinct titles of an export coded, and by which stage
//! cargo run --release --example titles -- survey postings.csv --title titles --sector domaine
//! # one title
//! cargo run --release --example titles -- code "Chargée de clientèle H/F" --sector "Banque / Finance / Assurance"
//! ```
//!
//! `--data DIR` adds the coder files found in DIR to the built-in ones, as `--taxonomy DIR` does
//! for the taxonomy.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use skillgap::classify::eval::{read_labelled, score, Labelled};
use skillgap::classify::{Coder, CoderData, Context, Reason};
use skillgap::taxonomy::Taxonomy;

#[derive(Parser)]
#[command(about = "Measure, survey or try the occupation coder")]
struct Cli {
    /// Directory with coder files that add to or replace the built-in ones.
    #[arg(long, global = true)]
    data: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Figures against the hand-labelled titles.
    Eval {
        /// The labelled titles.
        #[arg(default_value = "tests/fixtures/titles/labelled.csv")]
        labelled: PathBuf,
        /// `dev`, `test`, `test2` to `test24` or `all` (each set, then all together).
        #[arg(long, default_value = "all")]
        set: String,
        /// Also list the titles coded wrong or left uncoded.
        #[arg(long)]
        misses: bool,
        /// Also list every title the named stage decided (`esco`, `sector`, ...), right or wrong.
        #[arg(long)]
        stage: Option<String>,
        /// An export whose text is given to the coder as each labelled row's description: France
        /// Travail's offres.csv (`description`) or MarocAnnonces' postings.csv (`more_info`).
        /// May be given once for each.
        #[arg(long)]
        descriptions: Vec<PathBuf>,
    },
    /// Share of the distinct titles of an export that get a specialisation, by stage.
    Survey {
        postings: PathBuf,
        /// Header of the title column.
        #[arg(long, default_value = "titles")]
        title: String,
        /// Header of the board-category column, if the export has one.
        #[arg(long)]
        sector: Option<String>,
    },
    /// Codes one title.
    Code {
        title: String,
        #[arg(long)]
        sector: Option<String>,
        #[arg(long)]
        description: Option<String>,
    },
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        // a reader that stops early (`| head`) is no error
        Err(e)
            if e.downcast_ref::<io::Error>()
                .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("titles: error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), Box<dyn std::error::Error>> {
    let tax = Taxonomy::default_embedded();
    let data = match &cli.data {
        Some(dir) => CoderData::with_overrides(dir)?,
        None => CoderData::built_in()?,
    };
    let coder = Coder::new(&tax, &data)?;
    match cli.command {
        Command::Eval {
            labelled,
            set,
            misses,
            stage,
            descriptions,
        } => eval(
            &coder,
            &tax,
            &labelled,
            &set,
            misses,
            stage.as_deref(),
            descriptions,
        ),
        Command::Survey {
            postings,
            title,
            sector,
        } => survey(&coder, &tax, &postings, &title, sector.as_deref()),
        Command::Code {
            title,
            sector,
            description,
        } => {
            let context = Context {
                sector: sector.as_deref(),
                description: description.as_deref(),
            };
            let c = coder.code(&title, &context);
            let spec = c.specialisation.map_or("", |s| tax.spec(s).id.as_str());
            let isco = c.isco.map(|i| i.to_string()).unwrap_or_default();
            let label = c.isco.and_then(|i| coder.isco_label(i, Default::default()));
            let mut out = io::stdout().lock();
            writeln!(out, "specialisation: {spec}")?;
            writeln!(out, "isco_08:        {isco} {}", label.unwrap_or(""))?;
            writeln!(
                out,
                "decided_by:     {}",
                c.decided_by.map_or("", |d| d.as_str())
            )?;
            writeln!(out, "matched:        {}", c.matched)?;
            writeln!(
                out,
                "reason:         {}",
                c.reason.map_or("", Reason::as_str)
            )?;
            Ok(())
        }
    }
}

/// The text of each record of an export, keyed by the labelled rows' `source` (told by the
/// export's text column: France Travail's `description`, MarocAnnonces' `more_info`) and the
/// record's 1-based data-row number.
fn descriptions(
    path: &PathBuf,
    out: &mut HashMap<(&'static str, u64), String>,
) -> Result<(), Box<dyn std::error::Error>> {
    let mut rdr = csv::Reader::from_path(path)?;
    let headers = rdr.headers()?.clone();
    let known = [
        ("description", "france-travail"),
        ("more_info", "marocannonces"),
    ];
    let (column, source) = (known.iter())
        .find_map(|&(h, source)| Some((headers.iter().position(|x| x == h)?, source)))
        .ok_or_else(|| format!("{}: no `description` or `more_info` column", path.display()))?;
    for (i, rec) in rdr.records().enumerate() {
        let text = rec?.get(column).unwrap_or("").to_string();
        out.insert((source, i as u64 + 1), text);
    }
    Ok(())
}

fn eval(
    coder: &Coder,
    tax: &Taxonomy,
    path: &PathBuf,
    set: &str,
    misses: bool,
    stage: Option<&str>,
    exports: Vec<PathBuf>,
) -> Result<(), Box<dyn std::error::Error>> {
    let rows = read_labelled(&std::fs::read_to_string(path)?)?;
    let mut out = io::stdout().lock();
    let mut texts = HashMap::new();
    for p in &exports {
        descriptions(p, &mut texts)?;
    }
    let description = |r: &Labelled| -> Option<&str> {
        let n = r.row?;
        let source = ["france-travail", "marocannonces"]
            .into_iter()
            .find(|&s| s == r.source)?;
        texts.get(&(source, n)).map(String::as_str)
    };
    // the sets in the order the file first names them, then all together
    let sets: Vec<&str> = match set {
        "all" => {
            let mut sets: Vec<&str> = Vec::new();
            for r in &rows {
                if !sets.contains(&r.set.as_str()) {
                    sets.push(&r.set);
                }
            }
            sets.push("all");
            sets
        }
        s => vec![s],
    };
    for name in sets {
        let chosen = rows.iter().filter(|r| name == "all" || r.set == name);
        let chosen: Vec<&Labelled> = chosen.collect();
        for source in ["marocannonces", "france-travail", "issue"] {
            let part = chosen.iter().copied().filter(|r| r.source == source);
            let s = score(&format!("{name} / {source}"), coder, tax, part, description);
            write!(out, "{s}")?;
        }
        let s = score(name, coder, tax, chosen.iter().copied(), description);
        write!(out, "{s}")?;
        if misses {
            write!(out, "{}", s.misses_table())?;
        }
        if let Some(stage) = stage {
            for r in &chosen {
                let c = coder.code(&r.title, &r.context(description(r)));
                if c.decided_by.map(|d| d.as_str()) != Some(stage) {
                    continue;
                }
                let spec = c.specialisation.map_or("", |s| tax.spec(s).id.as_str());
                let isco = c.isco.map(|i| i.to_string()).unwrap_or_default();
                let mark = if spec == r.specialisation { "ok" } else { "NO" };
                writeln!(
                    out,
                    "  {mark} {:<50} | want {:>4} {:<22} | got {:>4} {:<22} | {}",
                    r.title.trim(),
                    r.isco_08,
                    r.specialisation,
                    isco,
                    spec,
                    c.matched
                )?;
            }
        }
        writeln!(out)?;
    }
    Ok(())
}

fn survey(
    coder: &Coder,
    tax: &Taxonomy,
    path: &PathBuf,
    title: &str,
    sector: Option<&str>,
) -> Result<(), Box<dyn std::error::Error>> {
    let mut rdr = csv::Reader::from_path(path)?;
    let headers = rdr.headers()?.clone();
    let find = |name: &str| headers.iter().position(|h| h.trim() == name);
    let t = find(title).ok_or_else(|| format!("no column `{title}`"))?;
    let s = match sector {
        Some(name) => Some(find(name).ok_or_else(|| format!("no column `{name}`"))?),
        None => None,
    };
    let mut distinct: HashMap<(String, String), u64> = HashMap::new();
    let mut rows = 0u64;
    for rec in rdr.records() {
        let rec = rec?;
        let key = (
            rec.get(t).unwrap_or("").trim().to_string(),
            s.and_then(|s| rec.get(s)).unwrap_or("").trim().to_string(),
        );
        *distinct.entry(key).or_default() += 1;
        rows += 1;
    }
    let mut stages: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    let mut keywords = (0u64, 0u64);
    for ((title, _), n) in &distinct {
        if tax.specialisation_of(title).is_some() {
            keywords.0 += 1;
            keywords.1 += n;
        }
    }
    let start = std::time::Instant::now();
    for ((title, sector), n) in &distinct {
        let context = Context {
            sector: (!sector.is_empty()).then_some(sector.as_str()),
            description: None,
        };
        let c = coder.code(title, &context);
        let stage = match (c.decided_by, c.reason) {
            (Some(by), _) => by.as_str().to_string(),
            (None, Some(r)) => format!("uncoded: {}", r.as_str()),
            (None, None) => "uncoded".to_string(),
        };
        let e = stages.entry(stage).or_default();
        e.0 += 1;
        e.1 += n;
    }
    let elapsed = start.elapsed();
    let mut out = io::stdout().lock();
    let total = distinct.len() as u64;
    let coded: u64 = (stages.iter())
        .filter(|(k, _)| !k.starts_with("uncoded"))
        .map(|(_, v)| v.0)
        .sum();
    let coded_rows: u64 = (stages.iter())
        .filter(|(k, _)| !k.starts_with("uncoded"))
        .map(|(_, v)| v.1)
        .sum();
    writeln!(
        out,
        "{}: {rows} rows, {total} distinct (title, sector) pairs, coded in {:.1} ms",
        path.display(),
        elapsed.as_secs_f64() * 1e3
    )?;
    let pct = |a: u64, b: u64| 100.0 * a as f64 / b.max(1) as f64;
    writeln!(
        out,
        "  coded: {coded} distinct ({:.1} %), {coded_rows} rows ({:.1} %)",
        pct(coded, total),
        pct(coded_rows, rows)
    )?;
    writeln!(
        out,
        "  (the taxonomy's keywords alone: {} distinct ({:.1} %), {} rows ({:.1} %))",
        keywords.0,
        pct(keywords.0, total),
        keywords.1,
        pct(keywords.1, rows)
    )?;
    for (stage, (d, r)) in &stages {
        writeln!(
            out,
            "  {stage:<20} {d:>6} distinct ({:>5.1} %) {r:>7} rows ({:>5.1} %)",
            pct(*d, total),
            pct(*r, rows)
        )?;
    }
    Ok(())
}
