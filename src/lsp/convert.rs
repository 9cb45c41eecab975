//! Positions between the protocol and the index: LSP `Position`s (UTF-16
//! or UTF-8 columns) ⇄ byte offsets, for snapshot files and for the ropes
//! of open documents. Nothing else in the server counts columns.

use crate::facts::Span;
use crate::index::SourceFile;
use crate::line_index::{ColumnUnit, LineCol};
use ropey::Rope;
use tower_lsp_server::ls_types::{Position, Range};

/// The byte offset of an LSP position in a file of the index. Positions
/// past the end of a line or of the file clamp to it.
pub fn offset(file: &SourceFile, pos: Position, unit: ColumnUnit) -> usize {
    file.lines.offset(
        &file.text,
        LineCol {
            line: pos.line,
            col: pos.character,
        },
        unit,
    )
}

pub fn position(file: &SourceFile, offset: usize, unit: ColumnUnit) -> Position {
    let p = file.lines.position(&file.text, offset, unit);
    Position::new(p.line, p.col)
}

pub fn range(file: &SourceFile, span: &Span, unit: ColumnUnit) -> Range {
    Range::new(
        position(file, span.start, unit),
        position(file, span.end, unit),
    )
}

fn units(c: char, unit: ColumnUnit) -> usize {
    match unit {
        ColumnUnit::Chars => 1,
        ColumnUnit::Utf16 => c.len_utf16(),
        ColumnUnit::Utf8 => c.len_utf8(),
    }
}

/// The byte offset of an LSP position in a rope (an open document being
/// edited). Clamps like [`offset`].
pub fn rope_offset(rope: &Rope, pos: Position, unit: ColumnUnit) -> usize {
    let line = pos.line as usize;
    if line >= rope.len_lines() {
        return rope.len_bytes();
    }
    let start = rope.line_to_byte(line);
    let mut byte = start;
    let mut counted = 0usize;
    for c in rope.line(line).chars() {
        if counted >= pos.character as usize || c == '\n' || c == '\r' {
            break;
        }
        counted += units(c, unit);
        byte += c.len_utf8();
    }
    byte
}

/// Row and byte column of a byte offset in a rope, as tree-sitter counts.
pub fn rope_point(rope: &Rope, byte: usize) -> tree_sitter::Point {
    let byte = byte.min(rope.len_bytes());
    let row = rope.byte_to_line(byte);
    tree_sitter::Point::new(row, byte - rope.line_to_byte(row))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rope_offsets_count_utf16_and_clamp() {
        let rope = Rope::from_str("a𝄞b\r\nsecond\rthird");
        assert_eq!(
            rope_offset(&rope, Position::new(0, 3), ColumnUnit::Utf16),
            5
        );
        assert_eq!(
            rope_offset(&rope, Position::new(0, 2), ColumnUnit::Chars),
            5
        );
        assert_eq!(
            rope_offset(&rope, Position::new(0, 99), ColumnUnit::Utf16),
            6
        );
        assert_eq!(
            rope_offset(&rope, Position::new(2, 1), ColumnUnit::Utf16),
            16
        );
        assert_eq!(
            rope_offset(&rope, Position::new(9, 0), ColumnUnit::Utf16),
            rope.len_bytes()
        );
        let p = rope_point(&rope, 16);
        assert_eq!((p.row, p.column), (2, 1));
    }
}
