//! The whole series on one machine: a generated series of FRUS-shaped
//! volumes (by default 200, about 800 MB, with references within and
//! across volumes), checked and served.
//!
//!     cargo bench --bench series_scale                   # 200 volumes
//!     cargo bench --bench series_scale -- --volumes 20   # a smaller series
//!     cargo bench --bench series_scale -- --server-only  # emend lsp alone
//!     cargo bench --bench series_scale -- --check-only   # emend check alone
//!
//! Prints, with GNU grep over the same files as the yardstick:
//! - `emend check` without the cache: time, MB/s, peak memory;
//! - `emend check` with the cache: of the unchanged series, and after one
//!   document changed;
//! - `emend lsp`: initialize → first answer without a cache and from the
//!   cache the first start wrote; p50/p99 of definition and hover; edit →
//!   publishDiagnostics; peak memory.
//!
//! The series is generated once into `target/bench-workspaces/series-N/`
//! (see support/workspace_gen.rs) and kept while its spec is the same.

#[path = "../tests/support/lsp_client.rs"]
mod lsp_client;
#[path = "support/lsp_measure.rs"]
mod lsp_measure;
#[path = "support/stamped.rs"]
mod stamped;
#[path = "support/workspace_gen.rs"]
mod workspace_gen;
#[path = "support/yardstick.rs"]
mod yardstick;

use lsp_client::LspClient;
use lsp_measure::*;
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};
use workspace_gen::Spec;

const SEED: u64 = 1964;
const SERIES_BYTES: u64 = 800_000_000;
const SAMPLES: usize = 200;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn volumes_wanted() -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == "--volumes")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(200)
}

/// Runs `emend check --format json` with more arguments; its time and
/// peak memory (bytes, from GNU time).
fn check(bin: &Path, dir: &Path, extra: &[&str]) -> Result<(f64, Option<u64>), String> {
    let rss_file = root().join("target/series-time.txt");
    let started = Instant::now();
    let out = Command::new("/usr/bin/time")
        .args(["-f", "%M", "-o"])
        .arg(&rss_file)
        .arg(bin)
        .args(["check", "--format", "json"])
        .args(extra)
        .arg(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("cannot run {}: {e}", bin.display()))?;
    let seconds = started.elapsed().as_secs_f64();
    if !matches!(out.status.code(), Some(0 | 1)) {
        return Err(format!(
            "emend check failed: {}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let rss = yardstick::read_max_rss(&rss_file);
    Ok((seconds, rss))
}

fn mb(bytes: u64) -> String {
    format!("{:.0} MB", bytes as f64 / 1e6)
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let volumes = volumes_wanted().min(workspace_gen::max_volumes());
    let bytes_wanted = SERIES_BYTES * volumes as u64 / 200;
    let spec = Spec::for_size(bytes_wanted, volumes, SEED);
    let name = format!("series-{volumes}");
    let base = root().join("target/bench-workspaces");
    std::fs::create_dir_all(&base).map_err(|e| e.to_string())?;
    let started = Instant::now();
    let (dir, stats, reused) = stamped::prepare(&base, &name, &spec).map_err(|e| e.to_string())?;
    let bytes = stats.bytes;
    println!(
        "{name}: {} volumes, {} documents, {} files, {} ({} in {:.0} s)",
        stats.volumes,
        stats.documents,
        stats.files,
        mb(bytes),
        if reused { "kept" } else { "generated" },
        started.elapsed().as_secs_f64()
    );
    let bin = root().join("target/release/emend");
    if !bin.is_file() {
        return Err(format!(
            "{} is missing: cargo build --release",
            bin.display()
        ));
    }

    let only = |flag: &str| std::env::args().any(|a| a == flag);
    if !only("--server-only") {
        check_series(&bin, &dir, &spec, bytes)?;
    }
    if !only("--check-only") {
        serve_series(&bin, &dir, bytes)?;
    }
    Ok(())
}

/// `emend check` of the series, without the cache and with it.
fn check_series(bin: &Path, dir: &Path, spec: &Spec, bytes: u64) -> Result<(), String> {
    let (bin, dir) = (bin.to_path_buf(), dir.to_path_buf());
    let grep_s = yardstick::grep_seconds(&dir)?.min(yardstick::grep_seconds(&dir)?);
    println!("grep -r over the same files: {grep_s:.2} s");
    let (cold_s, cold_rss) = check(&bin, &dir, &["--no-cache"])?;
    let rss_line = |rss: Option<u64>| match rss {
        Some(r) => format!(
            "peak {} = {:.2} × the bytes",
            mb(r),
            r as f64 / bytes as f64
        ),
        None => "peak n/a".to_string(),
    };
    println!(
        "check, no cache: {cold_s:.1} s = {:.1} MB/s, {}",
        bytes as f64 / 1e6 / cold_s,
        rss_line(cold_rss)
    );
    let cache = root().join("target/series-cache");
    let _ = std::fs::remove_dir_all(&cache);
    let cache_arg = cache.display().to_string();
    let with_cache = ["--cache-dir", cache_arg.as_str()];
    let (first_s, _) = check(&bin, &dir, &with_cache)?;
    let (warm_s, warm_rss) = check(&bin, &dir, &with_cache)?;
    println!(
        "check, cache written: {first_s:.1} s; unchanged: {warm_s:.2} s = {:.1} × grep, {}",
        warm_s / grep_s,
        rss_line(warm_rss)
    );
    let document = workspace_gen::first_document(&dir, spec);
    let original = std::fs::read(&document).map_err(|e| e.to_string())?;
    let mut changed = original.clone();
    changed.extend_from_slice(b"\nSee Document 99999.\n");
    std::fs::write(&document, &changed).map_err(|e| e.to_string())?;
    let one = check(&bin, &dir, &with_cache);
    std::fs::write(&document, &original).map_err(|e| e.to_string())?;
    let (one_s, one_rss) = one?;
    println!(
        "check, one document changed: {one_s:.1} s, {}",
        rss_line(one_rss)
    );

    Ok(())
}

/// `emend lsp` on the series, without a cache and from the one it wrote.
fn serve_series(bin: &Path, dir: &Path, bytes: u64) -> Result<(), String> {
    let (bin, dir) = (bin.to_path_buf(), dir.to_path_buf());
    let server_cache = root().join("target/series-lsp-cache");
    let _ = std::fs::remove_dir_all(&server_cache);
    let env = [("EMEND_CACHE_DIR", server_cache.as_path())];
    let documents: Vec<PathBuf> = emd_files(&dir)
        .into_iter()
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('d'))
        })
        .collect();
    let definitions = places(&documents, "See Document ", 6, SAMPLES);
    let hovers = places(&documents, "]{@", 0, SAMPLES);
    let first = definitions
        .first()
        .cloned()
        .ok_or("no reference to ask at")?;
    let start = |label: &str| {
        let mut client = LspClient::start_with_env(&bin, &dir, &env);
        client.timeout = Duration::from_secs(900);
        let started = Instant::now();
        client.initialize(&dir, json!({"general": {"positionEncodings": ["utf-16"]}}));
        client.request("textDocument/definition", position(&first));
        println!(
            "server, {label}: initialize → first answer {:.2} s",
            started.elapsed().as_secs_f64()
        );
        client
    };
    let cold = start("no cache");
    wait_for_cache(&server_cache, Duration::from_secs(900));
    cold.shutdown();
    let mut client = start("from the cache");
    // Measured once the series' findings are out (the server has been
    // quiet for two seconds), not while they are made and sent.
    let settling = Instant::now();
    client.notification("textDocument/publishDiagnostics", |_| true);
    let sent = 1 + client.drain_until_quiet(Duration::from_secs(2), Duration::from_secs(900));
    println!(
        "server, findings of the series sent: {sent} messages in {:.1} s",
        settling.elapsed().as_secs_f64() - 2.0
    );
    let (def_t, def_ok) = measure(&mut client, "textDocument/definition", &definitions, |r| {
        r[0]["uri"].is_string()
    });
    let (hov_t, hov_ok) = measure(&mut client, "textDocument/hover", &hovers, |r| {
        r["contents"]["value"].is_string()
    });
    let target = first.path.clone();
    let text = std::fs::read_to_string(&target).map_err(|e| e.to_string())?;
    client.open(&target, &text);
    // At the start of the line after the first blank line (prose, as in
    // lsp_latency): an edit there changes nothing other volumes look up.
    let line = text.lines().position(|l| l.is_empty()).unwrap_or(1) + 1;
    let edit_t = edit_round_trips(&mut client, &target, (line, 0), "See Document 99999. ", 20);
    for (label, t, ok) in [
        ("definition", &def_t, def_ok),
        ("hover", &hov_t, hov_ok),
        ("edit → publishDiagnostics", &edit_t, edit_t.len()),
    ] {
        println!(
            "server, {label}: p50 {}, p99 {} ({ok}/{} answered)",
            ms(percentile(t, 0.5)),
            ms(percentile(t, 0.99)),
            t.len()
        );
    }
    if let Some(kb) = peak_rss_kb(client.pid()) {
        println!(
            "server, peak memory: {} = {:.2} × the bytes",
            mb(kb * 1000),
            kb as f64 * 1000.0 / bytes as f64
        );
    }
    client.shutdown();
    Ok(())
}
