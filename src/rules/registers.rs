//! person-unknown, person-duplicate, person-unused, person-no-name,
//! term-unknown, term-duplicate, term-unused.

use super::{location, Code, Sink};
use crate::facts::{Entry, Mention};
use crate::index::{EntryRef, Workspace};
use std::collections::HashMap;

struct Register<'a> {
    noun: &'static str,
    entries: &'a HashMap<String, Vec<EntryRef>>,
    mentions: &'a HashMap<String, Vec<EntryRef>>,
    entry: fn(&crate::facts::FileFacts, usize) -> &Entry,
    mention_list: fn(&crate::facts::FileFacts) -> &[Mention],
    unknown: Code,
    duplicate: Code,
    unused: Code,
}

pub(super) fn check(ws: &Workspace, volume: usize, sink: &mut Sink) {
    let v = &ws.volumes[volume];
    let persons = Register {
        noun: "person",
        entries: &v.persons,
        mentions: &v.person_mentions,
        entry: |f, i| &f.persons[i],
        mention_list: |f| &f.person_mentions,
        unknown: Code::PersonUnknown,
        duplicate: Code::PersonDuplicate,
        unused: Code::PersonUnused,
    };
    let terms = Register {
        noun: "term",
        entries: &v.terms,
        mentions: &v.term_mentions,
        entry: |f, i| &f.terms[i],
        mention_list: |f| &f.term_mentions,
        unknown: Code::TermUnknown,
        duplicate: Code::TermDuplicate,
        unused: Code::TermUnused,
    };
    for register in [&persons, &terms] {
        check_register(ws, volume, register, sink);
    }
    for &file in &v.files {
        for e in &ws.files[file].facts.persons {
            if e.name.as_deref().is_none_or(|n| n.trim().is_empty()) {
                sink.push(
                    file,
                    e.id_span.clone(),
                    Code::PersonNoName,
                    format!(
                        "person entry {} has no name: begin it with the name in bold, `[@{}]: **Surname, Given**, …`",
                        e.id, e.id
                    ),
                );
            }
        }
    }
}

fn check_register(ws: &Workspace, volume: usize, reg: &Register, sink: &mut Sink) {
    let v = &ws.volumes[volume];
    let mut ids: Vec<&String> = reg.entries.keys().collect();
    ids.sort();
    for id in ids {
        let refs = &reg.entries[id];
        let Some(first) = refs.first() else { continue };
        let first_entry = (reg.entry)(&ws.files[first.file].facts, first.index);
        for dup in refs.iter().skip(1) {
            let e = (reg.entry)(&ws.files[dup.file].facts, dup.index);
            sink.push(
                dup.file,
                e.id_span.clone(),
                reg.duplicate,
                format!(
                    "{} {id} is already registered at {}",
                    reg.noun,
                    location(ws, first.file, first_entry.span.start)
                ),
            );
        }
        if !reg.mentions.contains_key(id) {
            sink.push(
                first.file,
                first_entry.id_span.clone(),
                reg.unused,
                format!(
                    "{} {id} is registered but never mentioned in volume {}",
                    reg.noun, v.id
                ),
            );
        }
    }

    for &file in &v.files {
        for m in (reg.mention_list)(&ws.files[file].facts) {
            if reg.entries.contains_key(&m.id) {
                continue;
            }
            let suggestions = suggest(ws, reg, m);
            let hint = match suggestions.as_slice() {
                [] => String::new(),
                [one] => format!("; did you mean {one}?"),
                many => format!("; did you mean one of {}?", many.join(", ")),
            };
            sink.push(
                file,
                m.id_span.clone(),
                reg.unknown,
                format!(
                    "{} {} is not in the register of volume {}{hint}",
                    reg.noun, m.id, v.id
                ),
            );
        }
    }
}

/// Close ids, then entries whose name holds the mention's words
/// (`[Rusk]{@RD2}` suggests `RD1`, "Rusk, Dean").
fn suggest(ws: &Workspace, reg: &Register, m: &Mention) -> Vec<String> {
    let mut out: Vec<String> =
        crate::suggest::closest(&m.id, reg.entries.keys().map(String::as_str), 3)
            .into_iter()
            .map(|id| describe(ws, reg, id))
            .collect();
    let words: Vec<String> = m
        .text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 2)
        .map(str::to_lowercase)
        .collect();
    if !words.is_empty() {
        let mut by_name: Vec<&String> = reg
            .entries
            .iter()
            .filter(|(_, refs)| {
                refs.first().is_some_and(|r| {
                    let e = (reg.entry)(&ws.files[r.file].facts, r.index);
                    let hay = e.name.as_deref().unwrap_or(&e.description).to_lowercase();
                    words.iter().all(|w| hay.contains(w.as_str()))
                })
            })
            .map(|(id, _)| id)
            .collect();
        by_name.sort();
        for id in by_name.into_iter().take(3) {
            let d = describe(ws, reg, id);
            if !out.contains(&d) {
                out.push(d);
            }
        }
    }
    out.truncate(3);
    out
}

fn describe(ws: &Workspace, reg: &Register, id: &str) -> String {
    let name = reg
        .entries
        .get(id)
        .and_then(|refs| refs.first())
        .and_then(|r| {
            let e = (reg.entry)(&ws.files[r.file].facts, r.index);
            e.name.clone()
        });
    match name {
        Some(n) => format!("{id} ({n})"),
        None => id.to_string(),
    }
}
