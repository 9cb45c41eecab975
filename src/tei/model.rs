//! What the importer reads out of TEI, before it is written as markup.

/// Inline content.
#[derive(Debug, Clone, PartialEq)]
pub enum Inl {
    /// Text with white space folded to single spaces.
    Text(String),
    /// `hi[@rend='italic']` (`*…*`) or `hi[@rend='strong']` (`**…**`).
    Hi(Rend, Vec<Inl>),
    /// Any other `hi/@rend`, `[…]{.smallcaps}`.
    Styled(String, Vec<Inl>),
    /// A person mention (`persName`) with the markup id (`TLEJ1`).
    Person(Tag, Vec<Inl>),
    /// A term mention (`gloss`) with the markup id (`VC`).
    Term(Tag, Vec<Inl>),
    /// A `ref`; `key` numbers the refs of a volume, so that the writer can be
    /// told which of them must be explicit.
    Ref {
        target: String,
        content: Vec<Inl>,
        key: usize,
    },
    /// A footnote reference `[^label]`.
    NoteRef(String),
    /// A page break `[Page n]`.
    Page(String),
    /// A line break (`lb`), `\` at a line end.
    LineBreak,
    /// Text left out (`gap`), `[Gap: quantity=1 unit=pages]`, with its
    /// attributes.
    Gap(Vec<(String, String)>),
    /// An image (`figure/graphic`), `[Figure: url=ch1fig1]`, with the
    /// graphic's attributes; it begins a paragraph of its own.
    Figure(Vec<(String, String)>),
}

/// What stands in the braces of a mention: `{@TLEJ1}`, `{@FDR1 to}`,
/// `{@ from}` (a person not identified, the sender), `{@}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    pub id: Option<String>,
    /// TEI `@type`: `from`, `to`.
    pub role: Option<String>,
}

impl Tag {
    /// The braces after the mention's text, with `sigil` (`@` or `=`).
    pub fn braces(&self, sigil: char) -> String {
        let mut out = format!("{{{sigil}");
        out.push_str(self.id.as_deref().unwrap_or(""));
        if let Some(role) = &self.role {
            out.push(' ');
            out.push_str(role);
        }
        out.push('}');
        out
    }

    /// A role the markup can write: a lower-case word (`[a-z][a-z-]*`).
    pub fn is_role(value: &str) -> bool {
        value.starts_with(|c: char| c.is_ascii_lowercase())
            && value.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rend {
    Italic,
    Strong,
}

/// A block of a document or division.
#[derive(Debug, Clone, PartialEq)]
pub enum Blk {
    Para(Vec<Inl>),
    /// A paragraph with its `p/@rend`, `{.center} …`.
    Styled(String, Vec<Inl>),
    Table(Vec<Row>),
    /// A table's caption (`table/head`), `Table: …` right before it.
    Caption(Vec<Inl>),
    List(Vec<Item>),
    /// One paragraph per `>` line.
    Quote(Vec<Vec<Inl>>),
    /// A page break standing between blocks.
    Page(String),
    /// `[@ID]: **NAME**SEP REST`.
    Person(Entry),
    /// `[=ID]: REST`, or `[=ID]: **NAME**SEP REST` when the name differs
    /// from the id or the separator from a comma.
    Term(Entry),
}

/// A `row` of a `table`; `label`: a header row (`@role='label'`).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub label: bool,
    pub cells: Vec<Cell>,
}

/// A `cell`, with the columns (`@cols`) and rows (`@rows`) it spans.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// `@role` (`num`), written `{.num}` at the start of the cell.
    pub role: Option<String>,
    pub cols: usize,
    pub rows: usize,
    pub content: Vec<Inl>,
}

/// The columns of a table: of its widest row, counting the columns that a
/// cell above spans into it.
pub fn table_width(rows: &[Row]) -> usize {
    // Per column, how many rows below the cell above still covers.
    let mut below: Vec<usize> = Vec::new();
    let mut width = 0;
    for row in rows {
        let mut col = 0;
        for cell in &row.cells {
            while below.get(col).is_some_and(|b| *b > 0) {
                col += 1;
            }
            if below.len() < col + cell.cols {
                below.resize(col + cell.cols, 0);
            }
            for b in &mut below[col..col + cell.cols] {
                *b = cell.rows;
            }
            col += cell.cols;
        }
        width = width
            .max(col)
            .max(below.iter().rposition(|b| *b > 0).map_or(0, |p| p + 1));
        for b in &mut below {
            *b = b.saturating_sub(1);
        }
    }
    width
}

#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// How deep the item is nested in other items: 0 in a list of its own.
    pub depth: usize,
    /// `list/@type` of the list this item begins, `- {.sources} …`.
    pub style: Option<String>,
    pub label: Option<String>,
    pub paras: Vec<Vec<Inl>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub id: String,
    /// None for a term written without its name.
    pub name: Option<Vec<Inl>>,
    /// Its second names (`ARA/LA` of `ARA or ARA/LA`), each a `persName` or
    /// `term` with an id of its own in the entry's bold part.
    pub aliases: Vec<Alias>,
    /// What follows the name inside the bold (`,`).
    pub sep: String,
    pub rest: Vec<Inl>,
}

/// A second name of a register entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Alias {
    /// What stands before it: ` or `, ` `.
    pub joiner: String,
    /// The markup id.
    pub id: String,
    pub name: Vec<Inl>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub label: String,
    /// `note/@type` where the text does not say it, `[^1]: {.source} …`.
    pub style: Option<String>,
    pub paras: Vec<Vec<Inl>>,
}

/// A heading and its metadata lines.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Heading {
    pub title: Vec<Inl>,
    pub meta: Vec<(String, Vec<Inl>)>,
}

/// A sub-heading (`frus:attachment`, a nested division) and its blocks.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub heading: Heading,
    pub blocks: Vec<Blk>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ScopeKind {
    Document { number: String },
    Division,
}

/// A document or a division with everything in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Scope {
    pub kind: ScopeKind,
    pub heading: Heading,
    pub blocks: Vec<Blk>,
    pub sections: Vec<Section>,
    /// Footnotes, written after the last section.
    pub notes: Vec<Note>,
    /// Page breaks after the end of the scope (between two documents).
    pub trailing_pages: Vec<String>,
}

/// One markup file to write.
#[derive(Debug, Clone, PartialEq)]
pub struct File {
    /// Relative to the volume folder, `/`-separated.
    pub path: String,
    pub scopes: Vec<Scope>,
}
