//! A FRUS-sized TEI volume for the benchmarks: the nine documents of the
//! FRUS 1964–1968, vol. III excerpt (`tests/data/tei/`) repeated with
//! renumbered documents, notes and pages, behind its sources, terms and
//! persons.

use std::path::Path;

fn data(name: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/tei/frus1964-68v03")
        .join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The nine document divisions of the excerpt.
fn documents() -> Vec<String> {
    let all = data("documents.xml");
    all.split("\n\n<div type=\"document\"")
        .enumerate()
        .map(|(i, d)| {
            if i == 0 {
                d.to_string()
            } else {
                format!("<div type=\"document\"{d}")
            }
        })
        .collect()
}

/// Renumbers a document: `d261` → `d{n}`, its notes, and its pages from
/// `page` on. Returns the next page number.
fn renumber(doc: &str, old: &str, n: usize, page: &mut usize) -> String {
    let mut s = doc
        .replace(&format!("xml:id=\"d{old}\""), &format!("xml:id=\"d{n}\""))
        .replace(&format!("n=\"{old}\""), &format!("n=\"{n}\""))
        .replace(&format!("<head>{old}. "), &format!("<head>{n}. "))
        .replace(&format!("xml:id=\"d{old}fn"), &format!("xml:id=\"d{n}fn"));
    // Pages in increasing order across the volume.
    let mut out = String::with_capacity(s.len());
    while let Some(at) = s.find("<pb n=\"") {
        out.push_str(&s[..at]);
        let rest = &s[at..];
        let end = rest.find("/>").map_or(rest.len(), |e| e + 2);
        out.push_str(&format!("<pb n=\"{0}\" xml:id=\"pg_{0}\"/>", *page));
        *page += 1;
        s = rest[end..].to_string();
    }
    out.push_str(&s);
    out
}

pub fn volume(target_bytes: usize) -> (String, usize) {
    let docs = documents();
    let front = [data("sources.xml"), data("terms.xml"), data("persons.xml")].join("\n");
    let mut body = String::new();
    let mut n = 1;
    let mut page = 1;
    while front.len() + body.len() < target_bytes {
        for d in &docs {
            let old = d
                .split("n=\"")
                .nth(1)
                .and_then(|r| r.split('"').next())
                .unwrap_or("0")
                .to_string();
            body.push_str(&renumber(d, &old, n, &mut page));
            body.push_str("\n\n");
            n += 1;
        }
    }
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<TEI xmlns=\"http://www.tei-c.org/ns/1.0\" xmlns:frus=\"http://history.state.gov/frus/ns/1.0\" xml:id=\"frus1964-68v03\">\n<teiHeader><fileDesc><titleStmt><title type=\"complete\">Foreign Relations of the United States, 1964–1968, Volume III, Vietnam, June–December 1965</title><editor role=\"primary\">David C. Humphrey</editor></titleStmt><publicationStmt><p>x</p></publicationStmt><sourceDesc><p>x</p></sourceDesc></fileDesc></teiHeader>\n<text><front>\n{front}\n</front><body><div type=\"compilation\" xml:id=\"comp1\"><div type=\"chapter\" xml:id=\"ch1\"><head>June–December 1965</head>\n{body}</div></div></body></text></TEI>\n"
    );
    (xml, n - 1)
}
