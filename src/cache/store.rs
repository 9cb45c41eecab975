//! The cache folder: records written whole and atomically, each stamped
//! with the build that wrote it, so that no build ever reads what another
//! computed.

use serde::de::DeserializeOwned;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The name of the cache folder a project keeps beside its `emend.toml`
/// (or in the folder `emend` runs in).
pub const FOLDER: &str = ".emend-cache";

/// The first bytes of every record: what it is, and the layout of what
/// follows (raised when the layout changes): the build's stamp, the
/// payload's checksum (CRC-32, in 8 bytes), and the payload.
const MAGIC: &[u8; 8] = b"emendc\x00\x03";

/// A cache folder, opened by one build of the program.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
    build: u64,
}

impl Store {
    /// The cache in a folder (made when first written). None when the
    /// running program cannot say which build it is: then nothing it
    /// computed could be told apart from another build's.
    pub fn open(dir: PathBuf) -> Option<Store> {
        Some(Store {
            dir,
            build: build_id()?,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// A record written by this build, or None: absent, written by another
    /// build, or damaged (its checksum does not hold: the facts it keeps
    /// are trusted as if extracted, so a flipped bit must not pass).
    pub fn read<T: DeserializeOwned>(&self, name: &str) -> Option<T> {
        self.read_with(name, |payload| postcard::from_bytes(payload).ok())
    }

    /// A record of this build given to `decode` as its payload's bytes,
    /// for records that borrow from them.
    pub fn read_with<T>(&self, name: &str, decode: impl FnOnce(&[u8]) -> Option<T>) -> Option<T> {
        let bytes = std::fs::read(self.dir.join(name)).ok()?;
        let rest = bytes.strip_prefix(MAGIC.as_slice())?;
        let (stamp, rest) = rest.split_first_chunk::<8>()?;
        let (sum, payload) = rest.split_first_chunk::<8>()?;
        if u64::from_le_bytes(*stamp) != self.build
            || u64::from_le_bytes(*sum) != checksum(&[payload])
        {
            return None;
        }
        decode(payload)
    }

    /// Writes a record whole (see [`crate::atomic::write_file`]): a
    /// reader, another `emend` at the same time, sees the old record or
    /// the new one, never half of one.
    pub fn write<T: Serialize>(&self, name: &str, value: &T) -> Result<(), String> {
        let payload =
            postcard::to_stdvec(value).map_err(|e| format!("{}: {e}", self.dir.display()))?;
        self.write_payload(name, &[&payload])
    }

    /// [`Store::write`] of a payload given in parts, which are written one
    /// after the other and never joined in memory: a volume's facts are
    /// encoded in chunks, and a copy of them all at once would be held at
    /// the peak of the server's memory.
    pub fn write_payload(&self, name: &str, payload: &[&[u8]]) -> Result<(), String> {
        self.prepare()
            .map_err(|e| format!("{}: {e}", self.dir.display()))?;
        let build = self.build.to_le_bytes();
        let sum = checksum(payload).to_le_bytes();
        let mut parts: Vec<&[u8]> = vec![MAGIC, &build, &sum];
        parts.extend_from_slice(payload);
        crate::atomic::write_file_parts(&self.dir.join(name), &parts)
            .map_err(|f| format!("{}: {}", f.path.display(), f.message))
    }

    /// Removes the records last written longer ago than `unused` (and
    /// temporary files a crash left). A record that cannot be removed
    /// stays; nothing else in the folder is touched.
    pub fn prune(&self, unused: std::time::Duration) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        let now = std::time::SystemTime::now();
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            // A temporary file an hour old is no write in progress.
            let limit = match name.as_str() {
                ".gitignore" | "CACHEDIR.TAG" => continue,
                _ if name.contains(".emend-tmp-") => std::time::Duration::from_secs(3600),
                _ => unused,
            };
            let age = entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| now.duration_since(t).ok());
            if age.is_some_and(|age| age > limit) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }

    /// Makes the folder, marked as a cache for backup tools (CACHEDIR.TAG)
    /// and ignored by git, as build folders are.
    fn prepare(&self) -> std::io::Result<()> {
        if self.dir.join("CACHEDIR.TAG").is_file() {
            return Ok(());
        }
        std::fs::create_dir_all(&self.dir)?;
        std::fs::write(
            self.dir.join("CACHEDIR.TAG"),
            "Signature: 8a477f597d28d172789f06886806bc55\n\
             # This folder is a cache made by emend (`emend check --no-cache` works without it).\n",
        )?;
        std::fs::write(self.dir.join(".gitignore"), "# Made by emend.\n*\n")
    }
}

/// The payload's CRC-32, which is the same however the payload is cut
/// into parts.
fn checksum(parts: &[&[u8]]) -> u64 {
    let mut crc = crc32fast::Hasher::new();
    for part in parts {
        crc.update(part);
    }
    u64::from(crc.finalize())
}

/// Which build of the program is running: its version, and the size and
/// time of its executable. A version number alone would let a program
/// rebuilt from changed sources read what the old one computed.
fn build_id() -> Option<u64> {
    let exe = std::env::current_exe().ok()?;
    let meta = std::fs::metadata(exe).ok()?;
    let modified = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    Some(crate::index::hash_of(&(
        env!("CARGO_PKG_VERSION"),
        meta.len(),
        modified.as_nanos(),
    )))
}
