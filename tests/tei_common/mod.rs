//! Shared by the TEI tests: the real excerpt wrapped into a whole volume,
//! and a small TEI wrapper for hand-made cases.

#![allow(dead_code)]

use std::path::PathBuf;

pub const TEI_NS: &str = "http://www.tei-c.org/ns/1.0";
pub const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

fn data(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/tei/frus1964-68v03")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The real-volume excerpts of `tests/fixtures/tei-volumes/`, in the
/// order of their names: (volume, the excerpt's text).
pub fn volume_excerpts() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tei-volumes");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.join("excerpt.xml").is_file())
        .map(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let xml = std::fs::read_to_string(p.join("excerpt.xml")).expect("the excerpt");
            (name, xml)
        })
        .collect();
    out.sort();
    assert!(out.len() >= 8, "eight or more real-volume excerpts");
    out
}

/// A TEI file around front matter and body content.
pub fn wrap(front: &str, body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:frus="http://history.state.gov/frus/ns/1.0" xml:id="frus1964-68v03">
    <teiHeader>
        <fileDesc>
            <titleStmt>
                <title type="complete">Foreign Relations of the United States, 1964–1968, Volume III, Vietnam, June–December 1965</title>
                <editor role="primary">David C. Humphrey</editor>
                <editor role="primary">Edward C. Keefer</editor>
                <editor role="primary">Louis J. Smith</editor>
            </titleStmt>
            <publicationStmt><p>Office of the Historian</p></publicationStmt>
            <sourceDesc><p>Excerpt</p></sourceDesc>
        </fileDesc>
    </teiHeader>
    <text>
        <front>
{front}
        </front>
        <body>
{body}
        </body>
    </text>
</TEI>
"#
    )
}

/// The excerpt of FRUS 1964–1968, vol. III as one TEI file: sources, terms
/// and persons as front matter, the nine documents as the body.
pub fn excerpt_volume() -> String {
    let front = [data("sources.xml"), data("terms.xml"), data("persons.xml")].join("\n");
    wrap(&front, &data("documents.xml"))
}

/// A whole TEI file around documents only.
pub fn documents(body: &str) -> String {
    wrap("", body)
}

pub fn parse(xml: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("well-formed: {e}\n{xml}"))
}

pub fn is(node: roxmltree::Node, name: &str) -> bool {
    node.is_element() && node.tag_name().name() == name
}

/// Text below a node with all white space removed.
pub fn squeezed_text(node: roxmltree::Node) -> String {
    node.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .flat_map(|t| t.chars())
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Imports, panicking on an error.
pub fn import(xml: &str) -> emend::tei::Imported {
    emend::tei::import(xml, "volume").unwrap_or_else(|e| panic!("imports: {e:?}"))
}

/// The markup files of an import as `emend check` finds them (not the XML
/// kept beside them), in a workspace under `volume/`.
pub fn imported_workspace(xml: &str) -> emend::index::Workspace {
    let files: Vec<(std::path::PathBuf, String)> = import(xml)
        .files
        .iter()
        .filter(|(p, _)| p.ends_with(".emd"))
        .map(|(p, t)| (std::path::Path::new("volume").join(p), t.clone()))
        .collect();
    emend::index::Workspace::from_texts(files)
}

/// Exports imported files, panicking on an error.
pub fn export(files: &[(String, String)]) -> emend::tei::Exported {
    emend::tei::export(files).unwrap_or_else(|e| panic!("exports: {e:?}"))
}

/// The text of one imported file.
pub fn file<'a>(imported: &'a emend::tei::Imported, path: &str) -> &'a str {
    imported
        .files
        .iter()
        .find(|(p, _)| p == path)
        .map(|(_, t)| t.as_str())
        .unwrap_or_else(|| {
            let paths: Vec<&str> = imported.files.iter().map(|(p, _)| p.as_str()).collect();
            panic!("no {path} among {paths:?}")
        })
}

/// Import, export, import again: the markup must be the same, byte for
/// byte. Returns the first import and the export.
pub fn round_trip(xml: &str) -> (emend::tei::Imported, emend::tei::Exported) {
    let first = import(xml);
    let exported = export(&first.files);
    let second = import(&exported.xml);
    assert_eq!(
        first.files, second.files,
        "import → export → import changed the markup; the export was\n{}",
        exported.xml
    );
    (first, exported)
}
