//! Completion from the text before the cursor, so that it works inside
//! unfinished constructs (`[Okafor]{@` parses as an error, but still
//! completes to a person).

mod tei;

use crate::facts::{volume_id, ScopeKind, Span};
use crate::index::{number_key, SourceKind, Workspace};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    Person,
    Term,
    Footnote,
    Document,
    Volume,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub label: String,
    pub detail: String,
    pub kind: ItemKind,
    /// What replaces `replace`.
    pub insert: String,
    /// The text the editor filters on (the typed word must be its prefix).
    pub filter: String,
    /// Orders the items; the server's order is meant.
    pub sort: String,
    /// The partial word the item replaces.
    pub replace: Span,
}

fn is_id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')
}

/// Completions at `offset` of `file`, whose text is `text`: the text its
/// facts in the workspace were made from.
pub fn complete(ws: &Workspace, file: usize, text: &str, offset: usize) -> Vec<Item> {
    if ws
        .files
        .get(file)
        .is_some_and(|f| f.kind == SourceKind::Tei)
    {
        return tei::complete(ws, file, text, offset);
    }
    let Some(before) = text.get(..offset) else {
        return Vec::new();
    };
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = &before[line_start..];
    let partial_len = line.len() - line.trim_end_matches(is_id_char).len();
    let partial = &line[line.len() - partial_len..];
    let stem = &line[..line.len() - partial_len];
    let replace = offset - partial_len..offset;
    let after = &text[offset..];

    let close = if after.starts_with('}') { "" } else { "}" };
    if stem.ends_with("{@") {
        return registry(ws, file, partial, replace, close, true);
    }
    if stem.ends_with("{=") {
        return registry(ws, file, partial, replace, close, false);
    }
    if stem.ends_with("[^") {
        return footnotes(ws, file, offset, partial, replace, after);
    }
    let digits = partial.chars().all(|c| c.is_ascii_alphanumeric());
    if digits && after_document_word(stem) {
        let volume = cited_volume(stem).and_then(|id| ws.volume_index_of(&id));
        let volume = volume.unwrap_or_else(|| ws.files[file].volume);
        return documents(ws, volume, partial, replace);
    }
    if let Some(years) = volume_numeral_context(stem) {
        return volumes(ws, &years, partial, replace);
    }
    Vec::new()
}

/// `{@` persons or `{=` terms: label = id, detail = name and
/// identification, `close` written after the id. A partial word matches
/// ids and the words of names, so typing a surname finds the person.
fn registry(
    ws: &Workspace,
    file: usize,
    partial: &str,
    replace: Span,
    close: &str,
    persons: bool,
) -> Vec<Item> {
    let volume = &ws.volumes[ws.files[file].volume];
    let table = if persons {
        &volume.persons
    } else {
        &volume.terms
    };
    let needle = partial.to_lowercase();
    // TEI ids begin with their kind (`p_`, `t_`): the word after it may be
    // a name's, and the filter text keeps the prefix typed.
    let (typed_prefix, word_needle) = match needle.rfind('_') {
        Some(i) => (&partial[..=i], &needle[i + 1..]),
        None => ("", needle.as_str()),
    };
    let mut items: Vec<Item> = table
        .iter()
        .filter_map(|(id, refs)| {
            let r = refs.first()?;
            let facts = &ws.files[r.file()].facts;
            let entry = if persons {
                &facts.persons[r.index()]
            } else {
                &facts.terms[r.index()]
            };
            let name = entry.name.clone().unwrap_or_default();
            let matched_word = if id.to_lowercase().starts_with(&needle) {
                Some(id.clone())
            } else {
                name.split(|c: char| !c.is_alphanumeric())
                    .chain(
                        entry
                            .description
                            .split(|c: char| !c.is_alphanumeric())
                            .filter(|_| !persons),
                    )
                    .find(|w| !word_needle.is_empty() && w.to_lowercase().starts_with(word_needle))
                    .map(|w| format!("{typed_prefix}{w} {id}"))
            };
            let filter = matched_word?;
            let detail = match (persons, name.is_empty()) {
                (true, false) if entry.description.is_empty() => name.clone(),
                (true, false) => format!("{name} — {}", entry.description).into(),
                _ => entry.description.clone(),
            };
            Some(Item {
                label: id.clone(),
                detail: detail.to_string(),
                kind: if persons {
                    ItemKind::Person
                } else {
                    ItemKind::Term
                },
                insert: format!("{id}{close}"),
                sort: format!(
                    "{}{}",
                    u8::from(!id.to_lowercase().starts_with(&needle)),
                    if persons { name.as_str() } else { id.as_str() }
                ),
                filter,
                replace: replace.clone(),
            })
        })
        .collect();
    items.sort_by(|a, b| a.sort.cmp(&b.sort));
    items
}

/// `[^`: the labels defined in this document but not yet referred to, then
/// the next free number.
fn footnotes(
    ws: &Workspace,
    file: usize,
    offset: usize,
    partial: &str,
    replace: Span,
    after: &str,
) -> Vec<Item> {
    let facts = &ws.files[file].facts;
    let scope = facts
        .scopes
        .iter()
        .enumerate()
        .filter(|(_, s)| s.span.start <= offset && offset <= s.span.end)
        .map(|(i, _)| i)
        .next_back()
        .unwrap_or(0);
    let close = if after.starts_with(']') { "" } else { "]" };
    let referenced = |label: &str| {
        facts.footnote_refs.iter().any(|r| {
            r.scope == scope
                && r.label == label
                && !(r.span.start <= offset && offset <= r.span.end)
        })
    };
    let mut items: Vec<Item> = facts
        .footnotes_in(scope)
        .filter(|d| !referenced(&d.label) && d.label.starts_with(partial))
        .enumerate()
        .map(|(i, d)| Item {
            label: d.label.to_string(),
            detail: shorten(&d.text, 80),
            kind: ItemKind::Footnote,
            insert: format!("{}{close}", d.label),
            filter: d.label.to_string(),
            sort: format!("0{i:04}"),
            replace: replace.clone(),
        })
        .collect();
    let highest = facts
        .footnotes_in(scope)
        .map(|d| d.label.as_str())
        .chain(
            facts
                .footnote_refs
                .iter()
                .filter(|r| r.scope == scope)
                .map(|r| r.label.as_str()),
        )
        .filter_map(|l| l.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    let next = (highest + 1).to_string();
    if next.starts_with(partial) && !items.iter().any(|i| i.label == next) {
        let owner = match facts.scopes.get(scope).map(|s| s.kind) {
            Some(ScopeKind::Document(d)) => format!(" of Document {}", facts.documents[d].number),
            _ => String::new(),
        };
        items.push(Item {
            label: next.clone(),
            detail: format!("new footnote{owner}"),
            kind: ItemKind::Footnote,
            insert: format!("{next}{close}"),
            filter: next,
            sort: "1".to_string(),
            replace,
        });
    }
    items
}

/// Does the text end with `Document `, `Documents 12, `, `Documents 12 and
/// ` or `Documents 12, 14, and ` (any case of the first letter)?
fn after_document_word(stem: &str) -> bool {
    let trimmed = stem.trim_end();
    if trimmed.len() == stem.len() {
        return false;
    }
    let words: Vec<&str> = trimmed.split_whitespace().collect();
    let Some(last) = words.last() else {
        return false;
    };
    let is_doc = |w: &str| matches!(w, "Document" | "document" | "Documents" | "documents");
    if is_doc(last) {
        return true;
    }
    // Inside a list: walk back over numbers, commas and "and" to `Documents`.
    let mut i = words.len();
    let mut saw_separator = false;
    while i > 0 {
        let w = words[i - 1].trim_end_matches(',');
        if matches!(words[i - 1], "Documents" | "documents") {
            return saw_separator;
        }
        let is_number = !w.is_empty()
            && w.chars()
                .all(|c| c.is_ascii_digit() || c == '–' || c == '-');
        if w == "and" || words[i - 1].ends_with(',') {
            saw_separator = true;
        } else if !is_number {
            return false;
        }
        i -= 1;
    }
    false
}

/// The volume a cross-volume phrase before the cursor names:
/// `Foreign Relations, 1964–1968, vol. II, Document ` → `frus1964-68v02`.
fn cited_volume(stem: &str) -> Option<String> {
    let at = stem.rfind("Foreign Relations")?;
    let phrase = crate::syntax::normalize_space(&stem[at..]);
    let end = phrase.rfind(", Document")?;
    volume_id::from_citation(&phrase[..end]).or_else(|| {
        // With a subtitle: cut at the first comma after the numeral.
        let vol = phrase.find("vol.")?;
        let cut = phrase[vol..].find(',').map(|c| vol + c)?;
        let part = phrase[cut..].trim_start_matches(", ");
        if part.starts_with("part") {
            let next = phrase[cut + 1..].find(',').map(|c| cut + 1 + c)?;
            return volume_id::from_citation(&phrase[..next]);
        }
        volume_id::from_citation(&phrase[..cut])
    })
}

/// After `Foreign Relations, 1964–1968, vol. `: the years, for filtering.
fn volume_numeral_context(stem: &str) -> Option<String> {
    let at = stem.rfind("Foreign Relations,")?;
    let phrase = crate::syntax::normalize_space(&stem[at..]);
    let rest = phrase.strip_prefix("Foreign Relations,")?.trim_start();
    let years_end = rest.find(',')?;
    let after = rest[years_end + 1..].trim_start();
    if after != "vol." || !stem.ends_with(char::is_whitespace) {
        return None;
    }
    Some(rest[..years_end].trim().to_string())
}

fn documents(ws: &Workspace, volume: usize, partial: &str, replace: Span) -> Vec<Item> {
    let v = &ws.volumes[volume];
    v.documents
        .iter()
        .filter_map(|r| {
            let d = &ws.files[r.file].facts.documents[r.doc];
            if !d.number.starts_with(partial) {
                return None;
            }
            let (n, suffix) = number_key(&d.number);
            Some(Item {
                label: d.number.to_string(),
                detail: d.title.to_string(),
                kind: ItemKind::Document,
                insert: d.number.to_string(),
                filter: d.number.to_string(),
                sort: format!("{n:010}{suffix}"),
                replace: replace.clone(),
            })
        })
        .collect()
}

fn volumes(ws: &Workspace, years: &str, partial: &str, replace: Span) -> Vec<Item> {
    let probe = format!("Foreign Relations, {years}, vol. I");
    let prefix = volume_id::from_citation(&probe)
        .map(|id| id.trim_end_matches("01").to_string())
        .unwrap_or_default();
    let mut items: Vec<Item> = ws
        .volumes
        .iter()
        .filter(|v| !prefix.is_empty() && v.id.starts_with(&prefix))
        .filter_map(|v| {
            let rest = &v.id[prefix.len()..];
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            let number: u32 = digits.parse().ok()?;
            let numeral = volume_id::to_roman(number);
            let part = rest[digits.len()..]
                .strip_prefix('p')
                .map(|p| format!(", part {p}"));
            let label = format!("{numeral}{}", part.clone().unwrap_or_default());
            if !label.to_lowercase().starts_with(&partial.to_lowercase()) {
                return None;
            }
            let title = v
                .volume_file
                .and_then(|f| ws.files[f].facts.divisions.first())
                .map(|d| d.title.clone())
                .unwrap_or_default();
            Some(Item {
                label: label.clone(),
                detail: format!("{} — {title}", v.id),
                kind: ItemKind::Volume,
                insert: label.clone(),
                filter: label,
                sort: format!("{number:04}{}", part.unwrap_or_default()),
                replace: replace.clone(),
            })
        })
        .collect();
    items.sort_by(|a, b| a.sort.cmp(&b.sort));
    items
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_word_contexts() {
        assert!(after_document_word("See Document "));
        assert!(after_document_word("see document "));
        assert!(after_document_word("See Documents 12, "));
        assert!(after_document_word("See Documents 12 and "));
        assert!(after_document_word("See Documents 12, 14, and "));
        assert!(!after_document_word("See Document"));
        assert!(!after_document_word("the Documents were 12 "));
        assert!(!after_document_word("See Documents 12 "));
    }

    #[test]
    fn cross_volume_contexts() {
        assert_eq!(
            cited_volume("Foreign Relations, 1964–1968, vol. II, Document ").as_deref(),
            Some("frus1964-68v02")
        );
        assert_eq!(
            cited_volume("Foreign Relations, 1964–1968, vol. II, Vietnam, 1965, Document ")
                .as_deref(),
            Some("frus1964-68v02")
        );
        assert_eq!(
            volume_numeral_context("See Foreign Relations, 1964–1968, vol. ").as_deref(),
            Some("1964–1968")
        );
        assert_eq!(volume_numeral_context("vol. "), None);
    }
}
