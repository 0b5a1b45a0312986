//! The bodies of the fuzz targets, as plain functions: `fuzz_targets/*.rs`
//! hand them libFuzzer's inputs, and the main workspace's tests
//! (`crates/cli/tests/it/fuzz_seeds.rs`, which includes this file) run them
//! over the seed corpora on stable Rust, as CI's smoke run.

use docpipe_core::{Document, Outcome, Stage, StageDescriptor};
use docpipe_engine::input::{InputItem, reader};
use docpipe_engine::shard::InputUnit;
use docpipe_engine::{PipelineFile, Registry};
use std::path::Path;
use std::sync::OnceLock;

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

/// Builds registered stages with default options, in order.
pub fn chain(names: &[&str]) -> Vec<Box<dyn Stage>> {
    names.iter().map(|n| build(n)).collect()
}

/// Arbitrary bytes through `stages` (built once by the caller): text that
/// the reader would refuse (not UTF-8, or with NULs) is skipped; anything
/// else must keep every invariant [`run_checked`] asserts.
pub fn check_text(stages: &[Box<dyn Stage>], data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if text.contains('\0') {
        return; // the reader refuses NULs before any stage sees them
    }
    run_checked(stages, text);
}

/// Arbitrary text as a pipeline file: parse and validate against the
/// built-in stages must never panic, and every diagnostic must point inside
/// the file. Inputs are replaced by one small file, so a fuzzed glob cannot
/// walk the file system.
pub fn check_pipeline_file(data: &[u8]) {
    static REGISTRY: OnceLock<Registry> = OnceLock::new();
    static INPUT: OnceLock<String> = OnceLock::new();
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let registry = REGISTRY.get_or_init(registry);
    let input = INPUT.get_or_init(|| {
        let p = std::env::temp_dir().join(format!("docpipe-fuzz-input-{}.txt", std::process::id()));
        std::fs::write(&p, "a document").expect("temp file");
        p.display().to_string()
    });
    let check = |e: &docpipe_engine::PipelineError| {
        for d in &e.diagnostics {
            if let Some(span) = &d.span {
                assert!(
                    span.start <= span.end && span.end <= text.len(),
                    "span {span:?} outside the file"
                );
            }
            assert!(d.line >= 1);
            let _ = e.to_string();
        }
    };
    match PipelineFile::parse(Path::new("fuzz.toml"), text.to_owned()) {
        Ok(mut file) => {
            file.override_input(vec![input.clone()]);
            if let Err(e) = file.validate(registry) {
                check(&e);
            }
        }
        Err(e) => check(&e),
    }
}

/// Arbitrary bytes as a JSONL input file (the first byte picks plain, gzip
/// or zstd): the reader never panics, every line is a document or an error
/// record with an id and a message, documents carry no NUL and fit the cap,
/// the counts equal the items, and a two-way byte-range split of a plain
/// file reads as many items as the whole.
pub fn check_jsonl_reader(data: &[u8]) {
    let Some((&kind, bytes)) = data.split_first() else {
        return;
    };
    let name = match kind % 3 {
        0 => "f.jsonl",
        1 => "f.jsonl.gz",
        _ => "f.jsonl.zst",
    };
    let dir = std::env::temp_dir().join(format!("docpipe-fuzz-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("temp file");
    // A small cap too, to exercise the over-long-line path.
    for max in [64u64, 16 << 20] {
        let mut docs = 0u64;
        let mut errors = 0u64;
        let counts = reader::read_units(&[InputUnit::whole(path.clone())], max, |item| {
            match item {
                InputItem::Doc { doc, source } => {
                    docs += 1;
                    assert!(!doc.text.contains('\0'));
                    assert!((doc.text.len() as u64) <= max);
                    assert!(source.line.is_some_and(|l| l >= 1));
                    assert!(!doc.id.trim().is_empty(), "a document without an id");
                }
                InputItem::Error { id, message, .. } => {
                    errors += 1;
                    assert!(!id.trim().is_empty(), "an error record without an id");
                    assert!(!message.is_empty());
                }
            }
            true
        });
        assert_eq!(
            (counts.docs, counts.errors),
            (docs, errors),
            "counts disagree with items"
        );
        if kind % 3 == 0 {
            let len = bytes.len() as u64;
            let mid = len / 2;
            let mut split = 0u64;
            for range in [(0, mid), (mid, len)] {
                let unit = InputUnit {
                    path: path.clone(),
                    range: Some(range),
                };
                let c = reader::read_units(&[unit], max, |_| true);
                split += c.docs + c.errors;
            }
            assert_eq!(
                split,
                docs + errors,
                "a split read differs from a whole read"
            );
        }
    }
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
    for (what, spans) in [
        ("paragraphs", &doc.paragraphs),
        ("sentences", &doc.sentences),
    ] {
        if let Some(spans) = spans {
            for w in spans.windows(2) {
                assert!(
                    w[0].start <= w[1].start,
                    "{what} out of order: {:?}",
                    (w[0], w[1])
                );
            }
        }
    }
    if let Some(tokens) = &doc.tokens {
        for w in tokens.windows(2) {
            assert!(
                w[0].span().end <= w[1].span().start,
                "tokens overlap or out of order"
            );
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
