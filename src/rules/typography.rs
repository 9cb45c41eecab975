//! quote-straight, quote-mixed, quote-orientation, ocr-digit-letter,
//! page-break-space, footnote-space, punctuation-space: the typographic checks
//! of FRUS's Schematron (frus-characters.sch, frus.sch) on the markup.

use super::FileContext;
use super::{Code, Edit, Fix, Sink};
use crate::facts::{BeforeMarker, TextMark, TextMarkKind};
use crate::index::SourceFile;

pub(super) fn check(source: &SourceFile, file: usize, _: &FileContext, sink: &mut Sink) {
    let say = super::wording::Wording::of(source);
    {
        let facts = &source.facts;
        for q in &facts.straight_quotes {
            let (code, what) = if q.mixed {
                (Code::QuoteMixed, "beside curly ones")
            } else {
                (Code::QuoteStraight, "")
            };
            let what = if what.is_empty() {
                String::new()
            } else {
                format!(" {what}")
            };
            sink.push_fixed(
                file,
                q.span.clone(),
                code,
                format!(
                    "straight quotation mark `{}` in `{}`{what}; write `{}`",
                    q.mark, q.word, q.curly
                ),
                Fix {
                    title: format!("Write `{}`", q.curly),
                    edits: vec![Edit {
                        span: q.span.clone(),
                        new_text: q.curly.to_string(),
                    }],
                },
            );
        }
        for m in &facts.text_marks {
            text_mark(file, m, sink);
        }
        for r in &facts.footnote_refs {
            match r.before {
                BeforeMarker::Fine => {}
                BeforeMarker::LoneSpace(start, end) => sink.push_fixed(
                    file,
                    r.span.clone(),
                    Code::FootnoteSpace,
                    format!(
                        "white space before the footnote marker {}; FRUS sets a marker right after the word or markup it notes",
                        say.marker(&r.label)
                    ),
                    Fix {
                        title: "Delete the white space before the marker".to_string(),
                        edits: vec![Edit {
                            span: start..end,
                            new_text: String::new(),
                        }],
                    },
                ),
                BeforeMarker::Marker => sink.push_fixed(
                    file,
                    r.span.clone(),
                    Code::FootnoteSpace,
                    format!(
                        "footnote marker {} right after another; put a space between two markers",
                        say.marker(&r.label)
                    ),
                    Fix {
                        title: "Put a space between the markers".to_string(),
                        edits: vec![Edit {
                            span: r.span.start..r.span.start,
                            new_text: " ".to_string(),
                        }],
                    },
                ),
            }
        }
        for p in &facts.page_breaks {
            if p.space_before == p.space_after {
                continue;
            }
            let (side, other) = if p.space_before {
                ("before", "after")
            } else {
                ("after", "before")
            };
            // The usual case is a break between words: the missing space.
            let at = if p.space_before {
                p.span.end
            } else {
                p.span.start
            };
            sink.push_fixed(
                file,
                p.span.clone(),
                Code::PageBreakSpace,
                format!(
                    "white space {side} {} but not {other} it; put a space on both sides, or on neither where the break splits a word",
                    say.page(&p.label)
                ),
                Fix {
                    title: format!("Put a space {other} {}", say.page(&p.label)),
                    edits: vec![Edit {
                        span: at..at,
                        new_text: " ".to_string(),
                    }],
                },
            );
        }
    }
}

fn text_mark(file: usize, m: &TextMark, sink: &mut Sink) {
    let space_after = m.span.end.saturating_sub(1)..m.span.end;
    let space_before = m.span.start..m.span.start + 1;
    let (code, message, fix) = match m.kind {
        TextMarkKind::OpenQuoteSpace => (
            Code::QuoteOrientation,
            format!(
                "opening quotation mark before a space in `{}`; delete the space, or make it a closing mark",
                m.word
            ),
            // A white space of one byte (a space, a line break) only.
            (m.span.len() == '“'.len_utf8() + 1)
                .then_some(("Delete the space after the mark", space_after, "")),
        ),
        TextMarkKind::CloseQuoteSpace => (
            Code::QuoteOrientation,
            format!(
                "closing quotation mark after a space in `{}`; delete the space, or make it an opening mark",
                m.word
            ),
            Some(("Delete the space before the mark", space_before, "")),
        ),
        TextMarkKind::QuotePair => (
            Code::QuoteOrientation,
            format!(
                "quotation marks side by side that do not pair in `{}`; one of them faces the wrong way",
                m.word
            ),
            None,
        ),
        TextMarkKind::SpaceBeforePunctuation => (
            Code::PunctuationSpace,
            format!("white space before the punctuation in `{}`; delete it", m.word),
            // The white space is the span less its last character, a mark of
            // one byte.
            Some(("Delete the white space", m.span.start..m.span.end - 1, "")),
        ),
        TextMarkKind::DigitLetter => (
            Code::OcrDigitLetter,
            format!(
                "`l` next to a digit in `{}`: likely an OCR misreading of `1`",
                m.word
            ),
            Some(("Write `1` for the `l`", m.span.clone(), "1")),
        ),
        TextMarkKind::OpenQuoteEndsBlock { mark, block }
        | TextMarkKind::CloseQuoteStartsBlock { mark, block } => {
            let (which, does) = match m.kind {
                TextMarkKind::OpenQuoteEndsBlock { .. } => ("opening", "ends"),
                _ => ("closing", "begins"),
            };
            let message = format!(
                "{which} quotation mark `{mark}` {does} the text of this {block}, in `{}`",
                m.word
            );
            return turned(file, m, message, mark, sink);
        }
    };
    match fix {
        Some((title, span, new_text)) => sink.push_fixed(
            file,
            m.span.clone(),
            code,
            message,
            Fix {
                title: title.to_string(),
                edits: vec![Edit {
                    span,
                    new_text: new_text.to_string(),
                }],
            },
        ),
        None => sink.push(file, m.span.clone(), code, message),
    }
}

/// A curly mark at an end of a block (FRUS's Schematron F61, F62): the fix
/// turns it round.
fn turned(file: usize, m: &TextMark, what: String, mark: char, sink: &mut Sink) {
    let other = match mark {
        '“' => '”',
        '‘' => '’',
        '”' => '“',
        _ => '‘',
    };
    let facing = if matches!(other, '”' | '’') {
        "a closing"
    } else {
        "an opening"
    };
    sink.push_fixed(
        file,
        m.span.clone(),
        Code::QuoteOrientation,
        format!("{what}; make it {facing} mark, `{other}`"),
        Fix {
            title: format!("Write `{other}`"),
            edits: vec![Edit {
                span: m.span.clone(),
                new_text: other.to_string(),
            }],
        },
    );
}
