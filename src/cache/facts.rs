//! Each file's facts and line index, kept by the hash of its text and its
//! kind: a check after a change parses the files that changed and takes
//! the rest from here.

use crate::facts::FileFacts;
use crate::hash::Map;
use crate::index::{Analyzed, SourceKind, Workspace};
use crate::line_index::LineIndex;
use serde::{Deserialize, Serialize};

/// The facts of a check's files, as written.
#[derive(Serialize)]
struct PackOut<'a> {
    entries: Vec<(u64, SourceKind, &'a LineIndex, &'a FileFacts)>,
}

/// The facts of a check's files, as read back.
#[derive(Deserialize)]
struct PackIn {
    entries: Vec<(u64, SourceKind, LineIndex, FileFacts)>,
}

/// Facts read from the cache, each taken out once.
#[derive(Default)]
pub struct Kept {
    by_text: Map<(u64, SourceKind), (LineIndex, FileFacts)>,
    /// How many entries the pack held, and how many were taken.
    held: usize,
    taken: usize,
}

impl Kept {
    /// The kept facts, or none where there are none for this build.
    pub fn read(store: &super::Store, name: &str) -> Kept {
        let Some(pack) = store.read::<PackIn>(name) else {
            return Kept::default();
        };
        let held = pack.entries.len();
        let by_text = pack
            .entries
            .into_iter()
            .map(|(hash, kind, lines, facts)| ((hash, kind), (lines, facts)))
            .collect();
        Kept {
            by_text,
            held,
            taken: 0,
        }
    }

    /// The facts of a text of this hash and kind, if kept.
    pub fn take(&mut self, text_hash: u64, kind: SourceKind) -> Option<Analyzed> {
        let (lines, facts) = self.by_text.remove(&(text_hash, kind))?;
        self.taken += 1;
        Some(Analyzed {
            kind,
            text: None,
            text_hash,
            lines,
            facts,
        })
    }

    /// How many files' facts were taken.
    pub fn taken(&self) -> usize {
        self.taken
    }

    /// Whether the pack holds just the facts of these files, so that
    /// writing it again would change nothing.
    pub fn is_exactly(&self, ws: &Workspace) -> bool {
        self.taken == ws.files.len() && self.held == ws.files.len()
    }
}

/// Keeps the facts of a workspace's files.
pub fn write(store: &super::Store, name: &str, ws: &Workspace) -> Result<(), String> {
    let pack = PackOut {
        entries: ws
            .files
            .iter()
            .map(|f| (f.text_hash, f.kind, &f.lines, &f.facts))
            .collect(),
    };
    store.write(name, &pack)
}
