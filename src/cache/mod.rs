//! The persistent cache of `emend check`, kept in `.emend-cache/` between
//! runs: what a check found, by what it was a function of (the build, the
//! severities in force, the paths and the texts of every file), so that a
//! check of an unchanged workspace parses none of its files; and each
//! file's facts, by its text, so that a check after a change parses only
//! the files that changed.

pub mod checked;
pub mod facts;
pub mod store;

pub use store::{Store, FOLDER};
