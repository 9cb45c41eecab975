//! Typed views over a parsed file: its scopes, blocks and inline content,
//! for code that needs the structure of a text rather than its facts (the
//! TEI export). Views hold nodes; their text is read with [`super::text`].

use super::{child, children, field, kind, named_children, Field, Kind};
use super::{Node, SyntaxTree};
use std::ops::Range;

/// A whole file: what stands before its first `#` heading, then its
/// documents and divisions in order.
#[derive(Debug, Clone)]
pub struct FileView<'t> {
    pub preamble: Part<'t>,
    pub scopes: Vec<ScopeView<'t>>,
}

/// Blocks, then the parts opened by sub-headings.
#[derive(Debug, Clone, Default)]
pub struct Part<'t> {
    pub blocks: Vec<Block<'t>>,
    pub sections: Vec<SectionView<'t>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    /// `# 261. Title`
    Document,
    /// `# Persons`
    Division,
}

/// A document or a division: its heading and what follows it.
#[derive(Debug, Clone)]
pub struct ScopeView<'t> {
    pub kind: ScopeKind,
    pub node: Node<'t>,
    pub heading: HeadingView<'t>,
    pub body: Part<'t>,
}

/// A sub-heading (`## Tab A`) and its blocks.
#[derive(Debug, Clone)]
pub struct SectionView<'t> {
    pub node: Node<'t>,
    pub heading: HeadingView<'t>,
    pub blocks: Vec<Block<'t>>,
}

/// A heading line with its metadata lines.
#[derive(Debug, Clone)]
pub struct HeadingView<'t> {
    pub node: Node<'t>,
    /// The document number of a document heading.
    pub number: Option<Node<'t>>,
    /// The inline content of the title.
    pub title: Option<Node<'t>>,
    pub metadata: Vec<MetaView<'t>>,
}

/// `Key: value` under a heading.
#[derive(Debug, Clone, Copy)]
pub struct MetaView<'t> {
    pub node: Node<'t>,
    pub key: Node<'t>,
    /// The inline content of the value.
    pub value: Option<Node<'t>>,
}

/// A block.
#[derive(Debug, Clone)]
pub enum Block<'t> {
    /// Its node is the inline container.
    Paragraph(Node<'t>),
    Table(Vec<RowView<'t>>),
    List(Vec<ItemView<'t>>),
    /// One body per `>` line.
    Quote(Node<'t>, Vec<Node<'t>>),
    Footnote(DefView<'t>),
    Person(DefView<'t>),
    Term(DefView<'t>),
    /// A region the parser could not read.
    Error(Node<'t>),
}

/// A row of a table, `| Total || 22 |`, as written: its cells.
#[derive(Debug, Clone)]
pub struct RowView<'t> {
    pub node: Node<'t>,
    pub cells: Vec<CellView<'t>>,
}

/// A cell of a row and how many columns it spans: one, and one more for
/// each `|` that follows its closing `|` with no cell between (`| Total ||`).
/// A cell with no node stands between two `|`s with nothing between them at
/// the start of a row.
#[derive(Debug, Clone)]
pub struct CellView<'t> {
    /// The inline container.
    pub node: Option<Node<'t>>,
    pub cols: usize,
}

impl<'t> RowView<'t> {
    fn of(row: Node<'t>) -> RowView<'t> {
        let mut cells: Vec<CellView<'t>> = Vec::new();
        // Whether the last cell is still open (no `|` after it yet).
        let mut open = false;
        for child in row.children() {
            if kind(child) == Kind::Cell {
                cells.push(CellView {
                    node: Some(child),
                    cols: 1,
                });
                open = true;
            } else if !child.is_named() {
                match cells.last_mut() {
                    _ if open => open = false,
                    Some(last) => last.cols += 1,
                    None => cells.push(CellView {
                        node: None,
                        cols: 1,
                    }),
                }
            }
        }
        RowView { node: row, cells }
    }
}

/// A cell of a rule row, `|---|:--:|`: dashes, with a colon at either end.
pub fn is_rule_cell(content: &str) -> bool {
    let inner = content.trim_start_matches(':').trim_end_matches(':');
    !inner.is_empty() && inner.bytes().all(|b| b == b'-')
}

/// A list item: `- 1. text`, with its further paragraphs.
#[derive(Debug, Clone)]
pub struct ItemView<'t> {
    pub node: Node<'t>,
    /// `{.sources}` after the bullet: the item begins a list of that type.
    pub style: Option<Node<'t>>,
    pub label: Option<Node<'t>>,
    /// Inline containers, one per paragraph.
    pub bodies: Vec<Node<'t>>,
}

/// A footnote definition or a register entry.
#[derive(Debug, Clone)]
pub struct DefView<'t> {
    pub node: Node<'t>,
    /// The footnote label or the entry id.
    pub label: Option<Node<'t>>,
    /// Inline containers, one per paragraph.
    pub bodies: Vec<Node<'t>>,
}

/// A piece of inline content.
#[derive(Debug, Clone)]
pub enum Inline<'t> {
    Text(Node<'t>),
    /// Bytes between two inline nodes that no node covers.
    Gap(Range<usize>),
    /// `\[`: the node's text is the backslash and the character.
    Escape(Node<'t>),
    /// `\` at a line end: a line break (TEI `lb`).
    LineBreak(Node<'t>),
    /// `[^4]`, with its label.
    FootnoteRef(Node<'t>, Option<Node<'t>>),
    /// `[Page 730]`.
    PageBreak(Node<'t>),
    /// `[Tommy]{@TLEJ1}`: the node, its text container, its id.
    Person(Node<'t>, Option<Node<'t>>, Option<Node<'t>>),
    /// `[VC]{=VC}`.
    Term(Node<'t>, Option<Node<'t>>, Option<Node<'t>>),
    /// `[the telegram](#d256)`: the node, its text container, its target.
    Explicit(Node<'t>, Option<Node<'t>>, Option<Node<'t>>),
    /// `[text]`: the node and its content container, if not empty.
    Editorial(Node<'t>, Option<Node<'t>>),
    /// `*text*`; its node is also the inline container.
    Emphasis(Node<'t>),
    /// `**text**`; its node is also the inline container.
    Strong(Node<'t>),
    /// `[text]{.smallcaps}`: the node, its text container, its style name.
    Styled(Node<'t>, Option<Node<'t>>, Option<Node<'t>>),
    /// `Document 256`.
    DocumentPhrase(Node<'t>),
    /// `Documents 12, 14, and 16`.
    DocumentsPhrase(Node<'t>),
    /// `footnote 6, Document 236`.
    FootnotePhrase(Node<'t>),
    /// `Foreign Relations, 1964–1968, vol. II, Document 35`.
    VolumePhrase(Node<'t>),
    /// A syntax error inside a block.
    Error(Node<'t>),
}

impl<'t> FileView<'t> {
    pub fn of(tree: &'t SyntaxTree) -> FileView<'t> {
        let root = tree.root_node();
        let mut preamble = Part::default();
        let mut scopes = Vec::new();
        for node in named_children(root) {
            match kind(node) {
                Kind::Document | Kind::Division => {
                    let (heading_kind, scope_kind) = if kind(node) == Kind::Document {
                        (Kind::DocumentHeading, ScopeKind::Document)
                    } else {
                        (Kind::DivisionHeading, ScopeKind::Division)
                    };
                    let heading = child(node, heading_kind).map_or(
                        HeadingView {
                            node,
                            number: None,
                            title: None,
                            metadata: Vec::new(),
                        },
                        HeadingView::of,
                    );
                    let mut body = Part::default();
                    for c in named_children(node) {
                        push_part_child(&mut body, c);
                    }
                    scopes.push(ScopeView {
                        kind: scope_kind,
                        node,
                        heading,
                        body,
                    });
                }
                _ => push_part_child(&mut preamble, node),
            }
        }
        FileView { preamble, scopes }
    }
}

fn push_part_child<'t>(part: &mut Part<'t>, node: Node<'t>) {
    if kind(node) == Kind::Section {
        part.sections.push(SectionView::of(node));
    } else if let Some(block) = Block::of(node) {
        part.blocks.push(block);
    }
}

impl<'t> HeadingView<'t> {
    fn of(node: Node<'t>) -> HeadingView<'t> {
        let metadata = children(node, Kind::Metadata)
            .into_iter()
            .filter_map(|m| {
                Some(MetaView {
                    node: m,
                    key: field(m, Field::Key)?,
                    value: field(m, Field::Value),
                })
            })
            .collect();
        HeadingView {
            node,
            number: child(node, Kind::DocumentNumber),
            title: field(node, Field::Title),
            metadata,
        }
    }
}

impl<'t> SectionView<'t> {
    fn of(node: Node<'t>) -> SectionView<'t> {
        let heading_node = child(node, Kind::Subheading);
        let heading = heading_node.map_or(
            HeadingView {
                node,
                number: None,
                title: None,
                metadata: Vec::new(),
            },
            HeadingView::of,
        );
        let blocks = named_children(node)
            .into_iter()
            .filter_map(Block::of)
            .collect();
        SectionView {
            node,
            heading,
            blocks,
        }
    }

    /// 2 for `##`, up to 6.
    pub fn level(&self, src: &str) -> usize {
        let line = super::text(self.heading.node, src);
        line.bytes().take_while(|b| *b == b'#').count().clamp(2, 6)
    }
}

impl<'t> Block<'t> {
    /// The block a node is, if it is one.
    pub fn of(node: Node<'t>) -> Option<Block<'t>> {
        Some(match kind(node) {
            Kind::Paragraph => Block::Paragraph(node),
            Kind::Table => Block::Table(
                children(node, Kind::TableRow)
                    .into_iter()
                    .map(RowView::of)
                    .collect(),
            ),
            Kind::List => Block::List(
                children(node, Kind::ListItem)
                    .into_iter()
                    .map(|item| ItemView {
                        node: item,
                        style: field(item, Field::Style),
                        label: child(item, Kind::Label),
                        bodies: children(item, Kind::Body),
                    })
                    .collect(),
            ),
            Kind::BlockQuote => Block::Quote(node, children(node, Kind::Body)),
            Kind::FootnoteDefinition => Block::Footnote(DefView::of(node)),
            Kind::PersonEntry => Block::Person(DefView::of(node)),
            Kind::TermEntry => Block::Term(DefView::of(node)),
            Kind::Error => Block::Error(node),
            _ => return None,
        })
    }
}

impl<'t> DefView<'t> {
    fn of(node: Node<'t>) -> DefView<'t> {
        DefView {
            node,
            label: field(node, Field::Label).or_else(|| field(node, Field::Id)),
            bodies: children(node, Kind::Body),
        }
    }
}

/// The inline content of a container (a paragraph, body, title, metadata
/// value, mention text, editorial content, emphasis), in order.
pub fn inlines(container: Node) -> Vec<Inline> {
    Inlines::forward(container).collect()
}

/// The inline content of a container read lazily, from its start or from
/// its end: checks of a block's first or last characters read a node or
/// two of a long paragraph, not all of it.
pub struct Inlines<'t> {
    /// The next child to read.
    at: Option<Node<'t>>,
    backward: bool,
    /// The edge of the last inline given: its end reading forward, its
    /// start reading backward.
    edge: Option<usize>,
    /// An inline held back while the gap before it is given.
    held: Option<Inline<'t>>,
}

impl<'t> Inlines<'t> {
    pub fn forward(container: Node<'t>) -> Inlines<'t> {
        Inlines::from(container, false)
    }

    pub fn backward(container: Node<'t>) -> Inlines<'t> {
        Inlines::from(container, true)
    }

    fn from(container: Node<'t>, backward: bool) -> Inlines<'t> {
        let at = if backward {
            container.last_child()
        } else {
            container.first_child()
        };
        Inlines {
            at,
            backward,
            edge: None,
            held: None,
        }
    }
}

impl<'t> Iterator for Inlines<'t> {
    type Item = Inline<'t>;

    fn next(&mut self) -> Option<Inline<'t>> {
        if let Some(held) = self.held.take() {
            return Some(held);
        }
        while let Some(node) = self.at {
            self.at = if self.backward {
                node.prev_sibling()
            } else {
                node.next_sibling()
            };
            let Some(inline) = inline_of(node) else {
                continue;
            };
            let (start, end) = (node.start_byte(), node.end_byte());
            let gap = match self.edge {
                Some(edge) if !self.backward && start > edge => Some(edge..start),
                Some(edge) if self.backward && end < edge => Some(end..edge),
                _ => None,
            };
            self.edge = Some(if self.backward { start } else { end });
            return Some(match gap {
                Some(gap) => {
                    self.held = Some(inline);
                    Inline::Gap(gap)
                }
                None => inline,
            });
        }
        None
    }
}

/// What a child of a container is as inline content.
fn inline_of(node: Node) -> Option<Inline> {
    if !node.is_named() {
        return None;
    }
    Some(match kind(node) {
        Kind::Text => Inline::Text(node),
        Kind::Escape => Inline::Escape(node),
        Kind::LineBreak => Inline::LineBreak(node),
        Kind::FootnoteReference => Inline::FootnoteRef(node, field(node, Field::Label)),
        Kind::PageBreak => Inline::PageBreak(node),
        Kind::PersonMention => {
            Inline::Person(node, field(node, Field::Text), field(node, Field::Id))
        }
        Kind::TermMention => Inline::Term(node, field(node, Field::Text), field(node, Field::Id)),
        Kind::ExplicitReference => {
            Inline::Explicit(node, field(node, Field::Text), field(node, Field::Target))
        }
        Kind::Editorial => Inline::Editorial(node, child(node, Kind::Content)),
        Kind::Emphasis => Inline::Emphasis(node),
        Kind::Strong => Inline::Strong(node),
        Kind::Styled => Inline::Styled(node, field(node, Field::Text), field(node, Field::Style)),
        Kind::DocumentPhrase => Inline::DocumentPhrase(node),
        Kind::DocumentsPhrase => Inline::DocumentsPhrase(node),
        Kind::FootnotePhrase => Inline::FootnotePhrase(node),
        Kind::VolumePhrase => Inline::VolumePhrase(node),
        Kind::Error => Inline::Error(node),
        // Labels, ids and keys belong to their blocks, not to the inline
        // content.
        _ => return None,
    })
}

/// How far a list item's bullet is indented: an item holds the items after
/// it that are indented further.
pub fn item_indent(item: Node, src: &str) -> usize {
    super::text(item, src)
        .bytes()
        .take_while(|b| *b == b' ' || *b == b'\t')
        .count()
}

/// The style of a paragraph, table cell, list item or footnote that begins
/// with one: `center` of `{.center} text`.
pub fn block_style<'s>(paragraph: Node, src: &'s str) -> Option<&'s str> {
    let style = field(paragraph, Field::Style)?;
    let raw = super::text(style, src).trim();
    raw.strip_prefix("{.")?.strip_suffix('}')
}

/// The number of a page break, `730` of `[Page 730]`; `[XIV]` of `[Page
/// [XIV]]`, a page the volume does not number, and `[]` of `[Page []]`.
pub fn page_label(page_break: Node, src: &str) -> String {
    label_of_page_break(super::text(page_break, src))
}

/// [`page_label`] of the text of a page break.
pub fn label_of_page_break(raw: &str) -> String {
    let inner = raw.strip_prefix("[Page").unwrap_or(raw);
    inner.strip_suffix(']').unwrap_or(inner).trim().to_string()
}

/// The page break that a container starts (or ends) with, with nothing but
/// white space before (or after) it.
pub fn edge_page_break<'t>(container: Node<'t>, at_start: bool, src: &str) -> Option<Node<'t>> {
    let items = inlines(container);
    let blank = |i: &&Inline| match i {
        Inline::Text(t) => super::text(*t, src).trim().is_empty(),
        Inline::Gap(_) => true,
        _ => false,
    };
    let edge = if at_start {
        items.iter().find(|i| !blank(i))
    } else {
        items.iter().rev().find(|i| !blank(i))
    };
    match edge {
        Some(Inline::PageBreak(n)) => Some(*n),
        _ => None,
    }
}

/// The page number of a paragraph that is nothing but a page break: the
/// export writes it as a `pb` between blocks.
pub fn page_only(block: &Block, src: &str) -> Option<String> {
    let Block::Paragraph(p) = block else {
        return None;
    };
    let mut page = None;
    for i in Inlines::forward(*p) {
        match i {
            Inline::PageBreak(n) if page.is_none() => page = Some(page_label(n, src)),
            Inline::Text(t) if super::text(t, src).trim().is_empty() => {}
            Inline::Gap(_) => {}
            _ => return None,
        }
    }
    page
}

/// `[Gap: quantity=1 unit=pages reason=convenience]`: text left out (TEI
/// `gap`), its attributes as written. The content of editorial brackets is
/// a gap when it is `Gap:` and `name=value` words alone.
pub fn gap_attributes(content: Node, src: &str) -> Option<Attributes> {
    bracket_attributes(content, src, "Gap:")
}

/// `name=value` words of editorial brackets, as written.
pub type Attributes = Vec<(String, String)>;

/// `[Figure: url=ch1fig1]`: an image of the volume (TEI `figure/graphic`),
/// the graphic's attributes as written.
pub fn figure_attributes(content: Node, src: &str) -> Option<Attributes> {
    bracket_attributes(content, src, "Figure:")
}

/// The `name=value` words after `keyword` that are all the content of
/// editorial brackets.
fn bracket_attributes(content: Node, src: &str, keyword: &str) -> Option<Attributes> {
    let items = inlines(content);
    let [Inline::Text(t)] = items.as_slice() else {
        return None;
    };
    let rest = super::text(*t, src).strip_prefix(keyword)?;
    let mut out = Vec::new();
    for word in rest.split_whitespace() {
        let (name, value) = word.split_once('=')?;
        let name_ok = name.starts_with(|c: char| c.is_ascii_lowercase())
            && name.chars().all(|c| c.is_ascii_alphanumeric());
        if !name_ok || value.is_empty() {
            return None;
        }
        out.push((name.to_string(), value.to_string()));
    }
    Some(out)
}

/// A paragraph that is one gap and nothing else, with the gap's attributes.
pub fn gap_only(block: &Block, src: &str) -> Option<Attributes> {
    let Block::Paragraph(p) = block else {
        return None;
    };
    let mut gap = None;
    for i in Inlines::forward(*p) {
        match i {
            Inline::Editorial(_, Some(c)) if gap.is_none() => gap = Some(gap_attributes(c, src)?),
            Inline::Text(t) if super::text(t, src).trim().is_empty() => {}
            Inline::Gap(_) => {}
            _ => return None,
        }
    }
    gap
}

/// A paragraph that begins with a figure, `[Figure: url=ch1fig1] Map of
/// Laos`: the graphic's attributes, and the inline content after the
/// brackets, its caption (TEI `figure/head`).
pub fn figure<'t>(block: &Block<'t>, src: &str) -> Option<(Attributes, Vec<Inline<'t>>)> {
    let Block::Paragraph(p) = block else {
        return None;
    };
    let items = inlines(*p);
    let (at, attributes) = items.iter().enumerate().find_map(|(k, i)| match i {
        Inline::Text(t) if super::text(*t, src).trim().is_empty() => None,
        Inline::Gap(_) => None,
        Inline::Editorial(_, Some(c)) => Some((k, figure_attributes(*c, src))),
        _ => Some((k, None)),
    })?;
    Some((attributes?, items[at + 1..].to_vec()))
}

/// A paragraph that is a table's caption, `Table: U.S. Aid to Laos`, right
/// before the table (TEI `table/head`); a `Table:` written `Table\:` is text.
pub fn is_table_caption(block: &Block, next: Option<&Block>, src: &str) -> bool {
    let (Block::Paragraph(p), Some(Block::Table(_))) = (block, next) else {
        return false;
    };
    matches!(inlines(*p).first(), Some(Inline::Text(t)) if super::text(*t, src).starts_with(TABLE_CAPTION))
}

/// What begins a table's caption.
pub const TABLE_CAPTION: &str = "Table:";

/// The strong of a paragraph that is one bold run (`**W.A.H.**`).
pub fn lone_strong(p: Node) -> Option<Node> {
    signature(p).map(|sig| sig.strong)
}

/// A closing signature: `**Jim**[^8]`, or the bold name as a person
/// mention, `[**JFD**]{@DJF1}` (TEI `signed/persName/hi`).
#[derive(Debug, Clone)]
pub struct SignatureView<'t> {
    /// The paragraph's first inline: the bold run, or the mention around it.
    pub outer: Node<'t>,
    /// The bold run.
    pub strong: Node<'t>,
    /// The mention around the bold run, with its id.
    pub mention: Option<(Node<'t>, Option<Node<'t>>)>,
    /// The footnote markers after it.
    pub notes: Vec<Inline<'t>>,
}

/// A paragraph that is one bold run, or one person mention of one bold
/// run, and the footnote markers after it, as a signature.
pub fn signature(p: Node) -> Option<SignatureView> {
    let mut items = Inlines::forward(p);
    let (outer, strong, mention) = match items.next()? {
        Inline::Strong(s) => (s, s, None),
        Inline::Person(n, Some(text), id) => match inlines(text).as_slice() {
            [Inline::Strong(s)] => (n, *s, Some((n, id))),
            _ => return None,
        },
        _ => return None,
    };
    let notes: Vec<Inline> = items.collect();
    notes
        .iter()
        .all(|i| matches!(i, Inline::FootnoteRef(..)))
        .then_some(SignatureView {
            outer,
            strong,
            mention,
            notes,
        })
}

/// The block of a document's part (before its first sub-heading, or a
/// sub-heading's) that is its closing signature, `closer/signed` in TEI:
/// the last block, footnote definitions and page-break paragraphs aside,
/// when it is a paragraph of one bold run. A postscript after it does not
/// count: it follows the closer.
pub fn closer(blocks: &[Block], src: &str) -> Option<usize> {
    blocks
        .iter()
        .rposition(|b| {
            !matches!(b, Block::Footnote(_))
                && page_only(b, src).is_none()
                && !is_postscript(b, src)
                && !is_closer_dateline(b, src)
        })
        .filter(|&i| matches!(&blocks[i], Block::Paragraph(p) if lone_strong(*p).is_some()))
}

/// Where the closer that ends at the signature `signature` ends: after the
/// datelines that follow the signature (`{.dateline} Paris, May 1, 1870.`).
pub fn closer_end(blocks: &[Block], signature: usize, src: &str) -> usize {
    let mut end = signature + 1;
    while blocks.get(end).is_some_and(|b| is_closer_dateline(b, src)) {
        end += 1;
    }
    end
}

/// The second names of a register entry whose first body is `body`: the
/// person (or term) mentions with an id that follow its bold name, joined
/// by a space, `or` or `and` (`**ARA** or [ARA/LA]{=ARALA}, …`,
/// `**Deng Xiaoping** [(Teng Hsiao-p’ing)]{@TH_1}, …`). Each with its id
/// and its text container.
pub fn entry_aliases<'t>(
    body: Node<'t>,
    person: bool,
    src: &str,
) -> Vec<(Node<'t>, Node<'t>, Node<'t>)> {
    let mut items = Inlines::forward(body)
        .skip_while(|i| matches!(i, Inline::Text(t) if super::text(*t, src).trim().is_empty()));
    if !matches!(items.next(), Some(Inline::Strong(_))) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut joined = false;
    for item in items {
        match item {
            Inline::Text(t) if !joined && is_name_joiner(super::text(t, src)) => joined = true,
            Inline::Person(n, Some(text), Some(id)) if person && joined => {
                out.push((n, id, text));
                joined = false;
            }
            Inline::Term(n, Some(text), Some(id)) if !person && joined => {
                out.push((n, id, text));
                joined = false;
            }
            _ => break,
        }
    }
    out
}

/// What may stand between two names of a register entry: a space, `or`,
/// `and`.
fn is_name_joiner(s: &str) -> bool {
    s.starts_with(char::is_whitespace) && matches!(s.trim(), "" | "or" | "and")
}

/// The style of a paragraph that is part of a letter's postscript
/// (`{.postscript} P.S. …`, TEI `postscript/p`) rather than a rendering.
pub const POSTSCRIPT: &str = "postscript";

/// Is this block a paragraph of a postscript?
pub fn is_postscript(block: &Block, src: &str) -> bool {
    has_block_style(block, src, POSTSCRIPT)
}

/// Is this block a paragraph set in `style` (`{.style} …`)?
fn has_block_style(block: &Block, src: &str, style: &str) -> bool {
    matches!(block, Block::Paragraph(p) if block_style(*p, src) == Some(style))
}

/// The style of a closing salutation (`{.salute} Sincerely,`, TEI
/// `closer/salute` when it stands right before the closing signature).
pub const SALUTE: &str = "salute";

/// The style of a dateline that is part of a closer (TEI `closer/dateline`,
/// as 19th-century letters date themselves beside the signature).
pub const DATELINE: &str = "dateline";

/// Is this block a paragraph styled as a closer's dateline?
pub fn is_closer_dateline(block: &Block, src: &str) -> bool {
    has_block_style(block, src, DATELINE)
}

/// Is this block a paragraph styled as a salutation?
pub fn is_salute(block: &Block, src: &str) -> bool {
    has_block_style(block, src, SALUTE)
}

/// Where the closer that ends at the signature `signature` begins: at the
/// salutations and datelines right before it.
pub fn closer_start(blocks: &[Block], signature: usize, src: &str) -> usize {
    let mut start = signature;
    while start > 0
        && (is_salute(&blocks[start - 1], src) || is_closer_dateline(&blocks[start - 1], src))
    {
        start -= 1;
    }
    start
}

/// The numbers of a reference phrase, in order: a range gives its two ends.
pub fn phrase_numbers(phrase: Node) -> Vec<Node> {
    let mut out = Vec::new();
    for c in named_children(phrase) {
        match kind(c) {
            Kind::Number => out.push(c),
            Kind::Range => out.extend(children(c, Kind::Number)),
            _ => {}
        }
    }
    out
}

/// The number of a `Document N` phrase, unless it is a placeholder.
pub fn document_phrase_number(phrase: Node) -> Option<Node> {
    field(phrase, Field::Number).filter(|n| kind(*n) == Kind::Number)
}

/// The footnote number of a `footnote N` phrase (unless a placeholder) and
/// its `Document N` part, if any.
pub fn footnote_phrase_parts(phrase: Node) -> (Option<Node>, Option<Node>) {
    (
        field(phrase, Field::Footnote).filter(|n| kind(*n) == Kind::Number),
        field(phrase, Field::Document),
    )
}

/// The citation of a volume phrase and its `Document(s) …` part, if any.
pub fn volume_phrase_parts(phrase: Node) -> (Option<Node>, Option<Node>) {
    (
        child(phrase, Kind::VolumeCitation),
        field(phrase, Field::Document),
    )
}

/// Is this node a `Documents …` phrase (rather than `Document N`)?
pub fn is_documents_phrase(node: Node) -> bool {
    kind(node) == Kind::DocumentsPhrase
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::{parse_tree as parse, text};

    #[test]
    fn a_document_with_a_section_and_footnotes() {
        let src = "# 236. Memo[^1]\nDateline: Washington, December 19, 1965.\n\nAt Tab B is a draft.[^2]\n\n- 1. It includes a pause.\n- 2. Food.\n\n> Quoted\n\n## Tab A\n\nText.\n\n[^1]: Source: Johnson Library.\n[^2]: Not printed.\n";
        let tree = parse(src);
        let view = FileView::of(&tree);
        assert_eq!(view.scopes.len(), 1);
        let doc = &view.scopes[0];
        assert_eq!(doc.kind, ScopeKind::Document);
        assert_eq!(doc.heading.number.map(|n| text(n, src)), Some("236"));
        assert_eq!(doc.heading.metadata.len(), 1);
        assert_eq!(text(doc.heading.metadata[0].key, src), "Dateline");
        assert!(matches!(doc.body.blocks[0], Block::Paragraph(_)));
        let Block::List(items) = &doc.body.blocks[1] else {
            panic!("a list: {:?}", doc.body.blocks[1]);
        };
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].label.map(|l| text(l, src)), Some("1."));
        assert!(matches!(doc.body.blocks[2], Block::Quote(_, _)));
        assert_eq!(doc.body.sections.len(), 1);
        let section = &doc.body.sections[0];
        assert_eq!(section.level(src), 2);
        let footnotes = section
            .blocks
            .iter()
            .filter(|b| matches!(b, Block::Footnote(_)))
            .count();
        assert_eq!(footnotes, 2);
    }

    /// Read from its end, every container of the example volume and of a
    /// text with gaps and errors gives what it gives from its start.
    #[test]
    fn inlines_read_backward_are_the_same() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds/frus1964-68v03");
        let mut texts: Vec<String> = std::fs::read_dir(dir)
            .expect("the example volume")
            .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
            .collect();
        texts.push("a [x]{@ *b [^1] \\[ [Page 3]** [sic\n\n[^1]: n\n".to_string());
        let mut compared = 0;
        for src in &texts {
            let tree = parse(src);
            crate::syntax::walk(tree.root_node(), |step| {
                if let crate::syntax::Step::Enter(node) = step {
                    let forward: Vec<String> =
                        Inlines::forward(node).map(|i| format!("{i:?}")).collect();
                    let mut backward: Vec<String> =
                        Inlines::backward(node).map(|i| format!("{i:?}")).collect();
                    backward.reverse();
                    assert_eq!(backward, forward, "{:?}", text(node, src));
                    compared += usize::from(!forward.is_empty());
                }
                true
            });
        }
        assert!(compared > 100, "{compared}");
    }

    #[test]
    fn inline_content_in_order() {
        let src = "See Document 256 and [Tommy]{@TLEJ1}[^4] [Page 7] *in* [sic] \\[.\n";
        let tree = parse(src);
        let view = FileView::of(&tree);
        let Block::Paragraph(p) = view.preamble.blocks[0] else {
            panic!("a paragraph");
        };
        let kinds: Vec<&str> = inlines(p)
            .iter()
            .map(|i| match i {
                Inline::Text(_) | Inline::Gap(_) => "text",
                Inline::DocumentPhrase(_) => "doc",
                Inline::Person(..) => "person",
                Inline::FootnoteRef(..) => "fn",
                Inline::PageBreak(_) => "page",
                Inline::Emphasis(_) => "em",
                Inline::Editorial(..) => "ed",
                Inline::Escape(_) => "esc",
                Inline::LineBreak(_) => "lb",
                _ => "other",
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "text", "doc", "text", "person", "fn", "text", "page", "text", "em", "text", "ed",
                "text", "esc", "text"
            ]
        );
    }
}
