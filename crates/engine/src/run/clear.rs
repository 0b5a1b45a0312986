//! What a run may remove from its output directory before it writes.
//!
//! The rule: nothing docpipe did not write. A directory that holds files but
//! no trace of a docpipe run is refused outright; in one that does, only the
//! files named as this run's artifacts (or listed by the earlier run's
//! manifest) and the directories of stages whose collector wrote them are
//! removed. Everything else, a user's notes beside the artifacts included,
//! stays.

use crate::error::RunError;
use crate::manifest::Manifest;
use crate::output::layout::{PARTIAL, is_our_file, is_stage_id};
use crate::output::{Layout, Shard};
use crate::pipeline::{Compression, Pipeline};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Refuses an output directory that holds files but no docpipe run.
///
/// A missing or empty directory (lock files aside) is fine, and so is one with any file a run
/// writes: a manifest, a `.partial` file, a shard's attempt marker or parts,
/// or one of this run's stage artifact names (an interrupted run that
/// committed its artifacts but not yet its manifest: stage artifacts are
/// committed first, so errors.jsonl alone, a name anyone may use, is no
/// trace).
pub(super) fn refuse_foreign(layout: &Layout, pipeline: &Pipeline) -> Result<(), RunError> {
    let read_err = |e: std::io::Error| RunError::Read {
        path: layout.dir.clone(),
        message: format!("cannot list the output directory: {e}"),
    };
    let entries = match std::fs::read_dir(&layout.dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(read_err(e)),
    };
    let own = own_names(layout, pipeline, 0);
    let infix = layout.shard.map(|s| s.infix()).unwrap_or_default();
    let own_artifact = |name: &str| {
        own.contains(name)
            && is_our_file(name, &infix)
            && name.starts_with(|c: char| c.is_ascii_digit())
    };
    let mut empty = true;
    for entry in entries {
        let name = entry.map_err(read_err)?.file_name();
        let name = name.to_string_lossy();
        if is_run_trace(&name) || own_artifact(&name) {
            return Ok(());
        }
        // Taken by this very run (or a refused one, which removed it):
        // docpipe's, but no sign of an earlier run.
        if crate::output::lock::is_lock_name(&name) {
            continue;
        }
        empty = false;
    }
    if empty {
        Ok(())
    } else {
        Err(RunError::ForeignOutput {
            dir: layout.dir.clone(),
        })
    }
}

/// Whether a file of this name is only ever written by a docpipe run: a
/// manifest, a file being written, or a shard's marker or part.
fn is_run_trace(name: &str) -> bool {
    if name.ends_with(PARTIAL) {
        return true;
    }
    if is_our_file(name, "") && name.starts_with("manifest") {
        return true;
    }
    let Some((shard, prefix, rest)) = Shard::find_in(name) else {
        return false;
    };
    (prefix == "attempt" && rest == ".json") || is_our_file(name, &shard.infix())
}

/// The file names a run of `pipeline` in `layout` writes, `.partial` names
/// included, except the artifacts of the first `reused` stages (and, when
/// any stage is reused, errors.jsonl and dropped.jsonl, which the rerun
/// reads). Artifacts are named in every compression, so that an
/// interrupted run with another `compression` is cleared too.
fn own_names(layout: &Layout, pipeline: &Pipeline, reused: usize) -> BTreeSet<String> {
    let mut paths: Vec<PathBuf> = vec![layout.manifest()];
    for compression in [Compression::None, Compression::Zstd, Compression::Gzip] {
        let l = Layout {
            compression,
            ..layout.clone()
        };
        for (k, s) in pipeline.stages.iter().enumerate() {
            if k >= reused || compression != layout.compression {
                paths.push(l.artifact(k + 1, &s.id));
            }
        }
    }
    if reused == 0 {
        paths.extend([layout.errors(), layout.dropped()]);
    }
    let mut names = BTreeSet::new();
    for p in paths {
        if let Some(name) = p.file_name().and_then(|n| n.to_str()) {
            names.insert(format!("{name}{PARTIAL}"));
            names.insert(name.to_owned());
        }
    }
    names
}

/// Removes what an earlier run (finished or interrupted) of this layout
/// left: the manifest first, so the directory never looks finished while
/// it is rewritten, then this run's artifact names, the artifacts the old
/// manifest lists, and the directories the old manifest says a collector
/// wrote for stages this run does not have. The directories of this run's
/// own stages are left to [`super::open_collector`], which knows whether
/// the stage writes one.
///
/// The artifacts and collector directories of the first `reused` stages
/// are kept, and so are errors.jsonl and dropped.jsonl when any stage is
/// reused: the rerun reads them and replaces them when it commits.
pub(super) fn clear_previous(
    layout: &Layout,
    pipeline: &Pipeline,
    reused: usize,
    old: Option<&Manifest>,
) -> std::io::Result<()> {
    let manifest = layout.manifest();
    if manifest.exists() {
        std::fs::remove_file(&manifest)?;
    }
    if !layout.dir.exists() {
        return std::fs::create_dir_all(&layout.dir);
    }
    let kept: BTreeSet<String> = own_names(layout, pipeline, 0)
        .difference(&own_names(layout, pipeline, reused))
        .cloned()
        .collect();
    let infix = layout.shard.map(|s| s.infix()).unwrap_or_default();
    let mut names = own_names(layout, pipeline, reused);
    if let Some(m) = old {
        // A name from an old manifest is only trusted when it has the form
        // of a file this layout writes.
        names.extend(
            m.artifacts
                .iter()
                .map(|a| a.path.clone())
                .filter(|n| is_our_file(n, &infix) && !kept.contains(n)),
        );
    }
    for name in &names {
        remove_file_if_there(&layout.dir.join(name))?;
    }
    let current: BTreeSet<&str> = pipeline.stages.iter().map(|s| s.id.as_str()).collect();
    let old_dirs = old.map_or(&[][..], |m| m.collectors.as_slice());
    for id in old_dirs {
        // An id from an old manifest names a directory to remove: only
        // the names a pipeline file can give qualify.
        if current.contains(id.as_str()) || !is_stage_id(id) {
            continue;
        }
        let dir = layout.stage_dir(id);
        if dir.is_dir() {
            std::fs::remove_dir_all(&dir)?;
        }
    }
    Ok(())
}

fn remove_file_if_there(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognizes_only_its_own_files() {
        assert!(is_our_file("01-clean.jsonl", ""));
        assert!(is_our_file("01-clean.jsonl.zst.partial", ""));
        assert!(is_our_file("errors.jsonl", ""));
        assert!(!is_our_file("01-clean.part-00000-of-00002.jsonl", ""));
        assert!(is_our_file(
            "01-clean.part-00000-of-00002.jsonl",
            ".part-00000-of-00002"
        ));
        assert!(!is_our_file(
            "01-clean.part-00001-of-00002.jsonl",
            ".part-00000-of-00002"
        ));
        assert!(!is_our_file("notes.jsonl", ""));
        assert!(!is_our_file("report.html", ""));
    }

    #[test]
    fn traces_of_a_run() {
        assert!(is_run_trace("manifest.json"));
        assert!(is_run_trace("manifest.part-00001-of-00003.json"));
        assert!(is_run_trace("attempt.part-00001-of-00003.json"));
        assert!(is_run_trace("02-segment.part-00000-of-00002.jsonl.zst"));
        assert!(is_run_trace("errors.jsonl.partial"));
        // Names a person or another tool may well use are not traces.
        assert!(!is_run_trace("errors.jsonl"));
        assert!(!is_run_trace("01-batch.jsonl"));
        assert!(!is_run_trace("thesis.tex"));
        assert!(!is_run_trace("notes.part-1-of-3.json"));
        assert!(!is_run_trace("attempt.json"));
    }
}
