//! What `emend check` reports on each real-volume excerpt once imported:
//! only true findings. Every finding is accounted for, by code and file, in
//! the excerpt's `FINDINGS.md` (`tests/fixtures/tei-volumes/VOLUME/`), with
//! the number of findings and why they are true; the test fails on a
//! finding the table does not account for, and on a row that no longer
//! matches what the check reports.

mod tei_common;

use emend::rules::{self, Severities};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tei_common::*;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tei-volumes")
}

/// (code, file in the volume folder) → number of findings.
type Tally = BTreeMap<(String, String), usize>;

/// Imports the excerpt and checks it with the default severities.
fn findings(excerpt: &Path) -> Tally {
    let xml = std::fs::read_to_string(excerpt).expect("the excerpt");
    let ws = imported_workspace(&xml);
    let mut tally = Tally::new();
    for d in rules::check(&ws, &Severities::default()) {
        let path = ws.files[d.file]
            .path
            .strip_prefix("volume")
            .expect("in the volume folder")
            .to_string_lossy()
            .replace('\\', "/");
        *tally.entry((d.code.to_string(), path)).or_default() += 1;
    }
    tally
}

/// The rows of `FINDINGS.md`: `| `code` | `file` | count | why |`.
fn accounted(table: &Path) -> (Tally, Vec<String>) {
    let mut tally = Tally::new();
    let mut problems = Vec::new();
    let text = match std::fs::read_to_string(table) {
        Ok(text) => text,
        Err(e) => {
            problems.push(format!("cannot be read: {e}"));
            return (tally, problems);
        }
    };
    for (n, line) in text.lines().enumerate() {
        let cells: Vec<&str> = line
            .trim()
            .trim_matches('|')
            .split('|')
            .map(str::trim)
            .collect();
        let [code, file, count, why] = cells.as_slice() else {
            continue;
        };
        let (Some(code), Some(file)) = (unquote(code), unquote(file)) else {
            continue;
        };
        let Ok(count) = count.parse::<usize>() else {
            problems.push(format!("line {}: `{count}` is not a count", n + 1));
            continue;
        };
        if why.is_empty() {
            problems.push(format!("line {}: no reason for {code} in {file}", n + 1));
        }
        if tally
            .insert((code.to_string(), file.to_string()), count)
            .is_some()
        {
            problems.push(format!("line {}: {code} in {file} twice", n + 1));
        }
    }
    (tally, problems)
}

fn unquote(cell: &str) -> Option<&str> {
    cell.strip_prefix('`')?.strip_suffix('`')
}

#[test]
fn every_finding_on_an_imported_excerpt_is_accounted_for() {
    let mut failures = Vec::new();
    let mut volumes = 0;
    let mut entries: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .expect("the fixtures")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.join("excerpt.xml").is_file())
        .collect();
    entries.sort();
    for dir in entries {
        volumes += 1;
        let name = dir
            .file_name()
            .expect("a name")
            .to_string_lossy()
            .into_owned();
        let found = findings(&dir.join("excerpt.xml"));
        let (listed, problems) = accounted(&dir.join("FINDINGS.md"));
        for p in problems {
            failures.push(format!("{name}/FINDINGS.md: {p}"));
        }
        for ((code, file), n) in &found {
            match listed.get(&(code.clone(), file.clone())) {
                Some(m) if m == n => {}
                Some(m) => failures.push(format!(
                    "{name}: {n} × {code} in {file}, FINDINGS.md says {m}"
                )),
                None => failures.push(format!(
                    "{name}: {n} × {code} in {file}, not in FINDINGS.md: | `{code}` | `{file}` | {n} | … |"
                )),
            }
        }
        for ((code, file), m) in &listed {
            if !found.contains_key(&(code.clone(), file.clone())) {
                failures.push(format!(
                    "{name}: FINDINGS.md lists {m} × {code} in {file}, which the check no longer reports"
                ));
            }
        }
    }
    assert!(volumes >= 8, "eight or more real-volume excerpts");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
