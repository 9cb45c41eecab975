//! person-unknown, person-duplicate, person-unused, person-no-name,
//! term-unknown, term-duplicate, term-unused, register-name-comma,
//! mention-empty.

use super::{location, Code, Edit, Fix, Sink};
use crate::facts::{Entry, FileFacts, Mention, TextEnd};
use crate::index::{register::Table, EntryRef, Register, Workspace};

/// One register and the codes its findings carry.
struct Rules<'a> {
    noun: &'static str,
    register: Register,
    entries: &'a Table,
    mentions: &'a Table,
    unknown: Code,
    duplicate: Code,
    unused: Code,
}

impl Rules<'_> {
    fn entry<'w>(&self, ws: &'w Workspace, r: &EntryRef) -> &'w Entry {
        &self.register.entries_of(&ws.files[r.file()].facts)[r.index()]
    }
}

/// The two registers of a volume with their codes.
fn registers(ws: &Workspace, volume: usize) -> [Rules<'_>; 2] {
    let rules = |register: Register, noun, unknown, duplicate, unused| {
        let (entries, mentions) = register.tables(ws, volume);
        Rules {
            noun,
            register,
            entries,
            mentions,
            unknown,
            duplicate,
            unused,
        }
    };
    [
        rules(
            Register::Persons,
            "person",
            Code::PersonUnknown,
            Code::PersonDuplicate,
            Code::PersonUnused,
        ),
        rules(
            Register::Terms,
            "term",
            Code::TermUnknown,
            Code::TermDuplicate,
            Code::TermUnused,
        ),
    ]
}

/// Entries registered twice or never mentioned, across the volume.
pub(super) fn check(ws: &Workspace, volume: usize, sink: &mut Sink) {
    for register in &registers(ws, volume) {
        check_register(ws, volume, register, sink);
    }
}

/// In one file: mentions of no entry of the volume's registers, and the
/// form of its own entries and mentions. Reads of the rest of the volume
/// only its registers' entries.
pub(super) fn check_file(ws: &Workspace, file: usize, sink: &mut Sink) {
    let Some(source) = ws.files.get(file) else {
        return;
    };
    for register in &registers(ws, source.volume) {
        unknown_mentions(ws, file, register, sink);
    }
    {
        let facts = &source.facts;
        for (e, noun) in facts
            .persons
            .iter()
            .map(|e| (e, "person"))
            .chain(facts.terms.iter().map(|e| (e, "term")))
        {
            name_comma(file, facts, e, noun, sink);
        }
        let say = super::wording::Wording::of(&ws.files[file]);
        let mentions = [
            ("person", true, &facts.person_mentions),
            ("term", false, &facts.term_mentions),
        ];
        for (noun, person, list) in mentions {
            for m in list.iter().filter(|m| m.blank) {
                sink.push(
                    file,
                    m.span.clone(),
                    Code::MentionEmpty,
                    format!(
                        "the {noun} mention of {} has no text, and FRUS does not allow an empty element: write the words it tags inside it, `{}`, or delete it",
                        m.id,
                        say.mention("name", &m.id, person)
                    ),
                );
            }
        }
        for e in &facts.persons {
            if e.name.as_deref().is_none_or(|n| n.trim().is_empty()) {
                sink.push(
                    file,
                    e.id_span.clone(),
                    Code::PersonNoName,
                    format!(
                        "person entry {} has no name: {}",
                        e.id,
                        say.name_entry(&e.id)
                    ),
                );
            }
        }
    }
}

/// register-name-comma: the export writes the bold name as the entry's
/// `persName` or `term`, and FRUS's Schematron (F22, F24) wants the comma
/// that separates it from the identification outside that element.
fn name_comma(file: usize, facts: &FileFacts, e: &Entry, noun: &str, sink: &mut Sink) {
    let Some(bold) = &e.bold else { return };
    match &bold.end {
        TextEnd::Char(',', comma) => {
            let mut edits = vec![Edit {
                span: comma.clone(),
                new_text: String::new(),
            }];
            // `**Rusk, Dean,**, Secretary` has its comma outside already.
            if !bold.comma_after {
                edits.push(Edit {
                    span: bold.span.end..bold.span.end,
                    new_text: ",".to_string(),
                });
            }
            sink.push_fixed(
                file,
                comma.clone(),
                Code::RegisterNameComma,
                format!(
                    "the name of {noun} {} ends with a comma inside the bold (`**{}**`); FRUS keeps the comma outside the name: write it after the closing `**`",
                    e.id, bold.text
                ),
                Fix {
                    title: "Move the comma after the closing `**`".to_string(),
                    edits,
                },
            );
        }
        TextEnd::Marker(label) => {
            let note = facts
                .footnote_index(e.scope, label)
                .and_then(|i| facts.footnotes.get(i));
            if let Some(note) = note.filter(|n| n.text.ends_with(',')) {
                sink.push(
                    file,
                    note.label_span.clone(),
                    Code::RegisterNameComma,
                    format!(
                        "footnote [^{label}] ends the bold name of {noun} {} and its text ends with a comma, which the export writes inside the name; end the note without the comma",
                        e.id
                    ),
                );
            }
        }
        _ => {}
    }
}

fn check_register(ws: &Workspace, volume: usize, reg: &Rules, sink: &mut Sink) {
    let v = &ws.volumes[volume];
    let mut ids: Vec<&String> = reg.entries.keys().collect();
    ids.sort();
    for id in ids {
        let refs = &reg.entries[id];
        let Some(first) = refs.first() else { continue };
        let first_entry = reg.entry(ws, first);
        for dup in refs.iter().skip(1) {
            let e = reg.entry(ws, dup);
            sink.push(
                dup.file(),
                e.id_span.clone(),
                reg.duplicate,
                format!(
                    "{} {id} is already registered at {}",
                    reg.noun,
                    location(ws, first.file(), first_entry.span.start)
                ),
            );
        }
        if !reg.mentions.contains_key(id) {
            sink.push(
                first.file(),
                first_entry.id_span.clone(),
                reg.unused,
                format!(
                    "{} {id} is registered but never mentioned in volume {}",
                    reg.noun, v.id
                ),
            );
        }
    }
}

fn unknown_mentions(ws: &Workspace, file: usize, reg: &Rules, sink: &mut Sink) {
    let v = ws.volume_of(file);
    {
        for m in reg.register.mentions_of(&ws.files[file].facts) {
            if reg.entries.contains_key(m.id.as_str()) {
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
fn suggest(ws: &Workspace, reg: &Rules, m: &Mention) -> Vec<String> {
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
                    let e = reg.entry(ws, r);
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

fn describe(ws: &Workspace, reg: &Rules, id: &str) -> String {
    let name = reg
        .entries
        .get(id)
        .and_then(|refs| refs.first())
        .and_then(|r| reg.entry(ws, r).name.clone());
    match name {
        Some(n) => format!("{id} ({n})"),
        None => id.to_string(),
    }
}
