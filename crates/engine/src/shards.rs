//! Sharded runs: which shards of an output directory are done, and merging
//! their parts into exactly the layout an unsharded run writes.

use crate::error::RunError;
use crate::manifest::{Manifest, now_rfc3339};
use crate::output::{ArtifactWriter, Layout, Shard};
use crate::pipeline::{Compression, Pipeline};
use crate::registry::Registry;
use docpipe_core::{Document, FinishContext, ReadCounts, RunSnapshot, StageCounts};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// The marker a shard writes when it starts: what was run, for the retry
/// command.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Attempt {
    /// The command line that started the shard.
    pub command: Vec<String>,
    /// When it started.
    pub started: String,
    /// The host it ran on.
    pub host: String,
}

/// The name of a shard's attempt marker.
pub fn attempt_path(dir: &Path, shard: Shard) -> PathBuf {
    dir.join(format!("attempt{}.json", shard.infix()))
}

/// State of one shard.
#[derive(Debug, Clone, PartialEq)]
pub enum ShardState {
    /// Its manifest is committed.
    Done(Box<Manifest>),
    /// A process is running it now (it holds the shard's lock).
    Running {
        /// The note that process left: process id, host, start, command.
        holder: String,
        /// Its attempt marker, once written.
        attempt: Option<Attempt>,
    },
    /// It started (an attempt marker exists) but did not commit, and no
    /// process runs it: it failed or was killed.
    Failed(Option<Attempt>),
    /// Nothing of it is there.
    Missing,
}

/// The shards of an output directory.
#[derive(Debug, Clone, PartialEq)]
pub struct ShardStatus {
    /// How many shards the run has.
    pub count: usize,
    /// Each shard's state, by index.
    pub shards: Vec<ShardState>,
}

impl ShardStatus {
    /// Indices of the shards that are not done.
    pub fn unfinished(&self) -> Vec<usize> {
        self.shards
            .iter()
            .enumerate()
            .filter(|(_, s)| !matches!(s, ShardState::Done(_)))
            .map(|(i, _)| i)
            .collect()
    }

    /// Finished shards that ran a different pipeline or input than the
    /// first finished one (whose index comes first): `merge` refuses to
    /// join them. `None` when all agree.
    pub fn mismatched(&self) -> Option<(usize, Vec<usize>)> {
        let mut done = self.shards.iter().enumerate().filter_map(|(i, s)| match s {
            ShardState::Done(m) => Some((i, m)),
            _ => None,
        });
        let (first, reference) = done.next()?;
        let odd: Vec<usize> = done
            .filter(|(_, m)| {
                m.pipeline_hash != reference.pipeline_hash || m.corpus_hash != reference.corpus_hash
            })
            .map(|(i, _)| i)
            .collect();
        (!odd.is_empty()).then_some((first, odd))
    }

    /// The command that started the shards, from any marker or manifest.
    pub fn command(&self) -> Option<Vec<String>> {
        self.shards.iter().find_map(|s| match s {
            ShardState::Failed(Some(a))
            | ShardState::Running {
                attempt: Some(a), ..
            } => Some(a.command.clone()),
            _ => None,
        })
    }
}

/// The shard of a `<prefix>.part-IIIII-of-NNNNN<rest>` name.
fn shard_of(name: &str, prefix: &str) -> Option<Shard> {
    Shard::find_in(name).and_then(|(s, p, _)| (p == prefix).then_some(s))
}

/// The shard in a `<prefix>.part-IIIII-of-NNNNN<rest>` name, whatever the
/// prefix: a marker, manifest or artifact part.
fn shard_in(name: &str) -> Option<Shard> {
    Shard::find_in(name).map(|(s, _, _)| s)
}

/// Refuses to run `shard` into `dir` when the parts already there could not
/// be merged with its own: parts of another shard count (whatever
/// `force`), or a finished shard of a different pipeline or input (unless
/// `force`, which replaces this shard's output; the other shards must then
/// be rerun too, which `merge` says).
pub(crate) fn refuse_mismatched(
    dir: &Path,
    shard: Shard,
    pipeline_hash: &str,
    corpus_hash: &str,
    force: bool,
) -> Result<(), RunError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => {
            return Err(RunError::Read {
                path: dir.to_path_buf(),
                message: format!("cannot list the output directory: {e}"),
            });
        }
    };
    let mut others: Vec<(usize, PathBuf)> = Vec::new();
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(found) = shard_in(&name) else {
            continue;
        };
        if found.count != shard.count {
            return Err(RunError::ShardCountMismatch {
                dir: dir.to_path_buf(),
                found: found.count,
                index: shard.index,
                count: shard.count,
            });
        }
        if found.index != shard.index && shard_of(&name, "manifest").is_some() {
            others.push((found.index, e.path()));
        }
    }
    if force {
        return Ok(());
    }
    others.sort();
    for (other, path) in others {
        if let Ok(Some(m)) = Manifest::read(&path)
            && (m.pipeline_hash != pipeline_hash || m.corpus_hash != corpus_hash)
        {
            return Err(RunError::ShardPipelineMismatch {
                dir: dir.to_path_buf(),
                other,
                count: shard.count,
            });
        }
    }
    Ok(())
}

/// Why the shard state of a directory cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum StatusError {
    /// The directory cannot be listed (it does not exist, is no directory,
    /// or cannot be read).
    #[error("cannot list {}: {source}", dir.display())]
    List {
        /// The directory.
        dir: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// Parts of runs with different shard counts lie side by side.
    #[error("{} mixes runs with {first} and {second} shards; clear it and run again", dir.display())]
    MixedCounts {
        /// The directory.
        dir: PathBuf,
        /// One shard count found.
        first: usize,
        /// Another.
        second: usize,
    },
    /// No shard has left a trace (no shard manifest, no attempt marker):
    /// the directory may hold an unsharded run, or no run at all.
    #[error("{} holds no shard of a sharded run", dir.display())]
    NoShard {
        /// The directory.
        dir: PathBuf,
    },
}

/// Reads the shard state of `dir`.
pub fn status(dir: &Path) -> Result<ShardStatus, StatusError> {
    let entries = std::fs::read_dir(dir).map_err(|source| StatusError::List {
        dir: dir.to_path_buf(),
        source,
    })?;
    let mut count: Option<usize> = None;
    let mut manifests: BTreeMap<usize, PathBuf> = BTreeMap::new();
    let mut attempts: BTreeMap<usize, PathBuf> = BTreeMap::new();
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        for (prefix, map) in [("manifest", &mut manifests), ("attempt", &mut attempts)] {
            if let Some(s) = shard_of(&name, prefix).filter(|_| name.ends_with(".json")) {
                if let Some(first) = count.filter(|c| *c != s.count) {
                    return Err(StatusError::MixedCounts {
                        dir: dir.to_path_buf(),
                        first,
                        second: s.count,
                    });
                }
                count = Some(s.count);
                map.insert(s.index, e.path());
            }
        }
    }
    let Some(count) = count else {
        return Err(StatusError::NoShard {
            dir: dir.to_path_buf(),
        });
    };
    let mut shards = Vec::with_capacity(count);
    for i in 0..count {
        let running = || crate::output::lock::shard_holder(dir, Shard { index: i, count });
        let state = match manifests.get(&i).map(|p| Manifest::read(p)) {
            Some(Ok(Some(m))) => ShardState::Done(Box::new(m)),
            _ => {
                let attempt = attempts.get(&i).map(|p| {
                    std::fs::read(p)
                        .ok()
                        .and_then(|b| serde_json::from_slice::<Attempt>(&b).ok())
                });
                match (running(), attempt) {
                    (Some(holder), attempt) => ShardState::Running {
                        holder,
                        attempt: attempt.flatten(),
                    },
                    (None, Some(attempt)) => ShardState::Failed(attempt),
                    (None, None) => ShardState::Missing,
                }
            }
        };
        shards.push(state);
    }
    Ok(ShardStatus { count, shards })
}

fn open_part(path: &Path, compression: Compression) -> std::io::Result<Box<dyn BufRead>> {
    let file = std::fs::File::open(path)?;
    Ok(match compression {
        Compression::None => Box::new(BufReader::with_capacity(1 << 20, file)),
        Compression::Zstd => Box::new(BufReader::new(zstd::stream::read::Decoder::new(file)?)),
        Compression::Gzip => Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(file))),
    })
}

fn sum_counts(into: &mut StageCounts, c: &StageCounts) {
    into.input += c.input;
    into.out += c.out;
    into.dropped += c.dropped;
    into.errors += c.errors;
    into.seconds = ((into.seconds + c.seconds) * 1000.0).round() / 1000.0;
    into.bytes += c.bytes;
}

/// Merges the shards of `dir` into the unsharded layout, re-running the
/// stages' collectors over the merged documents, then removes the parts.
pub fn merge(dir: &Path, registry: &Registry) -> Result<Manifest, RunError> {
    let read_err = |message: String| RunError::Read {
        path: dir.to_path_buf(),
        message,
    };
    // No shard may start (or restart) while the parts are read and removed.
    let _lock = if dir.is_dir() {
        Some(crate::output::DirLock::whole(dir, "docpipe merge")?)
    } else {
        None
    };
    let st = status(dir).map_err(|e| read_err(e.to_string()))?;
    let unfinished = st.unfinished();
    if !unfinished.is_empty() {
        return Err(read_err(format!(
            "shards {unfinished:?} of {} are not done; run `docpipe status {}` for the retry command",
            st.count,
            dir.display()
        )));
    }
    let manifests: Vec<Manifest> = st
        .shards
        .into_iter()
        .filter_map(|s| match s {
            ShardState::Done(m) => Some(*m),
            _ => None,
        })
        .collect();
    let first = manifests
        .first()
        .ok_or_else(|| read_err("no shard manifests".into()))?;
    if let Some(m) = manifests
        .iter()
        .find(|m| m.pipeline_hash != first.pipeline_hash || m.corpus_hash != first.corpus_hash)
    {
        let which = m
            .shard
            .map_or_else(|| "a shard".to_owned(), |s| format!("shard {}", s.index));
        return Err(read_err(format!(
            "{which} of {} ran a different pipeline or input than shard 0; rerun it with the same pipeline file, input and options as the others (--force replaces its output), then merge again",
            manifests.len()
        )));
    }
    let pipeline = Pipeline::from_manifest(first, registry, Vec::new(), dir.to_path_buf())
        .map_err(read_err)?;
    let count = manifests.len();
    let whole = Layout {
        dir: dir.to_path_buf(),
        compression: pipeline.compression,
        shard: None,
    };
    let part = |i: usize| Layout {
        shard: Some(Shard { index: i, count }),
        ..whole.clone()
    };

    // Summed counts, for the manifest and the collectors' report.
    let mut read = ReadCounts::default();
    let mut stages: Vec<StageCounts> = first
        .stages
        .iter()
        .map(|s| StageCounts {
            id: s.id.clone(),
            uses: s.uses.clone(),
            ..StageCounts::default()
        })
        .collect();
    for m in &manifests {
        read.files += m.read.files;
        read.docs += m.read.docs;
        read.errors += m.read.errors;
        read.bytes += m.read.bytes;
        for (into, c) in stages.iter_mut().zip(&m.stages) {
            sum_counts(into, c);
        }
    }
    let wall = crate::manifest::shards_wall_seconds(&manifests);
    let snapshot = RunSnapshot {
        read: read.clone(),
        stages: stages.clone(),
        wall_seconds: wall,
    };

    let write_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| RunError::Write { path, source }
    };
    let mut committed = Vec::new();
    let mut collector_ids: Vec<String> = Vec::new();
    let mut files: Vec<(PathBuf, Vec<PathBuf>, Compression)> = pipeline
        .stages
        .iter()
        .enumerate()
        .map(|(k, s)| {
            (
                whole.artifact(k + 1, &s.id),
                (0..count).map(|i| part(i).artifact(k + 1, &s.id)).collect(),
                pipeline.compression,
            )
        })
        .collect();
    files.push((
        whole.errors(),
        (0..count).map(|i| part(i).errors()).collect(),
        Compression::None,
    ));
    files.push((
        whole.dropped(),
        (0..count).map(|i| part(i).dropped()).collect(),
        Compression::None,
    ));

    for (k, (target, parts, compression)) in files.iter().enumerate() {
        let stage = pipeline.stages.get(k);
        let mut collector = match stage {
            Some(s) => crate::run::open_collector(s, &whole.stage_dir(&s.id), None)?,
            None => None,
        };
        if let (Some(_), Some(s)) = (&collector, stage) {
            collector_ids.push(s.id.clone());
        }
        let mut writer =
            ArtifactWriter::start(target.clone(), *compression).map_err(write_err(target))?;
        for p in parts {
            let mut reader = open_part(p, *compression).map_err(write_err(p))?;
            if let Some(c) = collector.as_mut() {
                let mut line = String::new();
                loop {
                    line.clear();
                    let n = reader.read_line(&mut line).map_err(write_err(p))?;
                    if n == 0 {
                        break;
                    }
                    let doc: Document = serde_json::from_str(&line).map_err(|e| {
                        read_err(format!("{}: bad artifact line: {e}", p.display()))
                    })?;
                    c.observe(&doc).map_err(|source| RunError::Finish {
                        stage: stage.map(|s| s.id.clone()).unwrap_or_default(),
                        source,
                    })?;
                    if !writer.send(line.as_bytes().to_vec()) {
                        break;
                    }
                }
            } else {
                let mut buf = vec![0u8; 1 << 20];
                loop {
                    let n = reader.read(&mut buf).map_err(write_err(p))?;
                    if n == 0 {
                        break;
                    }
                    if !writer.send(buf[..n].to_vec()) {
                        break;
                    }
                }
            }
        }
        let written = writer.finish().map_err(write_err(target))?;
        if let (Some(c), Some(s)) = (collector, stage) {
            let out = whole.stage_dir(&s.id);
            let ctx = FinishContext {
                output_dir: &out,
                pipeline: &pipeline.name,
                run: &snapshot,
            };
            c.finish(&ctx).map_err(|source| RunError::Finish {
                stage: s.id.clone(),
                source,
            })?;
        }
        committed.push((writer, written.bytes));
    }
    for (w, _) in &committed {
        w.commit().map_err(write_err(w.path()))?;
    }
    let manifest = Manifest {
        pipeline: first.pipeline.clone(),
        pipeline_hash: first.pipeline_hash.clone(),
        input_hash: first.corpus_hash.clone(),
        corpus_hash: first.corpus_hash.clone(),
        versions: first.versions.clone(),
        started: manifests
            .iter()
            .map(|m| m.started.clone())
            .min()
            .unwrap_or_default(),
        finished: now_rfc3339(),
        threads: manifests.iter().map(|m| m.threads).max().unwrap_or(1),
        shard: None,
        read,
        stages,
        artifacts: committed
            .iter()
            .map(|(w, bytes)| crate::manifest::ArtifactInfo::committed(w.path(), *bytes))
            .collect(),
        collectors: collector_ids,
        plan: first.plan.clone(),
    };
    manifest
        .write(&whole.manifest())
        .map_err(write_err(&whole.manifest()))?;
    // The merged layout is complete: remove the parts.
    for i in 0..count {
        let l = part(i);
        for (_, parts, _) in &files {
            let _ = std::fs::remove_file(&parts[i]);
        }
        for s in &pipeline.stages {
            let _ = std::fs::remove_dir_all(l.stage_dir(&s.id));
        }
        let _ = std::fs::remove_file(l.manifest());
        let _ = std::fs::remove_file(attempt_path(dir, Shard { index: i, count }));
    }
    Ok(manifest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_shard_names() {
        assert_eq!(
            shard_of("manifest.part-00002-of-00008.json", "manifest"),
            Some(Shard { index: 2, count: 8 })
        );
        assert_eq!(shard_of("manifest.json", "manifest"), None);
        assert_eq!(shard_of("attempt.part-x-of-00008.json", "attempt"), None);
        // Clearing an output directory ignores these names (not a run's);
        // status and merge must too.
        assert_eq!(shard_of("manifest.part-1-of-3.json", "manifest"), None);
        assert_eq!(
            shard_of("manifest.part-+0001-of-00003.json", "manifest"),
            None
        );
        assert_eq!(
            shard_of("manifest.part-00001-of-99999999999.json", "manifest"),
            None
        );
        assert_eq!(
            shard_of("manifest.part-00008-of-00008.json", "manifest"),
            None
        );
        assert_eq!(
            shard_in("03-tag.part-00001-of-00003.jsonl.zst"),
            Some(Shard { index: 1, count: 3 })
        );
        assert_eq!(
            shard_in("export.part-00000-of-00002"),
            Some(Shard { index: 0, count: 2 })
        );
        assert_eq!(shard_in("notes.txt"), None);
    }
}
