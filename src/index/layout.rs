//! Where the TEI export puts each document and division of a volume: front
//! and back matter, chapters inside the compilation, documents outside every
//! chapter, and the ids it derives for divisions. One definition, read by
//! the export that writes the TEI and by the rules that judge what it will
//! write (FRUS's Schematron checks the structure and the ids of the TEI).

use super::number_key;
use super::SourceFile;
use crate::facts::ScopeKind;
use std::sync::Arc;

/// A document or division: a file and the index its caller gives the scope
/// (the export counts a file's headings from 0, the facts from 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ScopeAt {
    pub file: usize,
    pub scope: usize,
}

/// One file as the layout sees it: its path inside the volume folder
/// (`/`-separated) and its headings in order.
pub struct FileScopes<'a> {
    pub file: usize,
    pub path: &'a str,
    pub scopes: Vec<ScopeInput<'a>>,
}

/// A heading of a file.
#[derive(Debug, Clone, Copy)]
pub struct ScopeInput<'a> {
    /// The index the caller gives it.
    pub scope: usize,
    /// The number of a document; None for a division.
    pub number: Option<&'a str>,
    /// A division with `Id: comp1`.
    pub compilation: bool,
}

/// A `div[@type='chapter']`: a chapter folder (`ch1/chapter.emd` and the
/// documents beside it), or a division of a file at the top of the volume
/// followed by documents in that file.
#[derive(Debug, Clone)]
pub struct Chapter {
    /// The folder, or `path#index` for a chapter written in one file.
    pub folder: String,
    /// The division that gives the chapter its `head` and its id.
    pub heading: Option<ScopeAt>,
    /// In the order of their numbers.
    pub documents: Vec<(String, ScopeAt)>,
    /// A chapter folder rather than a division in a file of its own.
    pub is_folder: bool,
    /// The chapter whose folder holds this one's (`ch1/ch1a/` in `ch1/`);
    /// None at the top, and for chapters in the titled compilation.
    pub parent: Option<usize>,
    /// Its own documents and the chapters inside it, ordered by their
    /// first document number: what the export writes inside it.
    pub units: Vec<Unit>,
}

/// What the body holds, in the order the export writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Index into [`Layout::chapters`].
    Chapter(usize),
    Document(ScopeAt),
}

#[derive(Debug, Clone, Default)]
pub struct Layout {
    /// Divisions of `front`, in the order of their paths.
    pub front: Vec<ScopeAt>,
    /// Divisions of `back` (files under `back/`), in the order of their paths.
    pub back: Vec<ScopeAt>,
    pub chapters: Vec<Chapter>,
    /// Chapters and documents outside chapters, ordered by their first
    /// document number. The compilation (`comp1`) opens at the first
    /// chapter; the documents before it stand beside it in `body`.
    pub body: Vec<Unit>,
    /// The chapter folder whose heading has `Id: comp1`: the compilation
    /// itself, with that heading as its `head` and its documents directly
    /// inside it, as FRUS volumes with a titled compilation have it. It is
    /// no unit of `body`; its documents are.
    pub compilation: Option<usize>,
    /// Where the compilation opens in `body`: at its first chapter or
    /// document; `body.len()` for a titled compilation that holds nothing.
    /// None when the volume has neither chapters nor a titled compilation.
    compilation_start: Option<usize>,
    /// Documents in `back/`, which the export writes in the body.
    pub back_documents: Vec<ScopeAt>,
}

/// Puts each chapter folder inside the chapter of the nearest folder above
/// it, and orders what each chapter holds; returns each chapter's ordering
/// key. The chapters of the titled compilation stand beside its folder, so
/// its folder holds none.
fn nest(layout: &mut Layout) -> Vec<(u64, String)> {
    let folders: crate::hash::Map<String, usize> = layout
        .chapters
        .iter()
        .enumerate()
        .filter(|(_, c)| c.is_folder)
        .map(|(i, c)| (c.folder.clone(), i))
        .collect();
    for i in 0..layout.chapters.len() {
        if !layout.chapters[i].is_folder {
            continue;
        }
        let mut above = layout.chapters[i].folder.as_str();
        let parent = loop {
            let Some((up, _)) = above.rsplit_once('/') else {
                break None;
            };
            if let Some(&p) = folders.get(up) {
                break Some(p);
            }
            above = up;
        };
        layout.chapters[i].parent = parent.filter(|&p| Some(p) != layout.compilation);
    }
    // What orders a chapter among its neighbours: the lowest number of a
    // document in it or in a chapter inside it; a chapter without
    // documents comes last, by folder. A parent's folder is a prefix of
    // its children's, so the longest folders are done first.
    let n = layout.chapters.len();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, c) in layout.chapters.iter().enumerate() {
        if let Some(p) = c.parent {
            children[p].push(i);
        }
    }
    let mut by_depth: Vec<usize> = (0..n).collect();
    by_depth.sort_by_key(|&i| std::cmp::Reverse(layout.chapters[i].folder.len()));
    let mut lowest: Vec<Option<(u64, String)>> = vec![None; n];
    for &i in &by_depth {
        let own = layout.chapters[i]
            .documents
            .first()
            .map(|(n, _)| number_key(n));
        let inner = children[i].iter().filter_map(|&c| lowest[c].clone());
        lowest[i] = own.into_iter().chain(inner).min();
    }
    let keys: Vec<(u64, String)> = layout
        .chapters
        .iter()
        .zip(lowest)
        .map(|(c, low)| {
            let last = (u64::MAX, c.folder.clone());
            low.map_or(last.clone(), |l| l.min(last))
        })
        .collect();
    for (i, inner) in children.iter().enumerate() {
        let mut units: Vec<((u64, String), Unit)> = inner
            .iter()
            .map(|&j| (keys[j].clone(), Unit::Chapter(j)))
            .collect();
        for (n, at) in &layout.chapters[i].documents {
            units.push((number_key(n), Unit::Document(*at)));
        }
        units.sort_by(|a, b| a.0.cmp(&b.0));
        layout.chapters[i].units = units.into_iter().map(|(_, u)| u).collect();
    }
    keys
}

/// The id of the compilation that holds the chapters.
pub const COMPILATION_ID: &str = "comp1";

impl Layout {
    /// Places the scopes of a volume's files (`volume.emd` left out). Files
    /// come in the order the volume lists them.
    pub fn of(files: &[FileScopes]) -> Layout {
        let mut layout = Layout::default();
        let mut front: Vec<(&str, ScopeAt)> = Vec::new();
        let mut back: Vec<(&str, ScopeAt)> = Vec::new();
        let mut loose: Vec<(String, ScopeAt)> = Vec::new();
        let chapters = &mut layout.chapters;
        for f in files {
            let folder = f.path.rsplit_once('/').map(|(d, _)| d);
            let is_back = f.path.starts_with("back/");
            let mut current: Option<usize> = None;
            for (i, input) in f.scopes.iter().enumerate() {
                let (scope, number) = (input.scope, input.number);
                let at = ScopeAt {
                    file: f.file,
                    scope,
                };
                match (number, is_back, folder) {
                    (None, true, _) => back.push((f.path, at)),
                    (Some(n), true, _) => {
                        layout.back_documents.push(at);
                        loose.push((n.to_string(), at));
                    }
                    (None, false, Some(folder)) => {
                        // A folder's first division heads its chapter; a
                        // second one is a chapter of its own.
                        match chapters.iter().position(|c| c.folder == folder) {
                            Some(c) if chapters[c].heading.is_none() => {
                                chapters[c].heading = Some(at);
                                if input.compilation && layout.compilation.is_none() {
                                    layout.compilation = Some(c);
                                }
                            }
                            _ => {
                                chapters.push(Chapter {
                                    folder: folder.to_string(),
                                    heading: Some(at),
                                    documents: Vec::new(),
                                    is_folder: true,
                                    parent: None,
                                    units: Vec::new(),
                                });
                                if input.compilation && layout.compilation.is_none() {
                                    layout.compilation = Some(chapters.len() - 1);
                                }
                            }
                        }
                    }
                    (Some(n), false, Some(folder)) => {
                        let c = match chapters.iter().position(|c| c.folder == folder) {
                            Some(c) => c,
                            None => {
                                chapters.push(Chapter {
                                    folder: folder.to_string(),
                                    heading: None,
                                    documents: Vec::new(),
                                    is_folder: true,
                                    parent: None,
                                    units: Vec::new(),
                                });
                                chapters.len() - 1
                            }
                        };
                        chapters[c].documents.push((n.to_string(), at));
                    }
                    (None, false, None) => {
                        let followed_by_document =
                            f.scopes.get(i + 1).is_some_and(|s| s.number.is_some());
                        if followed_by_document {
                            chapters.push(Chapter {
                                folder: format!("{}#{i}", f.path),
                                heading: Some(at),
                                documents: Vec::new(),
                                is_folder: false,
                                parent: None,
                                units: Vec::new(),
                            });
                            current = Some(chapters.len() - 1);
                        } else {
                            current = None;
                            front.push((f.path, at));
                        }
                    }
                    (Some(n), false, None) => match current {
                        Some(c) => chapters[c].documents.push((n.to_string(), at)),
                        None => loose.push((n.to_string(), at)),
                    },
                }
            }
        }
        for c in chapters.iter_mut() {
            c.documents.sort_by_key(|(n, _)| number_key(n));
        }
        loose.sort_by_key(|(n, _)| number_key(n));
        front.sort_by(|a, b| (a.0, a.1.scope).cmp(&(b.0, b.1.scope)));
        back.sort_by(|a, b| (a.0, a.1.scope).cmp(&(b.0, b.1.scope)));
        layout.front = front.into_iter().map(|(_, at)| at).collect();
        layout.back = back.into_iter().map(|(_, at)| at).collect();
        let keys = nest(&mut layout);
        // Chapters first, so that a chapter and a loose document with one
        // number keep that order through the stable sort.
        let mut units: Vec<((u64, String), Unit)> = Vec::new();
        for (i, c) in layout.chapters.iter().enumerate() {
            if Some(i) == layout.compilation || c.parent.is_some() {
                continue;
            }
            units.push((keys[i].clone(), Unit::Chapter(i)));
        }
        for (n, at) in &loose {
            units.push((number_key(n), Unit::Document(*at)));
        }
        let own: Vec<ScopeAt> = layout
            .compilation
            .map(|c| {
                layout.chapters[c]
                    .documents
                    .iter()
                    .map(|(_, at)| *at)
                    .collect()
            })
            .unwrap_or_default();
        if let Some(c) = layout.compilation {
            for (n, at) in &layout.chapters[c].documents {
                units.push((number_key(n), Unit::Document(*at)));
            }
        }
        units.sort_by(|a, b| a.0.cmp(&b.0));
        layout.body = units.into_iter().map(|(_, u)| u).collect();
        let opens = layout.body.iter().position(|u| match u {
            Unit::Chapter(_) => true,
            Unit::Document(at) => own.contains(at),
        });
        layout.compilation_start = match (opens, layout.compilation) {
            (Some(i), _) => Some(i),
            (None, Some(_)) => Some(layout.body.len()),
            (None, None) => None,
        };
        layout
    }

    /// Where the compilation opens in [`Layout::body`]: at its first
    /// chapter or document; `body.len()` for a titled compilation that
    /// holds nothing; None when there is no compilation.
    pub fn compilation_start(&self) -> Option<usize> {
        self.compilation_start
    }

    /// Every document and division in the order the export writes them:
    /// front matter, the titled compilation's head, the body (a chapter's
    /// heading before what it holds), back matter.
    pub fn scopes_in_order(&self) -> Vec<ScopeAt> {
        fn units(layout: &Layout, list: &[Unit], out: &mut Vec<ScopeAt>) {
            for u in list {
                match *u {
                    Unit::Document(at) => out.push(at),
                    Unit::Chapter(c) => {
                        if let Some(c) = layout.chapters.get(c) {
                            out.extend(c.heading);
                            units(layout, &c.units, out);
                        }
                    }
                }
            }
        }
        let mut order: Vec<ScopeAt> = self.front.clone();
        if let Some(c) = self.compilation.and_then(|c| self.chapters.get(c)) {
            order.extend(c.heading);
        }
        units(self, &self.body, &mut order);
        order.extend(self.back.iter().copied());
        order
    }

    /// The documents in the compilation: those of the units from its start.
    pub fn documents_in_compilation(&self) -> usize {
        let Some(start) = self.compilation_start else {
            return 0;
        };
        self.body
            .iter()
            .skip(start)
            .map(|u| match u {
                Unit::Chapter(c) => self.documents_in_chapter(*c),
                Unit::Document(_) => 1,
            })
            .sum()
    }

    /// The documents of a chapter and of the chapters inside it.
    pub fn documents_in_chapter(&self, chapter: usize) -> usize {
        let mut count = 0;
        let mut todo = vec![chapter];
        while let Some(c) = todo.pop() {
            let Some(c) = self.chapters.get(c) else {
                continue;
            };
            for u in &c.units {
                match u {
                    Unit::Chapter(inner) => todo.push(*inner),
                    Unit::Document(_) => count += 1,
                }
            }
        }
        count
    }

    /// The layout of a TEI volume, which is its own export: its divisions
    /// as front matter and its documents as the body, each in the order
    /// they stand; no compilation is added.
    fn as_written(file: usize, facts: &crate::facts::FileFacts) -> Layout {
        let mut layout = Layout::default();
        for (scope, s) in facts.scopes.iter().enumerate() {
            let at = ScopeAt { file, scope };
            match s.kind {
                ScopeKind::Preamble => {}
                ScopeKind::Document(_) => layout.body.push(Unit::Document(at)),
                ScopeKind::Division(_) => layout.front.push(at),
            }
        }
        layout
    }

    /// The layout of a volume of the index, from its files' facts; scopes
    /// are counted as the facts count them.
    pub(super) fn of_volume(volume: &super::Volume, files: &[Arc<SourceFile>]) -> Layout {
        if let Some(f) = volume.tei_file(files) {
            return Layout::as_written(f, &files[f].facts);
        }
        let paths: Vec<(usize, String)> = volume
            .files
            .iter()
            .filter(|&&f| Some(f) != volume.volume_file)
            .map(|&f| (f, volume.path_in(&files[f])))
            .collect();
        let inputs: Vec<FileScopes> = paths
            .iter()
            .map(|(f, path)| {
                let facts = &files[*f].facts;
                let scopes = facts
                    .scopes
                    .iter()
                    .enumerate()
                    .filter_map(|(i, s)| match s.kind {
                        ScopeKind::Preamble => None,
                        ScopeKind::Document(d) => Some(ScopeInput {
                            scope: i,
                            number: facts.documents.get(d).map(|d| d.number.as_str()),
                            compilation: false,
                        }),
                        ScopeKind::Division(d) => Some(ScopeInput {
                            scope: i,
                            number: None,
                            compilation: facts
                                .divisions
                                .get(d)
                                .is_some_and(|d| d.id.as_deref() == Some(COMPILATION_ID)),
                        }),
                    })
                    .collect();
                FileScopes {
                    file: *f,
                    path,
                    scopes,
                }
            })
            .collect();
        Layout::of(&inputs)
    }
}

/// The `xml:id` the export gives a division: its `Id:` line; else the file
/// name without its number prefix (`03-persons.emd` → `persons`), or the
/// folder's name for a `chapter.emd`; with `-N` added, N the division's
/// place among the file's headings, when the file holds more than one.
pub fn division_id(id_line: Option<&str>, path: &str, headings: usize, ordinal: usize) -> String {
    if let Some(id) = id_line.filter(|i| !i.is_empty()) {
        return id.to_string();
    }
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.trim_end_matches(".emd");
    let stem = if stem == "chapter" {
        path.rsplit('/').nth(1).unwrap_or(stem)
    } else {
        stem
    };
    let stem = match stem.split_once('-') {
        Some((n, rest)) if !rest.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => rest,
        _ => stem,
    };
    if headings == 1 {
        stem.to_string()
    } else {
        format!("{stem}-{ordinal}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file<'a>(file: usize, path: &'a str, scopes: &[Option<&'a str>]) -> FileScopes<'a> {
        FileScopes {
            file,
            path,
            scopes: scopes
                .iter()
                .enumerate()
                .map(|(scope, &number)| ScopeInput {
                    scope,
                    number,
                    compilation: false,
                })
                .collect(),
        }
    }

    #[test]
    fn front_chapters_and_loose_documents() {
        let files = [
            file(0, "01-persons.emd", &[None]),
            file(1, "d0001.emd", &[Some("1")]),
            file(2, "ch1/chapter.emd", &[None]),
            file(3, "ch1/d0003.emd", &[Some("3")]),
            file(4, "ch1/d0002.emd", &[Some("2")]),
            file(5, "d0004.emd", &[Some("4")]),
            file(6, "ch2/chapter.emd", &[None]),
            file(7, "back/01-index.emd", &[None]),
        ];
        let l = Layout::of(&files);
        assert_eq!(l.front, [ScopeAt { file: 0, scope: 0 }]);
        assert_eq!(l.back, [ScopeAt { file: 7, scope: 0 }]);
        assert_eq!(l.chapters.len(), 2);
        let numbers: Vec<&str> = l.chapters[0]
            .documents
            .iter()
            .map(|(n, _)| n.as_str())
            .collect();
        assert_eq!(numbers, ["2", "3"]);
        assert_eq!(
            l.body,
            [
                Unit::Document(ScopeAt { file: 1, scope: 0 }),
                Unit::Chapter(0),
                Unit::Document(ScopeAt { file: 5, scope: 0 }),
                Unit::Chapter(1),
            ]
        );
        assert_eq!(l.compilation_start(), Some(1));
    }

    #[test]
    fn a_division_followed_by_documents_in_its_file_is_a_chapter() {
        let l = Layout::of(&[file(0, "part1.emd", &[None, Some("1"), Some("2"), None])]);
        assert_eq!(l.chapters.len(), 1);
        assert!(!l.chapters[0].is_folder);
        assert_eq!(l.chapters[0].documents.len(), 2);
        assert_eq!(l.front, [ScopeAt { file: 0, scope: 3 }]);
    }

    #[test]
    fn a_chapter_folder_headed_comp1_is_the_compilation() {
        let mut head = file(0, "comp1/chapter.emd", &[None]);
        head.scopes[0].compilation = true;
        let files = [
            file(3, "d0001.emd", &[Some("1")]),
            head,
            file(1, "comp1/d0002.emd", &[Some("2")]),
            file(2, "ch3/chapter.emd", &[None]),
            file(4, "ch3/d0003.emd", &[Some("3")]),
        ];
        let l = Layout::of(&files);
        assert_eq!(l.compilation, Some(0));
        assert_eq!(
            l.body,
            [
                Unit::Document(ScopeAt { file: 3, scope: 0 }),
                Unit::Document(ScopeAt { file: 1, scope: 0 }),
                Unit::Chapter(1),
            ]
        );
        assert_eq!(l.compilation_start(), Some(1));
        assert_eq!(l.documents_in_compilation(), 2);
        let empty = [head_only()];
        let l = Layout::of(&empty);
        assert_eq!(l.compilation_start(), Some(0));
        assert_eq!(l.documents_in_compilation(), 0);
    }

    fn head_only() -> FileScopes<'static> {
        let mut head = file(0, "comp1/chapter.emd", &[None]);
        head.scopes[0].compilation = true;
        head
    }

    #[test]
    fn a_chapter_folder_inside_another_is_a_chapter_inside_it() {
        let files = [
            file(0, "ch1/chapter.emd", &[None]),
            file(1, "ch1/b/chapter.emd", &[None]),
            file(2, "ch1/b/d0003.emd", &[Some("3")]),
            file(3, "ch1/a/chapter.emd", &[None]),
            file(4, "ch1/a/d0001.emd", &[Some("1")]),
            file(5, "ch1/d0002.emd", &[Some("2")]),
            file(6, "ch2/d0004.emd", &[Some("4")]),
        ];
        let l = Layout::of(&files);
        assert_eq!(l.body, [Unit::Chapter(0), Unit::Chapter(3)]);
        assert_eq!(l.chapters[1].parent, Some(0));
        assert_eq!(l.chapters[2].parent, Some(0));
        assert_eq!(
            l.chapters[0].units,
            [
                Unit::Chapter(2),
                Unit::Document(ScopeAt { file: 5, scope: 0 }),
                Unit::Chapter(1),
            ]
        );
        assert_eq!(l.documents_in_chapter(0), 3);
        assert_eq!(l.documents_in_compilation(), 4);
    }

    #[test]
    fn division_ids_come_from_id_lines_or_file_names() {
        assert_eq!(division_id(Some("terms"), "x.emd", 1, 1), "terms");
        assert_eq!(division_id(None, "03-persons.emd", 1, 1), "persons");
        assert_eq!(division_id(Some(""), "persons.emd", 2, 2), "persons-2");
        assert_eq!(division_id(None, "ch4/chapter.emd", 1, 1), "ch4");
        assert_eq!(division_id(None, "2020-review.emd", 1, 1), "review");
        assert_eq!(division_id(None, "x-.emd", 1, 1), "x-");
    }
}
