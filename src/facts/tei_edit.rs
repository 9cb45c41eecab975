//! The facts of an edited TEI file, read again only where the edit fell:
//! the one document that holds it. A FRUS volume is one file of several
//! megabytes, and an editor types in one document at a time; reading the
//! whole file again after each keystroke would take most of the time an
//! answer may take.
//!
//! The document is read on its own, inside a copy of the root element's
//! start tag (which declares the namespaces its elements use), and its
//! facts take the place of the old ones; everything after it moves by what
//! the edit added. Where that would not give what a reading of the whole
//! file gives, [`after_edit`] says so and the caller reads it all.

use super::relocate::{splice, Move, Relocate};
use super::{FileFacts, ScopeKind, Span};
use std::mem::discriminant;

/// The facts of `new_src`, which is the text `old` was read from with the
/// bytes `edit` replaced by `inserted` bytes; None where the edit does not
/// fall inside one document, the file was not well-formed outside it, or
/// the document opens other divisions than before.
///
/// A document the edit leaves not well-formed (a tag half typed) keeps the
/// facts it had, moved around the edit, and gets the errors of its text:
/// while an editor types, the rest of the file keeps its findings, and the
/// whole file is not parsed again. Its facts are read again at the first
/// edit that leaves it well-formed.
pub fn after_edit(
    old: &FileFacts,
    new_src: &str,
    edit: &Span,
    inserted: usize,
) -> Option<FileFacts> {
    // Strictly inside: the `<` that opens the document and the `>` that
    // closes it stay as they were.
    let d = old
        .documents
        .iter()
        .rposition(|doc| doc.span.start < edit.start && edit.end < doc.span.end)?;
    let doc = &old.documents[d];
    let span = doc.span.clone();
    // Errors elsewhere mean the facts outside the document are not the
    // file's.
    let inside_doc = |r: &Span| span.start <= r.start && r.end <= span.end;
    if !old.syntax_errors.iter().all(|e| inside_doc(&e.range)) {
        return None;
    }
    // A document read on its own is read outside any register or note.
    let around = |s: &Span| s.start < span.start && span.end <= s.end;
    let in_register = old
        .divisions
        .iter()
        .any(|v| around(&v.span) && matches!(v.id.as_deref(), Some("persons" | "terms")));
    if in_register || old.footnotes.iter().any(|n| around(&n.span)) {
        return None;
    }
    let by = isize::try_from(inserted).ok()? - isize::try_from(edit.len()).ok()?;
    let piece = new_src.get(span.start..span.end.checked_add_signed(by)?)?;
    let root = crate::syntax::xml::root_start_tag(new_src).filter(|r| r.end <= span.start)?;
    let root_tag = &new_src[root.clone()];
    let name_end = root_tag
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(root_tag.len());
    let wrapped = format!("{root_tag}{piece}</{}>", &root_tag[1..name_end]);
    let Some(part) = super::tei::extract_fast(&wrapped) else {
        return not_well_formed(old, &wrapped, root.len(), span.start, edit, inserted);
    };

    // The same scopes, of the same kinds, so that no index after the
    // document changes.
    let s0 = doc.scope;
    let inside = old.scopes[s0..].partition_point(|s| s.span.start < span.end);
    let kinds = |s: &[super::Scope]| s.iter().map(|s| discriminant(&s.kind)).collect::<Vec<_>>();
    if part.scopes.len() != inside + 1
        || kinds(&old.scopes[s0..s0 + inside]) != kinds(&part.scopes[1..])
        || !matches!(
            part.scopes.get(1).map(|s| s.kind),
            Some(ScopeKind::Document(0))
        )
    {
        return None;
    }
    let first_division = old.divisions.partition_point(|v| v.span.start < span.start);
    let into = Move {
        collapse: 0,
        from: 0,
        by: isize::try_from(span.start).ok()? - isize::try_from(root.len()).ok()?,
        scopes: isize::try_from(s0).ok()? - 1,
        documents: isize::try_from(d).ok()?,
        divisions: isize::try_from(first_division).ok()?,
    };
    let after = Move::after(span.end, by);

    let FileFacts {
        mut scopes,
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
        syntax_errors: _,
        footnote_order: _,
        tei_id: _,
    } = part;
    scopes.remove(0);
    let mut new = old.clone();
    // Every error the file had stood in this document, which reads
    // well-formed now.
    new.syntax_errors.clear();
    macro_rules! put {
        ($($list:ident: $start:expr),* $(,)?) => {$(
            let mut list = $list;
            list.relocate(&into);
            splice(&mut new.$list, $start, &span, list, &after);
        )*};
    }
    put!(
        scopes: |s: &super::Scope| s.span.start,
        documents: |d: &super::Document| d.span.start,
        divisions: |d: &super::Division| d.span.start,
        sections: |s: &super::Section| s.span.start,
        footnotes: |n: &super::FootnoteDef| n.span.start,
        footnote_refs: |r: &super::FootnoteRef| r.span.start,
        persons: |e: &super::Entry| e.span.start,
        terms: |e: &super::Entry| e.span.start,
        person_mentions: |m: &super::Mention| m.span.start,
        term_mentions: |m: &super::Mention| m.span.start,
        references: |r: &super::Reference| r.span.start,
        page_breaks: |p: &super::PageBreak| p.span.start,
        straight_quotes: |q: &super::StraightQuote| q.span.start,
        text_marks: |t: &super::TextMark| t.span.start,
        metadata: |m: &super::Metadata| m.key_span.start,
        signatures: |s: &super::Signature| s.span.start,
        source_items: |s: &super::SourceItem| s.span.start,
    );
    if let Some((_, at)) = &mut new.tei_id {
        at.relocate(&after);
    }
    new.footnote_order = super::tei::footnote_order(&new.footnotes);
    Some(new)
}

/// The old facts moved around the edit, with the errors of the document's
/// text (`wrapped`: the document at `lead` bytes, which stands at `at` in
/// the file) in place of those it had; None where tree-sitter finds it
/// well-formed after all (a prefix no ancestor declares here), which a
/// reading of the whole file settles.
fn not_well_formed(
    old: &FileFacts,
    wrapped: &str,
    lead: usize,
    at: usize,
    edit: &Span,
    inserted: usize,
) -> Option<FileFacts> {
    let tree = crate::syntax::xml::parse(wrapped);
    let piece = lead..wrapped.rfind("</")?;
    let errors: Vec<super::SyntaxError> = crate::syntax::xml::errors(&tree, wrapped)
        .into_iter()
        .map(|e| {
            // Where the copied root tag or its end stand: at the document's
            // edge.
            let start = e.span.start.clamp(piece.start, piece.end);
            let end = e.span.end.clamp(start, piece.end);
            super::SyntaxError {
                range: start - lead + at..end - lead + at,
                message: e.message,
            }
        })
        .collect();
    if errors.is_empty() {
        return None;
    }
    let mut new = old.clone();
    new.relocate(&Move::edit(edit, inserted));
    let doc_end = at + (piece.end - piece.start);
    new.syntax_errors
        .retain(|e| !(at <= e.range.start && e.range.end <= doc_end));
    let first = new.syntax_errors.partition_point(|e| e.range.start < at);
    new.syntax_errors.splice(first..first, errors);
    Some(new)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEI: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:frus="http://history.state.gov/frus/ns/1.0" xml:id="frus1964-68v03">
<text><body><div type="chapter" xml:id="ch1"><head>One</head>
<div type="document" n="1" xml:id="d1"><head>1. Memo</head><p>See <ref target="#d2">Document 2</ref>.<note n="1" xml:id="d1fn1">Not found.</note></p></div>
<div type="document" n="2" xml:id="d2"><head>2. Letter</head><p>Text<pb n="3"/> more <persName corresp="#p_A">A</persName>.</p><frus:attachment><p>x</p></frus:attachment></div>
</div></body></text></TEI>"##;

    fn edited(src: &str, at: usize, remove: usize, insert: &str) -> (String, Span) {
        let mut text = src.to_string();
        text.replace_range(at..at + remove, insert);
        (text, at..at + remove)
    }

    fn same(a: &FileFacts, b: &FileFacts) {
        assert_eq!(format!("{a:#?}"), format!("{b:#?}"));
    }

    #[test]
    fn an_edit_inside_a_document_reads_as_the_whole_file_would() {
        let old = super::super::tei::extract_fast(TEI).expect("well-formed");
        let at = TEI.find("See ").expect("see");
        let insert = r##"<note n="2" xml:id="d1fn2">New</note> "##;
        let (text, edit) = edited(TEI, at, 0, insert);
        let new = after_edit(&old, &text, &edit, insert.len()).expect("one document");
        same(
            &new,
            &super::super::tei::extract_fast(&text).expect("well-formed"),
        );
    }

    #[test]
    fn a_document_left_not_well_formed_keeps_its_facts_and_has_its_errors() {
        let old = super::super::tei::extract_fast(TEI).expect("well-formed");
        let at = TEI.find("<p>x</p>").expect("p");
        let (text, edit) = edited(TEI, at, 0, "<p>");
        let new = after_edit(&old, &text, &edit, 3).expect("one document");
        let doc = &new.documents[1].span;
        assert_eq!(doc.end, old.documents[1].span.end + 3);
        assert!(!new.syntax_errors.is_empty());
        for e in &new.syntax_errors {
            assert!(
                doc.start <= e.range.start && e.range.end <= doc.end,
                "{e:?} in {doc:?}"
            );
        }
        assert_eq!(new.documents[0].span, old.documents[0].span);
        assert_eq!(new.footnotes.len(), old.footnotes.len());
        // Typing on: still one document; then closing the tag reads the
        // document again, as the whole file would.
        let more = at + 3;
        let (text2, edit2) = edited(&text, more, 0, "y");
        let newer = after_edit(&new, &text2, &edit2, 1).expect("one document");
        assert!(!newer.syntax_errors.is_empty());
        let close = more + 1;
        let (text3, edit3) = edited(&text2, close, 0, "</p>");
        let done = after_edit(&newer, &text3, &edit3, 4).expect("one document");
        same(
            &done,
            &super::super::tei::extract_fast(&text3).expect("well-formed"),
        );
    }

    #[test]
    fn an_edit_that_leaves_the_document_or_its_shape_reads_the_whole_file() {
        let old = super::super::tei::extract_fast(TEI).expect("well-formed");
        // Across two documents.
        let from = TEI.find("Not found").expect("note");
        let to = TEI.find("Text").expect("text");
        assert!(after_edit(&old, TEI, &(from..to), to - from).is_none());
        // A division opened inside a document.
        let at = TEI.find("<p>x</p>").expect("p");
        let insert = "<div><head>Tab A</head></div>";
        let (text, edit) = edited(TEI, at, 0, insert);
        assert!(after_edit(&old, &text, &edit, insert.len()).is_none());
    }
}
