//! The analysis database on the generated ~50 MB workspace, in process: how
//! long `AnalysisHost::apply` takes for an edit of one document (the part of
//! edit → diagnostics that is the database's), and what of it is the
//! re-check of the edited volume's rules.
//!
//! `cargo bench --bench analysis_apply`. Uses the workspace the other
//! benchmarks generate under `target/bench-workspaces/`.

#[path = "support/stamped.rs"]
mod stamped;
#[path = "support/workspace_gen.rs"]
mod workspace_gen;

use emend::analysis::{AnalysisHost, Change};
use emend::index::{Retain, Silent, Workspace};
use emend::rules::{self, Severities};
use emend::syntax::edit::TextEdit;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};
use workspace_gen::Spec;

const SEED: u64 = 1964;
/// Edits timed, unless `EMEND_BENCH_EDITS` says how many (more make a
/// profile of the edit path stand out from the load).
const EDITS: usize = 40;

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(i).copied().unwrap_or_default()
}

fn main() -> ExitCode {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let base = root.join("target/bench-workspaces");
    let (dir, stats, _) = match stamped::prepare(&base, "workspace-50mb", &Spec::new(8, 890, SEED))
    {
        Ok(x) => x,
        Err(e) => {
            eprintln!("cannot prepare the workspace: {e}");
            return ExitCode::FAILURE;
        }
    };
    let started = Instant::now();
    let ws = Workspace::load(std::slice::from_ref(&dir), &Silent, Retain::Text);
    let loaded = started.elapsed();
    let mut host = AnalysisHost::of(ws, Severities::default());
    let checked = started.elapsed() - loaded;
    let analysis = host.analysis();
    let Some(file) = analysis.ws.files.iter().position(|f| {
        f.path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('d'))
    }) else {
        eprintln!("no document file in the workspace");
        return ExitCode::FAILURE;
    };
    let path = analysis.ws.files[file].path.clone();
    let volume = analysis.ws.files[file].volume;
    let text = analysis.ws.files[file]
        .retained_text()
        .unwrap_or_default()
        .to_string();
    let at = text.find("\n\n").map_or(0, |i| i + 2);
    println!(
        "workspace: {} files, {:.1} MB; load {}, first check {}",
        stats.files,
        stats.bytes as f64 / 1e6,
        ms(loaded),
        ms(checked)
    );

    let edits = std::env::var("EMEND_BENCH_EDITS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(EDITS);
    let mut apply = Vec::new();
    for i in 0..edits {
        let insert = i % 2 == 0;
        let piece = "See Document 99999. ";
        let edit = if insert {
            TextEdit {
                range: at..at,
                text: piece.to_string(),
            }
        } else {
            TextEdit {
                range: at..at + piece.len(),
                text: String::new(),
            }
        };
        let start = Instant::now();
        let affected = host.apply([Change::Edit {
            path: path.clone(),
            edits: vec![edit],
        }]);
        let _ = host.analysis().diagnostics(file);
        apply.push(start.elapsed());
        assert!(
            !affected.files.is_empty(),
            "the edit changes the file's findings"
        );
    }
    apply.sort();
    let analysis = host.analysis();
    let mut rules_t = Vec::new();
    for _ in 0..10 {
        let start = Instant::now();
        let _ = rules::local_findings(&analysis.ws, volume);
        rules_t.push(start.elapsed());
    }
    rules_t.sort();
    let mut archive_t = Vec::new();
    for _ in 0..10 {
        let start = Instant::now();
        for &f in &analysis.ws.volumes[volume].files {
            let _ = rules::archive_findings(&analysis.ws, f, &analysis.authority);
        }
        archive_t.push(start.elapsed());
    }
    archive_t.sort();
    println!("{:<40} {:>10} {:>10}", "", "p50", "p99");
    println!(
        "{:<40} {:>10} {:>10}",
        "apply(edit) + the file's diagnostics",
        ms(percentile(&apply, 0.5)),
        ms(percentile(&apply, 0.99))
    );
    println!(
        "{:<40} {:>10} {:>10}",
        "of it: the checks across the volume",
        ms(percentile(&rules_t, 0.5)),
        ms(percentile(&rules_t, 0.99))
    );
    println!(
        "{:<40} {:>10} {:>10}",
        "of it: the archive rule of that volume",
        ms(percentile(&archive_t, 0.5)),
        ms(percentile(&archive_t, 0.99))
    );
    ExitCode::SUCCESS
}
