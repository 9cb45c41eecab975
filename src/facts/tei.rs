//! Facts of a FRUS TEI file as it is, with byte ranges in the XML: the
//! second input format of the index, beside the markup.
//!
//! What is read: documents (`div[@type='document']`: `@n`, `@xml:id`,
//! `head`, `dateline`), notes (a TEI note stands where it is referred to,
//! so each is both a footnote and its marker; `@type='source'` notes are
//! source notes), the persons and terms registers (`persName[@xml:id]`,
//! `term[@xml:id]` in the divisions with those ids), mentions
//! (`persName/@corresp`, `gloss/@target`), references (`ref/@target`),
//! and page breaks (`pb/@n`). Ids are TEI's as written (`p_RD1`), since
//! the entries and the mentions of one file use the same.

use super::{
    date, page_number, BeforeMarker, Dateline, Division, DocKey, Document, Entry, FileFacts,
    FootnoteDef, FootnoteRef, Mention, PageBreak, Reference, Scope, ScopeKind, Section, Signature,
    Span, SyntaxError, Target, Text,
};
use crate::syntax::xml::{self, Content, Element, XmlElement, XmlError};
use tree_sitter::Tree;

/// The facts of an XML text parsed with [`crate::syntax::xml::parse`].
pub fn extract(tree: &Tree, src: &str) -> FileFacts {
    extract_from(Element::root(tree, src), xml::errors(tree, src), src)
}

/// The facts of a well-formed XML text, read into a DOM, which is several
/// times faster than the tree-sitter parse; None for a text that is not
/// well-formed or has a DTD, which [`extract`] then reads and reports.
pub fn extract_fast(src: &str) -> Option<FileFacts> {
    let doc = crate::syntax::xml_dom::parse(src)?;
    let root = crate::syntax::xml_dom::DomElement::root(&doc, src);
    Some(extract_from(Some(root), Vec::new(), src))
}

fn extract_from<'t, E: XmlElement<'t>>(
    root: Option<E>,
    errors: Vec<XmlError>,
    src: &str,
) -> FileFacts {
    let mut facts = FileFacts::default();
    facts.scopes.push(Scope {
        kind: ScopeKind::Preamble,
        span: 0..src.len(),
    });
    for e in errors {
        facts.syntax_errors.push(SyntaxError {
            range: e.span,
            message: e.message,
        });
    }
    let Some(root) = root else {
        return facts;
    };
    facts.tei_id = root
        .attribute("xml:id")
        .filter(|id| !id.value.trim().is_empty())
        .map(|id| (Text::from(id.value), id.value_span));
    let mut ex = Extractor { src, facts };
    // Elements and text in document order with the register and note they
    // stand in; a stack, since nesting depth is the input's. As in the
    // markup, a scope runs from its heading to the next: each element
    // belongs to the last division or document opened before it.
    let mut stack = vec![Next::Element(root, Ctx::default(), BeforeMarker::Fine)];
    let mut scope = 0;
    while let Some(next) = stack.pop() {
        match next {
            Next::Element(e, mut ctx, before) => {
                ctx.scope = scope;
                let inner = ex.element(e, ctx, before);
                scope = inner.scope;
                let content = e.content();
                // What stands before each note, read while the siblings
                // are all here (most elements hold none).
                let mut befores: Vec<BeforeMarker> = (0..content.len())
                    .filter(|&i| is_note(&content[i]))
                    .map(|i| before_note(&content, i, src))
                    .collect();
                for c in content.into_iter().rev() {
                    let before = if is_note(&c) {
                        befores.pop().unwrap_or(BeforeMarker::Fine)
                    } else {
                        BeforeMarker::Fine
                    };
                    stack.push(match c {
                        Content::Element(child) => Next::Element(child, inner, before),
                        text => Next::Text(text, inner),
                    });
                }
            }
            // The text of the file as FRUS's Schematron reads it: what
            // stands as written (a reference is no run of characters).
            Next::Text(text, ctx) => {
                if let Some((run, at)) = text.as_written().filter(|_| !ctx.in_header) {
                    super::typography::scan(run, at, scope, &mut ex.facts);
                }
            }
        }
    }
    ex.finish()
}

/// What the walk visits next: an element, with what stands before it if it
/// is a note, or a piece of text.
enum Next<'t, E> {
    Element(E, Ctx, BeforeMarker),
    Text(Content<'t, E>, Ctx),
}

fn is_note<'t, E: XmlElement<'t>>(c: &Content<'t, E>) -> bool {
    matches!(c, Content::Element(e) if e.local_name() == "note")
}

/// What stands before the `note` at `i` among its siblings (FRUS's Schematron F58,
/// F59; as the markup judges a marker): another note right before it, or
/// white space alone after an element.
fn before_note<'t, E: XmlElement<'t>>(
    content: &[Content<'t, E>],
    i: usize,
    src: &str,
) -> BeforeMarker {
    if i == 0 {
        return BeforeMarker::Fine;
    }
    let prev = &content[i - 1];
    if is_note(prev) {
        return BeforeMarker::Marker;
    }
    let Content::Text { text, span } = prev else {
        return BeforeMarker::Fine;
    };
    if text.is_empty() || !text.chars().all(char::is_whitespace) {
        return BeforeMarker::Fine;
    }
    match i.checked_sub(2).map(|j| &content[j]) {
        None | Some(Content::Text { .. }) => BeforeMarker::Fine,
        Some(c) if is_note(c) => BeforeMarker::Fine,
        // A page break with a space before it is set apart already.
        Some(Content::Element(pb))
            if pb.local_name() == "pb"
                && src[..pb.span().start]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_whitespace) =>
        {
            BeforeMarker::Fine
        }
        Some(_) => BeforeMarker::LoneSpace(span.start, span.end),
    }
}

#[derive(Clone, Copy, Default)]
struct Ctx {
    scope: usize,
    /// Inside the persons or terms register.
    register: Option<Register>,
    in_note: bool,
    /// Inside `teiHeader`, whose text is the volume's description.
    in_header: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Register {
    Persons,
    Terms,
}

struct Extractor<'s> {
    src: &'s str,
    facts: FileFacts,
}

impl Extractor<'_> {
    /// Reads one element; returns the context of its children.
    fn element<'t, E: XmlElement<'t>>(&mut self, e: E, ctx: Ctx, before: BeforeMarker) -> Ctx {
        let mut inner = ctx;
        match e.local_name() {
            "teiHeader" => inner.in_header = true,
            "div" if e.attr("type").as_deref() == Some("document") => {
                inner.scope = self.document(e);
            }
            "div" => {
                inner.scope = self.division(e);
                match e.attr("xml:id").as_deref() {
                    Some("persons") => inner.register = Some(Register::Persons),
                    Some("terms") => inner.register = Some(Register::Terms),
                    _ => {}
                }
            }
            "note" => {
                self.note(e, ctx, before);
                inner.in_note = true;
            }
            "persName" => {
                if let Some(id) = e.attribute("xml:id").filter(|_| ctx.register.is_some()) {
                    self.entry(e, ctx, id, Register::Persons);
                }
                if let Some(corresp) = e.attribute("corresp") {
                    self.mention(e, ctx, corresp, Register::Persons);
                }
            }
            "term" => {
                if let Some(id) = e.attribute("xml:id").filter(|_| ctx.register.is_some()) {
                    self.entry(e, ctx, id, Register::Terms);
                }
            }
            "gloss" => {
                if let Some(target) = e.attribute("target") {
                    self.mention(e, ctx, target, Register::Terms);
                }
            }
            "attachment" => self.attachment(e, ctx),
            "ref" => self.reference(e, ctx),
            "signed" if !ctx.in_note => self.signature(e),
            "pb" => self.page_break(e, ctx),
            _ => {}
        }
        inner
    }

    fn new_scope(&mut self, kind: ScopeKind, span: Span) -> usize {
        self.facts.scopes.push(Scope { kind, span });
        self.facts.scopes.len() - 1
    }

    fn document<'t, E: XmlElement<'t>>(&mut self, e: E) -> usize {
        let n = e.attribute("n");
        let number = n.as_ref().map(|a| a.value.clone()).unwrap_or_default();
        let id = e.attr("xml:id").unwrap_or_else(|| format!("d{number}"));
        let head = e.children().into_iter().find(|c| c.local_name() == "head");
        let title = head
            .map(|h| title_of(&heading_text(h), &number))
            .unwrap_or_default();
        let scope = self.facts.scopes.len();
        let dateline = e.find(&|d: &E| d.local_name() == "dateline").map(|d| {
            let text = crate::syntax::normalize_space(&d.text());
            Dateline {
                date: date::parse_dateline(&text),
                text: text.into(),
                span: d.span(),
            }
        });
        self.facts.documents.push(Document {
            number: number.into(),
            id: id.into(),
            title: title.into(),
            number_span: n.map_or(e.start_tag_span(), |a| a.value_span),
            heading_span: head.map_or(e.start_tag_span(), |h| h.span()),
            span: e.span(),
            scope,
            dateline,
            inline_source: None,
        });
        self.new_scope(
            ScopeKind::Document(self.facts.documents.len() - 1),
            e.span(),
        )
    }

    fn division<'t, E: XmlElement<'t>>(&mut self, e: E) -> usize {
        let head = e.children().into_iter().find(|c| c.local_name() == "head");
        // The notes of a heading are no part of its title.
        let title = head
            .map(|h| crate::syntax::normalize_space(&heading_text(h)))
            .unwrap_or_default();
        let scope = self.facts.scopes.len();
        let tag = e.start_tag_span();
        self.facts.divisions.push(Division {
            // A division without a `head` is written so (a compilation, a
            // chapter's wrapper); only an empty `head` is an empty heading.
            untitled: head.is_some() && title.trim().is_empty(),
            title: title.into(),
            heading_break: tag.end..tag.end,
            id: e.attr("xml:id").map(Text::from),
            heading_span: head.map_or(tag.clone(), |h| h.span()),
            span: e.span(),
            scope,
        });
        self.new_scope(
            ScopeKind::Division(self.facts.divisions.len() - 1),
            e.span(),
        )
    }

    /// `frus:attachment`: a part of its document, as a sub-heading opens
    /// one in the markup.
    fn attachment<'t, E: XmlElement<'t>>(&mut self, e: E, ctx: Ctx) {
        let head = e.children().into_iter().find(|c| c.local_name() == "head");
        let title = head
            .map(|h| crate::syntax::normalize_space(&heading_text(h)))
            .unwrap_or_default();
        self.facts.sections.push(Section {
            // As for a division: only an empty `head` is an empty heading.
            untitled: head.is_some() && title.trim().is_empty(),
            title: title.into(),
            heading_span: head.map_or(e.start_tag_span(), |h| h.span()),
            span: e.span(),
            scope: ctx.scope,
        });
    }

    /// A note is its own marker: a footnote and its reference at once. A
    /// note with a `@target` marks again a note given before; a source
    /// note printed inline is the document's inline source.
    fn note<'t, E: XmlElement<'t>>(&mut self, e: E, ctx: Ctx, before: BeforeMarker) {
        let is_source = e.attr("type").as_deref() == Some("source");
        if is_source && e.attr("rend").as_deref() == Some("inline") {
            let doc = match self.facts.scopes.get(ctx.scope).map(|s| s.kind) {
                Some(ScopeKind::Document(d)) => self.facts.documents.get_mut(d),
                _ => None,
            };
            if let Some(doc) = doc {
                doc.inline_source.get_or_insert(e.content_span());
                return;
            }
        }
        let n = e.attribute("n");
        let label = n
            .as_ref()
            .map(|a| a.value.clone())
            .or_else(|| {
                e.attr("xml:id")
                    .and_then(|id| id.rsplit_once("fn").map(|(_, l)| l.to_string()))
            })
            .unwrap_or_default();
        let label_span = n.map_or(e.start_tag_span(), |a| a.value_span);
        let content = e.content_span();
        let text = crate::syntax::normalize_space(&e.text());
        let source = is_source.then(|| source_note(e)).flatten();
        let again = e.attr("target").is_some() && e.attr("xml:id").is_none();
        if !again {
            self.facts.footnotes.push(FootnoteDef {
                scope: ctx.scope,
                label: label.clone().into(),
                label_span,
                span: e.span(),
                text: text.into(),
                text_span: content,
                source: source.map(Box::new),
            });
        }
        self.facts.footnote_refs.push(FootnoteRef {
            scope: ctx.scope,
            label: label.into(),
            span: e.start_tag_span(),
            in_definition: ctx.in_note,
            before,
        });
    }

    fn entry<'t, E: XmlElement<'t>>(
        &mut self,
        e: E,
        ctx: Ctx,
        id: xml::Attribute,
        register: Register,
    ) {
        let name = crate::syntax::normalize_space(&e.text());
        let entry = Entry {
            id: id.value.into(),
            id_span: id.value_span,
            span: e.span(),
            scope: ctx.scope,
            section: None,
            name: (register == Register::Persons).then(|| Text::from(name.clone())),
            bold: None,
            description: if register == Register::Terms {
                name.into()
            } else {
                String::new().into()
            },
        };
        match register {
            Register::Persons => self.facts.persons.push(entry),
            Register::Terms => self.facts.terms.push(entry),
        }
    }

    fn mention<'t, E: XmlElement<'t>>(
        &mut self,
        e: E,
        ctx: Ctx,
        target: xml::Attribute,
        register: Register,
    ) {
        // `#p_RD1`; a pointer into another file is no mention of this one.
        let Some(id) = target.value.strip_prefix('#') else {
            return;
        };
        let text = e.text();
        let mention = Mention {
            id: Text::from(id),
            id_span: target.value_span.start + 1..target.value_span.end,
            span: e.span(),
            blank: text.trim().is_empty(),
            text: text.into(),
            scope: super::narrow_scope(ctx.scope),
        };
        match register {
            Register::Persons => self.facts.person_mentions.push(mention),
            Register::Terms => self.facts.term_mentions.push(mention),
        }
    }

    fn reference<'t, E: XmlElement<'t>>(&mut self, e: E, ctx: Ctx) {
        let Some(target) = e.attribute("target") else {
            return;
        };
        let Some(parsed) = target_of(&target.value) else {
            return;
        };
        self.facts.references.push(Reference {
            span: target.value_span,
            element: Some(e.span()),
            target: parsed,
            scope: super::narrow_scope(ctx.scope),
            lowercase: false,
            explicit: true,
        });
    }

    /// `closer/signed`: whether it names its signer, and how.
    fn signature<'t, E: XmlElement<'t>>(&mut self, e: E) {
        let (named, problems) = super::tei_signed::read(e);
        // Text alone, as written: what a mention would wrap.
        let content = e.content();
        let bare = match content.as_slice() {
            [text] => text.as_written().and_then(|(run, at)| {
                let lead = run.len() - run.trim_start().len();
                let words = run.trim();
                (!words.is_empty()).then(|| at + lead..at + lead + words.len())
            }),
            _ => None,
        };
        self.facts.signatures.push(Signature {
            span: e.span(),
            text: crate::syntax::normalize_space(&e.text())
                .trim()
                .to_string()
                .into(),
            bare,
            named,
            problems,
        });
    }

    fn page_break<'t, E: XmlElement<'t>>(&mut self, e: E, ctx: Ctx) {
        let Some(n) = e.attr("n") else { return };
        let span = e.span();
        let space = |c: Option<char>| c.is_none_or(char::is_whitespace);
        self.facts.page_breaks.push(PageBreak {
            number: page_number(&n),
            label: n.into(),
            space_before: space(self.src[..span.start].chars().next_back()),
            space_after: space(self.src[span.end..].chars().next()),
            span,
            scope: ctx.scope,
            edges: Vec::new(),
        });
    }

    /// The lists that hold scoped items sorted by scope, as the index
    /// expects them (a register or back matter may stand after documents).
    fn finish(mut self) -> FileFacts {
        let f = &mut self.facts;
        f.footnotes.sort_by_key(|n| (n.scope, n.span.start));
        f.footnote_refs.sort_by_key(|r| (r.scope, r.span.start));
        f.person_mentions.sort_by_key(|m| (m.scope, m.span.start));
        f.term_mentions.sort_by_key(|m| (m.scope, m.span.start));
        f.references.sort_by_key(|r| (r.scope, r.span.start));
        f.page_breaks.sort_by_key(|p| (p.scope, p.span.start));
        f.straight_quotes.sort_by_key(|q| (q.scope, q.span.start));
        f.text_marks.sort_by_key(|m| (m.scope, m.span.start));
        f.footnote_order = footnote_order(&f.footnotes);
        self.facts
    }
}

/// [`FileFacts::footnote_order`] of a file's footnotes.
pub(super) fn footnote_order(footnotes: &[FootnoteDef]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..footnotes.len()).collect();
    order.sort_by(|&a, &b| {
        let key = |i: usize| (footnotes[i].scope, footnotes[i].label.as_str(), i);
        key(a).cmp(&key(b))
    });
    order
}

/// A document's title: its heading without the number FRUS prints before
/// it (`3. Editorial Note`).
fn title_of(heading: &str, number: &str) -> String {
    let heading = crate::syntax::normalize_space(heading);
    let bare = heading
        .strip_prefix(number)
        .and_then(|rest| rest.strip_prefix('.'))
        .filter(|_| !number.is_empty())
        .map(str::trim_start);
    bare.unwrap_or(&heading).to_string()
}

/// The text of a heading without its notes.
fn heading_text<'t, E: XmlElement<'t>>(head: E) -> String {
    let mut out = String::new();
    for c in head.content() {
        match c {
            Content::Text { text, .. } => out.push_str(&text),
            Content::Element(e) if e.local_name() != "note" => out.push_str(&heading_text(e)),
            Content::Element(_) => {}
        }
    }
    out
}

/// A source note's citation, with its spans in the file: the note's text
/// is gathered piece by piece, each piece remembering where it stands.
fn source_note<'t, E: XmlElement<'t>>(e: E) -> Option<super::SourceNote> {
    let mut plain = String::new();
    let mut pieces: Vec<(usize, Span, bool)> = Vec::new();
    let mut texts: Vec<(std::borrow::Cow<'t, str>, Span)> = Vec::new();
    // Document order, iteratively: content of each element in turn.
    fn gather<'t, E: XmlElement<'t>>(e: E, out: &mut Vec<(std::borrow::Cow<'t, str>, Span)>) {
        let mut stack: Vec<Content<E>> = e.content();
        stack.reverse();
        while let Some(c) = stack.pop() {
            match c {
                Content::Text { text, span } => out.push((text, span)),
                Content::Element(inner) => {
                    let mut more = inner.content();
                    more.reverse();
                    stack.extend(more);
                }
            }
        }
    }
    gather(e, &mut texts);
    for (text, span) in texts {
        // Text as written maps byte for byte; a reference stands for its
        // whole span.
        let verbatim = text.len() == span.len();
        pieces.push((plain.len(), span, verbatim));
        plain.push_str(&text);
    }
    let note = super::source_note::read(&plain)?;
    let map = |r: &Span| -> Span { map_range(&pieces, plain.len(), r) };
    Some(super::SourceNote {
        label_span: map(&note.label_span),
        citation_span: map(&note.citation_span),
        full_stop: note.full_stop.as_ref().map(map),
        components: note
            .components
            .iter()
            .map(|c| super::Component {
                text: c.text.clone(),
                span: map(&c.span),
                slot: map(&c.slot),
            })
            .collect(),
        rest_span: map(&note.rest_span),
        classification: note.classification.as_ref().map(|m| super::Marking {
            span: map(&m.span),
            ..m.clone()
        }),
        handling: note
            .handling
            .iter()
            .map(|m| super::Marking {
                span: map(&m.span),
                ..m.clone()
            })
            .collect(),
        ..note
    })
}

/// A range of the gathered plain text as a range of the file.
fn map_range(pieces: &[(usize, Span, bool)], len: usize, r: &Span) -> Span {
    let at = |offset: usize, end: bool| -> usize {
        // An end that falls where a piece starts belongs to the piece
        // before it.
        let i = pieces
            .partition_point(|(start, _, _)| *start < offset || (!end && *start == offset))
            .saturating_sub(1);
        let Some((start, span, verbatim)) = pieces.get(i) else {
            return 0;
        };
        let within = offset - start;
        if *verbatim {
            (span.start + within).min(span.end)
        } else if end || within > 0 {
            span.end
        } else {
            span.start
        }
    };
    let start = at(r.start.min(len), false);
    let end = at(r.end.min(len), true).max(start);
    start..end
}

/// What a `ref/@target` points at: `#d12`, `#d12fn3`, `#pg_5`,
/// `frus1964-68v01#d1`, `frus1964-68v01`. None for other pointers (a web
/// address, a division).
pub fn target_of(target: &str) -> Option<Target> {
    let (volume, local) = match target.split_once('#') {
        Some(("", local)) => (None, local),
        Some((volume, local)) => (Some(Text::from(volume)), local),
        None if target.starts_with("frus") => {
            return Some(Target::Volume {
                volume: Text::from(target),
            })
        }
        None => return None,
    };
    if let Some(page) = local.strip_prefix("pg_") {
        return Some(Target::Page {
            volume,
            page: Text::from(page),
        });
    }
    let doc = local
        .strip_prefix('d')
        .filter(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))?;
    match doc.split_once("fn") {
        Some((number, footnote)) => Some(Target::Footnote {
            volume,
            document: Some(DocKey::Id(format!("d{number}").into())),
            footnote: Text::from(footnote),
        }),
        None => Some(Target::Document {
            volume,
            document: DocKey::Id(Text::from(local)),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEI: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="frus1964-68v03">
<text><front><div type="section" xml:id="persons"><head>Persons</head><list>
<item><persName xml:id="p_RD1">Rusk, Dean</persName>, Secretary of State</item>
</list></div></front>
<body><div type="document" n="12" xml:id="d12"><head>Memorandum<note n="0" xml:id="d12fn0" type="source">Source: Johnson Library, National Security File, <hi rend="italic">Vietnam</hi>. Secret.</note></head>
<dateline><placeName>Washington</placeName>, <date when="1965-05-01">May 1, 1965</date>.</dateline>
<p>See <ref target="#d3">Document 3</ref> and <ref target="frus1964-68v02#d4fn2">footnote 2</ref>,<note n="1" xml:id="d12fn1">Not printed.</note> <persName corresp="#p_RD1">Rusk</persName> <persName corresp="#p_XX1">X</persName><pb n="15"/> <gloss target="#t_VC1">VC</gloss>.</p></div></body></text>
</TEI>
"##;

    fn facts() -> FileFacts {
        extract(&xml::parse(TEI), TEI)
    }

    #[test]
    fn documents_notes_and_their_places() {
        let f = facts();
        assert!(f.syntax_errors.is_empty(), "{:?}", f.syntax_errors);
        let d = &f.documents[0];
        assert_eq!((d.number.as_str(), d.id.as_str()), ("12", "d12"));
        assert_eq!(d.title, "Memorandum");
        assert_eq!(&TEI[d.number_span.clone()], "12");
        let dateline = d.dateline.as_ref().expect("a dateline");
        assert_eq!(dateline.text, "Washington, May 1, 1965.");
        assert!(dateline.date.is_some());
        let labels: Vec<&str> = f.footnotes.iter().map(|n| n.label.as_str()).collect();
        assert_eq!(labels, ["0", "1"]);
        assert!(f.footnotes.iter().all(|n| n.scope == d.scope));
        assert_eq!(f.footnote_refs.len(), 2);
        let source = f.footnotes[0].source.as_ref().expect("a source note");
        let parts: Vec<&str> = source
            .components
            .iter()
            .map(|c| &TEI[c.span.clone()])
            .collect();
        assert_eq!(
            parts,
            ["Johnson Library", "National Security File", "Vietnam"]
        );
        assert_eq!(f.footnote_index(d.scope, "1"), Some(1));
    }

    #[test]
    fn registers_mentions_references_and_pages() {
        let f = facts();
        assert_eq!(f.persons.len(), 1);
        assert_eq!(f.persons[0].id, "p_RD1");
        assert_eq!(f.persons[0].name.as_deref(), Some("Rusk, Dean"));
        assert!(f.persons[0].scope > 0);
        let ids: Vec<&str> = f.person_mentions.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["p_RD1", "p_XX1"]);
        assert_eq!(&TEI[f.person_mentions[1].id_span.clone()], "p_XX1");
        assert_eq!(f.term_mentions[0].id, "t_VC1");
        let targets: Vec<&Target> = f.references.iter().map(|r| &r.target).collect();
        assert_eq!(
            targets,
            [
                &Target::Document {
                    volume: None,
                    document: DocKey::Id("d3".into())
                },
                &Target::Footnote {
                    volume: Some("frus1964-68v02".into()),
                    document: Some(DocKey::Id("d4".into())),
                    footnote: "2".into()
                },
            ]
        );
        assert_eq!(f.page_breaks[0].label, "15");
        assert_eq!(&TEI[f.page_breaks[0].span.clone()], "<pb n=\"15\"/>");
    }

    #[test]
    fn a_division_title_leaves_out_the_notes_of_its_heading() {
        let f = extract_fast(r#"<TEI><text><body><div type="chapter"><head>Lima<note n="1">Continued from 1936.</note></head></div></body></text></TEI>"#)
            .expect("well-formed");
        assert_eq!(f.divisions[0].title, "Lima");
    }

    #[test]
    fn an_attachment_is_a_part_of_its_document() {
        let f = extract_fast(r#"<TEI xmlns:frus="f"><text><body><div type="document" n="1"><head>1. Memo</head><p>x</p><frus:attachment><head>Tab A<note n="2">N</note></head><p>y</p></frus:attachment><frus:attachment><head> </head></frus:attachment></div></body></text></TEI>"#)
            .expect("well-formed");
        let parts: Vec<(&str, bool, usize)> = f
            .sections
            .iter()
            .map(|s| (s.title.as_str(), s.untitled, s.scope))
            .collect();
        assert_eq!(parts, vec![("Tab A", false, 1), ("", true, 1)]);
    }

    #[test]
    fn a_division_without_head_is_no_empty_heading() {
        let text = "<TEI><text><body><div type=\"compilation\" xml:id=\"comp1\"><div type=\"chapter\" xml:id=\"ch1\"><head/></div></div></body></text></TEI>";
        let f = extract(&xml::parse(text), text);
        let untitled: Vec<bool> = f.divisions.iter().map(|d| d.untitled).collect();
        assert_eq!(untitled, [false, true]);
    }

    #[test]
    fn a_text_that_is_not_well_formed_gives_errors_and_what_can_be_read() {
        let text = "<TEI><text><body><div type=\"document\" n=\"1\"><p>a</q></p></div></body></text></TEI>";
        let f = extract(&xml::parse(text), text);
        assert!(!f.syntax_errors.is_empty());
    }
}
