//! The thing a cursor names, independent of where it was named: a
//! footnote, a document, a person, a term or a volume.

use super::at::At;
use crate::index::{DocRef, PageRef, Resolution, Workspace};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entity {
    Footnote {
        file: usize,
        scope: usize,
        label: String,
        /// Index into the file's `footnotes`, when defined.
        def: Option<usize>,
    },
    Document(DocRef),
    Person {
        volume: usize,
        id: String,
    },
    Term {
        volume: usize,
        id: String,
    },
    Volume(usize),
    /// A page of the printed volume: where its page break stands.
    Page(PageRef),
}

pub fn entity(ws: &Workspace, file: usize, at: At) -> Option<Entity> {
    let f = ws.files.get(file)?;
    let facts = &f.facts;
    let footnote_in = |file: usize, scope: usize, label: &str| {
        let def = ws.files[file]
            .facts
            .footnotes
            .iter()
            .position(|d| d.scope == scope && d.label == label);
        Entity::Footnote {
            file,
            scope,
            label: label.to_string(),
            def,
        }
    };
    Some(match at {
        At::FootnoteRef(i) => {
            let r = facts.footnote_refs.get(i)?;
            footnote_in(file, r.scope, &r.label)
        }
        At::FootnoteDef(i) => {
            let d = facts.footnotes.get(i)?;
            footnote_in(file, d.scope, &d.label)
        }
        At::Reference(i) => match ws.resolve(file, facts.references.get(i)?) {
            Resolution::Document(d) => Entity::Document(d),
            Resolution::Footnote(fr) => {
                let d = ws.files[fr.file].facts.footnotes.get(fr.index)?;
                footnote_in(fr.file, d.scope, &d.label)
            }
            Resolution::Volume(v) => Entity::Volume(v),
            Resolution::Page(p) => Entity::Page(p),
            _ => return None,
        },
        At::PersonMention(i) => Entity::Person {
            volume: f.volume,
            id: facts.person_mentions.get(i)?.id.to_string(),
        },
        At::PersonEntry(i) => Entity::Person {
            volume: f.volume,
            id: facts.persons.get(i)?.id.to_string(),
        },
        At::TermMention(i) => Entity::Term {
            volume: f.volume,
            id: facts.term_mentions.get(i)?.id.to_string(),
        },
        At::TermEntry(i) => Entity::Term {
            volume: f.volume,
            id: facts.terms.get(i)?.id.to_string(),
        },
        At::DocumentHeading(i) => Entity::Document(DocRef { file, doc: i }),
    })
}
