//! The facts kept in the cache are the facts extracted: every file of the
//! example volume, of the real TEI excerpts and of the TEI corpus, written
//! and read back, gives facts and a line index equal to its own.

mod tei_common;

use emend::cache::{facts, Store};
use emend::index::Workspace;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn texts() -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    for dir in ["seeds/frus1964-68v03", "tests/fixtures/frus1964-68v03"] {
        let Ok(entries) = std::fs::read_dir(root().join(dir)) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let markup = path.extension().is_some_and(|e| e == "emd");
            if markup {
                let text = std::fs::read_to_string(&path).expect("readable");
                out.push((path, text));
            }
        }
    }
    for (name, xml) in tei_common::volume_excerpts() {
        out.push((root().join(format!("tei/{name}.xml")), xml));
    }
    out
}

#[test]
fn facts_read_back_from_the_cache_are_the_facts_extracted() {
    let files = texts();
    assert!(files.len() > 8, "the inputs were found: {}", files.len());
    let ws = Workspace::from_texts(files);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let store = Store::open(dir.path().join("cache")).expect("the build is known");
    facts::write(&store, "facts", &ws, &facts::Kept::default()).expect("written");
    let shards: Vec<String> = ws
        .volumes
        .iter()
        .map(|v| facts::shard_name("facts", &v.key))
        .collect();
    let mut kept = facts::Kept::read(&store, &shards);
    for f in &ws.files {
        let back = kept
            .take(f.text_hash, f.kind)
            .unwrap_or_else(|| panic!("{}: kept", f.path.display()));
        assert_eq!(
            format!("{:?}", back.facts),
            format!("{:?}", f.facts),
            "{}",
            f.path.display()
        );
        assert_eq!(format!("{:?}", back.lines), format!("{:?}", f.lines));
    }
}
