//! The workspace index: files with their facts, grouped into volumes, with
//! look-up tables for documents, footnotes, persons and terms.

pub mod authority;
pub mod discover;
pub mod layout;
mod recent;
pub mod register;
mod resolve;
pub mod source;
mod volume;

pub use authority::Authority;
pub use register::Register;
pub use resolve::{FootnoteRef, PageRef, Resolution};
pub use source::SourceKind;
pub use volume::{number_key, number_value, DocRef, EntryRef, Volume};

use crate::facts::{self, FileFacts};
use crate::hash::{Map, Set};
use crate::line_index::LineIndex;
use crate::syntax;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One markup file of the workspace.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user gave or reached it (for display). Shared: the
    /// database's tables are keyed by it, and a workspace of 100,000
    /// files would otherwise hold each path many times over.
    pub path: Arc<Path>,
    /// The absolute path, for identity; shared as `path` is.
    pub abs: Arc<Path>,
    /// The text, unless the workspace was loaded with [`Retain::FactsOnly`]:
    /// read it with [`SourceFile::load_text`], which reads the file again
    /// then.
    text: Option<Arc<str>>,
    pub kind: SourceKind,
    /// A hash of the text: what the file's facts are a function of.
    pub text_hash: u64,
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
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct LoadProblem {
    pub path: PathBuf,
    /// The 1-based line to fix, when the problem has one.
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for LoadProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.path.display(), self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

/// Files, volumes and their look-up tables. Files and volumes are shared
/// behind `Arc`s, so a copy of a workspace (a snapshot for the language
/// server) costs two vectors of pointers.
#[derive(Debug, Default, Clone)]
pub struct Workspace {
    pub files: Vec<Arc<SourceFile>>,
    pub volumes: Vec<Arc<Volume>>,
    pub problems: Vec<LoadProblem>,
    /// Shared, so that copying a workspace does not copy every path.
    by_path: Arc<Map<Arc<Path>, usize>>,
    /// The first volume of each id: references name volumes by id, and a
    /// series has hundreds.
    by_volume_id: Arc<Map<String, usize>>,
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
    pub kind: SourceKind,
    /// None under [`Retain::FactsOnly`].
    pub text: Option<Arc<str>>,
    pub text_hash: u64,
    pub lines: LineIndex,
    pub facts: FileFacts,
}

/// Parses a markup text and extracts its facts.
pub fn analyze(text: String, retain: Retain) -> Analyzed {
    analyze_as(SourceKind::Markup, text, retain)
}

/// Parses a text of a kind and extracts its facts.
pub fn analyze_as(kind: SourceKind, text: String, retain: Retain) -> Analyzed {
    let facts = match kind {
        SourceKind::Markup => facts::extract(&syntax::parse_tree(&text), &text),
        SourceKind::Tei => facts::tei::extract_fast(&text)
            .unwrap_or_else(|| facts::tei::extract(&syntax::xml::parse(&text), &text)),
    };
    let mut analyzed = Analyzed::new(text, facts, retain);
    analyzed.kind = kind;
    analyzed
}

/// Reads a file and extracts its facts, by the kind its name says (a file
/// named outright with another name is read as markup). An `.xml` file
/// that is not FRUS TEI is an error: nothing of it can be checked.
pub fn read_source(path: &Path, retain: Retain) -> Result<Analyzed, String> {
    let text = read_text(path)?;
    let kind = SourceKind::of(path).unwrap_or(SourceKind::Markup);
    if !kind.reads(&text) {
        return Err(
            "not a FRUS TEI file: its root element is not `TEI` (emend reads `.emd` markup and FRUS TEI)"
                .to_string(),
        );
    }
    Ok(analyze_as(kind, text, retain))
}

impl Analyzed {
    /// A text and the facts extracted from it.
    pub fn new(text: String, mut facts: FileFacts, retain: Retain) -> Analyzed {
        facts.shrink_to_fit();
        let lines = LineIndex::new(&text);
        let text_hash = hash_of(&text);
        let text = match retain {
            Retain::Text => Some(Arc::from(text)),
            Retain::FactsOnly => None,
        };
        Analyzed {
            kind: SourceKind::Markup,
            text,
            text_hash,
            lines,
            facts,
        }
    }
}

/// A hash of a value: the same for equal values, in every run of one
/// build. foldhash with a fixed seed: SipHash took a twentieth of an edit
/// of a 4 MB file on hashing its text alone.
pub fn hash_of<T: std::hash::Hash + ?Sized>(value: &T) -> u64 {
    use std::hash::BuildHasher;
    foldhash::quality::FixedState::with_seed(0x0065_6d65_6e64).hash_one(value)
}

impl SourceFile {
    /// The file's text: the retained copy, or read again from disk.
    pub fn load_text(&self) -> Option<Arc<str>> {
        match &self.text {
            Some(text) => Some(text.clone()),
            None => recent::read(&self.path),
        }
    }

    /// The text the workspace keeps of the file: None under
    /// [`Retain::FactsOnly`].
    pub fn retained_text(&self) -> Option<&str> {
        self.text.as_deref()
    }
}

/// Reads a file as UTF-8, with an error that names the problem.
pub fn read_text(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read: {e}"))?;
    let mut text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        format!("not UTF-8: invalid byte at offset {at} (line {line}); save the file as UTF-8")
    })?;
    // A byte-order mark is no character of the text: editors hide it, and
    // columns counted with it would be one off on the first line.
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    Ok(text)
}

impl Workspace {
    /// Loads the files under the given paths, and the rest of the volumes
    /// they belong to, reporting progress per file.
    pub fn load(paths: &[PathBuf], progress: &dyn Progress, retain: Retain) -> Workspace {
        let (planned, missing) = discover::plan(paths);
        Workspace::load_planned(planned, missing, progress, retain)
    }

    /// Loads the files a plan lists ([`discover::plan`]); the paths it
    /// could not use are the workspace's first problems.
    pub fn load_planned(
        planned: Vec<discover::Planned>,
        missing: Vec<discover::Missing>,
        progress: &dyn Progress,
        retain: Retain,
    ) -> Workspace {
        Workspace::load_with(planned, missing, progress, retain, |_, _| None)
    }

    /// Loads the files a plan lists, taking from `known` (given each
    /// file's place in the plan) the files whose facts are known already
    /// and reading and parsing the others.
    pub fn load_with(
        planned: Vec<discover::Planned>,
        missing: Vec<discover::Missing>,
        progress: &dyn Progress,
        retain: Retain,
        mut known: impl FnMut(usize, &discover::Planned) -> Option<Analyzed>,
    ) -> Workspace {
        let mut results: Vec<(discover::Planned, Result<Analyzed, String>)> = Vec::new();
        let mut unknown = Vec::new();
        for (i, p) in planned.into_iter().enumerate() {
            match known(i, &p) {
                Some(analyzed) => results.push((p, Ok(analyzed))),
                None => unknown.push(p),
            }
        }
        progress.start(unknown.len());
        results.par_extend(unknown.into_par_iter().map(|p| {
            let analyzed = read_source(&p.path, retain);
            progress.tick();
            (p, analyzed)
        }));
        progress.finish();

        let mut ws = Workspace::default();
        ws.problems.extend(missing.into_iter().map(|m| LoadProblem {
            path: m.path,
            line: None,
            message: m.message,
        }));
        let mut inputs = Vec::new();
        for (planned, analyzed) in results {
            match analyzed {
                Ok(a) => inputs.push((planned, a)),
                Err(message) => ws.problems.push(LoadProblem {
                    path: planned.path,
                    line: None,
                    message,
                }),
            }
        }
        ws.add_files(inputs);
        ws
    }

    /// A workspace of files known by their paths alone, without facts or
    /// line indices: what a report of findings kept from an earlier check
    /// needs (it reads the texts it shows).
    pub fn of_paths(files: Vec<(PathBuf, bool)>, problems: Vec<LoadProblem>) -> Workspace {
        let files: Vec<Arc<SourceFile>> = files
            .into_iter()
            .map(|(path, reported)| {
                Arc::new(SourceFile {
                    abs: discover::absolute(&path).into(),
                    kind: SourceKind::of(&path).unwrap_or(SourceKind::Markup),
                    text_hash: 0,
                    lines: LineIndex::new(""),
                    path: path.into(),
                    text: None,
                    facts: FileFacts::default(),
                    volume: 0,
                    reported,
                })
            })
            .collect();
        let mut ws = Workspace {
            files,
            problems,
            ..Workspace::default()
        };
        ws.index_paths();
        ws
    }

    /// Builds a workspace from texts in memory (tests, the language server).
    /// Each entry is a path and its text; volumes are found from the paths
    /// alone: a file named `volume.emd` makes its folder a volume.
    pub fn from_texts(files: Vec<(PathBuf, String)>) -> Workspace {
        let inputs = files
            .into_par_iter()
            .map(|(path, text)| {
                let kind = SourceKind::of(&path).unwrap_or(SourceKind::Markup);
                (
                    discover::Planned {
                        path,
                        reported: true,
                        volume_root: None,
                    },
                    analyze_as(kind, text, Retain::Text),
                )
            })
            .collect();
        let mut ws = Workspace::default();
        ws.add_files(inputs);
        ws
    }

    fn add_files(&mut self, inputs: Vec<(discover::Planned, Analyzed)>) {
        let inputs: Vec<(Arc<Path>, discover::Planned, Analyzed)> = inputs
            .into_par_iter()
            .map(|(planned, analyzed)| {
                (discover::absolute(&planned.path).into(), planned, analyzed)
            })
            .collect();
        for (abs, planned, analyzed) in inputs {
            let file = SourceFile {
                path: planned.path.into(),
                abs,
                text: analyzed.text,
                kind: analyzed.kind,
                text_hash: analyzed.text_hash,
                lines: analyzed.lines,
                facts: analyzed.facts,
                volume: 0,
                reported: planned.reported,
            };
            match self.by_path.get(&file.abs) {
                Some(&i) => self.files[i] = Arc::new(file),
                None => {
                    Arc::make_mut(&mut self.by_path).insert(file.abs.clone(), self.files.len());
                    self.files.push(Arc::new(file));
                }
            }
        }
        self.regroup();
    }

    /// The index of the file at this path (absolute or as loaded).
    pub fn file_by_path(&self, path: &Path) -> Option<usize> {
        self.by_path
            .get(discover::absolute(path).as_path())
            .copied()
    }

    /// Adds or replaces one file from a text in memory (an editor's buffer,
    /// a file changed on disk). Returns the file's index and the volumes
    /// whose tables changed.
    pub fn upsert(&mut self, path: &Path, text: String) -> (usize, Vec<usize>) {
        self.upsert_analyzed(path, analyze(text, Retain::Text))
    }

    /// Adds or replaces one file, its text analyzed.
    pub fn set(&mut self, path: &Path, analyzed: Analyzed) -> (usize, Vec<usize>) {
        self.upsert_analyzed(path, analyzed)
    }

    fn upsert_analyzed(&mut self, path: &Path, analyzed: Analyzed) -> (usize, Vec<usize>) {
        let abs = discover::absolute(path);
        let existing = self.by_path.get(abs.as_path()).copied();
        let is_volume_file = abs.file_name().is_some_and(|n| n == discover::VOLUME_FILE);
        match existing {
            Some(i) if !is_volume_file => {
                let old = &self.files[i];
                let file = SourceFile {
                    path: old.path.clone(),
                    abs: old.abs.clone(),
                    text: analyzed.text,
                    kind: analyzed.kind,
                    text_hash: analyzed.text_hash,
                    lines: analyzed.lines,
                    facts: analyzed.facts,
                    volume: old.volume,
                    reported: old.reported,
                };
                let v = file.volume;
                let same = Volume::same_tables(&old.facts, &file.facts);
                self.files[i] = Arc::new(file);
                if !same {
                    self.rebuild_volume(v);
                }
                (i, vec![v])
            }
            _ => {
                self.add_files(vec![(
                    discover::Planned {
                        path: path.to_path_buf(),
                        reported: true,
                        volume_root: None,
                    },
                    analyzed,
                )]);
                let i = self.file_by_path(path).unwrap_or(0);
                (i, (0..self.volumes.len()).collect())
            }
        }
    }

    /// Removes a file. Returns whether it was there.
    pub fn remove(&mut self, path: &Path) -> bool {
        let abs = discover::absolute(path);
        let Some(i) = Arc::make_mut(&mut self.by_path).remove(abs.as_path()) else {
            return false;
        };
        self.files.remove(i);
        self.index_paths();
        self.regroup();
        true
    }

    fn index_paths(&mut self) {
        self.by_path = Arc::new(
            self.files
                .iter()
                .enumerate()
                .map(|(i, f)| (f.abs.clone(), i))
                .collect(),
        );
    }

    /// Sorts files by path and groups them into volumes (markup spec §1):
    /// a file belongs to the nearest folder above it that holds a loaded
    /// `volume.emd`; a file under none is a volume of its own.
    fn regroup(&mut self) {
        self.files.sort_by(|a, b| a.path.cmp(&b.path));
        self.index_paths();
        let volume_dirs: Set<&Path> = self
            .files
            .iter()
            .filter(|f| {
                f.abs
                    .file_name()
                    .is_some_and(|n| n == discover::VOLUME_FILE)
            })
            .filter_map(|f| f.abs.parent())
            .collect();
        let mut keys: Vec<(PathBuf, PathBuf, bool)> = Vec::new();
        let mut assignment = Vec::with_capacity(self.files.len());
        // The volume of the file before, by its folders (absolute and as
        // shown): the files of a folder are sorted together, and share it.
        let mut last: Option<(&Path, &Path, usize)> = None;
        for f in &self.files {
            let folders = f.abs.parent().zip(f.path.parent());
            if let (Some((abs_dir, shown_dir)), Some((a, s, v))) = (folders, last) {
                let same = |x: &Path, y: &Path| x.as_os_str() == y.as_os_str();
                if f.kind == SourceKind::Markup && same(abs_dir, a) && same(shown_dir, s) {
                    assignment.push(v);
                    continue;
                }
            }
            // A TEI file is a whole volume.
            let root = match f.kind {
                SourceKind::Tei => None,
                SourceKind::Markup => {
                    discover::volume_folder_of(&f.abs, |d| volume_dirs.contains(d))
                }
            };
            let (key, shown, implicit) = match root {
                Some(root) => {
                    let depth = f
                        .abs
                        .strip_prefix(root)
                        .map_or(0, |r| r.components().count());
                    let mut shown = f.path.to_path_buf();
                    for _ in 0..depth {
                        shown.pop();
                    }
                    (root.to_path_buf(), shown, false)
                }
                None => (f.abs.to_path_buf(), f.path.to_path_buf(), true),
            };
            let v = match keys.iter().position(|k| k.0 == key) {
                Some(v) => v,
                None => {
                    keys.push((key, shown, implicit));
                    keys.len() - 1
                }
            };
            // A file outside every volume is a volume of its own: its
            // neighbours are not in it.
            last = match (f.kind, folders, keys[v].2) {
                (SourceKind::Markup, Some((a, s)), false) => Some((a, s, v)),
                _ => None,
            };
            assignment.push(v);
        }
        for (f, v) in self.files.iter_mut().zip(&assignment) {
            if f.volume != *v {
                Arc::make_mut(f).volume = *v;
            }
        }
        let mut volumes: Vec<Volume> = keys
            .into_iter()
            .map(|(key, shown, implicit)| Volume::new(key, shown, implicit))
            .collect();
        for (i, v) in assignment.iter().enumerate() {
            volumes[*v].files.push(i);
        }
        let files = &self.files;
        self.volumes = volumes
            .into_par_iter()
            .map(|mut v| {
                v.rebuild(files);
                Arc::new(v)
            })
            .collect();
        self.index_volume_ids();
    }

    fn index_volume_ids(&mut self) {
        let mut by_id = Map::default();
        for (i, v) in self.volumes.iter().enumerate() {
            by_id.entry(v.id.clone()).or_insert(i);
        }
        self.by_volume_id = Arc::new(by_id);
    }

    /// Recomputes the look-up tables of one volume from its files' facts.
    pub fn rebuild_volume(&mut self, v: usize) {
        let Some(old) = self.volumes.get(v) else {
            return;
        };
        let mut volume = Volume::new(old.key.clone(), old.root.clone(), old.implicit);
        volume.files = old.files.clone();
        volume.rebuild(&self.files);
        let id_changed = volume.id != old.id;
        self.volumes[v] = Arc::new(volume);
        if id_changed {
            self.index_volume_ids();
        }
    }

    /// The index of the volume with this id (the first, when two folders
    /// share one: `volume-duplicate-id`).
    pub fn volume_index_of(&self, id: &str) -> Option<usize> {
        self.by_volume_id.get(id).copied()
    }

    pub fn volume_of(&self, file: usize) -> &Volume {
        &self.volumes[self.files[file].volume]
    }
}
