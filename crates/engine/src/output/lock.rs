//! Locks that keep two processes from writing one output directory at once.
//!
//! Without them, a Slurm array resubmitted while the first one still runs,
//! or the same command started in two terminals, has two processes write
//! the same `.partial` files and commit a mix of both, or one process
//! clear what the other is writing.
//!
//! The locks are advisory file locks ([`File::try_lock`], `flock` on
//! Linux), which the operating system releases when the process exits,
//! killed or not: a lock never outlives its holder, so there is no stale
//! lock to remove by hand after a crash.
//!
//! - `.docpipe-run.lock`: an unsharded run, `merge` and `replay` hold it
//!   exclusively; every shard holds it shared, so shards run side by side
//!   but never beside a process that writes the whole directory.
//! - `.docpipe-shard-IIIII-of-NNNNN.lock`: a shard holds its own
//!   exclusively, so one shard never runs twice at once.
//!
//! An exclusive holder writes who it is into its lock file (process id,
//! host, start time), for the message of whoever it turns away.
//!
//! The last holder of a lock file removes it when it lets go, so a
//! finished directory holds only the files of design.md's layout. That is
//! safe because a process that gets a lock checks that the name still
//! refers to the file it locked, and starts again if it was removed in the
//! meantime.

use crate::error::RunError;
use crate::output::Shard;
use std::fs::{File, OpenOptions, TryLockError};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The lock of the whole output directory.
pub const RUN_LOCK: &str = ".docpipe-run.lock";

/// How many times a busy lock is tried before giving up, and the pause
/// between tries: `docpipe status` takes a shard's lock for an instant to
/// see whether the shard runs, and a shard starting in that instant must
/// not be turned away.
const TRIES: u32 = 20;
const PAUSE: Duration = Duration::from_millis(25);

/// The name of a shard's lock file.
pub fn shard_lock_name(shard: Shard) -> String {
    format!(
        ".docpipe-shard-{:05}-of-{:05}.lock",
        shard.index, shard.count
    )
}

/// Whether `name` is one of the lock files of this module: docpipe's, but
/// neither an artifact nor a sign of a run (a refused run leaves none).
pub fn is_lock_name(name: &str) -> bool {
    name == RUN_LOCK || (name.starts_with(".docpipe-shard-") && name.ends_with(".lock"))
}

/// The locks a process holds on an output directory; they are released
/// (and their files removed when no one else holds them) on drop.
#[derive(Debug)]
pub struct DirLock {
    /// Released in order: the shard's lock before the directory's.
    _held: Vec<Held>,
}

impl DirLock {
    /// Locks the directory `dir` (which must exist) for a process that
    /// writes all of it: an unsharded run, a merge, a replay. `command`
    /// says what the process does, for the message of a process it turns
    /// away.
    pub fn whole(dir: &Path, command: &str) -> Result<DirLock, RunError> {
        let path = dir.join(RUN_LOCK);
        match acquire(&path, true, command) {
            Acquired::Held(h) => Ok(DirLock { _held: vec![h] }),
            Acquired::Unsupported => Ok(DirLock { _held: Vec::new() }),
            Acquired::Busy => Err(RunError::Busy {
                dir: dir.to_path_buf(),
                holder: holder_of_whole(&path),
            }),
        }
    }

    /// Locks the directory `dir` (which must exist) for shard `shard` of a
    /// sharded run.
    pub fn shard(dir: &Path, shard: Shard, command: &str) -> Result<DirLock, RunError> {
        let run = dir.join(RUN_LOCK);
        let mut held = Vec::new();
        match acquire(&run, false, command) {
            Acquired::Held(h) => held.push(h),
            Acquired::Unsupported => return Ok(DirLock { _held: held }),
            Acquired::Busy => {
                return Err(RunError::Busy {
                    dir: dir.to_path_buf(),
                    holder: note_of(&run),
                });
            }
        }
        let path = dir.join(shard_lock_name(shard));
        match acquire(&path, true, command) {
            Acquired::Held(h) => held.insert(0, h),
            Acquired::Unsupported => {}
            Acquired::Busy => {
                return Err(RunError::Busy {
                    dir: dir.to_path_buf(),
                    holder: format!(
                        "shard {}/{} is already running there ({})",
                        shard.index,
                        shard.count,
                        note_of(&path)
                    ),
                });
            }
        }
        Ok(DirLock { _held: held })
    }
}

/// If shard `shard` of `dir` is running now, who runs it (the note its
/// process wrote); `None` when it is not, or when the file system does not
/// lock. Never creates a file.
pub fn shard_holder(dir: &Path, shard: Shard) -> Option<String> {
    exclusive_holder(&dir.join(shard_lock_name(shard)))
}

/// If a process holds the whole of `dir` now (an unsharded run, a merge,
/// a replay), who it is (the note it wrote); `None` when none does, when
/// only shards run (they hold the lock shared, which a shared probe
/// passes), or when the file system does not lock. Never creates a file.
pub fn whole_holder(dir: &Path) -> Option<String> {
    exclusive_holder(&dir.join(RUN_LOCK))
}

/// The note of the process holding the lock file at `path` exclusively,
/// found by taking it shared for an instant (a process starting then
/// retries; see [`TRIES`]).
fn exclusive_holder(path: &Path) -> Option<String> {
    let file = OpenOptions::new().read(true).open(path).ok()?;
    match file.try_lock_shared() {
        Ok(()) | Err(TryLockError::Error(_)) => None,
        Err(TryLockError::WouldBlock) => Some(note_of(path)),
    }
}

#[derive(Debug)]
struct Held {
    file: File,
    path: PathBuf,
    exclusive: bool,
}

impl Drop for Held {
    fn drop(&mut self) {
        // The last of several shared holders may take the lock exclusively
        // (turning its own lock into an exclusive one), and then removes
        // the file like an exclusive holder does.
        let alone = self.exclusive || self.file.try_lock().is_ok();
        if alone && cfg!(unix) && still_named(&self.file, &self.path) {
            let _ = std::fs::remove_file(&self.path);
        }
        // Closing the file releases the lock.
    }
}

enum Acquired {
    Held(Held),
    /// The file system does not lock files (some network or FUSE file
    /// systems): the run goes on unprotected, with a warning.
    Unsupported,
    Busy,
}

fn acquire(path: &Path, exclusive: bool, command: &str) -> Acquired {
    for _ in 0..TRIES {
        let file = match OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)
        {
            Ok(file) => file,
            // A read-only directory: a finished run in it is still "already
            // done", and a run that has to write fails with the error of
            // the file it writes, which says more than this one would.
            Err(e) => {
                tracing::warn!(
                    path = %path.display(),
                    "Cannot create the lock file {}: {e}. Going on without it.",
                    path.display()
                );
                return Acquired::Unsupported;
            }
        };
        let locked = if exclusive {
            file.try_lock()
        } else {
            file.try_lock_shared()
        };
        match locked {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                std::thread::sleep(PAUSE);
                continue;
            }
            Err(TryLockError::Error(e)) => {
                tracing::warn!(
                    path = %path.display(),
                    "Cannot lock {}: {e}. This file system does not lock files, so a second docpipe process writing into the same directory at the same time would not be stopped.",
                    path.display()
                );
                return Acquired::Unsupported;
            }
        }
        if !still_named(&file, path) {
            // Its last holder removed it between our open and our lock.
            continue;
        }
        let mut held = Held {
            file,
            path: path.to_path_buf(),
            exclusive,
        };
        if exclusive {
            write_note(&mut held.file, command);
        }
        return Acquired::Held(held);
    }
    Acquired::Busy
}

/// Records who holds an exclusive lock. Failing to is harmless: the note
/// only makes another process's message more precise.
fn write_note(file: &mut File, command: &str) {
    let host = crate::host::host_name();
    let on = if host.is_empty() {
        String::new()
    } else {
        format!(" on {host}")
    };
    let note = format!(
        "process {}{on}, started {}: {command}\n",
        std::process::id(),
        crate::manifest::now_rfc3339()
    );
    let _ = file
        .set_len(0)
        .and_then(|()| file.write_all(note.as_bytes()));
}

/// What an exclusive holder wrote into its lock file.
fn note_of(path: &Path) -> String {
    let note = std::fs::read_to_string(path).unwrap_or_default();
    let note = note.trim();
    if note.is_empty() {
        "another docpipe process".to_owned()
    } else {
        note.to_owned()
    }
}

/// Who holds the directory's lock: one exclusive holder (which wrote a
/// note), or shards, which hold it shared and write none.
fn holder_of_whole(path: &Path) -> String {
    let shared_free = File::open(path)
        .ok()
        .is_some_and(|f| f.try_lock_shared().is_ok());
    if shared_free {
        "shards of a sharded run are writing into it; `docpipe status` on the directory lists them"
            .to_owned()
    } else {
        note_of(path)
    }
}

/// Whether `path` still names the file `file` has open.
#[cfg(unix)]
fn still_named(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Elsewhere lock files are never removed, so the name always does.
#[cfg(not(unix))]
fn still_named(_: &File, _: &Path) -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shard(index: usize, count: usize) -> Shard {
        Shard { index, count }
    }

    #[test]
    fn a_whole_lock_turns_away_everyone_else() {
        let dir = tempfile::tempdir().unwrap();
        let held = DirLock::whole(dir.path(), "docpipe run a.toml").unwrap();
        let err = DirLock::whole(dir.path(), "docpipe run b.toml").unwrap_err();
        let RunError::Busy { holder, .. } = &err else {
            panic!("not busy: {err}");
        };
        assert!(holder.contains("docpipe run a.toml"), "{holder}");
        assert!(holder.contains(&std::process::id().to_string()), "{holder}");
        assert!(holder.contains(&crate::host::host_name()), "{holder}");
        assert_eq!(whole_holder(dir.path()).as_deref(), Some(holder.as_str()));
        assert!(matches!(
            DirLock::shard(dir.path(), shard(0, 2), "x"),
            Err(RunError::Busy { .. })
        ));
        drop(held);
        // Released and removed: the directory is as the run left it.
        assert!(!dir.path().join(RUN_LOCK).exists());
        assert_eq!(whole_holder(dir.path()), None);
        DirLock::whole(dir.path(), "docpipe run b.toml").unwrap();
    }

    #[test]
    fn shards_run_side_by_side_but_never_twice() {
        let dir = tempfile::tempdir().unwrap();
        let a = DirLock::shard(dir.path(), shard(0, 2), "docpipe run --shard 0/2").unwrap();
        let b = DirLock::shard(dir.path(), shard(1, 2), "docpipe run --shard 1/2").unwrap();
        let err = DirLock::shard(dir.path(), shard(1, 2), "again").unwrap_err();
        assert!(
            err.to_string().contains("shard 1/2 is already running"),
            "{err}"
        );
        assert!(err.to_string().contains("--shard 1/2"), "{err}");
        let err = DirLock::whole(dir.path(), "docpipe merge").unwrap_err();
        assert!(err.to_string().contains("shards of a sharded run"), "{err}");
        // Shards do not hold the whole directory.
        assert_eq!(whole_holder(dir.path()), None);
        assert_eq!(
            shard_holder(dir.path(), shard(1, 2))
                .as_deref()
                .map(|n| n.contains("--shard 1/2")),
            Some(true)
        );
        drop(b);
        assert_eq!(shard_holder(dir.path(), shard(1, 2)), None);
        // One shard still holds the directory's lock: it stays.
        assert!(dir.path().join(RUN_LOCK).exists());
        drop(a);
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert!(left.is_empty(), "lock files left: {left:?}");
    }

    #[test]
    fn lock_names() {
        assert_eq!(
            shard_lock_name(shard(3, 12)),
            ".docpipe-shard-00003-of-00012.lock"
        );
        assert!(is_lock_name(RUN_LOCK));
        assert!(is_lock_name(".docpipe-shard-00003-of-00012.lock"));
        assert!(!is_lock_name("run.lock"));
        assert!(!is_lock_name("manifest.json"));
    }
}
