//! Archival citations: the grammar of source notes ([`parse`]), the
//! authority of citation paths built from the workspace and the list the
//! program ships ([`Authority`]), and what editors get from it: completion
//! ([`complete`]), hover ([`hover`]) and the `source-unknown-archive`
//! findings with their fixes ([`fix`]).
//!
//! [`parse`] depends on nothing and is used by the facts layer; the rest
//! reads facts and the workspace index. Everything here is plain data: no
//! protocol types.

mod authority;
pub mod complete;
pub mod fix;
pub mod hover;
pub mod parse;
mod shipped;

pub use authority::{Authority, CitingNote, Entry, NodeId, NodeInfo, Stats, KNOWN_USES, MAX_DEPTH};
pub use shipped::{provenance, SHIPPED};

/// The form in which components are compared: markup already removed,
/// white space folded, case ignored, typographic quotes and dashes made
/// plain (`President’s` = `President's`, `1964–66` = `1964-66`).
pub fn key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut space = false;
    for c in name.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        match c {
            '‘' | '’' => out.push('\''),
            '“' | '”' => out.push('"'),
            '–' | '—' | '‐' | '‑' => out.push('-'),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::key;

    #[test]
    fn keys_ignore_case_space_and_typography() {
        assert_eq!(
            key("  President’s  Daily\n Diary "),
            "president's daily diary"
        );
        assert_eq!(key("Central Files 1964–66"), key("central files 1964-66"));
        assert_ne!(key("Manuscript Divison"), key("Manuscript Division"));
    }
}
