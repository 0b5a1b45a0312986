//! `docpipe replay`: rerun the documents of a finished run's errors.jsonl
//! and fold the results into its outputs.
//!
//! How it works:
//!
//! - The run must be finished and unsharded (`manifest.json` present, no
//!   `shard`; merge a sharded run first). The pipeline is rebuilt from the
//!   manifest's plan ([`Pipeline::from_manifest`]) and its input patterns
//!   are expanded again, relative to the working directory, as the run did.
//! - Every input is read again, in order. A document whose source (`path`,
//!   `line`) has a record in `errors.jsonl` is processed anew; its old
//!   lines (the stages it passed before failing) are skipped. Every other
//!   document is copied from the old outputs: at stage k, if the next
//!   record of `dropped.jsonl` is (its id, stage k) it was dropped there,
//!   otherwise the next line of artifact k is its line (ids are checked).
//!   A document that appears in no old output at all (the tail of a file
//!   that was truncated, say) is processed anew too.
//! - Changed inputs are allowed, with a warning: the usual case is that the
//!   failed files were fixed. If the inputs changed in any other way, the
//!   old artifacts fall out of step with the input; replay notices (an id
//!   mismatch, or old lines left over) and refuses, leaving the run as it
//!   was; run the pipeline again with `--force` instead.
//! - New artifacts are written as `.partial`, collectors (export) run over
//!   the final documents of their stage into a hidden temporary directory,
//!   and only then is the old manifest removed, the artifacts renamed, the
//!   collector directories swapped in and a new manifest written with
//!   recounted stages. A replay that fails before that point leaves the old
//!   run untouched; one killed during the swap leaves no manifest, so the
//!   directory reads as an interrupted run that the original command redoes.
//! - Documents are processed `threads` at a time in windows of
//!   `WINDOW` input items, so memory stays bounded.

use crate::error::RunError;
use crate::input::{InputItem, reader};
use crate::manifest::{ArtifactInfo, Manifest, now_rfc3339};
use crate::output::old_lines::{DropHead, ErrorHead, Head, OldLines};
use crate::output::{ArtifactWriter, Layout};
use crate::pipeline::{Compression, Pipeline};
use crate::registry::Registry;
use crate::run::process::{Batch, Processed, WorkItem, hand_over, process_batch};
use docpipe_core::{Collector, Document, RunSnapshot, StageCounts};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Input items folded at a time.
const WINDOW: usize = 64;

/// What a replay did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReplayReport {
    /// Documents rerun.
    pub retried: u64,
    /// Of those, how many now passed every stage or were dropped on purpose.
    pub fixed: u64,
    /// Of those, how many failed again.
    pub still_failing: u64,
    /// Stage error records of errors.jsonl whose input line was not found
    /// (the input changed since the run): as `path:line`. They are not in
    /// the new errors.jsonl, since no document is behind them any more.
    pub unmatched: Vec<String>,
}

/// A source as a map key.
type Key = (String, Option<u64>);

/// What to do with one input item.
// `New` holds a document in flight; boxing it would cost an allocation per
// replayed document for nothing.
#[allow(clippy::large_enum_variant)]
enum Action {
    /// Copy its old lines: one per stage it passed, then maybe its drop record.
    Copy {
        lines: Vec<String>,
        input_bytes: Vec<u64>,
        dropped: Option<String>,
    },
    /// Process it anew.
    New {
        item: Option<InputItem>,
        result: Option<Processed>,
    },
}

/// Reruns the failed documents of the finished run in `dir`.
pub fn replay(dir: &Path, registry: &Registry, threads: usize) -> Result<ReplayReport, RunError> {
    crate::run::panic::install_hook();
    let read_err = |path: &Path, message: String| RunError::Read {
        path: path.to_path_buf(),
        message,
    };
    let _lock = if dir.is_dir() {
        Some(crate::output::DirLock::whole(dir, "docpipe replay")?)
    } else {
        None
    };
    let manifest_path = dir.join("manifest.json");
    let manifest = match Manifest::read(&manifest_path) {
        Ok(Some(m)) => m,
        Ok(None) => {
            return Err(read_err(
                &manifest_path,
                "no manifest: this is not a finished run (an interrupted run is finished by running the same command again; a sharded one by `docpipe merge`)".into(),
            ));
        }
        Err(e) => return Err(read_err(&manifest_path, e)),
    };
    if manifest.shard.is_some() {
        return Err(read_err(
            &manifest_path,
            "this is one shard of a sharded run; `docpipe merge` the shards first, then replay the merged run".into(),
        ));
    }
    // The failed documents, by source, with the stage they failed at.
    let errors_path = dir.join("errors.jsonl");
    let mut failed_at: HashMap<Key, Option<String>> = HashMap::new();
    let mut errors = OldLines::<ErrorHead>::open(errors_path, Compression::None)?;
    while let Some((_, e)) = errors.take()? {
        let stage = (e.stage != "read").then_some(e.stage);
        failed_at.insert((e.source.path, e.source.line), stage);
    }
    if failed_at.is_empty() {
        tracing::info!(dir = %dir.display(), "No failed documents to replay.");
        return Ok(ReplayReport::default());
    }

    let mut inputs = BTreeSet::new();
    for pattern in &manifest.plan.inputs {
        let found = crate::input::discover::expand(pattern).map_err(|e| {
            read_err(
                Path::new(pattern),
                format!("{e}; replay expands the run's inputs again, so run it from the directory the run started in"),
            )
        })?;
        inputs.extend(found);
    }
    let inputs: Vec<PathBuf> = inputs.into_iter().collect();
    let corpus_hash = crate::run::input_fingerprint(&inputs);
    if corpus_hash != manifest.corpus_hash {
        tracing::warn!(
            "The inputs changed since the run (file sizes or modification times); replaying anyway. \
             Failed documents are read again; the others are copied from the old artifacts and checked against the input."
        );
    }
    let pipeline = Pipeline::from_manifest(&manifest, registry, inputs, dir.to_path_buf())
        .map_err(|e| read_err(&manifest_path, e))?;
    if pipeline.hash() != manifest.pipeline_hash {
        tracing::warn!(
            "docpipe or a stage changed version since the run; replayed documents use the new versions, the others keep their old results."
        );
    }
    let mut temp_dirs = Vec::new();
    let mut writers = Vec::new();
    let result = fold(
        dir,
        &manifest,
        &pipeline,
        &failed_at,
        threads,
        &mut writers,
        &mut temp_dirs,
    );
    if result.is_err() {
        for w in &mut writers {
            let _ = w.finish();
            let _ = std::fs::remove_file(Layout::partial(w.path()));
        }
        for (d, _) in &temp_dirs {
            let _ = std::fs::remove_dir_all(d);
        }
    }
    let (report, new_manifest) = result?;
    // Commit: the old manifest goes first, so the directory never looks
    // finished while its files are swapped.
    let write_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| RunError::Write { path, source }
    };
    std::fs::remove_file(&manifest_path).map_err(write_err(&manifest_path))?;
    for w in &writers {
        w.commit().map_err(write_err(w.path()))?;
    }
    for (tmp, target) in &temp_dirs {
        if target.exists() {
            std::fs::remove_dir_all(target).map_err(write_err(target))?;
        }
        std::fs::rename(tmp, target).map_err(write_err(target))?;
    }
    new_manifest
        .write(&manifest_path)
        .map_err(write_err(&manifest_path))?;
    tracing::info!(
        retried = report.retried,
        fixed = report.fixed,
        still_failing = report.still_failing,
        "Replay finished."
    );
    Ok(report)
}

fn temp_dir_of(dir: &Path, id: &str) -> PathBuf {
    dir.join(format!(".replay-{id}"))
}

/// Writes the new artifacts (uncommitted) and returns the report and the
/// new manifest.
#[allow(clippy::too_many_lines)]
fn fold(
    dir: &Path,
    manifest: &Manifest,
    pipeline: &Pipeline,
    failed_at: &HashMap<Key, Option<String>>,
    threads: usize,
    writers: &mut Vec<ArtifactWriter>,
    temp_dirs: &mut Vec<(PathBuf, PathBuf)>,
) -> Result<(ReplayReport, Manifest), RunError> {
    let clock = Instant::now();
    let layout = Layout {
        dir: dir.to_path_buf(),
        compression: pipeline.compression,
        shard: None,
    };
    let stages = &pipeline.stages;
    let n = stages.len();
    let stage_index: HashMap<&str, usize> = stages
        .iter()
        .enumerate()
        .map(|(k, s)| (s.id.as_str(), k))
        .collect();
    let write_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| RunError::Write { path, source }
    };

    let mut old = Vec::new();
    for (k, s) in stages.iter().enumerate() {
        old.push(OldLines::<Head>::open(
            layout.artifact(k + 1, &s.id),
            pipeline.compression,
        )?);
    }
    let mut old_dropped = OldLines::<DropHead>::open(layout.dropped(), Compression::None)?;

    for (k, s) in stages.iter().enumerate() {
        let path = layout.artifact(k + 1, &s.id);
        writers.push(
            ArtifactWriter::start(path.clone(), pipeline.compression).map_err(write_err(&path))?,
        );
    }
    writers.push(
        ArtifactWriter::start(layout.errors(), Compression::None)
            .map_err(write_err(&layout.errors()))?,
    );
    writers.push(
        ArtifactWriter::start(layout.dropped(), Compression::None)
            .map_err(write_err(&layout.dropped()))?,
    );

    let mut collectors: Vec<Option<Box<dyn Collector>>> = Vec::new();
    for s in stages {
        let tmp = temp_dir_of(dir, &s.id);
        let c = crate::run::open_collector(s, &tmp, None)?;
        if c.is_some() {
            temp_dirs.push((tmp, layout.stage_dir(&s.id)));
        }
        collectors.push(c);
    }
    let has_collector: Vec<bool> = collectors.iter().map(Option::is_some).collect();

    let mut tallies: Vec<StageCounts> = stages
        .iter()
        .zip(&manifest.stages)
        .map(|(s, m)| StageCounts {
            id: s.id.clone(),
            uses: s.uses.clone(),
            seconds: m.seconds,
            ..StageCounts::default()
        })
        .collect();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(crate::run::effective_threads(threads))
        .thread_name(|i| format!("docpipe-replay-{i}"))
        .build()
        .map_err(|e| RunError::Internal(format!("cannot start worker threads: {e}")))?;
    let mut report = ReplayReport::default();

    let out_of_step = |path: &Path, id: &str| RunError::Read {
        path: path.to_path_buf(),
        message: format!(
            "out of step with the input at document `{id}`: the inputs changed beyond the failed documents, so replay cannot fold them in; run the pipeline again with --force"
        ),
    };

    // The failed documents found again in the input.
    let mut matched: HashSet<Key> = HashSet::new();
    // Decides what to do with each item, consuming old lines in order.
    let mut decide = |item: InputItem| -> Result<Action, RunError> {
        let InputItem::Doc { doc, source } = &item else {
            return Ok(Action::New {
                item: Some(item),
                result: None,
            });
        };
        let key: Key = (source.path.clone(), source.line);
        if let Some(stage) = failed_at.get(&key) {
            matched.insert(key.clone());
            // Skip the lines of the stages it passed before failing.
            let passed = match stage {
                Some(id) => *stage_index.get(id.as_str()).unwrap_or(&0),
                None => 0,
            };
            for o in old.iter_mut().take(passed) {
                match o.take()? {
                    Some((_, h)) if h.id == doc.id => {}
                    _ => return Err(out_of_step(o.path(), &doc.id)),
                }
            }
            return Ok(Action::New {
                item: Some(item),
                result: None,
            });
        }
        let dropped_here = |d: &mut OldLines<DropHead>, k: usize| -> Result<bool, RunError> {
            // The source, where the record has one, tells documents with
            // the same id apart.
            Ok(d.peek()?.is_some_and(|h| {
                h.source.as_ref().map_or(h.id == doc.id, |s| s == source) && h.stage == stages[k].id
            }))
        };
        let seen = n == 0
            || dropped_here(&mut old_dropped, 0)?
            || old[0].peek()?.is_some_and(|h| h.id == doc.id);
        if !seen {
            // In no old output: read for the first time (a file's tail after
            // a truncation was fixed, say).
            return Ok(Action::New {
                item: Some(item),
                result: None,
            });
        }
        let mut lines = Vec::new();
        let mut input_bytes = vec![doc.text.len() as u64];
        let mut dropped = None;
        for (k, artifact) in old.iter_mut().enumerate().take(n) {
            if dropped_here(&mut old_dropped, k)? {
                dropped = old_dropped.take()?.map(|(l, _)| l);
                break;
            }
            match artifact.take()? {
                Some((line, h)) if h.id == doc.id => {
                    input_bytes.push(h.text.len() as u64);
                    lines.push(line);
                }
                _ => return Err(out_of_step(artifact.path(), &doc.id)),
            }
        }
        Ok(Action::Copy {
            lines,
            input_bytes,
            dropped,
        })
    };

    // Emits one window in order.
    let mut emit = |actions: Vec<Action>| -> Result<(), RunError> {
        let mut actions = actions;
        pool.install(|| {
            actions.par_iter_mut().for_each(|a| {
                if let Action::New { item, result } = a
                    && let Some(item) = item.take()
                {
                    *result = Some(process_batch(
                        Batch {
                            seq: 0,
                            first_position: None,
                            items: vec![WorkItem::Fresh(item)],
                        },
                        stages,
                        &has_collector,
                        0,
                    ));
                }
            });
        });
        let (art_w, rest) = writers.split_at(n);
        let errors_w = &rest[0];
        let dropped_w = &rest[1];
        let mut ok = true;
        for a in actions {
            match a {
                Action::Copy {
                    lines,
                    input_bytes,
                    dropped,
                } => {
                    for (k, line) in lines.into_iter().enumerate() {
                        let t = &mut tallies[k];
                        t.input += 1;
                        t.out += 1;
                        t.bytes += input_bytes[k];
                        if let Some(c) = collectors[k].as_mut() {
                            let doc: Document =
                                serde_json::from_str(&line).map_err(|e| RunError::Read {
                                    path: layout.artifact(k + 1, &stages[k].id),
                                    message: format!("bad artifact line: {e}"),
                                })?;
                            c.observe(&doc).map_err(|source| RunError::Finish {
                                stage: stages[k].id.clone(),
                                source,
                            })?;
                        }
                        ok &= art_w[k].send(line.into_bytes());
                    }
                    if let Some(line) = dropped {
                        let k = input_bytes.len() - 1;
                        let t = &mut tallies[k];
                        t.input += 1;
                        t.dropped += 1;
                        t.bytes += input_bytes[k];
                        ok &= dropped_w.send(line.into_bytes());
                    }
                }
                Action::New { result, .. } => {
                    let Some(p) = result else { continue };
                    report.retried += 1;
                    if p.failed > 0 {
                        report.still_failing += 1;
                    } else {
                        report.fixed += 1;
                    }
                    for (k, (chunk, t)) in p.artifacts.into_iter().zip(&p.tallies).enumerate() {
                        let into = &mut tallies[k];
                        into.input += t.input;
                        into.out += t.out;
                        into.dropped += t.dropped;
                        into.errors += t.errors;
                        into.bytes += t.bytes;
                        into.seconds =
                            ((into.seconds + t.nanos as f64 / 1e9) * 1000.0).round() / 1000.0;
                        ok &= art_w[k].send(chunk);
                    }
                    for (k, docs) in p.collected.into_iter().enumerate() {
                        if let Some(c) = collectors[k].as_mut() {
                            for (doc, prepared) in docs {
                                hand_over(&mut **c, &doc, prepared).map_err(|source| {
                                    RunError::Finish {
                                        stage: stages[k].id.clone(),
                                        source,
                                    }
                                })?;
                            }
                        }
                    }
                    ok &= errors_w.send(p.errors);
                    ok &= dropped_w.send(p.dropped);
                }
            }
        }
        if ok {
            Ok(())
        } else {
            Err(RunError::Internal(
                "an artifact writer stopped; see the error below".into(),
            ))
        }
    };

    let units = crate::shard::all_units(&pipeline.inputs);
    let mut window: Vec<Action> = Vec::with_capacity(WINDOW);
    let mut failure: Option<RunError> = None;
    let read = reader::read_units(&units, pipeline.max_doc_bytes, |item| {
        match decide(item) {
            Ok(a) => window.push(a),
            Err(e) => {
                failure = Some(e);
                return false;
            }
        }
        if window.len() >= WINDOW
            && let Err(e) = emit(std::mem::take(&mut window))
        {
            failure = Some(e);
            return false;
        }
        true
    });
    if failure.is_none()
        && !window.is_empty()
        && let Err(e) = emit(std::mem::take(&mut window))
    {
        failure = Some(e);
    }
    // All at once: each writer thread flushes and syncs while the others do.
    for w in writers.iter_mut() {
        w.close();
    }
    // A writer error (disk full) explains a stopped writer best.
    let mut finished = Vec::new();
    for w in writers.iter_mut() {
        match w.finish() {
            Ok(x) => finished.push(x.bytes),
            Err(source) => {
                return Err(RunError::Write {
                    path: w.path().to_path_buf(),
                    source,
                });
            }
        }
    }
    if let Some(e) = failure {
        return Err(e);
    }
    // Stage errors whose document is no longer in the input (read errors
    // come back from reading it again, whatever it holds now).
    let mut unmatched: Vec<String> = failed_at
        .iter()
        .filter(|(key, stage)| stage.is_some() && !matched.contains(*key))
        .map(|((path, line), _)| match line {
            Some(line) => format!("{path}:{line}"),
            None => path.clone(),
        })
        .collect();
    unmatched.sort();
    if !unmatched.is_empty() {
        tracing::warn!(
            "{} error record(s) name an input line that is not there any more (the input changed since the run), so nothing was replayed for them and they leave errors.jsonl: {}",
            unmatched.len(),
            unmatched
                .iter()
                .take(5)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    report.unmatched = unmatched;
    // Every old line must have found its document.
    for o in old.iter_mut() {
        if let Some(h) = o.peek()? {
            let id = h.id.clone();
            return Err(out_of_step(o.path(), &id));
        }
    }
    if let Some(h) = old_dropped.peek()? {
        let id = h.id.clone();
        return Err(out_of_step(old_dropped.path(), &id));
    }

    let snapshot = RunSnapshot {
        read: read.clone(),
        stages: tallies.clone(),
        wall_seconds: clock.elapsed().as_secs_f64(),
    };
    crate::run::finish_collectors(collectors, stages, &pipeline.name, &snapshot, |id| {
        temp_dir_of(dir, id)
    })?;
    let new_manifest = Manifest {
        input_hash: crate::run::input_fingerprint(&pipeline.inputs),
        corpus_hash: crate::run::input_fingerprint(&pipeline.inputs),
        finished: now_rfc3339(),
        read,
        stages: tallies,
        artifacts: writers
            .iter()
            .zip(finished)
            .map(|(w, bytes)| ArtifactInfo::pending(w.path(), bytes))
            .collect(),
        collectors: stages
            .iter()
            .zip(&has_collector)
            .filter(|(_, has)| **has)
            .map(|(s, _)| s.id.clone())
            .collect(),
        ..manifest.clone()
    };
    Ok((report, new_manifest))
}
