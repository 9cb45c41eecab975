//! What the server publishes equals what `emend check` finds: after any
//! sequence of edits, openings and closings, the diagnostics last published
//! for every file of the workspace are those of a check of the same texts,
//! positions included.

#[path = "support/in_process.rs"]
mod in_process;

use emend::index::Workspace;
use emend::line_index::ColumnUnit;
use emend::rules::{self, Severities};
use in_process::{example, uri, Harness};
use proptest::prelude::*;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// One diagnostic as a client sees it: range in UTF-16, code, message.
type Seen = (u64, u64, u64, u64, String, String);

/// The diagnostics of a check of the texts, by URI; every file is listed.
fn expected(texts: &BTreeMap<PathBuf, String>) -> BTreeMap<String, Vec<Seen>> {
    let ws = Workspace::from_texts(texts.iter().map(|(p, t)| (p.clone(), t.clone())).collect());
    let mut out: BTreeMap<String, Vec<Seen>> = texts.keys().map(|p| (uri(p), Vec::new())).collect();
    for d in rules::check(&ws, &Severities::default()) {
        let f = &ws.files[d.file];
        let a = f.lines.position(
            f.retained_text().expect("texts are kept"),
            d.span.start,
            ColumnUnit::Utf16,
        );
        let b = f.lines.position(
            f.retained_text().expect("texts are kept"),
            d.span.end,
            ColumnUnit::Utf16,
        );
        out.entry(uri(&f.path)).or_default().push((
            a.line.into(),
            a.col.into(),
            b.line.into(),
            b.col.into(),
            d.code.name().to_string(),
            d.message,
        ));
    }
    for list in out.values_mut() {
        list.sort();
    }
    out
}

fn seen(params: &Value) -> Vec<Seen> {
    let mut list: Vec<Seen> = params["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| {
            let r = &d["range"];
            let n = |v: &Value| v.as_u64().unwrap_or(u64::MAX);
            (
                n(&r["start"]["line"]),
                n(&r["start"]["character"]),
                n(&r["end"]["line"]),
                n(&r["end"]["character"]),
                d["code"].as_str().unwrap_or_default().to_string(),
                d["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    list.sort();
    list
}

/// The server and the texts it should be seeing.
struct Session {
    h: Harness,
    texts: BTreeMap<PathBuf, String>,
    on_disk: BTreeMap<PathBuf, String>,
    open: BTreeSet<PathBuf>,
    versions: i32,
    published: BTreeMap<String, Vec<Seen>>,
}

impl Session {
    async fn start(volume: &Path) -> Session {
        let mut texts = BTreeMap::new();
        for entry in std::fs::read_dir(volume).expect("volume") {
            let path = entry.expect("entry").path();
            texts.insert(path.clone(), std::fs::read_to_string(&path).expect("text"));
        }
        let mut h = Harness::new();
        h.start(volume, json!({})).await;
        let mut s = Session {
            h,
            on_disk: texts.clone(),
            texts,
            open: BTreeSet::new(),
            versions: 0,
            published: BTreeMap::new(),
        };
        s.settle("after indexing").await;
        s
    }

    /// Waits until the latest diagnostics of every file are those a check
    /// of the current texts gives; fails with the difference at the
    /// deadline.
    async fn settle(&mut self, after: &str) {
        let want = expected(&self.texts);
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            for r in self.h.drain() {
                if r.method() == "textDocument/publishDiagnostics" {
                    let p = serde_json::to_value(r.params()).unwrap_or_default();
                    let u = p["uri"].as_str().unwrap_or_default().to_string();
                    self.published.insert(u, seen(&p));
                }
            }
            let got: BTreeMap<String, Vec<Seen>> = want
                .keys()
                .map(|u| {
                    (
                        u.clone(),
                        self.published.get(u).cloned().unwrap_or_default(),
                    )
                })
                .collect();
            if got == want {
                return;
            }
            if Instant::now() > deadline {
                for (u, w) in &want {
                    if got.get(u) != Some(w) {
                        eprintln!("{u}\n  published: {:?}\n  checked:   {w:?}", got.get(u));
                    }
                }
                panic!("{after}: the published diagnostics differ from a check of the same texts");
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    async fn ensure_open(&mut self, path: &Path) {
        if self.open.insert(path.to_path_buf()) {
            self.versions += 1;
            let text = self.texts[path].clone();
            self.h
                .notify(
                    "textDocument/didOpen",
                    json!({"textDocument": {"uri": uri(path), "languageId": "emend",
                                            "version": self.versions, "text": text}}),
                )
                .await;
        }
    }

    /// Replaces the bytes `start..end` of an open file (char boundaries).
    async fn edit(&mut self, path: &Path, start: usize, end: usize, new: &str) {
        self.ensure_open(path).await;
        let text = &self.texts[path];
        let lines = emend::line_index::LineIndex::new(text);
        let a = lines.position(text, start, ColumnUnit::Utf16);
        let b = lines.position(text, end, ColumnUnit::Utf16);
        self.versions += 1;
        self.h
            .notify(
                "textDocument/didChange",
                json!({"textDocument": {"uri": uri(path), "version": self.versions},
                       "contentChanges": [{"range": {"start": {"line": a.line, "character": a.col},
                                                     "end": {"line": b.line, "character": b.col}},
                                           "text": new}]}),
            )
            .await;
        if let Some(t) = self.texts.get_mut(path) {
            t.replace_range(start..end, new);
        }
    }

    async fn close(&mut self, path: &Path) {
        if self.open.remove(path) {
            self.h
                .notify(
                    "textDocument/didClose",
                    json!({"textDocument": {"uri": uri(path)}}),
                )
                .await;
            self.texts
                .insert(path.to_path_buf(), self.on_disk[path].clone());
        }
    }
}

fn line_start(text: &str, line: usize) -> usize {
    text.split_inclusive('\n').take(line).map(str::len).sum()
}

/// Other files' messages name lines of this one (`page 730 comes after
/// page 800 (d236.emd:5)`): an edit that moves those lines republishes
/// them.
#[tokio::test]
async fn other_files_follow_the_lines_an_edit_moves() {
    let dir = tempfile::tempdir().expect("tempdir");
    let volume = example(dir.path());
    let mut s = Session::start(&volume).await;
    let d236 = volume.join("d236.emd");
    let end_of_line_5 = line_start(&s.texts[&d236], 5) - 1;
    s.edit(&d236, end_of_line_5, end_of_line_5, " [Page 800]")
        .await;
    s.settle("a page break on line 5").await;
    assert!(
        s.published
            .values()
            .flatten()
            .any(|d| d.5.contains("d236.emd:5")),
        "{:?}",
        s.published
    );
    let at = line_start(&s.texts[&d236], 2);
    s.edit(&d236, at, at, "\n\n\n").await;
    s.settle("three lines inserted above it").await;
    assert!(
        s.published
            .values()
            .flatten()
            .any(|d| d.5.contains("d236.emd:8")),
        "{:?}",
        s.published
    );
}

/// A division heading before a document's makes that file a chapter, and
/// the documents of other files beside it are reported with its title: an
/// edit of the title alone republishes them.
#[tokio::test]
async fn other_files_follow_the_chapters_an_edit_makes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let volume = example(dir.path());
    let mut s = Session::start(&volume).await;
    let d236 = volume.join("d236.emd");
    s.edit(&d236, 0, 0, "# Part One\n\n").await;
    s.settle("a division before Document 236").await;
    let beside = |s: &Session, title: &str| {
        s.published.iter().any(|(u, list)| {
            u.ends_with("d256.emd")
                && list
                    .iter()
                    .any(|d| d.4 == "document-outside-chapter" && d.5.contains(title))
        })
    };
    assert!(beside(&s, "“Part One”"), "{:?}", s.published);
    s.edit(&d236, 7, 10, "Two").await;
    s.settle("the division renamed").await;
    assert!(beside(&s, "“Part Two”"), "{:?}", s.published);
}

#[derive(Debug, Clone)]
enum Step {
    /// File, where (a fraction of its length), bytes to delete, text.
    Edit(usize, f64, usize, &'static str),
    Close(usize),
}

const PIECES: &[&str] = &[
    "",
    "\n",
    "\n\n",
    " [Page 800]",
    "[Page 729]",
    " See Document 236.",
    " See Document 241.",
    "[^9]",
    "\n[^5]: A note.\n",
    " footnote 6, Document 236",
    " [Rusk]{@RD1}",
    " [Harriman]{@HWA1}",
    "\n# 262. Memorandum\n",
    "\nDateline: Washington, January 1, 1966.\n",
    "*",
    "[",
    "]",
    "é𝄞",
    "Source: Library of Congres, ",
    "\n[@RD1]: **Rusk, Dean**, Secretary of State\n",
    "\n# Notes\nId: d256\n",
    "\n## Editorial Note\n",
];

fn steps() -> impl Strategy<Value = Vec<Step>> {
    let edit = (
        0usize..6,
        0.0f64..1.0,
        0usize..40,
        proptest::sample::select(PIECES),
    )
        .prop_map(|(f, at, del, piece)| Step::Edit(f, at, del, piece));
    let close = (0usize..6).prop_map(Step::Close);
    proptest::collection::vec(prop_oneof![8 => edit, 1 => close], 1..10)
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(12),
        max_shrink_iters: 50,
        ..ProptestConfig::default()
    })]

    #[test]
    fn published_diagnostics_equal_a_check_after_random_edits(steps in steps()) {
        let runtime = tokio::runtime::Runtime::new().expect("runtime");
        runtime.block_on(async {
            let dir = tempfile::tempdir().expect("tempdir");
            let volume = example(dir.path());
            let mut s = Session::start(&volume).await;
            let files: Vec<PathBuf> = s.texts.keys().cloned().collect();
            for (i, step) in steps.iter().enumerate() {
                match step {
                    Step::Edit(f, at, del, piece) => {
                        let path = files[f % files.len()].clone();
                        let text = &s.texts[&path];
                        let start = floor_boundary(text, (text.len() as f64 * at) as usize);
                        let end = floor_boundary(text, start + del).max(start);
                        s.edit(&path, start, end, piece).await;
                    }
                    Step::Close(f) => {
                        let path = files[f % files.len()].clone();
                        s.close(&path).await;
                    }
                }
                // Settle after some steps only: the others stay queued, as
                // a typist's keystrokes do.
                if i % 3 == 2 {
                    s.settle(&format!("step {i}: {step:?}")).await;
                }
            }
            s.settle("the last step").await;
        });
    }
}
