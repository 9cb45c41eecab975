//! What text must be escaped to be read back as text: backslashes, stars,
//! brackets that do not pair up or that would be read as another construct
//! (`[Page 5]`, `[^1]`, `[x](y)`, `[x]{@y}`), and block markers at the start
//! of a block. Brackets that pair up inside one run of content stay as they
//! are: in the markup they are editorial brackets, as in TEI.

use super::model::Inl;
use crate::syntax::view::TABLE_CAPTION;
use std::collections::HashSet;

/// The positions `(item, byte)` of the brackets in the text items of one run
/// of inline content that can be written unescaped.
pub fn bracket_plan(items: &[Inl]) -> HashSet<(usize, usize)> {
    let mut stack: Vec<(usize, usize)> = Vec::new();
    let mut pairs = Vec::new();
    for (i, item) in items.iter().enumerate() {
        if let Inl::Text(t) = item {
            for (b, c) in t.char_indices() {
                match c {
                    '[' => stack.push((i, b)),
                    ']' => {
                        if let Some(open) = stack.pop() {
                            pairs.push((open, (i, b)));
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    let mut keep = HashSet::new();
    for (open, close) in pairs {
        if !dangerous(items, open, close) {
            keep.insert(open);
            keep.insert(close);
        }
    }
    keep
}

/// The character after a byte position of a text item, looking into the
/// next item when it is text.
fn char_after(items: &[Inl], (i, b): (usize, usize)) -> Option<char> {
    let Some(Inl::Text(t)) = items.get(i) else {
        return None;
    };
    match t.get(b + 1..).and_then(|s| s.chars().next()) {
        Some(c) => Some(c),
        None => match items.get(i + 1) {
            Some(Inl::Text(next)) => next.chars().next(),
            _ => None,
        },
    }
}

fn dangerous(items: &[Inl], open: (usize, usize), close: (usize, usize)) -> bool {
    if matches!(char_after(items, close), Some('(' | '{')) {
        return true;
    }
    if matches!(char_after(items, open), Some('^' | '@' | '=')) {
        return true;
    }
    if open.0 == close.0 {
        if let Some(Inl::Text(t)) = items.get(open.0) {
            let inner = t.get(open.1 + 1..close.1).unwrap_or("");
            if is_page_shape(inner) || inner.starts_with("Gap:") || inner.starts_with("Figure:") {
                return true;
            }
        }
    }
    false
}

/// `Page 730`, `Page XII`, `Page A1`: what `[…]` around it makes a page break.
fn is_page_shape(inner: &str) -> bool {
    let Some(rest) = inner.strip_prefix("Page") else {
        return false;
    };
    let number = rest.trim_start_matches([' ', '\t']);
    number.len() < rest.len()
        && !number.is_empty()
        && (number.bytes().all(|b| b.is_ascii_digit())
            || number.chars().all(|c| "IVXLCDMivxlcdm".contains(c))
            || crate::facts::lettered_page(number).is_some())
}

/// Escapes the start of a paragraph that would begin another block or a
/// style: `- `, `> `, `# `, `{.`, `|`, or a table's caption, `Table:`. A leading `•` cannot be escaped (it is no ASCII
/// punctuation); the caller reports it.
pub fn escape_block_start(line: &str) -> String {
    if let Some(rest) = line.strip_prefix(TABLE_CAPTION) {
        // `Table:` before a table is its caption.
        return format!("Table\\:{rest}");
    }
    let needs = line.starts_with("- ")
        || line.starts_with("-\t")
        || line == "-"
        || line.starts_with('>')
        || line.starts_with("{.")
        || line.starts_with('|')
        || {
            let hashes = line.bytes().take_while(|b| *b == b'#').count();
            hashes > 0 && matches!(line.as_bytes().get(hashes), Some(b' ' | b'\t') | None)
        };
    if needs {
        format!("\\{line}")
    } else {
        line.to_string()
    }
}

/// Escapes the start of a list item's text that would be read as its label
/// (`1.`, `a.`, `iv.`, `1)`, `(1)`, `(a)`) or its style (`{.`).
pub fn escape_label_start(body: &str) -> String {
    let word_end = body.find([' ', '\t']).unwrap_or(body.len());
    let word = &body[..word_end];
    if super::import::is_markup_label(word) {
        if let Some(rest) = word.strip_prefix('(') {
            return format!("\\({rest}{}", &body[word_end..]);
        }
        if let Some(stem) = word.strip_suffix('.') {
            return format!("{stem}\\.{}", &body[word_end..]);
        }
        if let Some(stem) = word.strip_suffix(')') {
            return format!("{stem}\\){}", &body[word_end..]);
        }
    }
    escape_style_start(body)
}

/// Escapes a `{.` that would be read as a style at the start of a list
/// item or a footnote.
pub fn escape_style_start(body: &str) -> String {
    if body.starts_with("{.") {
        format!("\\{body}")
    } else {
        body.to_string()
    }
}

/// Escapes the `.` of a division title that would make it a document
/// heading (`# 1964. Review`).
pub fn escape_division_title(title: &str) -> String {
    let digits = title.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return title.to_string();
    }
    let mut end = digits;
    if title
        .as_bytes()
        .get(end)
        .is_some_and(u8::is_ascii_lowercase)
    {
        end += 1;
    }
    if title.as_bytes().get(end) == Some(&b'.')
        && matches!(title.as_bytes().get(end + 1), Some(b' ' | b'\t') | None)
    {
        return format!("{}\\{}", &title[..end], &title[end..]);
    }
    title.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inl {
        Inl::Text(s.to_string())
    }

    #[test]
    fn paired_brackets_stay_and_odd_ones_are_escaped() {
        let items = [text("a [b] c ] d [")];
        let keep = bracket_plan(&items);
        assert_eq!(keep.len(), 2);
        assert!(keep.contains(&(0, 2)) && keep.contains(&(0, 4)));
    }

    #[test]
    fn brackets_that_read_as_other_constructs_are_escaped() {
        for s in [
            "[Page 5]", "[^1]", "[x](y)", "[x]{@y}", "[@X]: z", "[=X]: z",
        ] {
            assert!(bracket_plan(&[text(s)]).is_empty(), "{s}");
        }
        let items = [
            text("[Here follows "),
            Inl::NoteRef("1".into()),
            text(" text.]"),
        ];
        assert_eq!(bracket_plan(&items).len(), 2);
    }

    #[test]
    fn block_starts() {
        assert_eq!(escape_block_start("- x"), "\\- x");
        assert_eq!(escape_block_start("## x"), "\\## x");
        assert_eq!(escape_block_start("#x"), "#x");
        assert_eq!(escape_block_start("> x"), "\\> x");
        assert_eq!(escape_block_start("Table: x"), "Table\\: x");
        assert_eq!(escape_label_start("1. x"), "1\\. x");
        assert_eq!(escape_label_start("(a) x"), "\\(a) x");
        assert_eq!(escape_label_start("a) x"), "a\\) x");
        assert_eq!(escape_label_start("12) x"), "12\\) x");
        assert_eq!(escape_label_start("{.center} x"), "\\{.center} x");
        assert_eq!(escape_label_start("1965 x"), "1965 x");
        assert_eq!(escape_division_title("1964. Review"), "1964\\. Review");
        assert_eq!(escape_division_title("1964 Review"), "1964 Review");
    }
}
