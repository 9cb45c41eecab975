//! The kinds of source the index reads, told from a file's name and, for
//! XML, from its root element: the index takes a file's text by its kind,
//! never a parser's tree.

use std::path::Path;

/// The kinds of source.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum SourceKind {
    /// The edition markup, `.emd`.
    Markup,
    /// A FRUS TEI volume, `.xml` whose root element is `TEI`.
    Tei,
}

impl SourceKind {
    /// The kind a file's name says it may be; None for a file the index
    /// does not read. An `.xml` file is TEI only if [`SourceKind::reads`]
    /// its text.
    pub fn of(path: &Path) -> Option<SourceKind> {
        match path.extension().and_then(|e| e.to_str()) {
            Some(super::discover::EXTENSION) => Some(SourceKind::Markup),
            Some("xml") => Some(SourceKind::Tei),
            _ => None,
        }
    }

    /// Whether a text is of this kind: any text is markup; TEI is XML
    /// whose root element is `TEI`, so that other XML (a kept
    /// `teiHeader`, an editor's settings) is left alone.
    pub fn reads(self, text: &str) -> bool {
        match self {
            SourceKind::Markup => true,
            SourceKind::Tei => {
                root_element(text).is_some_and(|n| n == "TEI" || n.ends_with(":TEI"))
            }
        }
    }
}

/// The name of the first element of an XML text, after its declaration,
/// comments, processing instructions and document type.
pub fn root_element(text: &str) -> Option<&str> {
    let name = &text[crate::syntax::xml::root_start(text)? + 1..];
    let end = name
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(name.len());
    Some(&name[..end]).filter(|n| !n.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tei_is_told_by_its_root_element() {
        let tei = "\u{feff}<?xml version=\"1.0\"?>\n<!-- a note -->\n<?xml-model href=\"x\"?>\n<TEI xmlns=\"http://www.tei-c.org/ns/1.0\">";
        assert!(SourceKind::Tei.reads(tei));
        assert!(SourceKind::Tei.reads("<tei:TEI xmlns:tei=\"x\"/>"));
        assert!(!SourceKind::Tei.reads("<?xml version=\"1.0\"?><teiHeader>"));
        assert!(!SourceKind::Tei.reads("<settings/>"));
        assert!(!SourceKind::Tei.reads("not xml"));
        assert!(!SourceKind::Tei.reads("<!-- unclosed"));
        assert_eq!(
            SourceKind::of(Path::new("v/frus1964-68v03.xml")),
            Some(SourceKind::Tei)
        );
        assert_eq!(
            SourceKind::of(Path::new("v/d1.emd")),
            Some(SourceKind::Markup)
        );
        assert_eq!(SourceKind::of(Path::new("v/notes.txt")), None);
    }
}
