//! Runs one batch of documents through the stage chain on a worker thread,
//! producing the bytes of every artifact line, already serialized, so the
//! ordering thread only has to concatenate.

use super::panic;
use crate::input::{InputItem, Source};
use crate::pipeline::PlannedStage;
use docpipe_core::{Collector, Document, Outcome, Prepared, StageError};
use serde::Serialize;
use std::time::Instant;

/// A batch of work items with its sequence number.
pub(crate) struct Batch {
    pub(crate) seq: u64,
    /// The input position of the first item (see [`Stage::prepare`]), or
    /// `None` when the items are not a run of the input.
    ///
    /// [`Stage::prepare`]: docpipe_core::Stage::prepare
    pub(crate) first_position: Option<u64>,
    pub(crate) items: Vec<WorkItem>,
}

/// One input item as a worker receives it.
// `Fresh` is the common variant and the large one; boxing it would cost an
// allocation per document.
#[allow(clippy::large_enum_variant)]
pub(crate) enum WorkItem {
    /// Read from the input: runs through every stage not reused.
    Fresh(InputItem),
    /// A document as an earlier run's last reused stage wrote it: the line
    /// is parsed back and runs through the stages after that one.
    Resumed {
        /// The artifact line, JSON with code point offsets.
        line: String,
        /// Where the document came from in the input.
        source: Source,
    },
    /// A document an earlier run already dropped or failed in a reused
    /// stage: its record is copied as it was.
    Settled {
        /// The record line, newline included.
        line: String,
        /// `true` for an errors.jsonl record, `false` for a dropped one.
        failed: bool,
    },
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
    /// Documents kept by each stage that has a collector (empty
    /// otherwise), with what the stage prepared of each for its collector.
    pub(crate) collected: Vec<Vec<(Document, Option<Prepared>)>>,
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
    source: &'a Source,
}

fn push_json(buf: &mut Vec<u8>, value: &impl Serialize) -> Result<(), String> {
    push_line(buf, |buf| serde_json::to_writer(buf, value))
}

/// The most a batch's artifact buffer is sized for ahead of its lines.
const MAX_RESERVE: usize = 8 << 20;

/// Appends a document's artifact line to `buf` (see
/// [`Document::write_json`]); `lines` is how many documents the batch
/// holds. The first line sizes the buffer for them all: grown by doubling
/// from empty, a batch's buffer of artifact lines (hundreds of kilobytes
/// for the tag stage) would be copied about ten times over.
fn push_document(buf: &mut Vec<u8>, doc: &Document, lines: usize) -> Result<(), String> {
    let first = buf.is_empty();
    push_line(buf, |buf| doc.write_json(buf))?;
    if first {
        let more = buf.len().saturating_mul(lines.saturating_sub(1));
        buf.reserve((more + more / 4).min(MAX_RESERVE));
    }
    Ok(())
}

/// Appends the JSON `write` writes and a newline to `buf`; on an error
/// `buf` is left as it was.
fn push_line(
    buf: &mut Vec<u8>,
    write: impl FnOnce(&mut Vec<u8>) -> serde_json::Result<()>,
) -> Result<(), String> {
    let start = buf.len();
    match write(buf) {
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
/// copies of its documents for a collector; `first` is the first stage to
/// run (the ones before it are reused from an earlier run).
pub(crate) fn process_batch(
    batch: Batch,
    stages: &[PlannedStage],
    has_collector: &[bool],
    first: usize,
) -> Processed {
    let n = stages.len();
    let mut out = Processed {
        seq: batch.seq,
        artifacts: vec![Vec::new(); n],
        errors: Vec::new(),
        dropped: Vec::new(),
        collected: (0..n).map(|_| Vec::new()).collect(),
        tallies: vec![StageTally::default(); n],
        items: batch.items.len() as u64,
        bytes: 0,
        failed: 0,
    };
    for (i, item) in batch.items.into_iter().enumerate() {
        let position = batch.first_position.map(|p| p + i as u64);
        // Runs a document read or resumed through the stages, counting it.
        let chain = |doc: &mut Document, source: &Source, out: &mut Processed| {
            out.bytes += doc.text.len() as u64;
            if !run_chain(doc, source, position, stages, has_collector, first, out) {
                out.failed += 1;
            }
        };
        match item {
            WorkItem::Fresh(InputItem::Error {
                id,
                source,
                message,
            }) => {
                out.failed += 1;
                record_error(&mut out.errors, &id, "read", &message, &source);
            }
            WorkItem::Fresh(InputItem::Doc { mut doc, source }) => {
                chain(&mut doc, &source, &mut out);
            }
            // Every stage reused: the old artifacts are the output.
            WorkItem::Resumed { .. } if first >= n => {}
            WorkItem::Resumed { line, source } => match serde_json::from_str::<Document>(&line) {
                Ok(mut doc) => chain(&mut doc, &source, &mut out),
                Err(e) => {
                    // The id was read when the line was routed, so this is
                    // a damaged line in an otherwise matching artifact.
                    out.failed += 1;
                    let id = serde_json::from_str::<crate::output::old_lines::IdHead>(&line)
                        .map(|h| h.id)
                        .unwrap_or_default();
                    let stage = stages[first].id.as_str();
                    out.tallies[first].input += 1;
                    out.tallies[first].errors += 1;
                    record_error(
                        &mut out.errors,
                        &id,
                        stage,
                        &format!(
                            "the earlier run's artifact line for this document cannot be read back ({e}); rerun with --force --no-reuse"
                        ),
                        &source,
                    );
                }
            },
            WorkItem::Settled { line, failed } => {
                if failed {
                    out.failed += 1;
                    out.errors.extend_from_slice(line.as_bytes());
                } else {
                    out.dropped.extend_from_slice(line.as_bytes());
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
    position: Option<u64>,
    stages: &[PlannedStage],
    has_collector: &[bool],
    first: usize,
    out: &mut Processed,
) -> bool {
    for (k, stage) in stages.iter().enumerate().skip(first) {
        let tally = &mut out.tallies[k];
        tally.input += 1;
        tally.bytes += doc.text.len() as u64;
        let failure = match call(tally, || stage.built.stage.process(doc)) {
            Ok(Outcome::Keep) => keep(doc, stages, k, position, has_collector, out).err(),
            Ok(Outcome::Drop(reason)) => {
                tally.dropped += 1;
                let rec = DropRecord {
                    id: &doc.id,
                    stage: &stage.id,
                    reason: &reason,
                    source,
                };
                let _ = push_json(&mut out.dropped, &rec);
                return true;
            }
            Err(message) => Some(message),
        };
        if let Some(message) = failure {
            out.tallies[k].errors += 1;
            record_error(&mut out.errors, &doc.id, &stage.id, &message, source);
            return false;
        }
    }
    true
}

/// Checks, prepares and writes a document stage `k` kept, and hands it to
/// the stage's collector if it has one; the message of what failed.
fn keep(
    doc: &mut Document,
    stages: &[PlannedStage],
    k: usize,
    position: Option<u64>,
    has_collector: &[bool],
    out: &mut Processed,
) -> Result<(), String> {
    doc.check_spans().map_err(|e| {
        format!("the stage produced an invalid span: {e}; this is a bug in the stage")
    })?;
    let prepared = if has_collector[k] {
        // Timed as part of the stage.
        call(&mut out.tallies[k], || {
            stages[k].built.stage.prepare(doc, position)
        })?
    } else {
        None
    };
    push_document(&mut out.artifacts[k], doc, out.items as usize)?;
    out.tallies[k].out += 1;
    if has_collector[k] {
        // After the last stage nothing reads the document again: the
        // collector takes it.
        let kept = if k + 1 == stages.len() {
            std::mem::take(doc)
        } else {
            doc.clone()
        };
        out.collected[k].push((kept, prepared));
    }
    Ok(())
}

/// Calls into a stage, timing it in `tally` and turning an error or a
/// panic into the message errors.jsonl records.
fn call<T>(tally: &mut StageTally, f: impl FnOnce() -> Result<T, StageError>) -> Result<T, String> {
    let started = Instant::now();
    let result = panic::catch(f);
    tally.nanos += started.elapsed().as_nanos() as u64;
    match result {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(e)) => Err(describe(&e)),
        Err(panic_message) => Err(panic_message),
    }
}

/// Hands a document its stage kept to the stage's collector, with what
/// [`prepare`] made of it when it made something.
pub(crate) fn hand_over(
    collector: &mut dyn Collector,
    doc: &Document,
    prepared: Option<Prepared>,
) -> Result<(), StageError> {
    match prepared {
        Some(prepared) => collector.observe_prepared(doc, prepared),
        None => collector.observe(doc),
    }
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
