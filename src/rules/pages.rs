//! page-order: page breaks of a volume must increase and not repeat.
//! page-break-position: a break at the very start or end of the element
//! the export writes around it (FRUS's Schematron F56, F57).

use super::FileContext;
use super::{location, Code, Edit, Fix, Sink};
use crate::facts::{BreakEdge, PageNumber, ScopeKind};
use crate::index::layout::ScopeAt;
use crate::index::{number_key, SourceFile, Workspace};

struct Seen {
    value: u32,
    label: String,
    file: usize,
    offset: usize,
}

/// page-order, across the volume.
pub(super) fn check(ws: &Workspace, volume: usize, sink: &mut Sink) {
    order(ws, volume, sink);
}

/// page-break-position, in one file.
pub(super) fn check_file(source: &SourceFile, file: usize, _: &FileContext, sink: &mut Sink) {
    for p in &source.facts.page_breaks {
        for edge in &p.edges {
            position(file, p, edge, sink);
        }
    }
}

fn position(file: usize, p: &crate::facts::PageBreak, edge: &BreakEdge, sink: &mut Sink) {
    let (end, place) = if edge.at_start {
        ("starts", "before")
    } else {
        ("ends", "after")
    };
    let message = format!(
        "[Page {}] {end} its {} with nothing {place} it; FRUS sets a page break inside an element only between its words: move it {place} the {}",
        p.label, edge.container, edge.container
    );
    match &edge.moved {
        Some((span, new_text)) => sink.push_fixed(
            file,
            p.span.clone(),
            Code::PageBreakPosition,
            message,
            Fix {
                title: format!("Move [Page {}] {place} the {}", p.label, edge.container),
                edits: vec![Edit {
                    span: span.clone(),
                    new_text: new_text.clone(),
                }],
            },
        ),
        None => sink.push(file, p.span.clone(), Code::PageBreakPosition, message),
    }
}

fn order(ws: &Workspace, volume: usize, sink: &mut Sink) {
    let v = &ws.volumes[volume];
    // Page breaks in reading order: first what stands outside the volume's
    // documents and divisions (the text before a file's first heading),
    // file by file; then the documents and divisions in the order the
    // export writes them, a chapter's heading before what it holds. Path
    // order would put `comp2/ch4/chapter.emd` before `comp2/chapter.emd`.
    let laid_out = v.layout.scopes_in_order();
    let placed: crate::hash::Set<(usize, usize)> =
        laid_out.iter().map(|at| (at.file, at.scope)).collect();
    let mut ordered: Vec<(usize, &crate::facts::PageBreak)> = Vec::new();
    for &file in &v.files {
        let facts = &ws.files[file].facts;
        ordered.extend(
            facts
                .page_breaks
                .iter()
                .filter(|p| !placed.contains(&(file, p.scope)))
                .filter(|p| !matches!(facts.scopes[p.scope].kind, ScopeKind::Document(_)))
                .map(|p| (file, p)),
        );
    }
    for ScopeAt { file, scope } in laid_out {
        if let Some(facts) = ws.files.get(file).map(|f| &f.facts) {
            ordered.extend(
                crate::facts::in_scope(&facts.page_breaks, scope)
                    .iter()
                    .map(|p| (file, p)),
            );
        }
    }
    // Documents the layout does not place, in the order of their numbers.
    let mut docs: Vec<_> = v
        .documents
        .iter()
        .filter(|r| {
            let facts = &ws.files[r.file].facts;
            !placed.contains(&(r.file, facts.documents[r.doc].scope))
        })
        .collect();
    docs.sort_by_key(|r| {
        let d = &ws.files[r.file].facts.documents[r.doc];
        (number_key(&d.number), r.file, d.span.start)
    });
    for r in docs {
        let facts = &ws.files[r.file].facts;
        let scope = facts.documents[r.doc].scope;
        ordered.extend(
            crate::facts::in_scope(&facts.page_breaks, scope)
                .iter()
                .map(|p| (r.file, p)),
        );
    }

    let mut last_arabic: Option<Seen> = None;
    let mut last_roman: Option<Seen> = None;
    for (file, p) in ordered {
        let (value, last) = match p.number {
            PageNumber::Arabic(n) => (n, &mut last_arabic),
            PageNumber::Roman(n) => (n, &mut last_roman),
            // Covers and inserts stand outside the sequences.
            PageNumber::Lettered(..) | PageNumber::Unreadable => continue,
        };
        if let Some(prev) = last.as_ref() {
            if value == prev.value {
                sink.push(
                    file,
                    p.span.clone(),
                    Code::PageOrder,
                    format!(
                        "page {} begins twice (also at {})",
                        p.label,
                        location(ws, prev.file, prev.offset)
                    ),
                );
            } else if value < prev.value {
                sink.push(
                    file,
                    p.span.clone(),
                    Code::PageOrder,
                    format!(
                        "page {} comes after page {} ({}); page numbers must increase",
                        p.label,
                        prev.label,
                        location(ws, prev.file, prev.offset)
                    ),
                );
                continue;
            }
        }
        *last = Some(Seen {
            value,
            label: p.label.to_string(),
            file,
            offset: p.span.start,
        });
    }
}
