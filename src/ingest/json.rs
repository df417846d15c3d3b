//! Reading JSON postings, as job scrapers emit them: a JSON array of objects, or NDJSON (one
//! object per line). Each object becomes a row whose columns are its keys (`title`, `location`,
//! `date_posted`, `company`, ...), matched to skillgap's columns by the same synonyms as a CSV
//! header, and goes through the same checks and rejects. A row's line is the line its object
//! starts on.
//!
//! The input is streamed, one object at a time, never loaded whole: an array is cut into its
//! elements by a small scanner that only follows strings and brackets, and each element is then
//! parsed alone, so a broken element is one rejected row (`invalid json`), not the end of the
//! file. The columns are the keys of the first [`KEY_SAMPLE`] objects, in the order first seen;
//! a key first seen later is not read, and a warning says so.
//!
//! Nested objects are flattened with dots (`{"location": {"city": "Rabat"}}` has the column
//! `location.city`); an array of plain values is read as its values joined with `, `, any other
//! array as its JSON text; `null` is an empty cell, numbers and booleans their JSON text.

use std::collections::HashMap;
use std::io::BufRead;

use serde_json::Value;

use super::postings::Bad;
use super::{escape_controls, Error};

/// How many objects are read before the columns are fixed.
pub const KEY_SAMPLE: usize = 1_000;

/// The longest element of an array, in bytes: beyond it, a string or a bracket is not closed.
const MAX_ELEMENT: usize = 64 << 20;

/// The two shapes of JSON input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `[ {...}, {...} ]`
    Array,
    /// `{...}` on each line.
    Lines,
}

impl Shape {
    /// The shape of an input from its first bytes (after any byte-order mark): `[` starts an
    /// array, `{` NDJSON; anything else is not JSON.
    pub fn sniff(head: &[u8]) -> Option<Shape> {
        match head.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'[') => Some(Shape::Array),
            Some(b'{') => Some(Shape::Lines),
            _ => None,
        }
    }

    /// The name shown in summaries beside the encoding.
    pub fn name(self) -> &'static str {
        match self {
            Shape::Array => "json",
            Shape::Lines => "ndjson",
        }
    }
}

/// One element of the input, as read: where it starts and its text, or why it cannot be.
enum Element {
    Text {
        line: u64,
        bytes: Vec<u8>,
    },
    /// An element whose strings or brackets are not closed before the end of the input.
    Unclosed {
        line: u64,
        bytes: Vec<u8>,
    },
}

/// Cuts a JSON input into its top-level elements.
struct Elements<R> {
    r: R,
    shape: Shape,
    /// The line of the next byte.
    line: u64,
    /// An array: the opening `[` has been read; the closing `]` too.
    opened: bool,
    done: bool,
    path: String,
}

impl<R: BufRead> Elements<R> {
    fn new(r: R, shape: Shape, path: &str) -> Elements<R> {
        Elements {
            r,
            shape,
            line: 1,
            opened: false,
            done: false,
            path: path.to_string(),
        }
    }

    fn malformed(&self, message: String) -> Error {
        Error::Malformed {
            path: self.path.clone(),
            line: self.line,
            message,
        }
    }

    /// Skips whitespace (and, in an array, the commas between elements); the next byte, not
    /// consumed, or `None` at the end.
    fn skip(&mut self) -> Result<Option<u8>, Error> {
        loop {
            let buf = fill(&mut self.r, &self.path)?;
            if buf.is_empty() {
                return Ok(None);
            }
            let comma_ok = self.shape == Shape::Array;
            let n = buf
                .iter()
                .position(|&b| !(b.is_ascii_whitespace() || (comma_ok && b == b',')))
                .unwrap_or(buf.len());
            let next = buf.get(n).copied();
            self.line += buf[..n].iter().filter(|&&b| b == b'\n').count() as u64;
            self.r.consume(n);
            if next.is_some() {
                return Ok(next);
            }
        }
    }

    /// The next NDJSON line that is not blank.
    fn next_line(&mut self) -> Result<Option<Element>, Error> {
        loop {
            let mut bytes = Vec::new();
            let n = self
                .r
                .read_until(b'\n', &mut bytes)
                .map_err(|source| Error::Read {
                    path: self.path.clone(),
                    source,
                })?;
            if n == 0 {
                return Ok(None);
            }
            let line = self.line;
            self.line += 1;
            if !bytes.iter().all(u8::is_ascii_whitespace) {
                return Ok(Some(Element::Text { line, bytes }));
            }
        }
    }

    /// The next element of the array.
    fn next_element(&mut self) -> Result<Option<Element>, Error> {
        if !self.opened {
            // the sniffer saw `[` first
            self.skip()?;
            self.r.consume(1);
            self.opened = true;
        }
        match self.skip()? {
            None => {
                return Err(self.malformed(
                    "the JSON array is not closed: the file ends before its `]` (was it cut \
                     short?)"
                        .into(),
                ))
            }
            Some(b']') => {
                self.r.consume(1);
                self.done = true;
                if let Some(b) = self.skip()? {
                    return Err(self.malformed(format!(
                        "text after the end of the JSON array (`{}`); the file should hold one \
                         array",
                        escape_controls(&char::from(b).to_string())
                    )));
                }
                return Ok(None);
            }
            Some(_) => {}
        }
        let line = self.line;
        let mut bytes = Vec::new();
        let (mut depth, mut in_str, mut esc) = (0usize, false, false);
        loop {
            let buf = fill(&mut self.r, &self.path)?;
            if buf.is_empty() {
                self.done = true;
                return Ok(Some(Element::Unclosed { line, bytes }));
            }
            // where the element ends in `buf`: after a closing bracket, or before a separator
            let mut end = None;
            for (i, &b) in buf.iter().enumerate() {
                if in_str {
                    match b {
                        _ if esc => esc = false,
                        b'\\' => esc = true,
                        b'"' => in_str = false,
                        _ => {}
                    }
                    continue;
                }
                match b {
                    b'"' => in_str = true,
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' if depth > 0 => {
                        depth -= 1;
                        if depth == 0 {
                            end = Some(i + 1);
                            break;
                        }
                    }
                    // a plain value (a number, `null`) ends at what follows it
                    b',' | b']' | b'}' if depth == 0 => {
                        end = Some(i);
                        break;
                    }
                    _ if depth == 0 && b.is_ascii_whitespace() => {
                        end = Some(i);
                        break;
                    }
                    _ => {}
                }
            }
            let n = end.unwrap_or(buf.len());
            bytes.extend_from_slice(&buf[..n]);
            self.line += buf[..n].iter().filter(|&&b| b == b'\n').count() as u64;
            self.r.consume(n);
            if end.is_some() {
                return Ok(Some(Element::Text { line, bytes }));
            }
            if bytes.len() > MAX_ELEMENT {
                return Err(Error::Malformed {
                    path: self.path.clone(),
                    line,
                    message: format!(
                        "the element starting on line {line} is longer than {} MiB: a string or \
                         a bracket in it is not closed",
                        MAX_ELEMENT >> 20
                    ),
                });
            }
        }
    }

    fn next(&mut self) -> Result<Option<Element>, Error> {
        if self.done {
            return Ok(None);
        }
        match self.shape {
            Shape::Array => self.next_element(),
            Shape::Lines => self.next_line(),
        }
    }
}

/// The reader's buffered bytes, more read when it is empty; empty at the end of the input.
fn fill<'r, R: BufRead>(r: &'r mut R, path: &str) -> Result<&'r [u8], Error> {
    r.fill_buf().map_err(|source| Error::Read {
        path: path.to_string(),
        source,
    })
}

/// An object's keys and values as text, nested objects flattened with dots.
fn flatten(prefix: &str, v: Value, out: &mut Vec<(String, String)>) {
    let key = |k: &str| {
        if prefix.is_empty() {
            k.to_string()
        } else {
            format!("{prefix}.{k}")
        }
    };
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                let k = key(&k);
                match v {
                    Value::Object(_) => flatten(&k, v, out),
                    v => out.push((k, text(v))),
                }
            }
        }
        v => out.push((prefix.to_string(), text(v))),
    }
}

/// A JSON value as a cell's text.
fn text(v: Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s,
        Value::Array(items) if items.iter().all(|i| !i.is_array() && !i.is_object()) => items
            .into_iter()
            .map(text)
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(", "),
        v => v.to_string(),
    }
}

/// What one element gives: its fields (keys and text values), or why it is rejected.
pub(super) type Parsed = Result<Vec<(String, String)>, (Bad, String)>;

/// Parses one element into its fields.
fn parse(line: u64, bytes: &[u8]) -> Parsed {
    let raw = || {
        String::from_utf8_lossy(bytes)
            .trim()
            .chars()
            .take(super::MAX_RAW)
            .collect::<String>()
    };
    let bad = |reason: &'static str, detail: String| {
        let r = raw();
        Err((
            Bad {
                column: "(row)",
                value: r.chars().take(200).collect(),
                reason,
                detail,
            },
            r,
        ))
    };
    match serde_json::from_slice::<Value>(bytes) {
        Ok(v @ Value::Object(_)) => {
            let mut out = Vec::new();
            flatten("", v, &mut out);
            Ok(out)
        }
        Ok(v) => bad(
            "not an object",
            format!(
                "a JSON {} where an object (one posting) is expected",
                match v {
                    Value::Array(_) => "array",
                    Value::String(_) => "string",
                    Value::Number(_) => "number",
                    Value::Bool(_) => "boolean",
                    _ => "null",
                }
            ),
        ),
        Err(e) => {
            // serde_json counts lines from the element's start
            let message = e.to_string();
            let message = message
                .rsplit_once(" at line ")
                .map_or(message.as_str(), |(m, _)| m);
            bad(
                "invalid json",
                format!(
                    "{message}, at line {}, column {}",
                    line + e.line().saturating_sub(1) as u64,
                    e.column()
                ),
            )
        }
    }
}

/// A JSON input as rows: the columns (keys) and each object's fields in their order.
pub(super) struct Rows<R> {
    elements: Elements<R>,
    /// The first objects, read to find the columns, not yet handed out.
    sample: std::collections::VecDeque<(u64, Parsed)>,
    index: HashMap<String, usize>,
    /// The keys found after the sample that are not columns, and how many objects held one.
    pub late_keys: std::collections::BTreeSet<String>,
    pub late_objects: u64,
}

/// One row of the input, ready for a layout: its line and the fields in the columns' order, or a
/// rejected element.
pub(super) enum Row {
    Fields { line: u64, fields: Vec<String> },
    Rejected { line: u64, bad: Bad, raw: String },
}

impl<R: BufRead> Rows<R> {
    /// Reads the first [`KEY_SAMPLE`] objects; returns the rows to come and the column names.
    pub fn new(r: R, shape: Shape, path: &str) -> Result<(Rows<R>, Vec<String>), Error> {
        let mut elements = Elements::new(r, shape, path);
        let mut sample = std::collections::VecDeque::new();
        let mut names: Vec<String> = Vec::new();
        let mut index = HashMap::new();
        while sample.len() < KEY_SAMPLE {
            let Some((line, parsed)) = next_parsed(&mut elements)? else {
                break;
            };
            if let Ok(fields) = &parsed {
                for (k, _) in fields {
                    if !index.contains_key(k) {
                        index.insert(k.clone(), names.len());
                        names.push(k.clone());
                    }
                }
            }
            sample.push_back((line, parsed));
        }
        Ok((
            Rows {
                elements,
                sample,
                index,
                late_keys: Default::default(),
                late_objects: 0,
            },
            names,
        ))
    }

    /// The next row, or `None` at the end.
    pub fn next_row(&mut self) -> Result<Option<Row>, Error> {
        let next = match self.sample.pop_front() {
            Some(s) => Some(s),
            None => next_parsed(&mut self.elements)?,
        };
        let Some((line, parsed)) = next else {
            return Ok(None);
        };
        Ok(Some(match parsed {
            Ok(pairs) => {
                let mut fields = vec![String::new(); self.index.len()];
                let mut late = false;
                for (k, v) in pairs {
                    match self.index.get(&k) {
                        Some(&i) => fields[i] = v,
                        None => {
                            late = true;
                            if self.late_keys.len() < 5 {
                                self.late_keys.insert(k);
                            }
                        }
                    }
                }
                self.late_objects += u64::from(late);
                Row::Fields { line, fields }
            }
            Err((bad, raw)) => Row::Rejected { line, bad, raw },
        }))
    }
}

fn next_parsed<R: BufRead>(e: &mut Elements<R>) -> Result<Option<(u64, Parsed)>, Error> {
    Ok(e.next()?.map(|el| match el {
        Element::Text { line, bytes } => (line, parse(line, &bytes)),
        Element::Unclosed { line, bytes } => {
            let raw: String = String::from_utf8_lossy(&bytes)
                .chars()
                .take(super::MAX_RAW)
                .collect();
            (
                line,
                Err((
                    Bad {
                        column: "(row)",
                        value: raw.chars().take(200).collect(),
                        reason: "invalid json",
                        detail: format!(
                            "the element starting on line {line} is not closed before the end \
                             of the file (a string or a bracket is left open)"
                        ),
                    },
                    raw,
                )),
            )
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each row's line, and its fields or its reject reason.
    type Lines = Vec<(u64, Result<Vec<String>, String>)>;

    fn rows(text: &str) -> (Vec<String>, Lines) {
        let shape = Shape::sniff(text.as_bytes()).unwrap();
        let (mut rows, names) = Rows::new(text.as_bytes(), shape, "x.json").unwrap();
        let mut out = Vec::new();
        while let Some(r) = rows.next_row().unwrap() {
            out.push(match r {
                Row::Fields { line, fields } => (line, Ok(fields)),
                Row::Rejected { line, bad, .. } => (line, Err(bad.reason.to_string())),
            });
        }
        (names, out)
    }

    #[test]
    fn an_array_is_cut_into_objects_with_their_lines() {
        let text = "[\n  {\"title\": \"Dev, \\\"senior\\\" [Java]\", \"n\": 2},\n  {\"title\": \"Data\",\n   \"loc\": {\"city\": \"Rabat\"}, \"tags\": [\"a\", \"b\"], \"x\": null}\n]\n";
        let (names, out) = rows(text);
        assert_eq!(names, ["n", "title", "loc.city", "tags", "x"]);
        assert_eq!(
            out,
            [
                (
                    2,
                    Ok(vec![
                        "2".into(),
                        "Dev, \"senior\" [Java]".into(),
                        "".into(),
                        "".into(),
                        "".into()
                    ])
                ),
                (
                    3,
                    Ok(vec![
                        "".into(),
                        "Data".into(),
                        "Rabat".into(),
                        "a, b".into(),
                        "".into()
                    ])
                ),
            ]
        );
    }

    #[test]
    fn broken_elements_are_rejected_and_reading_goes_on() {
        let (_, out) = rows("[{\"a\": 1}, {\"a\": tru}, 3, {\"a\": 2}]");
        let reasons: Vec<_> = out.iter().map(|(l, r)| (*l, r.clone())).collect();
        assert_eq!(
            reasons,
            [
                (1, Ok(vec!["1".to_string()])),
                (1, Err("invalid json".into())),
                (1, Err("not an object".into())),
                (1, Ok(vec!["2".to_string()])),
            ]
        );
        // an element left open runs to the end: one reject
        let (_, out) = rows("[{\"a\": 1},\n{\"a\": \"x}]\n");
        assert_eq!(out[1], (2, Err("invalid json".into())));
    }

    #[test]
    fn ndjson_is_read_line_by_line() {
        let (names, out) =
            rows("{\"a\": 1}\n\n{\"a\": 2, \"b\": true}\n{\"a\": \n{\"b\": false}\n");
        assert_eq!(names, ["a", "b"]);
        assert_eq!(
            out,
            [
                (1, Ok(vec!["1".into(), "".into()])),
                (3, Ok(vec!["2".into(), "true".into()])),
                (4, Err("invalid json".into())),
                (5, Ok(vec!["".into(), "false".into()])),
            ]
        );
    }

    #[test]
    fn an_unclosed_array_or_trailing_text_is_an_error() {
        fn read_all(text: &str) -> Result<usize, Error> {
            let (mut rows, _) = Rows::new(text.as_bytes(), Shape::Array, "x.json")?;
            let mut n = 0;
            while rows.next_row()?.is_some() {
                n += 1;
            }
            Ok(n)
        }
        assert_eq!(read_all("[{\"a\": 1}]\n").unwrap(), 1);
        for text in ["[{\"a\": 1},", "[{\"a\": 1}] x"] {
            let err = read_all(text).unwrap_err().to_string();
            assert!(err.starts_with("x.json, line 1: "), "{err}");
        }
    }
}
