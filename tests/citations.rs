//! Archival citations: the parser on every source note and Sources item of
//! the corpus fixture, the shipped authority, completion at each level and
//! after the citation, hover and quick-fix data, incremental updates.

use emend::features::citations::complete::{complete, Completions, ItemKind};
use emend::features::citations::hover;
use emend::index::authority::{provenance, Authority, Stats};
use emend::index::{Retain, Silent, Workspace};
use emend::rules::archive_fix as fix;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn load(dir: &str) -> Workspace {
    Workspace::load(&[root().join(dir)], &Silent, Retain::Text)
}

fn file<'w>(ws: &'w Workspace, name: &str) -> (usize, &'w str) {
    let i = ws
        .files
        .iter()
        .position(|f| f.path.file_name().is_some_and(|n| n == name))
        .unwrap_or_else(|| panic!("no {name}"));
    (i, ws.files[i].retained_text().expect("texts are kept"))
}

/// A source text with markup removed and white space folded: what a
/// component's plain text must be.
fn strip(src: &str) -> String {
    let mut out = String::new();
    let mut in_id = false;
    for c in src.chars() {
        match c {
            '{' => in_id = true,
            '}' => in_id = false,
            _ if in_id => {}
            '[' | ']' | '*' => {}
            c => out.push(c),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

type Expected<'a> = (&'a str, &'a [&'a str], &'a str, &'a [(&'a str, bool)]);

#[test]
fn every_source_note_of_the_corpus_parses() {
    let ws = load("tests/fixtures/frus1964-68v03");
    let expected: &[Expected] = &[
        (
            "d236.emd",
            &[
                "Johnson Library",
                "National Security File",
                "Memos to the President",
                "McGeorge Bundy",
                "Vol. XVII",
            ],
            "No classification marking",
            &[],
        ),
        (
            "d255.emd",
            &["Department of State", "Central Files", "POL 27 VIET S"],
            "Top Secret",
            &[("Immediate", true), ("Pinta", false), ("Exdis", true)],
        ),
        (
            "d256.emd",
            &[
                "Library of Congress",
                "Manuscript Division",
                "Harriman Papers",
                "Johnson",
                "Pres.",
                "1965",
            ],
            "No classification marking",
            &[],
        ),
        (
            "d257.emd",
            &[
                "Department of State",
                "Central Files",
                "POL 27 VIET S/PINTA",
            ],
            "Secret",
            &[("Flash", true), ("Nodis", true), ("Pinta", false)],
        ),
        (
            "d258.emd",
            &[
                "Department of State",
                "EA/ACA Files: Lot 69 D 412",
                "Nodis/Pinta",
                "Series 1",
                "Vol. 1",
            ],
            "Secret",
            &[],
        ),
        (
            "d259.emd",
            &["Department of State", "Central Files", "POL 27 VIET S"],
            "Secret",
            &[("Exdis", true)],
        ),
        (
            "d260.emd",
            &["National Defense University", "Taylor Papers", "T-360-69"],
            "Secret",
            &[],
        ),
        (
            "d261.emd",
            &[
                "Library of Congress",
                "Manuscript Divison",
                "Harriman Papers",
                "Secretary Rusk",
                "1963-1966",
            ],
            "No classification marking",
            &[],
        ),
    ];
    for (name, components, marking, handling) in expected {
        let (i, text) = file(&ws, name);
        let notes: Vec<_> = ws.files[i]
            .facts
            .footnotes
            .iter()
            .filter_map(|d| d.source.as_ref())
            .collect();
        assert_eq!(notes.len(), 1, "{name}");
        let note = notes[0];
        assert_eq!(&text[note.label_span.clone()], "Source:", "{name}");
        let got: Vec<&str> = note.components.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(&got, components, "{name}");
        for c in &note.components {
            assert_eq!(strip(&text[c.span.clone()]), c.text, "{name}: {c:?}");
            assert!(c.slot.start <= c.span.start && c.span.end <= c.slot.end);
        }
        assert_eq!(
            note.full_stop.as_ref().map(|s| &text[s.clone()]),
            Some("."),
            "{name}"
        );
        let m = note.classification.as_ref().expect("a classification");
        assert_eq!(
            (m.canonical, strip(&text[m.span.clone()])),
            (Some(*marking), marking.to_string())
        );
        let got: Vec<(String, bool)> = note
            .handling
            .iter()
            .map(|h| (strip(&text[h.span.clone()]), h.canonical.is_some()))
            .collect();
        let want: Vec<(String, bool)> = handling.iter().map(|(h, k)| (h.to_string(), *k)).collect();
        assert_eq!(got, want, "{name}");
    }
    // The editorial note has none.
    let (i, _) = file(&ws, "d254.emd");
    assert!(ws.files[i]
        .facts
        .footnotes
        .iter()
        .all(|d| d.source.is_none()));

    // Components map back to the exact bytes: markup, line breaks and all.
    let slice = |name: &str, k: usize| {
        let (i, text) = file(&ws, name);
        let note = ws.files[i].facts.footnotes[0].source.clone().expect("note");
        text[note.components[k].span.clone()].to_string()
    };
    assert_eq!(slice("d261.emd", 1), "Manuscript Divison");
    assert_eq!(slice("d261.emd", 2), "[Harriman]{@HWA1} Papers");
    assert_eq!(slice("d256.emd", 2), "[Harriman]{@HWA1}\n    Papers");
    assert_eq!(slice("d236.emd", 4), "Vol.\n    XVII");
    assert_eq!(slice("d255.emd", 1), "Central\n    Files");
    assert_eq!(slice("d255.emd", 2), "[POL]{=POL} 27 VIET S");
    assert_eq!(
        slice("d257.emd", 2),
        "[POL]{=POL} 27 VIET S/[PINTA]{=Pinta}"
    );
    assert_eq!(slice("d260.emd", 0), "National Defense University");
}

#[test]
fn every_item_of_the_sources_division_is_a_path() {
    let ws = load("tests/fixtures/frus1964-68v03");
    let (i, text) = file(&ws, "sources.emd");
    let items = &ws.files[i].facts.source_items;
    assert_eq!(
        items.len(),
        text.lines().filter(|l| l.starts_with("- ")).count()
    );
    assert_eq!(items.len(), 61);
    let authority = Authority::from_workspace(&ws);
    for item in items {
        let names: Vec<&str> = item.components.iter().map(|c| c.text.as_str()).collect();
        for c in &item.components {
            assert_eq!(strip(&text[c.span.clone()]), c.text, "{names:?}");
        }
        let id = authority
            .resolve(&names)
            .unwrap_or_else(|| panic!("{names:?}"));
        assert!(authority.is_listed_in(id, "frus1964-68v03"), "{names:?}");
        assert!(authority.is_known(id, "frus1964-68v03"));
    }
    let paths: Vec<Vec<&str>> = items
        .iter()
        .map(|i| i.components.iter().map(|c| c.text.as_str()).collect())
        .collect();
    assert!(paths.contains(&vec![
        "Lyndon B. Johnson Library",
        "Diaries and Appointment Logs",
        "President's Appointment File (Diary Backup)"
    ]));
    assert!(paths.contains(&vec![
        "Lyndon B. Johnson Library",
        "Office Files of the White House Aides",
        "Horace Busby",
        "Jr"
    ]));
    assert!(paths.contains(&vec![
        "Library of Congress",
        "Manuscript Division",
        "Averell Harriman Papers"
    ]));
    assert!(paths.contains(&vec![
        "Department of State",
        "Central Files",
        "POL 27 VIET S/PINTA"
    ]));
    // The final full stop of an item is not part of its last component.
    assert!(paths.iter().any(|p| p.last() == Some(&"1964-1968")));
}

#[test]
fn a_nested_sources_item_goes_on_from_the_items_that_hold_it() {
    let text = concat!(
        "# Sources\n\n",
        "- National Archives, RG 59\n",
        "  - Central Files\n",
        "    - Lot 59 D 110.\n",
        "  - Conference Files\n",
        "- Eisenhower Library, Whitman File\n",
    );
    let ws = Workspace::from_texts(vec![(PathBuf::from("v/sources.emd"), text.to_string())]);
    let items = &ws.files[0].facts.source_items;
    let paths: Vec<Vec<&str>> = items
        .iter()
        .map(|i| i.components.iter().map(|c| c.text.as_str()).collect())
        .collect();
    assert_eq!(
        paths,
        vec![
            vec!["National Archives", "RG 59"],
            vec!["National Archives", "RG 59", "Central Files"],
            vec![
                "National Archives",
                "RG 59",
                "Central Files",
                "Lot 59 D 110"
            ],
            vec!["National Archives", "RG 59", "Conference Files"],
            vec!["Eisenhower Library", "Whitman File"],
        ]
    );
    // Each component points at the words of the item that wrote it.
    for item in items {
        for c in &item.components {
            assert_eq!(&text[c.span.clone()], c.text);
        }
    }
}

#[test]
fn the_shipped_authority() {
    let a = Authority::new();
    assert_eq!(
        a.stats(),
        Stats {
            nodes: 469,
            shipped: 469,
            shipped_repositories: 40,
            files: 0
        }
    );
    assert_eq!(provenance(), [('c', 70), ('p', 126), ('s', 103)]);
    for path in [
        &[
            "National Archives and Records Administration",
            "RG 59",
            "Central Files 1964–66",
        ][..],
        &["National Archives", "RG 59", "Central Files 1964-66"],
        &["Library of Congress", "Manuscript Division"],
        &["Eisenhower Library", "Whitman File", "International Series"],
        &["Washington National Records Center", "RG 330"],
        &["Department of State", "S/S Files: Lot 66 D 150"],
        &[
            "Lyndon B. Johnson Library",
            "National Security File",
            "Country File",
        ],
        &["Kennedy Library", "National Security Files"],
        &["Nixon Library", "NSC Files"],
    ] {
        let id = a.resolve(path).unwrap_or_else(|| panic!("{path:?}"));
        assert!(a.is_known(id, "any"), "{path:?}");
    }
    assert!(a
        .resolve(&["Library of Congress", "Manuscript Divison"])
        .is_none());
}

// --- completion ---------------------------------------------------------

fn doc(n: u32, note: &str) -> String {
    format!("# {n}. Memorandum[^1]\n\nText.\n\n[^1]: {note}\n")
}

/// A volume of six documents whose source notes the tests complete
/// against, and a seventh file with the text being typed: `|` marks the
/// cursor.
fn typing(text_with_cursor: &str) -> (Workspace, usize, usize) {
    let offset = text_with_cursor.find('|').expect("a cursor");
    let text = text_with_cursor.replacen('|', "", 1);
    let mut files = vec![
        (
            PathBuf::from("v/volume.emd"),
            "# V\nVolume: frus1964-68v03\n".to_string(),
        ),
        (PathBuf::from("v/typing.emd"), text),
    ];
    let notes = [
        "Source: Johnson Library, National Security File, Country File, Vietnam, Vol. XLIV. Secret; Nodis.",
        "Source: Johnson Library, National Security File, Country File, Vietnam, Vol. XLV. Secret; Nodis.",
        "Source: Johnson Library, National Security File, Country File, Vietnam. Secret; Nodis.",
        "Source: Johnson Library, National Security File, Memos to the President. Top Secret.",
        "Source: Library of Congress, Manuscript Division, Harriman Papers. No classification marking.",
        "Source: Library of Congress, Manuscript Divison, Harriman Papers. Secret.",
    ];
    for (i, n) in notes.iter().enumerate() {
        files.push((
            PathBuf::from(format!("v/d{}.emd", i + 1)),
            doc(i as u32 + 1, n),
        ));
    }
    let ws = Workspace::from_texts(files);
    let i = ws
        .files
        .iter()
        .position(|f| *f.path == *Path::new("v/typing.emd"))
        .expect("typing.emd");
    (ws, i, offset)
}

fn completions(text_with_cursor: &str) -> Option<(Completions, String)> {
    let (ws, i, offset) = typing(text_with_cursor);
    let authority = Authority::from_workspace(&ws);
    complete(&ws, &authority, i, offset).map(|c| {
        (
            c,
            ws.files[i]
                .retained_text()
                .expect("texts are kept")
                .to_string(),
        )
    })
}

fn labels(c: &Completions) -> Vec<&str> {
    c.items.iter().map(|i| i.label.as_str()).collect()
}

#[test]
fn completion_offers_repositories_after_source() {
    let (c, _) = completions(&doc(7, "Source: |")).expect("completions");
    assert_eq!(labels(&c)[..2], ["Johnson Library", "Library of Congress"]);
    assert_eq!(
        c.items[0].detail,
        "cited in 4 source notes, e.g. Document 1"
    );
    assert_eq!(
        c.items[1].detail,
        "cited in 2 source notes, e.g. Document 5"
    );
    assert_eq!(c.items.len(), 40, "every repository, used or shipped");
    assert_eq!(
        c.items[2].detail,
        "a repository or collection FRUS cites (emend's list)"
    );
    assert!(c.items.iter().all(|i| i.kind == ItemKind::Archive));
    assert!(c.replace.is_empty());
    // Right after the colon, the space comes with the name.
    let (c, _) = completions(&doc(7, "Source:|")).expect("completions");
    assert_eq!(c.items[0].insert_text, " Johnson Library");
}

#[test]
fn completion_offers_the_children_of_the_path_typed_so_far() {
    let (c, _) = completions(&doc(7, "Source: Johnson Library, |")).expect("level 2");
    assert_eq!(labels(&c)[0], "National Security File");
    assert_eq!(
        c.items[0].detail,
        "cited in 4 source notes, e.g. Document 1"
    );
    assert_eq!(c.items[0].insert_text, "National Security File");
    assert!(labels(&c).contains(&"President's Daily Diary"));

    let (c, _) = completions(&doc(7, "Source: Johnson Library,|")).expect("no space");
    assert_eq!(c.items[0].insert_text, " National Security File");

    let (c, _) = completions(&doc(
        7,
        "Source: Johnson Library, National Security File, |",
    ))
    .expect("level 3");
    assert_eq!(labels(&c)[..2], ["Country File", "Memos to the President"]);
    assert_eq!(
        c.items[0].detail,
        "cited in 3 source notes, e.g. Document 1"
    );
    assert_eq!(c.items[1].detail, "cited in 1 source note, e.g. Document 4");

    let (c, _) = completions(&doc(
        7,
        "Source: Johnson Library, National Security File, Country File, |",
    ))
    .expect("level 4");
    assert_eq!(labels(&c), ["Vietnam"]);
    assert_eq!(
        c.items[0].detail,
        "cited in 3 source notes, e.g. Document 1"
    );

    // The path is read across a line break and through markup.
    let (c, _) = completions(&doc(
        7,
        "Source: *Johnson* Library, National\n    Security File, |",
    ))
    .expect("wrapped");
    assert_eq!(labels(&c)[0], "Country File");
}

#[test]
fn a_partial_word_filters_and_is_replaced() {
    let (c, text) = completions(&doc(
        7,
        "Source: Johnson Library, National Security File, Mem|",
    ))
    .expect("partial");
    assert_eq!(
        labels(&c),
        [
            "Memos to the President",
            "National Security Action Memoranda"
        ]
    );
    assert_eq!(&text[c.replace.clone()], "Mem");

    // Inside a component: the whole component is replaced.
    let (c, text) = completions(&doc(
        7,
        "Source: Johnson Library, Nat|ional Security File. Secret.",
    ))
    .expect("inside");
    assert_eq!(&text[c.replace.clone()], "National Security File");
    assert_eq!(labels(&c)[0], "National Security File");
}

#[test]
fn completion_leaves_out_likely_misspellings() {
    let (c, _) = completions(&doc(7, "Source: Library of Congress, |")).expect("c");
    assert!(labels(&c).contains(&"Manuscript Division"));
    assert!(!labels(&c).contains(&"Manuscript Divison"));
    assert_eq!(labels(&c)[0], "Manuscript Division");

    // The note being typed does not count for itself.
    let (c, text) =
        completions(&doc(7, "Source: Library of Congress, Manuscript Division|")).expect("c");
    assert_eq!(&text[c.replace.clone()], "Manuscript Division");
    assert_eq!(c.items[0].detail, "cited in 1 source note, e.g. Document 5");
}

#[test]
fn after_the_citation_markings_then_handling_indicators() {
    let (c, text) = completions(&doc(
        7,
        "Source: Johnson Library, National Security File. |",
    ))
    .expect("markings");
    assert_eq!(
        labels(&c),
        [
            "Secret",
            "Top Secret",
            "No classification marking",
            "Confidential",
            "Limited Official Use",
            "Official Use Only",
            "Unclassified"
        ]
    );
    assert_eq!(
        c.items[0].detail,
        "classification marking, used in 4 source notes"
    );
    assert!(c.items.iter().all(|i| i.kind == ItemKind::Classification));
    assert!(text[c.replace.clone()].is_empty());

    let (c, text) = completions(&doc(7, "Source: Johnson Library. Con|")).expect("partial");
    assert_eq!(labels(&c), ["Confidential"]);
    assert_eq!(&text[c.replace.clone()], "Con");

    let (c, _) = completions(&doc(7, "Source: Johnson Library.|")).expect("no space");
    assert_eq!(c.items[0].insert_text, " Secret");

    let (c, _) = completions(&doc(7, "Source: Johnson Library. Secret; |")).expect("handling");
    assert_eq!(labels(&c)[0], "Nodis");
    assert_eq!(
        c.items[0].detail,
        "handling or precedence indicator, used in 3 source notes"
    );
    assert_eq!(labels(&c)[1..4], ["Exdis", "Limdis", "Eyes Only"]);
    assert!(c.items.iter().all(|i| i.kind == ItemKind::Handling));

    let (c, _) = completions(&doc(7, "Source: Johnson Library. Secret; Nodis; |")).expect("more");
    assert!(!labels(&c).contains(&"Nodis"));
    let (c, _) = completions(&doc(7, "Source: Johnson Library. Top Secret; Ex|")).expect("ex");
    assert_eq!(labels(&c), ["Exdis"]);

    // Remarks are not completed.
    assert!(completions(&doc(7, "Source: Johnson Library. Secret. Drafted |")).is_none());
    assert!(completions(&doc(7, "Source: Johnson Library. Drafted by X; |")).is_none());
}

#[test]
fn a_new_footnote_of_a_document_without_source_note_gets_a_snippet() {
    let (c, text) = completions("# 7. Memo[^1]\n\nText.\n\n[^1]: |\n").expect("snippet");
    assert_eq!(labels(&c), ["Source:"]);
    let item = &c.items[0];
    assert_eq!(item.kind, ItemKind::SourceLabel);
    assert_eq!(item.insert_text, "Source: ");
    let snippet = item.snippet.as_deref().unwrap_or("");
    assert!(
        snippet.starts_with("Source: $1. ${2|Top Secret,Secret,Confidential,"),
        "{snippet}"
    );
    assert!(text[c.replace.clone()].is_empty());

    let (c, text) = completions("# 7. Memo[^1]\n\nText.\n\n[^1]: So|\n").expect("partial");
    assert_eq!(&text[c.replace.clone()], "So");
    let (c, _) = completions("# 7. Memo[^1]\n\nText.\n\n[^1]:|\n").expect("no space");
    assert_eq!(c.items[0].insert_text, " Source: ");

    // Not where the document has its source note, nor in running text.
    assert!(completions(&format!(
        "{}[^2]: |\n",
        doc(7, "Source: X Library. Secret.")
    ))
    .is_none());
    assert!(completions("# 7. Memo\n\nText |\n").is_none());
    assert!(completions("# 7. Memo[^1]\n\n[^1]: Not printed. |\n").is_none());
}

// --- hover --------------------------------------------------------------

fn offset_of(text: &str, needle: &str) -> usize {
    text.find(needle).unwrap_or_else(|| panic!("no {needle}")) + 1
}

#[test]
fn hover_shows_the_path_and_who_cites_it() {
    let ws = load("seeds/frus1964-68v03");
    let authority = Authority::from_workspace(&ws);
    let (d256, text) = file(&ws, "d256.emd");
    let h = hover::hover(
        &ws,
        &authority,
        d256,
        offset_of(text, "Harriman]{@HWA1} Papers, Johnson"),
    )
    .expect("hover");
    assert_eq!(
        h.path,
        [
            "Library of Congress",
            "Manuscript Division",
            "Harriman Papers"
        ]
    );
    assert_eq!(strip(&text[h.span.clone()]), "Harriman Papers");
    assert_eq!(h.notes, 1);
    let docs: Vec<String> = h
        .citing
        .iter()
        .map(|c| c.label(Some("frus1964-68v03")))
        .collect();
    assert_eq!(docs, ["Document 256"]);
    assert!(h.known && h.shipped && !h.listed);

    let h = hover::hover(
        &ws,
        &authority,
        d256,
        offset_of(text, "Library of Congress"),
    )
    .expect("h");
    assert_eq!(h.path, ["Library of Congress"]);
    assert_eq!(h.notes, 2);
    assert_eq!(
        h.describe(),
        "Library of Congress\ncited in 2 source notes: Document 256, Document 261\nin emend's list of archives"
    );

    let (d261, text) = file(&ws, "d261.emd");
    let h = hover::hover(&ws, &authority, d261, offset_of(text, "Manuscript Divison")).expect("h");
    assert_eq!(h.path, ["Library of Congress", "Manuscript Divison"]);
    assert_eq!((h.notes, h.known, h.shipped), (1, false, false));
    assert!(h.citing[0].file.ends_with("d261.emd"));

    // Outside source notes: nothing.
    assert!(hover::hover(&ws, &authority, d261, offset_of(text, "Secretary took")).is_none());
    assert!(hover::hover(&ws, &authority, d261, text.len() + 10).is_none());
}

#[test]
fn hover_on_a_sources_item() {
    let ws = load("tests/fixtures/frus1964-68v03");
    let authority = Authority::from_workspace(&ws);
    let (i, text) = file(&ws, "sources.emd");
    let h = hover::hover(&ws, &authority, i, offset_of(text, "Averell Harriman]")).expect("h");
    assert_eq!(
        h.path,
        [
            "Library of Congress",
            "Manuscript Division",
            "Averell Harriman Papers"
        ]
    );
    assert!(h.listed && h.known);
    assert_eq!(h.notes, 0);
}

// --- quick fixes --------------------------------------------------------

#[test]
fn the_quick_fix_changes_the_misspelt_word_only() {
    let ws = load("seeds/frus1964-68v03");
    let authority = Authority::from_workspace(&ws);
    let (d261, text) = file(&ws, "d261.emd");
    let fixes = fix::fixes(&ws, &authority, d261);
    assert_eq!(fixes.len(), 1);
    let f = &fixes[0];
    assert_eq!(f.title, "Change to `Manuscript Division`");
    assert_eq!(&text[f.finding.span.clone()], "Manuscript Divison");
    assert_eq!(f.finding.suggestion, "Manuscript Division");
    assert_eq!(f.finding.parent, ["Library of Congress"]);
    assert_eq!(&text[f.edit.span.clone()], "Divison");
    assert_eq!(f.edit.new_text, "Division");
    let mut fixed = text.to_string();
    fixed.replace_range(f.edit.span.clone(), &f.edit.new_text);
    assert!(fixed.contains("Manuscript Division, [Harriman]{@HWA1} Papers"));

    let at = f.finding.span.start + 3;
    assert_eq!(fix::fixes_in(&ws, &authority, d261, at..at).len(), 1);
    assert!(fix::fixes_in(&ws, &authority, d261, 0..10).is_empty());
}

#[test]
fn quick_fixes_keep_mentions_and_follow_the_corrected_path() {
    let files = vec![
        (
            PathBuf::from("v/volume.emd"),
            "# V\nVolume: frus1964-68v03\n".to_string(),
        ),
        (
            PathBuf::from("v/d1.emd"),
            doc(1, "Source: Library of Congress, Manuscript Division, [Harriman]{@HWA1}\n    Paperz, Box 5. Secret."),
        ),
        (
            PathBuf::from("v/d2.emd"),
            doc(2, "Source: Johnson Libary, Natonal Security File, Country File. Secret."),
        ),
    ];
    let ws = Workspace::from_texts(files);
    let authority = Authority::from_workspace(&ws);
    let (d1, text) = file(&ws, "d1.emd");
    let fixes = fix::fixes(&ws, &authority, d1);
    assert_eq!(fixes.len(), 1);
    assert_eq!(
        &text[fixes[0].finding.span.clone()],
        "[Harriman]{@HWA1}\n    Paperz"
    );
    assert_eq!(&text[fixes[0].edit.span.clone()], "Paperz");
    assert_eq!(fixes[0].edit.new_text, "Papers");

    let (d2, text) = file(&ws, "d2.emd");
    let fixes = fix::fixes(&ws, &authority, d2);
    let edits: Vec<(&str, &str)> = fixes
        .iter()
        .map(|f| (&text[f.edit.span.clone()], f.edit.new_text.as_str()))
        .collect();
    assert_eq!(edits, [("Libary", "Library"), ("Natonal", "National")]);
    assert_eq!(
        fixes[1].finding.message(),
        "`Natonal Security File` is not a known collection of Johnson Library; did you mean `National Security File`?"
    );
}

// --- incremental updates ------------------------------------------------

#[test]
fn editing_a_file_updates_the_authority_as_a_rebuild_would() {
    let base = vec![
        (
            PathBuf::from("v/volume.emd"),
            "# V\nVolume: frus1964-68v03\n".to_string(),
        ),
        (
            PathBuf::from("v/d1.emd"),
            doc(
                1,
                "Source: Johnson Library, National Security File, Country File. Secret; Nodis.",
            ),
        ),
        (
            PathBuf::from("v/d2.emd"),
            doc(
                2,
                "Source: Alpha Archive, Beta Papers, Gamma. Top Secret; Exdis.",
            ),
        ),
        (
            PathBuf::from("v/sources.emd"),
            "# Sources\n\n- Delta Archive, Epsilon Files\n".to_string(),
        ),
    ];
    let ws = Workspace::from_texts(base.clone());
    let mut authority = Authority::from_workspace(&ws);

    // d2 is edited: its citation and its markings change.
    let mut edited = base.clone();
    edited[2].1 = doc(
        2,
        "Source: Alpha Archive, Zeta Papers. Confidential; Priority.",
    );
    let ws2 = Workspace::from_texts(edited.clone());
    let (i, _) = file(&ws2, "d2.emd");
    authority.set_file(&ws2.files[i].path, "frus1964-68v03", &ws2.files[i].facts);
    let fresh = Authority::from_workspace(&ws2);
    assert_eq!(authority.entries(), fresh.entries());
    assert_eq!(authority.stats(), fresh.stats());
    assert_eq!(authority.handling_uses("Exdis"), 0);
    assert_eq!(authority.handling_uses("Priority"), 1);
    assert!(authority
        .resolve(&["Alpha Archive", "Beta Papers"])
        .is_none());

    // The volume is renamed: every file of it is set again.
    let mut renamed = edited.clone();
    renamed[0].1 = "# V\nVolume: frus1964-68v04\n".to_string();
    let ws3 = Workspace::from_texts(renamed);
    let (i, _) = file(&ws3, "sources.emd");
    authority.set_volume(&ws3, ws3.files[i].volume);
    assert_eq!(
        authority.entries(),
        Authority::from_workspace(&ws3).entries()
    );
    let delta = authority.resolve(&["Delta Archive"]).expect("delta");
    assert!(authority.is_known(delta, "frus1964-68v04"));
    assert!(!authority.is_known(delta, "frus1964-68v03"));
    authority.set_volume(&ws2, ws2.files[i].volume);

    // The Sources file is deleted.
    authority.remove_file(Path::new("v/sources.emd"));
    edited.retain(|(p, _)| !p.ends_with("sources.emd"));
    let fresh = Authority::from_workspace(&Workspace::from_texts(edited));
    assert_eq!(authority.entries(), fresh.entries());
    assert!(authority.resolve(&["Delta Archive"]).is_none());
}
