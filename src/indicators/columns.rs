//! What a report says beyond the gap: the indicators of one row, the extra columns that show
//! them, and the settings that ask for them.
//!
//! The indicators come in four groups, each asked for on its own:
//!
//! - **scenario**: demand, supply and gap at the extremes of the assumptions' low/high values
//!   (`--assumptions`, when a value is a range);
//! - **interval**: the 90 % interval of demand (Garwood, on the postings counted), carried through
//!   the scenario range, and the gap's and the ratio's (with a rating);
//! - **rating**: `shortage` / `balanced` / `surplus` / `no-assessment`, or the five bands
//!   (`--rating`);
//! - **concentration**: location quotients of demand and supply, their ratio and mismatch class,
//!   demand and supply per 100,000 inhabitants (`--concentration`).
//!
//! Every format that has room shows the groups asked for; CSV keeps today's header and adds only
//! the columns named with `--columns` (which also asks for their groups).

use serde::Serialize;

use super::assumptions::Assumptions;
use super::rating::RatingScheme;

/// An extra column of the report, by its CSV header (also its JSON field).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum Extra {
    /// Demand at the low end of the assumptions.
    DemandLow,
    /// Demand at the high end of the assumptions.
    DemandHigh,
    /// Supply at the low end of the assumptions.
    SupplyLow,
    /// Supply at the high end of the assumptions.
    SupplyHigh,
    /// The gap's low end: low demand minus high supply.
    GapLow,
    /// The gap's high end: high demand minus low supply.
    GapHigh,
    /// The lower bound of demand's 90 % interval.
    DemandCiLow,
    /// The upper bound of demand's 90 % interval.
    DemandCiHigh,
    /// The lower bound of the gap's 90 % interval.
    GapCiLow,
    /// The upper bound of the gap's 90 % interval.
    GapCiHigh,
    /// The lower bound of the ratio's 90 % interval.
    RatioCiLow,
    /// The upper bound of the ratio's 90 % interval.
    RatioCiHigh,
    /// The rating (threshold scheme or bands).
    Rating,
    /// The location quotient of demand.
    LqDemand,
    /// The location quotient of supply.
    LqSupply,
    /// lq_demand / lq_supply.
    LqRatio,
    /// The location quotient of demand of the row's region × its specialisation's family (a
    /// region × specialisation report only).
    LqFamilyDemand,
    /// The location quotient of supply of the row's region × its specialisation's family.
    LqFamilySupply,
    /// train-where-the-jobs-are or jobs-elsewhere.
    Mismatch,
    /// Demand per 100,000 inhabitants of the region.
    #[value(name = "demand_per_100k")]
    DemandPer100k,
    /// Supply per 100,000 inhabitants of the region.
    #[value(name = "supply_per_100k")]
    SupplyPer100k,
}

/// The groups of indicators, each computed when asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    Scenario,
    Interval,
    Rating,
    Concentration,
}

impl Extra {
    /// Every extra column, in the order reports show them.
    pub const ALL: [Extra; 21] = [
        Extra::DemandLow,
        Extra::DemandHigh,
        Extra::SupplyLow,
        Extra::SupplyHigh,
        Extra::GapLow,
        Extra::GapHigh,
        Extra::DemandCiLow,
        Extra::DemandCiHigh,
        Extra::GapCiLow,
        Extra::GapCiHigh,
        Extra::RatioCiLow,
        Extra::RatioCiHigh,
        Extra::Rating,
        Extra::LqDemand,
        Extra::LqSupply,
        Extra::LqRatio,
        Extra::LqFamilyDemand,
        Extra::LqFamilySupply,
        Extra::Mismatch,
        Extra::DemandPer100k,
        Extra::SupplyPer100k,
    ];

    /// The CSV header and JSON field.
    pub fn id(self) -> &'static str {
        match self {
            Extra::DemandLow => "demand_low",
            Extra::DemandHigh => "demand_high",
            Extra::SupplyLow => "supply_low",
            Extra::SupplyHigh => "supply_high",
            Extra::GapLow => "gap_low",
            Extra::GapHigh => "gap_high",
            Extra::DemandCiLow => "demand_ci_low",
            Extra::DemandCiHigh => "demand_ci_high",
            Extra::GapCiLow => "gap_ci_low",
            Extra::GapCiHigh => "gap_ci_high",
            Extra::RatioCiLow => "ratio_ci_low",
            Extra::RatioCiHigh => "ratio_ci_high",
            Extra::Rating => "rating",
            Extra::LqDemand => "lq_demand",
            Extra::LqSupply => "lq_supply",
            Extra::LqRatio => "lq_ratio",
            Extra::LqFamilyDemand => "lq_family_demand",
            Extra::LqFamilySupply => "lq_family_supply",
            Extra::Mismatch => "mismatch",
            Extra::DemandPer100k => "demand_per_100k",
            Extra::SupplyPer100k => "supply_per_100k",
        }
    }

    /// The group that computes it.
    pub fn group(self) -> Group {
        use Extra::*;
        match self {
            DemandLow | DemandHigh | SupplyLow | SupplyHigh | GapLow | GapHigh => Group::Scenario,
            DemandCiLow | DemandCiHigh | GapCiLow | GapCiHigh | RatioCiLow | RatioCiHigh => {
                Group::Interval
            }
            Rating => Group::Rating,
            LqDemand | LqSupply | LqRatio | LqFamilyDemand | LqFamilySupply | Mismatch
            | DemandPer100k | SupplyPer100k => Group::Concentration,
        }
    }

    /// Whether the reports for people (table, Markdown, HTML) show it: the intervals are in the
    /// workbook and the JSON, the per-100,000 rates and the families' quotients in the HTML
    /// concentration view.
    pub fn for_people(self) -> bool {
        match self.group() {
            Group::Interval => false,
            Group::Concentration => {
                matches!(self, Extra::LqDemand | Extra::LqSupply | Extra::Mismatch)
            }
            Group::Scenario | Group::Rating => true,
        }
    }

    /// Whether a report grouped by `by` has values in the column: the families' quotients need
    /// a region × specialisation grouping, the other columns any.
    pub fn applies_to(self, by: &crate::dims::Grouping) -> bool {
        use crate::dims::Dim;
        match self {
            Extra::LqFamilyDemand | Extra::LqFamilySupply => {
                let d = by.dims();
                d.len() == 2 && d.contains(&Dim::Region) && d.contains(&Dim::Specialisation)
            }
            _ => true,
        }
    }

    /// The value of the column in a row, `None` when the row does not have the group (nor, for
    /// the families' quotients, a family's: they are absent from rows of other groupings).
    pub fn value(self, r: &RowIndicators) -> Option<Cell> {
        use Extra::*;
        let num = |x: Option<f64>| Some(Cell::Number(x));
        match self.group() {
            Group::Scenario => {
                let s = r.scenario?;
                match self {
                    DemandLow => num(Some(s.demand[0])),
                    DemandHigh => num(Some(s.demand[1])),
                    SupplyLow => num(Some(s.supply[0])),
                    SupplyHigh => num(Some(s.supply[1])),
                    GapLow => num(Some(s.gap[0])),
                    _ => num(Some(s.gap[1])),
                }
            }
            Group::Interval => {
                let u = r.interval?;
                match self {
                    DemandCiLow => num(Some(u.demand[0])),
                    DemandCiHigh => num(Some(u.demand[1])),
                    GapCiLow => num(Some(u.gap[0])),
                    GapCiHigh => num(Some(u.gap[1])),
                    RatioCiLow => num(u.ratio.map(|x| x[0])),
                    _ => num(u.ratio.and_then(|x| x[1].is_finite().then_some(x[1]))),
                }
            }
            Group::Rating => r.rating.map(|x| Cell::Rating(Some(x))),
            Group::Concentration => {
                let c = r.concentration?;
                match self {
                    LqDemand => num(c.lq_demand),
                    LqSupply => num(c.lq_supply),
                    LqRatio => num(c.lq_ratio),
                    LqFamilyDemand => num(c.family?[0]),
                    LqFamilySupply => num(c.family?[1]),
                    Mismatch => Some(Cell::Text(c.mismatch)),
                    DemandPer100k => num(c.demand_per_100k),
                    _ => num(c.supply_per_100k),
                }
            }
        }
    }
}

/// The value of an extra column in one row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell {
    /// A number; `None` when undefined (null in JSON, empty in CSV).
    Number(Option<f64>),
    /// A rating's label.
    Rating(Option<&'static str>),
    /// A label; `None` for none.
    Text(Option<&'static str>),
}

impl Serialize for Cell {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Cell::Number(x) => x.serialize(s),
            Cell::Rating(t) | Cell::Text(t) => t.serialize(s),
        }
    }
}

/// Demand, supply and gap at the scenario extremes, per year, to 2 decimals: `[low, high]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scenario {
    pub demand: [f64; 2],
    pub supply: [f64; 2],
    pub gap: [f64; 2],
}

/// 90 % intervals, per year: demand's and the gap's to 2 decimals, the ratio's to 4 (its upper
/// bound infinite, shown empty, when the low supply is 0; `None` when there is no supply).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Uncertainty {
    pub demand: [f64; 2],
    pub gap: [f64; 2],
    pub ratio: Option<[f64; 2]>,
}

/// Where a row's specialisation is concentrated, to 4 decimals (rates to 2).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Concentration {
    pub lq_demand: Option<f64>,
    pub lq_supply: Option<f64>,
    pub lq_ratio: Option<f64>,
    pub mismatch: Option<&'static str>,
    /// In a region × specialisation row, the location quotients of demand and supply of the
    /// region × the specialisation's family: `None` in rows of other groupings (and in
    /// subtotals), a quotient `None` where undefined.
    pub family: Option<[Option<f64>; 2]>,
    pub demand_per_100k: Option<f64>,
    pub supply_per_100k: Option<f64>,
}

/// The indicators of one row: each group present when asked for (and absent from subtotals).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct RowIndicators {
    pub scenario: Option<Scenario>,
    pub interval: Option<Uncertainty>,
    pub rating: Option<&'static str>,
    pub concentration: Option<Concentration>,
}

impl RowIndicators {
    /// The extra columns the row has values for, with their values, in report order.
    pub fn cells(&self) -> impl Iterator<Item = (Extra, Cell)> + '_ {
        Extra::ALL
            .into_iter()
            .filter_map(|e| e.value(self).map(|v| (e, v)))
    }
}

/// The assumptions a report rests on, as its parameters state them.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StatedAssumptions {
    /// The file, as given.
    pub file: String,
    /// The SHA-256 of its bytes.
    pub sha256: String,
    /// True when it changes nothing (every coverage and entry rate 1, leakage 0, lag 0).
    pub identity: bool,
    pub lag_years: u32,
    /// The canonical description, one line per setting ([`Assumptions::describe`]).
    pub settings: Vec<String>,
}

impl StatedAssumptions {
    /// The statement of `a`, read from `file`.
    pub fn of(file: &str, a: &Assumptions) -> StatedAssumptions {
        StatedAssumptions {
            file: file.to_string(),
            sha256: a.sha256().to_string(),
            identity: a.is_identity(),
            lag_years: a.lag_years,
            settings: a.describe().lines().map(str::to_string).collect(),
        }
    }
}

/// How the interval is computed, as the parameters state it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct IntervalMethod {
    /// 0.9.
    pub confidence: f64,
    /// `garwood`: the exact Poisson interval of the postings counted.
    pub method: &'static str,
}

/// The indicator parameters of a report (JSON `params`: each key only when in force).
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct IndicatorParams {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assumptions: Option<StatedAssumptions>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interval: Option<IntervalMethod>,
    /// `threshold` or `bands`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rating: Option<&'static str>,
    /// The source of the populations of the per-100,000 rates.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub populations: Option<String>,
    /// The extra CSV columns asked for.
    #[serde(skip_serializing_if = "Vec::is_empty", serialize_with = "ids")]
    pub columns: Vec<Extra>,
    /// The groups computed, for the writers.
    #[serde(skip)]
    pub groups: Vec<Group>,
}

fn ids<S: serde::Serializer>(cols: &[Extra], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(cols.iter().map(|c| c.id()))
}

impl IndicatorParams {
    /// Whether a group was computed.
    pub fn has(&self, g: Group) -> bool {
        self.groups.contains(&g)
    }
}

/// What a report asks for beyond the gap, resolved from either front door.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Settings {
    /// The assumptions file (as given) and its contents.
    pub assumptions: Option<(String, Assumptions)>,
    /// `--rating`.
    pub rating: Option<RatingScheme>,
    /// `--concentration`.
    pub concentration: bool,
    /// `--columns`: the extra CSV columns.
    pub columns: Vec<Extra>,
}

impl Settings {
    /// True when nothing is asked for: the report is today's.
    pub fn is_off(&self) -> bool {
        self.assumptions.is_none() && self.groups().is_empty()
    }

    /// The assumptions in force (the identity without a file).
    pub fn assumptions(&self) -> Assumptions {
        self.assumptions
            .as_ref()
            .map(|(_, a)| a.clone())
            .unwrap_or_default()
    }

    /// The assumptions' lag in years (0 without).
    pub fn lag_years(&self) -> u32 {
        self.assumptions.as_ref().map_or(0, |(_, a)| a.lag_years)
    }

    /// The rating scheme: as asked, else the threshold scheme when the `rating` column is.
    pub fn scheme(&self) -> Option<RatingScheme> {
        self.rating
            .or_else(|| (self.columns.contains(&Extra::Rating)).then_some(RatingScheme::Threshold))
    }

    /// The groups to compute: the scenario range when the assumptions have low/high values, the
    /// interval and the rating with `--rating`, the concentration with `--concentration`, and
    /// the groups of the columns named.
    pub fn groups(&self) -> Vec<Group> {
        let mut g: Vec<Group> = self.columns.iter().map(|c| c.group()).collect();
        if self
            .assumptions
            .as_ref()
            .is_some_and(|(_, a)| a.has_ranges())
        {
            g.push(Group::Scenario);
        }
        if self.scheme().is_some() {
            g.extend([Group::Interval, Group::Rating]);
        }
        if self.concentration {
            g.push(Group::Concentration);
        }
        g.sort();
        g.dedup();
        g
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::ValueEnum;

    #[test]
    fn every_column_is_named_as_its_header() {
        for e in Extra::ALL {
            let name = e.to_possible_value().unwrap();
            assert_eq!(name.get_name(), e.id());
        }
        assert_eq!(Extra::value_variants().len(), Extra::ALL.len());
    }

    #[test]
    fn groups_follow_what_is_asked() {
        let mut s = Settings::default();
        assert!(s.is_off());
        s.columns = vec![Extra::Rating];
        assert_eq!(s.scheme(), Some(RatingScheme::Threshold));
        assert_eq!(s.groups(), vec![Group::Interval, Group::Rating]);
        s.columns = vec![Extra::LqRatio, Extra::GapLow];
        assert_eq!(s.groups(), vec![Group::Scenario, Group::Concentration]);
        let a = Assumptions::parse(
            std::path::Path::new("a.toml"),
            "[coverage]\nx = { low = 0.2, central = 0.3, high = 0.4 }\n",
        )
        .unwrap();
        let s = Settings {
            assumptions: Some(("a.toml".into(), a)),
            ..Settings::default()
        };
        assert_eq!(s.groups(), vec![Group::Scenario]);
        let flat = Settings {
            assumptions: Some(("a.toml".into(), Assumptions::default())),
            ..Settings::default()
        };
        assert!(flat.groups().is_empty() && !flat.is_off());
    }

    #[test]
    fn people_see_ranges_rating_and_quotients() {
        let people: Vec<&str> = Extra::ALL
            .into_iter()
            .filter(|e| e.for_people())
            .map(Extra::id)
            .collect();
        assert_eq!(
            people,
            [
                "demand_low",
                "demand_high",
                "supply_low",
                "supply_high",
                "gap_low",
                "gap_high",
                "rating",
                "lq_demand",
                "lq_supply",
                "mismatch"
            ]
        );
    }
}
