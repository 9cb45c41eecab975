//! Each file's facts and line index, kept by the hash of its text and its
//! kind: a check after a change parses the files that changed and takes
//! the rest from here.

use crate::facts::FileFacts;
use crate::hash::Map;
use crate::index::{Analyzed, SourceKind, Workspace};
use crate::line_index::LineIndex;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// One entry of the pack: a text's hash and kind, its line index and facts.
type Entry = (u64, SourceKind, LineIndex, FileFacts);

/// The facts of a workspace's files, in chunks encoded apart, so that
/// all cores decode them (decoding is most of a start from the cache),
/// each from where it stands in the record.
#[derive(Serialize, Deserialize)]
struct Pack<'a> {
    #[serde(borrow)]
    chunks: Vec<&'a [u8]>,
}

/// Files per chunk: enough chunks to share among the cores, few enough
/// that each is worth a task.
const CHUNK: usize = 256;

/// Facts read from the cache, each taken out once.
#[derive(Default)]
pub struct Kept {
    by_text: Map<(u64, SourceKind), (LineIndex, FileFacts)>,
    /// How many entries the pack held, and how many were taken.
    held: usize,
    taken: usize,
}

impl Kept {
    /// The kept facts, or none where there are none for this build (or
    /// where any chunk of them is damaged).
    pub fn read(store: &super::Store, name: &str) -> Kept {
        let chunks = store.read_with(name, |payload| {
            let pack: Pack = postcard::from_bytes(payload).ok()?;
            pack.chunks
                .par_iter()
                .map(|chunk| postcard::from_bytes::<Vec<Entry>>(chunk).ok())
                .collect::<Option<Vec<Vec<Entry>>>>()
        });
        let Some(chunks) = chunks else {
            return Kept::default();
        };
        let by_text: Map<_, _> = chunks
            .into_iter()
            .flatten()
            .map(|(hash, kind, lines, facts)| ((hash, kind), (lines, facts)))
            .collect();
        Kept {
            held: by_text.len(),
            by_text,
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
    let chunks: Result<Vec<Vec<u8>>, postcard::Error> = ws
        .files
        .par_chunks(CHUNK)
        .map(|files| {
            let entries: Vec<(u64, SourceKind, &LineIndex, &FileFacts)> = files
                .iter()
                .map(|f| (f.text_hash, f.kind, &f.lines, &f.facts))
                .collect();
            postcard::to_stdvec(&entries)
        })
        .collect();
    let chunks = chunks.map_err(|e| format!("{}: {e}", store.dir().display()))?;
    let chunks = chunks.iter().map(Vec::as_slice).collect();
    store.write(name, &Pack { chunks })
}
