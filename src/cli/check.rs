//! `emend check PATH…`.

use super::{output, progress, CheckArgs, ColorChoice, Deny, EXIT_FINDINGS, EXIT_OK, EXIT_TROUBLE};
use crate::config;
use crate::index::{Retain, Workspace};
use crate::rules::{self, Severities, Severity};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

pub fn run(args: CheckArgs) -> i32 {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };

    let mut severities = Severities::default();
    let config_path = args.config.clone().or_else(|| config::find(&paths[0]));
    if let Some(path) = &config_path {
        if let Err(e) = config::load(path, &mut severities) {
            eprintln!("error: {e}");
            return EXIT_TROUBLE;
        }
    }
    for flag in &args.severities {
        if let Err(e) = config::apply_flag(flag, &mut severities) {
            eprintln!("error: {e}");
            return EXIT_TROUBLE;
        }
    }

    let timings = std::env::var_os("EMEND_TIMINGS").is_some();
    let started = std::time::Instant::now();
    let bar = progress::Bar::new();
    let ws = Workspace::load(&paths, &bar, Retain::FactsOnly);
    let loaded = started.elapsed();
    let diagnostics = rules::check(&ws, &severities);
    if timings {
        eprintln!(
            "timings: load {:.3}s, rules {:.3}s",
            loaded.as_secs_f64(),
            (started.elapsed() - loaded).as_secs_f64()
        );
    }

    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    };
    let reported_files = ws.files.iter().filter(|f| f.reported).count();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let texts = output::Texts::for_diagnostics(&ws, &diagnostics);
    let written = match args.format {
        super::Format::Human => {
            output::human(&mut out, &ws, &texts, &diagnostics, reported_files, color)
        }
        super::Format::Json => output::json(&mut out, &ws, &texts, &diagnostics, reported_files),
        super::Format::Github => output::github(&mut out, &ws, &texts, &diagnostics),
    };
    let flushed = written.and_then(|()| out.flush());
    if let Err(e) = flushed {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: cannot write the report: {e}");
            return EXIT_TROUBLE;
        }
    }
    for p in &ws.problems {
        eprintln!("error: {}: {}", p.path.display(), p.message);
    }

    let fails = |d: &&rules::Diagnostic| {
        d.severity == Severity::Error
            || (args.deny == Some(Deny::Warnings) && d.severity == Severity::Warning)
    };
    let status = if !ws.problems.is_empty() {
        EXIT_TROUBLE
    } else if diagnostics.iter().any(|d| fails(&d)) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    };
    // The process ends next: freeing millions of small allocations one by
    // one would take longer than the output did.
    std::mem::forget(ws);
    status
}
