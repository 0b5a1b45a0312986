//! The docpipe engine: reads a pipeline file, checks it, and runs its
//! stages over a corpus in parallel, writing one JSONL artifact per stage.
//!
//! It owns everything around the stages: the pipeline file and its
//! validation ([`PipelineFile`]), the [`Registry`] of stage names, the input
//! readers, the parallel runner ([`run()`]), artifact writers and the
//! manifest. Stages themselves live in their own crates and depend only on
//! `docpipe-core`.
//!
//! # Running a pipeline from code
//!
//! ```
//! use docpipe_core::{Document, Layer, Outcome, Stage, StageDescriptor, StageError, StageSpec};
//! use docpipe_engine::{PipelineFile, Registry, RunOptions, RunOutcome};
//! use serde::{Deserialize, Serialize};
//!
//! /// Options of a stage that counts words.
//! #[derive(Debug, Default, Serialize, Deserialize, schemars::JsonSchema)]
//! #[serde(deny_unknown_fields, default)]
//! pub struct Opts {}
//! struct Count;
//! impl Stage for Count {
//!     fn process(&self, doc: &mut Document) -> Result<Outcome, StageError> {
//!         let words = doc.text.split_whitespace().count();
//!         doc.attrs_mut("count").insert("words".into(), words.into());
//!         Ok(Outcome::Keep)
//!     }
//! }
//! struct CountSpec;
//! impl StageSpec for CountSpec {
//!     type Options = Opts;
//!     const NAME: &'static str = "count";
//!     const DESCRIPTION: &'static str = "Counts words.";
//!     const VERSION: &'static str = "1";
//!     fn requires(_: &Opts) -> Vec<Layer> { vec![Layer::TEXT] }
//!     fn produces(_: &Opts) -> Vec<Layer> { vec![Layer::attr("count")] }
//!     fn build(_: Opts) -> Result<Box<dyn Stage>, StageError> { Ok(Box::new(Count)) }
//! }
//!
//! let dir = tempfile::tempdir()?;
//! std::fs::write(dir.path().join("a.txt"), "three small words")?;
//! let toml = format!(
//!     "input = {:?}\noutput = {:?}\n[[stage]]\nuses = \"count\"\n",
//!     dir.path().join("a.txt"),
//!     dir.path().join("out"),
//! );
//! let registry = Registry::new().with(StageDescriptor::of::<CountSpec>());
//! let pipeline = PipelineFile::parse("inline.toml".as_ref(), toml)?.validate(&registry)?;
//! let RunOutcome::Finished(report) = docpipe_engine::run(&pipeline, &RunOptions::default())? else {
//!     unreachable!("a fresh output directory")
//! };
//! assert_eq!(report.manifest.stages[0].out, 1);
//! let artifact = std::fs::read_to_string(dir.path().join("out/01-count.jsonl"))?;
//! assert!(artifact.contains(r#""attrs":{"count":{"words":3}}"#));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod error;
pub mod fingerprint;
pub mod host;
pub mod input;
pub mod manifest;
pub mod output;
pub mod pipeline;
mod registry;
pub mod replay;
mod run;
pub mod shard;
pub mod shards;

pub use error::{Diagnostic, PipelineError, RunError};
pub use manifest::Manifest;
pub use output::{Layout, Shard};
pub use pipeline::{
    Compression, ErrorBudget, Pipeline, PipelineFile, PlannedStage, pipeline_schema,
};
pub use registry::{Registry, closest};
pub use run::{
    Progress, ProgressFn, RunOptions, RunOutcome, RunReport, effective_threads, input_fingerprint,
    run,
};
