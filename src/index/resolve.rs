//! Resolving references to the documents, footnotes and volumes they name.

use super::{DocRef, Workspace};
use crate::facts::{volume_id, DocKey, Reference, Target};

/// Where a footnote definition is: file and index into its footnotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FootnoteRef {
    pub file: usize,
    pub index: usize,
}

/// Where a page break is: file and index into its page breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRef {
    pub file: usize,
    pub index: usize,
}

/// What a reference resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    Document(DocRef),
    Footnote(FootnoteRef),
    Page(PageRef),
    /// Index into [`Workspace::volumes`].
    Volume(usize),
    /// A published volume that the workspace does not hold.
    OutsideWorkspace(String),
    /// A volume id that is neither in the workspace nor published.
    UnknownVolume(String),
    UnknownDocument {
        volume: String,
        document: DocKey,
    },
    UnknownPage {
        volume: String,
        page: String,
    },
    UnknownFootnote {
        /// The document, or None for a division or preamble scope.
        document: Option<DocRef>,
        /// How the document is named in a message.
        document_name: String,
        footnote: String,
    },
    Placeholder,
}

impl Workspace {
    /// Resolves a reference that stands in `file`.
    pub fn resolve(&self, file: usize, reference: &Reference) -> Resolution {
        match &reference.target {
            Target::Placeholder { .. } => Resolution::Placeholder,
            Target::Volume { volume } => self.resolve_volume(volume),
            Target::Page { volume, page } => {
                let v = match self.volume_index(file, volume.as_deref()) {
                    Ok(v) => v,
                    Err(r) => return r,
                };
                match self.find_page(v, page) {
                    Some(p) => Resolution::Page(p),
                    None => Resolution::UnknownPage {
                        volume: self.volumes[v].id.clone(),
                        page: page.to_string(),
                    },
                }
            }
            Target::Document { volume, document } => {
                let v = match self.volume_index(file, volume.as_deref()) {
                    Ok(v) => v,
                    Err(r) => return r,
                };
                match self.find_document(v, document) {
                    Some(d) => Resolution::Document(d),
                    None => Resolution::UnknownDocument {
                        volume: self.volumes[v].id.clone(),
                        document: document.clone(),
                    },
                }
            }
            Target::Footnote {
                volume,
                document,
                footnote,
            } => {
                let v = match self.volume_index(file, volume.as_deref()) {
                    Ok(v) => v,
                    Err(r) => return r,
                };
                let (doc_file, scope, doc, name) = match document {
                    Some(key) => match self.find_document(v, key) {
                        Some(d) => {
                            let document = &self.files[d.file].facts.documents[d.doc];
                            (d.file, document.scope, Some(d), key.describe())
                        }
                        None => {
                            return Resolution::UnknownDocument {
                                volume: self.volumes[v].id.clone(),
                                document: key.clone(),
                            }
                        }
                    },
                    None => {
                        let facts = &self.files[file].facts;
                        let doc = match facts.scopes.get(reference.scope as usize).map(|s| s.kind) {
                            Some(crate::facts::ScopeKind::Document(i)) => {
                                Some(DocRef { file, doc: i })
                            }
                            _ => None,
                        };
                        let name = match doc {
                            Some(d) => format!("Document {}", facts.documents[d.doc].number),
                            None => "this division".to_string(),
                        };
                        (file, reference.scope as usize, doc, name)
                    }
                };
                let found = self.files[doc_file].facts.footnote_index(scope, footnote);
                match found {
                    Some(index) => Resolution::Footnote(FootnoteRef {
                        file: doc_file,
                        index,
                    }),
                    None => Resolution::UnknownFootnote {
                        document: doc,
                        document_name: name,
                        footnote: footnote.to_string(),
                    },
                }
            }
        }
    }

    fn resolve_volume(&self, id: &str) -> Resolution {
        if let Some(i) = self.volume_index_of(id) {
            Resolution::Volume(i)
        } else if volume_id::is_published(id) {
            Resolution::OutsideWorkspace(id.to_string())
        } else {
            Resolution::UnknownVolume(id.to_string())
        }
    }

    /// The volume a reference looks in: the named one, or the file's own.
    fn volume_index(&self, file: usize, volume: Option<&str>) -> Result<usize, Resolution> {
        match volume {
            None => Ok(self.files[file].volume),
            Some(id) => match self.resolve_volume(id) {
                Resolution::Volume(v) => Ok(v),
                other => Err(other),
            },
        }
    }

    /// The page break that starts page `number` of a volume (`47`, `XIV`).
    pub fn find_page(&self, volume: usize, number: &str) -> Option<PageRef> {
        self.volumes[volume].files.iter().find_map(|&file| {
            let breaks = &self.files[file].facts.page_breaks;
            let index = breaks
                .iter()
                .position(|b| crate::facts::page_number_of(&b.label) == number)?;
            Some(PageRef { file, index })
        })
    }

    pub fn find_document(&self, volume: usize, key: &DocKey) -> Option<DocRef> {
        let v = &self.volumes[volume];
        let hit = match key {
            DocKey::Number(n) => v.by_number.get(n.as_str()),
            DocKey::Id(id) => v.by_id.get(id.as_str()),
        };
        hit.and_then(|refs| refs.first()).copied()
    }
}
