//! The real binary over stdio: `emend lsp` on a copy of the example volume.

#[path = "support/lsp_client.rs"]
mod lsp_client;

use lsp_client::{uri, LspClient};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

fn copy_example(dir: &Path) -> PathBuf {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds/frus1964-68v03");
    let dst = dir.join("frus1964-68v03");
    std::fs::create_dir_all(&dst).expect("mkdir");
    for entry in std::fs::read_dir(&src).expect("example volume") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, dst.join(path.file_name().expect("name"))).expect("copy");
    }
    dst
}

/// Codes of the diagnostics, but for the published text's straight
/// apostrophes (`quote-*`), whose findings `tests/cli.rs` checks.
fn codes(params: &Value) -> Vec<String> {
    params["diagnostics"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|d| d["code"].as_str().unwrap_or_default().to_string())
                .filter(|c| !c.starts_with("quote-"))
                .collect()
        })
        .unwrap_or_default()
}

fn for_file(name: &'static str) -> impl Fn(&Value) -> bool {
    move |p: &Value| p["uri"].as_str().is_some_and(|u| u.ends_with(name))
}

#[test]
fn the_binary_answers_over_stdio() {
    let dir = tempfile::tempdir().expect("tempdir");
    let volume = copy_example(dir.path());
    let mut client = LspClient::start(Path::new(env!("CARGO_BIN_EXE_emend")), dir.path());
    let init = client.initialize(
        dir.path(),
        json!({"window": {"workDoneProgress": true},
               "general": {"positionEncodings": ["utf-16"]}}),
    );
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(init["result"]["capabilities"]["textDocumentSync"], 2);

    // Once indexed, every file with findings gets its diagnostics.
    let d256 = client.notification("textDocument/publishDiagnostics", for_file("d256.emd"));
    let mut got = codes(&d256);
    got.sort();
    assert_eq!(
        got,
        [
            "document-gap",
            "ref-unknown-document",
            "ref-unknown-document"
        ]
    );

    let d261 = volume.join("d261.emd");
    let text = std::fs::read_to_string(&d261).expect("d261");
    client.open(&d261, &text);

    // Hover on "[Llewellyn E. Thompson]{@TLEJ1}" (line 39, 0-based 38).
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(&d261)}, "position": {"line": 38, "character": 10}}),
    );
    let value = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(
        value.starts_with("**Thompson, Llewellyn E., Jr.**"),
        "{hover}"
    );

    // "See Document 256." jumps to d256.emd's heading.
    let def = client.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri(&d261)}, "position": {"line": 36, "character": 12}}),
    );
    let target = &def["result"][0];
    assert!(
        target["uri"]
            .as_str()
            .is_some_and(|u| u.ends_with("d256.emd")),
        "{def}"
    );
    assert_eq!(target["range"]["start"]["line"], 0);

    // Typing an unfinished mention completes persons.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri(&d261), "version": 2},
               "contentChanges": [{"range": {"start": {"line": 5, "character": 0}, "end": {"line": 5, "character": 0}},
                                   "text": "[Okafor]{@Thomp"}]}),
    );
    let completion = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri(&d261)}, "position": {"line": 5, "character": 15}}),
    );
    let labels: Vec<&str> = completion["result"]["items"]
        .as_array()
        .map(|a| a.iter().filter_map(|i| i["label"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(labels, ["TLEJ1"], "{completion}");

    // Deleting footnote 6 of Document 236 makes d261's "footnote 6,
    // Document 236" an error, though d261 itself did not change.
    let d236 = volume.join("d236.emd");
    let text = std::fs::read_to_string(&d236).expect("d236");
    client.open(&d236, &text);
    let lines: Vec<&str> = text.lines().collect();
    let fn6 = lines
        .iter()
        .position(|l| l.starts_with("[^6]:"))
        .expect("footnote 6");
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri(&d236), "version": 2},
               "contentChanges": [{"range": {"start": {"line": fn6, "character": 0}, "end": {"line": fn6 + 2, "character": 0}},
                                   "text": ""}]}),
    );
    let updated = client.notification("textDocument/publishDiagnostics", |p| {
        for_file("d261.emd")(p) && codes(p).iter().any(|c| c == "ref-unknown-footnote")
    });
    assert!(updated["diagnostics"]
        .to_string()
        .contains("Document 236 has no footnote 6"));

    // Unknown files and positions far outside a file answer cleanly.
    let none = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///nowhere/x.emd"}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(none["result"], Value::Null);
    let far = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(&d261)}, "position": {"line": 9999, "character": 9999}}),
    );
    assert!(far.get("error").is_none(), "{far}");

    client.shutdown();
}

/// A long check of one volume holds up no edit or request about another:
/// the server applies an edit of the example volume and answers a hover in
/// it while it is still checking an edit of a large file elsewhere.
#[test]
fn a_long_check_does_not_hold_up_requests() {
    let dir = tempfile::tempdir().expect("tempdir");
    let volume = copy_example(dir.path());
    let big_dir = dir.path().join("big");
    std::fs::create_dir_all(&big_dir).expect("mkdir");
    std::fs::write(
        big_dir.join("volume.emd"),
        "# Big\nVolume: frus1964-68v04\n",
    )
    .expect("write");
    let seed = std::fs::read_to_string(volume.join("d261.emd")).expect("d261");
    let text: String = (1..=3000)
        .map(|n| seed.replacen("# 261.", &format!("# {n}."), 1) + "\n")
        .collect();
    let big = big_dir.join("big.emd");
    std::fs::write(&big, &text).expect("write");

    let mut client = LspClient::start(Path::new(env!("CARGO_BIN_EXE_emend")), dir.path());
    client.initialize(dir.path(), json!({}));
    client.notification("textDocument/publishDiagnostics", for_file("d261.emd"));
    client.open(&big, &text);
    client.notification("textDocument/publishDiagnostics", for_file("big.emd"));
    client.open(&volume.join("d261.emd"), &seed);

    // An edit of the big file that changes what its volume sees (a new
    // document), then at once a hover in the example volume.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri(&big), "version": 2},
               "contentChanges": [{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
                                   "text": "# 9999. Added\n\n"}]}),
    );
    // An edit of another file queued behind it: the hover that follows
    // waits for that edit, which must not wait for the check.
    let d261 = volume.join("d261.emd");
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri(&d261), "version": 2},
               "contentChanges": [{"range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 0}},
                                   "text": " "}]}),
    );
    let id = client.send_request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(&d261)}, "position": {"line": 38, "character": 10}}),
    );
    let answers = client.responses_until(&id);
    let hover = answers.last().expect("the hover");
    assert!(
        hover["result"]["contents"]["value"]
            .as_str()
            .is_some_and(|v| v.contains("Thompson")),
        "{hover}"
    );
    let edited =
        |p: &Value| p["uri"].as_str().is_some_and(|u| u.ends_with("big.emd")) && p["version"] == 2;
    assert!(
        !client.has_kept("textDocument/publishDiagnostics", edited),
        "the hover waited for the check of the big file"
    );
    // The check finishes and is published all the same.
    client.notification("textDocument/publishDiagnostics", edited);
    client.shutdown();
}

#[test]
fn the_server_starts_from_the_cache_of_a_check_and_reads_what_changed_since() {
    let dir = tempfile::tempdir().expect("tempdir");
    let volume = copy_example(dir.path());
    let long_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for entry in std::fs::read_dir(&volume).expect("listed") {
        let path = entry.expect("entry").path();
        std::fs::File::options()
            .write(true)
            .open(&path)
            .and_then(|f| f.set_modified(long_ago))
            .expect("aged");
    }
    // A check of the folder the server will serve leaves its cache there.
    let checked = std::process::Command::new(env!("CARGO_BIN_EXE_emend"))
        .args(["check", "--format", "json", "."])
        .env_remove("EMEND_CACHE_DIR")
        .env_remove("EMEND_NO_CACHE")
        .current_dir(dir.path())
        .output()
        .expect("emend check runs");
    assert!(String::from_utf8_lossy(&checked.stdout).contains("Document 241"));
    let cache = dir.path().join(".emend-cache");
    let facts_before = std::fs::read_dir(&cache)
        .expect("the cache")
        .flatten()
        .find(|e| e.file_name().to_string_lossy().starts_with("facts-"))
        .expect("the facts kept")
        .path();
    let bytes_before = std::fs::read(&facts_before).expect("readable");

    // Changed since: the server must read it, not take its old facts.
    let d256 = volume.join("d256.emd");
    let text = std::fs::read_to_string(&d256).expect("d256");
    std::fs::write(
        &d256,
        text.replace("See Document 241.", "See Document 261."),
    )
    .expect("written");

    let mut client = LspClient::start(Path::new(env!("CARGO_BIN_EXE_emend")), dir.path());
    client.initialize(dir.path(), json!({}));
    let d256_found = client.notification("textDocument/publishDiagnostics", for_file("d256.emd"));
    assert!(
        !d256_found.to_string().contains("Document 241"),
        "{d256_found}"
    );
    assert!(
        codes(&d256_found).contains(&"document-gap".to_string()),
        "{d256_found}"
    );
    // The other files' findings come from their kept facts all the same.
    let d261 = client.notification("textDocument/publishDiagnostics", for_file("d261.emd"));
    assert!(!codes(&d261).is_empty(), "{d261}");
    // The server keeps its load: the facts now include the changed file.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let rewritten = || std::fs::read(&facts_before).is_ok_and(|b| b != bytes_before);
    while !rewritten() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(rewritten(), "the server wrote its facts to the cache");
    client.shutdown();
}
