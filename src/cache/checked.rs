//! The findings of a check, kept with the key of its inputs.

use crate::hash::Map;
use crate::index::discover::{self, Missing, Planned};
use crate::index::{hash_of, read_text, LoadProblem, Workspace};
use crate::rules::{Diagnostic, Severities};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// What one check found: its workspace's files (in the workspace's
/// order, which the findings' file numbers count), findings and problems,
/// and what its inputs were.
#[derive(Serialize, Deserialize)]
pub struct Record {
    key: u64,
    stamps: Vec<(PathBuf, Stamp)>,
    /// When the inputs were looked at, in nanoseconds since 1970.
    read_at: u128,
    files: Vec<(PathBuf, bool)>,
    diagnostics: Vec<Diagnostic>,
    problems: Vec<LoadProblem>,
}

/// A file as it was read: its size and time of change, and the hash of
/// its text (or why it could not be read). As git's index does, a file
/// whose size and time are those stamped is not read again for its hash.
#[derive(Serialize, Deserialize, Clone, PartialEq, Eq)]
struct Stamp {
    size: u64,
    modified: u128,
    text: Result<u64, String>,
}

/// A file changed this close before it was read may have changed again
/// within the same tick of a coarse clock (some file systems count
/// seconds, FAT two): its stamp is not trusted, its text is read.
const RACY: Duration = Duration::from_secs(3);

/// The inputs of a check, as the key of its findings.
pub struct Inputs {
    pub key: u64,
    stamps: Vec<(PathBuf, Stamp)>,
    read_at: u128,
}

impl Inputs {
    /// The hash of the text of the `i`th planned file, if it could be read.
    pub fn text_hash(&self, i: usize) -> Option<u64> {
        self.stamps.get(i)?.1.text.as_ref().ok().copied()
    }
}

/// The name of the record of a check of these paths: one record per set
/// of paths checked, written over by the next check of them.
pub fn record_name(paths: &[PathBuf]) -> String {
    let absolute: Vec<PathBuf> = paths.iter().map(|p| discover::absolute(p)).collect();
    format!("check-{:016x}", hash_of(&absolute))
}

fn nanos(t: SystemTime) -> u128 {
    t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos())
}

/// Looks at a file: its stamp, read again unless the earlier one holds.
fn stamp(path: &Path, earlier: Option<&Stamp>, earlier_read_at: u128) -> Stamp {
    let meta = std::fs::metadata(path).ok();
    let size = meta.as_ref().map_or(0, |m| m.len());
    let modified = meta
        .as_ref()
        .and_then(|m| m.modified().ok())
        .map_or(0, nanos);
    if let Some(earlier) = earlier {
        let settled = modified > 0 && modified + RACY.as_nanos() < earlier_read_at;
        if settled && earlier.size == size && earlier.modified == modified {
            return earlier.clone();
        }
    }
    Stamp {
        size,
        modified,
        text: read_text(path).map(|text| hash_of(&text)),
    }
}

/// The inputs of a check: every planned file's path, role, volume and
/// text (by hash; a file that cannot be read, by why), the paths that
/// could not be used, and the severities. Files whose stamps in the
/// earlier record still hold are not read; the rest are, on all cores.
pub fn inputs(
    planned: &[Planned],
    missing: &[Missing],
    severities: &Severities,
    earlier: Option<&Record>,
) -> Inputs {
    let read_at = nanos(SystemTime::now());
    let earlier_stamps: Map<&Path, &Stamp> = earlier
        .map(|r| r.stamps.iter().map(|(p, s)| (p.as_path(), s)).collect())
        .unwrap_or_default();
    let earlier_read_at = earlier.map_or(0, |r| r.read_at);
    let stamps: Vec<(PathBuf, Stamp)> = planned
        .par_iter()
        .map(|p| {
            let before = earlier_stamps.get(p.path.as_path()).copied();
            (p.path.clone(), stamp(&p.path, before, earlier_read_at))
        })
        .collect();
    let files: Vec<_> = planned
        .iter()
        .zip(&stamps)
        .map(|(p, (_, stamp))| (&p.path, p.reported, &p.volume_root, &stamp.text))
        .collect();
    let missing: Vec<_> = missing.iter().map(|m| (&m.path, &m.message)).collect();
    Inputs {
        key: hash_of(&(files, missing, severities.resolved())),
        stamps,
        read_at,
    }
}

impl Record {
    /// The record of a check's outcome.
    pub fn new(inputs: Inputs, ws: &Workspace, diagnostics: &[Diagnostic]) -> Record {
        Record {
            key: inputs.key,
            stamps: inputs.stamps,
            read_at: inputs.read_at,
            files: ws
                .files
                .iter()
                .map(|f| (f.path.clone(), f.reported))
                .collect(),
            diagnostics: diagnostics.to_vec(),
            problems: ws.problems.clone(),
        }
    }

    /// Whether the record was made from inputs with this key.
    pub fn holds(&self, key: u64) -> bool {
        let whole = self.diagnostics.iter().all(|d| d.file < self.files.len());
        self.key == key && whole
    }

    /// The workspace a report of the findings reads, and the findings.
    pub fn into_report(self) -> (Workspace, Vec<Diagnostic>) {
        (
            Workspace::of_paths(self.files, self.problems),
            self.diagnostics,
        )
    }
}
