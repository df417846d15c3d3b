//! Small helpers shared by several stages: edit distance for suggestions, and number formatting
//! for reports.

/// Levenshtein distance over characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// A csv writer's error as the I/O error underneath it, so that a closed pipe stays a
/// `BrokenPipe` (and `skillgap ... | head` exits quietly) instead of becoming an opaque error.
pub fn csv_io(e: csv::Error) -> std::io::Error {
    let message = e.to_string();
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        _ => std::io::Error::other(message),
    }
}

/// Lower-case hexadecimal of bytes, for checksums.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// `n` with `,` thousands separators, for people: `1234567` -> `1,234,567`.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Formats a number rounded to `decimals` places, half away from zero, without trailing zeros, with
/// `.` as the decimal separator and no thousands separator: `12`, `12.5`, `0.3333`, `-4`.
pub fn format_decimal(x: f64, decimals: u32) -> String {
    let scale = 10f64.powi(decimals as i32);
    let r = (x * scale).round() / scale;
    let r = if r == 0.0 { 0.0 } else { r }; // no "-0"
    let s = format!("{r:.*}", decimals as usize);
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// The 1-based line of byte `offset` in `text`.
pub fn line_at(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Deserialises TOML, or gives the line of the problem and toml's message without its snippet, for
/// errors of the form `file, line N: message`.
pub fn toml_from_str<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, (usize, String)> {
    toml::from_str(text).map_err(|e: toml::de::Error| {
        let line = e.span().map_or(1, |s| line_at(text, s.start));
        (line, e.message().trim_end().to_string())
    })
}

/// Checks a table of bad inputs against the errors they give. One case a line:
/// `N | fragment of the message | input`, where the input writes a newline as `\n`; the message
/// must read `<file>, line N: ...` and contain the fragment. Blank lines are skipped.
#[cfg(test)]
pub(crate) fn assert_errors(file: &str, table: &str, error: impl Fn(&str) -> String) {
    for case in table.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let mut parts = case.splitn(3, " | ");
        let (line, fragment, input) = (
            parts.next().unwrap_or_default(),
            parts.next().unwrap_or_default(),
            parts.next().unwrap_or_default().replace("\\n", "\n"),
        );
        let msg = error(&input);
        assert!(
            msg.starts_with(&format!("{file}, line {line}: ")) && msg.contains(fragment),
            "{input:?} gave {msg:?}, wanted line {line} and {fragment:?}"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_toml_errors() {
        assert_eq!(line_at("a\nb\nc", 0), 1);
        assert_eq!(line_at("a\nb\nc", 2), 2);
        assert_eq!(line_at("a\nb\nc", 99), 3);
        let e = toml_from_str::<toml::Table>("a = 1\nb = \n").unwrap_err();
        assert_eq!(e.0, 2);
        assert!(!e.1.contains('|'), "{}", e.1);
    }

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("rabat", "rabat"), 0);
        assert_eq!(edit_distance("rabta", "rabat"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("casablanca", "casablnca"), 1);
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn decimals() {
        assert_eq!(format_decimal(12.0, 2), "12");
        assert_eq!(format_decimal(12.5, 2), "12.5");
        assert_eq!(format_decimal(2.0 / 3.0, 4), "0.6667");
        assert_eq!(format_decimal(-0.00001, 4), "0");
        assert_eq!(format_decimal(-4.0, 2), "-4");
        assert_eq!(format_decimal(0.125, 2), "0.13");
        assert_eq!(format_decimal(1234567.0, 2), "1234567");
    }
}
