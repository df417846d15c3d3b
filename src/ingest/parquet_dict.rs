//! A Parquet column chunk read page by page as indices into its dictionary.
//!
//! Writers store most text columns of a postings export (board, title, region, city, dates) with
//! a dictionary: each distinct value once in the chunk's dictionary page, then each row as an
//! index into it. Reading the indices themselves, instead of the values the parquet crate's typed
//! readers hand out, lets each distinct value be turned into text once per chunk, and a row is
//! then a small integer per column. A chunk whose pages are not all dictionary-coded (a writer
//! falls back to plain values when the dictionary grows too large), or that uses an encoding
//! not handled here, is read by the typed readers instead (see [`Chunk::read`]).
//!
//! The formats are those of the Parquet specification (`Encodings.md`): the dictionary page
//! holds PLAIN values; a data page's definition levels and indices use the RLE / bit-packing
//! hybrid, the indices preceded by their bit width in one byte, the levels of a version 1 page
//! by their length in four bytes.

use parquet::basic::Encoding;
use parquet::column::page::{Page, PageReader};
use parquet::errors::ParquetError;

use super::parquet_file::Texts;

/// The error for a page that does not hold what its header says.
fn corrupt(what: &str) -> ParquetError {
    ParquetError::General(format!("a dictionary-coded page is damaged: {what}"))
}

/// A run of the RLE / bit-packing hybrid encoding.
#[derive(Debug, Clone, Copy)]
enum Run {
    /// `left` more copies of `value`.
    Repeat { value: u32, left: usize },
    /// `left` more values packed from bit `bit` of the buffer on.
    Packed { bit: usize, left: usize },
}

/// A reader of the RLE / bit-packing hybrid encoding over `buf[pos..end]`, values `width` bits
/// wide. The buffer is passed to each call (it is the page's, held beside the reader).
#[derive(Debug, Clone, Copy)]
struct Hybrid {
    pos: usize,
    end: usize,
    width: u8,
    run: Run,
}

impl Hybrid {
    fn new(pos: usize, end: usize, width: u8) -> Result<Hybrid, ParquetError> {
        if width > 32 {
            return Err(corrupt("a bit width above 32"));
        }
        Ok(Hybrid {
            pos,
            end,
            width,
            run: Run::Repeat { value: 0, left: 0 },
        })
    }

    /// Appends the next `n` values to `out`, a run at a time.
    fn fill(&mut self, buf: &[u8], n: usize, out: &mut Vec<u32>) -> Result<(), ParquetError> {
        let mut n = n;
        let w = self.width;
        out.reserve(n);
        while n > 0 {
            match &mut self.run {
                Run::Repeat { value, left } if *left > 0 => {
                    let k = n.min(*left);
                    *left -= k;
                    n -= k;
                    out.extend(std::iter::repeat_n(*value, k));
                }
                Run::Packed { bit, left } if *left > 0 => {
                    let k = n.min(*left);
                    *left -= k;
                    n -= k;
                    let width = usize::from(w);
                    let from = *bit;
                    *bit += k * width;
                    out.extend((0..k).map(|i| unpack(buf, from + i * width, w)));
                }
                _ => self.start_run(buf)?,
            }
        }
        Ok(())
    }

    /// Reads the header of the next run.
    fn start_run(&mut self, buf: &[u8]) -> Result<(), ParquetError> {
        let buf = &buf[..self.end];
        let mut header = 0usize;
        let mut shift = 0;
        loop {
            let &b = buf
                .get(self.pos)
                .ok_or_else(|| corrupt("fewer values than rows"))?;
            self.pos += 1;
            if shift > 56 {
                return Err(corrupt("a run header too long"));
            }
            header |= usize::from(b & 0x7F) << shift;
            shift += 7;
            if b & 0x80 == 0 {
                break;
            }
        }
        if header & 1 == 1 {
            // groups of 8 values
            let groups = header >> 1;
            let bytes = groups
                .checked_mul(usize::from(self.width))
                .filter(|&b| b <= buf.len() - self.pos)
                .ok_or_else(|| corrupt("a bit-packed run past the end of the page"))?;
            self.run = Run::Packed {
                bit: self.pos * 8,
                left: groups * 8,
            };
            self.pos += bytes;
        } else {
            let n = usize::from(self.width).div_ceil(8);
            let bytes = buf
                .get(self.pos..self.pos + n)
                .ok_or_else(|| corrupt("a repeated run past the end of the page"))?;
            let mut value = 0u32;
            for (i, &b) in bytes.iter().enumerate() {
                value |= u32::from(b) << (8 * i);
            }
            self.pos += n;
            self.run = Run::Repeat {
                value,
                left: header >> 1,
            };
        }
        Ok(())
    }
}

/// The `width`-bit value at bit `at` of `buf`, bits in little-endian order (the bytes were
/// checked to be in `buf` when the run began).
#[inline]
fn unpack(buf: &[u8], at: usize, width: u8) -> u32 {
    if width == 0 {
        return 0;
    }
    let byte = at / 8;
    if let Some(eight) = buf.get(byte..byte + 8) {
        let w = u64::from_le_bytes(eight.try_into().expect("8 bytes")) >> (at % 8);
        return (w & ((1u64 << width) - 1)) as u32;
    }
    let mut word = [0u8; 8];
    let have = buf.len().saturating_sub(byte).min(8);
    word[..have].copy_from_slice(&buf[byte..byte + have]);
    let w = u64::from_le_bytes(word) >> (at % 8);
    (w & ((1u64 << width) - 1)) as u32
}

/// The bits needed for values up to `max`.
fn bit_width(max: u32) -> u8 {
    (32 - max.leading_zeros()) as u8
}

/// The data page being read.
struct Current {
    page: Page,
    /// Definition levels; `None` for a required column.
    defs: Option<Hybrid>,
    indices: Hybrid,
    /// Rows left in the page.
    left: usize,
}

/// A column chunk read as dictionary indices.
pub(super) struct Chunk {
    pages: Box<dyn PageReader>,
    max_def: i16,
    /// The dictionary's values as text, then an empty one: a null's.
    pub values: Texts,
    /// The index of the empty value that stands for a null.
    null: u32,
    current: Option<Current>,
    /// Scratch: the indices of a run of rows' present values.
    present: Vec<u32>,
    /// The rows read so far.
    pub at: usize,
}

impl Chunk {
    /// Opens a chunk as dictionary indices: `None` when its first page is not a dictionary page,
    /// or `dictionary` cannot write its values (it gets the PLAIN values and their number, and
    /// writes each as text into the given `Texts`, or returns false).
    pub fn open(
        mut pages: Box<dyn PageReader>,
        max_def: i16,
        dictionary: impl FnOnce(&[u8], usize, &mut Texts) -> Result<bool, ParquetError>,
    ) -> Result<Option<Chunk>, ParquetError> {
        let Some(Page::DictionaryPage {
            buf,
            num_values,
            encoding,
            ..
        }) = pages.get_next_page()?
        else {
            return Ok(None);
        };
        if !matches!(encoding, Encoding::PLAIN | Encoding::PLAIN_DICTIONARY) {
            return Ok(None);
        }
        let mut values = Texts::default();
        values.clear();
        if !dictionary(&buf, num_values as usize, &mut values)? {
            return Ok(None);
        }
        values.utf8 = values.each_utf8();
        let null = values.ends.len() as u32;
        values.end();
        Ok(Some(Chunk {
            pages,
            max_def,
            values,
            null,
            current: None,
            present: Vec::new(),
            at: 0,
        }))
    }

    /// Opens the next data page; false when it is not dictionary-coded as read here.
    fn next_page(&mut self) -> Result<bool, ParquetError> {
        let page = self.pages.get_next_page()?.ok_or_else(|| {
            ParquetError::General("the column has fewer rows than its row group".into())
        })?;
        let def_width = bit_width(self.max_def.max(0) as u32);
        let (defs, values_at, left) = match &page {
            Page::DataPage {
                buf,
                num_values,
                encoding,
                def_level_encoding,
                ..
            } => {
                if !matches!(
                    encoding,
                    Encoding::PLAIN_DICTIONARY | Encoding::RLE_DICTIONARY
                ) {
                    return Ok(false);
                }
                if self.max_def == 0 {
                    (None, 0, *num_values as usize)
                } else {
                    if *def_level_encoding != Encoding::RLE {
                        return Ok(false);
                    }
                    let len = buf
                        .get(..4)
                        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
                        .filter(|&l| l <= buf.len() - 4)
                        .ok_or_else(|| corrupt("its definition levels pass its end"))?;
                    let defs = Hybrid::new(4, 4 + len, def_width)?;
                    (Some(defs), 4 + len, *num_values as usize)
                }
            }
            Page::DataPageV2 {
                buf,
                num_values,
                encoding,
                def_levels_byte_len,
                rep_levels_byte_len,
                ..
            } => {
                if !matches!(
                    encoding,
                    Encoding::PLAIN_DICTIONARY | Encoding::RLE_DICTIONARY
                ) || *rep_levels_byte_len != 0
                {
                    return Ok(false);
                }
                let len = *def_levels_byte_len as usize;
                if len > buf.len() {
                    return Err(corrupt("its definition levels pass its end"));
                }
                let defs = (self.max_def > 0)
                    .then(|| Hybrid::new(0, len, def_width))
                    .transpose()?;
                (defs, len, *num_values as usize)
            }
            Page::DictionaryPage { .. } => return Ok(false),
        };
        let buf = match &page {
            Page::DataPage { buf, .. } | Page::DataPageV2 { buf, .. } => buf,
            Page::DictionaryPage { .. } => unreachable!("returned above"),
        };
        // a page of nulls only may hold no indices at all, not even their width
        let (width, from) = match buf.get(values_at) {
            Some(&w) => (w, values_at + 1),
            None => (0, values_at),
        };
        let indices = Hybrid::new(from, buf.len(), width)?;
        self.current = Some(Current {
            page,
            defs,
            indices,
            left,
        });
        Ok(true)
    }

    /// Reads the indices of the next `n` rows into `out` (cleared first); false when a page is
    /// met that is not dictionary-coded as read here (the caller reads the chunk another way).
    pub fn read(&mut self, n: usize, out: &mut Vec<u32>) -> Result<bool, ParquetError> {
        out.clear();
        while out.len() < n {
            if self.current.as_ref().is_none_or(|c| c.left == 0) && !self.next_page()? {
                return Ok(false);
            }
            let Current {
                page,
                defs,
                indices,
                left,
            } = self.current.as_mut().expect("a page was opened above");
            let buf: &[u8] = match page {
                Page::DataPage { buf, .. } | Page::DataPageV2 { buf, .. } => buf,
                Page::DictionaryPage { .. } => unreachable!("only data pages are kept"),
            };
            let take = (n - out.len()).min(*left);
            *left -= take;
            let max_def = self.max_def as u32;
            let from = out.len();
            let null = self.null;
            let valid = |indices: &[u32]| {
                if indices.iter().any(|&i| i >= null) {
                    return Err(corrupt("an index past the end of the dictionary"));
                }
                Ok(())
            };
            match defs {
                None => {
                    indices.fill(buf, take, out)?;
                    valid(&out[from..])?;
                }
                Some(d) => {
                    // the levels first, into `out`; then each present row's index in place
                    d.fill(buf, take, out)?;
                    if out[from..].iter().any(|&l| l > max_def) {
                        return Err(corrupt("a definition level above the column's"));
                    }
                    let present = out[from..].iter().filter(|&&l| l == max_def).count();
                    if present == take {
                        out.truncate(from);
                        indices.fill(buf, take, out)?;
                        valid(&out[from..])?;
                    } else {
                        self.present.clear();
                        indices.fill(buf, present, &mut self.present)?;
                        valid(&self.present)?;
                        let mut values = self.present.iter();
                        for slot in &mut out[from..] {
                            *slot = if *slot == max_def {
                                *values.next().expect("one index per present row")
                            } else {
                                null
                            };
                        }
                    }
                }
            }
        }
        self.at += n;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(buf: &[u8], width: u8, n: usize) -> Result<Vec<u32>, ParquetError> {
        let mut h = Hybrid::new(0, buf.len(), width)?;
        let mut out = Vec::new();
        h.fill(buf, n, &mut out)?;
        Ok(out)
    }

    #[test]
    fn runs_of_both_kinds_are_read() {
        // a repeated run: header 3 << 1 = 6, the value 5 in one byte
        assert_eq!(all(&[6, 5], 3, 3).unwrap(), [5, 5, 5]);
        // a bit-packed run of one group (header 1 << 1 | 1 = 3), values 0..8 in 3 bits each:
        // the specification's example, bytes 10001000 11000110 11111010
        let packed = [3, 0b1000_1000, 0b1100_0110, 0b1111_1010];
        assert_eq!(all(&packed, 3, 8).unwrap(), [0, 1, 2, 3, 4, 5, 6, 7]);
        // both, one after the other; a 10-bit value takes two bytes in a repeated run
        let mut both = vec![4, 0x2C, 0x01];
        both.extend_from_slice(&packed);
        assert_eq!(all(&both, 10, 2).unwrap(), [300, 300]);
        // width 0: every value is 0
        assert_eq!(all(&[8], 0, 4).unwrap(), [0; 4]);
    }

    #[test]
    fn a_short_or_damaged_run_is_an_error() {
        assert!(all(&[6, 5], 3, 4).is_err());
        // eight groups announced, one byte there
        assert!(all(&[17, 0xFF], 3, 1).is_err());
        assert!(Hybrid::new(0, 0, 33).is_err());
        assert_eq!(bit_width(0), 0);
        assert_eq!(bit_width(1), 1);
        assert_eq!(bit_width(7), 3);
        assert_eq!(bit_width(8), 4);
    }
}
