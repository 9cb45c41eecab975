//! TEI → the importer's model (`model.rs`): which element becomes which
//! construct, and a warning for everything that does not fit.

use super::ids;
use super::images;
use super::model::*;
use super::verbatim;
use super::warn::Warnings;
use super::xml_in::{is_tei, xml_id, FRUS_NS};
use super::TeiError;
use crate::index::discover::MARKUP_SUFFIX;
use crate::line_index::{ColumnUnit, LineIndex};
use crate::syntax::view;
use roxmltree::{Document, Node};
use std::collections::{HashMap, HashSet};

/// A volume read from TEI.
#[derive(Debug, Clone)]
pub struct Volume {
    pub id: String,
    pub title: String,
    pub editors: Vec<String>,
    /// Lines of `volume.emd` after `Editors:` that tell the export how the
    /// volume encodes what every document has (`Datelines: opener #right`,
    /// `Headings: unnumbered`).
    pub conventions: Vec<(String, String)>,
    pub files: Vec<File>,
    /// What the markup has no place for, kept verbatim: paths of the
    /// volume folder and their XML (see `verbatim.rs`).
    pub verbatim: Vec<(String, String)>,
}

struct Importer<'a, 'i> {
    doc: &'a Document<'i>,
    /// Each document dateline and how it is encoded: `opener`, `#right`,
    /// `opener #right`, or empty for a bare `dateline`.
    datelines: Vec<(Node<'a, 'i>, String)>,
    /// Page breaks before the head of the document last read.
    pages_before_head: Vec<String>,
    /// A dateline's content is being read: its date's attributes are its
    /// heading's lines.
    in_dateline: bool,
    /// Each document head, and whether it begins with the number.
    heads: Vec<(Node<'a, 'i>, bool)>,
    /// Each `seg` of a document's opener and how it is encoded: `apart`
    /// (an opener of its own before the dateline's) or `joined` (in the
    /// dateline's opener), and its rendition.
    openers: Vec<(Node<'a, 'i>, String)>,
    /// Each signature, and whether its name is in bold (`signed/hi`).
    signatures: Vec<(Node<'a, 'i>, bool)>,
    /// Each dateline's `date`, and whether it has `@calendar='gregorian'`.
    calendars: Vec<(Node<'a, 'i>, bool)>,
    /// Documents whose date has a span: whether the TEI gives it.
    ranges: Vec<(Node<'a, 'i>, bool)>,
    /// Register entries: whether the name is in bold.
    entries: Vec<(Node<'a, 'i>, bool)>,
    /// `frus:doc-dateTime-min/max` of the untitled compilation.
    compilation_range: Option<(String, String)>,
    /// Documents, and register divisions: whether the TEI gives their
    /// `@subtype`.
    document_subtypes: Vec<(Node<'a, 'i>, bool)>,
    register_subtypes: Vec<(Node<'a, 'i>, bool)>,
    lines: LineIndex,
    warnings: Warnings,
    /// TEI term id → markup id.
    terms: HashMap<String, String>,
    refs: usize,
    paths: HashSet<String>,
}

/// The footnotes of the document or division being read.
struct Ctx {
    scope_id: String,
    notes: Vec<Note>,
    labels: HashSet<String>,
    in_note: bool,
}

impl Ctx {
    fn new(scope_id: &str) -> Ctx {
        Ctx {
            scope_id: scope_id.to_string(),
            notes: Vec::new(),
            labels: HashSet::new(),
            in_note: false,
        }
    }
}

/// Reads a parsed FRUS TEI document.
pub fn read<'a, 'i>(
    doc: &'a Document<'i>,
    xml: &str,
    text: Node<'a, 'i>,
    fallback_id: &str,
) -> Result<(Volume, Warnings), TeiError> {
    let term_ids: Vec<&str> = doc
        .descendants()
        .filter(|n| is_tei(*n, "term"))
        .filter_map(xml_id)
        .collect();
    let (terms, inexact) = ids::term_map(term_ids);
    let mut im = Importer {
        doc,
        datelines: Vec::new(),
        pages_before_head: Vec::new(),
        in_dateline: false,
        heads: Vec::new(),
        openers: Vec::new(),
        signatures: Vec::new(),
        calendars: Vec::new(),
        ranges: Vec::new(),
        entries: Vec::new(),
        compilation_range: None,
        document_subtypes: Vec::new(),
        register_subtypes: Vec::new(),
        lines: LineIndex::new(xml),
        warnings: Warnings::default(),
        terms,
        refs: 0,
        paths: HashSet::new(),
    };
    for tei in inexact {
        if let Some(node) = doc
            .descendants()
            .find(|n| is_tei(*n, "term") && xml_id(*n) == Some(tei.as_str()))
        {
            im.warn(
                node,
                format!(
                    "term id `{tei}` cannot be kept exactly (markup ids drop `t_` and a counter `1`): written as `{}`",
                    im.terms.get(&tei).cloned().unwrap_or_default()
                ),
            );
        }
    }
    let root = doc.root_element();
    let id = match xml_id(root) {
        Some(id) if ids::is_label(id) => id.to_string(),
        _ => {
            im.warn(
                root,
                format!("TEI/@xml:id is missing or not an id: the volume id is `{fallback_id}`"),
            );
            fallback_id.to_string()
        }
    };
    let (title, editors) = im.header(root);
    // The root's other elements (`facsimile`), kept as they are.
    let mut verbatim = Vec::new();
    let mut outside = 0;
    for child in root.children().filter(Node::is_element) {
        if is_tei(child, "teiHeader") {
            verbatim.push((
                verbatim::HEADER_FILE.to_string(),
                verbatim::element_text(child, doc.input_text()),
            ));
        } else if !is_tei(child, "text") {
            outside += 1;
            let name = ids::file_stem(child.tag_name().name()).unwrap_or_default();
            verbatim.push((
                format!("tei-{outside:02}-{name}.xml"),
                verbatim::element_text(child, doc.input_text()),
            ));
        }
    }
    let pages: Vec<(&str, Option<&str>)> = text
        .descendants()
        .filter(|n| is_tei(*n, "pb"))
        .filter_map(|pb| Some((page_number(pb)?, pb.attribute("facs"))))
        .collect();
    let images = images::entries(&pages);
    let mut files = Vec::new();
    // A page break between front and body is the page the body begins on.
    let mut pages = Vec::new();
    for part in text.children().filter(Node::is_element) {
        match part.tag_name().name() {
            "front" if is_tei(part, "front") => im.matter(part, "", &mut files, &mut verbatim),
            "body" if is_tei(part, "body") => {
                im.container(part, "", &mut files, 0, false, std::mem::take(&mut pages))
            }
            "back" if is_tei(part, "back") => im.matter(part, "back/", &mut files, &mut verbatim),
            "pb" if is_tei(part, "pb") => {
                if let Some(n) = im.page(part) {
                    pages.push(n);
                }
            }
            other => im.warn(
                part,
                format!("<{other}> in <text>: not represented; not written"),
            ),
        }
    }
    let mut conventions = im.conventions();
    if !images.is_empty() {
        conventions.push(("Images".to_string(), images));
    }
    im.end_last_scope(
        &mut files,
        pages,
        text,
        "page breaks in a volume without divisions: not written",
    );
    Ok((
        Volume {
            id,
            title,
            editors,
            conventions,
            files,
            verbatim,
        },
        im.warnings,
    ))
}

/// Folds runs of XML white space into one space.
fn fold(s: &str) -> String {
    super::fold_space(s, |c| matches!(c, ' ' | '\t' | '\n' | '\r'))
}

fn push_text(out: &mut Vec<Inl>, s: &str) {
    if s.is_empty() {
        return;
    }
    if let Some(Inl::Text(prev)) = out.last_mut() {
        if prev.ends_with(' ') && s.starts_with(' ') {
            prev.push_str(&s[1..]);
        } else {
            prev.push_str(s);
        }
        return;
    }
    out.push(Inl::Text(s.to_string()));
}

/// Trims white space at both ends of inline content.
pub fn trim(mut inls: Vec<Inl>) -> Vec<Inl> {
    if let Some(Inl::Text(t)) = inls.first_mut() {
        *t = t.trim_start().to_string();
    }
    if let Some(Inl::Text(t)) = inls.last_mut() {
        *t = t.trim_end().to_string();
    }
    inls.retain(|i| !matches!(i, Inl::Text(t) if t.is_empty()));
    inls
}

/// The text of inline content, markup left out.
pub fn plain(inls: &[Inl]) -> String {
    let mut out = String::new();
    for i in inls {
        match i {
            Inl::Text(t) => out.push_str(t),
            Inl::Hi(_, c) | Inl::Styled(_, c) | Inl::Person(_, c) | Inl::Term(_, c) => {
                out.push_str(&plain(c))
            }
            Inl::Ref { content, .. } => out.push_str(&plain(content)),
            Inl::NoteRef(_) | Inl::Page(_) => {}
            Inl::LineBreak => out.push(' '),
            Inl::Gap(_) | Inl::Figure(_) => {}
        }
    }
    out
}

fn significant(node: Node) -> bool {
    node.is_element() || (node.is_text() && node.text().is_some_and(|t| !t.trim().is_empty()))
}

/// A `Range: MIN/MAX` line's value.
fn range_value((min, max): &(String, String)) -> String {
    format!("{min}/{max}")
}

fn range_line(range: &(String, String)) -> (String, Vec<Inl>) {
    ("Range".to_string(), vec![Inl::Text(range_value(range))])
}

/// A `label`'s text; `(<hi rend="italic">a</hi>)` is `(*a*)`.
fn label_text(label: Node) -> String {
    let parts: Vec<Node> = label.children().filter(|n| significant(*n)).collect();
    if let [open, hi, close] = parts[..] {
        let italic = format!("(*{}*)", text_of(hi).trim());
        if open.text().map(str::trim) == Some("(")
            && close.text().map(str::trim) == Some(")")
            && is_tei(hi, "hi")
            && hi.attribute("rend") == Some("italic")
            && hi.children().all(|c| c.is_text())
            && is_markup_label(&italic)
        {
            return italic;
        }
    }
    fold(&text_of(label)).trim().to_string()
}

/// The labels the markup reads after a bullet: `1.`, `a.`, `iv.`, `1)`,
/// `a)`, `(1)`, `(a)`, `(iv)`, and `(*a*)`, a letter in italics.
pub fn is_markup_label(label: &str) -> bool {
    if let Some(letter) = label.strip_prefix("(*").and_then(|l| l.strip_suffix("*)")) {
        return !letter.is_empty()
            && letter.bytes().all(|b| b.is_ascii_alphabetic())
            && is_markup_label(&format!("{letter}."));
    }
    let roman_or_letter = |s: &str| {
        !s.is_empty()
            && (s.len() == 1 && s.chars().all(|c| c.is_ascii_alphabetic())
                || s.chars().all(|c| "ivxlcdm".contains(c))
                || s.chars().all(|c| "IVXLCDM".contains(c)))
    };
    if let Some(inner) = label.strip_prefix('(').and_then(|s| s.strip_suffix(')')) {
        return (!inner.is_empty() && inner.bytes().all(|b| b.is_ascii_digit()))
            || roman_or_letter(inner);
    }
    if let Some(inner) = label.strip_suffix('.').or_else(|| label.strip_suffix(')')) {
        return (!inner.is_empty() && inner.bytes().all(|b| b.is_ascii_digit()))
            || roman_or_letter(inner);
    }
    false
}

/// The `list/@type` the export writes for a list under this head.
pub fn list_type_for_head(head: &str) -> Option<&'static str> {
    match head.trim() {
        "SUBJECT" => Some("subject"),
        "PARTICIPANTS" => Some("participants"),
        _ => None,
    }
}

/// The `div/@subtype` the export writes for a front or back division.
pub fn division_subtype(id: &str) -> Option<&'static str> {
    match id {
        "persons" | "terms" => Some("index"),
        "sources" => Some("sources"),
        _ => None,
    }
}

/// A document number of the markup: digits and at most one lower-case
/// letter.
fn is_document_number(n: &str) -> bool {
    let digits = n.trim_end_matches(|c: char| c.is_ascii_lowercase());
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) && n.len() - digits.len() <= 1
}

impl<'a, 'i> Importer<'a, 'i> {
    /// The volume's way of encoding datelines and heads: what most of its
    /// documents do. The others are reported, as the export writes them
    /// the volume's way.
    fn conventions(&mut self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let datelines = std::mem::take(&mut self.datelines);
        let style = self
            .majority(datelines, |other, style| {
                let as_volume = if style.is_empty() {
                    "a bare `dateline`".to_string()
                } else {
                    format!("`Datelines: {style}`")
                };
                let other = if other.is_empty() { "bare" } else { other };
                format!("dateline encoded otherwise than most of the volume's (`{other}`): the export writes it as the others, {as_volume}")
            })
            .unwrap_or_default();
        if !style.is_empty() {
            out.push(("Datelines".to_string(), style));
        }
        let openers = std::mem::take(&mut self.openers);
        if let Some(style) = self.majority(openers, |other, style| {
            format!("opener seg encoded otherwise than most of the volume's (`{other}`): the export writes it as the others, `Openers: {style}`")
        }) {
            out.push(("Openers".to_string(), style));
        }
        let heads = std::mem::take(&mut self.heads);
        self.flag_line(
            heads,
            ("Headings", "unnumbered"),
            [
                "document head begins with its number, unlike most of the volume's (`Headings: unnumbered`): the number is not kept in the head",
                "document head does not begin with its number: the heading adds it",
            ],
            &mut out,
        );
        let signatures = std::mem::take(&mut self.signatures);
        self.flag_line(
            signatures,
            ("Signatures", "plain"),
            [
                "signature in bold, unlike most of the volume's (`Signatures: plain`): the export writes it without `hi`",
                "<signed> without hi[@rend='strong']: written bold, as the markup writes a signature; the export writes it inside hi",
            ],
            &mut out,
        );
        let calendars = std::mem::take(&mut self.calendars);
        self.flag_line(
            calendars,
            ("Calendar", "none"),
            [
                "date with @calendar, unlike most of the volume's (`Calendar: none`): the export writes it without",
                "date without @calendar, unlike most of the volume's: the export writes `gregorian`",
            ],
            &mut out,
        );
        let ranges = std::mem::take(&mut self.ranges);
        self.flag_line(
            ranges,
            ("Ranges", "none"),
            [
                "div/@frus:doc-dateTime-min/max, unlike most of the volume's documents (`Ranges: none`): not kept",
                "document without @frus:doc-dateTime-min/max, unlike most of the volume's: the export derives them from its date",
            ],
            &mut out,
        );
        let entries = std::mem::take(&mut self.entries);
        self.flag_line(
            entries,
            ("Entries", "plain"),
            [
                "register entry with its name in bold, unlike most of the volume's (`Entries: plain`): the export writes it without `hi`",
                "register entry without hi[@rend='strong'] around its name, unlike most of the volume's: written bold, and exported inside hi as FRUS's Schematron asks",
            ],
            &mut out,
        );
        if let Some(line) = self.subtypes_line() {
            out.push(("Subtypes".to_string(), line));
        }
        if let Some(range) = self.compilation_range.take() {
            out.push(("Range".to_string(), range_value(&range)));
        }
        out
    }

    /// `Subtypes: documents`, `registers` or `none`: which divisions carry
    /// `@subtype` where they are not all like the current FRUS encoding.
    fn subtypes_line(&mut self) -> Option<String> {
        let message = |&given: &bool, _: &bool| {
            if given {
                "div/@subtype, unlike most of the volume's divisions of its kind (`Subtypes:` in volume.emd): not kept".to_string()
            } else {
                "division without @subtype, unlike most of the volume's of its kind: the export writes one".to_string()
            }
        };
        let documents = std::mem::take(&mut self.document_subtypes);
        let documents = self.majority(documents, message);
        let registers = std::mem::take(&mut self.register_subtypes);
        let registers = self.majority(registers, message);
        // A volume without registers (or documents) carries what the
        // others do.
        let (documents, registers) = (
            documents.or(registers).unwrap_or(true),
            registers.or(documents).unwrap_or(true),
        );
        match (documents, registers) {
            (true, true) => None,
            (true, false) => Some("documents".to_string()),
            (false, true) => Some("registers".to_string()),
            (false, false) => Some("none".to_string()),
        }
    }

    /// A yes-or-no encoding of the volume (a head with its number, a
    /// signature in bold, a date with `@calendar`): where most items say no,
    /// `volume.emd` gets `line`. An item unlike most is reported with
    /// `messages[0]` where most say no, `messages[1]` where most say yes.
    fn flag_line(
        &mut self,
        items: Vec<(Node<'a, 'i>, bool)>,
        line: (&str, &str),
        messages: [&str; 2],
        out: &mut Vec<(String, String)>,
    ) {
        let most = self.majority(items, |&yes, _| messages[usize::from(!yes)].to_string());
        if most == Some(false) {
            out.push((line.0.to_string(), line.1.to_string()));
        }
    }

    /// What most of `items` are; each of the others is reported with
    /// `message(its own, most)`.
    fn majority<T: PartialEq + Clone>(
        &mut self,
        items: Vec<(Node, T)>,
        message: impl Fn(&T, &T) -> String,
    ) -> Option<T> {
        let values: Vec<T> = items.iter().map(|(_, v)| v.clone()).collect();
        let most = most_common(&values)?;
        for (node, value) in items {
            if value != most {
                self.warn(node, message(&value, &most));
            }
        }
        Some(most)
    }

    /// `persName/@type`, `gloss/@type` (`from`, `to`) where the markup
    /// can write it.
    fn role(&mut self, node: Node) -> Option<String> {
        let value = node.attribute("type")?.trim();
        if Tag::is_role(value) {
            return Some(value.to_string());
        }
        let name = node.tag_name().name().to_string();
        self.warn(
            node,
            format!("{name}/@type `{value}`: not a lower-case word; not kept"),
        );
        None
    }

    fn warn(&mut self, node: Node, message: impl Into<String>) {
        let offset = node.range().start;
        let text = self.doc.input_text();
        let p = self.lines.position(text, offset, ColumnUnit::Chars);
        self.warnings.push(None, p.line + 1, p.col + 1, message);
    }

    /// An element the markup cannot represent here: warn, keep its text.
    fn keep_text(
        &mut self,
        node: Node<'a, 'i>,
        ctx: &mut Ctx,
        out: &mut Vec<Inl>,
        message: impl Into<String>,
    ) {
        self.warn(node, message);
        self.content(node, ctx, out);
    }

    /// The page number of a `pb`, with warnings for what is not kept.
    fn page(&mut self, node: Node) -> Option<String> {
        let Some(n) = node.attribute("n").map(str::trim) else {
            self.warn(node, "<pb> without @n: not written");
            return None;
        };
        if page_number(node).is_none() {
            self.warn(
                node,
                format!("<pb n=\"{n}\">: not an arabic or roman page number; not written"),
            );
            return None;
        }
        if node.attribute("facs").is_some_and(|f| !images::keepable(f)) {
            self.warn(node, "pb/@facs (the page image) with a space, `,`, `=` or nothing in it, or `-`: not kept");
        }
        let expected = crate::facts::page_xml_id(n).or_else(|| {
            node.attribute("facs")
                .filter(|f| images::keepable(f))
                .map(|f| format!("pg-seq-{f}"))
        });
        if let Some(id) = xml_id(node).filter(|id| Some(*id) != expected.as_deref()) {
            let written = expected.map_or("none".to_string(), |e| format!("`{e}`"));
            self.warn(
                node,
                format!("pb/@xml:id `{id}`: not kept; export writes {written}"),
            );
        }
        Some(n.to_string())
    }

    fn header(&mut self, root: Node) -> (String, Vec<String>) {
        let Some(header) = root.children().find(|n| is_tei(*n, "teiHeader")) else {
            self.warn(root, "no <teiHeader>: the volume has no title or editors");
            return (String::new(), Vec::new());
        };
        let stmt = verbatim::TitleStmt::of(header);
        let title = stmt
            .title
            .as_ref()
            .map(|(_, w)| w.clone())
            .unwrap_or_default();
        let editors = stmt.editor_names();
        (title, editors)
    }

    fn unique_path(&mut self, path: String) -> String {
        let mut candidate = path.clone();
        let mut n = 2;
        while self.paths.contains(&candidate) {
            let stem = path.trim_end_matches(MARKUP_SUFFIX);
            candidate = format!("{stem}-{n}{MARKUP_SUFFIX}");
            n += 1;
        }
        self.paths.insert(candidate.clone());
        candidate
    }

    /// Front or back matter: one file per division; what is no division of
    /// the markup (the title page, the table of contents) a verbatim XML
    /// file in its place.
    fn matter(
        &mut self,
        node: Node<'a, 'i>,
        folder: &str,
        all: &mut Vec<File>,
        verbatim: &mut Vec<(String, String)>,
    ) {
        let mut files = Vec::new();
        let mut position = 0;
        let mut pending_pages = Vec::new();
        for child in node.children().filter(|n| significant(*n)) {
            let division = is_tei(child, "div") && child.attribute("type") != Some("toc");
            if child.is_element() && !division && !is_tei(child, "pb") {
                // A number before the name keeps the files in the order of
                // the TEI, the order in which the export writes them.
                position += 1;
                let name = xml_id(child)
                    .or(Some(child.tag_name().name()))
                    .and_then(ids::file_stem)
                    .unwrap_or_else(|| "matter".to_string());
                verbatim.push((
                    format!("{folder}{position:02}-{name}.xml"),
                    verbatim::element_text(child, self.doc.input_text()),
                ));
                continue;
            }
            if division {
                let mut scope = self.division(child, false);
                scope
                    .blocks
                    .splice(0..0, pending_pages.drain(..).map(Blk::Page));
                // A number before the name keeps the files in the order of
                // the TEI, the order in which `emend check` reads them.
                position += 1;
                let id = xml_id(child).and_then(ids::file_stem);
                let stem = id.unwrap_or_else(|| "division".to_string());
                let path = self.unique_path(format!("{folder}{position:02}-{stem}{MARKUP_SUFFIX}"));
                files.push(File {
                    path,
                    scopes: vec![scope],
                });
            } else if is_tei(child, "pb") {
                if let Some(n) = self.page(child) {
                    // Between two divisions a break ends the one before, as
                    // the export writes a division's last breaks after it.
                    match files.last_mut().and_then(|f| f.scopes.last_mut()) {
                        Some(scope) => scope.trailing_pages.push(n),
                        None => pending_pages.push(n),
                    }
                }
            } else {
                self.warn(child, "text in front or back matter: not written");
            }
        }
        if !pending_pages.is_empty() {
            self.warn(
                node,
                "page breaks in front or back matter without a division: not written",
            );
        }
        all.append(&mut files);
    }

    /// The documents and divisions of `node` (the body at depth 0:
    /// documents at the top, chapters in folders of their own); `pending`:
    /// page breaks before it. `compilation`: `node` is the
    /// titled compilation `comp1`, whose chapters the export writes inside
    /// it again.
    fn container(
        &mut self,
        node: Node<'a, 'i>,
        folder: &str,
        files: &mut Vec<File>,
        depth: usize,
        compilation: bool,
        mut pending_pages: Vec<String>,
    ) {
        let mut last_doc: Option<usize> = None;
        for child in node.children().filter(|n| significant(*n)) {
            if is_tei(child, "div") {
                match child.attribute("type") {
                    Some("document") => {
                        let mut scope = self.document(child);
                        let mut before_head = std::mem::take(&mut self.pages_before_head);
                        match last_doc.and_then(|i| files.get_mut(i)?.scopes.last_mut()) {
                            // The end of the document before, as a break
                            // between the two is.
                            Some(prev) => prev.trailing_pages.append(&mut before_head),
                            None => pending_pages.append(&mut before_head),
                        }
                        scope
                            .blocks
                            .splice(0..0, pending_pages.drain(..).map(Blk::Page));
                        let number = match &scope.kind {
                            ScopeKind::Document { number } => number.clone(),
                            ScopeKind::Division => String::new(),
                        };
                        let stem = ids::document_file_stem(&number)
                            .or_else(|| xml_id(child).and_then(ids::file_stem))
                            .unwrap_or_else(|| format!("document{}", files.len() + 1));
                        let path = self.unique_path(format!("{folder}{stem}{MARKUP_SUFFIX}"));
                        files.push(File {
                            path,
                            scopes: vec![scope],
                        });
                        last_doc = Some(files.len() - 1);
                    }
                    Some("compilation")
                        if depth == 0 && child.children().all(|c| !is_tei(c, "head")) =>
                    {
                        if xml_id(child) != Some("comp1") {
                            self.warn(child, "div[@type='compilation']: its id is not kept; export wraps chapters in div[@type='compilation'][@xml:id='comp1']");
                        }
                        // An untitled compilation has no heading of its
                        // own: volume.emd's carries its range.
                        self.compilation_range = self.given_range(child);
                        let pages = std::mem::take(&mut pending_pages);
                        self.container(child, folder, files, depth + 1, false, pages);
                        last_doc = None;
                    }
                    _ => {
                        let mut scope = self.division(child, true);
                        // A break before a chapter is the page it begins on.
                        scope
                            .blocks
                            .splice(0..0, pending_pages.drain(..).map(Blk::Page));
                        let stem = xml_id(child)
                            .and_then(ids::file_stem)
                            .unwrap_or_else(|| format!("chapter{}", files.len() + 1));
                        // A chapter inside a chapter is a folder inside its
                        // folder; the titled compilation's chapters stand
                        // beside it, as the export writes them inside it.
                        let sub = if compilation {
                            format!("{stem}/")
                        } else {
                            format!("{folder}{stem}/")
                        };
                        let path = self.unique_path(format!("{sub}chapter.emd"));
                        files.push(File {
                            path,
                            scopes: vec![scope],
                        });
                        let titled_compilation = depth == 0 && is_titled_compilation(child);
                        self.container(
                            child,
                            &sub,
                            files,
                            depth + 1,
                            titled_compilation,
                            Vec::new(),
                        );
                        last_doc = None;
                    }
                }
            } else if is_tei(child, "pb") {
                let Some(n) = self.page(child) else {
                    continue;
                };
                match last_doc.and_then(|i| files.get_mut(i)) {
                    Some(file) => {
                        if let Some(scope) = file.scopes.last_mut() {
                            scope.trailing_pages.push(n);
                        }
                    }
                    None => pending_pages.push(n),
                }
            } else if is_tei(child, "head") || !child.is_element() && depth > 0 {
                // The head of a chapter is read with the chapter.
            } else {
                let name = if child.is_element() {
                    format!("<{}>", child.tag_name().name())
                } else {
                    "text".to_string()
                };
                self.warn(
                    child,
                    format!("{name} between documents: not represented; not written"),
                );
            }
        }
        // After the last chapter of a division: the end of the last
        // document written.
        self.end_last_scope(
            files,
            pending_pages,
            node,
            "page breaks in a division without documents or chapters: not written",
        );
    }

    /// Page breaks that end the last document or division written, where
    /// nothing follows them; `none` is reported when nothing was written.
    fn end_last_scope(&mut self, files: &mut [File], mut pages: Vec<String>, at: Node, none: &str) {
        if pages.is_empty() {
            return;
        }
        match files.last_mut().and_then(|f| f.scopes.last_mut()) {
            Some(scope) => scope.trailing_pages.append(&mut pages),
            None => self.warn(at, none),
        }
    }

    fn document(&mut self, div: Node<'a, 'i>) -> Scope {
        let id = xml_id(div).map(str::to_string);
        let number = match div.attribute("n") {
            Some(n) if is_document_number(n) => n.to_string(),
            other => {
                let from_id = id
                    .as_deref()
                    .and_then(|i| i.strip_prefix('d'))
                    .filter(|n| is_document_number(n));
                let number = from_id.unwrap_or("0").to_string();
                self.warn(
                    div,
                    format!(
                        "document @n {}: not a document number; written as {number}",
                        other.map_or("missing".to_string(), |n| format!("`{n}`"))
                    ),
                );
                number
            }
        };
        let derived = format!("d{number}");
        let scope_id = id.clone().unwrap_or_else(|| derived.clone());
        let mut heading = Heading::default();
        if scope_id != derived {
            heading
                .meta
                .push(("Id".to_string(), vec![Inl::Text(scope_id.clone())]));
        }
        let mut ctx = Ctx::new(&scope_id);
        let mut blocks = Vec::new();
        let mut sections = Vec::new();
        let mut seen_head = false;
        let mut seen_dateline = false;
        let mut seen_opener = false;
        // Where the blocks after the head start: page breaks there, before
        // the dateline, go into its line (`Dateline: [Page 9] Washington, …`).
        let mut after_head = 0;
        for child in div.children().filter(|n| significant(*n)) {
            if is_tei(child, "head") && !seen_head {
                seen_head = true;
                // Page breaks before the head: the page the document
                // begins on, as a break between documents is.
                if only_pages_after(&blocks, 0) {
                    self.pages_before_head = take_pages(&mut blocks, 0);
                }
                after_head = blocks.len();
                let title = trim(self.inlines(child, &mut ctx));
                heading.title = self.strip_number(child, title, &number);
            } else if is_tei(child, "dateline")
                && !seen_dateline
                && only_pages_after(&blocks, after_head)
            {
                seen_dateline = true;
                let style = rendition(child).unwrap_or_default();
                self.datelines.push((child, style));
                self.dateline(child, &mut ctx, &mut heading);
                pages_into_dateline(&mut blocks, after_head, &mut heading);
            } else if let Some((seg, dateline)) = opener_parts(child).filter(|(seg, _)| {
                !seen_dateline
                    && (seg.is_none() || !seen_opener)
                    && blocks.is_empty()
                    && sections.is_empty()
            }) {
                for attr in child.attributes() {
                    self.warn(child, format!("opener/@{}: not kept", attr.name()));
                }
                if let Some(seg) = seg {
                    seen_opener = true;
                    let placing = if dateline.is_some() {
                        "joined"
                    } else {
                        "apart"
                    };
                    let style = match rendition(seg) {
                        Some(r) => format!("{placing} {r}"),
                        None => placing.to_string(),
                    };
                    self.openers.push((seg, style));
                    let inls = trim(self.inlines(seg, &mut ctx));
                    heading.meta.push(("Opener".to_string(), inls));
                }
                if let Some(dateline) = dateline {
                    seen_dateline = true;
                    let style = match rendition(dateline) {
                        Some(r) => format!("opener {r}"),
                        None => "opener".to_string(),
                    };
                    self.datelines.push((dateline, style));
                    self.dateline(dateline, &mut ctx, &mut heading);
                }
            } else if is_inline_source(child) && blocks.is_empty() && sections.is_empty() {
                if seen_head {
                    self.warn(child, "inline source note after the head: the export writes it before the head, where FRUS volumes have it");
                }
                for attr in child.attributes() {
                    if !matches!(attr.name(), "type" | "rend") {
                        self.warn(
                            child,
                            format!("inline source note/@{}: not kept", attr.name()),
                        );
                    }
                }
                let inls = trim(self.inlines(child, &mut ctx));
                heading.meta.push(("Source".to_string(), inls));
            } else if is_frus(child, "attachment") || is_tei(child, "div") {
                if is_tei(child, "div") {
                    self.warn(child, "<div> inside a document: written as a sub-heading");
                }
                sections.push(self.section(child, &mut ctx));
            } else if sections.is_empty() {
                self.block(child, &mut ctx, &mut blocks);
            } else {
                let last = sections.len() - 1;
                let mut more = Vec::new();
                self.block(child, &mut ctx, &mut more);
                self.warn(
                    child,
                    "content after an attachment: written into the attachment",
                );
                sections[last].blocks.extend(more);
            }
        }
        if !seen_head {
            self.warn(div, "document without <head>: its heading has no title");
        }
        self.check_document_attributes(div, &mut heading);
        Scope {
            kind: ScopeKind::Document { number },
            heading,
            blocks,
            sections,
            notes: ctx.notes,
            trailing_pages: Vec::new(),
        }
    }

    fn check_document_attributes(&mut self, div: Node<'a, 'i>, heading: &mut Heading) {
        let title = plain(&heading.title);
        let expected = if title.trim().eq_ignore_ascii_case("editorial note") {
            "editorial-note"
        } else {
            "historical-document"
        };
        match div.attribute("subtype") {
            Some(subtype) if subtype != expected => self.warn(
                div,
                format!("div/@subtype `{subtype}`: not kept; export writes `{expected}`"),
            ),
            given => self.document_subtypes.push((div, given.is_some())),
        }
        let when = heading
            .meta
            .iter()
            .find(|(k, _)| k == "When")
            .map(|(_, v)| plain(v))
            .or_else(|| {
                heading
                    .meta
                    .iter()
                    .find(|(k, _)| k == "Dateline")
                    .and_then(|(_, v)| crate::facts::date::parse_dateline(&plain(v)))
                    .map(|d| d.iso())
            });
        let derived = when.as_deref().and_then(super::date_range);
        let given = self.given_range(div);
        match (&given, &derived) {
            (Some(given), derived) if derived.as_ref() != Some(given) => {
                heading.meta.push(range_line(given));
            }
            (None, Some(_)) => self.ranges.push((div, false)),
            (Some(_), Some(_)) => self.ranges.push((div, true)),
            _ => {}
        }
        for attr in div.attributes() {
            let known = matches!(attr.name(), "type" | "n" | "subtype" | "id")
                || attr.namespace() == Some(FRUS_NS)
                    && matches!(attr.name(), "doc-dateTime-min" | "doc-dateTime-max");
            if !known {
                self.warn(div, format!("div/@{}: not kept", attr.name()));
            }
        }
    }

    /// `frus:doc-dateTime-min` and `-max` of a division, where it has both
    /// (one alone is reported and not kept).
    fn given_range(&mut self, div: Node) -> Option<(String, String)> {
        let min = div.attribute((FRUS_NS, "doc-dateTime-min"));
        let max = div.attribute((FRUS_NS, "doc-dateTime-max"));
        match (min, max) {
            (Some(min), Some(max)) if !min.contains('/') && !max.contains('/') => {
                Some((min.trim().to_string(), max.trim().to_string()))
            }
            (None, None) => None,
            _ => {
                self.warn(
                    div,
                    "div/@frus:doc-dateTime-min/max: not both given, or not dates: not kept",
                );
                None
            }
        }
    }

    /// Takes `261. ` off the start of a document's head.
    fn strip_number(&mut self, head: Node<'a, 'i>, mut title: Vec<Inl>, number: &str) -> Vec<Inl> {
        let prefix = format!("{number}.");
        if let Some(Inl::Text(t)) = title.first_mut() {
            if let Some(rest) = t.strip_prefix(&prefix) {
                if rest.is_empty() || rest.starts_with(' ') {
                    *t = rest.trim_start().to_string();
                    self.heads.push((head, true));
                    return trim(title);
                }
            }
        }
        self.heads.push((head, false));
        title
    }

    fn dateline(&mut self, node: Node<'a, 'i>, ctx: &mut Ctx, heading: &mut Heading) {
        let was = std::mem::replace(&mut self.in_dateline, true);
        let inls = trim(self.inlines(node, ctx));
        self.in_dateline = was;
        let text = plain(&inls);
        let date = node.descendants().find(|n| is_tei(*n, "date"));
        let span =
            date.and_then(|d| Some(format!("{}/{}", d.attribute("from")?, d.attribute("to")?)));
        let when = date.and_then(|d| d.attribute("when")).or(span.as_deref());
        if let Some(d) = date.filter(|_| when.is_some()) {
            if let Some(node) = self.doc.get_node(d.id()) {
                let gregorian = d.attribute("calendar") == Some("gregorian");
                self.calendars.push((node, gregorian));
            }
        }
        let derived = crate::facts::date::parse_dateline(&text).map(|d| d.iso());
        heading.meta.push(("Dateline".to_string(), inls));
        if let Some(when) = when {
            if derived.as_deref() != Some(when) {
                heading
                    .meta
                    .push(("When".to_string(), vec![Inl::Text(when.to_string())]));
            }
        }
        // What kind of date it is (`conversation-or-meeting-date`) and how
        // the editors dated it (`#date_undated-inferred-from-document-head`).
        for (attribute, key) in [("type", "Datetype"), ("ana", "Dating")] {
            let value = date.and_then(|d| d.attribute(attribute)).map(str::trim);
            if let Some(value) = value.filter(|v| !v.is_empty()) {
                heading
                    .meta
                    .push((key.to_string(), vec![Inl::Text(value.to_string())]));
            }
        }
    }

    fn section(&mut self, node: Node<'a, 'i>, ctx: &mut Ctx) -> Section {
        let mut heading = Heading::default();
        let mut blocks = Vec::new();
        let mut seen_head = false;
        let mut seen_dateline = false;
        for child in node.children().filter(|n| significant(*n)) {
            if is_tei(child, "head") && !seen_head {
                seen_head = true;
                heading.title = trim(self.inlines(child, ctx));
            } else if is_tei(child, "dateline") && !seen_dateline && blocks.is_empty() {
                // An attachment's dateline is encoded as the volume's
                // documents' are, and counts for the volume's way.
                seen_dateline = true;
                let style = rendition(child).unwrap_or_default();
                self.count_dateline(child, style);
                self.dateline(child, ctx, &mut heading);
            } else if let Some((None, Some(dateline))) =
                opener_parts(child).filter(|_| !seen_dateline && blocks.is_empty())
            {
                for attr in child.attributes() {
                    self.warn(child, format!("opener/@{}: not kept", attr.name()));
                }
                seen_dateline = true;
                let style = match rendition(dateline) {
                    Some(r) => format!("opener {r}"),
                    None => "opener".to_string(),
                };
                self.count_dateline(dateline, style);
                self.dateline(dateline, ctx, &mut heading);
            } else if is_inline_source(child)
                && blocks.is_empty()
                && !heading.meta.iter().any(|(k, _)| k == "Source")
            {
                // `[Enclosure]`, printed above the attachment's head.
                if seen_head {
                    self.warn(child, "inline source note after the head: the export writes it before the head, where FRUS volumes have it");
                }
                let inls = trim(self.inlines(child, ctx));
                heading.meta.push(("Source".to_string(), inls));
            } else if is_frus(child, "attachment") || is_tei(child, "div") {
                self.warn(
                    child,
                    "nested attachment or division: its content is written into the enclosing part",
                );
                let inner = self.section(child, ctx);
                if !inner.heading.title.is_empty() {
                    blocks.push(Blk::Para(inner.heading.title));
                }
                blocks.extend(inner.blocks);
            } else {
                self.block(child, ctx, &mut blocks);
            }
        }
        if !seen_head {
            self.warn(
                node,
                "attachment without <head>: written with an empty sub-heading",
            );
        }
        Section { heading, blocks }
    }

    /// A front or back division, or a chapter or the titled compilation
    /// (`skip_divs`: its documents
    /// and sub-divisions are read by the caller).
    fn division(&mut self, div: Node<'a, 'i>, skip_divs: bool) -> Scope {
        let id = xml_id(div).unwrap_or("");
        let mut heading = Heading::default();
        if !id.is_empty() {
            heading
                .meta
                .push(("Id".to_string(), vec![Inl::Text(id.to_string())]));
        } else {
            self.warn(
                div,
                "division without @xml:id: export names it after its file",
            );
        }
        let mut ctx = Ctx::new(id);
        let mut blocks = Vec::new();
        let mut sections = Vec::new();
        let mut seen_head = false;
        for child in div.children().filter(|n| significant(*n)) {
            if is_tei(child, "head") && !seen_head {
                seen_head = true;
                heading.title = trim(self.inlines(child, &mut ctx));
            } else if is_tei(child, "div") {
                if !skip_divs {
                    sections.push(self.section(child, &mut ctx));
                }
            } else if skip_divs && is_tei(child, "pb") {
                // Page breaks among a chapter's documents are read with them.
            } else if sections.is_empty() {
                self.block(child, &mut ctx, &mut blocks);
            } else {
                let last = sections.len() - 1;
                let mut more = Vec::new();
                self.block(child, &mut ctx, &mut more);
                sections[last].blocks.extend(more);
            }
        }
        let expected_type = if !skip_divs {
            "section"
        } else if is_titled_compilation(div) {
            "compilation"
        } else {
            "chapter"
        };
        match div.attribute("type") {
            Some(t) if t == expected_type => {}
            t => self.warn(
                div,
                format!(
                    "div/@type {}: not kept; export writes `{expected_type}`",
                    t.map_or("missing".to_string(), |t| format!("`{t}`"))
                ),
            ),
        }
        let subtype = if skip_divs {
            None
        } else {
            division_subtype(id)
        };
        match (div.attribute("subtype"), subtype) {
            (None, Some(_)) => self.register_subtypes.push((div, false)),
            (Some(given), Some(expected)) if given == expected => {
                self.register_subtypes.push((div, true));
            }
            (None, None) => {}
            _ => self.warn(div, "div/@subtype: not kept; export writes `index` for persons and terms, `sources` for sources, none otherwise"),
        }
        if let Some(range) = self.given_range(div) {
            heading.meta.push(range_line(&range));
        }
        Scope {
            kind: ScopeKind::Division,
            heading,
            blocks,
            sections,
            notes: ctx.notes,
            trailing_pages: Vec::new(),
        }
    }

    // ----- blocks ---------------------------------------------------------

    fn block(&mut self, node: Node<'a, 'i>, ctx: &mut Ctx, out: &mut Vec<Blk>) {
        if node.is_text() {
            let inls = trim(vec![Inl::Text(fold(node.text().unwrap_or("")))]);
            if !inls.is_empty() {
                out.push(Blk::Para(inls));
            }
            return;
        }
        if !node.is_element() {
            return;
        }
        let name = node.tag_name().name();
        let tei = node.tag_name().namespace() == Some(super::xml_in::TEI_NS);
        match name {
            "p" | "ab" if tei => {
                let first = out.len();
                self.flow(node, ctx, out);
                if let Some(rend) = node.attribute("rend") {
                    // The style goes with the paragraph's first part, where a
                    // list or table inside it splits it.
                    let first_para = match out.get_mut(first) {
                        Some(Blk::Para(inls)) if name == "p" && is_style_name(rend) => {
                            Some(std::mem::take(inls))
                        }
                        _ => None,
                    };
                    match first_para {
                        Some(inls) => out[first] = Blk::Styled(rend.to_string(), inls),
                        None => self.warn(node, format!("{name}/@rend `{rend}`: not kept")),
                    }
                }
            }
            "postscript" if tei => self.postscript(node, ctx, out),
            "list" if tei => self.list(node, ctx, out),
            "quote" if tei => self.quote(node, ctx, out),
            "closer" if tei => self.closer(node, ctx, out),
            "pb" if tei => {
                if let Some(n) = self.page(node) {
                    out.push(Blk::Page(n));
                }
            }
            "table" if tei => self.table(node, ctx, out),
            "figure" if tei => self.figure(node, ctx, out),
            "gap" if tei => {
                let mut para = Vec::new();
                self.gap(node, &mut para);
                out.push(Blk::Para(para));
            }
            "lb" | "milestone" | "anchor" if tei => {}
            _ => {
                let blockish = node.children().any(|c| is_block_element(c));
                if blockish {
                    self.warn(
                        node,
                        format!("<{name}>: not represented; its content is written as blocks"),
                    );
                    for c in node.children() {
                        self.block(c, ctx, out);
                    }
                } else {
                    self.warn(
                        node,
                        format!("<{name}> between blocks: written as a paragraph"),
                    );
                    self.flow(node, ctx, out);
                }
            }
        }
    }

    /// A paragraph; block elements inside it (lists, block quotes, tables)
    /// split it.
    fn flow(&mut self, node: Node<'a, 'i>, ctx: &mut Ctx, out: &mut Vec<Blk>) {
        let mut cur = Vec::new();
        for child in node.children() {
            if is_block_element(child) {
                flush_para(&mut cur, out);
                let name = child.tag_name().name().to_string();
                let parent = node.tag_name().name().to_string();
                self.warn(
                    child,
                    format!("<{name}> inside <{parent}>: the paragraph is split around it"),
                );
                self.block(child, ctx, out);
            } else {
                self.inline(child, ctx, &mut cur);
            }
        }
        flush_para(&mut cur, out);
    }

    fn list(&mut self, node: Node<'a, 'i>, ctx: &mut Ctx, out: &mut Vec<Blk>) {
        let head = node.children().find(|c| is_tei(*c, "head"));
        let mut head_text = String::new();
        if let Some(h) = head {
            let inls = trim(self.inlines(h, ctx));
            head_text = plain(&inls);
            if !inls.is_empty() {
                out.push(Blk::Para(inls));
            }
        }
        let list_type = node.attribute("type");
        let register = matches!(list_type, Some("names" | "terms"));
        // The type is a style of the list's first item, `- {.sources} …`,
        // unless the head says it; a register's plain items carry it so
        // that the export keeps them in the register's list.
        let style = match list_type {
            Some(t) if !is_style_name(t) => {
                self.warn(node, format!("list/@type `{t}`: not kept"));
                None
            }
            Some(t) if !register && list_type_for_head(&head_text) == Some(t) => None,
            other => other.map(str::to_string),
        };
        let typed = |mut items: Vec<Item>| {
            if let Some(first) = items.first_mut() {
                first.style.clone_from(&style);
            }
            Blk::List(items)
        };
        let mut items: Vec<Item> = Vec::new();
        let mut label: Option<(String, Node)> = None;
        let mut pending_pages: Vec<String> = Vec::new();
        for child in node.children().filter(|n| significant(*n)) {
            if is_tei(child, "head") {
                continue;
            }
            if is_tei(child, "label") {
                label = Some((label_text(child), child));
                continue;
            }
            if is_tei(child, "pb") {
                let Some(n) = self.page(child) else {
                    continue;
                };
                if items.is_empty() {
                    out.push(Blk::Page(n));
                } else {
                    pending_pages.push(n);
                }
                continue;
            }
            if is_tei(child, "item") && label.is_none() {
                if let Some(entry) = self.entry(child, ctx) {
                    if !items.is_empty() {
                        out.push(typed(std::mem::take(&mut items)));
                    }
                    for p in pending_pages.drain(..) {
                        out.push(Blk::Page(p));
                    }
                    out.push(entry);
                    continue;
                }
            }
            if !is_tei(child, "item") {
                let name = if child.is_element() {
                    format!("<{}>", child.tag_name().name())
                } else {
                    "text".to_string()
                };
                self.warn(child, format!("{name} in a list: written as an item"));
            }
            let start = items.len();
            self.item(child, label.take(), ctx, &mut items);
            if let Some(first) = items.get_mut(start) {
                if !pending_pages.is_empty() {
                    let pages: Vec<Inl> = pending_pages.drain(..).map(Inl::Page).collect();
                    match first.paras.first_mut() {
                        Some(p) => {
                            let mut with = pages;
                            with.push(Inl::Text(" ".into()));
                            with.append(p);
                            *p = with;
                        }
                        None => first.paras.push(pages),
                    }
                }
            }
        }
        if let Some((_, l)) = label {
            self.warn(l, "list <label> without an <item>: written as an item");
            let text = fold(&text_of(l)).trim().to_string();
            items.push(Item {
                depth: 0,
                style: None,
                label: None,
                paras: vec![vec![Inl::Text(text)]],
            });
        }
        if !pending_pages.is_empty() {
            match items.last_mut().and_then(|i| i.paras.last_mut()) {
                Some(p) => {
                    for n in pending_pages.drain(..) {
                        p.push(Inl::Text(" ".into()));
                        p.push(Inl::Page(n));
                    }
                }
                None => out.extend(pending_pages.drain(..).map(Blk::Page)),
            }
        }
        if !items.is_empty() {
            out.push(typed(items));
        }
    }

    /// An item and, after it, the items of lists nested in it.
    fn item(
        &mut self,
        node: Node<'a, 'i>,
        label: Option<(String, Node)>,
        ctx: &mut Ctx,
        items: &mut Vec<Item>,
    ) {
        let mut label_text = None;
        let mut prefix = Vec::new();
        if let Some((text, l)) = label {
            if is_markup_label(&text) {
                label_text = Some(text);
            } else if !text.is_empty() {
                self.warn(
                    l,
                    format!("list label `{text}` is not a label form of the markup (`1.`, `a.`, `iv.`, `1)`, `a)`, `(1)`, `(a)`): written as text"),
                );
                prefix.push(Inl::Text(format!("{text} ")));
            }
        }
        let mut blocks = Vec::new();
        if node.is_text() {
            self.block(node, ctx, &mut blocks);
        } else {
            let mut cur = prefix;
            for child in node.children() {
                if is_block_element(child) || is_tei(child, "p") {
                    flush_para(&mut cur, &mut blocks);
                    if !is_tei(child, "list") && !is_tei(child, "p") {
                        let name = child.tag_name().name().to_string();
                        self.warn(
                            child,
                            format!("<{name}> inside an item: written as paragraphs of the item"),
                        );
                    }
                    self.block(child, ctx, &mut blocks);
                } else {
                    self.inline(child, ctx, &mut cur);
                }
            }
            flush_para(&mut cur, &mut blocks);
        }
        // The item, then the items of lists nested in it; text after a
        // nested list is an item of its own.
        let mut current = Item {
            depth: 0,
            style: None,
            label: label_text,
            paras: Vec::new(),
        };
        let mut pushed_first = false;
        for b in blocks {
            match b {
                Blk::List(nested) => {
                    if !pushed_first || !current.paras.is_empty() {
                        let empty = Item {
                            depth: 0,
                            style: None,
                            label: None,
                            paras: Vec::new(),
                        };
                        items.push(std::mem::replace(&mut current, empty));
                        pushed_first = true;
                    }
                    items.extend(nested.into_iter().map(|mut i| {
                        i.depth += 1;
                        i
                    }));
                }
                other => current.paras.extend(block_paras(other)),
            }
        }
        if pushed_first && !current.paras.is_empty() {
            self.warn(
                node,
                "text after the list nested in an item: written as an item of its own",
            );
        }
        if !pushed_first || !current.paras.is_empty() {
            items.push(current);
        }
    }

    /// `<item><hi rend="strong"><persName xml:id="p_X">Name</persName>,</hi> …`,
    /// or the older `<item><persName xml:id="p_X">Name</persName>, …` with
    /// no bold around the name (written bold too; the volume's `Entries:`
    /// line says how its TEI has them).
    fn entry(&mut self, item: Node<'a, 'i>, ctx: &mut Ctx) -> Option<Blk> {
        let mut kids = item.children().filter(|n| significant(*n));
        let first = kids.next()?;
        let bold = is_tei(first, "hi") && first.attribute("rend") == Some("strong");
        let named = if bold {
            first.children().find(|n| significant(*n))?
        } else {
            first
        };
        let person = is_tei(named, "persName");
        if !(person || is_tei(named, "term")) {
            return None;
        }
        let tei_id = xml_id(named)?;
        let mut sep = String::new();
        let mut aliases = Vec::new();
        if bold {
            // `<term xml:id="t_ARA_1">ARA</term> or <term xml:id="t_ARALA_1">ARA/LA</term>,`
            let mut between = String::new();
            for rest in first.children().skip_while(|n| *n != named).skip(1) {
                if rest.is_text() {
                    between.push_str(rest.text().unwrap_or(""));
                    continue;
                }
                if !significant(rest) {
                    continue;
                }
                let folded = fold(&between);
                // Anything else in the bold part: no entry the markup writes.
                let alias_id = xml_id(rest)
                    .filter(|_| rest.tag_name() == named.tag_name())
                    .filter(|_| matches!(folded.trim(), "" | "or" | "and"))?;
                let id = if person {
                    ids::person_from_tei(alias_id)?.to_string()
                } else {
                    self.terms
                        .get(alias_id)
                        .cloned()
                        .unwrap_or_else(|| alias_id.to_string())
                };
                let joiner = match folded.trim() {
                    "" => " ".to_string(),
                    word => format!(" {word} "),
                };
                let name = trim(self.inlines(rest, ctx));
                aliases.push(Alias { joiner, id, name });
                between.clear();
            }
            sep = between;
        }
        let sep = fold(&sep).trim().to_string();
        if sep.contains(' ') {
            self.warn(first, "register entry whose bold part goes on after the name with spaces: the bold part ends at the first space on export");
        }
        let name = trim(self.inlines(named, ctx));
        let mut rest = Vec::new();
        let mut after = false;
        for c in item.children() {
            if c == first {
                after = true;
                continue;
            }
            if after {
                self.inline(c, ctx, &mut rest);
            }
        }
        let mut rest = trim(rest);
        let mut sep = sep;
        self.entries.push((named, bold));
        if !bold {
            // `</persName>, Ambassador…`: the comma is the separator.
            if let Some(Inl::Text(t)) = rest.first_mut() {
                let punct: String = t.chars().take_while(|c| ",.;:".contains(*c)).collect();
                if !punct.is_empty() {
                    sep = punct.clone();
                    t.drain(..punct.len());
                }
            }
            rest = trim(rest);
        }
        let rest = trim(rest);
        if person {
            let id = match ids::person_from_tei(tei_id) {
                Some(id) => id.to_string(),
                None => {
                    let id = ids::plain_id(tei_id).unwrap_or_else(|| "P".to_string());
                    self.warn(named, format!("person id `{tei_id}` does not begin with `p_`: written as `{id}`, exported as `p_{id}`"));
                    id
                }
            };
            Some(Blk::Person(Entry {
                id,
                name: Some(name),
                aliases,
                sep,
                rest,
            }))
        } else {
            let id = self
                .terms
                .get(tei_id)
                .cloned()
                .unwrap_or_else(|| tei_id.to_string());
            let name = if plain(&name) == id && sep == "," && name.len() == 1 && aliases.is_empty()
            {
                None
            } else {
                Some(name)
            };
            Some(Blk::Term(Entry {
                id,
                name,
                aliases,
                sep,
                rest,
            }))
        }
    }

    fn quote(&mut self, node: Node<'a, 'i>, ctx: &mut Ctx, out: &mut Vec<Blk>) {
        match node.attribute("rend") {
            None | Some("blockquote") => {}
            Some(r) => self.warn(node, format!("quote/@rend `{r}`: not kept")),
        }
        let mut blocks = Vec::new();
        self.flow_quiet(node, ctx, &mut blocks);
        let mut paras = Vec::new();
        for b in blocks {
            paras.extend(block_paras(b));
        }
        if !paras.is_empty() {
            out.push(Blk::Quote(paras));
        }
    }

    /// Like `flow`, for containers whose paragraphs are `p` children.
    fn flow_quiet(&mut self, node: Node<'a, 'i>, ctx: &mut Ctx, out: &mut Vec<Blk>) {
        let mut cur = Vec::new();
        for child in node.children() {
            if is_tei(child, "p") {
                flush_para(&mut cur, out);
                self.flow(child, ctx, out);
            } else if is_block_element(child) {
                flush_para(&mut cur, out);
                self.block(child, ctx, out);
            } else {
                self.inline(child, ctx, &mut cur);
            }
        }
        flush_para(&mut cur, out);
    }

    /// Notes how an attachment's dateline is encoded, for the volume's
    /// `Datelines:` line.
    fn count_dateline(&mut self, dateline: Node, style: String) {
        // The node again, with the lifetime of the document.
        if let Some(node) = self.doc.get_node(dateline.id()) {
            self.datelines.push((node, style));
        }
    }

    /// Notes how a signature is encoded, for the volume's `Signatures:` line.
    fn signature(&mut self, signed: Node, bold: bool) {
        // The node again, with the lifetime of the document.
        if let Some(node) = self.doc.get_node(signed.id()) {
            self.signatures.push((node, bold));
        }
    }

    /// `<gap quantity="1" unit="pages"/>` → `[Gap: quantity=1 unit=pages]`.
    fn gap(&mut self, node: Node, out: &mut Vec<Inl>) {
        let attributes = self.bracket_attributes(node);
        if node.children().any(significant) {
            self.warn(node, "the content of a gap: not kept");
        }
        out.push(Inl::Gap(attributes));
    }

    /// The attributes of an element written as `name=value` words in
    /// brackets (`gap`, `graphic`); one whose value has spaces or brackets,
    /// or that has a namespace, is reported.
    fn bracket_attributes(&mut self, node: Node) -> Vec<(String, String)> {
        let mut attributes = Vec::new();
        for attr in node.attributes() {
            let value = attr.value().trim();
            let plain = !value.is_empty()
                && !value.contains(|c: char| c.is_whitespace() || c == '[' || c == ']');
            let name_ok = attr.name().starts_with(|c: char| c.is_ascii_lowercase())
                && attr.name().chars().all(|c| c.is_ascii_alphanumeric());
            if plain && name_ok && attr.namespace().is_none() {
                attributes.push((attr.name().to_string(), value.to_string()));
            } else {
                self.warn(
                    node,
                    format!(
                        "{}/@{}: not kept (a value with spaces or brackets)",
                        node.tag_name().name(),
                        attr.name()
                    ),
                );
            }
        }
        attributes
    }

    /// `<figure><graphic url="ch1fig1"/><head>Map of Laos</head></figure>` →
    /// `[Figure: url=ch1fig1] Map of Laos`, a paragraph of its own; what else
    /// the figure holds follows it as paragraphs (reported).
    fn figure(&mut self, node: Node<'a, 'i>, ctx: &mut Ctx, out: &mut Vec<Blk>) {
        let mut graphic = None;
        let mut head = Vec::new();
        let mut rest = Vec::new();
        for c in node.children().filter(|n| significant(*n)) {
            if is_tei(c, "graphic") && graphic.is_none() {
                graphic = Some(self.bracket_attributes(c));
                if c.children().any(significant) {
                    self.warn(c, "the content of a graphic: not kept");
                }
            } else if is_tei(c, "head") && head.is_empty() {
                head = trim(self.inlines(c, ctx));
            } else {
                let name = if c.is_element() {
                    format!("<{}>", c.tag_name().name())
                } else {
                    "text".to_string()
                };
                self.warn(
                    c,
                    format!("{name} in a figure: written as paragraphs after it"),
                );
                self.flow(c, ctx, &mut rest);
            }
        }
        match graphic {
            Some(attributes) => {
                let mut para = vec![Inl::Figure(attributes)];
                if !head.is_empty() {
                    para.push(Inl::Text(" ".into()));
                    para.extend(head);
                }
                out.push(Blk::Para(para));
            }
            None => {
                self.warn(
                    node,
                    "<figure> without a graphic: its caption is a paragraph",
                );
                if !head.is_empty() {
                    out.push(Blk::Para(head));
                }
            }
        }
        out.extend(rest);
    }

    /// Its paragraphs are paragraphs styled `{.postscript}`.
    fn postscript(&mut self, node: Node<'a, 'i>, ctx: &mut Ctx, out: &mut Vec<Blk>) {
        for attr in node.attributes() {
            self.warn(node, format!("postscript/@{}: not kept", attr.name()));
        }
        for child in node.children().filter(|n| significant(*n)) {
            let first = out.len();
            if is_tei(child, "p") {
                if let Some(rend) = child.attribute("rend") {
                    self.warn(child, format!("postscript/p/@rend `{rend}`: not kept"));
                }
                self.flow(child, ctx, out);
                for b in &mut out[first..] {
                    if let Blk::Para(inls) = b {
                        *b = Blk::Styled(view::POSTSCRIPT.to_string(), std::mem::take(inls));
                    }
                }
            } else {
                let name = child.tag_name().name().to_string();
                self.warn(
                    child,
                    format!("<{name}> in a postscript: written after its paragraphs"),
                );
                self.block(child, ctx, out);
            }
        }
    }

    fn closer(&mut self, node: Node<'a, 'i>, ctx: &mut Ctx, out: &mut Vec<Blk>) {
        let kids: Vec<Node> = node.children().filter(|n| significant(*n)).collect();
        // Salutations (`Sincerely yours,`) and datelines before the
        // signature are paragraphs styled `{.salute}` and `{.dateline}`
        // before it; datelines after it, `{.dateline}` paragraphs after it.
        let part = |k: &Node| is_tei(*k, "salute") || is_tei(*k, "dateline");
        let before = kids.iter().take_while(|k| part(k)).count();
        if let [signed, after @ ..] = &kids[before..] {
            if is_tei(*signed, "signed") && after.iter().all(|k| is_tei(*k, "dateline")) {
                let mut signature = Vec::new();
                if self.signed(*signed, ctx, &mut signature) {
                    for k in &kids[..before] {
                        let b = self.closer_part(*k, ctx);
                        out.push(b);
                    }
                    out.extend(signature);
                    for k in after {
                        let b = self.closer_part(*k, ctx);
                        out.push(b);
                    }
                    return;
                }
            }
        }
        self.warn(
            node,
            "<closer> other than one <signed> in bold: written as paragraphs",
        );
        for k in kids {
            self.flow(k, ctx, out);
        }
    }

    /// A `salute` or `dateline` of a closer: a paragraph styled `{.salute}`
    /// or `{.dateline}`. The dateline's date is read from its text again by
    /// the export; a `date/@when` that says more is reported.
    fn closer_part(&mut self, node: Node<'a, 'i>, ctx: &mut Ctx) -> Blk {
        let name = node.tag_name().name();
        for attr in node.attributes() {
            self.warn(node, format!("{name}/@{}: not kept", attr.name()));
        }
        let was = std::mem::replace(&mut self.in_dateline, name == "dateline");
        let inls = trim(self.inlines(node, ctx));
        self.in_dateline = was;
        if name != "dateline" {
            return Blk::Styled(view::SALUTE.to_string(), inls);
        }
        let derived = crate::facts::date::parse_dateline(&plain(&inls)).map(|d| d.iso());
        for date in node.descendants().filter(|n| is_tei(*n, "date")) {
            let when = date.attribute("when");
            if when.is_some() && when != derived.as_deref() {
                self.warn(
                    date,
                    format!(
                        "closer/dateline/date/@when `{}` is not what its text reads as: not kept",
                        when.unwrap_or_default()
                    ),
                );
            }
            for attr in date
                .attributes()
                .filter(|a| !matches!(a.name(), "when" | "calendar"))
            {
                self.warn(
                    date,
                    format!("closer/dateline/date/@{}: not kept", attr.name()),
                );
            }
        }
        Blk::Styled(view::DATELINE.to_string(), inls)
    }

    /// A `signed` the markup writes as a signature paragraph: pushed to
    /// `out`, or false.
    fn signed(&mut self, signed: Node<'a, 'i>, ctx: &mut Ctx, out: &mut Vec<Blk>) -> bool {
        let inner: Vec<Node> = signed.children().filter(|n| significant(*n)).collect();
        // The name in bold (maybe a person's, `persName/hi`), and the notes
        // on it (`Printed from a copy that bears this typed signature.`).
        let bold = |n: Node| is_tei(n, "hi") && n.attribute("rend") == Some("strong");
        let named_bold = |n: Node| {
            is_tei(n, "persName")
                && matches!(
                    n.children().filter(|c| significant(*c)).collect::<Vec<_>>().as_slice(),
                    [hi] if bold(*hi)
                )
        };
        if let [first, notes @ ..] = inner.as_slice() {
            if (bold(*first) || named_bold(*first)) && notes.iter().all(|n| is_tei(*n, "note")) {
                self.signature(signed, true);
                let mut para = Vec::new();
                if bold(*first) {
                    let content = trim(self.inlines(*first, ctx));
                    para.push(Inl::Hi(Rend::Strong, content));
                } else {
                    self.inline(*first, ctx, &mut para);
                }
                for n in notes {
                    self.note(*n, ctx, &mut para);
                }
                out.push(Blk::Para(para));
                return true;
            }
        }
        // Older volumes sign in plain text or small capitals
        // (`<signed>J. R. JONES.</signed>`): a signature all the same,
        // which the markup writes as its one bold last paragraph.
        let bold_inside = signed
            .descendants()
            .any(|n| is_tei(n, "hi") && n.attribute("rend") == Some("strong"));
        let blocks_inside = signed
            .descendants()
            .any(|n| is_tei(n, "p") || is_tei(n, "list") || is_tei(n, "lb"));
        if !bold_inside && !blocks_inside {
            let content = trim(self.inlines(signed, ctx));
            if !content.is_empty() {
                self.signature(signed, false);
                out.push(Blk::Para(vec![Inl::Hi(Rend::Strong, content)]));
                return true;
            }
        }
        false
    }

    fn table(&mut self, node: Node<'a, 'i>, ctx: &mut Ctx, out: &mut Vec<Blk>) {
        let mut rows = Vec::new();
        for child in node.children().filter(|n| significant(*n)) {
            if is_tei(child, "row") {
                rows.push(self.row(child, ctx));
            } else if is_tei(child, "head") && rows.is_empty() {
                // The caption, `Table: …` right before the table.
                let head = trim(self.inlines(child, ctx));
                out.push(Blk::Caption(head));
            } else if is_tei(child, "head") {
                out.push(Blk::Table(std::mem::take(&mut rows)));
                self.warn(
                    child,
                    "table/head after a row: written as a paragraph after the rows before it",
                );
                self.flow(child, ctx, out);
            } else {
                let name = child.tag_name().name().to_string();
                self.warn(
                    child,
                    format!("<{name}> in a table: written as a paragraph after it"),
                );
                if !rows.is_empty() {
                    out.push(Blk::Table(std::mem::take(&mut rows)));
                }
                self.block(child, ctx, out);
            }
        }
        // The size is what the export derives from the rows.
        let (cols, count) = (table_width(&rows), rows.len());
        for a in node.attributes() {
            let derived = match a.name() {
                "cols" => Some(cols),
                "rows" => Some(count),
                _ => None,
            };
            if derived.map(|d| d.to_string()).as_deref() != Some(a.value().trim()) {
                self.warn(
                    node,
                    format!("table/@{} `{}`: not kept", a.name(), a.value()),
                );
            }
        }
        if !rows.is_empty() {
            out.push(Blk::Table(rows));
        }
    }

    fn row(&mut self, node: Node<'a, 'i>, ctx: &mut Ctx) -> Row {
        let label = match node.attribute("role") {
            None | Some("data") => false,
            Some("label") => true,
            Some(other) => {
                self.warn(node, format!("row/@role `{other}`: not kept"));
                false
            }
        };
        let mut cells = Vec::new();
        for cell in node.children().filter(|n| significant(*n)) {
            if !is_tei(cell, "cell") {
                let name = cell.tag_name().name().to_string();
                self.warn(cell, format!("<{name}> in a row: written as a cell"));
            }
            let span = |name: &str| {
                cell.attribute(name)
                    .and_then(|v| v.trim().parse::<usize>().ok())
                    .filter(|n| *n >= 1)
            };
            let role = cell
                .attribute("role")
                .filter(|r| is_style_name(r))
                .map(str::to_string);
            for a in cell.attributes() {
                let kept = match a.name() {
                    "cols" | "rows" => span(a.name()).is_some(),
                    "role" => role.is_some(),
                    _ => false,
                };
                if !kept {
                    self.warn(
                        cell,
                        format!("cell/@{} `{}`: not kept", a.name(), a.value()),
                    );
                }
            }
            let mut content = Vec::new();
            for c in cell.children() {
                if is_block_element(c) || is_tei(c, "p") {
                    self.warn(c, "a block inside a cell: its text is written in the cell");
                    let mut blocks = Vec::new();
                    self.block(c, ctx, &mut blocks);
                    for p in blocks.into_iter().flat_map(block_paras) {
                        push_text(&mut content, " ");
                        content.extend(p);
                    }
                } else {
                    self.inline(c, ctx, &mut content);
                }
            }
            cells.push(Cell {
                role,
                cols: span("cols").unwrap_or(1),
                rows: span("rows").unwrap_or(1),
                content: trim(content),
            });
        }
        Row { label, cells }
    }

    // ----- inline content ---------------------------------------------------

    fn inlines(&mut self, node: Node<'a, 'i>, ctx: &mut Ctx) -> Vec<Inl> {
        let mut out = Vec::new();
        for c in node.children() {
            self.inline(c, ctx, &mut out);
        }
        out
    }

    fn inline(&mut self, node: Node<'a, 'i>, ctx: &mut Ctx, out: &mut Vec<Inl>) {
        if node.is_text() {
            push_text(out, &fold(node.text().unwrap_or("")));
            return;
        }
        if !node.is_element() {
            return;
        }
        let name = node.tag_name().name();
        let tei = node.tag_name().namespace() == Some(super::xml_in::TEI_NS);
        if !tei {
            self.keep_text(
                node,
                ctx,
                out,
                format!("<{name}> (not TEI) in running text: not represented; its text is kept"),
            );
            return;
        }
        match name {
            "hi" => match node.attribute("rend") {
                Some("italic") => self.wrap(node, ctx, out, |c| Inl::Hi(Rend::Italic, c)),
                Some("strong") => self.wrap(node, ctx, out, |c| Inl::Hi(Rend::Strong, c)),
                Some(rend) if is_style_name(rend) => {
                    let rend = rend.to_string();
                    self.wrap(node, ctx, out, |c| Inl::Styled(rend, c))
                }
                rend => {
                    self.keep_text(
                        node,
                        ctx,
                        out,
                        format!(
                            "hi/@rend {}: not represented; its text is kept",
                            rend.map_or("missing".to_string(), |r| format!("`{r}`"))
                        ),
                    );
                }
            },
            "persName" => {
                let role = self.role(node);
                let id = match node.attribute("corresp") {
                    None => Some(None),
                    Some(c) => c
                        .strip_prefix('#')
                        .and_then(ids::person_from_tei)
                        .map(|id| Some(id.to_string())),
                };
                match id {
                    Some(id) => self.wrap(node, ctx, out, |content| {
                        Inl::Person(Tag { id, role }, content)
                    }),
                    None => {
                        let c = node.attribute("corresp").unwrap_or("");
                        self.keep_text(node, ctx, out, format!("persName/@corresp `{c}` is not a person id (`#p_…`): its text is kept"));
                    }
                }
            }
            "gloss" => {
                let role = self.role(node);
                let id = match node.attribute("target") {
                    None => Some(None),
                    Some(target) => match target.strip_prefix('#') {
                        Some(t) => {
                            let id = self.terms.get(t).cloned().or_else(|| ids::term_fallback(t));
                            if let Some(id) = &id {
                                if !self.terms.contains_key(t) && ids::term_to_tei(id) != t {
                                    self.warn(node, format!("gloss/@target `#{t}` (not in the terms list) cannot be kept exactly: written as `{id}`"));
                                }
                            }
                            id.map(Some)
                        }
                        None => None,
                    },
                };
                match id {
                    Some(id) => self.wrap(node, ctx, out, |content| {
                        Inl::Term(Tag { id, role }, content)
                    }),
                    None => {
                        let t = node.attribute("target").unwrap_or("");
                        self.keep_text(
                            node,
                            ctx,
                            out,
                            format!(
                                "gloss/@target `{t}` is not a term id (`#t_…`): its text is kept"
                            ),
                        );
                    }
                }
            }
            "ref" => match node.attribute("target") {
                Some(t)
                    if !t.is_empty() && !t.contains(char::is_whitespace) && !t.contains(')') =>
                {
                    let key = self.refs;
                    self.refs += 1;
                    let target = t.to_string();
                    self.wrap(node, ctx, out, |content| Inl::Ref {
                        target,
                        content,
                        key,
                    })
                }
                t => {
                    self.keep_text(
                        node,
                        ctx,
                        out,
                        format!(
                            "ref/@target {}: not one target the markup can hold; the text is kept",
                            t.map_or("missing".to_string(), |t| format!("`{t}`"))
                        ),
                    );
                }
            },
            "note" => self.note(node, ctx, out),
            "pb" => {
                if let Some(n) = self.page(node) {
                    out.push(Inl::Page(n));
                }
            }
            "lb" => out.push(Inl::LineBreak),
            "gap" => self.gap(node, out),
            "placeName" | "date" => {
                if name == "date" && !self.in_dateline {
                    for attribute in ["type", "ana"] {
                        if node.attribute(attribute).is_some() {
                            self.warn(
                                node,
                                format!("date/@{attribute} outside a dateline: not kept"),
                            );
                        }
                    }
                }
                self.content(node, ctx, out);
            }
            _ => {
                let what = if is_block_element(node) || name == "p" {
                    "in running text: its content is kept as text"
                } else {
                    "not represented; its text is kept"
                };
                self.keep_text(node, ctx, out, format!("<{name}> {what}"));
            }
        }
    }

    fn content(&mut self, node: Node<'a, 'i>, ctx: &mut Ctx, out: &mut Vec<Inl>) {
        for c in node.children() {
            self.inline(c, ctx, out);
        }
    }

    /// Wraps an element's content in a construct; white space at the ends of
    /// the content goes outside it (the markup cannot hold it inside).
    fn wrap(
        &mut self,
        node: Node<'a, 'i>,
        ctx: &mut Ctx,
        out: &mut Vec<Inl>,
        make: impl FnOnce(Vec<Inl>) -> Inl,
    ) {
        let content = self.inlines(node, ctx);
        let lead = matches!(content.first(), Some(Inl::Text(t)) if t.starts_with(' '));
        let tail = matches!(content.last(), Some(Inl::Text(t)) if t.ends_with(' '));
        let content = trim(content);
        if lead {
            push_text(out, " ");
        }
        if content.is_empty() {
            let name = node.tag_name().name().to_string();
            self.warn(node, format!("empty <{name}>: not written"));
        } else {
            match (out.last_mut(), make(content)) {
                // `*a**b*` would read as strong: two runs of the same
                // emphasis side by side are one.
                (Some(Inl::Hi(prev, before)), Inl::Hi(rend, more)) if *prev == rend => {
                    for i in more {
                        match (before.last_mut(), i) {
                            (Some(Inl::Text(a)), Inl::Text(b)) => a.push_str(&b),
                            (_, i) => before.push(i),
                        }
                    }
                }
                (_, inl) => out.push(inl),
            }
        }
        // White space that ends an element just before closing punctuation
        // (`vi</hi>\n   </ref>.`) is the XML's indentation: written out, it
        // would read as a space before the punctuation.
        let punctuation_next = node
            .next_sibling()
            .and_then(|n| n.text())
            .and_then(|t| t.chars().next())
            .is_some_and(|c| ".,;:!?)]}".contains(c));
        if tail && !punctuation_next {
            push_text(out, " ");
        }
    }

    fn note(&mut self, node: Node<'a, 'i>, ctx: &mut Ctx, out: &mut Vec<Inl>) {
        if ctx.in_note {
            self.warn(
                node,
                "note inside a note: its text is kept in the outer note",
            );
            push_text(out, " ");
            self.content(node, ctx, out);
            return;
        }
        let n = node.attribute("n").unwrap_or("");
        let mut label = if ids::is_label(n) {
            n.to_string()
        } else {
            let generated = format!("n{}", ctx.notes.len() + 1);
            self.warn(
                node,
                format!(
                    "note/@n `{n}` is not a footnote label of the markup: written as `{generated}`"
                ),
            );
            generated
        };
        // A note printed again (`note[@target='d10fn2']`, a table's notes):
        // a second reference to the first.
        let first_id = ids::note_id(&ctx.scope_id, &label);
        let repeats = node
            .attribute("target")
            .is_some_and(|t| t.trim_start_matches('#') == first_id)
            && xml_id(node).is_none();
        if repeats {
            let text = fold(&text_of(node)).trim().to_string();
            let first = ctx.notes.iter().find(|n| n.label == label).map(|n| {
                n.paras
                    .iter()
                    .map(|p| plain(p))
                    .collect::<Vec<_>>()
                    .join(" ")
            });
            if first.is_some_and(|f| fold(&f).trim() == text) {
                out.push(Inl::NoteRef(label));
                return;
            }
        }
        if ctx.labels.contains(&label) {
            let mut k = 2;
            while ctx.labels.contains(&format!("{label}-{k}")) {
                k += 1;
            }
            let renamed = format!("{label}-{k}");
            self.warn(
                node,
                format!("note number `{label}` used twice in a document: written as `{renamed}`"),
            );
            label = renamed;
        }
        ctx.labels.insert(label.clone());
        let expected_id = ids::note_id(&ctx.scope_id, &label);
        if let Some(id) = xml_id(node) {
            if id != expected_id {
                self.warn(
                    node,
                    format!("note/@xml:id `{id}`: not kept; export writes `{expected_id}`"),
                );
            }
        }
        ctx.in_note = true;
        let mut blocks = Vec::new();
        self.flow_quiet(node, ctx, &mut blocks);
        ctx.in_note = false;
        let mut paras = Vec::new();
        for b in blocks {
            match b {
                Blk::Para(p) => paras.push(p),
                other => {
                    self.warn(node, "list, quotation or page break between the paragraphs of a note: written as paragraphs of the note");
                    paras.extend(block_paras(other));
                }
            }
        }
        let text = paras.first().map(|p| plain(p)).unwrap_or_default();
        let source = text.starts_with("Source:");
        // A type the text does not say is the note's style, `[^1]: {.source} …`.
        let style = match node.attribute("type") {
            None if source => {
                self.warn(
                    node,
                    "note beginning with `Source:` has no @type: exported as note[@type='source']",
                );
                None
            }
            Some("source") if source => None,
            Some(t) if is_style_name(t) => Some(t.to_string()),
            Some(t) => {
                self.warn(node, format!("note/@type `{t}`: not kept"));
                None
            }
            None => None,
        };
        ctx.notes.push(Note {
            label: label.clone(),
            style,
            paras,
        });
        out.push(Inl::NoteRef(label));
    }
}

fn is_frus(node: Node, name: &str) -> bool {
    node.is_element()
        && node.tag_name().name() == name
        && node.tag_name().namespace() == Some(FRUS_NS)
}

/// Elements that stand between paragraphs, not inside them.
fn is_block_element(node: Node) -> bool {
    if !node.is_element() || node.tag_name().namespace() != Some(super::xml_in::TEI_NS) {
        return false;
    }
    match node.tag_name().name() {
        "list" | "table" | "figure" => true,
        "quote" => {
            node.attribute("rend") == Some("blockquote") || node.children().any(|c| is_tei(c, "p"))
        }
        _ => false,
    }
}

/// A rendering or type the markup can write as `{.name}`.
fn is_style_name(value: &str) -> bool {
    value.starts_with(|c: char| c.is_ascii_lowercase())
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

fn flush_para(cur: &mut Vec<Inl>, out: &mut Vec<Blk>) {
    let inls = trim(std::mem::take(cur));
    if !inls.is_empty() {
        out.push(Blk::Para(inls));
    }
}

/// The paragraphs of a block, for places that hold paragraphs only: an item
/// gives its label as text.
fn block_paras(b: Blk) -> Vec<Vec<Inl>> {
    match b {
        Blk::Para(p) | Blk::Styled(_, p) | Blk::Caption(p) => vec![p],
        Blk::Table(rows) => rows
            .into_iter()
            .map(|r| {
                let mut p = Vec::new();
                for c in r.cells {
                    push_text(&mut p, " ");
                    p.extend(c.content);
                }
                trim(p)
            })
            .collect(),
        Blk::Quote(ps) => ps,
        Blk::Page(n) => vec![vec![Inl::Page(n)]],
        Blk::List(items) => items
            .into_iter()
            .flat_map(|i| {
                let label = i.label;
                i.paras.into_iter().enumerate().map(move |(k, mut p)| {
                    if k == 0 {
                        if let Some(l) = &label {
                            p.insert(0, Inl::Text(format!("{l} ")));
                        }
                    }
                    p
                })
            })
            .collect(),
        Blk::Person(e) | Blk::Term(e) => {
            let mut p = e.name.unwrap_or_default();
            p.push(Inl::Text(format!("{} ", e.sep)));
            p.extend(e.rest);
            vec![p]
        }
    }
}

/// The words of a node's text: XML white space folded, trimmed.
pub(super) fn words_of(node: Node) -> String {
    fold(&text_of(node)).trim().to_string()
}

/// All text below a node.
fn text_of(node: Node) -> String {
    node.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect()
}

/// `div[@type='compilation'][@xml:id='comp1']` with a `head`: written as the
/// chapter folder `comp1/`, which the export writes as the compilation.
fn is_titled_compilation(div: Node) -> bool {
    div.attribute("type") == Some("compilation")
        && xml_id(div) == Some(crate::index::layout::COMPILATION_ID)
        && div.children().any(|c| is_tei(c, "head"))
}

/// `dateline/@rendition` (`#right`), where it is one token.
fn rendition(dateline: Node) -> Option<String> {
    dateline
        .attribute("rendition")
        .map(str::trim)
        .filter(|r| !r.is_empty() && !r.contains(char::is_whitespace))
        .map(str::to_string)
}

/// An `opener` the markup reads: a `seg` (`[Telegram]`, `No. 54.]`), a
/// dateline, or a `seg` and then a dateline.
type OpenerParts<'a, 'i> = (Option<Node<'a, 'i>>, Option<Node<'a, 'i>>);

fn opener_parts<'a, 'i>(opener: Node<'a, 'i>) -> Option<OpenerParts<'a, 'i>> {
    if !is_tei(opener, "opener") {
        return None;
    }
    let inside: Vec<Node> = opener.children().filter(|n| significant(*n)).collect();
    let seg = |n: &Node| {
        is_tei(*n, "seg")
            && n.children()
                .all(|c| !c.is_element() || !is_block_element(c))
    };
    match inside.as_slice() {
        [d] if is_tei(*d, "dateline") => Some((None, Some(*d))),
        [s] if seg(s) => Some((Some(*s), None)),
        [s, d] if seg(s) && is_tei(*d, "dateline") => Some((Some(*s), Some(*d))),
        _ => None,
    }
}

/// Are the blocks from `start` on page breaks alone (or none)?
fn only_pages_after(blocks: &[Blk], start: usize) -> bool {
    blocks
        .get(start..)
        .is_some_and(|after| after.iter().all(|b| matches!(b, Blk::Page(_))))
}

/// Moves the page breaks from `start` on to the start of the heading's
/// `Dateline:` line, which the export writes them before.
fn pages_into_dateline(blocks: &mut Vec<Blk>, start: usize, heading: &mut Heading) {
    if start >= blocks.len() {
        return;
    }
    let Some((_, value)) = heading.meta.iter_mut().rev().find(|(k, _)| k == "Dateline") else {
        return;
    };
    let pages = take_pages(blocks, start).into_iter().map(Inl::Page);
    // A space sets the break apart from the place, as a reader expects; the
    // export writes the break before the dateline, without it.
    value.splice(0..0, pages.chain([Inl::Text(" ".to_string())]));
}

/// The page breaks among the blocks from `start` on, taken out with them.
fn take_pages(blocks: &mut Vec<Blk>, start: usize) -> Vec<String> {
    blocks
        .drain(start.min(blocks.len())..)
        .filter_map(|b| match b {
            Blk::Page(n) => Some(n),
            _ => None,
        })
        .collect()
}

/// `note[@type='source'][@rend='inline']`: a source note printed as a line
/// of its own, as volumes before the 1950s have them.
fn is_inline_source(node: Node) -> bool {
    is_tei(node, "note")
        && node.attribute("type") == Some("source")
        && node.attribute("rend") == Some("inline")
}

/// The value most of `items` have; the first of those that tie.
fn most_common<T: PartialEq + Clone>(items: &[T]) -> Option<T> {
    let mut best: Option<(&T, usize)> = None;
    for item in items {
        let count = items.iter().filter(|i| *i == item).count();
        if best.is_none_or(|(_, c)| count > c) {
            best = Some((item, count));
        }
    }
    best.map(|(t, _)| t.clone())
}

/// `pb/@n` where the markup can write it: arabic or roman, in brackets
/// for a page the volume does not number (`[XIV]`), or `[]`; lettered
/// (`A1`).
fn page_number<'a>(pb: Node<'a, '_>) -> Option<&'a str> {
    let n = pb.attribute("n")?.trim();
    let inner = n
        .strip_prefix('[')
        .and_then(|i| i.strip_suffix(']'))
        .unwrap_or(n);
    let bracketed = inner.len() != n.len();
    let readable = inner.is_empty() && bracketed
        || !inner.is_empty()
            && (inner.bytes().all(|b| b.is_ascii_digit())
                || inner.chars().all(|c| "IVXLCDMivxlcdm".contains(c))
                || !bracketed && crate::facts::lettered_page(inner).is_some());
    readable.then_some(n)
}
