//! The features' answers in the protocol's terms: the one place that knows
//! both, and the one owner of each legend the server announces.

use super::convert;
use super::store::uri_of;
use crate::analysis::{Analysis, Completion};
use crate::facts::Span;
use crate::features::{self, citations, completion, folding, semantic, symbols};
use crate::index::SourceFile;
use crate::line_index::ColumnUnit;
use crate::rules::{Code, Fix, Severity};
use std::collections::HashMap;
use tower_lsp_server::ls_types::*;

pub fn location(a: &Analysis, loc: &features::Location, unit: ColumnUnit) -> Option<Location> {
    let file = a.ws.files.get(loc.file)?;
    Some(Location::new(
        uri_of(&file.abs)?,
        convert::range(file, &loc.span, unit),
    ))
}

/// A file's diagnostics.
pub fn diagnostics(a: &Analysis, file: usize, unit: ColumnUnit) -> Vec<Diagnostic> {
    let f = &a.ws.files[file];
    let found = a.diagnostics(file);
    let ranges = convert::ranges(f, found.iter().map(|d| &d.span), unit);
    found
        .into_iter()
        .zip(ranges)
        .map(|(d, range)| Diagnostic {
            range,
            severity: Some(match d.severity {
                Severity::Error => DiagnosticSeverity::ERROR,
                Severity::Warning => DiagnosticSeverity::WARNING,
                Severity::Info => DiagnosticSeverity::INFORMATION,
                Severity::Hint => DiagnosticSeverity::HINT,
            }),
            code: Some(code(d.code)),
            source: Some("emend".to_string()),
            message: d.message,
            ..Diagnostic::default()
        })
        .collect()
}

fn code(c: Code) -> NumberOrString {
    NumberOrString::String(c.name().to_string())
}

/// One quick fix per fix the rules attached to a finding, tied to the
/// client's diagnostic of the same code and range.
pub fn code_actions(
    f: &SourceFile,
    uri: &Uri,
    fixes: Vec<(Code, Span, Fix)>,
    shown: &[Diagnostic],
    unit: ColumnUnit,
) -> Vec<CodeActionOrCommand> {
    fixes
        .into_iter()
        .map(|(c, span, fix)| {
            let fix_range = convert::range(f, &span, unit);
            let c = code(c);
            let diagnostics: Vec<Diagnostic> = shown
                .iter()
                .filter(|d| d.code.as_ref() == Some(&c) && d.range == fix_range)
                .cloned()
                .collect();
            let edits = fix
                .edits
                .into_iter()
                .map(|e| TextEdit {
                    range: convert::range(f, &e.span, unit),
                    new_text: e.new_text,
                })
                .collect();
            CodeActionOrCommand::CodeAction(CodeAction {
                title: fix.title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: (!diagnostics.is_empty()).then_some(diagnostics),
                edit: Some(WorkspaceEdit {
                    changes: Some(HashMap::from([(uri.clone(), edits)])),
                    ..WorkspaceEdit::default()
                }),
                is_preferred: Some(true),
                ..CodeAction::default()
            })
        })
        .collect()
}

pub fn hover(f: &SourceFile, h: features::hover::Hover, unit: ColumnUnit) -> Hover {
    Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: h.markdown,
        }),
        range: Some(convert::range(f, &h.span, unit)),
    }
}

/// Completions, each an edit of the cursor's line (see
/// [`convert::one_line_edit`]); None when there are none.
pub fn completion(
    f: &SourceFile,
    found: Completion,
    cursor: usize,
    unit: ColumnUnit,
) -> Option<CompletionResponse> {
    let items: Vec<CompletionItem> = match found {
        Completion::Citations(found) => found
            .items
            .into_iter()
            .filter_map(|item| {
                let (span, new_text) =
                    convert::one_line_edit(f, &found.replace, cursor, &item.insert_text)?;
                Some((item, convert::range(f, &span, unit), new_text))
            })
            .enumerate()
            .map(|(i, (item, range, new_text))| CompletionItem {
                label: item.label,
                kind: Some(match item.kind {
                    citations::complete::ItemKind::Archive => CompletionItemKind::FOLDER,
                    citations::complete::ItemKind::Classification
                    | citations::complete::ItemKind::Handling => CompletionItemKind::KEYWORD,
                    citations::complete::ItemKind::SourceLabel => CompletionItemKind::SNIPPET,
                }),
                detail: Some(item.detail),
                sort_text: Some(format!("{i:05}")),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit { range, new_text })),
                ..CompletionItem::default()
            })
            .collect(),
        Completion::Items(items) => items
            .into_iter()
            .filter_map(|i| {
                let (span, new_text) = convert::one_line_edit(f, &i.replace, cursor, &i.insert)?;
                Some((i, span, new_text))
            })
            .map(|(i, span, new_text)| CompletionItem {
                label: i.label,
                kind: Some(match i.kind {
                    completion::ItemKind::Person => CompletionItemKind::VARIABLE,
                    completion::ItemKind::Term => CompletionItemKind::ENUM_MEMBER,
                    completion::ItemKind::Footnote => CompletionItemKind::REFERENCE,
                    completion::ItemKind::Document => CompletionItemKind::FILE,
                    completion::ItemKind::Volume => CompletionItemKind::MODULE,
                }),
                detail: Some(i.detail),
                filter_text: Some(i.filter),
                sort_text: Some(i.sort),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                    range: convert::range(f, &span, unit),
                    new_text,
                })),
                ..CompletionItem::default()
            })
            .collect(),
    };
    Some(CompletionResponse::List(CompletionList {
        is_incomplete: true,
        items,
    }))
}

pub fn symbol_kind(kind: symbols::SymbolKind) -> SymbolKind {
    match kind {
        symbols::SymbolKind::Document => SymbolKind::MODULE,
        symbols::SymbolKind::Division => SymbolKind::NAMESPACE,
        symbols::SymbolKind::Section => SymbolKind::OBJECT,
        symbols::SymbolKind::Footnote => SymbolKind::NUMBER,
        symbols::SymbolKind::Person => SymbolKind::VARIABLE,
        symbols::SymbolKind::Term => SymbolKind::CONSTANT,
    }
}

#[allow(deprecated)]
pub fn document_symbol(f: &SourceFile, s: symbols::Symbol, unit: ColumnUnit) -> DocumentSymbol {
    DocumentSymbol {
        name: if s.name.is_empty() {
            "(untitled)".to_string()
        } else {
            s.name
        },
        detail: (!s.detail.is_empty()).then_some(s.detail),
        kind: symbol_kind(s.kind),
        tags: None,
        deprecated: None,
        range: convert::range(f, &s.span, unit),
        selection_range: convert::range(f, &s.selection, unit),
        children: Some(
            s.children
                .into_iter()
                .map(|c| document_symbol(f, c, unit))
                .collect(),
        ),
    }
}

#[allow(deprecated)]
pub fn workspace_symbol(
    a: &Analysis,
    s: &symbols::WorkspaceSymbol,
    unit: ColumnUnit,
) -> Option<SymbolInformation> {
    Some(SymbolInformation {
        name: s.name.clone(),
        kind: symbol_kind(s.kind),
        tags: None,
        deprecated: None,
        location: location(a, &s.location, unit)?,
        container_name: Some(s.container.clone()),
    })
}

pub fn folding_range(f: folding::Fold) -> FoldingRange {
    FoldingRange {
        start_line: f.start_line,
        end_line: f.end_line,
        kind: Some(match f.kind {
            folding::FoldKind::Region => FoldingRangeKind::Region,
            folding::FoldKind::Footnotes => FoldingRangeKind::Comment,
        }),
        ..FoldingRange::default()
    }
}

/// The protocol's name of a token type.
fn token_type(kind: semantic::TokenType) -> SemanticTokenType {
    match kind {
        semantic::TokenType::Person => SemanticTokenType::VARIABLE,
        semantic::TokenType::Term => SemanticTokenType::ENUM_MEMBER,
        semantic::TokenType::Reference => SemanticTokenType::MACRO,
        semantic::TokenType::Footnote => SemanticTokenType::NUMBER,
        semantic::TokenType::Page => SemanticTokenType::COMMENT,
    }
}

/// Token modifiers by bit: `semantic::MODIFIER_UNRESOLVED` is bit 0.
const MODIFIERS: [&str; 1] = ["unresolved"];

/// The legend the server announces: the token types in the order of
/// [`semantic::TokenType::LEGEND`], whose positions the tokens carry.
pub fn semantic_legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: semantic::TokenType::LEGEND.map(token_type).to_vec(),
        token_modifiers: MODIFIERS.map(SemanticTokenModifier::new).to_vec(),
    }
}

/// Tokens relative to the one before, split at line ends (a token may not
/// cross a line).
pub fn semantic_tokens(
    f: &SourceFile,
    tokens: Vec<semantic::Token>,
    unit: ColumnUnit,
) -> SemanticTokens {
    let mut data = Vec::with_capacity(tokens.len());
    let (mut prev_line, mut prev_col) = (0u32, 0u32);
    let text = f.load_text().unwrap_or_default();
    for t in tokens {
        let kind = semantic::TokenType::LEGEND
            .iter()
            .position(|k| *k == t.kind)
            .unwrap_or(0) as u32;
        let mut start = t.span.start;
        while start < t.span.end {
            let line = f.lines.line_of(start);
            let line_end = f
                .lines
                .line_start(line + 1)
                .unwrap_or(text.len())
                .min(t.span.end);
            let piece = text.get(start..line_end).unwrap_or("");
            let piece_end = start + piece.trim_end_matches(['\n', '\r']).len();
            let from = convert::position_in(f, &text, start, unit);
            let to = convert::position_in(f, &text, piece_end, unit);
            if to.character > from.character {
                let delta_line = from.line - prev_line;
                let delta_start = if delta_line == 0 {
                    from.character - prev_col
                } else {
                    from.character
                };
                data.push(SemanticToken {
                    delta_line,
                    delta_start,
                    length: to.character - from.character,
                    token_type: kind,
                    token_modifiers_bitset: t.modifiers,
                });
                prev_line = from.line;
                prev_col = from.character;
            }
            if line_end <= start {
                break;
            }
            start = line_end;
        }
    }
    SemanticTokens {
        result_id: None,
        data,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_legend_names_each_token_type_once_and_the_unresolved_bit() {
        let legend = semantic_legend();
        assert_eq!(legend.token_types.len(), semantic::TokenType::LEGEND.len());
        for (i, t) in legend.token_types.iter().enumerate() {
            assert!(!legend.token_types[..i].contains(t), "{t:?} twice");
        }
        assert_eq!(semantic::MODIFIER_UNRESOLVED, 1 << 0);
        assert_eq!(legend.token_modifiers[0].as_str(), "unresolved");
    }
}
