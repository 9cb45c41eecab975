//! What the benches measure emend against, and how they read the memory
//! of what they ran.

#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

/// How long GNU grep takes to scan the markup files under a folder once.
pub fn grep_seconds(dir: &Path) -> Result<f64, String> {
    let started = Instant::now();
    let status = Command::new("grep")
        .args(["-r", "-c", "--include=*.emd", "Document 99999"])
        .arg(dir)
        .stdout(Stdio::null())
        .status()
        .map_err(|e| format!("cannot run grep: {e}"))?;
    if status.code().is_none_or(|c| c > 1) {
        return Err(format!("grep failed: {status}"));
    }
    Ok(started.elapsed().as_secs_f64())
}

/// The peak memory, in bytes, that `/usr/bin/time -f %M -o PATH` wrote.
/// GNU time writes "Command exited with non-zero status 1" before the
/// format's output when the status is not 0: the number is the last line.
pub fn read_max_rss(path: &Path) -> Option<u64> {
    let text = std::fs::read_to_string(path).ok()?;
    let kib: u64 = text
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())?
        .trim()
        .parse()
        .ok()?;
    Some(kib * 1024)
}
