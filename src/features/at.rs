//! What stands at an offset of a file.

use crate::index::Workspace;

/// The thing under the cursor, as an index into the file's facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum At {
    /// `[^3]` — index into `footnote_refs`.
    FootnoteRef(usize),
    /// `[^3]:` — index into `footnotes`.
    FootnoteDef(usize),
    /// A natural or explicit reference — index into `references`.
    Reference(usize),
    /// `[Tommy]{@TLEJ1}` — index into `person_mentions`.
    PersonMention(usize),
    /// `[VC]{=VC}` — index into `term_mentions`.
    TermMention(usize),
    /// `[@TLEJ1]:` — index into `persons`.
    PersonEntry(usize),
    /// `[=VC]:` — index into `terms`.
    TermEntry(usize),
    /// The number of `# 261. …` — index into `documents`.
    DocumentHeading(usize),
}

fn contains(span: &std::ops::Range<usize>, offset: usize) -> bool {
    span.start <= offset && offset <= span.end
}

/// The innermost construct at `offset` (the end of a construct counts, so
/// a cursor just after `Document 256` is on it).
pub fn at(ws: &Workspace, file: usize, offset: usize) -> Option<At> {
    let facts = &ws.files.get(file)?.facts;
    if let Some(i) = facts
        .footnote_refs
        .iter()
        .position(|r| contains(&r.span, offset))
    {
        return Some(At::FootnoteRef(i));
    }
    if let Some(i) = facts.references.iter().position(|r| {
        contains(&r.span, offset) || r.element.as_ref().is_some_and(|e| contains(e, offset))
    }) {
        return Some(At::Reference(i));
    }
    // A mention holds other inline markup; what is inside it wins, so
    // mentions come after references.
    if let Some(i) = facts
        .person_mentions
        .iter()
        .position(|m| contains(&m.span, offset))
    {
        return Some(At::PersonMention(i));
    }
    if let Some(i) = facts
        .term_mentions
        .iter()
        .position(|m| contains(&m.span, offset))
    {
        return Some(At::TermMention(i));
    }
    let marker = |id: &std::ops::Range<usize>| id.start.saturating_sub(2)..id.end + 2;
    if let Some(i) = facts
        .persons
        .iter()
        .position(|e| contains(&marker(&e.id_span), offset))
    {
        return Some(At::PersonEntry(i));
    }
    if let Some(i) = facts
        .terms
        .iter()
        .position(|e| contains(&marker(&e.id_span), offset))
    {
        return Some(At::TermEntry(i));
    }
    if let Some(i) = facts
        .footnotes
        .iter()
        .position(|f| contains(&marker(&f.label_span), offset))
    {
        return Some(At::FootnoteDef(i));
    }
    facts
        .documents
        .iter()
        .position(|d| contains(&d.number_span, offset))
        .map(At::DocumentHeading)
}
