//! Rename a person or term id (register entry and every mention in the
//! volume) or a footnote label (definition, markers, and `footnote M,
//! Document N` elsewhere).

use super::{at, entity, references::uses, At, Entity, Location, Register};
use crate::facts::Span;
use crate::index::Workspace;

/// One replacement in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub file: usize,
    pub span: Span,
    pub text: String,
}

const REFUSAL: &str = "only person ids, term ids and footnote labels can be renamed: put the cursor on `{@ID}`, `[@ID]:`, `{=TERM}`, `[^n]` or `[^n]:`";

/// The span to rename at `offset` and its current text, or why nothing
/// there can be renamed.
pub fn prepare(ws: &Workspace, file: usize, offset: usize) -> Result<(Span, String), String> {
    let found = at(ws, file, offset).ok_or_else(|| REFUSAL.to_string())?;
    let facts = &ws.files[file].facts;
    let text = ws.files[file].load_text().unwrap_or_default();
    let span = match found {
        At::PersonMention(i) => facts.person_mentions[i].id_span.clone(),
        At::TermMention(i) => facts.term_mentions[i].id_span.clone(),
        At::PersonEntry(i) => facts.persons[i].id_span.clone(),
        At::TermEntry(i) => facts.terms[i].id_span.clone(),
        At::FootnoteDef(i) => facts.footnotes[i].label_span.clone(),
        At::FootnoteRef(i) => marker_label(&facts.footnote_refs[i].span),
        At::Reference(i) => {
            if entity(ws, file, found).is_some_and(|e| matches!(e, Entity::Footnote { .. })) {
                trailing_number(&text, &facts.references[i].span)
            } else {
                return Err(match entity(ws, file, found) {
                    Some(Entity::Document(_)) => {
                        "documents are not renamed: their numbers are their identity".to_string()
                    }
                    _ => REFUSAL.to_string(),
                });
            }
        }
        At::DocumentHeading(_) => {
            return Err("documents are not renamed: their numbers are their identity".to_string())
        }
    };
    let current = text.get(span.clone()).unwrap_or("").to_string();
    Ok((span, current))
}

/// The label inside `[^3]`.
fn marker_label(span: &Span) -> Span {
    span.start + 2..span.end.saturating_sub(1).max(span.start + 2)
}

/// The label at the end of `footnote 6` or of an explicit `#d236fn6` (the
/// reference's span ends there).
fn trailing_number(text: &str, span: &Span) -> Span {
    let slice = text.get(span.clone()).unwrap_or("");
    if slice.contains('#') {
        if let Some(at) = slice.rfind("fn") {
            return span.start + at + 2..span.end;
        }
    }
    let digits = slice.len()
        - slice
            .trim_end_matches(|c: char| c.is_ascii_alphanumeric())
            .len();
    span.end - digits..span.end
}

fn valid_label(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

/// The edits that rename the thing at `offset` to `new_name`.
pub fn rename(
    ws: &Workspace,
    file: usize,
    offset: usize,
    new_name: &str,
) -> Result<Vec<Edit>, String> {
    prepare(ws, file, offset)?;
    if !valid_label(new_name) {
        return Err(format!(
            "`{new_name}` is not a valid id: use letters, digits, `_`, `.` and `-`, starting with a letter or digit"
        ));
    }
    let found = at(ws, file, offset).ok_or_else(|| REFUSAL.to_string())?;
    let target = entity(ws, file, found).ok_or_else(|| REFUSAL.to_string())?;
    let mut edits = Vec::new();
    let edit = |loc: Location, span: Span| Edit {
        file: loc.file,
        span,
        text: new_name.to_string(),
    };
    match &target {
        Entity::Person { volume, id } | Entity::Term { volume, id } => {
            let register = match target {
                Entity::Person { .. } => Register::Persons,
                _ => Register::Terms,
            };
            if new_name != id && register.has(ws, *volume, new_name) {
                return Err(format!(
                    "`{new_name}` is already registered in volume {}",
                    ws.volumes[*volume].id
                ));
            }
            let entries = register
                .entries(ws, *volume, id)
                .map(|(file, e)| (file, e.id_span.clone()));
            let mentions = register
                .mentions(ws, *volume, id)
                .map(|(file, m)| (file, m.id_span.clone()));
            for (file, span) in entries.chain(mentions) {
                edits.push(Edit {
                    file,
                    span,
                    text: new_name.to_string(),
                });
            }
        }
        Entity::Footnote {
            file: f,
            scope,
            label,
            def,
        } => {
            let facts = &ws.files[*f].facts;
            if new_name != label && facts.footnotes_in(*scope).any(|d| d.label == new_name) {
                return Err(format!("footnote {new_name} already exists here"));
            }
            let in_prose: Vec<Location> = uses(ws, &target)
                .into_iter()
                .filter(|l| {
                    let text = ws.files[l.file].load_text().unwrap_or_default();
                    let slice = text.get(l.span.clone()).unwrap_or("");
                    !slice.starts_with("[^")
                })
                .collect();
            if !in_prose.is_empty() && !new_name.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!(
                    "footnote {label} is cited in prose (`footnote {label}`), so its new label must be a number"
                ));
            }
            if let Some(d) = def {
                edits.push(Edit {
                    file: *f,
                    span: facts.footnotes[*d].label_span.clone(),
                    text: new_name.to_string(),
                });
            }
            for l in uses(ws, &target) {
                let text = ws.files[l.file].load_text().unwrap_or_default();
                let slice = text.get(l.span.clone()).unwrap_or("");
                let span = if slice.starts_with("[^") {
                    marker_label(&l.span)
                } else {
                    trailing_number(&text, &l.span)
                };
                edits.push(edit(l, span));
            }
        }
        Entity::Document(_) | Entity::Volume(_) | Entity::Page(_) => {
            return Err(REFUSAL.to_string())
        }
    }
    edits.sort_by_key(|e| (e.file, e.span.start, e.span.end));
    edits.dedup();
    Ok(edits)
}
