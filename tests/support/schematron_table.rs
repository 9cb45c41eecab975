//! The table of "The asserts" in `docs/schematron.md`: a row for every
//! assert of FRUS's Schematron, with the emend codes that cover it or why
//! there are none. Read by the tests that keep the map complete and that
//! compare emend with the Schematron.

use emend::rules::Code;
use std::path::PathBuf;

/// What a row says of its assert, from its emend-code cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cover {
    /// The codes the cell names, each in backticks.
    Codes(Vec<Code>),
    /// `new: …`: a code proposed, not built.
    Proposed,
    /// `TEI only: …`: applies to the TEI file itself.
    TeiOnly,
    /// `none: …`: the markup cannot express it.
    NoCode,
}

#[derive(Debug, Clone)]
pub struct MapRow {
    /// `F1`, `C3`, …
    pub id: String,
    /// The schema file and the line of the `<assert`.
    pub file: String,
    pub line: usize,
    /// The emend-code cell as written: the reason, where there is no code.
    pub cell: String,
    pub cover: Cover,
}

/// The codes a cell names in backticks.
pub fn codes_named(cell: &str) -> Vec<Code> {
    cell.split('`')
        .skip(1)
        .step_by(2)
        .filter_map(|w| w.parse().ok())
        .collect()
}

/// The cells of a table line; `\|` is a `|` inside a cell.
fn cells(line: &str) -> Vec<String> {
    line.replace("\\|", "\u{0}")
        .split('|')
        .map(|c| c.trim().replace('\u{0}', "|"))
        .collect()
}

pub fn map_rows() -> Vec<MapRow> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/schematron.md");
    let whole = std::fs::read_to_string(path).expect("the map");
    // Later tables name rows too: only this section's.
    let start = whole
        .find("## The asserts")
        .expect("the section of the asserts");
    let end = whole[start..]
        .find("\n## ")
        .map_or(whole.len(), |e| start + e);
    let mut out = Vec::new();
    for line in whole[start..end].lines() {
        let cells = cells(line);
        if cells.len() < 10 || !cells[2].contains(".sch:") {
            continue;
        }
        let (file, at) = cells[2].split_once(':').expect("file:line");
        let cell = cells[8].as_str();
        let cover = if cell.starts_with("TEI only") {
            Cover::TeiOnly
        } else if cell.starts_with("new:") {
            Cover::Proposed
        } else if cell.starts_with("none") {
            Cover::NoCode
        } else {
            Cover::Codes(codes_named(cell))
        };
        out.push(MapRow {
            id: cells[1].clone(),
            file: file.to_string(),
            line: at.parse().expect("a line number"),
            cell: cell.to_string(),
            cover,
        });
    }
    out
}
