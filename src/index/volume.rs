//! A volume and its look-up tables.

use super::layout::{self, Layout};
use super::SourceFile;
use crate::facts::{FileFacts, ScopeKind};
use crate::hash::Map;
use std::path::PathBuf;

/// A document of a volume: file index and index into that file's documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DocRef {
    pub file: usize,
    pub doc: usize,
}

/// An entry or mention: file index and index into the file's list. Held
/// as two `u32`s: a volume's tables hold one per mention, hundreds of
/// thousands in a series, and a file's list cannot reach 2³² records (a
/// record takes more than one byte of a text whose offsets are `u32`s in
/// the line index).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EntryRef {
    file: u32,
    index: u32,
}

impl EntryRef {
    pub fn new(file: usize, index: usize) -> EntryRef {
        EntryRef {
            file: u32::try_from(file).unwrap_or(u32::MAX),
            index: u32::try_from(index).unwrap_or(u32::MAX),
        }
    }

    /// The file's index in the workspace.
    pub fn file(self) -> usize {
        self.file as usize
    }

    /// The index into the file's list.
    pub fn index(self) -> usize {
        self.index as usize
    }
}

#[derive(Debug, Clone)]
pub struct Volume {
    /// Absolute folder (or file, for a lone file), identifying the volume.
    pub key: PathBuf,
    /// The folder as the user reached it.
    pub root: PathBuf,
    /// A lone file outside every volume folder.
    pub implicit: bool,
    pub id: String,
    pub files: Vec<usize>,
    pub volume_file: Option<usize>,
    /// Documents in the order of their numbers.
    pub documents: Vec<DocRef>,
    pub by_number: Map<String, Vec<DocRef>>,
    pub by_id: Map<String, Vec<DocRef>>,
    pub persons: Map<String, Vec<EntryRef>>,
    pub terms: Map<String, Vec<EntryRef>>,
    pub person_mentions: Map<String, Vec<EntryRef>>,
    pub term_mentions: Map<String, Vec<EntryRef>>,
    /// Where the TEI export puts each document and division.
    pub layout: Layout,
}

/// Orders document numbers: `12` < `12a` < `13`.
pub fn number_key(number: &str) -> (u64, String) {
    let value = number_value(number);
    let digits = number.len()
        - number
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .len();
    (value, number[digits..].to_string())
}

/// The number a document number begins with (`12` of `12a`); `u64::MAX`
/// for a number that does not begin with digits, as in [`number_key`].
pub fn number_value(number: &str) -> u64 {
    let digits = number.len()
        - number
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .len();
    number[..digits].parse().unwrap_or(u64::MAX)
}

impl Volume {
    pub fn new(key: PathBuf, root: PathBuf, implicit: bool) -> Self {
        Volume {
            key,
            root,
            implicit,
            id: String::new(),
            files: Vec::new(),
            volume_file: None,
            documents: Vec::new(),
            by_number: Map::default(),
            by_id: Map::default(),
            persons: Map::default(),
            terms: Map::default(),
            person_mentions: Map::default(),
            term_mentions: Map::default(),
            layout: Layout::default(),
        }
    }

    /// A file's path inside the volume folder, `/`-separated, as the TEI
    /// export names it; a volume that is one file is that file's name.
    pub fn path_in(&self, file: &SourceFile) -> String {
        let rel = file
            .abs
            .strip_prefix(&self.key)
            .ok()
            .filter(|r| !r.as_os_str().is_empty());
        match rel {
            Some(rel) => rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/"),
            None => file
                .abs
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        }
    }

    /// The `xml:id` the export gives a division of a file of this volume
    /// (`scope` as the facts count it).
    pub fn division_id(&self, file: &SourceFile, scope: usize) -> Option<String> {
        let facts = &file.facts;
        let ScopeKind::Division(d) = facts.scopes.get(scope)?.kind else {
            return None;
        };
        let headings = facts.scopes.len().saturating_sub(1);
        Some(layout::division_id(
            facts.divisions.get(d)?.id.as_deref(),
            &self.path_in(file),
            headings,
            scope,
        ))
    }

    /// The file of a TEI volume, which is all of it (a TEI file is a
    /// volume of its own).
    pub fn tei_file(&self, files: &[std::sync::Arc<SourceFile>]) -> Option<usize> {
        match self.files.as_slice() {
            &[only] if files[only].kind == super::SourceKind::Tei => Some(only),
            _ => None,
        }
    }

    /// Whether a file whose facts go from `old` to `new` leaves its
    /// volume's tables and layout as they were: all that [`Volume::rebuild`]
    /// reads of a file (other than the volume file) is the same in both.
    /// Tables hold places in a file's lists, not byte positions, so an edit
    /// of prose, which moves what follows it, changes none of them.
    pub(super) fn same_tables(old: &FileFacts, new: &FileFacts) -> bool {
        fn same<'a, T, K: PartialEq>(a: &'a [T], b: &'a [T], key: impl Fn(&'a T) -> K) -> bool {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| key(x) == key(y))
        }
        same(&old.documents, &new.documents, |d| (&d.number, &d.id))
            && same(&old.persons, &new.persons, |e| &e.id)
            && same(&old.terms, &new.terms, |e| &e.id)
            && same(&old.person_mentions, &new.person_mentions, |m| &m.id)
            && same(&old.term_mentions, &new.term_mentions, |m| &m.id)
            && same(&old.scopes, &new.scopes, |s| s.kind)
            && same(&old.divisions, &new.divisions, |d| &d.id)
            && old.tei_id.as_ref().map(|t| &t.0) == new.tei_id.as_ref().map(|t| &t.0)
    }

    pub(super) fn rebuild(&mut self, files: &[std::sync::Arc<SourceFile>]) {
        self.volume_file = self.files.iter().copied().find(|&f| {
            files[f]
                .path
                .file_name()
                .is_some_and(|n| n == super::discover::VOLUME_FILE)
        });
        if let Some(vf) = self.volume_file {
            if let Some(parent) = files[vf].path.parent() {
                self.root = parent.to_path_buf();
            }
        }
        let declared = self
            .volume_file
            .and_then(|f| files[f].facts.volume_line())
            .map(|m| m.value.trim().to_string())
            .filter(|v| !v.is_empty());
        // A TEI file names its volume in its root's `xml:id`.
        let declared = declared.or_else(|| {
            let f = self.tei_file(files)?;
            files[f].facts.tei_id.as_ref().map(|(id, _)| id.to_string())
        });
        self.id = declared.unwrap_or_else(|| {
            let name = if self.implicit {
                self.key.file_stem()
            } else {
                self.key.file_name()
            };
            name.map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        });

        self.documents.clear();
        self.by_number.clear();
        self.by_id.clear();
        self.persons.clear();
        self.terms.clear();
        self.person_mentions.clear();
        self.term_mentions.clear();
        // Most ids recur: a key is copied only the first time it is seen.
        fn push<R>(map: &mut Map<String, Vec<R>>, key: &str, r: R) {
            match map.get_mut(key) {
                Some(refs) => refs.push(r),
                None => {
                    map.insert(key.to_string(), vec![r]);
                }
            }
        }
        for &f in &self.files {
            let facts = &files[f].facts;
            for (i, d) in facts.documents.iter().enumerate() {
                let r = DocRef { file: f, doc: i };
                self.documents.push(r);
                push(&mut self.by_number, &d.number, r);
                push(&mut self.by_id, &d.id, r);
            }
            for (i, e) in facts.persons.iter().enumerate() {
                push(&mut self.persons, &e.id, EntryRef::new(f, i));
            }
            for (i, e) in facts.terms.iter().enumerate() {
                push(&mut self.terms, &e.id, EntryRef::new(f, i));
            }
            for (i, m) in facts.person_mentions.iter().enumerate() {
                push(&mut self.person_mentions, &m.id, EntryRef::new(f, i));
            }
            for (i, m) in facts.term_mentions.iter().enumerate() {
                push(&mut self.term_mentions, &m.id, EntryRef::new(f, i));
            }
        }
        // Held until the volume changes: without the room the lists grew.
        fn shrink<R>(table: &mut Map<String, Vec<R>>) {
            table.values_mut().for_each(Vec::shrink_to_fit);
            table.shrink_to_fit();
        }
        shrink(&mut self.by_number);
        shrink(&mut self.by_id);
        shrink(&mut self.persons);
        shrink(&mut self.terms);
        shrink(&mut self.person_mentions);
        shrink(&mut self.term_mentions);
        self.documents.shrink_to_fit();
        self.documents.sort_by_cached_key(|r| {
            let d = &files[r.file].facts.documents[r.doc];
            (number_key(&d.number), r.file, d.span.start)
        });
        self.layout = Layout::of_volume(self, files);
    }
}

#[cfg(test)]
mod tests {
    use super::number_key;

    #[test]
    fn document_numbers_order_naturally() {
        let mut v = vec!["13", "12a", "2", "12", "100"];
        v.sort_by_key(|n| number_key(n));
        assert_eq!(v, ["2", "12", "12a", "13", "100"]);
    }
}
