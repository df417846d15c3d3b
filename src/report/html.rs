//! The HTML report: one self-contained page (no network, scripts, web fonts or external CSS) to
//! open in a browser, attach to an email or print: a headline summary, a region × specialisation
//! heatmap of the balance index, bar charts of the largest shortages and surpluses (inline SVG), the
//! ranked table, the data quality and the method.
//!
//! All text goes through [`esc`]. With `--lang ar` the page is `dir="rtl"` and the charts are
//! mirrored, so Arabic reads right to left.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::i18n::{strings, Strings};
use super::numbers::{Numbers, Style};
use super::tables::{self, Align, Audience, Kind, Table, Value};
use super::{period_text, words, Reporter, WriteOptions};
use crate::analysis::TOTAL;
use crate::indicators::rating::NO_ASSESSMENT;
use crate::model::{GapReport, GapRow, KeyCell, Status};
use crate::taxonomy::Lang;
use crate::util::thousands;

pub struct Html {
    pub opts: WriteOptions,
}

/// How many bars each chart shows.
const BARS: usize = 10;
/// How many unmapped labels the page lists.
const LISTED: usize = 20;

/// Escapes text for HTML content and double- or single-quoted attribute values.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The diverging colour of a balance index: white at 0, red towards +1 (shortage), blue towards −1
/// (surplus); and whether text on it should be white.
fn colour(b: f64) -> (String, bool) {
    let t = b.abs().min(1.0);
    let end = if b >= 0.0 {
        (178, 24, 43)
    } else {
        (33, 102, 172)
    };
    let mix = |e: u8| (255.0 + (f64::from(e) - 255.0) * t).round() as u8;
    (
        format!("#{:02x}{:02x}{:02x}", mix(end.0), mix(end.1), mix(end.2)),
        t > 0.55,
    )
}

/// `s` cut to `n` characters, the last an ellipsis, when longer.
pub(crate) fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}

pub(super) const STYLE: &str = r#"
:root{--ink:#1f2933;--muted:#616e7c;--rule:#d9dee3;--bg:#ffffff;--panel:#f5f7f9;--red:#b2182b;--blue:#2166ac}
*{box-sizing:border-box}
html{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans","Noto Naskh Arabic",Tahoma,sans-serif}
main{max-width:1120px;margin:0 auto;padding:32px 40px 48px}
header{border-bottom:3px solid var(--ink);padding-bottom:14px;margin-bottom:24px}
h1{font-size:28px;line-height:1.2;margin:0 0 6px;font-weight:700;letter-spacing:-.01em}
.sub{color:var(--muted);margin:0;font-size:15px}
h2{font-size:19px;margin:36px 0 10px;padding-bottom:4px;border-bottom:1px solid var(--rule)}
h3{font-size:15px;margin:20px 0 8px}
.cards{display:grid;grid-template-columns:repeat(3,1fr);gap:12px}
.card{background:var(--panel);border-radius:6px;padding:12px 16px}
.card .k{color:var(--muted);font-size:13px}
.card .v{font-size:24px;font-weight:650;font-variant-numeric:tabular-nums}
.card .v.small{font-size:16px;font-weight:600}
.card .v.red{color:var(--red)} .card .v.blue{color:var(--blue)}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
th,td{padding:5px 8px;border-bottom:1px solid var(--rule);text-align:start;vertical-align:top}
th{font-size:13px;color:var(--muted);font-weight:600;background:var(--panel)}
td.n,th.n{text-align:end;white-space:nowrap}
.heat{table-layout:fixed;font-size:12px}
.heat th{font-size:11px;line-height:1.25;overflow-wrap:anywhere;vertical-align:bottom;text-align:center;padding:4px 2px}
.heat th.rowh{text-align:start;width:210px;font-size:12px;vertical-align:middle;background:none;color:var(--ink);font-weight:500}
.heat td{text-align:center;border:1px solid #fff;padding:6px 2px;height:30px}
.heat td.none{background:#f0f2f4;color:#b0b8c0}
.heat td.low{background-image:repeating-linear-gradient(135deg,rgba(90,90,90,.28) 0 2px,transparent 2px 6px)}
.heat td.w{color:#fff}
.legend{display:flex;align-items:center;gap:18px;flex-wrap:wrap;font-size:12px;color:var(--muted);margin:6px 0 10px}
.ramp{display:inline-block;width:220px;height:12px;border:1px solid var(--rule);background:linear-gradient(to right,#2166ac,#ffffff,#b2182b);vertical-align:middle}
[dir=rtl] .ramp{background:linear-gradient(to left,#2166ac,#ffffff,#b2182b)}
.sw{display:inline-block;width:22px;height:12px;border:1px solid var(--rule);vertical-align:middle;background:#f6f6f6 repeating-linear-gradient(135deg,rgba(90,90,90,.35) 0 2px,transparent 2px 6px)}
.ends{display:inline-flex;justify-content:space-between;width:220px}
.charts{display:grid;grid-template-columns:1fr 1fr;gap:28px}
.charts svg{width:100%;height:auto}
.chip{display:inline-block;padding:0 8px;border-radius:10px;font-size:12px;font-weight:600}
.chip.shortage{background:#fbe3e4;color:var(--red)} .chip.surplus{background:#e1ecf7;color:var(--blue)} .chip.balanced{background:#eceff1;color:var(--muted)}
.low-mark{color:var(--muted);font-size:12px}
.note{color:var(--muted);font-size:13px}
dl.method{display:grid;grid-template-columns:max-content 1fr;gap:4px 18px;margin:0}
dl.method dt{color:var(--muted)} dl.method dd{margin:0}
ul.defs{margin:8px 0;padding-inline-start:20px}
footer{margin-top:40px;color:var(--muted);font-size:12px;border-top:1px solid var(--rule);padding-top:8px}
@media print{
 body{font-size:11pt}
 main{max-width:none;padding:0}
 h2{break-after:avoid}
 section,table.heat,.charts,.cards{break-inside:avoid}
 tr{break-inside:avoid}
 thead{display:table-header-group}
 @page{size:A4;margin:14mm}
}
"#;

/// The styles of the indicators, written only when a report has some (so that a report without
/// them keeps its bytes): rating chips, and the mark of an unassessed heatmap cell.
const INDICATOR_STYLE: &str = r#"
.chip.no-assessment{background:#fff;color:var(--muted);border:1px dashed #9aa5b1;font-style:italic}
.chip.undersupply,.chip.slight-shortage{background:#fbe3e4;color:var(--red)} .chip.oversupply,.chip.slight-surplus{background:#e1ecf7;color:var(--blue)}
.heat td.na{background-image:radial-gradient(circle,rgba(60,60,60,.45) 1px,transparent 1.5px);background-size:6px 6px;font-style:italic}
.sw.na{background:#f6f6f6 radial-gradient(circle,rgba(60,60,60,.55) 1px,transparent 1.5px);background-size:6px 6px}
"#;

impl Reporter for Html {
    fn write(&self, report: &GapReport, out: &mut dyn Write) -> io::Result<()> {
        let lang = self.opts.lang_of(report);
        let n = Numbers::new(Style::Html, lang);
        let page = page(report, lang, &n).map_err(|_| io::Error::other("formatting the page"))?;
        out.write_all(page.as_bytes())
    }
}

fn page(report: &GapReport, lang: Lang, n: &Numbers) -> Result<String, std::fmt::Error> {
    let s = strings(lang);
    let mut h = String::with_capacity(64 * 1024);
    writeln!(h, "<!DOCTYPE html>")?;
    writeln!(
        h,
        "<html lang=\"{}\" dir=\"{}\">",
        s.tag,
        if s.rtl { "rtl" } else { "ltr" }
    )?;
    writeln!(h, "<head>\n<meta charset=\"utf-8\">")?;
    writeln!(
        h,
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    )?;
    writeln!(
        h,
        "<title>{} — {}</title>",
        esc(s.title),
        esc(&period_text(report, s))
    )?;
    writeln!(h, "<style>{STYLE}</style>")?;
    if report.params.indicators.is_some() {
        writeln!(h, "<style>{INDICATOR_STYLE}</style>")?;
    }
    if !report.skills.is_empty() {
        writeln!(h, "<style>{}</style>", super::skills::html::GAP_STYLE)?;
    }
    writeln!(h, "</head>\n<body>\n<main>")?;
    writeln!(
        h,
        "<header><h1>{}</h1><p class=\"sub\">{} · {} {} ({})</p></header>",
        esc(s.title),
        esc(s.subtitle),
        esc(s.period),
        esc(&period_text(report, s)),
        esc(s.annual_averages)
    )?;
    summary(&mut h, report, s, n)?;
    heatmap(&mut h, report, s, n)?;
    charts(&mut h, report, s, n)?;
    ranking(&mut h, report, s, n)?;
    super::skills::html::gap_section(&mut h, &report.skills, lang, n)?;
    concentration(&mut h, report, s, n)?;
    quality(&mut h, report, s, n)?;
    method(&mut h, report, s)?;
    writeln!(
        h,
        "<footer>skillgap {} · schema {}</footer>\n</main>\n</body>\n</html>",
        env!("CARGO_PKG_VERSION"),
        report.schema_version
    )?;
    Ok(h)
}

fn summary(h: &mut String, report: &GapReport, s: &Strings, n: &Numbers) -> std::fmt::Result {
    let demand: f64 = report.rows.iter().map(|r| r.metrics.demand).sum();
    let supply: f64 = report.rows.iter().map(|r| r.metrics.supply).sum();
    let count = |st: Status| {
        report
            .rows
            .iter()
            .filter(|r| r.metrics.status == st)
            .count()
    };
    let top = report
        .rows
        .iter()
        .filter(|r| r.metrics.status == Status::Shortage)
        .max_by(|a, b| {
            a.metrics
                .gap
                .total_cmp(&b.metrics.gap)
                .then(b.rank.cmp(&a.rank))
        });
    writeln!(
        h,
        "<section class=\"cards\" aria-label=\"{}\">",
        esc(s.summary)
    )?;
    let card = |h: &mut String, k: &str, v: &str, class: &str| {
        writeln!(
            h,
            "<div class=\"card\"><div class=\"k\">{}</div><div class=\"v {class}\">{}</div></div>",
            esc(k),
            v
        )
    };
    card(h, s.period, &esc(&period_text(report, s)), "")?;
    card(h, s.total_demand, &n.decimal(demand, 0), "")?;
    card(h, s.total_supply, &n.decimal(supply, 0), "")?;
    card(h, s.shortages, &count(Status::Shortage).to_string(), "red")?;
    card(h, s.surpluses, &count(Status::Surplus).to_string(), "blue")?;
    let top_text = match top {
        Some(r) => format!(
            "{}<br><span class=\"note\">{} {}</span>",
            esc(&r.label()),
            esc(s.gap),
            esc(&format!("{}+{}", n.ltr_mark(), n.decimal(r.metrics.gap, 0)))
        ),
        None => esc(s.none),
    };
    card(h, s.top_shortage, &top_text, "small")?;
    writeln!(h, "</section>")
}

fn legend(h: &mut String, s: &Strings) -> std::fmt::Result {
    writeln!(
        h,
        "<div class=\"legend\"><span><span class=\"ends\"><span>−1 {}</span><span>0</span><span>+1 {}</span></span><br><span class=\"ramp\"></span></span><span><span class=\"sw\"></span> {}</span></div>",
        esc(s.legend_surplus),
        esc(s.legend_shortage),
        esc(s.legend_low)
    )
}

fn heatmap(h: &mut String, report: &GapReport, s: &Strings, n: &Numbers) -> std::fmt::Result {
    let p = &report.params;
    let &[across, down] = p.by.dims() else {
        return Ok(());
    };
    if report.rows.is_empty() {
        return Ok(());
    }
    // the first dimension across (sorted by code), the second down (by its roll-up's gap)
    let mut regions: Vec<(String, String)> = report
        .rows
        .iter()
        .filter_map(|r| r.key(across))
        .map(|k| (k.code.clone(), k.label.clone()))
        .collect();
    regions.sort();
    regions.dedup();
    // the model's roll-up of the second dimension; with `--totals`, its subtotal row last
    let rolled = (report.rollups.iter()).find(|r| r.dim == down);
    let mut specs: Vec<&KeyCell> =
        rolled.map_or(Vec::new(), |r| r.rows.iter().map(|x| &x.keys[0]).collect());
    let total = (report.rows.iter()).find_map(|r| r.key(down).filter(|k| k.code == TOTAL));
    specs.extend(total);
    writeln!(h, "<section>\n<h2>{}</h2>", esc(s.heatmap))?;
    legend(h, s)?;
    if report.rows.iter().any(|r| r.indicators.rating.is_some()) {
        writeln!(
            h,
            "<div class=\"legend\"><span><span class=\"sw na\"></span> {}</span></div>",
            esc(words::sentences(s).legend_no_assessment)
        )?;
    }
    writeln!(
        h,
        "<table class=\"heat\"><thead><tr><th class=\"rowh\"></th>"
    )?;
    for (code, name) in &regions {
        writeln!(h, "<th title=\"{}\">{}</th>", esc(code), esc(name))?;
    }
    writeln!(h, "</tr></thead><tbody>")?;
    for sp in specs {
        write!(h, "<tr><th class=\"rowh\">{}</th>", esc(&sp.label))?;
        for (code, name) in &regions {
            let cell = report.rows.iter().find(|r| {
                r.key(across).is_some_and(|k| k.code == *code)
                    && r.key(down).is_some_and(|k| k.code == sp.code)
            });
            match cell {
                None => write!(h, "<td class=\"none\">·</td>")?,
                Some(r) => {
                    let (bg, white) = colour(r.metrics.balance_index);
                    let mut class = String::new();
                    if white {
                        class.push('w');
                    }
                    if r.metrics.low_evidence {
                        class.push_str(" low");
                    }
                    if r.indicators.rating == Some(NO_ASSESSMENT) {
                        class.push_str(" na");
                    }
                    let tip = format!(
                        "{} · {}: {} {}, {} {}, {} {}{}",
                        sp.label,
                        name,
                        s.demand,
                        n.decimal(r.metrics.demand, 1),
                        s.supply,
                        n.decimal(r.metrics.supply, 1),
                        s.balance,
                        n.signed_index(r.metrics.balance_index),
                        if r.metrics.low_evidence {
                            format!(" ({})", s.low_evidence)
                        } else {
                            String::new()
                        }
                    );
                    write!(
                        h,
                        "<td class=\"{}\" style=\"background-color:{bg}\" title=\"{}\">{}</td>",
                        class.trim(),
                        esc(&tip),
                        n.signed_index(r.metrics.balance_index)
                    )?;
                }
            }
        }
        writeln!(h, "</tr>")?;
    }
    writeln!(h, "</tbody></table>")?;
    writeln!(
        h,
        "<p class=\"note\">{}</p>\n</section>",
        esc(s.heatmap_note)
    )
}

/// A horizontal bar chart of `rows` by the size of their gap, as inline SVG; mirrored for
/// right-to-left pages (labels on the right, bars growing leftwards).
fn bar_chart(
    h: &mut String,
    title: &str,
    rows: &[&GapRow],
    fill: &str,
    n: &Numbers,
    rtl: bool,
) -> std::fmt::Result {
    const W: f64 = 520.0;
    const LABEL: f64 = 250.0;
    const VALUE: f64 = 56.0;
    const BAR_H: f64 = 20.0;
    const STEP: f64 = 27.0;
    const TOP: f64 = 6.0;
    writeln!(h, "<figure style=\"margin:0\"><h3>{}</h3>", esc(title))?;
    if rows.is_empty() {
        return writeln!(h, "<p class=\"note\">—</p></figure>");
    }
    let height = TOP + STEP * rows.len() as f64 + 4.0;
    let max = rows.iter().map(|r| r.metrics.gap.abs()).fold(0.0, f64::max);
    let span = W - LABEL - VALUE - 8.0;
    writeln!(
        h,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {height}\" role=\"img\" aria-label=\"{}\" font-size=\"12\" direction=\"ltr\">",
        esc(title)
    )?;
    // x positions in a left-to-right frame, mirrored when rtl
    let x = |v: f64| if rtl { W - v } else { v };
    for (i, r) in rows.iter().enumerate() {
        let y = TOP + STEP * i as f64;
        let len = if max > 0.0 {
            span * r.metrics.gap.abs() / max
        } else {
            0.0
        };
        let len = len.max(1.0);
        let label = r.label();
        let (label_x, anchor_label) = if rtl {
            (x(LABEL - 8.0), "start")
        } else {
            (LABEL - 8.0, "end")
        };
        writeln!(
            h,
            "<text x=\"{label_x:.1}\" y=\"{:.1}\" text-anchor=\"{anchor_label}\" fill=\"#1f2933\"><title>{}</title>{}</text>",
            y + BAR_H * 0.7,
            esc(&label),
            esc(&truncate(&label, 30))
        )?;
        let rect_x = if rtl { W - LABEL - len } else { LABEL };
        writeln!(
            h,
            "<rect x=\"{rect_x:.1}\" y=\"{y:.1}\" width=\"{len:.1}\" height=\"{BAR_H}\" rx=\"2\" fill=\"{fill}\"{}/>",
            if r.metrics.low_evidence { " fill-opacity=\"0.45\"" } else { "" }
        )?;
        let (vx, anchor_v) = if rtl {
            (W - LABEL - len - 6.0, "end")
        } else {
            (LABEL + len + 6.0, "start")
        };
        let sign = if r.metrics.gap > 0.0 { "+" } else { "" };
        writeln!(
            h,
            "<text x=\"{vx:.1}\" y=\"{:.1}\" text-anchor=\"{anchor_v}\" fill=\"#616e7c\">{sign}{}</text>",
            y + BAR_H * 0.7,
            n.decimal(r.metrics.gap, 0)
        )?;
    }
    writeln!(
        h,
        "<line x1=\"{0:.1}\" x2=\"{0:.1}\" y1=\"0\" y2=\"{height}\" stroke=\"#9aa5b1\"/>",
        x(LABEL)
    )?;
    writeln!(h, "</svg></figure>")
}

fn charts(h: &mut String, report: &GapReport, s: &Strings, n: &Numbers) -> std::fmt::Result {
    let mut short: Vec<&GapRow> = report
        .rows
        .iter()
        .filter(|r| r.metrics.status == Status::Shortage)
        .collect();
    short.sort_by(|a, b| {
        b.metrics
            .gap
            .total_cmp(&a.metrics.gap)
            .then(a.rank.cmp(&b.rank))
    });
    short.truncate(BARS);
    let mut surplus: Vec<&GapRow> = report
        .rows
        .iter()
        .filter(|r| r.metrics.status == Status::Surplus)
        .collect();
    surplus.sort_by(|a, b| {
        a.metrics
            .gap
            .total_cmp(&b.metrics.gap)
            .then(a.rank.cmp(&b.rank))
    });
    surplus.truncate(BARS);
    if short.is_empty() && surplus.is_empty() {
        return Ok(());
    }
    writeln!(h, "<section class=\"charts\">")?;
    bar_chart(h, s.top_shortages, &short, "#b2182b", n, s.rtl)?;
    bar_chart(h, s.top_surpluses, &surplus, "#2166ac", n, s.rtl)?;
    writeln!(h, "</section>")
}

/// A table that may be wider than the page (a dozen columns or more): it scrolls within its box
/// instead of widening the page.
pub(crate) fn wide_table(h: &mut String, t: &Table, s: &Strings, n: &Numbers) -> std::fmt::Result {
    write!(h, "<div class=\"wide\">")?;
    write_table(h, t, s, n)?;
    writeln!(h, "</div>")
}

/// Lays a table out in HTML: right-aligned columns (numbers) with the class `n`, text escaped,
/// a status as a coloured chip with its low-evidence mark.
pub fn write_table(h: &mut String, t: &Table, s: &Strings, n: &Numbers) -> std::fmt::Result {
    write!(h, "<table><thead><tr>")?;
    for c in &t.columns {
        match c.align() {
            Align::Right => write!(h, "<th class=\"n\">{}</th>", esc(c.title))?,
            Align::Left => write!(h, "<th>{}</th>", esc(c.title))?,
        }
    }
    writeln!(h, "</tr></thead><tbody>")?;
    for row in &t.rows {
        write!(h, "<tr>")?;
        for (c, v) in t.columns.iter().zip(row) {
            let text = v.text(c.kind, n, s);
            match (c.kind, v) {
                (Kind::Rating, Value::Label(l)) if !l.is_empty() => {
                    write!(
                        h,
                        "<td><span class=\"chip {}\">{}</span></td>",
                        esc(l),
                        esc(&text)
                    )?;
                }
                (Kind::Status, Value::Status { status, .. }) => {
                    write!(
                        h,
                        "<td><span class=\"chip {}\">{}</span>",
                        status.as_str(),
                        esc(&text)
                    )?;
                    if v.is_low_evidence() {
                        write!(
                            h,
                            " <span class=\"low-mark\" title=\"{0}\">* {0}</span>",
                            esc(s.low_evidence)
                        )?;
                    }
                    write!(h, "</td>")?;
                }
                _ if c.align() == Align::Right => write!(h, "<td class=\"n\">{text}</td>")?,
                _ => write!(h, "<td>{}</td>", esc(&text))?,
            }
        }
        writeln!(h, "</tr>")?;
    }
    writeln!(h, "</tbody></table>")
}

fn ranking(h: &mut String, report: &GapReport, s: &Strings, n: &Numbers) -> std::fmt::Result {
    writeln!(h, "<section>\n<h2>{}</h2>", esc(s.ranking))?;
    if report.rows.is_empty() {
        return writeln!(h, "<p>{}</p>\n</section>", esc(s.no_rows));
    }
    let ranking = tables::ranking_for(report, s, Audience::People);
    write_table(h, &ranking, s, n)?;
    if report.rows.iter().any(|r| r.metrics.low_evidence) {
        writeln!(
            h,
            "<p class=\"note\">* {} {}: {}.</p>",
            esc(s.def_low_evidence),
            esc(s.min_count),
            n.decimal(report.params.min_count, 2)
        )?;
    }
    writeln!(h, "</section>")
}

/// The regional concentration view: where jobs and graduates are not in the same places.
fn concentration(h: &mut String, report: &GapReport, s: &Strings, n: &Numbers) -> std::fmt::Result {
    use crate::indicators::columns::Group;
    let on = (report.params.indicators.as_ref()).is_some_and(|i| i.has(Group::Concentration));
    if !on {
        return Ok(());
    }
    let w = words::sentences(s);
    writeln!(h, "<section>\n<h2>{}</h2>", esc(w.concentration))?;
    writeln!(h, "<h3>{}</h3>", esc(w.mismatches))?;
    let t = tables::concentration_of(report, s);
    if t.rows.is_empty() {
        writeln!(h, "<p class=\"note\">{}</p>", esc(s.none))?;
    } else {
        write_table(h, &t, s, n)?;
    }
    writeln!(
        h,
        "<p class=\"note\">{}</p>\n</section>",
        esc(w.concentration_note)
    )
}

fn quality(h: &mut String, report: &GapReport, s: &Strings, n: &Numbers) -> std::fmt::Result {
    let q = &report.quality;
    writeln!(h, "<section>\n<h2>{}</h2>", esc(s.data_quality))?;
    write_table(h, &tables::quality_counts(q, s), s, n)?;
    writeln!(h, "<p class=\"note\">{}</p>", esc(s.reconcile))?;
    if !q.reject_reasons.is_empty() {
        writeln!(h, "<h3>{}</h3>", esc(s.reject_reasons))?;
        writeln!(
            h,
            "<table><thead><tr><th>{}</th><th>{}</th><th class=\"n\">{}</th></tr></thead><tbody>",
            esc(s.input),
            esc(s.reason),
            esc(s.rows)
        )?;
        for (input, reason, n) in &q.reject_reasons {
            writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td></tr>",
                esc(input),
                esc(reason),
                thousands(*n)
            )?;
        }
        writeln!(h, "</tbody></table>")?;
    }
    if !q.unmapped.is_empty() {
        writeln!(h, "<h3>{}</h3>", esc(s.unmapped_labels))?;
        write!(h, "<table><thead><tr>")?;
        for t in [s.input, s.column, s.label, s.reason] {
            write!(h, "<th>{}</th>", esc(t))?;
        }
        writeln!(
            h,
            "<th class=\"n\">{}</th><th class=\"n\">{}</th><th>{}</th></tr></thead><tbody>",
            esc(s.rows),
            esc(s.units),
            esc(s.nearest_alias)
        )?;
        for u in q.unmapped.iter().take(LISTED) {
            writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
                esc(u.input),
                esc(u.column),
                if u.label.is_empty() { "<i>(empty)</i>".to_string() } else { esc(u.label) },
                esc(&u.reason.to_string()),
                thousands(u.rows),
                thousands(u.units),
                esc(u.suggestion.unwrap_or_default())
            )?;
        }
        writeln!(h, "</tbody></table>")?;
        if q.unmapped.len() > LISTED {
            writeln!(
                h,
                "<p class=\"note\">({} {})</p>",
                q.unmapped.len() - LISTED,
                esc(s.more_not_listed)
            )?;
        }
    }
    writeln!(h, "</section>")
}

fn method(h: &mut String, report: &GapReport, s: &Strings) -> std::fmt::Result {
    let p = &report.params;
    writeln!(
        h,
        "<section>\n<h2>{}</h2>\n<ul class=\"defs\">",
        esc(s.method)
    )?;
    for d in s.definitions() {
        writeln!(h, "<li>{}</li>", esc(d))?;
    }
    if let Some(ind) = &p.indicators {
        for d in words::definitions(s, &ind.groups) {
            writeln!(h, "<li>{}</li>", esc(d))?;
        }
    }
    writeln!(h, "</ul>\n<dl class=\"method\">")?;
    let mut item = |k: &str, v: &str| writeln!(h, "<dt>{}</dt><dd>{}</dd>", esc(k), esc(v));
    item(s.period, &period_text(report, s))?;
    item(s.grouping, &p.by.names().join(", "))?;
    item(s.sort, &p.sort)?;
    item(s.threshold, &p.threshold.to_string())?;
    item(s.min_count, &p.min_count.to_string())?;
    item(s.taxonomy_version, &p.taxonomy_version)?;
    if let Some(ind) = &p.indicators {
        for (k, v) in words::method_items(ind, s) {
            item(&k, &v)?;
        }
    }
    for i in &report.quality.inputs {
        let size = i
            .bytes
            .map(|b| format!(" ({} {})", thousands(b), s.bytes))
            .unwrap_or_default();
        item(
            &format!("{}: {}", s.file, i.input),
            &format!("{}{size}", i.file),
        )?;
    }
    writeln!(h, "</dl>\n</section>")
}
