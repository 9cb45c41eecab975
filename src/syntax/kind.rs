//! Node kinds of the grammar, mapped once from the language's symbol table.

use std::sync::OnceLock;

/// The node kinds that the rest of the program looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    SourceFile,
    Document,
    Division,
    Section,
    DocumentHeading,
    DivisionHeading,
    Subheading,
    DocumentNumber,
    Title,
    Metadata,
    MetadataKey,
    MetadataValue,
    Paragraph,
    Table,
    TableRow,
    Cell,
    List,
    ListItem,
    Label,
    Body,
    BlockQuote,
    FootnoteDefinition,
    PersonEntry,
    TermEntry,
    FootnoteLabel,
    EntryId,
    Text,
    Escape,
    LineBreak,
    FootnoteReference,
    PageBreak,
    PersonMention,
    TermMention,
    ExplicitReference,
    Editorial,
    Content,
    MentionText,
    MentionId,
    MentionRole,
    Target,
    Emphasis,
    Strong,
    Styled,
    StyleName,
    BlockStyle,
    DocumentPhrase,
    DocumentsPhrase,
    FootnotePhrase,
    VolumePhrase,
    VolumeCitation,
    Subtitle,
    Keyword,
    Number,
    Placeholder,
    Range,
    Error,
    /// Punctuation and other anonymous tokens.
    Other,
}

const NAMES: &[(&str, Kind)] = &[
    ("source_file", Kind::SourceFile),
    ("document", Kind::Document),
    ("division", Kind::Division),
    ("section", Kind::Section),
    ("document_heading", Kind::DocumentHeading),
    ("division_heading", Kind::DivisionHeading),
    ("subheading", Kind::Subheading),
    ("document_number", Kind::DocumentNumber),
    ("title", Kind::Title),
    ("metadata", Kind::Metadata),
    ("metadata_key", Kind::MetadataKey),
    ("metadata_value", Kind::MetadataValue),
    ("paragraph", Kind::Paragraph),
    ("table", Kind::Table),
    ("table_row", Kind::TableRow),
    ("cell", Kind::Cell),
    ("list", Kind::List),
    ("list_item", Kind::ListItem),
    ("label", Kind::Label),
    ("body", Kind::Body),
    ("block_quote", Kind::BlockQuote),
    ("footnote_definition", Kind::FootnoteDefinition),
    ("person_entry", Kind::PersonEntry),
    ("term_entry", Kind::TermEntry),
    ("footnote_label", Kind::FootnoteLabel),
    ("entry_id", Kind::EntryId),
    ("text", Kind::Text),
    ("escape", Kind::Escape),
    ("line_break", Kind::LineBreak),
    ("footnote_reference", Kind::FootnoteReference),
    ("page_break", Kind::PageBreak),
    ("person_mention", Kind::PersonMention),
    ("term_mention", Kind::TermMention),
    ("explicit_reference", Kind::ExplicitReference),
    ("editorial", Kind::Editorial),
    ("content", Kind::Content),
    ("mention_text", Kind::MentionText),
    ("mention_id", Kind::MentionId),
    ("mention_role", Kind::MentionRole),
    ("target", Kind::Target),
    ("emphasis", Kind::Emphasis),
    ("strong", Kind::Strong),
    ("styled", Kind::Styled),
    ("style_name", Kind::StyleName),
    ("block_style", Kind::BlockStyle),
    ("document_phrase", Kind::DocumentPhrase),
    ("documents_phrase", Kind::DocumentsPhrase),
    ("footnote_phrase", Kind::FootnotePhrase),
    ("volume_phrase", Kind::VolumePhrase),
    ("volume_citation", Kind::VolumeCitation),
    ("subtitle", Kind::Subtitle),
    ("keyword", Kind::Keyword),
    ("number", Kind::Number),
    ("placeholder", Kind::Placeholder),
    ("range", Kind::Range),
];

fn table() -> &'static [Kind] {
    static TABLE: OnceLock<Vec<Kind>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let language = super::language();
        (0..language.node_kind_count())
            .map(|id| {
                let Ok(id) = u16::try_from(id) else {
                    return Kind::Other;
                };
                if !language.node_kind_is_named(id) {
                    return Kind::Other;
                }
                let name = language.node_kind_for_id(id).unwrap_or("");
                NAMES
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, k)| *k)
                    .unwrap_or(Kind::Other)
            })
            .collect()
    })
}

/// The fields of the grammar's nodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Document,
    Footnote,
    Id,
    Key,
    Label,
    Number,
    Role,
    Style,
    Target,
    Text,
    Title,
    Value,
}

const FIELDS: &[(&str, Field)] = &[
    ("document", Field::Document),
    ("footnote", Field::Footnote),
    ("id", Field::Id),
    ("key", Field::Key),
    ("label", Field::Label),
    ("number", Field::Number),
    ("role", Field::Role),
    ("style", Field::Style),
    ("target", Field::Target),
    ("text", Field::Text),
    ("title", Field::Title),
    ("value", Field::Value),
];

/// The field ids, in the order of [`Field`]: looking a field up by its name
/// compares it with every field name of the grammar, on every call.
pub(super) fn field_id(field: Field) -> Option<std::num::NonZeroU16> {
    static IDS: OnceLock<Vec<Option<std::num::NonZeroU16>>> = OnceLock::new();
    let ids = IDS.get_or_init(|| {
        let language = super::language();
        FIELDS
            .iter()
            .map(|(name, _)| language.field_id_for_name(name))
            .collect()
    });
    let index = FIELDS.iter().position(|(_, f)| *f == field)?;
    ids.get(index).copied().flatten()
}

/// The grammar's name of a symbol.
pub(super) fn name_of_id(id: u16) -> &'static str {
    static NAMES_BY_ID: OnceLock<Vec<String>> = OnceLock::new();
    let names = NAMES_BY_ID.get_or_init(|| {
        let language = super::language();
        (0..language.node_kind_count())
            .map(|id| {
                u16::try_from(id)
                    .ok()
                    .and_then(|id| language.node_kind_for_id(id))
                    .unwrap_or("")
                    .to_string()
            })
            .collect()
    });
    names.get(usize::from(id)).map_or("", String::as_str)
}

pub(super) fn of_id(id: u16) -> Kind {
    table().get(usize::from(id)).copied().unwrap_or(Kind::Other)
}

/// Names a token the parser inserted as missing, for a message.
pub(super) fn describe_missing(kind: &str) -> String {
    match kind {
        "]" => "closing `]`".to_string(),
        "*" | "**" => format!("closing `{kind}`"),
        "}" => "closing `}`".to_string(),
        ")" => "closing `)`".to_string(),
        "footnote_label" | "entry_id" | "mention_id" => "an id".to_string(),
        other => format!("`{other}`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_name_exists_in_the_grammar() {
        for (name, field) in FIELDS {
            assert!(
                field_id(*field).is_some(),
                "field {name} is not in the grammar"
            );
        }
    }

    #[test]
    fn every_kind_name_exists_in_the_grammar() {
        let language = crate::syntax::language();
        for (name, _) in NAMES {
            assert_ne!(
                language.id_for_node_kind(name, true),
                0,
                "node kind {name} is not in the grammar"
            );
        }
    }
}
