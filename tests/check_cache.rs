//! The cache of `emend check`: a check of unchanged files reports what a
//! check without the cache reports, and a change of a file, of the
//! severities or of the cache itself is never answered from old findings.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, SystemTime};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A copy of the bundled example volume in a folder of its own.
fn volume_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let volume = dir.path().join("frus1964-68v03");
    fs::create_dir(&volume).expect("made");
    for entry in fs::read_dir(root().join("seeds/frus1964-68v03")).expect("the example") {
        let path = entry.expect("listed").path();
        let name = path.file_name().expect("named");
        fs::copy(&path, volume.join(name)).expect("copied");
    }
    (dir, volume)
}

/// `emend check --format json` in a folder, with the timing line on.
fn check(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_emend"))
        .arg("check")
        .args(["--format", "json"])
        .args(args)
        .env("EMEND_TIMINGS", "1")
        .env_remove("EMEND_CACHE_DIR")
        .current_dir(dir)
        .output()
        .expect("emend runs")
}

fn answered_from_cache(out: &Output) -> bool {
    String::from_utf8_lossy(&out.stderr).contains("timings: kept findings")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Sets a file's time of change back, as if it had been written long ago.
fn age(path: &Path) {
    let long_ago = SystemTime::now() - Duration::from_secs(3600);
    let file = fs::File::options().write(true).open(path).expect("opened");
    file.set_modified(long_ago).expect("time set");
}

#[test]
fn an_unchanged_workspace_is_answered_from_the_cache_as_a_fresh_check_answers() {
    let (dir, volume) = volume_copy();
    for entry in fs::read_dir(&volume).expect("listed") {
        age(&entry.expect("listed").path());
    }
    let fresh = check(dir.path(), &["--no-cache", "frus1964-68v03"]);
    assert!(
        !dir.path().join(".emend-cache").exists(),
        "--no-cache writes none"
    );
    let first = check(dir.path(), &["frus1964-68v03"]);
    assert!(!answered_from_cache(&first));
    assert!(dir.path().join(".emend-cache/CACHEDIR.TAG").is_file());
    let second = check(dir.path(), &["frus1964-68v03"]);
    assert!(
        answered_from_cache(&second),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );
    assert!(
        stdout(&fresh).contains("\"code\""),
        "the example has findings"
    );
    assert_eq!(stdout(&fresh), stdout(&first));
    assert_eq!(stdout(&fresh), stdout(&second));
    assert_eq!(fresh.status.code(), second.status.code());

    // The human format, its source lines read again, says the same too.
    let human = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_emend"))
            .args(["check", "--color", "never"])
            .args(args)
            .arg("frus1964-68v03")
            .current_dir(dir.path())
            .output()
            .expect("emend runs");
        stdout(&out)
    };
    assert_eq!(human(&["--no-cache"]), human(&[]));
}

#[test]
fn a_changed_file_is_checked_again() {
    let (dir, volume) = volume_copy();
    let first = check(dir.path(), &["frus1964-68v03"]);
    let d261 = volume.join("d261.emd");
    let text = fs::read_to_string(&d261).expect("read");
    fs::write(&d261, format!("{text}\nSee Document 9999.\n")).expect("written");
    let second = check(dir.path(), &["frus1964-68v03"]);
    assert!(!answered_from_cache(&second));
    assert_ne!(stdout(&first), stdout(&second));
    assert!(stdout(&second).contains("9999"), "{}", stdout(&second));
    assert_eq!(
        stdout(&second),
        stdout(&check(dir.path(), &["--no-cache", "frus1964-68v03"]))
    );
}

#[test]
fn a_change_that_keeps_size_and_time_is_seen_while_the_time_is_recent() {
    let (dir, volume) = volume_copy();
    let d261 = volume.join("d261.emd");
    let text = fs::read_to_string(&d261).expect("read");
    fs::write(&d261, format!("{text}\nSee Document 1111.\n")).expect("written");
    let modified = fs::metadata(&d261)
        .and_then(|m| m.modified())
        .expect("a time");
    let first = check(dir.path(), &["frus1964-68v03"]);
    assert!(stdout(&first).contains("1111"));
    // Same length, same time of change: a clock that counts seconds
    // would not tell the two writes apart.
    fs::write(&d261, format!("{text}\nSee Document 2222.\n")).expect("written");
    fs::File::options()
        .write(true)
        .open(&d261)
        .and_then(|f| f.set_modified(modified))
        .expect("time set");
    let second = check(dir.path(), &["frus1964-68v03"]);
    assert!(stdout(&second).contains("2222"), "{}", stdout(&second));
    assert!(!stdout(&second).contains("1111"));
}

#[test]
fn other_severities_are_not_answered_with_the_findings_of_the_first() {
    let (dir, _volume) = volume_copy();
    let all = check(dir.path(), &["frus1964-68v03"]);
    let off = check(
        dir.path(),
        &["--severity", "quote-mixed=off", "frus1964-68v03"],
    );
    assert!(stdout(&all).contains("quote-mixed"));
    assert!(!stdout(&off).contains("quote-mixed"));
}

#[test]
fn a_damaged_record_is_no_answer_and_is_written_again() {
    let (dir, _volume) = volume_copy();
    let cache = dir.path().join("elsewhere");
    let cache_arg = cache.to_string_lossy().into_owned();
    let args = ["--cache-dir", &cache_arg, "frus1964-68v03"];
    let first = check(dir.path(), &args);
    let mut records: Vec<PathBuf> = fs::read_dir(&cache)
        .expect("the cache folder given")
        .map(|e| e.expect("listed").path())
        .filter(|p| {
            p.extension()
                .is_some_and(|e| ["findings", "stamps"].contains(&&*e.to_string_lossy()))
                || is_facts(p)
        })
        .collect();
    records.sort();
    let findings = records
        .iter()
        .find(|p| p.extension().is_some_and(|e| e == "findings"))
        .expect("the findings")
        .clone();
    // One volume checked: one shard of facts.
    assert_eq!(records.len(), 3, "findings, facts and stamps: {records:?}");
    for record in &records {
        let bytes = fs::read(record).expect("read");
        let mut one_bit = bytes.clone();
        let last = one_bit.len() - 1;
        one_bit[last] ^= 1;
        for damaged in [
            bytes[..bytes.len() / 2].to_vec(),
            bytes.iter().map(|b| b ^ 0x5a).collect(),
            one_bit,
            Vec::new(),
        ] {
            fs::write(record, &damaged).expect("damaged");
            if is_facts(record) {
                // Damaged facts: the findings must not answer first.
                fs::remove_file(&findings).expect("findings removed");
            }
            let again = check(dir.path(), &args);
            // Damaged stamps cost a reading of every file, whose hashes
            // then find the findings still good.
            let stamps = record.extension().is_some_and(|e| e == "stamps");
            assert_eq!(answered_from_cache(&again), stamps);
            assert_eq!(stdout(&first), stdout(&again));
            assert_eq!(first.status.code(), again.status.code());
            assert_ne!(fs::read(record).expect("read"), damaged, "written again");
        }
    }
}

/// Whether a record of the cache holds facts (one per volume).
fn is_facts(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with("facts-"))
}

#[test]
fn a_change_writes_again_the_facts_of_its_volume_alone() {
    let (dir, volume) = volume_copy();
    let other = dir.path().join("frus1964-68v04");
    fs::create_dir(&other).expect("made");
    fs::write(
        other.join("volume.emd"),
        "# Other\nVolume: frus1964-68v04\n",
    )
    .expect("written");
    fs::write(other.join("d1.emd"), "# 1. One\n\nText.\n").expect("written");
    let cache = dir.path().join(".emend-cache");
    check(dir.path(), &["."]);
    // Each shard and its bytes: a shard written again holds other facts.
    let shards = || -> Vec<(PathBuf, Vec<u8>)> {
        let mut all: Vec<(PathBuf, Vec<u8>)> = fs::read_dir(&cache)
            .expect("the cache")
            .flatten()
            .map(|e| e.path())
            .filter(|p| is_facts(p))
            .map(|p| {
                let bytes = fs::read(&p).expect("readable");
                (p, bytes)
            })
            .collect();
        all.sort();
        all
    };
    let names = |all: &[(PathBuf, Vec<u8>)]| -> Vec<PathBuf> {
        all.iter().map(|(p, _)| p.clone()).collect()
    };
    let before = shards();
    assert_eq!(before.len(), 2, "a shard per volume: {:?}", names(&before));
    let d1 = other.join("d1.emd");
    fs::write(&d1, "# 1. One\n\nSee Document 7.\n").expect("written");
    let after_change = check(dir.path(), &["."]);
    assert!(stdout(&after_change).contains("Document 7"));
    let after = shards();
    assert_eq!(after.len(), 2);
    assert_eq!(names(&before), names(&after));
    let rewritten: Vec<bool> = before.iter().zip(&after).map(|(b, a)| b.1 != a.1).collect();
    assert_eq!(rewritten.iter().filter(|&&r| r).count(), 1, "{rewritten:?}");
    // Another set of paths reads the same volumes' facts.
    let one_volume = check(dir.path(), &["frus1964-68v03"]);
    let timings = String::from_utf8_lossy(&one_volume.stderr);
    let files = fs::read_dir(&volume).expect("listed").count();
    assert!(
        timings.contains(&format!("(0 files parsed, {files} kept)")),
        "{timings}"
    );
    // A volume gone: its facts stay until unused for a month.
    fs::remove_dir_all(&other).expect("removed");
    check(dir.path(), &["."]);
    assert_eq!(shards().len(), 2);
    let month_ago = SystemTime::now() - Duration::from_secs(31 * 24 * 3600);
    for (shard, _) in shards() {
        fs::File::options()
            .write(true)
            .open(&shard)
            .and_then(|f| f.set_modified(month_ago))
            .expect("aged");
    }
    let stray = cache.join(".facts-x.emend-tmp-1");
    fs::write(&stray, "left by a crash").expect("written");
    fs::File::options()
        .write(true)
        .open(&stray)
        .and_then(|f| f.set_modified(month_ago))
        .expect("aged");
    fs::write(volume.join("d261.emd"), "# 261. Changed\n\nText.\n").expect("written");
    check(dir.path(), &["."]);
    assert_eq!(shards().len(), 1, "{:?}", names(&shards()));
    assert!(!stray.exists());
    assert!(cache.join("CACHEDIR.TAG").is_file() && cache.join(".gitignore").is_file());
}

#[test]
fn after_a_change_only_the_changed_file_is_parsed() {
    let (dir, volume) = volume_copy();
    let files = fs::read_dir(&volume).expect("listed").count();
    check(dir.path(), &["frus1964-68v03"]);
    let d256 = volume.join("d256.emd");
    let text = fs::read_to_string(&d256).expect("read");
    fs::write(
        &d256,
        text.replace("See Document 241.", "See Document 261."),
    )
    .expect("written");
    let after = check(dir.path(), &["frus1964-68v03"]);
    let timings = String::from_utf8_lossy(&after.stderr);
    let kept = format!("(1 files parsed, {} kept)", files - 1);
    assert!(timings.contains(&kept), "{timings}");
    assert!(
        !stdout(&after).contains("Document 241"),
        "{}",
        stdout(&after)
    );
    assert_eq!(
        stdout(&after),
        stdout(&check(dir.path(), &["--no-cache", "frus1964-68v03"]))
    );
}

#[test]
fn a_cache_that_cannot_be_written_is_a_warning_not_a_failure() {
    let (dir, _volume) = volume_copy();
    let in_the_way = dir.path().join("a-file");
    fs::write(&in_the_way, "not a folder").expect("written");
    let fresh = check(dir.path(), &["--no-cache", "frus1964-68v03"]);
    let out = check(
        dir.path(),
        &[
            "--cache-dir",
            &in_the_way.to_string_lossy(),
            "frus1964-68v03",
        ],
    );
    assert_eq!(stdout(&fresh), stdout(&out));
    assert_eq!(fresh.status.code(), out.status.code());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning: cannot write the cache"),
        "{stderr}"
    );
}
