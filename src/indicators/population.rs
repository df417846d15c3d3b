//! Region populations, for rates per 100,000 inhabitants: `taxonomy/populations.csv`
//! (`code,population_2024`, one row per region code), compiled in.
//!
//! Source: RGPH 2024, the General Population and Housing Census (Haut-Commissariat au Plan); see
//! `taxonomy/README.md`. The 12 regions add up to the census's 36,828,330 inhabitants.

use std::collections::BTreeMap;

/// The default populations file.
pub const POPULATIONS_CSV: &str = include_str!("../../taxonomy/populations.csv");

/// The header the file must have.
const HEADER: [&str; 2] = ["code", "population_2024"];

/// A problem with a populations file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}, line {line}: {message}")]
pub struct PopulationError {
    pub file: String,
    pub line: u64,
    pub message: String,
}

/// Inhabitants per region code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Populations {
    by_code: BTreeMap<String, u64>,
}

impl Populations {
    /// The compiled-in census figures.
    pub fn default_embedded() -> Populations {
        // Checked by a test: the embedded file always parses.
        Populations::parse("taxonomy/populations.csv", POPULATIONS_CSV).unwrap_or(Populations {
            by_code: BTreeMap::new(),
        })
    }

    /// Parses a populations file; `file` names it in messages. Codes must be unique and
    /// populations whole numbers above 0.
    pub fn parse(file: &str, text: &str) -> Result<Populations, PopulationError> {
        let err = |line: u64, message: String| PopulationError {
            file: file.to_string(),
            line,
            message,
        };
        let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
        let header = reader.headers().map_err(|e| err(1, e.to_string()))?.clone();
        if header.iter().map(str::trim).ne(HEADER) {
            let found: Vec<&str> = header.iter().collect();
            return Err(err(
                1,
                format!(
                    "the header must be `{}` (found `{}`)",
                    HEADER.join(","),
                    found.join(",")
                ),
            ));
        }
        let mut by_code = BTreeMap::new();
        for record in reader.records() {
            let record = record.map_err(|e| {
                let line = e.position().map_or(0, |p| p.line());
                err(line, e.to_string())
            })?;
            let line = record.position().map_or(0, |p| p.line());
            let code = record[0].trim();
            let raw = record[1].trim();
            if code.is_empty() {
                return Err(err(line, "the region code is empty".into()));
            }
            let population: u64 = raw.parse().ok().filter(|&p| p > 0).ok_or_else(|| {
                err(
                    line,
                    format!("population `{raw}` for {code} is not a whole number above 0 (write it without separators: 4030222)"),
                )
            })?;
            if by_code.insert(code.to_string(), population).is_some() {
                return Err(err(line, format!("{code} is given twice; keep one row")));
            }
        }
        Ok(Populations { by_code })
    }

    /// The population of a region code.
    pub fn get(&self, code: &str) -> Option<u64> {
        self.by_code.get(code).copied()
    }

    /// The sum over all regions.
    pub fn total(&self) -> u64 {
        self.by_code.values().sum()
    }

    /// (code, population) in code order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, u64)> + '_ {
        self.by_code.iter().map(|(c, p)| (c.as_str(), *p))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_census_covers_the_twelve_regions() {
        let p = Populations::parse("populations.csv", POPULATIONS_CSV).unwrap();
        assert_eq!(p, Populations::default_embedded());
        let codes: Vec<&str> = p.iter().map(|(c, _)| c).collect();
        let want: Vec<String> = (1..=12).map(|i| format!("MA-{i:02}")).collect();
        assert_eq!(codes, want);
        // RGPH 2024 legal population of Morocco.
        assert_eq!(p.total(), 36_828_330);
        assert_eq!(p.get("MA-06"), Some(7_688_967)); // Casablanca-Settat
        assert_eq!(p.get("MA-12"), Some(219_965)); // Dakhla-Oued Ed-Dahab
        assert_eq!(p.get("MA-13"), None);
    }

    #[test]
    fn the_codes_are_those_of_the_regions_file() {
        let regions = include_str!("../../taxonomy/regions.csv");
        let mut reader = csv::Reader::from_reader(regions.as_bytes());
        let codes: Vec<String> = reader
            .records()
            .map(|r| r.unwrap()[0].to_string())
            .collect();
        let p = Populations::default_embedded();
        assert_eq!(
            p.iter().map(|(c, _)| c.to_string()).collect::<Vec<_>>(),
            codes
        );
    }

    #[test]
    fn errors_name_the_line() {
        let table = r"
            1 | header must be `code,population_2024` | code,pop\nMA-01,1\n
            3 | without separators | code,population_2024\nMA-01,1\nMA-02,4 030 222\n
            2 | above 0 | code,population_2024\nMA-01,0\n
            2 | above 0 | code,population_2024\nMA-01,-5\n
            2 | code is empty | code,population_2024\n,5\n
            3 | given twice | code,population_2024\nMA-01,5\nMA-01,6\n
            2 | fields | code,population_2024\nMA-01,5,7\n
        ";
        crate::util::assert_errors("p.csv", table, |text| {
            Populations::parse("p.csv", text).unwrap_err().to_string()
        });
    }
}
