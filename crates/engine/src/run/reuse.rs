//! Incremental reruns: the leading stages of an earlier finished run are
//! reused when nothing they depend on changed.
//!
//! Stage `k`'s artifact depends on the input, on `max_doc_bytes`, and on the
//! id, registered stage, version and options of stages `1..=k`. When all of
//! that matches the old manifest for stages `1..=k` (and the compression and
//! docpipe's version match too), those artifacts are kept as they are, and
//! the rerun starts at stage `k + 1` from the lines of artifact `k`.
//!
//! The input is still read, in order, because it is what interleaves the
//! three old streams that carry the reused part: for every input item the
//! [`Resumer`] decides whether the old run failed it in a reused stage (the
//! next reused errors.jsonl record has its source), dropped it in one (the
//! next reused dropped.jsonl record has its id), or passed it through every
//! reused stage (the next line of artifact `k` has its id). Records of the
//! stages that rerun, and read errors, are left behind: the rerun writes
//! them anew. Anything out of step fails the run instead of guessing.

use super::process::WorkItem;
use crate::error::RunError;
use crate::input::InputItem;
use crate::manifest::{ArtifactInfo, Manifest};
use crate::output::Layout;
use crate::output::old_lines::{DropHead, ErrorHead, IdHead, OldLines};
use crate::pipeline::{Compression, Pipeline};
use docpipe_core::StageCounts;
use std::collections::HashSet;
use std::path::Path;

/// What an incremental rerun takes from the earlier run.
#[derive(Debug, Clone, Default)]
pub(crate) struct Reuse {
    /// How many leading stages are reused (0: none).
    pub(crate) stages: usize,
    /// Their counts, as the earlier run recorded them.
    pub(crate) counts: Vec<StageCounts>,
    /// Their artifacts, as the earlier run recorded them.
    pub(crate) artifacts: Vec<ArtifactInfo>,
}

/// How many leading stages of `pipeline` the finished run `old` in the same
/// directory already computed for the same input.
pub(crate) fn plan(
    old: &Manifest,
    pipeline: &Pipeline,
    layout: &Layout,
    input_hash: &str,
) -> Reuse {
    let none = Reuse::default();
    let plan = &old.plan;
    if old.input_hash != input_hash
        || old.shard != layout.shard
        || plan.compression != pipeline.compression.name()
        || plan.max_doc_bytes != pipeline.max_doc_bytes
        || old.versions.get("docpipe").map(String::as_str) != Some(env!("CARGO_PKG_VERSION"))
        || old.stages.len() != plan.stages.len()
    {
        return none;
    }
    // The rerun reads the old records to place the reused stages' errors
    // and drops: they must be as the earlier run left them.
    if [layout.errors(), layout.dropped()]
        .iter()
        .any(|p| !intact(old, p, true))
    {
        return none;
    }
    let mut artifacts = Vec::new();
    for (new, (was, counts)) in pipeline
        .stages
        .iter()
        .zip(plan.stages.iter().zip(&old.stages))
    {
        let same = new.id == was.id
            && new.uses == was.uses
            && new.built.options == was.options
            && counts.id == was.id
            && old
                .versions
                .get(&format!("stage:{}", new.uses))
                .map(String::as_str)
                == Some(new.version);
        if !same {
            break;
        }
        // The artifact must still be there, and as long as the manifest
        // says when that can be told without reading it.
        let path = layout.artifact(artifacts.len() + 1, &new.id);
        let Some(info) = artifact_info(old, &path) else {
            break;
        };
        // A reused stage keeps its collector's directory: it must be there.
        if !intact(old, &path, pipeline.compression == Compression::None)
            || (old.collectors.contains(&new.id) && !layout.stage_dir(&new.id).is_dir())
        {
            break;
        }
        artifacts.push(info.clone());
    }
    let k = artifacts.len();
    if k == 0 {
        return none;
    }
    Reuse {
        stages: k,
        counts: old.stages[..k].to_vec(),
        artifacts,
    }
}

/// Whether the artifact at `path` is there as the manifest `old` records
/// it: listed, present, and, when `sized` (it is uncompressed: the manifest
/// records uncompressed sizes), as long as recorded.
fn intact(old: &Manifest, path: &Path, sized: bool) -> bool {
    let Some(info) = artifact_info(old, path) else {
        return false;
    };
    // The size on disk when the manifest has it (any compression), else
    // the uncompressed length, which only an uncompressed file shows.
    let expected = info.file_bytes.or(sized.then_some(info.bytes));
    match std::fs::metadata(path) {
        Ok(m) => m.is_file() && expected.is_none_or(|n| m.len() == n),
        Err(_) => false,
    }
}

/// What is missing from the finished run `old` in `layout`'s directory,
/// described for a person; `None` when every artifact it lists is there,
/// as long as recorded (on disk; for manifests before 0.6.10, only
/// uncompressed files are checked), and so is every directory its
/// collectors wrote.
pub(crate) fn first_gap(old: &Manifest, layout: &Layout) -> Option<String> {
    for a in &old.artifacts {
        let path = layout.dir.join(&a.path);
        if !path.is_file() {
            return Some(format!("`{}` is missing", a.path));
        }
        if !intact(old, &path, a.path.ends_with(".jsonl")) {
            return Some(format!(
                "`{}` is not as long as the run wrote it (cut short or changed)",
                a.path
            ));
        }
    }
    old.collectors
        .iter()
        .find(|id| !layout.stage_dir(id).is_dir())
        .map(|id| format!("the directory `{id}/` is missing"))
}

fn artifact_info<'m>(old: &'m Manifest, path: &Path) -> Option<&'m ArtifactInfo> {
    let name = path.file_name()?.to_str()?;
    old.artifacts.iter().find(|a| a.path == name)
}

/// Routes input items to fresh work or to what the earlier run left.
pub(crate) struct Resumer {
    artifact: OldLines<IdHead>,
    errors: OldLines<ErrorHead>,
    dropped: OldLines<DropHead>,
    reused_ids: HashSet<String>,
}

impl Resumer {
    /// Opens the old artifact of the last reused stage and the old records.
    /// Call before the new records are committed over the old ones.
    pub(crate) fn open(
        layout: &Layout,
        pipeline: &Pipeline,
        reuse: &Reuse,
    ) -> Result<Resumer, RunError> {
        let last = reuse.stages;
        Ok(Resumer {
            artifact: OldLines::open(
                layout.artifact(last, &pipeline.stages[last - 1].id),
                pipeline.compression,
            )?,
            errors: OldLines::open(layout.errors(), Compression::None)?,
            dropped: OldLines::open(layout.dropped(), Compression::None)?,
            reused_ids: pipeline.stages[..last]
                .iter()
                .map(|s| s.id.clone())
                .collect(),
        })
    }

    /// What to do with the next input item.
    pub(crate) fn route(&mut self, item: InputItem) -> Result<WorkItem, RunError> {
        let InputItem::Doc { doc, source } = item else {
            // Read errors are not a stage's: they are recorded anew.
            return Ok(WorkItem::Fresh(item));
        };
        self.skip_unreused()?;
        if let Some(e) = self.errors.peek()?
            && e.source == source
        {
            let (line, _) = self.take_error()?;
            return Ok(WorkItem::Settled { line, failed: true });
        }
        // The source tells documents with the same id apart.
        if let Some(d) = self.dropped.peek()?
            && d.source.as_ref().map_or(d.id == doc.id, |s| *s == source)
            && let Some((line, _)) = self.dropped.take()?
        {
            return Ok(WorkItem::Settled {
                line,
                failed: false,
            });
        }
        match self.artifact.take()? {
            Some((line, head)) if head.id == doc.id => Ok(WorkItem::Resumed { line, source }),
            Some((_, head)) => Err(self.out_of_step(format!(
                "the input has document `{}` where it has `{}`",
                doc.id, head.id
            ))),
            None => {
                Err(self.out_of_step(format!("it ends before document `{}` of the input", doc.id)))
            }
        }
    }

    /// Checks that everything the earlier run left for the reused stages
    /// was matched to an input item.
    pub(crate) fn finish(mut self) -> Result<(), RunError> {
        self.skip_unreused()?;
        if let Some((_, head)) = self.artifact.take()? {
            return Err(self.out_of_step(format!(
                "it has document `{}` after the input's last",
                head.id
            )));
        }
        if self.errors.peek()?.is_some() || self.dropped.peek()?.is_some() {
            return Err(self.out_of_step(
                "its errors.jsonl or dropped.jsonl name documents the input no longer has"
                    .to_owned(),
            ));
        }
        Ok(())
    }

    fn take_error(&mut self) -> Result<(String, ErrorHead), RunError> {
        self.errors
            .take()?
            .ok_or_else(|| RunError::Internal("an error record vanished after a peek".into()))
    }

    /// Skips old records of stages that run again (and old read errors).
    fn skip_unreused(&mut self) -> Result<(), RunError> {
        while let Some(e) = self.errors.peek()? {
            if self.reused_ids.contains(&e.stage) {
                break;
            }
            self.errors.take()?;
        }
        while let Some(d) = self.dropped.peek()? {
            if self.reused_ids.contains(&d.stage) {
                break;
            }
            self.dropped.take()?;
        }
        Ok(())
    }

    fn out_of_step(&self, what: String) -> RunError {
        RunError::Read {
            path: self.artifact.path().to_path_buf(),
            message: format!(
                "the earlier run's artifact no longer matches its input ({what}), so its stages cannot be reused; run the same command again (the earlier run is gone now, so every stage is recomputed)"
            ),
        }
    }
}
