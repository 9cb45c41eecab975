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
    scan_for(needs(text.as_bytes()), text, base, scope, facts);
}

fn scan_for(needs: Needs, text: &str, base: usize, scope: usize, facts: &mut FileFacts) {
    let Needs {
        straight,
        digit_letter,
        spaced_mark,
        high,
    } = needs;
    let curly = high && has_curly(text.as_bytes());
    if !(curly || straight || digit_letter || spaced_mark) {
        return;
    }
    // The characters of the run, where a check reads them all.
    let chars: Vec<(usize, char)> = if straight || digit_letter || spaced_mark {
        text.char_indices().collect()
    } else {
        Vec::new()
    };
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
    if digit_letter {
        run.marks();
    } else if curly {
        run.curly_marks();
    }
    if spaced_mark {
        run.space_before_punctuation();
    }
}

/// Which checks a run needs, read from its bytes.
struct Needs {
    straight: bool,
    digit_letter: bool,
    spaced_mark: bool,
    /// Bytes outside ASCII, where curly marks can be.
    high: bool,
}

impl Needs {
    #[cfg(test)]
    const ALL: Needs = Needs {
        straight: true,
        digit_letter: true,
        spaced_mark: true,
        high: true,
    };
}

/// Byte classes for [`needs`].
const QUOTE: u8 = 1;
const CLOSES: u8 = 2;
const SPACE: u8 = 4;
const DIGIT: u8 = 8;
const ELL: u8 = 16;
const HIGH: u8 = 32;

const CLASSES: [u8; 256] = {
    let mut t = [0u8; 256];
    t[b'"' as usize] = QUOTE;
    t[b'\'' as usize] = QUOTE;
    let mut i = 0;
    while i < CLOSING.len() {
        t[CLOSING[i] as usize] = CLOSES;
        i += 1;
    }
    t[b' ' as usize] = SPACE;
    t[b'\t' as usize] = SPACE;
    t[b'\n' as usize] = SPACE;
    t[b'\r' as usize] = SPACE;
    let mut d = b'0';
    while d <= b'9' {
        t[d as usize] = DIGIT;
        d += 1;
    }
    t[b'l' as usize] = ELL;
    let mut h = 0x80;
    while h < 256 {
        t[h] = HIGH;
        h += 1;
    }
    t
};

/// One pass over every byte of every run of text, one table look-up a
/// byte and no branches. Each flag is a condition without which its check
/// finds nothing (a test tries every short text): a straight mark, `l`
/// beside a digit, white space right before closing punctuation (the last
/// space of any run the check reports), a byte outside ASCII.
fn needs(bytes: &[u8]) -> Needs {
    let (mut seen, mut spaced, mut digit_letter) = (0u8, 0u8, 0u8);
    let mut prev = 0u8;
    for &b in bytes {
        let c = CLASSES[usize::from(b)];
        seen |= c;
        spaced |= (prev >> 2) & (c >> 1);
        digit_letter |= ((prev >> 3) & (c >> 4)) | ((prev >> 4) & (c >> 3));
        prev = c;
    }
    Needs {
        straight: seen & QUOTE != 0,
        digit_letter: digit_letter & 1 != 0,
        spaced_mark: spaced & 1 != 0,
        high: seen & HIGH != 0,
    }
}

/// Whether a text holds a curly quotation mark: each is the bytes E2 80
/// and one of 98, 99, 9C, 9D in UTF-8.
pub(super) fn has_curly(bytes: &[u8]) -> bool {
    memchr::memchr_iter(0xE2, bytes).any(|i| {
        bytes.get(i + 1) == Some(&0x80)
            && matches!(bytes.get(i + 2), Some(0x98 | 0x99 | 0x9C | 0x9D))
    })
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
            word: word.into(),
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
                    word: word_around(self.text, i).into(),
                });
            }
        }
    }

    /// The Schematron's patterns `[“‘] `, ` [”’]\D`, `[’”][‘“]|[‘“][’”]`
    /// and `l\d|\dl`, at every character of the run.
    fn marks(&mut self) {
        let chars = self.chars;
        for k in 0..chars.len() {
            self.mark_at(chars, k);
        }
    }

    /// The same patterns where the run has no `l` beside a digit: each then
    /// has a curly mark as its first or second character, so only the
    /// characters around the curly marks are read, not the whole run.
    fn curly_marks(&mut self) {
        let text = self.text;
        // The byte offset of the last character judged: consecutive marks
        // share a place.
        let mut judged: Option<usize> = None;
        for (i, _) in text.match_indices(CURLY) {
            let start = text[..i].char_indices().next_back().map_or(i, |(j, _)| j);
            let mut window = [(0, ' '); 4];
            let mut len = 0;
            for (j, c) in text[start..].char_indices().take(4) {
                window[len] = (start + j, c);
                len += 1;
            }
            let window = &window[..len];
            for k in 0..2.min(window.len()) {
                let at = window[k].0;
                if at > i || judged.is_some_and(|j| at <= j) {
                    continue;
                }
                judged = Some(at);
                self.mark_at(window, k);
            }
        }
    }

    /// Judges the character `k` of `chars` (a run, or a window of one that
    /// reaches two characters past `k` or the run's end).
    fn mark_at(&mut self, chars: &[(usize, char)], k: usize) {
        let opening = |c: char| c == '“' || c == '‘';
        let closing = |c: char| c == '”' || c == '’';
        let digit = |c: char| c.is_ascii_digit();
        let (i, c) = chars[k];
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

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str, fast: bool) -> Vec<String> {
        let mut facts = FileFacts::default();
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut run = Run {
            text,
            chars: &chars,
            base: 0,
            scope: 0,
            facts: &mut facts,
        };
        if fast {
            run.curly_marks();
        } else {
            run.marks();
        }
        facts
            .text_marks
            .iter()
            .map(|m| format!("{:?} {:?} {}", m.kind, m.span, m.word))
            .collect()
    }

    fn all_findings(text: &str, needs: Needs) -> String {
        let mut facts = FileFacts::default();
        scan_for(needs, text, 0, 0, &mut facts);
        let quotes: Vec<String> = facts
            .straight_quotes
            .iter()
            .map(|q| format!("{:?} {} {} {}", q.span, q.curly, q.mixed, q.word))
            .collect();
        let marks: Vec<String> = facts
            .text_marks
            .iter()
            .map(|m| format!("{:?} {:?} {}", m.kind, m.span, m.word))
            .collect();
        format!("{quotes:?} {marks:?}")
    }

    /// Every text over `alphabet` of up to `len` characters.
    fn texts(alphabet: &[char], len: usize) -> Vec<String> {
        let mut texts = vec![String::new()];
        let mut last = texts.clone();
        for _ in 0..len {
            last = last
                .iter()
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            texts.extend(last.iter().cloned());
        }
        texts
    }

    /// The byte pre-pass skips no run that a check would report: on every
    /// short text, the checks it lets run find what all the checks find.
    #[test]
    fn the_byte_pass_skips_nothing_that_is_found() {
        let general = ['"', '\'', '“', '’', ' ', '\u{a0}', '.', 'a', 'l', '7'];
        let ellipses = [' ', '.', ',', 'a', ')'];
        let mut with_findings = 0;
        for t in texts(&general, 4).iter().chain(&texts(&ellipses, 8)) {
            let all = all_findings(t, Needs::ALL);
            with_findings += usize::from(all != "[] []");
            assert_eq!(all_findings(t, needs(t.as_bytes())), all, "{t:?}");
        }
        assert!(with_findings > 10_000, "{with_findings}");
    }

    /// Reading only around the curly marks finds what reading every
    /// character finds, on every text of up to five characters of this
    /// alphabet (no `l` beside a digit, where only the full reading is used).
    #[test]
    fn the_curly_marks_alone_give_the_same_findings() {
        let alphabet = ['“', '”', '‘', '’', ' ', 'a', '7'];
        let mut texts = vec![String::new()];
        let mut last = texts.clone();
        for _ in 0..5 {
            last = last
                .iter()
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            texts.extend(last.iter().cloned());
        }
        let mut with_findings = 0;
        for t in &texts {
            let slow = found(t, false);
            with_findings += usize::from(!slow.is_empty());
            assert_eq!(found(t, true), slow, "{t:?}");
        }
        assert!(with_findings > 1000, "{with_findings}");
    }
}
