//! Import and export of a FRUS-sized TEI volume.
//!
//! Builds a volume of about 4 MB by repeating the nine documents of the
//! FRUS 1964–1968, vol. III excerpt (`tests/data/tei/`) with renumbered
//! documents, notes and pages, behind its sources, terms and persons; then
//! times `emend::tei::import` and `emend::tei::export` in the process, and
//! `emend import-tei` / `emend export-tei` as commands (files read and
//! written), and prints the medians. Target: under 1 s each.
//!
//! `cargo bench --bench tei_roundtrip [-- --mb 4 --runs 5]`

#[path = "support/args.rs"]
mod args;
#[path = "support/tei_volume.rs"]
mod tei_volume;

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;
use tei_volume::volume;

fn median(xs: &mut [f64]) -> f64 {
    xs.sort_by(|a, b| a.total_cmp(b));
    xs[xs.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        last = Some(f());
        times.push(t.elapsed().as_secs_f64());
    }
    (median(&mut times), last.expect("at least one run"))
}

fn main() {
    let mb = args::number("--mb", 4);
    let runs = args::number("--runs", 5).max(1);
    let (xml, docs) = volume(mb * 1_000_000);
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-tei");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("bench folder");
    let input = dir.join("volume.xml");
    std::fs::write(&input, &xml).expect("written");
    println!(
        "volume: {:.2} MB of TEI, {docs} documents, {runs} runs each, medians",
        xml.len() as f64 / 1e6
    );

    let (t_import, imported) = time(runs, || {
        emend::tei::import(&xml, "volume").expect("imports")
    });
    let markup: usize = imported.files.iter().map(|(_, t)| t.len()).sum();
    let rate = |bytes: usize, seconds: f64| bytes as f64 / 1e6 / seconds.max(1e-9);
    println!(
        "import (in process):  {t_import:.3} s  {:5.1} MB/s of TEI → {} files, {:.2} MB of markup, {} warnings",
        rate(xml.len(), t_import),
        imported.files.len(),
        markup as f64 / 1e6,
        imported.warnings.len()
    );
    let (t_export, exported) = time(runs, || {
        emend::tei::export(&imported.files).expect("exports")
    });
    println!(
        "export (in process):  {t_export:.3} s  {:5.1} MB/s of TEI → {:.2} MB of TEI",
        rate(exported.xml.len(), t_export),
        exported.xml.len() as f64 / 1e6
    );
    let again = emend::tei::import(&exported.xml, "volume").expect("imports again");
    assert_eq!(
        again.files, imported.files,
        "import → export → import differs"
    );

    if let Some(bin) = option_env!("CARGO_BIN_EXE_emend") {
        let out = dir.join("vol");
        let back = dir.join("back.xml");
        let (t_cli_import, ok) = time(runs, || {
            Command::new(bin)
                .args(["import-tei", "--force", "-o"])
                .arg(&out)
                .arg(&input)
                .output()
                .map(|o| o.status.success())
                .unwrap_or(false)
        });
        assert!(ok, "emend import-tei failed");
        let (t_cli_export, ok) = time(runs, || {
            Command::new(bin)
                .args(["export-tei", "--force", "-o"])
                .arg(&back)
                .arg(&out)
                .output()
                .map(|o| o.status.success())
                .unwrap_or(false)
        });
        assert!(ok, "emend export-tei failed");
        println!(
            "emend import-tei:     {t_cli_import:.3} s  {:5.1} MB/s (reading the TEI, writing and syncing the folder)",
            rate(xml.len(), t_cli_import)
        );
        println!(
            "emend export-tei:     {t_cli_export:.3} s  {:5.1} MB/s (reading the folder, writing the TEI)",
            rate(exported.xml.len(), t_cli_export)
        );
    }
    let slowest = rate(xml.len(), t_import).min(rate(exported.xml.len(), t_export));
    let verdict = if slowest >= 20.0 {
        "20 MB/s or more each, in process"
    } else {
        "UNDER the 20 MB/s target"
    };
    println!("target: {verdict}");
}
