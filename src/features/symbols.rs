//! Document symbols (the outline of a file) and workspace symbols
//! (documents by number and title, persons by name).

use super::Location;
use crate::facts::{ScopeKind, Span};
use crate::index::Workspace;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SymbolKind {
    Document,
    Division,
    Section,
    Footnote,
    Person,
    Term,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    pub detail: String,
    pub kind: SymbolKind,
    /// The whole construct.
    pub span: Span,
    /// What to select when the symbol is chosen.
    pub selection: Span,
    pub children: Vec<Symbol>,
}

fn short(text: &str, max: usize) -> String {
    let mut out: String = text.chars().take(max).collect();
    if text.chars().count() > max {
        out = format!("{}…", out.trim_end());
    }
    out
}

/// The outline of one file: documents and divisions, with their parts,
/// footnotes and register entries inside.
pub fn document_symbols(ws: &Workspace, file: usize) -> Vec<Symbol> {
    let facts = &ws.files[file].facts;
    let mut out = Vec::new();
    for (scope_index, scope) in facts.scopes.iter().enumerate() {
        let mut children: Vec<Symbol> = Vec::new();
        children.extend(
            facts
                .sections
                .iter()
                .filter(|s| s.scope == scope_index)
                .map(|s| Symbol {
                    name: s.title.to_string(),
                    detail: String::new(),
                    kind: SymbolKind::Section,
                    span: s.span.clone(),
                    selection: s.heading_span.clone(),
                    children: Vec::new(),
                }),
        );
        children.extend(facts.footnotes_in(scope_index).map(|f| Symbol {
            name: format!("[^{}]", f.label),
            detail: short(&f.text, 60),
            kind: SymbolKind::Footnote,
            span: f.span.clone(),
            selection: f.label_span.clone(),
            children: Vec::new(),
        }));
        let in_scope = |span: &Span| scope.span.start <= span.start && span.end <= scope.span.end;
        if scope_index != 0 || !matches!(scope.kind, ScopeKind::Preamble) {
            children.extend(
                facts
                    .persons
                    .iter()
                    .filter(|e| in_scope(&e.span))
                    .map(|e| Symbol {
                        name: e.name.clone().unwrap_or_else(|| e.id.clone()).to_string(),
                        detail: e.id.to_string(),
                        kind: SymbolKind::Person,
                        span: e.span.clone(),
                        selection: e.id_span.clone(),
                        children: Vec::new(),
                    }),
            );
            children.extend(
                facts
                    .terms
                    .iter()
                    .filter(|e| in_scope(&e.span))
                    .map(|e| Symbol {
                        name: e.id.to_string(),
                        detail: short(&e.description, 60),
                        kind: SymbolKind::Term,
                        span: e.span.clone(),
                        selection: e.id_span.clone(),
                        children: Vec::new(),
                    }),
            );
        }
        children.sort_by_key(|c| c.span.start);
        match scope.kind {
            ScopeKind::Document(i) => {
                let d = &facts.documents[i];
                out.push(Symbol {
                    name: format!("{}. {}", d.number, d.title),
                    detail: d
                        .dateline
                        .as_ref()
                        .map(|l| l.text.clone())
                        .unwrap_or_default()
                        .to_string(),
                    kind: SymbolKind::Document,
                    span: d.span.clone(),
                    selection: d.heading_span.clone(),
                    children,
                });
            }
            ScopeKind::Division(i) => {
                let d = &facts.divisions[i];
                out.push(Symbol {
                    name: d.title.to_string(),
                    detail: String::new(),
                    kind: SymbolKind::Division,
                    span: d.span.clone(),
                    selection: d.heading_span.clone(),
                    children,
                });
            }
            ScopeKind::Preamble => out.extend(children),
        }
    }
    out
}

/// A symbol anywhere in the workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkspaceSymbol {
    pub name: String,
    pub kind: SymbolKind,
    pub location: Location,
    /// The volume it belongs to.
    pub container: String,
}

/// At most this many workspace symbols answer a query.
const MAX_RESULTS: usize = 200;

/// Documents whose number or title, and persons whose name or id, contain
/// every word of the query (case ignored).
pub fn workspace_symbols(ws: &Workspace, query: &str) -> Vec<WorkspaceSymbol> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    let matches = |hay: &str| {
        let hay = hay.to_lowercase();
        words.iter().all(|w| hay.contains(w.as_str()))
    };
    let mut out = Vec::new();
    for volume in &ws.volumes {
        for r in &volume.documents {
            let d = &ws.files[r.file].facts.documents[r.doc];
            let name = format!("Document {}: {}", d.number, d.title);
            if matches(&name) {
                out.push(WorkspaceSymbol {
                    name,
                    kind: SymbolKind::Document,
                    location: Location::new(r.file, d.heading_span.clone()),
                    container: volume.id.clone(),
                });
            }
        }
        let mut ids: Vec<&String> = volume.persons.keys().collect();
        ids.sort();
        for id in ids {
            let Some(r) = volume.persons[id].first() else {
                continue;
            };
            let e = &ws.files[r.file()].facts.persons[r.index()];
            let name = format!("{} ({id})", e.name.as_deref().unwrap_or(id));
            if matches(&name) {
                out.push(WorkspaceSymbol {
                    name,
                    kind: SymbolKind::Person,
                    location: Location::new(r.file(), e.id_span.clone()),
                    container: volume.id.clone(),
                });
            }
        }
        if out.len() >= MAX_RESULTS {
            break;
        }
    }
    out.truncate(MAX_RESULTS);
    out
}
