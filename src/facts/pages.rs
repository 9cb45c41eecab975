//! Where a page break stands in the element the export writes around it.
//! FRUS's Schematron (frus.sch F56, F57) wants a `pb` inside an element to
//! have something beside it on both sides: a break at the very start or end
//! of a paragraph, item, note, heading, emphasis or mention belongs between
//! blocks or outside the element.

use super::{BreakEdge, Span};
use crate::syntax::Node;
use crate::syntax::{field, kind, text, Field, Kind};

/// How far a break is followed out of nested inline elements for its fix:
/// beyond any real markup, and a bound on the cost of brackets in brackets.
const MAX_CLIMB: usize = 64;

/// What the export makes of the node that holds a break.
#[derive(Clone, Copy)]
enum Holder<'t> {
    /// An element around inline content (`hi`, `persName`, `gloss`,
    /// `ref`): `element` spans it in the source, delimiters included.
    Inline {
        element: Node<'t>,
        name: &'static str,
    },
    /// A block, and what its start and its end are to a break.
    Block {
        name: &'static str,
        start: Edge<'t>,
        end: Edge<'t>,
    },
    /// Text in TEI: editorial brackets, whose `[` and `]` stand beside
    /// whatever they hold.
    Text,
    /// Not written as an element with content (other metadata lines).
    Nothing,
}

/// One end of a block.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Edge<'t> {
    /// The export always writes something there: the number of a
    /// document's head, the name of a register entry.
    Filled,
    /// The export writes a break there between list items instead, or
    /// before the dateline whose line it begins.
    Between,
    /// An edge that a break cannot leave (a footnote, a heading).
    Fixed,
    /// An edge of this block of the part: a break can leave it for a
    /// paragraph of its own before or after the block.
    Leave(Node<'t>),
}

fn block<'t>(name: &'static str, start: Edge<'t>, end: Edge<'t>) -> Holder<'t> {
    Holder::Block { name, start, end }
}

/// The edges of one paragraph of a block whose paragraphs are `body`'s
/// siblings of its kind: the block's own edges at its first and last.
fn paragraph_edges(body: Node) -> (bool, bool) {
    let first = body
        .prev_named_sibling()
        .is_none_or(|n| kind(n) != Kind::Body);
    let last = body
        .next_named_sibling()
        .is_none_or(|n| kind(n) != Kind::Body);
    (first, last)
}

fn holder<'t>(node: Node<'t>, src: &str) -> Holder<'t> {
    let parent = node.parent();
    let parent_kind = parent.map(kind);
    match kind(node) {
        Kind::Emphasis => Holder::Inline {
            element: node,
            name: "italics",
        },
        Kind::Strong => Holder::Inline {
            element: node,
            name: "bold text",
        },
        Kind::MentionText => match (parent, parent_kind) {
            (Some(p), Some(Kind::PersonMention)) => Holder::Inline {
                element: p,
                name: "person mention",
            },
            (Some(p), Some(Kind::TermMention)) => Holder::Inline {
                element: p,
                name: "term mention",
            },
            (Some(p), Some(Kind::ExplicitReference)) => Holder::Inline {
                element: p,
                name: "reference",
            },
            _ => Holder::Nothing,
        },
        Kind::Content => Holder::Text,
        Kind::Paragraph => block("paragraph", Edge::Leave(node), Edge::Leave(node)),
        Kind::Body => {
            let (first, last) = paragraph_edges(node);
            let Some(p) = parent else {
                return Holder::Nothing;
            };
            match parent_kind {
                Some(Kind::ListItem) => {
                    // The export writes a break that begins a later item,
                    // or ends an earlier one, between the items.
                    let list = p.parent();
                    let prev = p
                        .prev_named_sibling()
                        .is_some_and(|n| kind(n) == Kind::ListItem);
                    let next = p
                        .next_named_sibling()
                        .is_some_and(|n| kind(n) == Kind::ListItem);
                    let edge = |at_edge: bool, beside: bool| match (at_edge, beside, list) {
                        (true, true, _) => Edge::Between,
                        (true, false, Some(l)) => Edge::Leave(l),
                        _ => Edge::Fixed,
                    };
                    block("list item", edge(first, prev), edge(last, next))
                }
                Some(Kind::BlockQuote) => {
                    let edge = |at: bool| if at { Edge::Leave(p) } else { Edge::Fixed };
                    block("quotation", edge(first), edge(last))
                }
                Some(Kind::FootnoteDefinition) => block("footnote", Edge::Fixed, Edge::Fixed),
                // The bodies of an entry are one `item`, which begins with
                // the name; a break after the entry stands between items.
                Some(Kind::PersonEntry | Kind::TermEntry) => block(
                    "register entry",
                    if first { Edge::Filled } else { Edge::Fixed },
                    if last { Edge::Leave(p) } else { Edge::Fixed },
                ),
                _ => Holder::Nothing,
            }
        }
        Kind::Title => match parent_kind {
            // `<head>261. …`: the number comes first.
            Some(Kind::DocumentHeading) => block("heading", Edge::Filled, Edge::Fixed),
            Some(Kind::DivisionHeading | Kind::Subheading) => {
                block("heading", Edge::Fixed, Edge::Fixed)
            }
            _ => Holder::Nothing,
        },
        // `Dateline: [Page 9] Washington, …`: the page starts before the
        // dateline.
        Kind::MetadataValue if is_exported_dateline(node, src) => {
            block("dateline", Edge::Between, Edge::Fixed)
        }
        _ => Holder::Nothing,
    }
}

/// A `Dateline:` value that the export writes as a `dateline`: under a
/// document heading, or under a sub-heading inside a document.
fn is_exported_dateline(value: Node, src: &str) -> bool {
    let Some(meta) = value.parent() else {
        return false;
    };
    if field(meta, Field::Key).map(|k| text(k, src)) != Some("Dateline") {
        return false;
    }
    match meta.parent() {
        Some(h) if kind(h) == Kind::DocumentHeading => true,
        Some(h) if kind(h) == Kind::Subheading => h
            .parent()
            .and_then(|section| section.parent())
            .is_some_and(|p| kind(p) == Kind::Document),
        _ => false,
    }
}

/// Nothing but white space beside `node` on one side among its siblings.
fn bare_side(node: Node, at_start: bool, src: &str) -> bool {
    let mut sibling = if at_start {
        node.prev_named_sibling()
    } else {
        node.next_named_sibling()
    };
    while let Some(s) = sibling {
        if kind(s) != Kind::Text || !text(s, src).trim().is_empty() {
            return false;
        }
        sibling = if at_start {
            s.prev_named_sibling()
        } else {
            s.next_named_sibling()
        };
    }
    true
}

/// The edge of its element that `node` stands alone at, on one side, if
/// that is an edge in TEI.
fn edge_of<'t>(node: Node<'t>, at_start: bool, src: &str) -> Option<Edge<'t>> {
    let holder = holder(node.parent()?, src);
    let edge = match holder {
        Holder::Text | Holder::Nothing => return None,
        Holder::Inline { .. } => Edge::Fixed,
        Holder::Block { start, end, .. } => {
            if at_start {
                start
            } else {
                end
            }
        }
    };
    (edge != Edge::Filled && bare_side(node, at_start, src)).then_some(edge)
}

/// The edges of its element that a page break stands at.
pub(super) fn edges(brk: Node, src: &str) -> Vec<BreakEdge> {
    let Some(parent) = brk.parent() else {
        return Vec::new();
    };
    let (name, is_paragraph) = match holder(parent, src) {
        Holder::Inline { name, .. } => (name, false),
        Holder::Block { name, .. } => (name, kind(parent) == Kind::Paragraph),
        Holder::Text | Holder::Nothing => return Vec::new(),
    };
    let (first, last) = (edge_of(brk, true, src), edge_of(brk, false, src));
    let alone = first.is_some() && last.is_some();
    // A paragraph that is only a break is written between blocks, and so is
    // a list item that is only a break, after the first.
    if alone && (is_paragraph || first == Some(Edge::Between) || last == Some(Edge::Between)) {
        return Vec::new();
    }
    [(true, first), (false, last)]
        .into_iter()
        .filter(|(_, e)| e.is_some_and(|e| e != Edge::Between))
        .map(|(at_start, _)| BreakEdge {
            at_start,
            container: name,
            moved: move_out(brk, at_start, src),
        })
        .collect()
}

/// The replacement that moves a break out of the elements it is alone at
/// the edge of: just outside the outermost of them that has something
/// beside it, or before or after its block as a paragraph of its own.
fn move_out(brk: Node, at_start: bool, src: &str) -> Option<(Span, String)> {
    let mut inner = brk;
    for _ in 0..MAX_CLIMB {
        let cur = inner.parent()?;
        match holder(cur, src) {
            Holder::Inline { element, .. } => match edge_of(element, at_start, src) {
                // Alone at an edge of what holds it too: further out.
                Some(e) if e != Edge::Between => inner = element,
                _ => return Some(beside(brk, element, at_start, src)),
            },
            Holder::Block { start, end, .. } => {
                return match if at_start { start } else { end } {
                    Edge::Leave(b) => Some(own_paragraph(brk, b, at_start, src)),
                    _ => None,
                }
            }
            Holder::Text | Holder::Nothing => return None,
        }
    }
    None
}

/// White space right after the break, within its container.
fn space_after(brk: Node, src: &str) -> usize {
    let limit = brk.parent().map_or(src.len(), |p| p.end_byte());
    let rest = src.get(brk.end_byte()..limit).unwrap_or("");
    brk.end_byte() + (rest.len() - rest.trim_start().len())
}

/// White space right before the break, within its container.
fn space_before(brk: Node, src: &str) -> usize {
    let limit = brk.parent().map_or(0, |p| p.start_byte());
    let rest = src.get(limit..brk.start_byte()).unwrap_or("");
    limit + rest.trim_end().len()
}

/// The break just before (or after) `element`, spaced as the text beside
/// the element is, so that `page-break-space` stays content.
fn beside(brk: Node, element: Node, at_start: bool, src: &str) -> (Span, String) {
    let b = text(brk, src);
    if at_start {
        let spaced = src
            .get(..element.start_byte())
            .unwrap_or("")
            .chars()
            .next_back()
            .is_none_or(char::is_whitespace);
        let sep = if spaced { " " } else { "" };
        let kept = src
            .get(element.start_byte()..brk.start_byte())
            .unwrap_or("");
        (
            element.start_byte()..space_after(brk, src),
            format!("{b}{sep}{kept}"),
        )
    } else {
        let spaced = src
            .get(element.end_byte()..)
            .unwrap_or("")
            .chars()
            .next()
            .is_none_or(char::is_whitespace);
        let sep = if spaced { " " } else { "" };
        let kept = src.get(brk.end_byte()..element.end_byte()).unwrap_or("");
        (
            space_before(brk, src)..element.end_byte(),
            format!("{kept}{sep}{b}"),
        )
    }
}

/// The break as a paragraph of its own before (or after) its block.
fn own_paragraph(brk: Node, p: Node, at_start: bool, src: &str) -> (Span, String) {
    let b = text(brk, src);
    // The blank line in the file's own line ending, as its line has it.
    let rest = src.get(brk.end_byte()..).unwrap_or("");
    let crlf = rest.find('\n').is_some_and(|i| rest[..i].ends_with('\r'));
    let blank = if crlf { "\r\n\r\n" } else { "\n\n" };
    if at_start {
        let kept = src.get(p.start_byte()..brk.start_byte()).unwrap_or("");
        (
            p.start_byte()..space_after(brk, src),
            format!("{b}{blank}{kept}"),
        )
    } else {
        let end = p.start_byte() + text(p, src).trim_end().len();
        let kept = src.get(brk.end_byte()..end).unwrap_or("");
        (space_before(brk, src)..end, format!("{kept}{blank}{b}"))
    }
}
