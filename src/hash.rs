//! The hash maps and sets of the analysis: keyed by ids, numbers and paths,
//! looked up on every keystroke. The standard library's SipHash took a
//! sixth of an edit's time; foldhash is several times faster on short keys
//! and, seeded afresh in every process, keeps crafted ids from colliding on
//! purpose.

pub type Map<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
pub type Set<T> = std::collections::HashSet<T, foldhash::fast::RandomState>;
