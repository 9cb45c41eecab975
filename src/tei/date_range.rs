//! `frus:doc-dateTime-min` and `-max`: the span of time a date covers, as
//! FRUS's publishing derives it for each document. FRUS writes every span
//! in one fixed offset, US Eastern standard time, so that the spans of
//! documents dated in different zones sort as strings; a date without a
//! zone is read as already in it.

/// FRUS's offset, in minutes east of UTC.
const FRUS_OFFSET_MINUTES: i64 = -5 * 60;
const FRUS_OFFSET: &str = "-05:00";

/// The span of a date in `@when` form (`1955-08-01T19:00:00+01:00`,
/// `1958-01-10`, `1958-02`, `1958`, or `FROM/TO`): the instant for a time,
/// the whole day, month or year for a date; `None` for anything else.
pub fn date_range(when: &str) -> Option<(String, String)> {
    if let Some((from, to)) = when.split_once('/') {
        return Some((date_range(from)?.0, date_range(to)?.1));
    }
    match when.split_once('T') {
        Some((date, time)) => {
            let (y, m, d) = full_date(date)?;
            let instant = in_frus_offset(y, m, d, time)?;
            Some((instant.clone(), instant))
        }
        None => {
            let (y, m, d) = calendar_date(when)?;
            let (first_month, last_month) = m.map_or((1, 12), |m| (m, m));
            let first = d.unwrap_or(1);
            let last = d.unwrap_or_else(|| days_in(y, last_month));
            Some((
                format!("{y:04}-{first_month:02}-{first:02}T00:00:00{FRUS_OFFSET}"),
                format!("{y:04}-{last_month:02}-{last:02}T23:59:59{FRUS_OFFSET}"),
            ))
        }
    }
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, with a month and day that exist.
fn calendar_date(s: &str) -> Option<(i64, Option<u32>, Option<u32>)> {
    let mut parts = s.split('-');
    let y = digits(parts.next()?, 4)?;
    let m = match parts.next() {
        Some(p) => Some(digits(p, 2)?),
        None => None,
    };
    let d = match parts.next() {
        Some(p) => Some(digits(p, 2)?),
        None => None,
    };
    if parts.next().is_some() || d.is_some() && m.is_none() {
        return None;
    }
    let m = m.map(|m| m as u32);
    if m.is_some_and(|m| !(1..=12).contains(&m)) {
        return None;
    }
    let d = d.map(|d| d as u32);
    if let (Some(m), Some(d)) = (m, d) {
        if d == 0 || d > days_in(y, m) {
            return None;
        }
    }
    Some((y, m, d))
}

fn full_date(s: &str) -> Option<(i64, u32, u32)> {
    match calendar_date(s)? {
        (y, Some(m), Some(d)) => Some((y, m, d)),
        _ => None,
    }
}

/// `HH:MM[:SS]` with an optional zone (`Z`, `+01:00`), moved to FRUS's
/// offset, written in full.
fn in_frus_offset(y: i64, m: u32, d: u32, time: &str) -> Option<String> {
    let (clock, offset) = split_zone(time)?;
    let mut fields = clock.split(':');
    let h = digits(fields.next()?, 2)?;
    let min = digits(fields.next()?, 2)?;
    let sec = fields.next().map_or(Some(0), |s| digits(s, 2))?;
    if fields.next().is_some() || h > 23 || min > 59 || sec > 59 {
        return None;
    }
    let minutes = days_from_civil(y, m, d) * 1440 + h * 60 + min
        - offset.unwrap_or(FRUS_OFFSET_MINUTES)
        + FRUS_OFFSET_MINUTES;
    let (y, m, d) = civil_from_days(minutes.div_euclid(1440));
    let of_day = minutes.rem_euclid(1440);
    Some(format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{sec:02}{FRUS_OFFSET}",
        of_day / 60,
        of_day % 60
    ))
}

/// The clock part and the zone's offset in minutes east of UTC (`None`
/// where the time has no zone).
fn split_zone(time: &str) -> Option<(&str, Option<i64>)> {
    if let Some(clock) = time.strip_suffix('Z') {
        return Some((clock, Some(0)));
    }
    let Some(at) = time.rfind(['+', '-']) else {
        return Some((time, None));
    };
    let (clock, zone) = time.split_at(at);
    let sign = if zone.starts_with('-') { -1 } else { 1 };
    let (h, m) = zone[1..].split_once(':')?;
    let (h, m) = (digits(h, 2)?, digits(m, 2)?);
    if h > 14 || m > 59 {
        return None;
    }
    Some((clock, Some(sign * (h * 60 + m))))
}

/// `s` as a number of exactly `width` ASCII digits.
fn digits(s: &str, width: usize) -> Option<i64> {
    (s.len() == width && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn is_leap(y: i64) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

fn days_in(y: i64, m: u32) -> u32 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a date of the proleptic Gregorian calendar
/// (the civil-days algorithm of H. Hinnant's "chrono-Compatible Low-Level
/// Date Algorithms").
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::date_range;

    fn range(when: &str) -> Option<(String, String)> {
        date_range(when)
    }

    fn pair(a: &str, b: &str) -> Option<(String, String)> {
        Some((a.to_string(), b.to_string()))
    }

    #[test]
    fn a_date_covers_its_day_month_or_year() {
        assert_eq!(
            range("1870-08-11"),
            pair("1870-08-11T00:00:00-05:00", "1870-08-11T23:59:59-05:00")
        );
        assert_eq!(
            range("1960-02"),
            pair("1960-02-01T00:00:00-05:00", "1960-02-29T23:59:59-05:00")
        );
        assert_eq!(
            range("1958"),
            pair("1958-01-01T00:00:00-05:00", "1958-12-31T23:59:59-05:00")
        );
    }

    /// The values FRUS's own volumes carry (1918–1919, 1955–1957 vol. III,
    /// 1969–1976 vol. I).
    #[test]
    fn a_time_is_an_instant_in_frus_offset() {
        assert_eq!(
            range("1917-04-03T18:00:00"),
            pair("1917-04-03T18:00:00-05:00", "1917-04-03T18:00:00-05:00")
        );
        assert_eq!(
            range("1955-08-01T19:00:00+01:00"),
            pair("1955-08-01T13:00:00-05:00", "1955-08-01T13:00:00-05:00")
        );
        assert_eq!(
            range("1970-10-22T11:00:00-04:00/1970-10-22T13:30:00-04:00"),
            pair("1970-10-22T10:00:00-05:00", "1970-10-22T12:30:00-05:00")
        );
    }

    #[test]
    fn a_zone_can_move_the_date() {
        assert_eq!(
            range("1965-01-01T02:00Z"),
            pair("1964-12-31T21:00:00-05:00", "1964-12-31T21:00:00-05:00")
        );
        assert_eq!(
            range("1960-02-28T23:30:00-08:00"),
            pair("1960-02-29T02:30:00-05:00", "1960-02-29T02:30:00-05:00")
        );
    }

    #[test]
    fn what_is_not_a_date_has_no_span() {
        for bad in [
            "",
            "1958-13",
            "1958-02-30",
            "58-01-01",
            "1958-01-01T25:00",
            "undated",
            "1958-01-01T10:00+1:00",
            "1958--01",
        ] {
            assert_eq!(range(bad), None, "{bad}");
        }
    }
}
