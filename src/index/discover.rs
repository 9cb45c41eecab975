//! Finding the files of a workspace and the volume each belongs to
//! (markup spec §1).

use crate::hash::Map;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const VOLUME_FILE: &str = "volume.emd";
pub const EXTENSION: &str = "emd";
/// The end of a markup file's name.
pub const MARKUP_SUFFIX: &str = ".emd";

/// A file to load: where it is, and whether diagnostics are wanted for it
/// (files of a volume outside the given paths are loaded for context only).
#[derive(Debug, Clone)]
pub struct Planned {
    pub path: PathBuf,
    pub reported: bool,
    /// The folder of the volume the file belongs to; None for a file that
    /// stands outside every volume.
    pub volume_root: Option<PathBuf>,
}

/// A path the user named that could not be used.
#[derive(Debug, Clone)]
pub struct Missing {
    pub path: PathBuf,
    pub message: String,
}

pub fn is_markup_file(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == EXTENSION)
}

/// Whether a file found in a folder is a source the index reads: markup,
/// or XML whose root element is `TEI` (its first few kilobytes are read
/// to tell).
pub fn is_source_file(path: &Path) -> bool {
    match super::SourceKind::of(path) {
        Some(super::SourceKind::Markup) => true,
        Some(kind @ super::SourceKind::Tei) => {
            use std::io::Read;
            let mut head = Vec::new();
            let read = std::fs::File::open(path)
                .and_then(|f| f.take(4096).read_to_end(&mut head))
                .is_ok();
            // A multi-byte character may be cut at the end of the head.
            read && kind.reads(&String::from_utf8_lossy(&head))
        }
        None => false,
    }
}

fn is_skipped_dir(name: &str) -> bool {
    name.starts_with('.') || name == "target" || name == "node_modules"
}

/// Lists the `.emd` files under a folder, sorted, without hidden folders.
/// Errors met while walking (unreadable folders) are returned beside.
pub fn markup_files_under(dir: &Path) -> (Vec<PathBuf>, Vec<Missing>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    // Links are followed: a volume linked into a workspace is part of it.
    // A link that loops is reported by the walk, not followed forever.
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !e.file_type().is_dir()
                || !is_skipped_dir(&e.file_name().to_string_lossy())
        });
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() && is_source_file(e.path()) => {
                files.push(e.path().to_path_buf())
            }
            Ok(_) => {}
            Err(err) => problems.push(Missing {
                path: err
                    .path()
                    .map_or_else(|| dir.to_path_buf(), Path::to_path_buf),
                message: err.to_string(),
            }),
        }
    }
    (files, problems)
}

/// Finds the volume folder of a file: the nearest folder at or above it
/// that holds a `volume.emd`. The search stops at a folder that holds an
/// `emend.toml` or a `.git`, the top of a workspace.
pub struct VolumeFinder {
    cache: Map<PathBuf, Option<PathBuf>>,
}

impl Default for VolumeFinder {
    fn default() -> Self {
        Self::new()
    }
}

impl VolumeFinder {
    pub fn new() -> Self {
        VolumeFinder {
            cache: Map::default(),
        }
    }

    pub fn volume_root(&mut self, file: &Path) -> Option<PathBuf> {
        let dir = file.parent()?.to_path_buf();
        self.root_of_dir(&dir)
    }

    fn root_of_dir(&mut self, dir: &Path) -> Option<PathBuf> {
        if let Some(hit) = self.cache.get(dir) {
            return hit.clone();
        }
        let found = if dir.join(VOLUME_FILE).is_file() {
            Some(dir.to_path_buf())
        } else if is_workspace_top(dir) {
            None
        } else {
            match dir.parent() {
                Some(parent) if parent != dir => self.root_of_dir(parent),
                _ => None,
            }
        };
        self.cache.insert(dir.to_path_buf(), found.clone());
        found
    }
}

fn is_workspace_top(dir: &Path) -> bool {
    dir.join("emend.toml").is_file() || dir.join(".git").exists()
}

/// The volume a file belongs to (markup spec §1): the nearest folder
/// above it that is a volume folder, as `is_volume` says; None for a file
/// under none, which is a volume of its own.
pub fn volume_folder_of(file: &Path, is_volume: impl Fn(&Path) -> bool) -> Option<&Path> {
    file.ancestors()
        .skip(1)
        .filter(|d| !d.as_os_str().is_empty())
        .find(|d| is_volume(d))
}

/// Absolute form of a path without resolving links, for comparing paths.
pub fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        return std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    }
    // The working folder is asked for once: a check absolutizes every path.
    static CWD: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    match CWD.get_or_init(|| std::env::current_dir().ok()) {
        Some(cwd) => std::path::absolute(cwd.join(path)).unwrap_or_else(|_| path.to_path_buf()),
        None => std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()),
    }
}

/// Plans what to load for a check of the given paths: the files under them,
/// plus every other file of the volumes they touch.
pub fn plan(paths: &[PathBuf]) -> (Vec<Planned>, Vec<Missing>) {
    let mut problems = Vec::new();
    // Lists sorted at the end rather than trees: a walk yields paths in
    // order already, which a sort passes over once, and comparing paths
    // component by component is what a tree of thousands spent its time on.
    let mut reported: Vec<PathBuf> = Vec::new();
    let mut display: Map<PathBuf, PathBuf> = Map::default();
    for path in paths {
        if path.is_dir() {
            let (files, errs) = markup_files_under(path);
            problems.extend(errs);
            for f in files {
                let abs = absolute(&f);
                display.entry(abs.clone()).or_insert(f);
                reported.push(abs);
            }
        } else if path.is_file() {
            let abs = absolute(path);
            display.entry(abs.clone()).or_insert_with(|| path.clone());
            reported.push(abs);
        } else {
            problems.push(Missing {
                path: path.clone(),
                message: "no such file or folder".to_string(),
            });
        }
    }

    reported.sort();
    reported.dedup();
    let mut finder = VolumeFinder::new();
    let mut roots: BTreeMap<PathBuf, PathBuf> = BTreeMap::new();
    let mut planned: Vec<(PathBuf, Planned)> = Vec::new();
    for abs in &reported {
        let root = finder.volume_root(abs);
        if let Some(root) = &root {
            // Display the volume folder the way the user reached the file.
            let shown = display
                .get(abs)
                .and_then(|d| {
                    let rel = abs.strip_prefix(root).ok()?;
                    let mut p = d.clone();
                    for _ in rel.components() {
                        p.pop();
                    }
                    // `d261.emd` named from inside its volume: the volume
                    // is the working folder.
                    if p.as_os_str().is_empty() {
                        p = PathBuf::from(".");
                    }
                    Some(p)
                })
                .unwrap_or_else(|| root.clone());
            roots.entry(root.clone()).or_insert(shown);
        }
        planned.push((
            abs.clone(),
            Planned {
                path: display.get(abs).cloned().unwrap_or_else(|| abs.clone()),
                reported: true,
                volume_root: root,
            },
        ));
    }

    // The rest of each volume, for context. A volume inside a folder that
    // was named has been read whole already.
    let walked: Vec<PathBuf> = paths
        .iter()
        .filter(|p| p.is_dir())
        .map(|p| absolute(p))
        .collect();
    for (root, shown) in &roots {
        if walked.iter().any(|w| root.starts_with(w)) {
            continue;
        }
        let (files, errs) = markup_files_under(shown);
        problems.extend(errs);
        for f in files {
            let abs = absolute(&f);
            if display.contains_key(&abs) {
                continue;
            }
            if finder.volume_root(&abs).as_ref() != Some(root) {
                continue;
            }
            display.insert(abs.clone(), f.clone());
            planned.push((
                abs,
                Planned {
                    path: f,
                    reported: false,
                    volume_root: Some(root.clone()),
                },
            ));
        }
    }
    planned.sort_by(|a, b| a.0.cmp(&b.0));
    (planned.into_iter().map(|(_, p)| p).collect(), problems)
}
