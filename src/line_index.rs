//! Byte offsets ⇄ line and column. The one place that counts columns.

/// Line starts of a text, for converting byte offsets to positions.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// 32 bits: a workspace holds a line start per 60 bytes or so of text,
    /// and no markup file nears 4 GiB (past it, starts saturate).
    starts: Vec<u32>,
    len: usize,
}

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
        // `match_indices` with a single ASCII character searches with memchr.
        if text.contains('\r') {
            let bytes = text.as_bytes();
            for (i, _) in text.match_indices(['\n', '\r']) {
                if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
                    starts.push(narrow(i));
                }
            }
        } else {
            starts.extend(text.match_indices('\n').map(|(i, _)| narrow(i)));
        }
        LineIndex {
            starts,
            len: text.len(),
        }
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
        let prefix = text.get(start..end).unwrap_or("");
        let col = match unit {
            ColumnUnit::Chars => prefix.chars().count(),
            ColumnUnit::Utf16 => prefix.chars().map(char::len_utf16).sum(),
            ColumnUnit::Utf8 => prefix.len(),
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
        let mut counted = 0u32;
        for (i, c) in line.char_indices() {
            if counted >= pos.col {
                return start + i;
            }
            counted += match unit {
                ColumnUnit::Chars => 1,
                ColumnUnit::Utf16 => c.len_utf16() as u32,
                ColumnUnit::Utf8 => c.len_utf8() as u32,
            };
        }
        start + line.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
