//! `emend check PATH…`.

use super::{
    output, progress, sarif, CheckArgs, ColorChoice, Deny, EXIT_FINDINGS, EXIT_OK, EXIT_TROUBLE,
};
use crate::analysis::{AnalysisHost, Change};
use crate::cache;
use crate::config;
use crate::index::{discover, LoadProblem, Retain, Workspace};
use crate::rules::{self, Severities, Severity};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

pub fn run(args: CheckArgs) -> i32 {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };

    let mut severities = Severities::default();
    let config_path = args.config.clone().or_else(|| config::find(&paths[0]));
    let mut setting_problems = Vec::new();
    if let Some(path) = &config_path {
        if let Err(e) = config::load(path, &mut severities) {
            setting_problems.push(problem(&e));
        }
    }
    for flag in &args.severities {
        if let Err(e) = config::apply_flag(flag, &mut severities) {
            setting_problems.push(problem(&e));
        }
    }
    if !setting_problems.is_empty() {
        // Nothing is checked with settings the user did not mean; the
        // machine formats still say why, in their own shape.
        let mut ws = Workspace::default();
        ws.problems = setting_problems;
        return report(&args, &ws, &[], 0);
    }

    let timings = std::env::var_os("EMEND_TIMINGS").is_some();
    let started = std::time::Instant::now();
    let (planned, missing) = discover::plan(&paths);
    let store = cache_store(&args, config_path.as_deref());
    let names = cache::Names::of(&paths);
    let stamps = store
        .as_ref()
        .map(|store| cache::stamps(store, &names, &planned));
    let key = stamps
        .as_ref()
        .map(|stamps| cache::checked::key(&planned, stamps, &missing, &severities));
    let found_before = store
        .as_ref()
        .and_then(|store| store.read::<cache::checked::Record>(&names.findings))
        .filter(|record| key.is_some_and(|key| record.holds(key)));
    if let Some(record) = found_before {
        if let Some((store, stamps)) = store.as_ref().zip(stamps).filter(|(_, s)| s.renewed()) {
            if let Err(e) = store.write(&names.stamps, &stamps) {
                warn_unwritten(&e);
            }
        }
        let (ws, diagnostics) = record.into_report();
        if timings {
            eprintln!(
                "timings: kept findings {:.3}s",
                started.elapsed().as_secs_f64()
            );
        }
        let reported_files = ws.files.iter().filter(|f| f.reported).count();
        return report(&args, &ws, &diagnostics, reported_files);
    }
    let bar = progress::Bar::new();
    let loaded = cache::load(
        store.as_ref(),
        &names,
        planned,
        missing,
        stamps.as_ref(),
        &bar,
        Retain::FactsOnly,
    );
    let ws = loaded.ws.clone();
    let load_time = started.elapsed();
    let mut host = AnalysisHost::new();
    let pending = host.update([Change::Load(ws), Change::Severities(severities)]);
    let index_time = started.elapsed();
    host.check(pending);
    let analysis = host.analysis();
    let diagnostics = analysis.all_diagnostics();
    let ws = &analysis.ws;
    if timings {
        eprintln!(
            "timings: load {:.3}s ({} files parsed, {} kept), index {:.3}s, rules {:.3}s",
            load_time.as_secs_f64(),
            ws.files.len() - loaded.kept(),
            loaded.kept(),
            (index_time - load_time).as_secs_f64(),
            (started.elapsed() - index_time).as_secs_f64()
        );
    }

    let reported_files = ws.files.iter().filter(|f| f.reported).count();
    let status = report(&args, ws, &diagnostics, reported_files);
    // Written after the report, which a user waits for.
    if let Some(((store, stamps), key)) = store.as_ref().zip(stamps).zip(key) {
        let record = cache::checked::Record::new(key, ws, &diagnostics);
        let written = cache::keep(store, &names, &loaded, &stamps)
            .and_then(|()| store.write(&names.findings, &record));
        if let Err(e) = written {
            warn_unwritten(&e);
        }
        if timings {
            eprintln!(
                "timings: cache written {:.3}s",
                started.elapsed().as_secs_f64()
            );
        }
    }
    // The process ends next: freeing millions of small allocations one by
    // one would take longer than the output did.
    std::mem::forget(analysis);
    std::mem::forget(host);
    std::mem::forget(loaded);
    status
}

/// A cache that cannot be written costs the next check time, not this
/// one its findings.
fn warn_unwritten(e: &str) {
    eprintln!("warning: cannot write the cache (--no-cache goes without it): {e}");
}

/// The cache a check reads and writes, unless told to go without: in
/// the folder given, or as [`cache::folder`] says.
fn cache_store(args: &CheckArgs, config: Option<&Path>) -> Option<cache::Store> {
    if args.no_cache {
        return None;
    }
    let dir = match &args.cache_dir {
        Some(dir) => dir.clone(),
        None => cache::folder(config, Path::new("."))?,
    };
    cache::Store::open(dir)
}

fn problem(e: &config::ConfigError) -> LoadProblem {
    let (path, line, message) = e.parts();
    LoadProblem {
        path,
        line,
        message,
    }
}

/// Writes the report in the chosen format; returns the exit status.
fn report(
    args: &CheckArgs,
    ws: &Workspace,
    diagnostics: &[rules::Diagnostic],
    reported_files: usize,
) -> i32 {
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    };
    // Problems first: the summary line that closes a human report counts
    // them, and a reader of a terminal sees them above it.
    for p in &ws.problems {
        eprintln!("error: {p}");
    }
    // Buffered: stdout flushes at every line break, a system call per
    // line of a report of thousands of findings.
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let located = output::Located::new(ws, diagnostics, args.format);
    let written = match args.format {
        super::Format::Human => {
            output::human(&mut out, ws, &located, diagnostics, reported_files, color)
        }
        super::Format::Json => output::json(&mut out, ws, &located, diagnostics, reported_files),
        super::Format::Github => output::github(&mut out, ws, &located, diagnostics),
        super::Format::Sarif => sarif::write(&mut out, ws, &located, diagnostics),
    };
    let flushed = written.and_then(|()| out.flush());
    if let Err(e) = flushed {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: cannot write the report: {e}");
            return EXIT_TROUBLE;
        }
    }
    let fails = |d: &&rules::Diagnostic| {
        d.severity == Severity::Error
            || (args.deny == Some(Deny::Warnings) && d.severity == Severity::Warning)
    };
    if !ws.problems.is_empty() {
        EXIT_TROUBLE
    } else if diagnostics.iter().any(|d| fails(&d)) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}
