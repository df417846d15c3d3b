//! Typed parsing of the cells real exports carry: dates in the usual layouts, counts with thousands
//! separators or Arabic-Indic digits, and years written as academic years.
//!
//! Each parser returns a reason on failure, in words an analyst can act on; the caller turns it into
//! a rejected row with file, line, column and value.
//!
//! The calendar (which days exist, day counts) is jiff's; only the layouts that real exports use
//! are read by hand: ISO dates with whatever follows them, day-first dates and Excel day numbers,
//! which no general-purpose parser reads the way these files mean them.

/// A calendar date, validated (no 30 February): made by [`Date::new`] or [`Date::from_days`]; the
/// fields are public for reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

/// The earliest and latest years accepted in a date or a year cell; anything else is a typo.
pub const YEARS: std::ops::RangeInclusive<i32> = 1990..=2100;

/// The largest count accepted in one posting's `vacancies` cell; larger values are rejected as
/// implausible (a typo or an ID in the wrong column), not counted.
pub const MAX_VACANCIES: u64 = 10_000;
/// The largest count accepted in one cohort's `graduates` cell.
pub const MAX_GRADUATES: u64 = 100_000;

/// 1970-01-01, day 0 of [`Date::days`].
const UNIX_EPOCH: jiff::civil::Date = jiff::civil::date(1970, 1, 1);

impl Date {
    /// Builds a date if it exists in the calendar and its year is plausible.
    pub fn new(year: i32, month: u32, day: u32) -> Result<Date, String> {
        if !YEARS.contains(&year) {
            return Err(format!(
                "year {year} is outside {}..{}",
                YEARS.start(),
                YEARS.end()
            ));
        }
        if !(1..=12).contains(&month) {
            return Err(format!("month {month} does not exist"));
        }
        // the year and month are in range; jiff knows how many days the month has
        let exists = i8::try_from(day)
            .is_ok_and(|day| jiff::civil::Date::new(year as i16, month as i8, day).is_ok());
        if !exists {
            return Err(format!("day {day} does not exist in {year}-{month:02}"));
        }
        Ok(Date {
            year,
            month: month as u8,
            day: day as u8,
        })
    }

    /// Days since 1970-01-01 (proleptic Gregorian), for comparing dates.
    pub fn days(&self) -> i64 {
        self.civil().duration_since(UNIX_EPOCH).as_hours() / 24
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days(days: i64) -> Date {
        days_after(UNIX_EPOCH, days)
    }

    /// The same date in jiff's calendar.
    fn civil(&self) -> jiff::civil::Date {
        jiff::civil::Date::new(self.year as i16, self.month as i8, self.day as i8)
            .expect("a Date is made by Date::new, from_days or a valid calendar date")
    }
}

/// The date `days` after `start` (clamped to jiff's years, -9999 to 9999).
fn days_after(start: jiff::civil::Date, days: i64) -> Date {
    let d = start.saturating_add(jiff::SignedDuration::from_hours(days.saturating_mul(24)));
    Date {
        year: i32::from(d.year()),
        month: d.month() as u8,
        day: d.day() as u8,
    }
}

fn num(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 9 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Parses a posting date: `YYYY-MM-DD`, `YYYY/MM/DD`, `DD/MM/YYYY`, `DD-MM-YYYY`, `DD.MM.YYYY`, an
/// ISO date-time (`2025-03-14T09:30:00Z`, `2025-03-14 09:30`), or an Excel serial day number
/// (`45730`, 1900 date system). Day-first is the French and Moroccan convention; month-first dates
/// are not guessed.
pub fn parse_date(cell: &str) -> Result<Date, String> {
    let s = cell.trim();
    if s.is_empty() {
        return Err("empty date".into());
    }
    // fast path: YYYY-MM-DD, alone or before a time; checked byte by byte so that the slices
    // below fall on ASCII characters
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() >= 10
        && b[4] == b'-'
        && b[7] == b'-'
        && digits(0..4)
        && digits(5..7)
        && digits(8..10)
        && matches!(b.get(10), None | Some(b'T' | b' ' | b't'))
    {
        if let (Some(y), Some(m), Some(d)) = (num(&s[..4]), num(&s[5..7]), num(&s[8..10])) {
            return Date::new(y as i32, m, d);
        }
    }
    let date_part = s.split([' ', 'T']).next().unwrap_or(s);
    if let Some(serial) = num(date_part).filter(|_| !date_part.contains(['/', '-', '.'])) {
        return excel_serial(serial);
    }
    let parts: Vec<&str> = date_part.split(['-', '/', '.']).collect();
    if parts.len() == 3 {
        let (a, m, c) = (num(parts[0]), num(parts[1]), num(parts[2]));
        if let (Some(a), Some(m), Some(c)) = (a, m, c) {
            if parts[0].len() == 4 {
                return Date::new(a as i32, m, c);
            }
            if parts[2].len() == 4 && parts[0].len() <= 2 {
                return Date::new(c as i32, m, a);
            }
        }
    }
    Err("not a date (expected YYYY-MM-DD, DD/MM/YYYY or an Excel day number)".into())
}

/// Excel's 1900 date system: day 1 is 1900-01-01, and day 60 is the 29 February 1900 that never
/// was, so serials from 61 on are one day ahead.
fn excel_serial(serial: u32) -> Result<Date, String> {
    // plausible range only: 1990-01-01 (32874) to 2100-12-31 (73415)
    if !(32_874..=73_415).contains(&serial) {
        return Err(format!(
            "{serial} is not a date (as an Excel day number it falls outside {}..{})",
            YEARS.start(),
            YEARS.end()
        ));
    }
    Ok(days_after(
        jiff::civil::date(1899, 12, 30),
        i64::from(serial),
    ))
}

/// Parses a non-negative count: `12`, `1 234` (space, no-break or narrow no-break space), `1,234`
/// or `1.234` when the separator groups exactly three digits, `١٢` (Arabic-Indic digits), and `12.0`
/// as written by spreadsheets. Rejects negatives, fractions and anything above `max`.
pub fn parse_count(cell: &str, max: u64) -> Result<u64, String> {
    let s = cell.trim();
    if let Ok(n) = s.parse::<u64>() {
        // fast path
        return check_max(n, max);
    }
    if s.is_empty() {
        return Err("empty count".into());
    }
    if s.starts_with('-') {
        return Err("negative count".into());
    }
    let mut digits = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '0'..='9' => digits.push(c),
            '\u{0660}'..='\u{0669}' => digits.push(char::from(b'0' + (c as u32 - 0x0660) as u8)),
            '\u{06F0}'..='\u{06F9}' => digits.push(char::from(b'0' + (c as u32 - 0x06F0) as u8)),
            ' ' | '\u{00A0}' | '\u{202F}' | ',' | '.' | '\u{066C}' | '\'' => digits.push(','),
            _ => return Err("not a whole number".into()),
        }
    }
    // `12.0` / `12,00`: a spreadsheet's decimal rendering of a whole number
    if let Some((int, frac)) = digits.rsplit_once(',') {
        if !int.is_empty()
            && !int.contains(',')
            && frac.len() != 3
            && frac.bytes().all(|b| b == b'0')
        {
            return int
                .parse()
                .map_err(|_| "not a whole number".into())
                .and_then(|n| check_max(n, max));
        }
    }
    let groups: Vec<&str> = digits.split(',').collect();
    let well_grouped = groups.len() > 1
        && (1..=3).contains(&groups[0].len())
        && groups[1..].iter().all(|g| g.len() == 3);
    if groups.len() > 1 && !well_grouped {
        return Err("not a whole number (fractions and odd digit grouping are not counts)".into());
    }
    let n: u64 = groups
        .concat()
        .parse()
        .map_err(|_| "not a whole number".to_string())?;
    check_max(n, max)
}

fn check_max(n: u64, max: u64) -> Result<u64, String> {
    if n > max {
        Err(format!("implausible count (above {max})"))
    } else {
        Ok(n)
    }
}

/// Parses a graduation year: `2024`, or an academic year `2023-2024` / `2023/24` (the year of
/// graduation is the second one), or a date (its year).
pub fn parse_year(cell: &str) -> Result<i32, String> {
    let s = cell.trim();
    if let Some(y) = num(s).filter(|_| s.len() == 4) {
        let y = y as i32;
        return if YEARS.contains(&y) {
            Ok(y)
        } else {
            Err(format!(
                "year {y} is outside {}..{}",
                YEARS.start(),
                YEARS.end()
            ))
        };
    }
    if let Some((a, b)) = s.split_once(['-', '/']) {
        if let (Some(a), Some(b)) = (num(a.trim()), num(b.trim())) {
            if a >= 1000 && (b == a + 1 || (b < 100 && b == (a + 1) % 100)) {
                return parse_year(&(a + 1).to_string());
            }
        }
    }
    if s.is_empty() {
        return Err("empty year".into());
    }
    parse_date(s)
        .map(|d| d.year)
        .map_err(|_| "not a year (expected 2024 or 2023-2024)".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u8, day: u8) -> Date {
        Date {
            year: y,
            month: m,
            day,
        }
    }

    #[test]
    fn dates_in_usual_layouts() {
        assert_eq!(parse_date("2025-03-14"), Ok(d(2025, 3, 14)));
        assert_eq!(parse_date("2025/03/14"), Ok(d(2025, 3, 14)));
        assert_eq!(parse_date("14/03/2025"), Ok(d(2025, 3, 14)));
        assert_eq!(parse_date("14-03-2025"), Ok(d(2025, 3, 14)));
        assert_eq!(parse_date("4.3.2025"), Ok(d(2025, 3, 4)));
        assert_eq!(parse_date("2025-03-14T09:30:00Z"), Ok(d(2025, 3, 14)));
        assert_eq!(parse_date(" 2025-03-14 09:30 "), Ok(d(2025, 3, 14)));
        assert_eq!(parse_date("2024-02-29"), Ok(d(2024, 2, 29)));
        assert_eq!(parse_date("2000-02-29"), Ok(d(2000, 2, 29)));
        assert_eq!(parse_date("31/12/2025"), Ok(d(2025, 12, 31)));
    }

    #[test]
    fn impossible_dates_are_rejected() {
        assert!(parse_date("2025-02-30").is_err());
        assert!(parse_date("2025-02-29").is_err());
        assert!(parse_date("2100-02-29").is_err()); // a century is a leap year only by 400
        assert!(parse_date("2025-01-00").is_err());
        assert!(parse_date("2025-13-01").is_err());
        assert!(parse_date("31/04/2025").is_err());
        assert!(parse_date("1850-01-01").is_err());
        assert!(parse_date("yesterday").is_err());
        assert!(parse_date("").is_err());
        assert!(parse_date("03/14/2025").is_err()); // month-first is not guessed
                                                    // found by fuzzing: a multi-byte character where the fast path expected ASCII
        assert!(parse_date("2025-01-1ÿÿÿ5").is_err());
        assert!(parse_date("2025-01-10ÿ").is_err());
        assert!(parse_date("2025-0é-10").is_err());
    }

    #[test]
    fn excel_serial_days() {
        assert_eq!(parse_date("45658"), Ok(d(2025, 1, 1)));
        assert_eq!(parse_date("45351"), Ok(d(2024, 2, 29)));
        assert!(parse_date("12").is_err());
    }

    #[test]
    fn days_round_trip() {
        for days in [-1000, 0, 1, 19_000, 20_000, 45_000] {
            assert_eq!(Date::from_days(days).days(), days);
        }
        assert_eq!(d(1970, 1, 1).days(), 0);
        assert_eq!(d(2000, 3, 1).days(), 11_017);
    }

    #[test]
    fn every_accepted_date_is_one_day_after_the_one_before() {
        // 1990-01-01 is day 7,305; 1990 to 2100 have 40,542 days
        let mut expected = 7_305;
        for year in YEARS {
            for month in 1..=12 {
                for day in 0..=32 {
                    if let Ok(date) = Date::new(year, month, day) {
                        assert_eq!(date.days(), expected, "{date:?}");
                        assert_eq!(Date::from_days(expected), date);
                        expected += 1;
                    }
                }
            }
        }
        assert_eq!(expected, 7_305 + 40_542);
    }

    #[test]
    fn counts() {
        assert_eq!(parse_count("12", 100), Ok(12));
        assert_eq!(parse_count(" 7 ", 100), Ok(7));
        assert_eq!(parse_count("1 234", 10_000), Ok(1234));
        assert_eq!(parse_count("1\u{202F}234", 10_000), Ok(1234));
        assert_eq!(parse_count("1,234", 10_000), Ok(1234));
        assert_eq!(parse_count("12.0", 100), Ok(12));
        assert_eq!(parse_count("١٢", 100), Ok(12));
        assert!(parse_count("-3", 100).is_err());
        assert!(parse_count("1.5", 100).is_err());
        assert!(parse_count("12,34", 100_000).is_err());
        assert!(parse_count("abc", 100).is_err());
        assert!(parse_count("101", 100).is_err());
        assert!(parse_count("", 100).is_err());
    }

    #[test]
    fn years() {
        assert_eq!(parse_year("2024"), Ok(2024));
        assert_eq!(parse_year("2023-2024"), Ok(2024));
        assert_eq!(parse_year("2023/24"), Ok(2024));
        assert_eq!(parse_year("2024-06-30"), Ok(2024));
        assert!(parse_year("24").is_err());
        assert!(parse_year("3024").is_err());
        assert!(parse_year("").is_err());
    }
}
