//! What each file of a workspace was when last read: its size, its time of
//! change and the hash of its text. As git's index does, a file whose size
//! and time are those stamped is not read again for its hash.

use crate::hash::Map;
use crate::index::discover::{self, Planned};
use crate::index::{hash_of, read_text};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A file as it was read.
#[derive(Serialize, Deserialize, Clone, PartialEq, Eq)]
struct Stamp {
    size: u64,
    modified: u128,
    /// The hash of its text, or why it could not be read.
    text: Result<u64, String>,
}

/// The stamps of the planned files of a workspace, in the plan's order.
#[derive(Serialize, Deserialize, Default)]
pub struct Stamps {
    files: Vec<(PathBuf, Stamp)>,
    /// When the files were looked at, in nanoseconds since 1970.
    read_at: u128,
    /// How many files were read for their stamps rather than trusted.
    #[serde(skip)]
    read: usize,
}

/// A file changed this close before it was read may have changed again
/// within the same tick of a coarse clock (some file systems count
/// seconds, FAT two): its stamp is not trusted, its text is read.
const RACY: Duration = Duration::from_secs(3);

fn nanos(t: SystemTime) -> u128 {
    t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos())
}

impl Stamps {
    /// Looks at every planned file, on all cores: its stamp is the
    /// earlier one where that still holds, else the file is read.
    pub fn take(planned: &[Planned], earlier: Option<&Stamps>) -> Stamps {
        let read_at = nanos(SystemTime::now());
        let before: Map<&Path, &Stamp> = earlier
            .map(|s| s.files.iter().map(|(p, s)| (p.as_path(), s)).collect())
            .unwrap_or_default();
        let earlier_read_at = earlier.map_or(0, |s| s.read_at);
        let looked: Vec<((PathBuf, Stamp), bool)> = planned
            .par_iter()
            .map(|p| {
                // By absolute path: a check of `.` and the language server
                // of the same folder name the files differently.
                let abs = discover::absolute(&p.path);
                let before = before.get(abs.as_path()).copied();
                let (stamp, read) = stamp(&p.path, before, earlier_read_at);
                ((abs, stamp), read)
            })
            .collect();
        let read = looked.iter().filter(|(_, read)| *read).count();
        let files = looked.into_iter().map(|(file, _)| file).collect();
        Stamps {
            files,
            read_at,
            read,
        }
    }

    /// Whether any file was read for its stamp: then the stamps are worth
    /// keeping again, with this time of reading.
    pub fn renewed(&self) -> bool {
        self.read > 0
    }

    /// The hash of the text of the `i`th planned file, if it could be read.
    pub fn text_hash(&self, i: usize) -> Option<u64> {
        self.files.get(i)?.1.text.as_ref().ok().copied()
    }

    /// The text of every file (by hash; one that cannot be read, by why),
    /// in the plan's order.
    pub fn texts(&self) -> impl Iterator<Item = &Result<u64, String>> {
        self.files.iter().map(|(_, s)| &s.text)
    }
}

/// Looks at a file: its stamp, read again unless the earlier one holds;
/// and whether it was read.
fn stamp(path: &Path, earlier: Option<&Stamp>, earlier_read_at: u128) -> (Stamp, bool) {
    let meta = std::fs::metadata(path).ok();
    let size = meta.as_ref().map_or(0, |m| m.len());
    let modified = meta
        .as_ref()
        .and_then(|m| m.modified().ok())
        .map_or(0, nanos);
    if let Some(earlier) = earlier {
        let settled = modified > 0 && modified + RACY.as_nanos() < earlier_read_at;
        if settled && earlier.size == size && earlier.modified == modified {
            return (earlier.clone(), false);
        }
    }
    let text = read_text(path).map(|text| hash_of(&text));
    (
        Stamp {
            size,
            modified,
            text,
        },
        true,
    )
}
