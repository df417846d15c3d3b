//! `skillgap init [DIR] [--taxonomy]`: a commented example job file to start from, an example
//! targets file with the national targets and their sources (for `trend`), an example
//! assumptions file (for `--assumptions`), and optionally copies of the default taxonomy files to
//! edit. Never overwrites: an existing file is an error,
//! checked for every file before any is written.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::PathBuf;

use crate::cli::InitArgs;
use crate::error::Error;
use crate::job::JobError;
use crate::log;

/// The example job file; `{taxonomy}` becomes the taxonomy line.
const JOB_TEMPLATE: &str = r#"# skillgap job file: run it with `skillgap run job.toml` (check it first with --dry-run).
# Paths are relative to this file's directory. Unknown keys are errors.

# Job postings (demand): a path or a glob, or a list of them; several files are read as one.
postings = "postings*.csv"
# Graduate output (supply).
graduates = "graduates.csv"
{taxonomy}
# The period: one year, or from/to (averages are per year). Leave both out for the latest year
# present in both inputs.
# year = 2025
# from = 2023
# to = 2025

# Duplicate postings: the same posting_id and source, identical rows without a posting_id, or
# the same title, company and city within dedup_days days of the first copy, are one posting.
# `dedup = false` counts every row.
# dedup = true
# dedup_days = 7

# Write every rejected row to this CSV file (may use {date} and {period}).
# rejects = "out/rejects-{period}.csv"

# Data-quality thresholds, in percent. When breached, the reports are still written but the run
# exits with status 3. Unmapped: rows in the period whose region or specialisation is unknown.
# max_reject_rate = 5
# max_unmapped_rate = 10

# Where to write the manifest (inputs, outputs, checksums); default: beside the first report.
# manifest = "out/manifest.json"

# Assumptions that turn postings into openings and graduates into entrants (coverage, entry
# rates, leakage, lag): see assumptions.toml beside this file. Stated in every report.
# assumptions = "assumptions.toml"

# How to read the inputs: the input options of `skillgap gap`, by the same names.
[inputs]
# Field delimiter and text encoding of the inputs (both detected by default).
# delimiter = ";"
# encoding = "windows-1252"
# Headers skillgap does not know, named per column (or in a columns file: input,column,header).
# postings_columns = { region = "Lieu de travail", title = "Intitulé" }
# graduates_columns = { field = "Intitulé de la filière" }
# columns_file = "columns.csv"
# For postings exports without a date column: count every row in this year.
# postings_year = 2025
# The sheet of workbook inputs (.xlsx, .xls, .ods), by name or number (default: the first with data).
# sheet = "Feuil1"

# One [[report]] table per report. Output paths may use {date} (today, UTC, YYYY-MM-DD) and
# {period} (e.g. 2025 or 2023-2025). The format follows the extension unless `format` is set.
[[report]]
by = ["region", "specialisation"]   # region, specialisation, or both
sort = "gap"                        # gap, ratio or balance
top = 20                            # keep the first N rows
show_unmapped = false               # also rank rows that could not be placed
# min_count = 10                    # low evidence below this many per year
# threshold = 0.2                   # shortage above +T, surplus below -T (balance index)
# lang = "fr"                       # en, fr or ar
# shortages = true                  # keep only the shortages (or: surpluses = true)
# totals = true                     # append subtotals per region, per specialisation, national
# output_delimiter = ";"            # csv delimiter
# sanitize = false                  # write formula-like text cells as they are
# rating = "threshold"              # a rating beside the status: threshold or bands
# concentration = true              # location quotients and rates per 100,000 inhabitants
# columns = ["rating", "lq_demand"] # extra csv columns (see `skillgap gap --help`)
output = "out/gaps-{period}.csv"

[[report]]
by = ["region"]
format = "json"                     # table, csv, json, ndjson, md, xlsx or html
output = "out/regions-{period}.json"

# One [[trend]] table per trend report: the options of `skillgap trend`, by the same names. It
# needs 3 or more years in both inputs; `targets.toml`, written beside this file, holds the
# national targets to assess.
# [[trend]]
# by = ["specialisation"]
# horizon = 2030                    # project up to this year
# backtest = 1                      # hold back the last K observed years to measure the error
# from = 2020                       # the observed years (default: every year of both inputs)
# to = 2025
# targets = "targets.toml"
# output = "out/trend.xlsx"         # sheets Trend, Cells, Backtest, Targets, ...

# One [[skills]] table per skills report: the options of `skillgap skills`, by the same names. It
# searches the postings' text columns (description, skills or competences, languages).
# [[skills]]
# by = ["specialisation"]           # region, specialisation or family
# top = 20                          # skills listed per cell (0: all)
# year = 2025                       # or from/to (default: the job's period)
# curricula = "curricula.csv"       # programme,skill[,hours]: the demanded skills no programme teaches
# lang = "fr"                       # en, fr or ar
# output = "out/skills-{period}.html" # csv, json, md, xlsx, html or parquet, by extension or `format`
"#;

/// The example assumptions file. The values are examples, each with the source an analyst would
/// cite for it; every value left out is the identity.
pub const ASSUMPTIONS_TEMPLATE: &str = r#"# skillgap assumptions: `skillgap gap --assumptions assumptions.toml`, or `assumptions =
# "assumptions.toml"` in a job file. Without this file skillgap counts postings and graduates as
# they are (coverage 1, entry rate 1, leakage 0, lag 0); every value below is an EXAMPLE, to be
# replaced by your own estimate and its source. A value is a number, or a range
# { low = .., central = .., high = .. }: the reports then give demand, supply and gap as a range.
# Unknown keys, rates outside [0, 1] and a coverage of 0 are errors.

# Graduates of year Y look for work in year Y + lag_years (they are counted in that year).
# Source: the insertion surveys of graduates (e.g. HCP, Enquête nationale sur l'emploi; OFPPT
# graduate tracer studies) give the usual delay between graduation and first job.
lag_years = 1

# [coverage]: the share of all openings that one board's postings represent, by the `source`
# column of the postings (keys compared without case or accents). A posting on a board of
# coverage c stands for 1/c openings. Openings are growth plus replacement: Cedefop's skills
# forecast finds about 93 % of EU job openings are replacement demand, and the US BLS (JOLTS)
# counts openings as growth plus separations; an online board sees only part of them. Cite the
# board's own figures or a comparison with a survey of hiring (HCP, ANAPEC placements).
[coverage]
rekrute = { low = 0.25, central = 0.35, high = 0.45 }
default = 1.0

# [entry_rate]: the share of a level's graduates who enter the labour market in their field,
# by the `level` column of the graduates (the rest continue studying or work in another field).
# Source: graduate tracer studies (OFPPT, universities), HCP's insertion surveys.
[entry_rate]
"Technicien spécialisé" = { low = 0.6, central = 0.7, high = 0.8 }
default = 1.0

# [leakage]: the share of graduates lost to emigration, by specialisation id or family id
# (`skillgap taxonomy specialisations` lists them; a specialisation's own entry comes first).
# Source: Morocco's IT employers' federation (APEBI) reports about 600 IT engineers leaving a
# year; divide by the graduates of the field for a rate.
[leakage]
ict = 0.08
"#;

/// The example job file, with or without a local taxonomy directory.
pub fn job_template(taxonomy: bool) -> String {
    let line = if taxonomy {
        "# Taxonomy overrides: these files extend or replace the built-in taxonomy.\ntaxonomy = \"taxonomy\"\n"
    } else {
        "# A directory of taxonomy overrides (`skillgap init --taxonomy` writes one to edit).\n# taxonomy = \"taxonomy\"\n"
    };
    JOB_TEMPLATE.replace("{taxonomy}", line)
}

/// Writes the files; refuses if any exists.
pub fn run(args: &InitArgs) -> Result<(), Error> {
    let mut files: Vec<(PathBuf, String)> = vec![
        (args.dir.join("job.toml"), job_template(args.taxonomy)),
        (
            args.dir.join("targets.toml"),
            crate::outlook::targets::EXAMPLE_TARGETS.to_string(),
        ),
        (
            args.dir.join("assumptions.toml"),
            ASSUMPTIONS_TEMPLATE.to_string(),
        ),
    ];
    if args.taxonomy {
        let dir = args.dir.join("taxonomy");
        files.extend(
            crate::taxonomy::default_files().map(|(name, text)| (dir.join(name), text.to_string())),
        );
    }
    if let Some((path, _)) = files.iter().find(|(p, _)| p.exists()) {
        return Err(JobError::Exists { path: path.clone() }.into());
    }
    for (path, text) in &files {
        let fail = |source| JobError::Write {
            path: path.clone(),
            source,
        };
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(fail)?;
        }
        // create_new: a file that appeared since the check is still not overwritten
        let mut f = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .map_err(fail)?;
        f.write_all(text.as_bytes()).map_err(fail)?;
        log::info(format!("wrote {}", path.display()));
    }
    crate::log::stderr_line(&format!(
        "skillgap: wrote {}; edit it, then run `skillgap run {} --dry-run`",
        files[0].0.display(),
        files[0].0.display()
    ));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::job::Job;
    use crate::taxonomy::FILES;
    use std::path::Path;

    /// `text` with the commented table `table` uncommented, up to the blank line that ends it.
    fn uncomment(text: &str, table: &str) -> String {
        let mut inside = false;
        let lines: Vec<&str> = (text.lines())
            .map(|l| {
                inside = (inside && !l.is_empty()) || l == format!("# {table}");
                if inside {
                    l.strip_prefix("# ").unwrap_or(l)
                } else {
                    l
                }
            })
            .collect();
        lines.join("\n")
    }

    #[test]
    fn the_example_job_parses() {
        for taxonomy in [false, true] {
            let job = Job::parse(Path::new("job.toml"), &job_template(taxonomy)).unwrap();
            assert_eq!(job.reports.len(), 2);
            assert_eq!(job.taxonomy.is_some(), taxonomy);
        }
        // the commented [[trend]] table, uncommented, parses too
        let text = job_template(false);
        let job = Job::parse(Path::new("job.toml"), &uncomment(&text, "[[trend]]")).unwrap();
        assert_eq!(job.trends.len(), 1);
        assert_eq!(job.trends[0].horizon, Some(2030));
        assert_eq!(job.trends[0].targets.as_deref(), Some("targets.toml"));
        // and so does the commented [[skills]] table
        let job = Job::parse(Path::new("job.toml"), &uncomment(&text, "[[skills]]")).unwrap();
        assert_eq!(job.skills.len(), 1);
        let s = &job.skills[0];
        assert_eq!((s.top, s.year), (Some(20), Some(2025)));
        assert_eq!(s.curricula.as_deref(), Some("curricula.csv"));
        assert_eq!(s.format(), crate::report::skills::SkillsFormat::Html);
    }

    #[test]
    fn the_example_assumptions_parse_and_use_their_ranges() {
        let a = crate::indicators::Assumptions::parse(
            Path::new("assumptions.toml"),
            ASSUMPTIONS_TEMPLATE,
        )
        .unwrap();
        assert_eq!(a.lag_years, 1);
        assert!(a.has_ranges() && !a.is_identity());
        assert_eq!(a.coverage("ReKrute").central, 0.35);
        assert_eq!(a.leakage("cloud", "ict").central, 0.08);
        // the job's commented key, uncommented, names the file
        let job = job_template(false).replace("# assumptions = ", "assumptions = ");
        let job = Job::parse(Path::new("job.toml"), &job).unwrap();
        assert_eq!(job.assumptions.as_deref(), Some("assumptions.toml"));
    }

    #[test]
    fn writes_job_and_taxonomy_and_refuses_to_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let args = InitArgs {
            dir: dir.path().join("new"),
            taxonomy: true,
        };
        run(&args).unwrap();
        assert!(args.dir.join("job.toml").is_file());
        let targets = crate::outlook::targets::load(&args.dir.join("targets.toml")).unwrap();
        assert_eq!(targets.len(), 2);
        assert!(args.dir.join("assumptions.toml").is_file());
        for name in FILES {
            assert!(args.dir.join("taxonomy").join(name).is_file(), "{name}");
        }
        // the copies load as an override directory
        crate::taxonomy::Taxonomy::with_overrides(&args.dir.join("taxonomy")).unwrap();
        let err = run(&args).unwrap_err();
        assert!(err.to_string().contains("already exists"), "{err}");
    }
}
