//! Every diagnostic code, its default severity and its documentation.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Hint => "hint",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A severity a user may set for a code, including switching it off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

impl FromStr for Level {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s.to_ascii_lowercase().as_str() {
            "error" => Level::On(Severity::Error),
            "warning" | "warn" => Level::On(Severity::Warning),
            "info" | "information" => Level::On(Severity::Info),
            "hint" => Level::On(Severity::Hint),
            "off" | "allow" | "none" => Level::Off,
            other => {
                return Err(format!(
                    "unknown level `{other}`: use error, warning, info, hint or off"
                ))
            }
        })
    }
}

macro_rules! codes {
    ($( $variant:ident = $name:literal, $sev:ident, $doc:literal; )*) => {
        /// A diagnostic code of `rules.md`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        pub enum Code { $( $variant, )* }

        impl Code {
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            pub fn name(self) -> &'static str {
                match self { $( Code::$variant => $name, )* }
            }

            pub fn default_severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$sev, )* }
            }

            /// What the rule finds, in one sentence.
            pub fn doc(self) -> &'static str {
                match self { $( Code::$variant => $doc, )* }
            }
        }
    };
}

codes! {
    Syntax = "syntax", Error, "Text the grammar cannot parse: unbalanced brackets, a malformed footnote label, a mention without an id. One diagnostic per error region.";
    FootnoteUndefined = "footnote-undefined", Error, "A footnote reference `[^n]` with no definition `[^n]:` in the same document.";
    FootnoteUnused = "footnote-unused", Warning, "A footnote definition that nothing in its document refers to.";
    FootnoteDuplicate = "footnote-duplicate", Error, "Two definitions of the same footnote label in one document.";
    FootnoteSequence = "footnote-sequence", Warning, "Footnote numbers of a document that are not 1, 2, 3, … in the order of their first reference.";
    FootnoteNested = "footnote-nested", Error, "A footnote reference inside a footnote definition.";
    RefUnknownDocument = "ref-unknown-document", Error, "`Document N` (or `#dN`) where the volume has no document N.";
    RefUnknownPage = "ref-unknown-page", Error, "A reference to a page (`#pg_47`) that no page break of the volume starts.";
    RefUnknownFootnote = "ref-unknown-footnote", Error, "`footnote M, Document N` where document N has no footnote M, or `footnote M` where the current document has none.";
    RefUnknownVolume = "ref-unknown-volume", Warning, "A cross-volume reference to a volume that is neither in the workspace nor a published FRUS volume.";
    RefOutsideWorkspace = "ref-outside-workspace", Hint, "A cross-volume reference to a published volume that is not in the workspace; it cannot be checked further.";
    RefPlaceholder = "ref-placeholder", Error, "An unfinished reference: `Document XX`, `Document TK`, `Document TBD`, `footnote X`.";
    RefLowercase = "ref-lowercase", Hint, "`document 196` where the house style is `Document 196`.";
    PersonUnknown = "person-unknown", Error, "A person mention `{@ID}` whose id the volume's register does not have.";
    PersonDuplicate = "person-duplicate", Error, "Two person entries with the same id in a volume.";
    PersonUnused = "person-unused", Hint, "A person entry that nothing in the volume mentions.";
    PersonNoName = "person-no-name", Error, "A person entry without its `**name**`.";
    TermUnknown = "term-unknown", Error, "A term mention `{=T}` whose label the volume's register does not have.";
    TermDuplicate = "term-duplicate", Error, "Two term entries with the same label in a volume.";
    TermUnused = "term-unused", Hint, "A term entry that nothing in the volume mentions.";
    DocumentDuplicate = "document-duplicate", Error, "Two documents with the same number in a volume.";
    DocumentGap = "document-gap", Warning, "Document numbers of a volume that are not consecutive (`12a` insertions excepted), reported at the heading after the gap.";
    DocumentNoSource = "document-no-source", Warning, "A document without a source note (documents titled \"Editorial Note\" excepted).";
    DocumentChronology = "document-chronology", Hint, "A document dated earlier than the document numbered before it.";
    DatelineNoDate = "dateline-no-date", Warning, "A `Dateline:` in which no date can be read.";
    SourceLabel = "source-label", Error, "A source note whose label is malformed: `Source: Source:`, `Source:X` without a space.";
    SourceNotFirst = "source-not-first", Warning, "A document's source note that is not its footnote 1, or a second source note.";
    SourceUnknownArchive = "source-unknown-archive", Warning, "A component of an archival citation that matches no known repository or collection but is close to one.";
    SourceClassification = "source-classification", Warning, "A classification that is not a marking (`Declassified`, `No classification`).";
    PageOrder = "page-order", Warning, "Page breaks of a volume that do not increase, or repeat.";
    MetaUnknownKey = "meta-unknown-key", Warning, "An unknown metadata key after a heading.";
    VolumeNoId = "volume-no-id", Error, "A `volume.emd` without a `Volume:` line, or a volume id not of the FRUS form.";
    VolumeDuplicateId = "volume-duplicate-id", Error, "Two volumes of the workspace (folders or TEI files) with the same id.";
    VolumeUnknownId = "volume-unknown-id", Error, "A volume id that is not a published FRUS volume, in a volume not marked `Status: in preparation`.";
    QuoteStraight = "quote-straight", Warning, "A straight quotation mark (`\"` or `'`) in text, where FRUS writes curly ones.";
    QuoteMixed = "quote-mixed", Warning, "Straight and curly quotation marks in one run of text.";
    PageBreakSpace = "page-break-space", Warning, "White space on one side only of a page break.";
    QuoteOrientation = "quote-orientation", Warning, "A curly quotation mark facing the wrong way: an opening mark before a space, a closing one after a space, or two side by side that do not pair.";
    OcrDigitLetter = "ocr-digit-letter", Warning, "A lower-case `l` next to a digit (`l965`), most likely an OCR misreading of `1`.";
    FootnoteSpace = "footnote-space", Error, "White space alone between a footnote marker and the markup before it, or none between two markers.";
    PunctuationSpace = "punctuation-space", Warning, "White space before closing punctuation (`word ,`, `Rusk ;`).";
    RegisterNameComma = "register-name-comma", Error, "A register entry whose bold name ends with a comma (`**Rusk, Dean,**`): the comma belongs after the `**`.";
    RegisterDivision = "register-division", Error, "Person or term entries in a division the export does not write as `persons` or `terms`.";
    ChapterNoDocument = "chapter-no-document", Warning, "A chapter (a chapter folder, or a second division in one) that holds no document.";
    DocumentOutsideChapter = "document-outside-chapter", Warning, "A document outside the chapter folders that the export writes next to a chapter.";
    DocumentNumberSuffix = "document-number-suffix", Warning, "A document number with a letter (`12a`), where FRUS numbers documents with integers.";
    AttachmentEditorialNote = "attachment-editorial-note", Error, "A sub-heading `## Editorial Note` in a document: an editorial note is a document of its own.";
    HeadingEmpty = "heading-empty", Error, "A heading without a title, or a chapter folder without a heading.";
    IdDuplicate = "id-duplicate", Error, "Two things the export gives the same `xml:id` that no other code reports.";
    SignedName = "signed-name", Warning, "A closing signature without a person mention, or with words before the name, text or italics after it, or a second name.";
    DateFormat = "date-format", Error, "A `When:` value that is not `YYYY`, `YYYY-MM`, an xs:date or an xs:dateTime, or that ends in a military time-zone letter (`Z`).";
    DatelineUndated = "dateline-undated", Error, "A `Dateline:` that says `undated`, `not dated` or `not declassified` and gives no date (no `When:` line, no readable date).";
    PageBreakPosition = "page-break-position", Error, "A page break at the very start or end of a paragraph, list item, footnote, heading, emphasis or mention.";
    MentionEmpty = "mention-empty", Error, "A person or term mention whose text is blank (`[ ]{@RD1}`).";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Code {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.name() == s)
            .ok_or_else(|| {
                let close = crate::suggest::closest(s, Code::ALL.iter().map(|c| c.name()), 1);
                match close.first() {
                    Some(c) => format!("unknown diagnostic code `{s}`; did you mean `{c}`?"),
                    None => format!("unknown diagnostic code `{s}`"),
                }
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_of_rules_md_is_known() {
        let rules = include_str!("../../docs/rules.md");
        for code in Code::ALL {
            assert!(
                rules.contains(&format!("`{}`", code.name())),
                "{code} not documented"
            );
        }
        assert_eq!(Code::ALL.len(), 54);
        assert_eq!("footnote-unused".parse::<Code>(), Ok(Code::FootnoteUnused));
        assert!("footnote-unusd"
            .parse::<Code>()
            .unwrap_err()
            .contains("footnote-unused"));
    }
}
