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
#[path = "support/lsp_measure.rs"]
mod lsp_measure;
#[path = "support/stamped.rs"]
mod stamped;
#[path = "support/tei_volume.rs"]
mod tei_volume;
#[path = "support/workspace_gen.rs"]
mod workspace_gen;

use lsp_client::{uri, LspClient};
use lsp_measure::*;
use serde_json::json;
use std::path::PathBuf;
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
    let kept = wait_for_cache(&cache, Duration::from_secs(60));
    // A build without the cache (an earlier one, `--server PATH`) is
    // measured as it started.
    let mut client = if kept {
        // Its peak includes indexing, the first check and the writing of
        // the cache.
        if let Some(kb) = peak_rss_kb(cold.pid()) {
            println!(
                "cold start's peak RSS: {:.1} MB = {:.2} × the workspace's {:.1} MB",
                kb as f64 / 1000.0,
                kb as f64 * 1000.0 / bytes as f64,
                bytes as f64 / 1e6
            );
        }
        cold.shutdown();
        start("start from the cache")
    } else {
        println!("(the server keeps no cache: measured after its cold start)");
        cold
    };

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
    let edit_t = edit_round_trips(
        &mut client,
        &target,
        (edit_at.line, edit_at.col),
        inserted,
        60,
    );

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
