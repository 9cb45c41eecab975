//! Ids on both sides: `p_TLEJ1` ↔ `TLEJ1`, `t_SEATO1` ↔ `SEATO`, note ids,
//! reference targets, file names.

use crate::facts::{DocKey, Target};
use std::collections::{HashMap, HashSet};

/// `p_TLEJ1` → `TLEJ1`; None when the id lacks the prefix.
pub fn person_from_tei(id: &str) -> Option<&str> {
    id.strip_prefix("p_").filter(|s| is_label(s))
}

/// `TLEJ1` → `p_TLEJ1`.
pub fn person_to_tei(id: &str) -> String {
    format!("p_{id}")
}

/// `SEATO` → `t_SEATO1`; an id that ends with a digit kept its counter on
/// import (`X2` ← `t_X2`) and is written back as it stands.
pub fn term_to_tei(id: &str) -> String {
    if id.ends_with(|c: char| c.is_ascii_digit()) {
        format!("t_{id}")
    } else {
        format!("t_{id}1")
    }
}

/// The markup id a TEI term id gets when nothing else in the volume
/// competes for it: `t_SEATO1` → `SEATO`, `t_X2` → `X2`, `t_A1H1` → `A1H`.
fn term_candidate(tei: &str) -> Option<String> {
    let bare = tei.strip_prefix("t_")?;
    if !is_label(bare) {
        return None;
    }
    match bare.strip_suffix('1') {
        Some(stem) if !stem.is_empty() && !stem.ends_with(|c: char| c.is_ascii_digit()) => {
            Some(stem.to_string())
        }
        _ => Some(bare.to_string()),
    }
}

/// Maps the TEI term ids of a volume to markup ids, keeping them unique and
/// reversible by [`term_to_tei`]. Ids that cannot be carried over exactly
/// are returned beside the map.
pub fn term_map<'a>(
    ids: impl IntoIterator<Item = &'a str>,
) -> (HashMap<String, String>, Vec<String>) {
    let ids: Vec<&str> = ids.into_iter().collect();
    let mut map = HashMap::new();
    let mut taken = HashSet::new();
    let mut rest = Vec::new();
    // Ids that map back exactly first, so that an odd id never takes the
    // place of a regular one.
    for tei in &ids {
        match term_candidate(tei) {
            Some(c) if term_to_tei(&c) == *tei && !taken.contains(&c) => {
                taken.insert(c.clone());
                map.insert(tei.to_string(), c);
            }
            _ => rest.push(*tei),
        }
    }
    let mut inexact = Vec::new();
    for tei in rest {
        if map.contains_key(tei) {
            continue;
        }
        inexact.push(tei.to_string());
        let mut base: String = tei
            .trim_start_matches("t_")
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || "_.-".contains(*c))
            .collect();
        if !base.starts_with(|c: char| c.is_ascii_alphanumeric()) {
            base = format!("T{base}");
        }
        let mut candidate = base.clone();
        let mut n = 2;
        while taken.contains(&candidate) {
            candidate = format!("{base}_{n}");
            n += 1;
        }
        taken.insert(candidate.clone());
        map.insert(tei.to_string(), candidate);
    }
    (map, inexact)
}

/// The markup id of a term target that is not in the volume's list.
pub fn term_fallback(tei: &str) -> Option<String> {
    term_candidate(tei)
}

/// A label of the markup: letters, digits, `_`, `.`, `-`, starting with a
/// letter or digit.
pub fn is_label(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c))
}

/// `d261` + `1` → `d261fn1`.
pub fn note_id(scope_id: &str, label: &str) -> String {
    let mut id = String::new();
    write_note_id(&mut id, scope_id, label);
    id
}

/// [`note_id`], written at the end of `out`.
pub fn write_note_id(out: &mut String, scope_id: &str, label: &str) {
    out.push_str(scope_id);
    out.push_str("fn");
    out.push_str(label);
}

/// The TEI `@target` a reference of the markup points at; `scope_id` is the
/// id of the document the reference stands in.
pub fn tei_target(target: &Target, scope_id: &str) -> Option<String> {
    let vol = |v: &Option<crate::facts::Text>| v.as_deref().unwrap_or_default().to_string();
    let doc = |d: &DocKey| match d {
        DocKey::Number(n) => format!("d{n}"),
        DocKey::Id(id) => id.to_string(),
    };
    match target {
        Target::Document { volume, document } => Some(format!("{}#{}", vol(volume), doc(document))),
        Target::Footnote {
            volume,
            document,
            footnote,
        } => {
            let d = document.as_ref().map_or(scope_id.to_string(), doc);
            Some(format!("{}#{}", vol(volume), note_id(&d, footnote)))
        }
        Target::Volume { volume } => Some(volume.to_string()),
        Target::Page { volume, page } => Some(format!("{}#pg_{page}", vol(volume))),
        Target::Placeholder { .. } => None,
    }
}

/// `d0261.emd` for document 261, `d0012a.emd` for 12a; None for numbers of
/// another shape.
pub fn document_file_stem(number: &str) -> Option<String> {
    let digits = number.trim_end_matches(|c: char| c.is_ascii_lowercase());
    let suffix = &number[digits.len()..];
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || suffix.len() > 1 {
        return None;
    }
    Some(bounded(format!("d{digits:0>4}{suffix}"), number))
}

/// An id with what cannot stand in a file name left out: ASCII letters,
/// digits, `-`, `_`; None when nothing is left.
pub fn plain_id(id: &str) -> Option<String> {
    let s: String = id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    (!s.is_empty()).then_some(s)
}

/// A file or folder name made of an id: [`plain_id`], short enough for any
/// file system. None for names the volume folder gives a meaning of its own
/// (`volume`, `back`), names that finding the markup files skips (`target`,
/// `node_modules`), and names Windows reserves for devices (`CON`, `NUL`,
/// `COM1`, …), whatever follows them.
pub fn file_stem(id: &str) -> Option<String> {
    let s = plain_id(id)?;
    let upper = s.to_ascii_uppercase();
    let device = matches!(upper.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((upper.starts_with("COM") || upper.starts_with("LPT"))
            && upper.len() == 4
            && upper.as_bytes()[3].is_ascii_digit());
    let special = matches!(s.as_str(), "volume" | "back" | "target" | "node_modules");
    (!device && !special).then(|| bounded(s, id))
}

/// Longest file or folder name made of an id, in bytes. File systems allow
/// 255 bytes a name; the margin leaves room for what the import adds
/// (`01-`, `-2`, `.emd`) and for editors' backup suffixes.
const MAX_STEM: usize = 100;

/// `stem` cut to [`MAX_STEM`] bytes when longer. The cut name ends in a hash
/// of the whole id, so that two long ids with the same beginning still get
/// two names; the id itself is kept in the markup, never only in the name.
fn bounded(stem: String, id: &str) -> String {
    if stem.len() <= MAX_STEM {
        return stem;
    }
    let hash = format!("{:08x}", stable_hash(id));
    let mut end = MAX_STEM - hash.len() - 1;
    while !stem.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}-{hash}", &stem[..end])
}

/// FNV-1a, folded to 32 bits: the same on every platform and in every
/// release, as a file name made of it must be (std's hashers promise
/// neither).
fn stable_hash(s: &str) -> u32 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    // Truncation is the point: the low and high halves folded together.
    ((h >> 32) ^ h) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn term_ids_drop_their_prefix_and_counter_where_that_stays_unique() {
        let (map, inexact) = term_map(["t_SEATO1", "t_A1H1", "t_X2", "t_X21", "t_AB"]);
        assert_eq!(map["t_SEATO1"], "SEATO");
        assert_eq!(map["t_A1H1"], "A1H");
        assert_eq!(map["t_X2"], "X2");
        assert_eq!(map["t_X21"], "X21");
        for (tei, markup) in &map {
            if tei != "t_AB" {
                assert_eq!(&term_to_tei(markup), tei);
            }
        }
        assert_eq!(inexact, ["t_AB"]);
        assert_eq!(map["t_AB"], "AB");
    }

    #[test]
    fn colliding_term_ids_stay_unique() {
        let (map, _) = term_map(["t_S1", "t_S"]);
        assert_eq!(map["t_S1"], "S");
        assert_ne!(map["t_S"], "S");
    }

    #[test]
    fn person_ids_drop_their_prefix() {
        assert_eq!(person_from_tei("p_TLEJ1"), Some("TLEJ1"));
        assert_eq!(person_from_tei("TLEJ1"), None);
        assert_eq!(person_to_tei("TLEJ1"), "p_TLEJ1");
    }

    #[test]
    fn targets_of_references() {
        let t = Target::Footnote {
            volume: None,
            document: None,
            footnote: "3".into(),
        };
        assert_eq!(tei_target(&t, "d258").as_deref(), Some("#d258fn3"));
        let t = Target::Document {
            volume: Some("frus1964-68v02".into()),
            document: DocKey::Number("35".into()),
        };
        assert_eq!(tei_target(&t, "d1").as_deref(), Some("frus1964-68v02#d35"));
    }

    #[test]
    fn document_file_names_sort_by_number() {
        assert_eq!(document_file_stem("261").as_deref(), Some("d0261"));
        assert_eq!(document_file_stem("12a").as_deref(), Some("d0012a"));
        assert_eq!(document_file_stem("x"), None);
    }

    #[test]
    fn long_ids_give_short_names_that_stay_apart() {
        let a = format!("{}a", "x".repeat(299));
        let b = format!("{}b", "x".repeat(299));
        let (sa, sb) = (file_stem(&a).expect("a"), file_stem(&b).expect("b"));
        assert!(sa.len() <= MAX_STEM && sb.len() <= MAX_STEM, "{sa}");
        assert_ne!(sa, sb);
        assert!(sa.starts_with("xxxx"));
        assert_eq!(file_stem(&a), Some(sa));
        let n = "7".repeat(300);
        assert!(document_file_stem(&n).expect("number").len() <= MAX_STEM);
        assert_eq!(file_stem("ch1").as_deref(), Some("ch1"));
    }

    #[test]
    fn names_that_would_mean_something_else_are_not_made() {
        for id in [
            "..", "/", "\\", ".\u{0}", "volume", "back", "target", "con", "LPT1", "nul",
        ] {
            assert_eq!(file_stem(id), None, "{id:?}");
        }
        assert_eq!(file_stem("../ch\\1\u{7}").as_deref(), Some("ch1"));
        assert_eq!(file_stem("COM10").as_deref(), Some("COM10"));
    }
}
