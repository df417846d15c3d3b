//! The trend page: one self-contained HTML file (no network, scripts or external files), in the
//! gap page's style: summary cards, the backtest first, small-multiple line charts of demand and
//! supply per cell (inline SVG: observed years solid, projected years dashed inside their 90 %
//! band), the targets with their own charts and the target marked, the cells' table, the data
//! quality and the method.
//!
//! At most [`PANELS`] cells get a chart, the first of the ranking; the page says so, and the CSV
//! and the workbook hold every cell. The time axis runs left to right in every language (as the
//! years of a calendar do); with `--lang ar` the page around the charts reads right to left.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::i18n::{trend_strings, TrendStrings};
use super::tables;
use crate::model::trend::{Estimate, PointKind, TargetRow, TrendReport};
use crate::report::html::{esc, wide_table, Html, STYLE};
use crate::report::i18n::{strings, Strings};
use crate::report::numbers::{Numbers, Style};
use crate::report::tables::{quality_counts, Audience};
use crate::report::Reporter;

/// The most cells that get a chart.
pub const PANELS: usize = 24;
const DEMAND: &str = "#b2182b";
const SUPPLY: &str = "#2166ac";
const TARGET: &str = "#1f2933";

const EXTRA_STYLE: &str = r#"
.panels{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:14px}
.panel{margin:0;border:1px solid var(--rule);border-radius:6px;padding:8px}
.panel h3{margin:0 0 4px;font-size:13px;font-weight:600}
.panel svg{width:100%;height:auto;display:block}
.key{display:inline-block;width:18px;height:3px;vertical-align:middle;margin-inline-end:4px}
.verdict{font-weight:600}
.wide{overflow-x:auto}
"#;

impl Reporter<TrendReport> for Html {
    fn write(&self, report: &TrendReport, out: &mut dyn Write) -> io::Result<()> {
        let lang = self.opts.lang.unwrap_or(report.params.lang);
        let n = Numbers::new(Style::Html, lang);
        let page = page(report, strings(lang), trend_strings(lang), &n)
            .map_err(|_| io::Error::other("formatting the page"))?;
        out.write_all(page.as_bytes())
    }
}

fn page(
    report: &TrendReport,
    s: &Strings,
    ts: &'static TrendStrings,
    n: &Numbers,
) -> Result<String, std::fmt::Error> {
    let p = &report.params;
    let mut h = String::with_capacity(128 * 1024);
    let span = format!("{}-{}", p.observed_from, p.observed_to);
    writeln!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\" dir=\"{}\">",
        s.tag,
        if s.rtl { "rtl" } else { "ltr" }
    )?;
    writeln!(h, "<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")?;
    writeln!(h, "<title>{} — {}</title>", esc(ts.title), esc(&span))?;
    writeln!(
        h,
        "<style>{STYLE}{EXTRA_STYLE}</style>\n</head>\n<body>\n<main>"
    )?;
    writeln!(
        h,
        "<header><h1>{}</h1><p class=\"sub\">{}</p></header>",
        esc(ts.title),
        esc(ts.subtitle)
    )?;
    cards(&mut h, report, s, ts, n)?;
    writeln!(
        h,
        "<section>\n<h2>{}</h2>\n<p class=\"note\">{}</p>",
        esc(ts.backtest),
        esc(ts.backtest_note)
    )?;
    if report.backtest.from_year.is_none() {
        writeln!(h, "<p>{}</p>", esc(ts.no_backtest))?;
    } else {
        wide_table(
            &mut h,
            &tables::backtest(&report.backtest.rows, s, ts, Audience::People),
            s,
            n,
        )?;
    }
    writeln!(h, "</section>")?;
    charts(&mut h, report, s, ts, n)?;
    targets(&mut h, report, s, ts, n)?;
    writeln!(h, "<section>\n<h2>{}</h2>", esc(ts.cells))?;
    if report.cells.is_empty() {
        writeln!(h, "<p>{}</p>", esc(ts.no_cells))?;
    } else {
        wide_table(
            &mut h,
            &tables::summary(&report.cells, &p.by, s, ts, Audience::People),
            s,
            n,
        )?;
    }
    writeln!(h, "</section>\n<section>\n<h2>{}</h2>", esc(s.data_quality))?;
    wide_table(&mut h, &quality_counts(&report.quality, s), s, n)?;
    writeln!(h, "<p class=\"note\">{}</p>\n</section>", esc(s.reconcile))?;
    writeln!(
        h,
        "<section>\n<h2>{}</h2>\n<ul class=\"defs\">",
        esc(s.method)
    )?;
    let (defs, items) = super::assumptions_method(report, s, ts);
    for d in ts.def_method.iter().chain(&defs) {
        writeln!(h, "<li>{}</li>", esc(d))?;
    }
    writeln!(h, "</ul>\n<dl class=\"method\">")?;
    let fixed = [
        (ts.observed_years, span),
        (ts.horizon, p.horizon.to_string()),
        (s.grouping, p.by.names().join(", ")),
        (s.taxonomy_version, p.taxonomy_version.clone()),
    ];
    for (k, v) in fixed
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .chain(items)
    {
        writeln!(h, "<dt>{}</dt><dd>{}</dd>", esc(&k), esc(&v))?;
    }
    writeln!(h, "</dl>\n</section>")?;
    writeln!(
        h,
        "<footer>skillgap {} · schema {}</footer>\n</main>\n</body>\n</html>",
        env!("CARGO_PKG_VERSION"),
        report.schema_version
    )?;
    Ok(h)
}

fn cards(
    h: &mut String,
    report: &TrendReport,
    s: &Strings,
    ts: &TrendStrings,
    n: &Numbers,
) -> std::fmt::Result {
    let p = &report.params;
    let overall = |measure: &str| {
        report
            .backtest
            .rows
            .iter()
            .find(|r| r.measure == measure && r.family == "all")
    };
    writeln!(
        h,
        "<section class=\"cards\" aria-label=\"{}\">",
        esc(s.summary)
    )?;
    let card = |h: &mut String, k: &str, v: &str| {
        writeln!(
            h,
            "<div class=\"card\"><div class=\"k\">{}</div><div class=\"v\">{}</div></div>",
            esc(k),
            v
        )
    };
    card(
        h,
        ts.observed_years,
        &format!("{}-{}", p.observed_from, p.observed_to),
    )?;
    card(h, ts.horizon, &p.horizon.to_string())?;
    card(h, ts.cells, &n.count(report.cells.len() as u64))?;
    for (measure, label) in [("demand", s.demand), ("supply", s.supply)] {
        let text = match overall(measure) {
            Some(r) => format!(
                "{}<br><span class=\"note\">{} {}</span>",
                r.mape.map_or_else(|| "–".to_string(), |m| n.percent(m)),
                esc(ts.coverage),
                r.coverage.map_or_else(|| "–".to_string(), |c| n.percent(c))
            ),
            None => "–".to_string(),
        };
        card(h, &format!("{} · {}", ts.mape, label), &text)?;
    }
    let on = report
        .targets
        .iter()
        .filter(|t| t.verdict == "on-track")
        .count();
    card(
        h,
        ts.targets,
        &format!("{} / {} {}", on, report.targets.len(), esc(ts.on_track)),
    )?;
    writeln!(h, "</section>")
}

/// One line of a chart: observed points, and projected points with their bounds.
struct Line<'a> {
    colour: &'a str,
    observed: Vec<(i32, f64)>,
    projected: Vec<(i32, Estimate)>,
}

/// A target drawn on a chart: a level at a year, or (cumulative) the yearly average it asks for
/// over its years.
struct Mark {
    from: i32,
    to: i32,
    value: f64,
}

/// The frame of a panel: its years and values mapped to the SVG's coordinates.
struct Frame {
    x0: i32,
    x1: i32,
    top: f64,
}

const W: f64 = 300.0;
const H: f64 = 170.0;
const LEFT: f64 = 46.0;
const RIGHT: f64 = 10.0;
const TOP: f64 = 8.0;
const BOTTOM: f64 = 22.0;

impl Frame {
    fn x(&self, year: i32) -> f64 {
        let span = f64::from((self.x1 - self.x0).max(1));
        LEFT + (W - LEFT - RIGHT) * f64::from(year - self.x0) / span
    }

    fn y(&self, v: f64) -> f64 {
        let v = v.clamp(0.0, self.top);
        TOP + (H - TOP - BOTTOM) * (1.0 - v / self.top)
    }
}

/// An SVG polyline's points.
fn path(f: &Frame, pts: &[(i32, f64)]) -> String {
    let xy: Vec<String> = pts
        .iter()
        .map(|&(y, v)| format!("{:.1},{:.1}", f.x(y), f.y(v)))
        .collect();
    xy.join(" ")
}

/// A small line chart: axes, then per line the projected band, the observed line (solid) and the
/// projected line (dashed, from the last observed point); then the target.
fn panel(
    h: &mut String,
    title: &str,
    lines: &[Line],
    mark: Option<&Mark>,
    n: &Numbers,
) -> std::fmt::Result {
    let years = lines.iter().flat_map(|l| {
        l.observed
            .iter()
            .map(|p| p.0)
            .chain(l.projected.iter().map(|p| p.0))
    });
    let (x0, x1) = (years.clone().min().unwrap_or(0), years.max().unwrap_or(0));
    // the scale: the observed and central values and the target, bands clipped at twice that
    let central = lines.iter().flat_map(|l| {
        l.observed
            .iter()
            .map(|p| p.1)
            .chain(l.projected.iter().filter_map(|p| p.1.value))
    });
    let peak = central.chain(mark.map(|m| m.value)).fold(0.0f64, f64::max);
    let band_peak = lines
        .iter()
        .flat_map(|l| l.projected.iter().filter_map(|p| p.1.high))
        .fold(0.0f64, f64::max);
    let top = (peak.max(band_peak.min(2.0 * peak)) * 1.05).max(1.0);
    let f = Frame { x0, x1, top };
    writeln!(h, "<figure class=\"panel\"><h3>{}</h3>", esc(title))?;
    writeln!(h, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"{}\" font-size=\"10\" direction=\"ltr\">", esc(title))?;
    for v in [0.0, top / 2.0, top] {
        let y = f.y(v);
        writeln!(h, "<line x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#e4e7eb\"/><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#616e7c\">{}</text>", W - RIGHT, LEFT - 4.0, y + 3.0, n.decimal(v, 0))?;
    }
    let last = lines
        .iter()
        .filter_map(|l| l.observed.last().map(|p| p.0))
        .max()
        .unwrap_or(x0);
    // the last year's label ends at the right edge, where a centred one would be cut off
    for (year, anchor) in [(x0, "start"), (last, "middle"), (x1, "end")] {
        writeln!(
            h,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\" fill=\"#616e7c\">{year}</text>",
            f.x(year),
            H - 6.0
        )?;
    }
    for l in lines {
        line(h, &f, l)?;
    }
    if let Some(m) = mark {
        let y = f.y(m.value);
        if m.from < m.to {
            writeln!(h, "<line x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"{TARGET}\" stroke-width=\"1.5\" stroke-dasharray=\"2 2\"/>", f.x(m.from), f.x(m.to))?;
        }
        let x = f.x(m.to);
        writeln!(h, "<path d=\"M{x:.1} {:.1} l5 5 l-5 5 l-5 -5 z\" fill=\"{TARGET}\"><title>{}</title></path>", y - 5.0, n.decimal(m.value, 0))?;
    }
    writeln!(h, "</svg></figure>")
}

fn line(h: &mut String, f: &Frame, l: &Line) -> std::fmt::Result {
    let Some(&last) = l.observed.last() else {
        return Ok(());
    };
    let bounded: Vec<(i32, f64, f64)> = l
        .projected
        .iter()
        .filter_map(|(y, e)| Some((*y, e.low?, e.high?)))
        .collect();
    if !bounded.is_empty() {
        let mut pts: Vec<(i32, f64)> = vec![last];
        pts.extend(bounded.iter().map(|b| (b.0, b.2)));
        pts.extend(bounded.iter().rev().map(|b| (b.0, b.1)));
        writeln!(
            h,
            "<polygon points=\"{}\" fill=\"{}\" fill-opacity=\"0.14\"/>",
            path(f, &pts),
            l.colour
        )?;
    }
    writeln!(
        h,
        "<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"/>",
        path(f, &l.observed),
        l.colour
    )?;
    let central: Vec<(i32, f64)> = std::iter::once(last)
        .chain(
            l.projected
                .iter()
                .filter_map(|(y, e)| e.value.map(|v| (*y, v))),
        )
        .collect();
    if central.len() > 1 {
        writeln!(h, "<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\" stroke-dasharray=\"5 3\"/>", path(f, &central), l.colour)?;
    }
    Ok(())
}

fn legend(h: &mut String, s: &Strings, ts: &TrendStrings, target: bool) -> std::fmt::Result {
    write!(h, "<div class=\"legend\"><span><span class=\"key\" style=\"background:{DEMAND}\"></span>{}</span><span><span class=\"key\" style=\"background:{SUPPLY}\"></span>{}</span><span>– – {}</span>", esc(s.demand), esc(s.supply), esc(ts.legend_interval))?;
    if target {
        write!(h, "<span>◆ {}</span>", esc(ts.target))?;
    }
    writeln!(h, "</div>")
}

fn charts(
    h: &mut String,
    report: &TrendReport,
    s: &Strings,
    ts: &TrendStrings,
    n: &Numbers,
) -> std::fmt::Result {
    if report.cells.is_empty() {
        return Ok(());
    }
    writeln!(h, "<section>\n<h2>{}</h2>", esc(ts.charts))?;
    legend(h, s, ts, false)?;
    let shown = report.cells.len().min(PANELS);
    writeln!(
        h,
        "<p class=\"note\">{} {} / {}.</p>\n<div class=\"panels\">",
        esc(ts.charts_cap),
        shown,
        report.cells.len()
    )?;
    for c in report.cells.iter().take(PANELS) {
        let side = |colour, pick: fn(&crate::model::trend::YearPoint) -> Estimate| Line {
            colour,
            observed: c
                .points
                .iter()
                .filter(|p| p.kind == PointKind::Observed)
                .filter_map(|p| Some((p.year, pick(p).value?)))
                .collect(),
            projected: c
                .points
                .iter()
                .filter(|p| p.kind == PointKind::Projected)
                .map(|p| (p.year, pick(p)))
                .collect(),
        };
        let lines = [side(DEMAND, |p| p.demand), side(SUPPLY, |p| p.supply)];
        panel(h, &format!("{}. {}", c.rank, c.label()), &lines, None, n)?;
    }
    writeln!(h, "</div>\n</section>")
}

/// The target's mark: its value at its year, or for a cumulative target the yearly average it
/// asks for over its years.
fn mark(t: &TargetRow) -> Mark {
    match t.from {
        Some(from) if t.kind == "cumulative" => Mark {
            from,
            to: t.year,
            value: t.value / f64::from(t.year - from + 1),
        },
        _ => Mark {
            from: t.year,
            to: t.year,
            value: t.value,
        },
    }
}

fn targets(
    h: &mut String,
    report: &TrendReport,
    s: &Strings,
    ts: &'static TrendStrings,
    n: &Numbers,
) -> std::fmt::Result {
    if report.targets.is_empty() {
        return Ok(());
    }
    writeln!(h, "<section>\n<h2>{}</h2>", esc(ts.targets))?;
    wide_table(
        h,
        &tables::targets(&report.targets, s, ts, Audience::People),
        s,
        n,
    )?;
    legend(h, s, ts, true)?;
    writeln!(h, "<div class=\"panels\">")?;
    for t in &report.targets {
        let colour = if t.measure == "demand" {
            DEMAND
        } else {
            SUPPLY
        };
        let line = Line {
            colour,
            observed: t
                .series
                .iter()
                .filter(|p| p.kind == PointKind::Observed)
                .filter_map(|p| Some((p.year, p.value.value?)))
                .collect(),
            projected: t
                .series
                .iter()
                .filter(|p| p.kind == PointKind::Projected)
                .map(|p| (p.year, p.value))
                .collect(),
        };
        let title = format!(
            "{} ({}: {})",
            t.name,
            ts.verdict,
            ts.verdict_word(t.verdict)
        );
        panel(h, &title, &[line], Some(&mark(t)), n)?;
    }
    writeln!(h, "</div>\n<ul class=\"defs\">")?;
    for t in &report.targets {
        writeln!(h, "<li>{}: {}</li>", esc(&t.name), esc(&t.source))?;
    }
    writeln!(h, "</ul>\n</section>")
}
