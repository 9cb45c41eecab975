//! Per-file facts: what one file says about documents, footnotes, persons,
//! terms, references and pages, with byte ranges. Independent of any
//! protocol, so the CLI, the language server and other front-ends share it.

mod blocks;
pub mod citation;
pub mod date;
mod extract;
pub mod interned;
mod pages;
pub mod relocate;
mod signatures;
pub mod source_note;
pub mod tei;
pub mod tei_edit;
mod tei_signed;
mod typography;
pub mod volume_id;

pub use date::Date;
pub use extract::extract;
pub use source_note::{Component, Marking, SourceItem, SourceNote};

use crate::syntax::SyntaxError;
pub use crate::syntax::TextEnd;

/// A byte range in a file's text.
pub type Span = std::ops::Range<usize>;

/// Text the facts hold: names, ids, labels, a footnote's words. Most are a
/// few bytes (an id, a label, a number), which this string keeps inline
/// rather than in an allocation of their own: the facts of a workspace
/// hold millions.
pub type Text = compact_str::CompactString;

/// Everything extracted from one file.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct FileFacts {
    /// Scope 0 is the part of the file before its first `#` heading.
    pub scopes: Vec<Scope>,
    pub documents: Vec<Document>,
    pub divisions: Vec<Division>,
    pub sections: Vec<Section>,
    pub footnotes: Vec<FootnoteDef>,
    pub footnote_refs: Vec<FootnoteRef>,
    pub persons: Vec<Entry>,
    pub terms: Vec<Entry>,
    pub person_mentions: Vec<Mention>,
    pub term_mentions: Vec<Mention>,
    pub references: Vec<Reference>,
    pub page_breaks: Vec<PageBreak>,
    pub straight_quotes: Vec<StraightQuote>,
    pub text_marks: Vec<TextMark>,
    pub metadata: Vec<Metadata>,
    /// Closing signatures of documents and their attachments, in file order.
    pub signatures: Vec<Signature>,
    /// Items of `# Sources` divisions: one citation path each.
    pub source_items: Vec<SourceItem>,
    pub syntax_errors: Vec<SyntaxError>,
    /// Indices into `footnotes` in (scope, label, position) order, for
    /// finding a label without a scan of its scope.
    pub footnote_order: Vec<usize>,
    /// The id a TEI file gives its volume, `TEI/@xml:id`, and where the
    /// value stands.
    pub tei_id: Option<(Text, Span)>,
}

impl FileFacts {
    /// Gives back what the lists reserved beyond their length as they
    /// grew. The facts of a workspace are millions of records held for as
    /// long as it is open: a list grown by doubling holds up to twice its
    /// length, and one of a single record four; on the 50 MB benchmark
    /// workspace that was a third of the facts' memory.
    pub fn shrink_to_fit(&mut self) {
        let FileFacts {
            scopes,
            documents,
            divisions,
            sections,
            footnotes,
            footnote_refs,
            persons,
            terms,
            person_mentions,
            term_mentions,
            references,
            page_breaks,
            straight_quotes,
            text_marks,
            metadata,
            signatures,
            source_items,
            syntax_errors,
            footnote_order,
            tei_id: _,
        } = self;
        scopes.shrink_to_fit();
        documents.shrink_to_fit();
        divisions.shrink_to_fit();
        sections.shrink_to_fit();
        footnotes.shrink_to_fit();
        footnote_refs.shrink_to_fit();
        persons.shrink_to_fit();
        terms.shrink_to_fit();
        person_mentions.shrink_to_fit();
        term_mentions.shrink_to_fit();
        references.shrink_to_fit();
        page_breaks.shrink_to_fit();
        straight_quotes.shrink_to_fit();
        text_marks.shrink_to_fit();
        metadata.shrink_to_fit();
        signatures.shrink_to_fit();
        source_items.shrink_to_fit();
        syntax_errors.shrink_to_fit();
        footnote_order.shrink_to_fit();
        for page in page_breaks {
            page.edges.shrink_to_fit();
        }
        for signature in signatures {
            signature.problems.shrink_to_fit();
        }
    }

    /// The value and span of the first `Volume:` line of the file.
    pub fn volume_line(&self) -> Option<&Metadata> {
        self.metadata.iter().find(|m| m.key == "Volume")
    }

    /// The document whose scope this is, if any.
    pub fn document_of_scope(&self, scope: usize) -> Option<&Document> {
        match self.scopes.get(scope)?.kind {
            ScopeKind::Document(i) => self.documents.get(i),
            _ => None,
        }
    }

    /// Footnote definitions of one scope.
    pub fn footnotes_in(&self, scope: usize) -> impl Iterator<Item = &FootnoteDef> {
        in_scope(&self.footnotes, scope).iter()
    }

    /// The first definition of a footnote label in a scope: an index into
    /// `footnotes`.
    pub fn footnote_index(&self, scope: usize, label: &str) -> Option<usize> {
        let key = |&i: &usize| (self.footnotes[i].scope, self.footnotes[i].label.as_str());
        let at = self
            .footnote_order
            .partition_point(|i| key(i) < (scope, label));
        self.footnote_order
            .get(at)
            .copied()
            .filter(|i| key(i) == (scope, label))
    }
}

/// A scope as the most numerous records hold it. A file has fewer scopes
/// than bytes, and its offsets already fit in 32 bits (the line index).
pub fn narrow_scope(scope: usize) -> u32 {
    u32::try_from(scope).unwrap_or(u32::MAX)
}

/// Something that stands in one scope of a file.
pub trait Scoped {
    fn scope(&self) -> usize;
}

macro_rules! scoped {
    ($($t:ty),*) => {$(
        impl Scoped for $t {
            fn scope(&self) -> usize {
                self.scope as usize
            }
        }
    )*};
}
scoped!(
    FootnoteDef,
    FootnoteRef,
    Mention,
    Reference,
    PageBreak,
    StraightQuote
);

/// The items of one scope. The lists of [`FileFacts`] that hold scoped
/// items are sorted by scope (and by position within a scope), so that a
/// file of many documents is looked at once, not once per document.
pub fn in_scope<T: Scoped>(items: &[T], scope: usize) -> &[T] {
    let start = items.partition_point(|i| i.scope() < scope);
    let len = items[start..].partition_point(|i| i.scope() == scope);
    &items[start..start + len]
}

/// A footnote scope: a document, a division, or the file's preamble.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Scope {
    pub kind: ScopeKind,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ScopeKind {
    Preamble,
    /// Index into [`FileFacts::documents`].
    Document(usize),
    /// Index into [`FileFacts::divisions`].
    Division(usize),
}

/// A numbered document: `# 261. Memorandum for Personal Files`.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Document {
    /// As written: `261`, `12a`.
    pub number: Text,
    /// `d261`, or the value of an `Id:` line.
    pub id: Text,
    pub title: Text,
    pub number_span: Span,
    /// The heading line, metadata excluded.
    pub heading_span: Span,
    /// The whole document, up to the next `#` heading.
    pub span: Span,
    pub scope: usize,
    pub dateline: Option<Dateline>,
    /// The value of a `Source:` line: a source note printed inline.
    pub inline_source: Option<Span>,
}

impl Document {
    /// Editorial notes carry no source note.
    pub fn is_editorial_note(&self) -> bool {
        self.title.trim().eq_ignore_ascii_case("editorial note")
    }
}

/// A `Dateline:` line and the date read from it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Dateline {
    pub text: Text,
    pub span: Span,
    pub date: Option<Date>,
}

/// A division: `# Persons`, a chapter, front or back matter.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Division {
    pub title: Text,
    /// The line break after the heading line (empty at the end of the
    /// file), where a metadata line can be added.
    pub heading_break: Span,
    /// No title, or one without text: the export writes no `head`.
    pub untitled: bool,
    pub id: Option<Text>,
    pub heading_span: Span,
    pub span: Span,
    pub scope: usize,
}

impl Division {
    /// The volume's list of archives and collections consulted.
    pub fn is_sources(&self) -> bool {
        self.title.trim().eq_ignore_ascii_case("sources")
    }
}

/// A sub-heading (`## Tab A`) and the part it opens.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Section {
    pub title: Text,
    /// No title, or one without text: the export writes an empty `head`.
    pub untitled: bool,
    pub heading_span: Span,
    pub span: Span,
    pub scope: usize,
}

/// `[^4]: Llewellyn E. Thompson.`
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct FootnoteDef {
    pub scope: usize,
    pub label: Text,
    pub label_span: Span,
    pub span: Span,
    /// The plain text of the definition, paragraphs joined by one space.
    pub text: Text,
    /// Where the text of the definition starts.
    pub text_span: Span,
    pub source: Option<Box<SourceNote>>,
}

impl FootnoteDef {
    /// The label as a number, for labels that are numbers.
    pub fn number(&self) -> Option<u32> {
        self.label.parse().ok()
    }
}

/// `[^4]` in running text.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct FootnoteRef {
    pub scope: usize,
    pub label: Text,
    pub span: Span,
    /// Set when the reference stands inside a footnote definition.
    pub in_definition: bool,
    /// What stands right before the marker, as FRUS's Schematron judges
    /// the node before a TEI `note`.
    pub before: BeforeMarker,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum BeforeMarker {
    /// Words, or the start of a block: as FRUS writes it.
    Fine,
    /// White space alone between the marker and the markup before it
    /// (`**Rusk** [^2]`): the span of that white space.
    LoneSpace(usize, usize),
    /// Another marker with nothing between (`[^1][^2]`).
    Marker,
}

/// A register entry: `[@TLEJ1]: **Thompson, Llewellyn E., Jr.**, …` or
/// `[=SEATO]: Southeast Asia Treaty Organization`.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Entry {
    pub id: Text,
    pub id_span: Span,
    pub span: Span,
    /// The document or division it stands in.
    pub scope: usize,
    /// The sub-heading it stands under: an index into
    /// [`FileFacts::sections`].
    pub section: Option<usize>,
    /// The bold name of a person entry.
    pub name: Option<Text>,
    /// The `**…**` the entry begins with, which the export writes as the
    /// `persName` or `term` of the entry.
    pub bold: Option<EntryName>,
    /// What follows the name (persons) or the expansion (terms).
    pub description: Text,
}

/// The bold name at the start of a register entry.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct EntryName {
    /// From the opening `**` to the closing one.
    pub span: Span,
    /// Its plain text.
    pub text: Text,
    /// How its text ends.
    pub end: TextEnd,
    /// A comma stands right after the closing `**`.
    pub comma_after: bool,
}

/// `[Tommy]{@TLEJ1}` or `[VC]{=VC}`.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Mention {
    pub id: Text,
    pub id_span: Span,
    pub span: Span,
    pub text: Text,
    pub scope: u32,
    /// Its text is white space alone once markup is removed (`[ ]{@RD1}`,
    /// `[[Page 4]]{@RD1}`); a footnote marker inside counts as text, since
    /// the note is written inside the TEI element.
    pub blank: bool,
}

/// How a document is named by a reference.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum DocKey {
    /// `Document 256`: by number.
    Number(Text),
    /// `#d256`: by id.
    Id(Text),
}

impl DocKey {
    pub fn describe(&self) -> String {
        match self {
            DocKey::Number(n) => format!("Document {n}"),
            DocKey::Id(id) => format!("document `{id}`"),
        }
    }
}

/// What a reference points at.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Target {
    Document {
        volume: Option<Text>,
        document: DocKey,
    },
    Footnote {
        volume: Option<Text>,
        /// None: the document the reference stands in.
        document: Option<DocKey>,
        footnote: Text,
    },
    Volume {
        volume: Text,
    },
    /// `[pp. 47](#pg_47)`: a page of the printed volume, by its number.
    Page {
        volume: Option<Text>,
        page: Text,
    },
    /// `Document XX`, `footnote TK`: not yet filled in.
    Placeholder {
        what: Text,
    },
}

/// A natural-language or explicit reference.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Reference {
    pub span: Span,
    /// The TEI `ref` around the pointer: its text ("Document 12") hovers
    /// and leads to the target as the pointer does.
    pub element: Option<Span>,
    pub target: Target,
    pub scope: u32,
    /// `document 196` rather than `Document 196`.
    pub lowercase: bool,
    /// `[text](#d256)` rather than prose.
    pub explicit: bool,
}

/// The `xml:id` the export gives a page break: `pg_730` for `[Page 730]`,
/// `pg_XIV` for a page the volume does not number, `[Page [XIV]]`; None
/// for `[Page []]`, whose id comes from its image (`pg-seq-0049`).
pub fn page_xml_id(label: &str) -> Option<String> {
    let number = page_number_of(label);
    (!number.is_empty()).then(|| format!("pg_{number}"))
}

/// `A1` of `[Page A1]`: a capital letter and digits, as covers and inserts
/// are numbered; the letter and the digits.
pub fn lettered_page(label: &str) -> Option<(char, &str)> {
    let mut chars = label.chars();
    let letter = chars.next().filter(char::is_ascii_uppercase)?;
    let digits = chars.as_str();
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())).then_some((letter, digits))
}

/// The number of a page-break label, its brackets off: `XIV` of `[XIV]`,
/// empty for `[]`.
pub fn page_number_of(label: &str) -> &str {
    label.trim_start_matches('[').trim_end_matches(']')
}

/// The number of a page by its label: arabic, roman or lettered.
pub fn page_number(label: &str) -> PageNumber {
    let digits = page_number_of(label);
    if digits.is_empty() {
        PageNumber::Unreadable
    } else if digits.bytes().all(|b| b.is_ascii_digit()) {
        digits
            .parse()
            .map_or(PageNumber::Unreadable, PageNumber::Arabic)
    } else if let Some((letter, n)) = lettered_page(digits) {
        n.parse()
            .map_or(PageNumber::Unreadable, |n| PageNumber::Lettered(letter, n))
    } else {
        volume_id::roman_value(digits).map_or(PageNumber::Unreadable, PageNumber::Roman)
    }
}

/// `[Page 730]`, `[Page XII]`.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct PageBreak {
    pub label: Text,
    pub number: PageNumber,
    pub span: Span,
    pub scope: usize,
    /// White space just before and just after the break (the start and
    /// end of the file count as white space).
    pub space_before: bool,
    pub space_after: bool,
    /// Where the break is the first or the last thing of the element the
    /// export writes around it, with nothing but white space beside it
    /// (FRUS's Schematron F56, F57): none, one, or both.
    pub edges: Vec<BreakEdge>,
}

/// A page break at the start or the end of its element.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct BreakEdge {
    /// At the start (F56) rather than the end (F57).
    pub at_start: bool,
    /// The element, for messages: `paragraph`, `list item`, `italics`, ….
    #[serde(deserialize_with = "interned::name")]
    pub container: interned::Name,
    /// The replacement that moves the break out to where something stands
    /// beside it, or before or after its paragraph as a paragraph of its
    /// own; None where no such place keeps it in its block (a list item, a
    /// footnote, a heading).
    pub moved: Option<(Span, String)>,
}

/// The closing signature of a document or attachment: the last paragraph
/// of the part, made of one `**…**`, which the export writes as
/// `closer/signed`. FRUS's Schematron looks at the person names in it
/// (frus-signatures.sch, S4 and S7–S10).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Signature {
    /// The `**…**`, or the mention around it.
    pub span: Span,
    /// Its plain text.
    pub text: Text,
    /// The source range of that text when the bold holds text alone: what
    /// a mention would wrap.
    pub bare: Option<Span>,
    /// It holds a person mention outside footnotes.
    pub named: bool,
    pub problems: Vec<SignatureProblem>,
}

/// What stands wrong beside a person mention in a signature.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct SignatureProblem {
    pub kind: SignatureProblemKind,
    /// The text, italics or mention concerned.
    pub span: Span,
    /// Its plain text, for messages.
    pub text: Text,
    /// The id of the mention it stands beside.
    pub id: Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum SignatureProblemKind {
    /// S7: the next thing after the mention is neither punctuation nor
    /// italics.
    TextAfter,
    /// S8: words before the mention.
    TextBefore,
    /// S9: italics after the mention, which FRUS separates by a line
    /// break the markup cannot write.
    ItalicsAfter,
    /// S10: a second mention beside the first.
    SecondName,
}

/// Something in a run of text that FRUS's Schematron flags
/// (frus-characters.sch), other than a straight quotation mark.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct TextMark {
    pub kind: TextMarkKind,
    /// The characters concerned: a quotation mark and its space, a pair of
    /// marks, an `l` beside a digit.
    pub span: Span,
    pub scope: usize,
    /// The word it is part of, for messages.
    pub word: Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum TextMarkKind {
    /// `“ ` or `‘ `: an opening mark before white space.
    OpenQuoteSpace,
    /// ` ”` or ` ’` before a character that is no digit (`’70s` is fine).
    CloseQuoteSpace,
    /// `”“`, `“”` and the like: marks side by side that do not pair.
    QuotePair,
    /// `l` next to a digit (`l965`): most likely an OCR misreading of `1`.
    DigitLetter,
    /// White space before closing punctuation (`word ,`, `Rusk ;`): the
    /// span runs from the white space to the mark.
    SpaceBeforePunctuation,
    /// `“` or `‘` as the last character of a block's text (F61).
    OpenQuoteEndsBlock {
        mark: char,
        #[serde(deserialize_with = "interned::name")]
        block: interned::Name,
    },
    /// `”` or `’` as the first character of a block's text, before a
    /// character that is no digit (F62).
    CloseQuoteStartsBlock {
        mark: char,
        #[serde(deserialize_with = "interned::name")]
        block: interned::Name,
    },
}

/// A straight quotation mark (`"` or `'`) in running text, where FRUS
/// writes curly ones. Marks after a digit (`6'`, `5'2"`: feet and inches)
/// are not recorded.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct StraightQuote {
    pub span: Span,
    pub scope: usize,
    /// The mark itself.
    pub mark: char,
    /// The curly mark that most likely stands for it here.
    pub curly: char,
    /// The run of text it stands in (between markup) also has curly marks.
    pub mixed: bool,
    /// The word it is part of, for messages.
    pub word: Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum PageNumber {
    Arabic(u32),
    Roman(u32),
    /// `A1`: a page numbered apart from the volume's sequences (a cover, an
    /// insert), by its letter and number.
    Lettered(char, u32),
    /// Too large to count.
    Unreadable,
}

/// What a metadata line stands under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum HeadingLevel {
    Document,
    Division,
    Section,
}

/// `Dateline: Washington, December 28, 1965.`
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Metadata {
    pub key: Text,
    pub key_span: Span,
    pub value: Text,
    pub value_span: Span,
    /// The value's source without the white space around it.
    pub value_trimmed: Span,
    /// Where the heading it stands under starts: the lines of one heading
    /// share it.
    pub heading: usize,
    pub scope: usize,
    pub under: HeadingLevel,
}

/// The metadata keys the markup defines. `When` gives a document's date in
/// TEI's `@when` form where the dateline alone does not (a time and its zone);
/// `Datetype` and `Dating` what kind of date it is and how it was found
/// (TEI `date/@type`, `date/@ana`).
pub const KNOWN_METADATA_KEYS: &[&str] = &[
    "Dateline",
    "Volume",
    "Editors",
    "Id",
    "When",
    "Status",
    "Source",
    "Datelines",
    "Headings",
    "Images",
    "Opener",
    "Openers",
    "Signatures",
    "Calendar",
    "Datetype",
    "Dating",
    "Range",
    "Ranges",
    "Subtypes",
    "Entries",
];

/// The `Status:` of a volume whose id is not published yet.
pub const IN_PREPARATION: &str = "in preparation";
