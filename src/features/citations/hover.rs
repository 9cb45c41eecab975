//! What a hover over a component of an archival citation shows: the full
//! path down to it, how many source notes of the workspace cite it, and
//! which documents.

use crate::facts::{Component, Span};
use crate::index::authority::{Authority, CitingNote};
use crate::index::Workspace;

/// How many citing documents a hover lists.
pub const HOVER_DOCUMENTS: usize = 5;

/// The hover of one component.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hover {
    /// The component under the cursor, in the file.
    pub span: Span,
    /// Its full path, repository first, as the authority names it.
    pub path: Vec<String>,
    /// Source notes of the workspace whose citation passes through it.
    pub notes: u32,
    /// The first of them ([`HOVER_DOCUMENTS`]), this volume's first.
    pub citing: Vec<CitingNote>,
    /// Listed in a Sources division of this volume.
    pub listed: bool,
    /// In the list the program ships.
    pub shipped: bool,
    /// A known name (shipped, listed, or cited in three or more notes).
    pub known: bool,
    /// The volume of the file (to label documents of other volumes).
    pub volume: String,
}

impl Hover {
    /// A plain-text rendering: the path on the first line, then the uses.
    /// `Library of Congress › Manuscript Division`
    /// [`Hover::describe`] as Markdown: the path in bold, a paragraph a
    /// line.
    pub fn markdown(&self) -> String {
        let mut lines: Vec<String> = self.describe().lines().map(str::to_string).collect();
        if let Some(first) = lines.first_mut() {
            *first = format!("**{first}**");
        }
        lines.join("\n\n")
    }

    /// `cited in 2 source notes: Document 256, Document 261`
    pub fn describe(&self) -> String {
        let mut out = self.path.join(" › ");
        let mut uses = match self.notes {
            0 => "cited in no source note of the workspace".to_string(),
            1 => "cited in 1 source note".to_string(),
            n => format!("cited in {n} source notes"),
        };
        if !self.citing.is_empty() {
            let labels: Vec<String> = self
                .citing
                .iter()
                .map(|c| c.label(Some(&self.volume)))
                .collect();
            uses.push_str(": ");
            uses.push_str(&labels.join(", "));
            if self.notes as usize > self.citing.len() {
                uses.push_str(", …");
            }
        }
        out.push('\n');
        out.push_str(&uses);
        let mut known = Vec::new();
        if self.listed {
            known.push("listed in the volume's Sources");
        }
        if self.shipped {
            known.push("in emend's list of archives");
        }
        if !known.is_empty() {
            out.push('\n');
            out.push_str(&known.join("; "));
        }
        out
    }
}

/// The component of a source note (or of a Sources item) at a byte offset,
/// and the components before it.
fn component_at(ws: &Workspace, file: usize, offset: usize) -> Option<(Vec<&Component>, usize)> {
    let facts = &ws.files.get(file)?.facts;
    let inside =
        |c: &Component| !c.text.is_empty() && c.span.start <= offset && offset <= c.span.end;
    let notes = facts
        .footnotes
        .iter()
        .filter_map(|d| d.source.as_ref())
        .map(|n| n.components.iter().collect::<Vec<_>>());
    let items = facts
        .source_items
        .iter()
        .map(|i| i.components.iter().collect::<Vec<_>>());
    for comps in notes.chain(items) {
        if let Some(k) = comps.iter().position(|c| inside(c)) {
            return Some((comps, k));
        }
    }
    None
}

/// The hover at a byte offset of a file, when it is inside a component.
pub fn hover(ws: &Workspace, authority: &Authority, file: usize, offset: usize) -> Option<Hover> {
    let (comps, k) = component_at(ws, file, offset)?;
    let written: Vec<&str> = comps[..=k].iter().map(|c| c.text.as_str()).collect();
    if written
        .iter()
        .any(|w| crate::facts::citation::key(w).is_empty())
    {
        return None;
    }
    let volume = ws.volume_of(file).id.clone();
    let span = comps[k].span.clone();
    let Some(id) = authority.resolve(&written) else {
        return Some(Hover {
            span,
            path: written.iter().map(|s| s.to_string()).collect(),
            notes: 0,
            citing: Vec::new(),
            listed: false,
            shipped: false,
            known: false,
            volume,
        });
    };
    let info = authority.info(id)?;
    let mut citing = authority.citing_notes(id);
    citing.sort_by_key(|c| c.volume != volume);
    citing.truncate(HOVER_DOCUMENTS);
    Some(Hover {
        span,
        path: authority.path_names(id),
        notes: info.notes,
        citing,
        listed: authority.is_listed_in(id, &volume),
        shipped: info.shipped,
        known: authority.is_known(id, &volume),
        volume,
    })
}
