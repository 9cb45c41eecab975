//! Completion in a TEI file: the ids an attribute value points at, where
//! FRUS writes them — `persName/@corresp` a person of the register,
//! `gloss/@target` a term, `ref/@target` a document or a note (of this
//! volume after `#`, of another after `frus…#`). Read from the text before
//! the cursor, so that a tag half typed completes too.

use super::{is_id_char, registry, Item, ItemKind};
use crate::facts::Span;
use crate::index::{number_key, Workspace};

/// The attribute whose value the cursor is in: the element's name, the
/// attribute's name, and the value up to the cursor.
struct InValue<'t> {
    element: &'t str,
    attribute: &'t str,
    value: &'t str,
}

/// Whether `before` (the text up to the cursor) ends inside a quoted
/// attribute value of a start tag, and which.
fn in_value(before: &str) -> Option<InValue<'_>> {
    let lt = before.rfind('<')?;
    let tag = &before[lt + 1..];
    let name_end = tag.find(|c: char| c.is_whitespace())?;
    let element = &tag[..name_end];
    if element.is_empty() || element.starts_with(['/', '!', '?']) {
        return None;
    }
    // Walk the attributes: outside a value, `>` ends the tag.
    let mut quote = None;
    let mut value_start = 0;
    for (i, c) in tag.char_indices().skip(name_end) {
        match (quote, c) {
            (None, '>') => return None,
            (None, '"' | '\'') => {
                quote = Some(c);
                value_start = i + 1;
            }
            (Some(q), c) if c == q => quote = None,
            _ => {}
        }
    }
    quote?;
    let before_value = tag[..value_start - 1].trim_end();
    let name = before_value.strip_suffix('=')?.trim_end();
    let attribute = &name[name.rfind(char::is_whitespace).map_or(0, |i| i + 1)..];
    Some(InValue {
        element: local(element),
        attribute,
        value: &tag[value_start..],
    })
}

fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

/// Completions at `offset` of a TEI file whose text is `text`.
pub fn complete(ws: &Workspace, file: usize, text: &str, offset: usize) -> Vec<Item> {
    let Some(before) = text.get(..offset) else {
        return Vec::new();
    };
    let Some(at) = in_value(before) else {
        return Vec::new();
    };
    let partial_len = at.value.len() - at.value.trim_end_matches(is_id_char).len();
    let partial = &at.value[at.value.len() - partial_len..];
    let pointer = &at.value[..at.value.len() - partial_len];
    let replace = offset - partial_len..offset;
    match (at.element, at.attribute, pointer) {
        ("persName", "corresp", "#") => registry(ws, file, partial, replace, "", true),
        ("gloss", "target", "#") => registry(ws, file, partial, replace, "", false),
        ("ref", "target", "#") => targets(ws, ws.files[file].volume, partial, replace),
        ("ref", "target", other) => match other.strip_suffix('#') {
            Some(volume) => match ws.volume_index_of(volume) {
                Some(v) => targets(ws, v, partial, replace),
                None => Vec::new(),
            },
            None => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// The documents of a volume by id (`d12`); once the id of one is typed,
/// its notes too (`d12fn3`).
fn targets(ws: &Workspace, volume: usize, partial: &str, replace: Span) -> Vec<Item> {
    let v = &ws.volumes[volume];
    let mut items: Vec<Item> = Vec::new();
    for r in &v.documents {
        let facts = &ws.files[r.file].facts;
        let d = &facts.documents[r.doc];
        let (n, suffix) = number_key(&d.number);
        if d.id.starts_with(partial) {
            items.push(Item {
                label: d.id.to_string(),
                detail: format!("Document {}. {}", d.number, d.title),
                kind: ItemKind::Document,
                insert: d.id.to_string(),
                filter: d.id.to_string(),
                sort: format!("0{n:010}{suffix}"),
                replace: replace.clone(),
            });
        }
        if !partial.starts_with(d.id.as_str()) {
            continue;
        }
        for (i, note) in facts.footnotes_in(d.scope).enumerate() {
            let id = format!("{}fn{}", d.id, note.label);
            if !id.starts_with(partial) {
                continue;
            }
            items.push(Item {
                label: id.clone(),
                detail: format!(
                    "footnote {} of Document {}: {}",
                    note.label,
                    d.number,
                    super::shorten(&note.text, 60)
                ),
                kind: ItemKind::Footnote,
                insert: id.clone(),
                filter: id,
                sort: format!("1{i:05}"),
                replace: replace.clone(),
            });
        }
    }
    items.sort_by(|a, b| a.sort.cmp(&b.sort));
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_value_being_typed_is_found() {
        let at = in_value(r##"<p>See <persName corresp="#p_R"##).expect("in a value");
        assert_eq!(
            (at.element, at.attribute, at.value),
            ("persName", "corresp", "#p_R")
        );
        let at = in_value(r##"<ref rend="x" target='frus1964-68v02#d"##).expect("in a value");
        assert_eq!(
            (at.element, at.attribute, at.value),
            ("ref", "target", "frus1964-68v02#d")
        );
        let at = in_value(r##"<tei:gloss target = "#"##).expect("in a value");
        assert_eq!((at.element, at.attribute), ("gloss", "target"));
        assert!(in_value(r##"<ref target="#d1">Document"##).is_none());
        assert!(in_value(r##"<ref target="#d1" "##).is_none());
        assert!(in_value("text without tags").is_none());
        assert!(in_value("<!-- a=\"").is_none());
    }
}
