//! The language server in process: JSON-RPC requests straight into the
//! service, server notifications read from its socket.

#[path = "support/in_process.rs"]
mod in_process;

use in_process::{example, uri, Harness};
use serde_json::{json, Value};

/// The example keeps the published text's straight apostrophes, whose
/// findings `tests/cli.rs` checks; these tests follow the others.
fn typographic(d: &Value) -> bool {
    d["code"].as_str().is_some_and(|c| c.starts_with("quote-"))
}

fn codes(p: &Value) -> Vec<String> {
    let mut v: Vec<String> = p["diagnostics"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|d| !typographic(d))
                .map(|d| d["code"].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[tokio::test]
async fn utf8_positions_when_the_client_offers_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let volume = example(dir.path());
    let mut h = Harness::new();
    let init = h
        .start(
            dir.path(),
            json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}}),
        )
        .await;
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-8");
    // d261.emd line 25 (0-based 24): `He said “You and Tommy[^4] talk…`; in
    // UTF-8 the marker starts at byte 24 (the quote mark is 3 bytes).
    let d261 = volume.join("d261.emd");
    let hover = h
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri(&d261)}, "position": {"line": 24, "character": 27}}),
        )
        .await;
    let text = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(text.starts_with("**Footnote 4, Document 261**"), "{hover}");
    assert_eq!(hover["result"]["range"]["start"]["character"], 24);
}

#[tokio::test]
async fn rename_and_its_refusals_over_the_protocol() {
    let dir = tempfile::tempdir().expect("tempdir");
    let volume = example(dir.path());
    let mut h = Harness::new();
    h.start(dir.path(), json!({})).await;
    let persons = volume.join("persons.emd");
    // `[@HWA1]:` is line 7 (0-based 6).
    let prepared = h
        .request(
            "textDocument/prepareRename",
            json!({"textDocument": {"uri": uri(&persons)}, "position": {"line": 6, "character": 3}}),
        )
        .await;
    assert_eq!(prepared["result"]["placeholder"], "HWA1");
    let edit = h
        .request(
            "textDocument/rename",
            json!({"textDocument": {"uri": uri(&persons)}, "position": {"line": 6, "character": 3}, "newName": "HARRIMAN"}),
        )
        .await;
    let changes = edit["result"]["changes"].as_object().expect("changes");
    let count: usize = changes
        .values()
        .map(|v| v.as_array().map_or(0, Vec::len))
        .sum();
    // The entry, 4 mentions in d256 and 2 in d261.
    assert_eq!(count, 7, "{edit}");
    assert_eq!(changes.len(), 3);

    let refused = h
        .request(
            "textDocument/prepareRename",
            json!({"textDocument": {"uri": uri(&persons)}, "position": {"line": 0, "character": 3}}),
        )
        .await;
    let message = refused["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains("only person ids"), "{refused}");
}

#[tokio::test]
async fn outline_folding_tokens_symbols_and_references() {
    let dir = tempfile::tempdir().expect("tempdir");
    let volume = example(dir.path());
    let mut h = Harness::new();
    h.start(dir.path(), json!({})).await;
    let d236 = volume.join("d236.emd");
    let doc = json!({"textDocument": {"uri": uri(&d236)}});

    let outline = h.request("textDocument/documentSymbol", doc.clone()).await;
    let top = &outline["result"][0];
    assert!(top["name"]
        .as_str()
        .is_some_and(|n| n.starts_with("236. Memorandum")));
    let children: Vec<&str> = top["children"]
        .as_array()
        .map(|a| a.iter().filter_map(|c| c["name"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        children,
        ["Tab A", "[^1]", "[^2]", "[^3]", "[^4]", "[^5]", "[^6]"]
    );

    let folds = h.request("textDocument/foldingRange", doc.clone()).await;
    assert!(
        folds["result"].as_array().is_some_and(|a| a.len() >= 3),
        "{folds}"
    );

    let tokens = h
        .request("textDocument/semanticTokens/full", doc.clone())
        .await;
    let data = tokens["result"]["data"].as_array().expect("data");
    assert_eq!(data.len() % 5, 0);
    // The first token is the person mention [Bundy]{@BMG1} on line 0.
    assert_eq!(&data[..2], &[json!(0), json!(88)]);

    let symbols = h
        .request("workspace/symbol", json!({"query": "harriman"}))
        .await;
    let names: Vec<&str> = symbols["result"]
        .as_array()
        .map(|a| a.iter().filter_map(|s| s["name"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        names,
        [
            "Document 256: Notes of Telephone Conversation Between President Johnson and the Ambassador at Large (Harriman)",
            "Harriman, W. Averell (HWA1)"
        ]
    );

    // References of Document 236 from its heading: d261's "footnote 6,
    // Document 236" names it.
    let refs = h
        .request(
            "textDocument/references",
            json!({"textDocument": {"uri": uri(&d236)}, "position": {"line": 0, "character": 3},
                   "context": {"includeDeclaration": false}}),
        )
        .await;
    let found = refs["result"].as_array().expect("locations");
    assert_eq!(found.len(), 1, "{refs}");
    assert!(found[0]["uri"]
        .as_str()
        .is_some_and(|u| u.ends_with("d261.emd")));
}

#[tokio::test]
async fn files_changed_outside_the_editor_are_reindexed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let volume = example(dir.path());
    let mut h = Harness::new();
    h.start(dir.path(), json!({})).await;
    let first = h.diagnostics("d256.emd", |_| true).await;
    assert_eq!(
        codes(&first),
        [
            "document-gap",
            "ref-unknown-document",
            "ref-unknown-document"
        ]
    );

    // Document 241 appears on disk: one reference of d256 resolves.
    let d241 = volume.join("d241.emd");
    std::fs::write(
        &d241,
        "# 241. Telegram[^1]\nDateline: December 23, 1965.\n\nText.\n\n[^1]: Source: Johnson Library, NSF. Secret.\n",
    )
    .expect("write");
    h.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&d241), "type": 1}]}),
    )
    .await;
    let after = h
        .diagnostics("d256.emd", |p| {
            codes(p)
                .iter()
                .filter(|c| *c == "ref-unknown-document")
                .count()
                == 1
        })
        .await;
    assert_eq!(codes(&after), ["document-gap", "ref-unknown-document"]);

    // An emend.toml switching the rule off is picked up too.
    let config = dir.path().join("emend.toml");
    std::fs::write(&config, "[severity]\nref-unknown-document = \"off\"\n").expect("write");
    h.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&config), "type": 1}]}),
    )
    .await;
    let quiet = h
        .diagnostics("d256.emd", |p| {
            !codes(p).iter().any(|c| c == "ref-unknown-document")
        })
        .await;
    assert_eq!(codes(&quiet), ["document-gap"]);
}

#[tokio::test]
async fn a_request_sent_right_after_an_edit_sees_the_edit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let volume = example(dir.path());
    let mut h = Harness::new();
    h.start(dir.path(), json!({})).await;
    let d261 = volume.join("d261.emd");
    let text = std::fs::read_to_string(&d261).expect("read");
    h.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri(&d261), "languageId": "emend", "version": 1, "text": text}}),
    )
    .await;
    for version in 2..30 {
        // Insert a person mention at the top of the file, then hover on it
        // at once: the answer must come from the edited text.
        h.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri(&d261), "version": version},
                   "contentChanges": [{"range": {"start": {"line": 3, "character": 0}, "end": {"line": 3, "character": 0}},
                                       "text": "[Rusk]{@RD1} "}]}),
        )
        .await;
        let hover = h
            .request(
                "textDocument/hover",
                json!({"textDocument": {"uri": uri(&d261)}, "position": {"line": 3, "character": 2}}),
            )
            .await;
        let value = hover["result"]["contents"]["value"]
            .as_str()
            .unwrap_or_default();
        assert!(
            value.starts_with("**Rusk, Dean**"),
            "version {version}: {hover}"
        );
    }
}

#[tokio::test]
async fn archival_citations_quick_fix_completion_and_hover() {
    let dir = tempfile::tempdir().expect("tempdir");
    let volume = example(dir.path());
    let mut h = Harness::new();
    h.start(dir.path(), json!({})).await;
    let d261 = volume.join("d261.emd");
    let published = h
        .diagnostics("d261.emd", |p| {
            codes(p).iter().any(|c| c == "source-unknown-archive")
        })
        .await;
    let finding = published["diagnostics"]
        .as_array()
        .and_then(|a| a.iter().find(|d| d["code"] == "source-unknown-archive"))
        .cloned()
        .expect("the typo is reported");
    assert!(finding["message"]
        .as_str()
        .is_some_and(|m| m.contains("Manuscript Division")));

    // The quick fix replaces the misspelt word.
    let actions = h
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri(&d261)}, "range": finding["range"],
                   "context": {"diagnostics": [finding]}}),
        )
        .await;
    let action = &actions["result"][0];
    assert_eq!(action["kind"], "quickfix");
    assert_eq!(action["diagnostics"][0]["code"], "source-unknown-archive");
    let edits = action["edit"]["changes"]
        .as_object()
        .and_then(|c| c.values().next())
        .cloned()
        .expect("an edit");
    assert_eq!(edits[0]["newText"], "Division");

    // Hover on "Library of Congress" (line 35, 0-based 34) gives its path
    // and the notes citing it.
    let hover = h
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri(&d261)}, "position": {"line": 34, "character": 16}}),
        )
        .await;
    let value = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(value.starts_with("**Library of Congress**"), "{hover}");
    assert!(value.contains("cited in 2 source notes"), "{hover}");

    // After "Source: " a new note completes repositories.
    let text = std::fs::read_to_string(&d261).expect("read");
    h.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri(&d261), "languageId": "emend", "version": 1, "text": text}}),
    )
    .await;
    h.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri(&d261), "version": 2},
               "contentChanges": [{"range": {"start": {"line": 34, "character": 14}, "end": {"line": 35, "character": 0}},
                                   "text": "Library of Congress, Manu\n"}]}),
    )
    .await;
    let completion = h
        .request(
            "textDocument/completion",
            json!({"textDocument": {"uri": uri(&d261)}, "position": {"line": 34, "character": 39}}),
        )
        .await;
    let labels: Vec<&str> = completion["result"]["items"]
        .as_array()
        .map(|a| a.iter().filter_map(|i| i["label"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(labels.first(), Some(&"Manuscript Division"), "{completion}");
    assert_one_line_edits(&completion, 34, 39);

    // A component wrapped onto the next line: the edit stays on the
    // cursor's line and writes only what is not there yet.
    h.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri(&d261), "version": 3},
               "contentChanges": [{"range": {"start": {"line": 34, "character": 14}, "end": {"line": 35, "character": 8}},
                                   "text": "Library of Congress, Manuscript\n    Divi"}]}),
    )
    .await;
    let completion = h
        .request(
            "textDocument/completion",
            json!({"textDocument": {"uri": uri(&d261)}, "position": {"line": 35, "character": 8}}),
        )
        .await;
    assert_one_line_edits(&completion, 35, 8);
    let first = &completion["result"]["items"][0];
    assert_eq!(first["label"], "Manuscript Division", "{completion}");
    assert_eq!(first["textEdit"]["newText"], "Division", "{completion}");
    assert_eq!(
        first["textEdit"]["range"]["start"]["character"], 4,
        "{completion}"
    );
}

/// LSP 3.17: a completion's edit is on one line and holds the cursor.
fn assert_one_line_edits(completion: &Value, line: u64, character: u64) {
    let items = completion["result"]["items"].as_array().expect("items");
    assert!(!items.is_empty(), "{completion}");
    for item in items {
        let range = &item["textEdit"]["range"];
        let (start, end) = (&range["start"], &range["end"]);
        assert_eq!(start["line"].as_u64(), Some(line), "{item}");
        assert_eq!(end["line"].as_u64(), Some(line), "{item}");
        let (a, b) = (start["character"].as_u64(), end["character"].as_u64());
        assert!(a <= Some(character) && Some(character) <= b, "{item}");
    }
}

/// Codes with their LSP severities (1 error … 4 hint), sorted.
fn severities(p: &Value) -> Vec<(String, i64)> {
    let mut v: Vec<(String, i64)> = p["diagnostics"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|d| !typographic(d))
                .map(|d| {
                    (
                        d["code"].as_str().unwrap_or_default().to_string(),
                        d["severity"].as_i64().unwrap_or_default(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn pairs(list: &[(&str, i64)]) -> Vec<(String, i64)> {
    list.iter().map(|(c, s)| (c.to_string(), *s)).collect()
}

#[tokio::test]
async fn client_severity_settings_apply_over_emend_toml() {
    let dir = tempfile::tempdir().expect("tempdir");
    example(dir.path());
    // The file switches the gap rule off and makes unknown documents
    // warnings; the client's settings make them hints.
    std::fs::write(
        dir.path().join("emend.toml"),
        "[severity]\ndocument-gap = \"off\"\nref-unknown-document = \"warning\"\n",
    )
    .expect("write");
    let mut h = Harness::new();
    h.start_with(
        dir.path(),
        json!({}),
        json!({"severity": {"ref-unknown-document": "hint"}}),
    )
    .await;
    let first = h.diagnostics("d256.emd", |_| true).await;
    assert_eq!(
        severities(&first),
        pairs(&[("ref-unknown-document", 4), ("ref-unknown-document", 4)])
    );

    // workspace/didChangeConfiguration replaces the client's settings: the
    // file's level for unknown documents is back, and the gap is an error.
    h.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"emend": {"severity": {"document-gap": "error"}}}}),
    )
    .await;
    let changed = h.diagnostics("d256.emd", |p| codes(p).len() == 3).await;
    assert_eq!(
        severities(&changed),
        pairs(&[
            ("document-gap", 1),
            ("ref-unknown-document", 2),
            ("ref-unknown-document", 2)
        ])
    );

    // Settings of other sections leave emend's alone.
    h.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"other": {"severity": {"document-gap": "off"}}}}),
    )
    .await;

    // A bad entry is shown to the user; the others still apply.
    h.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"emend": {"severity": {"documnet-gap": "off", "ref-unknown-document": "error", "person-unused": 3}}}}),
    )
    .await;
    let warning = h.notification("window/showMessage", |_| true).await;
    let message = warning["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("emend.severity.documnet-gap") && message.contains("document-gap"),
        "{warning}"
    );
    let later = h
        .diagnostics("d256.emd", |p| {
            severities(p)
                .iter()
                .any(|(c, s)| c == "ref-unknown-document" && *s == 1)
        })
        .await;
    assert_eq!(
        severities(&later),
        pairs(&[("ref-unknown-document", 1), ("ref-unknown-document", 1)])
    );
}

#[tokio::test]
async fn a_root_that_is_no_file_uri_indexes_nothing() {
    let mut h = Harness::new();
    h.request(
        "initialize",
        json!({"processId": null, "rootUri": "http://example.com/", "capabilities": {}}),
    )
    .await;
    h.notify("initialized", json!({})).await;
    let symbols = h.request("workspace/symbol", json!({"query": ""})).await;
    assert_eq!(symbols["result"], json!([]), "{symbols}");
}

/// A `git:` URI names an old revision, not the file: opening it leaves the
/// file's facts and diagnostics as they are.
#[tokio::test]
async fn documents_of_other_schemes_do_not_replace_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let volume = example(dir.path());
    let d261 = volume.join("d261.emd");
    let mut h = Harness::new();
    h.start(&volume, json!({})).await;
    let before = h.diagnostics("d261.emd", |_| true).await;
    let revision = format!("git:{}?%7B%22ref%22%3A%22HEAD~1%22%7D", d261.display());
    h.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": revision, "languageId": "emend", "version": 1,
                                "text": "# 999. Another Title\n\nSee Document 12345.\n"}}),
    )
    .await;
    let symbols = h
        .request(
            "workspace/symbol",
            json!({"query": "Memorandum for Personal"}),
        )
        .await;
    let names = symbols["result"].to_string();
    assert!(names.contains("Document 261"), "{symbols}");
    assert!(!names.contains("Another Title"), "{symbols}");
    let hover = h
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": revision}, "position": {"line": 2, "character": 6}}),
        )
        .await;
    assert_eq!(hover["result"], Value::Null, "{hover}");
    // Nothing was published for the revision, and d261's findings stand.
    assert!(!h
        .drain()
        .iter()
        .any(|r| r.method() == "textDocument/publishDiagnostics"
            && serde_json::to_value(r.params()).unwrap_or_default()["uri"]
                .as_str()
                .is_some_and(|u| u.starts_with("git:"))));
    assert_eq!(codes(&before).len(), 3, "{before}");
}

/// A rule's fix is a quick fix: the edit it attached to the finding.
#[tokio::test]
async fn typographic_findings_have_quick_fixes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let volume = dir.path().join("v");
    std::fs::create_dir_all(&volume).expect("mkdir");
    std::fs::write(volume.join("volume.emd"), "# V\nVolume: frus1964-68v03\n").expect("write");
    let d1 = volume.join("d1.emd");
    std::fs::write(
        &d1,
        "# 1. Memo[^1]\nDateline: May 1, 1965.\n\nHe said \"yes\" and one[Page 8] more.\n\n[^1]: Source: X Library. Secret.\n",
    )
    .expect("write");
    let mut h = Harness::new();
    h.start(dir.path(), json!({})).await;
    let published = h
        .diagnostics("d1.emd", |p| {
            p["diagnostics"].to_string().contains("quote-straight")
        })
        .await;
    let diagnostics = published["diagnostics"].clone();
    let actions = h
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri(&d1)},
                   "range": {"start": {"line": 3, "character": 0}, "end": {"line": 3, "character": 40}},
                   "context": {"diagnostics": diagnostics}}),
        )
        .await;
    let list = actions["result"].as_array().expect("actions");
    let titles: Vec<&str> = list.iter().filter_map(|a| a["title"].as_str()).collect();
    assert_eq!(
        titles,
        ["Write `“`", "Write `”`", "Put a space before [Page 8]"],
        "{actions}"
    );
    let edit = &list[0]["edit"]["changes"][uri(&d1)][0];
    assert_eq!(edit["newText"], "“");
    assert_eq!(edit["range"]["start"], json!({"line": 3, "character": 8}));
    assert_eq!(
        list[0]["diagnostics"][0]["code"], "quote-straight",
        "{actions}"
    );
    let space = &list[2]["edit"]["changes"][uri(&d1)][0];
    assert_eq!(space["newText"], " ");
    assert_eq!(space["range"]["start"], json!({"line": 3, "character": 21}));
}

/// A FRUS TEI file is served as it is: indexed from the workspace, its
/// diagnostics published with positions in the XML, hover on a persName,
/// and an edit of the open document re-checked.
#[tokio::test]
async fn tei_files_are_served_as_they_are() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<TEI xmlns=\"http://www.tei-c.org/ns/1.0\" xml:id=\"frus1964-68v03\">\n<text><front><div type=\"section\" xml:id=\"persons\"><head>Persons</head><list>\n<item><persName xml:id=\"p_RD1\">Rusk, Dean</persName>, Secretary of State</item>\n</list></div></front>\n<body><div type=\"document\" n=\"4\" xml:id=\"d4\"><head>4. Memo<note n=\"1\" xml:id=\"d4fn1\" type=\"source\">Source: Department of State, Central Files. Secret.</note></head>\n<p><persName corresp=\"#p_RD1\">Rusk</persName> saw <ref target=\"#d9\">Document 9</ref>.</p></div></body></text>\n</TEI>\n";
    let path = dir.path().join("frus1964-68v03.xml");
    std::fs::write(&path, text).expect("write");
    // Other XML is left alone.
    std::fs::write(dir.path().join("settings.xml"), "<settings/>").expect("write");
    let mut h = Harness::new();
    h.start(dir.path(), json!({})).await;
    let published = h
        .diagnostics("frus1964-68v03.xml", |p| {
            codes(p).iter().any(|c| c == "ref-unknown-document")
        })
        .await;
    let unknown = published["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|d| d["code"] == "ref-unknown-document")
        .expect("the finding");
    // Line 6 (0-based) of the XML, at the target's value.
    assert_eq!(unknown["range"]["start"]["line"], 6);
    let line = text.lines().nth(6).expect("line 6");
    let col = line.find("#d9").expect("the target") as u64;
    assert_eq!(unknown["range"]["start"]["character"], col);

    h.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri(&path), "languageId": "xml", "version": 1, "text": text}}),
    )
    .await;
    let at = line.find("p_RD1").expect("the mention") as u64;
    let hover = h
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri(&path)}, "position": {"line": 6, "character": at}}),
        )
        .await;
    assert!(hover.to_string().contains("Rusk, Dean"), "{hover}");

    // The reference is mended in the editor: the finding goes.
    let start = line.find("#d9").expect("the target") as u64;
    h.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": uri(&path), "version": 2},
            "contentChanges": [{
                "range": {"start": {"line": 6, "character": start + 2}, "end": {"line": 6, "character": start + 3}},
                "text": "4"
            }]
        }),
    )
    .await;
    let mended = h
        .diagnostics("frus1964-68v03.xml", |p| {
            p["version"] == 2 && !codes(p).iter().any(|c| c == "ref-unknown-document")
        })
        .await;
    assert!(codes(&mended).is_empty(), "{mended}");
}

/// An XML file that is no TEI when opened is left alone; typed into a TEI,
/// it is served from its whole text.
#[tokio::test]
async fn xml_that_becomes_tei_in_the_editor_is_served() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("new.xml");
    // A root element that is not TEI yet, made TEI by two small edits.
    let body = " xmlns=\"http://www.tei-c.org/ns/1.0\" xml:id=\"frus1964-68v03\"><text><body><div type=\"document\" n=\"1\" xml:id=\"d1\"><head>1. Memo<note n=\"1\" xml:id=\"d1fn1\" type=\"source\">Source: Department of State, Central Files. Secret.</note></head><p>See <ref target=\"#d7\">Document 7</ref>.</p></div></body></text></";
    let before = format!("<TEX{body}TEX>\n");
    let tei = format!("<TEI{body}TEI>\n");
    std::fs::write(&path, &before).expect("write");
    // A markup file whose findings say the workspace is indexed.
    std::fs::write(
        dir.path().join("lone.emd"),
        "# 1. Memo\n\nSee Document 5.\n",
    )
    .expect("write");
    let mut h = Harness::new();
    h.start(dir.path(), json!({})).await;
    h.diagnostics("lone.emd", |p| {
        codes(p).iter().any(|c| c == "ref-unknown-document")
    })
    .await;
    h.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri(&path), "languageId": "xml", "version": 1, "text": before}}),
    )
    .await;
    let end = (before.len() - 2) as u64;
    h.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": uri(&path), "version": 2},
            "contentChanges": [
                {"range": {"start": {"line": 0, "character": end - 1}, "end": {"line": 0, "character": end}}, "text": "I"},
                {"range": {"start": {"line": 0, "character": 3}, "end": {"line": 0, "character": 4}}, "text": "I"}
            ]
        }),
    )
    .await;
    let published = h
        .diagnostics("new.xml", |p| {
            codes(p).iter().any(|c| c == "ref-unknown-document")
        })
        .await;
    let d = published["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|d| d["code"] == "ref-unknown-document")
        .expect("the finding");
    let col = tei.find("#d7").expect("the target") as u64;
    assert_eq!(d["range"]["start"]["character"], col);
}
