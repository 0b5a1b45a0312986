//! Counts of a run, as the engine hands them to collectors and writes them
//! to `manifest.json`.

use serde::{Deserialize, Serialize};

/// Counts for one stage.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StageCounts {
    /// The stage's id (its artifact name).
    pub id: String,
    /// The registered stage it uses.
    pub uses: String,
    /// Documents that reached the stage.
    #[serde(rename = "in")]
    pub input: u64,
    /// Documents it kept.
    pub out: u64,
    /// Documents it dropped on purpose.
    pub dropped: u64,
    /// Documents it failed on.
    pub errors: u64,
    /// Processing time summed over worker threads, in seconds.
    pub seconds: f64,
    /// Bytes of text that reached the stage.
    pub bytes: u64,
    /// The stage did not run: its artifact was reused from an earlier run
    /// of the same input and options, whose counts and seconds these are.
    #[serde(default, skip_serializing_if = "is_false")]
    pub reused: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Counts for the reader.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReadCounts {
    /// Input files read; a JSONL file split across shards counts once, in
    /// the shard that reads its first byte range.
    pub files: u64,
    /// Documents read.
    pub docs: u64,
    /// Documents or files that could not be read.
    pub errors: u64,
    /// Bytes of text read.
    pub bytes: u64,
}

/// The run's counts at one moment.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RunSnapshot {
    /// The reader's counts.
    pub read: ReadCounts,
    /// One entry per stage, in pipeline order.
    pub stages: Vec<StageCounts>,
    /// Wall-clock seconds since the run started.
    pub wall_seconds: f64,
}
