//! The texts of files not kept in memory, read again from disk when an
//! answer needs them. An answer converts many places of one file (every
//! finding of it, every mention), each with the text; each thread keeps
//! the last texts it read, while the file's size and time of change say it
//! is unchanged, so that a file is read once per answer, not once per place.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

/// Texts kept per thread: a few, as answers go file by file.
const KEPT: usize = 2;

struct Recent {
    path: PathBuf,
    size: u64,
    modified: Option<SystemTime>,
    text: Arc<str>,
}

thread_local! {
    static RECENT: RefCell<Vec<Recent>> = const { RefCell::new(Vec::new()) };
}

/// The text of a file, from this thread's recent reads if the file has not
/// changed since, else from disk.
pub fn read(path: &Path) -> Option<Arc<str>> {
    let meta = std::fs::metadata(path).ok()?;
    let (size, modified) = (meta.len(), meta.modified().ok());
    let hit = RECENT.with_borrow(|recent| {
        recent
            .iter()
            .find(|r| r.path == path && r.size == size && r.modified == modified)
            .map(|r| r.text.clone())
    });
    if hit.is_some() {
        return hit;
    }
    let text: Arc<str> = Arc::from(super::read_text(path).ok()?);
    RECENT.with_borrow_mut(|recent| {
        recent.retain(|r| r.path != path);
        if recent.len() == KEPT {
            recent.remove(0);
        }
        recent.push(Recent {
            path: path.to_path_buf(),
            size,
            modified,
            text: text.clone(),
        });
    });
    Some(text)
}
