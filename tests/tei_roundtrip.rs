//! Fidelity on real data: the FRUS 1964–1968, vol. III excerpt (sources,
//! terms, persons, nine documents) is imported and exported, and what FRUS
//! editors and the publishing pipeline rely on is compared.

mod tei_common;

use std::collections::BTreeMap;
use tei_common::*;

type Doc<'a> = roxmltree::Document<'a>;

fn elements<'a, 'i>(
    doc: &'a Doc<'i>,
    name: &'a str,
) -> impl Iterator<Item = roxmltree::Node<'a, 'i>> + 'a {
    doc.descendants().filter(move |n| is(*n, name))
}

fn values(doc: &Doc, element: &str, attribute: &str) -> Vec<String> {
    elements(doc, element)
        .filter_map(|n| n.attribute(attribute))
        .map(str::to_string)
        .collect()
}

fn counts(items: &[String]) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for i in items {
        *m.entry(i.clone()).or_insert(0) += 1;
    }
    m
}

struct Volume<'a> {
    doc: Doc<'a>,
}

impl Volume<'_> {
    /// (id, n, text without white space) of every document.
    fn documents(&self) -> Vec<(String, String, String)> {
        elements(&self.doc, "div")
            .filter(|d| d.attribute("type") == Some("document"))
            .map(|d| {
                (
                    d.attribute((XML_NS, "id")).unwrap_or("").to_string(),
                    d.attribute("n").unwrap_or("").to_string(),
                    squeezed_text(d),
                )
            })
            .collect()
    }

    /// (id, n, type) of every note.
    fn notes(&self) -> Vec<(String, String, String)> {
        elements(&self.doc, "note")
            .map(|n| {
                (
                    n.attribute((XML_NS, "id")).unwrap_or("").to_string(),
                    n.attribute("n").unwrap_or("").to_string(),
                    n.attribute("type").unwrap_or("").to_string(),
                )
            })
            .collect()
    }

    /// (text without white space, date/@when) of every dateline.
    fn datelines(&self) -> Vec<(String, String)> {
        elements(&self.doc, "dateline")
            .map(|d| {
                let when = d
                    .descendants()
                    .find(|n| is(*n, "date"))
                    .and_then(|n| n.attribute("when"))
                    .unwrap_or("")
                    .to_string();
                (squeezed_text(d), when)
            })
            .collect()
    }

    fn labels(&self) -> Vec<String> {
        elements(&self.doc, "label").map(squeezed_text).collect()
    }

    fn register_ids(&self) -> Vec<String> {
        self.doc
            .descendants()
            .filter(|n| is(*n, "persName") || is(*n, "term"))
            .filter_map(|n| n.attribute((XML_NS, "id")))
            .map(str::to_string)
            .collect()
    }
}

#[test]
fn the_excerpt_survives_import_and_export() {
    let source = excerpt_volume();
    let (imported, exported) = round_trip(&source);
    let before = Volume {
        doc: parse(&source),
    };
    let after = Volume {
        doc: parse(&exported.xml),
    };

    // Documents: id, number, text.
    let docs_before = before.documents();
    let docs_after = after.documents();
    assert_eq!(docs_before.len(), 9);
    assert_eq!(
        docs_before.iter().map(|d| (&d.0, &d.1)).collect::<Vec<_>>(),
        docs_after.iter().map(|d| (&d.0, &d.1)).collect::<Vec<_>>()
    );
    for (b, a) in docs_before.iter().zip(&docs_after) {
        assert_eq!(b.2, a.2, "text of {} differs", b.0);
    }
    // The front matter's text as well.
    for id in ["sources", "terms", "persons"] {
        let text = |v: &Volume| {
            elements(&v.doc, "div")
                .find(|d| d.attribute((XML_NS, "id")) == Some(id))
                .map(squeezed_text)
                .unwrap_or_else(|| panic!("division {id}"))
        };
        assert_eq!(text(&before), text(&after), "text of {id} differs");
    }

    // Notes: id, number, type, in order.
    let notes = before.notes();
    assert_eq!(notes.len(), 27);
    assert_eq!(notes, after.notes());

    // Mentions and references.
    let persons = values(&before.doc, "persName", "corresp");
    assert_eq!(
        counts(&persons),
        counts(&values(&after.doc, "persName", "corresp"))
    );
    let glosses = values(&before.doc, "gloss", "target");
    assert_eq!(
        counts(&glosses),
        counts(&values(&after.doc, "gloss", "target"))
    );
    let refs_before = counts(&values(&before.doc, "ref", "target"));
    let refs_after = counts(&values(&after.doc, "ref", "target"));
    for (target, n) in &refs_before {
        assert!(
            refs_after.get(target).copied().unwrap_or(0) >= *n,
            "ref/@target {target} lost"
        );
    }
    let added: usize = refs_after.values().sum::<usize>() - refs_before.values().sum::<usize>();

    // Page breaks in order, list labels in order, datelines, registers.
    let pages = values(&before.doc, "pb", "n");
    assert_eq!(pages, values(&after.doc, "pb", "n"));
    let labels = before.labels();
    assert_eq!(labels, after.labels());
    let datelines = before.datelines();
    assert_eq!(datelines, after.datelines());
    let register = before.register_ids();
    assert_eq!(register, after.register_ids());

    // Emphasis: every hi/@rend is kept, `*Foreign Relations*` before a
    // space included.
    let rends_before = counts(&values(&before.doc, "hi", "rend"));
    let rends_after = counts(&values(&after.doc, "hi", "rend"));
    let dropped = imported
        .warnings
        .iter()
        .filter(|w| w.message.starts_with("emphasis"))
        .count();
    assert_eq!(dropped, 0, "{:#?}", imported.warnings);
    assert_eq!(rends_before, rends_after);

    eprintln!(
        "compared: {} documents, {} notes, {} persName/@corresp, {} gloss/@target, {} ref/@target ({} added by natural references), {} pb/@n, {} list labels, {} hi/@rend ({dropped} not kept), {} datelines, {} register ids",
        docs_before.len(),
        notes.len(),
        persons.len(),
        glosses.len(),
        refs_before.values().sum::<usize>(),
        added,
        pages.len(),
        labels.len(),
        values(&before.doc, "hi", "rend").len(),
        datelines.len(),
        register.len()
    );
}

#[test]
fn the_excerpt_is_written_as_the_markup_reads_it() {
    let imported = import(&excerpt_volume());
    let paths: Vec<&str> = imported.files.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        [
            "volume.emd",
            "01-sources.emd",
            "02-terms.emd",
            "03-persons.emd",
            "d0236.emd",
            "d0254.emd",
            "d0255.emd",
            "d0256.emd",
            "d0257.emd",
            "d0258.emd",
            "d0259.emd",
            "d0260.emd",
            "d0261.emd",
            "tei-header.xml"
        ]
    );
    // The header is kept as it was, with the namespace it uses declared.
    let header = file(&imported, "tei-header.xml");
    let source = excerpt_volume();
    let start = source.find("<teiHeader").expect("a header");
    let end = source.find("</teiHeader>").expect("its end") + "</teiHeader>".len();
    assert_eq!(
        header,
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<teiHeader{}{}\n",
            namespaces_not_on(&source[start..end]),
            &source[start + "<teiHeader".len()..end]
        )
    );
    assert_eq!(
        file(&imported, "volume.emd"),
        "# Foreign Relations of the United States, 1964–1968, Volume III, Vietnam, June–December 1965\nVolume: frus1964-68v03\nEditors: David C. Humphrey; Edward C. Keefer; Louis J. Smith\nImages: XIV=0014, XX=0020, XXVI=0026, 670=0702, 717=0749, 729=0761\n"
    );
    let d261 = file(&imported, "d0261.emd");
    assert!(d261.starts_with("# 261. Memorandum for Personal Files[^1]\nDateline: Washington, December 28, 1965.\n\nSUBJECT\n\n- Conversation with the Secretary following the President's telephone call to me[^2] to travel to\n  certain capitals\n"), "{d261}");
    let folded = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        folded(d261).contains("That seemed to [Page 730]take him aback."),
        "{d261}"
    );
    assert!(d261.contains("\n**[W.A.H.]{@}**\n"), "{d261}");
    assert!(d261.contains("[^2]: See Document 256.\n[^3]: See footnote 6, Document 236.\n[^4]: [Llewellyn E. Thompson]{@TLEJ1}.\n"), "{d261}");
    // A ref whose words point elsewhere than its target is explicit.
    assert!(file(&imported, "d0260.emd").contains("[footnote 3](#d245fn3)"));
    assert!(folded(file(&imported, "d0236.emd")).contains("[Vol. XVII.](frus1961-63v17)"));
    // A time of day and its zone are kept beside the dateline.
    assert!(file(&imported, "d0236.emd").contains(
        "Dateline: Washington, December 19, 1965, 5 p.m.\nWhen: 1965-12-19T17:00:00-05:00\n"
    ));
    // Registers: ids without prefix (and counter, for terms).
    assert!(file(&imported, "03-persons.emd").contains("\n[@HWA1]: **Harriman, W. Averell**, Under Secretary of State for Political Affairs until March 1965;\n    thereafter Ambassador at Large\n"));
    assert!(file(&imported, "03-persons.emd")
        .contains("[@Cang1]: **Cang**, see [Chung Tan Cang]{@CTC1}\n"));
    assert!(file(&imported, "02-terms.emd").contains("\n[=VC]: Viet Cong\n"));
    assert!(file(&imported, "02-terms.emd").contains(
        "\n[=ArcLight]: **Arc Light**, code name for U.S. B-52 bombing strikes in Southeast Asia\n"
    ));
    assert_eq!(imported.explicit_refs, 2);
    assert_eq!(imported.prose_refs, 10);
}

#[test]
fn the_imported_excerpt_checks_with_the_expected_findings_only() {
    let imported = import(&excerpt_volume());
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (path, text) in &imported.files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().expect("a parent")).expect("folder");
        std::fs::write(p, text).expect("written");
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_emend"))
        .args([
            "check",
            "--format",
            "json",
            "--severity",
            "person-unused=off",
            "--severity",
            "term-unused=off",
        ])
        .current_dir(dir.path())
        .output()
        .expect("emend runs");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let mut found: Vec<(String, u64, String)> = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["file"]
                    .as_str()
                    .unwrap_or("")
                    .trim_start_matches("./")
                    .to_string(),
                d["line"].as_u64().unwrap_or(0),
                d["code"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    found.sort();
    // The published text's straight quotation marks: every one is a true
    // finding (FRUS's Schematron reports the same text as 58 text nodes
    // with straight quotes and 8 mixing them with curly ones).
    let count = |code: &str| found.iter().filter(|f| f.2 == code).count();
    assert_eq!((count("quote-straight"), count("quote-mixed")), (66, 10));
    // The published text's page breaks with white space before them only
    // (`fields <pb/>of food`): the same 8 that the Schematron reports.
    assert_eq!(count("page-break-space"), 8);
    found.retain(|f| !f.2.starts_with("quote-") && f.2 != "page-break-space");
    // The signatures whose `persName` has no `@corresp` are mentions of
    // a person not identified (`**[W.A.H.]{@}**`): they name a person, as
    // FRUS's Schematron asks (S4), so `signed-name` is silent on them.
    let expected: Vec<(String, u64, String)> = [
        ("d0236.emd", 89, "ref-outside-workspace"),
        ("d0254.emd", 1, "document-gap"),
        ("d0255.emd", 68, "ref-unknown-document"),
        ("d0256.emd", 76, "ref-unknown-document"),
        ("d0258.emd", 160, "ref-unknown-document"),
        ("d0258.emd", 161, "ref-unknown-document"),
        ("d0260.emd", 53, "ref-unknown-document"),
        ("d0260.emd", 53, "ref-unknown-document"),
        // The published volume's own misprint, "Manuscript Divison".
        ("d0261.emd", 34, "source-unknown-archive"),
    ]
    .iter()
    .map(|(f, l, c)| (f.to_string(), *l, c.to_string()))
    .collect();
    assert_eq!(found, expected, "{}", String::from_utf8_lossy(&out.stdout));
}

/// The namespace declarations of the excerpt's root that its header does
/// not make itself.
fn namespaces_not_on(header: &str) -> String {
    let source = excerpt_volume();
    let doc = parse(&source);
    let start_tag = &header[..header.find('>').expect("a start tag")];
    let mut out = String::new();
    for ns in doc.root_element().namespaces() {
        if ns.uri() == "http://www.w3.org/XML/1998/namespace" {
            continue;
        }
        let attribute = match ns.name() {
            Some(p) => format!("xmlns:{p}"),
            None => "xmlns".to_string(),
        };
        if !start_tag.contains(&format!("{attribute}=")) {
            out.push_str(&format!(" {attribute}=\"{}\"", ns.uri()));
        }
    }
    out
}
