//! What editors get of archival citations: completion of the components
//! of a source note ([`complete`]) and hover over one ([`hover`]), from
//! the authority of citation paths ([`crate::index::authority`]).

pub mod complete;
pub mod hover;
