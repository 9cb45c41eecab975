//! The ends of a block's text (FRUS's Schematron F61, F62): an opening
//! curly mark as the last character of a paragraph, heading, item or
//! register entry, or a closing one as its first before no digit. The text
//! is the block's as the export writes it (`docs/schematron.md`, "Block
//! text"): a footnote marker gives its definition's text, which TEI holds at
//! the marker, page breaks give nothing, and the ends are trimmed.

use super::typography::{has_curly, word_around};
use super::{FileFacts, ScopeKind, TextMark, TextMarkKind};
use crate::hash::{Map, Set};
use crate::syntax::text;
use crate::syntax::view::{self, Block, DefView, FileView, Inline, Part};
use crate::syntax::Node;

/// Inline content nested deeper than this is not read: the export writes
/// it as plain text, and the ends of a real block are never that deep.
const MAX_DEPTH: usize = 100;

/// The first two characters and the last of a text, white space folded.
#[derive(Default)]
struct Ends {
    first: Option<(usize, char)>,
    second: Option<char>,
    last: Option<(usize, char)>,
    space: bool,
}

impl Ends {
    /// Pushes the characters of a text until the first two are known;
    /// true once they are.
    fn push_until_two(&mut self, at: usize, s: &str) -> bool {
        for (i, c) in s.char_indices() {
            self.push(at + i, c);
            if self.second.is_some() {
                return true;
            }
        }
        false
    }

    fn push(&mut self, at: usize, c: char) {
        if c.is_whitespace() {
            self.space = self.first.is_some();
            return;
        }
        if self.first.is_none() {
            self.first = Some((at, c));
        } else if self.second.is_none() {
            self.second = Some(if self.space { ' ' } else { c });
        }
        self.space = false;
        self.last = Some((at, c));
    }
}

struct Scan<'a, 't> {
    src: &'a str,
    /// The footnote definitions of the scope being read, by label: the
    /// last of two with one label is the one the export writes.
    notes: Map<&'a str, &'a DefView<'t>>,
    /// Some footnote of the scope has a curly mark, which a marker at a
    /// block's end would bring there.
    notes_curly: bool,
    scope: usize,
    seen: Set<(usize, bool)>,
    out: Vec<TextMark>,
}

/// Records the block ends of a file.
pub(super) fn scan(view: &FileView, src: &str, facts: &mut FileFacts) {
    let scope_of: Map<usize, usize> = facts
        .scopes
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind != ScopeKind::Preamble)
        .map(|(i, s)| (s.span.start, i))
        .collect();
    let mut scan = Scan {
        src,
        notes: Map::default(),
        notes_curly: false,
        scope: 0,
        seen: Set::default(),
        out: Vec::new(),
    };
    scan.set_notes(notes_of(&view.preamble, src));
    scan.part(&view.preamble, false);
    for scope in &view.scopes {
        scan.scope = scope_of.get(&scope.node.start_byte()).copied().unwrap_or(0);
        let is_document = scope.kind == view::ScopeKind::Document;
        scan.set_notes(notes_of(&scope.body, src));
        if let Some(title) = scope.heading.title {
            // A document's head begins with its number.
            scan.check(&[title], !is_document, "heading");
        }
        scan.part(&scope.body, is_document);
    }
    facts.text_marks.extend(scan.out);
}

/// The notes of a scope: those of its part and its sub-headings.
fn notes_of<'a, 't>(part: &'a Part<'t>, src: &'a str) -> Map<&'a str, &'a DefView<'t>> {
    let mut notes = Map::default();
    let blocks = part
        .blocks
        .iter()
        .chain(part.sections.iter().flat_map(|s| s.blocks.iter()));
    for b in blocks {
        if let Block::Footnote(def) = b {
            if let Some(label) = def.label {
                notes.insert(text(label, src), def);
            }
        }
    }
    notes
}

impl<'a, 't> Scan<'a, 't> {
    fn set_notes(&mut self, notes: Map<&'a str, &'a DefView<'t>>) {
        self.notes_curly = notes
            .values()
            .any(|d| has_curly(text(d.node, self.src).as_bytes()));
        self.notes = notes;
    }

    /// The blocks and sub-headings of a part.
    fn part(&mut self, part: &'a Part<'t>, in_document: bool) {
        self.blocks(&part.blocks, in_document);
        for section in &part.sections {
            if let Some(title) = section.heading.title {
                self.check(&[title], true, "heading");
            }
            self.blocks(&section.blocks, in_document);
        }
    }

    fn blocks(&mut self, blocks: &'a [Block<'t>], in_document: bool) {
        // A closing signature is `closer/signed`, not a `p`.
        let closer = if in_document {
            view::closer(blocks, self.src)
        } else {
            None
        };
        for (i, b) in blocks.iter().enumerate() {
            match b {
                Block::Paragraph(p) if Some(i) != closer => self.check(&[*p], true, "paragraph"),
                Block::Paragraph(_) | Block::Error(_) => {}
                Block::Table(rows) => {
                    for cell in rows.iter().flat_map(|r| &r.cells).filter_map(|c| c.node) {
                        self.check(&[cell], true, "table cell");
                    }
                }
                Block::List(items) => {
                    for item in items {
                        for body in &item.bodies {
                            self.check(&[*body], true, "list item");
                        }
                    }
                }
                Block::Quote(_, bodies) => {
                    for body in bodies {
                        self.check(&[*body], true, "quotation");
                    }
                }
                // A footnote of one paragraph is a bare `note`, which the
                // rule does not name; each paragraph of a longer one is a `p`.
                Block::Footnote(def) if def.bodies.len() > 1 => {
                    for body in &def.bodies {
                        self.check(&[*body], true, "footnote paragraph");
                    }
                }
                Block::Footnote(_) => {}
                Block::Person(def) | Block::Term(def) => {
                    // The item begins with the bold name, or with the id
                    // the export writes in its place.
                    let named = def.bodies.first().is_some_and(|b| {
                        view::Inlines::forward(*b)
                            .find(|i| !matches!(i, Inline::Text(t) if text(*t, self.src).trim().is_empty()))
                            .is_some_and(|i| matches!(i, Inline::Strong(_)))
                    });
                    self.check(&def.bodies, named, "register entry");
                }
            }
        }
    }

    /// Judges the text of one block made of these containers.
    fn check(&mut self, containers: &[Node<'t>], judge_start: bool, block: &'static str) {
        // Only a curly mark can be found at an end, from the block's own
        // text or from a note whose marker stands there.
        let worth = containers.iter().any(|c| {
            let t = text(*c, self.src).as_bytes();
            has_curly(t) || (self.notes_curly && t.contains(&b'^'))
        });
        if !worth {
            return;
        }
        // The first two characters are read from the start and the last
        // from the end, each stopping as soon as it has them: the middle of
        // a block is never read.
        let mut ends = Ends::default();
        for (i, c) in containers.iter().enumerate() {
            if i > 0 {
                ends.push(c.start_byte(), ' ');
            }
            if self.read_start(*c, &mut ends, false, 0) {
                break;
            }
        }
        ends.last = containers
            .iter()
            .rev()
            .find_map(|c| self.read_end(*c, false, 0));
        if let Some((at, mark @ ('“' | '‘'))) = ends.last {
            self.mark(at, mark, false, block);
        }
        if judge_start {
            if let (Some((at, mark @ ('”' | '’'))), Some(next)) = (ends.first, ends.second) {
                if !next.is_ascii_digit() {
                    self.mark(at, mark, true, block);
                }
            }
        }
    }

    fn mark(&mut self, at: usize, mark: char, at_start: bool, block: &'static str) {
        if !self.seen.insert((at, at_start)) {
            return;
        }
        let kind = if at_start {
            TextMarkKind::CloseQuoteStartsBlock { mark, block }
        } else {
            TextMarkKind::OpenQuoteEndsBlock { mark, block }
        };
        self.out.push(TextMark {
            kind,
            span: at..at + mark.len_utf8(),
            scope: self.scope,
            word: word_around(self.src, at).into(),
        });
    }

    /// Reads characters from the start of a container until the first two
    /// are known; true once they are.
    fn read_start(
        &self,
        container: Node<'t>,
        ends: &mut Ends,
        in_note: bool,
        depth: usize,
    ) -> bool {
        if depth > MAX_DEPTH {
            return false;
        }
        let src = self.src;
        for inline in view::Inlines::forward(container) {
            match inline {
                Inline::Text(n)
                | Inline::DocumentPhrase(n)
                | Inline::DocumentsPhrase(n)
                | Inline::FootnotePhrase(n)
                | Inline::VolumePhrase(n)
                | Inline::Error(n) => {
                    if ends.push_until_two(n.start_byte(), text(n, src)) {
                        return true;
                    }
                }
                Inline::Gap(r) => {
                    if ends.push_until_two(r.start, src.get(r.clone()).unwrap_or("")) {
                        return true;
                    }
                }
                Inline::Escape(n) => {
                    if let Some(c) = text(n, src).chars().nth(1) {
                        ends.push(n.start_byte() + 1, c);
                    }
                }
                // The export writes no note inside a note.
                Inline::FootnoteRef(_, label) if !in_note => {
                    let def = label.and_then(|l| self.notes.get(text(l, src)));
                    for body in def.map(|d| d.bodies.as_slice()).unwrap_or_default() {
                        if self.read_start(*body, ends, true, depth + 1) {
                            return true;
                        }
                    }
                }
                Inline::FootnoteRef(..) | Inline::PageBreak(_) | Inline::LineBreak(_) => {}
                Inline::Person(_, t, _)
                | Inline::Term(_, t, _)
                | Inline::Explicit(_, t, _)
                | Inline::Styled(_, t, _) => {
                    if let Some(t) = t {
                        if self.read_start(t, ends, in_note, depth + 1) {
                            return true;
                        }
                    }
                }
                Inline::Editorial(n, content) => {
                    ends.push(n.start_byte(), '[');
                    if let Some(c) = content {
                        if self.read_start(c, ends, in_note, depth + 1) {
                            return true;
                        }
                    }
                    ends.push(n.end_byte().saturating_sub(1), ']');
                }
                Inline::Emphasis(n) | Inline::Strong(n) => {
                    if self.read_start(n, ends, in_note, depth + 1) {
                        return true;
                    }
                }
            }
            if ends.second.is_some() {
                return true;
            }
        }
        false
    }

    /// The last character of a container that is not white space, read
    /// from its end.
    fn read_end(&self, container: Node<'t>, in_note: bool, depth: usize) -> Option<(usize, char)> {
        if depth > MAX_DEPTH {
            return None;
        }
        let src = self.src;
        let last_of = |at: usize, s: &str| {
            s.char_indices()
                .rev()
                .find(|(_, c)| !c.is_whitespace())
                .map(|(i, c)| (at + i, c))
        };
        for inline in view::Inlines::backward(container) {
            let found = match inline {
                Inline::Text(n)
                | Inline::DocumentPhrase(n)
                | Inline::DocumentsPhrase(n)
                | Inline::FootnotePhrase(n)
                | Inline::VolumePhrase(n)
                | Inline::Error(n) => last_of(n.start_byte(), text(n, src)),
                Inline::Gap(r) => last_of(r.start, src.get(r.clone()).unwrap_or("")),
                Inline::Escape(n) => text(n, src)
                    .chars()
                    .nth(1)
                    .filter(|c| !c.is_whitespace())
                    .map(|c| (n.start_byte() + 1, c)),
                Inline::FootnoteRef(_, label) if !in_note => {
                    let def = label.and_then(|l| self.notes.get(text(l, src)));
                    def.map(|d| d.bodies.as_slice())
                        .unwrap_or_default()
                        .iter()
                        .rev()
                        .find_map(|body| self.read_end(*body, true, depth + 1))
                }
                Inline::FootnoteRef(..) | Inline::PageBreak(_) | Inline::LineBreak(_) => None,
                Inline::Person(_, t, _)
                | Inline::Term(_, t, _)
                | Inline::Explicit(_, t, _)
                | Inline::Styled(_, t, _) => t.and_then(|t| self.read_end(t, in_note, depth + 1)),
                Inline::Editorial(n, _) => Some((n.end_byte().saturating_sub(1), ']')),
                Inline::Emphasis(n) | Inline::Strong(n) => self.read_end(n, in_note, depth + 1),
            };
            if found.is_some() {
                return found;
            }
        }
        None
    }
}
