//! id-duplicate: two things the TEI export gives one `xml:id` (FRUS's
//! Schematron, frus-id-checks.sch I14), where no other code reports the
//! pair already (`docs/schematron.md`).

use super::{file_name, location, Code, Sink};
use crate::facts::{Division, Document, Entry, FootnoteDef, PageBreak, PageNumber, ScopeKind};
use crate::hash::{Map, Set};
use crate::index::layout::COMPILATION_ID;
use crate::index::{Volume, Workspace};
use crate::tei::ids;
use std::hash::BuildHasher;
use std::rc::Rc;

/// What the export writes an id for.
enum What<'w> {
    Compilation,
    Document(&'w Document),
    Division(&'w Division),
    /// A chapter folder without a heading: the folder is its id. Its first
    /// document stands for it.
    ChapterFolder(&'w str, &'w Document),
    /// A footnote, with the id of the document or division it belongs to.
    Note(&'w FootnoteDef, Rc<str>),
    Page(&'w PageBreak),
    Person(&'w Entry),
    Term(&'w Entry),
}

struct Holder<'w> {
    id: String,
    /// None for the compilation, which no file holds.
    file: Option<usize>,
    what: What<'w>,
}

impl Holder<'_> {
    fn span(&self) -> crate::facts::Span {
        match &self.what {
            What::Compilation => 0..0,
            What::Document(d) | What::ChapterFolder(_, d) => d.number_span.clone(),
            What::Division(d) => d.heading_span.clone(),
            What::Note(n, _) => n.label_span.clone(),
            What::Page(p) => p.span.clone(),
            What::Person(e) | What::Term(e) => e.id_span.clone(),
        }
    }

    /// How the holder's file writes things (the markup's for the
    /// compilation, which no file holds).
    fn wording(&self, ws: &Workspace) -> super::wording::Wording {
        self.file
            .and_then(|f| ws.files.get(f))
            .map(|f| super::wording::Wording::of(f))
            .unwrap_or_default()
    }

    fn describe(&self, ws: &Workspace) -> String {
        let at = |span: crate::facts::Span| match self.file {
            Some(f) => format!(" ({})", location(ws, f, span.start)),
            None => String::new(),
        };
        let say = self.wording(ws);
        match &self.what {
            What::Compilation => {
                "the compilation that holds the chapters (the export writes it whenever the volume has chapters)".to_string()
            }
            What::Document(d) => format!("Document {}{}", d.number, at(d.heading_span.clone())),
            What::Division(d) => format!("division `{}`{}", d.title, at(d.heading_span.clone())),
            What::ChapterFolder(folder, _) => format!("chapter folder `{folder}`"),
            What::Note(n, holder) => {
                let file = self.file.map(|f| file_name(ws, f)).unwrap_or_default();
                format!("footnote {} of `{holder}` in {file}", say.marker(&n.label))
            }
            What::Page(p) => format!("page break {}{}", say.page(&p.label), at(p.span.clone())),
            What::Person(e) => format!("person {}{}", e.id, at(e.span.clone())),
            What::Term(e) => format!("term {}{}", e.id, at(e.span.clone())),
        }
    }

    /// How to give this one an id of its own.
    fn hint(&self, ws: &Workspace) -> &'static str {
        let tei = self.wording(ws).is_tei();
        match &self.what {
            What::Document(_) | What::Division(_) if tei => "change one of their `xml:id`s",
            What::Note(..) if tei => "change the note's `xml:id`",
            What::Compilation => "",
            What::Document(d) if d.id != format!("d{}", d.number) => "change its `Id:` line",
            What::Document(_) => "give one of them an `Id:` line of its own",
            What::Division(d) if d.id.is_some() => "change its `Id:` line",
            What::Division(_) => "add an `Id:` line under its heading, or rename its file",
            What::ChapterFolder(..) => {
                "rename the folder, or give it a `chapter.emd` with an `Id:` line"
            }
            What::Note(..) => "change the footnote's label",
            What::Page(_) => "correct the page number",
            What::Person(_) => "change one of the ids",
            What::Term(_) => {
                "change one of the labels (the export adds `1` to a label that does not end in a digit)"
            }
        }
    }
}

/// A pair that another code reports already, or that follows from a pair
/// reported elsewhere (the notes of two documents with one id).
fn reported_elsewhere(a: &What, b: &What) -> bool {
    match (a, b) {
        (What::Document(x), What::Document(y)) => x.number == y.number,
        (What::Note(_, x), What::Note(_, y)) => x == y,
        (What::Person(_), What::Person(_)) => true,
        (What::Term(x), What::Term(y)) => x.id == y.id,
        (What::Page(x), What::Page(y)) => {
            x.number != PageNumber::Unreadable && y.number != PageNumber::Unreadable
        }
        _ => false,
    }
}

pub(super) fn check(ws: &Workspace, volume: usize, sink: &mut Sink) {
    let v = &ws.volumes[volume];
    // Most volumes have no id twice: a pass that only hashes the ids finds
    // those that may be, and only those are looked at closely.
    let state = foldhash::fast::FixedState::default();
    let mut hashes: Vec<u64> = Vec::new();
    holders(ws, v, &mut |id| {
        hashes.push(state.hash_one(id));
        false
    });
    hashes.sort_unstable();
    let twice: Set<u64> = hashes
        .windows(2)
        .filter(|w| w[0] == w[1])
        .map(|w| w[0])
        .collect();
    if twice.is_empty() {
        return;
    }
    let holders = holders(ws, v, &mut |id| twice.contains(&state.hash_one(id)));
    let mut by_id: Map<&str, Vec<usize>> = Map::default();
    for (i, h) in holders.iter().enumerate() {
        by_id.entry(h.id.as_str()).or_default().push(i);
    }
    for group in by_id.values().filter(|g| g.len() > 1) {
        let first = &holders[group[0]];
        for (k, &i) in group.iter().enumerate().skip(1) {
            let h = &holders[i];
            let Some(file) = h.file else { continue };
            if group[..k]
                .iter()
                .any(|&j| reported_elsewhere(&holders[j].what, &h.what))
            {
                continue;
            }
            sink.push(
                file,
                h.span(),
                Code::IdDuplicate,
                format!(
                    "the export gives {} the id `{}`, which it also gives {}; FRUS's Schematron requires every `xml:id` to be unique: {}",
                    h.describe_bare(ws),
                    h.id,
                    first.describe(ws),
                    h.hint(ws)
                ),
            );
        }
    }
}

impl Holder<'_> {
    /// [`Holder::describe`] without the place, for the finding at it.
    fn describe_bare(&self, ws: &Workspace) -> String {
        match &self.what {
            What::Document(d) => format!("Document {}", d.number),
            What::Division(d) => format!("division `{}`", d.title),
            What::Page(p) => format!("page break {}", self.wording(ws).page(&p.label)),
            What::Person(e) => format!("person {}", e.id),
            What::Term(e) => format!("term {}", e.id),
            _ => self.describe(ws),
        }
    }
}

/// Every id the export writes for the volume that `wanted` wants, in the
/// order of the files and of the places in them; the compilation first.
fn holders<'w>(
    ws: &'w Workspace,
    v: &'w Volume,
    wanted: &mut dyn FnMut(&str) -> bool,
) -> Vec<Holder<'w>> {
    let mut out = Vec::new();
    let layout = &v.layout;
    // A titled compilation is a division of a file, with its own `Id:`.
    if layout.compilation_start().is_some()
        && layout.compilation.is_none()
        && wanted(COMPILATION_ID)
    {
        out.push(Holder {
            id: COMPILATION_ID.to_string(),
            file: None,
            what: What::Compilation,
        });
    }
    let mut placed: Vec<(usize, usize, Holder)> = Vec::new();
    for c in layout
        .chapters
        .iter()
        .filter(|c| c.is_folder && c.heading.is_none())
    {
        let Some((_, at)) = c.documents.first() else {
            continue;
        };
        let Some(d) = ws.files[at.file].facts.document_of_scope(at.scope) else {
            continue;
        };
        if !wanted(&c.folder) {
            continue;
        }
        placed.push((
            at.file,
            d.heading_span.start,
            Holder {
                id: c.folder.clone(),
                file: Some(at.file),
                what: What::ChapterFolder(&c.folder, d),
            },
        ));
    }
    for &f in v.files.iter().filter(|&&f| Some(f) != v.volume_file) {
        let file = &ws.files[f];
        let facts = &file.facts;
        let mut put = |offset: usize, id: &str, what: What<'w>| {
            if !wanted(id) {
                return;
            }
            placed.push((
                f,
                offset,
                Holder {
                    id: id.to_string(),
                    file: Some(f),
                    what,
                },
            ));
        };
        // The id of each scope; the part before the first heading is not
        // exported and has none.
        let mut scope_ids: Vec<Option<Rc<str>>> = vec![None; facts.scopes.len()];
        for (i, s) in facts.scopes.iter().enumerate() {
            match s.kind {
                ScopeKind::Preamble => {}
                ScopeKind::Document(d) => {
                    if let Some(doc) = facts.documents.get(d) {
                        scope_ids[i] = Some(Rc::from(doc.id.as_str()));
                        put(doc.heading_span.start, &doc.id, What::Document(doc));
                    }
                }
                ScopeKind::Division(d) => {
                    if let (Some(div), Some(id)) = (facts.divisions.get(d), v.division_id(file, i))
                    {
                        put(div.heading_span.start, &id, What::Division(div));
                        scope_ids[i] = Some(Rc::from(id));
                    }
                }
            }
        }
        // One buffer for the ids of the notes, which are most of them.
        let mut note_id = String::new();
        for n in &facts.footnotes {
            if let Some(Some(holder)) = scope_ids.get(n.scope) {
                note_id.clear();
                ids::write_note_id(&mut note_id, holder, &n.label);
                put(n.label_span.start, &note_id, What::Note(n, holder.clone()));
            }
        }
        for p in facts.page_breaks.iter().filter(|p| p.scope > 0) {
            if let Some(id) = crate::facts::page_xml_id(&p.label) {
                put(p.span.start, &id, What::Page(p));
            }
        }
        for e in facts.persons.iter().filter(|e| e.scope > 0) {
            put(e.span.start, &ids::person_to_tei(&e.id), What::Person(e));
        }
        for e in facts.terms.iter().filter(|e| e.scope > 0) {
            put(e.span.start, &ids::term_to_tei(&e.id), What::Term(e));
        }
    }
    placed.sort_by_key(|(f, offset, _)| (*f, *offset));
    out.extend(placed.into_iter().map(|(_, _, h)| h));
    out
}
