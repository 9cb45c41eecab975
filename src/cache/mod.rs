//! The persistent cache, kept in `.emend-cache/` between runs: what each
//! file was when last read (its stamp), each file's facts by its text, and
//! what a check found, by what that was a function of (the build, the
//! severities in force, the paths and the texts of every file). A check of
//! an unchanged workspace parses none of its files; a check after a change,
//! or the language server starting, parses only the files that changed.

pub mod checked;
pub mod facts;
pub mod stamps;
pub mod store;

pub use stamps::Stamps;
pub use store::{Store, FOLDER};

use crate::index::discover::{self, Missing, Planned};
use crate::index::{Progress, Retain, SourceKind, Workspace};
use std::path::{Path, PathBuf};

/// The cache folder of a workspace: `$EMEND_CACHE_DIR`, else
/// `.emend-cache` beside the emend.toml in force, else in `fallback`; None
/// when `$EMEND_NO_CACHE` is set (to anything but empty).
pub fn folder(config: Option<&Path>, fallback: &Path) -> Option<PathBuf> {
    if std::env::var_os("EMEND_NO_CACHE").is_some_and(|v| !v.is_empty()) {
        return None;
    }
    if let Some(dir) = std::env::var_os("EMEND_CACHE_DIR").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    let beside = config.and_then(Path::parent).unwrap_or(fallback);
    Some(beside.join(FOLDER))
}

/// Records not written for this long are removed: the findings of sets of
/// paths no longer checked (a pre-commit hook names other files at every
/// commit), the facts of volumes gone. A volume unchanged for as long is
/// parsed once more.
const UNUSED: std::time::Duration = std::time::Duration::from_secs(30 * 24 * 3600);

/// The names of the records kept for a workspace named by a set of paths
/// (absolute, so that a check and the language server of one folder share
/// them), written over by the next run on the same paths; the facts are
/// kept by volume, shared by every set of paths that reads the volume.
pub struct Names {
    pub findings: String,
    pub stamps: String,
    pub facts: String,
}

impl Names {
    pub fn of(paths: &[PathBuf]) -> Names {
        let absolute: Vec<PathBuf> = paths.iter().map(|p| discover::absolute(p)).collect();
        let id = format!("{:016x}", crate::index::hash_of(&absolute));
        Names {
            findings: format!("{id}.findings"),
            stamps: format!("{id}.stamps"),
            facts: "facts".to_string(),
        }
    }
}

/// The stamps of the planned files: those the cache kept of this
/// workspace where they still hold, the others read.
pub fn stamps(store: &Store, names: &Names, planned: &[Planned]) -> Stamps {
    let earlier = store.read::<Stamps>(&names.stamps);
    Stamps::take(planned, earlier.as_ref())
}

/// A workspace loaded with the facts the cache kept.
pub struct Loaded {
    pub ws: Workspace,
    kept: facts::Kept,
}

impl Loaded {
    /// How many files' facts came from the cache.
    pub fn kept(&self) -> usize {
        self.kept.taken()
    }
}

/// Loads the planned files: those whose texts' facts are kept from the
/// cache (without their texts: for [`Retain::FactsOnly`]), the others
/// read and parsed.
pub fn load(
    store: Option<&Store>,
    names: &Names,
    planned: Vec<Planned>,
    missing: Vec<Missing>,
    stamps: Option<&Stamps>,
    progress: &dyn Progress,
    retain: Retain,
) -> Loaded {
    let mut kept = match (store, stamps) {
        (Some(store), Some(_)) => {
            let mut shards: Vec<String> = planned
                .iter()
                .map(|p| {
                    let volume = p
                        .volume_root
                        .clone()
                        .unwrap_or_else(|| discover::absolute(&p.path));
                    facts::shard_name(&names.facts, &volume)
                })
                .collect();
            shards.sort_unstable();
            shards.dedup();
            facts::Kept::read(store, &shards)
        }
        _ => facts::Kept::default(),
    };
    let ws = Workspace::load_with(planned, missing, progress, retain, |i, p| {
        let kind = SourceKind::of(&p.path).unwrap_or(SourceKind::Markup);
        kept.take(stamps?.text_hash(i)?, kind)
    });
    kept.close();
    Loaded { ws, kept }
}

/// Keeps the stamps of a load, and the facts of the volumes whose files
/// changed.
pub fn keep(store: &Store, names: &Names, loaded: &Loaded, stamps: &Stamps) -> Result<(), String> {
    facts::write(store, &names.facts, &loaded.ws, &loaded.kept)?;
    store.write(&names.stamps, stamps)?;
    store.prune(UNUSED);
    Ok(())
}
