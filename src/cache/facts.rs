//! Each file's facts and line index, kept by the hash of its text and its
//! kind: a check after a change parses the files that changed and takes
//! the rest from here. The facts of each volume are a record of their own
//! (a shard), so that a change writes again the shard of its volume only.

use crate::facts::FileFacts;
use crate::hash::Map;
use crate::index::{hash_of, Analyzed, SourceKind, Workspace};
use crate::line_index::LineIndex;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::path::Path;

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
    /// Per shard read, the texts it held, sorted.
    held: Map<String, Vec<(u64, SourceKind)>>,
    taken: usize,
}

/// The name of the shard of a volume's facts: the volume's folder, or the
/// file itself for a file that is a volume of its own.
pub fn shard_name(prefix: &str, volume: &Path) -> String {
    format!("{prefix}-{:016x}", hash_of(volume))
}

/// One shard: its entries chunk by chunk, or None where it is absent, of
/// another build or damaged in any chunk.
fn read_shard(store: &super::Store, name: &str) -> Option<Vec<Vec<Entry>>> {
    store.read_with(name, |payload| {
        let pack: Pack = postcard::from_bytes(payload).ok()?;
        pack.chunks
            .par_iter()
            .map(|chunk| postcard::from_bytes::<Vec<Entry>>(chunk).ok())
            .collect::<Option<Vec<Vec<Entry>>>>()
    })
}

impl Kept {
    /// The kept facts of the shards of these names.
    pub fn read(store: &super::Store, shards: &[String]) -> Kept {
        let read: Vec<(String, Vec<Vec<Entry>>)> = shards
            .par_iter()
            .filter_map(|name| Some((name.clone(), read_shard(store, name)?)))
            .collect();
        let mut kept = Kept::default();
        // Room for all at once: a table that grows holds its old and new
        // arrays together, at the peak of the server's memory.
        kept.by_text.reserve(
            read.iter()
                .flat_map(|(_, chunks)| chunks)
                .map(Vec::len)
                .sum(),
        );
        for (name, chunks) in read {
            let mut held: Vec<(u64, SourceKind)> = chunks
                .iter()
                .flatten()
                .map(|(hash, kind, ..)| (*hash, *kind))
                .collect();
            held.sort_unstable();
            kept.held.insert(name, held);
            for chunk in chunks {
                kept.by_text.extend(
                    chunk
                        .into_iter()
                        .map(|(hash, kind, lines, facts)| ((hash, kind), (lines, facts))),
                );
            }
        }
        kept
    }

    /// Gives back the table the facts were taken from, once every file
    /// that could take from it has: its room stays as large as it was
    /// filled, a few megabytes for the 50 MB benchmark workspace.
    pub fn close(&mut self) {
        self.by_text = Map::default();
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
}

/// Keeps the facts of a workspace's files, volume by volume: the shards
/// that hold just what they held when read are left as they are.
pub fn write(
    store: &super::Store,
    prefix: &str,
    ws: &Workspace,
    kept: &Kept,
) -> Result<(), String> {
    let shards: Vec<(String, &[usize])> = ws
        .volumes
        .iter()
        .map(|v| (shard_name(prefix, &v.key), v.files.as_slice()))
        .collect();
    // One shard after another, each encoded on all cores: a shard is held
    // twice while written (its chunks, then the record), and the server
    // writes its load at the peak of its memory.
    let written: Result<Vec<()>, String> = shards
        .iter()
        .map(|(name, files)| {
            let mut texts: Vec<(u64, SourceKind)> = files
                .iter()
                .map(|&f| (ws.files[f].text_hash, ws.files[f].kind))
                .collect();
            texts.sort_unstable();
            if kept.held.get(name) == Some(&texts) {
                return Ok(());
            }
            write_shard(store, name, ws, files)
        })
        .collect();
    written.map(drop)
}

fn write_shard(
    store: &super::Store,
    name: &str,
    ws: &Workspace,
    files: &[usize],
) -> Result<(), String> {
    let chunks: Result<Vec<Vec<u8>>, postcard::Error> = files
        .par_chunks(CHUNK)
        .map(|files| {
            let entries: Vec<(u64, SourceKind, &LineIndex, &FileFacts)> = files
                .iter()
                .map(|&f| {
                    let f = &ws.files[f];
                    (f.text_hash, f.kind, &f.lines, &f.facts)
                })
                .collect();
            postcard::to_stdvec(&entries)
        })
        .collect();
    let chunks = chunks.map_err(|e| format!("{}: {e}", store.dir().display()))?;
    let parts = pack_parts(&chunks).map_err(|e| format!("{}: {e}", store.dir().display()))?;
    let parts: Vec<&[u8]> = parts.iter().map(AsRef::as_ref).collect();
    store.write_payload(name, &parts)
}

/// The encoding of a [`Pack`] of these chunks, in parts that borrow the
/// chunks: the number of chunks, then each chunk's length and bytes.
fn pack_parts(chunks: &[Vec<u8>]) -> Result<Vec<Cow<'_, [u8]>>, postcard::Error> {
    let mut parts = vec![Cow::Owned(postcard::to_stdvec(&chunks.len())?)];
    for chunk in chunks {
        parts.push(Cow::Owned(postcard::to_stdvec(&chunk.len())?));
        parts.push(Cow::Borrowed(chunk.as_slice()));
    }
    Ok(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The parts written are, joined, the encoding the reader decodes.
    #[test]
    fn pack_parts_join_to_the_encoding_of_the_pack() {
        let chunks: Vec<Vec<u8>> = vec![vec![], vec![7; 3], vec![1; 200], vec![9; 70_000]];
        let parts = pack_parts(&chunks).expect("encoded");
        let joined: Vec<u8> = parts.iter().flat_map(|p| p.as_ref().to_vec()).collect();
        let pack = Pack {
            chunks: chunks.iter().map(Vec::as_slice).collect(),
        };
        assert_eq!(joined, postcard::to_stdvec(&pack).expect("encoded"));
        let read: Pack = postcard::from_bytes(&joined).expect("decoded");
        assert_eq!(read.chunks, pack.chunks);
    }
}
