//! A volume and its look-up tables.

use super::SourceFile;
use std::collections::HashMap;
use std::path::PathBuf;

/// A document of a volume: file index and index into that file's documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DocRef {
    pub file: usize,
    pub doc: usize,
}

/// An entry or mention: file index and index into the file's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EntryRef {
    pub file: usize,
    pub index: usize,
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
    pub by_number: HashMap<String, Vec<DocRef>>,
    pub by_id: HashMap<String, Vec<DocRef>>,
    pub persons: HashMap<String, Vec<EntryRef>>,
    pub terms: HashMap<String, Vec<EntryRef>>,
    pub person_mentions: HashMap<String, Vec<EntryRef>>,
    pub term_mentions: HashMap<String, Vec<EntryRef>>,
}

/// Orders document numbers: `12` < `12a` < `13`.
pub fn number_key(number: &str) -> (u64, String) {
    let digits = number.len()
        - number
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .len();
    let value = number[..digits].parse().unwrap_or(u64::MAX);
    (value, number[digits..].to_string())
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
            by_number: HashMap::new(),
            by_id: HashMap::new(),
            persons: HashMap::new(),
            terms: HashMap::new(),
            person_mentions: HashMap::new(),
            term_mentions: HashMap::new(),
        }
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
        for &f in &self.files {
            let facts = &files[f].facts;
            for (i, d) in facts.documents.iter().enumerate() {
                let r = DocRef { file: f, doc: i };
                self.documents.push(r);
                self.by_number.entry(d.number.clone()).or_default().push(r);
                self.by_id.entry(d.id.clone()).or_default().push(r);
            }
            for (i, e) in facts.persons.iter().enumerate() {
                let r = EntryRef { file: f, index: i };
                self.persons.entry(e.id.clone()).or_default().push(r);
            }
            for (i, e) in facts.terms.iter().enumerate() {
                let r = EntryRef { file: f, index: i };
                self.terms.entry(e.id.clone()).or_default().push(r);
            }
            for (i, m) in facts.person_mentions.iter().enumerate() {
                let r = EntryRef { file: f, index: i };
                self.person_mentions
                    .entry(m.id.clone())
                    .or_default()
                    .push(r);
            }
            for (i, m) in facts.term_mentions.iter().enumerate() {
                let r = EntryRef { file: f, index: i };
                self.term_mentions.entry(m.id.clone()).or_default().push(r);
            }
        }
        self.documents.sort_by_key(|r| {
            let d = &files[r.file].facts.documents[r.doc];
            (number_key(&d.number), r.file, d.span.start)
        });
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
