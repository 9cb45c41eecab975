//! An open document: the editor's text as a rope, which turns the
//! protocol's positions of each change into byte edits for the analysis
//! database (which keeps the syntax tree and re-parses).

use super::convert::rope_offset;
use crate::line_index::ColumnUnit;
use crate::syntax::edit::TextEdit;
use ropey::Rope;
use tower_lsp_server::ls_types::TextDocumentContentChangeEvent;

pub struct OpenDoc {
    pub version: i32,
    pub rope: Rope,
}

impl OpenDoc {
    pub fn new(version: i32, text: &str) -> Self {
        OpenDoc {
            version,
            rope: Rope::from_str(text),
        }
    }

    /// Applies the changes of one `didChange`, in order; returns them as
    /// byte edits, each in the text the edits before it left.
    pub fn apply(
        &mut self,
        version: i32,
        changes: &[TextDocumentContentChangeEvent],
        unit: ColumnUnit,
    ) -> Vec<TextEdit> {
        let mut edits = Vec::with_capacity(changes.len());
        for change in changes {
            let (start, end) = match change.range {
                None => (0, self.rope.len_bytes()),
                Some(range) => {
                    let start = rope_offset(&self.rope, range.start, unit);
                    (start, rope_offset(&self.rope, range.end, unit).max(start))
                }
            };
            let start_char = self.rope.byte_to_char(start);
            let end_char = self.rope.byte_to_char(end);
            self.rope.remove(start_char..end_char);
            self.rope.insert(start_char, &change.text);
            edits.push(TextEdit {
                range: start..end,
                text: change.text.clone(),
            });
        }
        self.version = version;
        edits
    }

    pub fn text(&self) -> String {
        self.rope.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::{Position, Range};

    fn change(l1: u32, c1: u32, l2: u32, c2: u32, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(l1, c1), Position::new(l2, c2))),
            range_length: None,
            text: text.to_string(),
        }
    }

    #[test]
    fn changes_become_byte_edits_of_the_text_before_each() {
        let start = "# 1. Memo[^1]\n\n“Tommy” said see Document 5.\n\n[^1]: Source: X. Secret.\n";
        let mut doc = OpenDoc::new(1, start);
        let edits = doc.apply(
            2,
            &[
                change(2, 26, 2, 27, "256"),
                change(2, 0, 2, 0, "[Tommy]{@TLEJ1} "),
                change(4, 6, 4, 6, "Source: "),
            ],
            ColumnUnit::Utf16,
        );
        let text = doc.text();
        assert_eq!(
            text,
            "# 1. Memo[^1]\n\n[Tommy]{@TLEJ1} “Tommy” said see Document 256.\n\n[^1]: Source: Source: X. Secret.\n"
        );
        // The edits give the same text, and the tree of a fresh parse.
        let mut edited = start.to_string();
        let mut tree = crate::syntax::parse(&edited);
        crate::syntax::edit::apply(&mut edited, &mut tree, &edits);
        assert_eq!(edited, text);
        let fresh = crate::syntax::parse(&text);
        assert_eq!(tree.root_node().to_sexp(), fresh.root_node().to_sexp());
        assert_eq!(doc.version, 2);
    }
}
