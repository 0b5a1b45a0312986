//! The output directory must not overlap an input: an output inside an
//! input directory is read back as input by the next run, and an input
//! inside the output directory is a file a run may replace or remove.
//!
//! Paths are compared resolved (absolute, symlinks followed, `.` and `..`
//! gone), so `in/./self` and a symlink to `in` are caught too. The output
//! usually does not exist yet: its nearest existing ancestor is resolved and
//! the rest of the path appended.

use std::path::{Component, Path, PathBuf};

/// How an input and the output overlap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Overlap {
    /// The output is the input (a directory or a file).
    Same,
    /// The output lies inside the input directory.
    OutputInInput,
    /// The input lies inside the output directory.
    InputInOutput,
}

impl Overlap {
    /// What goes wrong, for a message about `input` and `output`.
    pub(super) fn describe(self, input: &str, output: &str) -> String {
        match self {
            Overlap::Same => format!(
                "output `{output}` is the input `{input}`: a run would delete or overwrite its own input, and read its artifacts back as input"
            ),
            Overlap::OutputInInput => format!(
                "output `{output}` is inside the input directory `{input}`: the next run would read its own artifacts back as input"
            ),
            Overlap::InputInOutput => format!(
                "input `{input}` is inside the output directory `{output}`: a run may replace or remove it"
            ),
        }
    }
}

/// How `input` (a file or directory that exists) and `output` overlap, if
/// they do; `None` too when either cannot be resolved.
pub(super) fn overlap(input: &Path, output: &Path) -> Option<Overlap> {
    let input = input.canonicalize().ok()?;
    let output = resolve(output)?;
    if input == output {
        Some(Overlap::Same)
    } else if input.is_dir() && output.starts_with(&input) {
        Some(Overlap::OutputInInput)
    } else if input.starts_with(&output) {
        Some(Overlap::InputInOutput)
    } else {
        None
    }
}

/// `path` absolute, with symlinks, `.` and `..` resolved, whether or not it
/// exists: the nearest existing ancestor is canonicalized and the missing
/// rest appended to it.
fn resolve(path: &Path) -> Option<PathBuf> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(path)
    };
    let mut missing: Vec<Component<'_>> = Vec::new();
    let mut existing = absolute.as_path();
    let mut resolved = loop {
        if let Ok(c) = existing.canonicalize() {
            break c;
        }
        missing.push(existing.components().next_back()?);
        existing = existing.parent()?;
    };
    for c in missing.into_iter().rev() {
        match c {
            Component::ParentDir => {
                resolved.pop();
            }
            Component::Normal(name) => resolved.push(name),
            _ => {}
        }
    }
    Some(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlaps_are_found_whether_or_not_the_output_exists() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("in/sub")).unwrap();
        std::fs::write(root.join("in/a.txt"), "a").unwrap();
        let input = root.join("in");
        assert_eq!(overlap(&input, &input), Some(Overlap::Same));
        assert_eq!(
            overlap(&input, &root.join("in/./out/x")),
            Some(Overlap::OutputInInput)
        );
        assert_eq!(
            overlap(&input, &root.join("new/../in/sub")),
            Some(Overlap::OutputInInput)
        );
        assert_eq!(overlap(&input, root), Some(Overlap::InputInOutput));
        assert_eq!(
            overlap(&root.join("in/a.txt"), &root.join("in")),
            Some(Overlap::InputInOutput)
        );
        assert_eq!(overlap(&input, &root.join("out")), None);
        assert_eq!(overlap(&input, &root.join("input-2")), None);
        // A file input beside the output does not contain it.
        assert_eq!(overlap(&root.join("in/a.txt"), &root.join("in/out")), None);
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_are_followed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("in")).unwrap();
        std::os::unix::fs::symlink(root.join("in"), root.join("link")).unwrap();
        assert_eq!(
            overlap(&root.join("in"), &root.join("link/out")),
            Some(Overlap::OutputInInput)
        );
    }
}
