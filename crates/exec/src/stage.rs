//! The `exec` stage itself: a pool of workers shared by the engine's
//! threads, one document in flight per worker.

use crate::error::ExecError;
use crate::reply::{self, Garbage};
use crate::worker::{Failure, Launch, Worker};
use crossbeam_channel::{Receiver, Sender};
use docpipe_core::{Document, Outcome, Stage, StageError};
use std::time::Duration;

/// The least stdout line length a worker may always write when
/// `max_reply_bytes` is not set: 4 × docpipe's default `max_doc_bytes`.
const DEFAULT_REPLY_FLOOR: usize = 64 << 20;
/// When `max_reply_bytes` is not set, an answer may be this many times the
/// document's own line: room for layers a program adds (tokens take a few
/// times the text), while memory stays proportional to what is in flight.
const DEFAULT_REPLY_FACTOR: usize = 8;

/// A pool entry: a worker index and, once started, its process.
struct Slot {
    index: usize,
    worker: Option<Worker>,
}

/// The built `exec` stage.
pub struct Exec {
    launch: Launch,
    timeout: Duration,
    startup: Duration,
    limit_ms: u64,
    max_reply: Option<usize>,
    free_tx: Sender<Slot>,
    free_rx: Receiver<Slot>,
}

impl std::fmt::Debug for Exec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Exec")
            .field("command", &self.launch.argv)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl Exec {
    /// A pool of `workers` slots; processes start on first use, so that
    /// `docpipe validate` builds the stage without running anything.
    pub(crate) fn new(
        launch: Launch,
        workers: usize,
        timeout: Duration,
        startup: Duration,
        limit_ms: u64,
        max_reply: Option<usize>,
    ) -> Self {
        let (free_tx, free_rx) = crossbeam_channel::bounded(workers);
        for index in 0..workers {
            // invariant: the channel has room for exactly `workers` slots.
            let _ = free_tx.send(Slot {
                index,
                worker: None,
            });
        }
        Self {
            launch,
            timeout,
            startup,
            limit_ms,
            max_reply,
            free_tx,
            free_rx,
        }
    }
}

/// Gives a slot back to the pool however `process` ends.
struct Borrowed<'a> {
    slot: Option<Slot>,
    pool: &'a Sender<Slot>,
}

impl Drop for Borrowed<'_> {
    fn drop(&mut self) {
        if let Some(slot) = self.slot.take() {
            let _ = self.pool.send(slot);
        }
    }
}

impl Stage for Exec {
    fn process(&self, doc: &mut Document) -> Result<Outcome, StageError> {
        let slot = self
            .free_rx
            .recv()
            .map_err(|_| StageError::Other("the exec worker pool is closed".into()))?;
        let mut borrowed = Borrowed {
            slot: Some(slot),
            pool: &self.free_tx,
        };
        let Some(slot) = borrowed.slot.as_mut() else {
            return Err(StageError::Other("the exec worker pool is closed".into()));
        };
        let (worker, limit) = match &mut slot.worker {
            Some(w) => (w, self.timeout),
            empty => (
                empty.insert(Worker::spawn(slot.index, &self.launch)?),
                self.timeout + self.startup,
            ),
        };
        let line = serde_json::to_vec(&*doc)
            .map_err(|e| StageError::Other(format!("could not serialize the document: {e}")))?;
        // The engine caps documents by `max_doc_bytes`, which a stage does
        // not see; the document's own line is the measure it has.
        let cap = self.max_reply.unwrap_or_else(|| {
            line.len()
                .saturating_mul(DEFAULT_REPLY_FACTOR)
                .max(DEFAULT_REPLY_FLOOR)
        });
        match worker.request(line, limit, cap) {
            Ok(answer) => match reply::parse(&answer, &doc.id) {
                Ok(Ok(reply)) => Ok(reply.apply(doc)?),
                Ok(Err(invalid)) => Err(invalid.into()),
                Err(Garbage(message)) => {
                    let error = ExecError::Garbage {
                        worker: worker.index(),
                        program: worker.program().to_owned(),
                        message,
                        stderr: worker.stderr_tail(),
                    };
                    tracing::warn!(stage = "exec", worker = slot.index, id = %doc.id, error = %error, "Restarting a worker that wrote garbage.");
                    if let Some(w) = slot.worker.take() {
                        w.kill();
                    }
                    Err(error.into())
                }
            },
            Err(Failure::Timeout) => {
                tracing::warn!(stage = "exec", worker = slot.index, id = %doc.id, limit_ms = self.limit_ms, "Restarting a worker that timed out.");
                if let Some(w) = slot.worker.take() {
                    w.kill();
                }
                Err(StageError::Timeout {
                    limit_ms: self.limit_ms,
                })
            }
            Err(Failure::TooLong) => {
                let error = ExecError::ReplyTooLong {
                    worker: worker.index(),
                    program: worker.program().to_owned(),
                    cap,
                    stderr: worker.stderr_tail(),
                };
                tracing::warn!(stage = "exec", worker = slot.index, id = %doc.id, error = %error, "Restarting a worker that wrote an over-long line.");
                if let Some(w) = slot.worker.take() {
                    w.kill();
                }
                Err(error.into())
            }
            Err(Failure::Exited(error)) => {
                tracing::warn!(stage = "exec", worker = slot.index, id = %doc.id, error = %error, "A worker stopped; the next document gets a new one.");
                slot.worker = None;
                Err(error.into())
            }
        }
    }
}

impl Drop for Exec {
    fn drop(&mut self) {
        // Close every worker's stdin first so they all finish in parallel,
        // then let each one's Drop reap (or kill) it.
        let mut workers: Vec<Worker> = Vec::new();
        while let Ok(slot) = self.free_rx.try_recv() {
            workers.extend(slot.worker);
        }
        for w in &mut workers {
            w.close_stdin();
        }
        drop(workers);
    }
}
