//! Indicators an observatory can publish: the gap metrics with their stated assumptions, their
//! sampling uncertainty, a rating that says when it does not know, and where specialisations are
//! concentrated.
//!
//! - [`assumptions`]: the assumptions file (coverage of posting sources, entry rates, leakage,
//!   lag) and the effective demand and supply it implies, as scenario ranges;
//! - [`uncertainty`]: demand's Poisson interval and the intervals of gap, ratio and balance index;
//! - [`rating`]: `shortage` / `balanced` / `surplus` / `no-assessment`, or Lightcast's five bands;
//! - [`location`]: location quotients, their mismatch classes, rates per 100,000 inhabitants;
//! - [`population`]: the census populations those rates divide by.
//!
//! Everything here is plain functions over plain numbers: the pipeline computes the tallies, these
//! modules turn them into indicators, and the reports show them.

pub mod assumptions;
pub mod location;
pub mod population;
pub mod rating;
pub mod uncertainty;

pub use assumptions::{Assumptions, AssumptionsError, GraduateUnits};
pub use location::{location_quotient, mismatch, per_100k, LocationQuotients, Mismatch};
pub use population::{PopulationError, Populations};
pub use rating::{band, rate, Band, Rating, RatingScheme};
pub use uncertainty::{balance, balance_index, demand_interval, gap, ratio};
