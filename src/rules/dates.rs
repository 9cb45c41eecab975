//! date-format, dateline-undated: the dates of datelines as FRUS's
//! Schematron checks them (frus-dates.sch D4, D5, D12, D14).

use super::FileContext;
use super::{Code, Edit, Fix, Sink};
use crate::facts::{date, HeadingLevel, Metadata, ScopeKind};
use crate::index::SourceFile;

pub(super) fn check(source: &SourceFile, file: usize, _: &FileContext, sink: &mut Sink) {
    {
        let facts = &source.facts;
        // The lines of one heading stand together, in order.
        let mut at = 0;
        while at < facts.metadata.len() {
            let heading = facts.metadata[at].heading;
            let len = facts.metadata[at..]
                .iter()
                .take_while(|m| m.heading == heading)
                .count();
            let lines = &facts.metadata[at..at + len];
            at += len;
            let in_document = lines.first().is_some_and(|m| {
                matches!(
                    facts.scopes.get(m.scope).map(|s| s.kind),
                    Some(ScopeKind::Document(_))
                )
            });
            if !in_document {
                continue;
            }
            let dateline = lines.iter().find(|m| m.key == "Dateline");
            let when = lines.iter().find(|m| m.key == "When");
            if let Some(d) = dateline {
                undated(file, d, when.is_some(), sink);
                // The Schematron checks the date of a document's dateline,
                // not an attachment's.
                if d.under == HeadingLevel::Document {
                    for w in lines.iter().filter(|m| m.key == "When") {
                        when_format(file, w, sink);
                    }
                }
            }
        }
    }
}

/// D4, D5: an undated dateline is to be tagged with a `date`, which the
/// export writes from a `When:` line or a date it reads in the dateline.
fn undated(file: usize, d: &Metadata, has_when: bool, sink: &mut Sink) {
    if has_when || !date::says_undated(&d.value) || date::parse_dateline(&d.value).is_some() {
        return;
    }
    let whose = if d.under == HeadingLevel::Section {
        "attachment"
    } else {
        "document"
    };
    sink.push(
        file,
        d.value_trimmed.clone(),
        Code::DatelineUndated,
        format!(
            "the {whose} dateline `{}` says it is undated but gives no date, and FRUS tags that with a date: add a `When:` line after it with the date the editors infer (`When: 1965-12`)",
            d.value
        ),
    );
}

/// D12, D14: the value the export writes as `date/@when`.
fn when_format(file: usize, w: &Metadata, sink: &mut Sink) {
    let value = w.value.trim();
    let letter = value.ends_with(|c: char| c.is_ascii_uppercase());
    // `FROM/TO` is a span, each end a `@when` value.
    let valid = match value.split_once('/') {
        Some((from, to)) => date::is_when_value(from) && date::is_when_value(to),
        None => date::is_when_value(value),
    };
    if !valid {
        let zone = if letter {
            " (a time zone is written as an offset such as `-05:00`, not a letter)"
        } else {
            ""
        };
        sink.push(
            file,
            w.value_trimmed.clone(),
            Code::DateFormat,
            format!(
                "`When: {value}` is not a date FRUS accepts{zone}: write `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or `YYYY-MM-DDThh:mm:ss`, with a zone offset if there is one (`1965-12-19T17:00:00-05:00`)"
            ),
        );
    } else if letter {
        // Valid, so the letter is the military zone `Z`.
        let z = w.value_trimmed.end.saturating_sub(1)..w.value_trimmed.end;
        sink.push_fixed(
            file,
            w.value_trimmed.clone(),
            Code::DateFormat,
            format!(
                "`When: {value}` ends with the military time zone `Z`; FRUS writes the offset, `+00:00`"
            ),
            Fix {
                title: "Write `+00:00` for `Z`".to_string(),
                edits: vec![Edit {
                    span: z,
                    new_text: "+00:00".to_string(),
                }],
            },
        );
    }
}
