//! Integration tests of the `segment` stage: the sample news corpus, the
//! offset invariants on arbitrary text, and the example pipeline.

// Tests may panic on what they did not expect.
#![allow(clippy::unwrap_used)]

mod invariants;
mod news;
mod pipeline;

use docpipe_core::{Document, StageDescriptor};
use docpipe_segment::SegmentSpec;

/// Segments `text` with `options` through the registry entry, as the engine
/// does.
pub fn segment(text: &str, options: serde_json::Value) -> Document {
    let built = StageDescriptor::of::<SegmentSpec>().build(options).unwrap();
    let mut doc = Document::new("t", text);
    built.stage.process(&mut doc).unwrap();
    doc
}

/// The sample article `corpus/news/<name>`.
pub fn corpus_article(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../corpus/news")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}
