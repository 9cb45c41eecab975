//! A volume folder of markup → one FRUS TEI file. The markup is read through
//! the syntax layer's typed views; nothing here knows a node-kind name.

use super::ids;
use super::verbatim;
use super::warn::Warnings;
use super::xml_in::{FRUS_NS, TEI_NS};
use crate::facts::{date, volume_id};
use crate::index::discover::VOLUME_FILE;
use crate::index::layout::{self, Chapter, Layout, ScopeAt, Unit, COMPILATION_ID};
use crate::line_index::{ColumnUnit, LineIndex};
use crate::syntax::view::{self, page_only, Block, DefView, FileView, Inline, ItemView, ScopeKind};
use crate::syntax::{self, field, normalize_space, plain_text, text, Field};
use crate::syntax::{Node, SyntaxTree};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

/// A problem that stops the export: `file:line:column: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportError {
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

struct Parsed<'a> {
    path: &'a str,
    src: &'a str,
    tree: SyntaxTree,
    lines: LineIndex,
}

/// Writes the TEI of a volume. `all` are the volume's markup files and the
/// XML files kept verbatim beside them, with paths relative to the volume
/// folder (`/`-separated).
pub fn export(all: &[(String, String)]) -> Result<(String, Warnings), Vec<ExportError>> {
    type PathAndText = (String, String);
    let (kept, files): (Vec<&PathAndText>, Vec<&PathAndText>) = all
        .iter()
        .partition(|(path, _)| verbatim::is_verbatim(path));
    let mut errors = Vec::new();
    let mut kept: Vec<(&str, &str)> = kept
        .into_iter()
        .filter(|(path, text)| match super::xml_in::parse(text) {
            Ok(_) => true,
            Err(e) => {
                errors.push(ExportError {
                    file: path.to_string(),
                    line: e.line,
                    column: e.column,
                    message: format!("{}; fix it before exporting", e.message),
                });
                false
            }
        })
        .map(|(path, text)| (path.as_str(), verbatim::element_of(text)))
        .collect();
    kept.sort();
    let parsed: Vec<Parsed> = files
        .par_iter()
        .map(|(path, src)| Parsed {
            path,
            src,
            tree: syntax::parse_tree(src),
            lines: LineIndex::new(src),
        })
        .collect();
    for p in &parsed {
        for e in syntax::syntax_errors(&p.tree, p.src) {
            let pos = p.lines.position(p.src, e.range.start, ColumnUnit::Chars);
            errors.push(ExportError {
                file: p.path.to_string(),
                line: pos.line + 1,
                column: pos.col + 1,
                message: format!("syntax error: {}; fix it before exporting", e.message),
            });
        }
    }
    let Some(volume_file) = parsed.iter().position(|p| p.path == VOLUME_FILE) else {
        errors.push(ExportError {
            file: VOLUME_FILE.to_string(),
            line: 1,
            column: 1,
            message: "not a volume folder: there is no volume.emd".to_string(),
        });
        return Err(errors);
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let views: Vec<FileView> = parsed.iter().map(|p| FileView::of(&p.tree)).collect();
    let mut ex = Exporter {
        parsed: &parsed,
        views: &views,
        kept: &kept,
        warnings: Warnings::default(),
        out: String::with_capacity(files.iter().map(|f| f.1.len()).sum::<usize>() * 2),
        file: 0,
        scope_id: String::new(),
        notes: HashMap::new(),
        used: HashSet::new(),
        in_note: false,
        in_ref: false,
        depth: 0,
        datelines: DatelineEncoding::default(),
        unnumbered_heads: false,
        plain_signatures: false,
        plain_entries: false,
        calendar: true,
        ranges: true,
        compilation_range: None,
        subtypes: Subtypes::default(),
        images: super::images::Images::default(),
        openers: (false, None),
        joined_seg: None,
        date_extra: None,
    };
    ex.volume(volume_file);
    Ok((ex.out, ex.warnings))
}

struct Exporter<'a> {
    parsed: &'a [Parsed<'a>],
    views: &'a [FileView<'a>],
    /// The files that keep what the markup has no place for, by path, and
    /// their elements.
    kept: &'a [(&'a str, &'a str)],
    warnings: Warnings,
    out: String,
    /// The file being written.
    file: usize,
    /// The id of the document or division being written.
    scope_id: String,
    /// Its footnote definitions by label.
    notes: HashMap<String, DefView<'a>>,
    used: HashSet<String>,
    in_note: bool,
    /// Inside the text of an explicit reference: phrases there are text.
    in_ref: bool,
    /// How deep inline content is nested where it is being written.
    depth: usize,
    /// The volume's `Datelines:` line.
    datelines: DatelineEncoding,
    /// `Headings: unnumbered`: heads are written without the number.
    unnumbered_heads: bool,
    /// `Signatures: plain`: the volume signs without `hi` around the name.
    plain_signatures: bool,
    /// `Entries: plain`: register entries have no `hi` around the name.
    plain_entries: bool,
    /// `Calendar: none`: the volume's dates have no `@calendar`.
    calendar: bool,
    /// `Ranges: none`: documents have no `frus:doc-dateTime-min/max` but
    /// what a `Range:` line gives.
    ranges: bool,
    /// volume.emd's `Range:` line: the untitled compilation's.
    compilation_range: Option<(String, String)>,
    /// The volume's `Subtypes:` line.
    subtypes: Subtypes,
    /// The volume's `Images:` line: each page break's `@facs`.
    images: super::images::Images,
    /// The volume's `Openers:` line: `joined` puts an `Opener:` line's
    /// `seg` in the dateline's `opener`; its rendition.
    openers: (bool, Option<String>),
    /// The `seg` of the document being written, waiting for its dateline.
    joined_seg: Option<String>,
    /// The attributes from `Datetype:` and `Dating:` lines for the date of
    /// the dateline written next.
    date_extra: Option<(String, Node<'a>)>,
}

/// A list label; `(*a*)` is a letter in italics.
fn label_xml(label: &str) -> String {
    match label.strip_prefix("(*").and_then(|l| l.strip_suffix("*)")) {
        Some(letter) => format!("(<hi rend=\"italic\">{}</hi>)", esc(letter)),
        None => esc(label),
    }
}

fn write_range(open: &mut String, (min, max): &(String, String)) {
    let _ = write!(
        open,
        " frus:doc-dateTime-min=\"{}\" frus:doc-dateTime-max=\"{}\"",
        esc(min),
        esc(max)
    );
}

/// Which divisions the export gives the `@subtype` FRUS derives:
/// `Subtypes: documents`, `registers` or `none` (both, without the line).
#[derive(Debug)]
struct Subtypes {
    documents: bool,
    registers: bool,
}

impl Default for Subtypes {
    fn default() -> Self {
        Subtypes {
            documents: true,
            registers: true,
        }
    }
}

impl Subtypes {
    fn parse(value: &str) -> Option<Subtypes> {
        let (documents, registers) = match value.trim() {
            "documents" => (true, false),
            "registers" => (false, true),
            "none" => (false, false),
            _ => return None,
        };
        Some(Subtypes {
            documents,
            registers,
        })
    }
}

/// How a volume encodes a document's dateline: `Datelines: opener #right`
/// wraps it in `opener` and gives it `@rendition`.
#[derive(Debug, Default)]
struct DatelineEncoding {
    opener: bool,
    rendition: Option<String>,
}

impl DatelineEncoding {
    /// Reads the value of a `Datelines:` line; the words it does not know
    /// are returned, to be reported.
    fn parse(value: &str) -> (DatelineEncoding, Vec<String>) {
        let (opener, rendition, unknown) = encoding_words(value, "opener", None);
        (DatelineEncoding { opener, rendition }, unknown)
    }
}

/// The words of an encoding line of `volume.emd`: whether `on` is there
/// (`off` says it is not), a rendition such as `#right`, and the words
/// neither, to be reported.
fn encoding_words(value: &str, on: &str, off: Option<&str>) -> (bool, Option<String>, Vec<String>) {
    let (mut flag, mut rendition, mut unknown) = (false, None, Vec::new());
    for word in value.split_whitespace() {
        if word == on {
            flag = true;
        } else if Some(word) == off {
            flag = false;
        } else if word.len() > 1 && word.starts_with('#') {
            rendition = Some(word.to_string());
        } else {
            unknown.push(word.to_string());
        }
    }
    (flag, rendition, unknown)
}

/// Inline content nested deeper than this (brackets in brackets…) is
/// written as its plain text, so that no input can exhaust the stack.
const MAX_INLINE_DEPTH: usize = 100;

pub(super) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// Folds runs of white space (any Unicode white space: the markup's text)
/// into single spaces, keeping one at either end if there was any.
fn fold(s: &str) -> String {
    super::fold_space(s, char::is_whitespace)
}

fn indent(depth: usize) -> String {
    "    ".repeat(depth)
}

impl<'a> Exporter<'a> {
    fn src(&self) -> &'a str {
        self.parsed[self.file].src
    }

    fn warn(&mut self, node: Node, message: impl Into<String>) {
        let p = &self.parsed[self.file];
        let pos = p
            .lines
            .position(p.src, node.start_byte(), ColumnUnit::Chars);
        self.warnings
            .push(Some(p.path), pos.line + 1, pos.col + 1, message);
    }

    fn line(&mut self, depth: usize, s: &str) {
        self.out.push_str(&indent(depth));
        self.out.push_str(s);
        self.out.push('\n');
    }

    fn meta_value(
        &self,
        file: usize,
        heading: &view::HeadingView<'a>,
        key: &str,
    ) -> Option<Node<'a>> {
        let src = self.parsed[file].src;
        heading
            .metadata
            .iter()
            .find(|m| text(m.key, src) == key)
            .and_then(|m| m.value)
    }

    /// A heading's `Range: MIN/MAX` line (reported where it is not two
    /// values).
    fn given_range(
        &mut self,
        file: usize,
        heading: &view::HeadingView<'a>,
    ) -> Option<(String, String)> {
        let value = self.meta_value(file, heading, "Range")?;
        let text = plain_text(value, self.parsed[file].src);
        match text.split_once('/') {
            Some((min, max)) if !min.trim().is_empty() && !max.trim().is_empty() => {
                Some((min.trim().to_string(), max.trim().to_string()))
            }
            _ => {
                self.file = file;
                self.warn(
                    value,
                    "`Range:` is `MIN/MAX`, as `frus:doc-dateTime-min` and `-max`: not written",
                );
                None
            }
        }
    }

    fn meta_text(&self, file: usize, heading: &view::HeadingView<'a>, key: &str) -> Option<String> {
        self.meta_value(file, heading, key)
            .map(|v| plain_text(v, self.parsed[file].src))
    }

    /// The lines of `volume.emd` that say how the volume's TEI encodes
    /// what every document has: `Datelines:`, `Images:`, `Headings:`.
    fn encodings(&mut self, volume_file: usize) {
        let src = self.parsed[volume_file].src;
        let views = self.views;
        let Some(heading) = views[volume_file].scopes.first().map(|s| &s.heading) else {
            return;
        };
        self.compilation_range = self.given_range(volume_file, heading);
        for key in [
            "Datelines",
            "Openers",
            "Images",
            "Headings",
            "Signatures",
            "Calendar",
            "Ranges",
            "Subtypes",
            "Entries",
        ] {
            let Some(v) = self.meta_value(volume_file, heading, key) else {
                continue;
            };
            let value = plain_text(v, src);
            let problem = match key {
                "Datelines" => {
                    let (encoding, unknown) = DatelineEncoding::parse(&value);
                    self.datelines = encoding;
                    (!unknown.is_empty()).then(|| format!("`Datelines:` knows `opener` and a rendition such as `#right`, not `{}`: not written", unknown.join(" ")))
                }
                "Openers" => {
                    let (joined, rendition, unknown) =
                        encoding_words(&value, "joined", Some("apart"));
                    self.openers = (joined, rendition);
                    (!unknown.is_empty()).then(|| format!("`Openers:` knows `joined`, `apart` and a rendition such as `#center`, not `{}`: not written", unknown.join(" ")))
                }
                "Images" => {
                    let (images, bad) = super::images::Images::parse(&value);
                    self.images = images;
                    (!bad.is_empty()).then(|| {
                        format!(
                            "`Images:` entries are `page=image`, separated by commas; not read: {}",
                            bad.join(", ")
                        )
                    })
                }
                "Headings" => {
                    self.unnumbered_heads = value.trim() == "unnumbered";
                    (!self.unnumbered_heads).then(|| format!("`Headings:` knows `unnumbered`, not `{}`: heads are written with their numbers", value.trim()))
                }
                "Calendar" => {
                    self.calendar = value.trim() != "none";
                    self.calendar.then(|| format!("`Calendar:` knows `none`, not `{}`: dates are written with `@calendar`", value.trim()))
                }
                "Ranges" => {
                    self.ranges = value.trim() != "none";
                    self.ranges.then(|| format!("`Ranges:` knows `none`, not `{}`: documents get `frus:doc-dateTime-min/max` from their dates", value.trim()))
                }
                "Subtypes" => match Subtypes::parse(&value) {
                    Some(subtypes) => {
                        self.subtypes = subtypes;
                        None
                    }
                    None => Some(format!("`Subtypes:` knows `documents`, `registers` and `none`, not `{}`: every division FRUS gives a `@subtype` gets one", value.trim())),
                },
                "Entries" => {
                    self.plain_entries = value.trim() == "plain";
                    (!self.plain_entries).then(|| format!("`Entries:` knows `plain`, not `{}`: register entries are written with their names in bold", value.trim()))
                }
                "Signatures" => {
                    self.plain_signatures = value.trim() == "plain";
                    (!self.plain_signatures).then(|| {
                        format!(
                            "`Signatures:` knows `plain`, not `{}`: signatures are written in bold",
                            value.trim()
                        )
                    })
                }
                _ => None,
            };
            if let Some(message) = problem {
                self.file = volume_file;
                self.warn(v, message);
            }
        }
    }

    fn volume(&mut self, volume_file: usize) {
        let vf = &self.views[volume_file];
        let src = self.parsed[volume_file].src;
        let (title, id, editors) = match vf.scopes.first() {
            Some(s) => (
                s.heading
                    .title
                    .map(|t| plain_text(t, src))
                    .unwrap_or_default(),
                self.meta_text(volume_file, &s.heading, "Volume"),
                self.meta_text(volume_file, &s.heading, "Editors"),
            ),
            None => (String::new(), None, None),
        };
        self.encodings(volume_file);
        let dropped = vf
            .scopes
            .iter()
            .skip(1)
            .map(|s| s.node)
            .chain(vf.scopes.first().and_then(|s| match s.body.blocks.first() {
                Some(Block::Paragraph(n) | Block::Quote(n, _) | Block::Error(n)) => Some(*n),
                Some(Block::List(items)) => items.first().map(|i| i.node),
                Some(Block::Table(rows)) => rows.first().map(|r| r.node),
                Some(Block::Footnote(d) | Block::Person(d) | Block::Term(d)) => Some(d.node),
                None => s.body.sections.first().map(|x| x.node),
            }))
            .min_by_key(|n| n.start_byte());
        if let Some(node) = dropped {
            self.file = volume_file;
            self.warn(
                node,
                "volume.emd: only the title, `Volume:` and `Editors:` are written; the rest has no place in the TEI",
            );
        }
        let id = id.unwrap_or_else(|| {
            self.warnings.push(
                Some(VOLUME_FILE),
                1,
                1,
                "no `Volume:` line: TEI/@xml:id is left empty",
            );
            String::new()
        });
        // What goes where: one layout for the export and for the rules.
        let mut inputs = Vec::new();
        for (fi, p) in self.parsed.iter().enumerate() {
            if fi == volume_file {
                continue;
            }
            let file_view = &self.views[fi];
            if !file_view.preamble.blocks.is_empty() {
                self.warnings.push(
                    Some(p.path),
                    1,
                    1,
                    "text before the first heading: not written",
                );
            }
            let scopes = file_view
                .scopes
                .iter()
                .enumerate()
                .map(|(si, scope)| match scope.kind {
                    ScopeKind::Document => layout::ScopeInput {
                        scope: si,
                        number: Some(scope.heading.number.map_or("", |n| text(n, p.src))),
                        compilation: false,
                    },
                    ScopeKind::Division => layout::ScopeInput {
                        scope: si,
                        number: None,
                        compilation: self.meta_text(fi, &scope.heading, "Id").as_deref()
                            == Some(COMPILATION_ID),
                    },
                })
                .collect();
            inputs.push(layout::FileScopes {
                file: fi,
                path: p.path,
                scopes,
            });
        }
        let layout = Layout::of(&inputs);
        for at in &layout.back_documents {
            self.warnings.push(
                Some(self.parsed[at.file].path),
                1,
                1,
                "a document in back/: written in the body",
            );
        }

        self.out
            .push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        self.line(
            0,
            &format!(
                "<TEI xmlns=\"{TEI_NS}\" xmlns:frus=\"{FRUS_NS}\" xml:id=\"{}\">",
                esc(&id)
            ),
        );
        let editor_names: Vec<String> = editors
            .iter()
            .flat_map(|e| e.split(';'))
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .map(str::to_string)
            .collect();
        let kept = self.kept;
        if let Some((_, header)) = kept.iter().find(|(p, _)| *p == verbatim::HEADER_FILE) {
            let header = verbatim::header_with(header, &title, &editor_names);
            self.line(1, &header);
        } else {
            self.header(&title, &editor_names);
        }
        for (path, element) in kept {
            if verbatim::is_outside_text(path) && *path != verbatim::HEADER_FILE {
                self.line(1, element);
            }
        }
        self.line(1, "<text>");
        self.line(2, "<front>");
        self.matter(&layout.front, "", 3);
        self.line(2, "</front>");
        self.line(2, "<body>");
        let start = layout.compilation_start();
        // A chapter folder headed `Id: comp1` gives the compilation its head.
        let titled = layout
            .compilation
            .and_then(|c| layout.chapters.get(c))
            .and_then(|c| c.heading);
        for (i, unit) in layout.body.iter().enumerate() {
            if Some(i) == start {
                self.open_compilation(titled);
            }
            let depth = if start.is_some_and(|s| i >= s) { 4 } else { 3 };
            match *unit {
                Unit::Chapter(c) => self.chapter(&layout, c, depth),
                Unit::Document(r) => self.document(r, depth),
            }
        }
        if start == Some(layout.body.len()) {
            self.open_compilation(titled);
        }
        if start.is_some() {
            match titled {
                Some(r) => self.close_division(r, 3, false),
                None => self.line(3, "</div>"),
            }
        }
        self.line(2, "</body>");
        let back_kept = self.kept.iter().any(|(p, _)| p.starts_with("back/"));
        if !layout.back.is_empty() || back_kept {
            self.line(2, "<back>");
            self.matter(&layout.back, "back/", 3);
            self.line(2, "</back>");
        }
        self.line(1, "</text>");
        self.line(0, "</TEI>");
    }

    /// A `teiHeader` made of `volume.emd` alone, for a volume that keeps
    /// none of its own (`tei-header.xml`).
    fn header(&mut self, title: &str, editors: &[String]) {
        self.line(1, "<teiHeader>");
        self.line(2, "<fileDesc>");
        self.line(3, "<titleStmt>");
        self.line(
            4,
            &format!("<title type=\"complete\">{}</title>", esc(title)),
        );
        for editor in editors {
            self.line(
                4,
                &format!("<editor role=\"primary\">{}</editor>", esc(editor)),
            );
        }
        self.line(3, "</titleStmt>");
        self.line(3, "<publicationStmt>");
        self.line(4, "<p>Exported from the edition markup.</p>");
        self.line(3, "</publicationStmt>");
        self.line(3, "<sourceDesc>");
        self.line(4, "<p>The edition markup of the volume.</p>");
        self.line(3, "</sourceDesc>");
        self.line(2, "</fileDesc>");
        self.line(1, "</teiHeader>");
    }

    /// Front or back matter: its divisions and the elements kept verbatim
    /// (`02-toc.xml`), in the order of their paths.
    fn matter(&mut self, divisions: &[ScopeAt], folder: &str, depth: usize) {
        let kept = self.kept;
        let mut kept = kept
            .iter()
            .filter(|(p, _)| {
                !verbatim::is_outside_text(p)
                    && p.strip_prefix(folder)
                        .is_some_and(|rest| !rest.contains('/'))
            })
            .peekable();
        for r in divisions {
            let path = self.parsed[r.file].path;
            while let Some((_, element)) = kept.next_if(|(p, _)| *p < path) {
                self.line(depth, element);
            }
            self.division(*r, depth, "section");
        }
        for (_, element) in kept {
            self.line(depth, element);
        }
    }

    fn division_id(&self, r: ScopeAt) -> String {
        let scope = &self.views[r.file].scopes[r.scope];
        let id = self.meta_text(r.file, &scope.heading, "Id");
        layout::division_id(
            id.as_deref(),
            self.parsed[r.file].path,
            self.views[r.file].scopes.len(),
            r.scope + 1,
        )
    }

    fn open_compilation(&mut self, titled: Option<ScopeAt>) {
        match titled {
            Some(r) => self.open_division(r, 3, "compilation", false),
            None => {
                let mut open = format!("<div type=\"compilation\" xml:id=\"{COMPILATION_ID}\"");
                if let Some(range) = self.compilation_range.take() {
                    write_range(&mut open, &range);
                }
                open.push('>');
                self.line(3, &open);
            }
        }
    }

    fn chapter(&mut self, layout: &Layout, chapter: usize, depth: usize) {
        let Some(c) = layout.chapters.get(chapter) else {
            return;
        };
        match c.heading {
            Some(r) => {
                // Page breaks at the end of a chapter's own text stand
                // before its documents, inside it.
                let trailing = c.units.is_empty();
                self.open_division(r, depth, "chapter", trailing);
                self.chapter_units(layout, c, depth + 1);
                self.close_division(r, depth, trailing);
            }
            None => {
                self.line(
                    depth,
                    &format!("<div type=\"chapter\" xml:id=\"{}\">", esc(&c.folder)),
                );
                self.chapter_units(layout, c, depth + 1);
                self.line(depth, "</div>");
            }
        }
    }

    fn chapter_units(&mut self, layout: &Layout, c: &Chapter, depth: usize) {
        for unit in &c.units {
            match *unit {
                Unit::Chapter(inner) => self.chapter(layout, inner, depth),
                Unit::Document(r) => self.document(r, depth),
            }
        }
    }

    fn division(&mut self, r: ScopeAt, depth: usize, kind: &str) {
        self.open_division(r, depth, kind, true);
        self.close_division(r, depth, true);
    }

    fn enter_scope(&mut self, r: ScopeAt, id: String) {
        self.file = r.file;
        self.scope_id = id;
        self.notes.clear();
        self.used.clear();
        let scope = &self.views[r.file].scopes[r.scope];
        let src = self.parsed[r.file].src;
        let mut duplicate = Vec::new();
        let parts = std::iter::once(&scope.body.blocks)
            .chain(scope.body.sections.iter().map(|s| &s.blocks));
        for blocks in parts {
            for b in blocks {
                if let Block::Footnote(def) = b {
                    if let Some(l) = def.label {
                        let label = text(l, src).to_string();
                        if self.notes.insert(label, def.clone()).is_some() {
                            duplicate.push(l);
                        }
                    }
                }
            }
        }
        for l in duplicate {
            self.warn(l, "footnote defined twice: the last definition is written");
        }
    }

    /// `trailing`: page breaks that end the division are written after it
    /// (by `close_division`), not inside.
    fn open_division(&mut self, r: ScopeAt, depth: usize, kind: &str, trailing: bool) {
        let id = self.division_id(r);
        self.enter_scope(r, id.clone());
        let scope = &self.views[r.file].scopes[r.scope];
        let subtype = if kind == "section" && self.subtypes.registers {
            super::import::division_subtype(&id)
        } else {
            None
        };
        let mut open = format!("<div type=\"{kind}\" xml:id=\"{}\"", esc(&id));
        if let Some(s) = subtype {
            let _ = write!(open, " subtype=\"{s}\"");
        }
        if let Some(range) = self.given_range(r.file, &scope.heading) {
            write_range(&mut open, &range);
        }
        open.push('>');
        // The page a chapter begins on is a break before it, where the
        // import read it (front matter reads a break between divisions as
        // the end of the one before).
        let mut blocks = &scope.body.blocks[..];
        if kind != "section" {
            let src = self.src();
            while let Some(n) = blocks.first().and_then(|b| page_only(b, src)) {
                let pb = self.page_element(&n);
                self.line(depth, &pb);
                blocks = &blocks[1..];
            }
        }
        self.line(depth, &open);
        if let Some(t) = scope.heading.title {
            let head = self.wrapped("<head>", t, "</head>");
            self.line(depth + 1, head.trim_end());
        }
        let sections = &scope.body.sections;
        self.part_with_trailing(blocks, depth + 1, false, trailing && sections.is_empty());
        for (i, section) in sections.iter().enumerate() {
            self.line(depth + 1, "<div type=\"subsection\">");
            if let Some(t) = section.heading.title {
                let head = self.wrapped("<head>", t, "</head>");
                self.line(depth + 2, &head);
            }
            let last = i + 1 == sections.len();
            self.part_with_trailing(&section.blocks, depth + 2, false, trailing && last);
            self.line(depth + 1, "</div>");
        }
    }

    fn close_division(&mut self, r: ScopeAt, depth: usize, trailing: bool) {
        self.unused_notes();
        self.line(depth, "</div>");
        if trailing {
            self.trailing_pages(r, depth);
        }
    }

    fn document(&mut self, r: ScopeAt, depth: usize) {
        let scope = &self.views[r.file].scopes[r.scope];
        let src = self.parsed[r.file].src;
        let number = scope
            .heading
            .number
            .map(|n| text(n, src).to_string())
            .unwrap_or_default();
        let id = self
            .meta_text(r.file, &scope.heading, "Id")
            .filter(|i| !i.is_empty())
            .unwrap_or_else(|| format!("d{number}"));
        self.enter_scope(r, id.clone());
        let title_text = scope
            .heading
            .title
            .map(|t| plain_text(t, src))
            .unwrap_or_default();
        let subtype = if title_text.trim().eq_ignore_ascii_case("editorial note") {
            "editorial-note"
        } else {
            "historical-document"
        };
        let dateline = self.meta_value(r.file, &scope.heading, "Dateline");
        let when_line = self.meta_text(r.file, &scope.heading, "When");
        let dateline_text = dateline.map(|d| plain_text(d, src));
        let when = when_line.clone().or_else(|| {
            dateline_text
                .as_deref()
                .and_then(date::parse_dateline)
                .map(|d| d.iso())
        });
        let mut open = format!(
            "<div type=\"document\" xml:id=\"{}\" n=\"{}\"",
            esc(&id),
            esc(&number)
        );
        if self.subtypes.documents {
            let _ = write!(open, " subtype=\"{subtype}\"");
        }
        let range = self.given_range(r.file, &scope.heading).or_else(|| {
            when.as_deref()
                .and_then(super::date_range)
                .filter(|_| self.ranges)
        });
        if let Some(range) = range {
            write_range(&mut open, &range);
        }
        open.push('>');
        self.line(depth, &open);
        if let Some(source) = self.meta_value(r.file, &scope.heading, "Source") {
            let note = self.wrapped("<note type=\"source\" rend=\"inline\">", source, "</note>");
            self.line(depth + 1, &note);
        }
        let number_in_head = if self.unnumbered_heads {
            String::new()
        } else {
            format!("{}. ", esc(&number))
        };
        let head = match scope.heading.title {
            Some(t) => self.wrapped(&format!("<head>{number_in_head}"), t, "</head>"),
            None => format!("<head>{}</head>", number_in_head.trim_end()),
        };
        self.line(depth + 1, &head);
        if let Some(seg) = self.meta_value(r.file, &scope.heading, "Opener") {
            let open = match &self.openers.1 {
                Some(r) => format!("<seg rendition=\"{}\">", esc(r)),
                None => "<seg>".to_string(),
            };
            let seg = self.wrapped(&open, seg, "</seg>");
            if self.openers.0 && self.datelines.opener && dateline.is_some() {
                self.joined_seg = Some(seg);
            } else {
                self.line(depth + 1, &format!("<opener>{seg}</opener>"));
            }
        }
        if let Some(d) = dateline {
            self.date_extra = self.date_attributes_of(r.file, &scope.heading);
            self.dateline(d, when_line.as_deref(), depth + 1, DatelineOf::Document);
        }
        let sections = &scope.body.sections;
        let last_part_trailing = sections.is_empty();
        self.part_with_trailing(&scope.body.blocks, depth + 1, true, last_part_trailing);
        for (i, section) in sections.iter().enumerate() {
            self.line(depth + 1, "<frus:attachment>");
            if let Some(source) = self.meta_value(r.file, &section.heading, "Source") {
                let note =
                    self.wrapped("<note rend=\"inline\" type=\"source\">", source, "</note>");
                self.line(depth + 2, &note);
            }
            let head = match section.heading.title {
                Some(t) => self.wrapped("<head>", t, "</head>"),
                None => "<head></head>".to_string(),
            };
            self.line(depth + 2, &head);
            if let Some(d) = self.meta_value(r.file, &section.heading, "Dateline") {
                let when = self.meta_text(r.file, &section.heading, "When");
                self.date_extra = self.date_attributes_of(r.file, &section.heading);
                self.dateline(d, when.as_deref(), depth + 2, DatelineOf::Attachment);
            }
            let last = i + 1 == sections.len();
            self.part_with_trailing(&section.blocks, depth + 2, true, last);
            self.line(depth + 1, "</frus:attachment>");
        }
        self.unused_notes();
        self.line(depth, "</div>");
        self.trailing_pages(r, depth);
    }

    /// The page breaks that end a scope, after its footnotes: they stand
    /// after the division in TEI.
    fn trailing_pages(&mut self, r: ScopeAt, depth: usize) {
        let scope = &self.views[r.file].scopes[r.scope];
        let blocks = scope
            .body
            .sections
            .last()
            .map_or(&scope.body.blocks, |s| &s.blocks);
        let src = self.parsed[r.file].src;
        for n in trailing_page_paragraphs(blocks, src) {
            let pb = self.page_element(&n);
            self.line(depth, &pb);
        }
    }

    fn unused_notes(&mut self) {
        let mut unused: Vec<(String, DefView<'a>)> = self
            .notes
            .iter()
            .filter(|(l, _)| !self.used.contains(*l))
            .map(|(l, d)| (l.clone(), d.clone()))
            .collect();
        unused.sort_by_key(|(l, _)| crate::index::number_key(l));
        for (label, def) in unused {
            self.warn(
                def.node,
                format!("footnote [^{label}] is never referred to: not written"),
            );
        }
    }

    /// `document`: a document's own dateline, which the volume's
    /// `Datelines:` line encodes (an attachment's is a bare `dateline`).
    fn dateline(&mut self, value: Node<'a>, when_line: Option<&str>, depth: usize, of: DatelineOf) {
        let src = self.src();
        let mut inlines = view::inlines(value);
        // Page breaks that begin the line start their page before the
        // dateline (`Dateline: [Page 9] Washington, …`).
        let lead_len = inlines
            .iter()
            .take_while(|i| match i {
                Inline::PageBreak(_) => true,
                Inline::Text(t) => text(*t, src).trim().is_empty(),
                _ => false,
            })
            .count();
        let lead: Vec<Node<'a>> = inlines
            .drain(..lead_len)
            .filter_map(|i| match i {
                Inline::PageBreak(n) => Some(n),
                _ => None,
            })
            .collect();
        for n in &lead {
            let label = view::page_label(*n, src);
            let pb = self.page_element(&label);
            self.line(depth, &pb);
        }
        let s = self.dateline_element(value, &inlines, &lead, when_line);
        self.put_dateline(s, depth, of);
    }

    /// A paragraph of a closer beside its signature: `{.salute}` is a
    /// `salute`, `{.dateline}` a `dateline`.
    fn closer_part(&mut self, block: &Block<'a>) -> String {
        let Block::Paragraph(p) = block else {
            return String::new();
        };
        if view::is_closer_dateline(block, self.src()) {
            let inlines = view::inlines(*p);
            self.dateline_element(*p, &inlines, &[], None)
        } else {
            self.wrapped("<salute>", *p, "</salute>")
        }
    }

    /// `<dateline><placeName>Washington</placeName>, <date when="…">…</date>.</dateline>`
    /// of a dateline's inline content (without the page breaks `lead` that
    /// begin it): its date from `when_line`, or read from its text.
    fn dateline_element(
        &mut self,
        value: Node<'a>,
        inlines: &[Inline<'a>],
        lead: &[Node<'a>],
        when_line: Option<&str>,
    ) -> String {
        let src = self.src();
        let pure = inlines
            .iter()
            .all(|i| matches!(i, Inline::Text(_) | Inline::Gap(_) | Inline::Escape(_)));
        let text = plain_text(value, src);
        let when = when_line
            .map(str::to_string)
            .or_else(|| date::parse_dateline(&text).map(|d| d.iso()));
        if !pure {
            return match when {
                Some(when) => self.dateline_with_markup(inlines, &when),
                None => self.wrapped_without("<dateline>", value, lead, "</dateline>"),
            };
        }
        let Some(when) = when else {
            return format!("<dateline>{}</dateline>", esc(&text));
        };
        let mut s = String::from("<dateline>");
        let mut rest = text.as_str();
        if let Some((place, after)) = text.split_once(", ") {
            if !place.is_empty()
                && !place.bytes().any(|b| b.is_ascii_digit())
                && date::parse_dateline(place).is_none()
                && date::parse_dateline(after).is_some()
            {
                let _ = write!(s, "<placeName>{}</placeName>, ", esc(place));
                rest = after;
            }
        }
        s.push_str(&date_element(&when, rest, self.calendar));
        s.push_str("</dateline>");
        s
    }

    /// ` type="…" ana="…"` of the date, from a heading's `Datetype:` and
    /// `Dating:` lines, with the first of those lines' values.
    fn date_attributes_of(
        &mut self,
        file: usize,
        heading: &view::HeadingView<'a>,
    ) -> Option<(String, Node<'a>)> {
        let mut out = String::new();
        let mut first = None;
        for (key, attribute) in [("Datetype", "type"), ("Dating", "ana")] {
            if let Some(value) = self.meta_value(file, heading, key) {
                let text = plain_text(value, self.parsed[file].src);
                let _ = write!(out, " {attribute}=\"{}\"", esc(text.trim()));
                first.get_or_insert(value);
            }
        }
        first.map(|node| (out, node))
    }

    /// Writes a `<dateline>…</dateline>` as the volume encodes a document's
    /// (an attachment's too, without the document's opener seg).
    fn put_dateline(&mut self, s: String, depth: usize, of: DatelineOf) {
        let s = match self.date_extra.take() {
            None => s,
            Some((extra, _)) if s.contains("<date ") => {
                s.replacen("<date ", &format!("<date{extra} "), 1)
            }
            Some((_, node)) => {
                self.warn(
                    node,
                    "`Datetype:` or `Dating:` under a dateline whose date is not read: not written",
                );
                s
            }
        };
        let s = match &self.datelines.rendition {
            Some(r) => s.replacen(
                "<dateline>",
                &format!("<dateline rendition=\"{}\">", esc(r)),
                1,
            ),
            None => s,
        };
        if self.datelines.opener {
            let seg = match of {
                DatelineOf::Document => self.joined_seg.take().unwrap_or_default(),
                DatelineOf::Attachment => String::new(),
            };
            self.line(depth, &format!("<opener>{seg}{s}</opener>"));
        } else {
            self.line(depth, &s);
        }
    }

    /// A dateline with markup in it (`[*place not declassified*], January
    /// 25, 1952.`): the date is the end of its last text, from the first
    /// `, ` after which the date of `when` reads; where there is none, the
    /// `date` holds the whole dateline, so that its `@when` is kept.
    /// `<pb n="730" xml:id="pg_730" facs="0742"/>`, the image from the
    /// volume's `Images:` line.
    fn page_element(&mut self, n: &str) -> String {
        let facs = self.images.of(n);
        let id =
            crate::facts::page_xml_id(n).or_else(|| facs.as_ref().map(|f| format!("pg-seq-{f}")));
        let mut s = format!("<pb n=\"{}\"", esc(n));
        if let Some(id) = id {
            let _ = write!(s, " xml:id=\"{}\"", esc(&id));
        }
        if let Some(facs) = facs {
            let _ = write!(s, " facs=\"{}\"", esc(&facs));
        }
        s.push_str("/>");
        s
    }

    fn dateline_with_markup(&mut self, all: &[Inline<'a>], when: &str) -> String {
        let src = self.src();
        // What follows a line break (`[Received …]`) is no part of the date.
        let cut = all
            .iter()
            .position(|i| matches!(i, Inline::LineBreak(_)))
            .unwrap_or(all.len());
        let (inlines, after_break) = all.split_at(cut);
        let split = match inlines.split_last() {
            Some((Inline::Text(n), before)) => {
                let t = text(*n, src);
                t.match_indices(", ")
                    .map(|(at, _)| at + 2)
                    // The date the `@when` is: not a later one such as
                    // `(Received August 24, 1870.)`.
                    .find(|&at| {
                        date::parse_dateline(&t[at..]).is_some_and(|d| when.starts_with(&d.iso()))
                    })
                    .map(|at| (before, &t[..at], t[at..].trim_end()))
            }
            _ => None,
        };
        let mut s = String::from("<dateline>");
        match split {
            Some((before, lead, rest)) => {
                // `[Washington]{.smallcaps}, June 22, 1937.`: a place set
                // apart before the date is the dateline's `placeName`.
                let blank = before
                    .iter()
                    .take_while(|i| matches!(i, Inline::Text(t) if text(*t, src).trim().is_empty()))
                    .count();
                let before = &before[blank..];
                let place =
                    lead == ", " && matches!(before, [Inline::Styled(..) | Inline::Emphasis(_)]);
                if place {
                    s.push_str("<placeName>");
                }
                self.write_inlines(before, &mut s);
                if place {
                    s.push_str("</placeName>");
                }
                self.push_text(lead, &mut s);
                s.push_str(&date_element(when, rest, self.calendar));
            }
            None => {
                // `[Petrograd]{.smallcaps}, *April 25, 1917*` or
                // `[Versailles,]{.smallcaps} *October* 10, 1870.`: a place
                // set apart, and the date after it.
                let blank = inlines
                    .iter()
                    .take_while(|i| matches!(i, Inline::Text(t) if text(*t, src).trim().is_empty()))
                    .count();
                let rest = &inlines[blank..];
                let ends_with_comma = |i: &Inline| match i {
                    Inline::Styled(n, ..) | Inline::Emphasis(n) => {
                        plain_text(*n, src).ends_with(',')
                    }
                    _ => false,
                };
                let place = match rest {
                    [first @ (Inline::Styled(..) | Inline::Emphasis(_)), Inline::Text(sep), more @ ..]
                        if !more.is_empty()
                            && (text(*sep, src).trim() == ","
                                || text(*sep, src).trim().is_empty() && ends_with_comma(first)) =>
                    {
                        Some((first, *sep, more))
                    }
                    _ => None,
                };
                let date_part = match place {
                    Some((first, sep, more)) => {
                        s.push_str("<placeName>");
                        self.write_inlines(std::slice::from_ref(first), &mut s);
                        s.push_str("</placeName>");
                        self.push_text(text(sep, src), &mut s);
                        more
                    }
                    None => inlines,
                };
                let mut inner = String::new();
                self.write_inlines(date_part, &mut inner);
                let _ = write!(
                    s,
                    "<date{}{}>{}</date>",
                    date_attributes(when),
                    calendar_attribute(self.calendar),
                    inner.trim()
                );
            }
        }
        self.write_inlines(after_break, &mut s);
        s.push_str("</dateline>");
        s
    }

    /// Blocks of a document, division or attachment. `closer`: a last
    /// paragraph in bold is `closer/signed`. `trailing`: page breaks at the
    /// very end are written after the division, not here.
    fn part_with_trailing(
        &mut self,
        blocks: &[Block<'a>],
        depth: usize,
        closer: bool,
        trailing: bool,
    ) {
        let src = self.src();
        let mut end = blocks.len();
        if trailing {
            while end > 0 && page_only(&blocks[end - 1], src).is_some() {
                end -= 1;
            }
        }
        let blocks = &blocks[..end];
        let closer_at = if closer {
            view::closer(blocks, src)
        } else {
            None
        };
        let salutes_from = closer_at.map(|at| view::closer_start(blocks, at, src));
        let closer_end = closer_at.map(|at| view::closer_end(blocks, at, src));
        let mut i = 0;
        while i < blocks.len() {
            let b = &blocks[i];
            match b {
                Block::Paragraph(p) => {
                    if let Some(n) = page_only(b, src) {
                        let pb = self.page_element(&n);
                        self.line(depth, &pb);
                    } else if let Some(attributes) = view::gap_only(b, src) {
                        self.line(depth, &empty_element("gap", &attributes));
                    } else if let Some((attributes, caption)) = view::figure(b, src) {
                        let mut s = String::from("<figure>");
                        s.push_str(&empty_element("graphic", &attributes));
                        let mut head = String::new();
                        self.write_inlines(&caption, &mut head);
                        if !head.trim().is_empty() {
                            let _ = write!(s, "<head>{}</head>", head.trim());
                        }
                        s.push_str("</figure>");
                        self.line(depth, &s);
                    } else if let (true, Some(Block::Table(rows))) = (
                        view::is_table_caption(b, blocks.get(i + 1), src),
                        blocks.get(i + 1),
                    ) {
                        self.table(rows, Some(*p), depth);
                        i += 1;
                    } else if salutes_from.is_some_and(|from| from <= i)
                        && closer_end.is_some_and(|end| i < end)
                        && Some(i) != closer_at
                    {
                        // A salutation or dateline of the closer: written
                        // with the signature.
                    } else if Some(i) == closer_at {
                        let sig = view::signature(*p);
                        let strong = sig.as_ref().map_or(*p, |sig| sig.strong);
                        let (open, close) = if self.plain_signatures {
                            (String::new(), "")
                        } else {
                            ("<hi rend=\"strong\">".to_string(), "</hi>")
                        };
                        let (open, close) = match sig.as_ref().and_then(|sig| sig.mention) {
                            Some((n, id)) => (
                                format!("{}{open}", mention_open(n, id, true, src)),
                                if close.is_empty() {
                                    "</persName>"
                                } else {
                                    "</hi></persName>"
                                },
                            ),
                            None => (open, close),
                        };
                        let mut closer = String::from("<closer>");
                        for b in &blocks[salutes_from.unwrap_or(i)..i] {
                            closer.push_str(&self.closer_part(b));
                        }
                        let mut s = self.wrapped(&format!("{closer}<signed>{open}"), strong, close);
                        if let Some(sig) = &sig {
                            self.write_inlines(&sig.notes, &mut s);
                        }
                        s.push_str("</signed>");
                        for b in &blocks[i + 1..closer_end.unwrap_or(i + 1)] {
                            s.push_str(&self.closer_part(b));
                        }
                        s.push_str("</closer>");
                        self.line(depth, &s);
                    } else if let (Some(words), Some(Block::List(items))) =
                        (list_head(*p, src), blocks.get(i + 1))
                    {
                        let kind = super::import::list_type_for_head(&words);
                        self.lists(items, depth, Some((*p, kind)));
                        i += 1;
                    } else if view::is_postscript(b, src) {
                        // Paragraphs of a postscript side by side are one.
                        self.line(depth, "<postscript>");
                        let mut j = i;
                        while let Some(Block::Paragraph(q)) =
                            blocks.get(j).filter(|b| view::is_postscript(b, src))
                        {
                            let s = self.wrapped("<p>", *q, "</p>");
                            self.line(depth + 1, &s);
                            j += 1;
                        }
                        self.line(depth, "</postscript>");
                        i = j;
                        continue;
                    } else {
                        let open = match view::block_style(*p, src) {
                            Some(style) => format!("<p rend=\"{}\">", esc(style)),
                            None => "<p>".to_string(),
                        };
                        let s = self.wrapped(&open, *p, "</p>");
                        self.line(depth, &s);
                    }
                }
                Block::List(items) if register_list(items, src).is_some() => {
                    i = self.register(blocks, i, depth);
                }
                Block::List(items) => self.lists(items, depth, None),
                Block::Table(rows) => self.table(rows, None, depth),
                Block::Quote(_, bodies) => {
                    self.line(depth, "<quote rend=\"blockquote\">");
                    for body in bodies {
                        let s = self.wrapped("<p>", *body, "</p>");
                        self.line(depth + 1, &s);
                    }
                    self.line(depth, "</quote>");
                }
                Block::Footnote(_) => {}
                Block::Person(_) | Block::Term(_) => {
                    i = self.register(blocks, i, depth);
                }
                Block::Error(n) => {
                    self.warn(*n, "unreadable markup: not written");
                }
            }
            i += 1;
        }
    }

    /// A run of register entries of one kind, with the page breaks between
    /// them and the lists of that type among them (`- {.names} *Note:* …`,
    /// an item of the register that is no entry), is one list,
    /// `list[@type='names']` or `list[@type='terms']`. Returns the index
    /// of its last block.
    fn register(&mut self, blocks: &[Block<'a>], first: usize, depth: usize) -> usize {
        let src = self.src();
        let kind_of = |b: &Block<'a>| match b {
            Block::Person(_) => Some("names"),
            Block::Term(_) => Some("terms"),
            Block::List(items) => register_list(items, src),
            _ => None,
        };
        let Some(kind) = blocks.get(first).and_then(kind_of) else {
            return first;
        };
        let mut j = first;
        let mut last = first;
        while let Some(b) = blocks.get(j) {
            if page_only(b, src).is_some() {
                j += 1;
                continue;
            }
            if kind_of(b) != Some(kind) {
                break;
            }
            last = j;
            j += 1;
        }
        self.line(depth, &format!("<list type=\"{kind}\">"));
        for b in &blocks[first..=last] {
            match b {
                Block::Person(d) => self.entry(d, true, depth + 1),
                Block::Term(d) => self.entry(d, false, depth + 1),
                Block::List(items) => self.items(items, depth + 1),
                other => {
                    if let Some(n) = page_only(other, src) {
                        let pb = self.page_element(&n);
                        self.line(depth + 1, &pb);
                    }
                }
            }
        }
        self.line(depth, "</list>");
        last
    }

    /// Items with their labels. A page break that begins an item after the
    /// first, or ends one before the last, stands between the items, where
    /// FRUS sets it (and where the import finds it): inside the `item` it
    /// would be the element's first or last child.
    fn items(&mut self, items: &[ItemView<'a>], depth: usize) {
        let src = self.src();
        // An item holds the items after it that are indented further: its
        // nested list.
        let indents: Vec<usize> = items
            .iter()
            .map(|i| view::item_indent(i.node, src))
            .collect();
        let mut tops: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
        let mut k = 0;
        while k < items.len() {
            let top = k;
            k += 1;
            while k < items.len() && indents[k] > indents[top] {
                k += 1;
            }
            tops.push((top, top + 1..k));
        }
        for (pos, (top, nested)) in tops.iter().enumerate() {
            let item = &items[*top];
            let lead = item
                .bodies
                .first()
                .filter(|_| pos > 0)
                .and_then(|b| view::edge_page_break(*b, true, src));
            let tail = item
                .bodies
                .last()
                .filter(|_| pos + 1 < tops.len() && nested.is_empty())
                .and_then(|b| view::edge_page_break(*b, false, src))
                .filter(|t| Some(*t) != lead);
            let moved: Vec<Node> = lead.into_iter().chain(tail).collect();
            if let Some(pb) = lead {
                let pb = self.page_element(&view::page_label(pb, src));
                self.line(depth, &pb);
            }
            if let Some(l) = item.label {
                self.line(
                    depth,
                    &format!("<label>{}</label>", label_xml(text(l, src))),
                );
            }
            let nested = &items[nested.clone()];
            match (item.bodies.as_slice(), nested.is_empty()) {
                ([], true) => self.line(depth, "<item/>"),
                ([one], true) => {
                    let s = self.wrapped_without("<item>", *one, &moved, "</item>");
                    self.line(depth, &s);
                }
                ([one], false) => {
                    let s = self.wrapped_without("<item>", *one, &moved, "");
                    self.line(depth, &s);
                    self.nested_list(nested, depth);
                    self.line(depth, "</item>");
                }
                (many, _) => {
                    self.line(depth, "<item>");
                    for body in many {
                        let s = self.wrapped_without("<p>", *body, &moved, "</p>");
                        self.line(depth + 1, &s);
                    }
                    if !nested.is_empty() {
                        self.nested_list(nested, depth);
                    }
                    self.line(depth, "</item>");
                }
            }
            if let Some(pb) = tail {
                let pb = self.page_element(&view::page_label(pb, src));
                self.line(depth, &pb);
            }
        }
    }

    /// `table/row/cell`. A row above a rule row (`|---|`) is a header row
    /// (`row[@role='label']`); a cell of `^^` makes the cell above it span
    /// one row more (`@rows`) and is not written.
    fn table(&mut self, rows: &[view::RowView<'a>], caption: Option<Node<'a>>, depth: usize) {
        struct Out<'a> {
            node: Option<Node<'a>>,
            cols: usize,
            rows: usize,
        }
        let src = self.src();
        let content = |c: &view::CellView<'a>| c.node.map_or("", |n| text(n, src).trim());
        let rule = |r: &view::RowView<'a>| {
            !r.cells.is_empty() && r.cells.iter().all(|c| view::is_rule_cell(content(c)))
        };
        let mut out: Vec<(bool, Vec<Out<'a>>)> = Vec::new();
        // Per column, the written cell that covers it in the row above.
        let mut above: Vec<Option<(usize, usize)>> = Vec::new();
        for (k, row) in rows.iter().enumerate() {
            if rule(row) {
                continue;
            }
            let label = rows.get(k + 1).is_some_and(rule);
            let r = out.len();
            let mut cells: Vec<Out<'a>> = Vec::new();
            let mut col = 0;
            for c in &row.cells {
                if above.len() < col + c.cols {
                    above.resize(col + c.cols, None);
                }
                let spans_down = content(c) == "^^";
                match above[col].filter(|_| spans_down) {
                    Some((ar, ai)) => {
                        if let Some(cell) = out.get_mut(ar).and_then(|(_, cs)| cs.get_mut(ai)) {
                            cell.rows += 1;
                        }
                    }
                    None => {
                        if spans_down {
                            if let Some(n) = c.node {
                                self.warn(n, "`^^` with no cell above it: written as its text");
                            }
                        }
                        let i = cells.len();
                        cells.push(Out {
                            node: c.node,
                            cols: c.cols,
                            rows: 1,
                        });
                        for a in &mut above[col..col + c.cols] {
                            *a = Some((r, i));
                        }
                    }
                }
                col += c.cols;
            }
            out.push((label, cells));
        }
        // FRUS gives a table's size: its columns and its rows.
        self.line(
            depth,
            &format!("<table cols=\"{}\" rows=\"{}\">", above.len(), out.len()),
        );
        if let Some(p) = caption {
            let mut head = String::new();
            self.write_inlines(&view::inlines(p), &mut head);
            let head = head.trim();
            let head = head
                .strip_prefix(view::TABLE_CAPTION)
                .unwrap_or(head)
                .trim_start();
            self.line(depth + 1, &format!("<head>{head}</head>"));
        }
        for (label, cells) in out {
            let mut s = String::from(if label {
                "<row role=\"label\">"
            } else {
                "<row>"
            });
            for c in cells {
                let mut open = String::from("<cell");
                if let Some(role) = c.node.and_then(|n| view::block_style(n, src)) {
                    let _ = write!(open, " role=\"{}\"", esc(role));
                }
                if c.cols > 1 {
                    let _ = write!(open, " cols=\"{}\"", c.cols);
                }
                if c.rows > 1 {
                    let _ = write!(open, " rows=\"{}\"", c.rows);
                }
                let has_content = |n: &Node| {
                    view::inlines(*n).iter().any(|i| match i {
                        Inline::Text(t) => !text(*t, src).trim().is_empty(),
                        _ => true,
                    })
                };
                match c.node.filter(has_content) {
                    Some(n) => {
                        open.push('>');
                        let cell = self.wrapped(&open, n, "</cell>");
                        s.push_str(&cell);
                    }
                    None => {
                        s.push_str(&open);
                        s.push_str("/>");
                    }
                }
            }
            s.push_str("</row>");
            self.line(depth + 1, &s);
        }
        self.line(depth, "</table>");
    }

    /// The list nested in an item, inside the item.
    fn nested_list(&mut self, nested: &[ItemView<'a>], depth: usize) {
        self.lists(nested, depth + 1, None);
    }

    /// The lists a run of items makes: an item with a style (`- {.sources}
    /// …`) begins a list of that type, `list/@type`. A head paragraph
    /// (`SUBJECT`) goes in the first, whose type it gives (the type of its
    /// words, with it) unless a style does.
    fn lists(
        &mut self,
        items: &[ItemView<'a>],
        depth: usize,
        head: Option<(Node<'a>, Option<&'static str>)>,
    ) {
        let src = self.src();
        for (n, run) in list_runs(items, src).into_iter().enumerate() {
            let head = head.filter(|_| n == 0);
            let kind = run
                .first()
                .and_then(|i| view::block_style(i.node, src))
                .or_else(|| head.and_then(|(_, kind)| kind));
            let head = head.map(|(h, _)| h);
            let open = match kind {
                Some(t) => format!("<list type=\"{}\">", esc(t)),
                None => "<list>".to_string(),
            };
            self.line(depth, &open);
            if let Some(h) = head {
                let h = self.wrapped("<head>", h, "</head>");
                self.line(depth + 1, &h);
            }
            self.items(run, depth + 1);
            self.line(depth, "</list>");
        }
    }

    /// [`Self::wrapped`] without some page breaks of the container, which
    /// are written elsewhere.
    fn wrapped_without(
        &mut self,
        open: &str,
        container: Node<'a>,
        moved: &[Node<'a>],
        close: &str,
    ) -> String {
        if moved.is_empty() {
            return self.wrapped(open, container, close);
        }
        let items: Vec<Inline<'a>> = view::inlines(container)
            .into_iter()
            .filter(|i| !matches!(i, Inline::PageBreak(n) if moved.contains(n)))
            .collect();
        let mut inner = String::new();
        self.write_inlines(&items, &mut inner);
        format!("{open}{}{close}", inner.trim())
    }

    /// `<item><hi rend="strong"><persName xml:id="p_X">Name</persName>,</hi> …</item>`
    fn entry(&mut self, def: &DefView<'a>, person: bool, depth: usize) {
        let src = self.src();
        let id = def.label.map(|l| text(l, src)).unwrap_or("");
        let (element, tei_id) = if person {
            ("persName", ids::person_to_tei(id))
        } else {
            ("term", ids::term_to_tei(id))
        };
        // `Entries: plain`: the volume's names stand without bold (1918).
        let (open_hi, close_hi) = if self.plain_entries {
            ("", "")
        } else {
            ("<hi rend=\"strong\">", "</hi>")
        };
        let mut s = format!("<item>{open_hi}");
        let _ = write!(s, "<{element} xml:id=\"{}\">", esc(&tei_id));
        let mut rest: Vec<Inline<'a>> = Vec::new();
        let first = def
            .bodies
            .first()
            .map(|b| view::inlines(*b))
            .unwrap_or_default();
        let mut iter = first.into_iter().peekable();
        while matches!(iter.peek(), Some(Inline::Text(t)) if text(*t, src).trim().is_empty()) {
            iter.next();
        }
        match iter.peek() {
            Some(Inline::Strong(strong)) => {
                let strong = *strong;
                iter.next();
                self.inline_xml(strong, &mut s);
                let _ = write!(s, "</{element}>");
                // Its second names, inside the bold part with ids of their own.
                let aliases = def
                    .bodies
                    .first()
                    .map(|b| view::entry_aliases(*b, person, src))
                    .unwrap_or_default();
                for (_, alias_id, name) in aliases {
                    let Some(Inline::Text(joiner)) = iter.next() else {
                        break;
                    };
                    s.push_str(&esc(text(joiner, src)));
                    iter.next();
                    let alias_id = text(alias_id, src);
                    let tei = if person {
                        ids::person_to_tei(alias_id)
                    } else {
                        ids::term_to_tei(alias_id)
                    };
                    let _ = write!(s, "<{element} xml:id=\"{}\">", esc(&tei));
                    self.inline_xml(name, &mut s);
                    let _ = write!(s, "</{element}>");
                }
                // The separator: what follows the bold name up to a space.
                if let Some(Inline::Text(t)) = iter.peek() {
                    let t = text(*t, src);
                    let cut = t.find(char::is_whitespace).unwrap_or(t.len());
                    s.push_str(&esc(&t[..cut]));
                    let after = t[cut..].to_string();
                    iter.next();
                    s.push_str(close_hi);
                    if !after.trim().is_empty() {
                        s.push(' ');
                        s.push_str(&esc(after.trim_start()));
                    } else if iter.peek().is_some() {
                        s.push(' ');
                    }
                } else {
                    s.push_str(close_hi);
                }
            }
            _ => {
                if person {
                    self.warn(
                        def.node,
                        "person entry without a bold name: the id is written as the name",
                    );
                }
                let _ = write!(s, "{}</{element}>,{close_hi}", esc(id));
                if iter.peek().is_some() {
                    s.push(' ');
                }
            }
        }
        rest.extend(iter);
        self.write_inlines(&rest, &mut s);
        for body in def.bodies.iter().skip(1) {
            s.push(' ');
            self.inline_xml(*body, &mut s);
        }
        let trimmed = s.trim_end().to_string();
        self.line(depth, &format!("{trimmed}</item>"));
    }

    // ----- inline content ---------------------------------------------------

    fn inline_xml(&mut self, container: Node<'a>, out: &mut String) {
        if self.depth >= MAX_INLINE_DEPTH {
            self.warn(container, "markup nested too deep: written as plain text");
            let t = plain_text(container, self.src());
            self.push_text(&t, out);
            return;
        }
        self.depth += 1;
        let items = view::inlines(container);
        self.write_inlines(&items, out);
        self.depth -= 1;
    }

    /// An element around inline content, white space trimmed at its ends.
    fn wrapped(&mut self, open: &str, container: Node<'a>, close: &str) -> String {
        let mut inner = String::new();
        self.inline_xml(container, &mut inner);
        format!("{open}{}{close}", inner.trim())
    }

    fn push_text(&mut self, s: &str, out: &mut String) {
        let mut folded = fold(s);
        // No space at the start of an element's content, none doubled.
        if (out.is_empty() || out.ends_with(' ')) && folded.starts_with(' ') {
            folded.remove(0);
        }
        if out.ends_with('>')
            && folded.starts_with(' ')
            && (out.ends_with("<item>")
                || out.ends_with("<p>")
                || out.ends_with("<head>")
                || out.ends_with("<dateline>"))
        {
            folded.remove(0);
        }
        out.push_str(&esc(&folded));
    }

    fn write_inlines(&mut self, items: &[Inline<'a>], out: &mut String) {
        let src = self.src();
        for item in items {
            match item {
                Inline::Text(n) => {
                    let t = text(*n, src).to_string();
                    self.push_text(&t, out);
                }
                Inline::Gap(r) => {
                    let t = src.get(r.clone()).unwrap_or("").to_string();
                    self.push_text(&t, out);
                }
                Inline::Escape(n) => {
                    let t = text(*n, src).get(1..).unwrap_or("").to_string();
                    self.push_text(&t, out);
                }
                Inline::LineBreak(_) => out.push_str("<lb/>"),
                Inline::FootnoteRef(n, label) => {
                    let label = label.map(|l| text(l, src).to_string()).unwrap_or_default();
                    self.note(*n, &label, out);
                }
                Inline::PageBreak(n) => {
                    let label = view::page_label(*n, src);
                    out.push_str(&self.page_element(&label));
                }
                Inline::Person(n, t, id) | Inline::Term(n, t, id) => {
                    let person = matches!(item, Inline::Person(..));
                    let element = if person { "persName" } else { "gloss" };
                    out.push_str(&mention_open(*n, *id, person, src));
                    if let Some(t) = t {
                        self.inline_xml(*t, out);
                    }
                    let _ = write!(out, "</{element}>");
                }
                Inline::Explicit(_, t, target) => {
                    let target = target.map(|i| text(i, src)).unwrap_or("");
                    let _ = write!(out, "<ref target=\"{}\">", esc(target));
                    if let Some(t) = t {
                        let was = std::mem::replace(&mut self.in_ref, true);
                        self.inline_xml(*t, out);
                        self.in_ref = was;
                    }
                    out.push_str("</ref>");
                }
                Inline::Editorial(_, Some(c)) if view::gap_attributes(*c, src).is_some() => {
                    let attributes = view::gap_attributes(*c, src).unwrap_or_default();
                    out.push_str(&empty_element("gap", &attributes));
                }
                Inline::Editorial(_, content) => {
                    self.push_text("[", out);
                    if let Some(c) = content {
                        self.inline_xml(*c, out);
                    }
                    self.push_text("]", out);
                }
                Inline::Emphasis(n) | Inline::Strong(n) => {
                    let rend = if matches!(item, Inline::Emphasis(_)) {
                        "italic"
                    } else {
                        "strong"
                    };
                    let _ = write!(out, "<hi rend=\"{rend}\">");
                    self.inline_xml(*n, out);
                    out.push_str("</hi>");
                }
                Inline::Styled(_, t, style) => {
                    let style = style.map(|s| text(s, src)).unwrap_or("");
                    let _ = write!(out, "<hi rend=\"{}\">", esc(style));
                    if let Some(t) = t {
                        self.inline_xml(*t, out);
                    }
                    out.push_str("</hi>");
                }
                Inline::DocumentPhrase(n) => {
                    let target =
                        view::document_phrase_number(*n).map(|num| format!("#d{}", text(num, src)));
                    self.phrase(*n, target, out);
                }
                Inline::DocumentsPhrase(n) => self.numbers_phrase(*n, *n, "", out),
                Inline::FootnotePhrase(n) => {
                    let (footnote, document) = view::footnote_phrase_parts(*n);
                    let target = footnote.and_then(|f| {
                        let f = text(f, src);
                        match document {
                            Some(d) => view::document_phrase_number(d)
                                .map(|num| format!("#d{}fn{f}", text(num, src))),
                            None => Some(format!("#{}", ids::note_id(&self.scope_id, f))),
                        }
                    });
                    self.phrase(*n, target, out);
                }
                Inline::VolumePhrase(n) => {
                    let (citation, document) = view::volume_phrase_parts(*n);
                    let volume = citation
                        .and_then(|c| volume_id::from_citation(&normalize_space(text(c, src))));
                    match (volume, document) {
                        (Some(v), Some(d)) if view::is_documents_phrase(d) => {
                            self.numbers_phrase(*n, d, &v, out)
                        }
                        (Some(v), Some(d)) => {
                            let target = view::document_phrase_number(d)
                                .map(|num| format!("{v}#d{}", text(num, src)));
                            self.phrase(*n, target, out);
                        }
                        (Some(v), None) => self.phrase(*n, Some(v), out),
                        (None, _) => self.phrase(*n, None, out),
                    }
                }
                Inline::Error(n) => {
                    let t = text(*n, src).to_string();
                    self.push_text(&t, out);
                }
            }
        }
    }

    /// A whole phrase as one `ref`, or as text without a target.
    fn phrase(&mut self, node: Node<'a>, target: Option<String>, out: &mut String) {
        let t = text(node, self.src()).to_string();
        match target.filter(|_| !self.in_ref) {
            Some(target) => {
                let _ = write!(out, "<ref target=\"{}\">", esc(&target));
                self.push_text(&t, out);
                out.push_str("</ref>");
            }
            None => self.push_text(&t, out),
        }
    }

    /// `Documents 12, 14, and 16`: one `ref` per number (a range gives its
    /// two ends), in a phrase that starts at `whole`.
    fn numbers_phrase(
        &mut self,
        whole: Node<'a>,
        numbers: Node<'a>,
        volume: &str,
        out: &mut String,
    ) {
        let src = self.src();
        if self.in_ref {
            let t = text(whole, src).to_string();
            self.push_text(&t, out);
            return;
        }
        let mut at = whole.start_byte();
        for num in view::phrase_numbers(numbers) {
            let before = src.get(at..num.start_byte()).unwrap_or("").to_string();
            self.push_text(&before, out);
            let n = text(num, src);
            let _ = write!(out, "<ref target=\"{}#d{}\">", esc(volume), esc(n));
            self.push_text(n, out);
            out.push_str("</ref>");
            at = num.end_byte();
        }
        let after = src.get(at..whole.end_byte()).unwrap_or("").to_string();
        self.push_text(&after, out);
    }

    fn note(&mut self, node: Node<'a>, label: &str, out: &mut String) {
        if self.in_note {
            self.warn(node, "footnote reference inside a footnote: not written");
            return;
        }
        let Some(def) = self.notes.get(label).cloned() else {
            self.warn(
                node,
                format!("footnote [^{label}] is not defined: not written"),
            );
            return;
        };
        // A footnote referred to again is printed again, pointing at the
        // first (`note[@target]`), as FRUS volumes repeat a table's notes.
        let repeated = !self.used.insert(label.to_string());
        let src = self.src();
        let first = def
            .bodies
            .first()
            .map(|b| plain_text(*b, src))
            .unwrap_or_default();
        let source = match view::block_style(def.node, src) {
            Some(style) => format!(" type=\"{}\"", esc(style)),
            None if first.starts_with("Source:") => " type=\"source\"".to_string(),
            None => String::new(),
        };
        let id = esc(&ids::note_id(&self.scope_id, label));
        let link = if repeated { "target" } else { "xml:id" };
        let _ = write!(out, "<note n=\"{}\" {link}=\"{id}\"{source}>", esc(label));
        self.in_note = true;
        match def.bodies.as_slice() {
            [one] => {
                let mut inner = String::new();
                self.inline_xml(*one, &mut inner);
                out.push_str(inner.trim());
            }
            many => {
                for body in many {
                    out.push_str("<p>");
                    let mut inner = String::new();
                    self.inline_xml(*body, &mut inner);
                    out.push_str(inner.trim());
                    out.push_str("</p>");
                }
            }
        }
        self.in_note = false;
        out.push_str("</note>");
    }
}

/// Page-break paragraphs at the end of a part.
fn trailing_page_paragraphs(blocks: &[Block], src: &str) -> Vec<String> {
    let mut out: Vec<String> = blocks
        .iter()
        .rev()
        .map_while(|b| page_only(b, src))
        .collect();
    out.reverse();
    out
}

/// The lists that items make: one more at each item with a style that is
/// not nested in an item before it.
fn list_runs<'i, 'a>(items: &'i [ItemView<'a>], src: &str) -> Vec<&'i [ItemView<'a>]> {
    let Some(first) = items.first() else {
        return Vec::new();
    };
    let outer = view::item_indent(first.node, src);
    let mut runs = Vec::new();
    let mut start = 0;
    for (k, item) in items.iter().enumerate().skip(1) {
        if item.style.is_some() && view::item_indent(item.node, src) <= outer {
            runs.push(&items[start..k]);
            start = k;
        }
    }
    runs.push(&items[start..]);
    runs
}

/// `names` or `terms` for a list of one run whose first item has that
/// style: plain items of a register (`- {.names} *Note:* …`).
fn register_list(items: &[ItemView], src: &str) -> Option<&'static str> {
    if list_runs(items, src).len() != 1 {
        return None;
    }
    match items.first().and_then(|i| view::block_style(i.node, src)) {
        Some("names") => Some("names"),
        Some("terms") => Some("terms"),
        _ => None,
    }
}

/// `SUBJECT`, `PARTICIPANTS`: a short paragraph in capitals before a list is
/// the list's head.
fn list_head(p: Node, src: &str) -> Option<String> {
    let t = plain_text(p, src);
    let letters = t.chars().filter(|c| c.is_alphabetic()).count();
    let ok = letters >= 2
        && t.chars().count() <= 40
        && t.chars().all(|c| c.is_uppercase() || c == ' ' || c == ':')
        && matches!(view::inlines(p).as_slice(), [Inline::Text(_)]);
    ok.then_some(t)
}

/// `<date when="…" calendar="gregorian">December 28, 1965</date>.`: a full
/// stop after the year stands outside the date.
fn date_element(when: &str, date_text: &str, calendar: bool) -> String {
    let (date_text, after) = match date_text.strip_suffix('.') {
        Some(d) if d.ends_with(|c: char| c.is_ascii_digit()) => (d, "."),
        _ => (date_text, ""),
    };
    format!(
        "<date{}{}>{}</date>{after}",
        date_attributes(when),
        calendar_attribute(calendar),
        esc(date_text)
    )
}

fn calendar_attribute(calendar: bool) -> &'static str {
    if calendar {
        " calendar=\"gregorian\""
    } else {
        ""
    }
}

/// ` when="1965-12-28"`, or ` from="…" to="…"` for a span written
/// `FROM/TO` in a `When:` line.
fn date_attributes(when: &str) -> String {
    match when.split_once('/') {
        Some((from, to)) => format!(" from=\"{}\" to=\"{}\"", esc(from), esc(to)),
        None => format!(" when=\"{}\"", esc(when)),
    }
}

/// The start tag of a mention: `<persName type="from" corresp="#p_X">` or
/// `<gloss target="#t_X">`.
fn mention_open(n: Node, id: Option<Node>, person: bool, src: &str) -> String {
    let (element, link) = if person {
        ("persName", "corresp")
    } else {
        ("gloss", "target")
    };
    let mut out = format!("<{element}");
    if let Some(role) = field(n, Field::Role) {
        let _ = write!(out, " type=\"{}\"", esc(text(role, src)));
    }
    if let Some(id) = id.map(|i| text(i, src)) {
        let tei = if person {
            ids::person_to_tei(id)
        } else {
            ids::term_to_tei(id)
        };
        let _ = write!(out, " {link}=\"#{}\"", esc(&tei));
    }
    out.push('>');
    out
}

/// Whose dateline is written: a document's may share its opener with the
/// document's opener seg.
#[derive(Clone, Copy)]
enum DatelineOf {
    Document,
    Attachment,
}

/// An element with attributes alone: `<gap quantity="1" unit="pages"
/// reason="convenience"/>`, `<graphic url="ch1fig1"/>`.
fn empty_element(name: &str, attributes: &[(String, String)]) -> String {
    let mut out = format!("<{name}");
    for (name, value) in attributes {
        let _ = write!(out, " {name}=\"{}\"", esc(value));
    }
    out.push_str("/>");
    out
}
