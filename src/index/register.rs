//! The persons and terms registers of a volume, looked up the same way
//! by rules and features.

use super::{EntryRef, Workspace};
use crate::facts::{Entry, FileFacts, Mention};

pub type Table = crate::hash::Map<String, Vec<EntryRef>>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Register {
    Persons,
    Terms,
}

impl Register {
    /// The entries of this register in one file.
    pub fn entries_of(self, facts: &FileFacts) -> &[Entry] {
        match self {
            Register::Persons => &facts.persons,
            Register::Terms => &facts.terms,
        }
    }

    /// The mentions of this register in one file.
    pub fn mentions_of(self, facts: &FileFacts) -> &[Mention] {
        match self {
            Register::Persons => &facts.person_mentions,
            Register::Terms => &facts.term_mentions,
        }
    }

    /// The volume's entries and mentions by id.
    pub fn tables(self, ws: &Workspace, volume: usize) -> (&Table, &Table) {
        let v = &ws.volumes[volume];
        match self {
            Register::Persons => (&v.persons, &v.person_mentions),
            Register::Terms => (&v.terms, &v.term_mentions),
        }
    }

    /// Whether the volume registers this id.
    pub fn has(self, ws: &Workspace, volume: usize, id: &str) -> bool {
        self.tables(ws, volume).0.contains_key(id)
    }

    /// The entries with this id: file index and entry.
    pub fn entries<'w>(
        self,
        ws: &'w Workspace,
        volume: usize,
        id: &str,
    ) -> impl Iterator<Item = (usize, &'w Entry)> + 'w {
        let refs = self.tables(ws, volume).0.get(id);
        refs.into_iter().flatten().map(move |r| {
            (
                r.file(),
                &self.entries_of(&ws.files[r.file()].facts)[r.index()],
            )
        })
    }

    /// The mentions of this id: file index and mention.
    pub fn mentions<'w>(
        self,
        ws: &'w Workspace,
        volume: usize,
        id: &str,
    ) -> impl Iterator<Item = (usize, &'w Mention)> + 'w {
        let refs = self.tables(ws, volume).1.get(id);
        refs.into_iter().flatten().map(move |r| {
            (
                r.file(),
                &self.mentions_of(&ws.files[r.file()].facts)[r.index()],
            )
        })
    }
}
