//! Reading the XML: no DTD, no entity of a DTD, errors with line and
//! column, and the check that the document is FRUS TEI.

use super::TeiError;
use roxmltree::{Document, Node, ParsingOptions};

pub const TEI_NS: &str = "http://www.tei-c.org/ns/1.0";
pub const FRUS_NS: &str = "http://history.state.gov/frus/ns/1.0";
pub const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// Parses a TEI file. A document type declaration is refused before the
/// parser sees it, so no DTD is read, no entity declared in one is expanded
/// (no entity expansion bombs) and no external entity is fetched.
pub fn parse(xml: &str) -> Result<Document<'_>, TeiError> {
    if let Some(at) = find_doctype(xml) {
        let (line, column) = position(xml, at);
        return Err(TeiError {
            line,
            column,
            message: "a document type declaration (<!DOCTYPE …>) is not accepted: \
                      DTDs and their entities are never loaded or expanded"
                .to_string(),
        });
    }
    let options = ParsingOptions {
        allow_dtd: false,
        ..ParsingOptions::default()
    };
    let doc = Document::parse_with_options(xml, options).map_err(|e| {
        let pos = e.pos();
        TeiError {
            line: pos.row,
            column: pos.col,
            message: format!("malformed XML: {e}"),
        }
    })?;
    check_depth(&doc)?;
    Ok(doc)
}

/// Elements nested deeper than this are refused: the importer walks the
/// tree recursively, and no TEI volume comes near it.
pub const MAX_DEPTH: u32 = 256;

fn check_depth(doc: &Document) -> Result<(), TeiError> {
    // Nodes come in document order, parents before children, and their ids
    // count from 0: one pass gives every depth.
    let mut depth: Vec<u32> = Vec::new();
    for node in doc.descendants() {
        let d = node
            .parent()
            .and_then(|p| depth.get(p.id().get() as usize))
            .map_or(0, |d| d + 1);
        let id = node.id().get() as usize;
        if depth.len() <= id {
            depth.resize(id + 1, 0);
        }
        depth[id] = d;
        if d > MAX_DEPTH {
            let p = doc.text_pos_at(node.range().start);
            return Err(TeiError {
                line: p.row,
                column: p.col,
                message: format!("elements nested more than {MAX_DEPTH} deep: not a FRUS volume"),
            });
        }
    }
    Ok(())
}

/// `<!DOCTYPE` outside comments and processing instructions, before the
/// root element.
fn find_doctype(xml: &str) -> Option<usize> {
    let mut rest = 0;
    loop {
        let at = xml.get(rest..)?.find('<')? + rest;
        let tail = xml.get(at..)?;
        if tail.starts_with("<!--") {
            rest = at + tail.find("-->")? + 3;
        } else if tail.starts_with("<?") {
            rest = at + tail.find("?>")? + 2;
        } else if tail
            .get(..9)
            .is_some_and(|s| s.eq_ignore_ascii_case("<!DOCTYPE"))
        {
            return Some(at);
        } else {
            return None;
        }
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn position(text: &str, offset: usize) -> (u32, u32) {
    let index = crate::line_index::LineIndex::new(text);
    let p = index.position(text, offset, crate::line_index::ColumnUnit::Chars);
    (p.line + 1, p.col + 1)
}

/// Checks that the root is FRUS TEI; returns its `text` element.
pub fn frus_text<'a, 'i>(doc: &'a Document<'i>) -> Result<Node<'a, 'i>, TeiError> {
    let root = doc.root_element();
    let at = |node: Node| {
        let p = doc.text_pos_at(node.range().start);
        (p.row, p.col)
    };
    let (line, column) = at(root);
    let fail = |message: String| TeiError {
        line,
        column,
        message,
    };
    let name = root.tag_name();
    if name.name() != "TEI" {
        return Err(fail(format!(
            "not FRUS TEI: the root element is <{}>, not <TEI>",
            name.name()
        )));
    }
    if name.namespace() != Some(TEI_NS) {
        return Err(fail(format!(
            "not FRUS TEI: <TEI> is not in the TEI namespace ({TEI_NS})"
        )));
    }
    let text = root
        .children()
        .find(|n| is_tei(*n, "text"))
        .ok_or_else(|| fail("not FRUS TEI: <TEI> has no <text>".to_string()))?;
    let frus_id = root
        .attribute((XML_NS, "id"))
        .is_some_and(crate::facts::volume_id::has_frus_form);
    let has_documents = text
        .descendants()
        .any(|n| is_tei(n, "div") && n.attribute("type") == Some("document"));
    if !frus_id && !has_documents {
        return Err(fail(
            "not FRUS TEI: no FRUS volume id in TEI/@xml:id and no div[@type='document']"
                .to_string(),
        ));
    }
    Ok(text)
}

/// An element of the TEI namespace with this local name?
pub fn is_tei(node: Node, name: &str) -> bool {
    node.is_element()
        && node.tag_name().name() == name
        && node.tag_name().namespace() == Some(TEI_NS)
}

/// `xml:id`.
pub fn xml_id<'a>(node: Node<'a, '_>) -> Option<&'a str> {
    node.attribute((XML_NS, "id"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_xml_has_a_line_and_column() {
        let err = parse("<TEI>\n  <text>\n</TEI>").expect_err("malformed");
        assert_eq!(err.line, 3);
        assert!(err.message.starts_with("malformed XML"), "{}", err.message);
    }

    #[test]
    fn entity_bombs_and_external_entities_are_refused_unread() {
        let bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n <!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n]>\n<TEI>&lol2;</TEI>";
        let err = parse(bomb).expect_err("refused");
        assert_eq!((err.line, err.column), (2, 1));
        assert!(err.message.contains("DTD"), "{}", err.message);
        let external = "<!-- x --><!DOCTYPE TEI [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><TEI>&xxe;</TEI>";
        assert!(parse(external).is_err());
        // Without the DOCTYPE an undeclared entity is an error, never a
        // lookup.
        let err = parse("<TEI>&xxe;</TEI>").expect_err("unknown entity");
        assert!(err.message.contains("malformed XML"), "{}", err.message);
    }

    #[test]
    fn deep_nesting_is_refused_not_followed() {
        let depth = 100_000;
        let xml = format!("{}{}", "<hi>".repeat(depth), "</hi>".repeat(depth));
        let err = parse(&xml).expect_err("too deep");
        assert!(err.message.contains("nested more than"), "{}", err.message);
        let ok = format!("{}{}", "<hi>".repeat(50), "</hi>".repeat(50));
        assert!(parse(&ok).is_ok());
    }

    #[test]
    fn a_file_that_is_not_frus_tei_says_so() {
        let doc = parse("<html><body/></html>").expect("well-formed");
        let err = frus_text(&doc).expect_err("not TEI");
        assert!(err.message.contains("not FRUS TEI"), "{}", err.message);
        let doc = parse(
            "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><text><body><p>x</p></body></text></TEI>",
        )
        .expect("well-formed");
        let err = frus_text(&doc).expect_err("not FRUS");
        assert!(err.message.contains("no FRUS volume id"), "{}", err.message);
    }
}
