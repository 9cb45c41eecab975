//! Writing outputs so that a failure (a full disk, a folder in the way)
//! leaves what was there before: a file is written beside its target and
//! renamed over it.

use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// A write that did not happen: the path the user should look at and what
/// went wrong there.
#[derive(Debug)]
pub struct Failure {
    pub path: PathBuf,
    pub message: String,
}

impl Failure {
    fn new(path: &Path, message: impl Into<String>) -> Self {
        Failure {
            path: path.to_path_buf(),
            message: message.into(),
        }
    }
}

/// Writes `bytes` to `target`, all or nothing: on any failure the file
/// that was there is unchanged and no temporary file is left. A target
/// that is not a regular file (a device, a named pipe) is written in
/// place, as there is no file to keep.
pub fn write_file(target: &Path, bytes: &[u8]) -> Result<(), Failure> {
    match fs::metadata(target) {
        Ok(m) if m.is_dir() => Err(Failure::new(target, "cannot write: it is a folder")),
        Ok(m) if !m.is_file() => {
            fs::write(target, bytes).map_err(|e| Failure::new(target, format!("cannot write: {e}")))
        }
        _ => replace_file_through(target, |file| file.write_all(bytes)),
    }
}

/// [`write_file`] for a regular file, with the writing itself given, so
/// that a test can make it fail half-way as a full disk does.
fn replace_file_through(
    target: &Path,
    write: impl FnOnce(&mut File) -> io::Result<()>,
) -> Result<(), Failure> {
    // Through a link, the file it points at is the one to replace, as a
    // plain write would have done; renaming over the link would cut it.
    let real = match fs::symlink_metadata(target) {
        Ok(m) if m.file_type().is_symlink() => {
            fs::canonicalize(target).unwrap_or_else(|_| target.to_path_buf())
        }
        _ => target.to_path_buf(),
    };
    let Some(name) = real.file_name() else {
        return Err(Failure::new(target, "cannot write: not a file name"));
    };
    let folder = folder_of(&real);
    let kept = fs::metadata(&real)
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.permissions());
    let existed = kept.is_some();
    let (tmp, mut file) = unique(&folder, name, "tmp", |p| {
        OpenOptions::new().write(true).create_new(true).open(p)
    })
    .map_err(|e| {
        Failure::new(
            target,
            format!(
                "cannot create a file beside it ({}): {e}",
                unchanged(existed)
            ),
        )
    })?;
    let written = write(&mut file)
        .and_then(|()| match kept {
            Some(p) => file.set_permissions(p),
            None => Ok(()),
        })
        .and_then(|()| file.sync_all());
    drop(file);
    if let Err(e) = written.and_then(|()| fs::rename(&tmp, &real)) {
        let _ = fs::remove_file(&tmp);
        return Err(Failure::new(
            target,
            format!("cannot write ({}): {e}", unchanged(existed)),
        ));
    }
    sync_folder(&folder);
    Ok(())
}

fn unchanged(existed: bool) -> &'static str {
    if existed {
        "the file is unchanged"
    } else {
        "nothing was written"
    }
}

/// The folder a path names an entry of; `.` for a bare name.
fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// `.NAME.emend-KIND-SUFFIX` in `folder`, made by `make`, which must fail
/// with `AlreadyExists` when the name is taken. Hidden, so that neither
/// `emend check` nor the export reads it.
fn unique<T>(
    folder: &Path,
    name: &std::ffi::OsStr,
    kind: &str,
    mut make: impl FnMut(&Path) -> io::Result<T>,
) -> io::Result<(PathBuf, T)> {
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let mut last = io::Error::new(io::ErrorKind::AlreadyExists, "no free name");
    for _ in 0..64 {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let mut hidden = OsString::from(".");
        hidden.push(name);
        hidden.push(format!(
            ".emend-{kind}-{:x}{:x}{n:x}",
            std::process::id(),
            nanos
        ));
        let path = folder.join(hidden);
        match make(&path) {
            Ok(t) => return Ok((path, t)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = e,
            Err(e) => return Err(e),
        }
    }
    Err(last)
}

/// Makes a rename or a new entry of `folder` survive a crash. Some file
/// systems cannot sync a folder; the entries are then as safe as they
/// can be made, so that is not an error.
fn sync_folder(folder: &Path) {
    if let Ok(f) = File::open(folder) {
        let _ = f.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .expect("readable")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_write_that_fails_half_way_leaves_the_previous_file() {
        let dir = tempfile::tempdir().expect("tmp");
        let target = dir.path().join("volume.xml");
        fs::write(&target, "the previous export").expect("written");
        let failed = replace_file_through(&target, |file| {
            file.write_all(b"<TEI>half")?;
            Err(io::Error::new(
                io::ErrorKind::StorageFull,
                "No space left on device",
            ))
        });
        let failure = failed.expect_err("fails");
        assert_eq!(failure.path, target);
        assert!(
            failure.message.contains("the file is unchanged")
                && failure.message.contains("No space left"),
            "{}",
            failure.message
        );
        assert_eq!(
            fs::read_to_string(&target).expect("kept"),
            "the previous export"
        );
        assert_eq!(entries(dir.path()), ["volume.xml"]);
    }

    #[test]
    fn a_rename_that_fails_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().expect("tmp");
        let target = dir.path().join("out");
        fs::create_dir(&target).expect("folder");
        fs::write(target.join("inside"), "kept").expect("written");
        let failed = replace_file_through(&target, |file| file.write_all(b"<TEI/>"));
        assert!(failed.is_err());
        assert_eq!(entries(dir.path()), ["out"]);
        assert_eq!(entries(&target), ["inside"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_replaced_file_keeps_its_permissions_and_links_stay_links() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tmp");
        let real = dir.path().join("real.xml");
        fs::write(&real, "old").expect("written");
        fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).expect("mode");
        let link = dir.path().join("link.xml");
        std::os::unix::fs::symlink(&real, &link).expect("link");
        write_file(&link, b"new").expect("replaced");
        assert!(fs::symlink_metadata(&link)
            .expect("link")
            .file_type()
            .is_symlink());
        assert_eq!(fs::read_to_string(&real).expect("read"), "new");
        let mode = fs::metadata(&real).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
    }
}
