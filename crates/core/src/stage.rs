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

    /// Does, on the worker thread that processed `doc`, the per-document
    /// part of the collector's work (rendering rows, say), so that the
    /// collector, which runs on one thread for the whole run, only appends.
    /// The engine calls it for every document the stage kept, when the
    /// stage has a collector, and hands the result to
    /// [`Collector::observe_prepared`] with the document. The default
    /// prepares nothing, and the collector's [`Collector::observe`] sees
    /// the document alone.
    ///
    /// `position` is the document's place in the run's input, 0-based,
    /// counting every item read before it, kept, dropped or failed; so it
    /// is never less than the document's place among those the stage kept.
    /// It is `None` when the engine does not know it (a retried document).
    /// It is a hint for what is worth preparing: like `process`, `prepare`
    /// is deterministic, and the collector's outputs must not depend on
    /// whether it ran. An error or a panic fails the document at this
    /// stage, as one in `process` does.
    fn prepare(
        &self,
        _doc: &Document,
        _position: Option<u64>,
    ) -> Result<Option<Prepared>, StageError> {
        Ok(None)
    }
}

/// What [`Stage::prepare`] made of one document, for the stage's own
/// collector to downcast.
pub type Prepared = Box<dyn std::any::Any + Send>;

/// Sees every document a stage kept, in input order, on one thread, and
/// writes corpus-level outputs when the run ends.
pub trait Collector: Send {
    /// Observes one document after the stage processed and kept it.
    fn observe(&mut self, doc: &Document) -> Result<(), StageError>;

    /// Observes one document with what [`Stage::prepare`] made of it on a
    /// worker thread. It must leave the collector exactly as
    /// [`observe`](Self::observe) would: `docpipe merge` and retries call
    /// `observe` alone. The default ignores `prepared`.
    fn observe_prepared(&mut self, doc: &Document, prepared: Prepared) -> Result<(), StageError> {
        let _ = prepared;
        self.observe(doc)
    }

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
