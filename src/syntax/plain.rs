//! The plain text of inline content: markup removed, white space folded.

use super::{kind, text, Kind, Step};
use tree_sitter::Node;

/// The text a reader sees: mentions give their bracketed words, editorial
/// brackets keep their brackets, footnote markers and page breaks vanish,
/// escapes give the escaped character, and runs of white space (soft line
/// breaks included) become one space.
pub fn plain_text(node: Node, src: &str) -> String {
    let mut out = String::new();
    super::walk(node, |step| match step {
        Step::Enter(n) => match kind(n) {
            Kind::Text
            | Kind::DocumentPhrase
            | Kind::DocumentsPhrase
            | Kind::FootnotePhrase
            | Kind::VolumePhrase
            | Kind::Label => {
                out.push_str(text(n, src));
                false
            }
            Kind::Escape => {
                out.push_str(text(n, src).get(1..).unwrap_or(""));
                false
            }
            Kind::FootnoteReference
            | Kind::PageBreak
            | Kind::Error
            | Kind::MentionId
            | Kind::Target => false,
            Kind::Editorial => {
                out.push('[');
                true
            }
            _ => true,
        },
        Step::Leave(n) => {
            if kind(n) == Kind::Editorial {
                out.push(']');
            }
            false
        }
    });
    normalize_space(&out)
}

/// Folds runs of white space into single spaces and trims the ends.
pub fn normalize_space(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::{child, parse, Kind};

    fn first_paragraph_plain(src: &str) -> String {
        let tree = parse(src);
        let root = tree.root_node();
        let para = child(root, Kind::Paragraph).expect("a paragraph");
        plain_text(para, src)
    }

    #[test]
    fn mentions_and_markers_are_removed() {
        let src = "Art [Goldberg]{@GAJ1} told\n  me.[^2] [Page 3] \\[sic\\] *in* [Rusk]\n";
        assert_eq!(
            first_paragraph_plain(src),
            "Art Goldberg told me. [sic] in [Rusk]"
        );
    }

    #[test]
    fn deep_bracket_nesting_does_not_overflow() {
        let depth = 20_000;
        let src = format!("{}x{}\n", "[".repeat(depth), "]".repeat(depth));
        let tree = parse(&src);
        let text = plain_text(tree.root_node(), &src);
        assert!(text.contains('x'));
    }
}
