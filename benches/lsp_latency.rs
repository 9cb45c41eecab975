//! Latency of `emend lsp` on a generated ~50 MB workspace (8 volumes, 7,144
//! files), driven over stdio like an editor:
//! - time from `initialize` to the first answer of a cross-file definition
//!   (the request waits for the background index), without a cache and
//!   then from the cache the first start wrote (`target/bench-lsp-cache`);
//! - p50/p99 of definition, hover and completion at many places;
//! - time from an edit (`didChange`) to the `publishDiagnostics` it causes;
//! - the server's peak memory (VmHWM).
//!
//! `cargo bench --bench lsp_latency [-- --quick] [--tei] [--server PATH]`.
//! Uses target/release/emend (built first if missing), or the server at
//! PATH. `--tei` serves a 4 MB FRUS-shaped TEI volume as it is instead:
//! definition from `ref/@target`, hover on `persName/@corresp`, and an
//! edit that adds and removes a `ref` to a missing document.

#[path = "../tests/support/lsp_client.rs"]
mod lsp_client;
#[path = "support/stamped.rs"]
mod stamped;
#[path = "support/tei_volume.rs"]
mod tei_volume;
#[path = "support/workspace_gen.rs"]
mod workspace_gen;

use lsp_client::{uri, LspClient};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};
use workspace_gen::Spec;

const SEED: u64 = 1964;
const SAMPLES: usize = 300;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn binary() -> PathBuf {
    // `--server PATH`: another build, to compare within one run
    // (`scripts/build-baseline.sh COMMIT` makes one).
    let args: Vec<String> = std::env::args().collect();
    if let Some(path) = args
        .iter()
        .position(|a| a == "--server")
        .and_then(|i| args.get(i + 1))
    {
        // The server runs in the workspace's folder: a relative path is
        // taken from here.
        return std::path::absolute(path).unwrap_or_else(|_| PathBuf::from(path));
    }
    let bin = root().join("target/release/emend");
    if !bin.exists() {
        let status = std::process::Command::new(env!("CARGO"))
            .args(["build", "--release", "--bin", "emend"])
            .current_dir(root())
            .status();
        if !status.is_ok_and(|s| s.success()) {
            eprintln!("cannot build target/release/emend");
        }
    }
    bin
}

/// A place to ask at: file, 0-based line and UTF-16 column.
#[derive(Clone)]
struct Place {
    path: PathBuf,
    line: usize,
    col: usize,
}

fn utf16_col(line: &str, byte: usize) -> usize {
    line[..byte].chars().map(char::len_utf16).sum()
}

/// Places after `needle` (plus `skip` bytes) in the files, spread evenly.
fn places(files: &[PathBuf], needle: &str, skip: usize, want: usize) -> Vec<Place> {
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
fn places_in(path: &Path, needle: &str, skip: usize, want: usize) -> Vec<Place> {
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

fn position(p: &Place) -> Value {
    json!({"textDocument": {"uri": uri(&p.path)}, "position": {"line": p.line, "character": p.col}})
}

fn percentile(sorted: &[Duration], q: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * q).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn measure(
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
fn walk_bytes(dir: &Path) -> u64 {
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

fn peak_rss_kb(pid: u32) -> Option<u64> {
    status_kb(pid, "VmHWM:")
}

/// A figure of the server's `/proc/PID/status`, in kB.
fn status_kb(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with(field))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn emd_files(dir: &Path) -> Vec<PathBuf> {
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

fn main() -> ExitCode {
    let quick = std::env::args().any(|a| a == "--quick");
    let tei = std::env::args().any(|a| a == "--tei");
    let (name, spec) = if quick {
        ("quick-workspace", Spec::new(3, 40, SEED))
    } else {
        ("workspace-50mb", Spec::new(8, 890, SEED))
    };
    let bin = binary();
    // Where requests go, and the edit: at a place, the text inserted and
    // then removed, which makes a finding that names 99999.
    let (dir, definitions, hovers, completions, edit_at, inserted) = if tei {
        let dir = root().join("target/bench-tei-lsp");
        if let Err(e) = std::fs::create_dir_all(&dir) {
            eprintln!("cannot prepare the volume: {e}");
            return ExitCode::FAILURE;
        }
        let (xml, docs) = tei_volume::volume(4_000_000);
        let path = dir.join("frus1964-68v03.xml");
        if let Err(e) = std::fs::write(&path, &xml) {
            eprintln!("cannot write the volume: {e}");
            return ExitCode::FAILURE;
        }
        println!(
            "TEI volume: {:.1} MB, {docs} documents; server {}",
            xml.len() as f64 / 1e6,
            bin.display()
        );
        let hovers = places_in(&path, "<persName corresp=\"#", 20, SAMPLES);
        // A paragraph in the middle of the volume: in a document.
        let edit_at: Vec<Place> = places_in(&path, "<p>", 3, 2).into_iter().skip(1).collect();
        (
            dir,
            places_in(&path, "<ref target=\"#d", 14, SAMPLES),
            hovers.clone(),
            hovers,
            edit_at,
            "<ref target=\"#d99999\">x</ref>",
        )
    } else {
        let base = root().join("target/bench-workspaces");
        let (dir, stats, _) = match stamped::prepare(&base, name, &spec) {
            Ok(x) => x,
            Err(e) => {
                eprintln!("cannot prepare the workspace: {e}");
                return ExitCode::FAILURE;
            }
        };
        let files = emd_files(&dir);
        let documents: Vec<PathBuf> = files
            .iter()
            .filter(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('d'))
            })
            .cloned()
            .collect();
        println!(
            "workspace {name}: {} files, {:.1} MB; server {}",
            stats.files,
            stats.bytes as f64 / 1e6,
            bin.display()
        );
        let definitions = places(&documents, "See Document ", 6, SAMPLES);
        // The line after the first blank line of the first document.
        let edit_at = definitions
            .first()
            .map(|first| {
                let text = std::fs::read_to_string(&first.path).unwrap_or_default();
                let line = text.lines().position(|l| l.is_empty()).unwrap_or(1) + 1;
                vec![Place {
                    path: first.path.clone(),
                    line,
                    col: 0,
                }]
            })
            .unwrap_or_default();
        (
            dir,
            definitions,
            places(&documents, "]{@", 0, SAMPLES),
            places(&documents, "]{@", 3, SAMPLES),
            edit_at,
            "See Document 99999. ",
        )
    };
    let bytes: u64 = walk_bytes(&dir);
    let Some(first) = definitions.first().cloned() else {
        eprintln!("no document reference found in the workspace");
        return ExitCode::FAILURE;
    };
    let Some(edit_at) = edit_at.first().cloned() else {
        eprintln!("no place to edit in the workspace");
        return ExitCode::FAILURE;
    };

    // A cold start, with a cache folder of its own, emptied first; then a
    // start from what it kept there, which serves the measurements.
    let cache = root().join("target/bench-lsp-cache");
    let _ = std::fs::remove_dir_all(&cache);
    let env = [("EMEND_CACHE_DIR", cache.as_path())];
    let start = |label: &str| {
        let mut client = LspClient::start_with_env(&bin, &dir, &env);
        client.timeout = Duration::from_secs(120);
        let started = Instant::now();
        client.initialize(&dir, json!({"general": {"positionEncodings": ["utf-16"]}}));
        let answer = client.request("textDocument/definition", position(&first));
        let to_first = started.elapsed();
        let cross_file = answer["result"][0]["uri"]
            .as_str()
            .is_some_and(|u| u != uri(&first.path));
        println!(
            "{label}: initialize → first definition answer: {} ({})",
            ms(to_first),
            if cross_file {
                "in another file"
            } else {
                "same file"
            }
        );
        client
    };
    let cold = start("cold start");
    let kept = |dir: &Path| {
        std::fs::read_dir(dir).is_ok_and(|entries| {
            entries
                .flatten()
                .any(|e| e.path().extension().is_some_and(|x| x == "stamps"))
        })
    };
    let deadline = Instant::now() + Duration::from_secs(120);
    while !kept(&cache) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    cold.shutdown();
    if !kept(&cache) {
        eprintln!("the server kept nothing in {}", cache.display());
        return ExitCode::FAILURE;
    }
    let mut client = start("start from the cache");

    // Warm-up, then the measured runs.
    let _ = measure(
        &mut client,
        "textDocument/hover",
        &hovers[..hovers.len().min(20)],
        |_| true,
    );
    let (def_t, def_ok) = measure(&mut client, "textDocument/definition", &definitions, |r| {
        r[0]["uri"].is_string()
    });
    let (hov_t, hov_ok) = measure(&mut client, "textDocument/hover", &hovers, |r| {
        r["contents"]["value"].is_string()
    });
    let (com_t, com_ok) = measure(&mut client, "textDocument/completion", &completions, |r| {
        r["items"].is_array()
    });

    // Edit → diagnostics: add and remove a reference to a missing document.
    let target = edit_at.path.clone();
    let text = std::fs::read_to_string(&target).unwrap_or_default();
    client.open(&target, &text);
    let (line, col) = (edit_at.line, edit_at.col);
    let length = inserted.encode_utf16().count();
    let mut edit_t = Vec::new();
    for i in 0..60 {
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
            json!({"textDocument": {"uri": uri(&target), "version": version}, "contentChanges": [change]}),
        );
        let want = uri(&target);
        client.notification("textDocument/publishDiagnostics", |p| {
            p["uri"] == want.as_str()
                && p["version"] == version
                && p["diagnostics"].as_array().is_some_and(|all| {
                    all.iter()
                        .any(|d| d["message"].as_str().is_some_and(|m| m.contains("99999")))
                }) == insert
        });
        edit_t.push(start.elapsed());
    }
    edit_t.sort();

    let rss = peak_rss_kb(client.pid());
    println!();
    println!(
        "{:<28} {:>10} {:>10} {:>10}  answered",
        "request", "p50", "p99", "max"
    );
    for (label, t, ok) in [
        ("definition", &def_t, def_ok),
        ("hover", &hov_t, hov_ok),
        ("completion", &com_t, com_ok),
        ("edit → publishDiagnostics", &edit_t, edit_t.len()),
    ] {
        println!(
            "{label:<28} {:>10} {:>10} {:>10}  {ok}/{}",
            ms(percentile(t, 0.5)),
            ms(percentile(t, 0.99)),
            ms(t.last().copied().unwrap_or_default()),
            t.len()
        );
    }
    match rss {
        Some(kb) => println!(
            "\nserver peak RSS: {:.1} MB = {:.2} × the workspace's {:.1} MB (now {:.1} MB)",
            kb as f64 / 1000.0,
            kb as f64 * 1000.0 / bytes as f64,
            bytes as f64 / 1e6,
            status_kb(client.pid(), "VmRSS:").unwrap_or(0) as f64 / 1000.0
        ),
        None => println!("\nserver peak RSS: n/a"),
    }
    client.shutdown();
    ExitCode::SUCCESS
}
