//! Walks a syntax tree once and records the facts of the file.

use super::typography;
use super::*;
use super::{blocks, pages, signatures};
use crate::syntax::{self, field, kind, plain_text, text, view, Field, Kind};
use crate::syntax::{Node, SyntaxTree};

/// How many nodes of a mention's text are read for its plain text: far
/// more than any real mention has, and a bound on the cost of mentions
/// nested in mentions.
const MENTION_TEXT_NODES: usize = 256;

/// How much of a mention's source is searched for a footnote marker when
/// its plain text is blank: more than any run of markup the text nodes
/// above can hold.
const MENTION_MARKUP_BYTES: usize = 4 * 1024;

/// Ranges longer than this are checked at their two ends only.
const MAX_RANGE_EXPANSION: u32 = 1000;

#[derive(Clone, Copy)]
struct Ctx {
    scope: usize,
    in_definition: bool,
    /// Inside the text of an explicit reference, whose target says what it
    /// refers to: a phrase there (`[footnote 3](#d245fn3)`) is no reference
    /// of its own.
    in_explicit: bool,
    /// The sub-heading the node stands under: an index into `sections`.
    section: Option<usize>,
}

impl Ctx {
    fn of_scope(scope: usize) -> Ctx {
        Ctx {
            scope,
            in_definition: false,
            in_explicit: false,
            section: None,
        }
    }
}

struct Extractor<'a> {
    src: &'a str,
    facts: FileFacts,
    /// What stands before the footnote marker being visited.
    marker_before: BeforeMarker,
    /// The items of a Sources list that hold the item being visited: the
    /// list's node id, and per item its indentation and citation path.
    sources_outline: (usize, Vec<(usize, Vec<source_note::Component>)>),
    /// The start bytes of the second names of register entries
    /// (`**ARA** or [ARA/LA]{=ARALA}`): entries, not mentions.
    alias_names: Vec<usize>,
}

/// Extracts the facts of one parsed file.
pub fn extract(tree: &SyntaxTree, src: &str) -> FileFacts {
    let root = tree.root_node();
    let mut ex = Extractor {
        src,
        facts: FileFacts::default(),
        marker_before: BeforeMarker::Fine,
        sources_outline: (0, Vec::new()),
        alias_names: Vec::new(),
    };
    ex.facts.scopes.push(Scope {
        kind: ScopeKind::Preamble,
        span: 0..src.len(),
    });
    ex.facts.syntax_errors = syntax::syntax_errors(tree, src);
    ex.walk(root);
    let view = syntax::view::FileView::of(tree);
    blocks::scan(&view, src, &mut ex.facts);
    signatures::scan(&view, src, &mut ex.facts);
    ex.facts.sort_by_scope();
    ex.facts
}

/// What stands before a footnote marker among its siblings (markup spec:
/// FRUS's Schematron rules F58 and F59, `docs/schematron.md`), given its
/// two previous named siblings: the walk knows them, where asking the tree
/// for a node's previous sibling searches down from the root.
fn before_marker(prev: Option<Node>, before_prev: Option<Node>, src: &str) -> BeforeMarker {
    let Some(prev) = prev else {
        return BeforeMarker::Fine;
    };
    match kind(prev) {
        Kind::FootnoteReference => BeforeMarker::Marker,
        Kind::Text => {
            let t = text(prev, src);
            if t.is_empty() || !t.chars().all(char::is_whitespace) {
                return BeforeMarker::Fine;
            }
            // `[^1] [^2]` is the way between markers; a page break with a
            // space before it loses the one after it on export.
            match before_prev.map(|p| (kind(p), p)) {
                // The white space that opens a container (a table cell,
                // `| [^4] |`) is not written: the marker begins the element.
                None => BeforeMarker::Fine,
                Some((Kind::FootnoteReference, _)) => BeforeMarker::Fine,
                Some((Kind::PageBreak, p))
                    if src[..p.start_byte()]
                        .chars()
                        .next_back()
                        .is_some_and(char::is_whitespace) =>
                {
                    BeforeMarker::Fine
                }
                _ => BeforeMarker::LoneSpace(prev.start_byte(), prev.end_byte()),
            }
        }
        _ => BeforeMarker::Fine,
    }
}

impl FileFacts {
    /// Puts the scoped lists in scope order and builds the footnote look-up.
    /// The walk visits scopes in file order, so the sort moves nothing in a
    /// well-formed file; it matters only where error recovery nested one
    /// heading's scope in another's.
    fn sort_by_scope(&mut self) {
        self.footnotes.sort_by_key(|f| f.scope);
        self.footnote_refs.sort_by_key(|r| r.scope);
        self.person_mentions.sort_by_key(|m| m.scope);
        self.term_mentions.sort_by_key(|m| m.scope);
        self.references.sort_by_key(|r| r.scope);
        self.page_breaks.sort_by_key(|p| p.scope);
        self.straight_quotes.sort_by_key(|q| q.scope);
        self.text_marks.sort_by_key(|m| (m.scope, m.span.start));
        let footnotes = &self.footnotes;
        self.footnote_order = (0..footnotes.len()).collect();
        self.footnote_order
            .sort_by_key(|&i| (footnotes[i].scope, footnotes[i].label.as_str(), i));
    }
}

impl<'a> Extractor<'a> {
    fn text(&self, node: Node) -> &'a str {
        text(node, self.src)
    }

    fn new_scope(&mut self, kind: ScopeKind, span: Span) -> usize {
        self.facts.scopes.push(Scope { kind, span });
        self.facts.scopes.len() - 1
    }

    fn walk(&mut self, root: Node) {
        // The context of the nodes being visited: one entry per node
        // descended into, popped when it is left.
        let mut contexts = vec![Ctx::of_scope(0)];
        // Beside each context, the last two named children entered under
        // its node, the last first.
        let mut siblings: Vec<[Option<Node>; 2]> = vec![[None, None]];
        syntax::walk(root, |step| match step {
            syntax::Step::Enter(node) => {
                let ctx = contexts.last().copied().unwrap_or(Ctx::of_scope(0));
                if let Some(level) = siblings.last_mut() {
                    if kind(node) == Kind::FootnoteReference {
                        self.marker_before = before_marker(level[0], level[1], self.src);
                    }
                    *level = [Some(node), level[0]];
                }
                match self.visit(node, ctx) {
                    Some(inner) => {
                        contexts.push(inner);
                        siblings.push([None, None]);
                        true
                    }
                    None => false,
                }
            }
            syntax::Step::Leave(_) => {
                contexts.pop();
                siblings.pop();
                false
            }
        });
    }

    /// Records what a node says; returns the context to descend with, or
    /// None when its children need no visit.
    fn visit(&mut self, node: Node, ctx: Ctx) -> Option<Ctx> {
        match kind(node) {
            Kind::Document => Some(self.document(node, ctx)),
            Kind::Division => Some(self.division(node, ctx)),
            Kind::Section => Some(Ctx {
                section: Some(self.section(node, ctx)),
                ..ctx
            }),
            Kind::Metadata => {
                self.metadata(node, ctx);
                // A marker on a dateline (`Dateline: May 1, 1958.[^1]`) is
                // a use of its footnote, and its text is text.
                Some(ctx)
            }
            Kind::FootnoteDefinition => {
                self.footnote_definition(node, ctx);
                Some(Ctx {
                    in_definition: true,
                    ..ctx
                })
            }
            Kind::ListItem => {
                self.list_item(node, ctx);
                Some(ctx)
            }
            Kind::PersonEntry => {
                if let Some(entry) = self.entry(node, ctx, true) {
                    let aliases = self.aliases(node, &entry, true);
                    self.facts.persons.push(entry);
                    self.facts.persons.extend(aliases);
                }
                Some(ctx)
            }
            Kind::TermEntry => {
                if let Some(entry) = self.entry(node, ctx, false) {
                    let aliases = self.aliases(node, &entry, false);
                    self.facts.terms.push(entry);
                    self.facts.terms.extend(aliases);
                }
                Some(ctx)
            }
            Kind::FootnoteReference => {
                if let Some(label) = field(node, Field::Label) {
                    self.facts.footnote_refs.push(FootnoteRef {
                        scope: ctx.scope,
                        label: Text::from(self.text(label)),
                        span: node.byte_range(),
                        in_definition: ctx.in_definition,
                        before: self.marker_before,
                    });
                }
                None
            }
            Kind::PersonMention | Kind::TermMention
                if self.alias_names.contains(&node.start_byte()) =>
            {
                Some(ctx)
            }
            Kind::PersonMention | Kind::TermMention => {
                if let Some(m) = self.mention(node, ctx) {
                    if kind(node) == Kind::PersonMention {
                        self.facts.person_mentions.push(m);
                    } else {
                        self.facts.term_mentions.push(m);
                    }
                }
                Some(ctx)
            }
            Kind::Paragraph => {
                self.closer_dateline(node, ctx);
                Some(ctx)
            }
            Kind::ExplicitReference => {
                self.explicit_reference(node, ctx);
                Some(Ctx {
                    in_explicit: true,
                    ..ctx
                })
            }
            Kind::DocumentPhrase
            | Kind::DocumentsPhrase
            | Kind::FootnotePhrase
            | Kind::VolumePhrase
                if ctx.in_explicit =>
            {
                None
            }
            Kind::PageBreak => {
                self.page_break(node, ctx);
                None
            }
            Kind::DocumentPhrase => {
                self.document_phrase(node, ctx, None);
                None
            }
            Kind::DocumentsPhrase => {
                self.documents_phrase(node, ctx, None);
                None
            }
            Kind::FootnotePhrase => {
                self.footnote_phrase(node, ctx);
                None
            }
            Kind::VolumePhrase => {
                self.volume_phrase(node, ctx);
                None
            }
            Kind::Text => {
                typography::scan(
                    self.text(node),
                    node.start_byte(),
                    ctx.scope,
                    &mut self.facts,
                );
                None
            }
            Kind::Escape | Kind::Error => None,
            _ => Some(ctx),
        }
    }

    fn document(&mut self, node: Node, _ctx: Ctx) -> Ctx {
        let heading = syntax::child(node, Kind::DocumentHeading);
        let number_node = heading.and_then(|h| syntax::child(h, Kind::DocumentNumber));
        let number = number_node
            .map(|n| self.text(n).to_string())
            .unwrap_or_default();
        let title = heading
            .and_then(|h| field(h, Field::Title))
            .map(|t| plain_text(t, self.src))
            .unwrap_or_default();
        let index = self.facts.documents.len();
        let scope = self.new_scope(ScopeKind::Document(index), node.byte_range());
        let heading_span = heading.map_or(node.start_byte()..node.start_byte(), |h| {
            heading_line_span(h, self.src)
        });
        self.facts.documents.push(Document {
            id: format!("d{number}").into(),
            number: number.into(),
            title: title.into(),
            number_span: number_node.map_or(heading_span.clone(), |n| n.byte_range()),
            heading_span,
            span: node.byte_range(),
            scope,
            dateline: None,
            inline_source: None,
        });
        Ctx::of_scope(scope)
    }

    fn division(&mut self, node: Node, _ctx: Ctx) -> Ctx {
        let heading = syntax::child(node, Kind::DivisionHeading);
        let title_node = heading.and_then(|h| field(h, Field::Title));
        let title = title_node
            .map(|t| plain_text(t, self.src))
            .unwrap_or_default();
        let index = self.facts.divisions.len();
        let scope = self.new_scope(ScopeKind::Division(index), node.byte_range());
        let heading_span = heading.map_or(node.start_byte()..node.start_byte(), |h| {
            heading_line_span(h, self.src)
        });
        let heading_break = line_break_at(self.src, heading_span.end);
        self.facts.divisions.push(Division {
            heading_break,
            untitled: untitled(&title, title_node),
            title: title.into(),
            id: None,
            heading_span,
            span: node.byte_range(),
            scope,
        });
        Ctx::of_scope(scope)
    }

    /// Records a sub-heading; returns its index.
    fn section(&mut self, node: Node, ctx: Ctx) -> usize {
        let heading = syntax::child(node, Kind::Subheading);
        let title_node = heading.and_then(|h| field(h, Field::Title));
        let title = title_node
            .map(|t| plain_text(t, self.src))
            .unwrap_or_default();
        let heading_span = heading.map_or(node.start_byte()..node.start_byte(), |h| {
            heading_line_span(h, self.src)
        });
        self.facts.sections.push(Section {
            untitled: untitled(&title, title_node),
            title: title.into(),
            heading_span,
            span: node.byte_range(),
            scope: ctx.scope,
        });
        self.facts.sections.len() - 1
    }

    fn metadata(&mut self, node: Node, ctx: Ctx) {
        let Some(key) = field(node, Field::Key) else {
            return;
        };
        let value = field(node, Field::Value);
        let value_text = value.map(|v| plain_text(v, self.src)).unwrap_or_default();
        let value_span = value.map_or(node.end_byte()..node.end_byte(), |v| v.byte_range());
        let heading = node.parent().map_or(node.start_byte(), |h| h.start_byte());
        let value_trimmed = value.map_or(value_span.clone(), |v| {
            let t = self.text(v);
            let start = v.start_byte() + (t.len() - t.trim_start().len());
            start..(v.start_byte() + t.trim_end().len()).max(start)
        });
        let under = match node.parent().map(kind) {
            Some(Kind::DocumentHeading) => HeadingLevel::Document,
            Some(Kind::Subheading) => HeadingLevel::Section,
            _ => HeadingLevel::Division,
        };
        let key_text = self.text(key).to_string();
        if under != HeadingLevel::Section {
            self.apply_heading_metadata(&key_text, &value_text, &value_span, ctx.scope);
        }
        self.facts.metadata.push(Metadata {
            key: key_text.into(),
            key_span: key.byte_range(),
            value: value_text.into(),
            value_span,
            value_trimmed,
            heading,
            scope: ctx.scope,
            under,
        });
    }

    /// A document dated at its end (`{.dateline} Paris, May 1, 1870.`, a
    /// closer's dateline) and not under its heading is dated by it.
    fn closer_dateline(&mut self, paragraph: Node, ctx: Ctx) {
        if ctx.section.is_some() || view::block_style(paragraph, self.src) != Some(view::DATELINE) {
            return;
        }
        let Some(ScopeKind::Document(i)) = self.facts.scopes.get(ctx.scope).map(|s| s.kind) else {
            return;
        };
        let text = syntax::plain_text(paragraph, self.src).trim().to_string();
        if let Some(doc) = self
            .facts
            .documents
            .get_mut(i)
            .filter(|d| d.dateline.is_none())
        {
            doc.dateline = Some(Dateline {
                date: date::parse_dateline(&text),
                text: text.into(),
                span: paragraph.byte_range(),
            });
        }
    }

    /// `Dateline:` and `Id:` lines change the document or division they
    /// stand under.
    fn apply_heading_metadata(&mut self, key: &str, value: &str, span: &Span, scope: usize) {
        match (key, self.facts.scopes.get(scope).map(|s| s.kind)) {
            ("Dateline", Some(ScopeKind::Document(i))) => {
                if let Some(doc) = self.facts.documents.get_mut(i) {
                    doc.dateline = Some(Dateline {
                        text: Text::from(value),
                        span: span.clone(),
                        date: date::parse_dateline(value),
                    });
                }
            }
            ("Source", Some(ScopeKind::Document(i))) => {
                if let Some(doc) = self.facts.documents.get_mut(i) {
                    doc.inline_source = Some(span.clone());
                }
            }
            ("Id", Some(ScopeKind::Document(i))) if !value.is_empty() => {
                if let Some(doc) = self.facts.documents.get_mut(i) {
                    doc.id = Text::from(value);
                }
            }
            ("Id", Some(ScopeKind::Division(i))) if !value.is_empty() => {
                if let Some(div) = self.facts.divisions.get_mut(i) {
                    div.id = Some(Text::from(value));
                }
            }
            _ => {}
        }
    }

    fn footnote_definition(&mut self, node: Node, ctx: Ctx) {
        let Some(label) = field(node, Field::Label) else {
            return;
        };
        let bodies = syntax::children(node, Kind::Body);
        let text: Vec<String> = bodies.iter().map(|b| plain_text(*b, self.src)).collect();
        let text = text.join(" ");
        let text_span = match (bodies.first(), bodies.last()) {
            (Some(first), Some(last)) => {
                let start = first.start_byte() + leading_space(self.text(*first));
                start..last.end_byte()
            }
            _ => label.end_byte()..label.end_byte(),
        };
        let source = if crate::facts::citation::may_be_source_note(&text) {
            source_note::read_mapped(&syntax::plain_text_mapped(&bodies, self.src))
        } else {
            None
        };
        self.facts.footnotes.push(FootnoteDef {
            scope: ctx.scope,
            label: Text::from(self.text(label)),
            label_span: label.byte_range(),
            span: node.byte_range(),
            source: source.map(Box::new),
            text: text.into(),
            text_span,
        });
    }

    /// An item of a `# Sources` division is a citation path.
    fn list_item(&mut self, node: Node, ctx: Ctx) {
        let in_sources = match self.facts.scopes.get(ctx.scope).map(|s| s.kind) {
            Some(ScopeKind::Division(i)) => self
                .facts
                .divisions
                .get(i)
                .is_some_and(Division::is_sources),
            _ => false,
        };
        if !in_sources {
            return;
        }
        let bodies = syntax::children(node, Kind::Body);
        let mapped = syntax::plain_text_mapped(&bodies, self.src);
        let mut item = source_note::read_item(&mapped, ctx.scope, node.byte_range());
        // A nested item goes on from the path of the items that hold it
        // (`- Central Files` / `  - Lot 59 D 110`).
        let list = node.parent().map_or(0, |p| p.id());
        let (outline_list, outline) = &mut self.sources_outline;
        if *outline_list != list {
            *outline_list = list;
            outline.clear();
        }
        let indent = syntax::view::item_indent(node, self.src);
        while outline.last().is_some_and(|(i, _)| *i >= indent) {
            outline.pop();
        }
        if let Some((_, path)) = outline.last() {
            let mut full = path.clone();
            full.append(&mut item.components);
            item.components = full;
        }
        outline.push((indent, item.components.clone()));
        if !item.components.is_empty() {
            self.facts.source_items.push(item);
        }
    }

    fn entry(&self, node: Node, ctx: Ctx, person: bool) -> Option<Entry> {
        let id = field(node, Field::Id)?;
        let bodies = syntax::children(node, Kind::Body);
        let first = bodies.first();
        let bold = first
            .and_then(|b| leading_strong(*b, self.src))
            .map(|s| EntryName {
                span: s.byte_range(),
                text: plain_text(s, self.src).into(),
                end: syntax::text_end(s, self.src),
                comma_after: self
                    .src
                    .get(s.end_byte()..)
                    .is_some_and(|r| r.starts_with(',')),
            });
        let name_node = if person {
            first.and_then(|b| syntax::child(*b, Kind::Strong))
        } else {
            None
        };
        let name = name_node.map(|n| plain_text(n, self.src));
        let full: Vec<String> = bodies.iter().map(|b| plain_text(*b, self.src)).collect();
        let mut description = full.join(" ");
        if let (Some(n), Some(b)) = (name_node, first) {
            // The identification is what follows the bold name.
            let after = n.end_byte().saturating_sub(b.start_byte());
            let body_text = self.text(*b);
            if let Some(rest) = body_text.get(after..) {
                let rest = syntax::normalize_space(rest);
                let mut rest = rest.trim_start_matches([',', ';', ':']).trim().to_string();
                for more in full.iter().skip(1) {
                    rest.push(' ');
                    rest.push_str(more);
                }
                description = plain_rest(&rest);
            }
        }
        Some(Entry {
            id: Text::from(self.text(id)),
            id_span: id.byte_range(),
            span: node.byte_range(),
            scope: ctx.scope,
            section: ctx.section,
            name: name.map(Text::from),
            bold,
            description: description.into(),
        })
    }

    /// The second names of a register entry, each an entry of its own with
    /// the entry's description: the mentions of the register's kind, with
    /// an id, that follow its bold name before the comma that ends the
    /// names (`[=ARA]: **ARA** or [ARA/LA]{=ARALA}, Bureau …`, TEI two
    /// `term`s in the entry's `hi`).
    fn aliases(&mut self, node: Node, main: &Entry, person: bool) -> Vec<Entry> {
        let Some(first) = syntax::children(node, Kind::Body).first().copied() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (mention, id, name) in syntax::view::entry_aliases(first, person, self.src) {
            self.alias_names.push(mention.start_byte());
            out.push(Entry {
                id: Text::from(self.text(id)),
                id_span: id.byte_range(),
                span: mention.byte_range(),
                name: person.then(|| Text::from(plain_text(name, self.src))),
                bold: None,
                ..main.clone()
            });
        }
        out
    }

    fn mention(&self, node: Node, ctx: Ctx) -> Option<Mention> {
        let id = field(node, Field::Id)?;
        let text_node = field(node, Field::Text);
        let text = text_node
            .map(|t| syntax::plain_text_within(t, self.src, MENTION_TEXT_NODES))
            .unwrap_or_default();
        // Text without a character can hold markup only, and `[^` there is
        // a footnote marker. Only the part the plain text was read from is
        // looked at: a mention nested in n others would otherwise be
        // scanned n times.
        let blank = text.trim().is_empty()
            && !text_node.is_some_and(|t| {
                let whole = self.text(t);
                let mut end = whole.len().min(MENTION_MARKUP_BYTES);
                while !whole.is_char_boundary(end) {
                    end -= 1;
                }
                whole[..end].contains("[^")
            });
        Some(Mention {
            id: Text::from(self.text(id)),
            id_span: id.byte_range(),
            span: node.byte_range(),
            text: text.into(),
            scope: narrow_scope(ctx.scope),
            blank,
        })
    }

    fn explicit_reference(&mut self, node: Node, ctx: Ctx) {
        let Some(target) = field(node, Field::Target) else {
            return;
        };
        let Some(parsed) = parse_explicit_target(self.text(target)) else {
            return;
        };
        self.facts.references.push(Reference {
            element: None,
            span: target.byte_range(),
            target: parsed,
            scope: narrow_scope(ctx.scope),
            lowercase: false,
            explicit: true,
        });
    }

    fn page_break(&mut self, node: Node, ctx: Ctx) {
        let label = syntax::view::label_of_page_break(self.text(node));
        // An unnumbered page's inferred number (`[XIV]`) orders it too.
        let number = super::page_number(&label);
        let before = self.src[..node.start_byte()].chars().next_back();
        let after = self.src[node.end_byte()..].chars().next();
        self.facts.page_breaks.push(PageBreak {
            label: label.into(),
            number,
            span: node.byte_range(),
            scope: ctx.scope,
            space_before: before.is_none_or(char::is_whitespace),
            space_after: after.is_none_or(char::is_whitespace),
            edges: pages::edges(node, self.src),
        });
    }

    fn is_lowercase(&self, phrase: Node) -> bool {
        syntax::child(phrase, Kind::Keyword)
            .map(|k| self.text(k).starts_with('d'))
            .unwrap_or(false)
    }

    fn push_reference(&mut self, span: Span, target: Target, ctx: Ctx, lowercase: bool) {
        self.facts.references.push(Reference {
            element: None,
            span,
            target,
            scope: narrow_scope(ctx.scope),
            lowercase,
            explicit: false,
        });
    }

    fn document_phrase(&mut self, node: Node, ctx: Ctx, volume: Option<&str>) {
        let lowercase = self.is_lowercase(node);
        let Some(number) = field(node, Field::Number) else {
            return;
        };
        let target = if kind(number) == Kind::Placeholder {
            Target::Placeholder {
                what: syntax::normalize_space(self.text(node)).into(),
            }
        } else {
            Target::Document {
                volume: volume.map(Text::from),
                document: DocKey::Number(Text::from(self.text(number))),
            }
        };
        self.push_reference(node.byte_range(), target, ctx, lowercase);
    }

    fn documents_phrase(&mut self, node: Node, ctx: Ctx, volume: Option<&str>) {
        let lowercase = self.is_lowercase(node);
        for item in syntax::named_children(node) {
            match kind(item) {
                Kind::Number => {
                    let target = Target::Document {
                        volume: volume.map(Text::from),
                        document: DocKey::Number(Text::from(self.text(item))),
                    };
                    self.push_reference(item.byte_range(), target, ctx, lowercase);
                }
                Kind::Range => {
                    let ends = syntax::children(item, Kind::Number);
                    let (Some(a), Some(b)) = (ends.first(), ends.last()) else {
                        continue;
                    };
                    let numbers = expand_range(self.text(*a), self.text(*b));
                    for n in numbers {
                        let target = Target::Document {
                            volume: volume.map(Text::from),
                            document: DocKey::Number(n.into()),
                        };
                        self.push_reference(item.byte_range(), target, ctx, lowercase);
                    }
                }
                _ => {}
            }
        }
    }

    fn footnote_phrase(&mut self, node: Node, ctx: Ctx) {
        let Some(footnote) = field(node, Field::Footnote) else {
            return;
        };
        let document = field(node, Field::Document);
        let document_number = document
            .and_then(|d| field(d, Field::Number))
            .filter(|n| kind(*n) == Kind::Number)
            .map(|n| DocKey::Number(Text::from(self.text(n))));
        let phrase_end = document.map_or(node.end_byte(), |_| footnote.end_byte());
        let target = if kind(footnote) == Kind::Placeholder {
            Target::Placeholder {
                what: syntax::normalize_space(
                    self.src.get(node.start_byte()..phrase_end).unwrap_or(""),
                )
                .into(),
            }
        } else {
            Target::Footnote {
                volume: None,
                document: document_number,
                footnote: Text::from(self.text(footnote)),
            }
        };
        self.push_reference(node.start_byte()..phrase_end, target, ctx, false);
        if let Some(d) = document {
            self.document_phrase(d, ctx, None);
        }
    }

    fn volume_phrase(&mut self, node: Node, ctx: Ctx) {
        let Some(citation) = syntax::child(node, Kind::VolumeCitation) else {
            return;
        };
        let Some(volume) = volume_id::from_citation(&syntax::normalize_space(self.text(citation)))
        else {
            return;
        };
        self.push_reference(
            citation.byte_range(),
            Target::Volume {
                volume: volume.clone().into(),
            },
            ctx,
            false,
        );
        if let Some(d) = field(node, Field::Document) {
            match kind(d) {
                Kind::DocumentPhrase => self.document_phrase(d, ctx, Some(&volume)),
                Kind::DocumentsPhrase => self.documents_phrase(d, ctx, Some(&volume)),
                _ => {}
            }
        }
    }
}

/// A heading's title gives its `head` no text: there is none, or it is
/// blank and holds no footnote marker (a marker gives its note's text).
fn untitled(plain: &str, title: Option<Node>) -> bool {
    let Some(title) = title else { return true };
    if !plain.trim().is_empty() {
        return false;
    }
    let mut marker = false;
    syntax::walk(title, |step| {
        if let syntax::Step::Enter(n) = step {
            marker |= kind(n) == Kind::FootnoteReference;
            return !marker;
        }
        false
    });
    !marker
}

/// The `**…**` a paragraph begins with, white space before it skipped, as
/// the export finds a register entry's name.
fn leading_strong<'t>(body: Node<'t>, src: &str) -> Option<Node<'t>> {
    use crate::syntax::view::{inlines, Inline};
    inlines(body).into_iter().find_map(|i| match i {
        Inline::Text(t) if text(t, src).trim().is_empty() => None,
        Inline::Strong(s) => Some(Some(s)),
        _ => Some(None),
    })?
}

/// The heading line alone: a heading node also holds its metadata lines.
fn heading_line_span(heading: Node, src: &str) -> Span {
    let start = heading.start_byte();
    let end = src
        .get(start..heading.end_byte())
        .and_then(|s| s.find(['\n', '\r']))
        .map_or(heading.end_byte(), |i| start + i);
    start..end
}

/// The line break that starts at `at`: `\r\n`, `\n`, `\r`, or nothing.
fn line_break_at(src: &str, at: usize) -> Span {
    let rest = src.get(at..).unwrap_or("");
    let len = if rest.starts_with("\r\n") {
        2
    } else if rest.starts_with(['\n', '\r']) {
        1
    } else {
        0
    };
    at..at + len
}

fn leading_space(s: &str) -> usize {
    s.len() - s.trim_start().len()
}

fn plain_rest(s: &str) -> String {
    syntax::normalize_space(s)
}

/// `118`–`120` gives every number between; letters (`12a`) and reversed or
/// huge ranges give just the two ends.
fn expand_range(a: &str, b: &str) -> Vec<String> {
    match (a.parse::<u32>(), b.parse::<u32>()) {
        (Ok(x), Ok(y)) if x <= y && y - x <= MAX_RANGE_EXPANSION => {
            (x..=y).map(|n| n.to_string()).collect()
        }
        _ => vec![a.to_string(), b.to_string()],
    }
}

/// `#d256`, `#d236fn6`, `#pg_47`, `frus1964-68v02#d35`, `frus1964-68v02`.
pub(crate) fn parse_explicit_target(target: &str) -> Option<Target> {
    let (volume, fragment) = match target.split_once('#') {
        Some((v, f)) => ((!v.is_empty()).then(|| Text::from(v)), f),
        None => {
            return (!target.is_empty()).then(|| Target::Volume {
                volume: Text::from(target),
            })
        }
    };
    if fragment.is_empty() {
        return volume.map(|volume| Target::Volume { volume });
    }
    if let Some(page) = fragment.strip_prefix("pg_").filter(|p| !p.is_empty()) {
        return Some(Target::Page {
            volume,
            page: Text::from(page),
        });
    }
    if let Some(fn_at) = fragment.rfind("fn") {
        let (doc, note) = (&fragment[..fn_at], &fragment[fn_at + 2..]);
        if !doc.is_empty() && !note.is_empty() && note.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Some(Target::Footnote {
                volume,
                document: Some(DocKey::Id(Text::from(doc))),
                footnote: Text::from(note),
            });
        }
    }
    Some(Target::Document {
        volume,
        document: DocKey::Id(Text::from(fragment)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse_tree as parse;

    fn facts(src: &str) -> FileFacts {
        extract(&parse(src), src)
    }

    #[test]
    fn page_numbers_arabic_roman_and_lettered() {
        let f = facts("# Front\n\n[Page A1] [Page XII] [Page 7] [Page [iv]] [Page []]\n");
        let numbers: Vec<PageNumber> = f.page_breaks.iter().map(|p| p.number).collect();
        assert_eq!(
            numbers,
            [
                PageNumber::Lettered('A', 1),
                PageNumber::Roman(12),
                PageNumber::Arabic(7),
                PageNumber::Roman(4),
                PageNumber::Unreadable
            ]
        );
    }

    #[test]
    fn documents_footnotes_and_references() {
        let src = "# 261. Memorandum for Personal Files[^1]\nDateline: Washington, December 28, 1965.\n\nHe said “You and Tommy[^2] talk.” See Documents 12\n    and 14 and footnote 6, Document 236.\n\n[^1]: Source: Library of Congress, Harriman Papers. Secret.\n[^2]: [Llewellyn E. Thompson]{@TLEJ1}.\n";
        let f = facts(src);
        assert!(f.syntax_errors.is_empty(), "{:?}", f.syntax_errors);
        assert_eq!(f.documents.len(), 1);
        let d = &f.documents[0];
        assert_eq!((d.number.as_str(), d.id.as_str()), ("261", "d261"));
        assert_eq!(d.title, "Memorandum for Personal Files");
        assert_eq!(
            d.dateline
                .as_ref()
                .and_then(|l| l.date)
                .map(|d| d.iso())
                .as_deref(),
            Some("1965-12-28")
        );
        assert_eq!(f.footnotes.len(), 2);
        assert!(f.footnotes[0].source.is_some());
        assert_eq!(f.footnote_refs.len(), 2);
        assert_eq!(f.person_mentions[0].id, "TLEJ1");
        let targets: Vec<&Target> = f.references.iter().map(|r| &r.target).collect();
        assert_eq!(targets.len(), 4);
        assert!(
            matches!(targets[0], Target::Document { document: DocKey::Number(n), .. } if n == "12")
        );
        assert!(
            matches!(targets[1], Target::Document { document: DocKey::Number(n), .. } if n == "14")
        );
        assert!(
            matches!(targets[2], Target::Footnote { document: Some(DocKey::Number(n)), footnote, .. } if n == "236" && footnote == "6")
        );
        assert!(
            matches!(targets[3], Target::Document { document: DocKey::Number(n), .. } if n == "236")
        );
    }

    #[test]
    fn register_entries_have_names_and_identifications() {
        let src = "# Persons\n\n[@HWA1]: **Harriman, W. Averell**, Under Secretary of State until March\n    1965; thereafter Ambassador at Large\n[@X1]: no name here\n";
        let f = facts(src);
        assert_eq!(f.persons.len(), 2);
        assert_eq!(f.persons[0].name.as_deref(), Some("Harriman, W. Averell"));
        assert_eq!(
            f.persons[0].description,
            "Under Secretary of State until March 1965; thereafter Ambassador at Large"
        );
        assert_eq!(f.persons[1].name, None);
    }

    #[test]
    fn phrases_inside_explicit_references_are_not_references_of_their_own() {
        let src = "# 260. Telegram\n\nSee [footnote 3](#d245fn3) and Document 245.\n";
        let f = facts(src);
        let targets: Vec<&Target> = f.references.iter().map(|r| &r.target).collect();
        assert_eq!(targets.len(), 2, "{targets:?}");
        assert!(targets[0].clone() == parse_explicit_target("#d245fn3").expect("a target"));
        assert!(
            matches!(targets[1], Target::Document { document: DocKey::Number(n), .. } if n == "245")
        );
    }

    #[test]
    fn explicit_targets() {
        assert_eq!(
            parse_explicit_target("#d236fn6"),
            Some(Target::Footnote {
                volume: None,
                document: Some(DocKey::Id("d236".into())),
                footnote: "6".into()
            })
        );
        assert_eq!(
            parse_explicit_target("frus1964-68v02#d35"),
            Some(Target::Document {
                volume: Some("frus1964-68v02".into()),
                document: DocKey::Id("d35".into())
            })
        );
    }

    #[test]
    fn cross_volume_and_ranges() {
        let src = "See Foreign Relations, 1964–1968, vol. II, Vietnam, January–June 1965, Document 35, and Documents 118–120.\n";
        let f = facts(src);
        let targets: Vec<&Target> = f.references.iter().map(|r| &r.target).collect();
        assert_eq!(targets.len(), 5, "{targets:?}");
        assert_eq!(
            targets[0],
            &Target::Volume {
                volume: "frus1964-68v02".into()
            }
        );
        assert_eq!(
            targets[1],
            &Target::Document {
                volume: Some("frus1964-68v02".into()),
                document: DocKey::Number("35".into())
            }
        );
    }
}
