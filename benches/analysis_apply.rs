//! The analysis database on the generated ~50 MB workspace, in process: how
//! long `AnalysisHost::apply` takes for an edit of one document (the part of
//! edit → diagnostics that is the database's), and what of it is the
//! re-check of the edited volume's rules.
//!
//! `cargo bench --bench analysis_apply [-- --tei | --volumes N]`. Uses the workspace the
//! other benchmarks generate under `target/bench-workspaces/`; `--tei`
//! edits a 4 MB FRUS-shaped TEI volume as it is instead, and times the
//! parts of reading it again.

#[path = "support/stamped.rs"]
mod stamped;
#[path = "support/tei_volume.rs"]
mod tei_volume;
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

/// The folder to load, its files and bytes, and what an edit inserts at
/// the first place it finds `after` (after `within`, if given).
struct Setup {
    dir: PathBuf,
    files: usize,
    bytes: usize,
    piece: &'static str,
    after: &'static str,
    within: Option<&'static str>,
}

fn setup(root: &std::path::Path, tei: bool) -> Result<Setup, String> {
    if tei {
        let dir = root.join("target/bench-tei-apply");
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let (xml, _) = tei_volume::volume(4_000_000);
        std::fs::write(dir.join("frus1964-68v03.xml"), &xml).map_err(|e| e.to_string())?;
        return Ok(Setup {
            dir,
            files: 1,
            bytes: xml.len(),
            piece: "<ref target=\"#d99999\">x</ref>",
            after: "<p>",
            within: Some("type=\"document\""),
        });
    }
    let base = root.join("target/bench-workspaces");
    // `--volumes N`: a series of N volumes of about 4 MB, as the series
    // bench generates, rather than the 50 MB workspace.
    let args: Vec<String> = std::env::args().collect();
    let volumes: Option<usize> = args
        .iter()
        .position(|a| a == "--volumes")
        .and_then(|i| args.get(i + 1)?.parse().ok());
    let (name, spec) = match volumes {
        Some(n) => (
            format!("series-{n}"),
            Spec::for_size(4_000_000 * n as u64, n, SEED),
        ),
        None => ("workspace-50mb".to_string(), Spec::new(8, 890, SEED)),
    };
    let (dir, stats, _) = stamped::prepare(&base, &name, &spec).map_err(|e| e.to_string())?;
    Ok(Setup {
        dir,
        files: stats.files,
        bytes: stats.bytes as usize,
        piece: "See Document 99999. ",
        after: "\n\n",
        within: None,
    })
}

/// Medians of the parts of reading a TEI text again after an edit.
fn tei_parts(text: &str) {
    let time = |f: &dyn Fn()| {
        let mut t: Vec<Duration> = (0..10)
            .map(|_| {
                let start = Instant::now();
                f();
                start.elapsed()
            })
            .collect();
        t.sort();
        ms(percentile(&t, 0.5))
    };
    println!(
        "{:<40} {:>10}",
        "of it: DOM",
        time(&|| drop(emend::syntax::xml_dom::parse(text)))
    );
    let facts = || emend::facts::tei::extract_fast(text).unwrap_or_default();
    println!(
        "{:<40} {:>10}",
        "of it: the facts, by the DOM",
        time(&|| drop(facts()))
    );
    println!(
        "{:<40} {:>10}",
        "of it: text hash and line index",
        time(&|| drop(emend::index::Analyzed::new(
            text.to_string(),
            Default::default(),
            Retain::Text
        )))
    );
}

/// How long `apply` and the file's diagnostics take for `n` edits that
/// insert `piece` at `at` and take it away again, in turn.
fn time_edits(
    host: &mut AnalysisHost,
    path: &std::path::Path,
    file: usize,
    at: usize,
    piece: &str,
    n: usize,
) -> Vec<Duration> {
    let mut apply = Vec::new();
    for i in 0..n {
        let insert = i % 2 == 0;
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
            path: path.to_path_buf(),
            edits: vec![edit],
        }]);
        let _ = host.analysis().diagnostics(file);
        apply.push(start.elapsed());
        assert!(
            !affected.files.is_empty(),
            "the edit changes the file's findings"
        );
    }
    apply
}

fn main() -> ExitCode {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let tei = std::env::args().any(|a| a == "--tei");
    let Setup {
        dir,
        files,
        bytes,
        piece,
        after,
        within,
    } = match setup(&root, tei) {
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
        tei || f
            .path
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
    let from = within.and_then(|w| text.find(w)).unwrap_or(0);
    let at = text[from..]
        .find(after)
        .map_or(0, |i| from + i + after.len());
    println!(
        "workspace: {} files, {:.1} MB; load {}, first check {}",
        files,
        bytes as f64 / 1e6,
        ms(loaded),
        ms(checked)
    );

    let edits = std::env::var("EMEND_BENCH_EDITS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(EDITS);
    let mut apply = time_edits(&mut host, &path, file, at, piece, edits);
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
    if tei {
        tei_parts(&text);
        // A tag half typed (`<` inserted; each second edit takes it away
        // again): the text is parsed whole by tree-sitter.
        let mut broken: Vec<Duration> = time_edits(&mut host, &path, file, at, "<", 20)
            .into_iter()
            .step_by(2)
            .collect();
        broken.sort();
        println!(
            "{:<40} {:>10} {:>10}",
            "an edit that leaves it not well-formed",
            ms(percentile(&broken, 0.5)),
            ms(percentile(&broken, 0.99)),
        );
    }
    ExitCode::SUCCESS
}
