//! FRUS volume ids: their form, the published list, and the id a
//! "Foreign Relations, 1964–1968, vol. II" phrase names.

use std::collections::HashSet;
use std::sync::OnceLock;

const PUBLISHED: &str = include_str!("../data/frus-volume-ids.txt");

/// The ids of all published FRUS volumes.
pub fn published() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        PUBLISHED
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect()
    })
}

/// Is this a published FRUS volume?
pub fn is_published(id: &str) -> bool {
    published().contains(id)
}

/// Does the id have FRUS's form: `frus` + a year, an optional `-YY` for a
/// range, then letters, digits and hyphens (`frus1964-68v03`, `frus1952-54v12p2`,
/// `frus1861-99Index`)?
pub fn has_frus_form(id: &str) -> bool {
    let Some(rest) = id.strip_prefix("frus") else {
        return false;
    };
    let bytes = rest.as_bytes();
    if bytes.len() < 4 || !bytes[..4].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let mut rest = &rest[4..];
    if let Some(r) = rest.strip_prefix('-') {
        let b = r.as_bytes();
        if b.len() < 2 || !b[..2].iter().all(u8::is_ascii_digit) {
            return false;
        }
        rest = &r[2..];
    }
    rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// The value of a roman numeral (`XII` → 12); None for anything else.
pub fn roman_value(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 15 {
        return None;
    }
    let digit = |c: char| match c.to_ascii_uppercase() {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        'D' => Some(500),
        'M' => Some(1000),
        _ => None,
    };
    let values: Option<Vec<u32>> = s.chars().map(digit).collect();
    let values = values?;
    let mut total: i64 = 0;
    for (i, v) in values.iter().enumerate() {
        match values.get(i + 1) {
            Some(next) if next > v => total -= i64::from(*v),
            _ => total += i64::from(*v),
        }
    }
    let total = u32::try_from(total).ok().filter(|t| *t > 0)?;
    // Reject non-canonical spellings such as "IIII" or "VX".
    (to_roman(total) == s.to_ascii_uppercase()).then_some(total)
}

/// The roman numeral of a number (`12` → `XII`).
pub fn to_roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, numeral) in TABLE {
        while n >= value {
            out.push_str(numeral);
            n -= value;
        }
    }
    out
}

/// The volume id named by a citation such as `Foreign Relations, 1964–1968,
/// vol. II` or `Foreign Relations, 1952–1954, vol. XII, part 2`.
pub fn from_citation(citation: &str) -> Option<String> {
    let rest = citation.strip_prefix("Foreign")?;
    let rest = rest.trim_start().strip_prefix("Relations,")?.trim_start();
    let year_end = rest.find(|c: char| !c.is_ascii_digit())?;
    let first: u32 = rest[..year_end].parse().ok()?;
    if year_end != 4 {
        return None;
    }
    let mut rest = &rest[year_end..];
    let mut last: Option<String> = None;
    if let Some(r) = rest.strip_prefix(['-', '–']) {
        let end = r.find(|c: char| !c.is_ascii_digit()).unwrap_or(r.len());
        let digits = &r[..end];
        last = match digits.len() {
            2 => Some(digits.to_string()),
            4 => Some(digits[2..].to_string()),
            _ => return None,
        };
        rest = &r[end..];
    }
    let rest = rest
        .strip_prefix(',')?
        .trim_start()
        .strip_prefix("vol.")?
        .trim_start();
    let end = rest
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(rest.len());
    let volume = roman_value(&rest[..end])?;
    let mut id = format!("frus{first}");
    if let Some(last) = last {
        id.push('-');
        id.push_str(&last);
    }
    id.push_str(&format!("v{volume:02}"));
    let rest = rest[end..].trim_start();
    if let Some(r) = rest.strip_prefix(',') {
        if let Some(part) = r.trim_start().strip_prefix("part") {
            let part = part.trim_start();
            let end = part
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(part.len());
            if end > 0 {
                id.push('p');
                id.push_str(&part[..end]);
            }
        }
    }
    Some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citations_name_frus_ids() {
        assert_eq!(
            from_citation("Foreign Relations, 1964–1968, vol. II").as_deref(),
            Some("frus1964-68v02")
        );
        assert_eq!(
            from_citation("Foreign Relations, 1952–1954, vol. XII, part 2").as_deref(),
            Some("frus1952-54v12p2")
        );
        assert_eq!(
            from_citation("Foreign Relations, 1950, vol. VII").as_deref(),
            Some("frus1950v07")
        );
        assert_eq!(
            from_citation("Foreign Relations,\n    1964-1968, vol. III").as_deref(),
            Some("frus1964-68v03")
        );
        assert_eq!(from_citation("Foreign Relations, 1964, vol. IIII"), None);
    }

    #[test]
    fn the_published_list_is_compiled_in() {
        assert_eq!(published().len(), 694);
        assert!(is_published("frus1964-68v03"));
        assert!(!is_published("frus1964-68v99"));
    }

    #[test]
    fn frus_form() {
        for id in published() {
            assert!(has_frus_form(id), "{id}");
        }
        assert!(!has_frus_form("vietnam"));
        assert!(!has_frus_form("frus64v03"));
        assert!(!has_frus_form("frus1964-68 v03"));
    }

    #[test]
    fn roman_numerals() {
        assert_eq!(roman_value("XII"), Some(12));
        assert_eq!(roman_value("xiv"), Some(14));
        assert_eq!(roman_value("XCIX"), Some(99));
        assert_eq!(roman_value("MCMLXV"), Some(1965));
        assert_eq!(roman_value("IIII"), None);
        assert_eq!(roman_value("ABC"), None);
    }
}
