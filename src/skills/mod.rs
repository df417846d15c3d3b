//! Skills in posting text: which skills of the dictionary (`taxonomy/skills.csv`) a posting's
//! description, skills, competences and languages mention.
//!
//! The text of a posting is folded once ([`Folded`]) and searched word by word for every
//! spelling of the dictionary at once ([`Matcher`]); [`eval`] measures the outcome against postings
//! labelled by hand.

pub mod curricula;
pub mod eval;
mod matcher;
pub mod report;
pub mod tally;
mod text;

pub use matcher::Matcher;
pub use text::{fold_key, Folded};
