//! The analysis database: the one owner of the workspace's state, changed
//! only through [`AnalysisHost::apply`], which tells from the facts
//! themselves what a change invalidates; [`Analysis`] snapshots are cheap
//! immutable values that the language server and the CLI both query.
//!
//! Inputs are file texts by [`SourceKind`] and the user's severities. From
//! them come each file's facts (kept with its syntax tree while it is
//! edited, so that an edit re-parses only what it touched), the volumes'
//! tables, the authority of archival citations, and the diagnostics of
//! each volume. A volume's diagnostics are computed again only when what
//! they are a function of changed, which each volume's fingerprints say:
//!
//! - its own files (their paths and texts), the ids and folders of every
//!   volume of the workspace (`volume-duplicate-id`, and which volume an id
//!   names), and the documents, footnotes and pages of the volumes its
//!   references cite: every rule but one;
//! - its own files and the authority of archival citations, which every
//!   source note of the workspace feeds: `source-unknown-archive`.
//!
//! Severities are applied when diagnostics are read, so a change of them
//! re-checks nothing. The property test in `tests/analysis_incremental.rs`
//! holds the database to this: after any sequence of changes, its answers
//! are those of a database built afresh from the same texts.

use crate::facts::{FileFacts, Target};
use crate::features;
use crate::hash::{Map, Set};
use crate::index::Authority;
use crate::index::{self, hash_of, Analyzed, Retain, Workspace};
use crate::rules::{self, Diagnostic, Severities};
use crate::syntax::edit::{self, TextEdit};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use crate::index::SourceKind;

/// A change of the database's inputs.
#[derive(Debug, Clone)]
pub enum Change {
    /// A file's whole text: a file opened, read from disk, or created. A
    /// file of no [`SourceKind`] is not read.
    Set { path: PathBuf, text: String },
    /// Edits of a file's text, in order, each in bytes of the text the
    /// edits before it left (an editor's changes).
    Edit { path: PathBuf, edits: Vec<TextEdit> },
    /// A file gone from the workspace.
    Remove { path: PathBuf },
    /// A file moved, with its text.
    Rename { from: PathBuf, to: PathBuf },
    /// The severities in force.
    Severities(Severities),
    /// A workspace read from disk, which replaces every file.
    Load(Workspace),
}

/// Changes applied to the inputs whose diagnostics are not checked yet.
pub struct Pending {
    affected: Affected,
    dirty: Dirty,
}

/// What a change may have changed: the files whose diagnostics are to be
/// read again, by absolute path: those whose findings differ, and those
/// whose text changed (a file removed is among them, with none).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Affected {
    pub files: BTreeSet<Arc<Path>>,
}

impl Affected {
    /// Every file of a workspace. Into an empty set they go in one sorted
    /// build: one by one, each would be compared with a dozen paths,
    /// component by component.
    fn add_all(&mut self, ws: &Workspace) {
        let all = ws.files.iter().map(|f| f.abs.clone());
        if self.files.is_empty() {
            self.files = all.collect();
        } else {
            self.files.extend(all);
        }
    }
}

/// The diagnostics of one part of a volume, by file.
type ByFile = Map<Arc<Path>, Vec<Diagnostic>>;

/// The findings of a file's own checks, and the key of what they were
/// computed from: the file, its context in the volume, and what its
/// references can resolve to.
#[derive(Clone)]
struct FileChecked {
    key: u64,
    found: Arc<Vec<Diagnostic>>,
}

/// What was last computed for a volume, and from what.
#[derive(Default, Clone)]
struct Checked {
    local_key: Option<u64>,
    /// The findings of the checks across the volume.
    local: Arc<ByFile>,
    /// Per file, the findings of the checks of one file.
    files: Arc<Map<Arc<Path>, FileChecked>>,
    archive_key: Option<u64>,
    /// Per file, the findings of the archive rule.
    archive: Arc<Map<Arc<Path>, FileChecked>>,
}

impl Checked {
    /// The findings in a file, as computed (before severities): those of
    /// the checks across the volume, of the file's own checks, and of the
    /// archive rule.
    fn found(&self, path: &Path) -> [&[Diagnostic]; 3] {
        fn of<'a>(m: &'a ByFile, path: &Path) -> &'a [Diagnostic] {
            m.get(path).map(Vec::as_slice).unwrap_or_default()
        }
        fn kept<'a>(m: &'a Map<Arc<Path>, FileChecked>, path: &Path) -> &'a [Diagnostic] {
            m.get(path).map(|c| c.found.as_slice()).unwrap_or_default()
        }
        [
            of(&self.local, path),
            kept(&self.files, path),
            kept(&self.archive, path),
        ]
    }
}

/// Per volume, what other volumes see of it, kept by the hash of its own
/// files: the hash of its documents, footnotes, pages and register
/// entries, and the volume ids its references name.
#[derive(Clone)]
struct VolumeSummary {
    own: u64,
    exports: u64,
    cites: Vec<String>,
}

pub struct AnalysisHost {
    ws: Workspace,
    authority: Arc<Authority>,
    /// Counts the authority's changes.
    authority_version: u64,
    severities: Severities,
    /// Syntax trees of the markup files being edited.
    trees: Map<PathBuf, tree_sitter::Tree>,
    summaries: Map<PathBuf, VolumeSummary>,
    /// Per file of the workspace (by index), what the fingerprints need.
    files: Vec<FileSummary>,
    /// Per file, its volume's id and its text's hash when it last gave the
    /// authority its citations, and the hashes of those.
    cited: Map<Arc<Path>, CitationsKey>,
    /// The diagnostics of each volume, by its key.
    checked: Arc<Map<PathBuf, Arc<Checked>>>,
    /// The hash of every volume's key, folder and id.
    world: u64,
    /// The diagnostics are those of the inputs as they are.
    checked_now: bool,
}

/// What the changes of one `apply` touched: some files whose text changed
/// in place (the volumes stay as they were), or anything.
enum Dirty {
    Files(Set<PathBuf>),
    Everything,
}

impl Dirty {
    fn file(&mut self, abs: PathBuf) {
        if let Dirty::Files(files) = self {
            files.insert(abs);
        }
    }
}

#[derive(Clone, PartialEq, Eq)]
struct CitationsKey {
    volume: String,
    text_hash: u64,
    citations: u64,
}

/// What the fingerprints need of a file, kept beside the workspace's
/// files (same indices) and made again only for the files a change touched.
#[derive(Clone)]
struct FileSummary {
    /// Its paths and its text.
    own: u64,
    /// What the files of its volume and of other volumes can look up in
    /// it: its documents by number and id with their footnote labels, its
    /// page numbers, and its register entries.
    exports: u64,
    /// The ids of the volumes its references name.
    cites: Vec<String>,
}

/// An immutable state of the database.
#[derive(Clone)]
pub struct Analysis {
    pub ws: Workspace,
    pub authority: Arc<Authority>,
    pub severities: Severities,
    checked: Arc<Map<PathBuf, Arc<Checked>>>,
    /// Whether the diagnostics are those of these texts: false between
    /// [`AnalysisHost::update`] and [`AnalysisHost::check`].
    pub checked_now: bool,
}

impl Default for AnalysisHost {
    fn default() -> Self {
        AnalysisHost::new()
    }
}

impl AnalysisHost {
    pub fn new() -> Self {
        AnalysisHost {
            ws: Workspace::default(),
            authority: Arc::new(Authority::new()),
            authority_version: 0,
            severities: Severities::default(),
            trees: Map::default(),
            summaries: Map::default(),
            files: Vec::new(),
            cited: Map::default(),
            checked: Arc::new(Map::default()),
            world: 0,
            checked_now: true,
        }
    }

    /// A database of a workspace already read.
    pub fn of(ws: Workspace, severities: Severities) -> Self {
        let mut host = AnalysisHost::new();
        host.apply(vec![Change::Load(ws), Change::Severities(severities)]);
        host
    }

    /// Whether the database holds a file.
    pub fn has_file(&self, path: &Path) -> bool {
        self.ws.file_by_path(path).is_some()
    }

    /// The current state.
    pub fn analysis(&self) -> Analysis {
        Analysis {
            ws: self.ws.clone(),
            authority: self.authority.clone(),
            severities: self.severities.clone(),
            checked: self.checked.clone(),
            checked_now: self.checked_now,
        }
    }

    /// Applies changes in order, then brings what is derived from them up
    /// to date once.
    pub fn apply(&mut self, changes: impl IntoIterator<Item = Change>) -> Affected {
        let pending = self.update(changes);
        self.check(pending)
    }

    /// The first half of [`AnalysisHost::apply`]: the changes applied to
    /// the inputs and to all that is derived of them but the diagnostics.
    /// An analysis taken now answers hover, definition and the rest of the
    /// new texts, and still holds the diagnostics of before
    /// ([`Analysis::checked_now`] is false) until [`AnalysisHost::check`].
    pub fn update(&mut self, changes: impl IntoIterator<Item = Change>) -> Pending {
        let mut affected = Affected::default();
        let mut dirty = Dirty::Files(Set::default());
        for change in changes {
            self.apply_one(change, &mut affected, &mut dirty);
        }
        self.update_authority(&dirty);
        self.checked_now = false;
        Pending { affected, dirty }
    }

    /// The second half of [`AnalysisHost::apply`]: the diagnostics of the
    /// volumes the changes concern, checked again.
    pub fn check(&mut self, pending: Pending) -> Affected {
        let Pending {
            mut affected,
            dirty,
        } = pending;
        self.recheck(&mut affected, &dirty);
        self.checked_now = true;
        affected
    }

    fn apply_one(&mut self, change: Change, affected: &mut Affected, dirty: &mut Dirty) {
        // XML that is not FRUS TEI is no source: a file that becomes such
        // leaves.
        let change = match change {
            Change::Set { path, text }
                if SourceKind::of(&path).is_some_and(|k| !k.reads(&text)) =>
            {
                Change::Remove { path }
            }
            other => other,
        };
        // A TEI file names its volume: a change of that name regroups.
        let volume_id = |ws: &Workspace, path: &Path| {
            ws.file_by_path(path)
                .filter(|&f| ws.files[f].kind == SourceKind::Tei)
                .map(|f| ws.volume_of(f).id.clone())
        };
        let tei_before = match &change {
            Change::Set { path, .. } | Change::Edit { path, .. } => {
                volume_id(&self.ws, path).map(|id| (path.clone(), id))
            }
            _ => None,
        };
        self.apply_change(change, affected, dirty);
        if let Some((path, id)) = tei_before {
            if volume_id(&self.ws, &path).is_none_or(|now| now != id) {
                *dirty = Dirty::Everything;
            }
        }
    }

    fn apply_change(&mut self, change: Change, affected: &mut Affected, dirty: &mut Dirty) {
        // Only sources of a kind the database reads enter it.
        if let Change::Set { path, .. }
        | Change::Edit { path, .. }
        | Change::Rename { to: path, .. } = &change
        {
            if SourceKind::of(path).is_none() {
                if let Change::Rename { from, .. } = change {
                    self.apply_change(Change::Remove { path: from }, affected, dirty);
                }
                return;
            }
        }
        // A file changed in place keeps the volumes as they are; a file
        // added, removed or moved, or a volume's own file, may regroup them.
        let in_place = |ws: &Workspace, path: &Path| {
            ws.file_by_path(path).is_some()
                && path
                    .file_name()
                    .is_none_or(|n| n != index::discover::VOLUME_FILE)
        };
        match &change {
            Change::Set { path, .. } | Change::Edit { path, .. } if in_place(&self.ws, path) => {
                dirty.file(index::discover::absolute(path));
            }
            Change::Severities(_) => {}
            _ => *dirty = Dirty::Everything,
        }
        // A file whose text changes is read again even where its findings
        // keep their bytes: their lines and columns may have moved.
        if let Change::Set { path, .. }
        | Change::Edit { path, .. }
        | Change::Rename { to: path, .. } = &change
        {
            affected
                .files
                .insert(index::discover::absolute(path).into());
        }
        match change {
            Change::Set { path, text } => {
                self.trees.remove(&path);
                let kind = SourceKind::of(&path).unwrap_or(SourceKind::Markup);
                self.ws
                    .set(&path, index::analyze_as(kind, text, Retain::Text));
            }
            Change::Edit { path, edits } => self.edit(path, &edits),
            Change::Remove { path } => {
                self.trees.remove(&path);
                if self.ws.remove(&path) {
                    affected
                        .files
                        .insert(index::discover::absolute(&path).into());
                }
            }
            Change::Rename { from, to } => {
                self.trees.remove(&from);
                self.trees.remove(&to);
                let text = self
                    .ws
                    .file_by_path(&from)
                    .and_then(|f| self.ws.files[f].load_text());
                if self.ws.remove(&from) {
                    affected
                        .files
                        .insert(index::discover::absolute(&from).into());
                }
                let kind = SourceKind::of(&to).unwrap_or(SourceKind::Markup);
                if let Some(text) = text.filter(|t| kind.reads(t)) {
                    self.ws
                        .set(&to, index::analyze_as(kind, text.to_string(), Retain::Text));
                }
            }
            Change::Severities(severities) => {
                self.severities = severities;
                // Applied when read: every file may read differently.
                affected.add_all(&self.ws);
            }
            Change::Load(ws) => {
                affected.add_all(&self.ws);
                self.trees.clear();
                self.ws = ws;
            }
        }
    }

    /// Edits a file's text and re-parses what the edits touched. A file the
    /// database does not have is taken to be empty.
    fn edit(&mut self, path: PathBuf, edits: &[TextEdit]) {
        let mut text = self
            .ws
            .file_by_path(&path)
            .and_then(|f| self.ws.files[f].load_text())
            .map(|t| t.to_string())
            .unwrap_or_default();
        let kind = SourceKind::of(&path).unwrap_or(SourceKind::Markup);
        let old_tree = self.trees.remove(&path);
        let old_facts = self.ws.file_by_path(&path).map(|f| &self.ws.files[f].facts);
        let (tree, facts) = match kind {
            SourceKind::Markup => {
                let mut tree = old_tree.unwrap_or_else(|| crate::syntax::parse(&text));
                edit::apply(&mut text, &mut tree, edits);
                let facts = crate::facts::extract(
                    &crate::syntax::SyntaxTree::from_tree_sitter(&tree),
                    &text,
                );
                (Some(tree), facts)
            }
            SourceKind::Tei => {
                // An edit inside one document reads that document again
                // alone (one it leaves not well-formed keeps its facts and
                // reports its errors); any other, the whole text: through
                // the DOM, or by tree-sitter where it is not well-formed.
                // No tree is kept between edits: tree-sitter's recovery
                // re-reads most of a volume after a half-typed tag anyway.
                let applied = edit::apply_text(&mut text, edits);
                let one_document = match (applied.as_slice(), old_facts) {
                    ([one], Some(old)) => {
                        crate::facts::tei_edit::after_edit(old, &text, &one.range, one.text.len())
                    }
                    _ => None,
                };
                let facts = one_document
                    .or_else(|| crate::facts::tei::extract_fast(&text))
                    .unwrap_or_else(|| {
                        crate::facts::tei::extract(&crate::syntax::xml::parse(&text), &text)
                    });
                (None, facts)
            }
        };
        let mut analyzed = Analyzed::new(text, facts, Retain::Text);
        analyzed.kind = kind;
        self.ws.set(&path, analyzed);
        if let Some(tree) = tree {
            self.trees.insert(path, tree);
        }
    }

    /// The authority again for every file whose citations or volume id
    /// changed, and without the files that left; its version counts these
    /// changes. Citations moved by an edit above them are not set again:
    /// where a note stands orders the notes of one file, which an edit
    /// that leaves their text alone cannot reorder. Only files whose text
    /// or volume changed are looked into.
    fn update_authority(&mut self, dirty: &Dirty) {
        let ws = &self.ws;
        let mut changed = false;
        if matches!(dirty, Dirty::Everything) {
            let present: Set<&Path> = ws.files.iter().map(|f| &*f.path).collect();
            let gone: Vec<Arc<Path>> = self
                .cited
                .keys()
                .filter(|p| !present.contains(&***p))
                .cloned()
                .collect();
            for path in gone {
                self.cited.remove(&*path);
                Arc::make_mut(&mut self.authority).remove_file(&path);
                changed = true;
            }
        }
        let files: Vec<usize> = match dirty {
            Dirty::Everything => (0..ws.files.len()).collect(),
            Dirty::Files(paths) => paths.iter().filter_map(|p| ws.file_by_path(p)).collect(),
        };
        for i in files {
            let f = &ws.files[i];
            let volume = &ws.volume_of(i).id;
            let before = self.cited.get(&*f.path);
            if before.is_some_and(|b| b.text_hash == f.text_hash && &b.volume == volume) {
                continue;
            }
            let citations = citations_hash(&f.facts);
            let key = CitationsKey {
                volume: volume.clone(),
                text_hash: f.text_hash,
                citations,
            };
            if before.is_none_or(|b| (&b.volume, b.citations) != (volume, citations)) {
                Arc::make_mut(&mut self.authority).set_file(&f.path, volume, &f.facts);
                changed = true;
            }
            self.cited.insert(f.path.clone(), key);
        }
        if changed {
            self.authority_version += 1;
        }
    }

    /// Computes again the diagnostics of every volume whose fingerprints
    /// changed, and forgets those of volumes that are gone.
    fn recheck(&mut self, affected: &mut Affected, dirty: &Dirty) {
        match dirty {
            Dirty::Everything => {
                let ws = &self.ws;
                self.files = (0..ws.files.len())
                    .into_par_iter()
                    .map(|f| file_summary(ws, f))
                    .collect();
            }
            Dirty::Files(paths) => {
                for f in paths.iter().filter_map(|p| self.ws.file_by_path(p)) {
                    if let Some(slot) = self.files.get_mut(f) {
                        *slot = file_summary(&self.ws, f);
                    }
                }
            }
        }
        let ws = &self.ws;
        let files = &self.files;
        // What each volume is made of, and what others see of it: again for
        // the volumes a change touched, as before for the others.
        let mut touched: Vec<bool> = ws
            .volumes
            .iter()
            .map(|v| matches!(dirty, Dirty::Everything) || !self.summaries.contains_key(&v.key))
            .collect();
        if let Dirty::Files(paths) = dirty {
            for f in paths.iter().filter_map(|p| ws.file_by_path(p)) {
                touched[ws.files[f].volume] = true;
            }
        }
        let mut summaries: Map<PathBuf, VolumeSummary> = Map::default();
        for (v, volume) in ws.volumes.iter().enumerate() {
            let before = self.summaries.get(&volume.key);
            let summary = match before {
                Some(s) if !touched[v] => s.clone(),
                _ => {
                    let own = own_hash(ws, files, v);
                    match before {
                        Some(s) if s.own == own => s.clone(),
                        _ => VolumeSummary {
                            own,
                            exports: exports_hash(ws, files, v),
                            cites: cited_volumes(ws, files, v),
                        },
                    }
                }
            };
            summaries.insert(volume.key.clone(), summary);
        }
        if matches!(dirty, Dirty::Everything) {
            self.world = hash_of(
                &ws.volumes
                    .iter()
                    .map(|v| (&v.key, &v.root, &v.id, v.implicit))
                    .collect::<Vec<_>>(),
            );
        }
        let world = self.world;
        // Per volume: the key of its checks, the key of what its files'
        // references can resolve to, and the key of its archive check.
        let exports: Vec<u64> = ws
            .volumes
            .iter()
            .map(|volume| summaries[&volume.key].exports)
            .collect();
        let keys: Vec<(u64, u64, u64)> = ws
            .volumes
            .iter()
            .map(|volume| {
                let s = &summaries[&volume.key];
                let cited: Vec<Option<u64>> = s
                    .cites
                    .iter()
                    .map(|id| ws.volume_index_of(id).map(|c| exports[c]))
                    .collect();
                (
                    hash_of(&(s.own, world, &cited)),
                    hash_of(&(s.exports, world, &cited)),
                    hash_of(&(s.own, self.authority_version)),
                )
            })
            .collect();
        let authority = &self.authority;
        let authority_version = self.authority_version;
        let before = &self.checked;
        type Rechecked = (
            usize,
            Option<(ByFile, Map<Arc<Path>, FileChecked>)>,
            Option<Map<Arc<Path>, FileChecked>>,
        );
        let results: Vec<Rechecked> = (0..ws.volumes.len())
            .into_par_iter()
            .map(|v| {
                let was = before.get(&ws.volumes[v].key);
                let (local_key, resolving_key, archive_key) = keys[v];
                let local = (was.and_then(|c| c.local_key) != Some(local_key)).then(|| {
                    let kept = was.map(|c| &*c.files);
                    (
                        by_file(ws, rules::local_findings(ws, v)),
                        check_files(ws, files, v, resolving_key, kept),
                    )
                });
                let archive = (was.and_then(|c| c.archive_key) != Some(archive_key)).then(|| {
                    let kept = was.map(|c| &*c.archive);
                    check_archives(ws, files, v, authority_version, authority, kept)
                });
                (v, local, archive)
            })
            .collect();
        let mut checked: Map<PathBuf, Arc<Checked>> = Map::default();
        for (v, local, archive) in results {
            let volume = &ws.volumes[v];
            let was = self.checked.get(&volume.key);
            if local.is_none() && archive.is_none() {
                if let Some(was) = was {
                    checked.insert(volume.key.clone(), was.clone());
                    continue;
                }
            }
            let before = was.map(|c| (**c).clone()).unwrap_or_default();
            let mut entry = before.clone();
            if let Some((local, files)) = local {
                entry.local = Arc::new(local);
                entry.files = Arc::new(files);
            }
            if let Some(archive) = archive {
                entry.archive = Arc::new(archive);
            }
            (entry.local_key, entry.archive_key) = (Some(keys[v].0), Some(keys[v].2));
            // The files whose findings differ, part by part.
            differing(&before.local, &entry.local, &mut affected.files);
            differing(&before.files, &entry.files, &mut affected.files);
            differing(&before.archive, &entry.archive, &mut affected.files);
            checked.insert(volume.key.clone(), Arc::new(entry));
        }
        // Volumes gone: their files' diagnostics with them.
        for (key, gone) in self.checked.iter() {
            if !checked.contains_key(key) {
                affected.files.extend(
                    gone.local
                        .keys()
                        .chain(gone.files.keys())
                        .chain(gone.archive.keys())
                        .cloned(),
                );
            }
        }
        self.checked = Arc::new(checked);
        self.summaries = summaries;
    }
}

/// Completions at a place: of an archival citation's components inside a
/// source note, else of ids, labels and numbers.
pub enum Completion {
    Citations(features::citations::complete::Completions),
    Items(Vec<features::completion::Item>),
}

impl Analysis {
    /// What to show on hovering a place: an archival citation's path and
    /// uses, else what a mention, reference or marker stands for.
    pub fn hover(&self, file: usize, offset: usize) -> Option<features::hover::Hover> {
        if let Some(h) = features::citations::hover::hover(&self.ws, &self.authority, file, offset)
        {
            return Some(features::hover::Hover {
                markdown: h.markdown(),
                span: h.span,
            });
        }
        features::hover::hover(&self.ws, file, offset)
    }

    /// What to propose at a place, one kind or the other.
    pub fn completion(&self, file: usize, offset: usize) -> Option<Completion> {
        if let Some(found) =
            features::citations::complete::complete(&self.ws, &self.authority, file, offset)
        {
            return Some(Completion::Citations(found));
        }
        let text = self.ws.files.get(file)?.load_text()?;
        let items = features::completion::complete(&self.ws, file, &text, offset);
        (!items.is_empty()).then_some(Completion::Items(items))
    }

    /// The diagnostics of a file, with the severities in force, in the
    /// order of their positions.
    pub fn diagnostics(&self, file: usize) -> Vec<Diagnostic> {
        let Some(f) = self.ws.files.get(file) else {
            return Vec::new();
        };
        let Some(checked) = self.checked.get(&self.ws.volumes[f.volume].key) else {
            return Vec::new();
        };
        let found: Vec<Diagnostic> = checked.found(&f.abs).concat();
        let mut out = rules::finish_file(found, &self.severities);
        for d in &mut out {
            d.file = file;
        }
        out
    }

    /// The diagnostics of every file that is reported, by file path and
    /// position: what `emend check` prints. (The workspace keeps its files
    /// in the order of their paths.)
    pub fn all_diagnostics(&self) -> Vec<Diagnostic> {
        (0..self.ws.files.len())
            .filter(|&f| self.ws.files[f].reported)
            .flat_map(|f| self.diagnostics(f))
            .collect()
    }
}

/// Findings by the absolute path of their file.
fn by_file(ws: &Workspace, found: Vec<Diagnostic>) -> ByFile {
    let mut out = ByFile::default();
    for d in found {
        if let Some(f) = ws.files.get(d.file) {
            out.entry(f.abs.clone()).or_default().push(d);
        }
    }
    out
}

/// Findings kept by file, or the findings themselves.
trait Found {
    fn found(&self) -> &[Diagnostic];
}

impl Found for Vec<Diagnostic> {
    fn found(&self) -> &[Diagnostic] {
        self
    }
}

impl Found for FileChecked {
    fn found(&self) -> &[Diagnostic] {
        &self.found
    }
}

/// Adds to `out` the files whose findings in `after` are not those in
/// `before` (a file absent from one has none there).
fn differing<F: Found>(
    before: &Map<Arc<Path>, F>,
    after: &Map<Arc<Path>, F>,
    out: &mut BTreeSet<Arc<Path>>,
) {
    let none: &[Diagnostic] = &[];
    for (path, now) in after {
        let was = before.get(path).map_or(none, F::found);
        // Findings kept from before are the same allocation.
        if !std::ptr::eq(was, now.found()) && was != now.found() {
            out.insert(path.clone());
        }
    }
    for (path, was) in before {
        if !after.contains_key(path) && !was.found().is_empty() {
            out.insert(path.clone());
        }
    }
}

/// The findings of the checks of each file of a volume: those kept
/// from before where the file's key is as it was, else computed again.
fn check_files(
    ws: &Workspace,
    files: &[FileSummary],
    v: usize,
    resolving_key: u64,
    kept: Option<&Map<Arc<Path>, FileChecked>>,
) -> Map<Arc<Path>, FileChecked> {
    let contexts = rules::file_contexts(ws, v);
    keep_or_check(ws, v, kept, |i, f| {
        let context = &contexts[i];
        (
            hash_of(&(files[f].own, context, resolving_key)),
            move || rules::file_findings(ws, f, context),
        )
    })
}

/// The findings of the archive rule in each file of a volume: those kept
/// from before where the file, the volume's id and the authority are as
/// they were, else computed again.
fn check_archives(
    ws: &Workspace,
    files: &[FileSummary],
    v: usize,
    authority_version: u64,
    authority: &Authority,
    kept: Option<&Map<Arc<Path>, FileChecked>>,
) -> Map<Arc<Path>, FileChecked> {
    let id = &ws.volumes[v].id;
    keep_or_check(ws, v, kept, |_, f| {
        (hash_of(&(files[f].own, id, authority_version)), move || {
            rules::archive_findings(ws, f, authority)
        })
    })
}

/// Per file of a volume (its place in the volume, its index), the key of
/// its findings and how to compute them; the findings kept under the same
/// key are taken instead.
fn keep_or_check<C: FnOnce() -> Vec<Diagnostic>>(
    ws: &Workspace,
    v: usize,
    kept: Option<&Map<Arc<Path>, FileChecked>>,
    keyed: impl Fn(usize, usize) -> (u64, C),
) -> Map<Arc<Path>, FileChecked> {
    ws.volumes[v]
        .files
        .iter()
        .enumerate()
        .map(|(i, &f)| {
            let abs = &ws.files[f].abs;
            let (key, check) = keyed(i, f);
            let checked = match kept.and_then(|k| k.get(abs)) {
                Some(c) if c.key == key => c.clone(),
                _ => FileChecked {
                    key,
                    found: shared_findings(check()),
                },
            };
            (abs.clone(), checked)
        })
        .collect()
}

/// Findings as kept for as long as their file is unchanged: without the
/// room their list grew into, and, for the many files with none, one
/// empty list shared by all rather than an allocation each.
fn shared_findings(mut found: Vec<Diagnostic>) -> Arc<Vec<Diagnostic>> {
    static NONE: std::sync::OnceLock<Arc<Vec<Diagnostic>>> = std::sync::OnceLock::new();
    if found.is_empty() {
        return Arc::clone(NONE.get_or_init(|| Arc::new(Vec::new())));
    }
    found.shrink_to_fit();
    Arc::new(found)
}

/// What the fingerprints need of a file.
fn file_summary(ws: &Workspace, f: usize) -> FileSummary {
    let file = &ws.files[f];
    let facts = &file.facts;
    let documents: Vec<(&str, &str, Vec<&str>)> = facts
        .documents
        .iter()
        .map(|d| {
            let labels = facts
                .footnotes_in(d.scope)
                .map(|f| f.label.as_str())
                .collect();
            (d.number.as_str(), d.id.as_str(), labels)
        })
        .collect();
    let pages: Vec<&str> = facts
        .page_breaks
        .iter()
        .map(|p| crate::facts::page_number_of(&p.label))
        .collect();
    let mut cites: Vec<String> = facts
        .references
        .iter()
        .filter_map(|r| match &r.target {
            Target::Document {
                volume: Some(id), ..
            }
            | Target::Footnote {
                volume: Some(id), ..
            }
            | Target::Page {
                volume: Some(id), ..
            }
            | Target::Volume { volume: id } => Some(id.to_string()),
            _ => None,
        })
        .collect();
    cites.sort();
    cites.dedup();
    fn entries(list: &[crate::facts::Entry]) -> Vec<(&str, Option<&str>, &str)> {
        list.iter()
            .map(|e| (e.id.as_str(), e.name.as_deref(), e.description.as_str()))
            .collect()
    }
    let entries = (entries(&facts.persons), entries(&facts.terms));
    FileSummary {
        own: hash_of(&(&file.abs, &file.path, file.text_hash)),
        exports: hash_of(&(documents, pages, entries)),
        cites,
    }
}

/// A volume's own inputs: where it is, and its files' paths and texts.
fn own_hash(ws: &Workspace, files: &[FileSummary], v: usize) -> u64 {
    let volume = &ws.volumes[v];
    let own: Vec<u64> = volume.files.iter().map(|&f| files[f].own).collect();
    hash_of(&(&volume.key, &volume.root, volume.implicit, own))
}

/// What a reference from another volume can find in a volume: its id,
/// and its files' documents, footnotes and pages.
fn exports_hash(ws: &Workspace, files: &[FileSummary], v: usize) -> u64 {
    let volume = &ws.volumes[v];
    let exports: Vec<u64> = volume.files.iter().map(|&f| files[f].exports).collect();
    hash_of(&(&volume.id, exports))
}

/// The ids of the volumes a volume's references name, each once.
fn cited_volumes(ws: &Workspace, files: &[FileSummary], v: usize) -> Vec<String> {
    let ids: BTreeSet<&String> = ws.volumes[v]
        .files
        .iter()
        .flat_map(|&f| files[f].cites.iter())
        .collect();
    ids.into_iter().cloned().collect()
}

/// What a file gives the authority of archival citations: its source notes
/// with the numbers of their documents, and the items of its Sources
/// division, as text (not where they stand, which moves with every edit
/// above them).
fn citations_hash(facts: &FileFacts) -> u64 {
    let notes: Vec<_> = facts
        .footnotes
        .iter()
        .filter_map(|f| {
            f.source.as_ref().map(|n| {
                (
                    f.scope,
                    facts.document_of_scope(f.scope).map(|d| &d.number),
                    &n.citation,
                    &n.rest,
                )
            })
        })
        .collect();
    let items: Vec<_> = facts
        .source_items
        .iter()
        .map(|i| {
            (
                i.scope,
                i.components
                    .iter()
                    .map(|c| c.text.as_str())
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    hash_of(&(notes, items))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sources_of_a_known_kind_enter() {
        let mut host = AnalysisHost::new();
        let affected = host.apply([
            Change::Set {
                path: PathBuf::from("v/notes.txt"),
                text: "See Document 5.".into(),
            },
            Change::Set {
                path: PathBuf::from("v/d1.emd"),
                text: "# 1. Memo\n\nSee Document 5.\n".into(),
            },
        ]);
        let a = host.analysis();
        let paths: Vec<&Path> = a.ws.files.iter().map(|f| &*f.path).collect();
        assert_eq!(paths, [Path::new("v/d1.emd")]);
        assert!(affected.files.iter().all(|p| p.ends_with("d1.emd")));
        // Moved to a name of no kind, a file leaves.
        host.apply([Change::Rename {
            from: PathBuf::from("v/d1.emd"),
            to: PathBuf::from("v/d1.bak"),
        }]);
        assert!(host.analysis().ws.files.is_empty());
    }
}
