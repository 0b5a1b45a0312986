//! Runs one batch of documents through the stage chain on a worker thread,
//! producing the bytes of every artifact line, already serialized, so the
//! ordering thread only has to concatenate.

use super::panic;
use crate::input::{InputItem, Source};
use crate::pipeline::PlannedStage;
use docpipe_core::{Document, Outcome, StageError};
use serde::Serialize;
use std::time::Instant;

/// A batch of input items with its sequence number.
pub(crate) struct Batch {
    pub(crate) seq: u64,
    pub(crate) items: Vec<InputItem>,
}

/// Counts for one stage within one batch.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct StageTally {
    pub(crate) input: u64,
    pub(crate) out: u64,
    pub(crate) dropped: u64,
    pub(crate) errors: u64,
    pub(crate) nanos: u64,
    pub(crate) bytes: u64,
}

/// What a worker hands back for one batch.
pub(crate) struct Processed {
    pub(crate) seq: u64,
    /// One buffer of JSONL lines per stage.
    pub(crate) artifacts: Vec<Vec<u8>>,
    pub(crate) errors: Vec<u8>,
    pub(crate) dropped: Vec<u8>,
    /// Documents kept by each stage that has a collector (empty otherwise).
    pub(crate) collected: Vec<Vec<Document>>,
    pub(crate) tallies: Vec<StageTally>,
    /// Items in the batch (documents plus read errors).
    pub(crate) items: u64,
    /// Bytes of text read.
    pub(crate) bytes: u64,
    /// Documents that failed anywhere (read errors included).
    pub(crate) failed: u64,
}

#[derive(Serialize)]
struct ErrorRecord<'a> {
    id: &'a str,
    stage: &'a str,
    error: &'a str,
    source: &'a Source,
}

#[derive(Serialize)]
struct DropRecord<'a> {
    id: &'a str,
    stage: &'a str,
    reason: &'a str,
}

fn push_json(buf: &mut Vec<u8>, value: &impl Serialize) -> Result<(), String> {
    let start = buf.len();
    match serde_json::to_writer(&mut *buf, value) {
        Ok(()) => {
            buf.push(b'\n');
            Ok(())
        }
        Err(e) => {
            buf.truncate(start);
            Err(format!("cannot serialize the document: {e}"))
        }
    }
}

/// Processes a batch. `has_collector[k]` says whether stage `k` keeps
/// copies of its documents for a collector.
pub(crate) fn process_batch(
    batch: Batch,
    stages: &[PlannedStage],
    has_collector: &[bool],
) -> Processed {
    let n = stages.len();
    let mut out = Processed {
        seq: batch.seq,
        artifacts: vec![Vec::new(); n],
        errors: Vec::new(),
        dropped: Vec::new(),
        collected: vec![Vec::new(); n],
        tallies: vec![StageTally::default(); n],
        items: batch.items.len() as u64,
        bytes: 0,
        failed: 0,
    };
    for item in batch.items {
        match item {
            InputItem::Error {
                id,
                source,
                message,
            } => {
                out.failed += 1;
                record_error(&mut out.errors, &id, "read", &message, &source);
            }
            InputItem::Doc { mut doc, source } => {
                out.bytes += doc.text.len() as u64;
                if !run_chain(&mut doc, &source, stages, has_collector, &mut out) {
                    out.failed += 1;
                }
            }
        }
    }
    out
}

fn record_error(buf: &mut Vec<u8>, id: &str, stage: &str, error: &str, source: &Source) {
    let rec = ErrorRecord {
        id,
        stage,
        error,
        source,
    };
    // invariant: an ErrorRecord holds only strings and numbers, which
    // always serialize.
    let _ = push_json(buf, &rec);
}

/// Runs one document through every stage; returns `false` when it failed.
fn run_chain(
    doc: &mut Document,
    source: &Source,
    stages: &[PlannedStage],
    has_collector: &[bool],
    out: &mut Processed,
) -> bool {
    for (k, stage) in stages.iter().enumerate() {
        let tally = &mut out.tallies[k];
        tally.input += 1;
        tally.bytes += doc.text.len() as u64;
        let started = Instant::now();
        let result = panic::catch(|| stage.built.stage.process(doc));
        tally.nanos += started.elapsed().as_nanos() as u64;
        let failure = match result {
            Ok(Ok(Outcome::Keep)) => match doc.check_spans() {
                Err(e) => Some(format!(
                    "the stage produced an invalid span: {e}; this is a bug in the stage"
                )),
                Ok(()) => match push_json(&mut out.artifacts[k], doc) {
                    Ok(()) => {
                        tally.out += 1;
                        if has_collector[k] {
                            out.collected[k].push(doc.clone());
                        }
                        None
                    }
                    Err(e) => Some(e),
                },
            },
            Ok(Ok(Outcome::Drop(reason))) => {
                tally.dropped += 1;
                let rec = DropRecord {
                    id: &doc.id,
                    stage: &stage.id,
                    reason: &reason,
                };
                let _ = push_json(&mut out.dropped, &rec);
                return true;
            }
            Ok(Err(e)) => Some(describe(&e)),
            Err(panic_message) => Some(panic_message),
        };
        if let Some(message) = failure {
            out.tallies[k].errors += 1;
            record_error(&mut out.errors, &doc.id, &stage.id, &message, source);
            return false;
        }
    }
    true
}

fn describe(e: &StageError) -> String {
    let mut s = e.to_string();
    let mut cur: Option<&dyn std::error::Error> = std::error::Error::source(e);
    while let Some(c) = cur {
        let cs = c.to_string();
        if !s.contains(&cs) {
            s.push_str(": ");
            s.push_str(&cs);
        }
        cur = c.source();
    }
    s
}
