//! Every phase of `emend check` — parsing, facts, rules, every output
//! format — grows linearly (or as n log n) in each dimension of its input:
//! file size, line length, nesting depth, documents and footnotes per
//! file. Each dimension is quadrupled; a linear cost grows about 4×, a
//! quadratic one 16×, and the test fails past 8×. Times are the fastest of
//! a few runs, so that a loaded machine does not make a linear cost look
//! worse than it is.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const LIMIT: f64 = 8.0;
const RUNS: usize = 3;

/// A volume folder holding one generated file beside `volume.emd`.
fn volume(dir: &Path, body: &str) {
    std::fs::write(dir.join("volume.emd"), "# V\nVolume: frus1964-68v03\n").expect("write");
    std::fs::write(
        dir.join("persons.emd"),
        "# Persons\n\n[@HWA1]: **Harriman, W. Averell**, Ambassador at Large\n",
    )
    .expect("write");
    std::fs::write(dir.join("d.emd"), body).expect("write");
}

/// The fastest of a few runs of a check in every output format.
fn check_time(dir: &Path) -> Duration {
    (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            for format in ["human", "json", "github"] {
                let out = Command::new(env!("CARGO_BIN_EXE_emend"))
                    .args(["check", "--format", format, "--color", "never"])
                    .arg(dir)
                    .output()
                    .expect("emend runs");
                assert!(out.status.code().is_some_and(|c| c <= 1), "{out:?}");
            }
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn assert_linear(what: &str, make: impl Fn(usize) -> String, n: usize) {
    let small = tempfile::tempdir().expect("tempdir");
    let large = tempfile::tempdir().expect("tempdir");
    volume(small.path(), &make(n));
    volume(large.path(), &make(4 * n));
    let (a, b) = (check_time(small.path()), check_time(large.path()));
    let ratio = b.as_secs_f64() / a.as_secs_f64().max(1e-3);
    eprintln!("{what}: n={n} {a:?}, 4n {b:?}, ×{ratio:.1}");
    assert!(
        ratio < LIMIT,
        "{what}: 4× the input took {ratio:.1}× the time ({a:?} → {b:?})"
    );
}

const DOC: &str = "# 1. Memorandum[^1]\nDateline: Washington, December 1, 1965.\n\n";
const SOURCE: &str = "\n[^1]: Source: Johnson Library, National Security File. Secret.\n";

#[test]
fn file_size() {
    assert_linear(
        "paragraphs in a file",
        |n| {
            let para = "[Harriman]{@HWA1} said “see Document 2” [Page 5] and footnote 9.[^9]\n\n";
            format!("{DOC}{}{SOURCE}", para.repeat(n))
        },
        2_000,
    );
}

#[test]
fn line_length() {
    // Every piece is a finding: an undefined footnote, an unknown document.
    assert_linear(
        "one long line",
        |n| format!("{DOC}{}\n{SOURCE}", "word [^9] See Document 99. ".repeat(n)),
        1_500,
    );
}

#[test]
fn nesting_depth() {
    assert_linear(
        "mentions in mentions",
        |n| format!("{DOC}{}x{}\n{SOURCE}", "[".repeat(n), "]{@HWA1}".repeat(n)),
        1_500,
    );
}

#[test]
fn documents_per_file() {
    assert_linear(
        "documents in one file",
        |n| {
            (1..=n)
                .map(|i| {
                    format!(
                        "# {i}. Memo[^1]\nDateline: May 1, 1965.\n\nSee footnote 1, Document {}.\n\n[^1]: Source: X Library. Secret.\n\n",
                        i.max(2) - 1
                    )
                })
                .collect()
        },
        500,
    );
}

#[test]
fn footnotes_per_file() {
    assert_linear(
        "footnotes of one document",
        |n| {
            let markers: String = (2..n + 2).map(|i| format!("Text.[^{i}] ")).collect();
            let notes: String = (2..n + 2).map(|i| format!("[^{i}]: Note {i}.\n")).collect();
            format!("{DOC}{markers}\n\n{notes}{SOURCE}")
        },
        1_000,
    );
}
