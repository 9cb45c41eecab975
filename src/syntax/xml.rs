//! XML, for FRUS TEI served as it is: the tree-sitter-xml binding (the same
//! runtime as the markup's, and incremental like it) and typed views over
//! its elements and attributes. The only code that knows this grammar's
//! node kinds.
//!
//! Nothing here loads a DTD or an external entity: a `DOCTYPE` is read as
//! text and skipped, and a reference to an entity other than XML's five
//! and character references is reported, never resolved.

use std::ops::Range;
use tree_sitter::{Node, Parser, Tree};

/// A parser set up for XML.
pub fn parser() -> Parser {
    let mut parser = Parser::new();
    // The grammar and the runtime are linked into one build; a mismatch is
    // a build error, not a user error.
    parser
        .set_language(&tree_sitter_xml::LANGUAGE_XML.into())
        .expect("the XML grammar matches the tree-sitter runtime");
    parser
}

thread_local! {
    static PARSER: std::cell::RefCell<Parser> = std::cell::RefCell::new(parser());
}

/// Where the root element's `<` stands: after the text's declaration,
/// comments, processing instructions and document type.
pub fn root_start(text: &str) -> Option<usize> {
    let mut at = text.len() - text.trim_start_matches('\u{feff}').len();
    loop {
        let rest = text.get(at..)?;
        let trimmed = rest.trim_start();
        at += rest.len() - trimmed.len();
        let skip = |end: &str| trimmed.find(end).map(|i| i + end.len());
        at += if trimmed.starts_with("<?") {
            skip("?>")?
        } else if trimmed.starts_with("<!--") {
            skip("-->")?
        } else if trimmed.starts_with("<!") {
            skip(">")?
        } else {
            return trimmed.starts_with('<').then_some(at);
        };
    }
}

/// The root element's start tag, up to its `>` (a quoted value may hold
/// one); None while it is unfinished.
pub fn root_start_tag(text: &str) -> Option<Range<usize>> {
    let start = root_start(text)?;
    let mut quote = None;
    for (i, c) in text[start..].char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(start..start + i + 1),
            _ => {}
        }
    }
    None
}

/// How deep elements may nest. The grammar keeps the names of open
/// elements in its scanner's state, which it copies at every token, so
/// parse time grows with the square of the depth (500 levels: 35 ms for
/// 3 KB); FRUS TEI nests about 15 deep.
pub const MAX_DEPTH: usize = 256;

/// Where elements first nest deeper than [`MAX_DEPTH`], by a scan of the
/// tags that needs no parse (comments, CDATA sections, processing
/// instructions and declarations are skipped).
pub fn too_deep(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(at) = memchr::memchr(b'<', &bytes[i..]) {
        let start = i + at;
        let rest = &bytes[start..];
        let skip_to = |end: &[u8]| {
            memchr::memmem::find(rest, end).map_or(bytes.len(), |e| start + e + end.len())
        };
        i = if rest.starts_with(b"<!--") {
            skip_to(b"-->")
        } else if rest.starts_with(b"<![CDATA[") {
            skip_to(b"]]>")
        } else if rest.starts_with(b"<?") {
            skip_to(b"?>")
        } else if rest.starts_with(b"<!") {
            skip_to(b">")
        } else if rest.starts_with(b"</") {
            depth = depth.saturating_sub(1);
            skip_to(b">")
        } else {
            let end = skip_to(b">");
            if !bytes[..end].ends_with(b"/>") {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(start);
                }
            }
            end
        };
        if i >= bytes.len() {
            break;
        }
    }
    None
}

/// Parses a whole XML text; a text whose elements nest deeper than
/// [`MAX_DEPTH`] is not parsed (see [`too_deep`]).
pub fn parse(text: &str) -> Tree {
    let text = if too_deep(text).is_some() { "" } else { text };
    let run = |p: &mut Parser| {
        p.parse(text, None)
            .expect("parsing without a timeout or cancellation always yields a tree")
    };
    PARSER.with(|p| match p.try_borrow_mut() {
        Ok(mut p) => run(&mut p),
        Err(_) => run(&mut parser()),
    })
}

/// An element of a parsed text.
#[derive(Clone, Copy)]
pub struct Element<'t> {
    node: Node<'t>,
    src: &'t str,
}

/// An attribute as written: its name, its value between the quotes, and
/// where that value stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute<'t> {
    pub name: &'t str,
    /// The value with its character and entity references replaced.
    pub value: String,
    /// The bytes between the quotes.
    pub value_span: Range<usize>,
}

/// An element of a parsed XML text, as the facts read it: the same view
/// over the tree-sitter tree ([`Element`], which an edit re-parses
/// incrementally) and over a DOM ([`super::xml_dom::DomElement`], which a
/// well-formed file is read into several times faster).
pub trait XmlElement<'t>: Copy + Sized {
    /// The name as written, with its prefix (`frus:attachment`).
    fn name(&self) -> &'t str;
    /// The name without its prefix.
    fn local_name(&self) -> &'t str {
        let name = self.name();
        name.rsplit_once(':').map_or(name, |(_, local)| local)
    }
    /// From `<` of the start tag to `>` of the end tag.
    fn span(&self) -> Range<usize>;
    /// The start tag alone (the whole element when it is empty).
    fn start_tag_span(&self) -> Range<usize>;
    /// Between the start tag and the end tag (empty after an empty
    /// element's tag).
    fn content_span(&self) -> Range<usize>;
    /// An attribute by its name as written (`xml:id`, `n`).
    fn attribute(&self, name: &str) -> Option<Attribute<'t>>;
    /// The value of an attribute, references replaced.
    fn attr(&self, name: &str) -> Option<String> {
        self.attribute(name).map(|a| a.value)
    }
    /// What the element holds, in order: elements and text, a text cut
    /// where a reference stands so that each piece maps to its bytes.
    fn content(&self) -> Vec<Content<'t, Self>>;
    /// The child elements.
    fn children(&self) -> Vec<Self>;
    /// The plain text of the element and everything in it.
    fn text(&self) -> String;
    /// The first element inside this one (itself excluded), in document
    /// order, that `wanted` accepts.
    fn find(&self, wanted: &dyn Fn(&Self) -> bool) -> Option<Self>;
}

/// What an element holds, in order.
pub enum Content<'t, E> {
    Element(E),
    /// Character data (the text itself, or a CDATA section's), with
    /// references replaced; `span` is where it stands. Text as written is
    /// borrowed from the source.
    Text {
        text: std::borrow::Cow<'t, str>,
        span: Range<usize>,
    },
}

impl<E> Content<'_, E> {
    /// Text that is its source byte for byte (no reference, no CDATA
    /// section): where a place in it is a place in the file.
    pub fn as_written(&self) -> Option<(&str, usize)> {
        match self {
            Content::Text { text, span } if text.len() == span.len() => Some((text, span.start)),
            _ => None,
        }
    }
}

/// A place where the text is not well-formed XML, or names an entity
/// that no DTD will be loaded to define.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlError {
    pub span: Range<usize>,
    pub message: String,
}

/// The first named child of a node of one of these kinds.
fn child_of_kind<'t>(node: Node<'t>, kinds: &[&str]) -> Option<Node<'t>> {
    let mut cursor = node.walk();
    let found = node
        .named_children(&mut cursor)
        .find(|n| kinds.contains(&n.kind()));
    found
}

impl<'t> Element<'t> {
    /// The root element of a document.
    pub fn root(tree: &'t Tree, src: &'t str) -> Option<Element<'t>> {
        child_of_kind(tree.root_node(), &["element"]).map(|node| Element { node, src })
    }

    fn wrap(&self, node: Node<'t>) -> Element<'t> {
        Element {
            node,
            src: self.src,
        }
    }

    /// The start tag (or the empty-element tag).
    fn tag(&self) -> Option<Node<'t>> {
        child_of_kind(self.node, &["STag", "EmptyElemTag"])
    }

    fn read_attribute(&self, a: Node<'t>) -> Option<Attribute<'t>> {
        let name = a.named_child(0).filter(|n| n.kind() == "Name")?;
        let value = a.named_child(1).filter(|n| n.kind() == "AttValue")?;
        let quoted = value.byte_range();
        // The value node includes its quotes.
        let inner = quoted.start + 1..quoted.end.saturating_sub(1).max(quoted.start + 1);
        let raw = self.src.get(inner.clone())?;
        Some(Attribute {
            name: self.src.get(name.byte_range())?,
            value: unescape(raw),
            value_span: inner,
        })
    }
}

impl<'t> XmlElement<'t> for Element<'t> {
    fn name(&self) -> &'t str {
        self.tag()
            .and_then(|t| t.named_child(0))
            .filter(|n| n.kind() == "Name")
            .and_then(|n| self.src.get(n.byte_range()))
            .unwrap_or("")
    }

    fn span(&self) -> Range<usize> {
        self.node.byte_range()
    }

    fn start_tag_span(&self) -> Range<usize> {
        self.tag().map_or(self.span(), |t| t.byte_range())
    }

    fn content_span(&self) -> Range<usize> {
        let tag = self.start_tag_span();
        let end_tag = child_of_kind(self.node, &["ETag"]).map_or(tag.end, |n| n.start_byte());
        tag.end..end_tag.max(tag.end)
    }

    fn attribute(&self, name: &str) -> Option<Attribute<'t>> {
        let tag = self.tag()?;
        let mut cursor = tag.walk();
        let found = tag.named_children(&mut cursor).find(|a| {
            a.kind() == "Attribute"
                && a.named_child(0)
                    .and_then(|n| self.src.get(n.byte_range()))
                    .is_some_and(|n| n == name)
        });
        found.and_then(|a| self.read_attribute(a))
    }

    fn content(&self) -> Vec<Content<'t, Self>> {
        let Some(content) = child_of_kind(self.node, &["content"]) else {
            return Vec::new();
        };
        let src: &'t str = self.src;
        let raw = |n: Node| src.get(n.byte_range()).unwrap_or("");
        let mut out = Vec::new();
        let mut cursor = content.walk();
        for n in content.named_children(&mut cursor) {
            let text = match n.kind() {
                "element" => {
                    out.push(Content::Element(self.wrap(n)));
                    continue;
                }
                "CharData" => raw(n).into(),
                "EntityRef" | "CharRef" => unescape(raw(n)).into(),
                "CDSect" => child_of_kind(n, &["CData"]).map_or("", raw).into(),
                // Comments, processing instructions, errors: not text.
                _ => continue,
            };
            out.push(Content::Text {
                text,
                span: n.byte_range(),
            });
        }
        out
    }

    fn children(&self) -> Vec<Self> {
        let Some(content) = child_of_kind(self.node, &["content"]) else {
            return Vec::new();
        };
        let mut cursor = content.walk();
        let children = content
            .named_children(&mut cursor)
            .filter(|n| n.kind() == "element")
            .map(|n| self.wrap(n))
            .collect();
        children
    }

    fn text(&self) -> String {
        let mut out = String::new();
        preorder(self.node, |n| match n.kind() {
            "CharData" | "CData" => {
                out.push_str(self.src.get(n.byte_range()).unwrap_or(""));
                false
            }
            "EntityRef" | "CharRef" => {
                out.push_str(&unescape(self.src.get(n.byte_range()).unwrap_or("")));
                false
            }
            // Tags hold attribute values, not text.
            "STag" | "ETag" | "EmptyElemTag" | "Comment" | "PI" => false,
            _ => true,
        });
        out
    }

    fn find(&self, wanted: &dyn Fn(&Self) -> bool) -> Option<Self> {
        let mut found = None;
        preorder(self.node, |n| {
            if found.is_some() {
                return false;
            }
            if n.kind() == "element" && n != self.node {
                let e = self.wrap(n);
                if wanted(&e) {
                    found = Some(e);
                    return false;
                }
            }
            // Text, references and tags hold no elements.
            !matches!(
                n.kind(),
                "CharData" | "STag" | "ETag" | "EmptyElemTag" | "EntityRef" | "CharRef"
            )
        });
        found
    }
}

/// The text with XML's five entity references and character references
/// replaced; any other reference is kept as written (it is reported by
/// [`errors`], not resolved).
pub fn unescape(raw: &str) -> String {
    if !raw.contains('&') {
        return raw.to_string();
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let Some(end) = after.find(';').filter(|&e| e <= 32) else {
            out.push('&');
            rest = after;
            continue;
        };
        let name = &after[..end];
        let replaced = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => name
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match replaced {
            Some(c) => out.push(c),
            None => {
                out.push('&');
                out.push_str(name);
                out.push(';');
            }
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Visits a node and the nodes inside it in document order, going into a
/// node's children when `visit` says so. Iterative: nesting depth is the
/// input's.
fn preorder<'t>(top: Node<'t>, mut visit: impl FnMut(Node<'t>) -> bool) {
    let mut cursor = top.walk();
    loop {
        if visit(cursor.node()) && cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.node() == top {
                return;
            }
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return;
            }
        }
    }
}

/// Where the text is not well-formed, and the entities it names that
/// would need a DTD, in the order they stand.
pub fn errors(tree: &Tree, src: &str) -> Vec<XmlError> {
    let mut out = Vec::new();
    if let Some(at) = too_deep(src) {
        let end = src[at..].find('>').map_or(src.len(), |e| at + e + 1);
        out.push(XmlError {
            span: at..end,
            message: format!(
                "elements nest more than {MAX_DEPTH} deep here; the file is not read further"
            ),
        });
        return out;
    }
    let root = tree.root_node();
    if root.has_error() {
        // Only the parts that hold an error are gone into.
        preorder(root, |node| {
            if node.is_error() {
                out.push(XmlError {
                    span: node.byte_range(),
                    message: "this is not well-formed XML".into(),
                });
                return false;
            }
            if node.is_missing() {
                out.push(XmlError {
                    span: node.byte_range(),
                    message: format!("`{}` is missing here", node.kind()),
                });
                return false;
            }
            node.has_error()
        });
    }
    // Entity references, found in the text and confirmed in the tree (an
    // `&` in a comment or a CDATA section is none).
    for at in memchr::memchr_iter(b'&', src.as_bytes()) {
        let rest = &src[at + 1..];
        let Some(end) = rest.find(';').filter(|&e| e <= 64) else {
            continue;
        };
        let name = &rest[..end];
        if name.starts_with('#') || matches!(name, "amp" | "lt" | "gt" | "quot" | "apos") {
            continue;
        }
        let is_reference = root
            .descendant_for_byte_range(at, at + 1)
            .into_iter()
            .flat_map(|n| [Some(n), n.parent()])
            .flatten()
            .any(|n| n.kind() == "EntityRef");
        if is_reference {
            let span = at..at + end + 2;
            out.push(XmlError {
                message: format!(
                    "the entity `{}` is not one of XML's own, and no DTD is read to define it: write the character itself or a character reference",
                    &src[span.clone()]
                ),
                span,
            });
        }
    }
    // What the grammar lets pass and XML does not (an undeclared namespace
    // prefix): the DOM parser is the judge of well-formedness, so a text
    // it rejects never stands without an error.
    if out.is_empty() {
        if let Some((at, reason)) = super::xml_dom::rejection(src) {
            let end = src[at..]
                .find(|c: char| c.is_whitespace() || matches!(c, '=' | '>' | '/'))
                .map_or(src.len(), |e| at + e.max(1));
            out.push(XmlError {
                span: at..end,
                message: format!("this is not well-formed XML: {reason}"),
            });
        }
    }
    out.sort_by_key(|e| e.span.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The element and every element inside it, in document order.
    fn descendants<'t>(e: Element<'t>) -> Vec<Element<'t>> {
        let mut out = Vec::new();
        let mut stack = vec![e];
        while let Some(e) = stack.pop() {
            out.push(e);
            let mut children = e.children();
            children.reverse();
            stack.extend(children);
        }
        out
    }

    const TEI: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:frus="http://history.state.gov/frus/ns/1.0" xml:id="frus1964-68v03">
<text><body><div type="document" n="12" xml:id="d12"><head>Memo<note n="1" xml:id="d12fn1" type="source">Source: A &amp; B.</note></head>
<p>See <ref target="#d3">Document 3</ref>, <persName corresp="#p_RD1">Rusk</persName><pb n="5"/> &#x2019;<![CDATA[<x>]]></p>
<frus:attachment/></div></body></text>
</TEI>
"##;

    #[test]
    fn elements_attributes_and_text() {
        let tree = parse(TEI);
        let root = Element::root(&tree, TEI).expect("a root");
        assert_eq!(root.name(), "TEI");
        assert_eq!(root.attr("xml:id").as_deref(), Some("frus1964-68v03"));
        let all = descendants(root);
        let names: Vec<&str> = all.iter().map(|e| e.name()).collect();
        assert_eq!(
            names,
            [
                "TEI",
                "text",
                "body",
                "div",
                "head",
                "note",
                "p",
                "ref",
                "persName",
                "pb",
                "frus:attachment"
            ]
        );
        let note = all.iter().find(|e| e.name() == "note").expect("a note");
        assert_eq!(note.text(), "Source: A & B.");
        let p = all.iter().find(|e| e.name() == "p").expect("a p");
        assert_eq!(p.text(), "See Document 3, Rusk \u{2019}<x>");
        let persname = all
            .iter()
            .find(|e| e.name() == "persName")
            .expect("persName");
        let corresp = persname.attribute("corresp").expect("corresp");
        assert_eq!(&TEI[corresp.value_span.clone()], "#p_RD1");
        assert_eq!(
            &TEI[persname.span()],
            "<persName corresp=\"#p_RD1\">Rusk</persName>"
        );
        let attachment = all.last().expect("last");
        assert_eq!(attachment.local_name(), "attachment");
        assert_eq!(&TEI[attachment.span()], "<frus:attachment/>");
        assert!(errors(&tree, TEI).is_empty(), "{:?}", errors(&tree, TEI));
    }

    #[test]
    fn errors_name_where_the_text_is_not_well_formed() {
        let text = "<TEI><text><p>a</q></p></text></TEI>";
        let tree = parse(text);
        let found = errors(&tree, text);
        assert!(!found.is_empty());
        assert!(found.iter().all(|e| e.span.start >= 14), "{found:?}");
    }

    /// The grammar reads `ml:id` as any attribute; XML has no prefix `ml`
    /// declared, and says so where it stands. A declared prefix and a DTD
    /// (never read) are no error.
    #[test]
    fn a_namespace_prefix_never_declared_is_reported() {
        let text = "<TEI>\n<p>é <note n=\"1\" ml:id=\"d1fn1\">x</note></p></TEI>";
        let found = errors(&parse(text), text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(&text[found[0].span.clone()], "ml:id");
        assert!(found[0].message.contains("'ml'"), "{}", found[0].message);
        for fine in [
            "<TEI xmlns:frus=\"http://history.state.gov/frus/ns/1.0\"><frus:attachment/></TEI>",
            "<!DOCTYPE TEI><TEI><p xml:id=\"a\"/></TEI>",
        ] {
            assert!(errors(&parse(fine), fine).is_empty(), "{fine}");
        }
    }

    #[test]
    fn entities_that_need_a_dtd_are_reported_not_resolved() {
        let text = "<TEI><p>a &mdash; b &amp; c</p></TEI>";
        let tree = parse(text);
        let found = errors(&tree, text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(&text[found[0].span.clone()], "&mdash;");
        let root = Element::root(&tree, text).expect("root");
        assert_eq!(root.text(), "a &mdash; b & c");
    }

    #[test]
    fn unescape_keeps_what_it_cannot_read() {
        assert_eq!(
            unescape("a &lt;b&gt; &#65;&#x42; & c &zz;"),
            "a <b> AB & c &zz;"
        );
    }

    #[test]
    fn nesting_deeper_than_the_limit_is_refused_before_parsing() {
        let nested = |depth: usize| format!("{}x{}", "<a>".repeat(depth), "</a>".repeat(depth));
        let text = nested(MAX_DEPTH);
        assert_eq!(too_deep(&text), None);
        let tree = parse(&text);
        let root = Element::root(&tree, &text).expect("root");
        assert_eq!(descendants(root).len(), MAX_DEPTH);
        assert_eq!(root.text(), "x");

        let text = nested(100_000);
        assert_eq!(too_deep(&text), Some(3 * MAX_DEPTH));
        let tree = parse(&text);
        assert!(Element::root(&tree, &text).is_none());
        let found = errors(&tree, &text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].span, 3 * MAX_DEPTH..3 * MAX_DEPTH + 3);
        // Empty elements, comments and CDATA do not nest.
        let flat = format!(
            "<a>{}<!-- <b> -->{}</a>",
            "<b/>".repeat(1000),
            "<![CDATA[<c>]]>".repeat(1000)
        );
        assert_eq!(too_deep(&flat), None);
    }
}
