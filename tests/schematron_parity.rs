//! FRUS's own Schematron (compiled to XSLT, run with Saxon) and `emend check`
//! side by side on real volumes: the FRUS 1964–1968 vol. III excerpt and the
//! excerpts of `tests/fixtures/tei-volumes/`.
//!
//! For every finding of the peer whose assert `docs/schematron.md` maps to
//! emend codes, emend must report one of those codes in the same division
//! and paragraph of the imported volume. Findings of asserts mapped to "TEI
//! only" or "none" are counted and not compared: the table says why the
//! markup cannot express them. A finding inside the `teiHeader` is TEI only
//! too: the markup keeps no header text. emend's findings of the same codes
//! at places the peer does not report are listed, each with the reason of
//! its kind (`EXTRA_REASONS`); an extra of a kind without a reason fails.
//!
//! Saxon is looked for at `EMEND_SAXON_JAR` or Debian's
//! `/usr/share/java/Saxon-HE.jar` (`libsaxonhe-java`, which the test
//! command installs). Without it the test says so and passes, unless
//! `EMEND_REQUIRE_SAXON=1`, as the test command sets.

#[path = "support/schematron_table.rs"]
mod schematron_table;

use emend::rules::Code;
use schematron_table::{map_rows, Cover};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn schema_dir() -> PathBuf {
    root().join("tests/data/schematron")
}

/// The TEI files compared: the README's example and the real-volume fixtures.
fn volumes() -> Vec<PathBuf> {
    let mut out = vec![root().join("seeds/frus1964-68v03-excerpt.xml")];
    let dir = root().join("tests/fixtures/tei-volumes");
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("the fixtures folder")
        .map(|e| e.expect("an entry").path().join("excerpt.xml"))
        .filter(|p| p.is_file())
        .collect();
    fixtures.sort();
    out.extend(fixtures);
    out
}

// ---------------------------------------------------------------------------
// The map: assert → row of docs/schematron.md → emend codes.

#[derive(Debug, Clone, PartialEq, Eq)]
enum Mapping {
    /// The row names these emend codes.
    Codes(Vec<Code>),
    /// TEI only or none: the row says why the markup has no place for it.
    NotInMarkup(String),
}

#[derive(Debug, Clone)]
struct Row {
    id: String,
    mapping: Mapping,
}

fn normalize_space(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `(pattern id, rule context, assert test)` → `(file, line)` of the assert,
/// for every assert outside comments (roxmltree drops comments).
fn asserts() -> HashMap<(String, String, String), (String, usize)> {
    let mut out = HashMap::new();
    for name in [
        "frus.sch",
        "frus-characters.sch",
        "frus-dates.sch",
        "frus-id-checks.sch",
        "frus-signatures.sch",
    ] {
        let text = std::fs::read_to_string(schema_dir().join(name)).expect("a schema file");
        let doc = roxmltree::Document::parse(&text).expect("a schema file parses");
        for assert in doc
            .descendants()
            .filter(|n| n.has_tag_name("assert") || n.has_tag_name("report"))
        {
            let rule = assert
                .ancestors()
                .find(|n| n.has_tag_name("rule"))
                .expect("an assert in a rule");
            let pattern = rule
                .ancestors()
                .find(|n| n.has_tag_name("pattern"))
                .expect("a rule in a pattern");
            let key = (
                pattern.attribute("id").unwrap_or_default().to_string(),
                normalize_space(rule.attribute("context").unwrap_or_default()),
                normalize_space(assert.attribute("test").unwrap_or_default()),
            );
            let line = doc.text_pos_at(assert.range().start).row as usize;
            out.insert(key, (name.to_string(), line));
        }
    }
    out
}

/// `(file, line)` → the row of "The asserts" in `docs/schematron.md`.
fn rows() -> HashMap<(String, usize), Row> {
    map_rows()
        .into_iter()
        .map(|r| {
            let mapping = match r.cover {
                Cover::Codes(codes) if !codes.is_empty() => Mapping::Codes(codes),
                _ => Mapping::NotInMarkup(r.cell),
            };
            ((r.file, r.line), Row { id: r.id, mapping })
        })
        .collect()
}

// ---------------------------------------------------------------------------
// The peer's findings, located in the TEI.

#[derive(Debug)]
struct PeerFinding {
    row: Row,
    location: String,
    text: String,
}

fn run_peer(jar: &Path, tei: &Path, out: &Path) -> Vec<PeerFinding> {
    let status = Command::new("java")
        .arg("-jar")
        .arg(jar)
        .arg(format!("-s:{}", tei.display()))
        .arg(format!(
            "-xsl:{}",
            schema_dir().join("frus-offline.xsl").display()
        ))
        .arg(format!("-o:{}", out.display()))
        .status()
        .expect("java runs");
    assert!(status.success(), "Saxon failed on {}", tei.display());
    let svrl = std::fs::read_to_string(out).expect("the SVRL report");
    let doc = roxmltree::Document::parse(&svrl).expect("SVRL parses");
    let asserts = asserts();
    let rows = rows();
    let mut context = String::new();
    let mut found = Vec::new();
    for node in doc.root_element().children().filter(|n| n.is_element()) {
        match node.tag_name().name() {
            "fired-rule" => {
                context = normalize_space(node.attribute("context").unwrap_or_default())
            }
            "failed-assert" | "successful-report" => {
                let key = (
                    node.attribute("pattern").unwrap_or_default().to_string(),
                    context.clone(),
                    normalize_space(node.attribute("test").unwrap_or_default()),
                );
                let at = asserts
                    .get(&key)
                    .unwrap_or_else(|| panic!("no assert for {key:?}"));
                let row = rows
                    .get(at)
                    .unwrap_or_else(|| panic!("no row of docs/schematron.md for {at:?}"))
                    .clone();
                let text = node
                    .descendants()
                    .filter(|n| n.is_text())
                    .filter_map(|n| n.text())
                    .collect::<String>();
                found.push(PeerFinding {
                    row,
                    location: node.attribute("location").unwrap_or_default().to_string(),
                    text: normalize_space(&text),
                });
            }
            _ => {}
        }
    }
    found
}

/// The node an SVRL `@location` (`/Q{ns}TEI[1]/Q{ns}text[1]/…/text()[2]`,
/// `…/@Q{ns}id`) names; an attribute step stays on its element.
fn locate<'a, 'i>(doc: &'a roxmltree::Document<'i>, path: &str) -> roxmltree::Node<'a, 'i> {
    let mut node = doc.root();
    let mut steps = Vec::new();
    let mut depth = 0usize;
    let mut start = 1;
    for (i, c) in path.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            '/' if depth == 0 && i > 0 => {
                steps.push(&path[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    steps.push(&path[start..]);
    for step in steps {
        if step.starts_with('@') || step.is_empty() {
            break;
        }
        let (name, index) = match step.rfind('[') {
            Some(b) if step.ends_with(']') => (
                &step[..b],
                step[b + 1..step.len() - 1].parse::<usize>().unwrap_or(1),
            ),
            _ => (step, 1),
        };
        let local = name.rsplit('}').next().unwrap_or(name);
        let mut matching = node.children().filter(|n| match local {
            "text()" => n.is_text(),
            "comment()" => n.is_comment(),
            "processing-instruction()" => n.is_pi(),
            _ => n.is_element() && n.tag_name().name() == local,
        });
        match matching.nth(index - 1) {
            Some(n) => node = n,
            None => panic!("location {path}: no step {step}"),
        }
    }
    node
}

const BLOCKS: &[&str] = &[
    "p",
    "head",
    "item",
    "note",
    "dateline",
    "signed",
    "salute",
    "cell",
    "label",
    "l",
    "seg",
    "quote",
    "byline",
    "docDate",
    "trailer",
    "postscript",
];

/// Where a finding of the peer is: the division (`@xml:id` of the nearest
/// document div, or of the nearest div), and the words of the blocks the
/// markup may hold it in: the block around it, without the notes, lists and
/// blocks inside it, which the markup writes apart; for a `note`, both the
/// note's own text (the footnote's definition) and the block around it (its
/// marker). `None` for the `teiHeader`.
struct Place {
    division: Option<String>,
    /// Outside every division (`body`, `front`): anywhere in the volume.
    whole_volume: bool,
    blocks: Vec<Vec<String>>,
    node_words: Vec<String>,
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// A block's own text: not that of the notes, lists and other blocks inside
/// it, which the markup writes as paragraphs of their own.
fn own_text(node: roxmltree::Node, top: bool) -> String {
    if node.is_text() {
        return node.text().unwrap_or_default().to_string();
    }
    let name = node.tag_name().name();
    if !top && node.is_element() && (name == "list" || BLOCKS.contains(&name)) {
        return " ".into();
    }
    let mut out = String::new();
    for c in node.children() {
        out.push_str(&own_text(c, false));
        if c.is_element() {
            out.push(' ');
        }
    }
    out
}

fn enclosing_block<'a, 'i>(node: roxmltree::Node<'a, 'i>) -> Option<roxmltree::Node<'a, 'i>> {
    node.ancestors()
        .find(|a| a.is_element() && BLOCKS.contains(&a.tag_name().name()))
        .or_else(|| {
            // A division's finding is at its heading.
            node.ancestors()
                .find(|a| a.is_element())
                .and_then(|e| e.children().find(|c| c.has_tag_name("head")))
        })
}

fn place(doc: &roxmltree::Document, location: &str) -> Option<Place> {
    let node = locate(doc, location);
    if node.ancestors().any(|a| a.has_tag_name("teiHeader")) {
        return None;
    }
    let div = node
        .ancestors()
        .find(|a| a.has_tag_name("div") && a.attribute("type") == Some("document"))
        .or_else(|| node.ancestors().find(|a| a.has_tag_name("div")));
    let division = div.and_then(|d| {
        d.attribute(("http://www.w3.org/XML/1998/namespace", "id"))
            .map(str::to_string)
    });
    let mut blocks = Vec::new();
    if let Some(b) = enclosing_block(node) {
        blocks.push(words(&own_text(b, true)));
        if node.is_element() && node.tag_name().name() == "note" {
            if let Some(outer) = node.parent().and_then(enclosing_block) {
                blocks.push(words(&own_text(outer, true)));
            }
        }
    }
    Some(Place {
        division,
        whole_volume: div.is_none(),
        blocks,
        node_words: if node.is_text() {
            words(node.text().unwrap_or_default())
        } else {
            Vec::new()
        },
    })
}

fn not_in_markup(row: &str, doc: &roxmltree::Document, location: &str) -> Option<&'static str> {
    let node = locate(doc, location);
    let element = node.tag_name().name();
    let parent = node
        .parent()
        .filter(|p| p.is_element())
        .map_or("", |p| p.tag_name().name());
    NOT_IN_MARKUP
        .iter()
        .find(|(r, el, par, _)| *r == row && *el == element && (par.is_empty() || *par == parent))
        .map(|(_, _, _, why)| *why)
}

// ---------------------------------------------------------------------------
// emend's side: the imported volume, cut into paragraphs.

struct Paragraph {
    file: PathBuf,
    /// The TEI id of the division the file holds, as the import names files:
    /// `d0007.emd` is `d7`, `03-persons.emd` is `persons`, a chapter's
    /// `chapter.emd` its folder.
    division: Option<String>,
    first_line: usize,
    last_line: usize,
    words: Vec<String>,
}

/// The words of markup as the TEI text has them: no mention ids, footnote
/// labels, link targets or page numbers.
fn markup_words(line: &str) -> Vec<String> {
    let mut text = String::with_capacity(line.len());
    let mut i = 0;
    while i < line.len() {
        let rest = &line[i..];
        let skip_to = |close: char| rest.find(close).map(|e| i + e + close.len_utf8());
        let jump = if rest.starts_with("{@") || rest.starts_with("{=") {
            skip_to('}')
        } else if rest.starts_with("[^") || rest.starts_with("[Page ") {
            skip_to(']')
        } else if rest.starts_with("](") {
            skip_to(')')
        } else {
            None
        };
        match jump {
            Some(j) => {
                text.push(' ');
                i = j;
            }
            None => {
                let ch = rest.chars().next().unwrap_or(' ');
                text.push(ch);
                i += ch.len_utf8();
            }
        }
    }
    words(&text)
}

fn starts_block(line: &str) -> bool {
    let t = line.trim_start();
    line.starts_with('#')
        || line.starts_with("[^")
        || t.starts_with("- ")
        || t.starts_with("* ")
        || t.starts_with("> ")
        || t.split_once(". ")
            .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

fn division_of(file: &Path) -> Option<String> {
    let stem = file.file_stem()?.to_str()?;
    if stem == "chapter" {
        return Some(file.parent()?.file_name()?.to_str()?.to_string());
    }
    if let Some(n) = stem.strip_prefix('d') {
        if let Ok(n) = n.parse::<u64>() {
            return Some(format!("d{n}"));
        }
    }
    stem.split_once('-').map(|(_, id)| id.to_string())
}

fn paragraphs(folder: &Path) -> Vec<Paragraph> {
    let mut files = Vec::new();
    let mut stack = vec![folder.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).expect("a folder") {
            let p = e.expect("an entry").path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "emd") {
                files.push(p);
            }
        }
    }
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("a markup file");
        let mut current: Option<Paragraph> = None;
        for (i, line) in text.lines().enumerate() {
            let n = i + 1;
            let blank = line.trim().is_empty();
            if blank || starts_block(line) {
                if let Some(p) = current.take() {
                    out.push(p);
                }
            }
            if blank {
                continue;
            }
            let p = current.get_or_insert_with(|| Paragraph {
                file: file.clone(),
                division: division_of(&file),
                first_line: n,
                last_line: n,
                words: Vec::new(),
            });
            p.last_line = n;
            p.words.extend(markup_words(line));
        }
        if let Some(p) = current.take() {
            out.push(p);
        }
    }
    out
}

/// How much of `part` (as a multiset of words) is in `whole`.
fn containment(part: &[String], whole: &[String]) -> f64 {
    if part.is_empty() {
        return 0.0;
    }
    let mut have: HashMap<&str, usize> = HashMap::new();
    for w in whole {
        *have.entry(w).or_default() += 1;
    }
    let mut hit = 0;
    for w in part {
        if let Some(c) = have.get_mut(w.as_str()) {
            if *c > 0 {
                *c -= 1;
                hit += 1;
            }
        }
    }
    hit as f64 / part.len() as f64
}

/// The paragraphs of the imported volume that hold the peer's blocks: for
/// each block, the best match of its words, then of the text node's.
/// How well a paragraph holds a block: its words, the same division, the
/// text node's words, and fewer words of its own.
type Fit = (f64, bool, f64, i64);

fn best_paragraphs<'p>(place: &Place, paragraphs: &'p [Paragraph]) -> Vec<&'p Paragraph> {
    let mut out = Vec::new();
    for block in &place.blocks {
        let mut best: Option<(&Paragraph, Fit)> = None;
        for p in paragraphs {
            let score = (
                containment(block, &p.words),
                place.division.is_some() && p.division == place.division,
                containment(&place.node_words, &p.words),
                // Of paragraphs that hold the block equally, the closest fit.
                -(p.words.len() as i64),
            );
            if best.as_ref().is_none_or(|(_, b)| score > *b) {
                best = Some((p, score));
            }
        }
        if let Some((p, (b, _, _, _))) = best {
            if b >= 0.6 {
                out.push(p);
            }
        }
    }
    out
}

#[derive(Debug, Clone)]
struct Finding {
    file: PathBuf,
    line: usize,
    code: Code,
    message: String,
}

fn emend(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_emend"))
        .args(args)
        .output()
        .expect("emend runs")
}

fn emend_findings(folder: &Path) -> Vec<Finding> {
    let out = emend(&["check", &folder.to_string_lossy(), "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "emend check's JSON: {e}\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| Finding {
            file: PathBuf::from(d["file"].as_str().expect("file")),
            line: d["line"].as_u64().expect("line") as usize,
            code: d["code"].as_str().expect("code").parse().expect("a code"),
            message: d["message"].as_str().unwrap_or_default().to_string(),
        })
        .collect()
}

/// Findings of a row at an element the markup cannot hold, and why: the
/// row, the element, the element's parent (`""` for any), the reason, as
/// `docs/schematron.md` says.
const NOT_IN_MARKUP: &[(&str, &str, &str, &str)] = &[
    (
        "F60",
        "lb",
        "",
        "the markup has no line break: the import writes `lb` as a space",
    ),
    (
        "F56",
        "pb",
        "div",
        "a page break that begins a division before its head: the markup has its page breaks between divisions, and the export writes one before the division",
    ),
    (
        "F57",
        "pb",
        "div",
        "a page break that ends a division: the markup keeps it as the last paragraph, and the export writes it after the division's end tag",
    ),
];

/// Places the peer reports that the imported markup cannot show: `(volume,
/// row, division, reason)`.
const KNOWN_MISSES: &[(&str, &str, &str, &str)] = &[
    (
        "frus1870",
        "S4",
        "d10",
        "the closer is followed by the addressee's paragraph, so the signature is not the document's last paragraph, which is what the markup writes as a closer",
    ),
    (
        "frus1955-57v10",
        "F38",
        "d10",
        "a table repeats a note where the row needs it (`note[@target='d10fn2']`, footnote 2 again after 4); the markup writes it as a second reference to footnote 2, which is in sequence, and the peer counts it as a new footnote out of order",
    ),
    (
        "frus1958-60v04",
        "S4",
        "d4",
        "a footnote marker follows the signed name (`**Jim**[^8]`); the markup's signature is a paragraph of one bold run, so the import keeps this one as a paragraph",
    ),
];

/// Why emend reports, with a code the peer shares, a place the peer does
/// not.
struct Extra {
    code: &'static str,
    /// Words of emend's message.
    says: &'static str,
    /// The volumes where this holds; empty for every volume.
    volumes: &'static [&'static str],
    why: &'static str,
}

const EXTRA_REASONS: &[Extra] = &[
    Extra {
        code: "footnote-sequence",
        says: "where footnote 1 is expected",
        volumes: &[],
        why: "emend wants a document's first footnote to be 1, or one more than the last of the document before it (older volumes number on through a chapter); the peer only asks each to be one more than the one before in its division",
    },
    Extra {
        code: "ref-outside-workspace",
        says: "is not in the workspace",
        volumes: &[],
        why: "a hint that emend cannot check a reference into a volume it does not have; the peer passes such a reference when the volume's file is not at hand (I7)",
    },
    Extra {
        code: "ref-unknown-document",
        says: "is not in volume",
        volumes: &[],
        why: "emend reads references written as prose (`Document 241`); the peer checks `ref/@target` only",
    },
];

#[test]
fn emend_reports_every_place_the_schematron_reports() {
    let jar = std::env::var_os("EMEND_SAXON_JAR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/share/java/Saxon-HE.jar"));
    if !jar.is_file() {
        assert!(
            std::env::var("EMEND_REQUIRE_SAXON").as_deref() != Ok("1"),
            "Saxon-HE not found at {}",
            jar.display()
        );
        eprintln!(
            "Saxon-HE not found at {}: the Schematron comparison is skipped",
            jar.display()
        );
        return;
    }
    let all_rows = rows();
    let mut failures = Vec::new();
    let mut extras_without_reason = Vec::new();
    for tei in volumes() {
        let name = tei
            .parent()
            .and_then(|p| p.file_name())
            .filter(|_| tei.ends_with("excerpt.xml"))
            .or_else(|| tei.file_stem())
            .expect("a name")
            .to_string_lossy()
            .into_owned();
        let tmp = tempfile::tempdir().expect("tmp");
        let peer = run_peer(&jar, &tei, &tmp.path().join("peer.svrl"));
        let folder = tmp.path().join("volume");
        let out = emend(&[
            "import-tei",
            &tei.to_string_lossy(),
            "-o",
            &folder.to_string_lossy(),
        ]);
        assert!(
            out.status.success(),
            "import of {name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let source = std::fs::read_to_string(&tei).expect("the TEI");
        let doc = roxmltree::Document::parse(&source).expect("the TEI parses");
        let paragraphs = paragraphs(&folder);
        let findings = emend_findings(&folder);
        // Every code a row names: emend's findings of these are compared,
        // whether or not the peer reports anything of their kind here.
        let compared_codes: BTreeSet<Code> = all_rows
            .values()
            .filter_map(|r| match &r.mapping {
                Mapping::Codes(c) => Some(c.clone()),
                Mapping::NotInMarkup(_) => None,
            })
            .flatten()
            .collect();
        // Per row: the peer's findings, how many emend matched, the codes.
        let mut table: BTreeMap<String, (usize, usize, String)> = BTreeMap::new();
        // emend's findings at a place the peer reports.
        let mut claimed: BTreeSet<(PathBuf, usize, Code)> = BTreeSet::new();
        for f in &peer {
            let entry = table
                .entry(f.row.id.clone())
                .or_insert((0, 0, String::new()));
            entry.0 += 1;
            let element = f
                .location
                .rsplit('/')
                .next()
                .and_then(|step| step.rsplit('}').next())
                .and_then(|step| step.split('[').next())
                .unwrap_or_default();
            let codes = match &f.row.mapping {
                Mapping::NotInMarkup(why) => {
                    entry.2 = format!("not compared: {why}");
                    continue;
                }
                Mapping::Codes(_) if not_in_markup(&f.row.id, &doc, &f.location).is_some() => {
                    let why = not_in_markup(&f.row.id, &doc, &f.location).unwrap_or_default();
                    eprintln!("  {name} {} at `{element}`: not compared: {why}", f.row.id);
                    continue;
                }
                Mapping::Codes(c) => c,
            };
            entry.2 = codes
                .iter()
                .map(|c| c.name())
                .collect::<Vec<_>>()
                .join(", ");
            let Some(place) = place(&doc, &f.location) else {
                entry.2 = format!("{} (in the teiHeader: not compared)", entry.2);
                continue;
            };
            let holders: Vec<(&Path, usize, usize)> = if place.whole_volume {
                vec![(folder.as_path(), 0, usize::MAX)]
            } else {
                best_paragraphs(&place, &paragraphs)
                    .into_iter()
                    .map(|p| (p.file.as_path(), p.first_line, p.last_line))
                    .collect()
            };
            if holders.is_empty() {
                failures.push(format!(
                    "{name} {} in {}: no paragraph of the import holds the text of {}",
                    f.row.id,
                    place.division.as_deref().unwrap_or("?"),
                    f.location
                ));
                continue;
            }
            let inside = |e: &Finding| {
                codes.contains(&e.code)
                    && holders.iter().any(|(file, first, last)| {
                        e.file.starts_with(file) && (*first..=*last).contains(&e.line)
                    })
            };
            let mut matched = false;
            for e in findings.iter().filter(|e| inside(e)) {
                matched = true;
                claimed.insert((e.file.clone(), e.line, e.code));
            }
            let known = KNOWN_MISSES.iter().find(|(v, row, div, _)| {
                *v == name && *row == f.row.id && place.division.as_deref() == Some(*div)
            });
            if matched {
                entry.1 += 1;
            } else if let Some((_, _, _, why)) = known {
                eprintln!(
                    "  {name} {} in {}: not shown in the markup: {why}",
                    f.row.id,
                    known.map_or("", |k| k.2)
                );
            } else {
                let (file, first, last) = holders[0];
                failures.push(format!(
                    "{name} {} in {}, `{element}`: {} — expected {} in {}:{first}–{last}",
                    f.row.id,
                    place.division.as_deref().unwrap_or("?"),
                    f.text,
                    entry.2,
                    file.strip_prefix(&folder).unwrap_or(file).display(),
                ));
            }
        }
        eprintln!("\n{name}: {} findings of the peer", peer.len());
        eprintln!("  {:<5} {:>5} {:>7}  emend code", "row", "peer", "emend");
        for (row, (n, hit, what)) in &table {
            eprintln!("  {row:<5} {n:>5} {hit:>7}  {what}");
        }
        for e in findings.iter().filter(|e| compared_codes.contains(&e.code)) {
            if claimed.contains(&(e.file.clone(), e.line, e.code)) {
                continue;
            }
            let file = e.file.strip_prefix(&folder).unwrap_or(&e.file).display();
            let reason = EXTRA_REASONS.iter().find(|x| {
                x.code == e.code.name()
                    && e.message.contains(x.says)
                    && (x.volumes.is_empty() || x.volumes.contains(&name.as_str()))
            });
            match reason {
                Some(x) => eprintln!(
                    "  extra {file}:{} {}: {} — {}",
                    e.line, e.code, e.message, x.why
                ),
                None => extras_without_reason.push(format!(
                    "{name} {file}:{} {}: {}",
                    e.line, e.code, e.message
                )),
            }
        }
    }
    assert!(
        failures.is_empty() && extras_without_reason.is_empty(),
        "places the peer reports and emend does not:\n{}\n\nemend's extra findings without a reason:\n{}",
        failures.join("\n"),
        extras_without_reason.join("\n")
    );
}
