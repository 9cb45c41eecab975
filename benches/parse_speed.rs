//! The markup parsers on their own, one core: tree-sitter's runtime, the
//! layout of its tree as a `SyntaxTree`, the fast front end (the same
//! tables without the runtime), and an incremental re-parse after a small
//! edit, over generated FRUS-shaped documents joined into one text (a
//! chapter file) and over the same documents one by one; and, as the
//! yardstick, tree-sitter's runtime with a grammar of tree-sitter's own
//! organisation (tree-sitter-xml) on a FRUS-shaped TEI volume of the same
//! size. Prints MB/s.
//!
//! `cargo bench --bench parse_speed [-- --mb 4 --runs 5]`

#[path = "support/args.rs"]
mod args;
#[path = "support/tei_volume.rs"]
mod tei_volume;
#[path = "support/workspace_gen.rs"]
mod workspace_gen;

use emend::syntax::edit::point_at;
use emend::syntax::{parse, parse_tree_by_tables, parse_with_old, SyntaxTree};
use std::time::Instant;

/// The median of `runs` timings of `f`, in seconds.
fn median(runs: usize, mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..runs.max(1))
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64()
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn main() {
    let mb = args::number("--mb", 4) as f64;
    let runs = args::number("--runs", 5);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let spec = workspace_gen::Spec::for_size((mb * 1e6) as u64, 1, 1964);
    workspace_gen::generate(dir.path(), &spec).expect("the documents are written");
    let mut paths: Vec<_> = std::fs::read_dir(dir.path().join("frus1964-68v01"))
        .expect("the volume")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('d'))
        })
        .collect();
    paths.sort();
    let documents: Vec<String> = paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("a document"))
        .collect();
    let chapter: String = documents.concat();
    let bytes = chapter.len() as f64;
    let rate = |secs: f64| bytes / secs / 1e6;
    println!(
        "{} documents, {:.1} MB; median of {runs} runs, one core",
        documents.len(),
        bytes / 1e6
    );
    assert!(
        parse_tree_by_tables(&chapter)
            .is_some_and(|t| t == SyntaxTree::from_tree_sitter(&parse(&chapter))),
        "the fast front end must parse the chapter as tree-sitter does"
    );

    let ts = median(runs, || drop(parse(&chapter)));
    let tree = parse(&chapter);
    let layout = median(runs, || drop(SyntaxTree::from_tree_sitter(&tree)));
    let fast = median(runs, || drop(parse_tree_by_tables(&chapter)));
    let ts_docs = median(runs, || {
        for d in &documents {
            drop(parse(d));
        }
    });
    let fast_docs = median(runs, || {
        for d in &documents {
            drop(parse_tree_by_tables(d));
        }
    });
    // An edit in the middle of the chapter, as the server re-parses it.
    let at = chapter.len() / 2;
    let at = (at..chapter.len())
        .find(|&i| chapter.is_char_boundary(i) && chapter.as_bytes()[i] == b' ')
        .unwrap_or(0);
    let mut edited = chapter.clone();
    edited.insert_str(at, " word");
    let mut old = parse(&chapter);
    old.edit(&tree_sitter::InputEdit {
        start_byte: at,
        old_end_byte: at,
        new_end_byte: at + 5,
        start_position: point_at(&chapter, at),
        old_end_position: point_at(&chapter, at),
        new_end_position: point_at(&edited, at + 5),
    });
    let incremental = median(runs, || drop(parse_with_old(&edited, &old)));
    let (tei, _) = tei_volume::volume(chapter.len());
    let xml = median(runs, || drop(emend::syntax::xml::parse(&tei)));
    let xml_rate = tei.len() as f64 / xml / 1e6;

    println!("{:<44}{:>10}{:>12}", "", "time", "MB/s");
    for (name, secs) in [
        ("tree-sitter, the chapter", ts),
        ("its tree laid out as a SyntaxTree", layout),
        ("fast front end, the chapter", fast),
        ("tree-sitter, document by document", ts_docs),
        ("fast front end, document by document", fast_docs),
        ("tree-sitter, again after a 5-byte edit", incremental),
    ] {
        println!("{name:<44}{:>8.1} ms{:>12.1}", secs * 1e3, rate(secs));
    }
    println!(
        "{:<44}{:>8.1} ms{:>12.1}",
        format!(
            "tree-sitter-xml, a {:.1} MB TEI volume",
            tei.len() as f64 / 1e6
        ),
        xml * 1e3,
        xml_rate
    );
}
