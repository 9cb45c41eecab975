//! Editor features on fixtures: files separated by `//- path` lines, the
//! cursor written `$0`. Each answer is rendered as text and compared with
//! the expected answer.

use emend::features::{self, completion, folding, hover, references, rename, semantic, symbols};
use emend::index::Workspace;
use emend::line_index::ColumnUnit;
use std::path::PathBuf;

struct Fixture {
    ws: Workspace,
    file: usize,
    offset: usize,
}

const VOLUME: &str = "//- v/volume.emd\n# Test Volume\nVolume: frus1964-68v03\n";

fn fixture(src: &str) -> Fixture {
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    let mut cursor: Option<(PathBuf, usize)> = None;
    for chunk in src.split("//- ").filter(|c| !c.trim().is_empty()) {
        let (path, text) = chunk.split_once('\n').expect("a path line");
        let path = PathBuf::from(path.trim());
        let text = match text.find("$0") {
            Some(at) => {
                cursor = Some((path.clone(), at));
                text.replacen("$0", "", 1)
            }
            None => text.to_string(),
        };
        files.push((path, text));
    }
    let ws = Workspace::from_texts(files);
    let (path, offset) = cursor.expect("a $0 cursor");
    let file = ws.file_by_path(&path).expect("cursor file");
    Fixture { ws, file, offset }
}

fn show(ws: &Workspace, file: usize, span: &std::ops::Range<usize>) -> String {
    let f = &ws.files[file];
    let p = f.lines.position(
        f.retained_text().expect("texts are kept"),
        span.start,
        ColumnUnit::Chars,
    );
    let text = f
        .retained_text()
        .unwrap_or_default()
        .get(span.clone())
        .unwrap_or("");
    format!(
        "{}:{}:{} {:?}",
        f.path.display(),
        p.line + 1,
        p.col + 1,
        emend::syntax::normalize_space(text)
    )
}

fn locations(fx: &Fixture, locs: &[features::Location]) -> Vec<String> {
    locs.iter().map(|l| show(&fx.ws, l.file, &l.span)).collect()
}

const D236: &str = "//- v/d236.emd
# 236. Memorandum From Bundy to President [Johnson]{@JLB1}[^1]
Dateline: Washington, December 19, 1965, 5 p.m.

Text.[^2] More text.[^3]

[^1]: Source: Johnson Library, National Security File, Memos to the President. Secret.
[^2]: Not printed.
[^3]: Reference is to Chauvel's visit to Hanoi.
";

const D261: &str = "//- v/d261.emd
# 261. Memorandum for Personal Files[^1]
Dateline: Washington, December 28, 1965.

He said “You and Tommy[^2] talk.” See footnote 3, Document 236, and [Harriman]{@HWA1}.

[^1]: Source: Library of Congress, Manuscript Division, Harriman Papers. No classification marking.
[^2]: [Llewellyn E. Thompson]{@TLEJ1}.
";

const PERSONS: &str = "//- v/persons.emd
# Persons

[@HWA1]: **Harriman, W. Averell**, Ambassador at Large
[@JLB1]: **Johnson, Lyndon B.**, President of the United States
[@TLEJ1]: **Thompson, Llewellyn E., Jr.**, Ambassador at Large
[@OC1]: **Okafor, Chinedu**, an invented person
";

const TERMS: &str = "//- v/terms.emd
# Terms

[=VC]: Viet Cong
[=NVN]: North Vietnam
";

fn volume_with(extra: &str) -> String {
    format!("{VOLUME}{D236}{D261}{PERSONS}{TERMS}{extra}")
}

fn with_cursor(base: &str, needle: &str) -> String {
    // Puts `$0` just after the first occurrence of `needle`.
    let at = base.find(needle).expect("needle") + needle.len();
    format!("{}$0{}", &base[..at], &base[at..])
}

#[test]
fn definition_of_a_footnote_marker() {
    let fx = fixture(&with_cursor(&volume_with(""), "Tommy[^"));
    let locs = features::definition::definition(&fx.ws, fx.file, fx.offset);
    assert_eq!(locations(&fx, &locs), [r#"v/d261.emd:7:3 "2""#]);
}

#[test]
fn definition_of_a_footnote_of_another_document() {
    let fx = fixture(&with_cursor(&volume_with(""), "See footnote"));
    let locs = features::definition::definition(&fx.ws, fx.file, fx.offset);
    assert_eq!(locations(&fx, &locs), [r#"v/d236.emd:8:3 "3""#]);
}

#[test]
fn definition_of_a_document_reference_is_its_heading_in_another_file() {
    let fx = fixture(&with_cursor(&volume_with(""), ", Document 23"));
    let locs = features::definition::definition(&fx.ws, fx.file, fx.offset);
    assert_eq!(
        locations(&fx, &locs),
        [r##"v/d236.emd:1:1 "# 236. Memorandum From Bundy to President [Johnson]{@JLB1}[^1]""##]
    );
}

#[test]
fn a_page_reference_goes_to_its_page_break_and_hovers_with_it() {
    let src = "//- v/volume.emd\n# Test Volume\nVolume: frus1942v06\n//- v/d1.emd\n# 1. Telegram\n\nSee [pp. 47](#pg_4$07) ff.\n//- v/d2.emd\n# 2. Telegram\n\nText [Page 47] more.\n";
    let fx = fixture(src);
    let locs = features::definition::definition(&fx.ws, fx.file, fx.offset);
    assert_eq!(locations(&fx, &locs), [r#"v/d2.emd:3:6 "[Page 47]""#]);
    let h = hover::hover(&fx.ws, fx.file, fx.offset).expect("a hover");
    assert_eq!(
        h.markdown,
        "**Page 47** of the printed volume, in Document 2."
    );
    let uses = references::references(&fx.ws, fx.file, fx.offset, false);
    assert_eq!(locations(&fx, &uses), [r##"v/d1.emd:3:14 "#pg_47""##]);
}

#[test]
fn definition_of_a_mention_is_the_register_entry() {
    let fx = fixture(&with_cursor(&volume_with(""), "[Llewellyn"));
    let locs = features::definition::definition(&fx.ws, fx.file, fx.offset);
    assert_eq!(locations(&fx, &locs), [r#"v/persons.emd:5:3 "TLEJ1""#]);
}

#[test]
fn definition_across_volumes() {
    let src = format!(
        "{}//- w/volume.emd\n# Other\nVolume: frus1964-68v02\n//- w/d35.emd\n# 35. Telegram[^1]\n\n[^1]: Source: X. Secret.\n//- v/d1.emd\n# 1. Note[^1]\n\nSee Foreign Relations, 1964–1968, vol. II, Vietnam, Document 3$05.\n\n[^1]: Source: X. Secret.\n",
        volume_with("")
    );
    let fx = fixture(&src);
    let locs = features::definition::definition(&fx.ws, fx.file, fx.offset);
    assert_eq!(
        locations(&fx, &locs),
        [r##"w/d35.emd:1:1 "# 35. Telegram[^1]""##]
    );
}

#[test]
fn references_of_a_footnote_include_prose_references_from_other_documents() {
    let fx = fixture(&with_cursor(&volume_with(""), "More text.[^"));
    let with = references::references(&fx.ws, fx.file, fx.offset, true);
    assert_eq!(
        locations(&fx, &with),
        [
            r#"v/d236.emd:4:21 "[^3]""#,
            r#"v/d236.emd:8:3 "3""#,
            r#"v/d261.emd:4:39 "footnote 3""#,
        ]
    );
    let without = references::references(&fx.ws, fx.file, fx.offset, false);
    assert_eq!(without.len(), 2);
}

#[test]
fn references_of_a_document() {
    let fx = fixture(&with_cursor(&volume_with("//- v/d262.emd\n# 262. Note[^1]\n\nSee Documents 236 and 261.\n\n[^1]: Source: X. Secret.\n"), "# 23"));
    let locs = references::references(&fx.ws, fx.file, fx.offset, false);
    assert_eq!(
        locations(&fx, &locs),
        [
            r#"v/d261.emd:4:51 "Document 236""#,
            r#"v/d262.emd:3:15 "236""#
        ]
    );
}

#[test]
fn references_of_a_person() {
    let fx = fixture(&with_cursor(&volume_with("//- v/d262.emd\n# 262. Note[^1]\n\n[Harriman]{@HWA1} and [Averell]{@HWA1}.\n\n[^1]: Source: X. Secret.\n"), "[@HW"));
    let locs = references::references(&fx.ws, fx.file, fx.offset, true);
    assert_eq!(
        locations(&fx, &locs),
        [
            r#"v/d261.emd:4:69 "[Harriman]{@HWA1}""#,
            r#"v/d262.emd:3:1 "[Harriman]{@HWA1}""#,
            r#"v/d262.emd:3:23 "[Averell]{@HWA1}""#,
            r#"v/persons.emd:3:3 "HWA1""#,
        ]
    );
}

#[test]
fn hover_on_a_person() {
    let fx = fixture(&with_cursor(&volume_with(""), "[Harri"));
    let h = hover::hover(&fx.ws, fx.file, fx.offset).expect("a hover");
    assert_eq!(
        h.markdown,
        "**Harriman, W. Averell**\n\nAmbassador at Large\n\nMentioned in 1 document."
    );
    assert_eq!(
        show(&fx.ws, fx.file, &h.span),
        r#"v/d261.emd:4:69 "[Harriman]{@HWA1}""#
    );
}

#[test]
fn hover_on_a_document_reference() {
    let fx = fixture(&with_cursor(&volume_with(""), ", Docu"));
    let h = hover::hover(&fx.ws, fx.file, fx.offset).expect("a hover");
    assert_eq!(
        h.markdown,
        "**Document 236.** Memorandum From Bundy to President Johnson\n\nWashington, December 19, 1965, 5 p.m.\n\n*Source:* Johnson Library, National Security File, Memos to the President.\n\nfrus1964-68v03"
    );
}

#[test]
fn hover_on_footnotes_and_terms() {
    let fx = fixture(&with_cursor(&volume_with(""), "See footn"));
    let h = hover::hover(&fx.ws, fx.file, fx.offset).expect("a hover");
    assert_eq!(
        h.markdown,
        "**Footnote 3, Document 236**\n\nReference is to Chauvel's visit to Hanoi."
    );
    let fx = fixture(&with_cursor(
        &volume_with(
            "//- v/d1.emd\n# 1. Note[^1]\n\nThe [VC]{=VC} came.\n\n[^1]: Source: X. Secret.\n",
        ),
        "[V",
    ));
    let h = hover::hover(&fx.ws, fx.file, fx.offset).expect("a hover");
    assert_eq!(h.markdown, "**VC**: Viet Cong");
}

#[test]
fn hover_on_an_unknown_document_says_so() {
    let fx = fixture(&with_cursor(
        &volume_with(
            "//- v/d1.emd\n# 1. Note[^1]\n\nSee Document 9.\n\n[^1]: Source: X. Secret.\n",
        ),
        "See Docu",
    ));
    let h = hover::hover(&fx.ws, fx.file, fx.offset).expect("a hover");
    assert_eq!(h.markdown, "Document 9 is not in volume frus1964-68v03.");
}

fn labels(items: &[completion::Item]) -> Vec<String> {
    items
        .iter()
        .map(|i| format!("{} | {}", i.label, i.detail))
        .collect()
}

fn complete(fx: &Fixture) -> Vec<completion::Item> {
    let text = fx.ws.files[fx.file].load_text().unwrap_or_default();
    completion::complete(&fx.ws, fx.file, &text, fx.offset)
}

#[test]
fn completion_of_persons_in_an_unfinished_mention() {
    let fx = fixture(&volume_with(
        "//- v/d1.emd\n# 1. Note[^1]\n\nHe met [Okafor]{@Oka$0\n\n[^1]: Source: X. Secret.\n",
    ));
    let items = complete(&fx);
    assert_eq!(
        labels(&items),
        ["OC1 | Okafor, Chinedu — an invented person"]
    );
    assert_eq!(items[0].insert, "OC1}");
    assert!(items[0].filter.starts_with("Okafor"));
    let fx = fixture(&volume_with(
        "//- v/d1.emd\n# 1. Note[^1]\n\nHe met [X]{@$0}\n\n[^1]: Source: X. Secret.\n",
    ));
    let items = complete(&fx);
    assert_eq!(items.len(), 4);
    assert_eq!(items[0].insert, "HWA1", "no second closing brace");
}

#[test]
fn completion_of_terms() {
    let fx = fixture(&volume_with(
        "//- v/d1.emd\n# 1. Note[^1]\n\nThe [Viet Cong]{=$0\n\n[^1]: Source: X. Secret.\n",
    ));
    assert_eq!(
        labels(&complete(&fx)),
        ["NVN | North Vietnam", "VC | Viet Cong"]
    );
}

#[test]
fn completion_of_footnote_labels() {
    let fx = fixture(&volume_with(
        "//- v/d1.emd\n# 1. Note[^1]\n\nText[^2] and[^$0\n\n[^1]: Source: X. Secret.\n[^2]: Two.\n[^3]: Three, not yet referred to.\n",
    ));
    assert_eq!(
        labels(&complete(&fx)),
        [
            "3 | Three, not yet referred to.",
            "4 | new footnote of Document 1"
        ]
    );
}

#[test]
fn completion_of_document_numbers() {
    let fx = fixture(&volume_with(
        "//- v/d1.emd\n# 1. Note[^1]\n\nSee Documents 236 and 2$0\n\n[^1]: Source: X. Secret.\n",
    ));
    assert_eq!(
        labels(&complete(&fx)),
        [
            "236 | Memorandum From Bundy to President Johnson",
            "261 | Memorandum for Personal Files"
        ]
    );
}

#[test]
fn completion_of_volumes_and_their_documents() {
    let other = "//- w/volume.emd\n# Foreign Relations, 1964–1968, Volume II, Vietnam\nVolume: frus1964-68v02\n//- w/d35.emd\n# 35. Telegram[^1]\n\n[^1]: Source: X. Secret.\n";
    let fx = fixture(&format!(
        "{}{other}//- v/d1.emd\n# 1. Note[^1]\n\nSee Foreign Relations, 1964–1968, vol. $0\n\n[^1]: Source: X. Secret.\n",
        volume_with("")
    ));
    assert_eq!(
        labels(&complete(&fx)),
        [
            "II | frus1964-68v02 — Foreign Relations, 1964–1968, Volume II, Vietnam",
            "III | frus1964-68v03 — Test Volume"
        ]
    );
    let fx = fixture(&format!(
        "{}{other}//- v/d1.emd\n# 1. Note[^1]\n\nSee Foreign Relations, 1964–1968, vol. II, Document $0\n\n[^1]: Source: X. Secret.\n",
        volume_with("")
    ));
    assert_eq!(labels(&complete(&fx)), ["35 | Telegram"]);
}

#[test]
fn rename_a_person_everywhere_in_the_volume() {
    let fx = fixture(&with_cursor(&volume_with(""), "{@HW"));
    let (span, current) = rename::prepare(&fx.ws, fx.file, fx.offset).expect("renamable");
    assert_eq!(current, "HWA1");
    assert_eq!(show(&fx.ws, fx.file, &span), r#"v/d261.emd:4:81 "HWA1""#);
    let edits = rename::rename(&fx.ws, fx.file, fx.offset, "HARRIMAN").expect("edits");
    let shown: Vec<String> = edits
        .iter()
        .map(|e| format!("{} -> {}", show(&fx.ws, e.file, &e.span), e.text))
        .collect();
    assert_eq!(
        shown,
        [
            r#"v/d261.emd:4:81 "HWA1" -> HARRIMAN"#,
            r#"v/persons.emd:3:3 "HWA1" -> HARRIMAN"#
        ]
    );
    assert!(rename::rename(&fx.ws, fx.file, fx.offset, "JLB1")
        .unwrap_err()
        .contains("already registered"));
    assert!(rename::rename(&fx.ws, fx.file, fx.offset, "no spaces")
        .unwrap_err()
        .contains("not a valid id"));
}

#[test]
fn rename_a_footnote_with_its_prose_references() {
    let fx = fixture(&with_cursor(&volume_with(""), "\n[^3"));
    let edits = rename::rename(&fx.ws, fx.file, fx.offset, "4").expect("edits");
    let shown: Vec<String> = edits
        .iter()
        .map(|e| format!("{} -> {}", show(&fx.ws, e.file, &e.span), e.text))
        .collect();
    assert_eq!(
        shown,
        [
            r#"v/d236.emd:4:23 "3" -> 4"#,
            r#"v/d236.emd:8:3 "3" -> 4"#,
            r#"v/d261.emd:4:48 "3" -> 4"#
        ]
    );
    assert!(rename::rename(&fx.ws, fx.file, fx.offset, "2")
        .unwrap_err()
        .contains("already exists"));
    assert!(rename::rename(&fx.ws, fx.file, fx.offset, "chauvel")
        .unwrap_err()
        .contains("must be a number"));
}

#[test]
fn prepare_rename_refuses_with_a_reason() {
    let fx = fixture(&with_cursor(&volume_with(""), "He sa"));
    assert!(rename::prepare(&fx.ws, fx.file, fx.offset)
        .unwrap_err()
        .contains("only person ids"));
    let fx = fixture(&with_cursor(&volume_with(""), ", Docum"));
    assert!(rename::prepare(&fx.ws, fx.file, fx.offset)
        .unwrap_err()
        .contains("documents are not renamed"));
}

#[test]
fn document_symbols_outline_a_file() {
    let fx = fixture(&with_cursor(&volume_with(""), "# 23"));
    let outline = symbols::document_symbols(&fx.ws, fx.file);
    let mut lines = Vec::new();
    for s in &outline {
        lines.push(format!("{:?} {} | {}", s.kind, s.name, s.detail));
        for c in &s.children {
            lines.push(format!("  {:?} {} | {}", c.kind, c.name, c.detail));
        }
    }
    assert_eq!(
        lines,
        [
            "Document 236. Memorandum From Bundy to President Johnson | Washington, December 19, 1965, 5 p.m.",
            "  Footnote [^1] | Source: Johnson Library, National Security File, Memos to th…",
            "  Footnote [^2] | Not printed.",
            "  Footnote [^3] | Reference is to Chauvel's visit to Hanoi.",
        ]
    );
}

#[test]
fn workspace_symbols_find_documents_and_persons() {
    let fx = fixture(&with_cursor(&volume_with(""), "# 23"));
    let found: Vec<String> = symbols::workspace_symbols(&fx.ws, "memorandum")
        .iter()
        .map(|s| format!("{:?} {} ({})", s.kind, s.name, s.container))
        .collect();
    assert_eq!(
        found,
        [
            "Document Document 236: Memorandum From Bundy to President Johnson (frus1964-68v03)",
            "Document Document 261: Memorandum for Personal Files (frus1964-68v03)"
        ]
    );
    let found = symbols::workspace_symbols(&fx.ws, "okafor");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].name, "Okafor, Chinedu (OC1)");
}

#[test]
fn folding_ranges_cover_documents_and_footnote_blocks() {
    let fx = fixture(&with_cursor(&volume_with(""), "# 23"));
    let folds: Vec<String> = folding::folding_ranges(&fx.ws, fx.file)
        .iter()
        .map(|f| format!("{}-{} {:?}", f.start_line + 1, f.end_line + 1, f.kind))
        .collect();
    assert_eq!(folds, ["1-8 Region", "6-8 Footnotes"]);
}

#[test]
fn semantic_tokens_mark_mentions_and_references() {
    let fx = fixture(&with_cursor(
        &volume_with("//- v/d1.emd\n# 1. Note[^1]\n\n[Rusk]{@RD9} saw Document 236 and Document 7. [Page 3]\n\n[^1]: Source: X. Secret.\n"),
        "# 1",
    ));
    let toks: Vec<String> = semantic::tokens(&fx.ws, fx.file)
        .iter()
        .map(|t| {
            format!(
                "{} {:?} {}",
                show(&fx.ws, fx.file, &t.span),
                t.kind,
                t.modifiers
            )
        })
        .collect();
    assert_eq!(
        toks,
        [
            r#"v/d1.emd:1:10 "[^1]" Footnote 0"#,
            r#"v/d1.emd:3:1 "[Rusk]{@RD9}" Person 1"#,
            r#"v/d1.emd:3:18 "Document 236" Reference 0"#,
            r#"v/d1.emd:3:35 "Document 7" Reference 1"#,
            r#"v/d1.emd:3:47 "[Page 3]" Page 0"#,
        ]
    );
}
