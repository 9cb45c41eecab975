//! XML read into a DOM with roxmltree: the fast way to a well-formed
//! file's facts (a check reads a 4 MB FRUS volume several times faster so
//! than through tree-sitter), behind the same [`XmlElement`] view. A text
//! with a DTD is not read this way, so that no entity a DTD declares is
//! ever expanded; nor is one nested deeper than [`super::xml::MAX_DEPTH`].

use super::xml::{too_deep, unescape, Attribute, Content, XmlElement};
use roxmltree::{Document, Node, ParsingOptions};
use std::ops::Range;

/// The DOM of a well-formed text without a DTD; None otherwise.
pub fn parse(src: &str) -> Option<Document<'_>> {
    if too_deep(src).is_some() {
        return None;
    }
    Document::parse_with_options(src, options()).ok()
}

fn options<'input>() -> ParsingOptions<'input> {
    ParsingOptions {
        allow_dtd: false,
        ..ParsingOptions::default()
    }
}

/// Why [`parse`] rejects a text, and the byte where: what tree-sitter's
/// grammar lets pass but XML does not, such as a namespace prefix no
/// element declares (`<note ml:id="…">`). None where it accepts the text,
/// or rejects only its DTD, which is never read, or its depth, which
/// [`too_deep`] reports.
pub fn rejection(src: &str) -> Option<(usize, String)> {
    if too_deep(src).is_some() {
        return None;
    }
    let e = Document::parse_with_options(src, options()).err()?;
    if matches!(e, roxmltree::Error::DtdDetected) {
        return None;
    }
    let pos = e.pos();
    let said = e.to_string();
    let reason = said.strip_suffix(&format!(" at {pos}")).unwrap_or(&said);
    Some((byte_at(src, pos.row, pos.col), reason.to_string()))
}

/// The byte of a 1-based row and column (in characters) of `src`.
fn byte_at(src: &str, row: u32, col: u32) -> usize {
    let line_start: usize = src
        .split_inclusive('\n')
        .take(row.saturating_sub(1) as usize)
        .map(str::len)
        .sum();
    let line = src.get(line_start..).unwrap_or_default();
    line.char_indices()
        .nth(col.saturating_sub(1) as usize)
        .map_or(src.len(), |(i, _)| line_start + i)
}

/// An element of a DOM, with the text it was read from.
#[derive(Clone, Copy)]
pub struct DomElement<'t> {
    node: Node<'t, 't>,
    src: &'t str,
}

impl<'t> DomElement<'t> {
    pub fn root(doc: &'t Document<'t>, src: &'t str) -> DomElement<'t> {
        DomElement {
            node: doc.root_element(),
            src,
        }
    }

    fn wrap(&self, node: Node<'t, 't>) -> DomElement<'t> {
        DomElement {
            node,
            src: self.src,
        }
    }
}

impl<'t> XmlElement<'t> for DomElement<'t> {
    fn name(&self) -> &'t str {
        let span = self.span();
        // `<` and the name as written, up to white space, `/` or `>`.
        let tag = self.src.get(span.start + 1..span.end).unwrap_or("");
        let end = tag
            .find(|c: char| c.is_whitespace() || c == '/' || c == '>')
            .unwrap_or(tag.len());
        &tag[..end]
    }

    fn span(&self) -> Range<usize> {
        self.node.range()
    }

    fn start_tag_span(&self) -> Range<usize> {
        let span = self.span();
        // The tag ends at the first `>` after its last attribute's value
        // (a value may hold `>`).
        let from = self
            .node
            .attributes()
            .map(|a| a.range().end)
            .max()
            .unwrap_or(span.start + 1 + self.name().len());
        let end = self
            .src
            .get(from..span.end)
            .and_then(|rest| rest.find('>'))
            .map_or(span.end, |i| from + i + 1);
        span.start..end
    }

    fn content_span(&self) -> Range<usize> {
        let tag = self.start_tag_span();
        let span = self.span();
        if tag.end >= span.end {
            return tag.end..tag.end;
        }
        let end_tag = self
            .src
            .get(tag.end..span.end)
            .and_then(|inner| inner.rfind("</"))
            .map_or(span.end, |i| tag.end + i);
        tag.end..end_tag
    }

    fn attribute(&self, name: &str) -> Option<Attribute<'t>> {
        let a = self
            .node
            .attributes()
            .find(|a| self.src.get(a.range_qname()) == Some(name))?;
        // The value as written, references replaced: as the tree-sitter
        // view reads it (the DOM's own value has its white space
        // normalized).
        let value_span = a.range_value();
        Some(Attribute {
            name: self.src.get(a.range_qname())?,
            value: unescape(self.src.get(value_span.clone())?),
            value_span,
        })
    }

    fn content(&self) -> Vec<Content<'t, Self>> {
        let mut out = Vec::new();
        for n in self.node.children() {
            if n.is_element() {
                out.push(Content::Element(self.wrap(n)));
            } else if n.is_text() {
                pieces(self.src, n.range(), &mut out);
            }
        }
        out
    }

    fn children(&self) -> Vec<Self> {
        self.node
            .children()
            .filter(|n| n.is_element())
            .map(|n| self.wrap(n))
            .collect()
    }

    fn text(&self) -> String {
        // As written, as the tree-sitter view reads it (the DOM's own text
        // has its line ends normalized).
        let mut pieces_of = Vec::new();
        for n in self.node.descendants().filter(|n| n.is_text()) {
            pieces::<Self>(self.src, n.range(), &mut pieces_of);
        }
        pieces_of
            .into_iter()
            .filter_map(|c| match c {
                Content::Text { text, .. } => Some(text),
                Content::Element(_) => None,
            })
            .collect()
    }

    fn find(&self, wanted: &dyn Fn(&Self) -> bool) -> Option<Self> {
        self.node
            .descendants()
            .skip(1)
            .filter(|n| n.is_element())
            .map(|n| self.wrap(n))
            .find(|e| wanted(e))
    }
}

/// A text node as the pieces the tree-sitter view gives: runs of
/// characters as written, each reference on its own, each CDATA section
/// whole; so that a place in the text maps to the same bytes either way.
fn pieces<'t, E>(src: &'t str, range: Range<usize>, out: &mut Vec<Content<'t, E>>) {
    let raw = src.get(range.clone()).unwrap_or("");
    let mut at = 0;
    let mut run = 0;
    let flush = |from: usize, to: usize, out: &mut Vec<Content<'t, E>>| {
        if to > from {
            out.push(Content::Text {
                text: raw[from..to].into(),
                span: range.start + from..range.start + to,
            });
        }
    };
    while let Some(found) = memchr::memchr2(b'&', b'<', &raw.as_bytes()[at..]) {
        at += found;
        let rest = &raw[at..];
        if rest.starts_with("<![CDATA[") {
            flush(run, at, out);
            let end = rest.find("]]>").map_or(raw.len(), |e| at + e + 3);
            let inner = raw.get(at + 9..end.saturating_sub(3)).unwrap_or("");
            out.push(Content::Text {
                text: inner.into(),
                span: range.start + at..range.start + end,
            });
            at = end;
            run = at;
        } else if rest.starts_with('&') {
            flush(run, at, out);
            let end = rest.find(';').map_or(raw.len(), |e| at + e + 1);
            out.push(Content::Text {
                text: unescape(&raw[at..end]).into(),
                span: range.start + at..range.start + end,
            });
            at = end;
            run = at;
        } else {
            at += 1;
        }
    }
    flush(run, raw.len(), out);
}
