//! The skills page: one self-contained HTML file (no network, scripts or external files), in the
//! gap page's style: summary cards, then per cell a bar chart of its top skills by share (inline
//! SVG), the skills that no programme graduating into the cell teaches drawn in red and marked
//! ✗; the uncovered skills' table, every skill listed, the data quality and the method.
//!
//! At most [`PANELS`] cells get a chart, those with the most postings (ties in the report's
//! order), with at most [`BARS`] skills each; the page says so, and the tables below, the CSV
//! and the workbook hold every cell. With `--lang ar` the page reads right to left and the bars
//! grow leftwards.
//!
//! The gap page's top skills per specialisation ([`gap_section`]) are laid out here too.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::i18n::{skills_strings, SkillsStrings};
use super::tables;
use crate::model::skills::SpecSkills;
use crate::report::html::{esc, truncate, wide_table, Html, STYLE};
use crate::report::i18n::{strings, Strings};
use crate::report::numbers::{Numbers, Style};
use crate::report::tables::Audience;
use crate::report::Reporter;
use crate::skills::report::{SkillCell, SkillsReport};
use crate::taxonomy::Lang;

/// The most cells that get a chart.
pub const PANELS: usize = 36;
/// The most skills a chart shows.
pub const BARS: usize = 10;
const TAUGHT: &str = "#2166ac";
const UNCOVERED: &str = "#b2182b";

const EXTRA_STYLE: &str = r#"
.panels{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:14px}
.panel{margin:0;border:1px solid var(--rule);border-radius:6px;padding:8px}
.panel h3{margin:0 0 4px;font-size:13px;font-weight:600}
.panel svg{width:100%;height:auto;display:block}
.key{display:inline-block;width:14px;height:10px;vertical-align:middle;margin-inline-end:4px}
.wide{overflow-x:auto}
ol.top{margin:4px 0 0;padding-inline-start:22px;font-size:14px}
ol.top .n{color:var(--muted);font-variant-numeric:tabular-nums}
"#;

impl Reporter<SkillsReport> for Html {
    fn write(&self, report: &SkillsReport, out: &mut dyn Write) -> io::Result<()> {
        let lang = self.opts.lang.unwrap_or(report.lang);
        let page = page(report, lang).map_err(|_| io::Error::other("formatting the page"))?;
        out.write_all(page.as_bytes())
    }
}

fn page(report: &SkillsReport, lang: Lang) -> Result<String, std::fmt::Error> {
    let (s, ks, n) = (
        strings(lang),
        skills_strings(lang),
        Numbers::new(Style::Html, lang),
    );
    let mut h = String::with_capacity(64 * 1024);
    writeln!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\" dir=\"{}\">",
        s.tag,
        if s.rtl { "rtl" } else { "ltr" }
    )?;
    writeln!(h, "<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")?;
    writeln!(h, "<title>{} — {}</title>", esc(ks.title), report.period)?;
    writeln!(
        h,
        "<style>{STYLE}{EXTRA_STYLE}</style>\n</head>\n<body>\n<main>"
    )?;
    let compared = match report.previous {
        Some(y) => format!(" · {} {y}", esc(ks.compared_with)),
        None => String::new(),
    };
    writeln!(
        h,
        "<header><h1>{}</h1><p class=\"sub\">{} · {} {}{compared}</p></header>",
        esc(ks.title),
        esc(ks.subtitle),
        esc(ks.year),
        report.period
    )?;
    cards(&mut h, report, s, ks, &n)?;
    charts(&mut h, report, s, ks, &n)?;
    if report.curricula {
        writeln!(h, "<section>\n<h2>{}</h2>", esc(ks.uncovered))?;
        let t = tables::uncovered(report, s, ks, Audience::People);
        if t.rows.is_empty() {
            writeln!(h, "<p>{}</p>", esc(s.none))?;
        } else {
            wide_table(&mut h, &t, s, &n)?;
        }
        writeln!(h, "</section>")?;
    }
    writeln!(h, "<section>\n<h2>{}</h2>", esc(ks.sheet_skills))?;
    if report.cells.is_empty() {
        writeln!(h, "<p>{}</p>", esc(ks.no_cells))?;
    } else {
        wide_table(
            &mut h,
            &tables::skills(report, s, ks, Audience::People),
            s,
            &n,
        )?;
    }
    writeln!(h, "</section>\n<section>\n<h2>{}</h2>", esc(s.data_quality))?;
    wide_table(&mut h, &tables::quality(report, ks), s, &n)?;
    writeln!(h, "<p class=\"note\">{}</p>\n</section>", esc(ks.reconcile))?;
    writeln!(
        h,
        "<section>\n<h2>{}</h2>\n<dl class=\"method\">",
        esc(s.method)
    )?;
    for (k, v) in super::xlsx::method_items(report, s, ks) {
        writeln!(h, "<dt>{}</dt><dd>{}</dd>", esc(k), esc(&v))?;
    }
    writeln!(h, "</dl>\n</section>")?;
    writeln!(
        h,
        "<footer>skillgap {}</footer>\n</main>\n</body>\n</html>",
        env!("CARGO_PKG_VERSION")
    )?;
    Ok(h)
}

fn cards(
    h: &mut String,
    report: &SkillsReport,
    s: &Strings,
    ks: &SkillsStrings,
    n: &Numbers,
) -> std::fmt::Result {
    writeln!(
        h,
        "<section class=\"cards\" aria-label=\"{}\">",
        esc(s.summary)
    )?;
    let sum = &report.summary;
    for (k, v) in [
        (ks.year, report.period.to_string()),
        (ks.postings, n.count(sum.in_cells)),
        (ks.cells, n.count(report.cells.len() as u64)),
        (ks.without_text, n.count(sum.without_text)),
        (ks.rejected, n.count(sum.rows_rejected)),
        (ks.unplaced, n.count(sum.unplaced)),
    ] {
        writeln!(
            h,
            "<div class=\"card\"><div class=\"k\">{}</div><div class=\"v\">{}</div></div>",
            esc(k),
            esc(&v)
        )?;
    }
    writeln!(h, "</section>")
}

/// The cells that get a chart: the most postings first, ties in the report's order.
fn charted(report: &SkillsReport) -> Vec<&SkillCell> {
    let mut cells: Vec<&SkillCell> = report.cells.iter().collect();
    cells.sort_by_key(|c| std::cmp::Reverse(c.postings));
    cells.truncate(PANELS);
    cells
}

fn charts(
    h: &mut String,
    report: &SkillsReport,
    s: &Strings,
    ks: &SkillsStrings,
    n: &Numbers,
) -> std::fmt::Result {
    if report.cells.is_empty() {
        return Ok(());
    }
    writeln!(h, "<section>\n<h2>{}</h2>", esc(ks.charts))?;
    write!(
        h,
        "<div class=\"legend\"><span><span class=\"key\" style=\"background:{TAUGHT}\"></span>{}</span>",
        esc(if report.curricula { ks.taught } else { ks.share })
    )?;
    if report.curricula {
        write!(
            h,
            "<span><span class=\"key\" style=\"background:{UNCOVERED}\"></span>✗ {}</span>",
            esc(ks.legend_uncovered)
        )?;
    }
    writeln!(h, "</div>")?;
    let shown = charted(report);
    writeln!(
        h,
        "<p class=\"note\">{} {} / {}.</p>\n<div class=\"panels\">",
        esc(ks.charts_cap),
        shown.len(),
        report.cells.len()
    )?;
    for cell in shown {
        let title = cell
            .keys
            .iter()
            .map(|(_, label)| label.as_str())
            .collect::<Vec<_>>()
            .join(" · ");
        writeln!(
            h,
            "<figure class=\"panel\"><h3>{} <span class=\"note\">({}: {})</span></h3>",
            esc(&title),
            esc(ks.postings),
            n.count(cell.postings)
        )?;
        if cell.skills.is_empty() {
            writeln!(h, "<p class=\"note\">{}</p></figure>", esc(ks.no_skills))?;
            continue;
        }
        let bars: Vec<Bar> = (cell.skills.iter().take(BARS))
            .map(|r| Bar {
                label: &r.skill_label,
                share: r.share,
                uncovered: r.taught == Some(false),
            })
            .collect();
        bar_chart(h, &title, &bars, ks, n, s.rtl)?;
        writeln!(h, "</figure>")?;
    }
    writeln!(h, "</div>\n</section>")
}

/// One bar: a skill, its share, and whether no programme here teaches it.
struct Bar<'a> {
    label: &'a str,
    share: f64,
    uncovered: bool,
}

/// A horizontal bar chart of shares (0 to 100 %, the same scale in every panel), as inline SVG;
/// mirrored on right-to-left pages (labels on the right, bars growing leftwards).
fn bar_chart(
    h: &mut String,
    title: &str,
    bars: &[Bar],
    ks: &SkillsStrings,
    n: &Numbers,
    rtl: bool,
) -> std::fmt::Result {
    const W: f64 = 340.0;
    const LABEL: f64 = 150.0;
    const VALUE: f64 = 62.0;
    const BAR_H: f64 = 14.0;
    const STEP: f64 = 19.0;
    const TOP: f64 = 4.0;
    let height = TOP + STEP * bars.len() as f64 + 2.0;
    let span = W - LABEL - VALUE;
    writeln!(
        h,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {height}\" role=\"img\" aria-label=\"{}\" font-size=\"11\" direction=\"ltr\">",
        esc(title)
    )?;
    let x = |v: f64| if rtl { W - v } else { v };
    for (i, b) in bars.iter().enumerate() {
        let y = TOP + STEP * i as f64;
        let len = (span * b.share.clamp(0.0, 1.0)).max(1.0);
        let (label_x, label_anchor) = if rtl {
            (x(LABEL - 6.0), "start")
        } else {
            (LABEL - 6.0, "end")
        };
        writeln!(
            h,
            "<text x=\"{label_x:.1}\" y=\"{:.1}\" text-anchor=\"{label_anchor}\" fill=\"#1f2933\"><title>{}</title>{}</text>",
            y + BAR_H * 0.8,
            esc(b.label),
            esc(&truncate(b.label, 24))
        )?;
        let rect_x = if rtl { W - LABEL - len } else { LABEL };
        let (fill, class) = if b.uncovered {
            (UNCOVERED, "uncovered")
        } else {
            (TAUGHT, "taught")
        };
        writeln!(
            h,
            "<rect class=\"{class}\" x=\"{rect_x:.1}\" y=\"{y:.1}\" width=\"{len:.1}\" height=\"{BAR_H}\" rx=\"2\" fill=\"{fill}\"><title>{}</title></rect>",
            esc(&format!(
                "{}: {}{}",
                b.label,
                n.percent(b.share),
                if b.uncovered { format!(" ({})", ks.legend_uncovered) } else { String::new() }
            ))
        )?;
        let (vx, value_anchor) = if rtl {
            (W - LABEL - len - 4.0, "end")
        } else {
            (LABEL + len + 4.0, "start")
        };
        writeln!(
            h,
            "<text x=\"{vx:.1}\" y=\"{:.1}\" text-anchor=\"{value_anchor}\" fill=\"{}\">{}{}</text>",
            y + BAR_H * 0.8,
            if b.uncovered { UNCOVERED } else { "#616e7c" },
            n.percent(b.share),
            if b.uncovered { " ✗" } else { "" }
        )?;
    }
    writeln!(
        h,
        "<line x1=\"{0:.1}\" x2=\"{0:.1}\" y1=\"0\" y2=\"{height}\" stroke=\"#9aa5b1\"/>",
        x(LABEL)
    )?;
    writeln!(h, "</svg>")
}

/// The gap page's section of top skills per specialisation shown: a panel per specialisation,
/// its postings and its skills by share. Nothing when there are none (the postings had no text
/// columns), so that such a page keeps its bytes.
pub(in crate::report) fn gap_section(
    h: &mut String,
    top: &[SpecSkills],
    lang: Lang,
    n: &Numbers,
) -> std::fmt::Result {
    if top.is_empty() {
        return Ok(());
    }
    let ks = skills_strings(lang);
    writeln!(
        h,
        "<section class=\"topskills\">\n<h2>{}</h2>\n<p class=\"note\">{}</p>",
        esc(ks.gap_heading),
        esc(ks.gap_note)
    )?;
    writeln!(h, "<div class=\"panels\">")?;
    for spec in top {
        writeln!(
            h,
            "<div class=\"panel\" data-spec=\"{}\"><h3>{} <span class=\"note\">({}: {})</span></h3>",
            esc(&spec.code),
            esc(&spec.label),
            esc(ks.postings),
            n.count(spec.postings)
        )?;
        if spec.skills.is_empty() {
            writeln!(h, "<p class=\"note\">{}</p></div>", esc(ks.no_skills))?;
            continue;
        }
        writeln!(h, "<ol class=\"top\">")?;
        for r in &spec.skills {
            writeln!(
                h,
                "<li data-skill=\"{}\">{} <span class=\"n\">{}</span></li>",
                esc(&r.skill),
                esc(&r.skill_label),
                n.percent(r.share)
            )?;
        }
        writeln!(h, "</ol></div>")?;
    }
    writeln!(h, "</div>\n</section>")
}

/// The styles of the gap page's top skills, written only when it has some.
pub(in crate::report) const GAP_STYLE: &str = EXTRA_STYLE;
