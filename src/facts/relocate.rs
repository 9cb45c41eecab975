//! Facts moved to where they stand after an edit: the positions at or
//! after a point shift by what the edit added or took away, and scope,
//! document and division indices shift when facts read from a piece of the
//! text join the facts of the whole. What lets an edit of one document of
//! a large file read that document again and keep the rest.
//!
//! Every impl destructures its type without `..`, so that a field added to
//! a fact does not compile until it is moved too.

use super::{source_note::Component, BeforeMarker, Marking};
use super::{
    BreakEdge, Dateline, Division, Document, Entry, EntryName, FootnoteDef, FootnoteRef, Mention,
    Metadata, PageBreak, Reference, Scope, ScopeKind, Section, Signature, SignatureProblem,
    SourceItem, SourceNote, Span, StraightQuote, SyntaxError, TextMark,
};

/// How positions and indices move.
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
pub struct Move {
    /// Positions from here up to `from` (bytes an edit replaced) move to
    /// here; none where it is `from`.
    pub collapse: usize,
    /// Positions at or after this one move ...
    pub from: usize,
    /// ... by this many bytes.
    pub by: isize,
    /// What every scope index moves by.
    pub scopes: isize,
    /// What every index into the file's documents moves by.
    pub documents: isize,
    /// What every index into the file's divisions moves by.
    pub divisions: isize,
}

impl Move {
    /// Positions at or after `from` move by `by`; indices stay.
    pub fn after(from: usize, by: isize) -> Move {
        Move {
            collapse: from,
            from,
            by,
            scopes: 0,
            documents: 0,
            divisions: 0,
        }
    }

    /// An edit of `range` that leaves `inserted` bytes: what it replaced
    /// collapses to its start, what follows moves.
    pub fn edit(range: &Span, inserted: usize) -> Move {
        let by = inserted as isize - range.len() as isize;
        Move {
            collapse: range.start,
            ..Move::after(range.end, by)
        }
    }

    fn pos(&self, p: &mut usize) {
        if *p >= self.from {
            *p = p.saturating_add_signed(self.by);
        } else if *p > self.collapse {
            *p = self.collapse;
        }
    }

    fn span(&self, s: &mut Span) {
        self.pos(&mut s.start);
        self.pos(&mut s.end);
    }

    fn scope(&self, s: &mut usize) {
        *s = s.saturating_add_signed(self.scopes);
    }

    /// A scope held in 32 bits (the records there are most of a
    /// workspace's memory).
    fn scope32(&self, s: &mut u32) {
        let mut wide = *s as usize;
        self.scope(&mut wide);
        *s = u32::try_from(wide).unwrap_or(u32::MAX);
    }
}

/// A fact that can be moved.
pub trait Relocate {
    fn relocate(&mut self, m: &Move);
}

impl Relocate for Span {
    fn relocate(&mut self, m: &Move) {
        m.span(self);
    }
}

impl<T: Relocate> Relocate for Option<T> {
    fn relocate(&mut self, m: &Move) {
        if let Some(t) = self {
            t.relocate(m);
        }
    }
}

impl<T: Relocate + ?Sized> Relocate for Box<T> {
    fn relocate(&mut self, m: &Move) {
        (**self).relocate(m);
    }
}

impl<T: Relocate> Relocate for [T] {
    fn relocate(&mut self, m: &Move) {
        for t in self {
            t.relocate(m);
        }
    }
}

impl<T: Relocate> Relocate for Vec<T> {
    fn relocate(&mut self, m: &Move) {
        self.as_mut_slice().relocate(m);
    }
}

impl Relocate for Scope {
    fn relocate(&mut self, m: &Move) {
        let Scope { kind, span } = self;
        m.span(span);
        match kind {
            ScopeKind::Preamble => {}
            ScopeKind::Document(d) => *d = d.saturating_add_signed(m.documents),
            ScopeKind::Division(d) => *d = d.saturating_add_signed(m.divisions),
        }
    }
}

impl Relocate for Document {
    fn relocate(&mut self, m: &Move) {
        let Document {
            number: _,
            id: _,
            title: _,
            number_span,
            heading_span,
            span,
            scope,
            dateline,
            inline_source,
        } = self;
        m.span(number_span);
        m.span(heading_span);
        m.span(span);
        m.scope(scope);
        dateline.relocate(m);
        inline_source.relocate(m);
    }
}

impl Relocate for Dateline {
    fn relocate(&mut self, m: &Move) {
        let Dateline {
            text: _,
            span,
            date: _,
        } = self;
        m.span(span);
    }
}

impl Relocate for Division {
    fn relocate(&mut self, m: &Move) {
        let Division {
            title: _,
            heading_break,
            untitled: _,
            id: _,
            heading_span,
            span,
            scope,
        } = self;
        m.span(heading_break);
        m.span(heading_span);
        m.span(span);
        m.scope(scope);
    }
}

impl Relocate for Section {
    fn relocate(&mut self, m: &Move) {
        let Section {
            title: _,
            untitled: _,
            heading_span,
            span,
            scope,
        } = self;
        m.span(heading_span);
        m.span(span);
        m.scope(scope);
    }
}

impl Relocate for FootnoteDef {
    fn relocate(&mut self, m: &Move) {
        let FootnoteDef {
            scope,
            label: _,
            label_span,
            span,
            text: _,
            text_span,
            source,
        } = self;
        m.scope(scope);
        m.span(label_span);
        m.span(span);
        m.span(text_span);
        source.relocate(m);
    }
}

impl Relocate for SourceNote {
    fn relocate(&mut self, m: &Move) {
        let SourceNote {
            label_problem: _,
            label_span,
            citation: _,
            citation_span,
            full_stop,
            components,
            rest: _,
            rest_span,
            classification,
            handling,
        } = self;
        m.span(label_span);
        m.span(citation_span);
        full_stop.relocate(m);
        components.relocate(m);
        m.span(rest_span);
        classification.relocate(m);
        handling.relocate(m);
    }
}

impl Relocate for Component {
    fn relocate(&mut self, m: &Move) {
        let Component {
            text: _,
            span,
            slot,
        } = self;
        m.span(span);
        m.span(slot);
    }
}

impl Relocate for Marking {
    fn relocate(&mut self, m: &Move) {
        let Marking {
            text: _,
            span,
            canonical: _,
        } = self;
        m.span(span);
    }
}

impl Relocate for FootnoteRef {
    fn relocate(&mut self, m: &Move) {
        let FootnoteRef {
            scope,
            label: _,
            span,
            in_definition: _,
            before,
        } = self;
        m.scope(scope);
        m.span(span);
        if let BeforeMarker::LoneSpace(a, b) = before {
            m.pos(a);
            m.pos(b);
        }
    }
}

impl Relocate for Entry {
    fn relocate(&mut self, m: &Move) {
        let Entry {
            id: _,
            id_span,
            span,
            scope,
            // Sections are the markup's; a TEI file has none to move.
            section: _,
            name: _,
            bold,
            description: _,
        } = self;
        m.span(id_span);
        m.span(span);
        m.scope(scope);
        bold.relocate(m);
    }
}

impl Relocate for EntryName {
    fn relocate(&mut self, m: &Move) {
        let EntryName {
            span,
            text: _,
            end: _,
            comma_after: _,
        } = self;
        m.span(span);
    }
}

impl Relocate for Mention {
    fn relocate(&mut self, m: &Move) {
        let Mention {
            id: _,
            id_span,
            span,
            text: _,
            scope,
            blank: _,
        } = self;
        m.span(id_span);
        m.span(span);
        m.scope32(scope);
    }
}

impl Relocate for Reference {
    fn relocate(&mut self, m: &Move) {
        let Reference {
            span,
            element,
            target: _,
            scope,
            lowercase: _,
            explicit: _,
        } = self;
        m.span(span);
        element.relocate(m);
        m.scope32(scope);
    }
}

impl Relocate for PageBreak {
    fn relocate(&mut self, m: &Move) {
        let PageBreak {
            label: _,
            number: _,
            span,
            scope,
            space_before: _,
            space_after: _,
            edges,
        } = self;
        m.span(span);
        m.scope(scope);
        edges.relocate(m);
    }
}

impl Relocate for BreakEdge {
    fn relocate(&mut self, m: &Move) {
        let BreakEdge {
            at_start: _,
            container: _,
            moved,
        } = self;
        if let Some((span, _)) = moved {
            m.span(span);
        }
    }
}

impl Relocate for StraightQuote {
    fn relocate(&mut self, m: &Move) {
        let StraightQuote {
            span,
            scope,
            mark: _,
            curly: _,
            mixed: _,
            word: _,
        } = self;
        m.span(span);
        m.scope(scope);
    }
}

impl Relocate for TextMark {
    fn relocate(&mut self, m: &Move) {
        let TextMark {
            kind: _,
            span,
            scope,
            word: _,
        } = self;
        m.span(span);
        m.scope(scope);
    }
}

impl Relocate for Metadata {
    fn relocate(&mut self, m: &Move) {
        let Metadata {
            key: _,
            key_span,
            value: _,
            value_span,
            value_trimmed,
            heading,
            scope,
            under: _,
        } = self;
        m.span(key_span);
        m.span(value_span);
        m.span(value_trimmed);
        m.pos(heading);
        m.scope(scope);
    }
}

impl Relocate for Signature {
    fn relocate(&mut self, m: &Move) {
        let Signature {
            span,
            text: _,
            bare,
            named: _,
            problems,
        } = self;
        m.span(span);
        bare.relocate(m);
        problems.relocate(m);
    }
}

impl Relocate for SignatureProblem {
    fn relocate(&mut self, m: &Move) {
        let SignatureProblem {
            kind: _,
            span,
            text: _,
            id: _,
        } = self;
        m.span(span);
    }
}

impl Relocate for SourceItem {
    fn relocate(&mut self, m: &Move) {
        let SourceItem {
            scope,
            span,
            components,
        } = self;
        m.scope(scope);
        m.span(span);
        components.relocate(m);
    }
}

impl Relocate for SyntaxError {
    fn relocate(&mut self, m: &Move) {
        let SyntaxError { range, message: _ } = self;
        m.span(range);
    }
}

impl Relocate for super::FileFacts {
    fn relocate(&mut self, m: &Move) {
        let super::FileFacts {
            scopes,
            documents,
            divisions,
            sections,
            footnotes,
            footnote_refs,
            persons,
            terms,
            person_mentions,
            term_mentions,
            references,
            page_breaks,
            straight_quotes,
            text_marks,
            metadata,
            signatures,
            source_items,
            syntax_errors,
            footnote_order: _,
            tei_id,
        } = self;
        scopes.relocate(m);
        documents.relocate(m);
        divisions.relocate(m);
        sections.relocate(m);
        footnotes.relocate(m);
        footnote_refs.relocate(m);
        persons.relocate(m);
        terms.relocate(m);
        person_mentions.relocate(m);
        term_mentions.relocate(m);
        references.relocate(m);
        page_breaks.relocate(m);
        straight_quotes.relocate(m);
        text_marks.relocate(m);
        metadata.relocate(m);
        signatures.relocate(m);
        source_items.relocate(m);
        syntax_errors.relocate(m);
        if let Some((_, at)) = tei_id {
            at.relocate(m);
        }
    }
}

/// Replaces the items of `list` that start inside `old` (a range of the
/// text before the edit) with `new`, and moves those after it by `after`.
/// The list is in the order of the text, as the extractors write it.
pub fn splice<T: Relocate>(
    list: &mut Vec<T>,
    start_of: impl Fn(&T) -> usize,
    old: &Span,
    new: Vec<T>,
    after: &Move,
) {
    let first = list.partition_point(|t| start_of(t) < old.start);
    let end = first + list[first..].partition_point(|t| start_of(t) < old.end);
    // Items before the range may hold it (a division around a document):
    // their ends move too.
    list[..first].relocate(after);
    list[end..].relocate(after);
    list.splice(first..end, new);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_at_or_after_the_point_move() {
        let m = Move::after(10, -3);
        let mut spans = vec![2..5, 8..12, 10..20];
        spans.relocate(&m);
        assert_eq!(spans, vec![2..5, 8..9, 7..17]);
    }

    #[test]
    fn what_an_edit_replaced_collapses_to_its_start() {
        let m = Move::edit(&(10..20), 4);
        let mut spans = vec![2..5, 12..18, 5..25, 20..30];
        spans.relocate(&m);
        assert_eq!(spans, vec![2..5, 10..10, 5..19, 14..24]);
    }

    #[test]
    fn splice_replaces_what_starts_in_the_range() {
        let mut list = vec![0..100, 5..8, 20..25, 22..23, 40..45];
        splice(
            &mut list,
            |s| s.start,
            &(20..30),
            std::iter::once(20..26).collect(),
            &Move::after(30, 2),
        );
        assert_eq!(list, vec![0..102, 5..8, 20..26, 42..47]);
    }
}
