//! How a finding writes the constructs it names and proposes, in the
//! syntax of the file it stands in: `[^3]` and `[Page 12]` in the markup,
//! `<note n="3">` and `<pb n="12"/>` in TEI. A message that asks for
//! markup in an XML file would send its reader the wrong way.

use crate::index::{SourceFile, SourceKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wording(SourceKind);

impl Default for Wording {
    fn default() -> Self {
        Wording(SourceKind::Markup)
    }
}

impl Wording {
    pub fn of(file: &SourceFile) -> Wording {
        Wording(file.kind)
    }

    /// Whether the file is TEI, for advice no other method words.
    pub fn is_tei(self) -> bool {
        self.0 == SourceKind::Tei
    }

    /// A footnote marker: `[^3]`, `<note n="3">`.
    pub fn marker(self, label: &str) -> String {
        if self.is_tei() {
            format!("<note n=\"{label}\">")
        } else {
            format!("[^{label}]")
        }
    }

    /// A page break: `[Page 12]`, `<pb n="12"/>`.
    pub fn page(self, label: &str) -> String {
        if self.is_tei() {
            format!("<pb n=\"{label}\"/>")
        } else {
            format!("[Page {label}]")
        }
    }

    /// What opens and what closes a mention around its text: `[`, `]{@RD1}`
    /// or `<persName corresp="#RD1">`, `</persName>`; terms likewise.
    pub fn mention_tags(self, id: &str, person: bool) -> (String, String) {
        match (self.is_tei(), person) {
            (true, true) => (
                format!("<persName corresp=\"#{id}\">"),
                "</persName>".to_string(),
            ),
            (true, false) => (format!("<gloss target=\"#{id}\">"), "</gloss>".to_string()),
            (false, true) => ("[".to_string(), format!("]{{@{id}}}")),
            (false, false) => ("[".to_string(), format!("]{{={id}}}")),
        }
    }

    /// A mention of `id` around `text`.
    pub fn mention(self, text: &str, id: &str, person: bool) -> String {
        let (open, close) = self.mention_tags(id, person);
        format!("{open}{text}{close}")
    }

    /// How a document gets its source note.
    pub fn add_source_note(self) -> &'static str {
        if self.is_tei() {
            "add `<note type=\"source\">Source: …</note>` to its head"
        } else {
            "add `[^1]: Source: …` and refer to it from the heading"
        }
    }

    /// Where a division's title is written.
    pub fn title_hint(self) -> &'static str {
        if self.is_tei() {
            "write its title in its `<head>`"
        } else {
            "write its title after `# `"
        }
    }

    /// How a person entry gets its name.
    pub fn name_entry(self, id: &str) -> String {
        if self.is_tei() {
            format!("write the name in its `<persName xml:id=\"{id}\">`, `Surname, Given`")
        } else {
            format!("begin it with the name in bold, `[@{id}]: **Surname, Given**, …`")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_writes_its_own_syntax() {
        let (markup, tei) = (Wording(SourceKind::Markup), Wording(SourceKind::Tei));
        assert_eq!(markup.marker("3"), "[^3]");
        assert_eq!(tei.marker("3"), "<note n=\"3\">");
        assert_eq!(markup.page("XII"), "[Page XII]");
        assert_eq!(tei.page("XII"), "<pb n=\"XII\"/>");
        assert_eq!(markup.mention("Rusk", "RD1", true), "[Rusk]{@RD1}");
        assert_eq!(
            tei.mention("Rusk", "p_RD1", true),
            "<persName corresp=\"#p_RD1\">Rusk</persName>"
        );
        assert_eq!(
            tei.mention("VC", "t_VC1", false),
            "<gloss target=\"#t_VC1\">VC</gloss>"
        );
    }
}
