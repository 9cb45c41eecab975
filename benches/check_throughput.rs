//! Throughput of `emend check` on generated FRUS-shaped workspaces.
//!
//!     cargo bench --bench check_throughput                  # ~50 MB workspace + ~4 MB volume
//!     cargo bench --bench check_throughput -- --quick       # small workspaces, fewer runs
//!     cargo bench --bench check_throughput -- volume        # only cases whose name contains "volume"
//!     cargo bench --bench check_throughput -- --generate-only /tmp/ws [--quick]
//!
//! Workspaces are generated (deterministically, see support/workspace_gen.rs)
//! into `target/bench-workspaces/<case>/` and reused while the stamp file
//! `target/bench-workspaces/<case>.stamp` says they were made with the same
//! spec. Each case runs `emend check --format json DIR` once to warm up and
//! then `--runs` times (default 5); the table reports the median wall time
//! and the child's peak RSS (from `/usr/bin/time -f %M`, "n/a" when that is
//! not available). Those runs pass `--no-cache`; then, with the cache in
//! `target/bench-workspaces/<case>.cache/`, the median of `--runs` checks of
//! the unchanged workspace and of checks after one document changed, beside
//! GNU `grep -r` over the same files. MB = 10^6 bytes. Exit status 0 or 1 of `emend check` is
//! success (1 = findings); anything else fails the case and the bench.

#[path = "support/stamped.rs"]
mod stamped;
#[path = "support/workspace_gen.rs"]
mod workspace_gen;
#[path = "support/yardstick.rs"]
mod yardstick;

use std::collections::BTreeMap;
use std::env;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

use workspace_gen::{Spec, Stats};

const SEED: u64 = 1964;
const TIME_BIN: &str = "/usr/bin/time";

struct Case {
    name: &'static str,
    spec: Spec,
}

fn cases(quick: bool) -> Vec<Case> {
    if quick {
        vec![
            Case {
                name: "quick-workspace",
                spec: Spec::new(3, 40, SEED),
            },
            Case {
                name: "quick-volume",
                spec: Spec::new(1, 80, SEED),
            },
        ]
    } else {
        vec![
            // 8 volumes x 890 documents: about 50 MB in 7,144 files.
            Case {
                name: "workspace-50mb",
                spec: Spec::new(8, 890, SEED),
            },
            // One volume of 570 documents: about 4 MB.
            Case {
                name: "volume-4mb",
                spec: Spec::new(1, 570, SEED),
            },
        ]
    }
}

struct Args {
    quick: bool,
    runs: usize,
    warmup: usize,
    generate_only: Option<PathBuf>,
    bin: Option<PathBuf>,
    baseline: Option<PathBuf>,
    off: Vec<String>,
    filters: Vec<String>,
    volumes: Option<usize>,
    docs: Option<usize>,
    seed: Option<u64>,
}

const USAGE: &str =
    "usage: check_throughput [--quick] [--runs N] [--warmup N] [--bin PATH] [--baseline PATH] [--off CODE,…] [FILTER…]
       check_throughput --generate-only DIR [--quick] [--volumes N --docs N --seed N]

  --quick              small workspaces (about 1 MB), 3 runs
  --runs N             timed runs per workspace (default 5), the median is reported
  --warmup N           untimed runs before them (default 1)
  --bin PATH           the emend binary (default: $EMEND_BIN, Cargo's bench binary,
                       target/release/emend, else `cargo build --release` first)
  --baseline PATH      also time this emend binary (an earlier build, made with
                       scripts/build-baseline.sh) on each workspace, each of its runs
                       right after one of this build's, and print how much longer
                       this build takes
  --off CODE,…         switch these codes off in this build's runs (not the
                       baseline's): with the codes added since the baseline off,
                       both print about as many findings, and the difference is
                       the cost of computing the codes, not of printing findings
  FILTER               only workspaces whose name contains FILTER
  --generate-only DIR  write the first selected workspace (or --volumes/--docs/--seed)
                       into DIR, which must be empty or missing, and exit";

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        quick: false,
        runs: 0,
        warmup: 1,
        generate_only: None,
        bin: env::var_os("EMEND_BIN").map(PathBuf::from),
        baseline: None,
        off: Vec::new(),
        filters: Vec::new(),
        volumes: None,
        docs: None,
        seed: None,
    };
    let mut it = env::args().skip(1);
    fn value<T: std::str::FromStr>(
        it: &mut impl Iterator<Item = String>,
        flag: &str,
    ) -> Result<T, String> {
        let v = it.next().ok_or_else(|| format!("{} needs a value", flag))?;
        v.parse()
            .map_err(|_| format!("{}: bad value {:?}", flag, v))
    }
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--quick" => a.quick = true,
            "--runs" => a.runs = value(&mut it, "--runs")?,
            "--warmup" => a.warmup = value(&mut it, "--warmup")?,
            "--generate-only" => {
                a.generate_only = Some(PathBuf::from(value::<String>(&mut it, "--generate-only")?))
            }
            "--bin" => a.bin = Some(PathBuf::from(value::<String>(&mut it, "--bin")?)),
            "--off" => a.off.extend(
                value::<String>(&mut it, "--off")?
                    .split(',')
                    .map(str::to_string),
            ),
            "--baseline" => {
                a.baseline = Some(PathBuf::from(value::<String>(&mut it, "--baseline")?))
            }
            "--volumes" => a.volumes = Some(value(&mut it, "--volumes")?),
            "--docs" => a.docs = Some(value(&mut it, "--docs")?),
            "--seed" => a.seed = Some(value(&mut it, "--seed")?),
            // Passed by `cargo bench` to every bench binary.
            "--bench" => {}
            "-h" | "--help" => return Err(String::new()),
            s if s.starts_with('-') => return Err(format!("unknown option {}", s)),
            _ => a.filters.push(arg),
        }
    }
    if a.runs == 0 {
        a.runs = if a.quick { 3 } else { 5 };
    }
    Ok(a)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("error: {}", e);
            }
            eprintln!("{}", USAGE);
            return ExitCode::from(2);
        }
    };
    let mut selected: Vec<Case> = cases(args.quick)
        .into_iter()
        .filter(|c| {
            args.filters.is_empty() || args.filters.iter().any(|f| c.name.contains(f.as_str()))
        })
        .collect();

    if let Some(dir) = &args.generate_only {
        let base = selected
            .first()
            .map(|c| c.spec)
            .unwrap_or(cases(args.quick)[0].spec);
        let spec = Spec::new(
            args.volumes.unwrap_or(base.volumes),
            args.docs.unwrap_or(base.documents_per_volume),
            args.seed.unwrap_or(base.seed),
        );
        return match generate_only(dir, &spec) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {}", e);
                ExitCode::FAILURE
            }
        };
    }
    if args.volumes.is_some() || args.docs.is_some() || args.seed.is_some() {
        // A custom spec for the benchmark: one case.
        let base = cases(args.quick)[0].spec;
        selected = vec![Case {
            name: "custom",
            spec: Spec::new(
                args.volumes.unwrap_or(base.volumes),
                args.docs.unwrap_or(base.documents_per_volume),
                args.seed.unwrap_or(base.seed),
            ),
        }];
    }
    if selected.is_empty() {
        eprintln!("error: no workspace matches {:?}", args.filters);
        return ExitCode::from(2);
    }

    match run_bench(&args, &selected) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {}", e);
            ExitCode::FAILURE
        }
    }
}

fn generate_only(dir: &Path, spec: &Spec) -> io::Result<()> {
    if dir.exists() && fs::read_dir(dir)?.next().is_some() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{} is not empty", dir.display()),
        ));
    }
    let t = Instant::now();
    let stats = workspace_gen::generate(dir, spec)?;
    println!(
        "{}: {} volumes, {} documents, {} files, {} bytes ({:.1} MB) in {:.2} s\n  spec: {}",
        dir.display(),
        stats.volumes,
        stats.documents,
        stats.files,
        stats.bytes,
        stats.bytes as f64 / 1e6,
        t.elapsed().as_secs_f64(),
        spec.fingerprint()
    );
    Ok(())
}

// ----- locations -----------------------------------------------------------------

fn manifest_dir() -> PathBuf {
    match option_env!("CARGO_MANIFEST_DIR") {
        Some(d) => PathBuf::from(d),
        None => env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
    }
}

fn target_dir() -> PathBuf {
    match env::var_os("CARGO_TARGET_DIR") {
        Some(d) => {
            let d = PathBuf::from(d);
            if d.is_absolute() {
                d
            } else {
                manifest_dir().join(d)
            }
        }
        None => manifest_dir().join("target"),
    }
}

fn exe(name: &str) -> String {
    format!("{}{}", name, env::consts::EXE_SUFFIX)
}

/// The emend binary: --bin/$EMEND_BIN, the one Cargo built for this bench,
/// target/release/emend, or build it.
fn emend_binary(explicit: Option<&Path>) -> io::Result<PathBuf> {
    if let Some(p) = explicit {
        return if p.is_file() {
            Ok(p.to_path_buf())
        } else {
            Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!("emend binary {} not found", p.display()),
            ))
        };
    }
    if let Some(p) = option_env!("CARGO_BIN_EXE_emend") {
        let p = PathBuf::from(p);
        if p.is_file() {
            return Ok(p);
        }
    }
    let release = target_dir().join("release").join(exe("emend"));
    if release.is_file() {
        return Ok(release);
    }
    eprintln!(
        "{} is missing; running cargo build --release --bin emend",
        release.display()
    );
    let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .args(["build", "--release", "--bin", "emend", "--manifest-path"])
        .arg(manifest_dir().join("Cargo.toml"))
        .status()?;
    if !status.success() || !release.is_file() {
        return Err(io::Error::other(format!(
            "cargo build --release failed ({})",
            status
        )));
    }
    Ok(release)
}

// ----- workspaces -----------------------------------------------------------------

struct RunOutcome {
    seconds: f64,
    /// Peak resident set size of the child, bytes.
    rss: Option<u64>,
    stdout: Vec<u8>,
}

/// Does /usr/bin/time understand `-f %M -o FILE` (GNU time)?
fn gnu_time_available(scratch: &Path) -> bool {
    if !Path::new(TIME_BIN).is_file() {
        return false;
    }
    let out = scratch.join("time-probe.txt");
    let ok = Command::new(TIME_BIN)
        .args(["-f", "%M", "-o"])
        .arg(&out)
        .arg("true")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    let parsed = ok && yardstick::read_max_rss(&out).is_some();
    let _ = fs::remove_file(&out);
    parsed
}

fn run_once(
    bin: &Path,
    dir: &Path,
    time_file: Option<&Path>,
    off: &[String],
    extra: &[String],
) -> Result<RunOutcome, String> {
    let mut cmd = match time_file {
        Some(tf) => {
            let mut c = Command::new(TIME_BIN);
            c.args(["-f", "%M", "-o"]).arg(tf).arg(bin);
            c
        }
        None => Command::new(bin),
    };
    cmd.args(["check", "--format", "json"]).args(extra);
    for code in off {
        cmd.arg("--severity").arg(format!("{code}=off"));
    }
    cmd.arg(dir);
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let start = Instant::now();
    let out = cmd
        .output()
        .map_err(|e| format!("cannot run {}: {}", bin.display(), e))?;
    let seconds = start.elapsed().as_secs_f64();
    match out.status.code() {
        Some(0) | Some(1) => {}
        other => {
            return Err(format!(
                "emend check exited with {}\n--- stderr ---\n{}",
                other.map_or_else(|| "a signal".to_string(), |c| format!("status {}", c)),
                String::from_utf8_lossy(&out.stderr).trim_end()
            ));
        }
    }
    let rss = time_file.and_then(yardstick::read_max_rss);
    Ok(RunOutcome {
        seconds,
        rss,
        stdout: out.stdout,
    })
}

/// `"code": "person-unused"` occurrences, counted; and the top-level `"files"`.
fn summarize_json(stdout: &[u8]) -> (Option<u64>, BTreeMap<String, usize>) {
    let text = String::from_utf8_lossy(stdout);
    let mut codes = BTreeMap::new();
    let mut rest: &str = &text;
    while let Some(i) = rest.find("\"code\"") {
        rest = &rest[i + 6..];
        let after = rest.trim_start().strip_prefix(':').map(str::trim_start);
        if let Some(v) = after.and_then(|s| s.strip_prefix('"')) {
            if let Some(end) = v.find('"') {
                *codes.entry(v[..end].to_string()).or_insert(0) += 1;
            }
        }
    }
    let files = text.find("\"files\"").and_then(|i| {
        let s = text[i + 7..].trim_start().strip_prefix(':')?.trim_start();
        let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
        digits.parse().ok()
    });
    (files, codes)
}

fn median(xs: &mut [f64]) -> f64 {
    xs.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let n = xs.len();
    if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    }
}

struct Row {
    name: String,
    stats: Stats,
    result: Result<(f64, Option<u64>), String>,
    /// The median of the baseline binary on the same workspace.
    baseline: Option<f64>,
    warm: Option<Warm>,
}

/// Medians of checks with the cache, and of GNU grep over the same bytes.
struct Warm {
    /// Nothing changed since the cache was written.
    unchanged: f64,
    /// One document changed since.
    one_edited: f64,
    grep: f64,
}

/// Times checks that find the cache written (in a folder of their own,
/// emptied first): of the unchanged workspace, and after one document is
/// changed; and `grep -r` over the same files, as the yardstick a re-check
/// is held to. The changed document is put back afterwards.
fn warm_runs(
    args: &Args,
    bin: &Path,
    dir: &Path,
    spec: &Spec,
    cache: &Path,
) -> Result<Warm, String> {
    let _ = fs::remove_dir_all(cache);
    let with_cache = vec!["--cache-dir".to_string(), cache.display().to_string()];
    run_once(bin, dir, None, &args.off, &with_cache)?;
    let mut unchanged = Vec::new();
    let mut one_edited = Vec::new();
    let mut grep = Vec::new();
    let edited = workspace_gen::first_document(dir, spec);
    let original = fs::read(&edited).map_err(|e| e.to_string())?;
    for run in 0..args.runs {
        unchanged.push(run_once(bin, dir, None, &args.off, &with_cache)?.seconds);
        let mut changed = original.clone();
        changed.extend_from_slice(format!("\nSee Document {}.\n", 90_000 + run).as_bytes());
        fs::write(&edited, &changed).map_err(|e| e.to_string())?;
        let timed = run_once(bin, dir, None, &args.off, &with_cache);
        fs::write(&edited, &original).map_err(|e| e.to_string())?;
        one_edited.push(timed?.seconds);
        // Back to the cached state, for the next unchanged run.
        run_once(bin, dir, None, &args.off, &with_cache)?;
        grep.push(yardstick::grep_seconds(dir)?);
    }
    let warm = Warm {
        unchanged: median(&mut unchanged),
        one_edited: median(&mut one_edited),
        grep: median(&mut grep),
    };
    println!(
        "  with the cache: unchanged {:.3} s ({:.1}× grep's {:.3} s), one document changed {:.3} s",
        warm.unchanged,
        warm.unchanged / warm.grep.max(1e-9),
        warm.grep,
        warm.one_edited
    );
    Ok(warm)
}

fn run_bench(args: &Args, selected: &[Case]) -> io::Result<bool> {
    let base = target_dir().join("bench-workspaces");
    fs::create_dir_all(&base)?;
    let bin = emend_binary(args.bin.as_deref())?;
    let timing_rss = gnu_time_available(&base);
    println!("emend: {}", bin.display());
    if !timing_rss {
        println!(
            "note: {} (GNU time) not usable; peak RSS is reported as n/a",
            TIME_BIN
        );
    }
    let time_file = base.join("time-output.txt");
    let mut rows = Vec::new();
    for case in selected {
        let t = Instant::now();
        let (dir, stats, reused) = stamped::prepare(&base, case.name, &case.spec)?;
        println!(
            "\n{}: {} ({} volumes, {} documents, {} files, {:.1} MB) {} in {:.2} s",
            case.name,
            dir.display(),
            stats.volumes,
            stats.documents,
            stats.files,
            stats.bytes as f64 / 1e6,
            if reused { "reused" } else { "generated" },
            t.elapsed().as_secs_f64()
        );
        let tf = timing_rss.then_some(time_file.as_path());
        // Cold runs parse every file; the cache is measured apart below.
        let no_cache = vec!["--no-cache".to_string()];
        let mut times = Vec::new();
        let mut base_times = Vec::new();
        let mut peak: Option<u64> = None;
        let mut failure = None;
        for i in 0..args.warmup + args.runs {
            match run_once(&bin, &dir, tf, &args.off, &no_cache) {
                Ok(run) => {
                    if i == 0 {
                        let (files, codes) = summarize_json(&run.stdout);
                        let total: usize = codes.values().sum();
                        let list: Vec<String> =
                            codes.iter().map(|(c, n)| format!("{} {}", c, n)).collect();
                        println!(
                            "  emend reported files: {}, diagnostics: {}{}{}",
                            files.map_or("?".to_string(), |f| f.to_string()),
                            total,
                            if list.is_empty() { "" } else { " — " },
                            list.join(", ")
                        );
                        if files.is_some_and(|f| f != stats.files as u64) {
                            println!("  note: the workspace has {} .emd files", stats.files);
                        }
                    }
                    let timed = i >= args.warmup;
                    println!(
                        "  {} {}: {:.3} s{}",
                        if timed { "run" } else { "warm-up" },
                        if timed { i - args.warmup + 1 } else { i + 1 },
                        run.seconds,
                        run.rss.map_or(String::new(), |r| format!(
                            ", peak RSS {:.1} MB",
                            r as f64 / 1e6
                        ))
                    );
                    // The baseline runs right after, so that both see the
                    // same state of a machine whose speed varies.
                    if let Some(old) = &args.baseline {
                        match run_once(old, &dir, None, &[], &no_cache) {
                            Ok(b) if timed => base_times.push(b.seconds),
                            Ok(_) => {}
                            Err(e) => {
                                failure = Some(format!("baseline: {e}"));
                                break;
                            }
                        }
                    }
                    if timed {
                        times.push(run.seconds);
                        peak = match (peak, run.rss) {
                            (Some(a), Some(b)) => Some(a.max(b)),
                            (a, b) => a.or(b),
                        };
                    }
                }
                Err(e) => {
                    eprintln!("  FAILED: {}", e);
                    failure = Some(e.lines().next().unwrap_or("failed").to_string());
                    break;
                }
            }
        }
        let warm = match failure {
            Some(_) => None,
            None => match warm_runs(
                args,
                &bin,
                &dir,
                &case.spec,
                &base.join(format!("{}.cache", case.name)),
            ) {
                Ok(w) => Some(w),
                Err(e) => {
                    failure = Some(e);
                    None
                }
            },
        };
        let result = match failure {
            Some(e) => Err(e),
            None => Ok((median(&mut times), peak)),
        };
        let baseline = (!base_times.is_empty()).then(|| median(&mut base_times));
        if let (Ok((now, _)), Some(then)) = (&result, baseline) {
            println!(
                "  this build / baseline: {:.3} s / {:.3} s = {:.3} ({:+.1}%)",
                now,
                then,
                now / then.max(1e-9),
                (now / then.max(1e-9) - 1.0) * 100.0
            );
        }
        rows.push(Row {
            name: case.name.to_string(),
            stats,
            result,
            baseline,
            warm,
        });
    }
    let _ = fs::remove_file(&time_file);
    print_table(&rows, args.runs);
    Ok(rows.iter().all(|r| r.result.is_ok()))
}

fn print_table(rows: &[Row], runs: usize) {
    let header = [
        "workspace",
        "bytes",
        "files",
        "median s",
        "MB/s",
        "peak RSS MB",
        "RSS/bytes",
        "cached s",
        "grep s",
        "cached/grep",
        "1 changed s",
    ];
    let mut table: Vec<Vec<String>> = vec![header.iter().map(|s| s.to_string()).collect()];
    for r in rows {
        let mut line = vec![
            r.name.clone(),
            r.stats.bytes.to_string(),
            r.stats.files.to_string(),
        ];
        match &r.result {
            Ok((secs, rss)) => {
                line.push(format!("{:.3}", secs));
                line.push(format!(
                    "{:.1}",
                    r.stats.bytes as f64 / 1e6 / secs.max(1e-9)
                ));
                match rss {
                    Some(rss) => {
                        line.push(format!("{:.1}", *rss as f64 / 1e6));
                        line.push(format!("{:.2}", *rss as f64 / r.stats.bytes as f64));
                    }
                    None => {
                        line.push("n/a".into());
                        line.push("n/a".into());
                    }
                }
            }
            Err(_) => line.extend(["FAILED", "-", "-", "-"].map(String::from)),
        }
        match &r.warm {
            Some(w) => line.extend([
                format!("{:.3}", w.unchanged),
                format!("{:.3}", w.grep),
                format!("{:.1}", w.unchanged / w.grep.max(1e-9)),
                format!("{:.3}", w.one_edited),
            ]),
            None => line.extend(["-", "-", "-", "-"].map(String::from)),
        }
        table.push(line);
    }
    let widths: Vec<usize> = (0..header.len())
        .map(|i| {
            table
                .iter()
                .map(|l| l[i].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    println!(
        "\nemend check --format json: median of {} runs (MB = 10^6 bytes)",
        runs
    );
    for (n, line) in table.iter().enumerate() {
        let cells: Vec<String> = line
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if i == 0 {
                    format!("{:<w$}", c, w = widths[i])
                } else {
                    format!("{:>w$}", c, w = widths[i])
                }
            })
            .collect();
        println!("{}", cells.join("  "));
        if n == 0 {
            println!(
                "{}",
                widths
                    .iter()
                    .map(|w| "-".repeat(*w))
                    .collect::<Vec<_>>()
                    .join("  ")
            );
        }
    }
    for r in rows {
        if let (Ok((now, _)), Some(then)) = (&r.result, r.baseline) {
            println!(
                "{}: {:.3} s against the baseline's {:.3} s: {:+.1}%",
                r.name,
                now,
                then,
                (now / then.max(1e-9) - 1.0) * 100.0
            );
        }
    }
}
