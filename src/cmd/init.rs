//! `skillgap init [DIR] [--taxonomy]`: a commented example job file to start from, and optionally
//! copies of the default taxonomy files to edit. Never overwrites: an existing file is an error,
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
output = "out/gaps-{period}.csv"

[[report]]
by = ["region"]
format = "json"                     # table, csv, json, ndjson, md, xlsx or html
output = "out/regions-{period}.json"
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
    let mut files: Vec<(PathBuf, String)> =
        vec![(args.dir.join("job.toml"), job_template(args.taxonomy))];
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
    eprintln!(
        "skillgap: wrote {}; edit it, then run `skillgap run {} --dry-run`",
        files[0].0.display(),
        files[0].0.display()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::job::Job;
    use crate::taxonomy::FILES;
    use std::path::Path;

    #[test]
    fn the_example_job_parses() {
        for taxonomy in [false, true] {
            let job = Job::parse(Path::new("job.toml"), &job_template(taxonomy)).unwrap();
            assert_eq!(job.reports.len(), 2);
            assert_eq!(job.taxonomy.is_some(), taxonomy);
        }
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
        for name in FILES {
            assert!(args.dir.join("taxonomy").join(name).is_file(), "{name}");
        }
        // the copies load as an override directory
        crate::taxonomy::Taxonomy::with_overrides(&args.dir.join("taxonomy")).unwrap();
        let err = run(&args).unwrap_err();
        assert!(err.to_string().contains("already exists"), "{err}");
    }
}
