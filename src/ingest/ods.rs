//! The merged cells of an OpenDocument sheet (`.ods`), which calamine does not report: a merged
//! range is a `table:table-cell` with `table:number-rows-spanned` and/or
//! `table:number-columns-spanned`, and the cells it covers are `table:covered-table-cell`s,
//! empty. Read from the sheet's `content.xml` (streamed), so that a region written once for
//! several rows is filled down as in an `.xlsx` or `.xls` workbook.

use std::io::{BufReader, Cursor};

use calamine::Dimensions;
use quick_xml::events::{BytesStart, Event};

/// The merged ranges of the sheet `sheet` of the `.ods` file `bytes`, as (row, column) from 0,
/// as calamine numbers cells. None when `content.xml` cannot be read this way: calamine has read
/// the sheet already, so only the filling of merged cells is lost.
pub(super) fn merged_ranges(bytes: &[u8], sheet: &str) -> Vec<Dimensions> {
    read(bytes, sheet).unwrap_or_default()
}

/// The number in attribute `name` of `e`, at least 1 (1 when absent or not a number).
fn number(e: &BytesStart, name: &str) -> u32 {
    e.try_get_attribute(name)
        .ok()
        .flatten()
        .and_then(|a| a.value.trim().parse().ok())
        .unwrap_or(1)
        .max(1)
}

/// Whether `e` (a `table:table`) is the sheet named `sheet`.
fn named(e: &BytesStart, sheet: &str) -> bool {
    e.try_get_attribute("table:name")
        .ok()
        .flatten()
        .and_then(|a| Some(quick_xml::escape::unescape(&a.value).ok()?.into_owned()))
        .is_some_and(|n| n == sheet)
}

fn read(bytes: &[u8], sheet: &str) -> Option<Vec<Dimensions>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let content = zip.by_name("content.xml").ok()?;
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(content));
    let mut buf = Vec::new();
    let mut out = Vec::new();
    // nesting of `table:table` elements (a cell may hold a table of its own), and whether the
    // outermost one is the sheet
    let (mut depth, mut inside) = (0u32, false);
    let (mut row, mut col, mut row_repeats) = (0u32, 0u32, 1u32);
    loop {
        let event = reader.read_event_into(&mut buf).ok()?;
        let (e, closed) = match &event {
            Event::Eof => return None,
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(e) => {
                match e.name().as_ref() {
                    "table:table" if depth == 1 && inside => return Some(out),
                    "table:table" => depth = depth.saturating_sub(1),
                    "table:table-row" if depth == 1 && inside => {
                        row = row.saturating_add(row_repeats)
                    }
                    _ => {}
                }
                buf.clear();
                continue;
            }
            _ => {
                buf.clear();
                continue;
            }
        };
        match e.name().as_ref() {
            "table:table" if !closed => {
                depth += 1;
                if depth == 1 {
                    inside = named(e, sheet);
                }
            }
            "table:table-row" if depth == 1 && inside => {
                col = 0;
                row_repeats = number(e, "table:number-rows-repeated");
                if closed {
                    row = row.saturating_add(row_repeats);
                }
            }
            name @ ("table:table-cell" | "table:covered-table-cell") if depth == 1 && inside => {
                let rows = number(e, "table:number-rows-spanned");
                let cols = number(e, "table:number-columns-spanned");
                if name == "table:table-cell" && (rows > 1 || cols > 1) {
                    out.push(Dimensions {
                        start: (row, col),
                        end: (row.saturating_add(rows - 1), col.saturating_add(cols - 1)),
                    });
                }
                col = col.saturating_add(number(e, "table:number-columns-repeated"));
            }
            _ => {}
        }
        buf.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// An .ods file whose content.xml holds `tables` (the body of `office:spreadsheet`).
    fn ods(tables: &str) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        let mut z = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default();
        z.start_file("content.xml", opts).unwrap();
        write!(
            z,
            "<?xml version=\"1.0\"?><office:document-content \
             xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
             xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
             xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\">\
             <office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>\
             </office:document-content>"
        )
        .unwrap();
        z.finish().unwrap();
        out.into_inner()
    }

    #[test]
    fn merged_cells_are_found_where_calamine_numbers_them() {
        let cell = |t: &str| format!("<table:table-cell><text:p>{t}</text:p></table:table-cell>");
        let other = "<table:table table:name=\"Autre\"><table:table-row>\
             <table:table-cell table:number-rows-spanned=\"5\"/></table:table-row></table:table>";
        let sheet = format!(
            "<table:table table:name=\"R&amp;D\">\
             <table:table-header-rows><table:table-row>{}{}</table:table-row></table:table-header-rows>\
             <table:table-row table:number-rows-repeated=\"2\"/>\
             <table:table-row><table:table-cell table:number-columns-repeated=\"2\"/>\
             <table:table-cell table:number-rows-spanned=\"3\" table:number-columns-spanned=\"2\">\
             <text:p>National</text:p></table:table-cell><table:covered-table-cell/>{}</table:table-row>\
             <table:table-row><table:table-cell/><table:covered-table-cell table:number-columns-repeated=\"2\"/>\
             {}</table:table-row></table:table>",
            cell("Année"),
            cell("Région"),
            cell("x"),
            cell("y")
        );
        let bytes = ods(&format!("{other}{sheet}"));
        assert_eq!(
            merged_ranges(&bytes, "R&D"),
            [Dimensions {
                start: (3, 2),
                end: (5, 3)
            }]
        );
        assert_eq!(
            merged_ranges(&bytes, "Autre"),
            [Dimensions {
                start: (0, 0),
                end: (4, 0)
            }]
        );
        assert_eq!(merged_ranges(&bytes, "Absente"), []);
        assert_eq!(merged_ranges(b"not a zip", "R&D"), []);
    }
}
