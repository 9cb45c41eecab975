//! register-division, chapter-no-document, document-outside-chapter,
//! heading-empty, attachment-editorial-note: the divisions the TEI export
//! writes, judged as FRUS's Schematron judges them (frus.sch F26–F29, F35,
//! F49, F52; `docs/schematron.md`).

use super::{file_name, location, Code, Edit, Fix, Sink};
use crate::facts::{Document, FileFacts, ScopeKind};
use crate::index::layout::{Chapter, Unit};
use crate::index::{SourceFile, Volume, Workspace};
use std::collections::BTreeMap;

pub(super) fn check(ws: &Workspace, volume: usize, sink: &mut Sink) {
    let v = &ws.volumes[volume];
    register_division(ws, v, sink);
    chapters(ws, v, sink);
    headings(ws, v, sink);
}

/// The files the export writes: all but `volume.emd`, whose headings after
/// the volume title it drops.
fn exported(v: &Volume) -> impl Iterator<Item = usize> + '_ {
    v.files
        .iter()
        .copied()
        .filter(move |&f| Some(f) != v.volume_file)
}

fn document_of(file: &SourceFile, scope: usize) -> Option<&Document> {
    file.facts.document_of_scope(scope)
}

// ----- register-division ---------------------------------------------------

/// What holds register entries: a document or division of a file, or a
/// sub-heading's part of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Holder {
    file: usize,
    scope: usize,
    section: Option<usize>,
}

#[derive(Default)]
struct Held {
    /// The first person and term entry (indices into the file's lists) and
    /// how many there are.
    persons: Option<(usize, usize)>,
    terms: Option<(usize, usize)>,
}

fn count(slot: &mut Option<(usize, usize)>, index: usize) {
    match slot {
        Some((_, n)) => *n += 1,
        None => *slot = Some((index, 1)),
    }
}

fn register_division(ws: &Workspace, v: &Volume, sink: &mut Sink) {
    let mut held: BTreeMap<Holder, Held> = BTreeMap::new();
    // Entries of each kind in the whole volume: persons, terms.
    let mut all = [0usize; 2];
    for f in exported(v) {
        let facts = &ws.files[f].facts;
        for (kind, list) in [&facts.persons, &facts.terms].into_iter().enumerate() {
            // The part before the first heading is not exported.
            for (i, e) in list.iter().enumerate().filter(|(_, e)| e.scope > 0) {
                let h = Holder {
                    file: f,
                    scope: e.scope,
                    section: e.section,
                };
                let entries = held.entry(h).or_default();
                let slot = if kind == 0 {
                    &mut entries.persons
                } else {
                    &mut entries.terms
                };
                count(slot, i);
                all[kind] += 1;
            }
        }
    }
    for (h, entries) in &held {
        // A division that holds term entries is checked for `terms` only,
        // as the first rule of the peer's pattern wins (F26 before F27).
        let (wanted, noun, (first, n), total) = match (entries.terms, entries.persons) {
            (Some(t), _) => ("terms", "term", t, all[1]),
            (None, Some(p)) => ("persons", "person", p, all[0]),
            (None, None) => continue,
        };
        let file = &ws.files[h.file];
        let facts = &file.facts;
        let entry = if wanted == "terms" {
            &facts.terms[first]
        } else {
            &facts.persons[first]
        };
        let them = if n == 1 {
            format!("a {noun} entry")
        } else {
            format!("{n} {noun} entries")
        };
        let elsewhere = wanted_elsewhere(ws, v, *h, wanted);
        let move_to = match &elsewhere {
            Some(at) => format!("move {} to the division `{wanted}` ({at})", it(n)),
            None => format!("move {} to one division with `Id: {wanted}`", it(n)),
        };
        let kind = facts.scopes.get(h.scope).map(|s| s.kind);
        let message = match (kind, h.section) {
            (Some(ScopeKind::Document(_)), _) => {
                let number = document_of(file, h.scope).map_or("", |d| d.number.as_str());
                format!(
                    "{them} in Document {number}; FRUS's Schematron requires the {noun} entries in the division with the id `{wanted}`: {move_to}"
                )
            }
            (Some(ScopeKind::Division(_)), Some(s)) => {
                let title = facts.sections.get(s).map_or("", |s| s.title.as_str());
                format!(
                    "{them} under the sub-heading `{title}`, which the export writes as a division without an id; FRUS's Schematron requires the division that holds them to have the id `{wanted}`: {move_to}"
                )
            }
            (Some(ScopeKind::Division(d)), None) => {
                let Some(id) = v.division_id(file, h.scope) else {
                    continue;
                };
                if id == wanted {
                    continue;
                }
                let Some(div) = facts.divisions.get(d) else {
                    continue;
                };
                let from = if div.id.is_some() {
                    "from its `Id:` line".to_string()
                } else {
                    format!("from the file name {}", file_name(ws, h.file))
                };
                let whole = n == total && elsewhere.is_none();
                let fix = id_line_fix(facts, d, wanted);
                let advice = if whole {
                    format!("give it `Id: {wanted}`")
                } else {
                    move_to
                };
                let message = format!(
                    "division `{}` holds {them}, and the export gives it the id `{id}` ({from}); FRUS's Schematron requires the division that holds them to have the id `{wanted}`: {advice}",
                    div.title
                );
                match fix.filter(|_| whole) {
                    Some(fix) => {
                        sink.push_fixed(
                            h.file,
                            entry.id_span.clone(),
                            Code::RegisterDivision,
                            message,
                            fix,
                        );
                    }
                    None => sink.push(
                        h.file,
                        entry.id_span.clone(),
                        Code::RegisterDivision,
                        message,
                    ),
                }
                continue;
            }
            _ => continue,
        };
        sink.push(
            h.file,
            entry.id_span.clone(),
            Code::RegisterDivision,
            message,
        );
    }
}

fn it(n: usize) -> &'static str {
    if n == 1 {
        "it"
    } else {
        "them"
    }
}

/// Where another division or document of the volume already has the id.
fn wanted_elsewhere(ws: &Workspace, v: &Volume, here: Holder, id: &str) -> Option<String> {
    if let Some(r) = v.by_id.get(id).and_then(|refs| refs.first()) {
        let d = &ws.files[r.file].facts.documents[r.doc];
        return Some(location(ws, r.file, d.heading_span.start));
    }
    for f in exported(v) {
        let facts = &ws.files[f].facts;
        for div in &facts.divisions {
            if (f, div.scope) == (here.file, here.scope) {
                continue;
            }
            if v.division_id(&ws.files[f], div.scope).as_deref() == Some(id) {
                return Some(location(ws, f, div.heading_span.start));
            }
        }
    }
    None
}

/// `Id: persons` under a division's heading, or its `Id:` line changed.
fn id_line_fix(facts: &FileFacts, division: usize, id: &str) -> Option<Fix> {
    let div = facts.divisions.get(division)?;
    let line = facts
        .metadata
        .iter()
        .find(|m| m.key == "Id" && m.scope == div.scope);
    let edit = match line {
        // From after the colon, which follows the key directly: the
        // value's span may hold the space before it.
        Some(m) => Edit {
            span: m.key_span.end + 1..m.value_span.end.max(m.key_span.end + 1),
            new_text: format!(" {id}"),
        },
        None => {
            let eol = if div.heading_break.len() == 2 {
                "\r\n"
            } else {
                "\n"
            };
            Edit {
                span: div.heading_span.end..div.heading_span.end,
                new_text: format!("{eol}Id: {id}"),
            }
        }
    };
    Some(Fix {
        title: format!("Give the division `Id: {id}`"),
        edits: vec![edit],
    })
}

// ----- chapter-no-document, document-outside-chapter -----------------------

fn chapters(ws: &Workspace, v: &Volume, sink: &mut Sink) {
    let layout = &v.layout;
    if let Some(c) = layout.compilation.and_then(|c| layout.chapters.get(c)) {
        let div = c
            .heading
            .and_then(|at| Some((at.file, division_of(&ws.files[at.file].facts, at.scope)?)));
        if let (Some((file, div)), 0) = (div, layout.documents_in_compilation()) {
            sink.push(
                file,
                div.heading_span.clone(),
                Code::ChapterNoDocument,
                format!(
                    "the compilation {} holds no document, in its folder or in a chapter: FRUS's Schematron warns about a compilation without documents",
                    describe(ws, c)
                ),
            );
        }
    }
    for (i, c) in layout.chapters.iter().enumerate() {
        if layout.documents_in_chapter(i) > 0 || Some(i) == layout.compilation {
            continue;
        }
        let Some(at) = c.heading else { continue };
        let Some(div) = division_of(&ws.files[at.file].facts, at.scope) else {
            continue;
        };
        let heads_another = c.is_folder
            && layout.chapters[..i]
                .iter()
                .any(|o| o.folder == c.folder && o.heading.is_some());
        let message = if heads_another {
            format!(
                "a second division in chapter folder `{}`: the export writes it as a chapter of its own, after the other chapters, and it holds no document (FRUS's Schematron warns of a chapter without documents); keep one division per chapter folder",
                c.folder
            )
        } else {
            format!(
                "chapter {} holds no document: the export writes a chapter without documents, which FRUS's Schematron warns about; put the chapter's documents in its folder, or move the division out of the folder if it is not a chapter",
                describe(ws, c)
            )
        };
        sink.push(
            at.file,
            div.heading_span.clone(),
            Code::ChapterNoDocument,
            message,
        );
    }

    let Some(start) = layout.compilation_start() else {
        return;
    };
    let titled = layout.compilation.and_then(|c| layout.chapters.get(c));
    let chapter_at = |i: usize| match layout.body.get(i) {
        Some(Unit::Chapter(c)) => layout.chapters.get(*c),
        _ => None,
    };
    for (i, unit) in layout.body.iter().enumerate() {
        let Unit::Document(at) = unit else { continue };
        // Before the compilation, a document's neighbour is the next one,
        // or the compilation itself; inside it, the units on either side.
        let next_to = if i < start {
            if i + 1 != start {
                continue;
            }
            match (titled, chapter_at(start)) {
                (Some(c), _) => format!("right before the compilation {}", describe(ws, c)),
                (None, Some(c)) => format!(
                    "right before the compilation of chapters, which begins with chapter {}",
                    describe(ws, c)
                ),
                (None, None) => continue,
            }
        } else {
            match (i.checked_sub(1).and_then(chapter_at), chapter_at(i + 1)) {
                (Some(c), _) | (None, Some(c)) => format!("beside chapter {}", describe(ws, c)),
                (None, None) => continue,
            }
        };
        let file = &ws.files[at.file];
        let Some(d) = document_of(file, at.scope) else {
            continue;
        };
        let in_compilation = titled.filter(|c| c.documents.iter().any(|(_, a)| a == at));
        let stands = match in_compilation {
            Some(c) => format!(
                "stands in the compilation's folder `{}`, outside the chapters",
                c.folder
            ),
            None => "stands outside the chapter folders".to_string(),
        };
        sink.push(
            at.file,
            d.number_span.clone(),
            Code::DocumentOutsideChapter,
            format!(
                "Document {} {stands}, and the export writes it {next_to}; FRUS's Schematron warns that a document next to a chapter or the compilation may be misplaced: move it into the folder of the chapter it belongs to",
                d.number,
            ),
        );
    }
}

fn division_of(facts: &FileFacts, scope: usize) -> Option<&crate::facts::Division> {
    match facts.scopes.get(scope)?.kind {
        ScopeKind::Division(d) => facts.divisions.get(d),
        _ => None,
    }
}

/// `“June 1965” (folder ch1)`, or the folder alone for a chapter without a
/// title.
fn describe(ws: &Workspace, c: &Chapter) -> String {
    let title = c
        .heading
        .and_then(|at| division_of(&ws.files[at.file].facts, at.scope))
        .map(|d| d.title.trim())
        .filter(|t| !t.is_empty());
    let place = match (c.is_folder, c.heading) {
        (true, _) => format!("folder `{}`", c.folder),
        (false, Some(at)) => file_name(ws, at.file),
        (false, None) => c.folder.clone(),
    };
    match title {
        Some(t) => format!("“{t}” ({place})"),
        None => format!("in {place}"),
    }
}

// ----- heading-empty, attachment-editorial-note ----------------------------

fn headings(ws: &Workspace, v: &Volume, sink: &mut Sink) {
    for f in exported(v) {
        let facts = &ws.files[f].facts;
        let say = super::wording::Wording::of(&ws.files[f]);
        for div in facts.divisions.iter().filter(|d| d.untitled) {
            sink.push(
                f,
                div.heading_span.clone(),
                Code::HeadingEmpty,
                format!(
                    "a division heading without a title: FRUS's Schematron requires a `head` with text; {}",
                    say.title_hint()
                ),
            );
        }
        for s in facts.sections.iter().filter(|s| s.scope > 0) {
            let in_document = document_of(&ws.files[f], s.scope);
            if s.untitled {
                let message = if say.is_tei() {
                    "an attachment with an empty `head`, which FRUS's Schematron does not allow; write its title in its `<head>`".to_string()
                } else {
                    let what = match in_document {
                        Some(_) => "an attachment with an empty `head`",
                        None => "a part of the division without a `head`",
                    };
                    format!(
                        "a sub-heading without a title: the export writes {what}, which FRUS's Schematron does not allow; write its title after the `##`"
                    )
                };
                sink.push(f, s.heading_span.clone(), Code::HeadingEmpty, message);
            }
            if let Some(d) = in_document.filter(|_| is_editorial_note(&s.title)) {
                let remedy = if say.is_tei() {
                    "make it a `<div type=\"document\">` of its own"
                } else {
                    "give it a heading `# N. Editorial Note`"
                };
                sink.push(
                    f,
                    s.heading_span.clone(),
                    Code::AttachmentEditorialNote,
                    format!(
                        "`{}` is an editorial note made an attachment of Document {}; FRUS treats an editorial note as a document of its own: {remedy}",
                        s.title.trim(),
                        d.number
                    ),
                );
            }
        }
    }
    for c in &v.layout.chapters {
        if c.heading.is_some() || !c.is_folder {
            continue;
        }
        let Some((_, at)) = c.documents.first() else {
            continue;
        };
        let Some(d) = document_of(&ws.files[at.file], at.scope) else {
            continue;
        };
        sink.push(
            at.file,
            d.number_span.clone(),
            Code::HeadingEmpty,
            format!(
                "chapter folder `{}` has no heading: the export writes its chapter without a `head`, which FRUS's Schematron requires; add `{}/chapter.emd` with the chapter's title, `# Title`",
                c.folder, c.folder
            ),
        );
    }
}

/// `Editorial Note`, `Editor’s Note` (or with `'`), in any case.
fn is_editorial_note(title: &str) -> bool {
    let t = crate::syntax::normalize_space(title).to_lowercase();
    matches!(
        t.as_str(),
        "editorial note" | "editor’s note" | "editor's note"
    )
}
