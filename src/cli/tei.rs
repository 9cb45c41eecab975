//! `emend import-tei` and `emend export-tei`.

use super::{EXIT_OK, EXIT_TROUBLE};
use crate::atomic::{self, Stage};
use crate::index::{discover, read_text};
use crate::tei;
use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

/// `eprintln!` that cannot panic: with standard error closed (`2>&1 |
/// head`) there is nowhere left to report to, and the output is still worth
/// finishing.
macro_rules! note {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The FRUS TEI file of a volume.
    pub input: PathBuf,
    /// The volume folder to write.
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
    /// Write into a folder that exists and is not empty: its .emd files are
    /// replaced, and those the TEI does not have are removed; other files
    /// are kept. The new volume is written beside the folder and put in its
    /// place only once complete, so a failure leaves the folder as it was.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// A volume folder (one holding a volume.emd).
    pub input: PathBuf,
    /// The TEI file to write; `-` for standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// Replace the file if it exists. The new file is written beside it
    /// and renamed over it, so a failure leaves the file as it was.
    #[arg(long)]
    pub force: bool,
}

fn fail(path: &Path, line: u32, column: u32, message: &str) -> i32 {
    note!("{}:{line}:{column}: error: {message}", path.display());
    EXIT_TROUBLE
}

/// Writes `text` to standard output. A reader that stops early (`| head`)
/// closes the pipe: that ends the output and is not an error.
fn to_stdout(text: &str) -> i32 {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => EXIT_OK,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => EXIT_OK,
        Err(e) => {
            note!("error: cannot write to standard output: {e}");
            EXIT_TROUBLE
        }
    }
}

fn print_warning(base: &Path, input: &Path, w: &tei::Warning) {
    let path = match &w.file {
        Some(f) => base.join(f),
        None => input.to_path_buf(),
    };
    note!(
        "{}:{}:{}: warning: {}",
        path.display(),
        w.line,
        w.column,
        w.message
    );
}

pub fn run_import(args: ImportArgs) -> i32 {
    let xml = match read_text(&args.input) {
        Ok(x) => x,
        Err(e) => return fail(&args.input, 1, 1, &e),
    };
    let xml = xml.strip_prefix('\u{feff}').unwrap_or(&xml);
    let stem = args
        .input
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "volume".to_string());
    let imported = match tei::import(xml, &stem) {
        Ok(i) => i,
        Err(e) => return fail(&args.input, e.line, e.column, &e.message),
    };
    let out = &args.output;
    if out.exists() {
        if !out.is_dir() {
            return fail(out, 1, 1, "exists and is not a folder");
        }
        let empty = std::fs::read_dir(out).is_ok_and(|mut d| d.next().is_none());
        if !empty && !args.force {
            return fail(
                out,
                1,
                1,
                "the folder exists and is not empty; use --force to replace its markup files",
            );
        }
    }
    // The folder's markup files: each is replaced or, when the TEI does
    // not have it, removed, as it would otherwise join the volume.
    let existing = if out.is_dir() {
        let mut files = discover::markup_files_under(out).0;
        files.extend(verbatim_files_in(out));
        files
    } else {
        Vec::new()
    };
    let written: HashSet<&Path> = imported.files.iter().map(|(p, _)| Path::new(p)).collect();
    let replaced: HashSet<PathBuf> = existing
        .iter()
        .filter_map(|p| p.strip_prefix(out).ok())
        .map(Path::to_path_buf)
        .collect();
    let existed = out.exists();
    let unchanged = |f: atomic::Failure| {
        let what = if existed {
            format!("{} is unchanged", out.display())
        } else {
            "nothing was written".to_string()
        };
        fail(&f.path, 1, 1, &format!("{}; {what}", f.message))
    };
    let stage = match Stage::new(out) {
        Ok(s) => s,
        Err(f) => return unchanged(f),
    };
    for (rel, text) in &imported.files {
        if let Err(f) = stage.write(rel, text.as_bytes()) {
            return unchanged(f);
        }
    }
    if let Err(f) = stage.carry_over(&replaced) {
        return unchanged(f);
    }
    match stage.commit() {
        Ok(None) => {}
        Ok(Some(left)) => note!(
            "{}: warning: the previous folder, moved here, could not be removed ({}); the new volume is in place: remove this folder",
            left.path.display(),
            left.error
        ),
        Err(f) => return fail(&f.path, 1, 1, &f.message),
    }
    for stale in &existing {
        if stale
            .strip_prefix(out)
            .is_ok_and(|rel| !written.contains(rel))
        {
            note!("{}: removed (not in the TEI)", stale.display());
        }
    }
    for w in &imported.warnings {
        print_warning(out, &args.input, w);
    }
    let documents = imported
        .files
        .iter()
        .filter(|(_, t)| {
            t.lines()
                .any(|l| l.starts_with("# ") && l[2..].starts_with(|c: char| c.is_ascii_digit()))
        })
        .count();
    to_stdout(&format!(
        "Imported {} into {}: {} files ({} with documents); {} references as prose, {} explicit; {} warnings.\n",
        imported.volume_id,
        out.display(),
        imported.files.len(),
        documents,
        imported.prose_refs,
        imported.explicit_refs,
        imported.warnings.len()
    ))
}

/// The files of a volume folder that keep what the markup has no place for
/// (`tei-header.xml`, `02-toc.xml`, `back/01-index.xml`).
fn verbatim_files_in(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for folder in [dir.to_path_buf(), dir.join("back")] {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let rel = path
                .strip_prefix(dir)
                .ok()
                .map(|r| r.to_string_lossy().replace('\\', "/"));
            if rel.is_some_and(|r| tei::is_verbatim(&r)) && path.is_file() {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

pub fn run_export(args: ExportArgs) -> i32 {
    let dir = &args.input;
    if !dir.join(discover::VOLUME_FILE).is_file() {
        return fail(dir, 1, 1, "not a volume folder: it holds no volume.emd");
    }
    let (mut paths, problems) = discover::markup_files_under(dir);
    if let Some(p) = problems.first() {
        return fail(&p.path, 1, 1, &p.message);
    }
    paths.extend(verbatim_files_in(dir));
    let mut files = Vec::new();
    let mut skipped_volumes: Vec<PathBuf> = Vec::new();
    for path in paths {
        let Ok(rel) = path.strip_prefix(dir) else {
            continue;
        };
        // A deeper folder with its own volume.emd is another volume.
        let nested =
            discover::volume_folder_of(rel, |a| dir.join(a).join(discover::VOLUME_FILE).is_file());
        if let Some(n) = nested {
            let n = dir.join(n);
            if !skipped_volumes.contains(&n) {
                note!(
                    "{}: another volume inside this one: not exported",
                    n.display()
                );
                skipped_volumes.push(n);
            }
            continue;
        }
        let rel: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        match read_text(&path) {
            Ok(text) => files.push((rel.join("/"), text)),
            Err(e) => return fail(&path, 1, 1, &e),
        }
    }
    let exported = match tei::export(&files) {
        Ok(x) => x,
        Err(errors) => {
            for e in &errors {
                note!(
                    "{}:{}:{}: error: {}",
                    dir.join(&e.file).display(),
                    e.line,
                    e.column,
                    e.message
                );
            }
            return EXIT_TROUBLE;
        }
    };
    for w in &exported.warnings {
        print_warning(dir, dir, w);
    }
    if args.output.as_os_str() == "-" {
        return to_stdout(&exported.xml);
    }
    if args.output.exists() && !args.force {
        return fail(
            &args.output,
            1,
            1,
            "the file exists; use --force to replace it",
        );
    }
    if let Err(f) = atomic::write_file(&args.output, exported.xml.as_bytes()) {
        return fail(&f.path, 1, 1, &f.message);
    }
    note!(
        "Exported {} files into {} ({} bytes); {} warnings.",
        files.len(),
        args.output.display(),
        exported.xml.len(),
        exported.warnings.len()
    );
    EXIT_OK
}
