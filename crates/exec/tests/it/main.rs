//! Integration tests of the `exec` stage: the Python examples and
//! misbehaving programs, run through the stage as the engine would.

mod examples;
mod failures;
mod pool;

use docpipe_core::{BuiltStage, Document, StageDescriptor};
use docpipe_exec::ExecSpec;
use std::path::PathBuf;

/// The exec crate's directory.
fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A test fixture program, as a path.
fn fixture(name: &str) -> String {
    crate_dir()
        .join("tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

/// One of the workspace's Python examples, as a path.
fn example(name: &str) -> String {
    crate_dir()
        .join("../../examples")
        .join(name)
        .display()
        .to_string()
}

/// Builds an exec stage from options given as JSON.
fn exec(options: serde_json::Value) -> BuiltStage {
    StageDescriptor::of::<ExecSpec>()
        .build(options)
        .expect("valid exec options")
}

/// A document with an id and a text.
fn doc(id: &str, text: &str) -> Document {
    Document::new(id, text)
}
