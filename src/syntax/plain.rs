//! The plain text of inline content: markup removed, white space folded.

use super::{field, kind, text, Field, Kind, Step};
use crate::syntax::Node;
use std::ops::Range;

/// What a node gives to the plain text.
enum Part {
    /// Its source text, as it stands.
    Copy,
    /// The character after its backslash.
    Escape,
    /// A space: a line break.
    Space,
    /// Nothing: footnote markers, page breaks, ids, targets, errors.
    Skip,
    /// Its children between `[` and `]`.
    Bracketed,
    /// Its children.
    Descend,
}

fn part(kind: Kind) -> Part {
    match kind {
        Kind::Text
        | Kind::DocumentPhrase
        | Kind::DocumentsPhrase
        | Kind::FootnotePhrase
        | Kind::VolumePhrase
        | Kind::Label => Part::Copy,
        Kind::Escape => Part::Escape,
        Kind::LineBreak => Part::Space,
        Kind::FootnoteReference
        | Kind::PageBreak
        | Kind::Error
        | Kind::MentionId
        | Kind::Target => Part::Skip,
        Kind::Editorial => Part::Bracketed,
        _ => Part::Descend,
    }
}

/// The text a reader sees: mentions give their bracketed words, editorial
/// brackets keep their brackets, footnote markers and page breaks vanish,
/// escapes give the escaped character, and runs of white space (soft line
/// breaks included) become one space.
pub fn plain_text(node: Node, src: &str) -> String {
    plain_text_within(node, src, usize::MAX)
}

/// [`plain_text`] from at most `budget` nodes: the text of a construct that
/// can nest in itself (a mention inside a mention …) is read from a bounded
/// part of its subtree, so that n levels of nesting cost O(n), not O(n²).
pub fn plain_text_within(node: Node, src: &str, budget: usize) -> String {
    let mut out = String::new();
    let mut left = budget;
    super::walk(node, |step| match step {
        Step::Enter(_) if left == 0 => false,
        Step::Enter(n) => match part(kind(n)) {
            Part::Copy => {
                out.push_str(text(n, src));
                false
            }
            Part::Escape => {
                out.push_str(text(n, src).get(1..).unwrap_or(""));
                false
            }
            Part::Space => {
                out.push(' ');
                false
            }
            Part::Skip => false,
            Part::Bracketed => {
                left -= 1;
                out.push('[');
                true
            }
            Part::Descend => {
                left -= 1;
                true
            }
        },
        Step::Leave(n) => {
            if matches!(part(kind(n)), Part::Bracketed) {
                out.push(']');
            }
            false
        }
    });
    normalize_space(&out)
}

/// How the text of a node ends, as the TEI export writes it: footnote
/// markers stand for their footnote's text (the `note` is inside the
/// element), page breaks for nothing.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum TextEnd {
    /// The last character and its source range; white space is `' '`.
    Char(char, Range<usize>),
    /// A footnote marker, by its label: its definition's text ends it.
    Marker(String),
    /// No text at all.
    Empty,
}

/// The end of a node's text (see [`TextEnd`]).
pub fn text_end(node: Node, src: &str) -> TextEnd {
    let mut end = TextEnd::Empty;
    let char_at = |c: char, range: Range<usize>| {
        let c = if c.is_whitespace() { ' ' } else { c };
        TextEnd::Char(c, range)
    };
    super::walk(node, |step| match step {
        Step::Enter(n) if kind(n) == Kind::FootnoteReference => {
            let label = field(n, Field::Label).map_or("", |l| text(l, src));
            end = TextEnd::Marker(label.to_string());
            false
        }
        Step::Enter(n) => match part(kind(n)) {
            Part::Copy => {
                if let Some((i, c)) = text(n, src).char_indices().next_back() {
                    let at = n.start_byte() + i;
                    end = char_at(c, at..at + c.len_utf8());
                }
                false
            }
            Part::Escape => {
                if let Some(c) = text(n, src).chars().nth(1) {
                    end = char_at(c, n.byte_range());
                }
                false
            }
            Part::Space => {
                end = char_at(' ', n.byte_range());
                false
            }
            Part::Skip => false,
            Part::Bracketed | Part::Descend => true,
        },
        Step::Leave(n) => {
            if kind(n) == Kind::Editorial {
                let e = n.end_byte();
                end = TextEnd::Char(']', e.saturating_sub(1)..e);
            }
            false
        }
    });
    end
}

/// Plain text as [`plain_text`] makes it, with the way back: for every byte
/// of the text, the bytes of the source it stands for. Built for the few
/// places that must point at part of a plain text (the components of an
/// archival citation), and dropped once they have their ranges.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MappedText {
    pub text: String,
    /// Per byte of `text`: the source range of its character (an escape
    /// stands for `\[`, a folded space for the white space it replaced).
    origin: Vec<(usize, usize)>,
    /// Inline constructs (mentions, emphasis, editorial brackets, explicit
    /// references): their source range and the plain range of their text.
    groups: Vec<(Range<usize>, Range<usize>)>,
}

impl MappedText {
    /// The source range of a range of the plain text: from the start of its
    /// first character to the end of its last, widened to take in whole any
    /// markup whose text lies inside it (`[Harriman]{@HWA1} Papers`, not
    /// `Harriman]{@HWA1} Papers`). An empty range maps to the point where
    /// its character would start. None when the range is outside the text.
    pub fn source_range(&self, plain: Range<usize>) -> Option<Range<usize>> {
        if plain.start > plain.end || plain.end > self.text.len() {
            return None;
        }
        if plain.is_empty() {
            let at = self.source_point(plain.start)?;
            return Some(at..at);
        }
        let mut start = self.origin.get(plain.start)?.0;
        let mut end = self.origin.get(plain.end - 1)?.1;
        for (src, inner) in &self.groups {
            let inside = !inner.is_empty() && plain.start <= inner.start && inner.end <= plain.end;
            if inside {
                start = start.min(src.start);
                end = end.max(src.end);
            }
        }
        Some(start..end)
    }

    /// Where the character at a plain offset starts in the source; the end
    /// of the last character for the end of the text.
    pub fn source_point(&self, plain: usize) -> Option<usize> {
        match self.origin.get(plain) {
            Some(o) => Some(o.0),
            None if plain == self.text.len() => Some(self.origin.last().map_or(0, |o| o.1)),
            None => None,
        }
    }
}

/// The plain text of a sequence of nodes (the paragraphs of a footnote),
/// joined by single spaces, with its map back to the source.
pub fn plain_text_mapped(nodes: &[Node], src: &str) -> MappedText {
    let mut b = Builder::default();
    for node in nodes {
        b.node(*node, src);
        b.space(node.end_byte(), node.end_byte());
    }
    b.finish()
}

/// The end of a bracket at `at` in the source, or `at` itself (an empty
/// range) when the byte there is not that bracket.
fn bracket_end(src: &str, at: usize, bracket: u8) -> usize {
    if src.as_bytes().get(at) == Some(&bracket) {
        at + 1
    } else {
        at
    }
}

#[derive(Default)]
struct Builder {
    out: MappedText,
    /// White space waiting to become one space: its source range.
    pending: Option<(usize, usize)>,
    /// Groups entered and not yet left: source range, plain start.
    open: Vec<(Range<usize>, usize)>,
}

impl Builder {
    fn space(&mut self, start: usize, end: usize) {
        if self.out.text.is_empty() {
            return;
        }
        self.pending = Some(match self.pending {
            Some((s, _)) => (s, end),
            None => (start, end),
        });
    }

    /// The plain offset the next character will have.
    fn next_offset(&self) -> usize {
        self.out.text.len() + usize::from(self.pending.is_some() && !self.out.text.is_empty())
    }

    fn push(&mut self, c: char, start: usize, end: usize) {
        if let Some((s, e)) = self.pending.take() {
            self.out.text.push(' ');
            self.out.origin.push((s, e));
        }
        self.out.text.push(c);
        for _ in 0..c.len_utf8() {
            self.out.origin.push((start, end));
        }
    }

    fn copy(&mut self, node: Node, src: &str) {
        let base = node.start_byte();
        for (i, c) in text(node, src).char_indices() {
            let (s, e) = (base + i, base + i + c.len_utf8());
            if c.is_whitespace() {
                self.space(s, e);
            } else {
                self.push(c, s, e);
            }
        }
    }

    fn node(&mut self, root: Node, src: &str) {
        super::walk(root, |step| match step {
            Step::Enter(n) => match part(kind(n)) {
                Part::Copy => {
                    self.copy(n, src);
                    false
                }
                Part::Escape => {
                    let r = n.byte_range();
                    for c in text(n, src).chars().skip(1) {
                        if c.is_whitespace() {
                            self.space(r.start, r.end);
                        } else {
                            self.push(c, r.start, r.end);
                        }
                    }
                    false
                }
                Part::Space => {
                    let r = n.byte_range();
                    self.space(r.start, r.end);
                    false
                }
                Part::Skip => false,
                Part::Bracketed => {
                    self.open.push((n.byte_range(), self.next_offset()));
                    let at = n.start_byte();
                    self.push('[', at, bracket_end(src, at, b'['));
                    true
                }
                Part::Descend => {
                    if is_group(kind(n)) {
                        self.open.push((n.byte_range(), self.next_offset()));
                    }
                    true
                }
            },
            Step::Leave(n) => {
                let k = kind(n);
                if k == Kind::Editorial {
                    // A recovered bracket may lack its `]`: then the
                    // character stands for the empty end of the node.
                    let end = n.end_byte();
                    let start = end.saturating_sub(1);
                    if bracket_end(src, start, b']') == end {
                        self.push(']', start, end);
                    } else {
                        self.push(']', end, end);
                    }
                }
                if k == Kind::Editorial || is_group(k) {
                    if let Some((src_range, start)) = self.open.pop() {
                        let end = self.out.text.len().max(start);
                        self.out.groups.push((src_range, start..end));
                    }
                }
                false
            }
        });
    }

    fn finish(self) -> MappedText {
        self.out
    }
}

/// Inline constructs whose plain range a mapped text records (besides
/// editorial brackets).
fn is_group(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::PersonMention
            | Kind::TermMention
            | Kind::Emphasis
            | Kind::Strong
            | Kind::Styled
            | Kind::ExplicitReference
    )
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
    use crate::syntax::{child, parse_tree as parse, Kind};

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
    fn mapped_text_points_back_at_the_source() {
        let src = "A [Harriman]{@HWA1}\n  Papers, \\[x\\] *Vol.* [sic] end\n";
        let tree = parse(src);
        let para = child(tree.root_node(), Kind::Paragraph).expect("a paragraph");
        let m = plain_text_mapped(&[para], src);
        assert_eq!(m.text, plain_text(para, src));
        assert_eq!(m.text, "A Harriman Papers, [x] Vol. [sic] end");
        let range = |needle: &str| {
            let at = m.text.find(needle).expect("in the plain text");
            let r = m.source_range(at..at + needle.len()).expect("maps");
            &src[r]
        };
        assert_eq!(range("Harriman Papers"), "[Harriman]{@HWA1}\n  Papers");
        assert_eq!(range("Harriman"), "[Harriman]{@HWA1}");
        assert_eq!(range("arrima"), "arrima");
        assert_eq!(range("[x]"), "\\[x\\]");
        assert_eq!(range("Vol."), "*Vol.*");
        assert_eq!(range("[sic]"), "[sic]");
        assert_eq!(m.source_range(0..0), Some(0..0));
        assert_eq!(m.source_point(m.text.len()), Some(src.len() - 1));
        assert_eq!(m.source_range(0..m.text.len() + 1), None);
    }

    #[test]
    fn the_end_of_a_text_as_the_export_writes_it() {
        let end = |src: &str| {
            let tree = parse(src);
            let para = child(tree.root_node(), Kind::Paragraph).expect("a paragraph");
            text_end(para, src)
        };
        assert_eq!(end("**Rusk, Dean,**\n"), TextEnd::Char(',', 12..13));
        assert_eq!(end("Rusk *Dean,*[Page 4]\n"), TextEnd::Char(',', 10..11));
        assert_eq!(end("Rusk, [sic]\n"), TextEnd::Char(']', 10..11));
        assert_eq!(end("Rusk,[^2]\n"), TextEnd::Marker("2".into()));
        assert_eq!(end("[Page 4]\n"), TextEnd::Empty);
        assert_eq!(end("a \\*\n"), TextEnd::Char('*', 2..4));
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
