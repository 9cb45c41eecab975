//! Source notes (`[^1]: Source: …`) and the archival citation they open.

/// A footnote whose text begins with `Source:` (or a malformed form of it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceNote {
    /// What is wrong with the `Source:` label, if anything.
    pub label_problem: Option<LabelProblem>,
    /// The archival citation: the first sentence after the label.
    pub citation: String,
    /// Everything after the citation: classification, handling, remarks.
    pub rest: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

/// Classification markings of FRUS source notes.
pub const CLASSIFICATIONS: &[&str] = &[
    "Top Secret",
    "Secret",
    "Confidential",
    "Limited Official Use",
    "Official Use Only",
    "Unclassified",
    "No classification marking",
];

/// Words that end with a full stop without ending a citation.
const ABBREVIATIONS: &[&str] = &[
    "vol", "Vol", "vols", "Vols", "No", "no", "Nos", "nos", "U.S", "U.N", "Jr", "Sr", "Pres", "p",
    "pp", "Doc", "Docs", "Dept", "Dep", "St", "Mr", "Mrs", "Dr", "Gen", "Adm", "Col", "Amb", "Sec",
    "Secy", "Ser", "ser", "Pt", "pt", "ca", "Co", "Corp", "Inc", "Ltd", "Cong", "Sess", "ed",
    "eds", "Ed", "Eds", "Rev", "Lt", "Capt", "Maj", "Gov", "Sen", "Rep", "ff", "f", "nr", "Nr",
    "vs", "etc", "Misc", "Memcon", "Tel", "tel", "Box", "Bx", "fol", "Fol", "Mar", "Apr", "Aug",
    "Sept", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Rpt", "Cir", "Ch", "ch", "Art", "art",
    "Sect", "sect", "Fr", "Ms", "Mss",
];

/// Reads a source note from the plain text of a footnote; None when the
/// footnote is not one.
pub fn read(text: &str) -> Option<SourceNote> {
    let trimmed = text.trim_start();
    let head = trimmed.get(..6)?;
    if !head.eq_ignore_ascii_case("source") {
        return None;
    }
    let after_word = &trimmed[6..];
    let colon_at = after_word.find(|c: char| !c.is_whitespace())?;
    if !after_word[colon_at..].starts_with(':') {
        return None;
    }
    let mut problem = None;
    if head != "Source" {
        problem = Some(LabelProblem::Case);
    } else if colon_at > 0 {
        problem = Some(LabelProblem::SpaceBeforeColon);
    }
    let body = &after_word[colon_at + 1..];
    if !body.is_empty() && !body.starts_with(char::is_whitespace) {
        problem = problem.or(Some(LabelProblem::NoSpace));
    }
    let body = body.trim_start();
    let lower = body.get(..7).map(str::to_ascii_lowercase);
    if lower.as_deref() == Some("source:") {
        problem = Some(LabelProblem::Repeated);
    }
    let end = citation_end(body);
    let citation = body[..end]
        .trim()
        .trim_end_matches('.')
        .trim_end()
        .to_string();
    let rest = body[end..].trim().to_string();
    Some(SourceNote {
        label_problem: problem,
        citation,
        rest,
    })
}

/// The byte offset just after the full stop that ends the first sentence.
pub fn citation_end(s: &str) -> usize {
    let bytes = s.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b != b'.' {
            continue;
        }
        let next = s[i + 1..].chars().next();
        match next {
            None => return i + 1,
            Some(c) if c.is_whitespace() => {}
            Some(_) => continue,
        }
        let word_start = s[..i]
            .rfind(|c: char| c.is_whitespace() || c == '(' || c == ',')
            .map_or(0, |p| p + 1);
        let word = &s[word_start..i];
        if ABBREVIATIONS.contains(&word) {
            continue;
        }
        // An initial: "Lyndon B. Johnson", "W. Averell Harriman".
        if word.chars().count() == 1 && word.chars().all(|c| c.is_uppercase()) {
            continue;
        }
        // A roman volume number after "Vol.": "Vol. XVII." ends the citation
        // only if what follows does not continue it (lower case, digits).
        let following = s[i + 1..].trim_start();
        if following.starts_with(|c: char| c.is_lowercase() || c.is_ascii_digit()) {
            continue;
        }
        return i + 1;
    }
    s.len()
}

impl SourceNote {
    /// The classification sentence, when the text after the citation begins
    /// with one: `Secret; Nodis.` gives `Secret`.
    pub fn classification(&self) -> Option<&str> {
        let first = self
            .rest
            .split(['.', ';'])
            .next()
            .map(str::trim)
            .unwrap_or("");
        (!first.is_empty()).then_some(first)
    }

    /// A classification that is not a marking: `Declassified`,
    /// `No classification`. Remarks such as `Drafted by …` are not judged.
    pub fn classification_problem(&self) -> Option<String> {
        let first = self.classification()?;
        if CLASSIFICATIONS
            .iter()
            .any(|m| m.eq_ignore_ascii_case(first))
        {
            return None;
        }
        let lower = first.to_ascii_lowercase();
        let looks_like_marking = lower.starts_with("declassified")
            || lower.starts_with("classified")
            || lower.starts_with("no classification")
            || lower.starts_with("not classified")
            || lower.starts_with("sanitized")
            || lower.starts_with("top secret")
            || lower.starts_with("secret")
            || lower.starts_with("confidential")
            || lower.starts_with("unclassified");
        looks_like_marking.then(|| first.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_citation_and_rest() {
        let note = read("Source: Library of Congress, Manuscript Division, Harriman Papers, Secretary Rusk, 1963-1966. No classification marking. Drafted by Harriman.").expect("a source note");
        assert_eq!(note.label_problem, None);
        assert_eq!(
            note.citation,
            "Library of Congress, Manuscript Division, Harriman Papers, Secretary Rusk, 1963-1966"
        );
        assert_eq!(note.classification(), Some("No classification marking"));
        assert_eq!(note.classification_problem(), None);
    }

    #[test]
    fn abbreviations_and_file_numbers_do_not_end_the_citation() {
        let note = read("Source: Johnson Library, National Security File, Memos to the President, McGeorge Bundy, Vol. XVII. No classification marking.").expect("note");
        assert_eq!(
            note.citation,
            "Johnson Library, National Security File, Memos to the President, McGeorge Bundy, Vol. XVII"
        );
        let note = read("Source: Department of State, Central Files, 611.00/1–358. Secret; Nodis.")
            .expect("note");
        assert_eq!(
            note.citation,
            "Department of State, Central Files, 611.00/1–358"
        );
        assert_eq!(note.classification(), Some("Secret"));
        let note = read("Source: Library of Congress, Harriman Papers, Johnson, Pres., 1965. No classification marking.").expect("note");
        assert_eq!(
            note.citation,
            "Library of Congress, Harriman Papers, Johnson, Pres., 1965"
        );
    }

    #[test]
    fn malformed_labels() {
        assert_eq!(
            read("Source: Source: Johnson Library.").and_then(|n| n.label_problem),
            Some(LabelProblem::Repeated)
        );
        assert_eq!(
            read("Source:Johnson Library.").and_then(|n| n.label_problem),
            Some(LabelProblem::NoSpace)
        );
        assert_eq!(
            read("source: Johnson Library.").and_then(|n| n.label_problem),
            Some(LabelProblem::Case)
        );
        assert!(read("Sources of the text are unknown.").is_none());
        assert!(read("Not printed.").is_none());
    }

    #[test]
    fn classification_problems() {
        let note = read("Source: Johnson Library, NSF. Declassified. Drafted by X.").expect("note");
        assert_eq!(
            note.classification_problem().as_deref(),
            Some("Declassified")
        );
        let note = read("Source: Johnson Library, NSF. No classification.").expect("note");
        assert_eq!(
            note.classification_problem().as_deref(),
            Some("No classification")
        );
        let note = read("Source: Johnson Library, NSF. Drafted by X.").expect("note");
        assert_eq!(note.classification_problem(), None);
    }
}
