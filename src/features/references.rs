//! Find references: every place that names the same footnote, document,
//! person or term.

use super::definition::declarations;
use super::{at, entity, Entity, Location, Register};
use crate::facts::Target;
use crate::index::{FootnoteRef, Resolution, Workspace};

pub fn references(
    ws: &Workspace,
    file: usize,
    offset: usize,
    include_declaration: bool,
) -> Vec<Location> {
    let Some(found) = at(ws, file, offset).and_then(|a| entity(ws, file, a)) else {
        return Vec::new();
    };
    let mut out = uses(ws, &found);
    if include_declaration {
        out.extend(declarations(ws, &found));
    }
    out.sort();
    out.dedup();
    out
}

/// Every place that refers to an entity (its declarations excluded).
pub fn uses(ws: &Workspace, entity: &Entity) -> Vec<Location> {
    let mut out = Vec::new();
    match entity {
        Entity::Footnote {
            file,
            scope,
            label,
            def,
        } => {
            let facts = &ws.files[*file].facts;
            out.extend(
                facts
                    .footnote_refs
                    .iter()
                    .filter(|r| r.scope == *scope && r.label == *label)
                    .map(|r| Location::new(*file, r.span.clone())),
            );
            if let Some(d) = def {
                let wanted = Resolution::Footnote(FootnoteRef {
                    file: *file,
                    index: *d,
                });
                out.extend(references_resolving_to(ws, &wanted, true));
            }
        }
        Entity::Document(d) => {
            out.extend(references_resolving_to(
                ws,
                &Resolution::Document(*d),
                false,
            ));
        }
        Entity::Volume(v) => {
            out.extend(references_resolving_to(ws, &Resolution::Volume(*v), false));
        }
        Entity::Page(p) => {
            out.extend(references_resolving_to(ws, &Resolution::Page(*p), false));
        }
        Entity::Person { volume, id } => {
            out.extend(mentions(ws, Register::Persons, *volume, id));
        }
        Entity::Term { volume, id } => {
            out.extend(mentions(ws, Register::Terms, *volume, id));
        }
    }
    out
}

/// References anywhere in the workspace that resolve to `wanted`.
fn references_resolving_to(
    ws: &Workspace,
    wanted: &Resolution,
    footnotes_only: bool,
) -> Vec<Location> {
    let mut out = Vec::new();
    for (f, file) in ws.files.iter().enumerate() {
        for r in &file.facts.references {
            if footnotes_only && !matches!(r.target, Target::Footnote { .. }) {
                continue;
            }
            if ws.resolve(f, r) == *wanted {
                out.push(Location::new(f, r.span.clone()));
            }
        }
    }
    out
}

fn mentions(ws: &Workspace, register: Register, volume: usize, id: &str) -> Vec<Location> {
    register
        .mentions(ws, volume, id)
        .map(|(file, m)| Location::new(file, m.span.clone()))
        .collect()
}
