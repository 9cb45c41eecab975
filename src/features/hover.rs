//! Hover: a short Markdown note on the person, term, document, footnote or
//! volume under the cursor.

use super::{at, entity, At, Entity};
use crate::facts::{ScopeKind, Span};
use crate::index::{DocRef, Resolution, Workspace};
use std::collections::HashSet;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hover {
    pub markdown: String,
    /// The construct the note is about.
    pub span: Span,
}

pub fn hover(ws: &Workspace, file: usize, offset: usize) -> Option<Hover> {
    let found = at(ws, file, offset)?;
    let facts = &ws.files[file].facts;
    let span = match found {
        At::FootnoteRef(i) => facts.footnote_refs[i].span.clone(),
        At::FootnoteDef(i) => facts.footnotes[i].label_span.clone(),
        At::Reference(i) => {
            let r = &facts.references[i];
            r.element.clone().unwrap_or_else(|| r.span.clone())
        }
        At::PersonMention(i) => facts.person_mentions[i].span.clone(),
        At::TermMention(i) => facts.term_mentions[i].span.clone(),
        At::PersonEntry(i) => facts.persons[i].id_span.clone(),
        At::TermEntry(i) => facts.terms[i].id_span.clone(),
        At::DocumentHeading(i) => facts.documents[i].number_span.clone(),
    };
    let markdown = match entity(ws, file, found) {
        Some(e) => describe(ws, &e, found),
        None => unresolved(ws, file, found)?,
    };
    Some(Hover { markdown, span })
}

fn describe(ws: &Workspace, entity: &Entity, found: At) -> String {
    match entity {
        Entity::Page(p) => {
            let page = &ws.files[p.file].facts.page_breaks[p.index];
            let number = crate::facts::page_number_of(&page.label);
            let document = match ws.files[p.file]
                .facts
                .scopes
                .get(page.scope)
                .map(|s| s.kind)
            {
                Some(ScopeKind::Document(i)) => {
                    format!(
                        ", in Document {}",
                        ws.files[p.file].facts.documents[i].number
                    )
                }
                _ => String::new(),
            };
            format!("**Page {number}** of the printed volume{document}.")
        }
        Entity::Person { volume, id } => person(ws, *volume, id),
        Entity::Term { volume, id } => term(ws, *volume, id),
        Entity::Document(d) => {
            let mut text = document(ws, *d);
            if matches!(found, At::DocumentHeading(_)) {
                let uses = super::references::uses(ws, entity).len();
                text.push_str(&format!(
                    "\n\nReferred to {} in the workspace.",
                    times(uses)
                ));
            }
            text
        }
        Entity::Footnote {
            file,
            scope,
            label,
            def,
        } => {
            let facts = &ws.files[*file].facts;
            let owner = match facts.scopes.get(*scope).map(|s| s.kind) {
                Some(ScopeKind::Document(i)) => format!(", Document {}", facts.documents[i].number),
                _ => String::new(),
            };
            match def {
                Some(d) => format!(
                    "**Footnote {label}{owner}**\n\n{}",
                    facts.footnotes[*d].text
                ),
                None => format!("**Footnote {label}{owner}** is not defined."),
            }
        }
        Entity::Volume(v) => {
            let volume = &ws.volumes[*v];
            let title = volume
                .volume_file
                .and_then(|f| ws.files[f].facts.divisions.first())
                .map(|d| d.title.clone())
                .unwrap_or_default();
            format!(
                "**Volume {}**\n\n{}\n\n{} documents in the workspace.",
                volume.id,
                title,
                volume.documents.len()
            )
        }
    }
}

fn times(n: usize) -> String {
    match n {
        1 => "once".to_string(),
        2 => "twice".to_string(),
        n => format!("{n} times"),
    }
}

fn person(ws: &Workspace, volume: usize, id: &str) -> String {
    let v = &ws.volumes[volume];
    let Some(r) = v.persons.get(id).and_then(|r| r.first()) else {
        return format!("Person `{id}` is not in the register of volume {}.", v.id);
    };
    let entry = &ws.files[r.file()].facts.persons[r.index()];
    let name = entry.name.clone().unwrap_or_else(|| id.to_string().into());
    let documents: HashSet<(usize, usize)> = v
        .person_mentions
        .get(id)
        .into_iter()
        .flatten()
        .filter_map(|m| {
            let facts = &ws.files[m.file()].facts;
            let scope = facts.person_mentions[m.index()].scope as usize;
            matches!(facts.scopes[scope].kind, ScopeKind::Document(_)).then_some((m.file(), scope))
        })
        .collect();
    let mentioned = match documents.len() {
        0 => "Not mentioned in any document.".to_string(),
        1 => "Mentioned in 1 document.".to_string(),
        n => format!("Mentioned in {n} documents."),
    };
    if entry.description.is_empty() {
        format!("**{name}**\n\n{mentioned}")
    } else {
        format!("**{name}**\n\n{}\n\n{mentioned}", entry.description)
    }
}

fn term(ws: &Workspace, volume: usize, id: &str) -> String {
    let v = &ws.volumes[volume];
    match v.terms.get(id).and_then(|r| r.first()) {
        Some(r) => {
            let entry = &ws.files[r.file()].facts.terms[r.index()];
            format!("**{id}**: {}", entry.description)
        }
        None => format!("Term `{id}` is not in the register of volume {}.", v.id),
    }
}

/// Number, title, dateline and the first sentence of the source note.
fn document(ws: &Workspace, d: DocRef) -> String {
    let facts = &ws.files[d.file].facts;
    let doc = &facts.documents[d.doc];
    let mut out = format!("**Document {}.** {}", doc.number, doc.title);
    let volume = &ws.volumes[ws.files[d.file].volume];
    if let Some(line) = &doc.dateline {
        out.push_str(&format!("\n\n{}", line.text));
    }
    if let Some(source) = facts
        .footnotes_in(doc.scope)
        .find_map(|f| f.source.as_ref())
    {
        out.push_str(&format!("\n\n*Source:* {}.", source.citation));
    }
    out.push_str(&format!("\n\n{}", volume.id));
    out
}

/// Hovers on references that do not resolve say why.
fn unresolved(ws: &Workspace, file: usize, found: At) -> Option<String> {
    let At::Reference(i) = found else {
        return None;
    };
    let reference = &ws.files[file].facts.references[i];
    Some(match ws.resolve(file, reference) {
        Resolution::OutsideWorkspace(id) => {
            format!("**Volume {id}**: a published FRUS volume that is not in the workspace.")
        }
        Resolution::UnknownVolume(id) => {
            format!("**{id}** is neither in the workspace nor a published FRUS volume.")
        }
        Resolution::UnknownDocument { volume, document } => {
            format!("{} is not in volume {volume}.", document.describe())
        }
        Resolution::UnknownFootnote {
            document_name,
            footnote,
            ..
        } => format!("{document_name} has no footnote {footnote}."),
        Resolution::Placeholder => "An unfinished reference: fill in the number.".to_string(),
        _ => return None,
    })
}
