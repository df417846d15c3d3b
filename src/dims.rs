//! The dimensions a report can group by, as data.
//!
//! A [`Dim`] knows everything that differs from one dimension to another: its `--by` name (also
//! the name of its column in the analysis frames), its CSV columns, its JSON fields, which
//! dimensions it excludes, its titles in the reports for people, and how a code is labelled. A
//! [`Grouping`] is the checked, ordered list of dimensions of one report, parsed once in
//! [`crate::config`].
//!
//! # Adding a dimension
//!
//! The next ones planned are the year (a trend report) and the skill. Adding one is local:
//!
//! 1. a variant here, with its names in each `match` below (the compiler lists them), and its
//!    titles in [`crate::report::i18n`];
//! 2. its column in the analysis frames (`analysis::demand_frame` and `supply_frames`), derived
//!    from the tally's keys (an ISCO group from the specialisation, as `family` is);
//! 3. which tally key it reads, for the data-quality count of unmapped rows
//!    (`analysis::quality`).
//!
//! Rows, totals, roll-ups and every writer follow the grouping without further change.

use serde::Serialize;

use crate::model::UNMAPPED;
use crate::report::i18n::Strings;
use crate::taxonomy::{national_name, Lang, Taxonomy, NATIONAL_CODE};

/// A grouping dimension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
pub enum Dim {
    /// The 12 regions (ISO 3166-2:MA), and `MA-00` for Morocco without a region.
    Region,
    /// The specialisations of the taxonomy.
    Specialisation,
    /// The specialisations' parent groupings (ICT, engineering, business, ...).
    Family,
    /// ISCO-08 major groups (1 digit) of the postings' occupations.
    Isco1,
    /// ISCO-08 sub-major groups (2 digits).
    Isco2,
    /// ISCO-08 unit groups (4 digits).
    Isco4,
}

impl Dim {
    /// The name of `--by` and of the job file's `by`, and of the dimension's column in the
    /// analysis frames.
    pub fn name(self) -> &'static str {
        match self {
            Dim::Region => "region",
            Dim::Specialisation => "specialisation",
            Dim::Family => "family",
            Dim::Isco1 => "isco1",
            Dim::Isco2 => "isco2",
            Dim::Isco4 => "isco4",
        }
    }

    /// The digits of an ISCO-08 grouping; `None` for the others.
    pub fn isco_digits(self) -> Option<usize> {
        match self {
            Dim::Isco1 => Some(1),
            Dim::Isco2 => Some(2),
            Dim::Isco4 => Some(4),
            Dim::Region | Dim::Specialisation | Dim::Family => None,
        }
    }

    /// The CSV report's columns: the code, then the label.
    pub fn csv_columns(self) -> [&'static str; 2] {
        match self {
            Dim::Region => ["region_code", "region"],
            Dim::Specialisation => ["specialisation", "specialisation_label"],
            Dim::Family => ["family", "family_label"],
            Dim::Isco1 | Dim::Isco2 | Dim::Isco4 => ["isco_08", "isco_label"],
        }
    }

    /// The JSON report's fields: the code, then the label. A family takes the specialisation's
    /// fields, as it did before families had columns of their own (schema version 1).
    pub fn json_fields(self) -> [&'static str; 2] {
        match self {
            Dim::Region => ["region_code", "region"],
            Dim::Specialisation | Dim::Family => ["specialisation", "specialisation_label"],
            Dim::Isco1 | Dim::Isco2 | Dim::Isco4 => ["isco_08", "isco_label"],
        }
    }

    /// The dimensions that cannot be grouped on together with this one: a specialisation, its
    /// family and the ISCO-08 groups all split the same axis, the kind of job.
    pub fn excludes(self) -> &'static [Dim] {
        match self {
            Dim::Region => &[],
            Dim::Specialisation => &[Dim::Family, Dim::Isco1, Dim::Isco2, Dim::Isco4],
            Dim::Family => &[Dim::Specialisation, Dim::Isco1, Dim::Isco2, Dim::Isco4],
            Dim::Isco1 => &[Dim::Specialisation, Dim::Family, Dim::Isco2, Dim::Isco4],
            Dim::Isco2 => &[Dim::Specialisation, Dim::Family, Dim::Isco1, Dim::Isco4],
            Dim::Isco4 => &[Dim::Specialisation, Dim::Family, Dim::Isco1, Dim::Isco2],
        }
    }

    /// Column titles of the code and of the label in the reports for people.
    pub fn titles(self, s: &Strings) -> [&'static str; 2] {
        match self {
            Dim::Region => [s.region_code, s.region],
            Dim::Specialisation | Dim::Family => [s.specialisation_id, s.specialisation],
            Dim::Isco1 | Dim::Isco2 | Dim::Isco4 => [s.occupation_code, s.occupation],
        }
    }

    /// The title of the roll-up per value of this dimension (an xlsx sheet).
    pub fn rollup_title(self, s: &Strings) -> &'static str {
        match self {
            Dim::Region => s.by_region,
            Dim::Specialisation | Dim::Family => s.by_specialisation,
            Dim::Isco1 | Dim::Isco2 | Dim::Isco4 => s.by_occupation,
        }
    }

    /// The label of a subtotal row summed over every value of this dimension.
    pub fn all_label(self, s: &Strings) -> &'static str {
        match self {
            Dim::Region => s.all_regions,
            Dim::Specialisation | Dim::Family => s.all_specialisations,
            Dim::Isco1 | Dim::Isco2 | Dim::Isco4 => s.all_occupations,
        }
    }

    /// The label of a code of this dimension in a language; `unmapped` for codes the taxonomy
    /// does not have. `MA-00` is "National (no region)".
    pub fn label(self, tax: &Taxonomy, code: &str, lang: Lang) -> String {
        let found = match self {
            Dim::Region if code == NATIONAL_CODE => Some(national_name(lang)),
            Dim::Region => tax
                .regions
                .iter()
                .find(|r| r.code == code)
                .map(|r| r.name(lang)),
            Dim::Specialisation => tax
                .specialisations
                .iter()
                .find(|s| s.id == code)
                .map(|s| s.label(lang)),
            Dim::Family => tax
                .families
                .iter()
                .find(|f| f.id == code)
                .map(|f| f.label(lang)),
            Dim::Isco1 | Dim::Isco2 | Dim::Isco4 => tax.isco_label(code, lang),
        };
        found.unwrap_or(UNMAPPED).to_string()
    }
}

/// The dimensions of one report, checked: at least one, none twice, none with one it excludes,
/// in the canonical order (the order of [`Dim`]'s variants, whatever the order asked), which is
/// the order of the key columns and of the ranking's tie-breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grouping(Vec<Dim>);

impl Grouping {
    /// Checks and orders a list of dimensions.
    pub fn new(dims: &[Dim]) -> Result<Grouping, String> {
        let mut v = dims.to_vec();
        v.sort_unstable();
        v.dedup();
        for d in &v {
            if let Some(x) = d.excludes().iter().find(|x| v.contains(x)) {
                return Err(format!(
                    "group by {} or by {}, not both",
                    d.name(),
                    x.name()
                ));
            }
        }
        if v.is_empty() {
            return Err(
                "name at least one of region, specialisation, family, isco1, isco2, isco4".into(),
            );
        }
        Ok(Grouping(v))
    }

    /// Region × specialisation: the default grouping, and the one data quality is measured on
    /// (a row is unmapped when either label could not be placed).
    pub fn region_by_specialisation() -> Grouping {
        Grouping(vec![Dim::Region, Dim::Specialisation])
    }

    /// The dimensions, in order.
    pub fn dims(&self) -> &[Dim] {
        &self.0
    }

    /// True when grouping on an ISCO-08 group (`isco1`, `isco2`, `isco4`).
    pub fn by_occupation(&self) -> bool {
        self.0.iter().any(|d| d.isco_digits().is_some())
    }

    /// True when grouping on `d`.
    pub fn has(&self, d: Dim) -> bool {
        self.0.contains(&d)
    }

    /// The names of the dimensions, in order: the key columns of the analysis frames.
    pub fn names(&self) -> Vec<&'static str> {
        self.0.iter().map(|d| d.name()).collect()
    }
}

/// A grouping is reported (the JSON `params.by`) as the list of its names.
impl Serialize for Grouping {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.names())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groupings_are_checked_and_ordered() {
        let g = Grouping::new(&[Dim::Specialisation, Dim::Region, Dim::Region]).unwrap();
        assert_eq!(g.dims(), [Dim::Region, Dim::Specialisation]);
        assert_eq!(g, Grouping::region_by_specialisation());
        assert_eq!(
            Grouping::new(&[Dim::Family, Dim::Specialisation]).unwrap_err(),
            "group by specialisation or by family, not both"
        );
        assert_eq!(
            Grouping::new(&[Dim::Isco2, Dim::Region]).unwrap().dims(),
            [Dim::Region, Dim::Isco2]
        );
        assert_eq!(
            Grouping::new(&[Dim::Isco4, Dim::Specialisation]).unwrap_err(),
            "group by specialisation or by isco4, not both"
        );
        assert!(Grouping::new(&[Dim::Isco1, Dim::Isco2]).is_err());
        assert!(Grouping::new(&[]).is_err());
        assert_eq!(
            serde_json::to_string(&Grouping::new(&[Dim::Family]).unwrap()).unwrap(),
            r#"["family"]"#
        );
    }

    #[test]
    fn names_are_the_command_line_values() {
        use clap::ValueEnum;
        for d in Dim::value_variants() {
            assert_eq!(d.to_possible_value().unwrap().get_name(), d.name());
        }
    }
}
