//! Bad input never panics: random bytes and random edits of real files go
//! through parsing, fact extraction and every rule. Facts must point at
//! real text.

#[path = "support/markup_pieces.rs"]
mod markup_pieces;

use emend::features::citations::{complete::complete, hover::hover};
use emend::index::Authority;
use emend::index::Workspace;
use emend::rules::archive_fix as fix;
use emend::rules::{self, Severities};
use markup_pieces::PIECES;
use proptest::prelude::*;
use std::path::PathBuf;

const EXAMPLE: &[(&str, &str)] = &[
    (
        "volume.emd",
        include_str!("../seeds/frus1964-68v03/volume.emd"),
    ),
    (
        "persons.emd",
        include_str!("../seeds/frus1964-68v03/persons.emd"),
    ),
    (
        "terms.emd",
        include_str!("../seeds/frus1964-68v03/terms.emd"),
    ),
    ("d236.emd", include_str!("../seeds/frus1964-68v03/d236.emd")),
    ("d256.emd", include_str!("../seeds/frus1964-68v03/d256.emd")),
    ("d261.emd", include_str!("../seeds/frus1964-68v03/d261.emd")),
];

fn check_all(files: Vec<(PathBuf, String)>) {
    let ws = Workspace::from_texts(files);
    for f in &ws.files {
        let text = f.retained_text().expect("texts are kept");
        let ok = |s: &std::ops::Range<usize>| {
            s.start <= s.end
                && s.end <= text.len()
                && text.is_char_boundary(s.start)
                && text.is_char_boundary(s.end)
        };
        let facts = &f.facts;
        for d in &facts.documents {
            assert!(ok(&d.span) && ok(&d.number_span) && ok(&d.heading_span));
        }
        for x in &facts.footnotes {
            assert!(ok(&x.span) && ok(&x.label_span) && ok(&x.text_span));
        }
        for r in &facts.footnote_refs {
            assert!(ok(&r.span));
        }
        for r in &facts.references {
            assert!(ok(&r.span));
        }
        for m in facts.person_mentions.iter().chain(&facts.term_mentions) {
            assert!(ok(&m.span) && ok(&m.id_span));
        }
        for e in facts.persons.iter().chain(&facts.terms) {
            assert!(ok(&e.span) && ok(&e.id_span));
        }
        for e in &facts.syntax_errors {
            assert!(ok(&e.range));
        }
        for note in facts.footnotes.iter().filter_map(|d| d.source.as_ref()) {
            assert!(ok(&note.label_span) && ok(&note.citation_span) && ok(&note.rest_span));
            assert!(note.full_stop.iter().all(ok));
            for c in &note.components {
                assert!(ok(&c.span) && ok(&c.slot));
            }
            for m in note.classification.iter().chain(&note.handling) {
                assert!(ok(&m.span));
            }
        }
        for item in &facts.source_items {
            assert!(ok(&item.span));
            assert!(item.components.iter().all(|c| ok(&c.span)));
        }
    }
    // Completion, hover and quick fixes anywhere in every file.
    let authority = Authority::from_workspace(&ws);
    for (i, f) in ws.files.iter().enumerate() {
        let len = f.retained_text().expect("texts are kept").len();
        let step = (len / 97).max(1);
        let interesting = f
            .facts
            .footnotes
            .iter()
            .filter_map(|d| d.source.as_ref())
            .flat_map(|n| {
                n.components
                    .iter()
                    .flat_map(|c| [c.span.start, c.span.end, c.slot.end])
            });
        for at in (0..=len + 1).step_by(step).chain(interesting) {
            if let Some(c) = complete(&ws, &authority, i, at) {
                assert!(c.replace.start <= c.replace.end && c.replace.end <= len);
            }
            if let Some(h) = hover(&ws, &authority, i, at) {
                assert!(h.span.end <= len && !h.path.is_empty());
            }
        }
        for x in fix::fixes(&ws, &authority, i) {
            assert!(
                x.edit.span.end <= len
                    && f.retained_text()
                        .unwrap_or_default()
                        .is_char_boundary(x.edit.span.start)
            );
        }
    }
    for d in rules::check(&ws, &Severities::default()) {
        let f = &ws.files[d.file];
        assert!(
            d.span.end <= f.retained_text().expect("texts are kept").len()
                && f.retained_text()
                    .unwrap_or_default()
                    .is_char_boundary(d.span.start)
        );
        assert!(!d.message.is_empty());
    }
}

fn edited(base: &str, edits: &[(usize, usize, usize)]) -> String {
    let mut text = base.to_string();
    for &(at, delete, piece) in edits {
        let mut at = at % (text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let mut end = (at + delete % 12).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.replace_range(at..end, PIECES[piece % PIECES.len()]);
    }
    text
}

proptest! {
    // 256 cases per property in the test suite; PROPTEST_CASES=N for a
    // longer fuzzing run.
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256)
    ))]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        check_all(vec![(PathBuf::from("v/a.emd"), text)]);
    }

    #[test]
    fn random_markup_pieces_never_panic(pieces in proptest::collection::vec(0..PIECES.len(), 0..80)) {
        let text: String = pieces.iter().map(|&i| PIECES[i]).collect();
        check_all(vec![
            (PathBuf::from("v/volume.emd"), "# V\nVolume: frus1964-68v03\n".to_string()),
            (PathBuf::from("v/a.emd"), text),
        ]);
    }

    #[test]
    fn random_edits_of_the_example_never_panic(
        file in 0..EXAMPLE.len(),
        edits in proptest::collection::vec((any::<usize>(), any::<usize>(), any::<usize>()), 1..12),
    ) {
        let files = EXAMPLE
            .iter()
            .enumerate()
            .map(|(i, (name, text))| {
                let text = if i == file { edited(text, &edits) } else { text.to_string() };
                (PathBuf::from("frus1964-68v03").join(name), text)
            })
            .collect();
        check_all(files);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// The authority updated file by file is the authority built afresh.
    #[test]
    fn incremental_authority_equals_a_rebuild(
        file in 0..EXAMPLE.len(),
        edits in proptest::collection::vec((any::<usize>(), any::<usize>(), any::<usize>()), 1..12),
    ) {
        let files: Vec<(PathBuf, String)> = EXAMPLE
            .iter()
            .map(|(name, text)| (PathBuf::from("frus1964-68v03").join(name), text.to_string()))
            .collect();
        let ws = Workspace::from_texts(files.clone());
        let mut authority = Authority::from_workspace(&ws);
        let mut changed = files;
        changed[file].1 = edited(&changed[file].1, &edits);
        let ws2 = Workspace::from_texts(changed);
        let i = ws2
            .files
            .iter()
            .position(|f| f.path.ends_with(EXAMPLE[file].0))
            .expect("the edited file");
        authority.set_file(&ws2.files[i].path, &ws2.volume_of(i).id, &ws2.files[i].facts);
        let fresh = Authority::from_workspace(&ws2);
        prop_assert_eq!(authority.entries(), fresh.entries());
        prop_assert_eq!(authority.stats(), fresh.stats());
    }
}

/// Inputs that once broke something, kept as regressions.
#[test]
fn regressions() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("tests/regressions") {
        let path = entry.expect("entry").path();
        let bytes = std::fs::read(&path).expect("read");
        check_all(vec![(
            PathBuf::from("v/x.emd"),
            String::from_utf8_lossy(&bytes).into_owned(),
        )]);
        n += 1;
    }
    assert!(n > 0, "the regression folder holds inputs");
}

#[test]
fn deep_nesting_and_long_lines() {
    let deep = format!("{}x{}\n", "[".repeat(50_000), "]".repeat(50_000));
    let stars = "*a ".repeat(20_000);
    let long_ref = format!("See Documents 1{}.\n", ", 2".repeat(20_000));
    for text in [deep, stars, long_ref] {
        check_all(vec![(PathBuf::from("v/a.emd"), text)]);
    }
}
