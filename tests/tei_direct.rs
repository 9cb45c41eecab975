//! A FRUS TEI volume checked as it is gives the findings of the same
//! volume imported into markup and checked: on each real-volume excerpt,
//! the same codes in the same documents, on the same lines of the XML (the
//! import's findings taken back to the XML by what they stand on). The
//! differences that remain are listed below, each with its reason, and the
//! test fails on any other, and on a listed one that is gone.

mod tei_common;

use emend::facts::FileFacts;
use emend::index::Workspace;
use emend::rules::{self, Severities};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tei_common::*;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tei-volumes")
}

/// (code, document number or "" outside documents) → number of findings.
type Tally = BTreeMap<(String, String), usize>;

/// The number of the document a place of a file stands in.
fn document_at(facts: &FileFacts, offset: usize) -> String {
    facts
        .documents
        .iter()
        .filter(|d| d.span.start <= offset && offset <= d.span.end)
        .min_by_key(|d| d.span.len())
        .map(|d| d.number.to_string())
        .unwrap_or_default()
}

fn tally(ws: &Workspace) -> Tally {
    let mut out = Tally::new();
    for d in rules::check(ws, &Severities::default()) {
        let doc = document_at(&ws.files[d.file].facts, d.span.start);
        *out.entry((d.code.to_string(), doc)).or_default() += 1;
    }
    out
}

/// The excerpt checked as TEI, and imported and checked as markup.
fn both(excerpt: &Path) -> (Tally, Tally, Workspace) {
    let direct = Workspace::load(
        &[excerpt.to_path_buf()],
        &emend::index::Silent,
        emend::index::Retain::Text,
    );
    assert!(direct.problems.is_empty(), "{:?}", direct.problems);
    let xml = std::fs::read_to_string(excerpt).expect("the excerpt");
    let markup = imported_workspace(&xml);
    (tally(&direct), tally(&markup), direct)
}

/// Differences that remain, by volume: (code, document, found in the TEI,
/// found in the markup) and why.
const KNOWN: &[(&str, &str, &str, usize, usize, &str)] = &[
    (
        "frus1977-80v01",
        "term-unused",
        "",
        210,
        209,
        "the malformed entry `<hi>J or <term>JC</term>,</hi>` is a term of the TEI's register, which the import cannot keep as one",
    ),
];

#[test]
fn tei_checked_as_it_is_finds_what_its_import_finds() {
    let mut failures = Vec::new();
    let mut volumes = 0;
    let mut findings = 0;
    let mut entries: Vec<_> = std::fs::read_dir(fixtures())
        .expect("the fixtures")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("excerpt.xml").is_file())
        .collect();
    entries.sort();
    for dir in entries {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (direct, markup, ws) = both(&dir.join("excerpt.xml"));
        volumes += 1;
        findings += direct.values().sum::<usize>();
        // The TEI is one volume, named by its root's id.
        assert_eq!(ws.volumes.len(), 1, "{name}");
        let keys: std::collections::BTreeSet<_> = direct.keys().chain(markup.keys()).collect();
        for key in keys {
            let (a, b) = (
                direct.get(key).copied().unwrap_or(0),
                markup.get(key).copied().unwrap_or(0),
            );
            if a == b {
                continue;
            }
            let known = KNOWN.iter().any(|&(v, code, doc, ka, kb, _)| {
                v == name && code == key.0 && doc == key.1 && (ka, kb) == (a, b)
            });
            if !known {
                failures.push(format!(
                    "{name}: {} in document `{}`: {a} in the TEI, {b} in the markup",
                    key.0, key.1
                ));
            }
        }
        for &(v, code, doc, ka, kb, _) in KNOWN.iter().filter(|k| k.0 == name) {
            let key = (code.to_string(), doc.to_string());
            let now = (
                direct.get(&key).copied().unwrap_or(0),
                markup.get(&key).copied().unwrap_or(0),
            );
            if now != (ka, kb) {
                failures.push(format!(
                    "{v}: the listed difference in {code} is now {now:?}, not ({ka}, {kb})"
                ));
            }
        }
    }
    assert!(volumes >= 8, "only {volumes} excerpts");
    assert!(findings > 1000, "only {findings} findings in all");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_tei_volume_is_named_by_its_root_id_and_cited_by_it() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let tei = r##"<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="frus1964-68v02">
<text><body><div type="document" n="4" xml:id="d4"><head>4. Telegram<note n="1" xml:id="d4fn1" type="source">Source: Department of State, Central Files. Secret.</note></head>
<p>Text.<note n="2" xml:id="d4fn2">Not printed.</note> See <ref target="#d9">Document 9</ref>.</p></div></body></text>
</TEI>
"##;
    std::fs::write(dir.path().join("volume-two.xml"), tei).expect("written");
    let v1 = dir.path().join("v1");
    std::fs::create_dir(&v1).expect("a folder");
    std::fs::write(v1.join("volume.emd"), "# Volume\nVolume: frus1964-68v01\n").expect("written");
    std::fs::write(
        v1.join("d1.emd"),
        "# 1. Memo[^1]\n\nSee [the note](frus1964-68v02#d4fn2) and [another](frus1964-68v02#d4fn7).\n\n[^1]: Source: Department of State, Central Files. Secret.\n",
    )
    .expect("written");
    // Other XML beside them is no source.
    std::fs::write(dir.path().join("settings.xml"), "<settings/>").expect("written");
    let ws = Workspace::load(
        &[dir.path().to_path_buf()],
        &emend::index::Silent,
        emend::index::Retain::Text,
    );
    assert!(ws.problems.is_empty(), "{:?}", ws.problems);
    let ids: Vec<&str> = ws.volumes.iter().map(|v| v.id.as_str()).collect();
    assert!(ids.contains(&"frus1964-68v02"), "{ids:?}");
    assert_eq!(
        ws.files.len(),
        3,
        "the markup, and the TEI, not settings.xml"
    );
    let found: Vec<(String, String)> = rules::check(&ws, &Severities::default())
        .into_iter()
        .map(|d| (d.code.to_string(), d.message))
        .collect();
    let codes: Vec<&str> = found.iter().map(|(c, _)| c.as_str()).collect();
    // In the TEI: Document 9 is not in its volume.
    assert!(codes.contains(&"ref-unknown-document"), "{found:?}");
    // From the markup into the TEI: footnote 2 of Document 4 resolves,
    // footnote 7 does not.
    let unknown: Vec<&String> = found
        .iter()
        .filter(|(c, _)| c == "ref-unknown-footnote")
        .map(|(_, m)| m)
        .collect();
    assert_eq!(unknown.len(), 1, "{found:?}");
    assert!(unknown[0].contains('7'), "{unknown:?}");
}

#[test]
fn xml_named_outright_that_is_not_tei_is_an_error_not_markup() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("header.xml");
    std::fs::write(&path, "<?xml version=\"1.0\"?><teiHeader/>").expect("written");
    let ws = Workspace::load(
        std::slice::from_ref(&path),
        &emend::index::Silent,
        emend::index::Retain::Text,
    );
    assert!(ws.files.is_empty());
    assert_eq!(ws.problems.len(), 1);
    assert!(ws.problems[0].message.contains("not a FRUS TEI file"));
}

#[test]
fn a_tei_volume_id_is_checked_as_a_volume_files_is() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let tei = |id: &str| {
        format!(
            "<?xml version=\"1.0\"?>\n<TEI xmlns=\"http://www.tei-c.org/ns/1.0\" xml:id=\"{id}\"><text><body/></text></TEI>\n"
        )
    };
    std::fs::write(dir.path().join("a.xml"), tei("frus1964-68v03")).expect("written");
    std::fs::write(dir.path().join("b.xml"), tei("frus1964-68v03")).expect("written");
    std::fs::write(dir.path().join("c.xml"), tei("frus1964-68v99")).expect("written");
    let ws = Workspace::load(
        &[dir.path().to_path_buf()],
        &emend::index::Silent,
        emend::index::Retain::Text,
    );
    let found: Vec<(String, String, usize)> = rules::check(&ws, &Severities::default())
        .into_iter()
        .map(|d| {
            let f = &ws.files[d.file];
            let name = f.path.file_name().map(|n| n.to_string_lossy().into_owned());
            let text = f.retained_text().expect("texts are kept");
            assert_eq!(
                &text[d.span.clone()],
                if name.as_deref() == Some("c.xml") {
                    "frus1964-68v99"
                } else {
                    "frus1964-68v03"
                }
            );
            (d.code.to_string(), name.unwrap_or_default(), d.span.start)
        })
        .collect();
    let codes: Vec<(&str, &str)> = found
        .iter()
        .map(|(c, n, _)| (c.as_str(), n.as_str()))
        .collect();
    assert_eq!(
        codes,
        [
            ("volume-duplicate-id", "a.xml"),
            ("volume-duplicate-id", "b.xml"),
            ("volume-unknown-id", "c.xml")
        ]
    );
}

/// Every TEI file the tests hold, as (name, text).
fn tei_files() -> Vec<(String, String)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut paths = vec![root.join("seeds/frus1964-68v03-excerpt.xml")];
    for dir in [fixtures(), root.join("tests/data/tei")] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.filter_map(Result::ok) {
            let p = e.path();
            if p.join("excerpt.xml").is_file() {
                paths.push(p.join("excerpt.xml"));
            } else if p.extension().is_some_and(|x| x == "xml") {
                paths.push(p);
            }
        }
    }
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| Some((p.display().to_string(), std::fs::read_to_string(&p).ok()?)))
        .filter(|(_, t)| emend::index::SourceKind::Tei.reads(t))
        .collect()
}

#[test]
fn the_dom_and_the_tree_sitter_views_give_the_same_facts() {
    let files = tei_files();
    assert!(files.len() >= 11, "only {} TEI files", files.len());
    for (name, text) in files {
        let fast = emend::facts::tei::extract_fast(&text)
            .unwrap_or_else(|| panic!("{name} is well-formed and has no DTD"));
        let tree = emend::syntax::xml::parse(&text);
        let slow = emend::facts::tei::extract(&tree, &text);
        assert!(
            slow.syntax_errors.is_empty(),
            "{name}: {:?}",
            slow.syntax_errors
        );
        let (a, b) = (format!("{fast:#?}"), format!("{slow:#?}"));
        if a != b {
            let line = a
                .lines()
                .zip(b.lines())
                .position(|(x, y)| x != y)
                .unwrap_or(0);
            let context = |s: &str| {
                s.lines()
                    .skip(line.saturating_sub(8))
                    .take(12)
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            panic!(
                "{name}: the facts differ at line {line}:\nDOM:\n{}\ntree-sitter:\n{}",
                context(&a),
                context(&b)
            );
        }
    }
}

#[test]
fn a_file_that_is_not_well_formed_is_read_by_tree_sitter_with_its_errors() {
    let text = "<TEI xml:id=\"frus1964-68v03\"><text><body><div type=\"document\" n=\"1\" xml:id=\"d1\"><head>1. A</head><p>a &mdash; b</p></div></body></text></TEI>";
    assert!(emend::facts::tei::extract_fast(text).is_none());
    let ws = Workspace::from_texts(vec![(PathBuf::from("v.xml"), text.to_string())]);
    let f = &ws.files[0].facts;
    assert_eq!(f.documents.len(), 1);
    assert_eq!(f.syntax_errors.len(), 1, "{:?}", f.syntax_errors);
    assert_eq!(&text[f.syntax_errors[0].range.clone()], "&mdash;");
}

/// The editor features answer on TEI as on markup, from the same facts:
/// hover and definition from `persName/@corresp` and `ref/@target`,
/// references of a person, rename of a person's id across the volume.
#[test]
fn editor_features_answer_on_tei() {
    let text = r##"<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="frus1964-68v03">
<text><front><div type="section" xml:id="persons"><head>Persons</head><list>
<item><persName xml:id="p_RD1">Rusk, Dean</persName>, Secretary of State</item>
</list></div></front>
<body><div type="document" n="3" xml:id="d3"><head>3. Memo<note n="1" xml:id="d3fn1" type="source">Source: Department of State, Central Files. Secret.</note></head>
<p>Text.</p></div>
<div type="document" n="4" xml:id="d4"><head>4. Memo<note n="1" xml:id="d4fn1" type="source">Source: Department of State, Central Files. Secret.</note></head>
<p><persName corresp="#p_RD1">Rusk</persName> saw <ref target="#d3">Document 3</ref>.</p></div></body></text>
</TEI>
"##;
    let ws = Workspace::from_texts(vec![(
        PathBuf::from("frus1964-68v03.xml"),
        text.to_string(),
    )]);
    let at = |needle: &str| text.find(needle).expect("in the text") + 1;
    let mention = at("#p_RD1\"");
    let hover = emend::features::hover::hover(&ws, 0, mention).expect("a hover on the mention");
    assert!(hover.markdown.contains("Rusk, Dean"), "{}", hover.markdown);
    let def = emend::features::definition::definition(&ws, 0, mention);
    assert_eq!(def.len(), 1);
    assert_eq!(&text[def[0].span.clone()], "p_RD1");
    let to_doc = emend::features::definition::definition(&ws, 0, at("#d3\""));
    assert_eq!(to_doc.len(), 1);
    assert_eq!(
        &text[to_doc[0].span.clone()],
        "<head>3. Memo<note n=\"1\" xml:id=\"d3fn1\" type=\"source\">Source: Department of State, Central Files. Secret.</note></head>"
    );
    let uses = emend::features::references::references(&ws, 0, mention, true);
    assert_eq!(uses.len(), 2);
    let edits = emend::features::rename::rename(&ws, 0, mention, "p_RD2").expect("renamed");
    let mut renamed = text.to_string();
    let mut spans: Vec<_> = edits
        .iter()
        .map(|e| (e.span.clone(), e.text.clone()))
        .collect();
    spans.sort_by_key(|(s, _)| std::cmp::Reverse(s.start));
    for (span, new) in spans {
        renamed.replace_range(span, &new);
    }
    assert!(renamed.contains("xml:id=\"p_RD2\""), "{renamed}");
    assert!(renamed.contains("corresp=\"#p_RD2\""), "{renamed}");
    let symbols = emend::features::symbols::document_symbols(&ws, 0);
    assert!(symbols.len() >= 2, "{symbols:?}");

    // A `ref` hovers and leads to its target from its text too.
    let on_text = at("Document 3</ref>") + 3;
    let hover = emend::features::hover::hover(&ws, 0, on_text).expect("a hover on the ref");
    assert!(hover.markdown.contains("Memo"), "{}", hover.markdown);
    assert_eq!(
        emend::features::definition::definition(&ws, 0, on_text),
        to_doc
    );
}

/// Completion in attribute values: persons after `corresp="#`, documents
/// and then their notes after `target="#`, of another volume after
/// `target="frus…#`; nothing in text or other attributes.
#[test]
fn ids_complete_in_tei_attribute_values() {
    let text = r##"<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="frus1964-68v03">
<text><front><div type="section" xml:id="persons"><head>Persons</head><list>
<item><persName xml:id="p_RD1">Rusk, Dean</persName>, Secretary of State</item>
<item><persName xml:id="p_MRS1">McNamara, Robert S.</persName>, Secretary of Defense</item>
</list></div></front>
<body><div type="document" n="3" xml:id="d3"><head>3. Memo<note n="1" xml:id="d3fn1" type="source">Source: Department of State, Central Files. Secret.</note></head>
<p>Text.<note n="2" xml:id="d3fn2">Not found.</note></p></div>
<div type="document" n="12" xml:id="d12"><head>12. Letter</head>
<p><persName corresp="#p_Mc">M</persName> <ref target="#d1">x</ref> <ref target="#d3fn">y</ref> <ref target="frus1964-68v02#d">z</ref> <ref n="#d">w</ref> #d</p></div></body></text>
</TEI>
"##;
    let other = "# 7. Other\n\nText.\n";
    let ws = Workspace::from_texts(vec![
        (PathBuf::from("frus1964-68v03.xml"), text.to_string()),
        (
            PathBuf::from("v2/volume.emd"),
            "# Volume\nVolume: frus1964-68v02\n".to_string(),
        ),
        (PathBuf::from("v2/d7.emd"), other.to_string()),
    ]);
    let file = ws
        .file_by_path(std::path::Path::new("frus1964-68v03.xml"))
        .expect("the TEI");
    let labels = |needle: &str| -> Vec<String> {
        let offset = text.find(needle).expect("in the text") + needle.len();
        emend::features::completion::complete(&ws, file, text, offset)
            .into_iter()
            .map(|i| i.label)
            .collect()
    };
    // A surname typed finds the person; the id replaces it.
    assert_eq!(labels("corresp=\"#p_Mc"), vec!["p_MRS1"]);
    assert_eq!(labels("target=\"#d1"), vec!["d12"]);
    assert_eq!(labels("target=\"#d3fn"), vec!["d3fn1", "d3fn2"]);
    assert_eq!(labels("target=\"frus1964-68v02#d"), vec!["d7"]);
    assert!(labels("<ref n=\"#d").is_empty());
    assert!(labels("</ref> #d").is_empty());
}

/// Inside a TEI source note, an archival citation completes from the
/// citations of the workspace, as in the markup.
#[test]
fn archival_citations_complete_in_a_tei_source_note() {
    let text = r##"<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="frus1964-68v03">
<text><body><div type="document" n="1" xml:id="d1"><head>1. Memo<note n="1" xml:id="d1fn1" type="source">Source: Johnson Library, National Security File, Vietnam Country File. Secret.</note></head>
<p>Text.</p></div>
<div type="document" n="2" xml:id="d2"><head>2. Memo<note n="1" xml:id="d2fn1" type="source">Source: Johnson Library, National Security File, Memos to the President. Secret.</note></head>
<p>Text.</p></div>
<div type="document" n="3" xml:id="d3"><head>3. Memo<note n="1" xml:id="d3fn1" type="source">Source: Johnson Library, Nat</note></head>
<p>Text.</p></div></body></text>
</TEI>
"##;
    let host = emend::analysis::AnalysisHost::of(
        Workspace::from_texts(vec![(
            PathBuf::from("frus1964-68v03.xml"),
            text.to_string(),
        )]),
        emend::rules::Severities::default(),
    );
    let offset = text.find("Nat</note>").expect("typed") + 3;
    let Some(emend::analysis::Completion::Citations(found)) = host.analysis().completion(0, offset)
    else {
        panic!("no citation completion in the source note");
    };
    let labels: Vec<&str> = found.items.iter().map(|i| i.label.as_str()).collect();
    assert_eq!(labels, vec!["National Security File"]);
    assert_eq!(&text[found.replace.clone()], "Nat");
}

/// What a finding stands on, named the same way in the markup and in the
/// TEI: the construct that holds its place (a note by its label, a
/// reference by its target, a mention or a signature by its order in the
/// document, a page break by its number, a register entry by its order),
/// else its document's dateline or heading, else the document.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Anchor {
    NoteMarker(String, String, usize),
    /// Document, the note it stands in ("" in the text), target, order.
    Reference(String, String, String, usize),
    Person(String, String, usize),
    Term(String, String, usize),
    Page(String, String),
    Note(String, String),
    Signature(String, usize),
    /// A mark in the text (a quotation mark, a space before punctuation):
    /// document, note, the word it is part of, order.
    Mark(String, String, String, usize),
    /// Person or term, its id without TEI's prefix and number, order.
    Entry(bool, String, usize),
    Number(String),
    Dateline(String),
    Document(String),
    Outside,
}

/// `RD` of `p_RD1` and of `RD1`.
fn plain_id(id: &str) -> String {
    let id = id
        .strip_prefix("p_")
        .or_else(|| id.strip_prefix("t_"))
        .unwrap_or(id);
    id.trim_end_matches(|c: char| c.is_ascii_digit())
        .to_string()
}

/// A reference's target as both forms write it: `12`, `12 fn 3`.
fn target_key(t: &emend::facts::Target) -> String {
    use emend::facts::{DocKey, Target};
    let doc = |d: &DocKey| match d {
        DocKey::Number(n) => n.clone(),
        DocKey::Id(id) => id.trim_start_matches('d').to_string().into(),
    };
    match t {
        Target::Document { volume, document } => format!("{volume:?} {}", doc(document)),
        Target::Footnote {
            volume,
            document,
            footnote,
        } => format!(
            "{volume:?} {} fn {footnote}",
            document.as_ref().map(doc).unwrap_or_default()
        ),
        other => format!("{other:?}"),
    }
}

/// Every anchor of a file, with the span that holds it and the span where
/// a finding on it stands (a mention's: its id), innermost kinds first.
fn anchors(facts: &FileFacts) -> Anchors {
    // Outside documents, the division counts: front matter is one TEI
    // file and several markup files.
    let doc_of = |at: usize| {
        let doc = document_at(facts, at);
        if !doc.is_empty() {
            return doc;
        }
        facts
            .divisions
            .iter()
            .filter(|d| d.span.start <= at && at <= d.span.end)
            .min_by_key(|d| d.span.len())
            .map(|d| format!("§ {}", d.title))
            .unwrap_or_default()
    };
    // Notes stand inside the text in TEI and after it in the markup: what
    // is in a note is counted by the note.
    let note_of = |at: usize| {
        facts
            .footnotes
            .iter()
            .filter(|n| n.span.start <= at && at < n.span.end)
            .min_by_key(|n| n.span.len())
            .map(|n| n.label.to_string())
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    let mut seen: BTreeMap<(String, String, String), usize> = BTreeMap::new();
    let mut next = |kind: &str, doc: &str, key: &str| {
        let n = seen
            .entry((kind.to_string(), doc.to_string(), key.to_string()))
            .or_default();
        *n += 1;
        *n - 1
    };
    for r in &facts.footnote_refs {
        let d = doc_of(r.span.start);
        let k = next("marker", &d, &r.label);
        out.push((
            Anchor::NoteMarker(d, r.label.to_string(), k),
            r.span.clone(),
            r.span.clone(),
        ));
    }
    for r in &facts.references {
        let d = doc_of(r.span.start);
        let n = note_of(r.span.start);
        let t = target_key(&r.target);
        let k = next("ref", &d, &format!("{n} {t}"));
        out.push((
            Anchor::Reference(d, n, t, k),
            r.span.clone(),
            r.span.clone(),
        ));
    }
    for m in &facts.person_mentions {
        let d = doc_of(m.span.start);
        let n = note_of(m.span.start);
        let k = next("person", &d, &n);
        out.push((Anchor::Person(d, n, k), m.span.clone(), m.id_span.clone()));
    }
    for m in &facts.term_mentions {
        let d = doc_of(m.span.start);
        let n = note_of(m.span.start);
        let k = next("term", &d, &n);
        out.push((Anchor::Term(d, n, k), m.span.clone(), m.id_span.clone()));
    }
    for p in &facts.page_breaks {
        out.push((
            Anchor::Page(doc_of(p.span.start), p.label.to_string()),
            p.span.clone(),
            p.span.clone(),
        ));
    }
    for n in &facts.footnotes {
        out.push((
            Anchor::Note(doc_of(n.span.start), n.label.to_string()),
            n.span.clone(),
            n.span.clone(),
        ));
    }
    let marks = facts
        .text_marks
        .iter()
        .map(|m| (&m.span, &m.word))
        .chain(facts.straight_quotes.iter().map(|q| (&q.span, &q.word)));
    for (span, word) in marks {
        let d = doc_of(span.start);
        let n = note_of(span.start);
        let k = next("mark", &d, &format!("{n} {word}"));
        out.push((
            Anchor::Mark(d, n, word.to_string(), k),
            span.clone(),
            span.clone(),
        ));
    }
    for s in &facts.signatures {
        let d = doc_of(s.span.start);
        let k = next("signed", &d, "");
        out.push((Anchor::Signature(d, k), s.span.clone(), s.span.clone()));
    }
    for (person, list) in [(true, &facts.persons), (false, &facts.terms)] {
        for e in list {
            let id = plain_id(&e.id);
            let k = next("entry", &person.to_string(), &id);
            out.push((Anchor::Entry(person, id, k), e.span.clone(), e.span.clone()));
        }
    }
    for d in &facts.documents {
        out.push((
            Anchor::Number(d.number.to_string()),
            d.number_span.clone(),
            d.number_span.clone(),
        ));
    }
    for d in &facts.documents {
        if let Some(line) = &d.dateline {
            out.push((
                Anchor::Dateline(d.number.to_string()),
                line.span.clone(),
                line.span.clone(),
            ));
        }
    }
    for d in &facts.documents {
        out.push((
            Anchor::Document(d.number.to_string()),
            d.span.clone(),
            d.span.clone(),
        ));
    }
    out
}

/// The anchor a place stands on: the first kind whose construct holds it,
/// the smallest of that kind.
type Anchors = Vec<(Anchor, std::ops::Range<usize>, std::ops::Range<usize>)>;

fn anchor_at(list: &Anchors, at: usize) -> Anchor {
    let kind = |a: &Anchor| std::mem::discriminant(a);
    let mut best: Option<&(Anchor, std::ops::Range<usize>, std::ops::Range<usize>)> = None;
    for item in list.iter().filter(|(_, s, _)| s.start <= at && at <= s.end) {
        best = match best {
            Some(b) if kind(&b.0) == kind(&item.0) && item.1.len() < b.1.len() => Some(item),
            Some(b) => Some(b),
            None => Some(item),
        };
    }
    best.map_or(Anchor::Outside, |(a, _, _)| a.clone())
}

/// The findings of a workspace as (code, document, anchor).
fn anchored(ws: &Workspace) -> Vec<(String, String, Anchor)> {
    let lists: Vec<_> = ws.files.iter().map(|f| anchors(&f.facts)).collect();
    let mut out: Vec<_> = rules::check(ws, &Severities::default())
        .into_iter()
        .map(|d| {
            let facts = &ws.files[d.file].facts;
            let anchor = anchor_at(&lists[d.file], d.span.start);
            (d.code.to_string(), document_at(facts, d.span.start), anchor)
        })
        .collect();
    out.sort();
    out
}

/// Every finding of a TEI volume checked as it is stands on the line of
/// the XML where the finding of the same code in its import stands, once
/// the import's place is taken back to the XML by what it stands on.
#[test]
fn tei_findings_stand_on_the_lines_of_the_imports_findings() {
    let mut failures = Vec::new();
    let mut compared = 0;
    for (name, xml) in volume_excerpts() {
        let direct = Workspace::from_texts(vec![(PathBuf::from("v.xml"), xml.clone())]);
        let markup = imported_workspace(&xml);
        let tei = &direct.files[0];
        let places: BTreeMap<Anchor, u32> = anchors(&tei.facts)
            .into_iter()
            .rev()
            .map(|(a, _, place)| (a, tei.lines.line_of(place.start)))
            .collect();
        let line_of = |a: &Anchor| places.get(a).copied();
        let mut a: Vec<_> = rules::check(&direct, &Severities::default())
            .into_iter()
            .map(|d| {
                (
                    d.code.to_string(),
                    document_at(&tei.facts, d.span.start),
                    Some(tei.lines.line_of(d.span.start)),
                )
            })
            .collect();
        let mut b: Vec<_> = anchored(&markup)
            .into_iter()
            .map(|(code, doc, anchor)| (code, doc, line_of(&anchor)))
            .collect();
        a.sort();
        b.sort();
        // The differences of KNOWN are held to their counts above.
        let known = |(code, doc, _): &(String, String, Option<u32>)| {
            KNOWN
                .iter()
                .any(|k| k.0 == name && k.1 == code && k.2 == doc)
        };
        a.retain(|f| !known(f));
        b.retain(|f| !known(f));
        compared += a.len();
        let (mut i, mut j) = (0, 0);
        while i < a.len() || j < b.len() {
            match (a.get(i), b.get(j)) {
                (Some(x), Some(y)) if x == y => {
                    i += 1;
                    j += 1;
                }
                (Some(x), Some(y)) if x < y => {
                    failures.push(format!("{name}: only in the TEI: {x:?}"));
                    i += 1;
                }
                (Some(x), None) => {
                    failures.push(format!("{name}: only in the TEI: {x:?}"));
                    i += 1;
                }
                (_, Some(y)) => {
                    failures.push(format!("{name}: only in the import: {y:?}"));
                    j += 1;
                }
                (None, None) => break,
            }
        }
    }
    assert!(compared > 1000, "only {compared} findings");
    assert!(
        failures.is_empty(),
        "{} differences:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A finding on a TEI file names and proposes TEI, never the markup: no
/// `[^3]`, `[Page 12]` or `[name]{@ID}` in its message or its fix.
#[test]
fn findings_on_tei_are_worded_in_tei() {
    let markup_words = ["[^", "[Page ", "]{@", "]{=", "`# ", "Id:` line"];
    let mut seen = 0;
    for (name, xml) in volume_excerpts() {
        let ws = Workspace::from_texts(vec![(PathBuf::from("v.xml"), xml)]);
        for d in rules::check(&ws, &Severities::default()) {
            seen += 1;
            let fix_texts = d.fix.iter().flat_map(|f| {
                std::iter::once(f.title.clone()).chain(f.edits.iter().map(|e| e.new_text.clone()))
            });
            for text in std::iter::once(d.message.clone()).chain(fix_texts) {
                assert!(
                    !markup_words.iter().any(|w| text.contains(w)),
                    "{}: {} `{text}`",
                    name,
                    d.code
                );
            }
        }
    }
    assert!(seen > 1000, "only {seen} findings");
}

/// The fix of a signature that names no one wraps the signer in a
/// `persName` of the register's id, and the signature is named then.
#[test]
fn an_unnamed_tei_signature_is_fixed_with_a_pers_name() {
    let text = r##"<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="frus1964-68v03">
<text><front><div type="section" xml:id="persons"><head>Persons</head><list>
<item><persName xml:id="p_RD1">Rusk, Dean</persName>, Secretary of State</item>
</list></div></front>
<body><div type="document" n="1" xml:id="d1"><head>1. Letter<note n="1" xml:id="d1fn1" type="source">Source: Department of State, Central Files. Secret.</note></head>
<p>Text <persName corresp="#p_RD1">Rusk</persName>.</p><closer><signed> Dean Rusk </signed></closer></div></body></text>
</TEI>
"##;
    let ws = Workspace::from_texts(vec![(PathBuf::from("v.xml"), text.to_string())]);
    let found = rules::check(&ws, &Severities::default());
    let signed = found
        .iter()
        .find(|d| d.code.to_string() == "signed-name")
        .expect("the unnamed signature");
    assert!(
        signed
            .message
            .contains("<persName corresp=\"#p_RD1\">Dean Rusk</persName>"),
        "{}",
        signed.message
    );
    let fix = signed.fix.as_ref().expect("a fix");
    let mut fixed = text.to_string();
    let mut edits = fix.edits.clone();
    edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
    for e in edits {
        fixed.replace_range(e.span.clone(), &e.new_text);
    }
    assert!(
        fixed.contains("<signed> <persName corresp=\"#p_RD1\">Dean Rusk</persName> </signed>"),
        "{fixed}"
    );
    let facts = emend::facts::tei::extract_fast(&fixed).expect("still well-formed");
    assert!(facts.signatures[0].named);
}
