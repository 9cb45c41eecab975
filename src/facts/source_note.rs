//! Source notes (`[^1]: Source: …`) and the archival citation they open,
//! with the byte ranges of the label, of every component of the citation
//! and of the classification and handling markings in the file. The
//! grammar itself is in [`crate::facts::citation`].

use super::Span;
use super::Text;
use crate::facts::citation::{self as parse, ParsedNote};
use crate::syntax::MappedText;

pub use crate::facts::citation::{LabelProblem, CLASSIFICATIONS, HANDLING};

/// A footnote whose text begins with `Source:` (or a malformed form of it).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SourceNote {
    /// What is wrong with the `Source:` label, if anything.
    pub label_problem: Option<LabelProblem>,
    /// The label as written.
    pub label_span: Span,
    /// The archival citation as plain text (markup removed), without the
    /// full stop that ends it.
    pub citation: Text,
    pub citation_span: Span,
    /// The full stop that ends the citation, if it has one yet.
    pub full_stop: Option<Span>,
    /// The components of the citation, most general first; at least one.
    pub components: Vec<Component>,
    /// Everything after the citation: classification, handling, remarks.
    pub rest: Text,
    pub rest_span: Span,
    /// The classification marking, when the rest begins with one (or with
    /// something meant as one: `Declassified`).
    pub classification: Option<Marking>,
    /// Handling and precedence indicators after the classification.
    pub handling: Vec<Marking>,
}

/// One comma-separated component of an archival citation.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Component {
    /// Plain text, markup removed: `Harriman Papers` for
    /// `[Harriman]{@HWA1} Papers`.
    pub text: Text,
    /// The component in the file, markup included (empty for an empty
    /// component: the point where it would start).
    pub span: Span,
    /// From just after the comma before it (or the label) to the comma
    /// after it (or the end of the citation).
    pub slot: Span,
}

/// A classification marking or a handling indicator.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Marking {
    pub text: Text,
    pub span: Span,
    /// The marking as FRUS writes it, when the text is one.
    #[serde(deserialize_with = "super::interned::optional_name")]
    pub canonical: Option<super::interned::Name>,
}

/// An item of a `# Sources` division: one citation path
/// (`- Eisenhower Library, Whitman File, International Series`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SourceItem {
    pub scope: usize,
    pub span: Span,
    pub components: Vec<Component>,
}

/// Reads a source note from a plain text; spans are offsets in that text.
pub fn read(text: &str) -> Option<SourceNote> {
    let parsed = parse::parse_note(text)?;
    Some(build(text, &parsed, |r| Some(r.clone())))
}

/// Reads a source note from a footnote's mapped plain text; spans are
/// offsets in the file.
pub fn read_mapped(mapped: &MappedText) -> Option<SourceNote> {
    let parsed = parse::parse_note(&mapped.text)?;
    Some(build(&mapped.text, &parsed, |r| {
        mapped.source_range(r.clone())
    }))
}

/// Reads an item of a Sources division: its components (a final full stop
/// dropped), with spans in the file.
pub fn read_item(mapped: &MappedText, scope: usize, span: Span) -> SourceItem {
    let text = &mapped.text;
    let end = text.trim_end().trim_end_matches('.').len();
    let slots = parse::split_components(text, 0..end);
    let map = |r: &std::ops::Range<usize>| mapped.source_range(r.clone());
    SourceItem {
        scope,
        span,
        components: slots
            .iter()
            .map(|s| component(text, s, &map))
            .filter(|c| !c.text.is_empty())
            .collect(),
    }
}

fn component(
    text: &str,
    slot: &parse::Slot,
    map: &impl Fn(&std::ops::Range<usize>) -> Option<Span>,
) -> Component {
    let span = map(&slot.text).unwrap_or(0..0);
    let slot_span = map(&slot.slot)
        .map(|s| s.start.min(span.start)..s.end.max(span.end))
        .unwrap_or_else(|| span.clone());
    Component {
        text: Text::from(text.get(slot.text.clone()).unwrap_or("")),
        span,
        slot: slot_span,
    }
}

fn build(
    text: &str,
    p: &ParsedNote,
    map: impl Fn(&std::ops::Range<usize>) -> Option<Span>,
) -> SourceNote {
    let slice = |r: &std::ops::Range<usize>| text.get(r.clone()).unwrap_or("").to_string();
    let span = |r: &std::ops::Range<usize>| map(r).unwrap_or(0..0);
    let marking = |m: &parse::Marking| Marking {
        text: slice(&m.range).into(),
        span: span(&m.range),
        canonical: m.canonical,
    };
    let label_span = span(&p.label);
    let components = p
        .components
        .iter()
        .map(|s| component(text, s, &map))
        .collect();
    SourceNote {
        label_problem: p.label_problem,
        citation: slice(&p.citation).into(),
        citation_span: span(&p.citation),
        full_stop: p.full_stop.and_then(|i| map(&(i..i + 1))),
        components,
        rest: slice(&p.rest).into(),
        rest_span: span(&p.rest),
        classification: p.classification.as_ref().map(marking),
        handling: p.handling.iter().map(marking).collect(),
        label_span,
    }
}

impl SourceNote {
    /// The classification marking as written: `Secret; Nodis.` gives
    /// `Secret`.
    pub fn classification(&self) -> Option<&str> {
        self.classification.as_ref().map(|m| m.text.as_str())
    }

    /// A classification that is not a marking: `Declassified`,
    /// `No classification`. Remarks such as `Drafted by …` are not judged.
    pub fn classification_problem(&self) -> Option<String> {
        let m = self.classification.as_ref()?;
        m.canonical.is_none().then(|| m.text.to_string())
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
        assert_eq!(note.components.len(), 5);
        assert_eq!(note.components[1].text, "Manuscript Division");
        assert_eq!(note.components[1].span, 29..48);
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
        assert_eq!(note.classification(), None);
    }
}
