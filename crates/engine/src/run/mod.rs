//! The parallel runner.
//!
//! ```text
//! reader thread ──batches──▶ rayon pool (stage chain per document, serialize)
//!      ▲                              │ processed batches, any order
//!      └──── tokens (bounded) ◀── ordering thread ──▶ one writer thread per artifact
//!                                     └──▶ collectors (input order)
//! ```
//!
//! The reader takes a token before it sends a batch and the ordering thread
//! returns it once the batch is written, so at most a fixed number of
//! batches are in memory whatever the corpus size. The ordering thread
//! releases batches strictly by sequence number, so artifacts are
//! byte-identical for any thread count.

mod clear;
pub(crate) mod panic;
pub(crate) mod process;
pub(crate) mod reuse;

use crate::error::RunError;
use crate::fingerprint::Fingerprint;
use crate::input::{InputItem, reader};
use crate::manifest::{ArtifactInfo, Manifest, now_rfc3339};
use crate::output::{ArtifactWriter, DirLock, Layout, Shard};
use crate::pipeline::{Compression, Pipeline};
use crossbeam_channel::{bounded, unbounded};
use docpipe_core::{
    Collector, CollectorContext, FinishContext, ReadCounts, RunSnapshot, StageCounts,
};
use process::{Batch, Processed, StageTally, WorkItem};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

/// Documents per batch handed to a worker. Small enough that the last
/// batches of a run, which some workers finish while others idle, are
/// short; large enough that handing one over costs nothing next to its
/// documents (a news article takes about half a millisecond).
const BATCH_DOCS: usize = 16;
/// Bytes of text per batch handed to a worker.
const BATCH_BYTES: u64 = 1 << 18;

/// Progress of a running pipeline, as reported to [`RunOptions::progress`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Progress {
    /// Documents (and unreadable items) finished.
    pub docs: u64,
    /// Bytes of text finished.
    pub bytes: u64,
    /// Total size of the input files (an estimate of the bytes to come).
    pub total_bytes: u64,
    /// Documents that failed so far.
    pub errors: u64,
}

/// A progress callback.
pub type ProgressFn = Box<dyn Fn(&Progress) + Send + Sync>;

/// How to run a pipeline.
#[derive(Default)]
pub struct RunOptions {
    /// Worker threads; 0 means one per core.
    pub threads: usize,
    /// Replace a finished run of a different pipeline or input.
    pub force: bool,
    /// Recompute every stage even where an earlier finished run in the
    /// output directory computed the same thing (see [`run`]).
    pub no_reuse: bool,
    /// Run only this shard of the input.
    pub shard: Option<Shard>,
    /// Called as batches finish, in order.
    pub progress: Option<ProgressFn>,
    /// The command line, recorded in a sharded run's attempt marker so
    /// `docpipe status` can print the retry command.
    pub command: Vec<String>,
}

impl std::fmt::Debug for RunOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunOptions")
            .field("threads", &self.threads)
            .field("force", &self.force)
            .field("no_reuse", &self.no_reuse)
            .field("shard", &self.shard)
            .finish_non_exhaustive()
    }
}

/// What a finished run reports.
#[derive(Debug, Clone)]
pub struct RunReport {
    /// The manifest written.
    pub manifest: Manifest,
    /// The output directory.
    pub output: PathBuf,
    /// Wall-clock seconds.
    pub wall_seconds: f64,
    /// Entries the input patterns matched that were not read (an unknown
    /// kind, or not a regular file); see [`Pipeline::skipped`].
    pub skipped_inputs: usize,
}

/// How [`run`] ended without error.
#[derive(Debug, Clone)]
pub enum RunOutcome {
    /// The run happened and its outputs are committed.
    Finished(RunReport),
    /// The output already holds a finished run of the same pipeline and
    /// input: nothing was done.
    AlreadyDone(Manifest),
}

/// The worker threads to use for `requested` (0 = one per core).
pub fn effective_threads(requested: usize) -> usize {
    if requested > 0 {
        requested
    } else {
        std::thread::available_parallelism().map_or(1, usize::from)
    }
}

/// Fingerprints input files by path, size and modification time.
pub fn input_fingerprint(files: &[PathBuf]) -> String {
    let mut h = Fingerprint::new();
    for f in files {
        h.update(f.to_string_lossy().as_bytes());
        if let Ok(m) = std::fs::metadata(f) {
            h.update(&m.len().to_le_bytes());
            let mtime = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            h.update(&mtime.to_le_bytes());
        }
    }
    h.hex()
}

/// Runs `pipeline` over its inputs, writing its output directory.
///
/// When the output directory holds a finished run of the same input whose
/// first stages had the same ids, stages, versions and options, and `force`
/// is given because a later stage changed, those stages' artifacts are kept
/// and only the stages after them run (an incremental rerun; the manifest
/// marks the kept stages `reused`). A forced rerun of an unchanged pipeline,
/// or `no_reuse`, recomputes everything: that is how a changed model file
/// or `exec` program, which options do not show, is picked up.
pub fn run(pipeline: &Pipeline, options: &RunOptions) -> Result<RunOutcome, RunError> {
    panic::install_hook();
    let layout = Layout {
        dir: pipeline.output.clone(),
        compression: pipeline.compression,
        shard: options.shard,
    };
    let units = match options.shard {
        Some(shard) => crate::shard::units_of_shard(&pipeline.inputs, shard),
        None => crate::shard::all_units(&pipeline.inputs),
    };
    let pipeline_hash = pipeline.hash();
    let corpus_hash = input_fingerprint(&pipeline.inputs);
    let input_hash = match options.shard {
        Some(s) => {
            let mut h = Fingerprint::new();
            h.update(corpus_hash.as_bytes());
            h.update(s.infix().as_bytes());
            h.hex()
        }
        None => corpus_hash.clone(),
    };
    // The output, or the nearest of its ancestors that exists, is a file:
    // no run can be written there (and reading a manifest "inside" a file
    // fails, which would otherwise pass for another run's manifest). The
    // error kind lets the CLI leave out its hint about space and
    // permissions, which does not apply.
    if let Some(file) = layout.dir.ancestors().find(|a| a.exists())
        && !file.is_dir()
    {
        let what = if file == layout.dir {
            "the output path exists and is not a directory".to_owned()
        } else {
            format!("{} is a file, not a directory", file.display())
        };
        return Err(RunError::Write {
            path: layout.dir,
            source: std::io::Error::new(
                std::io::ErrorKind::NotADirectory,
                format!("{what}; choose another --output"),
            ),
        });
    }
    // Held until the run returns: no other docpipe process writes into
    // this directory (or runs this shard) meanwhile.
    std::fs::create_dir_all(&layout.dir).map_err(|source| RunError::Write {
        path: layout.dir.clone(),
        source,
    })?;
    let command = if options.command.is_empty() {
        "docpipe run".to_owned()
    } else {
        options.command.join(" ")
    };
    let _lock = match options.shard {
        Some(shard) => DirLock::shard(&layout.dir, shard, &command)?,
        None => DirLock::whole(&layout.dir, &command)?,
    };
    if let Some(shard) = options.shard {
        crate::shards::refuse_mismatched(
            &layout.dir,
            shard,
            &pipeline_hash,
            &corpus_hash,
            options.force,
        )?;
    }
    let old = Manifest::read(&layout.manifest());
    if matches!(old, Ok(None)) {
        clear::refuse_foreign(&layout, pipeline)?;
    }
    // What the earlier run wrote, which a changed pipeline may no longer
    // write and so would not know to replace.
    let old_written = old.as_ref().ok().cloned().flatten();
    let reuse = match old {
        Ok(Some(m))
            if m.pipeline_hash == pipeline_hash && m.input_hash == input_hash && !options.force =>
        {
            let Some(gap) = reuse::first_gap(&m, &layout) else {
                return Ok(RunOutcome::AlreadyDone(m));
            };
            // Nothing changed but an output went missing: redo the run,
            // keeping the leading stages whose outputs are intact.
            tracing::warn!(
                output = %layout.dir.display(),
                "The output holds this run, but {gap}: redoing the run."
            );
            if options.no_reuse {
                reuse::Reuse::default()
            } else {
                reuse::plan(&m, pipeline, &layout, &input_hash)
            }
        }
        Ok(Some(_)) | Err(_) if !options.force => {
            return Err(RunError::OutputExists { dir: layout.dir });
        }
        Ok(Some(m)) if m.pipeline_hash != pipeline_hash && !options.no_reuse => {
            reuse::plan(&m, pipeline, &layout, &input_hash)
        }
        _ => reuse::Reuse::default(),
    };
    let first = reuse.stages;
    // Opened before anything is removed or replaced: the old records are
    // read while the new ones are written beside them.
    let mut resumer = if first > 0 {
        Some(reuse::Resumer::open(&layout, pipeline, &reuse)?)
    } else {
        None
    };
    clear::clear_previous(&layout, pipeline, first, old_written.as_ref()).map_err(|source| {
        RunError::Write {
            path: layout.dir.clone(),
            source,
        }
    })?;
    if first > 0 {
        tracing::info!(
            reused = first,
            "Reusing the first {first} stage(s) of the earlier run: same input, stages and options."
        );
    }
    let started = now_rfc3339();
    let clock = Instant::now();
    if let Some(shard) = options.shard {
        let attempt = crate::shards::Attempt {
            command: options.command.clone(),
            started: started.clone(),
            host: crate::host::host_name(),
        };
        let path = crate::shards::attempt_path(&layout.dir, shard);
        let bytes =
            serde_json::to_vec_pretty(&attempt).map_err(|e| RunError::Internal(e.to_string()))?;
        std::fs::write(&path, bytes).map_err(|source| RunError::Write { path, source })?;
    }
    let threads = effective_threads(options.threads);
    tracing::info!(pipeline = %pipeline.name, files = units.len(), threads, output = %layout.dir.display(), "Run started.");

    let write_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| RunError::Write { path, source }
    };
    // Reused stages keep their artifacts: no writer for them.
    let mut writers: Vec<Option<ArtifactWriter>> = Vec::new();
    for (k, s) in pipeline.stages.iter().enumerate() {
        if k < first {
            writers.push(None);
            continue;
        }
        let path = layout.artifact(k + 1, &s.id);
        writers.push(Some(
            ArtifactWriter::start(path.clone(), pipeline.compression).map_err(write_err(&path))?,
        ));
    }
    let mut errors_w = ArtifactWriter::start(layout.errors(), Compression::None)
        .map_err(write_err(&layout.errors()))?;
    let mut dropped_w = ArtifactWriter::start(layout.dropped(), Compression::None)
        .map_err(write_err(&layout.dropped()))?;

    let mut collectors: Vec<Option<Box<dyn Collector>>> = Vec::new();
    for (k, s) in pipeline.stages.iter().enumerate() {
        // A reused stage's collector output stays as the earlier run left it.
        collectors.push(if k < first {
            None
        } else {
            open_collector(s, &layout.stage_dir(&s.id), options.shard)?
        });
    }
    let has_collector: Vec<bool> = collectors.iter().map(Option::is_some).collect();

    let total_bytes: u64 = units
        .iter()
        .map(|u| match u.range {
            Some((s, e)) => e - s,
            None => std::fs::metadata(&u.path).map_or(0, |m| m.len()),
        })
        .sum();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("docpipe-worker-{i}"))
        .build()
        .map_err(|e| RunError::Internal(format!("cannot start worker threads: {e}")))?;
    let max_in_flight = threads * 4 + 2;
    let (work_tx, work_rx) = bounded::<Batch>(threads * 2);
    let (done_tx, done_rx) = unbounded::<Processed>();
    let (token_tx, token_rx) = bounded::<()>(max_in_flight);
    for _ in 0..max_in_flight {
        let _ = token_tx.try_send(());
    }
    let cancel = AtomicBool::new(false);
    let mut tallies = vec![StageTally::default(); pipeline.stages.len()];
    let mut progress = Progress {
        total_bytes,
        ..Progress::default()
    };
    let mut write_failed = false;
    let mut budget_exceeded = false;
    let mut collector_error: Option<RunError> = None;

    let (read_counts, resume_error): (ReadCounts, Option<RunError>) = std::thread::scope(|scope| {
        let reader = scope.spawn(|| {
            let mut seq = 0u64;
            let mut items: Vec<WorkItem> = Vec::with_capacity(BATCH_DOCS);
            let mut bytes = 0u64;
            let mut resume_error: Option<RunError> = None;
            // Items sent so far: the input position of the next batch's first.
            let mut position = 0u64;
            let mut send = |seq: &mut u64, items: &mut Vec<WorkItem>| -> bool {
                if token_rx.recv().is_err() {
                    return false;
                }
                let batch = Batch {
                    seq: *seq,
                    first_position: Some(position),
                    items: std::mem::replace(items, Vec::with_capacity(BATCH_DOCS)),
                };
                position += batch.items.len() as u64;
                *seq += 1;
                work_tx.send(batch).is_ok()
            };
            let counts = reader::read_units(&units, pipeline.max_doc_bytes, |item| {
                if cancel.load(Ordering::Relaxed) {
                    return false;
                }
                if let InputItem::Doc { doc, .. } = &item {
                    bytes += doc.text.len() as u64;
                }
                let work = match resumer.as_mut() {
                    None => WorkItem::Fresh(item),
                    Some(r) => match r.route(item) {
                        Ok(w) => w,
                        Err(e) => {
                            resume_error = Some(e);
                            cancel.store(true, Ordering::Relaxed);
                            return false;
                        }
                    },
                };
                items.push(work);
                if items.len() >= BATCH_DOCS || bytes >= BATCH_BYTES {
                    bytes = 0;
                    return send(&mut seq, &mut items);
                }
                true
            });
            if !items.is_empty() && !cancel.load(Ordering::Relaxed) {
                send(&mut seq, &mut items);
            }
            drop(work_tx);
            if resume_error.is_none()
                && !cancel.load(Ordering::Relaxed)
                && let Some(r) = resumer.take()
                && let Err(e) = r.finish()
            {
                resume_error = Some(e);
            }
            (counts, resume_error)
        });

        let stages = &pipeline.stages;
        let has_collector = &has_collector;
        let work_rx = &work_rx;
        scope.spawn(move || {
            pool.scope(|ps| {
                for _ in 0..threads {
                    let done_tx = done_tx.clone();
                    ps.spawn(move |_| {
                        for batch in work_rx.iter() {
                            let p = process::process_batch(batch, stages, has_collector, first);
                            if done_tx.send(p).is_err() {
                                break;
                            }
                        }
                    });
                }
            });
            drop(done_tx);
        });

        // The ordering thread: release batches in sequence.
        let mut pending: BTreeMap<u64, Processed> = BTreeMap::new();
        let mut next = 0u64;
        for p in done_rx.iter() {
            pending.insert(p.seq, p);
            while let Some(p) = pending.remove(&next) {
                next += 1;
                let _ = token_tx.try_send(());
                if write_failed || collector_error.is_some() {
                    continue;
                }
                for (k, (chunk, t)) in p.artifacts.into_iter().zip(&p.tallies).enumerate() {
                    if let Some(w) = &mut writers[k] {
                        write_failed |= !w.send(chunk);
                    }
                    let tally = &mut tallies[k];
                    tally.input += t.input;
                    tally.out += t.out;
                    tally.dropped += t.dropped;
                    tally.errors += t.errors;
                    tally.nanos += t.nanos;
                    tally.bytes += t.bytes;
                }
                write_failed |= !errors_w.send(p.errors);
                write_failed |= !dropped_w.send(p.dropped);
                for (k, docs) in p.collected.into_iter().enumerate() {
                    if let Some(c) = collectors[k].as_mut() {
                        for (doc, prepared) in docs {
                            if let Err(source) = process::hand_over(&mut **c, &doc, prepared) {
                                collector_error = Some(RunError::Finish {
                                    stage: pipeline.stages[k].id.clone(),
                                    source,
                                });
                                break;
                            }
                        }
                    }
                }
                progress.docs += p.items;
                progress.bytes += p.bytes;
                progress.errors += p.failed;
                if let Some(cb) = &options.progress {
                    cb(&progress);
                }
                if let Some(budget) = pipeline.max_errors
                    && budget.exceeded_early(progress.errors, progress.docs)
                {
                    budget_exceeded = true;
                }
                if write_failed || budget_exceeded || collector_error.is_some() {
                    cancel.store(true, Ordering::Relaxed);
                }
            }
        }
        // invariant: the reader thread only returns counts; a panic there
        // would be a bug in the reader, reported as empty counts.
        reader.join().unwrap_or_default()
    });
    if let Some(e) = resume_error {
        return Err(e);
    }

    // Close every writer's channel at once: each thread flushes and syncs
    // its file while the others do and while the collectors write theirs,
    // instead of one file after another.
    for w in every_writer(&mut writers, &mut errors_w, &mut dropped_w) {
        w.close();
    }
    let stage_counts: Vec<StageCounts> = pipeline
        .stages
        .iter()
        .zip(&tallies)
        .enumerate()
        .map(|(k, (s, t))| match reuse.counts.get(k) {
            Some(old) if k < first => StageCounts {
                reused: true,
                ..old.clone()
            },
            _ => StageCounts {
                id: s.id.clone(),
                uses: s.uses.clone(),
                input: t.input,
                out: t.out,
                dropped: t.dropped,
                errors: t.errors,
                seconds: (t.nanos as f64 / 1e9 * 1000.0).round() / 1000.0,
                bytes: t.bytes,
                reused: false,
            },
        })
        .collect();
    if let Some(budget) = pipeline.max_errors
        && budget.exceeded(progress.errors, progress.docs)
    {
        budget_exceeded = true;
    }
    let snapshot = RunSnapshot {
        read: read_counts.clone(),
        stages: stage_counts.clone(),
        wall_seconds: clock.elapsed().as_secs_f64(),
    };
    // Collectors finish only a run that will be committed.
    let finished_collectors = if write_failed || collector_error.is_some() || budget_exceeded {
        Ok(())
    } else {
        finish_collectors(
            collectors,
            &pipeline.stages,
            &pipeline.name,
            &snapshot,
            |id| layout.stage_dir(id),
        )
    };

    // Wait for every writer; a failure here (disk full) fails the run.
    let mut finish_errors: Vec<RunError> = Vec::new();
    let mut written = Vec::new();
    for w in every_writer(&mut writers, &mut errors_w, &mut dropped_w) {
        match w.finish() {
            Ok(x) => written.push((w.path().to_path_buf(), x.bytes)),
            Err(source) => finish_errors.push(RunError::Write {
                path: w.path().to_path_buf(),
                source,
            }),
        }
    }
    if let Some(e) = finish_errors.into_iter().next() {
        return Err(e);
    }
    if write_failed {
        return Err(RunError::Internal(
            "a writer stopped without reporting why".into(),
        ));
    }
    if let Some(e) = collector_error {
        return Err(e);
    }
    if budget_exceeded {
        // Keep the error records for inspection; nothing looks finished.
        let _ = errors_w.commit();
        let _ = dropped_w.commit();
        return Err(RunError::TooManyErrors {
            errors: progress.errors,
            docs: progress.docs,
            budget: pipeline
                .max_errors
                .map(|b| b.to_string())
                .unwrap_or_default(),
            errors_file: layout.errors(),
        });
    }
    finished_collectors?;
    for w in every_writer(&mut writers, &mut errors_w, &mut dropped_w) {
        w.commit().map_err(write_err(w.path()))?;
    }
    let mut versions = BTreeMap::new();
    versions.insert("docpipe".to_owned(), env!("CARGO_PKG_VERSION").to_owned());
    for s in &pipeline.stages {
        versions.insert(format!("stage:{}", s.uses), s.version.to_owned());
    }
    let manifest = Manifest {
        pipeline: pipeline.name.clone(),
        pipeline_hash,
        input_hash,
        corpus_hash,
        versions,
        started,
        finished: now_rfc3339(),
        threads,
        shard: options.shard,
        read: read_counts,
        stages: stage_counts,
        artifacts: reuse
            .artifacts
            .into_iter()
            .chain(
                written
                    .into_iter()
                    .map(|(p, bytes)| ArtifactInfo::committed(&p, bytes)),
            )
            .collect(),
        collectors: pipeline
            .stages
            .iter()
            .zip(&has_collector)
            .enumerate()
            .filter(|(k, (s, has))| {
                **has
                    || (*k < first
                        && old_written
                            .as_ref()
                            .is_some_and(|m| m.collectors.contains(&s.id)))
            })
            .map(|(_, (s, _))| s.id.clone())
            .collect(),
        plan: pipeline.plan(),
    };
    manifest
        .write(&layout.manifest())
        .map_err(write_err(&layout.manifest()))?;
    let wall_seconds = clock.elapsed().as_secs_f64();
    tracing::info!(pipeline = %pipeline.name, docs = progress.docs, errors = progress.errors, wall_seconds, "Run finished.");
    Ok(RunOutcome::Finished(RunReport {
        manifest,
        output: layout.dir,
        wall_seconds,
        skipped_inputs: pipeline.skipped.len(),
    }))
}

/// Every artifact writer of a run: the stages' (those that write one),
/// then the error records' and the dropped documents'.
fn every_writer<'a>(
    stages: &'a mut [Option<ArtifactWriter>],
    errors: &'a mut ArtifactWriter,
    dropped: &'a mut ArtifactWriter,
) -> impl Iterator<Item = &'a mut ArtifactWriter> {
    stages.iter_mut().flatten().chain([errors, dropped])
}

/// Runs every collector's `finish`, in stage order; `dir_of` gives a
/// stage's output directory from its id. Shared by runs and replays.
pub(crate) fn finish_collectors(
    collectors: Vec<Option<Box<dyn Collector>>>,
    stages: &[crate::pipeline::PlannedStage],
    pipeline: &str,
    snapshot: &RunSnapshot,
    dir_of: impl Fn(&str) -> PathBuf,
) -> Result<(), RunError> {
    for (c, s) in collectors.into_iter().zip(stages) {
        if let Some(c) = c {
            let dir = dir_of(&s.id);
            let ctx = FinishContext {
                output_dir: &dir,
                pipeline,
                run: snapshot,
            };
            c.finish(&ctx).map_err(|source| RunError::Finish {
                stage: s.id.clone(),
                source,
            })?;
        }
    }
    Ok(())
}

/// Creates stage `s`'s collector writing into `dir`, which starts empty;
/// the directory is removed again when the stage has no collector.
/// Shared by runs, merges and replays.
///
/// Whether the stage writes `dir` is only known once its collector is made,
/// so a `dir` that is already there is first moved aside: the stage's
/// earlier output is removed when the stage does write `dir`, and anything
/// else (a person's own directory that happens to share a stage's name) is
/// put back untouched.
pub(crate) fn open_collector(
    s: &crate::pipeline::PlannedStage,
    dir: &Path,
    shard: Option<Shard>,
) -> Result<Option<Box<dyn Collector>>, RunError> {
    let write_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| RunError::Write { path, source }
    };
    let aside = Layout::partial(dir);
    let earlier = dir.exists();
    if earlier {
        if aside.exists() {
            return Err(RunError::Write {
                path: aside,
                source: std::io::Error::other(format!(
                    "an earlier run stopped while it held {} aside here; look at it, then move it back to {} or remove it, and run again",
                    dir.display(),
                    dir.display()
                )),
            });
        }
        std::fs::rename(dir, &aside).map_err(write_err(dir))?;
    }
    std::fs::create_dir_all(dir).map_err(write_err(dir))?;
    let ctx = CollectorContext {
        stage_id: s.id.clone(),
        output_dir: dir.to_path_buf(),
        shard: shard.map(|sh| (sh.index, sh.count)),
    };
    let c = s.built.stage.collector(&ctx);
    if !matches!(c, Ok(Some(_))) {
        std::fs::remove_dir_all(dir).map_err(write_err(dir))?;
        if earlier {
            std::fs::rename(&aside, dir).map_err(write_err(&aside))?;
        }
    } else if earlier {
        std::fs::remove_dir_all(&aside).map_err(write_err(&aside))?;
    }
    c.map_err(|source| RunError::Finish {
        stage: s.id.clone(),
        source,
    })
}
