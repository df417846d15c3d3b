//! Numbers as each format writes them, in each language: one formatter, so that a measure is
//! spelled the same way wherever a format shows it.
//!
//! Every number is rounded half away from zero, and `-0` is written `0`. What differs between
//! formats is the precision and the marks:
//!
//! | style | demand, supply, gap | ratio | balance index | marks |
//! | --- | --- | --- | --- | --- |
//! | [`Style::Csv`] | 2 decimals | 4, empty when undefined | 4 | `.`, no grouping, `-` |
//! | [`Style::Terminal`] | 1 | 2, `-` when undefined | signed, 2: `+0.50` | the language's decimal mark |
//! | [`Style::Markdown`] | 1 | 2, `–` when undefined | signed, 2 | the language's decimal mark |
//! | [`Style::Html`] | 1; a shortage's gap signed | 2, `–` | signed, 2: `+0.50`, `−0.30` | the language's |
//!
//! A rate ([`Kind::Percent`]) is a percentage to 1 decimal for people (`5.2%`), a fraction to 4
//! decimals in CSV; a change of a rate ([`Kind::Change`]) the same, signed for people (`+5.2%`).
//!
//! Trailing zeros are dropped (`12.5`, `3`), except in the signed balance index. CSV is for
//! programs and always writes `.`. The terminal table and Markdown write French decimals with a
//! comma (`12,5`, `+0,50`) and group the thousands of French counts with a narrow no-break space
//! (`20 000`), so that a count cannot be read as a decimal; they do not group other numbers. The
//! HTML page groups thousands and marks decimals as its language does (`1,234.5`; in French
//! `1 234,5` with a narrow no-break space), writes a typographic minus `−`, and in Arabic puts a
//! left-to-right mark before a number so that its sign stays in front.

use super::tables::Kind;
use crate::taxonomy::Lang;
use crate::util::format_decimal;

/// The conventions of one format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// For programs: full precision, plain marks.
    Csv,
    /// The aligned table for a terminal.
    Terminal,
    /// Markdown tables.
    Markdown,
    /// The HTML page.
    Html,
}

/// Formats the numbers of one format in one language.
#[derive(Debug, Clone, Copy)]
pub struct Numbers {
    style: Style,
    lang: Lang,
}

impl Numbers {
    /// The numbers of a format in a language.
    pub fn new(style: Style, lang: Lang) -> Numbers {
        Numbers { style, lang }
    }

    /// `x` rounded to `decimals` places, without trailing zeros: `12`, `12.5`, `-4` (plain), or
    /// with the language's marks on an HTML page: `1,234.5`, `−4`, `1 234,5`.
    pub fn decimal(&self, x: f64, decimals: u32) -> String {
        let plain = format_decimal(x, decimals);
        match self.style {
            Style::Html => self.marked(&plain),
            Style::Terminal | Style::Markdown => self.comma(plain),
            Style::Csv => plain,
        }
    }

    /// A count of rows or units: `1,234`; `1 234` in French tables and Markdown.
    pub fn count(&self, n: u64) -> String {
        let grouped = crate::util::thousands(n);
        if self.lang == Lang::Fr && matches!(self.style, Style::Terminal | Style::Markdown) {
            grouped.replace(',', "\u{202F}")
        } else {
            grouped
        }
    }

    /// `x` rounded to `decimals` places, without trailing zeros, its thousands grouped as this
    /// format groups counts: `62,804.12` (plain), `62 804,12` in French tables and Markdown (a
    /// narrow no-break space), as [`Numbers::decimal`] on an HTML page; for totals that are not
    /// whole counts (graduates after crosswalk weights, openings under assumptions). CSV does not
    /// group.
    pub fn grouped(&self, x: f64, decimals: u32) -> String {
        match self.style {
            Style::Csv | Style::Html => self.decimal(x, decimals),
            Style::Terminal | Style::Markdown => {
                let plain = format_decimal(x, decimals);
                let (int, frac) = plain.split_once('.').unwrap_or((&plain, ""));
                let (neg, int) = match int.strip_prefix('-') {
                    Some(rest) => ("-", rest),
                    None => ("", int),
                };
                // the integer part is digits alone: group it as a count
                let whole = self.count(int.parse().unwrap_or_default());
                let point = if self.lang == Lang::Fr { "," } else { "." };
                if frac.is_empty() {
                    format!("{neg}{whole}")
                } else {
                    format!("{neg}{whole}{point}{frac}")
                }
            }
        }
    }

    /// A plain number with the decimal comma of French tables and Markdown.
    fn comma(&self, plain: String) -> String {
        if self.lang == Lang::Fr {
            plain.replace('.', ",")
        } else {
            plain
        }
    }

    /// A left-to-right mark on right-to-left pages, before a sign that must stay in front of its
    /// number; empty otherwise.
    pub fn ltr_mark(&self) -> &'static str {
        if self.style == Style::Html && self.lang == Lang::Ar {
            "\u{200E}"
        } else {
            ""
        }
    }

    /// A measure of a row (demand, supply, gap, ratio, balance index: `kind`) as this format
    /// shows it; `None` is an undefined ratio.
    pub fn measure(&self, kind: Kind, x: Option<f64>) -> String {
        let Some(x) = x else {
            return match self.style {
                Style::Csv => String::new(),
                Style::Terminal => "-".to_string(),
                Style::Markdown | Style::Html => "–".to_string(),
            };
        };
        match (self.style, kind) {
            (_, Kind::Year) => format!("{}", x.round() as i64),
            (Style::Csv, Kind::Percent) => self.decimal(x, 4),
            (_, Kind::Percent) => self.percent(x),
            (Style::Csv, Kind::Change) => self.decimal(x, 4),
            // signed, except what rounds to zero
            (_, Kind::Change) if x > 0.0 && format_decimal(x * 100.0, 1) != "0" => {
                format!("{}+{}", self.ltr_mark(), self.percent(x))
            }
            (_, Kind::Change) => self.percent(x),
            (Style::Csv, Kind::Ratio | Kind::Balance) => self.decimal(x, 4),
            (Style::Csv, _) => self.decimal(x, 2),
            (_, Kind::Ratio) => self.decimal(x, 2),
            (_, Kind::Balance) => self.signed_index(x),
            (Style::Html, Kind::Gap) if x > 0.0 => {
                format!("{}+{}", self.ltr_mark(), self.decimal(x, 1))
            }
            _ => self.decimal(x, 1),
        }
    }

    /// A fraction as a percentage to 1 decimal: `5.2%`; in French `5,2 %` (with a narrow no-break
    /// space), as French typography writes it.
    pub fn percent(&self, x: f64) -> String {
        let body = self.decimal(x * 100.0, 1);
        if self.lang == Lang::Fr {
            format!("{body}\u{202F}%")
        } else {
            format!("{body}%")
        }
    }

    /// A balance index to 2 decimals, always signed except zero on the HTML page: `+0.45`,
    /// `-0.30`, `+0.00` (plain); `+0.45`, `−0.30`, `0.00` (HTML).
    pub fn signed_index(&self, x: f64) -> String {
        if self.style != Style::Html {
            return self.comma(format!("{x:+.2}"));
        }
        let body = format!("{:.2}", x.abs());
        let body = if self.lang == Lang::Fr {
            body.replace('.', ",")
        } else {
            body
        };
        let mark = self.ltr_mark();
        if body.chars().all(|c| matches!(c, '0' | '.' | ',')) {
            body
        } else if x > 0.0 {
            format!("{mark}+{body}")
        } else {
            format!("{mark}−{body}")
        }
    }

    /// A plain decimal (`-1234.5`) with the language's grouping, decimal mark and minus.
    fn marked(&self, plain: &str) -> String {
        let (neg, s) = match plain.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, plain),
        };
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        let (group, point) = match self.lang {
            Lang::Fr => ('\u{202F}', ','),
            Lang::En | Lang::Ar => (',', '.'),
        };
        let mut out = String::from(self.ltr_mark());
        if neg {
            out.push('−');
        }
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                out.push(group);
            }
            out.push(c);
        }
        if !frac.is_empty() {
            out.push(point);
            out.push_str(frac);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_style_spells_a_measure_its_way() {
        let csv = Numbers::new(Style::Csv, Lang::Fr);
        let term = Numbers::new(Style::Terminal, Lang::En);
        let md = Numbers::new(Style::Markdown, Lang::En);
        let html = Numbers::new(Style::Html, Lang::Fr);
        assert_eq!(csv.measure(Kind::Amount, Some(1234.25)), "1234.25");
        assert_eq!(csv.measure(Kind::Ratio, Some(2.0 / 3.0)), "0.6667");
        assert_eq!(csv.measure(Kind::Ratio, None), "");
        assert_eq!(term.measure(Kind::Amount, Some(55.55)), "55.6");
        assert_eq!(term.measure(Kind::Ratio, None), "-");
        assert_eq!(md.measure(Kind::Ratio, None), "–");
        assert_eq!(term.measure(Kind::Balance, Some(-0.6947)), "-0.69");
        assert_eq!(term.measure(Kind::Balance, Some(0.0)), "+0.00");
        assert_eq!(
            html.measure(Kind::Amount, Some(-1234.25)),
            "−1\u{202F}234,3"
        );
        assert_eq!(html.measure(Kind::Gap, Some(80.0)), "+80");
        assert_eq!(html.measure(Kind::Balance, Some(-0.5)), "−0,50");
        assert_eq!(html.measure(Kind::Balance, Some(0.0)), "0,00");
        assert_eq!(csv.measure(Kind::Percent, Some(0.05234)), "0.0523");
        assert_eq!(term.measure(Kind::Percent, Some(-0.05234)), "-5.2%");
        assert_eq!(html.measure(Kind::Percent, Some(0.25)), "25\u{202F}%");
        assert_eq!(html.measure(Kind::Year, Some(2030.0)), "2030");
        assert_eq!(term.measure(Kind::Change, Some(1.0 / 3.0)), "+33.3%");
        assert_eq!(term.measure(Kind::Change, Some(-0.0001)), "0%");
        assert_eq!(html.measure(Kind::Change, Some(-0.25)), "−25\u{202F}%");
        assert_eq!(csv.measure(Kind::Change, Some(-1.0 / 3.0)), "-0.3333");
        let ar = Numbers::new(Style::Html, Lang::Ar);
        assert_eq!(ar.measure(Kind::Gap, Some(6.0)), "\u{200E}+\u{200E}6");
    }

    #[test]
    fn totals_are_grouped_as_counts_are() {
        let term = Numbers::new(Style::Terminal, Lang::En);
        assert_eq!(term.grouped(62804.123, 2), "62,804.12");
        assert_eq!(term.grouped(49511.0, 2), "49,511");
        assert_eq!(term.grouped(999.5, 0), "1,000");
        assert_eq!(term.grouped(-1234567.5, 1), "-1,234,567.5");
        assert_eq!(term.grouped(0.25, 2), "0.25");
        let fr = Numbers::new(Style::Markdown, Lang::Fr);
        assert_eq!(fr.grouped(236246.5, 2), "236\u{202F}246,5");
        let csv = Numbers::new(Style::Csv, Lang::En);
        assert_eq!(csv.grouped(62804.12, 2), "62804.12");
    }

    #[test]
    fn french_tables_and_markdown_write_decimal_commas() {
        let fr = Numbers::new(Style::Markdown, Lang::Fr);
        assert_eq!(fr.measure(Kind::Amount, Some(55.55)), "55,6");
        assert_eq!(fr.measure(Kind::Balance, Some(-0.6947)), "-0,69");
        assert_eq!(fr.count(20_000), "20\u{202F}000");
        let fr = Numbers::new(Style::Terminal, Lang::Fr);
        assert_eq!(fr.measure(Kind::Ratio, Some(0.1802)), "0,18");
        assert_eq!(Numbers::new(Style::Csv, Lang::Fr).decimal(0.5, 4), "0.5");
        assert_eq!(
            Numbers::new(Style::Terminal, Lang::En).count(20_000),
            "20,000"
        );
    }
}
