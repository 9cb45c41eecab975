//! Go to definition: from a reference, mention or footnote marker to what
//! it names.

use super::{at, entity, Entity, Location, Register};
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
        Entity::Page(p) => {
            let page = &ws.files[p.file].facts.page_breaks[p.index];
            vec![Location::new(p.file, page.span.clone())]
        }
        Entity::Person { volume, id } => entries(ws, Register::Persons, *volume, id),
        Entity::Term { volume, id } => entries(ws, Register::Terms, *volume, id),
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

fn entries(ws: &Workspace, register: Register, volume: usize, id: &str) -> Vec<Location> {
    register
        .entries(ws, volume, id)
        .map(|(file, e)| Location::new(file, e.id_span.clone()))
        .collect()
}
