//! The trend writers on a small hand-made report.
