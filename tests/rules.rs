//! Every rule of docs/rules.md on small volumes: each test shows the rule
//! firing where it should and staying silent where it should not.

use emend::index::Workspace;
use emend::line_index::ColumnUnit;
use emend::rules::{self, Code, Severities};
use std::path::PathBuf;

/// A volume folder `v/` with a `volume.emd` (unless given) and the files.
fn run(files: &[(&str, &str)]) -> Vec<(String, u32, Code, String)> {
    let mut all: Vec<(PathBuf, String)> = files
        .iter()
        .map(|(p, t)| (PathBuf::from(p), t.to_string()))
        .collect();
    if !files.iter().any(|(p, _)| p.ends_with("volume.emd")) {
        all.push((
            PathBuf::from("v/volume.emd"),
            "# Test Volume\nVolume: frus1964-68v03\n".to_string(),
        ));
    }
    let ws = Workspace::from_texts(all);
    rules::check(&ws, &Severities::default())
        .into_iter()
        .map(|d| {
            let f = &ws.files[d.file];
            let line = f.lines.line_of(d.span.start) + 1;
            let name = f
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            (name, line, d.code, d.message)
        })
        .collect()
}

fn codes(found: &[(String, u32, Code, String)], code: Code) -> Vec<(String, u32)> {
    found
        .iter()
        .filter(|d| d.2 == code)
        .map(|d| (d.0.clone(), d.1))
        .collect()
}

fn message(found: &[(String, u32, Code, String)], code: Code) -> String {
    found
        .iter()
        .find(|d| d.2 == code)
        .map(|d| d.3.clone())
        .unwrap_or_else(|| panic!("no {code} in {found:?}"))
}

/// The messages of one code's findings, in order.
fn messages_of(found: &[(String, u32, Code, String)], code: Code) -> Vec<&str> {
    found
        .iter()
        .filter(|d| d.2 == code)
        .map(|d| d.3.as_str())
        .collect()
}

const SOURCE: &str = "[^1]: Source: Johnson Library, National Security File. Secret.";

fn doc(number: u32, body: &str) -> String {
    format!("# {number}. Memorandum[^1]\nDateline: Washington, December {number}, 1965.\n\n{body}\n\n{SOURCE}\n")
}

#[test]
fn a_clean_volume_has_no_findings() {
    let found = run(&[
        (
            "v/d1.emd",
            &doc(
                1,
                "See Document 2 and footnote 2.[^2]\n\n[^2]: Not printed.",
            ),
        ),
        (
            "v/d2.emd",
            &doc(
                2,
                "[Rusk]{@RD1} met the [VC]{=VC}; see footnote 1, Document 1.",
            ),
        ),
        (
            "v/persons.emd",
            "# Persons\n\n[@RD1]: **Rusk, Dean**, Secretary of State\n",
        ),
        ("v/terms.emd", "# Terms\n\n[=VC]: Viet Cong\n"),
    ]);
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn syntax_errors_are_one_per_region_and_do_not_swallow_the_file() {
    let found = run(&[(
        "v/d1.emd",
        &doc(
            1,
            "He said [Tommy]{@!} was here.\n\nAn [unclosed bracket here.\n\nSee Document 9.",
        ),
    )]);
    let syntax = codes(&found, Code::Syntax);
    assert_eq!(syntax.len(), 2, "{found:#?}");
    // The paragraph after the errors is still read: its reference is checked.
    assert_eq!(
        codes(&found, Code::RefUnknownDocument),
        [("d1.emd".into(), 8)]
    );
}

#[test]
fn label_without_colon_is_a_syntax_error() {
    let found = run(&[(
        "v/persons.emd",
        "# Persons\n\n[@TLEJ1] **Thompson**, Ambassador\n\n[@RD1]: **Rusk, Dean**, Secretary\n",
    )]);
    assert_eq!(codes(&found, Code::Syntax), [("persons.emd".into(), 3)]);
    assert!(message(&found, Code::Syntax).contains("colon"));
}

#[test]
fn footnote_rules() {
    let found = run(&[(
        "v/d1.emd",
        "# 1. Memo[^1]\nDateline: May 1, 1965.\n\nText[^3] and[^2] and[^9].\n\n[^1]: Source: Johnson Library, NSF. Secret.\n[^2]: Not printed.[^3]\n[^3]: Ibid.\n[^3]: Again.\n[^4]: Never used.\n",
    )]);
    assert_eq!(
        codes(&found, Code::FootnoteUndefined),
        [("d1.emd".into(), 4)]
    );
    assert_eq!(codes(&found, Code::FootnoteNested), [("d1.emd".into(), 7)]);
    assert_eq!(
        codes(&found, Code::FootnoteDuplicate),
        [("d1.emd".into(), 9)]
    );
    assert_eq!(codes(&found, Code::FootnoteUnused), [("d1.emd".into(), 10)]);
    // 3 comes where 2 is expected; 2 after it is out of order too.
    assert_eq!(
        codes(&found, Code::FootnoteSequence),
        [("d1.emd".into(), 4), ("d1.emd".into(), 4)]
    );
}

#[test]
fn footnotes_are_scoped_to_their_document() {
    let found = run(&[(
        "v/d1.emd",
        &format!(
            "{}\n{}",
            doc(1, "Text[^2]."),
            doc(2, "More.\n\n[^2]: Defined here.")
        ),
    )]);
    assert_eq!(
        codes(&found, Code::FootnoteUndefined),
        [("d1.emd".into(), 4)]
    );
    assert_eq!(codes(&found, Code::FootnoteUnused), [("d1.emd".into(), 13)]);
}

#[test]
fn reference_rules() {
    let found = run(&[
        (
            "v/d1.emd",
            &doc(
                1,
                "See Document 7, footnote 4, footnote 9, Document 2, [it](#d2fn1), [x](#d8),\nDocument TK, footnote X, and document 2.",
            ),
        ),
        ("v/d2.emd", &doc(2, "Text.")),
    ]);
    assert_eq!(
        codes(&found, Code::RefUnknownDocument),
        [("d1.emd".into(), 4), ("d1.emd".into(), 4)]
    );
    let unknown_fn: Vec<_> = found
        .iter()
        .filter(|d| d.2 == Code::RefUnknownFootnote)
        .map(|d| d.3.clone())
        .collect();
    assert_eq!(
        unknown_fn,
        [
            "Document 1 has no footnote 4",
            "Document 2 has no footnote 9"
        ]
    );
    assert_eq!(codes(&found, Code::RefPlaceholder).len(), 2);
    assert_eq!(codes(&found, Code::RefLowercase), [("d1.emd".into(), 5)]);
    assert!(message(&found, Code::RefUnknownDocument)
        .contains("Document 7 is not in volume frus1964-68v03"));
}

#[test]
fn cross_volume_references() {
    let found = run(&[
        (
            "v/d1.emd",
            &doc(
                1,
                "See Foreign Relations, 1964–1968, vol. II, Document 35; Foreign Relations,\n1964–1968, vol. XCIX, Document 2; and Foreign Relations, 1964–1968, vol. III, Document 5.",
            ),
        ),
    ]);
    // vol. II is published but not here; vol. XCIX is not published; vol.
    // III is this volume, where document 5 is missing.
    assert_eq!(
        codes(&found, Code::RefOutsideWorkspace),
        [("d1.emd".into(), 4)]
    );
    assert_eq!(
        codes(&found, Code::RefUnknownVolume),
        [("d1.emd".into(), 4)]
    );
    assert!(message(&found, Code::RefUnknownVolume).contains("frus1964-68v99"));
    assert_eq!(
        codes(&found, Code::RefUnknownDocument),
        [("d1.emd".into(), 5)]
    );
}

#[test]
fn references_resolve_across_volumes_of_the_workspace() {
    let found = run(&[
        ("a/volume.emd", "# A\nVolume: frus1964-68v02\n"),
        ("a/d35.emd", &doc(35, "Text.")),
        (
            "b/volume.emd",
            "# B\nVolume: frus1964-68v03\n",
        ),
        (
            "b/d1.emd",
            &doc(1, "See Foreign Relations, 1964–1968, vol. II, Documents 35 and 36, and [x](frus1964-68v02#d35fn1)."),
        ),
    ]);
    assert_eq!(
        codes(&found, Code::RefUnknownDocument),
        [("d1.emd".into(), 4)]
    );
    assert!(message(&found, Code::RefUnknownDocument)
        .contains("Document 36 is not in volume frus1964-68v02"));
    assert!(codes(&found, Code::RefOutsideWorkspace).is_empty());
}

#[test]
fn register_rules() {
    let found = run(&[
        ("v/d1.emd", &doc(1, "[Rusk]{@RD2} and [Rusk]{@RD1} and the [VC]{=VCX} and the [VC]{=VC}.")),
        (
            "v/persons.emd",
            "# Persons\n\n[@RD1]: **Rusk, Dean**, Secretary of State\n[@RD1]: **Rusk, Dean**, again\n[@XX1]: no name\n",
        ),
        ("v/terms.emd", "# Terms\n\n[=VC]: Viet Cong\n[=VC]: twice\n[=NVN]: North Vietnam\n"),
    ]);
    assert_eq!(codes(&found, Code::PersonUnknown), [("d1.emd".into(), 4)]);
    assert!(message(&found, Code::PersonUnknown).contains("did you mean RD1 (Rusk, Dean)?"));
    assert_eq!(
        codes(&found, Code::PersonDuplicate),
        [("persons.emd".into(), 4)]
    );
    assert_eq!(
        codes(&found, Code::PersonNoName),
        [("persons.emd".into(), 5)]
    );
    assert_eq!(
        codes(&found, Code::PersonUnused),
        [("persons.emd".into(), 5)]
    );
    assert_eq!(codes(&found, Code::TermUnknown), [("d1.emd".into(), 4)]);
    assert_eq!(
        codes(&found, Code::TermDuplicate),
        [("terms.emd".into(), 4)]
    );
    assert_eq!(codes(&found, Code::TermUnused), [("terms.emd".into(), 5)]);
}

#[test]
fn second_names_of_register_entries_are_entries() {
    let found = run(&[
        ("v/d1.emd", &doc(1, "[ARA/LA]{=ARALA} and [Teng]{@TH1} met; [ARA]{=ARA}, [Deng]{@DX1}.")),
        ("v/terms.emd", "# Terms\n\n[=ARA]: **ARA** or [ARA/LA]{=ARALA}, Bureau of Inter-American Affairs\n[=EC9]: **EC–9** or [Nine]{=Nine}, the nine member states\n"),
        ("v/persons.emd", "# Persons\n\n[@DX1]: **Deng Xiaoping** [(Teng Hsiao-p’ing)]{@TH1}, Vice Premier\n[@RD1]: **Rusk, Dean** Secretary; see [Ball]{@BGW1}\n"),
    ]);
    // The second names are known, and their mentions in the entries are no
    // uses of them: EC9 and Nine are both unused.
    assert_eq!(codes(&found, Code::TermUnknown), []);
    assert_eq!(
        codes(&found, Code::PersonUnknown),
        [("persons.emd".into(), 4)],
        "{found:?}"
    );
    assert_eq!(
        codes(&found, Code::TermUnused),
        [("terms.emd".into(), 4), ("terms.emd".into(), 4)]
    );
    // A mention after words other than `or`/`and` is a mention, not a name.
    assert_eq!(
        codes(&found, Code::PersonUnused),
        [("persons.emd".into(), 4)],
        "{found:?}"
    );
}

#[test]
fn document_rules() {
    let found = run(&[
        ("v/d1.emd", &doc(10, "Text.")),
        ("v/d2.emd", &doc(10, "Same number.")),
        ("v/d3.emd", &doc(11, "Fine.")),
        ("v/d4.emd", "# 11a. Inserted[^1]\nDateline: December 11, 1965.\n\n[^1]: Source: X Library. Secret.\n"),
        ("v/d5.emd", "# 14. No source\nDateline: Washington, undated.\n\nText.\n"),
        ("v/d6.emd", "# 15. Editorial Note\n\nText.\n"),
        ("v/d7.emd", &doc(16, "Text.").replace("December 16", "March 3")),
        ("v/d8.emd", "# 17. Memo[^1]\nDateline: Washington, the next day.\n\n[^1]: Source: X Library. Secret.\n"),
    ]);
    assert_eq!(
        codes(&found, Code::DocumentDuplicate),
        [("d2.emd".into(), 1)]
    );
    assert_eq!(codes(&found, Code::DocumentGap), [("d5.emd".into(), 1)]);
    assert!(message(&found, Code::DocumentGap).contains("documents 12–13 are missing"));
    assert_eq!(
        codes(&found, Code::DocumentNoSource),
        [("d5.emd".into(), 1)]
    );
    assert_eq!(
        codes(&found, Code::DocumentChronology),
        [("d7.emd".into(), 2)]
    );
    assert_eq!(codes(&found, Code::DatelineNoDate), [("d8.emd".into(), 2)]);
}

#[test]
fn source_note_rules() {
    let found = run(&[
        ("v/d1.emd", "# 1. A[^1]\nDateline: May 1, 1965.\n\nT[^2].\n\n[^1]: Source: Source: Johnson Library. Secret.\n[^2]: Source: Another Library. Secret.\n"),
        ("v/d2.emd", "# 2. B[^1]\nDateline: May 2, 1965.\n\nT[^2].\n\n[^1]: Not printed.\n[^2]: Source:Johnson Library. Declassified.\n"),
    ]);
    assert_eq!(
        codes(&found, Code::SourceLabel),
        [("d1.emd".into(), 6), ("d2.emd".into(), 7)]
    );
    assert_eq!(
        codes(&found, Code::SourceNotFirst),
        [("d1.emd".into(), 7), ("d2.emd".into(), 7)]
    );
    assert_eq!(
        codes(&found, Code::SourceClassification),
        [("d2.emd".into(), 7)]
    );
}

#[test]
fn source_unknown_archive() {
    let note = |n: u32, citation: &str| {
        format!("# {n}. Memo[^1]\nDateline: May {n}, 1965.\n\nText.\n\n[^1]: Source: {citation}. Secret.\n")
    };
    let found = run(&[
        // A misspelt collection of a shipped repository; continuation lines
        // and a mention inside the citation.
        ("v/d1.emd", &note(1, "Library of Congress, Manuscript Divison,\n    [Harriman]{@HWA1} Papers, Secretary Rusk, 1963-1966")),
        // File numbers next to a known one, a date next to a known one.
        ("v/d2.emd", &note(2, "Department of State, Central Files, 611.00/1–358")),
        ("v/d3.emd", &note(3, "Department of State, Central Files, 611.00/1–358")),
        ("v/d4.emd", &note(4, "Department of State, Central Files, 611.00/1–358")),
        ("v/d5.emd", &note(5, "Department of State, Central Files, 611.00/1–558")),
        ("v/d6.emd", &note(6, "Johnson Library, President's Daily Diary, December 28")),
        ("v/d7.emd", &note(7, "Johnson Library, President's Daily Diary, December 28")),
        ("v/d8.emd", &note(8, "Johnson Library, President's Daily Diary, December 28")),
        ("v/d9.emd", &note(9, "Johnson Library, President's Daily Diary, December 29")),
        // New repositories and collections: not close to any known name.
        ("v/d10.emd", &note(10, "Library of Congress, Manuscript Division, Bunker Papers")),
        ("v/d11.emd", &note(11, "Archives of the Hungarian Foreign Ministry, Files of the Minister")),
        ("v/d12.emd", &note(12, "Hoover Institution, Zhukov Papers")),
        // Deeper levels (series, folders) are never judged.
        ("v/d13.emd", &note(13, "Johnson Library, National Security File, Country File, Vietnma")),
        // A repository misspelt; below it, the path is read under the
        // suggestion.
        ("v/d14.emd", &note(14, "Johnson Libary, National Security Files, Country File")),
        // The volume's Sources list a name: it is known there.
        ("v/d15.emd", &note(15, "Kennedy Library, National Security File, Countries")),
        ("v/sources.emd", "# Sources\n\n- Kennedy Library, National Security File\n"),
    ]);
    assert_eq!(
        codes(&found, Code::SourceUnknownArchive),
        [
            ("d1.emd".into(), 6),
            ("d14.emd".into(), 6),
            ("d14.emd".into(), 6)
        ]
    );
    let messages: Vec<&str> = found
        .iter()
        .filter(|d| d.2 == Code::SourceUnknownArchive)
        .map(|d| d.3.as_str())
        .collect();
    assert_eq!(
        messages,
        [
            "`Manuscript Divison` is not a known collection of Library of Congress; did you mean `Manuscript Division`?",
            "`Johnson Libary` is not a known repository; did you mean `Johnson Library`?",
            "`National Security Files` is not a known collection of Johnson Library; did you mean `National Security File`?",
        ]
    );

    // A spelling used in three or more source notes counts as known.
    let found = run(&[
        (
            "v/d1.emd",
            &note(1, "Library of Congress, Manuscrpt Division"),
        ),
        (
            "v/d2.emd",
            &note(2, "Library of Congress, Manuscrpt Division"),
        ),
        (
            "v/d3.emd",
            &note(3, "Library of Congress, Manuscrpt Division"),
        ),
    ]);
    assert!(
        codes(&found, Code::SourceUnknownArchive).is_empty(),
        "{found:#?}"
    );
    // The same name listed in another volume's Sources is not known here.
    let found = run(&[
        ("v/volume.emd", "# V\nVolume: frus1964-68v03\n"),
        (
            "v/d1.emd",
            &note(1, "Kennedy Library, National Security File"),
        ),
        ("w/volume.emd", "# W\nVolume: frus1961-63v01\n"),
        (
            "w/sources.emd",
            "# Sources\n\n- Kennedy Library, National Security File\n",
        ),
    ]);
    assert_eq!(
        codes(&found, Code::SourceUnknownArchive),
        [("d1.emd".into(), 6)]
    );
}

#[test]
fn page_order() {
    let found = run(&[
        ("v/d1.emd", &doc(1, "A [Page 10] b [Page 11].")),
        ("v/d2.emd", &doc(2, "C [Page 11] d [Page 9] e [Page 12].")),
        ("v/front.emd", "# Preface\n\n[Page XI] text [Page X]\n"),
    ]);
    let pages = codes(&found, Code::PageOrder);
    assert_eq!(
        pages,
        [
            ("d2.emd".into(), 4),
            ("d2.emd".into(), 4),
            ("front.emd".into(), 3)
        ]
    );
}

/// `[^2-2]` is how the TEI import writes a second footnote numbered 2 in a
/// document; the check says so, as the check of the TEI says the number
/// is used twice.
#[test]
fn a_footnote_numbered_again_by_the_import_is_a_duplicate() {
    let found = run(&[(
        "v/d1.emd",
        "# 1. A[^1]\n\nText.[^2] More.[^2-2]\n\n[^1]: Source: X Library. Secret.\n[^2]: Not printed.\n[^2-2]: Not printed.\n",
    )]);
    assert_eq!(
        codes(&found, Code::FootnoteDuplicate),
        [("d1.emd".into(), 7)],
        "{found:#?}"
    );
    // Without a footnote 2, `2-2` is a label like any other.
    let found = run(&[(
        "v/d1.emd",
        "# 1. A[^1]\n\nText.[^2-2]\n\n[^1]: Source: X Library. Secret.\n[^2-2]: Not printed.\n",
    )]);
    assert_eq!(codes(&found, Code::FootnoteDuplicate), [], "{found:#?}");
}

/// A compilation's folder holds its own heading (`comp2/chapter.emd`) and
/// the chapters inside it (`comp2/ch4/…`): its page comes first, though its
/// path sorts after theirs (as in frus1949v07p1, pages 3 and 4).
#[test]
fn page_order_follows_the_volume_not_the_paths() {
    let found = run(&[
        ("v/volume.emd", "# V\nVolume: frus1949v07p1\n"),
        (
            "v/comp2/chapter.emd",
            "# East and Southeast Asia:\nId: comp2\n\n[Page 3]\n",
        ),
        (
            "v/comp2/ch4/chapter.emd",
            "# French Indochina:\nId: ch4\n\n[Page 4]\n",
        ),
        ("v/comp2/ch4/d0001.emd", &doc(1, "A [Page 5] b.")),
    ]);
    assert_eq!(codes(&found, Code::PageOrder), [], "{found:#?}");
    // The other way round, the compilation's page is out of order.
    let found = run(&[
        ("v/volume.emd", "# V\nVolume: frus1949v07p1\n"),
        (
            "v/comp2/chapter.emd",
            "# East and Southeast Asia:\nId: comp2\n\n[Page 4]\n",
        ),
        (
            "v/comp2/ch4/chapter.emd",
            "# French Indochina:\nId: ch4\n\n[Page 3]\n",
        ),
        ("v/comp2/ch4/d0001.emd", &doc(1, "A [Page 5] b.")),
    ]);
    assert_eq!(
        codes(&found, Code::PageOrder),
        [("chapter.emd".into(), 4)],
        "{found:#?}"
    );
}

#[test]
fn metadata_rules() {
    let found = run(&[
        ("v/volume.emd", "# Volume\nEditors: A. B.\n"),
        ("v/d1.emd", "# 1. A[^1]\nDateline: May 1, 1965.\nDatline: May 1, 1965.\n\n[^1]: Source: X Library. Secret.\n"),
        ("w/volume.emd", "# Other\nVolume: vietnam-65\n"),
    ]);
    assert_eq!(codes(&found, Code::MetaUnknownKey), [("d1.emd".into(), 3)]);
    assert!(message(&found, Code::MetaUnknownKey).contains("did you mean `Dateline`?"));
    assert_eq!(
        codes(&found, Code::VolumeNoId),
        [("volume.emd".into(), 1), ("volume.emd".into(), 2)]
    );
}

#[test]
fn severities_can_be_changed_or_switched_off() {
    let mut all = vec![
        (
            PathBuf::from("v/volume.emd"),
            "# V\nVolume: frus1964-68v03\n".to_string(),
        ),
        (
            PathBuf::from("v/persons.emd"),
            "# Persons\n\n[@A1]: **A**, b\n".to_string(),
        ),
    ];
    let ws = Workspace::from_texts(all.clone());
    let mut sev = Severities::default();
    assert_eq!(rules::check(&ws, &sev)[0].severity, rules::Severity::Hint);
    sev.set(Code::PersonUnused, rules::Level::On(rules::Severity::Error));
    assert_eq!(rules::check(&ws, &sev)[0].severity, rules::Severity::Error);
    sev.set(Code::PersonUnused, rules::Level::Off);
    assert!(rules::check(&ws, &sev).is_empty());
    all.clear();
}

#[test]
fn volume_duplicate_id_names_both_folders_siblings_or_nested() {
    // Siblings with one id, and a volume nested in one of them with it too.
    let found = run(&[
        ("a/volume.emd", "# A\nVolume: frus1964-68v03\n"),
        ("a/d1.emd", &doc(1, "Text.")),
        ("b/volume.emd", "# B\nVolume: frus1964-68v03\n"),
        ("b/d1.emd", &doc(1, "Text.")),
        ("b/inner/volume.emd", "# C\nVolume: frus1964-68v03\n"),
        ("c/volume.emd", "# Other\nVolume: frus1964-68v04\n"),
        ("c/d1.emd", &doc(1, "Text.")),
    ]);
    let dups: Vec<_> = found
        .iter()
        .filter(|d| d.2 == Code::VolumeDuplicateId)
        .collect();
    assert_eq!(dups.len(), 3, "{found:?}");
    assert!(dups.iter().all(|d| d.0 == "volume.emd" && d.1 == 2));
    let first = &dups[0].3;
    assert!(first.contains("frus1964-68v03"), "{first}");
    assert!(first.contains('b') && first.contains("inner"), "{first}");
    // The volume with an id of its own is not reported.
    assert!(!found
        .iter()
        .any(|d| d.2 == Code::VolumeDuplicateId && d.3.contains("frus1964-68v04")));
}

#[test]
fn straight_and_mixed_quotes() {
    let found = run(&[(
        "v/d1.emd",
        &doc(
            1,
            "He said \"yes\" and [Rusk]{@RD1} said “no.”\n\nIt's mixed: “curly” and \"straight\".\n\nA man 6' tall, 5'2\" wide.",
        ),
    )]);
    // Line 4: `"yes"` (two marks) and the apostrophe-free run after the
    // mention has only curly marks. Line 6: straight beside curly.
    assert_eq!(
        codes(&found, Code::QuoteStraight),
        [("d1.emd".into(), 4), ("d1.emd".into(), 4)]
    );
    assert!(message(&found, Code::QuoteStraight).contains("`\"yes\"`"));
    assert!(message(&found, Code::QuoteStraight).contains("write `“`"));
    assert_eq!(
        codes(&found, Code::QuoteMixed),
        [
            ("d1.emd".into(), 6),
            ("d1.emd".into(), 6),
            ("d1.emd".into(), 6)
        ]
    );
    let apostrophe = found
        .iter()
        .find(|d| d.2 == Code::QuoteMixed)
        .map(|d| d.3.clone())
        .unwrap_or_default();
    assert!(
        apostrophe.contains("`It's`") && apostrophe.contains("write `’`"),
        "{apostrophe}"
    );
    // Feet and inches after a digit are not quotation marks.
    assert!(!found.iter().any(|d| d.1 == 8), "{found:?}");
}

#[test]
fn page_break_space() {
    let found = run(&[(
        "v/d1.emd",
        &doc(
            1,
            "Words [Page 5] between, a split wo[Page 6]rd, and\n[Page 7] at a line start.\n\nOne[Page 8] sided and other [Page 9]sided.",
        ),
    )]);
    assert_eq!(
        codes(&found, Code::PageBreakSpace),
        [("d1.emd".into(), 7), ("d1.emd".into(), 7)]
    );
    assert!(message(&found, Code::PageBreakSpace).contains("[Page 8]"));
}

#[test]
fn volume_unknown_id_unless_in_preparation() {
    let found = run(&[
        ("a/volume.emd", "# A\nVolume: frus1964-68v99\n"),
        (
            "b/volume.emd",
            "# B\nVolume: frus1969-76v99\nStatus: in preparation\n",
        ),
        ("c/volume.emd", "# C\nVolume: frus1964-68v04\n"),
    ]);
    assert_eq!(
        codes(&found, Code::VolumeUnknownId),
        [("volume.emd".into(), 2)]
    );
    let m = message(&found, Code::VolumeUnknownId);
    assert!(
        m.contains("frus1964-68v99") && m.contains("Status: in preparation"),
        "{m}"
    );
    assert!(
        !found.iter().any(|d| d.2 == Code::MetaUnknownKey),
        "{found:?}"
    );
}

#[test]
fn quote_orientation_and_ocr_digit_letter() {
    let found = run(&[(
        "v/d1.emd",
        &doc(
            1,
            "He said “ yes” and “no ” then x”“odd”.\n\nIn the ’70s, “fine.”\n\nOn May l965 and 19l5, all well; 12 lines.",
        ),
    )]);
    // “ yes: an opening mark before a space; no ”: a closing one after a
    // space; ”“: two that do not pair. ’70s and “fine.” are right.
    assert_eq!(
        codes(&found, Code::QuoteOrientation),
        [
            ("d1.emd".into(), 4),
            ("d1.emd".into(), 4),
            ("d1.emd".into(), 4)
        ]
    );
    let messages = messages_of(&found, Code::QuoteOrientation);
    assert!(
        messages[0].contains("opening quotation mark before a space"),
        "{messages:?}"
    );
    assert!(
        messages[1].contains("closing quotation mark after a space in `”`"),
        "{messages:?}"
    );
    assert!(
        messages[2].contains("do not pair in `x”“odd”.`"),
        "{messages:?}"
    );
    assert_eq!(
        codes(&found, Code::OcrDigitLetter),
        [("d1.emd".into(), 8), ("d1.emd".into(), 8)]
    );
    assert!(message(&found, Code::OcrDigitLetter).contains("`l965`"));
}

#[test]
fn footnote_space() {
    let found = run(&[(
        "v/d1.emd",
        &doc(
            1,
            "Words[^2] and **Rusk** [^3] and Tommy [^4] then[^5][^6] and[^7] [^8] end.\n\n[^2]: a\n[^3]: b\n[^4]: c\n[^5]: d\n[^6]: e\n[^7]: f\n[^8]: g",
        ),
    )]);
    // `**Rusk** [^3]`: white space alone after markup; `[^5][^6]`: no
    // space between markers. `Tommy [^4]` and `[^7] [^8]` are as FRUS
    // writes them.
    let spaced: Vec<&String> = found
        .iter()
        .filter(|d| d.2 == Code::FootnoteSpace)
        .map(|d| &d.3)
        .collect();
    assert_eq!(spaced.len(), 2, "{found:?}");
    assert!(
        spaced[0].contains("[^3]") && spaced[0].contains("white space before"),
        "{spaced:?}"
    );
    assert!(
        spaced[1].contains("[^6]") && spaced[1].contains("right after another"),
        "{spaced:?}"
    );
}

#[test]
fn punctuation_space() {
    let found = run(&[(
        "v/d1.emd",
        &doc(
            1,
            "He said no , and [Rusk]{@RD1} ; then RUSK . and 1965 . were fine; a . . . b, and a . . .  ; too.",
        ),
    )]);
    // `no ,` (a letter), ` ;` after a mention (the start of a run) and
    // `a . . .  ;` (an ellipsis taken out first); capitals, digits and the
    // ellipsis itself are not reported.
    let spaced: Vec<&String> = found
        .iter()
        .filter(|d| d.2 == Code::PunctuationSpace)
        .map(|d| &d.3)
        .collect();
    assert_eq!(spaced.len(), 3, "{found:?}");
    assert!(spaced[0].contains("`no ,`"), "{spaced:?}");
}

/// FRUS volumes of the 1950s number the source note 0, outside the count,
/// and may set a footnote marker on the dateline.
#[test]
fn a_source_note_numbered_0_and_a_marker_on_the_dateline() {
    let found = run(&[(
        "v/d1.emd",
        "# 1. Memorandum[^0]\nDateline: Washington, February 8, 1958.[^1]\n\nText.[^2]\n\n[^0]: Source: Eisenhower Library, Dulles Papers. Secret.\n[^1]: At the residence.\n[^2]: Not found.\n",
    )]);
    for code in [
        Code::SourceNotFirst,
        Code::FootnoteSequence,
        Code::FootnoteUnused,
    ] {
        assert!(codes(&found, code).is_empty(), "{code}: {found:?}");
    }
    // Numbered 2, the source note is still out of place.
    let found = run(&[(
        "v/d1.emd",
        "# 1. Memorandum[^2]\nDateline: Washington, February 8, 1958.\n\n[^2]: Source: Eisenhower Library, Dulles Papers. Secret.\n",
    )]);
    assert_eq!(codes(&found, Code::SourceNotFirst), [("d1.emd".into(), 4)]);
}

/// A finding of one code with its place, message and what its fix makes of
/// the file.
#[derive(Debug)]
struct Found {
    file: String,
    line: u32,
    column: u32,
    message: String,
    /// The file's text with the fix applied, where there is a fix.
    fixed: Option<String>,
}

/// The findings of one code on a volume built as [`run`] builds it; lines
/// and columns count from 1, columns in characters.
fn found(files: &[(&str, &str)], code: Code) -> Vec<Found> {
    let mut all: Vec<(PathBuf, String)> = files
        .iter()
        .map(|(p, t)| (PathBuf::from(p), t.to_string()))
        .collect();
    if !files.iter().any(|(p, _)| p.ends_with("volume.emd")) {
        all.push((
            PathBuf::from("v/volume.emd"),
            "# Test Volume\nVolume: frus1964-68v03\n".to_string(),
        ));
    }
    let texts = all.clone();
    let ws = Workspace::from_texts(all);
    rules::check(&ws, &Severities::default())
        .into_iter()
        .filter(|d| d.code == code)
        .map(|d| {
            let f = &ws.files[d.file];
            let text = texts
                .iter()
                .find(|(p, _)| **p == *f.path)
                .map(|(_, t)| t.clone())
                .unwrap_or_default();
            let at = f.lines.position(&text, d.span.start, ColumnUnit::Chars);
            let fixed = d.fix.as_ref().map(|fix| {
                let mut edits = fix.edits.clone();
                edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
                let mut t = text.clone();
                for e in edits {
                    t.replace_range(e.span, &e.new_text);
                }
                t
            });
            Found {
                file: f
                    .path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                line: at.line + 1,
                column: at.col + 1,
                message: d.message,
                fixed,
            }
        })
        .collect()
}

/// The texts a code's fixes make of their files, one per finding that has
/// a fix, in the order of the findings.
fn fixed(files: &[(&str, &str)], code: Code) -> Vec<String> {
    found(files, code)
        .into_iter()
        .filter_map(|f| f.fixed)
        .collect()
}

#[test]
fn register_name_comma() {
    let persons = "# Persons\n\n[@RD1]: **Rusk, Dean,** Secretary of State\n[@BMG1]: **Bundy, McGeorge**, Special Assistant\n[@HWA1]: **Harriman, W. Averell, ** Ambassador\n[@XT1]: **Xuan *Thuy,*[Page 7]**, Foreign Minister\n[@YE1]: **Ye[^1]** Minister\n[@ZH1]: **Zhou[^2]** Premier\n\n[^1]: Also written Ye,\n[^2]: Also written Chou.\n";
    let terms =
        "# Terms\n\n[=SEATO]: **Southeast Asia Treaty Organization,** a pact\n[=VC]: Viet Cong,\n";
    let files = [("v/persons.emd", persons), ("v/terms.emd", terms)];
    let found = run(&files);
    // A comma at the end of the bold, also inside emphasis before a page
    // break, and a
    // footnote in it whose text ends with one; not a comma already outside,
    // a name ending with a space, a note ending otherwise, or a term
    // entry without bold (the export writes its id as the term).
    assert_eq!(
        codes(&found, Code::RegisterNameComma),
        [
            ("persons.emd".into(), 3),
            ("persons.emd".into(), 6),
            ("persons.emd".into(), 10),
            ("terms.emd".into(), 3),
        ]
    );
    assert!(
        message(&found, Code::RegisterNameComma).contains("`**Rusk, Dean,**`"),
        "{found:?}"
    );
    let fixes = fixed(&files, Code::RegisterNameComma);
    assert_eq!(fixes.len(), 3, "the footnote's comma has no fix here");
    assert!(fixes[0].contains("[@RD1]: **Rusk, Dean**, Secretary of State\n"));
    // The comma after the bold is there already: the one inside goes.
    assert!(fixes[1].contains("[@XT1]: **Xuan *Thuy*[Page 7]**, Foreign Minister\n"));
    assert!(fixes[2].contains("[=SEATO]: **Southeast Asia Treaty Organization**, a pact\n"));
}

#[test]
fn register_division() {
    let rusk = "[@RD1]: **Rusk, Dean**, Secretary of State\n";
    // The export names a division after its `Id:` line or its file:
    // `03-persons.emd` is `persons`, and so is `Id: persons`.
    for (path, text) in [
        ("v/03-persons.emd", format!("# Persons\n\n{rusk}")),
        ("v/people.emd", format!("# People\nId: persons\n\n{rusk}")),
    ] {
        let found = run(&[
            (path, &text),
            ("v/terms.emd", "# Terms\n\n[=VC]: Viet Cong\n"),
        ]);
        assert!(
            codes(&found, Code::RegisterDivision).is_empty(),
            "{path}: {found:?}"
        );
    }
    // Named `people`, from the file and from an `Id:` line: the one division
    // that holds the persons gets `Id: persons`.
    let files = [("v/people.emd", format!("# People\n\n{rusk}"))];
    let found = run(&[(files[0].0, &files[0].1)]);
    assert_eq!(
        codes(&found, Code::RegisterDivision),
        [("people.emd".into(), 3)]
    );
    let m = message(&found, Code::RegisterDivision);
    assert!(m.contains("`people`") && m.contains("`persons`"), "{m}");
    assert_eq!(
        fixed(&[(files[0].0, &files[0].1)], Code::RegisterDivision),
        [format!("# People\nId: persons\n\n{rusk}")]
    );
    let text = format!("# People\r\nId: people\r\n\r\n{rusk}");
    assert_eq!(
        fixed(&[("v/people.emd", &text)], Code::RegisterDivision),
        [format!("# People\r\nId: persons\r\n\r\n{rusk}")]
    );
    let text = format!("# People\r\n\r\n{rusk}");
    assert_eq!(
        fixed(&[("v/people.emd", &text)], Code::RegisterDivision),
        [format!("# People\r\nId: persons\r\n\r\n{rusk}")]
    );

    // Entries outside the persons division: in a document, under a
    // sub-heading, in a second division of the file (`persons-2`). Where
    // the persons division exists, the message names it, and there is no
    // fix.
    let persons = format!(
        "# Persons\n\n{rusk}\n## B\n\n[@BMG1]: **Bundy, McGeorge**, Special Assistant\n\n# More persons\n\n[@HWA1]: **Harriman, W. Averell**, Ambassador\n"
    );
    let d1 = doc(
        1,
        "Text.\n\n[@TLEJ1]: **Thompson, Llewellyn E.**, Ambassador",
    );
    let files = [
        ("v/persons.emd", persons.as_str()),
        ("v/d1.emd", d1.as_str()),
    ];
    let found = run(&files);
    assert_eq!(
        codes(&found, Code::RegisterDivision),
        [
            ("d1.emd".into(), 6),
            ("persons.emd".into(), 3),
            ("persons.emd".into(), 7),
            ("persons.emd".into(), 11),
        ]
    );
    let messages = messages_of(&found, Code::RegisterDivision);
    assert!(messages[0].contains("Document 1"), "{messages:?}");
    // Two divisions in persons.emd: the export names them `persons-1` and
    // `persons-2`, so neither is `persons`.
    assert!(messages[1].contains("`persons-1`"), "{messages:?}");
    assert!(messages[2].contains("sub-heading `B`"), "{messages:?}");
    assert!(fixed(&files, Code::RegisterDivision).is_empty());

    // A division with term entries is checked for `terms` only, as in FRUS's
    // Schematron: persons beside terms in `terms` pass, a term in
    // `persons` does not.
    let found = run(&[
        (
            "v/terms.emd",
            "# Terms\n\n[=VC]: Viet Cong\n\n[@RD1]: **Rusk, Dean**, Secretary of State\n",
        ),
        (
            "v/persons.emd",
            "# Persons\n\n[@BMG1]: **Bundy, McGeorge**, Special Assistant\n[=NLF]: National Liberation Front\n",
        ),
    ]);
    assert_eq!(
        codes(&found, Code::RegisterDivision),
        [("persons.emd".into(), 4)]
    );
    assert!(message(&found, Code::RegisterDivision).contains("term entry"));

    // Entries before the first heading and in volume.emd are not exported.
    let found = run(&[
        (
            "v/volume.emd",
            &format!("# Test Volume\nVolume: frus1964-68v03\n\n{rusk}"),
        ),
        (
            "v/notes.emd",
            "[@BMG1]: **Bundy, McGeorge**, Special Assistant\n",
        ),
    ]);
    assert!(
        codes(&found, Code::RegisterDivision).is_empty(),
        "{found:?}"
    );
}

#[test]
fn chapters_without_documents_and_documents_beside_chapters() {
    let d = |n: u32| doc(n, "Text.");
    let (d1, d2, d3, d4, d5, d6, d7) = (d(1), d(2), d(3), d(4), d(5), d(6), d(7));
    let found = run(&[
        ("v/d0001.emd", &d1),
        ("v/d0002.emd", &d2),
        ("v/ch1/chapter.emd", "# June 1965\nId: ch1\n"),
        ("v/ch1/d0003.emd", &d3),
        ("v/ch1/d0004.emd", &d4),
        ("v/d0005.emd", &d5),
        ("v/ch2/chapter.emd", "# July 1965\n"),
        ("v/ch2/d0006.emd", &d6),
        ("v/ch2/notes.emd", "# Notes on July\n\nText.\n"),
        ("v/ch3/chapter.emd", "# August 1965\n"),
        ("v/ch4/d0007.emd", &d7),
    ]);
    // The export writes 1 and 2 before the compilation, then ch1, 5, ch2,
    // ch4 (headless), and the chapters without documents last: the second
    // division of ch2 and ch3.
    assert_eq!(
        codes(&found, Code::ChapterNoDocument),
        [("notes.emd".into(), 1), ("chapter.emd".into(), 1)]
    );
    let messages = messages_of(&found, Code::ChapterNoDocument);
    assert!(
        messages[0].contains("second division in chapter folder `ch2`"),
        "{messages:?}"
    );
    assert!(
        messages[1].contains("“August 1965” (folder `ch3`)"),
        "{messages:?}"
    );
    // 2 is the last document before the compilation; 5 stands between ch1
    // and ch2. 1 has a document on either side.
    assert_eq!(
        codes(&found, Code::DocumentOutsideChapter),
        [("d0002.emd".into(), 1), ("d0005.emd".into(), 1)]
    );
    let messages = messages_of(&found, Code::DocumentOutsideChapter);
    assert!(
        messages[0].contains("before the compilation") && messages[0].contains("“June 1965”"),
        "{messages:?}"
    );
    assert!(
        messages[1].contains("beside chapter “June 1965”"),
        "{messages:?}"
    );
    // ch4 has documents but no chapter.emd: its chapter has no head.
    assert_eq!(codes(&found, Code::HeadingEmpty), [("d0007.emd".into(), 1)]);
    assert!(message(&found, Code::HeadingEmpty).contains("`ch4/chapter.emd`"));

    // Without chapters, or with every document in one, nothing is beside
    // a chapter; a chapter written in one file holds its documents.
    let one_file = format!("# Part One\n\n{}\n{}", d(1), d(2));
    for files in [
        vec![("v/d0001.emd", d1.clone()), ("v/d0002.emd", d2.clone())],
        vec![
            ("v/ch1/chapter.emd", "# June 1965\n".to_string()),
            ("v/ch1/d0001.emd", d1.clone()),
        ],
        vec![("v/part1.emd", one_file)],
    ] {
        let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
        let found = run(&files);
        for code in [
            Code::ChapterNoDocument,
            Code::DocumentOutsideChapter,
            Code::HeadingEmpty,
        ] {
            assert!(codes(&found, code).is_empty(), "{code}: {found:?}");
        }
    }
}

#[test]
fn document_number_suffix() {
    let (d1, d2, d3) = (doc(1, "Text."), doc(2, "Text."), doc(3, "Text."));
    let d2a = doc(2, "Text.").replacen("# 2.", "# 2a.", 1);
    let found = run(&[
        ("v/d1.emd", &d1),
        ("v/d2.emd", &d2),
        ("v/d2a.emd", &d2a),
        ("v/d3.emd", &d3),
    ]);
    assert_eq!(
        codes(&found, Code::DocumentNumberSuffix),
        [("d2a.emd".into(), 1)]
    );
    assert!(message(&found, Code::DocumentNumberSuffix).contains("`2a`"));
    assert!(codes(&found, Code::DocumentGap).is_empty(), "{found:?}");
}

#[test]
fn attachment_editorial_note() {
    let body = "Text.\n\n## Editorial Note\n\nA note.\n\n##  editor’s   note\n\nMore.\n\n## Editor's Note\n\nMore.\n\n## Editorial Note on the Talks\n\nNot one.";
    let found = run(&[
        ("v/d1.emd", &doc(1, body)),
        (
            "v/d2.emd",
            "# 2. Editorial Note\n\nAn editorial note is a document.[^1]\n\n[^1]: Source: Johnson Library.\n",
        ),
        (
            "v/front.emd",
            "# Introduction\n\n## Editorial Note\n\nIn a division: no attachment.\n",
        ),
    ]);
    // The titles exactly, in any case, white space folded; not a longer
    // title, a document titled so, or a sub-heading of a division.
    assert_eq!(
        codes(&found, Code::AttachmentEditorialNote),
        [
            ("d1.emd".into(), 6),
            ("d1.emd".into(), 10),
            ("d1.emd".into(), 14),
        ]
    );
    assert!(message(&found, Code::AttachmentEditorialNote).contains("Document 1"));
}

#[test]
fn heading_empty() {
    let body = "Text.\n\n## \n\nAn attachment without a head.\n\n## [^2]\n\nA head that is a note.\n\n## [Page 5]\n\nA head that is a page break.\n\n[^2]: Tab A.";
    let found = run(&[
        ("v/d1.emd", &doc(1, body)),
        ("v/front.emd", "# Introduction\n\nText.\n\n## \n\nMore.\n"),
        ("v/back/index.emd", "# \n\nText.\n"),
        (
            "v/loose.emd",
            "## \n\nBefore every heading: not exported.\n",
        ),
    ]);
    // A note gives the head its text; a page break does not.
    assert_eq!(
        codes(&found, Code::HeadingEmpty),
        [
            ("index.emd".into(), 1),
            ("d1.emd".into(), 6),
            ("d1.emd".into(), 14),
            ("front.emd".into(), 5),
        ]
    );
    let messages = messages_of(&found, Code::HeadingEmpty);
    assert!(messages[0].contains("division heading"), "{messages:?}");
    assert!(messages[1].contains("attachment"), "{messages:?}");
    assert!(messages[3].contains("part of the division"), "{messages:?}");
}

#[test]
fn id_duplicate() {
    let with_id = |n: u32, id: &str| doc(n, "Text.").replacen("\n", &format!("\nId: {id}\n"), 1);
    let (d1, d2) = (with_id(1, "dx"), with_id(2, "dx"));
    let (d3, d3b, d4, d5) = (
        doc(3, "[Page 5] Text. [Page 6]"),
        doc(3, "Again [Page 5]."),
        doc(4, "Text [Page 9999999999999] and [Page 9999999999999]."),
        doc(5, "Text.[^2]\n\n[^2]: One.\n[^2]: Two."),
    );
    let found = run(&[
        ("v/01-sources.emd", "# Sources\n\nText.\n"),
        ("v/04-sources.emd", "# More Sources\n\nText.\n"),
        ("v/d1.emd", &d1),
        ("v/d2.emd", &d2),
        ("v/d3.emd", &d3),
        ("v/d3b.emd", &d3b),
        ("v/d4.emd", &d4),
        ("v/d5.emd", &d5),
        (
            "v/notes.emd",
            "# Notes on Document 5\nId: d5\n\nText.[^1]\n\n[^1]: A note.\n",
        ),
        (
            "v/terms.emd",
            "# Terms\n\n[=SEATO]: a pact\n[=SEATO1]: the same pact\n[=VC]: Viet Cong\n[=VC]: Viet Cong again\n",
        ),
        (
            "v/persons.emd",
            "# Persons\n\n[@RD1]: **Rusk, Dean**, Secretary\n[@RD1]: **Rusk, Dean**, again\n",
        ),
    ]);
    // Two `Id:` lines with one value, two files named `sources`, a division
    // `Id: d5` beside Document 5 (once: not its notes), SEATO and SEATO1
    // (both `t_SEATO1`), and two unreadable page numbers, which page-order
    // does not judge. Two documents 3, person RD1 and term VC twice, page 5
    // twice and footnote 2 twice are their own codes' findings.
    assert_eq!(
        codes(&found, Code::IdDuplicate),
        [
            ("04-sources.emd".into(), 1),
            ("d2.emd".into(), 1),
            ("d4.emd".into(), 4),
            ("notes.emd".into(), 1),
            ("terms.emd".into(), 4),
        ]
    );
    let messages = messages_of(&found, Code::IdDuplicate);
    assert!(
        messages[0].contains("`sources`") && messages[0].contains("01-sources.emd:1"),
        "{messages:?}"
    );
    assert!(messages[1].contains("`dx`"), "{messages:?}");
    assert!(
        messages[3].contains("`d5`") && messages[3].contains("Document 5 (d5.emd:1)"),
        "{messages:?}"
    );
    assert!(messages[4].contains("`t_SEATO1`"), "{messages:?}");
    for code in [
        Code::DocumentDuplicate,
        Code::PersonDuplicate,
        Code::TermDuplicate,
        Code::FootnoteDuplicate,
    ] {
        assert_eq!(codes(&found, code).len(), 1, "{code}: {found:?}");
    }
    assert!(
        found
            .iter()
            .any(|d| d.2 == Code::PageOrder && d.3.contains("page 5")),
        "{found:?}"
    );

    // The compilation is `comp1` when the volume has chapters.
    let d1 = doc(1, "Text.");
    let files = [
        ("v/comp1.emd", "# Compilation notes\n\nText.\n"),
        ("v/ch1/chapter.emd", "# June 1965\n"),
        ("v/ch1/d0001.emd", d1.as_str()),
    ];
    let found = run(&files);
    assert_eq!(codes(&found, Code::IdDuplicate), [("comp1.emd".into(), 1)]);
    assert!(message(&found, Code::IdDuplicate).contains("compilation"));
    let found = run(&[files[0], ("v/d0001.emd", d1.as_str())]);
    assert!(codes(&found, Code::IdDuplicate).is_empty(), "{found:?}");
}

/// A chapter folder headed `Id: comp1` is the compilation itself (FRUS's
/// titled compilations, as the import writes them): no second `comp1`, no
/// empty chapter; its documents are in the compilation, beside its chapters.
#[test]
fn a_titled_compilation() {
    let (d1, d2, d3) = (doc(1, "Text."), doc(2, "Text."), doc(3, "Text."));
    let head = "# Guatemala, 1952–1954\nId: comp1\n";
    let found = run(&[
        ("v/comp1/chapter.emd", head),
        ("v/comp1/d0001.emd", &d1),
        ("v/comp1/d0002.emd", &d2),
        ("v/ch1/chapter.emd", "# June 1954\n"),
        ("v/ch1/d0003.emd", &d3),
    ]);
    for code in [
        Code::IdDuplicate,
        Code::ChapterNoDocument,
        Code::HeadingEmpty,
    ] {
        assert!(codes(&found, code).is_empty(), "{code}: {found:?}");
    }
    // 2 is the compilation's last document before chapter ch1.
    assert_eq!(
        codes(&found, Code::DocumentOutsideChapter),
        [("d0002.emd".into(), 1)]
    );
    assert!(
        message(&found, Code::DocumentOutsideChapter).contains("compilation's folder `comp1`"),
        "{found:?}"
    );
    // Without documents anywhere, the compilation holds none, and the
    // document before it stands beside it.
    let found = run(&[("v/comp1/chapter.emd", head), ("v/d0001.emd", &d1)]);
    assert_eq!(
        codes(&found, Code::DocumentOutsideChapter),
        [("d0001.emd".into(), 1)]
    );
    assert!(
        message(&found, Code::DocumentOutsideChapter)
            .contains("right before the compilation “Guatemala, 1952–1954” (folder `comp1`)"),
        "{found:?}"
    );
    assert_eq!(
        codes(&found, Code::ChapterNoDocument),
        [("chapter.emd".into(), 1)]
    );
    assert!(message(&found, Code::ChapterNoDocument).contains("the compilation “Guatemala"));
}

fn places(found: &[Found]) -> Vec<(u32, u32)> {
    found.iter().map(|f| (f.line, f.column)).collect()
}

const PERSONS: &str = "# Persons\n\n[@RD1]: **Rusk, Dean**, Secretary of State\n[@BGW1]: **Ball, George W.**, Under Secretary of State\n[@HWA1]: **Harriman, W. Averell**, Ambassador at Large\n";

#[test]
fn signed_name_a_signature_without_a_person() {
    let d1 = "# 1. Memorandum[^1]\nDateline: Washington, December 28, 1965.\n\nI said I wasn't going to Iran.\n\n**W.A.H.**\n\n[Page 730]\n\n[^1]: Source: Library of Congress, Harriman Papers. Secret.\n";
    let d2 = "# 2. Telegram[^1]\nDateline: Washington, December 29, 1965.\n\nText.\n\n**Dean Rusk**\n\n[^1]: Source: Department of State, Central Files. Secret.\n";
    let files = [
        ("v/d1.emd", d1),
        ("v/d2.emd", d2),
        ("v/persons.emd", PERSONS),
    ];
    let f = found(&files, Code::SignedName);
    // Footnotes and a page break after the signature leave it the last block.
    assert_eq!(places(&f), [(6, 1), (6, 1)], "{f:#?}");
    assert_eq!(f[0].file, "d1.emd");
    assert!(
        f[0].message.contains("`W.A.H.` names no person") && f[0].message.contains("{@ID}"),
        "{}",
        f[0].message
    );
    assert!(f[0].fixed.is_none(), "no entry is named W.A.H.");
    // `Dean Rusk` is the register's `Rusk, Dean` given name first.
    assert!(f[1].message.contains("mention of RD1"), "{}", f[1].message);
    let fixed = f[1].fixed.as_deref().expect("a fix");
    assert!(fixed.contains("\n\n**[Dean Rusk]{@RD1}**\n\n"), "{fixed}");
}

#[test]
fn signed_name_what_stands_beside_the_name() {
    let doc = |n: u32, signature: &str| {
        format!(
            "# {n}. Telegram[^1]\nDateline: Washington, December {n}, 1965.\n\nText.\n\n{signature}\n\n[^1]: Source: Department of State, Central Files. Secret.\n"
        )
    };
    let cases = [
        // Text after the name that is not punctuation (S7).
        doc(1, "**[Rusk]{@RD1}, Secretary**"),
        // Words before the name (S8).
        doc(2, "**Dean [Rusk]{@RD1}**"),
        // Italics after the name (S9): the punctuation before them passes S7.
        doc(3, "**[Rusk]{@RD1}, *Secretary of State*.**"),
        // A second name (S10), after punctuation.
        doc(4, "**[Rusk]{@RD1}, [Ball]{@BGW1}**"),
    ];
    let mut files: Vec<(String, String)> = cases
        .iter()
        .enumerate()
        .map(|(i, d)| (format!("v/d{}.emd", i + 1), d.clone()))
        .collect();
    files.push(("v/persons.emd".into(), PERSONS.into()));
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let f = found(&refs, Code::SignedName);
    let got: Vec<(&str, u32, u32)> = f
        .iter()
        .map(|x| (x.file.as_str(), x.line, x.column))
        .collect();
    assert_eq!(
        got,
        [
            ("d1.emd", 6, 15),
            ("d2.emd", 6, 3),
            ("d3.emd", 6, 17),
            ("d4.emd", 6, 17)
        ],
        "{f:#?}"
    );
    assert!(
        f[0].message.contains("`, Secretary` after the name RD1"),
        "{}",
        f[0].message
    );
    assert!(
        f[1].message.contains("`Dean` before the name RD1"),
        "{}",
        f[1].message
    );
    assert!(
        f[2].message.contains("italics `Secretary of State`")
            && f[2].message.contains("line of its own"),
        "{}",
        f[2].message
    );
    assert!(
        f[3].message.contains("a second name, BGW1"),
        "{}",
        f[3].message
    );
    assert!(f.iter().all(|x| x.fixed.is_none()));
}

#[test]
fn signed_name_near_misses() {
    let files = [
        (
            "v/d1.emd",
            // A name alone, with punctuation after it, or in editorial
            // brackets; a bold paragraph that is not the last block.
            "# 1. Telegram[^1]\nDateline: Washington, December 1, 1965.\n\n**Secret**\n\nText.\n\n**[Rusk]{@RD1}.**\n\n## Tab A\n\nText.\n\n**[[Rusk]{@RD1}]**\n\n[^1]: Source: Department of State, Central Files. Secret.\n",
        ),
        // A division has no closer.
        ("v/front.emd", "# Preface\n\nText.\n\n**The Editors**\n"),
        ("v/persons.emd", PERSONS),
    ];
    let f = found(&files, Code::SignedName);
    assert!(f.is_empty(), "{f:#?}");
    // A mention in a footnote of the signature is not the signer's name.
    let d3 = "# 3. Telegram[^1]\nDateline: Washington, December 3, 1965.\n\nText.\n\n**W.A.H.[^2]**\n\n[^1]: Source: Department of State, Central Files. Secret.\n[^2]: [Harriman]{@HWA1}.\n";
    let f = found(
        &[("v/d3.emd", d3), ("v/persons.emd", PERSONS)],
        Code::SignedName,
    );
    assert_eq!(places(&f), [(6, 1)], "{f:#?}");
    // A bold paragraph with markers after it is a signature with its notes
    // (FRUS's `<signed><hi>…</hi><note>Printed from a copy that bears this
    // typed signature.</note></signed>`): its name is looked for too.
    let d2 = "# 2. Telegram[^1]\nDateline: Washington, December 2, 1965.\n\nText.\n\n**W.A.H.**[^2]\n\n[^1]: Source: Department of State, Central Files. Secret.\n[^2]: Printed from a copy that bears this typed signature.\n";
    let f = found(
        &[("v/d2.emd", d2), ("v/persons.emd", PERSONS)],
        Code::SignedName,
    );
    assert_eq!(places(&f), [(6, 1)], "{f:#?}");
    assert!(f[0].message.contains("names no person"), "{f:#?}");
}

#[test]
fn date_format_of_when_lines() {
    let doc = |n: u32, when: &str| {
        format!(
            "# {n}. Telegram[^1]\nDateline: Saigon, December {n}, 1965, 6 p.m.\nWhen: {when}\n\nText.\n\n[^1]: Source: Department of State, Central Files. Secret.\n"
        )
    };
    let d1 = doc(1, "1965-12-32");
    let d2 = doc(2, "1965-12-02T18:00:00Z");
    let d3 = doc(3, "1965-12-03T18:00:00EST");
    // Valid: a dateTime with its offset, a month, a year.
    let d4 = doc(4, "1965-12-04T17:00:00-05:00");
    let d5 = doc(5, "1965-12");
    // A span: both ends valid, then one end not.
    let d7 = doc(7, "1965-12-07T11:00:00-05:00/1965-12-07T13:30:00-05:00");
    let d8 = doc(8, "1965-12-08T11:00:00-05:00/1965-12-32");
    // Not checked: an attachment's When: line, and one without a dateline.
    let d6 = "# 6. Telegram[^1]\nWhen: 1965-13\n\nText.\n\n## Tab A\nDateline: Saigon, December 6, 1965.\nWhen: 1965-12-06Z1\n\nText.\n\n[^1]: Source: Department of State, Central Files. Secret.\n";
    let files = [
        ("v/d1.emd", d1.as_str()),
        ("v/d2.emd", d2.as_str()),
        ("v/d3.emd", d3.as_str()),
        ("v/d4.emd", d4.as_str()),
        ("v/d5.emd", d5.as_str()),
        ("v/d6.emd", d6),
        ("v/d7.emd", d7.as_str()),
        ("v/d8.emd", d8.as_str()),
    ];
    let f = found(&files, Code::DateFormat);
    let got: Vec<(&str, u32, u32)> = f
        .iter()
        .map(|x| (x.file.as_str(), x.line, x.column))
        .collect();
    assert_eq!(
        got,
        [
            ("d1.emd", 3, 7),
            ("d2.emd", 3, 7),
            ("d3.emd", 3, 7),
            ("d8.emd", 3, 7)
        ],
        "{f:#?}"
    );
    assert!(
        f[0].message
            .contains("`When: 1965-12-32` is not a date FRUS accepts")
            && f[0].fixed.is_none(),
        "{f:#?}"
    );
    assert!(
        f[1].message.contains("military time zone `Z`"),
        "{}",
        f[1].message
    );
    let fixed = f[1].fixed.as_deref().expect("a fix");
    assert!(
        fixed.contains("\nWhen: 1965-12-02T18:00:00+00:00\n"),
        "{fixed}"
    );
    assert!(
        f[2].message.contains("not a letter") && f[2].fixed.is_none(),
        "{f:#?}"
    );
}

#[test]
fn dateline_undated() {
    let doc = |n: u32, heading_lines: &str| {
        format!(
            "# {n}. Memorandum[^1]\n{heading_lines}\n\nText.\n\n[^1]: Source: Department of State, Central Files. Secret.\n"
        )
    };
    let d1 = doc(1, "Dateline: Washington, undated.");
    let d2 = "# 2. Letter[^1]\nDateline: Washington, December 2, 1965.\n\nText.\n\n## Enclosure\nDateline: Saigon, not dated.\n\nText.\n\n[^1]: Source: Department of State, Central Files. Secret.\n";
    // A When: line, or a date in the dateline, is the date FRUS asks for.
    let d3 = doc(3, "Dateline: Washington, undated.\nWhen: 1965-12");
    let d4 = doc(4, "Dateline: Washington, undated, December 1965.");
    let d5 = doc(5, "Dateline: [*place not declassified*], December 5, 1965.");
    let files = [
        ("v/d1.emd", d1.as_str()),
        ("v/d2.emd", d2),
        ("v/d3.emd", d3.as_str()),
        ("v/d4.emd", d4.as_str()),
        ("v/d5.emd", d5.as_str()),
    ];
    let f = found(&files, Code::DatelineUndated);
    let got: Vec<(&str, u32, u32)> = f
        .iter()
        .map(|x| (x.file.as_str(), x.line, x.column))
        .collect();
    assert_eq!(got, [("d1.emd", 2, 11), ("d2.emd", 7, 11)], "{f:#?}");
    assert!(
        f[0].message
            .contains("document dateline `Washington, undated.`")
            && f[0].message.contains("add a `When:` line"),
        "{}",
        f[0].message
    );
    assert!(
        f[1].message.contains("attachment dateline"),
        "{}",
        f[1].message
    );
    // The two dateline codes never report one dateline.
    assert!(found(&files, Code::DatelineNoDate).is_empty());
}

#[test]
fn page_break_position() {
    let body = concat!(
        "[Page 5] The Secretary said he would go.\n\n",
        "He read *the text [Page 6]* aloud.\n\n",
        "- [Page 7] First point.\n- Second point.\n- [Page 8] Third point.\n\n",
        "Words [Page 9] between, [[Page 10] text in brackets], and [Page 11]\n\n",
        "[Page 13]\n\n",
        "Text.[^2]\n\n",
        "[^2]: [Page 12] Not printed."
    );
    let d1 = doc(1, body);
    let f = found(&[("v/d1.emd", d1.as_str())], Code::PageBreakPosition);
    assert_eq!(
        places(&f),
        [(4, 1), (6, 19), (8, 3), (12, 59), (18, 7)],
        "{f:#?}"
    );
    assert!(
        f[0].message
            .contains("[Page 5] starts its paragraph with nothing before it"),
        "{}",
        f[0].message
    );
    let fixed = |i: usize| f[i].fixed.clone().unwrap_or_default();
    assert!(
        fixed(0).contains("\n\n[Page 5]\n\nThe Secretary said"),
        "{}",
        fixed(0)
    );
    assert!(
        f[1].message.contains("[Page 6] ends its italics"),
        "{}",
        f[1].message
    );
    assert!(
        fixed(1).contains("He read *the text* [Page 6] aloud."),
        "{}",
        fixed(1)
    );
    // The first item's break goes before the list; the third item's stands
    // between items already and is not reported.
    assert!(
        fixed(2).contains("\n\n[Page 7]\n\n- First point.\n"),
        "{}",
        fixed(2)
    );
    // The end of a paragraph: after it, as a paragraph of its own.
    assert!(
        f[3].message.contains("[Page 11] ends its paragraph"),
        "{}",
        f[3].message
    );
    // A paragraph that is only a break is where FRUS sets a break.
    assert!(
        fixed(3).contains("text in brackets], and\n\n[Page 11]\n\n[Page 13]\n\nText."),
        "{}",
        fixed(3)
    );
    // A footnote's break has nowhere to go.
    assert!(
        f[4].message.contains("[Page 12] starts its footnote") && f[4].fixed.is_none(),
        "{:?}",
        f[4]
    );
}

#[test]
fn quote_orientation_at_the_ends_of_blocks() {
    let body = concat!(
        "He said “Yes.“\n\n",
        "’Tis true, he said.\n\n",
        "In the ’70s, “fine.”\n\n",
        "”\n\n",
        "’70s music was loud.\n\n",
        "He wrote to me.[^2]\n\n",
        "Text[^3] goes on.\n\n",
        "[^2]: The letter begins “\n",
        "[^3]: A note ends “"
    );
    let d1 = doc(1, body);
    let f = found(&[("v/d1.emd", d1.as_str())], Code::QuoteOrientation);
    // `“` ends a paragraph; `’` begins one before a letter; a paragraph
    // that ends with a marker ends with its footnote's text, reported where
    // the mark is. `’70s` (inside a paragraph or beginning one), a
    // paragraph of one `”` and a note that ends mid-paragraph are right.
    assert_eq!(places(&f), [(4, 14), (6, 1), (18, 25)], "{f:#?}");
    assert!(
        f[0].message
            .contains("opening quotation mark `“` ends the text of this paragraph")
            && f[0].message.contains("`”`"),
        "{}",
        f[0].message
    );
    assert!(f[0]
        .fixed
        .as_deref()
        .is_some_and(|t| t.contains("He said “Yes.”\n")));
    assert!(
        f[1].message.contains("begins the text of this paragraph"),
        "{}",
        f[1].message
    );
    assert!(f[1]
        .fixed
        .as_deref()
        .is_some_and(|t| t.contains("\n‘Tis true")));
    // A heading ending in a mark, and a register entry beginning with one;
    // a document's head begins with its number.
    let f = found(
        &[
            ("v/front.emd", "# The “Pause“\n\nText.\n"),
            ("v/d2.emd", "# 2. ’Tis a Memorandum[^1]\nDateline: Washington, May 2, 1965.\n\nText.\n\n[^1]: Source: Johnson Library. Secret.\n"),
            ("v/persons.emd", "# Persons\n\n[@X1]: **’Abd al-Nasser, Gamal**, President\n[@X2]: **O’Brien**, an official\n"),
        ],
        Code::QuoteOrientation,
    );
    let got: Vec<(&str, u32, u32)> = f
        .iter()
        .map(|x| (x.file.as_str(), x.line, x.column))
        .collect();
    assert_eq!(
        got,
        [
            ("d2.emd", 1, 5),
            ("front.emd", 1, 13),
            ("persons.emd", 3, 10)
        ],
        "{f:#?}"
    );
    // In `2. ’Tis` the mark follows a space inside the head's text: that is
    // the closing mark after a space, not one that begins the block.
    assert!(f[0].message.contains("after a space"), "{}", f[0].message);
}

#[test]
fn mention_empty() {
    let d1 = doc(
        1,
        "[ ]{@RD1} met [[Page 4]]{=VC} and [Rusk]{@RD1} and [[^2]]{@RD1}.\n\n[^2]: Dean Rusk.",
    );
    let files = [
        ("v/d1.emd", d1.as_str()),
        ("v/persons.emd", PERSONS),
        ("v/terms.emd", "# Terms\n\n[=VC]: Viet Cong\n"),
    ];
    let f = found(&files, Code::MentionEmpty);
    assert_eq!(places(&f), [(4, 1), (4, 15)], "{f:#?}");
    assert!(
        f[0].message.contains("person mention of RD1 has no text"),
        "{}",
        f[0].message
    );
    assert!(
        f[1].message.contains("term mention of VC"),
        "{}",
        f[1].message
    );
    // The break in the empty term mention is alone on both sides of it.
    assert_eq!(
        places(&found(&files, Code::PageBreakPosition)),
        [(4, 16), (4, 16)]
    );
}

#[test]
fn footnote_numbers_may_run_on_from_the_documents_before() {
    // As volumes before the 1950s number them: on through a chapter.
    let doc_with = |n: u32, notes: &[u32]| {
        let refs: String = notes.iter().map(|m| format!(" Text.[^{m}]")).collect();
        let defs: String = notes
            .iter()
            .map(|m| format!("[^{m}]: Note {m}.\n"))
            .collect();
        format!("# {n}. Telegram\nSource: File No. 861.51/{n}\nDateline: Santiago, January {n}, 1942.\n\n{refs}\n\n{defs}")
    };
    let found = run(&[
        (
            "v/ch1/chapter.emd",
            "# Chile\n\nIntroduction.[^1]\n\n[^1]: See also pp. 1 ff.\n",
        ),
        ("v/ch1/d0001.emd", &doc_with(1, &[2, 3])),
        ("v/ch1/d0002.emd", &doc_with(2, &[])),
        ("v/ch1/d0003.emd", &doc_with(3, &[4, 5])),
        // Starts over: that is the modern numbering, also right.
        ("v/ch1/d0004.emd", &doc_with(4, &[1, 2])),
        // Neither 1 nor one more than 2.
        ("v/ch1/d0005.emd", &doc_with(5, &[7])),
    ]);
    assert_eq!(
        codes(&found, Code::FootnoteSequence),
        [("d0005.emd".into(), 5)],
        "{found:?}"
    );
    // A `Source:` line is the document's source note, printed inline.
    assert!(
        codes(&found, Code::DocumentNoSource).is_empty(),
        "{found:?}"
    );
}

#[test]
fn a_reference_to_a_page_the_volume_does_not_have() {
    let found = run(&[(
        "v/d1.emd",
        "# 1. Telegram\n\nSee [pp. 47](#pg_47) ff. and [p. 5](#pg_5), [p. XII](#pg_XII).\n\nText [Page 5] and [Page XII].\n",
    )]);
    assert_eq!(codes(&found, Code::RefUnknownPage), [("d1.emd".into(), 3)]);
    assert_eq!(
        message(&found, Code::RefUnknownPage),
        "page 47 is not in volume frus1964-68v03"
    );
    assert!(
        codes(&found, Code::RefUnknownDocument).is_empty(),
        "{found:?}"
    );
}

#[test]
fn a_dateline_in_the_closer_dates_a_document_without_one_under_its_heading() {
    let found = run(&[
        ("v/d1.emd", &doc(10, "Text.")),
        (
            "v/d2.emd",
            "# 11. Despatch[^1]\n\nText.\n\n{.dateline} Paris, March 3, 1965.\n\n**E. B. W.**\n\n[^1]: Source: X Library. Secret.\n",
        ),
        (
            "v/d3.emd",
            "# 12. Despatch[^1]\n\nText.\n\n**E. B. W.**\n\n{.dateline} Paris, December 20, 1965.\n\n[^1]: Source: X Library. Secret.\n",
        ),
    ]);
    // Document 11 is dated at its end, earlier than Document 10; Document
    // 12's closing dateline keeps the order.
    assert_eq!(
        codes(&found, Code::DocumentChronology),
        [("d2.emd".into(), 5)],
        "{found:?}"
    );
}
