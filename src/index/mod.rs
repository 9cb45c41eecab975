//! The workspace index: files with their facts, grouped into volumes, with
//! look-up tables for documents, footnotes, persons and terms.

pub mod discover;
mod resolve;
mod volume;

pub use resolve::{FootnoteRef, Resolution};
pub use volume::{number_key, DocRef, EntryRef, Volume};

use crate::facts::{self, FileFacts};
use crate::line_index::LineIndex;
use crate::syntax;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One markup file of the workspace.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    /// The text, unless the workspace was loaded with [`Retain::FactsOnly`]
    /// (then empty; see [`SourceFile::load_text`]).
    pub text: Arc<str>,
    pub text_retained: bool,
    pub lines: LineIndex,
    pub facts: FileFacts,
    /// Index into [`Workspace::volumes`].
    pub volume: usize,
    /// Whether diagnostics are wanted for this file.
    pub reported: bool,
}

/// Receives progress of a long load.
pub trait Progress: Sync {
    fn start(&self, _total: usize) {}
    fn tick(&self) {}
    fn finish(&self) {}
}

/// Progress that goes nowhere.
pub struct Silent;
impl Progress for Silent {}

/// A file that could not be read.
#[derive(Debug, Clone)]
pub struct LoadProblem {
    pub path: PathBuf,
    pub message: String,
}

/// Files, volumes and their look-up tables.
#[derive(Debug, Default)]
pub struct Workspace {
    pub files: Vec<SourceFile>,
    pub volumes: Vec<Volume>,
    pub problems: Vec<LoadProblem>,
}

/// What a loaded workspace keeps of each file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retain {
    /// Text, line index and facts (the language server).
    Text,
    /// Line index and facts only: a check of a large workspace needs the
    /// text of the few files it reports on, and reads those again.
    FactsOnly,
}

/// A file's text and facts before it is placed in a volume.
pub struct Analyzed {
    pub text: Arc<str>,
    pub text_retained: bool,
    pub lines: LineIndex,
    pub facts: FileFacts,
}

/// Parses a text and extracts its facts.
pub fn analyze(text: String, retain: Retain) -> Analyzed {
    let tree = syntax::parse(&text);
    let facts = facts::extract(&tree, &text);
    drop(tree);
    let lines = LineIndex::new(&text);
    let (text, text_retained) = match retain {
        Retain::Text => (Arc::from(text), true),
        Retain::FactsOnly => (Arc::from(""), false),
    };
    Analyzed {
        text,
        text_retained,
        lines,
        facts,
    }
}

impl SourceFile {
    /// The file's text: the retained copy, or read again from disk.
    pub fn load_text(&self) -> Option<Arc<str>> {
        if self.text_retained {
            Some(self.text.clone())
        } else {
            read_text(&self.path).ok().map(Arc::from)
        }
    }
}

/// Reads a file as UTF-8, with an error that names the problem.
pub fn read_text(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read: {e}"))?;
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        format!("not UTF-8: invalid byte at offset {at} (line {line}); save the file as UTF-8")
    })
}

impl Workspace {
    /// Loads the files under the given paths, and the rest of the volumes
    /// they belong to, reporting progress per file.
    pub fn load(paths: &[PathBuf], progress: &dyn Progress, retain: Retain) -> Workspace {
        let (planned, missing) = discover::plan(paths);
        progress.start(planned.len());
        let results: Vec<(discover::Planned, Result<Analyzed, String>)> = planned
            .into_par_iter()
            .map(|p| {
                let analyzed = read_text(&p.path).map(|t| analyze(t, retain));
                progress.tick();
                (p, analyzed)
            })
            .collect();
        progress.finish();

        let mut ws = Workspace::default();
        ws.problems.extend(missing.into_iter().map(|m| LoadProblem {
            path: m.path,
            message: m.message,
        }));
        let mut inputs = Vec::new();
        for (planned, analyzed) in results {
            match analyzed {
                Ok(a) => inputs.push((planned, a)),
                Err(message) => ws.problems.push(LoadProblem {
                    path: planned.path,
                    message,
                }),
            }
        }
        ws.add_files(inputs);
        ws
    }

    /// Builds a workspace from texts in memory (tests, the language server).
    /// Each entry is a path and its text; volumes are found from the paths
    /// alone: a file named `volume.emd` makes its folder a volume.
    pub fn from_texts(files: Vec<(PathBuf, String)>) -> Workspace {
        let roots: Vec<PathBuf> = files
            .iter()
            .filter(|(p, _)| p.file_name().is_some_and(|n| n == discover::VOLUME_FILE))
            .filter_map(|(p, _)| p.parent().map(Path::to_path_buf))
            .collect();
        let inputs = files
            .into_par_iter()
            .map(|(path, text)| {
                let root = roots
                    .iter()
                    .filter(|r| path.starts_with(r))
                    .max_by_key(|r| r.components().count())
                    .cloned();
                (
                    discover::Planned {
                        path,
                        reported: true,
                        volume_root: root,
                    },
                    analyze(text, Retain::Text),
                )
            })
            .collect();
        let mut ws = Workspace::default();
        ws.add_files(inputs);
        ws
    }

    fn add_files(&mut self, mut inputs: Vec<(discover::Planned, Analyzed)>) {
        inputs.sort_by(|a, b| a.0.path.cmp(&b.0.path));
        for (planned, analyzed) in inputs {
            let volume = self.volume_for(&planned);
            let file = self.files.len();
            self.volumes[volume].files.push(file);
            self.files.push(SourceFile {
                path: planned.path,
                text: analyzed.text,
                text_retained: analyzed.text_retained,
                lines: analyzed.lines,
                facts: analyzed.facts,
                volume,
                reported: planned.reported,
            });
        }
        for v in 0..self.volumes.len() {
            self.rebuild_volume(v);
        }
    }

    fn volume_for(&mut self, planned: &discover::Planned) -> usize {
        let key = match &planned.volume_root {
            Some(root) => discover::absolute(root),
            None => discover::absolute(&planned.path),
        };
        if let Some(i) = self.volumes.iter().position(|v| v.key == key) {
            return i;
        }
        let display_root = match &planned.volume_root {
            Some(_) => planned
                .path
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default(),
            None => planned.path.clone(),
        };
        self.volumes.push(Volume::new(
            key,
            display_root,
            planned.volume_root.is_none(),
        ));
        self.volumes.len() - 1
    }

    /// Recomputes the look-up tables of one volume from its files' facts.
    pub fn rebuild_volume(&mut self, v: usize) {
        let files = &self.files;
        if let Some(volume) = self.volumes.get_mut(v) {
            volume.rebuild(files);
        }
    }

    /// The volume with this id.
    pub fn volume_by_id(&self, id: &str) -> Option<&Volume> {
        self.volumes.iter().find(|v| v.id == id)
    }

    pub fn volume_of(&self, file: usize) -> &Volume {
        &self.volumes[self.files[file].volume]
    }
}
