//! Trends in the generated data: when the span is 6 years or more, postings and cohorts are
//! spread over the years so that each specialisation's demand and each programme's supply grow
//! (or shrink) at a rate of its own, and a trend report has real trends to find.
//!
//! A row's year is drawn with weights (1 + g)^(year − first year), g the rate of its
//! specialisation (postings) or programme (cohorts): the expected count of a specialisation in a
//! year then grows by exactly g a year, and its total over the span is what it was without
//! trends. Shorter spans keep every year equally likely, and the random stream of the files they
//! give is unchanged.
//!
//! The rates are invented, chosen to look like a digital transition: demand for the strategy's
//! priority areas grows fast, supply of digital programmes grows but more slowly for most of
//! them (so those shortages widen) and faster for cloud and AI (so those close), and a few older
//! fields shrink on both sides.

use super::rng::Rng;

/// The shortest span, in years, with trends.
pub(super) const MIN_YEARS: i32 = 6;

/// Annual growth of postings per specialisation id; the others grow [`DEMAND_OTHERS`].
pub(super) const DEMAND: &[(&str, f64)] = &[
    ("artificial-intelligence", 0.25),
    ("cybersecurity", 0.20),
    ("cloud", 0.18),
    ("data", 0.15),
    ("data-engineering", 0.15),
    ("devops", 0.12),
    ("software-development", 0.08),
    ("web-development", 0.05),
    ("customer-relations", 0.05),
    ("renewable-energy", 0.10),
    ("it-support", -0.03),
    ("accounting", -0.04),
    ("textile", -0.06),
    ("sales", -0.02),
];

/// Annual growth of postings of the specialisations not in [`DEMAND`].
pub(super) const DEMAND_OTHERS: f64 = 0.02;

/// Annual growth of cohorts per programme (the `field` as the crosswalk names it); the others
/// grow [`SUPPLY_OTHERS`].
pub(super) const SUPPLY: &[(&str, f64)] = &[
    ("Big data et intelligence artificielle", 0.35),
    ("Intelligence artificielle et science des données", 0.35),
    ("Infrastructure digitale option cloud computing", 0.30),
    (
        "Ingénierie de la cybersécurité et confiance numérique",
        0.10,
    ),
    ("Infrastructure digitale option cybersécurité", 0.10),
    ("Développement digital", 0.10),
    ("Développement digital option web full stack", 0.10),
    ("Infrastructure digitale", 0.06),
    ("Génie informatique", 0.05),
    ("Génie électrique et énergies renouvelables", 0.08),
    ("Droit", -0.03),
    ("Sciences économiques et gestion", -0.02),
    ("Comptabilité", -0.03),
    ("Génie industriel textile", -0.05),
    ("Textile et habillement", -0.05),
];

/// Annual growth of cohorts of the programmes not in [`SUPPLY`].
pub(super) const SUPPLY_OTHERS: f64 = 0.01;

/// The rate of `key` in `table`, or `others`.
pub(super) fn rate(table: &[(&str, f64)], key: &str, others: f64) -> f64 {
    table
        .iter()
        .find(|(k, _)| *k == key)
        .map_or(others, |r| r.1)
}

/// A year of `from..from + years` drawn with weights (1 + g)^(year − from).
pub(super) fn year(rng: &mut Rng, from: i32, years: i32, g: f64) -> i32 {
    let weights: Vec<f64> = (0..years).map(|t| (1.0 + g).powi(t)).collect();
    let mut r = rng.unit() * weights.iter().sum::<f64>();
    for (t, w) in weights.iter().enumerate() {
        if r < *w {
            return from + t as i32;
        }
        r -= w;
    }
    from + years - 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::taxonomy::Taxonomy;

    #[test]
    fn the_rates_name_what_exists() {
        let tax = Taxonomy::default_embedded();
        for (id, _) in DEMAND {
            assert!(tax.specialisations.iter().any(|s| s.id == *id), "{id}");
        }
        let kinds = super::super::tables::INSTITUTIONS.iter().map(|i| i.2);
        let fields: Vec<&str> = kinds
            .flat_map(|k| super::super::tables::fields(k).iter().map(|f| f.0))
            .collect();
        for (field, _) in SUPPLY {
            assert!(fields.contains(field), "{field}");
        }
    }

    #[test]
    fn years_grow_at_the_rate() {
        let mut rng = Rng::new(1, 9);
        let mut counts = [0u32; 6];
        for _ in 0..200_000 {
            counts[(year(&mut rng, 2020, 6, 0.2) - 2020) as usize] += 1;
        }
        let ratio = f64::from(counts[5]) / f64::from(counts[0]);
        assert!((ratio - 1.2f64.powi(5)).abs() < 0.1, "{counts:?}");
        assert_eq!(year(&mut Rng::new(1, 9), 2020, 1, 0.5), 2020);
    }
}
