//! Shared helpers of the fuzz targets.

use docpipe_core::{Document, Outcome, Stage, StageDescriptor};
use docpipe_engine::Registry;

/// The built-in text stages, without `exec` (which would run programs named
/// by the fuzzer) and `export` (Arrow and Parquet make the fuzz build slow;
/// it has no options a fuzzer could break beyond what the parser checks).
pub fn registry() -> Registry {
    Registry::from_descriptors(vec![
        StageDescriptor::of::<docpipe_clean::CleanSpec>(),
        StageDescriptor::of::<docpipe_segment::SegmentSpec>(),
        StageDescriptor::of::<docpipe_tag::TagSpec>(),
        StageDescriptor::of::<docpipe_summarize::SummarizeSpec>(),
    ])
}

/// Builds a registered stage with default options.
pub fn build(name: &str) -> Box<dyn Stage> {
    registry()
        .get(name)
        .unwrap_or_else(|| panic!("stage {name} registered"))
        .build(serde_json::json!({}))
        .unwrap_or_else(|e| panic!("stage {name} builds: {e}"))
        .stage
}

/// Runs `doc` through `stages`, asserting the offset invariants after each:
/// every span in bounds and on char boundaries, and the wire form (code
/// point offsets) reads back to the same document.
pub fn run_checked(stages: &[Box<dyn Stage>], text: &str) {
    let mut doc = Document::new("fuzz", text);
    for stage in stages {
        match stage.process(&mut doc) {
            Ok(Outcome::Keep) => {}
            Ok(Outcome::Drop(_)) | Err(_) => return,
        }
        if let Err(e) = doc.check_spans() {
            panic!("invalid span after a stage: {e}");
        }
        check_layers(&doc);
        let wire = serde_json::to_string(&doc).expect("a checked document serializes");
        let back: Document = serde_json::from_str(&wire).expect("its wire form reads back");
        assert_eq!(back.text, doc.text);
        assert_eq!(
            serde_json::to_string(&back).expect("serializes again"),
            wire,
            "wire round trip changes the document"
        );
    }
}

/// Ordered layers: sentences and paragraphs in order, tokens in order,
/// entity text equal to its span.
fn check_layers(doc: &Document) {
    for (what, spans) in [("paragraphs", &doc.paragraphs), ("sentences", &doc.sentences)] {
        if let Some(spans) = spans {
            for w in spans.windows(2) {
                assert!(w[0].start <= w[1].start, "{what} out of order: {:?}", (w[0], w[1]));
            }
        }
    }
    if let Some(tokens) = &doc.tokens {
        for w in tokens.windows(2) {
            assert!(w[0].span().end <= w[1].span().start, "tokens overlap or out of order");
        }
        for t in tokens {
            assert!(t.span().start < t.span().end, "empty token");
        }
    }
    if let Some(entities) = &doc.entities {
        for e in entities {
            assert_eq!(doc.slice(e.span()), e.text, "entity text is not its span");
        }
    }
}
