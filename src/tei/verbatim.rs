//! What the markup has no place for, kept verbatim beside it: the
//! `teiHeader` (`tei-header.xml`), other elements of the `TEI` root
//! (`facsimile`: `tei-01-facsimile.xml`), and the parts of front and back
//! matter that are no division of the markup (the title page, the table of
//! contents: `00-titlePage.xml`, `02-toc.xml`, numbered in their place
//! among the division files). Each is a well-formed XML file of one
//! element, with the namespaces it uses declared on it; the export reads
//! them back and writes them where they stood.

use super::export::esc;
use super::xml_in::{is_tei, XML_NS};
use roxmltree::Node;

/// The `teiHeader`.
pub const HEADER_FILE: &str = "tei-header.xml";

/// Whether a path of a volume folder (`/`-separated, relative to it) is
/// one of these files: `tei-header.xml` or `tei-NN-…xml` at the top, or
/// `NN-…xml` at the top or in `back/`.
pub fn is_verbatim(rel: &str) -> bool {
    let Some(stem) = rel.strip_suffix(".xml") else {
        return false;
    };
    let name = stem.strip_prefix("back/").unwrap_or(stem);
    if name.contains('/') {
        return false;
    }
    if stem == "tei-header" {
        return true;
    }
    let numbered = |s: &str| {
        let digits = s.bytes().take_while(u8::is_ascii_digit).count();
        digits > 0 && s.as_bytes().get(digits) == Some(&b'-')
    };
    match name.strip_prefix("tei-") {
        Some(rest) if name.len() == stem.len() => numbered(rest),
        _ => numbered(name),
    }
}

/// Whether a verbatim file stands outside `text` (the header and the other
/// children of the root) rather than in front or back matter.
pub fn is_outside_text(rel: &str) -> bool {
    rel.starts_with("tei-")
}

/// The element as it stands in the source, with the namespaces in scope
/// that it does not declare itself declared on its start tag, so that the
/// file is well-formed XML on its own.
pub fn element_text(node: Node, xml: &str) -> String {
    let raw = xml.get(node.range()).unwrap_or("");
    let tag_end = raw
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(raw.len());
    let start_tag = &raw[..raw.find('>').unwrap_or(raw.len())];
    let mut declarations = String::new();
    for ns in node.namespaces() {
        if ns.uri() == XML_NS {
            continue;
        }
        let attribute = match ns.name() {
            Some(prefix) => format!("xmlns:{prefix}"),
            None => "xmlns".to_string(),
        };
        let declared = start_tag.match_indices(&attribute).any(|(at, _)| {
            start_tag[at + attribute.len()..]
                .trim_start()
                .starts_with('=')
        });
        if !declared {
            declarations.push_str(&format!(" {attribute}=\"{}\"", esc(ns.uri())));
        }
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{}{declarations}{}\n",
        &raw[..tag_end],
        &raw[tag_end..]
    )
}

/// The element of a verbatim file, without the XML declaration before it.
pub fn element_of(text: &str) -> &str {
    let text = text.trim_start_matches('\u{feff}').trim_start();
    let body = match text.strip_prefix("<?xml") {
        Some(rest) => rest.find("?>").map_or(text, |end| &rest[end + 2..]),
        None => text,
    };
    body.trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_of_verbatim_files() {
        for yes in [
            "tei-header.xml",
            "tei-01-facsimile.xml",
            "00-titlePage.xml",
            "02-toc.xml",
            "back/01-index.xml",
        ] {
            assert!(is_verbatim(yes), "{yes}");
        }
        for no in [
            "volume.emd",
            "notes.xml",
            "ch1/01-x.xml",
            "back/tei-header.xml",
            "tei-facsimile.xml",
            "01-persons.emd",
        ] {
            assert!(!is_verbatim(no), "{no}");
        }
        assert!(is_outside_text("tei-header.xml"));
        assert!(!is_outside_text("02-toc.xml"));
    }

    #[test]
    fn an_element_gets_the_namespaces_it_uses() {
        let xml = "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\" xmlns:frus=\"urn:f\"><teiHeader type=\"x\"><p frus:a=\"1\">A &amp; B</p></teiHeader><text/></TEI>";
        let doc = roxmltree::Document::parse(xml).expect("xml");
        let header = doc.root_element().first_child().expect("header");
        let text = element_text(header, xml);
        assert_eq!(
            text,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<teiHeader xmlns=\"http://www.tei-c.org/ns/1.0\" xmlns:frus=\"urn:f\" type=\"x\"><p frus:a=\"1\">A &amp; B</p></teiHeader>\n"
        );
        assert!(roxmltree::Document::parse(&text).is_ok());
        assert_eq!(
            element_of(&text),
            "<teiHeader xmlns=\"http://www.tei-c.org/ns/1.0\" xmlns:frus=\"urn:f\" type=\"x\"><p frus:a=\"1\">A &amp; B</p></teiHeader>"
        );
        // Declared already: not again.
        let again = roxmltree::Document::parse(element_of(&text)).expect("xml");
        assert_eq!(element_text(again.root_element(), element_of(&text)), text);
    }
}

/// What `volume.emd` holds of a `teiHeader`: its complete title (or its
/// first), and its editors, each as the node and its words. The import
/// reads them so, and the export compares them so.
pub struct TitleStmt<'a, 'i> {
    pub title: Option<(Node<'a, 'i>, String)>,
    pub editors: Vec<(Node<'a, 'i>, String)>,
}

impl<'a, 'i> TitleStmt<'a, 'i> {
    pub fn of(header: Node<'a, 'i>) -> Self {
        let words = |n: Node<'a, 'i>| (n, super::import::words_of(n));
        let stmt = header.descendants().find(|n| is_tei(*n, "titleStmt"));
        let titles: Vec<Node> = stmt
            .map(|t| t.children().filter(|n| is_tei(*n, "title")).collect())
            .unwrap_or_default();
        let title = titles
            .iter()
            .find(|t| t.attribute("type") == Some("complete"))
            .or(titles.first())
            .map(|t| words(*t));
        let editors = stmt
            .map(|t| {
                t.children()
                    .filter(|n| is_tei(*n, "editor"))
                    .map(words)
                    .collect()
            })
            .unwrap_or_default();
        TitleStmt { title, editors }
    }

    /// The editors' names, those with words.
    pub fn editor_names(&self) -> Vec<String> {
        self.editors
            .iter()
            .map(|(_, w)| w.clone())
            .filter(|w| !w.is_empty())
            .collect()
    }
}

/// The `teiHeader` of `tei-header.xml` with the volume's title and editors
/// as `volume.emd` gives them: where they differ from the header's (read
/// as the import reads them), its complete title, or its run of `editor`
/// elements, is written anew; all else stands as it was.
pub fn header_with(element: &str, title: &str, editors: &[String]) -> String {
    let Ok(doc) = roxmltree::Document::parse(element) else {
        return element.to_string();
    };
    let stmt = TitleStmt::of(doc.root_element());
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    if let Some((t, _)) = stmt.title.as_ref().filter(|(_, words)| words != title) {
        edits.push((
            t.range(),
            format!("<title type=\"complete\">{}</title>", esc(title)),
        ));
    }
    if stmt.editor_names() != editors {
        let written: Vec<String> = editors
            .iter()
            .map(|e| format!("<editor role=\"primary\">{}</editor>", esc(e)))
            .collect();
        let joined = written.join("\n");
        match (stmt.editors.first(), stmt.editors.last(), &stmt.title) {
            (Some((first, _)), Some((last, _)), _) => {
                edits.push((first.range().start..last.range().end, joined))
            }
            (_, _, Some((t, _))) if !written.is_empty() => {
                edits.push((t.range().end..t.range().end, format!("\n{joined}")))
            }
            _ => {}
        }
    }
    edits.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
    let mut out = element.to_string();
    for (range, text) in edits {
        out.replace_range(range, &text);
    }
    out
}

#[cfg(test)]
mod header_tests {
    use super::*;

    const HEADER: &str = "<teiHeader xmlns=\"http://www.tei-c.org/ns/1.0\"><fileDesc><titleStmt>\n<title type=\"complete\">Foreign Relations,\n 1870</title>\n<editor role=\"primary\">A</editor>\n<editor role=\"general\">B</editor>\n</titleStmt><publicationStmt><p>Kept.</p></publicationStmt></fileDesc></teiHeader>";

    #[test]
    fn the_header_stands_as_it_was_when_volume_emd_agrees() {
        assert_eq!(
            header_with(HEADER, "Foreign Relations, 1870", &["A".into(), "B".into()]),
            HEADER
        );
    }

    #[test]
    fn a_title_or_editors_changed_in_volume_emd_are_written_anew() {
        let out = header_with(HEADER, "Foreign Relations, 1871", &["C & D".into()]);
        assert_eq!(
            out,
            "<teiHeader xmlns=\"http://www.tei-c.org/ns/1.0\"><fileDesc><titleStmt>\n<title type=\"complete\">Foreign Relations, 1871</title>\n<editor role=\"primary\">C &amp; D</editor>\n</titleStmt><publicationStmt><p>Kept.</p></publicationStmt></fileDesc></teiHeader>"
        );
    }
}
