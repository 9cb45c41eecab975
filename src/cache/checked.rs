//! The findings of a check, kept with the key of its inputs.

use super::stamps::Stamps;
use crate::index::discover::{Missing, Planned};
use crate::index::{hash_of, LoadProblem, Workspace};
use crate::rules::{Diagnostic, Severities};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// What one check found: its workspace's files (in the workspace's
/// order, which the findings' file numbers count), findings and problems.
#[derive(Serialize, Deserialize)]
pub struct Record {
    key: u64,
    files: Vec<(PathBuf, bool)>,
    diagnostics: Vec<Diagnostic>,
    problems: Vec<LoadProblem>,
}

/// The key of a check's inputs: every planned file's path, role, volume
/// and text, the paths that could not be used, and the severities.
pub fn key(
    planned: &[Planned],
    stamps: &Stamps,
    missing: &[Missing],
    severities: &Severities,
) -> u64 {
    let files: Vec<_> = planned
        .iter()
        .zip(stamps.texts())
        .map(|(p, text)| (&p.path, p.reported, &p.volume_root, text))
        .collect();
    let missing: Vec<_> = missing.iter().map(|m| (&m.path, &m.message)).collect();
    hash_of(&(files, missing, severities.resolved()))
}

impl Record {
    /// The record of a check's outcome.
    pub fn new(key: u64, ws: &Workspace, diagnostics: &[Diagnostic]) -> Record {
        Record {
            key,
            files: ws
                .files
                .iter()
                .map(|f| (f.path.to_path_buf(), f.reported))
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
