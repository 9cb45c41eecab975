//! Semantic tokens: mentions and references, which a grammar-only
//! highlighter cannot tell from text (the natural references are plain
//! words to it).

use crate::facts::Span;
use crate::index::{Resolution, Workspace};

/// Token types, in the order of the legend the server announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TokenType {
    /// A person mention's id.
    Person,
    /// A term mention's id.
    Term,
    /// A reference to a document, footnote or volume.
    Reference,
    /// A footnote marker `[^3]`.
    Footnote,
    /// A page break.
    Page,
}

impl TokenType {
    pub const LEGEND: [TokenType; 5] = [
        TokenType::Person,
        TokenType::Term,
        TokenType::Reference,
        TokenType::Footnote,
        TokenType::Page,
    ];
}

/// Modifiers: the reference does not resolve.
pub const MODIFIER_UNRESOLVED: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub kind: TokenType,
    pub modifiers: u32,
}

pub fn tokens(ws: &Workspace, file: usize) -> Vec<Token> {
    let facts = &ws.files[file].facts;
    let mut out: Vec<Token> = Vec::new();
    let volume = &ws.volumes[ws.files[file].volume];
    for m in &facts.person_mentions {
        let modifiers =
            u32::from(!volume.persons.contains_key(m.id.as_str())) * MODIFIER_UNRESOLVED;
        out.push(Token {
            span: m.span.clone(),
            kind: TokenType::Person,
            modifiers,
        });
    }
    for m in &facts.term_mentions {
        let modifiers = u32::from(!volume.terms.contains_key(m.id.as_str())) * MODIFIER_UNRESOLVED;
        out.push(Token {
            span: m.span.clone(),
            kind: TokenType::Term,
            modifiers,
        });
    }
    for r in &facts.footnote_refs {
        out.push(Token {
            span: r.span.clone(),
            kind: TokenType::Footnote,
            modifiers: 0,
        });
    }
    for p in &facts.page_breaks {
        out.push(Token {
            span: p.span.clone(),
            kind: TokenType::Page,
            modifiers: 0,
        });
    }
    for r in &facts.references {
        let resolved = matches!(
            ws.resolve(file, r),
            Resolution::Document(_)
                | Resolution::Footnote(_)
                | Resolution::Page(_)
                | Resolution::Volume(_)
                | Resolution::OutsideWorkspace(_)
        );
        out.push(Token {
            span: r.span.clone(),
            kind: TokenType::Reference,
            modifiers: if resolved { 0 } else { MODIFIER_UNRESOLVED },
        });
    }
    // Tokens may not overlap: keep the first of those that start at the same
    // place (ranges give one reference per document) and drop any that starts
    // inside an earlier one (a reference inside a mention's text).
    out.sort_by_key(|t| (t.span.start, std::cmp::Reverse(t.span.end)));
    let mut kept: Vec<Token> = Vec::with_capacity(out.len());
    for t in out {
        if kept.last().is_some_and(|k| t.span.start < k.span.end) {
            continue;
        }
        kept.push(t);
    }
    kept
}
