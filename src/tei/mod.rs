//! FRUS TEI ↔ the edition markup: `emend import-tei` and `emend export-tei`.
//!
//! Import reads TEI with roxmltree (no DTD, no entities), builds a model of
//! each file (`import.rs`), writes it as markup (`render.rs`, with
//! `escape.rs`) and reads the markup back with the grammar to check that
//! references written as prose mean what the TEI's `ref` said. Export reads
//! a volume folder through the syntax layer's typed views (`export.rs`).
//! The choices are described in `docs/tei.md`.

mod date_range;
mod escape;
mod export;
pub mod ids;
mod images;
mod import;
mod model;
mod render;
mod verbatim;
mod warn;
mod xml_in;

pub use date_range::date_range;
pub use export::ExportError;
pub use verbatim::is_verbatim;
pub use warn::Warning;

use rayon::prelude::*;
use std::collections::HashSet;

/// A problem that stops an import: the TEI cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeiError {
    /// 1-based.
    pub line: u32,
    /// 1-based, in characters.
    pub column: u32,
    pub message: String,
}

/// The markup files of an imported volume, and the XML files that keep
/// what the markup has no place for.
#[derive(Debug, Clone)]
pub struct Imported {
    pub volume_id: String,
    /// Paths relative to the volume folder (`/`-separated), and texts;
    /// `volume.emd` first.
    pub files: Vec<(String, String)>,
    /// TEI refs written as explicit references because their text does not
    /// say what they point at.
    pub explicit_refs: usize,
    /// TEI refs written as prose.
    pub prose_refs: usize,
    pub warnings: Vec<Warning>,
}

/// Imports a FRUS TEI volume. `fallback_id` names the volume when the TEI
/// has no id.
pub fn import(xml: &str, fallback_id: &str) -> Result<Imported, TeiError> {
    let doc = xml_in::parse(xml)?;
    let text = xml_in::frus_text(&doc)?;
    let (volume, mut warnings) = import::read(&doc, xml, text, fallback_id)?;
    let mut files = vec![(
        crate::index::discover::VOLUME_FILE.to_string(),
        render::volume_file(&volume),
    )];
    let written: Vec<(String, String, usize, usize, Vec<String>)> = volume
        .files
        .par_iter()
        .map(|file| {
            let (text, explicit, prose, notes) = write_checked(file);
            (file.path.clone(), text, explicit, prose, notes)
        })
        .collect();
    let mut explicit_refs = 0;
    let mut prose_refs = 0;
    for (path, text, explicit, prose, notes) in written {
        for note in notes {
            warnings.push(Some(&path), 1, 1, note);
        }
        explicit_refs += explicit;
        prose_refs += prose;
        files.push((path, text));
    }
    files.extend(volume.verbatim);
    Ok(Imported {
        volume_id: volume.id,
        files,
        explicit_refs,
        prose_refs,
        warnings: warnings.finish(),
    })
}

/// Writes a file and reads it back until the grammar reads it as meant:
/// refs it reads otherwise become explicit; if its structure still differs,
/// every bracket is escaped.
fn write_checked(file: &model::File) -> (String, usize, usize, Vec<String>) {
    let mut explicit = HashSet::new();
    let mut safe = false;
    let mut notes = Vec::new();
    for _ in 0..8 {
        let rendered = render::render(file, &explicit, safe);
        match render::verify(&rendered) {
            Ok(()) => {
                let rendered = restore_prose(file, &mut explicit, safe).unwrap_or(rendered);
                notes.extend(rendered.notes);
                let prose = rendered.plain_refs.len();
                return (rendered.text, rendered.expect.explicit_refs, prose, notes);
            }
            Err(render::Failure::Refs(keys)) => explicit.extend(keys),
            Err(render::Failure::Structure(message)) => {
                if safe {
                    notes.extend(rendered.notes);
                    notes.push(format!(
                        "the file does not read back as written ({message}); check it"
                    ));
                    let prose = rendered.plain_refs.len();
                    return (rendered.text, rendered.expect.explicit_refs, prose, notes);
                }
                notes.push(
                    "brackets in the text would be read as markup: every bracket of the file is escaped"
                        .to_string(),
                );
                safe = true;
            }
        }
    }
    let rendered = render::render(file, &explicit, true);
    let prose = rendered.plain_refs.len();
    notes.push("the file could not be checked to read back as written".to_string());
    (rendered.text, rendered.expect.explicit_refs, prose, notes)
}

/// Refs are made explicit in groups, and a ref can fail only because its
/// neighbour was prose (`12Document 12`). Each is tried as prose again, so
/// that the file holds as much prose as reads back right, and a
/// file exported and imported again is written the same. Returns the last
/// good rendering if anything changed.
fn restore_prose(
    file: &model::File,
    explicit: &mut HashSet<usize>,
    safe: bool,
) -> Option<render::Rendered> {
    const MAX_TRIES: usize = 32;
    if explicit.is_empty() || explicit.len() > MAX_TRIES {
        return None;
    }
    // Last first: a ref glued to the text before it (`[Document 9](#d9)footnote 3`)
    // keeps the words after it as prose, as a first import writes them.
    let mut keys: Vec<usize> = explicit.iter().copied().collect();
    keys.sort_unstable_by(|a, b| b.cmp(a));
    let mut best = None;
    for key in keys {
        explicit.remove(&key);
        let rendered = render::render(file, explicit, safe);
        if render::verify(&rendered).is_ok() {
            best = Some(rendered);
        } else {
            explicit.insert(key);
        }
    }
    if best.is_some() {
        // The last success may predate later failed tries: render the final
        // set once more.
        let rendered = render::render(file, explicit, safe);
        return Some(rendered);
    }
    None
}

/// A TEI file of a volume folder.
#[derive(Debug, Clone)]
pub struct Exported {
    pub xml: String,
    pub warnings: Vec<Warning>,
}

/// Exports a volume: `files` holds every markup file of the volume folder
/// and the XML files kept verbatim beside them ([`is_verbatim`]), with
/// paths relative to it (`/`-separated), `volume.emd` among them.
pub fn export(files: &[(String, String)]) -> Result<Exported, Vec<ExportError>> {
    let (xml, warnings) = export::export(files)?;
    Ok(Exported {
        xml,
        warnings: warnings.finish(),
    })
}

/// Folds each run of the characters `is_space` accepts into one space,
/// keeping one at either end if there was any there.
fn fold_space(s: &str, is_space: impl Fn(char) -> bool) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if is_space(c) {
            space = true;
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    if space {
        out.push(' ');
    }
    out
}
