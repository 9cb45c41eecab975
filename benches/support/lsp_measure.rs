//! Measuring a language server over stdio: places to ask at, requests
//! timed, percentiles, and the server's memory. Shared by the benches
//! that drive `emend lsp`.

#![allow(dead_code)]

use super::lsp_client::{uri, LspClient};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A place to ask at: file, 0-based line and UTF-16 column.
#[derive(Clone)]
pub struct Place {
    pub path: PathBuf,
    pub line: usize,
    pub col: usize,
}

pub fn utf16_col(line: &str, byte: usize) -> usize {
    line[..byte].chars().map(char::len_utf16).sum()
}

/// Places after `needle` (plus `skip` bytes) in the files, spread evenly.
pub fn places(files: &[PathBuf], needle: &str, skip: usize, want: usize) -> Vec<Place> {
    let mut out = Vec::new();
    let step = (files.len() / want).max(1);
    for path in files.iter().step_by(step) {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        for (n, line) in text.lines().enumerate() {
            if let Some(at) = line.find(needle) {
                let byte = (at + skip).min(line.len());
                if line.is_char_boundary(byte) {
                    out.push(Place {
                        path: path.clone(),
                        line: n,
                        col: utf16_col(line, byte),
                    });
                    break;
                }
            }
        }
        if out.len() >= want {
            break;
        }
    }
    out
}

/// Places after `needle` (plus `skip` bytes) in one file, spread evenly.
pub fn places_in(path: &Path, needle: &str, skip: usize, want: usize) -> Vec<Place> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    let all: Vec<Place> = text
        .lines()
        .enumerate()
        .filter_map(|(n, line)| {
            let byte = (line.find(needle)? + skip).min(line.len());
            line.is_char_boundary(byte).then(|| Place {
                path: path.to_path_buf(),
                line: n,
                col: utf16_col(line, byte),
            })
        })
        .collect();
    let step = (all.len() / want.max(1)).max(1);
    all.into_iter().step_by(step).take(want).collect()
}

pub fn position(p: &Place) -> Value {
    json!({"textDocument": {"uri": uri(&p.path)}, "position": {"line": p.line, "character": p.col}})
}

pub fn percentile(sorted: &[Duration], q: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * q).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

pub fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

pub fn measure(
    client: &mut LspClient,
    method: &str,
    at: &[Place],
    check: impl Fn(&Value) -> bool,
) -> (Vec<Duration>, usize) {
    let mut times = Vec::with_capacity(at.len());
    let mut good = 0;
    for p in at {
        let start = Instant::now();
        let answer = client.request(method, position(p));
        times.push(start.elapsed());
        if answer.get("error").is_none() && check(&answer["result"]) {
            good += 1;
        }
    }
    times.sort();
    (times, good)
}

/// The bytes of the files under a folder.
pub fn walk_bytes(dir: &Path) -> u64 {
    let mut total = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.filter_map(Result::ok) {
            match e.file_type() {
                Ok(t) if t.is_dir() => stack.push(e.path()),
                Ok(_) => total += e.metadata().map_or(0, |m| m.len()),
                Err(_) => {}
            }
        }
    }
    total
}

pub fn peak_rss_kb(pid: u32) -> Option<u64> {
    status_kb(pid, "VmHWM:")
}

/// A figure of the server's `/proc/PID/status`, in kB.
pub fn status_kb(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with(field))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

pub fn emd_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "emd") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Times edits of an open document that insert `inserted` at a place and
/// take it away again, in turn, each until the `publishDiagnostics` of its
/// version says whether a finding naming 99999 stands; sorted.
pub fn edit_round_trips(
    client: &mut LspClient,
    target: &Path,
    (line, col): (usize, usize),
    inserted: &str,
    edits: i64,
) -> Vec<Duration> {
    let length = inserted.encode_utf16().count();
    let mut times = Vec::new();
    for i in 0..edits {
        let version = i + 2;
        let insert = i % 2 == 0;
        let change = if insert {
            json!({"range": {"start": {"line": line, "character": col}, "end": {"line": line, "character": col}}, "text": inserted})
        } else {
            json!({"range": {"start": {"line": line, "character": col}, "end": {"line": line, "character": col + length}}, "text": ""})
        };
        let start = Instant::now();
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri(target), "version": version}, "contentChanges": [change]}),
        );
        let want = uri(target);
        let published = client.notification("textDocument/publishDiagnostics", |p| {
            p["uri"] == want.as_str()
                && p["version"] == version
                && p["diagnostics"].as_array().is_some_and(|all| {
                    all.iter()
                        .any(|d| d["message"].as_str().is_some_and(|m| m.contains("99999")))
                }) == insert
        });
        times.push(start.elapsed());
        // Freed after the clock stops: the harness's own work is not the
        // server's time.
        drop(published);
    }
    times.sort();
    times
}

/// Waits (at most `limit`) until a server has kept its load in the cache
/// folder `dir`; whether it did.
pub fn wait_for_cache(dir: &Path, limit: Duration) -> bool {
    let kept = || {
        std::fs::read_dir(dir).is_ok_and(|entries| {
            entries
                .flatten()
                .any(|e| e.path().extension().is_some_and(|x| x == "stamps"))
        })
    };
    let deadline = Instant::now() + limit;
    while !kept() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    kept()
}
