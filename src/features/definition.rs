//! Go to definition: from a reference, mention or footnote marker to what
//! it names.

use super::{at, entity, Entity, Location};
use crate::index::Workspace;

/// Where the thing at `offset` is defined: a footnote's definition, a
/// document's heading (in whatever file), a register entry, a volume's
/// `volume.emd`.
pub fn definition(ws: &Workspace, file: usize, offset: usize) -> Vec<Location> {
    let Some(found) = at(ws, file, offset).and_then(|a| entity(ws, file, a)) else {
        return Vec::new();
    };
    declarations(ws, &found)
}

/// The defining places of an entity.
pub fn declarations(ws: &Workspace, entity: &Entity) -> Vec<Location> {
    match entity {
        Entity::Footnote {
            file, def: Some(d), ..
        } => vec![Location::new(
            *file,
            ws.files[*file].facts.footnotes[*d].label_span.clone(),
        )],
        Entity::Footnote { def: None, .. } => Vec::new(),
        Entity::Document(d) => {
            let doc = &ws.files[d.file].facts.documents[d.doc];
            vec![Location::new(d.file, doc.heading_span.clone())]
        }
        Entity::Person { volume, id } => entries(ws, *volume, id, true),
        Entity::Term { volume, id } => entries(ws, *volume, id, false),
        Entity::Volume(v) => {
            let volume = &ws.volumes[*v];
            let file = volume.volume_file.or_else(|| volume.files.first().copied());
            file.map(|f| {
                let span = ws.files[f]
                    .facts
                    .divisions
                    .first()
                    .map_or(0..0, |d| d.heading_span.clone());
                vec![Location::new(f, span)]
            })
            .unwrap_or_default()
        }
    }
}

fn entries(ws: &Workspace, volume: usize, id: &str, persons: bool) -> Vec<Location> {
    let v = &ws.volumes[volume];
    let table = if persons { &v.persons } else { &v.terms };
    table
        .get(id)
        .map(|refs| {
            refs.iter()
                .map(|r| {
                    let facts = &ws.files[r.file].facts;
                    let e = if persons {
                        &facts.persons[r.index]
                    } else {
                        &facts.terms[r.index]
                    };
                    Location::new(r.file, e.id_span.clone())
                })
                .collect()
        })
        .unwrap_or_default()
}
