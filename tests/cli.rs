//! `emend check` as a user runs it: the bundled example, output formats,
//! exit status, configuration, and bad input.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn emend() -> Command {
    Command::new(env!("CARGO_BIN_EXE_emend"))
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run_json(args: &[&str], dir: &Path) -> (Value, Output) {
    run_format("json", args, dir)
}

fn run_format(format: &str, args: &[&str], dir: &Path) -> (Value, Output) {
    let out = emend()
        .arg("check")
        .args(["--format", format])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("emend runs");
    let json: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (json, out)
}

fn findings(json: &Value) -> Vec<(String, u64, String)> {
    json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            let file = d["file"].as_str().unwrap_or_default();
            let name = Path::new(file)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            (
                name,
                d["line"].as_u64().unwrap_or_default(),
                d["code"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// The rows of the table in seeds/README.md: what a correct check reports.
fn expected_from_readme() -> Vec<(String, u64, String)> {
    let readme = std::fs::read_to_string(root().join("seeds/README.md")).expect("seeds/README.md");
    let mut rows: Vec<(String, u64, String)> = readme
        .lines()
        .filter(|l| l.starts_with("| ") && l.contains(".emd"))
        .map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            let code = cells[3]
                .split('`')
                .nth(1)
                .expect("a code in backticks")
                .to_string();
            (
                cells[1].to_string(),
                cells[2].parse().expect("a line number"),
                code,
            )
        })
        .collect();
    rows.sort();
    rows
}

#[test]
fn the_example_volume_reports_exactly_what_its_readme_lists() {
    let (json, out) = run_json(&["seeds/frus1964-68v03"], &root());
    let mut got = findings(&json);
    got.sort();
    let expected = expected_from_readme();
    assert_eq!(expected.len(), 35, "the README table has 35 rows");
    assert_eq!(got, expected);
    assert_eq!(json["version"], 1);
    assert_eq!(json["files"], 6);
    assert_eq!(out.status.code(), Some(1), "errors were found");
}

#[test]
fn checking_one_file_loads_its_volume_for_context() {
    let (json, _) = run_json(&["seeds/frus1964-68v03/d261.emd"], &root());
    // d261 cites Document 256 and footnote 6 of Document 236: both resolve,
    // because the rest of the volume is read. Only d261's findings show.
    let mut got = findings(&json);
    got.sort();
    let own: Vec<_> = expected_from_readme()
        .into_iter()
        .filter(|r| r.0 == "d261.emd")
        .collect();
    assert_eq!(own.len(), 13);
    assert_eq!(got, own);
    assert_eq!(json["files"], 1);
}

#[test]
fn human_output_is_rustc_like() {
    let out = emend()
        .args(["check", "seeds/frus1964-68v03"])
        .current_dir(root())
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(
            "seeds/frus1964-68v03/d256.emd:51:11: error[ref-unknown-document]: Document 241 is not in volume frus1964-68v03\n   |\n51 | [^2]: See Document 241.\n   |           ^^^^^^^^^^^^\n"
        ),
        "{text}"
    );
    assert!(
        text.ends_with("Found 35 problems (2 errors, 31 warnings, 2 hints) in 6 files.\n"),
        "{text}"
    );
    assert!(!text.contains('\x1b'), "no colour when not on a terminal");
}

#[test]
fn github_annotations() {
    let out = emend()
        .args(["check", "--format", "github", "seeds/frus1964-68v03"])
        .current_dir(root())
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(
        "::error file=seeds/frus1964-68v03/d256.emd,line=51,col=11,endLine=51,endColumn=23,title=ref-unknown-document::Document 241 is not in volume frus1964-68v03\n"
    ), "{text}");
    assert!(text.contains("::notice file=seeds/frus1964-68v03/persons.emd,line=11"));
    assert!(text.contains(
        "::warning file=seeds/frus1964-68v03/d261.emd,line=35,col=36,endLine=35,endColumn=54,title=source-unknown-archive::`Manuscript Divison` is not a known collection of Library of Congress; did you mean `Manuscript Division`?\n"
    ), "{text}");
    assert_eq!(text.lines().count(), 35);
}

fn write(dir: &Path, rel: &str, text: &[u8]) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

fn small_volume(dir: &Path) {
    write(dir, "v/volume.emd", b"# V\nVolume: frus1964-68v03\n");
    write(
        dir,
        "v/d1.emd",
        "# 1. Memo[^1]\nDateline: May 1, 1965.\n\nText.\n\n[^1]: Source: X Library. Secret.\n"
            .as_bytes(),
    );
    write(
        dir,
        "v/d3.emd",
        "# 3. Memo[^1]\nDateline: May 3, 1965.\n\nText.\n\n[^1]: Source: X Library. Secret.\n"
            .as_bytes(),
    );
}

#[test]
fn exit_status_follows_severity_and_deny() {
    let dir = tempfile::tempdir().expect("tempdir");
    small_volume(dir.path());
    // One warning (the gap before 3): success, unless warnings are denied.
    let (json, out) = run_json(&["v"], dir.path());
    assert_eq!(findings(&json).len(), 1);
    assert_eq!(out.status.code(), Some(0));
    let (_, out) = run_json(&["--deny", "warnings", "v"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let (_, out) = run_json(&["--severity", "document-gap=error", "v"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let (json, out) = run_json(&["--severity", "document-gap=off", "v"], dir.path());
    assert!(findings(&json).is_empty());
    assert_eq!(out.status.code(), Some(0));
    // Hints never fail a run, even with --deny warnings.
    let (json, out) = run_json(
        &["--deny", "warnings", "--severity", "document-gap=hint", "v"],
        dir.path(),
    );
    assert_eq!(json["diagnostics"][0]["severity"], "hint");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn emend_toml_sets_severities() {
    let dir = tempfile::tempdir().expect("tempdir");
    small_volume(dir.path());
    write(
        dir.path(),
        "emend.toml",
        b"[severity]\ndocument-gap = \"error\"\n",
    );
    let (json, out) = run_json(&["v"], dir.path());
    assert_eq!(json["diagnostics"][0]["severity"], "error");
    assert_eq!(out.status.code(), Some(1));
    // A flag overrides the file.
    let (_, out) = run_json(&["--severity", "document-gap=off", "v"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    // A bad file is a usage problem, named with its line.
    write(
        dir.path(),
        "emend.toml",
        b"[severity]\ndocument-gapp = \"error\"\n",
    );
    let out = emend()
        .args(["check", "v"])
        .current_dir(dir.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("emend.toml:2:"), "{err}");
    assert!(err.contains("did you mean `document-gap`?"), "{err}");
}

#[test]
fn unreadable_files_are_reported_and_do_not_stop_the_others() {
    let dir = tempfile::tempdir().expect("tempdir");
    small_volume(dir.path());
    write(dir.path(), "v/bad.emd", b"# 2. Memo\n\xff\xfe broken\n");
    let (json, out) = run_json(&["v", "missing.emd"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("v/bad.emd: not UTF-8"), "{err}");
    assert!(err.contains("line 2"), "{err}");
    assert!(err.contains("missing.emd: no such file or folder"), "{err}");
    // The good files were still checked.
    assert_eq!(findings(&json).len(), 1);
    assert_eq!(json["problems"].as_array().map(Vec::len), Some(2));
}

#[test]
fn usage_errors_exit_with_2() {
    let out = emend()
        .args(["check", "--format", "xml"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let out = emend()
        .args(["check", "--severity", "nonsense=error", "."])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown diagnostic code `nonsense`"));
}

#[test]
fn a_lone_file_is_a_volume_of_its_own() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "note.emd",
        "# 1. Memo[^1]\nDateline: May 1, 1965.\n\nSee Document 2.\n\n[^1]: Source: X Library. Secret.\n"
            .as_bytes(),
    );
    let (json, _) = run_json(&["note.emd"], dir.path());
    let d = &json["diagnostics"][0];
    assert_eq!(d["code"], "ref-unknown-document");
    assert_eq!(d["message"], "Document 2 is not in volume note");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(4), Some(5))
    );
}

#[test]
fn columns_count_characters() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "n.emd",
        "# 1. Memo[^1]\nDateline: May 1, 1965.\n\n“Ω—” See Document 9.\n\n[^1]: Source: X Library. Secret.\n"
            .as_bytes(),
    );
    let (json, _) = run_json(&["n.emd"], dir.path());
    let d = &json["diagnostics"][0];
    assert_eq!(d["column"], 10);
    assert_eq!(d["end_column"], 20);
}

#[test]
fn rules_lists_every_code() {
    let out = emend().arg("rules").output().expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.lines().count(), 54);
    assert!(text.contains("person-unused"));
}

#[test]
fn a_file_named_from_inside_its_volume_is_checked_with_its_volume() {
    let dir = tempfile::tempdir().expect("tempdir");
    small_volume(dir.path());
    let volume = dir.path().join("v");
    for name in ["d3.emd", "./d3.emd"] {
        let (json, out) = run_json(&[name], &volume);
        assert_eq!(out.status.code(), Some(0), "{name}: {json}");
        assert!(
            json["problems"].as_array().is_some_and(Vec::is_empty),
            "{json}"
        );
        // Only the gap before Document 3: d1.emd was read for context.
        assert_eq!(
            findings(&json),
            [("d3.emd".into(), 1, "document-gap".into())]
        );
    }
}

#[test]
fn a_byte_order_mark_is_no_column() {
    let dir = tempfile::tempdir().expect("tempdir");
    small_volume(dir.path());
    write(
        dir.path(),
        "v/d2.emd",
        "\u{feff}# 2. Memo[^1]\nDateline: May 2, 1965.\n\nText.\n\n[^1]: Source: X Library. Secret.\n"
            .as_bytes(),
    );
    write(dir.path(), "v/d4.emd", "\u{feff}# 4. Memo[^9]\n".as_bytes());
    let (json, _) = run_json(&["v"], dir.path());
    let d = json["diagnostics"]
        .as_array()
        .and_then(|a| a.iter().find(|d| d["code"] == "footnote-undefined"))
        .unwrap_or_else(|| panic!("no footnote-undefined in {json}"));
    // `[^9]` starts at the tenth character of the line the editor shows.
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(1), Some(10))
    );
    assert!(!json.to_string().contains("syntax"), "{json}");
}

#[test]
fn a_volume_linked_into_the_workspace_is_checked() {
    let dir = tempfile::tempdir().expect("tempdir");
    small_volume(dir.path());
    std::fs::create_dir(dir.path().join("ws")).expect("mkdir");
    std::os::unix::fs::symlink(dir.path().join("v"), dir.path().join("ws/linked")).expect("link");
    let (json, _) = run_json(&["ws"], dir.path());
    assert_eq!(json["files"], 3, "{json}");
    assert_eq!(
        findings(&json),
        [("d3.emd".into(), 1, "document-gap".into())]
    );
}

#[test]
fn a_link_loop_is_reported_not_followed() {
    let dir = tempfile::tempdir().expect("tempdir");
    small_volume(dir.path());
    std::os::unix::fs::symlink(dir.path().join("v"), dir.path().join("v/again")).expect("link");
    let (json, out) = run_json(&["v"], dir.path());
    assert_eq!(out.status.code(), Some(2), "{json}");
    assert_eq!(json["files"], 3, "{json}");
    assert!(json["problems"].to_string().contains("again"), "{json}");
}

#[test]
fn bad_settings_are_reported_in_the_chosen_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    small_volume(dir.path());
    write(
        dir.path(),
        "emend.toml",
        b"[severity]\ndocument-gapp = \"error\"\n",
    );
    let (json, out) = run_json(&["v"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let problem = &json["problems"][0];
    assert!(
        problem["file"]
            .as_str()
            .is_some_and(|f| f.ends_with("emend.toml")),
        "{json}"
    );
    assert_eq!(problem["line"], 2, "{json}");
    assert!(
        problem["message"].to_string().contains("document-gap"),
        "{json}"
    );

    let out = emend()
        .args([
            "check",
            "--format",
            "github",
            "--severity",
            "nonsense=error",
            "v",
        ])
        .current_dir(dir.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("::error file="), "{text}");
    assert!(
        text.contains("emend.toml,line=2::unknown diagnostic code"),
        "{text}"
    );
    assert!(
        text.contains("::error file=--severity::unknown diagnostic code `nonsense`"),
        "{text}"
    );
}

#[test]
fn a_missing_path_is_not_a_clean_check() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = emend()
        .args(["check", "nosuch/"])
        .current_dir(dir.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("No problems"), "{text}");
    assert!(text.contains("1 path could not be checked"), "{text}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("nosuch/: no such file or folder"));
}

#[test]
fn findings_on_a_long_line_show_a_piece_of_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    small_volume(dir.path());
    let body = "Words and more words, see [^9] here. ".repeat(2_000);
    write(
        dir.path(),
        "v/d2.emd",
        format!("# 2. Memo[^1]\n\n{body}\n\n[^1]: Source: X Library. Secret.\n").as_bytes(),
    );
    let out = emend()
        .args(["check", "--color", "never", "v/d2.emd"])
        .current_dir(dir.path())
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let findings = text.matches("error[footnote-undefined]").count();
    assert_eq!(findings, 2_000);
    // Each finding quotes at most a few hundred bytes of the 74 KB line.
    assert!(text.len() < findings * 600, "{} bytes", text.len());
    // The carets stand under the marker in the piece that is shown.
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains(":3:1137:"))
        .unwrap_or_else(|| panic!("no finding at column 1137:\n{}", &text[..2000]));
    let source = lines[at + 2];
    let carets = lines[at + 3];
    let col = carets.chars().position(|c| c == '^').expect("carets");
    assert!(source.contains('…'), "{source}");
    let under: String = source.chars().skip(col).take(4).collect();
    assert_eq!(under, "[^9]", "{source}\n{carets}");
}

#[test]
fn a_report_into_a_closed_pipe_ends_quietly_in_every_format() {
    for format in ["human", "json", "github", "sarif"] {
        let mut child = emend()
            .args(["check", "--format", format, "seeds/frus1964-68v03"])
            .current_dir(root())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("emend runs");
        // The reader goes away before the report is written (`| head -0`).
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("emend ends");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("cannot write"), "{format}: {stderr}");
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{format}: {:?}",
            out.status
        );
    }
}

const SARIF_SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The SARIF level of a severity of the JSON report.
fn sarif_level(severity: &str) -> &'static str {
    match severity {
        "error" => "error",
        "warning" => "warning",
        _ => "note",
    }
}

/// The line of a text, 1-based, without its line break.
fn nth_line(text: &str, line: u64) -> &str {
    let line = usize::try_from(line).expect("a line number") - 1;
    text.split('\n')
        .nth(line)
        .unwrap_or_else(|| panic!("no line {line}"))
        .trim_end_matches('\r')
}

/// A 1-based column in characters, counted again in UTF-16 code units.
fn utf16_column(text: &str, line: u64, column: u64) -> u64 {
    let before = usize::try_from(column).expect("a column") - 1;
    let units: usize = nth_line(text, line)
        .chars()
        .take(before)
        .map(char::len_utf16)
        .sum();
    units as u64 + 1
}

/// The byte offset of a 1-based line and 1-based UTF-16 column.
fn utf16_offset(text: &str, line: u64, column: u64) -> usize {
    let line = usize::try_from(line).expect("a line number") - 1;
    let start: usize = text.split('\n').take(line).map(|l| l.len() + 1).sum();
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units + 1 >= column || c == '\n' {
            return start + i;
        }
        units += c.len_utf16() as u64;
    }
    text.len()
}

fn percent_decoded(uri: &str) -> String {
    let bytes = uri.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = uri.get(i + 1..i + 3).expect("two hex digits after %");
            out.push(u8::from_str_radix(hex, 16).expect("hex"));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("UTF-8")
}

/// Checks `emend check --format sarif` against `--format json` on the same
/// input, finding by finding; returns the SARIF log.
fn sarif_agrees_with_json(args: &[&str], dir: &Path) -> Value {
    let (json, json_out) = run_json(args, dir);
    let (sarif, sarif_out) = run_format("sarif", args, dir);
    assert_eq!(sarif_out.status.code(), json_out.status.code());
    assert_eq!(sarif["version"], "2.1.0", "{sarif}");
    assert_eq!(sarif["$schema"], SARIF_SCHEMA);
    let runs = sarif["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "emend");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));

    // Each rule once, described as `emend rules` describes it.
    let listing = emend().arg("rules").output().expect("runs");
    let listing = String::from_utf8_lossy(&listing.stdout).into_owned();
    let rules = driver["rules"].as_array().expect("rules");
    let mut ids = Vec::new();
    for rule in rules {
        let id = rule["id"].as_str().expect("a rule id");
        let line = listing
            .lines()
            .find(|l| l.split_whitespace().next() == Some(id))
            .unwrap_or_else(|| panic!("{id} is not listed by `emend rules`"));
        let mut words = line.split_whitespace();
        let (_, severity) = (words.next(), words.next().expect("a severity"));
        let doc = words.collect::<Vec<_>>().join(" ");
        assert_eq!(rule["shortDescription"]["text"], doc.as_str(), "{id}");
        assert_eq!(
            rule["defaultConfiguration"]["level"],
            sarif_level(severity),
            "{id}"
        );
        ids.push(id);
    }
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "a rule listed twice: {ids:?}");

    let results = run["results"].as_array().expect("results");
    let mut got = Vec::new();
    for r in results {
        let index = r["ruleIndex"].as_u64().expect("a rule index");
        let index = usize::try_from(index).expect("an index");
        assert_eq!(rules[index]["id"], r["ruleId"], "{r}");
        let location = &r["locations"][0]["physicalLocation"];
        let uri = location["artifactLocation"]["uri"].as_str().expect("a uri");
        assert!(
            uri.bytes().all(|b| b.is_ascii_graphic()),
            "not percent-encoded: {uri}"
        );
        let region = &location["region"];
        let n = |v: &Value| v.as_u64().unwrap_or_else(|| panic!("not a number: {r}"));
        got.push((
            percent_decoded(uri),
            n(&region["startLine"]),
            n(&region["startColumn"]),
            n(&region["endLine"]),
            n(&region["endColumn"]),
            r["ruleId"].as_str().unwrap_or_default().to_string(),
            r["level"].as_str().unwrap_or_default().to_string(),
            r["message"]["text"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
        ));
    }
    let used: std::collections::BTreeSet<&str> = got.iter().map(|g| g.5.as_str()).collect();
    assert_eq!(used.len(), rules.len(), "a rule without results");

    let mut want = Vec::new();
    for d in json["diagnostics"].as_array().expect("diagnostics") {
        let file = d["file"].as_str().expect("a file");
        let text = std::fs::read_to_string(dir.join(file)).expect("the file reads");
        let n = |key: &str| d[key].as_u64().unwrap_or_else(|| panic!("no {key}: {d}"));
        want.push((
            file.replace('\\', "/"),
            n("line"),
            utf16_column(&text, n("line"), n("column")),
            n("end_line"),
            utf16_column(&text, n("end_line"), n("end_column")),
            d["code"].as_str().unwrap_or_default().to_string(),
            sarif_level(d["severity"].as_str().unwrap_or_default()).to_string(),
            d["message"].as_str().unwrap_or_default().to_string(),
        ));
    }
    got.sort();
    want.sort();
    assert_eq!(got, want);

    let problems = json["problems"].as_array().map_or(0, Vec::len);
    let invocation = &run["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], problems == 0);
    assert_eq!(
        invocation["toolExecutionNotifications"]
            .as_array()
            .map_or(0, Vec::len),
        problems
    );
    sarif
}

#[test]
fn sarif_reports_what_json_reports() {
    let sarif = sarif_agrees_with_json(&["seeds/frus1964-68v03"], &root());
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .map_or(0, Vec::len);
    assert!(
        rules > 3,
        "the example volume has findings of several codes"
    );
}

#[test]
fn sarif_columns_count_utf16_code_units_and_fixes_apply() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "a volume/volume.emd",
        b"# V\nVolume: frus1964-68v03\n",
    );
    let line = "The \u{1d11e} motif, \u{e9}, isn't new[^9].";
    let doc = format!(
        "# 1. Memo[^1]\nDateline: May 1, 1965.\n\n{line}\n\n[^1]: Source: X Library. Secret.\n"
    );
    write(dir.path(), "a volume/d1.emd", doc.as_bytes());

    let (json, _) = run_json(&["a volume"], dir.path());
    let on_the_line: Vec<&Value> = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["line"] == 4)
        .collect();
    // The musical symbol is one character and two UTF-16 code units: the
    // findings after it are at different columns in the two counts.
    assert!(on_the_line.len() >= 2, "{json}");
    for d in &on_the_line {
        let column = d["column"].as_u64().expect("a column");
        assert_ne!(utf16_column(&doc, 4, column), column, "{d}");
    }

    let sarif = sarif_agrees_with_json(&["a volume"], dir.path());
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    let quote = results
        .iter()
        .find(|r| r["ruleId"] == "quote-straight")
        .unwrap_or_else(|| panic!("no quote-straight in {sarif}"));
    let uri = quote["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .expect("a uri");
    assert!(uri.contains("%20"), "{uri}");

    // Applying the fix where it says, in its units, leaves no straight quote.
    let change = &quote["fixes"][0]["artifactChanges"][0];
    assert_eq!(change["artifactLocation"]["uri"], uri);
    let mut fixed = doc.clone();
    let mut replacements: Vec<&Value> = change["replacements"]
        .as_array()
        .expect("replacements")
        .iter()
        .collect();
    replacements.reverse();
    for r in replacements {
        let region = &r["deletedRegion"];
        let at = |line: &str, column: &str| {
            utf16_offset(
                &doc,
                region[line].as_u64().expect("a line"),
                region[column].as_u64().expect("a column"),
            )
        };
        let (start, end) = (at("startLine", "startColumn"), at("endLine", "endColumn"));
        assert_eq!(&doc[start..end], "'");
        let inserted = r["insertedContent"]["text"].as_str().expect("text");
        fixed.replace_range(start..end, inserted);
    }
    write(dir.path(), "a volume/d1.emd", fixed.as_bytes());
    let (json, _) = run_json(&["a volume"], dir.path());
    assert!(
        !findings(&json).iter().any(|f| f.2 == "quote-straight"),
        "{json}"
    );
    assert!(fixed.contains("isn\u{2019}t"), "{fixed}");
}

#[test]
fn sarif_tells_unreadable_files_as_notifications() {
    let dir = tempfile::tempdir().expect("tempdir");
    small_volume(dir.path());
    write(dir.path(), "v/bad.emd", b"# 2. Memo\n\xff\xfe broken\n");
    let sarif = sarif_agrees_with_json(&["v", "missing.emd"], dir.path());
    let invocation = &sarif["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notifications = invocation["toolExecutionNotifications"]
        .as_array()
        .expect("notifications");
    let bad = notifications
        .iter()
        .find(|n| n["message"]["text"].to_string().contains("bad.emd"))
        .unwrap_or_else(|| panic!("bad.emd not told: {sarif}"));
    assert_eq!(bad["level"], "error");
    let location = &bad["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "v/bad.emd");
    let missing = notifications
        .iter()
        .find(|n| n["message"]["text"].to_string().contains("missing.emd"))
        .unwrap_or_else(|| panic!("missing.emd not told: {sarif}"));
    assert!(missing.get("locations").is_none(), "{missing}");

    // A clean check succeeded.
    let dir = tempfile::tempdir().expect("tempdir");
    small_volume(dir.path());
    let sarif = sarif_agrees_with_json(&["v"], dir.path());
    assert_eq!(
        sarif["runs"][0]["invocations"][0]["executionSuccessful"],
        true
    );

    // A bad setting is told with its line.
    write(
        dir.path(),
        "emend.toml",
        b"[severity]\ndocument-gapp = \"error\"\n",
    );
    let sarif = sarif_agrees_with_json(&["v"], dir.path());
    let told = &sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"][0];
    let location = &told["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "emend.toml", "{told}");
    assert_eq!(location["region"]["startLine"], 2, "{told}");
}
