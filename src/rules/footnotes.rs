//! footnote-undefined, footnote-unused, footnote-duplicate,
//! footnote-sequence, footnote-nested.

use super::FileContext;
use super::{Code, Sink};
use crate::facts::{in_scope, FileFacts, Target};
use crate::hash::{Map, Set};
use crate::index::layout::ScopeAt;
use crate::index::{SourceFile, Volume, Workspace};

pub(super) fn check(source: &SourceFile, file: usize, context: &FileContext, sink: &mut Sink) {
    let say = super::wording::Wording::of(source);
    let facts = &source.facts;
    for scope in 0..facts.scopes.len() {
        let runs_on_from = context.footnotes_run_on.get(scope).copied().flatten();
        check_scope(facts, file, scope, runs_on_from, say, sink);
    }
}

/// Volumes before the 1950s number footnotes on through a chapter: a
/// document may go on from the scopes before it. Per file of the volume
/// (in the order of [`Volume::files`]) and per scope of the file, the
/// highest footnote number of the nearest scope before it with footnotes,
/// in the order the export writes them.
pub(super) fn run_on(ws: &Workspace, volume: &Volume) -> Vec<Vec<Option<u64>>> {
    let mut out: Vec<Vec<Option<u64>>> = volume
        .files
        .iter()
        .map(|&f| vec![None; ws.files[f].facts.scopes.len()])
        .collect();
    let place: Map<usize, usize> = volume
        .files
        .iter()
        .enumerate()
        .map(|(i, &f)| (f, i))
        .collect();
    let mut last = None;
    for ScopeAt { file, scope } in volume.layout.scopes_in_order() {
        if let Some(slot) = place.get(&file).and_then(|&i| out[i].get_mut(scope)) {
            *slot = last;
        }
        if let Some(facts) = ws.files.get(file).map(|f| &f.facts) {
            last = highest_footnote(facts, scope).or(last);
        }
    }
    out
}

/// The highest footnote number referred to in a scope.
fn highest_footnote(facts: &FileFacts, scope: usize) -> Option<u64> {
    in_scope(&facts.footnote_refs, scope)
        .iter()
        .filter_map(|r| r.label.parse::<u64>().ok())
        .max()
}

fn check_scope(
    facts: &FileFacts,
    file: usize,
    scope: usize,
    runs_on_from: Option<u64>,
    say: super::wording::Wording,
    sink: &mut Sink,
) {
    let defs: Vec<_> = facts.footnotes_in(scope).collect();
    let refs: Vec<_> = in_scope(&facts.footnote_refs, scope).iter().collect();
    if defs.is_empty() && refs.is_empty() {
        return;
    }
    let where_ = match facts.document_of_scope(scope) {
        Some(d) => format!("Document {}", d.number),
        None => "this division".to_string(),
    };

    let mut first_def: Map<&str, usize> = Map::default();
    for def in &defs {
        match first_def.get(def.label.as_str()) {
            Some(_) => sink.push(
                file,
                def.label_span.clone(),
                Code::FootnoteDuplicate,
                format!("footnote {} is defined twice in {where_}", def.label),
            ),
            None => {
                first_def.insert(&def.label, def.label_span.start);
            }
        }
    }
    // `[^2-2]`: how the TEI import writes a second note numbered 2 in a
    // document (FRUS's file numbers two notes alike). It is still a repeat.
    for def in &defs {
        let Some((number, _)) = repeated_number(&def.label) else {
            continue;
        };
        if first_def.contains_key(number) {
            sink.push(
                file,
                def.label_span.clone(),
                Code::FootnoteDuplicate,
                format!(
                    "footnote {number} is numbered twice in {where_}: `{}` is the second footnote {number}",
                    def.label
                ),
            );
        }
    }

    for r in &refs {
        if r.in_definition {
            sink.push(
                file,
                r.span.clone(),
                Code::FootnoteNested,
                format!(
                    "footnote marker {} inside a footnote; FRUS footnotes do not carry footnotes",
                    say.marker(&r.label)
                ),
            );
        }
        if !first_def.contains_key(r.label.as_str()) {
            sink.push(
                file,
                r.span.clone(),
                Code::FootnoteUndefined,
                format!("footnote {} is not defined in {where_}", r.label),
            );
        }
    }

    // `footnote 3` in prose refers to a footnote of the same document too.
    let phrase_refs: Set<&str> = in_scope(&facts.references, scope)
        .iter()
        .filter_map(|r| match &r.target {
            Target::Footnote {
                volume: None,
                document: None,
                footnote,
            } => Some(footnote.as_str()),
            _ => None,
        })
        .collect();
    let referenced: Set<&str> = refs.iter().map(|r| r.label.as_str()).collect();
    let mut reported_unused = Set::default();
    for def in &defs {
        if !referenced.contains(def.label.as_str())
            && !phrase_refs.contains(def.label.as_str())
            && reported_unused.insert(def.label.as_str())
        {
            sink.push(
                file,
                def.label_span.clone(),
                Code::FootnoteUnused,
                format!("footnote {} is never referred to in {where_}", def.label),
            );
        }
    }

    // Numbers in order of first reference: 1, 2, 3, … A source note numbered
    // 0 stands outside the count.
    let unnumbered_source = defs
        .iter()
        .any(|d| d.label == super::sources::UNNUMBERED_SOURCE && d.source.is_some());
    let mut seen = Set::default();
    let mut expected: u64 = 1;
    let mut counted = false;
    for r in refs.iter().filter(|r| !r.in_definition) {
        if !seen.insert(r.label.as_str())
            || (unnumbered_source && r.label == super::sources::UNNUMBERED_SOURCE)
        {
            continue;
        }
        // An undefined footnote is reported as such, not as out of order.
        let Ok(n) = r.label.parse::<u64>() else {
            continue;
        };
        if !first_def.contains_key(r.label.as_str()) {
            continue;
        }
        if !counted && runs_on_from.is_some_and(|last| n == last.saturating_add(1)) {
            expected = n;
        }
        counted = true;
        if n != expected {
            sink.push(
                file,
                r.span.clone(),
                Code::FootnoteSequence,
                format!(
                    "footnote {n} is referred to where footnote {expected} is expected; number the footnotes of {where_} in the order they are referred to"
                ),
            );
        }
        expected = expected.max(n.saturating_add(1));
    }
}

/// `2-2`, `2-3`: the number and the count of a label the TEI import gives a
/// footnote whose number an earlier one of its document has.
fn repeated_number(label: &str) -> Option<(&str, &str)> {
    let (number, count) = label.split_once('-')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (digits(number) && digits(count) && count != "0" && count != "1").then_some((number, count))
}
