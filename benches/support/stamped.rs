//! Generated workspaces kept between benchmark runs: each lives in
//! `<base>/<name>/` and is reused while `<base>/<name>.stamp` records the
//! same spec.

use super::workspace_gen::{generate, Spec, Stats};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The workspace of `case`, generated unless its stamp matches.
pub fn prepare(base: &Path, name: &str, spec: &Spec) -> io::Result<(PathBuf, Stats, bool)> {
    let dir = base.join(name);
    let stamp = base.join(format!("{name}.stamp"));
    let fingerprint = spec.fingerprint();
    if dir.is_dir() {
        if let Ok(text) = fs::read_to_string(&stamp) {
            let mut lines = text.lines();
            if lines.next() == Some(fingerprint.as_str()) {
                if let Some(stats) = lines.next().and_then(parse_stats) {
                    return Ok((dir, stats, true));
                }
            }
        }
        fs::remove_dir_all(&dir)?;
    }
    let _ = fs::remove_file(&stamp);
    let stats = generate(&dir, spec)?;
    fs::write(
        &stamp,
        format!(
            "{}\nfiles={} bytes={} volumes={} documents={}\n",
            fingerprint, stats.files, stats.bytes, stats.volumes, stats.documents
        ),
    )?;
    Ok((dir, stats, false))
}

fn parse_stats(line: &str) -> Option<Stats> {
    let mut s = Stats::default();
    for kv in line.split_whitespace() {
        let (k, v) = kv.split_once('=')?;
        let v: u64 = v.parse().ok()?;
        match k {
            "files" => s.files = v as usize,
            "bytes" => s.bytes = v,
            "volumes" => s.volumes = v as usize,
            "documents" => s.documents = v as usize,
            _ => return None,
        }
    }
    (s.files > 0).then_some(s)
}
