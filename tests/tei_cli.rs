//! `emend import-tei` and `emend export-tei` as a user runs them: bad
//! input, existing outputs, exit status, messages with line and column.

mod tei_common;

use std::path::Path;
use std::process::{Command, Output};

fn emend(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_emend"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("emend runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn write(dir: &Path, name: &str, text: &str) {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().expect("parent")).expect("folder");
    std::fs::write(p, text).expect("written");
}

#[test]
fn import_writes_a_volume_folder_that_exports_back() {
    let dir = tempfile::tempdir().expect("tmp");
    write(dir.path(), "v03.xml", &tei_common::excerpt_volume());
    let out = emend(&["import-tei", "v03.xml", "-o", "vol"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with("Imported frus1964-68v03 into vol: 14 files"),
        "{stdout}"
    );
    // Warnings name the TEI file, a line and a column.
    assert!(stderr(&out).contains("v03.xml:"), "{}", stderr(&out));
    assert!(stderr(&out)
        .lines()
        .all(|l| l.contains(": warning: ") || l.is_empty()));
    assert!(dir.path().join("vol/d0261.emd").is_file());

    let out = emend(&["export-tei", "vol", "-o", "back.xml"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let xml = std::fs::read_to_string(dir.path().join("back.xml")).expect("written");
    let doc = tei_common::parse(&xml);
    let documents = doc
        .descendants()
        .filter(|n| tei_common::is(*n, "div") && n.attribute("type") == Some("document"))
        .count();
    assert_eq!(documents, 9);

    // An existing output is kept unless --force.
    let again = emend(&["export-tei", "vol", "-o", "back.xml"], dir.path());
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("back.xml:1:1: error: the file exists; use --force"),
        "{}",
        stderr(&again)
    );
    let forced = emend(
        &["export-tei", "vol", "-o", "back.xml", "--force"],
        dir.path(),
    );
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
}

#[test]
fn an_existing_folder_is_not_overwritten_without_force() {
    let dir = tempfile::tempdir().expect("tmp");
    write(dir.path(), "v03.xml", &tei_common::excerpt_volume());
    write(dir.path(), "vol/notes.txt", "mine");
    write(dir.path(), "vol/d9999.emd", "# 9999. Stale\n");
    let out = emend(&["import-tei", "v03.xml", "-o", "vol"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("vol:1:1: error: the folder exists and is not empty; use --force"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("vol/d0261.emd").exists());

    let out = emend(
        &["import-tei", "v03.xml", "-o", "vol", "--force"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.path().join("vol/d0261.emd").is_file());
    // A markup file the TEI does not have would join the volume: removed.
    assert!(!dir.path().join("vol/d9999.emd").exists());
    assert!(
        stderr(&out).contains("d9999.emd: removed"),
        "{}",
        stderr(&out)
    );
    // Other files are left alone.
    assert!(dir.path().join("vol/notes.txt").is_file());
}

#[test]
fn malformed_xml_is_an_error_with_line_and_column() {
    let dir = tempfile::tempdir().expect("tmp");
    write(
        dir.path(),
        "bad.xml",
        "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\">\n  <text>\n    <body><p>x</body>\n</TEI>\n",
    );
    let out = emend(&["import-tei", "bad.xml", "-o", "vol"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.starts_with("bad.xml:3:"), "{err}");
    assert!(err.contains(": error: malformed XML"), "{err}");
    assert!(!dir.path().join("vol").exists());
}

#[test]
fn a_file_that_is_not_frus_tei_says_so() {
    let dir = tempfile::tempdir().expect("tmp");
    write(
        dir.path(),
        "page.xml",
        "<html><body><p>Hello</p></body></html>",
    );
    let out = emend(&["import-tei", "page.xml", "-o", "vol"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("page.xml:1:1: error: not FRUS TEI: the root element is <html>"),
        "{}",
        stderr(&out)
    );
    write(
        dir.path(),
        "plain.xml",
        "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><text><body><p>Hello</p></body></text></TEI>",
    );
    let out = emend(&["import-tei", "plain.xml", "-o", "vol"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("not FRUS TEI: no FRUS volume id"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn entity_bombs_and_external_entities_are_never_expanded() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut bomb = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE TEI [\n<!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n");
    let mut prev = "a".to_string();
    for i in 0..12 {
        let name = format!("e{i}");
        bomb.push_str(&format!(
            "<!ENTITY {name} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
        prev = name;
    }
    bomb.push_str(&format!("]>\n<TEI xmlns=\"http://www.tei-c.org/ns/1.0\" xml:id=\"frus1964-68v03\"><text><body><p>&{prev};</p></body></text></TEI>\n"));
    write(dir.path(), "bomb.xml", &bomb);
    let started = std::time::Instant::now();
    let out = emend(&["import-tei", "bomb.xml", "-o", "vol"], dir.path());
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("bomb.xml:2:1: error: a document type declaration"),
        "{}",
        stderr(&out)
    );

    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, "TOP SECRET CONTENT").expect("written");
    let xxe = format!(
        "<!DOCTYPE TEI [<!ENTITY xxe SYSTEM \"file://{}\">]>\n<TEI xmlns=\"http://www.tei-c.org/ns/1.0\" xml:id=\"frus1964-68v03\"><text><body><p>&xxe;</p></body></text></TEI>",
        secret.display()
    );
    write(dir.path(), "xxe.xml", &xxe);
    let out = emend(&["import-tei", "xxe.xml", "-o", "vol"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(!stderr(&out).contains("TOP SECRET"));
    assert!(!dir.path().join("vol").exists());
}

#[test]
fn export_refuses_a_folder_without_volume_and_markup_with_syntax_errors() {
    let dir = tempfile::tempdir().expect("tmp");
    write(dir.path(), "loose/d0001.emd", "# 1. Memo\n\nText.\n");
    let out = emend(&["export-tei", "loose", "-o", "x.xml"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("loose:1:1: error: not a volume folder"),
        "{}",
        stderr(&out)
    );

    write(
        dir.path(),
        "vol/volume.emd",
        "# Volume\nVolume: frus1964-68v03\n",
    );
    write(
        dir.path(),
        "vol/d0001.emd",
        "# 1. Memo\n\nAn *unclosed emphasis.\n",
    );
    let out = emend(&["export-tei", "vol", "-o", "x.xml"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("d0001.emd:3:"), "{err}");
    assert!(
        err.contains(": error: syntax error: missing closing `*`"),
        "{err}"
    );
    assert!(!dir.path().join("x.xml").exists());
}

#[test]
fn export_of_the_bundled_example_volume() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = emend(&["export-tei", "seeds/frus1964-68v03", "-o", "-"], root);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // The example's note after the volume heading has no place in TEI.
    assert!(
        stderr(&out).contains("volume.emd:5:1: warning: volume.emd: only the title"),
        "{}",
        stderr(&out)
    );
    let xml = String::from_utf8_lossy(&out.stdout).into_owned();
    let doc = tei_common::parse(&xml);
    let ids: Vec<&str> = doc
        .descendants()
        .filter(|n| tei_common::is(*n, "div") && n.attribute("type") == Some("document"))
        .filter_map(|n| n.attribute((tei_common::XML_NS, "id")))
        .collect();
    assert_eq!(ids, ["d236", "d256", "d261"]);
    assert!(xml.contains("<persName xml:id=\"p_TLEJ1\">Thompson, Llewellyn E., Jr.</persName>,</hi> Ambassador at Large</item>"), "{xml}");
    assert!(xml.contains("<ref target=\"#d236fn6\">footnote 6, Document 236</ref>"));
    assert!(xml.contains("<closer><signed><hi rend=\"strong\">W.A.H.</hi></signed></closer>"));
    // Import of the export gives the same documents back, word for word.
    let imported = tei_common::import(&xml);
    let d261 = tei_common::file(&imported, "d0261.emd");
    let seed = std::fs::read_to_string(root.join("seeds/frus1964-68v03/d261.emd")).expect("seed");
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(words(d261), words(&seed));
}

#[test]
fn ids_too_long_for_a_file_name_give_short_names_and_come_back_whole() {
    let dir = tempfile::tempdir().expect("tmp");
    let chapter_id = format!("ch_{}", "Vietnam-June-1965_".repeat(17));
    let document_id = format!("d1_{}", "memorandum".repeat(30));
    let section_id = format!("s{}", "ources".repeat(50));
    assert!(chapter_id.len() >= 300 && document_id.len() >= 300 && section_id.len() >= 300);
    let xml = tei_common::wrap(
        &format!("<div type=\"section\" xml:id=\"{section_id}\"><head>Sources</head><p>Files.</p></div>"),
        &format!(
            "<div type=\"compilation\" xml:id=\"comp1\"><div type=\"chapter\" xml:id=\"{chapter_id}\"><head>June 1965</head><div type=\"document\" xml:id=\"{document_id}\" n=\"1\" subtype=\"historical-document\"><head>1. Telegram</head><p>One.</p></div></div></div>"
        ),
    );
    write(dir.path(), "long.xml", &xml);
    let out = emend(&["import-tei", "long.xml", "-o", "vol"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let vol = dir.path().join("vol");
    let names: Vec<String> = walkdir::WalkDir::new(&vol)
        .into_iter()
        .map(|e| {
            e.expect("walks")
                .path()
                .strip_prefix(&vol)
                .expect("inside")
                .to_path_buf()
        })
        .flat_map(|p| {
            p.components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(names.len() >= 4, "{names:?}");
    for name in &names {
        assert!(name.len() <= 110, "{name}");
    }

    let out = emend(&["export-tei", "vol", "-o", "back.xml"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let back = std::fs::read_to_string(dir.path().join("back.xml")).expect("written");
    let doc = tei_common::parse(&back);
    let id_of = |kind: &str| {
        doc.descendants()
            .filter(|n| tei_common::is(*n, "div") && n.attribute("type") == Some(kind))
            .filter_map(|n| n.attribute((tei_common::XML_NS, "id")))
            .collect::<Vec<_>>()
    };
    assert_eq!(id_of("chapter"), [chapter_id.as_str()]);
    assert_eq!(id_of("document"), [document_id.as_str()]);
    assert!(id_of("section").contains(&section_id.as_str()), "{back}");
}

/// Entries of a folder, sorted: what a failed write may have left there.
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("readable")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Every file below a folder with its content: a volume folder's state.
fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("walks"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("inside");
            let text = std::fs::read(e.path()).expect("readable");
            (rel.to_string_lossy().into_owned(), text)
        })
        .collect()
}

/// The files of a volume folder that are not as they were.
fn changed(dir: &Path, before: &std::collections::BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let after = tree(dir);
    let mut paths: Vec<String> = before
        .iter()
        .filter(|(p, text)| after.get(*p) != Some(*text))
        .map(|(p, _)| p.clone())
        .collect();
    paths.extend(after.keys().filter(|p| !before.contains_key(*p)).cloned());
    paths
}

/// Runs emend where no file can grow past 1 KB, as on a disk that fills up
/// during the write. Root is held to the limit too, and the limit's signal
/// is ignored, so the write itself fails (EFBIG).
#[cfg(unix)]
fn emend_on_a_full_disk(args: &[&str], dir: &Path) -> Output {
    Command::new("/bin/sh")
        .arg("-c")
        .arg("ulimit -f 2 && trap '' XFSZ && exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_emend"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("sh runs")
}

/// A volume folder of the excerpt, as an editor has it after some work.
fn edited_volume(dir: &Path) {
    write(dir, "v03.xml", &tei_common::excerpt_volume());
    let out = emend(&["import-tei", "v03.xml", "-o", "vol"], dir);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    write(dir, "vol/d0999.emd", "# 999. Added by hand\n\nText.\n");
    write(dir, "vol/d0261.emd", "# 261. Edited\n\nA new reading.\n");
    write(dir, "vol/notes.txt", "mine");
    write(dir, "vol/emend.toml", "[rules]\n");
    write(dir, "vol/images/p730.png", "png");
    write(dir, "vol/.git/HEAD", "ref: refs/heads/main\n");
}

#[cfg(unix)]
#[test]
fn an_export_that_fills_the_disk_leaves_the_previous_file() {
    let dir = tempfile::tempdir().expect("tmp");
    edited_volume(dir.path());
    write(dir.path(), "back.xml", "the previous export");
    let out = emend_on_a_full_disk(
        &["export-tei", "vol", "-o", "back.xml", "--force"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("back.xml")).expect("kept"),
        "the previous export"
    );
    assert_eq!(entries(dir.path()), ["back.xml", "v03.xml", "vol"]);
    let err = stderr(&out);
    assert!(
        err.contains("back.xml:1:1: error: cannot write (the file is unchanged): File too large"),
        "{err}"
    );
}

#[test]
fn an_export_that_cannot_be_written_says_where() {
    let dir = tempfile::tempdir().expect("tmp");
    write(
        dir.path(),
        "vol/volume.emd",
        "# Volume\nVolume: frus1964-68v03\n",
    );
    write(dir.path(), "vol/d0001.emd", "# 1. Memo\n\nText.\n");
    write(dir.path(), "file", "a file, not a folder");
    let out = emend(&["export-tei", "vol", "-o", "file/back.xml"], dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("file/back.xml:1:1: error: cannot create a file beside it"),
        "{}",
        stderr(&out)
    );
    std::fs::create_dir(dir.path().join("out.xml")).expect("folder");
    let out = emend(
        &["export-tei", "vol", "-o", "out.xml", "--force"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("out.xml:1:1: error: cannot write: it is a folder"),
        "{}",
        stderr(&out)
    );
    assert_eq!(entries(dir.path()), ["file", "out.xml", "vol"]);
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_device_or_standard_output_is_an_error_not_a_crash() {
    let dir = tempfile::tempdir().expect("tmp");
    write(
        dir.path(),
        "vol/volume.emd",
        "# Volume\nVolume: frus1964-68v03\n",
    );
    write(dir.path(), "vol/d0001.emd", "# 1. Memo\n\nText.\n");
    let out = emend(
        &["export-tei", "vol", "-o", "/dev/full", "--force"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("/dev/full:1:1: error: cannot write: No space left on device"),
        "{}",
        stderr(&out)
    );
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let out = Command::new(env!("CARGO_BIN_EXE_emend"))
        .args(["export-tei", "vol", "-o", "-"])
        .current_dir(dir.path())
        .stdout(full)
        .output()
        .expect("emend runs");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("error: cannot write to standard output: No space left on device"),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
}

#[test]
fn a_reader_that_stops_early_ends_the_output_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    let dir = tempfile::tempdir().expect("tmp");
    edited_volume(dir.path());
    // Far more than a pipe holds: the export is still writing when the
    // reader goes.
    let mut child = Command::new(env!("CARGO_BIN_EXE_emend"))
        .args(["export-tei", "vol", "-o", "-"])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("emend runs");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut head = [0u8; 16];
    stdout.read_exact(&mut head).expect("the export begins");
    assert!(head.starts_with(b"<?xml"), "{head:?}");
    drop(stdout);
    let out = child.wait_with_output().expect("emend ends");
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    // The import's summary line, to a reader gone before it is written.
    let mut child = Command::new(env!("CARGO_BIN_EXE_emend"))
        .args(["import-tei", "v03.xml", "-o", "again"])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("emend runs");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("emend ends");
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.path().join("again/d0261.emd").is_file());
}

/// The import failed (status 2), `vol` is as it was and nothing was left
/// beside it; its messages.
fn assert_failed_and_left_as_it_was(
    dir: &Path,
    before: &std::collections::BTreeMap<String, Vec<u8>>,
    out: &Output,
) -> String {
    assert_eq!(out.status.code(), Some(2), "{}", stderr(out));
    let changed = changed(&dir.join("vol"), before);
    assert!(changed.is_empty(), "changed: {changed:?}");
    assert_eq!(entries(dir), ["v03.xml", "vol"]);
    stderr(out)
}

#[test]
fn an_import_that_fails_part_way_leaves_the_folder_as_it_was() {
    let dir = tempfile::tempdir().expect("tmp");
    edited_volume(dir.path());
    // A folder where the import writes a file: that step fails, after the
    // files before it are written.
    std::fs::remove_file(dir.path().join("vol/d0256.emd")).expect("removed");
    write(dir.path(), "vol/d0256.emd/draft.txt", "a folder in the way");
    let before = tree(&dir.path().join("vol"));
    assert!(before.contains_key("d0999.emd"));
    let out = emend(
        &["import-tei", "v03.xml", "-o", "vol", "--force"],
        dir.path(),
    );
    let err = assert_failed_and_left_as_it_was(dir.path(), &before, &out);
    assert!(
        err.contains("vol/d0256.emd:1:1: error: the import writes a file here; move this folder away; vol is unchanged"),
        "{err}"
    );
    assert!(!err.contains("removed"), "{err}");
}

#[cfg(unix)]
#[test]
fn an_import_that_fills_the_disk_leaves_the_folder_as_it_was() {
    let dir = tempfile::tempdir().expect("tmp");
    edited_volume(dir.path());
    let before = tree(&dir.path().join("vol"));
    let out = emend_on_a_full_disk(
        &["import-tei", "v03.xml", "-o", "vol", "--force"],
        dir.path(),
    );
    let err = assert_failed_and_left_as_it_was(dir.path(), &before, &out);
    assert!(
        err.contains(": error: cannot write: File too large"),
        "{err}"
    );
    assert!(err.contains("vol is unchanged"), "{err}");
}

#[test]
fn an_import_over_an_edited_volume_replaces_the_markup_and_keeps_the_rest() {
    let dir = tempfile::tempdir().expect("tmp");
    edited_volume(dir.path());
    let out = emend(
        &["import-tei", "v03.xml", "-o", "vol", "--force"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("vol/d0999.emd: removed (not in the TEI)"),
        "{}",
        stderr(&out)
    );
    let vol = dir.path().join("vol");
    assert!(!vol.join("d0999.emd").exists());
    let d261 = std::fs::read_to_string(vol.join("d0261.emd")).expect("written");
    assert!(d261.starts_with("# 261. "), "{d261}");
    assert!(!d261.contains("A new reading"), "{d261}");
    for (kept, text) in [
        ("notes.txt", "mine"),
        ("emend.toml", "[rules]\n"),
        ("images/p730.png", "png"),
        (".git/HEAD", "ref: refs/heads/main\n"),
    ] {
        assert_eq!(std::fs::read_to_string(vol.join(kept)).expect(kept), text);
    }
    assert_eq!(entries(dir.path()), ["v03.xml", "vol"]);
}

/// The README's TEI example runs on the file shipped beside the example
/// volume: the real excerpt as one whole FRUS TEI file. `EMEND_BLESS=1`
/// writes it afresh from the excerpt.
#[test]
fn the_readme_example_runs_on_the_shipped_tei_file() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shipped = root.join("seeds/frus1964-68v03-excerpt.xml");
    let whole = tei_common::excerpt_volume();
    if std::env::var_os("EMEND_BLESS").is_some() {
        std::fs::write(&shipped, &whole).expect("write");
    }
    let text = std::fs::read_to_string(&shipped).expect("the shipped TEI file");
    assert!(
        text == whole,
        "{} is not the excerpt: EMEND_BLESS=1 writes it",
        shipped.display()
    );

    let dir = tempfile::tempdir().expect("tempdir");
    let input = shipped.to_string_lossy().into_owned();
    let out = emend(&["import-tei", &input, "-o", "frus1964-68v03/"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = emend(
        &["export-tei", "frus1964-68v03/", "-o", "frus1964-68v03.xml"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let exported = std::fs::read_to_string(dir.path().join("frus1964-68v03.xml")).expect("xml");
    let back = tei_common::parse(&exported);
    let documents = back
        .descendants()
        .filter(|n| n.attribute("type") == Some("document"))
        .count();
    assert_eq!(documents, 9);
}
