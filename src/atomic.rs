//! Writing outputs so that a failure (a full disk, a folder in the way)
//! leaves what was there before: a file is written beside its target and
//! renamed over it; a volume folder is written whole beside its place and
//! swapped in.

use std::collections::HashSet;
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
    write_file_parts(target, &[bytes])
}

/// [`write_file`] of the parts one after the other, without joining them
/// first in memory (a record's header and its payload of megabytes).
pub fn write_file_parts(target: &Path, parts: &[&[u8]]) -> Result<(), Failure> {
    let write_all = |file: &mut File| parts.iter().try_for_each(|part| file.write_all(part));
    match fs::metadata(target) {
        Ok(m) if m.is_dir() => Err(Failure::new(target, "cannot write: it is a folder")),
        Ok(m) if !m.is_file() => File::create(target)
            .and_then(|mut file| write_all(&mut file))
            .map_err(|e| Failure::new(target, format!("cannot write: {e}"))),
        _ => replace_file_through(target, write_all),
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

/// A volume folder written whole beside the folder it replaces, then put in
/// its place. Until [`Stage::commit`], the folder at the target is not
/// touched; dropping a stage that was not committed removes it.
pub struct Stage {
    /// The folder being written, `.NAME.emend-new-…` beside the target.
    dir: PathBuf,
    /// Where it goes: the target with links and `..` resolved, so that the
    /// stage is beside the real folder.
    target: PathBuf,
    /// The target as the user named it, for messages.
    shown: PathBuf,
    /// Cleared when the stage is in place or must stay for recovery.
    remove_on_drop: bool,
}

/// What is left after a stage went in: the previous folder, when it could
/// not be removed.
pub struct Leftover {
    pub path: PathBuf,
    pub error: io::Error,
}

impl Stage {
    /// A new, empty stage for the volume folder `target`, which may not
    /// exist yet; the folders above it are made.
    pub fn new(target: &Path) -> Result<Stage, Failure> {
        let resolved = if fs::symlink_metadata(target).is_ok() {
            fs::canonicalize(target)
        } else {
            let parent = folder_of(target);
            fs::create_dir_all(&parent)
                .and_then(|()| fs::canonicalize(&parent))
                .and_then(|p| match target.file_name() {
                    Some(name) => Ok(p.join(name)),
                    None => Err(io::Error::new(
                        io::ErrorKind::InvalidInput,
                        "not a folder name",
                    )),
                })
        };
        let resolved = resolved.map_err(|e| Failure::new(target, format!("cannot use: {e}")))?;
        let (Some(name), Some(parent)) = (resolved.file_name(), resolved.parent()) else {
            return Err(Failure::new(
                target,
                "cannot replace the top folder of the file system",
            ));
        };
        let (dir, ()) = unique(parent, name, "new", |p| fs::create_dir(p)).map_err(|e| {
            Failure::new(
                target,
                format!("cannot create a folder beside it to write the volume in: {e}"),
            )
        })?;
        Ok(Stage {
            dir,
            target: resolved,
            shown: target.to_path_buf(),
            remove_on_drop: true,
        })
    }

    /// Writes a file of the volume; `rel` is `/`-separated. A failure names
    /// the file at its final place.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Failure> {
        let path = self.dir.join(rel);
        let shown = self.shown.join(rel);
        let fail = |e: io::Error| Failure::new(&shown, format!("cannot write: {e}"));
        // Names are made of ids in the TEI: one that climbed out of the
        // volume folder would write where the user did not ask.
        let inside = Path::new(rel)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !inside {
            return Err(Failure::new(&shown, "not a path inside the volume folder"));
        }
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(fail)?;
        }
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(fail)?;
        file.write_all(bytes)
            .and_then(|()| file.sync_all())
            .map_err(fail)
    }

    /// Brings every entry of the folder being replaced into the stage, but
    /// those in `replaced` (paths relative to the folder) and those the
    /// stage already holds. Files are linked, not copied, where the file
    /// system allows it; the folder itself is only read. An entry whose kind
    /// differs from the stage's (a folder where the import writes a file)
    /// cannot be kept: that is a failure, for the user to move it.
    pub fn carry_over(&self, replaced: &HashSet<PathBuf>) -> Result<(), Failure> {
        let old = &self.target;
        let Some(root) = fs::metadata(old).ok().filter(|m| m.is_dir()) else {
            return Ok(());
        };
        // Folders get their permissions once filled: a read-only folder
        // could not be filled after.
        let mut modes = vec![(self.dir.clone(), self.shown.clone(), root.permissions())];
        for entry in walkdir::WalkDir::new(old).min_depth(1) {
            let entry = entry.map_err(|e| {
                let path = e.path().unwrap_or(old);
                Failure::new(&self.shown_for(path), format!("cannot read: {e}"))
            })?;
            let Ok(rel) = entry.path().strip_prefix(old) else {
                continue;
            };
            if replaced.contains(rel) {
                continue;
            }
            let dest = self.dir.join(rel);
            let shown = self.shown.join(rel);
            let kind = entry.file_type();
            let fail = |e: io::Error| Failure::new(&shown, format!("cannot keep: {e}"));
            match fs::symlink_metadata(&dest) {
                Ok(m) if m.is_dir() && kind.is_dir() => {}
                Ok(m) if m.is_dir() => {
                    return Err(Failure::new(
                        &shown,
                        "the import writes a folder here; move this file away",
                    ))
                }
                Ok(_) if kind.is_dir() => {
                    return Err(Failure::new(
                        &shown,
                        "the import writes a file here; move this folder away",
                    ))
                }
                // A markup file the import writes anew.
                Ok(_) => {}
                Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(fail(e)),
                Err(_) if kind.is_dir() => fs::create_dir(&dest).map_err(fail)?,
                Err(_) => keep_entry(entry.path(), &dest, kind).map_err(fail)?,
            }
            if kind.is_dir() {
                let mode = entry.metadata().map_err(io::Error::from).map_err(fail)?;
                modes.push((dest, shown.clone(), mode.permissions()));
            }
        }
        for (dir, shown, mode) in modes.into_iter().rev() {
            fs::set_permissions(&dir, mode)
                .map_err(|e| Failure::new(&shown, format!("cannot keep its permissions: {e}")))?;
        }
        Ok(())
    }

    fn shown_for(&self, path: &Path) -> PathBuf {
        match path.strip_prefix(&self.target) {
            Ok(rel) => self.shown.join(rel),
            Err(_) => path.to_path_buf(),
        }
    }

    /// Puts the stage in the target's place: the previous folder is renamed
    /// aside, the stage renamed in, the previous folder removed. If the
    /// second rename fails the first is undone; if that fails too, the
    /// message says where both folders are.
    pub fn commit(mut self) -> Result<Option<Leftover>, Failure> {
        for dir in walkdir::WalkDir::new(&self.dir)
            .contents_first(true)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_dir())
        {
            sync_folder(dir.path());
        }
        let parent = folder_of(&self.target);
        let name = self.target.file_name().unwrap_or_default().to_os_string();
        let aside = if fs::symlink_metadata(&self.target).is_ok() {
            let (aside, ()) = unique(&parent, &name, "old", |p| {
                if fs::symlink_metadata(p).is_ok() {
                    return Err(io::ErrorKind::AlreadyExists.into());
                }
                fs::rename(&self.target, p)
            })
            .map_err(|e| {
                Failure::new(
                    &self.shown,
                    format!("cannot move the folder aside to replace it (it is unchanged): {e}"),
                )
            })?;
            Some(aside)
        } else {
            None
        };
        if let Err(e) = fs::rename(&self.dir, &self.target) {
            let Some(aside) = aside else {
                return Err(Failure::new(
                    &self.shown,
                    format!("cannot put the new folder in place (nothing was written): {e}"),
                ));
            };
            if fs::rename(&aside, &self.target).is_ok() {
                return Err(Failure::new(
                    &self.shown,
                    format!("cannot put the new folder in place (the folder is unchanged): {e}"),
                ));
            }
            self.remove_on_drop = false;
            return Err(Failure::new(
                &self.shown,
                format!(
                    "cannot put the new folder in place ({e}), nor the previous one back: the previous folder is {} and the new one {}; rename one of them to {}",
                    aside.display(),
                    self.dir.display(),
                    self.target.display()
                ),
            ));
        }
        self.remove_on_drop = false;
        sync_folder(&parent);
        Ok(aside.and_then(|aside| {
            fs::remove_dir_all(&aside)
                .err()
                .map(|error| Leftover { path: aside, error })
        }))
    }
}

impl Drop for Stage {
    fn drop(&mut self) {
        // Nothing to report to: every failure that drops a stage has been
        // reported already, and a stage left behind is hidden.
        if self.remove_on_drop {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// A file, link or other entry of the previous folder, at `dest` in the
/// stage. A hard link keeps the file itself (its times, its identity for
/// `git`) and takes no space; a copy is the fallback where links cannot be
/// made.
fn keep_entry(src: &Path, dest: &Path, kind: fs::FileType) -> io::Result<()> {
    if kind.is_symlink() {
        let to = fs::read_link(src)?;
        #[cfg(unix)]
        return std::os::unix::fs::symlink(to, dest);
        #[cfg(windows)]
        return if fs::metadata(src).is_ok_and(|m| m.is_dir()) {
            std::os::windows::fs::symlink_dir(to, dest)
        } else {
            std::os::windows::fs::symlink_file(to, dest)
        };
        #[cfg(not(any(unix, windows)))]
        return Err(io::Error::new(
            io::ErrorKind::Unsupported,
            format!("a link to {}", to.display()),
        ));
    }
    match fs::hard_link(src, dest) {
        Ok(()) => Ok(()),
        Err(_) if kind.is_file() => fs::copy(src, dest).map(|_| ()),
        Err(e) => Err(e),
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

    #[test]
    fn a_stage_replaces_a_folder_keeping_what_it_does_not_write() {
        let dir = tempfile::tempdir().expect("tmp");
        let vol = dir.path().join("vol");
        fs::create_dir_all(vol.join("ch1")).expect("folder");
        fs::write(vol.join("d0001.emd"), "old").expect("written");
        fs::write(vol.join("d0999.emd"), "stale").expect("written");
        fs::write(vol.join("ch1/figure.png"), "png").expect("written");
        fs::write(vol.join("notes.txt"), "mine").expect("written");
        let stage = Stage::new(&vol).expect("stage");
        stage.write("d0001.emd", b"new").expect("written");
        stage.write("ch1/d0002.emd", b"two").expect("written");
        let replaced: HashSet<PathBuf> = ["d0001.emd", "d0999.emd"].map(PathBuf::from).into();
        stage.carry_over(&replaced).expect("kept");
        let leftover = stage.commit().expect("in place");
        assert!(leftover.is_none());
        assert_eq!(entries(dir.path()), ["vol"]);
        assert_eq!(entries(&vol), ["ch1", "d0001.emd", "notes.txt"]);
        assert_eq!(entries(&vol.join("ch1")), ["d0002.emd", "figure.png"]);
        assert_eq!(
            fs::read_to_string(vol.join("d0001.emd")).expect("read"),
            "new"
        );
    }

    #[test]
    fn a_stage_that_cannot_keep_an_entry_leaves_the_folder_as_it_was() {
        let dir = tempfile::tempdir().expect("tmp");
        let vol = dir.path().join("vol");
        fs::create_dir_all(vol.join("d0001.emd")).expect("folder");
        fs::write(vol.join("d0999.emd"), "stale").expect("written");
        let stage = Stage::new(&vol).expect("stage");
        stage.write("d0001.emd", b"new").expect("written");
        let replaced: HashSet<PathBuf> = [PathBuf::from("d0999.emd")].into();
        let failure = stage
            .carry_over(&replaced)
            .expect_err("a folder in the way");
        assert_eq!(failure.path, vol.join("d0001.emd"));
        drop(stage);
        assert_eq!(entries(dir.path()), ["vol"]);
        assert_eq!(entries(&vol), ["d0001.emd", "d0999.emd"]);
    }

    #[test]
    fn a_stage_writes_only_inside_the_volume_folder() {
        let dir = tempfile::tempdir().expect("tmp");
        let stage = Stage::new(&dir.path().join("vol")).expect("stage");
        for rel in [
            "../escaped.emd",
            "/tmp/escaped.emd",
            "ch1/../../escaped.emd",
        ] {
            assert!(stage.write(rel, b"x").is_err(), "{rel}");
        }
        drop(stage);
        assert!(entries(dir.path()).is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn a_stage_keeps_the_permissions_of_the_folders_it_replaces() {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| fs::metadata(p).expect("meta").permissions().mode() & 0o777;
        let dir = tempfile::tempdir().expect("tmp");
        let vol = dir.path().join("vol");
        fs::create_dir_all(vol.join("ch1")).expect("folder");
        fs::create_dir_all(vol.join("images")).expect("folder");
        fs::write(vol.join("images/p1.png"), "png").expect("written");
        for (p, m) in [("ch1", 0o750), ("images", 0o555), ("", 0o710)] {
            fs::set_permissions(vol.join(p), fs::Permissions::from_mode(m)).expect("mode");
        }
        let stage = Stage::new(&vol).expect("stage");
        stage.write("ch1/d0001.emd", b"one").expect("written");
        stage.carry_over(&HashSet::new()).expect("kept");
        assert!(stage.commit().expect("in place").is_none());
        assert_eq!(mode(&vol), 0o710);
        assert_eq!(mode(&vol.join("ch1")), 0o750);
        assert_eq!(mode(&vol.join("images")), 0o555);
        assert_eq!(
            fs::read_to_string(vol.join("images/p1.png")).expect("kept"),
            "png"
        );
        // Without it, a user other than root could not remove the folder.
        fs::set_permissions(vol.join("images"), fs::Permissions::from_mode(0o755)).expect("mode");
    }
}
