//! Cells read from an export and written back out: defusing spreadsheet formulas.
//!
//! Labels, titles and raw rows come from files skillgap does not control, and some of them end up
//! in CSV files an analyst opens in a spreadsheet (the CSV report, `--rejects`, `--unmapped`). A cell
//! that starts with `=`, `+`, `-`, `@`, a tab or a carriage return may be run as a formula there
//! ("CSV injection"). Following the OWASP guidance, such text cells are written with a single quote
//! `'` in front, which spreadsheets show as text. Numbers are never touched (a gap of `-3` stays a
//! number). `--no-sanitize` turns this off for pipelines that need the raw values: the writers
//! are told by their caller (the report's `WriteOptions`, the `--rejects`/`--unmapped` writers'
//! argument).

use std::borrow::Cow;

/// True when a spreadsheet could take the text for a formula.
pub fn is_formula_like(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// The text cell as it is safe to write: prefixed with `'` when it could be taken for a formula
/// and `sanitize` is on; otherwise unchanged.
pub fn text_cell(cell: &str, sanitize: bool) -> Cow<'_, str> {
    if sanitize && is_formula_like(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::is_formula_like;

    #[test]
    fn formula_triggers() {
        for bad in ["=1+1", "+212", "-x", "@SUM(A1)", "\tx", "\rx"] {
            assert!(is_formula_like(bad), "{bad:?}");
        }
        for ok in ["Casablanca", "", " =x", "'=x", "1-2"] {
            assert!(!is_formula_like(ok), "{ok:?}");
        }
    }
}
