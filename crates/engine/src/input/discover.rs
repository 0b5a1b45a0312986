//! Expands `input` entries (files, directories, globs) into a sorted list
//! of supported files.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The kinds of input file docpipe reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// One document per file.
    Text,
    /// One document per line.
    Jsonl,
    /// Gzip-compressed JSONL.
    JsonlGz,
    /// Zstandard-compressed JSONL.
    JsonlZst,
}

/// The extensions of the kinds, longest first, lowercase: a name matches
/// whatever its case (`A.TXT`, `news.JSONL.GZ`).
const EXTENSIONS: [(&str, InputKind); 5] = [
    (".jsonl.gz", InputKind::JsonlGz),
    (".jsonl.zst", InputKind::JsonlZst),
    (".jsonl", InputKind::Jsonl),
    (".ndjson", InputKind::Jsonl),
    (".txt", InputKind::Text),
];

impl InputKind {
    /// The kind of a path by its name, if supported. The name need not be
    /// valid UTF-8: only its (ASCII) extension is looked at.
    pub fn of(path: &Path) -> Option<InputKind> {
        let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
        EXTENSIONS
            .iter()
            .find(|(ext, _)| name.ends_with(ext))
            .map(|(_, kind)| *kind)
    }

    /// The file name without the kind's extension (a document id prefix).
    pub fn stem(path: &Path) -> String {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let lower = name.to_ascii_lowercase();
        match EXTENSIONS.iter().find(|(ext, _)| lower.ends_with(ext)) {
            // ASCII lowercasing keeps byte offsets, and the extension is
            // ASCII, so the cut is on a char boundary.
            Some((ext, _)) => name[..name.len() - ext.len()].to_owned(),
            None => name,
        }
    }
}

/// What expanding `input` entries passed over, besides hidden entries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Skipped {
    /// Regular files of a kind docpipe does not read (`page.html`,
    /// `x.jsonl.bz2`).
    pub unknown_kind: Vec<PathBuf>,
    /// Entries that are neither regular files nor directories (FIFOs,
    /// sockets, devices): reading a FIFO would wait forever for a writer.
    pub not_regular: Vec<PathBuf>,
}

impl Skipped {
    /// How many entries were skipped.
    pub fn len(&self) -> usize {
        self.unknown_kind.len() + self.not_regular.len()
    }

    /// Whether nothing was skipped.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Adds `other`'s entries.
    pub fn extend(&mut self, other: Skipped) {
        self.unknown_kind.extend(other.unknown_kind);
        self.not_regular.extend(other.not_regular);
    }

    /// Logs a warning for each reason anything was skipped, with a few
    /// examples, so a file left out is never left out silently.
    pub fn warn(&self) {
        if !self.unknown_kind.is_empty() {
            tracing::warn!(
                skipped = self.unknown_kind.len(),
                "Skipped {} input file(s) of a kind docpipe does not read ({}); it reads .txt, .jsonl, .jsonl.gz and .jsonl.zst in any letter case. Convert them, or narrow `input` to leave them out.",
                self.unknown_kind.len(),
                examples(&self.unknown_kind)
            );
        }
        if !self.not_regular.is_empty() {
            tracing::warn!(
                skipped = self.not_regular.len(),
                "Skipped {} input entr{} that {} not a regular file ({}): FIFOs, sockets and devices are never read.",
                self.not_regular.len(),
                if self.not_regular.len() == 1 {
                    "y"
                } else {
                    "ies"
                },
                if self.not_regular.len() == 1 {
                    "is"
                } else {
                    "are"
                },
                examples(&self.not_regular)
            );
        }
    }
}

/// Up to three paths, then how many more.
fn examples(paths: &[PathBuf]) -> String {
    let mut shown: Vec<String> = paths
        .iter()
        .take(3)
        .map(|p| p.display().to_string())
        .collect();
    if paths.len() > 3 {
        shown.push(format!("and {} more", paths.len() - 3));
    }
    shown.join(", ")
}

/// Expands one `input` entry. A file must be of a supported kind; a
/// directory is walked recursively (hidden entries skipped, symlink loops
/// broken); a pattern with `*`, `?` or `[` is a glob.
pub fn expand(pattern: &str) -> Result<Vec<PathBuf>, String> {
    expand_with_skipped(pattern).map(|(files, _)| files)
}

/// [`expand`], also returning what it passed over in directories and
/// glob matches: files of an unknown kind and entries that are not regular
/// files. Only regular files (or symlinks to them) are ever returned.
pub fn expand_with_skipped(pattern: &str) -> Result<(Vec<PathBuf>, Skipped), String> {
    let mut found = Found::default();
    if pattern.contains(['*', '?', '[']) {
        let paths = glob::glob(pattern).map_err(|e| format!("invalid glob: {e}"))?;
        for p in paths.flatten() {
            found.take(p);
        }
        return Ok(found.finish());
    }
    let path = Path::new(pattern);
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        _ => e.to_string(),
    })?;
    if meta.is_dir() {
        found.walk(path);
    } else if !meta.is_file() {
        return Err(
            "not a regular file (a FIFO, socket or device): docpipe reads regular files only"
                .into(),
        );
    } else if InputKind::of(path).is_some() {
        found.files.insert(path.to_path_buf());
    } else {
        return Err(
            "unsupported file type: use .txt, .jsonl, .jsonl.gz or .jsonl.zst (any letter case)"
                .into(),
        );
    }
    Ok(found.finish())
}

/// What a walk found so far.
#[derive(Default)]
struct Found {
    files: BTreeSet<PathBuf>,
    skipped: Skipped,
    /// Directories walked, resolved: one reached twice through symlinks
    /// is a loop.
    seen: BTreeSet<PathBuf>,
}

impl Found {
    /// Takes `path` (symlinks followed): walks a directory, keeps a regular
    /// file of a supported kind, and records anything else as skipped. A
    /// path that cannot be looked at (a broken or looping symlink) is kept
    /// when its name is of a supported kind: the reader then records why it
    /// cannot be opened in errors.jsonl, as for any unreadable input.
    fn take(&mut self, path: PathBuf) {
        let supported = InputKind::of(&path).is_some();
        match std::fs::metadata(&path) {
            Ok(m) if m.is_dir() => self.walk(&path),
            Ok(m) if !m.is_file() => self.skipped.not_regular.push(path),
            _ if supported => {
                self.files.insert(path);
            }
            _ => self.skipped.unknown_kind.push(path),
        }
    }

    fn walk(&mut self, dir: &Path) {
        let Ok(canonical) = dir.canonicalize() else {
            return;
        };
        if !self.seen.insert(canonical) {
            return;
        }
        let Ok(entries) = std::fs::read_dir(dir) else {
            tracing::warn!(dir = %dir.display(), "Cannot list input directory; skipping it.");
            return;
        };
        // Sorted, so the examples in warnings do not depend on the file
        // system's order.
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            let hidden = path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'));
            if !hidden {
                self.take(path);
            }
        }
    }

    fn finish(self) -> (Vec<PathBuf>, Skipped) {
        (self.files.into_iter().collect(), self.skipped)
    }
}

/// The files and directories an `input` entry names as written: the path
/// itself, or what a glob matches (those that exist).
pub fn roots(pattern: &str) -> Vec<PathBuf> {
    if pattern.contains(['*', '?', '[']) {
        return glob::glob(pattern)
            .map(|paths| paths.flatten().collect())
            .unwrap_or_default();
    }
    let path = Path::new(pattern);
    if path.exists() {
        vec![path.to_path_buf()]
    } else {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_stems() {
        assert_eq!(
            InputKind::of(Path::new("a/b.jsonl.zst")),
            Some(InputKind::JsonlZst)
        );
        assert_eq!(InputKind::of(Path::new("b.csv")), None);
        assert_eq!(InputKind::stem(Path::new("x/news.jsonl.gz")), "news");
        assert_eq!(InputKind::stem(Path::new("x/001_a.txt")), "001_a");
    }

    #[test]
    fn walks_sorted_and_skips_hidden_and_loops() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("sub")).unwrap();
        std::fs::write(root.join("b.txt"), "b").unwrap();
        std::fs::write(root.join("sub/a.jsonl"), "").unwrap();
        std::fs::write(root.join(".hidden.txt"), "h").unwrap();
        std::fs::write(root.join("notes.md"), "m").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(root, root.join("sub/loop")).unwrap();
        let found = expand(root.to_str().unwrap()).unwrap();
        let names: Vec<_> = found
            .iter()
            .map(|p| p.strip_prefix(root).unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["b.txt", "sub/a.jsonl"]);
    }

    #[test]
    fn extensions_match_in_any_case() {
        assert_eq!(InputKind::of(Path::new("A.TXT")), Some(InputKind::Text));
        assert_eq!(InputKind::of(Path::new("b.Jsonl")), Some(InputKind::Jsonl));
        assert_eq!(
            InputKind::of(Path::new("c.JSONL.GZ")),
            Some(InputKind::JsonlGz)
        );
        assert_eq!(InputKind::stem(Path::new("x/A.TXT")), "A");
        assert_eq!(InputKind::stem(Path::new("x/Día.JSONL.ZST")), "Día");
        assert_eq!(InputKind::of(Path::new("x.jsonl.bz2")), None);
    }

    #[cfg(unix)]
    #[test]
    fn only_regular_files_are_taken_and_every_skip_is_reported() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let latin1 = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
        for name in ["A.TXT", "page.html", "data.json", "x.jsonl.bz2", ".hidden"] {
            std::fs::write(root.join(name), "x").unwrap();
        }
        std::fs::write(root.join(latin1), "x").unwrap();
        let status = std::process::Command::new("mkfifo")
            .arg(root.join("pipe.txt"))
            .status()
            .unwrap();
        assert!(status.success());
        let _socket = std::os::unix::net::UnixListener::bind(root.join("sock.jsonl")).unwrap();
        std::os::unix::fs::symlink(root.join("gone.txt"), root.join("dangling.txt")).unwrap();
        let (files, skipped) = expand_with_skipped(root.to_str().unwrap()).unwrap();
        let names = |paths: &[PathBuf]| -> Vec<String> {
            paths
                .iter()
                .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
                .collect()
        };
        // A broken link is kept: reading it gives an error record.
        assert_eq!(names(&files), ["A.TXT", "caf\u{fffd}.txt", "dangling.txt"]);
        assert_eq!(
            names(&skipped.unknown_kind),
            ["data.json", "page.html", "x.jsonl.bz2"]
        );
        assert_eq!(names(&skipped.not_regular), ["pipe.txt", "sock.jsonl"]);
        // Named directly, a FIFO is an error, not a wait for a writer.
        let e = expand(root.join("pipe.txt").to_str().unwrap()).unwrap_err();
        assert!(e.contains("not a regular file"), "{e}");
        // Glob matches are checked the same way.
        let pattern = format!("{}/p*", root.display());
        let (files, skipped) = expand_with_skipped(&pattern).unwrap();
        assert!(files.is_empty());
        assert_eq!(names(&skipped.unknown_kind), ["page.html"]);
        assert_eq!(names(&skipped.not_regular), ["pipe.txt"]);
    }

    #[test]
    fn missing_and_unsupported() {
        assert_eq!(
            expand("/nonexistent/x").unwrap_err(),
            "no such file or directory"
        );
        let f = tempfile::NamedTempFile::with_suffix(".csv").unwrap();
        assert!(
            expand(f.path().to_str().unwrap())
                .unwrap_err()
                .contains("unsupported")
        );
    }
}
