//! `emend check` on a FRUS-sized TEI volume as it is, against the
//! yardsticks run in the same process run: `xmllint --noout` (what FRUS's
//! repository runs on every volume) and FRUS's own Schematron on Saxon
//! (`tests/data/schematron/frus-offline.xsl`), when they are installed.
//! Prints the medians, the ratios and emend's peak memory.
//!
//! `cargo bench --bench tei_check [-- --mb 4 --runs 5 --saxon-runs 1]`

#[path = "support/args.rs"]
mod args;
#[path = "support/tei_volume.rs"]
mod tei_volume;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The median time of `runs` runs of a command, and whether the last one
/// ran at all (a finding is not a failure: `emend check` exits 1).
fn time(runs: usize, mut command: impl FnMut() -> Command) -> Option<f64> {
    let mut times = Vec::new();
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        let out = command().output().ok()?;
        if out.status.code().is_none_or(|c| c > 1) {
            eprintln!("{}", String::from_utf8_lossy(&out.stderr));
            return None;
        }
        times.push(t.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    Some(times[times.len() / 2])
}

/// Peak memory of one run, in MB, from GNU time.
fn peak_mb(bin: &str, input: &Path) -> Option<f64> {
    let out = Command::new("/usr/bin/time")
        .args(["-f", "%M", bin, "check", "--format", "json"])
        .arg(input)
        .output()
        .ok()?;
    let err = String::from_utf8_lossy(&out.stderr);
    let kb: f64 = err.lines().last()?.trim().parse().ok()?;
    Some(kb / 1024.0)
}

fn main() {
    let Some(bin) = option_env!("CARGO_BIN_EXE_emend") else {
        eprintln!("the emend binary is not built");
        return;
    };
    let mb = args::number("--mb", 4);
    let runs = args::number("--runs", 5);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("target/bench-tei-check");
    std::fs::create_dir_all(&dir).expect("bench folder");
    let (xml, docs) = tei_volume::volume(mb * 1_000_000);
    // FRUS names a volume's file by its id, which the check compares.
    let input = dir.join("frus1964-68v03.xml");
    std::fs::write(&input, &xml).expect("written");
    println!(
        "volume: {:.2} MB of TEI, {docs} documents; medians of {runs} runs",
        xml.len() as f64 / 1e6
    );
    let emend = time(runs, || {
        let mut c = Command::new(bin);
        c.args(["check", "--format", "json"]).arg(&input);
        c
    });
    let Some(emend) = emend else {
        eprintln!("emend check failed");
        return;
    };
    let memory = peak_mb(bin, &input)
        .map(|m| format!(", peak memory {m:.0} MB"))
        .unwrap_or_default();
    println!(
        "emend check:          {emend:.3} s  {:5.1} MB/s{memory}",
        xml.len() as f64 / 1e6 / emend
    );
    match time(runs, || {
        let mut c = Command::new("xmllint");
        c.arg("--noout").arg(&input);
        c
    }) {
        Some(t) => println!(
            "xmllint --noout:      {t:.3} s  (emend takes {:.1}× as long)",
            emend / t
        ),
        None => println!("xmllint --noout:      not installed (Debian: libxml2-utils)"),
    }
    let jar = Path::new("/usr/share/java/Saxon-HE.jar");
    let xsl = root.join("tests/data/schematron/frus-offline.xsl");
    let saxon = jar.is_file().then(|| {
        time(args::number("--saxon-runs", 1), || {
            let mut c = Command::new("java");
            c.arg("-jar")
                .arg(jar)
                .arg(format!("-s:{}", input.display()))
                .arg(format!("-xsl:{}", xsl.display()))
                .arg(format!("-o:{}", dir.join("volume.svrl").display()));
            c
        })
    });
    match saxon.flatten() {
        Some(t) => println!(
            "Schematron on Saxon:  {t:.3} s  (emend is {:.0}× as fast)",
            t / emend
        ),
        None => println!("Schematron on Saxon:  not run (Debian: libsaxonhe-java)"),
    }
}
