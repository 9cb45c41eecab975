//! Folding ranges: documents, divisions, parts, and blocks of footnotes.

use crate::facts::Span;
use crate::index::Workspace;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FoldKind {
    Region,
    Footnotes,
}

/// 0-based first and last line of a fold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fold {
    pub start_line: u32,
    pub end_line: u32,
    pub kind: FoldKind,
}

pub fn folding_ranges(ws: &Workspace, file: usize) -> Vec<Fold> {
    let f = &ws.files[file];
    let facts = &f.facts;
    let text = f.load_text().unwrap_or_default();
    // The last line with text in a span (spans end after trailing blanks).
    let last_line = |span: &Span| {
        let text = text.get(span.clone()).unwrap_or("");
        let end = span.start + text.trim_end().len();
        f.lines.line_of(end.saturating_sub(1).max(span.start))
    };
    let mut out = Vec::new();
    let mut push = |span: &Span, kind| {
        let start = f.lines.line_of(span.start);
        let end = last_line(span);
        if end > start {
            out.push(Fold {
                start_line: start,
                end_line: end,
                kind,
            });
        }
    };
    for d in &facts.documents {
        push(&d.span, FoldKind::Region);
    }
    for d in &facts.divisions {
        push(&d.span, FoldKind::Region);
    }
    for s in &facts.sections {
        push(&s.span, FoldKind::Region);
    }
    // Consecutive footnote definitions of a scope fold together.
    let mut block: Option<(usize, Span)> = None;
    for def in &facts.footnotes {
        block = match block {
            Some((scope, span)) if scope == def.scope && def.span.start <= span.end + 1 => {
                Some((scope, span.start..def.span.end))
            }
            Some((_, span)) => {
                push(&span, FoldKind::Footnotes);
                Some((def.scope, def.span.clone()))
            }
            None => Some((def.scope, def.span.clone())),
        };
    }
    if let Some((_, span)) = block {
        push(&span, FoldKind::Footnotes);
    }
    out.sort_by_key(|f| (f.start_line, f.end_line));
    out
}
