//! `docs/schematron.md` maps every assert of FRUS's Schematron files
//! (`tests/data/schematron/`) to an emend code, a code proposed there, or
//! the reason there is none; a code it names as covering an assert exists.

use emend::rules::Code;
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

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord, Clone, Copy)]
enum Mapping {
    Existing,
    Proposed,
    TeiOnly,
    NoCode,
}

#[test]
fn every_assert_has_a_row_with_a_code_or_a_reason() {
    let whole = std::fs::read_to_string(root().join("docs/schematron.md")).expect("the map");
    // The table of the section "The asserts"; later tables name rows too.
    let start = whole
        .find("## The asserts")
        .expect("the section of the asserts");
    let end = whole[start..]
        .find("\n## ")
        .map_or(whole.len(), |e| start + e);
    let doc = &whole[start..end];
    let mut rows = BTreeSet::new();
    let mut counts = std::collections::BTreeMap::new();
    for line in doc.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let is_row = cells.len() > 3
            && cells[1].len() > 1
            && cells[1].starts_with(['F', 'C', 'D', 'I', 'S'])
            && cells[1][1..].bytes().all(|b| b.is_ascii_digit());
        if !is_row {
            continue;
        }
        let (file, at) = cells[2].split_once(':').expect("file:line");
        let at: usize = at.parse().expect("a line number");
        assert!(
            rows.insert((file.to_string(), at)),
            "two rows for {file}:{at}"
        );
        let mapping = if line.contains("| TEI only:") {
            Mapping::TeiOnly
        } else if line.contains("| new:") {
            Mapping::Proposed
        } else if line.contains("| none") {
            Mapping::NoCode
        } else {
            // The row names the codes that cover it, each in backticks.
            let named: Vec<Code> = line
                .split('`')
                .skip(1)
                .step_by(2)
                .filter_map(|w| w.parse().ok())
                .collect();
            assert!(!named.is_empty(), "{file}:{at} names no emend code: {line}");
            Mapping::Existing
        };
        *counts.entry(mapping).or_insert(0) += 1;
    }
    let force = asserts_in_force();
    let missing: Vec<_> = force.difference(&rows).collect();
    let stale: Vec<_> = rows.difference(&force).collect();
    assert!(missing.is_empty(), "asserts without a row: {missing:?}");
    assert!(stale.is_empty(), "rows for no assert in force: {stale:?}");
    eprintln!("{} asserts: {counts:?}", force.len());
    assert_eq!(force.len(), 110);
    assert_eq!(counts.get(&Mapping::Existing), Some(&51));
}

/// The rows of "The asserts" in `docs/schematron.md`: `(row, code cell)`.
fn map_rows() -> Vec<(String, String)> {
    let whole = std::fs::read_to_string(root().join("docs/schematron.md")).expect("the map");
    let start = whole.find("## The asserts").expect("the asserts");
    let end = whole[start..]
        .find("\n## ")
        .map_or(whole.len(), |e| start + e);
    whole[start..end]
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            (cells.len() > 9 && cells[2].contains(".sch:"))
                .then(|| (cells[1].to_string(), cells[8].to_string()))
        })
        .collect()
}

#[test]
fn the_table_by_code_in_rules_md_is_the_same_map() {
    use std::collections::BTreeMap;
    // What docs/schematron.md says, grouped by code.
    let mut expected: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (row, cell) in map_rows() {
        let group = if cell.starts_with("TEI only") {
            vec!["TEI only".to_string()]
        } else if cell.starts_with("none") {
            vec!["none".to_string()]
        } else if cell.starts_with("new:") {
            vec!["proposed".to_string()]
        } else {
            cell.split('`')
                .skip(1)
                .step_by(2)
                .filter(|w| w.parse::<Code>().is_ok())
                .map(|w| format!("`{w}`"))
                .collect()
        };
        for g in group {
            expected.entry(g).or_default().insert(row.clone());
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
