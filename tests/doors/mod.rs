//! The two front doors to a report, the command line and the job file, give the same bytes for
//! the same settings: both resolve into one configuration, so a setting cannot mean one thing on
//! the command line and another in a job.

use crate::workdir::Workdir;

/// One report asked for both ways: `gap` arguments (without `-o`), and the same settings as job
/// file keys (the top level and `[inputs]`, and the keys of one `[[report]]` without `output`).
struct Case {
    name: &'static str,
    gap: &'static [&'static str],
    job_top: &'static str,
    job_report: &'static str,
}

const CASES: &[Case] = &[
    Case {
        name: "french export, named headers, families with totals",
        gap: &[
            "--postings",
            "offres.csv",
            "--graduates",
            "diplomes.csv",
            "--year",
            "2025",
            "--delimiter",
            ";",
            "--encoding",
            "utf-8",
            "--postings-columns",
            "title=Poste offert",
            "--columns-file",
            "cols.csv",
            "--dedup-days",
            "3",
            "--max-field-lines",
            "40",
            "--by",
            "family,region",
            "--sort",
            "balance",
            "--top",
            "4",
            "--min-count",
            "2",
            "--threshold",
            "0.3",
            "--lang",
            "fr",
            "--totals",
            "--show-unmapped",
            "--output-delimiter",
            ";",
            "--no-sanitize",
        ],
        job_top: r#"
postings = "offres.csv"
graduates = "diplomes.csv"
year = 2025

[inputs]
delimiter = ";"
encoding = "utf-8"
postings_columns = { title = "Poste offert" }
columns_file = "cols.csv"
dedup_days = 3
max_field_lines = 40
"#,
        job_report: r#"
by = ["family", "region"]
sort = "balance"
top = 4
min_count = 2
threshold = 0.3
lang = "fr"
totals = true
show_unmapped = true
output_delimiter = ";"
sanitize = false
"#,
    },
    Case {
        name: "a period, surpluses by specialisation, every row counted",
        gap: &[
            "--postings",
            "postings.csv",
            "--graduates",
            "graduates.csv",
            "--from",
            "2024",
            "--to",
            "2025",
            "--no-dedup",
            "--by",
            "specialisation",
            "--surpluses",
            "--sort",
            "ratio",
            "--top",
            "3",
            "--lang",
            "ar",
        ],
        job_top: r#"
postings = "postings.csv"
graduates = "graduates.csv"
from = 2024
to = 2025
dedup = false
"#,
        job_report: r#"
by = ["specialisation"]
surpluses = true
sort = "ratio"
top = 3
lang = "ar"
"#,
    },
    Case {
        name: "shortages by region with totals, the old top-level input keys",
        gap: &[
            "--postings",
            "postings.csv",
            "--graduates",
            "graduates.csv",
            "--delimiter",
            ",",
            "--by",
            "region",
            "--shortages",
            "--totals",
            "--min-count",
            "0",
        ],
        job_top: r#"
postings = "postings.csv"
graduates = "graduates.csv"
delimiter = ","
dedup = true
"#,
        job_report: r#"
by = ["region"]
shortages = true
totals = true
min_count = 0
"#,
    },
];

/// The standard fixtures, and the French ones with two headers renamed so that they must be
/// named (`Poste offert` by `--postings-columns`, `Filière proposée` by `--columns-file`).
fn inputs() -> Workdir {
    let wd = Workdir::new();
    wd.standard_inputs();
    let offres = std::fs::read_to_string(wd.fixture("postings_fr.csv")).unwrap();
    wd.write(
        "offres.csv",
        offres.replacen("Intitulé du poste", "Poste offert", 1),
    );
    let diplomes = std::fs::read_to_string(wd.fixture("graduates_fr.csv")).unwrap();
    wd.write(
        "diplomes.csv",
        diplomes.replacen("Filière", "Filière proposée", 1),
    );
    wd.write(
        "cols.csv",
        "input,column,header\ngraduates,field,Filière proposée\n",
    );
    wd.write("cli/.keep", "");
    wd
}

#[test]
fn a_job_and_the_command_line_write_the_same_bytes() {
    let wd = inputs();
    for case in CASES {
        for ext in ["csv", "json", "md", "xlsx"] {
            let cli_out = format!("cli/report.{ext}");
            let mut args = vec!["gap"];
            args.extend_from_slice(case.gap);
            args.extend(["-o", cli_out.as_str()]);
            wd.run(&args).expect_success();

            let job_out = format!("job/report.{ext}");
            let job = format!(
                "{}\n[[report]]\n{}output = \"{job_out}\"\n",
                case.job_top, case.job_report
            );
            wd.write("job.toml", job);
            wd.run(&["run", "job.toml"]).expect_success();

            let read = |p: &str| std::fs::read(wd.path().join(p)).unwrap();
            assert!(
                read(&cli_out) == read(&job_out),
                "{}: the {ext} reports differ:\n--- gap ---\n{}\n--- run ---\n{}",
                case.name,
                String::from_utf8_lossy(&read(&cli_out)),
                String::from_utf8_lossy(&read(&job_out)),
            );
        }
    }
}
