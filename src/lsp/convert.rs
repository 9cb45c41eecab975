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
        &file.load_text().unwrap_or_default(),
        LineCol {
            line: pos.line,
            col: pos.character,
        },
        unit,
    )
}

pub fn range(file: &SourceFile, span: &Span, unit: ColumnUnit) -> Range {
    ranges(file, std::iter::once(span), unit)
        .pop()
        .unwrap_or_default()
}

/// The ranges of many spans of one file, its text read once (from disk,
/// for a file not open in the editor).
pub fn ranges<'s>(
    file: &SourceFile,
    spans: impl IntoIterator<Item = &'s Span>,
    unit: ColumnUnit,
) -> Vec<Range> {
    let text = file.load_text().unwrap_or_default();
    spans
        .into_iter()
        .map(|span| {
            Range::new(
                position_in(file, &text, span.start, unit),
                position_in(file, &text, span.end, unit),
            )
        })
        .collect()
}

/// The position of an offset in a file whose text the caller holds.
pub fn position_in(file: &SourceFile, text: &str, offset: usize, unit: ColumnUnit) -> Position {
    let p = file.lines.position(text, offset, unit);
    Position::new(p.line, p.col)
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

/// A completion's edit made to fit LSP's rule that a completion's range is
/// one line holding the cursor. A proposal for a citation component that
/// began on the line above (a wrapped source note) would replace from
/// there; instead the part of the range on other lines is kept, and the
/// words it holds are taken off the new text. None when the words kept
/// before the cursor's line are not where the new text has them: the
/// proposal is then not offered rather than offered wrong.
pub fn one_line_edit(
    file: &SourceFile,
    span: &Span,
    cursor: usize,
    new_text: &str,
) -> Option<(Span, String)> {
    let source = file.load_text()?;
    let line = file.lines.line_of(cursor);
    let line_start = file.lines.line_start(line).unwrap_or(0);
    let line_end = line_start + file.lines.line_text(&source, line).len();
    // From the first word of the cursor's line, so that its indentation
    // stays.
    let indent = source
        .get(line_start..cursor)
        .map_or(0, |t| t.len() - t.trim_start().len());
    let start = if span.start < line_start {
        line_start + indent
    } else {
        span.start.min(cursor)
    };
    let end = span.end.clamp(cursor, line_end);
    let mut text = new_text;
    if start > span.start {
        let kept = source.get(span.start..start)?;
        text = strip_words(text, kept, true)?;
    }
    if end < span.end {
        // The rest of the component on the lines below stays; where the
        // proposal ends with its words, they are not written twice.
        let kept = source.get(end..span.end)?;
        text = strip_words(text, kept, false).unwrap_or(text);
    }
    Some((start..end, text.to_string()))
}

/// `text` without the words of `kept` at its start (or end), white space
/// compared loosely: `Manuscript\n    ` kept leaves `Division` of
/// `Manuscript Division`.
fn strip_words<'a>(text: &'a str, kept: &str, at_start: bool) -> Option<&'a str> {
    let words: Vec<&str> = kept.split_whitespace().collect();
    if at_start {
        let mut rest = text.trim_start();
        for w in words {
            rest = rest.strip_prefix(w)?.trim_start();
        }
        // The kept part ended in white space (a line break): so does the
        // text before the new one.
        Some(rest)
    } else {
        let mut rest = text.trim_end();
        for w in words.iter().rev() {
            rest = rest.strip_suffix(w)?.trim_end();
        }
        Some(rest)
    }
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
    }

    fn file(text: &str) -> SourceFile {
        let mut ws = crate::index::Workspace::from_texts(vec![(
            std::path::PathBuf::from("v/d1.emd"),
            text.to_string(),
        )]);
        let f = ws.files.remove(0);
        (*f).clone()
    }

    #[test]
    fn completion_edits_stay_on_the_cursor_line() {
        let text = "[^1]: Source: Library of Congress, Manuscript\n    Divi Papers.\n";
        let f = file(text);
        let start = text.find("Manuscript").expect("start");
        let cursor = text.find("Divi").expect("divi") + 4;
        // The component's range began on the line above.
        let (span, new) =
            one_line_edit(&f, &(start..cursor), cursor, " Manuscript Division").expect("aligned");
        assert_eq!(&text[span.clone()], "Divi");
        assert_eq!(new, "Division");
        let (line, at) = (f.lines.line_of(span.start), f.lines.line_of(span.end));
        assert_eq!((line, at), (1, 1));
        // Words that are not where the proposal has them: not offered.
        assert_eq!(
            one_line_edit(&f, &(start..cursor), cursor, "Presidential Division"),
            None
        );
        // A range on one line is left as it is.
        let one = text.find("Library").expect("lib");
        let (span, new) =
            one_line_edit(&f, &(one..one + 3), one + 3, "Library of Congress").expect("same");
        assert_eq!((span, new.as_str()), (one..one + 3, "Library of Congress"));
    }
}
