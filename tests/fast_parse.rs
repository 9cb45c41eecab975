//! The fast front end (the grammar's tables driven without tree-sitter's
//! runtime) gives tree-sitter's tree, node for node, on real and generated
//! markup and on edits of it; and it parses the real files itself rather
//! than leaving them to tree-sitter.

#[path = "../benches/support/workspace_gen.rs"]
mod workspace_gen;

use emend::syntax::{parse, parse_tree_by_tables, SyntaxTree};
use proptest::prelude::*;
use std::path::{Path, PathBuf};

/// Whether the tables parsed `text`; where they did, their tree must be
/// tree-sitter's.
fn parsed_as_tree_sitter_does(name: &str, text: &str) -> bool {
    let slow = SyntaxTree::from_tree_sitter(&parse(text));
    match parse_tree_by_tables(text) {
        Some(fast) => {
            assert!(fast == slow, "{name}: the trees differ");
            true
        }
        None => false,
    }
}

fn markup_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            markup_under(&path, out);
        } else if path.extension().is_some_and(|e| e == "emd") {
            out.push(path);
        }
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The seeds' markup and the markup imported from the real TEI excerpts.
fn real_markup() -> Vec<(String, String)> {
    let mut files = Vec::new();
    let mut paths = Vec::new();
    markup_under(&root().join("seeds"), &mut paths);
    markup_under(&root().join("tests/fixtures/frus1964-68v03"), &mut paths);
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("a markup file");
        files.push((path.display().to_string(), text));
    }
    let tei = root().join("tests/fixtures/tei-volumes");
    let mut volumes: Vec<PathBuf> = std::fs::read_dir(&tei)
        .expect("the TEI fixtures")
        .flatten()
        .map(|e| e.path())
        .collect();
    volumes.sort();
    for volume in volumes {
        let Ok(entries) = std::fs::read_dir(&volume) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "xml") {
                continue;
            }
            let xml = std::fs::read_to_string(&path).expect("a TEI file");
            let imported = emend::tei::import(&xml, "volume").expect("the fixture imports");
            for (name, text) in imported.files {
                files.push((format!("{} → {name}", path.display()), text));
            }
        }
    }
    assert!(files.len() > 50, "only {} files", files.len());
    files
}

#[test]
fn real_markup_is_parsed_by_the_tables_as_tree_sitter_parses_it() {
    let files = real_markup();
    let mut left = Vec::new();
    for (name, text) in &files {
        let clean = !parse(text).root_node().has_error();
        if !parsed_as_tree_sitter_does(name, text) && clean {
            left.push(name.clone());
        }
    }
    assert!(
        left.is_empty(),
        "{} of {} error-free files left to tree-sitter: {left:?}",
        left.len(),
        files.len()
    );
}

#[test]
fn generated_workspaces_are_parsed_by_the_tables_as_tree_sitter_parses_them() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let spec = workspace_gen::Spec::new(3, 40, 7);
    workspace_gen::generate(dir.path(), &spec).expect("the workspace is written");
    let mut paths = Vec::new();
    markup_under(dir.path(), &mut paths);
    assert!(paths.len() > 100);
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("a markup file");
        assert!(
            parsed_as_tree_sitter_does(&path.display().to_string(), &text),
            "{} left to tree-sitter",
            path.display()
        );
    }
}

/// Pieces that break markup, or make it, inserted into real files.
const PIECES: &[&str] = &[
    "[",
    "]",
    "[^1]",
    "[^2]: x\n",
    "]{@",
    "]{=X}",
    "](#d1)",
    "{.center} ",
    "*",
    "**",
    "\\",
    "\n",
    "\n\n",
    "\r\n",
    "\n    ",
    "\n# 12. T\n",
    "## A\n",
    "- ",
    "- 1. ",
    "> ",
    "[@X1]: ",
    "Dateline: x\n",
    "Document 4",
    "Documents 1, 2, and 3",
    "footnote 3, Document 2",
    " to Document ",
    "Foreign Relations, 1964–1968, vol. II, Document 35",
    "–",
    "[Page 7]",
    "| a | b |\n",
    "word ",
    "é",
    "\t",
    "XX",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn edits_of_real_markup_are_parsed_as_tree_sitter_parses_them_or_left_to_it(
        file in 0usize..1000,
        edits in proptest::collection::vec((0usize..100_000, 0usize..40, 0..PIECES.len()), 1..6),
    ) {
        let files = real_files();
        let (name, text) = &files[file % files.len()];
        let mut text = text.clone();
        for (at, cut, piece) in edits {
            let mut at = at % (text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let mut end = (at + cut).min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            text.replace_range(at..end, PIECES[piece]);
        }
        parsed_as_tree_sitter_does(name, &text);
    }
}

fn real_files() -> &'static [(String, String)] {
    static FILES: std::sync::OnceLock<Vec<(String, String)>> = std::sync::OnceLock::new();
    FILES.get_or_init(real_markup)
}
