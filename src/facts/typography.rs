//! What FRUS's Schematron flags in a run of text (a TEI text node; in the
//! markup, the text between two pieces of markup): straight quotation
//! marks, curly ones facing the wrong way, `l` beside a digit, white space
//! before closing punctuation. Every text node of every file passes here,
//! so each check first asks the bytes whether it can find anything.

use super::{FileFacts, StraightQuote, TextMark, TextMarkKind};

const CURLY: [char; 4] = ['‘', '’', '“', '”'];
/// What white space may not stand before (frus-characters.sch).
const CLOSING: &[u8] = b".,:;?!>)]}";

/// Records the findings of one run of text that starts at byte `base`.
pub(super) fn scan(text: &str, base: usize, scope: usize, facts: &mut FileFacts) {
    let bytes = text.as_bytes();
    let curly = text.contains(CURLY);
    let straight = text.contains(['"', '\'']);
    let digit_letter = bytes.windows(2).any(|w| {
        (w[0] == b'l' && w[1].is_ascii_digit()) || (w[0].is_ascii_digit() && w[1] == b'l')
    });
    let spaced_mark = bytes
        .windows(2)
        .any(|w| is_space(w[0] as char) && CLOSING.contains(&w[1]));
    if !(curly || straight || digit_letter || spaced_mark) {
        return;
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut run = Run {
        text,
        chars: &chars,
        base,
        scope,
        facts,
    };
    if straight {
        run.straight_quotes(curly);
    }
    if curly || digit_letter {
        run.marks();
    }
    if spaced_mark {
        run.space_before_punctuation();
    }
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

struct Run<'a> {
    text: &'a str,
    chars: &'a [(usize, char)],
    base: usize,
    scope: usize,
    facts: &'a mut FileFacts,
}

impl Run<'_> {
    fn mark(&mut self, kind: TextMarkKind, start: usize, end: usize, word: String) {
        self.facts.text_marks.push(TextMark {
            kind,
            span: self.base + start..self.base + end,
            scope: self.scope,
            word,
        });
    }

    /// A mark after a character that is no digit (`6'`, `5'2"` are feet
    /// and inches); `mixed` when the run has curly marks too.
    fn straight_quotes(&mut self, mixed: bool) {
        for (k, &(i, c)) in self.chars.iter().enumerate() {
            let prev = k.checked_sub(1).map(|p| self.chars[p].1);
            if matches!(c, '"' | '\'') && prev.is_some_and(|p| !p.is_ascii_digit()) {
                let next = self.chars.get(k + 1).map(|&(_, n)| n);
                self.facts.straight_quotes.push(StraightQuote {
                    span: self.base + i..self.base + i + 1,
                    scope: self.scope,
                    mark: c,
                    curly: curly_for(c, prev, next),
                    mixed,
                    word: word_around(self.text, i),
                });
            }
        }
    }

    /// The Schematron's patterns `[“‘] `, ` [”’]\D`, `[’”][‘“]|[‘“][’”]`
    /// and `l\d|\dl`.
    fn marks(&mut self) {
        let opening = |c: char| c == '“' || c == '‘';
        let closing = |c: char| c == '”' || c == '’';
        let digit = |c: char| c.is_ascii_digit();
        let chars = self.chars;
        for (k, &(i, c)) in chars.iter().enumerate() {
            let next = chars.get(k + 1).map(|&(_, n)| n);
            let after = chars.get(k + 2).map(|&(_, n)| n);
            let prev = k.checked_sub(1).map(|p| chars[p].1);
            // The end of a finding of two characters, this one and the next.
            let two = chars.get(k + 2).map_or(self.text.len(), |&(j, _)| j);
            let found = if opening(c) && next.is_some_and(char::is_whitespace) {
                Some((TextMarkKind::OpenQuoteSpace, two))
            } else if c == ' ' && next.is_some_and(closing) && after.is_some_and(|a| !digit(a)) {
                Some((TextMarkKind::CloseQuoteSpace, two))
            } else if (closing(c) && next.is_some_and(opening))
                || (opening(c) && next.is_some_and(closing))
            {
                Some((TextMarkKind::QuotePair, two))
            } else if c == 'l' && (next.is_some_and(digit) || prev.is_some_and(digit)) {
                Some((TextMarkKind::DigitLetter, i + 1))
            } else {
                None
            };
            if let Some((kind, end)) = found {
                // The word of the mark, not of the space before it.
                let at = if c == ' ' {
                    chars.get(k + 1).map_or(i, |&(j, _)| j)
                } else {
                    i
                };
                let word = word_around(self.text, at);
                self.mark(kind, i, end, word);
            }
        }
    }

    /// White space after a lower-case ASCII letter or at the start of the
    /// run, before closing punctuation, with spaced ellipses (` . . .`)
    /// taken out first.
    fn space_before_punctuation(&mut self) {
        let kept = without_spaced_ellipses(self.chars);
        let mut k = 0;
        while k < kept.len() {
            if !is_space(kept[k].1) || (k > 0 && is_space(kept[k - 1].1)) {
                k += 1;
                continue;
            }
            let mut end = k;
            while end < kept.len() && is_space(kept[end].1) {
                end += 1;
            }
            let before_ok = k == 0 || kept[k - 1].1.is_ascii_lowercase();
            if let Some(&(at, mark)) = kept.get(end) {
                if before_ok && mark.is_ascii() && CLOSING.contains(&(mark as u8)) {
                    let word = format!(
                        "{} {mark}",
                        &self.text[word_start(self.text, kept[k].0)..kept[k].0]
                    );
                    self.mark(
                        TextMarkKind::SpaceBeforePunctuation,
                        kept[k].0,
                        at + 1,
                        word,
                    );
                }
            }
            k = end;
        }
    }
}

/// The characters without runs of three or more "white space, full stop".
fn without_spaced_ellipses(chars: &[(usize, char)]) -> Vec<(usize, char)> {
    let mut kept = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let (mut j, mut stops) = (i, 0);
        loop {
            let mut k = j;
            while k < chars.len() && is_space(chars[k].1) {
                k += 1;
            }
            if k > j && chars.get(k).is_some_and(|c| c.1 == '.') {
                stops += 1;
                j = k + 1;
            } else {
                break;
            }
        }
        if stops >= 3 {
            i = j;
        } else {
            kept.push(chars[i]);
            i += 1;
        }
    }
    kept
}

/// The curly mark a straight one stands for: an opening mark after white
/// space or an opening bracket and before a letter, else a closing one (and
/// `'` inside a word is an apostrophe, `’`).
fn curly_for(mark: char, prev: Option<char>, next: Option<char>) -> char {
    let opens = prev.is_none_or(|p| p.is_whitespace() || "([{—–-/".contains(p))
        && next.is_some_and(|n| !n.is_whitespace());
    match (mark, opens) {
        ('"', true) => '“',
        ('"', false) => '”',
        (_, true) => '‘',
        (_, false) => '’',
    }
}

/// Where the run of non-space characters holding byte `at` starts.
fn word_start(text: &str, at: usize) -> usize {
    text[..at].rfind(char::is_whitespace).map_or(0, |i| {
        i + text[i..].chars().next().map_or(1, char::len_utf8)
    })
}

/// The run of non-space characters around a byte offset.
pub(super) fn word_around(text: &str, at: usize) -> String {
    let end = text[at..]
        .find(char::is_whitespace)
        .map_or(text.len(), |i| at + i);
    text[word_start(text, at)..end].to_string()
}
