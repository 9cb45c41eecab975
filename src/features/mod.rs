//! Editor features as pure functions over the workspace index: given a
//! workspace, a file and a byte offset, each returns plain data. The
//! language server converts to and from protocol types; tests call these
//! directly.

mod at;
pub mod citations;
pub mod completion;
pub mod definition;
mod entity;
pub mod folding;
pub mod hover;
pub mod references;
pub mod rename;
pub mod semantic;
pub mod symbols;

pub use crate::index::Register;
pub use at::{at, At};
pub use entity::{entity, Entity};

use crate::facts::Span;

/// A place in a file of the workspace.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Location {
    /// Index into `Workspace::files`.
    pub file: usize,
    pub span: Span,
}

impl Location {
    pub fn new(file: usize, span: Span) -> Self {
        Location { file, span }
    }
}

impl Ord for Location {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.file, self.span.start, self.span.end).cmp(&(
            other.file,
            other.span.start,
            other.span.end,
        ))
    }
}

impl PartialOrd for Location {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
