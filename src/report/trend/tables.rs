//! The trend report's tables, built from the same [`Column`]s, [`Value`]s and [`Kind`]s as the
//! gap report's, so that every writer lays them out unchanged: the series (one row per cell and
//! year), the summary (one row per cell), the backtest and the targets.
//!
//! Each column is declared once with the closure that reads its value and whether people see it;
//! the CSV and the workbook see every column (the CSV without the rank, as the gap report's),
//! people (table, Markdown, HTML) a shorter table with labels rather than codes.

use super::i18n::TrendStrings;
use crate::dims::Grouping;
use crate::model::trend::{
    BacktestRow, ClosingKind, Estimate, PointKind, ScenarioRange, TargetRow, TrendCell, YearPoint,
};
use crate::report::i18n::Strings;
use crate::report::tables::{Audience, Column, Kind, Table, Value};

/// One declared column: its id, title and kind, whether people see it, and how to read it.
struct Declared<'a, T> {
    column: Column,
    people: bool,
    read: Box<dyn Fn(&T) -> Value + 'a>,
}

fn declare<'a, T>(
    id: &'static str,
    title: &'static str,
    kind: Kind,
    people: bool,
    read: impl Fn(&T) -> Value + 'a,
) -> Declared<'a, T> {
    Declared {
        column: Column { id, title, kind },
        people,
        read: Box::new(read),
    }
}

/// The table of `items` with the declared columns that `audience` sees.
fn build<T>(items: &[T], declared: Vec<Declared<'_, T>>, audience: Audience) -> Table {
    let shown: Vec<Declared<T>> = declared
        .into_iter()
        .filter(|d| match audience {
            Audience::People => d.people && d.column.kind != Kind::Code,
            Audience::Csv => d.column.kind != Kind::Rank,
            Audience::Sheet => true,
        })
        .collect();
    Table {
        columns: shown.iter().map(|d| d.column).collect(),
        rows: items
            .iter()
            .map(|it| shown.iter().map(|d| (d.read)(it)).collect())
            .collect(),
    }
}

fn num(x: f64) -> Value {
    Value::Number(Some(x))
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

/// The key columns of a grouping, code then label per dimension, read from a row's cell.
fn key_columns<'a, T: 'a>(
    by: &Grouping,
    s: &Strings,
    cell: impl Fn(&T) -> &TrendCell + Copy + 'a,
) -> Vec<Declared<'a, T>> {
    let mut out = Vec::new();
    for (i, &d) in by.dims().iter().enumerate() {
        let [code_id, label_id] = d.csv_columns();
        let [code_title, label_title] = d.titles(s);
        out.push(declare(code_id, code_title, Kind::Code, true, move |t| {
            text(&cell(t).keys[i].code)
        }));
        out.push(declare(label_id, label_title, Kind::Text, true, move |t| {
            text(&cell(t).keys[i].label)
        }));
    }
    out
}

/// Three columns for an estimate: the value, then its low and high bounds (empty when observed
/// or without a projection); people see the value only.
fn estimate_columns<'a, T: 'a>(
    ids: [&'static str; 3],
    title: &'static str,
    ts: &'a TrendStrings,
    kind: Kind,
    read: impl Fn(&T) -> Estimate + Copy + 'a,
) -> Vec<Declared<'a, T>> {
    vec![
        declare(ids[0], title, kind, true, move |t| {
            Value::Number(read(t).value)
        }),
        declare(ids[1], ts.low, kind, false, move |t| {
            Value::Number(read(t).low)
        }),
        declare(ids[2], ts.high, kind, false, move |t| {
            Value::Number(read(t).high)
        }),
    ]
}

/// The series: one row per cell and year, observed years first, then projected ones.
pub fn series(
    cells: &[TrendCell],
    by: &Grouping,
    s: &Strings,
    ts: &TrendStrings,
    audience: Audience,
) -> Table {
    let rows: Vec<(&TrendCell, &YearPoint)> = cells
        .iter()
        .flat_map(|c| c.points.iter().map(move |p| (c, p)))
        .collect();
    let mut cols = key_columns(by, s, |r: &(&TrendCell, &YearPoint)| r.0);
    cols.push(declare(
        "year",
        ts.year,
        Kind::Year,
        true,
        |r: &(&TrendCell, &YearPoint)| num(f64::from(r.1.year)),
    ));
    cols.push(declare(
        "kind",
        ts.kind,
        Kind::Text,
        true,
        |r: &(&TrendCell, &YearPoint)| text(r.1.kind.as_str()),
    ));
    cols.extend(estimate_columns(
        ["demand", "demand_low", "demand_high"],
        s.demand,
        ts,
        Kind::Amount,
        |r: &(&TrendCell, &YearPoint)| r.1.demand,
    ));
    cols.extend(estimate_columns(
        ["supply", "supply_low", "supply_high"],
        s.supply,
        ts,
        Kind::Amount,
        |r: &(&TrendCell, &YearPoint)| r.1.supply,
    ));
    cols.extend(estimate_columns(
        ["gap", "gap_low", "gap_high"],
        s.gap,
        ts,
        Kind::Gap,
        |r: &(&TrendCell, &YearPoint)| r.1.gap,
    ));
    cols.push(declare(
        "method",
        ts.method,
        Kind::Text,
        true,
        |r: &(&TrendCell, &YearPoint)| text(r.1.method.unwrap_or_default()),
    ));
    // under assumptions with low/high values, the scenarios' range of each side (for programs
    // and the workbook; without them the header is as it always was)
    if rows.iter().any(|r| r.1.range.is_some()) {
        type Pick = fn(&ScenarioRange) -> Option<[f64; 2]>;
        let [dl, dh, sl, sh, gl, gh] = ts.range_titles;
        let ranges: [(&'static str, &'static str, Kind, Pick, usize); 6] = [
            ("demand_scenario_low", dl, Kind::Amount, |r| r.demand, 0),
            ("demand_scenario_high", dh, Kind::Amount, |r| r.demand, 1),
            ("supply_scenario_low", sl, Kind::Amount, |r| r.supply, 0),
            ("supply_scenario_high", sh, Kind::Amount, |r| r.supply, 1),
            ("gap_scenario_low", gl, Kind::Gap, |r| r.gap, 0),
            ("gap_scenario_high", gh, Kind::Gap, |r| r.gap, 1),
        ];
        for (id, title, kind, pick, end) in ranges {
            cols.push(declare(
                id,
                title,
                kind,
                false,
                move |r: &(&TrendCell, &YearPoint)| {
                    Value::Number(r.1.range.and_then(|x| pick(&x)).map(|v| v[end]))
                },
            ));
        }
    }
    build(&rows, cols, audience)
}

/// What people read for a cell's closing: the year, or why there is none.
fn closing_text(c: &TrendCell, ts: &TrendStrings, people: bool) -> String {
    match (c.closing, c.closing_year) {
        (ClosingKind::Year, Some(y)) => y.to_string(),
        (k, _) if !people => k.as_str().to_string(),
        (ClosingKind::NoGap, _) => ts.no_gap.to_string(),
        (ClosingKind::NoProjection, _) => ts.no_projection.to_string(),
        _ => ts.not_within_horizon.to_string(),
    }
}

/// The summary: one row per cell, ranked.
pub fn summary(
    cells: &[TrendCell],
    by: &Grouping,
    s: &Strings,
    ts: &'static TrendStrings,
    audience: Audience,
) -> Table {
    let opt = Value::Number;
    let mut cols: Vec<Declared<TrendCell>> = vec![declare(
        "rank",
        s.rank,
        Kind::Rank,
        true,
        |c: &TrendCell| Value::Int(c.rank as u64),
    )];
    cols.extend(key_columns(by, s, |c: &TrendCell| c));
    cols.push(declare(
        "family",
        ts.family,
        Kind::Code,
        false,
        |c: &TrendCell| text(&c.family),
    ));
    cols.extend([
        declare(
            "demand_last",
            ts.demand_last,
            Kind::Amount,
            true,
            |c: &TrendCell| num(c.demand.last),
        ),
        declare(
            "supply_last",
            ts.supply_last,
            Kind::Amount,
            true,
            |c: &TrendCell| num(c.supply.last),
        ),
        declare("gap_last", ts.gap_last, Kind::Gap, true, |c: &TrendCell| {
            num(c.gap_last)
        }),
        declare(
            "demand_cagr",
            ts.demand_cagr,
            Kind::Percent,
            true,
            move |c: &TrendCell| opt(c.demand.cagr),
        ),
        declare(
            "supply_cagr",
            ts.supply_cagr,
            Kind::Percent,
            true,
            move |c: &TrendCell| opt(c.supply.cagr),
        ),
        declare(
            "demand_growth",
            ts.demand_growth,
            Kind::Percent,
            false,
            move |c: &TrendCell| opt(c.demand.growth),
        ),
        declare(
            "demand_growth_low",
            ts.low,
            Kind::Percent,
            false,
            move |c: &TrendCell| opt(c.demand.growth_low),
        ),
        declare(
            "demand_growth_high",
            ts.high,
            Kind::Percent,
            false,
            move |c: &TrendCell| opt(c.demand.growth_high),
        ),
        declare(
            "supply_growth",
            ts.supply_growth,
            Kind::Percent,
            false,
            move |c: &TrendCell| opt(c.supply.growth),
        ),
        declare(
            "supply_growth_low",
            ts.low,
            Kind::Percent,
            false,
            move |c: &TrendCell| opt(c.supply.growth_low),
        ),
        declare(
            "supply_growth_high",
            ts.high,
            Kind::Percent,
            false,
            move |c: &TrendCell| opt(c.supply.growth_high),
        ),
        declare(
            "demand_method",
            ts.demand_method,
            Kind::Text,
            false,
            |c: &TrendCell| text(c.demand.method),
        ),
        declare(
            "supply_method",
            ts.supply_method,
            Kind::Text,
            false,
            |c: &TrendCell| text(c.supply.method),
        ),
        declare(
            "demand_zero_years",
            ts.zero_actuals,
            Kind::Count,
            false,
            |c: &TrendCell| Value::Int(c.demand.zero_years as u64),
        ),
        declare(
            "supply_zero_years",
            ts.zero_actuals,
            Kind::Count,
            false,
            |c: &TrendCell| Value::Int(c.supply.zero_years as u64),
        ),
    ]);
    cols.extend(estimate_columns(
        [
            "demand_horizon",
            "demand_horizon_low",
            "demand_horizon_high",
        ],
        ts.demand_horizon,
        ts,
        Kind::Amount,
        |c: &TrendCell| c.demand.horizon,
    ));
    cols.extend(estimate_columns(
        [
            "supply_horizon",
            "supply_horizon_low",
            "supply_horizon_high",
        ],
        ts.supply_horizon,
        ts,
        Kind::Amount,
        |c: &TrendCell| c.supply.horizon,
    ));
    cols.extend(estimate_columns(
        ["gap_horizon", "gap_horizon_low", "gap_horizon_high"],
        ts.gap_horizon,
        ts,
        Kind::Gap,
        |c: &TrendCell| c.gap_horizon,
    ));
    // under assumptions with low/high values, the scenarios' range of the last observed gap and
    // of the horizon's values, for everyone (without them the header is as it always was)
    if cells
        .iter()
        .any(|c| c.points.iter().any(|p| p.range.is_some()))
    {
        type Pick = fn(&ScenarioRange) -> Option<[f64; 2]>;
        let last = |c: &TrendCell| {
            (c.points.iter().rev())
                .find(|p| p.kind == PointKind::Observed)
                .and_then(|p| p.range)
        };
        let horizon = |c: &TrendCell| {
            (c.points.last())
                .filter(|p| p.kind == PointKind::Projected)
                .and_then(|p| p.range)
        };
        let [gl, gh, dl, dh, sl, sh, hl, hh] = ts.summary_range_titles;
        let at: [(&'static str, &'static str, Kind, Pick, usize, bool); 8] = [
            ("gap_last_scenario_low", gl, Kind::Gap, |r| r.gap, 0, false),
            ("gap_last_scenario_high", gh, Kind::Gap, |r| r.gap, 1, false),
            (
                "demand_horizon_scenario_low",
                dl,
                Kind::Amount,
                |r| r.demand,
                0,
                true,
            ),
            (
                "demand_horizon_scenario_high",
                dh,
                Kind::Amount,
                |r| r.demand,
                1,
                true,
            ),
            (
                "supply_horizon_scenario_low",
                sl,
                Kind::Amount,
                |r| r.supply,
                0,
                true,
            ),
            (
                "supply_horizon_scenario_high",
                sh,
                Kind::Amount,
                |r| r.supply,
                1,
                true,
            ),
            (
                "gap_horizon_scenario_low",
                hl,
                Kind::Gap,
                |r| r.gap,
                0,
                true,
            ),
            (
                "gap_horizon_scenario_high",
                hh,
                Kind::Gap,
                |r| r.gap,
                1,
                true,
            ),
        ];
        for (id, title, kind, pick, end, at_horizon) in at {
            cols.push(declare(id, title, kind, true, move |c: &TrendCell| {
                let range = if at_horizon { horizon(c) } else { last(c) };
                Value::Number(range.and_then(|x| pick(&x)).map(|v| v[end]))
            }));
        }
    }
    let people = audience == Audience::People;
    cols.push(declare(
        "method",
        ts.method,
        Kind::Text,
        true,
        |c: &TrendCell| text(c.method),
    ));
    cols.push(declare(
        "closing",
        ts.closes,
        Kind::Text,
        true,
        move |c: &TrendCell| Value::Text(closing_text(c, ts, people)),
    ));
    cols.push(declare(
        "closing_year",
        ts.closing_year,
        Kind::Year,
        false,
        |c: &TrendCell| opt(c.closing_year.map(f64::from)),
    ));
    build(cells, cols, audience)
}

/// The backtest: per measure, one row per family, then `all`.
pub fn backtest(
    rows: &[BacktestRow],
    s: &Strings,
    ts: &'static TrendStrings,
    audience: Audience,
) -> Table {
    let people = audience == Audience::People;
    let word = move |m: &str| -> String {
        match (people, m) {
            (true, "demand") => s.demand.to_string(),
            (true, "supply") => s.supply.to_string(),
            (true, "all") => ts.all.to_string(),
            _ => m.to_string(),
        }
    };
    let count = |n: usize| Value::Int(n as u64);
    let cols = vec![
        declare(
            "measure",
            ts.measure,
            Kind::Text,
            true,
            move |r: &BacktestRow| Value::Text(word(r.measure)),
        ),
        // the family's id for programs, its label in the report's language for everyone (the
        // workbook shows both, as its other sheets show a key's code and label)
        declare(
            "family",
            ts.family_id,
            Kind::Code,
            false,
            move |r: &BacktestRow| Value::Text(r.family.clone()),
        ),
        declare(
            "family_label",
            ts.family,
            Kind::Text,
            true,
            move |r: &BacktestRow| match &r.family_label {
                Some(label) => Value::Text(label.clone()),
                None => Value::Text(ts.all.to_string()),
            },
        ),
        declare(
            "series",
            ts.series,
            Kind::Count,
            true,
            move |r: &BacktestRow| count(r.series),
        ),
        declare(
            "insufficient",
            ts.insufficient,
            Kind::Count,
            true,
            move |r: &BacktestRow| count(r.insufficient),
        ),
        declare(
            "years",
            ts.held_back_years,
            Kind::Count,
            true,
            move |r: &BacktestRow| count(r.years),
        ),
        declare(
            "zero_actuals",
            ts.zero_actuals,
            Kind::Count,
            true,
            move |r: &BacktestRow| count(r.zero_actuals),
        ),
        declare("mape", ts.mape, Kind::Percent, true, |r: &BacktestRow| {
            Value::Number(r.mape)
        }),
        declare(
            "coverage",
            ts.coverage,
            Kind::Percent,
            true,
            |r: &BacktestRow| Value::Number(r.coverage),
        ),
    ];
    build(rows, cols, audience)
}

/// The targets: each with its observed level, the expected level with its interval, the growth
/// required against the growth observed, and the verdict.
pub fn targets(
    rows: &[TargetRow],
    s: &Strings,
    ts: &'static TrendStrings,
    audience: Audience,
) -> Table {
    let people = audience == Audience::People;
    let opt = Value::Number;
    let mut cols = vec![
        declare("name", ts.target, Kind::Text, true, |r: &TargetRow| {
            text(&r.name)
        }),
        declare("scope", ts.scope, Kind::Text, true, |r: &TargetRow| {
            text(&r.scope)
        }),
        declare(
            "measure",
            ts.measure,
            Kind::Text,
            true,
            move |r: &TargetRow| {
                text(match (people, r.measure) {
                    (true, "demand") => s.demand,
                    (true, _) => s.supply,
                    (false, m) => m,
                })
            },
        ),
        declare("kind", ts.target_kind, Kind::Text, true, |r: &TargetRow| {
            text(r.kind)
        }),
        declare("from", ts.year, Kind::Year, false, move |r: &TargetRow| {
            opt(r.from.map(f64::from))
        }),
        declare("year", ts.target_year, Kind::Year, true, |r: &TargetRow| {
            num(f64::from(r.year))
        }),
        declare(
            "value",
            ts.target_value,
            Kind::Amount,
            true,
            |r: &TargetRow| num(r.value),
        ),
        declare(
            "last_year",
            ts.last_year,
            Kind::Year,
            true,
            move |r: &TargetRow| opt(r.last_year.map(f64::from)),
        ),
        declare(
            "last_value",
            ts.last_value,
            Kind::Amount,
            true,
            move |r: &TargetRow| opt(r.last_value),
        ),
        declare(
            "assessed_year",
            ts.year,
            Kind::Year,
            false,
            |r: &TargetRow| num(f64::from(r.assessed_year)),
        ),
    ];
    cols.extend(estimate_columns(
        ["expected", "expected_low", "expected_high"],
        ts.expected,
        ts,
        Kind::Amount,
        |r: &TargetRow| r.expected,
    ));
    // people see the interval of a target: it decides the verdict
    for c in cols
        .iter_mut()
        .filter(|c| c.column.id.starts_with("expected_"))
    {
        c.people = true;
    }
    cols.extend([
        declare(
            "required_growth",
            ts.required_growth,
            Kind::Percent,
            true,
            move |r: &TargetRow| opt(r.required_growth),
        ),
        declare(
            "observed_growth",
            ts.observed_growth,
            Kind::Percent,
            true,
            move |r: &TargetRow| opt(r.observed_growth),
        ),
        declare("method", ts.method, Kind::Text, true, |r: &TargetRow| {
            text(r.method)
        }),
        declare(
            "verdict",
            ts.verdict,
            Kind::Text,
            true,
            move |r: &TargetRow| {
                text(if people {
                    ts.verdict_word(r.verdict)
                } else {
                    r.verdict
                })
            },
        ),
        declare("source", ts.source, Kind::Text, false, |r: &TargetRow| {
            text(&r.source)
        }),
    ]);
    build(rows, cols, audience)
}
