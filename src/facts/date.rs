//! Dates read from datelines: "Washington, December 19, 1965, 5 p.m.".

/// A calendar date; the day is absent when the dateline gives a month only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
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

/// Reads the first date of the form `Month D, YYYY`, `D Month YYYY` or
/// `Month YYYY` in a dateline.
pub fn parse_dateline(text: &str) -> Option<Date> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
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
