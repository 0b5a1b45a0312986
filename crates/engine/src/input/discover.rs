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

impl InputKind {
    /// The kind of a path by its name, if supported.
    pub fn of(path: &Path) -> Option<InputKind> {
        let name = path.file_name()?.to_str()?;
        if name.ends_with(".txt") {
            Some(InputKind::Text)
        } else if name.ends_with(".jsonl") || name.ends_with(".ndjson") {
            Some(InputKind::Jsonl)
        } else if name.ends_with(".jsonl.gz") {
            Some(InputKind::JsonlGz)
        } else if name.ends_with(".jsonl.zst") {
            Some(InputKind::JsonlZst)
        } else {
            None
        }
    }

    /// The file name without the kind's extension (a document id prefix).
    pub fn stem(path: &Path) -> String {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for ext in [".jsonl.gz", ".jsonl.zst", ".jsonl", ".ndjson", ".txt"] {
            if let Some(s) = name.strip_suffix(ext) {
                return s.to_owned();
            }
        }
        name
    }
}

/// Expands one `input` entry. A file must be of a supported kind; a
/// directory is walked recursively (hidden entries skipped, symlink loops
/// broken); a pattern with `*`, `?` or `[` is a glob.
pub fn expand(pattern: &str) -> Result<Vec<PathBuf>, String> {
    let mut out = BTreeSet::new();
    if pattern.contains(['*', '?', '[']) {
        let paths = glob::glob(pattern).map_err(|e| format!("invalid glob: {e}"))?;
        for p in paths.flatten() {
            if p.is_dir() {
                walk(&p, &mut out, &mut BTreeSet::new());
            } else if InputKind::of(&p).is_some() {
                out.insert(p);
            }
        }
        return Ok(out.into_iter().collect());
    }
    let path = Path::new(pattern);
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        _ => e.to_string(),
    })?;
    if meta.is_dir() {
        walk(path, &mut out, &mut BTreeSet::new());
    } else if InputKind::of(path).is_some() {
        out.insert(path.to_path_buf());
    } else {
        return Err("unsupported file type: use .txt, .jsonl, .jsonl.gz or .jsonl.zst".into());
    }
    Ok(out.into_iter().collect())
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

fn walk(dir: &Path, out: &mut BTreeSet<PathBuf>, seen: &mut BTreeSet<PathBuf>) {
    // A directory reached twice through symlinks is a loop: stop there.
    let Ok(canonical) = dir.canonicalize() else {
        return;
    };
    if !seen.insert(canonical) {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        tracing::warn!(dir = %dir.display(), "Cannot list input directory; skipping it.");
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            walk(&path, out, seen);
        } else if InputKind::of(&path).is_some() {
            out.insert(path);
        }
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
