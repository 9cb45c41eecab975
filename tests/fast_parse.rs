//! The syntax tree as laid out in one array is tree-sitter's tree, node
//! for node; and the fast front end (the grammar's tables driven without
//! tree-sitter's runtime) gives that tree on real and generated markup, on
//! edits of it and on any text, and parses the real files itself rather
//! than leaving them to tree-sitter.

#[path = "support/markup_pieces.rs"]
mod markup_pieces;
#[path = "../benches/support/workspace_gen.rs"]
mod workspace_gen;

use emend::syntax::{parse, parse_tree_by_tables, Node, SyntaxTree};
use markup_pieces::PIECES;
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

/// Holds the laid-out tree to tree-sitter's: the same visible nodes in the
/// same order, with the same symbols, fields, bytes and error flags, and
/// links that lead where tree-sitter's do.
fn assert_mirrors(ts: tree_sitter::Node, field: u16, ours: Node) {
    assert_eq!(ours.kind_id(), ts.kind_id(), "{ours:?}");
    assert_eq!(ours.field_id(), field, "{ours:?}");
    assert_eq!(ours.byte_range(), ts.byte_range(), "{ours:?}");
    assert_eq!(ours.kind(), ts.kind(), "{ours:?}");
    assert_eq!(
        (
            ours.is_named(),
            ours.is_error(),
            ours.is_missing(),
            ours.has_error()
        ),
        (
            ts.is_named(),
            ts.is_error(),
            ts.is_missing(),
            ts.has_error()
        ),
        "{ours:?}"
    );
    let mut cursor = ts.walk();
    let mut theirs = Vec::new();
    if cursor.goto_first_child() {
        loop {
            theirs.push((cursor.node(), cursor.field_id().map_or(0, |f| f.get())));
            if !cursor.goto_next_sibling() {
                break;
            }
        }
    }
    let mine: Vec<Node> = ours.children().collect();
    assert_eq!(mine.len(), theirs.len(), "children of {ours:?}");
    let backward: Vec<Node> =
        std::iter::successors(ours.last_child(), |n| n.prev_sibling()).collect();
    assert!(backward.into_iter().rev().eq(mine.iter().copied()));
    for (child, (ts_child, field)) in mine.iter().zip(theirs) {
        assert_eq!(child.parent(), Some(ours));
        assert_mirrors(ts_child, field, *child);
    }
    let named = ts.named_children(&mut ts.walk()).count();
    assert_eq!(ours.named_children().count(), named);
    assert_eq!(ours.descendants().count(), ts.descendant_count());
}

fn laid_out_as_parsed(text: &str) {
    let ts = parse(text);
    let ours = SyntaxTree::from_tree_sitter(&ts);
    assert_eq!(ours.len(), ts.root_node().descendant_count());
    assert_eq!(ours.root_node().parent(), None);
    assert_mirrors(ts.root_node(), 0, ours.root_node());
}

#[test]
fn the_example_volume_is_laid_out_as_parsed() {
    for text in [
        include_str!("../seeds/frus1964-68v03/d261.emd"),
        include_str!("../seeds/frus1964-68v03/persons.emd"),
        "",
        "\n\n",
        "# 1. A\n\n| a | b |\n|---|---|\n| 1 || \n\n[^1]: x [ y\n",
    ] {
        laid_out_as_parsed(text);
    }
}

/// Texts assembled from pieces of markup.
fn assembled(picks: &[usize]) -> String {
    picks.iter().map(|&i| PIECES[i]).collect()
}

proptest! {
    #[test]
    fn any_markup_is_laid_out_as_parsed(picks in proptest::collection::vec(0..PIECES.len(), 0..60)) {
        laid_out_as_parsed(&assembled(&picks));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    #[test]
    fn any_markup_is_parsed_as_tree_sitter_parses_it_or_left_to_it(
        picks in proptest::collection::vec(0..PIECES.len(), 0..40)
    ) {
        let text = assembled(&picks);
        parsed_as_tree_sitter_does(&format!("{text:?}"), &text);
    }
}

proptest! {
    #[test]
    fn any_text_at_all_is_parsed_as_tree_sitter_parses_it_or_left_to_it(text in "\\PC{0,300}") {
        parsed_as_tree_sitter_does(&format!("{text:?}"), &text);
    }
}

/// Words around the places where plain text stops: keywords and their
/// first letters, digits, letters outside ASCII.
const WORDS: &[&str] = &[
    "Document",
    "document",
    "Documents",
    "footnote",
    "Footnote",
    "Foreign",
    "Relations,",
    "D",
    "d",
    "f",
    "F",
    "Df",
    "dd",
    "fD9",
    "12",
    "12a",
    "and",
    "to",
    "é",
    "Ü",
    "ßf",
    "D’",
    "x",
    "the",
    " ",
    "  ",
    "\n",
    "\n  ",
    ",",
    ".",
    "–",
    "vol.",
    "II,",
    "1964–1968,",
    "part",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]
    #[test]
    fn prose_is_parsed_as_tree_sitter_parses_it(
        words in proptest::collection::vec(0..WORDS.len(), 0..80)
    ) {
        let text: String = std::iter::once("# 1. T\n\n")
            .chain(words.iter().map(|&i| WORDS[i]))
            .collect();
        prop_assert!(
            parsed_as_tree_sitter_does(&format!("{text:?}"), &text),
            "left to tree-sitter: {text:?}"
        );
    }
}

#[test]
fn most_error_free_markup_is_parsed_without_tree_sitter() {
    use proptest::strategy::{Strategy, ValueTree};
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = proptest::collection::vec(0..PIECES.len(), 0..40);
    let (mut clean, mut fast) = (0, 0);
    for _ in 0..2000 {
        let text = assembled(&strategy.new_tree(&mut runner).expect("a value").current());
        if parse(&text).root_node().has_error() {
            continue;
        }
        clean += 1;
        if parsed_as_tree_sitter_does(&format!("{text:?}"), &text) {
            fast += 1;
        } else {
            eprintln!("left to tree-sitter: {text:?}");
        }
    }
    eprintln!("{fast} of {clean} error-free texts parsed by the tables alone");
    assert!(fast * 10 >= clean * 9, "{fast} of {clean}");
}
