//! emend: a language server and linter for scholarly documentary editions.
//!
//! Data flows one way: text → [`syntax`] tree → per-file [`facts`] →
//! workspace [`index`] → features ([`rules`] for diagnostics, and the
//! language server's answers).

pub mod analysis;
pub mod atomic;
pub mod cache;
pub mod cli;
pub mod config;
pub mod facts;
pub mod features;
pub mod hash;
pub mod index;
pub mod line_index;
pub mod lsp;
pub mod rules;
pub mod suggest;
pub mod syntax;
pub mod tei;
