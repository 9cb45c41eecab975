//! Byte offsets ⇄ line and column for the texts of the index, in every
//! column unit. The language server counts on its open documents' ropes in
//! `lsp::convert`, and nowhere else.

/// Line starts of a text, for converting byte offsets to positions.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct LineIndex {
    /// 32 bits: a workspace holds a line start per 60 bytes or so of text,
    /// and no markup file nears 4 GiB (past it, starts saturate).
    starts: Vec<u32>,
    /// Column counts at points inside long lines, in text order, so that a
    /// column is counted from at most [`STRIDE`] bytes back: a file of one
    /// long line with many findings would otherwise cost its length per
    /// finding.
    marks: Vec<Mark>,
    len: usize,
}

/// The columns of a character boundary inside a long line, counted from
/// the start of its line.
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
struct Mark {
    offset: u32,
    chars: u32,
    utf16: u32,
}

/// Lines longer than this get [`Mark`]s, one per this many bytes.
const STRIDE: usize = 4096;

/// A 0-based line and a 0-based column counted in the given unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

/// What a column counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnUnit {
    /// Unicode scalar values (what a person counts; `emend check` output).
    Chars,
    /// UTF-16 code units (LSP's default).
    Utf16,
    /// Bytes (LSP's `utf-8` position encoding).
    Utf8,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let narrow = |i: usize| u32::try_from(i + 1).unwrap_or(u32::MAX);
        let mut starts = vec![0];
        let bytes = text.as_bytes();
        // The memchr crate's searches use the CPU's vector instructions;
        // the standard library's take a word at a time, and this runs on
        // every edit of a file of megabytes.
        if memchr::memchr(b'\r', bytes).is_some() {
            for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
                if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
                    starts.push(narrow(i));
                }
            }
        } else {
            starts.extend(memchr::memchr_iter(b'\n', bytes).map(narrow));
        }
        // Kept as long as the file is open; not the room the search grew.
        starts.shrink_to_fit();
        let marks = long_line_marks(text, &starts);
        LineIndex {
            starts,
            marks,
            len: text.len(),
        }
    }

    /// The nearest point at or before `offset` on the same line from which
    /// columns can be counted: the line start or a mark.
    fn count_from(&self, line_start: usize, offset: usize) -> (usize, u32, u32) {
        let i = self.marks.partition_point(|m| m.offset as usize <= offset);
        match i.checked_sub(1).map(|i| self.marks[i]) {
            Some(m) if m.offset as usize >= line_start => (m.offset as usize, m.chars, m.utf16),
            _ => (line_start, 0, 0),
        }
    }

    /// The length in bytes of the text the index was made of.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The byte offset where a 0-based line starts.
    pub fn line_start(&self, line: u32) -> Option<usize> {
        self.starts.get(line as usize).map(|&s| s as usize)
    }

    /// The 0-based line holding a byte offset.
    pub fn line_of(&self, offset: usize) -> u32 {
        let offset = offset.min(self.len);
        let line = self
            .starts
            .partition_point(|&s| s as usize <= offset)
            .saturating_sub(1);
        u32::try_from(line).unwrap_or(u32::MAX)
    }

    /// The line's text without its line break.
    pub fn line_text<'a>(&self, text: &'a str, line: u32) -> &'a str {
        let Some(start) = self.line_start(line) else {
            return "";
        };
        let end = self.line_start(line + 1).unwrap_or(text.len());
        text.get(start..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }

    /// The position of a byte offset. An offset inside a character counts as
    /// the start of that character.
    pub fn position(&self, text: &str, offset: usize, unit: ColumnUnit) -> LineCol {
        let offset = offset.min(text.len());
        let line = self.line_of(offset);
        let start = self.line_start(line).unwrap_or(0);
        let mut end = offset;
        while end > start && !text.is_char_boundary(end) {
            end -= 1;
        }
        let col = match unit {
            ColumnUnit::Utf8 => end - start,
            ColumnUnit::Chars | ColumnUnit::Utf16 => {
                let (from, chars, utf16) = self.count_from(start, end);
                let rest = text.get(from..end).unwrap_or("");
                if unit == ColumnUnit::Chars {
                    chars as usize + rest.chars().count()
                } else {
                    utf16 as usize + rest.chars().map(char::len_utf16).sum::<usize>()
                }
            }
        };
        LineCol {
            line,
            col: u32::try_from(col).unwrap_or(u32::MAX),
        }
    }

    /// The byte offset of a position; columns past the end of the line clamp
    /// to it, lines past the end of the text clamp to its end.
    pub fn offset(&self, text: &str, pos: LineCol, unit: ColumnUnit) -> usize {
        let Some(start) = self.line_start(pos.line) else {
            return text.len();
        };
        let line = self.line_text(text, pos.line);
        let end = start + line.len();
        // Start from the last mark of the line whose column is not past the
        // wanted one.
        let first = self.marks.partition_point(|m| (m.offset as usize) < start);
        let last = self.marks.partition_point(|m| (m.offset as usize) < end);
        let column_of = |m: &Mark| match unit {
            ColumnUnit::Chars => m.chars,
            ColumnUnit::Utf16 => m.utf16,
            ColumnUnit::Utf8 => m.offset - start as u32,
        };
        let marks = &self.marks[first..last];
        let (from, mut counted) = match marks
            .partition_point(|m| column_of(m) <= pos.col)
            .checked_sub(1)
        {
            Some(i) => (marks[i].offset as usize, column_of(&marks[i])),
            None => (start, 0),
        };
        let rest = text.get(from..end).unwrap_or("");
        for (i, c) in rest.char_indices() {
            if counted >= pos.col {
                return from + i;
            }
            counted += match unit {
                ColumnUnit::Chars => 1,
                ColumnUnit::Utf16 => c.len_utf16() as u32,
                ColumnUnit::Utf8 => c.len_utf8() as u32,
            };
        }
        end
    }
}

/// Marks every [`STRIDE`] bytes of the lines longer than that.
fn long_line_marks(text: &str, starts: &[u32]) -> Vec<Mark> {
    let mut marks = Vec::new();
    for (i, &start) in starts.iter().enumerate() {
        let start = start as usize;
        let end = starts.get(i + 1).map_or(text.len(), |&s| s as usize);
        if end.saturating_sub(start) <= STRIDE {
            continue;
        }
        let (mut chars, mut utf16) = (0u32, 0u32);
        let mut next = start + STRIDE;
        let Some(line) = text.get(start..end) else {
            continue;
        };
        for (j, c) in line.char_indices() {
            let at = start + j;
            if at >= next {
                if let Ok(offset) = u32::try_from(at) {
                    marks.push(Mark {
                        offset,
                        chars,
                        utf16,
                    });
                }
                next = at + STRIDE;
            }
            chars += 1;
            utf16 += c.len_utf16() as u32;
        }
    }
    marks
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines start after `\n`, after `\r\n` and after a lone `\r`, in
    /// texts of every mix of the three.
    #[test]
    fn lines_start_after_every_kind_of_line_end() {
        use proptest::prelude::*;
        let texts = proptest::collection::vec(
            prop::sample::select(vec!["a", "é", "\n", "\r", "\r\n", "𝄞"]),
            0..200,
        )
        .prop_map(|pieces| pieces.concat());
        proptest::test_runner::TestRunner::default()
            .run(&texts, |text| {
                let bytes = text.as_bytes();
                let mut expected = vec![0];
                for (i, &b) in bytes.iter().enumerate() {
                    if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                        expected.push(i + 1);
                    }
                }
                let idx = LineIndex::new(&text);
                let got: Vec<usize> = (0..idx.line_count())
                    .filter_map(|l| idx.line_start(l as u32))
                    .collect();
                prop_assert_eq!(got, expected);
                Ok(())
            })
            .expect("line starts");
    }

    #[test]
    fn positions_round_trip_in_every_unit() {
        let text = "a—b\r\nΩ𝄞x\rlast";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 3);
        let x = text.find('x').expect("x");
        assert_eq!(
            idx.position(text, x, ColumnUnit::Chars),
            LineCol { line: 1, col: 2 }
        );
        assert_eq!(
            idx.position(text, x, ColumnUnit::Utf16),
            LineCol { line: 1, col: 3 }
        );
        assert_eq!(
            idx.position(text, x, ColumnUnit::Utf8),
            LineCol { line: 1, col: 6 }
        );
        for unit in [ColumnUnit::Chars, ColumnUnit::Utf16, ColumnUnit::Utf8] {
            let p = idx.position(text, x, unit);
            assert_eq!(idx.offset(text, p, unit), x);
        }
        assert_eq!(idx.line_text(text, 0), "a—b");
        assert_eq!(idx.line_text(text, 2), "last");
        assert_eq!(
            idx.offset(text, LineCol { line: 9, col: 0 }, ColumnUnit::Chars),
            text.len()
        );
    }

    /// Positions on long lines, counted from the marks, agree with counting
    /// from the line start, in both directions and every unit.
    #[test]
    fn long_lines_count_from_marks_as_from_the_line_start() {
        let line: String = (0..3 * STRIDE)
            .map(|i| ['a', 'é', '𝄞', ' '][i % 4])
            .collect();
        let text = format!("short\n{line}\r\n{line}\nend");
        let idx = LineIndex::new(&text);
        assert!(!idx.marks.is_empty());
        for unit in [ColumnUnit::Chars, ColumnUnit::Utf16, ColumnUnit::Utf8] {
            for (offset, _) in text.char_indices().step_by(97) {
                let p = idx.position(&text, offset, unit);
                let start = idx.line_start(p.line).unwrap_or(0);
                let prefix = &text[start..offset];
                let expected = match unit {
                    ColumnUnit::Chars => prefix.chars().count(),
                    ColumnUnit::Utf16 => prefix.chars().map(char::len_utf16).sum(),
                    ColumnUnit::Utf8 => prefix.len(),
                };
                assert_eq!(p.col as usize, expected, "{unit:?} at {offset}");
                assert_eq!(
                    idx.offset(&text, p, unit),
                    offset,
                    "{unit:?} back at {offset}"
                );
            }
        }
    }
}
