//! The [`Stage`] trait and what a stage returns.

use crate::document::Document;
use crate::error::StageError;
use crate::run::RunSnapshot;
use std::path::PathBuf;

/// What a stage decided about a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Keep the document and pass it on.
    Keep,
    /// Drop it on purpose; the reason goes to `dropped.jsonl`.
    Drop(String),
}

/// One step of a pipeline, built once from its options and shared by every
/// worker thread.
///
/// `process` must be a deterministic function of the document and the
/// stage's options: no I/O, no clock, no randomness, no mutable shared
/// state. A panic inside it is caught by the engine and recorded as that
/// document's error, but a stage should return [`StageError`] instead.
pub trait Stage: Send + Sync {
    /// Transforms one document in place.
    fn process(&self, doc: &mut Document) -> Result<Outcome, StageError>;

    /// Creates the stage's corpus-level collector, for stages that need the
    /// whole corpus at the end (an index, a report). Called once per run,
    /// before the first document.
    fn collector(&self, _ctx: &CollectorContext) -> Result<Option<Box<dyn Collector>>, StageError> {
        Ok(None)
    }
}

/// Sees every document a stage kept, in input order, on one thread, and
/// writes corpus-level outputs when the run ends.
pub trait Collector: Send {
    /// Observes one document after the stage processed and kept it.
    fn observe(&mut self, doc: &Document) -> Result<(), StageError>;

    /// Runs after the last document, with the run's counts so far.
    fn finish(self: Box<Self>, ctx: &FinishContext<'_>) -> Result<(), StageError>;
}

/// What a collector is told when it is created.
#[derive(Debug, Clone)]
pub struct CollectorContext {
    /// The stage's id in the pipeline.
    pub stage_id: String,
    /// The directory the stage may write into (`<output>/<stage id>/`),
    /// created by the engine. A collector writes nowhere else.
    pub output_dir: PathBuf,
    /// `(index, count)` when this is one shard of a sharded run.
    pub shard: Option<(usize, usize)>,
}

/// What a collector is told when the run ends.
#[derive(Debug, Clone)]
pub struct FinishContext<'a> {
    /// The same directory as in [`CollectorContext`].
    pub output_dir: &'a std::path::Path,
    /// The pipeline's name.
    pub pipeline: &'a str,
    /// Per-stage counts and times, complete for every stage.
    pub run: &'a RunSnapshot,
}
