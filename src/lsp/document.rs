//! An open document: the editor's text as a rope, and its syntax tree,
//! edited and re-parsed incrementally.

use super::convert::{rope_offset, rope_point};
use crate::line_index::ColumnUnit;
use ropey::Rope;
use tower_lsp_server::ls_types::TextDocumentContentChangeEvent;
use tree_sitter::{InputEdit, Parser, Tree};

pub struct OpenDoc {
    pub version: i32,
    pub rope: Rope,
    pub tree: Tree,
}

impl OpenDoc {
    pub fn new(parser: &mut Parser, version: i32, text: &str) -> Self {
        OpenDoc {
            version,
            rope: Rope::from_str(text),
            tree: crate::syntax::parse_with(parser, text, None),
        }
    }

    /// Applies the changes of one `didChange`, in order, then re-parses
    /// once, reusing the edited old tree.
    pub fn apply(
        &mut self,
        parser: &mut Parser,
        version: i32,
        changes: &[TextDocumentContentChangeEvent],
        unit: ColumnUnit,
    ) {
        let mut full_text = false;
        for change in changes {
            match change.range {
                None => {
                    self.rope = Rope::from_str(&change.text);
                    full_text = true;
                }
                Some(range) => {
                    let start = rope_offset(&self.rope, range.start, unit);
                    let end = rope_offset(&self.rope, range.end, unit).max(start);
                    let start_position = rope_point(&self.rope, start);
                    let old_end_position = rope_point(&self.rope, end);
                    let start_char = self.rope.byte_to_char(start);
                    let end_char = self.rope.byte_to_char(end);
                    self.rope.remove(start_char..end_char);
                    self.rope.insert(start_char, &change.text);
                    let new_end = start + change.text.len();
                    if !full_text {
                        self.tree.edit(&InputEdit {
                            start_byte: start,
                            old_end_byte: end,
                            new_end_byte: new_end,
                            start_position,
                            old_end_position,
                            new_end_position: rope_point(&self.rope, new_end),
                        });
                    }
                }
            }
        }
        self.version = version;
        let rope = &self.rope;
        let old = (!full_text).then_some(&self.tree);
        let parsed = parser.parse_with_options(
            &mut |byte, _| {
                if byte >= rope.len_bytes() {
                    return "";
                }
                let (chunk, start, _, _) = rope.chunk_at_byte(byte);
                &chunk[byte - start..]
            },
            old,
            None,
        );
        self.tree = parsed.unwrap_or_else(|| crate::syntax::parse_with(parser, &self.text(), None));
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
    fn incremental_edits_give_the_tree_of_a_fresh_parse() {
        let mut parser = crate::syntax::parser();
        let start = "# 1. Memo[^1]\n\n“Tommy” said see Document 5.\n\n[^1]: Source: X. Secret.\n";
        let mut doc = OpenDoc::new(&mut parser, 1, start);
        doc.apply(
            &mut parser,
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
        let fresh = crate::syntax::parse(&text);
        assert_eq!(doc.tree.root_node().to_sexp(), fresh.root_node().to_sexp());
        assert_eq!(doc.version, 2);
    }
}
