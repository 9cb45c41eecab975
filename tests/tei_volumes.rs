//! Fidelity across the encoding generations: every real-volume excerpt of
//! `tests/fixtures/tei-volumes/` (1870 to 1980) is imported and exported,
//! and the TEI that comes back is compared with the TEI that went in: the
//! count of every element and attribute of `text` (front, body, back), every
//! `xml:id`, the page image of each page break, and the text in document
//! order. A difference fails the test
//! unless `docs/tei.md` lists it, for that volume, with its reason; a listed
//! difference that no longer occurs fails it too, so the list stays true.
//! Export → import must give the same markup, byte for byte (key `markup`).

mod tei_common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use tei_common::*;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `text` element (front, body and back; not the header).
fn text_of<'a, 'i>(doc: &'a roxmltree::Document<'i>) -> roxmltree::Node<'a, 'i> {
    doc.root_element()
        .children()
        .find(|n| is(*n, "text"))
        .expect("a <text> element")
}

/// `element` and `element/@attribute` → how many there are below `text`.
fn counts(doc: &roxmltree::Document) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for n in text_of(doc).descendants().filter(|n| n.is_element()) {
        let tag = n.tag_name().name();
        *m.entry(tag.to_string()).or_insert(0) += 1;
        for a in n.attributes() {
            *m.entry(format!("{tag}/@{}", a.name())).or_insert(0) += 1;
        }
    }
    m
}

fn ids(doc: &roxmltree::Document) -> BTreeSet<String> {
    text_of(doc)
        .descendants()
        .filter_map(|n| n.attribute((XML_NS, "id")))
        .map(str::to_string)
        .collect()
}

/// A difference of one volume's round trip, as `docs/tei.md` names it:
/// an element, `element/@attribute`, `ids` or `text`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Difference {
    volume: String,
    key: String,
}

/// The rows of the table under "## Differences of the round trip" in
/// `docs/tei.md`: `| key | volumes | why |`.
fn listed() -> BTreeSet<Difference> {
    let path = root().join("docs/tei.md");
    let doc = std::fs::read_to_string(&path).expect("docs/tei.md");
    let section = doc
        .split("\n## Differences of the round trip")
        .nth(1)
        .expect("docs/tei.md has a section `## Differences of the round trip`");
    let section = section.split("\n## ").next().unwrap_or(section);
    let mut out = BTreeSet::new();
    for line in section.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        assert_eq!(cells.len(), 3, "a row of key, volumes and why: {line}");
        assert!(!cells[2].is_empty(), "a listed difference says why: {line}");
        let key = cells[0].trim_matches('`').to_string();
        for volume in cells[1].split(',').map(str::trim) {
            out.insert(Difference {
                volume: volume.to_string(),
                key: key.clone(),
            });
        }
    }
    out
}

fn squeezed(doc: &roxmltree::Document) -> String {
    squeezed_text(text_of(doc))
}

/// Where two texts first differ, with a little of each around it.
fn first_difference(a: &str, b: &str) -> String {
    let at = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let around = |s: &str| -> String { s.chars().skip(at.saturating_sub(30)).take(70).collect() };
    format!("TEI: …{}…\nback: …{}…", around(a), around(b))
}

/// The first file that export → import does not give back as it was.
fn markup_difference(first: &[(String, String)], second: &[(String, String)]) -> String {
    let paths = |f: &[(String, String)]| f.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    if paths(first) != paths(second) {
        return format!("files {:?} became {:?}", paths(first), paths(second));
    }
    for ((path, a), (_, b)) in first.iter().zip(second) {
        if a != b {
            let line = a.lines().zip(b.lines()).position(|(x, y)| x != y);
            let line = line.unwrap_or_else(|| a.lines().count().min(b.lines().count()));
            return format!(
                "{path}:{}: {:?} became {:?}",
                line + 1,
                a.lines().nth(line).unwrap_or(""),
                b.lines().nth(line).unwrap_or("")
            );
        }
    }
    String::new()
}

#[test]
fn every_volume_comes_back_as_it_went_in_except_what_the_docs_list() {
    let mut found = BTreeSet::new();
    let mut table = String::new();
    let mut texts = String::new();
    for (volume, xml) in volume_excerpts() {
        let first = import(&xml);
        let exported = export(&first.files);
        let second = import(&exported.xml);
        if first.files != second.files {
            table.push_str(&format!(
                "{volume:20} markup: {}\n",
                markup_difference(&first.files, &second.files)
            ));
            found.insert(Difference {
                volume: volume.clone(),
                key: "markup".to_string(),
            });
        }
        let before = parse(&xml);
        let after = parse(&exported.xml);
        let (a, b) = (counts(&before), counts(&after));
        let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
        for key in keys {
            let (x, y) = (a.get(key).copied(), b.get(key).copied());
            if x != y {
                let (x, y) = (x.unwrap_or(0), y.unwrap_or(0));
                table.push_str(&format!("{volume:20} {key:32} {x:6} {y:6}\n"));
                found.insert(Difference {
                    volume: volume.clone(),
                    key: key.clone(),
                });
            }
        }
        let (ia, ib) = (ids(&before), ids(&after));
        if ia != ib {
            let lost: Vec<&String> = ia.difference(&ib).take(5).collect();
            let gained: Vec<&String> = ib.difference(&ia).take(5).collect();
            table.push_str(&format!(
                "{volume:20} ids: lost {lost:?}…, gained {gained:?}…\n"
            ));
            found.insert(Difference {
                volume: volume.clone(),
                key: "ids".to_string(),
            });
        }
        // The page images, in order, of the pages the markup can number
        // (the others are under `pb`): counting `@facs` would not see one
        // given to the wrong page.
        let images = |d: &roxmltree::Document| -> Vec<(String, String)> {
            text_of(d)
                .descendants()
                .filter(|n| is(*n, "pb"))
                .filter_map(|n| Some((n.attribute("n")?, n.attribute("facs")?)))
                .filter(|(n, _)| !n.starts_with('['))
                .map(|(n, f)| (n.to_string(), f.to_string()))
                .collect()
        };
        let (fa, fb) = (images(&before), images(&after));
        if fa != fb {
            let at = fa
                .iter()
                .zip(&fb)
                .position(|(x, y)| x != y)
                .unwrap_or(fa.len().min(fb.len()));
            table.push_str(&format!(
                "{volume:20} page images: {:?} became {:?}\n",
                fa.get(at),
                fb.get(at)
            ));
            found.insert(Difference {
                volume: volume.clone(),
                key: "page images".to_string(),
            });
        }
        let (ta, tb) = (squeezed(&before), squeezed(&after));
        if ta != tb {
            texts.push_str(&format!("{volume}:\n{}\n", first_difference(&ta, &tb)));
            found.insert(Difference {
                volume: volume.clone(),
                key: "text".to_string(),
            });
        }
    }
    println!("volume               element/attribute                   TEI   back\n{table}");
    println!("{texts}");
    let listed = listed();
    let unlisted: Vec<&Difference> = found.difference(&listed).collect();
    let stale: Vec<&Difference> = listed.difference(&found).collect();
    assert!(
        unlisted.is_empty() && stale.is_empty(),
        "differences that docs/tei.md does not list: {unlisted:#?}\n\
         differences docs/tei.md lists that no longer occur: {stale:#?}\n\
         the table:\n{table}\n{texts}"
    );
}

#[test]
fn the_list_of_differences_names_only_volumes_that_are_fixtures() {
    let names: BTreeSet<String> = volume_excerpts().into_iter().map(|(n, _)| n).collect();
    for d in listed() {
        assert!(
            names.contains(&d.volume),
            "docs/tei.md lists `{}` for `{}`, which is not a fixture under {}",
            d.key,
            d.volume,
            Path::new("tests/fixtures/tei-volumes").display()
        );
    }
}
