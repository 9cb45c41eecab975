//! The grammar of a source note (markup spec §4), read from its plain text:
//! the `Source:` label, the archival citation (the first sentence after the
//! label) and its comma-separated components, then the classification
//! marking, the handling and precedence indicators after `;`, and the
//! remarks. Ranges are byte ranges of the plain text; the facts layer maps
//! them back to the file. No dependencies: `facts` uses this module.

use std::ops::Range;

/// What is wrong with a `Source:` label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum LabelProblem {
    /// `Source: Source: …`
    Repeated,
    /// `Source:Johnson Library`
    NoSpace,
    /// `source:` or `SOURCE:`
    Case,
    /// `Source :`
    SpaceBeforeColon,
}

impl LabelProblem {
    pub fn describe(self) -> &'static str {
        match self {
            LabelProblem::Repeated => "the label `Source:` is written twice",
            LabelProblem::NoSpace => "`Source:` must be followed by a space",
            LabelProblem::Case => "the label is written `Source:`, with a capital S",
            LabelProblem::SpaceBeforeColon => "no space goes before the colon of `Source:`",
        }
    }
}

/// Classification markings of FRUS source notes, highest first.
pub const CLASSIFICATIONS: &[&str] = &[
    "Top Secret",
    "Secret",
    "Confidential",
    "Limited Official Use",
    "Official Use Only",
    "Unclassified",
    "No classification marking",
];

/// Handling (distribution) and precedence indicators that follow the
/// classification after `;`: `Secret; Immediate; Exdis.`
pub const HANDLING: &[&str] = &[
    "Nodis",
    "Exdis",
    "Limdis",
    "Eyes Only",
    "Priority",
    "Immediate",
    "Niact",
    "Niact Immediate",
    "Flash",
    "Routine",
    "Operational Immediate",
    "Sensitive",
    "Noforn",
    "Stadis",
    "Specat",
    "Roger Channel",
    "Cherokee",
];

/// Words that end with a full stop without ending a citation.
const ABBREVIATIONS: &[&str] = &[
    "vol", "Vol", "vols", "Vols", "No", "no", "Nos", "nos", "U.S", "U.N", "Jr", "Sr", "Pres", "p",
    "pp", "Doc", "Docs", "Dept", "Dep", "St", "Mr", "Mrs", "Dr", "Gen", "Adm", "Col", "Amb", "Sec",
    "Secy", "Ser", "ser", "Pt", "pt", "ca", "Co", "Corp", "Inc", "Ltd", "Cong", "Sess", "ed",
    "eds", "Ed", "Eds", "Rev", "Lt", "Capt", "Maj", "Gov", "Sen", "Rep", "ff", "f", "nr", "Nr",
    "vs", "etc", "Misc", "Memcon", "Tel", "tel", "Box", "Bx", "fol", "Fol", "Mar", "Apr", "Aug",
    "Sept", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Rpt", "Cir", "Ch", "ch", "Art", "art",
    "Sect", "sect", "Fr", "Ms", "Mss", "a.m", "p.m", "D.C", "N.Y", "U.K", "U.S.S.R",
];

/// Words that begin the remarks of a source note; after a full stop they
/// end the citation even when the word before the stop is an initial
/// (`POL 27 VIET S. Drafted by …`).
const REMARK_STARTS: &[&str] = &[
    "Drafted",
    "Repeated",
    "Sent",
    "Also",
    "Approved",
    "Cleared",
    "Transmitted",
    "Printed",
    "Received",
    "Initialed",
    "Signed",
    "Attached",
    "Handwritten",
    "According",
    "There",
    "The",
    "This",
    "These",
    "Copy",
    "Copies",
    "Passed",
    "Delivered",
    "Prepared",
    "Typed",
    "Dictated",
    "Not",
];

/// One comma-separated component of a citation.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Slot {
    /// The component, white space trimmed (empty for `, ,`).
    pub text: Range<usize>,
    /// From just after the comma before it (or the label) to the comma
    /// after it (or the end of the citation): where typing adds to it.
    pub slot: Range<usize>,
}

/// The classification or a handling indicator.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Marking {
    pub range: Range<usize>,
    /// The marking as FRUS writes it, when the text is one (any case).
    #[serde(deserialize_with = "super::interned::optional_name")]
    pub canonical: Option<super::interned::Name>,
}

/// A source note read from its plain text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ParsedNote {
    /// `Source:` as written (the first, when repeated).
    pub label: Range<usize>,
    pub label_problem: Option<LabelProblem>,
    /// The archival citation without the full stop that ends it.
    pub citation: Range<usize>,
    /// Where the full stop that ends the citation is, if there is one.
    pub full_stop: Option<usize>,
    /// The components of the citation; at least one, possibly empty.
    pub components: Vec<Slot>,
    /// Everything after the citation, trimmed.
    pub rest: Range<usize>,
    /// The classification marking, when the rest begins with something that
    /// is or looks like one (`canonical` is None for `Declassified`).
    pub classification: Option<Marking>,
    /// Indicators after `;` in the classification sentence.
    pub handling: Vec<Marking>,
    /// The rest after the classification sentence (`Drafted by …`).
    pub remarks: Range<usize>,
}

/// Whether a footnote's text may be a source note (cheap test before the
/// work of mapping it).
pub fn may_be_source_note(text: &str) -> bool {
    text.trim_start()
        .get(..6)
        .is_some_and(|h| h.eq_ignore_ascii_case("source"))
}

/// Reads a source note from the plain text of a footnote; None when the
/// footnote is not one.
pub fn parse_note(text: &str) -> Option<ParsedNote> {
    let start = text.len() - text.trim_start().len();
    let head = text.get(start..start + 6)?;
    if !head.eq_ignore_ascii_case("source") {
        return None;
    }
    let after_word = start + 6;
    let gap = text[after_word..].find(|c: char| !c.is_whitespace())?;
    let colon = after_word + gap;
    if !text[colon..].starts_with(':') {
        return None;
    }
    let label = start..colon + 1;
    let mut problem = None;
    if head != "Source" {
        problem = Some(LabelProblem::Case);
    } else if gap > 0 {
        problem = Some(LabelProblem::SpaceBeforeColon);
    }
    let mut body = colon + 1;
    if body < text.len() && !text[body..].starts_with(char::is_whitespace) {
        problem = problem.or(Some(LabelProblem::NoSpace));
    }
    body = skip_space(text, body);
    if text
        .get(body..body + 7)
        .is_some_and(|s| s.eq_ignore_ascii_case("source:"))
    {
        problem = Some(LabelProblem::Repeated);
        body = skip_space(text, body + 7);
    }

    let end = body + citation_end(&text[body..]);
    let ends_with_stop = end > body && text.as_bytes().get(end - 1) == Some(&b'.');
    let full_stop = ends_with_stop.then(|| end - 1);
    // `…, Johnson, Pres. No classification marking.`: the stop ends the
    // abbreviation and the sentence; the abbreviation keeps it.
    let citation_raw_end = match full_stop {
        Some(i) if abbreviation_before(text, i) => end,
        Some(i) => i,
        None => end,
    };
    let citation = trim(text, body..citation_raw_end);
    let components = split_components(text, body..citation_raw_end);
    let rest = trim(text, end..text.len());
    let (classification, handling, remarks) = read_rest(text, rest.clone());
    Some(ParsedNote {
        label,
        label_problem: problem,
        citation,
        full_stop,
        components,
        rest,
        classification,
        handling,
        remarks,
    })
}

fn skip_space(text: &str, from: usize) -> usize {
    from + text[from..].len() - text[from..].trim_start().len()
}

/// A range with the white space at both ends removed.
pub fn trim(text: &str, r: Range<usize>) -> Range<usize> {
    let Some(s) = text.get(r.clone()) else {
        return r.start..r.start;
    };
    let start = r.start + (s.len() - s.trim_start().len());
    let end = (r.start + s.trim_end().len()).max(start);
    start..end
}

/// The byte offset just after the full stop that ends the first sentence
/// (the length of the text when none does). Full stops inside
/// abbreviations, initials, file numbers (`611.00/1–358`) and brackets do
/// not end it.
pub fn citation_end(s: &str) -> usize {
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            '(' | '[' | '{' | '“' => depth += 1,
            ')' | ']' | '}' | '”' => depth = depth.saturating_sub(1),
            '.' if depth == 0 => {
                if let Some(end) = stop_ends_sentence(s, i) {
                    return end;
                }
            }
            _ => {}
        }
    }
    s.len()
}

/// Whether the full stop at `i` ends the sentence; the offset after it if so.
fn stop_ends_sentence(s: &str, i: usize) -> Option<usize> {
    let after = &s[i + 1..];
    match after.chars().next() {
        None => return Some(i + 1),
        Some(c) if c.is_whitespace() => {}
        Some(_) => return None,
    }
    let following = after.trim_start();
    if following.is_empty() {
        return Some(i + 1);
    }
    if starts_with_marking(following) || starts_with_word_of(following, REMARK_STARTS) {
        return Some(i + 1);
    }
    let word_start = s[..i]
        .rfind(|c: char| c.is_whitespace() || c == '(' || c == ',')
        .map_or(0, |p| p + 1);
    let word = &s[word_start..i];
    if ABBREVIATIONS.contains(&word) {
        return None;
    }
    // An initial: "Lyndon B. Johnson", "W. Averell Harriman".
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if c.is_uppercase() {
            return None;
        }
    }
    // What follows in lower case or digits continues the sentence.
    if following.starts_with(|c: char| c.is_lowercase() || c.is_ascii_digit()) {
        return None;
    }
    Some(i + 1)
}

/// Whether the word before a full stop is an abbreviation (`Pres.`).
fn abbreviation_before(s: &str, i: usize) -> bool {
    let word_start = s[..i]
        .rfind(|c: char| c.is_whitespace() || c == '(' || c == ',')
        .map_or(0, |p| p + 1);
    ABBREVIATIONS.contains(&&s[word_start..i])
}

/// `Secret.`, `Top Secret;`, `No classification marking.` (not `Secret
/// Service`): a marking followed by a stop, a semicolon or the end.
fn starts_with_marking(s: &str) -> bool {
    CLASSIFICATIONS.iter().any(|m| {
        s.get(..m.len()).is_some_and(|h| h.eq_ignore_ascii_case(m))
            && s.starts_with(|c: char| c.is_uppercase())
            && s[m.len()..]
                .trim_start()
                .chars()
                .next()
                .is_none_or(|c| matches!(c, '.' | ';' | ','))
    })
}

fn starts_with_word_of(s: &str, words: &[&str]) -> bool {
    words.iter().any(|w| {
        s.starts_with(w)
            && s[w.len()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric())
    })
}

/// Splits a range of text at its top-level commas (not inside brackets,
/// parentheses or quotation marks). Always gives at least one slot.
pub fn split_components(text: &str, range: Range<usize>) -> Vec<Slot> {
    let Some(s) = text.get(range.clone()) else {
        return vec![Slot {
            text: range.start..range.start,
            slot: range.start..range.start,
        }];
    };
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut slot_start = range.start;
    for (i, c) in s.char_indices() {
        match c {
            '(' | '[' | '{' | '“' => depth += 1,
            ')' | ']' | '}' | '”' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                let at = range.start + i;
                out.push(Slot {
                    text: trim(text, slot_start..at),
                    slot: slot_start..at,
                });
                slot_start = at + 1;
            }
            _ => {}
        }
    }
    out.push(Slot {
        text: trim(text, slot_start..range.end),
        slot: slot_start..range.end,
    });
    out
}

/// The canonical marking a text is, ignoring case.
pub fn classification_of(s: &str) -> Option<&'static str> {
    CLASSIFICATIONS
        .iter()
        .copied()
        .find(|m| m.eq_ignore_ascii_case(s.trim()))
}

/// The canonical handling indicator a text is, ignoring case.
pub fn handling_of(s: &str) -> Option<&'static str> {
    HANDLING
        .iter()
        .copied()
        .find(|m| m.eq_ignore_ascii_case(s.trim()))
}

/// Text that is meant as a classification but is not a marking:
/// `Declassified`, `No classification`, `Secret Sensitive`.
fn looks_like_marking(s: &str) -> bool {
    let lower = s.to_lowercase();
    [
        "declassified",
        "classified",
        "no classification",
        "not classified",
        "sanitized",
        "top secret",
        "secret",
        "confidential",
        "unclassified",
        "limited official use",
    ]
    .iter()
    .any(|p| lower.starts_with(p))
}

type Rest = (Option<Marking>, Vec<Marking>, Range<usize>);

/// The classification sentence (`Secret; Immediate; Exdis.`) and the
/// remarks after it.
fn read_rest(text: &str, rest: Range<usize>) -> Rest {
    let Some(s) = text.get(rest.clone()) else {
        return (None, Vec::new(), rest);
    };
    let sentence_len = sentence_end(s);
    let sentence = rest.start..rest.start + sentence_len;
    let mut parts = split_at(text, sentence.clone(), ';').into_iter();
    let Some(first) = parts.next() else {
        return (None, Vec::new(), rest);
    };
    let first_text = &text[first.clone()];
    let canonical = classification_of(first_text);
    if canonical.is_none() && !looks_like_marking(first_text) {
        return (None, Vec::new(), rest);
    }
    let classification = Marking {
        range: first,
        canonical,
    };
    let handling = parts
        .filter(|r| !r.is_empty())
        .map(|r| Marking {
            canonical: handling_of(&text[r.clone()]),
            range: r,
        })
        .collect();
    let after = (rest.start + sentence_len + 1).min(rest.end);
    (Some(classification), handling, trim(text, after..rest.end))
}

/// The length of the first sentence of a text, without its full stop.
fn sentence_end(s: &str) -> usize {
    let mut from = 0;
    while let Some(i) = s[from..].find('.').map(|i| from + i) {
        let next = s[i + 1..].chars().next();
        if next.is_none_or(char::is_whitespace) {
            return i;
        }
        from = i + 1;
    }
    s.len()
}

fn split_at(text: &str, range: Range<usize>, sep: char) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = range.start;
    let s = &text[range.clone()];
    for (i, c) in s.char_indices() {
        if c == sep {
            out.push(trim(text, start..range.start + i));
            start = range.start + i + c.len_utf8();
        }
    }
    out.push(trim(text, start..range.end));
    out
}

/// Whether a component is a file designation, a date, a volume or box
/// number rather than the name of a repository or collection: it has a
/// digit, or is a roman numeral after `Vol.`/`Box`.
pub fn is_name(component: &str) -> bool {
    if component.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let mut words = component.split_whitespace();
    match (words.next(), words.next(), words.next()) {
        (Some(w), Some(n), None) if ABBREVIATIONS.contains(&w.trim_end_matches('.')) => {
            !n.chars().all(|c| "IVXLCDM".contains(c))
        }
        _ => true,
    }
}

/// The form in which components are compared: markup already removed,
/// white space folded, case ignored, typographic quotes and dashes made
/// plain (`President’s` = `President's`, `1964–66` = `1964-66`).
pub fn key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut space = false;
    for c in name.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        match c {
            '‘' | '’' => out.push('\''),
            '“' | '”' => out.push('"'),
            '–' | '—' | '‐' | '‑' => out.push('-'),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// How far a name is from a known name, when it is close enough to be a
/// misspelling of it; None otherwise. Words are compared one by one: the
/// same number of words, at most two of them different, each by at most
/// one edit (two for words of nine letters or more) and with the same
/// first letter. Words with digits (record groups, lot numbers, dates) and
/// abbreviations in capitals or with `/` (`S/S`, `DDE`) must be equal, and
/// words of four letters or fewer too (`Rusk`, `Rush`).
pub fn typo_distance(written: &str, known: &str) -> Option<usize> {
    if key(written) == key(known) {
        return None;
    }
    let a: Vec<&str> = written.split_whitespace().collect();
    let b: Vec<&str> = known.split_whitespace().collect();
    if a.len() != b.len() {
        return None;
    }
    let mut total = 0;
    let mut differing = 0;
    for (x, y) in a.iter().zip(&b) {
        let (kx, ky) = (key(x), key(y));
        if kx == ky {
            continue;
        }
        differing += 1;
        if differing > 2 || fixed_word(x) || fixed_word(y) {
            return None;
        }
        if kx.chars().next() != ky.chars().next() {
            return None;
        }
        let longest = kx.chars().count().max(ky.chars().count());
        let limit = match longest {
            0..=4 => 0,
            5..=8 => 1,
            _ => 2,
        };
        let d = strsim::damerau_levenshtein(&kx, &ky);
        if d > limit {
            return None;
        }
        total += d;
    }
    (total > 0 && total <= 2).then_some(total)
}

/// A word that is a designation rather than a spelling: digits, capitals,
/// a slash.
fn fixed_word(w: &str) -> bool {
    let upper = w.chars().filter(|c| c.is_uppercase()).count();
    let lower = w.chars().filter(|c| c.is_lowercase()).count();
    w.chars().any(|c| c.is_ascii_digit()) || w.contains('/') || (upper >= 2 && lower == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn components(text: &str) -> Vec<&str> {
        let note = parse_note(text).expect("a source note");
        note.components
            .iter()
            .map(|c| &text[c.text.clone()])
            .collect()
    }

    #[test]
    fn citation_and_components() {
        let t = "Source: Library of Congress, Manuscript Division, Harriman Papers, Secretary Rusk, 1963-1966. No classification marking. Drafted by Harriman.";
        let n = parse_note(t).expect("note");
        assert_eq!(&t[n.label.clone()], "Source:");
        assert_eq!(
            &t[n.citation.clone()],
            "Library of Congress, Manuscript Division, Harriman Papers, Secretary Rusk, 1963-1966"
        );
        assert_eq!(
            components(t),
            [
                "Library of Congress",
                "Manuscript Division",
                "Harriman Papers",
                "Secretary Rusk",
                "1963-1966"
            ]
        );
        let c = n.classification.expect("classification");
        assert_eq!(c.canonical, Some("No classification marking"));
        assert!(n.handling.is_empty());
        assert_eq!(&t[n.remarks], "Drafted by Harriman.");
    }

    #[test]
    fn abbreviations_file_numbers_and_initials_stay_inside() {
        assert_eq!(
            components("Source: Department of State, Central Files, 611.00/1–358. Secret; Nodis."),
            ["Department of State", "Central Files", "611.00/1–358"]
        );
        assert_eq!(
            components("Source: Johnson Library, National Security File, Memos to the President, McGeorge Bundy, Vol. XVII. No classification marking."),
            ["Johnson Library", "National Security File", "Memos to the President", "McGeorge Bundy", "Vol. XVII"]
        );
        assert_eq!(
            components(
                "Source: Library of Congress, Harriman Papers, Johnson, Pres., 1965. Secret."
            ),
            [
                "Library of Congress",
                "Harriman Papers",
                "Johnson",
                "Pres.",
                "1965"
            ]
        );
        assert_eq!(
            components("Source: Johnson Library, Papers of Lyndon B. Johnson, U.S. Embassy Files, p. 4, pp. 5–6, Doc. 7, No. 8. Confidential."),
            ["Johnson Library", "Papers of Lyndon B. Johnson", "U.S. Embassy Files", "p. 4", "pp. 5–6", "Doc. 7", "No. 8"]
        );
        // An abbreviation right before the marking still ends the citation.
        assert_eq!(
            components("Source: Harriman Papers, Johnson, Pres. No classification marking."),
            ["Harriman Papers", "Johnson", "Pres."]
        );
        // A subject-numeric file ending in an initial, then remarks.
        assert_eq!(
            components(
                "Source: Department of State, Central Files, POL 27 VIET S. Drafted by Rusk."
            ),
            ["Department of State", "Central Files", "POL 27 VIET S"]
        );
        // Commas inside parentheses do not split.
        assert_eq!(
            components("Source: Eisenhower Library, Whitman File (Ann Whitman, papers), DDE Diaries. Secret."),
            ["Eisenhower Library", "Whitman File (Ann Whitman, papers)", "DDE Diaries"]
        );
    }

    #[test]
    fn the_formats_of_the_issue_and_of_frus() {
        let t = "Source: National Archives and Records Administration, RG 59, Central Files 1964–66, POL 27 VIET S. Secret; Immediate; Exdis.";
        assert_eq!(
            components(t),
            [
                "National Archives and Records Administration",
                "RG 59",
                "Central Files 1964–66",
                "POL 27 VIET S"
            ]
        );
        let n = parse_note(t).expect("note");
        let h: Vec<Option<&str>> = n.handling.iter().map(|m| m.canonical).collect();
        assert_eq!(h, [Some("Immediate"), Some("Exdis")]);
        assert_eq!(
            components("Source: Department of State, Central Files, 751G.00/1–655. Secret; Priority. Repeated to Phnom Penh."),
            ["Department of State", "Central Files", "751G.00/1–655"]
        );
        assert_eq!(
            components("Source: Eisenhower Library, Whitman File, International Series. Top Secret; Eyes Only."),
            ["Eisenhower Library", "Whitman File", "International Series"]
        );
        assert_eq!(
            components("Source: Washington National Records Center, RG 330, OSD Files: FRC 70 A 1265, Vietnam 381. Secret."),
            ["Washington National Records Center", "RG 330", "OSD Files: FRC 70 A 1265", "Vietnam 381"]
        );
        assert_eq!(
            components("Source: Library of Congress, Manuscript Division, Papers of W. Averell Harriman, Jr., Special Files. Limited Official Use."),
            ["Library of Congress", "Manuscript Division", "Papers of W. Averell Harriman", "Jr.", "Special Files"]
        );
        let n = parse_note("Source: Johnson Library, NSF, Vol. 3. Limited Official Use; Niact.")
            .expect("n");
        assert_eq!(
            n.classification.and_then(|c| c.canonical),
            Some("Limited Official Use")
        );
        assert_eq!(n.handling.first().and_then(|m| m.canonical), Some("Niact"));
    }

    #[test]
    fn classification_handling_and_remarks() {
        let t = "Source: Department of State, Central Files, POL 27 VIET S. Top Secret; Immediate; Pinta; Exdis. Drafted by Rusk; cleared by Bundy.";
        let n = parse_note(t).expect("note");
        assert_eq!(
            n.classification.as_ref().and_then(|c| c.canonical),
            Some("Top Secret")
        );
        let h: Vec<(&str, Option<&str>)> = n
            .handling
            .iter()
            .map(|m| (&t[m.range.clone()], m.canonical))
            .collect();
        assert_eq!(
            h,
            [
                ("Immediate", Some("Immediate")),
                ("Pinta", None),
                ("Exdis", Some("Exdis"))
            ]
        );
        assert_eq!(&t[n.remarks], "Drafted by Rusk; cleared by Bundy.");

        // No marking: the rest is remarks, and nothing is judged.
        let t = "Source: Johnson Library, NSF. Drafted by X; cleared by Y.";
        let n = parse_note(t).expect("note");
        assert_eq!(n.classification, None);
        assert!(n.handling.is_empty());
        assert_eq!(&t[n.remarks], "Drafted by X; cleared by Y.");

        // Not a marking.
        let t = "Source: Johnson Library, NSF. Declassified. Drafted by X.";
        let c = parse_note(t).and_then(|n| n.classification).expect("c");
        assert_eq!((&t[c.range], c.canonical), ("Declassified", None));
    }

    #[test]
    fn labels() {
        let problem = |t: &str| parse_note(t).and_then(|n| n.label_problem);
        assert_eq!(problem("Source: X."), None);
        assert_eq!(
            problem("Source: Source: Johnson Library."),
            Some(LabelProblem::Repeated)
        );
        assert_eq!(
            components("Source: Source: Johnson Library, NSF. Secret."),
            ["Johnson Library", "NSF"]
        );
        assert_eq!(
            problem("Source:Johnson Library."),
            Some(LabelProblem::NoSpace)
        );
        assert_eq!(
            problem("source: Johnson Library."),
            Some(LabelProblem::Case)
        );
        assert_eq!(
            problem("Source : Johnson Library."),
            Some(LabelProblem::SpaceBeforeColon)
        );
        assert!(parse_note("Sources of the text are unknown.").is_none());
        assert!(parse_note("Not printed.").is_none());
        assert!(parse_note("Source").is_none());
    }

    #[test]
    fn unfinished_notes_while_typing() {
        let n = parse_note("Source:").expect("note");
        assert_eq!(n.components.len(), 1);
        assert!(n.components[0].text.is_empty());
        assert_eq!(n.full_stop, None);
        let t = "Source: Library of Congress, ";
        let n = parse_note(t).expect("note");
        assert_eq!(n.components.len(), 2);
        assert_eq!(&t[n.components[0].text.clone()], "Library of Congress");
        assert!(n.components[1].text.is_empty());
        assert_eq!(n.components[1].slot.start, t.len() - 1);
    }

    #[test]
    fn names_and_designations() {
        assert!(is_name("Manuscript Division"));
        assert!(is_name("S/S Files"));
        assert!(!is_name("611.00/1–558"));
        assert!(!is_name("1963-1966"));
        assert!(!is_name("December 28, 1965"));
        assert!(!is_name("Vol. XVII"));
        assert!(!is_name("RG 59"));
        assert!(is_name("Vol. Files"));
    }

    #[test]
    fn keys_ignore_case_space_and_typography() {
        assert_eq!(
            key("  President’s  Daily\n Diary "),
            "president's daily diary"
        );
        assert_eq!(key("Central Files 1964–66"), key("central files 1964-66"));
        assert_ne!(key("Manuscript Divison"), key("Manuscript Division"));
    }

    #[test]
    fn typos_and_not_typos() {
        assert_eq!(
            typo_distance("Manuscript Divison", "Manuscript Division"),
            Some(1)
        );
        assert_eq!(typo_distance("Johnson Libary", "Johnson Library"), Some(1));
        assert_eq!(
            typo_distance("Natonal Securty File", "National Security File"),
            Some(2)
        );
        assert_eq!(
            typo_distance("Manuscript Division", "manuscript division"),
            None
        );
        // Different words, not misspellings.
        assert_eq!(typo_distance("Bunker Papers", "Bundy Papers"), None);
        assert_eq!(typo_distance("Hartman Papers", "Harriman Papers"), None);
        assert_eq!(typo_distance("Rush Files", "Rusk Files"), None);
        assert_eq!(typo_distance("Kennedy Library", "Johnson Library"), None);
        // Designations.
        assert_eq!(typo_distance("RG 69", "RG 59"), None);
        assert_eq!(typo_distance("S/O Files", "S/P Files"), None);
        assert_eq!(typo_distance("ACW Diaries", "DDE Diaries"), None);
        assert_eq!(typo_distance("611.00/1–558", "611.00/1–358"), None);
        assert_eq!(typo_distance("1963-1965", "1963-1966"), None);
        assert_eq!(
            typo_distance("Central Files 1964–66", "Central Files 1967–69"),
            None
        );
        assert_eq!(typo_distance("POL 27 VIET", "POL 27 VIET S"), None);
    }
}
