//! Closing signatures and the person names in them, as FRUS's Schematron
//! judges `closer/signed` (frus-signatures.sch): a signature names its
//! signer with a `persName`, with nothing but punctuation or an italic
//! title after the name, no words before it, and one name only.
//!
//! The export writes a signature as `<signed><hi rend="strong">…</hi>`, so
//! the siblings of a name are the inlines around it inside the `**…**` (or
//! inside whatever element holds it there). Editorial brackets are text in
//! TEI: their `[`, `]` and content stand among those siblings.

use super::{FileFacts, Signature, SignatureProblem, SignatureProblemKind, Span};
use crate::syntax::view::{self, FileView, Inline, ScopeKind};
use crate::syntax::Node;
use crate::syntax::{normalize_space, plain_text, text};

/// Markup nested deeper than this inside a signature is not looked into.
const MAX_DEPTH: usize = 32;

/// Records the signatures of a file's documents.
pub(super) fn scan(view: &FileView, src: &str, facts: &mut FileFacts) {
    for scope in view.scopes.iter().filter(|s| s.kind == ScopeKind::Document) {
        let parts = std::iter::once(&scope.body.blocks)
            .chain(scope.body.sections.iter().map(|s| &s.blocks));
        for blocks in parts {
            let Some((p, sig)) = view::closer(blocks, src).and_then(|i| match &blocks[i] {
                view::Block::Paragraph(p) => view::signature(*p).map(|sig| (*p, sig)),
                _ => None,
            }) else {
                continue;
            };
            facts.signatures.push(signature(p, &sig, src));
        }
    }
}

/// `p`: the signature's paragraph. The export writes `signed` around the
/// paragraph's inlines and `hi` around the bold run, so the names of a bold
/// run are judged among its children, and a mention around the bold run
/// (`signed/persName/hi`) among the paragraph's.
fn signature(p: Node, view: &view::SignatureView, src: &str) -> Signature {
    let strong = view.strong;
    let bare = match (view.mention, view::inlines(strong).as_slice()) {
        (None, [Inline::Text(t)]) => {
            let s = text(*t, src);
            let start = t.start_byte() + (s.len() - s.trim_start().len());
            Some(start..t.start_byte() + s.trim_end().len())
        }
        _ => None,
    }
    .filter(|r| !r.is_empty());
    let mut sig = Signature {
        span: view.outer.byte_range(),
        text: plain_text(view.outer, src).into(),
        bare,
        named: false,
        problems: Vec::new(),
    };
    let container = if view.mention.is_some() { p } else { strong };
    level(container, src, &mut sig, 0);
    sig
}

/// A child of a TEI element: text (adjacent pieces are one node), a note,
/// or another element.
enum Sibling<'t> {
    Text {
        span: Span,
        text: String,
    },
    Note,
    Element {
        node: Node<'t>,
        what: What,
        /// Its string value, white space folded.
        string: String,
        /// The node holding its inline content, to look for names in it.
        content: Option<Node<'t>>,
    },
}

#[derive(PartialEq, Eq)]
enum What {
    Person(String),
    Italics,
    Other,
}

impl Sibling<'_> {
    /// `normalize-space(.)` of the node.
    fn string(&self) -> String {
        match self {
            Sibling::Text { text, .. } => normalize_space(text),
            Sibling::Note => String::new(),
            Sibling::Element { string, .. } => string.clone(),
        }
    }

    fn span(&self) -> Span {
        match self {
            Sibling::Text { span, .. } => span.clone(),
            Sibling::Note => 0..0,
            Sibling::Element { node, .. } => node.byte_range(),
        }
    }
}

/// The TEI children of an element whose inline content is `container`.
fn siblings<'t>(container: Node<'t>, src: &str, out: &mut Vec<Sibling<'t>>, depth: usize) {
    let push_text = |out: &mut Vec<Sibling<'t>>, span: Span, s: &str| match out.last_mut() {
        Some(Sibling::Text { span: at, text }) => {
            at.end = span.end;
            text.push_str(s);
        }
        _ => out.push(Sibling::Text {
            span,
            text: s.to_string(),
        }),
    };
    for inline in view::inlines(container) {
        let element = |node: Node<'t>, what, content| Sibling::Element {
            node,
            what,
            string: plain_text(node, src),
            content,
        };
        match inline {
            Inline::Text(n) | Inline::Error(n) => push_text(out, n.byte_range(), text(n, src)),
            Inline::Gap(r) => push_text(out, r.clone(), src.get(r).unwrap_or("")),
            Inline::Escape(n) => {
                push_text(out, n.byte_range(), text(n, src).get(1..).unwrap_or(""))
            }
            Inline::Editorial(n, content) => {
                let (start, end) = (n.start_byte(), n.end_byte());
                push_text(out, start..start + 1, "[");
                if let Some(c) = content.filter(|_| depth < MAX_DEPTH) {
                    siblings(c, src, out, depth + 1);
                }
                push_text(out, end.saturating_sub(1)..end, "]");
            }
            Inline::FootnoteRef(..) => out.push(Sibling::Note),
            Inline::PageBreak(n) | Inline::LineBreak(n) => out.push(Sibling::Element {
                node: n,
                what: What::Other,
                string: String::new(),
                content: None,
            }),
            Inline::Person(n, t, id) => {
                let id = id.map(|i| text(i, src).to_string()).unwrap_or_default();
                out.push(element(n, What::Person(id), t));
            }
            Inline::Term(n, t, _) | Inline::Explicit(n, t, _) | Inline::Styled(n, t, _) => {
                out.push(element(n, What::Other, t))
            }
            Inline::Emphasis(n) => out.push(element(n, What::Italics, Some(n))),
            Inline::Strong(n) => out.push(element(n, What::Other, Some(n))),
            Inline::DocumentPhrase(n)
            | Inline::DocumentsPhrase(n)
            | Inline::FootnotePhrase(n)
            | Inline::VolumePhrase(n) => out.push(element(n, What::Other, None)),
        }
    }
}

/// `^\p{P}*$` on the folded string.
pub(super) fn punctuation_only(s: &str) -> bool {
    s.chars().all(is_punctuation)
}

/// Unicode general category P, for the scripts FRUS volumes are set in:
/// ASCII, Latin-1, General Punctuation, Supplemental Punctuation, and the
/// CJK and full-width marks.
fn is_punctuation(c: char) -> bool {
    matches!(c,
        '!' | '"' | '#' | '%' | '&' | '\'' | '(' | ')' | '*' | ',' | '-' | '.' | '/'
        | ':' | ';' | '?' | '@' | '[' | '\\' | ']' | '_' | '{' | '}'
        | '¡' | '§' | '«' | '¶' | '·' | '»' | '¿'
        | '\u{2010}'..='\u{2027}'
        | '\u{2030}'..='\u{2043}'
        | '\u{2045}'..='\u{2051}'
        | '\u{2053}'..='\u{205E}'
        | '\u{2E00}'..='\u{2E52}'
        | '\u{3001}'..='\u{3003}'
        | '\u{3008}'..='\u{3011}'
        | '\u{3014}'..='\u{301F}'
        | '\u{FF01}'..='\u{FF03}'
        | '\u{FF05}'..='\u{FF0A}'
        | '\u{FF0C}'..='\u{FF0F}'
        | '\u{FF1A}' | '\u{FF1B}' | '\u{FF1F}' | '\u{FF20}'
        | '\u{FF3B}'..='\u{FF3D}'
        | '\u{FF3F}' | '\u{FF5B}' | '\u{FF5D}')
}

/// Judges the names among the children of one element, then looks inside
/// its child elements for more.
fn level(container: Node, src: &str, sig: &mut Signature, depth: usize) {
    let mut sibs = Vec::new();
    siblings(container, src, &mut sibs, depth);
    for (i, s) in sibs.iter().enumerate() {
        let Sibling::Element {
            node,
            what: What::Person(id),
            ..
        } = s
        else {
            continue;
        };
        sig.named = true;
        let mut problem = |kind, span, text: String| {
            sig.problems.push(SignatureProblem {
                kind,
                span,
                text: text.into(),
                id: id.clone().into(),
            })
        };
        // S7: notes and blank nodes are passed over.
        let next = sibs[i + 1..]
            .iter()
            .find(|n| !matches!(n, Sibling::Note) && !n.string().is_empty());
        if let Some(n) = next {
            let italics = matches!(
                n,
                Sibling::Element {
                    what: What::Italics,
                    ..
                }
            );
            if !italics && !punctuation_only(&n.string()) {
                problem(SignatureProblemKind::TextAfter, n.span(), n.string());
            }
        }
        // S8: text nodes only; elements before the name do not count.
        let before = sibs[..i]
            .iter()
            .rev()
            .find(|n| matches!(n, Sibling::Text { .. }) && !n.string().is_empty());
        if let Some(b) = before {
            if !punctuation_only(&b.string()) {
                problem(SignatureProblemKind::TextBefore, b.span(), b.string());
            }
        }
        // S9: the markup has no line break to set before italics.
        if let Some(it) = sibs[i + 1..].iter().find(|n| {
            matches!(
                n,
                Sibling::Element {
                    what: What::Italics,
                    ..
                }
            )
        }) {
            problem(SignatureProblemKind::ItalicsAfter, it.span(), it.string());
        }
        // S10, reported at the later name.
        if sibs[..i].iter().any(|n| {
            matches!(
                n,
                Sibling::Element {
                    what: What::Person(_),
                    ..
                }
            )
        }) {
            problem(
                SignatureProblemKind::SecondName,
                node.byte_range(),
                s.string(),
            );
        }
    }
    if depth >= MAX_DEPTH {
        return;
    }
    for s in &sibs {
        if let Sibling::Element {
            content: Some(c), ..
        } = s
        {
            level(*c, src, sig, depth + 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::facts::extract;
    use crate::syntax::parse_tree as parse;

    fn signatures(last: &str) -> Vec<(String, bool, usize)> {
        let src = format!("# 5. Memorandum\n\nText.\n\n{last}\n\n[^2]: Printed from a copy that bears these initials.\n");
        let facts = extract(&parse(&src), &src);
        facts
            .signatures
            .iter()
            .map(|s| (src[s.span.clone()].to_string(), s.named, s.problems.len()))
            .collect()
    }

    #[test]
    fn a_mention_around_the_bold_name_is_a_named_signature() {
        assert_eq!(
            signatures("[**JFD**]{@DJF1}[^2]"),
            [("[**JFD**]{@DJF1}".to_string(), true, 0)]
        );
        assert_eq!(
            signatures("**JFD**[^2]"),
            [("**JFD**".to_string(), false, 0)]
        );
        // Anything beside the mention makes the paragraph no signature.
        assert_eq!(signatures("[**JFD**]{@DJF1}, Secretary"), []);
        assert_eq!(signatures("[*JFD*]{@DJF1}"), []);
    }
}
