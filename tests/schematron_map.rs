//! `docs/schematron.md` maps every assert of FRUS's Schematron files
//! (`tests/data/schematron/`) to an emend code, a code proposed there, or
//! the reason there is none; a code it names as covering an assert exists.

#[path = "support/schematron_table.rs"]
mod schematron_table;

use schematron_table::{map_rows, Cover};
use std::collections::BTreeSet;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `(file, line)` of every `<assert` outside XML comments.
fn asserts_in_force() -> BTreeSet<(String, usize)> {
    let mut out = BTreeSet::new();
    for name in [
        "frus.sch",
        "frus-characters.sch",
        "frus-dates.sch",
        "frus-id-checks.sch",
        "frus-signatures.sch",
    ] {
        let text = std::fs::read_to_string(root().join("tests/data/schematron").join(name))
            .expect("a schema file");
        let mut in_comment = false;
        for (i, line) in text.lines().enumerate() {
            let mut rest = line;
            loop {
                if in_comment {
                    match rest.find("-->") {
                        Some(end) => {
                            rest = &rest[end + 3..];
                            in_comment = false;
                        }
                        None => break,
                    }
                } else {
                    let open = rest.find("<!--");
                    let assert = rest.find("<assert");
                    match (open, assert) {
                        (Some(o), Some(a)) if o < a => {
                            rest = &rest[o + 4..];
                            in_comment = true;
                        }
                        (_, Some(a)) => {
                            out.insert((name.to_string(), i + 1));
                            rest = &rest[a + 7..];
                        }
                        (Some(o), None) => {
                            rest = &rest[o + 4..];
                            in_comment = true;
                        }
                        (None, None) => break,
                    }
                }
            }
        }
    }
    out
}

#[test]
fn every_assert_has_a_row_with_a_code_or_a_reason() {
    let mut rows = BTreeSet::new();
    let mut counts = std::collections::BTreeMap::new();
    for row in map_rows() {
        let (file, at) = (row.file.clone(), row.line);
        assert!(rows.insert((file.clone(), at)), "two rows for {file}:{at}");
        let kind = match &row.cover {
            Cover::TeiOnly => "TEI only",
            Cover::Proposed => "proposed",
            Cover::NoCode => "none",
            Cover::Codes(named) => {
                assert!(
                    !named.is_empty(),
                    "{file}:{at} names no emend code: {}",
                    row.cell
                );
                "existing"
            }
        };
        *counts.entry(kind).or_insert(0) += 1;
    }
    let force = asserts_in_force();
    let missing: Vec<_> = force.difference(&rows).collect();
    let stale: Vec<_> = rows.difference(&force).collect();
    assert!(missing.is_empty(), "asserts without a row: {missing:?}");
    assert!(stale.is_empty(), "rows for no assert in force: {stale:?}");
    eprintln!("{} asserts: {counts:?}", force.len());
    assert_eq!(force.len(), 110);
    assert_eq!(counts.get("existing"), Some(&51));
}

#[test]
fn the_table_by_code_in_rules_md_is_the_same_map() {
    use std::collections::BTreeMap;
    // What docs/schematron.md says, grouped by code.
    let mut expected: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for row in map_rows() {
        let group = match row.cover {
            Cover::TeiOnly => vec!["TEI only".to_string()],
            Cover::NoCode => vec!["none".to_string()],
            Cover::Proposed => vec!["proposed".to_string()],
            Cover::Codes(named) => named.iter().map(|c| format!("`{c}`")).collect(),
        };
        for g in group {
            expected.entry(g).or_default().insert(row.id.clone());
        }
    }
    // What docs/rules.md's table says.
    let rules = std::fs::read_to_string(root().join("docs/rules.md")).expect("rules.md");
    let start = rules
        .find("## FRUS's Schematron, by code")
        .expect("the section by code");
    let mut found: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for line in rules[start..].lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() != 4 || cells[1] == "code" || cells[1].starts_with('-') {
            continue;
        }
        let key = if cells[1].starts_with('`') {
            cells[1].to_string()
        } else {
            ["TEI only", "none", "proposed"]
                .into_iter()
                .find(|k| cells[1].starts_with(k))
                .unwrap_or(cells[1])
                .to_string()
        };
        found.insert(key, cells[2].split(", ").map(str::to_string).collect());
    }
    assert_eq!(found, expected);
}
