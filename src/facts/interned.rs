//! Names the extraction takes from fixed tables (kinds of block, the
//! canonical spellings of markings) are held as `&'static str`. Read back
//! from the cache, each is found in a table of the names met so far, so
//! that a name costs its bytes once per process, however often it is read.

use serde::{Deserialize, Deserializer};
use std::collections::HashSet;
use std::sync::{Mutex, OnceLock};

fn intern(name: &str) -> &'static str {
    static NAMES: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let mut names = NAMES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    match names.get(name) {
        Some(known) => known,
        None => {
            let leaked: &'static str = Box::leak(name.to_owned().into_boxed_str());
            names.insert(leaked);
            leaked
        }
    }
}

pub fn name<'de, D: Deserializer<'de>>(de: D) -> Result<&'static str, D::Error> {
    let name = <std::borrow::Cow<'de, str>>::deserialize(de)?;
    Ok(intern(&name))
}

pub fn optional_name<'de, D: Deserializer<'de>>(de: D) -> Result<Option<&'static str>, D::Error> {
    let name = <Option<std::borrow::Cow<'de, str>>>::deserialize(de)?;
    Ok(name.map(|n| intern(&n)))
}

/// A name from a fixed table. Spelled as an alias, so that serde's derive
/// does not take it for text borrowed from the input, which the cache's
/// records outlive.
pub type Name = &'static str;
