//! The importer's model → markup text, wrapped at 100 columns, and checked
//! by parsing it back: a reference written as plain prose must be read by
//! the grammar as a reference to the same target, or it is written as an
//! explicit reference instead.

use super::escape;
use super::ids;
use super::import::{plain, Volume};
use super::model::*;
use crate::syntax::view::TABLE_CAPTION;
use std::collections::HashSet;
use std::ops::Range;

/// Lines are wrapped at this many characters where a space allows.
pub const WIDTH: usize = 100;

/// Marks a space that must not become a line break (`[Page 730]`).
const NBSP: char = '\u{FDD0}';
/// Mark the start and end of a reference written as prose.
const REF_OPEN: char = '\u{FDD1}';
const REF_CLOSE: char = '\u{FDD2}';
/// A line break: a word of its own, which `wrap` and `line_inls` end the
/// line at.
const LINE_BREAK: char = '\u{FDD3}';

/// What a file's text must hold when the grammar reads it back.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Expect {
    pub footnote_refs: usize,
    pub footnotes: usize,
    pub page_breaks: usize,
    pub person_mentions: usize,
    pub term_mentions: usize,
    pub explicit_refs: usize,
    pub persons: usize,
    pub terms: usize,
    pub documents: usize,
    pub divisions: usize,
    pub sections: usize,
}

/// A reference written as prose: where it is and what it must mean.
#[derive(Debug, Clone)]
pub struct PlainRef {
    pub key: usize,
    pub range: Range<usize>,
    pub target: String,
    pub scope_id: String,
}

#[derive(Debug)]
pub struct Rendered {
    pub text: String,
    pub plain_refs: Vec<PlainRef>,
    pub expect: Expect,
    /// Things that could not be written as they are.
    pub notes: Vec<String>,
}

struct Writer<'a> {
    explicit: &'a HashSet<usize>,
    safe: bool,
    out: String,
    refs: Vec<(usize, String, String)>,
    expect: Expect,
    scope_id: String,
    notes: Vec<String>,
    /// Writing a table cell: a `|` in the text is escaped.
    in_cell: bool,
}

/// The markup of `volume.emd`.
pub fn volume_file(volume: &Volume) -> String {
    let title = if volume.title.is_empty() {
        volume.id.as_str()
    } else {
        volume.title.as_str()
    };
    let mut w = Writer::new(&EMPTY, false);
    let mut out = format!("# {}\nVolume: {}\n", w.single_line(title), volume.id);
    if !volume.editors.is_empty() {
        out.push_str(&format!(
            "Editors: {}\n",
            w.single_line(&volume.editors.join("; "))
        ));
    }
    for (key, value) in &volume.conventions {
        out.push_str(&format!("{key}: {}\n", w.single_line(value)));
    }
    out
}

static EMPTY: std::sync::LazyLock<HashSet<usize>> = std::sync::LazyLock::new(HashSet::new);

/// Writes a file. `explicit` names the refs that must be explicit; `safe`
/// escapes every bracket.
pub fn render(file: &File, explicit: &HashSet<usize>, safe: bool) -> Rendered {
    let mut w = Writer::new(explicit, safe);
    for (i, scope) in file.scopes.iter().enumerate() {
        if i > 0 {
            w.out.push('\n');
        }
        w.scope(scope);
    }
    w.finish()
}

impl<'a> Writer<'a> {
    fn new(explicit: &'a HashSet<usize>, safe: bool) -> Writer<'a> {
        Writer {
            explicit,
            safe,
            out: String::new(),
            refs: Vec::new(),
            expect: Expect::default(),
            scope_id: String::new(),
            notes: Vec::new(),
            in_cell: false,
        }
    }

    fn single_line(&mut self, s: &str) -> String {
        let mut out = String::new();
        self.inls(&[Inl::Text(s.to_string())], &mut out);
        out.replace(NBSP, " ")
    }

    fn finish(self) -> Rendered {
        let mut text = String::with_capacity(self.out.len());
        let mut plain_refs = Vec::new();
        let mut open: Vec<(usize, usize)> = Vec::new();
        let mut next = 0;
        for c in self.out.chars() {
            match c {
                NBSP => text.push(' '),
                REF_OPEN => {
                    open.push((next, text.len()));
                    next += 1;
                }
                REF_CLOSE => {
                    if let Some((k, start)) = open.pop() {
                        if let Some((key, target, scope_id)) = self.refs.get(k) {
                            plain_refs.push(PlainRef {
                                key: *key,
                                range: start..text.len(),
                                target: target.clone(),
                                scope_id: scope_id.clone(),
                            });
                        }
                    }
                }
                c => text.push(c),
            }
        }
        Rendered {
            text,
            plain_refs,
            expect: self.expect,
            notes: self.notes,
        }
    }

    fn scope(&mut self, scope: &Scope) {
        let title = self.line_inls(&scope.heading.title);
        match &scope.kind {
            ScopeKind::Document { number } => {
                self.expect.documents += 1;
                self.scope_id = id_line(&scope.heading).unwrap_or_else(|| format!("d{number}"));
                if title.is_empty() {
                    self.out.push_str(&format!("# {number}.\n"));
                } else {
                    self.out.push_str(&format!("# {number}. {title}\n"));
                }
            }
            ScopeKind::Division => {
                self.expect.divisions += 1;
                self.scope_id = id_line(&scope.heading).unwrap_or_default();
                let title = escape::escape_division_title(&title);
                self.out.push_str(&format!("# {title}\n"));
            }
        }
        self.meta(&scope.heading);
        self.blocks(&scope.blocks);
        for section in &scope.sections {
            self.expect.sections += 1;
            let title = self.line_inls(&section.heading.title);
            self.out.push_str(&format!("\n## {title}\n"));
            self.meta(&section.heading);
            self.blocks(&section.blocks);
        }
        if !scope.notes.is_empty() {
            self.out.push('\n');
            for note in &scope.notes {
                self.expect.footnotes += 1;
                let label = match &note.style {
                    Some(style) => format!("[^{}]: {{.{style}}} ", note.label),
                    None => format!("[^{}]: ", note.label),
                };
                self.paras(&label, 4, &note.paras);
            }
        }
        for page in &scope.trailing_pages {
            self.expect.page_breaks += 1;
            self.out.push_str(&format!("\n[Page {page}]\n"));
        }
    }

    fn meta(&mut self, heading: &Heading) {
        for (key, value) in &heading.meta {
            let value = self.line_inls(value);
            self.out.push_str(&format!("{key}: {value}\n"));
        }
    }

    /// Inline content on one line (headings, metadata); a line break goes
    /// on on the next line, indented.
    fn line_inls(&mut self, inls: &[Inl]) -> String {
        let mut s = String::new();
        self.inls(inls, &mut s);
        if s.contains(LINE_BREAK) {
            let lines: Vec<&str> = s.split(LINE_BREAK).map(str::trim).collect();
            s = lines.join("\\\n    ");
        }
        s
    }

    fn blocks(&mut self, blocks: &[Blk]) {
        let mut prev: Option<&Blk> = None;
        for b in blocks {
            // Register entries stand on consecutive lines; lists side by side
            // are one list in the markup, written as one.
            let joined = matches!(
                (prev, b),
                (
                    Some(Blk::Person(_) | Blk::Term(_)),
                    Blk::Person(_) | Blk::Term(_)
                ) | (Some(Blk::List(_)), Blk::List(_))
            );
            if !joined {
                self.out.push('\n');
            }
            prev = Some(b);
            match b {
                Blk::Para(p) => {
                    let mut s = String::new();
                    self.inls(p, &mut s);
                    let mut s = escape::escape_block_start(&s);
                    if s.starts_with("• ") || s.starts_with("•\t") {
                        // `•` cannot be escaped (it is no ASCII punctuation);
                        // a no-break space after it is no list item.
                        s.replace_range('•'.len_utf8()..'•'.len_utf8() + 1, "\u{a0}");
                        self.notes.push(
                            "a paragraph begins with `• `, which the markup reads as a list item: the space after it is written as a no-break space"
                                .to_string(),
                        );
                    }
                    wrap("", 0, &s, &mut self.out);
                }
                Blk::Styled(style, p) => {
                    let mut s = String::new();
                    self.inls(p, &mut s);
                    wrap(&format!("{{.{style}}} "), 0, &s, &mut self.out);
                }
                Blk::Table(rows) => self.table(rows),
                Blk::Caption(p) => {
                    let mut s = format!("{TABLE_CAPTION} ");
                    self.inls(p, &mut s);
                    wrap("", 0, s.trim_end(), &mut self.out);
                }
                Blk::Page(n) => {
                    self.expect.page_breaks += 1;
                    self.out.push_str(&format!("[Page {n}]\n"));
                }
                Blk::List(items) => {
                    for item in items {
                        self.item(item);
                    }
                }
                Blk::Quote(paras) => {
                    for p in paras {
                        let mut s = String::new();
                        self.inls(p, &mut s);
                        wrap("> ", 2, &s, &mut self.out);
                    }
                }
                Blk::Person(e) => {
                    self.expect.persons += 1;
                    self.entry(&format!("[@{}]: ", e.id), e);
                }
                Blk::Term(e) => {
                    self.expect.terms += 1;
                    self.entry(&format!("[={}]: ", e.id), e);
                }
            }
        }
    }

    fn item(&mut self, item: &Item) {
        let mut first = String::new();
        if let Some(p) = item.paras.first() {
            self.inls(p, &mut first);
        }
        let pad = "  ".repeat(item.depth);
        let style = match &item.style {
            Some(s) => format!("{{.{s}}} "),
            None => String::new(),
        };
        let prefix = match &item.label {
            Some(l) => format!("{pad}- {style}{l} "),
            None => {
                first = escape::escape_label_start(&first);
                format!("{pad}- {style}")
            }
        };
        if first.is_empty() {
            if item.label.is_none() && item.style.is_none() && item.paras.len() <= 1 {
                return;
            }
            self.out.push_str(prefix.trim_end());
            self.out.push('\n');
        } else {
            wrap(&prefix, pad.len() + 2, &first, &mut self.out);
        }
        let further = " ".repeat(pad.len() + 4);
        for p in item.paras.iter().skip(1) {
            let mut s = String::new();
            self.inls(p, &mut s);
            self.out.push('\n');
            wrap(&further, further.len(), &s, &mut self.out);
        }
    }

    /// One line per row, `| a | b |`; a cell spanning columns is followed by
    /// one more `|` per column; under a cell spanning rows, `^^` holds its
    /// place; a header row is followed by a rule row, `|---|---|`.
    fn table(&mut self, rows: &[Row]) {
        // Per column, the rows the cell above still spans, and its columns.
        let mut below: Vec<(usize, usize)> = Vec::new();
        for row in rows {
            let mut line = String::from("|");
            let mut col = 0;
            let mut cells = row.cells.iter();
            let mut width = 0;
            loop {
                if let Some(&(left, cols)) = below.get(col).filter(|(left, _)| *left > 0) {
                    below[col] = (left - 1, cols);
                    line.push_str(" ^^ |");
                    line.push_str(&"|".repeat(cols.saturating_sub(1)));
                    col += cols.max(1);
                    width += cols.max(1);
                    continue;
                }
                let Some(cell) = cells.next() else {
                    if below.iter().skip(col).any(|(left, _)| *left > 0) {
                        col += 1;
                        continue;
                    }
                    break;
                };
                let mut s = String::new();
                self.in_cell = true;
                self.inls(&cell.content, &mut s);
                self.in_cell = false;
                if s.trim() == "^^"
                    || crate::syntax::view::is_rule_cell(s.trim())
                    || s.starts_with("{.")
                {
                    s.insert(0, '\\');
                }
                if let Some(role) = &cell.role {
                    let sep = if s.is_empty() { "" } else { " " };
                    s.insert_str(0, &format!("{{.{role}}}{sep}"));
                }
                if s.is_empty() {
                    line.push_str(" |");
                } else {
                    line.push(' ');
                    line.push_str(&s);
                    line.push_str(" |");
                }
                line.push_str(&"|".repeat(cell.cols - 1));
                if below.len() < col + cell.cols {
                    below.resize(col + cell.cols, (0, 0));
                }
                below[col] = (cell.rows - 1, cell.cols);
                for b in &mut below[col + 1..col + cell.cols] {
                    *b = (0, 0);
                }
                col += cell.cols;
                width += cell.cols;
            }
            self.out.push_str(&line);
            self.out.push('\n');
            if row.label {
                self.out.push('|');
                for _ in 0..width.max(1) {
                    self.out.push_str("---|");
                }
                self.out.push('\n');
            }
        }
    }

    fn entry(&mut self, prefix: &str, e: &Entry) {
        let mut s = String::new();
        if let Some(name) = &e.name {
            s.push_str("**");
            self.inls(name, &mut s);
            s.push_str("**");
            let person = prefix.starts_with("[@");
            for alias in &e.aliases {
                let tag = Tag {
                    id: Some(alias.id.clone()),
                    role: None,
                };
                let mention = if person {
                    Inl::Person(tag, alias.name.clone())
                } else {
                    Inl::Term(tag, alias.name.clone())
                };
                self.inls(&[Inl::Text(alias.joiner.clone()), mention], &mut s);
            }
            self.inls(&[Inl::Text(e.sep.clone())], &mut s);
        }
        if !e.rest.is_empty() {
            if !s.is_empty() {
                s.push(' ');
            }
            self.inls(&e.rest, &mut s);
        }
        wrap(prefix, 4, &s, &mut self.out);
    }

    /// A definition: the first paragraph after the label, the others
    /// indented by four spaces after a blank line.
    fn paras(&mut self, prefix: &str, indent: usize, paras: &[Vec<Inl>]) {
        let mut first = String::new();
        if let Some(p) = paras.first() {
            self.inls(p, &mut first);
        }
        let first = escape::escape_style_start(&first);
        if first.is_empty() {
            self.out.push_str(prefix.trim_end());
            self.out.push('\n');
        } else {
            wrap(prefix, indent, &first, &mut self.out);
        }
        for p in paras.iter().skip(1) {
            let mut s = String::new();
            self.inls(p, &mut s);
            if !s.is_empty() {
                self.out.push('\n');
                wrap(&" ".repeat(indent), indent, &s, &mut self.out);
            }
        }
    }

    fn inls(&mut self, items: &[Inl], out: &mut String) {
        let keep = if self.safe {
            HashSet::new()
        } else {
            escape::bracket_plan(items)
        };
        for (i, item) in items.iter().enumerate() {
            match item {
                Inl::Text(t) => {
                    for (b, c) in t.char_indices() {
                        match c {
                            '[' | ']' => {
                                if !keep.contains(&(i, b)) {
                                    out.push('\\');
                                }
                                out.push(c);
                            }
                            '\\' => out.push_str("\\\\"),
                            '|' if self.in_cell => out.push_str("\\|"),
                            '*' => out.push_str("\\*"),
                            '^' | '@' | '=' if out.ends_with('[') => {
                                out.push('\\');
                                out.push(c);
                            }
                            NBSP | REF_OPEN | REF_CLOSE => {}
                            c => out.push(c),
                        }
                    }
                }
                Inl::Hi(rend, content) => {
                    let mark = match rend {
                        Rend::Italic => "*",
                        Rend::Strong => "**",
                    };
                    let followed_by_space = match items.get(i + 1) {
                        Some(Inl::Text(t)) => t.starts_with(' '),
                        Some(_) => false,
                        None => true,
                    };
                    if followed_by_space && !emphasis_reads_back(mark, content) {
                        self.notes.push(format!(
                            "emphasis `{mark}{}{mark}` before a space cannot be written (the grammar reads a closing star after a first word `Foreign`, `Document` or `footnote` as text): written without it",
                            plain(content)
                        ));
                        self.inls(content, out);
                    } else {
                        out.push_str(mark);
                        self.inls(content, out);
                        out.push_str(mark);
                    }
                }
                Inl::Styled(style, content) => {
                    out.push('[');
                    self.inls(content, out);
                    out.push_str("]{.");
                    out.push_str(style);
                    out.push('}');
                }
                Inl::Person(tag, content) | Inl::Term(tag, content) => {
                    let person = matches!(item, Inl::Person(..));
                    // Only a mention with an id is one of the register's.
                    if tag.id.is_some() {
                        if person {
                            self.expect.person_mentions += 1;
                        } else {
                            self.expect.term_mentions += 1;
                        }
                    }
                    out.push('[');
                    self.inls(content, out);
                    out.push(']');
                    out.push_str(&tag.braces(if person { '@' } else { '=' }));
                }
                Inl::Ref {
                    target,
                    content,
                    key,
                } => {
                    if !self.explicit.contains(key) && may_be_prose(content) {
                        out.push(REF_OPEN);
                        self.refs
                            .push((*key, target.clone(), self.scope_id.clone()));
                        self.inls(content, out);
                        out.push(REF_CLOSE);
                    } else {
                        self.expect.explicit_refs += 1;
                        out.push('[');
                        self.inls(content, out);
                        out.push_str("](");
                        out.push_str(target);
                        out.push(')');
                    }
                }
                Inl::NoteRef(label) => {
                    self.expect.footnote_refs += 1;
                    out.push_str("[^");
                    out.push_str(label);
                    out.push(']');
                }
                Inl::Page(n) => {
                    self.expect.page_breaks += 1;
                    out.push_str("[Page");
                    out.push(NBSP);
                    out.push_str(n);
                    out.push(']');
                }
                Inl::LineBreak if self.in_cell => {
                    self.notes.push(
                        "a line break in a table cell cannot be written (a row is one line): written as a space".to_string(),
                    );
                    out.push(' ');
                }
                Inl::LineBreak => {
                    out.push(' ');
                    out.push(LINE_BREAK);
                    out.push(' ');
                }
                Inl::Gap(attributes) | Inl::Figure(attributes) => {
                    out.push_str(if matches!(item, Inl::Gap(_)) {
                        "[Gap:"
                    } else {
                        "[Figure:"
                    });
                    for (name, value) in attributes {
                        out.push(NBSP);
                        out.push_str(name);
                        out.push('=');
                        out.push_str(value);
                    }
                    out.push(']');
                }
            }
        }
    }
}

/// Whether `*content*` followed by a space parses as emphasis. Only
/// content that begins with a reference keyword is in doubt; it is tried.
fn emphasis_reads_back(mark: &str, content: &[Inl]) -> bool {
    let Some(Inl::Text(first)) = content.first() else {
        return true;
    };
    let word: String = first
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    if !matches!(
        word.as_str(),
        "Document" | "Documents" | "document" | "documents" | "footnote" | "Footnote" | "Foreign"
    ) {
        return true;
    }
    let mut w = Writer::new(&EMPTY, false);
    let mut probe = String::from(mark);
    w.inls(content, &mut probe);
    probe.push_str(mark);
    probe.push_str(" x\n");
    let probe: String = probe
        .chars()
        .map(|c| if c == NBSP { ' ' } else { c })
        .filter(|c| !matches!(*c, REF_OPEN | REF_CLOSE))
        .collect();
    !crate::syntax::parse(&probe).root_node().has_error()
}

/// A ref may be prose when its content is text that names a document, a
/// footnote or a volume the way the grammar reads them.
fn may_be_prose(content: &[Inl]) -> bool {
    let [Inl::Text(t)] = content else {
        return false;
    };
    t.bytes().any(|b| b.is_ascii_digit())
        && (t.contains("Document")
            || t.contains("document")
            || t.contains("footnote")
            || t.contains("Footnote")
            || t.contains("Foreign Relations"))
        || t.bytes().all(|b| b.is_ascii_digit())
}

/// Wraps `text` after `prefix`, continuation lines indented by `indent`.
/// At the left margin no line may begin with a character that starts a
/// block.
fn wrap(prefix: &str, indent: usize, text: &str, out: &mut String) {
    let visible = |s: &str| {
        s.chars()
            .filter(|c| !matches!(*c, REF_OPEN | REF_CLOSE))
            .count()
    };
    let pad = " ".repeat(indent);
    let mut line = prefix.to_string();
    let mut len = visible(prefix);
    let mut first = true;
    let mut after_break = false;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        if word.starts_with(LINE_BREAK) && word.len() == LINE_BREAK.len_utf8() {
            out.push_str(line.trim_end());
            out.push_str("\\\n");
            line = pad.clone();
            len = indent;
            first = true;
            after_break = true;
            continue;
        }
        // A line after a break that would start a block at the margin is
        // indented instead: the break holds the indentation.
        if after_break
            && indent == 0
            && starts_block_at_margin(word.trim_start_matches([REF_OPEN, REF_CLOSE]))
        {
            line.push_str("    ");
            len += 4;
        }
        after_break = false;
        let w = visible(word);
        if first {
            line.push_str(word);
            len += w;
            first = false;
            continue;
        }
        let starts_block = starts_block_at_margin(word.trim_start_matches([REF_OPEN, REF_CLOSE]));
        // An indented line that begins with a bullet is an item of its own.
        let breaks_block = starts_block && (indent == 0 || matches!(word, "-" | "*" | "•"));
        if len + 1 + w > WIDTH && !breaks_block {
            out.push_str(line.trim_end());
            out.push('\n');
            line = format!("{pad}{word}");
            len = indent + w;
        } else {
            line.push(' ');
            line.push_str(word);
            len += 1 + w;
        }
    }
    out.push_str(line.trim_end());
    out.push('\n');
}

/// Would a line beginning with this word start a block (a heading, a list
/// item, a quotation, a definition)? A bullet is a word of its own.
fn starts_block_at_margin(word: &str) -> bool {
    word.starts_with(['#', '>'])
        || matches!(word, "-" | "*" | "•")
        || word.starts_with("[^")
        || word.starts_with("[@")
        || word.starts_with("[=")
}

/// Checks a rendered file by parsing it: the refs written as prose that
/// the grammar reads otherwise, or a structural difference.
pub fn verify(rendered: &Rendered) -> Result<(), Failure> {
    let tree = crate::syntax::parse_tree(&rendered.text);
    let facts = crate::facts::extract(&tree, &rendered.text);
    if let Some(e) = facts.syntax_errors.first() {
        return Err(Failure::Structure(format!("syntax error: {}", e.message)));
    }
    let got = Expect {
        footnote_refs: facts.footnote_refs.len(),
        footnotes: facts.footnotes.len(),
        page_breaks: facts.page_breaks.len(),
        person_mentions: facts.person_mentions.len(),
        term_mentions: facts.term_mentions.len(),
        explicit_refs: facts.references.iter().filter(|r| r.explicit).count(),
        persons: facts.persons.len(),
        terms: facts.terms.len(),
        documents: facts.documents.len(),
        divisions: facts.divisions.len(),
        sections: facts.sections.len(),
    };
    if got != rendered.expect {
        return Err(Failure::Structure(format!(
            "read back as {got:?}, written as {:?}",
            rendered.expect
        )));
    }
    let wrong: Vec<usize> = rendered
        .plain_refs
        .iter()
        .filter(|p| {
            !facts.references.iter().any(|r| {
                !r.explicit
                    && r.span.start < p.range.end
                    && p.range.start < r.span.end
                    && ids::tei_target(&r.target, &p.scope_id).as_deref() == Some(&p.target)
            })
        })
        .map(|p| p.key)
        .collect();
    if wrong.is_empty() {
        Ok(())
    } else {
        Err(Failure::Refs(wrong))
    }
}

#[derive(Debug)]
pub enum Failure {
    /// These refs must be explicit.
    Refs(Vec<usize>),
    Structure(String),
}

/// The value of a heading's `Id:` line, if it has one.
fn id_line(heading: &Heading) -> Option<String> {
    heading
        .meta
        .iter()
        .find(|(k, _)| k == "Id")
        .map(|(_, v)| plain(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_never_starts_a_margin_line_with_a_block_marker() {
        for marker in ["-", "> x", "## x", "[^1]: x", "[@X]: x", "•"] {
            let text = format!("{} {marker} not a block", "word ".repeat(19).trim_end());
            let mut out = String::new();
            wrap("", 0, &text, &mut out);
            assert!(out.lines().count() > 1, "{out}");
            for line in out.lines().skip(1) {
                assert!(
                    !starts_block_at_margin(line.split(' ').next().unwrap_or("")),
                    "{out}"
                );
            }
        }
        let mut out = String::new();
        wrap(
            "",
            0,
            &format!("{} [William Bundy]", "word ".repeat(19).trim_end()),
            &mut out,
        );
        assert!(out.contains("\n[William"), "{out}");
    }

    #[test]
    fn page_breaks_do_not_wrap_inside() {
        let file = File {
            path: "x.emd".into(),
            scopes: vec![Scope {
                kind: ScopeKind::Division,
                heading: Heading {
                    title: vec![Inl::Text("Sources".into())],
                    meta: vec![],
                },
                blocks: vec![Blk::Para(vec![
                    Inl::Text(format!("{} ", "abcd ".repeat(19))),
                    Inl::Page("730".into()),
                ])],
                sections: vec![],
                notes: vec![],
                trailing_pages: vec![],
            }],
        };
        let r = render(&file, &HashSet::new(), false);
        assert!(r.text.contains("[Page 730]"), "{}", r.text);
        verify(&r).expect("reads back");
    }
}
