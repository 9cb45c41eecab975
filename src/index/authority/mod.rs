//! The authority of archival citation paths: a trie (repository →
//! collection → series → …) of every path the workspace's source notes
//! cite, every item of its `# Sources` divisions and the list the program
//! ships, with counts of use per node. Each file's contribution is kept, so
//! that it can be removed and added again when the file changes.

mod shipped;

pub use shipped::{provenance, SHIPPED};

use crate::facts::citation::key;
use crate::facts::FileFacts;
use crate::hash::Map;
use crate::index::{number_key, Workspace};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// A node of the trie.
pub type NodeId = usize;

const ROOT: NodeId = 0;

/// Components deeper than this are not indexed (a citation with hundreds
/// of commas is not hundreds of levels of an archive).
pub const MAX_DEPTH: usize = 12;

/// A name cited in this many source notes of the workspace counts as known
/// (docs/rules.md).
pub const KNOWN_USES: u32 = 3;

#[derive(Debug, Clone, Default)]
struct Node {
    key: String,
    parent: NodeId,
    /// 0 for a repository.
    depth: usize,
    children: Map<String, NodeId>,
    live: bool,
    /// The name as the shipped list writes it, when the list has it.
    shipped: Option<String>,
    /// Spellings used in the workspace (same key) and how often.
    spellings: Vec<(String, u32)>,
    /// Source notes whose citation passes through this node.
    notes: u32,
    /// Sources-division items through this node, per volume id.
    listed: Vec<(String, u32)>,
}

impl Node {
    fn listed_total(&self) -> u32 {
        self.listed.iter().map(|(_, n)| n).sum()
    }

    fn unused(&self) -> bool {
        self.shipped.is_none() && self.notes == 0 && self.listed.is_empty()
    }
}

#[derive(Debug, Clone)]
enum UseKind {
    Note {
        document: Option<String>,
        /// Which of its file's source notes it is, counting from 0.
        note: usize,
    },
    Listed,
}

/// One path a file contributes.
#[derive(Debug, Clone)]
struct PathUse {
    nodes: Vec<NodeId>,
    names: Vec<String>,
    kind: UseKind,
}

#[derive(Debug, Clone, Default)]
struct Contribution {
    volume: String,
    uses: Vec<PathUse>,
    classifications: Vec<&'static str>,
    handling: Vec<&'static str>,
}

/// What completion and hover show of a node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeInfo {
    pub id: NodeId,
    /// The name as the shipped list writes it, else the most used spelling.
    pub name: String,
    /// 0 for a repository, 1 for a collection, …
    pub depth: usize,
    /// Source notes of the workspace whose citation passes through it.
    pub notes: u32,
    /// Items of Sources divisions (all volumes) through it.
    pub listed: u32,
    /// In the list the program ships.
    pub shipped: bool,
}

/// A source note that cites a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitingNote {
    pub file: PathBuf,
    pub volume: String,
    /// The number of the document the note belongs to.
    pub document: Option<String>,
    /// Which of its file's source notes it is, counting from 0 in the
    /// order they stand: unlike a position, it stays when an edit above
    /// moves the note.
    pub note: usize,
}

impl CitingNote {
    /// `Document 256`; with the volume when it is not `here`; the file name
    /// for a note outside a document.
    pub fn label(&self, here: Option<&str>) -> String {
        let doc = match &self.document {
            Some(n) => format!("Document {n}"),
            None => self
                .file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        };
        if here == Some(self.volume.as_str()) {
            doc
        } else {
            format!("{}, {doc}", self.volume)
        }
    }
}

/// A path of the trie and its counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub path: Vec<String>,
    pub notes: u32,
    /// Sources items per volume id.
    pub listed: Vec<(String, u32)>,
    pub shipped: bool,
}

/// The size of an authority.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    /// Nodes in use (every level).
    pub nodes: usize,
    /// Nodes from the shipped list.
    pub shipped: usize,
    /// Shipped nodes at the top level: repositories.
    pub shipped_repositories: usize,
    /// Files that contribute.
    pub files: usize,
}

/// The trie of citation paths with per-file contributions.
#[derive(Debug, Clone)]
pub struct Authority {
    nodes: Vec<Node>,
    free: Vec<NodeId>,
    /// What each file contributes, by path. Hashed: a path is compared
    /// component by component, and a check of a workspace adds every file.
    files: Map<Arc<Path>, Contribution>,
    classifications: Map<&'static str, u32>,
    handling: Map<&'static str, u32>,
}

impl Default for Authority {
    fn default() -> Self {
        Authority::new()
    }
}

impl Authority {
    fn empty() -> Authority {
        Authority {
            nodes: vec![Node {
                live: true,
                ..Node::default()
            }],
            free: Vec::new(),
            files: Map::default(),
            classifications: Map::default(),
            handling: Map::default(),
        }
    }

    /// The shipped list alone.
    pub fn new() -> Authority {
        static SHIPPED: OnceLock<Authority> = OnceLock::new();
        SHIPPED
            .get_or_init(|| {
                let mut a = Authority::empty();
                for path in shipped::paths() {
                    let ids = a.insert(&path);
                    for (id, name) in ids.iter().zip(&path) {
                        let node = &mut a.nodes[*id];
                        if node.shipped.is_none() {
                            node.shipped = Some(name.clone());
                        }
                    }
                }
                a
            })
            .clone()
    }

    /// The shipped list and every file of a workspace.
    pub fn from_workspace(ws: &Workspace) -> Authority {
        let mut a = Authority::new();
        for (i, f) in ws.files.iter().enumerate() {
            a.add_file(&f.path, &ws.volume_of(i).id, &f.facts);
        }
        a
    }

    /// Sets every file of a volume again: what to do when the volume's id
    /// changes (an edit of its `volume.emd`) or files move between volumes.
    pub fn set_volume(&mut self, ws: &Workspace, volume: usize) {
        let Some(v) = ws.volumes.get(volume) else {
            return;
        };
        for &f in &v.files {
            if let Some(file) = ws.files.get(f) {
                self.set_file(&file.path, &v.id, &file.facts);
            }
        }
    }

    /// Replaces what a file contributes (its source notes, its Sources
    /// items, its markings) with what its facts say now. The path is the
    /// file's key: use the same one to remove it. When the id of the file's
    /// volume changes, see [`Authority::set_volume`].
    pub fn set_file(&mut self, path: &Arc<Path>, volume: &str, facts: &FileFacts) {
        self.remove_file(path);
        self.add_file(path, volume, facts);
    }

    /// Adds a file that contributes nothing yet.
    fn add_file(&mut self, path: &Arc<Path>, volume: &str, facts: &FileFacts) {
        let mut c = Contribution {
            volume: volume.to_string(),
            ..Contribution::default()
        };
        let sources = facts
            .footnotes
            .iter()
            .filter_map(|d| Some((d, d.source.as_ref()?)));
        for (ordinal, (def, note)) in sources.enumerate() {
            let names = leading_names(note.components.iter().map(|c| c.text.as_str()));
            if !names.is_empty() {
                let nodes = self.insert(&names);
                for (id, name) in nodes.iter().zip(&names) {
                    let n = &mut self.nodes[*id];
                    n.notes += 1;
                    add_spelling(&mut n.spellings, name);
                }
                c.uses.push(PathUse {
                    nodes,
                    names,
                    kind: UseKind::Note {
                        document: facts
                            .document_of_scope(def.scope)
                            .map(|d| d.number.to_string()),
                        note: ordinal,
                    },
                });
            }
            if let Some(m) = note.classification.as_ref().and_then(|m| m.canonical) {
                c.classifications.push(m);
                *self.classifications.entry(m).or_default() += 1;
            }
            for m in note.handling.iter().filter_map(|m| m.canonical) {
                c.handling.push(m);
                *self.handling.entry(m).or_default() += 1;
            }
        }
        for item in &facts.source_items {
            let names = leading_names(item.components.iter().map(|c| c.text.as_str()));
            if names.is_empty() {
                continue;
            }
            let nodes = self.insert(&names);
            for (id, name) in nodes.iter().zip(&names) {
                let n = &mut self.nodes[*id];
                match n.listed.iter_mut().find(|(v, _)| v == volume) {
                    Some((_, k)) => *k += 1,
                    None => n.listed.push((volume.to_string(), 1)),
                }
                add_spelling(&mut n.spellings, name);
            }
            c.uses.push(PathUse {
                nodes,
                names,
                kind: UseKind::Listed,
            });
        }
        if !c.uses.is_empty() || !c.classifications.is_empty() || !c.handling.is_empty() {
            self.files.insert(path.clone(), c);
        }
    }

    /// Takes away what a file contributed. Returns whether it had anything.
    pub fn remove_file(&mut self, path: &Path) -> bool {
        let Some(c) = self.files.remove(path) else {
            return false;
        };
        for u in &c.uses {
            for (id, name) in u.nodes.iter().zip(&u.names) {
                let Some(n) = self.nodes.get_mut(*id) else {
                    continue;
                };
                match u.kind {
                    UseKind::Note { .. } => n.notes = n.notes.saturating_sub(1),
                    UseKind::Listed => {
                        if let Some(entry) = n.listed.iter_mut().find(|(v, _)| *v == c.volume) {
                            entry.1 = entry.1.saturating_sub(1);
                        }
                        n.listed.retain(|(_, k)| *k > 0);
                    }
                }
                remove_spelling(&mut n.spellings, name);
            }
        }
        for u in &c.uses {
            for &id in u.nodes.iter().rev() {
                self.prune(id);
            }
        }
        for m in c.classifications {
            decrement(&mut self.classifications, m);
        }
        for m in c.handling {
            decrement(&mut self.handling, m);
        }
        true
    }

    /// Frees a node nothing uses, and then its parent if that is unused too.
    fn prune(&mut self, mut id: NodeId) {
        while id != ROOT {
            let Some(n) = self.nodes.get(id) else { return };
            if !n.live || !n.unused() || !n.children.is_empty() {
                return;
            }
            let (parent, k) = (n.parent, n.key.clone());
            if let Some(p) = self.nodes.get_mut(parent) {
                p.children.remove(&k);
            }
            self.nodes[id] = Node::default();
            self.free.push(id);
            id = parent;
        }
    }

    /// The nodes of a path, created where missing.
    fn insert(&mut self, names: &[String]) -> Vec<NodeId> {
        let mut ids = Vec::with_capacity(names.len());
        let mut parent = ROOT;
        for (depth, name) in names.iter().enumerate() {
            let k = key(name);
            let id = match self.nodes[parent].children.get(&k) {
                Some(&id) => id,
                None => {
                    let node = Node {
                        key: k.clone(),
                        parent,
                        depth,
                        live: true,
                        ..Node::default()
                    };
                    let id = match self.free.pop() {
                        Some(id) => {
                            self.nodes[id] = node;
                            id
                        }
                        None => {
                            self.nodes.push(node);
                            self.nodes.len() - 1
                        }
                    };
                    self.nodes[parent].children.insert(k, id);
                    id
                }
            };
            ids.push(id);
            parent = id;
        }
        ids
    }

    /// The child of a node (the top level for None) with this name, compared
    /// by [`key`].
    pub fn child(&self, parent: Option<NodeId>, name: &str) -> Option<NodeId> {
        let p = self.nodes.get(parent.unwrap_or(ROOT))?;
        p.children.get(&key(name)).copied()
    }

    /// The node of a path of names, if every level exists.
    pub fn resolve<S: AsRef<str>>(&self, names: &[S]) -> Option<NodeId> {
        let mut at = None;
        for n in names {
            at = Some(self.child(at, n.as_ref())?);
        }
        at
    }

    /// The children of a node (the repositories for None).
    pub fn children(&self, parent: Option<NodeId>) -> Vec<NodeId> {
        let mut out: Vec<NodeId> = self
            .nodes
            .get(parent.unwrap_or(ROOT))
            .map(|p| p.children.values().copied().collect())
            .unwrap_or_default();
        out.sort_by(|a, b| self.nodes[*a].key.cmp(&self.nodes[*b].key));
        out
    }

    pub fn parent(&self, id: NodeId) -> Option<NodeId> {
        let p = self.nodes.get(id)?.parent;
        (id != ROOT && p != ROOT).then_some(p)
    }

    /// How a node is shown: the shipped spelling, else the most used one.
    pub fn name(&self, id: NodeId) -> String {
        let Some(n) = self.nodes.get(id) else {
            return String::new();
        };
        if let Some(s) = &n.shipped {
            return s.clone();
        }
        n.spellings
            .iter()
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
            .map(|(s, _)| s.clone())
            .unwrap_or_else(|| n.key.clone())
    }

    /// The names from the repository down to a node.
    pub fn path_names(&self, id: NodeId) -> Vec<String> {
        let mut out = Vec::new();
        let mut at = Some(id);
        while let Some(i) = at {
            out.push(self.name(i));
            at = self.parent(i);
        }
        out.reverse();
        out
    }

    pub fn info(&self, id: NodeId) -> Option<NodeInfo> {
        let n = self.nodes.get(id).filter(|n| n.live && id != ROOT)?;
        Some(NodeInfo {
            id,
            name: self.name(id),
            depth: n.depth,
            notes: n.notes,
            listed: n.listed_total(),
            shipped: n.shipped.is_some(),
        })
    }

    /// Whether a node is a known name for a volume (docs/rules.md): in the
    /// shipped list, in a Sources division of the volume, or cited in
    /// [`KNOWN_USES`] or more source notes of the workspace.
    pub fn is_known(&self, id: NodeId, volume: &str) -> bool {
        self.nodes.get(id).is_some_and(|n| {
            n.live
                && id != ROOT
                && (n.shipped.is_some()
                    || n.notes >= KNOWN_USES
                    || n.listed.iter().any(|(v, k)| v == volume && *k > 0))
        })
    }

    /// Listed in a Sources division of this volume.
    pub fn is_listed_in(&self, id: NodeId, volume: &str) -> bool {
        self.nodes
            .get(id)
            .is_some_and(|n| n.listed.iter().any(|(v, k)| v == volume && *k > 0))
    }

    /// The known child of `parent` that a name not known there is most
    /// likely a misspelling of (docs/rules.md, `source-unknown-archive`).
    pub fn closest_known_sibling(
        &self,
        parent: Option<NodeId>,
        name: &str,
        volume: &str,
    ) -> Option<NodeId> {
        self.children(parent)
            .into_iter()
            .filter(|&id| self.is_known(id, volume))
            .filter_map(|id| {
                let d = crate::facts::citation::typo_distance(name, &self.name(id))?;
                let uses = self.nodes[id].notes;
                Some((d, std::cmp::Reverse(uses), id))
            })
            .min()
            .map(|(_, _, id)| id)
    }

    /// Whether a node is an unknown spelling of a known sibling: what
    /// completion leaves out and the rule reports.
    pub fn is_suspect(&self, id: NodeId, volume: &str) -> bool {
        if self.is_known(id, volume) {
            return false;
        }
        let name = self.name(id);
        crate::facts::citation::is_name(&name)
            && self
                .closest_known_sibling(self.parent(id), &name, volume)
                .is_some()
    }

    /// Every source note whose citation passes through a node, ordered by
    /// volume and document number.
    pub fn citing_notes(&self, id: NodeId) -> Vec<CitingNote> {
        let mut out = Vec::new();
        for (path, c) in &self.files {
            for u in &c.uses {
                let UseKind::Note { document, note } = &u.kind else {
                    continue;
                };
                if u.nodes.contains(&id) {
                    out.push(CitingNote {
                        file: path.to_path_buf(),
                        volume: c.volume.clone(),
                        document: document.clone(),
                        note: *note,
                    });
                }
            }
        }
        out.sort_by(|a, b| {
            let key = |n: &CitingNote| {
                (
                    n.volume.clone(),
                    n.document.as_deref().map(number_key),
                    n.file.clone(),
                    n.note,
                )
            };
            key(a).cmp(&key(b))
        });
        out
    }

    /// Source notes of the workspace with this classification marking.
    pub fn classification_uses(&self, marking: &str) -> u32 {
        self.classifications.get(marking).copied().unwrap_or(0)
    }

    /// Source notes of the workspace with this handling indicator.
    pub fn handling_uses(&self, indicator: &str) -> u32 {
        self.handling.get(indicator).copied().unwrap_or(0)
    }

    /// Every path of the trie with its counts, sorted (for tests and
    /// listings).
    pub fn entries(&self) -> Vec<Entry> {
        let mut out: Vec<Entry> = (1..self.nodes.len())
            .filter(|&id| self.nodes[id].live)
            .map(|id| {
                let n = &self.nodes[id];
                Entry {
                    path: self.path_names(id),
                    notes: n.notes,
                    listed: n.listed.clone(),
                    shipped: n.shipped.is_some(),
                }
            })
            .collect();
        for e in &mut out {
            e.listed.sort();
        }
        out.sort_by(|a, b| a.path.cmp(&b.path));
        out
    }

    pub fn stats(&self) -> Stats {
        let live = self.nodes.iter().skip(1).filter(|n| n.live);
        let (mut nodes, mut shipped, mut repos) = (0, 0, 0);
        for n in live {
            nodes += 1;
            if n.shipped.is_some() {
                shipped += 1;
                if n.depth == 0 {
                    repos += 1;
                }
            }
        }
        Stats {
            nodes,
            shipped,
            shipped_repositories: repos,
            files: self.files.len(),
        }
    }
}

/// The components up to the first empty one, at most [`MAX_DEPTH`].
fn leading_names<'a>(components: impl Iterator<Item = &'a str>) -> Vec<String> {
    components
        .take_while(|c| !c.chars().all(char::is_whitespace))
        .take(MAX_DEPTH)
        .map(str::to_string)
        .collect()
}

fn add_spelling(spellings: &mut Vec<(String, u32)>, name: &str) {
    match spellings.iter_mut().find(|(s, _)| s == name) {
        Some((_, k)) => *k += 1,
        None => spellings.push((name.to_string(), 1)),
    }
}

fn remove_spelling(spellings: &mut Vec<(String, u32)>, name: &str) {
    if let Some(entry) = spellings.iter_mut().find(|(s, _)| s == name) {
        entry.1 = entry.1.saturating_sub(1);
    }
    spellings.retain(|(_, k)| *k > 0);
}

fn decrement(map: &mut Map<&'static str, u32>, m: &'static str) {
    if let Some(k) = map.get_mut(m) {
        *k = k.saturating_sub(1);
        if *k == 0 {
            map.remove(m);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::Workspace;

    fn ws(files: &[(&str, &str)]) -> Workspace {
        let mut all: Vec<(PathBuf, String)> = files
            .iter()
            .map(|(p, t)| (PathBuf::from(p), t.to_string()))
            .collect();
        all.push((
            PathBuf::from("v/volume.emd"),
            "# V\nVolume: frus1964-68v03\n".to_string(),
        ));
        Workspace::from_texts(all)
    }

    fn note(n: u32, citation: &str) -> String {
        format!("# {n}. Memo[^1]\n\n[^1]: Source: {citation}. Secret; Exdis.\n")
    }

    #[test]
    fn counts_follow_files_in_and_out() {
        let w = ws(&[
            (
                "v/a.emd",
                &note(1, "Eisenhower Library, Whitman File, Zeta Series"),
            ),
            (
                "v/b.emd",
                &note(2, "Eisenhower Library, Whitman File, Zeta Series"),
            ),
        ]);
        let mut a = Authority::from_workspace(&w);
        let shipped_nodes = Authority::new().stats().nodes;
        let zeta = a
            .resolve(&["Eisenhower Library", "Whitman File", "Zeta Series"])
            .expect("zeta");
        assert_eq!(a.info(zeta).map(|i| i.notes), Some(2));
        assert!(!a.is_known(zeta, "frus1964-68v03"));
        assert_eq!(a.stats().nodes, shipped_nodes + 1);
        assert_eq!(a.handling_uses("Exdis"), 2);
        let citing: Vec<String> = a
            .citing_notes(zeta)
            .iter()
            .map(|c| c.label(Some("frus1964-68v03")))
            .collect();
        assert_eq!(citing, ["Document 1", "Document 2"]);

        // Remove one file, then the other: the new node goes, the shipped
        // nodes stay with no uses.
        assert!(a.remove_file(Path::new("v/a.emd")));
        assert_eq!(a.info(zeta).map(|i| i.notes), Some(1));
        assert!(a.remove_file(Path::new("v/b.emd")));
        assert!(a
            .resolve(&["Eisenhower Library", "Whitman File", "Zeta Series"])
            .is_none());
        assert_eq!(a.stats().nodes, shipped_nodes);
        assert_eq!(a.handling_uses("Exdis"), 0);
        let whitman = a
            .resolve(&["Eisenhower Library", "Whitman File"])
            .and_then(|id| a.info(id))
            .expect("shipped");
        assert_eq!((whitman.notes, whitman.shipped), (0, true));

        // Adding a file again is what an edit does.
        let f = &w.files[0];
        a.set_file(&f.path, "frus1964-68v03", &f.facts);
        a.set_file(&f.path, "frus1964-68v03", &f.facts);
        let zeta = a
            .resolve(&["Eisenhower Library", "Whitman File", "Zeta Series"])
            .expect("again");
        assert_eq!(a.info(zeta).map(|i| i.notes), Some(1));
    }

    #[test]
    fn three_notes_or_a_sources_item_make_a_name_known() {
        let w = ws(&[
            ("v/a.emd", &note(1, "Alpha Library, Beta Papers")),
            ("v/b.emd", &note(2, "Alpha Library, Beta Papers")),
            ("v/c.emd", &note(3, "Alpha Library, Gamma Papers")),
            (
                "v/sources.emd",
                "# Sources\n\n- Delta Archive, Epsilon Files\n",
            ),
        ]);
        let mut a = Authority::from_workspace(&w);
        let alpha = a.resolve(&["Alpha Library"]).expect("alpha");
        let beta = a.resolve(&["Alpha Library", "Beta Papers"]).expect("beta");
        assert!(a.is_known(alpha, "frus1964-68v03"));
        assert!(!a.is_known(beta, "frus1964-68v03"));
        let eps = a.resolve(&["Delta Archive", "Epsilon Files"]).expect("eps");
        assert!(a.is_known(eps, "frus1964-68v03"));
        assert!(
            !a.is_known(eps, "frus1964-68v02"),
            "listed for its volume only"
        );
        a.remove_file(Path::new("v/sources.emd"));
        assert!(a.resolve(&["Delta Archive"]).is_none());
    }

    #[test]
    fn names_keep_their_spelling() {
        let w = ws(&[
            ("v/a.emd", &note(1, "johnson library, Country File")),
            ("v/b.emd", &note(2, "Omega Archive, Country File")),
        ]);
        let a = Authority::from_workspace(&w);
        let j = a.resolve(&["Johnson Library"]).expect("shipped");
        assert_eq!(a.name(j), "Johnson Library", "the shipped spelling wins");
        let o = a.resolve(&["omega archive"]).expect("by key");
        assert_eq!(a.name(o), "Omega Archive");
        assert_eq!(
            a.path_names(a.child(Some(o), "country file").expect("c")),
            ["Omega Archive", "Country File"]
        );
    }
}
