//! Integration tests of the `clean` stage on the sample corpus and on
//! invariants.

mod corpus;
mod furniture;
mod options;
mod properties;
mod wrapped;

use docpipe_clean::CleanSpec;
use docpipe_core::{Document, Outcome, Stage, StageDescriptor};

/// The stage built with default options.
pub(crate) fn stage() -> Box<dyn Stage> {
    StageDescriptor::of::<CleanSpec>()
        .build(serde_json::json!({}))
        .expect("default options build")
        .stage
}

/// Cleans a text with default options.
pub(crate) fn clean(text: &str) -> (Document, Outcome) {
    let mut doc = Document::new("t", text);
    let outcome = stage().process(&mut doc).expect("clean never errors");
    (doc, outcome)
}
