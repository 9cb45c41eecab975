//! Incremental equals full: after any sequence of edits, file creations,
//! deletions, renames and severity changes across a workspace of several
//! volumes that cite one another, the analysis database answers as one
//! built afresh from the same texts — the diagnostics of every file (with
//! positions, severities, messages and fixes), and hover, definition,
//! references and completion at many places of every file (those of
//! archival citations, which read the whole workspace's source notes,
//! among them); and a client
//! that reads again only the files each change says it affected is shown
//! the diagnostics of every file as they are.

use emend::analysis::{Analysis, AnalysisHost, Change};
use emend::features;
use emend::index::discover::absolute;
use emend::index::Workspace;
use emend::line_index::ColumnUnit;
use emend::rules::{Code, Level, Severities, Severity};
use emend::syntax::edit::TextEdit;
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The places files can be: three volume folders (the third without a
/// `volume.emd` until one is made), a chapter folder, and a lone file.
const PATHS: &[&str] = &[
    "ws/a/volume.emd",
    "ws/a/d1.emd",
    "ws/a/d2.emd",
    "ws/a/persons.emd",
    "ws/a/ch1/d3.emd",
    "ws/b/volume.emd",
    "ws/b/d1.emd",
    "ws/b/d2.emd",
    "ws/c/volume.emd",
    "ws/c/d1.emd",
    "ws/lone.emd",
];

/// Texts a file may be given whole.
const TEXTS: &[&str] = &[
    "# Volume A\nVolume: frus1964-68v01\n",
    "# Volume B\nVolume: frus1964-68v02\n",
    "# Same id as A\nVolume: frus1964-68v01\n",
    "# 1. Memorandum[^1]\nDateline: Washington, January 5, 1964.\n\n[Rusk]{@RD1} said see Document 2 and footnote 1, Document 3.\n\n[^1]: Source: Johnson Library, National Security File, Vietnam. Secret.\n",
    "# 2. Telegram[^1]\nDateline: Saigon, January 4, 1964.\n\nSee Foreign Relations, 1964–1968, vol. II, Document 1, and vol. I, Document 9.[^2]\n\n[^1]: Source: Jonson Library, National Security File, Vietnam. Secret.\n[^2]: Not printed.\n",
    "# 3. Letter[^1]\n\nText [Page 5] more.[^2]\n\n**Dean Rusk**\n\n[^1]: Source: Department of State, Central Files, POL 27. Confidential.\n[^2]: See Document 1.\n",
    "# Persons\n\n[@RD1]: **Rusk, Dean**, Secretary of State\n[@MR1]: **McNamara, Robert S.**, Secretary of Defense\n",
    "# 1. Note[^1]\n\nSee [pp. 5](#pg_5) and [the note](frus1964-68v01#d1fn1).\n\n[^1]: Source: National Archives, RG 59, Central Files. Secret.\n",
    "# 9. Undated\nDateline: Washington, undated.\n\nText.[^3]\n\n[^3]: Source: Johnson Library, National Security Files, Vietnam. Secret.\n",
    "",
];

/// What an edit may insert.
const PIECES: &[&str] = &[
    "",
    "x",
    "Document 2",
    "Document 9",
    "footnote 2, Document 3",
    "Foreign Relations, 1964–1968, vol. I, Document 1",
    "[^2]",
    "\n\n[^2]: Source: Jonson Library. Secret.\n",
    "[Page 6]",
    "\n\n# 4. New document\n\nText.\n",
    "\n[@RD1]: **Rusk**, again\n",
    "[McNamara]{@MR1}",
    "Volume: frus1964-68v02\n",
    "é𝄞",
    "*",
    "[",
];

#[derive(Debug, Clone)]
enum Step {
    Set(usize, usize),
    Edit(usize, f64, usize, &'static str),
    Remove(usize),
    Rename(usize, usize),
    Severity(bool),
}

fn steps() -> impl Strategy<Value = Vec<Step>> {
    let set = (0..PATHS.len(), 0..TEXTS.len()).prop_map(|(p, t)| Step::Set(p, t));
    let edit = (
        0..PATHS.len(),
        0.0f64..1.0,
        0usize..30,
        proptest::sample::select(PIECES),
    )
        .prop_map(|(p, at, del, piece)| Step::Edit(p, at, del, piece));
    let remove = (0..PATHS.len()).prop_map(Step::Remove);
    let rename = (0..PATHS.len(), 0..PATHS.len()).prop_map(|(a, b)| Step::Rename(a, b));
    let severity = any::<bool>().prop_map(Step::Severity);
    proptest::collection::vec(
        prop_oneof![4 => set, 8 => edit, 1 => remove, 1 => rename, 1 => severity],
        1..16,
    )
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn severities(strict: bool) -> Severities {
    let mut s = Severities::default();
    if strict {
        s.set(Code::PersonUnused, Level::On(Severity::Error));
        s.set(Code::QuoteStraight, Level::Off);
    }
    s
}

/// The workspace every test starts from: two volumes that cite each other.
fn start() -> BTreeMap<PathBuf, String> {
    [
        (0, 0),
        (1, 3),
        (2, 4),
        (3, 6),
        (4, 5),
        (5, 1),
        (6, 7),
        (7, 8),
    ]
    .into_iter()
    .map(|(p, t)| (PathBuf::from(PATHS[p]), TEXTS[t].to_string()))
    .collect()
}

/// A file's diagnostics as a client is shown them: lines and columns,
/// code, severity, message, fix. None for a file the database does not
/// have.
fn diagnostics(a: &Analysis, path: &std::path::Path) -> Vec<String> {
    let ws = &a.ws;
    let Some(file) = ws.file_by_path(path) else {
        return Vec::new();
    };
    let f = &ws.files[file];
    let pos = |offset: usize| {
        let p = f.lines.position(
            f.retained_text().expect("texts are kept"),
            offset,
            ColumnUnit::Utf16,
        );
        (p.line, p.col)
    };
    a.diagnostics(file)
        .into_iter()
        .map(|d| {
            format!(
                "diagnostic {:?}-{:?} {} {:?} {} {:?}",
                pos(d.span.start),
                pos(d.span.end),
                d.code,
                d.severity,
                d.message,
                d.fix
            )
        })
        .collect()
}

/// Everything the database answers about a file, as plain data with
/// positions in lines and columns.
fn answers(a: &Analysis, path: &std::path::Path) -> Vec<String> {
    let ws = &a.ws;
    let Some(file) = ws.file_by_path(path) else {
        return vec!["absent".into()];
    };
    let f = &ws.files[file];
    let mut out = diagnostics(a, path);
    let paths = |locations: Vec<features::Location>| -> Vec<String> {
        locations
            .into_iter()
            .map(|l| format!("{}:{:?}", ws.files[l.file].path.display(), l.span))
            .collect()
    };
    let text = f.load_text().unwrap_or_default();
    let mut offset = 0;
    while offset <= text.len() {
        if text.is_char_boundary(offset) {
            out.push(format!(
                "at {offset}: citation {:?}; citation completion {:?}; hover {:?}; definition {:?}; references {:?}; completion {:?}",
                features::citations::hover::hover(ws, &a.authority, file, offset)
                    .map(|h| (h.span.clone(), h.describe())),
                features::citations::complete::complete(ws, &a.authority, file, offset),
                features::hover::hover(ws, file, offset),
                paths(features::definition::definition(ws, file, offset)),
                paths(features::references::references(ws, file, offset, true)),
                features::completion::complete(ws, file, &text, offset),
            ));
        }
        offset += 5;
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(48),
        max_shrink_iters: 200,
        ..ProptestConfig::default()
    })]

    #[test]
    fn the_database_answers_as_one_built_afresh(steps in steps()) {
        let mut texts = start();
        let mut strict = false;
        let mut host = AnalysisHost::of(
            Workspace::from_texts(texts.clone().into_iter().collect()),
            severities(strict),
        );
        // What a client was last told of each file: every file at the
        // start, then the files each change says it affected.
        let mut told: BTreeMap<PathBuf, Vec<String>> = texts
            .keys()
            .map(|p| (absolute(p), diagnostics(&host.analysis(), p)))
            .collect();
        for (i, step) in steps.iter().enumerate() {
            let change = match step {
                Step::Set(p, t) => {
                    let path = PathBuf::from(PATHS[*p]);
                    texts.insert(path.clone(), TEXTS[*t].to_string());
                    Change::Set { path, text: TEXTS[*t].to_string() }
                }
                Step::Edit(p, at, del, piece) => {
                    let path = PathBuf::from(PATHS[*p]);
                    let text = texts.entry(path.clone()).or_default();
                    let start = floor_boundary(text, (text.len() as f64 * at) as usize);
                    let end = floor_boundary(text, start + del).max(start);
                    text.replace_range(start..end, piece);
                    Change::Edit {
                        path,
                        edits: vec![TextEdit { range: start..end, text: piece.to_string() }],
                    }
                }
                Step::Remove(p) => {
                    let path = PathBuf::from(PATHS[*p]);
                    texts.remove(&path);
                    Change::Remove { path }
                }
                Step::Rename(a, b) => {
                    let (from, to) = (PathBuf::from(PATHS[*a]), PathBuf::from(PATHS[*b]));
                    if let Some(text) = texts.remove(&from) {
                        texts.insert(to.clone(), text);
                    }
                    Change::Rename { from, to }
                }
                Step::Severity(s) => {
                    strict = *s;
                    Change::Severities(severities(strict))
                }
            };
            let affected = host.apply([change]);
            let now = host.analysis();
            for path in &affected.files {
                told.insert(path.to_path_buf(), diagnostics(&now, path));
            }
            let fresh = AnalysisHost::of(
                Workspace::from_texts(texts.clone().into_iter().collect()),
                severities(strict),
            );
            let (inc, fresh) = (host.analysis(), fresh.analysis());
            let mut on_disk: Vec<&Path> = texts.keys().map(|p| p.as_path()).collect();
            on_disk.sort();
            let mut held: Vec<&Path> = inc.ws.files.iter().map(|f| &*f.path).collect();
            held.sort();
            prop_assert_eq!(held, on_disk, "the files after step {}: {:?}", i, step);
            for path in texts.keys() {
                let shown = told.get(&absolute(path)).cloned().unwrap_or_default();
                prop_assert_eq!(
                    &shown,
                    &diagnostics(&fresh, path),
                    "after step {} ({:?}), the diagnostics shown for {} are stale: the change did not say it affected the file",
                    i, step, path.display()
                );
                let (a, b) = (answers(&inc, path), answers(&fresh, path));
                if a != b {
                    let first = a.iter().zip(&b).position(|(x, y)| x != y).unwrap_or(a.len().min(b.len()));
                    prop_assert!(
                        false,
                        "after step {} ({:?}), {} answers otherwise than afresh:\n  incremental: {:?}\n  afresh:      {:?}",
                        i, step, path.display(), a.get(first), b.get(first)
                    );
                }
            }
        }
    }
}

/// A document whose footnotes number on from the document before it (as
/// volumes before the 1950s do) is told so by its volume: an edit of the
/// document before it changes its findings, though its own text stays.
#[test]
fn footnotes_numbered_on_follow_an_edit_of_the_document_before() {
    let texts = start();
    let path = PathBuf::from("ws/b/d1.emd");
    let mut host = AnalysisHost::of(
        Workspace::from_texts(texts.clone().into_iter().collect()),
        severities(false),
    );
    let later = PathBuf::from("ws/b/d2.emd");
    let before = diagnostics(&host.analysis(), &later);
    assert!(
        before.iter().any(|d| d.contains("footnote-sequence")),
        "Document 9's footnote 3 does not follow on from Document 1's footnote 1: {before:?}"
    );
    let at = texts[&path].find(" and ").expect("the note's text");
    let affected = host.apply([Change::Edit {
        path: path.clone(),
        edits: vec![TextEdit {
            range: at..at,
            text: "[^2]".into(),
        }],
    }]);
    let after = diagnostics(&host.analysis(), &later);
    assert!(
        !after.iter().any(|d| d.contains("footnote-sequence")),
        "after Document 1 refers to footnote 2, Document 9's footnote 3 follows on: {after:?}"
    );
    assert!(affected.files.contains(absolute(&later).as_path()));
}

/// A TEI volume of three documents, a register and a chapter, and a markup
/// volume that cites it.
const TEI_VOLUME: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:frus="http://history.state.gov/frus/ns/1.0" xml:id="frus1964-68v03">
<teiHeader><fileDesc><titleStmt><title>Vol. III</title></titleStmt></fileDesc></teiHeader>
<text><front><div type="section" xml:id="persons"><head>Persons</head><list>
<item><persName xml:id="p_RD1">Rusk, Dean</persName>, Secretary of State</item>
</list></div></front>
<body><div type="chapter" xml:id="ch1"><head>One</head>
<div type="document" n="1" xml:id="d1"><head>1. Memorandum<note n="1" xml:id="d1fn1" type="source">Source: Johnson Library, National Security File, Vietnam. Secret.</note></head>
<dateline><date when="1965-06-01">June 1, 1965</date></dateline>
<p>See <ref target="#d2">Document 2</ref> and <ref target="#d2fn1">footnote 1</ref>.<note n="2" xml:id="d1fn2">Not found.</note> <persName corresp="#p_RD1">Rusk</persName><pb n="3" xml:id="pg_3"/> said so.</p></div>
<div type="document" n="2" xml:id="d2"><head>2. Telegram<note n="1" xml:id="d2fn1" type="source">Source: Department of State, Central Files, POL 27. Confidential.</note></head>
<p>Text <persName corresp="#p_XX1">X</persName>.</p><closer><signed><persName corresp="#p_RD1">Rusk</persName></signed></closer></div>
<div type="document" n="4" xml:id="d4"><head>4. Letter</head><p>See <ref target="#d9">Document 9</ref>.</p></div>
</div></body></text></TEI>
"##;

const TEI_CITING: &str = "# Volume B\nVolume: frus1964-68v02\n";
const TEI_CITING_DOC: &str = "# 1. Memorandum[^1]\n\nSee Foreign Relations, 1964–1968, vol. III, Document 2, and footnote 1, Document 1.\n\n[^1]: Source: Johnson Library, National Security File, Vietnam. Secret.\n";

/// What an edit of the TEI volume may insert.
const TEI_EDITS: &[&str] = &[
    "",
    "x",
    "<note n=\"3\" xml:id=\"d1fn3\">New.</note>",
    "<ref target=\"#d9\">Document 9</ref>",
    "<ref target=\"#d1fn2\">footnote 2</ref>",
    "<persName corresp=\"#p_RD1\">Rusk</persName>",
    "<persName corresp=\"#p_NO1\">No</persName>",
    "<pb n=\"7\"/>",
    "<",
    "</p>",
    "<div type=\"document\" n=\"3\" xml:id=\"d3\"><head>3. New</head><p>T</p></div>",
    "é𝄞",
    "&amp;",
    "&nbsp;",
];

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(48),
        max_shrink_iters: 200,
        ..ProptestConfig::default()
    })]

    /// Edits of a TEI volume, read again document by document where they
    /// fall in one, answer as a volume read afresh whenever it is
    /// well-formed.
    #[test]
    fn edits_of_a_tei_volume_answer_as_afresh(
        edits in proptest::collection::vec(
            (0.0f64..1.0, 0usize..30, proptest::sample::select(TEI_EDITS)),
            1..8,
        )
    ) {
        let tei = PathBuf::from("ws/t/frus1964-68v03.xml");
        let mut texts: BTreeMap<PathBuf, String> = [
            (tei.clone(), TEI_VOLUME.to_string()),
            (PathBuf::from("ws/b/volume.emd"), TEI_CITING.to_string()),
            (PathBuf::from("ws/b/d1.emd"), TEI_CITING_DOC.to_string()),
        ]
        .into_iter()
        .collect();
        let mut host = AnalysisHost::of(
            Workspace::from_texts(texts.clone().into_iter().collect()),
            severities(false),
        );
        for (i, (at, del, piece)) in edits.iter().enumerate() {
            let text = texts.get_mut(&tei).expect("the volume");
            let start = floor_boundary(text, (text.len() as f64 * at) as usize);
            let end = floor_boundary(text, start + del).max(start);
            text.replace_range(start..end, piece);
            host.apply([Change::Edit {
                path: tei.clone(),
                edits: vec![TextEdit { range: start..end, text: piece.to_string() }],
            }]);
            // While the volume is not well-formed, the document edited
            // keeps its facts and reports its errors; a check afresh reads
            // the whole text by tree-sitter. They agree again once it is.
            if emend::facts::tei::extract_fast(&texts[&tei]).is_none() {
                let inc = host.analysis();
                let file = inc.ws.file_by_path(&tei).expect("the volume");
                prop_assert!(
                    !inc.ws.files[file].facts.syntax_errors.is_empty(),
                    "no error in a volume that is not well-formed"
                );
                continue;
            }
            let fresh = AnalysisHost::of(
                Workspace::from_texts(texts.clone().into_iter().collect()),
                severities(false),
            );
            let (inc, fresh) = (host.analysis(), fresh.analysis());
            for path in texts.keys() {
                let (a, b) = (answers(&inc, path), answers(&fresh, path));
                if a != b {
                    let first = a.iter().zip(&b).position(|(x, y)| x != y).unwrap_or(a.len().min(b.len()));
                    prop_assert!(
                        false,
                        "after edit {} ({:?} at {}..{}), {} answers otherwise than afresh:\n  incremental: {:?}\n  afresh:      {:?}",
                        i, piece, start, end, path.display(), a.get(first), b.get(first)
                    );
                }
            }
        }
    }
}

/// Typing a tag in a TEI volume, key by key: while the tag is half typed
/// the volume keeps its other findings and reports the error in the
/// document being edited; once the tag is closed, the volume answers as
/// one read afresh.
#[test]
fn a_tag_typed_key_by_key_in_a_tei_volume() {
    let tei = PathBuf::from("ws/t/frus1964-68v03.xml");
    let mut text = TEI_VOLUME.to_string();
    let mut host = AnalysisHost::of(
        Workspace::from_texts(vec![(tei.clone(), text.clone())]),
        severities(false),
    );
    let codes = |a: &Analysis| -> Vec<String> {
        let file = a.ws.file_by_path(&tei).expect("the volume");
        a.diagnostics(file)
            .iter()
            .map(|d| d.code.to_string())
            .collect()
    };
    let before = codes(&host.analysis());
    assert!(
        before.iter().any(|c| c == "ref-unknown-document"),
        "{before:?}"
    );
    let mut at = text.find("Text <persName").expect("document 2") + "Text ".len();
    let doc2 = text.find("<div type=\"document\" n=\"2\"").expect("d2");
    // Where document 2 ends, `</div>` included, as keys are typed.
    let mut doc2_end = text[doc2..].find("</div>").expect("its end") + doc2 + "</div>".len();
    for key in ["<", "h", "i", ">", "w", "</hi>"] {
        text.insert_str(at, key);
        doc2_end += key.len();
        host.apply([Change::Edit {
            path: tei.clone(),
            edits: vec![TextEdit {
                range: at..at,
                text: key.to_string(),
            }],
        }]);
        at += key.len();
        let a = host.analysis();
        let file = a.ws.file_by_path(&tei).expect("the volume");
        let errors = &a.ws.files[file].facts.syntax_errors;
        if emend::facts::tei::extract_fast(&text).is_none() {
            assert!(!errors.is_empty(), "after {key:?}: no error");
            for e in errors {
                assert!(
                    doc2 <= e.range.start && e.range.end <= doc2_end,
                    "after {key:?}: {e:?}"
                );
            }
            // The finding of document 4 stays while document 2 is typed in.
            assert!(codes(&a).iter().any(|c| c == "ref-unknown-document"));
        } else {
            assert!(errors.is_empty(), "after {key:?}: {errors:?}");
        }
    }
    assert!(text.contains("Text <hi>w</hi><persName"));
    let fresh = AnalysisHost::of(
        Workspace::from_texts(vec![(tei.clone(), text.clone())]),
        severities(false),
    );
    assert_eq!(
        answers(&host.analysis(), &tei),
        answers(&fresh.analysis(), &tei)
    );
}
