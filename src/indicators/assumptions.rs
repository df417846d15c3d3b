//! The assumptions file: the stated corrections that turn counted postings and graduates into
//! estimates of the labour market's demand and of the supply that reaches it.
//!
//! ```toml
//! lag_years = 1                      # graduates of year Y are counted in year Y + 1
//! [coverage]                         # share of all vacancies that each posting source carries
//! rekrute = 0.35
//! default = 1.0
//! [entry_rate]                       # share of a level's graduates who enter the job market
//! "Technicien spécialisé" = { low = 0.6, central = 0.7, high = 0.8 }
//! default = 1.0
//! [leakage]                          # share lost to other fields or abroad, by specialisation
//! ict = 0.08                         #   id, else by family id, else `default`
//! ```
//!
//! Every value is a number (low = central = high) or a table `{ low, central, high }` with
//! low ≤ central ≤ high. Keys are compared folded, like every label (`Rekrute` = `rekrute`). A
//! missing table or `default` is the identity: coverage 1, entry rate 1, leakage 0, lag 0.
//!
//! **Effective quantities.** For a cell, demand = Σ over postings of vacancies ÷ coverage(source),
//! and supply = Σ over graduates of graduates × entry_rate(level) × (1 − leakage(specialisation)).
//! Each is given as a range over the scenarios, paired so that *low* means the lowest value of
//! that quantity: low demand divides by the *high* coverage, low supply takes the low entry rate and
//! the *high* leakage. A derived quantity takes the extremes: the gap's range is
//! [D_low − S_high, D_high − S_low] (see [`crate::indicators::gap`]).
//!
//! **Arithmetic.** Units are summed as exact integers per coverage (or per entry-rate and leakage)
//! entry, then each sum is multiplied once in f64 and the products added in key order, so the result
//! does not depend on the order of the rows. With the identity assumptions every factor is 1 and
//! every sum an integer below 2^53, so the result is exactly today's integer total.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use toml::Spanned;

use crate::stats::Interval;
use crate::taxonomy::fold;
use crate::util::{line_at, toml_from_str};

/// A problem with an assumptions file.
#[derive(Debug, thiserror::Error)]
pub enum AssumptionsError {
    #[error("cannot read assumptions file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The message says what is wrong and how to fix it.
    #[error("{path}, line {line}: {message}")]
    Invalid {
        path: PathBuf,
        line: usize,
        message: String,
    },
}

/// The key that holds a table's fallback value.
pub const DEFAULT_KEY: &str = "default";

/// One written entry: the key as written, its value and its line.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub value: Interval,
    pub line: usize,
}

/// One table of the file (`[coverage]`, `[entry_rate]` or `[leakage]`): entries by folded key, and
/// the `default`.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    entries: BTreeMap<String, Entry>,
    default: Interval,
}

impl Table {
    fn identity(value: f64) -> Table {
        Table {
            entries: BTreeMap::new(),
            default: Interval::exact(value),
        }
    }

    /// The folded key of the entry that applies to `label`, or `None` for the default.
    fn resolve(&self, label: &str) -> Option<&str> {
        let k = fold(label);
        self.entries.get_key_value(&k).map(|(k, _)| k.as_str())
    }

    fn value(&self, key: Option<&str>) -> Interval {
        key.and_then(|k| self.entries.get(k))
            .map_or(self.default, |e| e.value)
    }

    /// The entries as written (without the default), in folded-key order.
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.entries.values()
    }

    /// The value used for keys without an entry.
    pub fn default_value(&self) -> Interval {
        self.default
    }

    fn has_ranges(&self) -> bool {
        let ranged = |v: Interval| v.low != v.high;
        ranged(self.default) || self.entries.values().any(|e| ranged(e.value))
    }

    fn is_all(&self, x: f64) -> bool {
        self.default == Interval::exact(x)
            && self.entries.values().all(|e| e.value == Interval::exact(x))
    }
}

/// A parsed and checked assumptions file.
#[derive(Debug, Clone, PartialEq)]
pub struct Assumptions {
    /// Years between graduation and entry into the job market (graduates of Y count in Y + lag).
    pub lag_years: u32,
    pub coverage: Table,
    pub entry_rate: Table,
    pub leakage: Table,
    sha256: String,
}

impl Default for Assumptions {
    /// The identity: what skillgap computes without an assumptions file.
    fn default() -> Assumptions {
        Assumptions {
            lag_years: 0,
            coverage: Table::identity(1.0),
            entry_rate: Table::identity(1.0),
            leakage: Table::identity(0.0),
            sha256: String::new(),
        }
    }
}

/// A value as written: a number, or `{ low, central, high }`.
struct RawValue(Interval);

impl<'de> Deserialize<'de> for RawValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<RawValue, D::Error> {
        d.deserialize_any(RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = RawValue;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a number, or a table { low = .., central = .., high = .. }")
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawValue, E> {
        Ok(RawValue(Interval::exact(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawValue, E> {
        Ok(RawValue(Interval::exact(v as f64)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawValue, E> {
        Ok(RawValue(Interval::exact(v as f64)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawValue, A::Error> {
        let mut parts: [Option<f64>; 3] = [None; 3];
        const NAMES: [&str; 3] = ["low", "central", "high"];
        while let Some(key) = map.next_key::<String>()? {
            let Some(i) = NAMES.iter().position(|n| *n == key) else {
                return Err(de::Error::unknown_field(&key, &NAMES));
            };
            if parts[i].replace(map.next_value::<f64>()?).is_some() {
                return Err(de::Error::duplicate_field(NAMES[i]));
            }
        }
        match parts {
            [Some(low), Some(central), Some(high)] => {
                Ok(RawValue(Interval::new(low, central, high)))
            }
            _ => {
                let missing: Vec<&str> = (0..3)
                    .filter(|&i| parts[i].is_none())
                    .map(|i| NAMES[i])
                    .collect();
                Err(de::Error::custom(format!(
                    "missing {} in the table; write {{ low = .., central = .., high = .. }}",
                    missing.join(", ")
                )))
            }
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    /// A number rather than an integer, so that `1.5` gets this module's message.
    lag_years: Option<Spanned<f64>>,
    #[serde(default)]
    coverage: BTreeMap<String, Spanned<RawValue>>,
    #[serde(default)]
    entry_rate: BTreeMap<String, Spanned<RawValue>>,
    #[serde(default)]
    leakage: BTreeMap<String, Spanned<RawValue>>,
}

/// What a table's values may be, and how to say so.
struct Rule {
    table: &'static str,
    identity: f64,
    /// Is 0 allowed? (A coverage of 0 would divide by zero.)
    zero: bool,
    meaning: &'static str,
}

const COVERAGE: Rule = Rule {
    table: "coverage",
    identity: 1.0,
    zero: false,
    meaning: "the share of all vacancies that the source carries, above 0 and at most 1",
};
const ENTRY_RATE: Rule = Rule {
    table: "entry_rate",
    identity: 1.0,
    zero: true,
    meaning: "the share of graduates who enter the job market, from 0 to 1",
};
const LEAKAGE: Rule = Rule {
    table: "leakage",
    identity: 0.0,
    zero: true,
    meaning: "the share of graduates lost to other fields or abroad, from 0 to 1",
};

fn check_value(rule: &Rule, key: &str, v: Interval) -> Result<(), String> {
    let allowed = |x: f64| x.is_finite() && x <= 1.0 && (x > 0.0 || (rule.zero && x == 0.0));
    for x in [v.low, v.central, v.high] {
        if !allowed(x) {
            let hint = if x > 1.0 && x <= 100.0 {
                format!(" (for {x} %, write {})", x / 100.0)
            } else {
                String::new()
            };
            return Err(format!(
                "`{}.{key}` is {x}: it must be {}{hint}",
                rule.table, rule.meaning
            ));
        }
    }
    if !(v.low <= v.central && v.central <= v.high) {
        return Err(format!(
            "`{}.{key}`: low ({}), central ({}) and high ({}) must be in increasing order",
            rule.table, v.low, v.central, v.high
        ));
    }
    Ok(())
}

fn build_table(
    rule: &Rule,
    raw: BTreeMap<String, Spanned<RawValue>>,
    text: &str,
) -> Result<Table, (usize, String)> {
    let mut table = Table::identity(rule.identity);
    for (key, value) in raw {
        let line = line_at(text, value.span().start);
        let value = value.into_inner().0;
        check_value(rule, &key, value).map_err(|m| (line, m))?;
        let folded = fold(&key);
        if folded.is_empty() {
            return Err((
                line,
                format!("`{}` has an empty key; name a {}", rule.table, rule.table),
            ));
        }
        if folded == DEFAULT_KEY {
            table.default = value;
            continue;
        }
        let entry = Entry {
            key: key.clone(),
            value,
            line,
        };
        if let Some(first) = table.entries.insert(folded, entry) {
            return Err((
                line,
                format!(
                    "`{}.{key}` is the same key as `{}` on line {} (keys are compared without case, accents or punctuation); keep one",
                    rule.table, first.key, first.line
                ),
            ));
        }
    }
    Ok(table)
}

/// One participant in a supply sum: graduates' units of one level and specialisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GraduateUnits<'a> {
    /// The level (diploma) of the graduates, as in the graduates file.
    pub level: &'a str,
    /// The specialisation id.
    pub specialisation: &'a str,
    /// The specialisation's family id.
    pub family: &'a str,
    /// Graduates, in any integer unit (parts of WEIGHT_SCALE in the pipeline).
    pub units: u64,
}

impl Assumptions {
    /// Reads and checks an assumptions file.
    pub fn load(path: &Path) -> Result<Assumptions, AssumptionsError> {
        let bytes = std::fs::read(path).map_err(|source| AssumptionsError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let text = String::from_utf8(bytes).map_err(|e| AssumptionsError::Invalid {
            path: path.to_path_buf(),
            line: line_at(
                &String::from_utf8_lossy(e.as_bytes()),
                e.utf8_error().valid_up_to(),
            ),
            message: "the file is not UTF-8; save it as UTF-8".into(),
        })?;
        Assumptions::parse(path, &text)
    }

    /// Parses and checks the text of an assumptions file; `path` is for messages.
    pub fn parse(path: &Path, text: &str) -> Result<Assumptions, AssumptionsError> {
        let invalid = |line: usize, message: String| AssumptionsError::Invalid {
            path: path.to_path_buf(),
            line,
            message,
        };
        let raw: RawFile = toml_from_str(text).map_err(|(line, m)| invalid(line, m))?;
        let lag_years = match raw.lag_years {
            None => 0,
            Some(lag) => {
                let line = line_at(text, lag.span().start);
                let v = *lag.get_ref();
                if !(v.fract() == 0.0 && (0.0..=100.0).contains(&v)) {
                    return Err(invalid(
                        line,
                        format!(
                            "`lag_years` is {v}: it must be a whole number of years, from 0 to 100"
                        ),
                    ));
                }
                v as u32
            }
        };
        let table = |rule: &Rule, raw| build_table(rule, raw, text).map_err(|(l, m)| invalid(l, m));
        Ok(Assumptions {
            lag_years,
            coverage: table(&COVERAGE, raw.coverage)?,
            entry_rate: table(&ENTRY_RATE, raw.entry_rate)?,
            leakage: table(&LEAKAGE, raw.leakage)?,
            sha256: crate::util::hex(&Sha256::digest(text.as_bytes())),
        })
    }

    /// The SHA-256 of the file's bytes, in lower-case hexadecimal (empty for [`Assumptions::default`]),
    /// for the manifest: which assumptions a published figure rests on.
    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    /// The coverage of a posting source (the `default` for a source without an entry).
    pub fn coverage(&self, source: &str) -> Interval {
        self.coverage.value(self.coverage.resolve(source))
    }

    /// True when some source has a coverage of its own: only then must the postings' tally keep
    /// the sources apart.
    pub fn names_sources(&self) -> bool {
        !self.coverage.entries.is_empty()
    }

    /// True when some level has an entry rate of its own: only then must the graduates' tally
    /// keep the levels apart.
    pub fn names_levels(&self) -> bool {
        !self.entry_rate.entries.is_empty()
    }

    /// The entry rate of a graduate level.
    pub fn entry_rate(&self, level: &str) -> Interval {
        self.entry_rate.value(self.entry_rate.resolve(level))
    }

    /// The leakage of a specialisation: its own entry, else its family's, else the `default`.
    pub fn leakage(&self, specialisation: &str, family: &str) -> Interval {
        self.leakage.value(self.leakage_key(specialisation, family))
    }

    fn leakage_key(&self, specialisation: &str, family: &str) -> Option<&str> {
        self.leakage
            .resolve(specialisation)
            .or_else(|| self.leakage.resolve(family))
    }

    /// True when the assumptions change nothing: lag 0, every coverage and entry rate 1, every
    /// leakage 0.
    pub fn is_identity(&self) -> bool {
        self.lag_years == 0
            && self.coverage.is_all(1.0)
            && self.entry_rate.is_all(1.0)
            && self.leakage.is_all(0.0)
    }

    /// True when some value is given as a low–high range: the report then shows the scenario
    /// extremes.
    pub fn has_ranges(&self) -> bool {
        [&self.coverage, &self.entry_rate, &self.leakage]
            .iter()
            .any(|t| t.has_ranges())
    }

    /// The year in which the graduates of `cohort_year` are counted: `cohort_year + lag_years`.
    pub fn counted_in(&self, cohort_year: i32) -> i32 {
        cohort_year.saturating_add_unsigned(self.lag_years)
    }

    /// The cohort whose graduates are counted in `year`: `year − lag_years`.
    pub fn cohort_for(&self, year: i32) -> i32 {
        year.saturating_sub_unsigned(self.lag_years)
    }

    /// Effective demand: Σ units ÷ coverage(source) over `(source, units)` pairs, as a range (low
    /// demand divides by the high coverage). See the module doc for the arithmetic.
    pub fn effective_demand<'a>(
        &self,
        postings: impl IntoIterator<Item = (&'a str, u64)>,
    ) -> Interval {
        let mut sums: BTreeMap<Option<&str>, u128> = BTreeMap::new();
        for (source, units) in postings {
            *sums.entry(self.coverage.resolve(source)).or_default() += u128::from(units);
        }
        let mut total = Interval::exact(0.0);
        for (key, units) in sums {
            let c = self.coverage.value(key);
            let u = units as f64;
            total.low += u / c.high;
            total.central += u / c.central;
            total.high += u / c.low;
        }
        total
    }

    /// Effective supply: Σ units × entry_rate(level) × (1 − leakage(specialisation)), as a range
    /// (low supply takes the low entry rate and the high leakage). See the module doc.
    pub fn effective_supply<'a>(
        &self,
        graduates: impl IntoIterator<Item = GraduateUnits<'a>>,
    ) -> Interval {
        let mut sums: BTreeMap<(Option<&str>, Option<&str>), u128> = BTreeMap::new();
        for g in graduates {
            let key = (
                self.entry_rate.resolve(g.level),
                self.leakage_key(g.specialisation, g.family),
            );
            *sums.entry(key).or_default() += u128::from(g.units);
        }
        let mut total = Interval::exact(0.0);
        for ((entry, leak), units) in sums {
            let (e, l) = (self.entry_rate.value(entry), self.leakage.value(leak));
            let u = units as f64;
            total.low += u * e.low * (1.0 - l.high);
            total.central += u * e.central * (1.0 - l.central);
            total.high += u * e.high * (1.0 - l.low);
        }
        total
    }

    /// The entries of the file that apply to nothing in the data, as (table, key as written,
    /// line): a coverage whose source no posting has, an entry rate whose level no cohort has, a
    /// leakage whose specialisation or family no graduate counted belongs to. Often a misspelt
    /// key, whose figures then fall back on the `default` without a word.
    pub fn unused<'a>(
        &self,
        sources: impl IntoIterator<Item = &'a str>,
        graduates: impl IntoIterator<Item = GraduateUnits<'a>>,
    ) -> Vec<(&'static str, &str, usize)> {
        let used_sources: std::collections::BTreeSet<&str> = (sources.into_iter())
            .filter_map(|s| self.coverage.resolve(s))
            .collect();
        let (mut levels, mut leaks) = (std::collections::BTreeSet::new(), Vec::new());
        for g in graduates {
            levels.extend(self.entry_rate.resolve(g.level));
            leaks.push(fold(g.specialisation));
            leaks.push(fold(g.family));
        }
        let mut out = Vec::new();
        for (name, table, used) in [
            ("coverage", &self.coverage, &used_sources),
            ("entry_rate", &self.entry_rate, &levels),
        ] {
            out.extend(
                (table.entries.iter())
                    .filter(|(k, _)| !used.contains(k.as_str()))
                    .map(|(_, e)| (name, e.key.as_str(), e.line)),
            );
        }
        out.extend(
            (self.leakage.entries.iter())
                .filter(|(k, _)| !leaks.contains(k))
                .map(|(_, e)| ("leakage", e.key.as_str(), e.line)),
        );
        out
    }

    /// A canonical description for reports and manifests: one line per setting, the entries in
    /// folded-key order with their keys as written, a range written `central (low–high)`. Two files
    /// that differ only in spacing, order, comments or number spelling (`1` / `1.0`) have the same
    /// description.
    pub fn describe(&self) -> String {
        let mut s = format!("lag_years = {}\n", self.lag_years);
        for (name, table) in [
            ("coverage", &self.coverage),
            ("entry_rate", &self.entry_rate),
            ("leakage", &self.leakage),
        ] {
            let _ = write!(s, "{name}: {DEFAULT_KEY} {}", show(table.default));
            for e in table.entries() {
                let _ = write!(s, "; {} {}", e.key, show(e.value));
            }
            s.push('\n');
        }
        s
    }
}

fn show(v: Interval) -> String {
    if v.low == v.high {
        format!("{}", v.central)
    } else {
        format!("{} ({}–{})", v.central, v.low, v.high)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = r#"lag_years = 1
[coverage]
rekrute = 0.35
default = 1.0
[entry_rate]
"Technicien spécialisé" = { low = 0.6, central = 0.7, high = 0.8 }
default = 1.0
[leakage]
ict = 0.08
"#;

    fn parse(text: &str) -> Result<Assumptions, AssumptionsError> {
        Assumptions::parse(Path::new("assumptions.toml"), text)
    }

    fn error(text: &str) -> String {
        parse(text).unwrap_err().to_string()
    }

    #[test]
    fn the_example_parses() {
        let a = parse(EXAMPLE).unwrap();
        assert_eq!(a.lag_years, 1);
        assert_eq!(a.coverage("Rekrute"), Interval::exact(0.35));
        assert_eq!(a.coverage("anapec"), Interval::exact(1.0));
        assert_eq!(
            a.entry_rate("TECHNICIEN SPECIALISE"),
            Interval::new(0.6, 0.7, 0.8)
        );
        assert_eq!(a.entry_rate("Licence"), Interval::exact(1.0));
        assert_eq!(a.leakage("cybersecurity", "ict"), Interval::exact(0.08));
        assert_eq!(a.leakage("nursing", "health"), Interval::exact(0.0));
        assert!(!a.is_identity());
        assert_eq!(a.counted_in(2023), 2024);
        assert_eq!(a.cohort_for(2024), 2023);
        // sha256 of the exact bytes: printf '%s' "$EXAMPLE" | sha256sum
        assert_eq!(a.sha256().len(), 64);
        assert_eq!(
            a.sha256(),
            crate::util::hex(&Sha256::digest(EXAMPLE.as_bytes()))
        );
    }

    #[test]
    fn leakage_falls_back_from_specialisation_to_family_to_default() {
        let a = parse("[leakage]\ndata = 0.2\nict = 0.1\ndefault = 0.05\n").unwrap();
        assert_eq!(a.leakage("data", "ict").central, 0.2);
        assert_eq!(a.leakage("cloud", "ict").central, 0.1);
        assert_eq!(a.leakage("nursing", "health").central, 0.05);
    }

    #[test]
    fn empty_and_identity_files_are_the_identity() {
        for text in [
            "",
            "lag_years = 0\n[coverage]\ndefault = 1\n[leakage]\nict = 0\n",
            "[entry_rate]\nLicence = { low = 1, central = 1, high = 1 }\n",
        ] {
            assert!(parse(text).unwrap().is_identity(), "{text}");
        }
        assert!(Assumptions::default().is_identity());
        assert!(!parse("lag_years = 2").unwrap().is_identity());
        assert!(!parse("[leakage]\ndefault = 0.1").unwrap().is_identity());
    }

    #[test]
    fn errors_name_the_line_and_the_fix() {
        let table = r#"
            3 | above 0 and at most 1 | lag_years = 1\n[coverage]\nrekrute = 0\n
            2 | for 35 %, write 0.35 | [coverage]\nrekrute = 35\n
            2 | above 0 | [coverage]\nx = -0.1\n
            3 | from 0 to 1 | \n[entry_rate]\nBac = 1.5\n
            2 | from 0 to 1 | [leakage]\nict = -0.01\n
            2 | increasing order | [entry_rate]\nBac = { low = 0.8, central = 0.7, high = 0.9 }\n
            2 | missing high | [entry_rate]\nBac = { low = 0.6, central = 0.7 }\n
            2 | unknown field `mid` | [entry_rate]\nBac = { low = 0.6, mid = 0.7, high = 0.8 }\n
            2 | unknown field `lag` | lag_years = 1\nlag = 2\n
            3 | unknown field `coverge` | \n\n[coverge]\nx = 1\n
            1 | from 0 to 100 | lag_years = -1\n
            1 | whole number | lag_years = 1.5\n
            1 | expected f64 | lag_years = "1"\n
            2 | a number, or a table | [coverage]\nx = "half"\n
            2 | above 0 | [coverage]\nx = nan\n
            3 | same key as `ReKrute` on line 2 | [coverage]\nReKrute = 0.3\n"rekrute" = 0.4\n
        "#;
        crate::util::assert_errors("assumptions.toml", table, error);
    }

    #[test]
    fn the_identity_reproduces_integer_totals_exactly() {
        let a = Assumptions::default();
        // Units near 2^52 stay exact.
        let big = (1u64 << 52) - 3;
        let d = a.effective_demand([("rekrute", big), ("anapec", 3), ("", 0)]);
        assert_eq!(d, Interval::exact((1u64 << 52) as f64));
        let s = a.effective_supply([
            GraduateUnits {
                level: "Licence",
                specialisation: "data",
                family: "ict",
                units: 12_345,
            },
            GraduateUnits {
                level: "Master",
                specialisation: "law",
                family: "law",
                units: 6_655,
            },
        ]);
        assert_eq!(s, Interval::exact(19_000.0));
    }

    #[test]
    fn effective_demand_divides_by_coverage_with_low_demand_at_high_coverage() {
        let a =
            parse("[coverage]\nrekrute = { low = 0.25, central = 0.5, high = 1 }\ndefault = 1\n")
                .unwrap();
        // 10 vacancies on rekrute and 5 on another board.
        let d = a.effective_demand([("rekrute", 6), ("Anapec", 5), ("REKRUTE", 4)]);
        assert_eq!(d, Interval::new(10.0 + 5.0, 20.0 + 5.0, 40.0 + 5.0));
        // The order of the rows does not matter.
        let e = a.effective_demand([("REKRUTE", 4), ("Anapec", 5), ("rekrute", 6)]);
        assert_eq!(d, e);
    }

    #[test]
    fn effective_supply_applies_entry_and_leakage_with_low_supply_at_high_leakage() {
        let a = parse(EXAMPLE).unwrap();
        let g = |level, specialisation, family, units| GraduateUnits {
            level,
            specialisation,
            family,
            units,
        };
        let s = a.effective_supply([
            g("Technicien spécialisé", "cloud", "ict", 1000),
            g("Technicien spécialisé", "nursing", "health", 100),
            g("Licence", "data", "ict", 500),
        ]);
        // 1000 × (0.6, 0.7, 0.8) × 0.92 + 100 × (0.6, 0.7, 0.8) + 500 × 0.92
        let want = Interval::new(
            1000.0 * 0.6 * 0.92 + 100.0 * 0.6 + 500.0 * 0.92,
            1000.0 * 0.7 * 0.92 + 100.0 * 0.7 + 500.0 * 0.92,
            1000.0 * 0.8 * 0.92 + 100.0 * 0.8 + 500.0 * 0.92,
        );
        for (got, want) in [
            (s.low, want.low),
            (s.central, want.central),
            (s.high, want.high),
        ] {
            assert!((got - want).abs() < 1e-9, "{got} vs {want}");
        }
        let leaky = parse("[leakage]\nict = { low = 0.1, central = 0.2, high = 0.5 }\n").unwrap();
        let s = leaky.effective_supply([g("Licence", "data", "ict", 100)]);
        assert_eq!(s, Interval::new(50.0, 80.0, 90.0));
    }

    #[test]
    fn entries_that_apply_to_nothing_are_named_with_their_line() {
        let a = parse(EXAMPLE).unwrap();
        let g = |level, specialisation, family| GraduateUnits {
            level,
            specialisation,
            family,
            units: 1,
        };
        // `Rekrute` is rekrute; no cohort is "Technicien spécialisé", none is in ict
        let unused = a.unused(["Rekrute", "anapec"], [g("Licence", "nursing", "health")]);
        assert_eq!(
            unused,
            [
                ("entry_rate", "Technicien spécialisé", 6),
                ("leakage", "ict", 9)
            ]
        );
        let used = a.unused(["REKRUTE"], [g("TECHNICIEN SPECIALISE", "cloud", "ict")]);
        assert!(used.is_empty(), "{used:?}");
        // a source no posting has
        assert_eq!(
            a.unused([], [g("Technicien spécialisé", "data", "ict")]),
            [("coverage", "rekrute", 3)]
        );
    }

    #[test]
    fn the_description_is_canonical() {
        let a = parse(EXAMPLE).unwrap();
        assert_eq!(
            a.describe(),
            "lag_years = 1\n\
             coverage: default 1; rekrute 0.35\n\
             entry_rate: default 1; Technicien spécialisé 0.7 (0.6–0.8)\n\
             leakage: default 0; ict 0.08\n"
        );
        let reordered = "lag_years = 1\n[leakage]\nict = 0.08\n# a comment\n[entry_rate]\n\
            default = 1\n\"Technicien spécialisé\" = { high = 0.8, low = 0.6, central = 0.7 }\n\
            [coverage]\ndefault = 1\nrekrute = 0.35\n";
        let b = parse(reordered).unwrap();
        assert_eq!(a.describe(), b.describe());
        assert_ne!(a.sha256(), b.sha256());
    }

    #[test]
    fn load_reads_the_file_and_reports_missing_ones() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        std::fs::write(&path, EXAMPLE).unwrap();
        assert_eq!(Assumptions::load(&path).unwrap(), parse(EXAMPLE).unwrap());
        let err = Assumptions::load(&dir.path().join("none.toml")).unwrap_err();
        assert!(err.to_string().starts_with("cannot read assumptions file"));
        std::fs::write(&path, b"lag_years = 1\n[coverage]\nr\xe9krute = 0.5\n").unwrap();
        let err = Assumptions::load(&path).unwrap_err().to_string();
        assert!(err.contains("line 3") && err.contains("UTF-8"), "{err}");
    }
}
