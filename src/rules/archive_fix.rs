//! `source-unknown-archive`: a repository or collection of a citation that
//! no known path has but that is a likely misspelling of a known sibling
//! ("Manuscript Divison" → "Manuscript Division"), and the edit that
//! corrects it.

use crate::facts::citation::{is_name, key};
use crate::facts::{SourceNote, Span};
use crate::index::authority::{Authority, NodeId};
use crate::index::Workspace;

/// Levels of a citation that name a repository or a collection: the rule
/// looks at these only (never at series, files, dates).
pub const CHECKED_LEVELS: usize = 3;

/// A component of a source note that is likely a misspelling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownArchive {
    /// Index into [`Workspace::files`].
    pub file: usize,
    /// The component in the file, markup included.
    pub span: Span,
    /// The component as plain text.
    pub text: String,
    /// 0 for a repository, 1 for a collection, 2 for a series.
    pub level: usize,
    /// The known path above it (empty for a repository).
    pub parent: Vec<String>,
    /// The known name it is likely meant to be.
    pub suggestion: String,
}

impl UnknownArchive {
    /// The diagnostic message.
    pub fn message(&self) -> String {
        if self.parent.is_empty() {
            format!(
                "`{}` is not a known repository; did you mean `{}`?",
                self.text, self.suggestion
            )
        } else {
            format!(
                "`{}` is not a known collection of {}; did you mean `{}`?",
                self.text,
                self.parent.join(", "),
                self.suggestion
            )
        }
    }
}

/// The edit of a fix: the rules' kind, so that every quick fix is one shape.
pub use crate::rules::Edit;

/// A quick fix for one finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiveFix {
    /// `Change to "Manuscript Division"`.
    pub title: String,
    pub finding: UnknownArchive,
    /// The smallest edit that corrects the component and keeps its markup
    /// (`Divison` → `Division` inside `Manuscript Divison`).
    pub edit: Edit,
}

/// The findings of one file (for the rule and for quick fixes).
pub fn unknown_archives(ws: &Workspace, authority: &Authority, file: usize) -> Vec<UnknownArchive> {
    let Some(f) = ws.files.get(file) else {
        return Vec::new();
    };
    let volume = &ws.volume_of(file).id;
    let mut out = Vec::new();
    for def in &f.facts.footnotes {
        if let Some(note) = &def.source {
            check_note(authority, volume, file, note, &mut out);
        }
    }
    out
}

fn check_note(
    authority: &Authority,
    volume: &str,
    file: usize,
    note: &SourceNote,
    out: &mut Vec<UnknownArchive>,
) {
    let mut parent: Option<NodeId> = None;
    let mut parent_names: Vec<String> = Vec::new();
    for (level, c) in note.components.iter().enumerate().take(CHECKED_LEVELS) {
        if key(&c.text).is_empty() {
            return;
        }
        if let Some(id) = authority.child(parent, &c.text) {
            if authority.is_known(id, volume) {
                parent = Some(id);
                parent_names.push(authority.name(id));
                continue;
            }
        }
        if !is_name(&c.text) {
            return;
        }
        // Below the top level, only a known parent has known siblings.
        if level > 0 && parent.is_none() {
            return;
        }
        let Some(s) = authority.closest_known_sibling(parent, &c.text, volume) else {
            // A name that is merely new: nothing below it can be judged.
            return;
        };
        let suggestion = authority.name(s);
        out.push(UnknownArchive {
            file,
            span: c.span.clone(),
            text: c.text.to_string(),
            level,
            parent: parent_names.clone(),
            suggestion: suggestion.clone(),
        });
        parent = Some(s);
        parent_names.push(suggestion);
    }
}

/// Quick fixes for every finding of a file. Needs the file's text (read
/// again when the workspace does not keep it).
pub fn fixes(ws: &Workspace, authority: &Authority, file: usize) -> Vec<ArchiveFix> {
    let found = unknown_archives(ws, authority, file);
    if found.is_empty() {
        return Vec::new();
    }
    let Some(text) = ws.files.get(file).and_then(|f| f.load_text()) else {
        return Vec::new();
    };
    found
        .into_iter()
        .map(|finding| fix_of(&text, finding))
        .collect()
}

/// The quick fix of a finding in a file of this text.
pub fn fix_of(text: &str, finding: UnknownArchive) -> ArchiveFix {
    let edit = edit_for(text, &finding.span, &finding.text, &finding.suggestion);
    ArchiveFix {
        title: format!("Change to `{}`", finding.suggestion),
        finding,
        edit,
    }
}

/// The quick fixes whose finding overlaps a range (a code-action request).
pub fn fixes_in(
    ws: &Workspace,
    authority: &Authority,
    file: usize,
    range: Span,
) -> Vec<ArchiveFix> {
    fixes(ws, authority, file)
        .into_iter()
        .filter(|f| f.finding.span.start <= range.end && range.start <= f.finding.span.end)
        .collect()
}

/// The edit that turns a component (`span` in `text`, `written` as plain
/// text) into `suggestion`: the differing words only, so that markup
/// around other words stays; the whole component when the words cannot be
/// found safely.
pub fn edit_for(text: &str, span: &Span, written: &str, suggestion: &str) -> Edit {
    let whole = Edit {
        span: span.clone(),
        new_text: suggestion.to_string(),
    };
    let Some(src) = text.get(span.clone()) else {
        return whole;
    };
    let w: Vec<char> = written.chars().collect();
    let s: Vec<char> = suggestion.chars().collect();
    let (w_range, s_range) = differing_words(&w, &s);
    let Some(align) = align(src, &w) else {
        return whole;
    };
    let (start, end) = if w_range.is_empty() {
        let at = match align.get(w_range.start) {
            Some(r) => r.0,
            None => align.last().map_or(0, |r| r.1),
        };
        (at, at)
    } else {
        match (align.get(w_range.start), align.get(w_range.end - 1)) {
            (Some(a), Some(b)) => (a.0, b.1),
            _ => return whole,
        }
    };
    let replaced: String = w[w_range.clone()].iter().collect();
    if src.get(start..end) != Some(replaced.as_str()) {
        return whole;
    }
    Edit {
        span: span.start + start..span.start + end,
        new_text: s[s_range].iter().collect(),
    }
}

/// The char ranges of the words that differ between two texts, after their
/// common leading and trailing words.
fn differing_words(a: &[char], b: &[char]) -> (std::ops::Range<usize>, std::ops::Range<usize>) {
    let mut pre = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    while pre > 0 && !a[pre - 1].is_whitespace() {
        pre -= 1;
    }
    let max_suf = a.len().min(b.len()) - pre;
    let mut suf = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(max_suf)
        .take_while(|(x, y)| x == y)
        .count();
    while suf > 0 && !a[a.len() - suf].is_whitespace() {
        suf -= 1;
    }
    (pre..a.len() - suf, pre..b.len() - suf)
}

/// For each character of a plain text, its byte range in the source it was
/// read from (markup skipped, a space standing for a run of white space).
fn align(src: &str, plain: &[char]) -> Option<Vec<(usize, usize)>> {
    let mut out = Vec::with_capacity(plain.len());
    let mut at = 0;
    for &c in plain {
        let rest = src.get(at..)?;
        if c == ' ' {
            let i = rest.find(char::is_whitespace)?;
            let run = rest[i..].len() - rest[i..].trim_start().len();
            out.push((at + i, at + i + run));
            at += i + run;
        } else {
            let i = rest.find(c)?;
            out.push((at + i, at + i + c.len_utf8()));
            at += i + c.len_utf8();
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_keep_markup() {
        let text = "Source: Library of Congress, Manuscript Divison, [Harriman]{@HWA1} Papers.";
        let start = text.find("Manuscript").expect("x");
        let span = start..start + "Manuscript Divison".len();
        let e = edit_for(text, &span, "Manuscript Divison", "Manuscript Division");
        assert_eq!(&text[e.span.clone()], "Divison");
        assert_eq!(e.new_text, "Division");

        let start = text.find("[Harriman]").expect("x");
        let span = start..text.len() - 1;
        let e = edit_for(text, &span, "Harriman Papers", "Harriman Paper");
        assert_eq!(&text[e.span.clone()], "Papers");
        assert_eq!(e.new_text, "Paper");
        // The misspelt word is inside the mention: replaced inside it.
        let e = edit_for(text, &span, "Harriman Papers", "Harryman Papers");
        assert_eq!(&text[e.span.clone()], "Harriman");
        assert_eq!(e.new_text, "Harryman");

        // Across a line break.
        let text = "Source: Library of Congress, Manuscript\n    Divison, X.";
        let start = text.find("Manuscript").expect("x");
        let span = start..text.find(',').map_or(0, |_| text.rfind(',').unwrap_or(0));
        let e = edit_for(text, &span, "Manuscript Divison", "Manuscript Division");
        assert_eq!(&text[e.span.clone()], "Divison");
    }
}
