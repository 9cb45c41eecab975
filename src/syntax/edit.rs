//! Edits of a text and its syntax tree: the tree is told what changed, so
//! that a parse of the new text reuses what the edit left alone.

use std::ops::Range;
use tree_sitter::{InputEdit, Point, Tree};

/// `range` (bytes of the text before the edit) replaced by `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextEdit {
    pub range: Range<usize>,
    pub text: String,
}

/// Applies edits in order to a text and its tree, then parses the new text
/// once, reusing the edited tree. A range outside the text, or not on
/// character boundaries, is moved to the nearest boundary inside it.
pub fn apply(text: &mut String, tree: &mut Tree, edits: &[TextEdit]) {
    edit_tree(text, Some(&mut *tree), edits);
    *tree = super::parse_with_old(text, tree);
}

/// Applies edits in order to a text alone, with the same care for ranges
/// as [`apply`]. Returns the edits as applied.
pub fn apply_text(text: &mut String, edits: &[TextEdit]) -> Vec<TextEdit> {
    edit_tree(text, None, edits)
}

fn edit_tree(text: &mut String, mut tree: Option<&mut Tree>, edits: &[TextEdit]) -> Vec<TextEdit> {
    let mut applied = Vec::with_capacity(edits.len());
    for edit in edits {
        let start = floor_boundary(text, edit.range.start.min(text.len()));
        let end = floor_boundary(text, edit.range.end.clamp(start, text.len())).max(start);
        match tree.as_deref_mut() {
            Some(tree) => {
                let start_position = point_at(text, start);
                let old_end_position = point_at(text, end);
                text.replace_range(start..end, &edit.text);
                let new_end = start + edit.text.len();
                tree.edit(&InputEdit {
                    start_byte: start,
                    old_end_byte: end,
                    new_end_byte: new_end,
                    start_position,
                    old_end_position,
                    new_end_position: point_at(text, new_end),
                });
            }
            None => text.replace_range(start..end, &edit.text),
        }
        applied.push(TextEdit {
            range: start..end,
            text: edit.text.clone(),
        });
    }
    applied
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Row and byte column of an offset.
pub fn point_at(text: &str, offset: usize) -> Point {
    let before = &text.as_bytes()[..offset];
    let row = before.iter().filter(|b| **b == b'\n').count();
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |p| p + 1);
    Point {
        row,
        column: offset - line_start,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_give_the_tree_of_a_fresh_parse() {
        let mut text =
            "# 1. Memo[^1]\n\n“Tommy” said see Document 5.\n\n[^1]: Source: X. Secret.\n"
                .to_string();
        let mut tree = crate::syntax::parse(&text);
        let at = text.find("5.").expect("5");
        let quote = text.find('“').expect("quote");
        let source = text.find("Source").expect("source");
        apply(
            &mut text,
            &mut tree,
            &[
                TextEdit {
                    range: at..at + 1,
                    text: "256".into(),
                },
                TextEdit {
                    range: quote..quote,
                    text: "[Tommy]{@TLEJ1} ".into(),
                },
                TextEdit {
                    // Offsets of the text as the edits before left it.
                    range: source + 2 + 16..source + 2 + 16,
                    text: "Source: ".into(),
                },
            ],
        );
        assert_eq!(
            text,
            "# 1. Memo[^1]\n\n[Tommy]{@TLEJ1} “Tommy” said see Document 256.\n\n[^1]: Source: Source: X. Secret.\n"
        );
        let fresh = crate::syntax::parse(&text);
        assert_eq!(tree.root_node().to_sexp(), fresh.root_node().to_sexp());
    }

    #[test]
    fn ranges_past_the_end_or_inside_a_character_are_clamped() {
        let mut text = "é".to_string();
        let mut tree = crate::syntax::parse(&text);
        apply(
            &mut text,
            &mut tree,
            &[TextEdit {
                range: 1..99,
                text: "x".into(),
            }],
        );
        assert_eq!(text, "x");
    }
}
