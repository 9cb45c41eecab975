//! Completion inside source notes: after `Source: ` and after each comma
//! of the citation, the children of the path typed so far (most used
//! first); after the citation's full stop, the classification markings and
//! then, after `;`, the handling indicators; on a new footnote of a
//! document without a source note, a `Source: ` snippet.

use crate::facts::citation::{classification_of, key, CLASSIFICATIONS, HANDLING};
use crate::facts::{FootnoteDef, SourceNote, Span};
use crate::index::authority::{Authority, NodeId};
use crate::index::Workspace;
use std::path::Path;

/// What an item completes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    /// A repository, collection, series … of the authority.
    Archive,
    Classification,
    Handling,
    /// The `Source: ` label of a new source note.
    SourceLabel,
}

/// One proposal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompletionItem {
    pub label: String,
    /// `cited in 12 source notes, e.g. Document 256`.
    pub detail: String,
    /// The text that replaces [`Completions::replace`].
    pub insert_text: String,
    /// The same in LSP snippet syntax, for clients that take snippets.
    pub snippet: Option<String>,
    pub kind: ItemKind,
}

/// The proposals at a position, best first, and the range they replace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completions {
    pub replace: Span,
    pub items: Vec<CompletionItem>,
}

/// Completion at a byte offset of a file; None where nothing is proposed.
pub fn complete(
    ws: &Workspace,
    authority: &Authority,
    file: usize,
    offset: usize,
) -> Option<Completions> {
    let f = ws.files.get(file)?;
    let text = f.load_text()?;
    if offset > text.len() || !text.is_char_boundary(offset) {
        return None;
    }
    let volume = &ws.volume_of(file).id;
    let sources = f
        .facts
        .footnotes
        .iter()
        .filter_map(|d| Some((d, d.source.as_ref()?)));
    for (ordinal, (def, note)) in sources.enumerate() {
        if in_note(&text, def, note, offset) {
            let here = (&*f.path, ordinal);
            return in_source_note(&text, authority, volume, note, here, offset);
        }
    }
    new_source_note(ws, file, &text, offset)
}

/// Whether the offset is in a source note, after its label: inside its text
/// or in white space after its end on the same line.
fn in_note(text: &str, def: &FootnoteDef, note: &SourceNote, offset: usize) -> bool {
    if offset < note.label_span.end || offset > def.span.end.max(def.text_span.end) {
        return false;
    }
    offset <= def.text_span.end
        || text
            .get(def.text_span.end..offset)
            .is_some_and(|gap| gap.chars().all(|c| c == ' ' || c == '\t'))
}

/// The note being completed: its file, and which of the file's source
/// notes it is.
type Here<'a> = (&'a Path, usize);

fn in_source_note(
    text: &str,
    authority: &Authority,
    volume: &str,
    note: &SourceNote,
    here: Here,
    offset: usize,
) -> Option<Completions> {
    match &note.full_stop {
        Some(stop) if offset > stop.start => markings(text, authority, stop.end, offset),
        _ => archives(text, authority, volume, note, here, offset),
    }
}

fn archives(
    text: &str,
    authority: &Authority,
    volume: &str,
    note: &SourceNote,
    here: Here,
    offset: usize,
) -> Option<Completions> {
    let k = note
        .components
        .iter()
        .rposition(|c| c.slot.start <= offset)
        .unwrap_or(0);
    let comp = note.components.get(k)?;
    let before: Vec<&str> = note.components[..k]
        .iter()
        .map(|c| c.text.as_str())
        .collect();
    let parent: Option<NodeId> = if before.is_empty() {
        None
    } else {
        Some(authority.resolve(&before)?)
    };
    let mut start = if comp.text.is_empty() || comp.span.start > offset {
        offset
    } else {
        comp.span.start
    };
    let typed = text.get(start..offset)?;
    start += typed.len() - typed.trim_start().len();
    let partial = if !comp.text.is_empty() && offset >= comp.span.end {
        comp.text.to_string()
    } else {
        plain_words(text.get(start..offset)?)
    };
    let end = if !comp.text.is_empty() && offset <= comp.span.end && start <= comp.span.start {
        comp.span.end
    } else {
        offset
    };
    let lead = if text[..start].ends_with([',', ':']) {
        " "
    } else {
        ""
    };
    // The note being typed counts in the authority: its own component is
    // not a proposal unless something else uses that name too.
    let own = key(&comp.text);
    let mut scored: Vec<(u32, bool, bool, String, CompletionItem)> = Vec::new();
    for id in authority.children(parent) {
        let Some(info) = authority.info(id) else {
            continue;
        };
        let notes = if !own.is_empty() && key(&info.name) == own {
            info.notes.saturating_sub(1)
        } else {
            info.notes
        };
        if notes == 0 && info.listed == 0 && !info.shipped {
            continue;
        }
        if authority.is_suspect(id, volume) || !matches(&info.name, &partial) {
            continue;
        }
        let listed_here = authority.is_listed_in(id, volume);
        let detail = archive_detail(authority, id, notes, listed_here, info.listed, volume, here);
        scored.push((
            notes,
            listed_here,
            info.shipped,
            info.name.clone(),
            CompletionItem {
                insert_text: format!("{lead}{}", info.name),
                label: info.name,
                detail,
                snippet: None,
                kind: ItemKind::Archive,
            },
        ));
    }
    scored.sort_by(|a, b| {
        (b.0, b.1, b.2)
            .cmp(&(a.0, a.1, a.2))
            .then_with(|| a.3.cmp(&b.3))
    });
    Some(Completions {
        replace: start..end,
        items: scored.into_iter().map(|s| s.4).collect(),
    })
}

fn archive_detail(
    authority: &Authority,
    id: NodeId,
    notes: u32,
    listed_here: bool,
    listed: u32,
    volume: &str,
    here: Here,
) -> String {
    if notes > 0 {
        let citing: Vec<_> = authority
            .citing_notes(id)
            .into_iter()
            .filter(|c| !(c.file == here.0 && c.note == here.1))
            .collect();
        let example = citing
            .iter()
            .find(|c| c.volume == volume)
            .or_else(|| citing.first())
            .map(|c| format!(", e.g. {}", c.label(Some(volume))))
            .unwrap_or_default();
        let s = if notes == 1 { "" } else { "s" };
        return format!("cited in {notes} source note{s}{example}");
    }
    if listed_here {
        "listed in the volume's Sources".to_string()
    } else if listed > 0 {
        "listed in the Sources of another volume".to_string()
    } else {
        "a repository or collection FRUS cites (emend's list)".to_string()
    }
}

/// Whether a name is proposed for what has been typed: the typed text
/// begins the name or one of its words.
fn matches(name: &str, partial: &str) -> bool {
    let p = key(partial);
    if p.is_empty() {
        return true;
    }
    let k = key(name);
    k.starts_with(&p) || k.contains(&format!(" {p}"))
}

/// The words of a piece of source text without markup characters.
fn plain_words(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' => {
                // `{@HWA1}`: the id of a mention is not text.
                for d in chars.by_ref() {
                    if d == '}' {
                        break;
                    }
                }
            }
            '[' | ']' | '*' | '\\' => {}
            c => out.push(c),
        }
    }
    crate::syntax::normalize_space(&out)
}

/// How often the workspace uses a marking.
type UsesOf = fn(&Authority, &str) -> u32;

/// After the citation's full stop: the classification sentence.
fn markings(
    text: &str,
    authority: &Authority,
    rest_start: usize,
    offset: usize,
) -> Option<Completions> {
    let before = text.get(rest_start..offset)?;
    if before.contains('.') {
        return None;
    }
    let (start, partial, kind) = match before.rfind(';') {
        Some(semi) => {
            let first = before.split(';').next().unwrap_or("");
            classification_of(&plain_words(first))?;
            let after = &before[semi + 1..];
            let start = rest_start + semi + 1 + (after.len() - after.trim_start().len());
            (start, after.trim(), ItemKind::Handling)
        }
        None => {
            let start = rest_start + (before.len() - before.trim_start().len());
            (start, before.trim(), ItemKind::Classification)
        }
    };
    let lead = if text[..start].ends_with(['.', ';']) {
        " "
    } else {
        ""
    };
    let partial = key(&plain_words(partial));
    let already: Vec<String> = before.split(';').map(|p| key(&plain_words(p))).collect();
    let (list, uses): (&[&str], UsesOf) = match kind {
        ItemKind::Handling => (HANDLING, Authority::handling_uses),
        _ => (CLASSIFICATIONS, Authority::classification_uses),
    };
    let mut items: Vec<(u32, usize, CompletionItem)> = list
        .iter()
        .enumerate()
        .filter(|(_, m)| key(m).starts_with(&partial))
        .filter(|(_, m)| kind != ItemKind::Handling || !already.contains(&key(m)))
        .map(|(i, m)| {
            let n = uses(authority, m);
            let what = if kind == ItemKind::Handling {
                "handling or precedence indicator"
            } else {
                "classification marking"
            };
            let detail = match n {
                0 => what.to_string(),
                1 => format!("{what}, used in 1 source note"),
                n => format!("{what}, used in {n} source notes"),
            };
            (
                n,
                i,
                CompletionItem {
                    label: m.to_string(),
                    detail,
                    insert_text: format!("{lead}{m}"),
                    snippet: None,
                    kind,
                },
            )
        })
        .collect();
    if items.is_empty() {
        return None;
    }
    items.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    Some(Completions {
        replace: start..offset,
        items: items.into_iter().map(|i| i.2).collect(),
    })
}

/// On `[^1]: ` (or `[^1]: So`) in a document that has no source note: the
/// `Source: ` label, as text and as a snippet with the markings to choose.
fn new_source_note(ws: &Workspace, file: usize, text: &str, offset: usize) -> Option<Completions> {
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[line_start..offset];
    let rest = line.strip_prefix("[^")?;
    let close = rest.find("]:")?;
    let label = &rest[..close];
    if label.is_empty() || label.contains(char::is_whitespace) {
        return None;
    }
    let after = &rest[close + 2..];
    let typed = after.trim_start();
    if typed.len() > "Source:".len()
        || !"source:".starts_with(&typed.to_ascii_lowercase())
        || typed.contains(char::is_whitespace)
    {
        return None;
    }
    let facts = &ws.files.get(file)?.facts;
    let doc = facts
        .documents
        .iter()
        .find(|d| d.span.start <= offset && offset <= d.span.end)?;
    if facts
        .footnotes_in(doc.scope)
        .any(|f| f.source.is_some() && !(f.span.start <= offset && offset <= f.span.end))
    {
        return None;
    }
    let start = offset - typed.len();
    let lead = if after.is_empty() { " " } else { "" };
    let choices = CLASSIFICATIONS.join(",");
    Some(Completions {
        replace: start..offset,
        items: vec![CompletionItem {
            label: "Source:".to_string(),
            detail: format!(
                "source note of Document {}: where the original lies",
                doc.number
            ),
            insert_text: format!("{lead}Source: "),
            snippet: Some(format!("{lead}Source: $1. ${{2|{choices}|}}.$0")),
            kind: ItemKind::SourceLabel,
        }],
    })
}
