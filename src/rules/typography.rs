//! quote-straight, quote-mixed, page-break-space: the typographic checks
//! of FRUS's Schematron (frus-characters.sch, frus.sch) on the markup.

use super::{Code, Edit, Fix, Sink};
use crate::index::Workspace;

pub(super) fn check(ws: &Workspace, volume: usize, sink: &mut Sink) {
    for &file in &ws.volumes[volume].files {
        let facts = &ws.files[file].facts;
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
                    "white space {side} [Page {}] but not {other} it; put a space on both sides, or on neither where the break splits a word",
                    p.label
                ),
                Fix {
                    title: format!("Put a space {other} [Page {}]", p.label),
                    edits: vec![Edit {
                        span: at..at,
                        new_text: " ".to_string(),
                    }],
                },
            );
        }
    }
}
