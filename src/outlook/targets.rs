//! Targets: levels the labour market or the training system should reach (national strategies,
//! sector plans), read from TOML or CSV, and assessed against the observed series and its
//! projection.
//!
//! TOML: one `[[target]]` table per target, with the keys of [`EXAMPLE_TARGETS`] (which documents
//! them). CSV: the same keys as columns, `name,scope,measure,kind,value,year,from,source`, in any
//! order, `from` empty except for cumulative targets.
//!
//! **Measures.** `demand` is skillgap's D (vacancies posted per year) and `supply` its S
//! (graduates per year), both for the target's scope and after the assumptions file. skillgap does
//! not observe employment: a target in jobs is best read as cumulative demand (see the example).
//!
//! **Assessment.** Every target is a minimum to reach. For a year already observed, the observed
//! value decides: `on-track` when it is at least the target (the target was met), `off-track` when
//! it is below. For a projected year: `on-track` when the whole prediction interval is at or above
//! the target (even the low end of the trend reaches it), `off-track` when the whole interval is
//! below it, and `cannot-tell` when the target lies inside the interval or there is no projection
//! (`insufficient-history`). A `per-year` target is judged in every year from its year to the
//! horizon: off-track if any year is, on-track if all are, otherwise cannot-tell; the year shown is
//! the one with the lowest central value. A `cumulative` target sums observed values and projected
//! intervals over its years; the sum of the yearly bounds is the bound of the sum when the yearly
//! errors move together, as they do along one fitted trend.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::projection::{cagr, Method, Projection};
use crate::stats::{Confidence, Interval};
use crate::util::{line_at, toml_from_str};

/// An example targets file with the national digital targets and their sources, for
/// `skillgap init` to write.
pub const EXAMPLE_TARGETS: &str = include_str!("targets.example.toml");

/// A problem with a targets file.
#[derive(Debug, thiserror::Error)]
pub enum TargetsError {
    #[error("cannot read targets file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The message says what is wrong and how to fix it.
    #[error("{file}, line {line}: {message}")]
    Invalid {
        file: String,
        line: u64,
        message: String,
    },
}

/// What a target is set for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// The whole country, all specialisations.
    National,
    /// A specialisation id or a family id (checked against the taxonomy by the caller).
    Group(String),
}

/// Which skillgap quantity a target is compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// D: vacancies posted per year.
    Demand,
    /// S: graduates per year.
    Supply,
}

/// How the target's value is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The measure reaches the value in the target year.
    Level,
    /// The measure is at least the value in the target year and every year after it.
    PerYear,
    /// The measure summed from `from` to the target year reaches the value.
    Cumulative,
}

/// One checked target.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub name: String,
    pub scope: Scope,
    pub measure: Measure,
    pub kind: Kind,
    pub value: f64,
    pub year: i32,
    /// The first year counted, for `Cumulative`.
    pub from: Option<i32>,
    /// Where the target comes from.
    pub source: String,
    /// The line of the target in its file, for messages.
    pub line: u64,
}

/// A target as written, in either format.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTarget {
    name: String,
    scope: String,
    measure: String,
    kind: String,
    value: f64,
    year: i64,
    from: Option<i64>,
    source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default, rename = "target")]
    targets: Vec<Spanned<RawTarget>>,
}

fn year_of(key: &str, y: i64) -> Result<i32, String> {
    i32::try_from(y)
        .ok()
        .filter(|y| (1900..=2100).contains(y))
        .ok_or_else(|| format!("`{key}` is {y}: write a year from 1900 to 2100"))
}

fn check(raw: RawTarget, line: u64) -> Result<Target, String> {
    let name = raw.name.trim().to_string();
    if name.is_empty() {
        return Err("`name` is empty; say what the target is".into());
    }
    let scope = match raw.scope.trim() {
        "" => return Err(format!("target `{name}`: `scope` is empty; write \"national\", a specialisation id or a family id")),
        "national" => Scope::National,
        s => Scope::Group(s.to_string()),
    };
    let measure = match raw.measure.trim() {
        "demand" => Measure::Demand,
        "supply" => Measure::Supply,
        "jobs" => return Err(format!("target `{name}`: skillgap does not observe jobs; write measure = \"demand\" with kind = \"cumulative\" to compare vacancies posted over the years with a number of jobs to create")),
        m => return Err(format!("target `{name}`: unknown measure `{m}`; use demand or supply")),
    };
    let kind = match raw.kind.trim() {
        "level" => Kind::Level,
        "per-year" => Kind::PerYear,
        "cumulative" => Kind::Cumulative,
        k => {
            return Err(format!(
                "target `{name}`: unknown kind `{k}`; use level, per-year or cumulative"
            ))
        }
    };
    if !(raw.value.is_finite() && raw.value > 0.0) {
        return Err(format!(
            "target `{name}`: `value` is {}; write a number above 0",
            raw.value
        ));
    }
    let year = year_of("year", raw.year).map_err(|m| format!("target `{name}`: {m}"))?;
    let from = raw
        .from
        .map(|f| year_of("from", f))
        .transpose()
        .map_err(|m| format!("target `{name}`: {m}"))?;
    match (kind, from) {
        (Kind::Cumulative, None) => return Err(format!("target `{name}`: a cumulative target needs `from`, the first year counted")),
        (Kind::Cumulative, Some(f)) if f > year => return Err(format!("target `{name}`: `from` {f} is after `year` {year}")),
        (Kind::Level | Kind::PerYear, Some(_)) => return Err(format!("target `{name}`: `from` applies to cumulative targets only; remove it or write kind = \"cumulative\"")),
        _ => {}
    }
    let source = raw.source.trim().to_string();
    if source.is_empty() {
        return Err(format!(
            "target `{name}`: `source` is empty; cite where the target comes from"
        ));
    }
    Ok(Target {
        name,
        scope,
        measure,
        kind,
        value: raw.value,
        year,
        from,
        source,
        line,
    })
}

/// Parses a TOML targets file; `file` names it in messages.
pub fn parse_toml(file: &str, text: &str) -> Result<Vec<Target>, TargetsError> {
    let invalid = |line, message| TargetsError::Invalid {
        file: file.to_string(),
        line,
        message,
    };
    let raw: RawFile = toml_from_str(text).map_err(|(line, m)| invalid(line as u64, m))?;
    raw.targets
        .into_iter()
        .map(|t| {
            let line = line_at(text, t.span().start) as u64;
            check(t.into_inner(), line).map_err(|m| invalid(line, m))
        })
        .collect()
}

/// Parses a CSV targets file (comma-separated, with a header); `file` names it in messages.
pub fn parse_csv(file: &str, text: &str) -> Result<Vec<Target>, TargetsError> {
    let invalid = |line, message| TargetsError::Invalid {
        file: file.to_string(),
        line,
        message,
    };
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| invalid(1, e.to_string()))?
        .clone();
    let mut targets = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(1, |p| p.line());
            invalid(line, e.to_string())
        })?;
        let line = record.position().map_or(1, |p| p.line());
        let raw: RawTarget = record
            .deserialize(Some(&headers))
            .map_err(|e| invalid(line, csv_message(&e, &headers, &record)))?;
        targets.push(check(raw, line).map_err(|m| invalid(line, m))?);
    }
    Ok(targets)
}

/// A deserialisation error as the column, its value and the fix.
fn csv_message(e: &csv::Error, headers: &csv::StringRecord, record: &csv::StringRecord) -> String {
    if let csv::ErrorKind::Deserialize { err, .. } = e.kind() {
        if let Some(i) = err.field().map(|i| i as usize) {
            let column = headers.get(i).unwrap_or("?");
            let value = record.get(i).unwrap_or("");
            return format!(
                "column `{column}`: `{value}` is not valid ({}); numbers and years are written without separators",
                err.kind()
            );
        }
        return err.to_string();
    }
    e.to_string()
}

/// Reads a targets file: CSV when its name ends in `.csv`, TOML otherwise.
pub fn load(path: &Path) -> Result<Vec<Target>, TargetsError> {
    let text = std::fs::read_to_string(path).map_err(|source| TargetsError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let file = path.display().to_string();
    let is_csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if is_csv {
        parse_csv(&file, &text)
    } else {
        parse_toml(&file, &text)
    }
}

/// Where a target stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    OnTrack,
    OffTrack,
    /// The target lies within the interval, or there is no projection.
    CannotTell,
}

impl Verdict {
    /// The name used in reports: `on-track`, `off-track`, `cannot-tell`.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::OnTrack => "on-track",
            Verdict::OffTrack => "off-track",
            Verdict::CannotTell => "cannot-tell",
        }
    }
}

/// A target set against its series.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    /// The year judged: the target year, or for `per-year` the year with the lowest central value.
    pub year: i32,
    /// The last observed year and its value.
    pub last_observed: Option<(i32, f64)>,
    /// The value in `year` (for `cumulative`, the sum over the target's years): exact where
    /// observed, the projection's interval where projected; `None` when some year has neither.
    pub expected: Option<Interval>,
    /// The constant annual growth from the last observed year that would just reach the target;
    /// `None` when the target year is not after it, the last value is 0, or (cumulative) the
    /// observed years already reach the target.
    pub required_growth: Option<f64>,
    /// The observed series' compound annual growth ([`cagr`]).
    pub observed_growth: Option<f64>,
    /// The projection's method.
    pub method: Method,
    pub verdict: Verdict,
}

/// The value of the series in `year`: observed (exact) up to the last observed year, else the
/// projection's interval; a year missing from the observed series is projected too.
fn value_at(
    observed: &[(i32, f64)],
    last: Option<i32>,
    projection: &Projection,
    year: i32,
    confidence: Confidence,
) -> Option<Interval> {
    let seen = observed
        .iter()
        .find(|p| p.0 == year)
        .map(|p| Interval::exact(p.1));
    match last {
        Some(l) if year <= l => seen.or_else(|| projection.at(year, confidence)),
        _ => projection.at(year, confidence),
    }
}

fn judge(expected: Option<Interval>, value: f64) -> Verdict {
    match expected {
        Some(i) if i.low >= value => Verdict::OnTrack,
        Some(i) if i.high < value => Verdict::OffTrack,
        _ => Verdict::CannotTell,
    }
}

fn sum(values: impl IntoIterator<Item = Option<Interval>>) -> Option<Interval> {
    values.into_iter().try_fold(Interval::exact(0.0), |acc, v| {
        let v = v?;
        Some(Interval::new(
            acc.low + v.low,
            acc.central + v.central,
            acc.high + v.high,
        ))
    })
}

/// The growth g such that Σ_{j in js} v (1 + g)^j = `remaining`, by bisection over −99 % … +10,000 %
/// a year; `None` when no such g lies there.
fn growth_for_sum(v: f64, js: std::ops::RangeInclusive<i32>, remaining: f64) -> Option<f64> {
    let total = |g: f64| js.clone().map(|j| v * (1.0 + g).powi(j)).sum::<f64>();
    let (mut lo, mut hi) = (-0.99, 100.0);
    if !(total(lo) <= remaining && remaining <= total(hi)) {
        return None;
    }
    for _ in 0..200 {
        let mid = (lo + hi) / 2.0;
        if total(mid) < remaining {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Some((lo + hi) / 2.0)
}

fn required_growth(target: &Target, observed: &[(i32, f64)], last: (i32, f64)) -> Option<f64> {
    let (l, v) = last;
    if target.year <= l || v.is_nan() || v <= 0.0 {
        return None;
    }
    match target.kind {
        Kind::Level | Kind::PerYear => {
            Some((target.value / v).powf(1.0 / f64::from(target.year - l)) - 1.0)
        }
        Kind::Cumulative => {
            // Observed years count as they are; the later ones grow from the last observed value.
            let from = target.from.unwrap_or(target.year);
            let seen: f64 = observed
                .iter()
                .filter(|p| p.0 >= from && p.0 <= l)
                .map(|p| p.1)
                .sum();
            let remaining = target.value - seen;
            if remaining <= 0.0 {
                return None;
            }
            growth_for_sum(v, (from.max(l + 1) - l)..=(target.year - l), remaining)
        }
    }
}

/// Assesses `target` against the `observed` series of its measure and scope (one value per year)
/// and that series' `projection`; `horizon` is the last year a `per-year` target is judged in (the
/// projection's horizon, 2030 for the national strategies).
pub fn assess(
    target: &Target,
    observed: &[(i32, f64)],
    projection: &Projection,
    horizon: i32,
    confidence: Confidence,
) -> Assessment {
    let last_observed = observed.iter().copied().max_by_key(|p| p.0);
    let last = last_observed.map(|p| p.0);
    let at = |y| value_at(observed, last, projection, y, confidence);
    let (year, expected, verdict) = match target.kind {
        Kind::Level => {
            let e = at(target.year);
            (target.year, e, judge(e, target.value))
        }
        Kind::Cumulative => {
            let from = target.from.unwrap_or(target.year);
            let e = sum((from..=target.year).map(at));
            (target.year, e, judge(e, target.value))
        }
        Kind::PerYear => per_year(target, horizon, at),
    };
    Assessment {
        year,
        last_observed,
        expected,
        required_growth: last_observed.and_then(|l| required_growth(target, observed, l)),
        observed_growth: cagr(observed),
        method: projection.method,
        verdict,
    }
}

fn per_year(
    target: &Target,
    horizon: i32,
    at: impl Fn(i32) -> Option<Interval>,
) -> (i32, Option<Interval>, Verdict) {
    let years: Vec<(i32, Option<Interval>)> = (target.year..=horizon.max(target.year))
        .map(|y| (y, at(y)))
        .collect();
    let verdicts: Vec<Verdict> = years.iter().map(|(_, e)| judge(*e, target.value)).collect();
    let verdict = if verdicts.contains(&Verdict::OffTrack) {
        Verdict::OffTrack
    } else if verdicts.iter().all(|v| *v == Verdict::OnTrack) {
        Verdict::OnTrack
    } else {
        Verdict::CannotTell
    };
    let binding = years
        .iter()
        .filter_map(|(y, e)| e.map(|e| (*y, e)))
        .min_by(|a, b| a.1.central.total_cmp(&b.1.central));
    match binding {
        Some((y, e)) if years.iter().all(|(_, e)| e.is_some()) => (y, Some(e), verdict),
        _ => (target.year, None, verdict),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outlook::projection::project;
    use crate::stats::close;

    const C90: Confidence = Confidence::NINETY;

    fn target(kind: Kind, value: f64, year: i32, from: Option<i32>) -> Target {
        Target {
            name: "t".into(),
            scope: Scope::National,
            measure: Measure::Demand,
            kind,
            value,
            year,
            from,
            source: "s".into(),
            line: 1,
        }
    }

    /// The noisy series of the log-linear tests; its 90 % intervals (numpy/scipy, see
    /// `stats::loglinear`) are 2025 [256.29, 269.74, 283.88] and 2030 [415.08, 448.66, 484.96].
    fn noisy() -> Vec<(i32, f64)> {
        (2017..)
            .zip([120.0, 131.0, 150.0, 158.0, 181.0, 197.0, 222.0])
            .collect()
    }

    #[test]
    fn the_example_file_parses() {
        let t = parse_toml("targets.toml", EXAMPLE_TARGETS).unwrap();
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].name, "Digital jobs created by 2030");
        assert_eq!(t[0].scope, Scope::Group("ict".into()));
        assert_eq!(
            (t[0].measure, t[0].kind),
            (Measure::Demand, Kind::Cumulative)
        );
        assert_eq!(
            (t[0].value, t[0].year, t[0].from),
            (240_000.0, 2030, Some(2024))
        );
        assert!(t[0].source.starts_with("Morocco Digital 2030"));
        // "100,000 trained a year from 2027": every year from 2027 on, not a level in 2030
        assert_eq!(
            (t[1].measure, t[1].kind, t[1].value, t[1].year, t[1].from),
            (Measure::Supply, Kind::PerYear, 100_000.0, 2027, None)
        );
        assert!(t[0].line < t[1].line);
        assert!(EXAMPLE_TARGETS
            .lines()
            .nth(t[0].line as usize - 1)
            .is_some());
    }

    #[test]
    fn the_sample_job_uses_the_example_file() {
        // sample-data/targets.toml is what `skillgap init` writes; they must not drift apart
        assert_eq!(
            include_str!("../../sample-data/targets.toml"),
            EXAMPLE_TARGETS
        );
    }

    const CSV: &str = "name,scope,measure,kind,value,year,from,source\n\
        Digital jobs created by 2030,ict,demand,cumulative,240000,2030,2024,\"Morocco Digital 2030 (Maroc Digital 2030), national strategy for the digital transition, 2024: 240,000 digital jobs by 2030\"\n\
        Young people trained in digital skills each year,ict,supply,per-year,100000,2027,,\"Morocco Digital 2030 (Maroc Digital 2030), national strategy for the digital transition, 2024: 100,000 young people trained in digital skills per year\"\n";

    #[test]
    fn csv_says_the_same_as_toml() {
        let strip = |ts: Vec<Target>| {
            ts.into_iter()
                .map(|t| Target { line: 0, ..t })
                .collect::<Vec<_>>()
        };
        let from_csv = parse_csv("targets.csv", CSV).unwrap();
        assert_eq!((from_csv[0].line, from_csv[1].line), (2, 3));
        assert_eq!(
            strip(from_csv),
            strip(parse_toml("t.toml", EXAMPLE_TARGETS).unwrap())
        );
    }

    #[test]
    fn load_picks_the_format_by_extension() {
        let dir = tempfile::tempdir().unwrap();
        let (csv, toml) = (dir.path().join("t.CSV"), dir.path().join("t.toml"));
        std::fs::write(&csv, CSV).unwrap();
        std::fs::write(&toml, EXAMPLE_TARGETS).unwrap();
        assert_eq!(load(&csv).unwrap().len(), 2);
        assert_eq!(load(&toml).unwrap().len(), 2);
        assert!(load(&dir.path().join("none.toml"))
            .unwrap_err()
            .to_string()
            .starts_with("cannot read targets file"));
    }

    #[test]
    fn errors_name_the_line_and_the_fix() {
        // Each case edits one valid target: `from => to`, several edits joined by ` && `.
        let base = "[[target]]\nname = \"x\"\nscope = \"national\"\nmeasure = \"demand\"\n\
                    kind = \"level\"\nvalue = 5\nyear = 2030\nsource = \"s\"\n";
        let edits = r#"
            6 | unknown field `valeu` | value = 5 => valeu = 5
            1 | kind = "cumulative" | "demand" => "jobs"
            1 | use demand or supply | "demand" => "wages"
            1 | level, per-year or cumulative | "level" => "by"
            1 | needs `from` | "level" => "cumulative"
            1 | cumulative targets only | year = 2030 => year = 2030\nfrom = 2024
            1 | after `year` | "level" => "cumulative" && year = 2030 => year = 2030\nfrom = 2031
            1 | above 0 | value = 5 => value = 0
            1 | from 1900 to 2100 | year = 2030 => year = 30
            1 | cite where | source = "s" => source = " "
            1 | missing field `source` | source = "s"\n =>
            10 | `name` is empty | [[target]] => [[target]]\nname = "y"\nscope = "national"\nmeasure = "demand"\nkind = "level"\nvalue = 5\nyear = 2030\nsource = "s"\n\n[[target]] && "x" => ""
            1 | invalid type | [[target]] => target = 3\n[x]
            1 | unknown field `other`, expected `target` | [[target]] => [[other]]
        "#;
        crate::util::assert_errors("t.toml", edits, |edit| {
            let text = edit.split(" && ").fold(base.to_string(), |t, e| {
                let (from, to) = e.split_once(" =>").unwrap();
                t.replacen(from, to.strip_prefix(' ').unwrap_or(to), 1)
            });
            parse_toml("t.toml", &text).unwrap_err().to_string()
        });
        let csv = r#"
            3 | column `value`: `22,500` is not valid | a,national,demand,level,22500,2027,,s\nb,national,demand,level,"22,500",2027,,s
            2 | fields | a,national,demand,level,22,500,2027,,s
            2 | cumulative targets only | a,national,demand,level,5,2027,2020,s
        "#;
        let header = "name,scope,measure,kind,value,year,from,source\n";
        crate::util::assert_errors("t.csv", csv, |rows| {
            parse_csv("t.csv", &format!("{header}{rows}\n"))
                .unwrap_err()
                .to_string()
        });
        let msg = parse_csv("t.csv", "name,scope\na,national\n")
            .unwrap_err()
            .to_string();
        assert!(
            msg.starts_with("t.csv, line 2: ") && msg.contains("missing field"),
            "{msg}"
        );
    }

    #[test]
    fn a_projected_level_is_judged_on_its_whole_interval() {
        let s = noisy();
        let p = project(&s, &[], 5);
        let a = assess(&target(Kind::Level, 450.0, 2030, None), &s, &p, 2030, C90);
        assert_eq!(a.verdict, Verdict::CannotTell);
        assert_eq!(a.verdict.label(), "cannot-tell");
        let e = a.expected.unwrap();
        assert!(close(e.low, 415.0826380585856, 1e-8) && close(e.high, 484.95612771742054, 1e-8));
        assert_eq!(a.last_observed, Some((2023, 222.0)));
        // (450 / 222)^(1/7) − 1 against the observed (222 / 120)^(1/6) − 1.
        assert!(close(
            a.required_growth.unwrap(),
            0.10620871860386205,
            1e-12
        ));
        assert!(close(a.observed_growth.unwrap(), 0.1079715818522371, 1e-12));
        assert_eq!(a.method, Method::LogLinear);
        let v = |value| assess(&target(Kind::Level, value, 2030, None), &s, &p, 2030, C90).verdict;
        assert_eq!(v(415.0), Verdict::OnTrack);
        assert_eq!(v(485.0), Verdict::OffTrack);
        assert_eq!(Verdict::OnTrack.label(), "on-track");
        assert_eq!(Verdict::OffTrack.label(), "off-track");
    }

    #[test]
    fn an_observed_year_decides_by_its_value() {
        let s = noisy();
        let p = project(&s, &[], 5);
        let v = |value| assess(&target(Kind::Level, value, 2020, None), &s, &p, 2030, C90);
        assert_eq!(v(158.0).verdict, Verdict::OnTrack); // 158 observed in 2020: met
        assert_eq!(v(158.5).verdict, Verdict::OffTrack);
        assert_eq!(v(158.0).expected, Some(Interval::exact(158.0)));
        assert_eq!(v(158.0).required_growth, None);
    }

    #[test]
    fn a_per_year_target_holds_in_every_year_to_the_horizon() {
        let s = noisy();
        let p = project(&s, &[], 5);
        let a = assess(&target(Kind::PerYear, 250.0, 2025, None), &s, &p, 2030, C90);
        assert_eq!((a.verdict, a.year), (Verdict::OnTrack, 2025));
        assert!(close(a.expected.unwrap().low, 256.2933465215354, 1e-8));
        let v =
            |value| assess(&target(Kind::PerYear, value, 2025, None), &s, &p, 2030, C90).verdict;
        assert_eq!(v(260.0), Verdict::CannotTell);
        assert_eq!(v(290.0), Verdict::OffTrack);
        // Falling 10 % a year from 1000 in 2018: 478.3 in 2025 but 282.4 in 2030.
        let down: Vec<(i32, f64)> = (2018..=2024)
            .map(|y| (y, 1000.0 * 0.9f64.powi(y - 2018)))
            .collect();
        let p = project(&down, &[], 5);
        let a = assess(
            &target(Kind::PerYear, 300.0, 2025, None),
            &down,
            &p,
            2030,
            C90,
        );
        assert_eq!((a.verdict, a.year), (Verdict::OffTrack, 2030));
        assert!(close(a.expected.unwrap().central, 282.4295364810001, 1e-9));
        let a = assess(
            &target(Kind::PerYear, 250.0, 2025, None),
            &down,
            &p,
            2030,
            C90,
        );
        assert_eq!(a.verdict, Verdict::OnTrack);
    }

    #[test]
    fn the_examples_trained_per_year_target_must_hold_from_2027_on() {
        let t = parse_toml("targets.toml", EXAMPLE_TARGETS)
            .unwrap()
            .remove(1);
        // 80,000 trained in 2025 after 10 % a year: 88,000 in 2026, 96,800 in 2027, 106,480 in
        // 2028, 117,128 in 2029 and 128,840.8 in 2030 (an exact trend: its interval is a point).
        let ten: Vec<(i32, f64)> = (2021..=2025)
            .map(|y| (y, 80_000.0 / 1.1f64.powi(2025 - y)))
            .collect();
        let p = project(&ten, &[], 5);
        let a = assess(&t, &ten, &p, 2030, C90);
        // short in 2027, the binding year, though 2030 is above 100,000
        assert_eq!((a.verdict, a.year), (Verdict::OffTrack, 2027));
        assert!(close(a.expected.unwrap().central, 96_800.0, 1e-9));
        // (100,000 / 80,000)^(1/2) − 1: the growth that reaches it in 2027
        assert!(close(a.required_growth.unwrap(), 0.118033988749895, 1e-9));
        assert!(close(a.observed_growth.unwrap(), 0.1, 1e-9));
        // read as a level in 2030, the same series would pass
        let level = Target {
            kind: Kind::Level,
            year: 2030,
            ..t.clone()
        };
        assert_eq!(
            assess(&level, &ten, &p, 2030, C90).verdict,
            Verdict::OnTrack
        );
        // at 20 % a year: 96,000 in 2026, then 115,200 in 2027 and more every year after
        let twenty: Vec<(i32, f64)> = (2021..=2025)
            .map(|y| (y, 80_000.0 / 1.2f64.powi(2025 - y)))
            .collect();
        let p = project(&twenty, &[], 5);
        let a = assess(&t, &twenty, &p, 2030, C90);
        assert_eq!((a.verdict, a.year), (Verdict::OnTrack, 2027));
        assert!(close(a.expected.unwrap().central, 115_200.0, 1e-9));
    }

    #[test]
    fn a_cumulative_target_sums_observed_and_projected_years() {
        // 100, 110, 121, 133.1, 146.41 in 2020–2024; projected 161.051 and 177.1561.
        let s: Vec<(i32, f64)> = (2020..=2024)
            .map(|y| (y, 100.0 * 1.1f64.powi(y - 2020)))
            .collect();
        let p = project(&s, &[], 5);
        let t = |value| target(Kind::Cumulative, value, 2026, Some(2022));
        let a = assess(&t(700.0), &s, &p, 2030, C90);
        assert!(close(a.expected.unwrap().central, 738.7171, 1e-10));
        assert_eq!(a.verdict, Verdict::OnTrack);
        let a = assess(&t(800.0), &s, &p, 2030, C90);
        assert_eq!(a.verdict, Verdict::OffTrack);
        // 146.41 ((1 + g) + (1 + g)²) = 800 − 400.51
        assert!(close(a.required_growth.unwrap(), 0.22585354327588325, 1e-9));
        // Already reached by the observed years: no growth is required.
        assert_eq!(assess(&t(400.0), &s, &p, 2030, C90).required_growth, None);
        // Counting starts after the last observed year: the growth compounds from 2024 all the same.
        let later = target(Kind::Cumulative, 177.1561, 2026, Some(2026));
        assert!(close(
            assess(&later, &s, &p, 2030, C90).required_growth.unwrap(),
            0.1,
            1e-9
        ));
    }

    #[test]
    fn without_history_one_cannot_tell() {
        let s = [(2023, 10.0), (2024, 12.0)];
        let p = project(&s, &[], 5);
        for kind in [Kind::Level, Kind::PerYear] {
            let a = assess(&target(kind, 5.0, 2030, None), &s, &p, 2030, C90);
            assert_eq!(
                (a.verdict, a.expected, a.method),
                (Verdict::CannotTell, None, Method::InsufficientHistory)
            );
            assert!(a.required_growth.is_some()); // from 12 in 2024 to 5 in 2030: a decline
        }
        let a = assess(
            &target(Kind::Cumulative, 5.0, 2030, Some(2023)),
            &s,
            &p,
            2030,
            C90,
        );
        assert_eq!((a.verdict, a.expected), (Verdict::CannotTell, None));
        let a = assess(&target(Kind::Level, 5.0, 2030, None), &[], &p, 2030, C90);
        assert_eq!(
            (a.last_observed, a.required_growth, a.observed_growth),
            (None, None, None)
        );
    }
}
