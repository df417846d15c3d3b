//! Snapshot tests of every format on a small hand-built report, and read-back tests of the xlsx
//! workbook. Snapshots live in `snapshots/`; to update them after an intended change, run
//! `INSTA_UPDATE=always cargo test report` and review the diff.

use std::io::Cursor;

use super::{configured, for_format, Format, WriteOptions};
use crate::analysis::roll_up;
use crate::analysis::{keep_status, SortKey};
use crate::dims::{Dim, Grouping};
use crate::model::{
    DataQuality, GapReport, GapRow, InputQuality, KeyCell, ListedLabel, Metrics, Params, Status,
    UnmappedList, SCHEMA_VERSION,
};
use crate::normalise::{UnmappedReason, UnmappedTable};
use crate::taxonomy::Lang;

#[allow(clippy::too_many_arguments)]
fn row(
    rank: usize,
    (code, region): (&str, &str),
    (spec, label): (&str, &str),
    demand: f64,
    supply: f64,
    ratio: Option<f64>,
    balance_index: f64,
    status: Status,
    low_evidence: bool,
) -> GapRow {
    let cell = |dim, code: &str, label: &str| KeyCell {
        dim,
        code: code.into(),
        label: label.into(),
    };
    GapRow {
        rank,
        keys: vec![
            cell(Dim::Region, code, region),
            cell(Dim::Specialisation, spec, label),
        ],
        metrics: Metrics {
            demand,
            supply,
            gap: crate::analysis::round_to(demand - supply, 2),
            ratio,
            balance_index,
            status,
            low_evidence,
        },
        indicators: Default::default(),
    }
}

fn input(name: &str, unit: &str, file: &str) -> InputQuality {
    InputQuality {
        input: name.into(),
        file: file.into(),
        bytes: Some(12_345),
        sha256: Some("ab".repeat(32)),
        encoding: "UTF-8".into(),
        unit: unit.into(),
        rows_read: 1200,
        rows_counted: 1090,
        rows_split: 0,
        rows_unmapped: 60,
        rows_abroad: 0,
        rows_rejected: 25,
        rows_outside_period: 15,
        rows_duplicate: 10,
        duplicates_same_id: 7,
        duplicates_identical: 0,
        duplicates_syndicated: 3,
        rows_total: 0,
        units_read: 1500,
        units_counted: 1368,
        units_split: 0,
        units_unmapped: 70,
        units_abroad: 0,
        units_rejected: 30,
        units_outside_period: 20,
        units_duplicate: 12,
    }
}

/// Three rows: a shortage, a low-evidence shortage with no supply (ratio undefined) whose label
/// looks like a spreadsheet formula, and a surplus.
/// One unmapped city of the postings, with a suggestion.
fn one_unmapped_label() -> UnmappedList {
    let mut table = UnmappedTable::default();
    let id = table.intern("city", "Ville <X> | inconnue", UnmappedReason::Unknown);
    let listed = ListedLabel {
        rows: 60,
        units: 70,
        id,
        input: 0,
    };
    let mut list = UnmappedList::new(table.labels().clone(), vec!["postings"], vec![listed]);
    list.suggest(1, |_| Some("ville".into()));
    list
}

fn report(lang: Lang) -> GapReport {
    let ar = lang == Lang::Ar;
    let pick = |en: &'static str, a: &'static str| if ar { a } else { en };
    let mut r = GapReport {
        schema_version: SCHEMA_VERSION,
        params: Params {
            period_from: 2023,
            period_to: 2024,
            years: 2,
            by: Grouping::region_by_specialisation(),
            sort: "gap".into(),
            min_count: 10.0,
            threshold: 0.2,
            show_unmapped: false,
            top: None,
            lang,
            taxonomy_version: "2025.1".into(),
            dedup_days: Some(7),
            indicators: None,
        },
        rows: vec![
            row(
                1,
                ("MA-06", pick("Casablanca-Settat", "الدار البيضاء سطات")),
                ("cybersecurity", pick("Cybersecurity", "الأمن السيبراني")),
                120.0,
                40.0,
                Some(3.0),
                0.5,
                Status::Shortage,
                false,
            ),
            row(
                2,
                (
                    "MA-01",
                    pick("Tanger-Tétouan-Al Hoceïma", "طنجة تطوان الحسيمة"),
                ),
                ("data_science", "=HYPERLINK(\"http://x\") <b>|data|</b>"),
                6.0,
                0.0,
                None,
                1.0,
                Status::Shortage,
                true,
            ),
            row(
                3,
                ("MA-04", pick("Rabat-Salé-Kénitra", "الرباط سلا القنيطرة")),
                ("accounting", pick("Accounting", "المحاسبة")),
                10.0,
                55.5,
                Some(0.1802),
                -0.6947,
                Status::Surplus,
                false,
            ),
        ],
        rollups: Vec::new(),
        mismatches: Vec::new(),
        skills: Vec::new(),
        quality: DataQuality {
            inputs: vec![
                input("postings", "vacancies", "postings.csv"),
                input("graduates", "graduates", "graduates.csv"),
            ],
            reject_reasons: vec![("postings".into(), "invalid date".into(), 25)],
            rejects: Vec::new(),
            unmapped: one_unmapped_label(),
            abroad: Vec::new(),
            decided: Vec::new(),
        },
    };
    // the roll-ups, as the pipeline makes them from the ranked rows
    r.rollups = (r.params.by.dims().iter())
        .map(|&dim| crate::model::RollUp {
            dim,
            rows: roll_up(&r.rows, dim, r.params.threshold, r.params.min_count),
        })
        .collect();
    r
}

fn render(format: Format, report: &GapReport) -> String {
    let mut buf = Vec::new();
    for_format(format).write(report, &mut buf).unwrap();
    String::from_utf8(buf).unwrap()
}

#[test]
fn table_snapshot() {
    insta::assert_snapshot!(render(Format::Table, &report(Lang::En)));
}

#[test]
fn table_french_headings() {
    let out = render(Format::Table, &report(Lang::Fr));
    assert!(out.contains("Demande/an"), "{out}");
    assert!(out.contains("pénurie"), "{out}");
}

#[test]
fn csv_snapshot() {
    insta::assert_snapshot!(render(Format::Csv, &report(Lang::En)));
}

#[test]
fn csv_keeps_english_header_and_takes_an_output_delimiter() {
    let mut buf = Vec::new();
    configured(
        Format::Csv,
        &WriteOptions {
            csv_delimiter: b';',
            ..WriteOptions::default()
        },
    )
    .write(&report(Lang::Fr), &mut buf)
    .unwrap();
    let out = String::from_utf8(buf).unwrap();
    let header = out.lines().next().unwrap();
    assert_eq!(
        header,
        "region_code;region;specialisation;specialisation_label;demand;supply;gap;ratio;\
         balance_index;status;low_evidence"
    );
    assert!(out.contains(
        "MA-06;Casablanca-Settat;cybersecurity;Cybersecurity;120;40;80;3;0.5;shortage;false"
    ));
}

#[test]
fn markdown_snapshot() {
    insta::assert_snapshot!(render(Format::Markdown, &report(Lang::En)));
}

#[test]
fn markdown_arabic_snapshot() {
    insta::assert_snapshot!(render(Format::Markdown, &report(Lang::Ar)));
}

#[test]
fn markdown_escapes_cells() {
    let out = render(Format::Markdown, &report(Lang::En));
    assert!(out.contains(r"\<b\>\|data\|\</b\>"), "{out}");
    // every ranking line has the same number of unescaped pipes
    let pipes = |l: &str| l.replace(r"\|", "").matches('|').count();
    let lines: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("| "))
        .take(5)
        .collect();
    assert!(
        lines.iter().all(|l| pipes(l) == pipes(lines[0])),
        "{lines:?}"
    );
}

#[test]
fn ndjson_snapshot_one_object_per_row() {
    let out = render(Format::Ndjson, &report(Lang::En));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3);
    for (i, l) in lines.iter().enumerate() {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        assert_eq!(v["rank"], i + 1);
    }
    insta::assert_snapshot!(out);
}

#[test]
fn html_snapshot() {
    insta::assert_snapshot!(render(Format::Html, &report(Lang::En)));
}

#[test]
fn html_arabic_is_right_to_left() {
    let out = render(Format::Html, &report(Lang::Ar));
    assert!(out.contains(r#"<html lang="ar" dir="rtl">"#));
    assert!(out.contains("الأمن السيبراني"));
    insta::assert_snapshot!(out);
}

#[test]
fn html_escapes_text_and_is_self_contained() {
    let out = render(Format::Html, &report(Lang::En));
    assert!(!out.contains("<b>|data|"), "label not escaped");
    assert!(out.contains("&lt;b&gt;|data|&lt;/b&gt;"));
    assert!(out.contains("Ville &lt;X&gt; | inconnue"));
    for needle in ["<script", "<link", "@import", "http://", "https://"] {
        // the only URL allowed is the SVG namespace, and the escaped one in the label
        let hits = out.matches(needle).count();
        let allowed = match needle {
            "http://" => {
                out.matches("http://www.w3.org/2000/svg").count()
                    + out.matches("HYPERLINK(&quot;http://").count()
            }
            _ => 0,
        };
        assert_eq!(hits, allowed, "{needle}");
    }
    assert!(out.contains("@media print"));
}

#[test]
fn html_escape_function() {
    assert_eq!(
        super::html::esc(r#"<a href="x">'&'</a>"#),
        "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
    );
}

#[test]
fn a_text_longer_than_a_cell_is_cut_and_marked() {
    use super::xlsx::{fit_cell, MAX_CELL_CHARS, TRUNCATED};
    // 32,767 characters of two bytes each fit as they are
    let fits = "é".repeat(MAX_CELL_CHARS);
    assert_eq!(fit_cell(&fits), fits.as_str());
    let long = "é".repeat(MAX_CELL_CHARS + 1);
    let cut = fit_cell(&long);
    assert_eq!(cut.chars().count(), MAX_CELL_CHARS);
    assert!(cut.ends_with(TRUNCATED));
    assert!(cut.starts_with(&"é".repeat(MAX_CELL_CHARS - TRUNCATED.len())));
    // formula-like text is left as it is: a string cell is never evaluated
    assert_eq!(fit_cell("=1+1"), "=1+1");
}

fn xlsx_bytes(report: &GapReport) -> Vec<u8> {
    let mut buf = Vec::new();
    for_format(Format::Xlsx).write(report, &mut buf).unwrap();
    buf
}

#[test]
fn xlsx_reads_back_with_the_model_numbers() {
    use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
    let report = report(Lang::En);
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(xlsx_bytes(&report))).unwrap();
    assert_eq!(
        wb.sheet_names(),
        [
            "Gaps",
            "By region",
            "By specialisation",
            "Data quality",
            "Method"
        ]
    );
    let gaps = wb.worksheet_range("Gaps").unwrap();
    let header: Vec<String> = gaps
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        header,
        [
            "#",
            "Region code",
            "Region",
            "Specialisation id",
            "Specialisation",
            "Demand/yr",
            "Supply/yr",
            "Gap",
            "Ratio",
            "Balance",
            "Status",
            "Low evidence"
        ]
    );
    let float = |d: &Data| match d {
        Data::Float(x) => *x,
        Data::Int(x) => *x as f64,
        other => panic!("not a number cell: {other:?}"),
    };
    for (r, cells) in report.rows.iter().zip(gaps.rows().skip(1)) {
        assert_eq!(float(&cells[0]), r.rank as f64);
        assert_eq!(float(&cells[5]), r.metrics.demand);
        assert_eq!(float(&cells[6]), r.metrics.supply);
        assert_eq!(float(&cells[7]), r.metrics.gap);
        match r.metrics.ratio {
            Some(x) => assert_eq!(float(&cells[8]), x),
            None => assert_eq!(cells[8], Data::Empty),
        }
        assert_eq!(float(&cells[9]), r.metrics.balance_index);
    }
    assert_eq!(gaps.height(), report.rows.len() + 1);
    // the formula-like label is a string cell as it is, not a formula, and has no `'` before it
    let label = gaps.get((2, 4)).unwrap();
    assert_eq!(
        label,
        &Data::String("=HYPERLINK(\"http://x\") <b>|data|</b>".into())
    );
    assert!(wb
        .worksheet_formula("Gaps")
        .unwrap()
        .used_cells()
        .next()
        .is_none());

    let by_region = wb.worksheet_range("By region").unwrap();
    assert_eq!(by_region.height(), 4);
    let first: Vec<String> = by_region
        .rows()
        .nth(1)
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        first[..5],
        ["MA-06", "Casablanca-Settat", "120", "40", "80"]
    );
}

#[test]
fn xlsx_sheet_names_follow_the_language() {
    use calamine::{open_workbook_from_rs, Reader, Xlsx};
    let wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(xlsx_bytes(&report(Lang::Fr)))).unwrap();
    assert_eq!(
        wb.sheet_names(),
        [
            "Écarts",
            "Par région",
            "Par spécialité",
            "Qualité des données",
            "Méthode"
        ]
    );
}

#[test]
fn roll_up_sums_and_recomputes() {
    let mut rows = report(Lang::En).rows;
    rows.push(row(
        4,
        ("MA-06", "Casablanca-Settat"),
        ("accounting", "Accounting"),
        20.0,
        20.0,
        Some(1.0),
        0.0,
        Status::Balanced,
        false,
    ));
    let by_spec = roll_up(&rows, Dim::Specialisation, 0.2, 10.0);
    let acc = by_spec.iter().find(|x| spec(x) == "accounting").unwrap();
    let m = acc.metrics;
    assert_eq!((m.demand, m.supply, m.gap), (30.0, 75.5, -45.5));
    assert_eq!(m.ratio, Some(0.3974));
    assert_eq!(m.balance_index, -0.4313);
    let ds = by_spec.iter().find(|x| spec(x) == "data_science").unwrap();
    assert_eq!(ds.metrics.ratio, None);
    // sorted by gap, largest first
    assert_eq!(spec(&by_spec[0]), "cybersecurity");
}

/// The specialisation id of a row.
fn spec(r: &GapRow) -> &str {
    &r.key(Dim::Specialisation).unwrap().code
}

#[test]
fn keep_status_filters_then_takes_the_top_and_renumbers() {
    let mut rows = report(Lang::En).rows;
    keep_status(&mut rows, Status::Surplus, SortKey::Gap, None);
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].rank, spec(&rows[0])), (1, "accounting"));
    let mut rows = report(Lang::En).rows;
    keep_status(&mut rows, Status::Shortage, SortKey::Gap, Some(1));
    assert_eq!(rows.len(), 1);
    assert_eq!(spec(&rows[0]), "cybersecurity");
}

#[test]
fn surpluses_come_largest_first() {
    // three surpluses in ranking order (gap descending): -1, -5, -5, -9
    let base = report(Lang::En)
        .rows
        .into_iter()
        .find(|r| r.metrics.status == Status::Surplus)
        .unwrap();
    let row = |spec: &str, gap: f64| {
        let mut r = base.clone();
        r.keys[1].code = spec.to_string();
        r.metrics.gap = gap;
        r
    };
    let mut rows = vec![
        row("a", -1.0),
        row("b", -5.0),
        row("c", -5.0),
        row("d", -9.0),
    ];
    keep_status(&mut rows, Status::Surplus, SortKey::Gap, Some(3));
    let order: Vec<_> = rows.iter().map(|r| (r.rank, spec(r).to_string())).collect();
    assert_eq!(order, [(1, "d".into()), (2, "b".into()), (3, "c".into())]);
}

#[test]
fn formats_from_extensions() {
    use std::path::Path;
    for (p, f) in [
        ("r.xlsx", Format::Xlsx),
        ("r.HTML", Format::Html),
        ("r.md", Format::Markdown),
        ("r.ndjson", Format::Ndjson),
        ("r.jsonl", Format::Ndjson),
        ("r.csv", Format::Csv),
        ("r.parquet", Format::Parquet),
        ("r.pq", Format::Parquet),
    ] {
        assert_eq!(Format::from_extension(Path::new(p)), Some(f), "{p}");
    }
    assert!(Format::Xlsx.is_binary());
    assert!(!Format::Html.is_binary());
    assert!(Format::Parquet.is_binary() && !Format::Parquet.needs_file());
    assert!(Format::Xlsx.needs_file());
}

#[test]
fn format_names_are_the_command_line_values() {
    use clap::ValueEnum;
    for f in Format::value_variants() {
        assert_eq!(f.to_possible_value().unwrap().get_name(), f.name());
    }
}
