//! Warnings about what a conversion could not carry over, grouped so that a
//! volume with a thousand page images gives one line, not a thousand.

use std::collections::BTreeMap;

/// A warning at a place in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The markup file (export) the warning is about; None for the TEI
    /// input of an import.
    pub file: Option<String>,
    /// 1-based.
    pub line: u32,
    /// 1-based, in characters.
    pub column: u32,
    pub message: String,
}

/// Collects warnings; the same message at many places is reported once,
/// at its first place, with a count.
#[derive(Debug, Default)]
pub struct Warnings {
    groups: BTreeMap<(Option<String>, String), (u32, u32, usize)>,
}

impl Warnings {
    pub fn push(&mut self, file: Option<&str>, line: u32, column: u32, message: impl Into<String>) {
        let entry = self
            .groups
            .entry((file.map(str::to_string), message.into()))
            .or_insert((line, column, 0));
        if (line, column) < (entry.0, entry.1) {
            entry.0 = line;
            entry.1 = column;
        }
        entry.2 += 1;
    }

    /// The warnings in order of file and place.
    pub fn finish(self) -> Vec<Warning> {
        let mut out: Vec<Warning> = self
            .groups
            .into_iter()
            .map(|((file, message), (line, column, count))| Warning {
                file,
                line,
                column,
                message: if count > 1 {
                    format!("{message} ({count} times; the first is here)")
                } else {
                    message
                },
            })
            .collect();
        out.sort_by(|a, b| {
            (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message))
        });
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_message_is_counted_at_its_first_place() {
        let mut w = Warnings::default();
        w.push(None, 9, 1, "pb/@facs is not kept");
        w.push(None, 3, 5, "pb/@facs is not kept");
        w.push(None, 4, 1, "<table>: rows written as paragraphs");
        let out = w.finish();
        assert_eq!(out.len(), 2);
        assert_eq!((out[0].line, out[0].column), (3, 5));
        assert_eq!(
            out[0].message,
            "pb/@facs is not kept (2 times; the first is here)"
        );
        assert_eq!(out[1].message, "<table>: rows written as paragraphs");
    }
}
