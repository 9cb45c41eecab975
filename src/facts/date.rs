//! Dates read from datelines: "Washington, December 19, 1965, 5 p.m.".

/// A calendar date; the day is absent when the dateline gives a month only.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: Option<u8>,
}

impl Date {
    /// `1965-12-19`, or `1965-12` without a day: the form of TEI `@when`.
    pub fn iso(&self) -> String {
        match self.day {
            Some(d) => format!("{:04}-{:02}-{:02}", self.year, self.month, d),
            None => format!("{:04}-{:02}", self.year, self.month),
        }
    }

    /// True when `self` is certainly earlier than `other` (a month-only
    /// date is not earlier than a day in the same month).
    pub fn certainly_before(&self, other: &Date) -> bool {
        match (self.day, other.day) {
            (Some(a), Some(b)) => (self.year, self.month, a) < (other.year, other.month, b),
            _ => (self.year, self.month) < (other.year, other.month),
        }
    }
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn month_of(word: &str) -> Option<u8> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| *m == w || (w.len() >= 3 && m.starts_with(&w) && w.len() <= 4))
        .and_then(|i| u8::try_from(i + 1).ok())
}

fn days_in(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A dateline that says the document has no date: FRUS's Schematron
/// (frus-dates.sch D4, D5) matches `undated|not\s+dated|not\s+declassified`
/// in any case.
pub fn says_undated(text: &str) -> bool {
    let lower = text.to_lowercase();
    if lower.contains("undated") {
        return true;
    }
    let words = |second: &str| {
        lower.match_indices("not").any(|(at, _)| {
            let rest = &lower[at + 3..];
            let after = rest.trim_start_matches([' ', '\t', '\n', '\r']);
            after.len() < rest.len() && after.starts_with(second)
        })
    };
    words("dated") || words("declassified")
}

/// A `@when` value as FRUS's Schematron accepts it in a document's
/// dateline (frus-dates.sch D12): `YYYY`, `YYYY-MM`, an xs:date or an
/// xs:dateTime, with ASCII digits (the values are cast), a day that exists
/// in its month, and no year 0000.
pub fn is_when_value(value: &str) -> bool {
    let b = value.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b.get(r.clone())
            .is_some_and(|d| d.len() == r.len() && d.iter().all(u8::is_ascii_digit))
    };
    let two = |at: usize| -> Option<u32> {
        digits(at..at + 2).then(|| u32::from(b[at] - b'0') * 10 + u32::from(b[at + 1] - b'0'))
    };
    let month_ok = |at: usize| two(at).is_some_and(|m| (1..=12).contains(&m));
    if b.len() == 4 && digits(0..4) {
        return value != "0000";
    }
    if b.len() == 7 && digits(0..4) && b[4] == b'-' && month_ok(5) {
        return &value[..4] != "0000";
    }
    // -?YYYY+ (no leading zero beyond four digits) -MM-DD
    let start = usize::from(b.first() == Some(&b'-'));
    let year_len = b[start..].iter().take_while(|c| c.is_ascii_digit()).count();
    if year_len < 4 || (year_len > 4 && b[start] == b'0') {
        return false;
    }
    let year = &value[start..start + year_len];
    if year.bytes().all(|c| c == b'0') {
        return false;
    }
    let at = start + year_len;
    if b.get(at) != Some(&b'-') || !month_ok(at + 1) || b.get(at + 3) != Some(&b'-') {
        return false;
    }
    let (Some(month), Some(day)) = (two(at + 1), two(at + 4)) else {
        return false;
    };
    // Leap years repeat every 400 years, so the last four digits decide.
    let leap_year = year[year.len() - 4..].parse::<i32>().unwrap_or(1);
    let days = days_in(leap_year, u8::try_from(month).unwrap_or(1));
    if day < 1 || day > u32::from(days) {
        return false;
    }
    let mut rest = &value[at + 6..];
    if let Some(time) = rest.strip_prefix('T') {
        let Some(after) = time_of_day(time) else {
            return false;
        };
        rest = after;
    }
    is_zone(rest)
}

/// `hh:mm:ss(.s+)?` or `24:00:00(.0+)?`; what follows it.
fn time_of_day(s: &str) -> Option<&str> {
    let b = s.as_bytes();
    if b.len() < 8 || !s.is_char_boundary(8) {
        return None;
    }
    let num = |at: usize| -> Option<u32> {
        let d = b.get(at..at + 2)?;
        d.iter()
            .all(u8::is_ascii_digit)
            .then(|| u32::from(d[0] - b'0') * 10 + u32::from(d[1] - b'0'))
    };
    let (h, m, sec) = (num(0)?, num(3)?, num(6)?);
    if b[2] != b':' || b[5] != b':' {
        return None;
    }
    let mut rest = &s[8..];
    let mut fraction_zero = true;
    if let Some(f) = rest.strip_prefix('.') {
        let n = f.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return None;
        }
        fraction_zero = f[..n].bytes().all(|c| c == b'0');
        rest = &f[n..];
    }
    let ok = if h == 24 {
        m == 0 && sec == 0 && fraction_zero
    } else {
        h <= 23 && m <= 59 && sec <= 59
    };
    ok.then_some(rest)
}

/// Nothing, `Z`, or `±hh:mm` from -14:00 to +14:00.
fn is_zone(s: &str) -> bool {
    let b = s.as_bytes();
    match b {
        [] | [b'Z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => {
            let all = [h1, h2, m1, m2];
            if !all.iter().all(|c| c.is_ascii_digit()) {
                return false;
            }
            let h = (h1 - b'0') * 10 + (h2 - b'0');
            let m = (m1 - b'0') * 10 + (m2 - b'0');
            (h <= 13 && m <= 59) || (h == 14 && m == 0)
        }
        _ => false,
    }
}

/// Reads the first date of the form `Month D, YYYY`, `D Month YYYY` or
/// `Month YYYY` in a dateline.
pub fn parse_dateline(text: &str) -> Option<Date> {
    // An em dash joins the date to the time in older volumes:
    // `January 15, 1942—7 p.m.`
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',' || c == '—')
        .filter(|w| !w.is_empty())
        .collect();
    let year_of = |w: &str| -> Option<i32> {
        let w = w.trim_end_matches(['.', ';', ':', ')']);
        (w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
            .then(|| w.parse().ok())
            .flatten()
    };
    let day_of = |w: &str| -> Option<u8> {
        let w = w.trim_end_matches(['.', ',']);
        let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        (digits.len() <= 2 && !digits.is_empty())
            .then(|| digits.parse().ok())
            .flatten()
    };
    for (i, w) in words.iter().enumerate() {
        let Some(month) = month_of(w) else { continue };
        // Month D, YYYY
        if let (Some(d), Some(y)) = (
            words.get(i + 1).and_then(|w| day_of(w)),
            words.get(i + 2).and_then(|w| year_of(w)),
        ) {
            if d >= 1 && d <= days_in(y, month) {
                return Some(Date {
                    year: y,
                    month,
                    day: Some(d),
                });
            }
        }
        // D Month YYYY
        if let (Some(d), Some(y)) = (
            i.checked_sub(1)
                .and_then(|j| words.get(j))
                .and_then(|w| day_of(w)),
            words.get(i + 1).and_then(|w| year_of(w)),
        ) {
            if d >= 1 && d <= days_in(y, month) {
                return Some(Date {
                    year: y,
                    month,
                    day: Some(d),
                });
            }
        }
        // Month YYYY
        if let Some(y) = words.get(i + 1).and_then(|w| year_of(w)) {
            return Some(Date {
                year: y,
                month,
                day: None,
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u8, day: Option<u8>) -> Option<Date> {
        Some(Date {
            year: y,
            month: m,
            day,
        })
    }

    #[test]
    fn reads_frus_datelines() {
        assert_eq!(
            parse_dateline("Washington, December 19, 1965, 5 p.m."),
            d(1965, 12, Some(19))
        );
        assert_eq!(parse_dateline("December 28, 1965."), d(1965, 12, Some(28)));
        assert_eq!(
            parse_dateline("Saigon, 27 December 1965, 1800Z."),
            d(1965, 12, Some(27))
        );
        assert_eq!(parse_dateline("Paris, Sept. 3, 1964"), d(1964, 9, Some(3)));
        assert_eq!(parse_dateline("Washington, undated."), None);
        assert_eq!(parse_dateline("Washington, March 1965."), d(1965, 3, None));
        assert_eq!(parse_dateline("February 30, 1965"), None);
        assert_eq!(
            parse_dateline("Santiago, January 15, 1942—7 p.m. [Received January 16—3:51 a.m.]"),
            d(1942, 1, Some(15))
        );
    }

    #[test]
    fn when_values_as_frus_accepts_them() {
        for ok in [
            "1965",
            "1965-12",
            "1965-12-19",
            "1965-12-19-05:00",
            "1964-02-29",
            "2000-02-29",
            "1965-12-19T17:00:00-05:00",
            "1965-12-19T17:00:00.5+14:00",
            "1965-12-19T24:00:00",
            "1965-12-19T18:00:00Z",
            "-0044-03-15",
            "12345-01-01",
        ] {
            assert!(is_when_value(ok), "{ok}");
        }
        for bad in [
            "",
            "0000",
            "65",
            "1965-13",
            "1965-12-32",
            "1965-02-29",
            "1900-02-29",
            "1965-12-19T25:00:00",
            "1965-12-19T24:00:01",
            "1965-12-19T17:00",
            "1965-12-19T17:00:00+14:30",
            "1965-12-19T17:00:00EST",
            "1965-12-19 17:00:00",
            "December 19, 1965",
            "０１９６５",
            "01965-01-01",
            "0000-01-01",
        ] {
            assert!(!is_when_value(bad), "{bad}");
        }
    }

    #[test]
    fn undated_datelines() {
        assert!(says_undated("Washington, undated."));
        assert!(says_undated("Saigon, Not  Dated"));
        assert!(says_undated("[place not declassified], May 1, 1965"));
        assert!(!says_undated("Washington, notdated"));
        assert!(!says_undated("Washington, December 19, 1965."));
    }

    #[test]
    fn month_only_dates_compare_by_month() {
        let dec = Date {
            year: 1965,
            month: 12,
            day: None,
        };
        let dec5 = Date {
            year: 1965,
            month: 12,
            day: Some(5),
        };
        let nov30 = Date {
            year: 1965,
            month: 11,
            day: Some(30),
        };
        assert!(!dec.certainly_before(&dec5));
        assert!(nov30.certainly_before(&dec));
        assert_eq!(dec5.iso(), "1965-12-05");
    }
}
