//! Bad input never panics or overflows the stack: random text and random
//! edits of the real excerpt through import, random markup through export;
//! whatever the import writes reads back without syntax errors.

mod tei_common;

use proptest::prelude::*;

const TEI_PIECES: &[&str] = &[
    "<p>",
    "</p>",
    "<hi rend=\"italic\">",
    "</hi>",
    "<note n=\"9\" xml:id=\"d1fn9\">",
    "</note>",
    "<pb n=\"5\"/>",
    "<list><label>1.</label><item>",
    "</item></list>",
    "[",
    "]",
    "*",
    "\\",
    "- ",
    "# ",
    "Document 12",
    "footnote 3",
    "<ref target=\"#d9\">",
    "</ref>",
    "<persName corresp=\"#p_X1\">",
    "</persName>",
    "&amp;",
    "&lt;",
];

fn import_never_panics(xml: &str) {
    if let Ok(imported) = emend::tei::import(xml, "volume") {
        // What is written reads back as markup without syntax errors, or
        // the import said it could not.
        let unsure = imported
            .warnings
            .iter()
            .any(|w| w.message.contains("does not read back"));
        for (path, text) in &imported.files {
            let tree = emend::syntax::parse_tree(text);
            let errors = emend::syntax::syntax_errors(&tree, text);
            assert!(
                unsure || errors.is_empty(),
                "{path} has syntax errors {errors:?}:\n{text}"
            );
        }
        let _ = emend::tei::export(&imported.files);
    }
}

/// Well-formed pieces: any sequence of them is a well-formed paragraph.
/// References stand apart from the words around them, as in every FRUS
/// text: one glued to a word (`Document 12footnote 3`) may be written as
/// prose by one import and explicit by the next (docs/tei.md).
const BALANCED: &[&str] = &[
    "word ",
    " ",
    "\n    ",
    "[",
    "]",
    "*",
    "\\",
    "- ",
    "# ",
    "&gt; ",
    "1. ",
    "(a) ",
    "•",
    "{@X}",
    "(y)",
    ":",
    "Page 5",
    " Document 12 ",
    " Documents ",
    " and ",
    " footnote 3 ",
    "Foreign Relations",
    ", 1964–1968, vol. II",
    ", Document 35 ",
    "<hi rend=\"italic\">it</hi>",
    "<hi rend=\"strong\">bold</hi>",
    "<hi rend=\"italic\">Foreign</hi>",
    "<note n=\"9\" xml:id=\"d1fn9\">A note.</note>",
    "<pb n=\"5\" xml:id=\"pg_5\"/>",
    " <ref target=\"#d9\">Document 9</ref> ",
    "<ref target=\"#d12\">12</ref> ",
    " <ref target=\"#d9\">the paper</ref> ",
    " <ref target=\"#d1fn3\">footnote 3</ref> ",
    "<persName corresp=\"#p_X1\">Y</persName>",
    "<gloss target=\"#t_T1\">T</gloss>",
    "<list><label>1.</label><item>a</item><item>b</item></list>",
    "<quote rend=\"blockquote\"><p>q</p></quote>",
    "&amp;",
    "&lt;",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn random_text_is_refused_or_imported(s in ".{0,400}") {
        import_never_panics(&s);
        import_never_panics(&tei_common::documents(&s));
    }

    #[test]
    fn random_pieces_inside_a_document(
        pieces in proptest::collection::vec(0..TEI_PIECES.len(), 0..40),
        balanced in proptest::collection::vec(0..BALANCED.len(), 0..40),
    ) {
        let inner: String = pieces.iter().map(|i| TEI_PIECES[*i]).collect();
        let xml = tei_common::documents(&format!(
            "<div type=\"document\" xml:id=\"d1\" n=\"1\"><head>1. T</head><p>{inner}</p></div>"
        ));
        import_never_panics(&xml);
        let inner: String = balanced.iter().map(|i| BALANCED[*i]).collect();
        let xml = tei_common::documents(&format!(
            "<div type=\"document\" xml:id=\"d1\" n=\"1\"><head>1. T</head><p>{inner}</p></div>"
        ));
        import_never_panics(&xml);
        // Whatever was imported comes back the same through export.
        let first = emend::tei::import(&xml, "v").expect("well-formed pieces import");
        // Emphasis runs of two kinds side by side (`*a***b**`) have no
        // spelling in the markup; the import says so.
        let unsure = first.warnings.iter().any(|w| w.message.contains("does not read back"));
        if !unsure {
            let exported = emend::tei::export(&first.files).expect("exports");
            let second = emend::tei::import(&exported.xml, "v").expect("imports again");
            prop_assert_eq!(&first.files, &second.files, "{}", exported.xml);
        }
    }

    #[test]
    fn random_cuts_of_the_excerpt(start in 0usize..200_000, len in 0usize..5_000) {
        let xml = tei_common::excerpt_volume();
        let start = start % xml.len();
        let end = (start + len).min(xml.len());
        if xml.is_char_boundary(start) && xml.is_char_boundary(end) {
            let cut = format!("{}{}", &xml[..start], &xml[end..]);
            import_never_panics(&cut);
        }
    }

    #[test]
    fn random_markup_exports_or_is_refused(s in "(.|\n){0,400}") {
        let files = vec![
            ("volume.emd".to_string(), "# V\nVolume: frus1964-68v03\n".to_string()),
            ("d0001.emd".to_string(), s),
        ];
        let _ = emend::tei::export(&files);
    }
}

#[test]
fn deep_nesting_does_not_overflow() {
    let depth = 20_000;
    let doc = format!("# 1. T\n\n{}x{}\n", "[".repeat(depth), "]".repeat(depth));
    let files = vec![
        (
            "volume.emd".to_string(),
            "# V\nVolume: frus1964-68v03\n".to_string(),
        ),
        ("d0001.emd".to_string(), doc),
    ];
    let exported = emend::tei::export(&files).expect("exports");
    assert!(exported.xml.contains('x'));
    assert!(exported
        .warnings
        .iter()
        .any(|w| w.message.contains("nested too deep")));

    let xml = tei_common::documents(&format!(
        "<div type=\"document\" xml:id=\"d1\" n=\"1\"><head>1. T</head><p>{}x{}</p></div>",
        "<hi rend=\"italic\">".repeat(depth),
        "</hi>".repeat(depth)
    ));
    let err = emend::tei::import(&xml, "v").expect_err("refused");
    assert!(err.message.contains("nested more than"), "{}", err.message);
}

/// Every place the facts of a TEI file hold is inside its text and on
/// character boundaries.
fn places_inside(facts: &emend::facts::FileFacts, xml: &str) -> Result<(), TestCaseError> {
    let spans = facts
        .documents
        .iter()
        .flat_map(|d| {
            [
                d.span.clone(),
                d.number_span.clone(),
                d.heading_span.clone(),
            ]
        })
        .chain(
            facts
                .footnotes
                .iter()
                .flat_map(|n| [n.span.clone(), n.label_span.clone(), n.text_span.clone()]),
        )
        .chain(
            facts
                .footnotes
                .iter()
                .filter_map(|n| n.source.as_ref())
                .flat_map(|s| s.components.iter().map(|c| c.span.clone())),
        )
        .chain(facts.person_mentions.iter().map(|m| m.id_span.clone()))
        .chain(facts.references.iter().map(|r| r.span.clone()))
        .chain(facts.page_breaks.iter().map(|p| p.span.clone()))
        .chain(facts.syntax_errors.iter().map(|e| e.range.clone()));
    for span in spans {
        prop_assert!(
            span.start <= span.end
                && span.end <= xml.len()
                && xml.is_char_boundary(span.start)
                && xml.is_char_boundary(span.end),
            "span {:?} of a text of {} bytes",
            span,
            xml.len()
        );
    }
    Ok(())
}

/// The facts of a TEI file read as it is, by either way, hold places that
/// are inside the text and on character boundaries; the check of them
/// does not panic.
fn direct_never_panics(xml: &str) -> Result<(), TestCaseError> {
    let tree = emend::syntax::xml::parse(xml);
    let mut all = vec![emend::facts::tei::extract(&tree, xml)];
    all.extend(emend::facts::tei::extract_fast(xml));
    for facts in &all {
        places_inside(facts, xml)?;
    }
    let ws = emend::index::Workspace::from_texts(vec![(
        std::path::PathBuf::from("v.xml"),
        xml.to_string(),
    )]);
    let _ = emend::rules::check(&ws, &emend::rules::Severities::default());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn tei_read_as_it_is_from_random_pieces(
        pieces in proptest::collection::vec(0..TEI_PIECES.len(), 0..40),
        text in "[a-zé𝄞&<>;\"' ]{0,40}",
    ) {
        let inner: String = pieces.iter().map(|i| TEI_PIECES[*i]).collect();
        let xml = tei_common::documents(&format!(
            "<div type=\"document\" xml:id=\"d1\" n=\"1\"><head>1. T<note type=\"source\" n=\"0\">Source: {text}, Central Files.</note></head><p>{inner}</p></div>"
        ));
        direct_never_panics(&xml)?;
    }

    #[test]
    fn tei_read_as_it_is_from_random_cuts(start in 0usize..200_000, len in 0usize..5_000) {
        let xml = tei_common::excerpt_volume();
        let start = start % xml.len();
        let mut cut = xml.clone();
        let mut s = start;
        while !cut.is_char_boundary(s) {
            s -= 1;
        }
        let mut e = (s + len).min(cut.len());
        while !cut.is_char_boundary(e) {
            e -= 1;
        }
        cut.replace_range(s..e, "");
        direct_never_panics(&cut)?;
    }
}

/// The real TEI files of the tests: the excerpt as a volume and the
/// excerpts of ten other volumes.
fn real_tei() -> Vec<String> {
    let mut files = vec![tei_common::excerpt_volume()];
    files.extend(
        tei_common::volume_excerpts()
            .into_iter()
            .map(|(_, xml)| xml),
    );
    files
}

/// After an edit of `xml`, the facts read again document by document, or
/// None; where they are read so, they are those of the whole text.
fn edit_reads_as_whole(
    xml: &str,
    at: usize,
    remove: usize,
    insert: &str,
) -> Result<bool, TestCaseError> {
    let Some(old) = emend::facts::tei::extract_fast(xml) else {
        return Ok(false);
    };
    let mut s = at % xml.len();
    while !xml.is_char_boundary(s) {
        s -= 1;
    }
    let mut e = (s + remove).min(xml.len());
    while !xml.is_char_boundary(e) {
        e -= 1;
    }
    let mut new = xml.to_string();
    new.replace_range(s..e, insert);
    let Some(part) = emend::facts::tei_edit::after_edit(&old, &new, &(s..e), insert.len()) else {
        return Ok(false);
    };
    match emend::facts::tei::extract_fast(&new) {
        Some(whole) => prop_assert_eq!(format!("{part:#?}"), format!("{whole:#?}")),
        // Left not well-formed: the document keeps its facts and has its
        // errors, which stand inside it.
        None => {
            let doc = part
                .documents
                .iter()
                .filter(|d| d.span.start < s && s <= d.span.end)
                .min_by_key(|d| d.span.len())
                .map(|d| d.span.clone());
            prop_assert!(doc.is_some(), "no document holds the edit");
            let doc = doc.unwrap_or_default();
            prop_assert!(
                !part.syntax_errors.is_empty(),
                "no error in a text that is not well-formed"
            );
            for e in &part.syntax_errors {
                prop_assert!(
                    doc.start <= e.range.start && e.range.end <= doc.end,
                    "{:?} outside {:?}",
                    e,
                    doc
                );
            }
            places_inside(&part, &new)?;
        }
    }
    Ok(true)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn an_edit_read_document_by_document_reads_as_the_whole_file(
        file in 0usize..11,
        at in 0usize..400_000,
        remove in 0usize..40,
        pieces in proptest::collection::vec(0..TEI_PIECES.len(), 0..3),
        text in "[a-zé &<>;\"']{0,6}",
    ) {
        let files = real_tei();
        let xml = &files[file % files.len()];
        let insert: String = pieces.iter().map(|i| TEI_PIECES[*i]).chain([text.as_str()]).collect();
        edit_reads_as_whole(xml, at, remove, &insert)?;
    }
}

#[test]
fn typing_in_a_document_of_every_real_volume_reads_that_document_alone() {
    for xml in real_tei() {
        let at = xml.find("type=\"document\"").expect("a document");
        let p = at + xml[at..].find("<p").expect("a paragraph");
        let p = p + xml[p..].find('>').expect("its tag") + 1;
        for insert in [
            "w",
            "<hi rend=\"italic\">word</hi> ",
            "<note n=\"99\">New.</note>",
        ] {
            assert!(
                edit_reads_as_whole(&xml, p, 0, insert).unwrap_or_else(|e| panic!("{e}")),
                "{insert} at {p} was not read by its document"
            );
        }
    }
}
