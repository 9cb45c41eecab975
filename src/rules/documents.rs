//! document-duplicate, document-gap, document-no-source,
//! document-chronology, dateline-no-date, document-number-suffix.

use super::FileContext;
use super::{location, Code, Sink};
use crate::facts::{Date, Document};
use crate::index::{number_value, SourceFile, Workspace};

pub(super) fn check(ws: &Workspace, volume: usize, sink: &mut Sink) {
    let v = &ws.volumes[volume];
    let doc = |r: &crate::index::DocRef| -> &Document { &ws.files[r.file].facts.documents[r.doc] };

    for (n, refs) in &v.by_number {
        let Some(first) = refs.first() else { continue };
        for dup in refs.iter().skip(1) {
            sink.push(
                dup.file,
                doc(dup).number_span.clone(),
                Code::DocumentDuplicate,
                format!(
                    "Document {n} is already at {}",
                    location(ws, first.file, doc(first).heading_span.start)
                ),
            );
        }
    }

    let mut previous: Option<u64> = None;
    // The nearest document before, by number, that carries a date.
    let mut previous_dated: Option<(&Document, Date)> = None;
    for r in &v.documents {
        let d = doc(r);
        let value = number_value(&d.number);
        if let Some(prev) = previous {
            if value > prev.saturating_add(1) && value != u64::MAX {
                let missing = if value == prev + 2 {
                    format!("document {} is missing", prev + 1)
                } else {
                    format!("documents {}–{} are missing", prev + 1, value - 1)
                };
                sink.push(
                    r.file,
                    d.number_span.clone(),
                    Code::DocumentGap,
                    format!("{missing} before Document {}", d.number),
                );
            }
            if let (Some((prev_doc, a)), Some(b)) = (previous_dated, date_of(d)) {
                if b.certainly_before(&a) {
                    sink.push(
                        r.file,
                        d.dateline
                            .as_ref()
                            .map_or(d.number_span.clone(), |l| l.span.clone()),
                        Code::DocumentChronology,
                        format!(
                            "Document {} is dated {} but Document {} before it is dated {}",
                            d.number,
                            b.iso(),
                            prev_doc.number,
                            a.iso()
                        ),
                    );
                }
            }
        }
        if value != u64::MAX {
            previous = Some(value);
        }
        if let Some(date) = date_of(d) {
            previous_dated = Some((d, date));
        }
    }
}

/// document-number-suffix, document-no-source, dateline-no-date: of the
/// documents and datelines of one file.
pub(super) fn check_file(source: &SourceFile, file: usize, _: &FileContext, sink: &mut Sink) {
    let say = super::wording::Wording::of(source);
    let facts = &source.facts;
    for d in &facts.documents {
        if !d.number.bytes().all(|b| b.is_ascii_digit()) {
            sink.push(
                file,
                d.number_span.clone(),
                Code::DocumentNumberSuffix,
                format!(
                    "Document {} has a letter in its number; FRUS numbers documents with integers, and its Schematron asks to verify any other number: check that `{}` is meant",
                    d.number, d.number
                ),
            );
        }

        let has_source =
            d.inline_source.is_some() || facts.footnotes_in(d.scope).any(|f| f.source.is_some());
        if !has_source && !d.is_editorial_note() {
            sink.push(
                file,
                d.number_span.clone(),
                Code::DocumentNoSource,
                format!(
                    "Document {} has no source note; {}",
                    d.number,
                    say.add_source_note()
                ),
            );
        }
    }
    for m in &facts.metadata {
        if m.key != "Dateline" {
            continue;
        }
        // Those are dateline-undated's.
        let undated = crate::facts::date::says_undated(&m.value);
        if crate::facts::date::parse_dateline(&m.value).is_none() && !undated {
            sink.push(
                file,
                m.value_span.clone(),
                Code::DatelineNoDate,
                format!(
                    "no date can be read in the dateline `{}`; write it as `Month D, YYYY`",
                    m.value
                ),
            );
        }
    }
}

fn date_of(d: &Document) -> Option<Date> {
    d.dateline.as_ref()?.date
}
