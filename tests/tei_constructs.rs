//! Each construct of the TEI mapping on a small hand-made volume: what the
//! import writes, what the export writes back, and that import → export →
//! import gives the same markup byte for byte.

mod tei_common;

use tei_common::*;

/// A document with a head and the given content.
fn doc(n: &str, content: &str) -> String {
    format!(
        "<div type=\"document\" xml:id=\"d{n}\" n=\"{n}\" subtype=\"historical-document\"><head>{n}. Telegram</head>{content}</div>"
    )
}

fn folded(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Round-trips and checks that the document text is unchanged.
fn check(xml: &str) -> (emend::tei::Imported, emend::tei::Exported) {
    let (imported, exported) = round_trip(xml);
    let before = parse(xml);
    let after = parse(&exported.xml);
    let body = |d: &roxmltree::Document| {
        d.descendants()
            .find(|n| is(*n, "body"))
            .map(squeezed_text)
            .unwrap_or_default()
    };
    assert_eq!(
        body(&before),
        body(&after),
        "text changed:\n{}",
        exported.xml
    );
    (imported, exported)
}

#[test]
fn head_with_a_source_note() {
    let xml = documents(&doc(
        "5",
        "<p>Text.</p>",
    )
    .replace(
        "<head>5. Telegram</head>",
        "<head>5. Telegram From the <persName corresp=\"#p_RD1\">Secretary</persName><note n=\"1\" xml:id=\"d5fn1\" type=\"source\">Source: Department of State, Central Files. Secret.</note></head>",
    ));
    let (imported, exported) = check(&xml);
    let md = file(&imported, "d0005.emd");
    assert!(
        md.starts_with("# 5. Telegram From the [Secretary]{@RD1}[^1]\n\nText.\n\n[^1]: Source: Department of State, Central Files. Secret.\n"),
        "{md}"
    );
    assert!(exported.xml.contains("<head>5. Telegram From the <persName corresp=\"#p_RD1\">Secretary</persName><note n=\"1\" xml:id=\"d5fn1\" type=\"source\">Source: Department of State, Central Files. Secret.</note></head>"), "{}", exported.xml);
}

#[test]
fn datelines_with_and_without_a_time() {
    let xml = documents(&[
        with_range(doc("5", "<dateline><placeName>Saigon</placeName>, <date when=\"1965-12-27T18:00:00+08:00\" calendar=\"gregorian\">December 27, 1965, 6 p.m.</date></dateline><p>Text.</p>"), "1965-12-27T05:00:00-05:00", "1965-12-27T05:00:00-05:00"),
        with_range(doc("6", "<dateline><placeName>Washington</placeName>, <date when=\"1965-12-28\" calendar=\"gregorian\">December 28, 1965</date>.</dateline><p>Text.</p>"), "1965-12-28T00:00:00-05:00", "1965-12-28T23:59:59-05:00"),
    ].join("\n"));
    let (imported, exported) = check(&xml);
    assert!(file(&imported, "d0005.emd").contains(
        "Dateline: Saigon, December 27, 1965, 6 p.m.\nWhen: 1965-12-27T18:00:00+08:00\n"
    ));
    assert!(file(&imported, "d0006.emd").contains("Dateline: Washington, December 28, 1965.\n\n"));
    assert!(exported.xml.contains("<dateline><placeName>Saigon</placeName>, <date when=\"1965-12-27T18:00:00+08:00\" calendar=\"gregorian\">December 27, 1965, 6 p.m.</date></dateline>"), "{}", exported.xml);
    assert!(exported.xml.contains("<dateline><placeName>Washington</placeName>, <date when=\"1965-12-28\" calendar=\"gregorian\">December 28, 1965</date>.</dateline>"));
    // The spans are derived, in FRUS's offset, so no `Range:` line is needed.
    assert!(!file(&imported, "d0005.emd").contains("Range:"));
    assert!(exported.xml.contains("frus:doc-dateTime-min=\"1965-12-27T05:00:00-05:00\" frus:doc-dateTime-max=\"1965-12-27T05:00:00-05:00\""));
    assert!(exported.xml.contains("frus:doc-dateTime-min=\"1965-12-28T00:00:00-05:00\" frus:doc-dateTime-max=\"1965-12-28T23:59:59-05:00\""));
}

/// A document `div` with the span FRUS gives it.
fn with_range(div: String, min: &str, max: &str) -> String {
    div.replacen(
        " subtype=",
        &format!(" frus:doc-dateTime-min=\"{min}\" frus:doc-dateTime-max=\"{max}\" subtype="),
        1,
    )
}

#[test]
fn footnotes_with_paragraphs_and_their_ids() {
    let xml = documents(&doc(
        "5",
        "<p>Text.<note n=\"2\" xml:id=\"d5fn2\"><p>First.</p><p>Second.</p></note> More.</p>",
    ));
    let (imported, exported) = check(&xml);
    let md = file(&imported, "d0005.emd");
    assert!(
        md.contains("Text.[^2] More.\n\n[^2]: First.\n\n    Second.\n"),
        "{md}"
    );
    assert!(
        exported.xml.contains(
            "<p>Text.<note n=\"2\" xml:id=\"d5fn2\"><p>First.</p><p>Second.</p></note> More.</p>"
        ),
        "{}",
        exported.xml
    );
}

#[test]
fn page_breaks_inline_between_blocks_and_between_documents() {
    let xml = documents(&[
        doc("5", "<p>in the fields <pb n=\"670\" xml:id=\"pg_670\" facs=\"0702\"/>of food</p><pb n=\"671\" xml:id=\"pg_671\" facs=\"a b\"/><p>Next.</p>"),
        "<pb n=\"672\" xml:id=\"pg_672\"/>".to_string(),
        doc("6", "<p>Text.</p>"),
    ].join("\n"));
    let (imported, exported) = check(&xml);
    let md = file(&imported, "d0005.emd");
    assert!(
        md.contains("in the fields [Page 670]of food\n\n[Page 671]\n\nNext.\n\n[Page 672]\n"),
        "{md}"
    );
    let x = folded(&exported.xml);
    // The page images: the first, and the break without one.
    assert!(
        file(&imported, "volume.emd").ends_with("Images: 670=0702, 671=-\n"),
        "{}",
        file(&imported, "volume.emd")
    );
    assert!(x.contains("<p>in the fields <pb n=\"670\" xml:id=\"pg_670\" facs=\"0702\"/>of food</p> <pb n=\"671\" xml:id=\"pg_671\"/> <p>Next.</p> </div> <pb n=\"672\" xml:id=\"pg_672\"/> <div type=\"document\" xml:id=\"d6\""), "{x}");
    let facs = imported
        .warnings
        .iter()
        .find(|w| w.message.starts_with("pb/@facs"))
        .expect("a warning about the image that cannot be kept");
    let facs_line = 1 + xml[..xml.find("facs=\"a b").expect("facs")]
        .matches('\n')
        .count();
    assert_eq!(facs.line as usize, facs_line);
}

#[test]
fn persons_and_terms_are_mentioned_by_id() {
    let xml = documents(&doc(
        "5",
        "<p>You and <persName corresp=\"#p_TLEJ1\">Tommy</persName> on the <gloss target=\"#t_VC1\">VC</gloss> and <gloss target=\"#t_X2\">X</gloss>.</p>",
    ));
    let (imported, exported) = check(&xml);
    assert!(file(&imported, "d0005.emd")
        .contains("You and [Tommy]{@TLEJ1} on the [VC]{=VC} and [X]{=X2}."));
    assert!(exported.xml.contains("You and <persName corresp=\"#p_TLEJ1\">Tommy</persName> on the <gloss target=\"#t_VC1\">VC</gloss> and <gloss target=\"#t_X2\">X</gloss>."));
}

#[test]
fn references_that_read_naturally_become_prose() {
    let xml = documents(&doc(
        "5",
        concat!(
            "<p>See <ref target=\"#d256\">Document 256</ref>, Documents <ref target=\"#d12\">12</ref> and <ref target=\"#d14\">14</ref>, ",
            "<ref target=\"#d236fn6\">footnote 6, Document 236</ref>, <ref target=\"#d5fn3\">footnote 3</ref>, ",
            "<ref target=\"frus1964-68v02#d35\">Foreign Relations, 1964–1968, vol. II, Document 35</ref>.</p>",
            "<p>But <ref target=\"#d256\">the telegram</ref>, <ref target=\"#d245fn3\">footnote 3</ref> and <ref target=\"#d9\">Document 10</ref>.</p>",
        ),
    ));
    let (imported, exported) = check(&xml);
    let md = folded(file(&imported, "d0005.emd"));
    assert!(md.contains("See Document 256, Documents 12 and 14, footnote 6, Document 236, footnote 3, Foreign Relations, 1964–1968, vol. II, Document 35."), "{md}");
    assert!(
        md.contains("But [the telegram](#d256), [footnote 3](#d245fn3) and [Document 10](#d9)."),
        "{md}"
    );
    assert_eq!((imported.prose_refs, imported.explicit_refs), (6, 3));
    let x = folded(&exported.xml);
    for r in [
        "<ref target=\"#d256\">Document 256</ref>",
        "Documents <ref target=\"#d12\">12</ref> and <ref target=\"#d14\">14</ref>",
        "<ref target=\"#d236fn6\">footnote 6, Document 236</ref>",
        "<ref target=\"#d5fn3\">footnote 3</ref>",
        "<ref target=\"frus1964-68v02#d35\">Foreign Relations, 1964–1968, vol. II, Document 35</ref>",
        "<ref target=\"#d256\">the telegram</ref>",
        "<ref target=\"#d245fn3\">footnote 3</ref>",
        "<ref target=\"#d9\">Document 10</ref>",
    ] {
        assert!(x.contains(r), "{r} in {x}");
    }
}

#[test]
fn lists_labels_items_and_nesting() {
    let xml = documents(&doc(
        "5",
        concat!(
            "<p>Points: <list><label>1.</label><item>One</item><label>(a)</label><item>Two</item>",
            "<pb n=\"9\" xml:id=\"pg_9\"/><label>A-1</label><item>Three</item><item>1. Not a label",
            "<list><item>Nested <list><label>(i)</label><item>Deeper</item></list></item><item>Also nested</item></list></item>",
            "<item>After</item></list></p>",
        ),
    ));
    let (imported, exported) = check(&xml);
    let md = file(&imported, "d0005.emd");
    assert!(
        md.contains(
            "Points:\n\n- 1. One\n- (a) Two\n- [Page 9] A-1 Three\n- 1\\. Not a label\n  - Nested\n    - (i) Deeper\n  - Also nested\n- After\n"
        ),
        "{md}"
    );
    // The break that begins an item after the first is written between the
    // items, where the TEI has it; a nested list is inside its item.
    let x = folded(&exported.xml);
    assert!(x.contains("<p>Points:</p> <list> <label>1.</label> <item>One</item> <label>(a)</label> <item>Two</item> <pb n=\"9\" xml:id=\"pg_9\"/> <item>A-1 Three</item> <item>1. Not a label <list> <item>Nested <list> <label>(i)</label> <item>Deeper</item> </list> </item> <item>Also nested</item> </list> </item> <item>After</item> </list>"), "{x}");
    let messages: Vec<&str> = imported
        .warnings
        .iter()
        .map(|w| w.message.as_str())
        .collect();
    assert!(
        messages.iter().any(|m| m.starts_with("list label `A-1`")),
        "{messages:?}"
    );
    assert!(
        !messages.iter().any(|m| m.contains("nested")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.starts_with("<list> inside <p>")),
        "{messages:?}"
    );
}

#[test]
fn block_quotes_emphasis_and_editorial_brackets() {
    let xml = documents(&doc(
        "5",
        concat!(
            "<p>It was <hi rend=\"italic\">Public Papers</hi>, <hi rend=\"strong\">Bold</hi> [text not declassified]: ",
            "<quote rend=\"blockquote\"><p>“I have got your message [in place of ‘x']”</p><p>“Soon.”</p></quote></p>",
        ),
    ));
    let (imported, exported) = check(&xml);
    let md = file(&imported, "d0005.emd");
    assert!(md.contains("It was *Public Papers*, **Bold** [text not declassified]:\n\n> “I have got your message [in place of ‘x']”\n> “Soon.”\n"), "{md}");
    let x = folded(&exported.xml);
    assert!(x.contains("<hi rend=\"italic\">Public Papers</hi>, <hi rend=\"strong\">Bold</hi> [text not declassified]:</p> <quote rend=\"blockquote\"> <p>“I have got your message [in place of ‘x']”</p> <p>“Soon.”</p> </quote>"), "{x}");
}

#[test]
fn attachments_and_closers() {
    let xml = documents(&doc(
        "5",
        concat!(
            "<p>I attach a paper.</p><closer><signed><hi rend=\"strong\"><persName>McG. B.</persName></hi></signed></closer>",
            "<frus:attachment><head>Tab A</head><dateline><placeName>Washington</placeName>, <date when=\"1965-12-19\">December 19, 1965.</date></dateline>",
            "<p>Memorandum.<note n=\"2\" xml:id=\"d5fn2\">Top Secret.</note></p><closer><signed><hi rend=\"strong\">Dean Rusk</hi></signed></closer></frus:attachment>",
        ),
    ));
    let (imported, exported) = check(&xml);
    let md = file(&imported, "d0005.emd");
    assert!(md.contains("I attach a paper.\n\n**[McG. B.]{@}**\n\n## Tab A\nDateline: Washington, December 19, 1965.\n\nMemorandum.[^2]\n\n**Dean Rusk**\n\n[^2]: Top Secret.\n"), "{md}");
    let x = folded(&exported.xml);
    // The signature names a person the editors have not identified.
    assert!(x.contains("<p>I attach a paper.</p> <closer><signed><hi rend=\"strong\"><persName>McG. B.</persName></hi></signed></closer> <frus:attachment> <head>Tab A</head> <dateline><placeName>Washington</placeName>, <date when=\"1965-12-19\">December 19, 1965</date>.</dateline> <p>Memorandum.<note n=\"2\" xml:id=\"d5fn2\">Top Secret.</note></p> <closer><signed><hi rend=\"strong\">Dean Rusk</hi></signed></closer> </frus:attachment>"), "{x}");
}

#[test]
fn second_names_of_register_entries_keep_their_ids() {
    let front = concat!(
        "<div type=\"section\" xml:id=\"terms\" subtype=\"index\"><head>Abbreviations and Terms</head><list type=\"terms\">",
        "<item><hi rend=\"strong\"><term xml:id=\"t_ARA1\">ARA</term> or <term xml:id=\"t_ARALA1\">ARA/LA</term>,</hi> Bureau of Inter-American Affairs</item>",
        "</list></div>",
        "<div type=\"section\" xml:id=\"persons\" subtype=\"index\"><head>Persons</head><list type=\"names\">",
        "<item><hi rend=\"strong\"><persName xml:id=\"p_DX1\">Deng Xiaoping</persName> <persName xml:id=\"p_TH1\">(Teng Hsiao-p’ing)</persName>,</hi> Vice Premier</item>",
        "</list></div>",
    );
    let xml = wrap(
        front,
        &doc("5", "<p>The <gloss target=\"#t_ARALA1\">ARA/LA</gloss> and <persName corresp=\"#p_TH1\">Teng</persName>.</p>"),
    );
    let (imported, exported) = check(&xml);
    assert!(
        file(&imported, "01-terms.emd")
            .contains("[=ARA]: **ARA** or [ARA/LA]{=ARALA}, Bureau of Inter-American Affairs\n"),
        "{}",
        file(&imported, "01-terms.emd")
    );
    assert!(
        file(&imported, "02-persons.emd")
            .contains("[@DX1]: **Deng Xiaoping** [(Teng Hsiao-p’ing)]{@TH1}, Vice Premier\n"),
        "{}",
        file(&imported, "02-persons.emd")
    );
    let x = folded(&exported.xml);
    assert!(x.contains("<item><hi rend=\"strong\"><term xml:id=\"t_ARA1\">ARA</term> or <term xml:id=\"t_ARALA1\">ARA/LA</term>,</hi> Bureau of Inter-American Affairs</item>"), "{x}");
    assert!(x.contains("<item><hi rend=\"strong\"><persName xml:id=\"p_DX1\">Deng Xiaoping</persName> <persName xml:id=\"p_TH1\">(Teng Hsiao-p’ing)</persName>,</hi> Vice Premier</item>"), "{x}");
    assert!(
        x.contains("<gloss target=\"#t_ARALA1\">ARA/LA</gloss>"),
        "{x}"
    );
}

#[test]
fn persons_and_terms_lists_as_frus_writes_them() {
    let front = concat!(
        "<div type=\"section\" xml:id=\"terms\" subtype=\"index\"><head>Abbreviations and Terms</head><list type=\"terms\">",
        "<item><hi rend=\"strong\"><term xml:id=\"t_SEATO1\">SEATO</term>,</hi> Southeast Asia Treaty Organization</item>",
        "<item><hi rend=\"strong\"><term xml:id=\"t_ArcLight1\">Arc Light</term>,</hi> code name</item>",
        "<pb n=\"XX\" xml:id=\"pg_XX\"/>",
        "<item><hi rend=\"strong\"><term xml:id=\"t_VC1\">VC</term>,</hi> Viet Cong</item></list></div>",
        "<div type=\"section\" xml:id=\"persons\" subtype=\"index\"><head>Persons</head><list type=\"names\">",
        "<item><hi rend=\"strong\"><persName xml:id=\"p_TLEJ1\">Thompson, Llewellyn E., Jr.</persName>,</hi> Ambassador at Large</item>",
        "<item><hi rend=\"strong\"><persName xml:id=\"p_Khanh1\">Khanh</persName>,</hi> see <persName corresp=\"#p_NK1\">Nguyen Khanh</persName></item>",
        "</list></div>",
    );
    let xml = wrap(
        front,
        &doc("5", "<p>The <gloss target=\"#t_SEATO1\">SEATO</gloss>.</p>"),
    );
    let (imported, exported) = check(&xml);
    assert_eq!(
        file(&imported, "01-terms.emd"),
        "# Abbreviations and Terms\nId: terms\n\n[=SEATO]: Southeast Asia Treaty Organization\n[=ArcLight]: **Arc Light**, code name\n\n[Page XX]\n\n[=VC]: Viet Cong\n"
    );
    assert_eq!(
        file(&imported, "02-persons.emd"),
        "# Persons\nId: persons\n\n[@TLEJ1]: **Thompson, Llewellyn E., Jr.**, Ambassador at Large\n[@Khanh1]: **Khanh**, see [Nguyen Khanh]{@NK1}\n"
    );
    assert!(file(&imported, "d0005.emd").contains("The [SEATO]{=SEATO}."));
    let x = folded(&exported.xml);
    assert!(x.contains("<div type=\"section\" xml:id=\"terms\" subtype=\"index\"> <head>Abbreviations and Terms</head> <list type=\"terms\"> <item><hi rend=\"strong\"><term xml:id=\"t_SEATO1\">SEATO</term>,</hi> Southeast Asia Treaty Organization</item> <item><hi rend=\"strong\"><term xml:id=\"t_ArcLight1\">Arc Light</term>,</hi> code name</item> <pb n=\"XX\" xml:id=\"pg_XX\"/> <item><hi rend=\"strong\"><term xml:id=\"t_VC1\">VC</term>,</hi> Viet Cong</item> </list> </div>"), "{x}");
    assert!(x.contains("<div type=\"section\" xml:id=\"persons\" subtype=\"index\"> <head>Persons</head> <list type=\"names\"> <item><hi rend=\"strong\"><persName xml:id=\"p_TLEJ1\">Thompson, Llewellyn E., Jr.</persName>,</hi> Ambassador at Large</item> <item><hi rend=\"strong\"><persName xml:id=\"p_Khanh1\">Khanh</persName>,</hi> see <persName corresp=\"#p_NK1\">Nguyen Khanh</persName></item> </list> </div>"), "{x}");
}

#[test]
fn text_that_would_read_as_markup_is_escaped() {
    let xml = documents(&doc(
        "5",
        concat!(
            "<p>- not a list, a [Page 5] in the text, an odd ] and [, a [^1], stars * and *x*, a \\ and [x](y).</p>",
            "<p># not a heading</p><p>&gt; not a quote</p>",
        ),
    ));
    let (imported, _) = check(&xml);
    let md = folded(file(&imported, "d0005.emd"));
    assert!(md.contains("\\- not a list, a \\[Page 5\\] in the text, an odd \\] and \\[, a \\[\\^1\\], stars \\* and \\*x\\*, a \\\\ and \\[x\\](y)."), "{md}");
    assert!(md.contains("\\# not a heading \\> not a quote"), "{md}");
}

#[test]
fn what_the_markup_cannot_hold_is_reported_with_its_line_and_its_text_kept() {
    let xml = documents(&doc(
        "5",
        "<p>Before.</p>\n<figure><graphic url=\"map1\"/><head>Map of Laos</head>\n<p>Drawn in 1961.</p></figure>\n<p>A <seg>segment</seg> and <hi rend=\"underline\">underlined</hi>.</p>",
    ));
    let (imported, exported) = check(&xml);
    let at = |prefix: &str| {
        imported
            .warnings
            .iter()
            .find(|w| w.message.starts_with(prefix))
            .map(|w| (w.line, w.message.clone()))
            .unwrap_or_else(|| panic!("no warning {prefix}: {:#?}", imported.warnings))
    };
    let line_of = |needle: &str| {
        1 + xml[..xml.find(needle).expect("in the input")]
            .matches('\n')
            .count() as u32
    };
    assert_eq!(at("<p> in a figure").0, line_of("<p>Drawn"));
    assert!(at("<p> in a figure")
        .1
        .contains("written as paragraphs after it"));
    assert_eq!(at("<seg>").0, line_of("<seg>"));
    assert!(file(&imported, "d0005.emd").contains("[underlined]{.underline}"));
    assert!(exported
        .xml
        .contains("<hi rend=\"underline\">underlined</hi>"));
    assert!(
        file(&imported, "d0005.emd").contains("[Figure: url=map1] Map of Laos\n\nDrawn in 1961.\n")
    );
    assert!(exported.xml.contains("<head>Map of Laos</head></figure>"));
    assert!(exported.xml.contains("<p>Drawn in 1961.</p>"));
}

#[test]
fn chapters_keep_their_documents_and_back_matter_its_place() {
    let xml = wrap(
        "",
        &format!(
            "<div type=\"compilation\" xml:id=\"comp1\"><div type=\"chapter\" xml:id=\"ch1\"><head>June 1965</head>{}{}</div><div type=\"chapter\" xml:id=\"ch2\"><head>July 1965</head>{}</div></div>",
            doc("1", "<p>One.</p>"),
            doc("2", "<p>Two.</p>"),
            doc("3", "<p>Three.</p>")
        ),
    )
    .replace(
        "</body>",
        "</body><back><div type=\"section\" xml:id=\"index\"><head>Index</head><p>Acheson, 12.</p></div></back>",
    );
    let (imported, exported) = check(&xml);
    let paths: Vec<&str> = imported.files.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        [
            "volume.emd",
            "ch1/chapter.emd",
            "ch1/d0001.emd",
            "ch1/d0002.emd",
            "ch2/chapter.emd",
            "ch2/d0003.emd",
            "back/01-index.emd",
            "tei-header.xml",
        ]
    );
    assert_eq!(file(&imported, "ch1/chapter.emd"), "# June 1965\nId: ch1\n");
    let x = folded(&exported.xml);
    assert!(x.contains("<body> <div type=\"compilation\" xml:id=\"comp1\"> <div type=\"chapter\" xml:id=\"ch1\"> <head>June 1965</head> <div type=\"document\" xml:id=\"d1\""), "{x}");
    assert!(x.contains("</div> </div> <div type=\"chapter\" xml:id=\"ch2\"> <head>July 1965</head> <div type=\"document\" xml:id=\"d3\""), "{x}");
    assert!(x.contains("<back> <div type=\"section\" xml:id=\"index\"> <head>Index</head> <p>Acheson, 12.</p> </div> </back>"), "{x}");
}

/// A compilation with a head, as modern FRUS volumes have it, is the folder
/// `comp1/` headed `Id: comp1`: the export writes it as the compilation
/// again, with its documents and chapters inside, and `comp1` once.
#[test]
fn a_titled_compilation_keeps_its_head_documents_and_chapters() {
    let xml = wrap(
        "",
        &format!(
            "<div type=\"compilation\" xml:id=\"comp1\"><head>Guatemala, 1952–1954</head>{}<div type=\"chapter\" xml:id=\"ch1\"><head>June 1954</head>{}</div></div>",
            doc("1", "<p>One.</p>"),
            doc("2", "<p>Two.</p>"),
        ),
    );
    let (imported, exported) = check(&xml);
    let paths: Vec<&str> = imported.files.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        [
            "volume.emd",
            "comp1/chapter.emd",
            "comp1/d0001.emd",
            "ch1/chapter.emd",
            "ch1/d0002.emd",
            "tei-header.xml",
        ]
    );
    assert_eq!(
        file(&imported, "comp1/chapter.emd"),
        "# Guatemala, 1952–1954\nId: comp1\n"
    );
    for w in &imported.warnings {
        assert!(
            !w.message.contains("compilation") && !w.message.contains("inside a chapter"),
            "{w:?}"
        );
    }
    let x = folded(&exported.xml);
    assert!(x.contains("<body> <div type=\"compilation\" xml:id=\"comp1\"> <head>Guatemala, 1952–1954</head> <div type=\"document\" xml:id=\"d1\""), "{x}");
    assert!(x.contains("</div> <div type=\"chapter\" xml:id=\"ch1\"> <head>June 1954</head> <div type=\"document\" xml:id=\"d2\""), "{x}");
    assert_eq!(x.matches("xml:id=\"comp1\"").count(), 1, "{x}");
}

#[test]
fn list_heads_and_document_ids_that_differ_from_the_number() {
    let xml = documents(
        &doc(
            "5",
            "<list type=\"subject\"><head>SUBJECT</head><item>Viet-Nam</item></list><p>Text.</p>",
        )
        .replace("xml:id=\"d5\"", "xml:id=\"ch1-d5\""),
    );
    let (imported, exported) = check(&xml);
    let md = file(&imported, "d0005.emd");
    assert!(
        md.starts_with("# 5. Telegram\nId: ch1-d5\n\nSUBJECT\n\n- Viet-Nam\n\nText.\n"),
        "{md}"
    );
    let x = folded(&exported.xml);
    assert!(
        x.contains("<div type=\"document\" xml:id=\"ch1-d5\" n=\"5\""),
        "{x}"
    );
    assert!(
        x.contains("<list type=\"subject\"> <head>SUBJECT</head> <item>Viet-Nam</item> </list>"),
        "{x}"
    );
}

#[test]
fn indentation_that_ends_an_element_before_punctuation_is_not_a_space() {
    let xml = documents(&doc(
        "5",
        "<p>See <ref target=\"frus1941v06\">\n    <hi rend=\"italic\">ibid</hi>\n  </ref>. And <hi rend=\"italic\">this </hi>word.</p>",
    ));
    let (imported, _) = check(&xml);
    let md = file(&imported, "d0005.emd");
    assert!(
        md.contains("See [*ibid*](frus1941v06). And *this* word."),
        "{md}"
    );
}

#[test]
fn register_entries_of_older_volumes_without_bold_names_are_entries() {
    // FRUS 1918 writes `<item><persName xml:id>Name</persName>, …` with no
    // `hi[@rend='strong']` around the name.
    let front = concat!(
        "<div type=\"section\" xml:id=\"persons\"><head>Persons</head><list type=\"participants\">",
        "<item><persName xml:id=\"p_FDR1\">Francis, David R.</persName>, Ambassador in Russia.</item>",
        "<item><persName xml:id=\"p_NII1\">Nicholas II</persName>, Emperor of Russia.</item>",
        "</list></div>",
    );
    let xml = wrap(
        front,
        &doc(
            "5",
            "<p><persName corresp=\"#p_FDR1\">Francis</persName> wrote.</p>",
        ),
    );
    let (imported, exported) = check(&xml);
    assert_eq!(
        file(&imported, "01-persons.emd"),
        "# Persons\nId: persons\n\n[@FDR1]: **Francis, David R.**, Ambassador in Russia.\n[@NII1]: **Nicholas II**, Emperor of Russia.\n"
    );
    // The volume's way is said in volume.emd, and the export keeps it.
    assert!(file(&imported, "volume.emd").contains("\nEntries: plain\n"));
    let x = folded(&exported.xml);
    assert!(x.contains("<item><persName xml:id=\"p_FDR1\">Francis, David R.</persName>, Ambassador in Russia.</item>"), "{x}");

    // Without the line, the export writes the name in bold, as FRUS's
    // Schematron asks.
    let files: Vec<(String, String)> = imported
        .files
        .iter()
        .map(|(path, text)| (path.clone(), text.replace("Entries: plain\n", "")))
        .collect();
    let x = folded(&emend::tei::export(&files).expect("exports").xml);
    assert!(x.contains("<item><hi rend=\"strong\"><persName xml:id=\"p_FDR1\">Francis, David R.</persName>,</hi> Ambassador in Russia.</item>"), "{x}");

    // One plain entry among bold ones is the exception, reported.
    let mixed = front.replacen(
        "<persName xml:id=\"p_NII1\">Nicholas II</persName>,",
        "<hi rend=\"strong\"><persName xml:id=\"p_NII1\">Nicholas II</persName>,</hi>",
        1,
    ) .replacen("</list>", "<item><hi rend=\"strong\"><persName xml:id=\"p_GL1\">Lansing, Robert</persName>,</hi> Secretary of State.</item></list>", 1);
    let (imported, _) = check(&wrap(&mixed, &doc("5", "<p>Text.</p>")));
    assert!(!file(&imported, "volume.emd").contains("Entries:"));
    assert!(imported.warnings.iter().any(|w| w
        .message
        .starts_with("register entry without hi[@rend='strong']")));
}

#[test]
fn a_page_break_between_labelled_items_stays_between_them() {
    let xml = documents(&doc(
        "5",
        "<list><label>1.</label><item>One</item><pb n=\"8\" xml:id=\"pg_8\"/><label>2.</label><item>Two</item></list>",
    ));
    let (imported, exported) = check(&xml);
    let md = file(&imported, "d0005.emd");
    assert!(md.contains("- 1. One\n- 2. [Page 8] Two\n"), "{md}");
    let x = folded(&exported.xml);
    assert!(
        x.contains("<item>One</item> <pb n=\"8\" xml:id=\"pg_8\"/> <label>2.</label> <item>Two</item> </list>"),
        "{x}"
    );
}

#[test]
fn a_page_break_that_ends_an_item_before_the_last_is_written_after_it() {
    let files = [
        (
            "volume.emd".to_string(),
            "# V\nVolume: frus1964-68v03\n".to_string(),
        ),
        (
            "d5.emd".to_string(),
            "# 5. Telegram\n\n- One [Page 8]\n- Two [Page 9]\n".to_string(),
        ),
    ];
    let exported = emend::tei::export(&files).expect("exports");
    let x = folded(&exported.xml);
    // The last item's break stays inside it: there is no item after it.
    assert!(
        x.contains("<item>One</item> <pb n=\"8\" xml:id=\"pg_8\"/> <item>Two <pb n=\"9\" xml:id=\"pg_9\"/></item>"),
        "{x}"
    );
}

#[test]
fn a_signature_in_plain_text_is_a_signature() {
    let xml = documents(&doc(
        "5",
        "<p>Text.</p><closer><signed>J. R. <hi rend=\"smallcaps\">Jones</hi>.</signed></closer>",
    ));
    let (imported, exported) = check(&xml);
    let md = file(&imported, "d0005.emd");
    assert!(
        md.ends_with("Text.\n\n**J. R. [Jones]{.smallcaps}.**\n"),
        "{md}"
    );
    // The volume signs in plain text: it says so, and the export does so.
    assert!(file(&imported, "volume.emd").contains("\nSignatures: plain\n"));
    let x = folded(&exported.xml);
    assert!(
        x.contains("<closer><signed>J. R. <hi rend=\"smallcaps\">Jones</hi>.</signed></closer>"),
        "{x}"
    );
    // Where most signatures are bold, one in plain text is the exception,
    // reported and written bold.
    let signed = |n: &str, name: &str| {
        doc(
            n,
            &format!("<p>Text.</p><closer><signed>{name}</signed></closer>"),
        )
    };
    let xml = documents(&format!(
        "{}{}{}",
        signed("5", "<hi rend=\"strong\">Rusk</hi>"),
        signed("6", "<hi rend=\"strong\">Ball</hi>"),
        signed("7", "Jones")
    ));
    let (imported, exported) = check(&xml);
    assert!(!file(&imported, "volume.emd").contains("Signatures:"));
    assert!(imported
        .warnings
        .iter()
        .any(|w| w.message.starts_with("<signed> without hi[@rend='strong']")));
    assert!(folded(&exported.xml)
        .contains("<closer><signed><hi rend=\"strong\">Jones</hi></signed></closer>"));
}

#[test]
fn a_chapter_inside_a_chapter_is_a_folder_inside_its_folder() {
    let xml = documents(&format!(
        "<pb n=\"1\" xml:id=\"pg_1\"/><div type=\"compilation\" xml:id=\"comp1\"><div type=\"chapter\" xml:id=\"ch1\"><head>Chapter I. Loans</head><div type=\"chapter\" xml:id=\"ch1a\"><head>Offer of a credit</head>{}{}</div><div type=\"chapter\" xml:id=\"ch1b\"><head>Further credits</head>{}</div></div></div>",
        doc("1", "<p>One.</p>"),
        doc("2", "<p>Two.</p>"),
        doc("3", "<p>Three.</p>")
    ));
    let (imported, exported) = check(&xml);
    let paths: Vec<&str> = imported.files.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        [
            "volume.emd",
            "ch1/chapter.emd",
            "ch1/ch1a/chapter.emd",
            "ch1/ch1a/d0001.emd",
            "ch1/ch1a/d0002.emd",
            "ch1/ch1b/chapter.emd",
            "ch1/ch1b/d0003.emd",
            "tei-header.xml",
        ]
    );
    // The page the chapter begins on stands before it, where it was.
    let out = folded(&exported.xml);
    let chapter = out.find("<div type=\"chapter\" xml:id=\"ch1\">").unwrap();
    let inner = out.find("<div type=\"chapter\" xml:id=\"ch1a\">").unwrap();
    let second = out.find("<div type=\"chapter\" xml:id=\"ch1b\">").unwrap();
    let page = out.find("<pb n=\"1\" xml:id=\"pg_1\"/>").unwrap();
    let ends: Vec<usize> = out.match_indices("</div>").map(|(i, _)| i).collect();
    assert!(page < chapter && chapter < inner && inner < second, "{out}");
    // ch1b closes, then ch1, then the compilation.
    let after_three = out.find("Three.").unwrap();
    assert!(
        ends.iter().filter(|&&e| e > after_three).count() >= 4,
        "{out}"
    );
}

#[test]
fn a_page_break_between_front_and_body_is_kept() {
    let xml = documents(&doc("1", "<p>One.</p>"))
        .replace("<body>", "<pb n=\"1\" xml:id=\"pg_1\"/>\n        <body>");
    let (imported, exported) = check(&xml);
    assert!(file(&imported, "d0001.emd").contains("[Page 1]"));
    assert!(
        exported.xml.contains("<pb n=\"1\" xml:id=\"pg_1\"/>"),
        "{}",
        exported.xml
    );
}

#[test]
fn a_dateline_with_markup_keeps_its_date() {
    let xml = documents(&doc(
        "4",
        "<dateline>[<hi rend=\"italic\">place not declassified</hi>], <date when=\"1952-01-25T08:59:00\">January 25, 1952, 0859Z</date>.</dateline><p>Text.</p>",
    ));
    let (imported, exported) = check(&xml);
    let md = file(&imported, "d0004.emd");
    assert!(md.contains("Dateline: [*place not declassified*], January 25, 1952, 0859Z.\nWhen: 1952-01-25T08:59:00\n"), "{md}");
    // The date begins after the markup; a full stop stays outside it only
    // after a digit (`p.m.` ends with one of its own).
    assert!(
        exported.xml.contains("<dateline>[<hi rend=\"italic\">place not declassified</hi>], <date when=\"1952-01-25T08:59:00\">January 25, 1952, 0859Z.</date></dateline>"),
        "{}",
        exported.xml
    );
}

#[test]
fn older_volumes_inline_source_notes_opener_datelines_and_unnumbered_heads() {
    let document = |n: &str, day: &str| {
        format!(
            "<div type=\"document\" xml:id=\"d{n}\" n=\"{n}\"><note rend=\"inline\" type=\"source\">File No. 861.51/13{n}</note><head>The Secretary of State to the Ambassador in Russia</head><opener><dateline rendition=\"#right\"><placeName>Washington</placeName>, <date when=\"1917-04-{day:0>2}\">April {day}, 1917</date>.</dateline></opener><p>Text {n}.</p></div>"
        )
    };
    let xml = documents(&format!("{}{}", document("1", "3"), document("2", "13")));
    let (imported, exported) = check(&xml);
    let volume = file(&imported, "volume.emd");
    assert!(
        volume.ends_with(
            "Datelines: opener #right\nHeadings: unnumbered\nCalendar: none\nRanges: none\nSubtypes: none\n"
        ),
        "{volume}"
    );
    let md = file(&imported, "d0001.emd");
    assert_eq!(
        md,
        "# 1. The Secretary of State to the Ambassador in Russia\nSource: File No. 861.51/131\nDateline: Washington, April 3, 1917.\n\nText 1.\n"
    );
    let out = folded(&exported.xml);
    assert!(
        out.contains("<note type=\"source\" rend=\"inline\">File No. 861.51/131</note> <head>The Secretary of State to the Ambassador in Russia</head> <opener><dateline rendition=\"#right\"><placeName>Washington</placeName>, <date when=\"1917-04-03\">April 3, 1917</date>.</dateline></opener>"),
        "{out}"
    );
}

#[test]
fn a_dateline_with_a_span_keeps_its_from_and_to() {
    let xml = documents(&with_range(
        doc(
            "3",
            "<dateline><placeName>Washington</placeName>, <date from=\"1970-10-22T11:00:00-04:00\" to=\"1970-10-22T13:30:00-04:00\">October 22, 1970, 11 a.m.–1:30 p.m.</date></dateline><p>Text.</p>",
        ),
        "1970-10-22T10:00:00-05:00",
        "1970-10-22T12:30:00-05:00",
    ));
    let (imported, exported) = check(&xml);
    assert!(file(&imported, "d0003.emd")
        .contains("When: 1970-10-22T11:00:00-04:00/1970-10-22T13:30:00-04:00\n"));
    let x = folded(&exported.xml);
    assert!(x.contains("frus:doc-dateTime-min=\"1970-10-22T10:00:00-05:00\" frus:doc-dateTime-max=\"1970-10-22T12:30:00-05:00\""), "{x}");
    assert!(x.contains("<date from=\"1970-10-22T11:00:00-04:00\" to=\"1970-10-22T13:30:00-04:00\">October 22, 1970, 11 a.m.–1:30 p.m.</date>"), "{x}");
}

#[test]
fn encoding_lines_the_export_cannot_read_are_reported_where_they_stand() {
    let files = vec![
        (
            "volume.emd".to_string(),
            "# Test\nVolume: frus1964-68v03\nDatelines: opener sideways\nImages: 1=0042, 2\nHeadings: numbered\n".to_string(),
        ),
        (
            "d0001.emd".to_string(),
            "# 1. Telegram\nDateline: Washington, May 1, 1965.\n\n[Page 1]\n\nText.\n".to_string(),
        ),
    ];
    let exported = export(&files);
    let at = |key: &str| {
        exported
            .warnings
            .iter()
            .find(|w| w.message.starts_with(&format!("`{key}:`")))
            .map(|w| (w.file.clone().unwrap_or_default(), w.line))
            .unwrap_or_else(|| panic!("no warning about {key}: {:?}", exported.warnings))
    };
    assert_eq!(at("Datelines"), ("volume.emd".to_string(), 3));
    assert_eq!(at("Images"), ("volume.emd".to_string(), 4));
    assert_eq!(at("Headings"), ("volume.emd".to_string(), 5));
    // What can be read still applies: the opener, the first image, the
    // heads with their numbers.
    let x = folded(&exported.xml);
    assert!(x.contains("<opener><dateline>"), "{x}");
    assert!(
        x.contains("<pb n=\"1\" xml:id=\"pg_1\" facs=\"0042\"/>"),
        "{x}"
    );
    assert!(x.contains("<head>1. Telegram</head>"), "{x}");
}

#[test]
fn a_signature_with_a_note_on_it_stays_a_signature() {
    let xml = documents(&doc(
        "4",
        "<p>Sincerely yours,</p><closer><signed><hi rend=\"strong\">Jim</hi><note n=\"8\" xml:id=\"d4fn8\">Printed from a copy that bears this typed signature.</note></signed></closer>",
    ));
    let (imported, exported) = check(&xml);
    let md = file(&imported, "d0004.emd");
    assert!(md.contains("Sincerely yours,\n\n**Jim**[^8]\n\n[^8]: Printed from a copy that bears this typed signature.\n"), "{md}");
    assert!(folded(&exported.xml).contains("<closer><signed><hi rend=\"strong\">Jim</hi><note n=\"8\" xml:id=\"d4fn8\">Printed from a copy that bears this typed signature.</note></signed></closer>"), "{}", exported.xml);
}

#[test]
fn line_breaks_are_backslashes_at_line_ends() {
    let xml = documents(&format!(
        "{}{}",
        doc(
            "6",
            "<opener><dateline>Petrograd, <date when=\"1917-04-20\">April 20, 1917</date>, 2 p.m.<lb/> [Received April 21, 11.35 a.m.]</dateline></opener><p>Dear Sir:<lb/>I have the honor.</p><p>Line<lb/>- not an item.</p><table><row><cell>A<lb/>B</cell></row></table>",
        ),
        "<div type=\"document\" xml:id=\"d7\" n=\"7\" subtype=\"historical-document\"><head>7. Telegram<lb/>From Petrograd</head><p>Text.</p></div>",
    ));
    let (imported, exported) = check(&xml);
    let md = file(&imported, "d0006.emd");
    assert!(
        md.contains(
            "Dateline: Petrograd, April 20, 1917, 2 p.m.\\\n    [Received April 21, 11.35 a.m.]\n"
        ),
        "{md}"
    );
    assert!(md.contains("\nDear Sir:\\\nI have the honor.\n"), "{md}");
    // A line that would start a list item is indented after the break.
    assert!(md.contains("\nLine\\\n    - not an item.\n"), "{md}");
    assert!(md.contains("| A B |"), "{md}");
    assert!(file(&imported, "d0007.emd").starts_with("# 7. Telegram\\\n    From Petrograd\n"));
    let x = folded(&exported.xml);
    assert!(
        x.contains("2 p.m.</date><lb/>[Received April 21, 11.35 a.m.]</dateline>"),
        "{x}"
    );
    assert!(x.contains("<p>Dear Sir:<lb/>I have the honor.</p>"), "{x}");
    assert!(x.contains("<p>Line<lb/>- not an item.</p>"), "{x}");
    assert!(
        x.contains("<head>7. Telegram<lb/>From Petrograd</head>"),
        "{x}"
    );
    assert!(
        imported
            .warnings
            .iter()
            .any(|w| w.message.contains("line break in a table cell")),
        "{:?}",
        imported.warnings
    );
}

#[test]
fn an_attachments_dateline_is_encoded_as_the_documents_are() {
    let d = |n: &str, attachment: &str| {
        doc(
            n,
            &format!("<opener><dateline rendition=\"#right\">Paris, <date when=\"1870-11-0{n}\">November {n}, 1870</date>.</dateline></opener><p>Text.</p>{attachment}"),
        )
    };
    let attachment = "<frus:attachment><head>[Untitled]</head><opener><dateline rendition=\"#right\">Versailles, <date when=\"1870-10-10\">October 10, 1870</date>.</dateline></opener><p>Sir.</p></frus:attachment>";
    let xml = documents(&format!("{}{}", d("1", ""), d("2", attachment)));
    let (imported, exported) = check(&xml);
    assert!(file(&imported, "volume.emd").contains("Datelines: opener #right\n"));
    assert!(
        file(&imported, "d0002.emd")
            .contains("## [Untitled]\nDateline: Versailles, October 10, 1870.\n"),
        "{}",
        file(&imported, "d0002.emd")
    );
    let x = folded(&exported.xml);
    assert!(x.contains("<head>[Untitled]</head> <opener><dateline rendition=\"#right\"><placeName>Versailles</placeName>, <date when=\"1870-10-10\">October 10, 1870</date>.</dateline></opener> <p>Sir.</p>"), "{x}");
    assert!(
        imported
            .warnings
            .iter()
            .all(|w| !w.message.contains("opener")),
        "{:?}",
        imported.warnings
    );
}

#[test]
fn a_postscript_follows_the_closing_signature() {
    let xml = documents(&doc(
        "8",
        "<p>Text.</p><closer><signed><hi rend=\"strong\">J. R. Jones</hi></signed></closer><postscript><p>Hon. <hi rend=\"smallcaps\">Hamilton Fish,</hi> <hi rend=\"italic\">Secretary of State.</hi></p><p>P.S. Two.</p></postscript>",
    ));
    let (imported, exported) = check(&xml);
    let md = file(&imported, "d0008.emd");
    assert!(md.contains("Text.\n\n**J. R. Jones**\n\n{.postscript} Hon. [Hamilton Fish,]{.smallcaps} *Secretary of State.*\n\n{.postscript} P.S. Two.\n"), "{md}");
    let x = folded(&exported.xml);
    assert!(x.contains("<closer><signed><hi rend=\"strong\">J. R. Jones</hi></signed></closer> <postscript> <p>Hon. <hi rend=\"smallcaps\">Hamilton Fish,</hi> <hi rend=\"italic\">Secretary of State.</hi></p> <p>P.S. Two.</p> </postscript>"), "{x}");
}

#[test]
fn page_breaks_before_a_head_or_a_dateline_keep_their_place() {
    let xml = documents(&format!(
        "{}{}{}",
        doc("1", "<p>One.</p>"),
        "<div type=\"document\" xml:id=\"d2\" n=\"2\" subtype=\"historical-document\"><pb n=\"9\" xml:id=\"pg_9\"/><head>2. Telegram</head><dateline>Paris, <date when=\"1870-11-02\">November 2, 1870</date>.</dateline><p>Two.</p></div>",
        "<div type=\"document\" xml:id=\"d3\" n=\"3\" subtype=\"historical-document\"><head>3. Telegram</head><pb n=\"10\" xml:id=\"pg_10\"/><dateline>Paris, <date when=\"1870-11-03\">November 3, 1870</date>.</dateline><p>Three.</p></div>",
    ));
    let (imported, exported) = check(&xml);
    // Before a head: the end of the document before, as between documents.
    assert!(
        file(&imported, "d0001.emd").ends_with("One.\n\n[Page 9]\n"),
        "{}",
        file(&imported, "d0001.emd")
    );
    // Between a head and its dateline: the dateline's line begins with it.
    assert!(
        file(&imported, "d0003.emd")
            .starts_with("# 3. Telegram\nDateline: [Page 10] Paris, November 3, 1870.\n"),
        "{}",
        file(&imported, "d0003.emd")
    );
    let x = folded(&exported.xml);
    assert!(
        x.contains("</div> <pb n=\"9\" xml:id=\"pg_9\"/> <div type=\"document\" xml:id=\"d2\""),
        "{x}"
    );
    assert!(
        x.contains("<head>3. Telegram</head> <pb n=\"10\" xml:id=\"pg_10\"/> <dateline>"),
        "{x}"
    );
    assert!(
        imported
            .warnings
            .iter()
            .all(|w| !w.message.contains("between blocks")),
        "{:?}",
        imported.warnings
    );
}

#[test]
fn a_salutation_before_the_signature_is_part_of_the_closer() {
    let xml = documents(&doc(
        "9",
        "<p>Text.</p><closer><salute>Sincerely yours,</salute><signed><hi rend=\"strong\">Dean Rusk</hi></signed></closer>",
    ));
    let (imported, exported) = check(&xml);
    let md = file(&imported, "d0009.emd");
    assert!(
        md.contains("Text.\n\n{.salute} Sincerely yours,\n\n**Dean Rusk**\n"),
        "{md}"
    );
    let x = folded(&exported.xml);
    assert!(x.contains("<p>Text.</p> <closer><salute>Sincerely yours,</salute><signed><hi rend=\"strong\">Dean Rusk</hi></signed></closer>"), "{x}");
    assert!(
        imported
            .warnings
            .iter()
            .all(|w| !w.message.contains("closer")),
        "{:?}",
        imported.warnings
    );
}

#[test]
fn the_kind_of_a_date_and_how_it_was_found_are_lines_of_the_heading() {
    let xml = documents(&doc(
        "4",
        "<opener><dateline>Washington, <date ana=\"#date_undated-inferred-from-document-head\" type=\"conversation-or-meeting-date\" when=\"1955-08-02\">August 2, 1955</date></dateline></opener><p>Text.</p>",
    ));
    let (imported, exported) = check(&xml);
    let md = file(&imported, "d0004.emd");
    assert!(md.contains("Dateline: Washington, August 2, 1955\nDatetype: conversation-or-meeting-date\nDating: #date_undated-inferred-from-document-head\n"), "{md}");
    let x = folded(&exported.xml);
    assert!(x.contains("<date type=\"conversation-or-meeting-date\" ana=\"#date_undated-inferred-from-document-head\" when=\"1955-08-02\">August 2, 1955</date>"), "{x}");
    assert!(
        imported
            .warnings
            .iter()
            .all(|w| !w.message.contains("date/@")),
        "{:?}",
        imported.warnings
    );
}

#[test]
fn gaps_are_bracketed_with_their_attributes() {
    let xml = documents(&doc(
        "3",
        "<p>Before <gap reason=\"illegible\"/> after; the text [Gap: quantity=2] as printed.</p><gap quantity=\"1\" unit=\"pages\" reason=\"convenience\"/><p>End.</p>",
    ));
    let (imported, exported) = check(&xml);
    let md = file(&imported, "d0003.emd");
    assert!(md.contains("Before [Gap: reason=illegible] after; the text \\[Gap: quantity=2\\] as printed.\n\n[Gap: quantity=1 unit=pages reason=convenience]\n\nEnd.\n"), "{md}");
    let x = folded(&exported.xml);
    assert!(x.contains("<p>Before <gap reason=\"illegible\"/> after; the text [Gap: quantity=2] as printed.</p> <gap quantity=\"1\" unit=\"pages\" reason=\"convenience\"/> <p>End.</p>"), "{x}");
}

#[test]
fn a_place_set_apart_before_a_date_in_italics_is_the_place_name() {
    let xml = documents(&doc(
        "2",
        "<opener><dateline><placeName><hi rend=\"smallcaps\">Petrograd</hi></placeName>, <date when=\"1917-04-06T12:00:00\"><hi rend=\"italic\">April 6, 1917, 12 p.m.</hi></date><lb/> [<hi rend=\"italic\">Received April 8</hi>]</dateline></opener><p>Text.</p>",
    ));
    let (imported, exported) = check(&xml);
    assert!(file(&imported, "d0002.emd").contains("Dateline: [Petrograd]{.smallcaps}, *April 6, 1917, 12 p.m.*\\\n    [*Received April 8*]\n"), "{}", file(&imported, "d0002.emd"));
    let x = folded(&exported.xml);
    assert!(x.contains("<dateline><placeName><hi rend=\"smallcaps\">Petrograd</hi></placeName>, <date when=\"1917-04-06T12:00:00\"><hi rend=\"italic\">April 6, 1917, 12 p.m.</hi></date><lb/>[<hi rend=\"italic\">Received April 8</hi>]</dateline>"), "{x}");
}

#[test]
fn a_signature_whose_bold_name_is_a_person_keeps_the_nesting() {
    let xml = documents(&doc(
        "5",
        "<p>Text.</p><closer><signed><persName corresp=\"#p_DJF1\"><hi rend=\"strong\">JFD</hi></persName><note n=\"2\" xml:id=\"d5fn2\">Printed from a copy that bears these initials.</note></signed></closer>",
    ));
    let (imported, exported) = check(&xml);
    let md = file(&imported, "d0005.emd");
    assert!(md.contains("Text.\n\n[**JFD**]{@DJF1}[^2]\n"), "{md}");
    assert!(
        folded(&exported.xml).contains("<closer><signed><persName corresp=\"#p_DJF1\"><hi rend=\"strong\">JFD</hi></persName><note n=\"2\" xml:id=\"d5fn2\">"),
        "{}",
        exported.xml
    );
}

#[test]
fn a_seg_in_an_opener_is_an_opener_line_apart_or_joined() {
    let apart = |n: &str| {
        format!(
            "<div type=\"document\" xml:id=\"d{n}\" n=\"{n}\"><head>{n}. Telegram</head><opener><seg rendition=\"#center\">[Paraphrase]</seg></opener><opener><dateline rendition=\"#right\">Washington, <date when=\"1927-02-0{n}\">February {n}, 1927</date>.</dateline></opener><p>Text.</p></div>"
        )
    };
    let xml = documents(&format!("{}{}", apart("1"), apart("2")));
    let (imported, exported) = check(&xml);
    assert!(
        file(&imported, "volume.emd")
            .contains("Datelines: opener #right\nOpeners: apart #center\n"),
        "{}",
        file(&imported, "volume.emd")
    );
    assert!(file(&imported, "d0001.emd").starts_with(
        "# 1. Telegram\nOpener: [Paraphrase]\nDateline: Washington, February 1, 1927.\n"
    ));
    let x = folded(&exported.xml);
    assert!(x.contains("<opener><seg rendition=\"#center\">[Paraphrase]</seg></opener> <opener><dateline rendition=\"#right\">"), "{x}");

    let joined = |n: &str| {
        format!(
            "<div type=\"document\" xml:id=\"d{n}\" n=\"{n}\"><head>{n}. Despatch</head><opener><seg rendition=\"#left\">No. 5{n}.]</seg><dateline rendition=\"#right\">Brussels, <date when=\"1870-08-1{n}\">August 1{n}, 1870</date>.</dateline></opener><p>Text.</p></div>"
        )
    };
    let xml = documents(&format!("{}{}", joined("1"), joined("2")));
    let (imported, exported) = check(&xml);
    assert!(file(&imported, "volume.emd").contains("Openers: joined #left\n"));
    let x = folded(&exported.xml);
    assert!(
        x.contains(
            "<opener><seg rendition=\"#left\">No. 51.]</seg><dateline rendition=\"#right\">"
        ),
        "{x}"
    );
}

#[test]
fn renderings_are_styles_and_come_back() {
    let xml = documents(&doc(
        "5",
        concat!(
            "<p rend=\"center\">Secret</p><p>The <hi rend=\"smallcaps\">Department of State</hi> to ",
            "<hi rend=\"superscript\">1</hi>.</p><p rend=\"flushleft\">[Omitted here.]</p>",
            "<p>{.x} is text.</p><p rend=\"two words\">Kept as text.</p>",
        ),
    ));
    let (imported, exported) = check(&xml);
    let md = file(&imported, "d0005.emd");
    assert!(
        md.contains(concat!(
            "{.center} Secret\n\nThe [Department of State]{.smallcaps} to [1]{.superscript}.\n\n",
            "{.flushleft} [Omitted here.]\n\n\\{.x} is text.\n\nKept as text.\n"
        )),
        "{md}"
    );
    let x = folded(&exported.xml);
    assert!(
        x.contains(concat!(
            "<p rend=\"center\">Secret</p> <p>The <hi rend=\"smallcaps\">Department of State</hi> to ",
            "<hi rend=\"superscript\">1</hi>.</p> <p rend=\"flushleft\">[Omitted here.]</p> ",
            "<p>{.x} is text.</p> <p>Kept as text.</p>"
        )),
        "{x}"
    );
    assert!(imported
        .warnings
        .iter()
        .any(|w| w.message.starts_with("p/@rend `two words`: not kept")));
}

#[test]
fn tables_keep_their_rows_headers_and_spans() {
    let xml = documents(&doc(
        "5",
        concat!(
            "<p>Aid:</p><table cols=\"3\" rows=\"4\">",
            "<row role=\"label\"><cell>Country</cell><cell>1965</cell><cell>1966</cell></row>",
            "<row><cell rows=\"2\">Brazil</cell><cell>10 | 11</cell><cell role=\"num\"/></row>",
            "<row><cell cols=\"2\"><hi rend=\"italic\">Total</hi> <persName corresp=\"#p_RD1\">Rusk</persName></cell></row>",
            "<row><cell>^^</cell><cell>---</cell><cell role=\"num\">3</cell></row>",
            "</table><p>| not a table</p>",
        ),
    ));
    let (imported, exported) = check(&xml);
    let md = file(&imported, "d0005.emd");
    assert!(
        md.contains(concat!(
            "Aid:\n\n| Country | 1965 | 1966 |\n|---|---|---|\n",
            "| Brazil | 10 \\| 11 | {.num} |\n",
            "| ^^ | *Total* [Rusk]{@RD1} ||\n",
            "| \\^^ | \\--- | {.num} 3 |\n\n\\| not a table\n"
        )),
        "{md}"
    );
    let x = folded(&exported.xml);
    assert!(
        x.contains(concat!(
            "<table cols=\"3\" rows=\"4\"> <row role=\"label\"><cell>Country</cell><cell>1965</cell><cell>1966</cell></row> ",
            "<row><cell rows=\"2\">Brazil</cell><cell>10 | 11</cell><cell role=\"num\"/></row> ",
            "<row><cell cols=\"2\"><hi rend=\"italic\">Total</hi> <persName corresp=\"#p_RD1\">Rusk</persName></cell></row> ",
            "<row><cell>^^</cell><cell>---</cell><cell role=\"num\">3</cell></row> </table> <p>| not a table</p>"
        )),
        "{x}"
    );
    assert!(
        imported.warnings.is_empty()
            || !imported
                .warnings
                .iter()
                .any(|w| w.message.contains("table")),
        "{:?}",
        imported.warnings
    );
}

#[test]
fn a_volume_whose_dates_have_no_calendar_says_so() {
    let dated = |n: &str, day: &str| {
        doc(
            n,
            &format!("<dateline><date when=\"1937-06-{day}\">June {day}, 1937</date></dateline><p>Text.</p>"),
        )
    };
    let xml = documents(&format!("{}{}", dated("1", "22"), dated("2", "23")));
    let (imported, exported) = check(&xml);
    assert!(file(&imported, "volume.emd").contains("\nCalendar: none\n"));
    assert!(!exported.xml.contains("calendar="), "{}", exported.xml);
    let with = xml.replace("<date when", "<date calendar=\"gregorian\" when");
    let (imported, exported) = check(&with);
    assert!(!file(&imported, "volume.emd").contains("Calendar:"));
    assert_eq!(exported.xml.matches("calendar=\"gregorian\"").count(), 2);
}

/// A document with a dateline dated `when` (written `text`), and the
/// span FRUS gave it.
fn dated(n: &str, (when, text): (&str, &str), range: Option<(&str, &str)>) -> String {
    let attrs = range.map_or(String::new(), |(min, max)| {
        format!(" frus:doc-dateTime-min=\"{min}\" frus:doc-dateTime-max=\"{max}\"")
    });
    doc(
        n,
        &format!(
            "<opener><dateline><date when=\"{when}\">{text}</date></dateline></opener><p>Text.</p>"
        ),
    )
    .replacen(" subtype=", &format!("{attrs} subtype="), 1)
}

#[test]
fn date_spans_are_derived_in_frus_offset_and_carried_where_they_are_not() {
    let xml = documents(&format!(
        "<div type=\"chapter\" xml:id=\"ch1\" frus:doc-dateTime-min=\"1955-01-13T12:00:00-05:00\" frus:doc-dateTime-max=\"1957-12-31T23:59:59-05:00\"><head>Chapter</head>{}{}{}</div>",
        dated("1", ("1955-08-01T19:00:00+01:00", "August 1, 1955, 7 p.m."), Some(("1955-08-01T13:00:00-05:00", "1955-08-01T13:00:00-05:00"))),
        dated("2", ("1955-08-02", "August 2, 1955"), Some(("1955-08-02T00:00:00-05:00", "1955-08-02T23:59:59-05:00"))),
        // Undated: FRUS gives it the volume's span.
        doc("3", "<p>Text.</p>").replacen(" subtype=", " frus:doc-dateTime-min=\"1955-01-13T06:00:00-05:00\" frus:doc-dateTime-max=\"1957-12-31T23:59:59-05:00\" subtype=", 1),
    ));
    let (imported, exported) = check(&xml);
    let no_range = |name: &str| !file(&imported, name).contains("Range:");
    assert!(no_range("ch1/d0001.emd") && no_range("ch1/d0002.emd"));
    assert!(file(&imported, "ch1/d0003.emd")
        .contains("\nRange: 1955-01-13T06:00:00-05:00/1957-12-31T23:59:59-05:00\n"));
    assert!(file(&imported, "ch1/chapter.emd")
        .contains("\nRange: 1955-01-13T12:00:00-05:00/1957-12-31T23:59:59-05:00\n"));
    assert!(
        imported
            .warnings
            .iter()
            .all(|w| !w.message.contains("doc-dateTime")),
        "{:?}",
        imported.warnings
    );
    let x = folded(&exported.xml);
    for (id, min, max) in [
        (
            "ch1",
            "1955-01-13T12:00:00-05:00",
            "1957-12-31T23:59:59-05:00",
        ),
        (
            "d1",
            "1955-08-01T13:00:00-05:00",
            "1955-08-01T13:00:00-05:00",
        ),
        (
            "d2",
            "1955-08-02T00:00:00-05:00",
            "1955-08-02T23:59:59-05:00",
        ),
        (
            "d3",
            "1955-01-13T06:00:00-05:00",
            "1957-12-31T23:59:59-05:00",
        ),
    ] {
        let attrs = format!("frus:doc-dateTime-min=\"{min}\" frus:doc-dateTime-max=\"{max}\"");
        assert!(
            x.split("<div ")
                .any(|d| d.contains(&format!("xml:id=\"{id}\"")) && d.contains(&attrs)),
            "{id}: {x}"
        );
    }
}

#[test]
fn volumes_without_spans_or_subtypes_say_so() {
    let bare = |n: &str, date: (&str, &str)| {
        dated(n, date, None).replacen(" subtype=\"historical-document\"", "", 1)
    };
    let xml = documents(&format!(
        "{}{}",
        bare("1", ("1954-06-01", "June 1, 1954")),
        bare("2", ("1954-06-02", "June 2, 1954"))
    ));
    let (imported, exported) = check(&xml);
    let volume = file(&imported, "volume.emd");
    assert!(
        volume.contains("\nRanges: none\n") && volume.contains("\nSubtypes: none\n"),
        "{volume}"
    );
    assert!(
        !exported.xml.contains("doc-dateTime") && !exported.xml.contains("subtype"),
        "{}",
        exported.xml
    );

    // Documents with subtypes, registers without (1958–1960).
    let persons = "<div type=\"section\" xml:id=\"persons\"><head>Persons</head><list type=\"names\"><item><hi rend=\"strong\"><persName xml:id=\"p_DJF1\">Dulles, John Foster</persName>,</hi> Secretary of State</item></list></div>";
    let xml = wrap(
        persons,
        &dated(
            "1",
            ("1958-01-10", "January 10, 1958"),
            Some(("1958-01-10T00:00:00-05:00", "1958-01-10T23:59:59-05:00")),
        ),
    );
    let (imported, exported) = check(&xml);
    assert!(file(&imported, "volume.emd").contains("\nSubtypes: documents\n"));
    let x = folded(&exported.xml);
    assert!(
        x.contains("<div type=\"section\" xml:id=\"persons\">"),
        "{x}"
    );
    assert!(x.contains("subtype=\"historical-document\""), "{x}");
}

#[test]
fn a_letter_label_in_italics_is_a_label() {
    // FRUS 1942 prints `(<hi rend="italic">a</hi>)`.
    let xml = documents(&doc(
        "5",
        "<list><label>(<hi rend=\"italic\">a</hi>)</label><item>One</item><label>(<hi rend=\"italic\">b</hi>)</label><item>Two</item></list><p>(<hi rend=\"italic\">c</hi>) is text.</p>",
    ));
    let (imported, exported) = check(&xml);
    let md = file(&imported, "d0005.emd");
    assert!(md.contains("- (*a*) One\n- (*b*) Two\n"), "{md}");
    let x = folded(&exported.xml);
    assert!(
        x.contains("<label>(<hi rend=\"italic\">a</hi>)</label> <item>One</item> <label>(<hi rend=\"italic\">b</hi>)</label> <item>Two</item>"),
        "{x}"
    );
    assert!(
        imported
            .warnings
            .iter()
            .all(|w| !w.message.contains("label")),
        "{:?}",
        imported.warnings
    );
}

#[test]
fn list_types_closing_parenthesis_labels_and_note_types_are_kept() {
    let xml = documents(&doc(
        "5",
        concat!(
            "<p>Text.<note n=\"1\" xml:id=\"d5fn1\" type=\"source\">For previous documentation, see Document 4.</note></p>",
            "<list type=\"sources\"><item>Nixon Library<list type=\"to\"><label>a)</label><item>Papers</item>",
            "<label>b)</label><item>{.x} braces</item></list></item></list>",
            "<list type=\"references\"><label>1)</label><item>Cable</item></list>",
            "<list><item>Plain</item></list>",
            "<list type=\"bad type\"><item>Kept as text</item></list>",
        ),
    ));
    let (imported, exported) = check(&xml);
    let md = file(&imported, "d0005.emd");
    assert!(
        md.contains(concat!(
            "- {.sources} Nixon Library\n  - {.to} a) Papers\n  - b) {.x} braces\n",
            "- {.references} 1) Cable\n- Plain\n- Kept as text\n",
        )),
        "{md}"
    );
    assert!(
        md.contains("[^1]: {.source} For previous documentation, see Document 4.\n"),
        "{md}"
    );
    let x = folded(&exported.xml);
    assert!(x.contains(concat!(
        "<list type=\"sources\"> <item>Nixon Library <list type=\"to\"> <label>a)</label> <item>Papers</item> ",
        "<label>b)</label> <item>{.x} braces</item> </list> </item> </list> ",
        "<list type=\"references\"> <label>1)</label> <item>Cable</item> <item>Plain</item> <item>Kept as text</item> </list>",
    )), "{x}");
    assert!(
        x.contains("<note n=\"1\" xml:id=\"d5fn1\" type=\"source\">For previous documentation"),
        "{x}"
    );
    let messages: Vec<&str> = imported
        .warnings
        .iter()
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(
        messages
            .iter()
            .filter(|m| m.starts_with("list/@type"))
            .collect::<Vec<_>>(),
        [&"list/@type `bad type`: not kept"],
        "{messages:?}"
    );
}

#[test]
fn items_of_a_register_that_are_no_entries_stay_in_its_list() {
    let front = concat!(
        "<div type=\"section\" xml:id=\"persons\" subtype=\"index\"><head>Persons</head><list type=\"names\">",
        "<item><hi rend=\"italic\">Note:</hi> This list identifies persons.</item>",
        "<item><hi rend=\"strong\"><persName xml:id=\"p_TLEJ1\">Thompson, Llewellyn E., Jr.</persName>,</hi> Ambassador at Large</item>",
        "<item><hi rend=\"strong\">J or Jay,</hi> a name without an id</item>",
        "<item><hi rend=\"strong\"><persName xml:id=\"p_Khanh1\">Khanh</persName>,</hi> General</item>",
        "</list><list><item>Another list</item></list></div>",
    );
    let xml = wrap(
        front,
        &doc("5", "<p><persName corresp=\"#p_TLEJ1\">Thompson</persName> and <persName corresp=\"#p_Khanh1\">Khanh</persName>.</p>"),
    );
    let (imported, exported) = check(&xml);
    assert_eq!(
        file(&imported, "01-persons.emd"),
        concat!(
            "# Persons\nId: persons\n\n- {.names} *Note:* This list identifies persons.\n\n",
            "[@TLEJ1]: **Thompson, Llewellyn E., Jr.**, Ambassador at Large\n\n",
            "- {.names} **J or Jay,** a name without an id\n\n",
            "[@Khanh1]: **Khanh**, General\n\n- Another list\n",
        )
    );
    let x = folded(&exported.xml);
    assert!(x.contains(concat!(
        "<list type=\"names\"> <item><hi rend=\"italic\">Note:</hi> This list identifies persons.</item> ",
        "<item><hi rend=\"strong\"><persName xml:id=\"p_TLEJ1\">Thompson, Llewellyn E., Jr.</persName>,</hi> Ambassador at Large</item> ",
        "<item><hi rend=\"strong\">J or Jay,</hi> a name without an id</item> ",
        "<item><hi rend=\"strong\"><persName xml:id=\"p_Khanh1\">Khanh</persName>,</hi> General</item> </list> ",
        "<list> <item>Another list</item> </list>",
    )), "{x}");
}

#[test]
fn figures_and_table_captions_are_kept() {
    let xml = documents(&doc(
        "5",
        concat!(
            "<p>Text.</p>",
            "<figure><graphic url=\"ch1fig1\"/><head>Map of <hi rend=\"italic\">Laos</hi></head></figure>",
            "<figure><graphic url=\"ch1fig2\"/></figure>",
            "<table><head>U.S. Aid, 1965</head><row><cell>Laos</cell><cell>12</cell></row></table>",
            "<p>Table: a paragraph, and [Figure: url=x] in brackets.</p>",
            "<table><row><cell>Cambodia</cell><cell>3</cell></row></table>",
        ),
    ));
    let (imported, exported) = check(&xml);
    let md = file(&imported, "d0005.emd");
    assert!(
        md.contains(concat!(
            "[Figure: url=ch1fig1] Map of *Laos*\n\n[Figure: url=ch1fig2]\n\n",
            "Table: U.S. Aid, 1965\n\n| Laos | 12 |\n\n",
            "Table\\: a paragraph, and \\[Figure: url=x\\] in brackets.\n\n| Cambodia | 3 |\n",
        )),
        "{md}"
    );
    let x = folded(&exported.xml);
    assert!(x.contains(concat!(
        "<figure><graphic url=\"ch1fig1\"/><head>Map of <hi rend=\"italic\">Laos</hi></head></figure> ",
        "<figure><graphic url=\"ch1fig2\"/></figure> ",
        "<table cols=\"2\" rows=\"1\"> <head>U.S. Aid, 1965</head> <row><cell>Laos</cell><cell>12</cell></row> </table> ",
        "<p>Table: a paragraph, and [Figure: url=x] in brackets.</p> <table cols=\"2\" rows=\"1\"> <row>",
    )), "{x}");
    assert!(
        !imported
            .warnings
            .iter()
            .any(|w| w.message.contains("figure") || w.message.contains("table/head")),
        "{:?}",
        imported.warnings
    );
}

#[test]
fn a_dateline_beside_the_signature_is_part_of_the_closer() {
    let xml = documents(&[
        doc(
            "9",
            concat!(
                "<p>Text.</p><closer><dateline><placeName>Paris</placeName>, <date when=\"1870-05-01\" calendar=\"gregorian\">May 1, 1870</date>.</dateline>",
                "<salute>I have, &amp;c.,</salute><signed><hi rend=\"strong\">E. B. Washburne</hi></signed></closer>",
            ),
        ),
        doc(
            "10",
            concat!(
                "<p>Text.</p><closer><signed><hi rend=\"strong\">Hamilton Fish</hi></signed>",
                "<dateline><placeName>Washington</placeName>, <date when=\"1870-06-02T10:00:00\" calendar=\"gregorian\">June 2, 1870</date>.</dateline></closer>",
            ),
        ),
    ]
    .join(""));
    let (imported, exported) = check(&xml);
    assert!(
        file(&imported, "d0009.emd").contains(
            "Text.\n\n{.dateline} Paris, May 1, 1870.\n\n{.salute} I have, &c.,\n\n**E. B. Washburne**\n"
        ),
        "{}",
        file(&imported, "d0009.emd")
    );
    assert!(
        file(&imported, "d0010.emd")
            .contains("**Hamilton Fish**\n\n{.dateline} Washington, June 2, 1870.\n"),
        "{}",
        file(&imported, "d0010.emd")
    );
    let x = folded(&exported.xml);
    assert!(x.contains("<closer><dateline><placeName>Paris</placeName>, <date when=\"1870-05-01\" calendar=\"gregorian\">May 1, 1870</date>.</dateline><salute>I have, &amp;c.,</salute><signed><hi rend=\"strong\">E. B. Washburne</hi></signed></closer>"), "{x}");
    assert!(x.contains("<closer><signed><hi rend=\"strong\">Hamilton Fish</hi></signed><dateline><placeName>Washington</placeName>, <date when=\"1870-06-02\" calendar=\"gregorian\">June 2, 1870</date>.</dateline></closer>"), "{x}");
    let messages: Vec<&str> = imported
        .warnings
        .iter()
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(
        messages.iter().filter(|m| m.contains("closer")).collect::<Vec<_>>(),
        [&"closer/dateline/date/@when `1870-06-02T10:00:00` is not what its text reads as: not kept"],
        "{messages:?}"
    );
}

#[test]
fn what_the_markup_has_no_place_for_is_kept_verbatim_beside_it() {
    let front = concat!(
        "<titlePage><docTitle><titlePart>Foreign Relations</titlePart></docTitle></titlePage>\n",
        "<div type=\"section\" xml:id=\"persons\"><head>Persons</head><list type=\"names\">",
        "<item><hi rend=\"strong\"><persName xml:id=\"p_RD1\">Rusk, Dean</persName>,</hi> Secretary of State</item></list></div>\n",
        "<div type=\"toc\" xml:id=\"toc\"><head>Contents</head><divGen type=\"toc\"/></div>",
    );
    let xml = wrap(front, &doc("5", "<p>The <persName corresp=\"#p_RD1\">Secretary</persName>.</p>"))
        .replace(
            "<text>",
            "<facsimile><surface start=\"#pg_1\"><graphic url=\"0001\"/></surface></facsimile>\n    <text>",
        );
    let (imported, exported) = check(&xml);
    let paths: Vec<&str> = imported.files.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        [
            "volume.emd",
            "02-persons.emd",
            "d0005.emd",
            "tei-header.xml",
            "tei-01-facsimile.xml",
            "01-titlePage.xml",
            "03-toc.xml"
        ]
    );
    assert_eq!(
        file(&imported, "03-toc.xml"),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<div xmlns=\"http://www.tei-c.org/ns/1.0\" xmlns:frus=\"http://history.state.gov/frus/ns/1.0\" type=\"toc\" xml:id=\"toc\"><head>Contents</head><divGen type=\"toc\"/></div>\n"
    );
    assert!(
        !imported
            .warnings
            .iter()
            .any(|w| w.message.contains("teiHeader")
                || w.message.contains("toc")
                || w.message.contains("titlePage")),
        "{:?}",
        imported.warnings
    );
    // Back in place: the header as it was, the facsimile before the text,
    // the title page and the contents around the persons.
    let x = folded(&exported.xml);
    assert!(
        x.contains("<publicationStmt><p>Office of the Historian</p></publicationStmt>"),
        "{x}"
    );
    assert!(x.contains("</teiHeader> <facsimile xmlns=\"http://www.tei-c.org/ns/1.0\" xmlns:frus=\"http://history.state.gov/frus/ns/1.0\"><surface start=\"#pg_1\"><graphic url=\"0001\"/></surface></facsimile> <text> <front> <titlePage"), "{x}");
    assert!(
        x.contains("</titlePage> <div type=\"section\" xml:id=\"persons\""),
        "{x}"
    );
    assert!(x.contains("</div> <div xmlns=\"http://www.tei-c.org/ns/1.0\" xmlns:frus=\"http://history.state.gov/frus/ns/1.0\" type=\"toc\" xml:id=\"toc\"><head>Contents</head><divGen type=\"toc\"/></div> </front>"), "{x}");

    // volume.emd's title and editors win over the header's.
    let mut files = imported.files.clone();
    let volume = files
        .iter_mut()
        .find(|(p, _)| p == "volume.emd")
        .expect("volume.emd");
    volume.1 = volume.1.replace("Volume III", "Volume IV").replace(
        "Editors: David C. Humphrey; Edward C. Keefer; Louis J. Smith",
        "Editors: Louis J. Smith",
    );
    let edited = folded(&export(&files).xml);
    assert!(edited.contains("<title type=\"complete\">Foreign Relations of the United States, 1964–1968, Volume IV, Vietnam, June–December 1965</title> <editor role=\"primary\">Louis J. Smith</editor> </titleStmt> <publicationStmt><p>Office of the Historian</p>"), "{edited}");

    // A kept file that is no XML stops the export at its line.
    let mut broken = imported.files.clone();
    if let Some(toc) = broken.iter_mut().find(|(p, _)| p == "03-toc.xml") {
        toc.1 = "<?xml version=\"1.0\"?>\n<div>\n<head>Contents</div>\n".to_string();
    }
    let errors = emend::tei::export(&broken).expect_err("malformed");
    assert_eq!(
        (errors[0].file.as_str(), errors[0].line),
        ("03-toc.xml", 3),
        "{errors:?}"
    );
}
