//! The list of repositories and collections shipped with the program
//! (`src/data/archives.txt`; its provenance is in `src/data/README.md`).
//!
//! Format: one name a line, two spaces of indentation per level below the
//! repository; `#` starts a comment line; a trailing `#c`, `#s` or `#p` says
//! where the entry comes from. A top-level line `Name = Other Name` names a
//! repository also cited under another name: it gets the other's children.

use crate::facts::citation::key;

/// The shipped list as compiled in.
pub static SHIPPED: &str = include_str!("../../data/archives.txt");

/// Every path of the shipped list, aliases expanded.
pub(super) fn paths() -> Vec<Vec<String>> {
    parse(SHIPPED)
}

fn parse(text: &str) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut aliases: Vec<(String, String)> = Vec::new();
    let mut stack: Vec<String> = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = line.len() - line.trim_start_matches(' ').len();
        let depth = (indent / 2).min(stack.len());
        let name = strip_tag(trimmed);
        stack.truncate(depth);
        if depth == 0 {
            if let Some((alias, target)) = name.split_once(" = ") {
                aliases.push((alias.trim().to_string(), target.trim().to_string()));
                stack.push(alias.trim().to_string());
                out.push(stack.clone());
                continue;
            }
        }
        stack.push(name.to_string());
        out.push(stack.clone());
    }
    for (alias, target) in aliases {
        let target = key(&target);
        let copies: Vec<Vec<String>> = out
            .iter()
            .filter(|p| p.len() > 1 && p.first().is_some_and(|r| key(r) == target))
            .map(|p| {
                let mut c = vec![alias.clone()];
                c.extend(p.iter().skip(1).cloned());
                c
            })
            .collect();
        out.extend(copies);
    }
    out
}

/// The name without its provenance tag.
fn strip_tag(s: &str) -> &str {
    match s.rsplit_once(" #") {
        Some((name, tag)) if !tag.is_empty() && tag.chars().all(|c| c.is_ascii_lowercase()) => {
            name.trim_end()
        }
        _ => s,
    }
}

/// Entries per provenance tag: `(tag, lines)`.
pub fn provenance() -> Vec<(char, usize)> {
    let mut counts: Vec<(char, usize)> = Vec::new();
    for line in SHIPPED.lines() {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let tag = t
            .rsplit_once(" #")
            .and_then(|(_, tag)| tag.chars().next())
            .unwrap_or('?');
        match counts.iter_mut().find(|(c, _)| *c == tag) {
            Some((_, n)) => *n += 1,
            None => counts.push((tag, 1)),
        }
    }
    counts.sort();
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_levels_tags_and_aliases() {
        let p = parse("# comment\nA Library #p\n  B File #s\n    C Series #c\n  D Papers\nE Library = A Library #p\n  F Papers #p\n");
        let joined: Vec<String> = p.iter().map(|x| x.join(" > ")).collect();
        assert_eq!(
            joined,
            [
                "A Library",
                "A Library > B File",
                "A Library > B File > C Series",
                "A Library > D Papers",
                "E Library",
                "E Library > F Papers",
                "E Library > B File",
                "E Library > B File > C Series",
                "E Library > D Papers",
            ]
        );
    }

    #[test]
    fn the_shipped_list_is_well_formed() {
        let paths = paths();
        assert!(paths.len() > 200, "{}", paths.len());
        for p in &paths {
            for name in p {
                assert!(!name.is_empty() && !name.contains(" #"), "{p:?}");
                assert_eq!(name.trim(), name, "{p:?}");
            }
        }
        // Every line carries its provenance.
        assert!(
            provenance().iter().all(|(tag, _)| "csp".contains(*tag)),
            "{:?}",
            provenance()
        );
        // The typo the published volume has is not in the list.
        assert!(!SHIPPED.contains("Divison"));
    }
}
