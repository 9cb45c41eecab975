//! The persistent cache of `emend check`, kept in `.emend-cache/` between
//! runs: what a check found, by what it was a function of (the build, the
//! severities in force, the paths and the texts of every file), so that a
//! check of an unchanged workspace reads its files once, for their hashes,
//! and parses none of them.

pub mod checked;
pub mod store;

pub use store::{Store, FOLDER};
